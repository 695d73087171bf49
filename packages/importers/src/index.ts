import { extname } from 'node:path';
import type { Database } from '@postatlas/store';
import { importVectorFile, type ImportOptions, type ImportReport } from './import.js';
import { importPopulationRaster } from './population.js';

export * from './import.js';
export * from './schemas.js';
export * from './countries.js';
export { importPopulationRaster } from './population.js';
export { readElevationModel, readPopulationRaster } from './formats/geotiff.js';
export { readLines } from './formats/geojson.js';

/** Imports any supported file into its layer: GeoTIFF population rasters, everything else as vector rows. */
export function importFile(db: Database, opts: ImportOptions): Promise<ImportReport> {
  const ext = extname(opts.file).toLowerCase();
  if (ext === '.tif' || ext === '.tiff') {
    if (opts.layer !== 'population') throw new Error(`${opts.file}: a GeoTIFF imports as population, not ${opts.layer}`);
    return importPopulationRaster(db, opts);
  }
  return importVectorFile(db, opts);
}
export * from './services.js';
export * from './training.js';
export * from './gazetteer.js';
