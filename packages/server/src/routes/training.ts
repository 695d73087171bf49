import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AGE_BANDS, GENDERS, PUBLIC_COUNT_BASE, TRAINING_AUDIENCES, TRAINING_TOPICS, canEditOffice, canManageCountry, coverageWindow, isIsoDate, readOfficeStaff,
  readTrainingSession, rollUpTraining, roundedForPublic, staffCoverage, totalTraining, type TrainingFieldError, type TrainingTally, type TrainingSessionFields,
} from '@postatlas/core';
import {
  coverageInputs, createTrainingSession, deleteTrainingSession, getOfficeStaff, getSite, getTrainingSession, listSiteTraining, setOfficeStaff,
  trainingCells, trainingSummary, updateTrainingSession, type Database,
} from '@postatlas/store';
import { Problem, forbidden, notFound } from '../problems.js';
import { signedIn } from '../plugins/auth.js';
import { Country, Id, Nullable, Problem as ProblemSchema, problemResponses } from '../schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\d$', description: 'YYYY-MM-DD' });
const People = Type.Integer({ minimum: 0 });
const countsOf = <K extends string>(keys: readonly K[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer()])) as Record<K, ReturnType<typeof Type.Integer>>);
const Tally = {
  sessions: Type.Integer(), participants: Type.Integer(), completed: Type.Integer(),
  byGender: countsOf(GENDERS), byAge: countsOf(AGE_BANDS),
};
const Group = Type.Object({
  key: Nullable(Type.String({ description: 'the quarter (2026-Q1) or the admin1 area; null: sites without one' })),
  ...Tally,
  byAudience: Type.Object({ public: Type.Object({ sessions: Type.Integer(), participants: Type.Integer(), completed: Type.Integer() }), staff: Type.Object({ sessions: Type.Integer(), participants: Type.Integer(), completed: Type.Integer() }) }),
});
const CountsRoundedTo = Nullable(Type.Integer({
  description: `gender and age counts rounded to this base (${PUBLIC_COUNT_BASE}) for readers who may not see the records, so a small office's sums single nobody out; null: exact`,
}));
/** The sums as this reader may see them: exact for those who may see the records, else with rounded splits. */
const shown = <G extends TrainingTally>(groups: G[], exact: boolean) => (exact ? groups : groups.map((g) => roundedForPublic(g)));

const Coverage = {
  offices: Type.Integer({ description: 'offices that declared their staff' }), staff: Type.Integer(),
  trained: Type.Integer({ description: 'Σ per office of min(staff, completions of staff sessions in the 12 months)' }), share: Nullable(Type.Number()),
};

const sessionFields = {
  heldOn: Day,
  topic: Type.String({ maxLength: 100, description: TRAINING_TOPICS.map((t) => `${t.code} (${t.audience})`).join(', ') }),
  audience: Type.Optional(Type.Enum([...TRAINING_AUDIENCES], { description: "the topic's audience when absent" })),
  trainer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  hours: Type.Optional(Nullable(Type.Number())),
  participants: People, completed: People,
  female: Type.Optional(People), male: Type.Optional(People), genderOther: Type.Optional(People),
  ageUnder15: Type.Optional(People), age15To24: Type.Optional(People), age25To64: Type.Optional(People), age65Plus: Type.Optional(People), ageUnknown: Type.Optional(People),
};
const SessionBody = Type.Object(sessionFields, { additionalProperties: false, description: 'counts of people only; absent gender and age counts are 0, and each set must add up to participants' });
const Session = Type.Object({
  id: Type.Integer(), country: Type.String(), siteId: Type.Integer(), sourceId: Nullable(Type.String()),
  heldOn: Type.String(), topic: Type.String(), audience: Type.String(), trainer: Nullable(Type.String()), hours: Nullable(Type.Number()),
  participants: Type.Integer(), completed: Type.Integer(), female: Type.Integer(), male: Type.Integer(), genderOther: Type.Integer(),
  ageUnder15: Type.Integer(), age15To24: Type.Integer(), age25To64: Type.Integer(), age65Plus: Type.Integer(), ageUnknown: Type.Integer(),
  createdBy: Type.String(), createdAt: Type.String(),
});
const Staff = Type.Object({ siteId: Type.Integer(), country: Type.String(), staff: Type.Integer(), asOf: Type.String(), updatedBy: Type.Optional(Type.String()) });
const writeResponses = { ...problemResponses, 422: ProblemSchema };

