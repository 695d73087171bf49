import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CountryBoundaries, countryName, resolveCountry } from './countries.js';
import { dataPath } from './formats/test-data.js';

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

test('resolveCountry: codes in any form', () => {
  assert.equal(resolveCountry('STP'), 'STP');
  assert.equal(resolveCountry('stp'), 'STP');
  assert.equal(resolveCountry(' ST '), 'STP');
  assert.equal(resolveCountry('st'), 'STP');
  assert.equal(resolveCountry('678'), 'STP');
  assert.equal(resolveCountry('36'), 'AUS');
  assert.equal(resolveCountry('036'), 'AUS');
  assert.equal(resolveCountry('724'), 'ESP');
  assert.equal(resolveCountry('XK'), 'XKX');
  assert.equal(resolveCountry('XKK'), 'XKX');
  assert.equal(resolveCountry('XKX'), 'XKX');
  assert.equal(resolveCountry('UK'), 'GBR'); // not an ISO code, but a common name
  assert.equal(resolveCountry('ZZZ'), null);
  assert.equal(resolveCountry('999'), null);
  assert.equal(resolveCountry(''), null);
});

test('resolveCountry: English names and the variants real data uses', () => {
  const cases: [string, string][] = [
    ['Senegal', 'SEN'], ['SENEGAL', 'SEN'], ['Sénégal', 'SEN'],
    ["Côte d'Ivoire", 'CIV'], ["Cote d'Ivoire", 'CIV'], ['Côte d’Ivoire', 'CIV'], ['Ivory Coast', 'CIV'],
    ['Gambia', 'GMB'], ['The Gambia', 'GMB'], ['Gambia, The', 'GMB'],
    ['Cape Verde', 'CPV'], ['Cabo Verde', 'CPV'],
    ['Guinea-Bissau', 'GNB'], ['Guinea Bissau', 'GNB'], ['Guinea', 'GIN'],
    ['São Tomé and Príncipe', 'STP'], ['Sao Tome and Principe', 'STP'], ['Sao Tome & Principe', 'STP'],
    ['Spain', 'ESP'], ['Portugal', 'PRT'], ['India', 'IND'], ['Moldova', 'MDA'],
    ['Republic of Moldova', 'MDA'], ['Moldova, Republic of', 'MDA'],
    ['United Kingdom', 'GBR'], ['United States', 'USA'], ['Russia', 'RUS'],
    ['Congo', 'COG'], ['Democratic Republic of the Congo', 'COD'], ['DR Congo', 'COD'],
    ['St. Lucia', 'LCA'], ['Saint Vincent and the Grenadines', 'VCT'], ['Türkiye', 'TUR'],
    ['Kosovo', 'XKX'], ['Viet Nam', 'VNM'], ['Korea, Rep.', 'KOR'], ['North Korea', 'PRK'],
    // ITU spellings.
    ['Korea (Rep. of)', 'KOR'], ["Dem. People's Rep. of Korea", 'PRK'], ['Dem. Rep. of the Congo', 'COD'],
    ['Congo (Rep. of the)', 'COG'], ['Bolivia (Plurinational State of)', 'BOL'], ['Central African Rep.', 'CAF'],
    ['Turks & Caicos Is.', 'TCA'], ['Falkland (Malvinas) Is.', 'FLK'], ['Hong Kong, China', 'HKG'],
    ['Virgin Islands, British', 'VGB'], ['British Virgin Islands', 'VGB'], ['US Virgin Islands', 'VIR'],
  ];
  for (const [name, iso3] of cases) assert.equal(resolveCountry(name), iso3, name);
  assert.equal(resolveCountry('Atlantis'), null);
  assert.equal(resolveCountry('Korea'), null); // could be either
});

test('resolveCountry: every economy in the ITU DataHub export', (t) => {
  const path = dataPath('itu-indicators', 'active-mobile-broadband-subscriptions.csv');
  const economies = new Map<string, string>();
  for (const row of readCsv(path)) economies.set(row['entityName']!, row['entityIso']!);
  // ITU's own codes for places ISO 3166-1 does not list separately (or no longer does).
  const notIso = new Map([['Neth. Antilles', null], ['Ascension', null], ['State of Palestine', 'PSE']]);
  const wrong: string[] = [];
  for (const [name, iso3] of economies) {
    const expected = notIso.has(name) ? notIso.get(name) : iso3;
    if (resolveCountry(name) !== expected) wrong.push(`${name} (${iso3}) → ${resolveCountry(name)}`);
    if (!notIso.has(name)) assert.equal(resolveCountry(iso3), iso3);
  }
  assert.ok(economies.size > 200, String(economies.size));
  assert.deepEqual(wrong, []);
});

