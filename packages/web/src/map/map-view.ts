/**
 * The map: Natural Earth countries shipped with the app as the base (no tile server, no token,
 * works offline), the server's vector tiles of sites and, for those allowed to see them, of the
 * infrastructure. Sites are coloured, and can be filtered, by whether they are connected (and by
 * coverage, rural or urban and how they are connected: filters.ts); a click on a site opens its
 * panel, a click on a country zooms to it, the Area select to one of its admin areas. The position
 * is kept in the URL's hash.
 */
import { html } from 'htm/preact';
import { Map as MapLibreMap, NavigationControl, setWorkerUrl, type ExpressionSpecification, type GeoJSONSource, type MapMouseEvent, type VectorTileSource, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ViewProps } from '../app.js';
import { api } from '../api.js';
import { t, type MessageKey } from '../i18n.js';
import { PlanLegend, showPlan } from '../plan-on-map.js';
import basemapUrl from './basemap/countries-110m.geojson?url';
import finerBasemapUrl from './basemap/countries-50m.geojson?url';
import { cameraFromHash, initialCamera } from './camera.js';
import { FILTERS, filterLabel, filterYear, narrowsSites, readFilters, say, siteFilters, withFilter, type FilterName } from './filters.js';
import { OnlineBasemapToggle } from './online-basemap.js';
import { CLUSTER_RADIUS, COLOURS, FIT, SITE_OUTLINE, SITE_RADIUS, tileUrl } from './palette.js';
import { POPULATION, POPULATION_LAYER, POPULATION_SOURCE, PopulationLegend } from './population.js';

// MapLibre finds its worker next to its own module, which a bundle moves: point it at the copy Vite ships.
setWorkerUrl(workerUrl);

const tiles = (layer: string) => [tileUrl(layer)];
const stops = (s: readonly (readonly [number, number])[]) => s.flat();

const connectedColour: ExpressionSpecification = [
  'match', ['to-string', ['get', 'connected']], 'true', COLOURS.connected, 'false', COLOURS.notConnected, COLOURS.unknown,
];

/** Cell sites and coverage by mobile generation: darker for newer ones. */
const generationColour: ExpressionSpecification = ['match', ['get', 'generation'], 5, '#004d80', 4, '#0072b2', 3, '#56a0d3', '#9cc3e0'];

function style(): StyleSpecification {
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: basemapUrl, attribution: 'Natural Earth' },
      sites: { type: 'vector', tiles: tiles('sites'), maxzoom: 14 },
      cells: { type: 'vector', tiles: tiles('cells'), maxzoom: 14 },
      nodes: { type: 'vector', tiles: tiles('nodes'), maxzoom: 14 },
      links: { type: 'vector', tiles: tiles('links'), maxzoom: 14 },
      coverage: { type: 'vector', tiles: tiles('coverage'), maxzoom: 14 },
      population: POPULATION_SOURCE(),
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': COLOURS.water } },
      { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': COLOURS.land } },
      // Where people live, under everything drawn on the land (off at first).
      POPULATION_LAYER,
      {
        // Under the borders and everything else: where each generation of mobile network reaches.
        id: 'coverage', type: 'fill', source: 'coverage', 'source-layer': 'coverage',
        paint: { 'fill-color': generationColour, 'fill-opacity': 0.25 },
      },
      { id: 'borders', type: 'line', source: 'countries', paint: { 'line-color': COLOURS.border, 'line-width': 0.6 } },
      { id: 'links', type: 'line', source: 'links', 'source-layer': 'links', paint: { 'line-color': ['match', ['get', 'status'], 'operational', '#5b3cc4', '#a99bd9'], 'line-width': 1.5 } },
      { id: 'nodes', type: 'circle', source: 'nodes', 'source-layer': 'nodes', paint: { 'circle-color': '#5b3cc4', 'circle-radius': 3 } },
      {
        id: 'cells', type: 'circle', source: 'cells', 'source-layer': 'cells',
        paint: { 'circle-color': generationColour, 'circle-radius': 2.5 },
      },
      {
        // Below zoom 9 the server sends clusters; their size and colour follow the filters (clusterPaint).
        id: 'site-clusters', type: 'circle', source: 'sites', 'source-layer': 'sites', filter: ALL_CLUSTERS.filter,
        paint: { 'circle-color': ALL_CLUSTERS.colour, 'circle-radius': ALL_CLUSTERS.radius, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1, 'circle-opacity': 0.9 },
      },
      {
        id: 'sites', type: 'circle', source: 'sites', 'source-layer': 'sites', filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': connectedColour,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], ...stops(SITE_RADIUS)],
          'circle-stroke-color': '#ffffff', 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], ...stops(SITE_OUTLINE)],
        },
      },
    ],
  };
}

