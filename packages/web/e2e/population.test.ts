/**
 * The map's population layer in Chromium: off at first; the Population toggle draws density
 * tiles over Ibiza (counted in the map's pixels), shows the legend of classes and credits WorldPop.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importFile } from '@postatlas/importers';
import { SHOTS, browserMissing, countMapPixels, data, mapReady, startBrowserTest, type BrowserTest } from './support.js';

type Page = BrowserTest['page'];

/**
 * Pixels of the map in the density ramp's warm colours (yellow to dark red, at the layer's
 * opacity over the land): red well above blue. The land, water, borders and grey sites are not.
 */
const warmPixels = (page: Page) => countMapPixels(page, { warm: true });

describe('the population layer in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let page: Page;
  const tiles: number[] = [];

  before(async () => {
    t = await startBrowserTest();
    page = t.page;
    await importFile(t.db, { layer: 'population', file: data('itu-ibiza/population-100m.tif'), country: 'ESP', dataset: 'worldpop-ibiza', importedBy: 'test' });
    page.on('response', (r) => { if (r.url().includes('/api/tiles/population/')) tiles.push(r.status()); });
  });
  after(async () => {
    await t?.close();
  });

  test('off at first; the toggle draws Ibiza\'s people in the density colours, with the legend and the credit', async () => {
    await page.goto(`${t.url}/?lang=en#10/38.98/1.43`);
    await mapReady(page);
    const toggle = page.getByRole('checkbox', { name: 'Population' });
    assert.equal(await toggle.isChecked(), false);
    assert.equal(tiles.length, 0, 'no population tile is fetched while the layer is off');
    const before = await warmPixels(page);
    assert.equal(await page.getByTestId('population-legend').count(), 0);

    await toggle.check();
    let after = 0;
    for (let i = 0; i < 50 && after < 2_000; i++) {
      await page.waitForTimeout(200);
      after = await warmPixels(page);
    }
    assert.ok(after >= 2_000 && after > 10 * (before + 1), `Ibiza drawn in the ramp's colours (${before} → ${after} pixels)`);
    assert.ok(tiles.length > 0 && tiles.every((s) => s === 200), `tiles answered ${tiles.join(', ')}`);
    await page.getByTestId('map').screenshot({ path: `${SHOTS}/population-ibiza.png` });

    const legend = page.getByTestId('population-legend');
    assert.equal(await legend.locator('legend').textContent(), 'People per km²');
    assert.deepEqual((await legend.locator('div').allTextContents()).map((s) => s.trim()),
      ['fewer than 10', '10–50', '50–250', '250–1,000', '1,000–5,000', '5,000 or more']);
    assert.match(await page.locator('.maplibregl-ctrl-attrib').innerText(), /WorldPop \(CC BY 4\.0\)/);

    await toggle.uncheck();
    let off = after;
    for (let i = 0; i < 50 && off > before; i++) {
      await page.waitForTimeout(200);
      off = await warmPixels(page);
    }
    assert.ok(off <= before, `hidden again (${off} pixels, ${before} before)`);
  });

  test('the legend speaks the reader\'s language', async () => {
    await page.goto(`${t.url}/?lang=es#10/38.98/1.43`);
    await mapReady(page);
    await page.getByRole('checkbox', { name: 'Población' }).check();
    assert.equal(await page.getByTestId('population-legend').locator('legend').textContent(), 'Habitantes por km²');
  });
});
