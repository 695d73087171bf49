/**
 * Country codes and country boundaries, so that an importer can trust a record's country.
 *
 *     resolveCountry("Côte d'Ivoire");   // 'CIV' (also 'CI', '384', 'civ', 'Ivory Coast')
 *     const world = CountryBoundaries.load();
 *     world.check('ESP', -3.70, 40.42, 5000);   // { inside: true, distanceM: 0 }
 *     world.locate(-9.14, 38.72);               // 'PRT'
 *
 * Boundaries are Natural Earth 1:10m (public domain) as packaged by world-atlas. At that
 * scale coastlines are generalised by a few hundred metres, so a harbour-side post office
 * can fall just outside its country: `check` takes a tolerance for that reason.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FeatureCollection, Geometry } from 'geojson';
import Flatbush from 'flatbush';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import { normalizeRing, PolygonIndex, type PolygonRings } from '@postatlas/core';

/**
 * Kosovo has no ISO code; i18n-iso-countries calls it XK/XKK, while most data (EU, IMF,
 * World Bank) says XKX. Everything here answers XKX.
 */
const KOSOVO = 'XKX';

/**
 * Spellings seen in real data (World Bank, ITU, OSM) that i18n-iso-countries' English names
 * and aliases miss, even after the variants that `nameKeys` tries.
 */
const EXTRA_NAMES: Record<string, string> = {
  'Cabo Verde': 'CPV',
  // Both Congos list "Congo" as an alias; ISO 3166's short name "Congo" is the Republic.
  Congo: 'COG',
  'Congo-Brazzaville': 'COG',
  'Congo, Rep.': 'COG',
  'Congo-Kinshasa': 'COD',
  'Congo, Dem. Rep.': 'COD',
  'DR Congo': 'COD',
  DRC: 'COD',
  'Democratic Republic of Congo': 'COD',
  Swaziland: 'SWZ',
  Laos: 'LAO',
  'Lao PDR': 'LAO',
  'Lao P.D.R.': 'LAO',
  Syria: 'SYR',
  Moldova: 'MDA',
  Micronesia: 'FSM',
  'Micronesia, Fed. Sts.': 'FSM',
  Vatican: 'VAT',
  'Vatican City': 'VAT',
  'Holy See': 'VAT',
  'East Timor': 'TLS',
  Brunei: 'BRN',
  Macau: 'MAC',
  'Macao, China': 'MAC',
  'Macao SAR, China': 'MAC',
  'Hong Kong, China': 'HKG',
  'Hong Kong SAR, China': 'HKG',
  Burma: 'MMR',
  'Viet Nam': 'VNM',
  Macedonia: 'MKD',
  "Korea, Dem. People's Rep.": 'PRK',
  "Democratic People's Republic of Korea": 'PRK',
  'Korea, Rep.': 'KOR',
  'Egypt, Arab Rep.': 'EGY',
  'Iran, Islamic Rep.': 'IRN',
  'Yemen, Rep.': 'YEM',
  'Venezuela, RB': 'VEN',
  'Kyrgyz Republic': 'KGZ',
  'Slovak Republic': 'SVK',
  'West Bank and Gaza': 'PSE',
  'Northern Marianas': 'MNP',
  'Norfolk Islands': 'NFK',
  'St. Maarten': 'SXM',
  'US Virgin Islands': 'VIR',
  'United States Virgin Islands': 'VIR',
  Kosovo: KOSOVO,
};

/** Abbreviations that ITU and World Bank names use, spelt out word by word. */
const ABBREVIATIONS: Record<string, string> = {
  rep: 'republic',
  dem: 'democratic',
  is: 'islands',
  st: 'saint',
  sts: 'states',
  fed: 'federated',
};

