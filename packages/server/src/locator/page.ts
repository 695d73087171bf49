/**
 * The public locator as one server-rendered HTML page: a form that works by plain GET (no script,
 * so it reaches basic phones and slow links) and the answer as a list, then as a small map drawn
 * in the page (SVG). A small script, where it runs, only adds "use my position"; everything else
 * is HTML and a few lines of CSS.
 */
import type { Place, TermNode } from '@postatlas/core';
import { locatorMapSvg } from './map.js';
import { LOCATOR_LANGUAGES, words, type LocatorLanguage } from './messages.js';

export interface LocatorOffice {
  siteId: number;
  country: string;
  office: string | null;
  service: string;
  distanceM: number;
  lat: number;
  lon: number;
  opening: { state: 'open' | 'closed' | 'unknown'; closesAt?: string };
  wheelchair: boolean;
  languages: string[];
}

export interface LocatorForm {
  service: string;
  place: string;
  when: 'now' | 'at' | 'any';
  date: string;
  time: string;
  withinKm: number;
  wheelchair: boolean;
  language: string;
}

export type LocatorOutcome =
  | { kind: 'form' }
  | { kind: 'needBoth' }
  | { kind: 'noPlace' }
  | { kind: 'unknownService'; detail: string }
  /** alternatives: other places of the name typed, each with its index in the gazetteer's answer (?pick=). */
  | { kind: 'results'; placeName: string; you: { lat: number; lon: number }; offices: LocatorOffice[]; alternatives: { place: Place; pick: number }[] };

export interface LocatorPage {
  lang: LocatorLanguage;
  terms: TermNode[];
  /** Languages the catalogues' offices serve in (BCP 47). */
  serviceLanguages: string[];
  form: LocatorForm;
  outcome: LocatorOutcome;
  attribution: string[];
}

export const WITHIN_KM = [2, 5, 10, 25, 50, 100];

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' } as Record<string, string>)[c]};`);

