/**
 * Everything about one site: its registry fields, what the analysis found around it, what its
 * devices measure (status and a bar per day), the services it offers (office-services.ts) and the training
 * given there (office-training.ts). Distances to private
 * infrastructure arrive withheld for readers who may not see it, and are shown as such; the
 * contract only to its country's managers. Those allowed to change the site get an Edit button
 * that turns the fields into a form (site-edit.ts).
 *
 *     html`<${SitePanel} siteId=${12} me=${me} onClose=${close} />`
 */
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, type Me } from './api.js';
import { countryName, formatDate, formatNumber, t, type MessageKey } from './i18n.js';
import { OfficeServices } from './office-services.js';
import { OfficeTraining } from './office-training.js';
import { SitePlan } from './site-plan.js';
import { SiteEdit, connectivityLabel, editWords, editableFields, offeredServices, serviceLabel, siteTypeLabel, type Site } from './site-edit.js';

interface Metrics {
  fiberNodeOperationalM: number | null; bestGeneration: number | null; population5km: number | null; catchment5km: number | null;
  schools1km: number; areaClass: string; distancesWithheld: boolean;
}
interface Summary {
  status: 'live' | 'at_risk' | 'dropped' | 'never'; lastMeasuredAt: string | null; medianDownloadMbps7d: number | null;
  daily: { day: string; medianDownloadMbps: number | null; tests: number }[];
}

const orNull = <T>(p: Promise<T>) => p.catch((err) => (err instanceof ApiError && err.status === 404 ? null : Promise.reject(err)));

export function SitePanel({ siteId, me, plan = null, onClose, onChanged }: { siteId: number; me: Me | null; plan?: string | null; onClose: () => void; onChanged?: () => void }) {
  const [data, setData] = useState<{ site: Site; metrics: Metrics | null; summary: Summary } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  useClosedByEscape(panel, onClose, editing);
  // Again when someone signs in or out: the contract and the distances depend on who asks.
  useEffect(() => {
    // An answer for the reader before a sign-in may arrive after the one for the reader after it.
    let current = true;
    Promise.all([
      api<Site>(`/api/sites/${siteId}`),
      orNull(api<Metrics>(`/api/sites/${siteId}/metrics`)),
      api<Summary>(`/api/sites/${siteId}/measurements/summary`),
    ]).then(([site, metrics, summary]) => current && setData({ site, metrics, summary }), (err: Error) => current && setError(err.message));
    return () => { current = false; };
  }, [siteId, me?.email]);

  const fields = data ? editableFields(me, data.site) : [];
  const stopEditing = (site: Site | null) => {
    if (site && data) setData({ ...data, site });
    if (site && data && site !== data.site) onChanged?.();
    setSaved(site !== null);
    setEditing(false);
    // Back to the button that opened the form, so the keyboard does not fall to the page's start.
    setTimeout(() => editButton.current?.focus());
  };

  const km = (m: number | null) => (m === null ? '–' : `${formatNumber(m / 1000)} km`);

  return html`
    <aside class="panel" aria-labelledby="site-title" data-testid="site-panel" ref=${panel}>
      <button type="button" class="close" onClick=${onClose} aria-label=${t('close')}>×</button>
      ${error ? html`<p class="error" role="alert">${t('error', { message: error })}</p>` : null}
      ${!data && !error ? html`<p role="status">${t('loading')}</p>` : null}
      ${data && html`
        <h2 id="site-title">${data.site.name ?? `${t('site')} ${data.site.id}`}</h2>
        ${editing
          ? html`<${SiteEdit} site=${data.site} fields=${fields} onSaved=${(site: Site) => stopEditing(site)} onCancel=${() => stopEditing(null)} />`
          : html`
            ${fields.length ? html`<p class="edit-row">
              <button type="button" ref=${editButton} onClick=${() => { setSaved(false); setEditing(true); }}>${editWords('edit')}</button>
              <span role="status">${saved ? editWords('saved') : ''}</span></p>` : null}
            <${SiteFields} site=${data.site} summary=${data.summary} />`}
        ${data.metrics && html`
          <h3>${t('metrics')}</h3>
          <dl data-testid="metrics">
            <dt>${t('fiberNode')}</dt><dd>${data.metrics.distancesWithheld ? t('withheld') : km(data.metrics.fiberNodeOperationalM)}</dd>
            <dt>${t('bestGeneration')}</dt><dd>${data.metrics.distancesWithheld ? t('withheld') : data.metrics.bestGeneration ? `${data.metrics.bestGeneration}G` : t('none')}</dd>
            <dt>${t('population5km')}</dt><dd>${formatNumber(data.metrics.population5km, { maximumFractionDigits: 0 })}</dd>
            <dt>${t('catchment5km')}</dt><dd>${formatNumber(data.metrics.catchment5km, { maximumFractionDigits: 0 })}</dd>
            <dt>${t('schools1km')}</dt><dd>${formatNumber(data.metrics.schools1km)}</dd>
            <dt>${t('areaClass')}</dt><dd>${data.metrics.areaClass === 'unknown' ? t('unknown') : t(data.metrics.areaClass as MessageKey)}</dd>
          </dl>`}
        <h3>${t('speedHistory')}</h3>
        <${SpeedBars} daily=${data.summary.daily} />
        ${plan ? html`<${SitePlan} siteId=${data.site.id} country=${data.site.country} plan=${plan} />` : null}
        <${OfficeServices} siteId=${data.site.id} country=${data.site.country} me=${me} />
        <${OfficeTraining} siteId=${data.site.id} country=${data.site.country} me=${me} />
      `}
    </aside>
  `;
}

