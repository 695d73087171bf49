/**
 * A scenario's sites as files people open in QGIS or a spreadsheet: CSV rows and GeoJSON points,
 * in priority order, written a page of sites at a time so a national plan need not be held whole.
 *
 *     for await (const chunk of scenarioCsv([sites])) write(chunk);                 // header, then a line per site
 *     for await (const chunk of scenarioGeoJson('STP half', pages)) write(chunk);   // one FeatureCollection
 */
import { csvCell } from '../csv.js';

/** One site of a stored scenario, as the store reads it back with its site's name and position. */
export interface ScenarioExportSite {
  rank: number;
  siteId: number;
  sourceId: string;
  name: string | null;
  siteType: string;
  lat: number;
  lon: number;
  /** null for a school co-connected through its post office. */
  technology: string | null;
  /** null: not funded. */
  year: number | null;
  demandMbps: number;
  peopleServed: number;
  capexUsd: number;
  opexPerYearUsd: number;
  tcoUsd: number;
  npvUsd: number;
  costUsd: number;
  costPerPersonUsd: number | null;
  linkM: number | null;
  viaSiteId: number | null;
  lineOfSightUnchecked: boolean;
}

/** The CSV's columns, in order. */
export const SCENARIO_EXPORT_COLUMNS = [
  'rank', 'siteId', 'sourceId', 'name', 'siteType', 'lat', 'lon', 'technology', 'year', 'demandMbps', 'peopleServed',
  'capexUsd', 'opexPerYearUsd', 'tcoUsd', 'npvUsd', 'costUsd', 'costPerPersonUsd', 'linkM', 'viaSiteId', 'lineOfSightUnchecked',
] as const satisfies readonly (keyof ScenarioExportSite)[];

/** Pages of sites, as an array or as they arrive from the database. */
export type SitePages<S> = Iterable<readonly S[]> | AsyncIterable<readonly S[]>;

/**
 * The header, then one line per site. `lineEnd`: RFC 4180's CRLF for downloads; the command line
 * writes '\n', as the other text it prints.
 */
export async function* scenarioCsv(pages: SitePages<ScenarioExportSite>, o: { lineEnd?: '\r\n' | '\n' } = {}): AsyncGenerator<string> {
  const end = o.lineEnd ?? '\r\n';
  yield `${SCENARIO_EXPORT_COLUMNS.map(csvCell).join(',')}${end}`;
  for await (const page of pages) {
    for (const site of page) yield `${SCENARIO_EXPORT_COLUMNS.map((c) => csvCell(site[c])).join(',')}${end}`;
  }
}

/** A site as a GeoJSON point whose id is its sites.id; its other fields, in the order given, are the properties. */
export function scenarioFeature<S extends { lon: number; lat: number; siteId: number }>({ lon, lat, ...properties }: S) {
  return { type: 'Feature' as const, id: properties.siteId, geometry: { type: 'Point' as const, coordinates: [lon, lat] }, properties };
}

/**
 * One FeatureCollection named `name`, in pieces that joined are exactly what JSON.stringify would
 * write of the whole collection.
 */
export async function* scenarioGeoJson<S extends { lon: number; lat: number; siteId: number }>(name: string, pages: SitePages<S>): AsyncGenerator<string> {
  yield `{"type":"FeatureCollection","name":${JSON.stringify(name)},"features":[`;
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield `${first ? '' : ','}${page.map((s) => JSON.stringify(scenarioFeature(s))).join(',')}`;
    first = false;
  }
  yield ']}';
}
