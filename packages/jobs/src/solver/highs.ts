/**
 * HiGHS, kept at arm's length: the model is solved in a worker thread with a time limit, and
 * whatever happens there (a time-out, an abort of the WebAssembly runtime, a model too large to
 * try) the caller gets a result and keeps its greedy plan.
 *
 *     const r = await solveWithHighs(model, modelPoint(model, greedy), { timeLimitS: 10, relativeGap: 1e-4, maxColumns: 60_000 });
 *     r.lp?.objective;   // LP relaxation: a bound on any plan
 *     r.mip?.x;          // the best plan HiGHS found (the greedy one at worst, as its start)
 *     r.error;           // why there is no mip, if there is none
 */
import { Worker } from 'node:worker_threads';
import type { LinearModel } from '@postatlas/core';

export interface SolveRequest {
  model: LinearModel;
  start: Float64Array;
  timeLimitS: number;
  relativeGap: number;
}

export type WorkerMessage =
  | { kind: 'lp'; status: string; objective: number; timeMs: number }
  | { kind: 'mip'; status: string; objective: number; bound: number; x: Float64Array; timeMs: number };

export interface SolveResult {
  lp: Extract<WorkerMessage, { kind: 'lp' }> | null;
  mip: Extract<WorkerMessage, { kind: 'mip' }> | null;
  /** Why the solve gave no MIP answer (or no LP bound): skipped, crashed, timed out. */
  error: string | null;
  timeMs: number;
}

export async function solveWithHighs(
  model: LinearModel, start: Float64Array, o: { timeLimitS: number; relativeGap: number; maxColumns: number },
): Promise<SolveResult> {
  const began = performance.now();
  if (model.numCols > o.maxColumns) {
    return { lp: null, mip: null, error: `not sent to HiGHS: ${model.numCols} columns exceed the limit of ${o.maxColumns}`, timeMs: 0 };
  }
  const result: SolveResult = { lp: null, mip: null, error: null, timeMs: 0 };
  const worker = new Worker(new URL('./highs-worker.js', import.meta.url), { workerData: { model, start, timeLimitS: o.timeLimitS, relativeGap: o.relativeGap } satisfies SolveRequest });
  // HiGHS checks its time limit between steps; a step that runs on (or a hang) is cut off here.
  const deadlineMs = (1.5 * o.timeLimitS + 10) * 1000;
  const timer = setTimeout(() => {
    result.error = `HiGHS did not stop within ${Math.round(deadlineMs / 1000)} s and was terminated`;
    void worker.terminate();
  }, deadlineMs);
  await new Promise<void>((resolve) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'lp') result.lp = m;
      else result.mip = m;
    });
    worker.on('error', (e) => {
      result.error ??= `HiGHS failed: ${e instanceof Error ? e.message : String(e)}`;
    });
    worker.on('exit', () => resolve());
  });
  clearTimeout(timer);
  result.timeMs = performance.now() - began;
  return result;
}
