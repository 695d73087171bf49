/**
 * The web app, served by the API server itself: one origin (the session cookie and CSRF token work
 * as they are), nothing from a CDN at run time. Built files have content hashes in their names and
 * are cached for a year; index.html is checked every time, so a new release shows at once.
 *
 *     app.register(web, { root: '/path/to/packages/web/dist/app' });
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Where `npm run build` puts the app, relative to this package's build. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/app/', import.meta.url));

export const web = fp(async (app: FastifyInstance, o: { root: string }) => {
  if (!existsSync(join(o.root, 'index.html'))) {
    app.log.warn({ root: o.root }, 'no web app built there (npm run build); serving the API only');
    return;
  }
  await app.register(fastifyStatic, {
    root: o.root,
    index: ['index.html'],
    // The build writes .br and .gz beside each file (packages/web/scripts/compress.mjs).
    preCompressed: true,
    // The map's worker is an ES module: served as JavaScript like the rest.
    setHeaders: (res, path) => {
      res.header('cache-control', path.includes(`${join('app', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
});
