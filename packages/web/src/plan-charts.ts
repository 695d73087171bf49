/**
 * A plan's charts: what each dollar buys as the sites are taken in priority order (uPlot), the
 * technology mix and the spend year by year (SVG bars). Each says in words what it draws and
 * opens as a table. Loaded by the planning view only once a scenario is shown.
 *
 *     html`<${SpendCurve} points=${[{ rank: 1, spend: 1166, value: 1 }, …]} title="…" valueLabel="Sites" />`
 *     html`<${TechnologyMix} rows=${totals.byTechnology} />`
 *     html`<${YearByYear} rows=${totals.byYear} fromYear=${2026} untilYear=${2030} annualBudgetUsd=${null} />`
 */
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ACCENT_COLOUR as ACCENT } from '@postatlas/report/style';
import { formatNumber } from './i18n.js';
import { TECHNOLOGY_COLOURS } from './plan-on-map.js';
import { say, technologyName, usd } from './plan-messages.js';

export interface CurvePoint { rank: number; spend: number; value: number }
export interface Tally { sites: number; people: number; costUsd: number }

const count = (v: number) => formatNumber(v, { maximumFractionDigits: 0 });

/** The rows of a long series a table can show: about `n`, evenly spaced, always the last. */
function sample<T>(rows: readonly T[], n: number): T[] {
  if (rows.length <= n) return [...rows];
  const step = rows.length / n;
  return [...Array.from({ length: n - 1 }, (_, i) => rows[Math.floor(i * step)]!), rows[rows.length - 1]!];
}

function AsTable({ head, rows }: { head: string[]; rows: (string | number)[][] }) {
  return html`
    <details class="as-table">
      <summary>${say('asTable')}</summary>
      <table>
        <thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
        <tbody>${rows.map(([first, ...rest]) => html`<tr><th scope="row">${first}</th>${rest.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody>
      </table>
    </details>
  `;
}

/** People (or sites) bought against cumulative spend: where the curve flattens, money buys less. */
export function SpendCurve({ points, title, valueLabel, truncated }: { points: CurvePoint[]; title: string; valueLabel: string; truncated?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const last = points[points.length - 1];
  useEffect(() => {
    if (!box.current || points.length === 0) return;
    const plot = new uPlot({
      width: Math.min(720, box.current.clientWidth || 640), height: 240,
      legend: { show: false },
      scales: { x: { time: false } },
      axes: [
        { label: say('spend'), values: (_u, ticks) => ticks.map((v) => usd(v, { notation: 'compact', maximumFractionDigits: 1 })) },
        { label: valueLabel, size: 60, values: (_u, ticks) => ticks.map((v) => formatNumber(v, { notation: 'compact' })) },
      ],
      series: [{}, { label: valueLabel, stroke: ACCENT, width: 2, fill: 'rgba(11, 92, 173, 0.12)', points: { show: points.length <= 60 } }],
    }, [[0, ...points.map((p) => p.spend)], [0, ...points.map((p) => p.value)]], box.current);
    return () => plot.destroy();
  }, [points]);
  const alt = last ? say('curveAlt', { title, value: count(last.value), spend: usd(last.spend), sites: count(points.length) }) : title;
  return html`
    <figure class="plan-chart" data-testid="spend-curve">
      <figcaption>${title}${truncated ? html` <small>${say('curveFirst', { n: count(points.length) })}</small>` : null}</figcaption>
      <div ref=${box} class="chart" role="img" aria-label=${alt} dir="ltr"></div>
      <${AsTable} head=${[say('rank'), say('spend'), valueLabel]} rows=${sample(points, 12).map((p) => [p.rank, usd(p.spend), count(p.value)])} />
    </figure>
  `;
}

/** A bar per technology, as long as its share of the funded sites; its cost written beside it. */
export function TechnologyMix({ rows }: { rows: (Tally & { technology: string })[] }) {
  const total = rows.reduce((t, r) => t + r.sites, 0);
  const parts = rows.map((r) => `${technologyName(r.technology)} ${count(r.sites)} (${usd(r.costUsd)})`).join(', ');
  return html`
    <figure class="plan-chart" data-testid="technology-mix">
      <figcaption>${say('mix')}</figcaption>
      <div role="img" aria-label=${say('mixAlt', { parts })}>
        ${rows.map((r) => html`
          <div class="plan-bar">
            <span class="label">${technologyName(r.technology)}</span>
            <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
              <rect width="100" height="10" fill="#e4e7ec" />
              <rect width=${total ? (r.sites / total) * 100 : 0} height="10" fill=${TECHNOLOGY_COLOURS[r.technology] ?? ACCENT} />
            </svg>
            <span class="value">${count(r.sites)} <small>${usd(r.costUsd)}</small></span>
          </div>`)}
      </div>
      <${AsTable} head=${[say('technology'), say('sites'), say('people'), say('spendUsd')]}
        rows=${rows.map((r) => [technologyName(r.technology), count(r.sites), count(r.people), usd(r.costUsd)])} />
    </figure>
  `;
}

/** Spend per year from the first year to the last, each bar topped by its number of sites; the annual budget dashed. */
export function YearByYear({ rows, fromYear, untilYear, annualBudgetUsd }: {
  rows: (Tally & { year: number })[]; fromYear: number; untilYear: number; annualBudgetUsd: number | null;
}) {
  const byYear = new Map(rows.map((r) => [r.year, r]));
  const years = Array.from({ length: Math.max(0, untilYear - fromYear + 1) }, (_, i) => byYear.get(fromYear + i) ?? { year: fromYear + i, sites: 0, people: 0, costUsd: 0 });
  const max = Math.max(1, annualBudgetUsd ?? 0, ...years.map((y) => y.costUsd));
  // Drawn at its own size (text stays 12 px), shrunk only where the column is narrower.
  const [W, H, top, bottom, slot] = [Math.max(240, years.length * 64), 180, 22, 24, 64];
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const parts = years.map((r) => `${r.year}: ${usd(r.costUsd)}, ${count(r.sites)} ${say('sites').toLocaleLowerCase()}`).join('; ');
  return html`
    <figure class="plan-chart" data-testid="year-by-year">
      <figcaption>${say('years')}${annualBudgetUsd !== null ? html` <small>(${say('annualLine')})</small>` : null}</figcaption>
      <svg class="plan-years" width=${W} height=${H} viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${say('yearsAlt', { parts })} dir="ltr">
        <line x1="0" x2=${W} y1=${H - bottom} y2=${H - bottom} stroke="#4f5661" />
        ${years.map((r, i) => {
          const x = (W - years.length * slot) / 2 + i * slot;
          return html`
            <g>
              <rect x=${x + 14} width=${slot - 28} y=${y(r.costUsd)} height=${H - bottom - y(r.costUsd)} fill=${ACCENT}><title>${r.year}: ${usd(r.costUsd)}</title></rect>
              <text x=${x + slot / 2} y=${y(r.costUsd) - 6} text-anchor="middle" class="count">${count(r.sites)}</text>
              <text x=${x + slot / 2} y=${H - 6} text-anchor="middle">${r.year}</text>
            </g>`;
        })}
        ${annualBudgetUsd !== null ? html`<line x1="0" x2=${W} y1=${y(annualBudgetUsd)} y2=${y(annualBudgetUsd)} stroke="#a6480f" stroke-width="2" stroke-dasharray="6 4" />` : null}
      </svg>
      <${AsTable} head=${[say('year'), say('sites'), say('people'), say('spendUsd')]}
        rows=${years.map((r) => [r.year, count(r.sites), count(r.people), usd(r.costUsd)])} />
    </figure>
  `;
}
