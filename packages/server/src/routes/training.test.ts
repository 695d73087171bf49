import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, subtractMonths } from '@postatlas/core';
import { createSite, createUser, listAudit, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { hashPassword } from '../crypto.js';
import { signIn } from '../test-support.js';

type Response = Awaited<ReturnType<App['inject']>>;

const today = new Date().toISOString().slice(0, 10);
// Dates relative to today, so the sessions stay within the 12 months of staff coverage whenever the test runs.
const daysAgo = (n: number) => addDays(today, -n);

/** Five people at a phishing course for staff, all of working age; four completed it. */
const phishing = (over: Record<string, unknown> = {}) => ({
  heldOn: daysAgo(30), topic: 'cyber_hygiene.phishing', trainer: 'Ana Ruiz', hours: 1, participants: 5, completed: 4, female: 3, male: 2, age25To64: 5, ...over,
});

for (const backend of await testBackends()) {
  describe(`training through the API on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    let sol: number;
    let vigo: number;
    const who: Record<'staff' | 'otherStaff' | 'manager' | 'foreign', Record<string, string>> = {} as never;

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db, rateLimitPerMinute: 1_000_000 });
      const office = async (sourceId: string, admin1: string) =>
        (await createSite(db, { sourceId, name: sourceId, siteType: 'post_office', country: 'ESP', admin1, lat: 40.4, lon: -3.7 }, 'test')).id;
      sol = await office('SOL', 'Madrid');
      vigo = await office('VGO', 'Galicia');
      const password = 'correct horse battery staple';
      const passwordHash = await hashPassword(password);
      const accounts = {
        staff: { role: 'office_staff' as const, countries: ['ESP'], siteIds: [sol] },
        otherStaff: { role: 'office_staff' as const, countries: ['ESP'], siteIds: [vigo] },
        manager: { role: 'country_manager' as const, countries: ['ESP'] },
        foreign: { role: 'country_manager' as const, countries: ['PRT'] },
      };
      for (const [key, a] of Object.entries(accounts)) {
        await createUser(db, { email: `${key}@example.org`, passwordHash, ...a });
        who[key as keyof typeof who] = await signIn(app, `${key}@example.org`, password);
      }
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    const post = (site: number, payload: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: `/api/sites/${site}/training`, headers, payload: payload as object });
    const isProblem = (r: Response, status: number) => {
      assert.equal(r.statusCode, status, r.body);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
    };

    test("an office's staff record its sessions; others may not; field errors are a 422 naming each field", async () => {
      const r = await post(sol, phishing(), who.staff);
      assert.equal(r.statusCode, 201, r.body);
      const created = r.json();
      assert.deepEqual({ ...created, id: 0, createdAt: '' }, {
        id: 0, country: 'ESP', siteId: sol, sourceId: null, heldOn: daysAgo(30), topic: 'cyber_hygiene.phishing', audience: 'staff', trainer: 'Ana Ruiz', hours: 1,
        participants: 5, completed: 4, female: 3, male: 2, genderOther: 0, ageUnder15: 0, age15To24: 0, age25To64: 5, age65Plus: 0, ageUnknown: 0,
        createdBy: created.createdBy, createdAt: '',
      });
      assert.match(created.createdBy, /^user:\d+$/);

      isProblem(await post(sol, phishing()), 401);
      isProblem(await post(sol, phishing(), who.otherStaff), 403);
      isProblem(await post(sol, phishing(), who.foreign), 403);
      isProblem(await post(999_999, phishing(), who.manager), 404);
      isProblem(await post(sol, { ...phishing(), name: 'Ana' }, who.manager), 400);

      const bad = await post(sol, phishing({ heldOn: addDays(today, 5), topic: 'digital_skills.basic', audience: 'staff', completed: 6 }), who.manager);
      isProblem(bad, 422);
      assert.deepEqual(bad.json().errors, [
        { field: 'heldOn', value: addDays(today, 5), reason: `in the future (today is ${today})` },
        { field: 'audience', value: 'staff', reason: 'digital_skills.basic is a topic for the public, not the staff' },
        { field: 'completed', value: '6', reason: 'more than the participants (5)' },
      ]);
      assert.match(bad.json().detail, /^heldOn: in the future/);
      const sums = await post(vigo, { heldOn: daysAgo(3), topic: 'digital_skills.basic', participants: 2, completed: 2, female: 1 }, who.otherStaff);
      isProblem(sums, 422);
      assert.deepEqual(sums.json().errors.map((e: { field: string }) => e.field), ['female+male+genderOther', 'ageUnder15+age15To24+age25To64+age65Plus+ageUnknown']);
    });

    test('a session is changed and removed by its office\'s staff or its country\'s managers, with audit entries', async () => {
      const id = (await post(vigo, phishing({ participants: 2, completed: 2, female: 1, male: 1, age25To64: 2 }), who.otherStaff)).json().id;
      isProblem(await app.inject({ method: 'PUT', url: `/api/training/${id}`, headers: who.staff, payload: phishing() }), 403);
      const put = await app.inject({ method: 'PUT', url: `/api/training/${id}`, headers: who.manager, payload: phishing({ participants: 3, completed: 3, female: 2, male: 1, age25To64: 3 }) });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual([put.json().participants, put.json().siteId], [3, vigo]);
      isProblem(await app.inject({ method: 'PUT', url: `/api/training/${id}`, headers: who.manager, payload: phishing({ completed: 9 }) }), 422);
      isProblem(await app.inject({ method: 'PUT', url: '/api/training/999999', headers: who.manager, payload: phishing() }), 404);
      isProblem(await app.inject({ method: 'DELETE', url: `/api/training/${id}` }), 401);
      assert.equal((await app.inject({ method: 'DELETE', url: `/api/training/${id}`, headers: who.otherStaff })).statusCode, 204);
      isProblem(await app.inject({ method: 'DELETE', url: `/api/training/${id}`, headers: who.otherStaff }), 404);
      assert.deepEqual((await listAudit(db, { entity: 'training_session', entityId: String(id) })).map((e) => e.action), ['delete', 'update', 'create']);
    });

    test('staff counts: set by the office or its managers, checked', async () => {
      const put = (site: number, payload: unknown, headers: Record<string, string>) => app.inject({ method: 'PUT', url: `/api/sites/${site}/staff`, headers, payload: payload as object });
      const r = await put(sol, { staff: 8, asOf: daysAgo(10) }, who.staff);
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual({ ...(r.json() as object), updatedBy: '' }, { siteId: sol, country: 'ESP', staff: 8, asOf: daysAgo(10), updatedBy: '' });
      assert.equal((await put(vigo, { staff: 2, asOf: daysAgo(10) }, who.manager)).statusCode, 200);
      isProblem(await put(vigo, { staff: 3, asOf: daysAgo(10) }, who.staff), 403);
      const future = await put(sol, { staff: 8, asOf: addDays(today, 3) }, who.staff);
      isProblem(future, 422);
      assert.equal(future.json().errors[0].field, 'asOf');
      isProblem(await put(sol, { staff: -1, asOf: daysAgo(1) }, who.staff), 400);
    });

    test("a site's training: sums for everyone, the records (trainers' names) for its staff and managers", async () => {
      // Sol so far: one staff session of 5 people, 4 completed, 30 days ago; 8 staff. Add one a year and a day ago (outside the 12 months) and one for the public.
      await post(sol, phishing({ heldOn: addDays(subtractMonths(today, 12), -1), completed: 5 }), who.manager);
      await post(sol, { heldOn: daysAgo(2), topic: 'digital_skills.egov', trainer: 'Luis Gil', participants: 10, completed: 9, female: 6, male: 4, age65Plus: 10 }, who.manager);

      const anyone = (await app.inject(`/api/sites/${sol}/training`)).json();
      assert.equal('sessions' in anyone, false);
      assert.doesNotMatch(JSON.stringify(anyone), /Ana Ruiz|Luis Gil|user:/);
      assert.deepEqual(anyone.staff, { siteId: sol, country: 'ESP', staff: 8, asOf: daysAgo(10) });
      assert.deepEqual(anyone.coverage, { asOf: today, after: subtractMonths(today, 12), offices: 1, staff: 8, trained: 4, share: 0.5 });
      assert.deepEqual([anyone.total.sessions, anyone.total.participants, anyone.total.completed, anyone.total.byAudience.public.participants], [3, 20, 18, 10]);
      // 12 women and 8 men came; the public reads both rounded to 5, the people in all exact.
      assert.equal(anyone.countsRoundedTo, 5);
      assert.deepEqual(anyone.total.byGender, { female: 10, male: 10, other: 0 });
      assert.deepEqual(anyone.byQuarter.flatMap((g: { byGender: Record<string, number> }) => Object.values(g.byGender)).filter((n: number) => n % 5 !== 0), []);
      assert.deepEqual(anyone.total.byAge, { under_15: 0, '15_24': 0, '25_64': 10, '65_plus': 10, unknown: 0 });
      for (const headers of [who.otherStaff, who.foreign]) assert.equal('sessions' in (await app.inject({ url: `/api/sites/${sol}/training`, headers })).json(), false);

      for (const headers of [who.staff, who.manager]) {
        const mine = (await app.inject({ url: `/api/sites/${sol}/training`, headers })).json();
        assert.deepEqual(mine.sessions.map((s: { trainer: string; heldOn: string }) => [s.trainer, s.heldOn]), [
          ['Luis Gil', daysAgo(2)], ['Ana Ruiz', daysAgo(30)], ['Ana Ruiz', addDays(subtractMonths(today, 12), -1)],
        ]);
        assert.match(mine.staff.updatedBy, /^user:\d+$/);
        assert.deepEqual([mine.countsRoundedTo, mine.total.byGender], [null, { female: 12, male: 8, other: 0 }]);
      }
      isProblem(await app.inject('/api/sites/999999/training'), 404);
    });

    test("a country's sums per quarter or admin1 area, and its staff coverage, are public", async () => {
      const r = await app.inject('/api/countries/ESP/training?by=admin1');
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.deepEqual(body.groups.map((g: { key: string; sessions: number; participants: number }) => [g.key, g.sessions, g.participants]), [['Madrid', 3, 20]]);
      assert.deepEqual(body.coverage.country, { offices: 2, staff: 10, trained: 4, share: 0.4 });
      assert.deepEqual(body.coverage.byAdmin1, [{ admin1: 'Galicia', offices: 1, staff: 2, trained: 0, share: 0 }, { admin1: 'Madrid', offices: 1, staff: 8, trained: 4, share: 0.5 }]);
      assert.doesNotMatch(r.body, /Ana Ruiz|Luis Gil/);
      assert.deepEqual([body.countsRoundedTo, body.total.byGender], [5, { female: 10, male: 10, other: 0 }]);
      const managed = (await app.inject({ url: '/api/countries/ESP/training?by=admin1', headers: who.manager })).json();
      assert.deepEqual([managed.countsRoundedTo, managed.total.byGender, managed.groups[0].byGender], [null, { female: 12, male: 8, other: 0 }, { female: 12, male: 8, other: 0 }]);
      assert.equal((await app.inject({ url: '/api/countries/ESP/training?by=admin1', headers: who.foreign })).json().countsRoundedTo, 5, 'a manager of another country reads what the public reads');

      const quarters = (await app.inject(`/api/countries/ESP/training?from=${daysAgo(60)}`)).json();
      assert.equal(quarters.by, 'quarter');
      assert.deepEqual([quarters.total.sessions, quarters.total.participants, quarters.from], [2, 15, daysAgo(60)]);
      assert.ok(quarters.groups.every((g: { key: string }) => /^\d{4}-Q[1-4]$/.test(g.key)));
      // In the 12 months to 31 days ago, the session of 30 days ago is not yet held; the one of a year and a day ago (5 completed) counts instead.
      assert.deepEqual((await app.inject(`/api/countries/ESP/training?asOf=${daysAgo(31)}`)).json().coverage.country, { offices: 2, staff: 10, trained: 5, share: 0.5 });
      isProblem(await app.inject('/api/countries/ESP/training?asOf=2026-02-30'), 400);
      isProblem(await app.inject('/api/countries/ESP/training?by=month'), 400);
      assert.deepEqual((await app.inject('/api/countries/PRT/training')).json().groups, []);
    });
  });
}
