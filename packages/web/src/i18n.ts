/**
 * The app's words in English, French, Spanish and Arabic, and numbers and dates per locale. The
 * language comes from ?lang=, else the last choice, else the browser; Arabic turns the document
 * right-to-left.
 *
 *     setLanguage('ar');   // <html lang="ar" dir="rtl">
 *     t('map');            // 'الخريطة'
 *     const say = messages({ en: {…}, fr: {…}, es: {…}, ar: {…} });   // a view's own words
 *     formatNumber(0.25, { style: 'percent' });   // '25%', in the locale's own way
 */

export const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

const en = {
  title: 'postatlas',
  tagline: 'Connecting every post office',
  map: 'Map',
  dashboard: 'Dashboard',
  findService: 'Find a service',
  plan: 'Plan',
  data: 'Data',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  email: 'Email',
  password: 'Password',
  wrongPassword: 'Wrong email or password.',
  signedInAs: 'Signed in as {email} ({role})',
  country: 'Country',
  allCountries: 'All countries',
  search: 'Search a site by name or id',
  layers: 'Layers',
  postOffices: 'Post offices',
  schools: 'Schools',
  otherSites: 'Other sites',
  cellSites: 'Cell sites',
  fibreNodes: 'Transmission nodes',
  fibreLinks: 'Transmission links',
  mobileCoverage: 'Mobile coverage',
  population: 'Population',
  connected: 'Connected',
  notConnected: 'Not connected',
  unknown: 'Unknown',
  site: 'Site',
  close: 'Close',
  type: 'Type',
  admin1: 'Region',
  position: 'Position',
  connectivity: 'Connectivity',
  downloadMbps: 'Declared download (Mbps)',
  measuredMbps: 'Measured download, 7 days (Mbps)',
  deviceStatus: 'Device status',
  live: 'Live',
  at_risk: 'At risk',
  dropped: 'Dropped',
  never: 'Never reported',
  metrics: 'Analysis',
  fiberNode: 'Nearest operational fibre node',
  bestGeneration: 'Best mobile coverage',
  population5km: 'People within 5 km',
  catchment5km: 'Catchment population (5 km)',
  schools1km: 'Schools within 1 km',
  areaClass: 'Area',
  rural: 'Rural',
  urban: 'Urban',
  speedHistory: 'Measured speed, last 28 days',
  noMeasurements: 'No measurements yet.',
  services: 'Services',
  none: 'None',
  withheld: 'withheld',
  loading: 'Loading…',
  error: 'Something went wrong: {message}',
  postOfficesConnected: 'Post offices connected',
  goal2030: 'Goal 2030: every post office connected',
  byType: 'By site type',
  byArea: 'Rural and urban',
  byRegion: 'By region',
  overTime: 'Over time',
  sites: 'sites',
  chooseCountry: 'Choose a country to see its figures.',
  yes: 'Yes',
  no: 'No',
};
export type MessageKey = keyof typeof en;
type Messages = Record<MessageKey, string>;

