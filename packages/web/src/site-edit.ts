/**
 * The form that changes a site from its panel. Which fields it offers is decided by core's
 * canEditSite, the rule the server applies: a manager of the site's country (or an admin) edits
 * the registry fields and, when the API returned them, the contract; the staff of an office only
 * how it is connected and what it offers. Only the changed fields are sent; what the server
 * refuses is shown beside the field it names.
 *
 *     editableFields(me, site);   // ['isConnected', 'connectivityType', 'downloadMbps', 'hasElectricity', 'services']
 *     html`<${SiteEdit} site=${site} fields=${fields} onSaved=${show} onCancel=${close} />`
 *     offeredServices({ banking: ['savings'], mail: true });   // ['banking', 'mail']
 */
import { html } from 'htm/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { CONNECTIVITY_TYPES, PRIVATE_SITE_FIELDS, SITE_TYPES, canEditSite, principal } from '@postatlas/core';
import { ApiError, api, type Me } from './api.js';
import { messages, t } from './i18n.js';

/** A site as the API returns it; the contract only to those who may read the country's private data. */
export interface Site {
  id: number; sourceId: string; name: string | null; siteType: string; country: string; admin1: string | null; lat: number; lon: number;
  isConnected: boolean | null; connectivityType: string; downloadMbps: number | null; measuredDownloadMbps: number | null;
  hasElectricity: boolean | null; services: unknown; contractedMbps?: number | null; contractedMonthlyUsd?: number | null;
}

/** The fields the form can change, in the order it shows them. */
export const EDIT_FIELDS = [
  'name', 'siteType', 'admin1', 'isConnected', 'connectivityType', 'downloadMbps', 'hasElectricity', 'services', 'contractedMbps', 'contractedMonthlyUsd',
] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/** The digital services a post office can offer (UPU CONNECT.POST), as keys of the site's services object. */
export const SERVICES = ['egovernment', 'banking', 'ecommerce', 'internet', 'training'] as const;
export type Service = (typeof SERVICES)[number];

const AMOUNTS: ReadonlySet<EditField> = new Set(['downloadMbps', 'contractedMbps', 'contractedMonthlyUsd']);
const YES_NO: ReadonlySet<EditField> = new Set(['isConnected', 'hasElectricity']);

