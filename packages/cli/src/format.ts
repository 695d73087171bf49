import { formatIssue } from '@postatlas/core';
import type { CountrySummary } from '@postatlas/core';
import type { AnalyzeResult } from '@postatlas/jobs';
import type { LayerCount } from '@postatlas/store';
import type { ImportReport } from '@postatlas/importers';

export function printReport(r: ImportReport, out: (line: string) => void): void {
  const countries = Object.entries(r.countries).map(([c, n]) => `${c} ${n}`).join(', ');
  out(`${r.file} → ${r.layer} (${r.schema}, dataset "${r.dataset}")`);
  if ('totalPopulation' in r) {
    out(`  raster ${(r as { size?: string }).size} in ${Object.keys(r.countries).join(', ')}: ${Math.round(r.totalPopulation as number).toLocaleString('en')} people`);
    return;
  }
  out(`  read ${r.rowsRead}, imported ${r.imported} [inserted ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}, removed ${r.removed}], rejected ${r.rejected}${countries ? `; ${countries}` : ''}`);
  if (r.rejected > 0) {
    for (const [reason, n] of Object.entries(r.reasons).sort((a, b) => b[1] - a[1])) out(`  ${String(n).padStart(7)} × ${reason}`);
    for (const i of r.issues) out(`  ${formatIssue(r.file, i)}`);
    if (r.issues.length < r.rejected) out(`  … ${r.rejected - r.issues.length} more rejected rows not listed`);
  }
}

export function summaryTable(counts: readonly LayerCount[]): string[] {
  const layers = ['sites', 'cells', 'nodes', 'links', 'coverage', 'population_raster'] as const;
  const byCountry = new Map<string, Map<string, LayerCount>>();
  for (const c of counts) {
    if (!byCountry.has(c.country)) byCountry.set(c.country, new Map());
    byCountry.get(c.country)!.set(c.layer, c);
  }
  const head = ['country', 'sites', 'cell sites', 'nodes', 'links', 'coverage', 'population'];
  const rows = [...byCountry].map(([country, m]) => [
    country,
    ...layers.slice(0, 5).map((l) => String(m.get(l)?.count ?? 0)),
    m.get('population_raster') ? `${Math.round(m.get('population_raster')!.population ?? 0).toLocaleString('en')} (${m.get('population_raster')!.count} raster)` : '-',
  ]);
  return table(head, rows);
}

export function printAnalysis(r: AnalyzeResult, out: (line: string) => void): void {
  const when = r.run.finishedAt.slice(0, 19);
  out(r.current
    ? `analysis run ${r.run.id} (${when}) is current: inputs and parameters are unchanged (--force to run again)`
    : `analysis run ${r.run.id}: ${r.run.summary.reduce((n, s) => n + s.sites, 0)} sites in ${r.run.countries.length} ${r.run.countries.length === 1 ? "country" : "countries"}; read ${ms(r.timingsMs.load)}, computed ${ms(r.timingsMs.analyse)}, wrote ${ms(r.timingsMs.save)}`);
  analysisTable(r.run.summary).forEach(out);
}

const ms = (v: number) => (v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);

/** The analysis per country: connection of post offices, mobile coverage, distances and people reached. */
export function analysisTable(summaries: readonly CountrySummary[]): string[] {
  const km = (m: number | null) => (m == null ? '-' : `${(m / 1000).toFixed(1)} km`);
  const people = (s: CountrySummary, radiusM: number) => {
    const v = s.peopleWithinM.find((p) => p.radiusM === radiusM)?.people;
    return v == null ? '-' : v.toLocaleString('en');
  };
  const head = ['country', 'sites', 'connected', 'post offices', 'connected/not/unknown', 'coverage good/mod/bad/unknown', 'rural/urban', 'fibre node', '4G cell', 'people ≤1 km', 'people ≤5 km'];
  const rows = summaries.map((s) => [
    s.country,
    String(s.sites),
    String(s.connected),
    String(s.postOffices.total),
    `${s.postOffices.connected}/${s.postOffices.notConnected}/${s.postOffices.unknown}`,
    `${s.coverage.good}/${s.coverage.moderate}/${s.coverage.bad}/${s.coverage.unknown}`,
    `${s.area.rural}/${s.area.urban}`,
    km(s.medianFiberOperationalM),
    km(s.median4gCellM),
    people(s, 1_000),
    people(s, 5_000),
  ]);
  return [...table(head, rows), '(fibre node, 4G cell: median distance to the nearest operational one; people: each counted once, at the nearest site)'];
}

export function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)];
}

/** A value as text in a table or CSV: empty for null, JSON for objects (services, opening hours). */
export const cell = (v: unknown) => (v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A CSV field, quoted when it holds a comma, a quote or a line break, guarded against formulas. */
export { csvCell } from '@postatlas/core';
