import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PopulationRaster } from './domain.js';
import { DENSITY_CLASSES, densityClass, populationTile } from './raster-tile.js';

/** The northern edge of Web Mercator: tile 0/0/0 spans 85.0511° N to 85.0511° S. */
const MAX_LAT = 85.0511287798066;
const KM_PER_DEGREE = (6_371_008.8 * Math.PI) / 180 / 1000;
/** Area of a cell of dx × dy degrees at a latitude, km². */
const cellKm2 = (dx: number, dy: number, lat: number) => dx * dy * KM_PER_DEGREE ** 2 * Math.cos((lat * Math.PI) / 180);

const raster = (r: Omit<PopulationRaster, 'values'>, values: number[]): PopulationRaster => ({ ...r, values: Float32Array.from(values) });
const pixel = (rgba: Uint8Array, size: number, px: number, py: number) => [...rgba.subarray((py * size + px) * 4, (py * size + px) * 4 + 4)];
const coloured = (k: number) => [...[1, 3, 5].map((i) => Number.parseInt(DENSITY_CLASSES[k]!.colour.slice(i, i + 2), 16)), 255];
const CLEAR = [0, 0, 0, 0];

test('density classes: nobody is no class; each break starts its class', () => {
  assert.equal(densityClass(0), -1);
  assert.equal(densityClass(Number.NaN), -1);
  assert.equal(densityClass(0.01), 0);
  assert.equal(densityClass(9.99), 0);
  assert.equal(densityClass(10), 1);
  assert.equal(densityClass(249), 2);
  assert.equal(densityClass(250), 3);
  assert.equal(densityClass(4_999), 4);
  assert.equal(densityClass(5_000), 5);
  assert.equal(densityClass(1e9), 5);
});

test('a 2 × 2 world raster on a 2 × 2 tile: one cell per pixel, coloured by people per km², no data and nobody clear', () => {
  // Cells of 180° × 85.05°: exactly the quarters of tile 0/0/0; the north row's pixels are centred at 42.53°.
  const area = cellKm2(180, MAX_LAT, MAX_LAT / 2);
  const world = raster({ width: 2, height: 2, west: -180, north: MAX_LAT, dx: 180, dy: MAX_LAT }, [100 * area, 3 * area, Number.NaN, 0]);
  const rgba = populationTile([world], 0, 0, 0, 2)!;
  assert.deepEqual(pixel(rgba, 2, 0, 0), coloured(2)); // 100 per km²: 50–250
  assert.deepEqual(pixel(rgba, 2, 1, 0), coloured(0)); // 3 per km²: fewer than 10
  assert.deepEqual(pixel(rgba, 2, 0, 1), CLEAR); // no data
  assert.deepEqual(pixel(rgba, 2, 1, 1), CLEAR); // nobody
});

test('a tile pixel over many cells shows their mean density over the cells with data', () => {
  // Tile 0/0/0 at 1 × 1 px covers all four cells; one has no data, so 3 cells' area carries the people.
  const area = cellKm2(180, MAX_LAT, 0);
  const world = raster({ width: 2, height: 2, west: -180, north: MAX_LAT, dx: 180, dy: MAX_LAT }, [900 * area, 0, Number.NaN, 300 * area]);
  assert.deepEqual(pixel(populationTile([world], 0, 0, 0, 1)!, 1, 0, 0), coloured(3)); // (900 + 300) / 3 = 400 per km²
});

test('where rasters overlap, the finest with data wins', () => {
  const coarseArea = cellKm2(180, MAX_LAT, MAX_LAT / 2);
  const coarse = raster({ width: 2, height: 2, west: -180, north: MAX_LAT, dx: 180, dy: MAX_LAT }, [1 * coarseArea, 1 * coarseArea, 0, 0]);
  // A finer raster over the north-west quarter only: 4 cells of 90° × 42.5°, one with data.
  const fineArea = cellKm2(90, MAX_LAT / 2, MAX_LAT / 2);
  const fine = raster({ width: 2, height: 2, west: -180, north: MAX_LAT, dx: 90, dy: MAX_LAT / 2 }, [8_000 * fineArea, Number.NaN, Number.NaN, Number.NaN]);
  for (const order of [[coarse, fine], [fine, coarse]]) {
    const rgba = populationTile(order, 0, 0, 0, 2)!;
    assert.deepEqual(pixel(rgba, 2, 0, 0), coloured(5)); // the fine raster's one cell: 8,000 per km²
    assert.deepEqual(pixel(rgba, 2, 1, 0), coloured(0)); // the coarse raster where the fine has none
  }
});

test('a tile pixel smaller than a cell shows the cell under it', () => {
  // One cell of 1° × 1° north-east of (0, 0), 300 people per km²; tile 10/513/511 lies inside it.
  const one = raster({ width: 1, height: 1, west: 0, north: 1, dx: 1, dy: 1 }, [300 * cellKm2(1, 1, 0.17)]);
  const rgba = populationTile([one], 10, 513, 511)!;
  assert.equal(rgba.length, 256 * 256 * 4);
  for (const [px, py] of [[0, 0], [255, 0], [128, 128], [0, 255], [255, 255]] as const) assert.deepEqual(pixel(rgba, 256, px, py), coloured(3));
});

test('a tile away from every raster is null; a tile that does not exist is an error', () => {
  const one = raster({ width: 1, height: 1, west: 0, north: 1, dx: 1, dy: 1 }, [1e6]);
  assert.equal(populationTile([one], 10, 100, 100), null);
  assert.equal(populationTile([], 0, 0, 0), null);
  assert.throws(() => populationTile([one], 2, 4, 0), /tile 2\/4\/0 does not exist/);
});
