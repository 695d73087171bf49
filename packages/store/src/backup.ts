import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database, Sql } from './database.js';

/**
 * The whole database in one portable file, so a backup of the embedded database restores into a
 * PostgreSQL server and back:
 *
 *   const written = await backup(db, 'postatlas.backup.gz');        // { tables, rows, bytes, ... }
 *   await restore(other, 'postatlas.backup.gz', { force: true });   // replaces everything in `other`
 *
 * The file is gzipped NDJSON. Line 1 is the header (BackupHeader); then, per table, a line
 * {"table", "columns", "sequences"} followed by lines {"rows": [...]}, each row in the text form
 * Postgres prints for it (`SELECT t::text FROM t`), which reads back exactly into any column type:
 * geometry as hex EWKB, arrays, jsonb, bytea, timestamptz. Tables come parents first, so a restore
 * inserts them in order with every constraint on.
 *
 * The file holds password, key and session hashes: it is written readable by its owner only.
 */

export const BACKUP_FORMAT = 'postatlas-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** The latest migration applied to the database backed up; a restore needs the same. */
  schemaVersion: number;
  createdAt: string;
  source: Database['kind'];
  /** In the order their rows follow, parents first. */
  tables: { name: string; rows: number }[];
}

/** Precedes a table's rows. `sequences`: per column with a sequence, its last value (null: never used). */
interface TableSection {
  table: string;
  columns: string[];
  sequences: Record<string, number | null>;
}

export interface BackupSummary {
  file: string;
  schemaVersion: number;
  tables: { name: string; rows: number }[];
  rows: number;
  /** Size of the file written. */
  bytes: number;
}

export interface RestoreSummary {
  file: string;
  schemaVersion: number;
  createdAt: string;
  source: Database['kind'];
  tables: { name: string; rows: number }[];
  rows: number;
  /** Rows the database held before, now gone (only with `force`). */
  replaced: number;
}

export interface BackupOptions {
  /** Rows written (or restored) so far, of all tables. */
  onProgress?: (done: number, total: number, table: string) => void;
}

export interface RestoreOptions extends BackupOptions {
  /** Replace what the database holds; without it a database with any row is refused. */
  force?: boolean;
}

/** The database holds rows and `force` was not given; nothing was changed. */
export class RestoreRefused extends Error {
  constructor(readonly rows: Record<string, number>) {
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    const byTable = Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} ${n}`).join(', ');
    super(`restore: the database is not empty (${total} rows: ${byTable}); restoring replaces all of it (use --force to do so)`);
  }
}

// A rows line is one INSERT on restore: at most 1000 rows, fewer when rows are large (a population
// raster tile is 0.5 MB of hex), so a line and the statement it becomes stay near 4 MB.
const BATCH_ROWS = 1000;
const BATCH_CHARS = 4_000_000;
const FIRST_FETCH = 10;

// The text form of timestamps, floats and bytea depends on these; fixed for the transaction, every
// backup reads the same whichever database wrote it, and a restore parses what it expects.
const TEXT_SETTINGS: readonly [string, string][] = [
  ['TimeZone', 'UTC'],
  ['DateStyle', 'ISO, YMD'],
  ['IntervalStyle', 'postgres'],
  ['extra_float_digits', '1'],
  ['bytea_output', 'hex'],
];

// Kept out of the file: the schema's version goes in the header instead, and a restore keeps the
// target's own (it has to be the same).
const MIGRATIONS_TABLE = 'schema_migrations';

// The one table that refuses DELETE (migration 004): restore lifts this for its own transaction only.
const APPEND_ONLY = { table: 'audit_log', trigger: 'audit_log_append_only' };

/**
 * Writes every table of the database, from one consistent snapshot, to `file`: through a temporary
 * file renamed at the end, so `file` is either the previous one or a whole backup.
 */
export async function backup(db: Database, file: string, o: BackupOptions = {}): Promise<BackupSummary> {
  const partial = `${file}.${process.pid}.partial`;
  try {
    const header = await db.transaction(async (tx) => {
      // One snapshot for all tables, so rows that refer to each other are written together.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await fixTextSettings(tx);
      const tables = await userTables(tx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        schemaVersion: await migratedVersion(tx),
        createdAt: new Date().toISOString(),
        source: db.kind,
        tables: [],
      };
      for (const t of tables) header.tables.push({ name: t.name, rows: await countRows(tx, t.name) });
      await pipeline(backupLines(tx, header, tables, o), createGzip(), createWriteStream(partial, { mode: 0o600, flush: true }));
      return header;
    });
    renameSync(partial, file);
    return {
      file,
      schemaVersion: header.schemaVersion,
      tables: header.tables,
      rows: header.tables.reduce((n, t) => n + t.rows, 0),
      bytes: statSync(file).size,
    };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

async function* backupLines(tx: Sql, header: BackupHeader, tables: TableInfo[], o: BackupOptions): AsyncGenerator<string> {
  const total = header.tables.reduce((n, t) => n + t.rows, 0);
  let done = 0;
  yield `${JSON.stringify(header)}\n`;
  for (const t of tables) {
    const sequences: Record<string, number | null> = {};
    for (const s of t.sequences) {
      const { rows } = await tx.query<{ v: string | null }>(`SELECT CASE WHEN is_called THEN last_value::text END AS v FROM ${s.sequence}`);
      sequences[s.column] = rows[0]?.v == null ? null : Number(rows[0].v);
    }
    const section: TableSection = { table: t.name, columns: t.columns, sequences };
    yield `${JSON.stringify(section)}\n`;
    // A cursor, so no table is ever held whole; the alias is unlikely to be a column's name, which would win.
    await tx.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT backup_row::text AS r FROM ${qualified(t.name)} AS backup_row`);
    let fetch = FIRST_FETCH;
    for (;;) {
      const { rows } = await tx.query<{ r: string }>(`FETCH ${fetch} FROM backup_rows`);
      if (rows.length === 0) break;
      const texts = rows.map((row) => row.r);
      yield `${JSON.stringify({ rows: texts })}\n`;
      done += texts.length;
      o.onProgress?.(done, total, t.name);
      const chars = texts.reduce((n, r) => n + r.length, 0);
      fetch = Math.max(1, Math.min(BATCH_ROWS, Math.floor((BATCH_CHARS * texts.length) / Math.max(1, chars))));
    }
    await tx.query('CLOSE backup_rows');
  }
}

