/**
 * A country at a glance: the share of its post offices connected against the 2030 goal of all of
 * them, the same by site type, rural and urban and region, and its progress over time (uPlot).
 * Without a country chosen, the world: all countries' post offices against the goal, summed now
 * and over time, then every country's share, largest first.
 */
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from './api.js';
import type { ViewProps } from './app.js';
import { countryName, formatNumber, messages, t, type MessageKey } from './i18n.js';
import { CountBars, ShareBar, percent, type Tally } from './bars.js';
import { ServicesIndicators } from './services-dashboard.js';
import { connectivityLabel, siteTypeLabel } from './site-edit.js';

const say = messages({
  en: { byTechnology: 'Connected post offices by technology', bySpeed: 'Post offices by download speed', speedNote: 'Measured by devices where they report, else as declared.', measured: 'measured', mbps: 'Mbps', world: 'World' },
  fr: { byTechnology: 'Bureaux de poste connectés par technologie', bySpeed: 'Bureaux de poste par débit descendant', speedNote: 'Mesuré par les appareils quand ils signalent, sinon tel que déclaré.', measured: 'mesurés', mbps: 'Mbit/s', world: 'Monde' },
  es: { byTechnology: 'Oficinas conectadas por tecnología', bySpeed: 'Oficinas por velocidad de bajada', speedNote: 'Medida por los dispositivos donde informan; si no, la declarada.', measured: 'medidas', mbps: 'Mbps', world: 'Mundo' },
  ar: { byTechnology: 'مكاتب البريد المتصلة حسب التقنية', bySpeed: 'مكاتب البريد حسب سرعة التنزيل', speedNote: 'كما تقيسها الأجهزة حيث تبلغ، وإلا كما صُرّح بها.', measured: 'مقيسة', mbps: 'ميغابت/ث', world: 'العالم' },
});

interface Summary {
  country: string;
  postOffices: Tally;
  bySiteType: (Tally & { siteType: string })[];
  byAdmin1: (Tally & { admin1: string })[];
  byAreaClass: (Tally & { areaClass: string })[];
  byConnectivityType: { connectivityType: string; sites: number }[];
  bySpeed: { fromMbps: number; toMbps: number | null; sites: number; measured: number }[];
}
interface Point { day: string; sites: number; connected: number; share: number | null }

function ProgressChart({ points }: { points: Point[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current || points.length === 0) return;
    const x = points.map((p) => Date.parse(`${p.day}T00:00:00Z`) / 1000);
    const plot = new uPlot({
      width: Math.min(640, box.current.clientWidth || 640), height: 220,
      scales: { y: { range: [0, 1] } },
      axes: [{}, { values: (_u, ticks) => ticks.map((v) => percent(v)) }],
      series: [{}, { label: t('postOfficesConnected'), stroke: '#1a7f37', width: 2, points: { show: true }, value: (_u, v) => percent(v) }],
    }, [x, points.map((p) => p.share ?? 0)], box.current);
    return () => plot.destroy();
  }, [points]);
  // The canvas is a picture: the table beside it is what a screen reader reads.
  return html`
    <div ref=${box} class="chart" role="img" aria-label=${t('overTime')}></div>
    <table class="visually-hidden">
      <tbody>${points.map((p) => html`<tr><th scope="row">${p.day}</th><td>${percent(p.share)} (${formatNumber(p.connected)} / ${formatNumber(p.sites)})</td></tr>`)}</tbody>
    </table>`;
}

export function Dashboard({ state, countries, go }: ViewProps) {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [points, setPoints] = useState<Point[]>([]);
  useEffect(() => {
    setSummary(null);
    setPoints([]);
    if (!state.country) {
      void api<Point[]>('/api/countries/world/progress?type=post_office').then(setPoints);
      return;
    }
    void api<Summary>(`/api/countries/${state.country}/summary`).then(setSummary);
    void api<Point[]>(`/api/countries/${state.country}/progress?type=post_office`).then(setPoints);
  }, [state.country]);

  if (!state.country) {
    // Post offices, as the headline counts them: the rows add up to it.
    const sorted = [...countries].sort((a, b) => b.postOffices.sites - a.postOffices.sites || b.sites - a.sites);
    // The list is every country with sites, so its sum is the world's registry now.
    const sites = countries.reduce((n, c) => n + c.postOffices.sites, 0);
    const connected = countries.reduce((n, c) => n + c.postOffices.connected, 0);
    const world = { sites, connected, share: sites ? connected / sites : null };
    return html`
      <section class="dashboard" aria-labelledby="dash-title" data-testid="dashboard-world">
        <h1 id="dash-title">${t('dashboard')}: ${say('world')}</h1>
        <div class="headline">
          <strong data-testid="world-share">${percent(world.share)}</strong>
          <span data-testid="world-counts">${t('postOfficesConnected')} (${formatNumber(world.connected)} / ${formatNumber(world.sites)})</span>
          <${ShareBar} label=${t('goal2030')} tally=${world} />
        </div>
        <h2>${t('overTime')}</h2>
        <${ProgressChart} points=${points} />
        <h2>${t('allCountries')}</h2>
        <p>${t('chooseCountry')}</p>
        ${sorted.map((c) => html`
          <button type="button" class="country-row" onClick=${() => go({ country: c.country })}>
            <${ShareBar} label=${countryName(c.country)} tally=${c.postOffices} />
          </button>`)}
      </section>`;
  }
  if (!summary) return html`<p class="loading" role="status">${t('loading')}</p>`;
  return html`
    <section class="dashboard" aria-labelledby="dash-title" data-testid="dashboard">
      <h1 id="dash-title">${countryName(summary.country)}</h1>
      <div class="headline">
        <strong data-testid="share">${percent(summary.postOffices.share)}</strong>
        <span>${t('postOfficesConnected')} (${formatNumber(summary.postOffices.connected)} / ${formatNumber(summary.postOffices.sites)})</span>
        <${ShareBar} label=${t('goal2030')} tally=${summary.postOffices} />
      </div>
      <h2>${t('byType')}</h2>
      ${summary.bySiteType.map((s) => html`<${ShareBar} label=${siteTypeLabel(s.siteType)} tally=${s} />`)}
      <h2>${t('byArea')}</h2>
      ${summary.byAreaClass.map((s) => html`<${ShareBar} label=${t((s.areaClass === 'unknown' ? 'unknown' : s.areaClass) as MessageKey)} tally=${s} />`)}
      <h2>${say('byTechnology')}</h2>
      ${summary.byConnectivityType.length ? html`<${CountBars} rows=${summary.byConnectivityType.map((c) => ({ label: connectivityLabel(c.connectivityType), value: c.sites }))} />` : html`<p>${t('none')}</p>`}
      <h2>${say('bySpeed')}</h2>
      <p class="note">${say('speedNote')}</p>
      <${CountBars} rows=${summary.bySpeed.map((b) => ({
        label: `${formatNumber(b.fromMbps)}${b.toMbps === null ? '+' : `–${formatNumber(b.toMbps)}`} ${say('mbps')}`,
        value: b.sites, note: b.measured ? `(${formatNumber(b.measured)} ${say('measured')})` : '',
      }))} />
      <h2>${t('byRegion')}</h2>
      ${summary.byAdmin1.slice(0, 30).map((s) => html`<${ShareBar} label=${s.admin1 || t('unknown')} tally=${s} />`)}
      <h2>${t('overTime')}</h2>
      <${ProgressChart} points=${points} />
      <${ServicesIndicators} country=${summary.country} />
    </section>
  `;
}
