import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import highsModule from 'highs';
import { lpText, type LinearModel } from '@postatlas/core';
import { CountryBoundaries, importFile } from '@postatlas/importers';
import type { Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { auditPack, type AuditPackResult } from './audit-pack.js';
import { plan, type PlanResult } from './plan.js';

// The package's types describe its CommonJS build; imported as ESM, the default export is the loader itself.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as (typeof highsModule)['default'];
const highs = await loadHighs();

const close = (a: number, b: number, rel = 1e-6) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

// ---------- model.lp read back by a parser of the test's own, not by the writer's structures ----------

interface ParsedLp {
  sense: 'max' | 'min';
  objective: Map<string, number>;
  rows: { name: string; terms: Map<string, number>; op: '<=' | '>=' | '='; rhs: number }[];
  bounds: Map<string, [number, number]>;
  integer: Set<string>;
  columns: Set<string>;
}

/** A sum of terms as CPLEX LP writes it: [+|-] [coefficient] name ... */
function terms(text: string, into: Map<string, number>, columns: Set<string>): void {
  const tokens = text.split(/\s+/).filter(Boolean);
  let sign = 1;
  let coef: number | null = null;
  for (const t of tokens) {
    if (t === '+') sign = 1;
    else if (t === '-') sign = -1;
    else if (/^[0-9.]/.test(t)) coef = Number(t);
    else {
      into.set(t, (into.get(t) ?? 0) + sign * (coef ?? 1));
      columns.add(t);
      sign = 1;
      coef = null;
    }
  }
}

function parseLp(text: string): ParsedLp {
  const lp: ParsedLp = { sense: 'max', objective: new Map(), rows: [], bounds: new Map(), integer: new Set(), columns: new Set() };
  // Statements: a label line and its indented continuation lines are one.
  const statements: { section: string; text: string }[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('\\') || line.trim() === '') continue;
    if (/^(Maximize|Minimize|Subject To|Bounds|General|Binary|End)$/.test(line)) {
      section = line;
      if (line === 'Maximize' || line === 'Minimize') lp.sense = line === 'Maximize' ? 'max' : 'min';
      continue;
    }
    if (line.startsWith('   ') && statements.length) statements[statements.length - 1]!.text += ` ${line}`;
    else statements.push({ section, text: line });
  }
  for (const { section: s, text: t } of statements) {
    if (s === 'Maximize' || s === 'Minimize') terms(t.slice(t.indexOf(':') + 1), lp.objective, lp.columns);
    else if (s === 'Subject To') {
      const m = /^\s*(\S+):(.*?)(<=|>=|=)\s*(\S+)\s*$/.exec(t)!;
      const row = { name: m[1]!, terms: new Map<string, number>(), op: m[3] as '<=' | '>=' | '=', rhs: Number(m[4]) };
      terms(m[2]!, row.terms, lp.columns);
      lp.rows.push(row);
    } else if (s === 'Bounds') {
      const num = (v: string) => (v === '+inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));
      let m: RegExpExecArray | null;
      if ((m = /^\s*(\S+) = (\S+)$/.exec(t))) lp.bounds.set(m[1]!, [num(m[2]!), num(m[2]!)]);
      else if ((m = /^\s*(\S+) <= (\S+) <= (\S+)$/.exec(t))) lp.bounds.set(m[2]!, [num(m[1]!), num(m[3]!)]);
      else if ((m = /^\s*(\S+) free$/.exec(t))) lp.bounds.set(m[1]!, [-Infinity, Infinity]);
      else assert.fail(`bound line not understood: ${t}`);
      lp.columns.add([...lp.bounds.keys()].pop()!);
    } else if (s === 'General' || s === 'Binary') {
      for (const name of t.trim().split(/\s+/)) {
        lp.integer.add(name);
        lp.columns.add(name);
        if (s === 'Binary') lp.bounds.set(name, [0, 1]);
      }
    }
  }
  return lp;
}

/** The plan's point checked against the parsed model: every bound, integrality and row; its objective. */
function evaluate(lp: ParsedLp, x: Map<string, number>): { objective: number; violations: string[] } {
  const violations: string[] = [];
  for (const name of lp.columns) {
    const v = x.get(name);
    if (v === undefined) {
      violations.push(`${name}: no value in solution.txt`);
      continue;
    }
    const [lo, hi] = lp.bounds.get(name) ?? [0, Infinity];
    if (v < lo || v > hi) violations.push(`${name} = ${v} outside [${lo}, ${hi}]`);
    if (lp.integer.has(name) && !Number.isInteger(v)) violations.push(`${name} = ${v} not integer`);
  }
  for (const r of lp.rows) {
    let a = 0;
    for (const [name, coef] of r.terms) a += coef * x.get(name)!;
    const tol = 1e-9 * Math.max(1, Math.abs(r.rhs));
    if ((r.op !== '>=' && a > r.rhs + tol) || (r.op !== '<=' && a < r.rhs - tol)) violations.push(`${r.name}: ${a} ${r.op} ${r.rhs} fails`);
  }
  let objective = 0;
  for (const [name, coef] of lp.objective) objective += coef * x.get(name)!;
  return { objective, violations };
}

/** model.lp with every column fixed at its value in the plan: its Bounds replaced, integrality dropped (the values are whole). */
function fixedAt(text: string, x: Map<string, number>): string {
  const head = text.slice(0, text.search(/^(Bounds|General|Binary|End)$/m));
  return `${head}Bounds\n${[...x].map(([name, v]) => ` ${name} = ${v}`).join('\n')}\nEnd\n`;
}

function readSolution(text: string): Map<string, number> {
  return new Map(text.trim().split('\n').map((l) => {
    const [name, v] = l.split(' ');
    return [name!, Number(v)];
  }));
}

/** CSV as the pack writes it (RFC 4180, no line breaks inside cells): records keyed by the header. */
function readCsv(text: string): Record<string, string>[] {
  const split = (line: string) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
        else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') cells.push(cell), (cell = '');
      else cell += ch;
    }
    cells.push(cell);
    return cells;
  };
  const [head, ...lines] = text.split('\r\n').filter(Boolean);
  const columns = split(head!);
  return lines.map((l) => Object.fromEntries(split(l).map((v, i) => [columns[i]!, v])));
}

