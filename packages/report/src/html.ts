/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, no font, image or
 * link fetched from anywhere, so it opens offline and prints the same (A4, a page per section,
 * table headers repeated on each page). In the reader's language, right to left in Arabic.
 *
 *     writeFileSync('report.html', reportHtml(reportModel(data), 'fr'));
 */
import countries from 'i18n-iso-countries';
import { worldOutlines, type WorldOutlines } from './basemap.js';
import { CHART_WIDTH, coverageSvg, rolloutSvg, spendCurveSvg, technologyMixSvg } from './charts.js';
import { esc } from './markup.js';
import { countryView, marker, planMapSvg, yearShapes, YEAR_SHAPES } from './map.js';
import { words, type ReportLanguage, type ReportMessageKey, type ReportWords } from './messages.js';
import type { ReportModel, StoredCertificate } from './model.js';
import { ACCENT_COLOUR, MAP_COLOURS, TECHNOLOGY_COLOURS } from './style.js';

const CSS = `
@page { size: A4; margin: 14mm 15mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans Arabic", sans-serif; color: #1f2328; font-size: 10pt;
  line-height: 1.4; max-width: 190mm; margin: 0 auto; padding: 16px; }
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 20pt; margin: 0.2em 0 0.1em; line-height: 1.2; }
h2 { font-size: 15pt; margin: 0 0 10px; padding-bottom: 3px; border-bottom: 2px solid ${ACCENT_COLOUR}; }
h3 { font-size: 11pt; margin: 14px 0 6px; }
section { break-before: page; }
section.opening { break-before: auto; }
.kicker { color: ${ACCENT_COLOUR}; font-weight: bold; text-transform: uppercase; font-size: 9pt; letter-spacing: 0.04em; }
.lead { font-size: 12pt; margin: 0 0 4px; }
.note, .made { color: #4f5661; font-size: 8.5pt; }
nav ol { columns: 2; margin: 6px 0 14px; padding-inline-start: 20px; }
nav a { color: inherit; text-decoration: none; }
.totals { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin: 10px 0; }
.totals div { border: 1px solid #d0d7de; border-radius: 4px; padding: 6px 8px; break-inside: avoid; }
.totals dt { font-size: 8.5pt; color: #4f5661; }
.totals dd { margin: 0; font-size: 13pt; font-weight: bold; }
.certificate { border-inline-start: 4px solid ${MAP_COLOURS.connected}; background: #f3f8f4; padding: 6px 12px; margin: 12px 0; break-inside: avoid; }
.certificate p { margin: 4px 0; }
figure { margin: 0 0 16px; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 4px; }
svg { display: block; max-width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0; font-size: 9pt; align-items: center; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.legend svg { display: inline-block; }
.legend strong { margin-inline-end: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 6px 0 12px; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { text-align: start; padding: 3px 5px; border-bottom: 1px solid #e4e7ec; vertical-align: top; }
thead th { border-bottom: 1.5px solid #4f5661; background: #f6f8fa; }
.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
.code { direction: ltr; unicode-bidi: isolate; font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8pt; }
td.code { word-break: break-all; }
.id { overflow-wrap: anywhere; }
/* Charts and the map are drawn left to right, whatever the page's direction: their labels start where they are put. */
svg { direction: ltr; }
figure > svg { width: 100%; }
figcaption.note { font-weight: normal; }
.swatch { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-inline-end: 4px; vertical-align: baseline; }
.small { font-size: 8pt; color: #4f5661; }
`;

const SECTIONS = ['summary', 'map', 'charts', 'sitesTable', 'parameters', 'sources'] as const satisfies readonly ReportMessageKey[];

/** The whole document. `world` is for tests that bring their own outlines; by default Natural Earth 1:10m. */
export function reportHtml(m: ReportModel, lang: ReportLanguage, world: WorldOutlines = worldOutlines()): string {
  const w = words(lang);
  const title = w.say('docTitle', { name: m.name });
  const countryName = w.country(m.country, countries.alpha3ToAlpha2(m.country));
  return `<!DOCTYPE html>
<html lang="${lang}" dir="${w.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="postatlas">
<title>${esc(`${title} (${countryName})`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<p class="kicker">${esc(w.say('kicker'))}</p>
<h1>${esc(title)}</h1>
<p class="lead">${esc(countryName)} · ${esc(w.say(`objective_${m.objective}`))} · ${m.fromYear}–${m.untilYear} · ${esc(w.say('budget'))}: ${esc(budgetText(m, w))}</p>
<p class="made">${esc(w.say('made', { date: w.date(m.madeAt), name: m.name, saved: w.dateTime(m.createdAt), by: m.createdBy }))}</p>
<nav aria-label="${esc(w.say('contents'))}"><ol>${SECTIONS.map((k) => `<li><a href="#${k}">${esc(w.say(k))}</a></li>`).join('')}</ol></nav>
</header>
<main>
${summary(m, w)}
${mapSection(m, w, world)}
${chartsSection(m, w)}
${sitesSection(m, w)}
${parametersSection(m, w)}
${sourcesSection(m, w)}
</main>
</body>
</html>
`;
}

