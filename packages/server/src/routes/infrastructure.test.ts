import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { haversineM } from '@postatlas/core';
import { importFile } from '@postatlas/importers';
import { createSite, createUser, type Database, type SiteRow } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { hashPassword } from '../crypto.js';
import { sendDownload } from '../downloads.js';
import { signIn } from '../test-support.js';

type Response = Awaited<ReturnType<App['inject']>>;

/** RFC 4180 records, quotes undone; the reader the downloads are written for. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += c;
  }
  assert.equal(field + record.join(''), '', 'the file ends with a line break');
  return records;
}

/** The records of a CSV download as objects by column name, after checking its header. */
function csvRows(r: Response, header: string[]): Record<string, string>[] {
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
  const [head, ...rows] = parseCsv(r.body);
  assert.deepEqual(head, header);
  return rows.map((row) => {
    assert.equal(row.length, header.length);
    return Object.fromEntries(header.map((h, i) => [h, row[i]!]));
  });
}

const CELL_COLUMNS = ['id', 'sourceId', 'dataset', 'country', 'lat', 'lon', 'generation', 'operator', 'antennaHeightM', 'backhaulType', 'rangeM'];
const NODE_COLUMNS = ['id', 'sourceId', 'dataset', 'name', 'country', 'lat', 'lon', 'medium', 'status', 'operator'];
const SITE_COLUMNS = [
  'id', 'sourceId', 'dataset', 'name', 'siteType', 'country', 'admin1', 'admin2', 'lat', 'lon', 'isConnected', 'connectivityType',
  'downloadMbps', 'hasElectricity', 'measuredDownloadMbps', 'measuredAt', 'services', 'openingHours',
];
const HYPERLINK = '=HYPERLINK("http://example.org/x","Mombasa")';

