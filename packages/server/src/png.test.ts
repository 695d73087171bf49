import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, encodePng } from './png.js';
import { decodePng } from './png-testing.js';

test('CRC-32 of the check string is the standard one', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.from('IEND')), 0xae426082); // every PNG ends with these bytes
});

test('a 3 × 2 RGBA image survives encoding: size, pixels and chunk CRCs', () => {
  const rgba = Uint8Array.from([
    255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 0, 0,
    1, 2, 3, 4, 250, 251, 252, 253, 255, 0, 0, 255,
  ]);
  const png = encodePng(rgba, 3, 2);
  const back = decodePng(png);
  assert.equal(back.width, 3);
  assert.equal(back.height, 2);
  assert.deepEqual([...back.rgba], [...rgba]);
});

test('pixels that are not width × height × 4 bytes are refused', () => {
  assert.throws(() => encodePng(new Uint8Array(10), 2, 2), /10 bytes are not 2 × 2 RGBA pixels/);
});
