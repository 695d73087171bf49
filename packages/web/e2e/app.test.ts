/**
 * The web app in a real headless Chromium (Debian's, driven by playwright-core) against a real
 * server on the embedded database with São Tomé and Príncipe's ITU schools and cell sites: sign
 * in, open a country, click a site and read its panel, switch to Arabic, open the dashboard.
 * Screenshots of each view go to test-results/web/ for people to look at.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listSites, type SiteRow } from '@postatlas/store';
import { MANAGER, SHOTS, browserMissing, mapReady, startBrowserTest, type BrowserTest } from './support.js';

describe('the web app in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let url: string;
  let page: BrowserTest['page'];
  let school: SiteRow;

  before(async () => {
    t = await startBrowserTest();
    ({ url, page } = t);
    // The sample's schools have no names: the panel is titled "Site <id>".
    school = (await listSites(t.db, { country: 'STP', limit: 1 }))[0]!;
  });
  after(async () => {
    await t?.close();
  });

  test('the first screen: a base map and the sites, with nothing from another origin', async () => {
    const foreign: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url()); });
    await page.goto(`${url}/?lang=en`);
    await mapReady(page);
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    assert.deepEqual(foreign, []);
    await page.screenshot({ path: `${SHOTS}map-world.png` });
  });

  test('sign in, open a country, click a site and read its panel', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(MANAGER.email);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await page.getByLabel('Password').fill(MANAGER.password);
    await page.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as stp@example.org').waitFor();

    await page.getByLabel('Country').selectOption('STP');
    assert.match(page.url(), /country=STP/);
    // A shared link with a position shows that position: the school at the centre, close up.
    await page.goto(`${url}/?country=STP&lang=en#14/${school.lat}/${school.lon}`);
    await mapReady(page);
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.waitForTimeout(500);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const panel = page.getByTestId('site-panel');
    await panel.getByRole('heading', { name: `Site ${school.id}` }).waitFor();
    assert.match(page.url(), new RegExp(`site=${school.id}`));
    await panel.getByTestId('metrics').waitFor();
    const text = await panel.textContent();
    assert.match(text!, /Schools within 1 km/);
    assert.match(text!, /Best mobile coverage\s*[2-5]G|Best mobile coverage\s*None/, 'a manager of STP sees the distances');
    await page.screenshot({ path: `${SHOTS}site-panel.png` });
  });

  test('Arabic turns the page right to left, words and numbers included', async () => {
    await page.getByLabel('Language').selectOption('ar');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
    await page.getByRole('button', { name: 'لوحة المؤشرات' }).waitFor();
    assert.match(page.url(), /lang=ar/);
    const panel = page.getByTestId('site-panel');
    const side = (await panel.boundingBox())!;
    assert.ok(side.x < 100, `the panel moves to the left edge in a right-to-left page (x = ${side.x})`);
    await page.screenshot({ path: `${SHOTS}site-panel-ar.png` });
  });

  test('the dashboard shows the share connected, by type and over time', async () => {
    await page.goto(`${url}/?view=dashboard&country=STP&lang=fr`);
    await page.getByTestId('dashboard').waitFor();
    const share = await page.getByTestId('share').textContent();
    // São Tomé's sample has no post offices: 0 of 0, shown as a dash, not as 0 % or NaN.
    assert.equal(share?.trim(), '–');
    assert.match((await page.getByTestId('dashboard').textContent())!, /Par type de site[\s\S]*[ÉE]cole/i);
    assert.match((await page.getByTestId('dashboard').textContent())!, /Bureaux de poste par débit descendant/);
    await page.screenshot({ path: `${SHOTS}dashboard-fr.png`, fullPage: true });
  });
});
