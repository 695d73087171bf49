/**
 * The locator's question answered from the store: the taxonomy terms a service's words name, the
 * offers of those terms near the point, ranked by core. The CLI, the API and the public page ask
 * through here, so they give the same answer.
 */
import { LOCATOR_PARAMETERS, locatorBoxes, matchTerms, rankServices, type LocatedService } from '@postatlas/core';
import { catalogueTerms, locatorCandidates, type Sql } from '@postatlas/store';

/** The service words match no term of any imported catalogue; `detail` says so without the job's prefix, for a page or an API answer. */
export class UnknownService extends Error {
  constructor(readonly detail: string) {
    super(`locate: ${detail}`);
  }
}

export interface LocateOptions {
  service: string;
  lat: number;
  lon: number;
  at: Date;
  withinKm?: number | undefined;
  wheelchair?: boolean;
  language?: string | undefined;
  anyTime?: boolean;
  limit?: number | undefined;
}

/** The offices nearest to a point that offer a service (a taxonomy code or words of its name), open at the instant unless anyTime. */
export async function locate(db: Sql, o: LocateOptions): Promise<LocatedService[]> {
  const terms = await catalogueTerms(db);
  const byCountry = new Map<string, typeof terms>();
  for (const t of terms) byCountry.set(t.country, [...(byCountry.get(t.country) ?? []), t]);
  const wanted = [...byCountry].flatMap(([country, ts]) => matchTerms(o.service, ts).map((id) => ({ country, id })));
  if (wanted.length === 0) {
    const codes = [...new Set(terms.map((t) => t.code).filter(Boolean))].slice(0, 40).join(', ');
    throw new UnknownService(`no taxonomy term matches "${o.service}"${codes ? ` (codes: ${codes})` : '; no services catalogue is imported (postatlas import services)'}`);
  }
  const withinKm = o.withinKm ?? LOCATOR_PARAMETERS.withinKm;
  const candidates = await locatorCandidates(db, { terms: wanted, boxes: locatorBoxes(o.lat, o.lon, withinKm) });
  return rankServices(candidates, { lat: o.lat, lon: o.lon, at: o.at, withinKm, wheelchair: o.wheelchair, language: o.language, anyTime: o.anyTime, limit: o.limit });
}