/** Lower case, no accents or apostrophes, abbreviations spelt out, no "The" at either end. */
function normalizeName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // "Cote d'Ivoire" and "Cote dIvoire" must meet, so apostrophes vanish rather than split.
    .replace(/['’‘`´]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(' ')
    .replace(/^the /, '')
    .replace(/ the$/, ''); // "Gambia, The"
}

/**
 * The keys a name may be filed under, most literal first: as written; with a parenthesised
 * qualifier moved to the front ("Korea (Rep. of)" → "Republic of Korea") or dropped
 * ("Bolivia (Plurinational State of)" → "Bolivia"); with an inverted comma form put back
 * ("Moldova, Republic of" → "Republic of Moldova").
 */
function nameKeys(value: string): string[] {
  const keys = [normalizeName(value)];
  const paren = /^(.*?)\(([^)]*)\)(.*)$/.exec(value);
  if (paren) {
    keys.push(normalizeName(`${paren[2]} ${paren[1]} ${paren[3]}`));
    keys.push(normalizeName(`${paren[1]} ${paren[3]}`));
  }
  const comma = value.indexOf(',');
  if (comma > 0) keys.push(normalizeName(`${value.slice(comma + 1)} ${value.slice(0, comma)}`));
  return [...new Set(keys)].filter((k) => k !== '');
}

let nameTable: Map<string, string> | null = null;

/** Name key → alpha-3, built once: i18n-iso-countries only matches names exactly. */
function names(): Map<string, string> {
  if (nameTable) return nameTable;
  const table = new Map<string, string>();
  const official = new Set<string>();
  const ambiguous = new Set<string>();
  const add = (key: string, iso3: string, isOfficial: boolean): void => {
    const seen = table.get(key);
    if (seen === undefined) {
      table.set(key, iso3);
      if (isOfficial) official.add(key);
    } else if (seen !== iso3 && !official.has(key)) {
      // An official name outranks another country's alias; two aliases cancel out.
      if (isOfficial) {
        table.set(key, iso3);
        official.add(key);
        ambiguous.delete(key);
      } else {
        ambiguous.add(key);
      }
    }
  };
  const all = countries.getNames('en', { select: 'all' });
  for (const [alpha2, list] of Object.entries(all)) {
    const iso3 = alpha2 === 'XK' ? KOSOVO : countries.alpha2ToAlpha3(alpha2);
    if (!iso3) continue;
    list.forEach((name, i) => nameKeys(name).forEach((key, k) => add(key, iso3, i === 0 && k === 0)));
  }
  for (const key of ambiguous) table.delete(key);
  for (const [name, iso3] of Object.entries(EXTRA_NAMES)) for (const key of nameKeys(name)) table.set(key, iso3);
  nameTable = table;
  return table;
}

/**
 * ISO 3166-1 alpha-3 for a code or English name as found in source data: alpha-3 or alpha-2
 * in any case, numeric ('678', '36' or '036'), or a name with or without accents, "The",
 * "&", abbreviations ("Dem. Rep.", "Is.", "St.") and common variants ("Cape Verde", "Cabo
 * Verde", "Ivory Coast"). Null if unknown or if the name could mean more than one country.
 */
export function resolveCountry(value: string): string | null {
  const v = value.trim();
  if (/^\d{1,3}$/.test(v)) return countries.numericToAlpha3(v.padStart(3, '0')) ?? null;
  const upper = v.toUpperCase();
  if (upper === 'XK' || upper === 'XKK' || upper === KOSOVO) return KOSOVO;
  if (/^[A-Z]{2}$/.test(upper)) {
    const iso3 = countries.alpha2ToAlpha3(upper);
    if (iso3) return iso3;
  } else if (/^[A-Z]{3}$/.test(upper) && countries.alpha3ToAlpha2(upper)) {
    return upper;
  }
  // Not a code (or not a valid one: "UK" is no ISO code but is a name).
  const table = names();
  for (const key of nameKeys(v)) {
    const iso3 = table.get(key);
    if (iso3) return iso3;
  }
  return null;
}

/** The country's name in `lang` (ISO 639-1), or null if either is unknown. */
export function countryName(iso3: string, lang = 'en'): string | null {
  const upper = iso3.toUpperCase();
  return countries.getName(upper === KOSOVO ? 'XK' : upper, lang) ?? null;
}

export interface BoundaryCheck {
  /** Inside the country's polygon, or within the tolerance of its boundary. */
  inside: boolean;
  /** 0 inside the polygon; else metres to the boundary, Infinity past the tolerance. */
  distanceM: number;
}

type Box = readonly [number, number, number, number];

