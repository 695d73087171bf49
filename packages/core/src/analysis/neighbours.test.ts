import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EARTH_RADIUS_M, haversineM } from '../geo/distance.js';
import { neighboursOfSites } from './neighbours.js';
import type { PointColumns } from './population.js';

/** Degrees of equator (or meridian) in `km`. */
const km = (k: number): number => (k * 1000 * 360) / (2 * Math.PI * EARTH_RADIUS_M);

function sites(...points: [lon: number, lat: number][]): PointColumns {
  return { lon: Float64Array.from(points, (p) => p[0]), lat: Float64Array.from(points, (p) => p[1]) };
}

const RINGS = [1_000, 2_000, 3_000];

test('schools and other sites within 1, 2 and 3 km, the site itself excluded', () => {
  const s = sites(
    [0, 0],         // 0: a post office
    [km(0.4), 0],   // 1: school
    [km(1.4), 0],   // 2: school
    [km(2.4), 0],   // 3: school
    [km(3.4), 0],   // 4: school, beyond 3 km of site 0
    [-km(1.5), 0],  // 5: library
    [0, km(1)],     // 6: post office exactly 1 km north: on the ring counts
  );
  const isSchool = Uint8Array.from([0, 1, 1, 1, 1, 0, 0]);
  const n = neighboursOfSites(s, isSchool, RINGS);
  assert.deepEqual(n.schools.map((c) => c[0]), [1, 2, 3]);
  assert.deepEqual(n.otherSites.map((c) => c[0]), [1, 2, 2]);
  // From school 1: schools 2 (1 km) and 3 (2 km); others 0 (0.4 km), 6 (1.08 km) and 5 (1.9 km).
  assert.deepEqual(n.schools.map((c) => c[1]), [1, 2, 3]);
  assert.deepEqual(n.otherSites.map((c) => c[1]), [1, 3, 3]);
});

test('a site alone has no neighbours; two sites at one spot count each other', () => {
  const alone = neighboursOfSites(sites([10, 10]), Uint8Array.of(1), RINGS);
  assert.deepEqual(alone.schools.map((c) => c[0]), [0, 0, 0]);
  assert.deepEqual(alone.otherSites.map((c) => c[0]), [0, 0, 0]);
  const twins = neighboursOfSites(sites([10, 10], [10, 10]), Uint8Array.of(1, 0), RINGS);
  assert.deepEqual(twins.otherSites.map((c) => c[0]), [1, 1, 1]);
  assert.deepEqual(twins.schools.map((c) => c[1]), [1, 1, 1]);
  assert.deepEqual(twins.schools.map((c) => c[0]), [0, 0, 0]);
});

test('no sites or no rings: empty counts, no error', () => {
  assert.deepEqual(neighboursOfSites(sites(), new Uint8Array(0), RINGS).schools.map((c) => c.length), [0, 0, 0]);
  assert.deepEqual(neighboursOfSites(sites([0, 0], [0, 0]), Uint8Array.of(1, 1), []).schools, []);
});

test('counts equal brute force (haversine) for 400 scattered sites', () => {
  let seed = 99;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const points: [number, number][] = Array.from({ length: 400 }, () => [30 + 0.2 * rand(), -1 + 0.2 * rand()]);
  const s = sites(...points);
  const isSchool = Uint8Array.from(points, () => (rand() < 0.6 ? 1 : 0));
  const n = neighboursOfSites(s, isSchool, RINGS);
  for (let i = 0; i < points.length; i++) {
    RINGS.forEach((r, k) => {
      let schools = 0;
      let others = 0;
      for (let j = 0; j < points.length; j++) {
        if (j === i || haversineM(s.lat[i]!, s.lon[i]!, s.lat[j]!, s.lon[j]!) > r) continue;
        if (isSchool[j]) schools++;
        else others++;
      }
      assert.equal(n.schools[k]![i], schools, `site ${i}, ${r} m`);
      assert.equal(n.otherSites[k]![i], others, `site ${i}, ${r} m`);
    });
  }
});
