import type { Layer } from '@postatlas/core';
import type { Sql } from './database.js';

export interface DatasetInput {
  name: string;
  layer: Layer;
  source: string;
  format: string;
  licence?: string | null;
  attribution?: string | null;
  owner?: string | null;
  isPublic?: boolean;
}

export interface Dataset extends Required<DatasetInput> {
  id: number;
  countries: string[];
  createdAt: Date;
}

/** A dataset is known by its name within a layer; importing it again updates its provenance. */
export async function upsertDataset(tx: Sql, d: DatasetInput): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO datasets (name, layer, source, format, licence, attribution, owner, is_public)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (name, layer) DO UPDATE SET source = EXCLUDED.source, format = EXCLUDED.format,
       licence = COALESCE(EXCLUDED.licence, datasets.licence),
       attribution = COALESCE(EXCLUDED.attribution, datasets.attribution),
       owner = COALESCE(EXCLUDED.owner, datasets.owner), is_public = EXCLUDED.is_public
     RETURNING id`,
    [d.name, d.layer, d.source, d.format, d.licence ?? null, d.attribution ?? null, d.owner ?? null, d.isPublic ?? false],
  );
  return rows[0]!.id;
}

export async function findDataset(tx: Sql, name: string, layer: Layer): Promise<number | null> {
  const { rows } = await tx.query<{ id: number }>('SELECT id FROM datasets WHERE name = $1 AND layer = $2', [name, layer]);
  return rows[0]?.id ?? null;
}

export interface ImportRecord {
  datasetId: number;
  countries: string[];
  file: string;
  sha256: string;
  importedBy: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  rejected: number;
}

/** Records the import and refreshes the dataset's country list from what it now holds. */
export async function recordImport(tx: Sql, table: string, r: ImportRecord): Promise<number> {
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
  return rows[0]!.id;
}

export async function listDatasets(db: Sql): Promise<Dataset[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id, name, layer, countries, source, format, licence, attribution, owner, is_public, created_at
     FROM datasets ORDER BY layer, name`,
  );
  return rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    layer: r.layer as Layer,
    countries: r.countries as string[],
    source: r.source as string,
    format: r.format as string,
    licence: r.licence as string | null,
    attribution: r.attribution as string | null,
    owner: r.owner as string | null,
    isPublic: r.is_public as boolean,
    createdAt: r.created_at as Date,
  }));
}
