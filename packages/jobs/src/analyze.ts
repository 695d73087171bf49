import {
  analyseCountry, analysisParameters, summariseCountry,
  type AnalysisParameters, type CountrySummary,
} from '@postatlas/core';
import {
  analysisCountries, analysisInputs, currentRun, latestRun, loadCountryInputs, runFingerprint, saveRun,
  type AnalysisRun, type CountryResult, type Database,
} from '@postatlas/store';

export interface AnalyzeOptions {
  /** One country (ISO alpha-3); every country with sites when absent. */
  country?: string | undefined;
  parameters?: Partial<AnalysisParameters>;
  runBy: string;
  /** Run even when the latest run of these countries had the same inputs and parameters. */
  force?: boolean;
  /** After each country: how many are done, of how many, and the one just finished. */
  onProgress?: (done: number, total: number, country: string) => void;
}

export interface AnalyzeResult {
  run: AnalysisRun;
  /** True when nothing changed since `run`, so no new run was written. */
  current: boolean;
  /** Milliseconds spent reading inputs, computing and writing. */
  timingsMs: { load: number; analyse: number; save: number };
}

/**
 * The connectivity analysis as a job: reads each country's inputs from the store, computes
 * every site's metrics in process, and writes them back as one analysis run. Running it again
 * on unchanged inputs with the same parameters returns the existing run.
 */
export async function analyze(db: Database, o: AnalyzeOptions): Promise<AnalyzeResult> {
  const parameters = analysisParameters(o.parameters);
  const countries = await analysisCountries(db, o.country);
  if (countries.length === 0) {
    throw new Error(o.country ? `analyze: no sites in ${o.country}; import some first` : 'analyze: the registry has no sites; import some first');
  }
  const inputs = await analysisInputs(db, countries);
  const fingerprint = runFingerprint(parameters, inputs);
  const timingsMs = { load: 0, analyse: 0, save: 0 };
  if (!o.force) {
    const previous = await latestRun(db, countries);
    if (previous?.fingerprint === fingerprint) return { run: previous, current: true, timingsMs };
    // A run of more countries that includes this one is as good, if none of its inputs changed.
    const wider = o.country ? await currentRun(db, o.country) : null;
    if (wider && wider.id !== previous?.id && runFingerprint(parameters, await analysisInputs(db, wider.countries)) === wider.fingerprint) {
      return { run: wider, current: true, timingsMs };
    }
  }

  const startedAt = new Date().toISOString();
  const results: CountryResult[] = [];
  const summary: CountrySummary[] = [];
  for (const [k, country] of countries.entries()) {
    let t = performance.now();
    const loaded = await loadCountryInputs(db, country);
    timingsMs.load += performance.now() - t;
    t = performance.now();
    const metrics = analyseCountry(loaded.inputs, parameters);
    summary.push(summariseCountry(metrics, loaded.inputs.sites.siteType, parameters));
    timingsMs.analyse += performance.now() - t;
    results.push({ metrics, siteIds: loaded.siteIds });
    o.onProgress?.(k + 1, countries.length, country);
  }
  const t = performance.now();
  const run = { startedAt, runBy: o.runBy, countries, parameters, inputs, fingerprint, summary };
  const saved = await saveRun(db, run, results);
  timingsMs.save = performance.now() - t;
  return { run: saved, current: false, timingsMs };
}
