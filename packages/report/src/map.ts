/**
 * The plan on a printed map, as SVG: the country and its neighbours from Natural Earth in the web
 * map's colours (water, land, borders), cropped to the country, in Web Mercator as MapLibre draws
 * it; the funded sites coloured by technology and shaped by year; a scale bar. The legend is HTML
 * beside it (mapLegend), so its words wrap and run right to left in Arabic.
 *
 *     const view = mapView(world.country('STP')!.bbox, 680);
 *     planMapSvg(view, world.all, model.mapSites, years, w);
 */
import { EARTH_RADIUS_M } from '@postatlas/core';
import type { BBox, Outline } from './basemap.js';
import type { ReportWords } from './messages.js';
import type { MapSite } from './model.js';
import { attrs, esc, px } from './markup.js';
import { ACCENT_COLOUR, MAP_COLOURS, SITE_OUTLINE_COLOUR, TECHNOLOGY_COLOURS } from './style.js';

/** Web Mercator's limit: the square world MapLibre draws. */
const MAX_LAT = 85.051129;
const RAD = Math.PI / 180;

export const mercatorX = (lon: number) => lon * RAD;
export const mercatorY = (lat: number) => {
  const phi = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * RAD;
  return Math.log(Math.tan(Math.PI / 4 + phi / 2));
};

export interface MapView {
  width: number;
  height: number;
  /** Pixels per radian of Mercator x (and y). */
  scale: number;
  /** The Mercator x and y at the top-left pixel. */
  x0: number;
  y0: number;
  /** Latitude at the map's middle, where the scale bar is true. */
  midLat: number;
}

/**
 * A view that shows the box whole, `padding` pixels inside each edge, `width` wide and as tall as
 * the box's shape needs, between minHeight and maxHeight (a tall country is narrower, a wide one
 * gets room above and below).
 */
export function mapView(bbox: BBox, width: number, o: { padding?: number; minHeight?: number; maxHeight?: number } = {}): MapView {
  const { padding = 16, minHeight = 320, maxHeight = 760 } = o;
  const [west, south, east, north] = bbox;
  const [mx0, mx1, my0, my1] = [mercatorX(west), mercatorX(east), mercatorY(south), mercatorY(north)];
  // A single point (one site, no country outline): a few kilometres around it.
  const dx = Math.max(mx1 - mx0, 1e-3);
  const dy = Math.max(my1 - my0, 1e-3);
  const inner = width - 2 * padding;
  const height = Math.min(maxHeight, Math.max(minHeight, inner * (dy / dx) + 2 * padding));
  const scale = Math.min(inner / dx, (height - 2 * padding) / dy);
  const [cx, cy] = [(mx0 + mx1) / 2, (my0 + my1) / 2];
  return { width, height, scale, x0: cx - width / 2 / scale, y0: cy + height / 2 / scale, midLat: inverseY(cy) };
}

const inverseY = (y: number) => (2 * Math.atan(Math.exp(y)) - Math.PI / 2) / RAD;

/** Where a longitude and latitude fall on the view, in pixels from its top-left corner. */
export function project(v: MapView, lon: number, lat: number): [number, number] {
  return [(mercatorX(lon) - v.x0) * v.scale, (v.y0 - mercatorY(lat)) * v.scale];
}

/** Ground metres per pixel at the view's middle latitude (Mercator stretches by 1 / cos φ). */
export const metresPerPixel = (v: MapView) => (EARTH_RADIUS_M * Math.cos(v.midLat * RAD)) / v.scale;

/** A scale bar's length: 1, 2 or 5 × 10ⁿ metres, the longest that fits in `maxPx`. */
export function scaleBar(v: MapView, maxPx = 140): { metres: number; pixels: number } {
  const perPx = metresPerPixel(v);
  const most = maxPx * perPx;
  const magnitude = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map((k) => k * magnitude).find((m) => m <= most)!;
  return { metres, pixels: metres / perPx };
}

/**
 * A polygon ring clipped to a rectangle (Sutherland–Hodgman), in pixels: a neighbour as large as
 * Russia keeps only what shows, rather than thousands of points off the page.
 */
export function clipRing(ring: readonly [number, number][], x0: number, y0: number, x1: number, y1: number): [number, number][] {
  const edges: [(p: [number, number]) => boolean, (a: [number, number], b: [number, number]) => [number, number]][] = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1]],
  ];
  let out = [...ring];
  for (const [inside, cross] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const a = input[(i + input.length - 1) % input.length]!;
      const b = input[i]!;
      if (inside(b)) {
        if (!inside(a)) out.push(cross(a, b));
        out.push(b);
      } else if (inside(a)) out.push(cross(a, b));
    }
    if (out.length === 0) return out;
  }
  return out;
}

