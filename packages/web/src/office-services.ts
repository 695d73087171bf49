/**
 * What a post office offers from its country's digital-services catalogue (HSDS): the services,
 * its opening hours and closures. Its staff and its country's managers may change them here; the
 * server checks the change as it checks an import, and its refusals are shown beside the row
 * they name.
 *
 *     html`<${OfficeServices} siteId=${12} country="ESP" me=${me} />`
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { WEEKDAYS, canEditOffice, principal, taxonomyName } from '@postatlas/core';
import { ApiError, api, type Me } from './api.js';
import { language, messages } from './i18n.js';

type Schedule = Record<string, string | number | null>;
interface Offices {
  locationId: string | null;
  timeZone: string | null;
  offers: { serviceId: string; name: string; terms: string[]; hours: Schedule[] }[];
  hours: Schedule[];
  available: { serviceId: string; name: string; terms: string[] }[];
}
interface Problem { where: string; field: string; reason: string }

const say = messages({
  en: {
    title: 'Digital services', notListed: 'This office is not in its country’s services catalogue.', hours: 'Opening hours', closed: 'Closed {from}–{to}',
    closedDay: 'Closed {day}', edit: 'Edit services and hours', save: 'Save', cancel: 'Cancel', days: 'Days', opens: 'Opens', closes: 'Closes',
    addHours: 'Add opening hours', addClosure: 'Add a closure', remove: 'Remove', from: 'From', to: 'To', note: 'Note', saved: 'Saved.', refused: 'Not saved:',
    noHours: 'No hours given.', localTime: 'Local time ({zone}).', offered: 'Offered here', locator: 'Find a service near you',
  },
  fr: {
    title: 'Services numériques', notListed: 'Ce bureau ne figure pas dans le catalogue de services de son pays.', hours: 'Horaires', closed: 'Fermé du {from} au {to}',
    closedDay: 'Fermé le {day}', edit: 'Modifier les services et les horaires', save: 'Enregistrer', cancel: 'Annuler', days: 'Jours', opens: 'Ouverture', closes: 'Fermeture',
    addHours: 'Ajouter des horaires', addClosure: 'Ajouter une fermeture', remove: 'Retirer', from: 'Du', to: 'Au', note: 'Note', saved: 'Enregistré.', refused: 'Non enregistré :',
    noHours: 'Aucun horaire indiqué.', localTime: 'Heure locale ({zone}).', offered: 'Proposé ici', locator: 'Trouver un service près de chez vous',
  },
  es: {
    title: 'Servicios digitales', notListed: 'Esta oficina no figura en el catálogo de servicios de su país.', hours: 'Horario', closed: 'Cerrado del {from} al {to}',
    closedDay: 'Cerrado el {day}', edit: 'Editar servicios y horario', save: 'Guardar', cancel: 'Cancelar', days: 'Días', opens: 'Abre', closes: 'Cierra',
    addHours: 'Añadir horario', addClosure: 'Añadir un cierre', remove: 'Quitar', from: 'Desde', to: 'Hasta', note: 'Nota', saved: 'Guardado.', refused: 'No guardado:',
    noHours: 'Sin horario.', localTime: 'Hora local ({zone}).', offered: 'Se ofrece aquí', locator: 'Buscar un servicio cerca de usted',
  },
  ar: {
    title: 'الخدمات الرقمية', notListed: 'هذا المكتب غير مدرج في دليل خدمات بلده.', hours: 'ساعات العمل', closed: 'مغلق من {from} إلى {to}',
    closedDay: 'مغلق يوم {day}', edit: 'تعديل الخدمات وساعات العمل', save: 'حفظ', cancel: 'إلغاء', days: 'الأيام', opens: 'يفتح', closes: 'يغلق',
    addHours: 'إضافة ساعات عمل', addClosure: 'إضافة إغلاق', remove: 'إزالة', from: 'من', to: 'إلى', note: 'ملاحظة', saved: 'تم الحفظ.', refused: 'لم يُحفظ:',
    noHours: 'لا توجد ساعات محددة.', localTime: 'التوقيت المحلي ({zone}).', offered: 'متوفرة هنا', locator: 'ابحث عن خدمة بالقرب منك',
  },
});

// 2026-11-30 was a Monday: the weekday names of the current language, from Intl.
const dayName = (d: string, width: 'short' | 'long' = 'short') =>
  new Intl.DateTimeFormat(language(), { weekday: width, timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 30 + WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]))));
const dateText = (iso: unknown) => new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${String(iso)}T00:00:00Z`));
const isClosure = (s: Schedule) => s.freq == null && s.byday == null && s.valid_from != null;
const serviceName = (s: { name: string; terms: string[] }) => {
  const named = s.terms.map((c) => taxonomyName(c, language())).find(Boolean);
  return named && named !== s.name ? `${s.name} (${named})` : s.name;
};

/** "Mon, Tue, Wed 08:30–14:30" or "Closed 24 Dec 2026". */
function scheduleText(s: Schedule): string {
  if (isClosure(s)) return s.valid_from === s.valid_to ? say('closedDay', { day: dateText(s.valid_from) }) : say('closed', { from: dateText(s.valid_from), to: dateText(s.valid_to) });
  const days = s.byday ? String(s.byday).split(',').map((d) => dayName(d)).join(', ') : '';
  return `${days} ${String(s.opens_at ?? '').slice(0, 5)}–${String(s.closes_at ?? '').slice(0, 5)}${s.description ? ` (${s.description})` : ''}`.trim();
}

