/**
 * An online base map, when the server's operator configured one (GET /api/settings): raster tiles
 * drawn over the offline Natural Earth land, under everything else. Off until the reader turns it
 * on (the map must work offline and on slow links); the choice is kept in this browser.
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { api } from '../api.js';
import { messages } from '../i18n.js';
import { POPULATION_LAYER } from './population.js';

export interface OnlineBasemap { url: string; attribution: string }

const ID = 'online-basemap';
const KEY = 'postatlas.basemap';

const say = messages({
  en: { online: 'Online base map' }, fr: { online: 'Fond de carte en ligne' }, es: { online: 'Mapa base en línea' }, ar: { online: 'خريطة أساس عبر الإنترنت' },
});

const remembered = () => {
  try {
    return localStorage.getItem(KEY) === 'online';
  } catch {
    return false;
  }
};

export function OnlineBasemapToggle({ map }: { map: MapLibreMap | null }) {
  const [basemap, setBasemap] = useState<OnlineBasemap | null>(null);
  const [on, setOn] = useState(remembered);
  useEffect(() => {
    void api<{ basemap: OnlineBasemap | null }>('/api/settings').then((s) => setBasemap(s.basemap), () => setBasemap(null));
  }, []);
  useEffect(() => {
    if (!map || !basemap) return;
    const apply = () => {
      if (!map.getSource(ID)) {
        map.addSource(ID, { type: 'raster', tiles: [basemap.url], tileSize: 256, attribution: basemap.attribution });
        map.addLayer({ id: ID, type: 'raster', source: ID, layout: { visibility: 'none' } }, POPULATION_LAYER.id);
      }
      map.setLayoutProperty(ID, 'visibility', on ? 'visible' : 'none');
    };
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [map, basemap, on]);
  if (!basemap) return null;
  const toggle = () => {
    setOn(!on);
    try {
      localStorage.setItem(KEY, on ? 'offline' : 'online');
    } catch { /* private browsing: the choice lasts the page */ }
  };
  return html`<label><input type="checkbox" name="layer-online-basemap" checked=${on} onChange=${toggle} /> ${say('online')}</label>`;
}
