/** For tests: a PNG read back, as the browser would, checking what the encoder promises. */
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { crc32 } from './png.js';

/** Reads a PNG back as its chunks, checking each CRC, and undoes the filters this encoder uses. */
export function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks = new Map<string, Buffer>();
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    assert.equal(png.readUInt32BE(at + 8 + length), crc32(png.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    chunks.set(type, png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const ihdr = chunks.get('IHDR')!;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  assert.deepEqual([...ihdr.subarray(8)], [8, 6, 0, 0, 0]);
  assert.ok(chunks.has('IEND'));
  const raw = inflateSync(chunks.get('IDAT')!);
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const up = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      rgba[y * stride + i] = (raw[y * (stride + 1) + 1 + i]! + (filter === 2 ? up : 0)) & 0xff;
    }
  }
  return { width, height, rgba };
}
