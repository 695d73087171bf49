import { Readable } from 'node:stream';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  OBJECTIVES, canManageCountry, compareScenarios, planningParameters, privateScope, scenarioCsv, scenarioGeoJson, type Principal,
} from '@postatlas/core';
import { plan } from '@postatlas/jobs';
import { ChromiumMissing, REPORT_FORMATS, REPORT_LANGUAGES, scenarioReport } from '@postatlas/report';
import { deleteScenario, getScenario, listScenarios, resolveSiteRefs, scenarioSitePages, scenarioSites, type Database, type Scenario } from '@postatlas/store';
import type { JobQueue } from '../job-queue.js';
import { signedIn } from '../plugins/auth.js';
import { Problem, forbidden, notFound } from '../problems.js';
import { Country, Nullable, problemResponses } from '../schemas.js';
import { Accepted, accepted } from './jobs.js';

const Total = {
  sites: Type.Integer(), people: Type.Number(), capexUsd: Type.Number(), npvUsd: Type.Number(), tcoUsd: Type.Number(), costUsd: Type.Number(),
};
const Totals = Type.Object({
  ...Total,
  byYear: Type.Array(Type.Object({ year: Type.Integer(), ...Total })),
  byTechnology: Type.Array(Type.Object({ technology: Type.String(), ...Total })),
  unfundedCostUsd: Type.Number({ description: 'cost objective: what the sites the budget does not reach would cost' }),
}, { description: 'the funded sites, over all years, by year and by technology' });
const Certificate = Type.Object({
  method: Type.Enum(['greedy', 'highs']), objective: Type.Enum([...OBJECTIVES]),
  value: Nullable(Type.Number()), bound: Nullable(Type.Number({ description: 'no plan does better' })), boundSource: Type.String(),
  gap: Nullable(Type.Number({ description: '0 proves the plan optimal' })), greedyValue: Nullable(Type.Number()), relaxationBound: Nullable(Type.Number()),
  lpBound: Nullable(Type.Number()),
  highs: Nullable(Type.Object({
    status: Nullable(Type.String()), objective: Nullable(Type.Number()), bound: Nullable(Type.Number()), timeMs: Type.Number(), error: Nullable(Type.String()),
  })),
}, { description: 'how close the plan is to the best possible one' });

const scenarioFields = {
  id: Type.Integer(), country: Type.String(), name: Type.String(), createdAt: Type.String(), createdBy: Type.String(),
  analysisRunId: Nullable(Type.Integer()), objective: Type.Enum([...OBJECTIVES]),
  budgetUsd: Nullable(Type.Number()), annualBudgetUsd: Nullable(Type.Number()), fromYear: Type.Integer(), untilYear: Type.Integer(),
  mustInclude: Type.Array(Type.Integer(), { description: 'sites.id of the sites the plan had to include' }),
  totals: Nullable(Totals), certificate: Nullable(Certificate),
};
const ScenarioSummary = Type.Object(scenarioFields);
const ScenarioDetail = Type.Object({
  ...scenarioFields,
  parameters: Type.Unknown({ description: 'every planning parameter the plan used' }),
  timingsMs: Type.Unknown(),
});

const ScenarioSiteSchema = Type.Object({
  rank: Type.Integer(), siteId: Type.Integer(), sourceId: Type.String(), name: Nullable(Type.String()), siteType: Type.String(),
  lat: Type.Number(), lon: Type.Number(), technology: Nullable(Type.String({ description: 'null: a school co-connected through its post office' })),
  year: Nullable(Type.Integer({ description: 'null: not funded within the budget' })), demandMbps: Type.Number(), peopleServed: Type.Number(),
  capexUsd: Type.Number(), opexPerYearUsd: Type.Number(), tcoUsd: Type.Number(), npvUsd: Type.Number(), costUsd: Type.Number(),
  costPerPersonUsd: Nullable(Type.Number()), linkM: Nullable(Type.Number()), viaSiteId: Nullable(Type.Integer()), lineOfSightUnchecked: Type.Boolean(),
});

