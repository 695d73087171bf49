/**
 * The map's filters and drill-down in Chromium: choosing how sites are connected hides the others
 * (counted in the map's pixels) and is kept in the URL; choosing an admin area moves the map to it
 * (the position in the URL's hash) and is kept in the URL too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSite } from '@postatlas/store';
import { SHOTS, browserMissing, mapReady, pixelsOf, startBrowserTest, untilPixels, type BrowserTest } from './support.js';

type Page = BrowserTest['page'];

// The map's colours of connected and unconnected sites (map-view.ts COLOURS).
const GREEN = '#1a7f37';
const RED = '#c62828';



/** MapLibre's hash: #zoom/lat/lon. */
const camera = (page: Page) => {
  const [zoom, lat, lon] = new URL(page.url()).hash.slice(1).split('/').map(Number);
  return { zoom: zoom!, lat: lat!, lon: lon! };
};

describe('map filters and admin areas in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let url: string;
  let page: Page;

  before(async () => {
    t = await startBrowserTest();
    ({ url, page } = t);
    // The ITU sample has its districts in admin2 and no admin1: two areas of our own.
    const site = (name: string, admin1: string, lat: number, lon: number) =>
      createSite(t.db, { name, siteType: 'post_office', country: 'STP', admin1, lat, lon, isConnected: true, connectivityType: 'satellite' }, 'test');
    await site('Santo António', 'Príncipe', 1.6389, 7.4193);
    await site('Porto Real', 'Príncipe', 1.6003, 7.3804);
    await site('São Tomé', 'São Tomé', 0.3365, 6.7273);
  });
  after(async () => {
    await t?.close();
  });

  test('a technology filter hides the sites connected otherwise, and the URL keeps it', async () => {
    await page.goto(`${url}/?country=STP&lang=en#10/0.25/6.62`);
    await mapReady(page);
    const technology = page.getByLabel('Connected by');
    const red = await untilPixels(page, RED, (n) => n > 0);
    const green = await untilPixels(page, GREEN, (n) => n > 0);

    // The unconnected sites are connected by nothing: fibre alone hides them, and the ADSL ones.
    await technology.selectOption('fiber');
    await untilPixels(page, RED, (n) => n === 0);
    const fibre = await untilPixels(page, GREEN, (n) => n > 0 && n < green);
    assert.equal(new URL(page.url()).searchParams.get('f'), 'fiber');
    await page.getByRole('note').filter({ hasText: 'clusters count every site' }).waitFor();

    // The link opens on the same filter.
    await page.reload();
    await mapReady(page);
    assert.equal(await page.getByLabel('Connected by').inputValue(), 'fiber');
    await untilPixels(page, RED, (n) => n === 0);
    await untilPixels(page, GREEN, (n) => Math.abs(n - fibre) <= fibre * 0.2);

    await page.getByLabel('Connected by').selectOption('');
    assert.equal(new URL(page.url()).searchParams.get('f'), null);
    assert.ok((await untilPixels(page, RED, (n) => n > 0)) > 0, `${red} red pixels before`);
  });

  test('choosing an admin area moves the map to it; the whole country moves it back', async () => {
    await page.goto(`${url}/?country=STP&lang=en`);
    await mapReady(page);
    const area = page.locator('select[name="area"]');
    await area.locator('option').nth(2).waitFor({ state: 'attached' });
    assert.deepEqual(await area.locator('option').allTextContents(), ['Whole country', 'Príncipe', 'São Tomé']);
    const start = camera(page);

    await area.selectOption('Príncipe');
    await page.waitForFunction(() => Math.abs(Number(location.hash.split('/')[1]) - 1.62) < 0.05, undefined, { timeout: 10_000 });
    const principe = camera(page);
    assert.ok(principe.zoom > start.zoom + 1, `zoomed in from ${start.zoom} to ${principe.zoom}`);
    assert.ok(Math.abs(principe.lon - 7.4) < 0.05, `centred on Príncipe: ${page.url()}`);
    assert.equal(new URL(page.url()).searchParams.get('area'), 'Príncipe');
    await page.screenshot({ path: `${SHOTS}/filters-area.png` });

    await area.selectOption('');
    await page.waitForFunction((z) => Number(location.hash.slice(1).split('/')[0]) < z - 1, principe.zoom, { timeout: 10_000 });
    assert.equal(new URL(page.url()).searchParams.get('area'), null);
  });
});
