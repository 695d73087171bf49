import type {
  AreaGeometry, CellSite, CoverageArea, LineGeometry, PopulationPoint, Site, SiteType, TransmissionLink, TransmissionNode,
} from '../domain.js';
import { FieldError } from './issues.js';
import { QUALITY_PARAMETERS } from './parameters.js';
import * as v from './values.js';

/**
 * Builders from a row's field values (already picked out of the file's columns by a schema) to
 * registry records. Every check that needs only the row itself happens here; checks that need
 * other rows or other data (duplicates, country outlines) happen in the importer.
 */
export type Fields = Partial<Record<string, string | null>>;

export interface RowContext {
  country: string;
  siteType?: SiteType | undefined;
  attributes: Record<string, string>;
  geometry?: { type: string; coordinates?: unknown } | null | undefined;
  limits?: Partial<typeof QUALITY_PARAMETERS>;
}

const limit = <K extends keyof typeof QUALITY_PARAMETERS>(ctx: RowContext, k: K) => ctx.limits?.[k] ?? QUALITY_PARAMETERS[k];

function sourceId(f: Fields): string {
  const id = v.text(f.source_id);
  if (!id) throw new FieldError('source_id', '', 'missing: every row needs an id that stays the same between imports');
  return id;
}

/** Coordinates from the fields, else from a Point geometry. */
function position(f: Fields, ctx: RowContext): { lat: number; lon: number } {
  if (v.text(f.lat) == null && v.text(f.lon) == null && ctx.geometry?.type === 'Point') {
    const [lon, lat] = (ctx.geometry.coordinates as number[]) ?? [];
    return checked(v.latitude(String(lat)), v.longitude(String(lon)));
  }
  return checked(v.latitude(f.lat), v.longitude(f.lon));
}

function checked(lat: number, lon: number) {
  v.checkNullIsland(lat, lon);
  return { lat, lon };
}

export function buildSite(f: Fields, ctx: RowContext): Site {
  const siteType = v.siteType(f.site_type) ?? ctx.siteType;
  if (!siteType) throw new FieldError('site_type', '', 'missing: give a site_type column or --type');
  const isConnected = v.boolean('is_connected', f.is_connected);
  const connectivityType = v.connectivityType(f.connectivity_type) ?? (isConnected === false ? 'none' : 'unknown');
  if (isConnected === false && connectivityType !== 'none' && connectivityType !== 'unknown') {
    throw new FieldError('connectivity_type', f.connectivity_type ?? '', 'a site marked not connected cannot have a connection type');
  }
  return {
    sourceId: sourceId(f),
    name: v.text(f.name),
    siteType,
    country: ctx.country,
    admin1: v.text(f.admin1),
    admin2: v.text(f.admin2),
    ...position(f, ctx),
    isConnected: isConnected ?? (connectivityType === 'none' ? false : null),
    connectivityType,
    downloadMbps: v.number('download_mbps', f.download_mbps, 0, limit(ctx, 'maxDownloadMbps')),
    hasElectricity: v.boolean('has_electricity', f.has_electricity),
    attributes: ctx.attributes,
  };
}

function requiredGeneration(f: Fields, of: string) {
  const generation = v.generation(f.radio);
  if (!generation) throw new FieldError('radio', '', `missing radio technology of the ${of} (2G, 3G, 4G, 5G)`);
  return generation;
}

export function buildCellSite(f: Fields, ctx: RowContext): CellSite {
  const generation = requiredGeneration(f, 'cell site');
  return {
    sourceId: sourceId(f),
    country: ctx.country,
    ...position(f, ctx),
    generation,
    operator: v.text(f.operator),
    antennaHeightM: v.number('antenna_height', f.antenna_height, 0, limit(ctx, 'maxAntennaHeightM')),
    backhaulType: v.text(f.backhaul_type),
    rangeM: v.number('range', f.range, 0, limit(ctx, 'maxCellRangeM')),
    attributes: ctx.attributes,
  };
}

