import type { Sql } from './database.js';
import type { LayerTable } from './layers.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes one batch of a layer's records for a dataset: new source ids are inserted, changed ones
 * updated in place (their ids stay, so results that refer to them stay valid), identical ones left
 * untouched. The whole batch travels as one array per column through unnest(), one round trip.
 */
export async function upsertBatch<R>(tx: Sql, spec: LayerTable<R>, datasetId: number, records: readonly R[]): Promise<UpsertCounts> {
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const inputs = [...spec.columns, ...spec.geometryInputs];
  const params: unknown[] = [datasetId, ...inputs.map((c) => records.map(c.value))];
  const unnest = inputs.map((c, i) => `$${i + 2}::${c.type === 'jsonb' ? 'text' : c.type}[]`).join(', ');
  const names = spec.columns.map((c) => c.name);
  const casts = spec.columns.map((c) => (c.type === 'jsonb' ? `u.${c.name}::jsonb AS ${c.name}` : `u.${c.name}`));
  const derived = spec.derived ?? [];
  const written = [...names, 'geom', ...derived.map((d) => d.name)];
  const t = spec.table;
  const sql = `
    INSERT INTO ${t} (dataset_id, ${written.join(', ')})
    SELECT $1, ${names.map((n) => `g.${n}`).join(', ')}, g.geom${derived.map((d) => `, ${d.sql}`).join('')}
    FROM (SELECT ${casts.join(', ')}, ${spec.geometry} AS geom
          FROM unnest(${unnest}) AS u(${inputs.map((c) => c.name).join(', ')})) g
    ON CONFLICT (dataset_id, source_id) DO UPDATE
      SET ${written.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}, updated_at = now()
      WHERE (${written.map((n) => `${t}.${n}`).join(', ')}) IS DISTINCT FROM (${written.map((n) => `EXCLUDED.${n}`).join(', ')})
    RETURNING (xmax = 0) AS inserted`;
  const { rows } = await tx.query<{ inserted: boolean }>(sql, params);
  const inserted = rows.filter((r) => r.inserted).length;
  const updated = rows.length - inserted;
  return { inserted, updated, unchanged: records.length - rows.length };
}

/** A dataset import is a snapshot: rows of the dataset whose source id is no longer in the file go. */
export async function removeAbsent(tx: Sql, table: string, datasetId: number, keep: readonly string[]): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM ${table} t WHERE t.dataset_id = $1
       AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) AS k(source_id) WHERE k.source_id = t.source_id)`,
    [datasetId, keep],
  );
  return rowCount;
}
