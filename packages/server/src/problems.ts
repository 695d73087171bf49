/**
 * Every error a client sees has one shape: RFC 9457 problem details, served as
 * application/problem+json. Stack traces and SQL stay in the log.
 *
 *     throw new Problem(403, 'Forbidden', 'you manage KEN, not UGA');
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export class Problem extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail?: string, readonly extra: Record<string, unknown> = {}) {
    super(detail ?? title);
  }
}

export const forbidden = (detail: string) => new Problem(403, 'Forbidden', detail);
export const notFound = (detail: string) => new Problem(404, 'Not found', detail);
export const unauthorized = (detail = 'sign in, or send an API key as "Authorization: Bearer …"') => new Problem(401, 'Unauthorized', detail);

/** Titles of the statuses Fastify and its plugins raise themselves. */
const TITLES: Record<number, string> = {
  400: 'Invalid request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 406: 'Not acceptable',
  409: 'Conflict', 413: 'Request too large', 415: 'Unsupported media type', 429: 'Too many requests',
};

export const problems = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError | Problem, request, reply) => {
    let status: number;
    let body: Record<string, unknown>;
    if (err instanceof Problem) {
      status = err.status;
      body = { title: err.title, detail: err.detail, ...err.extra };
    } else if (err.validation) {
      status = 400;
      body = {
        title: 'Invalid request',
        detail: err.message,
        errors: err.validation.map((v) => ({ in: err.validationContext, path: v.instancePath || '/', message: v.message })),
      };
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      body = { title: TITLES[status] ?? 'Client error', detail: err.message };
    } else {
      status = 500;
      request.log.error({ err }, 'unhandled error');
      body = { title: 'Internal error', detail: 'the server could not complete the request; it has been logged' };
    }
    void reply.status(status).type('application/problem+json').send({ type: 'about:blank', status, instance: request.url, ...body });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).type('application/problem+json').send({ type: 'about:blank', status: 404, title: 'Not found', detail: `no route ${request.method} ${request.url.split('?')[0]}`, instance: request.url });
  });
});
