import {
  CONNECTIVITY_TYPES, INFRASTRUCTURE_STATUSES, SITE_TYPES,
  type ConnectivityType, type Generation, type InfrastructureStatus, type SiteType, type TransmissionMedium,
} from '../domain.js';
import { FieldError } from './issues.js';

/**
 * Parsers from the words real files use to the registry's values. Each returns null for an empty
 * cell and throws FieldError, naming the field and the reason, for a value it cannot read.
 */

const blank = (v: string | null | undefined): v is null | undefined | '' =>
  v == null || v.trim() === '' || /^(null|nan|n\/a|<na>|-)$/i.test(v.trim());

export function text(v: string | null | undefined): string | null {
  return blank(v) ? null : String(v).trim();
}

export function number(field: string, v: string | null | undefined, min = -Infinity, max = Infinity): number | null {
  if (blank(v)) return null;
  const n = Number(String(v).trim().replace(/,(?=\d{3}\b)/g, ''));
  if (!Number.isFinite(n)) throw new FieldError(field, String(v), 'not a number');
  if (n < min || n > max) throw new FieldError(field, String(v), `out of range [${min}, ${max}]`);
  return n;
}

export function latitude(v: string | null | undefined): number {
  const n = number('lat', v, -90, 90);
  if (n === null) throw new FieldError('lat', String(v ?? ''), 'missing coordinate');
  return n;
}

export function longitude(v: string | null | undefined): number {
  const n = number('lon', v, -180, 180);
  if (n === null) throw new FieldError('lon', String(v ?? ''), 'missing coordinate');
  return n;
}

/** (0, 0) is where geocoders put what they could not find ("Null Island"), not a post office. */
export function checkNullIsland(lat: number, lon: number): void {
  if (lat === 0 && lon === 0) throw new FieldError('lat', '0', 'coordinates are (0, 0), a geocoding failure');
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'oui', 'si', 'sí', 'sim']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', 'non', 'não', 'nao']);

export function boolean(field: string, v: string | null | undefined): boolean | null {
  if (blank(v)) return null;
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new FieldError(field, String(v), 'not a yes/no value');
}

/** Lower case, accents off, any run of punctuation or spaces as one space: how words and names are compared. */
export const fold = (v: string) =>
  v.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function oneOf<T extends string>(field: string, v: string, allowed: readonly T[], synonyms: Record<string, T>): T {
  const key = fold(v);
  const direct = allowed.find((a) => fold(a) === key);
  if (direct) return direct;
  const syn = synonyms[key];
  if (syn) return syn;
  throw new FieldError(field, v, `unknown value; expected one of ${allowed.join(', ')}`);
}

const SITE_TYPE_WORDS: Record<string, SiteType> = {
  'post office': 'post_office', post: 'post_office', postoffice: 'post_office', 'bureau de poste': 'post_office',
  'oficina de correos': 'post_office', correos: 'post_office',
  'health center': 'health', 'health centre': 'health', hospital: 'health', clinic: 'health',
  'community center': 'community_center', 'community centre': 'community_center',
};
export function siteType(v: string | null | undefined): SiteType | null {
  return blank(v) ? null : oneOf('site_type', String(v), SITE_TYPES, SITE_TYPE_WORDS);
}

const CONNECTIVITY_WORDS: Record<string, ConnectivityType> = {
  fibre: 'fiber', 'fibra otica': 'fiber', 'fibra optica': 'fiber', 'fibre optique': 'fiber', ftth: 'fiber', optical: 'fiber',
  dsl: 'xdsl', adsl: 'xdsl', vdsl: 'xdsl', copper: 'xdsl',
  mobile: 'cellular', '2g': 'cellular', '3g': 'cellular', '4g': 'cellular', '5g': 'cellular', lte: 'cellular',
  microwave: 'p2p_wireless', 'point to point': 'p2p_wireless', p2p: 'p2p_wireless', radio: 'p2p_wireless',
  wimax: 'p2mp_wireless', 'fixed wireless': 'p2mp_wireless', p2mp: 'p2mp_wireless', wireless: 'p2mp_wireless',
  vsat: 'satellite', sat: 'satellite',
  no: 'none', 'no connection': 'none', 'not connected': 'none',
};
export function connectivityType(v: string | null | undefined): ConnectivityType | null {
  return blank(v) ? null : oneOf('connectivity_type', String(v), CONNECTIVITY_TYPES, CONNECTIVITY_WORDS);
}

const GENERATION_WORDS: Record<string, Generation> = {
  '2g': 2, gsm: 2, cdma: 2, gprs: 2, edge: 2, '2': 2,
  '3g': 3, umts: 3, wcdma: 3, hspa: 3, '3': 3,
  '4g': 4, lte: 4, '4': 4,
  '5g': 5, nr: 5, '5': 5,
};
export function generation(v: string | null | undefined): Generation | null {
  if (blank(v)) return null;
  const g = GENERATION_WORDS[fold(String(v))];
  if (!g) throw new FieldError('radio', String(v), 'unknown radio technology; expected 2G, 3G, 4G, 5G (or GSM, UMTS, LTE, NR)');
  return g;
}

/**
 * Reads status and medium from one cell: transmission-node files often merge them, as WATRA's
 * type_infr does ("Fibre Operational", "Fibre Planned", "Microwave").
 */
export function infrastructure(field: string, v: string | null | undefined): { status: InfrastructureStatus | null; medium: TransmissionMedium | null } {
  if (blank(v)) return { status: null, medium: null };
  const s = fold(String(v));
  const medium: TransmissionMedium | null = /fib(re|er)|optic/.test(s) ? 'fiber' : /micro ?wave|\bmw\b|radio/.test(s) ? 'microwave' : null;
  const status: InfrastructureStatus | null = /under construction|construction|in progress|ongoing/.test(s)
    ? 'under_construction'
    : /operational|existing|active|in service|live/.test(s)
      ? 'operational'
      : /planned|future/.test(s)
        ? 'planned'
        : /proposed/.test(s)
          ? 'proposed'
          : /^(unknown|na|unk)$/.test(s)
            ? 'unknown'
            : null;
  if (!medium && !status) {
    throw new FieldError(field, String(v), `unknown value; expected a status (${INFRASTRUCTURE_STATUSES.join(', ')}) or a medium (fiber, microwave)`);
  }
  return { status, medium };
}
