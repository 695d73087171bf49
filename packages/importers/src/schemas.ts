import type { Layer } from '@postatlas/core';

/**
 * The file layouts postatlas reads without being told how: each names the columns that identify
 * it and where each registry field comes from. A field is a column, or several joined (composite ids).
 * Columns a schema does not use are kept in the record's attributes.
 */
export type FieldSource = string | { join: string[]; with: string };

export interface Schema {
  id: string;
  title: string;
  layer: Exclude<Layer, 'population'> | 'population';
  /** All of these columns present (case-insensitive) means the file is in this layout. */
  requires: string[];
  fields: Record<string, FieldSource>;
  /** Values for the whole file, e.g. the site type of a school list. */
  constants?: Record<string, string>;
  licenceHint?: string;
}

export const SCHEMAS: readonly Schema[] = [
  {
    id: 'itu-poi',
    title: 'ITU infrastructure mapping: points of interest',
    layer: 'sites',
    requires: ['poi_id', 'poi_type', 'lat', 'lon'],
    fields: {
      source_id: 'poi_id', site_type: 'poi_type', country: 'country_code', admin1: 'admin1', admin2: 'admin2',
      lat: 'lat', lon: 'lon', is_connected: 'is_connected', connectivity_type: 'connectivity_type', has_electricity: 'has_electricity',
      name: 'name',
    },
  },
  {
    id: 'itu-cell-site',
    title: 'ITU infrastructure mapping: cell sites',
    layer: 'cells',
    requires: ['ict_id', 'radio_type', 'lat', 'lon'],
    fields: {
      source_id: 'ict_id', country: 'country_code', lat: 'lat', lon: 'lon', radio: 'radio_type', operator: 'operator_name',
      antenna_height: 'antenna_height', backhaul_type: 'backhaul_type',
    },
  },
  {
    id: 'itu-transmission-node',
    title: 'ITU infrastructure mapping: transmission nodes (WATRA)',
    layer: 'nodes',
    requires: ['node_id', 'type_infr'],
    fields: {
      source_id: 'node_id', name: 'name', country: 'country', lat: 'latitude', lon: 'longitude',
      medium: 'type_infr', status: 'type_infr', operator: 'operator_name',
    },
  },
  {
    id: 'itu-transmission-link',
    title: 'ITU infrastructure mapping: transmission links (WATRA)',
    layer: 'links',
    requires: ['line_id', 'status', 'from', 'to'],
    fields: {
      source_id: 'line_id', name: { join: ['from', 'to'], with: ' – ' }, country: 'country', status: 'status', operator: 'operator_name',
    },
  },
  {
    id: 'ericsson-coverage',
    title: 'Mobile coverage polygons (ITU capacity checker sample: fid, ID, layer, coverage)',
    layer: 'coverage',
    requires: ['fid', 'coverage', 'layer'],
    fields: { source_id: 'fid', radio: 'radio', operator: 'operator' },
  },
  {
    id: 'giga-school',
    title: 'Giga school locations',
    layer: 'sites',
    requires: ['giga_id_school', 'latitude', 'longitude'],
    fields: {
      source_id: 'giga_id_school', name: 'school_name', admin1: 'admin1', admin2: 'admin2', lat: 'latitude', lon: 'longitude',
      is_connected: 'connectivity', connectivity_type: 'connectivity_type', download_mbps: 'download_speed_contracted',
      has_electricity: 'electricity_availability', country: 'country_iso3_code',
    },
    constants: { site_type: 'school' },
  },
  {
    id: 'opencellid',
    title: 'OpenCelliD cell towers',
    layer: 'cells',
    requires: ['radio', 'mcc', 'net', 'area', 'cell', 'lon', 'lat'],
    fields: { source_id: { join: ['radio', 'mcc', 'net', 'area', 'cell'], with: ':' }, radio: 'radio', lat: 'lat', lon: 'lon', range: 'range' },
    licenceHint: 'CC BY-SA 4.0, OpenCelliD Project',
  },
  {
    id: 'osm-post-office',
    title: 'OpenStreetMap post offices (amenity=post_office)',
    layer: 'sites',
    requires: ['osm_id', 'name', 'lat', 'lon'],
    fields: { source_id: 'osm_id', name: 'name', lat: 'lat', lon: 'lon' },
    constants: { site_type: 'post_office' },
    licenceHint: 'ODbL 1.0, © OpenStreetMap contributors',
  },
  {
    id: 'geonames-postal',
    title: 'GeoNames postal codes (post-office localities)',
    layer: 'sites',
    requires: ['postal_code', 'place_name', 'latitude', 'longitude', 'country_code'],
    fields: {
      source_id: { join: ['postal_code', 'place_name'], with: ':' }, name: 'place_name', country: 'country_code',
      admin1: 'admin_name1', admin2: 'admin_name2', lat: 'latitude', lon: 'longitude',
    },
    constants: { site_type: 'post_office' },
    licenceHint: 'CC BY 4.0, GeoNames',
  },
];

