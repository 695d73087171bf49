export const scenarios = {
  version: 3,
  name: 'scenarios',
  sql: `
-- A stored plan: what it was asked (objective, budget, years, sites that must be in) and what it
-- answered, under a name people choose, so plans can be compared, shown and exported later.
-- (country, name) is the key people use: saving under it again replaces the scenario.
CREATE TABLE scenarios (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  country text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  -- The analysis whose metrics the plan was made from; a plan outlives the run it came from.
  analysis_run_id integer REFERENCES analysis_runs (id) ON DELETE SET NULL,
  objective text NOT NULL CHECK (objective IN ('population', 'sites', 'cost')),
  -- NULL: no budget.
  budget_usd double precision,
  annual_budget_usd double precision,
  from_year integer NOT NULL,
  until_year integer NOT NULL CHECK (until_year >= from_year),
  -- sites.id of the sites the plan had to include.
  must_include integer[] NOT NULL DEFAULT '{}',
  -- The planning parameters as given, so the plan can be reproduced.
  parameters jsonb NOT NULL,
  -- Totals and the certificate (bound, gap): whatever the planner reported beyond the sites.
  result jsonb NOT NULL,
  UNIQUE (country, name)
);

-- The sites of a scenario in priority order, with the technology chosen and what it costs.
CREATE TABLE scenario_sites (
  scenario_id integer NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
  site_id integer NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  -- 1 = first to connect.
  rank integer NOT NULL CHECK (rank >= 1),
  -- NULL: a school co-connected through its post office.
  technology text CHECK (technology IS NULL OR technology IN ('fiber', 'cellular', 'microwave', 'satellite')),
  capex_usd double precision NOT NULL,
  opex_per_year_usd double precision NOT NULL,
  tco_usd double precision NOT NULL,
  npv_usd double precision NOT NULL,
  -- What the budget pays: NPV, TCO or capex, as the parameters say.
  cost_usd double precision NOT NULL,
  demand_mbps double precision NOT NULL,
  people_served double precision NOT NULL,
  -- NULL when nobody is served.
  cost_per_person_usd double precision,
  -- NULL: not funded (the cost objective connects every site, the budget may not reach them all).
  year integer,
  -- Fibre route or microwave hop, metres.
  link_m double precision,
  -- Site fibre is relayed from, or the post office a school is co-connected with.
  via_site_id integer REFERENCES sites (id) ON DELETE SET NULL,
  line_of_sight_unchecked boolean NOT NULL DEFAULT false,
  PRIMARY KEY (scenario_id, site_id),
  UNIQUE (scenario_id, rank)
);
-- Deleting sites (a re-import that drops them) cascades here: without these it scans every scenario.
CREATE INDEX scenario_sites_site ON scenario_sites (site_id);
CREATE INDEX scenario_sites_via ON scenario_sites (via_site_id) WHERE via_site_id IS NOT NULL;
`,
};
