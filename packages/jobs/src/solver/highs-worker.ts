/**
 * Runs in a worker thread: solves the LP relaxation (for the bound), then the mixed-integer model
 * from the greedy plan, and posts each result as soon as it has it, so a crash in the second
 * solve (HiGHS's WebAssembly build can abort on large models) never loses the first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import highsModule from 'highs';
import type { LinearModel } from '@postatlas/core';
import type { SolveRequest, WorkerMessage } from './highs.js';

// The package's types describe its CommonJS build; imported as ESM, the default export is the loader itself.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as (typeof highsModule)['default'];
const highs = await loadHighs();
const { model, start, timeLimitS, relativeGap } = workerData as SolveRequest;
const statusName = Object.fromEntries(Object.entries(highs.constants.modelStatus).map(([name, code]) => [code, name])) as Record<number, string>;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

function modelData(m: LinearModel, integer: boolean) {
  return {
    numCols: m.numCols,
    numRows: m.numRows,
    sense: m.sense === 'maximize' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    colCost: m.colCost,
    colLower: m.colLower,
    colUpper: m.colUpper,
    rowLower: m.rowLower,
    rowUpper: m.rowUpper,
    matrix: { format: 'csr' as const, numRows: m.numRows, numCols: m.numCols, starts: m.rowStart, indices: m.rowIndex, values: m.rowValue },
    ...(integer ? { integrality: Int32Array.from(m.integrality) } : {}),
  };
}

const began = performance.now();
const lp = highs.createModel(modelData(model, false));
try {
  lp.options.set({ output_flag: false, time_limit: timeLimitS });
  lp.run();
  post({ kind: 'lp', status: statusName[lp.getModelStatus()] ?? 'unknown', objective: lp.getObjectiveValue(), timeMs: performance.now() - began });
} finally {
  lp.dispose();
}

const left = Math.max(1, timeLimitS - (performance.now() - began) / 1000);
const mip = highs.createModel(modelData(model, true));
try {
  mip.options.set({ output_flag: false, time_limit: left, mip_rel_gap: relativeGap });
  mip.setSolution({ colValue: start });
  const mipBegan = performance.now();
  mip.run();
  const status = statusName[mip.getModelStatus()] ?? 'unknown';
  const x = mip.getSolution().colValue;
  post({
    kind: 'mip', status, objective: mip.getObjectiveValue(), bound: Number(mip.info.get('mip_dual_bound')),
    x, timeMs: performance.now() - mipBegan,
  });
} finally {
  mip.dispose();
}
