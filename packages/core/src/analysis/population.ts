/**
 * Population around sites: overlapping rings (for display) and exclusive catchments (for
 * planning, each person counted once), from a population raster or from population points.
 *
 *     const p = populationAroundSites(sites, { rasters: [worldpop] }, params);
 *     p.rings[0][i];      // people within the first radius of site i
 *     p.catchment[0][i];  // of those, the people for whom site i is the nearest site
 *
 * Rasters: a circle is swept row by row. Along a row the span inside the circle is exact on the
 * sphere and pixels are cut at its ends (a row prefix sum makes each span O(1)); across rows the
 * circle is sampled on enough lines that even a 1 km ring on a 1 km raster is measured to about
 * 1 %. WorldPop and GHSL pixels hold people, not densities, so a pixel's value is spread
 * evenly over its area; no further latitude correction is needed because the span is computed
 * in longitude at the row's own latitude.
 */

import type { PopulationRaster } from '../domain.js';
import { EARTH_RADIUS_M } from '../geo/distance.js';
import { SphereIndex, chordOfDistanceM, distanceMOfChord, sphereIndexOf } from '../spatial/sphere-index.js';
import type { AnalysisParameters } from './parameters.js';

const RAD = Math.PI / 180;

export interface PointColumns {
  lon: Float64Array;
  lat: Float64Array;
}

export interface PopulationPoints extends PointColumns {
  population: Float64Array;
}

export interface PopulationInput {
  /** Any number, any resolution: each site uses the finest raster that contains it. */
  rasters: PopulationRaster[];
  /** Used for sites no raster contains. */
  points?: PopulationPoints | undefined;
}

export const POPULATION_SOURCE = { none: 0, raster: 1, points: 2 } as const;

export interface PopulationAroundSites {
  /** rings[k][i]: people within populationRadiiM[k] of site i (NaN without population data). */
  rings: Float64Array[];
  /** catchment[k][i]: people within populationRadiiM[k] whose nearest site is i (NaN beyond catchmentMaxRadiusM). */
  catchment: Float64Array[];
  /** POPULATION_SOURCE per site. */
  source: Uint8Array;
}

type PopulationParameters = Pick<AnalysisParameters, 'populationRadiiM' | 'populationMethod' | 'catchmentMaxRadiusM'>;

export function populationAroundSites(sites: PointColumns, input: PopulationInput, params: PopulationParameters): PopulationAroundSites {
  const n = sites.lon.length;
  const radii = params.populationRadiiM;
  const rings = radii.map(() => new Float64Array(n).fill(NaN));
  const catchment = radii.map(() => new Float64Array(n).fill(NaN));
  const source = new Uint8Array(n);

  const rasters = [...input.rasters].sort((a, b) => a.dx * a.dy - b.dx * b.dy);
  const members: number[][] = rasters.map(() => []);
  const byPoints: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = rasters.findIndex((g) => rasterContains(g, sites.lon[i]!, sites.lat[i]!));
    if (r >= 0) members[r]!.push(i);
    else if (input.points && input.points.lon.length > 0) byPoints.push(i);
  }

  const setup = (subset: number[], kind: number) => {
    for (const i of subset) {
      source[i] = kind;
      for (let k = 0; k < radii.length; k++) {
        rings[k]![i] = 0;
        if (radii[k]! <= params.catchmentMaxRadiusM) catchment[k]![i] = 0;
      }
    }
  };
  rasters.forEach((raster, r) => {
    const subset = Uint32Array.from(members[r]!);
    if (subset.length === 0) return;
    setup(members[r]!, POPULATION_SOURCE.raster);
    const grid = new RasterSweep(raster);
    for (let k = 0; k < radii.length; k++) {
      for (const i of subset) rings[k]![i] = grid.circleSum(sites.lon[i]!, sites.lat[i]!, radii[k]!, params.populationMethod);
    }
    grid.exclusiveCatchment(sites, subset, radii, params.catchmentMaxRadiusM, catchment);
  });
  if (byPoints.length > 0 && input.points) {
    setup(byPoints, POPULATION_SOURCE.points);
    pointsAroundSites(sites, Uint32Array.from(byPoints), input.points, radii, params.catchmentMaxRadiusM, rings, catchment);
  }
  return { rings, catchment, source };
}

export function rasterContains(r: PopulationRaster, lon: number, lat: number): boolean {
  const south = r.north - r.height * r.dy;
  if (lat < south || lat > r.north) return false;
  const x = lon - r.west;
  const width = r.width * r.dx;
  // Also across the antimeridian: a raster from 170° to 190° contains −175°.
  return (x >= 0 && x <= width) || (x + 360 >= 0 && x + 360 <= width) || (x - 360 >= 0 && x - 360 <= width);
}

