import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Site } from '@postatlas/core';
import { createApiKey, createSession, createUser } from './accounts.js';
import { appendAudit } from './audit.js';
import { backup, restore, RestoreRefused, type BackupSummary } from './backup.js';
import type { Database } from './database.js';
import { recordImport, upsertDataset } from './datasets.js';
import { SITES, TRANSMISSION_LINKS } from './layers.js';
import { ingestMeasurements } from './measurements.js';
import { schemaVersion } from './migrate.js';
import { replaceRaster } from './population.js';
import { saveScenario } from './scenarios.js';
import { createSite, deleteSite, updateSite } from './site-writes.js';
import { testBackends } from './testing.js';
import { upsertBatch } from './upsert.js';

const dir = mkdtempSync(join(tmpdir(), 'postatlas-backup-'));
let files = 0;
const newFile = () => join(dir, `${++files}.backup.gz`);

const site = (sourceId: string, over: Partial<Site> = {}): Site => ({
  sourceId, name: `Correio ${sourceId}`, siteType: 'post_office', country: 'STP', admin1: null, admin2: 'Água-Grande', lat: 0.3365, lon: 6.7273,
  isConnected: null, connectivityType: 'unknown', downloadMbps: null, hasElectricity: true, attributes: {}, ...over,
});

/** What each table holds after fill(), checked against the backup's header. */
const FILLED = {
  datasets: 4, imports: 1, sites: 3, transmission_links: 1, population_rasters: 1, population_raster_tiles: 2,
  users: 1, sessions: 1, api_keys: 1, devices: 1, measurements: 2, rejected_measurements: 1,
  analysis_runs: 1, site_metrics: 1, scenarios: 1, scenario_sites: 2,
};

/**
 * A small but complete database: imported and API-made sites (geometry, jsonb with awkward text),
 * a fibre link, a raster's float32 tiles (bytea, with NaN), a user with a session and a device key
 * (arrays, timestamptz), measurements and a refusal, an analysis run with metrics, a scenario, and
 * the audit entries of the API writes. The last site made is deleted, so its id is above every id left.
 */
