/**
 * The one-stop shop in Chromium: the public locator page used with JavaScript switched off (a
 * form, a list) and with it on (the phone's position), an office's digital services in its panel
 * and their edit by the office's staff (a refusal shown beside the row it names), and the
 * dashboard's services indicators.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { emptyCatalogue } from '@postatlas/core';
import { hashPassword } from '@postatlas/server';
import { createSite, createUser, writeCatalogue, type SiteRow } from '@postatlas/store';
import { SHOTS, browserMissing, signInAs, startBrowserTest, type BrowserTest } from './support.js';

const STAFF = { email: 'correio@example.st', password: 'staff of the first office' };
// Praça da Independência, São Tomé.
const CITY = { latitude: 0.3365, longitude: 6.7273 };

describe('the one-stop shop in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let offices: SiteRow[];

  before(async () => {
    t = await startBrowserTest();
    // The sample has schools only: three post offices in the city, Wi-Fi at all, civil registration at the first.
    offices = [];
    for (const [i, dLat] of [0.001, 0.01, 0.03].entries()) {
      offices.push(await createSite(t.db, { sourceId: `po-${i + 1}`, name: `Correios ${i + 1}`, siteType: 'post_office', country: 'STP', lat: CITY.latitude + dLat, lon: CITY.longitude }, 'test'));
    }
    const c = emptyCatalogue();
    c.taxonomy_terms.push({ id: 'wifi', code: 'connectivity.wifi', name: 'Wi-Fi', taxonomy: 'postatlas-digital-services' }, { id: 'civil', code: 'egov.civil-registration', name: 'Registo civil', taxonomy: 'postatlas-digital-services' });
    c.organizations.push({ id: 'correios', name: 'Correios de São Tomé e Príncipe', description: 'Postal operator' });
    c.services.push({ id: 'wifi', organization_id: 'correios', name: 'Wi-Fi público', status: 'active' }, { id: 'civil', organization_id: 'correios', name: 'Certidões de registo civil', status: 'active' });
    c.attributes.push({ id: 'a-wifi', link_id: 'wifi', link_entity: 'service', taxonomy_term_id: 'wifi' }, { id: 'a-civil', link_id: 'civil', link_entity: 'service', taxonomy_term_id: 'civil' });
    offices.forEach((o, i) => {
      c.locations.push({ id: `l${i}`, location_type: 'physical', organization_id: 'correios', name: `Posto ${i + 1}`, external_identifier: o.sourceId, external_identifier_type: 'api-stp', timezone: 'Africa/Sao_Tome' });
      c.service_at_locations.push({ id: `l${i}.wifi`, service_id: 'wifi', location_id: `l${i}` });
      c.schedules.push({ id: `l${i}.hours`, location_id: `l${i}`, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:00', closes_at: '15:00' });
    });
    c.service_at_locations.push({ id: 'l0.civil', service_id: 'civil', location_id: 'l0' });
    await t.db.transaction((tx) => writeCatalogue(tx, 'STP', c, new Map(offices.map((o, i) => [`l${i}`, o.id]))));
    await createUser(t.db, { email: STAFF.email, passwordHash: await hashPassword(STAFF.password), role: 'office_staff', siteIds: [offices[0]!.id] });
  });
  after(async () => {
    await t?.close();
  });

  test('the locator page answers with JavaScript switched off', async () => {
    const context = await t.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${t.url}/locator`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await page.getByLabel('Service').selectOption('connectivity.wifi');
    await page.getByLabel('Où êtes-vous ?').fill(`${CITY.latitude}, ${CITY.longitude}`);
    await page.getByLabel('À toute heure').check();
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('heading', { level: 2 }).waitFor();
    assert.deepEqual(await page.locator('.offices h3').allTextContents(), ['Posto 1', 'Posto 2', 'Posto 3']);
    assert.match(await page.locator('.offices li').first().innerText(), /Wi-Fi public|Wi-Fi público/);
    await page.screenshot({ path: `${SHOTS}/locator-no-js.png`, fullPage: true });

    // A town's name instead of a position (GeoNames); the answer's page in Arabic, right to left.
    await page.goto(`${t.url}/locator?lang=ar&service=egov&place=${encodeURIComponent('Sao Tome')}&when=any`);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.deepEqual(await page.locator('.offices h3').allTextContents(), ['Posto 1']);
    await page.screenshot({ path: `${SHOTS}/locator-ar.png`, fullPage: true });
    await context.close();
  });

  test('with JavaScript, the phone\'s position instead of a typed place', async () => {
    const context = await t.browser.newContext({ geolocation: CITY, permissions: ['geolocation'], locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${t.url}/locator?service=connectivity.wifi&when=any`);
    await page.getByRole('button', { name: 'Use my position' }).click();
    await page.locator('.offices h3').first().waitFor();
    assert.equal(await page.getByLabel(/Where are you/).inputValue(), '0.33650, 6.72730');
    assert.equal(await page.locator('.offices h3').count(), 3);
    await context.close();
  });

  test('an office\'s services in its panel; its staff change them, a refusal shown beside its row', async () => {
    const { page, url } = t;
    await page.goto(`${url}/?lang=en&country=STP&site=${offices[0]!.id}`);
    const section = page.getByTestId('office-services');
    await section.getByTestId('offers').waitFor();
    assert.deepEqual(await section.getByTestId('offers').locator('li').allInnerTexts(), ['Certidões de registo civil (Civil registration)', 'Wi-Fi público (Public Wi-Fi)']);
    assert.match(await section.getByTestId('hours').innerText(), /Mon, Tue, Wed, Thu, Fri 08:00–15:00/);
    assert.equal(await section.getByRole('button', { name: 'Edit services and hours' }).count(), 0);

    await signInAs(page, STAFF);
    await section.getByRole('button', { name: 'Edit services and hours' }).click();
    await section.getByLabel('Certidões de registo civil (Civil registration)').uncheck();
    await section.getByRole('button', { name: 'Add opening hours' }).click();
    const saturday = section.getByTestId('hours-row').nth(1);
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await saturday.getByLabel(day).uncheck();
    await saturday.getByLabel('Opens').fill('12:00');
    await saturday.getByLabel('Closes').fill('09:00');
    await section.getByRole('button', { name: 'Save' }).click();
    await saturday.getByRole('alert').waitFor();
    assert.match(await saturday.getByRole('alert').innerText(), /closes_at: closes before it opens/);
    await saturday.getByLabel('Sat').check();
    await saturday.getByLabel('Opens').fill('09:00');
    await saturday.getByLabel('Closes').fill('12:00');
    await page.screenshot({ path: `${SHOTS}/office-services-edit.png` });
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Saved.').waitFor();
    assert.deepEqual(await section.getByTestId('offers').locator('li').allInnerTexts(), ['Wi-Fi público (Public Wi-Fi)']);
    assert.deepEqual(await section.getByTestId('hours').locator('li').allInnerTexts(), ['Mon, Tue, Wed, Thu, Fri 08:00–15:00', 'Sat 09:00–12:00']);

    // A training session recorded by the same staff: more completions than people is refused.
    const training = page.getByTestId('office-training');
    assert.equal(await training.getByTestId('training-sums').innerText(), 'Sessions: 0 · people: 0 (0 women) · completed: 0');
    await training.getByRole('button', { name: 'Record a session' }).click();
    await training.getByLabel('Topic').selectOption('digital_skills.egov');
    await training.getByLabel('Trainer').fill('Maria da Graça');
    await training.getByLabel('Women', { exact: true }).fill('3');
    await training.getByLabel('Men', { exact: true }).fill('2');
    await training.getByLabel('Completed', { exact: true }).fill('6');
    await training.getByRole('button', { name: 'Save' }).click();
    assert.match(await training.getByRole('alert').innerText(), /completed/);
    await training.getByLabel('Completed', { exact: true }).fill('4');
    await training.getByRole('button', { name: 'Save' }).click();
    await training.getByText('Recorded.').waitFor();
    assert.equal(await training.getByTestId('training-sums').innerText(), 'Sessions: 1 · people: 5 (3 women) · completed: 4');
    assert.match(await training.getByTestId('training-sessions').innerText(), /Using online public services\s+Maria da Graça\s+5\s+4/);

    // The public reads the women counted to the nearest 5 (3 → 5), and no session or trainer.
    const context = await t.browser.newContext({ locale: 'en-GB' });
    const visitor = await context.newPage();
    await visitor.goto(`${url}/?lang=en&country=STP&site=${offices[0]!.id}`);
    const sums = visitor.getByTestId('office-training').getByTestId('training-sums');
    await sums.waitFor();
    assert.equal(await sums.innerText(), 'Sessions: 1 · people: 5 (about 5 women, counted to the nearest 5) · completed: 4');
    assert.equal(await visitor.getByTestId('training-sessions').count(), 0);
    await context.close();
  });

  test('the dashboard shows the share of offices offering each category', async () => {
    const { page, url } = t;
    await page.goto(`${url}/?lang=en&view=dashboard&country=STP`);
    const section = page.getByTestId('services-indicators');
    await section.waitFor();
    // The first office dropped civil registration above: no office offers e-government any more.
    assert.match(await section.innerText(), /Connectivity\s+100\s?% \(3 \/ 3\)/);
    const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
    assert.match(await section.getByTestId('training-quarters').innerText(), new RegExp(`${quarter}\\s+5 1 sessions; 5 public, 0 staff`));
    await page.screenshot({ path: `${SHOTS}/dashboard-services.png`, fullPage: true });
  });
});
