/**
 * The first screen on a slow link: the map's opening view drawn once on a canvas, from the sources
 * the map itself will read (the 1:110m base map and the site tiles at the zoom MapLibre will ask
 * for), before MapLibre's 350 kB have arrived. The map then finds both in the browser's cache and
 * takes over at its first full frame. A few kB of code instead of MapLibre: on DevTools' Slow 4G
 * (180 kB/s, 562 ms a round trip) that is the difference between about 2 s and 7 s.
 */
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import type { CountryEntry } from '../app.js';
import basemapUrl from './basemap/countries-110m.geojson?url';
import { cameraFromHash, initialCamera, project, type Camera } from './camera.js';
import { CLUSTER_RADIUS, COLOURS, SITE_OUTLINE, SITE_RADIUS, interpolate, tileUrl } from './palette.js';
import { tilePoints, type TilePoint } from './tile-points.js';

type Polygon = number[][][];
interface Basemap { features: { geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: Polygon | Polygon[] } | null }[] }

/** Screen pixels of zoom-0 world pixels for a camera on a screen of this size. */
function screen(camera: Camera, width: number, height: number) {
  const scale = 2 ** camera.zoom;
  const [cx, cy] = project(...camera.center).map((v) => v * scale) as [number, number];
  return { scale, left: cx - width / 2, top: cy - height / 2 };
}

function drawBasemap(ctx: CanvasRenderingContext2D, basemap: Basemap, camera: Camera, width: number, height: number): void {
  const { scale, left, top } = screen(camera, width, height);
  const land = new Path2D();
  for (const f of basemap.features) {
    if (!f.geometry) continue;
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates as Polygon] : (f.geometry.coordinates as Polygon[]);
    for (const ring of polygons.flat()) {
      ring.forEach(([lon, lat], i) => {
        const [x, y] = project(lon!, lat!);
        if (i === 0) land.moveTo(x * scale - left, y * scale - top);
        else land.lineTo(x * scale - left, y * scale - top);
      });
      land.closePath();
    }
  }
  // The world repeats sideways, as MapLibre draws it.
  const world = 512 * scale;
  for (let k = Math.floor(left / world); k * world < left + width; k++) {
    ctx.save();
    ctx.translate(k * world, 0);
    ctx.fillStyle = COLOURS.land;
    ctx.fill(land, 'evenodd');
    ctx.strokeStyle = COLOURS.border;
    ctx.lineWidth = 0.6;
    ctx.stroke(land);
    ctx.restore();
  }
}

/** The tiles MapLibre covers the screen with (512-pixel tiles at the zoom's floor), as [z, x, y, wrapped x]. */
export function coveringTiles(camera: Camera, width: number, height: number, maxzoom = 14): [number, number, number, number][] {
  const { scale, left, top } = screen(camera, width, height);
  const z = Math.max(0, Math.min(maxzoom, Math.floor(camera.zoom)));
  const n = 2 ** z;
  const size = (512 * scale) / n;
  const tiles: [number, number, number, number][] = [];
  for (let y = Math.max(0, Math.floor(top / size)); y <= Math.min(n - 1, Math.floor((top + height) / size)); y++) {
    for (let x = Math.floor(left / size); x <= Math.floor((left + width) / size); x++) tiles.push([z, x, y, ((x % n) + n) % n]);
  }
  return tiles;
}

/** The cluster colour of map-view.ts's clusterPaint with every filter on: the share connected, mixed in CIELAB. */
function clusterColour(p: TilePoint['properties']): string {
  let connected = 0;
  let known = 0;
  for (const [k, v] of Object.entries(p)) {
    if (k.endsWith('_not_connected')) known += Number(v);
    else if (k.endsWith('_connected')) { connected += Number(v); known += Number(v); }
  }
  return known === 0 ? COLOURS.unknown : mixLab(COLOURS.notConnected, COLOURS.connected, connected / known);
}

