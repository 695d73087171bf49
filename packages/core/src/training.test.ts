import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TAXONOMY_LANGUAGES } from './services/taxonomy.js';
import {
  TRAINING_COLUMNS, TRAINING_TOPICS, coverageWindow, emptyTally, quarterOf, readOfficeStaff, readTrainingSession, rollUpTraining, roundedForPublic, staffCoverage,
  subtractMonths, totalTraining, trainingTopic, type TrainingCell, type TrainingField,
} from './training.js';

const TODAY = '2026-03-10';

// Four people at a phishing course for staff: two women, two men, all of working age; three completed it.
const phishing = {
  heldOn: '2026-03-02', topic: 'cyber_hygiene.phishing', trainer: ' Ana Ruiz ', hours: '1.5', participants: '4', completed: '3',
  female: '2', male: '2', ageUnder15: '', age25To64: 4,
};

test('topics: stable codes, named in the four languages, each for the public or the staff', () => {
  assert.equal(new Set(TRAINING_TOPICS.map((t) => t.code)).size, TRAINING_TOPICS.length);
  for (const t of TRAINING_TOPICS) {
    for (const l of TAXONOMY_LANGUAGES) assert.ok(t.names[l].length > 0, `${t.code} ${l}`);
    assert.equal(t.audience, t.code.startsWith('digital_skills.') ? 'public' : 'staff', t.code);
  }
  assert.equal(trainingTopic('digital_skills.egov')?.names.es, 'Uso de los servicios públicos en línea');
  assert.equal(trainingTopic('cooking'), undefined);
});

test('a session read from text: trimmed, numbers parsed, the audience taken from its topic, absent counts 0', () => {
  assert.deepEqual(readTrainingSession(phishing, TODAY), {
    session: {
      heldOn: '2026-03-02', topic: 'cyber_hygiene.phishing', audience: 'staff', trainer: 'Ana Ruiz', hours: 1.5, participants: 4, completed: 3,
      female: 2, male: 2, genderOther: 0, ageUnder15: 0, age15To24: 0, age25To64: 4, age65Plus: 0, ageUnknown: 0,
    },
    errors: [],
  });
  // Tomorrow is allowed (east of UTC it already is), the day after is not.
  assert.deepEqual(readTrainingSession({ ...phishing, heldOn: '2026-03-11' }, TODAY).errors, []);
  assert.deepEqual(readTrainingSession({ ...phishing, participants: 0, completed: 0, female: 0, male: 0, age25To64: 0 }, TODAY).errors, []);
});

test('every problem of a session, each naming its field, value and reason', () => {
  const wrong = {
    heldOn: '2026-02-30', topic: 'digital_skills.basic', audience: 'staff', hours: '0', participants: '10', completed: '11',
    female: '3', male: 'four', genderOther: '-1', ageUnder15: '2', age15To24: '3', age25To64: '4', age65Plus: '0', ageUnknown: '0',
  };
  assert.deepEqual(readTrainingSession(wrong, TODAY).errors, [
    { field: 'male', value: 'four', reason: 'not a whole number of people (0 or more)' },
    { field: 'genderOther', value: '-1', reason: 'not a whole number of people (0 or more)' },
    { field: 'heldOn', value: '2026-02-30', reason: 'not a date (YYYY-MM-DD)' },
    { field: 'audience', value: 'staff', reason: 'digital_skills.basic is a topic for the public, not the staff' },
    { field: 'hours', value: '0', reason: 'not a number of hours above 0 and at most 200' },
    { field: 'completed', value: '11', reason: 'more than the participants (10)' },
    // The gender sum has a bad part, already reported: only the age sum is checked.
    { field: 'ageUnder15+age15To24+age25To64+age65Plus+ageUnknown', value: '2+3+4+0+0', reason: 'adds up to 9, not the participants (10)' },
  ]);
  const columns = (f: TrainingField) => TRAINING_COLUMNS[f];
  assert.deepEqual(readTrainingSession({ topic: 'cooking', participants: 2, completed: 1, female: 1, male: 0, ageUnknown: 2, heldOn: '2026-03-12' }, TODAY, columns).errors, [
    { field: 'held_on', value: '2026-03-12', reason: 'in the future (today is 2026-03-10)' },
    { field: 'topic', value: 'cooking', reason: `not a training topic (${TRAINING_TOPICS.map((t) => t.code).join(', ')})` },
    { field: 'female+male+gender_other', value: '1+0+0', reason: 'adds up to 1, not the participants (2)' },
  ]);
  assert.deepEqual(readTrainingSession({}, TODAY).errors.map((e) => `${e.field}: ${e.reason}`), ['participants: missing', 'completed: missing', 'heldOn: missing', 'topic: missing']);
  assert.deepEqual(readTrainingSession({ ...phishing, participants: 5001, completed: 0 }, TODAY).errors[0], { field: 'participants', value: '5001', reason: 'more than 5000 people in one session' });
  assert.deepEqual(readTrainingSession({ ...phishing, participants: 2.5 }, TODAY).errors[0], { field: 'participants', value: '2.5', reason: 'not a whole number of people (0 or more)' });
});

