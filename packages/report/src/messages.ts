/**
 * The report's words in English, French, Spanish and Arabic, and its numbers and dates in each
 * language's own way (Intl). Where the web app's planning view says the same thing, the words
 * are the same (web/src/plan-messages.ts, data-messages.ts), so a reader meets one vocabulary:
 * site types, technologies and layers come from one table (core's words.ts).
 *
 *     const w = words('fr');
 *     w.say('within', { gap: w.percent(0.028) });   // 'À moins de 2,8 % du meilleur plan possible.'
 *     w.usd(29161.7);                                // '29 162 $US'
 */
import { LAYER_WORDS, PLAN_WORDS, SITE_TYPE_WORDS, TECHNOLOGY_WORDS } from '@postatlas/core';

export const REPORT_LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const isReportLanguage = (v: unknown): v is ReportLanguage => (REPORT_LANGUAGES as readonly unknown[]).includes(v);

const en = {
  docTitle: 'Scenario report: {name}',
  kicker: 'postatlas · connectivity plan',
  made: 'Made on {date} from the scenario “{name}”, saved on {saved} by {by}.',
  contents: 'Contents',
  summary: 'Summary',
  ...PLAN_WORDS.en,
  years: 'Years',
  costPerPerson: 'Cost per person served',
  byType: 'Sites connected by type',
  valueBound: 'The plan’s value is {value}; no plan can exceed {bound}.',
  valueBoundCost: 'The plan costs {value}; no plan can cost less than {bound}.',
  map: 'Map of the plan',
  mapCaption: 'The funded sites: colour for the technology, shape for the year. Country outlines from Natural Earth, Web Mercator projection.',
  mapEmpty: 'No site is funded, so there is nothing to show on the map.',
  yearAndAfter: '{year} and after',
  charts: 'Charts',
  curveNote: 'Sites in priority order: where the curve flattens, each dollar buys less.',
  mixNote: 'Share of the funded sites, with what they cost.',
  rollout: 'Year-by-year rollout, {from}–{until}',
  rolloutNote: 'Sites connected each year, by technology; the spend of each year below it.',
  coverage: 'Coverage before and after the plan, by {level}',
  coverageNote: 'Share of each area’s sites connected: light before the plan, dark what the plan adds. The table adds the people whose nearest site is connected.',
  coverageOthers: 'Other areas ({n})',
  level_admin1: 'region',
  level_admin2: 'district',
  level_none: 'area',
  noArea: 'No area given',
  area: 'Area',
  sharePeople: 'People near a connected site',
  connectedBefore: 'Connected before the plan',
  connectedByPlan: 'Connected by the plan',
  connectedAfter: 'Connected after the plan',
  sitesTable: 'The chosen sites',
  tableNote: '{n} funded sites in priority order.',
  tableFirst: 'The first {n} of {total} funded sites in priority order; the CSV download lists every one.',
  unfundedNote: '{n} more sites are costed but not funded within the budget.',
  site: 'Site',
  sourceId: 'Id',
  type: 'Type',
  costUsd: 'Cost (USD)',
  perPersonUsd: 'Per person (USD)',
  position: 'Latitude, longitude',
  via: 'through {id}',
  parameters: 'Parameters used',
  parametersNote: 'Every planning parameter the plan used (parameters version {version}); units are in the names (Usd, M for metres, Mbps, Years).',
  parameter: 'Parameter',
  value: 'Value',
  source: 'Source',
  src_itu: 'ITU Connectivity Planning Platform default',
  src_postatlas: 'postatlas default (packages/core/src/planning/parameters.ts)',
  src_scenario: 'Set for this scenario',
  analysisRun: 'Analysis run',
  runCurrent: 'Run {id} of {date}; its input data are still the latest.',
  runStale: 'Run {id} of {date}; some input data have changed since.',
  noRun: 'The analysis run this plan used is no longer stored.',
  sources: 'Data sources',
  sourcesNote: 'Licences and attribution as their owners state them; addresses are printed as text.',
  dataset: 'Dataset',
  layer: 'Layer',
  licence: 'Licence',
  attribution: 'Attribution',
  notStated: 'not stated',
  naturalEarth: 'Natural Earth country outlines, 1:10m (world-atlas)',
  publicDomain: 'Public domain',
  versions: 'Dataset versions',
  versionsNote: 'The latest import of each dataset when the analysis run read it.',
  importId: 'Import',
  importedAt: 'Imported',
  sha256: 'SHA-256 of the file',
  ...TECHNOLOGY_WORDS.en,
  ...SITE_TYPE_WORDS.en,
  ...LAYER_WORDS.en,
};
export type ReportMessageKey = keyof typeof en;
type Words = Record<ReportMessageKey, string>;

