import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import GeoJSONVT from 'geojson-vt';
import Supercluster from 'supercluster';
import vtpbf from 'vt-pbf';
import { privateScope } from '@postatlas/core';
import { MAP_LAYERS, mapFeatures, mapLayerVersion, type Database, type MapFeatureCollection, type MapLayer } from '@postatlas/store';
import { Problem } from '../problems.js';

/** How long a tile index is trusted before the database is asked whether its layer changed. */
const RECHECK_MS = 2_000;

/** Cuts tiles: geojson-vt for lines and points, supercluster for sites (both give what vt-pbf encodes). */
interface TileIndex {
  getTile(z: number, x: number, y: number): { features: unknown[] } | null;
}

export interface CachedIndex {
  version: string;
  checkedAt: number;
  index: TileIndex;
}

/** Sites are points one by one from this zoom; below it, clusters. */
export const CLUSTER_MAX_ZOOM = 8;
const SITE_TYPES_CLUSTERED = ['post_office', 'school'] as const;
const STATUSES = ['connected', 'not_connected', 'connection_unknown'] as const;

/**
 * A cluster counts its sites per type and connection (post_office_connected, school_not_connected,
 * other_connection_unknown …), so the map can apply its filters to clusters too and colour each
 * by the share connected among the sites it shows.
 */
export function siteBucket(p: { type?: unknown; connected?: unknown }): string {
  const type = (SITE_TYPES_CLUSTERED as readonly unknown[]).includes(p.type) ? String(p.type) : 'other';
  return `${type}_${p.connected === true ? STATUSES[0] : p.connected === false ? STATUSES[1] : STATUSES[2]}`;
}

function clusterSites(fc: MapFeatureCollection): TileIndex {
  const buckets = [...SITE_TYPES_CLUSTERED, 'other'].flatMap((t) => STATUSES.map((s) => `${t}_${s}`));
  const index = new Supercluster<Record<string, unknown>, Record<string, number>>({
    // 40 px of a 512 px tile, in the 4096 units vt-pbf writes.
    maxZoom: CLUSTER_MAX_ZOOM, radius: 320, extent: 4096,
    map: (p) => Object.fromEntries(buckets.map((b) => [b, b === siteBucket(p) ? 1 : 0])),
    reduce: (a, b) => { for (const k of buckets) a[k] = (a[k] ?? 0) + (b[k] ?? 0); },
  });
  index.load(fc.features as never);
  return index as TileIndex;
}

/**
 * Mapbox vector tiles of the map layers, cut in process (PGlite has no ST_AsMVT) by geojson-vt
 * (sites: clustered below zoom 9 by supercluster) from one index per layer and per visibility: the public, each set of countries a reader may see
 * privately, and everything. An index is rebuilt when its layer's version in the database changes
 * (an import by another process), and the cache is emptied by any write through this server.
 */
export const tilesRoutes: FastifyPluginAsyncTypebox<{ db: Database; cache: Map<string, CachedIndex>; perMinute: number }> = async (app, { db, cache, perMinute }) => {
  const building = new Map<string, Promise<CachedIndex>>();

  async function indexFor(layer: MapLayer, scope: readonly string[] | null): Promise<TileIndex> {
    const key = `${layer}:${layer === 'sites' ? 'all' : scope === null ? '*' : [...scope].sort().join(',')}`;
    const cached = cache.get(key);
    if (cached && Date.now() - cached.checkedAt < RECHECK_MS) return cached.index;
    const version = await mapLayerVersion(db, layer);
    if (cached?.version === version) {
      cached.checkedAt = Date.now();
      return cached.index;
    }
    // One build per key at a time: a burst of requests after a change waits for the same index.
    let pending = building.get(key);
    if (!pending) {
      pending = mapFeatures(db, layer, scope).then((fc) => {
        const index = layer === 'sites' ? clusterSites(fc) : new GeoJSONVT(fc as never, { maxZoom: 14, indexMaxZoom: 5, indexMaxPoints: 10_000 });
        const entry = { version, checkedAt: Date.now(), index };
        cache.set(key, entry);
        return entry;
      }).finally(() => building.delete(key));
      building.set(key, pending);
    }
    return (await pending).index;
  }

  app.get('/:layer/:z/:x/:y', {
    // A map view fetches dozens of tiles at once, and cached tiles cost little.
    config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['map'], summary: 'A vector tile (application/vnd.mapbox-vector-tile); infrastructure only where you may see it',
      params: Type.Object({
        layer: Type.Enum([...MAP_LAYERS]),
        z: Type.Integer({ minimum: 0, maximum: 14 }), x: Type.Integer({ minimum: 0 }), y: Type.String({ pattern: '^[0-9]+(\\.pbf|\\.mvt)?$' }),
      }),
    },
  }, async (request, reply) => {
    const { layer, z, x } = request.params;
    const y = Number.parseInt(request.params.y, 10);
    if (x >= 2 ** z || y >= 2 ** z) throw new Problem(400, 'Invalid request', `tile ${z}/${x}/${y} does not exist`);
    const scope = privateScope(request.principal);
    const tile = (await indexFor(layer, scope)).getTile(z, x, y);
    // Tiles with private data must not sit in shared caches.
    void reply.header('cache-control', `${layer === 'sites' || scope?.length === 0 ? 'public' : 'private'}, max-age=60`);
    if (!tile || tile.features.length === 0) return reply.status(204).send();
    return reply.type('application/vnd.mapbox-vector-tile').send(Buffer.from(vtpbf.fromGeojsonVt({ [layer]: tile as never }, { version: 2 })));
  });
};
