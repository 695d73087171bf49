/**
 * The report's charts as SVG text, drawn without a browser: people (or sites) against cumulative
 * spend, the technology mix, the rollout year by year stacked by technology, and coverage before
 * and after by admin area. Each is a function of the model's numbers and the reader's words;
 * colours come from style.ts, as on the web app's map and charts.
 *
 *     spendCurveSvg(model.curve, w, { valueLabel: w.say('people') });   // '<svg …>…</svg>'
 */
import type { ReportWords } from './messages.js';
import { attrs, clip, esc, niceTicks, px } from './markup.js';
import type { AreaCoverage, ReportModel } from './model.js';
import { ACCENT_COLOUR, MAP_COLOURS, TECHNOLOGY_COLOURS, TECHNOLOGY_ORDER } from './style.js';

/** The width of the page's text column at 96 px an inch (A4 less 2 × 15 mm), so charts print at their own size. */
export const CHART_WIDTH = 680;
const AXIS = '#4f5661';
const GRID = '#e4e7ec';
const INK = '#1f2328';
const FONT = 11;
/** Points of a long curve kept for drawing: more are finer than the printer's dots. */
const CURVE_POINTS = 600;

const colourOf = (technology: string) => TECHNOLOGY_COLOURS[technology] ?? ACCENT_COLOUR;

/** The SVG element around a chart, left to right whatever the page's direction (as the web app's charts). */
function frame(width: number, height: number, label: string, body: string): string {
  return `<svg ${attrs({ width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, direction: 'ltr', 'font-size': FONT, fill: INK })}>${body}</svg>`;
}

const text = (x: number, y: number, content: string, a: Record<string, string | number> = {}) => `<text ${attrs({ x, y, ...a })}>${esc(content)}</text>`;
const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, a: Record<string, string | number> = {}) => `<line ${attrs({ x1, y1, x2, y2, stroke, ...a })}/>`;
const rect = (x: number, y: number, width: number, height: number, fill: string, a: Record<string, string | number> = {}) =>
  `<rect ${attrs({ x, y, width: Math.max(0, width), height: Math.max(0, height), fill, ...a })}/>`;

/** Every k-th point and always the last, so a national plan's curve stays a few kB. */
function thin<T>(points: readonly T[], n: number): T[] {
  if (points.length <= n) return [...points];
  const step = points.length / n;
  const out = Array.from({ length: n - 1 }, (_, i) => points[Math.floor(i * step)]!);
  out.push(points[points.length - 1]!);
  return out;
}