const Comparison = Type.Object({
  sites: Type.Array(Type.Integer(), { minItems: 2, maxItems: 2, description: 'funded sites: [a, b]' }),
  people: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
  costUsd: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
  onlyIn: Type.Array(Type.Array(Type.Integer()), { minItems: 2, maxItems: 2, description: 'sites.id funded by one scenario only: [only in a, only in b]' }),
  technologyChanged: Type.Array(Type.Object({ siteId: Type.Integer(), a: Nullable(Type.String()), b: Nullable(Type.String()) })),
  yearChanged: Type.Array(Type.Object({ siteId: Type.Integer(), a: Type.Integer(), b: Type.Integer() })),
});

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^/\\\\]+$', description: 'unique per country: running again under a name replaces that scenario' });
const CountryName = Type.Object({ country: Country, name: Type.String({ minLength: 1, maxLength: 300 }) });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Usd = Type.Number({ minimum: 0, maximum: 1e15 });

const ScenarioRun = Type.Object({
  country: Country,
  name: Name,
  objective: Type.Optional(Type.Enum([...OBJECTIVES], { description: 'population (default), sites, or cost: what connecting every site costs' })),
  budgetUsd: Type.Optional(Usd),
  annualBudgetUsd: Type.Optional(Usd),
  fromYear: Type.Optional(Year),
  untilYear: Type.Optional(Year),
  parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'overrides of the planning parameters, as in a parameter file' })),
  mustInclude: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10_000, description: 'site ids or source ids the plan must connect' })),
  solver: Type.Optional(Type.Enum(['auto', 'greedy'], { description: 'greedy: skip HiGHS' })),
  timeLimitS: Type.Optional(Type.Number({ minimum: 1, maximum: 120, description: 'HiGHS\'s time limit, seconds' })),
}, { additionalProperties: false });

/** What a client needs of a scenario; its parameters and timings only when asked for the one. */
function summary(s: Scenario) {
  const result = (s.result ?? {}) as { totals?: unknown; certificate?: unknown };
  return {
    id: s.id, country: s.country, name: s.name, createdAt: s.createdAt, createdBy: s.createdBy, analysisRunId: s.analysisRunId,
    objective: s.objective, budgetUsd: s.budgetUsd, annualBudgetUsd: s.annualBudgetUsd, fromYear: s.fromYear, untilYear: s.untilYear,
    mustInclude: s.mustInclude, totals: (result.totals ?? null) as never, certificate: (result.certificate ?? null) as never,
  };
}

/** The overrides with HiGHS's time limit set in them; a `solver` that is not an object is left for planningParameters to refuse. */
function withTimeLimit(overrides: Record<string, unknown>, timeLimitS: number | undefined): Record<string, unknown> {
  const solver = overrides.solver ?? {};
  if (timeLimitS === undefined || typeof solver !== 'object' || solver === null || Array.isArray(solver)) return overrides;
  return { ...overrides, solver: { ...solver, timeLimitS } };
}

/** A file name of the scenario's name that no header or file system misreads. */
const fileName = (s: Scenario, ext: string) => `${s.country}-${s.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`;

/**
 * Planning scenarios: a government's working plans and what they cost, run in the background and
 * kept under a name per country. Only who manages the country (its managers, admins) may run,
 * read, download or delete them.
 */
