/**
 * A static k-d tree of points on the sphere: nearest neighbour and radius search in metres.
 *
 *     const cells = new SphereIndex(lon, lat);       // Float64Array columns, degrees
 *     const i = cells.nearest(77.2, 28.6);           // index into lon/lat, -1 if the index is empty
 *     cells.distanceM;                               // great-circle distance to it
 *     cells.within(77.2, 28.6, 3_000, (i, d) => {}); // every point within 3 km
 *     cells.nearestK(77.2, 28.6, 8, 45_000);         // up to 8 nearest within 45 km, nearest first
 *
 * Points are stored as unit vectors (x, y, z) and the tree splits on x, y, z in turn, as kdbush
 * splits on x and y. The straight-line (chord) distance between unit vectors grows with the
 * great-circle distance, so the nearest by chord is the nearest on the sphere, and the search
 * needs no case for the antimeridian or the poles: there are no seams in three dimensions. A
 * query costs O(log n) node visits and no trigonometry beyond converting the query point; the
 * distance reported is exact on a sphere of the IUGG mean radius (see geo/distance.ts).
 *
 * Results are indices into the caller's arrays, so the caller keeps its own columns.
 */

import { EARTH_RADIUS_M } from '../geo/distance.js';

const RAD = Math.PI / 180;

/** Chord length on the unit sphere for a great-circle distance in metres (≥ 2 means "anywhere"). */
export function chordOfDistanceM(distanceM: number): number {
  if (!(distanceM < Math.PI * EARTH_RADIUS_M)) return 2;
  return 2 * Math.sin(distanceM / (2 * EARTH_RADIUS_M));
}

/** Great-circle distance in metres for a chord length on the unit sphere. */
export function distanceMOfChord(chord: number): number {
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, chord / 2));
}

/** An index of the points members[k] of lon/lat columns; its results are k, so members[k] is the caller's index. */
export function sphereIndexOf(columns: { lon: ArrayLike<number>; lat: ArrayLike<number> }, members: ArrayLike<number>): SphereIndex {
  return new SphereIndex(Float64Array.from(members, (j) => columns.lon[j]!), Float64Array.from(members, (j) => columns.lat[j]!));
}

export class SphereIndex {
  readonly size: number;
  /** Tree order → caller's index. */
  readonly ids: Uint32Array;
  /** x, y, z of each point in tree order. */
  readonly coords: Float64Array;
  readonly nodeSize: number;
  /** Distance in metres of the point the last `nearest` call returned (Infinity if none). */
  distanceM = Infinity;

  // Scratch state of the current nearest search, kept on the instance to avoid closures per query.
  private qx = 0;
  private qy = 0;
  private qz = 0;
  private best2 = Infinity;
  private best = -1;

