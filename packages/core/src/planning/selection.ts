/**
 * A plan in the making: the column chosen for each candidate, its year, and what is covered. The
 * greedy planner grows one; the exact model's answer is replayed into one, so both are checked
 * against the same budget ledger and valued the same way.
 */

import { BudgetLedger, type Budget } from './budget.js';
import { hostedBy, type PlanningInstance } from './instance.js';

export class Selection {
  readonly inst: PlanningInstance;
  readonly ledger: BudgetLedger;
  /** Chosen column of each candidate, -1 when not in the plan. */
  readonly column: Int32Array;
  /** Year of each candidate's connection, 0 when not in the plan. */
  readonly year: Int32Array;
  /** 1 where a candidate is connected, by itself or by its co-connecting post office. */
  readonly covered: Uint8Array;
  /** Candidates in the order they entered the plan: its priority. */
  readonly order: number[] = [];
  readonly hosted: number[][];
  /** Cost objective: candidates whose column is chosen but whose money is not there (candidate → column). */
  readonly unfunded = new Map<number, number>();
  value = 0;

  constructor(inst: PlanningInstance, budget: Budget, hosted = hostedBy(inst)) {
    this.inst = inst;
    this.ledger = new BudgetLedger(budget);
    const m = inst.site.length;
    this.column = new Int32Array(m).fill(-1);
    this.year = new Int32Array(m);
    this.covered = new Uint8Array(m);
    this.hosted = hosted;
  }

  /** What taking column k would add to the objective now. */
  gain(k: number): number {
    const c = this.inst.columnCandidate[k]!;
    if (this.column[c]! >= 0) return 0;
    let g = this.covered[c] ? 0 : this.inst.value[c]!;
    for (const s of this.hosted[c]!) if (!this.covered[s]) g += this.inst.value[s]!;
    return g;
  }

  /** The first year from notBefore (and not before its fibre parent's) that can fund column k, or 0. */
  fundableYear(k: number, notBefore = this.ledger.budget.fromYear): number {
    const req = this.inst.requires[k]!;
    if (req >= 0 && !(this.column[req]! >= 0 && this.inst.fiber[this.column[req]!])) return 0;
    return this.ledger.earliestYear(this.inst.columnCost[k]!, Math.max(notBefore, req >= 0 ? this.year[req]! : 0));
  }

  take(k: number, year: number): void {
    const c = this.inst.columnCandidate[k]!;
    this.value += this.gain(k);
    this.column[c] = k;
    this.year[c] = year;
    this.covered[c] = 1;
    for (const s of this.hosted[c]!) this.covered[s] = 1;
    this.ledger.spend(year, this.inst.columnCost[k]!);
    this.order.push(c);
  }

  /**
   * Takes candidate c out of the plan again. Only for a candidate that co-connects nobody and is
   * co-connected by nobody, so that what it covered is exactly itself.
   */
  drop(c: number): void {
    const k = this.column[c]!;
    this.value -= this.inst.value[c]!;
    this.ledger.spend(this.year[c]!, -this.inst.columnCost[k]!);
    this.column[c] = -1;
    this.year[c] = 0;
    this.covered[c] = 0;
    this.order.splice(this.order.indexOf(c), 1);
  }

  /** The cost of the chosen columns (for the cost objective, its value). */
  get costUsd(): number {
    return this.ledger.totalSpent;
  }
}
