import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditReadme, type AuditReadmeFacts } from './audit-readme.js';
import type { PlanningInstance } from './instance.js';
import { lpNames } from './lp-format.js';
import { planningModel } from './model.js';
import { PLANNING_PARAMETERS, planningParameters } from './parameters.js';

/** Two satellite sites, one relaying fibre from the other. */
const inst: PlanningInstance = {
  objective: 'population', site: Int32Array.of(0, 1), value: Float64Array.of(50, 40), people: Float64Array.of(50, 40),
  demandMbps: Float64Array.of(20, 20), host: Int32Array.of(-1, -1), columnStart: Int32Array.of(0, 1, 3),
  columnCandidate: Int32Array.of(0, 1, 1), columnCost: Float64Array.of(2_000, 3_000, 1_000), requires: Int32Array.of(-1, -1, 0),
  fiber: Uint8Array.of(1, 0, 1),
  option: [
    { technology: 'fiber', capexUsd: 2_000, opexPerYearUsd: 0, tcoUsd: 2_000, npvUsd: 2_000, linkM: 50 },
    { technology: 'satellite', capexUsd: 3_000, opexPerYearUsd: 0, tcoUsd: 3_000, npvUsd: 3_000, linkM: null },
    { technology: 'fiber', capexUsd: 1_000, opexPerYearUsd: 0, tcoUsd: 1_000, npvUsd: 1_000, linkM: 20 },
  ],
};

function facts(o: Partial<AuditReadmeFacts> = {}): AuditReadmeFacts {
  const budget = { totalUsd: 4_000, annualUsd: 2_500, fromYear: 2027, untilYear: 2028 };
  const model = planningModel(inst, budget, [], { yearly: true });
  return {
    country: 'STP', name: 'audit', createdAt: '2026-12-01T08:00:00.000Z', createdBy: 'test', objective: 'population', budget, mustInclude: 0,
    objectiveValue: 90, certificate: { method: 'highs', bound: 90, boundSource: 'highs-mip', gap: 0 }, analysisRun: null,
    model, names: lpNames(model), parameters: planningParameters({ fiber: { perKmUsd: 1_500 } }), terrain: { dem: false, roads: false },
    counts: { sites: 2, options: 5, relays: 1, plan: 2 }, ...o,
  };
}

test('every planning parameter is in the table, with its value, its source and what it is', () => {
  const readme = auditReadme(facts());
  const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
  const params = rows.filter((l) => !l.includes('.csv') && !l.includes('.lp') && !l.includes('.json') && !l.includes('solution.txt'));
  const leaves = (v: unknown): number => (typeof v === 'object' && v !== null ? Object.values(v).reduce((n: number, x) => n + leaves(x), 0) : 1);
  assert.equal(params.length, leaves(PLANNING_PARAMETERS));
  for (const row of params) assert.doesNotMatch(row, /\|\s*\|$/, `${row}: what it is`);
  assert.ok(params.includes('| `fiber.perKmUsd` | 1500 | parameter file | fibre route, per km |'));
  assert.ok(params.includes('| `prioritisation.budgetBasis` | npv | default | what the budget pays per site: npv, tco or capex |'));
  assert.ok(params.includes('| `prioritisation.siteTypeWeights.school` | 1 | default | weight of a school in the objective |'));
});

test('the model in words follows the model: yearly columns and rows with their counts, or one budget row; the cost objective has none', () => {
  const yearly = auditReadme(facts());
  assert.match(yearly, /^- `x_<site>_<technology>\[_direct\|_relay\]_<year>` \(6, binary\)/m);
  assert.match(yearly, /^- `relay_<site>_<year>` \(2\)/m);
  assert.match(yearly, /^- `budget_<year>` \(2\): .* `budget` \(1\)/m);
  assert.match(yearly, /The optimum is at least the plan's objective \(90\)/);
  const total = facts({ budget: { totalUsd: 4_000, annualUsd: null, fromYear: 2027, untilYear: 2028 } });
  total.model = planningModel(inst, total.budget);
  assert.match(auditReadme(total), /^- `budget` \(1\): Σ cost × x ≤ all the money/m);
  const cost = facts({ objective: 'cost' });
  cost.model = planningModel({ ...inst, objective: 'cost' }, cost.budget);
  const text = auditReadme(cost);
  assert.match(text, /^- no budget row: the cost objective connects every site/m);
  assert.match(text, /The optimum is at most the plan's objective/);
});