const say = messages({
  en: {
    edit: 'Edit', editSite: 'Edit the site', save: 'Save', saving: 'Saving…', saved: 'Saved.', cancel: 'Cancel', name: 'Name', electricity: 'Electricity',
    contract: 'Contract', contractedMbps: 'Contracted speed (Mbps)', contractedMonthlyUsd: 'Monthly price (USD)',
    staffOnly: 'As staff of this office you can change how it is connected and what it offers.',
    notAmount: 'Enter a number of 0 or more, or leave it empty.', required: 'This field is required.',
    correct: 'Correct the fields marked below.', refused: 'The change was refused: {message}',
    service_egovernment: 'E-government services', service_banking: 'Digital finance and banking', service_ecommerce: 'E-commerce parcels',
    service_internet: 'Public Internet access', service_training: 'Digital-skills training',
    type_post_office: 'Post office', type_school: 'School', type_library: 'Library', type_health: 'Health facility',
    type_government: 'Government office', type_community_center: 'Community centre', type_other: 'Other',
    link_fiber: 'Fibre', link_xdsl: 'DSL', link_cellular: 'Mobile network', link_p2p_wireless: 'Point-to-point radio',
    link_p2mp_wireless: 'Point-to-multipoint radio', link_satellite: 'Satellite', link_other: 'Other', link_none: 'None', link_unknown: 'Unknown',
  },
  fr: {
    edit: 'Modifier', editSite: 'Modifier le site', save: 'Enregistrer', saving: 'Enregistrement…', saved: 'Enregistré.', cancel: 'Annuler', name: 'Nom',
    electricity: 'Électricité', contract: 'Contrat', contractedMbps: 'Débit contractuel (Mbit/s)', contractedMonthlyUsd: 'Prix mensuel (USD)',
    staffOnly: 'En tant que personnel de ce bureau, vous pouvez modifier sa connexion et les services qu’il offre.',
    notAmount: 'Saisissez un nombre supérieur ou égal à 0, ou laissez vide.', required: 'Ce champ est obligatoire.',
    correct: 'Corrigez les champs signalés ci-dessous.', refused: 'La modification a été refusée : {message}',
    service_egovernment: 'Services d’administration en ligne', service_banking: 'Finance numérique et services bancaires',
    service_ecommerce: 'Colis du commerce en ligne', service_internet: 'Accès public à Internet', service_training: 'Formation aux compétences numériques',
    type_post_office: 'Bureau de poste', type_school: 'École', type_library: 'Bibliothèque', type_health: 'Établissement de santé',
    type_government: 'Bureau administratif', type_community_center: 'Centre communautaire', type_other: 'Autre',
    link_fiber: 'Fibre optique', link_xdsl: 'DSL', link_cellular: 'Réseau mobile', link_p2p_wireless: 'Faisceau hertzien point à point',
    link_p2mp_wireless: 'Radio point à multipoint', link_satellite: 'Satellite', link_other: 'Autre', link_none: 'Aucune', link_unknown: 'Inconnue',
  },
  es: {
    edit: 'Editar', editSite: 'Editar el sitio', save: 'Guardar', saving: 'Guardando…', saved: 'Guardado.', cancel: 'Cancelar', name: 'Nombre',
    electricity: 'Electricidad', contract: 'Contrato', contractedMbps: 'Velocidad contratada (Mbps)', contractedMonthlyUsd: 'Precio mensual (USD)',
    staffOnly: 'Como personal de esta oficina puede cambiar su conexión y los servicios que ofrece.',
    notAmount: 'Introduzca un número igual o mayor que 0, o déjelo vacío.', required: 'Este campo es obligatorio.',
    correct: 'Corrija los campos indicados abajo.', refused: 'Se rechazó el cambio: {message}',
    service_egovernment: 'Servicios de gobierno electrónico', service_banking: 'Finanzas digitales y banca',
    service_ecommerce: 'Paquetes de comercio electrónico', service_internet: 'Acceso público a Internet', service_training: 'Formación en competencias digitales',
    type_post_office: 'Oficina de correos', type_school: 'Escuela', type_library: 'Biblioteca', type_health: 'Centro de salud',
    type_government: 'Oficina gubernamental', type_community_center: 'Centro comunitario', type_other: 'Otro',
    link_fiber: 'Fibra óptica', link_xdsl: 'DSL', link_cellular: 'Red móvil', link_p2p_wireless: 'Radioenlace punto a punto',
    link_p2mp_wireless: 'Radio punto a multipunto', link_satellite: 'Satélite', link_other: 'Otra', link_none: 'Ninguna', link_unknown: 'Desconocida',
  },
  ar: {
    edit: 'تعديل', editSite: 'تعديل الموقع', save: 'حفظ', saving: 'جارٍ الحفظ…', saved: 'تم الحفظ.', cancel: 'إلغاء', name: 'الاسم',
    electricity: 'الكهرباء', contract: 'العقد', contractedMbps: 'السرعة المتعاقد عليها (ميغابت/ث)', contractedMonthlyUsd: 'السعر الشهري (دولار أمريكي)',
    staffOnly: 'بصفتك من موظفي هذا المكتب يمكنك تغيير طريقة اتصاله والخدمات التي يقدمها.',
    notAmount: 'أدخل عددًا يساوي 0 أو أكبر، أو اترك الحقل فارغًا.', required: 'هذا الحقل مطلوب.',
    correct: 'صحّح الحقول المشار إليها أدناه.', refused: 'رُفض التعديل: {message}',
    service_egovernment: 'خدمات الحكومة الإلكترونية', service_banking: 'الخدمات المالية الرقمية والمصرفية',
    service_ecommerce: 'طرود التجارة الإلكترونية', service_internet: 'نفاذ عام إلى الإنترنت', service_training: 'التدريب على المهارات الرقمية',
    type_post_office: 'مكتب بريد', type_school: 'مدرسة', type_library: 'مكتبة', type_health: 'مرفق صحي',
    type_government: 'مكتب حكومي', type_community_center: 'مركز مجتمعي', type_other: 'أخرى',
    link_fiber: 'ألياف ضوئية', link_xdsl: 'DSL', link_cellular: 'شبكة خلوية', link_p2p_wireless: 'وصلة لاسلكية من نقطة إلى نقطة',
    link_p2mp_wireless: 'لاسلكي من نقطة إلى عدة نقاط', link_satellite: 'الأقمار الصناعية', link_other: 'أخرى', link_none: 'لا يوجد', link_unknown: 'غير معروف',
  },
});
/** The form's words, for the panel that shows the same fields. */
export const editWords = say;

/** A value of the registry in the reader's language; an unknown one (a newer server) as it is. */
export const siteTypeLabel = (type: string) => ((SITE_TYPES as readonly string[]).includes(type) ? say(`type_${type}` as `type_${(typeof SITE_TYPES)[number]}`) : type);
export const connectivityLabel = (type: string) => ((CONNECTIVITY_TYPES as readonly string[]).includes(type) ? say(`link_${type}` as `link_${(typeof CONNECTIVITY_TYPES)[number]}`) : type);
export const serviceLabel = (service: string) => ((SERVICES as readonly string[]).includes(service) ? say(`service_${service as Service}`) : service);

