import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CellSite, PopulationPoint, Site, TransmissionNode } from '@postatlas/core';
import { listAudit } from './audit.js';
import type { Database } from './database.js';
import { getDataset, listDatasets, listImports, recordImport, setDatasetPublication, upsertDataset, type DatasetSummary } from './datasets.js';
import { CELL_SITES, POPULATION_POINTS, SITES, TRANSMISSION_NODES } from './layers.js';
import { testBackends } from './testing.js';
import { upsertBatch } from './upsert.js';

const office = (sourceId: string, lat: number, lon: number): Site => ({
  sourceId, name: `Post office ${sourceId}`, siteType: 'post_office', country: 'KEN', admin1: null, admin2: null, lat, lon,
  isConnected: null, connectivityType: 'unknown', downloadMbps: null, hasElectricity: null, attributes: {},
});
const cell = (sourceId: string, lat: number, lon: number): CellSite => ({
  sourceId, country: 'KEN', lat, lon, generation: 4, operator: 'Safaricom', antennaHeightM: null, backhaulType: null, rangeM: null, attributes: {},
});
const node = (sourceId: string, country: string, lat: number, lon: number): TransmissionNode => ({
  sourceId, name: null, country, lat, lon, medium: 'fiber', status: 'operational', operator: null, attributes: {},
});
const people = (sourceId: string, lat: number, lon: number, population: number): PopulationPoint => ({ sourceId, country: 'UGA', lat, lon, population });

const counts = { updated: 0, unchanged: 0, removed: 0, rejected: 0 };
const names = (ds: DatasetSummary[]) => ds.map((d) => d.name);

