import { CONNECTIVITY_TYPES, INFRASTRUCTURE_STATUSES, LAYERS, SITE_TYPES, TRANSMISSION_MEDIA } from '@postatlas/core';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

// Columns every registry table shares: the country partitions the data (unit of work and of access),
// the dataset gives provenance, and (dataset_id, source_id) is the upsert key that makes re-imports idempotent.
const registryColumns = `
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  dataset_id integer NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  source_id text NOT NULL,
  attributes jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()`;

export const registry = {
  version: 1,
  name: 'registry',
  sql: `
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE datasets (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  layer text NOT NULL CHECK (layer IN (${list(LAYERS)})),
  countries text[] NOT NULL DEFAULT '{}',
  source text NOT NULL,
  format text NOT NULL,
  licence text,
  attribution text,
  owner text,
  -- Infrastructure locations stay private unless the data owner publishes them.
  is_public boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name, layer)
);

CREATE TABLE imports (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataset_id integer NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  countries text[] NOT NULL DEFAULT '{}',
  file text NOT NULL,
  sha256 text NOT NULL,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  rows_read integer NOT NULL,
  inserted integer NOT NULL,
  updated integer NOT NULL,
  unchanged integer NOT NULL,
  removed integer NOT NULL,
  rejected integer NOT NULL
);

CREATE TABLE sites (${registryColumns},
  name text,
  site_type text NOT NULL CHECK (site_type IN (${list(SITE_TYPES)})),
  admin1 text,
  admin2 text,
  geom geometry(Point, 4326) NOT NULL,
  is_connected boolean,
  connectivity_type text NOT NULL DEFAULT 'unknown' CHECK (connectivity_type IN (${list(CONNECTIVITY_TYPES)})),
  download_mbps double precision CHECK (download_mbps >= 0),
  has_electricity boolean,
  opening_hours jsonb,
  services jsonb,
  UNIQUE (dataset_id, source_id)
);
CREATE INDEX sites_country_type ON sites (country, site_type);
CREATE INDEX sites_geom ON sites USING gist (geom);

CREATE TABLE cell_sites (${registryColumns},
  geom geometry(Point, 4326) NOT NULL,
  generation smallint NOT NULL CHECK (generation BETWEEN 2 AND 5),
  operator text,
  antenna_height_m double precision,
  backhaul_type text,
  range_m double precision CHECK (range_m >= 0),
  UNIQUE (dataset_id, source_id)
);
CREATE INDEX cell_sites_country ON cell_sites (country, generation);
CREATE INDEX cell_sites_geom ON cell_sites USING gist (geom);

CREATE TABLE transmission_nodes (${registryColumns},
  name text,
  geom geometry(Point, 4326) NOT NULL,
  medium text NOT NULL CHECK (medium IN (${list(TRANSMISSION_MEDIA)})),
  status text NOT NULL CHECK (status IN (${list(INFRASTRUCTURE_STATUSES)})),
  operator text,
  UNIQUE (dataset_id, source_id)
);
CREATE INDEX transmission_nodes_country ON transmission_nodes (country);
CREATE INDEX transmission_nodes_geom ON transmission_nodes USING gist (geom);

CREATE TABLE transmission_links (${registryColumns},
  name text,
  geom geometry(MultiLineString, 4326) NOT NULL,
  length_m double precision NOT NULL,
  medium text NOT NULL CHECK (medium IN (${list(TRANSMISSION_MEDIA)})),
  status text NOT NULL CHECK (status IN (${list(INFRASTRUCTURE_STATUSES)})),
  operator text,
  UNIQUE (dataset_id, source_id)
);
CREATE INDEX transmission_links_country ON transmission_links (country);
CREATE INDEX transmission_links_geom ON transmission_links USING gist (geom);

CREATE TABLE coverage_areas (${registryColumns},
  geom geometry(MultiPolygon, 4326) NOT NULL,
  generation smallint NOT NULL CHECK (generation BETWEEN 2 AND 5),
  operator text,
  UNIQUE (dataset_id, source_id)
);
CREATE INDEX coverage_areas_country ON coverage_areas (country, generation);
CREATE INDEX coverage_areas_geom ON coverage_areas USING gist (geom);

CREATE TABLE population_points (${registryColumns},
  geom geometry(Point, 4326) NOT NULL,
  population double precision NOT NULL CHECK (population >= 0),
  UNIQUE (dataset_id, source_id)
);
CREATE INDEX population_points_country ON population_points (country);
CREATE INDEX population_points_geom ON population_points USING gist (geom);

-- Rasters are kept as tiles of little-endian float32 (NaN = no data) rather than PostGIS raster,
-- which the embedded build lacks; analysis reads them into typed arrays anyway.
CREATE TABLE population_rasters (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  dataset_id integer NOT NULL UNIQUE REFERENCES datasets (id) ON DELETE CASCADE,
  width integer NOT NULL,
  height integer NOT NULL,
  west double precision NOT NULL,
  north double precision NOT NULL,
  dx double precision NOT NULL CHECK (dx > 0),
  dy double precision NOT NULL CHECK (dy > 0),
  total_population double precision NOT NULL,
  extent geometry(Polygon, 4326) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX population_rasters_country ON population_rasters (country);

CREATE TABLE population_raster_tiles (
  raster_id integer NOT NULL REFERENCES population_rasters (id) ON DELETE CASCADE,
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  col0 integer NOT NULL,
  row0 integer NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  cells bytea NOT NULL,
  PRIMARY KEY (raster_id, row0, col0)
);
`,
};
