/**
 * Connectivity status from what is known, in Giga's classes.
 *
 *     speedClass(25, 20, 1);  // 'good'
 *     coverageClass(3, true); // 'moderate'
 */

import type { AnalysisParameters } from './parameters.js';

export const STATUS_CLASSES = ['unknown', 'bad', 'moderate', 'good'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];
export const AREA_CLASSES = ['unknown', 'rural', 'urban'] as const;
export type AreaClass = (typeof AREA_CLASSES)[number];

/** Giga: good at or above the benchmark, moderate from the minimum up to it, bad below; unknown without a speed. */
export function speedClass(downloadMbps: number, benchmarkMbps: number, minimumMbps: number): StatusClass {
  if (!(downloadMbps >= 0)) return 'unknown';
  if (downloadMbps >= benchmarkMbps) return 'good';
  if (downloadMbps >= minimumMbps) return 'moderate';
  return 'bad';
}

/** 4G/5G good, 2G/3G moderate, none bad; unknown where the imported mobile data does not reach the site. */
export function coverageClass(bestGeneration: number, known: boolean): StatusClass {
  if (!known) return 'unknown';
  if (bestGeneration >= 4) return 'good';
  if (bestGeneration >= 2) return 'moderate';
  return 'bad';
}

export function speedBenchmarkMbps(country: string, params: Pick<AnalysisParameters, 'speedBenchmarkMbps' | 'speedBenchmarkMbpsByCountry'>): number {
  return params.speedBenchmarkMbpsByCountry[country] ?? params.speedBenchmarkMbps;
}

/** Urban at or above the density threshold; unknown without population data. */
export function areaClass(densityPerKm2: number, urbanDensityPerKm2: number): AreaClass {
  if (!(densityPerKm2 >= 0)) return 'unknown';
  return densityPerKm2 >= urbanDensityPerKm2 ? 'urban' : 'rural';
}