/** Points closer than `minPx` to the last one kept are dropped: below a printer's dot, they only add bytes. */
function simplify(points: [number, number][], minPx = 0.6): [number, number][] {
  const out: [number, number][] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || Math.abs(p[0] - last[0]) >= minPx || Math.abs(p[1] - last[1]) >= minPx) out.push(p);
  }
  return out;
}

/** The view's box in degrees, to skip outlines that cannot show. */
function viewBox(v: MapView): BBox {
  const west = v.x0 / RAD;
  const east = (v.x0 + v.width / v.scale) / RAD;
  return [west, inverseY(v.y0 - v.height / v.scale), east, inverseY(v.y0)];
}

/** An outline's rings as one SVG path in the view, shifted by ±360° where that brings them on the page. */
function outlinePath(v: MapView, o: Outline): string {
  const [west, south, east, north] = viewBox(v);
  if (o.bbox[1] > north || o.bbox[3] < south) return '';
  const shifts = [0, -360, 360].filter((s) => o.bbox[0] + s <= east && o.bbox[2] + s >= west);
  const margin = 4;
  let d = '';
  for (const shift of shifts) {
    for (const ring of o.rings) {
      const projected = ring.map(([lon, lat]) => project(v, lon + shift, lat));
      const clipped = simplify(clipRing(projected, -margin, -margin, v.width + margin, v.height + margin));
      if (clipped.length < 3) continue;
      d += `M${clipped.map(([x, y]) => `${px(x)} ${px(y)}`).join('L')}Z`;
    }
  }
  return d;
}

/** The shapes that tell years apart, in order; the years after the last share it. */
export const YEAR_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'hexagon'] as const;

/** A shape of radius r around (x, y), as an SVG element with the given paint. */
export function marker(shape: (typeof YEAR_SHAPES)[number], x: number, y: number, r: number, paint: string): string {
  if (shape === 'circle') return `<circle ${attrs({ cx: x, cy: y, r })} ${paint}/>`;
  if (shape === 'square') return `<rect ${attrs({ x: x - r * 0.85, y: y - r * 0.85, width: r * 1.7, height: r * 1.7 })} ${paint}/>`;
  const corners: Record<string, [number, number][]> = {
    triangle: [[0, -1.15], [1.05, 0.75], [-1.05, 0.75]],
    'triangle-down': [[0, 1.15], [1.05, -0.75], [-1.05, -0.75]],
    diamond: [[0, -1.2], [1.1, 0], [0, 1.2], [-1.1, 0]],
    hexagon: Array.from({ length: 6 }, (_, k) => [Math.cos((k * Math.PI) / 3), Math.sin((k * Math.PI) / 3)] as [number, number]),
  };
  return `<polygon points="${corners[shape]!.map(([a, b]) => `${px(x + a * r)},${px(y + b * r)}`).join(' ')}" ${paint}/>`;
}

/** The shape of each year of the plan: one per year in order, the later ones sharing the last. */
export function yearShapes(years: readonly number[]): Map<number, (typeof YEAR_SHAPES)[number]> {
  return new Map([...years].sort((a, b) => a - b).map((y, i) => [y, YEAR_SHAPES[Math.min(i, YEAR_SHAPES.length - 1)]!]));
}

/**
 * The map: outlines (the country's darker border on top), then the sites, then the scale bar and
 * Natural Earth's credit. `years` are the plan's years, for the shapes.
 */
export function planMapSvg(v: MapView, outlines: readonly Outline[], country: string, sites: readonly MapSite[], years: readonly number[], w: ReportWords): string {
  const shapes = yearShapes(years);
  // Fewer pixels per site where there are many, so a national plan stays a map and not a blot.
  const r = sites.length > 2_000 ? 2.5 : sites.length > 300 ? 3.5 : 5;
  const marks = sites.map((s) => {
    const [x, y] = project(v, s.lon, s.lat);
    const paint = attrs({ fill: TECHNOLOGY_COLOURS[s.technology] ?? ACCENT_COLOUR, stroke: SITE_OUTLINE_COLOUR, 'stroke-width': r > 3 ? 1 : 0.6 });
    return marker(shapes.get(s.year) ?? 'circle', x, y, r, paint);
  });
  const scaleLabel = (metres: number) => (metres >= 1000 ? w.km(metres / 1000) : w.number(metres, { style: 'unit', unit: 'meter' }));
  return staticMapSvg(v, outlines, country, `<g>${marks.join('')}</g>`, { label: w.say('mapCaption'), scaleLabel, testId: 'plan-map' });
}