  constructor(lon: ArrayLike<number>, lat: ArrayLike<number>, nodeSize = 16) {
    if (lon.length !== lat.length) throw new Error(`lon and lat differ in length (${lon.length} vs ${lat.length})`);
    const n = lon.length;
    this.size = n;
    this.nodeSize = Math.max(1, nodeSize | 0);
    this.ids = new Uint32Array(n);
    this.coords = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const phi = lat[i]! * RAD;
      const lam = lon[i]! * RAD;
      const c = Math.cos(phi);
      this.ids[i] = i;
      this.coords[3 * i] = c * Math.cos(lam);
      this.coords[3 * i + 1] = c * Math.sin(lam);
      this.coords[3 * i + 2] = Math.sin(phi);
    }
    sortKD(this.ids, this.coords, this.nodeSize, 0, n - 1, 0);
  }

  /**
   * Index of the point nearest to (lon, lat) within maxDistanceM, or -1; its distance is left in
   * `distanceM`. Ties go to whichever the tree reaches first.
   */
  nearest(lon: number, lat: number, maxDistanceM = Infinity): number {
    this.setQuery(lon, lat);
    const c = chordOfDistanceM(maxDistanceM);
    // Strictly below best2 wins, so a point exactly at maxDistanceM still counts (at 0 too, hence
    // MIN_VALUE); nothing is within a negative or NaN distance, as in `within`.
    this.best2 = c >= 2 ? Infinity : c * c * (1 + 1e-12) + Number.MIN_VALUE;
    this.best = -1;
    if (this.size > 0 && maxDistanceM >= 0) this.searchNearest(0, this.size - 1, 0);
    this.distanceM = this.best < 0 ? Infinity : distanceMOfChord(Math.sqrt(this.best2));
    return this.best < 0 ? -1 : this.ids[this.best]!;
  }

  /**
   * Calls visit(index, distanceM) for every point within radiusM of (lon, lat), in tree order.
   * When visit returns true the search stops (for "is there any ..." questions). Returns the
   * number of points visited.
   */
  within(lon: number, lat: number, radiusM: number, visit: (index: number, distanceM: number) => boolean | void): number {
    if (this.size === 0 || !(radiusM >= 0)) return 0;
    this.setQuery(lon, lat);
    const { ids, coords, nodeSize, qx, qy, qz } = this;
    const q = [qx, qy, qz];
    const r = chordOfDistanceM(radiusM);
    const r2 = r * r * (1 + 1e-12);
    const stack = [0, this.size - 1, 0];
    let count = 0;
    while (stack.length) {
      const axis = stack.pop()!;
      const right = stack.pop()!;
      const left = stack.pop()!;
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) {
          const d2 = sqDist(coords, i, qx, qy, qz);
          if (d2 <= r2) {
            count++;
            if (visit(ids[i]!, distanceMOfChord(Math.sqrt(d2)))) return count;
          }
        }
        continue;
      }
      const m = (left + right) >> 1;
      const d2 = sqDist(coords, m, qx, qy, qz);
      if (d2 <= r2) {
        count++;
        if (visit(ids[m]!, distanceMOfChord(Math.sqrt(d2)))) return count;
      }
      const split = coords[3 * m + axis]!;
      const next = (axis + 1) % 3;
      if (q[axis]! - r <= split) stack.push(left, m - 1, next);
      if (q[axis]! + r >= split) stack.push(m + 1, right, next);
    }
    return count;
  }

  /**
   * Up to k points nearest to (lon, lat) within maxDistanceM, nearest first, as caller's indices
   * with their distances.
   */
  nearestK(lon: number, lat: number, k: number, maxDistanceM = Infinity): { indices: number[]; distancesM: number[] } {
    this.setQuery(lon, lat);
    const c = chordOfDistanceM(maxDistanceM);
    const kBest: KBest = { k: Math.max(0, k | 0), at: [], d2: [], limit2: c >= 2 ? Infinity : c * c * (1 + 1e-12) };
    if (this.size > 0 && maxDistanceM >= 0 && kBest.k > 0) this.searchK(0, this.size - 1, 0, kBest);
    return { indices: kBest.at.map((i) => this.ids[i]!), distancesM: kBest.d2.map((d2) => distanceMOfChord(Math.sqrt(d2))) };
  }

  private searchK(left: number, right: number, axis: number, b: KBest): void {
    const { coords, qx, qy, qz } = this;
    if (right - left <= this.nodeSize) {
      for (let i = left; i <= right; i++) offer(b, i, sqDist(coords, i, qx, qy, qz));
      return;
    }
    const m = (left + right) >> 1;
    offer(b, m, sqDist(coords, m, qx, qy, qz));
    const diff = (axis === 0 ? qx : axis === 1 ? qy : qz) - coords[3 * m + axis]!;
    const next = axis === 2 ? 0 : axis + 1;
    const [near, far] = diff <= 0 ? [[left, m - 1], [m + 1, right]] as const : [[m + 1, right], [left, m - 1]] as const;
    this.searchK(near[0], near[1], next, b);
    if (diff * diff <= bound2(b)) this.searchK(far[0], far[1], next, b);
  }

  private setQuery(lon: number, lat: number): void {
    const phi = lat * RAD;
    const lam = lon * RAD;
    const c = Math.cos(phi);
    this.qx = c * Math.cos(lam);
    this.qy = c * Math.sin(lam);
    this.qz = Math.sin(phi);
  }

  private searchNearest(left: number, right: number, axis: number): void {
    const { coords, qx, qy, qz } = this;
    if (right - left <= this.nodeSize) {
      for (let i = left; i <= right; i++) {
        const d2 = sqDist(coords, i, qx, qy, qz);
        if (d2 < this.best2) {
          this.best2 = d2;
          this.best = i;
        }
      }
      return;
    }
    const m = (left + right) >> 1;
    const d2 = sqDist(coords, m, qx, qy, qz);
    if (d2 < this.best2) {
      this.best2 = d2;
      this.best = m;
    }
    const diff = (axis === 0 ? qx : axis === 1 ? qy : qz) - coords[3 * m + axis]!;
    const next = axis === 2 ? 0 : axis + 1;
    // The query's side first: it usually holds the answer, and a small best2 prunes the other side.
    if (diff <= 0) {
      this.searchNearest(left, m - 1, next);
      if (diff * diff < this.best2) this.searchNearest(m + 1, right, next);
    } else {
      this.searchNearest(m + 1, right, next);
      if (diff * diff < this.best2) this.searchNearest(left, m - 1, next);
    }
  }
}

