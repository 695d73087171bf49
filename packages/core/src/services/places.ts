/**
 * Places people name when they ask for the nearest office ("Sevilla", "Dos Hermanas"), for the
 * page that works without a script and so cannot ask the phone for its position. A name matches
 * folded (no accents, no case); exact names come before prefixes, bigger places first, since
 * "Valencia" said in Spain most likely means the city of 800,000.
 *
 *     const g = new Gazetteer(places);
 *     g.find('sevill', { countries: new Set(['ESP']) });   // [{ name: 'Sevilla', ... }]
 */
import { foldText } from './taxonomy.js';

export interface Place {
  name: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  lat: number;
  lon: number;
  population: number;
  /** Other names of the place (other languages, spellings). */
  altNames?: readonly string[];
}

/** Folded, with hyphens and apostrophes as spaces: "Saint-Louis" is found as "saint louis". */
const placeKey = (s: string) => foldText(s.replace(/[-‐'’]/g, ' ')).replace(/\s+/g, ' ');

export class Gazetteer {
  private readonly names: string[][];

  constructor(readonly places: readonly Place[]) {
    this.names = places.map((p) => [...new Set([p.name, ...(p.altNames ?? [])].map(placeKey).filter(Boolean))]);
  }

  /** Up to `limit` places whose name (or another name) is the query, then those it begins. */
  find(query: string, o: { countries?: ReadonlySet<string>; limit?: number } = {}): Place[] {
    const q = placeKey(query);
    if (q.length < 2) return [];
    const exact: number[] = [];
    const prefix: number[] = [];
    this.places.forEach((p, i) => {
      if (o.countries && !o.countries.has(p.country)) return;
      const names = this.names[i]!;
      if (names.includes(q)) exact.push(i);
      else if (names.some((n) => n.startsWith(q))) prefix.push(i);
    });
    const bigFirst = (a: number, b: number) => this.places[b]!.population - this.places[a]!.population || a - b;
    return [...exact.sort(bigFirst), ...prefix.sort(bigFirst)].slice(0, o.limit ?? 5).map((i) => this.places[i]!);
  }
}
