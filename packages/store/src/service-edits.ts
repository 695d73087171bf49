/**
 * Changes to a country's catalogue made through the API rather than by importing it whole: an
 * office's staff set the services their office offers and its hours (on the office's slice); they propose taxonomy terms
 * that a country manager approves or rejects. Each change is one transaction with its audit entry.
 */
import { formatIssue, officeChange, officeOffers, readCatalogue, type CatalogueIssue, type HsdsRecord, type OfficeChange } from '@postatlas/core';
import { appendAudit } from './audit.js';
import type { Database, Sql } from './database.js';
import { catalogueIdsStartingWith, catalogueTerms, readCatalogueOf, writeCatalogueChanges } from './services.js';

/** A change that breaks a rule of the catalogue: nothing was written. */
export class OfficeChangeRefused extends Error {
  constructor(readonly issues: CatalogueIssue[]) {
    super(`the change is refused: ${issues.map((i) => formatIssue(i.file, i)).join('; ')}`);
  }
}

export interface OfficeServices {
  country: string;
  siteId: number;
  /** The office's HSDS location; null when the catalogue does not list it. */
  locationId: string | null;
  timeZone: string | null;
  offers: { serviceId: string; name: string; terms: string[]; hours: HsdsRecord[] }[];
  /** Its opening hours and closures. */
  hours: HsdsRecord[];
  /** Every service of the country's catalogue: what the office may offer. */
  available: { serviceId: string; name: string; terms: string[] }[];
}

/** What a site offers in its country's catalogue, for its panel and its staff's edit form. Null: no such site. */
export async function officeServices(db: Sql, siteId: number): Promise<OfficeServices | null> {
  const { rows: [site] } = await db.query<{ country: string; locationId: string | null; timeZone: string | null }>(
    `SELECT s.country, l.id AS "locationId", l.timezone AS "timeZone"
     FROM sites s LEFT JOIN service_locations l ON l.site_id = s.id WHERE s.id = $1 ORDER BY l.id COLLATE "C" LIMIT 1`,
    [siteId],
  );
  if (!site) return null;
  const { rows: available } = await db.query<{ serviceId: string; name: string; terms: string[] }>(
    `SELECT sv.id AS "serviceId", sv.name,
       ARRAY(SELECT coalesce(t.code, t.id) FROM service_attributes a JOIN service_taxonomy_terms t ON t.country = a.country AND t.id = a.taxonomy_term_id
             WHERE a.country = sv.country AND a.link_entity = 'service' AND a.link_id = sv.id ORDER BY 1) AS terms
     FROM services sv WHERE sv.country = $1 AND sv.status = 'active' ORDER BY sv.name, sv.id COLLATE "C"`,
    [site.country],
  );
  const out: OfficeServices = { country: site.country, siteId, locationId: site.locationId, timeZone: site.timeZone, offers: [], hours: [], available };
  if (!site.locationId) return out;
  const { rows: schedules } = await db.query<HsdsRecord>(
    `SELECT sc.* FROM service_schedules sc
     WHERE sc.country = $1 AND (sc.location_id = $2 OR sc.service_at_location_id IN (SELECT id FROM service_at_locations WHERE country = $1 AND location_id = $2))
     ORDER BY sc.id COLLATE "C"`,
    [site.country, site.locationId],
  );
  const strip = ({ country: _, ...s }: HsdsRecord) => s;
  out.hours = schedules.filter((s) => s.location_id === site.locationId).map(strip);
  const { rows: offered } = await db.query<{ id: string; serviceId: string }>(
    `SELECT id, service_id AS "serviceId" FROM service_at_locations WHERE country = $1 AND location_id = $2 ORDER BY service_id COLLATE "C"`,
    [site.country, site.locationId],
  );
  const byId = new Map(available.map((a) => [a.serviceId, a]));
  out.offers = offered.flatMap((o) => {
    const a = byId.get(o.serviceId);
    return a ? [{ ...a, hours: schedules.filter((s) => s.service_at_location_id === o.id).map(strip) }] : [];
  });
  return out;
}

/**
 * Sets the services an office offers and its hours, checked as an import is, on the office's slice
 * of the catalogue (every record its records refer to); refused (OfficeChangeRefused, nothing
 * written) when any rule breaks. Only the office's changed rows are written.
 */
export async function changeOfficeServices(db: Database, o: { siteId: number; change: OfficeChange; actor: string }): Promise<OfficeServices> {
  await db.transaction(async (tx) => {
    const { rows: [location] } = await tx.query<{ id: string; country: string }>(
      'SELECT id, country FROM service_locations WHERE site_id = $1 ORDER BY id COLLATE "C" LIMIT 1 FOR UPDATE', [o.siteId],
    );
    if (!location) throw new OfficeChangeRefused([{ file: 'request', where: '$', field: 'siteId', value: String(o.siteId), reason: 'the office is not in its country\'s services catalogue; a country manager imports it first' }]);
    const current = await readCatalogueOf(tx, location.country, location.id);
    // New records' ids start with the location's id; those other offices' records already use are taken.
    const takenOutside = async (entity: 'service_at_locations' | 'schedules') => {
      const inSlice = new Set(current[entity].map((r) => String(r.id)));
      return [...await catalogueIdsStartingWith(tx, location.country, entity, `${location.id}.`)].filter((id) => !inSlice.has(id));
    };
    const taken = { service_at_locations: await takenOutside('service_at_locations'), schedules: await takenOutside('schedules') };
    const { catalogue, issues } = readCatalogue(officeChange(current, location.id, o.change, taken));
    if (issues.length > 0) throw new OfficeChangeRefused(issues);
    await writeCatalogueChanges(tx, location.country, current, catalogue, new Map([[location.id, o.siteId]]));
    await appendAudit(tx, {
      actor: o.actor, action: 'update', entity: 'office_services', entityId: String(o.siteId), country: location.country,
      before: officeOffers(current, location.id), after: officeOffers(catalogue, location.id),
    });
  });
  return (await officeServices(db, o.siteId))!;
}

