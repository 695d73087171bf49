import { formatIssue, type CoverageTally, type TrainingGroup } from '@postatlas/core';
import type { TrainingImportReport } from '@postatlas/importers';
import type { TrainingSummary } from '@postatlas/store';
import { table } from './format.js';

export function printTrainingReport(r: TrainingImportReport, out: (line: string) => void): void {
  const what = r.kind === 'office_staff' ? 'staff counts' : 'training sessions';
  out(`${r.file} → ${what} of ${r.country}`);
  if (r.committed) out(`  read ${r.rows} rows [inserted ${r.counts.inserted}, updated ${r.counts.updated}, unchanged ${r.counts.unchanged}]`);
  for (const i of r.issues) out(`  ${formatIssue(i.file, i)}`);
}

const share = (t: CoverageTally) => (t.share === null ? '-' : `${(100 * t.share).toFixed(1)} %`);

/** Sessions and people per quarter and per admin1 area, then the share of staff trained. */
export function printTrainingSummary(s: TrainingSummary, out: (line: string) => void): void {
  if (s.total.sessions === 0 && s.coverage.country.offices === 0) {
    out(`${s.country} has no training records; import them with postatlas import training FILE --country ${s.country}`);
    return;
  }
  const head = (key: string) => [key, 'sessions', 'participants', 'completed', 'public', 'staff', 'women', 'men', 'other', 'under 15', '15–24', '25–64', '65+', 'age unknown'];
  const row = (g: TrainingGroup) => [
    g.key ?? '(no admin1)', ...[g.sessions, g.participants, g.completed, g.byAudience.public.participants, g.byAudience.staff.participants,
      g.byGender.female, g.byGender.male, g.byGender.other, g.byAge.under_15, g.byAge['15_24'], g.byAge['25_64'], g.byAge['65_plus'], g.byAge.unknown].map(String),
  ];
  out(`training at ${s.country}'s sites${s.from || s.to ? `, ${s.from ?? '…'} to ${s.to ?? '…'}` : ''} (public and staff: participants by audience)`);
  table(head('quarter'), [...s.byQuarter.map(row), row({ ...s.total, key: 'total' })]).forEach((l) => out(`  ${l}`));
  out('');
  table(head('admin1'), s.byAdmin1.map(row)).forEach((l) => out(`  ${l}`));
  out('');
  const c = s.coverage;
  out(`staff trained in the 12 months to ${c.asOf} (at most each office's staff, offices that declared their staff)`);
  table(['admin1', 'offices', 'staff', 'trained', 'share'], [
    ...c.byAdmin1.map((a) => [a.admin1 ?? '(no admin1)', String(a.offices), String(a.staff), String(a.trained), share(a)]),
    [s.country, String(c.country.offices), String(c.country.staff), String(c.country.trained), share(c.country)],
  ]).forEach((l) => out(`  ${l}`));
}
