/**
 * A country's analysis in a few numbers: what `postatlas analyze` prints and a run stores.
 *
 *     summariseCountry(metrics, sites.siteType, params).connected;  // sites known to be connected
 */

import { SITE_TYPES, type SiteType } from '../domain.js';
import type { SiteMetrics } from './analyse.js';
import type { AnalysisParameters } from './parameters.js';
import { AREA_CLASSES, STATUS_CLASSES, type AreaClass, type StatusClass } from './status.js';

export interface CountrySummary {
  country: string;
  sites: number;
  sitesByType: Partial<Record<SiteType, number>>;
  /** Post offices by connection: connected, not connected, unknown. */
  postOffices: { total: number; connected: number; notConnected: number; unknown: number };
  connected: number;
  coverage: Record<StatusClass, number>;
  area: Record<AreaClass, number>;
  /** Median over sites of the distance to the nearest operational fibre node, metres (null without nodes). */
  medianFiberOperationalM: number | null;
  /** Median distance to the nearest 4G cell site, metres (null without 4G cells). */
  median4gCellM: number | null;
  /** People within each catchment radius of some site, each counted once (null beyond the catchment radius). */
  peopleWithinM: { radiusM: number; people: number | null }[];
}

export function summariseCountry(m: SiteMetrics, siteType: Uint8Array, params: Pick<AnalysisParameters, 'populationRadiiM'>): CountrySummary {
  const sitesByType: Partial<Record<SiteType, number>> = {};
  const postOffices = { total: 0, connected: 0, notConnected: 0, unknown: 0 };
  const coverage = Object.fromEntries(STATUS_CLASSES.map((c) => [c, 0])) as Record<StatusClass, number>;
  const area = Object.fromEntries(AREA_CLASSES.map((c) => [c, 0])) as Record<AreaClass, number>;
  let connected = 0;
  const postOffice = SITE_TYPES.indexOf('post_office');
  for (let i = 0; i < m.size; i++) {
    const type = SITE_TYPES[siteType[i]!]!;
    sitesByType[type] = (sitesByType[type] ?? 0) + 1;
    coverage[STATUS_CLASSES[m.coverageClass[i]!]!]++;
    area[AREA_CLASSES[m.areaClass[i]!]!]++;
    if (m.connected[i] === 1) connected++;
    if (siteType[i] === postOffice) {
      postOffices.total++;
      if (m.connected[i] === 1) postOffices.connected++;
      else if (m.connected[i] === 0) postOffices.notConnected++;
      else postOffices.unknown++;
    }
  }
  const peopleWithinM = params.populationRadiiM.map((radiusM, k) => {
    let people = 0;
    let any = false;
    for (const v of m.catchment[k]!) if (v >= 0) { people += v; any = true; }
    return { radiusM, people: any ? Math.round(people) : null };
  });
  return {
    country: m.country,
    sites: m.size,
    sitesByType,
    postOffices,
    connected,
    coverage,
    area,
    medianFiberOperationalM: median(m.nodeDistanceM.fiberOperational),
    median4gCellM: median(m.cellDistanceM[2]!),
    peopleWithinM,
  };
}

function median(values: Float64Array): number | null {
  const known = values.filter((v) => v >= 0).sort();
  if (known.length === 0) return null;
  const mid = known.length >> 1;
  return known.length % 2 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2;
}