/**
 * The services a site offers: keys whose value says so (true, a list of products, a note),
 * not those set to false, null or an empty list; a plain list of names as it is. The known
 * services come first in their own order (the database keeps a JSON object's keys sorted).
 */
export function offeredServices(services: unknown): string[] {
  const names = Array.isArray(services)
    ? services.filter((s): s is string => typeof s === 'string')
    : services && typeof services === 'object'
      ? Object.entries(services).filter(([, v]) => v !== false && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)).map(([k]) => k)
      : [];
  const rank = (s: string) => ((SERVICES as readonly string[]).includes(s) ? SERVICES.indexOf(s as Service) : SERVICES.length);
  return names.sort((a, b) => rank(a) - rank(b));
}

/** What `me` may change on this site, asked field by field of core's rule; none for the public. */
export function editableFields(me: Me | null, site: Site): EditField[] {
  if (!me) return [];
  const p = principal({ role: me.role, countries: me.countries, siteIds: me.siteIds });
  // The contract is offered only where the API showed it: those who may not read it may not write it.
  return EDIT_FIELDS.filter((f) => ((PRIVATE_SITE_FIELDS as readonly string[]).includes(f) ? f in site : true) && canEditSite(p, site, [f]));
}

type Texts = Partial<Record<EditField, string>>;