const fr: Messages = {
  title: 'postatlas', tagline: 'Connecter chaque bureau de poste', map: 'Carte', dashboard: 'Tableau de bord', findService: 'Trouver un service', plan: 'Planifier', data: 'Données',
  language: 'Langue', signIn: 'Se connecter', signOut: 'Se déconnecter', email: 'Courriel', password: 'Mot de passe',
  wrongPassword: 'Courriel ou mot de passe incorrect.', signedInAs: 'Connecté en tant que {email} ({role})', country: 'Pays', allCountries: 'Tous les pays',
  search: 'Chercher un site par nom ou identifiant', layers: 'Couches', postOffices: 'Bureaux de poste', schools: 'Écoles', otherSites: 'Autres sites',
  cellSites: 'Sites cellulaires', fibreNodes: 'Nœuds de transmission', fibreLinks: 'Liaisons de transmission', mobileCoverage: 'Couverture mobile', population: 'Population', connected: 'Connecté', notConnected: 'Non connecté',
  unknown: 'Inconnu', site: 'Site', close: 'Fermer', type: 'Type', admin1: 'Région', position: 'Position', connectivity: 'Connectivité',
  downloadMbps: 'Débit déclaré (Mbit/s)', measuredMbps: 'Débit mesuré, 7 jours (Mbit/s)', deviceStatus: 'État des appareils', live: 'Actif',
  at_risk: 'À risque', dropped: 'Perdu', never: 'Jamais signalé', metrics: 'Analyse', fiberNode: 'Nœud fibre opérationnel le plus proche',
  bestGeneration: 'Meilleure couverture mobile', population5km: 'Habitants à moins de 5 km', catchment5km: 'Population desservie (5 km)',
  schools1km: 'Écoles à moins de 1 km', areaClass: 'Zone', rural: 'Rurale', urban: 'Urbaine', speedHistory: 'Débit mesuré, 28 derniers jours',
  noMeasurements: 'Aucune mesure pour l’instant.', services: 'Services', none: 'Aucun', withheld: 'non communiqué', loading: 'Chargement…',
  error: 'Une erreur est survenue : {message}', postOfficesConnected: 'Bureaux de poste connectés', goal2030: 'Objectif 2030 : tous les bureaux de poste connectés',
  byType: 'Par type de site', byArea: 'Rural et urbain', byRegion: 'Par région', overTime: 'Dans le temps', sites: 'sites',
  chooseCountry: 'Choisissez un pays pour voir ses chiffres.', yes: 'Oui', no: 'Non',
};

const es: Messages = {
  title: 'postatlas', tagline: 'Conectar cada oficina de correos', map: 'Mapa', dashboard: 'Panel', findService: 'Buscar un servicio', plan: 'Planificar', data: 'Datos',
  language: 'Idioma', signIn: 'Iniciar sesión', signOut: 'Cerrar sesión', email: 'Correo electrónico', password: 'Contraseña',
  wrongPassword: 'Correo o contraseña incorrectos.', signedInAs: 'Sesión de {email} ({role})', country: 'País', allCountries: 'Todos los países',
  search: 'Buscar un sitio por nombre o id', layers: 'Capas', postOffices: 'Oficinas de correos', schools: 'Escuelas', otherSites: 'Otros sitios',
  cellSites: 'Sitios celulares', fibreNodes: 'Nodos de transmisión', fibreLinks: 'Enlaces de transmisión', mobileCoverage: 'Cobertura móvil', population: 'Población', connected: 'Conectada', notConnected: 'No conectada',
  unknown: 'Desconocido', site: 'Sitio', close: 'Cerrar', type: 'Tipo', admin1: 'Región', position: 'Posición', connectivity: 'Conectividad',
  downloadMbps: 'Bajada declarada (Mbps)', measuredMbps: 'Bajada medida, 7 días (Mbps)', deviceStatus: 'Estado de los dispositivos', live: 'Activo',
  at_risk: 'En riesgo', dropped: 'Caído', never: 'Nunca informó', metrics: 'Análisis', fiberNode: 'Nodo de fibra operativo más cercano',
  bestGeneration: 'Mejor cobertura móvil', population5km: 'Personas a menos de 5 km', catchment5km: 'Población atendida (5 km)',
  schools1km: 'Escuelas a menos de 1 km', areaClass: 'Zona', rural: 'Rural', urban: 'Urbana', speedHistory: 'Velocidad medida, últimos 28 días',
  noMeasurements: 'Aún no hay mediciones.', services: 'Servicios', none: 'Ninguno', withheld: 'reservado', loading: 'Cargando…',
  error: 'Algo salió mal: {message}', postOfficesConnected: 'Oficinas de correos conectadas', goal2030: 'Meta 2030: todas las oficinas conectadas',
  byType: 'Por tipo de sitio', byArea: 'Rural y urbano', byRegion: 'Por región', overTime: 'En el tiempo', sites: 'sitios',
  chooseCountry: 'Elija un país para ver sus cifras.', yes: 'Sí', no: 'No',
};

