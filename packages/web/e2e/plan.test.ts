/**
 * The planning view in Chromium against a real server on São Tomé and Príncipe's sample: the
 * public is not offered it; the country's manager checks the form, runs two plans with the
 * greedy solver, reads the result against the API (sites, certificate, charts), compares the two,
 * downloads one and shows it on the map. Screenshots go to test-results/web/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SHOTS, browserMissing, mapReady, signInAs, startBrowserTest, type BrowserTest } from './support.js';

interface Scenario {
  name: string;
  totals: { sites: number; byYear: { year: number }[] };
  certificate: { method: string; gap: number | null };
  fromYear: number;
  untilYear: number;
}
interface Comparison { sites: [number, number]; onlyIn: [number[], number[]] }

describe('the planning view in Chromium', { skip: browserMissing() }, () => {
  let t: BrowserTest;
  let url: string;
  let page: BrowserTest['page'];

  before(async () => {
    t = await startBrowserTest();
    ({ url, page } = t);
  });
  after(async () => {
    await t?.close();
  });

  /** What the API answers the page's session (its cookie), as JSON. */
  const fetchJson = <T>(path: string) => page.evaluate(async (p) => {
    const r = await fetch(p);
    return { status: r.status, body: await r.json() };
  }, path) as Promise<{ status: number; body: T }>;

  const run = async (o: { name: string; budget: string }) => {
    await page.getByLabel('Name', { exact: true }).fill(o.name);
    await page.getByLabel('Objective').selectOption('sites');
    await page.getByLabel('Total budget (USD)').fill(o.budget);
    await page.getByLabel('Solver').selectOption('greedy');
    await page.getByRole('button', { name: 'Run the plan' }).click();
    await page.getByRole('heading', { name: `Scenario “${o.name}”` }).waitFor({ timeout: 120_000 });
  };

  test('the public is not offered planning, and the API refuses it', async () => {
    await page.goto(`${url}/?country=STP&lang=en`);
    await mapReady(page);
    assert.equal(await page.getByRole('button', { name: 'Plan', exact: true }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Dashboard' }).count(), 1);
    // A shared link to the planning view shows a member of the public no planning either.
    const session = page.waitForResponse((r) => r.url().endsWith('/api/session'));
    await page.goto(`${url}/?view=plan&country=STP&lang=en`);
    assert.equal((await session).status(), 401);
    await page.getByRole('button', { name: 'Dashboard' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Plan', exact: true }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'New plan' }).count(), 0);
    assert.equal((await fetchJson('/api/scenarios?country=STP')).status, 401);
  });

  test('the form says what is wrong in words and sends nothing', async () => {
    await signInAs(page);
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await page.getByRole('heading', { name: 'Planning: São Tomé & Príncipe' }).waitFor();
    assert.match(page.url(), /view=plan&country=STP/);
    assert.match(await page.getByLabel('Name', { exact: true }).inputValue(), /^plan-\d{4}-\d\d-\d\d-\d{4}$/);
    assert.equal(await page.getByLabel('Until year').inputValue(), String(Math.max(2030, new Date().getFullYear())));

    await page.getByLabel('Name', { exact: true }).fill('a/b');
    await page.getByLabel('Until year').fill('1999');
    await page.getByRole('button', { name: 'Run the plan' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct the fields marked below.' }).waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Total budget (USD)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Until year').getAttribute('aria-invalid'), 'true');
    const form = (await page.locator('form.plan-form').textContent())!;
    assert.match(form, /without \/ or \\\./);
    assert.match(form, /This objective needs a total or an annual budget\./);
    assert.match(form, /Enter a year between 2000 and 2100\./);
    // The first field in error has the focus, so a keyboard user lands on it.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'plan-name');
    assert.deepEqual((await fetchJson<{ items: unknown[] }>('/api/scenarios?country=STP')).body.items, []);
    await page.getByLabel('Until year').fill(String(Math.max(2030, new Date().getFullYear())));
  });

  test('a manager runs a plan and reads what it funds, how good it is, and its charts', async () => {
    await run({ name: 'small', budget: '30000' });
    assert.match(page.url(), /plan=small/);
    assert.equal((await page.getByTestId('job-status').textContent())?.trim(), 'The plan is ready.');
    const { status, body: s } = await fetchJson<Scenario>('/api/scenarios/STP/small');
    assert.equal(status, 200);
    assert.ok(s.totals.sites > 0, 'a budget of 30,000 USD connects some of the schools');

    assert.equal((await page.getByTestId('total-sites').textContent())?.trim(), String(s.totals.sites));
    const gap = s.certificate.gap!;
    const headline = gap === 0
      ? 'Proved optimal: no plan does better.'
      : `Within ${new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: gap < 0.01 ? 2 : 1 }).format(gap)} of the best possible plan.`;
    assert.equal((await page.getByTestId('certificate').textContent())?.trim(), headline);
    assert.equal(s.certificate.method, 'greedy');
    assert.match((await page.locator('.certificate').textContent())!, /Made by the greedy method/);

    // Each chart is drawn and says in words what it draws.
    const curve = page.getByTestId('spend-curve');
    await curve.locator('canvas').first().waitFor();
    await page.screenshot({ path: `${SHOTS}plan-result.png` });
    assert.equal(
      await curve.getByRole('img').getAttribute('aria-label'),
      `Sites connected against cumulative spend: ${s.totals.sites} for ${await curveSpend()}, over ${s.totals.sites} sites taken in priority order.`,
    );
    const mix = page.getByTestId('technology-mix');
    assert.equal(await mix.locator('svg').count() > 0, true);
    assert.match((await mix.getByRole('img').getAttribute('aria-label'))!, /^Technology mix: Cellular \d+/);
    const years = page.getByTestId('year-by-year');
    assert.equal(await years.locator('svg[role="img"]').count(), 1);
    assert.match((await years.locator('svg').getAttribute('aria-label'))!, new RegExp(`^Spend per year: ${s.fromYear}: `));
    await years.getByText('As a table').click();
    assert.equal(await years.locator('tbody tr').count(), s.untilYear - s.fromYear + 1);
    await years.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}plan-charts.png` });

    /** The curve's last point, as the page writes it: the sum of the funded sites' costs. */
    async function curveSpend(): Promise<string> {
      const sites: { year: number | null; costUsd: number }[] = [];
      for (let after = 0; ;) {
        const { items, next } = (await fetchJson<{ items: typeof sites; next: number | null }>(`/api/scenarios/STP/small/sites?after=${after}&limit=1000`)).body;
        sites.push(...items);
        if (next === null) break;
        after = next;
      }
      const spend = sites.filter((x) => x.year !== null).reduce((sum, x) => sum + x.costUsd, 0);
      return new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(spend);
    }
  });

  test('a second plan with a larger budget, compared with the first', async () => {
    await run({ name: 'larger', budget: '60000' });
    const list = page.getByTestId('scenario-list');
    assert.equal(await list.getByRole('button').count(), 2);
    assert.equal(await list.locator('[aria-current="true"]').locator('strong').textContent(), 'larger');

    await page.getByLabel('First scenario').selectOption('small');
    await page.getByLabel('Second scenario').selectOption('larger');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const compare = page.getByTestId('plan-compare');
    await compare.waitFor();
    const { body: d } = await fetchJson<Comparison>('/api/scenarios/compare?country=STP&a=small&b=larger');
    const sitesRow = await compare.getByRole('row', { name: /^Sites funded/ }).locator('td').allTextContents();
    assert.deepEqual(sitesRow, [String(d.sites[0]), String(d.sites[1]), `+${d.sites[1] - d.sites[0]}`]);
    assert.ok(d.sites[1] > d.sites[0], 'the larger budget funds more sites');
    await compare.getByRole('heading', { name: `Sites funded only by “larger” (${d.onlyIn[1].length})` }).waitFor();
    await compare.getByRole('heading', { name: `Sites funded only by “small” (${d.onlyIn[0].length})` }).waitFor();
    await page.locator('.plan-compare').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${SHOTS}plan-compare.png` });
  });

  test('the CSV export is a plain download link that answers a CSV of every funded site', async () => {
    const link = page.getByRole('link', { name: 'CSV (spreadsheet)' });
    assert.notEqual(await link.getAttribute('download'), null);
    const href = (await link.getAttribute('href'))!;
    assert.equal(href, '/api/scenarios/STP/larger/download?format=csv');
    const csv = await page.evaluate(async (h) => {
      const r = await fetch(h);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, href);
    assert.equal(csv.status, 200);
    assert.match(csv.type!, /^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    assert.match(lines[0]!, /^rank,siteId,/);
    const { body: s } = await fetchJson<Scenario>('/api/scenarios/STP/larger');
    assert.equal(lines.length - 1, s.totals.sites, 'the sites objective funds every site it lists');
  });

  test('"Show on map" puts the plan in the URL and draws it on the map', async () => {
    const geojson = page.waitForResponse((r) => r.url().endsWith('/api/scenarios/STP/larger/download?format=geojson'));
    await page.getByRole('button', { name: 'Show on map' }).click();
    assert.equal((await geojson).status(), 200);
    await mapReady(page);
    assert.match(page.url(), /plan=larger/);
    assert.doesNotMatch(page.url(), /view=plan/);
    const legend = page.getByTestId('plan-legend');
    await legend.getByText('Plan “larger”').waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}plan-map.png` });

    // A site the plan funds: its panel says how and when.
    const { body: first } = await fetchJson<{ items: { siteId: number; year: number }[] }>('/api/scenarios/STP/larger/sites?limit=1');
    await page.goto(`${url}/?lang=en&country=STP&plan=larger&site=${first.items[0]!.siteId}`);
    const planned = page.getByTestId('site-plan');
    await planned.waitFor();
    assert.match(await planned.innerText(), new RegExp(`In the plan “larger”[\\s\\S]*Year\\s+${first.items[0]!.year}`));
    await page.getByRole('button', { name: 'Close' }).click();
    await legend.getByText('Plan “larger”').waitFor();
    await legend.getByRole('button', { name: 'Hide the plan' }).click();
    assert.doesNotMatch(page.url(), /plan=/);
    assert.equal(await page.getByTestId('plan-legend').count(), 0);
  });

  test('in Arabic, and for a country the manager does not manage', async () => {
    await page.goto(`${url}/?view=plan&country=STP&plan=small&lang=ar`);
    await page.getByTestId('certificate').waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.match((await page.getByTestId('certificate').textContent())!, /^(في حدود|مثلى بالبرهان)/);
    await page.getByTestId('spend-curve').locator('canvas').first().waitFor();
    await page.screenshot({ path: `${SHOTS}plan-result-ar.png` });

    await page.goto(`${url}/?view=plan&country=ESP&lang=en`);
    await page.getByRole('alert').filter({ hasText: 'Only the managers of Spain may plan it.' }).waitFor();
    assert.equal(await page.locator('form.plan-form').count(), 0);
  });
});
