/** Bars people read at a glance, with the numbers written out beside them for those who do not. */
import { html } from 'htm/preact';
import { formatNumber } from './i18n.js';

export interface Tally { sites: number; connected: number; share: number | null }

export const percent = (v: number | null) => formatNumber(v, { style: 'percent', maximumFractionDigits: 0 });

/** Horizontal bars of counts, each with its number written out. */
export function CountBars({ rows }: { rows: { label: string; value: number; note?: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return html`<div class="counts">${rows.map((r) => html`
    <div class="share">
      <span class="label">${r.label}</span>
      <span class="track" aria-hidden="true"><span class="fill count" style=${`inline-size:${(r.value / max) * 100}%`}></span></span>
      <span class="value">${formatNumber(r.value)}${r.note ? html` <small>${r.note}</small>` : null}</span>
    </div>`)}</div>`;
}

/** One labelled bar of a share; the number is written out, so nobody has to read the bar. */
export function ShareBar({ label, tally }: { label: string; tally: Tally }) {
  return html`
    <div class="share">
      <span class="label">${label}</span>
      <span class="track" role="img" aria-label=${`${label}: ${percent(tally.share)}`}><span class="fill" style=${`inline-size:${(tally.share ?? 0) * 100}%`}></span></span>
      <span class="value">${percent(tally.share)} <small>(${formatNumber(tally.connected)} / ${formatNumber(tally.sites)})</small></span>
    </div>
  `;
}

