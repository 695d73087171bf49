import { appendAudit } from './audit.js';
import { isoTime } from './accounts.js';
import type { Database, Sql } from './database.js';

/**
 * Stored planning scenarios: what a plan was asked and what it answered, under a name per country,
 * with its sites in priority order. Saving under a name again replaces the scenario completely.
 * Saves and deletes are in the audit log (entity 'scenario', id the scenario's name), with the
 * scenario's row before and after but not its sites.
 */

/** One site of a scenario; its rank is its position in the array given to saveScenario, plus one. */
export interface ScenarioSiteRow {
  /** sites.id */
  siteId: number;
  /** null for a school co-connected through its post office. */
  technology: string | null;
  capexUsd: number;
  opexPerYearUsd: number;
  tcoUsd: number;
  npvUsd: number;
  /** What the budget pays (NPV, TCO or capex). */
  costUsd: number;
  /** null when the site is not funded. */
  year: number | null;
  demandMbps: number;
  peopleServed: number;
  /** null when nobody is served. */
  costPerPersonUsd: number | null;
  linkM: number | null;
  /** sites.id fibre is relayed from, or of the post office a school is co-connected with. */
  viaSiteId: number | null;
  lineOfSightUnchecked: boolean;
}

export interface Scenario {
  id: number;
  country: string;
  name: string;
  createdAt: string;
  createdBy: string;
  analysisRunId: number | null;
  objective: 'population' | 'sites' | 'cost';
  /** null: no budget. */
  budgetUsd: number | null;
  annualBudgetUsd: number | null;
  fromYear: number;
  untilYear: number;
  /** sites.id of the sites the plan had to include. */
  mustInclude: number[];
  parameters: unknown;
  result: unknown;
}

export interface ScenarioSite extends ScenarioSiteRow {
  rank: number;
  sourceId: string;
  name: string | null;
  siteType: string;
  lon: number;
  lat: number;
}

const SCENARIO_COLUMNS = `id, country, name, ${isoTime('created_at')} AS "createdAt", created_by AS "createdBy",
  analysis_run_id AS "analysisRunId", objective, budget_usd AS "budgetUsd", annual_budget_usd AS "annualBudgetUsd",
  from_year AS "fromYear", until_year AS "untilYear", must_include AS "mustInclude", parameters, result`;

// Any constant works: with the name's hash it serialises saves of one scenario (see saveScenario).
const SCENARIO_LOCK = 4_271_997;

const BATCH = 5_000;

/**
 * Writes a scenario and its sites in one transaction, replacing any scenario of the same country
 * and name (it gets a new id), and records it in the audit log as done by its creator. A
 * non-finite number where the table needs one is an error; in a column that may be NULL it is
 * stored as NULL (Infinity per person when nobody is served, say).
 */
