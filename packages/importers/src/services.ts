/**
 * The services catalogue in and out as Open Referral HSDS 3.0 (core/services/hsds.ts says which
 * fields and where postatlas departs from HSDS). Three forms are read:
 *
 * - a directory of HSDS's tabular form: organizations.csv, services.csv, locations.csv,
 *   service_at_locations.csv, schedules.csv, taxonomy_terms.csv, attributes.csv, languages.csv,
 *   accessibility.csv, cost_options.csv, required_documents.csv (any may be absent);
 * - a JSON document of the same tables: { "organizations": [...], "services": [...], ... };
 * - a JSON document of HSDS 3 services as its API publishes them: one service, a list of them, or a
 *   page { "contents": [...] }, each service carrying its organization, service_at_locations (with
 *   their location and schedules), schedules, attributes (with their taxonomy_term), languages,
 *   cost_options and required_documents; a location its schedules, accessibility and languages.
 *
 * Fields HSDS has and postatlas does not keep (phones, contacts, metadata ...) are read past.
 * Exports write the tabular form, as CSV files or as the JSON of tables, which read back the same.
 *
 *     await importServices(db, { path: 'data/demo-services', country: 'ESP', importedBy: 'alice' });
 *     writeCatalogueCsv(await readCatalogueOf(db, 'ESP'), 'out/');
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  HSDS_ENTITIES, HSDS_ENTITY_NAMES, catalogueSize, csvLine, emptyRawCatalogue, formatIssue, readCatalogue, unguardedText,
  type Catalogue, type CatalogueIssue, type HsdsEntity, type HsdsRecord, type RawCatalogue,
} from '@postatlas/core';
import {
  auditCatalogueImport, emptyCatalogueCounts, findSitesByReference, siteReferenceKey, writeCatalogue,
  type CatalogueCounts, type Database,
} from '@postatlas/store';
import { resolveCountry } from './countries.js';
import { parse } from 'csv-parse/sync';

export type CatalogueForm = 'csv-tables' | 'json-tables' | 'json-services';

export interface ServicesImportOptions {
  /** A directory of HSDS CSV files or an HSDS JSON document. */
  path: string;
  /** ISO alpha-3 (or alpha-2 / name): the catalogue's country; every location must be one of its sites. */
  country: string;
  importedBy?: string | undefined;
}

export interface ServicesImportReport {
  path: string;
  form: CatalogueForm;
  country: string;
  records: number;
  counts: Record<HsdsEntity, CatalogueCounts>;
  /** Every problem, in file order; empty when committed. */
  issues: CatalogueIssue[];
  committed: boolean;
}

/** The catalogue was refused: nothing was written. The report lists every problem. */
export class ServicesImportRefused extends Error {
  constructor(readonly report: ServicesImportReport) {
    const shown = report.issues.slice(0, 20).map((i) => `\n  ${formatIssue(i.file, i)}`).join('');
    const more = report.issues.length > 20 ? `\n  … ${report.issues.length - 20} more` : '';
    super(`${report.path}: ${report.issues.length} problem${report.issues.length === 1 ? '' : 's'} in the catalogue; nothing was imported${shown}${more}`);
  }
}

/**
 * Imports a country's catalogue as one transaction: every record is checked (fields, ids,
 * references, taxonomy, schedules, and that each location is a site of the country) and nothing is
 * written when any is wrong. The catalogue replaces the country's: the same file twice leaves the
 * same rows, and the audit log records the import.
 */
export async function importServices(db: Database, o: ServicesImportOptions): Promise<ServicesImportReport> {
  const country = resolveCountry(o.country);
  if (!country) throw new Error(`--country ${o.country}: not an ISO 3166-1 country code or name`);
  const { raw, form, sha256 } = await readServicesSource(o.path);
  const { catalogue, issues, origins } = readCatalogue(raw);
  const report: ServicesImportReport = {
    path: o.path, form, country, records: catalogueSize(raw), counts: emptyCatalogueCounts(), issues, committed: false,
  };
  await db.transaction(async (tx) => {
    const refs = catalogue.locations.map((l) => ({ dataset: String(l.external_identifier_type), sourceId: String(l.external_identifier) }));
    const sites = await findSitesByReference(tx, country, refs);
    const siteIds = new Map<string, number>();
    catalogue.locations.forEach((l, i) => {
      const site = sites.get(siteReferenceKey(refs[i]!));
      if (site !== undefined) siteIds.set(String(l.id), site);
      else {
        const r = origins.get(l)!;
        issues.push({
          file: r.file, where: r.where, field: 'external_identifier', value: refs[i]!.sourceId,
          reason: `not a site of ${country} in dataset "${refs[i]!.dataset}" (external_identifier_type)`,
        });
      }
    });
    if (issues.length > 0) {
      issues.sort(byPlace);
      throw new ServicesImportRefused(report);
    }
    report.counts = await writeCatalogue(tx, country, catalogue, siteIds);
    await auditCatalogueImport(tx, { actor: o.importedBy ?? 'unknown', country, file: basename(o.path), sha256, counts: report.counts });
  });
  report.committed = true;
  return report;
}

