import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32, near } from '../test-support.js';
import { relaxationBound } from './bound.js';
import { compareScenarios } from './compare.js';
import { BudgetLedger, type Budget } from './budget.js';
import { greedyPlan, PlanError } from './greedy.js';
import type { Objective, PlanningInstance } from './instance.js';
import { modelAnswer, modelPoint, planningModel } from './model.js';
import { planReport, planValue, replay } from './plan.js';
import type { Selection } from './selection.js';

interface Column { cost: number; requires?: number; fiber?: boolean }

/** A hand-made instance: candidate c is worth value[c] and can be built by any of columns[c]. */
function instance(value: number[], columns: Column[][], o: { host?: number[]; objective?: Objective } = {}): PlanningInstance {
  const flat = columns.flatMap((cols, c) => cols.map((col) => ({ c, ...col })));
  const columnStart = new Int32Array(columns.length + 1);
  columns.forEach((cols, c) => (columnStart[c + 1] = columnStart[c]! + cols.length));
  return {
    objective: o.objective ?? 'population',
    site: Int32Array.from(value, (_, c) => 100 + c),
    value: Float64Array.from(value),
    people: Float64Array.from(value),
    demandMbps: new Float64Array(value.length).fill(20),
    host: Int32Array.from(o.host ?? value.map(() => -1)),
    columnStart,
    columnCandidate: Int32Array.from(flat, (x) => x.c),
    columnCost: Float64Array.from(flat, (x) => x.cost),
    requires: Int32Array.from(flat, (x) => x.requires ?? -1),
    fiber: Uint8Array.from(flat, (x) => (x.fiber ? 1 : 0)),
    option: flat.map((x) => ({ technology: x.fiber ? 'fiber' as const : 'satellite' as const, capexUsd: x.cost, opexPerYearUsd: 0, tcoUsd: x.cost, npvUsd: x.cost, linkM: null })),
  };
}

const budget = (totalUsd: number, annualUsd: number | null = null, years = 1): Budget => ({ totalUsd, annualUsd, fromYear: 2027, untilYear: 2026 + years });

/** The optimum of the yearly problem by enumerating a column and a year for every candidate. */
function bruteForce(inst: PlanningInstance, b: Budget, mustInclude: number[] = []): number {
  const m = inst.site.length;
  const years = b.untilYear - b.fromYear + 1;
  const column = new Int32Array(m).fill(-1);
  const year = new Int32Array(m);
  let best = -Infinity;
  const visit = (c: number): void => {
    if (c === m) {
      const ledger = new BudgetLedger(b);
      const order = Array.from({ length: m }, (_, i) => i).filter((i) => column[i]! >= 0).sort((a, z) => year[a]! - year[z]!);
      for (const i of order) {
        const k = column[i]!;
        const req = inst.requires[k]!;
        if (req >= 0 && !(column[req]! >= 0 && inst.fiber[column[req]!] && year[req]! <= year[i]!)) return;
        // Spend year by year so that each year's limits are checked with what is already in it.
        if (ledger.earliestYear(inst.columnCost[k]!, year[i]!) !== year[i]) return;
        ledger.spend(year[i]!, inst.columnCost[k]!);
      }
      best = Math.max(best, coverage(inst, column));
      return;
    }
    if (!mustInclude.includes(c)) {
      column[c] = -1;
      visit(c + 1);
    }
    for (let k = inst.columnStart[c]!; k < inst.columnStart[c + 1]!; k++) {
      for (let y = 0; y < years; y++) {
        column[c] = k;
        year[c] = b.fromYear + y;
        visit(c + 1);
      }
    }
    column[c] = -1;
  };
  visit(0);
  return best;
}

/** Value of the candidates covered: built, or co-connected through a built post office; each once. */
function coverage(inst: PlanningInstance, column: Int32Array): number {
  let v = 0;
  for (let c = 0; c < inst.site.length; c++) {
    const h = inst.host[c]!;
    if (column[c]! >= 0 || (h >= 0 && column[h]! >= 0)) v += inst.value[c]!;
  }
  return v;
}