/** Field names a `--map field=column` may set, per layer, and the column names guessed when no schema matches. */
export const LAYER_FIELDS: Record<Layer, Record<string, string[]>> = {
  sites: {
    source_id: ['id', 'source_id', 'site_id', 'code'], name: ['name', 'site_name', 'office_name'], site_type: ['site_type', 'type'],
    country: ['country', 'country_code', 'iso3'], admin1: ['admin1', 'region', 'state'], admin2: ['admin2', 'district'],
    lat: ['lat', 'latitude', 'y'], lon: ['lon', 'lng', 'long', 'longitude', 'x'], is_connected: ['is_connected', 'connected'],
    connectivity_type: ['connectivity_type', 'connection_type'], download_mbps: ['download_mbps', 'contracted_download_mbps'],
    has_electricity: ['has_electricity', 'electricity'],
  },
  cells: {
    source_id: ['id', 'source_id', 'cell_id', 'site_id'], country: ['country', 'country_code'], lat: ['lat', 'latitude'],
    lon: ['lon', 'lng', 'longitude'], radio: ['radio', 'radio_type', 'technology', 'generation'], operator: ['operator', 'operator_name'],
    antenna_height: ['antenna_height', 'height'], backhaul_type: ['backhaul_type', 'backhaul'], range: ['range', 'range_m'],
  },
  nodes: {
    source_id: ['id', 'node_id', 'source_id'], name: ['name'], country: ['country', 'country_code'], lat: ['lat', 'latitude'],
    lon: ['lon', 'lng', 'longitude'], medium: ['medium', 'infrastructure_type', 'type'], status: ['status', 'node_status'],
    operator: ['operator', 'operator_name'],
  },
  links: {
    source_id: ['id', 'link_id', 'line_id', 'source_id'], name: ['name'], country: ['country', 'country_code'],
    medium: ['medium', 'type'], status: ['status'], operator: ['operator', 'operator_name'],
  },
  coverage: {
    source_id: ['id', 'fid', 'source_id'], country: ['country', 'country_code'], radio: ['radio', 'generation', 'technology'],
    operator: ['operator', 'operator_name'],
  },
  population: {
    source_id: ['id', 'source_id'], country: ['country', 'country_code'], lat: ['lat', 'latitude'], lon: ['lon', 'lng', 'longitude'],
    population: ['population', 'pop', 'people'],
  },
};

export function detectSchema(columns: readonly string[]): Schema | null {
  const have = new Set(columns.map((c) => c.toLowerCase()));
  return SCHEMAS.find((s) => s.requires.every((c) => have.has(c.toLowerCase()))) ?? null;
}

/**
 * Resolves where each field of the layer comes from: an explicit --map, else the schema, else a
 * column with a usual name. Throws on a --map that names a field or a column that does not exist.
 */
export function resolveFields(layer: Layer, columns: readonly string[], schema: Schema | null, map: Record<string, string>): Record<string, FieldSource> {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const known = LAYER_FIELDS[layer];
  for (const [field, column] of Object.entries(map)) {
    if (!(field in known)) throw new Error(`--map ${field}=${column}: ${layer} have no field "${field}"; fields: ${Object.keys(known).join(', ')}`);
    if (!byLower.has(column.toLowerCase())) throw new Error(`--map ${field}=${column}: the file has no column "${column}"; columns: ${columns.join(', ')}`);
  }
  const out: Record<string, FieldSource> = {};
  for (const field of Object.keys(known)) {
    const explicit = map[field];
    if (explicit) out[field] = byLower.get(explicit.toLowerCase())!;
    else if (schema?.fields[field]) out[field] = actualColumns(schema.fields[field], byLower);
    else if (!schema) {
      const guess = known[field]!.find((name) => byLower.has(name));
      if (guess) out[field] = byLower.get(guess)!;
    }
  }
  return out;
}

/** The file's own spelling of a schema's column names, which match case-insensitively. */
function actualColumns(source: FieldSource, byLower: Map<string, string>): FieldSource {
  const actual = (c: string) => byLower.get(c.toLowerCase()) ?? c;
  return typeof source === 'string' ? actual(source) : { join: source.join.map(actual), with: source.with };
}

export function pick(values: Record<string, string | null>, source: FieldSource): string | null {
  if (typeof source === 'string') return values[source] ?? null;
  const parts = source.join.map((c) => values[c]);
  return parts.every((p) => p == null || p === '') ? null : parts.map((p) => p ?? '').join(source.with);
}

/** Columns read into fields; the rest become attributes. */
export function usedColumns(fields: Record<string, FieldSource>): Set<string> {
  const used = new Set<string>();
  for (const s of Object.values(fields)) for (const c of typeof s === 'string' ? [s] : s.join) used.add(c);
  return used;
}
