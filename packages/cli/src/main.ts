#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { LAYERS, OBJECTIVES, ROLES, SITE_TYPES, type Layer, type Objective, type Role, type SiteType } from '@postatlas/core';
import { ImportRefused, ServicesImportRefused, TrainingImportRefused, importFile, importOfficeStaff, importServices, importTraining, readElevationModel, readLines } from '@postatlas/importers';
import { DEFAULT_DATA_DIR, appendAudit, backup, countsByLayer, createUser, listScenarios, openStore, restore, trainingSummary, type Database } from '@postatlas/store';
import { analyze, locate, plan, servicesIndicators } from '@postatlas/jobs';
import { hashPassword, randomToken, serve } from '@postatlas/server';
import { DEMO_ADMIN, resetDemoAdmin, runDemo } from './demo.js';
import { exportSites, listLayer } from './listing.js';
import { printAnalysis, printReport, summaryTable, table } from './format.js';
import { compare, exportScenario, printPlan } from './planning.js';
import { reportOptions, writeReport } from './report.js';
import { writeAuditPack } from './audit-pack.js';
import { progressBar } from './progress.js';
import { exportServices, printLocated, printServicesIndicators, printServicesReport } from './services.js';
import { printTrainingReport, printTrainingSummary } from './training.js';

const USAGE = `postatlas — map, measure, analyse and plan post-office connectivity

usage:
  postatlas demo [--no-serve] [--port 8080]        load the bundled real sample data, analyse and plan it,
                                                   then serve it with a one-time admin password
  postatlas import <${LAYERS.join('|')}> FILE [--country ISO3] [--type ${SITE_TYPES.join('|')}]
                   [--generation 2G|3G|4G|5G] [--map field=column ...] [--dataset NAME] [--licence TEXT]
                   [--attribution TEXT] [--owner TEXT] [--public] [--skip-invalid] [--json]
  postatlas import services FILE.json|DIR --country ISO3 [--json]
                                                   a services catalogue (Open Referral HSDS 3.0: a JSON
                                                   document or a directory of its CSV files) replaces the
                                                   country's; every location must be one of its sites
  postatlas import training FILE.csv --country ISO3 [--json]
                                                   training sessions at the country's offices (digital skills,
                                                   cyber hygiene), keyed by session_id: importing again updates
  postatlas import staff FILE.csv --country ISO3 [--json]
                                                   offices' staff counts (site_id, staff, as_of)
  postatlas analyze [--country ISO3] [--force] [--json]
                                                   per-site distances, coverage, population and status;
                                                   a new analysis run unless nothing changed since the last
  postatlas plan --country ISO3 [--budget USD] [--annual-budget USD] [--objective ${OBJECTIVES.join('|')}]
                 [--from YEAR] [--until 2030] [--params FILE.json] [--must-include SITE,...] [--name NAME]
                 [--dem ELEVATION.tif] [--roads ROADS.geojson] [--solver auto|greedy] [--json]
                                                   which sites to connect, how and when, within the budget,
                                                   saved as a named scenario with its distance from the optimum
  postatlas list <sites|cells|nodes|summary> [--country ISO3] [--limit N] [--json]
  postatlas list metrics [--country ISO3] [--limit N] [--json]   the latest analysis run's per-site metrics
  postatlas list scenarios [--country ISO3] [--json]
  postatlas list services --country ISO3 [--json]  offices offering each category of digital service, people
                                                   within 5 km of one offering e-government
  postatlas list training --country ISO3 [--json]  sessions and people per quarter and admin1, staff trained
  postatlas serve [--port 8080] [--host 127.0.0.1]   the HTTP API (OpenAPI at /api/docs)
  postatlas user add --email EMAIL --role ${ROLES.join('|')} [--countries ISO3,...] [--sites ID,...]
                                                   prints a generated password once (or takes POSTATLAS_PASSWORD)
  postatlas export sites [--country ISO3] [--format csv|geojson]
  postatlas export plan --country ISO3 --name NAME [--format csv|geojson]
  postatlas export services --country ISO3 [--format json|csv] --out PATH
                                                   the catalogue as HSDS JSON (a file) or CSV (a directory)
  postatlas locate --service TERM --near LAT,LON [--at ISO-TIME] [--within-km 25] [--wheelchair]
                   [--language es] [--any-time] [--limit 10] [--json]
                                                   the nearest offices offering a service (a taxonomy code
                                                   such as egov.passport, or words of its name), open now
                                                   or at --at in each office's local hours
  postatlas compare --country ISO3 NAME_A NAME_B [--json]
  postatlas report --scenario NAME --country ISO3 --format html|pdf --out FILE [--lang en|fr|es|ar]
                                                   the scenario's report: summary, certificate, map, charts,
                                                   sites, parameters and sources; HTML opens offline, PDF
                                                   is printed by Chromium (apt-get install chromium)
  postatlas audit-pack --scenario NAME --out DIR [--country ISO3] [--dem ELEVATION.tif] [--roads ROADS.geojson] [--json]
                                                   the plan, its inputs and its model (model.lp, any MIP solver
                                                   reads it) for an auditor to check without postatlas
  postatlas backup FILE [--json]                   the whole database in one file, which either kind of
                                                   database (embedded or server) restores
  postatlas restore FILE [--force] [--json]        replaces everything in the database with a backup;
                                                   a database holding any row needs --force

database (every command):
  --data-dir DIR        embedded database directory (default ${DEFAULT_DATA_DIR})
  --database-url URL    a PostgreSQL server with PostGIS instead (or DATABASE_URL)
`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  country: { type: 'string' },
  type: { type: 'string' },
  generation: { type: 'string' },
  map: { type: 'string', multiple: true },
  dataset: { type: 'string' },
  licence: { type: 'string' },
  attribution: { type: 'string' },
  owner: { type: 'string' },
  public: { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  force: { type: 'boolean' },
  'no-serve': { type: 'boolean' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
  format: { type: 'string' },
  budget: { type: 'string' },
  'annual-budget': { type: 'string' },
  objective: { type: 'string' },
  from: { type: 'string' },
  until: { type: 'string' },
  params: { type: 'string' },
  'must-include': { type: 'string', multiple: true },
  name: { type: 'string' },
  scenario: { type: 'string' },
  solver: { type: 'string' },
  dem: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  countries: { type: 'string' },
  sites: { type: 'string' },
  roads: { type: 'string' },
  out: { type: 'string' },
  service: { type: 'string' },
  near: { type: 'string' },
  at: { type: 'string' },
  'within-km': { type: 'string' },
  wheelchair: { type: 'boolean' },
  language: { type: 'string' },
  'any-time': { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** An error the user can fix: printed as a sentence, without a stack. */
class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...args] = positionals;
  if (o.help || !command) {
    process.stdout.write(USAGE);
    return command || o.help ? 0 : 2;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const databaseUrl = o['database-url'] ?? process.env.DATABASE_URL;
  const dataDir = o['data-dir'] ?? DEFAULT_DATA_DIR;
  const open = () => {
    // Creating PostGIS in a new embedded database takes a while; say so rather than look hung.
    if (!databaseUrl && !existsSync(dataDir) && !o.json) process.stderr.write(`creating the embedded PostGIS database in ${dataDir} (first run only, about 20 s)\n`);
    return openStore({ databaseUrl, dataDir });
  };

  switch (command) {
    case 'demo': {
      const db = await open();
      if (o['no-serve']) return withDb(db, (d) => runDemo(d, { json: Boolean(o.json), out }));
      const port = portOf(o.port);
      // A new password each time the demo starts, printed once: the demo's data is local and its admin is whoever ran it.
      const password = randomToken(12);
      try {
        await runDemo(db, { json: Boolean(o.json), out });
        await resetDemoAdmin(db, await hashPassword(password));
      } catch (err) {
        await db.close();
        throw err;
      }
      await serve(db, {
        host: o.host ?? '127.0.0.1', port,
        onListening: (url) => out(`\npostatlas is serving the demo at ${url}/ (API docs at ${url}/api/docs); Ctrl-C stops it\n`
          + `sign in as ${DEMO_ADMIN} with the password ${password} (shown this once; a new one each time the demo starts)`),
      });
      return 0;
    }
    case 'import': {
      const [layer, file] = args;
      if (layer === 'training' || layer === 'staff') {
        if (!file || !o.country) throw new UsageError(`usage: postatlas import ${layer} FILE.csv --country ISO3`);
        return withDb(await open(), async (db) => {
          try {
            const options = { file, country: o.country!, importedBy: userInfo().username };
            const report = layer === 'training' ? await importTraining(db, options) : await importOfficeStaff(db, options);
            if (o.json) out(JSON.stringify(report));
            else printTrainingReport(report, out);
            return 0;
          } catch (err) {
            if (!(err instanceof TrainingImportRefused)) throw err;
            if (o.json) out(JSON.stringify(err.report));
            process.stderr.write(`${err.message}\n`);
            return 1;
          }
        });
      }
      if (layer === 'services') {
        if (!file || !o.country) throw new UsageError('usage: postatlas import services FILE.json|DIR --country ISO3');
        return withDb(await open(), async (db) => {
          try {
            const report = await importServices(db, { path: file, country: o.country!, importedBy: userInfo().username });
            if (o.json) out(JSON.stringify(report));
            else printServicesReport(report, out);
            return 0;
          } catch (err) {
            if (!(err instanceof ServicesImportRefused)) throw err;
            if (o.json) out(JSON.stringify(err.report));
            process.stderr.write(`${err.message}\n`);
            return 1;
          }
        });
      }
      if (!layer || !(LAYERS as readonly string[]).includes(layer) || !file) throw new UsageError(`usage: postatlas import <${LAYERS.join('|')}> FILE`);
      if (o.type && !(SITE_TYPES as readonly string[]).includes(o.type)) throw new UsageError(`--type ${o.type}: expected one of ${SITE_TYPES.join(', ')}`);
      const map = Object.fromEntries(
        (o.map ?? []).map((m) => {
          const [field, column] = m.split('=');
          if (!field || !column) throw new UsageError(`--map ${m}: expected field=column`);
          return [field, column];
        }),
      );
      return withDb(await open(), async (db) => {
        const bar = progressBar(`importing ${file}`, o.json);
        try {
          const report = await importFile(db, {
            layer: layer as Layer, file, country: o.country, siteType: o.type as SiteType | undefined, generation: o.generation, map,
            skipInvalid: Boolean(o['skip-invalid']), dataset: o.dataset, licence: o.licence, attribution: o.attribution, owner: o.owner,
            isPublic: o.public, importedBy: userInfo().username, onProgress: (done, total, rows) => bar.update(done, total, `${rows} rows`),
          });
          bar.done();
          if (o.json) out(JSON.stringify(report));
          else printReport(report, out);
          return 0;
        } catch (err) {
          bar.done();
          if (!(err instanceof ImportRefused)) throw err;
          // The refusal's report is the answer: it goes where the user asked for output, the verdict to stderr.
          if (o.json) out(JSON.stringify(err.report));
          else printReport(err.report, (l) => process.stderr.write(`${l}\n`));
          process.stderr.write(`${err.message}\n`);
          return 1;
        }
      });
    }
    case 'analyze': {
      checkCountry(o.country);
      return withDb(await open(), async (db) => {
        const bar = progressBar('analysing', o.json);
        const result = await analyze(db, {
          country: o.country, force: Boolean(o.force), runBy: userInfo().username,
          onProgress: (done, total, country) => bar.update(done, total, country),
        });
        bar.done();
        if (o.json) out(JSON.stringify(result));
        else printAnalysis(result, out);
        return 0;
      });
    }
    case 'plan': {
      const country = requireCountry(o.country, 'plan');
      const objective = (o.objective ?? 'population') as Objective;
      if (!OBJECTIVES.includes(objective)) throw new UsageError(`--objective ${o.objective}: expected one of ${OBJECTIVES.join(', ')}`);
      if (o.solver && o.solver !== 'auto' && o.solver !== 'greedy') throw new UsageError(`--solver ${o.solver}: expected auto or greedy`);
      const parameters = o.params ? readJson(o.params) : undefined;
      const dem = o.dem ? await readElevationModel(o.dem) : undefined;
      const roads = o.roads ? readLines(o.roads) : undefined;
      return withDb(await open(), async (db) => {
        const steps = ['analysis', 'loading sites', 'greedy plan', 'HiGHS', 'saving'];
        const bar = progressBar('planning', o.json);
        const result = await plan(db, {
          country, name: o.name, objective, budgetUsd: amount(o.budget, '--budget'), annualBudgetUsd: amount(o['annual-budget'], '--annual-budget'),
          fromYear: year(o.from, '--from'), untilYear: year(o.until, '--until'), parameters, parametersSource: o.params,
          mustInclude: (o['must-include'] ?? []).flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean),
          solver: o.solver as 'auto' | 'greedy' | undefined, runBy: userInfo().username, dem, roads,
          onProgress: (step) => bar.update(steps.indexOf(step), steps.length, step),
        });
        bar.done();
        if (o.json) out(JSON.stringify({ scenario: result.scenario, certificate: result.certificate, totals: result.report.totals, timingsMs: result.timingsMs }));
        else printPlan(result, out);
        return 0;
      });
    }
    case 'serve': {
      const port = portOf(o.port);
      // serve closes the database itself when it stops.
      await serve(await open(), { host: o.host ?? '127.0.0.1', port, onListening: (url) => process.stderr.write(`postatlas API at ${url}/api (docs at ${url}/api/docs); Ctrl-C stops it\n`) });
      return 0;
    }
    case 'user': {
      if (args[0] !== 'add' || !o.email || !o.role) throw new UsageError(`usage: postatlas user add --email EMAIL --role ${ROLES.join('|')} [--countries ISO3,...] [--sites ID,...]`);
      if (!(ROLES as readonly string[]).includes(o.role)) throw new UsageError(`--role ${o.role}: expected one of ${ROLES.join(', ')}`);
      const countries = (o.countries ?? '').split(',').map((c) => c.trim()).filter(Boolean);
      countries.forEach((c) => checkCountry(c));
      const siteIds = (o.sites ?? '').split(',').filter(Boolean).map(Number);
      if (siteIds.some((id) => !Number.isInteger(id) || id < 1)) throw new UsageError(`--sites ${o.sites}: expected site ids such as 12,40`);
      const generated = !process.env.POSTATLAS_PASSWORD;
      const password = process.env.POSTATLAS_PASSWORD ?? randomToken(12);
      return withDb(await open(), async (db) => {
        const user = await createUser(db, { email: o.email!, passwordHash: await hashPassword(password), role: o.role as Role, countries, siteIds });
        await appendAudit(db, { actor: `cli:${userInfo().username}`, action: 'create', entity: 'user', entityId: String(user.id), country: countries[0] ?? null, before: null, after: user });
        out(generated ? `user ${user.email} (${user.role}) created; password, shown this once: ${password}` : `user ${user.email} (${user.role}) created`);
        return 0;
      });
    }
    case 'audit-pack': {
      const name = o.scenario ?? o.name;
      if (!name || !o.out) throw new UsageError('usage: postatlas audit-pack --scenario NAME --out DIR [--country ISO3] [--dem ELEVATION.tif] [--roads ROADS.geojson]');
      const dem = o.dem ? await readElevationModel(o.dem) : undefined;
      const roads = o.roads ? readLines(o.roads) : undefined;
      return withDb(await open(), async (db) => {
        await writeAuditPack(db, { country: checkCountry(o.country), name, dir: o.out!, dem, roads, json: Boolean(o.json), out });
        return 0;
      });
    }
    case 'report': {
      const country = requireCountry(o.country, 'report');
      if (!o.scenario || !o.out) throw new UsageError('usage: postatlas report --scenario NAME --country ISO3 --format html|pdf --out FILE [--lang en|fr|es|ar]');
      const q = { country, name: o.scenario, ...reportOptions(o.format, o.lang), out: o.out };
      return withDb(await open(), async (db) => {
        const written = await writeReport(db, q);
        if (o.json) out(JSON.stringify(written));
        else out(`report of scenario "${q.name}" (${country}, ${q.format}, ${q.lang}) written to ${written.file} (${written.bytes.toLocaleString('en')} bytes)`);
        return 0;
      });
    }
    case 'compare': {
      const country = requireCountry(o.country, 'compare');
      const [a, b] = args;
      if (!a || !b) throw new UsageError('usage: postatlas compare --country ISO3 NAME_A NAME_B');
      return withDb(await open(), async (db) => {
        await compare(db, { country, names: [a, b], json: Boolean(o.json), out });
        return 0;
      });
    }
    case 'list': {
      const [what] = args;
      return withDb(await open(), async (db) => {
        if (what === 'scenarios') {
          const scenarios = await listScenarios(db, checkCountry(o.country));
          if (o.json) out(JSON.stringify(scenarios));
          else table(['country', 'name', 'objective', 'budget USD', 'years', 'created'], scenarios.map((s) => [
            s.country, s.name, s.objective, s.budgetUsd === null ? '-' : Math.round(s.budgetUsd).toLocaleString('en'), `${s.fromYear}–${s.untilYear}`, s.createdAt.slice(0, 16),
          ])).forEach(out);
          return 0;
        }
        if (what === 'services') {
          const country = checkCountry(o.country);
          if (!country) throw new UsageError('usage: postatlas list services --country ISO3 [--json]');
          const indicators = await servicesIndicators(db, country);
          if (o.json) out(JSON.stringify(indicators));
          else printServicesIndicators(indicators, out);
          return 0;
        }
        if (what === 'training') {
          const country = checkCountry(o.country);
          if (!country) throw new UsageError('usage: postatlas list training --country ISO3 [--json]');
          const summary = await trainingSummary(db, country);
          if (o.json) out(JSON.stringify(summary));
          else printTrainingSummary(summary, out);
          return 0;
        }
        if (what === 'summary') {
          const counts = await countsByLayer(db);
          if (o.json) out(JSON.stringify(counts));
          else summaryTable(counts).forEach(out);
          return 0;
        }
        if (what !== 'sites' && what !== 'cells' && what !== 'nodes' && what !== 'metrics') throw new UsageError('usage: postatlas list <sites|cells|nodes|metrics|scenarios|summary|services|training>');
        await listLayer(db, what, { country: o.country, limit: o.limit ? Number(o.limit) : 50, json: Boolean(o.json), out });
        return 0;
      });
    }
    case 'export': {
      if (args[0] === 'services') {
        const country = checkCountry(o.country);
        const format = o.format ?? 'json';
        if (!country || !o.out || (format !== 'json' && format !== 'csv')) throw new UsageError('usage: postatlas export services --country ISO3 [--format json|csv] --out PATH');
        return withDb(await open(), async (db) => {
          const files = await exportServices(db, { country, format, out: o.out! });
          if (o.json) out(JSON.stringify({ files }));
          else out(`${country}'s services catalogue written to ${files.length === 1 ? files[0] : `${o.out} (${files.length} files)`}`);
          return 0;
        });
      }
      const format = o.format ?? 'csv';
      if ((args[0] !== 'sites' && args[0] !== 'plan') || (format !== 'csv' && format !== 'geojson')) throw new UsageError('usage: postatlas export <sites|plan> [--format csv|geojson]');
      const write = (s: string) => process.stdout.write(s);
      if (args[0] === 'plan') {
        const country = requireCountry(o.country, 'export plan');
        if (!o.name) throw new UsageError('usage: postatlas export plan --country ISO3 --name NAME [--format csv|geojson]');
        return withDb(await open(), async (db) => (await exportScenario(db, { country, name: o.name!, format, write }), 0));
      }
      return withDb(await open(), async (db) => (await exportSites(db, { country: o.country, format, write }), 0));
    }
    case 'locate': {
      const near = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(o.near ?? '');
      if (!o.service || !near) throw new UsageError('usage: postatlas locate --service TERM --near LAT,LON [--at ISO-TIME] [--within-km N] [--wheelchair] [--language CODE]');
      const [lat, lon] = [Number(near[1]), Number(near[2])];
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new UsageError(`--near ${o.near}: expected a latitude and a longitude such as 40.4168,-3.7038`);
      const at = o.at === undefined ? new Date() : new Date(o.at);
      if (Number.isNaN(at.getTime())) throw new UsageError(`--at ${o.at}: expected an ISO 8601 time such as 2026-12-02T10:00:00+01:00`);
      const withinKm = o['within-km'] === undefined ? undefined : Number(o['within-km']);
      if (withinKm !== undefined && !(withinKm > 0)) throw new UsageError(`--within-km ${o['within-km']}: expected a distance in km above 0`);
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit ${o.limit}: expected a whole number above 0`);
      const q = { service: o.service, lat, lon, at, withinKm, wheelchair: Boolean(o.wheelchair), language: o.language, anyTime: Boolean(o['any-time']), limit };
      return withDb(await open(), async (db) => {
        const found = await locate(db, q);
        if (o.json) out(JSON.stringify(found.map(({ locationSchedules: _l, serviceSchedules: _s, ...f }) => f)));
        else printLocated(found, q, out);
        return 0;
      });
    }
    case 'backup': {
      const [file] = args;
      if (!file) throw new UsageError('usage: postatlas backup FILE');
      return withDb(await open(), async (db) => {
        const bar = progressBar(`backing up to ${file}`, o.json);
        const written = await backup(db, file, { onProgress: (done, total, name) => bar.update(done, total, name) }).finally(() => bar.done());
        if (o.json) out(JSON.stringify(written));
        else {
          out(`${file}: ${written.rows.toLocaleString('en')} rows of ${written.tables.length} tables, ${written.bytes.toLocaleString('en')} bytes (schema version ${written.schemaVersion})`);
          table(['table', 'rows'], written.tables.filter((t) => t.rows > 0).map((t) => [t.name, t.rows.toLocaleString('en')])).forEach(out);
        }
        return 0;
      });
    }
    case 'restore': {
      const [file] = args;
      if (!file) throw new UsageError('usage: postatlas restore FILE [--force]');
      return withDb(await open(), async (db) => {
        const bar = progressBar(`restoring ${file}`, o.json);
        const restored = await restore(db, file, { force: Boolean(o.force), onProgress: (done, total, name) => bar.update(done, total, name) }).finally(() => bar.done());
        if (o.json) out(JSON.stringify(restored));
        else {
          const replaced = restored.replaced > 0 ? `, replacing ${restored.replaced.toLocaleString('en')} rows` : '';
          out(`restored ${restored.rows.toLocaleString('en')} rows of ${restored.tables.length} tables from ${file} (backed up ${restored.createdAt} from the ${restored.source} database)${replaced}`);
        }
        return 0;
      });
    }
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

function portOf(text: string | undefined): number {
  const port = Number(text ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port ${text}: expected a port number`);
  return port;
}

function checkCountry(country: string | undefined): string | undefined {
  if (country && !/^[A-Z]{3}$/.test(country)) throw new UsageError(`--country ${country}: expected an ISO 3166 alpha-3 code such as IND`);
  return country;
}

function requireCountry(country: string | undefined, command: string): string {
  if (!country) throw new UsageError(`${command}: --country ISO3 is required (a plan is for one country)`);
  return checkCountry(country)!;
}

/** USD: digits, optionally with thousands separators or an exponent (5e6). */
function amount(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text.replace(/[,_]/g, ''));
  if (!(v >= 0) || !Number.isFinite(v)) throw new UsageError(`${flag} ${text}: expected an amount of USD such as 2500000 or 2.5e6`);
  return v;
}

function year(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) throw new UsageError(`${flag} ${text}: expected a year such as 2030`);
  return Number(text);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
}

async function withDb(db: Database, fn: (db: Database) => Promise<number>): Promise<number> {
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    const known = err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') || /^\S+: /.test(err.message);
    process.stderr.write(`postatlas: ${known ? err.message : (err.stack ?? err.message)}\n`);
    process.exitCode = 2;
  },
);