test('countryName', () => {
  assert.equal(countryName('STP'), 'Sao Tome and Principe');
  assert.equal(countryName('stp', 'pt'), 'São Tomé e Príncipe');
  assert.equal(countryName('ESP', 'es'), 'España');
  assert.equal(countryName('XKX'), 'Kosovo');
  assert.equal(countryName('ZZZ'), null);
});

const t0 = performance.now();
const world = CountryBoundaries.load();
const loadMs = performance.now() - t0;

test('load: every world-atlas country under an alpha-3 code that resolveCountry agrees with', () => {
  console.log(`CountryBoundaries.load(): ${loadMs.toFixed(0)} ms, ${world.codes().length} codes`);
  assert.equal(CountryBoundaries.ATTRIBUTION, 'Natural Earth 1:10m boundaries (public domain) via world-atlas');
  for (const code of ['ESP', 'PRT', 'STP', 'IND', 'FJI', 'RUS', 'USA', 'AUS', 'XKX', 'SEN', 'GMB', 'CPV', 'CIV', 'GNB', 'MDA']) {
    assert.ok(world.has(code), code);
  }
  // Territories that Natural Earth draws inside their sovereign.
  for (const code of ['REU', 'GUF', 'GLP', 'MTQ', 'MYT', 'SJM', 'BES', 'TKL', 'CXR', 'CCK']) assert.ok(world.has(code), code);
  assert.ok(world.has('esp'));
  assert.ok(!world.has('ZZZ'));
  assert.ok(world.codes().length >= 245, String(world.codes().length));
  for (const code of world.codes()) assert.equal(resolveCountry(code), code);
  assert.throws(() => world.check('ZZZ', 0, 0, 1000), RangeError);
});

test('locate: capitals, sea, and Fiji across the antimeridian', () => {
  assert.equal(world.locate(-3.7038, 40.4168), 'ESP'); // Madrid
  assert.equal(world.locate(-9.1393, 38.7223), 'PRT'); // Lisbon
  assert.equal(world.locate(6.7333, 0.3365), 'STP'); // São Tomé
  assert.equal(world.locate(-17.4467, 14.6928), 'SEN'); // Dakar
  assert.equal(world.locate(77.209, 28.6139), 'IND'); // New Delhi
  assert.equal(world.locate(21.1655, 42.6629), 'XKX'); // Pristina
  assert.equal(world.locate(28.8638, 47.0105), 'MDA'); // Chișinău
  assert.equal(world.locate(2.3522, 48.8566), 'FRA'); // Paris
  assert.equal(world.locate(55.45, -21.1), 'REU'); // Réunion answers its own code...
  assert.ok(world.check('FRA', 55.45, -21.1, 0).inside); // ...and is still France
  assert.equal(world.locate(-40, 30), null); // mid-Atlantic
  assert.equal(world.locate(-30, 0), null);
  assert.equal(world.locate(178.44, -18.14), 'FJI'); // Suva
  // Taveuni, which the 180th meridian crosses: on land on both sides of the seam (checked
  // against the 1:10m coastline, which at -16.8° reaches 179.9932°).
  assert.equal(world.locate(179.98, -16.9), 'FJI');
  assert.equal(world.locate(-179.97, -16.85), 'FJI');
  assert.equal(world.locate(-179.97 + 360, -16.85), 'FJI');
  assert.equal(world.locate(180, -16.9), 'FJI');
  assert.deepEqual(world.check('FJI', 179.98, -16.9, 0), { inside: true, distanceM: 0 });
  assert.deepEqual(world.check('FJI', -179.97, -16.85, 0), { inside: true, distanceM: 0 });
  // (-16.8, 179.99) is ~330 m off that coastline: outside strictly, inside with a tolerance.
  assert.equal(world.locate(179.99, -16.8), null);
  const offshore = world.check('FJI', 179.99, -16.8, 1000);
  assert.ok(offshore.inside && offshore.distanceM > 100 && offshore.distanceM < 1000, JSON.stringify(offshore));
  // Chukotka on both sides of the seam, and the Russian mainland ring that touches it.
  assert.equal(world.locate(-179.5, 68.5), 'RUS');
  assert.equal(world.locate(-175, 67), 'RUS');
  assert.equal(world.locate(179.5, 68), 'RUS');
  assert.equal(world.locate(-150, 64), 'USA'); // Alaska
  assert.equal(world.locate(27.48, -29.31), 'LSO'); // Maseru: Lesotho is a hole in South Africa
  assert.equal(world.locate(28.19, -25.75), 'ZAF'); // Pretoria
  assert.ok(!world.check('ZAF', 27.48, -29.31, 1000).inside);
  assert.equal(world.locate(0, -89.9), 'ATA'); // Antarctica, closed through the pole
});

