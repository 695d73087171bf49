import type { CellSite, CoverageArea, PopulationPoint, Site, TransmissionLink, TransmissionNode } from '@postatlas/core';

/**
 * How each vector layer's records map to table columns. One description per layer drives the upsert,
 * so adding a column is one line here and one in a migration.
 */
export interface Column<R> {
  name: string;
  /** Element type of the unnest() array the values travel in. */
  type: string;
  value: (r: R) => unknown;
}

export interface LayerTable<R> {
  table: string;
  columns: Column<R>[];
  /** SQL building the geometry from the unnest() columns named in `geometryInputs`, aliased as u. */
  geometry: string;
  geometryInputs: Column<R>[];
  /** Columns computed from the geometry (`g.geom`) rather than given. */
  derived?: { name: string; sql: string }[];
}

const json = (o: object) => JSON.stringify(o);
const lonLat: Column<{ lon: number; lat: number }>[] = [
  { name: 'lon', type: 'float8', value: (r) => r.lon },
  { name: 'lat', type: 'float8', value: (r) => r.lat },
];
const point = 'ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)';
const geojson: Column<{ geometry: object }>[] = [{ name: 'geojson', type: 'text', value: (r) => json(r.geometry) }];
const common = <R extends { sourceId: string; country: string; attributes?: Record<string, string> }>(): Column<R>[] => [
  { name: 'country', type: 'text', value: (r) => r.country },
  { name: 'source_id', type: 'text', value: (r) => r.sourceId },
  { name: 'attributes', type: 'jsonb', value: (r) => json(r.attributes ?? {}) },
];

export const SITES: LayerTable<Site> = {
  table: 'sites',
  columns: [
    ...common<Site>(),
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'site_type', type: 'text', value: (r) => r.siteType },
    { name: 'admin1', type: 'text', value: (r) => r.admin1 },
    { name: 'admin2', type: 'text', value: (r) => r.admin2 },
    { name: 'is_connected', type: 'bool', value: (r) => r.isConnected },
    { name: 'connectivity_type', type: 'text', value: (r) => r.connectivityType },
    { name: 'download_mbps', type: 'float8', value: (r) => r.downloadMbps },
    { name: 'has_electricity', type: 'bool', value: (r) => r.hasElectricity },
  ],
  geometry: point,
  geometryInputs: lonLat,
};

export const CELL_SITES: LayerTable<CellSite> = {
  table: 'cell_sites',
  columns: [
    ...common<CellSite>(),
    { name: 'generation', type: 'int2', value: (r) => r.generation },
    { name: 'operator', type: 'text', value: (r) => r.operator },
    { name: 'antenna_height_m', type: 'float8', value: (r) => r.antennaHeightM },
    { name: 'backhaul_type', type: 'text', value: (r) => r.backhaulType },
    { name: 'range_m', type: 'float8', value: (r) => r.rangeM },
  ],
  geometry: point,
  geometryInputs: lonLat,
};

export const TRANSMISSION_NODES: LayerTable<TransmissionNode> = {
  table: 'transmission_nodes',
  columns: [
    ...common<TransmissionNode>(),
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'medium', type: 'text', value: (r) => r.medium },
    { name: 'status', type: 'text', value: (r) => r.status },
    { name: 'operator', type: 'text', value: (r) => r.operator },
  ],
  geometry: point,
  geometryInputs: lonLat,
};

const multi = (kind: string) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(u.geojson), 4326))::geometry(Multi${kind}, 4326)`;

export const TRANSMISSION_LINKS: LayerTable<TransmissionLink> = {
  table: 'transmission_links',
  columns: [
    ...common<TransmissionLink>(),
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'medium', type: 'text', value: (r) => r.medium },
    { name: 'status', type: 'text', value: (r) => r.status },
    { name: 'operator', type: 'text', value: (r) => r.operator },
  ],
  geometry: multi('LineString'),
  geometryInputs: geojson,
  derived: [{ name: 'length_m', sql: 'ST_Length(g.geom::geography)' }],
};

export const COVERAGE_AREAS: LayerTable<CoverageArea> = {
  table: 'coverage_areas',
  columns: [
    ...common<CoverageArea>(),
    { name: 'generation', type: 'int2', value: (r) => r.generation },
    { name: 'operator', type: 'text', value: (r) => r.operator },
  ],
  geometry: multi('Polygon'),
  geometryInputs: geojson,
};

export const POPULATION_POINTS: LayerTable<PopulationPoint> = {
  table: 'population_points',
  columns: [...common<PopulationPoint>(), { name: 'population', type: 'float8', value: (r) => r.population }],
  geometry: point,
  geometryInputs: lonLat,
};

export interface VectorRecords {
  sites: Site;
  cells: CellSite;
  nodes: TransmissionNode;
  links: TransmissionLink;
  coverage: CoverageArea;
  population: PopulationPoint;
}
export type VectorLayer = keyof VectorRecords;

export const LAYER_TABLES: { [L in VectorLayer]: LayerTable<VectorRecords[L]> } = {
  sites: SITES,
  cells: CELL_SITES,
  nodes: TRANSMISSION_NODES,
  links: TRANSMISSION_LINKS,
  coverage: COVERAGE_AREAS,
  population: POPULATION_POINTS,
};
