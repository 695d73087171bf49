import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIssue } from '../quality/issues.js';
import { emptyCatalogue, type Catalogue } from './hsds.js';
import { officeChange, officeOffers } from './office.js';
import { readCatalogue } from './validate.js';

/** Two offices; A offers passports (with its own desk hours) and Wi-Fi, B only Wi-Fi. */
function catalogue(): Catalogue {
  const c = emptyCatalogue();
  c.organizations.push({ id: 'o', name: 'Correos', description: 'Postal operator' });
  for (const l of ['A', 'B']) c.locations.push({ id: l, location_type: 'physical', organization_id: 'o', external_identifier: l, external_identifier_type: 'osm', timezone: 'Europe/Madrid' });
  c.services.push({ id: 'passport', organization_id: 'o', name: 'Passport application', status: 'active' }, { id: 'wifi', organization_id: 'o', name: 'Wi-Fi', status: 'active' });
  c.service_at_locations.push({ id: 'A.passport', service_id: 'passport', location_id: 'A' }, { id: 'A.wifi', service_id: 'wifi', location_id: 'A' }, { id: 'B.wifi', service_id: 'wifi', location_id: 'B' });
  c.schedules.push(
    { id: 'A.hours', location_id: 'A', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '14:30' },
    { id: 'A.passport.hours', service_at_location_id: 'A.passport', freq: 'WEEKLY', byday: 'MO,WE', opens_at: '09:00', closes_at: '12:00' },
    { id: 'B.hours', location_id: 'B', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '13:00' },
  );
  return readCatalogue(officeChange(c, 'none', {})).catalogue;
}
const change = (locationId: string, c: Parameters<typeof officeChange>[2]) => readCatalogue(officeChange(catalogue(), locationId, c));
const ids = (records: { id?: unknown }[]) => records.map((r) => String(r.id)).sort();

test('no change gives the catalogue back as it was', () => {
  const { catalogue: next, issues } = change('A', {});
  assert.deepEqual(issues, []);
  assert.deepEqual(next, catalogue());
  assert.deepEqual(officeOffers(next, 'A'), { serviceIds: ['passport', 'wifi'], hours: [catalogue().schedules[0]] });
});

test('a service dropped takes its hours at the office with it; one added gets a fresh id; other offices untouched', () => {
  const { catalogue: next, issues } = change('B', { serviceIds: ['passport'] });
  assert.deepEqual(issues, []);
  assert.deepEqual(ids(next.service_at_locations), ['A.passport', 'A.wifi', 'B.passport']);
  const dropped = change('A', { serviceIds: ['wifi'] }).catalogue;
  assert.deepEqual(ids(dropped.service_at_locations), ['A.wifi', 'B.wifi']);
  assert.deepEqual(ids(dropped.schedules), ['A.hours', 'B.hours']);
  // A fresh id that would collide is suffixed.
  const c = catalogue();
  c.service_at_locations.push({ id: 'B.passport', service_id: 'passport', location_id: 'A' });
  c.service_at_locations = c.service_at_locations.filter((s) => s.id !== 'A.passport');
  assert.deepEqual(ids(readCatalogue(officeChange(c, 'B', { serviceIds: ['passport', 'wifi'] })).catalogue.service_at_locations), ['A.wifi', 'B.passport', 'B.passport-2', 'B.wifi']);
});

test('new hours replace the office\'s own, not its services\' hours', () => {
  const hours = [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:00', closes_at: '15:00' }, { valid_from: '2026-12-24', valid_to: '2026-12-24', description: 'Closed' }];
  const { catalogue: next, issues } = change('A', { hours });
  assert.deepEqual(issues, []);
  assert.deepEqual(officeOffers(next, 'A').hours.map((h) => [h.id, h.opens_at, h.valid_from]), [['A.hours.1', '08:00', null], ['A.hours.2', null, '2026-12-24']]);
  assert.ok(next.schedules.some((s) => s.id === 'A.passport.hours'));
  // An owner given with the hours is the office, whatever the request said.
  assert.deepEqual(officeOffers(change('A', { hours: [{ ...hours[0], service_id: 'wifi' }] }).catalogue, 'A').hours.length, 1);
});

test('refused as an import would be, naming the request\'s field', () => {
  const refused = (c: Parameters<typeof officeChange>[2]) => change('A', c).issues.map((i) => formatIssue(i.file, i));
  assert.deepEqual(refused({ serviceIds: ['wifi', 'tax-return'] }), ['request:$.serviceIds[1]: service_id="tax-return": no services record has this id']);
  assert.deepEqual(refused({ hours: [{ freq: 'WEEKLY', byday: 'MO', opens_at: '15:00', closes_at: '09:00' }] }), [
    'request:$.hours[0]: closes_at="09:00": closes before it opens (15:00); hours past midnight are two schedules',
  ]);
  assert.deepEqual(refused({ hours: [{ freq: 'WEEKLY', byday: 'XX', opens_at: '09:00', closes_at: '12:00' }] }).length, 1);
});
