/**
 * What the browser tests share: a server on the embedded database with São Tomé and Príncipe's
 * ITU schools and cell sites (analysed), a country manager of STP, and Debian's Chromium.
 *
 *     const t = await startBrowserTest();     // skip the suite when t is a string (the reason)
 *     await t.page.goto(`${t.url}/?lang=en`);
 *     await t.close();
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { importFile } from '@postatlas/importers';
import { analyze } from '@postatlas/jobs';
import { buildApp, hashPassword, type App, type AppOptions } from '@postatlas/server';
import { createUser, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';

const CHROMIUM = process.env.POSTATLAS_CHROMIUM ?? '/usr/bin/chromium';
// POSTATLAS_WEB_ROOT: a build elsewhere (vite build --outDir DIR), so parallel builds do not overwrite each other.
const WEB_ROOT = process.env.POSTATLAS_WEB_ROOT ?? fileURLToPath(new URL('../app/', import.meta.url));
/** Screenshots for people to look at (test-results/ is not in git). */
export const SHOTS = fileURLToPath(new URL('../../../../test-results/web/', import.meta.url));
export const data = (path: string) => fileURLToPath(new URL(`../../../../data/${path}`, import.meta.url));
export const MANAGER = { email: 'stp@example.org', password: 'correct horse battery staple' };

/** Why the browser tests cannot run here, or false; an error where CI requires them. */
export function browserMissing(): string | false {
  const missing = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : !existsSync(`${WEB_ROOT}/index.html`) ? 'the web app is not built (npm run build)' : false;
  if (missing && process.env.POSTATLAS_REQUIRE_BROWSER === '1') throw new Error(`POSTATLAS_REQUIRE_BROWSER=1 but ${missing}`);
  return missing;
}

export interface BrowserTest {
  db: Database;
  app: App;
  url: string;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function startBrowserTest(options: Partial<AppOptions> = {}): Promise<BrowserTest> {
  const embedded = (await testBackends()).find((b) => b.name === 'embedded')!;
  const db = await embedded.open();
  await importFile(db, { layer: 'sites', file: data('itu-stp/STP-1713385818-4t89-pointofinterest.csv'), dataset: 'stp-schools', skipInvalid: true, importedBy: 'test' });
  await importFile(db, { layer: 'cells', file: data('itu-stp/STP-1713438795-bivd-cellsite.csv'), dataset: 'stp-cell-sites', importedBy: 'test' });
  await analyze(db, { runBy: 'test' });
  await createUser(db, { email: MANAGER.email, passwordHash: await hashPassword(MANAGER.password), role: 'country_manager', countries: ['STP'] });
  const app = await buildApp({ db, webRoot: WEB_ROOT, rateLimitPerMinute: 100_000, ...options });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const errors: Error[] = [];
  page.on('pageerror', (err) => errors.push(err));
  mkdirSync(SHOTS, { recursive: true });
  return {
    db, app, url, browser, page,
    async close() {
      await browser.close();
      await app.close();
      await db.close();
      if (errors.length) throw new Error(`the page threw: ${errors.map((e) => e.message).join('; ')}`);
    },
  };
}

/** Signs in through the page's own dialog. */
export async function signInAs(page: Page, who = MANAGER): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${who.email}`).waitFor();
}

export const mapReady = (page: Page) => page.waitForSelector('[data-testid="map"][data-ready="true"]', { timeout: 30_000 });

/**
 * Which pixels of the map to count: those within 6 of a colour in each channel, or those in the
 * population ramp's warm colours (yellow to dark red over the land: red above 150, 40 over blue).
 */
export type PixelRule = { near: string } | { warm: true };

/** Pixels of the map that the rule picks (the controls over the map masked out). */
export async function countMapPixels(page: Page, rule: PixelRule): Promise<number> {
  const png = await page.getByTestId('map').screenshot({ mask: [page.locator('.layers'), page.locator('.maplibregl-ctrl')] });
  return page.evaluate(async ({ data, rule }) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data: px } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let n = 0;
    if ('near' in rule) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(rule.near.slice(i, i + 2), 16));
      for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i]! - r!) <= 6 && Math.abs(px[i + 1]! - g!) <= 6 && Math.abs(px[i + 2]! - b!) <= 6) n++;
    } else {
      for (let i = 0; i < px.length; i += 4) if (px[i]! > 150 && px[i]! - px[i + 2]! > 40) n++;
    }
    return n;
  }, { data: png.toString('base64'), rule });
}

/** Pixels of the map drawn in this colour. */
export const pixelsOf = (page: Page, hex: string) => countMapPixels(page, { near: hex });

/** Waits until the map's pixels of this colour pass the check (the map redraws on its own time). */
export async function untilPixels(page: Page, hex: string, ok: (n: number) => boolean): Promise<number> {
  let n = -1;
  for (let i = 0; i < 50; i++) {
    n = await pixelsOf(page, hex);
    if (ok(n)) return n;
    await page.waitForTimeout(200);
  }
  assert.fail(`the map never showed the expected pixels of ${hex} (last count ${n})`);
}
