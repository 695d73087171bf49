import { readFileSync, statSync } from 'node:fs';
import { featureSource, type RowSource, type SourceRow } from './source.js';

/**
 * Reads a GeoJSON FeatureCollection. Only RFC 7946 WGS 84 is accepted; the legacy `crs` member
 * is honoured when it names CRS84 or EPSG:4326 and refused otherwise, rather than misplacing features.
 */
export function readGeoJson(path: string): RowSource {
  const totalBytes = statSync(path).size;
  let doc: { type?: string; features?: unknown[]; crs?: { properties?: { name?: string } } };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new Error(`${path}: expected a GeoJSON FeatureCollection`);
  }
  const crs = doc.crs?.properties?.name;
  if (crs && !/CRS84|EPSG::?4326$/i.test(crs)) {
    throw new Error(`${path}: coordinates are in ${crs}; reproject to WGS 84 (ogr2ogr -t_srs EPSG:4326)`);
  }
  const features = doc.features as { properties?: Record<string, unknown> | null; geometry?: SourceRow['geometry'] }[];
  return featureSource('geojson', totalBytes, features, (f, i) => ({
    where: `feature ${i + 1}`,
    values: stringify(f.properties ?? {}),
    geometry: f.geometry ?? null,
  }));
}

export function stringify(props: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(props)) out[k] = v == null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return out;
}

/**
 * The lines of a GeoJSON file (a road network), as coordinate lists: LineString and
 * MultiLineString features; any other geometry is an error naming the feature.
 */
export function readLines(path: string): number[][][] {
  let doc: { type?: string; features?: { geometry?: { type: string; coordinates: unknown } | null }[] };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not readable as GeoJSON (${(e as Error).message})`);
  }
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) throw new Error(`${path}: expected a GeoJSON FeatureCollection of lines`);
  return doc.features.flatMap((f, k) => {
    const g = f.geometry;
    if (g?.type === 'LineString') return [g.coordinates as number[][]];
    if (g?.type === 'MultiLineString') return g.coordinates as number[][][];
    throw new Error(`${path}: feature ${k + 1}: geometry ${g?.type ?? 'null'}, expected LineString or MultiLineString`);
  });
}
