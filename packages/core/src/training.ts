/**
 * Training given at post offices: digital skills for the public and cyber hygiene for the staff.
 * People are counted, never named: a session says how many took part, by gender and by age band,
 * and how many completed it. Staff coverage is the share of an office's (or a country's) staff
 * trained in the last 12 months.
 *
 *     const { session, errors } = readTrainingSession({ heldOn: '2026-03-02', topic: 'cyber_hygiene.phishing', participants: 4, ... }, '2026-03-10');
 *     errors;                          // [{ field: 'completed', value: '5', reason: 'more than the participants (4)' }]
 *     quarterOf('2026-03-02');         // '2026-Q1'
 *     staffCoverage([{ staff: 10, completed: 12 }, { staff: 10, completed: 5 }]).share;   // 0.75
 */
import type { TaxonomyLanguage } from './services/taxonomy.js';

export const TRAINING_AUDIENCES = ['public', 'staff'] as const;
export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];

export interface TrainingTopic {
  code: string;
  /** Who the topic is for: a session's audience must be its topic's. */
  audience: TrainingAudience;
  names: Record<TaxonomyLanguage, string>;
}

const topic = (code: string, audience: TrainingAudience, en: string, fr: string, es: string, ar: string): TrainingTopic =>
  ({ code, audience, names: { en, fr, es, ar } });

/**
 * What post offices teach: the digital-skills part of UPU's CONNECT.POST offer for the public, and
 * the cyber hygiene postal staff need at a counter that handles money and identity documents.
 * Codes are stable (files and records name them).
 */
export const TRAINING_TOPICS: readonly TrainingTopic[] = [
  topic('digital_skills.basic', 'public', 'Basic digital skills', 'Compétences numériques de base', 'Competencias digitales básicas', 'المهارات الرقمية الأساسية'),
  topic('digital_skills.egov', 'public', 'Using online public services', 'Utiliser les services publics en ligne', 'Uso de los servicios públicos en línea', 'استخدام الخدمات الحكومية الإلكترونية'),
  topic('digital_skills.finance', 'public', 'Digital payments and banking', 'Paiements et banque numériques', 'Pagos y banca digitales', 'المدفوعات والخدمات المصرفية الرقمية'),
  topic('digital_skills.ecommerce', 'public', 'Buying and selling online', 'Acheter et vendre en ligne', 'Comprar y vender en línea', 'الشراء والبيع عبر الإنترنت'),
  topic('digital_skills.online_safety', 'public', 'Staying safe online', 'Se protéger en ligne', 'Seguridad en internet', 'الأمان على الإنترنت'),
  topic('cyber_hygiene.basics', 'staff', 'Cyber hygiene basics', "Règles d'hygiène informatique", 'Ciberhigiene básica', 'أساسيات النظافة السيبرانية'),
  topic('cyber_hygiene.phishing', 'staff', 'Recognising phishing', "Reconnaître l'hameçonnage", 'Reconocer el phishing', 'التعرف على التصيد الاحتيالي'),
  topic('cyber_hygiene.fraud', 'staff', 'Preventing fraud at the counter', 'Prévenir la fraude au guichet', 'Prevención del fraude en ventanilla', 'منع الاحتيال عند الشباك'),
];

const TOPICS = new Map(TRAINING_TOPICS.map((t) => [t.code, t]));

export function trainingTopic(code: string): TrainingTopic | undefined {
  return TOPICS.get(code);
}

export const TRAINING_LIMITS = {
  /** A session is a class at a post office; more people than this in one is a typing mistake. */
  maxParticipants: 5_000,
  /** As the table's CHECK: hours > 0 and at most 200 (a long course, not a year). */
  maxHours: 200,
  maxTrainerLength: 200,
  /** The largest sorting centres employ a few thousand; more at one office is a typing mistake. */
  maxStaff: 10_000,
  /**
   * A session dated up to this many days after today (UTC) is accepted: east of UTC it is already
   * tomorrow (UTC+14 at most). Later is in the future, a mistake.
   */
  futureGraceDays: 1,
  /** Staff trained within this many months count as trained. */
  coverageMonths: 12,
};

