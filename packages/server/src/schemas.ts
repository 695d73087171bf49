/** Shapes shared by the routes; the OpenAPI document is generated from these. */
import { Type, type Static, type TSchema } from 'typebox';
import { CONNECTIVITY_TYPES, ROLES, SITE_TYPES } from '@postatlas/core';

/**
 * T or null, as `type: [T, 'null']` where T is a primitive: the serialiser writes that directly,
 * while a union (anyOf) makes it validate every value against each branch, five times slower.
 */
export const Nullable = <T extends TSchema>(t: T) => {
  const type = (t as { type?: unknown }).type;
  return typeof type === 'string' ? Type.Unsafe<Static<T> | null>({ ...t, type: [type, 'null'] }) : Type.Union([t, Type.Null()]);
};
const oneOf = <T extends string[]>(values: readonly [...T]) => Type.Enum(values);

export const Country = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' });
export const Id = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const RoleName = oneOf(ROLES);
export const SiteTypeName = oneOf(SITE_TYPES);

export const Site = Type.Object({
  id: Type.Integer(),
  sourceId: Type.String(),
  dataset: Type.String(),
  name: Nullable(Type.String()),
  siteType: Type.String(),
  country: Type.String(),
  admin1: Nullable(Type.String()),
  admin2: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  isConnected: Nullable(Type.Boolean()),
  connectivityType: Type.String(),
  downloadMbps: Nullable(Type.Number()),
  hasElectricity: Nullable(Type.Boolean()),
  /** The digital services the office offers (the locator's business). */
  services: Nullable(Type.Unknown()),
  openingHours: Nullable(Type.Unknown()),
  /** Left out for readers who may not see the country's private data. */
  contractedMbps: Type.Optional(Nullable(Type.Number())),
  contractedMonthlyUsd: Type.Optional(Nullable(Type.Number())),
  measuredDownloadMbps: Nullable(Type.Number({ description: 'median download of the last 7 days of speed tests from the office\'s devices' })),
  measuredAt: Nullable(Type.String({ description: 'the latest report of its devices' })),
});

const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const siteFields = {
  name: Nullable(text(300)),
  siteType: SiteTypeName,
  admin1: Type.Optional(Nullable(text(200))),
  admin2: Type.Optional(Nullable(text(200))),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  isConnected: Type.Optional(Nullable(Type.Boolean())),
  connectivityType: Type.Optional(oneOf(CONNECTIVITY_TYPES)),
  downloadMbps: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100_000 }))),
  hasElectricity: Type.Optional(Nullable(Type.Boolean())),
  services: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown())),
  contractedMbps: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100_000 }))),
  contractedMonthlyUsd: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 10_000_000 }))),
};

export const SiteCreate = Type.Object({ sourceId: Type.Optional(text(200)), country: Country, ...siteFields }, { additionalProperties: false });
export const SitePatch = Type.Partial(Type.Object(siteFields), { additionalProperties: false, minProperties: 1 });

export const Problem = Type.Object({
  type: Type.String(), status: Type.Integer(), title: Type.String(), detail: Type.Optional(Type.String()), instance: Type.Optional(Type.String()),
}, { additionalProperties: true, description: 'RFC 9457 problem details' });
export const problemResponses = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