/**
 * Half-width in degrees of longitude of a spherical cap at latitude phi: -1 where the parallel
 * misses the cap, 180 where the cap holds the whole parallel (around a pole).
 */
function capHalfWidthDeg(sinPhi0: number, cosPhi0: number, cosTheta: number, phiRad: number): number {
  const den = cosPhi0 * Math.cos(phiRad);
  const num = cosTheta - sinPhi0 * Math.sin(phiRad);
  if (den < 1e-15) return num <= 0 ? 180 : -1;
  const c = num / den;
  if (c > 1) return -1;
  if (c <= -1) return 180;
  return Math.acos(c) / RAD;
}

/** A raster prepared for circle sums: row prefix sums and the pixel centres' trigonometry. */
export class RasterSweep {
  readonly raster: PopulationRaster;
  /** (width + 1) prefix sums per row; no-data counts as nobody. */
  private readonly prefix: Float64Array;
  private readonly dyM: number;

  constructor(raster: PopulationRaster) {
    this.raster = raster;
    const { width, height, values } = raster;
    this.prefix = new Float64Array((width + 1) * height);
    for (let row = 0; row < height; row++) {
      let s = 0;
      const base = row * (width + 1);
      for (let c = 0; c < width; c++) {
        const v = values[row * width + c]!;
        if (v > 0) s += v;
        this.prefix[base + c + 1] = s;
      }
    }
    this.dyM = raster.dy * RAD * EARTH_RADIUS_M;
  }

  /** People within radiusM of (lon, lat). */
  circleSum(lon: number, lat: number, radiusM: number, method: 'area' | 'centroid'): number {
    const { north, dy, height } = this.raster;
    const theta = radiusM / EARTH_RADIUS_M;
    const thetaDeg = theta / RAD;
    const sinPhi0 = Math.sin(lat * RAD);
    const cosPhi0 = Math.cos(lat * RAD);
    const cosTheta = Math.cos(theta);
    const row0 = Math.max(0, Math.floor((north - (lat + thetaDeg)) / dy));
    const row1 = Math.min(height - 1, Math.floor((north - (lat - thetaDeg)) / dy));
    // At least ~24 sampling lines across the circle's diameter; a pixel centre is one line.
    const lines = method === 'centroid' ? 1 : Math.min(32, Math.max(1, Math.ceil((12 * this.dyM) / radiusM)));
    let total = 0;
    for (let row = row0; row <= row1; row++) {
      for (let k = 0; k < lines; k++) {
        const phi = north - (row + (k + 0.5) / lines) * dy;
        const hw = capHalfWidthDeg(sinPhi0, cosPhi0, cosTheta, phi * RAD);
        if (hw < 0) continue;
        total += this.rowSpan(row, lon, hw, method) / lines;
      }
    }
    return total;
  }

  /** People in row between lon ± halfWidthDeg. */
  private rowSpan(row: number, lon: number, halfWidthDeg: number, method: 'area' | 'centroid'): number {
    const { width, west, dx } = this.raster;
    const base = row * (width + 1);
    const p = this.prefix;
    if (halfWidthDeg >= 180) return p[base + width]!;
    const a0 = (lon - halfWidthDeg - west) / dx;
    const b0 = (lon + halfWidthDeg - west) / dx;
    const turn = 360 / dx;
    let sum = 0;
    // The span may reach the raster across the antimeridian; shifted by a turn it cannot overlap itself.
    for (const shift of [0, turn, -turn]) {
      const a = Math.max(0, a0 + shift);
      const b = Math.min(width, b0 + shift);
      if (!(b > a)) continue;
      if (method === 'centroid') {
        const c0 = Math.ceil(a - 0.5);
        const c1 = Math.floor(b - 0.5);
        if (c1 >= c0) sum += p[base + c1 + 1]! - p[base + c0]!;
      } else {
        sum += this.prefixAt(base, b) - this.prefixAt(base, a);
      }
    }
    return sum;
  }

  /** Row prefix sum at a fractional column: whole pixels, plus the cut share of the next. */
  private prefixAt(base: number, x: number): number {
    const { width } = this.raster;
    const f = Math.floor(x);
    if (f >= width) return this.prefix[base + width]!;
    const before = this.prefix[base + f]!;
    return before + (x - f) * (this.prefix[base + f + 1]! - before);
  }

