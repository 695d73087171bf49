// Planning benchmark: how good the plan is and how long it takes, against the targets
//   ≥ 99.5 % of the optimum within 5 s for up to 1,000 sites,
//   ≥ 99.5 % of the LP bound within 10 s for 10,000 sites,
//   50,000 sites within 60 s.
//
// Real format: the ITU São Tomé sample (schools and cell sites), imported into an embedded store
// and planned by the `plan` job itself (objective 'sites': the sample has no population layer),
// with a budget that funds about half of the unconnected schools; its certificate is reported.
// Synthetic: India's real post offices with population, cells and fibre nodes (synthetic.mjs),
// analysed once (analyseCountry); an instance is the N sites nearest to a fixed inland point
// (23.0 N, 80.0 E), a contiguous region as a country's real clustering gives it. Objective
// 'population', years 2027–2030, a total budget of 0.3 × the sum of each candidate's cheapest
// column (about 30 % of the candidates). For each:
//   greedy    greedyPlan alone, median of --runs;
//   pipeline  what the plan job does after loading: instance → greedy + relaxation bound →
//             model → HiGHS from the greedy start → replay → the better of the two (one run,
//             wall time);
//   reference 1,000 sites: the same model solved by HiGHS for --reference-s (the optimum when it
//             says 'optimal'); larger: the best bound at hand (relaxation, HiGHS LP, HiGHS MIP).
// 10,000 sites also run with an annual budget (total / 4 a year, the yearly model), and 1,000
// sites with a tight one (2 % of the cheapest columns in all, a quarter of it a year: a few sites
// a year, so splitting the money into years decides the plan).
// Connected sites are not planned: "candidates" are the sites a plan can choose.
//
//   npm run bench:plan [-- --sizes 1000,10000,50000] [-- --skip-stp] [-- --runs 3]
//                      [-- --reference-s 120] [-- --cells 1000000] [-- --raster 2000]
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  analyseCountry, analysisParameters, greedyPlan, modelAnswer, modelPoint, planningInstance, planningModel,
  planningParameters, planValue, relaxationBound, replay,
} from '@postatlas/core';
import { solveWithHighs } from '../dist/solver/highs.js';

/** @typedef {import('@postatlas/core').PlanningSites} PlanningSites */
/** @typedef {import('@postatlas/core').PlanningInstance} PlanningInstance */
/** @typedef {import('@postatlas/core').Budget} Budget */
/** @typedef {import('../dist/solver/highs.js').SolveResult} SolveResult */
/**
 * @typedef {object} Row
 * @property {string} instance
 * @property {number} sites
 * @property {number} candidates
 * @property {string} columns
 * @property {number} greedyValue
 * @property {number} greedyMs
 * @property {number} pipelineValue
 * @property {number} pipelineMs
 * @property {number} reference
 * @property {string} referenceKind
 * @property {string} highs
 * @property {{ minPct: number | null, maxMs: number }} target
 * @property {string[]} notes
 */

const { values: o } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,50000' },
    'skip-stp': { type: 'boolean' },
    runs: { type: 'string', default: '3' },
    'reference-s': { type: 'string', default: '120' },
    cells: { type: 'string', default: '1000000' },
    raster: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
  },
});
const sizes = o.sizes.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
if (sizes.some((n) => !(Number.isInteger(n) && n > 0))) throw new Error(`--sizes: a list of site counts, got "${o.sizes}"`);
const runs = Math.max(1, Number(o.runs));
const referenceS = Number(o['reference-s']);

