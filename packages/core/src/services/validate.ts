/**
 * Checks a catalogue as read from a file, record by record, before anything is written: each field
 * against its HSDS kind, ids unique per entity, every reference to a record the catalogue holds,
 * taxonomy terms known, schedules that make sense. Each problem names the file, the line or JSON
 * path, the field and the reason, as the other importers do.
 *
 *     const { catalogue, issues } = readCatalogue(raw);
 *     issues.map((i) => formatIssue(i.file, i));   // 'schedules.csv:line 5: closes_at="08:00": closes before it opens (08:30)'
 */
import { FieldError, type Issue } from '../quality/issues.js';
import {
  DEFAULT_TAXONOMY, HSDS_ENTITIES, HSDS_ENTITY_NAMES, emptyCatalogue, perEntity,
  type Catalogue, type FieldSpec, type HsdsEntity, type HsdsRecord, type HsdsValue,
} from './hsds.js';
import { WEEKDAYS, isException, isTimeZone, timeSeconds } from './schedule.js';
import { isDefaultTerm } from './taxonomy.js';

/** A record as a file gave it, with where it was. */
export interface RawRecord {
  file: string;
  /** 'line 5' in a CSV file, '$.services[3]' in a JSON document. */
  where: string;
  values: Record<string, unknown>;
}

export type RawCatalogue = Record<HsdsEntity, RawRecord[]>;

export interface CatalogueIssue extends Issue {
  file: string;
}

export const CATALOGUE_LIMITS = {
  /** Longer text is refused: no field of a catalogue needs more. */
  maxTextLength: 10_000,
  maxIdLength: 200,
};

export function emptyRawCatalogue(): RawCatalogue {
  return perEntity(() => []);
}

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const URL_LIKE = /^https?:\/\/[^\s]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One value as its field's kind wants it; null for absent or empty. Throws FieldError. */
export function fieldValue(spec: FieldSpec, raw: unknown): HsdsValue {
  if (raw === undefined || raw === null || raw === '') {
    if (spec.required) throw new FieldError(spec.name, '', 'missing: HSDS requires it');
    return null;
  }
  const shown = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  const fail = (reason: string): never => {
    throw new FieldError(spec.name, shown, reason);
  };
  if (spec.kind === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(n)) fail('not a number');
    if (spec.name === 'latitude' && Math.abs(n) > 90) fail('not a latitude (-90 to 90)');
    if (spec.name === 'longitude' && Math.abs(n) > 180) fail('not a longitude (-180 to 180)');
    if (spec.name === 'amount' && n < 0) fail('a negative amount');
    return n;
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') fail(`expected text, not ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  const s = String(raw);
  if (s.length > (spec.name === 'id' || spec.name.endsWith('_id') ? CATALOGUE_LIMITS.maxIdLength : CATALOGUE_LIMITS.maxTextLength)) fail('too long');
  if (spec.oneOf && !spec.oneOf.includes(s)) fail(`expected one of ${spec.oneOf.join(', ')}`);
  switch (spec.kind) {
    case 'date': {
      const m = DATE.exec(s);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      if (!d || d.toISOString().slice(0, 10) !== s) fail('not a date (YYYY-MM-DD)');
      return s;
    }
    case 'time': {
      const m = TIME.exec(s);
      if (!m) fail('not a time of day (HH:MM or HH:MM:SS, 24-hour)');
      return m![3] === undefined || m![3] === '00' ? `${m![1]}:${m![2]}` : s;
    }
    case 'days': {
      const days = s.split(',').map((d) => d.trim().toUpperCase());
      const bad = days.find((d) => !(WEEKDAYS as readonly string[]).includes(d));
      if (bad !== undefined) fail(`"${bad}" is not a day (${WEEKDAYS.join(',')})`);
      if (new Set(days).size !== days.length) fail('a day given twice');
      return WEEKDAYS.filter((d) => days.includes(d)).join(',');
    }
    case 'timezone':
      if (!isTimeZone(s)) fail('not an IANA time zone (such as Europe/Madrid)');
      return s;
    case 'language':
      if (!LANGUAGE.test(s)) fail('not a BCP 47 language code (such as es or es-ES)');
      return s;
    case 'url':
      if (!URL_LIKE.test(s)) fail('not an http(s) URL');
      return s;
    case 'email':
      if (!EMAIL.test(s)) fail('not an e-mail address');
      return s;
    default:
      return s;
  }
}

// Which entity each reference field points at.
const REFERENCES: Partial<Record<HsdsEntity, Record<string, HsdsEntity>>> = {
  taxonomy_terms: { parent_id: 'taxonomy_terms' },
  locations: { organization_id: 'organizations' },
  services: { organization_id: 'organizations' },
  service_at_locations: { service_id: 'services', location_id: 'locations' },
  schedules: { service_id: 'services', location_id: 'locations', service_at_location_id: 'service_at_locations' },
  attributes: { taxonomy_term_id: 'taxonomy_terms' },
  languages: { service_id: 'services', location_id: 'locations' },
  accessibility: { location_id: 'locations' },
  cost_options: { service_id: 'services' },
  required_documents: { service_id: 'services' },
};
const LINKED: Record<string, HsdsEntity> = { service: 'services', location: 'locations', organization: 'organizations' };

