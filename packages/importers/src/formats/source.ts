/**
 * A file read as a sequence of rows, whatever its format: text tables give their line numbers,
 * feature files their feature numbers, so a report can point at the row.
 */
export interface SourceRow {
  where: string;
  values: Record<string, string | null>;
  /** GeoJSON geometry for feature formats. */
  geometry?: { type: string; coordinates?: unknown } | null;
}

export interface RowSource {
  format: 'csv' | 'geojson' | 'geopackage';
  /** Column names as the file has them (for headerless files, the names of the schema it matched). */
  columns: string[];
  rows: AsyncIterable<SourceRow>;
  /** Bytes consumed so far, for progress. */
  bytesRead(): number;
  totalBytes: number;
}

/**
 * Rows of a feature file already parsed into memory, converted one at a time as they are read.
 * Progress is the share of features read, scaled to the file's size; columns are those of the
 * first 100 features.
 */
export function featureSource<T>(
  format: RowSource['format'],
  totalBytes: number,
  features: readonly T[],
  toRow: (feature: T, i: number) => SourceRow,
  leading: string[] = [],
): RowSource {
  const sample = features.slice(0, 100).flatMap((f, i) => Object.keys(toRow(f, i).values));
  let done = 0;
  async function* rows(): AsyncGenerator<SourceRow> {
    for (let i = 0; i < features.length; i++) {
      done = Math.round(((i + 1) / features.length) * totalBytes);
      yield toRow(features[i]!, i);
    }
  }
  return { format, columns: [...new Set([...leading, ...sample])], rows: rows(), bytesRead: () => done, totalBytes };
}
