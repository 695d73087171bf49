/**
 * Answers compressed for slow links (rural post offices): JSON, text and HTML bodies of 512 bytes
 * or more go out as Brotli or gzip, whichever the client accepts (Brotli first: smaller at the same
 * speed). Streams (downloads, the web app's files, which have their own .br and .gz) and answers
 * already encoded (cached map tiles) pass untouched.
 *
 *     app.register(compress);
 *     // GET /api/countries/ESP/summary, Accept-Encoding: gzip, br → content-encoding: br
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

export type ContentEncoding = 'br' | 'gzip';

/** Below this, compression saves about as much as the headers it adds (gzip's frame alone is 18 bytes). */
const MIN_BYTES = 512;
const COMPRESSIBLE = /^(application\/(json|problem\+json|geo\+json|xml)|text\/)/;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The encoding to answer with for an Accept-Encoding header (RFC 9110 §12.5.3), or null for none. */
export function preferredEncoding(header: string | string[] | undefined): ContentEncoding | null {
  const accepted = new Map<string, number>();
  for (const part of [header ?? ''].flat().join(',').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (e: ContentEncoding) => accepted.get(e) ?? (accepted.has('*') ? accepted.get('*')! : 0);
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  return weight('gzip') > 0 ? 'gzip' : null;
}

/**
 * Compresses once, for a body sent again and again (a cached tile). Brotli at quality 5: within a
 * few per cent of its best on small bodies, and fast enough to do on the fly.
 */
export async function compressBody(body: Buffer, encoding: ContentEncoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipAsync(body, { level: 6 });
}

/** Says that the answer depends on Accept-Encoding, so shared caches keep one copy per encoding. */
export function varyOnEncoding(reply: FastifyReply): void {
  const vary = String(reply.getHeader('vary') ?? '');
  if (!/accept-encoding/i.test(vary)) void reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

export const compress = fp(async (app: FastifyInstance) => {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.hasHeader('content-encoding') || !COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length < MIN_BYTES) return payload;
    varyOnEncoding(reply);
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    void reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return compressBody(body, encoding);
  });
});
