/**
 * The greedy planner: sites enter the plan by value gained per dollar, the best first, as long as
 * a year has the money (lazy greedy, "CELF": a site's gain only falls as others cover its people,
 * so a stale gain is an upper bound and is recomputed only when it reaches the top), followed by
 * one-for-one exchanges; with annual budgets, also each year packed exactly. The best of these
 * and the best single site is returned (the single site bounds how bad ratio greedy can be on a
 * knapsack). Fibre relays open as their parents go onto fibre.
 *
 *     const plan = greedyPlan(inst, budget, mustInclude);
 *     plan.value;  // weighted people (or sites) covered
 *
 * For the cost objective every candidate enters, each at its cheapest column (relays where the
 * parent is on fibre), and the budget only decides the years: best value per dollar first.
 */

import type { Budget } from './budget.js';
import { MinHeap } from './heap.js';
import { hostedBy, type PlanningInstance } from './instance.js';
import { Selection } from './selection.js';

/** A site that must be included does not fit the budget; `candidate` says which. */
export class PlanError extends Error {
  constructor(message: string, readonly candidate: number) {
    super(message);
  }
}

export function greedyPlan(inst: PlanningInstance, budget: Budget, mustInclude: readonly number[] = []): Selection {
  const hosted = hostedBy(inst);
  const start = () => withMustInclude(new Selection(inst, budget, hosted), mustInclude);
  if (inst.objective === 'cost') return connectEverySite(start());
  let best = improveBySwaps(extendGreedily(start()), mustInclude);
  if (budget.annualUsd !== null) {
    const packed = yearByYear(start(), mustInclude);
    if (packed && packed.value > best.value) best = improveBySwaps(packed, mustInclude);
  }
  if (mustInclude.length) return best;
  const single = bestSingle(start());
  return single && single.value > best.value ? single : best;
}

/**
 * Adds candidates by gain per dollar while any fits; also used to refill a plan replayed from the
 * exact model. A relay whose parent is not on fibre yet is also offered as a pair with the
 * parent's direct fibre, so a cheap relay can pull its parent onto fibre.
 */
export function extendGreedily(sel: Selection): Selection {
  const { inst } = sel;
  const K = inst.option.length;
  const parentFiber = parentFiberColumns(inst);
  // Heap items: k for column k alone, K + k for relay column k together with parentFiber[k].
  const heap = new MinHeap(2 * K);
  const evaluatedAt = new Int32Array(2 * K);
  const offer = (item: number) => {
    const k = item % K;
    const g = item < K ? sel.gain(k) : pairGain(sel, parentFiber[k]!, k);
    const cost = inst.columnCost[k]! + (item < K ? 0 : inst.columnCost[parentFiber[k]!]!);
    if (g > 0) heap.push(item, -g / cost);
    evaluatedAt[item] = sel.order.length;
  };
  for (let k = 0; k < K; k++) {
    if (inst.requires[k]! < 0 || relayOpen(sel, k)) offer(k);
    else if (parentFiber[k]! >= 0) offer(K + k);
  }
  while (heap.size) {
    const item = heap.pop();
    const k = item % K;
    if (sel.column[inst.columnCandidate[k]!]! >= 0) continue;
    if (item >= K && sel.column[inst.requires[k]!]! >= 0) {
      // The parent is in the plan now: the relay stands alone if the parent went onto fibre.
      if (relayOpen(sel, k)) offer(k);
      continue;
    }
    if (evaluatedAt[item] !== sel.order.length) {
      offer(item);
      continue;
    }
    // Money only runs out, so what does not fit now never will.
    if (item < K) {
      const year = sel.fundableYear(k);
      if (year === 0) continue;
      sel.take(k, year);
      if (inst.fiber[k]) openRelaysFrom(sel, inst.columnCandidate[k]!, offer);
    } else if (!takePair(sel, parentFiber[k]!, k)) continue;
    else openRelaysFrom(sel, inst.requires[k]!, offer);
  }
  return sel;
}

