/**
 * Whether a location is open at an instant, from its HSDS schedules, in its own time zone (an IANA
 * name: the hours of an office in the Canaries are Atlantic/Canary hours, not Madrid's).
 *
 *     openAt([officeHours], new Date('2026-12-25T10:00:00Z'), 'Europe/Madrid');  // { state: 'closed' }
 *
 * Regular hours are schedules with freq/byday (or with neither and no dates: every day), valid
 * from valid_from to valid_to when given. An exception is a schedule without freq and byday that
 * has valid_from and valid_to: on those dates the exceptions alone decide, open during their hours
 * or, having none, closed (a public holiday).
 */
import type { HsdsRecord } from './hsds.js';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  weekday: Weekday;
  /** Seconds since local midnight. */
  seconds: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const SHORT_DAYS: Record<string, Weekday> = { Mon: 'MO', Tue: 'TU', Wed: 'WE', Thu: 'TH', Fri: 'FR', Sat: 'SA', Sun: 'SU' };

/**
 * The instant when the wall clock in `timeZone` shows `date` `time` (YYYY-MM-DD, HH:MM): a
 * person asks "open on Saturday at 10:00" in the time of the place. In the hour a clock skips
 * (spring forward) it is the instant an hour later; in the hour it repeats, the second.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d) / 1000 + timeSeconds(time);
  // The zone's offset at a guess, applied, then checked once more: offsets change at most once nearby.
  let t = wanted;
  for (let i = 0; i < 2; i++) {
    const l = localTime(new Date(t * 1000), timeZone);
    const [ly, lm, ld] = l.date.split('-').map(Number) as [number, number, number];
    t += wanted - (Date.UTC(ly, lm - 1, ld) / 1000 + l.seconds);
  }
  return new Date(t * 1000);
}

/** The wall-clock date, weekday and time at `instant` in `timeZone`. Throws RangeError for a zone Intl does not know. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: SHORT_DAYS[p.weekday!]!, seconds: Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second) };
}

export function isTimeZone(name: string): boolean {
  try {
    localTime(new Date(0), name);
    return true;
  } catch {
    return false;
  }
}

/** HH:MM or HH:MM:SS as seconds; HSDS writes 23:59 for "until midnight", taken here as the end of the day. */
export function timeSeconds(hhmm: string): number {
  const [h, m, s] = hhmm.split(':').map(Number);
  const t = h! * 3600 + m! * 60 + (s ?? 0);
  return t === 23 * 3600 + 59 * 60 ? 86_400 : t;
}

export function isException(s: HsdsRecord): boolean {
  return s.freq == null && s.byday == null && s.valid_from != null && s.valid_to != null;
}

const within = (s: HsdsRecord, date: string) => (s.valid_from == null || String(s.valid_from) <= date) && (s.valid_to == null || date <= String(s.valid_to));

export interface Opening {
  /** 'unknown' when there are no schedules to say. */
  state: 'open' | 'closed' | 'unknown';
  /** When open: the local time it closes (HH:MM). */
  closesAt?: string;
}

/** What one set of schedules (a location's, or a service's at a location) says at a local time. */
export function openingOf(schedules: readonly HsdsRecord[], t: LocalTime): Opening {
  if (schedules.length === 0) return { state: 'unknown' };
  const exceptions = schedules.filter((s) => isException(s) && within(s, t.date));
  const today = exceptions.length > 0
    ? exceptions
    : schedules.filter((s) => !isException(s) && within(s, t.date) && (s.byday == null || String(s.byday).split(',').includes(t.weekday)));
  const open = today.filter((s) => s.opens_at != null && s.closes_at != null && timeSeconds(String(s.opens_at)) <= t.seconds && t.seconds < timeSeconds(String(s.closes_at)));
  if (open.length === 0) return { state: 'closed' };
  // Of overlapping hours, the one that lasts longest.
  const last = open.reduce((a, b) => (timeSeconds(String(b.closes_at)) > timeSeconds(String(a.closes_at)) ? b : a));
  return { state: 'open', closesAt: String(last.closes_at).slice(0, 5) };
}

/**
 * Open when every set that has schedules says open (a service at an office is available during
 * its own hours and the office's); closed when one says closed; unknown when none has schedules.
 */
export function openAt(sets: readonly (readonly HsdsRecord[])[], instant: Date, timeZone: string): Opening {
  const t = localTime(instant, timeZone);
  const said = sets.map((s) => openingOf(s, t)).filter((o) => o.state !== 'unknown');
  if (said.length === 0) return { state: 'unknown' };
  if (said.some((o) => o.state === 'closed')) return { state: 'closed' };
  const closesAt = said.map((o) => o.closesAt!).sort()[0]!;
  return { state: 'open', closesAt };
}
