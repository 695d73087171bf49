/**
 * What an import did, row by row: the refusal of a file with invalid rows (nothing written, the
 * rows and why, and the offer to import the valid ones) or the report of a committed import
 * (what was inserted, updated, left unchanged, removed and skipped).
 *
 *     html`<${Refused} refusal=${err.problem} onImportValid=${() => send(true)} busy=${false} />`
 *     html`<${Imported} report=${report} />`
 */
import { html } from 'htm/preact';
import { say } from './data-messages.js';
import { countryName, formatNumber } from './i18n.js';

/** One rejected row as the API names it: `line` for text files, `where` ("feature 3") for the rest. */
export interface RowIssue { line?: number | null; where: string; field: string; value: string; reason: string; detail?: string }

/** The 422 problem of POST /api/imports; a whole-file refusal has no counts and no rows. */
export interface Refusal {
  title?: string; detail?: string; file?: string;
  rowsRead?: number; rejected?: number; reasons?: Record<string, number>; errors?: RowIssue[];
}

/** The 201 answer of POST /api/imports. */
export interface ImportReport {
  file: string; layer: string; format: string; schema: string; dataset: string; datasetId: number;
  rowsRead: number; imported: number; inserted: number; updated: number; unchanged: number; removed: number; rejected: number;
  countries: Record<string, number>; issues: RowIssue[]; reasons: Record<string, number>; committed: boolean;
}

function IssueTable({ issues, caption }: { issues: RowIssue[]; caption: string }) {
  return html`
    <div class="table-scroll">
      <table class="issues" data-testid="issues">
        <caption>${caption}</caption>
        <thead><tr><th scope="col">${say('line')}</th><th scope="col">${say('field')}</th><th scope="col">${say('value')}</th><th scope="col">${say('reason')}</th></tr></thead>
        <tbody>
          ${issues.map((i) => html`
            <tr>
              <td>${i.line ?? i.where}</td>
              <td><code>${i.field}</code></td>
              <td dir="auto"><code>${i.value}</code></td>
              <td dir="auto">${i.reason}${i.detail ? html` <small>(${i.detail})</small>` : null}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>
  `;
}

function Reasons({ reasons }: { reasons: Record<string, number> }) {
  const entries = Object.entries(reasons).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return null;
  return html`
    <h3>${say('byReason')}</h3>
    <ul class="reasons">${entries.map(([reason, n]) => html`<li><strong>${formatNumber(n)}</strong> <bdi>${reason}</bdi></li>`)}</ul>
  `;
}

export function Refused({ refusal, onImportValid, busy }: { refusal: Refusal; onImportValid: () => void; busy: boolean }) {
  const counted = refusal.rowsRead !== undefined && refusal.rejected !== undefined;
  const errors = refusal.errors ?? [];
  // A file whose every row is invalid has nothing to import: the offer would only be refused again.
  const someValid = counted && refusal.rowsRead! > refusal.rejected!;
  return html`
    <section class="import-result refused" aria-labelledby="refused-title" data-testid="import-refused">
      <h2 id="refused-title" tabindex="-1">${say('refusedTitle')}${refusal.file ? html`: <span dir="auto">${refusal.file}</span>` : null}</h2>
      <div role="alert">
        ${counted
          ? html`<p><strong>${say('refusedCounts', { rejected: formatNumber(refusal.rejected), rowsRead: formatNumber(refusal.rowsRead) })}</strong></p>`
          : html`<p dir="auto">${refusal.detail}</p>`}
        <p>${say('nothingWritten')}${someValid ? ` ${say('fixOrSkip')}` : ''}</p>
      </div>
      ${someValid ? html`<p><button type="button" class="primary" disabled=${busy} onClick=${onImportValid}>${say('importValid')}</button></p>` : null}
      ${refusal.reasons ? html`<${Reasons} reasons=${refusal.reasons} />` : null}
      ${errors.length > 0 ? html`
        <${IssueTable} issues=${errors}
          caption=${errors.length < (refusal.rejected ?? 0)
            ? say('listed', { listed: formatNumber(errors.length), rejected: formatNumber(refusal.rejected) })
            : say('invalidRows')} />` : null}
    </section>
  `;
}

export function Imported({ report }: { report: ImportReport }) {
  const counts = ['rowsRead', 'inserted', 'updated', 'unchanged', 'removed', 'rejected'] as const;
  return html`
    <section class="import-result imported" aria-labelledby="imported-title" data-testid="import-report">
      <h2 id="imported-title" tabindex="-1">${say('importedTitle', { dataset: report.dataset })}</h2>
      <dl class="counts">
        ${counts.map((k) => html`<div><dt>${say(k)}</dt><dd data-testid=${k}>${formatNumber(report[k])}</dd></div>`)}
        <div class="wide">
          <dt>${say('countries')}</dt>
          <dd data-testid="countries">${Object.entries(report.countries).map(([c, n]) => `${countryName(c)} (${formatNumber(n)})`).join(', ') || '–'}</dd>
        </div>
      </dl>
      ${report.rejected > 0 ? html`<${Reasons} reasons=${report.reasons} />` : null}
      ${report.issues.length > 0 ? html`<${IssueTable} issues=${report.issues.map(withLine)} caption=${say('skippedRows')} />` : null}
    </section>
  `;
}

/** The committed report names rows as "line 3", as the refusal's `line` does not. */
const withLine = (i: RowIssue): RowIssue => ({ ...i, line: i.line ?? (/^line \d+$/.test(i.where) ? Number(i.where.slice(5)) : null) });
