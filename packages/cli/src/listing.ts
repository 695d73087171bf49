import { cell, csvCell } from './format.js';
import { allPages, currentRun, listCellSites, listSiteMetrics, listSites, listTransmissionNodes, type Database, type SiteRow } from '@postatlas/store';

export async function listLayer(
  db: Database,
  layer: 'sites' | 'cells' | 'nodes' | 'metrics',
  o: { country?: string | undefined; limit: number; json: boolean; out: (l: string) => void },
): Promise<void> {
  const q = { country: o.country?.toUpperCase(), limit: o.limit };
  let rows: object[];
  if (layer === 'metrics') {
    const run = await currentRun(db, q.country);
    if (!run) throw new Error(`list metrics: no analysis run${q.country ? ` includes ${q.country}` : ''} yet; run postatlas analyze`);
    rows = await listSiteMetrics(db, run.id, q);
  } else {
    rows = layer === 'sites' ? await listSites(db, q) : layer === 'cells' ? await listCellSites(db, q) : await listTransmissionNodes(db, q);
  }
  if (o.json) {
    o.out(JSON.stringify(rows));
    return;
  }
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  o.out(cols.join('\t'));
  for (const r of rows) o.out(cols.map((c) => cell((r as Record<string, unknown>)[c])).join('\t'));
}


const CSV_COLUMNS: (keyof SiteRow)[] = [
  'id', 'sourceId', 'dataset', 'name', 'siteType', 'country', 'admin1', 'admin2', 'lat', 'lon', 'isConnected', 'connectivityType', 'downloadMbps', 'hasElectricity',
];


/** Streams every site page by page, so a national registry is exported without holding it. */
export async function exportSites(
  db: Database,
  o: { country?: string | undefined; format: 'csv' | 'geojson'; write: (s: string) => void },
): Promise<void> {
  const pages = allPages((afterId) => listSites(db, { country: o.country?.toUpperCase(), afterId, limit: 5000 }));
  if (o.format === 'csv') {
    o.write(`${CSV_COLUMNS.join(',')}\n`);
    for await (const s of pages) o.write(`${CSV_COLUMNS.map((c) => csvCell(s[c])).join(',')}\n`);
    return;
  }
  o.write('{"type":"FeatureCollection","features":[');
  let first = true;
  for await (const s of pages) {
    const { lat, lon, ...properties } = s;
    o.write(`${first ? '\n' : ',\n'}${JSON.stringify({ type: 'Feature', id: s.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties })}`);
    first = false;
  }
  o.write('\n]}\n');
}