// File by file, then line by line (or path by path) as they read.
function byPlace(a: CatalogueIssue, b: CatalogueIssue): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const line = (w: string) => Number(/^line (\d+)$/.exec(w)?.[1] ?? NaN);
  const [la, lb] = [line(a.where), line(b.where)];
  if (!Number.isNaN(la) && !Number.isNaN(lb)) return la - lb;
  return a.where.localeCompare(b.where, 'en', { numeric: true });
}

/** The records of a directory of HSDS CSV files or of an HSDS JSON document, with where each was. */
export async function readServicesSource(path: string): Promise<{ raw: RawCatalogue; form: CatalogueForm; sha256: string }> {
  if (!existsSync(path)) throw new Error(`${path}: no such file or directory`);
  if (statSync(path).isDirectory()) return readCsvTables(path);
  const text = readFileSync(path, 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not JSON: ${jsonErrorPlace(text, (err as Error).message)}`);
  }
  const raw = emptyRawCatalogue();
  const file = basename(path);
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  // {"services": [...]} of services that carry their locations is the service-centred form in a wrapper.
  const nested = (v: unknown) => isObject(v) && (isObject(v.organization) || Array.isArray(v.service_at_locations));
  if (isObject(doc) && Object.keys(doc).every((k) => k === 'services') && Array.isArray(doc.services) && doc.services.some(nested)) {
    const flat = new ServiceFlattener(file, raw);
    doc.services.forEach((s, i) => flat.service(s, `$.services[${i}]`));
    return { raw, form: 'json-services', sha256 };
  }
  // A service has an id and lists of its own (attributes, schedules ...); a document of tables has no id.
  if (isObject(doc) && !('id' in doc) && HSDS_ENTITY_NAMES.some((e) => Array.isArray(doc[e]))) {
    for (const e of HSDS_ENTITY_NAMES) {
      const list = doc[e];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new Error(`${path}: $.${e} is not a list`);
      list.forEach((values, i) => raw[e].push({ file, where: `$.${e}[${i}]`, values: isObject(values) ? values : { id: values } }));
    }
    return { raw, form: 'json-tables', sha256 };
  }
  const services = Array.isArray(doc) ? { list: doc, at: '$' } : isObject(doc) && Array.isArray(doc.contents) ? { list: doc.contents, at: '$.contents' } : isObject(doc) && 'id' in doc ? { list: [doc], at: null } : null;
  if (!services) {
    throw new Error(`${path}: not an HSDS 3 document: expected tables ({"services": [...], ...}), a service, a list of services or a page {"contents": [...]}`);
  }
  const flat = new ServiceFlattener(file, raw);
  services.list.forEach((s, i) => flat.service(s, services.at === null ? '$' : `${services.at}[${i}]`));
  return { raw, form: 'json-services', sha256 };
}

/** JSON.parse says "at position N"; a person wants the line and column. */
function jsonErrorPlace(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`;
}

/**
 * HSDS 3's service-centred JSON made into tables: nested records take their parent's id (a
 * schedule inside a service_at_location is that one's), and a record repeated across services (an
 * organization, a location, a taxonomy term) is kept once when its copies agree.
 */
class ServiceFlattener {
  private seen = new Map<string, string>();
  constructor(private file: string, private raw: RawCatalogue) {}

  private add(entity: HsdsEntity, v: unknown, where: string, inherited: Record<string, unknown> = {}): Record<string, unknown> | null {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.raw[entity].push({ file: this.file, where, values: { id: typeof v === 'string' ? v : undefined } });
      return null;
    }
    const values: Record<string, unknown> = { ...inherited };
    for (const [k, x] of Object.entries(v)) if (x !== null && typeof x !== 'object') values[k] = x;
    for (const spec of HSDS_ENTITIES[entity]) if ((v as Record<string, unknown>)[spec.name] !== undefined) values[spec.name] = (v as Record<string, unknown>)[spec.name];
    if (entity === 'organizations' || entity === 'locations' || entity === 'taxonomy_terms') {
      const key = `${entity}\u0000${String(values.id)}`;
      const same = JSON.stringify(HSDS_ENTITIES[entity].map((s) => values[s.name] ?? null));
      if (this.seen.get(key) === same) return v as Record<string, unknown>;
      this.seen.set(key, same);
    }
    this.raw[entity].push({ file: this.file, where, values });
    return v as Record<string, unknown>;
  }

  private each(list: unknown, where: string, fn: (v: unknown, where: string) => void): void {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) throw new Error(`${this.file}: ${where} is not a list`);
    list.forEach((v, i) => fn(v, `${where}[${i}]`));
  }

  service(v: unknown, at: string): void {
    const s = v as Record<string, unknown> | null;
    const org = s && typeof s.organization === 'object' && s.organization !== null ? (s.organization as Record<string, unknown>) : null;
    const service = this.add('services', v, at, org ? { organization_id: org.id } : {});
    if (!service) return;
    if (org) this.add('organizations', org, `${at}.organization`);
    const own = { service_id: service.id };
    this.each(service.service_at_locations, `${at}.service_at_locations`, (x, w) => {
      const loc = x && typeof x === 'object' ? ((x as Record<string, unknown>).location as Record<string, unknown> | undefined) : undefined;
      const sal = this.add('service_at_locations', x, w, { ...own, ...(loc && typeof loc === 'object' ? { location_id: loc.id } : {}) });
      if (!sal) return;
      if (loc && typeof loc === 'object') this.location(loc, `${w}.location`);
      this.each(sal.schedules, `${w}.schedules`, (y, wy) => this.add('schedules', y, wy, { service_at_location_id: sal.id }));
    });
    this.each(service.schedules, `${at}.schedules`, (y, w) => this.add('schedules', y, w, own));
    this.each(service.attributes, `${at}.attributes`, (y, w) => this.attribute(y, w, { link_id: service.id, link_entity: 'service' }));
    this.each(service.languages, `${at}.languages`, (y, w) => this.add('languages', y, w, own));
    this.each(service.cost_options, `${at}.cost_options`, (y, w) => this.add('cost_options', y, w, own));
    this.each(service.required_documents, `${at}.required_documents`, (y, w) => this.add('required_documents', y, w, own));
  }

  private location(v: Record<string, unknown>, at: string): void {
    const location = this.add('locations', v, at);
    if (!location) return;
    const own = { location_id: location.id };
    this.each(location.schedules, `${at}.schedules`, (y, w) => this.add('schedules', y, w, own));
    this.each(location.accessibility, `${at}.accessibility`, (y, w) => this.add('accessibility', y, w, own));
    this.each(location.languages, `${at}.languages`, (y, w) => this.add('languages', y, w, own));
    this.each(location.attributes, `${at}.attributes`, (y, w) => this.attribute(y, w, { link_id: location.id, link_entity: 'location' }));
  }

  private attribute(v: unknown, at: string, link: Record<string, unknown>): void {
    const term = v && typeof v === 'object' ? ((v as Record<string, unknown>).taxonomy_term as Record<string, unknown> | undefined) : undefined;
    this.add('attributes', v, at, { ...link, ...(term && typeof term === 'object' ? { taxonomy_term_id: term.id } : {}) });
    if (term && typeof term === 'object') this.add('taxonomy_terms', term, `${at}.taxonomy_term`);
  }
}

