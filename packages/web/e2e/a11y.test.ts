/**
 * The issue's accessibility bar, checked in Chromium over the main views: WCAG 2.1 AA contrast of
 * every visible text, a name for every control and image, the header and the map panel reached
 * by Tab in order with a visible focus, keys that activate and close; on a 360×740 phone, no
 * sideways scroll and tap targets of at least 24×24 px (WCAG 2.2). Also the world dashboard's
 * headline: all countries' post offices summed. Screenshots go to test-results/web/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSite, listSites, type SiteRow } from '@postatlas/store';
import type { Page } from 'playwright-core';
import { contrastOffenders, namelessElements, ringOf, tabbables } from './a11y-checks.js';
import { MANAGER, SHOTS, browserMissing, mapReady, signInAs, startBrowserTest, type BrowserTest } from './support.js';

/**
 * The app gives the focus back in a timer queued when a panel or dialog closes (after its own
 * nodes are gone); a timer queued after that one runs after it, so the focus has settled.
 */
const focusSettles = (page: Page) => page.evaluate(() => new Promise((done) => setTimeout(done)));

async function audit(page: Page, view: string) {
  const { checked, offenders } = await page.evaluate(contrastOffenders);
  console.log(`${view}: the contrast of ${checked} texts checked`);
  assert.ok(checked >= 10, `${view}: only ${checked} texts checked`);
  assert.deepEqual(offenders, [], `${view}: texts below their contrast ratio`);
  assert.deepEqual(await page.evaluate(namelessElements), [], `${view}: controls or images without an accessible name`);
}

