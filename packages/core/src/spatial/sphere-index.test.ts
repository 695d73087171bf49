import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EARTH_RADIUS_M, haversineM } from '../geo/distance.js';
import { SphereIndex, chordOfDistanceM, distanceMOfChord } from './sphere-index.js';
import { near, mulberry32 } from '../test-support.js';

/** One degree of great circle on the mean sphere: 2πR/360. */
const DEG_M = (2 * Math.PI * EARTH_RADIUS_M) / 360;

function index(points: [lon: number, lat: number][], nodeSize?: number): SphereIndex {
  return new SphereIndex(Float64Array.from(points, (p) => p[0]), Float64Array.from(points, (p) => p[1]), nodeSize);
}

/** Visits every point within radiusM; returns the indices, sorted. */
function withinList(idx: SphereIndex, lon: number, lat: number, radiusM: number): number[] {
  const found: number[] = [];
  idx.within(lon, lat, radiusM, (i) => void found.push(i));
  return found.sort((a, b) => a - b);
}

/**
 * A few thousand points spread evenly over the sphere, plus clusters where lon/lat indexes go
 * wrong: both sides of the antimeridian (lon ±179.9x) and around both poles.
 */
function testPoints(): { lon: Float64Array; lat: Float64Array } {
  const rand = mulberry32(42);
  const lon: number[] = [];
  const lat: number[] = [];
  for (let i = 0; i < 2000; i++) {
    lon.push(-180 + 360 * rand());
    lat.push((Math.asin(2 * rand() - 1) * 180) / Math.PI); // uniform on the sphere, not in latitude
  }
  for (let i = 0; i < 500; i++) {
    lon.push(rand() < 0.5 ? 179.9 + 0.1 * rand() : -180 + 0.1 * rand());
    lat.push(-0.5 + rand());
  }
  for (let i = 0; i < 500; i++) {
    lon.push(-180 + 360 * rand());
    lat.push(rand() < 0.5 ? 89.9 + 0.1 * rand() : -90 + 0.1 * rand());
  }
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat) };
}

/** Query points: anywhere, on the antimeridian clusters and at the poles themselves. */
function testQueries(): [lon: number, lat: number][] {
  const rand = mulberry32(7);
  const q: [number, number][] = [[180, 0], [-180, 0], [179.99, 0.2], [-179.99, -0.2], [0, 90], [123, 90], [0, -90], [-45, -89.95]];
  for (let i = 0; i < 100; i++) q.push([-180 + 360 * rand(), (Math.asin(2 * rand() - 1) * 180) / Math.PI]);
  for (let i = 0; i < 50; i++) q.push([rand() < 0.5 ? 179.8 + 0.2 * rand() : -180 + 0.2 * rand(), -0.6 + 1.2 * rand()]);
  for (let i = 0; i < 50; i++) q.push([-180 + 360 * rand(), rand() < 0.5 ? 89.8 + 0.2 * rand() : -90 + 0.2 * rand()]);
  return q;
}

function bruteNearest(lon: Float64Array, lat: Float64Array, qLon: number, qLat: number): { i: number; d: number } {
  let best = { i: -1, d: Infinity };
  for (let i = 0; i < lon.length; i++) {
    const d = haversineM(qLat, qLon, lat[i]!, lon[i]!);
    if (d < best.d) best = { i, d };
  }
  return best;
}

function bruteWithin(lon: Float64Array, lat: Float64Array, qLon: number, qLat: number, radiusM: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < lon.length; i++) if (haversineM(qLat, qLon, lat[i]!, lon[i]!) <= radiusM) found.push(i);
  return found;
}

test('chord and great-circle distance convert into each other', () => {
  assert.equal(chordOfDistanceM(0), 0);
  assert.equal(distanceMOfChord(0), 0);
  // A quarter of the way round: the chord of a right angle is √2.
  near(chordOfDistanceM(90 * DEG_M), Math.SQRT2, 1e-15);
  near(distanceMOfChord(Math.SQRT2), 90 * DEG_M, 1e-6);
  for (const d of [1, 1_000, 123_456, 5_000_000, 19_000_000]) near(distanceMOfChord(chordOfDistanceM(d)), d, 1e-6, `${d} m`);
});

test('a chord of 2 (the diameter) means "anywhere": half the circumference and beyond', () => {
  assert.equal(chordOfDistanceM(180 * DEG_M), 2);
  assert.equal(chordOfDistanceM(1e9), 2);
  assert.equal(chordOfDistanceM(Infinity), 2);
  near(distanceMOfChord(2), 180 * DEG_M, 1e-6);
  // Rounding can push a chord past 2; the distance stays at half the circumference.
  near(distanceMOfChord(2 + 1e-12), 180 * DEG_M, 1e-6);
});

test('lon and lat columns must have the same length', () => {
  assert.throws(() => new SphereIndex(new Float64Array(2), new Float64Array(3)), /differ in length/);
});