/**
 * world-atlas features without an ISO numeric id, assigned as ISO 3166-1 sees them: a record
 * from Northern Cyprus or Somaliland carries CYP or SOM. Left out as disputed or without any
 * ISO code: Siachen Glacier, Spratly Is., Scarborough Reef, Bajo Nuevo Bank, Serranilla Bank,
 * Clipperton I., and the UK's Akrotiri and Dhekelia.
 */
const UNNUMBERED_FEATURES: Record<string, string> = {
  Kosovo: KOSOVO,
  Somaliland: 'SOM',
  'N. Cyprus': 'CYP',
  'Cyprus U.N. Buffer Zone': 'CYP',
  Baikonur: 'KAZ',
  'USNB Guantanamo Bay': 'CUB',
  'Coral Sea Is.': 'AUS',
  'Indian Ocean Ter.': 'AUS',
};

/**
 * Territories with an ISO code of their own that Natural Earth draws inside another country's
 * geometry. Their polygons (those whose bounding box lies in one of `boxes`) answer to both
 * codes, since a record from Réunion may say REU or FRA.
 */
const TERRITORIES: readonly { code: string; within: string; boxes: readonly Box[] }[] = [
  { code: 'GUF', within: 'FRA', boxes: [[-55, 1.5, -51, 6.5]] },
  { code: 'GLP', within: 'FRA', boxes: [[-62, 15.7, -60.8, 16.7]] },
  { code: 'MTQ', within: 'FRA', boxes: [[-61.4, 14.3, -60.7, 15]] },
  { code: 'MYT', within: 'FRA', boxes: [[44.9, -13.1, 45.4, -12.5]] },
  { code: 'REU', within: 'FRA', boxes: [[55, -21.6, 56, -20.7]] },
  { code: 'SJM', within: 'NOR', boxes: [[-10, 70.5, -7.5, 71.5], [0, 74, 36, 81]] },
  { code: 'BVT', within: 'NOR', boxes: [[3, -54.7, 3.8, -54.2]] },
  { code: 'TKL', within: 'NZL', boxes: [[-172.8, -9.7, -171, -8.3]] },
  { code: 'BES', within: 'NLD', boxes: [[-68.5, 11.9, -68, 12.4], [-63.4, 17.3, -62.8, 17.8]] },
  { code: 'CXR', within: 'AUS', boxes: [[105.4, -10.7, 105.9, -10.3]] },
  { code: 'CCK', within: 'AUS', boxes: [[96.7, -12.3, 97, -11.8]] },
];

