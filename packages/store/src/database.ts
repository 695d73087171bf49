import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import pg from 'pg';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** What queries need: one SQL statement with positional parameters. Both backends and transactions provide it. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Database extends Sql {
  readonly kind: 'embedded' | 'server';
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL server with PostGIS; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Directory of the embedded database; in memory when absent. */
  dataDir?: string | undefined;
  /** A data directory dump (`dumpDataDir`) to start an in-memory embedded database from. */
  loadDataDir?: Blob | File | undefined;
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.databaseUrl) return openServer(options.databaseUrl);
  return openEmbedded(options.dataDir, options.loadDataDir);
}

export async function openEmbedded(dataDir?: string, loadDataDir?: Blob | File): Promise<EmbeddedDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { postgis },
  });
  return new EmbeddedDatabase(lite);
}

export class EmbeddedDatabase implements Database {
  readonly kind = 'embedded' as const;
  constructor(readonly lite: PGlite) {}

  async query<T>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const r = await this.lite.query<T>(text, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.lite.transaction((tx) =>
      fn({
        async query<R>(text: string, params: readonly unknown[] = []) {
          const r = await tx.query<R>(text, params as unknown[]);
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        },
      }),
    );
  }

  /** A snapshot of the whole database, used to start test databases without re-creating PostGIS. */
  dump(): Promise<Blob | File> {
    return this.lite.dumpDataDir('none');
  }

  close(): Promise<void> {
    return this.lite.close();
  }
}

// Counts and ids are int4 in the schema; int8 (e.g. sum()) and numeric would otherwise come back as strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export async function openServer(databaseUrl: string): Promise<ServerDatabase> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // Fail at open, with the server's own message, rather than at the first query.
  const client = await pool.connect();
  client.release();
  return new ServerDatabase(pool);
}

export class ServerDatabase implements Database {
  readonly kind = 'server' as const;
  private closing = false;

  constructor(readonly pool: pg.Pool) {
    // An idle connection the server ends (a restart; a database dropped while the pool closes) is an
    // error on the pool, which would end the process if nobody listened. The pool drops that
    // connection and opens another at the next query, so it is only noted.
    pool.on('error', (err) => {
      if (!this.closing) console.warn(`postatlas: a database connection was lost (${err.message}); the next query opens another`);
    });
  }

  async query<T>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const r = await this.pool.query(text, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({
        async query<R>(text: string, params: readonly unknown[] = []) {
          const r = await client.query(text, params as unknown[]);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    this.closing = true;
    return this.pool.end();
  }
}
