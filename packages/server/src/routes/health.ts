import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { schemaVersion, type Database } from '@postatlas/store';

/** For load balancers and monitors: 200 when the database answers. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/', {
    schema: { tags: ['operations'], summary: 'Health', response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), schemaVersion: Type.Integer() }) } },
  }, async () => ({ status: 'ok' as const, database: db.kind, schemaVersion: await schemaVersion(db) }));
};
