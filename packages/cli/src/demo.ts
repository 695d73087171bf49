import { fileURLToPath } from 'node:url';
import { CountryBoundaries, importFile, type ImportOptions, type ImportReport } from '@postatlas/importers';
import { analyze, plan, type PlanOptions, type PlanResult } from '@postatlas/jobs';
import { appendAudit, countsByLayer, createUser, findUserByEmail, setPassword, type Database } from '@postatlas/store';
import { analysisTable, printReport, summaryTable } from './format.js';
import { printPlan } from './planning.js';
import { progressBar } from './progress.js';

const data = (path: string) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));

/** The real samples shipped in data/ (see data/README.md), as the demo loads them. */
export const DEMO_IMPORTS: (Omit<ImportOptions, 'file'> & { file: string })[] = [
  { layer: 'sites', file: 'osm-spain-post-offices/post-offices.csv', country: 'ESP', dataset: 'osm-spain-post-offices', attribution: '© OpenStreetMap contributors', licence: 'ODbL 1.0' },
  { layer: 'sites', file: 'itu-ibiza/points-of-interest.csv', dataset: 'ibiza-schools', licence: 'BSD-style, © 2024 ITU' },
  { layer: 'cells', file: 'itu-ibiza/cell-sites.csv', dataset: 'ibiza-cell-sites', licence: 'BSD-style, © 2024 ITU' },
  { layer: 'coverage', file: 'itu-ibiza/mobile-coverage.gpkg', country: 'ESP', generation: '4G', dataset: 'ibiza-coverage', licence: 'BSD-style, © 2024 ITU (Ericsson sample data)' },
  { layer: 'population', file: 'itu-ibiza/population-100m.tif', country: 'ESP', dataset: 'ibiza-population-100m', licence: 'CC BY 4.0', attribution: 'WorldPop' },
  { layer: 'population', file: 'worldpop-spain/spain-population-1km-2020.tif', country: 'ESP', dataset: 'spain-population-1km', licence: 'CC BY 4.0', attribution: 'WorldPop' },
  { layer: 'sites', file: 'itu-stp/STP-1713385818-4t89-pointofinterest.csv', dataset: 'stp-schools', licence: 'BSD-style, © 2024 ITU' },
  { layer: 'cells', file: 'itu-stp/STP-1713438795-bivd-cellsite.csv', dataset: 'stp-cell-sites', licence: 'BSD-style, © 2024 ITU' },
  { layer: 'nodes', file: 'watra/nodes/combined_nodes.geojson', dataset: 'watra-nodes', licence: 'MIT', attribution: 'ITU WATRA fibre data' },
  { layer: 'links', file: 'watra/lines/combined_lines.geojson', dataset: 'watra-links', licence: 'MIT', attribution: 'ITU WATRA fibre data' },
  { layer: 'sites', file: 'giga-moldova/giga_MD_schools_metadata.csv', country: 'MDA', dataset: 'giga-moldova-schools', licence: 'Apache-2.0', attribution: 'UNICEF Giga' },
];

/**
 * The plans the demo makes. São Tomé's sample has schools and 4G cells but no population layer, so
 * its plan connects the most schools; Spain's post offices have WorldPop's people around them.
 */
export const DEMO_PLANS: Omit<PlanOptions, 'runBy'>[] = [
  { country: 'STP', name: 'demo-schools', objective: 'sites', budgetUsd: 30_000 },
  { country: 'ESP', name: 'demo-people', objective: 'population', budgetUsd: 1_000_000 },
];

/**
 * Creates or refreshes the local database from the samples. Rows a sample gets wrong (as real
 * data does) are reported and left out rather than stopping the demo.
 */
export async function runDemo(db: Database, o: { json: boolean; out: (l: string) => void }): Promise<number> {
  const boundaries = CountryBoundaries.load();
  const reports: ImportReport[] = [];
  for (const spec of DEMO_IMPORTS) {
    const bar = progressBar(`loading ${spec.file}`, o.json);
    const report = await importFile(db, {
      ...spec, file: data(spec.file), skipInvalid: true, boundaries, importedBy: 'postatlas demo',
      onProgress: (done, total, rows) => bar.update(done, total, `${rows} rows`),
    });
    bar.done();
    report.file = `data/${spec.file}`;
    reports.push(report);
    if (!o.json) printReport({ ...report, issues: report.issues.slice(0, 3) }, o.out);
  }
  const counts = await countsByLayer(db);
  const bar = progressBar('analysing', o.json);
  const analysis = await analyze(db, { runBy: 'postatlas demo', onProgress: (done, total, country) => bar.update(done, total, country) });
  bar.done();
  const plans: PlanResult[] = [];
  for (const spec of DEMO_PLANS) {
    const planBar = progressBar(`planning ${spec.country}`, o.json);
    plans.push(await plan(db, { ...spec, runBy: 'postatlas demo', onProgress: (step) => planBar.update(0, 1, step) }));
    planBar.done();
  }
  if (o.json) {
    o.out(JSON.stringify({ imports: reports, counts, analysis: analysis.run, plans: plans.map((p) => ({ scenario: p.scenario, certificate: p.certificate, totals: p.report.totals })) }));
  } else {
    o.out('');
    o.out(`postatlas registry (${db.kind} database)`);
    summaryTable(counts).forEach((l) => o.out(`  ${l}`));
    o.out('');
    o.out(`connectivity analysis (run ${analysis.run.id}${analysis.current ? ', unchanged inputs' : ''}; postatlas list metrics for every site)`);
    analysisTable(analysis.run.summary).forEach((l) => o.out(`  ${l}`));
    for (const p of plans) {
      o.out('');
      printPlan(p, o.out);
    }
  }
  return 0;
}

/** The demo's administrator (.invalid: a domain that can never receive mail). */
export const DEMO_ADMIN = 'admin@demo.postatlas.invalid';

/** Creates the demo's admin, or gives it a new password (which also signs out its old sessions). */
export async function resetDemoAdmin(db: Database, passwordHash: string): Promise<void> {
  const existing = await findUserByEmail(db, DEMO_ADMIN);
  if (existing) await setPassword(db, existing.id, passwordHash, 'postatlas demo');
  else {
    const user = await createUser(db, { email: DEMO_ADMIN, passwordHash, role: 'admin' });
    await appendAudit(db, { actor: 'postatlas demo', action: 'create', entity: 'user', entityId: String(user.id), country: null, before: null, after: user });
  }
}
