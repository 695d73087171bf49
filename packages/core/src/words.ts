/**
 * Words of the field that the web app and the report both print, in the same four languages as the
 * taxonomy: site types, connection technologies of a plan and map layers. One table, so a reader
 * meets one vocabulary in the app and in the documents it makes. Keys carry the prefix the message
 * tables use (type_, tech_, layer_), so a table spreads them in.
 *
 *     const en = { title: 'Plan', ...TECHNOLOGY_WORDS.en };   // en.tech_fiber === 'Fibre'
 */
import type { TaxonomyLanguage } from './services/taxonomy.js';

/** Site types (sites.site_type). */
export const SITE_TYPE_WORDS = {
  en: {
    type_post_office: 'Post office', type_school: 'School', type_library: 'Library', type_health: 'Health centre', type_government: 'Government office', type_community_center: 'Community centre', type_other: 'Other',
  },
  fr: {
    type_post_office: 'Bureau de poste', type_school: 'École', type_library: 'Bibliothèque', type_health: 'Centre de santé', type_government: 'Administration', type_community_center: 'Centre communautaire', type_other: 'Autre',
  },
  es: {
    type_post_office: 'Oficina de correos', type_school: 'Escuela', type_library: 'Biblioteca', type_health: 'Centro de salud', type_government: 'Oficina pública', type_community_center: 'Centro comunitario', type_other: 'Otro',
  },
  ar: {
    type_post_office: 'مكتب بريد', type_school: 'مدرسة', type_library: 'مكتبة', type_health: 'مركز صحي', type_government: 'مكتب حكومي', type_community_center: 'مركز مجتمعي', type_other: 'أخرى',
  },
} as const satisfies Record<TaxonomyLanguage, Record<string, string>>;

/** A plan's technologies, and a site connected through its post office. */
export const TECHNOLOGY_WORDS = {
  en: {
    tech_fiber: 'Fibre', tech_cellular: 'Cellular', tech_microwave: 'Microwave', tech_satellite: 'Satellite', 'tech_co-connected': 'Through its post office',
  },
  fr: {
    tech_fiber: 'Fibre', tech_cellular: 'Cellulaire', tech_microwave: 'Faisceau hertzien', tech_satellite: 'Satellite', 'tech_co-connected': 'Par son bureau de poste',
  },
  es: {
    tech_fiber: 'Fibra', tech_cellular: 'Celular', tech_microwave: 'Microondas', tech_satellite: 'Satélite', 'tech_co-connected': 'A través de su oficina de correos',
  },
  ar: {
    tech_fiber: 'الألياف الضوئية', tech_cellular: 'الشبكة الخلوية', tech_microwave: 'الموجات الدقيقة', tech_satellite: 'الأقمار الصناعية', 'tech_co-connected': 'عبر مكتب البريد التابع له',
  },
} as const satisfies Record<TaxonomyLanguage, Record<string, string>>;

/** Layers of data, as files are imported into them. */
export const LAYER_WORDS = {
  en: {
    layer_sites: 'Sites', layer_cells: 'Cell sites', layer_nodes: 'Transmission nodes', layer_links: 'Transmission links', layer_coverage: 'Mobile coverage areas', layer_population: 'Population',
  },
  fr: {
    layer_sites: 'Sites', layer_cells: 'Sites cellulaires', layer_nodes: 'Nœuds de transmission', layer_links: 'Liaisons de transmission', layer_coverage: 'Zones de couverture mobile', layer_population: 'Population',
  },
  es: {
    layer_sites: 'Sitios', layer_cells: 'Sitios celulares', layer_nodes: 'Nodos de transmisión', layer_links: 'Enlaces de transmisión', layer_coverage: 'Zonas de cobertura móvil', layer_population: 'Población',
  },
  ar: {
    layer_sites: 'المواقع', layer_cells: 'مواقع الشبكة الخلوية', layer_nodes: 'عقد الإرسال', layer_links: 'وصلات الإرسال', layer_coverage: 'مناطق التغطية الخلوية', layer_population: 'السكان',
  },
} as const satisfies Record<TaxonomyLanguage, Record<string, string>>;