test('an office\'s staff count: whole people, a date not in the future', () => {
  assert.deepEqual(readOfficeStaff({ staff: ' 12 ', asOf: '2026-01-31' }, TODAY), { staff: { staff: 12, asOf: '2026-01-31' }, errors: [] });
  assert.deepEqual(readOfficeStaff({ staff: 0, asOf: '2026-03-11' }, TODAY).errors, []);
  assert.deepEqual(readOfficeStaff({ staff: '3.5', asOf: '2026-03-12' }, TODAY, (f) => (f === 'asOf' ? 'as_of' : f)).errors, [
    { field: 'staff', value: '3.5', reason: 'not a whole number of people (0 or more)' },
    { field: 'as_of', value: '2026-03-12', reason: 'in the future (today is 2026-03-10)' },
  ]);
  assert.deepEqual(readOfficeStaff({ staff: 10_001, asOf: '31/01/2026' }, TODAY).errors.map((e) => e.reason), ['more than 10000 people at one office', 'not a date (YYYY-MM-DD)']);
  assert.deepEqual(readOfficeStaff({}, TODAY).errors.map((e) => `${e.field}: ${e.reason}`), ['staff: missing', 'asOf: missing']);
});

test('the coverage window is the 12 months to the day, the first day left out', () => {
  assert.deepEqual(coverageWindow('2026-03-10'), { after: '2025-03-10', until: '2026-03-10' });
  // 29 February a year back has no such day: the month's last.
  assert.deepEqual(coverageWindow('2028-02-29'), { after: '2027-02-28', until: '2028-02-29' });
  assert.equal(subtractMonths('2026-01-31', 2), '2025-11-30');
  assert.equal(subtractMonths('2026-03-31', 1), '2026-02-28');
});

test('staff coverage: each office counts at most its staff; offices that did not declare staff are left out', () => {
  assert.deepEqual(staffCoverage([]), { offices: 0, staff: 0, trained: 0, share: null });
  // 12 completions at an office of 10 staff count 10, not 12.
  assert.deepEqual(staffCoverage([{ staff: 10, completed: 12 }, { staff: 10, completed: 5 }, { staff: null, completed: 30 }, { staff: 0, completed: 0 }]), {
    offices: 3, staff: 20, trained: 15, share: 0.75,
  });
  assert.deepEqual(staffCoverage([{ staff: 0, completed: 2 }]), { offices: 1, staff: 0, trained: 0, share: null });
});

test('quarters', () => {
  assert.deepEqual(['2025-01-01', '2025-03-31', '2025-04-01', '2025-09-30', '2025-10-01', '2025-12-31'].map(quarterOf), ['2025-Q1', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2025-Q4']);
});

const cell = (quarter: string, admin1: string | null, audience: 'public' | 'staff', sessions: number, people: number, completed: number): TrainingCell => ({
  quarter, admin1, audience, sessions, participants: people, completed,
  female: people - 1, male: 1, genderOther: 0, ageUnder15: 0, age15To24: 0, age25To64: people, age65Plus: 0, ageUnknown: 0,
});

test('cells roll up per quarter or per area, split by audience', () => {
  const cells = [cell('2026-Q1', 'Madrid', 'public', 2, 20, 15), cell('2025-Q4', null, 'staff', 1, 4, 4), cell('2026-Q1', 'Galicia', 'staff', 1, 3, 3)];
  const byQuarter = rollUpTraining(cells, 'quarter');
  assert.deepEqual(byQuarter.map((g) => [g.key, g.sessions, g.participants, g.completed, g.byAudience.public.participants, g.byAudience.staff.participants]), [
    ['2025-Q4', 1, 4, 4, 0, 4],
    ['2026-Q1', 3, 23, 18, 20, 3],
  ]);
  assert.deepEqual(byQuarter[1]!.byGender, { female: 21, male: 2, other: 0 });
  assert.deepEqual(byQuarter[1]!.byAge, { under_15: 0, '15_24': 0, '25_64': 23, '65_plus': 0, unknown: 0 });
  assert.deepEqual(rollUpTraining(cells, 'admin1').map((g) => [g.key, g.participants]), [['Galicia', 3], ['Madrid', 20], [null, 4]]);
  const total = totalTraining(cells);
  assert.deepEqual([total.sessions, total.participants, total.completed, total.byGender.male], [4, 27, 22, 3]);
});

test('the public sees gender and age counts rounded to 5; sessions, people and completions exact', () => {
  const g = { ...emptyTally(), sessions: 2, participants: 13, completed: 12, byGender: { female: 1, male: 10, other: 2 }, byAge: { under_15: 0, '15_24': 3, '25_64': 8, '65_plus': 2, unknown: 0 } };
  const shown = roundedForPublic({ ...g, key: '2026-Q2' });
  assert.deepEqual(shown, {
    key: '2026-Q2', sessions: 2, participants: 13, completed: 12,
    byGender: { female: 0, male: 10, other: 0 }, byAge: { under_15: 0, '15_24': 5, '25_64': 10, '65_plus': 0, unknown: 0 },
  });
  // The one woman cannot be found again as people minus the other splits: 13 − 10 − 0 is 3, not 1.
  assert.notEqual(shown.participants - shown.byGender.male - shown.byGender.other, g.byGender.female);
  assert.deepEqual(roundedForPublic(g, 1), g, 'base 1 is the exact counts');
  assert.equal(g.byGender.female, 1, 'the group given is not changed');
});
