import type { Layer } from '@postatlas/core';
import { isoTime } from './accounts.js';
import { appendAudit } from './audit.js';
import type { Database, Sql } from './database.js';
import { LAYER_TABLES } from './layers.js';
import { recordProgress } from './progress.js';

export interface DatasetInput {
  name: string;
  layer: Layer;
  source: string;
  format: string;
  licence?: string | null;
  attribution?: string | null;
  owner?: string | null;
  /** Unsaid: private when new, and unchanged on a re-import (the owner's choice stands). */
  isPublic?: boolean;
}

export interface Dataset extends Required<DatasetInput> {
  id: number;
  countries: string[];
  createdAt: string;
}

/** A dataset is known by its name within a layer; importing it again updates its provenance. */
export async function upsertDataset(tx: Sql, d: DatasetInput): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO datasets (name, layer, source, format, licence, attribution, owner, is_public)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (name, layer) DO UPDATE SET source = EXCLUDED.source, format = EXCLUDED.format,
       licence = COALESCE(EXCLUDED.licence, datasets.licence),
       attribution = COALESCE(EXCLUDED.attribution, datasets.attribution),
       owner = COALESCE(EXCLUDED.owner, datasets.owner), is_public = COALESCE($9::boolean, datasets.is_public)
     RETURNING id`,
    [d.name, d.layer, d.source, d.format, d.licence ?? null, d.attribution ?? null, d.owner ?? null, d.isPublic ?? false, d.isPublic ?? null],
  );
  return rows[0]!.id;
}

export async function findDataset(tx: Sql, name: string, layer: Layer): Promise<number | null> {
  const { rows } = await tx.query<{ id: number }>('SELECT id FROM datasets WHERE name = $1 AND layer = $2', [name, layer]);
  return rows[0]?.id ?? null;
}

/** What one import did, row by row. */
export interface ImportCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  rejected: number;
}

export interface ImportRecord extends ImportCounts {
  datasetId: number;
  countries: string[];
  file: string;
  sha256: string;
  importedBy: string;
}

/** Records the import and refreshes the dataset's country list from what it now holds. */
export async function recordImport(tx: Sql, table: string, r: ImportRecord): Promise<number> {
  // Countries the dataset covered before: a file that no longer has a country's sites moves its progress too.
  const { rows: [covered] } = await tx.query<{ countries: string[] }>('SELECT countries FROM datasets WHERE id = $1', [r.datasetId]);
  await tx.query(
    `UPDATE datasets SET countries = COALESCE((SELECT array_agg(DISTINCT country ORDER BY country) FROM ${table} WHERE dataset_id = $1), '{}')
     WHERE id = $1`,
    [r.datasetId],
  );
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO imports (dataset_id, countries, file, sha256, imported_by, rows_read, inserted, updated, unchanged, removed, rejected)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [r.datasetId, r.countries, r.file, r.sha256, r.importedBy, r.rowsRead, r.inserted, r.updated, r.unchanged, r.removed, r.rejected],
  );
  if (table === 'sites') await recordProgress(tx, [...(covered?.countries ?? []), ...r.countries]);
  // The embedded database has no autovacuum: without fresh statistics the planner takes a big
  // table for a small one and sorts a whole country where an index would stop after one page.
  await tx.query(`ANALYZE ${table}`);
  return rows[0]!.id;
}

const DATASET_COLUMNS = `d.id, d.name, d.layer, d.countries, d.source, d.format, d.licence, d.attribution, d.owner,
  d.is_public AS "isPublic", ${isoTime('d.created_at')} AS "createdAt"`;

/**
 * Which datasets a reader may see, `param` being their private scope (a text[]; NULL for every
 * country): sites and population are public whatever the flag says; infrastructure when its
 * owner published it or it covers a country in scope.
 */
export const datasetVisible = (param: string) =>
  `(${param}::text[] IS NULL OR d.layer IN ('sites', 'population') OR d.is_public OR d.countries && ${param}::text[])`;

/** One import of a dataset, as the imports table recorded it. */
export interface ImportEntry extends ImportCounts {
  id: number;
  datasetId: number;
  at: string;
  /** 'user:3', 'key:7', 'cli:alice' */
  by: string;
  file: string;
  sha256: string;
  countries: string[];
}

const IMPORT_COLUMNS = `i.id, i.dataset_id AS "datasetId", ${isoTime('i.imported_at')} AS at, i.imported_by AS by, i.file, i.sha256,
  i.countries, i.rows_read AS "rowsRead", i.inserted, i.updated, i.unchanged, i.removed, i.rejected`;

export interface DatasetSummary extends Dataset {
  /** Records the dataset holds now; for a population raster, its cells. */
  rows: number;
  lastImport: ImportEntry | null;
}

// float8: a number from both drivers (count() is a bigint, a string from pg and a BigInt from PGlite).
const ROWS = `(CASE d.layer ${Object.entries(LAYER_TABLES).map(([layer, t]) => `WHEN '${layer}' THEN (SELECT count(*) FROM ${t.table} WHERE dataset_id = d.id)`).join(' ')} END
  + coalesce((SELECT sum(width::int8 * height) FROM population_rasters WHERE dataset_id = d.id), 0))::float8`;
const SUMMARY_COLUMNS = `${DATASET_COLUMNS}, ${ROWS} AS rows,
  (SELECT to_jsonb(i) FROM (SELECT ${IMPORT_COLUMNS} FROM imports i WHERE i.dataset_id = d.id ORDER BY i.id DESC LIMIT 1) i) AS "lastImport"`;

/**
 * Datasets with their size and latest import, by layer and name. `scope` is the reader's private
 * scope (see datasetVisible); absent or null lists every dataset.
 */
export async function listDatasets(
  db: Sql, q: { scope?: readonly string[] | null; layer?: Layer | undefined; country?: string | undefined } = {},
): Promise<DatasetSummary[]> {
  const { rows } = await db.query<DatasetSummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM datasets d
     WHERE ${datasetVisible('$1')} AND ($2::text IS NULL OR d.layer = $2) AND ($3::text IS NULL OR $3 = ANY(d.countries))
     ORDER BY d.layer, d.name`,
    [q.scope ? [...q.scope] : null, q.layer ?? null, q.country ?? null],
  );
  return rows;
}