/**
 * A static map: water, land and borders of the view (the country's border darker), `body` drawn
 * over them, a scale bar and Natural Earth's credit. The report's plan and the public locator's
 * answer are drawn with it.
 */
export function staticMapSvg(
  v: MapView, outlines: readonly Outline[], country: string | null, body: string,
  o: { label: string; scaleLabel: (metres: number) => string; testId: string },
): string {
  const land = outlines.map((x) => outlinePath(v, x)).filter(Boolean).join('');
  const own = country ? outlines.filter((x) => x.iso3 === country).map((x) => outlinePath(v, x)).join('') : '';
  const bar = scaleBar(v);
  const [bx, by] = [14, v.height - 18];
  const scale = [
    `<rect ${attrs({ x: bx - 6, y: by - 18, width: bar.pixels + 12, height: 28, fill: '#ffffff', 'fill-opacity': 0.8, rx: 3 })}/>`,
    `<path ${attrs({ d: `M${px(bx)} ${px(by - 4)}V${px(by)}H${px(bx + bar.pixels)}V${px(by - 4)}`, fill: 'none', stroke: '#1f2328', 'stroke-width': 1.5 })}/>`,
    `<text ${attrs({ x: bx + bar.pixels / 2, y: by - 7, 'text-anchor': 'middle' })}>${esc(o.scaleLabel(bar.metres))}</text>`,
  ].join('');
  const credit = `<text ${attrs({ x: v.width - 6, y: v.height - 6, 'text-anchor': 'end', fill: '#4f5661', 'font-size': 9 })}>Natural Earth</text>`;
  return `<svg ${attrs({ width: v.width, height: v.height, viewBox: `0 0 ${px(v.width)} ${px(v.height)}`, role: 'img', 'aria-label': o.label, direction: 'ltr', 'font-size': 11, fill: '#1f2328', 'data-testid': o.testId })}>`
    + `<rect ${attrs({ width: v.width, height: v.height, fill: MAP_COLOURS.water })}/>`
    + `<path ${attrs({ d: land, fill: MAP_COLOURS.land, stroke: MAP_COLOURS.border, 'stroke-width': 0.6, 'stroke-linejoin': 'round' })}/>`
    + (own ? `<path ${attrs({ d: own, fill: 'none', stroke: '#6b6f76', 'stroke-width': 1.2, 'stroke-linejoin': 'round' })}/>` : '')
    + `${body}${scale}${credit}</svg>`;
}

/** The box around the sites, or null for none. */
export function sitesBox(sites: readonly MapSite[]): BBox | null {
  if (sites.length === 0) return null;
  return sites.reduce((m, s) => [Math.min(m[0], s.lon), Math.min(m[1], s.lat), Math.max(m[2], s.lon), Math.max(m[3], s.lat)] as BBox, [Infinity, Infinity, -Infinity, -Infinity] as BBox);
}

/** A box grown by `share` of its size on each side, and by at least `minDeg` degrees. */
const grow = (b: BBox, share: number, minDeg: number): BBox => {
  const [dx, dy] = [Math.max(minDeg, (b[2] - b[0]) * share), Math.max(minDeg, (b[3] - b[1]) * share)];
  return [b[0] - dx, Math.max(-MAX_LAT, b[1] - dy), b[2] + dx, Math.min(MAX_LAT, b[3] + dy)];
};

/**
 * The view for a country's plan: the country's outline and every funded site. A plan whose sites
 * span less than a quarter of the country both ways (one island, one province) is shown around
 * its sites instead, since the whole country would leave them a dot.
 */
export function countryView(country: Outline | null, sites: readonly MapSite[], width: number): MapView {
  const s = sitesBox(sites);
  if (!s) return mapView(country?.bbox ?? [-180, -60, 180, 75], width);
  if (!country) return mapView(grow(s, 0.1, 0.05), width);
  const c = country.bbox;
  if (s[2] - s[0] < (c[2] - c[0]) / 4 && s[3] - s[1] < (c[3] - c[1]) / 4) return mapView(grow(s, 0.25, 0.1), width);
  return mapView([Math.min(c[0], s[0]), Math.min(c[1], s[1]), Math.max(c[2], s[2]), Math.max(c[3], s[3])], width);
}