/** A session as recorded, counts of people only. */
export interface TrainingSessionFields {
  /** YYYY-MM-DD */
  heldOn: string;
  topic: string;
  audience: TrainingAudience;
  /** Shown to the office's staff and the country's managers, never to the public. */
  trainer: string | null;
  hours: number | null;
  participants: number;
  completed: number;
  female: number;
  male: number;
  /** Another gender, or not stated. */
  genderOther: number;
  ageUnder15: number;
  age15To24: number;
  age25To64: number;
  age65Plus: number;
  ageUnknown: number;
}

export type TrainingField = keyof TrainingSessionFields;

export const GENDER_FIELDS = ['female', 'male', 'genderOther'] as const;
export const AGE_FIELDS = ['ageUnder15', 'age15To24', 'age25To64', 'age65Plus', 'ageUnknown'] as const;
const COUNT_FIELDS = ['participants', 'completed', ...GENDER_FIELDS, ...AGE_FIELDS] as const;

/** Each field's name in files and in the database. */
export const TRAINING_COLUMNS: Record<TrainingField, string> = {
  heldOn: 'held_on', topic: 'topic', audience: 'audience', trainer: 'trainer', hours: 'hours', participants: 'participants', completed: 'completed',
  female: 'female', male: 'male', genderOther: 'gender_other',
  ageUnder15: 'age_under_15', age15To24: 'age_15_24', age25To64: 'age_25_64', age65Plus: 'age_65_plus', ageUnknown: 'age_unknown',
};

/** One problem with one field (or, for a sum, the fields joined by "+"). */
export interface TrainingFieldError {
  field: string;
  value: string;
  reason: string;
}

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === s;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The same day `months` earlier, or the month's last day when it has no such day (29 February). */
export function subtractMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const [year, month] = [Math.floor(index / 12), index % 12];
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** '2026-05-14' → '2026-Q2' */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * Checks a session as a file or a request gives it (numbers or their text) and returns it with
 * every problem found. `today` (YYYY-MM-DD, UTC) bounds the date; `name` says each field as the
 * caller's source names it (a file's column, say).
 */
export function readTrainingSession(
  values: Partial<Record<TrainingField, unknown>>,
  today: string,
  name: (field: TrainingField) => string = (f) => f,
): { session: TrainingSessionFields | null; errors: TrainingFieldError[] } {
  const errors: TrainingFieldError[] = [];
  const fail = (field: TrainingField, value: unknown, reason: string) => {
    errors.push({ field: name(field), value: shown(value), reason });
    return null;
  };
  const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

  const count = (field: TrainingField, required: boolean): number | null => {
    const v = values[field];
    if (!present(v)) return required ? fail(field, v, 'missing') : 0;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 0) return fail(field, v, 'not a whole number of people (0 or more)');
    if (n > TRAINING_LIMITS.maxParticipants) return fail(field, v, `more than ${TRAINING_LIMITS.maxParticipants} people in one session`);
    return n;
  };
  const counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, count(f, f === 'participants' || f === 'completed')])) as Record<(typeof COUNT_FIELDS)[number], number | null>;

  let heldOn: string | null = null;
  const date = values.heldOn;
  if (!present(date)) fail('heldOn', date, 'missing');
  else if (typeof date !== 'string' || !isIsoDate(date.trim())) fail('heldOn', date, 'not a date (YYYY-MM-DD)');
  else if (date.trim() > addDays(today, TRAINING_LIMITS.futureGraceDays)) fail('heldOn', date, `in the future (today is ${today})`);
  else heldOn = date.trim();

  let known: TrainingTopic | undefined;
  const code = values.topic;
  if (!present(code)) fail('topic', code, 'missing');
  else if (!(known = TOPICS.get(String(code).trim()))) fail('topic', code, `not a training topic (${TRAINING_TOPICS.map((t) => t.code).join(', ')})`);

  let audience: TrainingAudience | null = known?.audience ?? null;
  const given = values.audience;
  if (present(given)) {
    const a = String(given).trim();
    if (!(TRAINING_AUDIENCES as readonly string[]).includes(a)) audience = fail('audience', given, `expected ${TRAINING_AUDIENCES.join(' or ')}`);
    else if (known && a !== known.audience) audience = fail('audience', given, `${known.code} is a topic for the ${known.audience}, not the ${a}`);
    else audience = a as TrainingAudience;
  }

  let trainer: string | null = null;
  if (present(values.trainer)) {
    if (typeof values.trainer !== 'string') fail('trainer', values.trainer, 'expected text');
    else if (values.trainer.trim().length > TRAINING_LIMITS.maxTrainerLength) fail('trainer', values.trainer, `longer than ${TRAINING_LIMITS.maxTrainerLength} characters`);
    else trainer = values.trainer.trim();
  }

  let hours: number | null = null;
  if (present(values.hours)) {
    const v = values.hours;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n) || n <= 0 || n > TRAINING_LIMITS.maxHours) fail('hours', v, `not a number of hours above 0 and at most ${TRAINING_LIMITS.maxHours}`);
    else hours = n;
  }

  const { participants, completed } = counts;
  if (participants !== null && completed !== null && completed > participants) fail('completed', values.completed, `more than the participants (${participants})`);
  // A sum is checked only when its parts are numbers: a bad part has its own error already.
  for (const parts of [GENDER_FIELDS, AGE_FIELDS] as const) {
    const got = parts.map((f) => counts[f]);
    if (participants === null || got.some((n) => n === null)) continue;
    const sum = (got as number[]).reduce((a, b) => a + b, 0);
    if (sum !== participants) {
      errors.push({ field: parts.map(name).join('+'), value: (got as number[]).join('+'), reason: `adds up to ${sum}, not the participants (${participants})` });
    }
  }

  if (errors.length > 0) return { session: null, errors };
  return { session: { heldOn: heldOn!, topic: known!.code, audience: audience!, trainer, hours, ...(counts as Record<(typeof COUNT_FIELDS)[number], number>) }, errors };
}