export function OfficeServices({ siteId, country, me }: { siteId: number; country: string; me: Me | null }) {
  const [data, setData] = useState<Offices | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    let current = true;
    void api<Offices>(`/api/sites/${siteId}/services`).then((d) => current && setData(d), () => current && setData(null));
    return () => { current = false; };
  }, [siteId]);
  if (!data) return null;
  const mayEdit = me !== null && data.locationId !== null && canEditOffice(principal({ role: me.role, countries: me.countries, siteIds: me.siteIds }), { id: siteId, country });
  return html`
    <section aria-labelledby="office-services-title" data-testid="office-services">
      <h3 id="office-services-title">${say('title')}</h3>
      ${data.locationId === null ? html`<p>${say('notListed')}</p>` : editing
        ? html`<${OfficeServicesForm} siteId=${siteId} data=${data} onDone=${(d: Offices | null) => { if (d) setData(d); setSaved(d !== null); setEditing(false); }} />`
        : html`
          <ul class="services-list" data-testid="offers">${data.offers.map((o) => html`<li>${serviceName(o)}${o.hours.length ? html` <small>${o.hours.map(scheduleText).join('; ')}</small>` : null}</li>`)}</ul>
          <h4>${say('hours')}</h4>
          ${data.hours.length ? html`<ul data-testid="hours">${data.hours.map((h) => html`<li>${scheduleText(h)}</li>`)}</ul>` : html`<p>${say('noHours')}</p>`}
          ${data.timeZone ? html`<p class="note">${say('localTime', { zone: data.timeZone })}</p>` : null}
          ${mayEdit ? html`<p class="edit-row"><button type="button" onClick=${() => { setSaved(false); setEditing(true); }}>${say('edit')}</button> <span role="status">${saved ? say('saved') : ''}</span></p>` : null}`}
      <p><a href=${`/locator?lang=${language()}`}>${say('locator')}</a></p>
    </section>`;
}

interface HoursRow { days: string[]; opens: string; closes: string }
interface ClosureRow { from: string; to: string; note: string }