function budgetText(m: ReportModel, w: ReportWords): string {
  const parts = [m.budgetUsd !== null ? w.usd(m.budgetUsd) : null, m.annualBudgetUsd !== null ? w.say('perYear', { amount: w.usd(m.annualBudgetUsd) }) : null];
  return parts.filter(Boolean).join(', ') || w.say('noBudget');
}

/** A table: header cells, then rows of cells; a cell is [text, class] when it needs one (numbers align to the end). */
type Cell = string | [text: string, cls: string];
function table(head: Cell[], rows: Cell[][], testid?: string): string {
  const cell = (tag: 'th' | 'td', c: Cell, extra = '') => (typeof c === 'string' ? `<${tag}${extra}>${c}</${tag}>` : `<${tag} class="${c[1]}"${extra}>${c[0]}</${tag}>`);
  return `<table${testid ? ` data-testid="${testid}"` : ''}><thead><tr>${head.map((h) => cell('th', h, ' scope="col"')).join('')}</tr></thead>`
    + `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('\n')}</tbody></table>`;
}
const num = (text: string): Cell => [esc(text), 'num'];
const code = (text: string): Cell => [esc(text), 'code'];

/** The certificate in words, as the web app's planning view says it. */
export function certificateLines(c: StoredCertificate, w: ReportWords): string[] {
  let headline = w.say('noBound');
  if (c.gap === 0) headline = w.say('proved');
  else if (c.gap !== null && c.gap !== undefined) {
    const digits = c.gap < 0.01 ? 2 : 1;
    headline = c.gap < 0.5 * 10 ** -(digits + 2)
      ? w.say('withinLess', { gap: w.percent(10 ** -(digits + 2), digits) })
      : w.say('within', { gap: w.percent(c.gap, digits) });
  }
  const bounds: Record<string, ReportMessageKey> = { relaxation: 'bound_relaxation', 'highs-lp': 'bound_highs-lp', 'highs-mip': 'bound_highs-mip' };
  const bound = bounds[c.boundSource];
  const cost = c.objective === 'cost';
  const value = (v: number) => (cost ? w.usd(v) : w.count(v));
  return [
    headline,
    w.say(c.method === 'highs' ? 'method_highs' : 'method_greedy'),
    ...(c.value !== null && c.bound !== null ? [w.say(cost ? 'valueBoundCost' : 'valueBound', { value: value(c.value), bound: value(c.bound) })] : []),
    ...(c.gap !== null && bound ? [w.say(bound)] : []),
    ...(c.highs?.error ? [w.say('highsError', { error: c.highs.error })] : []),
  ];
}

function summary(m: ReportModel, w: ReportWords): string {
  const t = m.totals;
  const tiles: [ReportMessageKey, string, string?][] = [
    ['totalSites', w.count(t.sites), 'total-sites'], ['totalPeople', w.count(t.people), 'total-people'],
    ['costPerPerson', t.costPerPersonUsd === null ? '–' : w.usd(t.costPerPersonUsd, { maximumFractionDigits: 2 })],
    ['cost', w.usd(t.costUsd)], ['capex', w.usd(t.capexUsd)], ['npv', w.usd(t.npvUsd)], ['tco', w.usd(t.tcoUsd)],
    ['budget', budgetText(m, w)],
    ...(m.unfunded > 0 ? [['unfunded', w.usd(t.unfundedCostUsd)] as [ReportMessageKey, string]] : []),
  ];
  const cert = m.certificate ? certificateLines(m.certificate, w) : [];
  return `<section id="summary" class="opening">
<h2>${esc(w.say('summary'))}</h2>
<dl class="totals">${tiles.map(([k, v, id]) => `<div><dt>${esc(w.say(k))}</dt><dd${id ? ` data-testid="${id}"` : ''}>${esc(v)}</dd></div>`).join('')}</dl>
${t.sites === 0 ? `<p>${esc(w.say('nothingFunded'))}</p>` : ''}
${cert.length ? `<div class="certificate" data-testid="certificate"><h3>${esc(w.say('certificate'))}</h3>${cert.map((l, i) => `<p>${i === 0 ? `<strong>${esc(l)}</strong>` : esc(l)}</p>`).join('')}</div>` : ''}
${m.byType.length ? `<h3>${esc(w.say('byType'))}</h3>${table([esc(w.say('type')), num(w.say('sites'))], m.byType.map((r) => [esc(w.name('type', r.siteType)), num(w.count(r.sites))]))}` : ''}
${m.byTechnology.length ? `<h3>${esc(w.say('mix'))}</h3>${table(
    [esc(w.say('technology')), num(w.say('sites')), num(w.say('people')), num(w.say('costUsd'))],
    m.byTechnology.map((r) => [`${swatch(r.technology)}${esc(w.name('tech', r.technology))}`, num(w.count(r.sites)), num(w.count(r.people)), num(w.usd(r.costUsd))]),
  )}` : ''}
</section>`;
}