/**
 * Replaces the database's rows with the backup's, in one transaction: any error (a damaged or
 * incomplete file, another schema version, a row the schema refuses) rolls it all back and leaves
 * the database as it was. A database holding any row is refused unless `force` is given.
 */
export async function restore(db: Database, file: string, o: RestoreOptions = {}): Promise<RestoreSummary> {
  try {
    return await db.transaction(async (tx) => {
      await fixTextSettings(tx);
      let result: RestoreSummary | undefined;
      await pipeline(createReadStream(file), createGunzip(), async (source: AsyncIterable<Buffer>) => {
        result = await restoreLines(tx, file, lines(source), o);
      });
      return result!;
    });
  } catch (err) {
    const { code = '', message } = err as NodeJS.ErrnoException;
    if (message === 'incorrect header check') throw new Error(`restore: ${file}: not a postatlas backup (not gzip); nothing was restored`);
    if (code.startsWith('Z_')) throw new Error(`restore: ${file}: damaged or incomplete (${message}); nothing was restored`);
    if (code === 'ENOENT') throw new Error(`restore: ${file}: no such file`);
    throw err;
  }
}

async function restoreLines(tx: Sql, file: string, input: AsyncIterable<string>, o: RestoreOptions): Promise<RestoreSummary> {
  const fail = (what: string): never => {
    throw new Error(`restore: ${file}: ${what}; nothing was restored`);
  };
  const reader = input[Symbol.asyncIterator]();
  const first = await reader.next();
  const header = parseHeader(first.done ? '' : first.value, fail);
  const version = await migratedVersion(tx);
  if (header.schemaVersion !== version) {
    fail(`the backup is of schema version ${header.schemaVersion} and this database is at version ${version}; a backup restores only into a database of its own version`);
  }

  const tables = new Map((await userTables(tx)).map((t) => [t.name, t]));
  const names = header.tables.map((t) => t.name);
  const differences = [
    ...names.filter((n) => !tables.has(n)).map((n) => `${n} only in the backup`),
    ...[...tables.keys()].filter((n) => !names.includes(n)).map((n) => `${n} only in the database`),
  ];
  if (differences.length) fail(`its tables differ from this database's (${differences.join(', ')})`);

  // Nobody else writes from the emptiness check to the commit; readers go on seeing the old rows meanwhile.
  await tx.query(`LOCK TABLE ${[...tables.keys()].map(qualified).join(', ')} IN EXCLUSIVE MODE`);
  const held: Record<string, number> = {};
  for (const name of tables.keys()) {
    const n = await countRows(tx, name);
    if (n > 0) held[name] = n;
  }
  const replaced = Object.values(held).reduce((a, b) => a + b, 0);
  if (replaced > 0 && !o.force) throw new RestoreRefused(held);
  if (replaced > 0) await emptyTables(tx, [...tables.values()]);

  const total = header.tables.reduce((n, t) => n + t.rows, 0);
  const restored = new Map<string, number>();
  const sequences = new Map<string, Record<string, unknown>>();
  let current: { table: TableInfo; insert: string } | undefined;
  let done = 0;
  let lineNo = 1;
  for (let next = await reader.next(); !next.done; next = await reader.next()) {
    lineNo++;
    if (next.value === '') continue;
    let line: { table?: unknown; columns?: unknown; sequences?: unknown; rows?: unknown };
    try {
      line = JSON.parse(next.value);
    } catch {
      return fail(`line ${lineNo} is not JSON`);
    }
    if (typeof line.table === 'string') {
      const table = tables.get(line.table);
      if (!table || restored.has(line.table)) return fail(`line ${lineNo}: table ${line.table} is unexpected here`);
      // A row's text form is its values in column order: the order has to be the same here.
      if (!Array.isArray(line.columns) || line.columns.join(',') !== table.columns.join(',')) {
        return fail(`table ${table.name} has columns (${String(line.columns)}) in the backup and (${table.columns.join(',')}) in this database`);
      }
      current = { table, insert: insertSql(table) };
      restored.set(table.name, 0);
      sequences.set(table.name, typeof line.sequences === 'object' && line.sequences !== null ? (line.sequences as Record<string, unknown>) : {});
    } else if (Array.isArray(line.rows) && line.rows.every((r) => typeof r === 'string')) {
      if (!current) return fail(`line ${lineNo}: rows before any table`);
      try {
        await tx.query(current.insert, [line.rows]);
      } catch (err) {
        return fail(`line ${lineNo}, table ${current.table.name}: ${(err as Error).message}`);
      }
      restored.set(current.table.name, restored.get(current.table.name)! + line.rows.length);
      done += line.rows.length;
      o.onProgress?.(done, total, current.table.name);
    } else {
      return fail(`line ${lineNo} is neither a table nor rows`);
    }
  }

  for (const t of header.tables) {
    const n = restored.get(t.name) ?? 0;
    if (n !== t.rows) fail(`incomplete: table ${t.name} has ${n} of its ${t.rows} rows`);
  }
  // Last: setval is not undone by a rollback, so nothing that can still fail comes after it.
  for (const table of tables.values()) await resetSequences(tx, table, sequences.get(table.name) ?? {});
  return { file, schemaVersion: header.schemaVersion, createdAt: header.createdAt, source: header.source, tables: header.tables, rows: total, replaced };
}

