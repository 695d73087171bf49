import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditMismatch, checkPoint, costItems, namedBySiteId, planPoint, scenarioPlan, type ScenarioPlanRow } from './audit.js';
import { fiberCost, microwaveCost, satelliteCost } from './costs.js';
import type { PlanningInstance } from './instance.js';
import { planningModel } from './model.js';
import { PLANNING_PARAMETERS as p } from './parameters.js';

/**
 * Four candidates at site rows 0..3 (sites.id 100..103): a satellite site; a site on fibre; a site
 * that takes satellite or a fibre relay from the second; a school co-connected with the second.
 */
function instance(): PlanningInstance {
  const cols = [
    { c: 0, tech: 'satellite', cost: 3_000 }, { c: 1, tech: 'fiber', cost: 2_000 }, { c: 2, tech: 'satellite', cost: 2_500 },
    { c: 2, tech: 'fiber', cost: 1_500, requires: 1 }, { c: 3, tech: 'satellite', cost: 2_800 },
  ] as const;
  return {
    objective: 'population', site: Int32Array.of(0, 1, 2, 3), value: Float64Array.of(50, 40, 30, 10), people: Float64Array.of(50, 40, 30, 10),
    demandMbps: new Float64Array(4).fill(20), host: Int32Array.of(-1, -1, -1, 1), columnStart: Int32Array.of(0, 1, 2, 4, 5),
    columnCandidate: Int32Array.from(cols, (x) => x.c), columnCost: Float64Array.from(cols, (x) => x.cost),
    requires: Int32Array.from(cols, (x) => ('requires' in x ? x.requires : -1)), fiber: Uint8Array.from(cols, (x) => (x.tech === 'fiber' ? 1 : 0)),
    option: cols.map((x) => ({ technology: x.tech, capexUsd: x.cost, opexPerYearUsd: 0, tcoUsd: x.cost, npvUsd: x.cost, linkM: null })),
  };
}
const siteIds = [100, 101, 102, 103];
const candidateOf = new Map(siteIds.map((id, c) => [id, c]));
const siteIdOf = (c: number) => siteIds[c]!;
const budget = { totalUsd: 6_000, annualUsd: null, fromYear: 2027, untilYear: 2027 };
const relayPlan: ScenarioPlanRow[] = [
  { siteId: 101, technology: 'fiber', year: 2027, costUsd: 2_000, viaSiteId: null },
  { siteId: 102, technology: 'fiber', year: 2027, costUsd: 1_500, viaSiteId: 101 },
  { siteId: 103, technology: null, year: 2027, costUsd: 0, viaSiteId: 101 },
];

test('a stored plan read back as the point of the model: the relay column, the fibre it needs, the co-connected school', () => {
  const inst = instance();
  const model = planningModel(inst, budget);
  const plan = scenarioPlan(inst, siteIdOf, candidateOf, relayPlan);
  assert.deepEqual([...plan.column], [-1, 1, 3, -1]);
  assert.deepEqual([...plan.covered], [0, 1, 1, 1]);
  const x = planPoint(model, inst, plan);
  assert.deepEqual([...x], [0, 1, 0, 1, 0, 1]); // x_0, x_1 fibre, x_2 satellite, x_2 relay, x_3, z_3
  const check = checkPoint(model, x);
  assert.deepEqual(check.violations, []);
  assert.equal(check.objective, 40 + 30 + 10);
  assert.deepEqual(model.rowNames, ['one_2', 'relay_2', 'cover_3', 'budget']);
  assert.deepEqual([...check.activity], [1, 0, 0, 3_500]);
});

test('a plan the model forbids is named row by row; a plan that is not the instance\'s is refused with its site', () => {
  const inst = instance();
  const model = planningModel(inst, budget);
  const orphan = planPoint(model, inst, scenarioPlan(inst, siteIdOf, candidateOf, [relayPlan[1]!, { siteId: 100, technology: 'satellite', year: 2027, costUsd: 3_000, viaSiteId: null }, { siteId: 103, technology: 'satellite', year: 2027, costUsd: 2_800, viaSiteId: null }]));
  assert.deepEqual(checkPoint(model, orphan).violations, ['row relay_2: 1 > 0', 'row budget: 7300 > 6000']);
  const refused = (rows: ScenarioPlanRow[], message: RegExp) => assert.throws(() => scenarioPlan(inst, siteIdOf, candidateOf, rows), (e: Error) => e instanceof AuditMismatch && message.test(e.message));
  refused([{ ...relayPlan[1]!, costUsd: 1_600 }], /^site 102: fiber relayed from site 101 costs 1,600 USD in the plan but 1,500 USD in the rebuilt instance$/);
  refused([{ siteId: 100, technology: 'microwave', year: 2027, costUsd: 3_000, viaSiteId: null }], /^site 100: the plan connects it by microwave, which the rebuilt instance does not offer$/);
  refused([{ ...relayPlan[0]!, siteId: 999 }], /^site 999 is in the plan but is not a site to connect/);
  refused([relayPlan[0]!, relayPlan[0]!], /^site 101 is in the plan twice$/);
  refused([{ ...relayPlan[2]!, viaSiteId: null }], /^site 103 is co-connected through a site no longer in the registry in the plan, but through site 101/);
  refused([{ ...relayPlan[0]!, year: null }], /without a year, which only the cost objective allows/);
});

