import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Site } from '@postatlas/core';
import type { Database } from './database.js';
import { upsertDataset } from './datasets.js';
import { SITES } from './layers.js';
import { deleteScenario, getScenario, listScenarios, saveScenario, scenarioSites, type Scenario, type ScenarioSiteRow } from './scenarios.js';
import { testBackends } from './testing.js';
import { upsertBatch } from './upsert.js';

const site = (sourceId: string, siteType: Site['siteType'], lon: number, lat: number): Site => ({
  sourceId, name: `${siteType} ${sourceId}`, siteType, country: 'STP', admin1: null, admin2: null, lat, lon,
  isConnected: null, connectivityType: 'unknown', downloadMbps: null, hasElectricity: null, attributes: {},
});

const row = (siteId: number, over: Partial<ScenarioSiteRow> = {}): ScenarioSiteRow => ({
  siteId, technology: 'fiber', capexUsd: 12_000.5, opexPerYearUsd: 600, tcoUsd: 18_000, npvUsd: 16_500.25, costUsd: 16_500.25,
  year: 2027, demandMbps: 20, peopleServed: 1_500, costPerPersonUsd: 11, linkM: 2_345.5, viaSiteId: null, lineOfSightUnchecked: false,
  ...over,
});

const scenario = (name: string, over: Partial<Omit<Scenario, 'id' | 'createdAt'>> = {}): Omit<Scenario, 'id' | 'createdAt'> => ({
  country: 'STP', name, createdBy: 'test', analysisRunId: null, objective: 'population', budgetUsd: 1_000_000, annualBudgetUsd: null,
  fromYear: 2026, untilYear: 2030, mustInclude: [], parameters: { discountRate: 0.08 }, result: { totals: { sites: 3 }, certificate: { gap: 0.01 } },
  ...over,
});

