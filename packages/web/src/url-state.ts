/**
 * What the page shows lives in its URL, so a link shows the same thing: the view, country, admin
 * area, site, plan, the map's filters and language in the query
 * (?view=plan&country=ESP&area=Madrid&site=12&f=rural,4g&lang=fr); the map's position in the hash
 * (#zoom/lat/lon, kept by MapLibre).
 */

export const VIEWS = ['map', 'dashboard', 'plan', 'data'] as const;
export type View = (typeof VIEWS)[number];

export interface UrlState {
  view: View;
  country: string | null;
  site: number | null;
  /** A first-level admin area of the country (its admin1), the map fitted to it. */
  area: string | null;
  /** A scenario of the country shown on the map (its name). */
  plan: string | null;
  /** The map's filters as short words (map/filters.ts says which), in the URL as f=rural,4g. */
  filters: string[];
}

const FILTER_WORD = /^[a-z0-9_]{1,24}$/;

export function readState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const view = q.get('view');
  const country = q.get('country');
  const site = Number(q.get('site'));
  const plan = q.get('plan');
  const area = q.get('area');
  return {
    view: (VIEWS as readonly (string | null)[]).includes(view) ? (view as View) : 'map',
    country: country && /^[A-Z]{3}$/.test(country) ? country : null,
    site: Number.isInteger(site) && site > 0 ? site : null,
    area: area && area.length <= 100 ? area : null,
    plan: plan && plan.length <= 100 ? plan : null,
    filters: [...new Set((q.get('f') ?? '').split(',').filter((w) => FILTER_WORD.test(w)))].slice(0, 20),
  };
}

/** The query for a state, keeping what else the URL says (the language). */
export function writeState(search: string, s: UrlState): string {
  const q = new URLSearchParams(search);
  const set = (k: string, v: string | null) => (v === null ? q.delete(k) : q.set(k, v));
  set('view', s.view === 'map' ? null : s.view);
  set('country', s.country);
  set('site', s.site === null ? null : String(s.site));
  set('area', s.area);
  set('plan', s.plan);
  set('f', s.filters.length ? s.filters.join(',') : null);
  const text = q.toString();
  return text ? `?${text}` : '';
}