/** Inland India, the centre of the synthetic regions. */
const CENTRE = { lon: 80.0, lat: 23.0 };
const YEARS = { fromYear: 2027, untilYear: 2030 };
const P = planningParameters();
const { maxColumns, relativeGap } = P.solver;
/** HiGHS's time limit and the target, by size: up to 1,000 sites 5 s, up to 10,000 10 s, else 45 s of a 60 s target. */
const limits = (n) => (n <= 1_000 ? { timeLimitS: 4.5, targetS: 5, minPct: 99.5 } : n <= 10_000 ? { timeLimitS: 9, targetS: 10, minPct: 99.5 } : { timeLimitS: 45, targetS: 60, minPct: null });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);
const pct = (value, ref) => (ref > 0 ? (100 * value) / ref : NaN);
const fmtPct = (x) => (Number.isFinite(x) ? `${x.toFixed(3)} %` : '–');
const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en') : '–');
const log = (line) => process.stderr.write(`${line}\n`);
const wall = performance.now();

/** @type {Row[]} */
const rows = [];
if (!o['skip-stp']) rows.push(await saoTome());
if (sizes.length) rows.push(...(await synthetic()));
print(rows);

// ---------------------------------------------------------------------------------------------
// São Tomé: the real files through the store and the plan job.

/** @returns {Promise<Row>} */
async function saoTome() {
  const { openStore, loadPlanningSites } = await import('@postatlas/store');
  const { importFile, CountryBoundaries } = await import('@postatlas/importers');
  const { analyze } = await import('../dist/analyze.js');
  const { plan } = await import('../dist/plan.js');
  const data = (path) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'postatlas-bench-plan-'));
  const db = await openStore({ dataDir: dir });
  try {
    const boundaries = CountryBoundaries.load();
    const imported = [];
    /** @type {['sites' | 'cells', string, string][]} */
    const files = [
      ['sites', 'itu-stp/STP-1713385818-4t89-pointofinterest.csv', 'stp-schools'],
      ['cells', 'itu-stp/STP-1713438795-bivd-cellsite.csv', 'stp-cell-sites'],
    ];
    for (const [layer, file, dataset] of files) {
      const r = await importFile(db, { layer, file: data(file), dataset, skipInvalid: true, boundaries, importedBy: 'bench' });
      imported.push(`${r.imported} ${layer} (${r.rejected} rejected)`);
      log(`stp: imported ${imported.at(-1)}`);
    }
    // The analysis first, so that the timed plan below measures planning (it finds the run current).
    const { run } = await analyze(db, { country: 'STP', runBy: 'bench' });
    const { sites } = await loadPlanningSites(db, run.id, 'STP', { demandM: P.demand.catchmentRadiusM, servedM: P.prioritisation.servedRadiusM });
    const inst = planningInstance(sites, P, 'sites');
    const m = inst.site.length;
    // Half of the unconnected schools: the cheapest half, each at its cheapest column.
    const costs = Array.from({ length: m }, (_, c) => inst.columnCost[inst.columnStart[c]]).sort((a, b) => a - b);
    const budgetUsd = costs.slice(0, Math.ceil(m / 2)).reduce((a, b) => a + b, 0);
    const model = planningModel(inst, { totalUsd: budgetUsd, annualUsd: null, ...YEARS }, []);
    const { timeLimitS, targetS, minPct } = limits(sites.lon.length);
    log(`stp: ${sites.lon.length} sites, ${m} candidates, budget ${int(budgetUsd)} USD; planning`);
    const t = performance.now();
    const r = await plan(db, { country: 'STP', name: 'bench', objective: 'sites', budgetUsd, ...YEARS, parameters: { solver: { timeLimitS } }, runBy: 'bench' });
    const ms = performance.now() - t;
    const c = r.certificate;
    const h = c.highs;
    const proven = c.gap === 0 ? `optimum (${boundName(c.boundSource)} = value)` : h?.status === 'optimal' && c.boundSource === 'highs-mip' ? `optimum (HiGHS, gap ≤ ${relativeGap})` : null;
    return {
      instance: 'São Tomé (ITU sample, `plan` job)', sites: sites.lon.length, candidates: m, columns: columnsText(model),
      greedyValue: c.greedyValue, greedyMs: r.timingsMs.greedy, pipelineValue: c.value, pipelineMs: ms,
      reference: c.bound, referenceKind: proven ?? boundName(c.boundSource),
      highs: h ? `MIP ${h.status ?? 'none'}, total ${secs(h.timeMs)}${h.error ? `; ${h.error}` : ''}` : 'not run',
      target: { minPct, maxMs: targetS * 1000 },
      notes: [
        `imported ${imported.join(', ')}; objective sites, budget ${int(budgetUsd)} USD (the cheapest ${Math.ceil(m / 2)} of ${m} candidates), ${YEARS.fromYear}–${YEARS.untilYear}; ` +
        `certificate: method ${c.method}, value ${c.value}, bound ${c.bound} (${c.boundSource}), gap ${(100 * c.gap).toFixed(3)} %, ` +
        `relaxation ${c.relaxationBound}, LP ${c.lpBound ?? '–'}, HiGHS ${h ? `${h.status} in ${secs(h.timeMs)}` : 'not run'}`,
        `plan() wall ${secs(ms)}: ${Object.entries(r.timingsMs).map(([k, v]) => `${k} ${secs(v)}`).join(', ')} (greedy time includes the relaxation bound)`,
      ],
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Synthetic regions of India.

/** @returns {Promise<Row[]>} */
async function synthetic() {
  const { nationalIndia } = await import('./synthetic.mjs');
  let t = performance.now();
  let inputs = nationalIndia({ cells: Number(o.cells), rasterSize: Number(o.raster), seed: Number(o.seed) });
  const buildMs = performance.now() - t;
  log(`synthetic: inputs in ${secs(buildMs)}; analysing`);
  t = performance.now();
  const params = analysisParameters();
  const metrics = analyseCountry(inputs, params);
  const analyseMs = performance.now() - t;
  log(`synthetic: analysis in ${secs(analyseMs)}`);
  const all = planningSites(inputs, metrics, params);
  inputs = null; // the raster and cells can go

  // Nearest to the centre first (equirectangular distance is enough to order them).
  const n = all.lon.length;
  const k = Math.cos((CENTRE.lat * Math.PI) / 180);
  const d = Float64Array.from({ length: n }, (_, i) => ((all.lon[i] - CENTRE.lon) * k) ** 2 + (all.lat[i] - CENTRE.lat) ** 2);
  const byDistance = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b] || a - b);

  const out = [];
  for (const size of sizes) {
    const keep = byDistance.slice(0, Math.min(size, n)).sort();
    const sites = subset(all, keep);
    const radiusKm = Math.sqrt(d[byDistance[keep.length - 1]]) * 111.195;
    out.push(await syntheticCase(`India ${int(keep.length)} sites (within ${radiusKm.toFixed(0)} km)`, sites, { share: 0.3, annual: false }));
    if (size === 10_000) out.push(await syntheticCase(`India ${int(keep.length)} sites, annual budget (yearly model)`, sites, { share: 0.3, annual: true }));
    if (size === 1_000) out.push(await syntheticCase(`India ${int(keep.length)} sites, tight annual budget (yearly model)`, sites, { share: 0.02, annual: true }));
  }
  out[0]?.notes.push(`inputs (${int(n)} post offices, ${int(Number(o.cells))} cells, ${o.raster}² raster) generated in ${secs(buildMs)}, analysed in ${secs(analyseMs)}; not counted`);
  return out;
}

