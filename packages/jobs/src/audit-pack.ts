/**
 * An audit pack: a saved scenario rebuilt into the very model the planner solved or bounded, checked
 * to hold the stored plan with its stored objective, and written as files an auditor can check
 * without postatlas (model.lp for any MIP solver, the plan as a point of it, the inputs with every
 * cost item, the parameters, a README).
 *
 *     const r = await auditPack(db, { country: 'ESP', name: 'demo-people', out: 'audit/' });
 *     r.files;   // [{ path: 'model.lp', bytes: 412_000 }, ...]
 *
 * The pack refuses, rather than writes, when the rebuilt instance does not reproduce the plan:
 * the files would then document a model the plan did not come from.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AuditMismatch, auditReadme, checkPoint, csvText, lpNames, lpText, namedBySiteId, optionsTable, planningModel, planningParameters, planPoint,
  planTable, relaysTable, scenarioPlan, sitesTable, solutionText,
  type AuditInputs, type AuditPlan, type Budget, type ElevationModel,
} from '@postatlas/core';
import { allPages, getRun, getScenario, listSites, scenarioSites, type Database, type Scenario } from '@postatlas/store';
import { groundMismatch, groundRecord, type GroundRecord } from './ground.js';
import { loadPlanningInputs, modelOptions, type Certificate } from './plan.js';

export interface AuditPackOptions {
  country: string;
  /** The scenario's name. */
  name: string;
  /** A directory that does not exist yet, or an empty one. */
  out: string;
  /** The elevation model and roads the plan was made with, if any (as `postatlas plan --dem/--roads`). */
  dem?: ElevationModel;
  roads?: number[][][];
  onProgress?: (step: string) => void;
}

export interface AuditPackResult {
  scenario: Scenario;
  dir: string;
  /** The plan's objective, stored and reproduced. */
  objective: number;
  model: { columns: number; rows: number; yearly: boolean };
  /** Paths relative to dir. */
  files: { path: string; bytes: number }[];
  timingsMs: { rebuild: number; write: number };
}

