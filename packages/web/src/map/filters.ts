/**
 * The map's filters beyond type and connection: a site's best mobile generation and rural or urban
 * (its country's latest analysis run), how it is connected, and a shown plan's year. Each is one
 * choice (or any), kept in the URL as a short word: f=rural,4g,fiber,y2027.
 *
 *     const chosen = readFilters(['rural', '4g']);   // { coverage: '4g', area: 'rural' }
 *     siteFilters(chosen);                           // MapLibre's ['all', …] over the tiles' properties
 *     withFilter(['rural', '4g'], 'area', 'urban');  // ['4g', 'urban']
 */
import { CONNECTIVITY_TYPES } from '@postatlas/core';
import type { ExpressionSpecification } from 'maplibre-gl';
import { messages } from '../i18n.js';
import { connectivityLabel } from '../site-edit.js';

export const FILTERS = {
  coverage: ['0g', '2g', '3g', '4g', '5g'],
  area: ['rural', 'urban'],
  technology: [...CONNECTIVITY_TYPES],
} as const;
export type FilterName = keyof typeof FILTERS | 'year';

export type Filters = Partial<Record<FilterName, string>>;

const YEAR = /^y(\d{4})$/;

function nameOf(word: string): FilterName | null {
  if (YEAR.test(word)) return 'year';
  for (const [name, words] of Object.entries(FILTERS)) if ((words as readonly string[]).includes(word)) return name as FilterName;
  return null;
}

/** The URL's words as one choice per filter; unknown words are ignored, the last of a filter wins. */
export function readFilters(words: readonly string[]): Filters {
  const chosen: Filters = {};
  for (const w of words) {
    const name = nameOf(w);
    if (name) chosen[name] = w;
  }
  return chosen;
}

/** The words with this filter's choice replaced (null: any). */
export function withFilter(words: readonly string[], name: FilterName, word: string | null): string[] {
  return [...words.filter((w) => nameOf(w) !== name), ...(word ? [word] : [])];
}

/** The planned year chosen, or null for all. */
export const filterYear = (f: Filters): number | null => (f.year ? Number(YEAR.exec(f.year)![1]) : null);

/**
 * The filters on single sites, over the tile properties of store/tiles.ts: `generation` (0 for no
 * mobile network), `area` and `connectivity`; a site with no analysis run has no generation or area,
 * so a coverage or area filter hides it.
 */
export function siteFilters(f: Filters): ExpressionSpecification {
  const tests: ExpressionSpecification[] = [];
  if (f.coverage) tests.push(['==', ['get', 'generation'], Number(f.coverage[0])]);
  if (f.area) tests.push(['==', ['get', 'area'], f.area]);
  if (f.technology) tests.push(['==', ['get', 'connectivity'], f.technology]);
  return ['all', true, ...tests];
}

/** Whether a filter the clusters cannot apply is on (they count sites only by type and connection). */
export const narrowsSites = (f: Filters): boolean => Boolean(f.coverage || f.area || f.technology);

/** A filter word's name: connection types as the site panel names them. */
export const filterLabel = (word: string): string =>
  ((CONNECTIVITY_TYPES as readonly string[]).includes(word) ? connectivityLabel(word) : say(word as SayKey));

type SayKey = Parameters<typeof say>[0];

export const say = messages({
  en: {
    filters: 'Filters', any: 'Any', coverage: 'Best mobile network', area: 'Rural or urban', technology: 'Connected by', year: 'Planned year',
    allYears: 'All years', '0g': 'No mobile network', '2g': '2G', '3g': '3G', '4g': '4G', '5g': '5G', rural: 'Rural', urban: 'Urban',
    clustersNote: 'These filters apply to single sites, from zoom 9; clusters count every site of the types and connections shown.',
    adminArea: 'Area', wholeCountry: 'Whole country',
  },
  fr: {
    filters: 'Filtres', any: 'Tous', coverage: 'Meilleur réseau mobile', area: 'Rural ou urbain', technology: 'Connecté par', year: 'Année prévue',
    allYears: 'Toutes les années', '0g': 'Aucun réseau mobile', '2g': '2G', '3g': '3G', '4g': '4G', '5g': '5G', rural: 'Rural', urban: 'Urbain',
    clustersNote: 'Ces filtres s’appliquent aux sites un par un, à partir du zoom 9 ; les groupes comptent tous les sites des types et connexions affichés.',
    adminArea: 'Région', wholeCountry: 'Tout le pays',
  },
  es: {
    filters: 'Filtros', any: 'Todos', coverage: 'Mejor red móvil', area: 'Rural o urbano', technology: 'Conectado por', year: 'Año previsto',
    allYears: 'Todos los años', '0g': 'Sin red móvil', '2g': '2G', '3g': '3G', '4g': '4G', '5g': '5G', rural: 'Rural', urban: 'Urbano',
    clustersNote: 'Estos filtros se aplican a los sitios uno a uno, desde el zoom 9; los grupos cuentan todos los sitios de los tipos y conexiones mostrados.',
    adminArea: 'Región', wholeCountry: 'Todo el país',
  },
  ar: {
    filters: 'عوامل التصفية', any: 'الكل', coverage: 'أفضل شبكة خلوية', area: 'ريفي أو حضري', technology: 'متصل عبر', year: 'السنة المخططة',
    allYears: 'كل السنوات', '0g': 'لا توجد شبكة خلوية', '2g': '2G', '3g': '3G', '4g': '4G', '5g': '5G', rural: 'ريفي', urban: 'حضري',
    clustersNote: 'تنطبق عوامل التصفية هذه على المواقع منفردة ابتداءً من مستوى التكبير 9؛ أما المجموعات فتعدّ كل مواقع الأنواع وحالات الاتصال المعروضة.',
    adminArea: 'المنطقة', wholeCountry: 'البلد كله',
  },
});
