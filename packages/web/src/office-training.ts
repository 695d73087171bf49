/**
 * Training at a post office: digital-skills sessions for the public, cyber hygiene for its staff,
 * and the share of its staff trained in the last 12 months. Everyone sees the sums (the public with
 * the women counted to the nearest 5); the office's staff and its country's managers see the
 * sessions (with trainers' names) and record new ones.
 *
 *     html`<${OfficeTraining} siteId=${12} country="ESP" me=${me} />`
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { TRAINING_TOPICS, canEditOffice, principal, trainingTopic } from '@postatlas/core';
import { ApiError, api, type Me } from './api.js';
import { formatNumber, language, messages } from './i18n.js';
import { ShareBar } from './bars.js';

interface Group { key: string | null; sessions: number; participants: number; completed: number; byGender: { female: number; male: number; other: number } }
interface Session { id: number; heldOn: string; topic: string; audience: string; trainer: string | null; participants: number; completed: number }
interface Training {
  staff: { staff: number; asOf: string } | null;
  coverage: { offices: number; staff: number; trained: number; share: number | null };
  total: Group;
  /** The public's gender and age counts are rounded to this; null: exact. */
  countsRoundedTo: number | null;
  sessions?: Session[];
}

const say = messages({
  en: {
    title: 'Training', sums: 'Sessions: {sessions} · people: {participants} ({female} women) · completed: {completed}',
    sumsRounded: 'Sessions: {sessions} · people: {participants} (about {female} women, counted to the nearest {base}) · completed: {completed}', staffTrained: 'Staff trained in the last 12 months',
    noStaff: 'Staff not declared.', record: 'Record a session', topic: 'Topic', date: 'Date', trainer: 'Trainer', participants: 'Participants', completed: 'Completed',
    female: 'Women', male: 'Men', other: 'Other or not said', save: 'Save', cancel: 'Cancel', recorded: 'Recorded.', refused: 'Not saved:', ageNote: 'Ages are recorded as not known; a file import can give age bands.',
  },
  fr: {
    title: 'Formation', sums: 'Sessions : {sessions} · personnes : {participants} ({female} femmes) · ont terminé : {completed}',
    sumsRounded: 'Sessions : {sessions} · personnes : {participants} (environ {female} femmes, arrondi à {base}) · ont terminé : {completed}', staffTrained: 'Personnel formé ces 12 derniers mois',
    noStaff: 'Effectif non déclaré.', record: 'Enregistrer une session', topic: 'Thème', date: 'Date', trainer: 'Formateur', participants: 'Participants', completed: 'Ont terminé',
    female: 'Femmes', male: 'Hommes', other: 'Autre ou non précisé', save: 'Enregistrer', cancel: 'Annuler', recorded: 'Enregistré.', refused: 'Non enregistré :', ageNote: 'Les âges sont enregistrés comme inconnus ; un import de fichier peut donner les tranches d’âge.',
  },
  es: {
    title: 'Formación', sums: 'Sesiones: {sessions} · personas: {participants} ({female} mujeres) · completaron: {completed}',
    sumsRounded: 'Sesiones: {sessions} · personas: {participants} (unas {female} mujeres, redondeado a {base}) · completaron: {completed}', staffTrained: 'Personal formado en los últimos 12 meses',
    noStaff: 'Plantilla no declarada.', record: 'Registrar una sesión', topic: 'Tema', date: 'Fecha', trainer: 'Formador', participants: 'Participantes', completed: 'Completaron',
    female: 'Mujeres', male: 'Hombres', other: 'Otro o no indicado', save: 'Guardar', cancel: 'Cancelar', recorded: 'Registrado.', refused: 'No guardado:', ageNote: 'Las edades se registran como desconocidas; una importación de archivo puede dar los tramos de edad.',
  },
  ar: {
    title: 'التدريب', sums: 'الجلسات: {sessions} · الأشخاص: {participants} ({female} نساء) · أكملوا: {completed}',
    sumsRounded: 'الجلسات: {sessions} · الأشخاص: {participants} (نحو {female} نساء، بالتقريب إلى {base}) · أكملوا: {completed}', staffTrained: 'الموظفون المدربون في آخر 12 شهرًا',
    noStaff: 'لم يُصرّح بعدد الموظفين.', record: 'تسجيل جلسة', topic: 'الموضوع', date: 'التاريخ', trainer: 'المدرب', participants: 'المشاركون', completed: 'أكملوا',
    female: 'نساء', male: 'رجال', other: 'آخر أو غير محدد', save: 'حفظ', cancel: 'إلغاء', recorded: 'تم التسجيل.', refused: 'لم يُحفظ:', ageNote: 'تُسجل الأعمار كغير معروفة؛ يمكن لاستيراد ملف أن يعطي الفئات العمرية.',
  },
});

