/** One problem with one value of one row, said so that a person can find and fix it in the file. */
export interface Issue {
  /** Line number in a text file (1 = header), or "feature N" in a GeoJSON / GeoPackage. */
  where: string;
  field: string;
  value: string;
  reason: string;
  /** What this row's problem points at (the earlier duplicate, the distance), beside the general reason. */
  detail?: string;
}

/** Thrown by parsers on a value; the importer turns it into an Issue with the row's location. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
    reason: string,
    readonly detail?: string,
  ) {
    super(reason);
  }
}

export function formatIssue(file: string, i: Issue): string {
  return `${file}:${i.where}: ${i.field}=${JSON.stringify(i.value)}: ${i.reason}${i.detail ? ` (${i.detail})` : ''}`;
}
