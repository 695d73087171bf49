import type { Sql } from './database.js';

/**
 * What the map layers show, as GeoJSON for the in-process tiler, with the visibility rule in the
 * query: sites are public; infrastructure (cell sites, transmission nodes and links, mobile coverage) is visible
 * when its dataset is public or its country is in the reader's scope (null: every country).
 * A site carries what the map filters by: its type, connection and how it is connected, and from
 * the latest analysis run of its country its best mobile generation (0: none) and rural or urban.
 */
export const MAP_LAYERS = ['sites', 'cells', 'nodes', 'links', 'coverage'] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

const SOURCES: Record<MapLayer, { table: string; properties: string }> = {
  sites: {
    table: 'sites',
    properties: "'name', t.name, 'type', t.site_type, 'connected', t.is_connected, 'connectivity', t.connectivity_type, 'generation', m.best_generation, 'area', m.area_class",
  },
  cells: { table: 'cell_sites', properties: "'generation', t.generation, 'operator', t.operator" },
  nodes: { table: 'transmission_nodes', properties: "'medium', t.medium, 'status', t.status, 'operator', t.operator" },
  links: { table: 'transmission_links', properties: "'medium', t.medium, 'status', t.status, 'operator', t.operator" },
  coverage: { table: 'coverage_areas', properties: "'generation', t.generation, 'operator', t.operator" },
};

// Each site's metrics in its country's latest run: none before a first run, nor for a site imported
// after it. A join on the runs grouped by country, not a lookup per site: a country has 100,000 sites.
const SITE_METRICS = `LEFT JOIN (SELECT c AS country, max(r.id) AS run_id FROM analysis_runs r CROSS JOIN unnest(r.countries) AS c GROUP BY c) lr ON lr.country = t.country
  LEFT JOIN site_metrics m ON m.run_id = lr.run_id AND m.site_id = t.id`;

function visible(layer: MapLayer): string {
  return layer === 'sites' ? 'true' : '(d.is_public OR $1::text[] IS NULL OR t.country = ANY($1::text[]))';
}

/** GeoJSON as the database writes it (points, multi-lines and multi-polygons with plain properties). */
export interface MapFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
}

export async function mapFeatures(db: Sql, layer: MapLayer, scope: readonly string[] | null): Promise<MapFeatureCollection> {
  const { table, properties } = SOURCES[layer];
  const { rows } = await db.query<{ fc: MapFeatureCollection | null }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
       'type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.geom, 6)::json,
       'properties', json_build_object('id', t.id, 'country', t.country, ${properties})) ORDER BY t.id), '[]'::json)) AS fc
     FROM ${table} t JOIN datasets d ON d.id = t.dataset_id ${layer === 'sites' ? SITE_METRICS : ''} WHERE ${visible(layer)}`,
    layer === 'sites' ? [] : [scope === null ? null : [...scope]],
  );
  return rows[0]?.fc ?? { type: 'FeatureCollection', features: [] };
}

/**
 * Changes when anything a layer shows may have changed: its rows, which datasets are public, and
 * for sites the analysis runs (a new run, or one deleted, changes their metrics).
 */
export async function mapLayerVersion(db: Sql, layer: MapLayer): Promise<string> {
  const runs = layer === 'sites' ? `, (SELECT concat(count(*), ':', max(id)) FROM analysis_runs)` : '';
  const { rows } = await db.query<{ v: string }>(
    `SELECT concat_ws('/', (SELECT count(*) FROM ${SOURCES[layer].table}), (SELECT max(updated_at) FROM ${SOURCES[layer].table}),
       (SELECT string_agg(id || ':' || is_public, ',' ORDER BY id) FROM datasets)${runs}) AS v`,
  );
  return rows[0]!.v;
}
