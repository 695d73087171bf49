import type { Sql } from './database.js';

/**
 * Progress towards connecting every office: a country's state now, and a daily series of how
 * many sites there were and how many were connected, by type, admin area and area class.
 *
 *     await recordProgress(tx, ['KEN']);                       // in the transaction of a change
 *     await countryProgress(db, 'KEN', { by: 'area_class', siteType: 'post_office' });
 */

/** Devices that reported within this many days make a site live (as core's siteStatus says). */
const LIVE_DAYS = 21;
const DROPPED_DAYS = 28;

// The latest analysis run of each country: its area classes (rural, urban) are the ones shown.
const LATEST_RUNS = `runs AS (SELECT c AS country, (SELECT max(id) FROM analysis_runs WHERE c = ANY(countries)) AS run_id FROM unnest($1::text[]) AS c)`;
const WITH_AREA = `FROM sites s JOIN runs r ON r.country = s.country LEFT JOIN site_metrics m ON m.run_id = r.run_id AND m.site_id = s.id`;

/**
 * Writes today's snapshot of these countries (replacing today's earlier one). Call it in the
 * transaction of the change, so the series moves exactly when the registry does.
 */
export async function recordProgress(tx: Sql, countries: readonly string[]): Promise<void> {
  if (countries.length === 0) return;
  const sorted = [...new Set(countries)].sort();
  // Two changes of one country at once take turns here, rather than both rewriting its day.
  for (const c of sorted) await tx.query(`SELECT pg_advisory_xact_lock(hashtext('progress:' || $1))`, [c]);
  await tx.query('DELETE FROM progress_snapshots WHERE country = ANY($1::text[]) AND day = current_date', [sorted]);
  await tx.query(
    `WITH ${LATEST_RUNS}
     INSERT INTO progress_snapshots (country, day, site_type, admin1, area_class, sites, connected, live)
     SELECT s.country, current_date, s.site_type, coalesce(s.admin1, ''), coalesce(m.area_class, 'unknown'),
       count(*)::int, (count(*) FILTER (WHERE s.is_connected))::int,
       (count(*) FILTER (WHERE s.is_connected AND s.measured_at > now() - interval '${LIVE_DAYS} days'))::int
     ${WITH_AREA}
     GROUP BY 1, 3, 4, 5`,
    [sorted],
  );
}

export interface Tally {
  sites: number;
  connected: number;
  /** connected / sites; null for no sites. */
  share: number | null;
}

export interface CountrySummary {
  country: string;
  /** The analysis run whose area classes are used; null before any. */
  analysisRunId: number | null;
  postOffices: Tally;
  bySiteType: (Tally & { siteType: string })[];
  /** Post offices by first-level admin area ('' where the data has none). */
  byAdmin1: (Tally & { admin1: string })[];
  /** Post offices, rural and urban. */
  byAreaClass: (Tally & { areaClass: string })[];
  /** Connected post offices by how they are connected. */
  byConnectivityType: { connectivityType: string; sites: number }[];
  /** Post offices by what their devices say: live, at risk, dropped, never reported. */
  byMeasurementStatus: { live: number; atRisk: number; dropped: number; never: number };
  /** Post offices measuring below 80 % of their contracted speed (a private figure). */
  belowContract: number;
  /** Post offices by download speed (measured, else declared), in bins from fromMbps up to toMbps; `measured` of them by devices. */
  bySpeed: { fromMbps: number; toMbps: number | null; sites: number; measured: number }[];
}

/** Lower bounds of the speed bins, Mbps: 20 Mbps is Giga's benchmark for a good school connection. */
export const SPEED_BINS_MBPS = [0, 1, 2, 5, 10, 20, 50, 100];

const tally = (sites: number, connected: number): Tally => ({ sites, connected, share: sites > 0 ? connected / sites : null });

