import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Nullable } from '../schemas.js';

/**
 * An online base map an operator may offer beside the offline one: raster tiles of their choice
 * (their own tile server, or a provider they have an agreement with), never a third party by
 * default. Off in the map until a reader turns it on.
 */
export interface OnlineBasemap {
  /** An XYZ tile template: https://tiles.example.org/{z}/{x}/{y}.png */
  url: string;
  attribution: string;
}

/** The base map from the environment (POSTATLAS_BASEMAP_URL, POSTATLAS_BASEMAP_ATTRIBUTION); null when unset. */
export function basemapFromEnv(env: NodeJS.ProcessEnv = process.env): OnlineBasemap | null {
  return env.POSTATLAS_BASEMAP_URL ? checkedBasemap({ url: env.POSTATLAS_BASEMAP_URL, attribution: env.POSTATLAS_BASEMAP_ATTRIBUTION ?? '' }) : null;
}

/** Refuses a template the map could not use, naming what is wrong; the page's CSP will allow its origin. */
export function checkedBasemap(b: OnlineBasemap): OnlineBasemap {
  let origin: URL;
  try {
    origin = new URL(b.url.replace(/\{[a-z]\}/g, '0'));
  } catch {
    throw new Error(`base map URL ${b.url}: not a URL`);
  }
  if (origin.protocol !== 'https:' && origin.protocol !== 'http:') throw new Error(`base map URL ${b.url}: only http(s) tiles`);
  for (const part of ['{z}', '{x}', '{y}']) if (!b.url.includes(part)) throw new Error(`base map URL ${b.url}: an XYZ template needs ${part}`);
  return b;
}

export const basemapOrigin = (b: OnlineBasemap) => new URL(b.url.replace(/\{[a-z]\}/g, '0')).origin;

/** What the web app needs to know of the server's configuration. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ basemap: OnlineBasemap | null }> = async (app, { basemap }) => {
  app.get('/', {
    schema: {
      tags: ['settings'], summary: 'The web app\'s settings: an online base map, when the operator configured one',
      response: { 200: Type.Object({ basemap: Nullable(Type.Object({ url: Type.String(), attribution: Type.String() })) }) },
    },
  }, async () => ({ basemap }));
};
