/**
 * What infrastructure each site has near it: distance to the nearest transmission node and
 * cell site, and the best mobile generation covering it.
 *
 *     const d = nearestDistancesM(sites, fibreNodes);        // Float64Array, NaN when there are none
 *     const c = coverageAtSites(sites, cells, coverage, p);  // best generation 0 | 2..5 per site
 */

import Flatbush from 'flatbush';
import { GENERATIONS, type AreaGeometry, type Generation } from '../domain.js';
import { PolygonIndex } from '../geo/polygon-index.js';
import { SphereIndex, sphereIndexOf } from '../spatial/sphere-index.js';
import type { AnalysisParameters } from './parameters.js';
import type { PointColumns } from './population.js';

export interface CellSiteColumns extends PointColumns {
  /** 2..5 */
  generation: Uint8Array;
  /** Nominal range in metres, NaN when the source gives none. */
  rangeM: Float64Array;
}

export interface CoveragePolygon {
  generation: Generation;
  geometry: AreaGeometry;
}

/** Great-circle distance from each site to the nearest point of `targets`; NaN for every site when there are none. */
export function nearestDistancesM(sites: PointColumns, targets: SphereIndex): Float64Array {
  const out = new Float64Array(sites.lon.length).fill(NaN);
  if (targets.size === 0) return out;
  for (let i = 0; i < out.length; i++) {
    targets.nearest(sites.lon[i]!, sites.lat[i]!);
    out[i] = targets.distanceM;
  }
  return out;
}

/** The points of `columns` for which keep(i) holds, as an index. */
export function indexWhere(columns: PointColumns, keep: (i: number) => boolean): SphereIndex {
  return sphereIndexOf(columns, membersWhere(columns.lon.length, keep));
}

function membersWhere(n: number, keep: (i: number) => boolean): number[] {
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) members.push(i);
  return members;
}

export const COVERAGE_SOURCE = { none: 0, polygons: 1, cells: 2 } as const;

export interface CoverageAtSites {
  /** Distance to the nearest cell site of each generation: byGeneration[g - 2][i], NaN when none. */
  cellDistanceM: Float64Array[];
  /** Highest generation covering each site; 0 when none does. */
  bestGeneration: Uint8Array;
  /** COVERAGE_SOURCE of the best generation. */
  source: Uint8Array;
  /**
   * 1 where the mobile data reaches: within the extent of the country's coverage polygons, or of
   * its cell sites widened by maxCellRangeM. Elsewhere "no coverage" would be a guess, as for a
   * mainland post office when only an island's cell sites were imported.
   */
  known: Uint8Array;
}

/**
 * Per generation, coverage polygons decide where any were imported for that generation (they are
 * the operator's own prediction); otherwise a site is covered when it lies within a cell site's
 * range, or the generation's default range when the source gives none.
 */
export function coverageAtSites(
  sites: PointColumns,
  cells: CellSiteColumns,
  polygons: CoveragePolygon[],
  params: Pick<AnalysisParameters, 'defaultCellRangeM' | 'maxCellRangeM'>,
): CoverageAtSites {
  const n = sites.lon.length;
  const bestGeneration = new Uint8Array(n);
  const source = new Uint8Array(n);
  const cellDistanceM: Float64Array[] = [];
  for (const g of GENERATIONS) {
    const members = membersWhere(cells.generation.length, (j) => cells.generation[j] === g);
    const index = sphereIndexOf(cells, members);
    cellDistanceM.push(nearestDistancesM(sites, index));
    const ranges = Float64Array.from(members, (j) => cellRangeM(cells.rangeM[j]!, g, params));
    const areas = polygons.filter((p) => p.generation === g);
    const covers = areas.length > 0 ? polygonCover(areas) : cellCover(index, ranges);
    for (let i = 0; i < n; i++) {
      // Generations ascend, so a later hit is always the better one.
      if (covers(sites.lon[i]!, sites.lat[i]!)) {
        bestGeneration[i] = g;
        source[i] = areas.length > 0 ? COVERAGE_SOURCE.polygons : COVERAGE_SOURCE.cells;
      }
    }
  }
  const known = new Uint8Array(n);
  const cellExtent = extentOf(cells.lon, cells.lat, params.maxCellRangeM);
  const polygonExtent = extentOf(...polygonVertices(polygons), 0);
  for (let i = 0; i < n; i++) {
    known[i] = inExtent(cellExtent, sites.lon[i]!, sites.lat[i]!) || inExtent(polygonExtent, sites.lon[i]!, sites.lat[i]!) ? 1 : 0;
  }
  return { cellDistanceM, bestGeneration, source, known };
}