/** A country's state now, from the registry and its latest analysis run. */
export async function countrySummary(db: Sql, country: string): Promise<CountrySummary> {
  const { rows } = await db.query<{ k: string; key: string; sites: number; connected: number }>(
    `WITH ${LATEST_RUNS}, o AS (
       SELECT s.site_type, coalesce(s.admin1, '') AS admin1, coalesce(m.area_class, 'unknown') AS area_class,
         s.is_connected IS TRUE AS connected, s.connectivity_type, s.measured_at,
         s.measured_download_mbps < 0.8 * s.contracted_mbps AS below_contract,
         coalesce(s.measured_download_mbps, s.download_mbps) AS mbps, s.measured_download_mbps IS NOT NULL AS measured
       ${WITH_AREA})
     SELECT 'type' AS k, site_type AS key, count(*)::int AS sites, (count(*) FILTER (WHERE connected))::int AS connected FROM o GROUP BY site_type
     UNION ALL SELECT 'admin1', admin1, count(*)::int, (count(*) FILTER (WHERE connected))::int FROM o WHERE site_type = 'post_office' GROUP BY admin1
     UNION ALL SELECT 'area', area_class, count(*)::int, (count(*) FILTER (WHERE connected))::int FROM o WHERE site_type = 'post_office' GROUP BY area_class
     UNION ALL SELECT 'connectivity', connectivity_type, count(*)::int, 0 FROM o WHERE site_type = 'post_office' AND connected GROUP BY connectivity_type
     UNION ALL SELECT 'status', CASE WHEN measured_at IS NULL THEN 'never'
         WHEN measured_at > now() - interval '${LIVE_DAYS} days' THEN 'live'
         WHEN measured_at > now() - interval '${DROPPED_DAYS} days' THEN 'atRisk' ELSE 'dropped' END, count(*)::int, 0
       FROM o WHERE site_type = 'post_office' GROUP BY 2
     UNION ALL SELECT 'below', '', (count(*) FILTER (WHERE below_contract))::int, 0 FROM o WHERE site_type = 'post_office'
     UNION ALL SELECT 'speed', lpad(width_bucket(mbps, $2::float8[])::text, 2, '0'), count(*)::int, (count(*) FILTER (WHERE measured))::int
       FROM o WHERE site_type = 'post_office' AND mbps IS NOT NULL GROUP BY 2
     UNION ALL SELECT 'run', coalesce((SELECT run_id::text FROM runs), ''), 0, 0
     ORDER BY 1, 2`,
    [[country], SPEED_BINS_MBPS.slice(1)],
  );
  const of = (k: string) => rows.filter((r) => r.k === k);
  const speeds = new Map(of('speed').map((r) => [Number(r.key), r]));
  const status = Object.fromEntries(of('status').map((r) => [r.key, r.sites]));
  const postOffice = of('type').find((r) => r.key === 'post_office');
  const run = of('run')[0]?.key;
  return {
    country,
    analysisRunId: run ? Number(run) : null,
    postOffices: tally(postOffice?.sites ?? 0, postOffice?.connected ?? 0),
    bySiteType: of('type').map((r) => ({ siteType: r.key, ...tally(r.sites, r.connected) })),
    byAdmin1: of('admin1').map((r) => ({ admin1: r.key, ...tally(r.sites, r.connected) })),
    byAreaClass: of('area').map((r) => ({ areaClass: r.key, ...tally(r.sites, r.connected) })),
    byConnectivityType: of('connectivity').map((r) => ({ connectivityType: r.key, sites: r.sites })),
    byMeasurementStatus: { live: status.live ?? 0, atRisk: status.atRisk ?? 0, dropped: status.dropped ?? 0, never: status.never ?? 0 },
    belowContract: of('below')[0]?.sites ?? 0,
    bySpeed: SPEED_BINS_MBPS.map((fromMbps, i) => ({
      fromMbps, toMbps: SPEED_BINS_MBPS[i + 1] ?? null, sites: speeds.get(i)?.sites ?? 0, measured: speeds.get(i)?.connected ?? 0,
    })),
  };
}

export const PROGRESS_DIMENSIONS = ['total', 'site_type', 'admin1', 'area_class'] as const;
export type ProgressDimension = (typeof PROGRESS_DIMENSIONS)[number];

export interface ProgressPoint {
  /** YYYY-MM-DD: the state at the end of that day, unchanged until the next point of its key. */
  day: string;
  /** The value of the dimension ('' for total). */
  key: string;
  sites: number;
  connected: number;
  live: number;
  share: number | null;
}

/**
 * The daily series of a country, summed over the dimension `by` (and only one site type, when
 * given), from its first snapshot; days without a change have no point (a step series).
 */
