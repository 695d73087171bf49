import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { emptyCatalogue, type Catalogue } from '@postatlas/core';
import { listAudit } from './audit.js';
import type { Database } from './database.js';
import { OfficeChangeRefused, changeOfficeServices, decideTermProposal, listTermProposals, officeServices, proposeTerm } from './service-edits.js';
import { catalogueTerms, readCatalogueOf, writeCatalogue } from './services.js';
import { createSite } from './site-writes.js';
import { testBackends } from './testing.js';

/** Office A offers passports and Wi-Fi; office B Wi-Fi. */
function catalogue(): Catalogue {
  const c = emptyCatalogue();
  c.taxonomy_terms.push({ id: 't-egov', code: 'egov', name: 'E-government', parent_id: null, taxonomy: 'postatlas-digital-services' });
  c.organizations.push({ id: 'o', name: 'Correos', description: 'Postal operator' });
  for (const l of ['A', 'B']) c.locations.push({ id: l, location_type: 'physical', organization_id: 'o', name: `Oficina ${l}`, external_identifier: l, external_identifier_type: 'test', timezone: 'Europe/Madrid' });
  c.services.push({ id: 'passport', organization_id: 'o', name: 'Passport application', status: 'active' }, { id: 'wifi', organization_id: 'o', name: 'Wi-Fi', status: 'active' });
  c.service_at_locations.push({ id: 'A.passport', service_id: 'passport', location_id: 'A' }, { id: 'A.wifi', service_id: 'wifi', location_id: 'A' }, { id: 'B.wifi', service_id: 'wifi', location_id: 'B' });
  c.schedules.push({ id: 'A.hours', location_id: 'A', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '14:30' });
  c.attributes.push({ id: 'a-passport', link_id: 'passport', link_entity: 'service', taxonomy_term_id: 't-egov' });
  return c;
}