async function fill(db: Database): Promise<{ deletedSiteId: number }> {
  const offices = await upsertDataset(db, { name: 'stp-offices', layer: 'sites', source: 'offices.csv', format: 'csv', licence: 'CC BY 4.0' });
  await db.transaction(async (tx) => {
    await upsertBatch(tx, SITES, offices, [
      site('A', { attributes: { note: 'a "quote", a \\ backslash,\na newline and {braces}', 'município': 'São Tomé' } }),
      site('B', { name: null, lat: -0.0123456789012345, lon: 6.5, downloadMbps: 0.1 + 0.2, isConnected: true, connectivityType: 'fiber' }),
    ]);
    await recordImport(tx, 'sites', {
      datasetId: offices, countries: ['STP'], file: 'offices.csv', sha256: 'ab'.repeat(32), importedBy: 'test', rowsRead: 2, inserted: 2, updated: 0, unchanged: 0, removed: 0, rejected: 0,
    });
  });
  const links = await upsertDataset(db, { name: 'stp-fibre', layer: 'links', source: 'fibre.geojson', format: 'geojson', isPublic: true });
  await db.transaction((tx) =>
    upsertBatch(tx, TRANSMISSION_LINKS, links, [{
      sourceId: 'L1', name: 'Backbone', country: 'STP', medium: 'fiber', status: 'operational', operator: 'CST', attributes: {},
      geometry: { type: 'LineString', coordinates: [[6.7273, 0.3365], [6.6, 0.2], [6.5517, 0.3584]] },
    }]),
  );
  const population = await upsertDataset(db, { name: 'stp-population', layer: 'population', source: 'pop.tif', format: 'geotiff' });
  await db.transaction((tx) =>
    replaceRaster(tx, population, 'STP', { width: 3, height: 2, west: 6.4, north: 0.5, dx: 0.5, dy: 0.25 }, [
      { col0: 0, row0: 0, width: 2, height: 2, values: new Float32Array([1, 2.5, 4.25, 0]) },
      { col0: 2, row0: 0, width: 1, height: 2, values: new Float32Array([NaN, 6]) },
    ]),
  );

  const office = await createSite(db, { name: 'Correio Neves', siteType: 'post_office', country: 'STP', lat: 0.3584, lon: 6.5517, services: { parcels: true, banking: ['savings'] } }, 'user:1');
  await updateSite(db, office.id, { downloadMbps: 12.5, openingHours: { mon: '08:00-15:00' } }, 'user:1');
  const gone = await createSite(db, { name: 'Correio Provisório', siteType: 'post_office', country: 'STP', lat: 0.2, lon: 6.6 }, 'user:1');
  await deleteSite(db, gone.id, 'user:1');

  const user = await createUser(db, { email: 'manager@example.org', passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA', role: 'country_manager', countries: ['STP'], siteIds: [office.id] });
  await createSession(db, { tokenHash: 'cd'.repeat(32), userId: user.id, csrfToken: 'csrf-token', expiresAt: new Date('2031-01-02T03:04:05.678Z') });
  // Microseconds, which a Date cannot hold, so the test sees them survive every trip.
  await db.query(`UPDATE sessions SET expires_at = '2031-01-02T03:04:05.678901Z'`);
  await createApiKey(db, { name: 'meter', prefix: 'pa_3f9a', keyHash: 'ef'.repeat(32), role: 'device', countries: ['STP'], siteId: office.id, createdBy: user.id });
  await appendAudit(db, { actor: 'cli:test', action: 'create', entity: 'user', entityId: String(user.id), country: null, before: null, after: { email: user.email } });

  await ingestMeasurements(db, office.id, [
    { input: { hardwareId: 'meter-1', kind: 'speedtest', measuredAt: '2025-03-01T10:00:00.123Z', downloadMbps: 9.75, latencyMs: 41, isp: 'CST', asn: 328_191, flags: ['below_contract'] } },
    { input: { hardwareId: 'meter-1', kind: 'uptime', measuredAt: '2025-03-01T10:05:00Z' } },
    { input: { hardwareId: 'meter-1', kind: 'speedtest', measuredAt: '2099-01-01T00:00:00Z' }, rejectedReason: 'measured in the future' },
  ]);

  const run = await db.query<{ id: number }>(
    `INSERT INTO analysis_runs (started_at, run_by, countries, parameters, inputs, fingerprint, summary)
     VALUES ('2025-03-02T08:00:00.5Z', 'test', '{STP}', '{"radiiM": [1000, 2000]}', '[]', 'f00d', '[{"sites": 3}]') RETURNING id`,
  );
  await db.query(
    `INSERT INTO site_metrics (run_id, site_id, country, cell_4g_m, best_generation, population_1km, schools_1km, schools_2km, schools_3km,
       other_sites_1km, other_sites_2km, other_sites_3km, area_class, speed_class, coverage_class, connected)
     VALUES ($1, $2, 'STP', 95.65012345678901, 4, 1234.5, 0, 1, 2, 0, 0, 1, 'rural', 'moderate', 'good', true)`,
    [run.rows[0]!.id, office.id],
  );
  const siteB = (await db.query<{ id: number }>(`SELECT id FROM sites WHERE source_id = 'B'`)).rows[0]!.id;
  const scenarioSite = { technology: 'fiber', capexUsd: 12_000.5, opexPerYearUsd: 600, tcoUsd: 18_000, npvUsd: 16_500.25, costUsd: 16_500.25, year: 2027, demandMbps: 20, peopleServed: 1_500, costPerPersonUsd: 11, linkM: 2_345.5, viaSiteId: null, lineOfSightUnchecked: false };
  await saveScenario(db, {
    country: 'STP', name: 'first offices', createdBy: 'test', analysisRunId: run.rows[0]!.id, objective: 'population', budgetUsd: 1_000_000, annualBudgetUsd: null,
    fromYear: 2026, untilYear: 2030, mustInclude: [office.id], parameters: { discountRate: 0.08 }, result: { certificate: { gap: 0 } },
  }, [{ siteId: office.id, ...scenarioSite }, { siteId: siteB, ...scenarioSite, technology: 'satellite', viaSiteId: office.id, year: null }]);
  return { deletedSiteId: gone.id };
}

/** Every row of every table the backup holds, as Postgres prints it, sorted (collations differ between databases). */
async function snapshot(db: Database, summary: BackupSummary): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const { name } of summary.tables) {
    rows[name] = (await db.query<{ r: string }>(`SELECT t::text AS r FROM ${name} t`)).rows.map((r) => r.r).sort();
  }
  return rows;
}

function rewrite(from: string, edit: (lines: string[]) => string[]): string {
  const to = newFile();
  writeFileSync(to, gzipSync(edit(gunzipSync(readFileSync(from)).toString('utf8').split('\n')).join('\n')));
  return to;
}