export const topicName = (code: string) => trainingTopic(code)?.names[language()] ?? code;

export function OfficeTraining({ siteId, country, me }: { siteId: number; country: string; me: Me | null }) {
  const [data, setData] = useState<Training | null>(null);
  const [recording, setRecording] = useState(false);
  const [recorded, setRecorded] = useState(false);
  const load = () => api<Training>(`/api/sites/${siteId}/training`).then(setData, () => setData(null));
  useEffect(() => { void load(); }, [siteId, me?.email]);
  if (!data) return null;
  const mayRecord = me !== null && canEditOffice(principal({ role: me.role, countries: me.countries, siteIds: me.siteIds }), { id: siteId, country });
  const c = data.coverage;
  return html`
    <section aria-labelledby="training-title" data-testid="office-training">
      <h3 id="training-title">${say('title')}</h3>
      <p data-testid="training-sums">${say(data.countsRoundedTo ? 'sumsRounded' : 'sums', {
        sessions: formatNumber(data.total.sessions), participants: formatNumber(data.total.participants), female: formatNumber(data.total.byGender.female),
        completed: formatNumber(data.total.completed), base: formatNumber(data.countsRoundedTo ?? 1),
      })}</p>
      ${data.staff ? html`<${ShareBar} label=${say('staffTrained')} tally=${{ sites: c.staff, connected: c.trained, share: c.share }} />` : html`<p>${say('noStaff')}</p>`}
      ${data.sessions?.length ? html`
        <div class="table-scroll"><table data-testid="training-sessions">
          <thead><tr><th scope="col">${say('date')}</th><th scope="col">${say('topic')}</th><th scope="col">${say('trainer')}</th><th scope="col">${say('participants')}</th><th scope="col">${say('completed')}</th></tr></thead>
          <tbody>${data.sessions.slice(0, 20).map((s) => html`<tr><td>${s.heldOn}</td><td>${topicName(s.topic)}</td><td>${s.trainer ?? '–'}</td><td>${formatNumber(s.participants)}</td><td>${formatNumber(s.completed)}</td></tr>`)}</tbody>
        </table></div>` : null}
      ${mayRecord && !recording ? html`<p class="edit-row"><button type="button" onClick=${() => { setRecorded(false); setRecording(true); }}>${say('record')}</button> <span role="status">${recorded ? say('recorded') : ''}</span></p>` : null}
      ${recording ? html`<${SessionForm} siteId=${siteId} onDone=${(ok: boolean) => { setRecording(false); if (ok) void load().then(() => setRecorded(true)); }} />` : null}
    </section>`;
}

function SessionForm({ siteId, onDone }: { siteId: number; onDone: (ok: boolean) => void }) {
  const [problems, setProblems] = useState<{ field: string; reason: string }[]>([]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const n = (k: string) => Number(f.get(k) || 0);
    const participants = n('female') + n('male') + n('genderOther');
    try {
      await api(`/api/sites/${siteId}/training`, {
        method: 'POST',
        body: {
          heldOn: String(f.get('heldOn')), topic: String(f.get('topic')), trainer: String(f.get('trainer') || '') || null,
          participants, completed: n('completed'), female: n('female'), male: n('male'), genderOther: n('genderOther'), ageUnknown: participants,
        },
      });
      onDone(true);
    } catch (err) {
      setProblems(err instanceof ApiError && Array.isArray(err.problem.errors) ? (err.problem.errors as { field: string; reason: string }[]) : [{ field: '', reason: (err as Error).message }]);
    }
  };
  const number = (name: string, label: string) => html`<label>${label} <input type="number" name=${name} min="0" max="5000" defaultValue="0" required /></label>`;
  return html`
    <form class="training-form" onSubmit=${submit}>
      ${problems.length ? html`<div class="error" role="alert">${say('refused')} <ul>${problems.map((p) => html`<li>${p.field}: ${p.reason}</li>`)}</ul></div>` : null}
      <label>${say('topic')} <select name="topic">${TRAINING_TOPICS.map((t) => html`<option value=${t.code}>${t.names[language()]}</option>`)}</select></label>
      <label>${say('date')} <input type="date" name="heldOn" required defaultValue=${new Date().toISOString().slice(0, 10)} /></label>
      <label>${say('trainer')} <input type="text" name="trainer" maxlength="200" /></label>
      ${number('female', say('female'))} ${number('male', say('male'))} ${number('genderOther', say('other'))} ${number('completed', say('completed'))}
      <p class="note">${say('ageNote')}</p>
      <div class="actions"><button type="button" onClick=${() => onDone(false)}>${say('cancel')}</button><button type="submit" class="primary">${say('save')}</button></div>
    </form>`;
}
