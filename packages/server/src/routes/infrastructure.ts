import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Static, TObject, TProperties, TSchema } from 'typebox';
import { GENERATIONS, INFRASTRUCTURE_STATUSES, PRIVATE_SITE_FIELDS, TRANSMISSION_MEDIA, privateScope, visibleSite } from '@postatlas/core';
import {
  listCellSites, listCoverageAreas, listSites, listTransmissionLinks, listTransmissionNodes, type Database, type SiteRow,
} from '@postatlas/store';
import { CONTENT_TYPES, DOWNLOAD_FORMATS, sendDownload } from '../downloads.js';
import { Country, Nullable, SiteTypeName, problemResponses } from '../schemas.js';

/**
 * The infrastructure layers (cell sites, transmission nodes and links, coverage areas) as JSON
 * pages and as whole-file downloads, and the download of the sites. Registered with prefix /api:
 * GET /api/cell-sites, /api/cell-sites/download, ... and /api/sites/download (a static path, so
 * the router takes it before GET /api/sites/:id).
 *
 *     app.register(infrastructureRoutes, { prefix: '/api', db });
 *     await app.inject('/api/cell-sites?country=KEN&generation=4&limit=100');
 *     await app.inject('/api/transmission-links/download?format=geojson');
 */

const VISIBILITY =
  'Infrastructure is private to the managers of its country until the owner of its dataset publishes it. '
  + 'Each reader gets the published rows and those of the countries they manage (admins: all of them); '
  + 'a reader who may see none gets an empty page (or a file with only its header), not an error, '
  + 'so the same request serves the public whatever has been published.';

const Generation = Type.Integer({ minimum: GENERATIONS[0], maximum: GENERATIONS[GENERATIONS.length - 1], description: 'mobile generation: 2 to 5 (2G to 5G)' });
const Operator = Type.String({ minLength: 1, maxLength: 200, description: 'the operator\'s name as the dataset writes it (exact)' });
const Medium = Type.Enum([...TRANSMISSION_MEDIA]);
const Status = Type.Enum([...INFRASTRUCTURE_STATUSES]);
const Format = Type.Enum([...DOWNLOAD_FORMATS], { default: 'csv' });
const Geometry = Type.Object({ type: Type.String(), coordinates: Type.Unknown() }, { description: 'GeoJSON, [lon, lat] in EPSG:4326, 6 decimals' });
const common = { id: Type.Integer(), sourceId: Type.String(), dataset: Type.String(), country: Type.String() };

const CellSite = Type.Object({
  ...common, lat: Type.Number(), lon: Type.Number(), generation: Type.Integer(), operator: Nullable(Type.String()),
  antennaHeightM: Nullable(Type.Number()), backhaulType: Nullable(Type.String()), rangeM: Nullable(Type.Number()),
});
const TransmissionNode = Type.Object({
  ...common, name: Nullable(Type.String()), lat: Type.Number(), lon: Type.Number(), medium: Type.String(), status: Type.String(), operator: Nullable(Type.String()),
});
const TransmissionLink = Type.Object({
  ...common, name: Nullable(Type.String()), medium: Type.String(), status: Type.String(), operator: Nullable(Type.String()),
  lengthM: Type.Number({ description: 'along the ellipsoid' }), geometry: Geometry,
});
const CoverageArea = Type.Object({
  ...common, generation: Type.Integer(), operator: Nullable(Type.String()), areaKm2: Type.Number({ description: 'on the ellipsoid' }), geometry: Geometry,
});

/** What a download answers: the file, in the format asked for. */
const fileResponse = {
  description: 'the whole listing as a file (content-disposition: attachment)',
  content: {
    [CONTENT_TYPES.csv]: { schema: Type.String({ description: 'RFC 4180 with a header row' }) },
    [CONTENT_TYPES.geojson]: { schema: Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown()) }) },
  },
};

type App = Parameters<FastifyPluginAsyncTypebox>[0];

interface Resource<F extends TProperties, R extends { id: number }> {
  /** As in the URL, and in the download's file name. */
  path: string;
  title: string;
  filters: F;
  item: TSchema;
  /** The CSV header: every field of the row. */
  columns: readonly (keyof R & string)[];
  list: (filters: Static<TObject<F>>, scope: readonly string[] | null, afterId: number, limit: number) => Promise<R[]>;
}

