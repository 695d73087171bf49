import { LOCATOR_PARAMETERS, formatIssue, taxonomyName, type LocatedService } from '@postatlas/core';
import { catalogueJson, writeCatalogueCsv, type ServicesImportReport } from '@postatlas/importers';
import type { LocateOptions, ServicesIndicators } from '@postatlas/jobs';
import { readCatalogueOf, type Database } from '@postatlas/store';
import { writeFileSync } from 'node:fs';
import { table } from './format.js';

export function printServicesReport(r: ServicesImportReport, out: (line: string) => void): void {
  out(`${r.path} → services catalogue of ${r.country} (HSDS 3.0, ${r.form})`);
  const changed = Object.entries(r.counts).filter(([, c]) => c.inserted + c.updated + c.unchanged + c.removed > 0);
  if (r.committed) {
    table(['entity', 'inserted', 'updated', 'unchanged', 'removed'], changed.map(([e, c]) => [e, String(c.inserted), String(c.updated), String(c.unchanged), String(c.removed)]))
      .forEach((l) => out(`  ${l}`));
  }
  for (const i of r.issues) out(`  ${formatIssue(i.file, i)}`);
}

/** Writes the country's catalogue as HSDS JSON (one file) or CSV (a directory of files). */
export async function exportServices(db: Database, o: { country: string; format: 'json' | 'csv'; out: string }): Promise<string[]> {
  const c = await readCatalogueOf(db, o.country);
  if (c.services.length === 0 && c.locations.length === 0) throw new Error(`export services: ${o.country} has no services catalogue; import one with postatlas import services`);
  if (o.format === 'csv') return writeCatalogueCsv(c, o.out);
  writeFileSync(o.out, catalogueJson(c));
  return [o.out];
}

export function printLocated(found: readonly LocatedService[], o: LocateOptions, out: (line: string) => void): void {
  const within = o.withinKm ?? LOCATOR_PARAMETERS.withinKm;
  const when = o.anyTime ? 'at any time' : `open at ${o.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (found.length === 0) {
    out(`no office within ${within} km offers "${o.service}" ${when}${o.wheelchair ? ', wheelchair accessible' : ''}${o.language ? `, in ${o.language}` : ''}${o.anyTime ? '' : ' (--any-time lists them whatever the hour)'}`);
    return;
  }
  out(`"${o.service}" within ${within} km of ${o.lat}, ${o.lon}, ${when} (each office's local hours)`);
  const opening = (f: LocatedService) => (f.opening.state === 'open' ? `open until ${f.opening.closesAt}` : f.opening.state === 'closed' ? 'closed' : 'hours unknown');
  table(['km', 'office', 'service', 'opening', 'wheelchair', 'languages', 'site'], found.map((f) => [
    (f.distanceM / 1000).toFixed(1), f.name ?? '-', f.serviceName, opening(f), f.wheelchair ? 'yes' : 'no', f.languages.join(' '), String(f.siteId),
  ])).forEach(out);
}

export function printServicesIndicators(r: ServicesIndicators, out: (line: string) => void): void {
  const share = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)} %` : '-');
  out(`${r.country}: ${r.postOffices.toLocaleString('en')} post offices; offering each category of digital service:`);
  table(['category', 'offices', 'share'], r.categories.map((c) => [taxonomyName(c.category) ?? c.category, c.offices.toLocaleString('en'), share(c.offices, r.postOffices)])).forEach((l) => out(`  ${l}`));
  const e = r.egovReach;
  out(`people within ${e.radiusM / 1000} km of one of the ${e.offices.toLocaleString('en')} offices offering e-government: ${e.people.toLocaleString('en')} of ${e.population.toLocaleString('en')} (${share(e.people, e.population)})`);
}