/**
 * One-for-one exchanges: a site left out replaces a less valuable one in a year whose money then
 * fits it, and what is freed is filled greedily again. Ratio greedy loses most where a year holds
 * only a few sites (tight annual budgets); this wins most of that back. Only sites whose value is
 * their own (no co-connection, not on or feeding a relay) are exchanged, and the work is capped,
 * since on large plans greedy is already within a fraction of a percent.
 */
export function improveBySwaps(sel: Selection, mustInclude: readonly number[] = [], maxPairs = 5_000_000): Selection {
  const { inst } = sel;
  const m = inst.site.length;
  const fixed = notExchangeable(inst, mustInclude);
  // A site on a relay, or feeding one in the plan, stays: its value is not its own to exchange.
  sel.column.forEach((k, c) => k >= 0 && inst.requires[k]! >= 0 && (fixed[c] = fixed[inst.requires[k]!] = 1));
  const byValue = (a: number, b: number) => inst.value[a]! - inst.value[b]!;
  for (let pass = 0; pass < 5; pass++) {
    // In the plan, least valuable first; out of it, most valuable first.
    const taken = sel.order.filter((c) => !fixed[c]).sort(byValue);
    const out: number[] = [];
    for (let c = 0; c < m; c++) if (!fixed[c] && sel.column[c]! < 0 && inst.value[c]! > 0) out.push(c);
    out.sort((a, b) => byValue(b, a));
    if (out.length * taken.length > maxPairs) break;
    // Sites come in at their base column, which needs no other site.
    let swaps = 0;
    for (const j of out) {
      const kj = inst.columnStart[j]!;
      for (let t = 0; t < taken.length && inst.value[taken[t]!]! < inst.value[j]!; t++) {
        const i = taken[t]!;
        const year = sel.year[i]!;
        const freed = inst.columnCost[sel.column[i]!]!;
        sel.ledger.spend(year, -freed);
        const fits = sel.ledger.earliestYear(inst.columnCost[kj]!, year) === year;
        sel.ledger.spend(year, freed);
        if (!fits) continue;
        sel.drop(i);
        sel.take(kj, year);
        taken.splice(t, 1);
        let at = 0;
        while (at < taken.length && inst.value[taken[at]!]! < inst.value[j]!) at++;
        taken.splice(at, 0, j);
        swaps++;
        break;
      }
    }
    if (swaps === 0) break;
    extendGreedily(sel);
  }
  return sel;
}

/**
 * With annual budgets a year holds few sites, and which few matters more than their ratio: each
 * year in turn takes the most valuable set that fits its money, found exactly by dynamic
 * programming over costs rounded up to a grid of at most `cells` steps (so a set that fits the
 * grid fits the money), each site at its base column. Co-connecting post offices and their schools
 * (whose value is shared) and relays are left to the greedy fill that follows. Skipped (null) when
 * the table would exceed maxWork entries.
 */
export function yearByYear(sel: Selection, mustInclude: readonly number[] = [], cells = 4_000, maxWork = 40_000_000): Selection | null {
  const { ledger } = sel;
  // Sites are packed at their base column, which needs no other site.
  const fixed = notExchangeable(sel.inst, mustInclude);
  for (let year = ledger.budget.fromYear; year <= ledger.budget.untilYear; year++) {
    if (!packYear(sel, year, fixed, cells, maxWork)) return null;
  }
  return extendGreedily(sel);
}

/**
 * 1 for sites the exchanges and the per-year packing leave where they are: those that must be
 * included, and post offices and schools co-connected with each other, whose value is shared.
 */
function notExchangeable(inst: PlanningInstance, mustInclude: readonly number[]): Uint8Array {
  const fixed = new Uint8Array(inst.site.length);
  for (const c of mustInclude) fixed[c] = 1;
  inst.host.forEach((h, s) => h >= 0 && (fixed[h] = fixed[s] = 1));
  return fixed;
}

