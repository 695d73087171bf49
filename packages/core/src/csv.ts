/**
 * CSV as RFC 4180 writes it, for downloads and exports: one cell, or one line of cells.
 *
 *     csvLine([7, 'Correio, Central', null, { wifi: true }]);  // '7,"Correio, Central",,"{""wifi"":true}"'
 *     csvCell('=HYPERLINK("http://x")');                     // '"\'=HYPERLINK(""http://x"")"'
 */

/**
 * Text a spreadsheet would read as a formula. These files are opened in Excel and LibreOffice, which
 * run a cell that starts with = + - @ (or a tab or carriage return before one) as a formula; a
 * site name from an imported file could then fetch a URL or run a command on the reader's machine
 * (CSV injection, OWASP). A leading single quote makes the spreadsheet show the text as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A value as a CSV field: empty for null, ISO 8601 for times, JSON for other objects, quoted when it holds a comma, a quote or a line break. */
export function csvCell(v: unknown): string {
  if (v == null) return '';
  let s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Only text is guarded: a number such as -1.29 is a value, not a formula, and must stay one.
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A text cell as it was before csvCell guarded it, for files this project wrote and reads back. */
export function unguardedText(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** One record of cells, ending with CRLF as RFC 4180 says. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
