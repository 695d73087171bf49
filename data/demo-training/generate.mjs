// Generates data/demo-training/sessions.csv and staff.csv: ILLUSTRATIVE training records for Spain's
// post offices, for the demo. They are not Correos' records: every session, count and trainer below
// follows the rules written here, from the OpenStreetMap post offices the demo imports. Run after
// `npm run build`:
//
//   node data/demo-training/generate.mjs
//
// The offices are imported into a throwaway embedded database with the real importer (so the files
// name exactly the sites the demo has), and the files are then imported there with the real
// training importers, which refuse anything the rules got wrong. The output is the same on every run.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TRAINING_TOPICS, addDays, csvLine, haversineM } from '@postatlas/core';
import { importFile, importOfficeStaff, importTraining } from '@postatlas/importers';
import { migrate, openEmbedded } from '@postatlas/store';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DATASET = 'osm-spain-post-offices';

// The rules, with their reasons.
const RULES = {
  // As data/demo-services: an office with at least 3 other post offices within 3 km is in a town or
  // city (OSM has no office size; the density of offices follows population).
  cityNeighbours: 3,
  cityRadiusM: 3_000,
  carriers: /\b(GLS|MRW|UPS|DHL|TIPSA|ASM|Tourline|Mail Boxes|redyser|Transportes|SEUR|Nacex|InPost)\b/i,
  // Staff: city offices 6–20 people, others 1–4 (a rural office is often one or two people).
  cityStaff: [6, 20],
  townStaff: [1, 4],
  staffAsOf: '2026-10-01',
  // Sessions between these days, on weekdays.
  first: '2025-01-13',
  last: '2026-11-27',
  // About one office in 16 runs workshops for the public (city offices 2–4 over the period, others 1–2);
  // about one in 12 has trained its staff in cyber hygiene (once, or twice at a city office).
  publicEvery: 16,
  staffEvery: 12,
  // Who comes: women are a little over half of the learners at digital-skills workshops; people over
  // 65 are most of those at the basic course, working-age people most of the others.
  femaleShare: 0.56,
  ages: {
    'digital_skills.basic': { '15_24': 0.05, '25_64': 0.35, '65_plus': 0.6 },
    'digital_skills.egov': { '15_24': 0.1, '25_64': 0.6, '65_plus': 0.3 },
    'digital_skills.finance': { '15_24': 0.1, '25_64': 0.55, '65_plus': 0.35 },
    'digital_skills.ecommerce': { '15_24': 0.2, '25_64': 0.75, '65_plus': 0.05 },
    'digital_skills.online_safety': { under_15: 0.3, '15_24': 0.2, '25_64': 0.3, '65_plus': 0.2 },
  },
  hours: { 'digital_skills.basic': 3, 'digital_skills.egov': 2, 'digital_skills.finance': 2, 'digital_skills.ecommerce': 3, 'digital_skills.online_safety': 1.5, 'cyber_hygiene.basics': 2, 'cyber_hygiene.phishing': 1, 'cyber_hygiene.fraud': 1.5 },
  // Fictitious trainers: a label, not a person.
  trainers: ['Demo trainer A', 'Demo trainer B', 'Demo trainer C', 'Demo trainer D', 'Demo trainer E', 'Demo trainer F'],
};

/** FNV-1a of the OSM id: a stable pseudo-random choice per office, the same on every run. */
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** mulberry32: a small seeded generator, so the files are the same on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const db = await openEmbedded();
await migrate(db);
await importFile(db, {
  layer: 'sites', file: here('../osm-spain-post-offices/post-offices.csv'), country: 'ESP', dataset: DATASET, skipInvalid: true, importedBy: 'generate.mjs',
});
const { rows } = await db.query(
  `SELECT source_id AS "sourceId", name, ST_Y(geom) AS lat, ST_X(geom) AS lon, attributes->>'operator' AS operator FROM sites ORDER BY source_id COLLATE "C"`,
);

const offices = rows.filter((s) => !RULES.carriers.test(`${s.name ?? ''} ${s.operator ?? ''}`));
for (const o of offices) {
  o.city = offices.filter((p) => p !== o && Math.abs(p.lat - o.lat) < 0.05 && haversineM(o.lat, o.lon, p.lat, p.lon) <= RULES.cityRadiusM).length >= RULES.cityNeighbours;
  o.h = hash(o.sourceId);
  o.rand = random(o.h);
  o.key = o.sourceId.replace('/', '-');
}

