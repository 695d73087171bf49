/**
 * A one-line progress bar on stderr when it is a terminal; nothing at all otherwise (CI, pipes,
 * --json), so logs stay clean.
 */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

export function progressBar(title: string, quiet = false): Progress {
  if (quiet || !process.stderr.isTTY || process.env.CI) return { update() {}, done() {} };
  let last = 0;
  const started = Date.now();
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const f = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░');
      const secs = ((now - started) / 1000).toFixed(1);
      process.stderr.write(`\r${title} ${bar} ${(f * 100).toFixed(0).padStart(3)}% ${label} ${secs}s\x1b[K`);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}