function assertWithinBudget(sel: Selection, b: Budget): void {
  let cumulative = 0;
  const years = b.untilYear - b.fromYear + 1;
  sel.ledger.spent.forEach((spent, y) => {
    cumulative += spent;
    if (b.annualUsd !== null) assert.ok(spent <= b.annualUsd + 1e-6, `year ${b.fromYear + y} spends ${spent} > ${b.annualUsd}`);
    assert.ok(cumulative <= (b.annualUsd === null ? (b.totalUsd * (y + 1)) / years : b.totalUsd) + 1e-6, `${cumulative} spent by ${b.fromYear + y}`);
  });
  let recount = 0;
  sel.column.forEach((k, c) => {
    if (k < 0) return;
    recount += sel.inst.columnCost[k]!;
    const req = sel.inst.requires[k]!;
    if (req >= 0) {
      assert.equal(sel.inst.fiber[sel.column[req]!], 1, `relay of ${c} without its parent on fibre`);
      assert.ok(sel.year[req]! <= sel.year[c]!, 'a relay before its parent');
    }
  });
  near(recount, sel.ledger.totalSpent, 1e-6, 'ledger');
}

test('ratio greedy: two sites worth 60 for 5 each beat one worth 100 for 10', () => {
  const inst = instance([100, 60, 60], [[{ cost: 10 }], [{ cost: 5 }], [{ cost: 5 }]]);
  const plan = greedyPlan(inst, budget(10));
  assert.equal(plan.value, 120);
  assert.deepEqual([...plan.order].sort(), [1, 2]);
});

test('the best single site wins where ratio greedy fills the budget with a cheap one', () => {
  // Greedy takes the site worth 2 for 1 first, and then the one worth 9 for 10 no longer fits.
  const inst = instance([2, 9], [[{ cost: 1 }], [{ cost: 10 }]]);
  assert.equal(greedyPlan(inst, budget(10)).value, 9);
  assert.equal(bruteForce(inst, budget(10)), 9);
});

test('a school co-connected with its post office is counted once', () => {
  // Candidate 1 (a school) is co-connected with candidate 0 (its post office).
  const inst = instance([10, 8], [[{ cost: 5 }], [{ cost: 5 }]], { host: [-1, 0] });
  const plan = greedyPlan(inst, budget(10));
  assert.equal(plan.value, 18);
  assert.deepEqual(plan.order, [0]);
  assert.equal(plan.costUsd, 5, 'the school is not built again');
  const report = planReport(plan);
  assert.deepEqual(report.sites.map((s) => [s.site, s.technology, s.peopleServed, s.via]), [[100, 'satellite', 18, null], [101, null, 0, 100]]);
  assert.equal(report.totals.people, 18);
});

test('a relay needs its parent on fibre: greedy misses the pair, the bound and the optimum do not', () => {
  // Candidate 0 is worth 1 (satellite 5, fibre 50); candidate 1 is worth 100 (satellite 58, or fibre relayed from 0 for 10).
  const inst = instance([1, 100], [[{ cost: 5 }, { cost: 50, fiber: true }], [{ cost: 58 }, { cost: 10, requires: 0, fiber: true }]]);
  const b = budget(60);
  assert.equal(bruteForce(inst, b), 101);
  const greedy = greedyPlan(inst, b);
  assert.equal(greedy.value, 100);
  assert.ok(relaxationBound(inst, b) >= 101);
  // The exact model's answer (parent on fibre, child relayed) replays into the same plan.
  const model = planningModel(inst, b);
  const x = new Float64Array(model.numCols);
  x[1] = 1;
  x[3] = 1;
  const exact = replay(inst, b, [], modelAnswer(model, inst, x));
  assert.equal(exact.value, 101);
  assertWithinBudget(exact, b);
  assert.equal(planReport(exact).sites.find((s) => s.site === 101)!.via, 100);
});

