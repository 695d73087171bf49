import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  SITE_TYPES, greedyPlan, modelAnswer, modelPoint, planningInstance, planningModel, planningParameters, planValue, relaxationBound, replay,
  type Budget, type LinearModel, type PlanningSites,
} from '@postatlas/core';
import { CountryBoundaries, importFile } from '@postatlas/importers';
import { getScenario, listScenarios, scenarioSites, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { plan } from './plan.js';
import { solveWithHighs } from './solver/highs.js';

const SOLVER = { timeLimitS: 20, relativeGap: 0, maxColumns: 60_000 };

/** The optimum of a small model by trying every 0/1 point (continuous columns take their best value). */
function enumerate(model: LinearModel): number {
  const ints = [...model.integrality.keys()].filter((j) => model.integrality[j] === 1);
  assert.ok(ints.length <= 16, `${ints.length} binaries are too many to enumerate`);
  const sign = model.sense === 'maximize' ? 1 : -1;
  let best = -Infinity;
  const x = new Float64Array(model.numCols);
  for (let mask = 0; mask < 2 ** ints.length; mask++) {
    ints.forEach((j, b) => (x[j] = (mask >> b) & 1));
    // Continuous columns (coverage of co-connected schools) sit only in their cover row, as +1 ≤ Σ x.
    for (let r = 0; r < model.numRows; r++) {
      const first = model.rowIndex[model.rowStart[r]!]!;
      if (model.integrality[first] === 1) continue;
      let cover = 0;
      for (let e = model.rowStart[r]! + 1; e < model.rowStart[r + 1]!; e++) cover += x[model.rowIndex[e]!]!;
      x[first] = Math.min(1, cover);
    }
    let feasible = true;
    for (let r = 0; r < model.numRows && feasible; r++) {
      let a = 0;
      for (let e = model.rowStart[r]!; e < model.rowStart[r + 1]!; e++) a += model.rowValue[e]! * x[model.rowIndex[e]!]!;
      feasible = a <= model.rowUpper[r]! + 1e-9 && a >= model.rowLower[r]! - 1e-9;
    }
    if (!feasible) continue;
    let objective = 0;
    x.forEach((v, j) => (objective += v * model.colCost[j]!));
    best = Math.max(best, sign * objective);
  }
  return sign * best;
}

/** A few sites a few hundred metres apart, busy enough that fibre and relays compete with satellite. */
function randomSites(rand: () => number, n: number): PlanningSites {
  const school = SITE_TYPES.indexOf('school');
  const col = (f: () => number) => Float64Array.from({ length: n }, f);
  return {
    lon: col(() => 6.7 + rand() * 0.02), lat: col(() => 0.3 + rand() * 0.02),
    siteType: Uint8Array.from({ length: n }, () => (rand() < 0.4 ? school : 0)),
    connected: Int8Array.from({ length: n }, () => (rand() < 0.15 ? 1 : 0)),
    onFiber: new Uint8Array(n),
    demandPeople: col(() => (rand() < 0.5 ? 100_000 * rand() : 500 * rand())),
    servedPeople: col(() => Math.round(5_000 * rand())),
    fiberNodeM: col(() => (rand() < 0.5 ? 200 + 3_000 * rand() : NaN)),
    bestGeneration: Uint8Array.from({ length: n }, () => (rand() < 0.3 ? 4 : 0)),
    nearestCellM: col(() => 40_000 * rand()),
  };
}

test('HiGHS finds the optimum of small plans that enumeration proves; greedy ≤ it ≤ the bounds', async () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
  const p = planningParameters({ prioritisation: { coConnectionRadiusM: 800 } });
  let relays = 0;
  for (let t = 0; t < 12; t++) {
    const inst = planningInstance(randomSites(rand, 7), p, t % 3 === 2 ? 'sites' : 'population');
    relays += [...inst.requires].filter((r) => r >= 0).length;
    const yearly = t % 2 === 1;
    const budget: Budget = { totalUsd: 40_000 + 200_000 * rand(), annualUsd: yearly ? 30_000 + 60_000 * rand() : null, fromYear: 2027, untilYear: yearly ? 2028 : 2027 };
    const greedy = greedyPlan(inst, budget);
    const model = planningModel(inst, budget, [], { yearly });
    const optimum = enumerate(model);
    const r = await solveWithHighs(model, modelPoint(model, greedy), SOLVER);
    assert.equal(r.error, null);
    assert.equal(r.mip?.status, 'optimal');
    assert.ok(Math.abs(r.mip!.objective - optimum) <= 1e-6 * Math.max(1, optimum), `case ${t}: HiGHS ${r.mip!.objective}, enumeration ${optimum}`);
    assert.ok(greedy.value <= optimum + 1e-6, `case ${t}: greedy ${greedy.value} beats the optimum ${optimum}`);
    assert.ok(r.lp!.objective >= optimum - 1e-6 && relaxationBound(inst, budget) >= optimum - 1e-6, `case ${t}: a bound below the optimum`);
    // The answer, replayed into years against the same ledger, keeps its value.
    const exact = replay(inst, budget, [], modelAnswer(model, inst, r.mip!.x));
    assert.ok(Math.abs(planValue(exact) - optimum) <= 1e-6 * Math.max(1, optimum), `case ${t}: replayed ${planValue(exact)} of ${optimum}`);
  }
  assert.ok(relays > 0, 'the random cases include fibre relays');
});

