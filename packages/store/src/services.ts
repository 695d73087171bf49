import { HSDS_ENTITIES, HSDS_ENTITY_NAMES, emptyCatalogue, perEntity, type Catalogue, type HsdsEntity, type HsdsRecord, type LatLonBox, type ServiceCandidate } from '@postatlas/core';
import { appendAudit } from './audit.js';
import type { Sql } from './database.js';

/**
 * The services catalogue (Open Referral HSDS 3.0, core/services): one table per HSDS entity, keyed
 * by (country, id). A country's catalogue is written whole in the caller's transaction (new ids
 * inserted, changed ones updated in place, identical ones left alone, absent ones removed) and read
 * back whole for export; the locator reads the offers of some taxonomy terms inside a box.
 */

export const CATALOGUE_TABLES: Record<HsdsEntity, string> = {
  taxonomy_terms: 'service_taxonomy_terms',
  organizations: 'service_organizations',
  locations: 'service_locations',
  services: 'services',
  service_at_locations: 'service_at_locations',
  schedules: 'service_schedules',
  attributes: 'service_attributes',
  languages: 'service_languages',
  accessibility: 'service_accessibility',
  cost_options: 'service_cost_options',
  required_documents: 'service_required_documents',
};

export interface CatalogueCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/** A location's site, named as HSDS external identifiers name it: the site's dataset and its id there. */
export interface SiteReference {
  dataset: string;
  sourceId: string;
}

export const siteReferenceKey = (r: SiteReference) => `${r.dataset}\u0000${r.sourceId}`;

export const emptyCatalogueCounts = (): Record<HsdsEntity, CatalogueCounts> => perEntity(() => ({ inserted: 0, updated: 0, unchanged: 0, removed: 0 }));

/** The site ids of those references that are sites of the country, by reference. */
export async function findSitesByReference(tx: Sql, country: string, refs: readonly SiteReference[]): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ dataset: string; sourceId: string; id: number }>(
    `SELECT d.name AS dataset, s.source_id AS "sourceId", s.id
     FROM unnest($2::text[], $3::text[]) AS r(dataset, source_id)
     JOIN datasets d ON d.name = r.dataset AND d.layer = 'sites'
     JOIN sites s ON s.dataset_id = d.id AND s.source_id = r.source_id AND s.country = $1`,
    [country, refs.map((r) => r.dataset), refs.map((r) => r.sourceId)],
  );
  return new Map(rows.map((r) => [siteReferenceKey(r), r.id]));
}

const columnsOf = (entity: HsdsEntity) => HSDS_ENTITIES[entity].map((s) => ({ name: s.name, type: s.kind === 'number' ? 'float8' : 'text' }));
const quoted = (name: string) => `"${name}"`;

/** Inserts the records, or updates those whose fields differ; `siteIds` gives each location's site. */
async function upsertRecords(
  tx: Sql, country: string, entity: HsdsEntity, records: readonly HsdsRecord[], siteIds: ReadonlyMap<string, number>,
): Promise<{ inserted: number; updated: number }> {
  const columns = columnsOf(entity);
  if (entity === 'locations') columns.push({ name: 'site_id', type: 'int4' });
  const value = (r: HsdsRecord, name: string) => (name === 'site_id' ? siteIds.get(String(r.id)) : r[name]) ?? null;
  const names = columns.map((col) => quoted(col.name));
  const table = CATALOGUE_TABLES[entity];
  const { rows } = await tx.query<{ inserted: boolean }>(
    `INSERT INTO ${table} (country, ${names.join(', ')})
     SELECT $1, ${columns.map((col) => `u.${quoted(col.name)}`).join(', ')}
     FROM unnest(${columns.map((col, i) => `$${i + 2}::${col.type}[]`).join(', ')}) AS u(${names.join(', ')})
     ON CONFLICT (country, id) DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}
       WHERE (${names.map((n) => `${table}.${n}`).join(', ')}) IS DISTINCT FROM (${names.map((n) => `EXCLUDED.${n}`).join(', ')})
     RETURNING (xmax = 0) AS inserted`,
    [country, ...columns.map((col) => records.map((r) => value(r, col.name)))],
  );
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted };
}

/**
 * Replaces the country's catalogue with `c` in the caller's transaction. `siteIds` gives each
 * location's site (by location id): the caller has checked every location is a site of the
 * country. Parents are written before children and children removed before parents, so every
 * foreign key holds at each statement and the counts are those of each table.
 */
