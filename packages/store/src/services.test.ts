import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { canonicalCatalogue, emptyCatalogue, locatorBoxes, rankServices, type Catalogue } from '@postatlas/core';
import { backup, restore } from './backup.js';
import type { Database } from './database.js';
import { catalogueCountries, catalogueTerms, locatorCandidates, readCatalogueOf, writeCatalogue } from './services.js';
import { createSite, deleteSite } from './site-writes.js';
import { testBackends } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'postatlas-services-'));
// Puerta del Sol; offices 1 and 2 km east, one in the Canaries.
const SOL = { lat: 40.4168, lon: -3.7038 };

/** Two Madrid offices (A, B) offering passport applications, B wheelchair accessible and speaking English, and a Canary office (C). */
function catalogue(): Catalogue {
  const c = emptyCatalogue();
  c.taxonomy_terms.push(
    { id: 't-egov', code: 'egov', name: 'E-government', parent_id: null, taxonomy: 'postatlas-digital-services' },
    { id: 't-passport', code: 'egov.passport', name: 'Passport application', parent_id: 't-egov', taxonomy: 'postatlas-digital-services' },
    { id: 't-wifi', code: 'connectivity.wifi', name: 'Public Wi-Fi', parent_id: null, taxonomy: 'postatlas-digital-services' },
  );
  c.organizations.push({ id: 'o-interior', name: 'Ministerio del Interior', description: 'Passports (illustrative)' }, { id: 'o-post', name: 'Correos', description: 'Postal operator' });
  const loc = (id: string, sourceId: string, timezone = 'Europe/Madrid') =>
    ({ id, location_type: 'physical', organization_id: 'o-post', name: `Oficina ${sourceId}`, external_identifier: sourceId, external_identifier_type: 'api-esp', timezone });
  c.locations.push(loc('l-a', 'A'), loc('l-b', 'B'), loc('l-c', 'C', 'Atlantic/Canary'));
  c.services.push(
    { id: 's-passport', organization_id: 'o-interior', name: 'Passport application', status: 'active', fees_description: '30 EUR' },
    { id: 's-wifi', organization_id: 'o-post', name: 'Free Wi-Fi', status: 'active' },
  );
  c.service_at_locations.push(
    { id: 'sal-a', service_id: 's-passport', location_id: 'l-a' }, { id: 'sal-b', service_id: 's-passport', location_id: 'l-b' },
    { id: 'sal-c', service_id: 's-passport', location_id: 'l-c' }, { id: 'sal-wifi-a', service_id: 's-wifi', location_id: 'l-a' },
  );
  for (const l of ['l-a', 'l-b', 'l-c']) c.schedules.push({ id: `h-${l}`, location_id: l, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '14:30' });
  c.schedules.push({ id: 'h-a-hol', location_id: 'l-a', valid_from: '2026-12-09', valid_to: '2026-12-09', description: 'Closed: local holiday' });
  c.schedules.push({ id: 'h-passport', service_id: 's-passport', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '14:00' });
  c.attributes.push(
    { id: 'a-passport', link_id: 's-passport', link_entity: 'service', taxonomy_term_id: 't-passport' },
    { id: 'a-wifi', link_id: 's-wifi', link_entity: 'service', taxonomy_term_id: 't-wifi' },
  );
  c.languages.push({ id: 'g-a', location_id: 'l-a', code: 'es' }, { id: 'g-b', location_id: 'l-b', code: 'es' }, { id: 'g-b-en', location_id: 'l-b', code: 'en' });
  c.accessibility.push({ id: 'x-b', location_id: 'l-b', description: 'Wheelchair accessible', details: 'Step-free entrance' });
  c.cost_options.push({ id: 'c-passport', service_id: 's-passport', currency: 'EUR', amount: 30, option: 'Ordinary' });
  c.required_documents.push({ id: 'd-passport', service_id: 's-passport', document: 'DNI' });
  return c;
}

const totals = (counts: Record<string, { inserted: number; updated: number; unchanged: number; removed: number }>) =>
  Object.values(counts).reduce((t, c) => ({ inserted: t.inserted + c.inserted, updated: t.updated + c.updated, unchanged: t.unchanged + c.unchanged, removed: t.removed + c.removed }), { inserted: 0, updated: 0, unchanged: 0, removed: 0 });

