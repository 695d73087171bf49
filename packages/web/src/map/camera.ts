/**
 * Web Mercator as MapLibre uses it (a 512-pixel world at zoom 0), and the view a page opens on:
 * the position in a shared link's hash, else the country in the link fitted to the screen, else the
 * world. The preview and the map both start from it, so the map's first frame is the preview's.
 */
import { FIT, WORLD_VIEW } from './palette.js';

export interface Camera {
  center: [lon: number, lat: number];
  zoom: number;
}

const TILE = 512;
const MAX_LAT = 85.051129;

/** World pixels at zoom 0: x and y in [0, 512). */
export function project(lon: number, lat: number): [number, number] {
  const φ = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [((lon + 180) / 360) * TILE, (0.5 - Math.log(Math.tan(Math.PI / 4 + φ / 2)) / (2 * Math.PI)) * TILE];
}

export function unproject(x: number, y: number): [number, number] {
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / TILE))) * 180) / Math.PI;
  return [(x / TILE) * 360 - 180, lat];
}

/** MapLibre's hash (#zoom/lat/lon[/bearing/pitch]), as `hash: true` reads it. */
export function cameraFromHash(hash: string): Camera | null {
  const m = /^#([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)/.exec(hash);
  if (!m) return null;
  const [zoom, lat, lon] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return [zoom, lat, lon].every(Number.isFinite) ? { center: [lon, lat], zoom } : null;
}

/** What fitBounds(bbox, { padding, maxZoom }) shows on a screen of this size. */
export function fitBounds([west, south, east, north]: readonly number[], width: number, height: number): Camera {
  const [x0, y1] = project(west!, south!);
  const [x1, y0] = project(east!, north!);
  const room = (px: number, extent: number) => Math.log2(Math.max(1, px - 2 * FIT.padding) / Math.max(extent, 1e-9));
  const zoom = Math.max(0, Math.min(FIT.maxZoom, room(width, x1 - x0), room(height, y1 - y0)));
  return { center: unproject((x0 + x1) / 2, (y0 + y1) / 2), zoom };
}

export function initialCamera(hash: string, bbox: readonly number[] | null, width: number, height: number): Camera {
  return cameraFromHash(hash) ?? (bbox ? fitBounds(bbox, width, height) : WORLD_VIEW);
}
