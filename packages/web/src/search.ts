/**
 * The header's search box: a site by a part of its name (any case), its source id or its site
 * id, within the chosen country if there is one. The results are a listbox under the box (the
 * ARIA 1.2 combobox pattern: arrows move, Enter chooses, Escape closes then clears).
 *
 *     html`<${SiteSearch} country=${state.country} onChoose=${(s) => go({ site: s.id, country: s.country })} />`
 */
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { countryName, messages, t } from './i18n.js';
import { siteTypeLabel } from './site-edit.js';

export interface FoundSite {
  id: number; sourceId: string; name: string | null; siteType: string; country: string; admin1: string | null;
}

const LIMIT = 10;
// Long enough to skip the keystrokes of a word being typed, short enough to feel immediate.
const PAUSE_MS = 200;

const say = messages({
  en: { found: '{count} sites found', foundMore: 'The first {count} sites found', nothing: 'No site found.' },
  fr: { found: '{count} sites trouvés', foundMore: 'Les {count} premiers sites trouvés', nothing: 'Aucun site trouvé.' },
  es: { found: '{count} sitios encontrados', foundMore: 'Los {count} primeros sitios encontrados', nothing: 'No se encontró ningún sitio.' },
  ar: { found: 'عدد المواقع التي عُثر عليها: {count}', foundMore: 'أول {count} مواقع عُثر عليها', nothing: 'لم يُعثر على أي موقع.' },
});

const title = (s: FoundSite) => s.name ?? `${t('site')} ${s.id}`;

export function SiteSearch({ country, onChoose }: { country: string | null; onChoose: (site: FoundSite) => void }) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<FoundSite[] | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Answers can arrive out of order: only the latest question's is shown.
  const asked = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (q: string) => {
    const mine = ++asked.current;
    const query = new URLSearchParams({ q, limit: String(LIMIT) });
    if (country) query.set('country', country);
    api<{ items: FoundSite[] }>(`/api/sites?${query}`).then(
      ({ items }) => {
        if (mine !== asked.current) return;
        setResults(items);
        setActive(-1);
        setOpen(true);
        setError(null);
      },
      (err: Error) => mine === asked.current && setError(t('error', { message: err.message })),
    );
  };

  const onInput = (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    setText(value);
    clearTimeout(timer.current);
    const q = value.trim().slice(0, 200);
    if (!q) {
      asked.current++;
      setResults(null);
      setOpen(false);
      return;
    }
    timer.current = setTimeout(() => search(q), PAUSE_MS);
  };

  const choose = (site: FoundSite) => {
    setText(title(site));
    setOpen(false);
    setActive(-1);
    onChoose(site);
  };

  const shown = open && results !== null && results.length > 0;
  const onKeyDown = (e: KeyboardEvent) => {
    const n = results?.length ?? 0;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return;
      e.preventDefault();
      if (!open) setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive(open ? (active + step + n) % n : step > 0 ? 0 : n - 1);
    } else if (e.key === 'Enter') {
      // The highlighted site, or the first when none is: typing an id and Enter goes straight to it.
      if (!shown) return;
      e.preventDefault();
      choose(results![active >= 0 ? active : 0]!);
    } else if (e.key === 'Escape') {
      if (open) setOpen(false);
      else setText('');
    }
  };

  const optionId = (i: number) => `site-search-option-${i}`;
  return html`
    <div class="search" data-testid="search">
      <label for="site-search" class="visually-hidden">${t('search')}</label>
      <input id="site-search" type="search" role="combobox" autocomplete="off" spellcheck=${false} placeholder=${t('search')}
        aria-autocomplete="list" aria-expanded=${shown} aria-controls="site-search-results"
        aria-activedescendant=${shown && active >= 0 ? optionId(active) : undefined}
        value=${text} onInput=${onInput} onKeyDown=${onKeyDown} onBlur=${() => setOpen(false)} onFocus=${() => results?.length && setOpen(true)} />
      <ul id="site-search-results" role="listbox" aria-label=${t('search')} hidden=${!shown}>
        ${shown && results!.map((s, i) => html`
          <li id=${optionId(i)} role="option" aria-selected=${i === active}
            onMouseDown=${(e: MouseEvent) => e.preventDefault()} onClick=${() => choose(s)}>
            <span class="search-title">${title(s)}</span>
            <span class="search-detail">${siteTypeLabel(s.siteType)}${s.admin1 ? ` · ${s.admin1}` : ''} · ${countryName(s.country)} · <span dir="ltr">#${s.id}</span></span>
          </li>`)}
      </ul>
      ${open && results?.length === 0 ? html`<p class="search-empty">${say('nothing')}</p>` : null}
      ${error ? html`<p class="search-empty error" role="alert">${error}</p>` : null}
      <p class="visually-hidden" role="status">${results === null ? '' : results.length === 0 ? say('nothing') : say(results.length === LIMIT ? 'foundMore' : 'found', { count: results.length })}</p>
    </div>
  `;
}
