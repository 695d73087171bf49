/**
 * What the page shows lives in its URL, so a link shows the same thing: the view, country, site,
 * plan and language in the query (?view=plan&country=ESP&site=12&lang=fr); the map's position in the
 * hash (#zoom/lat/lon, kept by MapLibre).
 */

export const VIEWS = ['map', 'dashboard', 'plan', 'data'] as const;
export type View = (typeof VIEWS)[number];

export interface UrlState {
  view: View;
  country: string | null;
  site: number | null;
  /** A scenario of the country shown on the map (its name). */
  plan: string | null;
}

export function readState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const view = q.get('view');
  const country = q.get('country');
  const site = Number(q.get('site'));
  const plan = q.get('plan');
  return {
    view: (VIEWS as readonly (string | null)[]).includes(view) ? (view as View) : 'map',
    country: country && /^[A-Z]{3}$/.test(country) ? country : null,
    site: Number.isInteger(site) && site > 0 ? site : null,
    plan: plan && plan.length <= 100 ? plan : null,
  };
}

/** The query for a state, keeping what else the URL says (the language). */
export function writeState(search: string, s: UrlState): string {
  const q = new URLSearchParams(search);
  const set = (k: string, v: string | null) => (v === null ? q.delete(k) : q.set(k, v));
  set('view', s.view === 'map' ? null : s.view);
  set('country', s.country);
  set('site', s.site === null ? null : String(s.site));
  set('plan', s.plan);
  const text = q.toString();
  return text ? `?${text}` : '';
}