test('an empty index finds nothing', () => {
  const empty = new SphereIndex(new Float64Array(0), new Float64Array(0));
  assert.equal(empty.size, 0);
  assert.equal(empty.nearest(10, 20), -1);
  assert.equal(empty.distanceM, Infinity);
  let visits = 0;
  assert.equal(empty.within(10, 20, 1e9, () => void visits++), 0);
  assert.equal(visits, 0);
});

test('a single point is the nearest to everything, at its haversine distance', () => {
  const one = index([[2.35, 48.86]]); // Paris
  assert.equal(one.nearest(-0.13, 51.51), 0); // from London
  near(one.distanceM, haversineM(51.51, -0.13, 48.86, 2.35), 1e-6);
  near(one.distanceM, 343_500, 1_000);
  assert.equal(one.nearest(2.35, 48.86), 0);
  assert.equal(one.distanceM, 0);
  // Even from the antipode.
  assert.equal(one.nearest(2.35 - 180, -48.86), 0);
  near(one.distanceM, 180 * DEG_M, 1e-3);
  assert.deepEqual(withinList(one, -0.13, 51.51, 400_000), [0]);
  assert.deepEqual(withinList(one, -0.13, 51.51, 300_000), []);
});

test('nearest with a maximum distance: -1 beyond it, and a point exactly at it counts', () => {
  const one = index([[0.01, 0]]);
  const d = haversineM(0, 0, 0, 0.01); // 0.01° of equator, 1,111.95 m
  near(d, 0.01 * DEG_M, 1e-9);
  assert.equal(one.nearest(0, 0, d), 0);
  near(one.distanceM, d, 1e-6);
  assert.equal(one.nearest(0, 0, d + 1), 0);
  assert.equal(one.nearest(0, 0, d - 1e-3), -1);
  assert.equal(one.distanceM, Infinity, 'distanceM is reset when nothing is found');
  assert.equal(one.nearest(0, 0, 0), -1);
});

test('nearest with a maximum distance of 0 finds a point at the query itself', () => {
  const one = index([[30, -20]]);
  assert.equal(one.nearest(30, -20, 0), 0);
  assert.equal(one.distanceM, 0);
  assert.equal(one.nearest(30, -20.001, 0), -1);
});

test('nearest with a negative or NaN maximum distance finds nothing, as within does', () => {
  const one = index([[30, -20]]);
  assert.equal(one.nearest(30, -20.001, -1_000), -1);
  assert.equal(one.distanceM, Infinity);
  assert.equal(one.nearest(30, -20, NaN), -1);
  assert.equal(one.within(30, -20, -1_000, () => {}), 0);
  assert.equal(one.within(30, -20, NaN, () => {}), 0);
});

test('within: a point exactly at the radius counts', () => {
  const one = index([[0, 0.02]]);
  const d = haversineM(0, 0, 0.02, 0);
  assert.deepEqual(withinList(one, 0, 0, d), [0]);
  assert.deepEqual(withinList(one, 0, 0, d - 1e-3), []);
  let reported = NaN;
  one.within(0, 0, d, (_, dist) => void (reported = dist));
  near(reported, d, 1e-6);
});

test('across the antimeridian: 179.99° and -179.99° are 0.02° apart', () => {
  const idx = index([[179.99, 0], [170, 0], [-170, 0]]);
  assert.equal(idx.nearest(-179.99, 0), 0);
  near(idx.distanceM, 0.02 * DEG_M, 1e-6);
  assert.deepEqual(withinList(idx, -179.99, 0, 3_000), [0]);
  assert.deepEqual(withinList(idx, 180, 0, 10.5 * DEG_M), [0, 1, 2]);
});

test('over the poles: points on opposite meridians near a pole are close', () => {
  const idx = index([[0, 89.99], [180, 89.99], [90, 0], [0, -89.99], [180, -89.99]]);
  const i = idx.nearest(0, 90); // two points tie at 0.01° from the pole: either will do
  assert.ok(i === 0 || i === 1, `got ${i}`);
  near(idx.distanceM, 0.01 * DEG_M, 1e-6);
  // From (180, 89.995) the point at (0, 89.99) is 0.015° away, over the pole.
  assert.deepEqual(withinList(idx, 180, 89.995, 0.016 * DEG_M), [0, 1]);
  assert.deepEqual(withinList(idx, 180, 89.995, 0.014 * DEG_M), [1]);
  assert.deepEqual(withinList(idx, 77, -90, 0.011 * DEG_M), [3, 4]);
});

