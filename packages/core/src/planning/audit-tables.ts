/**
 * The tables of an audit pack: the inputs as the planner used them (sites, every option with its
 * cost items, relays), the plan, and the plan as the column values of model.lp.
 *
 *     const t = optionsTable(inputs);
 *     write('inputs/options.csv', csvText(t));
 *
 * Every model column is named as in model.lp, so a row of a table can be found in the model.
 */

import { csvLine } from '../csv.js';
import { SITE_TYPES } from '../domain.js';
import { costItems, type AuditPlan } from './audit.js';
import type { PlanningInstance, PlanningSites } from './instance.js';
import type { LpNames } from './lp-format.js';
import type { LinearModel } from './model.js';
import { siteOptions, type SiteOption } from './options.js';
import type { PlanningParameters } from './parameters.js';

export interface AuditTable {
  columns: readonly string[];
  rows: unknown[][];
}

/** What the tables are made of: the rebuilt instance and model, and the sites they came from. */
export interface AuditInputs {
  inst: PlanningInstance;
  model: LinearModel;
  names: LpNames;
  sites: PlanningSites;
  /** sites.id of each site row. */
  siteIds: Int32Array;
  /** Source id and name of a site row. */
  label: (row: number) => { sourceId: string; name: string | null };
  parameters: PlanningParameters;
  /** Candidates the plan had to include. */
  mustInclude: readonly number[];
  /** Whether the plan saw an elevation model and roads: the alternatives that depend on them are then not listed. */
  terrain: { dem: boolean; roads: boolean };
}

/** RFC 4180 text: a header and a line per row; unknown numbers (NaN) as empty cells. */
export function csvText(t: AuditTable): string {
  const clean = (v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? null : v);
  return [csvLine(t.columns), ...t.rows.map((r) => csvLine(r.map(clean)))].join('');
}

/** model.lp's names of instance column k: one, or one per year. */
export function lpColumnsOf(a: Pick<AuditInputs, 'model' | 'names'>, k: number): string[] {
  const Y = a.model.years;
  return a.names.columns.slice(k * Y, k * Y + Y);
}

/** model.lp's name of each co-connected school's coverage column, by candidate. */
export function coverColumns(a: Pick<AuditInputs, 'inst' | 'model' | 'names'>): Map<number, string> {
  const out = new Map<number, string>();
  let j = a.inst.option.length * a.model.years;
  a.inst.host.forEach((h, s) => h >= 0 && out.set(s, a.names.columns[j++]!));
  return out;
}

export const SITES_COLUMNS = [
  'siteId', 'sourceId', 'name', 'siteType', 'lat', 'lon', 'connected', 'demandCatchmentPeople', 'servedCatchmentPeople',
  'peopleServed', 'weight', 'objectiveValue', 'demandMbps', 'fiberNodeM', 'bestGeneration', 'nearestCellM',
  'coConnectedWithSiteId', 'coverColumn', 'mustInclude',
] as const;

/** Every site the plan could connect (the candidates), with what it is worth and what its demand is. */
export function sitesTable(a: AuditInputs): AuditTable {
  const { inst, sites, siteIds } = a;
  const must = new Set(a.mustInclude);
  const cover = coverColumns(a);
  const weights = a.parameters.prioritisation.siteTypeWeights as Record<string, number>;
  const rows = Array.from(inst.site, (i, c) => {
    const { sourceId, name } = a.label(i);
    const type = SITE_TYPES[sites.siteType[i]!] ?? 'other';
    return [
      siteIds[i], sourceId, name, type, sites.lat[i], sites.lon[i], sites.connected[i] === 0 ? 'no' : 'unknown',
      sites.demandPeople[i], sites.servedPeople[i], inst.people[c], weights[type] ?? 1, inst.value[c], inst.demandMbps[c],
      sites.fiberNodeM[i], sites.bestGeneration[i] || null, sites.nearestCellM[i],
      inst.host[c]! >= 0 ? siteIds[inst.site[inst.host[c]!]!] : null, cover.get(c) ?? null, must.has(c),
    ];
  });
  return { columns: SITES_COLUMNS, rows };
}

export const OPTIONS_COLUMNS = [
  'siteId', 'kind', 'lpColumns', 'technology', 'linkM', 'viaSiteId', 'demandMbps',
  'capexRouteUsd', 'capexEquipmentUsd', 'capexSpectrumUsd', 'capexUsd', 'replaceEveryYears',
  'opexMaintenanceUsd', 'opexServiceUsd', 'opexLicenceUsd', 'opexPerYearUsd', 'tcoUsd', 'npvUsd', 'budgetBasis', 'budgetCostUsd',
  'lineOfSightUnchecked',
] as const;

/**
 * Every way of connecting each candidate with its cost items: the model's columns (the cheapest,
 * direct fibre kept for relays, a relay) and the other technologies, dearer, that the model leaves
 * out because they serve the same people for more. With an elevation model or roads, fibre and
 * microwave alternatives are not recomputed here (their routes and hops depend on them).
 */