export const scenariosRoutes: FastifyPluginAsyncTypebox<{ db: Database; jobs: JobQueue }> = async (app, { db, jobs }) => {
  function manager(request: FastifyRequest, country: string): Principal {
    const p = signedIn(request);
    if (!canManageCountry(p, country)) throw forbidden(`the scenarios of ${country} are for its managers`);
    return p;
  }

  async function scenario(request: FastifyRequest, country: string, name: string): Promise<Scenario> {
    manager(request, country);
    const s = await getScenario(db, country, name);
    if (!s) throw notFound(`no scenario "${name}" in ${country}`);
    return s;
  }

  app.post('/', {
    schema: {
      tags: ['scenarios'], summary: 'Plan a country in the background (202 and a job to poll) and save the plan as a scenario',
      body: ScenarioRun, response: { 202: Accepted, ...problemResponses },
    },
  }, async (request, reply) => {
    const b = request.body;
    const p = manager(request, b.country);
    // Everything that can be checked now is, so a mistake is a 400 and not a failed job a minute later.
    const parameters = withTimeLimit(b.parameters ?? {}, b.timeLimitS);
    try {
      planningParameters(parameters, 'parameters');
    } catch (err) {
      throw new Problem(400, 'Invalid request', (err as Error).message);
    }
    const objective = b.objective ?? 'population';
    if (objective !== 'cost' && b.budgetUsd === undefined && b.annualBudgetUsd === undefined) {
      throw new Problem(400, 'Invalid request', `the ${objective} objective needs budgetUsd or annualBudgetUsd; to cost connecting every site use the objective "cost"`);
    }
    const fromYear = b.fromYear ?? new Date().getUTCFullYear();
    const untilYear = b.untilYear ?? Math.max(2030, fromYear);
    if (untilYear < fromYear) throw new Problem(400, 'Invalid request', `untilYear ${untilYear} is before fromYear ${fromYear}`);
    try {
      await resolveSiteRefs(db, b.country, b.mustInclude ?? []);
    } catch (err) {
      throw new Problem(400, 'Invalid request', `mustInclude: ${(err as Error).message}`);
    }
    const job = jobs.enqueue({ kind: 'plan', country: b.country, createdBy: p.actor }, async ({ signal, progress }) => {
      const r = await plan(db, {
        country: b.country, name: b.name, objective, budgetUsd: b.budgetUsd ?? null, annualBudgetUsd: b.annualBudgetUsd ?? null,
        fromYear, untilYear, parameters, parametersSource: 'parameters', mustInclude: b.mustInclude ?? [], solver: b.solver ?? 'auto', runBy: p.actor,
        // plan takes no signal: between its steps, and so before it saves, is where a cancelled job stops.
        onProgress: (step) => {
          progress(step);
          signal.throwIfAborted();
        },
      });
      return summary(r.scenario);
    });
    return accepted(reply, job);
  });

  app.get('/', {
    schema: {
      tags: ['scenarios'], summary: 'Scenarios, newest first: of a country, or of every country you manage',
      querystring: Type.Object({ country: Type.Optional(Country) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ScenarioSummary) }), ...problemResponses },
    },
  }, async (request) => {
    const { country } = request.query;
    if (country) {
      manager(request, country);
      return { items: (await listScenarios(db, country)).map(summary) };
    }
    const scope = privateScope(signedIn(request));
    if (scope !== null && scope.length === 0) throw forbidden('scenarios are for admins and for the managers of a country');
    return { items: (await listScenarios(db)).filter((s) => scope === null || scope.includes(s.country)).map(summary) };
  });

  app.get('/compare', {
    schema: {
      tags: ['scenarios'], summary: 'Two scenarios of a country side by side: what each funds and the sites on which they differ',
      querystring: Type.Object({ country: Country, a: Type.String({ minLength: 1, maxLength: 300 }), b: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
      response: { 200: Comparison, ...problemResponses },
    },
  }, async (request) => {
    const { country, a, b } = request.query;
    const [sa, sb] = [await scenario(request, country, a), await scenario(request, country, b)];
    return compareScenarios(await scenarioSites(db, sa.id), await scenarioSites(db, sb.id));
  });

  app.get('/:country/:name', {
    schema: { tags: ['scenarios'], summary: 'One scenario with its totals, certificate and parameters', params: CountryName, response: { 200: ScenarioDetail, ...problemResponses } },
  }, async (request) => {
    const s = await scenario(request, request.params.country, request.params.name);
    const result = (s.result ?? {}) as { timingsMs?: unknown };
    return { ...summary(s), parameters: s.parameters, timingsMs: result.timingsMs ?? null };
  });

  app.get('/:country/:name/sites', {
    schema: {
      tags: ['scenarios'], summary: 'A scenario\'s sites in priority order, a page at a time', params: CountryName,
      querystring: Type.Object({
        after: Type.Integer({ minimum: 0, default: 0, description: 'the last rank of the previous page' }),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        site: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'only this site (sites.id): what the plan does for it, or nothing' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ScenarioSiteSchema), next: Nullable(Type.Integer()) }), ...problemResponses },
    },
  }, async (request) => {
    const s = await scenario(request, request.params.country, request.params.name);
    const { after, limit, site } = request.query;
    const items = await scenarioSites(db, s.id, { afterRank: after, limit, siteId: site });
    return { items, next: items.length === limit ? items[items.length - 1]!.rank : null };
  });

  app.get('/:country/:name/download', {
    schema: {
      tags: ['scenarios'], summary: 'A scenario\'s sites as a CSV or GeoJSON file (QGIS opens either)', params: CountryName,
      querystring: Type.Object({ format: Type.Enum(['csv', 'geojson'], { default: 'csv' }) }, { additionalProperties: false }),
      // A stream, for the serialiser to pass through; a string to the OpenAPI document.
      response: { 200: Type.Unsafe<Readable>({ type: 'string', description: 'text/csv, or application/geo+json' }), ...problemResponses },
    },
  }, async (request, reply) => {
    const s = await scenario(request, request.params.country, request.params.name);
    const csv = request.query.format === 'csv';
    const chunks = csv ? scenarioCsv(scenarioSitePages(db, s.id)) : scenarioGeoJson(`${s.country} ${s.name}`, scenarioSitePages(db, s.id));
    return reply
      .type(csv ? 'text/csv; charset=utf-8' : 'application/geo+json')
      .header('content-disposition', `attachment; filename="${fileName(s, csv ? 'csv' : 'geojson')}"`)
      .header('cache-control', 'private, no-store')
      .send(Readable.from(chunks));
  });

  app.get('/:country/:name/report', {
    schema: {
      tags: ['scenarios'],
      summary: 'A scenario\'s report: summary, certificate, map, charts, chosen sites, parameters and data sources, as one self-contained HTML file or a PDF',
      params: CountryName,
      querystring: Type.Object({
        format: Type.Enum([...REPORT_FORMATS], { default: 'html' }),
        lang: Type.Enum([...REPORT_LANGUAGES], { default: 'en', description: 'en, fr, es or ar (right to left)' }),
      }, { additionalProperties: false }),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'text/html, or application/pdf' }), ...problemResponses },
    },
  }, async (request, reply) => {
    const { country, name } = request.params;
    const p = manager(request, country);
    let r;
    try {
      r = await scenarioReport(db, { country, name, format: request.query.format, lang: request.query.lang, scope: privateScope(p) });
    } catch (err) {
      // The PDF is printed by Chromium; without one the HTML still works, and the answer says so.
      if (err instanceof ChromiumMissing) throw new Problem(503, 'Service unavailable', err.message);
      throw err;
    }
    if (!r) throw notFound(`no scenario "${name}" in ${country}`);
    return reply
      .type(r.contentType)
      .header('content-disposition', `attachment; filename="${r.fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(r.body);
  });

  app.delete('/:country/:name', {
    schema: { tags: ['scenarios'], summary: 'Delete a scenario (recorded in the audit log)', params: CountryName, response: { 204: Type.Null(), ...problemResponses } },
  }, async (request, reply) => {
    const { country, name } = request.params;
    const p = manager(request, country);
    if (!(await deleteScenario(db, country, name, p.actor))) throw notFound(`no scenario "${name}" in ${country}`);
    return reply.status(204).send(null);
  });
};
