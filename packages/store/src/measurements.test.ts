import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAudit } from './audit.js';
import type { Database } from './database.js';
import {
  countMeasurements, dailyAggregates, weeklyAggregates, ingestMeasurements, listMeasurements, listRejectedMeasurements,
  siteMeasurementSummary, type MeasurementInput,
} from './measurements.js';
import { createSite, deleteSite, getSite, updateSite } from './site-writes.js';
import { countryProgress } from './progress.js';
import { testBackends } from './testing.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let offices = 0;
const newSite = async (db: Database) =>
  (await createSite(db, { sourceId: `MEAS-${++offices}`, name: `Office ${offices}`, siteType: 'post_office', country: 'STP', lat: 0.297, lon: 6.681 }, 'test')).id;

const speedtest = (hardwareId: string, measuredAt: string, over: Partial<MeasurementInput> = {}): MeasurementInput => ({
  hardwareId, kind: 'speedtest', measuredAt, downloadMbps: 10, uploadMbps: 5, latencyMs: 40, ...over,
});
const ok = (input: MeasurementInput) => ({ input });

const count = async (db: Database, table: string, siteId: number) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE site_id = $1`, [siteId])).rows[0]!.n;

for (const backend of await testBackends()) {
  describe(`measurements on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db?.close();
    });

    test('a batch is stored once: sent again, every measurement is a duplicate', async () => {
      const site = await newSite(db);
      const batch = [
        ok(speedtest('hw-a', '2025-03-01T10:00:00.000Z', { jitterMs: 3.5, packetLoss: 0.01, lat: 0.3, lon: 6.68, distanceM: 350, isp: 'CST', asn: 328_191 })),
        ok({ hardwareId: 'hw-a', kind: 'uptime', measuredAt: '2025-03-01T10:00:00.000Z' }),
        ok(speedtest('hw-b', '2025-03-01T11:30:00+01:00', { downloadMbps: null, flags: ['far_from_site'] })),
      ];
      assert.deepEqual(await ingestMeasurements(db, site, batch), { accepted: 3, duplicates: 0, rejected: [], flagged: 1 });
      assert.equal(await countMeasurements(db, site), 3);
      assert.equal(await count(db, 'devices', site), 2);

      assert.deepEqual(await ingestMeasurements(db, site, batch), { accepted: 0, duplicates: 3, rejected: [], flagged: 0 });
      // The same instant written otherwise is the same test.
      assert.deepEqual(await ingestMeasurements(db, site, [ok(speedtest('hw-b', '2025-03-01T10:30:00Z'))]), { accepted: 0, duplicates: 1, rejected: [], flagged: 0 });
      assert.equal(await countMeasurements(db, site), 3);
      assert.equal(await count(db, 'devices', site), 2);
      assert.equal(await count(db, 'rejected_measurements', site), 0);

      const stored = await listMeasurements(db, site);
      assert.equal(stored.length, 3);
      for (const m of stored) assert.match(m.receivedAt, ISO);
      assert.deepEqual(stored.map((m) => ({ ...m, id: 0, receivedAt: '' })), [
        {
          id: 0, siteId: site, receivedAt: '', hardwareId: 'hw-a', kind: 'speedtest', measuredAt: '2025-03-01T10:00:00.000Z', downloadMbps: 10, uploadMbps: 5,
          latencyMs: 40, jitterMs: 3.5, packetLoss: 0.01, lat: 0.3, lon: 6.68, distanceM: 350, isp: 'CST', asn: 328_191, flags: [],
        },
        {
          id: 0, siteId: site, receivedAt: '', hardwareId: 'hw-a', kind: 'uptime', measuredAt: '2025-03-01T10:00:00.000Z', downloadMbps: null, uploadMbps: null,
          latencyMs: null, jitterMs: null, packetLoss: null, lat: null, lon: null, distanceM: null, isp: null, asn: null, flags: [],
        },
        {
          id: 0, siteId: site, receivedAt: '', hardwareId: 'hw-b', kind: 'speedtest', measuredAt: '2025-03-01T10:30:00.000Z', downloadMbps: null, uploadMbps: 5,
          latencyMs: 40, jitterMs: null, packetLoss: null, lat: null, lon: null, distanceM: null, isp: null, asn: null, flags: ['far_from_site'],
        },
      ]);
      assert.equal(typeof stored[0]!.id, 'number');
      assert.ok(stored[0]!.id < stored[1]!.id && stored[1]!.id < stored[2]!.id);

      // A test repeated within one batch is stored once.
      const twice = [ok(speedtest('hw-a', '2025-03-02T08:00:00Z')), ok(speedtest('hw-a', '2025-03-02T08:00:00Z', { downloadMbps: 99 }))];
      assert.deepEqual(await ingestMeasurements(db, site, twice), { accepted: 1, duplicates: 1, rejected: [], flagged: 0 });
      assert.deepEqual(await ingestMeasurements(db, site, []), { accepted: 0, duplicates: 0, rejected: [], flagged: 0 });
    });

    test('at most five devices a site: the sixth hardware id is refused and kept with its reason', async () => {
      const site = await newSite(db);
      const batch = ['hw-1', 'hw-2', 'hw-3', 'hw-1', 'hw-4', 'hw-5', 'hw-6', 'hw-6'].map((h, i) => ok(speedtest(h, `2025-03-01T10:0${i}:00.000Z`)));
      const r = await ingestMeasurements(db, site, batch);
      assert.deepEqual(r, {
        accepted: 6, duplicates: 0, flagged: 0,
        rejected: [{ index: 6, reason: 'the site already has 5 devices' }, { index: 7, reason: 'the site already has 5 devices' }],
      });
      assert.equal(await count(db, 'devices', site), 5);
      assert.equal(await countMeasurements(db, site), 6);
      const rejected = await listRejectedMeasurements(db, site);
      assert.deepEqual(rejected.map((x) => [x.hardwareId, x.reason, x.payload]), [
        ['hw-6', 'the site already has 5 devices', batch[7]!.input],
        ['hw-6', 'the site already has 5 devices', batch[6]!.input],
      ]);
      assert.match(rejected[0]!.receivedAt, ISO);
      assert.equal(typeof rejected[0]!.id, 'number');

      // Known devices keep reporting; a new one is still refused; a higher limit lets it in.
      const later = [ok(speedtest('hw-2', '2025-03-02T10:00:00Z')), ok(speedtest('hw-7', '2025-03-02T10:00:00Z'))];
      assert.deepEqual(await ingestMeasurements(db, site, later), { accepted: 1, duplicates: 0, flagged: 0, rejected: [{ index: 1, reason: 'the site already has 5 devices' }] });
      assert.deepEqual(await ingestMeasurements(db, site, later, { maxDevices: 6 }), { accepted: 1, duplicates: 1, flagged: 0, rejected: [] });
      assert.equal(await count(db, 'devices', site), 6);
      const none = await ingestMeasurements(db, await newSite(db), [ok(speedtest('hw-1', '2025-03-02T10:00:00Z'))], { maxDevices: 0 });
      assert.deepEqual(none.rejected, [{ index: 0, reason: 'the site already has 0 devices' }]);
      await assert.rejects(ingestMeasurements(db, site, later, { maxDevices: -1 }), /maxDevices -1/);
    });

    test('given rejections are kept with what was sent, and register no device', async () => {
      const site = await newSite(db);
      const generic = speedtest('03000200-0400-0500-0006-000700080009', '2025-03-01T10:00:00.000Z');
      // Whatever a device sent, even what PostgreSQL cannot store as it is (NUL, a lone surrogate, NaN).
      const odd = { hardwareId: 'hw-\u0000x', kind: 'reboot', measuredAt: 'yesterday', downloadMbps: NaN, note: 'half \ud800 of a pair' } as unknown as MeasurementInput;
      const r = await ingestMeasurements(db, site, [
        { input: generic, rejectedReason: 'generic hardware id: it cannot tell this device from others' },
        ok(speedtest('hw-good', '2025-03-01T10:00:00.000Z')),
        { input: odd, rejectedReason: 'not a measurement' },
        { input: speedtest('hw-future', '2030-01-01T00:00:00Z'), rejectedReason: 'measured in the future' },
      ]);
      assert.deepEqual(r, {
        accepted: 1, duplicates: 0, flagged: 0,
        rejected: [
          { index: 0, reason: 'generic hardware id: it cannot tell this device from others' },
          { index: 2, reason: 'not a measurement' },
          { index: 3, reason: 'measured in the future' },
        ],
      });
      assert.equal(await count(db, 'devices', site), 1, 'only the accepted device is registered');
      const rejected = await listRejectedMeasurements(db, site);
      assert.deepEqual(rejected.map((x) => [x.hardwareId, x.reason, x.payload]), [
        ['hw-future', 'measured in the future', speedtest('hw-future', '2030-01-01T00:00:00Z')],
        ['hw-\uFFFDx', 'not a measurement', { hardwareId: 'hw-\uFFFDx', kind: 'reboot', measuredAt: 'yesterday', downloadMbps: null, note: 'half \uFFFD of a pair' }],
        ['03000200-0400-0500-0006-000700080009', 'generic hardware id: it cannot tell this device from others', generic],
      ]);
      assert.deepEqual((await listRejectedMeasurements(db, site, 1)).map((x) => x.reason), ['measured in the future']);
      assert.deepEqual(await listRejectedMeasurements(db, await newSite(db)), []);

      // An accepted measurement must be numbers: NaN would sort above everything in a median.
      await assert.rejects(ingestMeasurements(db, site, [ok(speedtest('hw-good', '2025-03-03T10:00:00Z', { downloadMbps: Infinity }))]), /item 0: downloadMbps Infinity is not a finite number/);
    });

    test('flagged counts the accepted measurements with flags', async () => {
      const site = await newSite(db);
      const batch = [
        ok(speedtest('hw-a', '2025-03-01T10:00:00Z', { flags: ['far_from_site'] })),
        ok(speedtest('hw-a', '2025-03-01T11:00:00Z', { flags: ['far_from_site', 'below_contract'] })),
        ok(speedtest('hw-a', '2025-03-01T12:00:00Z', { flags: [] })),
        ok(speedtest('hw-a', '2025-03-01T13:00:00Z')),
        { input: speedtest('hw-a', '2025-03-01T14:00:00Z', { flags: ['far_from_site'] }), rejectedReason: 'refused' },
      ];
      assert.deepEqual(await ingestMeasurements(db, site, batch), { accepted: 4, duplicates: 0, flagged: 2, rejected: [{ index: 4, reason: 'refused' }] });
      assert.deepEqual(await ingestMeasurements(db, site, batch.slice(0, 2)), { accepted: 0, duplicates: 2, flagged: 0, rejected: [] });
      assert.deepEqual((await listMeasurements(db, site)).map((m) => m.flags), [['far_from_site'], ['far_from_site', 'below_contract'], [], []]);
    });

    test('summary: medians over the speed tests of the last 7 days, last measurement of either kind', async () => {
      const site = await newSite(db);
      const now = new Date('2025-06-10T12:00:00Z');
      const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
      assert.deepEqual(await siteMeasurementSummary(db, site, now), {
        siteId: site, lastMeasuredAt: null, devices: 0, tests: 0, medianDownloadMbps7d: null, medianUploadMbps7d: null, medianLatencyMs7d: null, contractedMbps: null,
      });
      await ingestMeasurements(db, site, [
        ok(speedtest('hw-a', ago(1), { downloadMbps: 10, uploadMbps: 1, latencyMs: 30 })),
        ok(speedtest('hw-a', ago(3), { downloadMbps: 30, uploadMbps: 3, latencyMs: 90 })),
        ok(speedtest('hw-b', ago(6.9), { downloadMbps: 20, uploadMbps: null, latencyMs: 50 })),
        ok(speedtest('hw-b', ago(8), { downloadMbps: 1000, uploadMbps: 1000, latencyMs: 1 })),
        // Not yet in the week that ends now, but the latest measurement all the same.
        ok({ hardwareId: 'hw-b', kind: 'uptime', measuredAt: ago(-0.01) }),
        ok({ hardwareId: 'hw-a', kind: 'uptime', measuredAt: ago(0.5) }),
      ]);
      await updateSite(db, site, { contractedMbps: 25 }, 'test');
      assert.deepEqual(await siteMeasurementSummary(db, site, now), {
        siteId: site, lastMeasuredAt: ago(-0.01), devices: 2, tests: 4, medianDownloadMbps7d: 20, medianUploadMbps7d: 2, medianLatencyMs7d: 50, contractedMbps: 25,
      });
      // A month later nothing is in the week; the count of tests stays.
      const summary = await siteMeasurementSummary(db, site, new Date(now.getTime() + 30 * 86_400_000));
      assert.deepEqual([summary.tests, summary.medianDownloadMbps7d, summary.medianUploadMbps7d, summary.medianLatencyMs7d], [4, null, null, null]);
      await assert.rejects(siteMeasurementSummary(db, 999_999, now), /there is no site 999999/);
    });

    test('daily aggregates by UTC day', async () => {
      const site = await newSite(db);
      await ingestMeasurements(db, site, [
        ok(speedtest('hw-a', '2025-05-01T00:00:00Z', { downloadMbps: 10, uploadMbps: 2, latencyMs: 100 })),
        ok(speedtest('hw-a', '2025-05-01T12:00:00Z', { downloadMbps: 20, uploadMbps: 4, latencyMs: 60 })),
        ok({ hardwareId: 'hw-a', kind: 'uptime', measuredAt: '2025-05-01T23:59:59.999Z' }),
        ok({ hardwareId: 'hw-a', kind: 'uptime', measuredAt: '2025-05-01T06:00:00Z' }),
        // 23:30 in UTC, though the device wrote its own time zone.
        ok(speedtest('hw-a', '2025-05-03T01:30:00+02:00', { downloadMbps: 50, uploadMbps: null, latencyMs: 20 })),
        ok({ hardwareId: 'hw-a', kind: 'uptime', measuredAt: '2025-05-03T00:00:00Z' }),
        ok(speedtest('hw-a', '2025-04-30T23:59:59Z', { downloadMbps: 999 })),
      ]);
      const may1 = { day: '2025-05-01', tests: 2, medianDownloadMbps: 15, medianUploadMbps: 3, medianLatencyMs: 80, uptimePings: 2 };
      const may2 = { day: '2025-05-02', tests: 1, medianDownloadMbps: 50, medianUploadMbps: null, medianLatencyMs: 20, uptimePings: 0 };
      const may3 = { day: '2025-05-03', tests: 0, medianDownloadMbps: null, medianUploadMbps: null, medianLatencyMs: null, uptimePings: 1 };
      assert.deepEqual(await dailyAggregates(db, site, { from: '2025-05-01', to: '2025-05-02' }), [may1, may2]);
      assert.deepEqual(await dailyAggregates(db, site, { from: '2025-05-01', to: '2025-05-31' }), [may1, may2, may3]);
      assert.deepEqual(await dailyAggregates(db, site, { from: '2025-05-02T10:00:00Z', to: '2025-05-03T00:00:00Z' }), [may2, may3]);
      assert.deepEqual(await dailyAggregates(db, site, { from: '2025-06-01', to: '2025-05-01' }), []);
      await assert.rejects(dailyAggregates(db, site, { from: 'last week', to: '2025-05-01' }), /from last week is not a day/);
      // 2025-05-01 is a Thursday: its ISO week starts on Monday 28 April and holds the 30 April test too
      // (uploads 2, 4, 5 with the default; latencies 20, 40, 60, 100).
      assert.deepEqual(await weeklyAggregates(db, site, { from: '2025-05-02', to: '2025-05-02' }), [
        { day: '2025-04-28', tests: 4, medianDownloadMbps: 35, medianUploadMbps: 4, medianLatencyMs: 50, uptimePings: 3 },
      ]);
      assert.deepEqual(await weeklyAggregates(db, site, { from: '2025-05-05', to: '2025-05-11' }), []);
    });

    test('the contract (speed and price) is set and cleared through the site, with an audit entry each', async () => {
      const site = await newSite(db);
      await updateSite(db, site, { contractedMbps: 20, contractedMonthlyUsd: 45 }, 'user:1');
      await updateSite(db, site, { contractedMbps: 20 }, 'user:1');
      await updateSite(db, site, { contractedMbps: null }, 'user:2');
      const entries = await listAudit(db, { entity: 'site', entityId: String(site) });
      const contract = (v: unknown) => (v ? [(v as { contractedMbps: unknown }).contractedMbps, (v as { contractedMonthlyUsd: unknown }).contractedMonthlyUsd] : null);
      assert.deepEqual(entries.map((e) => [e.actor, e.action, contract(e.before), contract(e.after)]), [
        ['user:2', 'update', [20, 45], [null, 45]],
        ['user:1', 'update', [null, null], [20, 45]],
        ['test', 'create', null, [null, null]],
      ]);
      assert.equal((await siteMeasurementSummary(db, site)).contractedMbps, null);
      const n = entries.length;
      await assert.rejects(updateSite(db, site, { contractedMbps: -1 }, 'user:1'), /contractedMbps -1 is not a finite number >= 0/);
      await assert.rejects(updateSite(db, site, { contractedMonthlyUsd: NaN }, 'user:1'), /contractedMonthlyUsd NaN/);
      assert.equal((await listAudit(db, { entity: 'site', entityId: String(site) })).length, n);
    });

    test("the site's measured speed and connection follow its devices, and move the country's progress", async () => {
      const site = (await createSite(db, { name: 'Ribeira Afonso', siteType: 'post_office', country: 'STP', lat: 0.2, lon: 6.7, isConnected: false }, 'test')).id;
      const progressToday = async () => (await countryProgress(db, 'STP', { siteType: 'post_office' })).at(-1)!;
      const before = await progressToday();
      const now = Date.now();
      const recent = (days: number) => new Date(now - days * 86_400_000).toISOString();
      // Older than a week: the office is live, but the speed is not this week's.
      await ingestMeasurements(db, site, [ok(speedtest('hw-a', recent(9), { downloadMbps: 50 }))]);
      let s = (await getSite(db, site))!;
      assert.deepEqual([s.isConnected, s.measuredDownloadMbps, s.measuredAt], [false, null, recent(9)]);
      assert.deepEqual([(await progressToday()).live - before.live, (await progressToday()).connected - before.connected], [0, 0], 'not connected, so not live');

      await ingestMeasurements(db, site, [ok(speedtest('hw-a', recent(2), { downloadMbps: 8 })), ok(speedtest('hw-a', recent(1), { downloadMbps: 12 })), ok(speedtest('hw-b', recent(1), { downloadMbps: 40 }))]);
      s = (await getSite(db, site))!;
      assert.deepEqual([s.isConnected, s.measuredDownloadMbps, s.measuredAt], [true, 12, recent(1)]);
      const after = await progressToday();
      assert.deepEqual([after.sites - before.sites, after.connected - before.connected, after.live - before.live], [0, 1, 1]);

      // A later batch of uptime pings alone keeps the speed it had.
      await ingestMeasurements(db, site, [ok({ hardwareId: 'hw-a', kind: 'uptime', measuredAt: recent(0.5) })]);
      s = (await getSite(db, site))!;
      assert.deepEqual([s.measuredDownloadMbps, s.measuredAt], [12, recent(0.5)]);
    });

    test('a batch that fails midway leaves nothing behind', async () => {
      const site = await newSite(db);
      const batch = [
        ok(speedtest('hw-a', '2025-03-01T10:00:00Z')),
        { input: speedtest('hw-x', '2025-03-01T10:00:00Z'), rejectedReason: 'refused' },
        ok({ hardwareId: 'hw-b', kind: 'reboot' as never, measuredAt: '2025-03-01T10:00:00Z' }),
      ];
      await assert.rejects(ingestMeasurements(db, site, batch), /check constraint/);
      await assert.rejects(ingestMeasurements(db, site, [ok(speedtest('hw-a', '2025-03-01T10:00:00Z')), ok(speedtest('hw-b', 'not a time'))]), /timestamp/);
      assert.equal(await countMeasurements(db, site), 0);
      assert.equal(await count(db, 'devices', site), 0);
      assert.equal(await count(db, 'rejected_measurements', site), 0);
      // The site is free again for the next batch.
      assert.equal((await ingestMeasurements(db, site, batch.slice(0, 2))).accepted, 1);
      await assert.rejects(ingestMeasurements(db, 999_999, batch.slice(0, 1)), /there is no site 999999/);
    });

    test('listing pages by id; counts; a deleted site takes its measurements along', async () => {
      const site = await newSite(db);
      const batch = Array.from({ length: 1000 }, (_, i) =>
        ok(speedtest(`hw-${i % 3}`, new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), { downloadMbps: i, flags: i % 10 === 0 ? ['far_from_site'] : [] })));
      assert.deepEqual(await ingestMeasurements(db, site, batch), { accepted: 1000, duplicates: 0, rejected: [], flagged: 100 });
      assert.equal((await listMeasurements(db, site)).length, 100, 'default 100');
      assert.equal((await listMeasurements(db, site, { limit: 5000 })).length, 1000, 'at most 1000');
      assert.equal((await listMeasurements(db, site, { limit: 0 })).length, 1, 'at least one');
      const seen: number[] = [];
      let afterId: number | undefined;
      for (;;) {
        const page = await listMeasurements(db, site, { limit: 300, ...(afterId === undefined ? {} : { afterId }) });
        if (page.length === 0) break;
        seen.push(...page.map((m) => m.downloadMbps!));
        afterId = page.at(-1)!.id;
      }
      assert.deepEqual(seen, batch.map((_, i) => i));

      const all = await countMeasurements(db);
      assert.ok(all > 1000);
      assert.equal(await countMeasurements(db, site), 1000);
      await ingestMeasurements(db, site, [{ input: speedtest('hw-0', '2025-01-01T00:00:00Z'), rejectedReason: 'refused' }]);
      await deleteSite(db, site, 'test');
      assert.equal(await countMeasurements(db), all - 1000);
      for (const table of ['measurements', 'devices', 'rejected_measurements']) assert.equal(await count(db, table, site), 0, table);
    });
  });
}
