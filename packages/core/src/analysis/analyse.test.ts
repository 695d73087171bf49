import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SITE_TYPES, type Generation, type SiteType } from '../domain.js';
import { EARTH_RADIUS_M } from '../geo/distance.js';
import { analyseCountry, type CountryInputs, type SiteColumns, type TransmissionNodeColumns } from './analyse.js';
import { COVERAGE_SOURCE, type CellSiteColumns } from './infrastructure.js';
import { analysisParameters, type AnalysisParameters } from './parameters.js';
import { POPULATION_SOURCE, type PopulationPoints } from './population.js';
import { AREA_CLASSES, STATUS_CLASSES } from './status.js';
import { summariseCountry } from './summary.js';
import { near } from '../test-support.js';

/** Degrees of equator in `km`: every example lies on the equator, so distances are easy to read. */
const km = (k: number): number => (k * 1000 * 360) / (2 * Math.PI * EARTH_RADIUS_M);

interface SiteSpec {
  /** km east of 0°, on the equator */
  x: number;
  type?: SiteType;
  mbps?: number;
  connected?: -1 | 0 | 1;
}

function siteColumns(list: SiteSpec[]): SiteColumns {
  return {
    lon: Float64Array.from(list, (s) => km(s.x)),
    lat: new Float64Array(list.length),
    siteType: Uint8Array.from(list, (s) => SITE_TYPES.indexOf(s.type ?? 'post_office')),
    downloadMbps: Float64Array.from(list, (s) => s.mbps ?? NaN),
    isConnected: Int8Array.from(list, (s) => s.connected ?? -1),
  };
}

function nodeColumns(list: { x: number; medium: 0 | 1; operational: boolean }[]): TransmissionNodeColumns {
  return {
    lon: Float64Array.from(list, (n) => km(n.x)),
    lat: new Float64Array(list.length),
    medium: Uint8Array.from(list, (n) => n.medium),
    operational: Uint8Array.from(list, (n) => (n.operational ? 1 : 0)),
  };
}

function cellColumns(list: { x: number; g: Generation }[]): CellSiteColumns {
  return {
    lon: Float64Array.from(list, (c) => km(c.x)),
    lat: new Float64Array(list.length),
    generation: Uint8Array.from(list, (c) => c.g),
    rangeM: new Float64Array(list.length).fill(NaN),
  };
}

function pointsAt(list: { x: number; people: number }[]): PopulationPoints {
  return { lon: Float64Array.from(list, (p) => km(p.x)), lat: new Float64Array(list.length), population: Float64Array.from(list, (p) => p.people) };
}

/** A country with the given sites and nothing else, unless `more` adds layers. */
function country(list: SiteSpec[], more: Partial<CountryInputs> = {}): CountryInputs {
  return { country: 'XYZ', sites: siteColumns(list), nodes: nodeColumns([]), cells: cellColumns([]), coverage: [], population: { rasters: [] }, ...more };
}

const speedNames = (m: { speedClass: Uint8Array }) => Array.from(m.speedClass, (c) => STATUS_CLASSES[c]);
const coverageNames = (m: { coverageClass: Uint8Array }) => Array.from(m.coverageClass, (c) => STATUS_CLASSES[c]);
const areaNames = (m: { areaClass: Uint8Array }) => Array.from(m.areaClass, (c) => AREA_CLASSES[c]);

/** Area of the first population ring (1 km) in km², as a spherical cap: 3.1416 km². */
const RING0_KM2 = (2 * Math.PI * EARTH_RADIUS_M ** 2 * (1 - Math.cos(1_000 / EARTH_RADIUS_M))) / 1e6;

const params = analysisParameters();

test('a country with no sites at all: empty columns and an empty summary', () => {
  const m = analyseCountry(country([]), params);
  assert.equal(m.size, 0);
  assert.equal(m.speedClass.length, 0);
  assert.equal(m.populationWithin.length, params.populationRadiiM.length);
  assert.equal(m.schoolsWithin.length, params.neighbourRadiiM.length);
  const s = summariseCountry(m, new Uint8Array(0), params);
  assert.equal(s.sites, 0);
  assert.deepEqual(s.sitesByType, {});
  assert.equal(s.medianFiberOperationalM, null);
  assert.equal(s.median4gCellM, null);
  assert.ok(s.peopleWithinM.every((p) => p.people === null));
});

