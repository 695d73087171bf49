// Analysis benchmark, two scales, each part in its own process so peak memory is its own.
//
// National: India's 155,570 GeoNames post offices, 5 million cell sites and a 3000×3000 population
// raster (synthetic.mjs). The in-process analysis (analyseCountry) against the same metrics by the
// PostGIS route (postgisSiteMetrics: SQL on geography on a PostgreSQL server) on the same data,
// plus the whole `analyze` job on the server (read inputs, compute, write site_metrics).
// Global: 650,000 sites and 40 million cell sites over 246 countries, one country at a time.
//
// The PostGIS route takes tens of minutes on every site (its nearest-neighbour step alone took
// 289 s on all 155,570), so by default it runs on every 20th site, and the in-process analysis is
// timed again on exactly that sample with the same cells, nodes and raster, for the ratio.
//
//   npm run bench:analyze [-- --runs 3] [-- --skip-postgis] [-- --skip-global] [-- --cells 5000000]
//                         [-- --postgis-sample 20] [-- --reuse-db]
//                         [-- --database-url postgres://postgres@127.0.0.1:5432/postgres]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    part: { type: 'string' },
    runs: { type: 'string', default: '3' },
    cells: { type: 'string', default: '5000000' },
    'global-sites': { type: 'string', default: '650000' },
    'global-cells': { type: 'string', default: '40000000' },
    'skip-postgis': { type: 'boolean' },
    'skip-global': { type: 'boolean' },
    'reuse-db': { type: 'boolean' },
    'postgis-sample': { type: 'string', default: '20' },
    'database-url': { type: 'string' },
  },
});
const server = o['database-url'] ?? process.env.POSTATLAS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchDb = 'postatlas_bench_analyze';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const peakMB = () => process.resourceUsage().maxRSS / 1024;
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (line) => process.stderr.write(`${line}\n`);

if (o.part) {
  const result = await { national: national, postgis: postgis, global: global }[o.part]();
  process.stdout.write(JSON.stringify({ ...result, peakMB: peakMB() }));
} else {
  await main();
}

