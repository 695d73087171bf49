import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '@postatlas/store';
import { locate, type LocateOptions } from '@postatlas/jobs';
import { MAIN } from './test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'postatlas-cli-services-'));
const dataDir = join(dir, 'db');
const postatlas = (...args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// Three Madrid offices 1, 2 and 3 km east of Puerta del Sol (at 40.4° a degree of longitude is 84.8 km).
const SOL = [40.4168, -3.7038] as const;
const offices = ['A', 'B', 'C'].map((id, i) => `${id},Correos ${id},${SOL[0]},${(SOL[1] + (i + 1) / 84.8).toFixed(6)}`);
const weekdays = { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '14:30' };
const catalogue = {
  taxonomy_terms: [{ id: 't-passport', code: 'egov.passport', name: 'Passport application', taxonomy: 'postatlas-digital-services' }],
  organizations: [{ id: 'o1', name: 'Ministerio del Interior', description: 'Passports (illustrative)' }],
  locations: ['A', 'B', 'C'].map((s) => ({ id: `l-${s}`, location_type: 'physical', external_identifier: s, external_identifier_type: 'madrid', timezone: 'Europe/Madrid' })),
  services: [{ id: 's1', organization_id: 'o1', name: 'Passport application', status: 'active' }],
  service_at_locations: ['A', 'B', 'C'].map((s) => ({ id: `sal-${s}`, service_id: 's1', location_id: `l-${s}` })),
  schedules: [
    ...['A', 'B', 'C'].map((s) => ({ id: `h-${s}`, location_id: `l-${s}`, ...weekdays })),
    // A is closed on Wednesday 9 December.
    { id: 'h-A-closed', location_id: 'l-A', valid_from: '2026-12-09', valid_to: '2026-12-09', description: 'Closed' },
  ],
  attributes: [{ id: 'a1', link_id: 's1', link_entity: 'service', taxonomy_term_id: 't-passport' }],
  languages: [{ id: 'g-C', location_id: 'l-C', code: 'en' }],
  accessibility: [{ id: 'x-B', location_id: 'l-B', description: 'wheelchair accessible' }, { id: 'x-C', location_id: 'l-C', description: 'wheelchair accessible' }],
};

test('import services, locate the nearest offices open at a time, export and refuse', async () => {
  const sites = postatlas('import', 'sites', file('madrid.csv', ['id,name,lat,lon', ...offices].join('\n')), '--country', 'ESP', '--type', 'post_office', '--json');
  assert.equal(sites.code, 0, sites.stderr);

  const imported = postatlas('import', 'services', file('catalogue.json', JSON.stringify(catalogue)), '--country', 'ESP');
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /catalogue\.json → services catalogue of ESP \(HSDS 3\.0, json-tables\)/);
  assert.match(imported.stdout, /locations\s+3\s+0\s+0\s+0/);

  const wednesday = postatlas('locate', '--service', 'pasaporte', '--near', SOL.join(','), '--at', '2026-12-02T10:00:00+01:00');
  assert.equal(wednesday.code, 0, wednesday.stderr);
  const lines = wednesday.stdout.trim().split('\n');
  assert.match(lines[0]!, /^"pasaporte" within 25 km of 40\.4168, -3\.7038, open at 2026-12-02 09:00 UTC/);
  assert.match(lines[1]!, /^km\s+office\s+service\s+opening\s+wheelchair\s+languages\s+site$/);
  assert.deepEqual(lines.slice(2).map((l) => l.trim().split(/\s{2,}/).slice(0, 5)), [
    ['1.0', 'Correos A', 'Passport application', 'open until 14:30', 'no'],
    ['2.0', 'Correos B', 'Passport application', 'open until 14:30', 'yes'],
    ['3.0', 'Correos C', 'Passport application', 'open until 14:30', 'yes'],
  ]);

  // The filters, in process: each command would open the database again (seconds for the embedded one).
  const db = await openStore({ dataDir });
  try {
    const names = async (at: string, more: Partial<LocateOptions> = {}) =>
      (await locate(db, { service: 'egov.passport', lat: SOL[0], lon: SOL[1], at: new Date(at), ...more })).map((f) => f.name);
    // A's closure day; then wheelchair, language, distance; after hours, nothing.
    assert.deepEqual(await names('2026-12-09T10:00:00+01:00'), ['Correos B', 'Correos C']);
    assert.deepEqual(await names('2026-12-02T10:00:00+01:00', { wheelchair: true, withinKm: 2.5 }), ['Correos B']);
    assert.deepEqual(await names('2026-12-02T10:00:00+01:00', { language: 'en' }), ['Correos C']);
    assert.deepEqual(await names('2026-12-02T16:00:00+01:00'), []);
    assert.deepEqual(await names('2026-12-02T16:00:00+01:00', { anyTime: true }), ['Correos A', 'Correos B', 'Correos C']);
  } finally {
    await db.close();
  }
  const closed = postatlas('locate', '--service', 'passport', '--near', SOL.join(','), '--at', '2026-12-02T16:00:00+01:00');
  assert.match(closed.stdout, /^no office within 25 km offers "passport" open at 2026-12-02 15:00 UTC \(--any-time lists them whatever the hour\)/);

  const unknown = postatlas('locate', '--service', 'submarine', '--near', SOL.join(','));
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^postatlas: locate: no taxonomy term matches "submarine" \(codes: egov\.passport\)/);
  assert.match(postatlas('locate', '--service', 'passport', '--near', 'Madrid').stderr, /usage: postatlas locate --service TERM --near LAT,LON/);

  // Three offices, all three offering e-government; no population layer.
  const indicators = postatlas('list', 'services', '--country', 'ESP');
  assert.equal(indicators.code, 0, indicators.stderr);
  assert.match(indicators.stdout, /^ESP: 3 post offices; offering each category of digital service:\n\s+category\s+offices\s+share\n\s+E-government\s+3\s+100\.0 %\n/);
  assert.match(indicators.stdout, /people within 5 km of one of the 3 offices offering e-government: 0 of 0 \(-\)/);

  const out = join(dir, 'export');
  const csv = postatlas('export', 'services', '--country', 'ESP', '--format', 'csv', '--out', out);
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(readdirSync(out).length, 11);
  assert.match(readFileSync(join(out, 'schedules.csv'), 'utf8'), /^id,service_id,location_id,service_at_location_id,valid_from,valid_to,freq,byday,opens_at,closes_at,description\r\n/);

  const bad = postatlas('import', 'services', file('bad.json', JSON.stringify({ ...catalogue, schedules: [{ id: 'h', location_id: 'l-A', ...weekdays, closes_at: '07:00' }] })), '--country', 'ESP');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /bad\.json: 1 problem in the catalogue; nothing was imported\n {2}bad\.json:\$\.schedules\[0\]: closes_at="07:00": closes before it opens \(08:30\)/);
});
