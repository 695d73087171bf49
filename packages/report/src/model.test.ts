import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PLANNING_PARAMETERS } from '@postatlas/core';
import type { ScenarioSite } from '@postatlas/store';
import { chartAreas } from './charts.js';
import { clip, esc, niceTicks } from './markup.js';
import { clipRing, mapView, metresPerPixel, project, scaleBar, yearShapes } from './map.js';
import { timeOf, words } from './messages.js';
import { coverage, parameterRows, reportModel } from './model.js';
import type { ReportData } from './read.js';

/** A site of a scenario with the fields the model reads; the rest as the store would give them. */
function site(rank: number, siteId: number, o: Partial<ScenarioSite>): ScenarioSite {
  return {
    rank, siteId, sourceId: `S${siteId}`, name: `Office ${siteId}`, siteType: 'post_office', lon: 6.7, lat: 0.3,
    technology: 'cellular', capexUsd: 100, opexPerYearUsd: 10, tcoUsd: 200, npvUsd: 180, costUsd: 180, year: 2027,
    demandMbps: 20, peopleServed: 0, costPerPersonUsd: null, linkM: null, viaSiteId: null, lineOfSightUnchecked: false, ...o,
  };
}

const parameters = { ...PLANNING_PARAMETERS, fiber: { ...PLANNING_PARAMETERS.fiber, perKmUsd: 15_000 } };

/** Three funded sites in 2027 and 2029 (none in 2028), a co-connected school, one site beyond the budget. */
const data: ReportData = {
  scenario: {
    id: 1, country: 'STP', name: 'small', createdAt: '2026-05-04T09:30:00.000Z', createdBy: 'cli:ana', analysisRunId: 7, objective: 'population',
    budgetUsd: 5_000, annualBudgetUsd: null, fromYear: 2027, untilYear: 2029, mustInclude: [], parameters,
    result: { certificate: { method: 'highs', objective: 'population', value: 1_500, bound: 1_500, boundSource: 'highs-mip', gap: 0, highs: { error: null } } },
  },
  sites: [
    site(1, 11, { technology: 'fiber', costUsd: 1_000, capexUsd: 900, npvUsd: 1_000, tcoUsd: 1_100, peopleServed: 800, year: 2027 }),
    site(2, 12, { technology: null, siteType: 'school', costUsd: 0, capexUsd: 0, npvUsd: 0, tcoUsd: 0, peopleServed: 0, year: 2027 }),
    site(3, 13, { technology: 'satellite', costUsd: 2_000, capexUsd: 800, npvUsd: 2_000, tcoUsd: 2_400, peopleServed: 700, year: 2029 }),
    site(4, 14, { technology: 'satellite', costUsd: 3_000, capexUsd: 800, npvUsd: 3_000, tcoUsd: 3_300, peopleServed: 50, year: null }),
  ],
  run: {
    id: 7, startedAt: '2026-05-04T09:00:00Z', finishedAt: '2026-05-04T09:01:00Z', runBy: 'test', countries: ['STP'], parameters: {} as never, fingerprint: '', summary: [], current: false,
    inputs: [{ datasetId: 3, name: 'stp-offices', layer: 'sites', importId: 9, sha256: 'ab12', importedAt: '2026-05-01 08:00:00.5+00', rowsVersion: null }],
  },
  datasets: [{
    id: 3, name: 'stp-offices', layer: 'sites', source: 'offices.csv', format: 'csv', licence: 'ODbL 1.0', attribution: '© OpenStreetMap contributors',
    owner: null, isPublic: true, countries: ['STP'], createdAt: '2026-05-01T08:00:00Z', rows: 5, lastImport: null,
  }],
  areaSites: [
    { siteId: 10, siteType: 'post_office', admin1: null, admin2: 'Água-Grande', connected: true, people: 1_000 },
    { siteId: 11, siteType: 'post_office', admin1: null, admin2: 'Água-Grande', connected: false, people: 800 },
    { siteId: 12, siteType: 'school', admin1: null, admin2: 'Água-Grande', connected: false, people: 200 },
    { siteId: 13, siteType: 'post_office', admin1: null, admin2: 'Lobata', connected: false, people: 700 },
    { siteId: 14, siteType: 'post_office', admin1: null, admin2: null, connected: false, people: 50 },
  ],
  madeAt: '2026-05-05T10:00:00.000Z',
};