async function main() {
  const part = (name) => {
    const args = [fileURLToPath(import.meta.url), '--part', name, ...process.argv.slice(2)];
    const r = spawnSync(process.execPath, ['--max-old-space-size=12000', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`part ${name} failed (exit ${r.status})`);
    return JSON.parse(r.stdout);
  };
  const n = part('national');
  const p = o['skip-postgis'] ? null : part('postgis');
  const g = o['skip-global'] ? null : part('global');

  const lines = [];
  lines.push(`National: ${n.sites.toLocaleString('en')} sites, ${n.cells.toLocaleString('en')} cell sites, ${n.nodes.toLocaleString('en')} nodes, ${n.raster} raster; ${o.runs} in-process runs, median`);
  lines.push('');
  lines.push('| route | time | peak memory | vs in-process |');
  lines.push('|---|---:|---:|---:|');
  lines.push(`| in process (analyseCountry) | ${secs(n.medianMs)} | ${n.peakMB.toFixed(0)} MB | 1× |`);
  if (p) {
    lines.push('');
    lines.push(`On every ${o['postgis-sample']}th site (${p.sampleSites.toLocaleString('en')} sites, all ${n.cells.toLocaleString('en')} cells, the same raster):`);
    lines.push('');
    lines.push('| route | time | ratio |');
    lines.push('|---|---:|---:|');
    lines.push(`| in process (analyseCountry), median of ${o.runs} | ${secs(p.sampleMs)} | 1× |`);
    lines.push(`| PostGIS route (SQL on geography on the server, same metrics) | ${secs(p.referenceMs)} | ${(p.referenceMs / p.sampleMs).toFixed(0)}× slower |`);
    lines.push(`| \`analyze\` job on the server: read ${secs(p.job.load)}, compute ${secs(p.job.analyse)}, write ${secs(p.job.save)} | ${secs(p.job.load + p.job.analyse + p.job.save)} | ${p.peakMB.toFixed(0)} MB | |`);
  }
  lines.push('');
  lines.push(`In-process stages (median run): ${Object.entries(n.stagesMs).map(([k, v]) => `${k} ${secs(v)}`).join(', ')}`);
  if (p) lines.push(`PostGIS steps: ${Object.entries(p.stepsMs).map(([k, v]) => `${k} ${secs(v)}`).join(', ')}`);
  if (g) {
    lines.push('');
    lines.push(`Global: ${g.sites.toLocaleString('en')} sites, ${g.cells.toLocaleString('en')} cell sites, ${g.countries} countries one at a time: ` +
      `analysis ${secs(g.analyseMs)}, generating the synthetic inputs ${secs(g.buildMs)}, wall ${secs(g.wallMs)}, peak memory ${g.peakMB.toFixed(0)} MB`);
  }
  console.log(lines.join('\n'));
}

async function national() {
  const { nationalIndia } = await import('./synthetic.mjs');
  const { analyseCountry, analysisParameters } = await import('@postatlas/core');
  const params = analysisParameters();
  log('national: generating inputs');
  const inputs = nationalIndia({ cells: Number(o.cells) });
  const runs = [];
  for (let i = 0; i < Number(o.runs); i++) {
    const t = performance.now();
    const m = analyseCountry(inputs, params);
    runs.push({ ms: performance.now() - t, stages: m.timingsMs });
    log(`national: in-process run ${i + 1}: ${secs(runs[i].ms)}`);
  }
  const mid = runs.find((r) => r.ms === median(runs.map((x) => x.ms)));
  const r = inputs.population.rasters[0];
  return {
    sites: inputs.sites.lon.length, cells: inputs.cells.lon.length, nodes: inputs.nodes.lon.length, raster: `${r.width}×${r.height}`,
    medianMs: mid.ms, stagesMs: mid.stages,
  };
}

async function postgis() {
  const { nationalIndia } = await import('./synthetic.mjs');
  const { analysisParameters } = await import('@postatlas/core');
  const store = await import('@postatlas/store');
  const { analyze } = await import('@postatlas/jobs');
  const params = analysisParameters({ populationMethod: 'centroid' });
  const admin = await store.openServer(server);
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [benchDb])).rows.length > 0;
  const url = new URL(server);
  url.pathname = `/${benchDb}`;
  const inputs = nationalIndia({ cells: Number(o.cells) });
  if (!o['reuse-db'] || !exists) {
    await admin.query(`DROP DATABASE IF EXISTS ${benchDb}`);
    await admin.query(`CREATE DATABASE ${benchDb}`);
  }
  await admin.close();
  const db = await store.openStore({ databaseUrl: url.toString() });
  try {
    const [{ n }] = (await db.query("SELECT count(*)::int AS n FROM cell_sites WHERE country = 'IND'")).rows;
    if (n !== inputs.cells.lon.length) {
      log('postgis: loading the same inputs into the server (not timed)');
      await loadInto(db, store, inputs);
    }
    log('postgis: the analyze job (read from the server, compute, write site_metrics)');
    const job = await analyze(db, { country: 'IND', runBy: 'bench', force: true, parameters: params });
    log(`postgis: job ${secs(job.timingsMs.load + job.timingsMs.analyse + job.timingsMs.save)}`);
    const k = Number(o['postgis-sample']);
    const { analyseCountry } = await import('@postatlas/core');
    const loaded = await store.loadCountryInputs(db, 'IND');
    const keep = [...loaded.siteIds.keys()].filter((i) => loaded.siteIds[i] % k === 0);
    const pick = (col) => col.constructor.from(keep, (i) => col[i]);
    const s = loaded.inputs.sites;
    const sample = { ...loaded.inputs, sites: { lon: pick(s.lon), lat: pick(s.lat), siteType: pick(s.siteType), downloadMbps: pick(s.downloadMbps), isConnected: pick(s.isConnected) } };
    const sampleRuns = [];
    for (let i = 0; i < Number(o.runs); i++) {
      const t0 = performance.now();
      analyseCountry(sample, params);
      sampleRuns.push(performance.now() - t0);
    }
    const sampleMs = median(sampleRuns);
    log(`postgis: in process on ${keep.length} sampled sites ${secs(sampleMs)}; now the PostGIS route on the same sites`);
    const stepsMs = {};
    const t = performance.now();
    await store.postgisSiteMetrics(db, 'IND', params, {
      raster: inputs.population.rasters[0],
      siteSample: k,
      onStep: (step, ms) => {
        stepsMs[step] = ms;
        log(`postgis: ${step} ${secs(ms)}`);
      },
    });
    const total = performance.now() - t;
    // Building the route's tables and indexes is its loading, as reading inputs is ours: not counted.
    const loading = ['sites', 'nodes', 'cells', 'population', 'index ref_sites', 'index ref_nodes', 'index ref_cells', 'index ref_population', 'analyze', 'site list'];
    const referenceMs = Object.entries(stepsMs).filter(([k]) => !loading.includes(k)).reduce((s, [, v]) => s + v, 0);
    return { referenceMs, totalMs: total, stepsMs, job: job.timingsMs, sampleSites: keep.length, sampleMs };
  } finally {
    await db.close();
  }
}

