// The offline base map: Natural Earth countries (public domain, via world-atlas) as GeoJSON with
// ISO alpha-3 codes, so the map needs no tile server and a click on a country names it. 1:110m
// (about 30 kB compressed) draws the first screen; 1:50m (small islands such as São Tomé) loads
// once someone zooms in. Written beside the map's code, which imports them with ?url: the build
// gives them content-hashed names, cached for good.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
// A millimetre on the printed map is 110 km at 1:110m and 50 km at 1:50m: two decimals (1 km) and
// three (100 m) keep every vertex where it was and halve the file.
const DECIMALS = { '110m': 1e2, '50m': 1e3 };
const round = (c, k) => (typeof c[0] === 'number' ? c.map((v) => Math.round(v * k) / k) : c.map((x) => round(x, k)));
// Rings that cross the antimeridian (Russia, Fiji) jump from 180 to -180, which a flat map draws as
// a band across the world; shifted by 360 where they jump, they stay continuous and the map wraps them.
const unwrap = (ring) => {
  let shift = 0;
  return ring.map(([lon, lat], i) => {
    if (i > 0) {
      const jump = lon + shift - (ring[i - 1][0] + shift);
      if (jump > 180) shift -= 360;
      else if (jump < -180) shift += 360;
    }
    return [lon + shift, lat];
  });
};
const unwrapGeometry = (g) => g && {
  type: g.type,
  coordinates: g.type === 'Polygon' ? g.coordinates.map(unwrap) : g.coordinates.map((polygon) => polygon.map(unwrap)),
};
mkdirSync(new URL('../src/map/basemap/', import.meta.url), { recursive: true });
for (const scale of ['110m', '50m']) {
  const topology = require(`world-atlas/countries-${scale}.json`);
  const features = feature(topology, topology.objects.countries).features.map((f) => ({
    type: 'Feature',
    properties: { iso3: countries.numericToAlpha3(String(f.id).padStart(3, '0')) ?? null, name: f.properties?.name ?? null },
    geometry: f.geometry && { type: f.geometry.type, coordinates: round(unwrapGeometry(f.geometry).coordinates, DECIMALS[scale]) },
  }));
  const out = new URL(`../src/map/basemap/countries-${scale}.geojson`, import.meta.url);
  writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', attribution: 'Natural Earth (public domain) via world-atlas', features }));
  console.log(`base map ${scale}: ${features.length} countries`);
}
