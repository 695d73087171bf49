/**
 * The default taxonomy of digital services at post offices, as UPU's CONNECT.POST groups them:
 * e-government, digital financial services, e-commerce, connectivity, digital skills and assisted
 * access. Codes are stable (a catalogue refers to them); names are given in English, French,
 * Spanish and Arabic, the languages the web app speaks.
 *
 *     taxonomyName('egov.passport', 'fr');   // 'Demande de passeport'
 */

export const TAXONOMY_LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
export type TaxonomyLanguage = (typeof TAXONOMY_LANGUAGES)[number];

export interface TaxonomyEntry {
  code: string;
  /** The code of the broader term; none for the six groups. */
  parent?: string;
  names: Record<TaxonomyLanguage, string>;
}

const t = (code: string, parent: string | undefined, en: string, fr: string, es: string, ar: string): TaxonomyEntry =>
  ({ code, ...(parent ? { parent } : {}), names: { en, fr, es, ar } });

export const DIGITAL_SERVICES_TAXONOMY: readonly TaxonomyEntry[] = [
  t('egov', undefined, 'E-government', 'Administration en ligne', 'Administración electrónica', 'الحكومة الإلكترونية'),
  t('egov.identity', 'egov', 'Identity documents', "Documents d'identité", 'Documentos de identidad', 'وثائق الهوية'),
  t('egov.passport', 'egov.identity', 'Passport application', 'Demande de passeport', 'Solicitud de pasaporte', 'طلب جواز السفر'),
  t('egov.driving-licence', 'egov', 'Driving licence', 'Permis de conduire', 'Permiso de conducir', 'رخصة القيادة'),
  t('egov.civil-registration', 'egov', 'Civil registration', 'État civil', 'Registro civil', 'التسجيل المدني'),
  t('egov.tax', 'egov', 'Tax', 'Impôts', 'Impuestos', 'الضرائب'),
  t('egov.social-benefits', 'egov', 'Social benefits', 'Prestations sociales', 'Prestaciones sociales', 'الإعانات الاجتماعية'),
  t('dfs', undefined, 'Digital financial services', 'Services financiers numériques', 'Servicios financieros digitales', 'الخدمات المالية الرقمية'),
  t('dfs.accounts', 'dfs', 'Accounts', 'Comptes', 'Cuentas', 'الحسابات'),
  t('dfs.remittances', 'dfs', 'Remittances', "Transferts d'argent", 'Remesas', 'التحويلات المالية'),
  t('dfs.payments', 'dfs', 'Payments', 'Paiements', 'Pagos', 'المدفوعات'),
  t('dfs.bill-pay', 'dfs', 'Bill payment', 'Paiement de factures', 'Pago de recibos', 'دفع الفواتير'),
  t('ecommerce', undefined, 'E-commerce', 'Commerce électronique', 'Comercio electrónico', 'التجارة الإلكترونية'),
  t('ecommerce.parcel-drop-off', 'ecommerce', 'Parcel drop-off', 'Dépôt de colis', 'Entrega de paquetes', 'إيداع الطرود'),
  t('ecommerce.parcel-pick-up', 'ecommerce', 'Parcel pick-up', 'Retrait de colis', 'Recogida de paquetes', 'استلام الطرود'),
  t('ecommerce.returns', 'ecommerce', 'Returns', 'Retours', 'Devoluciones', 'المرتجعات'),
  t('ecommerce.online-shop-assistance', 'ecommerce', 'Online shop assistance', 'Aide à la boutique en ligne', 'Ayuda para tiendas en línea', 'المساعدة في المتاجر الإلكترونية'),
  t('connectivity', undefined, 'Connectivity', 'Connectivité', 'Conectividad', 'الاتصال'),
  t('connectivity.wifi', 'connectivity', 'Public Wi-Fi', 'Wi-Fi public', 'Wi-Fi público', 'شبكة واي فاي عامة'),
  t('connectivity.computer-access', 'connectivity', 'Computer access', 'Accès à un ordinateur', 'Acceso a ordenadores', 'الوصول إلى الحاسوب'),
  t('connectivity.printing', 'connectivity', 'Printing', 'Impression', 'Impresión', 'الطباعة'),
  t('digital-skills', undefined, 'Digital skills', 'Compétences numériques', 'Competencias digitales', 'المهارات الرقمية'),
  t('assisted-access', undefined, 'Assisted access', 'Accès assisté', 'Acceso asistido', 'الوصول بمساعدة'),
];