export async function writeCatalogue(tx: Sql, country: string, c: Catalogue, siteIds: ReadonlyMap<string, number>): Promise<Record<HsdsEntity, CatalogueCounts>> {
  const counts = emptyCatalogueCounts();
  for (const entity of HSDS_ENTITY_NAMES) {
    const records = c[entity];
    if (records.length === 0) continue;
    const { inserted, updated } = await upsertRecords(tx, country, entity, records, siteIds);
    counts[entity] = { inserted, updated, unchanged: records.length - inserted - updated, removed: 0 };
  }
  for (const entity of [...HSDS_ENTITY_NAMES].reverse()) {
    const { rowCount } = await tx.query(
      `DELETE FROM ${CATALOGUE_TABLES[entity]} t WHERE t.country = $1 AND NOT (t.id = ANY ($2::text[]))`,
      [country, c[entity].map((r) => String(r.id))],
    );
    counts[entity].removed = rowCount;
  }
  // The embedded database has no autovacuum: the locator's plan needs fresh statistics.
  for (const entity of HSDS_ENTITY_NAMES) await tx.query(`ANALYZE ${CATALOGUE_TABLES[entity]}`);
  return counts;
}

/**
 * Writes what differs between two versions of (a slice of) the country's catalogue: records new or
 * changed in `after` are upserted, records of `before` absent from `after` removed; nothing else is
 * touched, so an office's edit costs its own rows, not the country's. `siteIds`: the site of each
 * location written.
 */
export async function writeCatalogueChanges(
  tx: Sql, country: string, before: Catalogue, after: Catalogue, siteIds: ReadonlyMap<string, number>,
): Promise<void> {
  for (const entity of HSDS_ENTITY_NAMES) {
    const was = new Map(before[entity].map((r) => [String(r.id), JSON.stringify(r)]));
    const changed = after[entity].filter((r) => was.get(String(r.id)) !== JSON.stringify(r));
    if (changed.length > 0) await upsertRecords(tx, country, entity, changed, siteIds);
  }
  for (const entity of [...HSDS_ENTITY_NAMES].reverse()) {
    const kept = new Set(after[entity].map((r) => String(r.id)));
    const gone = before[entity].map((r) => String(r.id)).filter((id) => !kept.has(id));
    if (gone.length > 0) await tx.query(`DELETE FROM ${CATALOGUE_TABLES[entity]} WHERE country = $1 AND id = ANY ($2::text[])`, [country, gone]);
  }
}

/** Records a catalogue import in the audit log, in the import's transaction. */
export async function auditCatalogueImport(
  tx: Sql,
  e: { actor: string; country: string; file: string; sha256: string; counts: Record<HsdsEntity, CatalogueCounts> },
): Promise<void> {
  await appendAudit(tx, {
    actor: e.actor, action: 'import', entity: 'service_catalogue', entityId: e.country, country: e.country,
    before: null, after: { file: e.file, sha256: e.sha256, counts: e.counts },
  });
}

/**
 * Which records of each entity belong to one location's slice of the catalogue: the location, its
 * services there and their hours, its own hours, languages, accessibility and attributes, and every
 * record tied to no location (taxonomy, organizations, services and theirs). A slice holds every
 * record its records refer to, so it is checked as a whole catalogue is. `$2`: the location's id.
 */
const SLICE: Record<HsdsEntity, string> = {
  taxonomy_terms: 'true',
  organizations: 'true',
  locations: 'id = $2',
  services: 'true',
  service_at_locations: 'location_id = $2',
  schedules: `(location_id = $2 OR service_id IS NOT NULL
    OR service_at_location_id IN (SELECT id FROM service_at_locations WHERE country = $1 AND location_id = $2))`,
  attributes: "(link_entity <> 'location' OR link_id = $2)",
  languages: '(location_id IS NULL OR location_id = $2)',
  accessibility: 'location_id = $2',
  cost_options: 'true',
  required_documents: 'true',
};

/**
 * The country's whole catalogue, each entity's records by id, every field present (null when
 * empty); with `locationId`, only that location's slice of it (SLICE).
 */
export async function readCatalogueOf(db: Sql, country: string, locationId?: string): Promise<Catalogue> {
  const c = emptyCatalogue();
  for (const entity of HSDS_ENTITY_NAMES) {
    const names = columnsOf(entity).map((col) => quoted(col.name));
    const slice = locationId === undefined || SLICE[entity] === 'true' ? '' : ` AND ${SLICE[entity]}`;
    // COLLATE "C": the same order on both databases, whatever their locale.
    const { rows } = await db.query<HsdsRecord>(
      `SELECT ${names.join(', ')} FROM ${CATALOGUE_TABLES[entity]} WHERE country = $1${slice} ORDER BY id COLLATE "C"`,
      slice ? [country, locationId] : [country],
    );
    c[entity] = rows;
  }
  return c;
}

