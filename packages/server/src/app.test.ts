import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '@postatlas/importers';
import { createSite, createUser, getSite, type Database, type SiteRow } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from './app.js';
import { CLUSTER_MAX_ZOOM, siteBucket } from './routes/tiles.js';
import { hashPassword } from './crypto.js';

type Response = Awaited<ReturnType<App['inject']>>;

for (const backend of await testBackends()) {
  describe(`the API on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    let ken: SiteRow;
    let uga: SiteRow;
    const password = 'correct horse battery staple';

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db });
      const passwordHash = await hashPassword(password);
      ken = await createSite(db, { name: 'Nairobi GPO', siteType: 'post_office', country: 'KEN', lat: -1.2864, lon: 36.8172 }, 'test');
      uga = await createSite(db, { name: 'Kampala GPO', siteType: 'post_office', country: 'UGA', lat: 0.3136, lon: 32.5811 }, 'test');
      await createUser(db, { email: 'admin@example.org', passwordHash, role: 'admin' });
      await createUser(db, { email: 'ken@example.org', passwordHash, role: 'country_manager', countries: ['KEN'] });
      await createUser(db, { email: 'clerk@example.org', passwordHash, role: 'office_staff', countries: ['KEN'], siteIds: [ken.id] });
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    /** Signs in; returns headers that authenticate a write (cookie and CSRF token). */
    async function signIn(email: string): Promise<Record<string, string>> {
      const r = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
      assert.equal(r.statusCode, 200, r.body);
      const cookie = r.cookies.find((c) => c.name === 'postatlas_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      return { cookie: `postatlas_session=${cookie.value}`, 'x-csrf-token': r.json().csrfToken };
    }

    function isProblem(r: Response, status: number, detail?: RegExp): void {
      assert.equal(r.statusCode, status, r.body);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      const body = r.json();
      assert.equal(body.status, status);
      if (detail) assert.match(body.detail, detail);
      assert.doesNotMatch(r.body, /\n\s+at |node_modules|SELECT /, 'no stack or SQL reaches the client');
    }

    test('health, the OpenAPI document, and public reads', async () => {
      assert.equal((await app.inject('/api/health')).json().status, 'ok');
      const openapi = (await app.inject('/api/docs/json')).json();
      assert.equal(openapi.openapi.slice(0, 2), '3.');
      assert.ok(openapi.paths['/api/sites/{id}'].patch, 'routes are documented from their schemas');
      const list = (await app.inject('/api/sites?country=KEN')).json();
      assert.deepEqual(list.items.map((s: SiteRow) => s.name), ['Nairobi GPO']);
      isProblem(await app.inject({ method: 'POST', url: '/api/sites', payload: { name: 'x', siteType: 'school', country: 'KEN', lat: 0, lon: 37 } }), 401);
      isProblem(await app.inject('/api/nowhere'), 404, /no route GET \/api\/nowhere/);
    });

    test('signing in: a wrong password is refused without saying which part was wrong', async () => {
      isProblem(await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'ken@example.org', password: 'nope' } }), 401, /wrong email or password/);
      isProblem(await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'nobody@example.org', password } }), 401, /wrong email or password/);
      const headers = await signIn('ken@example.org');
      const me = await app.inject({ url: '/api/session', headers: { cookie: headers.cookie } });
      assert.deepEqual(me.json(), { email: 'ken@example.org', role: 'country_manager', countries: ['KEN'], siteIds: [], csrfToken: headers['x-csrf-token'] });
    });

    test('a country manager changes its country and not another; every change is in the audit log', async () => {
      const headers = await signIn('ken@example.org');
      isProblem(await app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers: { cookie: headers.cookie }, payload: { name: 'x' } }), 403, /CSRF/);
      const ok = await app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers, payload: { isConnected: true, connectivityType: 'fiber' } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().connectivityType, 'fiber');
      isProblem(await app.inject({ method: 'PATCH', url: `/api/sites/${uga.id}`, headers, payload: { name: 'Renamed' } }), 403, /UGA/);
      assert.equal((await getSite(db, uga.id))!.name, 'Kampala GPO', 'unchanged');
      isProblem(await app.inject({ method: 'POST', url: '/api/sites', headers, payload: { name: 'x', siteType: 'school', country: 'UGA', lat: 0.3, lon: 32.5 } }), 403);
      const created = await app.inject({ method: 'POST', url: '/api/sites', headers, payload: { name: 'Kisumu', siteType: 'post_office', country: 'KEN', lat: -0.0917, lon: 34.768 } });
      assert.equal(created.statusCode, 201, created.body);

      const audit = (await app.inject({ url: '/api/audit?entity=site', headers: { cookie: headers.cookie } })).json();
      const update = audit.find((e: { action: string; entityId: string }) => e.action === 'update' && e.entityId === String(ken.id));
      assert.equal(update.before.isConnected, null);
      assert.equal(update.after.isConnected, true);
      assert.ok(audit.every((e: { country: string }) => e.country === 'KEN'), 'a manager sees its country\'s entries only');
      isProblem(await app.inject({ url: '/api/audit?country=UGA', headers: { cookie: headers.cookie } }), 403);
    });

    test('post-office staff change the status and services of their own office only', async () => {
      const headers = await signIn('clerk@example.org');
      const ok = await app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers, payload: { services: { eGovernment: true, publicWifi: true } } });
      assert.equal(ok.statusCode, 200, ok.body);
      isProblem(await app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers, payload: { lat: -1.3 } }), 403, /lat/);
      isProblem(await app.inject({ method: 'PATCH', url: `/api/sites/${uga.id}`, headers, payload: { services: {} } }), 403);
      isProblem(await app.inject({ method: 'DELETE', url: `/api/sites/${ken.id}`, headers }), 403);
      isProblem(await app.inject({ url: '/api/audit', headers: { cookie: headers.cookie } }), 403);
    });

    test('malformed and hostile input gets a 4xx and changes nothing', async () => {
      const headers = await signIn('admin@example.org');
      const before = await getSite(db, ken.id);
      const bad = (payload: unknown) => app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers, payload: payload as object });
      const latitude = await bad({ lat: 200 });
      isProblem(latitude, 400);
      assert.equal(latitude.json().errors[0].path, '/lat');
      isProblem(await bad({ lat: 'north' }), 400);
      isProblem(await bad({ nmae: 'typo' }), 400, /additional/);
      isProblem(await bad({}), 400);
      isProblem(await app.inject({ method: 'POST', url: '/api/sites', headers, payload: { name: 'x', siteType: 'school', country: "KEN'; DROP TABLE sites;--", lat: 0, lon: 37 } }), 400);
      isProblem(await app.inject({ url: '/api/sites/1%20OR%201=1' }), 400);
      isProblem(await app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers: { ...headers, 'content-type': 'application/json' }, payload: '{"name": ' }), 400);
      isProblem(await app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers, payload: { name: 'x'.repeat(2_000_000) } }), 413);
      assert.deepEqual(await getSite(db, ken.id), before);
      // Script in a name is data: stored as given and returned as JSON, never as markup.
      const script = await bad({ name: '<script>alert(1)</script>' });
      assert.equal(script.json().name, '<script>alert(1)</script>');
      assert.match(String(script.headers['content-type']), /^application\/json/);
      assert.equal(script.headers['x-content-type-options'], 'nosniff');
    });

    test('API keys: shown once, scoped to their country and site, revocable', async () => {
      const kenHeaders = await signIn('ken@example.org');
      const made = await app.inject({ method: 'POST', url: '/api/keys', headers: kenHeaders, payload: { name: 'meter in Nairobi GPO', role: 'device', siteId: ken.id } });
      assert.equal(made.statusCode, 201, made.body);
      const { key, apiKey } = made.json();
      assert.match(key, /^pa_[0-9a-f]{12}_/);
      assert.deepEqual([apiKey.role, apiKey.countries, apiKey.siteId], ['device', ['KEN'], ken.id]);
      assert.ok(!JSON.stringify((await app.inject({ url: '/api/keys', headers: { cookie: kenHeaders.cookie } })).json()).includes(key.slice(16)), 'the secret is never listed');
      isProblem(await app.inject({ method: 'POST', url: '/api/keys', headers: kenHeaders, payload: { name: 'x', role: 'device', siteId: uga.id } }), 403);
      isProblem(await app.inject({ method: 'POST', url: '/api/keys', headers: kenHeaders, payload: { name: 'x', role: 'admin', countries: [] } }), 403);

      const bearer = { authorization: `Bearer ${key}` };
      isProblem(await app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers: bearer, payload: { name: 'x' } }), 403, /may not change name/);
      isProblem(await app.inject({ url: '/api/sites', headers: { authorization: `Bearer ${key.slice(0, -2)}xx` } }), 401);
      assert.equal((await app.inject({ method: 'DELETE', url: `/api/keys/${apiKey.id}`, headers: kenHeaders })).statusCode, 204);
      isProblem(await app.inject({ url: '/api/sites', headers: bearer }), 401, /revoked/);
    });

    test('measurements: a device key reports for its site; refusals are kept with their reason; resending is idempotent', async () => {
      const kenHeaders = await signIn('ken@example.org');
      const made = await app.inject({ method: 'POST', url: '/api/keys', headers: kenHeaders, payload: { name: 'meter', role: 'device', siteId: ken.id } });
      const device = { authorization: `Bearer ${made.json().key}` };
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const batch = {
        measurements: [
          { deviceId: 'meter-1', measuredAt: at(30), downloadMbps: 18, uploadMbps: 6, latencyMs: 40 },
          { deviceId: '03000200-0400-0500-0006-000700080009', measuredAt: at(20), downloadMbps: 50 },
          { deviceId: 'meter-1', measuredAt: at(10), downloadMbps: 22, lat: ken.lat + 0.05, lon: ken.lon },
          { deviceId: 'meter-1', kind: 'uptime', measuredAt: at(5) },
        ],
      };
      const first = await app.inject({ method: 'POST', url: `/api/sites/${ken.id}/measurements`, headers: device, payload: batch });
      assert.equal(first.statusCode, 200, first.body);
      const r = first.json();
      assert.deepEqual([r.accepted, r.duplicates, r.flagged], [3, 0, 1]);
      assert.deepEqual(r.rejected.map((x: { index: number }) => x.index), [1]);
      assert.match(r.rejected[0].reason, /generic hardware id/);
      const again = (await app.inject({ method: 'POST', url: `/api/sites/${ken.id}/measurements`, headers: device, payload: batch })).json();
      assert.deepEqual([again.accepted, again.duplicates], [0, 3]);

      isProblem(await app.inject({ method: 'POST', url: `/api/sites/${uga.id}/measurements`, headers: device, payload: batch }), 403);
      isProblem(await app.inject({ method: 'POST', url: `/api/sites/${ken.id}/measurements`, headers: kenHeaders, payload: batch }), 403, /device key/);
      isProblem(await app.inject({ method: 'POST', url: `/api/sites/${ken.id}/measurements`, headers: device, payload: { measurements: [{ deviceId: 'm', measuredAt: 'yesterday' }] } }), 400);
      isProblem(await app.inject({ method: 'POST', url: `/api/sites/${ken.id}/measurements`, headers: device, payload: { measurements: [{ deviceId: 'm', measuredAt: at(1), downloadMbps: -1 }] } }), 400);
      isProblem(await app.inject({ method: 'POST', url: `/api/sites/${ken.id}/measurements`, headers: device, payload: { measurements: [] } }), 400);

      const summary = (await app.inject(`/api/sites/${ken.id}/measurements/summary`)).json();
      assert.deepEqual([summary.status, summary.tests, summary.devices, summary.medianDownloadMbps7d], ['live', 2, 1, 20]);
      isProblem(await app.inject(`/api/sites/${ken.id}/measurements`), 401);
      const raw = (await app.inject({ url: `/api/sites/${ken.id}/measurements`, headers: { cookie: kenHeaders.cookie } })).json();
      assert.equal(raw.items.length, 3);
      assert.match(raw.rejected[0].reason, /generic hardware id/);
    });

    test('vector tiles: sites for everyone, infrastructure only for those who may see it, fresh after a change', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'postatlas-tiles-'));
      const cells = join(dir, 'cells.csv');
      writeFileSync(cells, 'id,lat,lon,radio,operator,country\nk1,-1.29,36.82,4G,Safaricom,KEN\nu1,0.31,32.58,4G,MTN Uganda,UGA\n');
      await importFile(db, { layer: 'cells', file: cells, dataset: 'operator-cells', importedBy: 'test' });
      const tile = (layer: string, headers: Record<string, string | undefined> = {}, at = '0/0/0') => app.inject({ url: `/api/tiles/${layer}/${at}.pbf`, headers: headers as Record<string, string> });
      // The tile holding a point at zoom z (Web Mercator).
      const tileOf = (lat: number, lon: number, z: number) => {
        const n = 2 ** z;
        const y = Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
        return `${z}/${Math.floor(((lon + 180) / 360) * n)}/${y}`;
      };
      const world = await tile('sites');
      assert.equal(world.statusCode, 200);
      assert.equal(world.headers['content-type'], 'application/vnd.mapbox-vector-tile');
      // At zoom 0 the two offices, 500 km apart, are one cluster counted by type and connection.
      assert.ok(world.rawPayload.includes('point_count') && world.rawPayload.includes('post_office_connection_unknown'));
      assert.ok(!world.rawPayload.includes('Kampala GPO'));
      const sites = await tile('sites', {}, tileOf(uga.lat, uga.lon, CLUSTER_MAX_ZOOM + 1));
      assert.ok(sites.rawPayload.includes('Kampala GPO') && !sites.rawPayload.includes('point_count'), 'one by one from zoom 9');
      assert.deepEqual([siteBucket({ type: 'post_office', connected: true }), siteBucket({ type: 'library', connected: false }), siteBucket({ type: 'school' })],
        ['post_office_connected', 'other_not_connected', 'school_connection_unknown']);
      assert.equal((await tile('cells')).statusCode, 204, 'the operator did not publish its cell sites');
      const kenya = await signIn('ken@example.org');
      const seen = await tile('cells', { cookie: kenya.cookie });
      assert.ok(seen.rawPayload.includes('Safaricom') && !seen.rawPayload.includes('MTN Uganda'), 'a manager sees its own country only');
      assert.equal(seen.headers['cache-control'], 'private, max-age=60');
      const all = await tile('cells', { cookie: (await signIn('admin@example.org')).cookie });
      assert.ok(all.rawPayload.includes('MTN Uganda'));
      // Mobile coverage: private like the cell sites, polygons cut into the tiles.
      const coverage = join(dir, 'coverage.geojson');
      writeFileSync(coverage, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { operator: 'Safaricom' },
        geometry: { type: 'Polygon', coordinates: [[[36.7, -1.4], [36.95, -1.4], [36.95, -1.15], [36.7, -1.15], [36.7, -1.4]]] } }] }));
      await importFile(db, { layer: 'coverage', file: coverage, country: 'KEN', generation: '4G', dataset: 'operator-coverage', importedBy: 'test' });
      assert.equal((await tile('coverage', {}, tileOf(-1.29, 36.82, 8))).statusCode, 204, 'coverage is not public until published');
      const covered = await tile('coverage', { cookie: kenya.cookie }, tileOf(-1.29, 36.82, 8));
      assert.equal(covered.statusCode, 200);
      assert.ok(covered.rawPayload.includes('coverage') && covered.rawPayload.includes('Safaricom'));

      await app.inject({ method: 'PATCH', url: `/api/sites/${ken.id}`, headers: kenya, payload: { name: 'Nairobi General Post Office' } });
      assert.ok((await tile('sites', {}, tileOf(ken.lat, ken.lon, 12))).rawPayload.includes('Nairobi General Post Office'), 'a write empties the tile cache');
      isProblem(await app.inject('/api/tiles/sites/1/2/0'), 400);
      isProblem(await app.inject('/api/tiles/users/0/0/0'), 400);
    });

    test('signing in is rate limited per address', async () => {
      let last: Response | undefined;
      for (let i = 0; i < 12; i++) last = await app.inject({ method: 'POST', url: '/api/session', remoteAddress: '10.9.9.9', payload: { email: 'x@example.org', password: 'y' } });
      isProblem(last!, 429);
    });
  });
}
