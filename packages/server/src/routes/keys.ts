import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { canGrant, canManageGrant } from '@postatlas/core';
import { appendAudit, createApiKey, getApiKey, getSite, listApiKeys, revokeApiKey, type ApiKey, type Database } from '@postatlas/store';
import { newApiKey } from '../crypto.js';
import { signedIn } from '../plugins/auth.js';
import { Problem, forbidden, notFound } from '../problems.js';
import { Country, Id, RoleName, problemResponses } from '../schemas.js';

const Key = Type.Object({
  id: Type.Integer(), name: Type.String(), prefix: Type.String(), role: RoleName, countries: Type.Array(Country), siteId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(), lastUsedAt: Type.Union([Type.String(), Type.Null()]), revokedAt: Type.Union([Type.String(), Type.Null()]),
});
const shown = ({ createdBy: _, ...k }: ApiKey) => k;

/** API keys for scripts, partners and devices: the secret is shown once and kept only as a hash. */
export const keysRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.post('/', {
    schema: {
      tags: ['keys'], summary: 'Create an API key (its secret is in this response only)',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200 }), role: RoleName, countries: Type.Array(Country, { maxItems: 300, default: [] }),
        siteId: Type.Optional(Type.Integer({ minimum: 1 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ key: Type.String(), apiKey: Key }), ...problemResponses },
    },
  }, async (request, reply) => {
    const p = signedIn(request);
    const { name, role, siteId } = request.body;
    let countries = request.body.countries;
    if (role === 'device' || role === 'office_staff') {
      if (siteId === undefined) throw new Problem(400, 'Invalid request', `a ${role} key is for one site: give siteId`);
      const site = await getSite(db, siteId);
      if (!site) throw notFound(`no site ${siteId}`);
      countries = [site.country];
    }
    if (!canGrant(p, role, countries)) throw forbidden(`you may not create a ${role} key for ${countries.join(', ') || 'every country'}`);
    const secret = newApiKey();
    const apiKey = await createApiKey(db, { name, prefix: secret.prefix, keyHash: secret.secretHash, role, countries, siteId: siteId ?? null, createdBy: request.user?.id ?? null });
    await appendAudit(db, { actor: p.actor, action: 'create', entity: 'api_key', entityId: String(apiKey.id), country: countries[0] ?? null, before: null, after: shown(apiKey) });
    return reply.status(201).send({ key: secret.key, apiKey: shown(apiKey) });
  });

  app.get('/', { schema: { tags: ['keys'], summary: 'API keys you may manage', response: { 200: Type.Array(Key), ...problemResponses } } }, async (request) => {
    const p = signedIn(request);
    const keys = await listApiKeys(db);
    return keys.filter((k) => canManageGrant(p, k.countries)).map(shown);
  });

  app.delete('/:id', { schema: { tags: ['keys'], summary: 'Revoke an API key', params: Id, response: { 204: Type.Null(), ...problemResponses } } }, async (request, reply) => {
    const p = signedIn(request);
    const key = await getApiKey(db, request.params.id);
    if (!key) throw notFound(`no API key ${request.params.id}`);
    if (!canManageGrant(p, key.countries)) throw forbidden(`you may not revoke key ${key.id}`);
    const revoked = await revokeApiKey(db, key.id);
    await appendAudit(db, { actor: p.actor, action: 'revoke', entity: 'api_key', entityId: String(key.id), country: key.countries[0] ?? null, before: shown(key), after: revoked && shown(revoked) });
    return reply.status(204).send(null);
  });
};
