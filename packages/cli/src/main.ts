#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { LAYERS, SITE_TYPES, type Layer, type SiteType } from '@postatlas/core';
import { ImportRefused, importFile } from '@postatlas/importers';
import { DEFAULT_DATA_DIR, countsByLayer, openStore, type Database } from '@postatlas/store';
import { analyze } from '@postatlas/jobs';
import { runDemo } from './demo.js';
import { exportSites, listLayer } from './listing.js';
import { printAnalysis, printReport, summaryTable } from './format.js';
import { progressBar } from './progress.js';

const USAGE = `postatlas — map, measure, analyse and plan post-office connectivity

usage:
  postatlas demo                                   load the bundled real sample data and print a summary
  postatlas import <${LAYERS.join('|')}> FILE [--country ISO3] [--type ${SITE_TYPES.join('|')}]
                   [--generation 2G|3G|4G|5G] [--map field=column ...] [--dataset NAME] [--licence TEXT]
                   [--attribution TEXT] [--owner TEXT] [--public] [--skip-invalid] [--json]
  postatlas analyze [--country ISO3] [--force] [--json]
                                                   per-site distances, coverage, population and status;
                                                   a new analysis run unless nothing changed since the last
  postatlas list <sites|cells|nodes|summary> [--country ISO3] [--limit N] [--json]
  postatlas list metrics [--country ISO3] [--limit N] [--json]   the latest analysis run's per-site metrics
  postatlas export sites [--country ISO3] [--format csv|geojson]

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
  json: { type: 'boolean' },
  limit: { type: 'string' },
  format: { type: 'string' },
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
    case 'demo':
      return withDb(await open(), (db) => runDemo(db, { json: Boolean(o.json), out }));
    case 'import': {
      const [layer, file] = args;
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
      if (o.country && !/^[A-Z]{3}$/.test(o.country)) throw new UsageError(`--country ${o.country}: expected an ISO 3166 alpha-3 code such as IND`);
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
    case 'list': {
      const [what] = args;
      return withDb(await open(), async (db) => {
        if (what === 'summary') {
          const counts = await countsByLayer(db);
          if (o.json) out(JSON.stringify(counts));
          else summaryTable(counts).forEach(out);
          return 0;
        }
        if (what !== 'sites' && what !== 'cells' && what !== 'nodes' && what !== 'metrics') throw new UsageError('usage: postatlas list <sites|cells|nodes|metrics|summary>');
        await listLayer(db, what, { country: o.country, limit: o.limit ? Number(o.limit) : 50, json: Boolean(o.json), out });
        return 0;
      });
    }
    case 'export': {
      const format = o.format ?? 'csv';
      if (args[0] !== 'sites' || (format !== 'csv' && format !== 'geojson')) throw new UsageError('usage: postatlas export sites [--format csv|geojson]');
      return withDb(await open(), async (db) => {
        await exportSites(db, { country: o.country, format, write: (s) => process.stdout.write(s) });
        return 0;
      });
    }
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
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
