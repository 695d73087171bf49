import type { Layer } from '@postatlas/core';
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
}

/** The columns of a SiteRow, selected from `sites s JOIN datasets d ON d.id = s.dataset_id`. */
export const SITE_ROW_COLUMNS = `s.id, s.source_id AS "sourceId", d.name AS dataset, s.name, s.site_type AS "siteType", s.country,
  s.admin1, s.admin2, ST_Y(s.geom) AS lat, ST_X(s.geom) AS lon, s.is_connected AS "isConnected",
  s.connectivity_type AS "connectivityType", s.download_mbps AS "downloadMbps", s.has_electricity AS "hasElectricity",
  s.services, s.opening_hours AS "openingHours"`;

export async function listSites(db: Sql, q: Page & { siteType?: string | undefined } = {}): Promise<SiteRow[]> {
  const { rows } = await db.query<SiteRow>(
    `SELECT ${SITE_ROW_COLUMNS}
     FROM sites s JOIN datasets d ON d.id = s.dataset_id
     WHERE ($1::text IS NULL OR s.country = $1) AND ($2::text IS NULL OR s.site_type = $2) AND s.id > $3
     ORDER BY s.id LIMIT $4`,
    [q.country ?? null, q.siteType ?? null, q.afterId ?? 0, q.limit ?? 1000],
  );
  return rows;
}

export interface CellSiteRow {
  id: number;
  sourceId: string;
  dataset: string;
  country: string;
  lat: number;
  lon: number;
  generation: number;
  operator: string | null;
  antennaHeightM: number | null;
  backhaulType: string | null;
  rangeM: number | null;
}

export async function listCellSites(db: Sql, q: Page = {}): Promise<CellSiteRow[]> {
  const { rows } = await db.query<CellSiteRow>(
    `SELECT c.id, c.source_id AS "sourceId", d.name AS dataset, c.country, ST_Y(c.geom) AS lat, ST_X(c.geom) AS lon,
            c.generation, c.operator, c.antenna_height_m AS "antennaHeightM", c.backhaul_type AS "backhaulType", c.range_m AS "rangeM"
     FROM cell_sites c JOIN datasets d ON d.id = c.dataset_id
     WHERE ($1::text IS NULL OR c.country = $1) AND c.id > $2 ORDER BY c.id LIMIT $3`,
    [q.country ?? null, q.afterId ?? 0, q.limit ?? 1000],
  );
  return rows;
}

export interface TransmissionNodeRow {
  id: number;
  sourceId: string;
  dataset: string;
  name: string | null;
  country: string;
  lat: number;
  lon: number;
  medium: string;
  status: string;
  operator: string | null;
}

export async function listTransmissionNodes(db: Sql, q: Page = {}): Promise<TransmissionNodeRow[]> {
  const { rows } = await db.query<TransmissionNodeRow>(
    `SELECT n.id, n.source_id AS "sourceId", d.name AS dataset, n.name, n.country, ST_Y(n.geom) AS lat, ST_X(n.geom) AS lon,
            n.medium, n.status, n.operator
     FROM transmission_nodes n JOIN datasets d ON d.id = n.dataset_id
     WHERE ($1::text IS NULL OR n.country = $1) AND n.id > $2 ORDER BY n.id LIMIT $3`,
    [q.country ?? null, q.afterId ?? 0, q.limit ?? 1000],
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
