import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formatIssue } from '@postatlas/core';
import { createSite, getOfficeStaff, listAudit, listSiteTraining, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { CountryBoundaries } from './countries.js';
import { dataPath } from './formats/test-data.js';
import { importFile } from './index.js';
import { TrainingImportRefused, importOfficeStaff, importTraining } from './training.js';

const boundaries = CountryBoundaries.load();
const tmp = mkdtempSync(join(tmpdir(), 'postatlas-training-'));
let n = 0;
const write = (lines: string[], name = `training-${++n}.csv`) => {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
};
const TODAY = '2026-03-10';

async function refused(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TrainingImportRefused) return err.report.issues.map((i) => formatIssue(i.file, i));
    throw err;
  }
  assert.fail('the import was not refused');
}

const HEADER = 'session_id,site_id,dataset,held_on,topic,audience,trainer,hours,participants,completed,female,male,gender_other,age_under_15,age_15_24,age_25_64,age_65_plus,age_unknown';

for (const backend of await testBackends()) {
  describe(`training imports on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let sol: number;
    let vigo: number;
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM training_sessions')).rows[0]!.n;
    before(async () => {
      db = await backend.open();
      const office = async (sourceId: string, lat: number, lon: number) =>
        (await createSite(db, { sourceId, name: sourceId, siteType: 'post_office', country: 'ESP', lat, lon }, 'test')).id;
      sol = await office('SOL', 40.4168, -3.7038);
      vigo = await office('VGO', 42.2406, -8.7207);
      // "TWIN" is an id in two datasets of Spain: a file must say which.
      await office('TWIN', 41.65, -0.88);
      const osm = write(['id,name,lat,lon', 'TWIN,Correos Zaragoza,41.6488,-0.8891'], 'osm-twin.csv');
      await importFile(db, { layer: 'sites', file: osm, country: 'ESP', dataset: 'osm', siteType: 'post_office', boundaries, importedBy: 'test' });
    });
    after(async () => {
      await db?.close();
    });

    test('a file of sessions is written whole; imported again it changes nothing; corrected, it updates in place', async () => {
      const lines = [
        HEADER,
        'ES-1,SOL,,2026-01-12,digital_skills.basic,public,Ana Ruiz,2,10,8,6,4,0,0,2,5,3,0',
        'ES-2,SOL,,2026-02-03,cyber_hygiene.phishing,,,1.5,4,4,2,2,0,0,0,4,0,0',
        'ES-3,VGO,api-esp,2025-11-20,digital_skills.egov,public,"Ruiz, Ana",3,7,7,4,3,0,0,0,3,4,0',
        'ES-4,TWIN,osm,2025-12-01,cyber_hygiene.fraud,staff,,,3,2,1,1,1,0,0,0,0,3',
      ];
      const file = write(lines);
      const report = await importTraining(db, { file, country: 'ESP', importedBy: 'alice', today: TODAY });
      assert.deepEqual({ ...report, file: '' }, { file: '', kind: 'training_sessions', country: 'ESP', rows: 4, counts: { inserted: 4, updated: 0, unchanged: 0 }, issues: [], committed: true });
      const atSol = await listSiteTraining(db, sol);
      assert.deepEqual(atSol.map((s) => [s.sourceId, s.heldOn, s.topic, s.audience, s.trainer, s.hours, s.participants, s.completed, s.female, s.age65Plus]), [
        ['ES-2', '2026-02-03', 'cyber_hygiene.phishing', 'staff', null, 1.5, 4, 4, 2, 0],
        ['ES-1', '2026-01-12', 'digital_skills.basic', 'public', 'Ana Ruiz', 2, 10, 8, 6, 3],
      ]);
      assert.equal((await listSiteTraining(db, vigo))[0]!.trainer, 'Ruiz, Ana');

      const again = await importTraining(db, { file, country: 'ESP', importedBy: 'alice', today: TODAY });
      assert.deepEqual(again.counts, { inserted: 0, updated: 0, unchanged: 4 });
      assert.deepEqual((await listSiteTraining(db, sol)).map((s) => s.id), atSol.map((s) => s.id));

      const corrected = write([...lines.slice(0, 2), lines[2]!.replace(',4,4,2,2,', ',4,3,2,2,'), ...lines.slice(3)]);
      assert.deepEqual((await importTraining(db, { file: corrected, country: 'ESP', importedBy: 'bob', today: TODAY })).counts, { inserted: 0, updated: 1, unchanged: 3 });
      assert.equal((await listSiteTraining(db, sol))[0]!.completed, 3);
      assert.equal(await count(), 4);
      const log = await listAudit(db, { entity: 'training_sessions' });
      assert.deepEqual(log.map((e) => [e.actor, (e.after as { counts: unknown }).counts]), [
        ['bob', { inserted: 0, updated: 1, unchanged: 3 }], ['alice', { inserted: 0, updated: 0, unchanged: 4 }], ['alice', { inserted: 4, updated: 0, unchanged: 0 }],
      ]);
    });

    test('a file with problems is refused with every one of them, by line, field and value; nothing is written', async () => {
      const before = await count();
      const file = write([
        HEADER,
        'ES-10,SOL,,2026-03-31,digital_skills.basic,public,,2,10,8,6,4,0,0,2,5,3,0',
        'ES-11,NOWHERE,,2026-01-05,knitting,public,,2,5,6,5,0,0,0,0,5,0,0',
        'ES-10,VGO,,2026-01-05,cyber_hygiene.basics,public,,2,5,5,2,2,0,0,0,5,0,0',
        ',TWIN,,2026-01-05,digital_skills.finance,,,,3,3,1,1,1,0,0,3,0,0',
        'ES-12,SOL,osm,2026-01-05,digital_skills.finance,,,x,3,3,1,1,1,0,0,3,0,0',
      ], 'broken.csv');
      assert.deepEqual(await refused(importTraining(db, { file, country: 'ESP', today: TODAY })), [
        'broken.csv:line 2: held_on="2026-03-31": in the future (today is 2026-03-10)',
        'broken.csv:line 3: topic="knitting": not a training topic (digital_skills.basic, digital_skills.egov, digital_skills.finance, digital_skills.ecommerce, digital_skills.online_safety, cyber_hygiene.basics, cyber_hygiene.phishing, cyber_hygiene.fraud)',
        'broken.csv:line 3: completed="6": more than the participants (5)',
        'broken.csv:line 3: site_id="NOWHERE": not a site of ESP',
        'broken.csv:line 4: session_id="ES-10": a duplicate: also on line 2',
        'broken.csv:line 4: audience="public": cyber_hygiene.basics is a topic for the staff, not the public',
        'broken.csv:line 4: female+male+gender_other="2+2+0": adds up to 4, not the participants (5)',
        'broken.csv:line 5: session_id="": missing: a session id makes a re-import update the session instead of adding it again',
        'broken.csv:line 5: site_id="TWIN": a site of ESP in 2 datasets (api-esp, osm): say which in the dataset column',
        'broken.csv:line 6: hours="x": not a number of hours above 0 and at most 200',
        'broken.csv:line 6: site_id="SOL": not a site of ESP in dataset "osm"',
      ]);
      assert.equal(await count(), before);

      const columns = write(['session_id,site_id,held_on,topic,participants,femal', 'ES-20,SOL,2026-01-05,digital_skills.basic,1,1'], 'columns.csv');
      assert.deepEqual(await refused(importTraining(db, { file: columns, country: 'ESP', today: TODAY })), [
        `columns.csv:line 1: femal="": not a column of a training file (${HEADER.replace(/,/g, ', ')})`,
        'columns.csv:line 1: completed="": missing column',
      ]);
      await assert.rejects(importTraining(db, { file: columns, country: 'Atlantis' }), /--country Atlantis: not an ISO 3166-1 country code or name/);
      await assert.rejects(importTraining(db, { file: join(tmp, 'absent.csv'), country: 'ESP' }), /absent\.csv: no such file/);
      // A site of another country is not one of Spain's.
      await createSite(db, { sourceId: 'LIS', name: 'Lisboa', siteType: 'post_office', country: 'PRT', lat: 38.71, lon: -9.14 }, 'test');
      const portugal = write([HEADER, 'ES-30,LIS,,2026-01-05,digital_skills.basic,,,,1,1,1,0,0,0,0,1,0,0'], 'portugal.csv');
      assert.deepEqual(await refused(importTraining(db, { file: portugal, country: 'ESP', today: TODAY })), ['portugal.csv:line 2: site_id="LIS": not a site of ESP']);
      assert.equal(await count(), before);
    });

    test('staff counts: written whole, idempotent; duplicates and bad values refused', async () => {
      const file = write(['site_id,dataset,staff,as_of', 'SOL,,12,2026-01-31', 'TWIN,osm,3,2026-01-31'], 'staff.csv');
      const report = await importOfficeStaff(db, { file, country: 'ESP', importedBy: 'alice', today: TODAY });
      assert.deepEqual([report.kind, report.rows, report.counts, report.committed], ['office_staff', 2, { inserted: 2, updated: 0, unchanged: 0 }, true]);
      assert.deepEqual(await getOfficeStaff(db, sol), { siteId: sol, country: 'ESP', staff: 12, asOf: '2026-01-31', updatedBy: 'alice' });
      assert.deepEqual((await importOfficeStaff(db, { file, country: 'ESP', importedBy: 'bob', today: TODAY })).counts, { inserted: 0, updated: 0, unchanged: 2 });
      assert.equal((await getOfficeStaff(db, sol))!.updatedBy, 'alice');

      const bad = write(['site_id,staff,as_of', 'SOL,11,2026-02-28', 'VGO,many,2026-02-28', 'SOL,10,2026-13-01', 'NOWHERE,1,2026-02-28'], 'bad-staff.csv');
      assert.deepEqual(await refused(importOfficeStaff(db, { file: bad, country: 'ESP', today: TODAY })), [
        'bad-staff.csv:line 3: staff="many": not a whole number of people (0 or more)',
        'bad-staff.csv:line 4: as_of="2026-13-01": not a date (YYYY-MM-DD)',
        'bad-staff.csv:line 4: site_id="SOL": a duplicate: the same office as on line 2',
        'bad-staff.csv:line 5: site_id="NOWHERE": not a site of ESP',
      ]);
      assert.equal((await getOfficeStaff(db, sol))!.staff, 12);
    });
  });
}

// The demo's illustrative files (data/demo-training) name the OSM offices the demo imports: they must import whole.
describe('the demo training files', () => {
  test('import into the demo\'s Spanish post offices, and again without a change', async () => {
    const db = await (await testBackends())[0]!.open();
    try {
      await importFile(db, { layer: 'sites', file: dataPath('osm-spain-post-offices', 'post-offices.csv'), country: 'ESP', dataset: 'osm-spain-post-offices', skipInvalid: true, boundaries, importedBy: 'test' });
      const sessions = { file: dataPath('demo-training', 'sessions.csv'), country: 'ESP', importedBy: 'test' };
      const staff = { file: dataPath('demo-training', 'staff.csv'), country: 'ESP', importedBy: 'test' };
      assert.deepEqual((await importTraining(db, sessions)).counts, { inserted: 545, updated: 0, unchanged: 0 });
      assert.deepEqual((await importOfficeStaff(db, staff)).counts, { inserted: 2574, updated: 0, unchanged: 0 });
      assert.deepEqual((await importTraining(db, sessions)).counts, { inserted: 0, updated: 0, unchanged: 545 });
    } finally {
      await db.close();
    }
  });
});
