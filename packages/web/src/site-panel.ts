/**
 * Everything about one site: its registry fields, what the analysis found around it, what its
 * devices measure (status and a bar per day), and the services it offers. Distances to private
 * infrastructure arrive withheld for readers who may not see it, and are shown as such.
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Me } from './api.js';
import { countryName, formatDate, formatNumber, t, type MessageKey } from './i18n.js';

interface Site {
  id: number; name: string | null; siteType: string; country: string; admin1: string | null; lat: number; lon: number;
  isConnected: boolean | null; connectivityType: string; downloadMbps: number | null; measuredDownloadMbps: number | null;
  services: Record<string, unknown> | null;
}
interface Metrics {
  fiberNodeOperationalM: number | null; bestGeneration: number | null; population5km: number | null; catchment5km: number | null;
  schools1km: number; areaClass: string; distancesWithheld: boolean;
}
interface Summary {
  status: 'live' | 'at_risk' | 'dropped' | 'never'; lastMeasuredAt: string | null; medianDownloadMbps7d: number | null;
  daily: { day: string; medianDownloadMbps: number | null; tests: number }[];
}

const orNull = <T>(p: Promise<T>) => p.catch((err) => (err instanceof ApiError && err.status === 404 ? null : Promise.reject(err)));

export function SitePanel({ siteId, onClose }: { siteId: number; me: Me | null; onClose: () => void }) {
  const [data, setData] = useState<{ site: Site; metrics: Metrics | null; summary: Summary } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([
      api<Site>(`/api/sites/${siteId}`),
      orNull(api<Metrics>(`/api/sites/${siteId}/metrics`)),
      api<Summary>(`/api/sites/${siteId}/measurements/summary`),
    ]).then(([site, metrics, summary]) => setData({ site, metrics, summary }), (err: Error) => setError(err.message));
  }, [siteId]);

  const yesNo = (v: boolean | null) => (v === null ? t('unknown') : v ? t('yes') : t('no'));
  const km = (m: number | null) => (m === null ? '–' : `${formatNumber(m / 1000)} km`);

  return html`
    <aside class="panel" aria-labelledby="site-title" data-testid="site-panel">
      <button type="button" class="close" onClick=${onClose} aria-label=${t('close')}>×</button>
      ${error ? html`<p class="error" role="alert">${t('error', { message: error })}</p>` : null}
      ${!data && !error ? html`<p role="status">${t('loading')}</p>` : null}
      ${data && html`
        <h2 id="site-title">${data.site.name ?? `${t('site')} ${data.site.id}`}</h2>
        <dl>
          <dt>${t('type')}</dt><dd>${data.site.siteType.replace('_', ' ')}</dd>
          <dt>${t('country')}</dt><dd>${countryName(data.site.country)}${data.site.admin1 ? `, ${data.site.admin1}` : ''}</dd>
          <dt>${t('position')}</dt><dd dir="ltr">${data.site.lat.toFixed(5)}, ${data.site.lon.toFixed(5)}</dd>
          <dt>${t('connected')}</dt><dd data-testid="connected">${yesNo(data.site.isConnected)}</dd>
          <dt>${t('connectivity')}</dt><dd>${data.site.connectivityType}</dd>
          <dt>${t('downloadMbps')}</dt><dd>${formatNumber(data.site.downloadMbps)}</dd>
          <dt>${t('measuredMbps')}</dt><dd>${formatNumber(data.site.measuredDownloadMbps)}</dd>
          <dt>${t('deviceStatus')}</dt><dd><span class=${`status ${data.summary.status}`}>${t(data.summary.status as MessageKey)}</span> ${formatDate(data.summary.lastMeasuredAt)}</dd>
        </dl>
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
        <h3>${t('services')}</h3>
        <p>${data.site.services && Object.keys(data.site.services).length ? Object.keys(data.site.services).join(', ') : t('none')}</p>
      `}
    </aside>
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
