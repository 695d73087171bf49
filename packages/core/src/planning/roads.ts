/**
 * A road network as a graph, for routing fibre along roads: vertices are the lines' vertices
 * (lines that share a coordinate are joined there), edges the segments between them, in metres.
 *
 *     const roads = RoadNetwork.fromLines(lines);          // GeoJSON LineString coordinates
 *     const fromNodes = roads.distancesFrom(nodes, 50_000); // along roads, from the nearest node
 *     roads.routeM(fromNodes, lon, lat);                    // + the straight connector to the road
 *
 * A point joins the network at its nearest vertex by a straight connector (the drop cable).
 */

import { haversineM } from '../geo/distance.js';
import { SphereIndex } from '../spatial/sphere-index.js';
import { MinHeap } from './heap.js';

export class RoadNetwork {
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Edges of vertex v: to[start[v] .. start[v + 1] - 1], with their lengths. */
  private readonly start: Int32Array;
  private readonly to: Int32Array;
  private readonly lengthM: Float64Array;
  private readonly index: SphereIndex;

  private constructor(lon: Float64Array, lat: Float64Array, edges: [number, number, number][]) {
    this.lon = lon;
    this.lat = lat;
    const n = lon.length;
    this.start = new Int32Array(n + 1);
    for (const [a, b] of edges) {
      this.start[a + 1]!++;
      this.start[b + 1]!++;
    }
    for (let v = 0; v < n; v++) this.start[v + 1]! += this.start[v]!;
    const fill = this.start.slice(0, n);
    this.to = new Int32Array(2 * edges.length);
    this.lengthM = new Float64Array(2 * edges.length);
    for (const [a, b, d] of edges) {
      this.to[fill[a]!] = b;
      this.lengthM[fill[a]!++] = d;
      this.to[fill[b]!] = a;
      this.lengthM[fill[b]!++] = d;
    }
    this.index = new SphereIndex(lon, lat);
  }

  /** Lines as GeoJSON coordinates ([lon, lat] pairs); a coordinate repeated to 1e-7° is one vertex. */
  static fromLines(lines: readonly (readonly (readonly number[])[])[]): RoadNetwork {
    const id = new Map<string, number>();
    const lon: number[] = [];
    const lat: number[] = [];
    const edges: [number, number, number][] = [];
    for (const line of lines) {
      let previous = -1;
      for (const [x, y] of line) {
        const key = `${x!.toFixed(7)},${y!.toFixed(7)}`;
        let v = id.get(key);
        if (v === undefined) {
          v = lon.push(x!) - 1;
          lat.push(y!);
          id.set(key, v);
        }
        if (previous >= 0 && previous !== v) edges.push([previous, v, haversineM(lat[previous]!, lon[previous]!, y!, x!)]);
        previous = v;
      }
    }
    return new RoadNetwork(Float64Array.from(lon), Float64Array.from(lat), edges);
  }

  get size(): number {
    return this.lon.length;
  }

  /** The vertex a point joins the network at, and the straight connector's length. */
  snap(lon: number, lat: number): { vertex: number; connectorM: number } {
    const vertex = this.index.nearest(lon, lat);
    return { vertex, connectorM: this.index.distanceM };
  }

  /**
   * Shortest distance along the roads from any of the points (each with its connector) to every
   * vertex, up to maxM (Infinity beyond). Stops early once every vertex in `targets` is settled.
   */
  distancesFrom(points: readonly { lon: number; lat: number }[], maxM: number, targets?: ReadonlySet<number>): Float64Array {
    const dist = new Float64Array(this.size).fill(Infinity);
    const heap = new MinHeap(64);
    for (const p of points) {
      const { vertex, connectorM } = this.snap(p.lon, p.lat);
      if (vertex >= 0 && connectorM < dist[vertex]!) {
        dist[vertex] = connectorM;
        heap.push(vertex, connectorM);
      }
    }
    let left = targets?.size ?? Infinity;
    const settled = new Uint8Array(this.size);
    while (heap.size) {
      const d = heap.peekKey();
      const v = heap.pop();
      if (settled[v] || d > dist[v]! || d > maxM) continue;
      settled[v] = 1;
      if (targets?.has(v) && --left === 0) break;
      for (let e = this.start[v]!; e < this.start[v + 1]!; e++) {
        const w = this.to[e]!;
        const nd = d + this.lengthM[e]!;
        if (nd < dist[w]! && nd <= maxM) {
          dist[w] = nd;
          heap.push(w, nd);
        }
      }
    }
    return dist;
  }

  /** Route from the distances' sources to a point: along the roads, then its connector (Infinity when unreached). */
  routeM(dist: Float64Array, lon: number, lat: number): number {
    const { vertex, connectorM } = this.snap(lon, lat);
    return vertex < 0 ? Infinity : dist[vertex]! + connectorM;
  }
}
