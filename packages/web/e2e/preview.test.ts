/**
 * The first screen on a slow link (map/preview.ts): before MapLibre has loaded, a canvas shows the
 * map's opening view with the sites, drawn from the same base map and tiles; the map then reads
 * both from the browser's cache (nothing is downloaded twice) and takes over at the same view.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SHOTS, browserMissing, mapReady, startBrowserTest, type BrowserTest } from './support.js';

/** Runs in the page: when the preview says it has drawn, count its pixels in the site colours. */
function watchPreview() {
  const colours = [[0x1a, 0x7f, 0x37], [0xc6, 0x28, 0x28], [0x6b, 0x6f, 0x76]];
  new MutationObserver((_, observer) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="map-preview"][data-drawn="true"]');
    if (!canvas) return;
    observer.disconnect();
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let sitePixels = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (colours.some(([r, g, b]) => Math.abs(data[i]! - r!) < 8 && Math.abs(data[i + 1]! - g!) < 8 && Math.abs(data[i + 2]! - b!) < 8)) sitePixels++;
    }
    const mapShown = document.querySelector('[data-testid="map"][data-ready="true"]') !== null;
    (window as unknown as { __preview: unknown }).__preview = { sitePixels, mapShown, at: performance.now() };
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
}

describe('the first screen before the map has loaded', { skip: browserMissing() }, () => {
  let t: BrowserTest;

  before(async () => {
    t = await startBrowserTest();
  });
  after(async () => {
    await t?.close();
  });

  test('a link to a country: the preview draws its sites, then the map takes over at the same view from the cache', async () => {
    const served: string[] = [];
    const count = (req: { url?: string }) => { if (req.url?.startsWith('/api/tiles/') || req.url?.includes('/countries-')) served.push(req.url); };
    t.app.server.on('request', count);
    // A fresh context: an empty cache, as for a first visit (no routing either: it turns the HTTP cache off).
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await page.addInitScript(watchPreview);
      await page.goto(`${t.url}/?lang=en&country=STP`);
      await mapReady(page);
      const preview = await page.evaluate(() => (window as unknown as { __preview?: { sitePixels: number; mapShown: boolean } }).__preview);
      assert.ok(preview, 'the preview drew');
      assert.equal(preview.mapShown, false, 'the preview came before the map');
      assert.ok(preview.sitePixels > 50, `the preview shows sites (${preview.sitePixels} pixels in their colours)`);
      // The map opened where the preview was: São Tomé and Príncipe fitted to the screen, not the world.
      const zoom = Number(new URL(page.url()).hash.slice(1).split('/')[0]);
      assert.ok(zoom > 7, `the map opened on the country (zoom ${zoom})`);
      await page.getByTestId('map-preview').waitFor({ state: 'detached' });
      await page.screenshot({ path: `${SHOTS}map-after-preview.png` });
      const tiles = served.filter((u) => u.startsWith('/api/tiles/sites/'));
      assert.ok(tiles.length > 0);
      assert.deepEqual(tiles, [...new Set(tiles)], 'every sites tile downloaded once (the map read the preview\'s from the cache)');
      assert.equal(served.filter((u) => u.includes('/countries-110m')).length, 1, 'the base map downloaded once');
    } finally {
      t.app.server.off('request', count);
      await context.close();
    }
  });
});
