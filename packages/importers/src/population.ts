import { basename, extname } from 'node:path';
import { recordImport, replaceRaster, upsertDataset, type Database } from '@postatlas/store';
import { resolveCountry } from './countries.js';
import { rasterTiles } from '@postatlas/core';
import { readPopulationRaster } from './formats/geotiff.js';
import { fileHash, type ImportOptions, type ImportReport } from './import.js';

/** Imports a population GeoTIFF (WorldPop, GHSL; EPSG:4326) as the dataset's raster, replacing the previous one. */
export async function importPopulationRaster(db: Database, opts: ImportOptions): Promise<ImportReport & { totalPopulation: number; size: string }> {
  const country = opts.country ? resolveCountry(opts.country) : null;
  if (!country) throw new Error(`${opts.file}: a population raster needs --country (ISO 3166-1 alpha-3)`);
  const raster = await readPopulationRaster(opts.file);
  const dataset = opts.dataset ?? basename(opts.file, extname(opts.file));
  const sha256 = await fileHash(opts.file);
  const cells = raster.width * raster.height;
  const result = await db.transaction(async (tx) => {
    const datasetId = await upsertDataset(tx, {
      name: dataset, layer: 'population', source: basename(opts.file), format: 'geotiff',
      licence: opts.licence ?? null, attribution: opts.attribution ?? null, owner: opts.owner ?? null, isPublic: true,
    });
    const stored = await replaceRaster(tx, datasetId, country, raster, rasterTiles(raster));
    await recordImport(tx, 'population_rasters', {
      datasetId, countries: [country], file: basename(opts.file), sha256, importedBy: opts.importedBy ?? 'unknown',
      rowsRead: cells, inserted: cells, updated: 0, unchanged: 0, removed: 0, rejected: 0,
    });
    opts.onProgress?.(1, 1, cells);
    return stored;
  });
  return {
    file: opts.file, layer: 'population', format: 'geotiff', schema: `EPSG:${raster.epsg}`, dataset,
    rowsRead: cells, imported: cells, inserted: cells, updated: 0, unchanged: 0, removed: 0, rejected: 0,
    countries: { [country]: cells }, issues: [], reasons: {}, committed: true,
    totalPopulation: result.totalPopulation, size: `${raster.width}×${raster.height}`,
  };
}