for (const backend of await testBackends()) {
  describe(`infrastructure and downloads on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    let kenya: Record<string, string>;
    let admin: Record<string, string>;
    let sites: SiteRow[];
    const password = 'correct horse battery staple';

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db });
      const passwordHash = await hashPassword(password);
      await createUser(db, { email: 'admin@example.org', passwordHash, role: 'admin' });
      await createUser(db, { email: 'ken@example.org', passwordHash, role: 'country_manager', countries: ['KEN'] });
      sites = [
        await createSite(db, { sourceId: 'nairobi', name: 'Nairobi GPO, Kenyatta Avenue', siteType: 'post_office', country: 'KEN', lat: -1.2864, lon: 36.8172, contractedMbps: 20, contractedMonthlyUsd: 45 }, 'test'),
        await createSite(db, { sourceId: 'mombasa', name: HYPERLINK, siteType: 'post_office', country: 'KEN', lat: -4.0435, lon: 39.6682 }, 'test'),
        await createSite(db, { sourceId: 'kampala', name: 'Kampala GPO', siteType: 'post_office', country: 'UGA', lat: 0.3136, lon: 32.5811, contractedMbps: 30 }, 'test'),
      ];

      const dir = mkdtempSync(join(tmpdir(), 'postatlas-infrastructure-'));
      const file = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      const feature = (id: string, country: string, geometry: object) => ({ type: 'Feature', properties: { id, country, medium: 'fiber', status: 'operational', radio: '4G' }, geometry });
      const collection = (...features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });
      const imports: Parameters<typeof importFile>[1][] = [
        { layer: 'cells', dataset: 'operator-cells', file: file('cells.csv', 'id,lat,lon,radio,operator,country\nk1,-1.29,36.82,4G,Safaricom,KEN\nk2,-4.04,39.67,3G,"Airtel, Kenya",KEN\nu1,0.31,32.58,4G,MTN Uganda,UGA\n') },
        { layer: 'cells', dataset: 'open-cells', isPublic: true, file: file('open-cells.csv', 'id,lat,lon,radio,operator,country\no1,0.35,32.6,2G,@SUM(1+1),UGA\n') },
        { layer: 'nodes', dataset: 'watra-nodes', file: file('nodes.csv', 'id,name,lat,lon,medium,status,country\nn1,"Nairobi, Industrial Area",-1.31,36.85,fiber,operational,KEN\nn2,Kampala,0.32,32.58,microwave,planned,UGA\n') },
        { layer: 'links', dataset: 'watra-links', file: file('links.geojson', collection(
          feature('l1', 'KEN', { type: 'LineString', coordinates: [[36.82, -1.29], [39.67, -4.04]] }),
          feature('l2', 'UGA', { type: 'LineString', coordinates: [[32.58, 0.31], [32.9, 0.45]] }),
        )) },
        { layer: 'links', dataset: 'open-links', isPublic: true, file: file('open-links.geojson', collection(
          feature('l3', 'KEN', { type: 'MultiLineString', coordinates: [[[36.82, -1.29], [36.07, -0.3]], [[36.07, -0.3], [35.27, 0.52]]] }),
        )) },
        { layer: 'coverage', dataset: 'operator-coverage', file: file('coverage.geojson', collection(
          feature('c1', 'KEN', { type: 'Polygon', coordinates: [[[36.8, -1.3], [36.9, -1.3], [36.9, -1.2], [36.8, -1.3]]] }),
          feature('c2', 'UGA', { type: 'Polygon', coordinates: [[[32.5, 0.3], [32.6, 0.3], [32.6, 0.4], [32.5, 0.3]]] }),
        )) },
      ];
      for (const o of imports) await importFile(db, { ...o, importedBy: 'test' });

      kenya = await signIn(app, 'ken@example.org', password);
      admin = await signIn(app, 'admin@example.org', password);
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
    const page = async (url: string, headers?: Record<string, string>) => {
      const r = await get(url, headers);
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as { items: { id: number; sourceId: string; [k: string]: unknown }[]; next: number | null };
    };
    const sourceIds = async (url: string, headers?: Record<string, string>) => (await page(url, headers)).items.map((i) => i.sourceId);

    function isProblem(r: Response, status: number, path?: string): void {
      assert.equal(r.statusCode, status, r.body);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      assert.equal(r.json().status, status);
      if (path) assert.equal(r.json().errors[0].path, path);
      assert.doesNotMatch(r.body, /\n\s+at |node_modules|SELECT /, 'no stack or SQL reaches the client');
    }

    test('each reader sees the published rows and the private rows of the countries they manage', async () => {
      assert.deepEqual(await sourceIds('/api/cell-sites'), ['o1'], 'the public sees the published dataset only');
      assert.deepEqual(await sourceIds('/api/cell-sites', kenya), ['k1', 'k2', 'o1'], 'a manager of KEN: not UGA\'s private cells');
      assert.deepEqual(await sourceIds('/api/cell-sites', admin), ['k1', 'k2', 'u1', 'o1']);
      assert.deepEqual(await page('/api/transmission-nodes'), { items: [], next: null }, 'nothing published: an empty page, not an error');
      assert.deepEqual(await sourceIds('/api/transmission-nodes', kenya), ['n1']);
      assert.deepEqual(await sourceIds('/api/transmission-nodes', admin), ['n1', 'n2']);
      assert.deepEqual(await sourceIds('/api/transmission-links'), ['l3']);
      assert.deepEqual(await sourceIds('/api/transmission-links', kenya), ['l1', 'l3']);
      assert.deepEqual(await sourceIds('/api/coverage-areas'), []);
      assert.deepEqual(await sourceIds('/api/coverage-areas', kenya), ['c1']);
      assert.deepEqual(await sourceIds('/api/coverage-areas', admin), ['c1', 'c2']);

      const [k1] = (await page('/api/cell-sites?limit=1', kenya)).items;
      assert.deepEqual({ ...k1, id: 0 }, {
        id: 0, sourceId: 'k1', dataset: 'operator-cells', country: 'KEN', lat: -1.29, lon: 36.82, generation: 4, operator: 'Safaricom',
        antennaHeightM: null, backhaulType: null, rangeM: null,
      });
      const [c1] = (await page('/api/coverage-areas', kenya)).items;
      assert.deepEqual(c1!.geometry, { type: 'MultiPolygon', coordinates: [[[[36.8, -1.3], [36.9, -1.3], [36.9, -1.2], [36.8, -1.3]]]] });
      assert.equal(c1!.generation, 4);
      assert.ok(Number(c1!.areaKm2) > 60 && Number(c1!.areaKm2) < 63, `half of a 0.1° square near the equator: ${c1!.areaKm2}`);
    });

    test('filters and keyset pages', async () => {
      assert.deepEqual(await sourceIds('/api/cell-sites?generation=4', admin), ['k1', 'u1']);
      assert.deepEqual(await sourceIds('/api/cell-sites?country=KEN&operator=Airtel,%20Kenya', admin), ['k2']);
      assert.deepEqual(await sourceIds('/api/cell-sites?country=UGA', kenya), ['o1'], 'a filter does not widen what is visible');
      assert.deepEqual(await sourceIds('/api/transmission-nodes?medium=microwave&status=planned', admin), ['n2']);
      assert.deepEqual(await sourceIds('/api/transmission-links?country=UGA', admin), ['l2']);
      assert.deepEqual(await sourceIds('/api/coverage-areas?generation=3', admin), []);

      const first = await page('/api/cell-sites?limit=3', admin);
      assert.deepEqual(first.items.map((i) => i.sourceId), ['k1', 'k2', 'u1']);
      assert.equal(first.next, first.items[2]!.id);
      const second = await page(`/api/cell-sites?limit=3&after=${first.next}`, admin);
      assert.deepEqual(second, { items: [second.items[0]!], next: null });
      assert.equal(second.items[0]!.sourceId, 'o1');
    });

    test('bad queries are 400 problems, without a stack', async () => {
      isProblem(await get('/api/cell-sites?country=ke'), 400, '/country');
      isProblem(await get('/api/cell-sites?limit=0'), 400, '/limit');
      isProblem(await get('/api/cell-sites?generation=7'), 400, '/generation');
      isProblem(await get('/api/coverage-areas/download?generation=1'), 400, '/generation');
      isProblem(await get('/api/transmission-links?medium=copper'), 400, '/medium');
      isProblem(await get('/api/transmission-nodes/download?format=xlsx'), 400, '/format');
      isProblem(await get('/api/cell-sites?colour=red'), 400);
      isProblem(await get('/api/sites/download?country=KEN%27%3B%20DROP%20TABLE%20sites'), 400, '/country');
      isProblem(await get('/api/sites/download?limit=5'), 400);
      assert.equal((await page('/api/sites', admin)).items.length, 3, 'unchanged');
    });

    test('CSV downloads: a header, every visible row, quoting and formulas made harmless', async () => {
      const publicNodes = await get('/api/transmission-nodes/download?format=csv');
      assert.equal(publicNodes.body, `${NODE_COLUMNS.join(',')}\r\n`, 'nothing published: the header only');
      assert.equal(publicNodes.headers['content-disposition'], 'attachment; filename="postatlas-transmission-nodes.csv"');

      const publicCells = csvRows(await get('/api/cell-sites/download'), CELL_COLUMNS);
      assert.deepEqual(publicCells.map((c) => [c.sourceId, c.operator, c.generation]), [['o1', "'@SUM(1+1)", '2']]);

      const kenCells = await get('/api/cell-sites/download?format=csv&country=KEN', kenya);
      assert.equal(kenCells.headers['content-disposition'], 'attachment; filename="postatlas-cell-sites-KEN.csv"');
      assert.equal(kenCells.headers['cache-control'], 'private, no-store');
      assert.deepEqual(csvRows(kenCells, CELL_COLUMNS).map((c) => [c.sourceId, c.operator, c.lat, c.lon]), [['k1', 'Safaricom', '-1.29', '36.82'], ['k2', 'Airtel, Kenya', '-4.04', '39.67']]);
      assert.match(kenCells.body, /,"Airtel, Kenya",/);
      assert.deepEqual(csvRows(await get('/api/cell-sites/download?country=UGA', kenya), CELL_COLUMNS).map((c) => c.sourceId), ['o1']);

      const nodes = csvRows(await get('/api/transmission-nodes/download', admin), NODE_COLUMNS);
      assert.deepEqual(nodes.map((n) => [n.sourceId, n.name, n.medium]), [['n1', 'Nairobi, Industrial Area', 'fiber'], ['n2', 'Kampala', 'microwave']]);
      const links = csvRows(await get('/api/transmission-links/download', kenya), ['id', 'sourceId', 'dataset', 'name', 'country', 'medium', 'status', 'operator', 'lengthM', 'geometry']);
      assert.deepEqual(links.map((l) => l.sourceId), ['l1', 'l3']);
      assert.deepEqual(JSON.parse(links[0]!.geometry!), { type: 'MultiLineString', coordinates: [[[36.82, -1.29], [39.67, -4.04]]] });
    });

    test('the sites download: public, except the contract, which only its country\'s managers get', async () => {
      const everyone = await get('/api/sites/download?format=csv');
      assert.equal(everyone.headers['content-disposition'], 'attachment; filename="postatlas-sites.csv"');
      assert.equal(everyone.headers['cache-control'], undefined);
      const rows = csvRows(everyone, SITE_COLUMNS);
      assert.deepEqual(rows.map((s) => [s.id, s.name, s.country]), [
        [String(sites[0]!.id), 'Nairobi GPO, Kenyatta Avenue', 'KEN'],
        [String(sites[1]!.id), `'${HYPERLINK}`, 'KEN'],
        [String(sites[2]!.id), 'Kampala GPO', 'UGA'],
      ]);
      assert.ok(everyone.body.includes(`"'=HYPERLINK(""http://example.org/x"",""Mombasa"")"`), 'quoted and prefixed, so no spreadsheet runs it');
      assert.ok(rows.every((s) => !Object.values(s).some((v) => ['20', '30', '45'].includes(v))), 'no contracted speed or price anywhere');

      const withContract = [...SITE_COLUMNS, 'contractedMbps', 'contractedMonthlyUsd'];
      const managed = csvRows(await get('/api/sites/download', kenya), withContract);
      assert.deepEqual(managed.map((s) => [s.country, s.contractedMbps, s.contractedMonthlyUsd]), [['KEN', '20', '45'], ['KEN', '', ''], ['UGA', '', '']]);
      const all = csvRows(await get('/api/sites/download', admin), withContract);
      assert.deepEqual(all.map((s) => s.contractedMbps), ['20', '', '30']);

      const kenyaOnly = await get('/api/sites/download?country=KEN&type=post_office');
      assert.equal(kenyaOnly.headers['content-disposition'], 'attachment; filename="postatlas-sites-KEN.csv"');
      assert.deepEqual(csvRows(kenyaOnly, SITE_COLUMNS).map((s) => s.country), ['KEN', 'KEN']);
      assert.deepEqual(csvRows(await get('/api/sites/download?type=school'), SITE_COLUMNS), []);

      // /download is its own route, not a site id: the id route still refuses words.
      isProblem(await get('/api/sites/downloads'), 400, '/id');
      assert.equal((await get(`/api/sites/${sites[0]!.id}`)).json().name, 'Nairobi GPO, Kenyatta Avenue');
    });

    test('GeoJSON downloads: a FeatureCollection with positions as geometry and the rest as properties', async () => {
      const r = await get('/api/sites/download?format=geojson', kenya);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.headers['content-type'], 'application/geo+json');
      assert.equal(r.headers['content-disposition'], 'attachment; filename="postatlas-sites.geojson"');
      const fc = r.json();
      assert.equal(fc.type, 'FeatureCollection');
      assert.deepEqual(fc.features.map((f: { geometry: unknown }) => f.geometry), [
        { type: 'Point', coordinates: [36.8172, -1.2864] }, { type: 'Point', coordinates: [39.6682, -4.0435] }, { type: 'Point', coordinates: [32.5811, 0.3136] },
      ]);
      const [nairobi, mombasa, kampala] = fc.features;
      assert.equal(nairobi.id, sites[0]!.id);
      assert.equal(mombasa.properties.name, HYPERLINK, 'JSON needs no guard: nothing runs it');
      assert.deepEqual([nairobi.properties.contractedMbps, nairobi.properties.contractedMonthlyUsd], [20, 45]);
      assert.ok(!('contractedMbps' in kampala.properties) && !('contractedMonthlyUsd' in kampala.properties), 'not UGA\'s contract');
      assert.ok(!('lat' in nairobi.properties) && !('lon' in nairobi.properties));
      const publicSites = (await get('/api/sites/download?format=geojson')).json();
      assert.ok(publicSites.features.every((f: { properties: object }) => !('contractedMbps' in f.properties)));

      const links = (await get('/api/transmission-links/download?format=geojson', admin)).json();
      assert.deepEqual(links.features.map((f: { properties: { sourceId: string } }) => f.properties.sourceId), ['l1', 'l2', 'l3']);
      assert.deepEqual(links.features[2].geometry, { type: 'MultiLineString', coordinates: [[[36.82, -1.29], [36.07, -0.3]], [[36.07, -0.3], [35.27, 0.52]]] });
      assert.ok(!('geometry' in links.features[2].properties));
      // Along the ellipsoid: within 0.5 % of the two great-circle legs on the mean sphere.
      const legs = haversineM(-1.29, 36.82, -0.3, 36.07) + haversineM(-0.3, 36.07, 0.52, 35.27);
      assert.ok(Math.abs(links.features[2].properties.lengthM / legs - 1) < 0.005, `${links.features[2].properties.lengthM} m, legs ${legs} m`);
      const cells = (await get('/api/cell-sites/download?format=geojson&generation=4', admin)).json();
      assert.deepEqual(cells.features.map((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates), [[36.82, -1.29], [32.58, 0.31]]);
      assert.deepEqual((await get('/api/coverage-areas/download?format=geojson')).json(), { type: 'FeatureCollection', features: [] });
    });

    test('the OpenAPI document lists the routes and says why a page may be empty', async () => {
      const paths = (await get('/api/docs/json')).json().paths;
      for (const p of ['/api/cell-sites', '/api/transmission-nodes', '/api/transmission-links', '/api/coverage-areas']) {
        assert.match(paths[p].get.description, /empty page/);
        assert.ok(paths[`${p}/download`].get, p);
      }
      assert.ok(paths['/api/sites/download'].get.responses['200'].content['text/csv; charset=utf-8']);
    });
  });
}

test('a download reads page after page until a short one, and sends every row once', async () => {
  const rows = [1, 2, 3, 4, 5].map((id) => ({ id, name: `office ${id}`, lat: id, lon: -id }));
  const asked: number[] = [];
  const app = Fastify();
  app.get('/', (_request, reply) => sendDownload(reply, 'csv', {
    resource: 'test', columns: ['id', 'name'], pageSize: 2,
    page: async (afterId, limit) => {
      asked.push(afterId);
      return rows.filter((r) => r.id > afterId).slice(0, limit);
    },
  }));
  const r = await app.inject('/');
  assert.equal(r.body, 'id,name\r\n1,office 1\r\n2,office 2\r\n3,office 3\r\n4,office 4\r\n5,office 5\r\n');
  assert.deepEqual(asked, [0, 2, 4], 'the last page is short: no query after it');
  await app.close();
});
