import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { canonicalCatalogue, formatIssue, locatorBoxes, matchTerms, rankServices } from '@postatlas/core';
import { catalogueTerms, createSite, listAudit, locatorCandidates, readCatalogueOf, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { CountryBoundaries } from './countries.js';
import { dataPath } from './formats/test-data.js';
import { importFile } from './index.js';
import { ServicesImportRefused, catalogueJson, importServices, writeCatalogueCsv, type ServicesImportReport } from './services.js';

const boundaries = CountryBoundaries.load();
const tmp = mkdtempSync(join(tmpdir(), 'postatlas-services-'));
let n = 0;
const write = (name: string, text: string) => {
  const path = join(tmp, String(++n), name);
  mkdirSync(join(tmp, String(n)));
  writeFileSync(path, text);
  return path;
};
const csvDir = (files: Record<string, string[]>) => {
  const dir = join(tmp, `${++n}-csv`);
  mkdirSync(dir);
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join('\r\n')}\r\n`);
  return dir;
};

async function refused(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServicesImportRefused) return err.report.issues.map((i) => formatIssue(i.file, i));
    throw err;
  }
  assert.fail('the import was not refused');
}

/** Spain's OSM post offices, as the demo imports them: the sites the demo catalogue names. */
async function demoSites(db: Database): Promise<void> {
  await importFile(db, {
    layer: 'sites', file: dataPath('osm-spain-post-offices', 'post-offices.csv'), country: 'ESP', dataset: 'osm-spain-post-offices', skipInvalid: true, boundaries, importedBy: 'test',
  });
}

/** A small catalogue as JSON tables: passport applications at two Madrid offices (sites A and B of the API dataset). */
const small = () => ({
  taxonomy_terms: [{ id: 't-passport', code: 'egov.passport', name: 'Passport application', taxonomy: 'postatlas-digital-services' }],
  organizations: [{ id: 'o1', name: 'Ministerio del Interior', description: 'Passports (illustrative)' }],
  locations: ['A', 'B'].map((s) => ({ id: `l-${s}`, location_type: 'physical', external_identifier: s, external_identifier_type: 'api-esp', timezone: 'Europe/Madrid' })),
  services: [{ id: 's1', organization_id: 'o1', name: 'Passport application', status: 'active' }],
  service_at_locations: [{ id: 'sal-A', service_id: 's1', location_id: 'l-A' }, { id: 'sal-B', service_id: 's1', location_id: 'l-B' }],
  schedules: [{ id: 'h-A', location_id: 'l-A', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '14:30' }],
  attributes: [{ id: 'a1', link_id: 's1', link_entity: 'service', taxonomy_term_id: 't-passport' }],
});

const total = (r: ServicesImportReport, k: 'inserted' | 'updated' | 'unchanged' | 'removed') => Object.values(r.counts).reduce((s, c) => s + c[k], 0);

for (const backend of await testBackends()) {
  describe(`services catalogue import on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      for (const [s, lon] of [['A', -3.69], ['B', -3.68]] as const) await createSite(db, { sourceId: s, name: `Correos ${s}`, siteType: 'post_office', country: 'ESP', lat: 40.4168, lon }, 'test');
      await createSite(db, { sourceId: 'P', name: 'CTT Lisboa', siteType: 'post_office', country: 'PRT', lat: 38.72, lon: -9.14 }, 'test');
    });
    after(async () => {
      await db?.close();
    });

    test('a catalogue imports in one transaction with an audit entry; again, it changes nothing', async () => {
      const file = write('small.json', JSON.stringify(small()));
      const first = await importServices(db, { path: file, country: 'ESP', importedBy: 'alice' });
      assert.deepEqual([first.form, first.committed, first.records, total(first, 'inserted')], ['json-tables', true, 9, 9]);
      const again = await importServices(db, { path: file, country: 'Spain', importedBy: 'alice' });
      assert.deepEqual([again.country, total(again, 'inserted'), total(again, 'updated'), total(again, 'unchanged'), total(again, 'removed')], ['ESP', 0, 0, 9, 0]);
      const [entry] = await listAudit(db, { entity: 'service_catalogue', limit: 1 });
      assert.deepEqual([entry!.actor, entry!.action, entry!.entityId, entry!.country], ['alice', 'import', 'ESP', 'ESP']);
      assert.equal((entry!.after as { counts: { locations: { unchanged: number } } }).counts.locations.unchanged, 2);
    });

    test('HSDS 3 service-centred JSON reads as the same catalogue', async () => {
      const t = small();
      const location = (id: string) => ({ ...t.locations.find((l) => l.id === id)!, schedules: t.schedules.filter((s) => s.location_id === id).map(({ location_id: _, ...s }) => s) });
      const service = {
        ...t.services[0], organization: t.organizations[0], phones: [{ id: 'ph1', number: '060' }],
        attributes: [{ id: 'a1', taxonomy_term: t.taxonomy_terms[0] }],
        service_at_locations: t.service_at_locations.map((s) => ({ id: s.id, location: location(s.location_id) })),
      };
      const before = await readCatalogueOf(db, 'ESP');
      for (const doc of [service, [service], { total_items: 1, contents: [service] }, { services: [service] }]) {
        const r = await importServices(db, { path: write('service.json', JSON.stringify(doc)), country: 'ESP' });
        assert.equal(r.form, 'json-services');
        assert.deepEqual(await readCatalogueOf(db, 'ESP'), before);
      }
    });

    test('invalid catalogues are refused with file, line or path, field and reason; nothing is written', async () => {
      const before = await readCatalogueOf(db, 'ESP');
      const audits = (await listAudit(db, { entity: 'service_catalogue' })).length;
      const json = (edit: (t: ReturnType<typeof small>) => void) => {
        const t = small();
        edit(t);
        return write('bad.json', JSON.stringify(t, null, 1));
      };
      const importing = (path: string) => importServices(db, { path, country: 'ESP' });

      let path = json((t) => (t.attributes[0]!.taxonomy_term_id = 't-visa'));
      assert.deepEqual(await refused(importing(path)), ['bad.json:$.attributes[0]: taxonomy_term_id="t-visa": unknown taxonomy term: no taxonomy_terms record has this id']);
      path = json((t) => (t.taxonomy_terms[0]!.code = 'egov.visa'));
      assert.deepEqual(await refused(importing(path)), [
        'bad.json:$.taxonomy_terms[0]: code="egov.visa": unknown taxonomy term: not a code of postatlas-digital-services (name another taxonomy to use your own)',
      ]);
      path = json((t) => (t.locations[1]!.external_identifier = 'P'));
      assert.deepEqual(await refused(importing(path)), ['bad.json:$.locations[1]: external_identifier="P": not a site of ESP in dataset "api-esp" (external_identifier_type)']);
      path = json((t) => t.services.push({ id: 's1', organization_id: 'o1', name: 'Again', status: 'active' }));
      assert.deepEqual(await refused(importing(path)), ['bad.json:$.services[1]: id="s1": duplicate id in services (first at bad.json:$.services[0])']);

      const bad = write('broken.json', '{\n  "services": [\n    {"id": "s1",}\n  ]\n}\n');
      await assert.rejects(importing(bad), (err: Error) => {
        assert.match(err.message, /broken\.json: not JSON: line 3, column 1\d: /);
        return true;
      });
      await assert.rejects(importing(write('other.json', '{"type": "FeatureCollection", "features": []}')), /other\.json: not an HSDS 3 document/);

      const header = 'id,location_id,freq,byday,opens_at,closes_at';
      const dir = csvDir({
        'organizations.csv': ['id,name,description', 'o1,Ministerio del Interior,Passports', 'o1,Ministerio de Hacienda,Taxes'],
        'services.csv': ['id,organization_id,name,status', 's1,o1,,active'],
        'locations.csv': ['id,location_type,external_identifier,external_identifier_type,timezone', 'l-A,physical,A,api-esp,Europe/Madrid', 'l-Z,physical,Z,api-esp,Europe/Madrid'],
        'schedules.csv': [header, 'h1,l-A,WEEKLY,"MO,TU",08:30,14:30', 'h2,l-A,WEEKLY,SA,13:00,09:30'],
      });
      assert.deepEqual(await refused(importing(dir)), [
        'locations.csv:line 3: external_identifier="Z": not a site of ESP in dataset "api-esp" (external_identifier_type)',
        'organizations.csv:line 3: id="o1": duplicate id in organizations (first at organizations.csv:line 2)',
        'schedules.csv:line 3: closes_at="09:30": closes before it opens (13:00); hours past midnight are two schedules',
        'services.csv:line 2: name="": missing: HSDS requires it',
      ]);
      await assert.rejects(importServices(db, { path: dir, country: 'Atlantis' }), /--country Atlantis: not an ISO 3166-1 country code or name/);

      assert.deepEqual(await readCatalogueOf(db, 'ESP'), before);
      assert.equal((await listAudit(db, { entity: 'service_catalogue' })).length, audits);
    });

    test('round trip: the demo catalogue exported as JSON and as CSV imports into empty databases unchanged', async () => {
      const source = await backend.open();
      const targets: Database[] = [];
      try {
        await demoSites(source);
        const demo = await importServices(source, { path: dataPath('demo-services'), country: 'ESP', importedBy: 'test' });
        assert.equal(demo.form, 'csv-tables');
        const original = await readCatalogueOf(source, 'ESP');
        assert.ok(original.locations.length > 2000 && original.schedules.length > 10_000, `${original.locations.length} locations`);
        // Passport applications near Puerta del Sol on a Wednesday morning, as `postatlas locate` asks.
        const terms = (await catalogueTerms(source, ['ESP'])).filter((t) => matchTerms('passport', [t]).length > 0);
        const near = await locatorCandidates(source, { terms, boxes: locatorBoxes(40.4168, -3.7038, 5) });
        assert.ok(rankServices(near, { lat: 40.4168, lon: -3.7038, at: new Date('2026-12-02T09:00:00Z'), withinKm: 5 }).length > 0);
        assert.deepEqual(rankServices(near, { lat: 40.4168, lon: -3.7038, at: new Date('2026-12-25T09:00:00Z'), withinKm: 5 }), []);

        const jsonFile = join(tmp, 'export.json');
        writeFileSync(jsonFile, catalogueJson(original));
        const csv = join(tmp, 'export-csv');
        writeCatalogueCsv(original, csv);
        assert.equal(readdirSync(csv).length, 11);
        for (const path of [jsonFile, csv]) {
          const target = await backend.open();
          targets.push(target);
          await demoSites(target);
          const r = await importServices(target, { path, country: 'ESP' });
          assert.equal(total(r, 'inserted'), Object.values(original).reduce((s, l) => s + l.length, 0));
          const copy = await readCatalogueOf(target, 'ESP');
          assert.deepEqual(canonicalCatalogue(copy), canonicalCatalogue(original));
          // Exported again, byte for byte the same file.
          assert.equal(catalogueJson(copy), readFileSync(jsonFile, 'utf8'));
        }
      } finally {
        await source.close();
        for (const t of targets) await t.close();
      }
    });
  });
}
