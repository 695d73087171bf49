/**
 * What the map draws, shared by MapLibre's style (map-view.ts) and the first-screen preview
 * (preview.ts), which must not import MapLibre to stay light.
 */

/** Map colours, one definition with the printed report's map (packages/report/src/style.ts). */
export { MAP_COLOURS as COLOURS } from '@postatlas/report/style';

/** Cluster radius in pixels against the square root of the sites it shows: linear between these stops. */
export const CLUSTER_RADIUS: readonly (readonly [number, number])[] = [[1, 5], [10, 12], [100, 30]];
/** A single site's radius, and its white outline, against the zoom. */
export const SITE_RADIUS: readonly (readonly [number, number])[] = [[2, 2], [8, 4], [14, 7]];
export const SITE_OUTLINE: readonly (readonly [number, number])[] = [[2, 0], [8, 1]];

/** The same starting view for the preview and the map. */
export const WORLD_VIEW = { center: [10, 15] as [number, number], zoom: 1.5 };
/** Room around a country fitted to the screen, and the closest a fit may come. */
export const FIT = { padding: 40, maxZoom: 12 };

export const tileUrl = (layer: string) => `${location.origin}/api/tiles/${layer}/{z}/{x}/{y}.pbf`;

/** MapLibre's ['interpolate', ['linear'], …] for stops like the ones above. */
export function interpolate(stops: readonly (readonly [number, number])[], x: number): number {
  if (x <= stops[0]![0]) return stops[0]![1];
  for (let i = 1; i < stops.length; i++) {
    const [x1, y1] = stops[i]!;
    const [x0, y0] = stops[i - 1]!;
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return stops.at(-1)![1];
}

/** Population density tiles (PNG), drawn under the sites: WorldPop, CC BY 4.0. */
export const populationTileUrl = () => `${location.origin}/api/tiles/population/{z}/{x}/{y}.png`;
/** Enough to read the classes, not so much that the base map and borders disappear. */
export const POPULATION_OPACITY = 0.6;
