/**
 * The README.md of an audit pack: the model in words (variables, each family of rows, the
 * objective, units), the cost formulas, how to solve model.lp with any solver and how to check the
 * plan against it, and the parameters with where each value came from.
 *
 *     const text = auditReadme({ scenario, model, names, parameters, ... });
 */

import type { Budget } from './budget.js';
import type { Objective } from './instance.js';
import type { LpNames } from './lp-format.js';
import type { LinearModel } from './model.js';
import { PLANNING_PARAMETERS, type PlanningParameters } from './parameters.js';

export interface AuditReadmeFacts {
  country: string;
  name: string;
  createdAt: string;
  createdBy: string;
  objective: Objective;
  budget: Budget;
  mustInclude: number;
  /** The plan's objective as the scenario stores it. */
  objectiveValue: number;
  /** The scenario's certificate, when it has one. */
  certificate: { method: string; bound: number; boundSource: string; gap: number } | null;
  analysisRun: { id: number; finishedAt: string; current: boolean; inputs: { name: string; layer: string; sha256: string | null; importedAt: string | null }[] } | null;
  model: LinearModel;
  names: LpNames;
  parameters: PlanningParameters;
  terrain: { dem: boolean; roads: boolean };
  /** Rows of each table written. */
  counts: { sites: number; options: number; relays: number; plan: number };
}

/** What each parameter is, in a few words; its unit follows from its name (Usd, M, Mbps, Years, Share). */
const PARAMETER_WORDS: Record<string, string> = {
  version: 'version of the parameter set',
  currency: 'currency of every amount',
  'demand.catchmentRadiusM': 'radius of the exclusive catchment whose people set a site\'s bandwidth demand',
  'demand.adoption': 'share of the catchment that uses the Internet',
  'demand.concurrency': 'share of users online at the same time',
  'demand.mbpsPerConcurrentUser': 'bandwidth per user online at once',
  'demand.minimumMbps': 'no site is planned below this bandwidth',
  periodYears: 'years over which costs are counted',
  discountRate: 'yearly rate at which future costs are discounted (NPV)',
  'fiber.perKmUsd': 'fibre route, per km',
  'fiber.equipmentUsd': 'fibre terminal equipment',
  'fiber.opexShare': 'fibre operation and maintenance a year, as a share of capex',
  'fiber.servicePerMbpsYearUsd': 'Internet service over fibre, per Mbps a year',
  'fiber.maxLinkM': 'longest fibre route planned',
  'fiber.routeFactor': 'route length over straight-line distance, where no roads are given',
  'cellular.equipmentUsd': 'cellular router and antenna',
  'cellular.opexShare': 'cellular maintenance a year, as a share of capex',
  'cellular.replaceEveryYears': 'cellular equipment replaced every this many years',
  'cellular.servicePerMbpsYearUsd': 'mobile data, per Mbps a year',
  'cellular.minimumGeneration': 'lowest mobile generation (2..5) whose coverage carries a site\'s demand',
  'microwave.equipmentUsd': 'microwave radios and mast',
  'microwave.perMhzUsd': 'microwave spectrum, per MHz of channel (capex)',
  'microwave.licencePerMhzYearUsd': 'microwave licence, per MHz a year',
  'microwave.bandwidthMhz': 'microwave channel bandwidth (MHz)',
  'microwave.opexShare': 'microwave maintenance a year, as a share of capex',
  'microwave.replaceEveryYears': 'microwave equipment replaced every this many years',
  'microwave.servicePerMbpsYearUsd': 'Internet service over microwave, per Mbps a year',
  'microwave.maxLinkM': 'longest microwave hop to a cell site',
  'microwave.siteMastM': 'mast height at the site, for line of sight',
  'microwave.cellAntennaM': 'cell antenna height where the data has none, for line of sight',
  'microwave.frequencyGHz': 'microwave frequency, for the Fresnel zone',
  'microwave.kFactor': 'effective earth radius factor',
  'microwave.fresnelClearance': 'share of the first Fresnel zone that must be clear',
  'microwave.lineOfSightCandidates': 'nearest cell sites tried for line of sight',
  'satellite.terminalUsd': 'satellite terminal',
  'satellite.opexShare': 'satellite maintenance a year, as a share of capex',
  'satellite.replaceEveryYears': 'satellite terminal replaced every this many years',
  'satellite.servicePerMbpsYearUsd': 'satellite service, per Mbps a year',
  'prioritisation.servedRadiusM': 'radius of the exclusive catchment whose people a connected site serves',
  'prioritisation.coConnectionRadiusM': 'schools within this distance of a post office are connected with it (0: off)',
  'prioritisation.budgetBasis': 'what the budget pays per site: npv, tco or capex',
  'prioritisation.relayNeighbours': 'nearest sites searched for a fibre relay parent',
  'solver.timeLimitS': 'seconds HiGHS had',
  'solver.maxColumns': 'larger models were not sent to HiGHS',
  'solver.relativeGap': 'HiGHS stopped within this fraction of the optimum',
};

