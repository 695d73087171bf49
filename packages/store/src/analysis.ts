import { createHash } from 'node:crypto';
import {
  AREA_CLASSES, GENERATIONS, SITE_TYPES, STATUS_CLASSES, TRANSMISSION_MEDIA,
  type AnalysisParameters, type AreaGeometry, type CountryInputs, type CountrySummary, type Generation, type PopulationInput, type SiteMetrics,
} from '@postatlas/core';
import { isoTime } from './accounts.js';
import type { Database, Sql } from './database.js';
import { datasetVisible } from './datasets.js';
import { listRasters, loadRaster } from './population.js';
import { recordProgress } from './progress.js';

/**
 * The analysis's side of the store: a country's inputs read as typed-array columns (one round
 * trip per layer, whatever the row count), and runs with their per-site metrics written back.
 */

/** Countries that have sites, optionally only one. */
export async function analysisCountries(db: Sql, country?: string): Promise<string[]> {
  const { rows } = await db.query<{ country: string }>(
    'SELECT DISTINCT country FROM sites WHERE $1::text IS NULL OR country = $1 ORDER BY country',
    [country ?? null],
  );
  return rows.map((r) => r.country);
}

export interface LoadedCountry {
  inputs: CountryInputs;
  /** sites.id of each row of inputs.sites. */
  siteIds: Int32Array;
}

/** A country's population: its rasters whole, and its population points as columns. */
export async function loadPopulation(db: Sql, country: string): Promise<PopulationInput> {
  const points = await readColumns(db, 'population_points', country, {
    lon: ['ST_X(geom)', 'float8'],
    lat: ['ST_Y(geom)', 'float8'],
    population: ['population', 'float8'],
  });
  const rasters = await Promise.all((await listRasters(db, country)).map((r) => loadRaster(db, r)));
  return { rasters, points: points.lon.length > 0 ? { lon: points.lon, lat: points.lat, population: points.population } : undefined };
}

export async function loadCountryInputs(db: Sql, country: string): Promise<LoadedCountry> {
  const sites = await readColumns(db, 'sites', country, {
    id: ['id', 'int4'],
    lon: ['ST_X(geom)', 'float8'],
    lat: ['ST_Y(geom)', 'float8'],
    siteType: [`array_position(${textArray(SITE_TYPES)}, site_type) - 1`, 'int2'],
    // What devices measure beats what a file declared.
    downloadMbps: ["coalesce(measured_download_mbps, download_mbps, 'NaN')", 'float8'],
    isConnected: ['CASE is_connected WHEN true THEN 1 WHEN false THEN 0 ELSE -1 END', 'int2'],
  });
  const nodes = await readColumns(db, 'transmission_nodes', country, {
    lon: ['ST_X(geom)', 'float8'],
    lat: ['ST_Y(geom)', 'float8'],
    medium: [`array_position(${textArray(TRANSMISSION_MEDIA)}, medium) - 1`, 'int2'],
    operational: ["(status = 'operational')::int", 'int2'],
  });
  const cells = await readColumns(db, 'cell_sites', country, {
    lon: ['ST_X(geom)', 'float8'],
    lat: ['ST_Y(geom)', 'float8'],
    generation: ['generation', 'int2'],
    rangeM: ["coalesce(range_m, 'NaN')", 'float8'],
  });
  const { rows: areas } = await db.query<{ generation: number; geometry: string }>(
    'SELECT generation, ST_AsGeoJSON(geom) AS geometry FROM coverage_areas WHERE country = $1 ORDER BY id',
    [country],
  );
  return {
    siteIds: Int32Array.from(sites.id),
    inputs: {
      country,
      sites: {
        lon: sites.lon, lat: sites.lat, siteType: Uint8Array.from(sites.siteType),
        downloadMbps: sites.downloadMbps, isConnected: Int8Array.from(sites.isConnected),
      },
      nodes: { lon: nodes.lon, lat: nodes.lat, medium: Uint8Array.from(nodes.medium), operational: Uint8Array.from(nodes.operational) },
      cells: { lon: cells.lon, lat: cells.lat, generation: Uint8Array.from(cells.generation), rangeM: cells.rangeM },
      coverage: areas.map((a) => ({ generation: a.generation as Generation, geometry: JSON.parse(a.geometry) as AreaGeometry })),
      population: await loadPopulation(db, country),
    },
  };
}

const textArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;

type ColumnType = 'float8' | 'int4' | 'int2';

/**
 * Reads whole columns of one country as binary strings (float8send and friends, concatenated in
 * id order): a few megabytes per million rows instead of a million row objects.
 */
