import type { Sql } from './database.js';
import type { Page } from './queries.js';

/**
 * Listings of the infrastructure layers (cell sites, transmission nodes and links, coverage areas),
 * keyset-paged, with the visibility rule in the query as tiles.ts has it: a row is visible when its
 * dataset is public or its country is in the reader's scope (core's privateScope; null: every
 * country).
 *
 *     const page = await listCellSites(db, { country: 'KEN', generation: 4, scope: privateScope(p), afterId: 0, limit: 100 });
 *     for await (const l of allPages((afterId) => listTransmissionLinks(db, { scope: null, afterId }))) ...
 */

export interface Visibility {
  /**
   * Countries whose private datasets the reader may see, from privateScope(principal); null: all.
   * Left out, every row: the command line is run by whoever holds the database anyway.
   */
  scope?: readonly string[] | null;
}

type Query<F> = Page & Visibility & F;

/** The rule, for a table aliased t joined with datasets d; $1 is the scope. */
const VISIBLE = '(d.is_public OR $1::text[] IS NULL OR t.country = ANY($1::text[]))';
/** Parameters $1 to $4 of every listing: scope, after, limit, country. */
const common = (q: Query<object>) => [q.scope == null ? null : [...q.scope], q.afterId ?? 0, q.limit ?? 1000, q.country ?? null];
const PAGE = `${VISIBLE} AND t.id > $2 AND ($4::text IS NULL OR t.country = $4)`;

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

export async function listCellSites(db: Sql, q: Query<{ generation?: number | undefined; operator?: string | undefined }> = {}): Promise<CellSiteRow[]> {
  const { rows } = await db.query<CellSiteRow>(
    `SELECT t.id, t.source_id AS "sourceId", d.name AS dataset, t.country, ST_Y(t.geom) AS lat, ST_X(t.geom) AS lon,
            t.generation, t.operator, t.antenna_height_m AS "antennaHeightM", t.backhaul_type AS "backhaulType", t.range_m AS "rangeM"
     FROM cell_sites t JOIN datasets d ON d.id = t.dataset_id
     WHERE ${PAGE} AND ($5::int IS NULL OR t.generation = $5) AND ($6::text IS NULL OR t.operator = $6)
     ORDER BY t.id LIMIT $3`,
    [...common(q), q.generation ?? null, q.operator ?? null],
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

type MediumStatus = { medium?: string | undefined; status?: string | undefined };

export async function listTransmissionNodes(db: Sql, q: Query<MediumStatus> = {}): Promise<TransmissionNodeRow[]> {
  const { rows } = await db.query<TransmissionNodeRow>(
    `SELECT t.id, t.source_id AS "sourceId", d.name AS dataset, t.name, t.country, ST_Y(t.geom) AS lat, ST_X(t.geom) AS lon,
            t.medium, t.status, t.operator
     FROM transmission_nodes t JOIN datasets d ON d.id = t.dataset_id
     WHERE ${PAGE} AND ($5::text IS NULL OR t.medium = $5) AND ($6::text IS NULL OR t.status = $6)
     ORDER BY t.id LIMIT $3`,
    [...common(q), q.medium ?? null, q.status ?? null],
  );
  return rows;
}

/** GeoJSON geometry as the database writes it (6 decimals: about 0.1 m). */
export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

export interface TransmissionLinkRow {
  id: number;
  sourceId: string;
  dataset: string;
  name: string | null;
  country: string;
  medium: string;
  status: string;
  operator: string | null;
  /** Along the ellipsoid. */
  lengthM: number;
  geometry: GeoJsonGeometry;
}

export async function listTransmissionLinks(db: Sql, q: Query<MediumStatus> = {}): Promise<TransmissionLinkRow[]> {
  // length_m is ST_Length(geom::geography), computed when the link is written (layers.ts).
  const { rows } = await db.query<TransmissionLinkRow>(
    `SELECT t.id, t.source_id AS "sourceId", d.name AS dataset, t.name, t.country, t.medium, t.status, t.operator,
            t.length_m AS "lengthM", ST_AsGeoJSON(t.geom, 6)::json AS geometry
     FROM transmission_links t JOIN datasets d ON d.id = t.dataset_id
     WHERE ${PAGE} AND ($5::text IS NULL OR t.medium = $5) AND ($6::text IS NULL OR t.status = $6)
     ORDER BY t.id LIMIT $3`,
    [...common(q), q.medium ?? null, q.status ?? null],
  );
  return rows;
}

export interface CoverageAreaRow {
  id: number;
  sourceId: string;
  dataset: string;
  country: string;
  generation: number;
  operator: string | null;
  /** On the ellipsoid. */
  areaKm2: number;
  geometry: GeoJsonGeometry;
}

export async function listCoverageAreas(db: Sql, q: Query<{ generation?: number | undefined; operator?: string | undefined }> = {}): Promise<CoverageAreaRow[]> {
  const { rows } = await db.query<CoverageAreaRow>(
    `SELECT t.id, t.source_id AS "sourceId", d.name AS dataset, t.country, t.generation, t.operator,
            ST_Area(t.geom::geography) / 1e6 AS "areaKm2", ST_AsGeoJSON(t.geom, 6)::json AS geometry
     FROM coverage_areas t JOIN datasets d ON d.id = t.dataset_id
     WHERE ${PAGE} AND ($5::int IS NULL OR t.generation = $5) AND ($6::text IS NULL OR t.operator = $6)
     ORDER BY t.id LIMIT $3`,
    [...common(q), q.generation ?? null, q.operator ?? null],
  );
  return rows;
}
