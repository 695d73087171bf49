import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EARTH_RADIUS_M } from '../geo/distance.js';
import { near } from '../test-support.js';
import { elevationAt, lineOfSight, type ElevationModel } from './line-of-sight.js';

const NO_FRESNEL = { kFactor: 4 / 3, frequencyGHz: 8, fresnelClearance: 0 };

/** A DEM on the equator, 0.001° pixels (111 m), flat at `base` metres, with an optional ridge at a longitude. */
function dem(base: number, ridge?: { lon: number; heightM: number }): ElevationModel {
  const width = 400;
  const height = 20;
  const values = new Float32Array(width * height).fill(base);
  if (ridge) {
    const col = Math.floor(ridge.lon / 0.001);
    for (let row = 0; row < height; row++) values[row * width + col] = ridge.heightM;
  }
  return { width, height, west: 0, north: 0.01, dx: 0.001, dy: 0.001, values };
}

test('elevation is bilinear between pixel centres and NaN off the grid', () => {
  const d = dem(100, { lon: 0.0105, heightM: 200 });
  near(elevationAt(d, 0.0105, 0.005), 200, 1e-9, 'on the ridge pixel centre');
  near(elevationAt(d, 0.0110, 0.005), 150, 1e-6, 'half way to the next centre');
  assert.ok(Number.isNaN(elevationAt(d, -0.01, 0.005)));
});

test('over flat ground two 30 m masts 30 km apart see each other only because of refraction margins', () => {
  // The bulge at mid-path with k = 4/3 is d1·d2 / (2kR) = 15 km² / (2 · 4/3 · R) ≈ 13.2 m.
  const a = { lon: 0.05, lat: 0.005, heightM: 30 };
  const b = { lon: 0.05 + 30_000 / ((Math.PI * EARTH_RADIUS_M) / 180), lat: 0.005, heightM: 30 };
  const los = lineOfSight(dem(0), a, b, NO_FRESNEL)!;
  assert.equal(los.clear, true);
  near(los.clearanceM, 30 - 15_000 ** 2 / (2 * (4 / 3) * EARTH_RADIUS_M), 0.05, 'margin at mid-path');
  near(los.atM, 15_000, 150, 'worst at mid-path');
  // 10 m masts do not clear the bulge.
  assert.equal(lineOfSight(dem(0), { ...a, heightM: 10 }, { ...b, heightM: 10 }, NO_FRESNEL)!.clear, false);
});

test('a ridge between the antennas blocks the hop; the Fresnel zone needs more than a grazing ray', () => {
  const a = { lon: 0.02, lat: 0.005, heightM: 20 };
  const b = { lon: 0.2, lat: 0.005, heightM: 20 };
  assert.equal(lineOfSight(dem(100, { lon: 0.1105, heightM: 160 }), a, b, NO_FRESNEL)!.clear, false);
  const low = dem(100, { lon: 0.1105, heightM: 110 });
  assert.equal(lineOfSight(low, a, b, NO_FRESNEL)!.clear, true);
  // 20 km at 8 GHz: the first Fresnel zone at mid-path is √(λ·d1·d2/D) ≈ 13.7 m; 60 % of it is ~8 m more.
  assert.equal(lineOfSight(low, a, b, { ...NO_FRESNEL, fresnelClearance: 0.6 })!.clear, false);
  assert.equal(lineOfSight(low, a, { ...b, lon: 2 }, NO_FRESNEL), null, 'the path leaves the DEM');
});