const BY_CODE = new Map(DIGITAL_SERVICES_TAXONOMY.map((e) => [e.code, e]));

export function isDefaultTerm(code: string): boolean {
  return BY_CODE.has(code);
}

/** The term's name in a language (English when the language is not one of the four); undefined for a code not in the taxonomy. */
export function taxonomyName(code: string, language: string = 'en'): string | undefined {
  const names = BY_CODE.get(code)?.names;
  return names?.[(TAXONOMY_LANGUAGES as readonly string[]).includes(language) ? (language as TaxonomyLanguage) : 'en'];
}

/** Lower case without accents or punctuation, so "Pasaporte" and "PASAPORTE", "État" and "etat", "Wi-Fi" and "wifi" are one word each. */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}\s]/gu, '').toLowerCase().trim();
}

export interface CatalogueTerm {
  id: string;
  code: string | null;
  name: string;
  parent_id: string | null;
}

/**
 * The catalogue's terms a query asks for, with the terms below them: a query that is a term's id or
 * code asks for that term (and a code for the codes under it: egov for egov.passport); otherwise every term whose name, or (for a default-taxonomy code) whose
 * name in any of the four languages, contains the query's words. Empty when nothing matches.
 */
export function matchTerms(query: string, terms: readonly CatalogueTerm[]): string[] {
  const exact = query.trim().toLowerCase();
  const q = foldText(query);
  if (!q) return [];
  // A code names its branch too: "egov" asks for egov.passport where a catalogue lists only the leaves.
  let matched = terms.filter((t) => t.id.toLowerCase() === exact || (t.code !== null && (t.code.toLowerCase() === exact || t.code.toLowerCase().startsWith(`${exact}.`))));
  if (matched.length === 0) {
    const words = q.split(/\s+/);
    const has = (name: string) => words.every((w) => foldText(name).includes(w));
    matched = terms.filter((t) => has(t.name) || (t.code !== null && Object.values(BY_CODE.get(t.code)?.names ?? {}).some(has)));
  }
  const ids = new Set(matched.map((t) => t.id));
  // Below a matched term: "egov" asks for passports as well.
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of terms) if (t.parent_id !== null && ids.has(t.parent_id) && !ids.has(t.id)) ids.add(t.id), (grew = true);
  }
  return terms.filter((t) => ids.has(t.id)).map((t) => t.id);
}

export interface TermNode {
  code: string;
  /** In the language asked for where the default taxonomy has the term, else the catalogue's name. */
  name: string;
  parent: string | null;
  /** The countries whose catalogues have the term (none for a broader term added from the default taxonomy). */
  countries: string[];
}

/**
 * The terms of several countries' catalogues as one tree of codes, for a list to choose from: a
 * term shared by countries once, named in `language`, under its broader term, the default
 * taxonomy's broader terms added where a catalogue lists only the narrower ones. In code order.
 */
export function termTree(terms: readonly (CatalogueTerm & { country: string })[], language: string): TermNode[] {
  const codeOf = new Map(terms.map((t) => [`${t.country}\u0000${t.id}`, t.code ?? t.id]));
  const nodes = new Map<string, TermNode>();
  const add = (code: string, name: string, parent: string | null, country: string) => {
    const known = nodes.get(code);
    if (known) {
      if (!known.countries.includes(country)) known.countries.push(country);
      return;
    }
    nodes.set(code, { code, name: taxonomyName(code, language) ?? name, parent, countries: [country] });
    // A catalogue's own broader term comes with its own record; the default taxonomy's are added here.
    for (let up = parent; up !== null && !nodes.has(up) && BY_CODE.has(up); up = BY_CODE.get(up)!.parent ?? null) {
      nodes.set(up, { code: up, name: taxonomyName(up, language)!, parent: BY_CODE.get(up)!.parent ?? null, countries: [] });
    }
  };
  for (const t of terms) {
    const code = t.code ?? t.id;
    const parent = t.parent_id !== null ? codeOf.get(`${t.country}\u0000${t.parent_id}`) ?? null : BY_CODE.get(code)?.parent ?? null;
    add(code, t.name, parent, t.country);
  }
  return [...nodes.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
