import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import { privateScope } from '@postatlas/core';
import { MAP_LAYERS, mapFeatures, mapLayerVersion, type Database, type MapLayer } from '@postatlas/store';
import { Problem } from '../problems.js';

/** How long a tile index is trusted before the database is asked whether its layer changed. */
const RECHECK_MS = 2_000;

export interface CachedIndex {
  version: string;
  checkedAt: number;
  index: GeoJSONVT;
}

/**
 * Mapbox vector tiles of the map layers, cut in process (PGlite has no ST_AsMVT) by geojson-vt
 * from one index per layer and per visibility: the public, each set of countries a reader may see
 * privately, and everything. An index is rebuilt when its layer's version in the database changes
 * (an import by another process), and the cache is emptied by any write through this server.
 */
export const tilesRoutes: FastifyPluginAsyncTypebox<{ db: Database; cache: Map<string, CachedIndex>; perMinute: number }> = async (app, { db, cache, perMinute }) => {
  const building = new Map<string, Promise<CachedIndex>>();

  async function indexFor(layer: MapLayer, scope: readonly string[] | null): Promise<GeoJSONVT> {
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
        const entry = { version, checkedAt: Date.now(), index: new GeoJSONVT(fc as never, { maxZoom: 14, indexMaxZoom: 5, indexMaxPoints: 10_000 }) };
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
