/**
 * Training sessions at post offices and the offices' staff counts (migration 008). Sessions come in
 * batches from files, upserted by (country, source id) so a file imported twice changes nothing, or
 * one at a time through the API; every write is in one transaction with its audit entry. The
 * public sees sums: per quarter, admin1 area and audience, and staff coverage per office.
 * Sessions are never removed because a file no longer has them: a file is a batch of records,
 * not the office's whole history.
 */
import {
  TRAINING_COLUMNS, byKeyNullLast, coverageWindow, quarterOf, rollUpTraining, staffCoverage, totalTraining,
  type CoverageTally, type TrainingAudience, type TrainingCell, type TrainingGroup, type TrainingSessionFields,
} from '@postatlas/core';
import { isoTime } from './accounts.js';
import { appendAudit } from './audit.js';
import type { Database, Sql } from './database.js';

export interface TrainingSession extends TrainingSessionFields {
  id: number;
  country: string;
  siteId: number;
  /** The session's id in the file it came from; null for one entered through the API. */
  sourceId: string | null;
  createdBy: string;
  createdAt: string;
}

export interface OfficeStaff {
  siteId: number;
  country: string;
  staff: number;
  /** YYYY-MM-DD: the day the count was true. */
  asOf: string;
  updatedBy: string;
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

// The session's fields, their columns (core's names, which files use too) and SQL types, in one
// order for every statement below: the day first, then the words, the hours and the counts.
const SQL_TYPES: Partial<Record<keyof TrainingSessionFields, string>> = { heldOn: 'date', topic: 'text', audience: 'text', trainer: 'text', hours: 'float8' };
const FIELDS = (Object.entries(TRAINING_COLUMNS) as [keyof TrainingSessionFields, string][])
  .map(([field, column]) => ({ field, column, type: SQL_TYPES[field] ?? 'int4' }));
const COUNTS = FIELDS.filter((f) => f.type === 'int4');

const SESSION_COLUMNS = `t.id, t.country, t.site_id AS "siteId", t.source_id AS "sourceId", to_char(t.held_on, 'YYYY-MM-DD') AS "heldOn",
  ${FIELDS.filter((f) => f.field !== 'heldOn').map((f) => `t.${f.column} AS "${f.field}"`).join(', ')}, t.created_by AS "createdBy", ${isoTime('t.created_at')} AS "createdAt"`;

const STAFF_COLUMNS = `site_id AS "siteId", country, staff, to_char(as_of, 'YYYY-MM-DD') AS "asOf", updated_by AS "updatedBy"`;

// PGlite has no autovacuum: after a file's worth of rows the planner needs fresh statistics. One session typed in does not change them.
const ANALYZE_AFTER_ROWS = 500;

export interface SessionWrite {
  siteId: number;
  /** Absent or null: a new session every time. */
  sourceId?: string | null;
  session: TrainingSessionFields;
}

/**
 * Writes a batch of a country's sessions in the caller's transaction: a session whose source id
 * the country already has is updated when it differs, left alone when it does not. The caller has
 * checked every session (core's readTrainingSession) and that every site is the country's.
 */
export async function writeTrainingSessions(tx: Sql, country: string, batch: readonly SessionWrite[], actor: string): Promise<WriteCounts> {
  if (batch.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const seen = new Set<string>();
  for (const w of batch) {
    if (w.sourceId == null) continue;
    if (seen.has(w.sourceId)) throw new Error(`training: session ${w.sourceId} is twice in one batch`);
    seen.add(w.sourceId);
  }
  const columns = ['site_id', 'source_id', ...FIELDS.map((f) => f.column)];
  const types = ['int4', 'text', ...FIELDS.map((f) => f.type)];
  const params: unknown[] = [country, actor, batch.map((w) => w.siteId), batch.map((w) => w.sourceId ?? null), ...FIELDS.map((f) => batch.map((w) => w.session[f.field]))];
  const written = columns.filter((c) => c !== 'source_id');
  // Rows without a source id never conflict (NULLs are distinct in the unique key): each is new.
  const { rows } = await tx.query<{ inserted: boolean }>(
    `INSERT INTO training_sessions AS t (country, created_by, ${columns.join(', ')})
     SELECT $1, $2, ${columns.map((c) => `u.${c}`).join(', ')} FROM unnest(${types.map((t, i) => `$${i + 3}::${t}[]`).join(', ')}) AS u(${columns.join(', ')})
     ON CONFLICT (country, source_id) DO UPDATE SET ${written.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
       WHERE (${written.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${written.map((c) => `EXCLUDED.${c}`).join(', ')})
     RETURNING (xmax = 0) AS inserted`,
    params,
  );
  if (batch.length >= ANALYZE_AFTER_ROWS) await tx.query('ANALYZE training_sessions');
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: batch.length - rows.length };
}

/** One entry for an imported file, in its transaction: the file, its hash and what changed. */
export async function auditTrainingImport(
  tx: Sql,
  e: { actor: string; country: string; entity: 'training_sessions' | 'office_staff'; file: string; sha256: string; counts: WriteCounts },
): Promise<void> {
  await appendAudit(tx, { actor: e.actor, action: 'import', entity: e.entity, entityId: e.country, country: e.country, before: null, after: { file: e.file, sha256: e.sha256, counts: e.counts } });
}

export async function getTrainingSession(db: Sql, id: number): Promise<TrainingSession | null> {
  const { rows } = await db.query<TrainingSession>(`SELECT ${SESSION_COLUMNS} FROM training_sessions t WHERE t.id = $1`, [id]);
  return rows[0] ?? null;
}

/** A site's sessions, the latest first. */
export async function listSiteTraining(db: Sql, siteId: number, o: { limit?: number } = {}): Promise<TrainingSession[]> {
  const { rows } = await db.query<TrainingSession>(
    `SELECT ${SESSION_COLUMNS} FROM training_sessions t WHERE t.site_id = $1 ORDER BY t.held_on DESC, t.id DESC LIMIT $2`,
    [siteId, o.limit ?? 1000],
  );
  return rows;
}

/** Records a session at a site (its country's); null when there is no such site. */
export async function createTrainingSession(db: Database, siteId: number, session: TrainingSessionFields, actor: string): Promise<TrainingSession | null> {
  return db.transaction(async (tx) => {
    const { rows: [site] } = await tx.query<{ country: string }>('SELECT country FROM sites WHERE id = $1', [siteId]);
    if (!site) return null;
    const { rows: [row] } = await tx.query<{ id: number }>(
      `INSERT INTO training_sessions (country, site_id, created_by, ${FIELDS.map((f) => f.column).join(', ')})
       VALUES ($1, $2, $3, ${FIELDS.map((f, i) => `$${i + 4}::${f.type}`).join(', ')}) RETURNING id`,
      [site.country, siteId, actor, ...FIELDS.map((f) => session[f.field])],
    );
    const after = (await getTrainingSession(tx, row!.id))!;
    await appendAudit(tx, { actor, action: 'create', entity: 'training_session', entityId: String(after.id), country: after.country, before: null, after });
    return after;
  });
}

async function lockSession(tx: Sql, id: number): Promise<TrainingSession | null> {
  const { rows } = await tx.query<TrainingSession>(`SELECT ${SESSION_COLUMNS} FROM training_sessions t WHERE t.id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/** Replaces a session's fields (its site and source id stay); null when there is none. A change to nothing writes nothing. */
export async function updateTrainingSession(db: Database, id: number, session: TrainingSessionFields, actor: string): Promise<TrainingSession | null> {
  return db.transaction(async (tx) => {
    const before = await lockSession(tx, id);
    if (!before) return null;
    if (FIELDS.every((f) => before[f.field] === session[f.field])) return before;
    await tx.query(
      `UPDATE training_sessions SET ${FIELDS.map((f, i) => `${f.column} = $${i + 2}::${f.type}`).join(', ')} WHERE id = $1`,
      [id, ...FIELDS.map((f) => session[f.field])],
    );
    const after = (await getTrainingSession(tx, id))!;
    await appendAudit(tx, { actor, action: 'update', entity: 'training_session', entityId: String(id), country: before.country, before, after });
    return after;
  });
}

export async function deleteTrainingSession(db: Database, id: number, actor: string): Promise<TrainingSession | null> {
  return db.transaction(async (tx) => {
    const before = await lockSession(tx, id);
    if (!before) return null;
    await tx.query('DELETE FROM training_sessions WHERE id = $1', [id]);
    await appendAudit(tx, { actor, action: 'delete', entity: 'training_session', entityId: String(id), country: before.country, before, after: null });
    return before;
  });
}

export async function getOfficeStaff(db: Sql, siteId: number): Promise<OfficeStaff | null> {
  const { rows } = await db.query<OfficeStaff>(`SELECT ${STAFF_COLUMNS} FROM office_staff WHERE site_id = $1`, [siteId]);
  return rows[0] ?? null;
}

/**
 * Staff counts of a country's offices in the caller's transaction: an office's count replaces the
 * one it had when it differs. The caller has checked the sites are the country's.
 */
export async function writeOfficeStaff(tx: Sql, country: string, batch: readonly { siteId: number; staff: number; asOf: string }[], actor: string): Promise<WriteCounts> {
  if (batch.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const { rows } = await tx.query<{ inserted: boolean }>(
    `INSERT INTO office_staff AS o (site_id, country, staff, as_of, updated_by)
     SELECT u.site_id, $1, u.staff, u.as_of, $2 FROM unnest($3::int4[], $4::int4[], $5::date[]) AS u(site_id, staff, as_of)
     ON CONFLICT (site_id) DO UPDATE SET staff = EXCLUDED.staff, as_of = EXCLUDED.as_of, updated_by = EXCLUDED.updated_by
       WHERE (o.staff, o.as_of) IS DISTINCT FROM (EXCLUDED.staff, EXCLUDED.as_of)
     RETURNING (xmax = 0) AS inserted`,
    [country, actor, batch.map((b) => b.siteId), batch.map((b) => b.staff), batch.map((b) => b.asOf)],
  );
  if (batch.length >= ANALYZE_AFTER_ROWS) await tx.query('ANALYZE office_staff');
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: batch.length - rows.length };
}

/** Sets one office's staff count, audited; null when there is no such site. */
export async function setOfficeStaff(db: Database, siteId: number, s: { staff: number; asOf: string }, actor: string): Promise<OfficeStaff | null> {
  if (!Number.isInteger(s.staff) || s.staff < 0) throw new Error(`office staff: ${s.staff} is not a whole number of people`);
  return db.transaction(async (tx) => {
    const { rows: [site] } = await tx.query<{ country: string }>('SELECT country FROM sites WHERE id = $1 FOR UPDATE', [siteId]);
    if (!site) return null;
    const before = await getOfficeStaff(tx, siteId);
    const counts = await writeOfficeStaff(tx, site.country, [{ siteId, ...s }], actor);
    const after = (await getOfficeStaff(tx, siteId))!;
    if (counts.unchanged === 0) {
      await appendAudit(tx, { actor, action: before ? 'update' : 'create', entity: 'office_staff', entityId: String(siteId), country: site.country, before, after });
    }
    return after;
  });
}

/** Site ids of a country's sites by source id (and dataset, when given): a source id may be in several datasets. */
export async function findCountrySites(tx: Sql, country: string, sourceIds: readonly string[]): Promise<Map<string, { id: number; dataset: string }[]>> {
  const { rows } = await tx.query<{ sourceId: string; dataset: string; id: number }>(
    `SELECT s.source_id AS "sourceId", d.name AS dataset, s.id
     FROM sites s JOIN datasets d ON d.id = s.dataset_id
     WHERE s.country = $1 AND s.source_id = ANY ($2::text[]) ORDER BY d.name, s.id`,
    [country, [...new Set(sourceIds)]],
  );
  const found = new Map<string, { id: number; dataset: string }[]>();
  for (const r of rows) {
    const list = found.get(r.sourceId) ?? [];
    list.push({ id: r.id, dataset: r.dataset });
    found.set(r.sourceId, list);
  }
  return found;
}

export interface TrainingFilter {
  /** YYYY-MM-DD, both days included. */
  from?: string | undefined;
  to?: string | undefined;
  admin1?: string | undefined;
  siteId?: number | undefined;
}

/** A country's sessions summed per quarter, admin1 area (of their site) and audience: the cells core rolls up. */
export async function trainingCells(db: Sql, country: string, f: TrainingFilter = {}): Promise<TrainingCell[]> {
  const sums = COUNTS.map((x) => `sum(t.${x.column})::int AS "${x.field}"`).join(', ');
  const { rows } = await db.query<TrainingCell & { quarterStart: string }>(
    `SELECT to_char(date_trunc('quarter', t.held_on), 'YYYY-MM-DD') AS "quarterStart", s.admin1, t.audience, count(*)::int AS sessions, ${sums}
     FROM training_sessions t JOIN sites s ON s.id = t.site_id
     WHERE t.country = $1 AND ($2::date IS NULL OR t.held_on >= $2) AND ($3::date IS NULL OR t.held_on <= $3)
       AND ($4::text IS NULL OR s.admin1 = $4) AND ($5::int4 IS NULL OR t.site_id = $5)
     GROUP BY 1, 2, 3 ORDER BY 1, s.admin1 COLLATE "C", 3`,
    [country, f.from ?? null, f.to ?? null, f.admin1 ?? null, f.siteId ?? null],
  );
  return rows.map(({ quarterStart, ...c }) => ({ ...c, quarter: quarterOf(quarterStart), audience: c.audience as TrainingAudience }));
}

export interface CoverageInput {
  siteId: number;
  admin1: string | null;
  /** null: the office has not declared its staff. */
  staff: number | null;
  /** Completions of staff sessions held after `after` and up to `until`. */
  completed: number;
}

/**
 * What staff coverage is computed from, per office of the country (or the one site) that declared
 * its staff or held a staff session in the window (core's coverageWindow).
 */
export async function coverageInputs(db: Sql, country: string, window: { after: string; until: string }, siteId?: number): Promise<CoverageInput[]> {
  const { rows } = await db.query<CoverageInput>(
    `WITH trained AS (
       SELECT site_id, sum(completed)::int AS completed FROM training_sessions
       WHERE country = $1 AND audience = 'staff' AND held_on > $2::date AND held_on <= $3::date AND ($4::int4 IS NULL OR site_id = $4)
       GROUP BY site_id
     ), declared AS (
       SELECT site_id, staff FROM office_staff WHERE country = $1 AND ($4::int4 IS NULL OR site_id = $4)
     )
     SELECT site_id AS "siteId", s.admin1, d.staff, coalesce(t.completed, 0) AS completed
     FROM declared d FULL JOIN trained t USING (site_id) JOIN sites s ON s.id = site_id
     ORDER BY site_id`,
    [country, window.after, window.until, siteId ?? null],
  );
  return rows;
}

export interface TrainingSummary {
  country: string;
  /** The filter the sums are over: dates (both days included) and an admin1 area. */
  from: string | null;
  to: string | null;
  admin1: string | null;
  total: TrainingGroup;
  byQuarter: TrainingGroup[];
  byAdmin1: TrainingGroup[];
  coverage: {
    asOf: string;
    /** Staff sessions held after this day and up to asOf count. */
    after: string;
    country: CoverageTally;
    byAdmin1: (CoverageTally & { admin1: string | null })[];
  };
}

/**
 * What anyone may read of a country's training: sums per quarter and per admin1 area, and the
 * share of the staff trained in the 12 months to `asOf` (today by default), over the country and
 * per area (or the one area asked for).
 */
export async function trainingSummary(
  db: Sql,
  country: string,
  o: { asOf?: string | undefined; from?: string | undefined; to?: string | undefined; admin1?: string | undefined } = {},
): Promise<TrainingSummary> {
  const cells = await trainingCells(db, country, o);
  const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
  const window = coverageWindow(asOf);
  const offices = (await coverageInputs(db, country, window)).filter((c) => o.admin1 === undefined || c.admin1 === o.admin1);
  const areas = new Map<string | null, CoverageInput[]>();
  for (const c of offices) areas.set(c.admin1, [...(areas.get(c.admin1) ?? []), c]);
  const byAdmin1 = [...areas.entries()].map(([admin1, list]) => ({ admin1, ...staffCoverage(list) }))
    .sort((a, b) => byKeyNullLast(a.admin1, b.admin1));
  return {
    country, from: o.from ?? null, to: o.to ?? null, admin1: o.admin1 ?? null,
    total: totalTraining(cells), byQuarter: rollUpTraining(cells, 'quarter'), byAdmin1: rollUpTraining(cells, 'admin1'),
    coverage: { asOf, after: window.after, country: staffCoverage(offices), byAdmin1 },
  };
}