export type ProposalStatus = 'pending' | 'approved' | 'rejected';

export interface TermProposal {
  id: number;
  country: string;
  code: string;
  name: string;
  description: string | null;
  parentId: string | null;
  proposedBy: string;
  proposedAt: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

const PROPOSAL_COLUMNS = `id, country, code, name, description, parent_id AS "parentId", proposed_by AS "proposedBy",
  to_char(proposed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "proposedAt", status, decided_by AS "decidedBy",
  to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "decidedAt", reason`;

/** The taxonomy a country's own terms belong to: the default taxonomy admits only its own codes. */
export const localTaxonomy = (country: string) => `${country.toLowerCase()}-local`;

/** A term proposed for a country's taxonomy; refused when its code is already a term or pending. */
export async function proposeTerm(
  db: Database,
  p: { country: string; code: string; name: string; description?: string | null; parentId?: string | null; actor: string },
): Promise<TermProposal> {
  return db.transaction(async (tx) => {
    const terms = await catalogueTerms(tx, [p.country]);
    if (terms.some((t) => t.code === p.code || t.id === p.code)) throw new OfficeChangeRefused([{ file: 'request', where: '$', field: 'code', value: p.code, reason: `already a term of ${p.country}'s taxonomy` }]);
    if (p.parentId && !terms.some((t) => t.id === p.parentId)) throw new OfficeChangeRefused([{ file: 'request', where: '$', field: 'parentId', value: p.parentId, reason: `no term of ${p.country}'s taxonomy has this id` }]);
    const { rows: [pending] } = await tx.query('SELECT 1 FROM service_term_proposals WHERE country = $1 AND code = $2 AND status = \'pending\'', [p.country, p.code]);
    if (pending) throw new OfficeChangeRefused([{ file: 'request', where: '$', field: 'code', value: p.code, reason: 'already proposed and waiting for a decision' }]);
    const { rows: [row] } = await tx.query<TermProposal>(
      `INSERT INTO service_term_proposals (country, code, name, description, parent_id, proposed_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${PROPOSAL_COLUMNS}`,
      [p.country, p.code, p.name, p.description ?? null, p.parentId ?? null, p.actor],
    );
    await appendAudit(tx, { actor: p.actor, action: 'propose', entity: 'service_term_proposal', entityId: String(row!.id), country: p.country, before: null, after: row });
    return row!;
  });
}

export async function listTermProposals(db: Sql, country: string, status?: ProposalStatus): Promise<TermProposal[]> {
  const { rows } = await db.query<TermProposal>(
    `SELECT ${PROPOSAL_COLUMNS} FROM service_term_proposals WHERE country = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC`,
    [country, status ?? null],
  );
  return rows;
}

export async function termProposal(db: Sql, id: number): Promise<TermProposal | null> {
  const { rows: [row] } = await db.query<TermProposal>(`SELECT ${PROPOSAL_COLUMNS} FROM service_term_proposals WHERE id = $1`, [id]);
  return row ?? null;
}

/**
 * A manager's decision on a pending proposal. Approved, the term joins the country's taxonomy
 * (taxonomy `<iso3>-local`, id the code) in the same transaction. Null: no pending proposal of that id.
 */
export async function decideTermProposal(db: Database, d: { id: number; approve: boolean; reason?: string | null; actor: string }): Promise<TermProposal | null> {
  return db.transaction(async (tx) => {
    const { rows: [before] } = await tx.query<TermProposal>(`SELECT ${PROPOSAL_COLUMNS} FROM service_term_proposals WHERE id = $1 AND status = 'pending' FOR UPDATE`, [d.id]);
    if (!before) return null;
    const { rows: [after] } = await tx.query<TermProposal>(
      `UPDATE service_term_proposals SET status = $2, decided_by = $3, decided_at = now(), reason = $4 WHERE id = $1 RETURNING ${PROPOSAL_COLUMNS}`,
      [d.id, d.approve ? 'approved' : 'rejected', d.actor, d.reason ?? null],
    );
    if (d.approve) {
      await tx.query(
        `INSERT INTO service_taxonomy_terms (country, id, code, name, description, parent_id, taxonomy) VALUES ($1, $2, $2, $3, $4, $5, $6)
         ON CONFLICT (country, id) DO NOTHING`,
        [before.country, before.code, before.name, before.description, before.parentId, localTaxonomy(before.country)],
      );
    }
    await appendAudit(tx, { actor: d.actor, action: d.approve ? 'approve' : 'reject', entity: 'service_term_proposal', entityId: String(d.id), country: before.country, before, after });
    return after!;
  });
}