test('sites but no nodes, cells, coverage or population: every metric unknown, nothing throws', () => {
  const m = analyseCountry(country([{ x: 0 }, { x: 50 }]), params);
  for (const d of Object.values(m.nodeDistanceM)) assert.ok(d.every(Number.isNaN));
  assert.ok(m.cellDistanceM.every((d) => d.every(Number.isNaN)));
  assert.deepEqual(coverageNames(m), ['unknown', 'unknown']);
  assert.deepEqual([...m.bestGeneration], [0, 0]);
  assert.ok(m.populationWithin.every((r) => r.every(Number.isNaN)));
  assert.ok(m.densityPerKm2.every(Number.isNaN));
  assert.deepEqual(areaNames(m), ['unknown', 'unknown']);
  assert.deepEqual([...m.populationSource], [POPULATION_SOURCE.none, POPULATION_SOURCE.none]);
  assert.deepEqual(speedNames(m), ['unknown', 'unknown']);
  assert.deepEqual([...m.connected], [-1, -1]);
  assert.equal(m.timingsMs.status >= 0, true);
});

test('a country with one site: no neighbours, and its catchment is its ring', () => {
  const population = { rasters: [], points: pointsAt([{ x: 0.5, people: 10 }, { x: 1.5, people: 20 }, { x: 4, people: 40 }, { x: 20, people: 1_000 }]) };
  const m = analyseCountry(country([{ x: 0, type: 'school' }], { population }), params);
  assert.deepEqual(m.schoolsWithin.map((c) => c[0]), [0, 0, 0]);
  assert.deepEqual(m.otherSitesWithin.map((c) => c[0]), [0, 0, 0]);
  assert.deepEqual(m.populationWithin.map((r) => r[0]), [10, 30, 30, 70, 70]);
  assert.deepEqual(m.catchment.map((r) => r[0]), [10, 30, 30, 70, 70]);
  assert.equal(m.populationSource[0], POPULATION_SOURCE.points);
  near(m.densityPerKm2[0]!, 10 / 3.1416, 1e-4);
});

test('speed classes at the boundaries: 20 Mbps good, 1 moderate, 0.99 bad, none unknown', () => {
  const m = analyseCountry(country([
    { x: 0, mbps: 20 },
    { x: 10, mbps: 19.99 },
    { x: 20, mbps: 1 },
    { x: 30, mbps: 0.99 },
    { x: 40, mbps: 0 },
    { x: 50 }, // no speed, connection unknown
    { x: 60, connected: 0 }, // no speed, but the registry says unconnected: a speed of zero
    { x: 70, connected: 1 }, // no speed, connected: the speed is still unknown
  ]), params);
  assert.deepEqual(speedNames(m), ['good', 'moderate', 'moderate', 'bad', 'bad', 'unknown', 'bad', 'unknown']);
});

test('a per-country benchmark replaces 20 Mbps for that country', () => {
  const p = analysisParameters({ speedBenchmarkMbpsByCountry: { KEN: 10 } });
  const list: SiteSpec[] = [{ x: 0, mbps: 10 }, { x: 10, mbps: 9.99 }];
  assert.deepEqual(speedNames(analyseCountry({ ...country(list), country: 'KEN' }, p)), ['good', 'moderate']);
  assert.deepEqual(speedNames(analyseCountry({ ...country(list), country: 'UGA' }, p)), ['moderate', 'moderate']);
});

test('connected: from the speed class when there is one, otherwise as the registry says', () => {
  const m = analyseCountry(country([
    { x: 0, mbps: 50, connected: 0 }, // a good speed outweighs the registry's "not connected"
    { x: 10, mbps: 5, connected: -1 }, // moderate: connected
    { x: 20, mbps: 0.5, connected: 1 }, // bad: not connected
    { x: 30, connected: 1 },
    { x: 40, connected: 0 },
    { x: 50, connected: -1 },
  ]), params);
  assert.deepEqual([...m.connected], [1, 1, 0, 1, 0, -1]);
});

