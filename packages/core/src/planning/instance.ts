/**
 * The planning instance of a country: the sites to connect (candidates), what each is worth, and
 * the ways to connect each (columns), built once from the analysis's metrics and shared by the
 * greedy planner, the bound and the exact model.
 *
 *     const inst = planningInstance(sites, p, 'population');
 *     inst.site[c];                                   // the site row of candidate c
 *     for (let k = inst.columnStart[c]; k < inst.columnStart[c + 1]; k++) inst.option[k];
 *
 * A candidate's first column is its cheapest technology by NPV that needs nothing else (the
 * "base"). Further columns exist only for fibre relays: fibre from a neighbouring candidate, which
 * then has to be on fibre itself (`requires`), and direct fibre for a candidate whose neighbours
 * could relay from it even where fibre is not its own cheapest choice. Every column of a candidate
 * serves the same people, so other technologies, dearer than the base, are never worth a column.
 */

import { SITE_TYPES, type SiteType } from '../domain.js';
import { SphereIndex, sphereIndexOf } from '../spatial/sphere-index.js';
import { fiberCost, type Technology } from './costs.js';
import { lineOfSight, type ElevationModel } from './line-of-sight.js';
import { siteOptions, type SiteOption } from './options.js';
import type { PlanningParameters } from './parameters.js';
import { ROLE, fiberRelays, type RelayOptions } from './relays.js';
import type { RoadNetwork } from './roads.js';

export const OBJECTIVES = ['population', 'sites', 'cost'] as const;
/** population: most people served; sites: most sites connected; cost: every site at least cost. */
export type Objective = (typeof OBJECTIVES)[number];

/** A country's sites as columns, from the analysis's metrics. */
export interface PlanningSites {
  lon: Float64Array;
  lat: Float64Array;
  /** Index into SITE_TYPES. */
  siteType: Uint8Array;
  /** 1: connected already (not planned); 0 or -1 (unknown): to be planned. */
  connected: Int8Array;
  /** 1 for a connected site whose link is fibre: it relays fibre to its neighbours. */
  onFiber: Uint8Array;
  /** Exclusive catchment at the demand radius (people; NaN when unknown). */
  demandPeople: Float64Array;
  /** Exclusive catchment at the served radius: the people counted as served (NaN when unknown). */
  servedPeople: Float64Array;
  /** To the nearest operational fibre node, metres (NaN when none). */
  fiberNodeM: Float64Array;
  /** Best generation covering the site: 0 or 2..5. */
  bestGeneration: Uint8Array;
  /** To the nearest cell site, metres (NaN when none). */
  nearestCellM: Float64Array;
}

/** What a plan may know of the ground: elevation with the cell sites (line of sight), roads with the fibre nodes (routes). */
export interface PlanningTerrain {
  dem?: ElevationModel;
  cells?: { lon: Float64Array; lat: Float64Array; /** NaN: not in the data. */ antennaM: Float64Array };
  roads?: RoadNetwork;
  /** Operational fibre nodes, where fibre routes start along the roads. */
  fiberNodes?: { lon: Float64Array; lat: Float64Array };
}

export interface PlanningInstance {
  objective: Objective;
  /** Site row of each candidate. */
  site: Int32Array;
  /** What connecting the candidate is worth on its own: weighted people or weighted sites. */
  value: Float64Array;
  /** People the candidate serves (unweighted), for reports. */
  people: Float64Array;
  demandMbps: Float64Array;
  /** Candidate (a post office) a school is co-connected with, or -1. */
  host: Int32Array;
  /** Columns of candidate c: columnStart[c] .. columnStart[c + 1] - 1. */
  columnStart: Int32Array;
  columnCandidate: Int32Array;
  /** What a column costs against the budget (the budget basis of its option). */
  columnCost: Float64Array;
  /** A candidate that must be on fibre for this column (a relay), or -1. */
  requires: Int32Array;
  /** 1 when the column puts its candidate on fibre. */
  fiber: Uint8Array;
  option: SiteOption[];
}

const POST_OFFICE = SITE_TYPES.indexOf('post_office');
const SCHOOL = SITE_TYPES.indexOf('school');

