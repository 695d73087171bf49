/**
 * A scenario's report as numbers and tables, in no language yet: totals, the spend curve, the
 * technology mix, the rollout year by year, coverage before and after by admin area, the chosen
 * sites, the parameters with where they came from, the data sources and their versions. Pure:
 * it shapes what read.ts read, so a test can give it a small case and check every number.
 *
 *     const m = reportModel(await readReport(db, { country: 'STP', name: 'half' }));
 *     m.totals.people;            // people served by the funded sites
 *     m.coverage.areas[0];        // { area: 'Água-Grande', sites: 31, connectedBefore: 12, connectedAfter: 20, … }
 */
import { PLANNING_PARAMETERS, SITE_TYPES } from '@postatlas/core';
import type { ScenarioSite } from '@postatlas/store';
import type { AreaSite, ReportData } from './read.js';
import { TECHNOLOGY_ORDER } from './style.js';

/** Rows of the site table in a report; the CSV download has every site of a larger plan. */
export const MAX_TABLE_ROWS = 1_000;

export interface Tally { sites: number; people: number; costUsd: number }

/** The certificate as the plan job stored it (jobs/plan.ts Certificate); older scenarios may lack fields. */
export interface StoredCertificate {
  method: 'greedy' | 'highs';
  objective: string;
  value: number | null;
  bound: number | null;
  boundSource: string;
  gap: number | null;
  highs?: { error: string | null } | null;
}

export interface AreaCoverage {
  /** The admin area's name; null for sites without one. */
  area: string | null;
  sites: number;
  connectedBefore: number;
  connectedAfter: number;
  /** People of the sites' catchments, and of those of connected sites before and after the plan. */
  people: number;
  peopleBefore: number;
  peopleAfter: number;
}

export type ParameterSource = 'itu' | 'postatlas' | 'scenario';

export interface TableRow {
  rank: number;
  siteId: number;
  sourceId: string;
  name: string | null;
  siteType: string;
  /** 'co-connected' for a school connected through its post office. */
  technology: string;
  year: number;
  peopleServed: number;
  costUsd: number;
  costPerPersonUsd: number | null;
  lat: number;
  lon: number;
}

export interface MapSite { lon: number; lat: number; technology: string; year: number }

export interface ReportModel {
  country: string;
  name: string;
  createdAt: string;
  createdBy: string;
  madeAt: string;
  objective: 'population' | 'sites' | 'cost';
  budgetUsd: number | null;
  annualBudgetUsd: number | null;
  fromYear: number;
  untilYear: number;
  totals: Tally & { capexUsd: number; npvUsd: number; tcoUsd: number; unfundedCostUsd: number; costPerPersonUsd: number | null };
  /** Funded sites by site type, in SITE_TYPES order, types with none left out. */
  byType: { siteType: string; sites: number }[];
  certificate: StoredCertificate | null;
  /** What the curve counts: people for the population objective, sites otherwise. */
  curveOf: 'people' | 'sites';
  /** Cumulative spend and value after each funded site in priority order. */
  curve: { spendUsd: number; value: number }[];
  byTechnology: (Tally & { technology: string })[];
  /** Every year from the first to the last, with its sites per technology. */
  byYear: (Tally & { year: number; sitesByTechnology: Record<string, number> })[];
  coverage: { level: 'admin1' | 'admin2' | null; areas: AreaCoverage[] };
  mapSites: MapSite[];
  /** The funded sites in priority order, at most MAX_TABLE_ROWS; `funded` counts them all. */
  table: TableRow[];
  funded: number;
  /** Sites costed but not funded within the budget (cost objective). */
  unfunded: number;
  parameters: { path: string; value: string | number | boolean; source: ParameterSource }[];
  parametersVersion: number | null;
  run: { id: number; finishedAt: string; current: boolean } | null;
  sources: { name: string; layer: string; licence: string | null; attribution: string | null; source: string; owner: string | null }[];
  versions: { name: string; layer: string; importId: number | null; importedAt: string | null; sha256: string | null }[];
}

const techOf = (s: { technology: string | null }) => s.technology ?? 'co-connected';
const isFunded = (s: ScenarioSite) => s.year !== null;

function tally(sites: readonly ScenarioSite[]): Tally {
  const t = { sites: sites.length, people: 0, costUsd: 0 };
  for (const s of sites) {
    t.people += s.peopleServed;
    t.costUsd += s.costUsd;
  }
  return t;
}

const sum = (sites: readonly ScenarioSite[], k: 'capexUsd' | 'npvUsd' | 'tcoUsd' | 'costUsd') => sites.reduce((t, s) => t + s[k], 0);

