/**
 * Finding and changing sites in Chromium: the header's search (by site id, source id and a part of
 * a name, with the keyboard), the panel's edit form for a manager (only the changed fields sent,
 * the values there after a reload, a negative number stopped beside its field, the server's
 * refusal shown beside the field it names), the office staff's narrower form, the public's panel
 * without an Edit button, and the map's filter by connection status (counted in the map's pixels).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '@postatlas/server';
import { createSite, createUser, getSite, listSites, type SiteRow } from '@postatlas/store';
import { SHOTS, browserMissing, mapReady, pixelsOf, signInAs, startBrowserTest, untilPixels, type BrowserTest } from './support.js';

type Page = BrowserTest['page'];

const STAFF = { email: 'neves@example.org', password: 'staff of the Neves office' };
// The map's colours of connected and unconnected sites (map-view.ts COLOURS).
const GREEN = '#1a7f37';
const RED = '#c62828';


describe('searching and editing sites in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let url: string;
  let page: Page;
  let school: SiteRow;
  let neves: SiteRow;
  const patches: unknown[] = [];

  before(async () => {
    t = await startBrowserTest();
    ({ url, page } = t);
    // The sample's schools have no names: one named school to find by a part of its name.
    neves = await createSite(t.db, { name: 'Escola Básica de Neves', siteType: 'school', country: 'STP', admin1: 'Lembá', lat: 0.3586, lon: 6.552, isConnected: false, connectivityType: 'none' }, 'test');
    school = (await listSites(t.db, { country: 'STP', limit: 1 }))[0]!;
    await createUser(t.db, { email: STAFF.email, passwordHash: await hashPassword(STAFF.password), role: 'office_staff', countries: ['STP'], siteIds: [neves.id] });
    page.on('request', (r) => { if (r.method() === 'PATCH') patches.push(r.postDataJSON()); });
  });
  after(async () => {
    await t?.close();
  });

  test('search by site id and by source id: one result, Enter opens it', async () => {
    await page.goto(`${url}/?lang=en`);
    await mapReady(page);
    await signInAs(page);
    const box = page.getByRole('combobox', { name: 'Search a site by name or id' });
    const options = page.getByRole('listbox').getByRole('option');

    await box.fill(String(school.id));
    await options.first().waitFor();
    assert.deepEqual(await options.locator('.search-title').allTextContents(), [`Site ${school.id}`]);
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    await box.press('Enter');
    await page.getByTestId('site-panel').getByRole('heading', { name: `Site ${school.id}` }).waitFor();
    assert.match(page.url(), new RegExp(`site=${school.id}\\b`));
    assert.match(page.url(), /country=STP/);
    assert.equal(await box.getAttribute('aria-expanded'), 'false');

    await box.fill(school.sourceId);
    await options.first().waitFor();
    assert.deepEqual(await options.locator('.search-title').allTextContents(), [`Site ${school.id}`]);
    await box.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
  });

  test('search by a part of a name, in any case; arrows and Enter choose; the map flies there', async () => {
    const box = page.getByRole('combobox', { name: 'Search a site by name or id' });
    await box.fill('nEVES');
    const option = page.getByRole('listbox').getByRole('option');
    await option.first().waitFor();
    assert.equal(await option.count(), 1);
    await box.press('ArrowDown');
    assert.equal(await option.first().getAttribute('aria-selected'), 'true');
    assert.equal(await box.getAttribute('aria-activedescendant'), await option.first().getAttribute('id'));
    assert.match((await option.first().textContent())!, /Escola Básica de Neves\s*School · Lembá · São Tomé/);
    await page.screenshot({ path: `${SHOTS}search.png` });

    await box.press('Enter');
    const panel = page.getByTestId('site-panel');
    await panel.getByRole('heading', { name: 'Escola Básica de Neves' }).waitFor();
    assert.match(page.url(), new RegExp(`site=${neves.id}\\b`));
    // The map flies to the site: its position in the hash ends near Neves.
    await page.waitForFunction(([lat, lon]) => {
      const [zoom, y, x] = location.hash.slice(1).split('/').map(Number);
      return zoom! >= 13.9 && Math.abs(y! - lat!) < 0.001 && Math.abs(x! - lon!) < 0.001;
    }, [neves.lat, neves.lon], { timeout: 15_000 });
    await box.fill('no such place');
    await page.locator('.search-empty').filter({ hasText: 'No site found.' }).waitFor();
    await box.fill('');
  });

  test('a manager sets services and a contracted speed: only those are sent, and they are there after a reload', async () => {
    const panel = page.getByTestId('site-panel');
    assert.equal(await panel.getByTestId('contracted-mbps').textContent(), '–', 'a manager sees the (empty) contract');
    await panel.getByRole('button', { name: 'Edit' }).click();
    const form = panel.getByTestId('site-edit');
    await form.getByLabel('E-government services').check();
    await form.getByLabel('Digital finance and banking').check();
    await form.getByLabel('Contracted speed (Mbps)').fill('20');
    await form.getByRole('button', { name: 'Save' }).click();
    await panel.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    assert.deepEqual(patches, [{ services: { egovernment: true, banking: true }, contractedMbps: 20 }]);
    const saved = (await getSite(t.db, neves.id))!;
    assert.deepEqual(saved.services, { egovernment: true, banking: true });
    assert.equal(saved.contractedMbps, 20);
    assert.equal(saved.name, 'Escola Básica de Neves');
    assert.equal(saved.downloadMbps, null);
    const shows = async () => {
      assert.deepEqual(await panel.getByTestId('services').getByRole('listitem').allTextContents(), ['E-government services', 'Digital finance and banking']);
      assert.equal(await panel.getByTestId('contracted-mbps').textContent(), '20');
    };
    await shows();

    await page.reload();
    await panel.getByRole('heading', { name: 'Escola Básica de Neves' }).waitFor();
    await panel.getByTestId('contracted-mbps').waitFor();
    await shows();
    await mapReady(page);
    await page.screenshot({ path: `${SHOTS}site-saved.png` });
  });

  test('a negative download is stopped beside its field; a speed the server refuses is shown beside its field; nothing is saved', async () => {
    const panel = page.getByTestId('site-panel');
    const before = await getSite(t.db, neves.id);
    patches.length = 0;
    await panel.getByRole('button', { name: 'Edit' }).click();
    const form = panel.getByTestId('site-edit');
    const download = form.getByLabel('Declared download (Mbps)');
    await download.fill('-5');
    await form.getByLabel('E-commerce parcels').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('alert').filter({ hasText: 'Correct the fields marked below.' }).waitFor();
    assert.equal(await download.getAttribute('aria-invalid'), 'true');
    const said = await download.getAttribute('aria-describedby');
    assert.equal(await form.locator(`[id="${said}"]`).textContent(), 'Enter a number of 0 or more, or leave it empty.');
    // The field to correct gets the focus.
    await page.waitForFunction(() => document.activeElement?.id === 'edit-downloadMbps');
    await page.screenshot({ path: `${SHOTS}site-edit.png` });
    assert.deepEqual(patches, [], 'nothing was sent');

    // Within the client's rules, beyond the server's: its 400 names the field, and the message goes beside it.
    await download.fill('');
    const contracted = form.getByLabel('Contracted speed (Mbps)');
    await contracted.fill('200000');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.locator('#edit-contractedMbps-error').waitFor();
    assert.match((await form.locator('#edit-contractedMbps-error').textContent())!, /100000/);
    assert.equal(await contracted.getAttribute('aria-invalid'), 'true');
    assert.equal(await download.getAttribute('aria-invalid'), null);
    assert.equal(patches.length, 1);
    assert.deepEqual(await getSite(t.db, neves.id), before, 'the refused change left the site as it was');

    await form.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await panel.getByTestId('site-edit').count(), 0);
    assert.equal(await panel.getByTestId('contracted-mbps').textContent(), '20', 'the panel shows the saved values, not the refused ones');
  });

  test('hiding connected sites takes their colour off the map, and showing them brings it back', async () => {
    await page.goto(`${url}/?country=STP&lang=en#10/0.25/6.62`);
    await mapReady(page);
    const status = page.getByRole('group', { name: 'Connectivity' });
    const connected = status.getByRole('checkbox', { name: 'Connected', exact: true });
    assert.equal(await connected.isChecked(), true);
    const green = await untilPixels(page, GREEN, (n) => n > 0);
    const red = await pixelsOf(page, RED);
    assert.ok(red > 0, 'the unconnected schools are drawn');

    await connected.uncheck();
    assert.equal(await connected.isChecked(), false);
    await untilPixels(page, GREEN, (n) => n === 0);
    assert.ok((await pixelsOf(page, RED)) > 0, 'the other statuses stay');

    // Combined with the type toggles: no schools at all, whatever their status.
    await page.getByRole('checkbox', { name: 'Schools' }).uncheck();
    await untilPixels(page, RED, (n) => n === 0);
    await page.getByRole('checkbox', { name: 'Schools' }).check();
    await connected.check();
    const back = await untilPixels(page, GREEN, (n) => n > 0);
    assert.ok(back > green / 2, `the connected schools are back (${back} pixels, ${green} before)`);
  });

  test('a site saved as connected (or not) changes colour on the map without a reload', async () => {
    const was = (await getSite(t.db, neves.id))!.isConnected;
    const [colour, choice] = was === true ? [RED, 'No'] : [GREEN, 'Yes'];
    // Close enough that Neves is the only site in sight.
    await page.goto(`${url}/?country=STP&lang=en&site=${neves.id}#17/${neves.lat}/${neves.lon}`);
    await mapReady(page);
    const panel = page.getByTestId('site-panel');
    await panel.getByRole('button', { name: 'Edit' }).click();
    const before = await untilPixels(page, colour, () => true);
    await panel.getByTestId('site-edit').getByLabel('Connected', { exact: true }).selectOption({ label: choice });
    await panel.getByTestId('site-edit').getByRole('button', { name: 'Save' }).click();
    await panel.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.equal((await getSite(t.db, neves.id))!.isConnected, was !== true);
    const after = await untilPixels(page, colour, (n) => n > before + 20);
    assert.ok(after > before, `Neves is drawn in its new colour (${before} → ${after} pixels)`);
  });

  test('the public sees the panel without an Edit button or the contract', async () => {
    const visitor = await t.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const thrown: string[] = [];
    visitor.on('pageerror', (err) => thrown.push(err.message));
    try {
      await visitor.goto(`${url}/?site=${neves.id}&lang=en`);
      const panel = visitor.getByTestId('site-panel');
      await panel.getByRole('heading', { name: 'Escola Básica de Neves' }).waitFor();
      await panel.getByTestId('services').waitFor();
      assert.equal(await panel.getByRole('button', { name: 'Edit' }).count(), 0);
      assert.equal(await panel.getByTestId('contracted-mbps').count(), 0);
      assert.deepEqual(await panel.getByTestId('services').getByRole('listitem').allTextContents(), ['E-government services', 'Digital finance and banking']);
      assert.deepEqual(thrown, []);
    } finally {
      await visitor.close();
    }
  });

  test('office staff edit only how their own office is connected and what it offers', async () => {
    const staff = await t.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const thrown: string[] = [];
    staff.on('pageerror', (err) => thrown.push(err.message));
    try {
      await staff.goto(`${url}/?site=${neves.id}&lang=en`);
      await signInAs(staff, STAFF);
      const panel = staff.getByTestId('site-panel');
      await panel.getByRole('button', { name: 'Edit' }).click();
      const form = panel.getByTestId('site-edit');
      await form.getByLabel('Declared download (Mbps)').waitFor();
      assert.equal(await form.getByLabel('Name').count(), 0);
      assert.equal(await form.getByLabel('Contracted speed (Mbps)').count(), 0);
      await form.getByLabel('Connected', { exact: true }).selectOption('true');
      await form.getByLabel('Declared download (Mbps)').fill('12,5');
      await form.getByRole('button', { name: 'Save' }).click();
      await panel.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const saved = (await getSite(t.db, neves.id))!;
      assert.equal(saved.isConnected, true);
      assert.equal(saved.downloadMbps, 12.5);
      assert.equal(saved.contractedMbps, 20, 'the contract they cannot see is left alone');
      assert.equal(await panel.getByTestId('connected').textContent(), 'Yes');
      // The staff's form, right to left.
      await staff.getByLabel('Language').selectOption('ar');
      await panel.getByRole('button', { name: 'تعديل' }).click();
      await panel.getByTestId('site-edit').waitFor();
      await staff.screenshot({ path: `${SHOTS}site-edit-staff-ar.png` });

      // Another office (a school of the sample): no Edit button.
      await staff.goto(`${url}/?site=${school.id}&lang=en`);
      assert.equal(await staff.locator('html').getAttribute('dir'), 'ltr');
      await panel.getByRole('heading', { name: `Site ${school.id}` }).waitFor();
      await panel.getByTestId('services').waitFor();
      assert.equal(await panel.getByRole('button', { name: 'Edit' }).count(), 0);
      assert.deepEqual(thrown, []);
    } finally {
      await staff.close();
    }
  });
});
