/**
 * Point-in-polygon and distance-to-boundary for one (multi)polygon, in plain lon/lat.
 *
 *     const india = new PolygonIndex(geometry);      // GeoJSON Polygon or MultiPolygon
 *     india.contains(77.2, 28.6);                    // true
 *     india.distanceToBoundaryM(72.8, 18.9, 5000);   // metres, Infinity past 5 km
 *
 * `contains` is even-odd ray casting over the edges of one latitude band: every edge is filed
 * in each band its latitude range touches, so a horizontal ray at `lat` can only cross edges
 * of the band holding `lat`. With at least √edges bands a query costs about √edges
 * comparisons instead of all edges. `distanceToBoundaryM` finds candidate edges with a
 * Flatbush over edge bounding boxes and measures each exactly.
 *
 * Geometries split at ±180° (as Natural Earth draws Fiji, Russia and Alaska) are ordinary
 * planar polygons in lon/lat once two artefacts of their TopoJSON packaging are undone (see
 * `normalizeRing`); the distance search also looks across the antimeridian, because the land
 * on the other side of the seam is near even though it is in another polygon.
 */

import Flatbush from 'flatbush';
import { EARTH_RADIUS_M, pointSegmentDistanceM, wrapLonDelta } from './distance.js';

/** Polygon rings as GeoJSON stores them: [lon, lat] positions, outer ring first, then holes. */
export type PolygonRings = number[][][];

export type PolygonGeometry =
  | { type: 'Polygon'; coordinates: PolygonRings }
  | { type: 'MultiPolygon'; coordinates: PolygonRings[] };

export interface PolygonIndexOptions {
  /** Number of latitude bands; the default is explained at `defaultBands`. */
  bands?: number;
}

const DEG = 180 / Math.PI;

/**
 * √edges bands at least, so that a query reads about √edges edges whatever the shape. Where
 * edges are short, as on real coastlines, more bands are nearly free: up to edges/8 bands, as
 * long as the edges filed in several bands at most triple the stored entries. On India's
 * 7,685 edges that is 961 bands instead of 88 and makes `contains` about 4× faster; on
 * long spiky edges it stays at √edges.
 */
function defaultBands(y0: Float64Array, y1: Float64Array, minY: number, maxY: number): number {
  const n = y0.length;
  const floor = Math.ceil(Math.sqrt(n));
  const range = maxY - minY;
  if (!(range > 0)) return floor;
  // With N bands an edge spanning dy is filed in about 1 + N·dy/range of them.
  let spans = 0;
  for (let i = 0; i < n; i++) spans += Math.abs(y1[i]! - y0[i]!);
  spans /= range;
  return Math.max(floor, Math.min(Math.ceil(n / 8), spans > 0 ? Math.floor((2 * n) / spans) : floor));
}

