/**
 * What a plan stood on besides its analysis run: the elevation model (`--dem`) and the road lines
 * (`--roads`), each by the SHA-256 of its contents. A scenario keeps them, so its audit pack is
 * rebuilt on the same ground or refused, naming what differs.
 */
import { createHash } from 'node:crypto';
import type { ElevationModel } from '@postatlas/core';

export interface Ground {
  dem?: ElevationModel | undefined;
  roads?: number[][][] | undefined;
}

/** null: the plan was made without it. */
export interface GroundRecord {
  dem: string | null;
  roads: string | null;
}

export function groundRecord(g: Ground): GroundRecord {
  const dem = g.dem && createHash('sha256')
    .update(JSON.stringify([g.dem.width, g.dem.height, g.dem.west, g.dem.north, g.dem.dx, g.dem.dy]))
    .update(new Uint8Array(g.dem.values.buffer, g.dem.values.byteOffset, g.dem.values.byteLength))
    .digest('hex');
  const roads = g.roads && createHash('sha256').update(JSON.stringify(g.roads)).digest('hex');
  return { dem: dem ?? null, roads: roads ?? null };
}

/**
 * Why a pack given `given` cannot rebuild a plan made on `recorded`, or null when it can. Scenarios
 * saved before the ground was recorded have none, and are checked by their plan alone.
 */
export function groundMismatch(recorded: GroundRecord | undefined, given: GroundRecord): string | null {
  if (!recorded) return null;
  const problems: string[] = [];
  for (const [key, flag, what] of [['dem', '--dem', 'an elevation model'], ['roads', '--roads', 'road lines']] as const) {
    const was = recorded[key];
    const is = given[key];
    if (was === is) continue;
    if (was === null) problems.push(`was made without ${what}: leave out ${flag}`);
    else if (is === null) problems.push(`was made with ${what} (SHA-256 ${was.slice(0, 12)}…): give the same file as ${flag}`);
    else problems.push(`was made with other ${what} (SHA-256 ${was.slice(0, 12)}…, not ${is.slice(0, 12)}…)`);
  }
  return problems.length ? problems.join('; ') : null;
}
