import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Geometry, Position } from 'geojson';
import { decodeGpkgGeometry, decodeWkb, openGeoPackage, webMercatorToLonLat } from './geopackage.js';
import { dataPath } from './test-data.js';

// --- hand-built WKB -------------------------------------------------------------------------

/** Writes WKB in the given byte order; `type` is the full type code so Z/M variants can be built. */
class WkbWriter {
  private parts: Buffer[] = [];
  constructor(private readonly little: boolean) {}
  header(type: number): this {
    const b = Buffer.alloc(5);
    b[0] = this.little ? 1 : 0;
    if (this.little) b.writeUInt32LE(type, 1);
    else b.writeUInt32BE(type, 1);
    this.parts.push(b);
    return this;
  }
  u32(n: number): this {
    const b = Buffer.alloc(4);
    if (this.little) b.writeUInt32LE(n);
    else b.writeUInt32BE(n);
    this.parts.push(b);
    return this;
  }
  doubles(...xs: number[]): this {
    for (const x of xs) {
      const b = Buffer.alloc(8);
      if (this.little) b.writeDoubleLE(x);
      else b.writeDoubleBE(x);
      this.parts.push(b);
    }
    return this;
  }
  ring(coords: number[][]): this {
    this.u32(coords.length);
    for (const c of coords) this.doubles(...c);
    return this;
  }
  bytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

const square = (x0: number, y0: number, s: number): number[][] => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];

test('WKB point in both byte orders', () => {
  for (const little of [true, false]) {
    const g = decodeWkb(new WkbWriter(little).header(1).doubles(1.4, 38.9).bytes());
    assert.deepEqual(g, { type: 'Point', coordinates: [1.4, 38.9] });
  }
});

test('WKB Z, M and ZM points drop the extra ordinates (ISO and EWKB)', () => {
  const cases: [number, number[]][] = [
    [1001, [1, 2, 3]], // ISO Z
    [2001, [1, 2, 4]], // ISO M
    [3001, [1, 2, 3, 4]], // ISO ZM
    [0x80000001, [1, 2, 3]], // EWKB Z
    [0xc0000001, [1, 2, 3, 4]], // EWKB ZM
  ];
  for (const [code, ords] of cases) {
    for (const little of [true, false]) {
      assert.deepEqual(decodeWkb(new WkbWriter(little).header(code).doubles(...ords).bytes()), { type: 'Point', coordinates: [1, 2] }, `type ${code}`);
    }
  }
  // EWKB with an embedded SRID: the SRID is skipped, not read as a coordinate.
  const withSrid = new WkbWriter(true).header(0xa0000001).u32(4326).doubles(5, 6, 7).bytes();
  assert.deepEqual(decodeWkb(withSrid), { type: 'Point', coordinates: [5, 6] });
});

test('WKB Z linestring keeps x,y of every vertex', () => {
  const w = new WkbWriter(false).header(1002).u32(3).doubles(0, 0, 10, 1, 1, 20, 2, 0, 30);
  assert.deepEqual(decodeWkb(w.bytes()), { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] });
});

test('WKB polygon with a hole', () => {
  const outer = square(0, 0, 10);
  const hole = square(2, 2, 3);
  for (const little of [true, false]) {
    const g = decodeWkb(new WkbWriter(little).header(3).u32(2).ring(outer).ring(hole).bytes());
    assert.deepEqual(g, { type: 'Polygon', coordinates: [outer, hole] });
  }
});

test('WKB multipolygon whose members use mixed byte orders', () => {
  const a = square(0, 0, 1);
  const b = square(5, 5, 2);
  const w = new WkbWriter(false).header(6).u32(2);
  const bytes = Buffer.concat([
    w.bytes(),
    new WkbWriter(true).header(3).u32(1).ring(a).bytes(),
    new WkbWriter(false).header(3).u32(1).ring(b).bytes(),
  ]);
  assert.deepEqual(decodeWkb(new Uint8Array(bytes)), { type: 'MultiPolygon', coordinates: [[a], [b]] });
});

