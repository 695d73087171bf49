/**
 * The technologies that can connect each site, with their costs, and the cheapest of them.
 *
 *     const o = siteOptions({ catchment1kmPeople: 3_000, fiberNodeM: 4_000, bestGeneration: 3, nearestCellM: 2_500 }, p);
 *     o.options.map((x) => x.technology);  // ['fiber', 'microwave', 'satellite']
 *     o.cheapest.technology;                // by NPV
 *
 * Fibre here runs from the nearest operational transmission node; relays through other planned
 * sites are the planner's business, since they depend on which sites it picks.
 */

import { cellularCost, demandMbps, fiberCost, microwaveCost, satelliteCost, type OptionCost } from './costs.js';
import type { PlanningParameters } from './parameters.js';

export interface SiteSituation {
  /** Exclusive catchment within the demand radius (people); NaN when unknown (then the demand floor applies). */
  catchment1kmPeople: number;
  /** To the nearest operational fibre node, metres; NaN when the country has none. */
  fiberNodeM: number;
  /** The fibre route from it when measured (along roads); else fiberNodeM × the route factor. */
  fiberRouteM?: number;
  /** 0 or 2..5. */
  bestGeneration: number;
  /** To the nearest cell site of any generation that can host a microwave link, metres; NaN when none. */
  nearestCellM: number;
  /** True when nearestCellM is a hop whose line of sight was checked (and is clear). */
  lineOfSightChecked?: boolean;
}

export interface SiteOption extends OptionCost {
  /** Fibre route or microwave hop, metres. */
  linkM: number | null;
  /** Microwave: true when line of sight was not checked against an elevation model. */
  lineOfSightUnchecked?: boolean;
}

export interface SiteOptions {
  demandMbps: number;
  options: SiteOption[];
  cheapest: SiteOption;
}

export function siteOptions(s: SiteSituation, p: PlanningParameters): SiteOptions {
  const mbps = demandMbps(s.catchment1kmPeople, p);
  const options: SiteOption[] = [];
  const routeM = s.fiberRouteM ?? s.fiberNodeM * p.fiber.routeFactor;
  if (routeM <= p.fiber.maxLinkM) options.push({ ...fiberCost(routeM, mbps, p), linkM: routeM });
  if (s.bestGeneration >= p.cellular.minimumGeneration) options.push({ ...cellularCost(mbps, p), linkM: null });
  if (s.nearestCellM <= p.microwave.maxLinkM) {
    options.push({ ...microwaveCost(mbps, p), linkM: s.nearestCellM, ...(s.lineOfSightChecked ? {} : { lineOfSightUnchecked: true }) });
  }
  options.push({ ...satelliteCost(mbps, p), linkM: null });
  const cheapest = options.reduce((a, b) => (b.npvUsd < a.npvUsd ? b : a));
  return { demandMbps: mbps, options, cheapest };
}
