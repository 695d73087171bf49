const ringColumns = (prefix: string) => ['1km', '2km', '3km', '5km', '10km'].map((r) => `${prefix}_${r} double precision`).join(',\n  ');

export const analysis = {
  version: 2,
  name: 'analysis',
  sql: `
-- One row per run of the connectivity analysis: what it was given and how it was configured, so
-- a map or a plan can say which run it shows and whether its inputs have changed since.
CREATE TABLE analysis_runs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  run_by text NOT NULL,
  countries text[] NOT NULL,
  parameters jsonb NOT NULL,
  -- Per dataset used: id, name, layer and its latest import (id, sha256, time).
  inputs jsonb NOT NULL,
  -- sha256 of parameters and inputs: an unchanged fingerprint means the results are still current.
  fingerprint text NOT NULL,
  summary jsonb NOT NULL
);
CREATE INDEX analysis_runs_countries ON analysis_runs USING gin (countries);

CREATE TABLE site_metrics (
  run_id integer NOT NULL REFERENCES analysis_runs (id) ON DELETE CASCADE,
  site_id integer NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  country text NOT NULL,
  fiber_node_m double precision,
  fiber_node_operational_m double precision,
  microwave_node_m double precision,
  microwave_node_operational_m double precision,
  cell_2g_m double precision,
  cell_3g_m double precision,
  cell_4g_m double precision,
  cell_5g_m double precision,
  best_generation smallint CHECK (best_generation = 0 OR best_generation BETWEEN 2 AND 5),
  coverage_source text CHECK (coverage_source IN ('polygons', 'cells')),
  ${ringColumns('population')},
  ${ringColumns('catchment')},
  population_source text CHECK (population_source IN ('raster', 'points')),
  density_per_km2 double precision,
  schools_1km integer NOT NULL, schools_2km integer NOT NULL, schools_3km integer NOT NULL,
  other_sites_1km integer NOT NULL, other_sites_2km integer NOT NULL, other_sites_3km integer NOT NULL,
  area_class text NOT NULL CHECK (area_class IN ('rural', 'urban', 'unknown')),
  speed_class text NOT NULL CHECK (speed_class IN ('good', 'moderate', 'bad', 'unknown')),
  coverage_class text NOT NULL CHECK (coverage_class IN ('good', 'moderate', 'bad', 'unknown')),
  connected boolean,
  PRIMARY KEY (run_id, site_id)
);
CREATE INDEX site_metrics_site ON site_metrics (site_id);
CREATE INDEX site_metrics_country ON site_metrics (run_id, country);
`,
};