export async function readColumns<K extends string>(
  db: Sql, table: string, country: string, spec: Record<K, [expression: string, type: ColumnType]>,
): Promise<Record<K, Float64Array>> {
  const names = Object.keys(spec) as K[];
  const select = names.map((k) => `string_agg(${spec[k][1]}send((${spec[k][0]})::${spec[k][1]}), ''::bytea ORDER BY id) AS "${k}"`);
  const { rows } = await db.query<Record<K, Uint8Array | null>>(`SELECT ${select.join(', ')} FROM ${table} WHERE country = $1`, [country]);
  const out = {} as Record<K, Float64Array>;
  for (const k of names) out[k] = decode(rows[0]?.[k] ?? null, spec[k][1]);
  return out;
}

function decode(bytes: Uint8Array | null, type: ColumnType): Float64Array {
  const size = type === 'float8' ? 8 : type === 'int4' ? 4 : 2;
  if (!bytes) return new Float64Array(0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength / size;
  const values = new Float64Array(n);
  // The send functions write network byte order (big-endian).
  for (let i = 0, o = 0; i < n; i++, o += size) {
    values[i] = type === 'float8' ? view.getFloat64(o) : type === 'int4' ? view.getInt32(o) : view.getInt16(o);
  }
  return values;
}

export interface AnalysisInput {
  datasetId: number;
  name: string;
  layer: string;
  importId: number | null;
  sha256: string | null;
  importedAt: string | null;
  /**
   * For site datasets, what changed in their rows since (rows, last edit, last measurement): sites
   * also change through the API and by measurements, which no import records.
   */
  rowsVersion: string | null;
}

/** The datasets an analysis of these countries reads, each with its latest import. */
export async function analysisInputs(db: Sql, countries: string[]): Promise<AnalysisInput[]> {
  const { rows } = await db.query<AnalysisInput>(
    `SELECT d.id AS "datasetId", d.name, d.layer, i.id AS "importId", i.sha256, i.imported_at::text AS "importedAt",
       CASE WHEN d.layer = 'sites' THEN (SELECT concat_ws('/', count(*), max(updated_at), max(measured_at)) FROM sites WHERE dataset_id = d.id) END AS "rowsVersion"
     FROM datasets d
     LEFT JOIN LATERAL (SELECT id, sha256, imported_at FROM imports WHERE dataset_id = d.id ORDER BY id DESC LIMIT 1) i ON true
     WHERE d.countries && $1::text[] ORDER BY d.id`,
    [countries],
  );
  return rows;
}

export function runFingerprint(parameters: AnalysisParameters, inputs: AnalysisInput[]): string {
  return createHash('sha256').update(JSON.stringify({ parameters, inputs })).digest('hex');
}

export interface AnalysisRun {
  id: number;
  startedAt: string;
  finishedAt: string;
  runBy: string;
  countries: string[];
  parameters: AnalysisParameters;
  inputs: AnalysisInput[];
  fingerprint: string;
  summary: CountrySummary[];
}

const RUN_COLUMNS = `id, ${isoTime('started_at')} AS "startedAt", ${isoTime('finished_at')} AS "finishedAt", run_by AS "runBy", countries,
  parameters, inputs, fingerprint, summary`;

/** The latest run covering exactly these countries, if any. */
export async function latestRun(db: Sql, countries: string[]): Promise<AnalysisRun | null> {
  const { rows } = await db.query<AnalysisRun>(
    `SELECT ${RUN_COLUMNS} FROM analysis_runs WHERE countries = $1::text[] ORDER BY id DESC LIMIT 1`,
    [[...countries].sort()],
  );
  return rows[0] ?? null;
}

/** The latest run that includes the country (or the latest of all): whose metrics a map shows. */
export async function currentRun(db: Sql, country?: string): Promise<AnalysisRun | null> {
  const { rows } = await db.query<AnalysisRun>(
    `SELECT ${RUN_COLUMNS} FROM analysis_runs WHERE $1::text IS NULL OR $1 = ANY(countries) ORDER BY id DESC LIMIT 1`,
    [country ?? null],
  );
  return rows[0] ?? null;
}

export interface CountryResult {
  metrics: SiteMetrics;
  siteIds: Int32Array;
}

const BATCH = 5_000;

/** Writes a run and all its metrics in one transaction: a run is there completely or not at all. */
export async function saveRun(
  db: Database,
  run: Omit<AnalysisRun, 'id' | 'finishedAt'>,
  results: Iterable<CountryResult>,
): Promise<AnalysisRun> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number; finishedAt: string }>(
      `INSERT INTO analysis_runs (started_at, run_by, countries, parameters, inputs, fingerprint, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, ${isoTime('finished_at')} AS "finishedAt"`,
      [run.startedAt, run.runBy, [...run.countries].sort(), JSON.stringify(run.parameters), JSON.stringify(run.inputs), run.fingerprint, JSON.stringify(run.summary)],
    );
    const { id: runId, finishedAt } = rows[0]!;
    const columns = metricColumns(run.parameters);
    const sql = `INSERT INTO site_metrics (run_id, ${columns.map((c) => c.name).join(', ')})
      SELECT $1, * FROM unnest(${columns.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ')})`;
    for (const { metrics, siteIds } of results) {
      for (let start = 0; start < metrics.size; start += BATCH) {
        const end = Math.min(metrics.size, start + BATCH);
        const params = columns.map((c) => {
          const values: unknown[] = [];
          for (let i = start; i < end; i++) values.push(c.value(metrics, siteIds, i));
          return values;
        });
        await tx.query(sql, [runId, ...params]);
      }
    }
    await tx.query('ANALYZE site_metrics');
    // Area classes (rural, urban) come from the run.
    await recordProgress(tx, run.countries);
    return { ...run, countries: [...run.countries].sort(), id: runId, finishedAt };
  });
}

