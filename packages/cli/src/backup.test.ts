import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createTestServerDatabase, testBackends } from '@postatlas/store/testing';
import { MAIN } from './test-support.js';

// Asked before any test runs: the first blocks the event loop (spawnSync) for longer than the probe waits.
const server = (await testBackends()).find((b) => b.name === 'server')!;
const dir = mkdtempSync(join(tmpdir(), 'postatlas-cli-backup-'));
const data = (path: string) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));
const schools = data('itu-stp/STP-1713385818-4t89-pointofinterest.csv');
const cells = data('itu-stp/STP-1713438795-bivd-cellsite.csv');

/** Runs postatlas against one database: ['--data-dir', DIR] or ['--database-url', URL]. */
const postatlas = (database: string[], ...args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, ...args, ...database], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const ok = (database: string[], ...args: string[]) => {
  const r = postatlas(database, ...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const sites = (database: string[]) => JSON.parse(ok(database, 'list', 'sites', '--limit', '1000', '--json'));
/** What a user sees of a database: its sites and the latest analysis run's metrics of them. */
const contents = (database: string[]) => ({ sites: sites(database), metrics: JSON.parse(ok(database, 'list', 'metrics', '--limit', '1000', '--json')) });

const from = ['--data-dir', join(dir, 'from')];
const to = ['--data-dir', join(dir, 'to')];
const file = join(dir, 'stp.backup.gz');
let original: ReturnType<typeof contents>;

test('backup writes the embedded database to one file; restore brings it into another, refusing to overwrite unless --force', () => {
  // Real ITU data of São Tomé and Príncipe (one school has no usable position): schools and cell
  // sites, analysed, and a user (with its audit entry).
  assert.equal(JSON.parse(ok(from, 'import', 'sites', schools, '--skip-invalid', '--json')).inserted, 103);
  assert.equal(JSON.parse(ok(from, 'import', 'cells', cells, '--skip-invalid', '--json')).inserted, 34);
  ok(from, 'analyze', '--country', 'STP', '--json');
  ok(from, 'user', 'add', '--email', 'manager@example.org', '--role', 'country_manager', '--countries', 'STP');
  original = contents(from);
  assert.equal(original.sites.length, 103);
  assert.equal(original.metrics.length, 103);

  const written = ok(from, 'backup', file).split('\n');
  const [, rows, tables, bytes] = /^(.+): ([\d,]+) rows of (\d+) tables, ([\d,]+) bytes \(schema version \d+\)$/.exec(written[0]!)!.slice(1);
  assert.equal(Number(bytes!.replaceAll(',', '')), statSync(file).size);
  assert.ok(Number(tables) >= 20, `${tables} tables`);
  // One line per table holding rows: the 103 schools and 34 cells, 103 metrics, the user.
  assert.match(written.join('\n'), /^sites\s+103$/m);
  assert.match(written.join('\n'), /^cell_sites\s+34$/m);
  assert.match(written.join('\n'), /^site_metrics\s+103$/m);
  assert.match(written.join('\n'), /^users\s+1$/m);

  const restored = ok(to, 'restore', file);
  assert.match(restored, new RegExp(`^restored ${rows} rows of ${tables} tables from ${file} \\(backed up \\S+ from the embedded database\\)\n$`));
  assert.deepEqual(contents(to), original);

  const refused = postatlas(to, 'restore', file);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^postatlas: restore: the database is not empty \(\d+ rows: .*sites 103.*\); restoring replaces all of it \(use --force to do so\)\n$/);
  assert.deepEqual(sites(to), original.sites);
  assert.match(ok(to, 'restore', file, '--force'), new RegExp(`^restored ${rows} rows of ${tables} tables from .+, replacing ${rows} rows\n$`));
  assert.deepEqual(contents(to), original);

  const usage = postatlas(to, 'backup');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^postatlas: usage: postatlas backup FILE\n$/);
});

test('the same backup restores into a PostgreSQL server, and the server\'s backup back into the embedded database', { skip: server.skip }, async () => {
  assert.ok(original, 'needs the embedded backup of the first test');
  const database = await createTestServerDatabase();
  try {
    const url = ['--database-url', database.url];
    const restored = JSON.parse(ok(url, 'restore', file, '--json'));
    assert.deepEqual([restored.source, restored.replaced], ['embedded', 0]);
    assert.deepEqual(contents(url), original);

    const fromServer = join(dir, 'server.backup.gz');
    const written = JSON.parse(ok(url, 'backup', fromServer, '--json'));
    assert.equal(written.rows, restored.rows);
    assert.equal(JSON.parse(ok(to, 'restore', fromServer, '--force', '--json')).source, 'server');
    assert.deepEqual(contents(to), original);
  } finally {
    await database.drop();
  }
});
