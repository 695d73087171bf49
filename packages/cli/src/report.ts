import { writeFileSync } from 'node:fs';
import { REPORT_FORMATS, REPORT_LANGUAGES, isReportLanguage, scenarioReport, type ReportFormat, type ReportLanguage } from '@postatlas/report';
import type { Database } from '@postatlas/store';

/** The format and language asked for, checked before the database is opened; an unknown one is an error naming it. */
export function reportOptions(format: string | undefined, lang: string | undefined): { format: ReportFormat; lang: ReportLanguage } {
  const f = REPORT_FORMATS.find((x) => x === (format ?? 'html'));
  if (!f) throw new Error(`report: --format ${format}: expected ${REPORT_FORMATS.join(' or ')}`);
  const l = lang ?? 'en';
  if (!isReportLanguage(l)) throw new Error(`report: --lang ${lang}: expected one of ${REPORT_LANGUAGES.join(', ')}`);
  return { format: f, lang: l };
}

/**
 * `postatlas report`: a scenario's report written to a file, HTML (self-contained, opens offline)
 * or PDF (printed by Debian's Chromium). Returns what it wrote, for the line the command prints.
 */
export async function writeReport(
  db: Database, o: { country: string; name: string; format: ReportFormat; lang: ReportLanguage; out: string },
): Promise<{ file: string; bytes: number }> {
  const r = await scenarioReport(db, o);
  if (!r) throw new Error(`report: no scenario named "${o.name}" in ${o.country}; postatlas list scenarios --country ${o.country} shows them`);
  writeFileSync(o.out, r.body);
  return { file: o.out, bytes: r.body.length };
}
