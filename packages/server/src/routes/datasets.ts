/**
 * Datasets and imports: the provenance of everything in the registry, and files uploaded through
 * the same importers the command line uses (one file, one transaction, refused whole when a row
 * is invalid). Publication is how a data owner makes its infrastructure locations public.
 *
 *     app.register(datasetsRoutes, { prefix: '/api/datasets', db });
 *     app.register(importsRoutes, { prefix: '/api/imports', db, uploadLimit: 256 * 1024 * 1024 });
 *     // curl -X POST --data-binary @offices.csv -H 'content-type: text/csv' \
 *     //   '/api/imports?layer=sites&country=KEN&filename=offices.csv'
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LAYERS, SITE_TYPES, canManageCountry, canManageGrant, canReadPrivate, privateScope, type Principal } from '@postatlas/core';
import { CountryBoundaries, ImportRefused, importFile, resolveCountry, type ImportReport } from '@postatlas/importers';
import {
  appendAudit, findDataset, getDataset, listDatasets, listImports, setDatasetPublication,
  type Database, type DatasetSummary,
} from '@postatlas/store';
import { signedIn } from '../plugins/auth.js';
import { Problem, forbidden, notFound } from '../problems.js';
import { Country, Id, Nullable, Problem as ProblemSchema, problemResponses } from '../schemas.js';

const Layer = Type.Enum(LAYERS);

const ImportEntry = Type.Object({
  id: Type.Integer(), at: Type.String(), by: Type.String(), file: Type.String(), sha256: Type.String(), countries: Type.Array(Type.String()),
  rowsRead: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), removed: Type.Integer(), rejected: Type.Integer(),
});

const Dataset = Type.Object({
  id: Type.Integer(), name: Type.String(), layer: Type.String(), countries: Type.Array(Type.String()), source: Type.String(), format: Type.String(),
  licence: Nullable(Type.String()), attribution: Nullable(Type.String()), owner: Nullable(Type.String()), isPublic: Type.Boolean(),
  createdAt: Type.String(), rows: Type.Integer({ description: 'records it holds now (cells, for a population raster)' }),
  lastImport: Type.Union([ImportEntry, Type.Null()]),
});

const Report = Type.Object({
  file: Type.String(), layer: Type.String(), format: Type.String(), schema: Type.String(), dataset: Type.String(), datasetId: Type.Integer(),
  rowsRead: Type.Integer(), imported: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(),
  removed: Type.Integer(), rejected: Type.Integer(), countries: Type.Record(Type.String(), Type.Integer()),
  issues: Type.Array(Type.Object({ where: Type.String(), field: Type.String(), value: Type.String(), reason: Type.String(), detail: Type.Optional(Type.String()) })),
  reasons: Type.Record(Type.String(), Type.Integer()), committed: Type.Boolean(),
  totalPopulation: Type.Optional(Type.Number()), size: Type.Optional(Type.String()),
});

const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/**
 * Infrastructure datasets are private unless published or in the reader's scope; sites and
 * population are public (the same rule as datasetVisible in the store).
 */
function mayRead(p: Principal, d: DatasetSummary): boolean {
  return d.layer === 'sites' || d.layer === 'population' || d.isPublic || privateScope(p) === null || d.countries.some((c) => canReadPrivate(p, c));
}