const between = (r, [lo, hi]) => lo + Math.floor(r() * (hi - lo + 1));
const days = Math.round((Date.parse(RULES.last) - Date.parse(RULES.first)) / 86_400_000);
/** A weekday between RULES.first and RULES.last. */
function weekday(r) {
  let d = addDays(RULES.first, Math.floor(r() * (days + 1)));
  while ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d > RULES.last ? addDays(d, -3) : d;
}
/** n people split over the shares' keys, each share rounded down and the rest to the largest. */
function split(r, n, shares) {
  const keys = Object.keys(shares);
  const out = Object.fromEntries(keys.map((k) => [k, 0]));
  for (let i = 0; i < n; i++) {
    let x = r();
    const k = keys.find((key) => (x -= shares[key]) < 0) ?? keys[keys.length - 1];
    out[k] += 1;
  }
  return out;
}

const PUBLIC_TOPICS = TRAINING_TOPICS.filter((t) => t.audience === 'public').map((t) => t.code);
const STAFF_TOPICS = TRAINING_TOPICS.filter((t) => t.audience === 'staff').map((t) => t.code);
const header = ['session_id', 'site_id', 'dataset', 'held_on', 'topic', 'audience', 'trainer', 'hours', 'participants', 'completed',
  'female', 'male', 'gender_other', 'age_under_15', 'age_15_24', 'age_25_64', 'age_65_plus', 'age_unknown'];
const sessions = [];
const staffRows = [];
for (const o of offices) {
  const r = o.rand;
  const staff = between(r, o.city ? RULES.cityStaff : RULES.townStaff);
  staffRows.push([o.sourceId, DATASET, staff, RULES.staffAsOf]);
  const session = (n, topic, audience, participants, completed, gender, age) => sessions.push([
    `demo-${o.key}-${n}`, o.sourceId, DATASET, weekday(r), topic, audience, RULES.trainers[between(r, [0, RULES.trainers.length - 1])], RULES.hours[topic],
    participants, completed, gender.female, gender.male, gender.other, age.under_15 ?? 0, age['15_24'] ?? 0, age['25_64'] ?? 0, age['65_plus'] ?? 0, age.unknown ?? 0,
  ]);
  let n = 0;
  if (o.h % RULES.publicEvery === 0) {
    for (let k = between(r, o.city ? [2, 4] : [1, 2]); k > 0; k--) {
      const topic = PUBLIC_TOPICS[between(r, [0, PUBLIC_TOPICS.length - 1])];
      const participants = between(r, o.city ? [6, 15] : [4, 10]);
      // Most finish; a workshop loses one or two now and then.
      const completed = participants - between(r, [0, 2]);
      const gender = split(r, participants, { female: RULES.femaleShare, male: 1 - RULES.femaleShare - 0.01, other: 0.01 });
      session(++n, topic, 'public', participants, completed, gender, split(r, participants, RULES.ages[topic]));
    }
  }
  if ((o.h >>> 8) % RULES.staffEvery === 0) {
    for (let k = o.city ? between(r, [1, 2]) : 1; k > 0; k--) {
      const topic = STAFF_TOPICS[between(r, [0, STAFF_TOPICS.length - 1])];
      // Some of the office's staff, who all complete it (it is part of their work).
      const participants = between(r, [Math.ceil(staff / 2), staff]);
      const age = split(r, participants, { '15_24': 0.1, '25_64': 0.9 });
      session(++n, topic, 'staff', participants, participants, split(r, participants, { female: 0.6, male: 0.4 }), age);
    }
  }
}
sessions.sort((a, b) => (a[3] === b[3] ? (a[0] < b[0] ? -1 : 1) : a[3] < b[3] ? -1 : 1));

const sessionsFile = here('sessions.csv');
const staffFile = here('staff.csv');
writeFileSync(sessionsFile, csvLine(header) + sessions.map(csvLine).join(''));
writeFileSync(staffFile, csvLine(['site_id', 'dataset', 'staff', 'as_of']) + staffRows.map(csvLine).join(''));

// The importers refuse a file the rules got wrong (sums, dates, sites): check before anyone else reads it.
const imported = await importTraining(db, { file: sessionsFile, country: 'ESP', importedBy: 'generate.mjs', today: RULES.last });
const staffImported = await importOfficeStaff(db, { file: staffFile, country: 'ESP', importedBy: 'generate.mjs', today: RULES.staffAsOf });
await db.close();
const cities = offices.filter((o) => o.city).length;
const byAudience = (a) => sessions.filter((s) => s[5] === a);
console.log(`${offices.length} offices (${cities} in cities): ${staffImported.counts.inserted} staff counts, ${imported.counts.inserted} sessions`);
console.log(`public: ${byAudience('public').length} sessions, ${byAudience('public').reduce((n, s) => n + s[8], 0)} people; staff: ${byAudience('staff').length} sessions, ${byAudience('staff').reduce((n, s) => n + s[8], 0)} people`);
