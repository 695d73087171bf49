/**
 * The page: a header (views, country, language, sign-in) over the map or the dashboard, with the
 * panel of the selected site. The map and the charts are loaded only when first shown; the map
 * only once its preview (map/preview.ts) has drawn the first screen, so on a slow link the few
 * kB the preview needs do not queue behind MapLibre's hundreds.
 */
import { html } from 'htm/preact';
import type { ComponentType } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, currentUser, signIn, signOut, type Me } from './api.js';
import { LANGUAGES, countryName, language, setLanguage, t, type Language } from './i18n.js';
import { MapPreview } from './map/preview.js';
import { SiteSearch } from './search.js';
import type { SitePanel as SitePanelView } from './site-panel.js';
import { readState, writeState, type UrlState, type View } from './url-state.js';

export interface CountryEntry {
  country: string;
  sites: number;
  connected: number;
  postOffices: { sites: number; connected: number; share: number | null };
  /** [west, south, east, north] of its sites. */
  bbox: [number, number, number, number];
}

export interface ViewProps {
  state: UrlState;
  countries: CountryEntry[];
  me: Me | null;
  go: (patch: Partial<UrlState>) => void;
  /** The map has drawn its first full frame. */
  onReady?: () => void;
  /** Counts the sites changed here, so the map fetches their tiles again. */
  sitesVersion: number;
}

/** A component loaded on first use (its own chunk). */
function useLazy<P = ViewProps>(load: () => Promise<ComponentType<P>>, wanted: boolean): ComponentType<P> | null {
  const [component, setComponent] = useState<ComponentType<P> | null>(null);
  useEffect(() => {
    if (wanted && !component) void load().then((c) => setComponent(() => c));
  }, [wanted]);
  return component;
}