const ar: Messages = {
  title: 'postatlas', tagline: 'ربط كل مكتب بريد بالإنترنت', map: 'الخريطة', dashboard: 'لوحة المؤشرات', findService: 'ابحث عن خدمة', plan: 'التخطيط', data: 'البيانات',
  language: 'اللغة', signIn: 'تسجيل الدخول', signOut: 'تسجيل الخروج', email: 'البريد الإلكتروني', password: 'كلمة المرور',
  wrongPassword: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.', signedInAs: 'مسجل الدخول باسم {email} ({role})', country: 'البلد', allCountries: 'كل البلدان',
  search: 'ابحث عن موقع بالاسم أو الرقم', layers: 'الطبقات', postOffices: 'مكاتب البريد', schools: 'المدارس', otherSites: 'مواقع أخرى',
  cellSites: 'مواقع الشبكة الخلوية', fibreNodes: 'عقد الإرسال', fibreLinks: 'وصلات الإرسال', mobileCoverage: 'التغطية المتنقلة', population: 'السكان', connected: 'متصل', notConnected: 'غير متصل',
  unknown: 'غير معروف', site: 'الموقع', close: 'إغلاق', type: 'النوع', admin1: 'المنطقة', position: 'الموقع الجغرافي', connectivity: 'الاتصال',
  downloadMbps: 'سرعة التنزيل المعلنة (ميغابت/ث)', measuredMbps: 'سرعة التنزيل المقيسة، 7 أيام (ميغابت/ث)', deviceStatus: 'حالة الأجهزة', live: 'نشط',
  at_risk: 'معرض للخطر', dropped: 'منقطع', never: 'لم يبلغ قط', metrics: 'التحليل', fiberNode: 'أقرب عقدة ألياف عاملة',
  bestGeneration: 'أفضل تغطية خلوية', population5km: 'السكان ضمن 5 كم', catchment5km: 'السكان المخدومون (5 كم)',
  schools1km: 'المدارس ضمن 1 كم', areaClass: 'المنطقة', rural: 'ريفية', urban: 'حضرية', speedHistory: 'السرعة المقيسة، آخر 28 يومًا',
  noMeasurements: 'لا توجد قياسات بعد.', services: 'الخدمات', none: 'لا شيء', withheld: 'محجوب', loading: 'جارٍ التحميل…',
  error: 'حدث خطأ: {message}', postOfficesConnected: 'مكاتب البريد المتصلة', goal2030: 'هدف 2030: ربط كل مكاتب البريد',
  byType: 'حسب نوع الموقع', byArea: 'ريفي وحضري', byRegion: 'حسب المنطقة', overTime: 'عبر الزمن', sites: 'مواقع',
  chooseCountry: 'اختر بلدًا لعرض أرقامه.', yes: 'نعم', no: 'لا',
};

const MESSAGES: Record<Language, Messages> = { en, fr, es, ar };
const RTL: ReadonlySet<Language> = new Set(['ar']);

let current: Language = 'en';

export const language = () => current;

/** ?lang= first, then the last choice, then the browser's languages; English otherwise. */
export function chooseLanguage(search: string, stored: string | null, browser: readonly string[]): Language {
  const wanted = [new URLSearchParams(search).get('lang'), stored, ...browser.map((l) => l.slice(0, 2))];
  return (wanted.find((l) => (LANGUAGES as readonly (string | null)[]).includes(l)) as Language | undefined) ?? 'en';
}

export function setLanguage(lang: Language): void {
  current = lang;
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.has(lang) ? 'rtl' : 'ltr';
}

/**
 * A view's own words, in every language (the compiler checks that none is missing), and the
 * function that says them in the current one: each view keeps its messages beside it.
 *
 *     const say = messages({ en: { run: 'Run' }, fr: { run: 'Lancer' }, es: { run: 'Ejecutar' }, ar: { run: 'تشغيل' } });
 *     say('run');
 */
