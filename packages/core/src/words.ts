/**
 * Words of the field that the web app and the report both print, in the same four languages as the
 * taxonomy: site types, connection technologies of a plan, map layers and a plan's summary. One table, so a reader
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

/** A plan's words: its objective, budget, costs, certificate and charts (the planning view and the report). */
export const PLAN_WORDS = {
  en: {
    objective: 'Objective',
    objective_population: 'Serve the most people',
    objective_sites: 'Connect the most sites',
    objective_cost: 'Cost of connecting every site',
    budget: 'Budget',
    perYear: '{amount} a year',
    noBudget: 'no limit',
    totalSites: 'Sites connected',
    totalPeople: 'People served',
    capex: 'Capital cost',
    npv: 'Net present cost',
    tco: 'Total cost of ownership',
    cost: 'Counted against the budget',
    unfunded: 'Sites beyond the budget would cost',
    certificate: 'How good is this plan?',
    proved: 'Proved optimal: no plan does better.',
    within: 'Within {gap} of the best possible plan.',
    withinLess: 'Within less than {gap} of the best possible plan.',
    noBound: 'No bound is known, so its distance from the best plan is not known.',
    method_greedy: 'Made by the greedy method: the best value per dollar first.',
    method_highs: 'Made by the HiGHS solver, which found a better plan than the greedy method.',
    bound_relaxation: 'The bound comes from a relaxation of the problem, never from the plan itself.',
    'bound_highs-lp': 'The bound comes from HiGHS’s linear relaxation.',
    'bound_highs-mip': 'The bound comes from HiGHS’s branch and bound.',
    highsError: 'HiGHS did not finish ({error}); the greedy plan is kept.',
    curvePeople: 'People served against cumulative spend',
    curveSites: 'Sites connected against cumulative spend',
    spend: 'Cumulative spend (USD)',
    people: 'People served',
    sites: 'Sites',
    rank: 'Rank',
    mix: 'Technology mix',
    year: 'Year',
    technology: 'Technology',
    nothingFunded: 'The budget funds no site.',
  },
  fr: {
    objective: 'Objectif',
    objective_population: 'Desservir le plus de personnes',
    objective_sites: 'Connecter le plus de sites',
    objective_cost: 'Coût de connexion de tous les sites',
    budget: 'Budget',
    perYear: '{amount} par an',
    noBudget: 'sans limite',
    totalSites: 'Sites connectés',
    totalPeople: 'Personnes desservies',
    capex: 'Coût d’investissement',
    npv: 'Coût actualisé net',
    tco: 'Coût total de possession',
    cost: 'Imputé au budget',
    unfunded: 'Les sites hors budget coûteraient',
    certificate: 'Ce plan est-il bon ?',
    proved: 'Optimalité prouvée : aucun plan ne fait mieux.',
    within: 'À moins de {gap} du meilleur plan possible.',
    withinLess: 'À moins de {gap} du meilleur plan possible.',
    noBound: 'Aucune borne n’est connue : l’écart au meilleur plan est inconnu.',
    method_greedy: 'Fait par la méthode gloutonne : la meilleure valeur par dollar d’abord.',
    method_highs: 'Fait par le solveur HiGHS, qui a trouvé mieux que la méthode gloutonne.',
    bound_relaxation: 'La borne vient d’une relaxation du problème, jamais du plan lui-même.',
    'bound_highs-lp': 'La borne vient de la relaxation linéaire de HiGHS.',
    'bound_highs-mip': 'La borne vient de la séparation et évaluation de HiGHS.',
    highsError: 'HiGHS n’a pas abouti ({error}) ; le plan glouton est conservé.',
    curvePeople: 'Personnes desservies selon la dépense cumulée',
    curveSites: 'Sites connectés selon la dépense cumulée',
    spend: 'Dépense cumulée (USD)',
    people: 'Personnes desservies',
    sites: 'Sites',
    rank: 'Rang',
    mix: 'Répartition par technologie',
    year: 'Année',
    technology: 'Technologie',
    nothingFunded: 'Le budget ne finance aucun site.',
  },
  es: {
    objective: 'Objetivo',
    objective_population: 'Atender al mayor número de personas',
    objective_sites: 'Conectar el mayor número de sitios',
    objective_cost: 'Costo de conectar todos los sitios',
    budget: 'Presupuesto',
    perYear: '{amount} al año',
    noBudget: 'sin límite',
    totalSites: 'Sitios conectados',
    totalPeople: 'Personas atendidas',
    capex: 'Costo de inversión',
    npv: 'Costo actual neto',
    tco: 'Costo total de propiedad',
    cost: 'Imputado al presupuesto',
    unfunded: 'Los sitios fuera del presupuesto costarían',
    certificate: '¿Qué tan bueno es este plan?',
    proved: 'Óptimo demostrado: ningún plan lo mejora.',
    within: 'A menos de {gap} del mejor plan posible.',
    withinLess: 'A menos de {gap} del mejor plan posible.',
    noBound: 'No se conoce ninguna cota, así que se desconoce su distancia al mejor plan.',
    method_greedy: 'Hecho con el método voraz: primero el mayor valor por dólar.',
    method_highs: 'Hecho con el solucionador HiGHS, que encontró un plan mejor que el método voraz.',
    bound_relaxation: 'La cota viene de una relajación del problema, nunca del plan mismo.',
    'bound_highs-lp': 'La cota viene de la relajación lineal de HiGHS.',
    'bound_highs-mip': 'La cota viene de la ramificación y acotación de HiGHS.',
    highsError: 'HiGHS no terminó ({error}); se conserva el plan voraz.',
    curvePeople: 'Personas atendidas según el gasto acumulado',
    curveSites: 'Sitios conectados según el gasto acumulado',
    spend: 'Gasto acumulado (USD)',
    people: 'Personas atendidas',
    sites: 'Sitios',
    rank: 'Puesto',
    mix: 'Combinación de tecnologías',
    year: 'Año',
    technology: 'Tecnología',
    nothingFunded: 'El presupuesto no financia ningún sitio.',
  },
  ar: {
    objective: 'الهدف',
    objective_population: 'خدمة أكبر عدد من الناس',
    objective_sites: 'ربط أكبر عدد من المواقع',
    objective_cost: 'تكلفة ربط كل المواقع',
    budget: 'الميزانية',
    perYear: '{amount} سنويًا',
    noBudget: 'بلا حد',
    totalSites: 'المواقع المتصلة',
    totalPeople: 'الأشخاص المخدومون',
    capex: 'التكلفة الرأسمالية',
    npv: 'صافي التكلفة الحالية',
    tco: 'التكلفة الإجمالية للملكية',
    cost: 'المحتسب من الميزانية',
    unfunded: 'تكلفة المواقع خارج الميزانية',
    certificate: 'ما مدى جودة هذه الخطة؟',
    proved: 'مثلى بالبرهان: لا توجد خطة أفضل منها.',
    within: 'في حدود {gap} من أفضل خطة ممكنة.',
    withinLess: 'في حدود أقل من {gap} من أفضل خطة ممكنة.',
    noBound: 'لا يُعرف حد، لذا لا يُعرف بُعدها عن أفضل خطة.',
    method_greedy: 'أُعدت بالطريقة الجشعة: الأعلى قيمة لكل دولار أولًا.',
    method_highs: 'أعدها محلل HiGHS، الذي وجد خطة أفضل من الطريقة الجشعة.',
    bound_relaxation: 'يأتي الحد من تخفيف للمسألة، لا من الخطة نفسها أبدًا.',
    'bound_highs-lp': 'يأتي الحد من التخفيف الخطي في HiGHS.',
    'bound_highs-mip': 'يأتي الحد من التفرع والتقييد في HiGHS.',
    highsError: 'لم يُكمل HiGHS عمله ({error})؛ أُبقيت الخطة الجشعة.',
    curvePeople: 'الأشخاص المخدومون مقابل الإنفاق التراكمي',
    curveSites: 'المواقع المتصلة مقابل الإنفاق التراكمي',
    spend: 'الإنفاق التراكمي (دولار أمريكي)',
    people: 'الأشخاص المخدومون',
    sites: 'المواقع',
    rank: 'الترتيب',
    mix: 'توزيع التقنيات',
    year: 'السنة',
    technology: 'التقنية',
    nothingFunded: 'لا تمول الميزانية أي موقع.',
  },
} as const satisfies Record<TaxonomyLanguage, Record<string, string>>;
