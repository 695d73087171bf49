/**
 * Writing HTML and SVG as text: every piece of data passes through esc(), so a site named
 * `<script>` prints as its name.
 *
 *     `<td>${esc(site.name)}</td>`
 *     `<text ${attrs({ x: 3.14159, 'text-anchor': 'end' })}>`   // x="3.1" text-anchor="end"
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Coordinates to a tenth of a pixel: finer is invisible, and the file stays small. */
export const px = (v: number): string => String(Math.round(v * 10) / 10);

/** Attributes from an object; numbers rounded as px(), null and undefined left out. */
export function attrs(a: Record<string, string | number | null | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}="${typeof v === 'number' ? px(v) : esc(v)}"`)
    .join(' ');
}

/** A name cut to `max` characters with an ellipsis: chart labels have a column of fixed width. */
export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Ticks for an axis from 0 to at least `max`: steps of 1, 2 or 5 × 10ⁿ, about `n` of them.
 *
 *     niceTicks(830, 5);   // [0, 200, 400, 600, 800, 1000]
 */
export function niceTicks(max: number, n = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / n;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step - 1e-9 * step; v += step) ticks.push(Math.round(v / step) * step);
  return ticks;
}
