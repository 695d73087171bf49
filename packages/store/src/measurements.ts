import { isoTime } from './accounts.js';
import { recordProgress } from './progress.js';
import type { Database, Sql } from './database.js';

/**
 * Speed tests and uptime pings from devices in post offices (as UNICEF Giga Meter collects them
 * from schools). The server checks each measurement (core/measurements.ts) and hands the batch
 * here with its verdicts; the store registers devices, keeps accepted measurements once each and
 * keeps what was refused, with the reason and what the device sent.
 */

export interface MeasurementInput {
  /** The device's hardware id; it is registered for the site the first time it reports. */
  hardwareId: string;
  kind: 'speedtest' | 'uptime';
  /** ISO 8601, when the device measured. */
  measuredAt: string;
  downloadMbps?: number | null;
  uploadMbps?: number | null;
  latencyMs?: number | null;
  jitterMs?: number | null;
  /** A share, 0 to 1. */
  packetLoss?: number | null;
  lat?: number | null;
  lon?: number | null;
  /** From the site to where the device said it was. */
  distanceM?: number | null;
  isp?: string | null;
  asn?: number | null;
  flags?: string[];
}

export interface Rejection {
  /** The item's position in the batch. */
  index: number;
  reason: string;
}

export interface IngestResult {
  /** Stored now. */
  accepted: number;
  /** Already stored (same device, kind and time): a resent test, not a second one. */
  duplicates: number;
  /** By index: the reasons given with the batch and the devices over the site's limit. */
  rejected: Rejection[];
  /** Of the accepted, those with flags. */
  flagged: number;
}

export const DEFAULT_MAX_DEVICES = 5;
/** Reported within this many days: live (core's siteStatus). */
const LIVE_DAYS = 21;

// The numeric fields and their columns, in the order the INSERT takes them.
const NUMBERS = [
  ['downloadMbps', 'download_mbps'],
  ['uploadMbps', 'upload_mbps'],
  ['latencyMs', 'latency_ms'],
  ['jitterMs', 'jitter_ms'],
  ['packetLoss', 'packet_loss'],
  ['lat', 'lat'],
  ['lon', 'lon'],
  ['distanceM', 'distance_m'],
] as const satisfies readonly (readonly [keyof MeasurementInput, string])[];

/**
 * One transaction: registers new hardware ids for the site (at most maxDevices per site: further
 * ones are rejected with reason `the site already has <n> devices`), inserts accepted measurements
 * with ON CONFLICT (device_id, kind, measured_at) DO NOTHING (counted as duplicates), and stores
 * each rejection (given ones and device-limit ones) in rejected_measurements with its payload.
 * Returns only after COMMIT, so an acknowledged measurement is durable. Anything the table refuses
 * (a kind other than speedtest or uptime, a time that is not one) fails the whole batch and leaves
 * nothing behind; so does an unknown site.
 */
