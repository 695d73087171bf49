/**
 * Data, for the managers of a country: upload a file into a layer (the same importers and the same
 * rule as `postatlas import`: one file, one transaction, refused whole when a row is invalid unless
 * asked to skip it), read the data-quality report row by row, and keep the catalogue of datasets.
 *
 *     // ?view=data&country=STP
 *     html`<${DataView} state=${state} countries=${countries} me=${me} go=${go} />`
 */
import { html } from 'htm/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, upload, type Me } from './api.js';
import type { ViewProps } from './app.js';
import { Catalogue } from './data-catalogue.js';
import { say, type DataMessage } from './data-messages.js';
import { Imported, Refused, type ImportReport, type Refusal } from './data-report.js';
import { countryName, formatNumber, t } from './i18n.js';

// The API's enumerations (core's LAYERS and SITE_TYPES); the web app does not bundle core.
const LAYERS = ['sites', 'cells', 'nodes', 'links', 'coverage', 'population'] as const;
const SITE_TYPES = ['post_office', 'school', 'library', 'health', 'government', 'community_center', 'other'] as const;
const GENERATIONS = ['2G', '3G', '4G', '5G'] as const;
const INFRASTRUCTURE = new Set<string>(['cells', 'nodes', 'links', 'coverage']);
const ACCEPT = '.csv,.tsv,.txt,.geojson,.json,.gpkg,.tif,.tiff';

/** The content types POST /api/imports accepts, by extension; the server also reads the file name. */
export function contentTypeOf(fileName: string): string {
  const ext = fileName.toLowerCase().match(/\.[a-z]+$/)?.[0] ?? '';
  if (['.csv', '.tsv', '.txt'].includes(ext)) return 'text/csv';
  if (ext === '.geojson' || ext === '.json') return 'application/geo+json';
  if (ext === '.gpkg') return 'application/geopackage+sqlite3';
  if (ext === '.tif' || ext === '.tiff') return 'image/tiff';
  return 'application/octet-stream';
}

/** Countries this account may import into: a manager's own; an admin's any (those with data offered first). */
function importCountries(me: Me | null, known: string[], wanted: string | null): string[] {
  if (me?.role !== 'admin') return me?.countries ?? [];
  return [...new Set([...(wanted ? [wanted] : []), ...known])].sort();
}

type Outcome =
  | { kind: 'imported'; report: ImportReport }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'error'; message: string };

interface Sending { file: string; sent: number }

