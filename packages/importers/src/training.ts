/**
 * Training records in from CSV: sessions at post offices, and the offices' staff counts. A file is
 * checked whole (its columns, every field of every row, duplicate ids, that every office is a site
 * of the declared country) and written in one transaction, or refused with every problem and
 * nothing written. Sessions are keyed by (country, session_id), so the same file twice changes
 * nothing and a corrected file updates its sessions in place.
 *
 *     await importTraining(db, { file: 'training-2026-q1.csv', country: 'ESP', importedBy: 'alice' });
 *     await importOfficeStaff(db, { file: 'staff.csv', country: 'ESP' });
 *
 * Sessions: session_id, site_id (the site's id in its dataset), dataset (optional: needed when
 * the country has that id in several datasets), held_on, topic, audience, trainer, hours,
 * participants, completed, female, male, gender_other, age_under_15, age_15_24, age_25_64,
 * age_65_plus, age_unknown. Staff: site_id, dataset, staff, as_of.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  TRAINING_COLUMNS, formatIssue, readOfficeStaff, readTrainingSession, unguardedText,
  type Issue, type TrainingField, type TrainingSessionFields,
} from '@postatlas/core';
import {
  auditTrainingImport, findCountrySites, writeOfficeStaff, writeTrainingSessions,
  type Database, type Sql, type WriteCounts,
} from '@postatlas/store';
import { parse } from 'csv-parse/sync';
import { resolveCountry } from './countries.js';

export interface TrainingImportOptions {
  file: string;
  /** ISO alpha-3 (or alpha-2 / name): every office must be one of its sites. */
  country: string;
  importedBy?: string | undefined;
  /** YYYY-MM-DD (UTC): no date may be after it (a day's grace); today by default. */
  today?: string;
}

export interface TrainingImportReport {
  file: string;
  kind: 'training_sessions' | 'office_staff';
  country: string;
  rows: number;
  counts: WriteCounts;
  /** Every problem, in file order; empty when committed. */
  issues: (Issue & { file: string })[];
  committed: boolean;
}

/** The file was refused: nothing was written. The report lists every problem. */
export class TrainingImportRefused extends Error {
  constructor(readonly report: TrainingImportReport) {
    const shown = report.issues.slice(0, 20).map((i) => `\n  ${formatIssue(i.file, i)}`).join('');
    const more = report.issues.length > 20 ? `\n  … ${report.issues.length - 20} more` : '';
    super(`${report.file}: ${report.issues.length} problem${report.issues.length === 1 ? '' : 's'}; nothing was imported${shown}${more}`);
  }
}

const SITE_COLUMNS = ['site_id', 'dataset'];
const SESSION_COLUMNS = ['session_id', ...SITE_COLUMNS, ...Object.values(TRAINING_COLUMNS)];
const SESSION_REQUIRED = ['session_id', 'site_id', 'held_on', 'topic', 'participants', 'completed'];
const STAFF_COLUMNS = [...SITE_COLUMNS, 'staff', 'as_of'];
const FIELD_OF = new Map(Object.entries(TRAINING_COLUMNS).map(([field, column]) => [column, field as TrainingField]));
const MAX_ID_LENGTH = 200;

interface Row {
  line: number;
  values: Record<string, string>;
}

/** Imports a CSV of training sessions for one country, whole or not at all. */
export async function importTraining(db: Database, o: TrainingImportOptions): Promise<TrainingImportReport> {
  const { country, today, file, rows, issues, sha256 } = readFile(o, 'training_sessions', SESSION_COLUMNS, SESSION_REQUIRED);
  const report = newReport(o, 'training_sessions', country, rows.length, issues);
  const sessions: { row: Row; sourceId: string; session: TrainingSessionFields }[] = [];
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const problem = (field: string, value: string, reason: string) => issues.push({ file, where: `line ${row.line}`, field, value, reason });
    const sourceId = row.values.session_id ?? '';
    if (sourceId === '') problem('session_id', '', 'missing: a session id makes a re-import update the session instead of adding it again');
    else if (sourceId.length > MAX_ID_LENGTH) problem('session_id', sourceId, `longer than ${MAX_ID_LENGTH} characters`);
    else if (firstLine.has(sourceId)) problem('session_id', sourceId, `a duplicate: also on line ${firstLine.get(sourceId)}`);
    else firstLine.set(sourceId, row.line);
    if (!row.values.site_id) problem('site_id', '', 'missing');
    const values = Object.fromEntries(Object.entries(row.values).filter(([c]) => FIELD_OF.has(c)).map(([c, v]) => [FIELD_OF.get(c)!, v]));
    const { session, errors } = readTrainingSession(values, today, (f) => TRAINING_COLUMNS[f]);
    for (const e of errors) problem(e.field, e.value, e.reason);
    if (session) sessions.push({ row, sourceId, session });
  }
  if (issues.length > 0 && rows.length === 0) throw new TrainingImportRefused(report);
  await db.transaction(async (tx) => {
    const siteIds = await resolveSites(tx, country, file, rows, issues);
    if (issues.length > 0) {
      issues.sort(byLine);
      throw new TrainingImportRefused(report);
    }
    report.counts = await writeTrainingSessions(tx, country, sessions.map((s) => ({ siteId: siteIds.get(s.row)!, sourceId: s.sourceId, session: s.session })), actor(o));
    await auditTrainingImport(tx, { actor: actor(o), country, entity: 'training_sessions', file: basename(o.file), sha256, counts: report.counts });
  });
  report.committed = true;
  return report;
}

