/**
 * Connectivity-analysis parameters, version 1. Units are in the names; each value says where it
 * comes from. An analysis run stores the parameters it used, so a map or a plan can say which.
 */
export const ANALYSIS_PARAMETERS = {
  version: 1,
  /** Rings for "population within": Giga Maps and the ITU planning platform show 1–10 km. */
  populationRadiiM: [1_000, 2_000, 3_000, 5_000, 10_000],
  /**
   * `area`: each pixel counts by the share of it inside the circle (pixels are split along their
   * width exactly and along their height by sampling), the better estimate for small rings on
   * coarse rasters. `centroid`: a pixel counts whole when its centre is inside, as a PostGIS
   * point sum does.
   */
  populationMethod: 'area' as 'area' | 'centroid',
  /**
   * Exclusive catchments are kept for each population ring up to this radius: a person (pixel
   * or point) belongs to the nearest site, and to its catchment within r when within r of it.
   * The ITU planning platform's "no overlap" mode.
   */
  catchmentMaxRadiusM: 10_000,
  /** Rings for counting schools and other sites nearby (co-connection opportunities). */
  neighbourRadiiM: [1_000, 2_000, 3_000],
  /**
   * Radius a cell site of each generation is taken to cover when the source gives no range.
   * Assumption for rural macro cells (low bands, flat terrain), to be overridden per country
   * with the operator's own figures; coverage polygons, where imported, take precedence.
   */
  defaultCellRangeM: { 2: 10_000, 3: 5_000, 4: 5_000, 5: 1_000 } as Record<2 | 3 | 4 | 5, number>,
  /** Ranges beyond this are estimates from few measurements; 35 km is GSM's timing-advance limit. */
  maxCellRangeM: 35_000,
  /**
   * People per km² within the first population ring at or above which a site is urban. 300/km²
   * is the density threshold of an "urban cluster" in the Degree of Urbanisation (GHSL, UN
   * Statistical Commission 2020).
   */
  urbanDensityPerKm2: 300,
  /** Giga's benchmark: a connection at or above this download speed is "good". */
  speedBenchmarkMbps: 20,
  /** Per-country benchmarks that replace speedBenchmarkMbps (ISO alpha-3 → Mbps). */
  speedBenchmarkMbpsByCountry: {} as Record<string, number>,
  /** Below this a connection is "bad"; from here to the benchmark it is "moderate" (Giga). */
  minimumSpeedMbps: 1,
};

export type AnalysisParameters = typeof ANALYSIS_PARAMETERS;

/** The defaults with the caller's overrides; checked so a typo fails before a long run. */
export function analysisParameters(overrides: Partial<AnalysisParameters> = {}): AnalysisParameters {
  const p = { ...ANALYSIS_PARAMETERS, ...overrides };
  const radii = [...p.populationRadiiM, ...p.neighbourRadiiM, p.catchmentMaxRadiusM, p.maxCellRangeM, ...Object.values(p.defaultCellRangeM)];
  if (radii.some((r) => !(r > 0) || !Number.isFinite(r))) throw new Error(`analysis parameters: every radius must be a positive number of metres`);
  if (p.populationRadiiM.length === 0) throw new Error('analysis parameters: at least one population radius is needed (density is taken in the first ring)');
  if (!isAscending(p.populationRadiiM) || !isAscending(p.neighbourRadiiM)) throw new Error('analysis parameters: radii must be in ascending order');
  if (p.populationMethod !== 'area' && p.populationMethod !== 'centroid') throw new Error(`analysis parameters: populationMethod must be "area" or "centroid", got "${String(p.populationMethod)}"`);
  const benchmarks = [p.speedBenchmarkMbps, ...Object.values(p.speedBenchmarkMbpsByCountry)];
  if (!(p.minimumSpeedMbps >= 0) || !benchmarks.every((b) => b > p.minimumSpeedMbps)) throw new Error('analysis parameters: the speed benchmark must exceed the minimum speed');
  return p;
}

function isAscending(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v > values[i - 1]!);
}
