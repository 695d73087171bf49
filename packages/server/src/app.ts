/**
 * The HTTP API as a Fastify application: plugins for the cross-cutting parts (problem details,
 * security headers, rate limits, sign-in, OpenAPI), then one plugin per resource, each given only
 * the store it reads and writes.
 *
 *     const app = await buildApp({ db });
 *     await app.inject({ method: 'GET', url: '/api/sites?country=KEN' });
 */
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServicesIndicators } from '@postatlas/jobs';
import type { Database } from '@postatlas/store';
import type { Kept } from './fresh.js';
import { JobQueue } from './job-queue.js';
import { auth } from './plugins/auth.js';
import { DEFAULT_WEB_ROOT, web } from './plugins/web.js';
import { problems } from './problems.js';
import { compress } from './plugins/compress.js';
import { analysisRunsRoutes, siteMetricsRoutes } from './routes/analysis.js';
import { auditRoutes } from './routes/audit.js';
import { countriesRoutes } from './routes/countries.js';
import { datasetsRoutes, importsRoutes } from './routes/datasets.js';
import { healthRoutes } from './routes/health.js';
import { infrastructureRoutes } from './routes/infrastructure.js';
import { analysisRunJobsRoutes, jobsRoutes } from './routes/jobs.js';
import { keysRoutes } from './routes/keys.js';
import { measurementsRoutes } from './routes/measurements.js';
import { scenariosRoutes } from './routes/scenarios.js';
import { trainingRoutes } from './routes/training.js';
import { locatorPageRoutes } from './routes/locator.js';
import { officeServicesRoutes, servicesRoutes } from './routes/services.js';
import { sessionRoutes } from './routes/session.js';
import { basemapOrigin, checkedBasemap, settingsRoutes, type OnlineBasemap } from './routes/settings.js';
import { sitesRoutes } from './routes/sites.js';
import { tilesRoutes, type CachedIndex } from './routes/tiles.js';

export interface AppOptions {
  db: Database;
  logger?: FastifyServerOptions['logger'];
  /** Cookies only over TLS: true behind HTTPS (the default when NODE_ENV=production). */
  secureCookies?: boolean;
  /** Requests per minute per API key, or per address without one. */
  rateLimitPerMinute?: number;
  /** Largest request body, bytes. */
  bodyLimit?: number;
  /** Largest file uploaded to /api/imports, bytes (256 MiB by default). */
  uploadLimit?: number;
  /** The built web app to serve at /; null for the API only. */
  webRoot?: string | null;
  /** Where analyses and plans wait their turn; a new queue when absent. */
  jobs?: JobQueue;
  /** An online base map offered beside the offline one (raster XYZ tiles); none by default. */
  basemap?: OnlineBasemap | null;
}

export async function buildApp(o: AppOptions) {
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: o.bodyLimit ?? 1_048_576,
    // Unknown properties are an error, not silently dropped: a misspelt field must not look saved.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    // Let in-flight requests finish on close, but do not wait for idle keep-alive connections.
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(problems);
  // Slow links (rural post offices): JSON and text go out as Brotli or gzip when the client takes them.
  await app.register(compress);
  // The map draws in web workers and from blob: images; charts and the map set inline styles. An
  // online base map's tiles come from its own origin, and from nowhere else.
  const basemap = o.basemap ? checkedBasemap(o.basemap) : null;
  const tileOrigin = basemap ? [basemapOrigin(basemap)] : [];
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:', 'blob:', ...tileOrigin], 'worker-src': ["'self'", 'blob:'],
        'connect-src': ["'self'", ...tileOrigin],
      },
    },
  });
  const perMinute = o.rateLimitPerMinute ?? 600;
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => (request.headers.authorization ? `key:${request.headers.authorization.slice(7, 22)}` : `ip:${request.ip}`),
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      // 3.1: nullable fields are written as type: [T, 'null'].
      openapi: '3.1.0',
      info: { title: 'postatlas API', version: '0.1.0', description: 'Post offices, their connectivity and the plans to connect them' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'postatlas_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(auth, { db: o.db });

  await app.register(healthRoutes, { prefix: '/api/health', db: o.db });
  await app.register(settingsRoutes, { prefix: '/api/settings', basemap });
  await app.register(sessionRoutes, { prefix: '/api/session', db: o.db, secureCookies: o.secureCookies ?? process.env.NODE_ENV === 'production' });
  await app.register(keysRoutes, { prefix: '/api/keys', db: o.db });
  await app.register(sitesRoutes, { prefix: '/api/sites', db: o.db });
  await app.register(measurementsRoutes, { prefix: '/api/sites', db: o.db });
  await app.register(infrastructureRoutes, { prefix: '/api', db: o.db });
  await app.register(auditRoutes, { prefix: '/api/audit', db: o.db });
  await app.register(countriesRoutes, { prefix: '/api/countries', db: o.db });
  await app.register(datasetsRoutes, { prefix: '/api/datasets', db: o.db });
  await app.register(importsRoutes, { prefix: '/api/imports', db: o.db, ...(o.uploadLimit ? { uploadLimit: o.uploadLimit } : {}) });
  await app.register(analysisRunsRoutes, { prefix: '/api/analysis-runs', db: o.db });
  await app.register(siteMetricsRoutes, { prefix: '/api/sites', db: o.db });
  // Analyses and plans run one at a time in the background; closing the app waits for the running one.
  const jobs = o.jobs ?? new JobQueue();
  app.addHook('onClose', async () => jobs.close());
  await app.register(jobsRoutes, { prefix: '/api/jobs', jobs });
  await app.register(analysisRunJobsRoutes, { prefix: '/api/analysis-runs', db: o.db, jobs });
  await app.register(scenariosRoutes, { prefix: '/api/scenarios', db: o.db, jobs });
  await app.register(trainingRoutes, { prefix: '/api', db: o.db });
  const indicators = new Map<string, Kept<ServicesIndicators>>();
  await app.register(servicesRoutes, { prefix: '/api/services', db: o.db, indicators });
  await app.register(officeServicesRoutes, { prefix: '/api/sites', db: o.db });
  await app.register(locatorPageRoutes, { db: o.db });
  const tiles = new Map<string, CachedIndex>();
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 300 && !(request.routeOptions.config as { keepsTiles?: boolean }).keepsTiles) {
      tiles.clear();
      indicators.clear();
    }
  });
  if (o.webRoot !== null) await app.register(web, { root: o.webRoot ?? DEFAULT_WEB_ROOT });
  await app.register(tilesRoutes, { prefix: '/api/tiles', db: o.db, cache: tiles, perMinute: 10 * perMinute });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