test('check: tolerance and distances', () => {
  // Madrid is deep inside; Lisbon is ~160 km from Spain.
  assert.deepEqual(world.check('ESP', -3.7038, 40.4168, 5000), { inside: true, distanceM: 0 });
  assert.deepEqual(world.check('ESP', -9.1393, 38.7223, 5000), { inside: false, distanceM: Infinity });
  const far = world.check('ESP', -9.1393, 38.7223, 500_000);
  assert.ok(far.inside && far.distanceM > 100_000 && far.distanceM < 250_000, JSON.stringify(far));
  // In the sea off São Tomé's west coast.
  const sea = world.check('STP', 6.45, 0.2, 50_000);
  assert.ok(sea.distanceM > 0 && sea.distanceM < 50_000, JSON.stringify(sea));
});

test('OSM post offices in Spain are in Spain (5 km tolerance)', (t) => {
  const path = dataPath('osm-spain-post-offices', 'post-offices.csv');
  const rows = readCsv(path);
  assert.equal(rows.length, 2711);
  let strictlyOutside = 0;
  let worst = 0;
  let worstRow: Record<string, string> | null = null;
  const rejected: string[] = [];
  for (const row of rows) {
    const lat = Number(row['lat']), lon = Number(row['lon']);
    assert.ok(Number.isFinite(lat) && Number.isFinite(lon), JSON.stringify(row));
    const result = world.check('ESP', lon, lat, 5000);
    if (result.distanceM > 0) {
      strictlyOutside++;
      if (result.distanceM > worst) { worst = result.distanceM; worstRow = row; }
    }
    if (!result.inside) rejected.push(`${row['osm_id']} ${row['name']} (${lat}, ${lon})`);
  }
  console.log(`Spain: ${rows.length} post offices, ${strictlyOutside} strictly outside the polygon, ` +
    `worst ${worst.toFixed(0)} m (${worstRow?.['osm_id']} ${worstRow?.['name']} ${worstRow?.['lat']},${worstRow?.['lon']})`);
  assert.deepEqual(rejected, []);
});

test('ITU schools in São Tomé and Príncipe are in STP', (t) => {
  const path = dataPath('itu-stp', 'STP-1713385818-4t89-pointofinterest.csv');
  const rows = readCsv(path);
  assert.ok(rows.length >= 100, String(rows.length));
  let strictlyOutside = 0, worst = 0;
  for (const row of rows) {
    assert.equal(resolveCountry(row['country_code']!), 'STP');
    const lat = Number(row['lat']), lon = Number(row['lon']);
    const result = world.check('STP', lon, lat, 5000);
    assert.ok(result.inside, `${row['poi_id']} (${lat}, ${lon})`);
    if (result.distanceM > 0) strictlyOutside++;
    worst = Math.max(worst, result.distanceM);
    // Off the coastline it is in no country at all, never in another one.
    assert.equal(world.locate(lon, lat) ?? 'STP', 'STP');
  }
  console.log(`São Tomé: ${rows.length} schools, ${strictlyOutside} strictly outside the polygon, worst ${worst.toFixed(0)} m`);
});

test('timing: 155k random points in India\'s bbox (logged, not asserted)', () => {
  // A fresh instance, since earlier tests may have built India's index already.
  const fresh = CountryBoundaries.load();
  let t = performance.now();
  const index = fresh.index('IND');
  const buildMs = performance.now() - t;
  const [minX, minY, maxX, maxY] = index.bbox;
  let seed = 7;
  const rand = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const n = 155_000;
  const lon = new Float64Array(n), lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = minX + (maxX - minX) * rand();
    lat[i] = minY + (maxY - minY) * rand();
  }
  t = performance.now();
  let inside = 0, near = 0;
  for (let i = 0; i < n; i++) {
    const r = fresh.check('IND', lon[i]!, lat[i]!, 5000);
    if (r.distanceM === 0) inside++;
    else if (r.inside) near++;
  }
  const checkMs = performance.now() - t;
  t = performance.now();
  let contained = 0;
  for (let i = 0; i < n; i++) if (index.contains(lon[i]!, lat[i]!)) contained++;
  const containsMs = performance.now() - t;
  console.log(`India: index of ${index.edgeCount} edges in ${index.bandCount} bands built in ${buildMs.toFixed(1)} ms; ` +
    `check() on ${n} points in ${checkMs.toFixed(0)} ms (${inside} inside, ${near} within 5 km, ` +
    `${n - inside - near} outside); contains() alone ${containsMs.toFixed(0)} ms`);
  assert.equal(contained, inside);
});
