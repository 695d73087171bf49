import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EARTH_RADIUS_M, haversineM, pointSegmentDistanceM, wrapLonDelta } from './distance.js';
import { near } from '../test-support.js';

/** One degree of great circle on the mean sphere: 2πR/360. */
const DEG_M = (2 * Math.PI * EARTH_RADIUS_M) / 360; // 111,195.08 m

test('haversine: one degree of latitude is 111,195 m anywhere', () => {
  near(DEG_M, 111_195.08, 0.01);
  near(haversineM(0, 0, 1, 0), DEG_M, 1e-6);
  near(haversineM(45, 10, 46, 10), DEG_M, 1e-6);
  near(haversineM(-60, -70, -61, -70), DEG_M, 1e-6);
});

test('haversine: along the equator a degree of longitude equals a degree of latitude', () => {
  near(haversineM(0, 10, 0, 11), DEG_M, 1e-6);
});

test('haversine: across the antimeridian', () => {
  // 0.2° of equator: 22.239 km, not 359.8°.
  near(haversineM(0, 179.9, 0, -179.9), 0.2 * DEG_M, 1e-6);
  near(haversineM(0, 179.9, 0, -179.9), 22_239, 1);
  near(haversineM(0, -180, 0, 180), 0, 1e-6);
});

test('haversine: poles and antipodes', () => {
  near(haversineM(90, 0, 90, 123), 0, 1e-6); // the pole is one point whatever the longitude
  near(haversineM(90, 0, -90, 0), 180 * DEG_M, 1e-3);
  near(haversineM(0, 0, 0, 180), 180 * DEG_M, 1e-3);
  near(haversineM(89, 0, 89, 180), 2 * DEG_M, 1e-6); // over the pole
  assert.equal(haversineM(12.3, 45.6, 12.3, 45.6), 0);
});

test('wrapLonDelta folds into [-180, 180]', () => {
  assert.equal(wrapLonDelta(0), 0);
  near(wrapLonDelta(359.8), -0.2, 1e-9);
  near(wrapLonDelta(-359.8), 0.2, 1e-9);
  near(Math.abs(wrapLonDelta(540)), 180, 1e-9); // either end of the range is the same meridian
  assert.equal(wrapLonDelta(180), 180);
  assert.equal(wrapLonDelta(-180), -180);
});

test('point to segment: perpendicular foot, along a meridian and along the equator', () => {
  // Segment on the equator, point 0.1° north of its middle: 0.1° of meridian.
  near(pointSegmentDistanceM(0.1, 0.5, 0, 0, 0, 1), 0.1 * DEG_M, 1e-6);
  // Segment on a meridian, point beside it on the equator.
  near(pointSegmentDistanceM(0, 0.3, -1, 0, 1, 0), 0.3 * DEG_M, 1e-6);
});

test('point to segment: past an end the nearest point is that end', () => {
  near(pointSegmentDistanceM(0, 2, 0, 0, 0, 1), DEG_M, 1e-6);
  near(pointSegmentDistanceM(3, 0, 0, 0, 1, 0), 2 * DEG_M, 1e-6);
  // Zero-length segment: distance to the point.
  near(pointSegmentDistanceM(1, 1, 0, 0, 0, 0), haversineM(1, 1, 0, 0), 1e-6);
});

test('point to segment: across the antimeridian', () => {
  // Segment on the 180° meridian, point 0.1° of equator away on the other side.
  near(pointSegmentDistanceM(0, -179.9, -1, 180, 1, 180), 0.1 * DEG_M, 1e-6);
  near(pointSegmentDistanceM(0, 179.9, -1, -180, 1, -180), 0.1 * DEG_M, 1e-6);
  // A segment drawn from 179.95 to -179.95 is the short 0.1° piece, not the long way round.
  near(pointSegmentDistanceM(0.05, 180, 0, 179.95, 0, -179.95), 0.05 * DEG_M, 1e-6);
});

test('point to segment: at a pole', () => {
  near(pointSegmentDistanceM(90, 0, 89, 10, 89, 20), DEG_M, 1e-6);
  near(pointSegmentDistanceM(-90, 0, -89, -170, -89, 170), DEG_M, 1e-6);
});

test('point to segment: within 0.5% of brute force for random segments up to ~100 km', () => {
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  let worst = 0;
  for (let trial = 0; trial < 400; trial++) {
    const lat = -80 + 160 * rand();
    const lon = -180 + 360 * rand();
    // Endpoints up to ~0.6° away in each direction: segments up to ~100 km long and up to
    // ~100 km from the point, at latitudes up to 80°.
    const k = 1 / Math.max(0.17, Math.cos((lat * Math.PI) / 180));
    const aLat = lat + 1.2 * (rand() - 0.5), aLon = lon + 1.2 * k * (rand() - 0.5);
    const bLat = aLat + 0.8 * (rand() - 0.5), bLon = aLon + 0.8 * k * (rand() - 0.5);
    const got = pointSegmentDistanceM(lat, lon, aLat, aLon, bLat, bLon);
    let brute = Infinity;
    const steps = 20_000;
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      brute = Math.min(brute, haversineM(lat, lon, aLat + t * (bLat - aLat), aLon + t * (bLon - aLon)));
    }
    const err = Math.abs(got - brute) / Math.max(brute, 1000);
    worst = Math.max(worst, err);
  }
  assert.ok(worst < 0.005, `worst relative error ${worst}`);
});