function parseHeader(text: string, fail: (what: string) => never): BackupHeader {
  let header: Partial<BackupHeader> | null;
  try {
    header = JSON.parse(text);
  } catch {
    return fail('not a postatlas backup (its first line is not a header)');
  }
  if (header?.format !== BACKUP_FORMAT) return fail('not a postatlas backup');
  if (header.formatVersion !== BACKUP_FORMAT_VERSION) {
    return fail(`written in backup format version ${header.formatVersion}; this postatlas reads version ${BACKUP_FORMAT_VERSION}`);
  }
  const tablesOk = Array.isArray(header.tables) && header.tables.every((t) => typeof t?.name === 'string' && Number.isInteger(t.rows) && t.rows >= 0);
  if (!Number.isInteger(header.schemaVersion) || !tablesOk) return fail('its header is damaged');
  return header as BackupHeader;
}

/**
 * Deletes every row, children first. audit_log refuses DELETE, and restore is the one place allowed
 * past that: it replaces the whole log with the one the backup recorded, in a transaction that
 * commits all of it or nothing. ALTER TABLE is transactional and locks audit_log against other
 * writers until the commit, and the trigger is on again before then, so no other session can ever
 * delete an entry meanwhile.
 */
async function emptyTables(tx: Sql, parentsFirst: TableInfo[]): Promise<void> {
  for (const t of [...parentsFirst].reverse()) {
    const appendOnly = t.name === APPEND_ONLY.table;
    if (appendOnly) await tx.query(`ALTER TABLE ${qualified(t.name)} DISABLE TRIGGER ${ident(APPEND_ONLY.trigger)}`);
    await tx.query(`DELETE FROM ${qualified(t.name)}`);
    if (appendOnly) await tx.query(`ALTER TABLE ${qualified(t.name)} ENABLE TRIGGER ${ident(APPEND_ONLY.trigger)}`);
  }
}

/** One batch of rows from their text form; OVERRIDING SYSTEM VALUE because ids are GENERATED ALWAYS and rows refer to each other by them. */
function insertSql(t: TableInfo): string {
  const columns = t.insertColumns.map(ident).join(', ');
  return `INSERT INTO ${qualified(t.name)} (${columns}) OVERRIDING SYSTEM VALUE
    SELECT ${columns} FROM unnest($1::text[]::${qualified(t.name)}[])`;
}