test('WKB multipoint, multilinestring and geometry collection', () => {
  const mp = Buffer.concat([
    new WkbWriter(true).header(4).u32(2).bytes(),
    new WkbWriter(true).header(1).doubles(1, 2).bytes(),
    new WkbWriter(false).header(1).doubles(3, 4).bytes(),
  ]);
  assert.deepEqual(decodeWkb(new Uint8Array(mp)), { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });

  const mls = Buffer.concat([new WkbWriter(true).header(5).u32(1).bytes(), new WkbWriter(true).header(2).u32(2).doubles(0, 0, 1, 1).bytes()]);
  assert.deepEqual(decodeWkb(new Uint8Array(mls)), { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] });

  const gc = Buffer.concat([
    new WkbWriter(true).header(7).u32(2).bytes(),
    new WkbWriter(true).header(1).doubles(9, 8).bytes(),
    new Uint8Array(mls),
  ]);
  assert.deepEqual(decodeWkb(new Uint8Array(gc)), {
    type: 'GeometryCollection',
    geometries: [{ type: 'Point', coordinates: [9, 8] }, { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] }],
  });
});

test('WKB errors: truncated input, unknown type, wrong member type', () => {
  const point = new WkbWriter(true).header(1).doubles(1, 2).bytes();
  assert.throws(() => decodeWkb(point.subarray(0, 12)), /truncated WKB/);
  assert.throws(() => decodeWkb(new WkbWriter(true).header(17).bytes()), /unsupported WKB geometry type 17/);
  const bad = Buffer.concat([new WkbWriter(true).header(6).u32(1).bytes(), point]);
  assert.throws(() => decodeWkb(new Uint8Array(bad)), /Polygon expected, found Point/);
  // A corrupt count must fail fast instead of trying to allocate billions of positions.
  assert.throws(() => decodeWkb(new WkbWriter(true).header(2).u32(0xffffffff).bytes()), /truncated WKB/);
});

/** GeoPackage blob header: 'GP', version 0, flags, srs_id, then an envelope of the given indicator. */
function gpkgBlob(wkb: Uint8Array, opts: { envelope?: number; littleHeader?: boolean; empty?: boolean; srsId?: number } = {}): Uint8Array {
  const { envelope = 0, littleHeader = true, empty = false, srsId = 4326 } = opts;
  const size = [0, 32, 48, 48, 64][envelope] ?? 0;
  const h = Buffer.alloc(8 + size);
  h.write('GP', 0, 'latin1');
  h[3] = (littleHeader ? 1 : 0) | (envelope << 1) | (empty ? 0x10 : 0);
  if (littleHeader) h.writeInt32LE(srsId, 4);
  else h.writeInt32BE(srsId, 4);
  // Fill the envelope with junk so a wrong envelope size would be read as WKB and fail.
  h.fill(0xee, 8);
  return new Uint8Array(Buffer.concat([h, wkb]));
}

test('GeoPackage blob header: every envelope size and both header byte orders', () => {
  const wkb = new WkbWriter(true).header(1).doubles(1.25, 38.75).bytes();
  for (const envelope of [0, 1, 2, 3, 4]) {
    for (const littleHeader of [true, false]) {
      const { srsId, geometry } = decodeGpkgGeometry(gpkgBlob(wkb, { envelope, littleHeader, srsId: 3857 }));
      assert.equal(srsId, 3857);
      assert.deepEqual(geometry, { type: 'Point', coordinates: [1.25, 38.75] });
    }
  }
  assert.equal(decodeGpkgGeometry(gpkgBlob(new Uint8Array(), { empty: true })).geometry, null);
  assert.throws(() => decodeGpkgGeometry(new Uint8Array([0x58, 0x50, 0, 1, 0, 0, 0, 0])), /"GP" header/);
  assert.throws(() => decodeGpkgGeometry(gpkgBlob(wkb, { envelope: 5 })), /envelope indicator 5/);
});

test('web mercator inverse uses the spherical formulas', () => {
  assert.deepEqual(webMercatorToLonLat([0, 0]), [0, 0]);
  // x = R·λ, y = R·ln(tan(π/4 + φ/2)) for lon 1.4, lat 38.9.
  const R = 6378137;
  const rad = Math.PI / 180;
  const [lon, lat] = webMercatorToLonLat([R * 1.4 * rad, R * Math.log(Math.tan(Math.PI / 4 + (38.9 * rad) / 2))]);
  assert.ok(Math.abs(lon! - 1.4) < 1e-12 && Math.abs(lat! - 38.9) < 1e-12);
});