test('the model of a small scenario: totals, curve, mix, years with none, coverage by the first admin level filled', () => {
  const m = reportModel(data);
  assert.deepEqual(m.totals, {
    sites: 3, people: 1_500, costUsd: 3_000, capexUsd: 1_700, npvUsd: 3_000, tcoUsd: 3_500, unfundedCostUsd: 3_000, costPerPersonUsd: 2,
  });
  assert.deepEqual(m.byType, [{ siteType: 'post_office', sites: 2 }, { siteType: 'school', sites: 1 }]);
  assert.equal(m.curveOf, 'people');
  assert.deepEqual(m.curve, [{ spendUsd: 1_000, value: 800 }, { spendUsd: 1_000, value: 800 }, { spendUsd: 3_000, value: 1_500 }]);
  assert.deepEqual(m.byTechnology, [
    { technology: 'fiber', sites: 1, people: 800, costUsd: 1_000 },
    { technology: 'satellite', sites: 1, people: 700, costUsd: 2_000 },
    { technology: 'co-connected', sites: 1, people: 0, costUsd: 0 },
  ]);
  assert.deepEqual(m.byYear, [
    { year: 2027, sites: 2, people: 800, costUsd: 1_000, sitesByTechnology: { fiber: 1, 'co-connected': 1 } },
    { year: 2028, sites: 0, people: 0, costUsd: 0, sitesByTechnology: {} },
    { year: 2029, sites: 1, people: 700, costUsd: 2_000, sitesByTechnology: { satellite: 1 } },
  ]);
  assert.equal(m.coverage.level, 'admin2', 'no site has an admin1, so districts');
  assert.deepEqual(m.coverage.areas, [
    { area: 'Água-Grande', sites: 3, connectedBefore: 1, connectedAfter: 3, people: 2_000, peopleBefore: 1_000, peopleAfter: 2_000 },
    { area: 'Lobata', sites: 1, connectedBefore: 0, connectedAfter: 1, people: 700, peopleBefore: 0, peopleAfter: 700 },
    { area: null, sites: 1, connectedBefore: 0, connectedAfter: 0, people: 50, peopleBefore: 0, peopleAfter: 0 },
  ]);
  assert.deepEqual(m.table.map((r) => [r.rank, r.technology, r.year]), [[1, 'fiber', 2027], [2, 'co-connected', 2027], [3, 'satellite', 2029]]);
  assert.equal(m.funded, 3);
  assert.equal(m.unfunded, 1);
  assert.deepEqual(m.mapSites.map((s) => s.technology), ['fiber', 'co-connected', 'satellite']);
  assert.deepEqual(m.run, { id: 7, finishedAt: '2026-05-04T09:01:00Z', current: false });
  assert.deepEqual(m.versions, [{ name: 'stp-offices', layer: 'sites', importId: 9, importedAt: '2026-05-01 08:00:00.5+00', sha256: 'ab12' }]);
  assert.equal(m.sources[0]!.licence, 'ODbL 1.0');
  assert.equal(m.parametersVersion, 1);
});

test('parameters say where each value came from: the ITU default, postatlas\'s own, or this scenario', () => {
  const rows = new Map(parameterRows(parameters).map((r) => [r.path, r]));
  assert.deepEqual(rows.get('fiber.perKmUsd'), { path: 'fiber.perKmUsd', value: 15_000, source: 'scenario' });
  assert.equal(rows.get('demand.adoption')?.source, 'itu');
  assert.equal(rows.get('microwave.bandwidthMhz')?.source, 'itu');
  assert.equal(rows.get('microwave.kFactor')?.source, 'postatlas', 'line-of-sight values are radio-planning practice, not the ITU platform\'s');
  assert.equal(rows.get('prioritisation.siteTypeWeights.school')?.source, 'postatlas');
  assert.equal(rows.get('solver.timeLimitS')?.value, 10);
  // The defaults' order, whatever order the database kept the keys in (jsonb sorts them by length).
  const shuffled = Object.fromEntries(Object.entries(parameters).reverse());
  assert.deepEqual(parameterRows(shuffled).map((r) => r.path), parameterRows(parameters).map((r) => r.path));
  assert.equal(parameterRows({ ...parameters, extra: 3 }).at(-1)?.source, 'scenario');
});

test('coverage without any admin area counts every site in one area', () => {
  const c = coverage([{ siteId: 1, siteType: 'school', admin1: null, admin2: null, connected: false, people: 5 }], new Set([1]));
  assert.deepEqual(c, { level: null, areas: [{ area: null, sites: 1, connectedBefore: 0, connectedAfter: 1, people: 5, peopleBefore: 0, peopleAfter: 5 }] });
});