test('rural or urban by the people per km² in the first ring, urban from the threshold on', () => {
  // 1,000 people in the 1 km ring of a site: 1000 / 3.1416 km² = 318.3 per km².
  const population = { rasters: [], points: pointsAt([{ x: 0, people: 1_000 }, { x: 10, people: 900 }]) };
  const list: SiteSpec[] = [{ x: 0 }, { x: 10 }, { x: 20 }];
  const m = analyseCountry(country(list, { population }), params);
  near(m.densityPerKm2[0]!, 318.31, 0.01);
  near(m.densityPerKm2[1]!, 286.48, 0.01);
  assert.equal(m.densityPerKm2[2], 0);
  assert.deepEqual(areaNames(m), ['urban', 'rural', 'rural']);
  // Exactly at the threshold is urban; a hair above it, rural.
  const exactly = 1_000 / RING0_KM2;
  assert.deepEqual(areaNames(analyseCountry(country(list, { population }), analysisParameters({ urbanDensityPerKm2: exactly }))), ['urban', 'rural', 'rural']);
  assert.deepEqual(areaNames(analyseCountry(country(list, { population }), analysisParameters({ urbanDensityPerKm2: exactly * (1 + 1e-9) }))), ['rural', 'rural', 'rural']);
});

test('node distances: nearest fibre and microwave node, and nearest operational one', () => {
  const FIBER = 0, MICROWAVE = 1;
  const nodes = nodeColumns([
    { x: 1, medium: FIBER, operational: false },
    { x: 2, medium: FIBER, operational: true },
    { x: -5, medium: MICROWAVE, operational: true },
  ]);
  const m = analyseCountry(country([{ x: 0 }], { nodes }), params);
  near(m.nodeDistanceM.fiber[0]!, 1_000, 1e-6);
  near(m.nodeDistanceM.fiberOperational[0]!, 2_000, 1e-6);
  near(m.nodeDistanceM.microwave[0]!, 5_000, 1e-6);
  near(m.nodeDistanceM.microwaveOperational[0]!, 5_000, 1e-6);
  // Without microwave nodes those distances are unknown.
  const fibreOnly = analyseCountry(country([{ x: 0 }], { nodes: nodeColumns([{ x: 3, medium: FIBER, operational: true }]) }), params);
  assert.ok(Number.isNaN(fibreOnly.nodeDistanceM.microwave[0]!));
  near(fibreOnly.nodeDistanceM.fiberOperational[0]!, 3_000, 1e-6);
});

test('coverage classes through the whole analysis: good, moderate, bad, unknown', () => {
  const cells = cellColumns([{ x: 0.5, g: 4 }, { x: 10.5, g: 2 }]);
  // 4G at 0.5 km; 2G at 0.5 km; cells 20 km away; 100 km from any cell.
  const m = analyseCountry(country([{ x: 0 }, { x: 10 }, { x: 30 }, { x: 100 }], { cells }), params);
  assert.deepEqual([...m.bestGeneration], [4, 2, 0, 0]);
  assert.deepEqual([...m.coverageSource], [COVERAGE_SOURCE.cells, COVERAGE_SOURCE.cells, COVERAGE_SOURCE.none, COVERAGE_SOURCE.none]);
  assert.deepEqual(coverageNames(m), ['good', 'moderate', 'bad', 'unknown']);
  near(m.cellDistanceM[2]![0]!, 500, 1e-6);
});

test('neighbour counts exclude the site itself and count schools apart from other sites', () => {
  const m = analyseCountry(country([
    { x: 0, type: 'post_office' },
    { x: 0.5, type: 'school' },
    { x: 1.5, type: 'school' },
    { x: 2.5, type: 'library' },
    { x: 3.5, type: 'school' },
  ]), params);
  assert.deepEqual(m.schoolsWithin.map((c) => c[0]), [1, 2, 2]);
  assert.deepEqual(m.otherSitesWithin.map((c) => c[0]), [0, 0, 1]);
  // From the school at 1.5 km: schools at 1 km and 2 km, the post office at 1.5 km and the library at 1 km.
  assert.deepEqual(m.schoolsWithin.map((c) => c[2]), [1, 2, 2]);
  assert.deepEqual(m.otherSitesWithin.map((c) => c[2]), [1, 2, 2]);
});

