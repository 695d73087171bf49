// Server benchmark: latency of cached vector tiles and of site listings at 100 concurrent
// connections, and the sustained rate of measurement ingestion with every acknowledged
// measurement counted back from the database. Each setup (the embedded database, and the
// PostgreSQL server when one answers) runs `postatlas serve` as its own process with the real
// post offices of Spain (OpenStreetMap, data/osm-spain-post-offices), and autocannon loads it over
// loopback from this process.
//
// Targets: p99 under 50 ms for cached tiles; at least 2,000 measurements a second on the
// PostgreSQL server, none lost.
//
//   npm run bench:server [-- --seconds 10] [-- --connections 100] [-- --batch 10] [-- --skip-embedded]
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { importFile, CountryBoundaries } from '@postatlas/importers';
import { countMeasurements, createApiKey, listSites, openStore } from '@postatlas/store';
import { createTestServerDatabase, testBackends } from '@postatlas/store/testing';
import { newApiKey } from '../dist/index.js';
import { startServe } from '../../cli/dist/test-support.js';

const { values: o } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    batch: { type: 'string', default: '10' },
    devices: { type: 'string', default: '200' },
    'skip-embedded': { type: 'boolean', default: false },
  },
});
const seconds = Number(o.seconds);
const connections = Number(o.connections);
const batch = Number(o.batch);
const log = (line) => process.stderr.write(`${line}\n`);
const postOffices = fileURLToPath(new URL('../../../data/osm-spain-post-offices/post-offices.csv', import.meta.url));

/** Imports the post offices and makes a device key for each of the first `devices` of them. */
async function seed(store) {
  const db = await openStore(store);
  try {
    await importFile(db, { layer: 'sites', file: postOffices, country: 'ESP', dataset: 'osm-spain-post-offices', skipInvalid: true, boundaries: CountryBoundaries.load(), importedBy: 'bench' });
    const sites = await listSites(db, { country: 'ESP', limit: Number(o.devices) });
    const devices = [];
    for (const site of sites) {
      const secret = newApiKey();
      await createApiKey(db, { name: `bench ${site.id}`, prefix: secret.prefix, keyHash: secret.secretHash, role: 'device', countries: ['ESP'], siteId: site.id });
      devices.push({ siteId: site.id, key: secret.key });
    }
    return devices;
  } finally {
    await db.close();
  }
}

async function startServer(args) {
  // One load generator on loopback is one client: lift the per-client limit, or it measures 429s.
  const { server, url, exited } = await startServe(args, { LOG_LEVEL: 'error', POSTATLAS_RATE_LIMIT_PER_MINUTE: '1000000000' });
  return { url, stop: async () => { server.kill('SIGTERM'); await exited; } };
}

const run = (opts) => new Promise((resolve, reject) => {
  const instance = autocannon({ connections, duration: seconds, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
});

/** Tiles of mainland Spain and the Balearics at zooms 6–10, each requested once to warm the cache. */
function tileUrls(url) {
  const tiles = [];
  for (let z = 6; z <= 10; z++) {
    const n = 2 ** z;
    const x0 = Math.floor(((-9.5 + 180) / 360) * n);
    const x1 = Math.floor(((4.5 + 180) / 360) * n);
    const y = (lat) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
    for (let x = x0; x <= x1; x++) for (let yy = y(43.8); yy <= y(36.0); yy++) tiles.push(`${url}/api/tiles/sites/${z}/${x}/${yy}.pbf`);
  }
  return tiles;
}

async function setup(name, store, args) {
  log(`${name}: seeding`);
  const devices = await seed(store);
  const server = await startServer(args);
  const rows = [];
  try {
    const tiles = tileUrls(server.url);
    for (const t of tiles) await fetch(t);
    log(`${name}: ${tiles.length} tiles warmed; loading`);
    let k = 0;
    const tileResult = await run({ url: server.url, requests: [{ setupRequest: (req) => ({ ...req, path: new URL(tiles[k++ % tiles.length]).pathname }) }] });
    rows.push({ name, what: `vector tiles, cached (${tiles.length} tiles, z6–10)`, r: tileResult, target: 'p99 < 50 ms', ok: tileResult.latency.p99 < 50 });
    const listResult = await run({ url: `${server.url}/api/sites?country=ESP&limit=100` });
    rows.push({ name, what: 'site list, 100 a page', r: listResult });

    let sent = 0;
    let acknowledged = 0;
    const start = Date.now() - 86_400_000;
    let sequence = 0;
    const ingest = await run({
      url: server.url,
      requests: [{
        method: 'POST',
        setupRequest: (req) => {
          const device = devices[sequence % devices.length];
          const measurements = Array.from({ length: batch }, () => ({ deviceId: `meter-${device.siteId}`, measuredAt: new Date(start + sequence++ * 10).toISOString(), downloadMbps: 20 + (sequence % 50), latencyMs: 40 }));
          sent += batch;
          return { ...req, path: `/api/sites/${device.siteId}/measurements`, headers: { authorization: `Bearer ${device.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ measurements }) };
        },
        onResponse: (status, body) => {
          if (status !== 200) throw new Error(`ingestion answered ${status}: ${body}`);
          if (status === 200) acknowledged += JSON.parse(body).accepted;
        },
      }],
    });
    await server.stop();
    const db = await openStore(store);
    const stored = await countMeasurements(db);
    await db.close();
    const rate = acknowledged / seconds;
    rows.push({
      name, what: `measurement ingestion, batches of ${batch}`, r: ingest,
      extra: `${Math.round(rate).toLocaleString('en')} measurements/s; sent ${sent.toLocaleString('en')}, acknowledged ${acknowledged.toLocaleString('en')}, stored ${stored.toLocaleString('en')}, lost ${Math.max(0, acknowledged - stored)}`,
      target: name === 'PostgreSQL server' ? '≥ 2,000/s, none lost' : 'none lost', ok: stored >= acknowledged && (name !== 'PostgreSQL server' || rate >= 2000),
    });
  } catch (err) {
    await server.stop();
    throw err;
  }
  return rows;
}

const rows = [];
if (!o['skip-embedded']) {
  const dir = mkdtempSync(join(tmpdir(), 'postatlas-bench-server-'));
  try {
    rows.push(...(await setup('embedded (PGlite)', { dataDir: join(dir, 'db') }, ['--data-dir', join(dir, 'db')])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const serverBackend = (await testBackends()).find((b) => b.name === 'server');
if (serverBackend.skip) log(`PostgreSQL server skipped: ${serverBackend.skip}`);
else {
  const database = await createTestServerDatabase();
  try {
    rows.push(...(await setup('PostgreSQL server', { databaseUrl: database.url }, ['--database-url', database.url])));
  } finally {
    await database.drop();
  }
}

const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`\nServer: ${connections} connections, ${seconds} s each, over loopback; the server is one \`postatlas serve\` process.\n`);
console.log('| database | load | requests/s | p50 | p99 | errors | notes | target |');
console.log('|---|---|---:|---:|---:|---:|---|:---:|');
for (const { name, what, r, extra, target, ok } of rows) {
  console.log(`| ${name} | ${what} | ${Math.round(r.requests.average).toLocaleString('en')} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${r.errors + r.non2xx} | ${extra ?? ''} | ${target ? `${target}: ${ok ? '✓' : '✗'}` : ''} |`);
}
console.log(`\nMachine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores; Node ${process.version}. Command: \`npm run bench:server\`.`);