function drawSites(ctx: CanvasRenderingContext2D, tiles: { tile: [number, number, number, number]; extent: number; points: TilePoint[] }[], camera: Camera, width: number, height: number): void {
  const { scale, left, top } = screen(camera, width, height);
  for (const { tile: [z, x, y], extent, points } of tiles) {
    const size = (512 * scale) / 2 ** z;
    for (const p of points) {
      const sx = x * size + (p.x / extent) * size - left;
      const sy = y * size + (p.y / extent) * size - top;
      const cluster = typeof p.properties.point_count === 'number';
      const r = cluster ? interpolate(CLUSTER_RADIUS, Math.sqrt(p.properties.point_count as number)) : interpolate(SITE_RADIUS, camera.zoom);
      const outline = cluster ? 1 : interpolate(SITE_OUTLINE, camera.zoom);
      ctx.beginPath();
      ctx.arc(sx, sy, r, 0, 2 * Math.PI);
      ctx.globalAlpha = cluster ? 0.9 : 1;
      ctx.fillStyle = cluster ? clusterColour(p.properties) : p.properties.connected === true ? COLOURS.connected : p.properties.connected === false ? COLOURS.notConnected : COLOURS.unknown;
      ctx.fill();
      if (outline > 0) {
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = outline;
        ctx.stroke();
      }
    }
  }
  ctx.globalAlpha = 1;
}

async function siteTiles(camera: Camera, width: number, height: number) {
  return Promise.all(coveringTiles(camera, width, height).map(async (tile) => {
    const [z, , y, wrapped] = tile;
    // The URL MapLibre will ask for, character for character, so it is answered from the cache.
    const r = await fetch(tileUrl('sites').replace('{z}', String(z)).replace('{x}', String(wrapped)).replace('{y}', String(y)), { credentials: 'same-origin' });
    if (r.status === 204 || !r.ok) return { tile, extent: 4096, points: [] };
    return { tile, ...tilePoints(new Uint8Array(await r.arrayBuffer()), 'sites') };
  }));
}

/**
 * Draws the opening view once, then says so (drawn, or gave up: either way the map may load). For a
 * link to a country without a position, it waits for the list of countries (their extents).
 */
export function MapPreview({ country, countries, onDrawn }: { country: string | null; countries: CountryEntry[]; onDrawn: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const started = useRef(false);
  const needsCountries = country !== null && countries.length === 0 && cameraFromHash(location.hash) === null;

  useEffect(() => {
    const c = canvas.current;
    if (!c || started.current || needsCountries) return;
    started.current = true;
    const { clientWidth: width, clientHeight: height } = c;
    const dpr = devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(height * dpr);
    const ctx = c.getContext('2d');
    if (!ctx || width === 0 || height === 0) return onDrawn();
    ctx.scale(dpr, dpr);
    const camera = initialCamera(location.hash, countries.find((e) => e.country === country)?.bbox ?? null, width, height);
    const basemap = fetch(basemapUrl).then((r) => r.json() as Promise<Basemap>);
    const sites = siteTiles(camera, width, height);
    basemap
      .then((b) => drawBasemap(ctx, b, camera, width, height))
      .then(() => sites)
      .then((t) => {
        drawSites(ctx, t, camera, width, height);
        c.setAttribute('data-drawn', 'true');
      })
      .catch(() => {}) // the map draws the same from scratch
      .finally(onDrawn);
  }, [needsCountries]);

  return html`<div class="map-view map-preview" aria-hidden="true"><canvas ref=${canvas} data-testid="map-preview"></canvas></div>`;
}

// CIELAB mixing, as MapLibre's interpolate-lab does (D65 white point).
const XN = 0.95047, YN = 1, ZN = 1.08883;
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
const fInv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));

function toLab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => toLinear(parseInt(hex.slice(i, i + 2), 16) / 255)) as [number, number, number];
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / XN);
  const y = f((0.2126 * r + 0.7152 * g + 0.0722 * b) / YN);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / ZN);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

export function mixLab(from: string, to: string, t: number): string {
  const a = toLab(from);
  const b = toLab(to);
  const [l, aa, bb] = a.map((v, i) => v + (b[i]! - v) * t) as [number, number, number];
  const y = (l + 16) / 116;
  const [X, Y, Z] = [fInv(y + aa / 500) * XN, fInv(y) * YN, fInv(y - bb / 200) * ZN];
  const rgb = [3.2406 * X - 1.5372 * Y - 0.4986 * Z, -0.9689 * X + 1.8758 * Y + 0.0415 * Z, 0.0557 * X - 0.204 * Y + 1.057 * Z];
  return `rgb(${rgb.map((c) => Math.round(Math.max(0, Math.min(1, fromLinear(c))) * 255)).join(',')})`;
}