/** The catalogue of datasets, each dataset's import history, and its publication. */
export const datasetsRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/', {
    schema: {
      tags: ['datasets'], summary: 'Datasets you may see: sites, population, published infrastructure and your countries\' own',
      querystring: Type.Object({ layer: Type.Optional(Layer), country: Type.Optional(Country) }, { additionalProperties: false }),
      response: { 200: Type.Array(Dataset), ...problemResponses },
    },
  }, async (request) => listDatasets(db, { scope: privateScope(request.principal), layer: request.query.layer, country: request.query.country }));

  /** The dataset, or 404 when there is none or the reader may not know of it. */
  const visible = async (p: Principal, id: number) => {
    const d = await getDataset(db, id);
    if (!d || !mayRead(p, d)) throw notFound(`no dataset ${id}`);
    return d;
  };

  app.get('/:id', { schema: { tags: ['datasets'], summary: 'One dataset', params: Id, response: { 200: Dataset, ...problemResponses } } }, async (request) =>
    visible(request.principal, request.params.id));

  app.get('/:id/imports', {
    schema: {
      tags: ['datasets'], summary: 'A dataset\'s imports, newest first', params: Id,
      querystring: Type.Object({
        before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the last id of the previous page' })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Array(ImportEntry), ...problemResponses },
    },
  }, async (request) => {
    const d = await visible(request.principal, request.params.id);
    return listImports(db, d.id, { beforeId: request.query.before, limit: request.query.limit });
  });

  app.patch('/:id', {
    schema: {
      tags: ['datasets'], summary: 'Publish a dataset or change its terms (admins, or the managers of all its countries)', params: Id,
      body: Type.Object({
        isPublic: Type.Optional(Type.Boolean()), licence: Type.Optional(Nullable(text(300))),
        attribution: Type.Optional(Nullable(text(1000))), owner: Type.Optional(Nullable(text(300))),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Dataset, ...problemResponses },
    },
  }, async (request) => {
    const p = signedIn(request);
    const d = await visible(p, request.params.id);
    if (!canManageGrant(p, d.countries)) throw forbidden(`dataset ${d.name} covers ${d.countries.join(', ') || 'no country yet'}: only an admin or a manager of all of them may change it`);
    await setDatasetPublication(db, d.id, request.body, p.actor);
    return (await getDataset(db, d.id))!;
  });
};

/** What each accepted content type is, as the extension the importers recognise it by. */
const EXTENSION_OF: Record<string, string | null> = {
  'text/csv': '.csv',
  'application/geo+json': '.geojson',
  'application/json': '.json',
  'application/geopackage+sqlite3': '.gpkg',
  'image/tiff': '.tif',
  'application/octet-stream': null,
};
const KNOWN_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.geojson', '.json', '.gpkg', '.tif', '.tiff']);
const DEFAULT_UPLOAD_LIMIT = 256 * 1024 * 1024;
/** Rejected rows named in a refusal; the report of a committed import lists more. */
const LISTED_ERRORS = 100;

/**
 * The name the file is imported under: the client's, reduced to a plain file name (so it cannot
 * leave the temporary directory), with an extension the importers know, from the content type
 * when the name has none.
 */
function uploadName(filename: string | undefined, contentType: string): string {
  const base = (filename ?? '').split(/[/\\]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const name = base === '' || /^\.+$/.test(base) ? 'upload' : base;
  if (KNOWN_EXTENSIONS.has(extname(name).toLowerCase())) return name;
  const ext = EXTENSION_OF[contentType];
  if (!ext) {
    throw new Problem(415, 'Unsupported media type', `say what the file is: a filename ending in ${[...KNOWN_EXTENSIONS].join(', ')}, or a content type of ${Object.keys(EXTENSION_OF).filter((t) => EXTENSION_OF[t]).join(', ')}`);
  }
  return name + ext;
}

/** The importer's refusal as a 422 naming the client's file; anything else is not the file's fault. */
function refusal(err: unknown, path: string, name: string): unknown {
  if (err instanceof ImportRefused) {
    const r = err.report;
    const errors = r.issues.slice(0, LISTED_ERRORS).map((i) => ({
      line: /^line \d+$/.test(i.where) ? Number(i.where.slice(5)) : null, where: i.where, field: i.field, value: i.value, reason: i.reason,
    }));
    const first = r.issues.slice(0, 3).map((i) => `${i.where}, ${i.field}: ${i.reason}`).join('; ');
    return new Problem(422, 'Import refused', `${name}: ${r.rejected} of ${r.rowsRead} rows are invalid, so nothing was imported (skipInvalid=true imports the valid rows). ${first}`, {
      file: name, rowsRead: r.rowsRead, rejected: r.rejected, reasons: r.reasons, errors,
    });
  }
  // The importers' own refusals of a whole file (not GeoJSON, a schema of another layer, a projected CRS) start with its path.
  if (err instanceof Error && err.constructor === Error && err.message.startsWith(path)) {
    return new Problem(422, 'Import refused', name + err.message.slice(path.length), { file: name, errors: [] });
  }
  return err;
}

/**
 * Files uploaded as the raw request body (not multipart), imported by the same importers as
 * `postatlas import`: the query says what the file holds and where. A refused file writes nothing.
 */
export const importsRoutes: FastifyPluginAsyncTypebox<{ db: Database; uploadLimit?: number }> = async (app, { db, uploadLimit }) => {
  // Encapsulated: the rest of the API keeps parsing JSON bodies as JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(Object.keys(EXTENSION_OF), { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  let boundaries: CountryBoundaries | undefined;

  app.post('/', {
    bodyLimit: uploadLimit ?? DEFAULT_UPLOAD_LIMIT,
    schema: {
      tags: ['datasets'],
      summary: 'Import a file (the request body) into a layer of one country; the report says what changed',
      description: `Send the file itself as the body, with its content type (${Object.keys(EXTENSION_OF).join(', ')}). Importing the same file again changes nothing.`,
      consumes: Object.keys(EXTENSION_OF),
      // No type: the body arrives as a Buffer, which the schema only documents.
      body: Type.Unsafe<Buffer>({ description: 'the file itself (any bytes: CSV, GeoJSON, GeoPackage, GeoTIFF)' }),
      querystring: Type.Object({
        layer: Layer,
        country: Country,
        type: Type.Optional(Type.Enum(SITE_TYPES, { description: 'the site type of every row, for files without one' })),
        generation: Type.Optional(Type.String({ pattern: '^[2-5]G$', description: 'for coverage files without a technology column' })),
        dataset: Type.Optional(text(200)),
        licence: Type.Optional(text(300)),
        attribution: Type.Optional(text(1000)),
        owner: Type.Optional(text(300)),
        public: Type.Optional(Type.Boolean({ description: 'publish the locations (infrastructure is private by default); a re-import keeps what was set' })),
        skipInvalid: Type.Boolean({ default: false, description: 'import the valid rows of a file with invalid ones' }),
        filename: Type.Optional(text(255)),
      }, { additionalProperties: false }),
      response: { 201: Report, ...problemResponses, 413: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema },
    },
  }, async (request, reply) => {
    const p = signedIn(request);
    const q = request.query;
    if (resolveCountry(q.country) !== q.country) throw new Problem(400, 'Invalid request', `${q.country} is not an ISO 3166-1 alpha-3 country code`);
    if (!canManageCountry(p, q.country)) throw forbidden(`importing into ${q.country} needs a manager of that country`);
    const body: unknown = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new Problem(400, 'Invalid request', 'the request body is empty: send the file as the body');
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const name = uploadName(q.filename, contentType);
    const datasetName = q.dataset ?? name.slice(0, name.length - extname(name).length);
    // A file replaces its dataset's rows: only someone who manages every country of an existing dataset may do that.
    const existingId = await findDataset(db, datasetName, q.layer);
    const existing = existingId === null ? null : await getDataset(db, existingId);
    if (existing && !canManageGrant(p, existing.countries)) {
      throw forbidden(`dataset ${datasetName} (${q.layer}) covers ${existing.countries.join(', ') || 'no country yet'}: only an admin or a manager of all of them may import into it`);
    }

    const dir = await mkdtemp(join(tmpdir(), 'postatlas-upload-'));
    try {
      const path = join(dir, name);
      await writeFile(path, body);
      boundaries ??= CountryBoundaries.load();
      let report: ImportReport;
      try {
        report = await importFile(db, {
          layer: q.layer, file: path, country: q.country, siteType: q.type, generation: q.generation, skipInvalid: q.skipInvalid,
          dataset: datasetName, licence: q.licence, attribution: q.attribution, owner: q.owner,
          isPublic: q.public,
          importedBy: p.actor, boundaries,
        });
      } catch (err) {
        throw refusal(err, path, name);
      }
      if (!report.committed) throw refusal(new ImportRefused(report), path, name);
      const datasetId = (await findDataset(db, report.dataset, q.layer))!;
      const { issues: _, reasons: __, ...counts } = report;
      // importFile commits its own transaction, so the entry follows it rather than sharing it.
      await appendAudit(db, { actor: p.actor, action: 'import', entity: 'dataset', entityId: String(datasetId), country: q.country, before: null, after: { ...counts, file: name } });
      return reply.status(201).send({ ...report, file: name, datasetId });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
};
