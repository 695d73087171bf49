import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { canManageCountry, privateScope, type Principal } from '@postatlas/core';
import { analyze } from '@postatlas/jobs';
import type { Database } from '@postatlas/store';
import { JOB_KINDS, JOB_STATUSES, type Job, type JobQueue } from '../job-queue.js';
import { signedIn } from '../plugins/auth.js';
import { Problem, forbidden, notFound } from '../problems.js';
import { Country, Nullable, Problem as ProblemSchema, problemResponses } from '../schemas.js';

export const JobSchema = Type.Object({
  id: Type.String(), kind: Type.Enum([...JOB_KINDS]), country: Type.String(), status: Type.Enum([...JOB_STATUSES]),
  createdBy: Type.String(), createdAt: Type.String(), startedAt: Nullable(Type.String()), finishedAt: Nullable(Type.String()),
  step: Nullable(Type.String({ description: 'the step a running job last reported' })),
  result: Type.Unknown({ description: 'a plan: the scenario with its totals and certificate; an analysis: the run id and its summary' }),
  error: Nullable(Type.String()),
});
export const Accepted = Type.Object({ job: JobSchema });

/** 202 with the job and where to poll it. */
export function accepted(reply: FastifyReply, job: Job) {
  return reply.status(202).header('location', `/api/jobs/${job.id}`).send({ job });
}

const JobId = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }) });

/** Whoever asked for a job, and the managers of its country. */
const canSeeJob = (p: Principal, job: Job) => p.actor === job.createdBy || canManageCountry(p, job.country);

/**
 * Analyses and plans running in the background: poll one until it has finished, list a country's,
 * cancel one. Jobs live in the server's memory; what they made (runs, scenarios) is in the database.
 */
export const jobsRoutes: FastifyPluginAsyncTypebox<{ jobs: JobQueue }> = async (app, { jobs }) => {
  function visibleJob(p: Principal, id: string): Job {
    const job = jobs.get(id);
    if (!job) throw notFound(`no job ${id} (finished jobs are kept until the server restarts, the latest 200 of them)`);
    if (!canSeeJob(p, job)) throw forbidden(`job ${id} is for whoever started it and the managers of ${job.country}`);
    return job;
  }

  app.get('/', {
    schema: {
      tags: ['jobs'], summary: 'Jobs, newest first: of a country, or of every country you manage',
      querystring: Type.Object({ country: Type.Optional(Country) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(JobSchema) }), ...problemResponses },
    },
  }, async (request) => {
    const p = signedIn(request);
    const { country } = request.query;
    if (country) {
      if (!canManageCountry(p, country)) throw forbidden(`the jobs of ${country} are for its managers`);
      return { items: jobs.list([country]) };
    }
    const scope = privateScope(p);
    if (scope !== null && scope.length === 0) throw forbidden('jobs are listed for admins and for the managers of a country');
    return { items: jobs.list(scope) };
  });

  app.get('/:id', {
    schema: { tags: ['jobs'], summary: 'One job: poll it until its status is succeeded, failed or cancelled', params: JobId, response: { 200: JobSchema, ...problemResponses } },
  }, async (request) => visibleJob(signedIn(request), request.params.id));

  app.delete('/:id', {
    schema: {
      tags: ['jobs'],
      summary: 'Cancel a job: a queued one at once (200); a running one stops before it saves anything (202, poll it), or finishes if it is already saving',
      params: JobId, response: { 200: JobSchema, 202: JobSchema, ...problemResponses, 409: ProblemSchema },
    },
  }, async (request, reply) => {
    const job = visibleJob(signedIn(request), request.params.id);
    if (!jobs.cancel(job.id)) throw new Problem(409, 'Conflict', `job ${job.id} has already ${job.status === 'succeeded' ? 'succeeded' : `ended (${job.status})`}`);
    const now = jobs.get(job.id)!;
    return reply.status(now.status === 'cancelled' ? 200 : 202).send(now);
  });
};

/** POST /api/analysis-runs: a country's analysis as a job (the runs themselves are read elsewhere). */
export const analysisRunJobsRoutes: FastifyPluginAsyncTypebox<{ db: Database; jobs: JobQueue }> = async (app, { db, jobs }) => {
  app.post('/', {
    schema: {
      tags: ['analysis'], summary: 'Analyse a country in the background (202 and a job to poll); unchanged inputs give the current run back',
      body: Type.Object({
        country: Country,
        force: Type.Optional(Type.Boolean({ description: 'run even when the inputs and parameters are unchanged' })),
      }, { additionalProperties: false }),
      response: { 202: Accepted, ...problemResponses },
    },
  }, async (request, reply) => {
    const p = signedIn(request);
    const { country, force } = request.body;
    if (!canManageCountry(p, country)) throw forbidden(`analysing ${country} needs a manager of that country`);
    const job = jobs.enqueue({ kind: 'analysis', country, createdBy: p.actor }, async ({ signal, progress }) => {
      progress('analysis');
      // analyze takes no signal: after computing, before writing, is where a cancelled job stops.
      const r = await analyze(db, { country, force: force ?? false, runBy: p.actor, onProgress: () => signal.throwIfAborted() });
      return { runId: r.run.id, current: r.current, summary: r.run.summary };
    });
    return accepted(reply, job);
  });
};