function cellRangeM(rangeM: number, g: Generation, params: Pick<AnalysisParameters, 'defaultCellRangeM' | 'maxCellRangeM'>): number {
  const r = rangeM > 0 ? rangeM : params.defaultCellRangeM[g];
  return Math.min(r, params.maxCellRangeM);
}

function cellCover(index: SphereIndex, rangeM: Float64Array): (lon: number, lat: number) => boolean {
  if (index.size === 0) return () => false;
  let reach = 0;
  for (const r of rangeM) reach = Math.max(reach, r);
  return (lon, lat) => {
    // The nearest cell settles most sites; the radius search is for a far cell with a long range.
    const j = index.nearest(lon, lat, reach);
    if (j < 0) return false;
    if (index.distanceM <= rangeM[j]!) return true;
    let covered = false;
    index.within(lon, lat, reach, (k, d) => (covered = d <= rangeM[k]!));
    return covered;
  };
}

function polygonCover(areas: CoveragePolygon[]): (lon: number, lat: number) => boolean {
  const shapes = areas.map((a) => new PolygonIndex(a.geometry));
  const boxes = new Flatbush(shapes.length);
  for (const a of areas) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const [x, y] of outerVertices(a.geometry)) {
      minX = Math.min(minX, x!); maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!); maxY = Math.max(maxY, y!);
    }
    boxes.add(minX, minY, maxX, maxY);
  }
  boxes.finish();
  return (lon, lat) => boxes.search(lon, lat, lon, lat, (k) => shapes[k]!.contains(lon, lat)).length > 0;
}

type Extent = [west: number, south: number, east: number, north: number] | null;

/** Bounding box of points widened by marginM; a box wider than half the globe means "everywhere". */
function extentOf(lon: ArrayLike<number>, lat: ArrayLike<number>, marginM: number): Extent {
  if (lon.length === 0) return null;
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let i = 0; i < lon.length; i++) {
    w = Math.min(w, lon[i]!); e = Math.max(e, lon[i]!);
    s = Math.min(s, lat[i]!); n = Math.max(n, lat[i]!);
  }
  const dLat = marginM / 111_195;
  const dLon = dLat / Math.max(0.01, Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180));
  if (e - w > 180) return [-Infinity, -90, Infinity, 90];
  return [w - dLon, s - dLat, e + dLon, n + dLat];
}

function inExtent(x: Extent, lon: number, lat: number): boolean {
  if (!x) return false;
  return lat >= x[1] && lat <= x[3] && ((lon >= x[0] && lon <= x[2]) || (lon + 360 >= x[0] && lon + 360 <= x[2]) || (lon - 360 >= x[0] && lon - 360 <= x[2]));
}

function* outerVertices(g: AreaGeometry): Generator<number[]> {
  for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) yield* poly[0] ?? [];
}

function polygonVertices(polygons: CoveragePolygon[]): [number[], number[]] {
  const lon: number[] = [];
  const lat: number[] = [];
  for (const p of polygons) {
    for (const [x, y] of outerVertices(p.geometry)) {
      lon.push(x!);
      lat.push(y!);
    }
  }
  return [lon, lat];
}