test('duplicate points: nearest returns one of them, within returns all', () => {
  // More copies than a leaf holds, so the tree has to split a run of equal coordinates.
  const points: [number, number][] = Array.from({ length: 100 }, () => [10, 10]);
  points.push([10.5, 10]);
  const idx = index(points);
  const i = idx.nearest(10.001, 10);
  assert.ok(i >= 0 && i < 100, `got ${i}`);
  near(idx.distanceM, haversineM(10, 10.001, 10, 10), 1e-6);
  assert.deepEqual(withinList(idx, 10, 10, 0), Array.from({ length: 100 }, (_, k) => k));
  assert.equal(idx.nearest(10.4, 10), 100);
  assert.equal(withinList(idx, 10, 10, 0.6 * DEG_M).length, 101);
});

test('within stops as soon as visit returns true', () => {
  const idx = index(Array.from({ length: 50 }, (_, k) => [k * 0.001, 0] as [number, number]));
  let visits = 0;
  assert.equal(idx.within(0.01, 0, 1e6, () => (visits++, true)), 1);
  assert.equal(visits, 1);
  // "Is point 30 within 10 km?": the search stops at it, having visited fewer than all 50.
  const seen: number[] = [];
  const count = idx.within(0, 0, 10_000, (k) => (seen.push(k), k === 30));
  assert.equal(seen.at(-1), 30);
  assert.equal(count, seen.length);
  assert.ok(count < 50);
  // Without an early stop every point is visited and counted.
  assert.equal(idx.within(0, 0, 10_000, () => false), 50);
});

test('nearest equals brute force (haversine) for 3,000 points, antimeridian and poles included', () => {
  const { lon, lat } = testPoints();
  for (const nodeSize of [1, 16, 64]) {
    const idx = new SphereIndex(lon, lat, nodeSize);
    for (const [qLon, qLat] of testQueries()) {
      const brute = bruteNearest(lon, lat, qLon, qLat);
      const i = idx.nearest(qLon, qLat);
      assert.equal(i, brute.i, `nodeSize ${nodeSize}, query (${qLon}, ${qLat})`);
      near(idx.distanceM, brute.d, 1e-6, `nodeSize ${nodeSize}, query (${qLon}, ${qLat})`);
    }
  }
});

test('nearest within a maximum distance equals brute force', () => {
  const { lon, lat } = testPoints();
  const idx = new SphereIndex(lon, lat);
  let found = 0;
  let missed = 0;
  for (const [qLon, qLat] of testQueries()) {
    for (const maxM of [500, 5_000, 50_000, 500_000]) {
      const brute = bruteNearest(lon, lat, qLon, qLat);
      const expected = brute.d <= maxM ? brute.i : -1;
      assert.equal(idx.nearest(qLon, qLat, maxM), expected, `query (${qLon}, ${qLat}) within ${maxM} m`);
      if (expected >= 0) found++;
      else missed++;
    }
  }
  // Both outcomes are exercised.
  assert.ok(found > 100 && missed > 100, `${found} found, ${missed} missed`);
});

test('within returns exactly the brute-force set, with haversine distances', () => {
  const { lon, lat } = testPoints();
  const idx = new SphereIndex(lon, lat);
  let total = 0;
  for (const [qLon, qLat] of testQueries()) {
    for (const radiusM of [0, 2_000, 20_000, 300_000, 3_000_000, 30_000_000]) {
      const got: number[] = [];
      const count = idx.within(qLon, qLat, radiusM, (i, d) => {
        got.push(i);
        const expected = haversineM(qLat, qLon, lat[i]!, lon[i]!);
        // Both formulas lose digits towards the antipode (asin near 1): allow 1e-9 of the distance there.
        near(d, expected, 1e-6 + 1e-9 * expected, `distance to ${i}`);
      });
      assert.equal(count, got.length);
      assert.deepEqual(got.sort((a, b) => a - b), bruteWithin(lon, lat, qLon, qLat, radiusM), `query (${qLon}, ${qLat}) within ${radiusM} m`);
      total += count;
    }
  }
  assert.ok(total > 200 * lon.length, `only ${total} points found in all`); // the whole-globe radius finds every point
});

test('nearestK: the k nearest within the limit, nearest first, as brute force finds them', () => {
  const { lon, lat } = testPoints();
  const idx = new SphereIndex(lon, lat, 4);
  const rand = mulberry32(7);
  for (let q = 0; q < 200; q++) {
    const qlon = -180 + 360 * rand();
    const qlat = -90 + 180 * rand();
    const limit = q % 2 ? Infinity : 500_000;
    const brute = Array.from(lon, (_, i) => ({ i, d: haversineM(qlat, qlon, lat[i]!, lon[i]!) }))
      .filter((x) => x.d <= limit).sort((a, b) => a.d - b.d).slice(0, 5);
    const got = idx.nearestK(qlon, qlat, 5, limit);
    assert.equal(got.indices.length, brute.length);
    got.distancesM.forEach((d, k) => near(d, brute[k]!.d, 1e-6 * brute[k]!.d + 1e-6, `rank ${k}`));
  }
  assert.deepEqual(idx.nearestK(0, 0, 0).indices, []);
  assert.deepEqual(index([]).nearestK(0, 0, 3).indices, []);
});
