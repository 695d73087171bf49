import { randomUUID } from 'node:crypto';
import type { ConnectivityType, SiteType } from '@postatlas/core';
import { appendAudit } from './audit.js';
import type { Database, Sql } from './database.js';
import { findDataset, upsertDataset } from './datasets.js';
import { recordProgress } from './progress.js';
import { SITE_ROW_COLUMNS, type SiteRow } from './queries.js';

/**
 * Single sites written through the API, each change in one transaction with its audit entry, so
 * the log holds an entry exactly for each change that happened. Imports write in bulk elsewhere
 * (upsert.ts); a site changed here and later re-imported from its file takes the file's values.
 */

export interface SiteInput {
  /** Defaults to a generated `api-<uuid>`. */
  sourceId?: string;
  name: string | null;
  siteType: SiteType;
  /** ISO alpha-3, upper case. */
  country: string;
  admin1?: string | null;
  admin2?: string | null;
  lat: number;
  lon: number;
  isConnected?: boolean | null;
  /** Defaults to 'unknown'. */
  connectivityType?: ConnectivityType;
  downloadMbps?: number | null;
  hasElectricity?: boolean | null;
  /** What the office offers, stored as JSON. */
  services?: unknown;
  /** Stored as JSON. */
  openingHours?: unknown;
  contractedMbps?: number | null;
  contractedMonthlyUsd?: number | null;
}

export type SitePatch = Partial<Omit<SiteInput, 'country' | 'sourceId'>>;

const FROM_SITES = 'FROM sites s JOIN datasets d ON d.id = s.dataset_id';