for (const backend of await testBackends()) {
  describe(`scenarios on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    const ids: Record<string, number> = {};
    let bulk: number[] = [];
    let runId: number;
    before(async () => {
      db = await backend.open();
      const dataset = await upsertDataset(db, { name: 'stp-sites', layer: 'sites', source: 'sites.csv', format: 'csv' });
      await db.transaction((tx) =>
        upsertBatch(tx, SITES, dataset, [
          site('PO1', 'post_office', 6.73, 0.33), site('PO2', 'post_office', 6.6, 0.2), site('PO3', 'post_office', 6.5, 0.1),
          site('S1', 'school', 6.731, 0.331), site('S2', 'school', 6.61, 0.21),
        ]),
      );
      const { rows } = await db.query<{ id: number; source_id: string }>('SELECT id, source_id FROM sites');
      for (const r of rows) ids[r.source_id] = r.id;
      // Enough sites for three batches of the insert.
      const inserted = await db.query<{ id: number }>(
        `INSERT INTO sites (country, dataset_id, source_id, site_type, geom)
         SELECT 'STP', $1, 'B' || g, 'school', ST_SetSRID(ST_MakePoint(6.5, 0.3), 4326) FROM generate_series(1, 12001) g
         RETURNING id`,
        [dataset],
      );
      bulk = inserted.rows.map((r) => r.id).sort((a, b) => a - b);
      const run = await db.query<{ id: number }>(
        `INSERT INTO analysis_runs (started_at, run_by, countries, parameters, inputs, fingerprint, summary)
         VALUES (now(), 'test', '{STP}', '{}', '[]', 'f', '[]') RETURNING id`,
      );
      runId = run.rows[0]!.id;
    });
    after(async () => {
      await db?.close();
    });

    test('a scenario and its sites survive the round trip, in rank order', async () => {
      const sites = [
        row(ids.PO2!, { technology: 'microwave', year: 2026, viaSiteId: ids.PO1!, lineOfSightUnchecked: true }),
        row(ids.PO1!),
        row(ids.S1!, { technology: null, capexUsd: 0, opexPerYearUsd: 0, tcoUsd: 0, npvUsd: 0, costUsd: 0, peopleServed: 0, costPerPersonUsd: 0, linkM: null, viaSiteId: ids.PO1! }),
        row(ids.PO3!, { technology: 'satellite', year: null, peopleServed: 0, costPerPersonUsd: Infinity, linkM: NaN }),
      ];
      const saved = await saveScenario(db, scenario('base', { analysisRunId: runId, mustInclude: [ids.PO2!], annualBudgetUsd: Infinity }), sites);
      assert.ok(saved.id > 0);
      assert.match(saved.createdAt, /^\d{4}-\d\d-\d\d/);
      assert.equal(saved.annualBudgetUsd, null);

      const got = await getScenario(db, 'STP', 'base');
      assert.deepEqual(got, saved);
      assert.deepEqual(
        { ...got!, id: 0, createdAt: '' },
        { ...scenario('base', { analysisRunId: runId, mustInclude: [ids.PO2!], annualBudgetUsd: null }), id: 0, createdAt: '' },
      );
      assert.equal(await getScenario(db, 'STP', 'other'), null);
      assert.deepEqual((await listScenarios(db, 'STP')).map((s) => s.name), ['base']);
      assert.deepEqual(await listScenarios(db, 'SEN'), []);

      const back = await scenarioSites(db, saved.id);
      assert.deepEqual(back.map((s) => s.rank), [1, 2, 3, 4]);
      assert.deepEqual(back.map((s) => s.sourceId), ['PO2', 'PO1', 'S1', 'PO3']);
      const strip = ({ rank: _r, sourceId: _s, name: _n, siteType: _t, lon: _x, lat: _y, ...r }: (typeof back)[number]) => r;
      assert.deepEqual(back.map(strip), [sites[0], sites[1], sites[2], { ...sites[3]!, costPerPersonUsd: null, linkM: null }]);
      assert.deepEqual(back[1]!.name, 'post_office PO1');
      assert.equal(back[2]!.siteType, 'school');
      assert.deepEqual([back[0]!.lon, back[0]!.lat], [6.6, 0.2]);
    });

    test('saving under the same name replaces the scenario and all its sites', async () => {
      const first = (await getScenario(db, 'STP', 'base'))!;
      await saveScenario(db, scenario('other', { objective: 'cost', budgetUsd: null }), [row(ids.PO3!)]);
      const again = await saveScenario(db, scenario('base', { objective: 'sites', result: { totals: { sites: 2 } } }), [row(ids.S2!), row(ids.PO3!, { year: 2028 })]);
      assert.notEqual(again.id, first.id);
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM scenarios WHERE country = 'STP' AND name = 'base'");
      assert.equal(rows[0]!.n, 1);
      assert.deepEqual(await scenarioSites(db, first.id), []);
      const back = await scenarioSites(db, again.id);
      assert.deepEqual(back.map((s) => [s.rank, s.sourceId, s.year]), [[1, 'S2', 2027], [2, 'PO3', 2028]]);
      assert.equal((await getScenario(db, 'STP', 'base'))!.objective, 'sites');
      assert.deepEqual((await getScenario(db, 'STP', 'base'))!.result, { totals: { sites: 2 } });
      // Newest first.
      assert.deepEqual((await listScenarios(db)).map((s) => s.name), ['base', 'other']);
    });

    test('thousands of sites go in batches; a non-finite required number rolls the whole save back', async () => {
      const before = (await getScenario(db, 'STP', 'base'))!;
      const many = bulk.map((id, i) => row(id, { year: 2026 + (i % 5) }));
      // In the third batch, so the delete, the scenario and two batches are written before it fails.
      many[11_000] = row(bulk[11_000]!, { npvUsd: NaN });
      await assert.rejects(saveScenario(db, scenario('base'), many), new RegExp(`scenario site ${bulk[11_000]}: npvUsd is NaN`));
      assert.deepEqual(await getScenario(db, 'STP', 'base'), before);
      assert.equal((await scenarioSites(db, before.id)).length, 2);
      await assert.rejects(saveScenario(db, scenario('base'), [row(ids.PO1!, { peopleServed: Infinity })]), /peopleServed is Infinity/);
      assert.deepEqual(await getScenario(db, 'STP', 'base'), before);

      many[11_000] = row(bulk[11_000]!);
      const big = await saveScenario(db, scenario('big'), many);
      const back = await scenarioSites(db, big.id);
      assert.equal(back.length, 12_001);
      assert.deepEqual(back.map((s) => s.siteId), bulk);
      assert.equal(back.at(-1)!.rank, 12_001);
    });

    test('deleting a run keeps its scenarios; deleting a scenario takes its sites', async () => {
      await saveScenario(db, scenario('linked', { analysisRunId: runId }), [row(ids.PO1!)]);
      await db.query('DELETE FROM analysis_runs WHERE id = $1', [runId]);
      assert.equal((await getScenario(db, 'STP', 'linked'))!.analysisRunId, null);
      assert.equal(await deleteScenario(db, 'STP', 'linked'), true);
      const big = (await getScenario(db, 'STP', 'big'))!;
      assert.equal(await deleteScenario(db, 'STP', 'big'), true);
      assert.equal(await deleteScenario(db, 'STP', 'big'), false);
      assert.equal(await getScenario(db, 'STP', 'big'), null);
      assert.deepEqual(await scenarioSites(db, big.id), []);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scenario_sites WHERE scenario_id = $1', [big.id]);
      assert.equal(rows[0]!.n, 0);
      assert.deepEqual((await listScenarios(db, 'STP')).map((s) => s.name), ['base', 'other']);
    });
  });
}
