/**
 * Analysis runs and their per-site metrics, read-only (running one is a job, elsewhere). Distances
 * to fibre and microwave nodes and to cell sites say where the infrastructure is, so readers who
 * may not see a country's private data get them as null; classes, population, catchments and
 * counts are for everyone.
 *
 *     app.register(analysisRunsRoutes, { prefix: '/api/analysis-runs', db });
 *     app.register(siteMetricsRoutes, { prefix: '/api/sites', db });
 *     await app.inject('/api/analysis-runs/3/metrics?country=KEN&limit=500');
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { canReadPrivate, privateScope, type CountrySummary, type Principal } from '@postatlas/core';
import { getRun, getSite, listRuns, listSiteMetrics, siteMetrics, type Database, type SiteMetricsRow } from '@postatlas/store';
import { notFound } from '../problems.js';
import { Country, Id, Nullable, problemResponses } from '../schemas.js';

const distance = Nullable(Type.Number({ description: 'metres; null when there is none, or when withheld' }));
const people = Nullable(Type.Number());
const count = Type.Integer();
const RINGS = ['1km', '2km', '3km', '5km', '10km'] as const;
const NEIGHBOUR_RINGS = ['1km', '2km', '3km'] as const;

/** The metrics of site_metrics, named in camelCase as the rest of the API. */
const metricFields = {
  siteId: Type.Integer(), name: Nullable(Type.String()), siteType: Type.String(), country: Type.String(),
  fiberNodeM: distance, fiberNodeOperationalM: distance, microwaveNodeM: distance, microwaveNodeOperationalM: distance,
  cell2gM: distance, cell3gM: distance, cell4gM: distance, cell5gM: distance,
  bestGeneration: Nullable(Type.Integer({ description: '2–5, or 0 when no cell reaches the site; null when withheld' })),
  coverageSource: Nullable(Type.String()),
  ...Object.fromEntries(RINGS.map((r) => [`population${r}`, people])) as Record<`population${(typeof RINGS)[number]}`, typeof people>,
  ...Object.fromEntries(RINGS.map((r) => [`catchment${r}`, people])) as Record<`catchment${(typeof RINGS)[number]}`, typeof people>,
  populationSource: Nullable(Type.String()), densityPerKm2: people,
  ...Object.fromEntries(NEIGHBOUR_RINGS.map((r) => [`schools${r}`, count])) as Record<`schools${(typeof NEIGHBOUR_RINGS)[number]}`, typeof count>,
  ...Object.fromEntries(NEIGHBOUR_RINGS.map((r) => [`otherSites${r}`, count])) as Record<`otherSites${(typeof NEIGHBOUR_RINGS)[number]}`, typeof count>,
  areaClass: Type.String(), speedClass: Type.String(), coverageClass: Type.String(), connected: Nullable(Type.Boolean()),
  distancesWithheld: Type.Boolean({ description: 'the infrastructure distances were left out: the country\'s private data is not yours to read' }),
};
const SiteMetrics = Type.Object(metricFields);

/** What reveals where infrastructure is. */
const WITHHELD = ['fiberNodeM', 'fiberNodeOperationalM', 'microwaveNodeM', 'microwaveNodeOperationalM', 'cell2gM', 'cell3gM', 'cell4gM', 'cell5gM', 'bestGeneration'];

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A row of site_metrics as the API shows it to p. */
function shown(p: Principal, row: SiteMetricsRow): Static<typeof SiteMetrics> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[camel(k)] = v;
  const withheld = !canReadPrivate(p, row.country);
  if (withheld) for (const k of WITHHELD) out[k] = null;
  out.distancesWithheld = withheld;
  return out as Static<typeof SiteMetrics>;
}

/** A country's summary as p may see it: the median distances go the way of the per-site ones. */
function shownSummary(p: Principal, summary: CountrySummary[]): CountrySummary[] {
  return summary.map((s) => (canReadPrivate(p, s.country) ? s : { ...s, medianFiberOperationalM: null, median4gCellM: null }));
}

