import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { privateScope } from '@postatlas/core';
import { listAudit, type Database } from '@postatlas/store';
import { signedIn } from '../plugins/auth.js';
import { forbidden } from '../problems.js';
import { Country, problemResponses } from '../schemas.js';

const Entry = Type.Object({
  id: Type.Integer(), at: Type.String(), actor: Type.String(), action: Type.String(), entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]), country: Type.Union([Type.String(), Type.Null()]), before: Type.Unknown(), after: Type.Unknown(),
});

/** The audit log, read-only: admins see all of it, country managers their countries'. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/', {
    schema: {
      tags: ['audit'], summary: 'Audit entries, newest first',
      querystring: Type.Object({
        country: Type.Optional(Country), entity: Type.Optional(Type.String({ maxLength: 50 })), entityId: Type.Optional(Type.String({ maxLength: 50 })),
        before: Type.Optional(Type.Integer({ minimum: 1, description: 'the last id of the previous page' })), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Array(Entry), ...problemResponses },
    },
  }, async (request) => {
    const p = signedIn(request);
    const scope = privateScope(p);
    const q = request.query;
    if (scope !== null && (scope.length === 0 || (q.country && !scope.includes(q.country)))) throw forbidden('the audit log is for admins and for the managers of a country');
    const countries = q.country ? [q.country] : scope && [...scope];
    return listAudit(db, { countries, entity: q.entity, entityId: q.entityId, afterId: q.before, limit: q.limit });
  });
};
