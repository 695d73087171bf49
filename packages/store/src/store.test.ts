import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Site } from '@postatlas/core';
import type { Database } from './database.js';
import { upsertDataset, listDatasets, recordImport } from './datasets.js';
import { SITES, TRANSMISSION_LINKS, COVERAGE_AREAS } from './layers.js';
import { migrate, schemaVersion } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { listRasters, loadRaster, replaceRaster } from './population.js';
import { countsByLayer, listSites, allPages } from './queries.js';
import { createSite } from './site-writes.js';
import { testBackends } from './testing.js';
import { removeAbsent, upsertBatch } from './upsert.js';

const site = (sourceId: string, over: Partial<Site> = {}): Site => ({
  sourceId,
  name: `Post office ${sourceId}`,
  siteType: 'post_office',
  country: 'STP',
  admin1: null,
  admin2: 'Água-Grande',
  lat: 0.33,
  lon: 6.73,
  isConnected: null,
  connectivityType: 'unknown',
  downloadMbps: null,
  hasElectricity: true,
  attributes: {},
  ...over,
});

for (const backend of await testBackends()) {
  describe(`store on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db?.close();
    });

    test('migrations are applied once and record their version', async () => {
      assert.equal(await schemaVersion(db), MIGRATIONS.at(-1)!.version);
      assert.deepEqual(await migrate(db), []);
      const { rows } = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
      assert.match(rows[0]!.v, /^3\./);
    });

    test('an upsert inserts, then updates only what changed, keeping ids', async () => {
      const id = await upsertDataset(db, { name: 'stp-offices', layer: 'sites', source: 'offices.csv', format: 'csv' });
      const first = await db.transaction((tx) => upsertBatch(tx, SITES, id, [site('A'), site('B'), site('C')]));
      assert.deepEqual(first, { inserted: 3, updated: 0, unchanged: 0 });
      const before = await listSites(db, { country: 'STP' });
      const second = await db.transaction((tx) =>
        upsertBatch(tx, SITES, id, [site('A'), site('B', { downloadMbps: 20, connectivityType: 'fiber' }), site('C')]),
      );
      assert.deepEqual(second, { inserted: 0, updated: 1, unchanged: 2 });
      const afterRows = await listSites(db, { country: 'STP' });
      assert.deepEqual(afterRows.map((r) => r.id), before.map((r) => r.id));
      const b = afterRows.find((r) => r.sourceId === 'B')!;
      assert.equal(b.downloadMbps, 20);
      assert.equal(b.connectivityType, 'fiber');
      assert.equal(b.lat, 0.33);
      assert.equal(b.lon, 6.73);
    });

    test('rows absent from a re-import are removed; a failed transaction leaves nothing', async () => {
      const id = await upsertDataset(db, { name: 'stp-offices', layer: 'sites', source: 'offices.csv', format: 'csv' });
      const removed = await db.transaction((tx) => removeAbsent(tx, 'sites', id, ['A', 'B']));
      assert.equal(removed, 1);
      await assert.rejects(
        db.transaction(async (tx) => {
          await upsertBatch(tx, SITES, id, [site('D')]);
          await upsertBatch(tx, SITES, id, [site('E', { siteType: 'bakery' as never })]);
        }),
        /site_type/,
      );
      const rows = await listSites(db, { country: 'STP' });
      assert.deepEqual(rows.map((r) => r.sourceId).sort(), ['A', 'B']);
    });

    test('links get their geodesic length and polygons become multipolygons', async () => {
      const links = await upsertDataset(db, { name: 'links', layer: 'links', source: 'l.geojson', format: 'geojson' });
      await db.transaction((tx) =>
        upsertBatch(tx, TRANSMISSION_LINKS, links, [
          {
            sourceId: 'L1', name: 'Dakar–Thiès', country: 'SEN', medium: 'fiber', status: 'operational', operator: 'Sonatel', attributes: {},
            geometry: { type: 'LineString', coordinates: [[-17, 14], [-17, 15]] },
          },
        ]),
      );
      const { rows } = await db.query<{ length_m: number; t: string }>('SELECT length_m, GeometryType(geom) AS t FROM transmission_links');
      // One degree of meridian at 14.5°N on the WGS84 ellipsoid is 110,674 m.
      assert.ok(Math.abs(rows[0]!.length_m - 110_674) < 50, String(rows[0]!.length_m));
      assert.equal(rows[0]!.t, 'MULTILINESTRING');

      const cov = await upsertDataset(db, { name: 'cov', layer: 'coverage', source: 'c.gpkg', format: 'geopackage' });
      await db.transaction((tx) =>
        upsertBatch(tx, COVERAGE_AREAS, cov, [
          { sourceId: '1', country: 'ESP', generation: 4, operator: null, attributes: {}, geometry: { type: 'Polygon', coordinates: [[[1, 39], [1.1, 39], [1.1, 39.1], [1, 39]]] } },
        ]),
      );
      const c = await db.query<{ t: string }>('SELECT GeometryType(geom) AS t FROM coverage_areas');
      assert.equal(c.rows[0]!.t, 'MULTIPOLYGON');
    });

    test('a raster survives the round trip through tiles', async () => {
      const id = await upsertDataset(db, { name: 'pop', layer: 'population', source: 'p.tif', format: 'geotiff' });
      const meta = { width: 3, height: 2, west: 6.4, north: 0.5, dx: 0.5, dy: 0.25 };
      const values = new Float32Array([1, 2, NaN, 4.5, 0, 6]);
      const tiles = [
        { col0: 0, row0: 0, width: 2, height: 2, values: new Float32Array([1, 2, 4.5, 0]) },
        { col0: 2, row0: 0, width: 1, height: 2, values: new Float32Array([NaN, 6]) },
      ];
      const stored = await db.transaction((tx) => replaceRaster(tx, id, 'STP', meta, tiles));
      assert.equal(stored.totalPopulation, 13.5);
      const [raster] = await listRasters(db, 'STP');
      const back = await loadRaster(db, raster!);
      assert.deepEqual([...back.values], [...values]);
      assert.deepEqual({ ...back, values: null }, { ...meta, values: null });
    });

    test('counts by layer and country, datasets and imports', async () => {
      const id = await upsertDataset(db, { name: 'stp-offices', layer: 'sites', source: 'offices.csv', format: 'csv', licence: 'CC BY 4.0' });
      await db.transaction((tx) =>
        recordImport(tx, 'sites', { datasetId: id, countries: ['STP'], file: 'offices.csv', sha256: 'x', importedBy: 'test', rowsRead: 2, inserted: 0, updated: 0, unchanged: 2, removed: 0, rejected: 0 }),
      );
      const counts = await countsByLayer(db);
      assert.deepEqual(counts.find((c) => c.layer === 'sites'), { layer: 'sites', country: 'STP', count: 2 });
      assert.deepEqual(counts.find((c) => c.layer === 'population_raster'), { layer: 'population_raster', country: 'STP', count: 1, population: 13.5 });
      const ds = (await listDatasets(db)).find((d) => d.name === 'stp-offices')!;
      assert.deepEqual(ds.countries, ['STP']);
      assert.equal(ds.licence, 'CC BY 4.0');
      const all = [];
      for await (const s of allPages((afterId) => listSites(db, { afterId, limit: 1 }))) all.push(s.sourceId);
      assert.deepEqual(all, ['A', 'B']);
    });

    test('search: a name containing the text in any case, an exact source id or site id; wildcards are literal', async () => {
      const named = async (sourceId: string, name: string) => (await createSite(db, { sourceId, name, siteType: 'post_office', country: 'STP', lat: 0.3, lon: 6.7 }, 'test')).id;
      const neves = await named('NEV-1', 'Escola Básica de Neves');
      const percent = await named('PCT-1', '100% Digital Office');
      const found = async (search: string) => (await listSites(db, { search })).map((s) => s.id);
      assert.deepEqual(await found('básica de NEVES'), [neves]);
      assert.deepEqual(await found('NEV-1'), [neves]);
      assert.deepEqual(await found(String(percent)), [percent]);
      assert.deepEqual(await found('100%'), [percent]);
      assert.deepEqual(await found('%'), [percent], 'a typed % matches only a %');
      assert.deepEqual(await found('NEV-'), [], 'a source id matches whole');
      assert.deepEqual((await listSites(db, { search: 'neves', country: 'KEN' })).length, 0);
    });
  });
}

const server = (await testBackends()).find((b) => b.name === 'server')!;
describe('a PostgreSQL server that ends a connection', { skip: server.skip }, () => {
  test('an idle connection ended by the server is noted, not fatal; the next query opens another', async (t) => {
    const db = await server.open();
    const warned = t.mock.method(console, 'warn', () => undefined);
    try {
      const { rows: [mine] } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // As a server restart does: the pool's idle connection is terminated under it.
      const other = await server.open();
      await other.query('SELECT pg_terminate_backend($1)', [mine!.pid]);
      await other.close();
      for (let i = 0; i < 100 && warned.mock.callCount() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(warned.mock.callCount(), 1);
      assert.match(String(warned.mock.calls[0]!.arguments[0]), /a database connection was lost \(terminating connection due to administrator command\)/);
      const { rows: [next] } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      assert.notEqual(next!.pid, mine!.pid);
    } finally {
      await db.close();
    }
  });
});