// --- the real ITU Ibiza files ----------------------------------------------------------------

function positions(g: Geometry): Position[][] {
  switch (g.type) {
    case 'Polygon': return g.coordinates;
    case 'MultiPolygon': return g.coordinates.flat();
    default: throw new Error(`unexpected ${g.type}`);
  }
}

// The Pitiusas (Ibiza, Formentera) with a margin.
const inIbiza = ([lon = NaN, lat = NaN]: Position): boolean => lon > 1.1 && lon < 1.7 && lat > 38.6 && lat < 39.2;

test('mobile-coverage.gpkg: 770 Ericsson sample coverage polygons in EPSG:4326 over Ibiza', async () => {
  const gpkg = await openGeoPackage(dataPath('itu-ibiza', 'mobile-coverage.gpkg'));
  try {
    assert.deepEqual(gpkg.layers(), [{ table: 'fixed_geometries', geometryColumn: 'geom', geometryType: 'MULTIPOLYGON', srsId: 4326 }]);
    const features = [...gpkg.features()];
    // Facts checked with sqlite3 and an independent Python WKB parse: 770 rows, fid 1..770,
    // each a one-part MultiPolygon, 1,101 rings of which 331 are holes, 6,070 vertices in all.
    assert.equal(features.length, 770);
    assert.deepEqual(features.map((f) => f.fid), Array.from({ length: 770 }, (_, i) => i + 1));
    assert.deepEqual(Object.keys(features[0]!.properties), ['ID', 'layer', 'path', 'coverage']);
    assert.deepEqual(features[0]!.properties, { ID: 0, layer: '23626', path: 'C:\\Giga\\Ericsson\\Sample data\\for sharing\\23626.json|layername=23626', coverage: 1 });
    const perLayer: Record<string, number> = {};
    for (const f of features) perLayer[String(f.properties.layer)] = (perLayer[String(f.properties.layer)] ?? 0) + 1;
    assert.deepEqual(perLayer, { '23626': 150, '23691': 239, '23692': 244, '23693': 137 });
    assert.ok(features.every((f) => f.properties.coverage === 1));

    let rings = 0;
    let vertices = 0;
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of features) {
      assert.equal(f.geometry?.type, 'MultiPolygon');
      for (const ring of positions(f.geometry!)) {
        rings++;
        vertices += ring.length;
        assert.ok(ring.length >= 4, `fid ${f.fid}: ring of ${ring.length} positions`);
        assert.deepEqual(ring[0], ring.at(-1), `fid ${f.fid}: ring not closed`);
        for (const p of ring) {
          assert.ok(inIbiza(p), `fid ${f.fid}: ${p.join(',')} outside Ibiza`);
          [w, s, e, n] = [Math.min(w, p[0]!), Math.min(s, p[1]!), Math.max(e, p[0]!), Math.max(n, p[1]!)];
        }
      }
    }
    assert.equal(rings, 1101);
    assert.equal(vertices, 6070);
    // Extent equals the one gpkg_contents records.
    assert.deepEqual([w, s, e, n], [1.164913, 38.867235, 1.636849, 39.068778]);
  } finally {
    gpkg.close();
  }
});

test('area.gpkg: one GADM feature, the Balearic province clipped to Ibiza and its islets', async () => {
  const gpkg = await openGeoPackage(dataPath('itu-ibiza', 'area.gpkg'));
  try {
    assert.deepEqual(gpkg.layers(), [{ table: 'area', geometryColumn: 'geom', geometryType: 'MULTIPOLYGON', srsId: 4326 }]);
    const [feature, ...rest] = gpkg.features('area');
    assert.equal(rest.length, 0);
    assert.equal(feature!.fid, 1);
    assert.equal(feature!.properties.ISO, 'ESP');
    assert.equal(feature!.properties.NAME_1, 'Islas Baleares');
    assert.equal(feature!.properties.HASC_2, 'ES.PM.BL');
    assert.equal(feature!.geometry?.type, 'MultiPolygon');
    // 18 single-ring parts (Ibiza and islets down to lat 38.81, so not Formentera), 6,105 vertices,
    // all closed and inside the box.
    const geom = feature!.geometry as { type: 'MultiPolygon'; coordinates: Position[][][] };
    assert.equal(geom.coordinates.length, 18);
    const ringList = positions(geom);
    assert.equal(ringList.length, 18);
    assert.equal(ringList.reduce((k, r) => k + r.length, 0), 6105);
    for (const r of ringList) {
      assert.deepEqual(r[0], r.at(-1));
      assert.ok(r.every(inIbiza));
    }
  } finally {
    gpkg.close();
  }
});

