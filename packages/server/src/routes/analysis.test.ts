import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analysisParameters, haversineM } from '@postatlas/core';
import { CountryBoundaries, importFile } from '@postatlas/importers';
import { analyze } from '@postatlas/jobs';
import { createSite, createUser, type AnalysisRun, type Database, type SiteRow } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { hashPassword } from '../crypto.js';
import { signIn } from '../test-support.js';

type Response = Awaited<ReturnType<App['inject']>>;
type Metrics = Record<string, unknown> & { siteId: number; country: string };

const boundaries = CountryBoundaries.load();
/** What says where infrastructure is; everything else is for everyone. */
const WITHHELD = ['fiberNodeM', 'fiberNodeOperationalM', 'microwaveNodeM', 'microwaveNodeOperationalM', 'cell2gM', 'cell3gM', 'cell4gM', 'cell5gM', 'bestGeneration'];
const without = (m: Metrics, keys: string[]) => Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));

for (const backend of await testBackends()) {
  describe(`analysis runs through the API on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    let nairobi: SiteRow;
    let mombasa: SiteRow;
    let kampala: SiteRow;
    let run: AnalysisRun;
    const who: Record<'public' | 'admin' | 'ken', Record<string, string>> = { public: {}, admin: {}, ken: {} };
    const password = 'correct horse battery staple';
    const dir = mkdtempSync(join(tmpdir(), 'postatlas-analysis-api-'));
    const cells = (name: string, csv: string) => {
      const file = join(dir, `${name}.csv`);
      writeFileSync(file, `id,lat,lon,radio,operator\n${csv}\n`);
      return file;
    };

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db });
      const passwordHash = await hashPassword(password);
      await createUser(db, { email: 'admin@example.org', passwordHash, role: 'admin' });
      await createUser(db, { email: 'ken@example.org', passwordHash, role: 'country_manager', countries: ['KEN'] });
      for (const [role, email] of [['admin', 'admin@example.org'], ['ken', 'ken@example.org']] as const) {
        who[role] = await signIn(app, email, password);
      }
      nairobi = await createSite(db, { name: 'Nairobi GPO', siteType: 'post_office', country: 'KEN', lat: -1.2864, lon: 36.8172 }, 'test');
      mombasa = await createSite(db, { name: 'Mombasa', siteType: 'post_office', country: 'KEN', lat: -4.0637, lon: 39.6683 }, 'test');
      kampala = await createSite(db, { name: 'Kampala GPO', siteType: 'post_office', country: 'UGA', lat: 0.3136, lon: 32.5811 }, 'test');
      // Operators' cell sites: private, as infrastructure is until its owner publishes it.
      await importFile(db, { layer: 'cells', file: cells('ken-cells', 'k1,-1.29,36.82,4G,Safaricom'), country: 'KEN', importedBy: 'test', boundaries });
      await importFile(db, { layer: 'cells', file: cells('uga-cells', 'u1,0.31,32.58,3G,MTN Uganda'), country: 'UGA', importedBy: 'test', boundaries });
      run = (await analyze(db, { runBy: 'test' })).run;
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    const get = (url: string, as: Record<string, string> = {}) => app.inject({ url, headers: as });
    function isProblem(r: Response, status: number, detail?: RegExp): void {
      assert.equal(r.statusCode, status, r.body);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      if (detail) assert.match(r.json().detail, detail);
    }
    const metricsOf = async (as: Record<string, string>, query = '') => (await get(`/api/analysis-runs/${run.id}/metrics${query}`, as)).json().items as Metrics[];

    test('runs, newest first, current while their inputs are', async () => {
      const list = (await get('/api/analysis-runs')).json();
      assert.deepEqual(list.items.map((r: { id: number; countries: string[]; runBy: string; current: boolean }) => [r.id, r.countries, r.runBy, r.current]), [[run.id, ['KEN', 'UGA'], 'test', true]]);
      assert.equal(list.next, null);
      assert.deepEqual((await get('/api/analysis-runs?country=UGA')).json().items.map((r: { id: number }) => r.id), [run.id]);
      assert.deepEqual((await get('/api/analysis-runs?country=TZA')).json().items, []);
      isProblem(await get('/api/analysis-runs?country=kenya'), 400);
      isProblem(await get('/api/analysis-runs?limit=0'), 400);

      const one = (await get(`/api/analysis-runs/${run.id}`, who.admin)).json();
      assert.deepEqual(one.parameters, JSON.parse(JSON.stringify(analysisParameters())));
      assert.deepEqual([one.fingerprint, one.current, one.startedAt], [run.fingerprint, true, new Date(run.startedAt).toISOString()]);
      assert.deepEqual(one.inputs.map((i: { name: string }) => i.name), ['api-ken', 'api-uga', 'ken-cells', 'uga-cells']);
      isProblem(await get('/api/analysis-runs/999999'), 404, /no analysis run 999999/);
      isProblem(await get('/api/analysis-runs/first'), 400);
    });

    test('the datasets a run read are listed as far as the reader may see them', async () => {
      const inputs = async (as: Record<string, string>) => (await get(`/api/analysis-runs/${run.id}`, as)).json().inputs.map((i: { name: string }) => i.name);
      assert.deepEqual(await inputs(who.public), ['api-ken', 'api-uga']);
      assert.deepEqual(await inputs(who.ken), ['api-ken', 'api-uga', 'ken-cells']);
    });

    test('distances to infrastructure are withheld from those who may not see it; the rest is for everyone', async () => {
      const admin = await metricsOf(who.admin);
      assert.deepEqual(admin.map((m) => [m.siteId, m.name, m.country, m.distancesWithheld]), [
        [nairobi.id, 'Nairobi GPO', 'KEN', false], [mombasa.id, 'Mombasa', 'KEN', false], [kampala.id, 'Kampala GPO', 'UGA', false],
      ]);
      const [n, m, k] = admin as [Metrics, Metrics, Metrics];
      assert.ok(Math.abs((n.cell4gM as number) - haversineM(-1.2864, 36.8172, -1.29, 36.82)) < 0.01, `Nairobi to its cell: ${String(n.cell4gM)} m`);
      assert.ok(Math.abs((m.cell4gM as number) - haversineM(-4.0637, 39.6683, -1.29, 36.82)) < 0.01);
      assert.ok(Math.abs((k.cell3gM as number) - haversineM(0.3136, 32.5811, 0.31, 32.58)) < 0.01);
      assert.deepEqual([n.bestGeneration, k.bestGeneration, n.cell3gM, k.cell4gM, n.fiberNodeM], [4, 3, null, null, null]);
      assert.deepEqual([n.areaClass, n.otherSites1km, n.schools1km, n.connected], ['unknown', 0, 0, null]);

      const anyone = await metricsOf(who.public);
      const ken = await metricsOf(who.ken);
      for (const [i, row] of admin.entries()) {
        const mayRead = row.country === 'KEN';
        assert.deepEqual(anyone[i], { ...row, ...Object.fromEntries(WITHHELD.map((f) => [f, null])), distancesWithheld: true }, `public, site ${row.siteId}`);
        assert.deepEqual(ken[i], mayRead ? row : anyone[i], `Kenya's manager, site ${row.siteId}`);
        assert.deepEqual(without(anyone[i]!, [...WITHHELD, 'distancesWithheld']), without(row, [...WITHHELD, 'distancesWithheld']), 'classes, population and counts are the same for everyone');
      }

      const summary = async (as: Record<string, string>) => (await get('/api/analysis-runs', as)).json().items[0].summary.map((s: { country: string; median4gCellM: number | null; medianFiberOperationalM: number | null; sites: number }) => [s.country, s.sites, s.median4gCellM]);
      const median = run.summary.find((s) => s.country === 'KEN')!.median4gCellM;
      assert.equal(typeof median, 'number');
      assert.deepEqual(await summary(who.admin), [['KEN', 2, median], ['UGA', 1, null]]);
      assert.deepEqual(await summary(who.ken), [['KEN', 2, median], ['UGA', 1, null]]);
      assert.deepEqual(await summary(who.public), [['KEN', 2, null], ['UGA', 1, null]]);
    });

    test('a run\'s metrics a page at a time, by country', async () => {
      const first = (await get(`/api/analysis-runs/${run.id}/metrics?limit=2`)).json();
      assert.deepEqual([first.items.map((m: Metrics) => m.siteId), first.next], [[nairobi.id, mombasa.id], mombasa.id]);
      const second = (await get(`/api/analysis-runs/${run.id}/metrics?limit=2&after=${first.next}`)).json();
      assert.deepEqual([second.items.map((m: Metrics) => m.siteId), second.next], [[kampala.id], null]);
      assert.deepEqual((await metricsOf(who.public, '?country=UGA')).map((m) => m.siteId), [kampala.id]);
      isProblem(await get('/api/analysis-runs/999999/metrics'), 404);
      isProblem(await get(`/api/analysis-runs/${run.id}/metrics?limit=5000`), 400);
      isProblem(await get(`/api/analysis-runs/${run.id}/metrics?page=2`), 400);
    });

    test('a site\'s metrics come from the latest run that covered it', async () => {
      const admin = (await metricsOf(who.admin)).find((m) => m.siteId === nairobi.id)!;
      const site = (await get(`/api/sites/${nairobi.id}/metrics`, who.ken)).json();
      assert.deepEqual(without(site, ['runId', 'runFinishedAt']), admin);
      assert.equal(site.runId, run.id);
      assert.match(site.runFinishedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const uganda = (await metricsOf(who.admin)).find((m) => m.siteId === kampala.id)!;
      const withheld = (await get(`/api/sites/${kampala.id}/metrics`, who.ken)).json();
      assert.deepEqual([withheld.cell3gM, withheld.bestGeneration, withheld.distancesWithheld, withheld.coverageClass], [null, null, true, uganda.coverageClass]);

      const added = await createSite(db, { name: 'Kisumu', siteType: 'post_office', country: 'KEN', lat: -0.0917, lon: 34.768 }, 'test');
      isProblem(await get(`/api/sites/${added.id}/metrics`), 404, /has not been in an analysis run yet/);
      isProblem(await get('/api/sites/999999/metrics'), 404, /no site 999999/);

      // Kenya changed (a new site), so its next run is new; Uganda's latest is still the first.
      const kenya = await analyze(db, { country: 'KEN', runBy: 'test' });
      assert.equal(kenya.current, false);
      assert.equal((await get(`/api/sites/${added.id}/metrics`)).json().runId, kenya.run.id);
      assert.equal((await get(`/api/sites/${nairobi.id}/metrics`)).json().runId, kenya.run.id);
      assert.equal((await get(`/api/sites/${kampala.id}/metrics`)).json().runId, run.id);
      const list = (await get('/api/analysis-runs')).json().items;
      assert.deepEqual(list.map((r: { id: number; current: boolean }) => [r.id, r.current]), [[kenya.run.id, true], [run.id, false]]);
      assert.deepEqual((await get('/api/analysis-runs?limit=1')).json().next, kenya.run.id);
      assert.deepEqual((await get(`/api/analysis-runs?before=${kenya.run.id}`)).json().items.map((r: { id: number }) => r.id), [run.id]);
    });
  });
}
