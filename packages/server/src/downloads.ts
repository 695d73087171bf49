/**
 * Downloads of a whole listing as CSV or GeoJSON, streamed a keyset page at a time: a national
 * registry goes out without the server ever holding more than one page of it.
 *
 *     return sendDownload(reply, 'csv', {
 *       resource: 'cell-sites', country: 'KEN', columns: ['id', 'lat', 'lon', 'generation'],
 *       page: (afterId, limit) => listCellSites(db, { country: 'KEN', scope, afterId, limit }),
 *     });   // postatlas-cell-sites-KEN.csv
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { csvLine } from '@postatlas/core';

export const DOWNLOAD_FORMATS = ['csv', 'geojson'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** Rows per database query: large enough that a download is few queries, small enough to hold. */
export const DOWNLOAD_PAGE = 5000;

type Row = { id: number } & object;

export interface Download<R extends Row> {
  /** As in the URL; names the file: postatlas-<resource>[-<country>].<format>. */
  resource: string;
  country?: string | undefined;
  /** The CSV header, in order; a column the row (as viewed) lacks is an empty cell. */
  columns: readonly string[];
  /** One keyset page, with the reader's filters and visibility already applied. */
  page: (afterId: number, limit: number) => Promise<R[]>;
  /** The row as this reader may see it, when that differs by row (fields private to a country). */
  view?: (row: R) => object;
  /** Rows per query; DOWNLOAD_PAGE by default. */
  pageSize?: number;
}

export const CONTENT_TYPES: Record<DownloadFormat, string> = { csv: 'text/csv; charset=utf-8', geojson: 'application/geo+json' };

/**
 * Sends every row as a file. The first page is read before anything is sent, so a failing
 * database is a problem response; a failure later can only cut the download short.
 */
export async function sendDownload<R extends Row>(reply: FastifyReply, format: DownloadFormat, d: Download<R>): Promise<FastifyReply> {
  const size = d.pageSize ?? DOWNLOAD_PAGE;
  const first = await d.page(0, size);
  const rows = pages(first, size, d.page);
  const view = (d.view ?? ((r: R) => r)) as (r: R) => Record<string, unknown>;
  const body = format === 'csv' ? csv(rows, d.columns, view) : geojson(rows, view);
  return reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${fileName(d.resource, d.country, format)}"`)
    .send(Readable.from(body));
}

/** Safe in a header as it is: resources are fixed words and a country has passed the schema's ^[A-Z]{3}$. */
export function fileName(resource: string, country: string | undefined, format: DownloadFormat): string {
  return `postatlas-${resource}${country ? `-${country}` : ''}.${format === 'csv' ? 'csv' : 'geojson'}`;
}

async function* pages<R extends Row>(first: R[], size: number, fetch: Download<R>['page']): AsyncGenerator<R[]> {
  let page = first;
  for (;;) {
    if (page.length > 0) yield page;
    if (page.length < size) return;
    page = await fetch(page[page.length - 1]!.id, size);
  }
}

async function* csv<R extends Row>(rows: AsyncIterable<R[]>, columns: readonly string[], view: (r: R) => Record<string, unknown>): AsyncGenerator<string> {
  yield csvLine(columns);
  for await (const page of rows) {
    yield page.map((r) => {
      const v = view(r);
      return csvLine(columns.map((c) => v[c]));
    }).join('');
  }
}

/** Properties are the row without its position: lat and lon, or its geometry, become the feature's geometry. */
async function* geojson<R extends Row>(rows: AsyncIterable<R[]>, view: (r: R) => Record<string, unknown>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let separator = '\n';
  for await (const page of rows) {
    const features = page.map((r) => {
      const { lat, lon, geometry, ...properties } = view(r);
      return JSON.stringify({ type: 'Feature', id: r.id, geometry: geometry ?? { type: 'Point', coordinates: [lon, lat] }, properties });
    });
    yield separator + features.join(',\n');
    separator = ',\n';
  }
  yield '\n]}\n';
}
