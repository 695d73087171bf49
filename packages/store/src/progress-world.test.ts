import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from './database.js';
import { countryProgress, worldProgress } from './progress.js';
import { testBackends } from './testing.js';

for (const backend of await testBackends()) {
  describe(`the world's progress on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      // Snapshots written on different days: KEN changes on the 1st and 5th, UGA on the 3rd.
      const rows: [string, string, string, number, number, number][] = [
        ['KEN', '2026-01-01', 'post_office', 10, 2, 1],
        ['KEN', '2026-01-01', 'school', 5, 5, 0],
        ['UGA', '2026-01-03', 'post_office', 4, 1, 0],
        ['KEN', '2026-01-05', 'post_office', 10, 6, 3],
        ['KEN', '2026-01-05', 'school', 5, 5, 0],
        // UGA's offices all removed: its school alone remains, so it counts 0 offices from the 7th.
        ['UGA', '2026-01-07', 'school', 3, 0, 0],
      ];
      for (const [country, day, siteType, sites, connected, live] of rows) {
        await db.query(
          `INSERT INTO progress_snapshots (country, day, site_type, admin1, area_class, sites, connected, live) VALUES ($1, $2, $3, '', 'unknown', $4, $5, $6)`,
          [country, day, siteType, sites, connected, live],
        );
      }
    });
    after(async () => {
      await db?.close();
    });

    test("each day any country changed sums every country's latest state up to it", async () => {
      const points = await worldProgress(db, { siteType: 'post_office' });
      assert.deepEqual(points.map((p) => [p.day, p.sites, p.connected, p.live, p.share]), [
        ['2026-01-01', 10, 2, 1, 0.2],
        ['2026-01-03', 14, 3, 1, 3 / 14],
        ['2026-01-05', 14, 7, 3, 0.5],
        ['2026-01-07', 10, 6, 3, 0.6],
      ]);
      assert.deepEqual(points.map((p) => p.key), ['', '', '', '']);
    });

    test('all site types, and a window of days that keeps the state from before it', async () => {
      assert.deepEqual((await worldProgress(db)).map((p) => [p.day, p.sites, p.connected]), [
        ['2026-01-01', 15, 7], ['2026-01-03', 19, 8], ['2026-01-05', 19, 12], ['2026-01-07', 18, 11],
      ]);
      assert.deepEqual((await worldProgress(db, { siteType: 'post_office', from: '2026-01-04', to: '2026-01-06' })).map((p) => [p.day, p.sites, p.connected]), [
        ['2026-01-05', 14, 7],
      ]);
    });

    test("with one country it is that country's own series", async () => {
      const ken = await countryProgress(db, 'KEN', { siteType: 'post_office' });
      await db.query(`DELETE FROM progress_snapshots WHERE country = 'UGA'`);
      assert.deepEqual(await worldProgress(db, { siteType: 'post_office' }), ken);
    });
  });
}