/**
 * The analysis's metrics as the planner reads them (as loadPlanningSites reads them from the store).
 * @param {import('@postatlas/core').CountryInputs} inputs
 * @param {import('@postatlas/core').SiteMetrics} m
 * @param {import('@postatlas/core').AnalysisParameters} params
 * @returns {PlanningSites}
 */
function planningSites(inputs, m, params) {
  const n = inputs.sites.lon.length;
  const ring = (radiusM) => {
    const k = params.populationRadiiM.indexOf(radiusM);
    if (k < 0) throw new Error(`no catchment of ${radiusM} m in the analysis`);
    return Float64Array.from(m.catchment[k]);
  };
  const nearestCellM = new Float64Array(n).fill(NaN);
  for (const col of m.cellDistanceM) {
    for (let i = 0; i < n; i++) if (col[i] >= 0 && !(nearestCellM[i] <= col[i])) nearestCellM[i] = col[i];
  }
  return {
    lon: Float64Array.from(inputs.sites.lon), lat: Float64Array.from(inputs.sites.lat), siteType: Uint8Array.from(inputs.sites.siteType),
    connected: Int8Array.from(m.connected), onFiber: new Uint8Array(n),
    demandPeople: ring(P.demand.catchmentRadiusM), servedPeople: ring(P.prioritisation.servedRadiusM),
    fiberNodeM: Float64Array.from(m.nodeDistanceM.fiberOperational), bestGeneration: Uint8Array.from(m.bestGeneration), nearestCellM,
  };
}

