import { compareScenarios, scenarioCsv, scenarioGeoJson, type PlanReport } from '@postatlas/core';
import type { PlanResult } from '@postatlas/jobs';
import { getScenario, scenarioSites, type Database, type Scenario, type ScenarioSite } from '@postatlas/store';
import { table } from './format.js';

const usd = (v: number) => `${Math.round(v).toLocaleString('en')}`;
const count = (v: number) => Math.round(v).toLocaleString('en');

export function printPlan(r: PlanResult, out: (line: string) => void): void {
  const { scenario: s, certificate: c, report } = r;
  const money = [s.budgetUsd !== null ? `budget ${usd(s.budgetUsd)} USD` : null, s.annualBudgetUsd !== null ? `${usd(s.annualBudgetUsd)} USD a year` : null].filter(Boolean).join(', ');
  out(`scenario "${s.name}" (${s.country}, objective ${s.objective}${money ? `, ${money}` : ''}, ${s.fromYear}–${s.untilYear}; analysis run ${s.analysisRunId})`);
  const what = c.objective === 'cost' ? 'USD to connect every site' : c.objective === 'population' ? 'people served (weighted)' : 'sites (weighted)';
  const proven = c.gap <= 1e-9 ? 'proven optimal' : `within ${percent(c.gap)} of the best possible`;
  out(`  ${count(c.value)} ${what}: ${proven} (bound ${count(c.bound)} from ${c.boundSource}; plan by ${c.method})`);
  if (c.highs?.error) out(`  HiGHS: ${c.highs.error}; the greedy plan stands`);
  printTotals(report, out);
  out(`  timings: analysis ${ms(r.timingsMs.analyse)}, load ${ms(r.timingsMs.load)}, greedy ${ms(r.timingsMs.greedy)}, HiGHS ${ms(r.timingsMs.highs)}, save ${ms(r.timingsMs.save)}`);
  out(`  postatlas export plan --country ${s.country} --name ${s.name} [--format csv|geojson] for every site`);
}

function printTotals(report: PlanReport, out: (line: string) => void): void {
  const t = report.totals;
  const row = (label: string, x: { sites: number; people: number; capexUsd: number; npvUsd: number; costUsd: number }) =>
    [label, count(x.sites), count(x.people), usd(x.capexUsd), usd(x.npvUsd), usd(x.costUsd)];
  const head = ['', 'sites', 'people', 'capex USD', 'NPV USD', 'budget USD'];
  table(head, [...t.byYear.map((y) => row(String(y.year), y)), row('total', t)]).forEach((l) => out(`  ${l}`));
  out('');
  table(head.map((h, i) => (i === 0 ? 'technology' : h)), t.byTechnology.map((x) => row(x.technology, x))).forEach((l) => out(`  ${l}`));
  if (t.unfundedCostUsd > 0) out(`  not funded within the budget: ${usd(t.unfundedCostUsd)} USD more`);
}

/** Two significant digits: a gap of 0.0002 % says more than 0.00 %. */
const percent = (fraction: number) => `${Number((100 * fraction).toPrecision(2))} %`;

const ms = (v: number) => (v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);

async function loadScenario(db: Database, country: string, name: string): Promise<{ scenario: Scenario; sites: ScenarioSite[] }> {
  const scenario = await getScenario(db, country, name);
  if (!scenario) throw new Error(`scenario: none named "${name}" in ${country}; postatlas list scenarios shows them`);
  return { scenario, sites: await scenarioSites(db, scenario.id) };
}

/** A scenario's sites in priority order, as CSV or GeoJSON points (QGIS opens either). */
export async function exportScenario(
  db: Database, o: { country: string; name: string; format: 'csv' | 'geojson'; write: (s: string) => void },
): Promise<void> {
  const { scenario, sites } = await loadScenario(db, o.country, o.name);
  if (o.format === 'csv') {
    for await (const line of scenarioCsv([sites], { lineEnd: '\n' })) o.write(line);
    return;
  }
  for await (const chunk of scenarioGeoJson(`${scenario.country} ${scenario.name}`, [sites])) o.write(chunk);
  o.write('\n');
}

export async function compare(
  db: Database, o: { country: string; names: [string, string]; json: boolean; out: (l: string) => void },
): Promise<void> {
  const [a, b] = await Promise.all(o.names.map((n) => loadScenario(db, o.country, n)));
  const d = compareScenarios(a!.sites, b!.sites);
  if (o.json) {
    o.out(JSON.stringify(d));
    return;
  }
  const [na, nb] = o.names;
  table(['', na, nb], [
    ['sites funded', count(d.sites[0]), count(d.sites[1])],
    ['people served', count(d.people[0]), count(d.people[1])],
    ['budget USD', usd(d.costUsd[0]), usd(d.costUsd[1])],
  ]).forEach(o.out);
  o.out(`sites only in ${na}: ${d.onlyIn[0].length}; only in ${nb}: ${d.onlyIn[1].length}; other technology: ${d.technologyChanged.length}; other year: ${d.yearChanged.length}`);
}