/** An office's staff count as a file or a request gives it: a whole number of people, and the day it was true. */
export function readOfficeStaff(
  values: { staff?: unknown; asOf?: unknown },
  today: string,
  name: (field: 'staff' | 'asOf') => string = (f) => f,
): { staff: { staff: number; asOf: string } | null; errors: TrainingFieldError[] } {
  const errors: TrainingFieldError[] = [];
  const fail = (field: 'staff' | 'asOf', value: unknown, reason: string) => void errors.push({ field: name(field), value: shown(value), reason });
  const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
  const v = values.staff;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!present(v)) fail('staff', v, 'missing');
  else if (!Number.isInteger(n) || n < 0) fail('staff', v, 'not a whole number of people (0 or more)');
  else if (n > TRAINING_LIMITS.maxStaff) fail('staff', v, `more than ${TRAINING_LIMITS.maxStaff} people at one office`);
  const d = values.asOf;
  if (!present(d)) fail('asOf', d, 'missing');
  else if (typeof d !== 'string' || !isIsoDate(d.trim())) fail('asOf', d, 'not a date (YYYY-MM-DD)');
  else if (d.trim() > addDays(today, TRAINING_LIMITS.futureGraceDays)) fail('asOf', d, `in the future (today is ${today})`);
  return errors.length > 0 ? { staff: null, errors } : { staff: { staff: n, asOf: (d as string).trim() }, errors };
}

const shown = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Staff trained count when held after `after` and up to `until` (both YYYY-MM-DD): the last 12 months to `asOf`. */
export function coverageWindow(asOf: string): { after: string; until: string } {
  return { after: subtractMonths(asOf, TRAINING_LIMITS.coverageMonths), until: asOf };
}

export interface CoverageTally {
  /** Offices that declared their staff. */
  offices: number;
  staff: number;
  /** Σ over those offices of min(staff, completed in staff sessions of the window). */
  trained: number;
  /** trained / staff; null when no office declared any staff. */
  share: number | null;
}

/**
 * Staff coverage of a set of offices, each given its declared staff (null: not declared) and the
 * completions of its staff sessions in the coverage window. An office counts at most its staff as
 * trained: one person at two sessions completes twice, and people are not named to tell.
 */
export function staffCoverage(offices: readonly { staff: number | null; completed: number }[]): CoverageTally {
  const t: CoverageTally = { offices: 0, staff: 0, trained: 0, share: null };
  for (const o of offices) {
    if (o.staff === null) continue;
    t.offices += 1;
    t.staff += o.staff;
    t.trained += Math.min(o.staff, o.completed);
  }
  t.share = t.staff > 0 ? t.trained / t.staff : null;
  return t;
}

