import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EARTH_RADIUS_M, haversineM, pointSegmentDistanceM } from './distance.js';
import { normalizeRing, PolygonIndex, type PolygonRings } from './polygon-index.js';
import { near } from '../test-support.js';

const DEG_M = (2 * Math.PI * EARTH_RADIUS_M) / 360;

function square(x0: number, y0: number, x1: number, y1: number): number[][] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}

/** The textbook even-odd test over every edge: what the index must reproduce exactly. */
function bruteContains(rings: PolygonRings, lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
      const ax = a[0]!, ay = a[1]!, bx = b[0]!, by = b[1]!;
      if (ay > lat !== by > lat && lon < ((bx - ax) * (lat - ay)) / (by - ay) + ax) inside = !inside;
    }
  }
  return inside;
}

function bruteDistance(rings: PolygonRings, lon: number, lat: number): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!, b = ring[i + 1]!;
      best = Math.min(best, pointSegmentDistanceM(lat, lon, a[1]!, a[0]!, b[1]!, b[0]!));
    }
  }
  return best;
}

function lcg(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const squareWithHole: PolygonRings = [square(0, 0, 1, 1), square(0.25, 0.25, 0.75, 0.75)];

test('unit square with a hole: inside, in the hole, outside', () => {
  const index = new PolygonIndex({ type: 'Polygon', coordinates: squareWithHole });
  assert.equal(index.edgeCount, 8);
  assert.deepEqual(index.bbox, [0, 0, 1, 1]);
  assert.equal(index.contains(0.1, 0.1), true);
  assert.equal(index.contains(0.9, 0.5), true);
  assert.equal(index.contains(0.5, 0.5), false, 'in the hole');
  assert.equal(index.contains(1.5, 0.5), false);
  assert.equal(index.contains(0.5, -0.1), false);
  assert.equal(index.contains(-0.5, 0.5), false);
  assert.equal(index.contains(Number.NaN, 0.5), false);
});

test('rings that omit the closing position are closed, repeated positions dropped', () => {
  const open = new PolygonIndex({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [1, 1], [0, 1]]] });
  assert.equal(open.edgeCount, 4);
  assert.equal(open.contains(0.5, 0.5), true);
  assert.equal(open.contains(1.5, 0.5), false);
});

test('multipolygon: each part counts, the gap between them does not', () => {
  const index = new PolygonIndex({
    type: 'MultiPolygon',
    coordinates: [squareWithHole, [square(2, 0, 3, 1)], [[[5, 5], [6, 5], [5.5, 6], [5, 5]]]],
  });
  assert.equal(index.edgeCount, 8 + 4 + 3);
  assert.deepEqual(index.bbox, [0, 0, 6, 6]);
  assert.equal(index.contains(0.1, 0.9), true);
  assert.equal(index.contains(2.5, 0.5), true);
  assert.equal(index.contains(5.5, 5.5), true);
  assert.equal(index.contains(1.5, 0.5), false);
  assert.equal(index.contains(0.5, 0.5), false);
  assert.equal(index.contains(5.1, 5.9), false);
});

test('empty geometry contains nothing and has no boundary', () => {
  const index = new PolygonIndex({ type: 'MultiPolygon', coordinates: [] });
  assert.equal(index.edgeCount, 0);
  assert.equal(index.contains(0, 0), false);
  assert.equal(index.distanceToBoundaryM(0, 0, 1e7), Infinity);
});

test('distance to boundary on the unit square near the equator', () => {
  const index = new PolygonIndex({ type: 'Polygon', coordinates: squareWithHole });
  // 0.1° of meridian to the bottom edge, from inside and from outside.
  near(index.distanceToBoundaryM(0.5, 0.1, 50_000), 0.1 * DEG_M, 1e-6);
  near(index.distanceToBoundaryM(0.5, -0.1, 50_000), 0.1 * DEG_M, 1e-6);
  // To the hole's top edge from above it.
  near(index.distanceToBoundaryM(0.5, 0.8, 50_000), 0.05 * DEG_M, 1e-6);
  // Past a corner: the distance is to the corner itself.
  near(index.distanceToBoundaryM(1.1, 1.1, 50_000), haversineM(1.1, 1.1, 1, 1), 1e-6);
  // Centre of the hole: a quarter degree along the parallel to the hole's side.
  near(index.distanceToBoundaryM(0.5, 0.5, 50_000), haversineM(0.5, 0.5, 0.5, 0.25), 1e-3);
  // Farther than maxM → Infinity; exactly on the boundary → 0.
  assert.equal(index.distanceToBoundaryM(0.5, 0.1, 11_000), Infinity);
  near(index.distanceToBoundaryM(0.5, 0.1, 11_200), 0.1 * DEG_M, 1e-6);
  assert.equal(index.distanceToBoundaryM(0.5, 0, 1), 0);
  assert.equal(index.distanceToBoundaryM(3, 3, 10_000), Infinity);
});

