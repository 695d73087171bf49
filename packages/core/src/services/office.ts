/**
 * What an office's staff change in the catalogue: the services their office offers and its
 * opening hours. The change is made on the country's catalogue (whole, or the office's slice of
 * it) and handed back as raw records, so it is checked exactly as an import is (readCatalogue):
 * hours that close before they open, or a service the catalogue does not have, are refused naming
 * the request's field.
 *
 *     const raw = officeChange(catalogue, 'loc-28001', { serviceIds: ['s-passport'], hours });
 *     const { catalogue: next, issues } = readCatalogue(raw);
 */
import { perEntity, type Catalogue, type HsdsRecord } from './hsds.js';
import type { RawCatalogue, RawRecord } from './validate.js';

export interface OfficeChange {
  /** The catalogue's services the office offers from now on; absent: unchanged. */
  serviceIds?: readonly string[];
  /** The office's hours and closures (HSDS schedules, without an owner); absent: unchanged. */
  hours?: readonly Record<string, unknown>[];
}

/** The file name issues carry for what came with the request. */
export const REQUEST = 'request';

/**
 * The catalogue with one location's offers and hours as the change says, as raw records to check.
 * `taken`: ids in use outside `c` (when `c` is a slice), which new records must not reuse.
 */
export function officeChange(
  c: Catalogue, locationId: string, change: OfficeChange,
  taken: { service_at_locations?: Iterable<string>; schedules?: Iterable<string> } = {},
): RawCatalogue {
  const kept = (r: HsdsRecord): RawRecord => ({ file: 'catalogue', where: `id ${String(r.id)}`, values: r });
  const raw: RawCatalogue = perEntity((e) => c[e].map(kept));
  const here = (r: RawRecord) => r.values.location_id === locationId;

  if (change.serviceIds) {
    const offered = new Map(c.service_at_locations.filter((s) => s.location_id === locationId).map((s) => [String(s.service_id), s]));
    const wanted = new Set(change.serviceIds);
    const gone = new Set([...offered].filter(([service]) => !wanted.has(service)).map(([, s]) => String(s.id)));
    raw.service_at_locations = raw.service_at_locations.filter((r) => !gone.has(String(r.values.id)));
    // A service no longer offered here takes its hours here with it.
    raw.schedules = raw.schedules.filter((r) => !gone.has(String(r.values.service_at_location_id)));
    const ids = new Set([...c.service_at_locations.map((s) => String(s.id)), ...(taken.service_at_locations ?? [])]);
    change.serviceIds.forEach((serviceId, i) => {
      if (offered.has(serviceId)) return;
      raw.service_at_locations.push({ file: REQUEST, where: `$.serviceIds[${i}]`, values: { id: freshId(`${locationId}.${serviceId}`, ids), service_id: serviceId, location_id: locationId } });
    });
  }

  if (change.hours) {
    raw.schedules = raw.schedules.filter((r) => !here(r));
    const ids = new Set([...raw.schedules.map((r) => String(r.values.id)), ...(taken.schedules ?? [])]);
    change.hours.forEach((h, i) => {
      const { service_id: _s, service_at_location_id: _sal, ...own } = h;
      raw.schedules.push({ file: REQUEST, where: `$.hours[${i}]`, values: { ...own, id: freshId(`${locationId}.hours.${i + 1}`, ids), location_id: locationId } });
    });
  }
  return raw;
}

/** `base`, or base-2, base-3…: HSDS ids must stay unique in the country's catalogue. */
function freshId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** The location's services and hours, as a change would set them: what staff see before editing. */
export function officeOffers(c: Catalogue, locationId: string): { serviceIds: string[]; hours: HsdsRecord[] } {
  return {
    serviceIds: c.service_at_locations.filter((s) => s.location_id === locationId).map((s) => String(s.service_id)).sort(),
    hours: c.schedules.filter((s) => s.location_id === locationId),
  };
}