export async function ingestMeasurements(
  db: Database,
  siteId: number,
  items: { input: MeasurementInput; rejectedReason?: string }[],
  o: { maxDevices?: number } = {},
): Promise<IngestResult> {
  const maxDevices = o.maxDevices ?? DEFAULT_MAX_DEVICES;
  if (!Number.isInteger(maxDevices) || maxDevices < 0) throw new Error(`measurements: maxDevices ${maxDevices} is not a whole number >= 0`);
  // The table takes NaN and Infinity in double precision columns; a median over them means nothing.
  items.forEach((item, i) => {
    if (item.rejectedReason !== undefined) return;
    for (const [field] of NUMBERS) checkFinite(i, field, item.input[field]);
    checkFinite(i, 'asn', item.input.asn);
  });

  return db.transaction(async (tx) => {
    // Taken in turn per site, so two batches at once cannot both register the last free device.
    // NO KEY UPDATE: rows that refer to the site (these measurements) can still be inserted meanwhile.
    const { rows: [site] } = await tx.query<{ country: string; connected: boolean; live: boolean }>(
      `SELECT country, is_connected IS TRUE AS connected, coalesce(measured_at > now() - interval '${LIVE_DAYS} days', false) AS live
       FROM sites WHERE id = $1 FOR NO KEY UPDATE`,
      [siteId],
    );
    if (!site) throw new Error(`measurements: there is no site ${siteId}`);

    const { rows: known } = await tx.query<{ id: number; hardwareId: string }>(
      'SELECT id, hardware_id AS "hardwareId" FROM devices WHERE site_id = $1',
      [siteId],
    );
    const devices = new Map(known.map((d) => [d.hardwareId, d.id]));

    // New hardware ids in the order they first appear, up to the limit.
    let count = devices.size;
    const register: string[] = [];
    const overLimit = new Set<string>();
    for (const { input, rejectedReason } of items) {
      if (rejectedReason !== undefined || devices.has(input.hardwareId) || register.includes(input.hardwareId) || overLimit.has(input.hardwareId)) continue;
      if (count < maxDevices) {
        register.push(input.hardwareId);
        count++;
      } else {
        overLimit.add(input.hardwareId);
      }
    }
    if (register.length > 0) {
      const { rows } = await tx.query<{ id: number; hardwareId: string }>(
        `INSERT INTO devices (site_id, hardware_id) SELECT $1, h FROM unnest($2::text[]) AS h RETURNING id, hardware_id AS "hardwareId"`,
        [siteId, register],
      );
      for (const d of rows) devices.set(d.hardwareId, d.id);
    }

    const rejected: (Rejection & { hardwareId: string | null; payload: string })[] = [];
    const accepted: { input: MeasurementInput; deviceId: number }[] = [];
    items.forEach(({ input, rejectedReason }, index) => {
      const deviceId = rejectedReason === undefined ? devices.get(input.hardwareId) : undefined;
      if (deviceId !== undefined) {
        accepted.push({ input, deviceId });
        return;
      }
      const reason = rejectedReason ?? `the site already has ${count} devices`;
      // A refused payload may be anything a device sent: made storable rather than allowed to fail the batch.
      const hardwareId = typeof input?.hardwareId === 'string' ? storable(input.hardwareId) : null;
      rejected.push({ index, reason: storable(reason), hardwareId, payload: JSON.stringify(storableJson(plain(input))) });
    });

    if (rejected.length > 0) {
      await tx.query(
        `INSERT INTO rejected_measurements (site_id, hardware_id, reason, payload)
         SELECT $1, r.hardware_id, r.reason, r.payload::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS r(hardware_id, reason, payload)`,
        [siteId, rejected.map((r) => r.hardwareId), rejected.map((r) => r.reason), rejected.map((r) => r.payload)],
      );
    }

    let stored = 0;
    let flagged = 0;
    if (accepted.length > 0) {
      const column = <T>(f: (m: MeasurementInput) => T) => accepted.map((a) => f(a.input));
      const params: unknown[] = [
        siteId,
        accepted.map((a) => a.deviceId),
        column((m) => m.kind),
        column((m) => m.measuredAt),
        ...NUMBERS.map(([field]) => column((m) => m[field] ?? null)),
        column((m) => m.isp ?? null),
        column((m) => m.asn ?? null),
        // Arrays of arrays do not go through unnest (it flattens them): each item's flags travel as JSON.
        column((m) => JSON.stringify(m.flags ?? [])),
      ];
      const numbers = NUMBERS.map(([, c]) => c);
      const { rows } = await tx.query<{ flagged: boolean }>(
        `INSERT INTO measurements (site_id, device_id, kind, measured_at, ${numbers.join(', ')}, isp, asn, flags)
         SELECT $1, u.device_id, u.kind, u.measured_at::timestamptz, ${numbers.map((c) => `u.${c}`).join(', ')}, u.isp, u.asn,
           ARRAY(SELECT jsonb_array_elements_text(u.flags::jsonb))
         FROM unnest($2::int4[], $3::text[], $4::text[], ${numbers.map((_, i) => `$${i + 5}::float8[]`).join(', ')},
           $${numbers.length + 5}::text[], $${numbers.length + 6}::int4[], $${numbers.length + 7}::text[])
           AS u(device_id, kind, measured_at, ${numbers.join(', ')}, isp, asn, flags)
         ON CONFLICT (device_id, kind, measured_at) DO NOTHING
         RETURNING cardinality(flags) > 0 AS flagged`,
        params,
      );
      stored = rows.length;
      flagged = rows.filter((r) => r.flagged).length;
    }
    if (stored > 0) {
      // The site's measured speed, kept current so listings, the map and the next analysis see it;
      // a download above zero shows the office is connected, whatever its file said.
      const { rows: [now] } = await tx.query<{ connected: boolean; live: boolean }>(
        `UPDATE sites s SET measured_at = (SELECT max(measured_at) FROM measurements WHERE site_id = $1),
           measured_download_mbps = coalesce(w.median, s.measured_download_mbps),
           is_connected = CASE WHEN w.median > 0 THEN true ELSE s.is_connected END,
           -- The map shows whether an office is connected: a change of that is a change of the site.
           updated_at = CASE WHEN w.median > 0 AND s.is_connected IS NOT TRUE THEN now() ELSE s.updated_at END
         FROM (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY download_mbps) AS median FROM measurements
               WHERE site_id = $1 AND kind = 'speedtest' AND measured_at > now() - interval '7 days' AND measured_at <= now()) w
         WHERE s.id = $1
         RETURNING s.is_connected IS TRUE AS connected, coalesce(s.measured_at > now() - interval '${LIVE_DAYS} days', false) AS live`,
        [siteId],
      );
      // Progress counts connected and live offices: only a change of either moves it.
      if (now && (now.connected !== site.connected || now.live !== site.live)) await recordProgress(tx, [site.country]);
    }

    return {
      accepted: stored,
      duplicates: accepted.length - stored,
      rejected: rejected.map(({ index, reason }) => ({ index, reason })),
      flagged,
    };
  });
}

