import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PopulationRaster } from '../domain.js';
import { populationWithinReach } from './reach.js';

// A 4 × 1 raster of 0.1° pixels along the equator (about 11.1 km each): 100, 200, 300 and 400 people.
const raster = (over: Partial<PopulationRaster> = {}): PopulationRaster =>
  ({ width: 4, height: 1, west: 0, north: 0.05, dx: 0.1, dy: 0.1, values: Float32Array.from([100, 200, 300, 400]), ...over });
const offices = (...lons: number[]) => ({ lon: Float64Array.from(lons), lat: new Float64Array(lons.length) });

test('a pixel counts when its centre is within reach; each person once', () => {
  // An office at the first pixel's centre reaches only it at 5 km; two offices side by side count it once.
  assert.deepEqual(populationWithinReach({ rasters: [raster()] }, offices(0.05), 5_000), { reached: 100, total: 1000 });
  assert.deepEqual(populationWithinReach({ rasters: [raster()] }, offices(0.05, 0.06), 5_000), { reached: 100, total: 1000 });
  // Between the 2nd and 3rd centres (5.6 km from each): neither at 5 km, both at 6 km.
  assert.deepEqual(populationWithinReach({ rasters: [raster()] }, offices(0.2), 5_000), { reached: 0, total: 1000 });
  assert.deepEqual(populationWithinReach({ rasters: [raster()] }, offices(0.2), 6_000), { reached: 500, total: 1000 });
  assert.deepEqual(populationWithinReach({ rasters: [raster()] }, offices(), 5_000), { reached: 0, total: 1000 });
});

test('where rasters overlap the finer counts; points only where no raster is; no-data is nobody', () => {
  // A finer raster over the first coarse pixel: 30 + 40 people replace its 100.
  const fine = raster({ width: 2, west: 0, dx: 0.05, values: Float32Array.from([30, 40]) });
  assert.deepEqual(populationWithinReach({ rasters: [raster(), fine] }, offices(0.025), 1_000), { reached: 30, total: 970 });
  const points = { lon: Float64Array.from([0.15, 1.0]), lat: Float64Array.from([0, 0]), population: Float64Array.from([999, 50]) };
  assert.deepEqual(populationWithinReach({ rasters: [raster({ values: Float32Array.from([NaN, 200, -1, 400]) })], points }, offices(1.0), 100), { reached: 50, total: 650 });
});
