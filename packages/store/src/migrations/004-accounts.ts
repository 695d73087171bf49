// Written out rather than taken from @postatlas/core: a released migration must not change when the code does.
const roles = `'admin', 'country_manager', 'office_staff', 'device', 'public'`;

export const accounts = {
  version: 4,
  name: 'accounts',
  sql: `
-- People who sign in. The role and its scope (countries, sites) decide what they may see and change.
CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Stored lower-cased, so one address is one account however it is typed.
  email text NOT NULL UNIQUE,
  -- The password's hash as the server's hasher writes it; the password itself is never stored.
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN (${roles})),
  -- ISO alpha-3 countries a country manager manages.
  countries text[] NOT NULL DEFAULT '{}',
  -- sites.id of the offices an office_staff user looks after (no foreign key on an array).
  site_ids integer[] NOT NULL DEFAULT '{}',
  -- Disabled rather than deleted, so the audit log's 'user:<id>' keeps pointing at someone.
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Signed-in browsers. Only the sha256 of the cookie token is kept, so a copy of the table signs nobody in.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Sent back with every state-changing request (double submit), checked against this.
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
-- Deleting or disabling a user finds its sessions without a scan.
CREATE INDEX sessions_user ON sessions (user_id);

-- Keys for machines: scripts and the devices that report an office's connectivity. A key is shown
-- once as <prefix>.<secret>; the prefix finds the row, the secret is checked against its sha256.
CREATE TABLE api_keys (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL UNIQUE,
  key_hash text NOT NULL,
  role text NOT NULL CHECK (role IN (${roles})),
  countries text[] NOT NULL DEFAULT '{}',
  -- Device keys are bound to one site and go with it.
  site_id integer REFERENCES sites (id) ON DELETE CASCADE,
  -- Keys outlive the user who made them (a device keeps reporting); revoking is explicit.
  created_by integer REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  -- Kept, not deleted, so the audit log and the key list still say what the key was.
  revoked_at timestamptz
);
-- Deleting sites (a re-import that drops them) cascades here: without it every delete scans the keys.
CREATE INDEX api_keys_site ON api_keys (site_id) WHERE site_id IS NOT NULL;

-- Who changed what, when, with the row before and after: the answer to "who moved this office".
-- Written in the same transaction as the change, so an entry exists exactly when the change does.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  -- 'user:3', 'key:7', 'cli:alice'
  actor text NOT NULL,
  -- 'create', 'update', 'delete', 'login', 'revoke' ...
  action text NOT NULL,
  -- 'site', 'user', 'api_key', 'session' ...
  entity text NOT NULL,
  entity_id text,
  -- The country the entry concerns, so a country manager sees the entries of their countries.
  country text,
  before jsonb,
  after jsonb
);
-- A country's entries, newest first, and the history of one thing.
CREATE INDEX audit_log_country ON audit_log (country, id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- Append-only: an entry that can be changed or removed proves nothing. Row triggers stop UPDATE and
-- DELETE, a statement trigger TRUNCATE (which row triggers do not see). The body stays on one line.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
};