export function DataView({ state, countries, me }: ViewProps) {
  const choices = importCountries(me, countries.map((c) => c.country), state.country);
  const [layer, setLayer] = useState<string>('sites');
  const [chosen, setChosen] = useState<string | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [sending, setSending] = useState<Sending | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // The last file and what was asked of it, so a refusal can be answered with "import the valid rows".
  const [last, setLast] = useState<{ file: File; query: URLSearchParams } | null>(null);
  const [imports, setImports] = useState(0);
  const result = useRef<HTMLDivElement>(null);
  // Keyboard and screen-reader users land on what happened, as sighted users see it appear.
  useLayoutEffect(() => {
    if (outcome) result.current?.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
  }, [outcome]);

  const send = async (file: File, query: URLSearchParams) => {
    setLast({ file, query });
    setOutcome(null);
    setSending({ file: file.name, sent: 0 });
    try {
      const report = await upload<ImportReport>(`/api/imports?${query}`, file, contentTypeOf(file.name), (sent) => setSending({ file: file.name, sent }));
      setOutcome({ kind: 'imported', report });
      setImports((n) => n + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setOutcome({ kind: 'refused', refusal: err.problem as Refusal });
      else setOutcome({ kind: 'error', message: say('refused', { detail: err instanceof ApiError ? err.problem.detail ?? err.message : (err as Error).message }) });
    } finally {
      setSending(null);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const file = form.get('file');
    // An empty file goes too: the server says why it refuses it.
    if (!(file instanceof File) || file.name === '') return;
    const query = new URLSearchParams({ layer, country: String(form.get('country')) });
    for (const key of ['type', 'generation', 'dataset', 'licence', 'attribution']) {
      const v = String(form.get(key) ?? '').trim();
      if (v) query.set(key, v);
    }
    // Unticked says nothing, so a re-import keeps what the catalogue's switch last set.
    if (form.get('public')) query.set('public', 'true');
    query.set('skipInvalid', String(skipInvalid));
    // The server keeps at most 255 characters; the end holds the extension it reads.
    query.set('filename', file.name.slice(-255));
    void send(file, query);
  };

  const importValid = () => {
    if (!last) return;
    setSkipInvalid(true);
    const query = new URLSearchParams(last.query);
    query.set('skipInvalid', 'true');
    void send(last.file, query);
  };

  const country = chosen && choices.includes(chosen) ? chosen : state.country && choices.includes(state.country) ? state.country : choices[0];
  return html`
    <section class="data-view" aria-labelledby="data-title" data-testid="data-view">
      <h1 id="data-title">${t('data')}${state.country ? ` · ${countryName(state.country)}` : ''}</h1>

      <div class="data-work">
        <form class="import-form" onSubmit=${submit} aria-labelledby="upload-title">
          <h2 id="upload-title">${say('uploadTitle')}</h2>
          <p class="hint">${say('uploadIntro')}</p>
          <div class="fields">
            <label>${say('layer')}
              <select name="layer" value=${layer} onChange=${(e: Event) => setLayer((e.target as HTMLSelectElement).value)}>
                ${LAYERS.map((l) => html`<option value=${l}>${say(`layer_${l}` as DataMessage)}</option>`)}
              </select>
            </label>
            <label>${t('country')}
              <select name="country" value=${country} onChange=${(e: Event) => setChosen((e.target as HTMLSelectElement).value)} required>
                ${choices.map((c) => html`<option value=${c}>${countryName(c)}</option>`)}
              </select>
            </label>
            ${layer === 'sites' ? html`
              <label>${say('siteType')}
                <select name="type">
                  <option value="">${say('asInFile')}</option>
                  ${SITE_TYPES.map((s) => html`<option value=${s}>${say(`type_${s}` as DataMessage)}</option>`)}
                </select>
              </label>` : null}
            ${layer === 'coverage' ? html`
              <label>${say('generation')}
                <select name="generation">
                  <option value="">${say('asInFile')}</option>
                  ${GENERATIONS.map((g) => html`<option value=${g}>${g}</option>`)}
                </select>
              </label>` : null}
            <label>${say('datasetName')} <small>(${say('datasetHint')})</small>
              <input name="dataset" maxlength="200" dir="auto" />
            </label>
            <label>${say('licence')}<input name="licence" maxlength="300" dir="auto" /></label>
            <label class="wide">${say('attribution')}<input name="attribution" maxlength="1000" dir="auto" /></label>
            <label class="wide">${say('file')} <small>(${say('fileHint')})</small>
              <input name="file" type="file" accept=${ACCEPT} required />
            </label>
          </div>
          ${INFRASTRUCTURE.has(layer) ? html`<label class="check"><input name="public" type="checkbox" /> ${say('makePublic')}</label>` : null}
          <label class="check">
            <input name="skipInvalid" type="checkbox" checked=${skipInvalid} onChange=${(e: Event) => setSkipInvalid((e.target as HTMLInputElement).checked)} />
            ${say('skipInvalid')}
          </label>
          <div class="actions">
            <button type="submit" class="primary" disabled=${sending !== null || choices.length === 0}>${say('importFile')}</button>
          </div>
        </form>

        <div class="data-result" ref=${result}>
          <p class="sending" role="status" data-testid="sending">
            ${sending && (sending.sent < 1
              ? html`${say('sending', { file: sending.file, percent: formatNumber(sending.sent, { style: 'percent', maximumFractionDigits: 0 }) })} <progress max="1" value=${sending.sent} aria-hidden="true"></progress>`
              : html`${say('checking', { file: sending.file })} <progress key="checking" aria-hidden="true"></progress>`)}
          </p>
          ${outcome?.kind === 'error' ? html`<p class="error" role="alert">${outcome.message}</p>` : null}
          ${outcome?.kind === 'refused' ? html`<${Refused} refusal=${outcome.refusal} onImportValid=${importValid} busy=${sending !== null} />` : null}
          ${outcome?.kind === 'imported' ? html`<${Imported} report=${outcome.report} />` : null}
        </div>
      </div>

      <${Catalogue} country=${state.country} me=${me} version=${imports} />
    </section>
  `;
}