interface MetricColumn {
  name: string;
  type: 'int4' | 'int2' | 'float8' | 'text' | 'bool';
  value: (m: SiteMetrics, siteIds: Int32Array, i: number) => unknown;
}

/** NaN (not computed, or nothing to measure to) is NULL in the table. */
const orNull = (v: number) => (Number.isNaN(v) ? null : v);
const kmLabel = (m: number) => `${m / 1000}km`;

function metricColumns(p: AnalysisParameters): MetricColumn[] {
  const rings = (prefix: 'population' | 'catchment', pick: (m: SiteMetrics) => Float64Array[]) =>
    p.populationRadiiM.map((r, k): MetricColumn => ({ name: `${prefix}_${columnRadius(r, [1000, 2000, 3000, 5000, 10000])}`, type: 'float8', value: (m, _, i) => orNull(pick(m)[k]![i]!) }));
  const near = (prefix: 'schools' | 'other_sites', pick: (m: SiteMetrics) => Uint32Array[]) =>
    p.neighbourRadiiM.map((r, k): MetricColumn => ({ name: `${prefix}_${columnRadius(r, [1000, 2000, 3000])}`, type: 'int4', value: (m, _, i) => pick(m)[k]![i]! }));
  return [
    { name: 'site_id', type: 'int4', value: (_, ids, i) => ids[i]! },
    { name: 'country', type: 'text', value: (m) => m.country },
    { name: 'fiber_node_m', type: 'float8', value: (m, _, i) => orNull(m.nodeDistanceM.fiber[i]!) },
    { name: 'fiber_node_operational_m', type: 'float8', value: (m, _, i) => orNull(m.nodeDistanceM.fiberOperational[i]!) },
    { name: 'microwave_node_m', type: 'float8', value: (m, _, i) => orNull(m.nodeDistanceM.microwave[i]!) },
    { name: 'microwave_node_operational_m', type: 'float8', value: (m, _, i) => orNull(m.nodeDistanceM.microwaveOperational[i]!) },
    ...GENERATIONS.map((g): MetricColumn => ({ name: `cell_${g}g_m`, type: 'float8', value: (m, _, i) => orNull(m.cellDistanceM[g - 2]![i]!) })),
    { name: 'best_generation', type: 'int2', value: (m, _, i) => m.bestGeneration[i]! },
    { name: 'coverage_source', type: 'text', value: (m, _, i) => [null, 'polygons', 'cells'][m.coverageSource[i]!] },
    ...rings('population', (m) => m.populationWithin),
    ...rings('catchment', (m) => m.catchment),
    { name: 'population_source', type: 'text', value: (m, _, i) => [null, 'raster', 'points'][m.populationSource[i]!] },
    { name: 'density_per_km2', type: 'float8', value: (m, _, i) => orNull(m.densityPerKm2[i]!) },
    ...near('schools', (m) => m.schoolsWithin),
    ...near('other_sites', (m) => m.otherSitesWithin),
    { name: 'area_class', type: 'text', value: (m, _, i) => AREA_CLASSES[m.areaClass[i]!] },
    { name: 'speed_class', type: 'text', value: (m, _, i) => STATUS_CLASSES[m.speedClass[i]!] },
    { name: 'coverage_class', type: 'text', value: (m, _, i) => STATUS_CLASSES[m.coverageClass[i]!] },
    { name: 'connected', type: 'bool', value: (m, _, i) => (m.connected[i]! < 0 ? null : m.connected[i] === 1) },
  ];
}

// The table has a column per standard radius, so QGIS users see named fields; other radii have nowhere to go.
function columnRadius(radiusM: number, supported: number[]): string {
  if (!supported.includes(radiusM)) throw new Error(`analysis parameters: the site_metrics table stores radii of ${supported.map(kmLabel).join(', ')}; ${radiusM} m has no column`);
  return kmLabel(radiusM);
}

export interface SiteMetricsRow {
  siteId: number;
  name: string | null;
  siteType: string;
  country: string;
  [column: string]: unknown;
}

