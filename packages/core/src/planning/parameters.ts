/**
 * Planning parameters, version 1: demand per site and the cost of each technology. USD, metres,
 * years and Mbps; defaults are the ITU Connectivity Planning Platform's published defaults, to be
 * overridden per country with a parameter file. A plan stores the parameters it used.
 */
import type { SiteType } from '../domain.js';

export const PLANNING_PARAMETERS = {
  version: 1,
  currency: 'USD',
  demand: {
    /** Catchment radius whose exclusive population a site serves (ITU: 1 km). */
    catchmentRadiusM: 1_000,
    /** Share of the catchment that uses the Internet. */
    adoption: 0.25,
    /** Share of users online at the same time. */
    concurrency: 0.1,
    mbpsPerConcurrentUser: 2,
    /** No site is planned below this bandwidth. */
    minimumMbps: 20,
  },
  /** Net present value over this many years at this discount rate. */
  periodYears: 10,
  discountRate: 0.02,
  fiber: {
    perKmUsd: 20_000,
    equipmentUsd: 500,
    /** Yearly operation and maintenance as a share of capex. */
    opexShare: 0.05,
    servicePerMbpsYearUsd: 5.5,
    maxLinkM: 50_000,
    /** Route length = straight line × this, where no road network is given. */
    routeFactor: 1.1,
  },
  cellular: {
    equipmentUsd: 120,
    opexShare: 0.12,
    replaceEveryYears: 5,
    servicePerMbpsYearUsd: 4.5,
    /** Generations that carry a site's demand. */
    minimumGeneration: 4,
  },
  microwave: {
    equipmentUsd: 3_000,
    perMhzUsd: 50,
    licencePerMhzYearUsd: 15,
    bandwidthMhz: 40,
    opexShare: 0.1,
    replaceEveryYears: 7,
    servicePerMbpsYearUsd: 5.5,
    maxLinkM: 30_000,
    /** Line of sight, where an elevation model is given: a mast at the site, the cell's antenna. */
    siteMastM: 15,
    /** When the cell site's antenna height is not in the data. */
    cellAntennaM: 30,
    frequencyGHz: 8,
    /** Effective earth radius factor (standard atmosphere). */
    kFactor: 4 / 3,
    /** Share of the first Fresnel zone that must be clear (the usual planning rule). */
    fresnelClearance: 0.6,
    /** The nearest cell sites tried, in order, until one is in sight. */
    lineOfSightCandidates: 5,
  },
  satellite: {
    terminalUsd: 800,
    opexShare: 0.1,
    replaceEveryYears: 5,
    servicePerMbpsYearUsd: 6.4,
  },
  prioritisation: {
    /**
     * A site serves the people whose nearest site it is within this radius (one of the analysis's
     * catchment radii): 5 km is about an hour's walk, the distance rural access targets use.
     */
    servedRadiusM: 5_000,
    /** What one site, or one person served by it, counts for in the objective, by site type. */
    siteTypeWeights: {
      post_office: 1, school: 1, library: 1, health: 1, government: 1, community_center: 1, other: 1,
    } as Record<SiteType, number>,
    /**
     * Unconnected schools within this distance of an unconnected post office are connected with it
     * (a local link or Wi-Fi from the office): connecting the office counts them too. 0: off.
     */
    coConnectionRadiusM: 0,
    /**
     * What a budget pays for each site: its whole-life cost discounted ('npv', as a Universal
     * Service Fund commits to a subsidy over the contract), undiscounted ('tco'), or capex alone.
     */
    budgetBasis: 'npv' as 'npv' | 'tco' | 'capex',
    /** Fibre relays look for a parent among this many nearest sites. */
    relayNeighbours: 8,
  },
  solver: {
    /** Seconds HiGHS may spend on the exact model before the best plan found so far is kept. */
    timeLimitS: 10,
    /** Larger models are not sent to HiGHS: its WebAssembly build has aborted near 70,000 columns. */
    maxColumns: 60_000,
    /** HiGHS stops when its plan is proven within this fraction of the optimum. */
    relativeGap: 1e-4,
  },
};

export type PlanningParameters = typeof PLANNING_PARAMETERS;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type PlanningOverrides = DeepPartial<PlanningParameters>;

/**
 * The defaults with a country's overrides (a parameter file's contents) laid over them. A key the
 * defaults do not have, or a value of another kind, is an error that names the key: a misspelt
 * parameter must not fall back silently to its default.
 */
export function planningParameters(overrides: unknown = {}, source = 'planning parameters'): PlanningParameters {
  const merged = merge(PLANNING_PARAMETERS, overrides, source, '') as PlanningParameters;
  const pr = merged.prioritisation;
  if (!['npv', 'tco', 'capex'].includes(pr.budgetBasis)) throw new Error(`${source}: prioritisation.budgetBasis must be "npv", "tco" or "capex", got "${pr.budgetBasis}"`);
  const negative = numbers(merged, '').find(([, v]) => !(v >= 0));
  if (negative) throw new Error(`${source}: ${negative[0]} must be a number ≥ 0, got ${negative[1]}`);
  if (!(merged.demand.catchmentRadiusM > 0) || !(pr.servedRadiusM > 0)) throw new Error(`${source}: catchment radii must be > 0`);
  return merged;
}

function merge(base: unknown, over: unknown, source: string, path: string): unknown {
  if (over === undefined) return base;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(base)) {
    if (!isObject(over)) throw new Error(`${source}: ${path || 'the file'} must be an object`);
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in base)) throw new Error(`${source}: unknown parameter ${at}`);
      out[key] = merge(base[key], value, source, at);
    }
    return out;
  }
  if (typeof over !== typeof base) throw new Error(`${source}: ${path} must be a ${typeof base}, got ${JSON.stringify(over)}`);
  return over;
}

function numbers(value: unknown, path: string): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => numbers(v, path ? `${path}.${k}` : k));
}