test('LP text of a small model: HiGHS reads it and finds the optimum worked out by hand', () => {
  // max 5a + 4b + 3c, 2a + 3b + c ≤ 5, 4a + b + 2c ≤ 11, 3a + 4b + 2c ≤ 8, a, b, c binary, a + c ≤ 1 + d, d ∈ [0, 0.5]:
  // a = 1, c = 0 (a + c ≤ 1.5), b = 1: 2 + 3 = 5 ≤ 5, 4 + 1 = 5 ≤ 11, 3 + 4 = 7 ≤ 8 → 9 (a, b) beats a alone (5) and b, c (7).
  const model: LinearModel = {
    sense: 'maximize', years: 1, fromYear: 2027, numCols: 4, numRows: 4,
    colCost: Float64Array.of(5, 4, 3, 0), colLower: new Float64Array(4), colUpper: Float64Array.of(1, 1, 1, 0.5), integrality: Uint8Array.of(1, 1, 1, 0),
    rowLower: Float64Array.of(-Infinity, -Infinity, -Infinity, -Infinity), rowUpper: Float64Array.of(5, 11, 8, 1),
    rowStart: Int32Array.of(0, 3, 6, 9, 12), rowIndex: Int32Array.of(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 2, 3),
    rowValue: Float64Array.of(2, 3, 1, 4, 1, 2, 3, 4, 2, 1, 1, -1),
    colNames: ['a', 'b', 'c', 'd'], rowNames: ['r1', 'r2', 'r3', 'r4'],
  };
  const r = highs.solve(lpText(model), { mip_rel_gap: 0 });
  assert.equal(r.Status, 'Optimal');
  assert.equal(r.ObjectiveValue, 9);
  assert.deepEqual(['a', 'b', 'c'].map((n) => r.Columns[n]!.Primal), [1, 1, 0]);
});

// ---------- a small country planned on a test database, packed and checked ----------

const data = (path: string) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));

