/**
 * GeoPackage (OGC 12-128) feature reader on sql.js, so importing a .gpkg needs no native GDAL.
 * Geometries come out as GeoJSON in EPSG:4326; anything we cannot convert exactly is refused
 * with a hint rather than guessed at.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import type { Geometry, Position } from 'geojson';

export interface GeoPackageLayer {
  table: string;
  geometryColumn: string;
  geometryType: string;
  srsId: number;
}

export interface GeoPackageFeature {
  fid: number;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
}

export interface GeoPackage {
  layers(): GeoPackageLayer[];
  features(table?: string): Iterable<GeoPackageFeature>;
  close(): void;
}

// One wasm instance per process: instantiating it costs far more than opening a file.
let sqlJs: Promise<SqlJsStatic> | undefined;
function loadSqlJs(): Promise<SqlJsStatic> {
  const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  sqlJs ??= initSqlJs({ locateFile: () => wasm });
  return sqlJs;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

export async function openGeoPackage(path: string): Promise<GeoPackage> {
  const bytes = await readFile(path);
  // sql.js accepts any bytes and only fails at the first query, with a message that names no file.
  if (bytes.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
    throw new Error(`${path}: not a GeoPackage (not an SQLite database)`);
  }
  const SQL = await loadSqlJs();
  const db = new SQL.Database(bytes);
  try {
    const tables = new Set(query(db, `SELECT name FROM sqlite_master WHERE type IN ('table','view')`).map((r) => r[0]));
    for (const required of ['gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys']) {
      if (!tables.has(required)) throw new Error(`${path}: not a GeoPackage (SQLite database without ${required})`);
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return new SqlJsGeoPackage(path, db);
}

class SqlJsGeoPackage implements GeoPackage {
  constructor(private readonly path: string, private readonly db: Database) {}

  layers(): GeoPackageLayer[] {
    return query(
      this.db,
      `SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id
         FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
        WHERE c.data_type = 'features' ORDER BY c.table_name`,
    ).map(([table, geometryColumn, geometryType, srsId]) => ({
      table: String(table),
      geometryColumn: String(geometryColumn),
      geometryType: String(geometryType),
      srsId: Number(srsId),
    }));
  }

  *features(table?: string): Generator<GeoPackageFeature> {
    const layer = this.pickLayer(table);
    const project = this.projectionFor(layer);
    const columns = query(this.db, `PRAGMA table_info(${quoteId(layer.table)})`);
    // GeoPackage requires an INTEGER PRIMARY KEY; fall back to rowid for files that skip it.
    const pk = columns.find((c) => Number(c[5]) > 0);
    const fidColumn = pk ? String(pk[1]) : 'rowid';
    const propertyColumns = columns.map((c) => String(c[1])).filter((n) => n !== fidColumn && n !== layer.geometryColumn);
    const select = [fidColumn, layer.geometryColumn, ...propertyColumns].map(quoteId).join(', ');
    const stmt = this.db.prepare(`SELECT ${select} FROM ${quoteId(layer.table)}`);
    try {
      while (stmt.step()) {
        const [fid, blob, ...values] = stmt.get();
        const properties: Record<string, unknown> = {};
        propertyColumns.forEach((name, i) => (properties[name] = values[i] ?? null));
        let geometry: Geometry | null = null;
        if (blob instanceof Uint8Array) {
          try {
            geometry = decodeGpkgGeometry(blob).geometry;
          } catch (e) {
            throw new Error(`${this.path}: layer ${layer.table}, fid ${String(fid)}: ${(e as Error).message}`);
          }
        }
        yield { fid: Number(fid), properties, geometry: geometry && project ? mapPositions(geometry, project) : geometry };
      }
    } finally {
      stmt.free();
    }
  }

  close(): void {
    this.db.close();
  }

  private pickLayer(table: string | undefined): GeoPackageLayer {
    const layers = this.layers();
    const names = layers.map((l) => l.table).join(', ') || '(none)';
    if (table === undefined) {
      if (layers.length === 1) return layers[0]!;
      throw new Error(`${this.path}: ${layers.length} feature layers (${names}); say which one to read`);
    }
    const layer = layers.find((l) => l.table === table);
    if (!layer) throw new Error(`${this.path}: no feature layer "${table}"; available: ${names}`);
    return layer;
  }

  /** Returns null when coordinates are already lon/lat WGS 84, a converter for web mercator, else throws. */
  private projectionFor(layer: GeoPackageLayer): ((p: Position) => Position) | null {
    const row = query(
      this.db,
      `SELECT srs_name, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?`,
      [layer.srsId],
    )[0];
    const epsg = row && String(row[1]).toUpperCase() === 'EPSG' ? Number(row[2]) : layer.srsId;
    if (layer.srsId === 4326 || epsg === 4326) return null;
    // 900913 and 3785 are retired codes for the same spherical mercator.
    if ([3857, 900913, 3785].includes(epsg)) return webMercatorToLonLat;
    const name = row ? `srs_id ${layer.srsId} (${String(row[0])}, ${String(row[1])}:${String(row[2])})` : `srs_id ${layer.srsId}`;
    throw new Error(
      `${this.path}: layer ${layer.table} uses ${name}; only EPSG:4326 and EPSG:3857 are read. ` +
        `Reproject to EPSG:4326 first, e.g. ogr2ogr -t_srs EPSG:4326 out.gpkg ${this.path}`,
    );
  }
}

