import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleRaster, rasterTiles } from '@postatlas/core';
import { readPopulationRaster } from './geotiff.js';
import { dataPath } from './test-data.js';

function summary(values: Float32Array): { sum: number; valid: number; negative: number } {
  let sum = 0;
  let valid = 0;
  let negative = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    valid++;
    sum += v;
    if (v < 0) negative++;
  }
  return { sum, valid, negative };
}

function bytesOf(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

test('Ibiza 100 m WorldPop raster', async () => {
  const r = await readPopulationRaster(dataPath('itu-ibiza', 'population-100m.tif'));
  assert.equal(r.epsg, 4326);
  assert.equal(r.nodata, -99999);
  assert.equal(r.width, 559);
  assert.equal(r.height, 368);
  assert.equal(r.values.length, 559 * 368);
  // 3 arc-seconds.
  assert.ok(Math.abs(r.dx - 1 / 1200) < 1e-9 && Math.abs(r.dy - 1 / 1200) < 1e-9);
  // Pixel-is-area file: the tie point is the outer corner (1.15625, 39.11958).
  assert.ok(Math.abs(r.west - 1.15625) < 1e-6 && Math.abs(r.north - 39.1195834) < 1e-6);
  const [east, south] = [r.west + r.width * r.dx, r.north - r.height * r.dy];
  assert.ok(r.west > 1.1 && east < 1.7 && south > 38.6 && r.north < 39.2, `bounds ${r.west},${south},${east},${r.north}`);

  const { sum, valid, negative } = summary(r.values);
  assert.equal(negative, 0);
  // An independent decode (Python struct + numpy) finds 86,859 land pixels summing to 146,416.3
  // people, in line with Ibiza island's ~150,000 residents (the grid stops at lat 38.81, north of
  // Formentera). ±0.1 % absorbs float rounding only; a wrong nodata, sample type or band would
  // miss by far more.
  assert.equal(valid, 86859);
  assert.ok(Math.abs(sum - 146_416) < 146_416 * 0.001, `sum ${sum}`);
});

test('Spain 1 km WorldPop 2020 UN-adjusted raster', async () => {
  const r = await readPopulationRaster(dataPath('worldpop-spain', 'spain-population-1km-2020.tif'));
  assert.equal(r.epsg, 4326);
  assert.equal(r.nodata, -99999);
  assert.equal(r.width, 2700);
  assert.equal(r.height, 1940);
  // 30 arc-seconds.
  assert.ok(Math.abs(r.dx - 1 / 120) < 1e-9 && Math.abs(r.dy - 1 / 120) < 1e-9);
  // From the Canary Islands (west, south) to the Pyrenees and Menorca (north, east).
  const [east, south] = [r.west + r.width * r.dx, r.north - r.height * r.dy];
  assert.ok(r.west > -18.5 && r.west < -18 && east > 4 && east < 4.5, `west ${r.west}, east ${east}`);
  assert.ok(south > 27.5 && south < 28 && r.north > 43.5 && r.north < 44, `south ${south}, north ${r.north}`);

  const { sum, valid, negative } = summary(r.values);
  assert.equal(negative, 0);
  // The independent decode gives 776,568 valid pixels and 46,754,783 people; its mean
  // (60.20694) equals the STATISTICS_MEAN GDAL stored in the file. That matches Spain's
  // 2020 UN estimate (~46.7 M); ±0.1 % allows for float rounding only.
  assert.equal(valid, 776568);
  assert.ok(Math.abs(sum - 46_754_783) < 46_754_783 * 0.001, `sum ${sum}`);
});

test('tiles → assemble round-trips the real rasters byte for byte', async () => {
  for (const file of [['itu-ibiza', 'population-100m.tif'], ['worldpop-spain', 'spain-population-1km-2020.tif']]) {
    const r = await readPopulationRaster(dataPath(...file));
    for (const size of [256, 100]) {
      const tiles = [...rasterTiles(r, size)];
      assert.equal(tiles.length, Math.ceil(r.width / size) * Math.ceil(r.height / size));
      const last = tiles.at(-1)!;
      assert.equal(last.width, r.width - (Math.ceil(r.width / size) - 1) * size);
      assert.equal(last.height, r.height - (Math.ceil(r.height / size) - 1) * size);
      // The store keeps tiles as raw float32 bytes; go through that representation too.
      const stored = tiles.map((t) => ({ ...t, values: new Float32Array(new Uint8Array(bytesOf(t.values)).buffer) }));
      const back = assembleRaster(r, stored.reverse());
      assert.deepEqual({ ...back, values: null }, { width: r.width, height: r.height, west: r.west, north: r.north, dx: r.dx, dy: r.dy, values: null });
      assert.ok(bytesOf(back.values).equals(bytesOf(r.values)), `${file.join('/')} with ${size}px tiles`);
    }
  }
});

test('rasterTiles numbers tiles and cuts edge tiles; assembleRaster rejects tiles that do not fit', () => {
  const values = Float32Array.from({ length: 5 * 3 }, (_, i) => i);
  const r = { width: 5, height: 3, west: 0, north: 0, dx: 1, dy: 1, values };
  const tiles = [...rasterTiles(r, 2)];
  assert.deepEqual(tiles.map((t) => [t.tileX, t.tileY, t.col0, t.row0, t.width, t.height]), [
    [0, 0, 0, 0, 2, 2], [1, 0, 2, 0, 2, 2], [2, 0, 4, 0, 1, 2],
    [0, 1, 0, 2, 2, 1], [1, 1, 2, 2, 2, 1], [2, 1, 4, 2, 1, 1],
  ]);
  assert.deepEqual([...tiles[1]!.values], [2, 3, 7, 8]);
  assert.deepEqual([...tiles[5]!.values], [14]);
  // Missing tiles read as no data.
  const partial = assembleRaster(r, tiles.slice(0, 1));
  assert.deepEqual([...partial.values.subarray(0, 5)], [0, 1, NaN, NaN, NaN]);
  assert.throws(() => assembleRaster(r, [{ col0: 4, row0: 0, width: 2, height: 1, values: new Float32Array(2) }]), /does not fit/);
  assert.throws(() => [...rasterTiles(r, 0)], /positive integer/);
});

/**
 * Minimal little-endian, uncompressed, single-strip TIFF writer for edge cases the real files do
 * not cover. (geotiff's own writeArrayBuffer mangles 16-bit samples, so it cannot be trusted here.)
 */
type Samples = Float32Array | Int16Array | Uint8Array;
const SAMPLE_FORMAT = (a: Samples): number => (a instanceof Float32Array ? 3 : a instanceof Int16Array ? 2 : 1);

async function writeTiff(
  name: string,
  opts: { width: number; height: number; bands: number; pixels: Samples; geoKeys: number[]; scale?: number[]; tie?: number[]; nodata?: string },
): Promise<string> {
  const { width, height, bands, pixels } = opts;
  const bits = pixels.BYTES_PER_ELEMENT * 8;
  // [tag, type, values]: type 2 ASCII, 3 SHORT, 4 LONG, 12 DOUBLE. Entries must be sorted by tag.
  const entries: [number, number, number[] | string][] = [
    [256, 3, [width]], [257, 3, [height]], [258, 3, Array(bands).fill(bits)], [259, 3, [1]], [262, 3, [1]],
    [273, 4, [0]], [277, 3, [bands]], [278, 3, [height]], [279, 4, [pixels.byteLength]], [284, 3, [1]],
    [339, 3, Array(bands).fill(SAMPLE_FORMAT(pixels))],
  ];
  if (opts.scale) entries.push([33550, 12, opts.scale]);
  if (opts.tie) entries.push([33922, 12, opts.tie]);
  // GeoKeyDirectory: version 1.1.0, then [key, location 0, count 1, value] quadruples.
  entries.push([34735, 3, [1, 1, 0, opts.geoKeys.length / 2, ...opts.geoKeys.flatMap((v, i) => (i % 2 ? [] : [v, 0, 1, opts.geoKeys[i + 1]!]))]]);
  if (opts.nodata !== undefined) entries.push([42113, 2, opts.nodata + '\0']);

  const size = (t: number): number => ({ 2: 1, 3: 2, 4: 4, 12: 8 })[t as 2 | 3 | 4 | 12];
  const ifdBytes = 2 + entries.length * 12 + 4;
  let extra = 8 + ifdBytes;
  const blobs: Buffer[] = [];
  const ifd = Buffer.alloc(ifdBytes);
  ifd.writeUInt16LE(entries.length, 0);
  const payloads = entries.map(([, type, values]) => {
    const count = values.length;
    const b = Buffer.alloc(Math.max(4, count * size(type)));
    if (typeof values === 'string') b.write(values, 'latin1');
    else values.forEach((v, i) => (type === 3 ? b.writeUInt16LE(v, i * 2) : type === 4 ? b.writeUInt32LE(v, i * 4) : b.writeDoubleLE(v, i * 8)));
    return { count, b };
  });
  const dataOffset = extra + payloads.reduce((n, p) => n + (p.b.length > 4 ? p.b.length : 0), 0);
  entries.forEach(([tag, type], i) => {
    const { count, b } = payloads[i]!;
    const at = 2 + i * 12;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(type, at + 2);
    ifd.writeUInt32LE(count, at + 4);
    if (tag === 273) b.writeUInt32LE(dataOffset);
    if (b.length > 4) {
      ifd.writeUInt32LE(extra, at + 8);
      blobs.push(b);
      extra += b.length;
    } else b.copy(ifd, at + 8);
  });
  const header = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]);
  const dir = await mkdtemp(join(tmpdir(), 'postatlas-tif-'));
  const path = join(dir, name);
  await writeFile(path, Buffer.concat([header, ifd, ...blobs, Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength)]));
  return path;
}