export function renderLocator(p: LocatorPage): string {
  const say = words(p.lang);
  const e = escapeHtml;
  const number = new Intl.NumberFormat(p.lang, { maximumFractionDigits: 1 });
  const languageName = (code: string) => {
    try {
      return new Intl.DisplayNames([p.lang], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  const f = p.form;
  const link = (changes: Record<string, string>) => {
    const q = new URLSearchParams({ service: f.service, place: f.place, when: f.when, within: String(f.withinKm), lang: p.lang });
    if (f.when === 'at') q.set('date', f.date), q.set('time', f.time);
    if (f.wheelchair) q.set('wheelchair', 'on');
    if (f.language) q.set('language', f.language);
    for (const [k, v] of Object.entries(changes)) q.set(k, v);
    return `/locator?${q}`;
  };
  const groups = p.terms.filter((t) => t.parent === null);
  const option = (t: TermNode, depth: number) => `<option value="${e(t.code)}"${t.code === f.service ? ' selected' : ''}>${'  '.repeat(depth)}${e(t.name)}</option>`;
  const children = (code: string, depth: number): string =>
    p.terms.filter((t) => t.parent === code).map((t) => option(t, depth) + children(t.code, depth + 1)).join('');
  const serviceOptions = groups.map((g) => `<optgroup label="${e(g.name)}">${option(g, 0)}${children(g.code, 1)}</optgroup>`).join('');
  const radio = (value: LocatorForm['when'], label: string) =>
    `<label><input type="radio" name="when" value="${value}"${f.when === value ? ' checked' : ''}> ${e(label)}</label>`;

  const opening = (o: LocatorOffice) => o.opening.state === 'open' ? say('openUntil', { t: o.opening.closesAt ?? '' }) : say(o.opening.state === 'closed' ? 'closed' : 'unknown');
  const office = (o: LocatorOffice) => `<li>
  <h3>${e(o.office ?? `#${o.siteId}`)}</h3>
  <p class="service">${e(o.service)}</p>
  <p><strong class="${o.opening.state}">${e(opening(o))}</strong> · ${e(say('away', { km: number.format(o.distanceM / 1000) }))}${o.wheelchair ? ` · ${e(say('wheelchair'))}` : ''}</p>
  ${o.languages.length ? `<p>${e(say('languages'))}: ${o.languages.map((l) => e(languageName(l))).join(', ')}</p>` : ''}
  <p><a href="geo:${o.lat},${o.lon}">${e(say('directions'))}</a> · <a href="/?country=${o.country}&amp;site=${o.siteId}&amp;lang=${p.lang}#15/${o.lat.toFixed(5)}/${o.lon.toFixed(5)}">${e(say('onMap'))}</a></p>
</li>`;

  let answer = '';
  const o = p.outcome;
  if (o.kind === 'needBoth') answer = `<p role="alert">${e(say('needBoth'))}</p>`;
  else if (o.kind === 'noPlace') answer = `<p role="alert">${e(say('noPlace', { place: f.place }))}</p>`;
  else if (o.kind === 'unknownService') answer = `<p role="alert">${e(o.detail)}</p>`;
  else if (o.kind === 'results') {
    const others = o.alternatives.length
      ? `<p>${e(say('otherPlaces'))} ${o.alternatives.map((a) => `<a href="${e(link({ pick: String(a.pick) }))}">${e(a.place.name)} (${e(a.place.country)})</a>`).join(', ')}</p>`
      : '';
    answer = o.offices.length
      ? `<h2 id="results">${e(say('results', { place: o.placeName }))}</h2>${others}<ol class="offices" aria-labelledby="results">${o.offices.map(office).join('')}</ol><p class="note">${e(say('localTime'))}</p>`
        + `<figure class="map">${locatorMapSvg(o.you, o.offices, { label: say('mapLabel'), you: say('you'), km: (km) => `${number.format(km)} km` })}<figcaption>${e(say('mapLabel'))}</figcaption></figure>`
      : `<p role="status">${e(say('none', { km: number.format(f.withinKm), when: say(f.when === 'any' ? 'noneAny' : 'noneNow') }))}</p>${f.when !== 'any' ? `<p><a href="${e(link({ when: 'any' }))}">${e(say('tryAny'))}</a></p>` : ''}${others}`;
  }

  return `<!doctype html>
<html lang="${p.lang}" dir="${p.lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(say('title'))} · postatlas</title>
<style>
body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:.75rem;color:#1a1a1a;background:#fff}
h1{font-size:1.35rem;margin:.25rem 0}h2{font-size:1.1rem}h3{font-size:1rem;margin:0}
label{display:block;margin:.5rem 0 .15rem;font-weight:600}fieldset label{display:inline-block;font-weight:400;margin-inline-end:1rem}
input,select,button{font:inherit;padding:.4rem;max-width:100%}input[type=text]{width:100%;box-sizing:border-box}
fieldset{border:1px solid #999;margin:.5rem 0;padding:.25rem .5rem}button{margin-top:.75rem;background:#0b5394;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem}
.offices{padding-inline-start:1.25rem}.offices li{margin:.75rem 0;padding-bottom:.5rem;border-bottom:1px solid #ddd}.offices p{margin:.15rem 0}
.open{color:#0a6b2d}.closed{color:#a40000}.unknown{color:#555}.service{color:#333}.note,footer{color:#555;font-size:.875rem}
a{color:#0b5394}nav a{margin-inline-end:.75rem}figure.map{margin:1rem 0}figure.map svg{max-width:100%;height:auto}
</style>
</head>
<body>
<nav aria-label="${e(say('langSwitch'))}">${LOCATOR_LANGUAGES.map((l) => l === p.lang ? `<strong>${l.toUpperCase()}</strong>` : `<a href="${e(link({ lang: l }))}" lang="${l}" hreflang="${l}">${l.toUpperCase()}</a>`).join(' ')}</nav>
<h1>${e(say('title'))}</h1>
<p>${e(say('intro'))}</p>
<form method="get" action="/locator" id="locator">
<input type="hidden" name="lang" value="${p.lang}">
<label for="service">${e(say('service'))}</label>
<select id="service" name="service" required><option value="">${e(say('choose'))}</option>${serviceOptions}</select>
<label for="place">${e(say('where'))}</label>
<input type="text" id="place" name="place" value="${e(f.place)}" autocomplete="address-level2" required>
<fieldset><legend>${e(say('when'))}</legend>
${radio('now', say('now'))}${radio('at', say('at'))}${radio('any', say('any'))}
<div><label for="date">${e(say('date'))}</label><input type="date" id="date" name="date" value="${e(f.date)}">
<label for="time">${e(say('time'))}</label><input type="time" id="time" name="time" value="${e(f.time)}"></div>
</fieldset>
<label for="within">${e(say('within'))}</label>
<select id="within" name="within">${WITHIN_KM.map((km) => `<option value="${km}"${km === f.withinKm ? ' selected' : ''}>${number.format(km)} km</option>`).join('')}</select>
<label for="language">${e(say('language'))}</label>
<select id="language" name="language"><option value="">${e(say('anyLanguage'))}</option>${p.serviceLanguages.map((l) => `<option value="${e(l)}"${l === f.language ? ' selected' : ''}>${e(languageName(l))}</option>`).join('')}</select>
<label><input type="checkbox" name="wheelchair" value="on"${f.wheelchair ? ' checked' : ''}> ${e(say('wheelchair'))}</label>
<button type="submit">${e(say('search'))}</button>
</form>
${answer}
<footer><p>${e(say('source'))}: ${p.attribution.map(e).join(' · ')}</p></footer>
<script src="/locator.js" defer data-label="${e(say('myPosition'))}"></script>
</body>
</html>
`;
}