const backends = await testBackends();
for (const backend of backends) {
  describe(`backup and restore on the ${backend.name} database`, { skip: backend.skip }, () => {
    let source: Database;
    let file: string;
    let summary: BackupSummary;
    let rows: Record<string, string[]>;
    let deletedSiteId: number;
    // A fresh database the tests restore into: empty for the first, replaced (force) by the others.
    let target: Database;
    const progress: number[][] = [];
    before(async () => {
      source = await backend.open();
      target = await backend.open();
      ({ deletedSiteId } = await fill(source));
      file = newFile();
      summary = await backup(source, file, { onProgress: (done, total) => progress.push([done, total]) });
      rows = await snapshot(source, summary);
    });
    after(async () => {
      await source?.close();
      await target?.close();
    });

    test('the backup says what it holds: every table but the migrations and PostGIS, parents first', async () => {
      const counts = Object.fromEntries(summary.tables.map((t) => [t.name, t.rows]));
      for (const [table, n] of Object.entries(FILLED)) assert.equal(counts[table], n, table);
      const audit = await source.query<{ all: string; ours: string }>(
        `SELECT count(*)::text AS all, count(*) FILTER (WHERE actor IN ('user:1', 'cli:test'))::text AS ours FROM audit_log`,
      );
      // Four API writes (create, update, create, delete) and the user's creation.
      assert.equal(Number(audit.rows[0]!.ours), 5);
      assert.equal(counts.audit_log, Number(audit.rows[0]!.all));
      assert.equal(summary.rows, Object.values(counts).reduce((a, b) => a + b, 0));
      assert.equal(summary.schemaVersion, await schemaVersion(source));
      const names = summary.tables.map((t) => t.name);
      assert.ok(!names.includes('spatial_ref_sys') && !names.includes('schema_migrations'));
      for (const [child, parent] of [['sites', 'datasets'], ['site_metrics', 'analysis_runs'], ['scenario_sites', 'scenarios'], ['measurements', 'devices'], ['api_keys', 'users']]) {
        assert.ok(names.indexOf(parent!) < names.indexOf(child!), `${parent} before ${child}`);
      }
      assert.deepEqual(progress.at(-1), [summary.rows, summary.rows]);
      assert.match(rows.sessions![0]!, /"2031-01-02 03:04:05\.678901\+00"/);

      const [header, ...lines] = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
      assert.deepEqual(
        { ...JSON.parse(header!), createdAt: null },
        { format: 'postatlas-backup', formatVersion: 1, schemaVersion: summary.schemaVersion, createdAt: null, source: backend.name, tables: summary.tables },
      );
      assert.equal(readFileSync(file).length, summary.bytes);
      const sites = lines.findIndex((l) => l.startsWith('{"table":"sites"'));
      assert.deepEqual(JSON.parse(lines[sites]!).sequences, { id: deletedSiteId });
      assert.equal(JSON.parse(lines[sites + 1]!).rows.length, FILLED.sites);
    });

    test('a fresh database restored from it holds exactly the same rows, geometry, jsonb, arrays, bytea and times included', async () => {
      const seen: number[][] = [];
      const restored = await restore(target, file, { onProgress: (done, total) => seen.push([done, total]) });
      assert.deepEqual({ ...restored, createdAt: null }, {
        file, schemaVersion: summary.schemaVersion, createdAt: null, source: backend.name, tables: summary.tables, rows: summary.rows, replaced: 0,
      });
      assert.deepEqual(seen.at(-1), [summary.rows, summary.rows]);
      assert.deepEqual(await snapshot(target, summary), rows);
    });

    test('after a restore new rows get new ids, deleted ids are not handed out again, and the audit log is still append-only', async () => {
      await restore(target, file, { force: true });
      const { rows: [ids] } = await target.query<{ sites: number; audit: string }>('SELECT (SELECT max(id) FROM sites) AS sites, (SELECT max(id)::text FROM audit_log) AS audit');
      assert.ok(ids!.sites < deletedSiteId);
      const next = await createSite(target, { name: 'Correio Novo', siteType: 'post_office', country: 'STP', lat: 0.3, lon: 6.7 }, 'user:1');
      assert.equal(next.id, deletedSiteId + 1);
      const { rows: [audit] } = await target.query<{ id: string }>(`SELECT max(id)::text AS id FROM audit_log`);
      assert.equal(Number(audit!.id), Number(ids!.audit) + 1);

      await assert.rejects(target.query(`UPDATE audit_log SET actor = 'someone else'`), /audit_log is append-only/);
      await assert.rejects(target.query('DELETE FROM audit_log'), /audit_log is append-only/);
      await assert.rejects(target.query('TRUNCATE audit_log'), /audit_log is append-only/);
    });

    test('a database that holds rows is refused, unchanged, unless forced; forced, it ends up with the backup\'s rows only', async () => {
      const occupied = await backend.open();
      try {
        const local = await createUser(occupied, { email: 'local@example.org', passwordHash: 'x', role: 'admin' });
        await createSession(occupied, { tokenHash: 'local', userId: local.id, csrfToken: 'c', expiresAt: new Date('2030-01-01T00:00:00Z') });
        await appendAudit(occupied, { actor: 'cli:local', action: 'create', entity: 'user', entityId: String(local.id), country: null, before: null, after: null });
        const before = await snapshot(occupied, summary);
        const refused = await restore(occupied, file).catch((err: unknown) => err);
        assert.ok(refused instanceof RestoreRefused);
        assert.deepEqual(refused.rows, { audit_log: 1, sessions: 1, users: 1 });
        assert.equal(refused.message, 'restore: the database is not empty (3 rows: audit_log 1, sessions 1, users 1); restoring replaces all of it (use --force to do so)');
        assert.deepEqual(await snapshot(occupied, summary), before);

        // Replacing the local audit entry is the one delete audit_log allows, and only inside restore.
        const forced = await restore(occupied, file, { force: true });
        assert.equal(forced.replaced, 3);
        assert.deepEqual(await snapshot(occupied, summary), rows);
        await assert.rejects(occupied.query('DELETE FROM audit_log'), /audit_log is append-only/);
      } finally {
        await occupied.close();
      }
    });

    test('a damaged, truncated, incomplete or foreign file is refused and the database is left as it was, even when forced', async () => {
      await restore(target, file, { force: true });
      await createSite(target, { name: 'Correio Local', siteType: 'post_office', country: 'STP', lat: 0.3, lon: 6.7 }, 'user:9');
      const before = await snapshot(target, summary);
      const refuse = async (path: string, message: RegExp) => {
        await assert.rejects(restore(target, path, { force: true }), { message });
        assert.deepEqual(await snapshot(target, summary), before);
      };
      const bytes = readFileSync(file);
      const truncated = newFile();
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      await refuse(truncated, new RegExp(`^restore: ${truncated}: damaged or incomplete \\(unexpected end of file\\); nothing was restored$`));

      const damaged = newFile();
      const flipped = Buffer.from(bytes);
      for (let i = 200; i < 260; i++) flipped[i] = flipped[i]! ^ 0x5a;
      writeFileSync(damaged, flipped);
      await refuse(damaged, new RegExp(`^restore: ${damaged}: .+; nothing was restored$`));

      // Whole as gzip, but the last table's rows are missing.
      const short = rewrite(file, (lines) => {
        const last = lines.findLastIndex((l) => l.startsWith('{"rows"'));
        return lines.filter((_, i) => i !== last);
      });
      await refuse(short, new RegExp(`^restore: ${short}: incomplete: table \\w+ has 0 of its \\d+ rows; nothing was restored$`));

      const csv = newFile();
      writeFileSync(csv, 'id,name,lat,lon\nA,Correio Central,0.3365,6.7273\n');
      await refuse(csv, new RegExp(`^restore: ${csv}: not a postatlas backup \\(not gzip\\); nothing was restored$`));
      const gzippedCsv = newFile();
      writeFileSync(gzippedCsv, gzipSync('id,name,lat,lon\n'));
      await refuse(gzippedCsv, new RegExp(`^restore: ${gzippedCsv}: not a postatlas backup \\(its first line is not a header\\); nothing was restored$`));
      await refuse(join(dir, 'none.gz'), new RegExp(`^restore: ${join(dir, 'none.gz')}: no such file$`));

      // A row the schema refuses (a site type that does not exist) fails its batch, and so the whole restore.
      const invalid = rewrite(file, (lines) => lines.map((l) => (l.startsWith('{"rows"') ? l.replace(',post_office,', ',bakery,') : l)));
      await refuse(invalid, /^restore: .+: line \d+, table sites: .*site_type.*; nothing was restored$/);
    });

    test('a backup of another schema version is refused, naming both versions', async () => {
      const version = await schemaVersion(source);
      const newer = rewrite(file, ([header, ...rest]) => [JSON.stringify({ ...JSON.parse(header!), schemaVersion: version + 1 }), ...rest]);
      await assert.rejects(restore(source, newer, { force: true }), {
        message: `restore: ${newer}: the backup is of schema version ${version + 1} and this database is at version ${version}; a backup restores only into a database of its own version; nothing was restored`,
      });
      const later = rewrite(file, ([header, ...rest]) => [JSON.stringify({ ...JSON.parse(header!), formatVersion: 2 }), ...rest]);
      await assert.rejects(restore(source, later, { force: true }), /written in backup format version 2; this postatlas reads version 1/);
      assert.deepEqual(await snapshot(source, summary), rows);
    });

    test('rows travel in lines of at most 1000, fewer when they are large, and come back whole', async () => {
      const db = await backend.open();
      try {
        const dataset = await upsertDataset(db, { name: 'many', layer: 'sites', source: 'many.csv', format: 'csv' });
        await db.query(
          `INSERT INTO sites (country, dataset_id, source_id, site_type, geom)
           SELECT 'STP', $1, 'S' || g, 'school', ST_SetSRID(ST_MakePoint(6.5 + g * 1e-5, 0.3), 4326) FROM generate_series(1, 2500) g`,
          [dataset],
        );
        // Twenty tiles of 256 × 256 float32: half a megabyte of hex each.
        const population = await upsertDataset(db, { name: 'big raster', layer: 'population', source: 'big.tif', format: 'geotiff' });
        const tiles = Array.from({ length: 20 }, (_, k) => ({
          col0: (k % 5) * 256, row0: Math.floor(k / 5) * 256, width: 256, height: 256,
          values: Float32Array.from({ length: 256 * 256 }, (_, i) => ((i * 7 + k) % 101) / 4),
        }));
        await db.transaction((tx) => replaceRaster(tx, population, 'STP', { width: 1280, height: 1024, west: 6.4, north: 0.5, dx: 0.001, dy: 0.001 }, tiles));

        const big = newFile();
        const written = await backup(db, big);
        const lines = gunzipSync(readFileSync(big)).toString('utf8').trimEnd().split('\n');
        const batches = (table: string) => {
          const start = lines.findIndex((l) => l.startsWith(`{"table":"${table}"`));
          const end = lines.findIndex((l, i) => i > start && l.startsWith('{"table"'));
          return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => ({ rows: JSON.parse(l).rows.length as number, chars: l.length }));
        };
        const sites = batches('sites');
        assert.equal(sites.reduce((n, b) => n + b.rows, 0), 2500);
        assert.ok(sites.every((b) => b.rows <= 1000) && sites.some((b) => b.rows === 1000));
        const raster = batches('population_raster_tiles');
        assert.equal(raster.reduce((n, b) => n + b.rows, 0), 20);
        assert.ok(raster.length >= 3, `${raster.length} lines`);
        assert.ok(raster.every((b) => b.chars < 6_000_000), raster.map((b) => b.chars).join(', '));

        await restore(target, big, { force: true });
        assert.deepEqual(await snapshot(target, written), await snapshot(db, written));
      } finally {
        await db.close();
      }
    });
  });
}