/**
 * Four sites 1.5 km apart on the equator, a fibre node at 0 and a 4G cell at 12 km:
 *
 *     km     0    1.5    3     4.5    6   6.5 6.6  7.5        12
 *            F    PO     PO    PO     S   5G  50p  30p        4G
 *                 50Mb   off   ?      5Mb
 *
 * and 100 people 0.1 km east of each site.
 */
function tinyCountry(): { inputs: CountryInputs; params: AnalysisParameters } {
  const inputs = country(
    [
      { x: 1.5, type: 'post_office', mbps: 50 },
      { x: 3, type: 'post_office', connected: 0 },
      { x: 4.5, type: 'post_office' },
      { x: 6, type: 'school', mbps: 5 },
    ],
    {
      nodes: nodeColumns([{ x: 0, medium: 0, operational: true }]),
      cells: cellColumns([{ x: 12, g: 4 }, { x: 6.5, g: 5 }]),
      population: {
        rasters: [],
        points: pointsAt([
          { x: 1.6, people: 100 }, { x: 3.1, people: 100 }, { x: 4.6, people: 100 }, { x: 6.1, people: 100 },
          { x: 6.6, people: 50 }, { x: 7.5, people: 30 },
        ]),
      },
    },
  );
  // 150 people in the school's 1 km ring is 47.7 per km²: urban at 40.
  return { inputs, params: analysisParameters({ catchmentMaxRadiusM: 3_000, urbanDensityPerKm2: 40 }) };
}

test('the tiny country, site by site', () => {
  const { inputs, params: p } = tinyCountry();
  const m = analyseCountry(inputs, p);
  assert.deepEqual(speedNames(m), ['good', 'bad', 'unknown', 'moderate']);
  assert.deepEqual([...m.connected], [1, 0, -1, 1]);
  // Only the school is within the 5G cell's default 1 km; the 4G cell is beyond its 5 km from every site.
  assert.deepEqual(coverageNames(m), ['bad', 'bad', 'bad', 'good']);
  assert.deepEqual(areaNames(m), ['rural', 'rural', 'rural', 'urban']);
  // Around the school: 150 within 1 km, then 30 and 100 (at 4.6) within 2 km, 100 (at 3.1) within 3 km, 100 (at 1.6) within 5 km.
  assert.deepEqual(m.populationWithin.map((r) => r[3]), [150, 280, 380, 480, 480]);
  // Each person once, at the nearest site, and no catchment beyond 3 km: the 100 at 4.6 belong to the site at 4.5.
  assert.deepEqual(m.catchment.map((r) => r[3]), [150, 180, 180, NaN, NaN]);
  assert.deepEqual(m.catchment.map((r) => r[0]), [100, 100, 100, NaN, NaN]);
});

test('summariseCountry on the tiny country', () => {
  const { inputs, params: p } = tinyCountry();
  const s = summariseCountry(analyseCountry(inputs, p), inputs.sites.siteType, p);
  assert.equal(s.country, 'XYZ');
  assert.equal(s.sites, 4);
  assert.deepEqual(s.sitesByType, { post_office: 3, school: 1 });
  assert.deepEqual(s.postOffices, { total: 3, connected: 1, notConnected: 1, unknown: 1 });
  assert.equal(s.connected, 2);
  assert.deepEqual(s.coverage, { unknown: 0, bad: 3, moderate: 0, good: 1 });
  assert.deepEqual(s.area, { unknown: 0, rural: 3, urban: 1 });
  // Fibre at 1.5, 3, 4.5 and 6 km: the median of four is the mean of the middle two.
  near(s.medianFiberOperationalM!, 3_750, 1e-6);
  // The 4G cell at 10.5, 9, 7.5 and 6 km.
  near(s.median4gCellM!, 8_250, 1e-6);
  assert.deepEqual(s.peopleWithinM, [
    { radiusM: 1_000, people: 450 },
    { radiusM: 2_000, people: 480 },
    { radiusM: 3_000, people: 480 },
    { radiusM: 5_000, people: null },
    { radiusM: 10_000, people: null },
  ]);
});
