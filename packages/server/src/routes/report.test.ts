import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CountryBoundaries, importFile } from '@postatlas/importers';
import { plan } from '@postatlas/jobs';
import { chromiumMissing } from '@postatlas/report';
import { createUser, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { hashPassword } from '../crypto.js';
import { signIn } from '../test-support.js';

const data = (path: string) => fileURLToPath(new URL(`../../../../data/${path}`, import.meta.url));

for (const backend of await testBackends()) {
  describe(`a scenario's report downloaded on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;
    let funded = 0;
    const headers: Record<'stp' | 'ken', Record<string, string>> = {} as never;

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db, rateLimitPerMinute: 1_000_000 });
      const boundaries = CountryBoundaries.load();
      await importFile(db, { layer: 'sites', file: data('itu-stp/STP-1713385818-4t89-pointofinterest.csv'), dataset: 'stp-schools', skipInvalid: true, boundaries, importedBy: 'test' });
      await importFile(db, { layer: 'cells', file: data('itu-stp/STP-1713438795-bivd-cellsite.csv'), dataset: 'stp-cells', skipInvalid: true, boundaries, importedBy: 'test' });
      const r = await plan(db, { country: 'STP', name: 'half plan', objective: 'sites', budgetUsd: 30_000, fromYear: 2027, untilYear: 2030, runBy: 'test', solver: 'greedy' });
      funded = r.report.totals.sites;
      const passwordHash = await hashPassword('correct horse battery staple');
      for (const [key, countries] of [['stp', ['STP']], ['ken', ['KEN']]] as const) {
        await createUser(db, { email: `${key}@example.org`, passwordHash, role: 'country_manager', countries: [...countries] });
        headers[key] = await signIn(app, `${key}@example.org`, 'correct horse battery staple');
      }
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    const get = (url: string, who?: 'stp' | 'ken') => app.inject({ url, headers: who ? headers[who] : {} });
    const path = '/api/scenarios/STP/half%20plan/report';

    test('the country\'s manager downloads the HTML report, as an attachment, in the language asked for', async () => {
      const r = await get(`${path}?format=html&lang=fr`, 'stp');
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.equal(r.headers['content-disposition'], 'attachment; filename="STP-half_plan-report-fr.html"');
      assert.equal(r.headers['cache-control'], 'private, no-store');
      assert.match(r.body, /^<!DOCTYPE html>\n<html lang="fr" dir="ltr">/);
      assert.match(r.body, /Rapport de scénario : half plan/);
      const table = r.body.slice(r.body.indexOf('data-testid="site-table"'));
      assert.equal(table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>')).match(/<tr>/g)?.length, funded);
      const ar = await get(`${path}?lang=ar`, 'stp');
      assert.equal(ar.statusCode, 200);
      assert.match(ar.body, /^<!DOCTYPE html>\n<html lang="ar" dir="rtl">/, 'HTML by default, right to left in Arabic');
    });

    test('others may not have it; an unknown scenario, format or language is refused', async () => {
      assert.equal((await get(path)).statusCode, 401);
      const ken = await get(path, 'ken');
      assert.equal(ken.statusCode, 403);
      assert.match(ken.json().detail, /the scenarios of STP are for its managers/);
      const missing = await get('/api/scenarios/STP/nope/report', 'stp');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().detail, /no scenario "nope" in STP/);
      assert.equal((await get(`${path}?format=docx`, 'stp')).statusCode, 400);
      assert.equal((await get(`${path}?lang=de`, 'stp')).statusCode, 400);
    });

    // Printed once, on the embedded database.
    if (backend.name === 'embedded') {
      test('the PDF report, where Chromium is installed', { skip: chromiumMissing() }, async () => {
        const r = await get(`${path}?format=pdf&lang=es`, 'stp');
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.headers['content-type'], 'application/pdf');
        assert.equal(r.headers['content-disposition'], 'attachment; filename="STP-half_plan-report-es.pdf"');
        assert.equal(r.rawPayload.subarray(0, 5).toString(), '%PDF-');
      });
    }
  });
}