const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** '' → null; a number of 0 or more (a comma or Arabic-Indic digits as typed) → it; anything else → NaN. */
export function parseAmount(text: string): number | null {
  const s = text.trim().replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace('٫', '.').replace(',', '.');
  if (s === '') return null;
  return /^(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN;
}

function valueOf(field: EditField, text: string): unknown {
  if (AMOUNTS.has(field)) return parseAmount(text);
  if (YES_NO.has(field)) return text === '' ? null : text === 'true';
  if (field === 'name' || field === 'admin1') return text.trim() || null;
  return text;
}

/** The services object after the checkboxes: other keys and the details of kept services stay as they were. */
function withServices(before: unknown, offered: ReadonlySet<string>): Record<string, unknown> {
  const next: Record<string, unknown> = Array.isArray(before)
    ? Object.fromEntries(offeredServices(before).map((s) => [s, true]))
    : before && typeof before === 'object' ? { ...(before as Record<string, unknown>) } : {};
  const had = new Set(offeredServices(before));
  for (const s of SERVICES) {
    if (!offered.has(s)) delete next[s];
    else if (!had.has(s)) next[s] = true;
  }
  return next;
}

export function SiteEdit({ site, fields, onSaved, onCancel }: { site: Site; fields: EditField[]; onSaved: (site: Site) => void; onCancel: () => void }) {
  const [texts, setTexts] = useState<Texts>(() => Object.fromEntries(fields.filter((f) => f !== 'services').map((f) => [f, asText(site[f])])));
  const initialServices = new Set(offeredServices(site.services));
  const [offered, setOffered] = useState<Set<string>>(() => new Set(initialServices));
  const [errors, setErrors] = useState<Partial<Record<EditField, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);

  useLayoutEffect(() => {
    (form.current?.querySelector('input, select') as HTMLElement | null)?.focus();
  }, []);
  // After a refused save, the first field to correct gets the focus, so a keyboard user lands on it.
  useLayoutEffect(() => {
    if (attempt) (form.current?.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
  }, [attempt]);

  const set = (f: EditField) => (e: Event) => setTexts({ ...texts, [f]: (e.target as HTMLInputElement).value });
  const toggle = (s: Service) => {
    const next = new Set(offered);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    setOffered(next);
  };

  const check = (): Partial<Record<EditField, string>> => {
    const found: Partial<Record<EditField, string>> = {};
    for (const f of fields) {
      if (AMOUNTS.has(f) && Number.isNaN(parseAmount(texts[f] ?? ''))) found[f] = say('notAmount');
      // A named site keeps a name: the sources without names (school lists) are the ones left nameless.
      if (f === 'name' && site.name !== null && !(texts.name ?? '').trim()) found[f] = say('required');
    }
    return found;
  };

  const changes = (): Record<string, unknown> => {
    const patch: Record<string, unknown> = {};
    for (const f of fields) {
      if (f === 'services') {
        if (offered.size !== initialServices.size || [...offered].some((s) => !initialServices.has(s))) patch.services = withServices(site.services, offered);
        continue;
      }
      const value = valueOf(f, texts[f] ?? '');
      if (JSON.stringify(value) !== JSON.stringify(site[f] ?? null)) patch[f] = value;
    }
    return patch;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = check();
    setErrors(found);
    setGeneral(Object.keys(found).length ? say('correct') : null);
    if (Object.keys(found).length) return setAttempt(attempt + 1);
    const patch = changes();
    if (Object.keys(patch).length === 0) return onSaved(site);
    setSaving(true);
    try {
      onSaved(await api<Site>(`/api/sites/${site.id}`, { method: 'PATCH', body: patch }));
    } catch (err) {
      setSaving(false);
      const { byField, rest } = problemFields(err, fields);
      setErrors(byField);
      setGeneral(rest ? say('refused', { message: rest }) : Object.keys(byField).length ? say('correct') : null);
      setAttempt(attempt + 1);
    }
  };

  const errorId = (f: EditField) => `edit-${f}-error`;
  const aria = (f: EditField) => (errors[f] ? { 'aria-invalid': 'true', 'aria-describedby': errorId(f) } : {});
  const message = (f: EditField) => (errors[f] ? html`<p id=${errorId(f)} class="field-error">${errors[f]}</p>` : null);
  const label = (f: EditField): string =>
    ({ name: say('name'), siteType: t('type'), admin1: t('admin1'), isConnected: t('connected'), connectivityType: t('connectivity'),
      downloadMbps: t('downloadMbps'), hasElectricity: say('electricity'), services: t('services'),
      contractedMbps: say('contractedMbps'), contractedMonthlyUsd: say('contractedMonthlyUsd') })[f];

  const control = (f: EditField) => {
    const id = `edit-${f}`;
    if (f === 'services') {
      return html`
        <fieldset class="services" ...${aria(f)}>
          <legend>${t('services')}</legend>
          ${SERVICES.map((s) => html`
            <label><input type="checkbox" name=${`service-${s}`} checked=${offered.has(s)} onChange=${() => toggle(s)} /> ${serviceLabel(s)}</label>`)}
          ${message(f)}
        </fieldset>`;
    }
    const input = f === 'siteType' || f === 'connectivityType'
      ? html`<select id=${id} name=${f} value=${texts[f]} onChange=${set(f)} required ...${aria(f)}>
          ${(f === 'siteType' ? SITE_TYPES : CONNECTIVITY_TYPES).map((v) => html`<option value=${v}>${f === 'siteType' ? siteTypeLabel(v) : connectivityLabel(v)}</option>`)}
        </select>`
      : YES_NO.has(f)
        ? html`<select id=${id} name=${f} value=${texts[f]} onChange=${set(f)} ...${aria(f)}>
            <option value="">${t('unknown')}</option><option value="true">${t('yes')}</option><option value="false">${t('no')}</option>
          </select>`
        : AMOUNTS.has(f)
          ? html`<input id=${id} name=${f} type="text" inputmode="decimal" dir="ltr" value=${texts[f]} onInput=${set(f)} ...${aria(f)} />`
          : html`<input id=${id} name=${f} type="text" maxlength=${f === 'name' ? 300 : 200} value=${texts[f]} onInput=${set(f)}
              required=${f === 'name' && site.name !== null} ...${aria(f)} />`;
    return html`<div class="edit-field"><label for=${id}>${label(f)}</label>${input}${message(f)}</div>`;
  };

  const contract: EditField[] = fields.filter((f) => f === 'contractedMbps' || f === 'contractedMonthlyUsd');
  const staffOnly = !fields.includes('name');
  return html`
    <form ref=${form} class="site-edit" onSubmit=${submit} noValidate aria-labelledby="site-edit-title" data-testid="site-edit">
      <h3 id="site-edit-title">${say('editSite')}</h3>
      ${staffOnly ? html`<p class="hint">${say('staffOnly')}</p>` : null}
      ${general ? html`<p class="error" role="alert">${general}</p>` : null}
      ${fields.filter((f) => !contract.includes(f)).map(control)}
      ${contract.length ? html`<fieldset class="contract"><legend>${say('contract')}</legend>${contract.map(control)}</fieldset>` : null}
      <div class="actions">
        <button type="button" onClick=${onCancel} disabled=${saving}>${say('cancel')}</button>
        <button type="submit" class="primary" disabled=${saving}>${saving ? say('saving') : say('save')}</button>
      </div>
    </form>
  `;
}

/** A refusal split into the messages of the fields it names (a 400's `errors`) and the rest. */
function problemFields(err: unknown, fields: readonly EditField[]): { byField: Partial<Record<EditField, string>>; rest: string | null } {
  if (!(err instanceof ApiError)) return { byField: {}, rest: (err as Error).message };
  const byField: Partial<Record<EditField, string>> = {};
  const unplaced: string[] = [];
  for (const e of (err.status === 400 ? err.problem.errors ?? [] : []) as { path?: string; message?: string }[]) {
    const field = (e.path ?? '').split('/')[1] as EditField;
    if (fields.includes(field)) byField[field] = e.message ?? err.message;
    else if (e.message) unplaced.push(e.message);
  }
  const placed = Object.keys(byField).length > 0;
  return { byField, rest: unplaced.length ? unplaced.join('; ') : placed ? null : err.message };
}
