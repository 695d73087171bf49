import type { ElevationModel } from '@postatlas/core';
import { auditPack, type AuditPackResult } from '@postatlas/jobs';
import { listScenarios, type Database } from '@postatlas/store';
import { progressBar } from './progress.js';

/**
 * `postatlas audit-pack`: the scenario named (in --country, or the only country that has one of
 * that name) rebuilt and written as an audit pack.
 */
export async function writeAuditPack(
  db: Database,
  o: { country?: string | undefined; name: string; dir: string; dem?: ElevationModel | undefined; roads?: number[][][] | undefined; json: boolean; out: (line: string) => void },
): Promise<void> {
  const country = o.country ?? (await countryOf(db, o.name));
  const bar = progressBar('audit pack', o.json);
  const steps = ['rebuilding the plan', 'writing'];
  const r = await auditPack(db, {
    country, name: o.name, out: o.dir, ...(o.dem ? { dem: o.dem } : {}), ...(o.roads ? { roads: o.roads } : {}),
    onProgress: (step) => bar.update(steps.indexOf(step), steps.length, step),
  });
  bar.done();
  if (o.json) o.out(JSON.stringify({ scenario: { country: r.scenario.country, name: r.scenario.name, id: r.scenario.id }, ...without(r, 'scenario') }));
  else print(r, o.out);
}

async function countryOf(db: Database, name: string): Promise<string> {
  const countries = [...new Set((await listScenarios(db)).filter((s) => s.name === name).map((s) => s.country))];
  if (countries.length === 0) throw new Error(`audit-pack: no scenario named "${name}"; postatlas list scenarios shows them`);
  if (countries.length > 1) throw new Error(`audit-pack: scenarios named "${name}" exist in ${countries.join(', ')}; say which with --country`);
  return countries[0]!;
}

function print(r: AuditPackResult, out: (line: string) => void): void {
  const s = r.scenario;
  out(`audit pack of scenario "${s.name}" (${s.country}) in ${r.dir}`);
  out(`  model.lp: ${r.model.columns.toLocaleString('en')} columns, ${r.model.rows.toLocaleString('en')} row${r.model.rows === 1 ? '' : 's'}${r.model.yearly ? ', a column per year' : ''}; the plan is a feasible point of it with objective ${r.objective}`);
  for (const f of r.files) out(`  ${f.path.padEnd(26)} ${kB(f.bytes)}`);
  out(`  rebuilt and checked in ${Math.round(r.timingsMs.rebuild)} ms, written in ${Math.round(r.timingsMs.write)} ms; README.md says how to solve and check it`);
}

const kB = (bytes: number) => (bytes < 10_000 ? `${bytes} B` : `${Math.round(bytes / 1000).toLocaleString('en')} kB`);

function without<T extends object, K extends keyof T>(v: T, key: K): Omit<T, K> {
  const { [key]: _, ...rest } = v;
  return rest;
}