export function optionsTable(a: AuditInputs): AuditTable {
  const { inst, sites, siteIds, parameters: p } = a;
  const basis = p.prioritisation.budgetBasis;
  const cost = (o: SiteOption) => (basis === 'capex' ? o.capexUsd : basis === 'tco' ? o.tcoUsd : o.npvUsd);
  const row = (c: number, kind: string, lp: string[], o: SiteOption, via: number | null) => {
    const items = costItems(o, inst.demandMbps[c]!, p);
    return [
      siteIds[inst.site[c]!], kind, lp.join(' ') || null, o.technology, o.linkM, via, inst.demandMbps[c],
      items.capexRouteUsd, items.capexEquipmentUsd, items.capexSpectrumUsd, items.capexUsd, items.replaceEveryYears,
      items.opexMaintenanceUsd, items.opexServiceUsd, items.opexLicenceUsd, items.opexPerYearUsd, items.tcoUsd, items.npvUsd,
      basis, cost(o), o.lineOfSightUnchecked === true,
    ];
  };
  const rows: unknown[][] = [];
  inst.site.forEach((i, c) => {
    const columns: SiteOption[] = [];
    for (let k = inst.columnStart[c]!; k < inst.columnStart[c + 1]!; k++) {
      const req = inst.requires[k]!;
      const kind = req >= 0 ? 'relay' : k === inst.columnStart[c] ? 'cheapest' : 'direct fibre';
      rows.push(row(c, kind, lpColumnsOf(a, k), inst.option[k]!, req >= 0 ? siteIds[inst.site[req]!]! : null));
      if (req < 0) columns.push(inst.option[k]!);
    }
    const situation = {
      catchment1kmPeople: sites.demandPeople[i]!, fiberNodeM: sites.fiberNodeM[i]!, bestGeneration: sites.bestGeneration[i]!, nearestCellM: sites.nearestCellM[i]!,
    };
    for (const o of siteOptions(situation, p).options) {
      if ((o.technology === 'fiber' && a.terrain.roads) || (o.technology === 'microwave' && a.terrain.dem)) continue;
      if (columns.some((x) => x.technology === o.technology && x.linkM === o.linkM)) continue;
      rows.push(row(c, 'alternative', [], o, null));
    }
  });
  return { columns: OPTIONS_COLUMNS, rows };
}

export const RELAYS_COLUMNS = ['siteId', 'parentSiteId', 'lpColumns', 'parentFiberColumns', 'linkM', 'capexUsd', 'npvUsd', 'budgetCostUsd'] as const;

/**
 * Fibre relays: a candidate fed over a link from a neighbouring candidate, which then has to be on
 * fibre itself (by the same year) — the relay rows of the model.
 */
export function relaysTable(a: AuditInputs): AuditTable {
  const { inst, siteIds } = a;
  const rows: unknown[][] = [];
  for (let k = 0; k < inst.option.length; k++) {
    const parent = inst.requires[k]!;
    if (parent < 0) continue;
    const feeds: string[] = [];
    for (let j = inst.columnStart[parent]!; j < inst.columnStart[parent + 1]!; j++) if (inst.fiber[j]) feeds.push(...lpColumnsOf(a, j));
    const o = inst.option[k]!;
    rows.push([siteIds[inst.site[inst.columnCandidate[k]!]!], siteIds[inst.site[parent]!], lpColumnsOf(a, k).join(' '), feeds.join(' '), o.linkM, o.capexUsd, o.npvUsd, inst.columnCost[k]]);
  }
  return { columns: RELAYS_COLUMNS, rows };
}

export const PLAN_COLUMNS = [
  'rank', 'siteId', 'sourceId', 'name', 'lpColumn', 'technology', 'year', 'costUsd', 'npvUsd', 'objectiveValue', 'viaSiteId',
] as const;

/**
 * The plan, a line per site in priority order: the model column it sets to 1 (its coverage column
 * for a school connected through its post office), and what it adds to the objective, so the
 * column objectiveValue sums to the plan's objective.
 */
export function planTable(a: AuditInputs, plan: AuditPlan, order: readonly number[]): AuditTable {
  const { inst, model } = a;
  const cover = coverColumns(a);
  const Y = model.years;
  const rows = order.map((c, r) => {
    const i = inst.site[c]!;
    const { sourceId, name } = a.label(i);
    const k = plan.column[c]!;
    const year = plan.year[c]! > 0 ? plan.year[c]! : null;
    const lp = k < 0 ? cover.get(c)! : a.names.columns[k * Y + (Y > 1 && year !== null ? year - model.fromYear : 0)]!;
    const costUsd = k < 0 ? 0 : inst.columnCost[k]!;
    const value = inst.objective === 'cost' ? costUsd : plan.covered[c] ? inst.value[c]! : 0;
    const req = k < 0 ? inst.host[c]! : inst.requires[k]!;
    return [
      r + 1, a.siteIds[i], sourceId, name, lp, k < 0 ? null : inst.option[k]!.technology, year, costUsd, k < 0 ? 0 : inst.option[k]!.npvUsd,
      value, req >= 0 ? a.siteIds[inst.site[req]!] : null,
    ];
  });
  return { columns: PLAN_COLUMNS, rows };
}

/** Every column of model.lp with its value in the plan: "name value" lines. */
export function solutionText(names: LpNames, x: ArrayLike<number>): string {
  return names.columns.map((name, j) => `${name} ${x[j]}\n`).join('');
}
