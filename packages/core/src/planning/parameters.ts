/**
 * Planning parameters, version 1: demand per site and the cost of each technology. USD, metres,
 * years and Mbps; defaults are the ITU Connectivity Planning Platform's published defaults, to be
 * overridden per country with a parameter file. A plan stores the parameters it used.
 */
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
  },
  satellite: {
    terminalUsd: 800,
    opexShare: 0.1,
    replaceEveryYears: 5,
    servicePerMbpsYearUsd: 6.4,
  },
};

export type PlanningParameters = typeof PLANNING_PARAMETERS;
