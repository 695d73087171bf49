import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { canCreateOrDeleteSite, canEditSite, visibleSite } from '@postatlas/core';
import { createSite, deleteSite, getSite, listSites, updateSite, type Database } from '@postatlas/store';
import { forbidden, notFound } from '../problems.js';
import { signedIn } from '../plugins/auth.js';
import { Country, Id, Site, SiteCreate, SitePatch, SiteTypeName, problemResponses } from '../schemas.js';

/** The registry's sites: public to read; written by the managers of their country and, for status and services, by the staff of each office. */
export const sitesRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/', {
    schema: {
      tags: ['sites'], summary: 'List sites, in id order, a page at a time',
      querystring: Type.Object({
        country: Type.Optional(Country), type: Type.Optional(SiteTypeName),
        q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a name containing this (any case), or a source id or site id' })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }), after: Type.Integer({ minimum: 0, default: 0, description: 'the last id of the previous page' }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Site), next: Type.Union([Type.Integer(), Type.Null()]) }), ...problemResponses },
    },
  }, async (request) => {
    const q = request.query;
    const items = await listSites(db, { country: q.country, siteType: q.type, search: q.q, limit: q.limit, afterId: q.after });
    return { items: items.map((s) => visibleSite(request.principal, s)), next: items.length === q.limit ? items[items.length - 1]!.id : null };
  });

  app.get('/:id', { schema: { tags: ['sites'], summary: 'One site', params: Id, response: { 200: Site, ...problemResponses } } }, async (request) => {
    const site = await getSite(db, request.params.id);
    if (!site) throw notFound(`no site ${request.params.id}`);
    return visibleSite(request.principal, site);
  });

  app.post('/', { schema: { tags: ['sites'], summary: 'Add a site', body: SiteCreate, response: { 201: Site, ...problemResponses } } }, async (request, reply) => {
    const p = signedIn(request);
    if (!canCreateOrDeleteSite(p, request.body.country)) throw forbidden(`adding sites in ${request.body.country} needs a manager of that country`);
    return reply.status(201).send(visibleSite(p, await createSite(db, request.body, p.actor)));
  });

  app.patch('/:id', { schema: { tags: ['sites'], summary: 'Change a site', params: Id, body: SitePatch, response: { 200: Site, ...problemResponses } } }, async (request) => {
    const p = signedIn(request);
    const site = await getSite(db, request.params.id);
    if (!site) throw notFound(`no site ${request.params.id}`);
    if (!canEditSite(p, site, Object.keys(request.body))) throw forbidden(`you may not change ${Object.keys(request.body).join(', ')} of site ${site.id} (${site.country})`);
    const updated = await updateSite(db, site.id, request.body, p.actor);
    if (!updated) throw notFound(`no site ${request.params.id}`);
    return visibleSite(p, updated);
  });

  app.delete('/:id', { schema: { tags: ['sites'], summary: 'Remove a site', params: Id, response: { 204: Type.Null(), ...problemResponses } } }, async (request, reply) => {
    const p = signedIn(request);
    const site = await getSite(db, request.params.id);
    if (!site) throw notFound(`no site ${request.params.id}`);
    if (!canCreateOrDeleteSite(p, site.country)) throw forbidden(`removing sites in ${site.country} needs a manager of that country`);
    await deleteSite(db, site.id, p.actor);
    return reply.status(204).send(null);
  });
};
