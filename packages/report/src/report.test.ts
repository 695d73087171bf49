import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CountryBoundaries, importFile } from '@postatlas/importers';
import { plan, type PlanResult } from '@postatlas/jobs';
import { allPages, listSites, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { reportHtml } from './html.js';
import { REPORT_LANGUAGES, words } from './messages.js';
import { reportModel, type ReportModel } from './model.js';
import { CHROMIUM, CHROMIUM_ARGS, htmlToPdf } from './pdf.js';
import { readReport } from './read.js';
import { MAP_COLOURS, TECHNOLOGY_COLOURS } from './style.js';
import { browserMissing, pdfPages } from './test-support.js';

const data = (path: string) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));
/** Pages of the PDFs, for people to look at (test-results/ is not in git). */
const SHOTS = fileURLToPath(new URL('../../../test-results/report/', import.meta.url));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
/** The page's text column at 96 px an inch: A4 less the 15 mm margins. */
const COLUMN_PX = Math.floor(((210 - 30) / 25.4) * 96);

for (const backend of await testBackends()) {
  describe(`a scenario's report on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let r: PlanResult;
    let m: ReportModel;
    // The browser checks run once, on the embedded database.
    const browserSkip = browserMissing();

    before(async () => {
      db = await backend.open();
      const boundaries = CountryBoundaries.load();
      await importFile(db, { layer: 'sites', file: data('itu-stp/STP-1713385818-4t89-pointofinterest.csv'), dataset: 'stp-schools', skipInvalid: true, boundaries, importedBy: 'test', licence: 'BSD-style, © 2024 ITU' });
      await importFile(db, { layer: 'cells', file: data('itu-stp/STP-1713438795-bivd-cellsite.csv'), dataset: 'stp-cells', skipInvalid: true, boundaries, importedBy: 'test' });
      // Every school costed, a year's money at a time: cellular and satellite, funded and not.
      r = await plan(db, { country: 'STP', name: 'all', objective: 'cost', annualBudgetUsd: 15_000, fromYear: 2027, untilYear: 2030, runBy: 'cli:ana', solver: 'greedy' });
      const read = await readReport(db, { country: 'STP', name: 'all', now: new Date('2026-05-05T10:00:00Z') });
      m = reportModel(read!);
    });
    after(async () => {
      await db?.close();
    });

    test('the report holds the plan\'s own numbers, and coverage adds exactly the funded sites', async () => {
      const t = r.report.totals;
      const funded = r.report.sites.filter((s) => s.year > 0);
      assert.equal(m.totals.sites, t.sites);
      assert.ok(close(m.totals.costUsd, t.costUsd) && close(m.totals.capexUsd, t.capexUsd) && close(m.totals.npvUsd, t.npvUsd) && close(m.totals.tcoUsd, t.tcoUsd));
      assert.ok(close(m.totals.unfundedCostUsd, t.unfundedCostUsd) && t.unfundedCostUsd > 0, 'the annual budget leaves some schools unfunded');
      assert.equal(m.unfunded, r.report.sites.length - funded.length);
      assert.deepEqual(m.byTechnology.map((x) => [x.technology, x.sites]), t.byTechnology.map((x) => [x.technology, x.sites]));
      assert.deepEqual(m.byTechnology.map((x) => x.technology), ['cellular', 'satellite']);
      assert.deepEqual(m.byYear.map((y) => y.year), [2027, 2028, 2029, 2030]);
      assert.deepEqual(m.byYear.filter((y) => y.sites > 0).map((y) => [y.year, y.sites]), t.byYear.map((y) => [y.year, y.sites]));
      assert.ok(m.byYear.every((y) => y.costUsd <= 15_000 + 1e-6));
      assert.equal(m.curve.length, t.sites);
      assert.ok(close(m.curve.at(-1)!.spendUsd, t.costUsd));
      assert.equal(m.certificate?.method, 'greedy');
      assert.equal(m.table.length, t.sites);
      assert.deepEqual(m.table.map((row) => row.siteId), funded.map((s) => r.siteIds[s.site]));

      // São Tomé's schools have districts (admin2) and no admin1.
      const registry: { id: number }[] = [];
      for await (const s of allPages((afterId) => listSites(db, { country: 'STP', afterId }))) registry.push(s);
      const sum = (k: 'sites' | 'connectedBefore' | 'connectedAfter') => m.coverage.areas.reduce((n, a) => n + a[k], 0);
      assert.equal(m.coverage.level, 'admin2');
      assert.ok(m.coverage.areas.some((a) => a.area === 'Água-Grande'));
      assert.equal(sum('sites'), registry.length);
      assert.equal(sum('connectedAfter') - sum('connectedBefore'), t.sites);
      assert.equal(sum('sites') - sum('connectedBefore'), r.report.sites.length, 'the plan costs every school not connected before');

      assert.deepEqual(m.versions.map((v) => v.name), ['stp-schools', 'stp-cells']);
      assert.ok(m.versions.every((v) => Number.isInteger(v.importId) && /^[0-9a-f]{64}$/.test(v.sha256 ?? '')));
      assert.equal(m.sources.find((s) => s.name === 'stp-schools')?.licence, 'BSD-style, © 2024 ITU');
      assert.equal(m.run?.current, true);
      assert.equal(await readReport(db, { country: 'STP', name: 'no-such-plan' }), null);
    });

    if (backend.name === 'embedded') {
      test('the HTML is one file that fetches nothing, in four languages, Arabic right to left, fitting the printed page', { skip: browserSkip }, async () => {
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
        try {
          for (const lang of REPORT_LANGUAGES) {
            const html = reportHtml(m, lang);
            assert.ok(html.startsWith(`<!DOCTYPE html>\n<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`), lang);
            // Nothing that could load: no script, link, image or CSS url; links only to its own sections; no address at all.
            assert.doesNotMatch(html, /<script|<link|<img|<iframe|url\(|@import/i);
            assert.deepEqual([...html.matchAll(/\b(?:href|src|xlink:href)="([^"]*)"/g)].map((x) => x[1]).filter((u) => !u!.startsWith('#')), []);
            assert.doesNotMatch(html, /https?:\/\//);

            const page = await browser.newPage({ viewport: { width: COLUMN_PX, height: 1000 } });
            const requests: string[] = [];
            await page.route('**/*', (route) => {
              requests.push(route.request().url());
              return route.abort();
            });
            await page.setContent(html, { waitUntil: 'load' });
            assert.deepEqual(requests, [], `${lang}: the report asked the network for something`);
            assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
            assert.equal(await page.locator('[data-testid="site-table"] tbody tr').count(), m.table.length);
            assert.equal(await page.locator('[data-testid="total-sites"]').textContent(), words(lang).count(m.totals.sites));
            assert.equal(await page.locator('[data-testid="plan-map"] g > *').count(), m.mapSites.length, 'a mark per funded site');
            await page.emulateMedia({ media: 'print' });
            // Wider than the column, Chromium would shrink every page of the PDF to fit it.
            assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= COLUMN_PX + 1, `${lang}: something is wider than the page`);
            await page.close();
          }
        } finally {
          await browser.close();
        }
      });

      test('the PDF, looked at page by page: a cover, a map with the sites in their colours, the site table', { skip: browserSkip }, async () => {
        mkdirSync(SHOTS, { recursive: true });
        const firstSite = m.table[0]!.sourceId;
        for (const lang of ['en', 'ar'] as const) {
          const w = words(lang);
          const pdf = await htmlToPdf(reportHtml(m, lang), { footer: `${w.say('docTitle', { name: m.name })} · ${m.country}`, dir: w.dir });
          assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
          const pages = await pdfPages(pdf, { colours: { cellular: TECHNOLOGY_COLOURS.cellular!, satellite: TECHNOLOGY_COLOURS.satellite!, water: MAP_COLOURS.water } });
          pages.forEach((p, i) => writeFileSync(`${SHOTS}${lang}-page-${i + 1}.png`, p.png));
          assert.ok(pages.length >= 5, `${lang}: ${pages.length} pages`);
          assert.ok(pages.every((p) => p.variance > 50), `${lang}: a blank page`);
          // The map is the second page: the sea, and the funded sites in their technologies' colours.
          const map = pages[1]!;
          assert.match(map.text, /Natural Earth/);
          assert.ok(map.colourPixels.water! > 0.25 * map.width * map.height, `${lang}: ${map.colourPixels.water} pixels of sea`);
          assert.ok(map.colourPixels.cellular! > 300, `${lang}: ${map.colourPixels.cellular} pixels of cellular sites`);
          assert.ok(map.colourPixels.satellite! > 20, `${lang}: ${map.colourPixels.satellite} pixels of satellite sites`);
          assert.ok(pages[0]!.colourPixels.water! < 0.01 * map.width * map.height, `${lang}: ${pages[0]!.colourPixels.water} pixels of sea on the cover, which has no map`);
          // Ids may wrap at the end of their column: compared without the breaks.
          assert.ok(pages.some((p) => p.text.replace(/\s+/g, '').includes(firstSite)), `${lang}: the first funded school's id is in the site table`);
        }
      });
    }
  });
}
