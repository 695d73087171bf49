/**
 * The locator: where a service is offered near a point, nearest first, and whether it is open.
 * The store hands over the candidates inside a box around the point (locatorBox); here they are
 * measured on the sphere, filtered and ranked.
 *
 *     const boxes = locatorBoxes(40.4168, -3.7038, 10);  // for the store's prefilter
 *     rankServices(candidates, { lat: 40.4168, lon: -3.7038, at: new Date(), withinKm: 10 });
 */
import { EARTH_RADIUS_M, haversineM } from '../geo/distance.js';
import type { HsdsRecord } from './hsds.js';
import { openAt, type Opening } from './schedule.js';

export const LOCATOR_PARAMETERS = {
  /** How far to look when the question does not say. */
  withinKm: 25,
  /** How many answers. */
  limit: 10,
};

/** One service at one location, as the store finds it. */
export interface ServiceCandidate {
  /** The catalogue's country (ISO alpha-3). */
  country: string;
  siteId: number;
  locationId: string;
  serviceAtLocationId: string;
  serviceId: string;
  serviceName: string;
  /** The location's name, else its site's. */
  name: string | null;
  lat: number;
  lon: number;
  timeZone: string;
  /** Languages of the service and of the location (BCP 47 codes). */
  languages: string[];
  wheelchair: boolean;
  /** The office's hours (the location's schedules). */
  locationSchedules: HsdsRecord[];
  /** The service's own hours there: of the service_at_location, else of the service. */
  serviceSchedules: HsdsRecord[];
}

export interface LocateQuery {
  lat: number;
  lon: number;
  at: Date;
  withinKm?: number;
  wheelchair?: boolean;
  /** A BCP 47 code; 'es' accepts 'es-ES'. */
  language?: string;
  /** Keep the closed ones and those without hours too, still by distance. */
  anyTime?: boolean;
  limit?: number;
}

export interface LocatedService extends ServiceCandidate {
  distanceM: number;
  opening: Opening;
}

export interface LatLonBox { west: number; south: number; east: number; north: number }

/**
 * The lat/lon boxes that hold the circle of `withinKm` around the point, for an index prefilter:
 * one, or two where the circle crosses the antimeridian (Fiji, Chukotka, Kiribati), since a box
 * with west > east would select nothing.
 */
export function locatorBoxes(lat: number, lon: number, withinKm: number): LatLonBox[] {
  const dLat = (withinKm * 1000 / EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.cos(Math.min(89.9, Math.abs(lat) + dLat) * (Math.PI / 180));
  const dLon = Math.min(180, dLat / cos);
  const south = Math.max(-90, lat - dLat);
  const north = Math.min(90, lat + dLat);
  const west = lon - dLon;
  const east = lon + dLon;
  if (dLon >= 180) return [{ west: -180, south, east: 180, north }];
  if (west < -180) return [{ west: west + 360, south, east: 180, north }, { west: -180, south, east, north }];
  if (east > 180) return [{ west, south, east: 180, north }, { west: -180, south, east: east - 360, north }];
  return [{ west, south, east, north }];
}

/**
 * Within the distance, with the asked accessibility and language, and (unless anyTime) open at the
 * instant, in each location's own time zone; nearest first, ties by service name then id.
 */
export function rankServices(candidates: readonly ServiceCandidate[], q: LocateQuery, p = LOCATOR_PARAMETERS): LocatedService[] {
  const withinM = (q.withinKm ?? p.withinKm) * 1000;
  const language = q.language?.toLowerCase();
  const speaks = (codes: string[]) => codes.some((c) => c.toLowerCase() === language || c.toLowerCase().startsWith(`${language}-`));
  const out: LocatedService[] = [];
  for (const c of candidates) {
    const distanceM = haversineM(q.lat, q.lon, c.lat, c.lon);
    if (distanceM > withinM) continue;
    if (q.wheelchair && !c.wheelchair) continue;
    if (language && !speaks(c.languages)) continue;
    const opening = openAt([c.locationSchedules, c.serviceSchedules], q.at, c.timeZone);
    if (!q.anyTime && opening.state !== 'open') continue;
    out.push({ ...c, distanceM, opening });
  }
  out.sort((a, b) => a.distanceM - b.distanceM || a.serviceName.localeCompare(b.serviceName) || (a.serviceAtLocationId < b.serviceAtLocationId ? -1 : 1));
  return out.slice(0, q.limit ?? p.limit);
}
