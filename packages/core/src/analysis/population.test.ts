import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PopulationRaster } from '../domain.js';
import { EARTH_RADIUS_M, haversineM } from '../geo/distance.js';
import { POPULATION_SOURCE, RasterSweep, populationAroundSites, type PointColumns, type PopulationPoints } from './population.js';
import { near, mulberry32 } from '../test-support.js';

const R = EARTH_RADIUS_M;
const RAD = Math.PI / 180;
/** 30″, WorldPop's "1 km" grid: 927 m north–south, 655 m east–west at 45°. */
const ARCSEC_30 = 1 / 120;
const RADII = [1_000, 2_000, 3_000, 5_000, 10_000];

function relativelyNear(actual: number, expected: number, fraction: number, what = ''): void {
  near(actual, expected, fraction * Math.abs(expected), what);
}

/** A 30″ raster of `widthDeg` × `heightDeg` with its north-west corner at (west, north); every pixel holds `value`. */
function raster(west: number, north: number, widthDeg: number, heightDeg: number, value: (col: number, row: number) => number = () => 1, d = ARCSEC_30): PopulationRaster {
  const width = Math.round(widthDeg / d);
  const height = Math.round(heightDeg / d);
  const values = new Float32Array(width * height);
  for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) values[row * width + col] = value(col, row);
  return { west, north, dx: d, dy: d, width, height, values };
}

/** Whole people, a few empty pixels and a few with no data: sums are exact in floating point. */
function randomPeople(seed: number): (col: number, row: number) => number {
  const rand = mulberry32(seed);
  return () => {
    const u = rand();
    return u < 0.05 ? NaN : u < 0.1 ? 0 : Math.floor(20 * rand());
  };
}

function sites(...points: [lon: number, lat: number][]): PointColumns {
  return { lon: Float64Array.from(points, (p) => p[0]), lat: Float64Array.from(points, (p) => p[1]) };
}

/** Area of a spherical cap of great-circle radius r: 2πR²(1 − cos(r/R)). */
function capAreaM2(radiusM: number): number {
  return 2 * Math.PI * R * R * (1 - Math.cos(radiusM / R));
}

/** Area of the pixels in the row holding `lat`: R²·dλ·(sin φn − sin φs). */
function pixelAreaM2(g: PopulationRaster, lat: number): number {
  const row = Math.floor((g.north - lat) / g.dy);
  const n = g.north - row * g.dy;
  const s = n - g.dy;
  return R * R * g.dx * RAD * (Math.sin(n * RAD) - Math.sin(s * RAD));
}

/** Every pixel centre with its people, skipping no-data and empty pixels. */
function* pixels(g: PopulationRaster): Generator<{ lon: number; lat: number; people: number }> {
  for (let row = 0; row < g.height; row++) {
    for (let col = 0; col < g.width; col++) {
      const people = g.values[row * g.width + col]!;
      if (people > 0) yield { lon: g.west + (col + 0.5) * g.dx, lat: g.north - (row + 0.5) * g.dy, people };
    }
  }
}

/** People in the pixels whose centre is within radiusM of (lon, lat), by haversine. */
function bruteCentroidSum(g: PopulationRaster, lon: number, lat: number, radiusM: number): number {
  let sum = 0;
  for (const p of pixels(g)) if (haversineM(lat, lon, p.lat, p.lon) <= radiusM) sum += p.people;
  return sum;
}

/** Each populated place goes to its nearest site (the first listed on a tie) when within reachM. */
function bruteCatchment(places: Iterable<{ lon: number; lat: number; people: number }>, s: PointColumns, radii: number[], reachM: number): number[][] {
  const out = radii.map(() => new Array<number>(s.lon.length).fill(0));
  for (const p of places) {
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < s.lon.length; i++) {
      const d = haversineM(p.lat, p.lon, s.lat[i]!, s.lon[i]!);
      if (d < bestD) [best, bestD] = [i, d];
    }
    if (bestD > reachM) continue;
    radii.forEach((r, k) => {
      if (r <= reachM && bestD <= r) out[k]![best]! += p.people;
    });
  }
  return out;
}

function params(populationMethod: 'area' | 'centroid', catchmentMaxRadiusM = 10_000, populationRadiiM = RADII) {
  return { populationRadiiM, populationMethod, catchmentMaxRadiusM };
}

