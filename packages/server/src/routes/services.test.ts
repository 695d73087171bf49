import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { emptyCatalogue, type Catalogue } from '@postatlas/core';
import { importFile } from '@postatlas/importers';
import { createSite, createUser, listAudit, upsertDataset, writeCatalogue, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { hashPassword } from '../crypto.js';
import { RECHECK_MS } from '../fresh.js';
import { signIn } from '../test-support.js';

// Puerta del Sol; offices A and B 1 and 2 km east; C in Las Palmas.
const SOL = '40.4168,-3.7038';

function catalogue(): Catalogue {
  const c = emptyCatalogue();
  c.taxonomy_terms.push(
    { id: 't-egov', code: 'egov', name: 'E-government', parent_id: null, taxonomy: 'postatlas-digital-services' },
    { id: 't-passport', code: 'egov.passport', name: 'Passport application', parent_id: 't-egov', taxonomy: 'postatlas-digital-services' },
    { id: 't-wifi', code: 'connectivity.wifi', name: 'Public Wi-Fi', parent_id: null, taxonomy: 'postatlas-digital-services' },
  );
  c.organizations.push({ id: 'o', name: 'Correos', description: 'Postal operator' });
  for (const [l, tz] of [['A', 'Europe/Madrid'], ['B', 'Europe/Madrid'], ['C', 'Atlantic/Canary']]) {
    c.locations.push({ id: l!, location_type: 'physical', organization_id: 'o', name: `Oficina ${l}`, external_identifier: l!, external_identifier_type: 'test', timezone: tz! });
    c.schedules.push({ id: `${l}.hours`, location_id: l!, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '14:30' });
  }
  c.services.push({ id: 'passport', organization_id: 'o', name: 'Passport application', status: 'active' }, { id: 'wifi', organization_id: 'o', name: 'Free Wi-Fi', status: 'active' });
  c.service_at_locations.push(
    { id: 'A.passport', service_id: 'passport', location_id: 'A' }, { id: 'B.passport', service_id: 'passport', location_id: 'B' },
    { id: 'C.passport', service_id: 'passport', location_id: 'C' }, { id: 'A.wifi', service_id: 'wifi', location_id: 'A' },
  );
  c.attributes.push({ id: 'a1', link_id: 'passport', link_entity: 'service', taxonomy_term_id: 't-passport' }, { id: 'a2', link_id: 'wifi', link_entity: 'service', taxonomy_term_id: 't-wifi' });
  c.languages.push({ id: 'g1', location_id: 'B', code: 'en' }, { id: 'g2', location_id: 'B', code: 'es' });
  c.accessibility.push({ id: 'x1', location_id: 'B', description: 'Wheelchair accessible' });
  return c;
}

for (const backend of await testBackends()) {
  describe(`services API and locator page on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    const site: Record<string, number> = {};
    const headers: Record<string, Record<string, string>> = {};
    const password = 'correct horse battery staple';

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db, webRoot: null });
      await upsertDataset(db, { name: 'api-esp', layer: 'sites', source: 'api', format: 'api', attribution: 'Test offices (CC0)' });
      for (const [l, lat, lon] of [['A', 40.4168, -3.7038 + 1 / 84.8], ['B', 40.4168, -3.7038 + 2 / 84.8], ['C', 28.1235, -15.4363]] as const) {
        site[l] = (await createSite(db, { sourceId: l, name: `Correos ${l}`, siteType: 'post_office', country: 'ESP', lat, lon }, 'test')).id;
      }
      await db.transaction((tx) => writeCatalogue(tx, 'ESP', catalogue(), new Map(Object.entries(site))));
      const passwordHash = await hashPassword(password);
      await createUser(db, { email: 'a@correos.example', passwordHash, role: 'office_staff', siteIds: [site.A!] });
      await createUser(db, { email: 'esp@example.org', passwordHash, role: 'country_manager', countries: ['ESP'] });
      await createUser(db, { email: 'prt@example.org', passwordHash, role: 'country_manager', countries: ['PRT'] });
      headers.staff = await signIn(app, 'a@correos.example', password);
      headers.manager = await signIn(app, 'esp@example.org', password);
      headers.other = await signIn(app, 'prt@example.org', password);
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test('the locator API: nearest first, open at the time asked, filters; an unknown service is a 404 naming the codes', async () => {
      const get = (query: string) => app.inject({ url: `/api/services/locate?${query}` });
      const r = await get(`service=pasaporte&near=${SOL}&at=2026-12-02T09:00:00Z`);
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.deepEqual(body.items.map((i: { office: string; distanceM: number; opening: unknown; country: string }) => [i.office, Math.round(i.distanceM / 100), i.opening, i.country]), [
        ['Oficina A', 10, { state: 'open', closesAt: '14:30' }, 'ESP'], ['Oficina B', 20, { state: 'open', closesAt: '14:30' }, 'ESP'],
      ]);
      assert.deepEqual(body.near, { lat: 40.4168, lon: -3.7038 });
      assert.deepEqual((await get(`service=egov.passport&near=${SOL}&at=2026-12-02T16:00:00Z`)).json().items, []);
      assert.equal((await get(`service=egov.passport&near=${SOL}&at=2026-12-02T16:00:00Z&anyTime=true`)).json().items.length, 2);
      assert.deepEqual((await get(`service=egov&near=${SOL}&at=2026-12-02T09:00:00Z&wheelchair=true&language=en`)).json().items.map((i: { office: string }) => i.office), ['Oficina B']);
      assert.deepEqual((await get(`service=wifi&near=${SOL}&at=2026-12-02T09:00:00Z&withinKm=1.5`)).json().items.map((i: { service: string }) => i.service), ['Free Wi-Fi']);
      const unknown = await get(`service=fishing&near=${SOL}`);
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.json().detail, /no taxonomy term matches "fishing" \(codes: .*egov\.passport/);
      assert.equal((await get('service=passport&near=91,0')).statusCode, 400);
      assert.equal((await get('service=passport&near=madrid')).statusCode, 400);
    });

    test('indicators: offices per category and admin area; people within 5 km of e-government, each counted once', async () => {
      // 1,000 people at Sol (1 and 2 km from A and B), 300 at 8 km east of Sol (6–7 km from A and B), 50 at C.
      const file = join(mkdtempSync(join(tmpdir(), 'postatlas-people-')), 'people.csv');
      writeFileSync(file, `source_id,lat,lon,population\nsol,40.4168,-3.7038,1000\neast,40.4168,${-3.7038 + 8 / 84.8},300\ncanarias,28.1235,-15.4363,50\n`);
      await importFile(db, { layer: 'population', file, country: 'ESP' });
      const r = await app.inject({ url: '/api/services/ESP/indicators' });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.equal(body.postOffices, 3);
      assert.deepEqual(body.categories.map((c: { category: string; offices: number }) => [c.category, c.offices]), [['connectivity', 1], ['egov', 3]]);
      assert.deepEqual(body.categories[1].byAdmin1, [{ admin1: '', offices: 3, postOffices: 3 }]);
      assert.deepEqual(body.egovReach, { radiusM: 5000, offices: 3, people: 1050, population: 1350, share: 1050 / 1350 });

      // 200 more people at Sol, imported as the CLI does (not through this server): seen once the kept answer is checked again.
      writeFileSync(file, `source_id,lat,lon,population\nsol,40.4168,-3.7038,1000\nsol2,40.4168,-3.7038,200\neast,40.4168,${-3.7038 + 8 / 84.8},300\ncanarias,28.1235,-15.4363,50\n`);
      await importFile(db, { layer: 'population', file, country: 'ESP' });
      await new Promise((resolve) => setTimeout(resolve, RECHECK_MS + 100));
      assert.deepEqual((await app.inject({ url: '/api/services/ESP/indicators' })).json().egovReach, { radiusM: 5000, offices: 3, people: 1250, population: 1550, share: 1250 / 1550 });
    });

    test('places by name in the catalogues\' countries; terms named in a language; the catalogue as HSDS JSON', async () => {
      const places = (await app.inject({ url: '/api/services/places?q=las%20palmas' })).json();
      assert.equal(places.items[0].name, 'Las Palmas de Gran Canaria');
      assert.ok(places.items.every((p: { country: string }) => p.country === 'ESP'));
      assert.match(places.attribution, /GeoNames/);
      const terms = (await app.inject({ url: '/api/services/terms?lang=fr' })).json();
      assert.deepEqual(terms.find((t: { code: string }) => t.code === 'egov.passport'), { code: 'egov.passport', name: 'Demande de passeport', parent: 'egov', countries: ['ESP'] });
      const hsds = await app.inject({ url: '/api/services/ESP/catalogue' });
      assert.equal(hsds.statusCode, 200);
      assert.equal(hsds.json().services.length, 2);
      assert.equal((await app.inject({ url: '/api/services/PRT/catalogue' })).statusCode, 404);
    });

    test('an office\'s staff set its services and hours; others may not; a broken rule is a 422 naming the field', async () => {
      const url = `/api/sites/${site.A}/services`;
      const read = (await app.inject({ url })).json();
      assert.deepEqual(read.offers.map((o: { serviceId: string }) => o.serviceId), ['passport', 'wifi']);
      const payload = { serviceIds: ['wifi'], hours: [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA', opens_at: '09:00', closes_at: '13:00' }] };
      assert.equal((await app.inject({ method: 'PUT', url, payload })).statusCode, 401);
      assert.equal((await app.inject({ method: 'PUT', url: `/api/sites/${site.B}/services`, payload, headers: headers.staff })).statusCode, 403);
      assert.equal((await app.inject({ method: 'PUT', url, payload, headers: headers.other })).statusCode, 403);
      const bad = await app.inject({ method: 'PUT', url, payload: { hours: [{ freq: 'WEEKLY', byday: 'MO', opens_at: '13:00', closes_at: '09:00' }] }, headers: headers.staff });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(bad.json().errors.map((e: { where: string; field: string }) => `${e.where} ${e.field}`), ['$.hours[0] closes_at']);
      const ok = await app.inject({ method: 'PUT', url, payload, headers: headers.staff });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().offers.map((o: { serviceId: string }) => o.serviceId), ['wifi']);
      assert.deepEqual(ok.json().hours.map((h: { byday: string }) => h.byday), ['MO,TU,WE,TH,FR,SA']);
      // Saturday 5 December 10:00 in Madrid: A now opens; its passports are gone.
      const saturday = (await app.inject({ url: `/api/services/locate?service=wifi&near=${SOL}&at=2026-12-05T09:30:00Z` })).json();
      assert.deepEqual(saturday.items.map((i: { office: string }) => i.office), ['Oficina A']);
      const [entry] = await listAudit(db, { countries: ['ESP'], entity: 'office_services' });
      assert.equal(entry!.entityId, String(site.A));
      assert.equal((await app.inject({ method: 'PUT', url, payload: { serviceIds: ['wifi', 'passport'], hours: [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '14:30' }] }, headers: headers.manager })).statusCode, 200);
    });

    test('staff propose a term, a manager of the country decides it once', async () => {
      const payload = { code: 'egov.fishing-licence', name: 'Fishing licence', parentId: 't-egov' };
      assert.equal((await app.inject({ method: 'POST', url: '/api/services/ESP/proposals', payload })).statusCode, 401);
      assert.equal((await app.inject({ method: 'POST', url: '/api/services/PRT/proposals', payload, headers: headers.staff })).statusCode, 403);
      const proposed = await app.inject({ method: 'POST', url: '/api/services/ESP/proposals', payload, headers: headers.staff });
      assert.equal(proposed.statusCode, 201, proposed.body);
      assert.equal((await app.inject({ method: 'POST', url: '/api/services/ESP/proposals', payload, headers: headers.staff })).statusCode, 422);
      const id = proposed.json().id;
      const decide = (h: Record<string, string>) => app.inject({ method: 'POST', url: `/api/services/proposals/${id}/decision`, payload: { approve: true }, headers: h });
      assert.equal((await decide(headers.staff!)).statusCode, 403);
      assert.equal((await decide(headers.other!)).statusCode, 403);
      assert.equal((await decide(headers.manager!)).json().status, 'approved');
      assert.equal((await decide(headers.manager!)).statusCode, 409);
      const terms = (await app.inject({ url: '/api/services/terms?country=ESP' })).json();
      assert.ok(terms.some((t: { code: string; parent: string }) => t.code === 'egov.fishing-licence' && t.parent === 'egov'));
      assert.equal((await app.inject({ url: '/api/services/ESP/proposals?status=approved', headers: headers.staff })).json().length, 1);
    });

    test('the locator page: plain HTML that answers by GET, in the visitor\'s language', async () => {
      const page = async (query: string, h: Record<string, string> = {}) => {
        const r = await app.inject({ url: `/locator?${query}`, headers: h });
        assert.equal(r.statusCode, 200, r.body);
        assert.match(r.headers['content-type'] as string, /^text\/html/);
        return r.body;
      };
      const empty = await page('');
      assert.match(empty, /<form method="get" action="\/locator"/);
      assert.match(empty, /<option value="egov.passport">  Passport application<\/option>/);
      // The only script is the optional enhancement.
      assert.deepEqual(empty.match(/<script[^>]*>/g), ['<script src="/locator.js" defer data-label="Use my position">']);

      const near = await page(`service=egov.passport&place=${encodeURIComponent('40.4168, -3.7038')}&when=any`);
      const offices = [...near.matchAll(/<h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
      assert.deepEqual(offices, ['Oficina A', 'Oficina B']);
      assert.match(near, /1 km away/);
      assert.match(near, /href="geo:40.4168,-3.6920\d*"/);
      assert.match(near, /Test offices \(CC0\) · Places: GeoNames/);
      // The same offices on a map drawn in the page, numbered as in the list: no script, no tiles.
      assert.match(near, /<svg [^>]*data-testid="locator-map"/);
      assert.deepEqual([...near.matchAll(/<text [^>]*font-weight="700"[^>]*>(\d+)<\/text>/g)].map((m) => m[1]).sort(), ['1', '2']);

      const madrid = await page('service=egov.passport&place=madrid&when=any&lang=es');
      assert.match(madrid, /<html lang="es" dir="ltr">/);
      assert.match(madrid, /Cerca de Madrid, de más cerca a más lejos/);
      assert.match(madrid, /Otro lugar con ese nombre:.*pick=1/s);

      // Wednesday 10:00 and 16:00, Madrid time, asked as the wall clock there.
      assert.equal([...(await page('service=egov.passport&place=40.4168,-3.7038&when=at&date=2026-12-02&time=10:00')).matchAll(/<h3>/g)].length, 2);
      const late = await page('service=egov.passport&place=40.4168,-3.7038&when=at&date=2026-12-02&time=16:00');
      assert.match(late, /No post office within 25 km offers this service at this time/);
      assert.match(late, /when=any/);

      const arabic = await page('service=egov.passport&place=40.4168,-3.7038&when=any', { 'accept-language': 'ar-MA,fr;q=0.8' });
      assert.match(arabic, /<html lang="ar" dir="rtl">/);
      assert.match(arabic, /طلب جواز السفر/);
      assert.match(await page('', { 'accept-language': 'de-DE,fr;q=0.7,en;q=0.5' }), /<html lang="fr"/);

      assert.match(await page('service=egov.passport&place=Nowhereville'), /role="alert">No place called “Nowhereville”/);
      assert.match(await page('service=egov.passport'), /Choose a service and say where you are/);
      const hostile = await page(`service=egov.passport&place=${encodeURIComponent('<script>alert(1)</script>')}`);
      assert.ok(!hostile.includes('<script>alert'));
      assert.match(hostile, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(await page('service=astronaut&place=40.4168,-3.7038'), /no taxonomy term matches &quot;astronaut&quot;/);
      assert.match((await app.inject({ url: '/locator.js' })).body, /navigator\.geolocation/);
    });
  });
}
