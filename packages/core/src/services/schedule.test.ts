import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HsdsRecord } from './hsds.js';
import { isTimeZone, localTime, openAt, openingOf, zonedInstant } from './schedule.js';

// A city post office: weekdays 08:30–20:30, Saturday mornings, closed on 8 December, short on the 24th.
const office: HsdsRecord[] = [
  { id: 'wk', location_id: 'l', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '20:30' },
  { id: 'sa', location_id: 'l', freq: 'WEEKLY', byday: 'SA', opens_at: '09:30', closes_at: '13:00' },
  { id: 'hol', location_id: 'l', valid_from: '2026-12-08', valid_to: '2026-12-08', description: 'Closed: Inmaculada Concepción' },
  { id: 'eve', location_id: 'l', valid_from: '2026-12-24', valid_to: '2026-12-24', opens_at: '08:30', closes_at: '14:00' },
];
const at = (iso: string, tz = 'Europe/Madrid') => openAt([office], new Date(iso), tz);

test('local time follows the zone and its daylight saving time', () => {
  assert.deepEqual(localTime(new Date('2026-12-02T09:00:00Z'), 'Europe/Madrid'), { date: '2026-12-02', weekday: 'WE', seconds: 10 * 3600 });
  assert.deepEqual(localTime(new Date('2026-07-01T09:00:00Z'), 'Europe/Madrid'), { date: '2026-07-01', weekday: 'WE', seconds: 11 * 3600 });
  // The Canaries keep Atlantic time, an hour behind the peninsula; late evening UTC is already tomorrow in Madrid.
  assert.deepEqual(localTime(new Date('2026-12-02T23:30:00Z'), 'Atlantic/Canary'), { date: '2026-12-02', weekday: 'WE', seconds: 23.5 * 3600 });
  assert.deepEqual(localTime(new Date('2026-12-02T23:30:00Z'), 'Europe/Madrid'), { date: '2026-12-03', weekday: 'TH', seconds: 0.5 * 3600 });
  assert.equal(isTimeZone('Europe/Madrid'), true);
  assert.equal(isTimeZone('Europe/Atlantis'), false);
});

test('regular hours: open from opens_at, closed from closes_at, by weekday', () => {
  assert.deepEqual(at('2026-12-02T07:29:59Z'), { state: 'closed' });
  assert.deepEqual(at('2026-12-02T07:30:00Z'), { state: 'open', closesAt: '20:30' });
  assert.deepEqual(at('2026-12-02T19:29:59Z'), { state: 'open', closesAt: '20:30' });
  assert.deepEqual(at('2026-12-02T19:30:00Z'), { state: 'closed' });
  assert.deepEqual(at('2026-12-05T11:00:00Z'), { state: 'open', closesAt: '13:00' });
  assert.deepEqual(at('2026-12-05T12:00:00Z'), { state: 'closed' });
  assert.deepEqual(at('2026-12-06T11:00:00Z'), { state: 'closed' });
  // The same instant in July is 12:00 in Madrid: still open.
  assert.deepEqual(at('2026-07-01T10:00:00Z'), { state: 'open', closesAt: '20:30' });
});

test('an exception decides its dates: a holiday closes, short hours replace the regular ones', () => {
  assert.deepEqual(at('2026-12-08T10:00:00Z'), { state: 'closed' });
  assert.deepEqual(at('2026-12-09T10:00:00Z'), { state: 'open', closesAt: '20:30' });
  assert.deepEqual(at('2026-12-24T12:00:00Z'), { state: 'open', closesAt: '14:00' });
  assert.deepEqual(at('2026-12-24T13:00:00Z'), { state: 'closed' });
});

test('valid_from and valid_to bound regular hours; 23:59 means until midnight', () => {
  const summer: HsdsRecord[] = [{ id: 's', freq: 'WEEKLY', byday: 'MO', opens_at: '00:00', closes_at: '23:59', valid_from: '2026-06-01', valid_to: '2026-09-30' }];
  assert.equal(openingOf(summer, { date: '2026-06-01', weekday: 'MO', seconds: 86_399 }).state, 'open');
  assert.equal(openingOf(summer, { date: '2026-10-05', weekday: 'MO', seconds: 3600 }).state, 'closed');
  assert.equal(openingOf([], { date: '2026-10-05', weekday: 'MO', seconds: 3600 }).state, 'unknown');
});

test('a service is available during its own hours and the office’s: the stricter wins', () => {
  const mornings: HsdsRecord[] = [{ id: 'p', service_id: 'passport', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '14:00' }];
  const t = (iso: string) => openAt([office, mornings], new Date(iso), 'Europe/Madrid');
  assert.deepEqual(t('2026-12-02T09:00:00Z'), { state: 'open', closesAt: '14:00' });
  assert.deepEqual(t('2026-12-02T14:00:00Z'), { state: 'closed' });
  // The office's holiday closes the service too.
  assert.deepEqual(t('2026-12-08T09:00:00Z'), { state: 'closed' });
  assert.deepEqual(openAt([[], []], new Date(), 'Europe/Madrid'), { state: 'unknown' });
});

test('a wall-clock time in a zone is one instant, across daylight saving changes', () => {
  assert.equal(zonedInstant('2026-12-05', '10:00', 'Europe/Madrid').toISOString(), '2026-12-05T09:00:00.000Z');
  assert.equal(zonedInstant('2026-07-04', '10:00', 'Europe/Madrid').toISOString(), '2026-07-04T08:00:00.000Z');
  assert.equal(zonedInstant('2026-12-05', '10:00', 'Atlantic/Canary').toISOString(), '2026-12-05T10:00:00.000Z');
  assert.equal(zonedInstant('2026-12-05', '23:30', 'Pacific/Kiritimati').toISOString(), '2026-12-05T09:30:00.000Z');
  // 02:30 does not exist in Madrid on 29 March 2026: an hour later. On 25 October it happens twice: the second.
  assert.equal(zonedInstant('2026-03-29', '02:30', 'Europe/Madrid').toISOString(), '2026-03-29T01:30:00.000Z');
  assert.equal(zonedInstant('2026-10-25', '02:30', 'Europe/Madrid').toISOString(), '2026-10-25T01:30:00.000Z');
});
