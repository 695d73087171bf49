import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AreaGeometry, Generation } from '../domain.js';
import { EARTH_RADIUS_M, haversineM } from '../geo/distance.js';
import { SphereIndex } from '../spatial/sphere-index.js';
import { COVERAGE_SOURCE, coverageAtSites, indexWhere, nearestDistancesM, type CellSiteColumns, type CoveragePolygon } from './infrastructure.js';
import { analysisParameters } from './parameters.js';
import type { PointColumns } from './population.js';
import { coverageClass } from './status.js';
import { near } from '../test-support.js';

/** One degree of great circle on the mean sphere: 2πR/360. */
const DEG_M = (2 * Math.PI * EARTH_RADIUS_M) / 360;

/** Longitude `km` east of `lon` along the equator. */
function east(lon: number, km: number): number {
  return lon + (km * 1000) / DEG_M;
}

function sites(...points: [lon: number, lat: number][]): PointColumns {
  return { lon: Float64Array.from(points, (p) => p[0]), lat: Float64Array.from(points, (p) => p[1]) };
}

/** Cell sites on the equator; rangeM NaN (the source gives none) unless stated. */
function cells(...list: { lon: number; g: Generation; rangeM?: number }[]): CellSiteColumns {
  return {
    lon: Float64Array.from(list, (c) => c.lon),
    lat: new Float64Array(list.length),
    generation: Uint8Array.from(list, (c) => c.g),
    rangeM: Float64Array.from(list, (c) => c.rangeM ?? NaN),
  };
}

const NO_CELLS = cells();

function square(west: number, south: number, east: number, north: number): number[][] {
  return [[west, south], [east, south], [east, north], [west, north], [west, south]];
}

function polygon(generation: Generation, ...rings: number[][][]): CoveragePolygon {
  return { generation, geometry: { type: 'Polygon', coordinates: rings } };
}

const params = analysisParameters(); // default ranges 2G 10 km, 3G 5 km, 4G 5 km, 5G 1 km; cap 35 km

test('nearestDistancesM: haversine distance to the nearest target, NaN for every site when there is none', () => {
  const s = sites([0, 0], [10, 10], [-179.9, 0]);
  const targets = new SphereIndex(Float64Array.from([0.1, 179.9]), Float64Array.from([0, 0]));
  const d = nearestDistancesM(s, targets);
  near(d[0]!, 0.1 * DEG_M, 1e-6);
  near(d[1]!, haversineM(10, 10, 0, 0.1), 1e-6);
  near(d[2]!, 0.2 * DEG_M, 1e-6); // across the antimeridian
  const none = nearestDistancesM(s, new SphereIndex(new Float64Array(0), new Float64Array(0)));
  assert.equal(none.length, 3);
  assert.ok(none.every(Number.isNaN));
  assert.equal(nearestDistancesM(sites(), targets).length, 0);
});

test('indexWhere indexes only the points kept, numbered in the order kept', () => {
  const columns = sites([0, 0], [1, 0], [2, 0], [3, 0]);
  const odd = indexWhere(columns, (i) => i % 2 === 1); // (1, 0) and (3, 0)
  assert.equal(odd.size, 2);
  assert.equal(odd.nearest(0, 0), 0); // (1, 0): index 0 of the kept points
  near(odd.distanceM, DEG_M, 1e-6);
  assert.equal(odd.nearest(2.9, 0), 1);
  assert.equal(indexWhere(columns, () => false).size, 0);
});

/** STATUS_CLASSES name of each site's coverage, as analyseCountry derives it. */
function classes(c: { bestGeneration: Uint8Array; known: Uint8Array }): string[] {
  return Array.from(c.bestGeneration, (g, i) => coverageClass(g, c.known[i] === 1));
}

test('no cell sites and no coverage polygons: coverage is unknown, distances NaN', () => {
  const c = coverageAtSites(sites([0, 0], [1, 1]), NO_CELLS, [], params);
  assert.deepEqual([...c.known], [0, 0]);
  assert.deepEqual([...c.bestGeneration], [0, 0]);
  assert.deepEqual([...c.source], [COVERAGE_SOURCE.none, COVERAGE_SOURCE.none]);
  assert.equal(c.cellDistanceM.length, 4);
  for (const d of c.cellDistanceM) assert.ok(d.every(Number.isNaN));
  assert.deepEqual(classes(c), ['unknown', 'unknown']);
});

