import type { Role } from '@postatlas/core';
import { appendAudit } from './audit.js';
import type { Database, Sql } from './database.js';

/**
 * Users, their browser sessions and API keys. The store keeps hashes only: the server hashes
 * passwords, session tokens and key secrets, and compares them; nothing here can sign anyone in.
 */

// One list of roles for core's access rules, the server and the store.
export { ROLES, type Role } from '@postatlas/core';

export interface User {
  id: number;
  email: string;
  role: Role;
  countries: string[];
  /** sites.id of the offices an office_staff user looks after. */
  siteIds: number[];
  disabled: boolean;
  createdAt: string;
}

/** Times leave the store as ISO 8601 in UTC, whatever the session's time zone. */
export const isoTime = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const USER_COLUMNS = `u.id, u.email, u.role, u.countries, u.site_ids AS "siteIds", u.disabled, ${isoTime('u.created_at')} AS "createdAt"`;

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** A new user; the email is trimmed and lower-cased, and one already registered is an error. */
export async function createUser(
  db: Sql,
  u: { email: string; passwordHash: string; role: Role; countries?: readonly string[]; siteIds?: readonly number[] },
): Promise<User> {
  const email = normaliseEmail(u.email);
  // ON CONFLICT rather than catching the unique violation: a failed statement would abort the caller's transaction.
  const { rows } = await db.query<User>(
    `INSERT INTO users AS u (email, password_hash, role, countries, site_ids) VALUES ($1, $2, $3, $4::text[], $5::int4[])
     ON CONFLICT (email) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [email, u.passwordHash, u.role, u.countries ?? [], u.siteIds ?? []],
  );
  if (!rows[0]) throw new Error(`users: ${email} is already registered`);
  return rows[0];
}

/** The user with this email (any case, surrounding blanks ignored), with the hash to check a password against. */
export async function findUserByEmail(db: Sql, email: string): Promise<(User & { passwordHash: string }) | null> {
  const { rows } = await db.query<User & { passwordHash: string }>(
    `SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash" FROM users u WHERE u.email = $1`,
    [normaliseEmail(email)],
  );
  return rows[0] ?? null;
}

export async function getUser(db: Sql, id: number): Promise<User | null> {
  const { rows } = await db.query<User>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listUsers(db: Sql): Promise<User[]> {
  const { rows } = await db.query<User>(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.id`);
  return rows;
}

/** How many users there are: none means the first one to register becomes the admin. */
export async function countUsers(db: Sql): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0]!.n;
}

/** tokenHash: sha256 hex of the cookie's token, which is never stored. */
export async function createSession(db: Sql, s: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date }): Promise<void> {
  await db.query('INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4::timestamptz)', [
    s.tokenHash, s.userId, s.csrfToken, s.expiresAt.toISOString(),
  ]);
}

/** The session's user and CSRF token; null when there is no such session, it has expired or its user is disabled. */
export async function findSession(db: Sql, tokenHash: string): Promise<{ user: User; csrfToken: string; expiresAt: string } | null> {
  const { rows } = await db.query<User & { csrfToken: string; expiresAt: string }>(
    `SELECT ${USER_COLUMNS}, s.csrf_token AS "csrfToken", ${isoTime('s.expires_at')} AS "expiresAt"
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  const { csrfToken, expiresAt, ...user } = r;
  return { user, csrfToken, expiresAt };
}

export async function deleteSession(db: Sql, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

/**
 * Gives a user a new password and signs them out everywhere, with an audit entry (which says
 * that the password changed, never what it is). An unknown user is an error.
 */
export async function setPassword(db: Database, userId: number, passwordHash: string, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ email: string }>('UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING email', [userId, passwordHash]);
    if (!rows[0]) throw new Error(`users: there is no user ${userId}`);
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    await appendAudit(tx, { actor, action: 'update', entity: 'user', entityId: String(userId), country: null, before: null, after: { email: rows[0].email, password: 'changed' } });
  });
}

export interface ApiKey {
  id: number;
  name: string;
  /** The public part of the key, which finds it; the secret is only ever seen hashed. */
  prefix: string;
  role: Role;
  countries: string[];
  /** The one site a device key reports for. */
  siteId: number | null;
  /** users.id; null once that user is deleted. */
  createdBy: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const KEY_COLUMNS = `k.id, k.name, k.prefix, k.role, k.countries, k.site_id AS "siteId", k.created_by AS "createdBy",
  ${isoTime('k.created_at')} AS "createdAt", ${isoTime('k.last_used_at')} AS "lastUsedAt", ${isoTime('k.revoked_at')} AS "revokedAt"`;

/** keyHash: sha256 hex of the key's secret. A prefix already in use is an error. */
export async function createApiKey(
  db: Sql,
  k: { name: string; prefix: string; keyHash: string; role: Role; countries?: readonly string[]; siteId?: number | null; createdBy?: number | null },
): Promise<ApiKey> {
  const { rows } = await db.query<ApiKey>(
    `INSERT INTO api_keys AS k (name, prefix, key_hash, role, countries, site_id, created_by)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7) ON CONFLICT (prefix) DO NOTHING RETURNING ${KEY_COLUMNS}`,
    [k.name, k.prefix, k.keyHash, k.role, k.countries ?? [], k.siteId ?? null, k.createdBy ?? null],
  );
  if (!rows[0]) throw new Error(`api_keys: prefix ${k.prefix} is already in use`);
  return rows[0];
}

/** The key with this prefix and the hash to check its secret against; null when there is none or it is revoked. */
export async function findApiKey(db: Sql, prefix: string): Promise<(ApiKey & { keyHash: string }) | null> {
  const { rows } = await db.query<ApiKey & { keyHash: string }>(
    `SELECT ${KEY_COLUMNS}, k.key_hash AS "keyHash" FROM api_keys k WHERE k.prefix = $1 AND k.revoked_at IS NULL`,
    [prefix],
  );
  return rows[0] ?? null;
}

export async function touchApiKey(db: Sql, id: number): Promise<void> {
  await db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]);
}

/** Revokes a key (revoking it again keeps the first time); null when there is no such key. */
export async function revokeApiKey(db: Sql, id: number): Promise<ApiKey | null> {
  const { rows } = await db.query<ApiKey>(
    `UPDATE api_keys AS k SET revoked_at = COALESCE(k.revoked_at, now()) WHERE k.id = $1 RETURNING ${KEY_COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}

/** One key by id, revoked or not; null when there is none. */
export async function getApiKey(db: Sql, id: number): Promise<ApiKey | null> {
  const { rows } = await db.query<ApiKey>(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.id = $1`, [id]);
  return rows[0] ?? null;
}

/** All keys, revoked ones included, oldest first; only those one user made when createdBy is given. */
export async function listApiKeys(db: Sql, q: { createdBy?: number } = {}): Promise<ApiKey[]> {
  const { rows } = await db.query<ApiKey>(
    `SELECT ${KEY_COLUMNS} FROM api_keys k WHERE $1::int4 IS NULL OR k.created_by = $1 ORDER BY k.id`,
    [q.createdBy ?? null],
  );
  return rows;
}
