import {
  greedyPlan, modelAnswer, modelPoint, planningInstance, planningModel, planningParameters, planReport, planValue,
  relaxationBound, replay, OBJECTIVES, PlanError, RoadNetwork,
  type Budget, type ElevationModel, type ModelOptions, type Objective, type PlanningInstance, type PlanningParameters, type PlanningSites,
  type PlanningTerrain, type PlanReport, type Selection,
} from '@postatlas/core';
import { loadCellAntennas, loadFiberNodes, loadPlanningSites, resolveSiteRefs, saveScenario, type Database, type Scenario, type ScenarioSiteRow } from '@postatlas/store';
import { analyze } from './analyze.js';
import { groundRecord, type Ground } from './ground.js';
import { solveWithHighs, type SolveResult } from './solver/highs.js';

export interface PlanOptions {
  country: string;
  /** The scenario's name; saving again under a name replaces that scenario. */
  name?: string;
  objective?: Objective;
  /** Over all years; none when absent. */
  budgetUsd?: number | null;
  annualBudgetUsd?: number | null;
  /** First year of the plan; the current year when absent. */
  fromYear?: number;
  untilYear?: number;
  /** Overrides of the planning parameters (a parameter file's contents). */
  parameters?: unknown;
  parametersSource?: string;
  /** Sites (sites.id or their source id) the plan must connect. */
  mustInclude?: string[];
  /** Elevation model (metres): microwave hops are then checked for line of sight. */
  dem?: ElevationModel;
  /** Road lines (GeoJSON coordinates): fibre is then routed along them. */
  roads?: number[][][];
  /** 'greedy' skips HiGHS. */
  solver?: 'auto' | 'greedy';
  runBy: string;
  onProgress?: (step: string) => void;
}

/** How close the plan is to the best possible one. */
export interface Certificate {
  method: 'greedy' | 'highs';
  objective: Objective;
  /** Weighted people or sites covered; for the cost objective, USD to connect every site. */
  value: number;
  /** No plan does better than this (cost objective: no plan costs less). */
  bound: number;
  boundSource: 'highs-mip' | 'highs-lp' | 'relaxation';
  /** (bound − value) / bound, or (value − bound) / value for cost: 0 means proven optimal. */
  gap: number;
  greedyValue: number;
  relaxationBound: number;
  lpBound: number | null;
  highs: { status: string | null; objective: number | null; bound: number | null; timeMs: number; error: string | null } | null;
}

export interface PlanResult {
  scenario: Scenario;
  report: PlanReport;
  certificate: Certificate;
  /** sites.id of each row of the planning sites (report.sites[*].site indexes it). */
  siteIds: Int32Array;
  timingsMs: { analyse: number; load: number; greedy: number; highs: number; save: number };
}

/**
 * Plans a country: which unconnected sites to connect, with which technology and in which year,
 * within the budget, from the latest analysis (run first if the inputs changed). The greedy plan
 * is made first and always kept; HiGHS then tries to prove it optimal or to beat it, and the
 * better of the two is saved as a named scenario with its certificate.
 */
export async function plan(db: Database, o: PlanOptions): Promise<PlanResult> {
  const objective = o.objective ?? 'population';
  if (!OBJECTIVES.includes(objective)) throw new Error(`plan: objective must be one of ${OBJECTIVES.join(', ')}, got "${objective}"`);
  const parameters = planningParameters(o.parameters ?? {}, o.parametersSource);
  const fromYear = o.fromYear ?? new Date().getUTCFullYear();
  const budget: Budget = { totalUsd: o.budgetUsd ?? Infinity, annualUsd: o.annualBudgetUsd ?? null, fromYear, untilYear: o.untilYear ?? 2030 };
  if (objective !== 'cost' && budget.totalUsd === Infinity && budget.annualUsd === null) {
    throw new Error(`plan: the ${objective} objective needs a budget (--budget or --annual-budget); to cost connecting every site use --objective cost`);
  }
  const timingsMs = { analyse: 0, load: 0, greedy: 0, highs: 0, save: 0 };

  let t = performance.now();
  o.onProgress?.('analysis');
  const { run } = await analyze(db, { country: o.country, runBy: o.runBy });
  timingsMs.analyse = performance.now() - t;

  t = performance.now();
  o.onProgress?.('loading sites');
  const { inst, siteIds, candidateOfId } = await loadPlanningInputs(db, run.id, o.country, parameters, objective, o);
  const mustInclude: number[] = [];
  const refOf = new Map<number, string>();
  for (const [ref, id] of await resolveSiteRefs(db, o.country, o.mustInclude ?? [])) {
    const c = candidateOfId.get(id);
    if (c === undefined) throw new Error(`plan: site ${ref} must be included but it is connected already`);
    mustInclude.push(c);
    refOf.set(c, ref);
  }
  timingsMs.load = performance.now() - t;

  t = performance.now();
  o.onProgress?.('greedy plan');
  let greedy: Selection;
  try {
    greedy = greedyPlan(inst, budget, mustInclude);
  } catch (err) {
    if (err instanceof PlanError) throw new Error(`plan: site ${refOf.get(err.candidate)} ${err.message}`);
    throw err;
  }
  const relaxation = relaxationBound(inst, budget, mustInclude);
  timingsMs.greedy = performance.now() - t;

  let best: Selection = greedy;
  let highs: SolveResult | null = null;
  if (o.solver !== 'greedy' && inst.site.length > 0) {
    t = performance.now();
    o.onProgress?.('HiGHS');
    const model = planningModel(inst, budget, mustInclude, modelOptions(inst, budget, parameters));
    highs = await solveWithHighs(model, modelPoint(model, greedy), parameters.solver);
    if (highs.mip && highs.mip.x.length === model.numCols) {
      const exact = replay(inst, budget, mustInclude, modelAnswer(model, inst, highs.mip.x));
      if (better(objective, planValue(exact), planValue(best))) best = exact;
    }
    timingsMs.highs = performance.now() - t;
  }
  const certificate = certify(objective, best, greedy, relaxation, highs);
  const report = planReport(best);

  t = performance.now();
  o.onProgress?.('saving');
  const scenario = await saveScenario(db, {
    country: o.country, name: o.name ?? defaultName(objective, budget), createdBy: o.runBy, analysisRunId: run.id, objective,
    budgetUsd: Number.isFinite(budget.totalUsd) ? budget.totalUsd : null, annualBudgetUsd: budget.annualUsd,
    fromYear: budget.fromYear, untilYear: budget.untilYear, mustInclude: mustInclude.map((c) => siteIds[inst.site[c]!]!),
    parameters, result: { certificate, totals: report.totals, timingsMs, ground: groundRecord(o) },
  }, scenarioRows(report, siteIds));
  timingsMs.save = performance.now() - t;
  return { scenario, report, certificate, siteIds, timingsMs };
}

