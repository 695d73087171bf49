import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LOCATOR_PARAMETERS, termTree, zonedInstant } from '@postatlas/core';
import { GAZETTEER_ATTRIBUTION, loadGazetteer } from '@postatlas/importers';
import { UnknownService, locate } from '@postatlas/jobs';
import { catalogueAttributions, catalogueCountries, catalogueTerms, serviceLanguages, type Database } from '@postatlas/store';
import { pageLanguage } from '../locator/messages.js';
import { WITHIN_KM, renderLocator, type LocatorForm, type LocatorOutcome } from '../locator/page.js';

const LAT_LON = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

// Where it runs, the one thing a script adds: the phone's position instead of a typed place.
const ENHANCEMENT = `(() => {
  const form = document.getElementById('locator');
  const me = document.currentScript;
  if (!form || !navigator.geolocation) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = me.dataset.label;
  button.addEventListener('click', () => navigator.geolocation.getCurrentPosition((p) => {
    form.elements.place.value = p.coords.latitude.toFixed(5) + ', ' + p.coords.longitude.toFixed(5);
    if (form.elements.service.value) form.submit();
  }));
  form.elements.place.insertAdjacentElement('afterend', button);
})();
`;

/**
 * GET /locator: the public page that answers "where can I get this service near me", as HTML that
 * needs no script. A place is a town name (GeoNames) or latitude, longitude.
 */
export const locatorPageRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/locator.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ENHANCEMENT));

  app.get('/locator', {
    schema: {
      tags: ['services'], summary: 'The public locator page (HTML, no script needed)',
      querystring: Type.Object({
        service: Type.Optional(Type.String({ maxLength: 100 })),
        place: Type.Optional(Type.String({ maxLength: 200 })),
        pick: Type.Integer({ minimum: 0, maximum: 9, default: 0, description: 'which of the places of that name' }),
        when: Type.Enum(['now', 'at', 'any'], { default: 'now' }),
        date: Type.Optional(Type.String({ pattern: '^(\\d{4}-\\d\\d-\\d\\d)?$' })),
        time: Type.Optional(Type.String({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d)?$' })),
        within: Type.Number({ minimum: 0.1, maximum: 500, default: LOCATOR_PARAMETERS.withinKm }),
        wheelchair: Type.Optional(Type.Literal('on')),
        language: Type.Optional(Type.String({ pattern: '^([A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*)?$' })),
        lang: Type.Optional(Type.String({ maxLength: 10 })),
      }),
    },
  }, async (request, reply) => {
    const q = request.query;
    const lang = pageLanguage(q.lang, request.headers['accept-language']);
    const now = new Date();
    const form: LocatorForm = {
      service: q.service ?? '', place: q.place?.trim() ?? '', when: q.when, withinKm: WITHIN_KM.includes(q.within) ? q.within : LOCATOR_PARAMETERS.withinKm,
      date: q.date || now.toISOString().slice(0, 10), time: q.time || now.toISOString().slice(11, 16), wheelchair: q.wheelchair === 'on', language: q.language ?? '',
    };
    const [stored, countries, serviceLanguagesList, credits] = await Promise.all([catalogueTerms(db), catalogueCountries(db), serviceLanguages(db), catalogueAttributions(db)]);
    let outcome: LocatorOutcome = { kind: 'form' };
    if (q.service !== undefined || q.place !== undefined) {
      if (!form.service || !form.place) outcome = { kind: 'needBoth' };
      else {
        const typed = LAT_LON.exec(form.place);
        const found = typed ? [] : loadGazetteer().find(form.place, { countries: new Set(countries.map((c) => c.country)) });
        const chosen = typed ? { name: form.place, lat: Number(typed[1]), lon: Number(typed[2]) } : found[Math.min(q.pick, found.length - 1)];
        if (!chosen || Math.abs(chosen.lat) > 90 || Math.abs(chosen.lon) > 180) outcome = { kind: 'noPlace' };
        else {
          const ask = { service: form.service, lat: chosen.lat, lon: chosen.lon, withinKm: form.withinKm, wheelchair: form.wheelchair, language: form.language || undefined };
          try {
            let at = now;
            if (form.when === 'at') {
              // The time asked is the wall-clock time where the offices are: the nearest one's zone.
              const [nearest] = await locate(db, { ...ask, at: now, anyTime: true, limit: 1 });
              if (nearest) at = zonedInstant(form.date, form.time, nearest.timeZone);
            }
            const offices = await locate(db, { ...ask, at, anyTime: form.when === 'any' });
            outcome = {
              kind: 'results', placeName: chosen.name, you: { lat: chosen.lat, lon: chosen.lon },
              offices: offices.map((o) => ({ ...o, office: o.name, service: o.serviceName })),
              alternatives: found.map((place, pick) => ({ place, pick })).filter((a) => a.place !== chosen),
            };
          } catch (err) {
            if (!(err instanceof UnknownService)) throw err;
            outcome = { kind: 'unknownService', detail: err.detail };
          }
        }
      }
    }
    const html = renderLocator({
      lang, terms: termTree(stored, lang), serviceLanguages: serviceLanguagesList, form, outcome,
      attribution: [...credits, GAZETTEER_ATTRIBUTION],
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
};
