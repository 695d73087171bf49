/**
 * The connectivity analysis of one country: every metric for every site, as columns.
 *
 *     const m = analyseCountry(inputs, analysisParameters());
 *     m.nodeDistanceM.fiberOperational[i];  // metres to the nearest operational fibre node
 *     STATUS_CLASSES[m.coverageClass[i]];   // 'good' | 'moderate' | 'bad' | 'unknown'
 *
 * A country is the unit of work: its inputs fit in memory as typed arrays, and countries run
 * independently (in parallel, or one after another to bound memory).
 */

import { EARTH_RADIUS_M } from '../geo/distance.js';
import { SITE_TYPES, TRANSMISSION_MEDIA, type CountryCode } from '../domain.js';
import { coverageAtSites, indexWhere, nearestDistancesM, type CellSiteColumns, type CoveragePolygon } from './infrastructure.js';
import { neighboursOfSites } from './neighbours.js';
import type { AnalysisParameters } from './parameters.js';
import { populationAroundSites, type PointColumns, type PopulationInput } from './population.js';
import { AREA_CLASSES, STATUS_CLASSES, areaClass, coverageClass, speedBenchmarkMbps, speedClass } from './status.js';

export interface SiteColumns extends PointColumns {
  /** Index into SITE_TYPES. */
  siteType: Uint8Array;
  /** Contracted or measured download speed, NaN when unknown. */
  downloadMbps: Float64Array;
  /** As the registry states it: 1 connected, 0 not, -1 unknown. */
  isConnected: Int8Array;
}

export interface TransmissionNodeColumns extends PointColumns {
  /** Index into TRANSMISSION_MEDIA. */
  medium: Uint8Array;
  /** 1 when the node's status is operational. */
  operational: Uint8Array;
}

export interface CountryInputs {
  country: CountryCode;
  sites: SiteColumns;
  nodes: TransmissionNodeColumns;
  cells: CellSiteColumns;
  coverage: CoveragePolygon[];
  population: PopulationInput;
}

export interface SiteMetrics {
  country: CountryCode;
  size: number;
  /** NaN where the country has no such node. */
  nodeDistanceM: { fiber: Float64Array; fiberOperational: Float64Array; microwave: Float64Array; microwaveOperational: Float64Array };
  /** cellDistanceM[g - 2][i], NaN where the country has no cell site of generation g. */
  cellDistanceM: Float64Array[];
  /** 0 (none) or 2..5. */
  bestGeneration: Uint8Array;
  /** COVERAGE_SOURCE */
  coverageSource: Uint8Array;
  /** populationWithin[k][i] for populationRadiiM[k]; NaN without population data. */
  populationWithin: Float64Array[];
  /** catchment[k][i]: people within populationRadiiM[k] counted at their nearest site only. */
  catchment: Float64Array[];
  /** POPULATION_SOURCE */
  populationSource: Uint8Array;
  /** People per km² within the first population ring. */
  densityPerKm2: Float64Array;
  /** schoolsWithin[k][i] and otherSitesWithin[k][i] for neighbourRadiiM[k], the site itself excluded. */
  schoolsWithin: Uint32Array[];
  otherSitesWithin: Uint32Array[];
  /** Index into AREA_CLASSES. */
  areaClass: Uint8Array;
  /** Index into STATUS_CLASSES. */
  speedClass: Uint8Array;
  coverageClass: Uint8Array;
  /** 1 connected (speed good or moderate), 0 not, -1 unknown. */
  connected: Int8Array;
  /** Milliseconds per stage, for benchmarks and progress reports. */
  timingsMs: Record<'nodes' | 'coverage' | 'population' | 'neighbours' | 'status', number>;
}

const FIBER = TRANSMISSION_MEDIA.indexOf('fiber');
const MICROWAVE = TRANSMISSION_MEDIA.indexOf('microwave');
const SCHOOL = SITE_TYPES.indexOf('school');

export function analyseCountry(inputs: CountryInputs, params: AnalysisParameters): SiteMetrics {
  const { sites, nodes } = inputs;
  const n = sites.lon.length;
  const clock = stopwatch();

  const nodeIndex = (medium: number, operationalOnly: boolean) =>
    indexWhere(nodes, (j) => nodes.medium[j] === medium && (!operationalOnly || nodes.operational[j] === 1));
  const nodeDistanceM = {
    fiber: nearestDistancesM(sites, nodeIndex(FIBER, false)),
    fiberOperational: nearestDistancesM(sites, nodeIndex(FIBER, true)),
    microwave: nearestDistancesM(sites, nodeIndex(MICROWAVE, false)),
    microwaveOperational: nearestDistancesM(sites, nodeIndex(MICROWAVE, true)),
  };
  const tNodes = clock();

  const coverage = coverageAtSites(sites, inputs.cells, inputs.coverage, params);
  const tCoverage = clock();

  const population = populationAroundSites(sites, inputs.population, params);
  const r0 = params.populationRadiiM[0]!;
  // A spherical cap, not πr²: the same area the ring sum covers.
  const ringAreaKm2 = (2 * Math.PI * EARTH_RADIUS_M ** 2 * (1 - Math.cos(r0 / EARTH_RADIUS_M))) / 1e6;
  const densityPerKm2 = population.rings[0]!.map((people) => people / ringAreaKm2);
  const tPopulation = clock();

  const isSchool = sites.siteType.map((t) => (t === SCHOOL ? 1 : 0));
  const neighbours = neighboursOfSites(sites, isSchool, params.neighbourRadiiM);
  const tNeighbours = clock();

  const benchmark = speedBenchmarkMbps(inputs.country, params);
  const speed = new Uint8Array(n);
  const cover = new Uint8Array(n);
  const area = new Uint8Array(n);
  const connected = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    // A site the registry says is unconnected has a speed: zero.
    const mbps = sites.downloadMbps[i]! >= 0 ? sites.downloadMbps[i]! : sites.isConnected[i] === 0 ? 0 : NaN;
    const s = speedClass(mbps, benchmark, params.minimumSpeedMbps);
    speed[i] = STATUS_CLASSES.indexOf(s);
    cover[i] = STATUS_CLASSES.indexOf(coverageClass(coverage.bestGeneration[i]!, coverage.known[i] === 1));
    area[i] = AREA_CLASSES.indexOf(areaClass(densityPerKm2[i]!, params.urbanDensityPerKm2));
    connected[i] = s === 'good' || s === 'moderate' ? 1 : s === 'bad' ? 0 : sites.isConnected[i]!;
  }
  const tStatus = clock();

  return {
    country: inputs.country,
    size: n,
    nodeDistanceM,
    cellDistanceM: coverage.cellDistanceM,
    bestGeneration: coverage.bestGeneration,
    coverageSource: coverage.source,
    populationWithin: population.rings,
    catchment: population.catchment,
    populationSource: population.source,
    densityPerKm2,
    schoolsWithin: neighbours.schools,
    otherSitesWithin: neighbours.otherSites,
    areaClass: area,
    speedClass: speed,
    coverageClass: cover,
    connected,
    timingsMs: { nodes: tNodes, coverage: tCoverage, population: tPopulation, neighbours: tNeighbours, status: tStatus },
  };
}

/** Milliseconds since the previous call. */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    return ms;
  };
}