/** The k best so far, sorted by squared chord; nothing beyond limit2 is taken. */
interface KBest { k: number; at: number[]; d2: number[]; limit2: number }

function bound2(b: KBest): number {
  return b.at.length < b.k ? b.limit2 : b.d2[b.k - 1]!;
}

function offer(b: KBest, i: number, d2: number): void {
  if (!(d2 <= b.limit2) || (b.at.length === b.k && d2 >= b.d2[b.k - 1]!)) return;
  let j = b.at.length === b.k ? b.k - 1 : b.at.length;
  for (; j > 0 && b.d2[j - 1]! > d2; j--) {
    b.at[j] = b.at[j - 1]!;
    b.d2[j] = b.d2[j - 1]!;
  }
  b.at[j] = i;
  b.d2[j] = d2;
}

function sqDist(coords: Float64Array, i: number, x: number, y: number, z: number): number {
  const dx = coords[3 * i]! - x;
  const dy = coords[3 * i + 1]! - y;
  const dz = coords[3 * i + 2]! - z;
  return dx * dx + dy * dy + dz * dz;
}

// kdbush's build, in three dimensions: the median of each range on the current axis goes to the
// middle, smaller values to its left, larger to its right.
function sortKD(ids: Uint32Array, coords: Float64Array, nodeSize: number, left: number, right: number, axis: number): void {
  if (right - left <= nodeSize) return;
  const m = (left + right) >> 1;
  select(ids, coords, m, left, right, axis);
  const next = (axis + 1) % 3;
  sortKD(ids, coords, nodeSize, left, m - 1, next);
  sortKD(ids, coords, nodeSize, m + 1, right, next);
}

// Floyd–Rivest selection, as in kdbush.
function select(ids: Uint32Array, coords: Float64Array, k: number, left: number, right: number, axis: number): void {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      select(ids, coords, k, newLeft, newRight, axis);
    }
    const t = coords[3 * k + axis]!;
    let i = left;
    let j = right;
    swap(ids, coords, left, k);
    if (coords[3 * right + axis]! > t) swap(ids, coords, left, right);
    while (i < j) {
      swap(ids, coords, i, j);
      i++;
      j--;
      while (coords[3 * i + axis]! < t) i++;
      while (coords[3 * j + axis]! > t) j--;
    }
    if (coords[3 * left + axis] === t) swap(ids, coords, left, j);
    else {
      j++;
      swap(ids, coords, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(ids: Uint32Array, coords: Float64Array, i: number, j: number): void {
  const id = ids[i]!;
  ids[i] = ids[j]!;
  ids[j] = id;
  for (let a = 0; a < 3; a++) {
    const t = coords[3 * i + a]!;
    coords[3 * i + a] = coords[3 * j + a]!;
    coords[3 * j + a] = t;
  }
}
