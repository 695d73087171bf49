import type { Database } from '@postatlas/store';
import { buildApp } from './app.js';
import { basemapFromEnv } from './routes/settings.js';

/**
 * Listens until SIGINT or SIGTERM (POSTATLAS_RATE_LIMIT_PER_MINUTE raises the limit per client;
 * POSTATLAS_BASEMAP_URL offers an online base map), then stops taking connections, lets in-flight
 * requests finish and closes the database.
 */
export async function serve(db: Database, o: { host: string; port: number; onListening?: (url: string) => void }): Promise<void> {
  const perMinute = Number(process.env.POSTATLAS_RATE_LIMIT_PER_MINUTE);
  const app = await buildApp({ db, logger: { level: process.env.LOG_LEVEL ?? 'info' }, basemap: basemapFromEnv(), ...(perMinute > 0 ? { rateLimitPerMinute: perMinute } : {}) });
  const url = await app.listen({ host: o.host, port: o.port });
  o.onListening?.(url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  await db.close();
}
