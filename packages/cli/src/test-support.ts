/** Helpers shared by the CLI's tests (not part of the command). */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/**
 * Starts `postatlas serve --port 0 …` and resolves with the process and its URL once it listens
 * (used by the tests and by bench:server).
 */
export async function startServe(args: string[], env: Record<string, string> = {}): Promise<{ server: ChildProcess; url: string; exited: Promise<number | null> }> {
  const server = spawn(process.execPath, [MAIN, 'serve', '--port', '0', ...args], { env: { ...process.env, CI: '1', LOG_LEVEL: 'warn', ...env } });
  const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    server.stderr!.on('data', (d: Buffer) => {
      err += d;
      const m = /postatlas API at (http:\/\/\S+)\/api /.exec(err);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { server, url, exited };
}
