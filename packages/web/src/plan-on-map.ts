/**
 * A scenario on the map: the sites it funds, from its GeoJSON download, as circles coloured by
 * technology over the other layers, and their legend. The planning view's charts use the same
 * colours, so a technology looks the same everywhere.
 *
 *     showPlan(map, { country: 'STP', name: 'plan-2026-05-04-0930' });   // null takes it away
 *     html`<${PlanLegend} name="plan-2026-05-04-0930" onHide=${() => go({ plan: null })} />`
 */
import { html } from 'htm/preact';
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { TECHNOLOGY_COLOURS } from '@postatlas/report/style';
import { say, technologyName } from './plan-messages.js';

// One definition with the printed report's map and charts (packages/report/src/style.ts).
export { TECHNOLOGY_COLOURS };

const technologyColour: ExpressionSpecification = [
  'match', ['get', 'technology'],
  'fiber', TECHNOLOGY_COLOURS.fiber!, 'cellular', TECHNOLOGY_COLOURS.cellular!, 'microwave', TECHNOLOGY_COLOURS.microwave!,
  'satellite', TECHNOLOGY_COLOURS.satellite!, TECHNOLOGY_COLOURS['co-connected']!,
];

export const scenarioPath = (country: string, name: string) => `/api/scenarios/${country}/${encodeURIComponent(name)}`;

/** Draws a scenario's funded sites (the budget's unfunded ones have no year), or takes them away. */
export function showPlan(m: MapLibreMap, plan: { country: string; name: string } | null): void {
  const source = m.getSource('plan') as GeoJSONSource | undefined;
  if (!plan) {
    if (m.getLayer('plan')) m.removeLayer('plan');
    if (source) m.removeSource('plan');
    return;
  }
  const data = `${scenarioPath(plan.country, plan.name)}/download?format=geojson`;
  if (source) return void source.setData(data);
  m.addSource('plan', { type: 'geojson', data });
  m.addLayer({
    id: 'plan', type: 'circle', source: 'plan', filter: ['to-boolean', ['get', 'year']],
    paint: {
      'circle-color': technologyColour,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 3, 8, 6, 14, 10],
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
    },
  });
}

export function PlanLegend({ name, onHide }: { name: string; onHide: () => void }) {
  return html`
    <div class="plan-legend" data-testid="plan-legend">
      <strong>${say('planOnMap', { name })}</strong>
      <ul class="legend">
        ${Object.entries(TECHNOLOGY_COLOURS).map(([code, colour]) => html`
          <li><span class="dot" style=${`background:${colour}`}></span>${technologyName(code)}</li>`)}
      </ul>
      <button type="button" onClick=${onHide}>${say('hidePlan')}</button>
    </div>
  `;
}
