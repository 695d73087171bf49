/**
 * Two scenarios side by side: what each funds, and the sites on which they differ.
 *
 *     const d = compareScenarios(sitesOfA, sitesOfB);
 *     d.people;       // [people served by A, by B]
 *     d.onlyIn[1];    // site ids B funds and A does not
 */

export interface ScenarioSiteLike {
  siteId: number;
  technology: string | null;
  /** null: not funded. */
  year: number | null;
  peopleServed: number;
  costUsd: number;
}

export interface ScenarioComparison {
  sites: [number, number];
  people: [number, number];
  costUsd: [number, number];
  /** Funded sites found in one scenario only: [only in A, only in B]. */
  onlyIn: [number[], number[]];
  technologyChanged: { siteId: number; a: string | null; b: string | null }[];
  yearChanged: { siteId: number; a: number; b: number }[];
}

export function compareScenarios(a: readonly ScenarioSiteLike[], b: readonly ScenarioSiteLike[]): ScenarioComparison {
  const funded = (list: readonly ScenarioSiteLike[]) => new Map(list.filter((s) => s.year !== null).map((s) => [s.siteId, s]));
  const A = funded(a);
  const B = funded(b);
  const sum = (m: Map<number, ScenarioSiteLike>, k: 'peopleServed' | 'costUsd') => [...m.values()].reduce((t, s) => t + s[k], 0);
  const out: ScenarioComparison = {
    sites: [A.size, B.size],
    people: [sum(A, 'peopleServed'), sum(B, 'peopleServed')],
    costUsd: [sum(A, 'costUsd'), sum(B, 'costUsd')],
    onlyIn: [[...A.keys()].filter((id) => !B.has(id)), [...B.keys()].filter((id) => !A.has(id))],
    technologyChanged: [],
    yearChanged: [],
  };
  for (const [id, x] of A) {
    const y = B.get(id);
    if (!y) continue;
    if (x.technology !== y.technology) out.technologyChanged.push({ siteId: id, a: x.technology, b: y.technology });
    if (x.year !== y.year) out.yearChanged.push({ siteId: id, a: x.year!, b: y.year! });
  }
  return out;
}