for (const backend of await testBackends()) {
  describe(`services catalogue on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let sites: Map<string, number>;
    before(async () => {
      db = await backend.open();
      const site = (sourceId: string, lat: number, lon: number) => createSite(db, { sourceId, name: `Correos ${sourceId}`, siteType: 'post_office', country: 'ESP', lat, lon }, 'test');
      const [a, b, c] = [await site('A', SOL.lat, SOL.lon + 1 / 84.8), await site('B', SOL.lat, SOL.lon + 2 / 84.8), await site('C', 28.1235, -15.4363)];
      sites = new Map([['l-a', a.id], ['l-b', b.id], ['l-c', c.id]]);
    });
    after(async () => {
      await db?.close();
    });

    test('written in place: the same catalogue again changes nothing; a change updates, an absence removes', async () => {
      const first = await db.transaction((tx) => writeCatalogue(tx, 'ESP', catalogue(), sites));
      assert.deepEqual(totals(first), { inserted: 27, updated: 0, unchanged: 0, removed: 0 });
      assert.deepEqual(first.schedules, { inserted: 5, updated: 0, unchanged: 0, removed: 0 });
      assert.deepEqual(canonicalCatalogue(await readCatalogueOf(db, 'ESP')), canonicalCatalogue(catalogue()));

      const again = await db.transaction((tx) => writeCatalogue(tx, 'ESP', catalogue(), sites));
      assert.deepEqual(totals(again), { inserted: 0, updated: 0, unchanged: 27, removed: 0 });

      const changed = catalogue();
      changed.services[1]!.name = 'Wi-Fi';
      changed.cost_options = [];
      const third = await db.transaction((tx) => writeCatalogue(tx, 'ESP', changed, sites));
      assert.deepEqual(third.services, { inserted: 0, updated: 1, unchanged: 1, removed: 0 });
      assert.deepEqual(third.cost_options, { inserted: 0, updated: 0, unchanged: 0, removed: 1 });
      assert.deepEqual(canonicalCatalogue(await readCatalogueOf(db, 'ESP')), canonicalCatalogue(changed));
      await db.transaction((tx) => writeCatalogue(tx, 'ESP', catalogue(), sites));
      assert.deepEqual(await catalogueCountries(db), [{ country: 'ESP', services: 2, locations: 3 }]);
      assert.deepEqual((await readCatalogueOf(db, 'PRT')).services, []);
    });

    test('the locator finds the offers of a term inside the box, with hours, languages and access', async () => {
      const terms = (await catalogueTerms(db, ['ESP'])).filter((t) => t.code === 'egov.passport');
      const found = await locatorCandidates(db, { terms, boxes: locatorBoxes(SOL.lat, SOL.lon, 10) });
      assert.deepEqual(found.map((f) => f.locationId).sort(), ['l-a', 'l-b']);
      const b = found.find((f) => f.locationId === 'l-b')!;
      assert.equal(b.siteId, sites.get('l-b'));
      assert.deepEqual([b.name, b.timeZone, b.languages, b.wheelchair, b.serviceName], ['Oficina B', 'Europe/Madrid', ['en', 'es'], true, 'Passport application']);
      assert.deepEqual(b.locationSchedules.map((s) => s.id), ['h-l-b']);
      // The service's own hours, as it has none at this office in particular.
      assert.deepEqual(b.serviceSchedules.map((s) => s.id), ['h-passport']);
      assert.ok(Math.abs(b.lon - (SOL.lon + 2 / 84.8)) < 1e-9);

      const at = (iso: string, more = {}) => rankServices(found, { ...SOL, at: new Date(iso), withinKm: 10, ...more }).map((f) => f.locationId);
      assert.deepEqual(at('2026-12-02T09:00:00Z'), ['l-a', 'l-b']);
      // A holiday at A; the passport desk closes at 14:00 though the office stays open.
      assert.deepEqual(at('2026-12-09T09:00:00Z'), ['l-b']);
      assert.deepEqual(at('2026-12-02T13:15:00Z'), []);
      assert.deepEqual(at('2026-12-02T09:00:00Z', { wheelchair: true }), ['l-b']);
      assert.deepEqual(at('2026-12-02T09:00:00Z', { language: 'en' }), ['l-b']);
      assert.deepEqual(await locatorCandidates(db, { terms, boxes: locatorBoxes(28.1235, -15.4363, 5) }).then((r) => r.map((f) => [f.locationId, f.timeZone])), [['l-c', 'Atlantic/Canary']]);
      // Two boxes (the two sides of the antimeridian): a site in either is found, once.
      const twoBoxes = [{ west: 179.5, south: 40, east: 180, north: 41 }, ...locatorBoxes(SOL.lat, SOL.lon, 10)];
      assert.deepEqual((await locatorCandidates(db, { terms, boxes: twoBoxes })).map((f) => f.locationId).sort(), ['l-a', 'l-b']);
      assert.deepEqual(await locatorCandidates(db, { terms: [], boxes: locatorBoxes(SOL.lat, SOL.lon, 10) }), []);
    });

    test('backup and restore carry the catalogue', async () => {
      const file = join(dir, `${backend.name}.backup.gz`);
      const summary = await backup(db, file);
      const rows = Object.fromEntries(summary.tables.map((t) => [t.name, t.rows]));
      assert.deepEqual([rows.services, rows.service_locations, rows.service_schedules, rows.service_taxonomy_terms], [2, 3, 5, 3]);
      const names = summary.tables.map((t) => t.name);
      assert.ok(names.indexOf('sites') < names.indexOf('service_locations') && names.indexOf('service_locations') < names.indexOf('service_at_locations'));
      const target = await backend.open();
      try {
        await restore(target, file);
        assert.deepEqual(await readCatalogueOf(target, 'ESP'), await readCatalogueOf(db, 'ESP'));
      } finally {
        await target.close();
      }
    });

    test('a site removed takes its location and what was offered there', async () => {
      await deleteSite(db, sites.get('l-a')!, 'test');
      const c = await readCatalogueOf(db, 'ESP');
      assert.deepEqual(c.locations.map((l) => l.id), ['l-b', 'l-c']);
      assert.deepEqual(c.service_at_locations.map((s) => s.id), ['sal-b', 'sal-c']);
      assert.ok(!c.schedules.some((s) => s.location_id === 'l-a'));
      assert.ok(!c.languages.some((s) => s.location_id === 'l-a'));
    });
  });
}