/** Worst relative error of the area-weighted ring against cap area / pixel area, over sites scattered across a uniform raster. */
function worstUniformError(centreLat: number, radiusM: number): number {
  const g = raster(10, centreLat + 0.5, 1, 1);
  const sweep = new RasterSweep(g);
  const rand = mulberry32(radiusM + centreLat);
  let worst = 0;
  for (let k = 0; k < 40; k++) {
    // Anywhere within a pixel or two of the centre, so the circle meets the grid at every offset.
    const lon = 10.49 + 0.02 * rand();
    const lat = centreLat - 0.01 + 0.02 * rand();
    const expected = capAreaM2(radiusM) / pixelAreaM2(g, lat);
    worst = Math.max(worst, Math.abs(sweep.circleSum(lon, lat, radiusM, 'area') / expected - 1));
  }
  return worst;
}

test('area-weighted ring on a uniform raster at 45°: cap area / pixel area, 1% at 1 km, 0.2% at 10 km', () => {
  // 1 person per pixel, so the sum is the number of pixels the circle covers.
  assert.ok(worstUniformError(45, 1_000) < 0.01, `1 km: ${worstUniformError(45, 1_000)}`);
  assert.ok(worstUniformError(45, 2_000) < 0.01);
  assert.ok(worstUniformError(45, 5_000) < 0.004);
  assert.ok(worstUniformError(45, 10_000) < 0.002, `10 km: ${worstUniformError(45, 10_000)}`);
});

test('area-weighted ring on a uniform raster at the equator: cap area / pixel area, 1% at 1 km, 0.2% at 10 km', () => {
  assert.ok(worstUniformError(0, 1_000) < 0.01, `1 km: ${worstUniformError(0, 1_000)}`);
  assert.ok(worstUniformError(0, 10_000) < 0.002, `10 km: ${worstUniformError(0, 10_000)}`);
});

test('a 10 km ring at 45° on a uniform 30″ raster holds about 518 pixels', () => {
  // π·10² km² / (0.927 km × 0.655 km) ≈ 517.6: a worked example of the identity above.
  const g = raster(10, 45.5, 1, 1);
  const { rings } = populationAroundSites(sites([10.5, 45]), { rasters: [g] }, params('area'));
  near(rings[4]![0]!, 517.6, 1);
  relativelyNear(rings[4]![0]!, capAreaM2(10_000) / pixelAreaM2(g, 45), 0.002);
});

test('centroid ring equals a brute-force count of pixel centres within the radius, exactly', () => {
  const g = raster(10, 45.3, 0.6, 0.6, randomPeople(1));
  const rand = mulberry32(2);
  const s = sites(...Array.from({ length: 10 }, () => [10.25 + 0.1 * rand(), 45 - 0.05 + 0.1 * rand()] as [number, number]));
  const { rings, source } = populationAroundSites(s, { rasters: [g] }, params('centroid'));
  for (let i = 0; i < 10; i++) {
    assert.equal(source[i], POPULATION_SOURCE.raster);
    RADII.forEach((r, k) => assert.equal(rings[k]![i], bruteCentroidSum(g, s.lon[i]!, s.lat[i]!, r), `site ${i}, ${r} m`));
  }
});

test('centroid and area rings agree to within a few percent on a 10 km ring', () => {
  const g = raster(10, 45.3, 0.6, 0.6, randomPeople(3));
  const s = sites([10.3, 45]);
  const area = populationAroundSites(s, { rasters: [g] }, params('area')).rings[4]![0]!;
  const centroid = populationAroundSites(s, { rasters: [g] }, params('centroid')).rings[4]![0]!;
  relativelyNear(area, centroid, 0.03);
});

test('a site on the west edge of a raster gets the half of the circle inside it', () => {
  const g = raster(10, 45.5, 1, 1);
  const s = sites([10, 45]);
  const half = capAreaM2(10_000) / pixelAreaM2(g, 45) / 2;
  relativelyNear(populationAroundSites(s, { rasters: [g] }, params('area')).rings[4]![0]!, half, 0.003);
  const centroid = populationAroundSites(s, { rasters: [g] }, params('centroid')).rings;
  RADII.forEach((r, k) => assert.equal(centroid[k]![0], bruteCentroidSum(g, 10, 45, r), `${r} m`));
});

