export const measurements = {
  version: 5,
  name: 'measurements',
  sql: `
-- The speed in the office's contract with its provider; what devices measure is compared to it.
ALTER TABLE sites ADD COLUMN contracted_mbps double precision CHECK (contracted_mbps >= 0);

-- Machines in an office that report its connectivity, known by the hardware id they send. A site
-- has a few at most (the store refuses more), so a leaked device key cannot flood it with devices.
CREATE TABLE devices (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id integer NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  hardware_id text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  -- Also the index that finds a site's devices and that deleting a site cascades through.
  UNIQUE (site_id, hardware_id)
);

-- Speed tests and uptime pings from the devices (as UNICEF Giga Meter collects them from schools).
CREATE TABLE measurements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id integer NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  device_id integer NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('speedtest', 'uptime')),
  -- When the device measured (its clock); received_at is when the server stored it.
  measured_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  download_mbps double precision,
  upload_mbps double precision,
  latency_ms double precision,
  jitter_ms double precision,
  -- A share, 0 to 1, not a percentage.
  packet_loss double precision,
  -- Where the device said it was, and how far that is from the site.
  lat double precision,
  lon double precision,
  distance_m double precision,
  isp text,
  asn integer,
  -- Kept but doubtful: 'far_from_site', 'below_contract' ...
  flags text[] NOT NULL DEFAULT '{}',
  -- A device resending a test it already sent (a retry after a lost reply) is a duplicate, not a second test.
  UNIQUE (device_id, kind, measured_at)
);
-- A site's measurements over a time range: summaries, daily aggregates, deleting a site.
CREATE INDEX measurements_site_time ON measurements (site_id, measured_at);

-- What was refused and why, with what the device sent, so a misconfigured device can be diagnosed.
CREATE TABLE rejected_measurements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  site_id integer REFERENCES sites (id) ON DELETE CASCADE,
  hardware_id text,
  reason text NOT NULL,
  payload jsonb NOT NULL
);
-- A site's rejections, newest first, and deleting a site.
CREATE INDEX rejected_measurements_site ON rejected_measurements (site_id, id);
`,
};