test('geometry split at the antimeridian, as Natural Earth draws Fiji', () => {
  const west: PolygonRings = [square(179.5, -17, 180, -16.5)];
  const east: PolygonRings = [square(-180, -17, -179.5, -16.5)];
  const both = new PolygonIndex({ type: 'MultiPolygon', coordinates: [west, east] });
  assert.deepEqual(both.bbox, [-180, -17, 180, -16.5]);
  for (const lon of [179.99, 180, -180, -179.99, 180.01, -180.01, 179.6, -179.6]) {
    assert.equal(both.contains(lon, -16.8), true, `lon ${lon}`);
  }
  assert.equal(both.contains(179.4, -16.8), false);
  assert.equal(both.contains(-179.4, -16.8), false);
  assert.equal(both.contains(0, -16.8), false);
  assert.equal(both.contains(180, -16), false);

  // The seam is not a real border, but with only one half present the other half's edge at
  // ±180 is the boundary, and it must be found from across the antimeridian.
  const westOnly = new PolygonIndex({ type: 'Polygon', coordinates: west });
  assert.equal(westOnly.contains(-179.99, -16.8), false);
  const expected = haversineM(-16.8, -179.99, -16.8, 180);
  near(expected, 0.01 * DEG_M * Math.cos((16.8 * Math.PI) / 180), 0.01);
  near(westOnly.distanceToBoundaryM(-179.99, -16.8, 5_000), expected, 1e-3);
  const eastOnly = new PolygonIndex({ type: 'Polygon', coordinates: east });
  near(eastOnly.distanceToBoundaryM(179.99, -16.8, 5_000), expected, 1e-3);
});

test('seam vertices decoded on the wrong side (world-atlas) are snapped to their neighbours', () => {
  // Fiji's ring as topojson-client returns it: the seam vertex it starts and ends on reads
  // -180 though the ring lies east of 179.9, which makes two edges as wide as the map.
  const ring = [[-180, -16.54], [180, -16.54], [179.9, -16.6], [179.9, -16.4], [180, -16.49], [-180, -16.54]];
  assert.deepEqual(normalizeRing(ring), [[180, -16.54], [180, -16.54], [179.9, -16.6], [179.9, -16.4], [180, -16.49], [180, -16.54]]);
  const index = new PolygonIndex({ type: 'Polygon', coordinates: [ring] });
  assert.deepEqual(index.bbox, [179.9, -16.6, 180, -16.4]);
  assert.equal(index.contains(179.95, -16.5), true);
  assert.equal(index.contains(0, -16.5), false);
  assert.equal(index.contains(-179.95, -16.5), false);
  // A vertex at -180 among negative neighbours is already right; so is a ring off the seam.
  const east = [[-180, 1], [-179, 1], [-179, 2], [-180, 2], [-180, 1]];
  assert.equal(normalizeRing(east), east);
  const plain = square(0, 0, 1, 1);
  assert.equal(normalizeRing(plain), plain);
});