const swatch = (technology: string) => `<span class="swatch" style="background:${TECHNOLOGY_COLOURS[technology] ?? ACCENT_COLOUR}"></span>`;

function mapSection(m: ReportModel, w: ReportWords, world: WorldOutlines): string {
  if (m.mapSites.length === 0) return `<section id="map"><h2>${esc(w.say('map'))}</h2><p>${esc(w.say('mapEmpty'))}</p></section>`;
  const view = countryView(world.country(m.country), m.mapSites, CHART_WIDTH);
  const years = [...new Set(m.mapSites.map((s) => s.year))].sort((a, b) => a - b);
  const shapes = yearShapes(years);
  const technologies = [...new Set(m.mapSites.map((s) => s.technology))];
  const icon = (shape: (typeof YEAR_SHAPES)[number], fill: string) =>
    `<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">${marker(shape, 7, 7, 5, `fill="${fill}" stroke="#ffffff" stroke-width="1"`)}</svg>`;
  // Years past the last shape share it: the legend says "and after" once.
  const lastShape = YEAR_SHAPES[YEAR_SHAPES.length - 1];
  const yearItems = years.filter((y, i) => i < YEAR_SHAPES.length).map((y, i) => {
    const label = i === YEAR_SHAPES.length - 1 && years.length > YEAR_SHAPES.length ? w.say('yearAndAfter', { year: y }) : String(y);
    return `<span>${icon(shapes.get(y) ?? lastShape!, '#4f5661')}${esc(label)}</span>`;
  });
  return `<section id="map">
<h2>${esc(w.say('map'))}</h2>
<figure>
${planMapSvg(view, world.all, m.country, m.mapSites, years, w)}
<div class="legend" data-testid="map-legend"><strong>${esc(w.say('technology'))}</strong>${technologies.map((t) => `<span>${icon('circle', TECHNOLOGY_COLOURS[t] ?? ACCENT_COLOUR)}${esc(w.name('tech', t))}</span>`).join('')}</div>
<div class="legend"><strong>${esc(w.say('year'))}</strong>${yearItems.join('')}</div>
<figcaption class="note">${esc(w.say('mapCaption'))}</figcaption>
</figure>
</section>`;
}

function chartsSection(m: ReportModel, w: ReportWords): string {
  const curveTitle = w.say(m.curveOf === 'people' ? 'curvePeople' : 'curveSites');
  const levelWord = w.say(m.coverage.level ? `level_${m.coverage.level}` : 'level_none');
  const figure = (title: string, svg: string, note: string, testid: string) =>
    `<figure data-testid="${testid}"><figcaption>${esc(title)}</figcaption>${svg}<p class="note">${esc(note)}</p></figure>`;
  const pct = (n: number, of: number) => (of > 0 ? w.percent(n / of) : '–');
  return `<section id="charts">
<h2>${esc(w.say('charts'))}</h2>
${m.curve.length ? figure(curveTitle, spendCurveSvg(m.curve, w, { title: curveTitle, valueLabel: w.say(m.curveOf === 'people' ? 'people' : 'sites') }), w.say('curveNote'), 'chart-curve') : ''}
${m.byTechnology.length ? figure(w.say('mix'), technologyMixSvg(m.byTechnology, w), w.say('mixNote'), 'chart-mix') : ''}
${m.byYear.length ? figure(w.say('rollout', { from: m.fromYear, until: m.untilYear }), rolloutSvg(m.byYear, w), w.say('rolloutNote'), 'chart-rollout') : ''}
${figure(w.say('coverage', { level: levelWord }), coverageSvg(m.coverage.areas, w), w.say('coverageNote'), 'chart-coverage')}
${table(
    [esc(w.say('area')), num(w.say('sites')), num(w.say('connectedBefore')), num(w.say('connectedAfter')), num(w.say('sharePeople'))],
    m.coverage.areas.map((a) => [
      esc(a.area ?? w.say('noArea')), num(w.count(a.sites)),
      num(`${w.count(a.connectedBefore)} (${pct(a.connectedBefore, a.sites)})`), num(`${w.count(a.connectedAfter)} (${pct(a.connectedAfter, a.sites)})`),
      // Before, then after, left to right in every language, as the chart draws it.
      [`<span dir="ltr">${esc(`${pct(a.peopleBefore, a.people)} → ${pct(a.peopleAfter, a.people)}`)}</span>`, 'num'],
    ]),
    'coverage-table',
  )}
</section>`;
}