export async function countryProgress(
  db: Sql, country: string, q: { by?: ProgressDimension; siteType?: string | undefined; from?: string | undefined; to?: string | undefined } = {},
): Promise<ProgressPoint[]> {
  const by = q.by ?? 'total';
  if (!(PROGRESS_DIMENSIONS as readonly string[]).includes(by)) throw new Error(`progress: cannot group by ${by}; expected one of ${PROGRESS_DIMENSIONS.join(', ')}`);
  const key = by === 'total' ? "''" : by;
  const { rows } = await db.query<Omit<ProgressPoint, 'share'>>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${key} AS key, sum(sites)::int AS sites, sum(connected)::int AS connected, sum(live)::int AS live
     FROM progress_snapshots
     WHERE country = $1 AND ($2::text IS NULL OR site_type = $2) AND ($3::date IS NULL OR day >= $3::date) AND ($4::date IS NULL OR day <= $4::date)
     GROUP BY day${by === 'total' ? '' : `, ${key}`} ORDER BY day, 2`,
    [country, q.siteType ?? null, q.from ?? null, q.to ?? null],
  );
  return rows.map((r) => ({ ...r, share: r.sites > 0 ? r.connected / r.sites : null }));
}

/**
 * The world's daily series: on each day any country changed, the sum over all countries of their
 * latest snapshot up to that day (a country's step holds until its next point). Only one site
 * type when given; a country whose snapshot has none of that type counts 0 from that day.
 */
export async function worldProgress(db: Sql, q: { siteType?: string | undefined; from?: string | undefined; to?: string | undefined } = {}): Promise<ProgressPoint[]> {
  const { rows } = await db.query<Omit<ProgressPoint, 'share'>>(
    `WITH totals AS (
       SELECT country, day, (sum(sites) FILTER (WHERE $1::text IS NULL OR site_type = $1))::int AS sites,
         (sum(connected) FILTER (WHERE $1::text IS NULL OR site_type = $1))::int AS connected,
         (sum(live) FILTER (WHERE $1::text IS NULL OR site_type = $1))::int AS live
       FROM progress_snapshots WHERE ($3::date IS NULL OR day <= $3::date) GROUP BY country, day),
     days AS (SELECT DISTINCT day FROM totals)
     SELECT to_char(d.day, 'YYYY-MM-DD') AS day, '' AS key, coalesce(sum(t.sites), 0)::int AS sites,
       coalesce(sum(t.connected), 0)::int AS connected, coalesce(sum(t.live), 0)::int AS live
     FROM days d JOIN totals t ON t.day <= d.day
       AND NOT EXISTS (SELECT 1 FROM totals n WHERE n.country = t.country AND n.day > t.day AND n.day <= d.day)
     WHERE ($2::date IS NULL OR d.day >= $2::date)
     GROUP BY d.day ORDER BY d.day`,
    [q.siteType ?? null, q.from ?? null, q.to ?? null],
  );
  return rows.map((r) => ({ ...r, share: r.sites > 0 ? r.connected / r.sites : null }));
}

export interface CountryEntry extends Tally {
  country: string;
  /** Post offices only. */
  postOffices: Tally;
  /** [west, south, east, north] of its sites: where a map zooms to. */
  bbox: [number, number, number, number];
}

/** Every country with sites, with its totals: the entry page of a dashboard. */
export async function listCountries(db: Sql): Promise<CountryEntry[]> {
  const { rows } = await db.query<{ country: string; sites: number; connected: number; offices: number; officesConnected: number; bbox: [number, number, number, number] }>(
    `SELECT country, count(*)::int AS sites, (count(*) FILTER (WHERE is_connected))::int AS connected,
       ARRAY[min(ST_X(geom)), min(ST_Y(geom)), max(ST_X(geom)), max(ST_Y(geom))] AS bbox,
       (count(*) FILTER (WHERE site_type = 'post_office'))::int AS offices,
       (count(*) FILTER (WHERE site_type = 'post_office' AND is_connected))::int AS "officesConnected"
     FROM sites GROUP BY country ORDER BY country`,
  );
  return rows.map((r) => ({ country: r.country, ...tally(r.sites, r.connected), postOffices: tally(r.offices, r.officesConnected), bbox: r.bbox }));
}

export interface AdminArea {
  name: string;
  /** 1: the sites' admin1; 2: their admin2, in a country whose sites have no admin1. */
  level: 1 | 2;
  sites: number;
  connected: number;
  /** [west, south, east, north] of its sites. */
  bbox: [number, number, number, number];
}

/**
 * A country's admin areas with their sites, for the map's drill-down: its admin1 areas, or its admin2
 * ones where no site has an admin1 (ITU's São Tomé file gives the districts, the country's first
 * division, as admin2). Sites with no name at that level are in none.
 */
export async function countryAreas(db: Sql, country: string): Promise<AdminArea[]> {
  const { rows } = await db.query<AdminArea>(
    `WITH level AS (SELECT CASE WHEN bool_or(btrim(admin1) <> '') THEN 1 ELSE 2 END AS n FROM sites WHERE country = $1),
     named AS (SELECT CASE level.n WHEN 1 THEN s.admin1 ELSE s.admin2 END AS name, level.n AS level, s.is_connected, s.geom
               FROM sites s, level WHERE s.country = $1)
     SELECT name, level, count(*)::int AS sites, (count(*) FILTER (WHERE is_connected))::int AS connected,
       ARRAY[min(ST_X(geom)), min(ST_Y(geom)), max(ST_X(geom)), max(ST_Y(geom))] AS bbox
     FROM named WHERE name IS NOT NULL AND btrim(name) <> '' GROUP BY name, level ORDER BY name`,
    [country],
  );
  return rows;
}