const fr: Words = {
  docTitle: 'Rapport de scénario : {name}',
  kicker: 'postatlas · plan de connectivité',
  made: 'Établi le {date} à partir du scénario « {name} », enregistré le {saved} par {by}.',
  contents: 'Sommaire',
  summary: 'Synthèse',
  ...PLAN_WORDS.fr,
  years: 'Années',
  costPerPerson: 'Coût par personne desservie',
  byType: 'Sites connectés par type',
  valueBound: 'La valeur du plan est {value} ; aucun plan ne peut dépasser {bound}.',
  valueBoundCost: 'Le plan coûte {value} ; aucun plan ne peut coûter moins de {bound}.',
  map: 'Carte du plan',
  mapCaption: 'Les sites financés : la couleur pour la technologie, la forme pour l’année. Contours des pays Natural Earth, projection Web Mercator.',
  mapEmpty: 'Aucun site n’est financé : la carte n’a rien à montrer.',
  yearAndAfter: '{year} et après',
  charts: 'Graphiques',
  curveNote: 'Sites par ordre de priorité : là où la courbe s’aplatit, chaque dollar rapporte moins.',
  mixNote: 'Part des sites financés, avec leur coût.',
  rollout: 'Déploiement année par année, {from}–{until}',
  rolloutNote: 'Sites connectés chaque année, par technologie ; la dépense de l’année en dessous.',
  coverage: 'Couverture avant et après le plan, par {level}',
  coverageNote: 'Part des sites de chaque zone qui sont connectés : en clair avant le plan, en foncé ce que le plan ajoute. Le tableau ajoute les personnes dont le site le plus proche est connecté.',
  coverageOthers: 'Autres zones ({n})',
  level_admin1: 'région',
  level_admin2: 'district',
  level_none: 'zone',
  noArea: 'Zone non renseignée',
  area: 'Zone',
  sharePeople: 'Personnes proches d’un site connecté',
  connectedBefore: 'Connectés avant le plan',
  connectedByPlan: 'Connectés par le plan',
  connectedAfter: 'Connectés après le plan',
  sitesTable: 'Les sites retenus',
  tableNote: '{n} sites financés par ordre de priorité.',
  tableFirst: 'Les {n} premiers des {total} sites financés par ordre de priorité ; le téléchargement CSV les liste tous.',
  unfundedNote: '{n} autres sites sont chiffrés mais non financés dans le budget.',
  site: 'Site',
  sourceId: 'Identifiant',
  type: 'Type',
  costUsd: 'Coût (USD)',
  perPersonUsd: 'Par personne (USD)',
  position: 'Latitude, longitude',
  via: 'par {id}',
  parameters: 'Paramètres utilisés',
  parametersNote: 'Tous les paramètres de planification utilisés (version {version}) ; les unités sont dans les noms (Usd, M pour mètres, Mbps, Years pour années).',
  parameter: 'Paramètre',
  value: 'Valeur',
  source: 'Source',
  src_itu: 'Valeur par défaut de la plateforme de planification de la connectivité de l’UIT',
  src_postatlas: 'Valeur par défaut de postatlas (packages/core/src/planning/parameters.ts)',
  src_scenario: 'Fixé pour ce scénario',
  analysisRun: 'Analyse',
  runCurrent: 'Analyse {id} du {date} ; ses données d’entrée sont toujours les plus récentes.',
  runStale: 'Analyse {id} du {date} ; certaines données d’entrée ont changé depuis.',
  noRun: 'L’analyse utilisée par ce plan n’est plus conservée.',
  sources: 'Sources des données',
  sourcesNote: 'Licences et attributions telles que leurs détenteurs les indiquent ; les adresses sont imprimées en texte.',
  dataset: 'Jeu de données',
  layer: 'Couche',
  licence: 'Licence',
  attribution: 'Attribution',
  notStated: 'non indiquée',
  naturalEarth: 'Contours des pays Natural Earth, 1:10m (world-atlas)',
  publicDomain: 'Domaine public',
  versions: 'Versions des jeux de données',
  versionsNote: 'Le dernier import de chaque jeu de données au moment où l’analyse l’a lu.',
  importId: 'Import',
  importedAt: 'Importé le',
  sha256: 'SHA-256 du fichier',
  ...TECHNOLOGY_WORDS.fr,
  ...SITE_TYPE_WORDS.fr,
  ...LAYER_WORDS.fr,
};