const today = () => new Date().toISOString().slice(0, 10);

/** Refused by core's checks: 422 with every field's problem. */
function invalid(what: string, errors: TrainingFieldError[]): Problem {
  return new Problem(422, `Invalid ${what}`, errors.map((e) => `${e.field}: ${e.reason}`).join('; '), { errors });
}

function checkedSession(body: Record<string, unknown>): TrainingSessionFields {
  const { session, errors } = readTrainingSession(body, today());
  if (!session) throw invalid('training session', errors);
  return session;
}

/**
 * Training at post offices. The sessions as recorded (with their trainers) are for the office's
 * staff and its country's managers, who write them; everyone may read the sums: per office, per
 * quarter and admin1 area of a country, and the share of staff trained in the last 12 months. The
 * public's sums have their gender and age splits rounded (core roundedForPublic).
 */
export const trainingRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  const siteOr404 = async (id: number) => {
    const site = await getSite(db, id);
    if (!site) throw notFound(`no site ${id}`);
    return site;
  };

  app.get('/sites/:id/training', {
    schema: {
      tags: ['training'], summary: "A site's training: sums and staff coverage for everyone; its sessions for its staff and its country's managers",
      params: Id,
      response: {
        200: Type.Object({
          siteId: Type.Integer(), country: Type.String(),
          staff: Nullable(Staff),
          coverage: Type.Object({ asOf: Type.String(), after: Type.String(), ...Coverage }),
          total: Group,
          byQuarter: Type.Array(Group),
          countsRoundedTo: CountsRoundedTo,
          sessions: Type.Optional(Type.Array(Session, { description: 'the latest first; left out for readers who may not see the records' })),
        }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const site = await siteOr404(request.params.id);
    const full = canEditOffice(request.principal, site);
    const asOf = today();
    const window = coverageWindow(asOf);
    const [cells, staff, inputs] = await Promise.all([
      trainingCells(db, site.country, { siteId: site.id }), getOfficeStaff(db, site.id), coverageInputs(db, site.country, window, site.id),
    ]);
    return {
      siteId: site.id, country: site.country,
      // Who last set the count is for those who may see the records.
      staff: staff && !full ? { siteId: staff.siteId, country: staff.country, staff: staff.staff, asOf: staff.asOf } : staff,
      coverage: { asOf, after: window.after, ...staffCoverage(inputs) },
      total: shown([totalTraining(cells)], full)[0]!,
      byQuarter: shown(rollUpTraining(cells, 'quarter'), full),
      countsRoundedTo: full ? null : PUBLIC_COUNT_BASE,
      ...(full ? { sessions: await listSiteTraining(db, site.id) } : {}),
    };
  });

  app.post('/sites/:id/training', {
    schema: { tags: ['training'], summary: 'Record a session at a site (its staff, or a manager of its country)', params: Id, body: SessionBody, response: { 201: Session, ...writeResponses } },
  }, async (request, reply) => {
    const p = signedIn(request);
    const site = await siteOr404(request.params.id);
    if (!canEditOffice(p, site)) throw forbidden(`recording training at site ${site.id} needs its staff or a manager of ${site.country}`);
    const created = await createTrainingSession(db, site.id, checkedSession(request.body), p.actor);
    if (!created) throw notFound(`no site ${site.id}`);
    return reply.status(201).send(created);
  });

  const sessionOr404 = async (id: number) => {
    const s = await getTrainingSession(db, id);
    if (!s) throw notFound(`no training session ${id}`);
    return s;
  };

  app.put('/training/:id', {
    schema: { tags: ['training'], summary: "Replace a session's fields (its site stays)", params: Id, body: SessionBody, response: { 200: Session, ...writeResponses } },
  }, async (request) => {
    const p = signedIn(request);
    const s = await sessionOr404(request.params.id);
    if (!canEditOffice(p, { id: s.siteId, country: s.country })) throw forbidden(`changing training at site ${s.siteId} needs its staff or a manager of ${s.country}`);
    const updated = await updateTrainingSession(db, s.id, checkedSession(request.body), p.actor);
    if (!updated) throw notFound(`no training session ${s.id}`);
    return updated;
  });

  app.delete('/training/:id', {
    schema: { tags: ['training'], summary: 'Remove a session', params: Id, response: { 204: Type.Null(), ...problemResponses } },
  }, async (request, reply) => {
    const p = signedIn(request);
    const s = await sessionOr404(request.params.id);
    if (!canEditOffice(p, { id: s.siteId, country: s.country })) throw forbidden(`removing training at site ${s.siteId} needs its staff or a manager of ${s.country}`);
    await deleteTrainingSession(db, s.id, p.actor);
    return reply.status(204).send(null);
  });

  app.put('/sites/:id/staff', {
    schema: {
      tags: ['training'], summary: "Set how many people work at an office: the denominator of its staff coverage", params: Id,
      body: Type.Object({ staff: People, asOf: Day }, { additionalProperties: false }),
      response: { 200: Staff, ...writeResponses },
    },
  }, async (request) => {
    const p = signedIn(request);
    const site = await siteOr404(request.params.id);
    if (!canEditOffice(p, site)) throw forbidden(`setting the staff of site ${site.id} needs its staff or a manager of ${site.country}`);
    const { staff, errors } = readOfficeStaff(request.body, today());
    if (!staff) throw invalid('staff count', errors);
    const written = await setOfficeStaff(db, site.id, staff, p.actor);
    if (!written) throw notFound(`no site ${site.id}`);
    return written;
  });

  app.get('/countries/:country/training', {
    schema: {
      tags: ['training'], summary: "A country's training: sessions and people per quarter or admin1 area, and the share of staff trained in the last 12 months",
      params: Type.Object({ country: Country }),
      querystring: Type.Object({
        by: Type.Enum(['quarter', 'admin1'], { default: 'quarter' }),
        from: Type.Optional(Day), to: Type.Optional(Day),
        admin1: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        asOf: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\d$', description: 'the end of the 12 months of staff coverage (YYYY-MM-DD); today by default' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          country: Type.String(), by: Type.String(), from: Nullable(Type.String()), to: Nullable(Type.String()), admin1: Nullable(Type.String()),
          total: Group,
          groups: Type.Array(Group),
          countsRoundedTo: CountsRoundedTo,
          coverage: Type.Object({
            asOf: Type.String(), after: Type.String({ description: 'staff sessions held after this day count' }),
            country: Type.Object(Coverage),
            byAdmin1: Type.Array(Type.Object({ admin1: Nullable(Type.String()), ...Coverage })),
          }),
        }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const q = request.query;
    for (const [name, day] of Object.entries({ from: q.from, to: q.to, asOf: q.asOf })) {
      if (day !== undefined && !isIsoDate(day)) throw new Problem(400, 'Invalid request', `${name}=${day} is not a date (YYYY-MM-DD)`);
    }
    const s = await trainingSummary(db, request.params.country, { asOf: q.asOf, from: q.from, to: q.to, admin1: q.admin1 });
    const exact = canManageCountry(request.principal, s.country);
    return {
      country: s.country, by: q.by, from: s.from, to: s.to, admin1: s.admin1,
      total: shown([s.total], exact)[0]!, groups: shown(q.by === 'admin1' ? s.byAdmin1 : s.byQuarter, exact), countsRoundedTo: exact ? null : PUBLIC_COUNT_BASE,
      coverage: s.coverage,
    };
  });
};
