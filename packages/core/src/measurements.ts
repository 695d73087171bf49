/**
 * Measurements reported by devices in post offices (speed tests and uptime pings, as UNICEF's Giga
 * Meter collects them from schools): which to refuse, which to flag, and what they say about a site.
 *
 *     const c = checkMeasurement(m, site, new Date());
 *     c.rejectedReason;   // 'generic hardware id ...' (kept apart, with the reason), or undefined
 *     c.flags;            // ['far_from_site'] when reported more than 4 km from the office
 *     siteStatus(lastMeasuredAt, now);   // 'live' | 'at_risk' | 'dropped' | 'never'
 */
import { haversineM } from './geo/distance.js';

export const MEASUREMENT_PARAMETERS = {
  /** A test reported farther from its site is kept but flagged (Giga: 4 km). */
  maxDistanceM: 4_000,
  /** Reported within this many days: live; then at risk until atRiskDays; then dropped (Giga Meter). */
  liveDays: 21,
  atRiskDays: 28,
  /** Measured below this share of the contracted speed is flagged. */
  contractShare: 0.8,
  maxDevicesPerSite: 5,
  /** Clocks drift; a test more than this far in the future is refused. */
  maxFutureS: 3_600,
  maxAgeDays: 366,
  /**
   * Hardware ids that firmware writes on many machines: one (03000200-…) appeared on 689 Giga
   * schools. A device reporting one cannot be told apart from others, so it is refused.
   */
  genericHardwareIds: [
    '03000200-0400-0500-0006-000700080009', '00020003-0004-0005-0006-000700080009', '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff', 'to be filled by o.e.m.', 'default string', 'system serial number', 'not applicable',
    'not specified', 'none', '0', '123456789', '0123456789',
  ],
};
export type MeasurementParameters = typeof MEASUREMENT_PARAMETERS;

export interface ReportedMeasurement {
  deviceId: string;
  kind: 'speedtest' | 'uptime';
  measuredAt: string;
  downloadMbps?: number | null;
  uploadMbps?: number | null;
  latencyMs?: number | null;
  lat?: number | null;
  lon?: number | null;
}

export interface MeasurementCheck {
  /** Why the measurement is refused; undefined when it is accepted. */
  rejectedReason?: string;
  flags: string[];
  /** From the site, where the device said where it was. */
  distanceM: number | null;
}

export function checkMeasurement(m: ReportedMeasurement, site: { lat: number; lon: number }, now: Date, p = MEASUREMENT_PARAMETERS): MeasurementCheck {
  const hasPosition = m.lat != null && m.lon != null;
  const distanceM = hasPosition ? haversineM(site.lat, site.lon, m.lat!, m.lon!) : null;
  const flags = distanceM !== null && distanceM > p.maxDistanceM ? ['far_from_site'] : [];
  const reject = (rejectedReason: string): MeasurementCheck => ({ rejectedReason, flags, distanceM });
  if (p.genericHardwareIds.includes(m.deviceId.trim().toLowerCase())) return reject(`generic hardware id ${m.deviceId}: it cannot tell this device from others`);
  const at = Date.parse(m.measuredAt);
  if (Number.isNaN(at)) return reject(`measuredAt ${m.measuredAt} is not a time`);
  if (at > now.getTime() + p.maxFutureS * 1000) return reject(`measured at ${m.measuredAt}, in the future`);
  if (at < now.getTime() - p.maxAgeDays * 86_400_000) return reject(`measured at ${m.measuredAt}, more than ${p.maxAgeDays} days ago`);
  if (m.kind === 'speedtest' && m.downloadMbps == null && m.uploadMbps == null && m.latencyMs == null) return reject('a speed test without download, upload or latency');
  return { flags, distanceM };
}

export type SiteMeasurementStatus = 'live' | 'at_risk' | 'dropped' | 'never';

export function siteStatus(lastMeasuredAt: string | null, now: Date, p = MEASUREMENT_PARAMETERS): SiteMeasurementStatus {
  if (!lastMeasuredAt) return 'never';
  const days = (now.getTime() - Date.parse(lastMeasuredAt)) / 86_400_000;
  return days <= p.liveDays ? 'live' : days <= p.atRiskDays ? 'at_risk' : 'dropped';
}

/** True when the measured speed is below the contracted share; null when either is unknown. */
export function belowContract(measuredMbps: number | null, contractedMbps: number | null, p = MEASUREMENT_PARAMETERS): boolean | null {
  if (measuredMbps == null || contractedMbps == null || !(contractedMbps > 0)) return null;
  return measuredMbps < p.contractShare * contractedMbps;
}