test('a model HiGHS cannot take, or one too large to try, gives an error and no answer, never a throw', async () => {
  const inst = planningInstance(randomSites(() => 0.5, 3), planningParameters(), 'population');
  const budget: Budget = { totalUsd: 10_000, annualUsd: null, fromYear: 2027, untilYear: 2027 };
  const model = planningModel(inst, budget);
  const broken = { ...model, colCost: model.colCost.map(() => NaN) };
  const crashed = await solveWithHighs(broken, new Float64Array(model.numCols), SOLVER);
  assert.equal(crashed.mip, null);
  assert.match(crashed.error ?? '', /^HiGHS failed: /);
  const skipped = await solveWithHighs(model, new Float64Array(model.numCols), { ...SOLVER, maxColumns: 1 });
  assert.match(skipped.error ?? '', /not sent to HiGHS: \d+ columns exceed the limit of 1/);
});

const data = (path: string) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));

for (const backend of await testBackends()) {
  describe(`plan São Tomé's schools on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      const boundaries = CountryBoundaries.load();
      await importFile(db, { layer: 'sites', file: data('itu-stp/STP-1713385818-4t89-pointofinterest.csv'), dataset: 'stp-schools', skipInvalid: true, boundaries, importedBy: 'test' });
      await importFile(db, { layer: 'cells', file: data('itu-stp/STP-1713438795-bivd-cellsite.csv'), dataset: 'stp-cells', skipInvalid: true, boundaries, importedBy: 'test' });
    });
    after(async () => {
      await db?.close();
    });

    test('a budgeted plan is stored as a scenario: every funded site within the budget, proven optimal', async () => {
      const r = await plan(db, { country: 'STP', name: 'half', objective: 'sites', budgetUsd: 30_000, fromYear: 2027, untilYear: 2030, runBy: 'test' });
      const funded = r.report.sites.filter((s) => s.year > 0);
      assert.ok(funded.length > 10 && funded.length < 57, `${funded.length} schools funded`);
      assert.ok(r.report.totals.costUsd <= 30_000 + 1e-6);
      assert.equal(r.certificate.gap, 0, 'HiGHS (or the bound) proves a plan of unit-value sites optimal');
      const stored = await getScenario(db, 'STP', 'half');
      assert.equal(stored?.id, r.scenario.id);
      const rows = await scenarioSites(db, r.scenario.id);
      assert.equal(rows.length, r.report.sites.length);
      assert.deepEqual(rows.map((s) => s.siteId), r.report.sites.map((s) => r.siteIds[s.site]));
      assert.ok(rows.every((s) => s.technology === 'cellular' || s.technology === 'satellite'));
    });

    test('planning again under the same name replaces the scenario; the cost objective costs every school', async () => {
      const again = await plan(db, { country: 'STP', name: 'half', objective: 'sites', budgetUsd: 10_000, fromYear: 2027, untilYear: 2030, runBy: 'test', solver: 'greedy' });
      assert.equal((await listScenarios(db, 'STP')).filter((s) => s.name === 'half').length, 1);
      assert.ok(again.report.totals.costUsd <= 10_000 + 1e-6);
      const all = await plan(db, { country: 'STP', name: 'all', objective: 'cost', annualBudgetUsd: 20_000, fromYear: 2027, untilYear: 2030, runBy: 'test' });
      assert.equal(all.report.sites.length, 57, 'every unconnected school, funded or not');
      assert.ok(all.report.totals.byYear.every((y) => y.costUsd <= 20_000 + 1e-6));
      assert.equal(all.certificate.gap, 0);
    });

    test('with an elevation model, microwave hops are checked against the cell sites\' antennas', async () => {
      // São Tomé at sea level everywhere; demand raised so that microwave beats satellite where a cell is in reach.
      const dem = { west: 6.3, north: 1.9, dx: 0.01, dy: 0.01, width: 140, height: 200, values: new Float32Array(140 * 200) };
      const r = await plan(db, {
        country: 'STP', name: 'los', objective: 'cost', fromYear: 2027, untilYear: 2030, runBy: 'test', solver: 'greedy', dem,
        parameters: { demand: { minimumMbps: 10_000 }, cellular: { minimumGeneration: 6 } },
      });
      const microwave = r.report.sites.filter((s) => s.technology === 'microwave');
      assert.ok(microwave.length > 0, 'some schools take microwave');
      assert.ok(microwave.every((s) => !s.lineOfSightUnchecked && s.linkM! <= 30_000));
    });

    test('a site that must be included but does not exist, or a plan without a budget, is refused', async () => {
      await assert.rejects(plan(db, { country: 'STP', objective: 'sites', budgetUsd: 10_000, mustInclude: ['no-such-school'], runBy: 'test' }), /sites: no "no-such-school" in STP/);
      await assert.rejects(plan(db, { country: 'STP', objective: 'population', runBy: 'test' }), /needs a budget/);
      const [school] = (await scenarioSites(db, (await getScenario(db, 'STP', 'all'))!.id)).filter((s) => s.technology === 'satellite');
      await assert.rejects(plan(db, { country: 'STP', objective: 'sites', budgetUsd: 1_000, mustInclude: [school!.sourceId], runBy: 'test' }),
        new RegExp(`plan: site ${school!.sourceId} must be included but its satellite connection \\(3,\\d{3} USD\\) does not fit`));
    });
  });
}
