import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSite, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';

for (const backend of await testBackends()) {
  describe(`the world's progress route on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    before(async () => {
      db = await backend.open();
      app = await buildApp({ db });
      const site = (country: string, lat: number, lon: number, isConnected: boolean, siteType: 'post_office' | 'school' = 'post_office') =>
        createSite(db, { name: `${country} ${lat}`, siteType, country, lat, lon, isConnected }, 'test');
      await site('KEN', -1.2, 36.8, true);
      await site('KEN', -1.3, 36.7, false);
      await site('KEN', -1.1, 36.9, true, 'school');
      await site('UGA', 0.3, 32.6, true);
      await site('UGA', 0.4, 32.5, true);
      await site('UGA', 0.2, 32.4, false);
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test("today's world point is the sum of the countries' post offices, as /api/countries lists them", async () => {
      const r = await app.inject('/api/countries/world/progress?type=post_office');
      assert.equal(r.statusCode, 200, r.body);
      const today = new Date().toISOString().slice(0, 10);
      assert.deepEqual(r.json(), [{ day: today, sites: 5, connected: 3, share: 0.6, live: 0 }]);
      const countries = (await app.inject('/api/countries')).json() as { postOffices: { sites: number; connected: number } }[];
      assert.deepEqual([countries.reduce((n, c) => n + c.postOffices.sites, 0), countries.reduce((n, c) => n + c.postOffices.connected, 0)], [5, 3]);
      assert.deepEqual((await app.inject('/api/countries/world/progress')).json().map((p: { sites: number; connected: number }) => [p.sites, p.connected]), [[6, 4]]);
    });

    test('bad query values are refused, and a country is still a country', async () => {
      assert.equal((await app.inject('/api/countries/world/progress?from=yesterday')).statusCode, 400);
      assert.equal((await app.inject('/api/countries/world/progress?by=admin1')).statusCode, 400);
      assert.equal((await app.inject('/api/countries/KEN/progress?type=post_office')).json().at(-1).sites, 2);
    });
  });
}
