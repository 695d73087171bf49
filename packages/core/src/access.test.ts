import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PUBLIC, canCreateOrDeleteSite, canEditOffice, canEditSite, canGrant, canManageGrant, canManageCountry, canReadPrivate, canSubmitMeasurements, principal, privateScope } from './access.js';

const admin = principal({ role: 'admin' });
const kenya = principal({ role: 'country_manager', countries: ['KEN'] });
const staff = principal({ role: 'office_staff', countries: ['KEN'], siteIds: [7] });
const device = principal({ role: 'device', countries: ['KEN'], siteIds: [7] });

test('a country manager manages its countries only; admins all; nobody else any', () => {
  assert.equal(canManageCountry(kenya, 'KEN'), true);
  assert.equal(canManageCountry(kenya, 'UGA'), false);
  assert.equal(canManageCountry(admin, 'UGA'), true);
  for (const p of [staff, device, PUBLIC]) assert.equal(canReadPrivate(p, 'KEN'), false);
  assert.deepEqual([privateScope(admin), privateScope(kenya), privateScope(PUBLIC)], [null, ['KEN'], []]);
});

test('office staff change status and services of their own offices, and nothing else', () => {
  const office = { id: 7, country: 'KEN' };
  assert.equal(canEditSite(staff, office, ['isConnected', 'services']), true);
  assert.equal(canEditSite(staff, office, ['lat']), false, 'not where the office is');
  assert.equal(canEditSite(staff, { id: 8, country: 'KEN' }, ['services']), false, 'not another office');
  assert.equal(canEditSite(kenya, office, ['lat', 'name']), true);
  assert.equal(canEditSite(PUBLIC, office, ['services']), false);
  assert.equal(canCreateOrDeleteSite(staff, 'KEN'), false);
});

test('a device reports for its one site; managers grant only lesser roles in their countries', () => {
  assert.equal(canSubmitMeasurements(device, 7), true);
  assert.equal(canSubmitMeasurements(device, 8), false);
  assert.equal(canSubmitMeasurements(kenya, 7), false, 'measurements come from devices');
  assert.equal(canGrant(kenya, 'device', ['KEN']), true);
  assert.equal(canGrant(kenya, 'device', ['UGA']), false);
  assert.equal(canGrant(kenya, 'country_manager', ['KEN']), false);
  assert.equal(canGrant(kenya, 'office_staff', []), false, 'a grant without a country would reach nowhere or everywhere');
  assert.equal(canGrant(admin, 'admin', []), true);
  assert.equal(canGrant(staff, 'device', ['KEN']), false);
  assert.deepEqual([canManageGrant(kenya, ['KEN']), canManageGrant(kenya, ['KEN', 'UGA']), canManageGrant(kenya, []), canManageGrant(admin, [])], [true, false, false, true]);
});

test('an office\'s services and training: its own staff and its country\'s managers', () => {
  const office = { id: 7, country: 'ESP' };
  assert.equal(canEditOffice(principal({ role: 'office_staff', siteIds: [7] }), office), true);
  assert.equal(canEditOffice(principal({ role: 'office_staff', siteIds: [8] }), office), false);
  assert.equal(canEditOffice(principal({ role: 'country_manager', countries: ['ESP'] }), office), true);
  assert.equal(canEditOffice(principal({ role: 'country_manager', countries: ['PRT'] }), office), false);
  assert.equal(canEditOffice(principal({ role: 'device', siteIds: [7] }), office), false);
  assert.equal(canEditOffice(PUBLIC, office), false);
  assert.equal(canEditOffice(principal({ role: 'admin' }), office), true);
});