/** Sign of the first vertex off the ±180 meridian, walking from i by step; 0 if none. */
function sideAt(ring: number[][], i: number, step: 1 | -1): number {
  const n = ring.length;
  for (let k = 1, j = i; k < n; k++) {
    j = (j + step + n) % n;
    const x = ring[j]![0]!;
    if (x !== 180 && x !== -180) return x < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * A ring as planar lon/lat geometry needs it. world-atlas quantizes longitude so that 180°
 * and -180° are one value, and topojson-client decodes it as -180 even in rings that touch the
 * seam from the east; left alone, such a ring has an edge running the width of the map and
 * ray casting goes wrong for the whole band of latitude (all of Chukotka read as outside
 * Russia). So a vertex on ±180 takes the sign of its neighbours when both sides agree.
 *
 * A ring that goes round a pole (Antarctica's coast, which world-atlas does not close through
 * the pole) is closed down to that pole along the seam, so that its interior is the cap.
 * Other rings must already be split at the antimeridian, as Natural Earth's are.
 *
 * Returns the ring itself when nothing needs fixing.
 */
export function normalizeRing(ring: number[][]): number[][] {
  const n = ring.length;
  let onSeam = false, wide = false;
  for (let i = 0; i < n; i++) {
    const x = ring[i]![0]!;
    if (x === 180 || x === -180) onSeam = true;
    if (i > 0 && Math.abs(x - ring[i - 1]![0]!) > 180) wide = true;
  }
  if (!onSeam && !wide) return ring;

  let out = ring;
  if (onSeam) {
    let changed = false;
    const snapped = ring.map((p, i) => {
      const x = p[0]!;
      if (x !== 180 && x !== -180) return p;
      const before = sideAt(ring, i, -1);
      if (before === 0 || before !== sideAt(ring, i, 1) || before * 180 === x) return p;
      changed = true;
      return [before * 180, p[1]!];
    });
    if (changed) out = snapped;
  }

  let winding = 0, latSum = 0, crossing = -1, crossings = 0;
  for (let i = 0; i < n; i++) {
    const a = out[i]!, b = out[(i + 1) % n]!;
    const dx = b[0]! - a[0]!;
    winding += wrapLonDelta(dx);
    latSum += a[1]!;
    if (Math.abs(dx) > 180) { crossing = i; crossings++; }
  }
  // Winding is 0 for an ordinary ring and ±360 for one around a pole.
  if (Math.abs(winding) > 180 && crossings === 1) {
    const a = out[crossing]!, b = out[(crossing + 1) % n]!;
    const ax = a[0]!, ay = a[1]!;
    const side = ax < 0 ? -1 : 1;
    const bx = ax + wrapLonDelta(b[0]! - ax);
    const t = bx === ax ? 0 : (side * 180 - ax) / (bx - ax);
    const y = ay + t * (b[1]! - ay);
    const pole = latSum < 0 ? -90 : 90;
    out = [
      ...out.slice(0, crossing + 1),
      [side * 180, y], [side * 180, pole], [-side * 180, pole], [-side * 180, y],
      ...out.slice(crossing + 1),
    ];
  }
  return out;
}

export class PolygonIndex {
  /** Edge i runs from (x0[i], y0[i]) to (x1[i], y1[i]), lon/lat degrees. */
  readonly x0: Float64Array;
  readonly y0: Float64Array;
  readonly x1: Float64Array;
  readonly y1: Float64Array;
  readonly bandCount: number;

  private readonly minX: number;
  private readonly minY: number;
  private readonly maxX: number;
  private readonly maxY: number;
  private readonly bandHeight: number;
  /** Edges of band b are entries bandStart[b] .. bandStart[b+1]-1 of bandEdges. */
  private readonly bandStart: Uint32Array;
  /** Per band entry: x0, y0, x1, y1 copied so that a query reads one contiguous run. */
  private readonly bandEdges: Float64Array;
  private readonly tree: Flatbush | null;

  constructor(geometry: PolygonGeometry, options: PolygonIndexOptions = {}) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;

    let capacity = 0;
    const prepared = polygons.map((rings) => rings.map(normalizeRing));
    for (const rings of prepared) for (const ring of rings) capacity += ring.length;
    const x0 = new Float64Array(capacity);
    const y0 = new Float64Array(capacity);
    const x1 = new Float64Array(capacity);
    const y1 = new Float64Array(capacity);
    let n = 0;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const rings of prepared) {
      for (const ring of rings) {
        const len = ring.length;
        for (let i = 0; i < len; i++) {
          const a = ring[i]!;
          // Wrapping to the first vertex closes rings that omit the repeated last position.
          const b = ring[(i + 1) % len]!;
          const ax = a[0]!, ay = a[1]!, bx = b[0]!, by = b[1]!;
          // Repeated positions (every closed GeoJSON ring has one) add nothing to either query.
          if (ax === bx && ay === by) continue;
          x0[n] = ax; y0[n] = ay; x1[n] = bx; y1[n] = by;
          n++;
          if (ax < minX) minX = ax;
          if (ax > maxX) maxX = ax;
          if (ay < minY) minY = ay;
          if (ay > maxY) maxY = ay;
        }
      }
    }
    this.x0 = x0.subarray(0, n);
    this.y0 = y0.subarray(0, n);
    this.x1 = x1.subarray(0, n);
    this.y1 = y1.subarray(0, n);
    // Every edge end is some edge's start, so the starts alone give the bounding box.
    this.minX = minX; this.minY = minY; this.maxX = maxX; this.maxY = maxY;

    const bands = Math.max(1, Math.floor(options.bands ?? defaultBands(this.y0, this.y1, minY, maxY)));
    this.bandCount = bands;
    this.bandHeight = n > 0 && maxY > minY ? (maxY - minY) / bands : 1;

    // Two passes (count, then fill) give a compact CSR layout without per-band arrays.
    const bandStart = new Uint32Array(bands + 1);
    for (let i = 0; i < n; i++) {
      const ya = this.y0[i]!, yb = this.y1[i]!;
      // A horizontal edge can never be crossed by a horizontal ray.
      if (ya === yb) continue;
      const hi = this.band(Math.max(ya, yb));
      for (let b = this.band(Math.min(ya, yb)); b <= hi; b++) bandStart[b + 1]!++;
    }
    for (let b = 0; b < bands; b++) bandStart[b + 1]! += bandStart[b]!;
    const fill = bandStart.slice(0, bands);
    const bandEdges = new Float64Array(bandStart[bands]! * 4);
    for (let i = 0; i < n; i++) {
      const ya = this.y0[i]!, yb = this.y1[i]!;
      if (ya === yb) continue;
      const hi = this.band(Math.max(ya, yb));
      for (let b = this.band(Math.min(ya, yb)); b <= hi; b++) {
        const k = fill[b]!++ * 4;
        bandEdges[k] = this.x0[i]!;
        bandEdges[k + 1] = ya;
        bandEdges[k + 2] = this.x1[i]!;
        bandEdges[k + 3] = yb;
      }
    }
    this.bandStart = bandStart;
    this.bandEdges = bandEdges;

    if (n > 0) {
      const tree = new Flatbush(n);
      for (let i = 0; i < n; i++) {
        const ax = this.x0[i]!, ay = this.y0[i]!, bx = this.x1[i]!, by = this.y1[i]!;
        tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      }
      tree.finish();
      this.tree = tree;
    } else {
      this.tree = null;
    }
  }

  /** Number of edges stored (zero-length edges dropped). */
  get edgeCount(): number {
    return this.x0.length;
  }

  /** [minLon, minLat, maxLon, maxLat]; all Infinity/-Infinity for an empty geometry. */
  get bbox(): [number, number, number, number] {
    return [this.minX, this.minY, this.maxX, this.maxY];
  }

  /**
   * Whether the point is inside (even-odd rule, so holes are holes). A point exactly on an
   * edge may go either way; callers that care use a distance tolerance.
   */
  contains(lon: number, lat: number): boolean {
    if (lon > 180 || lon < -180) lon -= 360 * Math.floor((lon + 180) / 360);
    if (lon === 180 || lon === -180) {
      // ±180 is the seam where Natural Earth cuts its polygons, so the point lies on an edge
      // of whichever piece touches it; nudging it to either side decides it honestly.
      return this.containsPlanar(180 - 1e-9, lat) || this.containsPlanar(-180 + 1e-9, lat);
    }
    return this.containsPlanar(lon, lat);
  }

  /**
   * Metres from the point to the nearest edge, or Infinity if no edge is within `maxM`.
   * Inside or outside makes no difference: combine with `contains` for a signed answer.
   */
  distanceToBoundaryM(lon: number, lat: number, maxM: number): number {
    const tree = this.tree;
    if (tree === null || !(maxM >= 0)) return Infinity;
    if (lon > 180 || lon < -180) lon -= 360 * Math.floor((lon + 180) / 360);
    const angle = maxM / EARTH_RADIUS_M;
    const dLat = angle * DEG;
    // Points within angular distance δ of latitude φ differ in longitude by at most
    // asin(sin δ / cos φ); past 1 the circle reaches a pole and every longitude qualifies.
    const s = Math.sin(Math.min(angle, Math.PI / 2)) / Math.cos((lat * Math.PI) / 180);
    const dLon = angle >= Math.PI / 2 || !(s < 1) ? 180 : Math.asin(s) * DEG;
    const minY = lat - dLat, maxY = lat + dLat;

    let best = Infinity;
    const visit = (i: number): boolean => {
      const d = pointSegmentDistanceM(lat, lon, this.y0[i]!, this.x0[i]!, this.y1[i]!, this.x1[i]!);
      if (d < best) best = d;
      return false;
    };
    if (dLon >= 180) {
      tree.search(-Infinity, minY, Infinity, maxY, visit);
    } else {
      const minX = lon - dLon, maxX = lon + dLon;
      tree.search(minX, minY, maxX, maxY, visit);
      // Search the part of the window that lies past the antimeridian, shifted back.
      if (minX < -180) tree.search(minX + 360, minY, Infinity, maxY, visit);
      if (maxX > 180) tree.search(-Infinity, minY, maxX - 360, maxY, visit);
    }
    return best <= maxM ? best : Infinity;
  }

  private band(lat: number): number {
    const b = Math.floor((lat - this.minY) / this.bandHeight);
    return b < 0 ? 0 : b >= this.bandCount ? this.bandCount - 1 : b;
  }

  private containsPlanar(lon: number, lat: number): boolean {
    if (!(lat >= this.minY && lat <= this.maxY && lon >= this.minX && lon <= this.maxX)) return false;
    const b = this.band(lat);
    const edges = this.bandEdges;
    const end = this.bandStart[b + 1]! * 4;
    let inside = false;
    for (let k = this.bandStart[b]! * 4; k < end; k += 4) {
      const ax = edges[k]!, ay = edges[k + 1]!, bx = edges[k + 2]!, by = edges[k + 3]!;
      if (ay > lat !== by > lat && lon < ((bx - ax) * (lat - ay)) / (by - ay) + ax) inside = !inside;
    }
    return inside;
  }
}
