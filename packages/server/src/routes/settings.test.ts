import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { buildApp } from '../app.js';
import { basemapFromEnv } from './settings.js';

const embedded = (await testBackends()).find((b) => b.name === 'embedded')!;

describe('settings: an online base map offered by the operator', () => {
  let db: Database;
  before(async () => {
    db = await embedded.open();
  });
  after(async () => {
    await db?.close();
  });

  test('none by default; when configured, the web app reads it and the page may load its tiles, from that origin only', async () => {
    const plain = await buildApp({ db, webRoot: null });
    assert.deepEqual((await plain.inject({ url: '/api/settings' })).json(), { basemap: null });
    await plain.close();

    const basemap = { url: 'https://tiles.example.org/osm/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors' };
    const app = await buildApp({ db, webRoot: null, basemap });
    const r = await app.inject({ url: '/api/settings' });
    assert.deepEqual(r.json(), { basemap });
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /img-src 'self' data: blob: https:\/\/tiles\.example\.org;/);
    assert.match(csp, /connect-src 'self' https:\/\/tiles\.example\.org/);
    await app.close();
  });

  test('a template the map could not use is refused, naming what is wrong', async () => {
    await assert.rejects(buildApp({ db, webRoot: null, basemap: { url: 'https://tiles.example.org/{z}/{x}.png', attribution: '' } }), /needs \{y\}/);
    await assert.rejects(buildApp({ db, webRoot: null, basemap: { url: 'ftp://tiles.example.org/{z}/{x}/{y}.png', attribution: '' } }), /only http\(s\) tiles/);
    assert.equal(basemapFromEnv({}), null);
    assert.deepEqual(basemapFromEnv({ POSTATLAS_BASEMAP_URL: 'http://127.0.0.1:8081/{z}/{x}/{y}.png' }), { url: 'http://127.0.0.1:8081/{z}/{x}/{y}.png', attribution: '' });
  });
});