/** The most valuable set of the year's free sites its money fits, taken (false: too large a table). */
function packYear(sel: Selection, year: number, fixed: Uint8Array, cells: number, maxWork: number): boolean {
  const { inst, ledger } = sel;
  const room = roomIn(sel, year);
  const items: number[] = [];
  for (let c = 0; c < inst.site.length; c++) {
    if (!fixed[c] && sel.column[c]! < 0 && !sel.covered[c] && inst.value[c]! > 0 && inst.columnCost[inst.columnStart[c]!]! <= room) items.push(c);
  }
  if (items.length === 0 || !(room > 0)) return true;
  const unit = room / cells;
  const W = Math.floor(room / unit + 1e-9);
  if (items.length * (W + 1) > maxWork) return false;
  const weight = items.map((c) => Math.ceil(inst.columnCost[inst.columnStart[c]!]! / unit - 1e-9));
  const best = new Float64Array(W + 1);
  const took = new Uint8Array(items.length * (W + 1));
  items.forEach((c, t) => {
    const w = weight[t]!;
    const v = inst.value[c]!;
    for (let x = W; x >= w; x--) {
      if (best[x - w]! + v > best[x]!) {
        best[x] = best[x - w]! + v;
        took[t * (W + 1) + x] = 1;
      }
    }
  });
  for (let t = items.length - 1, x = W; t >= 0; t--) {
    if (!took[t * (W + 1) + x]) continue;
    const k = inst.columnStart[items[t]!]!;
    if (ledger.earliestYear(inst.columnCost[k]!, year) === year) sel.take(k, year);
    x -= weight[t]!;
  }
  return true;
}

