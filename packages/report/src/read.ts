/**
 * What a scenario's report needs from the store, read in one place: the scenario and its sites,
 * the analysis run it planned from (with the datasets that run read, their licences and the
 * imports it saw), and every site of the country with its admin area, whether the run found it
 * connected, and the people of its catchment. Only store functions: the SQL stays in store.
 *
 *     const data = await readReport(db, { country: 'STP', name: 'half' });
 *     reportModel(data);
 */
import { allPages, getDataset, getRun, getScenario, listSiteMetrics, listSites, scenarioSitePages, type AnalysisRun, type DatasetSummary, type Scenario, type ScenarioSite, type Sql } from '@postatlas/store';

/** A site of the country as the coverage by admin area counts it. */
export interface AreaSite {
  siteId: number;
  siteType: string;
  admin1: string | null;
  admin2: string | null;
  /** Connected before the plan, as the analysis run found it (the registry's flag when no run is stored). */
  connected: boolean;
  /** The people whose nearest site it is within the plan's served radius (its exclusive catchment); 0 when unknown. */
  people: number;
}

export interface ReportData {
  scenario: Scenario;
  /** Every site of the scenario, funded or not, in priority order. */
  sites: ScenarioSite[];
  /** The analysis run the plan used, with its inputs as the reader may see them; null when it is gone. */
  run: (AnalysisRun & { current: boolean }) | null;
  /** The datasets of the run's inputs, in the order the run lists them. */
  datasets: DatasetSummary[];
  areaSites: AreaSite[];
  /** When the report is made (ISO 8601). */
  madeAt: string;
}

const PAGE = 5_000;

/**
 * Reads a scenario's report data; null when the country has no scenario of that name. `scope` is
 * the reader's private scope (store's datasetVisible): datasets outside it are left out of the
 * sources; null or absent shows them all.
 */
export async function readReport(db: Sql, q: { country: string; name: string; scope?: readonly string[] | null; now?: Date }): Promise<ReportData | null> {
  const scenario = await getScenario(db, q.country, q.name);
  if (!scenario) return null;
  const sites: ScenarioSite[] = [];
  for await (const page of scenarioSitePages(db, scenario.id, PAGE)) sites.push(...page);
  const run = scenario.analysisRunId === null ? null : await getRun(db, scenario.analysisRunId, q.scope ?? null);
  const datasets: DatasetSummary[] = [];
  for (const input of run?.inputs ?? []) {
    const d = await getDataset(db, input.datasetId);
    if (d) datasets.push(d);
  }
  return { scenario, sites, run, datasets, areaSites: await areaSites(db, scenario, run), madeAt: (q.now ?? new Date()).toISOString() };
}

/** The plan's served radius as the scenario stored it: which catchment column holds its people. */
function servedColumn(scenario: Scenario): string {
  const radiusM = (scenario.parameters as { prioritisation?: { servedRadiusM?: number } } | null)?.prioritisation?.servedRadiusM ?? 5_000;
  return `catchment_${radiusM / 1000}km`;
}

async function areaSites(db: Sql, scenario: Scenario, run: AnalysisRun | null): Promise<AreaSite[]> {
  const metrics = new Map<number, { connected: boolean | null; people: number }>();
  if (run) {
    const column = servedColumn(scenario);
    const page = (afterId: number) => listSiteMetrics(db, run.id, { country: scenario.country, afterId, limit: PAGE }).then((rows) => rows.map((r) => Object.assign(r, { id: r.siteId })));
    for await (const m of allPages(page)) {
      const people = Number(m[column] ?? 0);
      metrics.set(m.siteId, { connected: (m.connected as boolean | null) ?? null, people: Number.isFinite(people) ? people : 0 });
    }
  }
  const out: AreaSite[] = [];
  for await (const s of allPages((afterId) => listSites(db, { country: scenario.country, afterId, limit: PAGE }))) {
    const m = metrics.get(s.id);
    // A site added after the run was not in the plan's world: counted with the registry's word for it.
    out.push({ siteId: s.id, siteType: s.siteType, admin1: s.admin1, admin2: s.admin2, connected: (m ? m.connected : s.isConnected) === true, people: m?.people ?? 0 });
  }
  return out;
}