export function messages<K extends string>(tables: Record<Language, Record<K, string>>) {
  return (key: K, values: Record<string, string | number> = {}): string =>
    tables[current][key].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

/** The words the whole app shares. */
export const t: (key: MessageKey, values?: Record<string, string | number>) => string = messages(MESSAGES);

export function formatNumber(v: number | null | undefined, options: Intl.NumberFormatOptions = {}): string {
  return v == null || !Number.isFinite(v) ? '–' : new Intl.NumberFormat(current, { maximumFractionDigits: 1, ...options }).format(v);
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '–';
}

/** A country's name in the current language (the browser knows them all). */
export function countryName(iso3: string, fallback?: string | null): string {
  const alpha2 = ISO3_TO_2[iso3];
  try {
    return (alpha2 && new Intl.DisplayNames([current], { type: 'region' }).of(alpha2)) || fallback || iso3;
  } catch {
    return fallback || iso3;
  }
}

// ISO 3166-1 alpha-3 followed by alpha-2, for every country (from i18n-iso-countries): Intl names regions by alpha-2.
const CODES = 'ABWAWAFGAFAGOAOAIAAIALAAXALBALANDADAREAEARGARARMAMASMASATAAQATFTFATGAGAUSAUAUTATAZEAZBDIBIBELBEBENBJBESBQBFABFBGDBDBGRBGBHRBHBHSBSBIHBABLMBLBLRBYBLZBZBMUBMBOLBOBRABRBRBBBBRNBNBTNBTBVTBVBWABWCAFCFCANCACCKCCCHECHCHLCLCHNCNCIVCICMRCMCODCDCOGCGCOKCKCOLCOCOMKMCPVCVCRICRCUBCUCUWCWCXRCXCYMKYCYPCYCZECZDEUDEDJIDJDMADMDNKDKDOMDODZADZECUECEGYEGERIERESHEHESPESESTEEETHETFINFIFJIFJFLKFKFRAFRFROFOFSMFMGABGAGBRGBGEOGEGGYGGGHAGHGIBGIGINGNGLPGPGMBGMGNBGWGNQGQGRCGRGRDGDGRLGLGTMGTGUFGFGUMGUGUYGYHKGHKHMDHMHNDHNHRVHRHTIHTHUNHUIDNIDIMNIMINDINIOTIOIRLIEIRNIRIRQIQISLISISRILITAITJAMJMJEYJEJORJOJPNJPKAZKZKENKEKGZKGKHMKHKIRKIKNAKNKORKRKWTKWLAOLALBNLBLBRLRLBYLYLCALCLIELILKALKLSOLSLTULTLUXLULVALVMACMOMAFMFMARMAMCOMCMDAMDMDGMGMDVMVMEXMXMHLMHMKDMKMLIMLMLTMTMMRMMMNEMEMNGMNMNPMPMOZMZMRTMRMSRMSMTQMQMUSMUMWIMWMYSMYMYTYTNAMNANCLNCNERNENFKNFNGANGNICNINIUNUNLDNLNORNONPLNPNRUNRNZLNZOMNOMPAKPKPANPAPCNPNPERPEPHLPHPLWPWPNGPGPOLPLPRIPRPRKKPPRTPTPRYPYPSEPSPYFPFQATQAREUREROURORUSRURWARWSAUSASDNSDSENSNSGPSGSGSGSSHNSHSJMSJSLBSBSLESLSLVSVSMRSMSOMSOSPMPMSRBRSSSDSSSTPSTSURSRSVKSKSVNSISWESESWZSZSXMSXSYCSCSYRSYTCATCTCDTDTGOTGTHATHTJKTJTKLTKTKMTMTLSTLTONTOTTOTTTUNTNTURTRTUVTVTWNTWTZATZUGAUGUKRUAUMIUMURYUYUSAUSUZBUZVATVAVCTVCVENVEVGBVGVIRVIVNMVNVUTVUWLFWFWSMWSXKKXKYEMYEZAFZAZMBZMZWEZW';
const ISO3_TO_2: Record<string, string> = Object.fromEntries(Array.from({ length: CODES.length / 5 }, (_, i) => [CODES.slice(i * 5, i * 5 + 3), CODES.slice(i * 5 + 3, i * 5 + 5)]));
