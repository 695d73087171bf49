/**
 * What an auditor needs to check a plan without trusting postatlas: the stored plan read back as a
 * point of the planner's model (and checked to be one), and every cost itemised as the documented
 * formulas build it.
 *
 *     const plan = scenarioPlan(inst, siteIdOf, rows);         // which column, which year; AuditMismatch if the instance is another
 *     const x = planPoint(model, inst, plan);
 *     const check = checkPoint(model, x);                      // { objective, violations: [] } for a feasible plan
 *     costItems(inst.option[k], inst.demandMbps[c], p);        // capex and opex by item, as README.md explains them
 */

import type { Technology } from './costs.js';
import type { PlanningInstance } from './instance.js';
import type { LinearModel } from './model.js';
import type { SiteOption } from './options.js';
import type { PlanningParameters } from './parameters.js';

/** The stored plan does not fit the rebuilt instance or model: the pack would not be the plan's. */
export class AuditMismatch extends Error {}

/** One site of a stored plan, as far as the model is concerned. */
export interface ScenarioPlanRow {
  siteId: number;
  /** null: a school co-connected through its post office. */
  technology: string | null;
  /** null: chosen but not funded (the cost objective). */
  year: number | null;
  costUsd: number;
  viaSiteId: number | null;
}

export interface AuditPlan {
  /** Instance column of each candidate, -1 when it has none. */
  column: Int32Array;
  /** Year of each candidate's connection; 0 when not funded. */
  year: Int32Array;
  /** 1 where a candidate is connected within the budget, by itself or through its post office. */
  covered: Uint8Array;
}

const sameCost = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The stored plan's sites matched to the instance's columns by technology, relay parent and cost.
 * `siteIdOf(c)`: the sites.id of candidate c; `candidateOf`: the reverse.
 */
export function scenarioPlan(inst: PlanningInstance, siteIdOf: (c: number) => number, candidateOf: ReadonlyMap<number, number>, rows: readonly ScenarioPlanRow[]): AuditPlan {
  const m = inst.site.length;
  const plan: AuditPlan = { column: new Int32Array(m).fill(-1), year: new Int32Array(m), covered: new Uint8Array(m) };
  const seen = new Uint8Array(m);
  const usd = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 2 });
  for (const row of rows) {
    const c = candidateOf.get(row.siteId);
    if (c === undefined) throw new AuditMismatch(`site ${row.siteId} is in the plan but is not a site to connect in the analysis run (connected, or no longer in the registry)`);
    if (seen[c]) throw new AuditMismatch(`site ${row.siteId} is in the plan twice`);
    seen[c] = 1;
    if (row.year !== null) {
      plan.year[c] = row.year;
      plan.covered[c] = 1;
    } else if (inst.objective !== 'cost') {
      throw new AuditMismatch(`site ${row.siteId} is in the plan without a year, which only the cost objective allows`);
    }
    if (row.technology === null) {
      const host = inst.host[c]!;
      if (host < 0 || siteIdOf(host) !== row.viaSiteId) {
        const planned = row.viaSiteId === null ? 'a site no longer in the registry' : `site ${row.viaSiteId}`;
        throw new AuditMismatch(`site ${row.siteId} is co-connected through ${planned} in the plan, but through ${host < 0 ? 'no site' : `site ${siteIdOf(host)}`} in the rebuilt instance`);
      }
      continue;
    }
    const ks: number[] = [];
    for (let k = inst.columnStart[c]!; k < inst.columnStart[c + 1]!; k++) {
      const req = inst.requires[k]!;
      if (inst.option[k]!.technology === row.technology && (req < 0 ? null : siteIdOf(req)) === row.viaSiteId) ks.push(k);
    }
    const k = ks.find((j) => sameCost(inst.columnCost[j]!, row.costUsd));
    if (k === undefined) {
      const how = `${row.technology}${row.viaSiteId !== null ? ` relayed from site ${row.viaSiteId}` : ''}`;
      throw new AuditMismatch(ks.length === 0
        ? `site ${row.siteId}: the plan connects it by ${how}, which the rebuilt instance does not offer`
        : `site ${row.siteId}: ${how} costs ${usd(row.costUsd)} USD in the plan but ${usd(inst.columnCost[ks[0]!]!)} USD in the rebuilt instance`);
    }
    plan.column[c] = k;
  }
  return plan;
}

/** The plan as a point of the model (the column values of model.lp). */
export function planPoint(model: LinearModel, inst: PlanningInstance, plan: AuditPlan): Float64Array {
  const x = new Float64Array(model.numCols);
  const Y = model.years;
  plan.column.forEach((k, c) => {
    if (k < 0) return;
    if (plan.year[c] === 0) {
      // Chosen without money (cost objective, whose model has no years): still one of the sites it costs.
      x[k * Y] = 1;
      return;
    }
    const y = Y > 1 ? plan.year[c]! - model.fromYear : 0;
    if (y < 0 || y >= Y) throw new AuditMismatch(`${model.colNames[k * Y]}: year ${plan.year[c]} is outside the model's years ${model.fromYear}–${model.fromYear + Y - 1}`);
    x[k * Y + y] = 1;
  });
  let j = inst.option.length * Y;
  inst.host.forEach((h, s) => h >= 0 && (x[j++] = plan.covered[s]!));
  return x;
}

export interface PointCheck {
  /** Σ objective coefficient × value. */
  objective: number;
  /** Each bound, integrality or row the point breaks, in words; empty when it is feasible. */
  violations: string[];
  /** Each row's activity (Σ coefficient × value), in row order. */
  activity: Float64Array;
}