/** Per-site metrics of a run, with the site's name and type, in site id order. */
export async function listSiteMetrics(db: Sql, runId: number, q: { country?: string | undefined; limit?: number; afterId?: number } = {}): Promise<SiteMetricsRow[]> {
  const { rows } = await db.query<SiteMetricsRow>(
    `SELECT m.site_id AS "siteId", s.name, s.site_type AS "siteType", m.*
     FROM site_metrics m JOIN sites s ON s.id = m.site_id
     WHERE m.run_id = $1 AND ($2::text IS NULL OR m.country = $2) AND m.site_id > $3
     ORDER BY m.site_id LIMIT $4`,
    [runId, q.country ?? null, q.afterId ?? 0, q.limit ?? 1000],
  );
  return rows.map(({ site_id: _id, run_id: _run, ...r }) => r as SiteMetricsRow);
}

/** A run as listed: what it covered and found, and whether its inputs are still the latest. */
export interface RunListing {
  id: number;
  startedAt: string;
  finishedAt: string;
  runBy: string;
  countries: string[];
  summary: CountrySummary[];
  /** No dataset it read has been imported or edited since, and none has been added. */
  current: boolean;
}

const RUN_LISTING_COLUMNS = `id, ${isoTime('started_at')} AS "startedAt", ${isoTime('finished_at')} AS "finishedAt", run_by AS "runBy",
  countries, summary, inputs`;

// Keys in a fixed order: inputs read back from jsonb have theirs reordered.
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
  : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
  : JSON.stringify(v);

/** For each run, whether the datasets of its countries are as it read them (one query per set of countries). */
async function inputsCurrent(db: Sql, runs: { countries: string[]; inputs: AnalysisInput[] }[]): Promise<boolean[]> {
  const now = new Map<string, string>();
  const current: boolean[] = [];
  for (const run of runs) {
    const key = run.countries.join(',');
    if (!now.has(key)) now.set(key, canonical(await analysisInputs(db, run.countries)));
    current.push(now.get(key) === canonical(run.inputs));
  }
  return current;
}

/** Runs newest first, those including `country` if given; `beforeId` pages backwards (the last id of the previous page). */
export async function listRuns(db: Sql, q: { country?: string | undefined; beforeId?: number | undefined; limit?: number } = {}): Promise<RunListing[]> {
  const { rows } = await db.query<Omit<RunListing, 'current'> & { inputs: AnalysisInput[] }>(
    `SELECT ${RUN_LISTING_COLUMNS} FROM analysis_runs
     WHERE ($1::text IS NULL OR $1 = ANY(countries)) AND ($2::int4 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [q.country ?? null, q.beforeId ?? null, q.limit ?? 100],
  );
  const current = await inputsCurrent(db, rows);
  return rows.map(({ inputs: _, ...run }, k) => ({ ...run, current: current[k]! }));
}

/**
 * One run with its parameters and inputs, or null. `scope` is the reader's private scope (see
 * datasetVisible): inputs from datasets the reader may not see are left out of the list, though
 * `current` still judges all of them.
 */
export async function getRun(db: Sql, id: number, scope?: readonly string[] | null): Promise<(AnalysisRun & { current: boolean }) | null> {
  const { rows: [run] } = await db.query<AnalysisRun>(`SELECT ${RUN_LISTING_COLUMNS}, parameters, fingerprint FROM analysis_runs WHERE id = $1`, [id]);
  if (!run) return null;
  const [current] = await inputsCurrent(db, [run]);
  const { rows: visible } = await db.query<{ id: number }>(
    `SELECT d.id FROM datasets d WHERE d.id = ANY($1::int4[]) AND ${datasetVisible('$2')}`,
    [run.inputs.map((i) => i.datasetId), scope ? [...scope] : null],
  );
  const shown = new Set(visible.map((d) => d.id));
  return { ...run, inputs: run.inputs.filter((i) => shown.has(i.datasetId)), current: current! };
}

/** A site's metrics from the latest run that covered it, with that run's id and end; null when no run did. */
export async function siteMetrics(db: Sql, siteId: number): Promise<(SiteMetricsRow & { runId: number; runFinishedAt: string }) | null> {
  const { rows: [row] } = await db.query<SiteMetricsRow & { runId: number; runFinishedAt: string }>(
    `SELECT m.run_id AS "runId", ${isoTime('r.finished_at')} AS "runFinishedAt", m.site_id AS "siteId", s.name, s.site_type AS "siteType", m.*
     FROM site_metrics m JOIN sites s ON s.id = m.site_id JOIN analysis_runs r ON r.id = m.run_id
     WHERE m.site_id = $1 ORDER BY m.run_id DESC LIMIT 1`,
    [siteId],
  );
  if (!row) return null;
  const { site_id: _id, run_id: _run, ...metrics } = row as typeof row & { site_id: number; run_id: number };
  return metrics;
}
