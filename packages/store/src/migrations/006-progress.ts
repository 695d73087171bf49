export const progress = {
  version: 6,
  name: 'progress',
  sql: `
-- What the office pays its provider each month: with contracted_mbps, the contract a regulator
-- checks measured speeds against. Commercially confidential: never shown to the public.
ALTER TABLE sites ADD COLUMN contracted_monthly_usd double precision CHECK (contracted_monthly_usd >= 0);

-- What the office's devices measure, kept up to date by every batch they send: the median download
-- of the speed tests of the last 7 days and the time of the latest one. The analysis takes the
-- measured speed over the declared one (download_mbps), so the speed class follows measurements.
ALTER TABLE sites ADD COLUMN measured_download_mbps double precision;
ALTER TABLE sites ADD COLUMN measured_at timestamptz;

-- A country's sites in id order: the site list pages through it and stops at the page's end.
CREATE INDEX sites_country_id ON sites (country, id);

-- How many sites there were and how many were connected, per day, by type, admin area and area
-- class: the series a "progress to 2030" chart draws. Written by every change that can move it
-- (imports, site writes, analysis runs, measurements), so a day's row is the state at its last change.
CREATE TABLE progress_snapshots (
  country text NOT NULL,
  day date NOT NULL,
  site_type text NOT NULL,
  -- '' rather than NULL: part of the key.
  admin1 text NOT NULL,
  area_class text NOT NULL,
  sites integer NOT NULL,
  connected integer NOT NULL,
  -- Connected sites whose devices reported within 21 days.
  live integer NOT NULL,
  PRIMARY KEY (country, day, site_type, admin1, area_class)
);
`,
};