export function App() {
  const [state, setState] = useState<UrlState>(() => readState(location.search));
  const [, setLang] = useState<Language>(language());
  const [me, setMe] = useState<Me | null>(null);
  const [countries, setCountries] = useState<CountryEntry[]>([]);
  const [signingIn, setSigningIn] = useState(false);
  const [preview, setPreview] = useState<'drawing' | 'drawn' | 'gone'>('drawing');
  const [sitesVersion, setSitesVersion] = useState(0);

  useEffect(() => {
    void currentUser().then(setMe);
    void api<CountryEntry[]>('/api/countries').then(setCountries);
    const onPop = () => setState(readState(location.search));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const go = (patch: Partial<UrlState>) => {
    const next = { ...state, ...patch };
    history.pushState(null, '', `${location.pathname}${writeState(location.search, next)}${location.hash}`);
    setState(next);
  };
  const chooseLanguage = (lang: Language) => {
    setLanguage(lang);
    localStorage.setItem('postatlas.lang', lang);
    const q = new URLSearchParams(location.search);
    q.set('lang', lang);
    history.replaceState(null, '', `${location.pathname}?${q}${location.hash}`);
    setLang(lang);
  };

  // Planning and data are for the managers of a country; others see the map and the dashboards
  // (and the map when a link asks for a view they may not see).
  const manager = me?.role === 'admin' || me?.role === 'country_manager';
  const shown: View[] = manager ? ['map', 'dashboard', 'plan', 'data'] : ['map', 'dashboard'];
  const current: View = shown.includes(state.view) ? state.view : 'map';
  const views: Record<View, ComponentType<ViewProps> | null> = {
    map: useLazy(() => import('./map/map-view.js').then((m) => m.MapView), current === 'map' && preview !== 'drawing'),
    dashboard: useLazy(() => import('./dashboard.js').then((m) => m.Dashboard), current === 'dashboard'),
    plan: useLazy(() => import('./plan-view.js').then((m) => m.PlanView), current === 'plan'),
    data: useLazy(() => import('./data-view.js').then((m) => m.DataView), current === 'data'),
  };
  // The site panel (its services, training and plan sections) comes with the first site opened, not with the first screen.
  const SitePanel = useLazy<Parameters<typeof SitePanelView>[0]>(() => import('./site-panel.js').then((m) => m.SitePanel), state.site !== null);
  const props: ViewProps = { state, countries, me, go, onReady: () => setPreview('gone'), sitesVersion };
  const View = views[current];

  return html`
    <header class="bar">
      <a class="brand" href="/" aria-label=${t('title')}>postatlas</a>
      <nav aria-label=${t('title')}>
        ${shown.map((v) => html`
          <button type="button" class=${current === v ? 'tab active' : 'tab'} aria-pressed=${current === v} onClick=${() => go({ view: v })}>${t(v)}</button>`)}
        <a class="tab" href=${`/locator?lang=${language()}`}>${t('findService')}</a>
      </nav>
      <${SiteSearch} country=${state.country} onChoose=${(s: { id: number; country: string }) => go({ site: s.id, country: s.country })} />
      <label class="field">
        <span>${t('country')}</span>
        <select name="country" value=${state.country ?? ''} onChange=${(e: Event) => go({ country: (e.target as HTMLSelectElement).value || null, area: null, site: null })}>
          <option value="">${t('allCountries')}</option>
          ${countries.map((c) => html`<option value=${c.country}>${countryName(c.country)}</option>`)}
        </select>
      </label>
      <label class="field">
        <span>${t('language')}</span>
        <select name="language" value=${language()} onChange=${(e: Event) => chooseLanguage((e.target as HTMLSelectElement).value as Language)}>
          ${LANGUAGES.map((l) => html`<option value=${l}>${new Intl.DisplayNames([l], { type: 'language' }).of(l)}</option>`)}
        </select>
      </label>
      <div class="account">
        ${me
          ? html`<span class="who">${t('signedInAs', { email: me.email, role: me.role })}</span>
              <button type="button" onClick=${async () => { await signOut(); setMe(null); }}>${t('signOut')}</button>`
          : html`<button type="button" onClick=${() => setSigningIn(true)}>${t('signIn')}</button>`}
      </div>
    </header>
    ${signingIn && !me ? html`<${SignIn} onDone=${(u: Me | null) => { setSigningIn(false); if (u) setMe(u); }} />` : null}
    <main class=${state.site ? 'with-panel' : ''}>
      ${current === 'map' && preview !== 'gone'
        ? html`<${MapPreview} country=${state.country} countries=${countries} onDrawn=${() => setPreview('drawn')} />` : null}
      ${View ? html`<${View} ...${props} />` : current === 'map' ? null : html`<p class="loading" role="status">${t('loading')}</p>`}
      ${state.site && SitePanel ? html`<${SitePanel} key=${state.site} siteId=${state.site} me=${me} plan=${state.plan} onClose=${() => go({ site: null })} onChanged=${() => setSitesVersion((v) => v + 1)} />` : null}
    </main>
  `;
}

/** Tab and Shift+Tab go round the dialog's own controls: the page behind is inert while it is open. */
function trapTab(e: KeyboardEvent, box: HTMLElement) {
  const controls = [...box.querySelectorAll<HTMLElement>('input, button, select, textarea, a[href]')].filter((c) => !c.hasAttribute('disabled'));
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
  else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
}

/** A modal dialog: the first field gets the focus, Escape closes, and the focus goes back to where it was. */
function SignIn({ onDone }: { onDone: (me: Me | null) => void }) {
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  // A layout effect: the field has the focus from the dialog's first frame, so a key pressed at once goes to it.
  useLayoutEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    box.current?.querySelector('input')?.focus();
    // After a sign-in the button that opened the dialog is gone: the focus goes to the page's start.
    return () => setTimeout(() => opener?.isConnected && opener.focus());
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.preventDefault(); onDone(null); }
    else if (e.key === 'Tab' && box.current) trapTab(e, box.current);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      onDone(await signIn(String(form.get('email')), String(form.get('password'))));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('wrongPassword') : t('error', { message: (err as Error).message }));
    }
  };
  return html`
    <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="sign-in-title" ref=${box} onKeyDown=${onKeyDown}>
      <form onSubmit=${submit}>
        <h2 id="sign-in-title">${t('signIn')}</h2>
        <label>${t('email')}<input name="email" type="email" autocomplete="username" required /></label>
        <label>${t('password')}<input name="password" type="password" autocomplete="current-password" required /></label>
        ${error ? html`<p class="error" role="alert">${error}</p>` : null}
        <div class="actions">
          <button type="button" onClick=${() => onDone(null)}>${t('close')}</button>
          <button type="submit" class="primary">${t('signIn')}</button>
        </div>
      </form>
    </div>
  `;
}