describe('accessibility in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let url: string;
  let page: Page;
  let school: SiteRow;

  before(async () => {
    t = await startBrowserTest();
    ({ url, page } = t);
    school = (await listSites(t.db, { country: 'STP', limit: 1 }))[0]!;
    // Post offices in two countries, so the world's sum is not one country's figure.
    await createSite(t.db, { name: 'Correios São Tomé', siteType: 'post_office', country: 'STP', lat: 0.3365, lon: 6.7273, isConnected: true }, 'test');
    await createSite(t.db, { name: 'Correios Neves', siteType: 'post_office', country: 'STP', lat: 0.3586, lon: 6.552, isConnected: false }, 'test');
    await createSite(t.db, { name: 'Correios Praia', siteType: 'post_office', country: 'CPV', lat: 14.9177, lon: -23.5092, isConnected: true }, 'test');
    await createSite(t.db, { name: 'Correios Mindelo', siteType: 'post_office', country: 'CPV', lat: 16.8901, lon: -24.9804, isConnected: true }, 'test');
  });
  after(async () => {
    await t?.close();
  });

  test('the checks themselves: they find what they must, and only that', async () => {
    const probe = await t.browser.newPage();
    // #777 on white is 4.48:1 and #767676 4.54:1: the edge of AA for body text.
    await probe.setContent(`<body style="margin:0;font:16px sans-serif">
      <p id="grey77" style="color:#777">too light</p>
      <p id="grey76" style="color:#767676">just enough</p>
      <p id="big" style="color:#949494;font-size:24px">large text needs 3:1</p>
      <p id="small-bold" style="color:#949494;font-size:18px;font-weight:700">18px bold is not large</p>
      <div style="background:rgba(0,0,0,0.5)"><p id="veil" style="color:#555">dark on a veil over white</p></div>
      <div style="background:url(data:image/gif;base64,R0lGODlhAQABAAAAACw=)"><p id="on-image" style="color:#eee">over an image</p></div>
      <div style="background:url(data:image/gif;base64,R0lGODlhAQABAAAAACw=)"><div style="background:rgba(255,255,255,0.6)"><p id="glass" style="color:#333">on frosted glass over an image</p></div>
        <div style="background:rgba(255,255,255,0.95)"><p id="frost" style="color:#333">on a thick frost</p></div></div>
      <p id="faded" style="color:#000;opacity:0.3">faded black</p>
      <button id="disabled" disabled style="color:#ccc">inactive</button>
      <p class="x" style="position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);color:#eee">hidden</p>
      <label>Email <input id="labelled"></label><input id="bare"><select aria-label="Country"></select>
      <button id="empty"></button><button aria-label="Close">×</button><img id="no-alt" src="data:,"><img alt="" src="data:,">
      <div id="img-nameless" role="img" style="width:4px;height:4px"></div><svg role="img" width="4" height="4"><title>Bars</title></svg>
    </body>`);
    const contrast = await probe.evaluate(contrastOffenders);
    assert.equal(contrast.checked, 10, 'the hidden text, the disabled button and the text over an image are not checked');
    assert.deepEqual(contrast.offenders.map((o) => [o.selector.split(' > ')[0], o.ratio, o.required]), [
      ['#grey77', 4.48, 4.5], ['#small-bold', 3.03, 4.5], ['#veil', 1.87, 4.5], ['#glass', 4.43, 4.5], ['#faded', 2.11, 4.5],
    ]);
    const nameless = await probe.evaluate(namelessElements);
    assert.deepEqual(nameless.map((n) => n.split(' ')[0]), ['input#bare', 'button#empty', 'img#no-alt', 'div#img-nameless']);
    await probe.close();
  });

  test('contrast and names: the map, a site panel, the sign-in dialog and Arabic', async () => {
    await page.goto(`${url}/?lang=en`);
    await mapReady(page);
    await audit(page, 'the world map');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('dialog').waitFor();
    await audit(page, 'the sign-in dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.goto(`${url}/?country=STP&site=${school.id}&lang=en`);
    await mapReady(page);
    await page.getByTestId('site-panel').getByTestId('metrics').waitFor();
    await audit(page, 'a site panel');
    await page.goto(`${url}/?country=STP&site=${school.id}&lang=ar`);
    await mapReady(page);
    await page.getByTestId('site-panel').getByTestId('metrics').waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await audit(page, 'the Arabic map and panel');
  });

  test('the world dashboard sums every country, and passes the checks', async () => {
    await page.goto(`${url}/?view=dashboard&lang=en`);
    const world = page.getByTestId('dashboard-world');
    await world.waitFor();
    // São Tomé 1 of 2 connected, Cabo Verde 2 of 2: 3 of 4.
    await page.getByTestId('world-counts').filter({ hasText: '(3 / 4)' }).waitFor();
    assert.equal((await page.getByTestId('world-share').textContent())?.trim(), '75%');
    // A row per country, in post offices as the headline (São Tomé's schools are not in it).
    assert.deepEqual((await world.locator('.country-row .value').allInnerTexts()).sort(), ['100% (2 / 2)', '50% (1 / 2)']);
    await world.locator('.chart .uplot').waitFor();
    await audit(page, 'the world dashboard');
    await page.screenshot({ path: `${SHOTS}dashboard-world.png`, fullPage: true });

    await page.goto(`${url}/?view=dashboard&country=STP&lang=en`);
    await page.getByTestId('dashboard').waitFor();
    await audit(page, "São Tomé's dashboard");
  });

  test('contrast and names: the plan and data views of a manager', async () => {
    await page.goto(`${url}/?lang=en`);
    await signInAs(page);
    await page.goto(`${url}/?view=plan&country=STP&lang=en`);
    await page.locator('.plan-form').waitFor();
    await audit(page, 'the plan view');
    await page.goto(`${url}/?view=data&lang=en`);
    await page.locator('.import-form').waitFor();
    await audit(page, 'the data view');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  test('Tab reaches the header and the map panel in order, with a visible focus', async () => {
    await page.goto(`${url}/?lang=en`);
    await mapReady(page);
    const header = await page.evaluate(tabbables, 'header.bar');
    const panel = await page.evaluate(tabbables, '.map-view .layers');
    assert.ok(header.length >= 7 && panel.length >= 3, `header ${header.length}, map panel ${panel.length} controls`);
    const rings = new Map<string, string>();
    for (const key of [...header, ...panel]) rings.set(key, await page.evaluate(ringOf, await page.$(`[data-a11y-key="${key}"]`)));

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached: string[] = [];
    for (let i = 0; i < header.length + panel.length + 5; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluateHandle(() => document.activeElement);
      const key = await page.evaluate((el) => (el as HTMLElement | null)?.dataset.a11yKey ?? '', focused);
      if (!key) continue;
      reached.push(key);
      const ring = await page.evaluate(ringOf, focused as never);
      assert.notEqual(ring, rings.get(key), `the focus is visible on control ${reached.length} (${ring})`);
    }
    // The header first in its own order, then the map's layers.
    assert.deepEqual(reached.slice(0, header.length + panel.length), [...header, ...panel]);
  });

  test('Enter and Space press a view button; a site opens from the search by keyboard; Escape closes the panel and the dialog', async () => {
    await page.goto(`${url}/?lang=en`);
    await mapReady(page);
    await page.getByRole('button', { name: 'Dashboard' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('dashboard-world').waitFor();
    assert.match(page.url(), /view=dashboard/);
    await page.getByRole('button', { name: 'Map' }).focus();
    await page.keyboard.press('Space');
    await mapReady(page);
    assert.doesNotMatch(page.url(), /view=dashboard/);

    const box = page.getByRole('combobox', { name: 'Search a site by name or id' });
    await box.focus();
    await page.keyboard.type('Correios Neves');
    await page.getByRole('listbox').getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('site-panel');
    await panel.getByRole('heading', { name: 'Correios Neves' }).waitFor();
    await panel.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.doesNotMatch(page.url(), /site=/);
    await focusSettles(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search', 'the focus goes back to the search box');

    await page.getByRole('button', { name: 'Sign in' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).name), 'email', 'the dialog takes the focus');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Sign in', 'Shift+Tab stays in the dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await focusSettles(page);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Sign in', 'back to the button that opened it');
  });

  test('on a 360×740 phone: no sideways scroll, tap targets of 24×24 px at least', async () => {
    const phone = await t.browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-GB' });
    const check = async (name: string, scope: string) => {
      await phone.screenshot({ path: `${SHOTS}phone-${name}.png` });
      const { scrollWidth, width } = await phone.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, width: window.innerWidth }));
      assert.ok(scrollWidth <= width, `${name}: the page scrolls sideways (${scrollWidth} > ${width})`);
      const small = await phone.evaluate((sel) => Array.from(document.querySelectorAll<HTMLElement>(sel))
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        // Squeezed to nothing (the map's layers behind an open site panel) is not there to tap.
        .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 24 || r.height < 24))
        .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`), scope);
      assert.deepEqual(small, [], `${name}: tap targets under 24×24 px`);
    };
    const targets = 'header.bar button, header.bar a, header.bar select, header.bar input, .layers > summary, [data-testid="site-panel"] button, [data-testid="site-panel"] a';
    await phone.goto(`${url}/?lang=en`);
    await mapReady(phone);
    // The layers panel starts folded to its title, leaving the map the screen; a tap opens it.
    const layers = phone.locator('details.layers');
    assert.equal(await layers.evaluate((d) => (d as HTMLDetailsElement).open), false);
    const { height } = (await layers.boundingBox())!;
    assert.ok(height < 60, `the folded panel is ${height} px high`);
    await check('map', targets);
    await layers.locator('summary').tap();
    await phone.getByRole('checkbox', { name: 'Post offices' }).waitFor();
    await phone.screenshot({ path: `${SHOTS}phone-map-layers.png` });
    await layers.locator('summary').tap();
    await phone.goto(`${url}/?country=STP&site=${school.id}&lang=en`);
    await phone.getByTestId('site-panel').getByTestId('metrics').waitFor();
    await check('site-panel', targets);
    const sheet = (await phone.getByTestId('site-panel').boundingBox())!;
    assert.ok(sheet.width >= 359, `the panel takes the phone's width (${sheet.width})`);
    await phone.goto(`${url}/?view=dashboard&lang=en`);
    await phone.getByTestId('dashboard-world').waitFor();
    await check('dashboard-world', targets);
    await phone.goto(`${url}/?view=dashboard&country=STP&lang=en`);
    await phone.getByTestId('dashboard').waitFor();
    await check('dashboard', targets);
    // The phone hides "Signed in as" (no room): the Sign out button says it instead.
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByLabel('Email').fill(MANAGER.email);
    await phone.getByLabel('Password').fill(MANAGER.password);
    await phone.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('button', { name: 'Sign out' }).waitFor();
    await phone.goto(`${url}/?view=plan&country=STP&lang=en`);
    await phone.locator('.plan-form').waitFor();
    await check('plan', targets);
    await phone.close();
  });
});