/**
 * The catalogue the raw records make, every problem found, and where each record came from. A
 * record with a problem is left out of the catalogue; the caller refuses the whole when there is any issue.
 */
export function readCatalogue(raw: RawCatalogue): { catalogue: Catalogue; issues: CatalogueIssue[]; origins: Map<HsdsRecord, RawRecord> } {
  const catalogue = emptyCatalogue();
  const issues: CatalogueIssue[] = [];
  const origins = new Map<HsdsRecord, RawRecord>();
  const report = (r: RawRecord, e: FieldError) => {
    issues.push({ file: r.file, where: r.where, field: e.field, value: e.value, reason: e.message, ...(e.detail ? { detail: e.detail } : {}) });
  };

  const ids = perEntity(() => new Map<string, RawRecord>());
  for (const entity of HSDS_ENTITY_NAMES) {
    for (const r of raw[entity]) {
      try {
        const id = String(fieldValue(HSDS_ENTITIES[entity][0], r.values.id));
        const first = ids[entity].get(id);
        if (first) throw new FieldError('id', id, `duplicate id in ${entity}`, `first at ${first.file}:${first.where}`);
        ids[entity].set(id, r);
        const record: HsdsRecord = {};
        for (const spec of HSDS_ENTITIES[entity]) record[spec.name] = fieldValue(spec, r.values[spec.name]);
        checkRecord(entity, record);
        catalogue[entity].push(record);
        origins.set(record, r);
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        report(r, err);
      }
    }
  }

  // References, once every id is known (a file may name a record before it defines it). A refused
  // record's id counts as known: what refers to it is not reported again.
  for (const entity of HSDS_ENTITY_NAMES) {
    catalogue[entity] = catalogue[entity].filter((record) => {
      try {
        for (const [field, target] of Object.entries(REFERENCES[entity] ?? {})) {
          const ref = record[field];
          if (ref == null || ids[target].has(String(ref))) continue;
          if (target === 'taxonomy_terms') throw new FieldError(field, String(ref), 'unknown taxonomy term: no taxonomy_terms record has this id');
          throw new FieldError(field, String(ref), `no ${target} record has this id`);
        }
        if (entity === 'attributes' && !ids[LINKED[String(record.link_entity)]!].has(String(record.link_id))) {
          throw new FieldError('link_id', String(record.link_id), `no ${LINKED[String(record.link_entity)]} record has this id (link_entity ${record.link_entity})`);
        }
        return true;
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        report(origins.get(record)!, err);
        return false;
      }
    });
  }
  return { catalogue, issues, origins };
}

/** What a record's fields must say together. */
function checkRecord(entity: HsdsEntity, r: HsdsRecord): void {
  if (entity === 'taxonomy_terms' && (r.taxonomy === DEFAULT_TAXONOMY || r.taxonomy == null)) {
    if (r.code == null) throw new FieldError('code', '', `missing: a term of ${DEFAULT_TAXONOMY} is known by its code`);
    if (!isDefaultTerm(String(r.code))) throw new FieldError('code', String(r.code), `unknown taxonomy term: not a code of ${DEFAULT_TAXONOMY} (name another taxonomy to use your own)`);
  }
  if (entity === 'schedules') {
    const owners = ['service_id', 'location_id', 'service_at_location_id'].filter((k) => r[k] != null);
    if (owners.length !== 1) {
      throw new FieldError(owners[1] ?? 'service_at_location_id', owners.map((k) => r[k]).join(', '), 'a schedule belongs to exactly one service, location or service_at_location');
    }
    if ((r.opens_at == null) !== (r.closes_at == null)) {
      const missing = r.opens_at == null ? 'opens_at' : 'closes_at';
      throw new FieldError(missing, '', `missing: ${missing === 'opens_at' ? 'closes_at' : 'opens_at'} is given`);
    }
    if (r.opens_at != null && timeSeconds(String(r.closes_at)) <= timeSeconds(String(r.opens_at))) {
      throw new FieldError('closes_at', String(r.closes_at), `closes before it opens (${r.opens_at}); hours past midnight are two schedules`);
    }
    if (r.valid_from != null && r.valid_to != null && String(r.valid_to) < String(r.valid_from)) {
      throw new FieldError('valid_to', String(r.valid_to), `before valid_from (${r.valid_from})`);
    }
    if (r.byday != null && r.freq == null) throw new FieldError('freq', '', 'missing: byday is given (freq WEEKLY)');
    if (r.opens_at == null && !isException(r)) {
      throw new FieldError('opens_at', '', 'missing: only a closure (no freq or byday, with valid_from and valid_to) has no hours');
    }
  }
  if (entity === 'languages' && r.service_id == null && r.location_id == null) throw new FieldError('service_id', '', 'missing: a language is of a service or of a location');
  if (entity === 'cost_options' && r.amount != null && r.currency == null) throw new FieldError('currency', '', 'missing: an amount is given');
  if (entity === 'cost_options' && r.currency != null && !/^[A-Z]{3}$/.test(String(r.currency))) throw new FieldError('currency', String(r.currency), 'not an ISO 4217 code (such as EUR)');
}