/**
 * Rows `keep` of every column.
 * @param {PlanningSites} s
 * @param {Int32Array} keep
 * @returns {PlanningSites}
 */
function subset(s, keep) {
  const pick = (col) => col.constructor.from(keep, (i) => col[i]);
  return /** @type {PlanningSites} */ (Object.fromEntries(Object.entries(s).map(([key, col]) => [key, pick(col)])));
}

/**
 * @param {string} label
 * @param {PlanningSites} sites
 * @param {{ share: number, annual: boolean }} money total = share × the candidates' cheapest columns; annual: a quarter of it a year
 * @returns {Promise<Row>}
 */
async function syntheticCase(label, sites, { share, annual }) {
  const inst = planningInstance(sites, P, 'population');
  const m = inst.site.length;
  let base = 0;
  for (let c = 0; c < m; c++) base += inst.columnCost[inst.columnStart[c]];
  const totalUsd = share * base;
  /** @type {Budget} */
  const budget = { totalUsd, annualUsd: annual ? totalUsd / 4 : null, ...YEARS };
  const { timeLimitS, targetS, minPct } = limits(sites.lon.length);
  log(`${label}: ${m} candidates, ${inst.option.length} columns, budget ${int(totalUsd)} USD${annual ? ` (${int(totalUsd / 4)} a year)` : ''}`);

  // (a) Greedy alone.
  const greedyTimes = [];
  let greedy = greedyPlan(inst, budget, []);
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    greedy = greedyPlan(inst, budget, []);
    greedyTimes.push(performance.now() - t);
  }
  const greedyValue = planValue(greedy);
  log(`${label}: greedy ${int(greedyValue)} in ${secs(median(greedyTimes))}`);

  // (b) The pipeline, as the plan job runs it once the sites are loaded.
  const p = await pipeline(sites, budget, timeLimitS);
  log(`${label}: pipeline ${int(p.value)} (${p.method}) in ${secs(p.ms)}; HiGHS ${highsText(p.highs)}`);

  // (c) The reference.
  const notes = [];
  /** @type {[string, number][]} */
  const bounds = [['relaxation bound', p.relaxation]];
  if (p.highs?.lp?.status === 'optimal') bounds.push(['LP bound', p.highs.lp.objective]);
  if (p.highs?.mip && Number.isFinite(p.highs.mip.bound)) bounds.push(['MIP bound', p.highs.mip.bound]);
  let reference;
  let referenceKind;
  if (minPct !== null && sites.lon.length <= 1_000 && p.model.numCols <= maxColumns) {
    log(`${label}: reference solve, up to ${referenceS} s`);
    const ref = await solveWithHighs(p.model, modelPoint(p.model, greedy), { timeLimitS: referenceS, relativeGap: 0, maxColumns });
    const rv = ref.mip && ref.mip.x.length === p.model.numCols ? planValue(replay(p.inst, budget, [], modelAnswer(p.model, p.inst, ref.mip.x))) : NaN;
    notes.push(`reference solve (${referenceS} s, gap 0): ${highsText(ref)}, objective ${ref.mip ? ref.mip.objective : '–'}, bound ${ref.mip ? ref.mip.bound : '–'}, replayed ${Number.isNaN(rv) ? '–' : rv}`);
    if (ref.mip && Number.isFinite(rv) && Math.abs(rv - ref.mip.objective) > 1e-6 * Math.max(1, Math.abs(ref.mip.objective))) {
      notes.push(`⚠ the reference's replayed value ${rv} differs from HiGHS's objective ${ref.mip.objective}`);
    }
    if (ref.mip?.status === 'optimal') {
      reference = ref.mip.objective;
      referenceKind = 'optimum (HiGHS, gap 0)';
    } else {
      if (ref.lp?.status === 'optimal') bounds.push(['LP bound', ref.lp.objective]);
      if (ref.mip && Number.isFinite(ref.mip.bound)) bounds.push(['MIP bound', ref.mip.bound]);
    }
  }
  if (reference === undefined) {
    [referenceKind, reference] = bounds.reduce((best, b) => (b[1] < best[1] ? b : best));
    if (p.highs?.mip?.status === 'optimal' && referenceKind === 'MIP bound') referenceKind = `MIP bound (HiGHS optimal, gap ≤ ${relativeGap})`;
  }
  notes.push(`budget ${int(totalUsd)} USD${annual ? `, ${int(totalUsd / 4)} a year` : ''} (greedy funds ${int(greedy.order.length)} of ${int(m)} candidates); ` +
    `greedy ${int(greedyValue)}, HiGHS objective ${p.highs?.mip ? int(p.highs.mip.objective) : '–'} (replayed ${int(p.replayed)}), pipeline ${int(p.value)} (${p.method}), ` +
    `bounds: ${bounds.map(([k, v]) => `${k} ${int(v)}`).join(', ')}; pipeline % of the LP bound ${fmtPct(pct(p.value, bounds.find((b) => b[0] === 'LP bound')?.[1] ?? NaN))}`);
  notes.push(`pipeline: ${Object.entries(p.stepsMs).map(([k, v]) => `${k} ${secs(v)}`).join(', ')}${p.yearly ? '; yearly model' : ''}`);
  for (const [kind, v] of bounds) if (v < p.value * (1 - 1e-9)) notes.push(`⚠ ${kind} ${v} is below the pipeline's plan ${p.value}: not a bound`);
  if (p.highs?.mip && p.highs.mip.status !== 'optimal' && p.highs.mip.objective > p.highs.mip.bound * (1 + 1e-9)) notes.push(`⚠ HiGHS objective ${p.highs.mip.objective} above its own bound ${p.highs.mip.bound}`);
  if (p.highs?.mip && p.highs.mip.x.length === p.model.numCols && p.replayed < p.highs.mip.objective * (1 - 1e-9)) {
    notes.push(`⚠ HiGHS's plan is worth ${p.highs.mip.objective} in the model but ${p.replayed} replayed`);
  }
  if (p.highs && p.highs.timeMs > (timeLimitS + 2) * 1000) notes.push(`⚠ HiGHS took ${secs(p.highs.timeMs)} with a time limit of ${timeLimitS} s`);

  return {
    instance: label, sites: sites.lon.length, candidates: m, columns: columnsText(p.model),
    greedyValue, greedyMs: median(greedyTimes), pipelineValue: p.value, pipelineMs: p.ms,
    reference, referenceKind, highs: highsText(p.highs), target: { minPct, maxMs: targetS * 1000 }, notes,
  };
}