/** The layers a reader can turn on and off, and what each shows. */
const TOGGLES: { id: string; label: MessageKey; layer: string; filter?: ExpressionSpecification }[] = [
  { id: 'post_office', label: 'postOffices', layer: 'sites' },
  { id: 'school', label: 'schools', layer: 'sites' },
  { id: 'other', label: 'otherSites', layer: 'sites' },
  { id: 'cells', label: 'cellSites', layer: 'cells' },
  { id: 'nodes', label: 'fibreNodes', layer: 'nodes' },
  { id: 'links', label: 'fibreLinks', layer: 'links' },
  { id: 'coverage', label: 'mobileCoverage', layer: 'coverage' },
  { id: POPULATION, label: 'population', layer: POPULATION },
];

/** The layers of their own a toggle shows or hides (the site types filter the sites layer). */
const TOGGLED_LAYERS = TOGGLES.filter((g) => g.layer !== 'sites').map((g) => g.layer);

/** The connection statuses a reader can show or hide; they are also the key to the colours. */
const STATUSES: { id: string; label: MessageKey; colour: string }[] = [
  { id: 'connected', label: 'connected', colour: COLOURS.connected },
  { id: 'not_connected', label: 'notConnected', colour: COLOURS.notConnected },
  { id: 'connection_unknown', label: 'unknown', colour: COLOURS.unknown },
];

function siteFilter(on: Set<string>): ExpressionSpecification {
  const types = ['post_office', 'school'].filter((t) => on.has(t));
  const byType: ExpressionSpecification = on.has('other') ? ['any', ['in', ['get', 'type'], ['literal', types]], ['!', ['in', ['get', 'type'], ['literal', ['post_office', 'school']]]]] : ['in', ['get', 'type'], ['literal', types]];
  // A tile's `connected` is true, false or absent (unknown), as in the colours.
  const byStatus: ExpressionSpecification = ['match', ['to-string', ['get', 'connected']], 'true', on.has('connected'), 'false', on.has('not_connected'), on.has('connection_unknown')];
  return ['all', byType, byStatus];
}

/**
 * A cluster holds its sites' counts per type and connection (the server's siteBucket): the sites
 * the filters show are the sum of the buckets turned on; the colour is the share of them
 * connected, among those whose connection is known.
 */
function clusterPaint(on: Set<string>): { filter: ExpressionSpecification; radius: ExpressionSpecification; colour: ExpressionSpecification } {
  const types = ['post_office', 'school', 'other'].filter((t) => on.has(t));
  const count = (statuses: string[]): ExpressionSpecification =>
    ['+', 0, 0, ...types.flatMap((t) => statuses.filter((s) => on.has(s)).map((s): ExpressionSpecification => ['get', `${t}_${s}`]))];
  const shown = count(STATUSES.map((s) => s.id));
  const connected = count(['connected']);
  const known = count(['connected', 'not_connected']);
  return {
    filter: ['all', ['has', 'point_count'], ['>', shown, 0]],
    radius: ['interpolate', ['linear'], ['sqrt', shown], ...stops(CLUSTER_RADIUS)] as ExpressionSpecification,
    colour: ['case', ['==', known, 0], COLOURS.unknown, ['interpolate-lab', ['linear'], ['/', connected, known], 0, COLOURS.notConnected, 1, COLOURS.connected]],
  };
}

/** The width style.css lays out for a phone. */
const PHONE = '(max-width: 40rem)';

/** Every layer and status on. */
// Population tiles are the heaviest thing the map can ask for: only for a reader who wants them.
const SHOWN_AT_FIRST = [...TOGGLES.filter((g) => g.id !== POPULATION).map((g) => g.id), ...STATUSES.map((s) => s.id)];
const ALL_CLUSTERS = clusterPaint(new Set(SHOWN_AT_FIRST));

/** A country's admin area (admin1, or admin2 where its sites have no admin1), as GET /api/countries/:country/areas gives it. */
interface AdminArea {
  name: string;
  sites: number;
  connected: number;
  bbox: [number, number, number, number];
}

function useAreas(country: string | null): AdminArea[] {
  const [areas, setAreas] = useState<AdminArea[]>([]);
  useEffect(() => {
    setAreas([]);
    if (!country) return;
    let current = true;
    api<AdminArea[]>(`/api/countries/${country}/areas`).then((a) => { if (current) setAreas(a); }, () => {}); // no areas: no select
    return () => { current = false; };
  }, [country]);
  return areas;
}

