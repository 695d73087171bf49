/**
 * A scenario's report from the store, as the CLI writes it and the server sends it: HTML, or
 * that HTML printed to PDF.
 *
 *     const r = await scenarioReport(db, { country: 'STP', name: 'half', format: 'pdf', lang: 'fr' });
 *     if (r) writeFileSync(r.fileName, r.body);
 */
import type { Sql } from '@postatlas/store';
import { reportHtml } from './html.js';
import { words, type ReportLanguage } from './messages.js';
import { reportModel } from './model.js';
import { htmlToPdf } from './pdf.js';
import { readReport } from './read.js';

export type ReportFormat = 'html' | 'pdf';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'pdf'];

export interface RenderedReport {
  body: Buffer;
  contentType: string;
  /** A name no header or file system misreads: ESP-usf-2027-report-fr.pdf */
  fileName: string;
}

/** null when the country has no scenario of that name. `scope`: the reader's private scope, as readReport takes it. */
export async function scenarioReport(
  db: Sql, q: { country: string; name: string; format: ReportFormat; lang: ReportLanguage; scope?: readonly string[] | null; now?: Date },
): Promise<RenderedReport | null> {
  const data = await readReport(db, q);
  if (!data) return null;
  const html = reportHtml(reportModel(data), q.lang);
  const fileName = `${q.country}-${q.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-report-${q.lang}.${q.format}`;
  if (q.format === 'html') return { body: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8', fileName };
  const w = words(q.lang);
  const body = await htmlToPdf(html, { footer: `${w.say('docTitle', { name: q.name })} · ${q.country}`, dir: w.dir });
  return { body, contentType: 'application/pdf', fileName };
}