/**
 * greedy → relaxation bound → model → HiGHS from the greedy start → replay → the better plan, as
 * packages/jobs/src/plan.ts does it, timed from the planning sites.
 * @param {PlanningSites} sites
 * @param {Budget} budget
 * @param {number} timeLimitS
 */
async function pipeline(sites, budget, timeLimitS) {
  const stepsMs = {};
  const began = performance.now();
  let t = began;
  const step = (name) => {
    const now = performance.now();
    stepsMs[name] = now - t;
    t = now;
  };
  const inst = planningInstance(sites, P, 'population');
  step('instance');
  const greedy = greedyPlan(inst, budget, []);
  const relaxation = relaxationBound(inst, budget, []);
  step('greedy + relaxation');
  const years = budget.untilYear - budget.fromYear + 1;
  const yearly = budget.annualUsd !== null && inst.option.length * years <= maxColumns;
  const model = planningModel(inst, budget, [], { yearly });
  const start = modelPoint(model, greedy);
  step('model');
  const highs = await solveWithHighs(model, start, { timeLimitS, relativeGap, maxColumns });
  step('HiGHS');
  let best = greedy;
  let replayed = NaN;
  if (highs.mip && highs.mip.x.length === model.numCols) {
    const exact = replay(inst, budget, [], modelAnswer(model, inst, highs.mip.x));
    replayed = planValue(exact);
    if (replayed > planValue(best) + 1e-9) best = exact;
  }
  step('replay');
  const ms = performance.now() - began;
  return { inst, model, yearly, relaxation, highs, replayed, value: planValue(best), method: best === greedy ? 'greedy' : 'highs', ms, stepsMs };
}

