/**
 * The map's population layer: density tiles the server draws from the stored rasters (people per
 * km², core's DENSITY_CLASSES on a log scale), off at first, with its legend and its source's credit.
 *
 *     style.sources.population = POPULATION_SOURCE;  style.layers.push(POPULATION_LAYER);
 *     html`<${PopulationLegend} />`
 */
import { DENSITY_CLASSES } from '@postatlas/core';
import { html } from 'htm/preact';
import type { RasterLayerSpecification, RasterSourceSpecification } from 'maplibre-gl';
import { formatNumber, messages } from '../i18n.js';
import { POPULATION_OPACITY, populationTileUrl } from './palette.js';

export const POPULATION = 'population';

export const say = messages({
  en: { perKm2: 'People per km²', fewer: 'fewer than {n}', from: '{n} or more' },
  fr: { perKm2: 'Habitants par km²', fewer: 'moins de {n}', from: '{n} ou plus' },
  es: { perKm2: 'Habitantes por km²', fewer: 'menos de {n}', from: '{n} o más' },
  ar: { perKm2: 'نسمة لكل كم²', fewer: 'أقل من {n}', from: '{n} أو أكثر' },
});

export const POPULATION_SOURCE = (): RasterSourceSpecification => ({
  type: 'raster', tiles: [populationTileUrl()], tileSize: 256,
  // The finest rasters are 100 m: past zoom 12 MapLibre enlarges the tiles it has.
  maxzoom: 12, attribution: 'WorldPop (CC BY 4.0)',
});

export const POPULATION_LAYER: RasterLayerSpecification = {
  id: POPULATION, type: 'raster', source: POPULATION, layout: { visibility: 'none' },
  paint: { 'raster-opacity': POPULATION_OPACITY, 'raster-resampling': 'nearest' },
};

/** The classes with their colours: "fewer than 10", "10–50", … "5,000 or more". */
export function PopulationLegend() {
  const label = (i: number) => {
    const next = DENSITY_CLASSES[i + 1]?.fromPerKm2;
    const from = DENSITY_CLASSES[i]!.fromPerKm2;
    if (i === 0) return say('fewer', { n: formatNumber(next) });
    return next === undefined ? say('from', { n: formatNumber(from) }) : `${formatNumber(from)}–${formatNumber(next)}`;
  };
  return html`
    <fieldset class="legend statuses population-legend" data-testid="population-legend">
      <legend>${say('perKm2')}</legend>
      ${DENSITY_CLASSES.map((c, i) => html`
        <div><span class="dot" style=${`background:${c.colour}; border-radius: 2px`}></span>${label(i)}</div>`)}
    </fieldset>`;
}