/**
 * Sets each sequence where the backed-up one was (or past the largest id restored), so new rows get
 * new ids and ids of rows deleted before the backup are not handed out again.
 */
async function resetSequences(tx: Sql, t: TableInfo, saved: Record<string, unknown>): Promise<void> {
  for (const s of t.sequences) {
    const { rows } = await tx.query<{ m: string | null }>(`SELECT max(${ident(s.column)})::text AS m FROM ${qualified(t.name)}`);
    const values = [saved[s.column], rows[0]?.m == null ? null : Number(rows[0].m)].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length > 0) await tx.query('SELECT setval($1::regclass, $2::int8, true)', [s.sequence, Math.max(...values)]);
    else await tx.query('SELECT setval($1::regclass, seqstart, false) FROM pg_sequence WHERE seqrelid = $1::regclass', [s.sequence]);
  }
}

interface TableInfo {
  name: string;
  /** Every column, in the order of the row's text form. */
  columns: string[];
  /** Less generated columns, which take no value. */
  insertColumns: string[];
  /** Columns filled from a sequence (identity columns), with the sequence's qualified name. */
  sequences: { column: string; sequence: string }[];
}

/** The tables of the schema, parents before the tables whose foreign keys refer to them. */
async function userTables(tx: Sql): Promise<TableInfo[]> {
  const { rows } = await tx.query<{ relname: string; attname: string; generated: boolean; sequence: string | null }>(
    `SELECT c.relname, a.attname, a.attgenerated <> '' AS generated,
       pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS sequence
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> $1
       -- A table an extension made (PostGIS's spatial_ref_sys) belongs to the extension, not to postatlas.
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
     ORDER BY c.relname, a.attnum`,
    [MIGRATIONS_TABLE],
  );
  const tables = new Map<string, TableInfo>();
  for (const r of rows) {
    let t = tables.get(r.relname);
    if (!t) tables.set(r.relname, (t = { name: r.relname, columns: [], insertColumns: [], sequences: [] }));
    t.columns.push(r.attname);
    if (!r.generated) t.insertColumns.push(r.attname);
    if (r.sequence) t.sequences.push({ column: r.attname, sequence: r.sequence });
  }
  const { rows: keys } = await tx.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
     FROM pg_constraint k
     JOIN pg_class child ON child.oid = k.conrelid
     JOIN pg_class parent ON parent.oid = k.confrelid
     WHERE k.contype = 'f' AND child.relnamespace = 'public'::regnamespace AND parent.relnamespace = 'public'::regnamespace`,
  );
  return parentsFirst([...tables.keys()], keys).map((name) => tables.get(name)!);
}

/**
 * Tables in rounds: each round the tables whose parents are all placed, by name, so every database
 * of one schema gives the same order. A table referring to itself is placed like any other (its
 * rows are inserted in the order they were read).
 */
function parentsFirst(names: readonly string[], keys: readonly { child: string; parent: string }[]): string[] {
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const k of keys) if (k.child !== k.parent && parents.has(k.parent)) parents.get(k.child)?.add(k.parent);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < names.length) {
    const ready = [...names].sort().filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
    if (ready.length === 0) {
      throw new Error(`backup: tables ${names.filter((n) => !placed.has(n)).join(', ')} refer to each other in a cycle; no order of inserts satisfies their foreign keys`);
    }
    for (const n of ready) {
      order.push(n);
      placed.add(n);
    }
  }
  return order;
}

async function fixTextSettings(tx: Sql): Promise<void> {
  for (const [name, value] of TEXT_SETTINGS) await tx.query('SELECT set_config($1, $2, true)', [name, value]);
}

async function migratedVersion(tx: Sql): Promise<number> {
  const { rows } = await tx.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${qualified(MIGRATIONS_TABLE)}`);
  return rows[0]?.v ?? 0;
}

async function countRows(tx: Sql, table: string): Promise<number> {
  const { rows } = await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${qualified(table)}`);
  return Number(rows[0]!.n);
}

/** Names come from the catalog, never from the file; quoted all the same. */
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (table: string) => `public.${ident(table)}`;

/** The lines of a UTF-8 stream, without holding more than one line at a time. */
async function* lines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  for await (const chunk of source) {
    let text = decoder.write(chunk);
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
      parts.push(text.slice(0, nl));
      yield parts.join('');
      parts = [];
      text = text.slice(nl + 1);
    }
    if (text) parts.push(text);
  }
  parts.push(decoder.end());
  const last = parts.join('');
  if (last) yield last;
}