test('yearly: a column per year, the plan\'s year picks it; a year outside the model is refused', () => {
  const inst = instance();
  const yearly = { totalUsd: 6_000, annualUsd: 2_500, fromYear: 2027, untilYear: 2028 };
  const model = planningModel(inst, yearly, [], { yearly: true });
  const rows = [{ ...relayPlan[0]!, year: 2027 }, { ...relayPlan[1]!, year: 2028 }, { ...relayPlan[2]!, year: 2027 }];
  const x = planPoint(model, inst, scenarioPlan(inst, siteIdOf, candidateOf, rows));
  const ones = model.colNames.filter((_, j) => x[j] === 1);
  assert.deepEqual(ones, ['x_1_fiber_2027', 'x_2_fiber_relay_2028', 'z_3']);
  assert.deepEqual(checkPoint(model, x).violations, []);
  // The relay a year before its parent breaks the 2027 relay row.
  const early = planPoint(model, inst, scenarioPlan(inst, siteIdOf, candidateOf, [{ ...relayPlan[0]!, year: 2028 }, { ...relayPlan[1]!, year: 2027 }]));
  assert.deepEqual(checkPoint(model, early).violations, ['row relay_2_2027: 1 > 0']);
  assert.throws(() => planPoint(model, inst, scenarioPlan(inst, siteIdOf, candidateOf, [{ ...relayPlan[0]!, year: 2031 }])), /x_1_fiber_2027: year 2031 is outside the model's years 2027–2028/);
});

test('model names carry sites.id instead of site rows', () => {
  const model = namedBySiteId(planningModel(instance(), { ...budget, annualUsd: 2_500, untilYear: 2028 }, [], { yearly: true }), siteIds);
  assert.deepEqual(model.colNames, [
    'x_100_satellite_2027', 'x_100_satellite_2028', 'x_101_fiber_2027', 'x_101_fiber_2028', 'x_102_satellite_2027', 'x_102_satellite_2028',
    'x_102_fiber_relay_2027', 'x_102_fiber_relay_2028', 'x_103_satellite_2027', 'x_103_satellite_2028', 'z_103',
  ]);
  // A row per candidate now: each has a column per year.
  assert.deepEqual(model.rowNames, ['one_100', 'one_101', 'one_102', 'one_103', 'relay_102_2027', 'relay_102_2028', 'cover_103', 'budget_2027', 'budget_2028', 'budget']);
});

test('cost items: each technology\'s capex and opex by item, adding up to costs.ts\'s sums', () => {
  assert.deepEqual(costItems({ ...satelliteCost(20, p), linkM: null }, 20, p), {
    ...satelliteCost(20, p), capexRouteUsd: 0, capexEquipmentUsd: 800, capexSpectrumUsd: 0, replaceEveryYears: 5,
    opexMaintenanceUsd: 80, opexServiceUsd: 128, opexLicenceUsd: 0,
  });
  const mw = costItems({ ...microwaveCost(20, p), linkM: 4_000 }, 20, p);
  assert.deepEqual([mw.capexEquipmentUsd, mw.capexSpectrumUsd, mw.capexUsd, mw.opexMaintenanceUsd, mw.opexLicenceUsd, mw.opexServiceUsd, mw.replaceEveryYears], [3_000, 2_000, 5_000, 500, 600, 110, 7]);
  const fibre = costItems({ ...fiberCost(13_200, 20, p), linkM: 13_200 }, 20, p);
  assert.deepEqual([fibre.capexRouteUsd, fibre.capexEquipmentUsd, fibre.capexUsd, fibre.opexMaintenanceUsd, fibre.opexServiceUsd, fibre.replaceEveryYears], [264_000, 500, 264_500, 13_225, 110, 0]);
  assert.throws(() => costItems({ ...satelliteCost(20, p), capexUsd: 900, linkM: null }, 20, p), /cost items of satellite: capex 800 and opex 208 a year do not add up to the option's 900 and 208/);
});
