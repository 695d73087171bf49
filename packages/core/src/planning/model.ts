/**
 * The exact plan as a mixed-integer linear model, in the sparse form solvers take (HiGHS's
 * ModelData; rows in CSR), with names for the LP file of an audit pack.
 *
 *   x[k] ∈ {0,1}  column k is built        z[s] ∈ [0,1]  co-connected school s is covered
 *   maximise   Σ value(c)·x[k] over own columns  +  Σ value(s)·z[s]
 *   subject to Σ x over a candidate's columns ≤ 1      (= 1 when it must be included)
 *              x[relay] ≤ Σ x over the parent's fibre columns
 *              z[s] ≤ Σ x over s's columns + Σ x over its post office's columns
 *              Σ cost·x ≤ money over all years
 * The cost objective minimises Σ cost·x with every candidate's row = 1 and no budget row (the
 * budget then only sets the years). Splitting the money into years is left to the schedule that
 * replays the answer; the bound of this model is therefore a bound for the yearly problem too.
 */

import { budgetCapacity, type Budget } from './budget.js';
import type { PlanningInstance } from './instance.js';
import type { Selection } from './selection.js';

export interface LinearModel {
  sense: 'maximize' | 'minimize';
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  /** 1: integer (binary with bounds 0..1), 0: continuous. */
  integrality: Uint8Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Rows in CSR: row r holds rowIndex/rowValue[rowStart[r] .. rowStart[r + 1] - 1]. */
  rowStart: Int32Array;
  rowIndex: Int32Array;
  rowValue: Float64Array;
  colNames: string[];
  rowNames: string[];
}

/** The model; its first inst.option.length columns are the instance's columns, in order. */
export function planningModel(inst: PlanningInstance, budget: Budget, mustInclude: readonly number[] = []): LinearModel {
  const m = inst.site.length;
  const K = inst.option.length;
  const everySite = inst.objective === 'cost';
  const must = new Uint8Array(m);
  for (const c of mustInclude) must[c] = 1;
  const schools = inst.host.reduce<number[]>((list, h, s) => (h >= 0 ? (list.push(s), list) : list), []);
  const zOf = new Int32Array(m).fill(-1);
  schools.forEach((s, j) => (zOf[s] = K + j));
  const numCols = K + schools.length;

  const colCost = new Float64Array(numCols);
  const colNames: string[] = [];
  for (let k = 0; k < K; k++) {
    const c = inst.columnCandidate[k]!;
    colCost[k] = everySite ? inst.columnCost[k]! : zOf[c]! >= 0 ? 0 : inst.value[c]!;
    colNames.push(`x_${inst.site[c]}_${inst.option[k]!.technology}${inst.requires[k]! >= 0 ? '_relay' : k > inst.columnStart[c]! ? '_direct' : ''}`);
  }
  schools.forEach((s, j) => {
    colCost[K + j] = everySite ? 0 : inst.value[s]!;
    colNames.push(`z_${inst.site[s]}`);
  });

  const rows: { name: string; lower: number; upper: number; index: number[]; value: number[] }[] = [];
  const columnsOf = (c: number) => range(inst.columnStart[c]!, inst.columnStart[c + 1]!);
  for (let c = 0; c < m; c++) {
    const cols = columnsOf(c);
    const exact = everySite || must[c] === 1;
    if (cols.length > 1 || exact) rows.push({ name: `one_${inst.site[c]}`, lower: exact ? 1 : -Infinity, upper: 1, index: cols, value: cols.map(() => 1) });
  }
  for (let k = 0; k < K; k++) {
    const parent = inst.requires[k]!;
    if (parent < 0) continue;
    const feeds = columnsOf(parent).filter((j) => inst.fiber[j]);
    rows.push({ name: `relay_${inst.site[inst.columnCandidate[k]!]}`, lower: -Infinity, upper: 0, index: [k, ...feeds], value: [1, ...feeds.map(() => -1)] });
  }
  if (!everySite) {
    for (const s of schools) {
      const by = [...columnsOf(s), ...columnsOf(inst.host[s]!)];
      rows.push({ name: `cover_${inst.site[s]}`, lower: -Infinity, upper: 0, index: [zOf[s]!, ...by], value: [1, ...by.map(() => -1)] });
    }
    const capacity = budgetCapacity(budget);
    if (Number.isFinite(capacity)) rows.push({ name: 'budget', lower: -Infinity, upper: capacity, index: range(0, K), value: Array.from(inst.columnCost) });
  }

  const rowStart = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (rowStart[i + 1] = rowStart[i]! + r.index.length));
  return {
    sense: everySite ? 'minimize' : 'maximize',
    numCols,
    numRows: rows.length,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    integrality: new Uint8Array(numCols).map((_, k) => (k < K ? 1 : 0)),
    rowLower: Float64Array.from(rows, (r) => r.lower),
    rowUpper: Float64Array.from(rows, (r) => r.upper),
    rowStart,
    rowIndex: Int32Array.from(rows.flatMap((r) => r.index)),
    rowValue: Float64Array.from(rows.flatMap((r) => r.value)),
    colNames,
    rowNames: rows.map((r) => r.name),
  };
}

/** A plan as a point of the model: a feasible start for the solver. */
export function modelPoint(model: LinearModel, sel: Selection): Float64Array {
  const x = new Float64Array(model.numCols);
  const { inst } = sel;
  sel.column.forEach((k) => k >= 0 && (x[k] = 1));
  let j = inst.option.length;
  inst.host.forEach((h, s) => h >= 0 && (x[j++] = sel.covered[s]!));
  return x;
}

/** The columns a solver's answer builds: candidate → column, -1 for none. */
export function chosenColumns(inst: PlanningInstance, x: ArrayLike<number>): Int32Array {
  const column = new Int32Array(inst.site.length).fill(-1);
  for (let k = 0; k < inst.option.length; k++) if (x[k]! > 0.5) column[inst.columnCandidate[k]!] = k;
  return column;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