export interface SiteMeasurementSummary {
  siteId: number;
  /** The latest measurement of either kind. */
  lastMeasuredAt: string | null;
  /** Registered devices. */
  devices: number;
  /** Speed tests, all of them. */
  tests: number;
  /** Medians over the speed tests measured in the 7 days before `now`. */
  medianDownloadMbps7d: number | null;
  medianUploadMbps7d: number | null;
  medianLatencyMs7d: number | null;
  contractedMbps: number | null;
}

/**
 * What a site's devices say: medians over the speed tests measured in the 7 days up to `now`
 * (percentile_cont(0.5), so the mean of the two middle ones for an even count), the latest
 * measurement of either kind, the contracted speed. An unknown site is an error.
 */
export async function siteMeasurementSummary(db: Sql, siteId: number, now: Date = new Date()): Promise<SiteMeasurementSummary> {
  const { rows } = await db.query<SiteMeasurementSummary>(
    `SELECT s.id AS "siteId", ${isoTime('m."lastMeasuredAt"')} AS "lastMeasuredAt",
       (SELECT count(*)::int FROM devices d WHERE d.site_id = s.id) AS devices,
       m.tests, m."medianDownloadMbps7d", m."medianUploadMbps7d", m."medianLatencyMs7d", s.contracted_mbps AS "contractedMbps"
     FROM sites s, LATERAL (
       SELECT max(measured_at) AS "lastMeasuredAt",
         (count(*) FILTER (WHERE kind = 'speedtest'))::int AS tests,
         ${['download_mbps', 'upload_mbps', 'latency_ms']
           .map((c, i) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${c}) FILTER (WHERE ${WEEK}) AS "${['medianDownloadMbps7d', 'medianUploadMbps7d', 'medianLatencyMs7d'][i]}"`)
           .join(',\n         ')}
       FROM measurements WHERE site_id = s.id) m
     WHERE s.id = $1`,
    [siteId, now.toISOString()],
  );
  if (!rows[0]) throw new Error(`measurements: there is no site ${siteId}`);
  return rows[0];
}

// Speed tests measured in the 7 days up to $2 (a test stamped later than now is not in the week yet).
const WEEK = `kind = 'speedtest' AND measured_at > $2::timestamptz - interval '7 days' AND measured_at <= $2::timestamptz`;

export interface DailyAggregate {
  /** YYYY-MM-DD, the UTC day (for weeks, the Monday that starts the ISO week). */
  day: string;
  /** Speed tests that day (or week). */
  tests: number;
  medianDownloadMbps: number | null;
  medianUploadMbps: number | null;
  medianLatencyMs: number | null;
  uptimePings: number;
}

/**
 * A site's measurements by UTC day from `from` to `to`, both days included (YYYY-MM-DD; a full
 * ISO time stands for its UTC day), ascending. Days without a measurement are left out.
 */
export function dailyAggregates(db: Sql, siteId: number, q: { from: string; to: string }): Promise<DailyAggregate[]> {
  return aggregates(db, siteId, 'day', q);
}

/** The same by ISO week (Monday to Sunday, UTC), for the weeks that hold a day from `from` to `to`. */
export function weeklyAggregates(db: Sql, siteId: number, q: { from: string; to: string }): Promise<DailyAggregate[]> {
  return aggregates(db, siteId, 'week', q);
}

async function aggregates(db: Sql, siteId: number, period: 'day' | 'week', q: { from: string; to: string }): Promise<DailyAggregate[]> {
  const { rows } = await db.query<DailyAggregate>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, tests, "medianDownloadMbps", "medianUploadMbps", "medianLatencyMs", "uptimePings"
     FROM (
       SELECT date_trunc('${period}', measured_at AT TIME ZONE 'UTC')::date AS day,
         (count(*) FILTER (WHERE kind = 'speedtest'))::int AS tests,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY download_mbps) FILTER (WHERE kind = 'speedtest') AS "medianDownloadMbps",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY upload_mbps) FILTER (WHERE kind = 'speedtest') AS "medianUploadMbps",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE kind = 'speedtest') AS "medianLatencyMs",
         (count(*) FILTER (WHERE kind = 'uptime'))::int AS "uptimePings"
       FROM measurements
       WHERE site_id = $1 AND measured_at >= (date_trunc('${period}', $2::date)::timestamp AT TIME ZONE 'UTC')
         AND measured_at < ((date_trunc('${period}', $3::date) + interval '1 ${period}')::timestamp AT TIME ZONE 'UTC')
       GROUP BY 1) d
     ORDER BY d.day`,
    [siteId, utcDay(q.from, 'from'), utcDay(q.to, 'to')],
  );
  return rows;
}

