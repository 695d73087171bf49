import type { Layer } from '@postatlas/core';
import { isoTime } from './accounts.js';
import type { Sql } from './database.js';
import { LAYER_TABLES } from './layers.js';

export interface LayerCount {
  layer: Layer | 'population_raster';
  country: string;
  count: number;
  /** People, for population layers. */
  population?: number;
}

/** What the registry holds, per layer and country: the demo's and `postatlas list`'s summary. */
export async function countsByLayer(db: Sql): Promise<LayerCount[]> {
  const parts = (Object.entries(LAYER_TABLES) as [Layer, { table: string }][]).map(
    ([layer, { table }]) =>
      `SELECT '${layer}' AS layer, country, count(*)::int AS count,
        ${layer === 'population' ? 'sum(population)' : 'NULL::float8'} AS population FROM ${table} GROUP BY country`,
  );
  parts.push(`SELECT 'population_raster', country, count(*)::int, sum(total_population) FROM population_rasters GROUP BY country`);
  const { rows } = await db.query<LayerCount>(`${parts.join(' UNION ALL ')} ORDER BY country, layer`);
  return rows.map((r) => (r.population == null ? { layer: r.layer, country: r.country, count: r.count } : r));
}

export interface Page {
  country?: string | undefined;
  limit?: number;
  /** Keyset paging: rows with id greater than this. */
  afterId?: number;
}

export interface SiteRow {
  id: number;
  sourceId: string;
  dataset: string;
  name: string | null;
  siteType: string;
  country: string;
  admin1: string | null;
  admin2: string | null;
  lat: number;
  lon: number;
  isConnected: boolean | null;
  connectivityType: string;
  downloadMbps: number | null;
  hasElectricity: boolean | null;
  /** What the office offers, as JSON; null when nobody said. */
  services: unknown;
  openingHours: unknown;
  /** The speed and monthly price in the office's contract: private to its country's managers. */
  contractedMbps: number | null;
  contractedMonthlyUsd: number | null;
  /** Median download of its devices' speed tests over the last 7 days, and their latest report. */
  measuredDownloadMbps: number | null;
  measuredAt: string | null;
}

/** The columns of a SiteRow, selected from `sites s JOIN datasets d ON d.id = s.dataset_id`. */
export const SITE_ROW_COLUMNS = `s.id, s.source_id AS "sourceId", d.name AS dataset, s.name, s.site_type AS "siteType", s.country,
  s.admin1, s.admin2, ST_Y(s.geom) AS lat, ST_X(s.geom) AS lon, s.is_connected AS "isConnected",
  s.connectivity_type AS "connectivityType", s.download_mbps AS "downloadMbps", s.has_electricity AS "hasElectricity",
  s.services, s.opening_hours AS "openingHours", s.contracted_mbps AS "contractedMbps",
  s.contracted_monthly_usd AS "contractedMonthlyUsd", s.measured_download_mbps AS "measuredDownloadMbps",
  ${isoTime('s.measured_at')} AS "measuredAt"`;

/**
 * Sites in id order, a page at a time; `search` finds a name containing the words (any case) or
 * an exact source id or site id.
 */
export async function listSites(db: Sql, q: Page & { siteType?: string | undefined; search?: string | undefined } = {}): Promise<SiteRow[]> {
  // Only the filters given, so the planner walks the (country, id) index and stops at the limit
  // rather than sorting every site of the country ("$1 IS NULL OR ..." would hide the index).
  const params: unknown[] = [q.afterId ?? 0, q.limit ?? 1000];
  const where = ['s.id > $1'];
  if (q.country != null) where.push(`s.country = $${params.push(q.country)}`);
  if (q.siteType != null) where.push(`s.site_type = $${params.push(q.siteType)}`);
  if (q.search) {
    const text = q.search.trim();
    // LIKE's own wildcards in what someone typed are literal characters.
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const id = /^\d{1,9}$/.test(text) ? Number(text) : null;
    where.push(`(s.name ILIKE $${params.push(pattern)} OR s.source_id = $${params.push(text)} OR s.id = $${params.push(id)}::int)`);
  }
  const { rows } = await db.query<SiteRow>(
    `SELECT ${SITE_ROW_COLUMNS} FROM sites s JOIN datasets d ON d.id = s.dataset_id
     WHERE ${where.join(' AND ')} ORDER BY s.id LIMIT $2`,
    params,
  );
  return rows;
}

/** Walks a keyset-paged listing to the end without holding more than one page. */
export async function* allPages<T extends { id: number }>(fetch: (afterId: number) => Promise<T[]>): AsyncGenerator<T> {
  let afterId = 0;
  for (;;) {
    const page = await fetch(afterId);
    if (page.length === 0) return;
    yield* page;
    afterId = page[page.length - 1]!.id;
  }
}

export interface KnownSite {
  sourceId: string;
  dataset: string;
  name: string | null;
  siteType: string;
  lat: number;
  lon: number;
}

/** Sites of a country held by other datasets: an import's new sites are checked against them for duplicates. */
export async function sitesOutsideDataset(db: Sql, country: string, datasetName: string): Promise<KnownSite[]> {
  const { rows } = await db.query<KnownSite>(
    `SELECT s.source_id AS "sourceId", d.name AS dataset, s.name, s.site_type AS "siteType", ST_Y(s.geom) AS lat, ST_X(s.geom) AS lon
     FROM sites s JOIN datasets d ON d.id = s.dataset_id
     WHERE s.country = $1 AND d.name <> $2`,
    [country, datasetName],
  );
  return rows;
}
