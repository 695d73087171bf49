import type { PopulationRaster, RasterGrid } from './domain.js';

/** A block of a raster, as the store keeps it: rasterTiles cuts, assembleRaster puts back. */
export interface RasterTile {
  tileX: number;
  tileY: number;
  col0: number;
  row0: number;
  width: number;
  height: number;
  values: Float32Array;
}

/** Cuts a raster into tileSize × tileSize blocks, row by row from the north-west; edge tiles are smaller. */
export function* rasterTiles(r: PopulationRaster, tileSize = 256): Generator<RasterTile> {
  if (!Number.isInteger(tileSize) || tileSize < 1) throw new Error(`tile size must be a positive integer, got ${tileSize}`);
  for (let row0 = 0, tileY = 0; row0 < r.height; row0 += tileSize, tileY++) {
    const height = Math.min(tileSize, r.height - row0);
    for (let col0 = 0, tileX = 0; col0 < r.width; col0 += tileSize, tileX++) {
      const width = Math.min(tileSize, r.width - col0);
      const values = new Float32Array(width * height);
      for (let y = 0; y < height; y++) {
        const start = (row0 + y) * r.width + col0;
        values.set(r.values.subarray(start, start + width), y * width);
      }
      yield { tileX, tileY, col0, row0, width, height, values };
    }
  }
}

type TileLike = Pick<RasterTile, 'col0' | 'row0' | 'width' | 'height' | 'values'>;

/** Inverse of rasterTiles; pixels no tile covers are NaN (no data). Same-type set() copies bits, NaN payloads included. */
export function assembleRaster(
  meta: RasterGrid,
  tiles: Iterable<TileLike>,
): PopulationRaster {
  const { width, height, west, north, dx, dy } = meta;
  const values = new Float32Array(width * height).fill(NaN);
  for (const t of tiles) {
    if (t.col0 < 0 || t.row0 < 0 || t.col0 + t.width > width || t.row0 + t.height > height || t.values.length !== t.width * t.height) {
      throw new Error(`tile at col ${t.col0}, row ${t.row0} (${t.width}×${t.height}, ${t.values.length} values) does not fit a ${width}×${height} raster`);
    }
    for (let y = 0; y < t.height; y++) {
      values.set(t.values.subarray(y * t.width, (y + 1) * t.width), (t.row0 + y) * width + t.col0);
    }
  }
  return { width, height, west, north, dx, dy, values };
}
