import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSite, createUser, ingestMeasurements, updateSite, type Database, type SiteRow } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { hashPassword } from '../crypto.js';
import { signIn } from '../test-support.js';

for (const backend of await testBackends()) {
  describe(`country summaries, progress and contracts on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    let offices: SiteRow[];
    let manager: Record<string, string>;
    let other: Record<string, string>;
    const password = 'correct horse battery staple';

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db });
      const passwordHash = await hashPassword(password);
      await createUser(db, { email: 'ken@example.org', passwordHash, role: 'country_manager', countries: ['KEN'] });
      await createUser(db, { email: 'uga@example.org', passwordHash, role: 'country_manager', countries: ['UGA'] });
      const site = (name: string, admin1: string, isConnected: boolean | null, siteType: 'post_office' | 'school' = 'post_office') =>
        createSite(db, { name, siteType, country: 'KEN', admin1, lat: -1 + Math.random(), lon: 36 + Math.random(), isConnected, connectivityType: isConnected ? 'fiber' : 'unknown' }, 'test');
      offices = [
        await site('Nairobi GPO', 'Nairobi', true),
        await site('Westlands', 'Nairobi', false),
        await site('Lodwar', 'Turkana', null),
        await site('Kakuma', 'Turkana', false),
      ];
      await site('Lodwar Primary', 'Turkana', true, 'school');
      manager = await signIn(app, 'ken@example.org', password);
      other = await signIn(app, 'uga@example.org', password);
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test('the summary counts post offices connected by type and admin area, for everyone', async () => {
      const r = await app.inject('/api/countries/KEN/summary');
      assert.equal(r.statusCode, 200, r.body);
      const s = r.json();
      assert.deepEqual(s.postOffices, { sites: 4, connected: 1, share: 0.25 });
      assert.deepEqual(s.bySiteType, [{ siteType: 'post_office', sites: 4, connected: 1, share: 0.25 }, { siteType: 'school', sites: 1, connected: 1, share: 1 }]);
      assert.deepEqual(s.byAdmin1, [{ admin1: 'Nairobi', sites: 2, connected: 1, share: 0.5 }, { admin1: 'Turkana', sites: 2, connected: 0, share: 0 }]);
      assert.deepEqual(s.byAreaClass, [{ areaClass: 'unknown', sites: 4, connected: 1, share: 0.25 }], 'no analysis run yet: area unknown');
      assert.deepEqual(s.byConnectivityType, [{ connectivityType: 'fiber', sites: 1 }]);
      assert.deepEqual(s.byMeasurementStatus, { live: 0, atRisk: 0, dropped: 0, never: 4 });
      assert.equal(s.belowContract, undefined, 'a private figure');
      assert.equal((await app.inject({ url: '/api/countries/KEN/summary', headers: manager })).json().belowContract, 0);
      assert.equal((await app.inject({ url: '/api/countries/KEN/summary', headers: other })).json().belowContract, undefined);

      const [entry, ...others] = (await app.inject('/api/countries')).json();
      const { bbox, ...counts } = entry;
      assert.deepEqual([counts, others], [{ country: 'KEN', sites: 5, connected: 2, share: 0.4, postOffices: { sites: 4, connected: 1, share: 0.25 } }, []]);
      const sites = (await app.inject('/api/sites?country=KEN')).json().items as SiteRow[];
      assert.deepEqual(bbox, [Math.min(...sites.map((s) => s.lon)), Math.min(...sites.map((s) => s.lat)), Math.max(...sites.map((s) => s.lon)), Math.max(...sites.map((s) => s.lat))]);
      assert.equal((await app.inject('/api/countries/ke/summary')).statusCode, 400);
    });

    test('the contract is the managers\': hidden from the public and other countries, and flagged when measurements fall below it', async () => {
      const office = offices[0]!;
      const patch = await app.inject({ method: 'PATCH', url: `/api/sites/${office.id}`, headers: manager, payload: { contractedMbps: 20, contractedMonthlyUsd: 80 } });
      assert.equal(patch.statusCode, 200, patch.body);
      assert.deepEqual([patch.json().contractedMbps, patch.json().contractedMonthlyUsd], [20, 80]);
      for (const headers of [{}, other]) {
        const seen = (await app.inject({ url: `/api/sites/${office.id}`, headers })).json();
        assert.equal('contractedMbps' in seen || 'contractedMonthlyUsd' in seen, false);
        const listed = (await app.inject({ url: '/api/sites?country=KEN', headers })).json().items.find((s: SiteRow) => s.id === office.id);
        assert.equal('contractedMonthlyUsd' in listed, false);
        assert.equal((await app.inject({ url: `/api/sites/${office.id}/measurements/summary`, headers })).json().contractedMbps, null);
      }
      assert.equal((await app.inject({ method: 'PATCH', url: `/api/sites/${office.id}`, headers: other, payload: { contractedMonthlyUsd: 1 } })).statusCode, 403);

      const at = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
      await ingestMeasurements(db, office.id, [8, 10, 12].map((mbps, k) => ({ input: { hardwareId: 'hw-1', kind: 'speedtest' as const, measuredAt: at(k + 1), downloadMbps: mbps } })));
      const mine = (await app.inject({ url: `/api/sites/${office.id}/measurements/summary`, headers: manager })).json();
      assert.deepEqual([mine.status, mine.medianDownloadMbps7d, mine.contractedMbps, mine.belowContract, mine.weekly.reduce((n: number, w: { tests: number }) => n + w.tests, 0)], ['live', 10, 20, true, 3]);
      const site = (await app.inject(`/api/sites/${office.id}`)).json();
      assert.deepEqual([site.measuredDownloadMbps, site.isConnected], [10, true]);
      const summary = (await app.inject({ url: '/api/countries/KEN/summary', headers: manager })).json();
      assert.deepEqual([summary.belowContract, summary.byMeasurementStatus.live, summary.byMeasurementStatus.never], [1, 1, 3]);
      // Only the measured office has a speed: 10 Mbps, in the 10–20 bin.
      assert.deepEqual(summary.bySpeed.filter((b: { sites: number }) => b.sites > 0), [{ fromMbps: 10, toMbps: 20, sites: 1, measured: 1 }]);
      assert.equal(summary.bySpeed.length, 8);
    });

    test('progress: a point per day a change happened, grouped as asked', async () => {
      await updateSite(db, offices[1]!.id, { isConnected: true }, 'test');
      const today = new Date().toISOString().slice(0, 10);
      const total = (await app.inject('/api/countries/KEN/progress?type=post_office')).json();
      assert.deepEqual(total, [{ day: today, key: '', sites: 4, connected: 2, live: 1, share: 0.5 }]);
      const byAdmin = (await app.inject('/api/countries/KEN/progress?type=post_office&by=admin1')).json();
      assert.deepEqual(byAdmin.map((p: { key: string; connected: number }) => [p.key, p.connected]), [['Nairobi', 2], ['Turkana', 0]]);
      const allTypes = (await app.inject('/api/countries/KEN/progress?by=site_type')).json();
      assert.deepEqual(allTypes.map((p: { key: string; sites: number }) => [p.key, p.sites]), [['post_office', 4], ['school', 1]]);
      assert.deepEqual((await app.inject(`/api/countries/KEN/progress?to=2020-01-01`)).json(), []);
      assert.equal((await app.inject('/api/countries/KEN/progress?by=district')).statusCode, 400);
    });

    test('admin areas for the drill-down: every site type, connected, and the box of their sites', async () => {
      const r = await app.inject('/api/countries/KEN/areas');
      assert.equal(r.statusCode, 200, r.body);
      const sites = (await app.inject('/api/sites?country=KEN')).json().items as SiteRow[];
      const box = (admin1: string) => {
        const of = sites.filter((s) => s.admin1 === admin1);
        return [Math.min(...of.map((s) => s.lon)), Math.min(...of.map((s) => s.lat)), Math.max(...of.map((s) => s.lon)), Math.max(...of.map((s) => s.lat))];
      };
      // Westlands was connected by the test before; Turkana has a connected school.
      assert.deepEqual(r.json(), [
        { name: 'Nairobi', level: 1, sites: 2, connected: 2, bbox: box('Nairobi') },
        { name: 'Turkana', level: 1, sites: 3, connected: 1, bbox: box('Turkana') },
      ]);
      assert.deepEqual((await app.inject('/api/countries/UGA/areas')).json(), []);
      assert.equal((await app.inject('/api/countries/ken/areas')).statusCode, 400);
    });
  });
}
