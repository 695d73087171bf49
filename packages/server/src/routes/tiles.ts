import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import GeoJSONVT from 'geojson-vt';
import Supercluster from 'supercluster';
import vtpbf from 'vt-pbf';
import { populationTile, privateScope, type PopulationRaster } from '@postatlas/core';
import { MAP_LAYERS, listRasters, loadRaster, mapFeatures, mapLayerVersion, type Database, type MapFeatureCollection, type MapLayer } from '@postatlas/store';
import { compressBody, preferredEncoding, varyOnEncoding, type ContentEncoding } from '../plugins/compress.js';
import { RECHECK_MS } from '../fresh.js';
import { encodePng } from '../png.js';
import { Problem } from '../problems.js';

/** Cuts tiles: geojson-vt for lines and points, supercluster for sites (both give what vt-pbf encodes). */
interface TileIndex {
  getTile(z: number, x: number, y: number): { features: unknown[] } | null;
}

export interface CachedIndex {
  version: string;
  checkedAt: number;
  index: TileIndex;
  /** Tiles already encoded from this index (and compressed once per encoding asked for). */
  encoded?: TileCache;
}

/** Encoded tiles kept per index, and encoded population tiles. */
const CACHED_TILES = 2_000;

interface EncodedTile {
  body: Buffer;
  compressed: Partial<Record<ContentEncoding, Promise<Buffer>>>;
}

/** The most recently used tiles, bytes as sent: a map view asks for the same tiles again and again. */
class TileCache {
  private readonly tiles = new Map<string, EncodedTile>();

  get(key: string, encode: () => Buffer): EncodedTile {
    let tile = this.tiles.get(key);
    if (tile) this.tiles.delete(key);
    else tile = { body: encode(), compressed: {} };
    this.tiles.set(key, tile);
    if (this.tiles.size > CACHED_TILES) this.tiles.delete(this.tiles.keys().next().value!);
    return tile;
  }
}

/** Sends a cached tile, compressed once per encoding when the client accepts one (vector tiles shrink to about half). */
async function sendTile(request: FastifyRequest, reply: FastifyReply, tile: EncodedTile, compressible: boolean): Promise<FastifyReply> {
  const encoding = compressible ? preferredEncoding(request.headers['accept-encoding']) : null;
  if (compressible) varyOnEncoding(reply);
  if (!encoding) return reply.send(tile.body);
  const body = await (tile.compressed[encoding] ??= compressBody(tile.body, encoding));
  return reply.header('content-encoding', encoding).send(body);
}

/**
 * The population rasters, read once per process (seconds from the embedded database) and read
 * again when they change: a re-import replaces a raster, which gets a new id.
 */
