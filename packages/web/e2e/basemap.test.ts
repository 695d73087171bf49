/**
 * An online base map an operator configured (raster XYZ tiles from their own server): offered as a
 * layer, off at first, its tiles drawn when a reader turns it on, the choice kept in the browser.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { encodePng } from '@postatlas/server';
import { browserMissing, mapReady, pixelsOf, startBrowserTest, untilPixels, type BrowserTest } from './support.js';

// A colour nothing else on the map uses (not even Playwright's mask, which is magenta): every tile of the test's tile server is this.
const VIOLET = '#7f00ff';

describe('an online base map in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let tiles: Server;
  const asked: string[] = [];

  before(async () => {
    const rgba = new Uint8Array(256 * 256 * 4);
    for (let i = 0; i < rgba.length; i += 4) rgba.set([127, 0, 255, 255], i);
    const png = encodePng(rgba, 256, 256);
    tiles = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '') ? 200 : 404, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(png);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    const port = (tiles.address() as AddressInfo).port;
    t = await startBrowserTest({ basemap: { url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, attribution: 'Test tiles' } });
  });
  after(async () => {
    await t?.close();
    tiles?.close();
  });

  test('off at first, drawn when turned on, remembered', async () => {
    const { page, url } = t;
    await page.goto(`${url}/?lang=en&country=STP`);
    await mapReady(page);
    const toggle = page.getByLabel('Online base map');
    assert.equal(await toggle.isChecked(), false);
    assert.equal(asked.length, 0, 'no tile asked for before the reader turns it on');
    assert.equal(await pixelsOf(page, VIOLET), 0);

    await toggle.check();
    await untilPixels(page, VIOLET, (n) => n >= 10_000);
    assert.ok(asked.length > 0);

    await page.reload();
    await mapReady(page);
    assert.equal(await page.getByLabel('Online base map').isChecked(), true);
    await page.getByLabel('Online base map').uncheck();
    await page.waitForTimeout(500);
    assert.equal(await pixelsOf(page, VIOLET), 0);
  });
});
