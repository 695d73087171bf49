/**
 * Answers the server keeps in memory because they take long to compute, checked against the database
 * at most every RECHECK_MS: a write through this server clears them at once (app.ts), and a change made
 * by another process on the same database (`postatlas import` with DATABASE_URL set) is seen within
 * that time.
 */

/** How long a kept answer is trusted before the database is asked whether its inputs changed. */
export const RECHECK_MS = 2_000;

export interface Kept<T> {
  mark: string;
  checkedAt: number;
  value: Promise<T>;
}

/**
 * The kept answer for `key` while the database's mark is the one it was computed under; otherwise
 * a new one (a failed computation is not kept). Concurrent callers after a change share one computation.
 */
export async function keptOrComputed<T>(
  kept: Map<string, Kept<T>>, key: string, markNow: () => Promise<string>, compute: () => Promise<T>,
): Promise<T> {
  const entry = kept.get(key);
  if (entry && Date.now() - entry.checkedAt < RECHECK_MS) return entry.value;
  const mark = await markNow();
  const current = kept.get(key);
  if (current?.mark === mark) {
    current.checkedAt = Date.now();
    return current.value;
  }
  const value = compute();
  kept.set(key, { mark, checkedAt: Date.now(), value });
  value.catch(() => { if (kept.get(key)?.value === value) kept.delete(key); });
  return value;
}