/** People (or sites) bought against cumulative spend, sites taken in priority order: where it flattens, money buys less. */
export function spendCurveSvg(curve: ReportModel['curve'], w: ReportWords, o: { valueLabel: string; title: string }): string {
  const [W, H, left, right, top, bottom] = [CHART_WIDTH, 260, 64, 36, 16, 40];
  const last = curve[curve.length - 1] ?? { spendUsd: 0, value: 0 };
  const xTicks = niceTicks(last.spendUsd, 6);
  const yTicks = niceTicks(last.value, 5);
  const [xMax, yMax] = [xTicks[xTicks.length - 1]!, yTicks[yTicks.length - 1]!];
  const x = (v: number) => left + ((W - left - right) * v) / xMax;
  const y = (v: number) => H - bottom - ((H - top - bottom) * v) / yMax;
  const compact = { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } as const;
  const parts: string[] = [];
  for (const t of yTicks) {
    parts.push(line(left, y(t), W - right, y(t), GRID));
    parts.push(text(left - 6, y(t) + 4, w.number(t, compact), { 'text-anchor': 'end' }));
  }
  for (const t of xTicks) parts.push(text(x(t), H - bottom + 16, w.usd(t, compact), { 'text-anchor': 'middle' }));
  parts.push(line(left, H - bottom, W - right, H - bottom, AXIS), line(left, top, left, H - bottom, AXIS));
  const points = [{ spendUsd: 0, value: 0 }, ...thin(curve, CURVE_POINTS)];
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${px(x(p.spendUsd))} ${px(y(p.value))}`).join('');
  parts.push(`<path ${attrs({ d: `${path}L${px(x(last.spendUsd))} ${px(y(0))}Z`, fill: ACCENT_COLOUR, 'fill-opacity': 0.12 })}/>`);
  parts.push(`<path ${attrs({ d: path, fill: 'none', stroke: ACCENT_COLOUR, 'stroke-width': 2, 'stroke-linejoin': 'round' })}/>`);
  if (curve.length > 0) {
    parts.push(`<circle ${attrs({ cx: x(last.spendUsd), cy: y(last.value), r: 3.5, fill: ACCENT_COLOUR })}/>`);
    parts.push(text(x(last.spendUsd) - 6, y(last.value) - 8, `${w.count(last.value)} · ${w.usd(last.spendUsd)}`, { 'text-anchor': 'end', 'font-weight': 'bold' }));
  }
  parts.push(text(left + (W - left - right) / 2, H - 4, w.say('spend'), { 'text-anchor': 'middle' }));
  parts.push(text(12, top + (H - top - bottom) / 2, o.valueLabel, { 'text-anchor': 'middle', transform: `rotate(-90 12 ${px(top + (H - top - bottom) / 2)})` }));
  const alt = `${o.title}: ${w.count(last.value)} ${o.valueLabel.toLocaleLowerCase(w.lang)}, ${w.usd(last.spendUsd)}`;
  return frame(W, H, alt, parts.join(''));
}

/** A bar per technology, as long as its share of the funded sites; its count, share and cost beside it. */
export function technologyMixSvg(rows: ReportModel['byTechnology'], w: ReportWords): string {
  const total = rows.reduce((t, r) => t + r.sites, 0);
  const [W, row, labelW, valueW] = [CHART_WIDTH, 28, 170, 200];
  const H = Math.max(1, rows.length) * row + 8;
  const barW = W - labelW - valueW - 16;
  const parts = rows.map((r, i) => {
    const y = 4 + i * row;
    const share = total ? r.sites / total : 0;
    return [
      text(0, y + 17, clip(w.name('tech', r.technology), 28)),
      rect(labelW, y + 5, barW, 16, GRID),
      rect(labelW, y + 5, barW * share, 16, colourOf(r.technology)),
      text(labelW + barW + 10, y + 17, `${w.count(r.sites)} (${w.percent(share)}) · ${w.usd(r.costUsd)}`),
    ].join('');
  });
  const alt = `${w.say('mix')}: ${rows.map((r) => `${w.name('tech', r.technology)} ${w.count(r.sites)}`).join(', ')}`;
  return frame(W, H, alt, parts.join(''));
}

/** Sites connected each year, stacked by technology, with the year's spend under its label. */
export function rolloutSvg(years: ReportModel['byYear'], w: ReportWords): string {
  const [W, H, left, top, bottom] = [CHART_WIDTH, 240, 48, 20, 44];
  const yTicks = niceTicks(Math.max(1, ...years.map((r) => r.sites)), 4);
  const yMax = yTicks[yTicks.length - 1]!;
  const y = (v: number) => H - bottom - ((H - top - bottom) * v) / yMax;
  const slot = (W - left) / Math.max(1, years.length);
  const bar = Math.min(56, slot * 0.6);
  const parts: string[] = [];
  for (const t of yTicks) {
    parts.push(line(left, y(t), W, y(t), GRID));
    parts.push(text(left - 6, y(t) + 4, w.count(t), { 'text-anchor': 'end' }));
  }
  years.forEach((r, i) => {
    const cx = left + slot * (i + 0.5);
    let base = 0;
    for (const technology of TECHNOLOGY_ORDER) {
      const n = r.sitesByTechnology[technology] ?? 0;
      if (!n) continue;
      parts.push(rect(cx - bar / 2, y(base + n), bar, y(base) - y(base + n), colourOf(technology), { stroke: '#ffffff', 'stroke-width': 0.5 }));
      base += n;
    }
    parts.push(text(cx, y(r.sites) - 5, w.count(r.sites), { 'text-anchor': 'middle', 'font-weight': 'bold' }));
    parts.push(text(cx, H - bottom + 15, String(r.year), { 'text-anchor': 'middle' }));
    parts.push(text(cx, H - bottom + 30, w.usd(r.costUsd, { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }), { 'text-anchor': 'middle', fill: AXIS }));
  });
  parts.push(line(left, H - bottom, W, H - bottom, AXIS));
  const alt = `${w.say('rollout', { from: years[0]?.year ?? '', until: years[years.length - 1]?.year ?? '' })}: ${years.map((r) => `${r.year} ${w.count(r.sites)}`).join(', ')}`;
  return frame(W, H, alt, parts.join(''));
}

/** At most this many areas get a bar of their own; the smaller ones share one. */
export const MAX_CHART_AREAS = 20;

/** The largest areas, and the rest summed into one row (area undefined) when there are more than `max`. */
export function chartAreas(areas: readonly AreaCoverage[], max = MAX_CHART_AREAS): (AreaCoverage & { others?: number })[] {
  if (areas.length <= max) return [...areas];
  const rest = areas.slice(max - 1);
  const others = rest.reduce<AreaCoverage & { others: number }>((t, a) => ({
    ...t, sites: t.sites + a.sites, connectedBefore: t.connectedBefore + a.connectedBefore, connectedAfter: t.connectedAfter + a.connectedAfter,
    people: t.people + a.people, peopleBefore: t.peopleBefore + a.peopleBefore, peopleAfter: t.peopleAfter + a.peopleAfter,
  }), { area: null, sites: 0, connectedBefore: 0, connectedAfter: 0, people: 0, peopleBefore: 0, peopleAfter: 0, others: rest.length });
  return [...areas.slice(0, max - 1), others];
}

/** Per admin area, the share of its sites connected before the plan (light) and after it (dark). */
export function coverageSvg(areas: readonly AreaCoverage[], w: ReportWords): string {
  const rows = chartAreas(areas);
  const [W, row, labelW, valueW, top] = [CHART_WIDTH, 26, 170, 110, 24];
  const H = top + Math.max(1, rows.length) * row + 20;
  const barW = W - labelW - valueW - 12;
  const x = (share: number) => labelW + barW * share;
  const parts: string[] = [];
  // Legend, then a grid at every 25 %.
  parts.push(rect(labelW, 4, 12, 10, MAP_COLOURS.connected, { 'fill-opacity': 0.35 }), text(labelW + 16, 13, w.say('connectedBefore')));
  parts.push(rect(labelW + 200, 4, 12, 10, MAP_COLOURS.connected), text(labelW + 216, 13, w.say('connectedByPlan')));
  for (const q of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(line(x(q), top, x(q), H - 18, GRID));
    parts.push(text(x(q), H - 4, w.percent(q), { 'text-anchor': 'middle', fill: AXIS }));
  }
  rows.forEach((a, i) => {
    const y = top + i * row;
    const [before, after] = a.sites ? [a.connectedBefore / a.sites, a.connectedAfter / a.sites] : [0, 0];
    const label = 'others' in a && a.others ? w.say('coverageOthers', { n: a.others }) : a.area ?? w.say('noArea');
    parts.push(text(0, y + 16, clip(label, 28)));
    parts.push(rect(labelW, y + 3, barW * after, 18, MAP_COLOURS.connected));
    parts.push(rect(labelW, y + 3, barW * before, 18, '#ffffff', { 'fill-opacity': 0.65 }));
    parts.push(text(labelW + barW + 8, y + 16, `${w.percent(before)} → ${w.percent(after)}`));
  });
  const alt = rows.map((a) => `${a.area ?? w.say('noArea')}: ${w.percent(a.sites ? a.connectedBefore / a.sites : 0)} → ${w.percent(a.sites ? a.connectedAfter / a.sites : 0)}`).join('; ');
  return frame(W, H, alt, parts.join(''));
}

