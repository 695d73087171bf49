import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importFile } from '@postatlas/importers';
import { countsByLayer, createUser, listAudit, listDatasets, listSites, type Database, type User } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { hashPassword } from '../crypto.js';
import { importsRoutes } from './datasets.js';
import { signIn } from '../test-support.js';

type Response = Awaited<ReturnType<App['inject']>>;

/** The first three rows of data/osm-spain-post-offices (ODbL 1.0, © OpenStreetMap contributors). */
const OSM_OFFICES = [
  'name,operator,postcode,osm_id,lat,lon',
  'Correos - El Natahoyo,-,-,node/29020721,43.5399931,-5.6836374',
  'Correos - La Arena,Correos,-,node/30313025,43.5365637,-5.6472527',
  'Correos,Correos,-,node/55506624,43.1863421,-2.4707068',
].join('\n') + '\n';

/** Two 4G cell sites in Kenya, padded past the API's usual 1 MiB body limit (JSON allows the whitespace). */
const KENYA_CELLS = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [36.82, -1.29] }, properties: { id: 'k1', radio: '4G', operator: 'Safaricom' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [39.67, -4.06] }, properties: { id: 'k2', radio: '4G', operator: 'Safaricom' } },
  ],
}) + ' '.repeat(1_200_000);

for (const backend of await testBackends()) {
  describe(`datasets and imports through the API on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    const password = 'correct horse battery staple';
    const users: Record<'admin' | 'esp' | 'ken', User> = {} as never;
    const headers: Record<'admin' | 'esp' | 'ken', Record<string, string>> = {} as never;

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db });
      const passwordHash = await hashPassword(password);
      users.admin = await createUser(db, { email: 'admin@example.org', passwordHash, role: 'admin' });
      users.esp = await createUser(db, { email: 'esp@example.org', passwordHash, role: 'country_manager', countries: ['ESP'] });
      users.ken = await createUser(db, { email: 'ken@example.org', passwordHash, role: 'country_manager', countries: ['KEN'] });
      for (const who of ['admin', 'esp', 'ken'] as const) {
        headers[who] = await signIn(app, users[who].email, password);
      }
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    function isProblem(r: Response, status: number, detail?: RegExp): void {
      assert.equal(r.statusCode, status, r.body);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      if (detail) assert.match(r.json().detail, detail);
      assert.doesNotMatch(r.body, /postatlas-upload-|\n\s+at |SELECT /, 'no temporary path, stack or SQL reaches the client');
    }
    const upload = (query: string, body: string, who: Record<string, string> = {}, contentType = 'text/csv', target: App = app) =>
      target.inject({ method: 'POST', url: `/api/imports?${query}`, headers: { ...who, 'content-type': contentType }, payload: body });
    const get = (url: string, who: Record<string, string> = {}) => app.inject({ url, headers: { cookie: who.cookie ?? '' } });
    const patch = (id: number, payload: object, who: Record<string, string> = {}) => app.inject({ method: 'PATCH', url: `/api/datasets/${id}`, headers: who, payload });
    /** Everything an import or a publication could have written. */
    const snapshot = async () => ({ counts: await countsByLayer(db), datasets: await listDatasets(db), audit: await listAudit(db, { limit: 1000 }) });
    const named = async (name: string) => (await listDatasets(db)).find((d) => d.name === name)!;

    test('a CSV of post offices is imported, reported, recorded and audited; the same file again changes nothing', async () => {
      const first = await upload('layer=sites&country=ESP&filename=osm-asturias.csv', OSM_OFFICES, headers.esp);
      assert.equal(first.statusCode, 201, first.body);
      const datasetId = (await named('osm-asturias')).id;
      const report = {
        file: 'osm-asturias.csv', layer: 'sites', format: 'csv', schema: 'osm-post-office', dataset: 'osm-asturias', datasetId,
        rowsRead: 3, imported: 3, inserted: 3, updated: 0, unchanged: 0, removed: 0, rejected: 0, countries: { ESP: 3 }, issues: [], reasons: {}, committed: true,
      };
      assert.deepEqual(first.json(), report);
      const again = await upload('layer=sites&country=ESP&filename=osm-asturias.csv', OSM_OFFICES, headers.esp);
      assert.equal(again.statusCode, 201, again.body);
      assert.deepEqual(again.json(), { ...report, inserted: 0, unchanged: 3 });
      assert.deepEqual((await listSites(db, { country: 'ESP' })).map((s) => [s.name, s.siteType, s.sourceId]), [
        ['Correos - El Natahoyo', 'post_office', 'node/29020721'], ['Correos - La Arena', 'post_office', 'node/30313025'], ['Correos', 'post_office', 'node/55506624'],
      ]);

      const listed = (await get('/api/datasets')).json().find((d: { name: string }) => d.name === 'osm-asturias');
      assert.deepEqual({ ...listed, createdAt: '', lastImport: { ...listed.lastImport, id: 0, at: '' } }, {
        id: datasetId, name: 'osm-asturias', layer: 'sites', countries: ['ESP'], source: 'osm-asturias.csv', format: 'csv/osm-post-office',
        licence: 'ODbL 1.0, © OpenStreetMap contributors', attribution: null, owner: null, isPublic: true, createdAt: '', rows: 3,
        lastImport: {
          id: 0, at: '', by: `user:${users.esp.id}`, file: 'osm-asturias.csv', sha256: createHash('sha256').update(OSM_OFFICES).digest('hex'), countries: ['ESP'],
          rowsRead: 3, inserted: 0, updated: 0, unchanged: 3, removed: 0, rejected: 0,
        },
      });
      assert.deepEqual((await get(`/api/datasets/${datasetId}`)).json(), listed);
      const history = (await get(`/api/datasets/${datasetId}/imports`)).json();
      assert.deepEqual(history.map((i: { inserted: number; unchanged: number }) => [i.inserted, i.unchanged]), [[0, 3], [3, 0]]);
      assert.deepEqual((await get(`/api/datasets/${datasetId}/imports?limit=1&before=${history[0].id}`)).json(), [history[1]]);

      const audit = (await get('/api/audit?entity=dataset', headers.esp)).json();
      assert.deepEqual(audit.map((e: { action: string; entityId: string; country: string; actor: string }) => [e.action, e.entityId, e.country, e.actor]), [
        ['import', String(datasetId), 'ESP', `user:${users.esp.id}`], ['import', String(datasetId), 'ESP', `user:${users.esp.id}`],
      ]);
      assert.deepEqual([audit[0].after.inserted, audit[0].after.unchanged, audit[0].after.file, audit[1].after.inserted], [0, 3, 'osm-asturias.csv', 3]);
    });

    test('a file with an invalid row is refused whole: 422 naming the line and the field, nothing written', async () => {
      const before = await snapshot();
      const bad = ['id,name,site_type,lat,lon', 'M1,Correos Cibeles,post_office,40.4189,-3.6919', 'M2,Correos Atocha,post_office,95,-3.6925'].join('\n');
      const r = await upload('layer=sites&country=ESP&filename=madrid-offices.csv', bad, headers.esp);
      isProblem(r, 422, /^madrid-offices\.csv: 1 of 2 rows are invalid, so nothing was imported.*line 3, lat: /);
      const body = r.json();
      assert.deepEqual([body.title, body.file, body.rowsRead, body.rejected], ['Import refused', 'madrid-offices.csv', 2, 1]);
      assert.equal(body.errors.length, 1);
      assert.deepEqual([body.errors[0].line, body.errors[0].where, body.errors[0].field, body.errors[0].value], [3, 'line 3', 'lat', '95']);
      assert.equal(typeof body.errors[0].reason, 'string');

      // A file the importers cannot read at all is refused by name too.
      isProblem(await upload('layer=cells&country=ESP&filename=broken.geojson', '{"type": "FeatureCollection", ', headers.esp, 'application/geo+json'), 422, /^broken\.geojson: /);
      // So is one that is not what the layer holds (ITU cell sites sent as sites).
      const itu = 'ict_id,radio_type,lat,lon\nCT1,4G,40.41,-3.69\n';
      isProblem(await upload('layer=sites&country=ESP&filename=cells.csv', itu, headers.esp), 422, /^cells\.csv: this is a "ITU infrastructure mapping: cell sites" file/);
      assert.deepEqual(await snapshot(), before);
    });

    test('who may import: the managers of the country (and admins), into datasets they manage', async () => {
      const before = await snapshot();
      isProblem(await upload('layer=sites&country=ESP&filename=x.csv', OSM_OFFICES), 401);
      isProblem(await upload('layer=sites&country=ESP&filename=x.csv', OSM_OFFICES, headers.ken), 403, /ESP/);
      // Rows of another country in a file declared as one's own are refused row by row.
      const r = await upload('layer=sites&country=KEN&filename=x.csv', OSM_OFFICES, headers.ken);
      isProblem(r, 422);
      assert.deepEqual(r.json().errors.map((e: { field: string }) => e.field), ['lat/lon', 'lat/lon', 'lat/lon']);
      // A dataset is replaced by its file: a Kenyan manager may not overwrite Spain's under the same name.
      isProblem(await upload('layer=sites&country=KEN&dataset=osm-asturias&filename=x.csv', 'osm_id,name,lat,lon\nn1,Posta Kenya,-1.2864,36.8172\n', headers.ken), 403, /osm-asturias.*ESP/);
      isProblem(await upload('layer=sites&country=XXX&filename=x.csv', OSM_OFFICES, headers.admin), 400, /XXX/);
      isProblem(await upload('layer=sites&country=esp&filename=x.csv', OSM_OFFICES, headers.admin), 400);
      isProblem(await upload('layer=sites&filename=x.csv', OSM_OFFICES, headers.admin), 400);
      isProblem(await upload('layer=roads&country=ESP&filename=x.csv', OSM_OFFICES, headers.admin), 400);
      isProblem(await upload('layer=sites&country=ESP&filename=x.csv&map=name', OSM_OFFICES, headers.admin), 400);
      isProblem(await upload('layer=sites&country=ESP&filename=x.csv', OSM_OFFICES, headers.admin, 'text/html'), 415);
      isProblem(await upload('layer=sites&country=ESP&filename=offices', OSM_OFFICES, headers.admin, 'application/octet-stream'), 415, /filename ending in/);
      isProblem(await upload('layer=sites&country=ESP&filename=x.csv', '', headers.admin), 400, /empty/);
      assert.deepEqual(await snapshot(), before);

      // A path in the file name stays out of the file system: only its last part is used.
      const ok = await upload('layer=sites&country=ESP&filename=..%2F..%2Fetc%2Fosm-asturias.csv', OSM_OFFICES, headers.esp);
      assert.equal(ok.statusCode, 201, ok.body);
      assert.deepEqual([ok.json().file, ok.json().dataset, ok.json().unchanged], ['osm-asturias.csv', 'osm-asturias', 3]);
    });

    test('uploads may be larger than other requests, up to the plugin\'s limit', async () => {
      const r = await upload('layer=cells&country=KEN&dataset=safaricom-cells', KENYA_CELLS, headers.ken, 'application/geo+json');
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual([r.json().file, r.json().format, r.json().inserted, r.json().countries], ['upload.geojson', 'geojson', 2, { KEN: 2 }]);
      const small = await buildApp({ db });
      await small.register(importsRoutes, { prefix: '/api/small-imports', db, uploadLimit: 64 });
      try {
        const before = await snapshot();
        const tooLarge = await small.inject({ method: 'POST', url: '/api/small-imports?layer=sites&country=ESP&filename=x.csv', headers: { ...headers.esp, 'content-type': 'text/csv' }, payload: OSM_OFFICES });
        isProblem(tooLarge, 413);
        assert.deepEqual(await snapshot(), before);
      } finally {
        await small.close();
      }
    });

    test('infrastructure is listed for its country\'s managers until its owner publishes it', async () => {
      const cells = await named('safaricom-cells');
      assert.deepEqual([cells.isPublic, cells.rows, cells.countries], [false, 2, ['KEN']]);
      const names = async (who: Record<string, string> = {}) => (await get('/api/datasets', who)).json().map((d: { name: string }) => d.name);
      assert.deepEqual(await names(), ['osm-asturias']);
      assert.deepEqual(await names(headers.esp), ['osm-asturias']);
      assert.deepEqual(await names(headers.ken), ['safaricom-cells', 'osm-asturias']);
      assert.deepEqual((await get('/api/datasets?layer=cells', headers.admin)).json().map((d: { name: string }) => d.name), ['safaricom-cells']);
      assert.deepEqual((await get('/api/datasets?country=ESP', headers.admin)).json().map((d: { name: string }) => d.name), ['osm-asturias']);
      isProblem(await get(`/api/datasets/${cells.id}`), 404);
      isProblem(await get(`/api/datasets/${cells.id}/imports`, headers.esp), 404);
      assert.equal((await get(`/api/datasets/${cells.id}`, headers.ken)).json().rows, 2);
      isProblem(await get('/api/datasets/999999'), 404);

      const before = await snapshot();
      isProblem(await patch(cells.id, { isPublic: true }), 401);
      isProblem(await patch(cells.id, { isPublic: true }, headers.esp), 404, /no dataset/);
      isProblem(await patch((await named('osm-asturias')).id, { licence: 'mine' }, headers.ken), 403, /ESP/);
      isProblem(await patch(cells.id, {}, headers.ken), 400);
      isProblem(await patch(cells.id, { isPublic: 'maybe' }, headers.ken), 400);
      isProblem(await patch(cells.id, { name: 'renamed' }, headers.ken), 400, /additional/);
      isProblem(await app.inject({ method: 'PATCH', url: `/api/datasets/${cells.id}`, headers: { cookie: headers.ken.cookie! }, payload: { isPublic: true } }), 403, /CSRF/);
      assert.deepEqual(await snapshot(), before);

      const published = await patch(cells.id, { isPublic: true, attribution: 'Safaricom PLC' }, headers.ken);
      assert.equal(published.statusCode, 200, published.body);
      assert.deepEqual([published.json().isPublic, published.json().attribution, published.json().rows], [true, 'Safaricom PLC', 2]);
      assert.deepEqual(await names(), ['safaricom-cells', 'osm-asturias']);
      const [entry] = (await get('/api/audit?entity=dataset', headers.ken)).json();
      assert.deepEqual([entry.action, entry.entityId, entry.country, entry.before.isPublic, entry.after.isPublic, entry.after.attribution], ['update', String(cells.id), 'KEN', false, true, 'Safaricom PLC']);
      // Uploading the file again keeps it published unless told otherwise.
      const again = await upload('layer=cells&country=KEN&dataset=safaricom-cells', KENYA_CELLS, headers.ken, 'application/geo+json');
      assert.deepEqual([again.statusCode, again.json().unchanged], [201, 2]);
      assert.equal((await named('safaricom-cells')).isPublic, true);
    });

    test('a dataset of several countries is changed only by an admin or a manager of all of them', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'postatlas-regional-'));
      const file = join(dir, 'regional-cells.csv');
      writeFileSync(file, 'id,lat,lon,radio,operator,country\nk1,-1.29,36.82,4G,Airtel,KEN\nu1,0.31,32.58,4G,Airtel,UGA\n');
      await importFile(db, { layer: 'cells', file, importedBy: 'test' });
      const regional = await named('regional-cells');
      assert.deepEqual(regional.countries, ['KEN', 'UGA']);
      const before = await snapshot();
      isProblem(await patch(regional.id, { isPublic: true }, headers.ken), 403, /KEN, UGA/);
      isProblem(await upload('layer=cells&country=KEN&filename=regional-cells.csv', 'id,lat,lon,radio\nk1,-1.29,36.82,4G\n', headers.ken), 403, /KEN, UGA/);
      assert.deepEqual(await snapshot(), before);
      const ok = await patch(regional.id, { isPublic: true, licence: null }, headers.admin);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().isPublic, true);
    });

    test('the OpenAPI document describes the routes', async () => {
      const paths = (await app.inject('/api/docs/json')).json().paths;
      assert.ok(paths['/api/datasets/'].get && paths['/api/datasets/{id}'].patch && paths['/api/datasets/{id}/imports'].get);
      assert.deepEqual(Object.keys(paths['/api/imports/'].post.requestBody.content), ['text/csv', 'application/geo+json', 'application/json', 'application/geopackage+sqlite3', 'image/tiff', 'application/octet-stream']);
      assert.ok(paths['/api/analysis-runs/'].get && paths['/api/analysis-runs/{id}/metrics'].get && paths['/api/sites/{id}/metrics'].get);
    });
  });
}