/** Ibiza's post offices from Spain's OSM extract: a few post offices among the ITU sample's schools. */
async function ibizaPostOffices(dir: string): Promise<string> {
  const [head, ...rows] = (await readFile(data('osm-spain-post-offices/post-offices.csv'), 'utf8')).trim().split('\n');
  const inIbiza = rows.filter((r) => {
    const [lat, lon] = r.split(',').slice(-2).map(Number);
    return lat! > 38.6 && lat! < 39.2 && lon! > 1.1 && lon! < 1.7;
  });
  const file = join(dir, 'ibiza-post-offices.csv');
  await writeFile(file, `${[head, ...inIbiza].join('\n')}\n`);
  return file;
}

/** Two operational fibre nodes (WATRA's layout) at Ibiza town and Sant Antoni, so that fibre and relays compete. */
async function fibreNodes(dir: string): Promise<string> {
  const node = (id: string, lon: number, lat: number) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { node_id: id, name: id, country: 'Spain', longitude: lon, latitude: lat, infrastructure_type: 'Fibre', node_status: 'Operational', type_infr: 'Fibre Operational' },
  });
  const file = join(dir, 'nodes.geojson');
  await writeFile(file, JSON.stringify({ type: 'FeatureCollection', features: [node('eivissa', 1.4328, 38.9089), node('sant-antoni', 1.3036, 38.9809)] }));
  return file;
}

/** Cheap fibre and no cellular, so that fibre, relays and co-connected schools all appear in the model. */
const PARAMETERS = { fiber: { perKmUsd: 1_500 }, cellular: { minimumGeneration: 6 }, prioritisation: { coConnectionRadiusM: 1_500 } };

