import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { newApiKey } from '@postatlas/server';
import { countMeasurements, createApiKey, createSite, openStore, type OpenOptions } from '@postatlas/store';
import { createTestServerDatabase, testBackends } from '@postatlas/store/testing';
import { startServe } from './test-support.js';

/**
 * A measurement the API acknowledged must survive the server being killed (SIGKILL: no shutdown,
 * no flush) the moment after: the answer is sent only after the database committed.
 */
async function killedWhileIngesting(store: OpenOptions, args: string[]): Promise<{ acknowledged: number; stored: number }> {
  const db = await openStore(store);
  const site = await createSite(db, { name: 'Nairobi GPO', siteType: 'post_office', country: 'KEN', lat: -1.2864, lon: 36.8172 }, 'test');
  const secret = newApiKey();
  await createApiKey(db, { name: 'meter', prefix: secret.prefix, keyHash: secret.secretHash, role: 'device', countries: ['KEN'], siteId: site.id });
  await db.close();

  const { server, url, exited } = await startServe(args);

  let acknowledged = 0;
  let next = 0;
  let killed = false;
  const base = Date.now() - 3_600_000;
  const post = async () => {
    while (!killed) {
      const measurements = Array.from({ length: 20 }, () => ({ deviceId: 'meter-1', measuredAt: new Date(base + next++ * 1000).toISOString(), downloadMbps: 20 }));
      try {
        const r = await fetch(`${url}/api/sites/${site.id}/measurements`, {
          method: 'POST', headers: { authorization: `Bearer ${secret.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ measurements }),
        });
        if (r.status !== 200) throw new Error(`status ${r.status}: ${await r.text()}`);
        acknowledged += ((await r.json()) as { accepted: number }).accepted;
      } catch (err) {
        if (killed) return;
        throw err;
      }
      // Kill in the middle of the traffic: other requests are in flight, none gets to finish cleanly.
      if (acknowledged >= 400 && !killed) {
        killed = true;
        server.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, post));
  await exited;

  const after = await openStore(store);
  try {
    return { acknowledged, stored: await countMeasurements(after, site.id) };
  } finally {
    await after.close();
  }
}

test('embedded database: every acknowledged measurement survives kill -9', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'postatlas-durability-')), 'db');
  const { acknowledged, stored } = await killedWhileIngesting({ dataDir }, ['--data-dir', dataDir]);
  t.diagnostic(`${acknowledged} acknowledged, ${stored} stored`);
  assert.ok(acknowledged >= 400);
  assert.ok(stored >= acknowledged, `${acknowledged} acknowledged, ${stored} stored`);
});

const server = (await testBackends()).find((b) => b.name === 'server')!;
test('PostgreSQL server: every acknowledged measurement survives kill -9', { skip: server.skip }, async (t) => {
  const database = await createTestServerDatabase();
  try {
    const { acknowledged, stored } = await killedWhileIngesting({ databaseUrl: database.url }, ['--database-url', database.url]);
    t.diagnostic(`${acknowledged} acknowledged, ${stored} stored`);
    assert.ok(acknowledged >= 400);
    assert.ok(stored >= acknowledged, `${acknowledged} acknowledged, ${stored} stored`);
  } finally {
    await database.drop();
  }
});