const es: Words = {
  docTitle: 'Informe del escenario: {name}',
  kicker: 'postatlas · plan de conectividad',
  made: 'Elaborado el {date} a partir del escenario «{name}», guardado el {saved} por {by}.',
  contents: 'Índice',
  summary: 'Resumen',
  ...PLAN_WORDS.es,
  years: 'Años',
  costPerPerson: 'Costo por persona atendida',
  byType: 'Sitios conectados por tipo',
  valueBound: 'El valor del plan es {value}; ningún plan puede superar {bound}.',
  valueBoundCost: 'El plan cuesta {value}; ningún plan puede costar menos de {bound}.',
  map: 'Mapa del plan',
  mapCaption: 'Los sitios financiados: el color indica la tecnología y la forma, el año. Contornos de países de Natural Earth, proyección Web Mercator.',
  mapEmpty: 'No se financia ningún sitio, así que el mapa no tiene nada que mostrar.',
  yearAndAfter: '{year} y después',
  charts: 'Gráficos',
  curveNote: 'Sitios por orden de prioridad: donde la curva se aplana, cada dólar rinde menos.',
  mixNote: 'Parte de los sitios financiados, con su costo.',
  rollout: 'Despliegue año por año, {from}–{until}',
  rolloutNote: 'Sitios conectados cada año, por tecnología; debajo, el gasto de cada año.',
  coverage: 'Cobertura antes y después del plan, por {level}',
  coverageNote: 'Parte de los sitios de cada zona que están conectados: en claro antes del plan, en oscuro lo que añade el plan. La tabla añade las personas cuyo sitio más cercano está conectado.',
  coverageOthers: 'Otras zonas ({n})',
  level_admin1: 'región',
  level_admin2: 'distrito',
  level_none: 'zona',
  noArea: 'Zona sin indicar',
  area: 'Zona',
  sharePeople: 'Personas cerca de un sitio conectado',
  connectedBefore: 'Conectados antes del plan',
  connectedByPlan: 'Conectados por el plan',
  connectedAfter: 'Conectados después del plan',
  sitesTable: 'Los sitios elegidos',
  tableNote: '{n} sitios financiados por orden de prioridad.',
  tableFirst: 'Los primeros {n} de {total} sitios financiados por orden de prioridad; la descarga CSV los incluye todos.',
  unfundedNote: 'Otros {n} sitios tienen costo calculado pero no se financian con el presupuesto.',
  site: 'Sitio',
  sourceId: 'Id',
  type: 'Tipo',
  costUsd: 'Costo (USD)',
  perPersonUsd: 'Por persona (USD)',
  position: 'Latitud, longitud',
  via: 'a través de {id}',
  parameters: 'Parámetros utilizados',
  parametersNote: 'Todos los parámetros de planificación que usó el plan (versión {version}); las unidades van en los nombres (Usd, M para metros, Mbps, Years para años).',
  parameter: 'Parámetro',
  value: 'Valor',
  source: 'Fuente',
  src_itu: 'Valor por defecto de la Plataforma de Planificación de la Conectividad de la UIT',
  src_postatlas: 'Valor por defecto de postatlas (packages/core/src/planning/parameters.ts)',
  src_scenario: 'Fijado para este escenario',
  analysisRun: 'Análisis',
  runCurrent: 'Análisis {id} del {date}; sus datos de entrada siguen siendo los más recientes.',
  runStale: 'Análisis {id} del {date}; algunos datos de entrada han cambiado desde entonces.',
  noRun: 'El análisis que usó este plan ya no se conserva.',
  sources: 'Fuentes de datos',
  sourcesNote: 'Licencias y atribuciones tal como las indican sus titulares; las direcciones se imprimen como texto.',
  dataset: 'Conjunto de datos',
  layer: 'Capa',
  licence: 'Licencia',
  attribution: 'Atribución',
  notStated: 'sin indicar',
  naturalEarth: 'Contornos de países de Natural Earth, 1:10m (world-atlas)',
  publicDomain: 'Dominio público',
  versions: 'Versiones de los conjuntos de datos',
  versionsNote: 'La última importación de cada conjunto de datos cuando el análisis lo leyó.',
  importId: 'Importación',
  importedAt: 'Importado',
  sha256: 'SHA-256 del archivo',
  ...TECHNOLOGY_WORDS.es,
  ...SITE_TYPE_WORDS.es,
  ...LAYER_WORDS.es,
};

