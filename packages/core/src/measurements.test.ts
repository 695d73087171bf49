import assert from 'node:assert/strict';
import { test } from 'node:test';
import { belowContract, checkMeasurement, siteStatus } from './measurements.js';

const site = { lat: -1.2864, lon: 36.8172 };
const now = new Date('2026-11-23T12:00:00Z');
const test1 = { deviceId: 'a1b2c3', kind: 'speedtest' as const, measuredAt: '2026-11-23T11:00:00Z', downloadMbps: 18.2 };

test('a plain speed test is accepted; one reported 4 km away or more is kept but flagged', () => {
  assert.deepEqual(checkMeasurement(test1, site, now), { flags: [], distanceM: null });
  const near = checkMeasurement({ ...test1, lat: site.lat + 0.03, lon: site.lon }, site, now);
  assert.deepEqual(near.flags, []);
  assert.ok(Math.abs(near.distanceM! - 3_336) < 5);
  const far = checkMeasurement({ ...test1, lat: site.lat + 0.04, lon: site.lon }, site, now);
  assert.deepEqual([far.rejectedReason, far.flags], [undefined, ['far_from_site']]);
});

test('generic hardware ids, times in the future or a year old, and empty speed tests are refused with a reason', () => {
  assert.match(checkMeasurement({ ...test1, deviceId: '03000200-0400-0500-0006-000700080009' }, site, now).rejectedReason!, /generic hardware id/);
  assert.match(checkMeasurement({ ...test1, deviceId: 'To be filled by O.E.M.' }, site, now).rejectedReason!, /generic/);
  assert.match(checkMeasurement({ ...test1, measuredAt: '2026-11-23T14:00:00Z' }, site, now).rejectedReason!, /in the future/);
  assert.equal(checkMeasurement({ ...test1, measuredAt: '2026-11-23T12:30:00Z' }, site, now).rejectedReason, undefined, 'half an hour of clock drift is fine');
  assert.match(checkMeasurement({ ...test1, measuredAt: '2025-11-01T00:00:00Z' }, site, now).rejectedReason!, /more than 366 days ago/);
  assert.match(checkMeasurement({ ...test1, downloadMbps: null }, site, now).rejectedReason!, /without download/);
  assert.equal(checkMeasurement({ ...test1, kind: 'uptime', downloadMbps: null }, site, now).rejectedReason, undefined);
});

test('status: live within 21 days, at risk to 28, dropped after; below contract under 80 %', () => {
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
  assert.deepEqual([daysAgo(21), daysAgo(21.5), daysAgo(28), daysAgo(29)].map((t) => siteStatus(t, now)), ['live', 'at_risk', 'at_risk', 'dropped']);
  assert.equal(siteStatus(null, now), 'never');
  assert.deepEqual([belowContract(15.9, 20), belowContract(16, 20), belowContract(null, 20), belowContract(10, null)], [true, false, null, null]);
});
