/**
 * The one-stop shop on a country's dashboard: the share of its post offices offering each category
 * of digital service, how many people live within 5 km of one offering e-government, and the
 * training given there per quarter with the share of staff trained in the last 12 months.
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { taxonomyName } from '@postatlas/core';
import { api } from './api.js';
import { CountBars, ShareBar, percent } from './bars.js';
import { formatNumber, language, messages } from './i18n.js';

interface TrainingQuarters {
  groups: { key: string | null; sessions: number; participants: number; byAudience: { public: { participants: number }; staff: { participants: number } } }[];
  coverage: { country: { offices: number; staff: number; trained: number; share: number | null } };
}
interface Indicators {
  postOffices: number;
  categories: { category: string; offices: number }[];
  egovReach: { radiusM: number; offices: number; people: number; population: number; share: number | null };
}

const say = messages({
  en: { training: 'Training per quarter', trainingRow: '{sessions} sessions', staffTrained: 'Staff trained in the last 12 months', publicStaff: '{public} public, {staff} staff', title: 'Digital services at post offices', reach: 'of people live within {km} km of a post office offering e-government', people: '{people} of {population} people; {offices} offices', none: 'No services catalogue for this country yet.' },
  fr: { training: 'Formation par trimestre', trainingRow: '{sessions} sessions', staffTrained: 'Personnel formé ces 12 derniers mois', publicStaff: '{public} public, {staff} personnel', title: 'Services numériques dans les bureaux de poste', reach: 'de la population vit à moins de {km} km d’un bureau de poste offrant des services administratifs en ligne', people: '{people} sur {population} personnes ; {offices} bureaux', none: 'Pas encore de catalogue de services pour ce pays.' },
  es: { training: 'Formación por trimestre', trainingRow: '{sessions} sesiones', staffTrained: 'Personal formado en los últimos 12 meses', publicStaff: '{public} público, {staff} personal', title: 'Servicios digitales en las oficinas de correos', reach: 'de la población vive a menos de {km} km de una oficina que ofrece administración electrónica', people: '{people} de {population} personas; {offices} oficinas', none: 'Este país aún no tiene catálogo de servicios.' },
  ar: { training: 'التدريب حسب الربع', trainingRow: '{sessions} جلسة', staffTrained: 'الموظفون المدربون في آخر 12 شهرًا', publicStaff: '{public} من الجمهور، {staff} من الموظفين', title: 'الخدمات الرقمية في مكاتب البريد', reach: 'من السكان يعيشون على بعد {km} كم من مكتب بريد يقدم خدمات الحكومة الإلكترونية', people: '{people} من أصل {population} نسمة؛ {offices} مكتب', none: 'لا يوجد دليل خدمات لهذا البلد بعد.' },
});

export function ServicesIndicators({ country }: { country: string }) {
  const [data, setData] = useState<Indicators | null>(null);
  const [training, setTraining] = useState<TrainingQuarters | null>(null);
  useEffect(() => {
    setData(null);
    setTraining(null);
    let current = true;
    void api<Indicators>(`/api/services/${country}/indicators`).then((d) => current && setData(d), () => undefined);
    void api<TrainingQuarters>(`/api/countries/${country}/training?by=quarter`).then((d) => current && setTraining(d), () => undefined);
    return () => { current = false; };
  }, [country]);
  if (!data) return null;
  const e = data.egovReach;
  return html`
    <section aria-labelledby="services-title" data-testid="services-indicators">
      <h2 id="services-title">${say('title')}</h2>
      ${data.categories.length === 0 ? html`<p>${say('none')}</p>` : html`
        ${e.population > 0 ? html`<div class="headline">
          <strong data-testid="egov-reach">${percent(e.share)}</strong>
          <span>${say('reach', { km: formatNumber(e.radiusM / 1000) })} <small>(${say('people', { people: formatNumber(e.people), population: formatNumber(e.population), offices: formatNumber(e.offices) })})</small></span>
        </div>` : null}
        ${data.categories.map((c) => html`<${ShareBar} label=${taxonomyName(c.category, language()) ?? c.category}
          tally=${{ sites: data.postOffices, connected: c.offices, share: data.postOffices ? c.offices / data.postOffices : null }} />`)}`}
      ${training && training.groups.length ? html`
        <h3>${say('training')}</h3>
        <div data-testid="training-quarters"><${CountBars} rows=${training.groups.map((g) => ({
          label: g.key ?? '–', value: g.participants,
          note: `${say('trainingRow', { sessions: formatNumber(g.sessions) })}; ${say('publicStaff', { public: formatNumber(g.byAudience.public.participants), staff: formatNumber(g.byAudience.staff.participants) })}`,
        }))} /></div>
        <${ShareBar} label=${say('staffTrained')} tally=${{ sites: training.coverage.country.staff, connected: training.coverage.country.trained, share: training.coverage.country.share }} />` : null}
    </section>`;
}