export function planningInstance(sites: PlanningSites, p: PlanningParameters, objective: Objective, terrain?: PlanningTerrain): PlanningInstance {
  const n = sites.lon.length;
  const pr = p.prioritisation;
  const candidateOf = new Int32Array(n).fill(-1);
  const site: number[] = [];
  for (let i = 0; i < n; i++) if (sites.connected[i] !== 1) candidateOf[i] = site.push(i) - 1;
  const m = site.length;

  const people = Float64Array.from(site, (i) => (sites.servedPeople[i]! > 0 ? sites.servedPeople[i]! : 0));
  const weight = Float64Array.from(site, (i) => pr.siteTypeWeights[SITE_TYPES[sites.siteType[i]!] as SiteType] ?? 1);
  const value = objective === 'sites' ? weight : people.map((x, c) => x * weight[c]!);
  const host = coConnectionHosts(sites, site, candidateOf, pr.coConnectionRadiusM);

  const hop = microwaveHops(sites, site, p, terrain);
  const { directRouteM, routesM } = fiberRoutes(sites, p, terrain);
  const base = site.map((i, c) => siteOptions({
    catchment1kmPeople: sites.demandPeople[i]!, fiberNodeM: sites.fiberNodeM[i]!, fiberRouteM: directRouteM[i]!,
    bestGeneration: sites.bestGeneration[i]!, nearestCellM: hop[c]!.hopM, lineOfSightChecked: hop[c]!.checked,
  }, p));
  const demandMbps = Float64Array.from(base, (o) => o.demandMbps);

  const role = new Uint8Array(n);
  for (let i = 0; i < n; i++) role[i] = candidateOf[i]! >= 0 ? ROLE.candidate : sites.onFiber[i] ? ROLE.onFiber : ROLE.absent;
  const relays = fiberRelays(sites, role, directRouteM, { maxLinkM: p.fiber.maxLinkM, routeFactor: p.fiber.routeFactor, neighbours: pr.relayNeighbours, routesM });

  // Fibre from the parent, where it is a site: free of conditions when the parent is on fibre
  // already, else a relay that needs the parent on fibre. Children first (reverse network order),
  // so a candidate knows whether any child relays from it.
  const relayOption: (SiteOption | null)[] = new Array(m).fill(null);
  const directFiber: (SiteOption | null)[] = base.map((o) => o.options.find((x) => x.technology === 'fiber') ?? null);
  const feedsRelays = new Uint8Array(m);
  for (let r = relays.order.length - 1; r >= 0; r--) {
    const i = relays.order[r]!;
    const c = candidateOf[i]!;
    const parent = relays.parent[i]!;
    if (c < 0 || parent < 0) continue;
    const linkM = relays.linkM[i]!;
    const option: SiteOption = { ...fiberCost(linkM, demandMbps[c]!, p), linkM };
    if (candidateOf[parent]! < 0) {
      // A site on fibre is a node: this is direct fibre, over a shorter link.
      if (!directFiber[c] || option.npvUsd < directFiber[c]!.npvUsd) directFiber[c] = option;
    } else if (option.npvUsd < base[c]!.cheapest.npvUsd || feedsRelays[c]) {
      relayOption[c] = option;
      feedsRelays[candidateOf[parent]!] = 1;
    }
  }

  const columnStart = new Int32Array(m + 1);
  const columnCandidate: number[] = [];
  const requires: number[] = [];
  const option: SiteOption[] = [];
  const add = (c: number, o: SiteOption, req: number) => {
    columnCandidate.push(c);
    option.push(o);
    requires.push(req);
  };
  for (let c = 0; c < m; c++) {
    const fiber = directFiber[c];
    const cheapest = fiber && fiber.npvUsd < base[c]!.cheapest.npvUsd ? fiber : base[c]!.cheapest;
    add(c, cheapest, -1);
    if (feedsRelays[c] && fiber && cheapest !== fiber) add(c, fiber, -1);
    const relay = relayOption[c];
    if (relay && (feedsRelays[c] || relay.npvUsd < cheapest.npvUsd)) add(c, relay, candidateOf[relays.parent[site[c]!]!]!);
    columnStart[c + 1] = option.length;
  }
  const basis = pr.budgetBasis;
  const cost = (o: SiteOption) => (basis === 'capex' ? o.capexUsd : basis === 'tco' ? o.tcoUsd : o.npvUsd);
  return {
    objective,
    site: Int32Array.from(site),
    value,
    people,
    demandMbps,
    host,
    columnStart,
    columnCandidate: Int32Array.from(columnCandidate),
    columnCost: Float64Array.from(option, cost),
    requires: Int32Array.from(requires),
    fiber: Uint8Array.from(option, (o) => (o.technology === ('fiber' satisfies Technology) ? 1 : 0)),
    option,
  };
}