/** @param {import('@postatlas/core').LinearModel} model */
function columnsText(model) {
  return model.numCols > maxColumns ? `${int(model.numCols)} (> ${int(maxColumns)}: greedy only)` : int(model.numCols);
}

/** @param {SolveResult | null} h */
function highsText(h) {
  if (!h) return 'not run';
  const parts = [];
  if (h.lp) parts.push(`LP ${h.lp.status} ${secs(h.lp.timeMs)}`);
  if (h.mip) parts.push(`MIP ${h.mip.status} ${secs(h.mip.timeMs)}`);
  if (h.error) parts.push(h.error);
  if (h.lp || h.mip) parts.push(`total ${secs(h.timeMs)}`);
  return parts.join(', ') || 'no answer';
}

/** @param {string} source */
function boundName(source) {
  return { relaxation: 'relaxation bound', 'highs-lp': 'LP bound', 'highs-mip': 'MIP bound' }[source] ?? source;
}

// ---------------------------------------------------------------------------------------------

/** @param {Row[]} rows */
function print(rows) {
  const cpu = cpus();
  const lines = [];
  lines.push(`Planning: value as a % of the reference, and time (greedy: median of ${runs}; pipeline: one run, wall time from the planning sites).`);
  lines.push('');
  lines.push('| instance | sites | candidates | model columns | greedy | greedy time | pipeline | pipeline time | reference | HiGHS (pipeline) | target |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---|---|:---:|');
  for (const r of rows) {
    const gp = pct(r.greedyValue, r.reference);
    const pp = pct(r.pipelineValue, r.reference);
    const flag = (x) => (x > 100 + 1e-6 ? ' ⚠' : '');
    const met = (r.target.minPct === null || pp >= r.target.minPct) && r.pipelineMs <= r.target.maxMs;
    const target = `${r.target.minPct === null ? '' : `≥ ${r.target.minPct} % in `}≤ ${r.target.maxMs / 1000} s: ${met ? '✓' : '✗'}`;
    lines.push(`| ${r.instance} | ${int(r.sites)} | ${int(r.candidates)} | ${r.columns} | ${fmtPct(gp)}${flag(gp)} | ${secs(r.greedyMs)} | ${fmtPct(pp)}${flag(pp)} | ${secs(r.pipelineMs)} | ${r.referenceKind} | ${r.highs} | ${target} |`);
  }
  lines.push('');
  for (const r of rows) for (const note of r.notes) lines.push(`- ${r.instance}: ${note}`);
  lines.push('');
  lines.push(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}. ` +
    `Command: \`node packages/jobs/bench/plan.bench.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}\`; total wall time ${secs(performance.now() - wall)}.`);
  console.log(lines.join('\n'));
}
