import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobQueue, type JobContext } from './job-queue.js';

/** Work that waits until the test lets it finish, recording when it started. */
function gate(log: string[], name: string) {
  let open!: (v: unknown) => void;
  let fail!: (e: Error) => void;
  const done = new Promise((resolve, reject) => ((open = resolve), (fail = reject)));
  let context!: JobContext;
  return {
    work: async (c: JobContext) => {
      context = c;
      log.push(`start ${name}`);
      const v = await done;
      log.push(`end ${name}`);
      return v;
    },
    open, fail,
    get context() { return context; },
  };
}

/** Lets the queue's promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const spec = (country = 'STP') => ({ kind: 'plan' as const, country, createdBy: 'user:1' });

test('jobs run one at a time, in the order they were queued', async () => {
  const log: string[] = [];
  const queue = new JobQueue();
  const [a, b, c] = ['a', 'b', 'c'].map((n) => gate(log, n));
  const ja = queue.enqueue(spec(), a!.work);
  const jb = queue.enqueue(spec(), b!.work);
  const jc = queue.enqueue(spec(), c!.work);
  assert.deepEqual([ja.status, jb.status, jc.status], ['running', 'queued', 'queued']);
  assert.match(ja.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await settle();
  assert.deepEqual(log, ['start a']);
  c!.open('C');
  a!.open({ scenario: 'A' });
  await settle();
  assert.deepEqual(log, ['start a', 'end a', 'start b']);
  assert.deepEqual(queue.get(ja.id)!.result, { scenario: 'A' });
  assert.equal(queue.get(ja.id)!.status, 'succeeded');
  assert.equal(queue.get(jb.id)!.status, 'running');
  assert.equal(queue.get(jc.id)!.status, 'queued');
  b!.open(null);
  await settle();
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.deepEqual(queue.list().map((j) => [j.id, j.status, j.result]), [[jc.id, 'succeeded', 'C'], [jb.id, 'succeeded', null], [ja.id, 'succeeded', { scenario: 'A' }]]);
  const finished = queue.get(ja.id)!;
  assert.ok(finished.createdAt <= finished.startedAt! && finished.startedAt! <= finished.finishedAt!);
});

test('a failure is captured as its message and the next job still runs', async () => {
  const queue = new JobQueue();
  const failing = queue.enqueue(spec(), async () => {
    throw new Error('plan: the population objective needs a budget');
  });
  const thrown = queue.enqueue(spec(), async () => {
    throw 'not an Error';
  });
  const ok = queue.enqueue(spec(), async ({ progress }) => {
    progress('greedy plan');
    return 42;
  });
  await settle();
  const f = queue.get(failing.id)!;
  assert.deepEqual([f.status, f.error, f.result], ['failed', 'plan: the population objective needs a budget', null]);
  assert.deepEqual([queue.get(thrown.id)!.status, queue.get(thrown.id)!.error], ['failed', 'not an Error']);
  assert.deepEqual([queue.get(ok.id)!.status, queue.get(ok.id)!.result, queue.get(ok.id)!.step], ['succeeded', 42, 'greedy plan']);
});

test('cancel: a queued job never starts; a running one is aborted through its signal; a finished one stays as it was', async () => {
  const log: string[] = [];
  const queue = new JobQueue();
  const a = gate(log, 'a');
  const b = gate(log, 'b');
  const ja = queue.enqueue(spec(), a.work);
  const jb = queue.enqueue(spec(), b.work);
  await settle();
  assert.equal(queue.cancel(jb.id), true);
  assert.deepEqual([queue.get(jb.id)!.status, queue.get(jb.id)!.startedAt], ['cancelled', null]);
  assert.equal(queue.cancel(ja.id), true);
  assert.equal(a.context.signal.aborted, true);
  assert.equal(queue.get(ja.id)!.status, 'running', 'running until its work stops');
  a.fail(new Error('aborted at "saving"'));
  await settle();
  assert.deepEqual([queue.get(ja.id)!.status, queue.get(ja.id)!.error], ['cancelled', null]);
  assert.deepEqual(log, ['start a'], 'b never started');
  assert.equal(queue.cancel(ja.id), false);
  assert.equal(queue.cancel('no-such-job'), false);

  // Work that ignores its signal and finishes anyway is reported as what it did.
  const c = gate(log, 'c');
  const jc = queue.enqueue(spec(), c.work);
  assert.equal(queue.cancel(jc.id), true);
  c.open('saved');
  await settle();
  assert.deepEqual([queue.get(jc.id)!.status, queue.get(jc.id)!.result], ['succeeded', 'saved']);
  assert.equal(queue.cancel(jc.id), false);
});

test('close waits for the running job, cancels the queued ones and refuses new ones', async () => {
  const log: string[] = [];
  const queue = new JobQueue();
  const a = gate(log, 'a');
  const ja = queue.enqueue(spec(), a.work);
  const jb = queue.enqueue(spec(), gate(log, 'b').work);
  let closed = false;
  const closing = queue.close().then(() => (closed = true));
  await settle();
  assert.equal(closed, false, 'still running a');
  assert.deepEqual([queue.get(jb.id)!.status, queue.get(jb.id)!.error], ['cancelled', 'the server stopped before the job started']);
  assert.throws(() => queue.enqueue(spec(), async () => 1), /the server is stopping/);
  a.open('done');
  await closing;
  assert.equal(queue.get(ja.id)!.status, 'succeeded');
  assert.deepEqual(log, ['start a', 'end a']);
});

test('only the latest finished jobs are kept; list filters by country', async () => {
  const queue = new JobQueue({ keepFinished: 2 });
  const ids = ['STP', 'KEN', 'STP', 'UGA'].map((c, i) => queue.enqueue(spec(c), async () => i).id);
  await settle();
  assert.equal(queue.get(ids[0]!), null);
  assert.equal(queue.get(ids[1]!), null);
  assert.deepEqual(queue.list().map((j) => j.result), [3, 2]);
  assert.deepEqual(queue.list(['STP']).map((j) => j.id), [ids[2]]);
  assert.deepEqual(queue.list([]), []);
  // A copy: changing it changes nothing in the queue.
  queue.get(ids[3]!)!.status = 'failed';
  assert.equal(queue.get(ids[3]!)!.status, 'succeeded');
});