test('errors name the file: unknown layer, not a GeoPackage, missing file', async () => {
  const path = dataPath('itu-ibiza', 'area.gpkg');
  const gpkg = await openGeoPackage(path);
  try {
    assert.throws(() => [...gpkg.features('roads')], (e: Error) => e.message.includes(path) && e.message.includes('available: area'));
  } finally {
    gpkg.close();
  }
  const tif = dataPath('itu-ibiza', 'population-100m.tif');
  await assert.rejects(openGeoPackage(tif), (e: Error) => e.message === `${tif}: not a GeoPackage (not an SQLite database)`);
  await assert.rejects(openGeoPackage(dataPath('itu-ibiza', 'nope.gpkg')), /nope\.gpkg/);
});

/** Copies the real area.gpkg with its layer moved to another SRS, optionally replacing the geometry. */
async function areaIn(srsId: number, geometry?: Uint8Array): Promise<string> {
  const { default: initSqlJs } = await import('sql.js');
  const { createRequire } = await import('node:module');
  const { readFile } = await import('node:fs/promises');
  const SQL = await initSqlJs({ locateFile: () => createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm') });
  const db = new SQL.Database(await readFile(dataPath('itu-ibiza', 'area.gpkg')));
  db.run(`INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition) VALUES (?, ?, 'EPSG', ?, 'x')`, [`EPSG ${srsId}`, srsId, srsId]);
  db.run(`UPDATE gpkg_geometry_columns SET srs_id = ?`, [srsId]);
  if (geometry) {
    // The spatial-index triggers call SpatiaLite functions that sql.js lacks.
    for (const [name] of db.exec(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_area_geom_%'`)[0]?.values ?? []) {
      db.run(`DROP TRIGGER "${String(name)}"`);
    }
    db.run(`UPDATE area SET geom = ?`, [geometry]);
  }
  const path = join(await mkdtemp(join(tmpdir(), 'postatlas-gpkg-')), `area-${srsId}.gpkg`);
  await writeFile(path, db.export());
  db.close();
  return path;
}

test('a GeoPackage in another SRS is refused with a reprojection hint', async () => {
  // ETRS89 / UTM 31N, what Spanish agencies usually publish.
  const path = await areaIn(25831);
  const gpkg = await openGeoPackage(path);
  try {
    assert.throws(
      () => [...gpkg.features()],
      (e: Error) => e.message.includes(path) && e.message.includes('layer area') && e.message.includes('EPSG:25831') && e.message.includes('ogr2ogr -t_srs EPSG:4326'),
    );
  } finally {
    gpkg.close();
  }
});

test('a web mercator layer comes out in lon/lat', async () => {
  const R = 6378137;
  const merc = ([lon, lat]: number[]): number[] => [(R * lon! * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat! * Math.PI) / 360))];
  const ring = square(1.3, 38.9, 0.1);
  const wkb = Buffer.concat([new WkbWriter(true).header(6).u32(1).bytes(), new WkbWriter(true).header(3).u32(1).ring(ring.map(merc)).bytes()]);
  const gpkg = await openGeoPackage(await areaIn(3857, gpkgBlob(new Uint8Array(wkb), { srsId: 3857, envelope: 1 })));
  try {
    const [f] = gpkg.features();
    const got = (f!.geometry as { coordinates: Position[][][] }).coordinates[0]![0]!;
    got.forEach((p, i) => assert.ok(Math.abs(p[0]! - ring[i]![0]!) < 1e-9 && Math.abs(p[1]! - ring[i]![1]!) < 1e-9, `${p.join(',')} vs ${ring[i]!.join(',')}`));
  } finally {
    gpkg.close();
  }
});
