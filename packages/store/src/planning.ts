import { SITE_TYPES, type PlanningSites } from '@postatlas/core';
import type { Sql } from './database.js';
import { readColumns } from './analysis.js';

/**
 * What the planner reads: a country's sites with the metrics of one analysis run, as columns.
 * Catchment columns are picked by radius (the table has one per standard radius).
 */
export interface LoadedPlanningSites {
  sites: PlanningSites;
  /** sites.id of each row. */
  siteIds: Int32Array;
}

export async function loadPlanningSites(
  db: Sql, runId: number, country: string, radii: { demandM: number; servedM: number },
): Promise<LoadedPlanningSites> {
  const catchment = (radiusM: number) => {
    const column = `catchment_${radiusM / 1000}km`;
    if (![1000, 2000, 3000, 5000, 10000].includes(radiusM)) throw new Error(`planning parameters: catchments are stored for 1, 2, 3, 5 and 10 km; ${radiusM} m has no column`);
    return `coalesce(m.${column}, 'NaN')`;
  };
  // runId is an integer from the store, not user text, so it is safe to inline.
  const from = `(SELECT s.id, s.country, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, s.site_type, s.connectivity_type,
      m.connected, ${catchment(radii.demandM)} AS demand_people, ${catchment(radii.servedM)} AS served_people,
      coalesce(m.fiber_node_operational_m, 'NaN') AS fiber_node_m, m.best_generation,
      coalesce(least(m.cell_2g_m, m.cell_3g_m, m.cell_4g_m, m.cell_5g_m), 'NaN') AS nearest_cell_m
    FROM site_metrics m JOIN sites s ON s.id = m.site_id WHERE m.run_id = ${Math.trunc(runId)}) AS planning`;
  const c = await readColumns(db, from, country, {
    id: ['id', 'int4'],
    lon: ['lon', 'float8'],
    lat: ['lat', 'float8'],
    siteType: [`array_position(ARRAY[${SITE_TYPES.map((t) => `'${t}'`).join(',')}]::text[], site_type) - 1`, 'int2'],
    connected: ['CASE connected WHEN true THEN 1 WHEN false THEN 0 ELSE -1 END', 'int2'],
    onFiber: ["(connected IS TRUE AND connectivity_type = 'fiber')::int", 'int2'],
    demandPeople: ['demand_people', 'float8'],
    servedPeople: ['served_people', 'float8'],
    fiberNodeM: ['fiber_node_m', 'float8'],
    bestGeneration: ['coalesce(best_generation, 0)', 'int2'],
    nearestCellM: ['nearest_cell_m', 'float8'],
  });
  return {
    siteIds: Int32Array.from(c.id),
    sites: {
      lon: c.lon, lat: c.lat, siteType: Uint8Array.from(c.siteType), connected: Int8Array.from(c.connected), onFiber: Uint8Array.from(c.onFiber),
      demandPeople: c.demandPeople, servedPeople: c.servedPeople, fiberNodeM: c.fiberNodeM,
      bestGeneration: Uint8Array.from(c.bestGeneration), nearestCellM: c.nearestCellM,
    },
  };
}

/**
 * Site references (a sites.id, or a source id from the registry's files) resolved in a country.
 * An unknown reference is an error that names it.
 */
export async function resolveSiteRefs(db: Sql, country: string, refs: readonly string[]): Promise<[ref: string, id: number][]> {
  if (refs.length === 0) return [];
  const { rows } = await db.query<{ ref: string; id: number }>(
    `SELECT r.ref, s.id FROM unnest($2::text[]) AS r(ref)
     JOIN sites s ON s.country = $1 AND (s.source_id = r.ref OR (r.ref ~ '^[0-9]+$' AND s.id = r.ref::bigint))`,
    [country, [...refs]],
  );
  const found = new Map(rows.map((r) => [r.ref, r.id]));
  const missing = refs.filter((r) => !found.has(r));
  if (missing.length) throw new Error(`sites: no ${missing.map((r) => `"${r}"`).join(', ')} in ${country} (give a site id or its source id)`);
  return refs.map((r) => [r, found.get(r)!]);
}

/** A country's cell sites with their antenna heights (NaN where the data has none), for line of sight. */
export async function loadCellAntennas(db: Sql, country: string): Promise<{ lon: Float64Array; lat: Float64Array; antennaM: Float64Array }> {
  return readColumns(db, 'cell_sites', country, {
    lon: ['ST_X(geom)', 'float8'],
    lat: ['ST_Y(geom)', 'float8'],
    antennaM: ["coalesce(antenna_height_m, 'NaN')", 'float8'],
  });
}

/** A country's operational fibre nodes, where fibre routes along roads start. */
export async function loadFiberNodes(db: Sql, country: string): Promise<{ lon: Float64Array; lat: Float64Array }> {
  const c = await readColumns(db, 'transmission_nodes', country, {
    lon: ["CASE WHEN medium = 'fiber' AND status = 'operational' THEN ST_X(geom) ELSE 'NaN' END", 'float8'],
    lat: ["CASE WHEN medium = 'fiber' AND status = 'operational' THEN ST_Y(geom) ELSE 'NaN' END", 'float8'],
  });
  const keep = [...c.lon.keys()].filter((k) => !Number.isNaN(c.lon[k]!));
  return { lon: Float64Array.from(keep, (k) => c.lon[k]!), lat: Float64Array.from(keep, (k) => c.lat[k]!) };
}
