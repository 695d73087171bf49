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