/** A dataset with its size and latest import, whoever may see it; null when there is none. */
export async function getDataset(db: Sql, id: number): Promise<DatasetSummary | null> {
  const { rows } = await db.query<DatasetSummary>(`SELECT ${SUMMARY_COLUMNS} FROM datasets d WHERE d.id = $1`, [id]);
  return rows[0] ?? null;
}

/** A dataset's imports, newest first; `beforeId` pages backwards (the last id of the previous page). */
export async function listImports(db: Sql, datasetId: number, q: { beforeId?: number | undefined; limit?: number } = {}): Promise<ImportEntry[]> {
  const { rows } = await db.query<ImportEntry>(
    `SELECT ${IMPORT_COLUMNS} FROM imports i WHERE i.dataset_id = $1 AND ($2::int4 IS NULL OR i.id < $2) ORDER BY i.id DESC LIMIT $3`,
    [datasetId, q.beforeId ?? null, q.limit ?? 100],
  );
  return rows;
}

/** What the data owner says about a dataset: whether its locations are public, and under which terms. */
export interface DatasetPublication {
  isPublic?: boolean;
  licence?: string | null;
  attribution?: string | null;
  owner?: string | null;
}

const PUBLICATION_COLUMNS: Record<keyof DatasetPublication, string> = { isPublic: 'is_public', licence: 'licence', attribution: 'attribution', owner: 'owner' };

/**
 * Changes the fields present in `patch` and records the dataset before and after in the audit
 * log, in one transaction. null when there is no such dataset; an empty patch writes nothing.
 * Imports keep what is set here unless they are told otherwise (see upsertDataset).
 */
export async function setDatasetPublication(db: Database, id: number, patch: DatasetPublication, actor: string): Promise<Dataset | null> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(PUBLICATION_COLUMNS, field)) throw new Error(`datasets: ${field} cannot be changed`);
    if (field === 'isPublic' && typeof value !== 'boolean') throw new Error('datasets: isPublic must be true or false');
    params.push(value);
    sets.push(`${PUBLICATION_COLUMNS[field as keyof DatasetPublication]} = $${params.length}`);
  }
  return db.transaction(async (tx) => {
    // Locked, so two owners changing one dataset take turns and each audits what it saw.
    const { rows: [before] } = await tx.query<Dataset>(`SELECT ${DATASET_COLUMNS} FROM datasets d WHERE d.id = $1 FOR UPDATE`, [id]);
    if (!before || sets.length === 0) return before ?? null;
    const { rows: [after] } = await tx.query<Dataset>(`UPDATE datasets d SET ${sets.join(', ')} WHERE d.id = $1 RETURNING ${DATASET_COLUMNS}`, params);
    await appendAudit(tx, { actor, action: 'update', entity: 'dataset', entityId: String(id), country: before.countries[0] ?? null, before, after });
    return after!;
  });
}
