/**
 * A country at a glance: the share of its post offices connected against the 2030 goal of all of
 * them, the same by site type, rural and urban and region, and its progress over time (uPlot).
 * Without a country chosen, every country's share, largest first.
 */
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from './api.js';
import type { ViewProps } from './app.js';
import { countryName, formatNumber, t, type MessageKey } from './i18n.js';

interface Tally { sites: number; connected: number; share: number | null }
interface Summary {
  country: string;
  postOffices: Tally;
  bySiteType: (Tally & { siteType: string })[];
  byAdmin1: (Tally & { admin1: string })[];
  byAreaClass: (Tally & { areaClass: string })[];
}
interface Point { day: string; sites: number; connected: number; share: number | null }

const percent = (v: number | null) => formatNumber(v, { style: 'percent', maximumFractionDigits: 0 });

/** One labelled bar of a share; the number is written out, so nobody has to read the bar. */
function ShareBar({ label, tally }: { label: string; tally: Tally }) {
  return html`
    <div class="share">
      <span class="label">${label}</span>
      <span class="track" role="img" aria-label=${`${label}: ${percent(tally.share)}`}><span class="fill" style=${`inline-size:${(tally.share ?? 0) * 100}%`}></span></span>
      <span class="value">${percent(tally.share)} <small>(${formatNumber(tally.connected)} / ${formatNumber(tally.sites)})</small></span>
    </div>
  `;
}

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
  return html`<div ref=${box} class="chart" role="img" aria-label=${t('overTime')}></div>`;
}

export function Dashboard({ state, countries, go }: ViewProps) {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [points, setPoints] = useState<Point[]>([]);
  useEffect(() => {
    setSummary(null);
    if (!state.country) return;
    void api<Summary>(`/api/countries/${state.country}/summary`).then(setSummary);
    void api<Point[]>(`/api/countries/${state.country}/progress?type=post_office`).then(setPoints);
  }, [state.country]);

  if (!state.country) {
    const sorted = [...countries].sort((a, b) => b.sites - a.sites);
    return html`
      <section class="dashboard" aria-labelledby="dash-title">
        <h1 id="dash-title">${t('dashboard')}</h1>
        <p>${t('chooseCountry')}</p>
        ${sorted.map((c) => html`
          <button type="button" class="country-row" onClick=${() => go({ country: c.country })}>
            <${ShareBar} label=${countryName(c.country)} tally=${{ sites: c.sites, connected: c.connected, share: c.sites ? c.connected / c.sites : null }} />
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
      ${summary.bySiteType.map((s) => html`<${ShareBar} label=${s.siteType.replace('_', ' ')} tally=${s} />`)}
      <h2>${t('byArea')}</h2>
      ${summary.byAreaClass.map((s) => html`<${ShareBar} label=${t((s.areaClass === 'unknown' ? 'unknown' : s.areaClass) as MessageKey)} tally=${s} />`)}
      <h2>${t('byRegion')}</h2>
      ${summary.byAdmin1.slice(0, 30).map((s) => html`<${ShareBar} label=${s.admin1 || t('unknown')} tally=${s} />`)}
      <h2>${t('overTime')}</h2>
      <${ProgressChart} points=${points} />
    </section>
  `;
}