test('annual budgets: each year spends at most its money; the best site goes first', () => {
  const inst = instance([3, 2, 1], [[{ cost: 6 }], [{ cost: 6 }], [{ cost: 6 }]]);
  const b = budget(Infinity, 10, 2);
  const plan = greedyPlan(inst, b);
  assert.deepEqual([...plan.year], [2027, 2028, 0]);
  assertWithinBudget(plan, b);
  const report = planReport(plan);
  assert.deepEqual(report.totals.byYear.map((y) => [y.year, y.sites, y.costUsd]), [[2027, 1, 6], [2028, 1, 6]]);
});

test('a total budget alone is released evenly over the years, and what a year leaves carries over', () => {
  const ledger = new BudgetLedger(budget(12, null, 3));
  assert.equal(ledger.earliestYear(4), 2027);
  assert.equal(ledger.earliestYear(6), 2028, '4 a year: 6 fits once 8 is released');
  ledger.spend(2028, 6);
  assert.equal(ledger.earliestYear(3), 2029, 'the 2 left by 2028 and the 4 of 2029');
  assert.equal(ledger.earliestYear(1, 2027), 2027, 'and 1 still fits in 2027 without breaking 2028');
  assert.equal(ledger.earliestYear(7), 0);
});

test('sites that must be included come first, and a must that does not fit is an error', () => {
  const inst = instance([1, 50, 50], [[{ cost: 8 }], [{ cost: 5 }], [{ cost: 5 }]]);
  const plan = greedyPlan(inst, budget(13), [0]);
  assert.equal(plan.order[0], 0);
  assert.equal(plan.value, 51);
  assert.equal(bruteForce(inst, budget(13), [0]), 51);
  assert.throws(() => greedyPlan(inst, budget(7), [0]), PlanError);
});

test('the cost objective connects every site at its cheapest; the budget only decides which years', () => {
  const inst = instance([10, 1, 5], [[{ cost: 4 }], [{ cost: 2 }], [{ cost: 5 }]], { objective: 'cost' });
  const b = budget(Infinity, 6, 2);
  const plan = greedyPlan(inst, b);
  assert.equal(planValue(plan), 11);
  assert.equal(relaxationBound(inst, b), 11);
  // By value per dollar: 0 (2.5), then 2 (1) in 2028; 1 (0.5) fits 2027's remaining 2.
  assert.deepEqual([...plan.year], [2027, 2027, 2028]);
  const tight = greedyPlan(inst, budget(Infinity, 4, 1));
  assert.deepEqual([...tight.unfunded.keys()], [2, 1]);
  assert.equal(planReport(tight).totals.unfundedCostUsd, 7);
  assert.equal(planValue(tight), 11);
});

test('on random small instances: greedy ≤ optimum ≤ bound, budgets hold, nobody is counted twice', () => {
  const rand = mulberry32(2030);
  let worst = 1;
  for (let t = 0; t < 150; t++) {
    const m = 2 + Math.floor(rand() * 4);
    const value = Array.from({ length: m }, () => Math.round(rand() * 100));
    const columns: Column[][] = value.map((_, c) => {
      const cols: Column[] = [{ cost: 1 + Math.round(rand() * 20), fiber: rand() < 0.3 }];
      if (c > 0 && rand() < 0.4) cols.push({ cost: 1 + Math.round(rand() * 5), requires: Math.floor(rand() * c), fiber: true });
      if (rand() < 0.3) cols.push({ cost: 5 + Math.round(rand() * 20), fiber: true });
      return cols;
    });
    const host = value.map((_, c) => (c > 0 && rand() < 0.3 ? Math.floor(rand() * c) : -1));
    const inst = instance(value, columns, { host });
    const b = rand() < 0.5 ? budget(5 + Math.round(rand() * 40)) : budget(10 + Math.round(rand() * 40), 5 + Math.round(rand() * 15), 2);
    const optimum = bruteForce(inst, b);
    const plan = greedyPlan(inst, b);
    assertWithinBudget(plan, b);
    assert.equal(plan.value, coverage(inst, plan.column), 'value recounted from coverage');
    assert.ok(plan.value <= optimum + 1e-9, `greedy ${plan.value} > optimum ${optimum}`);
    assert.ok(relaxationBound(inst, b) >= optimum - 1e-9, 'bound below the optimum');
    // The greedy plan is a feasible point of the exact model, with or without a column per year.
    for (const yearly of [false, true]) {
      const model = planningModel(inst, b, [], { yearly });
      const x = modelPoint(model, plan);
      for (let r = 0; r < model.numRows; r++) {
        let activity = 0;
        for (let e = model.rowStart[r]!; e < model.rowStart[r + 1]!; e++) activity += model.rowValue[e]! * x[model.rowIndex[e]!]!;
        assert.ok(activity <= model.rowUpper[r]! + 1e-9 && activity >= model.rowLower[r]! - 1e-9, `row ${model.rowNames[r]}`);
      }
      let objective = 0;
      x.forEach((v, k) => (objective += v * model.colCost[k]!));
      near(objective, plan.value, 1e-9, 'model objective of the greedy plan');
      // Replayed with its years, the plan loses nothing (without them, first-fit may pack a year worse).
      const back = replay(inst, b, [], modelAnswer(model, inst, x));
      if (yearly || b.annualUsd === null) assert.ok(back.value >= plan.value - 1e-9, 'replaying the greedy point loses nothing');
    }
    if (optimum > 0) worst = Math.min(worst, plan.value / optimum);
  }
  assert.ok(worst >= 0.5, `greedy fell to ${worst} of the optimum`);
});