/** Ids of an entity's records in the country that begin with `prefix`: taken, for new ids made from it. */
export async function catalogueIdsStartingWith(db: Sql, country: string, entity: HsdsEntity, prefix: string): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${CATALOGUE_TABLES[entity]} WHERE country = $1 AND left(id, length($2)) = $2`, [country, prefix],
  );
  return new Set(rows.map((r) => r.id));
}

/** Countries that have a catalogue, with its size in services and locations. */
export async function catalogueCountries(db: Sql): Promise<{ country: string; services: number; locations: number }[]> {
  const { rows } = await db.query<{ country: string; services: number; locations: number }>(
    `SELECT country, sum(services)::int AS services, sum(locations)::int AS locations FROM (
       SELECT country, count(*) AS services, 0 AS locations FROM services GROUP BY country
       UNION ALL SELECT country, 0, count(*) FROM service_locations GROUP BY country) c
     GROUP BY country ORDER BY country`,
  );
  return rows;
}

export interface StoredTerm {
  country: string;
  id: string;
  code: string | null;
  name: string;
  parent_id: string | null;
}

/** The taxonomy terms of the countries' catalogues (of all when `countries` is absent). */
export async function catalogueTerms(db: Sql, countries?: readonly string[]): Promise<StoredTerm[]> {
  const { rows } = await db.query<StoredTerm>(
    `SELECT country, id, code, name, parent_id FROM service_taxonomy_terms WHERE $1::text[] IS NULL OR country = ANY ($1::text[]) ORDER BY country, id COLLATE "C"`,
    [countries ?? null],
  );
  return rows;
}

/** The languages offices serve in, over every catalogue (BCP 47 codes). */
export async function serviceLanguages(db: Sql): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>('SELECT DISTINCT code FROM service_languages ORDER BY code');
  return rows.map((r) => r.code);
}

/** Who to credit for the offices the catalogues list: the attribution (else licence) of their sites' datasets. */
export async function catalogueAttributions(db: Sql): Promise<string[]> {
  const { rows } = await db.query<{ credit: string }>(
    `SELECT DISTINCT coalesce(d.attribution, d.name || coalesce(' (' || d.licence || ')', '')) AS credit
     FROM datasets d WHERE EXISTS (SELECT 1 FROM sites s JOIN service_locations l ON l.site_id = s.id WHERE s.dataset_id = d.id)
     ORDER BY 1`,
  );
  return rows.map((r) => r.credit);
}

const SCHEDULE_FIELDS = HSDS_ENTITIES.schedules.map((s) => quoted(s.name)).join(', ');

/**
 * The active services linked to any of the terms (country, term id) offered at a site inside the
 * boxes, with what the locator needs: the site's position, the location's time zone, languages,
 * wheelchair access (an accessibility record that says "wheelchair" or "step-free") and the
 * schedules of the location and of the service there (its service_at_location's, else the
 * service's own). The boxes are a prefilter on the sites' index; core's rankServices measures.
 */
export async function locatorCandidates(
  db: Sql,
  q: { terms: readonly { country: string; id: string }[]; boxes: readonly LatLonBox[] },
): Promise<ServiceCandidate[]> {
  if (q.terms.length === 0) return [];
  const { rows } = await db.query<Omit<ServiceCandidate, 'locationSchedules' | 'serviceSchedules'>>(
    `WITH offered AS (
       SELECT DISTINCT a.country, a.link_id AS service_id
       FROM unnest($1::text[], $2::text[]) AS w(country, term_id)
       JOIN service_attributes a ON a.country = w.country AND a.taxonomy_term_id = w.term_id AND a.link_entity = 'service')
     SELECT l.country, s.id AS "siteId", l.id AS "locationId", sal.id AS "serviceAtLocationId", sv.id AS "serviceId", sv.name AS "serviceName",
       coalesce(l.name, s.name) AS name, ST_Y(s.geom) AS lat, ST_X(s.geom) AS lon, l.timezone AS "timeZone",
       ARRAY(SELECT DISTINCT g.code FROM service_languages g
             WHERE g.country = l.country AND (g.service_id = sv.id OR g.location_id = l.id) ORDER BY g.code) AS languages,
       EXISTS (SELECT 1 FROM service_accessibility x
               WHERE x.country = l.country AND x.location_id = l.id AND x.description ~* '(wheelchair|step-free)') AS wheelchair
     FROM offered o
     JOIN services sv ON sv.country = o.country AND sv.id = o.service_id AND sv.status = 'active'
     JOIN service_at_locations sal ON sal.country = sv.country AND sal.service_id = sv.id
     JOIN service_locations l ON l.country = sal.country AND l.id = sal.location_id
     JOIN sites s ON s.id = l.site_id
     JOIN unnest($3::float8[], $4::float8[], $5::float8[], $6::float8[]) AS b(west, south, east, north)
       ON s.geom && ST_MakeEnvelope(b.west, b.south, b.east, b.north, 4326)`,
    [q.terms.map((t) => t.country), q.terms.map((t) => t.id), ...(['west', 'south', 'east', 'north'] as const).map((k) => q.boxes.map((b) => b[k]))],
  );
  if (rows.length === 0) return [];
  const key = (country: string, id: unknown) => `${country}\u0000${String(id)}`;
  const { rows: schedules } = await db.query<HsdsRecord & { country: string }>(
    `SELECT country, ${SCHEDULE_FIELDS} FROM service_schedules sc
     WHERE (sc.country, sc.location_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        OR (sc.country, sc.service_at_location_id) IN (SELECT * FROM unnest($1::text[], $3::text[]))
        OR (sc.country, sc.service_id) IN (SELECT * FROM unnest($1::text[], $4::text[]))
     ORDER BY sc.id COLLATE "C"`,
    [rows.map((r) => r.country), rows.map((r) => r.locationId), rows.map((r) => r.serviceAtLocationId), rows.map((r) => r.serviceId)],
  );
  const of = (field: string) => {
    const m = new Map<string, HsdsRecord[]>();
    for (const s of schedules) {
      if (s[field] == null) continue;
      const k = key(s.country, s[field]);
      const list = m.get(k);
      if (list) list.push(s);
      else m.set(k, [s]);
    }
    return m;
  };
  const byLocation = of('location_id');
  const bySal = of('service_at_location_id');
  const byService = of('service_id');
  const strip = ({ country: _, ...s }: HsdsRecord & { country?: string }) => s;
  return rows.map((r) => ({
    ...r,
    locationSchedules: (byLocation.get(key(r.country, r.locationId)) ?? []).map(strip),
    serviceSchedules: (bySal.get(key(r.country, r.serviceAtLocationId)) ?? byService.get(key(r.country, r.serviceId)) ?? []).map(strip),
  }));
}

// Each term with its category: the first segment of the code at the top of its branch, so a service
// filed under egov.passport counts for e-government even where the catalogue leaves out the term egov.
const TERM_CATEGORIES = `WITH RECURSIVE up AS (
    SELECT id AS term_id, id, code, parent_id FROM service_taxonomy_terms WHERE country = $1
    UNION ALL
    SELECT up.term_id, p.id, p.code, p.parent_id FROM up JOIN service_taxonomy_terms p ON p.country = $1 AND p.id = up.parent_id
  ), categories AS (SELECT term_id, split_part(coalesce(code, id), '.', 1) AS category FROM up WHERE parent_id IS NULL),
  offered AS (
    SELECT DISTINCT c.category, s.id AS site_id, s.admin1, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat
    FROM categories c
    JOIN service_attributes a ON a.country = $1 AND a.taxonomy_term_id = c.term_id AND a.link_entity = 'service'
    JOIN services sv ON sv.country = $1 AND sv.id = a.link_id AND sv.status = 'active'
    JOIN service_at_locations sal ON sal.country = $1 AND sal.service_id = sv.id
    JOIN service_locations l ON l.country = $1 AND l.id = sal.location_id
    JOIN sites s ON s.id = l.site_id)`;

export interface CategoryOffices {
  /** The top term of the taxonomy's branch (egov, dfs, ...). */
  category: string;
  /** null: the whole country. */
  admin1: string | null;
  offices: number;
}

/** How many offices offer a service of each category, in the country and in each admin area (admin1 '' when the site has none). */
export async function officesByServiceCategory(db: Sql, country: string): Promise<CategoryOffices[]> {
  const { rows } = await db.query<CategoryOffices & { whole: number }>(
    `${TERM_CATEGORIES}
     SELECT category, CASE WHEN grouping(admin1) = 1 THEN NULL ELSE coalesce(admin1, '') END AS admin1, count(DISTINCT site_id)::int AS offices
     FROM offered GROUP BY GROUPING SETS ((category), (category, admin1))
     ORDER BY category, grouping(admin1) DESC, 2`,
    [country],
  );
  return rows;
}

/** Where the offices offering a category's services are, as columns. */
export async function officesOfferingCategory(db: Sql, country: string, category: string): Promise<{ lon: Float64Array; lat: Float64Array }> {
  const { rows } = await db.query<{ lon: number; lat: number }>(`${TERM_CATEGORIES} SELECT DISTINCT site_id, lon, lat FROM offered WHERE category = $2 ORDER BY site_id`, [country, category]);
  return { lon: Float64Array.from(rows, (r) => r.lon), lat: Float64Array.from(rows, (r) => r.lat) };
}
