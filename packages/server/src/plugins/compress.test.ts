import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preferredEncoding } from './compress.js';

test('Brotli when accepted at least as much as gzip, else gzip, else nothing', () => {
  assert.equal(preferredEncoding('gzip, deflate, br, zstd'), 'br'); // Chromium
  assert.equal(preferredEncoding('gzip, deflate'), 'gzip');
  assert.equal(preferredEncoding('br;q=0.5, gzip'), 'gzip');
  assert.equal(preferredEncoding('br;q=0, gzip;q=0'), null);
  assert.equal(preferredEncoding('identity'), null);
  assert.equal(preferredEncoding('*'), 'br');
  assert.equal(preferredEncoding('*;q=0.1, br;q=0'), 'gzip');
  assert.equal(preferredEncoding(''), null);
  assert.equal(preferredEncoding(undefined), null);
  assert.equal(preferredEncoding(['gzip', 'br']), 'br');
});
