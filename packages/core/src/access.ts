/**
 * Who may do what: the roles of postatlas and the rules that scope them to countries and sites.
 * Pure decisions, so the server (and anything else) asks the same questions the same way.
 *
 *     const p = principal({ role: 'country_manager', countries: ['KEN'] });
 *     canManageCountry(p, 'KEN');              // true
 *     canEditSite(p, { id: 7, country: 'UGA' }, ['name']);  // false
 */

export const ROLES = ['admin', 'country_manager', 'office_staff', 'device', 'public'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: a signed-in user, an API key, or nobody (public). */
export interface Principal {
  role: Role;
  /** Countries a country manager manages (ISO alpha-3); others' countries are their scope too. */
  countries: readonly string[];
  /** Sites an office_staff user looks after, or the one site a device key reports for. */
  siteIds: readonly number[];
  /** As written in the audit log: 'user:3', 'key:7', 'public'. */
  actor: string;
}

export const PUBLIC: Principal = { role: 'public', countries: [], siteIds: [], actor: 'public' };

export function principal(p: Partial<Principal> & { role: Role }): Principal {
  return { countries: [], siteIds: [], actor: p.role, ...p };
}

/** Fields post-office staff may change on their own offices: what the office offers and how it is connected. */
export const STAFF_SITE_FIELDS = ['isConnected', 'connectivityType', 'downloadMbps', 'hasElectricity', 'services'] as const;

/** Everything about a country, including its private data and its users and keys. */
export function canManageCountry(p: Principal, country: string): boolean {
  return p.role === 'admin' || (p.role === 'country_manager' && p.countries.includes(country));
}

/** Infrastructure and other private layers of a country, unless their owner published them. */
export function canReadPrivate(p: Principal, country: string): boolean {
  return canManageCountry(p, country);
}

/** The countries whose private data p may read: null for all of them. */
export function privateScope(p: Principal): readonly string[] | null {
  return p.role === 'admin' ? null : p.role === 'country_manager' ? p.countries : [];
}

/** Fields of a site only those who may read its country's private data see: the contract is commercially confidential. */
export const PRIVATE_SITE_FIELDS = ['contractedMbps', 'contractedMonthlyUsd'] as const;

/** The site as p may see it: without its private fields unless p may read its country's private data. */
export function visibleSite<T extends { country: string }>(p: Principal, site: T): T {
  if (canReadPrivate(p, site.country)) return site;
  const copy = { ...site };
  for (const f of PRIVATE_SITE_FIELDS) delete (copy as Record<string, unknown>)[f];
  return copy;
}

export function canEditSite(p: Principal, site: { id: number; country: string }, fields: readonly string[]): boolean {
  if (canManageCountry(p, site.country)) return true;
  return p.role === 'office_staff' && p.siteIds.includes(site.id) && fields.every((f) => (STAFF_SITE_FIELDS as readonly string[]).includes(f));
}

/** An office's services, hours and training records (trainers' names included): its own staff, and its country's managers. */
export function canEditOffice(p: Principal, site: { id: number; country: string }): boolean {
  return canManageCountry(p, site.country) || (p.role === 'office_staff' && p.siteIds.includes(site.id));
}

export function canCreateOrDeleteSite(p: Principal, country: string): boolean {
  return canManageCountry(p, country);
}

export function canSubmitMeasurements(p: Principal, siteId: number): boolean {
  return p.role === 'admin' || (p.role === 'device' && p.siteIds.includes(siteId));
}

/** A key (or account) scoped to these countries: admins, or a manager of every one of them. */
export function canManageGrant(p: Principal, countries: readonly string[]): boolean {
  return p.role === 'admin' || (countries.length > 0 && countries.every((c) => canManageCountry(p, c)));
}

/**
 * Whether p may give someone else this role and scope: admins anything; a country manager only
 * roles below its own, within its own countries.
 */
export function canGrant(p: Principal, role: Role, countries: readonly string[]): boolean {
  if (p.role === 'admin') return true;
  if (p.role !== 'country_manager' || role === 'admin' || role === 'country_manager') return false;
  return canManageGrant(p, countries);
}
