import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HsdsRecord } from './hsds.js';
import { locatorBoxes, rankServices, type LatLonBox, type ServiceCandidate } from './locate.js';
import { haversineM } from '../geo/distance.js';

const weekdays: HsdsRecord[] = [{ id: 'w', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '14:30' }];
const closedOn8th: HsdsRecord[] = [...weekdays, { id: 'h', valid_from: '2026-12-08', valid_to: '2026-12-08' }];
// Puerta del Sol, Madrid; offices 1, 2 and 3 km east (at 40.4° a degree of longitude is 84.8 km).
const sol = { lat: 40.4168, lon: -3.7038 };
const candidate = (n: number, km: number, over: Partial<ServiceCandidate> = {}): ServiceCandidate => ({
  country: 'ESP', siteId: n, locationId: `loc-${n}`, serviceAtLocationId: `sal-${n}`, serviceId: 'svc-passport', serviceName: 'Passport application', name: `Office ${n}`,
  lat: sol.lat, lon: sol.lon + km / 84.8, timeZone: 'Europe/Madrid', languages: ['es'], wheelchair: false, locationSchedules: weekdays, serviceSchedules: [], ...over,
});
const wednesday10 = new Date('2026-12-02T09:00:00Z');
const names = (r: { name: string | null }[]) => r.map((x) => x.name);

test('nearest first, within the distance, with distances on the sphere', () => {
  const c = [candidate(3, 3), candidate(1, 1), candidate(2, 2), candidate(4, 30)];
  const found = rankServices(c, { ...sol, at: wednesday10 });
  assert.deepEqual(names(found), ['Office 1', 'Office 2', 'Office 3']);
  assert.equal(found[0]!.distanceM, haversineM(sol.lat, sol.lon, c[1]!.lat, c[1]!.lon));
  assert.ok(Math.abs(found[0]!.distanceM - 1000) < 5, `${found[0]!.distanceM}`);
  assert.deepEqual(names(rankServices(c, { ...sol, at: wednesday10, withinKm: 2.5 })), ['Office 1', 'Office 2']);
  assert.deepEqual(names(rankServices(c, { ...sol, at: wednesday10, limit: 1 })), ['Office 1']);
});

test('open at the instant in the office’s time zone; a closure day closes it; anyTime keeps the closed ones', () => {
  const c = [candidate(1, 1, { locationSchedules: closedOn8th }), candidate(2, 2), candidate(3, 3, { locationSchedules: [] })];
  assert.deepEqual(names(rankServices(c, { ...sol, at: wednesday10 })), ['Office 1', 'Office 2']);
  // Tuesday 8 December, a holiday at office 1 only.
  assert.deepEqual(names(rankServices(c, { ...sol, at: new Date('2026-12-08T09:00:00Z') })), ['Office 2']);
  // 15:00 in Madrid: every office has closed.
  assert.deepEqual(rankServices(c, { ...sol, at: new Date('2026-12-02T14:00:00Z') }), []);
  const all = rankServices(c, { ...sol, at: new Date('2026-12-08T09:00:00Z'), anyTime: true });
  assert.deepEqual(all.map((f) => [f.name, f.opening.state]), [['Office 1', 'closed'], ['Office 2', 'open'], ['Office 3', 'unknown']]);
  // The service's own hours narrow the office's.
  const afternoons: HsdsRecord[] = [{ id: 'a', freq: 'WEEKLY', byday: 'WE', opens_at: '12:00', closes_at: '14:00' }];
  assert.deepEqual(names(rankServices([candidate(1, 1, { serviceSchedules: afternoons }), candidate(2, 2)], { ...sol, at: wednesday10 })), ['Office 2']);
});

test('wheelchair and language filters; a language matches its regional variants', () => {
  const c = [candidate(1, 1), candidate(2, 2, { wheelchair: true, languages: ['es', 'en-GB'] }), candidate(3, 3, { wheelchair: true, languages: ['ar', 'es'] })];
  assert.deepEqual(names(rankServices(c, { ...sol, at: wednesday10, wheelchair: true })), ['Office 2', 'Office 3']);
  assert.deepEqual(names(rankServices(c, { ...sol, at: wednesday10, language: 'en' })), ['Office 2']);
  assert.deepEqual(names(rankServices(c, { ...sol, at: wednesday10, language: 'AR', wheelchair: true })), ['Office 3']);
  assert.deepEqual(rankServices(c, { ...sol, at: wednesday10, language: 'fr' }), []);
});

test('the box holds the circle', () => {
  const [box, ...more] = locatorBoxes(sol.lat, sol.lon, 10) as [LatLonBox];
  assert.equal(more.length, 0);
  assert.ok(haversineM(sol.lat, sol.lon, box.north, sol.lon) >= 9_999);
  assert.ok(haversineM(sol.lat, sol.lon, sol.lat, box.east) >= 9_999);
  assert.ok(haversineM(sol.lat, sol.lon, box.south, sol.lon) >= 9_999);
});

test('a circle across the antimeridian is two boxes, one each side', () => {
  // Taveuni, Fiji (179.9° E): an office 16 km east of it is at −179.95°.
  const boxes = locatorBoxes(-16.85, 179.9, 25);
  assert.equal(boxes.length, 2);
  const [east, west] = boxes as [typeof boxes[0], typeof boxes[0]];
  assert.equal(east.east, 180);
  assert.ok(east.west > 179.5 && east.west < 179.9);
  assert.equal(west.west, -180);
  assert.ok(west.east > -179.9 && west.east < -179.6);
  const inside = (b: typeof east, lat: number, lon: number) => lon >= b.west && lon <= b.east && lat >= b.south && lat <= b.north;
  assert.ok(boxes.some((b) => inside(b, -16.85, -179.95)));
  assert.ok(boxes.some((b) => inside(b, -16.85, 179.8)));
  assert.deepEqual(locatorBoxes(-16.85, -179.9, 25).map((b) => b.west < 0), [false, true]);
  assert.deepEqual(locatorBoxes(89.5, 0, 100), [{ west: -180, south: locatorBoxes(89.5, 0, 100)[0]!.south, east: 180, north: 90 }]);
});
