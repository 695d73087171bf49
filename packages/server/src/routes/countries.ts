import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { canReadPrivate } from '@postatlas/core';
import { PROGRESS_DIMENSIONS, countryAreas, countryProgress, countrySummary, listCountries, worldProgress, type Database } from '@postatlas/store';
import { Country, Nullable, SiteTypeName, problemResponses } from '../schemas.js';

const Tally = { sites: Type.Integer(), connected: Type.Integer(), share: Nullable(Type.Number({ description: 'connected / sites' })) };
const Day = Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\d$', description: 'YYYY-MM-DD' });

/**
 * Where each country stands: the share of its post offices connected, by site type, admin area,
 * rural or urban and how they are connected, and the same over time. Aggregates are public; the
 * count of offices measuring below their contract is for the country's managers.
 */
export const countriesRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/', {
    schema: {
      tags: ['progress'], summary: 'Countries with sites, and how many are connected',
      response: {
        200: Type.Array(Type.Object({
          country: Type.String(), ...Tally, postOffices: Type.Object(Tally),
          bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[west, south, east, north] of its sites' }),
        })),
      },
    },
  }, async () => listCountries(db));

  app.get('/:country/areas', {
    schema: {
      tags: ['progress'], summary: "A country's admin areas: their sites, how many connected, and where (for the map's drill-down)",
      params: Type.Object({ country: Country }),
      response: {
        200: Type.Array(Type.Object({
          name: Type.String(),
          level: Type.Union([Type.Literal(1), Type.Literal(2)], { description: "1: the sites' admin1; 2: their admin2, where no site of the country has an admin1" }),
          sites: Type.Integer(), connected: Type.Integer(),
          bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[west, south, east, north] of its sites' }),
        }), { description: 'sites with no name at that level are in no area' }),
        ...problemResponses,
      },
    },
  }, async (request) => countryAreas(db, request.params.country));

  app.get('/:country/summary', {
    schema: {
      tags: ['progress'], summary: 'A country now: post offices connected, by type, admin area, rural/urban, connectivity and measurement status',
      params: Type.Object({ country: Country }),
      response: {
        200: Type.Object({
          country: Type.String(),
          analysisRunId: Nullable(Type.Integer()),
          postOffices: Type.Object(Tally),
          bySiteType: Type.Array(Type.Object({ siteType: Type.String(), ...Tally })),
          byAdmin1: Type.Array(Type.Object({ admin1: Type.String(), ...Tally })),
          byAreaClass: Type.Array(Type.Object({ areaClass: Type.String(), ...Tally })),
          byConnectivityType: Type.Array(Type.Object({ connectivityType: Type.String(), sites: Type.Integer() })),
          byMeasurementStatus: Type.Object({ live: Type.Integer(), atRisk: Type.Integer(), dropped: Type.Integer(), never: Type.Integer() }),
          belowContract: Type.Optional(Type.Integer({ description: 'post offices measuring below 80 % of their contracted speed (managers only)' })),
          bySpeed: Type.Array(Type.Object({
            fromMbps: Type.Number(), toMbps: Nullable(Type.Number()), sites: Type.Integer(), measured: Type.Integer({ description: 'of them, speeds measured by devices (the others as declared)' }),
          }), { description: 'post offices by download speed' }),
        }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const { belowContract, ...summary } = await countrySummary(db, request.params.country);
    return canReadPrivate(request.principal, summary.country) ? { ...summary, belowContract } : summary;
  });

  // A static segment: find-my-way matches it before '/:country/progress', and 'world' is no ISO code.
  app.get('/world/progress', {
    schema: {
      tags: ['progress'], summary: 'All countries over time: on each day any country changed, the sum of every country\'s latest state',
      querystring: Type.Object({ type: Type.Optional(SiteTypeName), from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false }),
      response: {
        200: Type.Array(Type.Object({ day: Type.String(), ...Tally, live: Type.Integer({ description: 'connected sites whose devices reported within 21 days' }) })),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const q = request.query;
    return worldProgress(db, { siteType: q.type, from: q.from, to: q.to });
  });

  app.get('/:country/progress', {
    schema: {
      tags: ['progress'], summary: 'A country over time: a point on each day its sites or their connections changed',
      params: Type.Object({ country: Country }),
      querystring: Type.Object({
        by: Type.Enum([...PROGRESS_DIMENSIONS], { default: 'total' }),
        type: Type.Optional(SiteTypeName),
        from: Type.Optional(Day),
        to: Type.Optional(Day),
      }, { additionalProperties: false }),
      response: {
        200: Type.Array(Type.Object({ day: Type.String(), key: Type.String(), ...Tally, live: Type.Integer({ description: 'connected sites whose devices reported within 21 days' }) })),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const q = request.query;
    return countryProgress(db, request.params.country, { by: q.by, siteType: q.type, from: q.from, to: q.to });
  });
};