function OfficeServicesForm({ siteId, data, onDone }: { siteId: number; data: Offices; onDone: (d: Offices | null) => void }) {
  const [chosen, setChosen] = useState(new Set(data.offers.map((o) => o.serviceId)));
  const [hours, setHours] = useState<HoursRow[]>(data.hours.filter((h) => !isClosure(h)).map((h) => ({
    days: h.byday ? String(h.byday).split(',') : [...WEEKDAYS], opens: String(h.opens_at ?? '').slice(0, 5), closes: String(h.closes_at ?? '').slice(0, 5),
  })));
  const [closures, setClosures] = useState<ClosureRow[]>(data.hours.filter(isClosure).map((h) => ({ from: String(h.valid_from), to: String(h.valid_to ?? h.valid_from), note: String(h.description ?? '') })));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const problemAt = (where: string) => problems.filter((p) => p.where === where);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const body = {
      serviceIds: [...chosen],
      hours: [
        ...hours.map((h) => ({ freq: 'WEEKLY', byday: WEEKDAYS.filter((d) => h.days.includes(d)).join(','), opens_at: h.opens, closes_at: h.closes })),
        ...closures.map((c) => ({ valid_from: c.from, valid_to: c.to || c.from, description: c.note || null })),
      ],
    };
    try {
      onDone(await api<Offices>(`/api/sites/${siteId}/services`, { method: 'PUT', body }));
    } catch (err) {
      setProblems(err instanceof ApiError && Array.isArray(err.problem.errors) ? (err.problem.errors as Problem[]) : [{ where: '$', field: '', reason: (err as Error).message }]);
    } finally {
      setBusy(false);
    }
  };
  const setRow = <T,>(rows: T[], set: (r: T[]) => void, i: number, change: Partial<T>) => set(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const rowProblems = (i: number) => problemAt(`$.hours[${i}]`).map((p) => html`<p class="error" role="alert">${p.field}: ${p.reason}</p>`);

  return html`
    <form class="office-services-form" onSubmit=${submit} aria-busy=${busy}>
      ${problems.length ? html`<div class="error" role="alert">${say('refused')} <ul>${problems.map((p) => html`<li>${p.where} ${p.field}: ${p.reason}</li>`)}</ul></div>` : null}
      <fieldset><legend>${say('offered')}</legend>
        ${data.available.map((s) => html`<label class="check"><input type="checkbox" name="service" value=${s.serviceId} checked=${chosen.has(s.serviceId)}
          onChange=${(e: Event) => { const next = new Set(chosen); if ((e.target as HTMLInputElement).checked) next.add(s.serviceId); else next.delete(s.serviceId); setChosen(next); }} /> ${serviceName(s)}</label>`)}
      </fieldset>
      <fieldset><legend>${say('hours')}</legend>
        ${hours.map((h, i) => html`
          <div class="hours-row" data-testid="hours-row">
            <span role="group" aria-label=${say('days')}>${WEEKDAYS.map((d) => html`<label class="day"><input type="checkbox" checked=${h.days.includes(d)}
              onChange=${(e: Event) => setRow(hours, setHours, i, { days: (e.target as HTMLInputElement).checked ? [...h.days, d] : h.days.filter((x) => x !== d) })} />${dayName(d)}</label>`)}</span>
            <label>${say('opens')} <input type="time" name=${`opens-${i}`} value=${h.opens} required onInput=${(e: Event) => setRow(hours, setHours, i, { opens: (e.target as HTMLInputElement).value })} /></label>
            <label>${say('closes')} <input type="time" name=${`closes-${i}`} value=${h.closes} required onInput=${(e: Event) => setRow(hours, setHours, i, { closes: (e.target as HTMLInputElement).value })} /></label>
            <button type="button" onClick=${() => setHours(hours.filter((_, j) => j !== i))}>${say('remove')}</button>
            ${rowProblems(i)}
          </div>`)}
        <button type="button" onClick=${() => setHours([...hours, { days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '09:00', closes: '14:00' }])}>${say('addHours')}</button>
        ${closures.map((c, i) => html`
          <div class="hours-row">
            <label>${say('from')} <input type="date" value=${c.from} required onInput=${(e: Event) => setRow(closures, setClosures, i, { from: (e.target as HTMLInputElement).value })} /></label>
            <label>${say('to')} <input type="date" value=${c.to} onInput=${(e: Event) => setRow(closures, setClosures, i, { to: (e.target as HTMLInputElement).value })} /></label>
            <label>${say('note')} <input type="text" value=${c.note} onInput=${(e: Event) => setRow(closures, setClosures, i, { note: (e.target as HTMLInputElement).value })} /></label>
            <button type="button" onClick=${() => setClosures(closures.filter((_, j) => j !== i))}>${say('remove')}</button>
            ${problemAt(`$.hours[${hours.length + i}]`).map((p) => html`<p class="error" role="alert">${p.field}: ${p.reason}</p>`)}
          </div>`)}
        <button type="button" onClick=${() => setClosures([...closures, { from: '', to: '', note: '' }])}>${say('addClosure')}</button>
      </fieldset>
      <div class="actions">
        <button type="button" onClick=${() => onDone(null)}>${say('cancel')}</button>
        <button type="submit" class="primary" disabled=${busy}>${say('save')}</button>
      </div>
    </form>`;
}
