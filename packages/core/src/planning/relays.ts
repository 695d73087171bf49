/**
 * Fibre relays: a site reached by fibre becomes a transmission node for its neighbours, so fibre
 * can run site to site instead of each site back to the backbone. The network is grown as a
 * minimum spanning forest (Prim's algorithm) from the operational nodes and the sites already on
 * fibre, over the k nearest neighbours of each site, with at most maxLinkM of route per link.
 *
 *     const r = fiberRelays(sites, role, directRouteM, { maxLinkM: 50_000, routeFactor: 1.1, neighbours: 8 });
 *     r.parent[i];  // the site i's fibre comes from (-1: a transmission node, -2: out of reach)
 *     r.linkM[i];   // route length of that link
 *
 * Each site gets the shortest link that joins it to the growing network, so the sum of links is
 * the cheapest network reaching every site that can be reached (on the k-nearest graph, which
 * holds the Euclidean minimum spanning tree in practice for k ≥ 6). Links are straight × the route
 * factor, or along roads when `routesM` measures them.
 */

import { sphereIndexOf } from '../spatial/sphere-index.js';
import { MinHeap } from './heap.js';

export const ROLE = { absent: 0, candidate: 1, onFiber: 2 } as const;

export interface RelayOptions {
  maxLinkM: number;
  routeFactor: number;
  neighbours: number;
  /**
   * Route lengths from site i to its neighbours js (straight distances given), when routes follow
   * something other than the straight line × routeFactor (a road network).
   */
  routesM?: (i: number, js: number[], straightM: number[]) => number[];
}

export interface FiberRelays {
  /** A site index, -1 for a transmission node (a direct link), -2 when out of reach or absent. */
  parent: Int32Array;
  /** Route length of the link to the parent, metres (0 for sites already on fibre, NaN when out of reach). */
  linkM: Float64Array;
  /** Sites in the order the network reached them: a parent always comes before its children. */
  order: Int32Array;
}

/**
 * role[i]: ROLE.candidate for a site to be connected, ROLE.onFiber for a connected site on fibre
 * (it relays, at no cost), ROLE.absent for a site that takes no part. directRouteM[i]: route to the
 * nearest operational node (NaN when there is none).
 */
export function fiberRelays(
  sites: { lon: Float64Array; lat: Float64Array },
  role: Uint8Array,
  directRouteM: Float64Array,
  o: RelayOptions,
): FiberRelays {
  const n = role.length;
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (role[i] !== ROLE.absent) members.push(i);
  const index = sphereIndexOf(sites, members);
  const reachM = o.maxLinkM / o.routeFactor;

  // Adjacency in both directions: i's k nearest, and every site that has i among its k nearest.
  const edges: [number, number, number][] = [];
  for (const i of members) {
    const near = index.nearestK(sites.lon[i]!, sites.lat[i]!, o.neighbours + 1, reachM);
    const js: number[] = [];
    const straightM: number[] = [];
    near.indices.forEach((k, r) => {
      if (members[k] === i) return;
      js.push(members[k]!);
      straightM.push(near.distancesM[r]!);
    });
    const routeM = o.routesM ? o.routesM(i, js, straightM) : straightM.map((d) => d * o.routeFactor);
    js.forEach((j, r) => edges.push([i, j, routeM[r]!], [j, i, routeM[r]!]));
  }
  const start = new Int32Array(n + 1);
  for (const [i] of edges) start[i + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const to = new Int32Array(edges.length);
  const lengthM = new Float64Array(edges.length);
  for (const [i, j, d] of edges) {
    const at = fill[i]!++;
    to[at] = j;
    lengthM[at] = d;
  }

  const parent = new Int32Array(n).fill(-2);
  const linkM = new Float64Array(n).fill(NaN);
  const key = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  const heap = new MinHeap(members.length);
  for (const i of members) {
    if (role[i] === ROLE.onFiber) key[i] = 0;
    else if (directRouteM[i]! <= o.maxLinkM) key[i] = directRouteM[i]!;
    else continue;
    parent[i] = -1;
    linkM[i] = key[i]!;
    heap.push(i, key[i]!);
  }
  const order: number[] = [];
  while (heap.size) {
    const k = heap.peekKey();
    const i = heap.pop();
    if (done[i] || k > key[i]!) continue;
    done[i] = 1;
    order.push(i);
    for (let e = start[i]!; e < start[i + 1]!; e++) {
      const j = to[e]!;
      const d = lengthM[e]!;
      if (done[j] || role[j] !== ROLE.candidate || d > o.maxLinkM || d >= key[j]!) continue;
      key[j] = d;
      parent[j] = i;
      linkM[j] = d;
      heap.push(j, d);
    }
  }
  return { parent, linkM, order: Int32Array.from(order) };
}
