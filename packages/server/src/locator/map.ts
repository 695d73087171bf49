/**
 * The locator's answer on a small static map (SVG in the page: no script, no tiles): where the
 * person is, and the offices numbered as in the list. Drawn with the report's map primitives, in
 * the web map's colours.
 */
import { attrs, esc, mapView, project, staticMapSvg, worldOutlines, ACCENT_COLOUR, type BBox } from '@postatlas/report';

export interface MapPoint { lat: number; lon: number }

const WIDTH = 360;

export function locatorMapSvg(you: MapPoint, offices: readonly (MapPoint & { country: string })[], o: { label: string; km: (km: number) => string; you: string }): string {
  const points = [you, ...offices];
  const box: BBox = [
    Math.min(...points.map((p) => p.lon)), Math.min(...points.map((p) => p.lat)),
    Math.max(...points.map((p) => p.lon)), Math.max(...points.map((p) => p.lat)),
  ];
  // At least a few kilometres around, so one office next door is still a map of the area.
  const pad = Math.max(0.02, (box[2] - box[0]) * 0.1, (box[3] - box[1]) * 0.1);
  const v = mapView([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad], WIDTH, { padding: 20, minHeight: 220, maxHeight: 360 });
  const [yx, yy] = project(v, you.lon, you.lat);
  const here = `<g aria-label="${esc(o.you)}"><circle ${attrs({ cx: yx, cy: yy, r: 9, fill: 'none', stroke: '#1f2328', 'stroke-width': 2 })}/><circle ${attrs({ cx: yx, cy: yy, r: 3, fill: '#1f2328' })}/></g>`;
  // The farthest first, so the nearest (number 1) is drawn on top.
  const marks = offices.map((p, i) => {
    const [x, y] = project(v, p.lon, p.lat);
    return `<g><circle ${attrs({ cx: x, cy: y, r: 9, fill: ACCENT_COLOUR, stroke: '#ffffff', 'stroke-width': 1.5 })}/><text ${attrs({ x, y: y + 4, 'text-anchor': 'middle', fill: '#ffffff', 'font-size': 11, 'font-weight': 700 })}>${i + 1}</text></g>`;
  }).reverse();
  const scaleLabel = (metres: number) => o.km(metres / 1000);
  return staticMapSvg(v, worldOutlines().all, offices[0]?.country ?? null, here + marks.join(''), { label: o.label, scaleLabel, testId: 'locator-map' });
}
