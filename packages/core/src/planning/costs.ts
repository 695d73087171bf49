/**
 * What connecting one site costs with each technology, over the planning period.
 *
 *     const mbps = demandMbps(catchmentPeople, p);        // ITU: people × adoption × concurrency × 2 Mbps, ≥ 20
 *     satelliteCost(mbps, p).npvUsd;                       // capex now, replacements, yearly opex, discounted
 *     fiberCost(1.1 * 12_000, mbps, p).capexUsd;          // 12 km straight line → 13.2 km of route
 *
 * Capex is paid in year 0 and again at each replacement inside the period; opex (a share of capex
 * for operation and maintenance, plus Internet service per Mbps, plus spectrum for microwave) is
 * paid at the end of each year. TCO adds them up; NPV discounts them at the planning rate.
 */

import type { PlanningParameters } from './parameters.js';

export const TECHNOLOGIES = ['fiber', 'cellular', 'microwave', 'satellite'] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

export interface OptionCost {
  technology: Technology;
  capexUsd: number;
  /** Yearly operating cost: maintenance, Internet service, spectrum. */
  opexPerYearUsd: number;
  /** Capex, replacements and opex over the period, undiscounted. */
  tcoUsd: number;
  /** The same, discounted to year 0. */
  npvUsd: number;
}

/** Bandwidth a site needs for the people of its catchment. */
export function demandMbps(catchmentPeople: number, p: PlanningParameters): number {
  const d = p.demand;
  const people = catchmentPeople > 0 ? catchmentPeople : 0;
  return Math.max(d.minimumMbps, people * d.adoption * d.concurrency * d.mbpsPerConcurrentUser);
}

/** Fibre over a route of routeM metres (already including the route factor or the road length). */
export function fiberCost(routeM: number, mbps: number, p: PlanningParameters): OptionCost {
  const f = p.fiber;
  const capex = (f.perKmUsd * routeM) / 1000 + f.equipmentUsd;
  return lifecycle('fiber', capex, 0, f.opexShare * capex + f.servicePerMbpsYearUsd * mbps, p);
}

export function cellularCost(mbps: number, p: PlanningParameters): OptionCost {
  const c = p.cellular;
  return lifecycle('cellular', c.equipmentUsd, c.replaceEveryYears, c.opexShare * c.equipmentUsd + c.servicePerMbpsYearUsd * mbps, p);
}

export function microwaveCost(mbps: number, p: PlanningParameters): OptionCost {
  const m = p.microwave;
  const capex = m.equipmentUsd + m.perMhzUsd * m.bandwidthMhz;
  const opex = m.opexShare * capex + m.licencePerMhzYearUsd * m.bandwidthMhz + m.servicePerMbpsYearUsd * mbps;
  return lifecycle('microwave', capex, m.replaceEveryYears, opex, p);
}

export function satelliteCost(mbps: number, p: PlanningParameters): OptionCost {
  const s = p.satellite;
  return lifecycle('satellite', s.terminalUsd, s.replaceEveryYears, s.opexShare * s.terminalUsd + s.servicePerMbpsYearUsd * mbps, p);
}

/** replaceEveryYears 0: never replaced within the period. */
function lifecycle(technology: Technology, capexUsd: number, replaceEveryYears: number, opexPerYearUsd: number, p: PlanningParameters): OptionCost {
  const T = p.periodYears;
  const r = p.discountRate;
  let tco = capexUsd;
  let npv = capexUsd;
  if (replaceEveryYears > 0) {
    for (let year = replaceEveryYears; year < T; year += replaceEveryYears) {
      tco += capexUsd;
      npv += capexUsd / (1 + r) ** year;
    }
  }
  for (let year = 1; year <= T; year++) {
    tco += opexPerYearUsd;
    npv += opexPerYearUsd / (1 + r) ** year;
  }
  return { technology, capexUsd, opexPerYearUsd, tcoUsd: tco, npvUsd: npv };
}