for (const backend of await testBackends()) {
  describe(`catalogue edits on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    const site: Record<string, number> = {};
    before(async () => {
      db = await backend.open();
      for (const [l, lon] of [['A', -3.70], ['B', -3.69], ['C', -3.68]] as const) {
        site[l] = (await createSite(db, { sourceId: l, name: `Correos ${l}`, siteType: 'post_office', country: 'ESP', lat: 40.41, lon }, 'test')).id;
      }
      await db.transaction((tx) => writeCatalogue(tx, 'ESP', catalogue(), new Map([['A', site.A!], ['B', site.B!]])));
    });
    after(async () => {
      await db?.close();
    });

    test('an office\'s services and hours, and what it may offer', async () => {
      const a = (await officeServices(db, site.A!))!;
      assert.deepEqual([a.country, a.locationId, a.timeZone], ['ESP', 'A', 'Europe/Madrid']);
      assert.deepEqual(a.offers.map((o) => [o.serviceId, o.terms]), [['passport', ['egov']], ['wifi', []]]);
      assert.deepEqual(a.hours.map((h) => [h.id, h.opens_at]), [['A.hours', '08:30']]);
      assert.deepEqual(a.available.map((s) => s.serviceId), ['passport', 'wifi']);
      const c = (await officeServices(db, site.C!))!;
      assert.equal(c.locationId, null);
      assert.equal(await officeServices(db, 2_000_000_000), null);
    });

    test('staff change their office: written with an audit entry; a broken rule writes nothing', async () => {
      const hours = [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA', opens_at: '09:00', closes_at: '14:00' }];
      const b = await changeOfficeServices(db, { siteId: site.B!, change: { serviceIds: ['wifi', 'passport'], hours }, actor: 'staff@b' });
      assert.deepEqual(b.offers.map((o) => o.serviceId), ['passport', 'wifi']);
      assert.deepEqual(b.hours.map((h) => [h.id, h.byday]), [['B.hours.1', 'MO,TU,WE,TH,FR,SA']]);
      const [entry] = await listAudit(db, { countries: ['ESP'] });
      assert.deepEqual([entry!.actor, entry!.action, entry!.entity, entry!.entityId], ['staff@b', 'update', 'office_services', String(site.B)]);
      assert.deepEqual((entry!.before as { serviceIds: string[] }).serviceIds, ['wifi']);
      assert.deepEqual((entry!.after as { serviceIds: string[] }).serviceIds, ['passport', 'wifi']);

      const before = await readCatalogueOf(db, 'ESP');
      await assert.rejects(changeOfficeServices(db, { siteId: site.A!, change: { serviceIds: ['tax'], hours: [{ freq: 'WEEKLY', byday: 'MO', opens_at: '15:00', closes_at: '09:00' }] }, actor: 'staff@a' }),
        (err: unknown) => err instanceof OfficeChangeRefused && err.issues.map((i) => `${i.where} ${i.field}`).sort().join('; ') === '$.hours[0] closes_at; $.serviceIds[0] service_id');
      await assert.rejects(changeOfficeServices(db, { siteId: site.C!, change: { serviceIds: ['wifi'] }, actor: 'staff@c' }), OfficeChangeRefused);
      assert.deepEqual(await readCatalogueOf(db, 'ESP'), before);
    });

    test('an office\'s slice: its own records and those of no location; an edit writes only there, new ids clear of others\'', async () => {
      // B's hours under an id that begins with A's: an import may name records as it likes.
      await db.transaction(async (tx) => {
        const c = await readCatalogueOf(tx, 'ESP');
        c.schedules.push({ id: 'A.hours.1', location_id: 'B', freq: 'WEEKLY', byday: 'SU', opens_at: '10:00', closes_at: '12:00' });
        await writeCatalogue(tx, 'ESP', c, new Map([['A', site.A!], ['B', site.B!]]));
      });
      const slice = await readCatalogueOf(db, 'ESP', 'A');
      assert.deepEqual(slice.locations.map((l) => l.id), ['A']);
      assert.deepEqual(slice.service_at_locations.map((r) => r.id), ['A.passport', 'A.wifi']);
      assert.deepEqual(slice.schedules.map((r) => r.location_id), ['A']);
      assert.deepEqual([slice.services.length, slice.attributes.length, slice.taxonomy_terms.length, slice.organizations.length], [2, 1, 1, 1]);

      const before = await readCatalogueOf(db, 'ESP');
      const hours = [{ freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '13:00' }];
      const a = await changeOfficeServices(db, { siteId: site.A!, change: { serviceIds: ['wifi'], hours }, actor: 'staff@a' });
      assert.deepEqual(a.hours.map((h) => h.id), ['A.hours.1-2'], 'B\'s A.hours.1 is not taken over');
      const after = await readCatalogueOf(db, 'ESP');
      const others = (c: typeof before) => ({
        ...c, service_at_locations: c.service_at_locations.filter((r) => r.location_id !== 'A'), schedules: c.schedules.filter((r) => r.location_id !== 'A'),
      });
      assert.deepEqual(others(after), others(before), 'nothing of B or of no location changed');
      assert.deepEqual(after.service_at_locations.filter((r) => r.location_id === 'A').map((r) => r.id), ['A.wifi']);
    });

    test('a proposed term joins the taxonomy only when a manager approves it', async () => {
      const p = await proposeTerm(db, { country: 'ESP', code: 'egov.fishing-licence', name: 'Fishing licence', parentId: 't-egov', actor: 'staff@a' });
      assert.equal(p.status, 'pending');
      await assert.rejects(proposeTerm(db, { country: 'ESP', code: 'egov.fishing-licence', name: 'Again', actor: 'staff@b' }), /already proposed/);
      await assert.rejects(proposeTerm(db, { country: 'ESP', code: 'egov', name: 'E-gov', actor: 'staff@b' }), /already a term/);
      await assert.rejects(proposeTerm(db, { country: 'ESP', code: 'x', name: 'X', parentId: 'nope', actor: 'staff@b' }), OfficeChangeRefused);
      assert.ok(!(await catalogueTerms(db, ['ESP'])).some((t) => t.code === 'egov.fishing-licence'));

      const approved = (await decideTermProposal(db, { id: p.id, approve: true, actor: 'manager@esp' }))!;
      assert.deepEqual([approved.status, approved.decidedBy], ['approved', 'manager@esp']);
      const term = (await catalogueTerms(db, ['ESP'])).find((t) => t.code === 'egov.fishing-licence')!;
      assert.deepEqual([term.id, term.name, term.parent_id], ['egov.fishing-licence', 'Fishing licence', 't-egov']);
      assert.equal(await decideTermProposal(db, { id: p.id, approve: false, actor: 'manager@esp' }), null);

      const q = await proposeTerm(db, { country: 'ESP', code: 'finance.crypto', name: 'Crypto', actor: 'staff@a' });
      assert.equal((await decideTermProposal(db, { id: q.id, approve: false, reason: 'not a public service', actor: 'manager@esp' }))!.status, 'rejected');
      assert.ok(!(await catalogueTerms(db, ['ESP'])).some((t) => t.code === 'finance.crypto'));
      assert.deepEqual((await listTermProposals(db, 'ESP')).map((x) => [x.code, x.status]), [['finance.crypto', 'rejected'], ['egov.fishing-licence', 'approved']]);
      assert.deepEqual(await listTermProposals(db, 'ESP', 'pending'), []);
      const audit = await listAudit(db, { countries: ['ESP'] });
      assert.deepEqual(audit.slice(0, 4).map((e) => e.action), ['reject', 'propose', 'approve', 'propose']);
    });
  });
}
