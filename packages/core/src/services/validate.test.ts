import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIssue } from '../quality/issues.js';
import { HSDS_ENTITY_NAMES, canonicalCatalogue, type HsdsEntity } from './hsds.js';
import { emptyRawCatalogue, fieldValue, readCatalogue, type RawCatalogue } from './validate.js';

/** A valid catalogue as JSON tables would give it: one office offering passport applications. */
function valid(): Record<HsdsEntity, Record<string, unknown>[]> {
  return {
    taxonomy_terms: [
      { id: 't-egov', code: 'egov', name: 'E-government', taxonomy: 'postatlas-digital-services' },
      { id: 't-passport', code: 'egov.passport', name: 'Passport application', parent_id: 't-egov', taxonomy: 'postatlas-digital-services' },
      { id: 't-own', name: 'Fishing licence', taxonomy: 'regional' },
    ],
    organizations: [{ id: 'o1', name: 'Ministerio del Interior', description: 'Passports' }],
    locations: [{ id: 'l1', location_type: 'physical', external_identifier: 'A', external_identifier_type: 'api-esp', timezone: 'Europe/Madrid', latitude: '40.4', longitude: -3.7 }],
    services: [{ id: 's1', organization_id: 'o1', name: 'Passport application', status: 'active' }],
    service_at_locations: [{ id: 'sal1', service_id: 's1', location_id: 'l1' }],
    schedules: [
      { id: 'h1', location_id: 'l1', freq: 'WEEKLY', byday: 'fr,mo', opens_at: '08:30:00', closes_at: '14:30' },
      { id: 'h2', location_id: 'l1', valid_from: '2026-12-25', valid_to: '2026-12-25' },
    ],
    attributes: [{ id: 'a1', link_id: 's1', link_entity: 'service', taxonomy_term_id: 't-passport' }],
    languages: [{ id: 'g1', location_id: 'l1', code: 'es' }],
    accessibility: [{ id: 'x1', location_id: 'l1', description: 'wheelchair accessible' }],
    cost_options: [{ id: 'c1', service_id: 's1', currency: 'EUR', amount: 30 }],
    required_documents: [{ id: 'd1', service_id: 's1', document: 'DNI' }],
  };
}

const raw = (tables: Record<HsdsEntity, Record<string, unknown>[]>): RawCatalogue => {
  const r = emptyRawCatalogue();
  for (const e of HSDS_ENTITY_NAMES) r[e] = tables[e].map((values, i) => ({ file: 'c.json', where: `$.${e}[${i}]`, values }));
  return r;
};
const problems = (edit: (t: Record<HsdsEntity, Record<string, unknown>[]>) => void) => {
  const t = valid();
  edit(t);
  return readCatalogue(raw(t)).issues.map((i) => formatIssue(i.file, i));
};

test('a valid catalogue reads without issues, values in their normal form', () => {
  const { catalogue, issues } = readCatalogue(raw(valid()));
  assert.deepEqual(issues, []);
  const c = canonicalCatalogue(catalogue);
  assert.deepEqual(c.schedules[0], { id: 'h1', location_id: 'l1', freq: 'WEEKLY', byday: 'MO,FR', opens_at: '08:30', closes_at: '14:30' });
  assert.deepEqual(c.locations[0]!.latitude, 40.4);
  assert.equal(c.cost_options[0]!.amount, 30);
});

test('each problem names the file, the place, the field and the reason', () => {
  assert.deepEqual(problems((t) => t.attributes.push({ id: 'a2', link_id: 's1', link_entity: 'service', taxonomy_term_id: 't-nope' })), [
    'c.json:$.attributes[1]: taxonomy_term_id="t-nope": unknown taxonomy term: no taxonomy_terms record has this id',
  ]);
  assert.deepEqual(problems((t) => (t.taxonomy_terms[1]!.code = 'egov.visa')), [
    // The attribute that points at the refused term is not reported again: one problem, one line.
    'c.json:$.taxonomy_terms[1]: code="egov.visa": unknown taxonomy term: not a code of postatlas-digital-services (name another taxonomy to use your own)',
  ]);
  assert.deepEqual(problems((t) => (t.schedules[0]!.closes_at = '08:00')), [
    'c.json:$.schedules[0]: closes_at="08:00": closes before it opens (08:30); hours past midnight are two schedules',
  ]);
  assert.deepEqual(problems((t) => delete t.services[0]!.name), ['c.json:$.services[0]: name="": missing: HSDS requires it']);
  assert.deepEqual(problems((t) => t.organizations.push({ id: 'o1', name: 'Again', description: 'x' })), [
    'c.json:$.organizations[1]: id="o1": duplicate id in organizations (first at c.json:$.organizations[0])',
  ]);
  assert.deepEqual(problems((t) => (t.service_at_locations[0]!.location_id = 'l9')), [
    'c.json:$.service_at_locations[0]: location_id="l9": no locations record has this id',
  ]);
  assert.deepEqual(problems((t) => (t.locations[0]!.timezone = 'Europe/Atlantis')), [
    'c.json:$.locations[0]: timezone="Europe/Atlantis": not an IANA time zone (such as Europe/Madrid)',
  ]);
  assert.deepEqual(problems((t) => (t.schedules[0]!.service_id = 's1')), [
    'c.json:$.schedules[0]: location_id="s1, l1": a schedule belongs to exactly one service, location or service_at_location',
  ]);
  assert.deepEqual(problems((t) => (t.schedules[1]!.valid_to = '2026-12-24')), ['c.json:$.schedules[1]: valid_to="2026-12-24": before valid_from (2026-12-25)']);
  assert.deepEqual(problems((t) => (t.schedules[1]!.valid_to = null)), [
    'c.json:$.schedules[1]: opens_at="": missing: only a closure (no freq or byday, with valid_from and valid_to) has no hours',
  ]);
  assert.deepEqual(problems((t) => (t.attributes[0]!.link_id = 'l1')), ['c.json:$.attributes[0]: link_id="l1": no services record has this id (link_entity service)']);
});

test('field kinds', () => {
  const f = (kind: Parameters<typeof fieldValue>[0]['kind'], v: unknown, name = 'x') => {
    try {
      return fieldValue({ name, kind }, v);
    } catch (err) {
      return (err as Error).message;
    }
  };
  assert.equal(f('date', '2026-02-30'), 'not a date (YYYY-MM-DD)');
  assert.equal(f('time', '24:00'), 'not a time of day (HH:MM or HH:MM:SS, 24-hour)');
  assert.equal(f('time', '09:15:30'), '09:15:30');
  assert.equal(f('days', 'MO,XX'), '"XX" is not a day (MO,TU,WE,TH,FR,SA,SU)');
  assert.equal(f('number', '91', 'latitude'), 'not a latitude (-90 to 90)');
  assert.equal(f('number', 'abc'), 'not a number');
  assert.equal(f('language', 'Spanish'), 'not a BCP 47 language code (such as es or es-ES)');
  assert.equal(f('text', { a: 1 }), 'expected text, not object');
  assert.equal(f('text', 12), '12');
  assert.equal(f('text', ''), null);
});