async function readCsvTables(dir: string): Promise<{ raw: RawCatalogue; form: CatalogueForm; sha256: string }> {
  const raw = emptyRawCatalogue();
  const hash = createHash('sha256');
  const present = HSDS_ENTITY_NAMES.filter((e) => existsSync(join(dir, `${e}.csv`)));
  if (present.length === 0) throw new Error(`${dir}: no HSDS CSV files (expected ${HSDS_ENTITY_NAMES.map((e) => `${e}.csv`).join(', ')})`);
  for (const entity of present) {
    const text = readFileSync(join(dir, `${entity}.csv`));
    hash.update(`${entity}\n`).update(text);
    const file = `${entity}.csv`;
    // Parsed whole: a catalogue's files are small, and this is several times faster than a stream.
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parse(text, { bom: true, columns: (h: string[]) => h.map((c) => c.trim()), relax_column_count: true, skip_empty_lines: true, info: true });
    } catch (err) {
      throw new Error(`${dir}/${file}: not readable as CSV: ${(err as Error).message}`);
    }
    for (const { record, info } of records) {
      const values: Record<string, unknown> = {};
      // A cell the export guarded against spreadsheet formulas reads back as written.
      for (const [k, v] of Object.entries(record)) values[k] = v === '' ? null : unguardedText(v);
      raw[entity].push({ file, where: `line ${info.lines}`, values });
    }
  }
  return { raw, form: 'csv-tables', sha256: hash.digest('hex') };
}

/** The catalogue as HSDS CSV files in `dir` (made if needed), one per entity, fields in HSDS order. */
export function writeCatalogueCsv(c: Catalogue, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return HSDS_ENTITY_NAMES.map((entity) => {
    const fields = HSDS_ENTITIES[entity].map((s) => s.name);
    const path = join(dir, `${entity}.csv`);
    writeFileSync(path, csvLine(fields) + c[entity].map((r) => csvLine(fields.map((f) => r[f] ?? null))).join(''));
    return path;
  });
}

/** The catalogue as one JSON document of tables, a record per line, empty fields left out. */
export function catalogueJson(c: Catalogue): string {
  const record = (entity: HsdsEntity, r: HsdsRecord) =>
    JSON.stringify(Object.fromEntries(HSDS_ENTITIES[entity].filter((s) => r[s.name] != null).map((s) => [s.name, r[s.name]])));
  const tables = HSDS_ENTITY_NAMES.map((e) => `  ${JSON.stringify(e)}: [${c[e].map((r) => `\n    ${record(e, r)}`).join(',')}${c[e].length ? '\n  ' : ''}]`);
  return `{\n${tables.join(',\n')}\n}\n`;
}

export function writeCatalogueJson(c: Catalogue, path: string): void {
  writeFileSync(path, catalogueJson(c));
}

