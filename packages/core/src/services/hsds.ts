/**
 * The catalogue of services offered at post offices, in the words of Open Referral's Human Services
 * Data Specification (HSDS 3.0): organizations, services, locations, service_at_locations,
 * schedules, taxonomy_terms, attributes (a service's taxonomy terms), languages, accessibility,
 * cost_options, required_documents. A catalogue is held the way HSDS's tabular form lays it out:
 * one list of records per entity, each record a flat object of HSDS field names.
 *
 *     const c = emptyCatalogue();
 *     c.services.push({ id: 'svc-1', organization_id: 'org-1', name: 'Passport applications', status: 'active' });
 *     const issues = validateCatalogue(c, { where: (entity, i) => `$.${entity}[${i}]` });
 *
 * Where postatlas departs from HSDS 3.0, and why:
 * - locations.timezone (an IANA name such as Europe/Madrid) is added: opening hours are local times,
 *   and HSDS's schedule.timezone, a UTC offset, cannot follow daylight saving time.
 * - A location is one of postatlas's sites: external_identifier_type names the site's dataset and
 *   external_identifier its id in that dataset (for OpenStreetMap, "node/123").
 * - HSDS has no way to say "closed on 25 December" (its documentation says so); here a schedule
 *   without freq and byday that has valid_from and valid_to is an exception for those dates: with
 *   opens_at and closes_at it replaces the regular hours, without them the location is closed.
 * - Ids are any text up to 200 characters; HSDS recommends UUIDs and the demo writes them.
 */

export const HSDS_VERSION = '3.0';

export type FieldKind = 'text' | 'number' | 'date' | 'time' | 'days' | 'timezone' | 'language' | 'url' | 'email';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  /** The values the field may take. */
  oneOf?: readonly string[];
}

export type HsdsValue = string | number | null;
export type HsdsRecord = Record<string, HsdsValue>;

const f = (name: string, kind: FieldKind = 'text', more: Partial<FieldSpec> = {}): FieldSpec => ({ name, kind, ...more });
const id = f('id', 'text', { required: true });

export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export const LINK_ENTITIES = ['service', 'location', 'organization'] as const;
/** The taxonomy postatlas ships (taxonomy.ts); terms of other taxonomies are kept as they come. */
export const DEFAULT_TAXONOMY = 'postatlas-digital-services';

/**
 * The entities in the order they are written (parents first), each with its fields in the order of
 * HSDS's tabular form. The entity's name is also its CSV file's (organizations.csv, ...) and its key
 * in a table-per-entity JSON document.
 */
export const HSDS_ENTITIES = {
  taxonomy_terms: [id, f('code'), f('name', 'text', { required: true }), f('description'), f('parent_id'), f('taxonomy'), f('language', 'language'), f('term_uri', 'url')],
  organizations: [id, f('name', 'text', { required: true }), f('alternate_name'), f('description', 'text', { required: true }), f('email', 'email'), f('website', 'url'), f('legal_status')],
  locations: [
    id, f('location_type', 'text', { required: true, oneOf: ['physical'] }), f('organization_id'), f('name'), f('alternate_name'), f('description'), f('transportation'),
    f('latitude', 'number'), f('longitude', 'number'), f('external_identifier', 'text', { required: true }), f('external_identifier_type', 'text', { required: true }),
    f('timezone', 'timezone', { required: true }),
  ],
  services: [
    id, f('organization_id', 'text', { required: true }), f('name', 'text', { required: true }), f('alternate_name'), f('description'), f('url', 'url'), f('email', 'email'),
    f('status', 'text', { required: true, oneOf: SERVICE_STATUSES }), f('interpretation_services'), f('application_process'), f('fees_description'),
    f('eligibility_description'), f('alert'),
  ],
  service_at_locations: [id, f('service_id', 'text', { required: true }), f('location_id', 'text', { required: true }), f('description')],
  schedules: [
    id, f('service_id'), f('location_id'), f('service_at_location_id'), f('valid_from', 'date'), f('valid_to', 'date'), f('freq', 'text', { oneOf: ['WEEKLY'] }),
    f('byday', 'days'), f('opens_at', 'time'), f('closes_at', 'time'), f('description'),
  ],
  attributes: [
    id, f('link_id', 'text', { required: true }), f('link_type'), f('link_entity', 'text', { required: true, oneOf: LINK_ENTITIES }),
    f('taxonomy_term_id', 'text', { required: true }), f('value'), f('label'),
  ],
  languages: [id, f('service_id'), f('location_id'), f('name'), f('code', 'language', { required: true }), f('note')],
  accessibility: [id, f('location_id', 'text', { required: true }), f('description', 'text', { required: true }), f('details'), f('url', 'url')],
  cost_options: [
    id, f('service_id', 'text', { required: true }), f('valid_from', 'date'), f('valid_to', 'date'), f('option'), f('currency'), f('amount', 'number'), f('amount_description'),
  ],
  required_documents: [id, f('service_id', 'text', { required: true }), f('document', 'text', { required: true }), f('uri', 'url')],
} as const satisfies Record<string, readonly FieldSpec[]>;

export type HsdsEntity = keyof typeof HSDS_ENTITIES;
export const HSDS_ENTITY_NAMES = Object.keys(HSDS_ENTITIES) as HsdsEntity[];

/** One list of records per entity. */
export type Catalogue = Record<HsdsEntity, HsdsRecord[]>;

/** One value per entity, each made fresh: a catalogue's lists, counts, indexes by id. */
export function perEntity<T>(make: (entity: HsdsEntity) => T): Record<HsdsEntity, T> {
  return Object.fromEntries(HSDS_ENTITY_NAMES.map((e) => [e, make(e)])) as Record<HsdsEntity, T>;
}

export function emptyCatalogue(): Catalogue {
  return perEntity(() => []);
}

/** The catalogue with every entity's records sorted by id and null fields left out: two equal catalogues compare equal. */
export function canonicalCatalogue(c: Catalogue): Catalogue {
  const out = emptyCatalogue();
  for (const e of HSDS_ENTITY_NAMES) {
    out[e] = [...c[e]]
      .map((r) => Object.fromEntries(HSDS_ENTITIES[e].filter((s) => r[s.name] != null).map((s) => [s.name, r[s.name]!])))
      .sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  }
  return out;
}

export function catalogueSize(c: Record<HsdsEntity, readonly unknown[]>): number {
  return HSDS_ENTITY_NAMES.reduce((n, e) => n + c[e].length, 0);
}
