/**
 * Who is asking. A request carries either a session cookie (people in the web app) or an API key
 * in "Authorization: Bearer pa_…" (scripts, partners, devices in post offices); with neither it
 * is public. Writes authenticated by cookie must echo the session's CSRF token in
 * "x-csrf-token": a cookie is sent by the browser whoever wrote the page, a header is not.
 *
 *     app.register(auth, { db });
 *     request.principal;            // { role, countries, siteIds, actor }
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PUBLIC, principal, type Principal } from '@postatlas/core';
import { findApiKey, findSession, touchApiKey, type Database, type User } from '@postatlas/store';
import { parseApiKey, sameSecret, sha256 } from '../crypto.js';
import { Problem, unauthorized } from '../problems.js';

export const SESSION_COOKIE = 'postatlas_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** The signed-in user, when the request came with a session cookie. */
    user: User | null;
    /** sha256 of the session token, for signing out. */
    sessionHash: string | null;
    /** The session's CSRF token, which the page's own script may read back after a reload. */
    csrfToken: string | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function userPrincipal(u: User): Principal {
  return principal({ role: u.role, countries: u.countries, siteIds: u.siteIds, actor: `user:${u.id}` });
}

export const auth = fp(async (app: FastifyInstance, o: { db: Database }) => {
  // Fastify wants null for object decorators (shared otherwise); every request starts public.
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionHash', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.principal = PUBLIC;
    const header = request.headers.authorization;
    if (header) {
      const parsed = parseApiKey(header.replace(/^Bearer\s+/i, ''));
      const key = parsed ? await findApiKey(o.db, parsed.prefix) : null;
      if (!parsed || !key || !sameSecret(key.keyHash, sha256(parsed.secret))) throw unauthorized('the API key is not valid, or has been revoked');
      request.principal = principal({ role: key.role, countries: key.countries, siteIds: key.siteId === null ? [] : [key.siteId], actor: `key:${key.id}` });
      // A device key reports many times a minute: record its last use at most once a minute, not a write per request.
      if (!key.lastUsedAt || Date.now() - Date.parse(key.lastUsedAt) > 60_000) {
        void touchApiKey(o.db, key.id).catch((err) => request.log.warn({ err }, 'could not record the key\'s last use'));
      }
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const hash = sha256(token);
    const session = await findSession(o.db, hash);
    if (!session) return;
    if (UNSAFE.has(request.method) && !sameSecret(String(request.headers['x-csrf-token'] ?? ''), session.csrfToken)) {
      throw new Problem(403, 'Forbidden', 'a write signed in by cookie must send the session\'s CSRF token in the x-csrf-token header');
    }
    request.user = session.user;
    request.sessionHash = hash;
    request.csrfToken = session.csrfToken;
    request.principal = userPrincipal(session.user);
  });
});

/** Throws 401 for the public, so that a missing sign-in is not reported as a lack of rights. */
export function signedIn(request: FastifyRequest): Principal {
  if (request.principal.role === 'public') throw unauthorized();
  return request.principal;
}