export type StoredMeasurement = Required<MeasurementInput> & { id: number; siteId: number; receivedAt: string };

const PAGE = 100;
const PAGE_MAX = 1000;

/** A site's measurements by id ascending; `afterId` pages on: pass the last id of the previous page. */
export async function listMeasurements(db: Sql, siteId: number, q: { afterId?: number; limit?: number } = {}): Promise<StoredMeasurement[]> {
  const { rows } = await db.query<StoredMeasurement>(
    `SELECT m.id, m.site_id AS "siteId", d.hardware_id AS "hardwareId", m.kind, ${isoTime('m.measured_at')} AS "measuredAt",
       ${isoTime('m.received_at')} AS "receivedAt", m.download_mbps AS "downloadMbps", m.upload_mbps AS "uploadMbps",
       m.latency_ms AS "latencyMs", m.jitter_ms AS "jitterMs", m.packet_loss AS "packetLoss", m.lat, m.lon,
       m.distance_m AS "distanceM", m.isp, m.asn, m.flags
     FROM measurements m JOIN devices d ON d.id = m.device_id
     WHERE m.site_id = $1 AND ($2::int8 IS NULL OR m.id > $2)
     ORDER BY m.id LIMIT $3`,
    [siteId, q.afterId ?? null, pageSize(q.limit)],
  );
  // bigint: a string from pg without the int8 parser, a BigInt from PGlite.
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Measurements stored, of one site or of all. */
export async function countMeasurements(db: Sql, siteId?: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM measurements WHERE $1::int4 IS NULL OR site_id = $1', [siteId ?? null]);
  return rows[0]!.n;
}

export interface RejectedMeasurement {
  id: number;
  receivedAt: string;
  hardwareId: string | null;
  reason: string;
  /** What the device sent. */
  payload: unknown;
}

/** A site's refused measurements, newest first (limit: default 100, at most 1000). */
export async function listRejectedMeasurements(db: Sql, siteId: number, limit?: number): Promise<RejectedMeasurement[]> {
  const { rows } = await db.query<RejectedMeasurement>(
    `SELECT id, ${isoTime('received_at')} AS "receivedAt", hardware_id AS "hardwareId", reason, payload
     FROM rejected_measurements WHERE site_id = $1 ORDER BY id DESC LIMIT $2`,
    [siteId, pageSize(limit)],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

function checkFinite(index: number, field: string, v: unknown): void {
  if (v != null && (typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`measurements: item ${index}: ${field} ${String(v)} is not a finite number`);
}

function pageSize(limit: number | undefined): number {
  return limit === undefined || !Number.isFinite(limit) ? PAGE : Math.min(PAGE_MAX, Math.max(1, Math.floor(limit)));
}

function utcDay(v: string, name: string): string {
  if (/^\d{4}-\d\d-\d\d$/.test(v)) return v;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`measurements: ${name} ${v} is not a day (YYYY-MM-DD) or a time`);
  return new Date(t).toISOString().slice(0, 10);
}

// PostgreSQL text and jsonb refuse NUL characters, and jsonb lone surrogates.
function storable(s: string): string {
  return s.replace(/\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

// As JSON would have it: no undefined, Dates as strings.
function plain(v: unknown): unknown {
  const s = JSON.stringify(v);
  return s === undefined ? null : JSON.parse(s);
}

function storableJson(v: unknown): unknown {
  if (typeof v === 'string') return storable(v);
  if (Array.isArray(v)) return v.map(storableJson);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), storableJson(x)]));
  }
  return v;
}
