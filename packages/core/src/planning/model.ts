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
 * budget then only sets the years). Without the yearly option, splitting the money into years is
 * left to the schedule that replays the answer, and the model's bound is a bound for the yearly
 * problem too; with it, x has a year and each year's money is a row.
 */

import { budgetCapacity, type Budget } from './budget.js';
import type { PlanningInstance } from './instance.js';
import type { Selection } from './selection.js';

export interface LinearModel {
  sense: 'maximize' | 'minimize';
  /** Columns per way of connecting a site: 1, or one per year from fromYear. */
  years: number;
  fromYear: number;
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

export interface ModelOptions {
  /**
   * A column per year for each way of connecting a site, so that the model itself splits the money
   * into years. Worth it with annual budgets (which leave no slack to carry over); it multiplies
   * the columns by the number of years.
   */
  yearly?: boolean;
}

/**
 * The model. Its first columns are the instance's columns (k), or, yearly, k × years + (year −
 * fromYear); the school coverage variables follow.
 */
export function planningModel(inst: PlanningInstance, budget: Budget, mustInclude: readonly number[] = [], o: ModelOptions = {}): LinearModel {
  const m = inst.site.length;
  const everySite = inst.objective === 'cost';
  const Y = o.yearly && !everySite ? budget.untilYear - budget.fromYear + 1 : 1;
  const K = inst.option.length;
  const X = K * Y;
  const must = new Uint8Array(m);
  for (const c of mustInclude) must[c] = 1;
  const schools = inst.host.reduce<number[]>((list, h, s) => (h >= 0 ? (list.push(s), list) : list), []);
  const zOf = new Int32Array(m).fill(-1);
  schools.forEach((s, j) => (zOf[s] = X + j));
  const numCols = X + schools.length;

  const colCost = new Float64Array(numCols);
  const colNames: string[] = [];
  for (let k = 0; k < K; k++) {
    const c = inst.columnCandidate[k]!;
    const name = `x_${inst.site[c]}_${inst.option[k]!.technology}${inst.requires[k]! >= 0 ? '_relay' : k > inst.columnStart[c]! ? '_direct' : ''}`;
    for (let y = 0; y < Y; y++) {
      colCost[k * Y + y] = everySite ? inst.columnCost[k]! : zOf[c]! >= 0 ? 0 : inst.value[c]!;
      colNames.push(Y > 1 ? `${name}_${budget.fromYear + y}` : name);
    }
  }
  schools.forEach((s, j) => {
    colCost[X + j] = everySite ? 0 : inst.value[s]!;
    colNames.push(`z_${inst.site[s]}`);
  });

  const rows: { name: string; lower: number; upper: number; index: number[]; value: number[] }[] = [];
  /** Model columns of candidate c's instance columns that pass `keep`, in years up to `untilY`. */
  const columnsOf = (c: number, untilY = Y - 1, keep = (_k: number) => true) =>
    range(inst.columnStart[c]!, inst.columnStart[c + 1]!).filter(keep).flatMap((k) => range(k * Y, k * Y + untilY + 1));
  for (let c = 0; c < m; c++) {
    const cols = columnsOf(c);
    const exact = everySite || must[c] === 1;
    if (cols.length > 1 || exact) rows.push({ name: `one_${inst.site[c]}`, lower: exact ? 1 : -Infinity, upper: 1, index: cols, value: cols.map(() => 1) });
  }
  for (let k = 0; k < K; k++) {
    const parent = inst.requires[k]!;
    if (parent < 0) continue;
    // Built by year y only if the parent is on fibre by year y.
    for (let y = 0; y < Y; y++) {
      const own = range(k * Y, k * Y + y + 1);
      const feeds = columnsOf(parent, y, (j) => inst.fiber[j] === 1);
      rows.push({ name: `relay_${inst.site[inst.columnCandidate[k]!]}${Y > 1 ? `_${budget.fromYear + y}` : ''}`, lower: -Infinity, upper: 0, index: [...own, ...feeds], value: [...own.map(() => 1), ...feeds.map(() => -1)] });
    }
  }
  if (!everySite) {
    for (const s of schools) {
      const by = [...columnsOf(s), ...columnsOf(inst.host[s]!)];
      rows.push({ name: `cover_${inst.site[s]}`, lower: -Infinity, upper: 0, index: [zOf[s]!, ...by], value: [1, ...by.map(() => -1)] });
    }
    const spend = (y: number) => ({ index: range(0, K).map((k) => k * Y + y), value: Array.from(inst.columnCost) });
    if (Y > 1) {
      if (budget.annualUsd !== null) for (let y = 0; y < Y; y++) rows.push({ name: `budget_${budget.fromYear + y}`, lower: -Infinity, upper: budget.annualUsd, ...spend(y) });
      if (Number.isFinite(budget.totalUsd)) {
        const all = range(0, X);
        rows.push({ name: 'budget', lower: -Infinity, upper: budget.totalUsd, index: all, value: all.map((x) => inst.columnCost[Math.floor(x / Y)]!) });
      }
    } else {
      const capacity = budgetCapacity(budget);
      if (Number.isFinite(capacity)) rows.push({ name: 'budget', lower: -Infinity, upper: capacity, ...spend(0) });
    }
  }

  // A column dearer than a year's (or all the) money can never be built there: fixing it at 0
  // tightens the LP relaxation, which would otherwise take a fraction of it.
  const colUpper = new Float64Array(numCols).fill(1);
  const largest = everySite ? Infinity : Math.min(budgetCapacity(budget), budget.annualUsd ?? Infinity);
  for (let x = 0; x < X; x++) if (inst.columnCost[Math.floor(x / Y)]! > largest) colUpper[x] = 0;

  const rowStart = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (rowStart[i + 1] = rowStart[i]! + r.index.length));
  return {
    sense: everySite ? 'minimize' : 'maximize',
    years: Y,
    fromYear: budget.fromYear,
    numCols,
    numRows: rows.length,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper,
    integrality: new Uint8Array(numCols).map((_, x) => (x < X ? 1 : 0)),
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
  const Y = model.years;
  sel.column.forEach((k, c) => k >= 0 && (x[k * Y + (Y > 1 ? sel.year[c]! - model.fromYear : 0)] = 1));
  let j = inst.option.length * Y;
  inst.host.forEach((h, s) => h >= 0 && (x[j++] = sel.covered[s]!));
  return x;
}

/** What a solver's point builds: the column of each candidate (-1: none) and, yearly, its year. */
export function modelAnswer(model: LinearModel, inst: PlanningInstance, x: ArrayLike<number>): { column: Int32Array; year?: Int32Array } {
  const Y = model.years;
  const column = new Int32Array(inst.site.length).fill(-1);
  const year = new Int32Array(inst.site.length);
  for (let i = 0; i < inst.option.length * Y; i++) {
    if (!(x[i]! > 0.5)) continue;
    const k = Math.floor(i / Y);
    column[inst.columnCandidate[k]!] = k;
    year[inst.columnCandidate[k]!] = model.fromYear + (i % Y);
  }
  return Y > 1 ? { column, year } : { column };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