function flatten(v: unknown, path = ''): [string, unknown][] {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => flatten(x, path ? `${path}.${k}` : k));
  return [[path, v]];
}

const count = (model: LinearModel, prefix: RegExp) => model.rowNames.filter((n) => prefix.test(n)).length;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const money = (v: number) => (Number.isFinite(v) ? `${v.toLocaleString('en')} USD` : 'none');

export function auditReadme(f: AuditReadmeFacts): string {
  const { model, budget, parameters: p } = f;
  const Y = model.years;
  const z = model.colNames.filter((n) => n.startsWith('z_')).length;
  const x = model.numCols - z;
  const unit = f.objective === 'cost' ? 'USD' : f.objective === 'population' ? 'people served (weighted by site type)' : 'sites (weighted by site type)';
  const better = f.objective === 'cost' ? 'at most' : 'at least';
  const years = `${budget.fromYear}–${budget.untilYear}`;
  const defaults = new Map(flatten(PLANNING_PARAMETERS));
  const c = f.certificate;
  const lines = [
    `# Audit pack: scenario "${f.name}" (${f.country})`,
    '',
    `The plan was made on ${f.createdAt} by ${f.createdBy} from analysis run ${f.analysisRun?.id ?? '(deleted)'}. Everything an auditor`,
    'needs to check it without trusting postatlas is here: the inputs as the planner used them, the',
    'parameters, the plan, and the optimisation model itself in CPLEX LP format, which any MIP solver reads.',
    '',
    '| file | what it holds |',
    '|---|---|',
    '| `model.lp` | the mixed-integer model, CPLEX LP format |',
    '| `solution.txt` | the plan as a point of the model: every column of `model.lp` and its value, one `name value` line each |',
    `| \`plan.csv\` | the plan, a line per site in priority order (${f.counts.plan} lines): the model column it sets to 1, technology, year, cost, what it adds to the objective |`,
    '| `parameters.json` | the planning parameters as used (a valid `postatlas plan --params` file) |',
    `| \`inputs/sites.csv\` | every site the plan could connect (${f.counts.sites}), with its catchments, weight, objective value and demand |`,
    `| \`inputs/options.csv\` | every way of connecting each site (${f.counts.options} lines) with each cost item |`,
    `| \`inputs/relays.csv\` | fibre relays between sites (${f.counts.relays}) |`,
    '| `inputs/analysis-run.json` | the analysis run the catchments and distances come from: its parameters and the import (SHA-256) of every dataset it read |',
    '',
    'Units: money in USD, distances in metres (a column ending `M`), bandwidth in Mbps, people as counted',
    'by the analysis (fractions: population rasters are area-weighted). CSV files are RFC 4180; an empty',
    'cell is unknown. Sites are named by their registry id (`siteId`, also the number in the model\'s names)',
    'and the id in their source file (`sourceId`).',
    '',
    '## The question',
    '',
    f.objective === 'cost'
      ? `Connect every site at least cost. Years ${years}; the budget (${money(budget.totalUsd)} in all, ${budget.annualUsd === null ? 'no annual limit' : `${money(budget.annualUsd)} a year`}) only decides which years sites are funded in, not whether they are planned.`
      : `Choose which unconnected sites to connect, and how, to serve the most ${f.objective === 'population' ? 'people' : 'sites'}, within a budget of ${money(budget.totalUsd)} in all${budget.annualUsd === null ? '' : ` and ${money(budget.annualUsd)} a year`}, years ${years}.`,
    `What the budget pays for a site is its ${p.prioritisation.budgetBasis === 'npv' ? 'net present value (capex and opex over the period, discounted)' : p.prioritisation.budgetBasis === 'tco' ? 'total cost of ownership (capex and opex over the period, undiscounted)' : 'capex'}` +
      ` (parameter \`prioritisation.budgetBasis\` = \`${p.prioritisation.budgetBasis}\`).${f.mustInclude ? ` ${f.mustInclude} sites had to be included.` : ''}`,
    '',
    `**The plan's objective: ${f.objectiveValue}** ${unit}.` + (c ? ` Its certificate: no plan does better than ${c.bound} (from ${c.boundSource}), a gap of ${c.gap}; the plan was made by ${c.method}.` : ''),
    '',
    '## The model (`model.lp`)',
    '',
    `${plural(model.numCols, 'column')}, ${plural(model.numRows, 'row')}; ${model.sense === 'maximize' ? 'maximise' : 'minimise'}. \`<site>\` in a name is the site's \`siteId\`.`,
    '',
    '### Variables',
    '',
    Y > 1
      ? `- \`x_<site>_<technology>[_direct|_relay]_<year>\` (${x}, binary): 1 when the site is connected with that technology in that year. A column per year from ${budget.fromYear} to ${budget.untilYear}, because the budget is annual: the model itself splits the money into years.`
      : `- \`x_<site>_<technology>[_direct|_relay]\` (${x}, binary): 1 when the site is connected with that technology.${f.objective === 'cost' ? '' : ` The model has no years: splitting the money into years is left to the schedule that made the plan, so the model's optimum is also a bound for the plan with years.`}`,
    '  `_relay`: fibre from a neighbouring site (see `inputs/relays.csv`); `_direct`: direct fibre kept, though not the',
    '  site\'s cheapest option, because neighbours can relay from it. A site without a suffix column is connected',
    '  by its cheapest technology by NPV (`kind` = `cheapest` in `inputs/options.csv`). Other technologies serve the',
    '  same people for more money and are not columns; `options.csv` lists them as `alternative`.',
    `- \`z_<site>\` (${z}, continuous 0..1): a school within \`prioritisation.coConnectionRadiusM\` of a post office is covered when it or that post office is connected.`,
    '',
    '### Objective',
    '',
    f.objective === 'cost'
      ? '- minimise Σ cost × x: the budget cost of every site\'s connection (`budgetCostUsd` in `inputs/options.csv`), in USD.'
      : `- maximise Σ value × x + Σ value × z: a site's value (\`objectiveValue\` in \`inputs/sites.csv\`) is ${f.objective === 'population' ? 'the people its catchment counts (`peopleServed`) × the weight of its site type' : 'the weight of its site type'}. A school with a \`z\` column counts through \`z\` only (its own \`x\` columns have 0 in the objective), so it is never counted twice.`,
    '',
    '### Rows',
    '',
    `- \`one_<site>\` (${count(model, /^one_/)}): at most one connection per site, over its technologies${Y > 1 ? ' and years' : ''}; \`= 1\` for a site the plan must include${f.objective === 'cost' ? ' and, for the cost objective, for every site' : ''}. Sites with a single column and no such need have no row (the column is binary).`,
    `- \`relay_<site>${Y > 1 ? '_<year>' : ''}\` (${count(model, /^relay_/)}): a relay column may be 1 only if its parent site is on fibre${Y > 1 ? ' by the same year' : ''}: x(relay) − Σ x(parent's fibre columns) ≤ 0.`,
    `- \`cover_<site>\` (${count(model, /^cover_/)}): z(school) − Σ x(school's columns) − Σ x(its post office's columns) ≤ 0.`,
    Y > 1
      ? `- \`budget_<year>\` (${count(model, /^budget_/)}): Σ cost × x over that year's columns ≤ the annual budget; \`budget\` (${count(model, /^budget$/)}): over all years ≤ the total budget.`
      : f.objective === 'cost'
        ? '- no budget row: the cost objective connects every site; the budget only decides the years of the schedule.'
        : `- \`budget\` (${count(model, /^budget$/)}): Σ cost × x ≤ all the money of the plan's years: the total budget, or the annual budget × the years if that is less.`,
    '- Bounds: a column dearer than all the money (or than a year\'s) is fixed at 0 (`x = 0` under `Bounds`).',
    '',
    '## Costs',
    '',
    'Each line of `inputs/options.csv` gives the items, and these formulas give the rest (parameters by their',
    'names in `parameters.json`; D the site\'s demand in Mbps, L the route or hop in metres, T = `periodYears`, d = `discountRate`):',
    '',
    '- demand D = max(`demand.minimumMbps`, P × `demand.adoption` × `demand.concurrency` × `demand.mbpsPerConcurrentUser`),',
    '  P the people of the site\'s exclusive catchment within `demand.catchmentRadiusM` (`demandCatchmentPeople` in `sites.csv`; unknown counts as 0).',
    '- fibre: capex = `fiber.perKmUsd` × L / 1000 (route item) + `fiber.equipmentUsd`; opex a year = `fiber.opexShare` × capex +',
    '  `fiber.servicePerMbpsYearUsd` × D; never replaced within the period. L is the route: straight line to the nearest',
    '  operational fibre node × `fiber.routeFactor`, or along roads when the plan was given them, or a relay\'s link.',
    '- cellular: capex = `cellular.equipmentUsd`; opex = `cellular.opexShare` × capex + `cellular.servicePerMbpsYearUsd` × D;',
    '  replaced every `cellular.replaceEveryYears`. Only where the best mobile generation ≥ `cellular.minimumGeneration`.',
    '- microwave: capex = `microwave.equipmentUsd` + `microwave.perMhzUsd` × `microwave.bandwidthMhz` (spectrum item);',
    '  opex = `microwave.opexShare` × capex + `microwave.licencePerMhzYearUsd` × `microwave.bandwidthMhz` (licence item) +',
    '  `microwave.servicePerMbpsYearUsd` × D; replaced every `microwave.replaceEveryYears`. Only with a cell site within `microwave.maxLinkM`.',
    '- satellite: capex = `satellite.terminalUsd`; opex = `satellite.opexShare` × capex + `satellite.servicePerMbpsYearUsd` × D;',
    '  replaced every `satellite.replaceEveryYears`. Everywhere.',
    '- capex is paid in year 0 and again in each year R, 2R, … below T (R = replaceEveryYears; 0: never); opex at the end of years 1..T:',
    '  TCO = capex × (1 + number of replacements) + T × opex;',
    '  NPV = capex + Σ capex / (1 + d)^t over the replacement years t + Σ opex / (1 + d)^t for t = 1..T.',
    '- the budget cost (`budgetCostUsd`, the coefficient in the budget rows and, for the cost objective, in the objective) is',
    '  the NPV, the TCO or the capex, by `prioritisation.budgetBasis`.',
    f.terrain.dem || f.terrain.roads
      ? `- this plan used ${[f.terrain.dem ? 'an elevation model (microwave line of sight)' : '', f.terrain.roads ? 'roads (fibre routes)' : ''].filter(Boolean).join(' and ')}: the ${[f.terrain.roads ? 'fibre' : '', f.terrain.dem ? 'microwave' : ''].filter(Boolean).join(' and ')} alternatives that are not columns are left out of \`options.csv\`.`
      : '',
    '',
    '## Solving the model yourself',
    '',
    '```sh',
    'highs --model_file model.lp --solution_file highs.sol          # HiGHS, https://highs.dev',
    'cbc model.lp -solve -solution cbc.txt                           # COIN-OR CBC',
    'glpsol --cpxlp model.lp -o glpk.txt                              # GLPK',
    '```',
    '',
    'or in Node.js with the `highs` package (`npm install highs`, then `node solve.mjs`):',
    '',
    '```js',
    "import { readFileSync } from 'node:fs';",
    "import loadHighs from 'highs';",
    'const highs = await loadHighs();',
    "const r = highs.solve(readFileSync('model.lp', 'utf8'), { mip_rel_gap: 0 });",
    'console.log(r.Status, r.ObjectiveValue);',
    '```',
    '',
    `The optimum is ${better} the plan's objective (${f.objectiveValue}): the plan is one of the points the solver`,
    `searches. If the certificate above reports a gap, the optimum may be better than the plan by up to that gap; a gap of 0`,
    'means the plan is optimal. Ask for a gap of 0 (`mip_rel_gap=0`), since solvers stop at 0.01 % by default.',
    '',
    '## Checking the plan',
    '',
    '1. `solution.txt` gives each column of `model.lp` its value in the plan. Σ objective coefficient × value is the',
    `   plan's objective, ${f.objectiveValue}; every row's Σ coefficient × value lies within its bound; every column within its bounds.`,
    '   With HiGHS: fix every column at its value (replace the `Bounds` section by `name = value` lines) and solve;',
    '   it is feasible, with that objective.',
    `2. \`plan.csv\`: \`objectiveValue\` sums to the objective; \`costUsd\` summed by year stays within ${budget.annualUsd === null ? 'the money released so far (the total, evenly over the years; a year\'s savings carry over)' : 'the annual budget'}, and summed over all years within the total.`,
    '3. Any line of `inputs/options.csv` can be recomputed from its items, `demandMbps` and `parameters.json` with the formulas above;',
    '   `demandMbps` from `demandCatchmentPeople` in `inputs/sites.csv`.',
    '',
    'What the pack does not prove: that the inputs are true. Catchments and distances come from the analysis run',
    '(`inputs/analysis-run.json` names every dataset and the SHA-256 of its import); the pack shows what was used.',
    f.analysisRun && !f.analysisRun.current ? '**Some of those datasets have been imported again since that run**: the registry now holds other data than the plan used.' : '',
    '',
    '## Parameters',
    '',
    'Defaults are postatlas\'s planning parameters, version 1: demand and costs are the ITU Connectivity Planning',
    'Platform\'s published defaults. A value marked "parameter file" was set for this scenario.',
    '',
    '| parameter | value | source | what it is |',
    '|---|---|---|---|',
    ...flatten(p).map(([k, v]) => `| \`${k}\` | ${typeof v === 'string' ? v : JSON.stringify(v)} | ${defaults.get(k) === v ? 'default' : 'parameter file'} | ${PARAMETER_WORDS[k] ?? (k.startsWith('prioritisation.siteTypeWeights.') ? `weight of a ${k.split('.').pop()} in the objective` : '')} |`),
    '',
  ];
  if (f.analysisRun) {
    lines.push('## Analysis run', '', `Run ${f.analysisRun.id}, finished ${f.analysisRun.finishedAt}; the datasets it read:`, '', '| dataset | layer | imported | SHA-256 |', '|---|---|---|---|');
    for (const i of f.analysisRun.inputs) lines.push(`| ${i.name} | ${i.layer} | ${i.importedAt ?? ''} | ${i.sha256 ?? ''} |`);
    lines.push('');
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}
