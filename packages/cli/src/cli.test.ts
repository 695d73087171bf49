import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAIN as main, startServe } from './test-support.js';

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

test('plan saves a scenario; list scenarios, export plan and compare read it back', () => {
  // The two post offices of the analyze test: Correio Central under 4G, Correio Neves out of coverage.
  const small = postatlas('plan', '--country', 'STP', '--objective', 'sites', '--budget', '1500', '--from', '2027', '--name', 'small', '--json');
  assert.equal(small.code, 0, small.stderr);
  const { scenario, certificate, totals } = JSON.parse(small.stdout);
  assert.equal(scenario.name, 'small');
  assert.deepEqual([certificate.value, certificate.gap, totals.sites], [1, 0, 1]);
  assert.equal(totals.byTechnology[0].technology, 'cellular');

  const text = postatlas('plan', '--country', 'STP', '--objective', 'sites', '--budget', '10,000', '--from', '2027', '--name', 'large');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /2 sites \(weighted\): proven optimal/);

  assert.deepEqual(JSON.parse(postatlas('list', 'scenarios', '--country', 'STP', '--json').stdout).map((s: { name: string }) => s.name), ['large', 'small']);
  const csv = postatlas('export', 'plan', '--country', 'STP', '--name', 'large').stdout.trim().split('\n');
  assert.equal(csv.length, 3);
  assert.match(csv[0]!, /^rank,siteId,sourceId,name,siteType,lat,lon,technology,year,/);
  assert.match(csv[1]!, /^1,\d+,A,Correio Central,post_office,0\.3365,6\.7273,cellular,2027,/);
  const geojson = JSON.parse(postatlas('export', 'plan', '--country', 'STP', '--name', 'large', '--format', 'geojson').stdout);
  assert.deepEqual(geojson.features.map((f: { properties: { technology: string } }) => f.properties.technology), ['cellular', 'satellite']);

  const diff = JSON.parse(postatlas('compare', '--country', 'STP', 'small', 'large', '--json').stdout);
  assert.deepEqual(diff.sites, [1, 2]);
  assert.equal(diff.onlyIn[1].length, 1);

  const bad = postatlas('plan', '--country', 'STP', '--budget', 'lots');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--budget lots: expected an amount of USD/);
  const missing = postatlas('export', 'plan', '--country', 'STP', '--name', 'nope');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^postatlas: scenario: none named "nope" in STP/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});

test('plan --roads routes fibre along the roads from the operational nodes', () => {
  // A node 300 m east of Correio Central; the only road leaves north, goes west and comes back south: 2.5 km.
  const nodes = file('nodes.csv', ['id,lat,lon,medium,status', 'N1,0.3365,6.7300,fiber,operational']);
  assert.equal(postatlas('import', 'nodes', nodes, '--country', 'STP').code, 0);
  const roads = file('roads.geojson', [JSON.stringify({ type: 'FeatureCollection', features: [
    { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[6.7300, 0.3365], [6.7300, 0.3465], [6.7273, 0.3465], [6.7273, 0.3365]] } },
  ] })]);
  // Demand so high and trenching so cheap that fibre is the cheapest technology wherever it reaches.
  const params = file('params.json', [JSON.stringify({ demand: { minimumMbps: 10_000 }, fiber: { perKmUsd: 1 }, cellular: { minimumGeneration: 6 } })]);
  const plan = (...extra: string[]) => {
    const r = postatlas('plan', '--country', 'STP', '--objective', 'cost', '--params', params, '--solver', 'greedy', '--name', 'fibre', ...extra);
    assert.equal(r.code, 0, r.stderr);
    const csv = postatlas('export', 'plan', '--country', 'STP', '--name', 'fibre', '--format', 'geojson').stdout;
    return JSON.parse(csv).features.find((f: { properties: { name: string } }) => f.properties.name === 'Correio Central').properties;
  };
  const straight = plan();
  assert.equal(straight.technology, 'fiber');
  assert.ok(Math.abs(straight.linkM - 300.4 * 1.1) < 1, `straight × 1.1: ${straight.linkM}`);
  const routed = plan('--roads', roads);
  assert.equal(routed.technology, 'fiber');
  assert.ok(Math.abs(routed.linkM - 2_524) < 5, `along the road: ${routed.linkM}`);
  const bad = postatlas('plan', '--country', 'STP', '--objective', 'cost', '--roads', nodes);
  assert.match(bad.stderr, /nodes\.csv: not readable as GeoJSON/);
});

test('user add prints a password once; serve answers on its port and stops cleanly on SIGTERM', async () => {
  const added = postatlas('user', 'add', '--email', 'Manager@Example.org', '--role', 'country_manager', '--countries', 'STP');
  assert.equal(added.code, 0, added.stderr);
  const password = /password, shown this once: (\S+)/.exec(added.stdout)?.[1];
  assert.ok(password && password.length >= 16);
  assert.match(postatlas('user', 'add', '--email', 'manager@example.org', '--role', 'country_manager').stderr, /already registered/);
  assert.match(postatlas('user', 'add', '--email', 'x@example.org', '--role', 'king').stderr, /--role king: expected one of admin, country_manager/);

  const { server, url, exited } = await startServe(['--data-dir', dataDir]);
  const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
  assert.equal(health.status, 'ok');
  const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@example.org', password }) });
  assert.equal(login.status, 200);
  server.kill('SIGTERM');
  assert.equal(await exited, 0);
});