test('a site on the north-west corner of a raster gets the quarter of the circle inside it', () => {
  const g = raster(10, 45.5, 1, 1);
  const s = sites([10, 45.5]);
  const quarter = capAreaM2(10_000) / pixelAreaM2(g, 45.5 - 1e-9) / 4;
  relativelyNear(populationAroundSites(s, { rasters: [g] }, params('area')).rings[4]![0]!, quarter, 0.005);
  const centroid = populationAroundSites(s, { rasters: [g] }, params('centroid')).rings;
  RADII.forEach((r, k) => assert.equal(centroid[k]![0], bruteCentroidSum(g, 10, 45.5, r), `${r} m`));
});

test('no-data (NaN) pixels count as nobody', () => {
  // East of 10.5° the raster has no data: a site on that line sees half a circle of people.
  const g = raster(10, 45.5, 1, 1, (col) => (col < 60 ? 1 : NaN));
  const s = sites([10.5, 45]);
  const { rings } = populationAroundSites(s, { rasters: [g] }, params('area'));
  relativelyNear(rings[4]![0]!, capAreaM2(10_000) / pixelAreaM2(g, 45) / 2, 0.003);
  // A raster of nothing but no-data: zero people, not an unknown number.
  const empty = raster(10, 45.5, 1, 1, () => NaN);
  const none = populationAroundSites(s, { rasters: [empty] }, params('area'));
  assert.equal(none.rings[4]![0], 0);
  assert.equal(none.catchment[4]![0], 0);
  assert.equal(none.source[0], POPULATION_SOURCE.raster);
});

test('a raster across the antimeridian (179° to 181°) serves sites on both sides of it', () => {
  const g = raster(179, 1, 2, 2, randomPeople(4));
  const uniform = raster(179, 1, 2, 2);
  // -179.5° is 180.5° east: inside the raster. The other two sites have rings across the seam.
  const s = sites([-179.5, 0.3], [179.99, 0], [-179.99, -0.2]);
  const centroid = populationAroundSites(s, { rasters: [g] }, params('centroid'));
  for (let i = 0; i < 3; i++) {
    assert.equal(centroid.source[i], POPULATION_SOURCE.raster, `site ${i}`);
    RADII.forEach((r, k) => assert.equal(centroid.rings[k]![i], bruteCentroidSum(g, s.lon[i]!, s.lat[i]!, r), `site ${i}, ${r} m`));
  }
  const expected = bruteCatchment(pixels(g), s, RADII, 10_000);
  RADII.forEach((r, k) => assert.deepEqual([...centroid.catchment[k]!], expected[k], `catchment, ${r} m`));
  const area = populationAroundSites(s, { rasters: [uniform] }, params('area'));
  for (let i = 0; i < 3; i++) relativelyNear(area.rings[4]![i]!, capAreaM2(10_000) / pixelAreaM2(uniform, s.lat[i]!), 0.002, `site ${i}`);
});

test('where rasters overlap each site uses the finest one that contains it', () => {
  const coarse = raster(10, 46, 2, 2, () => 1000, 1 / 12); // 5′ pixels of 1,000 people
  const fine = raster(10, 45.5, 0.5, 0.5, () => 2); // 30″ pixels of 2 people, inside the coarse one
  const s = sites([10.25, 45.25], [11.5, 44.5], [20, 0]);
  // Listed coarse first: the order of the list does not matter.
  const both = populationAroundSites(s, { rasters: [coarse, fine] }, params('area'));
  const fineOnly = populationAroundSites(sites([10.25, 45.25]), { rasters: [fine] }, params('area'));
  const coarseOnly = populationAroundSites(sites([11.5, 44.5]), { rasters: [coarse] }, params('area'));
  RADII.forEach((r, k) => {
    assert.equal(both.rings[k]![0], fineOnly.rings[k]![0], `fine, ${r} m`);
    assert.equal(both.rings[k]![1], coarseOnly.rings[k]![0], `coarse, ${r} m`);
    assert.equal(both.catchment[k]![0], fineOnly.catchment[k]![0]);
    assert.equal(both.catchment[k]![1], coarseOnly.catchment[k]![0]);
  });
  // A 1 km ring of the fine raster holds ~2 people per 0.6 km²; the coarse raster would say ~200.
  relativelyNear(both.rings[0]![0]!, (2 * capAreaM2(1_000)) / pixelAreaM2(fine, 45.25), 0.01);
  // The third site is on neither raster, and there are no points.
  assert.deepEqual([...both.source], [POPULATION_SOURCE.raster, POPULATION_SOURCE.raster, POPULATION_SOURCE.none]);
  for (let k = 0; k < RADII.length; k++) {
    assert.ok(Number.isNaN(both.rings[k]![2]!));
    assert.ok(Number.isNaN(both.catchment[k]![2]!));
  }
});

