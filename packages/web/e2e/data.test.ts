/**
 * The Data view in Chromium: São Tomé and Príncipe's manager uploads a small file of schools with
 * one bad row, reads the refusal row by row (nothing written), imports the valid rows, imports the
 * same file again (nothing changes), and finds the dataset in the catalogue with its history; an
 * infrastructure dataset is published from there. The public is offered none of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SHOTS, browserMissing, signInAs, startBrowserTest, type BrowserTest } from './support.js';

// Four schools inside São Tomé, far from the sample's and from one another; line 3 (the second row) is at latitude 95.
const FILE = {
  name: 'stp-new-schools.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from([
    'id,name,lat,lon',
    'ns-1,Escola Nova Um,0.2100,6.6000',
    'ns-2,Escola Nova Dois,95,6.6100',
    'ns-3,Escola Nova Três,0.2300,6.6200',
    'ns-4,Escola Nova Quatro,0.2500,6.6400',
    '',
  ].join('\n')),
};

interface Dataset { name: string; layer: string; rows: number; isPublic: boolean; licence: string | null }

describe('the Data view in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let page: BrowserTest['page'];
  // Read as the public (no cookie), which is what the registry shows anyone.
  const stpSites = async () => {
    const all = (await (await fetch(`${t.url}/api/countries`)).json()) as { country: string; sites: number }[];
    return all.find((c) => c.country === 'STP')!.sites;
  };
  const publicDatasets = async () => (await (await fetch(`${t.url}/api/datasets?country=STP`)).json()) as Dataset[];
  let before0: number;

  before(async () => {
    t = await startBrowserTest();
    page = t.page;
    before0 = await stpSites();
  });
  after(async () => {
    await t?.close();
  });

  test('the public is offered neither the Data tab nor the view', async () => {
    await page.goto(`${t.url}/?view=data&country=STP&lang=en`);
    await page.getByRole('button', { name: 'Dashboard' }).waitFor();
    assert.equal(await page.getByRole('navigation').getByRole('button', { name: 'Data' }).count(), 0);
    assert.equal(await page.getByTestId('data-view').count(), 0);
    // And the API agrees: an upload without a session is refused.
    const r = await fetch(`${t.url}/api/imports?layer=sites&country=STP`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: FILE.buffer });
    assert.equal(r.status, 401);
  });

  test('a file with an invalid row is refused whole, with the row, field and reason', async () => {
    await signInAs(page);
    await page.getByRole('navigation').getByRole('button', { name: 'Data' }).waitFor();
    await page.getByTestId('data-view').waitFor();
    const form = page.getByRole('form', { name: 'Import a file' });
    // A manager of STP may import into STP only.
    assert.deepEqual(await form.getByLabel('Country').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['STP']);
    assert.equal(await form.getByLabel('Country').inputValue(), 'STP');
    await form.getByLabel('Site type').selectOption('school');
    await form.getByLabel('Licence').fill('CC BY 4.0');
    await form.getByLabel('Attribution').fill('Ministry of Education, test');
    await form.getByLabel(/^File/).setInputFiles(FILE);
    await form.getByRole('button', { name: 'Import' }).click();

    const refused = page.getByTestId('import-refused');
    await refused.waitFor();
    assert.match((await refused.getByRole('alert').textContent())!, /1 of 4 rows are invalid\.\s*Nothing was written/);
    const rows = await refused.getByTestId('issues').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim())));
    assert.deepEqual(rows, [['3', 'lat', '95', 'out of range [-90, 90]']]);
    assert.match((await refused.textContent())!, /Invalid rows by reason\s*1 lat: out of range \[-90, 90\]/);
    assert.equal(await refused.getByTestId('issues').locator('caption').textContent(), 'Invalid rows');
    // Focus moves to the outcome, so a keyboard or screen-reader user is told what happened.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'refused-title');
    assert.equal(await stpSites(), before0, 'nothing was written');
    assert.equal((await publicDatasets()).some((d) => d.name === 'stp-new-schools'), false);
    await page.screenshot({ path: `${SHOTS}data-report.png`, fullPage: true });
  });

  test('"Import the valid rows" imports the three valid schools and lists the skipped one', async () => {
    await page.getByRole('button', { name: 'Import the valid rows' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    const count = async (k: string) => (await report.getByTestId(k).textContent())!.trim();
    assert.equal(await report.getByRole('heading', { level: 2 }).textContent(), 'Imported into stp-new-schools');
    assert.deepEqual(
      [await count('rowsRead'), await count('inserted'), await count('updated'), await count('unchanged'), await count('removed'), await count('rejected')],
      ['4', '3', '0', '0', '0', '1'],
    );
    assert.equal(await count('countries'), 'São Tomé & Príncipe (3)');
    const skipped = await report.getByTestId('issues').locator('tbody td').allTextContents();
    assert.deepEqual(skipped.map((s) => s.trim()), ['3', 'lat', '95', 'out of range [-90, 90]']);
    // The choice sticks, so the next upload of the same file skips the same row.
    assert.equal(await page.getByLabel('Import the valid rows, skip the invalid ones').isChecked(), true);
    assert.equal(await stpSites(), before0 + 3);
    await page.screenshot({ path: `${SHOTS}data-imported.png`, fullPage: true });
  });

  test('the same file again changes nothing', async () => {
    await page.getByRole('form', { name: 'Import a file' }).getByRole('button', { name: 'Import' }).click();
    const unchanged = page.getByTestId('import-report').getByTestId('unchanged').filter({ hasText: /^3$/ });
    await unchanged.waitFor();
    const report = page.getByTestId('import-report');
    assert.equal((await report.getByTestId('inserted').textContent())!.trim(), '0');
    assert.equal((await report.getByTestId('updated').textContent())!.trim(), '0');
    assert.equal((await report.getByTestId('removed').textContent())!.trim(), '0');
    assert.equal(await stpSites(), before0 + 3);
  });

  test('the catalogue lists the dataset with its terms and its two imports', async () => {
    const row = page.getByTestId('catalogue').locator('tr[data-dataset="stp-new-schools"]');
    await row.waitFor();
    const cells = (await row.locator('th, td').allTextContents()).map((s) => s.trim());
    assert.deepEqual(cells.slice(0, 6), ['stp-new-schools', 'Sites', '3', 'CC BY 4.0', 'Ministry of Education, test', 'Yes']);
    assert.match(cells[6]!, /by user:\d+$/);
    // Sites are always public: no switch to offer.
    assert.equal(await row.getByRole('button', { name: 'Publish' }).count(), 0);
    await row.getByRole('button', { name: 'History' }).click();
    const history = page.getByTestId('history');
    await history.waitFor();
    const imports = await history.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim()).slice(2)));
    // Newest first: the repeat left the three unchanged; the first wrote them. The refusal left no record.
    assert.deepEqual(imports, [
      ['stp-new-schools.csv', '4', '0', '0', '3', '0', '1'],
      ['stp-new-schools.csv', '4', '3', '0', '0', '0', '1'],
    ]);
    assert.equal(await row.getByRole('button', { name: 'History' }).getAttribute('aria-expanded'), 'true');
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}data-catalogue.png` });
  });

  test('the manager publishes the cell sites, and the public then sees them as public', async () => {
    const cellsPublic = async () => (await publicDatasets()).find((d) => d.name === 'stp-cell-sites')?.isPublic ?? false;
    assert.equal(await cellsPublic(), false);
    const row = page.getByTestId('catalogue').locator('tr[data-dataset="stp-cell-sites"]');
    await row.getByRole('button', { name: 'Publish' }).click();
    await row.getByRole('button', { name: 'Make private' }).waitFor();
    assert.equal((await row.getByTestId('public').textContent())!.trim(), 'Yes');
    assert.equal(await cellsPublic(), true);
    await row.getByRole('button', { name: 'Make private' }).click();
    await row.getByRole('button', { name: 'Publish' }).waitFor();
    assert.equal(await cellsPublic(), false);
  });

  test('in Arabic the view mirrors and keeps its numbers', async () => {
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { name: 'استيراد ملف' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    const report = page.getByTestId('import-report');
    assert.match((await report.textContent())!, /بلا تغيير/);
    // The digits are the browser's for Arabic (CLDR 48 writes Latin digits, earlier versions Arabic-Indic ones).
    assert.equal((await report.getByTestId('unchanged').textContent())!.trim(), await page.evaluate(() => new Intl.NumberFormat('ar').format(3)));
    await page.screenshot({ path: `${SHOTS}data-ar.png`, fullPage: true });
  });

  test('a file the importers cannot read is refused with the server\'s reason and no offer to import', async () => {
    await page.locator('select[name="language"]').selectOption('en');
    const form = page.getByRole('form', { name: 'Import a file' });
    await form.getByLabel(/^File/).setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await form.getByRole('button', { name: 'Import' }).click();
    const refused = page.getByTestId('import-refused');
    await refused.waitFor();
    assert.match((await refused.getByRole('alert').textContent())!, /^notes\.json: .*GeoJSON.*Nothing was written/);
    assert.equal(await refused.getByRole('button', { name: 'Import the valid rows' }).count(), 0);
    assert.equal(await stpSites(), before0 + 3);
  });
});
