/**
 * A bound on the best possible plan that needs no solver: the instance is relaxed until it is a
 * fractional knapsack, whose optimum is known in closed form (Dantzig). The relaxation forgets that
 * a co-connected school counts once, that a relay needs its parent on fibre and that money is
 * split into years; each of these can only raise the optimum, so the bound stands for the real
 * problem. HiGHS's LP relaxation, when it runs, is at least as tight.
 *
 *     relaxationBound(inst, budget, mustInclude);  // ≥ any plan's value (cost objective: ≤ any plan's cost)
 */

import { budgetCapacity, type Budget } from './budget.js';
import { hostedBy, type PlanningInstance } from './instance.js';

export function relaxationBound(inst: PlanningInstance, budget: Budget, mustInclude: readonly number[] = []): number {
  const m = inst.site.length;
  const minCost = new Float64Array(m).fill(Infinity);
  inst.columnCost.forEach((cost, k) => {
    const c = inst.columnCandidate[k]!;
    if (cost < minCost[c]!) minCost[c] = cost;
  });
  if (inst.objective === 'cost') return minCost.reduce((a, b) => a + b, 0);

  const hosted = hostedBy(inst);
  const covered = new Uint8Array(m);
  let value = 0;
  let capacity = budgetCapacity(budget);
  for (const c of mustInclude) {
    if (covered[c] === 2) continue;
    for (const e of [c, ...hosted[c]!]) if (!covered[e]) value += inst.value[e]!;
    for (const e of [c, ...hosted[c]!]) covered[e] = covered[e] || 1;
    covered[c] = 2;
    capacity -= minCost[c]!;
  }
  // No plan can fund a site dearer than what is left, or than one year's money.
  const largest = Math.min(capacity, budget.annualUsd ?? Infinity);
  const items: { value: number; cost: number }[] = [];
  for (let c = 0; c < m; c++) {
    if (covered[c] === 2 || !(minCost[c]! <= largest)) continue;
    let v = covered[c] ? 0 : inst.value[c]!;
    for (const s of hosted[c]!) if (!covered[s]) v += inst.value[s]!;
    if (v > 0) items.push({ value: v, cost: minCost[c]! });
  }
  items.sort((a, b) => b.value / b.cost - a.value / a.cost);
  for (const item of items) {
    if (item.cost <= capacity) {
      value += item.value;
      capacity -= item.cost;
    } else {
      value += (item.value * capacity) / item.cost;
      break;
    }
  }
  return value;
}