/** Fits the map to [west, south, east, north], once the style is there. */
function fitTo(m: MapLibreMap, [w, south, e, n]: readonly number[]): void {
  const zoomTo = () => m.fitBounds([[w!, south!], [e!, n!]], { ...FIT, duration: 600 });
  if (m.isStyleLoaded()) zoomTo();
  else m.once('load', zoomTo);
}

export function MapView({ state, countries, go, onReady, sitesVersion }: ViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const [on, setOn] = useState(() => new Set(SHOWN_AT_FIRST));
  const [ready, setReady] = useState(false);
  // On a phone the layers panel starts folded to its title, so the map has the screen.
  const [layersOpen, setLayersOpen] = useState(() => !matchMedia(PHONE).matches);
  const goRef = useRef(go);
  goRef.current = go;
  // Opened on a shared position or on the linked country already: the first country effect keeps it.
  const placed = useRef(false);
  // Opened on a shared position within a linked area: the first area effect keeps it.
  const areaPlaced = useRef(state.area !== null && cameraFromHash(location.hash) !== null);
  const shownArea = useRef<string | null>(null);
  const areas = useAreas(state.country);
  const filters = readFilters(state.filters);
  const filterKey = state.filters.join(',');

  useEffect(() => {
    const el = container.current!;
    const bbox = countries.find((c) => c.country === state.country)?.bbox ?? null;
    placed.current = cameraFromHash(location.hash) !== null || bbox !== null;
    // The preview's view, so the hand-over does not move.
    const { center, zoom } = initialCamera(location.hash, bbox, el.clientWidth, el.clientHeight);
    const m = new MapLibreMap({ container: el, style: style(), center, zoom, hash: true, attributionControl: { compact: true } });
    map.current = m;
    m.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
    // The finer base map (small islands) only for those who zoom in: the first screen stays light.
    const finer = () => {
      if (m.getZoom() < 4) return;
      (m.getSource('countries') as GeoJSONSource).setData(finerBasemapUrl);
      m.off('zoomend', finer);
    };
    m.on('zoomend', finer);
    m.once('load', finer);
    m.on('click', (e: MapMouseEvent) => {
      const cluster = m.queryRenderedFeatures(e.point, { layers: ['site-clusters'] })[0];
      if (cluster) return m.easeTo({ center: e.lngLat, zoom: Math.min(m.getZoom() + 2, 9) });
      const site = m.queryRenderedFeatures(e.point, { layers: ['sites'] })[0];
      if (site) return goRef.current({ site: Number(site.properties.id) });
      const country = m.queryRenderedFeatures(e.point, { layers: ['land'] })[0];
      const iso3 = country?.properties.iso3 as string | undefined;
      if (iso3) goRef.current({ country: iso3, area: null });
    });
    for (const layer of ['sites', 'site-clusters', 'land']) {
      m.on('mouseenter', layer, () => { m.getCanvas().style.cursor = 'pointer'; });
      m.on('mouseleave', layer, () => { m.getCanvas().style.cursor = ''; });
    }
    // For tests and for people who want to know: the map has drawn its first full frame.
    m.once('idle', () => {
      container.current?.setAttribute('data-ready', 'true');
      setReady(true);
      onReady?.();
    });
    return () => m.remove();
  }, []);

  // Zoom to the chosen country (from the selector, a click, or a link whose countries came late).
  useEffect(() => {
    const m = map.current;
    const entry = countries.find((c) => c.country === state.country);
    if (!m || !entry) return;
    if (placed.current) {
      placed.current = false;
      return;
    }
    fitTo(m, entry.bbox);
  }, [state.country, countries]);

  // Zoom to the chosen admin area, or back to the whole country when it is unset.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const entry = areas.find((a) => a.name === state.area);
    if (entry) {
      shownArea.current = entry.name;
      if (areaPlaced.current) areaPlaced.current = false;
      else fitTo(m, entry.bbox);
      return;
    }
    const country = countries.find((c) => c.country === state.country);
    if (state.area === null && shownArea.current !== null && country) fitTo(m, country.bbox);
    shownArea.current = null;
  }, [state.area, areas]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const apply = () => {
      m.setFilter('sites', ['all', ['!', ['has', 'point_count']], siteFilter(on), siteFilters(filters)]);
      const clusters = clusterPaint(on);
      m.setFilter('site-clusters', clusters.filter);
      m.setPaintProperty('site-clusters', 'circle-radius', clusters.radius);
      m.setPaintProperty('site-clusters', 'circle-color', clusters.colour);
      for (const layer of TOGGLED_LAYERS) m.setLayoutProperty(layer, 'visibility', on.has(layer) ? 'visible' : 'none');
    };
    if (m.isStyleLoaded()) apply();
    else m.once('load', apply);
  }, [on, filterKey]);

  // A site edited in the panel: its colour may have changed. The tiles again under a URL not used
  // before (not even by an earlier visit: the browser keeps a tile for a minute); the server's
  // tiles are fresh after any write.
  useEffect(() => {
    const m = map.current;
    if (!m || sitesVersion === 0) return;
    const refresh = () => (m.getSource('sites') as VectorTileSource).setTiles([`${tileUrl('sites')}?at=${Date.now().toString(36)}`]);
    if (m.getSource('sites')) refresh();
    else m.once('load', refresh);
  }, [sitesVersion]);

  // A scenario from the planning view (?plan=), drawn over the sites.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const draw = () => showPlan(m, state.plan && state.country ? { country: state.country, name: state.plan } : null, filterYear(filters));
    // The style may be loaded and its tiles still loading: 'idle' comes after both.
    if (m.isStyleLoaded()) draw();
    else m.once('idle', draw);
  }, [state.plan, state.country, filters.year]);

  // A site chosen elsewhere (the search box, a link): fly to it, unless it is already in sight.
  useEffect(() => {
    const m = map.current;
    if (!m || state.site === null) return;
    let current = true;
    api<{ lat: number; lon: number }>(`/api/sites/${state.site}`).then(({ lat, lon }) => {
      const fly = () => {
        if (current && !(m.getZoom() >= 12 && m.getBounds().contains([lon, lat]))) m.flyTo({ center: [lon, lat], zoom: Math.max(m.getZoom(), 14) });
      };
      if (m.isStyleLoaded()) fly();
      else m.once('load', fly);
    }, () => {}); // the panel says what went wrong
    return () => { current = false; };
  }, [state.site]);

  const toggle = (id: string) => {
    const next = new Set(on);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOn(next);
  };
  const choose = (name: FilterName, word: string | null) => go({ filters: withFilter(state.filters, name, word) });
  const select = (name: keyof typeof FILTERS) => html`
    <label>${say(name)}
      <select name=${`filter-${name}`} value=${filters[name] ?? ''} onChange=${(e: Event) => choose(name, (e.target as HTMLSelectElement).value || null)}>
        <option value="">${say('any')}</option>
        ${FILTERS[name].map((w) => html`<option value=${w}>${filterLabel(w)}</option>`)}
      </select>
    </label>`;

  return html`
    <section class="map-view" aria-label=${t('map')}>
      <div ref=${container} class=${ready ? 'map' : 'map pending'} role="region" aria-label=${t('map')} data-testid="map"></div>
      <details class="layers" open=${layersOpen} onToggle=${(e: Event) => setLayersOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary id="layers-title">${t('layers')}</summary>
        <fieldset aria-labelledby="layers-title">
          ${state.country && areas.length > 0 ? html`
            <label>${say('adminArea')}
              <select name="area" value=${state.area ?? ''} onChange=${(e: Event) => go({ area: (e.target as HTMLSelectElement).value || null, site: null })}>
                <option value="">${say('wholeCountry')}</option>
                ${areas.map((a) => html`<option value=${a.name}>${a.name}</option>`)}
              </select>
            </label>` : null}
          ${TOGGLES.map((g) => html`
            <label><input type="checkbox" name=${`layer-${g.id}`} checked=${on.has(g.id)} onChange=${() => toggle(g.id)} /> ${t(g.label)}</label>`)}
          <${OnlineBasemapToggle} map=${ready ? map.current : null} />
          <fieldset class="legend statuses">
            <legend>${t('connectivity')}</legend>
            ${STATUSES.map((s) => html`
              <label><input type="checkbox" name=${`status-${s.id}`} checked=${on.has(s.id)} onChange=${() => toggle(s.id)} /> <span class="dot" style=${`background:${s.colour}`}></span>${t(s.label)}</label>`)}
          </fieldset>
          ${on.has(POPULATION) ? html`<${PopulationLegend} />` : null}
          <fieldset class="legend statuses filters">
            <legend>${say('filters')}</legend>
            ${select('coverage')}
            ${select('area')}
            ${select('technology')}
            ${narrowsSites(filters) ? html`<p class="note" role="note" style="max-inline-size: 18rem; margin: 0">${say('clustersNote')}</p>` : null}
          </fieldset>
          ${state.plan && state.country ? html`<${PlanLegend} country=${state.country} name=${state.plan} year=${filterYear(filters)}
            onYear=${(y: number | null) => choose('year', y === null ? null : `y${y}`)} onHide=${() => go({ plan: null, filters: withFilter(state.filters, 'year', null) })} />` : null}
        </fieldset>
      </details>
    </section>
  `;
}
