/**
 * Line of sight for a microwave hop, over a digital elevation model: the straight ray between two
 * antennas must clear the ground, raised by the earth's bulge under standard refraction (k = 4/3),
 * by a share of the first Fresnel zone (60 % is the usual planning rule).
 *
 *     const los = lineOfSight(dem, { lon, lat, heightM: 15 }, { lon: cLon, lat: cLat, heightM: 30 }, options);
 *     los?.clear;          // false when a hill (or the bulge) is in the way; null: off the DEM or no data
 *     los?.clearanceM;     // the smallest margin along the path (negative where it is blocked)
 *
 * Ground heights are bilinear between pixel centres, sampled at least once per pixel along the path.
 */

import type { RasterGrid } from '../domain.js';
import { EARTH_RADIUS_M, haversineM } from '../geo/distance.js';

/** Metres above sea level per pixel (NaN: no data), north-up in EPSG:4326. */
export interface ElevationModel extends RasterGrid {
  values: Float32Array;
}

export interface Antenna {
  lon: number;
  lat: number;
  /** Above the ground. */
  heightM: number;
}

export interface LineOfSightOptions {
  /** Effective earth radius factor (4/3: standard atmosphere). */
  kFactor: number;
  frequencyGHz: number;
  /** Share of the first Fresnel zone's radius that must be clear. */
  fresnelClearance: number;
}

export interface LineOfSight {
  clear: boolean;
  /** Smallest margin between the ray and ground + bulge + Fresnel clearance, metres. */
  clearanceM: number;
  /** Distance from the first antenna where that margin is, metres. */
  atM: number;
}

const SPEED_OF_LIGHT = 299_792_458;

export function lineOfSight(dem: ElevationModel, a: Antenna, b: Antenna, o: LineOfSightOptions): LineOfSight | null {
  const groundA = elevationAt(dem, a.lon, a.lat);
  const groundB = elevationAt(dem, b.lon, b.lat);
  if (Number.isNaN(groundA) || Number.isNaN(groundB)) return null;
  const D = haversineM(a.lat, a.lon, b.lat, b.lon);
  const rayA = groundA + a.heightM;
  const rayB = groundB + b.heightM;
  const pixelM = (Math.min(dem.dx * Math.cos((a.lat * Math.PI) / 180), dem.dy) * Math.PI * EARTH_RADIUS_M) / 180;
  const steps = Math.max(2, Math.ceil(D / Math.max(1, pixelM / 2)));
  const wavelengthM = SPEED_OF_LIGHT / (o.frequencyGHz * 1e9);
  let worst: LineOfSight = { clear: true, clearanceM: Infinity, atM: 0 };
  // Hops are at most tens of kilometres: a straight line in degrees is within metres of the great circle.
  for (let s = 1; s < steps; s++) {
    const t = s / steps;
    const ground = elevationAt(dem, a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat));
    if (Number.isNaN(ground)) return null;
    const d1 = t * D;
    const d2 = D - d1;
    const bulge = (d1 * d2) / (2 * o.kFactor * EARTH_RADIUS_M);
    const fresnel = Math.sqrt((wavelengthM * d1 * d2) / D);
    const clearance = rayA + t * (rayB - rayA) - (ground + bulge + o.fresnelClearance * fresnel);
    if (clearance < worst.clearanceM) worst = { clear: clearance >= 0, clearanceM: clearance, atM: d1 };
  }
  return worst;
}

/** Bilinear between pixel centres; NaN outside the grid or next to a pixel without data. */
export function elevationAt(dem: ElevationModel, lon: number, lat: number): number {
  const x = (lon - dem.west) / dem.dx - 0.5;
  const y = (dem.north - lat) / dem.dy - 0.5;
  if (!(x >= -0.5 && y >= -0.5 && x <= dem.width - 0.5 && y <= dem.height - 0.5)) return NaN;
  const x0 = Math.min(Math.max(0, Math.floor(x)), dem.width - 1);
  const y0 = Math.min(Math.max(0, Math.floor(y)), dem.height - 1);
  const x1 = Math.min(x0 + 1, dem.width - 1);
  const y1 = Math.min(y0 + 1, dem.height - 1);
  const fx = Math.min(1, Math.max(0, x - x0));
  const fy = Math.min(1, Math.max(0, y - y0));
  const v = (col: number, row: number) => dem.values[row * dem.width + col]!;
  const top = v(x0, y0) * (1 - fx) + v(x1, y0) * fx;
  const bottom = v(x0, y1) * (1 - fx) + v(x1, y1) * fx;
  return top * (1 - fy) + bottom * fy;
}
