import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TrainingSessionFields } from '@postatlas/core';
import { listAudit } from './audit.js';
import type { Database } from './database.js';
import { upsertDataset } from './datasets.js';
import { createSite } from './site-writes.js';
import { testBackends } from './testing.js';
import {
  coverageInputs, createTrainingSession, deleteTrainingSession, findCountrySites, getOfficeStaff, listSiteTraining, setOfficeStaff,
  trainingCells, trainingSummary, updateTrainingSession, writeOfficeStaff, writeTrainingSessions,
} from './training.js';

// n people, all women of working age, `completed` of them completed.
const session = (heldOn: string, topic: string, audience: 'public' | 'staff', n: number, completed: number, over: Partial<TrainingSessionFields> = {}): TrainingSessionFields => ({
  heldOn, topic, audience, trainer: 'Ana Ruiz', hours: 2, participants: n, completed,
  female: n, male: 0, genderOther: 0, ageUnder15: 0, age15To24: 0, age25To64: n, age65Plus: 0, ageUnknown: 0, ...over,
});

const count = async (db: Database, sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;

for (const backend of await testBackends()) {
  describe(`training on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let madrid: number;
    let vigo: number;
    let lisbon: number;
    before(async () => {
      db = await backend.open();
      const office = async (sourceId: string, country: string, admin1: string) =>
        (await createSite(db, { sourceId, name: sourceId, siteType: 'post_office', country, admin1, lat: 40, lon: -4 }, 'test')).id;
      madrid = await office('MAD-1', 'ESP', 'Madrid');
      vigo = await office('VGO-1', 'ESP', 'Galicia');
      lisbon = await office('LIS-1', 'PRT', 'Lisboa');
    });
    after(async () => {
      await db?.close();
    });

    test('a batch is upserted by source id: written again it changes nothing; a changed session is updated in place', async () => {
      const batch = [
        { siteId: madrid, sourceId: 's-1', session: session('2025-11-03', 'digital_skills.basic', 'public', 10, 8) },
        { siteId: vigo, sourceId: 's-2', session: session('2026-01-15', 'cyber_hygiene.phishing', 'staff', 4, 4) },
      ];
      assert.deepEqual(await db.transaction((tx) => writeTrainingSessions(tx, 'ESP', batch, 'alice')), { inserted: 2, updated: 0, unchanged: 0 });
      const ids = (await listSiteTraining(db, madrid)).map((s) => s.id);
      assert.deepEqual(await db.transaction((tx) => writeTrainingSessions(tx, 'ESP', batch, 'bob')), { inserted: 0, updated: 0, unchanged: 2 });
      const changed = [batch[0]!, { ...batch[1]!, session: { ...batch[1]!.session, completed: 3 } }];
      assert.deepEqual(await db.transaction((tx) => writeTrainingSessions(tx, 'ESP', changed, 'bob')), { inserted: 0, updated: 1, unchanged: 1 });

      const [stored] = await listSiteTraining(db, madrid);
      assert.deepEqual({ ...stored, createdAt: '' }, { id: ids[0], country: 'ESP', siteId: madrid, sourceId: 's-1', ...batch[0]!.session, createdBy: 'alice', createdAt: '' });
      assert.match(stored!.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal((await listSiteTraining(db, vigo))[0]!.completed, 3);

      // The same source id in another country is another session.
      const lis = { siteId: lisbon, sourceId: 's-1', session: session('2025-11-03', 'digital_skills.basic', 'public', 5, 5) };
      assert.deepEqual(await db.transaction((tx) => writeTrainingSessions(tx, 'PRT', [lis], 'carla')), { inserted: 1, updated: 0, unchanged: 0 });
      await assert.rejects(db.transaction((tx) => writeTrainingSessions(tx, 'ESP', [batch[0]!, batch[0]!], 'bob')), /session s-1 is twice in one batch/);
      // The table refuses what core would: sums that do not match.
      await assert.rejects(db.transaction((tx) => writeTrainingSessions(tx, 'ESP', [{ siteId: madrid, session: session('2025-12-01', 'digital_skills.basic', 'public', 3, 3, { female: 2 }) }], 'bob')));
      assert.equal(await count(db, 'SELECT count(*)::int AS n FROM training_sessions'), 3);
    });

    test('one session created, changed and removed through the API, each with its audit entry', async () => {
      const s = session('2026-02-10', 'digital_skills.finance', 'public', 6, 5, { trainer: null, hours: null });
      const created = (await createTrainingSession(db, madrid, s, 'user:3'))!;
      assert.deepEqual({ ...created, id: 0, createdAt: '' }, { id: 0, country: 'ESP', siteId: madrid, sourceId: null, ...s, createdBy: 'user:3', createdAt: '' });
      assert.equal(await createTrainingSession(db, 999_999, s, 'user:3'), null);

      const same = await updateTrainingSession(db, created.id, s, 'user:4');
      assert.deepEqual(same, created);
      const updated = (await updateTrainingSession(db, created.id, { ...s, completed: 6, hours: 1.5 }, 'user:4'))!;
      assert.deepEqual([updated.completed, updated.hours, updated.createdBy], [6, 1.5, 'user:3']);
      assert.deepEqual(await deleteTrainingSession(db, created.id, 'user:5'), updated);
      assert.equal(await deleteTrainingSession(db, created.id, 'user:5'), null);
      assert.equal(await updateTrainingSession(db, created.id, s, 'user:5'), null);

      const log = await listAudit(db, { entity: 'training_session', entityId: String(created.id) });
      assert.deepEqual(log.map((e) => [e.action, e.actor, e.country, (e.before as { completed?: number } | null)?.completed ?? null, (e.after as { completed?: number } | null)?.completed ?? null]), [
        ['delete', 'user:5', 'ESP', 6, null],
        ['update', 'user:4', 'ESP', 5, 6],
        ['create', 'user:3', 'ESP', null, 5],
      ]);
    });

    test('staff counts: set, unchanged (no audit entry), changed; a batch writes many', async () => {
      assert.deepEqual(await setOfficeStaff(db, madrid, { staff: 12, asOf: '2026-01-01' }, 'user:3'), { siteId: madrid, country: 'ESP', staff: 12, asOf: '2026-01-01', updatedBy: 'user:3' });
      await setOfficeStaff(db, madrid, { staff: 12, asOf: '2026-01-01' }, 'user:4');
      assert.equal((await getOfficeStaff(db, madrid))!.updatedBy, 'user:3', 'nothing changed, nothing written');
      await setOfficeStaff(db, madrid, { staff: 10, asOf: '2026-02-01' }, 'user:4');
      assert.equal(await setOfficeStaff(db, 999_999, { staff: 1, asOf: '2026-01-01' }, 'user:4'), null);
      await assert.rejects(setOfficeStaff(db, madrid, { staff: -1, asOf: '2026-01-01' }, 'user:4'), /not a whole number/);
      const log = await listAudit(db, { entity: 'office_staff', entityId: String(madrid) });
      assert.deepEqual(log.map((e) => [e.action, (e.before as { staff: number } | null)?.staff ?? null, (e.after as { staff: number }).staff]), [['update', 12, 10], ['create', null, 12]]);

      const batch = [{ siteId: madrid, staff: 10, asOf: '2026-02-01' }, { siteId: vigo, staff: 3, asOf: '2026-02-01' }];
      assert.deepEqual(await db.transaction((tx) => writeOfficeStaff(tx, 'ESP', batch, 'alice')), { inserted: 1, updated: 0, unchanged: 1 });
      assert.deepEqual(await db.transaction((tx) => writeOfficeStaff(tx, 'ESP', batch, 'alice')), { inserted: 0, updated: 0, unchanged: 2 });
    });

    test('sums per quarter, area and audience, filtered; coverage inputs over the window', async () => {
      // So far: Madrid s-1 (2025-Q4, public, 10/8) and Vigo s-2 (2026-Q1, staff, 4/3). Add staff sessions at Madrid in and out of the window.
      await db.transaction((tx) => writeTrainingSessions(tx, 'ESP', [
        { siteId: madrid, sourceId: 's-3', session: session('2026-03-10', 'cyber_hygiene.basics', 'staff', 6, 6, { female: 2, male: 4 }) },
        { siteId: madrid, sourceId: 's-4', session: session('2025-03-10', 'cyber_hygiene.fraud', 'staff', 5, 5) },
        { siteId: madrid, sourceId: 's-5', session: session('2025-03-11', 'cyber_hygiene.fraud', 'staff', 2, 1) },
      ], 'alice'));
      const cells = await trainingCells(db, 'ESP');
      assert.deepEqual(cells.map((c) => [c.quarter, c.admin1, c.audience, c.sessions, c.participants, c.completed, c.female, c.male]), [
        ['2025-Q1', 'Madrid', 'staff', 2, 7, 6, 7, 0],
        ['2025-Q4', 'Madrid', 'public', 1, 10, 8, 10, 0],
        ['2026-Q1', 'Galicia', 'staff', 1, 4, 3, 4, 0],
        ['2026-Q1', 'Madrid', 'staff', 1, 6, 6, 2, 4],
      ]);
      assert.deepEqual(cells[3]!.age25To64, 6);
      assert.deepEqual((await trainingCells(db, 'ESP', { from: '2025-03-11', to: '2026-01-15', admin1: 'Madrid' })).map((c) => [c.quarter, c.participants]), [['2025-Q1', 2], ['2025-Q4', 10]]);
      assert.deepEqual((await trainingCells(db, 'ESP', { siteId: vigo })).map((c) => c.quarter), ['2026-Q1']);
      assert.deepEqual(await trainingCells(db, 'FRA'), []);

      // (2025-03-10, 2026-03-10]: s-3 and s-5 at Madrid (6 + 1), not s-4 on the window's first day nor the public s-1.
      const window = { after: '2025-03-10', until: '2026-03-10' };
      assert.deepEqual(await coverageInputs(db, 'ESP', window), [
        { siteId: madrid, admin1: 'Madrid', staff: 10, completed: 7 },
        { siteId: vigo, admin1: 'Galicia', staff: 3, completed: 3 },
      ]);
      assert.deepEqual(await coverageInputs(db, 'ESP', window, vigo), [{ siteId: vigo, admin1: 'Galicia', staff: 3, completed: 3 }]);
      const summary = await trainingSummary(db, 'ESP', { asOf: '2026-03-10' });
      assert.deepEqual([summary.total.sessions, summary.total.participants, summary.total.completed], [5, 27, 23]);
      assert.deepEqual(summary.byQuarter.map((g) => [g.key, g.sessions, g.byAudience.public.sessions, g.byAudience.staff.sessions]), [['2025-Q1', 2, 0, 2], ['2025-Q4', 1, 1, 0], ['2026-Q1', 2, 0, 2]]);
      assert.deepEqual(summary.byAdmin1.map((g) => [g.key, g.participants]), [['Galicia', 4], ['Madrid', 23]]);
      assert.deepEqual(summary.coverage, {
        asOf: '2026-03-10', after: '2025-03-10',
        country: { offices: 2, staff: 13, trained: 10, share: 10 / 13 },
        byAdmin1: [{ admin1: 'Galicia', offices: 1, staff: 3, trained: 3, share: 1 }, { admin1: 'Madrid', offices: 1, staff: 10, trained: 7, share: 0.7 }],
      });
      const madridOnly = await trainingSummary(db, 'ESP', { asOf: '2026-03-10', admin1: 'Madrid', from: '2025-04-01' });
      assert.deepEqual([madridOnly.total.sessions, madridOnly.byAdmin1.map((g) => g.key), madridOnly.coverage.country.staff], [2, ['Madrid'], 10]);
      // An office with staff sessions and no declared staff is listed, without staff.
      assert.deepEqual(await coverageInputs(db, 'PRT', window), []);
      await db.transaction((tx) => writeTrainingSessions(tx, 'PRT', [{ siteId: lisbon, sourceId: 'p-1', session: session('2026-01-01', 'cyber_hygiene.basics', 'staff', 2, 2) }], 'carla'));
      assert.deepEqual(await coverageInputs(db, 'PRT', window), [{ siteId: lisbon, admin1: 'Lisboa', staff: null, completed: 2 }]);
    });

    test('sites by source id: every dataset that has it, only the country\'s', async () => {
      const other = await upsertDataset(db, { name: 'osm-offices', layer: 'sites', source: 'test', format: 'csv' });
      const { rows: [row] } = await db.query<{ id: number }>(
        `INSERT INTO sites (country, dataset_id, source_id, name, site_type, geom) VALUES ('ESP', $1, 'MAD-1', 'twin', 'post_office', ST_SetSRID(ST_MakePoint(-3.7, 40.4), 4326)) RETURNING id`,
        [other],
      );
      const found = await findCountrySites(db, 'ESP', ['MAD-1', 'VGO-1', 'LIS-1', 'nope', 'MAD-1']);
      assert.deepEqual([...found.entries()], [
        ['MAD-1', [{ id: madrid, dataset: 'api-esp' }, { id: row!.id, dataset: 'osm-offices' }]],
        ['VGO-1', [{ id: vigo, dataset: 'api-esp' }]],
      ]);
    });
  });
}
