import { GENERATIONS, type AnalysisParameters, type PopulationRaster } from '@postatlas/core';
import type { Database, Sql } from './database.js';

/**
 * The connectivity metrics computed the way a PostGIS user would: SQL on geography, nearest
 * neighbours by the `<->` index operator, rings by ST_DWithin and point sums. It is the
 * reference the in-process analysis is checked against (tests) and timed against (bench), so it
 * is written plainly, one statement per metric, with no cleverness the reader must trust.
 *
 * Distances are on PostGIS's sphere (use_spheroid = false), as the in-process analysis's are; a
 * raster takes part as one point per populated pixel centre, so rings are "centroid" sums.
 */

export interface ReferenceSiteMetrics {
  fiberNodeM: number | null;
  fiberNodeOperationalM: number | null;
  microwaveNodeM: number | null;
  microwaveNodeOperationalM: number | null;
  /** By generation 2..5. */
  cellM: (number | null)[];
  bestGeneration: number;
  populationWithin: number[];
  catchment: number[];
  schoolsWithin: number[];
  otherSitesWithin: number[];
}

export interface ReferenceOptions {
  /** Population as pixel centres; when absent, the country's population_points. */
  raster?: PopulationRaster | undefined;
  /** Only sites whose id is a multiple of this (a deterministic sample, for benchmarks on large countries). */
  siteSample?: number | undefined;
  /** Called after each statement with its name and milliseconds, for the benchmark. */
  onStep?: (step: string, ms: number) => void;
}

type Params = Pick<AnalysisParameters, 'populationRadiiM' | 'catchmentMaxRadiusM' | 'neighbourRadiiM' | 'defaultCellRangeM' | 'maxCellRangeM'>;