/** A country's planning instance from one analysis run, on the ground given; the audit pack rebuilds a plan's the same way. */
export interface PlanningInputs {
  sites: PlanningSites;
  /** sites.id of each row of the sites. */
  siteIds: Int32Array;
  terrain: PlanningTerrain;
  inst: PlanningInstance;
  /** Candidate of each site (by sites.id) that is to be planned. */
  candidateOfId: Map<number, number>;
}

export async function loadPlanningInputs(
  db: Database, runId: number, country: string, parameters: PlanningParameters, objective: Objective,
  ground: Ground,
): Promise<PlanningInputs> {
  const { sites, siteIds } = await loadPlanningSites(db, runId, country, { demandM: parameters.demand.catchmentRadiusM, servedM: parameters.prioritisation.servedRadiusM });
  const terrain = {
    ...(ground.dem ? { dem: ground.dem, cells: await loadCellAntennas(db, country) } : {}),
    ...(ground.roads ? { roads: RoadNetwork.fromLines(ground.roads), fiberNodes: await loadFiberNodes(db, country) } : {}),
  };
  const inst = planningInstance(sites, parameters, objective, terrain);
  const candidateOfId = new Map<number, number>();
  inst.site.forEach((row, c) => candidateOfId.set(siteIds[row]!, c));
  return { sites, siteIds, terrain, inst, candidateOfId };
}

/** With annual budgets a column per year lets HiGHS split the money itself, where it fits. */
export function modelOptions(inst: PlanningInstance, budget: Budget, parameters: PlanningParameters): ModelOptions {
  const years = budget.untilYear - budget.fromYear + 1;
  return { yearly: budget.annualUsd !== null && inst.option.length * years <= parameters.solver.maxColumns };
}

function better(objective: Objective, a: number, b: number): boolean {
  return objective === 'cost' ? a < b - 1e-9 : a > b + 1e-9;
}

function certify(objective: Objective, best: Selection, greedy: Selection, relaxation: number, highs: SolveResult | null): Certificate {
  const value = planValue(best);
  const lp = highs?.lp?.status === 'optimal' ? highs.lp.objective : null;
  const mipBound = highs?.mip && Number.isFinite(highs.mip.bound) ? highs.mip.bound : null;
  const candidates: [Certificate['boundSource'], number | null][] = [['relaxation', relaxation], ['highs-lp', lp], ['highs-mip', mipBound]];
  let boundSource: Certificate['boundSource'] = 'relaxation';
  let bound = relaxation;
  for (const [source, b] of candidates) {
    if (b !== null && better(objective, bound, b)) {
      bound = b;
      boundSource = source;
    }
  }
  const gap = objective === 'cost' ? (value > 0 ? (value - bound) / value : 0) : bound > 0 ? (bound - value) / bound : 0;
  return {
    method: best === greedy ? 'greedy' : 'highs', objective, value, bound, boundSource, gap: Math.max(0, gap),
    greedyValue: planValue(greedy), relaxationBound: relaxation, lpBound: lp,
    highs: highs && {
      status: highs.mip?.status ?? null, objective: highs.mip?.objective ?? null, bound: mipBound,
      timeMs: highs.timeMs, error: highs.error,
    },
  };
}

function defaultName(objective: Objective, b: Budget): string {
  const money = [Number.isFinite(b.totalUsd) ? `${b.totalUsd}` : null, b.annualUsd !== null ? `${b.annualUsd}-a-year` : null].filter(Boolean).join('-');
  return [objective, money, `${b.fromYear}-${b.untilYear}`].filter(Boolean).join('-');
}

function scenarioRows(report: PlanReport, siteIds: Int32Array): ScenarioSiteRow[] {
  return report.sites.map((s) => ({
    siteId: siteIds[s.site]!, technology: s.technology, capexUsd: s.capexUsd, opexPerYearUsd: s.opexPerYearUsd, tcoUsd: s.tcoUsd,
    npvUsd: s.npvUsd, costUsd: s.costUsd, year: s.year > 0 ? s.year : null, demandMbps: s.demandMbps, peopleServed: s.peopleServed,
    costPerPersonUsd: Number.isFinite(s.costPerPersonUsd) ? s.costPerPersonUsd : null, linkM: s.linkM,
    viaSiteId: s.via === null ? null : siteIds[s.via]!, lineOfSightUnchecked: s.lineOfSightUnchecked,
  }));
}