test('a ring round a pole is closed through the pole (Antarctica in world-atlas)', () => {
  // Eastward round -80° from -179.5 to 179.5, then straight back across the seam.
  const ring: number[][] = [];
  for (let i = 0; i < 360; i++) ring.push([-179.5 + i, i % 2 === 0 ? -80 : -79.5]);
  ring.push([-179.5, -80]);
  const closed = normalizeRing(ring);
  assert.equal(closed.length, ring.length + 4);
  assert.deepEqual(closed.slice(359, 365), [
    [179.5, -79.5], [180, -79.75], [180, -90], [-180, -90], [-180, -79.75], [-179.5, -80],
  ]);
  const index = new PolygonIndex({ type: 'Polygon', coordinates: [ring] });
  assert.equal(index.bbox[1], -90);
  assert.equal(index.contains(0, -85), true);
  assert.equal(index.contains(179.99, -89.9), true);
  assert.equal(index.contains(-180, -85), true);
  assert.equal(index.contains(0, -70), false);
  assert.equal(index.contains(45, -79.1), false);
});

test('distance search near a pole looks at every longitude', () => {
  const cap = new PolygonIndex({ type: 'Polygon', coordinates: [square(-10, 80, 10, 89)] });
  // From 89.5° on the opposite meridian the nearest boundary is over the pole.
  const got = cap.distanceToBoundaryM(170, 89.5, 200_000);
  near(got, bruteDistance([square(-10, 80, 10, 89)], 170, 89.5), 1e-6);
  assert.ok(got < 1.6 * DEG_M, String(got));
});

test('20k-vertex random star: identical to brute-force ray casting on 10k points', () => {
  const rand = lcg(42);
  const n = 20_000;
  const cx = 10, cy = 45;
  const ring: number[][] = [];
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n;
    const r = 1 + 4 * rand();
    ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  const rings: PolygonRings = [ring];
  const t0 = performance.now();
  const index = new PolygonIndex({ type: 'Polygon', coordinates: rings });
  const built = performance.now() - t0;
  assert.equal(index.edgeCount, n);
  // Edges this long would be filed in many bands each, so the default stays at √edges.
  assert.equal(index.bandCount, Math.ceil(Math.sqrt(n)));
  const single = new PolygonIndex({ type: 'Polygon', coordinates: rings }, { bands: 1 });

  const [minX, minY, maxX, maxY] = index.bbox;
  let inside = 0;
  const t1 = performance.now();
  for (let i = 0; i < 10_000; i++) {
    // A margin past the bbox so that bbox rejection is exercised as well.
    const lon = minX - 0.5 + (maxX - minX + 1) * rand();
    const lat = minY - 0.5 + (maxY - minY + 1) * rand();
    const expected = bruteContains(rings, lon, lat);
    assert.equal(index.contains(lon, lat), expected, `(${lon}, ${lat})`);
    assert.equal(single.contains(lon, lat), expected, `(${lon}, ${lat}) one band`);
    if (expected) inside++;
    if (i % 50 === 0) {
      const maxM = 20_000;
      const d = bruteDistance(rings, lon, lat);
      assert.equal(index.distanceToBoundaryM(lon, lat, maxM), d <= maxM ? d : Infinity);
    }
  }
  console.log(`random star: built ${built.toFixed(1)} ms, ${inside} of 10000 inside, ` +
    `10k brute-force checks ${(performance.now() - t1).toFixed(0)} ms`);
  assert.ok(inside > 1000 && inside < 9000, `inside ${inside}`);
});

test('20k-vertex wobbly circle: many short edges get many bands, same answers as brute force', () => {
  const rand = lcg(7);
  const n = 20_000;
  const ring: number[][] = [];
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n;
    const r = 4 + 0.05 * rand();
    ring.push([-70 + r * Math.cos(angle), -30 + r * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  const index = new PolygonIndex({ type: 'Polygon', coordinates: [ring] });
  assert.ok(index.bandCount > 1000 && index.bandCount <= n / 8, String(index.bandCount));
  for (let i = 0; i < 10_000; i++) {
    const lon = -74.5 + 9 * rand(), lat = -34.5 + 9 * rand();
    assert.equal(index.contains(lon, lat), bruteContains([ring], lon, lat), `(${lon}, ${lat})`);
  }
  // Points right on the wobble, where most edges of a band are near the ray.
  for (let i = 0; i < 10_000; i++) {
    const angle = 2 * Math.PI * rand(), r = 4 + 0.05 * rand();
    const lon = -70 + r * Math.cos(angle), lat = -30 + r * Math.sin(angle);
    assert.equal(index.contains(lon, lat), bruteContains([ring], lon, lat), `(${lon}, ${lat})`);
  }
});
