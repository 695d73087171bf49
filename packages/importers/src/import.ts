import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import {
  DuplicateDetector, FieldError, QUALITY_PARAMETERS, buildCellSite, buildCoverageArea, buildPopulationPoint, buildSite,
  buildTransmissionLink, buildTransmissionNode, values,
  type Fields, type Issue, type Layer, type RowContext, type SiteType,
} from '@postatlas/core';
import {
  LAYER_TABLES, findDataset, recordImport, removeAbsent, sitesOutsideDataset, upsertBatch, upsertDataset,
  type Database, type Sql, type VectorLayer, type VectorRecords,
} from '@postatlas/store';
import { CountryBoundaries, resolveCountry } from './countries.js';
import { readCsv } from './formats/csv.js';
import { readGeoJson } from './formats/geojson.js';
import { readGeoPackageRows } from './formats/geopackage-rows.js';
import type { RowSource } from './formats/source.js';
import { detectSchema, pick, resolveFields, usedColumns } from './schemas.js';

export interface ImportOptions {
  layer: Layer;
  file: string;
  /** ISO alpha-3 (or alpha-2 / name) the file is declared to cover; rows of other countries are refused. */
  country?: string | undefined;
  siteType?: SiteType | undefined;
  /** For coverage files without a technology column: the generation of every polygon (e.g. "4G"). */
  generation?: string | undefined;
  map?: Record<string, string>;
  skipInvalid?: boolean;
  /** Dataset name; the file name without extension by default. */
  dataset?: string | undefined;
  licence?: string | undefined;
  attribution?: string | undefined;
  owner?: string | undefined;
  isPublic?: boolean;
  importedBy?: string | undefined;
  onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void;
  boundaries?: CountryBoundaries;
  quality?: Partial<typeof QUALITY_PARAMETERS>;
}

export interface ImportReport {
  file: string;
  layer: Layer;
  format: string;
  schema: string;
  dataset: string;
  rowsRead: number;
  imported: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  rejected: number;
  countries: Record<string, number>;
  /** Every rejected row's first problem, in file order (at most `MAX_LISTED`). */
  issues: Issue[];
  /** Rejections by reason, all of them, when the list above is cut. */
  reasons: Record<string, number>;
  committed: boolean;
}

/** The import was refused: nothing was written. The report says why, row by row. */
export class ImportRefused extends Error {
  constructor(readonly report: ImportReport) {
    super(`${report.file}: ${report.rejected} of ${report.rowsRead} rows are invalid; nothing was imported (use --skip-invalid to import the valid rows)`);
  }
}

export const MAX_LISTED = 1000;
const BATCH = 5000;

type Builder = (f: Fields, ctx: RowContext) => VectorRecords[VectorLayer];
const BUILDERS: Record<VectorLayer, Builder> = {
  sites: buildSite,
  cells: buildCellSite,
  nodes: buildTransmissionNode,
  links: buildTransmissionLink,
  coverage: buildCoverageArea,
  population: buildPopulationPoint,
};

export async function openSource(file: string): Promise<RowSource> {
  const ext = extname(file).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return readGeoJson(file);
  if (ext === '.gpkg') return readGeoPackageRows(file);
  if (['.csv', '.tsv', '.txt'].includes(ext)) return readCsv(file);
  throw new Error(`${file}: unknown file type "${ext}"; postatlas reads .csv, .tsv, .txt, .geojson, .json, .gpkg (and .tif for population)`);
}

/**
 * Imports one vector file into one layer as one transaction: every row is checked (values, the
 * declared country's outline, duplicate ids and duplicate sites) while batches are written, and
 * the transaction is rolled back if any row is invalid (unless skipInvalid). Re-importing the
 * same dataset updates it in place: the same file twice leaves the same rows.
 */