function sitesSection(m: ReportModel, w: ReportWords): string {
  const note = m.funded > m.table.length ? w.say('tableFirst', { n: w.count(m.table.length), total: w.count(m.funded) }) : w.say('tableNote', { n: w.count(m.funded) });
  const coordinate = (v: number) => w.number(v, { minimumFractionDigits: 4, maximumFractionDigits: 4, useGrouping: false });
  return `<section id="sitesTable">
<h2>${esc(w.say('sitesTable'))}</h2>
<p class="note">${esc(note)}${m.unfunded > 0 ? ` ${esc(w.say('unfundedNote', { n: w.count(m.unfunded) }))}` : ''}</p>
${table(
    [num(w.say('rank')), esc(w.say('site')), esc(w.say('type')), esc(w.say('technology')), num(w.say('year')), num(w.say('people')), num(w.say('costUsd')), num(w.say('perPersonUsd')), esc(w.say('position'))],
    m.table.map((r) => [
      num(w.count(r.rank)), `${r.name ? `${esc(r.name)}<br>` : ''}<span class="small code id">${esc(r.sourceId)}</span>`, esc(w.name('type', r.siteType)),
      `${swatch(r.technology)}${esc(w.name('tech', r.technology))}`, num(String(r.year)), num(w.count(r.peopleServed)), num(w.usd(r.costUsd)),
      num(r.costPerPersonUsd === null ? '–' : w.usd(r.costPerPersonUsd, { maximumFractionDigits: 2 })), [`<span dir="ltr">${esc(coordinate(r.lat))} / ${esc(coordinate(r.lon))}</span>`, 'num'],
    ]),
    'site-table',
  )}
</section>`;
}

function parametersSection(m: ReportModel, w: ReportWords): string {
  const run = m.run
    ? w.say(m.run.current ? 'runCurrent' : 'runStale', { id: m.run.id, date: w.dateTime(m.run.finishedAt) })
    : w.say('noRun');
  const value = (v: string | number | boolean) => (typeof v === 'number' ? w.number(v, { maximumFractionDigits: 4 }) : String(v));
  return `<section id="parameters">
<h2>${esc(w.say('parameters'))}</h2>
<h3>${esc(w.say('analysisRun'))}</h3>
<p>${esc(run)}</p>
<p class="note">${esc(w.say('parametersNote', { version: m.parametersVersion ?? '–' }))}</p>
${table(
    [esc(w.say('parameter')), num(w.say('value')), esc(w.say('source'))],
    m.parameters.map((p) => [code(p.path), num(value(p.value)), p.source === 'scenario' ? `<strong>${esc(w.say('src_scenario'))}</strong>` : esc(w.say(`src_${p.source}`))]),
    'parameter-table',
  )}
</section>`;
}

function sourcesSection(m: ReportModel, w: ReportWords): string {
  const or = (v: string | null) => (v ? esc(v) : `<span class="small">${esc(w.say('notStated'))}</span>`);
  return `<section id="sources">
<h2>${esc(w.say('sources'))}</h2>
<p class="note">${esc(w.say('sourcesNote'))}</p>
${table(
    [esc(w.say('dataset')), esc(w.say('layer')), esc(w.say('licence')), esc(w.say('attribution')), esc(w.say('source'))],
    [
      ...m.sources.map((d) => [esc(d.name), esc(w.name('layer', d.layer)), or(d.licence), or(d.attribution ?? d.owner), code(d.source)]),
      [esc(w.say('naturalEarth')), '–', esc(w.say('publicDomain')), esc('Natural Earth'), code('naturalearthdata.com')],
    ],
    'source-table',
  )}
<h3>${esc(w.say('versions'))}</h3>
<p class="note">${esc(w.say('versionsNote'))}</p>
${table(
    [esc(w.say('dataset')), esc(w.say('layer')), num(w.say('importId')), esc(w.say('importedAt')), esc(w.say('sha256'))],
    m.versions.map((v) => [esc(v.name), esc(w.name('layer', v.layer)), num(v.importId === null ? '–' : String(v.importId)), esc(w.dateTime(v.importedAt)), code(v.sha256 ?? '–')]),
    'version-table',
  )}
</section>`;
}
