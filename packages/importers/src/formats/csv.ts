import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { RowSource, SourceRow } from './source.js';

/**
 * Headerless layouts that real data ships in: GeoNames postal codes (tab-separated) and
 * OpenCelliD's per-country cell exports. Recognised by column count and a first-value pattern.
 */
export const HEADERLESS_LAYOUTS: { name: string; delimiter: string; columns: string[]; firstValue: RegExp }[] = [
  {
    name: 'geonames-postal',
    delimiter: '\t',
    columns: ['country_code', 'postal_code', 'place_name', 'admin_name1', 'admin_code1', 'admin_name2', 'admin_code2', 'admin_name3', 'admin_code3', 'latitude', 'longitude', 'accuracy'],
    firstValue: /^[A-Z]{2}$/,
  },
  {
    name: 'opencellid',
    delimiter: ',',
    columns: ['radio', 'mcc', 'net', 'area', 'cell', 'unit', 'lon', 'lat', 'range', 'samples', 'changeable', 'created', 'updated', 'averageSignal'],
    firstValue: /^(GSM|UMTS|CDMA|LTE|NR)$/,
  },
];

/** Reads a delimited text file as a stream of rows keyed by header, with 1-based line numbers (the header is line 1). */
export async function readCsv(path: string): Promise<RowSource> {
  const first = await firstLine(path);
  const delimiter = sniffDelimiter(first);
  const fields = first.split(delimiter);
  const layout = HEADERLESS_LAYOUTS.find(
    (l) => l.delimiter === delimiter && l.columns.length === fields.length && l.firstValue.test(fields[0] ?? ''),
  );
  const totalBytes = statSync(path).size;
  let bytes = 0;
  let columns: string[] = layout?.columns ?? [];
  const parser = createReadStream(path).pipe(
    parse({
      delimiter,
      bom: true,
      columns: layout ? layout.columns : (header: string[]) => (columns = header.map((h) => h.trim())),
      relax_column_count: true,
      skip_empty_lines: true,
      // GeoNames has no quoting; a stray quote in a place name must not swallow lines.
      quote: layout?.name === 'geonames-postal' ? false : '"',
      info: true,
    }),
  );
  async function* rows(): AsyncGenerator<SourceRow> {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
      bytes = info.bytes;
      const values: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(record)) values[k] = v === '' ? null : v;
      yield { where: `line ${info.lines}`, values };
    }
  }
  // The header is parsed with the first record; read it now so callers can detect the schema first.
  const iterator = rows();
  const head = await iterator.next();
  async function* all(): AsyncGenerator<SourceRow> {
    if (!head.done) yield head.value;
    yield* iterator;
  }
  return { format: 'csv', columns, rows: all(), bytesRead: () => bytes, totalBytes };
}

async function firstLine(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  } finally {
    await fh.close();
  }
}

function sniffDelimiter(line: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}
