import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MEASUREMENT_PARAMETERS, belowContract, canReadPrivate, canSubmitMeasurements, checkMeasurement, siteStatus } from '@postatlas/core';
import { dailyAggregates, weeklyAggregates, getSite, ingestMeasurements, listMeasurements, listRejectedMeasurements, siteMeasurementSummary, type Database } from '@postatlas/store';
import { signedIn } from '../plugins/auth.js';
import { forbidden, notFound } from '../problems.js';
import { Id, Nullable, problemResponses } from '../schemas.js';

const optionalNumber = (minimum: number, maximum: number) => Type.Optional(Nullable(Type.Number({ minimum, maximum })));
const Measurement = Type.Object({
  deviceId: Type.String({ minLength: 1, maxLength: 200, description: 'the device\'s hardware id' }),
  kind: Type.Enum(['speedtest', 'uptime'], { default: 'speedtest' }),
  measuredAt: Type.String({ format: 'date-time' }),
  downloadMbps: optionalNumber(0, 100_000),
  uploadMbps: optionalNumber(0, 100_000),
  latencyMs: optionalNumber(0, 600_000),
  jitterMs: optionalNumber(0, 600_000),
  packetLoss: optionalNumber(0, 1),
  lat: optionalNumber(-90, 90),
  lon: optionalNumber(-180, 180),
  isp: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  asn: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 4_294_967_295 }))),
}, { additionalProperties: false });

const Aggregate = Type.Object({
  day: Type.String(), tests: Type.Integer(), medianDownloadMbps: Nullable(Type.Number()), medianUploadMbps: Nullable(Type.Number()),
  medianLatencyMs: Nullable(Type.Number()), uptimePings: Type.Integer(),
});

/**
 * Speed tests and uptime pings from the devices in a post office, one at a time or in batches a
 * device buffered while offline. The answer comes after the database has committed: what is
 * acknowledged is durable. Refused measurements are kept, with their reason.
 */
export const measurementsRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.post('/:id/measurements', {
    // Thousands a second must not empty the tile cache; an office that becomes connected changes its
    // site's version, which the tiles check every few seconds.
    config: { keepsTiles: true },
    schema: {
      tags: ['measurements'], summary: 'Report measurements for a site (a device key of that site)', params: Id,
      body: Type.Object({ measurements: Type.Array(Measurement, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer(), flagged: Type.Integer(), rejected: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String() })) }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const p = signedIn(request);
    const siteId = request.params.id;
    if (!canSubmitMeasurements(p, siteId)) throw forbidden(`only a device key of site ${siteId} may report its measurements`);
    const site = await getSite(db, siteId);
    if (!site) throw notFound(`no site ${siteId}`);
    const now = new Date();
    const items = request.body.measurements.map((m) => {
      const check = checkMeasurement(m, site, now);
      const { deviceId, ...values } = m;
      return { input: { ...values, hardwareId: deviceId, distanceM: check.distanceM, flags: check.flags }, rejectedReason: check.rejectedReason };
    });
    return ingestMeasurements(db, siteId, items, { maxDevices: MEASUREMENT_PARAMETERS.maxDevicesPerSite });
  });

  app.get('/:id/measurements/summary', {
    schema: {
      tags: ['measurements'], summary: 'Is the site reporting, how fast is it, and is that what its contract says', params: Id,
      response: {
        200: Type.Object({
          status: Type.Enum(['live', 'at_risk', 'dropped', 'never']), lastMeasuredAt: Nullable(Type.String()), devices: Type.Integer(), tests: Type.Integer(),
          medianDownloadMbps7d: Nullable(Type.Number()), medianUploadMbps7d: Nullable(Type.Number()), medianLatencyMs7d: Nullable(Type.Number()),
          contractedMbps: Nullable(Type.Number()), belowContract: Nullable(Type.Boolean()),
          daily: Type.Array(Aggregate, { description: 'the last 28 days' }),
          weekly: Type.Array(Aggregate, { description: 'the last 12 ISO weeks; day is the Monday' }),
        }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const site = await getSite(db, request.params.id);
    if (!site) throw notFound(`no site ${request.params.id}`);
    const now = new Date();
    const s = await siteMeasurementSummary(db, site.id, now);
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
    const daily = await dailyAggregates(db, site.id, { from: daysAgo(28), to: now.toISOString() });
    const weekly = await weeklyAggregates(db, site.id, { from: daysAgo(7 * 11), to: now.toISOString() });
    // The contract is private: the public sees the measured speed, not what was promised for it.
    const contract = canReadPrivate(request.principal, site.country)
      ? { contractedMbps: s.contractedMbps, belowContract: belowContract(s.medianDownloadMbps7d, s.contractedMbps) }
      : { contractedMbps: null, belowContract: null };
    return { ...s, ...contract, status: siteStatus(s.lastMeasuredAt, now), daily, weekly };
  });

  app.get('/:id/measurements', {
    schema: {
      tags: ['measurements'], summary: 'Raw measurements and refusals of a site (its country\'s managers)', params: Id,
      querystring: Type.Object({ after: Type.Integer({ minimum: 0, default: 0 }), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Type.Unknown()), rejected: Type.Array(Type.Unknown()) }), ...problemResponses },
    },
  }, async (request) => {
    const p = signedIn(request);
    const site = await getSite(db, request.params.id);
    if (!site) throw notFound(`no site ${request.params.id}`);
    if (!canReadPrivate(p, site.country)) throw forbidden(`raw measurements of ${site.country} are for its managers`);
    return {
      items: await listMeasurements(db, site.id, { afterId: request.query.after, limit: request.query.limit }),
      rejected: await listRejectedMeasurements(db, site.id, 100),
    };
  });
};