for (const backend of await testBackends()) {
  describe(`datasets on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    const ids = { offices: 0, cells: 0, backbone: 0, people: 0 };
    before(async () => {
      db = await backend.open();
      await db.transaction(async (tx) => {
        ids.offices = await upsertDataset(tx, { name: 'ken-offices', layer: 'sites', source: 'offices.csv', format: 'csv/mapped', licence: 'CC BY 4.0' });
        await upsertBatch(tx, SITES, ids.offices, [office('A', -1.2864, 36.8172), office('B', -4.0637, 39.6683)]);
        for (const sha256 of ['first', 'second']) {
          await recordImport(tx, 'sites', { datasetId: ids.offices, countries: ['KEN'], file: 'offices.csv', sha256, importedBy: 'cli:alice', rowsRead: 2, inserted: 2, ...counts });
        }
        ids.cells = await upsertDataset(tx, { name: 'ken-cells', layer: 'cells', source: 'cells.csv', format: 'csv/mapped' });
        await upsertBatch(tx, CELL_SITES, ids.cells, [cell('c1', -1.29, 36.82), cell('c2', -4.06, 39.67), cell('c3', -0.09, 34.77)]);
        await recordImport(tx, 'cell_sites', { datasetId: ids.cells, countries: ['KEN'], file: 'cells.csv', sha256: 'cells', importedBy: 'user:2', rowsRead: 3, inserted: 3, ...counts });
        ids.backbone = await upsertDataset(tx, { name: 'east-africa-backbone', layer: 'nodes', source: 'nodes.geojson', format: 'geojson/mapped' });
        await upsertBatch(tx, TRANSMISSION_NODES, ids.backbone, [node('n1', 'KEN', -1.3, 36.8), node('n2', 'UGA', 0.31, 32.58)]);
        await recordImport(tx, 'transmission_nodes', { datasetId: ids.backbone, countries: ['KEN', 'UGA'], file: 'nodes.geojson', sha256: 'nodes', importedBy: 'cli:bob', rowsRead: 2, inserted: 2, ...counts });
        ids.people = await upsertDataset(tx, { name: 'uga-people', layer: 'population', source: 'people.csv', format: 'csv/mapped' });
        await upsertBatch(tx, POPULATION_POINTS, ids.people, [people('p1', 0.31, 32.58, 1200)]);
        await recordImport(tx, 'population_points', { datasetId: ids.people, countries: ['UGA'], file: 'people.csv', sha256: 'people', importedBy: 'cli:bob', rowsRead: 1, inserted: 1, ...counts });
      });
    });
    after(async () => {
      await db?.close();
    });

    test('the catalogue: size and latest import of each dataset, by layer and name', async () => {
      const all = await listDatasets(db);
      assert.deepEqual(names(all), ['ken-cells', 'east-africa-backbone', 'uga-people', 'ken-offices']);
      const offices = all.find((d) => d.name === 'ken-offices')!;
      assert.deepEqual({ ...offices, createdAt: '', lastImport: { ...offices.lastImport!, id: 0, at: '' } }, {
        id: ids.offices, name: 'ken-offices', layer: 'sites', countries: ['KEN'], source: 'offices.csv', format: 'csv/mapped', licence: 'CC BY 4.0',
        attribution: null, owner: null, isPublic: false, createdAt: '', rows: 2,
        lastImport: {
          id: 0, datasetId: ids.offices, at: '', by: 'cli:alice', file: 'offices.csv', sha256: 'second', countries: ['KEN'],
          rowsRead: 2, inserted: 2, updated: 0, unchanged: 0, removed: 0, rejected: 0,
        },
      });
      assert.match(offices.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(all.map((d) => d.rows), [3, 2, 1, 2]);
      assert.deepEqual(all.find((d) => d.name === 'east-africa-backbone')!.countries, ['KEN', 'UGA']);
      assert.deepEqual(await getDataset(db, ids.cells), all[0]);
      assert.equal(await getDataset(db, 999_999), null);
      assert.deepEqual(names(await listDatasets(db, { layer: 'cells' })), ['ken-cells']);
      assert.deepEqual(names(await listDatasets(db, { country: 'UGA' })), ['east-africa-backbone', 'uga-people']);
    });

    test('private infrastructure is listed only within the reader\'s scope; sites and population always', async () => {
      assert.deepEqual(names(await listDatasets(db, { scope: [] })), ['uga-people', 'ken-offices']);
      assert.deepEqual(names(await listDatasets(db, { scope: ['KEN'] })), ['ken-cells', 'east-africa-backbone', 'uga-people', 'ken-offices']);
      assert.deepEqual(names(await listDatasets(db, { scope: ['UGA'] })), ['east-africa-backbone', 'uga-people', 'ken-offices']);
      assert.deepEqual(names(await listDatasets(db, { scope: null })), names(await listDatasets(db)));
    });

    test('import history, newest first, a page at a time', async () => {
      const history = await listImports(db, ids.offices);
      assert.deepEqual(history.map((i) => i.sha256), ['second', 'first']);
      const [newest] = await listImports(db, ids.offices, { limit: 1 });
      assert.deepEqual((await listImports(db, ids.offices, { beforeId: newest!.id })).map((i) => i.sha256), ['first']);
      assert.deepEqual(await listImports(db, 999_999), []);
    });

    test('publishing a dataset changes only what was given, with its audit entry', async () => {
      const before = (await getDataset(db, ids.cells))!;
      const published = (await setDatasetPublication(db, ids.cells, { isPublic: true, licence: 'CC BY 4.0', owner: undefined }, 'user:2'))!;
      const { rows: _, lastImport: __, ...plain } = before;
      assert.deepEqual(published, { ...plain, isPublic: true, licence: 'CC BY 4.0' });
      assert.deepEqual(names(await listDatasets(db, { scope: [] })), ['ken-cells', 'uga-people', 'ken-offices'], 'now public');
      const [entry, ...older] = await listAudit(db, { entity: 'dataset' });
      assert.equal(older.length, 0);
      assert.deepEqual({ ...entry!, id: 0, at: '' }, {
        id: 0, at: '', actor: 'user:2', action: 'update', entity: 'dataset', entityId: String(ids.cells), country: 'KEN', before: plain, after: published,
      });

      assert.deepEqual(await setDatasetPublication(db, ids.cells, {}, 'user:2'), published, 'an empty patch changes nothing');
      assert.equal(await setDatasetPublication(db, 999_999, { isPublic: true }, 'user:2'), null);
      await assert.rejects(setDatasetPublication(db, ids.cells, { name: 'renamed' } as never, 'user:2'), /name cannot be changed/);
      await assert.rejects(setDatasetPublication(db, ids.cells, { isPublic: 'yes' } as never, 'user:2'), /isPublic must be true or false/);
      assert.equal((await listAudit(db, { entity: 'dataset' })).length, 1, 'nothing else was written');
      assert.deepEqual(await getDataset(db, ids.cells), { ...before, isPublic: true, licence: 'CC BY 4.0' });
    });
  });
}
