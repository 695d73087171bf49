/**
 * Natural Earth country outlines (1:10m, public domain, from world-atlas: the files the web app's
 * base map and the importers' country check come from), as rings of [lon, lat], read once per
 * process. Rings that cross the antimeridian are unwrapped, and a country's islands across it are
 * moved beside the rest, so a bounding box never spans the world by mistake.
 *
 *     const world = worldOutlines();
 *     world.country('STP')?.bbox;   // [6.46, 0.02, 7.46, 1.70]: São Tomé to Príncipe
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { MultiPolygon, Polygon } from 'geojson';

export type Ring = [number, number][];
export type BBox = [west: number, south: number, east: number, north: number];

export interface Outline {
  iso3: string | null;
  rings: Ring[];
  bbox: BBox;
}

export interface WorldOutlines {
  all: Outline[];
  /** A country by ISO 3166 alpha-3; null where Natural Earth has no shape of its own for it. */
  country(iso3: string): Outline | null;
}

const require = createRequire(import.meta.url);
let world: WorldOutlines | null = null;

export function worldOutlines(): WorldOutlines {
  if (world) return world;
  const topology = require('world-atlas/countries-10m.json') as Topology;
  const collection = feature(topology, topology.objects.countries!) as unknown as { features: { id?: string | number; geometry: Polygon | MultiPolygon | null }[] };
  const all = collection.features.flatMap((f): Outline[] => {
    if (!f.geometry) return [];
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const rings = gather(polygons.flat().map((r) => unwrap(r as Ring)));
    return [{ iso3: countries.numericToAlpha3(String(f.id ?? '').padStart(3, '0')) ?? null, rings, bbox: bboxOf(rings) }];
  });
  const byIso = new Map(all.filter((o) => o.iso3).map((o) => [o.iso3!, o]));
  world = { all, country: (iso3) => byIso.get(iso3) ?? null };
  return world;
}

/** A ring that jumps from 180° to −180° is shifted by 360° after the jump, so it stays continuous. */
export function unwrap(ring: Ring): Ring {
  let shift = 0;
  return ring.map(([lon, lat], i) => {
    if (i > 0) {
      const jump = lon + shift - (ring[i - 1]![0] + shift);
      if (jump > 180) shift -= 360;
      else if (jump < -180) shift += 360;
    }
    return [lon + shift, lat];
  });
}

export function bboxOf(rings: readonly Ring[]): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      if (lon < b[0]) b[0] = lon;
      if (lat < b[1]) b[1] = lat;
      if (lon > b[2]) b[2] = lon;
      if (lat > b[3]) b[3] = lat;
    }
  }
  return b;
}

/** Rings moved by ±360° to lie within 180° of the largest one (Fiji's, Russia's, the United States' islands). */
export function gather(rings: Ring[]): Ring[] {
  if (rings.length < 2) return rings;
  const boxes = rings.map((r) => bboxOf([r]));
  const area = (b: BBox) => (b[2] - b[0]) * (b[3] - b[1]);
  const largest = boxes.reduce((best, b, i) => (area(b) > area(boxes[best]!) ? i : best), 0);
  const centre = (boxes[largest]![0] + boxes[largest]![2]) / 2;
  return rings.map((ring, i) => {
    const mid = (boxes[i]![0] + boxes[i]![2]) / 2;
    const shift = mid - centre > 180 ? -360 : mid - centre < -180 ? 360 : 0;
    return shift ? ring.map(([lon, lat]) => [lon + shift, lat] as [number, number]) : ring;
  });
}