const ar: Words = {
  docTitle: 'تقرير السيناريو: {name}',
  kicker: 'postatlas · خطة الربط بالإنترنت',
  made: 'أُعد في {date} من السيناريو «{name}» الذي حفظه {by} في {saved}.',
  contents: 'المحتويات',
  summary: 'الملخص',
  ...PLAN_WORDS.ar,
  years: 'السنوات',
  costPerPerson: 'التكلفة لكل شخص مخدوم',
  byType: 'المواقع المتصلة حسب النوع',
  valueBound: 'قيمة الخطة {value}؛ ولا يمكن لأي خطة أن تتجاوز {bound}.',
  valueBoundCost: 'تكلف الخطة {value}؛ ولا يمكن لأي خطة أن تكلف أقل من {bound}.',
  map: 'خريطة الخطة',
  mapCaption: 'المواقع الممولة: اللون للتقنية والشكل للسنة. حدود البلدان من Natural Earth، بإسقاط ويب ميركاتور.',
  mapEmpty: 'لا يُموَّل أي موقع، فليس على الخريطة ما تعرضه.',
  yearAndAfter: '{year} وما بعدها',
  charts: 'الرسوم البيانية',
  curveNote: 'المواقع بترتيب الأولوية: حيث يستوي المنحنى يشتري كل دولار أقل.',
  mixNote: 'حصة المواقع الممولة، مع تكلفتها.',
  rollout: 'النشر سنة بسنة، {from}–{until}',
  rolloutNote: 'المواقع المتصلة كل سنة حسب التقنية؛ وتحتها إنفاق كل سنة.',
  coverage: 'التغطية قبل الخطة وبعدها حسب {level}',
  coverageNote: 'حصة المواقع المتصلة في كل منطقة: الفاتح قبل الخطة، والداكن ما تضيفه الخطة. ويضيف الجدول الأشخاص الذين أقرب موقع إليهم متصل.',
  coverageOthers: 'مناطق أخرى ({n})',
  level_admin1: 'المنطقة',
  level_admin2: 'المقاطعة',
  level_none: 'المنطقة',
  noArea: 'منطقة غير محددة',
  area: 'المنطقة',
  sharePeople: 'الأشخاص القريبون من موقع متصل',
  connectedBefore: 'متصلة قبل الخطة',
  connectedByPlan: 'تصلها الخطة',
  connectedAfter: 'متصلة بعد الخطة',
  sitesTable: 'المواقع المختارة',
  tableNote: '{n} موقعًا ممولًا بترتيب الأولوية.',
  tableFirst: 'أول {n} من {total} موقعًا ممولًا بترتيب الأولوية؛ ملف CSV يضم جميعها.',
  unfundedNote: '{n} موقعًا آخر محسوبة التكلفة لكنها غير ممولة ضمن الميزانية.',
  site: 'الموقع',
  sourceId: 'المعرّف',
  type: 'النوع',
  costUsd: 'التكلفة (دولار أمريكي)',
  perPersonUsd: 'لكل شخص (دولار أمريكي)',
  position: 'خط العرض، خط الطول',
  via: 'عبر {id}',
  parameters: 'المعلمات المستخدمة',
  parametersNote: 'كل معلمات التخطيط التي استخدمتها الخطة (الإصدار {version})؛ الوحدات في الأسماء (Usd للدولار، M للمتر، Mbps، Years للسنوات).',
  parameter: 'المعلمة',
  value: 'القيمة',
  source: 'المصدر',
  src_itu: 'القيمة الافتراضية لمنصة تخطيط الربط التابعة للاتحاد الدولي للاتصالات',
  src_postatlas: 'القيمة الافتراضية في postatlas ‏(packages/core/src/planning/parameters.ts)',
  src_scenario: 'محددة لهذا السيناريو',
  analysisRun: 'التحليل',
  runCurrent: 'التحليل {id} بتاريخ {date}؛ بيانات إدخاله ما زالت الأحدث.',
  runStale: 'التحليل {id} بتاريخ {date}؛ تغيرت بعض بيانات الإدخال منذ ذلك الحين.',
  noRun: 'لم يعد التحليل الذي استخدمته هذه الخطة محفوظًا.',
  sources: 'مصادر البيانات',
  sourcesNote: 'التراخيص والإسناد كما ذكرها أصحابها؛ العناوين مطبوعة نصًا.',
  dataset: 'مجموعة البيانات',
  layer: 'الطبقة',
  licence: 'الترخيص',
  attribution: 'الإسناد',
  notStated: 'غير مذكور',
  naturalEarth: 'حدود البلدان من Natural Earth بمقياس 1:10m ‏(world-atlas)',
  publicDomain: 'ملك عام',
  versions: 'إصدارات مجموعات البيانات',
  versionsNote: 'آخر استيراد لكل مجموعة بيانات حين قرأها التحليل.',
  importId: 'الاستيراد',
  importedAt: 'تاريخ الاستيراد',
  sha256: 'SHA-256 للملف',
  ...TECHNOLOGY_WORDS.ar,
  ...SITE_TYPE_WORDS.ar,
  ...LAYER_WORDS.ar,
};

