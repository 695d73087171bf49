/**
 * Long work off the request: an analysis or a plan takes seconds to minutes, so the request that
 * asks for one gets a job to poll and the work runs here, one job at a time (the embedded
 * database has one connection and a plan has its solver worker), in the order it was asked for.
 * Finished jobs are kept in memory, the latest `keepFinished` of them; a restart forgets them,
 * while what they made (runs, scenarios) is in the database.
 *
 *     const queue = new JobQueue();
 *     const job = queue.enqueue({ kind: 'plan', country: 'STP', createdBy: 'user:3' }, async ({ signal, progress }) => ({ … }));
 *     queue.get(job.id)?.status;   // 'queued' → 'running' → 'succeeded'
 *     queue.cancel(job.id);        // a queued job is cancelled at once; a running one is asked to stop
 *     await queue.close();         // cancels what is queued and waits for the running job
 */
import { randomUUID } from 'node:crypto';

export const JOB_KINDS = ['analysis', 'plan'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  /** A random UUID: a job's id says nothing about other jobs. */
  id: string;
  kind: JobKind;
  /** ISO alpha-3: whose managers may see the job. */
  country: string;
  status: JobStatus;
  /** The actor who asked, as in the audit log ('user:3', 'key:7'). */
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The step a running job last reported ('greedy plan', 'HiGHS', …). */
  step: string | null;
  /** What the work returned: small JSON, never the bulk of what it wrote. */
  result: unknown;
  /** Why it failed: the message only, no stack. */
  error: string | null;
}

export interface JobContext {
  /** Aborted when the job is cancelled while running; work that never looks at it runs to its end. */
  signal: AbortSignal;
  progress(step: string): void;
}

export type JobWork = (context: JobContext) => Promise<unknown>;

interface Entry {
  job: Job;
  work: JobWork;
  controller: AbortController;
}

const now = () => new Date().toISOString();

export class JobQueue {
  private readonly jobs = new Map<string, Entry>();
  private readonly waiting: Entry[] = [];
  /** Ids of finished jobs, oldest first, for forgetting beyond keepFinished. */
  private readonly finished: string[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly keepFinished: number;

  constructor(o: { keepFinished?: number } = {}) {
    this.keepFinished = o.keepFinished ?? 200;
  }

  /** Queues work; it starts when the jobs before it have finished. Refused once the queue is closed. */
  enqueue(spec: { kind: JobKind; country: string; createdBy: string }, work: JobWork): Job {
    if (this.closed) throw new Error('job queue: the server is stopping; no new jobs');
    const job: Job = {
      id: randomUUID(), kind: spec.kind, country: spec.country, status: 'queued', createdBy: spec.createdBy,
      createdAt: now(), startedAt: null, finishedAt: null, step: null, result: null, error: null,
    };
    const entry = { job, work, controller: new AbortController() };
    this.jobs.set(job.id, entry);
    this.waiting.push(entry);
    this.next();
    return { ...job };
  }

  /** A copy of the job as it is now; null when there is none (or it was forgotten). */
  get(id: string): Job | null {
    const entry = this.jobs.get(id);
    return entry ? { ...entry.job } : null;
  }

  /** Jobs newest first; of these countries only unless `countries` is null. */
  list(countries: readonly string[] | null = null): Job[] {
    return [...this.jobs.values()]
      .map((e) => e.job)
      .filter((j) => countries === null || countries.includes(j.country))
      .reverse()
      .map((j) => ({ ...j }));
  }

  /**
   * Cancels a queued job at once, or aborts the signal of a running one (which ends 'cancelled'
   * if its work then stops with an error, 'succeeded' if it finished anyway). False when the job
   * is unknown or already finished.
   */
  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry) return false;
    if (entry.job.status === 'queued') {
      this.waiting.splice(this.waiting.indexOf(entry), 1);
      this.finish(entry, 'cancelled', null, null);
      return true;
    }
    if (entry.job.status === 'running') {
      entry.controller.abort(new Error('the job was cancelled'));
      return true;
    }
    return false;
  }

  /** Takes no more jobs, cancels the queued ones and waits for the running one to finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.waiting.splice(0)) this.finish(entry, 'cancelled', null, 'the server stopped before the job started');
    await this.running;
  }

  private next(): void {
    if (this.running) return;
    const entry = this.waiting.shift();
    if (!entry) return;
    this.running = this.run(entry).then(() => {
      this.running = null;
      this.next();
    });
  }

  private async run(entry: Entry): Promise<void> {
    const { job, controller } = entry;
    job.status = 'running';
    job.startedAt = now();
    try {
      const result = await entry.work({ signal: controller.signal, progress: (step) => (job.step = step) });
      this.finish(entry, 'succeeded', result ?? null, null);
    } catch (err) {
      if (controller.signal.aborted) this.finish(entry, 'cancelled', null, null);
      else this.finish(entry, 'failed', null, err instanceof Error ? err.message : String(err));
    }
  }

  private finish(entry: Entry, status: JobStatus, result: unknown, error: string | null): void {
    Object.assign(entry.job, { status, result, error, finishedAt: now() });
    this.finished.push(entry.job.id);
    while (this.finished.length > this.keepFinished) this.jobs.delete(this.finished.shift()!);
  }
}