/**
 * Fibre route lengths: from the nearest operational node to each site, and between neighbouring
 * sites for relays. Straight line × the route factor; along the roads where a network is given
 * (a site the roads do not bring within reach of a node gets no direct fibre).
 */
function fiberRoutes(sites: PlanningSites, p: PlanningParameters, terrain?: PlanningTerrain): { directRouteM: Float64Array; routesM?: RelayOptions['routesM'] } {
  const { roads, fiberNodes } = terrain ?? {};
  if (!roads || !fiberNodes) return { directRouteM: sites.fiberNodeM.map((d) => d * p.fiber.routeFactor) };
  const maxM = p.fiber.maxLinkM;
  const nodes = Array.from(fiberNodes.lon, (lon, k) => ({ lon, lat: fiberNodes.lat[k]! }));
  const fromNodes = roads.distancesFrom(nodes, maxM);
  // Each site joins the roads once; a site is the neighbour of a dozen others.
  const snaps = Array.from(sites.lon, (lon, i) => roads.snap(lon, sites.lat[i]!));
  const along = (dist: Float64Array, j: number) => (snaps[j]!.vertex < 0 ? Infinity : dist[snaps[j]!.vertex]! + snaps[j]!.connectorM);
  const directRouteM = Float64Array.from(snaps, (_, i) => along(fromNodes, i));
  const routesM = (i: number, js: number[]) => {
    const targets = new Set(js.map((j) => snaps[j]!.vertex));
    const fromSite = roads.distancesFrom([{ lon: sites.lon[i]!, lat: sites.lat[i]! }], maxM, targets);
    return js.map((j) => along(fromSite, j));
  };
  return { directRouteM, routesM };
}

/**
 * The microwave hop of each candidate: to the nearest cell site in sight, where the elevation model
 * says so (NaN when every candidate cell is blocked); to the nearest cell, unchecked, without one
 * or where the path leaves the model.
 */
function microwaveHops(sites: PlanningSites, site: number[], p: PlanningParameters, terrain?: PlanningTerrain): { hopM: number; checked: boolean }[] {
  const unchecked = site.map((i) => ({ hopM: sites.nearestCellM[i]!, checked: false }));
  if (!terrain?.dem || !terrain.cells) return unchecked;
  const { dem, cells: cellSites } = terrain;
  const mw = p.microwave;
  const cells = new SphereIndex(cellSites.lon, cellSites.lat);
  return site.map((i, c) => {
    if (!(sites.nearestCellM[i]! <= mw.maxLinkM)) return unchecked[c]!;
    const from = { lon: sites.lon[i]!, lat: sites.lat[i]!, heightM: mw.siteMastM };
    const near = cells.nearestK(from.lon, from.lat, mw.lineOfSightCandidates, mw.maxLinkM);
    let unknown = NaN;
    for (const [r, k] of near.indices.entries()) {
      const antenna = cellSites.antennaM[k]!;
      const to = { lon: cellSites.lon[k]!, lat: cellSites.lat[k]!, heightM: antenna > 0 ? antenna : mw.cellAntennaM };
      const los = lineOfSight(dem, from, to, mw);
      if (los?.clear) return { hopM: near.distancesM[r]!, checked: true };
      if (!los && Number.isNaN(unknown)) unknown = near.distancesM[r]!;
    }
    return Number.isNaN(unknown) ? { hopM: NaN, checked: true } : { hopM: unknown, checked: false };
  });
}

/** Each candidate school within radiusM of a candidate post office goes with the nearest one. */
function coConnectionHosts(sites: PlanningSites, site: number[], candidateOf: Int32Array, radiusM: number): Int32Array {
  const host = new Int32Array(site.length).fill(-1);
  if (!(radiusM > 0)) return host;
  const offices = site.filter((i) => sites.siteType[i] === POST_OFFICE);
  const index = sphereIndexOf(sites, offices);
  site.forEach((i, c) => {
    if (sites.siteType[i] !== SCHOOL) return;
    const k = index.nearest(sites.lon[i]!, sites.lat[i]!, radiusM);
    if (k >= 0) host[c] = candidateOf[offices[k]!]!;
  });
  return host;
}

/** Candidates each host co-connects, as lists (empty for most). */
export function hostedBy(inst: PlanningInstance): number[][] {
  const hosted: number[][] = Array.from({ length: inst.site.length }, () => []);
  inst.host.forEach((h, c) => h >= 0 && hosted[h]!.push(c));
  return hosted;
}