const TABLES: Record<ReportLanguage, Words> = { en, fr, es, ar };

export interface ReportWords {
  lang: ReportLanguage;
  dir: 'ltr' | 'rtl';
  say(key: ReportMessageKey, values?: Record<string, string | number>): string;
  /** A code's name (technology, site type, layer), or the code itself when it has none. */
  name(prefix: 'tech' | 'type' | 'layer', code: string): string;
  count(v: number | null | undefined): string;
  usd(v: number | null | undefined, o?: Intl.NumberFormatOptions): string;
  percent(fraction: number | null | undefined, digits?: number): string;
  number(v: number | null | undefined, o?: Intl.NumberFormatOptions): string;
  /** A distance in kilometres, as the language writes the unit. */
  km(v: number): string;
  /** A day, in UTC so a report says the same wherever it is made. */
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  country(iso3: string, alpha2: string | undefined): string;
}

export function words(lang: ReportLanguage): ReportWords {
  const table = TABLES[lang];
  const number = (v: number | null | undefined, o: Intl.NumberFormatOptions = {}) =>
    v == null || !Number.isFinite(v) ? '–' : new Intl.NumberFormat(lang, { maximumFractionDigits: 1, ...o }).format(v);
  const when = (iso: string | null | undefined, o: Intl.DateTimeFormatOptions) => {
    const at = iso ? timeOf(iso) : null;
    return at ? new Intl.DateTimeFormat(lang, { timeZone: 'UTC', ...o }).format(at) : iso || '–';
  };
  return {
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    say: (key, values = {}) => table[key].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? '')),
    name: (prefix, code) => {
      const key = `${prefix}_${code}`;
      return key in table ? table[key as ReportMessageKey] : code;
    },
    count: (v) => number(v, { maximumFractionDigits: 0 }),
    usd: (v, o = {}) => number(v, { style: 'currency', currency: 'USD', maximumFractionDigits: 0, ...o }),
    percent: (v, digits = 0) => number(v, { style: 'percent', maximumFractionDigits: digits }),
    number,
    km: (v) => number(v, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }),
    date: (iso) => when(iso, { dateStyle: 'long' }),
    dateTime: (iso) => when(iso, { dateStyle: 'long', timeStyle: 'short' }),
    country: (iso3, alpha2) => {
      try {
        return (alpha2 && new Intl.DisplayNames([lang], { type: 'region' }).of(alpha2)) || iso3;
      } catch {
        return iso3;
      }
    },
  };
}

/**
 * A time from ISO 8601 or from PostgreSQL's text of a timestamptz ('2026-05-04 09:30:00.123+00',
 * as the analysis run records its inputs' imports); null when it is neither.
 */
export function timeOf(text: string): Date | null {
  const iso = text.trim().replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
}
