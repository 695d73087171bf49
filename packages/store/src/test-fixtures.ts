/** What the store's tests share beyond a database: a run of the analysis and a cell to cover Nairobi. */
import { analyseCountry, analysisParameters, summariseCountry, type CellSite, type CountrySummary } from '@postatlas/core';
import { analysisInputs, loadCountryInputs, runFingerprint, saveRun, type AnalysisRun, type CountryResult } from './analysis.js';
import type { Database } from './database.js';

/** A 4G cell in Nairobi. */
export const NAIROBI_CELL: CellSite = {
  sourceId: 'c1', country: 'KEN', lat: -1.29, lon: 36.82, generation: 4, operator: 'Safaricom', antennaHeightM: null, backhaulType: null, rangeM: null, attributes: {},
};

/** What `analyze` in @postatlas/jobs does, without its skip-if-unchanged: a run of these countries. */
export async function analysisRun(db: Database, countries: string[]): Promise<AnalysisRun> {
  const parameters = analysisParameters();
  const results: CountryResult[] = [];
  const summary: CountrySummary[] = [];
  for (const country of countries) {
    const loaded = await loadCountryInputs(db, country);
    const metrics = analyseCountry(loaded.inputs, parameters);
    summary.push(summariseCountry(metrics, loaded.inputs.sites.siteType, parameters));
    results.push({ metrics, siteIds: loaded.siteIds });
  }
  const inputs = await analysisInputs(db, countries);
  return saveRun(db, { startedAt: new Date().toISOString(), runBy: 'test', countries, parameters, inputs, fingerprint: runFingerprint(parameters, inputs), summary }, results);
}
