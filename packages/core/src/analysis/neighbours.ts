/**
 * Schools and other sites near each site: the co-connection opportunities (a post office and
 * the schools beside it can share one link).
 *
 *     const n = neighboursOfSites(sites, isSchool, [1_000, 2_000, 3_000]);
 *     n.schools[0][i];  // schools within 1 km of site i, itself excluded
 */

import { SphereIndex } from '../spatial/sphere-index.js';
import type { PointColumns } from './population.js';

export interface NeighbourCounts {
  schools: Uint32Array[];
  otherSites: Uint32Array[];
}

export function neighboursOfSites(sites: PointColumns, isSchool: Uint8Array, radiiM: readonly number[]): NeighbourCounts {
  const n = sites.lon.length;
  const schools = radiiM.map(() => new Uint32Array(n));
  const otherSites = radiiM.map(() => new Uint32Array(n));
  const index = new SphereIndex(sites.lon, sites.lat);
  const reach = radiiM[radiiM.length - 1] ?? 0;
  for (let i = 0; i < n; i++) {
    index.within(sites.lon[i]!, sites.lat[i]!, reach, (j, d) => {
      if (j === i) return;
      const counts = isSchool[j] ? schools : otherSites;
      for (let k = radiiM.length - 1; k >= 0 && d <= radiiM[k]! * (1 + 1e-12); k--) counts[k]![i]!++;
    });
  }
  return { schools, otherSites };
}