function ringBox(ring: number[][]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of ring) {
    const x = p[0]!, y = p[1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

function within(inner: Box, outer: Box): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

type WorldAtlasTopology = Parameters<typeof feature>[0];

export class CountryBoundaries {
  static readonly ATTRIBUTION = 'Natural Earth 1:10m boundaries (public domain) via world-atlas';

  private readonly polygons: ReadonlyMap<string, readonly PolygonRings[]>;
  private readonly indexes = new Map<string, PolygonIndex>();
  /** One entry per polygon, so that locate() only builds indexes of countries nearby. */
  private readonly partTree: Flatbush | null;
  private readonly partCode: string[];

  /**
   * From polygons keyed by ISO alpha-3. One polygon may sit under several codes (a territory
   * and its sovereign); `locate` then answers the code with the fewest polygons, the territory.
   */
  constructor(polygons: ReadonlyMap<string, readonly PolygonRings[]>) {
    this.polygons = polygons;
    const owner = new Map<PolygonRings, string>();
    for (const [code, list] of polygons) {
      for (const rings of list) {
        const seen = owner.get(rings);
        if (seen === undefined || list.length < polygons.get(seen)!.length) owner.set(rings, code);
      }
    }
    this.partCode = [];
    const boxes: Box[] = [];
    for (const [rings, code] of owner) {
      const outer = rings[0];
      if (!outer || outer.length === 0) continue;
      // The box of the ring PolygonIndex will see: seam vertices on the right side, so that
      // Russia's main ring is not 360° wide, and Antarctica reaching the pole.
      boxes.push(ringBox(normalizeRing(outer)));
      this.partCode.push(code);
    }
    if (boxes.length > 0) {
      const tree = new Flatbush(boxes.length);
      for (const b of boxes) tree.add(b[0], b[1], b[2], b[3]);
      tree.finish();
      this.partTree = tree;
    } else {
      this.partTree = null;
    }
  }

  /** Natural Earth 1:10m countries from the installed world-atlas package. */
  static load(): CountryBoundaries {
    const path = createRequire(import.meta.url).resolve('world-atlas/countries-10m.json');
    return CountryBoundaries.fromTopology(JSON.parse(readFileSync(path, 'utf8')) as WorldAtlasTopology);
  }

  /** From a world-atlas topology (any scale): ids are ISO 3166-1 numeric codes. */
  static fromTopology(topology: WorldAtlasTopology, objectName = 'countries'): CountryBoundaries {
    const object = topology.objects[objectName];
    if (!object) throw new Error(`topology has no object "${objectName}"`);
    const converted = feature(topology, object);
    if (!('features' in converted)) throw new Error(`"${objectName}" is not a collection of features`);
    const collection = converted as FeatureCollection<Geometry | null, { name?: string } | null>;

    const polygons = new Map<string, PolygonRings[]>();
    const push = (code: string, rings: PolygonRings): void => {
      const list = polygons.get(code);
      if (list) list.push(rings);
      else polygons.set(code, [rings]);
    };
    for (const f of collection.features) {
      const g = f.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      const id = f.id === undefined ? undefined : String(f.id).padStart(3, '0');
      const code = id !== undefined
        ? countries.numericToAlpha3(id)
        : UNNUMBERED_FEATURES[f.properties?.name ?? ''];
      if (!code) continue;
      // Australia and Ashmore and Cartier Is. share id 036: parts accumulate under one code.
      const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      for (const rings of parts) {
        push(code, rings);
        for (const t of TERRITORIES) {
          if (t.within !== code || !rings[0]) continue;
          const box = ringBox(rings[0]);
          if (t.boxes.some((b) => within(box, b))) push(t.code, rings);
        }
      }
    }
    return new CountryBoundaries(polygons);
  }

  /** Whether there is a boundary for this alpha-3 code. */
  has(iso3: string): boolean {
    return this.polygons.has(iso3.toUpperCase());
  }

  /** Alpha-3 codes with a boundary, sorted. */
  codes(): string[] {
    return [...this.polygons.keys()].sort();
  }

  /** The country's index, built on first use (India's takes a few milliseconds). */
  index(iso3: string): PolygonIndex {
    const code = iso3.toUpperCase();
    let index = this.indexes.get(code);
    if (!index) {
      const list = this.polygons.get(code);
      if (!list) throw new RangeError(`no boundary for country "${iso3}"`);
      index = new PolygonIndex({ type: 'MultiPolygon', coordinates: list as PolygonRings[] });
      this.indexes.set(code, index);
    }
    return index;
  }

  /**
   * Whether the point lies in the country, allowing `toleranceM` metres past its boundary for
   * generalised coastlines and imprecise coordinates. Throws for a code without a boundary
   * (test with `has`): "no geometry" is not evidence that a record is misplaced.
   */
  check(iso3: string, lon: number, lat: number, toleranceM: number): BoundaryCheck {
    const index = this.index(iso3);
    if (index.contains(lon, lat)) return { inside: true, distanceM: 0 };
    const distanceM = index.distanceToBoundaryM(lon, lat, toleranceM);
    return { inside: distanceM <= toleranceM, distanceM };
  }

  /** The country whose polygon contains the point, or null (sea, Antarctica's ice shelves...). */
  locate(lon: number, lat: number): string | null {
    const tree = this.partTree;
    if (!tree || !(lat >= -90 && lat <= 90)) return null;
    if (lon > 180 || lon < -180) lon -= 360 * Math.floor((lon + 180) / 360);
    if (!(lon >= -180 && lon <= 180)) return null;
    const hits = tree.search(lon, lat, lon, lat);
    // On the seam, the country's piece may have been drawn on the other side of it.
    if (lon === 180 || lon === -180) hits.push(...tree.search(-lon, lat, -lon, lat));
    const tried = new Set<string>();
    for (const i of hits) {
      const code = this.partCode[i]!;
      if (tried.has(code)) continue;
      tried.add(code);
      if (this.index(code).contains(lon, lat)) return code;
    }
    return null;
  }
}
