import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appendAudit, createSession, deleteSession, findUserByEmail, type Database } from '@postatlas/store';
import { hashPassword, randomToken, sha256, verifyPassword } from '../crypto.js';
import { SESSION_COOKIE, signedIn } from '../plugins/auth.js';
import { Problem } from '../problems.js';
import { Country, RoleName, problemResponses } from '../schemas.js';

const SESSION_DAYS = 7;
const Me = Type.Object({ email: Type.String(), role: RoleName, countries: Type.Array(Country), siteIds: Type.Array(Type.Integer()), csrfToken: Type.String() });

/** Signing in and out of the web app: a session cookie (httpOnly, SameSite=Strict) and a CSRF token for writes. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ db: Database; secureCookies: boolean }> = async (app, { db, secureCookies }) => {
  // Verifying against a hash even for unknown emails keeps the answer's timing from telling which emails exist.
  const decoy = await hashPassword(randomToken());

  app.post('/', {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['session'], summary: 'Sign in',
      body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
      response: { 200: Me, ...problemResponses },
    },
  }, async (request, reply) => {
    const user = await findUserByEmail(db, request.body.email);
    const ok = await verifyPassword(user?.passwordHash ?? decoy, request.body.password);
    if (!user || !ok || user.disabled) throw new Problem(401, 'Unauthorized', 'wrong email or password');
    const token = randomToken();
    const csrfToken = randomToken();
    await createSession(db, { tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) });
    await appendAudit(db, { actor: `user:${user.id}`, action: 'login', entity: 'session', entityId: null, country: null, before: null, after: null });
    void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: secureCookies, path: '/', maxAge: SESSION_DAYS * 86_400 });
    return { email: user.email, role: user.role, countries: user.countries, siteIds: user.siteIds, csrfToken };
  });

  // The CSRF token is safe to return: no other origin can read this answer (no CORS), and the page needs it again after a reload.
  app.get('/', { schema: { tags: ['session'], summary: 'Who is signed in, with the session\'s CSRF token', response: { 200: Me, ...problemResponses } } }, async (request) => {
    signedIn(request);
    const u = request.user;
    if (!u || !request.csrfToken) throw new Problem(401, 'Unauthorized', 'not signed in (API keys have no session)');
    return { email: u.email, role: u.role, countries: u.countries, siteIds: u.siteIds, csrfToken: request.csrfToken };
  });

  app.delete('/', { schema: { tags: ['session'], summary: 'Sign out', response: { 204: Type.Null(), ...problemResponses } } }, async (request, reply) => {
    if (request.sessionHash) await deleteSession(db, request.sessionHash);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
};
