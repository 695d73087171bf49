/**
 * The registry's vocabulary. Enum values are the words used in the database, the API and exports;
 * importers translate each source's words into these.
 */

export const SITE_TYPES = ['post_office', 'school', 'library', 'health', 'government', 'community_center', 'other'] as const;
export type SiteType = (typeof SITE_TYPES)[number];

export const CONNECTIVITY_TYPES = [
  'fiber', 'xdsl', 'cellular', 'p2p_wireless', 'p2mp_wireless', 'satellite', 'other', 'none', 'unknown',
] as const;
export type ConnectivityType = (typeof CONNECTIVITY_TYPES)[number];

/** Mobile generations, stored as the number (2 = 2G ... 5 = 5G) so that "at least 4G" is a comparison. */
export const GENERATIONS = [2, 3, 4, 5] as const;
export type Generation = (typeof GENERATIONS)[number];

export const TRANSMISSION_MEDIA = ['fiber', 'microwave'] as const;
export type TransmissionMedium = (typeof TRANSMISSION_MEDIA)[number];

/** `unknown` is kept apart from the four known states: a quarter of WATRA's links carry no status. */
export const INFRASTRUCTURE_STATUSES = ['operational', 'planned', 'under_construction', 'proposed', 'unknown'] as const;
export type InfrastructureStatus = (typeof INFRASTRUCTURE_STATUSES)[number];

/** The layers of the registry; each import targets exactly one. */
export const LAYERS = ['sites', 'cells', 'nodes', 'links', 'coverage', 'population'] as const;
export type Layer = (typeof LAYERS)[number];

/** ISO 3166-1 alpha-3, upper case. Every record carries one: the country is the unit of work and of access. */
export type CountryCode = string;

export interface Site {
  sourceId: string;
  name: string | null;
  siteType: SiteType;
  country: CountryCode;
  admin1: string | null;
  admin2: string | null;
  lat: number;
  lon: number;
  isConnected: boolean | null;
  connectivityType: ConnectivityType;
  /** Contracted download speed in Mbps, as the service contract states it (not measured). */
  downloadMbps: number | null;
  hasElectricity: boolean | null;
  /** Source columns that have no field of their own, kept so nothing from the file is lost. */
  attributes: Record<string, string>;
}

export interface CellSite {
  sourceId: string;
  country: CountryCode;
  lat: number;
  lon: number;
  generation: Generation;
  operator: string | null;
  antennaHeightM: number | null;
  backhaulType: string | null;
  /** Nominal coverage radius in metres when the source gives one (OpenCelliD's `range`). */
  rangeM: number | null;
  attributes: Record<string, string>;
}

export interface TransmissionNode {
  sourceId: string;
  name: string | null;
  country: CountryCode;
  lat: number;
  lon: number;
  medium: TransmissionMedium;
  status: InfrastructureStatus;
  operator: string | null;
  attributes: Record<string, string>;
}

/** GeoJSON geometry as it comes from the file; coordinates are [lon, lat] in EPSG:4326. */
export type LineGeometry =
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString'; coordinates: number[][][] };
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface TransmissionLink {
  sourceId: string;
  name: string | null;
  country: CountryCode;
  medium: TransmissionMedium;
  status: InfrastructureStatus;
  operator: string | null;
  geometry: LineGeometry;
  attributes: Record<string, string>;
}

export interface CoverageArea {
  sourceId: string;
  country: CountryCode;
  generation: Generation;
  operator: string | null;
  geometry: AreaGeometry;
  attributes: Record<string, string>;
}

export interface PopulationPoint {
  sourceId: string;
  country: CountryCode;
  lat: number;
  lon: number;
  population: number;
}

/**
 * A north-up population grid in EPSG:4326 (WorldPop, GHSL). Pixel (col, row) covers
 * lon [west + col·dx, west + (col+1)·dx) and lat (north − (row+1)·dy, north − row·dy].
 */
export interface PopulationRaster {
  width: number;
  height: number;
  west: number;
  north: number;
  /** Pixel size in degrees, both positive. */
  dx: number;
  dy: number;
  /** People per pixel; NaN where the source has no data. */
  values: Float32Array;
}

/** A raster's georeference without its cells. */
export type RasterGrid = Omit<PopulationRaster, 'values'>;
