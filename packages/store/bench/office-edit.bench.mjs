// An office's staff change its services and hours: the office's slice of the catalogue read,
// checked and its changed rows written (changeOfficeServices), against the way it was done before,
// the country's whole catalogue read, checked and written (readCatalogueOf, readCatalogue,
// writeCatalogue). Spain's demo catalogue (2,695 offices, about 33,000 records), on the embedded
// database and, when one answers, a PostgreSQL server. Each run alternates two sets of hours, so
// every run writes.
//
//   npm run bench:office-edit [-- --runs 7] [-- --database-url postgres://postgres@127.0.0.1:5432/postgres]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { officeChange, readCatalogue } from '@postatlas/core';
import { importFile, importServices } from '@postatlas/importers';
import { changeOfficeServices, migrate, openDatabase, readCatalogueOf, writeCatalogue } from '@postatlas/store';

const { values: o } = parseArgs({ options: { runs: { type: 'string', default: '7' }, 'database-url': { type: 'string' } } });
const runs = Number(o.runs);
const serverUrl = o['database-url'] ?? process.env.POSTATLAS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const data = (p) => fileURLToPath(new URL(`../../../data/${p}`, import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

async function wholeCatalogue(db, siteId, change) {
  await db.transaction(async (tx) => {
    const { rows: [location] } = await tx.query('SELECT id, country FROM service_locations WHERE site_id = $1 ORDER BY id COLLATE "C" LIMIT 1 FOR UPDATE', [siteId]);
    const current = await readCatalogueOf(tx, location.country);
    const { catalogue, issues } = readCatalogue(officeChange(current, location.id, change));
    if (issues.length) throw new Error(issues[0].reason);
    const { rows } = await tx.query('SELECT id, site_id AS "siteId" FROM service_locations WHERE country = $1', [location.country]);
    await writeCatalogue(tx, location.country, catalogue, new Map(rows.map((r) => [r.id, r.siteId])));
  });
}

async function bench(name, db) {
  await migrate(db);
  await importFile(db, { layer: 'sites', file: data('osm-spain-post-offices/post-offices.csv'), country: 'ESP', dataset: 'osm-spain-post-offices', skipInvalid: true, importedBy: 'bench' });
  const imported = await importServices(db, { path: data('demo-services'), country: 'ESP', importedBy: 'bench' });
  if (!imported.committed) throw new Error('the demo catalogue did not import');
  const { rows } = await db.query('SELECT site_id AS "siteId" FROM service_locations WHERE country = $1 ORDER BY id COLLATE "C"', ['ESP']);
  const siteId = rows[Math.floor(rows.length / 2)].siteId;
  const hours = (closes) => ({ hours: [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: closes }] });
  const times = { slice: [], whole: [] };
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await changeOfficeServices(db, { siteId, change: hours(i % 2 ? '14:30' : '15:00'), actor: 'bench' });
    times.slice.push(performance.now() - t);
    t = performance.now();
    await wholeCatalogue(db, siteId, hours(i % 2 ? '15:00' : '14:30'));
    times.whole.push(performance.now() - t);
  }
  const records = (await db.query(`SELECT (SELECT count(*) FROM service_locations) + (SELECT count(*) FROM service_at_locations) + (SELECT count(*) FROM service_schedules)
    + (SELECT count(*) FROM service_languages) + (SELECT count(*) FROM service_accessibility) AS n`)).rows[0].n;
  const [slice, whole] = [median(times.slice), median(times.whole)];
  console.log(`| ${name} | ${rows.length.toLocaleString("en")} offices, ${Number(records).toLocaleString("en")} records of offices | ${ms(slice)} | ${ms(whole)} | ${(whole / slice).toFixed(1)}× |`);
}

console.log(`office edit, median of ${runs} runs each\n`);
console.log('| database | catalogue | office slice, changed rows | whole catalogue | ratio |');
console.log('|---|---|---:|---:|---:|');
const embedded = await openDatabase();
await bench('embedded (PGlite)', embedded);
await embedded.close();

const name = 'postatlas_bench_office_edit';
const admin = new pg.Client({ connectionString: serverUrl });
try {
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const server = await openDatabase({ databaseUrl: url.toString() });
  await bench('PostgreSQL server', server);
  await server.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
} catch (err) {
  console.log(`\n(no PostgreSQL server at ${serverUrl.replace(/:[^:@/]*@/, ':***@')}: ${err.message})`);
} finally {
  await admin.end().catch(() => undefined);
}