/** The synthetic columns as registry rows, through the store's own batch upsert. */
async function loadInto(db, store, inputs) {
  const { SITE_TYPES, TRANSMISSION_MEDIA, rasterTiles } = await import('@postatlas/core');
  const layers = [
    ['sites', store.SITES, inputs.sites.lon.length, (i) => ({
      sourceId: String(i), name: null, siteType: SITE_TYPES[inputs.sites.siteType[i]], country: 'IND', admin1: null, admin2: null,
      lon: inputs.sites.lon[i], lat: inputs.sites.lat[i], isConnected: inputs.sites.isConnected[i] < 0 ? null : inputs.sites.isConnected[i] === 1,
      connectivityType: 'unknown', downloadMbps: Number.isNaN(inputs.sites.downloadMbps[i]) ? null : inputs.sites.downloadMbps[i], hasElectricity: null, attributes: {},
    })],
    ['cells', store.CELL_SITES, inputs.cells.lon.length, (i) => ({
      sourceId: String(i), country: 'IND', lon: inputs.cells.lon[i], lat: inputs.cells.lat[i], generation: inputs.cells.generation[i],
      operator: null, antennaHeightM: null, backhaulType: null, rangeM: Number.isNaN(inputs.cells.rangeM[i]) ? null : inputs.cells.rangeM[i], attributes: {},
    })],
    ['nodes', store.TRANSMISSION_NODES, inputs.nodes.lon.length, (i) => ({
      sourceId: String(i), name: null, country: 'IND', lon: inputs.nodes.lon[i], lat: inputs.nodes.lat[i],
      medium: TRANSMISSION_MEDIA[inputs.nodes.medium[i]], status: inputs.nodes.operational[i] ? 'operational' : 'planned', operator: null, attributes: {},
    })],
  ];
  for (const [layer, spec, n, record] of layers) {
    await db.transaction(async (tx) => {
      const id = await store.upsertDataset(tx, { name: `synthetic-india-${layer}`, layer, source: 'synthetic.mjs', format: 'typed arrays' });
      for (let start = 0; start < n; start += 20_000) {
        const batch = [];
        for (let i = start; i < Math.min(n, start + 20_000); i++) batch.push(record(i));
        await store.upsertBatch(tx, spec, id, batch);
      }
      await tx.query("UPDATE datasets SET countries = '{IND}' WHERE id = $1", [id]);
    });
    log(`postgis: loaded ${n.toLocaleString('en')} ${layer}`);
  }
  await db.transaction(async (tx) => {
    const id = await store.upsertDataset(tx, { name: 'synthetic-india-population', layer: 'population', source: 'synthetic.mjs', format: 'typed arrays' });
    const r = inputs.population.rasters[0];
    await store.replaceRaster(tx, id, 'IND', r, rasterTiles(r));
    await tx.query("UPDATE datasets SET countries = '{IND}' WHERE id = $1", [id]);
  });
}

async function global() {
  const { globalCountries } = await import('./synthetic.mjs');
  const { analyseCountry, analysisParameters } = await import('@postatlas/core');
  const params = analysisParameters();
  const wall = performance.now();
  const jobs = globalCountries({ sites: Number(o['global-sites']), cells: Number(o['global-cells']) });
  let buildMs = 0;
  let analyseMs = 0;
  let sites = 0;
  let cells = 0;
  for (const [k, job] of jobs.entries()) {
    let t = performance.now();
    const inputs = job.build();
    buildMs += performance.now() - t;
    t = performance.now();
    analyseCountry(inputs, params);
    analyseMs += performance.now() - t;
    sites += inputs.sites.lon.length;
    cells += inputs.cells.lon.length;
    if (k % 20 === 0) log(`global: ${k + 1}/${jobs.length} countries, ${secs(analyseMs)} analysing so far`);
  }
  return { countries: jobs.length, sites, cells, buildMs, analyseMs, wallMs: performance.now() - wall };
}