// GeoKeys as [key, value] pairs: model type geographic, raster type, GeographicTypeGeoKey 4326.
const WGS84_AREA = [1024, 2, 1025, 1, 2048, 4326];
const WGS84_POINT = [1024, 2, 1025, 2, 2048, 4326];

test('pixel-is-point rasters: the tie point is a pixel centre, west/north stay the outer edge', async () => {
  const grid = { width: 2, height: 2, bands: 1, pixels: new Float32Array([1, 2, 3, 4]), scale: [0.5, 0.25, 0], tie: [0, 0, 0, 10, 50, 0] };
  const area = await readPopulationRaster(await writeTiff('area.tif', { ...grid, geoKeys: WGS84_AREA }));
  assert.deepEqual([area.west, area.north, area.dx, area.dy, area.nodata], [10, 50, 0.5, 0.25, null]);
  assert.deepEqual([...area.values], [1, 2, 3, 4]);
  const point = await readPopulationRaster(await writeTiff('point.tif', { ...grid, geoKeys: WGS84_POINT }));
  assert.deepEqual([point.west, point.north, point.dx, point.dy], [9.75, 50.125, 0.5, 0.25]);
  // A tie point at another raster position is carried back to the corner.
  const offset = await readPopulationRaster(await writeTiff('offset.tif', { ...grid, tie: [1, 1, 0, 10.5, 49.75, 0], geoKeys: WGS84_AREA }));
  assert.deepEqual([offset.west, offset.north], [10, 50]);
});

