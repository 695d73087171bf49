import { statSync } from 'node:fs';
import { stringify } from './geojson.js';
import { openGeoPackage } from './geopackage.js';
import { featureSource, type RowSource } from './source.js';

/** A GeoPackage's only feature table as rows; `fid` is a column, so it can serve as the source id. */
export async function readGeoPackageRows(path: string, table?: string): Promise<RowSource> {
  const gpkg = await openGeoPackage(path);
  try {
    const features = [...gpkg.features(table)];
    const toRow = (f: (typeof features)[number]) => ({
      where: `feature ${f.fid}`,
      values: { fid: String(f.fid), ...stringify(f.properties) },
      geometry: f.geometry,
    });
    return featureSource('geopackage', statSync(path).size, features, toRow, ['fid']);
  } finally {
    gpkg.close();
  }
}