interface PopulationCache {
  version: string;
  checkedAt: number;
  rasters: PopulationRaster[];
  tiles: TileCache;
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
 * Encoded tiles are kept with their index and compressed once per encoding.
 *
 * Population density as PNG tiles (core's populationTile), from the rasters kept in memory; public
 * data (WorldPop, CC BY 4.0), so one cache for everyone.
 */
export const tilesRoutes: FastifyPluginAsyncTypebox<{ db: Database; cache: Map<string, CachedIndex>; perMinute: number }> = async (app, { db, cache, perMinute }) => {
  const building = new Map<string, Promise<CachedIndex>>();

  async function indexFor(layer: MapLayer, scope: readonly string[] | null): Promise<CachedIndex> {
    const key = `${layer}:${layer === 'sites' ? 'all' : scope === null ? '*' : [...scope].sort().join(',')}`;
    const cached = cache.get(key);
    if (cached && Date.now() - cached.checkedAt < RECHECK_MS) return cached;
    const version = await mapLayerVersion(db, layer);
    if (cached?.version === version) {
      cached.checkedAt = Date.now();
      return cached;
    }
    // One build per key at a time: a burst of requests after a change waits for the same index.
    let pending = building.get(key);
    if (!pending) {
      pending = mapFeatures(db, layer, scope).then((fc) => {
        const index = layer === 'sites' ? clusterSites(fc) : new GeoJSONVT(fc as never, { maxZoom: 14, indexMaxZoom: 5, indexMaxPoints: 10_000 });
        const entry = { version, checkedAt: Date.now(), index, encoded: new TileCache() };
        cache.set(key, entry);
        return entry;
      }).finally(() => building.delete(key));
      building.set(key, pending);
    }
    return pending;
  }

  let population: PopulationCache | null = null;
  let loadingPopulation: Promise<PopulationCache> | null = null;

  async function populationRasters(): Promise<PopulationCache> {
    if (population && Date.now() - population.checkedAt < RECHECK_MS) return population;
    const stored = await listRasters(db);
    const version = stored.map((r) => r.id).join(',');
    if (population?.version === version) {
      population.checkedAt = Date.now();
      return population;
    }
    loadingPopulation ??= Promise.all(stored.map((r) => loadRaster(db, r)))
      .then((rasters) => (population = { version, checkedAt: Date.now(), rasters, tiles: new TileCache() }))
      .finally(() => { loadingPopulation = null; });
    return loadingPopulation;
  }

  const tileXyz = (suffix: string) => ({
    z: Type.Integer({ minimum: 0, maximum: 14 }), x: Type.Integer({ minimum: 0 }), y: Type.String({ pattern: `^[0-9]+(${suffix})?$` }),
  });
  function tileAddress(params: { z: number; x: number; y: string }): { z: number; x: number; y: number } {
    const y = Number.parseInt(params.y, 10);
    if (params.x >= 2 ** params.z || y >= 2 ** params.z) throw new Problem(400, 'Invalid request', `tile ${params.z}/${params.x}/${y} does not exist`);
    return { z: params.z, x: params.x, y };
  }

  app.get('/:layer/:z/:x/:y', {
    // A map view fetches dozens of tiles at once, and cached tiles cost little.
    config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['map'], summary: 'A vector tile (application/vnd.mapbox-vector-tile); infrastructure only where you may see it',
      params: Type.Object({ layer: Type.Enum([...MAP_LAYERS]), ...tileXyz('\\.pbf|\\.mvt') }),
    },
  }, async (request, reply) => {
    const { layer } = request.params;
    const { z, x, y } = tileAddress(request.params);
    const scope = privateScope(request.principal);
    const entry = await indexFor(layer, scope);
    // Tiles with private data must not sit in shared caches.
    void reply.header('cache-control', `${layer === 'sites' || scope?.length === 0 ? 'public' : 'private'}, max-age=60`);
    const tile = entry.index.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return reply.status(204).send();
    const encoded = (entry.encoded ??= new TileCache())
      .get(`${z}/${x}/${y}`, () => Buffer.from(vtpbf.fromGeojsonVt({ [layer]: tile as never }, { version: 2 })));
    return sendTile(request, reply.type('application/vnd.mapbox-vector-tile'), encoded, true);
  });

  app.get('/population/:z/:x/:y', {
    config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['map'],
      summary: 'A raster tile (image/png, 256 px) of population density in people per km², classes as in core DENSITY_CLASSES; WorldPop, CC BY 4.0',
      params: Type.Object(tileXyz('\\.png')),
    },
  }, async (request, reply) => {
    const { z, x, y } = tileAddress(request.params);
    const { rasters, tiles } = await populationRasters();
    const png = tiles.get(`${z}/${x}/${y}`, () => encodePng(populationTile(rasters, z, x, y) ?? EMPTY_TILE, 256, 256));
    void reply.header('cache-control', 'public, max-age=60');
    // PNG is deflated already: sent as it is.
    return sendTile(request, reply.type('image/png'), png, false);
  });
};

/** Where nobody lives: a transparent tile (the raster source wants an image, not 204). */
const EMPTY_TILE = new Uint8Array(256 * 256 * 4);
