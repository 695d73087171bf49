import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LOCATOR_PARAMETERS, canEditOffice, canManageCountry, termTree, type CatalogueIssue, type LocatedService, type Principal } from '@postatlas/core';
import { GAZETTEER_ATTRIBUTION, catalogueJson, loadGazetteer } from '@postatlas/importers';
import { UnknownService, locate, servicesIndicators, type ServicesIndicators } from '@postatlas/jobs';
import {
  OfficeChangeRefused, catalogueCountries, changeMark, catalogueTerms, changeOfficeServices, decideTermProposal, getSite, listTermProposals, officeServices,
  proposeTerm, readCatalogueOf, termProposal, type Database,
} from '@postatlas/store';
import { keptOrComputed, type Kept } from '../fresh.js';
import { signedIn } from '../plugins/auth.js';
import { Problem, forbidden, notFound } from '../problems.js';
import { Country, Id, Nullable, Problem as ProblemSchema, problemResponses } from '../schemas.js';

const Schedule = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]), { description: 'an HSDS 3.0 schedule' });
const Flag = Type.Union([Type.Boolean(), Type.Literal('on')], { description: 'true, or "on" as an HTML form sends a ticked box' });

export const LocateQuery = Type.Object({
  service: Type.String({ minLength: 1, maxLength: 100, description: 'a taxonomy code (egov.passport) or words of a service\'s name in any of the four languages' }),
  near: Type.String({ pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*,\\s*-?\\d+(\\.\\d+)?\\s*$', description: 'LAT,LON' }),
  at: Type.Optional(Type.String({ format: 'date-time', description: 'open at this instant; now when absent' })),
  withinKm: Type.Number({ minimum: 0.1, maximum: 500, default: LOCATOR_PARAMETERS.withinKm }),
  wheelchair: Type.Optional(Flag),
  language: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP 47: offices serving in this language' })),
  anyTime: Type.Optional(Flag),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: LOCATOR_PARAMETERS.limit }),
});

const Located = Type.Object({
  country: Type.String(), siteId: Type.Integer(), office: Nullable(Type.String()), serviceId: Type.String(), service: Type.String(),
  distanceM: Type.Number(), lat: Type.Number(), lon: Type.Number(), timeZone: Type.String(),
  opening: Type.Object({ state: Type.Enum(['open', 'closed', 'unknown']), closesAt: Type.Optional(Type.String({ description: 'local HH:MM' })) }),
  wheelchair: Type.Boolean(), languages: Type.Array(Type.String()),
});

export const located = (f: LocatedService) => ({
  country: f.country, siteId: f.siteId, office: f.name, serviceId: f.serviceId, service: f.serviceName, distanceM: Math.round(f.distanceM), lat: f.lat, lon: f.lon,
  timeZone: f.timeZone, opening: f.opening, wheelchair: f.wheelchair, languages: f.languages,
});

export const parseNear = (near: string) => near.split(',').map(Number) as [number, number];

/** The locator's answer for a query of LocateQuery's shape; a 404 naming the known codes when no term matches. */
export async function answer(db: Database, q: { service: string; near: string; at?: string | undefined; withinKm: number; wheelchair?: boolean | 'on' | undefined; language?: string | undefined; anyTime?: boolean | 'on' | undefined; limit: number }) {
  const [lat, lon] = parseNear(q.near);
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) throw new Problem(400, 'Invalid request', `near: ${q.near} is not a latitude, longitude`);
  const at = q.at ? new Date(q.at) : new Date();
  try {
    const found = await locate(db, { service: q.service, lat, lon, at, withinKm: q.withinKm, wheelchair: Boolean(q.wheelchair), language: q.language, anyTime: Boolean(q.anyTime), limit: q.limit });
    return { service: q.service, near: { lat, lon }, at: at.toISOString(), withinKm: q.withinKm, items: found.map(located) };
  } catch (err) {
    if (err instanceof UnknownService) throw notFound(err.detail);
    throw err;
  }
}

/** The refusal of a catalogue edit as a 422 that names each field, as an import's does. */
const refused = (issues: readonly CatalogueIssue[]) => new Problem(422, 'Change refused', issues.map((i) => `${i.where}, ${i.field}: ${i.reason}`).join('; '), {
  errors: issues.map((i) => ({ where: i.where, field: i.field, value: i.value, reason: i.reason })),
});

/** Staff propose terms for the countries of their offices; managers for theirs. */
async function mayPropose(db: Database, p: Principal, country: string): Promise<boolean> {
  if (canManageCountry(p, country)) return true;
  if (p.role !== 'office_staff') return false;
  for (const id of p.siteIds) if ((await getSite(db, id))?.country === country) return true;
  return false;
}