export function reportModel(data: ReportData): ReportModel {
  const { scenario: s, sites } = data;
  const funded = sites.filter(isFunded);
  const total = tally(funded);
  const result = (s.result ?? {}) as { certificate?: StoredCertificate };

  let spend = 0;
  let value = 0;
  const curveOf = s.objective === 'population' ? 'people' : 'sites';
  const curve = funded.map((site) => {
    spend += site.costUsd;
    value += curveOf === 'people' ? site.peopleServed : 1;
    return { spendUsd: spend, value };
  });

  const years = Array.from({ length: Math.max(0, s.untilYear - s.fromYear + 1) }, (_, i) => s.fromYear + i);
  const byYear = years.map((year) => {
    const of = funded.filter((x) => x.year === year);
    const sitesByTechnology: Record<string, number> = {};
    for (const x of of) sitesByTechnology[techOf(x)] = (sitesByTechnology[techOf(x)] ?? 0) + 1;
    return { year, ...tally(of), sitesByTechnology };
  });

  return {
    country: s.country, name: s.name, createdAt: s.createdAt, createdBy: s.createdBy, madeAt: data.madeAt,
    objective: s.objective, budgetUsd: s.budgetUsd, annualBudgetUsd: s.annualBudgetUsd, fromYear: s.fromYear, untilYear: s.untilYear,
    totals: {
      ...total, capexUsd: sum(funded, 'capexUsd'), npvUsd: sum(funded, 'npvUsd'), tcoUsd: sum(funded, 'tcoUsd'),
      unfundedCostUsd: sum(sites.filter((x) => !isFunded(x)), 'costUsd'),
      costPerPersonUsd: total.people > 0 ? total.costUsd / total.people : null,
    },
    byType: SITE_TYPES.map((siteType) => ({ siteType, sites: funded.filter((x) => x.siteType === siteType).length })).filter((t) => t.sites > 0),
    certificate: result.certificate ?? null,
    curveOf, curve,
    byTechnology: TECHNOLOGY_ORDER.map((technology) => ({ technology, ...tally(funded.filter((x) => techOf(x) === technology)) })).filter((t) => t.sites > 0),
    byYear,
    coverage: coverage(data.areaSites, new Set(funded.map((x) => x.siteId))),
    mapSites: funded.map((x) => ({ lon: x.lon, lat: x.lat, technology: techOf(x), year: x.year! })),
    table: funded.slice(0, MAX_TABLE_ROWS).map((x) => ({
      rank: x.rank, siteId: x.siteId, sourceId: x.sourceId, name: x.name, siteType: x.siteType, technology: techOf(x), year: x.year!,
      peopleServed: x.peopleServed, costUsd: x.costUsd, costPerPersonUsd: x.costPerPersonUsd, lat: x.lat, lon: x.lon,
    })),
    funded: funded.length,
    unfunded: sites.length - funded.length,
    parameters: parameterRows(s.parameters),
    parametersVersion: typeof (s.parameters as { version?: unknown } | null)?.version === 'number' ? (s.parameters as { version: number }).version : null,
    run: data.run && { id: data.run.id, finishedAt: data.run.finishedAt, current: data.run.current },
    sources: data.datasets.map((d) => ({ name: d.name, layer: d.layer, licence: d.licence, attribution: d.attribution, source: d.source, owner: d.owner })),
    versions: (data.run?.inputs ?? []).map((i) => ({ name: i.name, layer: i.layer, importId: i.importId, importedAt: i.importedAt, sha256: i.sha256 })),
  };
}

/**
 * Sites and people connected per admin area before the plan and after it (the funded sites
 * connected too). The level is the first the country's data fills: admin1, else admin2, else one
 * area for all. Largest areas first.
 */
export function coverage(areaSites: readonly AreaSite[], funded: ReadonlySet<number>): ReportModel['coverage'] {
  const level = areaSites.some((a) => a.admin1) ? 'admin1' : areaSites.some((a) => a.admin2) ? 'admin2' : null;
  const areas = new Map<string | null, AreaCoverage>();
  for (const a of areaSites) {
    const key = (level && a[level]) || null;
    let c = areas.get(key);
    if (!c) areas.set(key, (c = { area: key, sites: 0, connectedBefore: 0, connectedAfter: 0, people: 0, peopleBefore: 0, peopleAfter: 0 }));
    const after = a.connected || funded.has(a.siteId);
    c.sites += 1;
    c.people += a.people;
    if (a.connected) {
      c.connectedBefore += 1;
      c.peopleBefore += a.people;
    }
    if (after) {
      c.connectedAfter += 1;
      c.peopleAfter += a.people;
    }
  }
  const named = (c: AreaCoverage) => c.area ?? '\uffff';
  return { level, areas: [...areas.values()].sort((a, b) => b.sites - a.sites || named(a).localeCompare(named(b))) };
}

/** Keys whose defaults are the ITU Connectivity Planning Platform's (parameters.ts says so); the rest are postatlas's own. */
const ITU_GROUPS = ['demand.', 'periodYears', 'discountRate', 'fiber.', 'cellular.', 'satellite.', 'microwave.'];
const POSTATLAS_KEYS = ['microwave.siteMastM', 'microwave.cellAntennaM', 'microwave.frequencyGHz', 'microwave.kFactor', 'microwave.fresnelClearance', 'microwave.lineOfSightCandidates'];

/** Every leaf of the parameters the plan used, with where its value came from. */
export function parameterRows(used: unknown, defaults: unknown = PLANNING_PARAMETERS): ReportModel['parameters'] {
  const rows: ReportModel['parameters'] = [];
  const walk = (v: unknown, d: unknown, path: string) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      // In the defaults' order (parameters.ts reads as a story), whatever order the database kept.
      const known = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
      const keys = [...Object.keys(known).filter((k) => k in v), ...Object.keys(v).filter((k) => !(k in known))];
      for (const k of keys) walk((v as Record<string, unknown>)[k], known[k], path ? `${path}.${k}` : k);
      return;
    }
    const value = Array.isArray(v) ? v.join(', ') : (v as string | number | boolean);
    const source: ParameterSource = JSON.stringify(v) !== JSON.stringify(d) ? 'scenario'
      : ITU_GROUPS.some((g) => path === g || path.startsWith(g)) && !POSTATLAS_KEYS.includes(path) ? 'itu' : 'postatlas';
    rows.push({ path, value, source });
  };
  walk(used ?? {}, defaults, '');
  return rows;
}