export const GENDERS = ['female', 'male', 'other'] as const;
export const AGE_BANDS = ['under_15', '15_24', '25_64', '65_plus', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];

export interface TrainingTally {
  sessions: number;
  participants: number;
  completed: number;
  byGender: Record<Gender, number>;
  byAge: Record<AgeBand, number>;
}

/** The finest grain the store sums sessions to: one quarter, one admin1 area, one audience. */
export interface TrainingCell extends Pick<TrainingSessionFields,
  'participants' | 'completed' | 'female' | 'male' | 'genderOther' | 'ageUnder15' | 'age15To24' | 'age25To64' | 'age65Plus' | 'ageUnknown'> {
  quarter: string;
  admin1: string | null;
  audience: TrainingAudience;
  sessions: number;
}

export interface TrainingGroup extends TrainingTally {
  /** The quarter ('2026-Q1') or the admin1 area (null: sites without one). */
  key: string | null;
  byAudience: Record<TrainingAudience, { sessions: number; participants: number; completed: number }>;
}

export function emptyTally(): TrainingTally {
  return {
    sessions: 0, participants: 0, completed: 0,
    byGender: { female: 0, male: 0, other: 0 },
    byAge: { under_15: 0, '15_24': 0, '25_64': 0, '65_plus': 0, unknown: 0 },
  };
}

function newGroup(key: string | null): TrainingGroup {
  return { key, ...emptyTally(), byAudience: { public: { sessions: 0, participants: 0, completed: 0 }, staff: { sessions: 0, participants: 0, completed: 0 } } };
}

function add(g: TrainingGroup, c: TrainingCell): void {
  g.sessions += c.sessions;
  g.participants += c.participants;
  g.completed += c.completed;
  g.byGender.female += c.female;
  g.byGender.male += c.male;
  g.byGender.other += c.genderOther;
  g.byAge.under_15 += c.ageUnder15;
  g.byAge['15_24'] += c.age15To24;
  g.byAge['25_64'] += c.age25To64;
  g.byAge['65_plus'] += c.age65Plus;
  g.byAge.unknown += c.ageUnknown;
  const a = g.byAudience[c.audience];
  a.sessions += c.sessions;
  a.participants += c.participants;
  a.completed += c.completed;
}

/** Cells summed over everything (key null). */
export function totalTraining(cells: readonly TrainingCell[]): TrainingGroup {
  const g = newGroup(null);
  for (const c of cells) add(g, c);
  return g;
}

/**
 * Cells summed per quarter (in time order) or per admin1 area (by name, sites without one last),
 * each with its split by audience.
 */
export function rollUpTraining(cells: readonly TrainingCell[], by: 'quarter' | 'admin1'): TrainingGroup[] {
  const groups = new Map<string | null, TrainingGroup>();
  for (const c of cells) {
    const key = by === 'quarter' ? c.quarter : c.admin1;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = newGroup(key)));
    add(g, c);
  }
  return [...groups.values()].sort((a, b) => byKeyNullLast(a.key, b.key));
}

/**
 * Quarters ('YYYY-Qn', which sort as text) or areas by code point, so the order is the same on
 * every machine; null (sites without an area) last.
 */
export function byKeyNullLast(a: string | null, b: string | null): number {
  return a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
}

/** Gender and age counts shown to those who may not see the records are rounded to this base. */
export const PUBLIC_COUNT_BASE = 5;

const roundTo = (n: number, base: number) => base * Math.round(n / base);
const roundedCounts = <K extends string>(counts: Record<K, number>, base: number) =>
  Object.fromEntries(Object.entries<number>(counts).map(([k, n]) => [k, roundTo(n, base)])) as Record<K, number>;

/**
 * A group as the public sees it: its gender and age splits rounded to the nearest multiple of
 * `base`, so a village office's sums do not single anyone out ("the one woman over 65 trained in
 * Q2"), and neither a total minus the other splits nor one group minus another gives a small count
 * back exactly. Sessions and people in all stay exact: how many came says nothing of who they are.
 */
export function roundedForPublic<G extends TrainingTally>(g: G, base = PUBLIC_COUNT_BASE): G {
  return { ...g, byGender: roundedCounts(g.byGender, base), byAge: roundedCounts(g.byAge, base) };
}
