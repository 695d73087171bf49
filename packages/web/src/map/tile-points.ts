/**
 * The points of one layer of a Mapbox vector tile (specification 2.1), with their properties: all
 * the first-screen preview needs from the server's site tiles, in a page of code instead of a
 * protobuf library. Lines and polygons are skipped.
 */
export interface TilePoint {
  /** Tile coordinates, 0…extent. */
  x: number;
  y: number;
  properties: Record<string, string | number | boolean>;
}

class Reader {
  pos: number;
  constructor(readonly buf: Uint8Array, start = 0, readonly end = buf.length) {
    this.pos = start;
  }
  varint(): number {
    let value = 0;
    let shift = 1;
    let byte: number;
    do {
      byte = this.buf[this.pos++]!;
      value += (byte & 0x7f) * shift;
      shift *= 128;
    } while (byte & 0x80);
    return value;
  }
  /** The next field: its number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32). */
  key(): [field: number, wire: number] {
    const k = this.varint();
    return [Math.floor(k / 8), k & 7];
  }
  bytes(): Reader {
    const length = this.varint();
    const sub = new Reader(this.buf, this.pos, this.pos + length);
    this.pos += length;
    return sub;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.pos += this.varint();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`vector tile: unknown wire type ${wire}`);
  }
  packed(): number[] {
    const sub = this.bytes();
    const out: number[] = [];
    while (sub.pos < sub.end) out.push(sub.varint());
    return out;
  }
}

const zigzag = (n: number) => (n % 2 === 1 ? -(n + 1) / 2 : n / 2);

function value(r: Reader): string | number | boolean {
  let v: string | number | boolean = '';
  while (r.pos < r.end) {
    const [field, wire] = r.key();
    const view = new DataView(r.buf.buffer, r.buf.byteOffset + r.pos);
    if (field === 1) { const s = r.bytes(); v = new TextDecoder().decode(r.buf.subarray(s.pos, s.end)); }
    else if (field === 2) { v = view.getFloat32(0, true); r.pos += 4; }
    else if (field === 3) { v = view.getFloat64(0, true); r.pos += 8; }
    else if (field === 4 || field === 5) v = r.varint(); // int64 / uint64: counts and ids, never negative here
    else if (field === 6) v = zigzag(r.varint());
    else if (field === 7) v = r.varint() === 1;
    else r.skip(wire);
  }
  return v;
}

export function tilePoints(buf: Uint8Array, layerName: string): { extent: number; points: TilePoint[] } {
  const tile = new Reader(buf);
  while (tile.pos < tile.end) {
    const [field, wire] = tile.key();
    if (field !== 3) { tile.skip(wire); continue; }
    const layer = tile.bytes();
    let name = '';
    let extent = 4096;
    const keys: string[] = [];
    const values: (string | number | boolean)[] = [];
    const features: { type: number; tags: number[]; geometry: number[] }[] = [];
    while (layer.pos < layer.end) {
      const [f, w] = layer.key();
      if (f === 1) { const s = layer.bytes(); name = new TextDecoder().decode(buf.subarray(s.pos, s.end)); }
      else if (f === 2) {
        const feature = layer.bytes();
        const parsed = { type: 0, tags: [] as number[], geometry: [] as number[] };
        while (feature.pos < feature.end) {
          const [ff, fw] = feature.key();
          if (ff === 2) parsed.tags = feature.packed();
          else if (ff === 3) parsed.type = feature.varint();
          else if (ff === 4) parsed.geometry = feature.packed();
          else feature.skip(fw);
        }
        features.push(parsed);
      } else if (f === 3) { const s = layer.bytes(); keys.push(new TextDecoder().decode(buf.subarray(s.pos, s.end))); }
      else if (f === 4) values.push(value(layer.bytes()));
      else if (f === 5) extent = layer.varint();
      else layer.skip(w);
    }
    if (name !== layerName) continue;
    const points: TilePoint[] = [];
    for (const { type, tags, geometry } of features) {
      if (type !== 1) continue;
      const properties: TilePoint['properties'] = {};
      for (let i = 0; i + 1 < tags.length; i += 2) properties[keys[tags[i]!]!] = values[tags[i + 1]!]!;
      // MoveTo commands only: a count, then that many (dx, dy) pairs, each relative to the last.
      let x = 0;
      let y = 0;
      for (let i = 0; i < geometry.length;) {
        const count = geometry[i++]! >> 3;
        for (let k = 0; k < count; k++) {
          x += zigzag(geometry[i++]!);
          y += zigzag(geometry[i++]!);
          points.push({ x, y, properties });
        }
      }
    }
    return { extent, points };
  }
  return { extent: 4096, points: [] };
}