test('greedy offers a relay together with its parent\'s fibre, so a cheap relay pulls the parent onto fibre', () => {
  const inst = instance([1, 100], [[{ cost: 5 }, { cost: 50, fiber: true }], [{ cost: 80 }, { cost: 10, requires: 0, fiber: true }]]);
  const plan = greedyPlan(inst, budget(60));
  assert.equal(plan.value, 101);
  assert.deepEqual([...plan.column], [1, 3]);
});

test('comparing scenarios: funded sites only in one, and changes of technology and year', () => {
  const site = (siteId: number, technology: string | null, year: number | null, peopleServed = 10, costUsd = 100) => ({ siteId, technology, year, peopleServed, costUsd });
  const d = compareScenarios(
    [site(1, 'satellite', 2027), site(2, 'fiber', 2027), site(3, 'cellular', null)],
    [site(1, 'fiber', 2027), site(2, 'fiber', 2028), site(3, 'cellular', 2029, 5, 50)],
  );
  assert.deepEqual(d.sites, [2, 3]);
  assert.deepEqual(d.people, [20, 25]);
  assert.deepEqual(d.costUsd, [200, 250]);
  assert.deepEqual(d.onlyIn, [[], [3]]);
  assert.deepEqual(d.technologyChanged, [{ siteId: 1, a: 'satellite', b: 'fiber' }]);
  assert.deepEqual(d.yearChanged, [{ siteId: 2, a: 2027, b: 2028 }]);
});

test('one-for-one exchanges win back what ratio greedy loses when a year holds few sites', () => {
  // Ratio greedy takes 5 for 3 and 8 for 5, and then 9 for 6 no longer fits: 13. Exchanging 8 for 9 gives 14.
  const inst = instance([5, 9, 8], [[{ cost: 3 }], [{ cost: 6 }], [{ cost: 5 }]]);
  const b = budget(Infinity, 10, 1);
  assert.equal(bruteForce(inst, b), 14);
  const plan = greedyPlan(inst, b);
  assert.equal(plan.value, 14);
  assert.deepEqual([...plan.column], [0, 1, -1]);
  assertWithinBudget(plan, b);
});

test('with annual budgets each year is packed exactly: two sites worth 5 beat one worth 6.1 that blocks them', () => {
  // Ratio greedy takes 6.1 for 6 first; neither site worth 5 for 5 then fits, and no one-for-one exchange helps.
  const inst = instance([6.1, 5, 5], [[{ cost: 6 }], [{ cost: 5 }], [{ cost: 5 }]]);
  const b = budget(Infinity, 10, 1);
  assert.equal(bruteForce(inst, b), 10);
  const plan = greedyPlan(inst, b);
  assert.equal(plan.value, 10);
  assertWithinBudget(plan, b);
});