/** A site as listSites gives it; null when there is none with that id. */
export async function getSite(db: Sql, id: number): Promise<SiteRow | null> {
  const { rows } = await db.query<SiteRow>(`SELECT ${SITE_ROW_COLUMNS} ${FROM_SITES} WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The site, locked until the transaction ends, so two writers of one site take turns and audit what they saw. */
async function lockSite(tx: Sql, id: number): Promise<SiteRow | null> {
  const { rows } = await tx.query<SiteRow>(`SELECT ${SITE_ROW_COLUMNS} ${FROM_SITES} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
  return rows[0] ?? null;
}

/** The dataset sites created through the API belong to: one per country. */
export const apiDatasetName = (country: string) => `api-${country.toLowerCase()}`;

/** Creates a site in its country's API dataset and records it in the audit log. */
export async function createSite(db: Database, input: SiteInput, actor: string): Promise<SiteRow> {
  checkPosition(input.lat, input.lon);
  for (const field of ['downloadMbps', 'contractedMbps', 'contractedMonthlyUsd'] as const) checkAmount(field, input[field]);
  const dataset = apiDatasetName(input.country);
  const sourceId = input.sourceId ?? `api-${randomUUID()}`;
  return db.transaction(async (tx) => {
    // Looked up first: upsertDataset would reset what an admin set on the dataset (is_public, say).
    const datasetId = (await findDataset(tx, dataset, 'sites')) ?? (await upsertDataset(tx, { name: dataset, layer: 'sites', source: 'api', format: 'api' }));
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO sites (country, dataset_id, source_id, name, site_type, admin1, admin2, geom, is_connected,
         connectivity_type, download_mbps, has_electricity, services, opening_hours, contracted_mbps, contracted_monthly_usd)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_MakePoint($8::float8, $9::float8), 4326), $10,
         $11, $12, $13, $14::jsonb, $15::jsonb, $16, $17)
       ON CONFLICT (dataset_id, source_id) DO NOTHING RETURNING id`,
      [
        input.country, datasetId, sourceId, input.name, input.siteType, input.admin1 ?? null, input.admin2 ?? null, input.lon, input.lat,
        input.isConnected ?? null, input.connectivityType ?? 'unknown', input.downloadMbps ?? null, input.hasElectricity ?? null,
        json(input.services), json(input.openingHours), input.contractedMbps ?? null, input.contractedMonthlyUsd ?? null,
      ],
    );
    if (!rows[0]) throw new Error(`sites: ${sourceId} already exists in dataset ${dataset}`);
    // What the dataset list says it covers; an API dataset holds one country.
    await tx.query(`UPDATE datasets SET countries = ARRAY[$2::text] WHERE id = $1 AND countries <> ARRAY[$2::text]`, [datasetId, input.country]);
    const site = (await getSite(tx, rows[0].id))!;
    await appendAudit(tx, { actor, action: 'create', entity: 'site', entityId: String(site.id), country: site.country, before: null, after: site });
    await recordProgress(tx, [site.country]);
    return site;
  });
}

// The fields a patch may change and their columns; position (lat, lon) is handled apart, as geom.
const COLUMNS: Record<Exclude<keyof SitePatch, 'lat' | 'lon'>, { column: string; json?: true }> = {
  name: { column: 'name' },
  siteType: { column: 'site_type' },
  admin1: { column: 'admin1' },
  admin2: { column: 'admin2' },
  isConnected: { column: 'is_connected' },
  connectivityType: { column: 'connectivity_type' },
  downloadMbps: { column: 'download_mbps' },
  hasElectricity: { column: 'has_electricity' },
  services: { column: 'services', json: true },
  openingHours: { column: 'opening_hours', json: true },
  contractedMbps: { column: 'contracted_mbps' },
  contractedMonthlyUsd: { column: 'contracted_monthly_usd' },
};

// What a progress snapshot counts by: changing one of these moves the country's series.
const PROGRESS_FIELDS = new Set(['isConnected', 'siteType', 'admin1']);

/**
 * Changes the fields present in `patch` (an undefined field is left alone; null clears it) and
 * records the site before and after. null when there is no such site. A field the patch may not
 * change (country, sourceId, anything unknown) is an error.
 */
export async function updateSite(db: Database, id: number, patch: SitePatch, actor: string): Promise<SiteRow | null> {
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined || field === 'lat' || field === 'lon') continue;
    if (!Object.hasOwn(COLUMNS, field)) throw new Error(`sites: ${field} cannot be changed`);
    if (field === 'downloadMbps' || field === 'contractedMbps' || field === 'contractedMonthlyUsd') checkAmount(field, value as number | null);
  }
  if (patch.lat !== undefined) checkLatitude(patch.lat);
  if (patch.lon !== undefined) checkLongitude(patch.lon);
  return db.transaction(async (tx) => {
    const before = await lockSite(tx, id);
    if (!before) return null;
    // Only what differs from the site as it is: a patch that changes nothing writes nothing.
    const changed = Object.entries(patch).filter(([f, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(before[f as keyof SiteRow]));
    if (changed.length === 0) return before;
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [field, value] of changed) {
      if (field === 'lat' || field === 'lon') continue;
      const c = COLUMNS[field as keyof typeof COLUMNS];
      params.push(c.json ? json(value) : value);
      sets.push(`${c.column} = $${params.length}${c.json ? '::jsonb' : ''}`);
    }
    if (patch.lat !== undefined || patch.lon !== undefined) {
      params.push(patch.lon ?? before.lon, patch.lat ?? before.lat);
      sets.push(`geom = ST_SetSRID(ST_MakePoint($${params.length - 1}::float8, $${params.length}::float8), 4326)`);
    }
    await tx.query(`UPDATE sites SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
    const after = (await getSite(tx, id))!;
    await appendAudit(tx, { actor, action: 'update', entity: 'site', entityId: String(id), country: before.country, before, after });
    if (changed.some(([f]) => PROGRESS_FIELDS.has(f))) await recordProgress(tx, [before.country]);
    return after;
  });
}

/** Deletes a site (its metrics, scenario places and device keys go with it); null when there is none. */
export async function deleteSite(db: Database, id: number, actor: string): Promise<SiteRow | null> {
  return db.transaction(async (tx) => {
    const before = await lockSite(tx, id);
    if (!before) return null;
    await tx.query('DELETE FROM sites WHERE id = $1', [id]);
    await appendAudit(tx, { actor, action: 'delete', entity: 'site', entityId: String(id), country: before.country, before, after: null });
    await recordProgress(tx, [before.country]);
    return before;
  });
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

function checkLatitude(lat: number): void {
  if (typeof lat !== 'number' || !(lat >= -90 && lat <= 90)) throw new Error(`sites: latitude ${lat} is not a number in [-90, 90]`);
}

function checkLongitude(lon: number): void {
  if (typeof lon !== 'number' || !(lon >= -180 && lon <= 180)) throw new Error(`sites: longitude ${lon} is not a number in [-180, 180]`);
}

function checkPosition(lat: number, lon: number): void {
  checkLatitude(lat);
  checkLongitude(lon);
}

// The table's CHECK (download_mbps >= 0) lets NaN through (NaN sorts above every number in PostgreSQL).
function checkAmount(field: string, v: number | null | undefined): void {
  if (v != null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new Error(`sites: ${field} ${v} is not a finite number >= 0`);
}