test('exclusive catchment: each pixel goes to the nearer of two sites, as brute force assigns it', () => {
  const g = raster(10, 45.3, 0.6, 0.6, randomPeople(5));
  // 3 km apart east–west: rings of 2 km and more overlap.
  const s = sites([10.28, 45], [10.28 + 3_000 / (111_195 * Math.cos(45 * RAD)), 45.001]);
  const p = params('area', 10_000);
  const { rings, catchment } = populationAroundSites(s, { rasters: [g] }, p);
  const expected = bruteCatchment(pixels(g), s, RADII, 10_000);
  const centroid = populationAroundSites(s, { rasters: [g] }, params('centroid')).rings;
  let total = 0;
  for (const px of pixels(g)) total += px.people;
  RADII.forEach((r, k) => {
    assert.deepEqual([...catchment[k]!], expected[k], `${r} m`);
    // People within r of either site, counted once: the catchments add up to the union of the rings.
    let union = 0;
    for (const px of pixels(g)) if (s.lon.some((_, i) => haversineM(px.lat, px.lon, s.lat[i]!, s.lon[i]!) <= r)) union += px.people;
    const sum = catchment[k]![0]! + catchment[k]![1]!;
    assert.equal(sum, union, `${r} m`);
    assert.ok(sum <= total);
    for (let i = 0; i < 2; i++) assert.ok(catchment[k]![i]! <= centroid[k]![i]!, `site ${i}, ${r} m`);
    // From 2 km the rings overlap and their sum counts the people in between twice.
    if (r >= 2_000) assert.ok(centroid[k]![0]! + centroid[k]![1]! > sum, `${r} m`);
    else assert.equal(centroid[k]![0]! + centroid[k]![1]!, sum, `${r} m`);
  });
  assert.ok(rings[4]![0]! + rings[4]![1]! > catchment[4]![0]! + catchment[4]![1]!);
});

test('exclusive catchment among many sites equals brute force at every radius', () => {
  const g = raster(10, 45.3, 0.6, 0.6, randomPeople(6));
  const rand = mulberry32(7);
  const s = sites(...Array.from({ length: 12 }, () => [10.2 + 0.2 * rand(), 44.9 + 0.2 * rand()] as [number, number]));
  const { catchment } = populationAroundSites(s, { rasters: [g] }, params('area', 10_000));
  const expected = bruteCatchment(pixels(g), s, RADII, 10_000);
  RADII.forEach((r, k) => assert.deepEqual([...catchment[k]!], expected[k], `${r} m`));
});

test('catchments stop at catchmentMaxRadiusM: NaN for larger rings, and nobody beyond it is assigned', () => {
  const g = raster(10, 45.3, 0.6, 0.6, randomPeople(8));
  const s = sites([10.2, 45], [10.4, 45.05]);
  const { rings, catchment } = populationAroundSites(s, { rasters: [g] }, params('area', 3_000));
  const expected = bruteCatchment(pixels(g), s, RADII, 3_000);
  for (let k = 0; k < 3; k++) assert.deepEqual([...catchment[k]!], expected[k]);
  for (const k of [3, 4]) {
    assert.ok(catchment[k]!.every(Number.isNaN), `${RADII[k]} m`);
    assert.ok(rings[k]!.every((v) => v > 0), 'the rings themselves are still counted');
  }
});

test('a site alone: its catchment is its centroid ring', () => {
  const g = raster(10, 45.3, 0.6, 0.6, randomPeople(9));
  const { rings, catchment } = populationAroundSites(sites([10.3, 45]), { rasters: [g] }, params('centroid'));
  RADII.forEach((r, k) => assert.equal(catchment[k]![0], rings[k]![0], `${r} m`));
});

