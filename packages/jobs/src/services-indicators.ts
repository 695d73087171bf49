/**
 * CONNECT.POST's one-stop-shop indicators for a country: how many post offices offer each category
 * of digital service (in the country and per admin area), and how many people live within 5 km of
 * an office offering e-government. Store reads, core's counting; nothing is written.
 */
import { INDICATOR_PARAMETERS, populationWithinReach } from '@postatlas/core';
import { countrySummary, loadPopulation, officesByServiceCategory, officesOfferingCategory, type Sql } from '@postatlas/store';

export interface ServicesIndicators {
  country: string;
  postOffices: number;
  categories: { category: string; offices: number; byAdmin1: { admin1: string; offices: number; postOffices: number }[] }[];
  egovReach: { radiusM: number; offices: number; people: number; population: number; share: number | null };
}

export async function servicesIndicators(db: Sql, country: string, p = INDICATOR_PARAMETERS): Promise<ServicesIndicators> {
  const [summary, byCategory, population, egov] = await Promise.all([
    countrySummary(db, country), officesByServiceCategory(db, country), loadPopulation(db, country), officesOfferingCategory(db, country, 'egov'),
  ]);
  const postOfficesIn = new Map(summary.byAdmin1.map((a) => [a.admin1, a.sites]));
  const categories = new Map<string, ServicesIndicators['categories'][number]>();
  for (const row of byCategory) {
    if (row.admin1 === null) categories.set(row.category, { category: row.category, offices: row.offices, byAdmin1: [] });
    else categories.get(row.category)!.byAdmin1.push({ admin1: row.admin1, offices: row.offices, postOffices: postOfficesIn.get(row.admin1) ?? 0 });
  }
  const { reached, total } = populationWithinReach(population, egov, p.egovReachM);
  return {
    country,
    postOffices: summary.postOffices.sites,
    categories: [...categories.values()],
    egovReach: { radiusM: p.egovReachM, offices: egov.lon.length, people: Math.round(reached), population: Math.round(total), share: total > 0 ? reached / total : null },
  };
}