  /**
   * Assigns each populated pixel (by its centre) to the nearest of the given sites within
   * maxRadiusM and adds its people to that site's catchment for every radius it is within.
   * Ties go to the site listed first.
   */
  exclusiveCatchment(sites: PointColumns, subset: Uint32Array, radii: readonly number[], maxRadiusM: number, out: Float64Array[]): void {
    const { width, height, west, north, dx, dy, values } = this.raster;
    const reach = Math.min(maxRadiusM, radii[radii.length - 1]!);
    const chord = chordOfDistanceM(reach);
    const reach2 = chord * chord * (1 + 1e-12);
    const best = new Float64Array(width * height).fill(Infinity);
    const owner = new Int32Array(width * height).fill(-1);
    const colCos = new Float64Array(width);
    const colSin = new Float64Array(width);
    for (let c = 0; c < width; c++) {
      const lam = (west + (c + 0.5) * dx) * RAD;
      colCos[c] = Math.cos(lam);
      colSin[c] = Math.sin(lam);
    }
    const theta = reach / EARTH_RADIUS_M;
    const thetaDeg = theta / RAD;
    const cosTheta = Math.cos(theta);
    const turn = 360 / dx;
    for (const s of subset) {
      const lon = sites.lon[s]!;
      const lat = sites.lat[s]!;
      const sinPhi0 = Math.sin(lat * RAD);
      const cosPhi0 = Math.cos(lat * RAD);
      const sx = cosPhi0 * Math.cos(lon * RAD);
      const sy = cosPhi0 * Math.sin(lon * RAD);
      const sz = sinPhi0;
      const row0 = Math.max(0, Math.floor((north - (lat + thetaDeg)) / dy));
      const row1 = Math.min(height - 1, Math.floor((north - (lat - thetaDeg)) / dy));
      for (let row = row0; row <= row1; row++) {
        const phi = (north - (row + 0.5) * dy) * RAD;
        const hw = capHalfWidthDeg(sinPhi0, cosPhi0, cosTheta, phi);
        if (hw < 0) continue;
        const cosPhi = Math.cos(phi);
        const dz = Math.sin(phi) - sz;
        const dz2 = dz * dz;
        const a0 = (lon - Math.min(hw, 180) - west) / dx;
        const b0 = (lon + Math.min(hw, 180) - west) / dx;
        for (const shift of hw >= 180 ? [0] : [0, turn, -turn]) {
          const c0 = hw >= 180 ? 0 : Math.max(0, Math.ceil(a0 + shift - 0.5));
          const c1 = hw >= 180 ? width - 1 : Math.min(width - 1, Math.floor(b0 + shift - 0.5));
          for (let c = c0, p = row * width + c0; c <= c1; c++, p++) {
            if (!(values[p]! > 0)) continue;
            const ex = cosPhi * colCos[c]! - sx;
            const ey = cosPhi * colSin[c]! - sy;
            const d2 = ex * ex + ey * ey + dz2;
            if (d2 <= reach2 && d2 < best[p]!) {
              best[p] = d2;
              owner[p] = s;
            }
          }
        }
      }
    }
    for (let p = 0; p < owner.length; p++) {
      const s = owner[p]!;
      if (s < 0) continue;
      addToRings(out, s, radii, reach, distanceMOfChord(Math.sqrt(best[p]!)), values[p]!);
    }
  }
}

function addToRings(out: Float64Array[], site: number, radii: readonly number[], reach: number, distanceM: number, people: number): void {
  for (let k = 0; k < radii.length; k++) {
    const r = radii[k]!;
    if (r > reach) break;
    if (distanceM <= r * (1 + 1e-12)) out[k]![site]! += people;
  }
}

/** Rings and exclusive catchments from population points (e.g. settlement centroids with counts). */
function pointsAroundSites(
  sites: PointColumns, subset: Uint32Array, points: PopulationPoints, radii: readonly number[], maxRadiusM: number,
  rings: Float64Array[], catchment: Float64Array[],
): void {
  const maxRing = radii[radii.length - 1]!;
  const pointIndex = new SphereIndex(points.lon, points.lat);
  for (const s of subset) {
    pointIndex.within(sites.lon[s]!, sites.lat[s]!, maxRing, (j, d) => {
      // As in rasters and in the catchments below: no count (NaN) is nobody, not an unknown ring.
      if (points.population[j]! > 0) addToRings(rings, s, radii, maxRing, d, points.population[j]!);
    });
  }
  const reach = Math.min(maxRadiusM, maxRing);
  const siteIndex = sphereIndexOf(sites, subset);
  for (let j = 0; j < points.lon.length; j++) {
    const people = points.population[j]!;
    if (!(people > 0)) continue;
    const k = siteIndex.nearest(points.lon[j]!, points.lat[j]!, reach);
    if (k >= 0) addToRings(catchment, subset[k]!, radii, reach, siteIndex.distanceM, people);
  }
}
