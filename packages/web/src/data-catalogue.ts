/**
 * The datasets of a country (or all the reader may see): what each holds, under which terms, when
 * it was last imported and by whom, its import history on demand, and the switch that publishes
 * an infrastructure dataset's locations, offered only to those the API lets change it.
 *
 *     html`<${Catalogue} country="STP" me=${me} version=${imports} />`   // reloads when version moves
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Me } from './api.js';
import { say, type DataMessage } from './data-messages.js';
import { formatDate, formatNumber, t } from './i18n.js';

interface ImportEntry {
  id: number; at: string; by: string; file: string; sha256: string; countries: string[];
  rowsRead: number; inserted: number; updated: number; unchanged: number; removed: number; rejected: number;
}
interface Dataset {
  id: number; name: string; layer: string; countries: string[]; source: string; format: string;
  licence: string | null; attribution: string | null; owner: string | null; isPublic: boolean;
  createdAt: string; rows: number; lastImport: ImportEntry | null;
}

/** Sites and population are always public; only infrastructure waits to be published. */
const PUBLISHABLE = new Set(['cells', 'nodes', 'links', 'coverage']);

/** The API's rule for PATCH /api/datasets/:id (core's canManageGrant), so the UI offers only what it allows. */
const mayChange = (me: Me | null, d: Dataset) =>
  me?.role === 'admin' || (me?.role === 'country_manager' && d.countries.length > 0 && d.countries.every((c) => me.countries.includes(c)));

/** Which dataset a row's button acts on, for those who hear the button without its row. */
const named = (d: Dataset) => html`<span class="visually-hidden"> ${d.name}</span>`;

const problemText = (err: unknown) => (err instanceof ApiError ? err.problem.detail ?? err.message : (err as Error).message);

export function Catalogue({ country, me, version }: { country: string | null; me: Me | null; version: number }) {
  const [datasets, setDatasets] = useState<Dataset[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  useEffect(() => {
    setError(null);
    api<Dataset[]>(`/api/datasets${country ? `?country=${country}` : ''}`).then(setDatasets, (err) => setError(problemText(err)));
  }, [country, version]);

  const setPublic = async (d: Dataset, isPublic: boolean) => {
    setError(null);
    try {
      const changed = await api<Dataset>(`/api/datasets/${d.id}`, { method: 'PATCH', body: { isPublic } });
      setDatasets((all) => all && all.map((x) => (x.id === changed.id ? changed : x)));
    } catch (err) {
      setError(say('refused', { detail: problemText(err) }));
    }
  };

  return html`
    <section class="catalogue" aria-labelledby="catalogue-title" data-testid="catalogue">
      <h2 id="catalogue-title">${say('catalogueTitle')}</h2>
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
      ${!datasets && !error ? html`<p role="status">${t('loading')}</p>` : null}
      ${datasets && datasets.length === 0 ? html`<p>${say('noDatasets')}</p>` : null}
      ${datasets && datasets.length > 0 ? html`
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">${say('name')}</th><th scope="col">${say('layer')}</th><th scope="col" class="num">${say('rows')}</th>
                <th scope="col">${say('licence')}</th><th scope="col">${say('attribution')}</th><th scope="col">${say('public')}</th>
                <th scope="col">${say('lastImport')}</th><th scope="col">${say('actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${datasets.map((d) => html`
                <tr data-dataset=${d.name}>
                  <th scope="row" dir="auto">${d.name}</th>
                  <td>${say(`layer_${d.layer}` as DataMessage)}</td>
                  <td class="num" data-testid="rows">${formatNumber(d.rows)}</td>
                  <td dir="auto">${d.licence ?? '–'}</td>
                  <td dir="auto">${d.attribution ?? '–'}</td>
                  <td data-testid="public">${d.isPublic ? t('yes') : t('no')}</td>
                  <td>${d.lastImport ? say('importedBy', { at: formatDate(d.lastImport.at), who: d.lastImport.by }) : '–'}</td>
                  <td class="row-actions">
                    ${PUBLISHABLE.has(d.layer) && mayChange(me, d) ? html`
                      <button type="button" onClick=${() => setPublic(d, !d.isPublic)}>${d.isPublic ? say('unpublish') : say('publish')}${named(d)}</button>` : null}
                    <button type="button" aria-expanded=${open === d.id} aria-controls=${`history-${d.id}`}
                      onClick=${() => setOpen(open === d.id ? null : d.id)}>${say('history')}${named(d)}</button>
                  </td>
                </tr>
                ${open === d.id ? html`<tr id=${`history-${d.id}`}><td colspan="8"><${ImportHistory} dataset=${d} /></td></tr>` : null}`)}
            </tbody>
          </table>
        </div>` : null}
    </section>
  `;
}

function ImportHistory({ dataset }: { dataset: Dataset }) {
  const [imports, setImports] = useState<ImportEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<ImportEntry[]>(`/api/datasets/${dataset.id}/imports`).then(setImports, (err) => setError(problemText(err)));
  }, [dataset.id]);

  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!imports) return html`<p role="status">${t('loading')}</p>`;
  if (imports.length === 0) return html`<p>${say('noImports')}</p>`;
  const counts = ['rowsRead', 'inserted', 'updated', 'unchanged', 'removed', 'rejected'] as const;
  return html`
    <table class="history" data-testid="history">
      <caption>${say('historyOf', { name: dataset.name })}</caption>
      <thead>
        <tr>
          <th scope="col">${say('when')}</th><th scope="col">${say('by')}</th><th scope="col">${say('file')}</th>
          ${counts.map((k) => html`<th scope="col" class="num">${say(k)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${imports.map((i) => html`
          <tr>
            <td>${formatDate(i.at)}</td><td>${i.by}</td><td dir="auto">${i.file}</td>
            ${counts.map((k) => html`<td class="num">${formatNumber(i[k])}</td>`)}
          </tr>`)}
      </tbody>
    </table>
  `;
}
