/** The locator page's words in the web app's four languages. {x} is filled in. */
export const LOCATOR_LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
export type LocatorLanguage = (typeof LOCATOR_LANGUAGES)[number];

const WORDS = {
  title: ['Find a service at a post office', 'Trouver un service au bureau de poste', 'Buscar un servicio en una oficina de correos', 'ابحث عن خدمة في مكتب بريد'],
  intro: [
    'Government services, payments, parcels, Internet access and help with online services at post offices near you.',
    'Services publics, paiements, colis, accès à Internet et aide aux démarches en ligne dans les bureaux de poste près de chez vous.',
    'Trámites, pagos, paquetes, acceso a Internet y ayuda con servicios en línea en las oficinas de correos cercanas.',
    'الخدمات الحكومية والمدفوعات والطرود والوصول إلى الإنترنت والمساعدة في الخدمات الإلكترونية في مكاتب البريد القريبة منك.',
  ],
  service: ['Service', 'Service', 'Servicio', 'الخدمة'],
  choose: ['Choose a service', 'Choisissez un service', 'Elija un servicio', 'اختر خدمة'],
  where: ['Where are you? A town, or latitude, longitude', 'Où êtes-vous ? Une ville, ou latitude, longitude', '¿Dónde está? Una localidad, o latitud, longitud', 'أين أنت؟ مدينة، أو خط العرض، خط الطول'],
  when: ['When', 'Quand', 'Cuándo', 'متى'],
  now: ['Open now', 'Ouvert maintenant', 'Abierto ahora', 'مفتوح الآن'],
  at: ['Open on', 'Ouvert le', 'Abierto el', 'مفتوح في'],
  date: ['Date', 'Date', 'Fecha', 'التاريخ'],
  time: ['Time', 'Heure', 'Hora', 'الوقت'],
  any: ['At any time', 'À toute heure', 'A cualquier hora', 'في أي وقت'],
  within: ['Within', 'Dans un rayon de', 'A menos de', 'في نطاق'],
  wheelchair: ['Wheelchair accessible', 'Accessible en fauteuil roulant', 'Accesible en silla de ruedas', 'يمكن الوصول إليه بالكرسي المتحرك'],
  language: ['Served in', 'Accueil en', 'Atención en', 'الخدمة بلغة'],
  anyLanguage: ['Any language', 'Toute langue', 'Cualquier idioma', 'أي لغة'],
  search: ['Search', 'Rechercher', 'Buscar', 'بحث'],
  myPosition: ['Use my position', 'Utiliser ma position', 'Usar mi ubicación', 'استخدم موقعي'],
  results: ['Near {place}, nearest first', 'Près de {place}, du plus proche au plus loin', 'Cerca de {place}, de más cerca a más lejos', 'بالقرب من {place}، الأقرب أولاً'],
  none: [
    'No post office within {km} km offers this service {when}.',
    'Aucun bureau de poste à moins de {km} km n’offre ce service {when}.',
    'Ninguna oficina a menos de {km} km ofrece este servicio {when}.',
    'لا يوجد مكتب بريد في نطاق {km} كم يقدم هذه الخدمة {when}.',
  ],
  noneNow: ['at this time', 'à cette heure', 'a esta hora', 'في هذا الوقت'],
  noneAny: ['', '', '', ''],
  tryAny: ['See the offices whatever their hours', 'Voir les bureaux quelle que soit l’heure', 'Ver las oficinas a cualquier hora', 'عرض المكاتب في أي وقت'],
  noPlace: [
    'No place called “{place}” was found. Type a town, or latitude, longitude (for example 40.4168, -3.7038).',
    'Aucun lieu nommé « {place} ». Tapez une ville, ou latitude, longitude (par exemple 40.4168, -3.7038).',
    'No se encontró ningún lugar llamado «{place}». Escriba una localidad, o latitud, longitud (por ejemplo 40.4168, -3.7038).',
    'لم يُعثر على مكان باسم «{place}». اكتب اسم مدينة، أو خط العرض، خط الطول (مثلاً 40.4168, -3.7038).',
  ],
  otherPlaces: ['Another place of that name:', 'Un autre lieu de ce nom :', 'Otro lugar con ese nombre:', 'مكان آخر بهذا الاسم:'],
  needBoth: ['Choose a service and say where you are.', 'Choisissez un service et indiquez où vous êtes.', 'Elija un servicio e indique dónde está.', 'اختر خدمة وحدد مكانك.'],
  openUntil: ['Open until {t}', 'Ouvert jusqu’à {t}', 'Abierto hasta las {t}', 'مفتوح حتى {t}'],
  closed: ['Closed', 'Fermé', 'Cerrado', 'مغلق'],
  unknown: ['Hours not known', 'Horaires inconnus', 'Horario desconocido', 'ساعات العمل غير معروفة'],
  step: ['Step-free access', 'Accès de plain-pied', 'Acceso sin escalones', 'مدخل بدون درج'],
  directions: ['Directions', 'Itinéraire', 'Cómo llegar', 'الاتجاهات'],
  onMap: ['On the map', 'Sur la carte', 'En el mapa', 'على الخريطة'],
  away: ['{km} km away', 'à {km} km', 'a {km} km', 'على بعد {km} كم'],
  languages: ['Languages', 'Langues', 'Idiomas', 'اللغات'],
  localTime: ['Hours are the office’s local time.', 'Les horaires sont à l’heure locale du bureau.', 'Los horarios son en la hora local de la oficina.', 'الساعات بالتوقيت المحلي للمكتب.'],
  source: ['Data', 'Données', 'Datos', 'البيانات'],
  langSwitch: ['Language', 'Langue', 'Idioma', 'اللغة'],
  mapLabel: ['The offices on a map, numbered as in the list', 'Les bureaux sur une carte, numérotés comme dans la liste', 'Las oficinas en un mapa, numeradas como en la lista', 'المكاتب على خريطة، مرقمة كما في القائمة'],
  you: ['You are here', 'Vous êtes ici', 'Usted está aquí', 'أنت هنا'],
} as const satisfies Record<string, readonly [string, string, string, string]>;

export type LocatorWord = keyof typeof WORDS;

export function words(lang: LocatorLanguage): (key: LocatorWord, values?: Record<string, string>) => string {
  const i = LOCATOR_LANGUAGES.indexOf(lang);
  return (key, values = {}) => WORDS[key][i]!.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** The page's language: ?lang=, else the browser's first language of the four, else English. */
export function pageLanguage(asked: string | undefined, acceptLanguage: string | undefined): LocatorLanguage {
  if (asked && (LOCATOR_LANGUAGES as readonly string[]).includes(asked)) return asked as LocatorLanguage;
  const ranked = (acceptLanguage ?? '').split(',').map((part) => {
    const [tag, ...params] = part.trim().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
    return { lang: tag!.slice(0, 2).toLowerCase(), q: Number.isFinite(q) ? q : 0 };
  }).sort((a, b) => b.q - a.q);
  return (ranked.find((r) => (LOCATOR_LANGUAGES as readonly string[]).includes(r.lang))?.lang as LocatorLanguage | undefined) ?? 'en';
}