test('the coverage chart keeps the largest areas and sums the rest into one', () => {
  const areas = Array.from({ length: 5 }, (_, i) => ({ area: `A${i}`, sites: 10 - i, connectedBefore: 1, connectedAfter: 2, people: 100, peopleBefore: 10, peopleAfter: 20 }));
  const rows = chartAreas(areas, 3);
  assert.deepEqual(rows.map((r) => r.area), ['A0', 'A1', null]);
  assert.deepEqual(rows[2], { area: null, sites: 8 + 7 + 6, connectedBefore: 3, connectedAfter: 6, people: 300, peopleBefore: 30, peopleAfter: 60, others: 3 });
  assert.equal(chartAreas(areas, 5).length, 5);
});

test('Web Mercator: the view fits the box, the scale bar is true at its middle latitude', () => {
  // The equator, 2° of longitude across 400 px inside 16 px of padding each side.
  const v = mapView([0, -1, 2, 1], 432, { padding: 16, minHeight: 0 });
  assert.ok(Math.abs(v.height - 432) < 0.2, `${v.height}: a square box gives a square map`);
  // The equator at mid-height; Mercator stretches a degree of latitude a little more than one of longitude.
  const [x0, y0] = project(v, 0, 0);
  const [x2, y2] = project(v, 2, 0);
  assert.ok(Math.abs(x0 - 16) < 1e-9 && Math.abs(x2 - 416) < 1e-9, `${x0}, ${x2}`);
  assert.ok(Math.abs(y0 - v.height / 2) < 1e-9 && y2 === y0);
  assert.ok(project(v, 0, 1)[1] < y0, 'north is up');
  // 2° of the equator on the IUGG sphere (6,371,008.8 m) is 222,390 m over 400 px.
  assert.ok(Math.abs(metresPerPixel(v) - 555.975) < 0.01, `${metresPerPixel(v)} m a pixel`);
  assert.deepEqual(scaleBar(v, 140), { metres: 50_000, pixels: 50_000 / metresPerPixel(v) });
  // At 60° north a degree of longitude is half as long on the ground.
  const north = mapView([0, 59.9, 2, 60.1], 432);
  assert.ok(Math.abs(metresPerPixel(north) - (6_371_008.8 * 0.5 * (2 * Math.PI / 180)) / 400) < 0.5);
});

test('a ring is clipped to the page, and years past the last shape share it', () => {
  const square: [number, number][] = [[-10, -10], [10, -10], [10, 10], [-10, 10]];
  assert.deepEqual(clipRing(square, 0, 0, 5, 5), [[0, 5], [0, 0], [5, 0], [5, 5]]);
  assert.deepEqual(clipRing([[20, 20], [30, 20], [30, 30]], 0, 0, 5, 5), []);
  const shapes = yearShapes([2033, 2026, 2027, 2028, 2029, 2030, 2031, 2032]);
  assert.equal(shapes.get(2026), 'circle');
  assert.equal(shapes.get(2027), 'square');
  assert.equal(shapes.get(2031), 'hexagon');
  assert.equal(shapes.get(2033), 'hexagon');
});

test('words: numbers, money and dates in each language; text is escaped', () => {
  const fr = words('fr');
  assert.equal(fr.say('within', { gap: fr.percent(0.028, 1) }), 'À moins de 2,8\u00a0% du meilleur plan possible.');
  assert.equal(words('en').usd(29_161.7), '$29,162');
  assert.equal(words('es').name('tech', 'microwave'), 'Microondas');
  assert.equal(words('ar').dir, 'rtl');
  assert.equal(words('en').date('2026-05-04T23:30:00Z'), 'May 4, 2026', 'in UTC, wherever the report is made');
  assert.equal(timeOf('2026-05-01 08:00:00.5+00')?.toISOString(), '2026-05-01T08:00:00.500Z');
  assert.equal(timeOf('not a time'), null);
  assert.equal(words('en').dateTime('not a time'), 'not a time');
  assert.equal(esc('<b class="x">&</b>'), '&lt;b class=&quot;x&quot;&gt;&amp;&lt;/b&gt;');
  assert.equal(clip('Água-Grande', 6), 'Água-…');
  assert.deepEqual(niceTicks(830, 5), [0, 200, 400, 600, 800, 1000]);
  assert.deepEqual(niceTicks(0), [0, 1]);
});