/**
 * The one-stop shop's catalogue through the API: the public locator (which office near me offers a
 * service, open now), the places a person may type instead of sharing a position, the taxonomy,
 * each country's catalogue as HSDS JSON; and, for an office's staff, its services and hours, and
 * taxonomy terms proposed to their country's managers, who decide.
 */
export const servicesRoutes: FastifyPluginAsyncTypebox<{ db: Database; indicators: Map<string, Kept<ServicesIndicators>> }> = async (app, { db, indicators }) => {
  app.get('/locate', {
    schema: {
      tags: ['services'], summary: 'The nearest post offices offering a service, open now or at a time',
      querystring: LocateQuery,
      response: {
        200: Type.Object({ service: Type.String(), near: Type.Object({ lat: Type.Number(), lon: Type.Number() }), at: Type.String(), withinKm: Type.Number(), items: Type.Array(Located) }),
        ...problemResponses,
      },
    },
  }, async (request) => answer(db, request.query));

  app.get('/places', {
    schema: {
      tags: ['services'], summary: 'Places by name (GeoNames), for a person who types where they are',
      querystring: Type.Object({ q: Type.String({ minLength: 2, maxLength: 100 }), country: Type.Optional(Country) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          attribution: Type.String(),
          items: Type.Array(Type.Object({ name: Type.String(), country: Type.String(), lat: Type.Number(), lon: Type.Number(), population: Type.Integer() })),
        }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const countries = new Set(request.query.country ? [request.query.country] : (await catalogueCountries(db)).map((c) => c.country));
    const items = loadGazetteer().find(request.query.q, { countries }).map(({ name, country, lat, lon, population }) => ({ name, country, lat, lon, population }));
    return { attribution: GAZETTEER_ATTRIBUTION, items };
  });

  app.get('/terms', {
    schema: {
      tags: ['services'], summary: 'The taxonomy terms of the imported catalogues as one tree, named in a language',
      querystring: Type.Object({ lang: Type.Enum(['en', 'fr', 'es', 'ar'], { default: 'en' }), country: Type.Optional(Country) }, { additionalProperties: false }),
      response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), parent: Nullable(Type.String()), countries: Type.Array(Type.String()) })) },
    },
  }, async (request) => termTree(await catalogueTerms(db, request.query.country ? [request.query.country] : undefined), request.query.lang));

  app.get('/:country/catalogue', {
    schema: { tags: ['services'], summary: 'A country\'s catalogue as HSDS 3.0 JSON tables', params: Type.Object({ country: Country }), response: { 200: Type.Unknown(), ...problemResponses } },
  }, async (request, reply) => {
    const c = await readCatalogueOf(db, request.params.country);
    if (c.services.length === 0 && c.locations.length === 0) throw notFound(`${request.params.country} has no services catalogue`);
    return reply.type('application/json').header('content-disposition', `attachment; filename="${request.params.country.toLowerCase()}-services.json"`).send(catalogueJson(c));
  });

  app.get('/:country/indicators', {
    schema: {
      tags: ['services', 'progress'], summary: 'Offices offering each category of service, by admin area; people within 5 km of an office offering e-government',
      params: Type.Object({ country: Country }),
      response: {
        200: Type.Object({
          country: Type.String(), postOffices: Type.Integer(),
          categories: Type.Array(Type.Object({
            category: Type.String({ description: 'top term of the taxonomy: egov, dfs, ecommerce, connectivity, digital-skills, assisted-access' }), offices: Type.Integer(),
            byAdmin1: Type.Array(Type.Object({ admin1: Type.String({ description: '"" for offices without an admin area' }), offices: Type.Integer(), postOffices: Type.Integer() })),
          })),
          egovReach: Type.Object({
            radiusM: Type.Number(), offices: Type.Integer(), people: Type.Integer(), population: Type.Integer({ description: 'the country\'s people in its population layers' }),
            share: Nullable(Type.Number()),
          }),
        }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    // The population layers take seconds to read: kept until the data changes.
    const { country } = request.params;
    return keptOrComputed(indicators, country, () => changeMark(db), () => servicesIndicators(db, country));
  });

  const Proposal = Type.Object({
    id: Type.Integer(), country: Type.String(), code: Type.String(), name: Type.String(), description: Nullable(Type.String()), parentId: Nullable(Type.String()),
    proposedBy: Type.String(), proposedAt: Type.String(), status: Type.String(), decidedBy: Nullable(Type.String()), decidedAt: Nullable(Type.String()), reason: Nullable(Type.String()),
  });

  app.get('/:country/proposals', {
    schema: {
      tags: ['services'], summary: 'Taxonomy terms proposed for a country (its staff and managers)',
      params: Type.Object({ country: Country }), querystring: Type.Object({ status: Type.Optional(Type.Enum(['pending', 'approved', 'rejected'])) }, { additionalProperties: false }),
      response: { 200: Type.Array(Proposal), ...problemResponses },
    },
  }, async (request) => {
    const p = signedIn(request);
    if (!(await mayPropose(db, p, request.params.country))) throw forbidden(`the taxonomy proposals of ${request.params.country} are for its managers and its offices' staff`);
    return listTermProposals(db, request.params.country, request.query.status);
  });

  app.post('/:country/proposals', {
    schema: {
      tags: ['services'], summary: 'Propose a taxonomy term; a manager of the country approves or rejects it',
      params: Type.Object({ country: Country }),
      body: Type.Object({
        code: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{0,99}$', description: 'lower case, dots for levels: egov.fishing-licence' }),
        name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 2000 })), parentId: Type.Optional(Type.String({ maxLength: 200 })),
      }, { additionalProperties: false }),
      response: { 201: Proposal, ...problemResponses, 422: ProblemSchema },
    },
  }, async (request, reply) => {
    const p = signedIn(request);
    if (!(await mayPropose(db, p, request.params.country))) throw forbidden(`terms for ${request.params.country} are proposed by its offices' staff and managers`);
    try {
      return reply.status(201).send(await proposeTerm(db, { country: request.params.country, ...request.body, actor: p.actor }));
    } catch (err) {
      throw err instanceof OfficeChangeRefused ? refused(err.issues) : err;
    }
  });

  app.post('/proposals/:id/decision', {
    schema: {
      tags: ['services'], summary: 'Approve a proposed term (it joins the country\'s taxonomy) or reject it',
      params: Id, body: Type.Object({ approve: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: { 200: Proposal, ...problemResponses, 409: ProblemSchema },
    },
  }, async (request) => {
    const p = signedIn(request);
    const proposal = await termProposal(db, request.params.id);
    if (!proposal) throw notFound(`no proposal ${request.params.id}`);
    if (!canManageCountry(p, proposal.country)) throw forbidden(`a manager of ${proposal.country} decides its taxonomy`);
    const decided = await decideTermProposal(db, { id: proposal.id, approve: request.body.approve, reason: request.body.reason ?? null, actor: p.actor });
    if (!decided) throw new Problem(409, 'Conflict', `proposal ${proposal.id} was ${proposal.status} already`);
    return decided;
  });
};

const OfficeServicesSchema = Type.Object({
  country: Type.String(), siteId: Type.Integer(), locationId: Nullable(Type.String()), timeZone: Nullable(Type.String()),
  offers: Type.Array(Type.Object({ serviceId: Type.String(), name: Type.String(), terms: Type.Array(Type.String()), hours: Type.Array(Schedule) })),
  hours: Type.Array(Schedule),
  available: Type.Array(Type.Object({ serviceId: Type.String(), name: Type.String(), terms: Type.Array(Type.String()) })),
});

/** An office's services and hours: public to read, edited by its staff and its country's managers. */
export const officeServicesRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/:id/services', {
    schema: { tags: ['services'], summary: 'What an office offers, its hours, and what its country\'s catalogue has', params: Id, response: { 200: OfficeServicesSchema, ...problemResponses } },
  }, async (request) => {
    const office = await officeServices(db, request.params.id);
    if (!office) throw notFound(`no site ${request.params.id}`);
    return office;
  });

  app.put('/:id/services', {
    schema: {
      tags: ['services'], summary: 'Set the services an office offers and its hours (its staff, its country\'s managers)',
      params: Id,
      body: Type.Object({
        serviceIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500, uniqueItems: true })),
        hours: Type.Optional(Type.Array(Schedule, { maxItems: 200 })),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: OfficeServicesSchema, ...problemResponses, 422: ProblemSchema },
    },
  }, async (request) => {
    const p = signedIn(request);
    const site = await getSite(db, request.params.id);
    if (!site) throw notFound(`no site ${request.params.id}`);
    if (!canEditOffice(p, site)) throw forbidden(`the services of office ${site.id} are edited by its staff and the managers of ${site.country}`);
    try {
      return await changeOfficeServices(db, { siteId: site.id, change: request.body, actor: p.actor });
    } catch (err) {
      throw err instanceof OfficeChangeRefused ? refused(err.issues) : err;
    }
  });
};