test('cell sites, none in range: coverage is known to be bad', () => {
  const c = coverageAtSites(sites([0, 0]), cells({ lon: east(0, 20), g: 2 }), [], params);
  assert.equal(c.known[0], 1);
  assert.equal(c.bestGeneration[0], 0);
  assert.equal(c.source[0], COVERAGE_SOURCE.none);
  assert.deepEqual(classes(c), ['bad']);
  // Distances are kept per generation: 20 km to the 2G cell, none of the others exist.
  near(c.cellDistanceM[0]![0]!, 20_000, 1e-6);
  for (const g of [3, 4, 5]) assert.ok(Number.isNaN(c.cellDistanceM[g - 2]![0]!), `${g}G`);
});

test('without a range from the source each generation covers its default radius', () => {
  // One site per degree of longitude (111 km apart), each with one cell just inside or just outside the default.
  const s = sites([0, 0], [1, 0], [2, 0], [3, 0], [4, 0], [5, 0]);
  const c = coverageAtSites(s, cells(
    { lon: east(0, 9), g: 2 },    // 2G covers 10 km
    { lon: east(1, 11), g: 2 },
    { lon: east(2, 4.5), g: 3 },  // 3G 5 km
    { lon: east(3, 5.5), g: 3 },
    { lon: east(4, 0.9), g: 5 },  // 5G 1 km
    { lon: east(5, 1.1), g: 5 },
  ), [], params);
  assert.deepEqual([...c.bestGeneration], [2, 0, 3, 0, 5, 0]);
  assert.deepEqual([...c.source], [2, 0, 2, 0, 2, 0].map((v) => (v ? COVERAGE_SOURCE.cells : COVERAGE_SOURCE.none)));
  near(c.cellDistanceM[3]![5]!, 1_100, 1e-6);
});

test('a range of 0 or NaN from the source means the default range', () => {
  const c = coverageAtSites(sites([0, 0], [1, 0]), cells({ lon: east(0, 4), g: 4, rangeM: 0 }, { lon: east(1, 4), g: 4 }), [], params);
  assert.deepEqual([...c.bestGeneration], [4, 4]);
});

test('a cell with its own range covers a far site, even when a nearer cell does not', () => {
  const s = sites([0, 0]);
  const far = cells({ lon: east(0, 25), g: 4, rangeM: 30_000 });
  assert.equal(coverageAtSites(s, far, [], params).bestGeneration[0], 4);
  // The nearest 4G cell, 6 km away, reaches only 1 km; the one 25 km away reaches 30 km.
  const both = cells({ lon: east(0, 6), g: 4, rangeM: 1_000 }, { lon: east(0, 25), g: 4, rangeM: 30_000 });
  const c = coverageAtSites(s, both, [], params);
  assert.equal(c.bestGeneration[0], 4);
  near(c.cellDistanceM[2]![0]!, 6_000, 1e-6);
  // A stated range also shrinks coverage below the default.
  assert.equal(coverageAtSites(s, cells({ lon: east(0, 3), g: 4, rangeM: 2_000 }), [], params).bestGeneration[0], 0);
});

test('ranges are capped at maxCellRangeM', () => {
  const s = sites([0, 0], [1, 0]);
  const c = cells({ lon: east(0, 30), g: 2, rangeM: 50_000 }, { lon: east(1, 40), g: 2, rangeM: 50_000 });
  // 30 km is within the 35 km cap, 40 km is not, whatever the source says.
  assert.deepEqual([...coverageAtSites(s, c, [], params).bestGeneration], [2, 0]);
  assert.deepEqual([...coverageAtSites(s, c, [], analysisParameters({ maxCellRangeM: 60_000 })).bestGeneration], [2, 2]);
  // The cap applies to default ranges too.
  const tight = analysisParameters({ maxCellRangeM: 5_000 });
  assert.equal(coverageAtSites(sites([0, 0]), cells({ lon: east(0, 8), g: 2 }), [], tight).bestGeneration[0], 0);
});

test('the best generation is the highest that covers the site', () => {
  const c = coverageAtSites(sites([0, 0]), cells(
    { lon: east(0, 0.5), g: 2 },
    { lon: east(0, -0.5), g: 4 },
    { lon: east(0, 0.6), g: 3 },
    { lon: east(0, 2), g: 5 }, // 5G reaches 1 km: not covered
  ), [], params);
  assert.equal(c.bestGeneration[0], 4);
  assert.deepEqual(classes(c), ['good']);
  near(c.cellDistanceM[3]![0]!, 2_000, 1e-6);
});

