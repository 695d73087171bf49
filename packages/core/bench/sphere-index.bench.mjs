// SphereIndex against kdbush + geokdbush (the usual choice for nearest-on-the-globe in JavaScript)
// on the same points and queries, in the same run: build time and nearest-neighbour queries.
//   node packages/core/bench/sphere-index.bench.mjs [--points 1000000] [--queries 200000] [--runs 5]
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { parseArgs } from 'node:util';
import { SphereIndex, haversineM } from '@postatlas/core';

const { values: o } = parseArgs({ options: { points: { type: 'string', default: '1000000' }, queries: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' } } });
const n = Number(o.points);
const q = Number(o.queries);

// Clustered like cell sites: most points near a few thousand towns, some scattered.
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const towns = Array.from({ length: 5000 }, () => [rand() * 360 - 180, Math.asin(rand() * 1.8 - 0.9) * (180 / Math.PI)]);
const lon = new Float64Array(n);
const lat = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const [x, y] = towns[Math.floor(rand() * towns.length)];
  const r = rand() < 0.9 ? rand() * 0.2 : rand() * 3;
  const a = rand() * 2 * Math.PI;
  lon[i] = ((x + r * Math.cos(a) + 540) % 360) - 180;
  lat[i] = Math.max(-89.9, Math.min(89.9, y + r * Math.sin(a)));
}
const qLon = Float64Array.from({ length: q }, () => rand() * 360 - 180);
const qLat = Float64Array.from({ length: q }, () => Math.asin(rand() * 1.8 - 0.9) * (180 / Math.PI));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = performance.now();
  const r = fn();
  return [performance.now() - t, r];
};
const rows = { sphere: { build: [], nearest: [] }, geokdbush: { build: [], nearest: [] } };
let mismatches = 0;
for (let run = 0; run < Number(o.runs); run++) {
  const [tb1, sphere] = time(() => new SphereIndex(lon, lat));
  const [tb2, kd] = time(() => {
    const index = new KDBush(n);
    for (let i = 0; i < n; i++) index.add(lon[i], lat[i]);
    return index.finish();
  });
  const [tq1, a] = time(() => Int32Array.from({ length: q }, (_, i) => sphere.nearest(qLon[i], qLat[i])));
  const [tq2, b] = time(() => Int32Array.from({ length: q }, (_, i) => around(kd, qLon[i], qLat[i], 1)[0]));
  rows.sphere.build.push(tb1); rows.sphere.nearest.push(tq1);
  rows.geokdbush.build.push(tb2); rows.geokdbush.nearest.push(tq2);
  // Both must find points at the same distance (ties may differ).
  if (run === 0) for (let i = 0; i < q; i++) if (Math.abs(haversineM(qLat[i], qLon[i], lat[a[i]], lon[a[i]]) - haversineM(qLat[i], qLon[i], lat[b[i]], lon[b[i]])) > 1e-3) mismatches++;
}
const f = (ms) => `${ms.toFixed(0)} ms`;
console.log(`${n.toLocaleString('en')} clustered points, ${q.toLocaleString('en')} nearest queries anywhere on the globe, median of ${o.runs} runs`);
console.log('| index | build | nearest | per query |');
console.log('|---|---:|---:|---:|');
for (const [name, r] of Object.entries(rows)) console.log(`| ${name === 'sphere' ? 'SphereIndex' : 'kdbush + geokdbush.around(…, 1)'} | ${f(median(r.build))} | ${f(median(r.nearest))} | ${((median(r.nearest) * 1000) / q).toFixed(2)} µs |`);
console.log(`nearest query speed-up: ${(median(rows.geokdbush.nearest) / median(rows.sphere.nearest)).toFixed(1)}×; answers at different distances: ${mismatches}`);
