/**
 * A plan as people read it: per site, the technology, its costs, the year and the people served;
 * totals per year and per technology; and how the plan compares with the best possible one.
 *
 *     const sel = replay(inst, budget, mustInclude, modelAnswer(model, inst, x));  // a solver's answer, scheduled
 *     const plan = planReport(sel);
 *     plan.totals.byYear;   // [{ year: 2027, sites: 41, people: 52_000, costUsd: 998_000, ... }, ...]
 */

import { TECHNOLOGIES, type Technology } from './costs.js';
import { extendGreedily, scheduleInOrder } from './greedy.js';
import type { Budget } from './budget.js';
import type { PlanningInstance } from './instance.js';
import { Selection } from './selection.js';

/**
 * Schedules a solver's answer: its columns, in its years where it gave them (else the first year
 * with money), sites that must be included first, then by year and value per dollar; then fills
 * what money is left greedily, since an answer without years can lose a site to the split.
 */
export function replay(inst: PlanningInstance, budget: Budget, mustInclude: readonly number[], answer: { column: Int32Array; year?: Int32Array }): Selection {
  const { column, year } = answer;
  const sel = new Selection(inst, budget);
  const ratio = (c: number) => (column[c]! < 0 ? -1 : inst.value[c]! / inst.columnCost[column[c]!]!);
  const must = new Set(mustInclude);
  const order = Array.from({ length: column.length }, (_, c) => c)
    .filter((c) => column[c]! >= 0)
    .sort((a, b) => Number(must.has(b)) - Number(must.has(a)) || (year ? year[a]! - year[b]! : 0) || ratio(b) - ratio(a) || a - b);
  const left = scheduleInOrder(sel, order, column, year);
  if (inst.objective === 'cost') {
    for (const c of left) sel.unfunded.set(c, column[c]!);
    return sel;
  }
  return extendGreedily(sel);
}

/** The objective of a plan: weighted people or sites covered; for the cost objective, the cost of connecting every site. */
export function planValue(sel: Selection): number {
  if (sel.inst.objective !== 'cost') return sel.value;
  let cost = sel.costUsd;
  for (const k of sel.unfunded.values()) cost += sel.inst.columnCost[k]!;
  return cost;
}

export interface PlannedSite {
  /** Row of the site in the planning sites' columns. */
  site: number;
  /** null for a school connected through its post office. */
  technology: Technology | null;
  capexUsd: number;
  opexPerYearUsd: number;
  tcoUsd: number;
  npvUsd: number;
  /** What the budget pays (its basis: NPV, TCO or capex). */
  costUsd: number;
  /** 0 when the cost objective connects the site but the budget does not reach it. */
  year: number;
  demandMbps: number;
  /** Own catchment, plus the catchments of schools it co-connects. */
  peopleServed: number;
  /** NPV per person served (Infinity when nobody lives in the catchment). */
  costPerPersonUsd: number;
  /** Fibre route or microwave hop, metres. */
  linkM: number | null;
  /** Site row fibre is relayed from, or the post office a school is co-connected with. */
  via: number | null;
  lineOfSightUnchecked: boolean;
}

export interface PlanTotal {
  sites: number;
  people: number;
  capexUsd: number;
  npvUsd: number;
  tcoUsd: number;
  costUsd: number;
}

export interface PlanReport {
  sites: PlannedSite[];
  totals: PlanTotal & {
    byYear: (PlanTotal & { year: number })[];
    byTechnology: (PlanTotal & { technology: Technology | 'co-connected' })[];
    /** Cost objective: what the sites the budget does not reach would cost. */
    unfundedCostUsd: number;
  };
}

export function planReport(sel: Selection): PlanReport {
  const { inst } = sel;
  const sites: PlannedSite[] = [];
  const chosen = [...sel.order.map((c) => [c, sel.column[c]!] as const), ...sel.unfunded];
  for (const [c, k] of chosen) {
    const o = inst.option[k]!;
    let people = inst.people[c]!;
    for (const s of sel.hosted[c]!) if (sel.column[s]! < 0 && !sel.unfunded.has(s)) people += inst.people[s]!;
    const req = inst.requires[k]!;
    sites.push({
      site: inst.site[c]!, technology: o.technology, capexUsd: o.capexUsd, opexPerYearUsd: o.opexPerYearUsd, tcoUsd: o.tcoUsd, npvUsd: o.npvUsd,
      costUsd: inst.columnCost[k]!, year: sel.year[c]!, demandMbps: inst.demandMbps[c]!, peopleServed: people,
      costPerPersonUsd: people > 0 ? o.npvUsd / people : Infinity, linkM: o.linkM, via: req >= 0 ? inst.site[req]! : null,
      lineOfSightUnchecked: o.lineOfSightUnchecked === true,
    });
    for (const s of sel.hosted[c]!) {
      if (sel.column[s]! >= 0 || sel.unfunded.has(s)) continue;
      sites.push({
        site: inst.site[s]!, technology: null, capexUsd: 0, opexPerYearUsd: 0, tcoUsd: 0, npvUsd: 0, costUsd: 0, year: sel.year[c]!,
        demandMbps: inst.demandMbps[s]!, peopleServed: 0, costPerPersonUsd: 0, linkM: null, via: inst.site[c]!, lineOfSightUnchecked: false,
      });
    }
  }
  const funded = sites.filter((s) => s.year > 0);
  const years = [...new Set(funded.map((s) => s.year))].sort((a, b) => a - b);
  return {
    sites,
    totals: {
      ...total(funded),
      byYear: years.map((year) => ({ year, ...total(funded.filter((s) => s.year === year)) })),
      byTechnology: [...TECHNOLOGIES, 'co-connected' as const]
        .map((technology) => ({ technology, ...total(funded.filter((s) => (s.technology ?? 'co-connected') === technology)) }))
        .filter((t) => t.sites > 0),
      unfundedCostUsd: total(sites.filter((s) => s.year === 0)).costUsd,
    },
  };
}

function total(sites: PlannedSite[]): PlanTotal {
  const t: PlanTotal = { sites: sites.length, people: 0, capexUsd: 0, npvUsd: 0, tcoUsd: 0, costUsd: 0 };
  for (const s of sites) {
    t.people += s.peopleServed;
    t.capexUsd += s.capexUsd;
    t.npvUsd += s.npvUsd;
    t.tcoUsd += s.tcoUsd;
    t.costUsd += s.costUsd;
  }
  return t;
}