test('coverage polygons of a generation override cell ranges for that generation only', () => {
  // Site 0 has a 4G and a 3G cell 100 m away; 4G polygons exist but only around site 1.
  const s = sites([0, 0], [1, 0], [2, 0]);
  const c = cells({ lon: east(0, 0.1), g: 4 }, { lon: east(0, 0.1), g: 3 });
  const fourG = [polygon(4, square(0.9, -0.1, 1.1, 0.1))];
  const cov = coverageAtSites(s, c, fourG, params);
  // Site 0: the 4G polygons decide 4G, so its 4G cell does not count; its 3G cell still does.
  assert.equal(cov.bestGeneration[0], 3);
  assert.equal(cov.source[0], COVERAGE_SOURCE.cells);
  // Site 1: inside the 4G polygon, no cell needed.
  assert.equal(cov.bestGeneration[1], 4);
  assert.equal(cov.source[1], COVERAGE_SOURCE.polygons);
  // Site 2: neither.
  assert.equal(cov.bestGeneration[2], 0);
  // Distances to cells are reported whatever decides coverage.
  near(cov.cellDistanceM[2]![0]!, 100, 1e-6);
  // Without the polygons the 4G cell covers site 0.
  assert.equal(coverageAtSites(s, c, [], params).bestGeneration[0], 4);
});

test('coverage is known only within maxCellRangeM of the box around the cell sites', () => {
  // Cells on an "island" 0.5°–1° east; 35 km is 0.315° of equator.
  const c = cells({ lon: 0.5, g: 2 }, { lon: 1, g: 3 });
  const s = sites([0.3, 0], [0.1, 0], [0.75, 0.2], [1.3, 0], [1.4, 0], [0.75, 0.5]);
  const cov = coverageAtSites(s, c, [], params);
  assert.deepEqual([...cov.known], [1, 0, 1, 1, 0, 0]);
  assert.deepEqual(classes(cov), ['bad', 'unknown', 'bad', 'bad', 'unknown', 'unknown']);
});

test('across the antimeridian: cells at 179.95° cover and inform sites at -179.9x', () => {
  const c = cells({ lon: 179.95, g: 2 });
  // 0.07° (7.8 km): covered; 0.25° (27.8 km): within the 35 km extent but not covered; 0.55° (61 km): unknown.
  const s = sites([-179.98, 0], [-179.8, 0], [-179.5, 0]);
  const cov = coverageAtSites(s, c, [], params);
  assert.deepEqual([...cov.bestGeneration], [2, 0, 0]);
  assert.deepEqual(classes(cov), ['moderate', 'bad', 'unknown']);
  near(cov.cellDistanceM[0]![0]!, 0.07 * DEG_M, 1e-6);
});

test('coverage polygons alone make coverage known within their extent; multipolygons and holes count', () => {
  const geometry: AreaGeometry = {
    type: 'MultiPolygon',
    coordinates: [
      [square(-1, -1, 1, 1), square(-0.2, -0.2, 0.2, 0.2)], // a square with a hole in the middle
      [square(10, 10, 11, 11)],
    ],
  };
  // In the square, in its hole, in the second square, between the squares, beyond both.
  const s = sites([0.5, 0.5], [0, 0], [10.5, 10.5], [5, 5], [20, 20]);
  const cov = coverageAtSites(s, NO_CELLS, [{ generation: 3, geometry }], params);
  assert.deepEqual([...cov.bestGeneration], [3, 0, 3, 0, 0]);
  const { polygons, none } = COVERAGE_SOURCE;
  assert.deepEqual([...cov.source], [polygons, none, polygons, none, none]);
  assert.deepEqual(classes(cov), ['moderate', 'bad', 'moderate', 'bad', 'unknown']);
  assert.ok(cov.cellDistanceM.every((d) => d.every(Number.isNaN)));
});

test('no sites: empty columns, no error', () => {
  const c = coverageAtSites(sites(), cells({ lon: 0, g: 4 }), [polygon(5, square(0, 0, 1, 1))], params);
  assert.equal(c.bestGeneration.length, 0);
  assert.equal(c.cellDistanceM[2]!.length, 0);
});
