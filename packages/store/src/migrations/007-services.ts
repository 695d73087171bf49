export const services = {
  version: 7,
  name: 'services',
  sql: `
-- The catalogue of services offered at post offices, as Open Referral's HSDS 3.0 lays it out: one
-- table per HSDS entity, its columns HSDS's field names. Ids are the publisher's (HSDS wants them
-- stable), so (country, id) is the key a re-import updates in place; a country's catalogue is
-- imported whole, and what the file no longer has is removed.
-- References between entities cascade: a site removed takes its location and what was offered there.

CREATE TABLE service_taxonomy_terms (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  code text,
  name text NOT NULL,
  description text,
  parent_id text,
  taxonomy text,
  language text,
  term_uri text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, parent_id) REFERENCES service_taxonomy_terms (country, id) ON DELETE CASCADE
);

CREATE TABLE service_organizations (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  name text NOT NULL,
  alternate_name text,
  description text NOT NULL,
  email text,
  website text,
  legal_status text,
  PRIMARY KEY (country, id)
);

-- An HSDS location is one of our sites; its hours are local to its IANA time zone.
CREATE TABLE service_locations (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  site_id integer NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  location_type text NOT NULL,
  organization_id text,
  name text,
  alternate_name text,
  description text,
  transportation text,
  latitude double precision,
  longitude double precision,
  external_identifier text NOT NULL,
  external_identifier_type text NOT NULL,
  timezone text NOT NULL,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, organization_id) REFERENCES service_organizations (country, id) ON DELETE CASCADE
);
-- Deleting a site cascades through this.
CREATE INDEX service_locations_site ON service_locations (site_id);

CREATE TABLE services (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  organization_id text NOT NULL,
  name text NOT NULL,
  alternate_name text,
  description text,
  url text,
  email text,
  status text NOT NULL,
  interpretation_services text,
  application_process text,
  fees_description text,
  eligibility_description text,
  alert text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, organization_id) REFERENCES service_organizations (country, id) ON DELETE CASCADE
);

CREATE TABLE service_at_locations (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  service_id text NOT NULL,
  location_id text NOT NULL,
  description text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, service_id) REFERENCES services (country, id) ON DELETE CASCADE,
  FOREIGN KEY (country, location_id) REFERENCES service_locations (country, id) ON DELETE CASCADE
);
-- The locator goes from a location to what it offers.
CREATE INDEX service_at_locations_location ON service_at_locations (country, location_id);

CREATE TABLE service_schedules (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  service_id text,
  location_id text,
  service_at_location_id text,
  -- YYYY-MM-DD and HH:MM as HSDS writes them: text, so they read back as they were written.
  valid_from text,
  valid_to text,
  freq text,
  byday text,
  opens_at text,
  closes_at text,
  description text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, service_id) REFERENCES services (country, id) ON DELETE CASCADE,
  FOREIGN KEY (country, location_id) REFERENCES service_locations (country, id) ON DELETE CASCADE,
  FOREIGN KEY (country, service_at_location_id) REFERENCES service_at_locations (country, id) ON DELETE CASCADE
);
CREATE INDEX service_schedules_location ON service_schedules (country, location_id);
CREATE INDEX service_schedules_service_at_location ON service_schedules (country, service_at_location_id);

-- HSDS's attribute: links a service (or location, organization) to a taxonomy term. link_id points
-- at one of three tables, so it has no foreign key; the importer checks it.
CREATE TABLE service_attributes (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  link_id text NOT NULL,
  link_type text,
  link_entity text NOT NULL,
  taxonomy_term_id text NOT NULL,
  value text,
  label text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, taxonomy_term_id) REFERENCES service_taxonomy_terms (country, id) ON DELETE CASCADE
);
CREATE INDEX service_attributes_term ON service_attributes (country, taxonomy_term_id);

CREATE TABLE service_languages (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  service_id text,
  location_id text,
  name text,
  code text NOT NULL,
  note text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, service_id) REFERENCES services (country, id) ON DELETE CASCADE,
  FOREIGN KEY (country, location_id) REFERENCES service_locations (country, id) ON DELETE CASCADE
);

CREATE TABLE service_accessibility (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  location_id text NOT NULL,
  description text NOT NULL,
  details text,
  url text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, location_id) REFERENCES service_locations (country, id) ON DELETE CASCADE
);

CREATE TABLE service_cost_options (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  service_id text NOT NULL,
  valid_from text,
  valid_to text,
  option text,
  currency text,
  amount double precision,
  amount_description text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, service_id) REFERENCES services (country, id) ON DELETE CASCADE
);

CREATE TABLE service_required_documents (
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  id text NOT NULL,
  service_id text NOT NULL,
  document text NOT NULL,
  uri text,
  PRIMARY KEY (country, id),
  FOREIGN KEY (country, service_id) REFERENCES services (country, id) ON DELETE CASCADE
);
`,
};
