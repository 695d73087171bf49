export const training = {
  version: 8,
  name: 'training',
  sql: `
-- Training given at post offices: digital skills for the public, cyber hygiene for staff. People
-- are counted, never named: a session records how many took part by gender and by age band, and
-- how many completed it. source_id, when the record came from a file, makes re-imports idempotent.
CREATE TABLE training_sessions (
  id serial PRIMARY KEY,
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  site_id integer NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  source_id text,
  held_on date NOT NULL,
  topic text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('public', 'staff')),
  trainer text,
  hours double precision CHECK (hours > 0 AND hours <= 200),
  participants integer NOT NULL CHECK (participants >= 0),
  completed integer NOT NULL CHECK (completed >= 0 AND completed <= participants),
  female integer NOT NULL DEFAULT 0 CHECK (female >= 0),
  male integer NOT NULL DEFAULT 0 CHECK (male >= 0),
  gender_other integer NOT NULL DEFAULT 0 CHECK (gender_other >= 0),
  age_under_15 integer NOT NULL DEFAULT 0 CHECK (age_under_15 >= 0),
  age_15_24 integer NOT NULL DEFAULT 0 CHECK (age_15_24 >= 0),
  age_25_64 integer NOT NULL DEFAULT 0 CHECK (age_25_64 >= 0),
  age_65_plus integer NOT NULL DEFAULT 0 CHECK (age_65_plus >= 0),
  age_unknown integer NOT NULL DEFAULT 0 CHECK (age_unknown >= 0),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (female + male + gender_other = participants),
  CHECK (age_under_15 + age_15_24 + age_25_64 + age_65_plus + age_unknown = participants),
  UNIQUE (country, source_id)
);
CREATE INDEX training_sessions_site ON training_sessions (site_id, held_on);
CREATE INDEX training_sessions_country ON training_sessions (country, held_on);

-- How many people work at each office: the denominator of "share of staff trained in the last 12 months".
CREATE TABLE office_staff (
  site_id integer PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  staff integer NOT NULL CHECK (staff >= 0),
  as_of date NOT NULL,
  updated_by text NOT NULL
);

-- A taxonomy term proposed by an office's staff for their country's catalogue; a country manager
-- approves it (it then joins the catalogue's taxonomy) or rejects it. Decided proposals stay, as the record.
CREATE TABLE service_term_proposals (
  id serial PRIMARY KEY,
  country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
  code text NOT NULL,
  name text NOT NULL,
  description text,
  parent_id text,
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by text,
  decided_at timestamptz,
  reason text
);
CREATE UNIQUE INDEX service_term_proposals_pending ON service_term_proposals (country, code) WHERE status = 'pending';
`,
};
