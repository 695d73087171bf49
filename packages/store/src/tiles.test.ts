import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from './database.js';
import { recordImport, upsertDataset } from './datasets.js';
import { CELL_SITES } from './layers.js';
import { countryAreas } from './progress.js';
import { createSite } from './site-writes.js';
import { NAIROBI_CELL, analysisRun } from './test-fixtures.js';
import { testBackends } from './testing.js';
import { mapFeatures, mapLayerVersion } from './tiles.js';
import { upsertBatch } from './upsert.js';

for (const backend of await testBackends()) {
  describe(`map layers and admin areas on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    const ids: Record<string, number> = {};

    before(async () => {
      db = await backend.open();
      const site = async (key: string, country: string, admin1: string | null, lat: number, lon: number, isConnected: boolean | null, connectivityType: 'fiber' | 'none' | 'unknown') => {
        ids[key] = (await createSite(db, { name: key, siteType: 'post_office', country, admin1, lat, lon, isConnected, connectivityType }, 'test')).id;
      };
      await site('gpo', 'KEN', 'Nairobi', -1.2864, 36.8172, true, 'fiber');
      await site('westlands', 'KEN', 'Nairobi', -1.2676, 36.8108, false, 'none');
      await site('lodwar', 'KEN', 'Turkana', 3.1191, 35.5973, null, 'unknown');
      await site('nowhere', 'KEN', null, 0.5, 37.5, true, 'fiber');
      await site('blank', 'KEN', '  ', 0.6, 37.6, false, 'none');
      await site('kampala', 'UGA', 'Central', 0.3136, 32.5811, true, 'fiber');
    });
    after(async () => {
      await db?.close();
    });

    test('admin areas: sites, connected and the box of their sites; no admin1 is no area', async () => {
      assert.deepEqual(await countryAreas(db, 'KEN'), [
        { name: 'Nairobi', level: 1, sites: 2, connected: 1, bbox: [36.8108, -1.2864, 36.8172, -1.2676] },
        { name: 'Turkana', level: 1, sites: 1, connected: 0, bbox: [35.5973, 3.1191, 35.5973, 3.1191] },
      ]);
      assert.deepEqual(await countryAreas(db, 'TZA'), []);
    });

    test('sites carry best generation and area class from their country\'s latest run only', async () => {
      const props = async () => Object.fromEntries((await mapFeatures(db, 'sites', [])).features.map((f) => [f.properties.name, f.properties]));
      const before = await props();
      assert.deepEqual(before.gpo, { id: ids.gpo, country: 'KEN', name: 'gpo', type: 'post_office', connected: true, connectivity: 'fiber', generation: null, area: null }, 'no run yet');
      const version0 = await mapLayerVersion(db, 'sites');

      await analysisRun(db, ['KEN', 'UGA']);
      const first = await props();
      assert.deepEqual([first.gpo!.generation, first.gpo!.area, first.kampala!.generation], [0, 'unknown', 0], 'no cells: no coverage');
      const version1 = await mapLayerVersion(db, 'sites');
      assert.notEqual(version1, version0, 'a run changes what the sites layer shows');

      // A 4G cell in Nairobi, and a run of Kenya alone: Kenya's sites follow it, Uganda's the older run.
      await db.transaction(async (tx) => {
        const cells = await upsertDataset(tx, { name: 'ken-cells', layer: 'cells', source: 'cells.csv', format: 'csv' });
        await upsertBatch(tx, CELL_SITES, cells, [NAIROBI_CELL]);
        await recordImport(tx, 'cell_sites', { datasetId: cells, countries: ['KEN'], file: 'cells.csv', sha256: 'c', importedBy: 'test', rowsRead: 1, inserted: 1, updated: 0, unchanged: 0, removed: 0, rejected: 0 });
      });
      await analysisRun(db, ['KEN']);
      const latest = await props();
      assert.deepEqual([latest.gpo!.generation, latest.westlands!.generation, latest.lodwar!.generation, latest.kampala!.generation], [4, 4, 0, 0]);
      assert.equal(latest.kampala!.area, 'unknown');
      assert.equal((await mapFeatures(db, 'sites', [])).features.length, 6, 'one feature per site, however many runs');
      assert.notEqual(await mapLayerVersion(db, 'sites'), version1);

      // A site imported after the run has no metrics yet.
      await createSite(db, { name: 'new', siteType: 'post_office', country: 'KEN', admin1: 'Nairobi', lat: -1.3, lon: 36.8, isConnected: null, connectivityType: 'unknown' }, 'test');
      const fresh = (await props()).new!;
      assert.deepEqual([fresh.generation, fresh.area], [null, null]);
    });

    test('admin areas of a country whose sites have no admin1 are its admin2 areas', async () => {
      const office = (name: string, admin2: string | null, lat: number, lon: number) =>
        createSite(db, { name, siteType: 'post_office', country: 'STP', admin1: null, admin2, lat, lon, isConnected: true }, 'test');
      await office('Correios Neves', 'Lembá', 0.3594, 6.5506);
      await office('Correios Guadalupe', 'Lobata', 0.3825, 6.6431);
      await office('Correios Trindade', null, 0.2967, 6.6811);
      assert.deepEqual(await countryAreas(db, 'STP'), [
        { name: 'Lembá', level: 2, sites: 1, connected: 1, bbox: [6.5506, 0.3594, 6.5506, 0.3594] },
        { name: 'Lobata', level: 2, sites: 1, connected: 1, bbox: [6.6431, 0.3825, 6.6431, 0.3825] },
      ]);
    });
  });
}