/** The most money a site could take in this year without breaking any year's limit. */
function roomIn(sel: Selection, year: number): number {
  let lo = 0;
  let hi = sel.ledger.budget.annualUsd ?? sel.ledger.budget.totalUsd;
  if (!Number.isFinite(hi)) return Infinity;
  if (sel.ledger.earliestYear(hi, year) === year) return hi;
  // earliestYear(cost, year) === year is monotone in cost: bisect to a cent.
  while (hi - lo > 0.01) {
    const mid = (lo + hi) / 2;
    if (sel.ledger.earliestYear(mid, year) === year) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** For each relay column, its parent's direct fibre column (-1 when the parent has none). */
function parentFiberColumns(inst: PlanningInstance): Int32Array {
  return inst.requires.map((req) => {
    if (req < 0) return -1;
    for (let j = inst.columnStart[req]!; j < inst.columnStart[req + 1]!; j++) if (inst.fiber[j] && inst.requires[j]! < 0) return j;
    return -1;
  });
}

function pairGain(sel: Selection, parentColumn: number, relay: number): number {
  const { inst } = sel;
  const child = inst.columnCandidate[relay]!;
  const parent = inst.columnCandidate[parentColumn]!;
  // The child may be a school the parent co-connects: counted by the parent's gain already.
  const shared = inst.host[child] === parent && !sel.covered[child] ? inst.value[child]! : 0;
  return sel.gain(parentColumn) + sel.gain(relay) - shared;
}

/** Takes the parent's fibre and the relay, in the first years that fund both, or neither. */
function takePair(sel: Selection, parentColumn: number, relay: number): boolean {
  const { inst, ledger } = sel;
  const parentYear = sel.fundableYear(parentColumn);
  if (parentYear === 0) return false;
  const parentCost = inst.columnCost[parentColumn]!;
  ledger.spend(parentYear, parentCost);
  const year = ledger.earliestYear(inst.columnCost[relay]!, parentYear);
  ledger.spend(parentYear, -parentCost);
  if (year === 0) return false;
  sel.take(parentColumn, parentYear);
  sel.take(relay, year);
  return true;
}

function relayOpen(sel: Selection, k: number): boolean {
  const req = sel.inst.requires[k]!;
  return req >= 0 && sel.column[req]! >= 0 && sel.inst.fiber[sel.column[req]!] === 1;
}

function openRelaysFrom(sel: Selection, parent: number, offer: (k: number) => void): void {
  const { inst } = sel;
  relayIndex(inst).get(parent)?.forEach((k) => sel.column[inst.columnCandidate[k]!]! < 0 && offer(k));
}

const relayIndexes = new WeakMap<PlanningInstance, Map<number, number[]>>();
function relayIndex(inst: PlanningInstance): Map<number, number[]> {
  let index = relayIndexes.get(inst);
  if (!index) {
    index = new Map();
    inst.requires.forEach((req, k) => req >= 0 && (index!.get(req) ?? index!.set(req, []).get(req)!).push(k));
    relayIndexes.set(inst, index);
  }
  return index;
}

function withMustInclude(sel: Selection, mustInclude: readonly number[]): Selection {
  for (const c of mustInclude) {
    if (sel.column[c]! >= 0) continue;
    const k = sel.inst.columnStart[c]!;
    const year = sel.fundableYear(k);
    if (year === 0) {
      const cost = Math.round(sel.inst.columnCost[k]!).toLocaleString('en');
      throw new PlanError(`must be included but its ${sel.inst.option[k]!.technology} connection (${cost} USD) does not fit the budget left after the sites before it`, c);
    }
    sel.take(k, year);
  }
  return sel;
}

function bestSingle(sel: Selection): Selection | null {
  let best = -1;
  for (let k = 0; k < sel.inst.option.length; k++) {
    if (sel.inst.requires[k]! >= 0 || sel.fundableYear(k) === 0) continue;
    if (best < 0 || sel.gain(k) > sel.gain(best)) best = k;
  }
  if (best < 0) return null;
  sel.take(best, sel.fundableYear(best));
  return sel;
}

/** Every candidate at its cheapest column, in order of value per dollar while the money lasts. */
function connectEverySite(sel: Selection): Selection {
  const { inst } = sel;
  const m = inst.site.length;
  const column = new Int32Array(m);
  for (let c = 0; c < m; c++) column[c] = inst.columnStart[c]!;
  // Switch to a relay where the parent's cheapest column is fibre and the relay is cheaper still;
  // parents are settled first because a relay's parent precedes it in columns' dependency order.
  const settled = new Uint8Array(m);
  const settle = (c: number): void => {
    if (settled[c]) return;
    settled[c] = 1;
    for (let k = inst.columnStart[c]!; k < inst.columnStart[c + 1]!; k++) {
      const req = inst.requires[k]!;
      if (req < 0) continue;
      settle(req);
      if (inst.fiber[column[req]!] && inst.columnCost[k]! < inst.columnCost[column[c]!]!) column[c] = k;
    }
  };
  for (let c = 0; c < m; c++) settle(c);
  const ratio = (c: number) => inst.value[c]! / inst.columnCost[column[c]!]!;
  const order = Array.from({ length: m }, (_, c) => c).sort((a, b) => ratio(b) - ratio(a) || a - b);
  for (const c of scheduleInOrder(sel, order, column)) sel.unfunded.set(c, column[c]!);
  return sel;
}

/**
 * Funds chosen columns in a priority order, each in the first year with money from its preferred
 * year (a solver's) and not before its fibre parent; a column whose parent is not funded, or that
 * fits no year, stays out. Returns those left out.
 */
export function scheduleInOrder(sel: Selection, order: readonly number[], column: Int32Array, preferredYear?: Int32Array): number[] {
  const { inst } = sel;
  const waiting = new Map<number, number[]>();
  const left: number[] = [];
  const place = (c: number): void => {
    const k = column[c]!;
    const year = sel.column[c]! >= 0 ? 0 : sel.fundableYear(k, preferredYear?.[c] || undefined);
    if (year === 0) {
      if (sel.column[c]! < 0) left.push(c);
      return;
    }
    sel.take(k, year);
    for (const child of waiting.get(c) ?? []) place(child);
    waiting.delete(c);
  };
  for (const c of order) {
    if (column[c]! < 0) continue;
    const req = inst.requires[column[c]!]!;
    if (req >= 0 && sel.column[req]! < 0) (waiting.get(req) ?? waiting.set(req, []).get(req)!).push(c);
    else place(c);
  }
  for (const children of waiting.values()) left.push(...children);
  return left;
}