/** Medium and status may each have a column, or share one (WATRA's type_infr). */
function infrastructure(f: Fields, defaults: { medium?: 'fiber' | 'microwave' }) {
  const fromStatus = v.infrastructure('status', f.status);
  const fromMedium = v.infrastructure('medium', f.medium);
  const medium = fromMedium.medium ?? fromStatus.medium ?? defaults.medium;
  if (!medium) throw new FieldError('medium', f.medium ?? '', 'missing: fiber or microwave (or give --map medium=COLUMN)');
  return { medium, status: fromStatus.status ?? fromMedium.status ?? 'unknown' };
}

export function buildTransmissionNode(f: Fields, ctx: RowContext): TransmissionNode {
  return {
    sourceId: sourceId(f),
    name: v.text(f.name),
    country: ctx.country,
    ...position(f, ctx),
    ...infrastructure(f, {}),
    operator: v.text(f.operator),
    attributes: ctx.attributes,
  };
}

export function buildTransmissionLink(f: Fields, ctx: RowContext): TransmissionLink {
  return {
    sourceId: sourceId(f),
    name: v.text(f.name),
    country: ctx.country,
    // Link files without a medium column are fibre routes (WATRA, ITU transmission maps); microwave hops are point pairs.
    ...infrastructure(f, { medium: 'fiber' }),
    operator: v.text(f.operator),
    geometry: lineGeometry(ctx.geometry),
    attributes: ctx.attributes,
  };
}

export function buildCoverageArea(f: Fields, ctx: RowContext): CoverageArea {
  const generation = requiredGeneration(f, 'coverage');
  return {
    sourceId: sourceId(f),
    country: ctx.country,
    generation,
    operator: v.text(f.operator),
    geometry: areaGeometry(ctx.geometry),
    attributes: ctx.attributes,
  };
}

export function buildPopulationPoint(f: Fields, ctx: RowContext): PopulationPoint {
  const population = v.number('population', f.population, 0);
  if (population === null) throw new FieldError('population', '', 'missing');
  return { sourceId: sourceId(f), country: ctx.country, ...position(f, ctx), population };
}

function lineGeometry(g: RowContext['geometry']): LineGeometry {
  if (g?.type === 'LineString') return { type: 'LineString', coordinates: positions(g.coordinates, 0, 2) as number[][] };
  if (g?.type === 'MultiLineString') return { type: 'MultiLineString', coordinates: positions(g.coordinates, 1, 2) as number[][][] };
  throw new FieldError('geometry', g?.type ?? 'none', 'a link needs a LineString or MultiLineString');
}

function areaGeometry(g: RowContext['geometry']): AreaGeometry {
  if (g?.type === 'Polygon') return { type: 'Polygon', coordinates: rings(positions(g.coordinates, 1, 4) as number[][][]) };
  if (g?.type === 'MultiPolygon') {
    return { type: 'MultiPolygon', coordinates: (positions(g.coordinates, 2, 4) as number[][][][]).map(rings) };
  }
  throw new FieldError('geometry', g?.type ?? 'none', 'a coverage area needs a Polygon or MultiPolygon');
}

function rings(r: number[][][]): number[][][] {
  for (const ring of r) {
    const a = ring[0]!;
    const b = ring[ring.length - 1]!;
    if (a[0] !== b[0] || a[1] !== b[1]) throw new FieldError('geometry', `ring of ${ring.length} points`, 'polygon ring is not closed');
  }
  return r;
}

/** Checks nesting depth, minimum lengths and coordinate ranges, keeping only lon and lat. */
function positions(c: unknown, depth: number, minPoints: number): unknown {
  if (!Array.isArray(c) || c.length === 0) throw new FieldError('geometry', JSON.stringify(c)?.slice(0, 40) ?? '', 'empty or malformed coordinates');
  if (depth === 0) {
    if (c.length < minPoints) throw new FieldError('geometry', `${c.length} points`, `needs at least ${minPoints} points`);
    return c.map((p: unknown) => {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
        throw new FieldError('geometry', JSON.stringify(p), 'not a [lon, lat] position');
      }
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) throw new FieldError('geometry', JSON.stringify(p), 'position out of range');
      return [p[0], p[1]];
    });
  }
  return c.map((x) => positions(x, depth - 1, minPoints));
}
