import { assembleRaster, type PopulationRaster, type RasterGrid, type RasterTile } from '@postatlas/core';
import type { Sql } from './database.js';

export interface StoredRaster extends RasterGrid {
  id: number;
  datasetId: number;
  country: string;
  totalPopulation: number;
}

/** Replaces the dataset's raster: a raster is one unit, re-importing swaps it whole. */
export async function replaceRaster(
  tx: Sql,
  datasetId: number,
  country: string,
  r: RasterGrid,
  tiles: Iterable<Omit<RasterTile, 'tileX' | 'tileY'>>,
): Promise<{ id: number; totalPopulation: number }> {
  await tx.query('DELETE FROM population_rasters WHERE dataset_id = $1', [datasetId]);
  const east = r.west + r.width * r.dx;
  const south = r.north - r.height * r.dy;
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO population_rasters (country, dataset_id, width, height, west, north, dx, dy, total_population, extent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, ST_MakeEnvelope($5, $9, $10, $6, 4326)) RETURNING id`,
    [country, datasetId, r.width, r.height, r.west, r.north, r.dx, r.dy, south, east],
  );
  const id = rows[0]!.id;
  let total = 0;
  for (const t of tiles) {
    for (const v of t.values) if (v > 0) total += v;
    await tx.query(
      'INSERT INTO population_raster_tiles (raster_id, country, col0, row0, width, height, cells) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [id, country, t.col0, t.row0, t.width, t.height, toBytes(t.values)],
    );
  }
  await tx.query('UPDATE population_rasters SET total_population = $2 WHERE id = $1', [id, total]);
  return { id, totalPopulation: total };
}

export async function listRasters(db: Sql, country?: string): Promise<StoredRaster[]> {
  const { rows } = await db.query<Record<string, number | string>>(
    `SELECT id, dataset_id, country, width, height, west, north, dx, dy, total_population FROM population_rasters
     WHERE $1::text IS NULL OR country = $1 ORDER BY country, id`,
    [country ?? null],
  );
  return rows.map((r) => ({
    id: r.id as number,
    datasetId: r.dataset_id as number,
    country: r.country as string,
    width: r.width as number,
    height: r.height as number,
    west: r.west as number,
    north: r.north as number,
    dx: r.dx as number,
    dy: r.dy as number,
    totalPopulation: r.total_population as number,
  }));
}

/** Reads a stored raster back into one grid. */
export async function loadRaster(db: Sql, raster: StoredRaster): Promise<PopulationRaster> {
  const { rows } = await db.query<{ col0: number; row0: number; width: number; height: number; cells: Uint8Array }>(
    'SELECT col0, row0, width, height, cells FROM population_raster_tiles WHERE raster_id = $1',
    [raster.id],
  );
  return assembleRaster(raster, rows.map((t) => ({ ...t, values: fromBytes(t.cells) })));
}

// Little-endian on the wire whatever the host, so a dump moves between machines.
function toBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

function fromBytes(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