test('integer samples, nodata and negative values, multi-band (band 1 is used)', async () => {
  const grid = { width: 3, height: 1, scale: [1, 1, 0], tie: [0, 0, 0, 0, 1, 0], geoKeys: WGS84_AREA };
  const ints = await readPopulationRaster(await writeTiff('i16.tif', { ...grid, bands: 1, pixels: new Int16Array([-32768, 7, -2]), nodata: '-32768' }));
  assert.equal(ints.nodata, -32768);
  assert.deepEqual([...ints.values], [NaN, 7, NaN]);
  // Float nodata that is not exactly representable in float32 still matches.
  const f32 = await readPopulationRaster(await writeTiff('f32.tif', { ...grid, bands: 1, pixels: new Float32Array([3.4e38, 0.5, 1]), nodata: '3.4e38' }));
  assert.deepEqual([...f32.values], [NaN, 0.5, 1]);
  // Two interleaved bands: pixels are (1,9) (2,9) (3,9).
  const two = await readPopulationRaster(await writeTiff('two.tif', { ...grid, bands: 2, pixels: new Uint8Array([1, 9, 2, 9, 3, 9]) }));
  assert.deepEqual([...two.values], [1, 2, 3]);
  // Geographic model, user-defined code, WGS 84 datum: how GDAL writes an uncoded lon/lat grid.
  const uncoded = await readPopulationRaster(await writeTiff('uncoded.tif', { ...grid, bands: 1, pixels: new Uint8Array([1, 2, 3]), geoKeys: [1024, 2, 1025, 1, 2048, 32767, 2050, 6326] }));
  assert.equal(uncoded.epsg, 4326);
});

test('projected and non-GeoTIFF files are refused with the file name and a hint', async () => {
  const px = { width: 1, height: 1, bands: 1, pixels: new Float32Array([1]), scale: [100, 100, 0], tie: [0, 0, 0, 500000, 4300000, 0] };
  const utm = await writeTiff('utm.tif', { ...px, geoKeys: [1024, 1, 1025, 1, 3072, 25831] });
  await assert.rejects(readPopulationRaster(utm), (e: Error) => e.message.includes(utm) && e.message.includes('EPSG:25831') && e.message.includes('gdalwarp -t_srs EPSG:4326'));
  const etrs = await writeTiff('etrs.tif', { ...px, geoKeys: [1024, 2, 1025, 1, 2048, 4258] });
  const userDefined = await writeTiff('user.tif', { ...px, geoKeys: [1024, 2, 1025, 1, 2048, 32767, 2050, 6258] });
  await assert.rejects(readPopulationRaster(userDefined), (e: Error) => e.message.includes(userDefined) && e.message.includes('datum 6258'));
  await assert.rejects(readPopulationRaster(etrs), (e: Error) => e.message.includes(etrs) && e.message.includes('EPSG:4258') && e.message.includes('gdalwarp'));
  const gpkg = dataPath('itu-ibiza', 'area.gpkg');
  await assert.rejects(readPopulationRaster(gpkg), (e: Error) => e.message.startsWith(`${gpkg}: not a readable GeoTIFF`));
});