const Summary = Type.Array(Type.Object({
  country: Type.String(), sites: Type.Integer(), sitesByType: Type.Record(Type.String(), Type.Integer()),
  postOffices: Type.Object({ total: Type.Integer(), connected: Type.Integer(), notConnected: Type.Integer(), unknown: Type.Integer() }),
  connected: Type.Integer(), coverage: Type.Record(Type.String(), Type.Integer()), area: Type.Record(Type.String(), Type.Integer()),
  medianFiberOperationalM: Nullable(Type.Number()), median4gCellM: Nullable(Type.Number()),
  peopleWithinM: Type.Array(Type.Object({ radiusM: Type.Number(), people: Nullable(Type.Number()) })),
}));

const runFields = {
  id: Type.Integer(), startedAt: Type.String(), finishedAt: Type.String(), runBy: Type.String(), countries: Type.Array(Type.String()),
  summary: Summary,
  current: Type.Boolean({ description: 'no dataset it read has been imported or edited since, and none has been added' }),
};
const Run = Type.Object({
  ...runFields,
  parameters: Type.Record(Type.String(), Type.Unknown()),
  inputs: Type.Array(Type.Object({
    datasetId: Type.Integer(), name: Type.String(), layer: Type.String(), importId: Nullable(Type.Integer()), sha256: Nullable(Type.String()),
    importedAt: Nullable(Type.String()),
  }), { description: 'the datasets it read, each at its latest import then (those you may see)' }),
  fingerprint: Type.String(),
});

/** Analysis runs, newest first, one at a time, and a run's metrics a page at a time. */
export const analysisRunsRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/', {
    schema: {
      tags: ['analysis'], summary: 'Analysis runs, newest first',
      querystring: Type.Object({
        country: Type.Optional(Country),
        before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the last id of the previous page' })),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object(runFields)), next: Nullable(Type.Integer()) }), ...problemResponses },
    },
  }, async (request) => {
    const q = request.query;
    const runs = await listRuns(db, { country: q.country, beforeId: q.before, limit: q.limit });
    return {
      items: runs.map((r) => ({ ...r, summary: shownSummary(request.principal, r.summary) })),
      next: runs.length === q.limit ? runs[runs.length - 1]!.id : null,
    };
  });

  app.get('/:id', { schema: { tags: ['analysis'], summary: 'One analysis run, with its parameters and inputs', params: Id, response: { 200: Run, ...problemResponses } } }, async (request) => {
    const run = await getRun(db, request.params.id, privateScope(request.principal));
    if (!run) throw notFound(`no analysis run ${request.params.id}`);
    return { ...run, summary: shownSummary(request.principal, run.summary), parameters: run.parameters as unknown as Record<string, unknown> };
  });

  app.get('/:id/metrics', {
    schema: {
      tags: ['analysis'], summary: 'A run\'s per-site metrics, in site id order, a page at a time', params: Id,
      querystring: Type.Object({
        country: Type.Optional(Country),
        after: Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0, description: 'the last site id of the previous page' }),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(SiteMetrics), next: Nullable(Type.Integer()) }), ...problemResponses },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await listSiteMetrics(db, request.params.id, { country: q.country, afterId: q.after, limit: q.limit });
    if (rows.length === 0 && !(await getRun(db, request.params.id, []))) throw notFound(`no analysis run ${request.params.id}`);
    return { items: rows.map((r) => shown(request.principal, r)), next: rows.length === q.limit ? rows[rows.length - 1]!.siteId : null };
  });
};

/** GET /api/sites/:id/metrics: a site's metrics from the latest run that covered it. */
export const siteMetricsRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/:id/metrics', {
    schema: {
      tags: ['analysis'], summary: 'A site\'s metrics from the latest analysis run that covered it', params: Id,
      response: { 200: Type.Object({ runId: Type.Integer(), runFinishedAt: Type.String(), ...metricFields }), ...problemResponses },
    },
  }, async (request) => {
    const row = await siteMetrics(db, request.params.id);
    if (!row) {
      throw notFound((await getSite(db, request.params.id)) ? `site ${request.params.id} has not been in an analysis run yet` : `no site ${request.params.id}`);
    }
    return { ...shown(request.principal, row), runId: row.runId, runFinishedAt: row.runFinishedAt };
  });
};