/**
 * Escape closes the panel, from within it or from the map, but not while its form is open (the
 * form's Cancel does that), nor from the search box or a dialog, whose Escape is their own. The
 * focus then goes back to what had it when the panel opened, if the panel had taken it.
 */
function useClosedByEscape(panel: { current: HTMLElement | null }, onClose: () => void, editing: boolean) {
  const latest = useRef({ onClose, editing });
  latest.current = { onClose, editing };
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target as Element;
      if (e.key !== 'Escape' || e.defaultPrevented || latest.current.editing) return;
      if (target.closest?.('.search, [role="dialog"]') || document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      latest.current.onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      const inside = panel.current?.contains(document.activeElement) || document.activeElement === document.body;
      if (inside && opener?.isConnected && opener !== document.body) setTimeout(() => opener.focus());
    };
  }, []);
}

/** The registry's fields as a list; the contract only when the API returned it. */
function SiteFields({ site, summary }: { site: Site; summary: Summary }) {
  const yesNo = (v: boolean | null) => (v === null ? t('unknown') : v ? t('yes') : t('no'));
  const services = offeredServices(site.services);
  return html`
    <dl data-testid="site-fields">
      <dt>${t('type')}</dt><dd>${siteTypeLabel(site.siteType)}</dd>
      <dt>${t('country')}</dt><dd>${countryName(site.country)}${site.admin1 ? `, ${site.admin1}` : ''}</dd>
      <dt>${t('position')}</dt><dd dir="ltr">${site.lat.toFixed(5)}, ${site.lon.toFixed(5)}</dd>
      <dt>${t('connected')}</dt><dd data-testid="connected">${yesNo(site.isConnected)}</dd>
      <dt>${t('connectivity')}</dt><dd>${connectivityLabel(site.connectivityType)}</dd>
      <dt>${t('downloadMbps')}</dt><dd data-testid="download">${formatNumber(site.downloadMbps)}</dd>
      <dt>${t('measuredMbps')}</dt><dd>${formatNumber(site.measuredDownloadMbps)}</dd>
      <dt>${editWords('electricity')}</dt><dd>${yesNo(site.hasElectricity)}</dd>
      <dt>${t('deviceStatus')}</dt><dd><span class=${`status ${summary.status}`}>${t(summary.status as MessageKey)}</span> ${formatDate(summary.lastMeasuredAt)}</dd>
      ${'contractedMbps' in site ? html`<dt>${editWords('contractedMbps')}</dt><dd data-testid="contracted-mbps">${formatNumber(site.contractedMbps)}</dd>` : null}
      ${'contractedMonthlyUsd' in site ? html`<dt>${editWords('contractedMonthlyUsd')}</dt><dd>${formatNumber(site.contractedMonthlyUsd, { style: 'currency', currency: 'USD' })}</dd>` : null}
      <dt>${t('services')}</dt>
      <dd data-testid="services">${services.length ? html`<ul class="services-list">${services.map((s) => html`<li>${serviceLabel(s)}</li>`)}</ul>` : t('none')}</dd>
    </dl>
  `;
}

/** A bar per day of median download; the table beside it is what a screen reader reads. */
function SpeedBars({ daily }: { daily: Summary['daily'] }) {
  const days = daily.filter((d) => d.medianDownloadMbps !== null);
  if (days.length === 0) return html`<p>${t('noMeasurements')}</p>`;
  const max = Math.max(...days.map((d) => d.medianDownloadMbps!));
  const w = 280 / days.length;
  return html`
    <svg viewBox="0 0 280 80" class="bars" role="img" aria-label=${t('speedHistory')}>
      ${days.map((d, i) => html`<rect x=${i * w + 1} width=${Math.max(1, w - 2)} y=${80 - (d.medianDownloadMbps! / max) * 76} height=${(d.medianDownloadMbps! / max) * 76}><title>${d.day}: ${formatNumber(d.medianDownloadMbps)} Mbps</title></rect>`)}
    </svg>
    <table class="visually-hidden">
      <tbody>${days.map((d) => html`<tr><th scope="row">${d.day}</th><td>${formatNumber(d.medianDownloadMbps)} Mbps</td></tr>`)}</tbody>
    </table>
  `;
}
