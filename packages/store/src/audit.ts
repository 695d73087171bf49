import { isoTime } from './accounts.js';
import type { Sql } from './database.js';

/**
 * The audit log: who changed what, when, with the row before and after. The table is append-only
 * (a trigger refuses UPDATE, DELETE and TRUNCATE), so an entry, once committed, stays as written.
 */
export interface AuditEntry {
  id: number;
  at: string;
  /** 'user:3', 'key:7', 'cli:alice' */
  actor: string;
  /** 'create', 'update', 'delete', 'login', 'revoke' ... */
  action: string;
  /** 'site', 'user', 'api_key', 'session' ... */
  entity: string;
  entityId: string | null;
  /** The country the entry concerns; null for things of no country (users, say). */
  country: string | null;
  before: unknown;
  after: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/**
 * Appends an entry. Call it with the transaction handle of the change it records, so the entry
 * commits or rolls back with it.
 */
export async function appendAudit(db: Sql, e: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor, action, entity, entity_id, country, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [e.actor, e.action, e.entity, e.entityId ?? null, e.country ?? null, json(e.before), json(e.after)],
  );
}

const AUDIT_PAGE = 100;
const AUDIT_PAGE_MAX = 1000;

/**
 * Entries newest first. `countries`: null or absent for all entries; otherwise only entries of
 * those countries (entries without a country are then left out). `afterId` pages backwards: the
 * entries older than that id, i.e. pass the last id of the previous page.
 */
export async function listAudit(
  db: Sql,
  q: { countries?: readonly string[] | null; entity?: string; entityId?: string; afterId?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  const limit = q.limit === undefined || !Number.isFinite(q.limit) ? AUDIT_PAGE : Math.min(AUDIT_PAGE_MAX, Math.max(1, Math.floor(q.limit)));
  const { rows } = await db.query<AuditEntry>(
    `SELECT id, ${isoTime('at')} AS at, actor, action, entity, entity_id AS "entityId", country, before, after
     FROM audit_log
     WHERE ($1::text[] IS NULL OR country = ANY ($1::text[])) AND ($2::text IS NULL OR entity = $2)
       AND ($3::text IS NULL OR entity_id = $3) AND ($4::int8 IS NULL OR id < $4)
     ORDER BY id DESC LIMIT $5`,
    [q.countries ?? null, q.entity ?? null, q.entityId ?? null, q.afterId ?? null, limit],
  );
  // bigint: a string from pg without the int8 parser, a BigInt from PGlite.
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * Where the data stands: a mark that moves with every import (a row of `imports`) and every audited
 * change (catalogue imports, edits through the API or the CLI), whichever process made it. An answer
 * drawn from many tables is kept with the mark it was computed under and thrown away when it moves.
 */
export async function changeMark(db: Sql): Promise<string> {
  const { rows } = await db.query<{ mark: string }>(
    `SELECT concat(COALESCE((SELECT max(id) FROM imports), 0), ':', COALESCE((SELECT max(id) FROM audit_log), 0)) AS mark`,
  );
  return rows[0]!.mark;
}