export async function saveScenario(db: Database, s: Omit<Scenario, 'id' | 'createdAt'>, sites: readonly ScenarioSiteRow[]): Promise<Scenario> {
  return db.transaction(async (tx) => {
    // Two saves under one name would otherwise both find nothing to delete, and the second fail on the unique key.
    await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext($2::text || '/' || $3::text))`, [SCENARIO_LOCK, s.country, s.name]);
    const replaced = await tx.query<Scenario>(`DELETE FROM scenarios WHERE country = $1 AND name = $2 RETURNING ${SCENARIO_COLUMNS}`, [s.country, s.name]);
    const { rows } = await tx.query<Scenario>(
      `INSERT INTO scenarios (country, name, created_by, analysis_run_id, objective, budget_usd, annual_budget_usd,
         from_year, until_year, must_include, parameters, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::int4[], $11::jsonb, $12::jsonb) RETURNING ${SCENARIO_COLUMNS}`,
      [
        s.country, s.name, s.createdBy, s.analysisRunId, s.objective, finiteOrNull(s.budgetUsd), finiteOrNull(s.annualBudgetUsd),
        s.fromYear, s.untilYear, [...s.mustInclude], JSON.stringify(s.parameters), JSON.stringify(s.result),
      ],
    );
    const scenario = rows[0]!;
    const names = SITE_COLUMNS.map((c) => c.name).join(', ');
    const sql = `INSERT INTO scenario_sites (scenario_id, rank, ${names})
      SELECT $1, $2 + u.n, ${names}
      FROM unnest(${SITE_COLUMNS.map((c, i) => `$${i + 3}::${c.type}[]`).join(', ')}) WITH ORDINALITY AS u(${names}, n)`;
    for (let start = 0; start < sites.length; start += BATCH) {
      const batch = sites.slice(start, start + BATCH);
      await tx.query(sql, [scenario.id, start, ...SITE_COLUMNS.map((c) => batch.map((r) => c.value(r)))]);
    }
    const before = replaced.rows[0] ?? null;
    await appendAudit(tx, {
      actor: s.createdBy, action: before ? 'update' : 'create', entity: 'scenario', entityId: s.name, country: s.country, before, after: scenario,
    });
    return scenario;
  });
}

interface SiteColumn {
  name: string;
  type: 'int4' | 'float8' | 'text' | 'bool';
  value: (r: ScenarioSiteRow) => unknown;
}

const finiteOrNull = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

function required(field: keyof ScenarioSiteRow): (r: ScenarioSiteRow) => number {
  return (r) => {
    const v = r[field] as number;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`scenario site ${r.siteId}: ${field} is ${v}, not a finite number`);
    return v;
  };
}
const nullable = (field: keyof ScenarioSiteRow) => (r: ScenarioSiteRow) => finiteOrNull(r[field] as number | null);

const SITE_COLUMNS: SiteColumn[] = [
  { name: 'site_id', type: 'int4', value: required('siteId') },
  { name: 'technology', type: 'text', value: (r) => r.technology },
  { name: 'capex_usd', type: 'float8', value: required('capexUsd') },
  { name: 'opex_per_year_usd', type: 'float8', value: required('opexPerYearUsd') },
  { name: 'tco_usd', type: 'float8', value: required('tcoUsd') },
  { name: 'npv_usd', type: 'float8', value: required('npvUsd') },
  { name: 'cost_usd', type: 'float8', value: required('costUsd') },
  { name: 'year', type: 'int4', value: nullable('year') },
  { name: 'demand_mbps', type: 'float8', value: required('demandMbps') },
  { name: 'people_served', type: 'float8', value: required('peopleServed') },
  { name: 'cost_per_person_usd', type: 'float8', value: nullable('costPerPersonUsd') },
  { name: 'link_m', type: 'float8', value: nullable('linkM') },
  { name: 'via_site_id', type: 'int4', value: nullable('viaSiteId') },
  { name: 'line_of_sight_unchecked', type: 'bool', value: (r) => r.lineOfSightUnchecked },
];

/** Scenarios, newest first; of one country when given. */
export async function listScenarios(db: Sql, country?: string): Promise<Scenario[]> {
  const { rows } = await db.query<Scenario>(
    `SELECT ${SCENARIO_COLUMNS} FROM scenarios WHERE $1::text IS NULL OR country = $1 ORDER BY created_at DESC, id DESC`,
    [country ?? null],
  );
  return rows;
}

export async function getScenario(db: Sql, country: string, name: string): Promise<Scenario | null> {
  const { rows } = await db.query<Scenario>(`SELECT ${SCENARIO_COLUMNS} FROM scenarios WHERE country = $1 AND name = $2`, [country, name]);
  return rows[0] ?? null;
}

/**
 * A scenario's sites in priority order, with what a map or a table needs of the site; all of
 * them, or a page: the `limit` sites after rank `afterRank` (the last rank of the previous page).
 */
export async function scenarioSites(db: Sql, scenarioId: number, page: { afterRank?: number; limit?: number; siteId?: number } = {}): Promise<ScenarioSite[]> {
  const { rows } = await db.query<ScenarioSite>(
    `SELECT x.site_id AS "siteId", x.technology, x.capex_usd AS "capexUsd", x.opex_per_year_usd AS "opexPerYearUsd",
       x.tco_usd AS "tcoUsd", x.npv_usd AS "npvUsd", x.cost_usd AS "costUsd", x.year, x.demand_mbps AS "demandMbps",
       x.people_served AS "peopleServed", x.cost_per_person_usd AS "costPerPersonUsd", x.link_m AS "linkM",
       x.via_site_id AS "viaSiteId", x.line_of_sight_unchecked AS "lineOfSightUnchecked", x.rank,
       s.source_id AS "sourceId", s.name, s.site_type AS "siteType", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat
     FROM scenario_sites x JOIN sites s ON s.id = x.site_id
     WHERE x.scenario_id = $1 AND x.rank > $2 AND ($4::int4 IS NULL OR x.site_id = $4) ORDER BY x.rank LIMIT $3`,
    [scenarioId, page.afterRank ?? 0, page.limit ?? null, page.siteId ?? null],
  );
  return rows;
}

/** A scenario's sites in priority order a page at a time, so a national plan is streamed rather than held. */
export async function* scenarioSitePages(db: Sql, scenarioId: number, pageSize = 5_000): AsyncGenerator<ScenarioSite[]> {
  for (let afterRank = 0; ;) {
    const page = await scenarioSites(db, scenarioId, { afterRank, limit: pageSize });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    afterRank = page[page.length - 1]!.rank;
  }
}

/**
 * Deletes a scenario and its sites, with an audit entry in the same transaction; false when there
 * was none of that name. `actor` as in the audit log ('user:3', 'cli:alice').
 */
export async function deleteScenario(db: Database, country: string, name: string, actor = 'unattributed'): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Scenario>(`DELETE FROM scenarios WHERE country = $1 AND name = $2 RETURNING ${SCENARIO_COLUMNS}`, [country, name]);
    if (!rows[0]) return false;
    await appendAudit(tx, { actor, action: 'delete', entity: 'scenario', entityId: name, country, before: rows[0], after: null });
    return true;
  });
}
