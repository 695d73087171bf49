import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openEmbedded, openServer, type Database } from './database.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Databases for tests: the embedded one always, and a PostgreSQL server with PostGIS when one answers.
 * Each call gives a fresh, migrated, empty database.
 */
export interface TestBackend {
  name: 'embedded' | 'server';
  /** Why the backend is not available, for the skip message. */
  skip: string | false;
  open(): Promise<Database>;
}

const SERVER_URL = process.env.POSTATLAS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function testBackends(): Promise<TestBackend[]> {
  return [{ name: 'embedded', skip: false, open: openTestEmbedded }, await serverBackend()];
}

// Creating PostGIS in the embedded database takes ~10 s; a migrated snapshot, cached per schema, starts in ~4 s.
async function openTestEmbedded(): Promise<Database> {
  const schema = createHash('sha256').update(MIGRATIONS.map((m) => m.sql).join('\n')).digest('hex').slice(0, 16);
  const snapshot = join(tmpdir(), `postatlas-test-${schema}.tar`);
  if (existsSync(snapshot)) {
    return openEmbedded(undefined, new Blob([readFileSync(snapshot)]));
  }
  const db = await openEmbedded();
  await migrate(db);
  const dump = await db.dump();
  // Written under another name then renamed, so a parallel test process never reads half a file.
  const partial = `${snapshot}.${process.pid}`;
  writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
  renameSync(partial, snapshot);
  return db;
}

async function serverBackend(): Promise<TestBackend> {
  const required = process.env.POSTATLAS_REQUIRE_SERVER === '1';
  const reason = await probeServer();
  if (reason && required) throw new Error(`POSTATLAS_REQUIRE_SERVER=1 but the PostgreSQL server is unusable: ${reason}`);
  return {
    name: 'server',
    skip: reason ? `no PostgreSQL server with PostGIS at ${redact(SERVER_URL)} (${reason}); set POSTATLAS_TEST_DATABASE_URL` : false,
    open: openTestServer,
  };
}

async function probeServer(): Promise<string | false> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const { rows } = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'");
    return rows.length ? false : 'the PostGIS extension is not installed (apt-get install postgresql-15-postgis-3)';
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new, empty database on the test server (for a test that runs the server in another process); drop() removes it. */
export async function createTestServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `postatlas_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: SERVER_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** A new database per test, dropped when the test's database is closed. */
async function openTestServer(): Promise<Database> {
  const created = await createTestServerDatabase();
  const db = await openServer(created.url);
  await migrate(db);
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    await created.drop();
  };
  return db;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
