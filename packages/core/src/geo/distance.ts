/**
 * Distances on a spherical Earth, in metres.
 *
 *     haversineM(40.4168, -3.7038, 38.7223, -9.1393); // Madrid–Lisbon ≈ 503 km
 *     pointSegmentDistanceM(lat, lon, aLat, aLon, bLat, bLon); // point to a boundary edge
 *
 * A sphere of the IUGG mean radius is within ~0.5% of the ellipsoid everywhere, which is
 * far below the accuracy of the coordinates this project receives.
 */

/** IUGG mean Earth radius (R1), metres. */
export const EARTH_RADIUS_M = 6371008.8;

const RAD = Math.PI / 180;

/** Great-circle distance between two points given in degrees. */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  // sin² is periodic in 360°, so a pair across the antimeridian needs no wrapping.
  const sinDLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLon * sinDLon;
  // Rounding can push h a hair past 1 for antipodal points.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, h)));
}

/** Longitude difference folded into [-180, 180]. */
export function wrapLonDelta(d: number): number {
  if (d >= -180 && d <= 180) return d;
  return d - 360 * Math.floor((d + 180) / 360);
}

/**
 * Distance from a point to the segment a–b (straight in lon/lat, as polygon edges are drawn).
 *
 * The nearest point of the segment is found in an equirectangular projection centred on the
 * query point; the distance to it is then measured exactly with the haversine formula. The
 * projection only has to pick the right spot, and an error in that spot changes the distance
 * to second order, so the result stays well within 0.5% for segments of ~100 km even at high
 * latitude. Longitudes are wrapped so that a segment just across the antimeridian is near.
 */
export function pointSegmentDistanceM(
  lat: number, lon: number,
  aLat: number, aLon: number,
  bLat: number, bLon: number,
): number {
  const kx = Math.cos(lat * RAD);
  const ax = wrapLonDelta(aLon - lon);
  // b relative to a, so a segment never goes the long way round the globe.
  const abx = wrapLonDelta(bLon - aLon);
  const ay = aLat - lat;
  const aby = bLat - aLat;
  const px = -ax * kx;
  const py = -ay;
  const dx = abx * kx;
  const dy = aby;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  return haversineM(lat, lon, aLat + t * aby, lon + ax + t * abx);
}