test('two sites at the same place: the first listed takes the people', () => {
  const g = raster(10, 45.3, 0.6, 0.6, randomPeople(10));
  const { rings, catchment } = populationAroundSites(sites([10.3, 45], [10.3, 45]), { rasters: [g] }, params('centroid'));
  RADII.forEach((r, k) => {
    assert.equal(rings[k]![0], rings[k]![1]);
    assert.equal(catchment[k]![0], rings[k]![0], `${r} m`);
    assert.equal(catchment[k]![1], 0, `${r} m`);
  });
});

/** Settlements with whole numbers of people scattered around (10.3, 45). */
function randomPoints(seed: number, count: number): PopulationPoints {
  const rand = mulberry32(seed);
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const population = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    lon[j] = 10.1 + 0.4 * rand();
    lat[j] = 44.85 + 0.3 * rand();
    population[j] = Math.floor(1000 * rand());
  }
  return { lon, lat, population };
}

function placesOf(points: PopulationPoints): { lon: number; lat: number; people: number }[] {
  return Array.from(points.lon, (lon, j) => ({ lon, lat: points.lat[j]!, people: points.population[j]! }));
}

test('points mode: rings and catchments equal brute force', () => {
  const points = randomPoints(11, 2_000);
  const rand = mulberry32(12);
  const s = sites(...Array.from({ length: 6 }, () => [10.25 + 0.1 * rand(), 44.95 + 0.1 * rand()] as [number, number]));
  const { rings, catchment, source } = populationAroundSites(s, { rasters: [], points }, params('area', 5_000));
  assert.ok(source.every((v) => v === POPULATION_SOURCE.points));
  const expected = bruteCatchment(placesOf(points), s, RADII, 5_000);
  RADII.forEach((r, k) => {
    for (let i = 0; i < 6; i++) {
      let ring = 0;
      for (let j = 0; j < points.lon.length; j++) if (haversineM(s.lat[i]!, s.lon[i]!, points.lat[j]!, points.lon[j]!) <= r) ring += points.population[j]!;
      assert.equal(rings[k]![i], ring, `site ${i}, ${r} m`);
    }
    if (r <= 5_000) assert.deepEqual([...catchment[k]!], expected[k], `${r} m`);
    else assert.ok(catchment[k]!.every(Number.isNaN), `${r} m`);
  });
});

test('points mode: a point exactly at the radius counts, a point with no count (NaN) is nobody', () => {
  const d = 1_000 / (2 * Math.PI * R / 360); // 1 km of equator, in degrees
  const points: PopulationPoints = {
    lon: Float64Array.from([d, 0.0001, 0.0002]),
    lat: Float64Array.from([0, 0, 0]),
    population: Float64Array.from([5, NaN, 7]),
  };
  const { rings, catchment } = populationAroundSites(sites([0, 0]), { rasters: [], points }, params('area'));
  assert.equal(rings[0]![0], 12);
  assert.equal(catchment[0]![0], 12);
});

test('points serve only the sites no raster contains', () => {
  const g = raster(10, 45.5, 1, 1, () => 1);
  const points: PopulationPoints = { lon: Float64Array.from([10.5, 30]), lat: Float64Array.from([45, 0]), population: Float64Array.from([1e6, 40]) };
  const { rings, source } = populationAroundSites(sites([10.5, 45], [30, 0]), { rasters: [g], points }, params('area'));
  assert.deepEqual([...source], [POPULATION_SOURCE.raster, POPULATION_SOURCE.points]);
  assert.ok(rings[0]![0]! < 10, 'the million people at the point are ignored for the raster site');
  assert.equal(rings[0]![1], 40);
});

test('without rasters or points every ring is NaN', () => {
  const { rings, catchment, source } = populationAroundSites(sites([0, 0], [1, 1]), { rasters: [] }, params('area'));
  assert.equal(rings.length, RADII.length);
  for (let k = 0; k < RADII.length; k++) {
    assert.ok(rings[k]!.every(Number.isNaN));
    assert.ok(catchment[k]!.every(Number.isNaN));
  }
  assert.deepEqual([...source], [POPULATION_SOURCE.none, POPULATION_SOURCE.none]);
  // No sites at all: empty columns, no error.
  const none = populationAroundSites(sites(), { rasters: [raster(0, 1, 1, 1)], points: randomPoints(1, 10) }, params('area'));
  assert.equal(none.rings[0]!.length, 0);
});