/** Whether a point satisfies the model, row by row, to a relative 1e-9. */
export function checkPoint(model: LinearModel, x: ArrayLike<number>): PointCheck {
  const violations: string[] = [];
  const slack = (bound: number) => 1e-9 * Math.max(1, Math.abs(bound));
  let objective = 0;
  for (let j = 0; j < model.numCols; j++) {
    const v = x[j]!;
    objective += model.colCost[j]! * v;
    if (!(v >= model.colLower[j]! && v <= model.colUpper[j]!)) violations.push(`column ${model.colNames[j]} = ${v} is outside [${model.colLower[j]}, ${model.colUpper[j]}]`);
    if (model.integrality[j] === 1 && !Number.isInteger(v)) violations.push(`column ${model.colNames[j]} = ${v} is not an integer`);
  }
  const activity = new Float64Array(model.numRows);
  for (let r = 0; r < model.numRows; r++) {
    let a = 0;
    for (let e = model.rowStart[r]!; e < model.rowStart[r + 1]!; e++) a += model.rowValue[e]! * x[model.rowIndex[e]!]!;
    activity[r] = a;
    const lower = model.rowLower[r]!;
    const upper = model.rowUpper[r]!;
    if (a > upper + slack(upper)) violations.push(`row ${model.rowNames[r]}: ${a} > ${upper}`);
    if (a < lower - slack(lower)) violations.push(`row ${model.rowNames[r]}: ${a} < ${lower}`);
  }
  return { objective, violations, activity };
}

/**
 * The model with the site in each name given by its sites.id rather than its row in the planning
 * sites, so that a name in model.lp is the site an auditor finds in the registry and the tables.
 */
export function namedBySiteId(model: LinearModel, siteIds: ArrayLike<number>): LinearModel {
  const rename = (name: string) => name.replace(/^(x|z|one|relay|cover)_(\d+)(?=_|$)/, (_, kind: string, row: string) => `${kind}_${siteIds[Number(row)]}`);
  return { ...model, colNames: model.colNames.map(rename), rowNames: model.rowNames.map(rename) };
}

/** A connection's costs item by item: what costs.ts adds up, so each sum can be checked. */
export interface CostItems {
  technology: Technology;
  /** Fibre: route metres × cost per km / 1000. */
  capexRouteUsd: number;
  /** Equipment (fibre, cellular, microwave) or terminal (satellite). */
  capexEquipmentUsd: number;
  /** Microwave: cost per MHz × channel bandwidth. */
  capexSpectrumUsd: number;
  capexUsd: number;
  /** Capex is paid again every this many years within the period; 0: never. */
  replaceEveryYears: number;
  /** Operation and maintenance: a share of capex, every year. */
  opexMaintenanceUsd: number;
  /** Internet service: USD per Mbps a year × the site's demand. */
  opexServiceUsd: number;
  /** Microwave: spectrum licence per MHz a year × bandwidth. */
  opexLicenceUsd: number;
  opexPerYearUsd: number;
  tcoUsd: number;
  npvUsd: number;
}

/**
 * The items of an option's costs, from the parameters. Their sums are checked against the option
 * (a relative 1e-9): were costs.ts ever to price something these items miss, the pack would say so
 * rather than document a formula the planner does not use.
 */
export function costItems(o: SiteOption, demandMbps: number, p: PlanningParameters): CostItems {
  const items = { capexRouteUsd: 0, capexEquipmentUsd: 0, capexSpectrumUsd: 0, opexLicenceUsd: 0 };
  let replaceEveryYears = 0;
  let opexShare = 0;
  let servicePerMbps = 0;
  switch (o.technology) {
    case 'fiber':
      items.capexRouteUsd = (p.fiber.perKmUsd * o.linkM!) / 1000;
      items.capexEquipmentUsd = p.fiber.equipmentUsd;
      ({ opexShare, servicePerMbpsYearUsd: servicePerMbps } = p.fiber);
      break;
    case 'cellular':
      items.capexEquipmentUsd = p.cellular.equipmentUsd;
      ({ opexShare, servicePerMbpsYearUsd: servicePerMbps, replaceEveryYears } = p.cellular);
      break;
    case 'microwave':
      items.capexEquipmentUsd = p.microwave.equipmentUsd;
      items.capexSpectrumUsd = p.microwave.perMhzUsd * p.microwave.bandwidthMhz;
      items.opexLicenceUsd = p.microwave.licencePerMhzYearUsd * p.microwave.bandwidthMhz;
      ({ opexShare, servicePerMbpsYearUsd: servicePerMbps, replaceEveryYears } = p.microwave);
      break;
    case 'satellite':
      items.capexEquipmentUsd = p.satellite.terminalUsd;
      ({ opexShare, servicePerMbpsYearUsd: servicePerMbps, replaceEveryYears } = p.satellite);
      break;
  }
  const capex = items.capexRouteUsd + items.capexEquipmentUsd + items.capexSpectrumUsd;
  const opexMaintenanceUsd = opexShare * capex;
  const opexServiceUsd = servicePerMbps * demandMbps;
  const opex = opexMaintenanceUsd + opexServiceUsd + items.opexLicenceUsd;
  if (!sameCost(capex, o.capexUsd) || !sameCost(opex, o.opexPerYearUsd)) {
    throw new Error(`cost items of ${o.technology}: capex ${capex} and opex ${opex} a year do not add up to the option's ${o.capexUsd} and ${o.opexPerYearUsd}`);
  }
  return {
    technology: o.technology, ...items, capexUsd: o.capexUsd, replaceEveryYears, opexMaintenanceUsd, opexServiceUsd,
    opexPerYearUsd: o.opexPerYearUsd, tcoUsd: o.tcoUsd, npvUsd: o.npvUsd,
  };
}
