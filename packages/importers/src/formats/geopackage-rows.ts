import { statSync } from 'node:fs';
import { stringify } from './geojson.js';
import { openGeoPackage } from './geopackage.js';
import type { RowSource, SourceRow } from './source.js';

/** A GeoPackage's only feature table as rows; `fid` is a column, so it can serve as the source id. */
export async function readGeoPackageRows(path: string, table?: string): Promise<RowSource> {
  const gpkg = await openGeoPackage(path);
  const features = [...gpkg.features(table)];
  gpkg.close();
  const columns = ['fid', ...new Set(features.slice(0, 100).flatMap((f) => Object.keys(f.properties)))];
  const totalBytes = statSync(path).size;
  let done = 0;
  async function* rows(): AsyncGenerator<SourceRow> {
    for (let i = 0; i < features.length; i++) {
      const f = features[i]!;
      done = Math.round(((i + 1) / features.length) * totalBytes);
      yield { where: `feature ${f.fid}`, values: { fid: String(f.fid), ...stringify(f.properties) }, geometry: f.geometry };
    }
  }
  return { format: 'geopackage', columns, rows: rows(), bytesRead: () => done, totalBytes };
}