/** The pack of a saved scenario, written to o.out. */
export async function auditPack(db: Database, o: AuditPackOptions): Promise<AuditPackResult> {
  let t = performance.now();
  o.onProgress?.('rebuilding the plan');
  await emptyDirectory(o.out);
  const scenario = await getScenario(db, o.country, o.name);
  if (!scenario) throw new Error(`audit-pack: no scenario named "${o.name}" in ${o.country}; postatlas list scenarios shows them`);
  const refuse = (why: string) => new Error(`audit-pack: scenario "${o.name}" (${o.country}) ${why}`);
  if (scenario.analysisRunId === null) throw refuse('has lost its analysis run (it was deleted), so its inputs cannot be rebuilt');
  const run = await getRun(db, scenario.analysisRunId);
  if (!run) throw refuse(`names analysis run ${scenario.analysisRunId}, which is not in the database`);
  const stored = (scenario.result as { certificate?: Certificate } | null)?.certificate;
  if (!stored || typeof stored.value !== 'number') throw refuse('has no stored objective (certificate) to check the rebuilt plan against');
  const otherGround = groundMismatch((scenario.result as { ground?: GroundRecord } | null)?.ground, groundRecord(o));
  if (otherGround) throw refuse(otherGround);

  const parameters = planningParameters(scenario.parameters, `scenario "${o.name}" parameters`);
  const budget: Budget = { totalUsd: scenario.budgetUsd ?? Infinity, annualUsd: scenario.annualBudgetUsd, fromYear: scenario.fromYear, untilYear: scenario.untilYear };
  const { inst, sites, siteIds, candidateOfId } = await loadPlanningInputs(db, run.id, o.country, parameters, scenario.objective, o);
  const siteIdOf = (c: number) => siteIds[inst.site[c]!]!;
  const hint = [
    run.current ? 'sites of the analysis run have changed or been removed since the plan' : 'the analysis run\'s datasets have been imported again since the plan',
    o.dem || o.roads ? 'or the plan was made without the --dem or --roads given here' : 'or the plan was made with --dem or --roads (give the pack the same files)',
  ].join(', ');
  const mismatch = (detail: string) => refuse(`does not match its rebuilt inputs: ${detail}. Perhaps ${hint}.`);

  const mustInclude = scenario.mustInclude.map((id) => {
    const c = candidateOfId.get(id);
    if (c === undefined) throw mismatch(`site ${id} had to be included but is not a site to connect in the analysis run`);
    return c;
  });
  const options = modelOptions(inst, budget, parameters);
  const model = namedBySiteId(planningModel(inst, budget, mustInclude, options), siteIds);
  const rows = await scenarioSites(db, scenario.id);
  // Microwave hops checked for line of sight say the plan had an elevation model; without it the instance would be another.
  const sighted = rows.find((r) => r.technology === 'microwave' && !r.lineOfSightUnchecked);
  if (sighted && !o.dem) throw refuse(`checked microwave line of sight (site ${sighted.siteId}) against an elevation model: give the pack the same --dem`);
  let x: Float64Array;
  let plan: AuditPlan;
  try {
    plan = scenarioPlan(inst, siteIdOf, candidateOfId, rows);
    x = planPoint(model, inst, plan);
  } catch (err) {
    if (err instanceof AuditMismatch) throw mismatch(err.message);
    throw err;
  }
  const check = checkPoint(model, x);
  if (check.violations.length) throw mismatch(`the plan breaks the model: ${check.violations.slice(0, 3).join('; ')}${check.violations.length > 3 ? `; and ${check.violations.length - 3} more` : ''}`);
  if (!(Math.abs(check.objective - stored.value) <= 1e-9 * Math.max(1, Math.abs(stored.value)))) {
    throw mismatch(`the plan's objective is ${stored.value} as stored but ${check.objective} in the rebuilt model`);
  }
  const rebuildMs = performance.now() - t;

  t = performance.now();
  o.onProgress?.('writing');
  const labels = new Map<number, { sourceId: string; name: string | null }>();
  for await (const s of allPages((afterId) => listSites(db, { country: o.country, afterId, limit: 5_000 }))) labels.set(s.id, { sourceId: s.sourceId, name: s.name });
  const names = lpNames(model);
  const inputs: AuditInputs = {
    inst, model, names, sites, siteIds, parameters, mustInclude,
    label: (row) => labels.get(siteIds[row]!) ?? { sourceId: '', name: null },
    terrain: { dem: Boolean(o.dem), roads: Boolean(o.roads) },
  };
  const tables = {
    sites: sitesTable(inputs), options: optionsTable(inputs), relays: relaysTable(inputs),
    plan: planTable(inputs, plan, rows.map((r) => candidateOfId.get(r.siteId)!)),
  };
  const { summary: _, ...runRecord } = run;
  const files: [string, string][] = [
    ['model.lp', lpText(model, { comment: [`postatlas audit pack: scenario "${scenario.name}" (${scenario.country}), analysis run ${run.id}; README.md explains it`] })],
    ['solution.txt', solutionText(names, x)],
    ['plan.csv', csvText(tables.plan)],
    ['parameters.json', `${JSON.stringify(parameters, null, 2)}\n`],
    ['inputs/sites.csv', csvText(tables.sites)],
    ['inputs/options.csv', csvText(tables.options)],
    ['inputs/relays.csv', csvText(tables.relays)],
    ['inputs/analysis-run.json', `${JSON.stringify(runRecord, null, 2)}\n`],
    ['README.md', auditReadme({
      country: scenario.country, name: scenario.name, createdAt: scenario.createdAt, createdBy: scenario.createdBy, objective: scenario.objective,
      budget, mustInclude: mustInclude.length, objectiveValue: stored.value,
      certificate: { method: stored.method, bound: stored.bound, boundSource: stored.boundSource, gap: stored.gap },
      analysisRun: run, model, names, parameters, terrain: inputs.terrain,
      counts: { sites: tables.sites.rows.length, options: tables.options.rows.length, relays: tables.relays.rows.length, plan: tables.plan.rows.length },
    })],
  ];
  await mkdir(join(o.out, 'inputs'), { recursive: true });
  for (const [path, text] of files) await writeFile(join(o.out, path), text);
  return {
    scenario, dir: o.out, objective: stored.value, model: { columns: model.numCols, rows: model.numRows, yearly: model.years > 1 },
    files: files.map(([path, text]) => ({ path, bytes: Buffer.byteLength(text) })),
    timingsMs: { rebuild: rebuildMs, write: performance.now() - t },
  };
}

/** A pack is never written over other files: a reader could not tell which are the plan's. */
async function emptyDirectory(dir: string): Promise<void> {
  const existing = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new Error(`audit-pack: ${dir}: ${err.message}`);
  });
  if (existing.length) throw new Error(`audit-pack: ${dir} is not empty; give a new directory for the pack`);
}
