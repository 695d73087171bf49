import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const main = fileURLToPath(new URL('./main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'postatlas-cli-'));
const dataDir = join(dir, 'db');
const postatlas = (...args: string[]) => {
  const r = spawnSync(process.execPath, [main, ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

test('usage errors exit 2 with a sentence, not a stack', () => {
  const r = postatlas('import', 'towers', 'x.csv');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^postatlas: usage: postatlas import <sites\|cells\|nodes\|links\|coverage\|population> FILE/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a bad file is refused with a line-by-line report on stderr and exit 1; a good one imports; list and export read it back', () => {
  const bad = file('bad.csv', ['id,name,lat,lon', 'A,Correio Central,0.3365,6.7273', 'B,Correio Neves,,6.5517', 'C,Correio Lisboa,38.72,-9.14']);
  const refused = postatlas('import', 'sites', bad, '--country', 'STP', '--type', 'post_office');
  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, new RegExp(`${bad}:line 3: lat="": missing coordinate`));
  assert.match(refused.stderr, new RegExp(`${bad}:line 4: lat/lon="38.72, -9.14": outside STP`));
  assert.match(refused.stderr, /2 of 3 rows are invalid; nothing was imported/);

  const good = file('good.csv', ['id,name,lat,lon', 'A,Correio Central,0.3365,6.7273', 'B,Correio Neves,0.3584,6.5517']);
  const ok = postatlas('import', 'sites', good, '--country', 'STP', '--type', 'post_office', '--json');
  assert.equal(ok.code, 0, ok.stderr);
  const report = JSON.parse(ok.stdout);
  assert.deepEqual([report.inserted, report.rejected, report.dataset], [2, 0, 'good']);

  const list = JSON.parse(postatlas('list', 'sites', '--country', 'STP', '--json').stdout);
  assert.deepEqual(list.map((s: { name: string }) => s.name), ['Correio Central', 'Correio Neves']);

  const geojson = JSON.parse(postatlas('export', 'sites', '--format', 'geojson').stdout);
  assert.equal(geojson.type, 'FeatureCollection');
  assert.deepEqual(geojson.features[1].geometry, { type: 'Point', coordinates: [6.5517, 0.3584] });
  assert.equal(geojson.features[1].properties.siteType, 'post_office');
});

test('analyze writes a run with per-site metrics, says when nothing changed, and list metrics reads it', () => {
  const cells = file('cells.csv', ['id,lat,lon,generation', 'c1,0.3370,6.7280,4G']);
  assert.equal(postatlas('import', 'cells', cells, '--country', 'STP').code, 0);
  const first = postatlas('analyze', '--country', 'STP', '--json');
  assert.equal(first.code, 0, first.stderr);
  const { run, current } = JSON.parse(first.stdout);
  assert.equal(current, false);
  assert.deepEqual(run.countries, ['STP']);
  const [summary] = run.summary;
  assert.equal(summary.sites, 2);
  // Correio Central is 96 m from the 4G cell; Correio Neves, 20 km west, is beyond the 5 km default range.
  assert.deepEqual(summary.coverage, { unknown: 0, bad: 1, moderate: 0, good: 1 });

  const again = JSON.parse(postatlas('analyze', '--country', 'STP', '--json').stdout);
  assert.equal(again.current, true);
  assert.equal(again.run.id, run.id);

  const metrics = JSON.parse(postatlas('list', 'metrics', '--country', 'STP', '--json').stdout);
  assert.deepEqual(metrics.map((m: { name: string; best_generation: number }) => [m.name, m.best_generation]), [['Correio Central', 4], ['Correio Neves', 0]]);
  assert.ok(Math.abs(metrics[0].cell_4g_m - 95.65) < 0.01, `distance to the cell: ${metrics[0].cell_4g_m}`);

  const bad = postatlas('analyze', '--country', 'Sao Tome');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--country Sao Tome: expected an ISO 3166 alpha-3 code/);
});
