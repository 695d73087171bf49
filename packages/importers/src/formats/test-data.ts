/**
 * Locates the repository's sample data from compiled tests, which run from dist/ and from
 * whatever directory the test runner was started in.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'data')) && existsSync(join(dir, 'packages'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no directory with data/ and packages/ above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Absolute path of a file under the repository's data/ directory. */
export function dataPath(...parts: string[]): string {
  return join(repoRoot(), 'data', ...parts);
}
