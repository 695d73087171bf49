/**
 * What the plan shown on the map does for one site: the technology, year, cost and people served,
 * or that the plan leaves it out. Scenarios are their country's managers' to read.
 *
 *     html`<${SitePlan} siteId=${12} country="ESP" plan="usf-2027" />`
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { formatNumber, messages } from './i18n.js';
import { say as sayPlan, technologyName, usd } from './plan-messages.js';
import { scenarioPath } from './plan-on-map.js';

interface PlannedSite { technology: string | null; year: number | null; costUsd: number; capexUsd: number; peopleServed: number; viaSiteId: number | null }

const say = messages({
  en: { title: 'In the plan “{name}”', left: 'The plan does not fund this site.', cost: 'Cost', capex: 'Capital cost', people: 'People served', via: 'Fibre relayed from site {id}' },
  fr: { title: 'Dans le plan « {name} »', left: 'Le plan ne finance pas ce site.', cost: 'Coût', capex: 'Investissement', people: 'Personnes desservies', via: 'Fibre relayée depuis le site {id}' },
  es: { title: 'En el plan «{name}»', left: 'El plan no financia este sitio.', cost: 'Coste', capex: 'Inversión', people: 'Personas atendidas', via: 'Fibra desde el sitio {id}' },
  ar: { title: 'في الخطة «{name}»', left: 'لا تموّل الخطة هذا الموقع.', cost: 'التكلفة', capex: 'التكلفة الرأسمالية', people: 'الأشخاص المخدومون', via: 'ألياف من الموقع {id}' },
});

export function SitePlan({ siteId, country, plan }: { siteId: number; country: string; plan: string }) {
  const [planned, setPlanned] = useState<PlannedSite | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    setPlanned(undefined);
    api<{ items: PlannedSite[] }>(`${scenarioPath(country, plan)}/sites?site=${siteId}`)
      .then((r) => current && setPlanned(r.items[0] ?? null), () => current && setPlanned(undefined));
    return () => { current = false; };
  }, [siteId, country, plan]);
  if (planned === undefined) return null;
  return html`
    <section aria-labelledby="site-plan-title" data-testid="site-plan">
      <h3 id="site-plan-title">${say('title', { name: plan })}</h3>
      ${planned === null ? html`<p>${say('left')}</p>` : html`
        <dl>
          <dt>${sayPlan('technology')}</dt><dd>${technologyName(planned.technology ?? '')}</dd>
          <dt>${sayPlan('year')}</dt><dd>${planned.year ?? '–'}</dd>
          <dt>${say('cost')}</dt><dd>${usd(planned.costUsd)}</dd>
          <dt>${say('capex')}</dt><dd>${usd(planned.capexUsd)}</dd>
          <dt>${say('people')}</dt><dd>${formatNumber(planned.peopleServed, { maximumFractionDigits: 0 })}</dd>
          ${planned.viaSiteId !== null ? html`<dt></dt><dd>${say('via', { id: planned.viaSiteId })}</dd>` : null}
        </dl>`}
    </section>`;
}
