// Runs every compiled test file with node's test runner and ends with the line CI reads:
// "N passed, N failed" (plus skipped). Test files are found, not listed, so a new one cannot be forgotten.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['packages'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.test\.js$/.test(name) && path.includes(`${join('dist', '')}`)) files.push(path);
  }
};
roots.forEach((r) => (statSync(r).isDirectory() ? walk(r) : files.push(r)));
files.sort();

const child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', '--test-reporter-destination=test-results.tap', ...files], { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('exit', async (code) => {
  const { readFileSync } = await import('node:fs');
  const tap = readFileSync('test-results.tap', 'utf8');
  const count = (k) => Number(tap.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  console.log(`${count('pass')} passed, ${failed} failed, ${count('skipped')} skipped`);
  process.exit(code ?? 1);
});