for (const backend of await testBackends()) {
  describe(`audit packs of Ibiza's plans on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    let dir: string;
    let postOffices: string;
    const packs = new Map<string, { planned: PlanResult; pack: AuditPackResult }>();
    const read = (name: string, file: string) => readFile(join(dir, name, file), 'utf8');

    before(async () => {
      db = await backend.open();
      dir = await mkdtemp(join(tmpdir(), 'postatlas-audit-'));
      const boundaries = CountryBoundaries.load();
      postOffices = await ibizaPostOffices(dir);
      const imports = [
        { layer: 'sites', file: postOffices, country: 'ESP', siteType: 'post_office', dataset: 'ibiza-post-offices' },
        { layer: 'sites', file: data('itu-ibiza/points-of-interest.csv'), dataset: 'ibiza-schools' },
        { layer: 'cells', file: data('itu-ibiza/cell-sites.csv'), dataset: 'ibiza-cells' },
        { layer: 'population', file: data('itu-ibiza/population-100m.tif'), country: 'ESP', dataset: 'ibiza-population' },
        { layer: 'nodes', file: await fibreNodes(dir), country: 'ESP', dataset: 'ibiza-fibre' },
      ] as const;
      for (const spec of imports) await importFile(db, { ...spec, skipInvalid: true, boundaries, importedBy: 'test' });
      const common = { country: 'ESP', fromYear: 2027, untilYear: 2030, parameters: PARAMETERS, runBy: 'test' } as const;
      const scenarios = [
        { name: 'total', objective: 'population', budgetUsd: 150_000 },
        { name: 'yearly', objective: 'population', budgetUsd: 150_000, annualBudgetUsd: 45_000 },
        { name: 'cost', objective: 'cost', annualBudgetUsd: 60_000 },
      ] as const;
      for (const s of scenarios) {
        const planned = await plan(db, { ...common, ...s });
        packs.set(s.name, { planned, pack: await auditPack(db, { country: 'ESP', name: s.name, out: join(dir, s.name) }) });
      }
    });
    after(async () => {
      await db?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('the pack holds the model, the plan as its point, the inputs with every cost item, the parameters and a README', async () => {
      const { pack } = packs.get('total')!;
      assert.deepEqual((await readdir(join(dir, 'total'))).sort(), ['README.md', 'inputs', 'model.lp', 'parameters.json', 'plan.csv', 'solution.txt']);
      assert.deepEqual((await readdir(join(dir, 'total', 'inputs'))).sort(), ['analysis-run.json', 'options.csv', 'relays.csv', 'sites.csv']);
      assert.equal(pack.model.yearly, false);
      assert.equal(packs.get('yearly')!.pack.model.yearly, true);
      // The model has every family: relays, co-connected schools, the budget.
      const lp = parseLp(await read('total', 'model.lp'));
      for (const family of ['one_', 'relay_', 'cover_', 'budget']) assert.ok(lp.rows.some((r) => r.name.startsWith(family)), `a ${family} row`);
      assert.ok((await read('total', 'inputs/relays.csv')).split('\r\n').length > 2, 'relays listed');
      const parameters = JSON.parse(await read('total', 'parameters.json'));
      assert.equal(parameters.fiber.perKmUsd, 1_500);
      const readme = await read('total', 'README.md');
      assert.match(readme, /\| `fiber.perKmUsd` \| 1500 \| parameter file \|/);
      assert.match(readme, /\| `fiber.equipmentUsd` \| 500 \| default \|/);
      assert.match(readme, /### Variables[\s\S]*### Objective[\s\S]*### Rows[\s\S]*## Costs[\s\S]*## Solving the model yourself[\s\S]*## Checking the plan/);
      // Names in the model are registry ids: plan.csv's site is the number in its column.
      for (const row of readCsv(await read('total', 'plan.csv'))) assert.match(row.lpColumn!, new RegExp(`^[xz]_${row.siteId}(_|$)`));
    });

    for (const name of ['total', 'yearly', 'cost']) {
      test(`${name}: HiGHS solves model.lp to an optimum no worse than the plan, and the plan is a feasible point of it with its objective`, async () => {
        const { planned, pack } = packs.get(name)!;
        const value = planned.certificate.value;
        assert.equal(pack.objective, value);
        const text = await read(name, 'model.lp');
        const solved = highs.solve(text, { mip_rel_gap: 0, time_limit: 60 });
        assert.equal(solved.Status, 'Optimal');
        if (planned.certificate.objective === 'cost') assert.ok(solved.ObjectiveValue <= value * (1 + 1e-9), `optimum ${solved.ObjectiveValue} costs more than the plan's ${value}`);
        else assert.ok(solved.ObjectiveValue >= value * (1 - 1e-9), `optimum ${solved.ObjectiveValue} below the plan's ${value}`);
        // The certificate's gap was proven: HiGHS here finds no more than it allowed.
        assert.ok(close(solved.ObjectiveValue, value, planned.certificate.gap + 1e-6), `optimum ${solved.ObjectiveValue}, plan ${value}, gap ${planned.certificate.gap}`);

        const x = readSolution(await read(name, 'solution.txt'));
        const lp = parseLp(text);
        assert.equal(x.size, pack.model.columns);
        assert.deepEqual([...lp.columns].sort(), [...x.keys()].sort(), 'solution.txt names every column of model.lp');
        const own = evaluate(lp, x);
        assert.deepEqual(own.violations, []);
        assert.ok(close(own.objective, value), `objective at the plan ${own.objective}, reported ${value}`);
        const fixed = highs.solve(fixedAt(text, x), {});
        assert.equal(fixed.Status, 'Optimal', 'the plan, fixed, is feasible for HiGHS');
        assert.ok(close(fixed.ObjectiveValue, value), `HiGHS at the plan ${fixed.ObjectiveValue}, reported ${value}`);

        // plan.csv adds up to the same objective, and each year stays within its money.
        const rows = readCsv(await read(name, 'plan.csv'));
        assert.ok(close(rows.reduce((s, r) => s + Number(r.objectiveValue), 0), value));
        assert.ok(rows.every((r) => x.get(r.lpColumn!) === 1), 'every line of plan.csv is a column at 1');
        const annual = planned.scenario.annualBudgetUsd;
        if (annual !== null) {
          for (const year of [2027, 2028, 2029, 2030]) {
            const spent = rows.filter((r) => Number(r.year) === year).reduce((s, r) => s + Number(r.costUsd), 0);
            assert.ok(spent <= annual * (1 + 1e-9), `${year}: ${spent} > ${annual}`);
          }
        }
      });
    }

    test('per-site costs recomputed from options.csv\'s items, sites.csv and parameters.json with the README\'s formulas', async () => {
      let checked = 0;
      const technologies = new Set<string>();
      const alternatives = new Set<string>();
      for (const name of ['total', 'yearly', 'cost']) {
        const p = JSON.parse(await read(name, 'parameters.json'));
        const sites = new Map(readCsv(await read(name, 'inputs/sites.csv')).map((s) => [s.siteId!, s]));
        const options = readCsv(await read(name, 'inputs/options.csv'));
        const plan = readCsv(await read(name, 'plan.csv')).filter((r) => r.technology !== '');
        // Every third planned site, and every option (columns and alternatives) of those sites.
        const sample = plan.filter((_, i) => i % 3 === 0);
        for (const r of sample) technologies.add(r.technology!);
        for (const planned of sample) {
          const site = sites.get(planned.siteId!)!;
          const people = site.demandCatchmentPeople === '' ? 0 : Math.max(0, Number(site.demandCatchmentPeople));
          const D = Math.max(p.demand.minimumMbps, people * p.demand.adoption * p.demand.concurrency * p.demand.mbpsPerConcurrentUser);
          for (const o of options.filter((x) => x.siteId === planned.siteId)) {
            const tech = o.technology as 'fiber' | 'cellular' | 'microwave' | 'satellite';
            const L = Number(o.linkM);
            const route = tech === 'fiber' ? (p.fiber.perKmUsd * L) / 1000 : 0;
            const equipment = tech === 'satellite' ? p.satellite.terminalUsd : p[tech].equipmentUsd;
            const spectrum = tech === 'microwave' ? p.microwave.perMhzUsd * p.microwave.bandwidthMhz : 0;
            const licence = tech === 'microwave' ? p.microwave.licencePerMhzYearUsd * p.microwave.bandwidthMhz : 0;
            const capex = route + equipment + spectrum;
            const opex = p[tech].opexShare * capex + p[tech].servicePerMbpsYearUsd * D + licence;
            const R = tech === 'fiber' ? 0 : p[tech].replaceEveryYears;
            const T = p.periodYears;
            const replacements = R > 0 ? Array.from({ length: Math.ceil(T / R) - 1 }, (_, i) => (i + 1) * R) : [];
            const tco = capex * (1 + replacements.length) + T * opex;
            let npv = capex;
            for (const t of replacements) npv += capex / (1 + p.discountRate) ** t;
            for (let t = 1; t <= T; t++) npv += opex / (1 + p.discountRate) ** t;
            const at = `${name}, site ${planned.siteId}, ${o.kind} ${tech}`;
            if (o.kind === 'alternative') alternatives.add(tech);
            assert.ok(close(Number(o.demandMbps), D, 1e-12), `${at}: demand`);
            for (const [field, v] of [['capexRouteUsd', route], ['capexEquipmentUsd', equipment], ['capexSpectrumUsd', spectrum], ['capexUsd', capex],
              ['opexLicenceUsd', licence], ['opexPerYearUsd', opex], ['tcoUsd', tco], ['npvUsd', npv], ['budgetCostUsd', npv]] as const) {
              assert.ok(close(Number(o[field]), v, 1e-9), `${at}: ${field} ${o[field]}, recomputed ${v}`);
            }
            if (o.lpColumns!.split(' ').includes(planned.lpColumn!)) {
              assert.ok(close(Number(planned.costUsd), npv, 1e-9) && close(Number(planned.npvUsd), npv, 1e-9), `${at}: plan.csv's cost`);
              checked++;
            }
          }
        }
      }
      assert.ok(checked >= 10, `${checked} planned sites recomputed`);
      assert.deepEqual([...technologies].sort(), ['fiber', 'satellite'], 'planned technologies in the sample');
      assert.ok(alternatives.has('microwave') && alternatives.has('satellite'), `alternatives in the sample: ${[...alternatives]}`);
    });

    test('a plan made with an elevation model is packed with it, and refused without it', async () => {
      // Ibiza at sea level; demand raised so that microwave beats satellite where a cell is in reach.
      const dem = { west: 1, north: 39.3, dx: 0.01, dy: 0.01, width: 80, height: 80, values: new Float32Array(80 * 80) };
      const planned = await plan(db, {
        country: 'ESP', name: 'sighted', objective: 'cost', fromYear: 2027, untilYear: 2030, runBy: 'test', solver: 'greedy', dem,
        parameters: { demand: { minimumMbps: 10_000 }, cellular: { minimumGeneration: 6 } },
      });
      assert.ok(planned.report.sites.some((s) => s.technology === 'microwave' && !s.lineOfSightUnchecked), 'microwave hops checked for line of sight');
      await assert.rejects(auditPack(db, { country: 'ESP', name: 'sighted', out: join(dir, 'sighted-blind') }),
        /audit-pack: scenario "sighted" \(ESP\) was made with an elevation model \(SHA-256 [0-9a-f]{12}…\): give the same file as --dem/);
      const pack = await auditPack(db, { country: 'ESP', name: 'sighted', out: join(dir, 'sighted'), dem });
      assert.equal(pack.objective, planned.certificate.value);
      assert.match(await read('sighted', 'README.md'), /this plan used an elevation model \(microwave line of sight\)/);
      const options = readCsv(await read('sighted', 'inputs/options.csv'));
      assert.ok(options.every((o) => o.technology !== 'microwave' || o.kind !== 'alternative'), 'no microwave alternative recomputed without the hops');
    });

    test('a plan made with roads is packed with the same roads only; its ground is named when it differs', async () => {
      // Two roads across Ibiza, from Eivissa north-west and north.
      const roads = [[[1.43, 38.91], [1.30, 38.98]], [[1.43, 38.91], [1.45, 39.07]]];
      const planned = await plan(db, { country: 'ESP', name: 'routed', objective: 'cost', fromYear: 2027, untilYear: 2030, runBy: 'test', solver: 'greedy', roads });
      const { ground } = planned.scenario.result as { ground: { dem: string | null; roads: string | null } };
      assert.equal(ground.dem, null);
      assert.match(ground.roads ?? '', /^[0-9a-f]{64}$/);
      await assert.rejects(auditPack(db, { country: 'ESP', name: 'routed', out: join(dir, 'routed-bare') }),
        /scenario "routed" \(ESP\) was made with road lines \(SHA-256 [0-9a-f]{12}…\): give the same file as --roads/);
      await assert.rejects(auditPack(db, { country: 'ESP', name: 'routed', out: join(dir, 'routed-other'), roads: roads.slice(1) }),
        /was made with other road lines \(SHA-256 [0-9a-f]{12}…, not [0-9a-f]{12}…\)/);
      const dem = { west: 1, north: 39.3, dx: 0.01, dy: 0.01, width: 80, height: 80, values: new Float32Array(80 * 80) };
      await assert.rejects(auditPack(db, { country: 'ESP', name: 'routed', out: join(dir, 'routed-dem'), roads, dem }),
        /was made without an elevation model: leave out --dem/);
      const pack = await auditPack(db, { country: 'ESP', name: 'routed', out: join(dir, 'routed'), roads });
      assert.equal(pack.objective, planned.certificate.value);
    });

    test('refused: an unknown scenario, a directory that is not empty, and a scenario whose inputs changed since', async () => {
      await assert.rejects(auditPack(db, { country: 'ESP', name: 'no-such-plan', out: join(dir, 'none') }), /audit-pack: no scenario named "no-such-plan" in ESP/);
      await assert.rejects(auditPack(db, { country: 'ESP', name: 'total', out: join(dir, 'total') }), /audit-pack: .*total is not empty/);
      // A planned post office leaves the registry: its file is imported again without it.
      const planned = readCsv(await read('total', 'plan.csv'));
      const [head, ...offices] = (await readFile(postOffices, 'utf8')).trim().split('\n');
      const gone = offices.find((o) => planned.some((r) => o.includes(r.sourceId!)));
      assert.ok(gone, 'a post office is in the plan');
      await writeFile(postOffices, `${[head, ...offices.filter((o) => o !== gone)].join('\n')}\n`);
      await importFile(db, { layer: 'sites', file: postOffices, country: 'ESP', siteType: 'post_office', dataset: 'ibiza-post-offices', importedBy: 'test' });
      await assert.rejects(auditPack(db, { country: 'ESP', name: 'total', out: join(dir, 'total-again') }),
        /audit-pack: scenario "total" \(ESP\) does not match its rebuilt inputs: .*\. Perhaps the analysis run's datasets have been imported again since the plan/);
      assert.deepEqual(await readdir(dir).then((d) => d.filter((f) => f === 'total-again')), [], 'nothing written');
    });
  });
}