/** Imports a CSV of offices' staff counts for one country (site_id, dataset, staff, as_of), whole or not at all. */
export async function importOfficeStaff(db: Database, o: TrainingImportOptions): Promise<TrainingImportReport> {
  const { country, today, file, rows, issues, sha256 } = readFile(o, 'office_staff', STAFF_COLUMNS, ['site_id', 'staff', 'as_of']);
  const report = newReport(o, 'office_staff', country, rows.length, issues);
  const counts: { row: Row; staff: number; asOf: string }[] = [];
  for (const row of rows) {
    if (!row.values.site_id) issues.push({ file, where: `line ${row.line}`, field: 'site_id', value: '', reason: 'missing' });
    const { staff, errors } = readOfficeStaff({ staff: row.values.staff, asOf: row.values.as_of }, today, (f) => (f === 'asOf' ? 'as_of' : f));
    for (const e of errors) issues.push({ file, where: `line ${row.line}`, ...e });
    if (staff) counts.push({ row, ...staff });
  }
  if (issues.length > 0 && rows.length === 0) throw new TrainingImportRefused(report);
  await db.transaction(async (tx) => {
    const siteIds = await resolveSites(tx, country, file, rows, issues);
    // One count per office: two in a file would leave the result to the order of the rows.
    const firstLine = new Map<number, number>();
    for (const row of rows) {
      const site = siteIds.get(row);
      if (site === undefined) continue;
      if (firstLine.has(site)) issues.push({ file, where: `line ${row.line}`, field: 'site_id', value: row.values.site_id!, reason: `a duplicate: the same office as on line ${firstLine.get(site)}` });
      else firstLine.set(site, row.line);
    }
    if (issues.length > 0) {
      issues.sort(byLine);
      throw new TrainingImportRefused(report);
    }
    report.counts = await writeOfficeStaff(tx, country, counts.map((c) => ({ siteId: siteIds.get(c.row)!, staff: c.staff, asOf: c.asOf })), actor(o));
    await auditTrainingImport(tx, { actor: actor(o), country, entity: 'office_staff', file: basename(o.file), sha256, counts: report.counts });
  });
  report.committed = true;
  return report;
}

const actor = (o: TrainingImportOptions) => o.importedBy ?? 'unknown';

function newReport(o: TrainingImportOptions, kind: TrainingImportReport['kind'], country: string, rows: number, issues: TrainingImportReport['issues']): TrainingImportReport {
  return { file: o.file, kind, country, rows, counts: { inserted: 0, updated: 0, unchanged: 0 }, issues, committed: false };
}

/**
 * The file's rows, its columns checked: an unknown column is refused (a misspelt "femal" would
 * otherwise read as no women), and so is a missing required one.
 */
function readFile(o: TrainingImportOptions, kind: TrainingImportReport['kind'], known: readonly string[], required: readonly string[]) {
  const country = resolveCountry(o.country);
  if (!country) throw new Error(`--country ${o.country}: not an ISO 3166-1 country code or name`);
  if (!existsSync(o.file)) throw new Error(`${o.file}: no such file`);
  const text = readFileSync(o.file);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const file = basename(o.file);
  const issues: TrainingImportReport['issues'] = [];
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true, skip_empty_lines: true, info: true,
      columns: (h: string[]) => (header = h.map((c) => c.trim().toLowerCase())),
    });
  } catch (err) {
    throw new Error(`${o.file}: not readable as CSV: ${(err as Error).message}`);
  }
  if (header.length === 0) throw new Error(`${o.file}: empty; expected a header line with ${required.join(', ')}`);
  for (const c of header) {
    if (!known.includes(c)) issues.push({ file, where: 'line 1', field: c, value: '', reason: `not a column of a ${kind === 'office_staff' ? 'staff' : 'training'} file (${known.join(', ')})` });
  }
  for (const c of required) if (!header.includes(c)) issues.push({ file, where: 'line 1', field: c, value: '', reason: 'missing column' });
  const rows: Row[] = issues.length > 0 ? [] : records.map(({ record, info }) => ({
    line: info.lines,
    // A cell an export guarded against spreadsheet formulas reads back as written.
    values: Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unguardedText(v.trim())])),
  }));
  return { country, today: o.today ?? new Date().toISOString().slice(0, 10), file, rows, issues, sha256 };
}

/** Each row's site: its site_id among the country's sites, in its dataset when the row names one. */
async function resolveSites(tx: Sql, country: string, file: string, rows: readonly Row[], issues: TrainingImportReport['issues']): Promise<Map<Row, number>> {
  const found = await findCountrySites(tx, country, rows.map((r) => r.values.site_id ?? '').filter((id) => id !== ''));
  const siteIds = new Map<Row, number>();
  for (const row of rows) {
    const sourceId = row.values.site_id ?? '';
    if (sourceId === '') continue;
    const dataset = row.values.dataset ?? '';
    const candidates = (found.get(sourceId) ?? []).filter((s) => dataset === '' || s.dataset === dataset);
    const problem = (reason: string) => issues.push({ file, where: `line ${row.line}`, field: 'site_id', value: sourceId, reason });
    if (candidates.length === 1) siteIds.set(row, candidates[0]!.id);
    else if (candidates.length === 0) problem(dataset === '' ? `not a site of ${country}` : `not a site of ${country} in dataset "${dataset}"`);
    else problem(`a site of ${country} in ${candidates.length} datasets (${candidates.map((s) => s.dataset).join(', ')}): say which in the dataset column`);
  }
  return siteIds;
}

function byLine(a: Issue, b: Issue): number {
  return Number(a.where.slice(5)) - Number(b.where.slice(5));
}