function query(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  return db.exec(sql, params)[0]?.values ?? [];
}

function quoteId(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const R = 6378137;
export function webMercatorToLonLat([x = 0, y = 0]: Position): Position {
  return [(x / R) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI)];
}

function mapPositions(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point': return { type: g.type, coordinates: g.coordinates.length ? f(g.coordinates) : [] };
    case 'MultiPoint':
    case 'LineString': return { type: g.type, coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon': return { type: g.type, coordinates: g.coordinates.map((r) => r.map(f)) };
    case 'MultiPolygon': return { type: g.type, coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
    case 'GeometryCollection': return { type: g.type, geometries: g.geometries.map((c) => mapPositions(c, f)) };
  }
}

// Envelope sizes in bytes for envelope indicator 0..4: none, xy, xyz, xym, xyzm.
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** Decodes a GeoPackage geometry blob: 'GP' header, optional envelope, then standard WKB. */
export function decodeGpkgGeometry(blob: Uint8Array): { srsId: number; geometry: Geometry | null } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('geometry blob lacks the GeoPackage "GP" header');
  if (blob[2] !== 0) throw new Error(`unsupported GeoPackage geometry version ${blob[2]}`);
  const flags = blob[3]!;
  if (flags & 0x20) throw new Error('extended GeoPackage geometry types are not supported');
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new Error(`invalid envelope indicator ${(flags >> 1) & 0x07}`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, (flags & 0x01) === 1);
  if (flags & 0x10) return { srsId, geometry: null };
  return { srsId, geometry: decodeWkb(blob.subarray(8 + envelope)) };
}

/** Decodes OGC WKB (ISO and PostGIS EWKB Z/M flavours) to GeoJSON, keeping x and y only. */
export function decodeWkb(bytes: Uint8Array): Geometry {
  const reader = new WkbReader(bytes);
  return reader.geometry();
}

const WKB_TYPES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'] as const;

class WkbReader {
  private readonly view: DataView;
  private offset = 0;
  private little = true;
  private dims = 2;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  geometry(expected?: string): Geometry {
    this.need(5);
    const order = this.bytes[this.offset++];
    if (order !== 0 && order !== 1) throw new Error(`invalid WKB byte order ${order} at byte ${this.offset - 1}`);
    this.little = order === 1;
    const code = this.uint32();
    // EWKB puts Z/M/SRID in the high bits; ISO adds 1000 (Z), 2000 (M) or 3000 (ZM) to the type.
    const ewkbZ = (code & 0x80000000) !== 0;
    const ewkbM = (code & 0x40000000) !== 0;
    if (code & 0x20000000) this.uint32(); // embedded SRID; the container already says the SRS
    const iso = code & 0x0fffffff;
    const base = iso % 1000;
    const isoDims = Math.floor(iso / 1000);
    const type = WKB_TYPES[base];
    if (!type || isoDims > 3) throw new Error(`unsupported WKB geometry type ${code}`);
    if (expected && type !== expected) throw new Error(`WKB ${expected} expected, found ${type}`);
    this.dims = 2 + (ewkbZ || isoDims === 1 || isoDims === 3 ? 1 : 0) + (ewkbM || isoDims === 2 || isoDims === 3 ? 1 : 0);

    switch (type) {
      case 'Point': {
        const p = this.position();
        // WKB has no empty point; the convention is NaN coordinates.
        return { type, coordinates: Number.isNaN(p[0]) && Number.isNaN(p[1]) ? [] : p };
      }
      case 'LineString': return { type, coordinates: this.positions() };
      case 'Polygon': return { type, coordinates: this.rings() };
      case 'MultiPoint': return { type, coordinates: this.members('Point', (g) => (g as { coordinates: Position }).coordinates) };
      case 'MultiLineString': return { type, coordinates: this.members('LineString', (g) => (g as { coordinates: Position[] }).coordinates) };
      case 'MultiPolygon': return { type, coordinates: this.members('Polygon', (g) => (g as { coordinates: Position[][] }).coordinates) };
      case 'GeometryCollection': return { type, geometries: this.members(undefined, (g) => g) };
    }
  }

  private members<T>(expected: string | undefined, pick: (g: Geometry) => T): T[] {
    const n = this.count(5);
    const out: T[] = [];
    // Every member carries its own byte order and type header.
    for (let i = 0; i < n; i++) out.push(pick(this.geometry(expected)));
    return out;
  }

  private rings(): Position[][] {
    const n = this.count(4);
    const out: Position[][] = [];
    for (let i = 0; i < n; i++) out.push(this.positions());
    return out;
  }

  private positions(): Position[] {
    const n = this.count(8 * this.dims);
    const out: Position[] = [];
    for (let i = 0; i < n; i++) out.push(this.position());
    return out;
  }

  private position(): Position {
    this.need(8 * this.dims);
    const x = this.view.getFloat64(this.offset, this.little);
    const y = this.view.getFloat64(this.offset + 8, this.little);
    this.offset += 8 * this.dims;
    return [x, y];
  }

  /** Reads an element count and checks the bytes can exist, so corrupt counts fail instead of allocating. */
  private count(minBytesEach: number): number {
    const n = this.uint32();
    this.need(n * minBytesEach);
    return n;
  }

  private uint32(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, this.little);
    this.offset += 4;
    return v;
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new Error(`truncated WKB: need ${n} bytes at byte ${this.offset} of ${this.bytes.length}`);
  }
}