export async function importVectorFile(db: Database, opts: ImportOptions & { layer: VectorLayer }): Promise<ImportReport> {
  const source = await openSource(opts.file);
  const mapped = Object.keys(opts.map ?? {}).length > 0;
  let schema = detectSchema(source.columns);
  if (schema && schema.layer !== opts.layer) {
    // With an explicit mapping the user has said what the columns mean; without, it is a mistake.
    if (!mapped) throw new Error(`${opts.file}: this is a "${schema.title}" file, which holds ${schema.layer}, not ${opts.layer}`);
    schema = null;
  }
  const fields = resolveFields(opts.layer, source.columns, schema, opts.map ?? {});
  const used = usedColumns(fields);
  const declared = opts.country ? resolveCountry(opts.country) : null;
  if (opts.country && !declared) throw new Error(`--country ${opts.country}: not an ISO 3166-1 country code or name`);
  const boundaries = opts.boundaries ?? CountryBoundaries.load();
  const quality = { ...QUALITY_PARAMETERS, ...opts.quality };
  const datasetName = opts.dataset ?? basename(opts.file, extname(opts.file));
  const constants: Fields = { ...schema?.constants, ...(opts.generation ? { radio: opts.generation } : {}) };
  const builder = BUILDERS[opts.layer];
  const table = LAYER_TABLES[opts.layer];
  const isPointLayer = opts.layer !== 'links' && opts.layer !== 'coverage';

  const report: ImportReport = {
    file: opts.file, layer: opts.layer, format: source.format, schema: schema?.id ?? 'mapped', dataset: datasetName,
    rowsRead: 0, imported: 0, inserted: 0, updated: 0, unchanged: 0, removed: 0, rejected: 0, countries: {}, issues: [], reasons: {},
    committed: false,
  };
  const reject = (where: string, e: FieldError) => {
    report.rejected++;
    const key = `${e.field}: ${e.message}`;
    report.reasons[key] = (report.reasons[key] ?? 0) + 1;
    if (report.issues.length < MAX_LISTED) {
      report.issues.push({ where, field: e.field, value: e.value, reason: e.message, ...(e.detail ? { detail: e.detail } : {}) });
    }
  };

  const sha256 = await fileHash(opts.file);
  const seenIds = new Map<string, string>();
  const duplicates = new DuplicateDetector(quality.duplicateRadiusM, quality.duplicateNameSimilarity);
  const duplicateOf: string[] = [];
  const knownCountries = new Set<string>();

  const run = async (tx: Sql) => {
    const datasetId = await upsertDataset(tx, {
      name: datasetName, layer: opts.layer, source: basename(opts.file), format: `${source.format}/${report.schema}`,
      licence: opts.licence ?? schema?.licenceHint ?? null, attribution: opts.attribution ?? null, owner: opts.owner ?? null,
      // Unsaid: sites are public when new, and a re-import keeps what the owner last chose.
      isPublic: opts.isPublic ?? (opts.layer === 'sites' ? true : undefined),
    });
    let batch: VectorRecords[VectorLayer][] = [];
    const flush = async () => {
      const c = await upsertBatch(tx, table as never, datasetId, batch as never[]);
      report.inserted += c.inserted;
      report.updated += c.updated;
      report.unchanged += c.unchanged;
      batch = [];
    };
    for await (const row of source.rows) {
      report.rowsRead++;
      if (report.rowsRead % 2000 === 0) opts.onProgress?.(source.bytesRead(), source.totalBytes, report.rowsRead);
      const f: Fields = { ...constants };
      for (const [field, src] of Object.entries(fields)) {
        const v = pick(row.values, src);
        if (v != null || !(field in f)) f[field] = v;
      }
      if (f.source_id == null && source.format !== 'csv') f.source_id = row.where.replace(/^feature /, '');
      const attributes: Record<string, string> = {};
      for (const [k, v] of Object.entries(row.values)) if (!used.has(k) && v != null && v !== '') attributes[k] = v;
      try {
        const country = rowCountry(f, declared, row.geometry, boundaries);
        const record = builder(f, { country, siteType: opts.siteType, attributes, geometry: row.geometry, limits: quality });
        if (isPointLayer) {
          const p = record as { lat: number; lon: number };
          if (!boundaries.has(country)) throw new FieldError('country', country, 'no boundary known for this country code');
          const check = boundaries.check(country, p.lon, p.lat, quality.countryToleranceM);
          if (!check.inside) {
            throw new FieldError('lat/lon', `${p.lat}, ${p.lon}`, `outside ${country}, more than ${quality.countryToleranceM / 1000} km from its border`);
          }
        }
        const earlier = seenIds.get(record.sourceId);
        if (earlier) throw new FieldError('source_id', record.sourceId, 'duplicate id', `first at ${earlier}`);
        if (opts.layer === 'sites') {
          const s = record as VectorRecords['sites'];
          if (!knownCountries.has(country)) {
            knownCountries.add(country);
            for (const k of await sitesOutsideDataset(tx, country, datasetName)) {
              duplicates.add(k.lat, k.lon, k.siteType, k.name);
              duplicateOf.push(`${k.dataset} ${k.sourceId}`);
            }
          }
          const dup = duplicates.find(s.lat, s.lon, s.siteType, s.name);
          if (dup) {
            throw new FieldError(
              'name', s.name ?? '', `probable duplicate: same type within ${quality.duplicateRadiusM} m and a similar name`,
              `${duplicateOf[dup.id]}, ${Math.round(dup.distanceM)} m away`,
            );
          }
          duplicates.add(s.lat, s.lon, s.siteType, s.name);
          duplicateOf.push(row.where);
        }
        seenIds.set(record.sourceId, row.where);
        report.countries[country] = (report.countries[country] ?? 0) + 1;
        batch.push(record);
        if (batch.length >= BATCH) await flush();
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        reject(row.where, err);
      }
    }
    await flush();
    opts.onProgress?.(source.totalBytes, source.totalBytes, report.rowsRead);
    report.imported = report.rowsRead - report.rejected;
    if (report.rejected > 0 && !opts.skipInvalid) throw new ImportRefused(report);
    report.removed = await removeAbsent(tx, table.table, datasetId, [...seenIds.keys()]);
    await recordImport(tx, table.table, {
      datasetId, countries: Object.keys(report.countries).sort(), file: basename(opts.file), sha256,
      importedBy: opts.importedBy ?? 'unknown', rowsRead: report.rowsRead, inserted: report.inserted, updated: report.updated,
      unchanged: report.unchanged, removed: report.removed, rejected: report.rejected,
    });
  };
  await db.transaction(run);
  report.committed = true;
  return report;
}

/** The row's own country if it has one (checked against --country), else --country, else where the point lies. */
function rowCountry(f: Fields, declared: string | null, geometry: RowContext['geometry'], boundaries: CountryBoundaries): string {
  const value = values.text(f.country);
  if (value != null) {
    const own = resolveCountry(value);
    if (!own) throw new FieldError('country', value, 'not an ISO 3166-1 country code or name');
    if (declared && own !== declared) throw new FieldError('country', value, `the file was declared as ${declared}`);
    return own;
  }
  if (declared) return declared;
  const point = geometry?.type === 'Point' ? (geometry.coordinates as number[]) : null;
  const lat = values.number('lat', point ? String(point[1]) : f.lat);
  const lon = values.number('lon', point ? String(point[0]) : f.lon);
  const located = lat != null && lon != null ? boundaries.locate(lon, lat) : null;
  if (!located) throw new FieldError('country', '', 'missing: give a country column or --country');
  return located;
}

export function fileHash(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file).on('data', (c) => h.update(c)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}
