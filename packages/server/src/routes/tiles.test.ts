import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DENSITY_CLASSES } from '@postatlas/core';
import { importFile } from '@postatlas/importers';
import type { Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp, type App } from '../app.js';
import { decodePng } from '../png-testing.js';

const data = (path: string) => fileURLToPath(new URL(`../../../../data/${path}`, import.meta.url));

/** The tile of zoom z holding a place, and the pixel of it (of 256) the place falls on. */
function tileOf(z: number, lon: number, lat: number): { x: number; y: number; px: number; py: number } {
  const n = 2 ** z * 256;
  const wx = ((lon + 180) / 360) * n;
  const sin = Math.sin((lat * Math.PI) / 180);
  const wy = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * n;
  return { x: Math.floor(wx / 256), y: Math.floor(wy / 256), px: Math.floor(wx % 256), py: Math.floor(wy % 256) };
}
const alphaAt = (rgba: Uint8Array, px: number, py: number) => rgba[(py * 256 + px) * 4 + 3];

// Eivissa (Ibiza's town, thousands of people per km²) and the sea east of the island, in the same z10 tile.
const TOWN = { lon: 1.4328, lat: 38.9089 };
const SEA = { lon: 1.68, lat: 38.95 };

for (const backend of await testBackends()) {
  describe(`map tiles on the ${backend.name} database: population PNGs and compressed answers`, { skip: backend.skip }, () => {
    let db: Database;
    let app: App;

    before(async () => {
      db = await backend.open();
      app = await buildApp({ db, webRoot: null });
      await importFile(db, { layer: 'sites', file: data('osm-spain-post-offices/post-offices.csv'), country: 'ESP', dataset: 'osm-spain-post-offices', skipInvalid: true, importedBy: 'test' });
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test('a population tile is a 256 px PNG, coloured where people live, clear at sea; rasters are read again when they change', async () => {
      const town = tileOf(10, TOWN.lon, TOWN.lat);
      const sea = tileOf(10, SEA.lon, SEA.lat);
      assert.deepEqual([sea.x, sea.y], [town.x, town.y]);
      const url = `/api/tiles/population/10/${town.x}/${town.y}.png`;

      const before = await app.inject({ url });
      assert.equal(before.statusCode, 200);
      assert.equal(alphaAt(decodePng(before.rawPayload).rgba, town.px, town.py), 0, 'nobody before the raster is imported');

      await importFile(db, { layer: 'population', file: data('itu-ibiza/population-100m.tif'), country: 'ESP', dataset: 'worldpop-ibiza', importedBy: 'test' });
      // The rasters in memory are trusted for 2 s, then their ids are checked against the database.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const r = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['content-type'], 'image/png');
      assert.equal(r.headers['cache-control'], 'public, max-age=60');
      assert.equal(r.headers['content-encoding'], undefined, 'PNG is deflated already');
      const png = decodePng(r.rawPayload);
      assert.deepEqual([png.width, png.height], [256, 256]);
      assert.equal(alphaAt(png.rgba, town.px, town.py), 255);
      assert.equal(alphaAt(png.rgba, sea.px, sea.py), 0);
      // A town: 1,000 people per km² or more, the two darkest classes.
      const colour = `#${[...png.rgba.subarray((town.py * 256 + town.px) * 4, (town.py * 256 + town.px) * 4 + 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
      assert.ok(DENSITY_CLASSES.filter((c) => c.fromPerKm2 >= 1_000).some((c) => c.colour === colour), colour);

      // Cached: the same bytes again; a tile far from any raster is a clear PNG, not an error.
      assert.deepEqual((await app.inject({ url })).rawPayload, r.rawPayload);
      const empty = await app.inject({ url: '/api/tiles/population/3/0/0' });
      assert.equal(empty.statusCode, 200);
      assert.ok(decodePng(empty.rawPayload).rgba.every((v) => v === 0));
      assert.equal((await app.inject({ url: '/api/tiles/population/3/8/0.png' })).statusCode, 400);
    });

    test('vector tiles are compressed once per encoding; the client gets the same MVT bytes back', async (t) => {
      const url = '/api/tiles/sites/6/31/24.pbf'; // most of Spain: clusters of its post offices
      const plain = await app.inject({ url });
      assert.equal(plain.statusCode, 200);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers.vary, 'Accept-Encoding');
      const gzipped = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gzipped.headers['content-encoding'], 'gzip');
      assert.deepEqual(gunzipSync(gzipped.rawPayload), plain.rawPayload);
      const brotli = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(brotli.headers['content-encoding'], 'br');
      assert.deepEqual(brotliDecompressSync(brotli.rawPayload), plain.rawPayload);
      assert.ok(gzipped.rawPayload.length < 0.8 * plain.rawPayload.length);
      t.diagnostic(`sites tile 6/31/24: ${plain.rawPayload.length} bytes, gzip ${gzipped.rawPayload.length}, br ${brotli.rawPayload.length}`);
    });

    test('JSON answers are compressed when the client accepts it, and only then', async (t) => {
      const url = '/api/countries/ESP/summary';
      const plain = await app.inject({ url });
      assert.equal(plain.statusCode, 200);
      assert.equal(plain.headers['content-encoding'], undefined);
      const gzipped = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gzipped.headers['content-encoding'], 'gzip');
      assert.equal(gzipped.headers['content-type'], plain.headers['content-type']);
      assert.match(String(gzipped.headers.vary), /Accept-Encoding/);
      assert.deepEqual(JSON.parse(gunzipSync(gzipped.rawPayload).toString()), plain.json());
      const brotli = await app.inject({ url, headers: { 'accept-encoding': 'br;q=1, gzip;q=0.5' } });
      assert.equal(brotli.headers['content-encoding'], 'br');
      assert.deepEqual(JSON.parse(brotliDecompressSync(brotli.rawPayload).toString()), plain.json());
      assert.ok(brotli.rawPayload.length < 0.5 * plain.rawPayload.length);
      t.diagnostic(`${url}: ${plain.rawPayload.length} bytes, gzip ${gzipped.rawPayload.length}, br ${brotli.rawPayload.length}`);
      // Small answers go as they are: compression would add more than it saves.
      const health = await app.inject({ url: '/api/health', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(health.headers['content-encoding'], undefined);
    });
  });
}
