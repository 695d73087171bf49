import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { analysisParameters, haversineM, type Site } from '@postatlas/core';
import { getRun, listRuns, siteMetrics, type AnalysisRun } from './analysis.js';
import type { Database } from './database.js';
import { recordImport, upsertDataset } from './datasets.js';
import { CELL_SITES, SITES } from './layers.js';
import { listSites } from './queries.js';
import { NAIROBI_CELL, analysisRun } from './test-fixtures.js';
import { testBackends } from './testing.js';
import { upsertBatch } from './upsert.js';

const office = (sourceId: string, country: string, lat: number, lon: number): Site => ({
  sourceId, name: `Post office ${sourceId}`, siteType: 'post_office', country, admin1: null, admin2: null, lat, lon,
  isConnected: null, connectivityType: 'unknown', downloadMbps: null, hasElectricity: null, attributes: {},
});
const counts = { inserted: 1, updated: 0, unchanged: 0, removed: 0, rejected: 0 };

for (const backend of await testBackends()) {
  describe(`reading analysis runs on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let cells: number;
    let both: AnalysisRun;
    let kenya: AnalysisRun;
    before(async () => {
      db = await backend.open();
      await db.transaction(async (tx) => {
        const offices = await upsertDataset(tx, { name: 'offices', layer: 'sites', source: 'offices.csv', format: 'csv', isPublic: true });
        await upsertBatch(tx, SITES, offices, [office('nairobi', 'KEN', -1.2864, 36.8172), office('kampala', 'UGA', 0.3136, 32.5811)]);
        await recordImport(tx, 'sites', { datasetId: offices, countries: ['KEN', 'UGA'], file: 'offices.csv', sha256: 'o', importedBy: 'test', rowsRead: 2, ...counts, inserted: 2 });
        cells = await upsertDataset(tx, { name: 'ken-cells', layer: 'cells', source: 'cells.csv', format: 'csv' });
        await upsertBatch(tx, CELL_SITES, cells, [NAIROBI_CELL]);
        await recordImport(tx, 'cell_sites', { datasetId: cells, countries: ['KEN'], file: 'cells.csv', sha256: 'c', importedBy: 'test', rowsRead: 1, ...counts });
      });
      both = await analysisRun(db, ['KEN', 'UGA']);
      kenya = await analysisRun(db, ['KEN']);
    });
    after(async () => {
      await db?.close();
    });

    test('runs newest first, by country, a page at a time, current while their inputs are', async () => {
      const runs = await listRuns(db);
      assert.deepEqual(runs.map((r) => [r.id, r.countries, r.current]), [[kenya.id, ['KEN'], true], [both.id, ['KEN', 'UGA'], true]]);
      assert.deepEqual(runs[1], {
        id: both.id, startedAt: runs[1]!.startedAt, finishedAt: runs[1]!.finishedAt, runBy: 'test', countries: ['KEN', 'UGA'], summary: both.summary, current: true,
      });
      assert.equal(runs[1]!.startedAt, new Date(Date.parse(runs[1]!.startedAt)).toISOString());
      assert.deepEqual((await listRuns(db, { country: 'UGA' })).map((r) => r.id), [both.id]);
      assert.deepEqual((await listRuns(db, { limit: 1 })).map((r) => r.id), [kenya.id]);
      assert.deepEqual((await listRuns(db, { beforeId: kenya.id })).map((r) => r.id), [both.id]);

      // A new import of Kenya's cells makes both runs stale; a new run of Kenya is current again, the older one stays stale.
      await db.transaction((tx) => recordImport(tx, 'cell_sites', { datasetId: cells, countries: ['KEN'], file: 'cells.csv', sha256: 'c2', importedBy: 'test', rowsRead: 1, ...counts, inserted: 0, unchanged: 1 }));
      assert.deepEqual((await listRuns(db)).map((r) => r.current), [false, false]);
      const again = await analysisRun(db, ['KEN']);
      assert.deepEqual((await listRuns(db)).map((r) => [r.id, r.current]), [[again.id, true], [kenya.id, false], [both.id, false]]);
      kenya = again;
    });

    test('one run with its parameters and inputs; inputs a reader may not see are left out', async () => {
      const full = (await getRun(db, both.id))!;
      assert.deepEqual(full.parameters, analysisParameters());
      assert.deepEqual(full.inputs.map((i) => i.name), ['offices', 'ken-cells']);
      assert.equal(full.fingerprint, both.fingerprint);
      assert.equal(full.current, false);
      assert.deepEqual((await getRun(db, both.id, null))!.inputs, full.inputs);
      assert.deepEqual((await getRun(db, both.id, ['KEN']))!.inputs, full.inputs);
      assert.deepEqual((await getRun(db, both.id, ['UGA']))!.inputs.map((i) => i.name), ['offices']);
      assert.deepEqual({ ...(await getRun(db, both.id, []))!, inputs: [] }, { ...full, inputs: [] });
      assert.equal(await getRun(db, 999_999), null);
    });

    test('a site\'s metrics come from the latest run that covered it', async () => {
      const [nairobi, kampala] = await listSites(db);
      const ken = (await siteMetrics(db, nairobi!.id))!;
      assert.equal(ken.runId, kenya.id);
      assert.match(ken.runFinishedAt, /^\d{4}-\d\d-\d\dT/);
      assert.deepEqual([ken.siteId, ken.name, ken.siteType, ken.country, ken.best_generation], [nairobi!.id, 'Post office nairobi', 'post_office', 'KEN', 4]);
      const expected = haversineM(-1.2864, 36.8172, NAIROBI_CELL.lat, NAIROBI_CELL.lon);
      assert.ok(Math.abs((ken.cell_4g_m as number) - expected) < 0.01, `${String(ken.cell_4g_m)} m, expected ${expected} m`);
      assert.equal(ken.cell_3g_m, null, 'no 3G cell');
      assert.ok(!('site_id' in ken) && !('run_id' in ken));
      const uga = (await siteMetrics(db, kampala!.id))!;
      assert.deepEqual([uga.runId, uga.cell_4g_m, uga.best_generation], [both.id, null, 0]);
      assert.equal(await siteMetrics(db, 999_999), null);
    });
  });
}