/** GET /<path>: one page as JSON; GET /<path>/download: every row as CSV or GeoJSON. */
function resource<F extends TProperties, R extends { id: number }>(app: App, r: Resource<F, R>): void {
  const tags = ['infrastructure'];
  app.get(`/${r.path}`, {
    schema: {
      tags, summary: `List ${r.title}, in id order, a page at a time`, description: VISIBILITY,
      querystring: Type.Object({
        ...r.filters,
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }), after: Type.Integer({ minimum: 0, default: 0, description: 'the last id of the previous page' }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(r.item), next: Type.Union([Type.Integer(), Type.Null()]) }), ...problemResponses },
    },
  }, async (request) => {
    const { limit, after, ...filters } = request.query as Static<TObject<F>> & { limit: number; after: number };
    const items = await r.list(filters as Static<TObject<F>>, privateScope(request.principal), after, limit);
    return { items, next: items.length === limit ? items[items.length - 1]!.id : null };
  });

  app.get(`/${r.path}/download`, {
    schema: {
      tags, summary: `Download every ${r.title.replace(/s$/, '')} that matches, as CSV or GeoJSON`, description: VISIBILITY,
      querystring: Type.Object({ ...r.filters, format: Format }, { additionalProperties: false }),
      response: { 200: fileResponse, ...problemResponses },
    },
  }, async (request, reply) => {
    const { format, ...filters } = request.query as Static<TObject<F>> & { format: 'csv' | 'geojson'; country?: string };
    const scope = privateScope(request.principal);
    noStoreWhenPrivate(reply, scope);
    return sendDownload(reply, format, {
      resource: r.path, country: filters.country, columns: r.columns,
      page: (afterId, limit) => r.list(filters as Static<TObject<F>>, scope, afterId, limit),
    });
  });
}

// A file that may hold a country's private rows must not sit in a shared cache.
function noStoreWhenPrivate(reply: FastifyReply, scope: readonly string[] | null): void {
  if (scope === null || scope.length > 0) void reply.header('cache-control', 'private, no-store');
}

/**
 * The CSV header of the sites download. The contract's fields (PRIVATE_SITE_FIELDS) are columns
 * only for readers who manage some country, and filled only on the rows of those countries.
 */
const SITE_COLUMNS: readonly (keyof SiteRow)[] = [
  'id', 'sourceId', 'dataset', 'name', 'siteType', 'country', 'admin1', 'admin2', 'lat', 'lon', 'isConnected', 'connectivityType',
  'downloadMbps', 'hasElectricity', 'measuredDownloadMbps', 'measuredAt', 'services', 'openingHours',
];

export const infrastructureRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  const byGeneration = { country: Type.Optional(Country), generation: Type.Optional(Generation), operator: Type.Optional(Operator) };
  const byMedium = { country: Type.Optional(Country), medium: Type.Optional(Medium), status: Type.Optional(Status) };

  resource(app, {
    path: 'cell-sites', title: 'cell sites', filters: byGeneration, item: CellSite,
    columns: ['id', 'sourceId', 'dataset', 'country', 'lat', 'lon', 'generation', 'operator', 'antennaHeightM', 'backhaulType', 'rangeM'],
    list: (f, scope, afterId, limit) => listCellSites(db, { ...f, scope, afterId, limit }),
  });
  resource(app, {
    path: 'transmission-nodes', title: 'transmission nodes', filters: byMedium, item: TransmissionNode,
    columns: ['id', 'sourceId', 'dataset', 'name', 'country', 'lat', 'lon', 'medium', 'status', 'operator'],
    list: (f, scope, afterId, limit) => listTransmissionNodes(db, { ...f, scope, afterId, limit }),
  });
  resource(app, {
    path: 'transmission-links', title: 'transmission links', filters: byMedium, item: TransmissionLink,
    columns: ['id', 'sourceId', 'dataset', 'name', 'country', 'medium', 'status', 'operator', 'lengthM', 'geometry'],
    list: (f, scope, afterId, limit) => listTransmissionLinks(db, { ...f, scope, afterId, limit }),
  });
  resource(app, {
    path: 'coverage-areas', title: 'coverage areas', filters: byGeneration, item: CoverageArea,
    columns: ['id', 'sourceId', 'dataset', 'country', 'generation', 'operator', 'areaKm2', 'geometry'],
    list: (f, scope, afterId, limit) => listCoverageAreas(db, { ...f, scope, afterId, limit }),
  });

  app.get('/sites/download', {
    schema: {
      tags: ['sites'], summary: 'Download every site that matches, as CSV or GeoJSON',
      description: 'Sites are public. The speed and price in an office\'s contract are given only to the managers of its country (and admins): '
        + 'for anyone else those columns are left out of the file (CSV: empty, or absent for readers who manage no country).',
      querystring: Type.Object({ country: Type.Optional(Country), type: Type.Optional(SiteTypeName), format: Format }, { additionalProperties: false }),
      response: { 200: fileResponse, ...problemResponses },
    },
  }, async (request, reply) => {
    const { country, type, format } = request.query;
    const scope = privateScope(request.principal);
    noStoreWhenPrivate(reply, scope);
    return sendDownload(reply, format, {
      resource: 'sites', country,
      columns: scope?.length === 0 ? SITE_COLUMNS : [...SITE_COLUMNS, ...PRIVATE_SITE_FIELDS],
      page: (afterId, limit) => listSites(db, { country, siteType: type, afterId, limit }),
      // Row by row: a manager of KEN gets KEN's contracts and not UGA's (core/access.ts).
      view: (s) => visibleSite(request.principal, s),
    });
  });
};
