/**
 * A scenario on the map: the sites it funds, from its GeoJSON download, as circles coloured by
 * technology over the other layers, and their legend. The planning view's charts use the same
 * colours, so a technology looks the same everywhere.
 *
 *     showPlan(map, { country: 'STP', name: 'plan-2026-05-04-0930' }, 2027);   // null takes it away; a year: only its sites
 *     html`<${PlanLegend} country="STP" name="plan-2026-05-04-0930" year=${null} onYear=${(y) => …} onHide=${() => go({ plan: null })} />`
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { TECHNOLOGY_COLOURS } from '@postatlas/report/style';
import { say as sayFilter } from './map/filters.js';
import { say, technologyName } from './plan-messages.js';

// One definition with the printed report's map and charts (packages/report/src/style.ts).
export { TECHNOLOGY_COLOURS };

const technologyColour: ExpressionSpecification = [
  'match', ['get', 'technology'],
  'fiber', TECHNOLOGY_COLOURS.fiber!, 'cellular', TECHNOLOGY_COLOURS.cellular!, 'microwave', TECHNOLOGY_COLOURS.microwave!,
  'satellite', TECHNOLOGY_COLOURS.satellite!, TECHNOLOGY_COLOURS['co-connected']!,
];

export const scenarioPath = (country: string, name: string) => `/api/scenarios/${country}/${encodeURIComponent(name)}`;

/** The funded sites (the budget's unfunded ones have no year), of one year when given. */
const planFilter = (year: number | null): ExpressionSpecification =>
  ['all', ['to-boolean', ['get', 'year']], year === null ? true : ['==', ['get', 'year'], year]];

/** The download each map's plan layer was given last. */
const shownData = new WeakMap<MapLibreMap, string>();

/** Draws a scenario's funded sites, all or those of one year, or takes them away. */
export function showPlan(m: MapLibreMap, plan: { country: string; name: string } | null, year: number | null = null): void {
  const source = m.getSource('plan') as GeoJSONSource | undefined;
  if (!plan) {
    if (m.getLayer('plan')) m.removeLayer('plan');
    if (source) m.removeSource('plan');
    return;
  }
  const data = `${scenarioPath(plan.country, plan.name)}/download?format=geojson`;
  if (source) {
    // Only when it changed: a new year alone need not fetch the plan again.
    if (shownData.get(m) !== data) source.setData(data);
    shownData.set(m, data);
    return void m.setFilter('plan', planFilter(year));
  }
  shownData.set(m, data);
  m.addSource('plan', { type: 'geojson', data });
  m.addLayer({
    id: 'plan', type: 'circle', source: 'plan', filter: planFilter(year),
    paint: {
      'circle-color': technologyColour,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 3, 8, 6, 14, 10],
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
    },
  });
}

/** The years in which the plan funds sites, from its totals. */
function usePlanYears(country: string, name: string): number[] {
  const [years, setYears] = useState<number[]>([]);
  useEffect(() => {
    let current = true;
    api<{ totals: { byYear: { year: number; sites: number }[] } | null }>(scenarioPath(country, name)).then(
      (s) => { if (current) setYears((s.totals?.byYear ?? []).filter((y) => y.sites > 0).map((y) => y.year)); },
      () => {}, // the plan's own layer says nothing either: the legend stays without years
    );
    return () => { current = false; };
  }, [country, name]);
  return years;
}

export function PlanLegend({ country, name, year, onYear, onHide }: {
  country: string; name: string; year: number | null; onYear: (year: number | null) => void; onHide: () => void;
}) {
  const years = usePlanYears(country, name);
  return html`
    <div class="plan-legend" data-testid="plan-legend">
      <strong>${say('planOnMap', { name })}</strong>
      <label class="field">
        <span>${sayFilter('year')}</span>
        <select name="plan-year" value=${year === null ? '' : String(year)} onChange=${(e: Event) => { const v = (e.target as HTMLSelectElement).value; onYear(v ? Number(v) : null); }}>
          <option value="">${sayFilter('allYears')}</option>
          ${[...new Set([...years, ...(year === null ? [] : [year])])].sort().map((y) => html`<option value=${String(y)}>${y}</option>`)}
        </select>
      </label>
      <ul class="legend">
        ${Object.entries(TECHNOLOGY_COLOURS).map(([code, colour]) => html`
          <li><span class="dot" style=${`background:${colour}`}></span>${technologyName(code)}</li>`)}
      </ul>
      <button type="button" onClick=${onHide}>${say('hidePlan')}</button>
    </div>
  `;
}