const server = backends.find((b) => b.name === 'server')!;
const embedded = backends.find((b) => b.name === 'embedded')!;
describe('backups across the embedded database and a PostgreSQL server', { skip: server.skip }, () => {
  test('embedded → server, then server → embedded, gives back every row', async () => {
    const first = await embedded.open();
    const second = await server.open();
    const third = await embedded.open();
    try {
      await fill(first);
      const fromEmbedded = newFile();
      const summary = await backup(first, fromEmbedded);
      const rows = await snapshot(first, summary);
      assert.equal((await restore(second, fromEmbedded)).source, 'embedded');
      assert.deepEqual(await snapshot(second, summary), rows);

      // Written by the server itself: its clock gives times in microseconds, which PGlite's does not.
      await createSite(second, { name: 'Correio do Servidor', siteType: 'post_office', country: 'STP', lat: 0.31, lon: 6.71 }, 'user:1');
      const fromServer = newFile();
      const serverSummary = await backup(second, fromServer);
      const serverRows = await snapshot(second, serverSummary);
      assert.equal(serverRows.sites!.length, FILLED.sites + 1);
      assert.equal((await restore(third, fromServer)).source, 'server');
      assert.deepEqual(await snapshot(third, serverSummary), serverRows);
    } finally {
      await Promise.all([first.close(), second.close(), third.close()]);
    }
  });
});
