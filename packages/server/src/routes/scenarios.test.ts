import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { compareScenarios, SCENARIO_EXPORT_COLUMNS } from '@postatlas/core';
import { CountryBoundaries, importFile } from '@postatlas/importers';
import { createUser, currentRun, getScenario, listScenarios, listSites, scenarioSites, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { hashPassword } from '../crypto.js';
import { JobQueue, type Job, type JobKind, type JobWork } from '../job-queue.js';
import { signIn } from '../test-support.js';

type Response = Awaited<ReturnType<App['inject']>>;

const data = (path: string) => fileURLToPath(new URL(`../../../../data/${path}`, import.meta.url));

/** Cancels a job when its work reports a given step, as someone pressing "cancel" at that moment would. */
class CancellingQueue extends JobQueue {
  cancelAt: string | null = null;
  override enqueue(spec: { kind: JobKind; country: string; createdBy: string }, work: JobWork): Job {
    let id = '';
    const job = super.enqueue(spec, (c) => work({
      signal: c.signal,
      progress: (step) => {
        c.progress(step);
        if (step === this.cancelAt) this.cancel(id);
      },
    }));
    id = job.id;
    return job;
  }
}

for (const backend of await testBackends()) {
  describe(`analyses and scenarios as jobs on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    const queue = new CancellingQueue();
    const password = 'correct horse battery staple';
    const users: Record<'admin' | 'stp' | 'ken', { id: number; headers: Record<string, string> }> = {} as never;

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db, jobs: queue, rateLimitPerMinute: 1_000_000 });
      const boundaries = CountryBoundaries.load();
      await importFile(db, { layer: 'sites', file: data('itu-stp/STP-1713385818-4t89-pointofinterest.csv'), dataset: 'stp-schools', skipInvalid: true, boundaries, importedBy: 'test' });
      await importFile(db, { layer: 'cells', file: data('itu-stp/STP-1713438795-bivd-cellsite.csv'), dataset: 'stp-cells', skipInvalid: true, boundaries, importedBy: 'test' });
      const passwordHash = await hashPassword(password);
      const accounts = { admin: { role: 'admin' as const }, stp: { role: 'country_manager' as const, countries: ['STP'] }, ken: { role: 'country_manager' as const, countries: ['KEN'] } };
      for (const [key, a] of Object.entries(accounts)) {
        const email = `${key}@example.org`;
        const user = await createUser(db, { email, passwordHash, ...a });
        users[key as keyof typeof users] = { id: user.id, headers: await signIn(app, email, password) };
      }
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    const as = (who: keyof typeof users | 'public') => (who === 'public' ? {} : users[who].headers);
    const get = (url: string, who: keyof typeof users | 'public' = 'stp') => app.inject({ url, headers: as(who) });
    const post = (url: string, payload: object, who: keyof typeof users | 'public' = 'stp') => app.inject({ method: 'POST', url, payload, headers: as(who) });
    const del = (url: string, who: keyof typeof users | 'public' = 'stp') => app.inject({ method: 'DELETE', url, headers: as(who) });

    function isProblem(r: Response, status: number, detail?: RegExp): void {
      assert.equal(r.statusCode, status, r.body);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      if (detail) assert.match(r.json().detail, detail);
    }

    /** Polls the job until it has ended. */
    async function ended(job: Job): Promise<Job> {
      for (let i = 0; i < 6_000; i++) {
        const r = await get(`/api/jobs/${job.id}`);
        assert.equal(r.statusCode, 200, r.body);
        const now: Job = r.json();
        if (now.status !== 'queued' && now.status !== 'running') return now;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`job ${job.id} did not end`);
    }

    /** POSTs, checks the 202 and its Location, and waits for the job to succeed. */
    async function run(url: string, payload: object): Promise<Job> {
      const r = await post(url, payload);
      assert.equal(r.statusCode, 202, r.body);
      const { job } = r.json();
      assert.equal(r.headers.location, `/api/jobs/${job.id}`);
      const done = await ended(job);
      assert.equal(done.status, 'succeeded', done.error ?? '');
      assert.equal(done.error, null);
      return done;
    }

    const plan = (name: string, budgetUsd: number, extra: object = {}) =>
      run('/api/scenarios', { country: 'STP', name, objective: 'sites', budgetUsd, fromYear: 2027, untilYear: 2030, solver: 'greedy', ...extra });

    test('an analysis runs as a job; its creator and the country\'s managers see it, others do not', async () => {
      isProblem(await post('/api/analysis-runs', { country: 'STP' }, 'public'), 401);
      isProblem(await post('/api/analysis-runs', { country: 'STP' }, 'ken'), 403, /STP/);
      isProblem(await post('/api/analysis-runs', { country: 'STP', fast: true }), 400, /additional/);
      assert.equal(await currentRun(db, 'STP'), null, 'nothing ran');

      const job = await run('/api/analysis-runs', { country: 'STP' });
      assert.deepEqual([job.kind, job.country, job.createdBy], ['analysis', 'STP', `user:${users.stp.id}`]);
      const run1 = await currentRun(db, 'STP');
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM sites WHERE country = 'STP'");
      const result = job.result as { runId: number; current: boolean; summary: { country: string; sites: number }[] };
      assert.deepEqual([result.runId, result.current, result.summary.map((s) => [s.country, s.sites])], [run1!.id, false, [['STP', rows[0]!.n]]]);

      const again = await run('/api/analysis-runs', { country: 'STP' });
      assert.deepEqual([(again.result as typeof result).runId, (again.result as typeof result).current], [run1!.id, true], 'unchanged inputs: the same run');

      assert.equal((await get(`/api/jobs/${job.id}`, 'admin')).statusCode, 200);
      isProblem(await get(`/api/jobs/${job.id}`, 'ken'), 403);
      isProblem(await get(`/api/jobs/${job.id}`, 'public'), 401);
      isProblem(await get('/api/jobs/00000000-0000-4000-8000-000000000000'), 404);
      isProblem(await get('/api/jobs/not-a-uuid'), 400);
      const listed = (await get('/api/jobs?country=STP')).json().items.map((j: Job) => j.id);
      assert.deepEqual(listed.slice(0, 2), [again.id, job.id], 'newest first');
      isProblem(await get('/api/jobs?country=STP', 'ken'), 403);
      assert.deepEqual((await get('/api/jobs', 'ken')).json().items, [], 'a manager lists the jobs of its countries only');
    });

    test('a queued job is cancelled at once; a running one is asked to stop; a finished one cannot be', async () => {
      let release!: () => void;
      const blocker = queue.enqueue({ kind: 'plan', country: 'STP', createdBy: 'test' }, () => new Promise<void>((resolve) => (release = resolve)));
      const r = await post('/api/analysis-runs', { country: 'STP', force: true });
      const { job } = r.json();
      assert.equal(job.status, 'queued');
      isProblem(await del(`/api/jobs/${job.id}`, 'ken'), 403);
      const cancelled = await del(`/api/jobs/${job.id}`);
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.deepEqual([cancelled.json().status, cancelled.json().startedAt], ['cancelled', null]);
      isProblem(await del(`/api/jobs/${job.id}`), 409, /ended \(cancelled\)/);

      // The blocker ignores its signal: asked to stop, it finishes, and says so.
      const stopping = await del(`/api/jobs/${blocker.id}`);
      assert.equal(stopping.statusCode, 202, stopping.body);
      assert.equal(stopping.json().status, 'running');
      release();
      assert.equal((await ended(blocker)).status, 'succeeded');
      const runs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM analysis_runs');
      assert.equal(runs.rows[0]!.n, 1, 'the cancelled analysis never ran');

      // A plan cancelled while it loads sites stops there: no scenario is saved.
      queue.cancelAt = 'loading sites';
      const planned = await post('/api/scenarios', { country: 'STP', name: 'stopped', objective: 'sites', budgetUsd: 10_000, solver: 'greedy' });
      const stopped = await ended(planned.json().job);
      queue.cancelAt = null;
      assert.deepEqual([stopped.status, stopped.step, stopped.error], ['cancelled', 'loading sites', null]);
      assert.equal(await getScenario(db, 'STP', 'stopped'), null);
    });

    test('scenarios run as jobs; read, paged, downloaded and compared; each save in the audit log', async () => {
      const first = await plan('small', 5_000);
      const large = await plan('large', 30_000, { timeLimitS: 7 });
      const small = await plan('small', 10_000);
      const view = small.result as { name: string; budgetUsd: number; totals: { sites: number; costUsd: number }; certificate: { method: string } };
      assert.deepEqual([view.name, view.budgetUsd, view.certificate.method], ['small', 10_000, 'greedy']);
      assert.notEqual((first.result as { id: number }).id, (small.result as { id: number }).id, 'saving under a name again makes a new scenario');

      const detail = (await get('/api/scenarios/STP/small')).json();
      const stored = (await getScenario(db, 'STP', 'small'))!;
      assert.deepEqual([detail.id, detail.budgetUsd, detail.objective, detail.fromYear, detail.untilYear], [stored.id, 10_000, 'sites', 2027, 2030]);
      assert.deepEqual(detail.totals, (stored.result as { totals: unknown }).totals);
      assert.deepEqual(detail.totals, view.totals, 'the job\'s result is the scenario as saved');
      assert.ok(view.totals.costUsd <= 10_000 + 1e-6);
      assert.equal((await get('/api/scenarios/STP/large')).json().parameters.solver.timeLimitS, 7);
      assert.equal(detail.parameters.solver.timeLimitS, 10, 'the default');
      assert.deepEqual((await get('/api/scenarios?country=STP')).json().items.map((s: { name: string }) => s.name), ['small', 'large']);
      isProblem(await get('/api/scenarios/STP/nope'), 404, /no scenario "nope" in STP/);

      // The sites, a page at a time, are the stored sites in priority order.
      const sites = await scenarioSites(db, stored.id);
      assert.ok(sites.length > 0 && sites.length === view.totals.sites, `${sites.length} sites`);
      const paged = [];
      for (let after = 0; ;) {
        const page = (await get(`/api/scenarios/STP/small/sites?after=${after}&limit=4`)).json();
        paged.push(...page.items);
        if (page.next === null) break;
        after = page.next;
      }
      assert.deepEqual(paged, sites);
      // One site: what the plan does for it (the site panel asks), or nothing for a site it leaves out.
      const third = sites[2]!;
      assert.deepEqual((await get(`/api/scenarios/STP/small/sites?site=${third.siteId}`)).json().items, [third]);
      const funded = new Set(sites.map((x) => x.siteId));
      const left = (await listSites(db, { country: 'STP', limit: 500 })).find((x) => !funded.has(x.id))!;
      assert.deepEqual((await get(`/api/scenarios/STP/small/sites?site=${left.id}`)).json(), { items: [], next: null });

      const csv = await get('/api/scenarios/STP/small/download?format=csv');
      assert.equal(csv.statusCode, 200, csv.body);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.equal(csv.headers['content-disposition'], 'attachment; filename="STP-small.csv"');
      const lines = csv.body.split('\r\n');
      assert.equal(lines.pop(), '', 'every line ends with CRLF');
      assert.equal(lines.length, sites.length + 1);
      assert.equal(lines[0], SCENARIO_EXPORT_COLUMNS.join(','));
      assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[1])), sites.map((s) => s.siteId));
      const geojson = await get('/api/scenarios/STP/small/download?format=geojson');
      assert.match(String(geojson.headers['content-type']), /^application\/geo\+json/);
      assert.equal(geojson.headers['content-disposition'], 'attachment; filename="STP-small.geojson"');
      const collection = geojson.json();
      assert.equal(collection.name, 'STP small');
      assert.deepEqual(collection.features.map((f: { id: number }) => f.id), sites.map((s) => s.siteId));
      isProblem(await get('/api/scenarios/STP/small/download?format=xlsx'), 400);

      // The API's comparison is core's, of the stored sites; the larger budget funds at least as many.
      const diff = (await get('/api/scenarios/compare?country=STP&a=small&b=large')).json();
      const largeSites = await scenarioSites(db, (await getScenario(db, 'STP', 'large'))!.id);
      assert.deepEqual(diff, compareScenarios(sites, largeSites));
      assert.equal(diff.sites[0], view.totals.sites);
      assert.equal(diff.sites[1], (large.result as typeof view).totals.sites);
      assert.ok(diff.sites[0] <= diff.sites[1], `${diff.sites[0]} ≤ ${diff.sites[1]}`);
      assert.equal(diff.sites[1] - diff.sites[0], diff.onlyIn[1].length - diff.onlyIn[0].length);
      assert.ok(diff.costUsd[0] <= 10_000 + 1e-6 && diff.costUsd[1] <= 30_000 + 1e-6);
      isProblem(await get('/api/scenarios/compare?country=STP&a=small&b=nope'), 404, /nope/);

      const audit = (await get('/api/audit?entity=scenario&entityId=small')).json();
      assert.deepEqual(audit.map((e: { action: string; actor: string; country: string }) => [e.action, e.actor, e.country]), [
        ['update', `user:${users.stp.id}`, 'STP'], ['create', `user:${users.stp.id}`, 'STP'],
      ]);
      assert.deepEqual([audit[0].before.budgetUsd, audit[0].after.budgetUsd, audit[0].after.id], [5_000, 10_000, stored.id]);
    });

    test('a bad request is refused before any job: unknown parameters, no budget, unknown sites, years out of order', async () => {
      const jobsBefore = (await get('/api/jobs?country=STP')).json().items.length;
      const scenariosBefore = await listScenarios(db, 'STP');
      const refuse = async (extra: object, detail: RegExp) => {
        const r = await post('/api/scenarios', { country: 'STP', name: 'bad', objective: 'sites', budgetUsd: 10_000, solver: 'greedy', ...extra });
        isProblem(r, 400, detail);
        assert.equal(r.headers.location, undefined);
      };
      await refuse({ parameters: { demand: { minimumMbps: 5, catchmentRadiusKm: 3 } } }, /unknown parameter demand\.catchmentRadiusKm/);
      await refuse({ parameters: { solver: { timeLimitS: 'long' } } }, /solver\.timeLimitS must be a number/);
      await refuse({ timeLimitS: 500 }, /timeLimitS/);
      await refuse({ objective: 'population', budgetUsd: undefined }, /population objective needs budgetUsd or annualBudgetUsd/);
      await refuse({ mustInclude: ['no-such-school', '12x'] }, /mustInclude: sites: no "no-such-school", "12x" in STP/);
      await refuse({ fromYear: 2029, untilYear: 2027 }, /untilYear 2027 is before fromYear 2029/);
      await refuse({ budget: 10_000 }, /additional/);
      await refuse({ name: 'a/b' }, /name/);
      assert.equal((await get('/api/jobs?country=STP')).json().items.length, jobsBefore, 'no job was queued');
      assert.deepEqual(await listScenarios(db, 'STP'), scenariosBefore);
    });

    test('scenarios are for the country\'s managers: the public gets 401, another country\'s manager 403, everywhere', async () => {
      const routes: [string, string, object?][] = [
        ['POST', '/api/scenarios', { country: 'STP', name: 'theirs', objective: 'cost', solver: 'greedy' }],
        ['GET', '/api/scenarios?country=STP'],
        ['GET', '/api/scenarios/STP/large'],
        ['GET', '/api/scenarios/STP/large/sites'],
        ['GET', '/api/scenarios/STP/large/download?format=csv'],
        ['GET', '/api/scenarios/compare?country=STP&a=small&b=large'],
        ['DELETE', '/api/scenarios/STP/large'],
      ];
      for (const [method, url, payload] of routes) {
        isProblem(await app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) }), 401);
        isProblem(await app.inject({ method: method as 'GET', url, headers: users.ken.headers, ...(payload ? { payload } : {}) }), 403, /STP/);
      }
      assert.deepEqual((await get('/api/scenarios', 'ken')).json().items, [], 'listing every country shows none of another\'s');
      isProblem(await get('/api/scenarios/STP/nope', 'ken'), 403, /STP/); // no hint whether it exists
      assert.deepEqual((await get('/api/scenarios', 'admin')).json().items.map((s: { name: string }) => s.name), ['small', 'large']);
      assert.notEqual(await getScenario(db, 'STP', 'large'), null, 'still there');
      assert.equal(await getScenario(db, 'STP', 'theirs'), null, 'never run');
    });

    test('deleting a scenario removes it and its sites, and leaves an audit entry', async () => {
      const large = (await getScenario(db, 'STP', 'large'))!;
      const r = await del('/api/scenarios/STP/large');
      assert.equal(r.statusCode, 204, r.body);
      isProblem(await get('/api/scenarios/STP/large'), 404);
      isProblem(await del('/api/scenarios/STP/large'), 404);
      assert.deepEqual(await scenarioSites(db, large.id), []);
      const [entry] = (await get('/api/audit?entity=scenario&entityId=large')).json();
      assert.deepEqual([entry.action, entry.actor, entry.country, entry.before.id, entry.after], ['delete', `user:${users.stp.id}`, 'STP', large.id, null]);
    });
  });
}