export async function postgisSiteMetrics(db: Database, country: string, p: Params, o: ReferenceOptions = {}): Promise<Map<number, ReferenceSiteMetrics>> {
  return db.transaction(async (tx) => {
    const step = async <T>(name: string, sql: string, params: unknown[] = []) => {
      const t0 = performance.now();
      const r = await tx.query<T>(sql, params);
      o.onStep?.(name, performance.now() - t0);
      return r.rows;
    };
    // Temporary tables with geography columns and their own GiST indexes, dropped at commit.
    await step('sites', `CREATE TEMP TABLE ref_sites ON COMMIT DROP AS SELECT id, site_type, geom, geom::geography AS g FROM sites WHERE country = $1 AND id % $2 = 0`, [country, o.siteSample ?? 1]);
    await step('nodes', `CREATE TEMP TABLE ref_nodes ON COMMIT DROP AS SELECT medium, status = 'operational' AS operational, geom::geography AS g FROM transmission_nodes WHERE country = $1`, [country]);
    await step('cells', `CREATE TEMP TABLE ref_cells ON COMMIT DROP AS
      SELECT generation, least(coalesce(nullif(range_m, 0), (${cellDefaults(p)})[generation]), $2) AS reach, geom::geography AS g
      FROM cell_sites WHERE country = $1`, [country, p.maxCellRangeM]);
    await step('population', `CREATE TEMP TABLE ref_population (id serial PRIMARY KEY, people float8 NOT NULL, g geography NOT NULL) ON COMMIT DROP`);
    if (o.raster) await insertPixelCentres(tx, o.raster);
    else await step('population points', `INSERT INTO ref_population (people, g) SELECT population, geom::geography FROM population_points WHERE country = $1 AND population > 0`, [country]);
    for (const t of ['ref_sites', 'ref_nodes', 'ref_cells', 'ref_population']) await step(`index ${t}`, `CREATE INDEX ON ${t} USING gist (g)`);
    await step('analyze', 'ANALYZE ref_sites, ref_nodes, ref_cells, ref_population');

    const out = new Map<number, ReferenceSiteMetrics>();
    const sites = await step<{ id: number }>('site list', 'SELECT id FROM ref_sites ORDER BY id');
    for (const { id } of sites) {
      out.set(id, {
        fiberNodeM: null, fiberNodeOperationalM: null, microwaveNodeM: null, microwaveNodeOperationalM: null,
        cellM: GENERATIONS.map(() => null), bestGeneration: 0,
        populationWithin: p.populationRadiiM.map(() => 0), catchment: p.populationRadiiM.map(() => 0),
        schoolsWithin: p.neighbourRadiiM.map(() => 0), otherSitesWithin: p.neighbourRadiiM.map(() => 0),
      });
    }
    const nearest = (table: string, where: string) =>
      `(SELECT ST_Distance(s.g, t.g, false) FROM ${table} t WHERE ${where} ORDER BY s.g <-> t.g LIMIT 1)`;
    const distances = await step<Record<string, number | null> & { id: number }>('nearest nodes and cells', `
      SELECT s.id,
        ${nearest('ref_nodes', "t.medium = 'fiber'")} AS fiber,
        ${nearest('ref_nodes', "t.medium = 'fiber' AND t.operational")} AS fiber_operational,
        ${nearest('ref_nodes', "t.medium = 'microwave'")} AS microwave,
        ${nearest('ref_nodes', "t.medium = 'microwave' AND t.operational")} AS microwave_operational,
        ${GENERATIONS.map((g) => `${nearest('ref_cells', `t.generation = ${g}`)} AS cell_${g}`).join(',\n')}
      FROM ref_sites s`);
    for (const r of distances) {
      const m = out.get(r.id)!;
      m.fiberNodeM = r.fiber ?? null;
      m.fiberNodeOperationalM = r.fiber_operational ?? null;
      m.microwaveNodeM = r.microwave ?? null;
      m.microwaveNodeOperationalM = r.microwave_operational ?? null;
      m.cellM = GENERATIONS.map((g) => r[`cell_${g}`] ?? null);
    }

    // Per generation: coverage polygons where the country has any for it, else cell ranges.
    const maxReach = p.maxCellRangeM;
    const covered = await step<{ id: number; best: number }>('coverage', `
      SELECT s.id, coalesce(max(gen.n), 0) AS best FROM ref_sites s
      LEFT JOIN LATERAL (SELECT gn.n FROM unnest(ARRAY[${GENERATIONS.join(', ')}]) AS gn(n)
        WHERE CASE WHEN EXISTS (SELECT 1 FROM coverage_areas a WHERE a.country = $1 AND a.generation = gn.n)
          THEN EXISTS (SELECT 1 FROM coverage_areas a WHERE a.country = $1 AND a.generation = gn.n AND ST_Intersects(a.geom, s.geom))
          ELSE EXISTS (SELECT 1 FROM ref_cells c WHERE c.generation = gn.n AND ST_DWithin(s.g, c.g, $2, false) AND ST_DWithin(s.g, c.g, c.reach, false))
        END) gen ON true
      GROUP BY s.id`, [country, maxReach]);
    for (const r of covered) out.get(r.id)!.bestGeneration = r.best;

    const radii = p.populationRadiiM;
    const maxRing = radii[radii.length - 1]!;
    const rings = await step<{ id: number; people: number[] }>('population rings', `
      SELECT s.id, ARRAY[${radii.map((r) => `coalesce(sum(q.people) FILTER (WHERE ST_DWithin(s.g, q.g, ${r}, false)), 0)`).join(', ')}] AS people
      FROM ref_sites s JOIN ref_population q ON ST_DWithin(s.g, q.g, ${maxRing}, false) GROUP BY s.id`);
    for (const r of rings) out.get(r.id)!.populationWithin = r.people.map(Number);

    const reach = Math.min(p.catchmentMaxRadiusM, maxRing);
    const catchment = await step<{ id: number; people: number[] }>('exclusive catchment', `
      WITH nearest AS (
        SELECT DISTINCT ON (q.id) q.id, q.people, s.id AS site, ST_Distance(s.g, q.g, false) AS d
        FROM ref_population q JOIN ref_sites s ON ST_DWithin(s.g, q.g, ${reach}, false)
        ORDER BY q.id, ST_Distance(s.g, q.g, false), s.id)
      SELECT site AS id, ARRAY[${radii.map((r) => (r <= reach ? `coalesce(sum(people) FILTER (WHERE d <= ${r}), 0)` : `'NaN'::float8`)).join(', ')}] AS people
      FROM nearest GROUP BY site`);
    for (const r of catchment) out.get(r.id)!.catchment = r.people.map(Number);
    for (const m of out.values()) radii.forEach((r, k) => { if (r > reach) m.catchment[k] = NaN; });

    const nr = p.neighbourRadiiM;
    const neighbours = await step<{ id: number; schools: number[]; others: number[] }>('neighbours', `
      SELECT s.id,
        ARRAY[${nr.map((r) => `count(*) FILTER (WHERE o.site_type = 'school' AND ST_DWithin(s.g, o.g, ${r}, false))::int`).join(', ')}] AS schools,
        ARRAY[${nr.map((r) => `count(*) FILTER (WHERE o.site_type <> 'school' AND ST_DWithin(s.g, o.g, ${r}, false))::int`).join(', ')}] AS others
      FROM ref_sites s JOIN ref_sites o ON o.id <> s.id AND ST_DWithin(s.g, o.g, ${nr[nr.length - 1]}, false)
      GROUP BY s.id`);
    for (const r of neighbours) {
      const m = out.get(r.id)!;
      m.schoolsWithin = r.schools.map(Number);
      m.otherSitesWithin = r.others.map(Number);
    }
    return out;
  });
}

const cellDefaults = (p: Params) => `ARRAY[NULL, ${GENERATIONS.map((g) => p.defaultCellRangeM[g]).join(', ')}]::float8[]`;

async function insertPixelCentres(tx: Sql, r: PopulationRaster): Promise<void> {
  const lon: number[] = [];
  const lat: number[] = [];
  const people: number[] = [];
  const flush = async () => {
    if (lon.length === 0) return;
    await tx.query(
      `INSERT INTO ref_population (people, g)
       SELECT p, ST_SetSRID(ST_MakePoint(x, y), 4326)::geography FROM unnest($1::float8[], $2::float8[], $3::float8[]) AS u(x, y, p)`,
      [lon, lat, people],
    );
    lon.length = lat.length = people.length = 0;
  };
  for (let row = 0; row < r.height; row++) {
    for (let c = 0; c < r.width; c++) {
      const v = r.values[row * r.width + c]!;
      if (!(v > 0)) continue;
      lon.push(r.west + (c + 0.5) * r.dx);
      lat.push(r.north - (row + 0.5) * r.dy);
      people.push(v);
      if (lon.length >= 20_000) await flush();
    }
  }
  await flush();
}
