/**
 * Planning, for the managers of a country: run a plan (objective, budget, years, solver) as a job
 * and follow it, read a scenario (what it funds, how close it is to the best possible plan, its
 * charts), open the saved ones, compare two, download one, or show it on the map. The scenario
 * shown is the URL's ?plan=, so a link opens it.
 *
 *     ?view=plan&country=STP&plan=plan-2026-05-04-0930
 */
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, type Me } from './api.js';
import type { ViewProps } from './app.js';
import { countryName, formatDate, formatNumber, language, t } from './i18n.js';
import { scenarioPath } from './plan-on-map.js';
import { say, technologyName, usd, type PlanMessageKey } from './plan-messages.js';

type Objective = 'population' | 'sites' | 'cost';
interface Total { sites: number; people: number; capexUsd: number; npvUsd: number; tcoUsd: number; costUsd: number }
interface Totals extends Total {
  byYear: (Total & { year: number })[];
  byTechnology: (Total & { technology: string })[];
  unfundedCostUsd: number;
}
interface Certificate {
  method: 'greedy' | 'highs'; objective: Objective; value: number | null; bound: number | null; boundSource: string; gap: number | null;
  highs: { error: string | null } | null;
}
interface Scenario {
  id: number; country: string; name: string; createdAt: string; objective: Objective;
  budgetUsd: number | null; annualBudgetUsd: number | null; fromYear: number; untilYear: number;
  totals: Totals | null; certificate: Certificate | null;
}
interface ScenarioSite { rank: number; siteId: number; technology: string | null; year: number | null; peopleServed: number; costUsd: number }
interface Job { id: string; status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'; step: string | null; error: string | null }
interface Comparison {
  sites: [number, number]; people: [number, number]; costUsd: [number, number]; onlyIn: [number[], number[]];
  technologyChanged: { siteId: number; a: string | null; b: string | null }[];
  yearChanged: { siteId: number; a: number; b: number }[];
}
type Charts = typeof import('./plan-charts.js');

const OBJECTIVES: Objective[] = ['population', 'sites', 'cost'];
const ACTIVE = new Set<Job['status']>(['queued', 'running']);
/** Sites read for the curve: 20 pages of 1,000 cover any country's plan but the largest. */
const CURVE_PAGES = 20;
/** Site ids listed per difference of a comparison; the rest are counted. */
const LISTED = 30;

const count = (v: number) => formatNumber(v, { maximumFractionDigits: 0 });
const problemText = (err: unknown) => (err instanceof ApiError ? err.problem.detail ?? err.message : t('error', { message: (err as Error).message }));

export const canPlan = (me: Me | null, country: string) =>
  me?.role === 'admin' || (me?.role === 'country_manager' && me.countries.includes(country));

function budgetText(s: Pick<Scenario, 'budgetUsd' | 'annualBudgetUsd'>): string {
  const parts = [s.budgetUsd !== null ? usd(s.budgetUsd) : null, s.annualBudgetUsd !== null ? say('perYear', { amount: usd(s.annualBudgetUsd) }) : null];
  return parts.filter(Boolean).join(', ') || say('noBudget');
}

/** plan-YYYY-MM-DD-HHMM in local time, with -2, -3… when a scenario has that name already. */
function defaultName(taken: readonly string[], now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `plan-${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}-${i}`;
  return name;
}

/** The certificate in words: how far from the best plan at most, who made it, where the bound comes from. */
function certificateWords(c: Certificate): string[] {
  let headline = say('noBound');
  if (c.gap === 0) headline = say('proved');
  else if (c.gap !== null) {
    const digits = c.gap < 0.01 ? 2 : 1;
    headline = c.gap < 0.5 * 10 ** -(digits + 2)
      ? say('withinLess', { gap: formatNumber(10 ** -(digits + 2), { style: 'percent', maximumFractionDigits: digits }) })
      : say('within', { gap: formatNumber(c.gap, { style: 'percent', maximumFractionDigits: digits }) });
  }
  const bound = BOUNDS[c.boundSource];
  return [
    headline,
    say(c.method === 'highs' ? 'method_highs' : 'method_greedy'),
    ...(c.gap !== null && bound ? [say(bound)] : []),
    ...(c.highs?.error ? [say('highsError', { error: c.highs.error })] : []),
  ];
}
const BOUNDS: Record<string, PlanMessageKey> = { relaxation: 'bound_relaxation', 'highs-lp': 'bound_highs-lp', 'highs-mip': 'bound_highs-mip' };

export function PlanView({ state, countries, me, go }: ViewProps) {
  if (!me) return null;
  if (!state.country) {
    const mine = me.role === 'admin' ? countries.map((c) => c.country) : me.countries;
    return html`
      <section class="plan" aria-labelledby="plan-title">
        <div class="plan-head">
          <h1 id="plan-title">${say('title')}</h1>
          <p>${say('intro')}</p>
          <p>${say('chooseCountry')}</p>
          <ul class="plan-countries">
            ${mine.map((c) => html`<li><button type="button" onClick=${() => go({ country: c, plan: null })}>${countryName(c)}</button></li>`)}
          </ul>
        </div>
      </section>`;
  }
  if (!canPlan(me, state.country)) {
    return html`
      <section class="plan" aria-labelledby="plan-title">
        <div class="plan-head">
          <h1 id="plan-title">${say('title')}</h1>
          <p class="error" role="alert">${say('notManager', { country: countryName(state.country) })}</p>
        </div>
      </section>`;
  }
  return html`<${CountryPlans} key=${state.country} country=${state.country} plan=${state.plan} go=${go} />`;
}

function CountryPlans({ country, plan, go }: { country: string; plan: string | null; go: ViewProps['go'] }) {
  const [scenarios, setScenarios] = useState<Scenario[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = () => api<{ items: Scenario[] }>(`/api/scenarios?country=${country}`).then((r) => setScenarios(r.items), (err) => setProblem(problemText(err)));
  useEffect(() => void reload(), []);
  const shown = scenarios?.find((s) => s.name === plan);

  return html`
    <section class="plan" aria-labelledby="plan-title">
      <div class="plan-head">
        <h1 id="plan-title">${say('title')}: ${countryName(country)}</h1>
        <p>${say('intro')}</p>
      </div>
      <div class="plan-side">
        <${PlanForm} country=${country} taken=${scenarios?.map((s) => s.name) ?? []}
          onDone=${async (name: string) => { await reload(); go({ plan: name }); }} />
        <section aria-labelledby="scenarios-title">
          <h2 id="scenarios-title">${say('scenarios')}</h2>
          ${problem ? html`<p class="error" role="alert">${problem}</p>` : null}
          ${!scenarios && !problem ? html`<p role="status">${t('loading')}</p>` : null}
          ${scenarios?.length === 0 ? html`<p>${say('noScenarios')}</p>` : null}
          <ul class="scenario-list" data-testid="scenario-list">
            ${scenarios?.map((s) => html`
              <li>
                <button type="button" class="scenario" aria-current=${s.name === plan ? 'true' : undefined} onClick=${() => go({ plan: s.name })}>
                  <strong>${s.name}</strong>
                  <small>${say(`objective_${s.objective}`)} · ${budgetText(s)} · ${say('sitesFunded')}: ${s.totals ? count(s.totals.sites) : '–'} · ${formatDate(s.createdAt)}</small>
                </button>
              </li>`)}
          </ul>
        </section>
      </div>
      <div class="plan-main">
        ${shown ? html`<${ScenarioResult} key=${`${shown.name} ${shown.createdAt}`} scenario=${shown} go=${go} />` : null}
        ${plan && scenarios && !shown ? html`<p role="status">${say('notFound', { name: plan })}</p>` : null}
        ${scenarios ? html`<${Compare} country=${country} scenarios=${scenarios} go=${go} />` : null}
      </div>
    </section>
  `;
}

interface Fields {
  name: string; objective: Objective; budgetUsd: string; annualBudgetUsd: string; fromYear: string; untilYear: string; solver: 'auto' | 'greedy';
}
type Errors = Partial<Record<keyof Fields, PlanMessageKey>>;
const FIELD_ORDER: (keyof Fields)[] = ['name', 'objective', 'budgetUsd', 'annualBudgetUsd', 'fromYear', 'untilYear', 'solver'];

/** US dollars as typed, or null when it is not an amount the API takes. */
function amount(text: string): number | null {
  const v = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 1e15 ? v : null;
}
const yearOf = (text: string) => (/^\d{4}$/.test(text.trim()) && +text >= 2000 && +text <= 2100 ? +text : null);

/** The same checks as the API's, in the reader's language, before anything is sent. */
function check(f: Fields): Errors {
  const e: Errors = {};
  const name = f.name.trim();
  if (!name || name.length > 100 || /[/\\]/.test(name)) e.name = 'badName';
  for (const k of ['budgetUsd', 'annualBudgetUsd'] as const) if (f[k].trim() !== '' && amount(f[k]) === null) e[k] = 'badAmount';
  if (f.objective !== 'cost' && f.budgetUsd.trim() === '' && f.annualBudgetUsd.trim() === '') e.budgetUsd = 'needBudget';
  const [from, until] = [yearOf(f.fromYear), yearOf(f.untilYear)];
  if (from === null) e.fromYear = 'badYear';
  if (until === null) e.untilYear = 'badYear';
  else if (from !== null && until < from) e.untilYear = 'yearsOrder';
  return e;
}

function PlanForm({ country, taken, onDone }: { country: string; taken: string[]; onDone: (name: string) => void }) {
  const year = new Date().getFullYear();
  const [fields, setFields] = useState<Omit<Fields, 'name'> & { name: string | null }>({
    name: null, objective: 'population', budgetUsd: '', annualBudgetUsd: '', fromYear: String(year), untilYear: String(Math.max(2030, year)), solver: 'auto',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [job, setJob] = useState<Job | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const running = useRef<string>('');
  // Until the reader types a name, the default follows the clock and the names taken.
  const f: Fields = { ...fields, name: fields.name ?? defaultName(taken) };
  const set = (k: keyof Fields) => (e: Event) => setFields({ ...fields, [k]: (e.target as HTMLInputElement).value });

  useEffect(() => {
    if (!job || !ACTIVE.has(job.status)) return;
    const timer = setTimeout(() => {
      api<Job>(`/api/jobs/${job.id}`).then((next) => {
        setJob(next);
        if (next.status === 'succeeded') {
          setFields((now) => ({ ...now, name: null }));
          onDone(running.current);
        }
      }, (err) => { setProblem(problemText(err)); setJob(null); });
    }, 700);
    return () => clearTimeout(timer);
  }, [job]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const errs = check(f);
    setErrors(errs);
    setProblem(null);
    const first = FIELD_ORDER.find((k) => errs[k]);
    if (first) return ((e.target as HTMLFormElement).elements.namedItem(first) as HTMLElement | null)?.focus();
    running.current = f.name.trim();
    try {
      const { job } = await api<{ job: Job }>('/api/scenarios', {
        method: 'POST',
        body: {
          country, name: running.current, objective: f.objective, solver: f.solver, fromYear: yearOf(f.fromYear), untilYear: yearOf(f.untilYear),
          ...(amount(f.budgetUsd) !== null ? { budgetUsd: amount(f.budgetUsd) } : {}),
          ...(amount(f.annualBudgetUsd) !== null ? { annualBudgetUsd: amount(f.annualBudgetUsd) } : {}),
        },
      });
      setJob(job);
    } catch (err) {
      setProblem(problemText(err));
    }
  };
  const cancel = async () => {
    if (job) setJob(await api<Job>(`/api/jobs/${job.id}`, { method: 'DELETE' }).catch((err) => { setProblem(problemText(err)); return job; }));
  };

  const busy = job !== null && ACTIVE.has(job.status);
  const describedBy = (k: keyof Fields, hint?: boolean) => [errors[k] ? `plan-${k}-error` : '', hint ? `plan-${k}-hint` : ''].filter(Boolean).join(' ') || undefined;
  const error = (k: keyof Fields) => (errors[k] ? html`<span id=${`plan-${k}-error`} class="error">${say(errors[k]!)}</span>` : null);
  const KINDS = {
    text: { type: 'text', dir: 'auto' },
    amount: { type: 'number', min: 0, step: 'any', inputMode: 'decimal' },
    year: { type: 'text', inputMode: 'numeric', autocomplete: 'off', size: 6 },
  };
  const input = (k: keyof Fields, kind: keyof typeof KINDS, hint = false) => html`
    <input id=${`plan-${k}`} name=${k} value=${f[k]} onInput=${set(k)} ...${KINDS[kind]}
      aria-invalid=${errors[k] ? 'true' : undefined} aria-describedby=${describedBy(k, hint)} />`;
  const stepKey = STEPS[job?.step ?? 'starting'];
  const step = stepKey ? say(stepKey) : job?.step ?? '';
  const status = !job ? '' : job.status === 'running' ? say('status_running', { step }) : job.status === 'failed' ? '' : say(`status_${job.status}`);

  return html`
    <form class="plan-form" onSubmit=${submit} noValidate aria-labelledby="plan-form-title">
      <h2 id="plan-form-title">${say('newPlan')}</h2>
      ${Object.keys(errors).length ? html`<p class="error" role="alert">${say('fixErrors')}</p>` : null}
      <div class="row">
        <label for="plan-name">${say('name')}</label>
        ${input('name', 'text', true)}
        <small id="plan-name-hint">${taken.includes(f.name.trim()) ? say('replaces', { name: f.name.trim() }) : say('nameHint')}</small>
        ${error('name')}
      </div>
      <div class="row">
        <label for="plan-objective">${say('objective')}</label>
        <select id="plan-objective" name="objective" value=${f.objective} onChange=${set('objective')}>
          ${OBJECTIVES.map((o) => html`<option value=${o}>${say(`objective_${o}`)}</option>`)}
        </select>
      </div>
      <div class="row">
        <label for="plan-budgetUsd">${say('budgetUsd')}</label>
        ${input('budgetUsd', 'amount', true)}
        <small id="plan-budgetUsd-hint">${say(f.objective === 'cost' ? 'budgetHintCost' : 'budgetHint')}</small>
        ${error('budgetUsd')}
      </div>
      <div class="row">
        <label for="plan-annualBudgetUsd">${say('annualBudgetUsd')}</label>
        ${input('annualBudgetUsd', 'amount')}
        ${error('annualBudgetUsd')}
      </div>
      <div class="years">
        <div class="row">
          <label for="plan-fromYear">${say('fromYear')}</label>
          ${input('fromYear', 'year')}
          ${error('fromYear')}
        </div>
        <div class="row">
          <label for="plan-untilYear">${say('untilYear')}</label>
          ${input('untilYear', 'year')}
          ${error('untilYear')}
        </div>
      </div>
      <div class="row">
        <label for="plan-solver">${say('solver')}</label>
        <select id="plan-solver" name="solver" value=${f.solver} onChange=${set('solver')}>
          <option value="auto">${say('solver_auto')}</option>
          <option value="greedy">${say('solver_greedy')}</option>
        </select>
      </div>
      <div class="actions">
        ${busy ? html`<button type="button" onClick=${cancel}>${say('cancel')}</button>` : null}
        <button type="submit" class="primary" disabled=${busy}>${say('run')}</button>
      </div>
      <p role="status" class="job-status" data-testid="job-status">${status}</p>
      ${job?.status === 'failed' ? html`<p class="error" role="alert">${say('status_failed', { error: job.error ?? '' })}</p>` : null}
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : null}
    </form>
  `;
}
/** The steps the plan job reports (jobs/plan.ts), in words. */
const STEPS: Record<string, PlanMessageKey> = {
  starting: 'step_starting', analysis: 'step_analysis', 'loading sites': 'step_loading sites', 'greedy plan': 'step_greedy plan', HiGHS: 'step_HiGHS', saving: 'step_saving',
};

/** The funded sites in priority order, a page at a time; at most CURVE_PAGES pages. */
async function fundedSites(path: string): Promise<{ sites: ScenarioSite[]; truncated: boolean }> {
  const sites: ScenarioSite[] = [];
  let after = 0;
  for (let page = 0; page < CURVE_PAGES; page++) {
    const r = await api<{ items: ScenarioSite[]; next: number | null }>(`${path}/sites?after=${after}&limit=1000`);
    sites.push(...r.items.filter((s) => s.year !== null));
    if (r.next === null) return { sites, truncated: false };
    after = r.next;
  }
  return { sites, truncated: true };
}

/** The charts' module, fetched once a scenario is shown (uPlot comes with it). */
function useCharts(): Charts | null {
  const [charts, setCharts] = useState<Charts | null>(null);
  useEffect(() => void import('./plan-charts.js').then(setCharts), []);
  return charts;
}

function ScenarioResult({ scenario: s, go }: { scenario: Scenario; go: ViewProps['go'] }) {
  const path = scenarioPath(s.country, s.name);
  const charts = useCharts();
  const [curve, setCurve] = useState<{ sites: ScenarioSite[]; truncated: boolean } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => void fundedSites(path).then(setCurve, (err) => setProblem(problemText(err))), []);

  const byPeople = s.objective === 'population';
  let spend = 0;
  let value = 0;
  const points = (curve?.sites ?? []).map((site) => {
    spend += site.costUsd;
    value += byPeople ? site.peopleServed : 1;
    return { rank: site.rank, spend, value };
  });
  const totals = s.totals;
  const money: [PlanMessageKey, number][] = totals
    ? [['capex', totals.capexUsd], ['npv', totals.npvUsd], ['tco', totals.tcoUsd], ['cost', totals.costUsd],
      ...(s.objective === 'cost' || totals.unfundedCostUsd > 0 ? [['unfunded', totals.unfundedCostUsd] as [PlanMessageKey, number]] : [])]
    : [];

  return html`
    <article class="plan-result" aria-labelledby="result-title" data-testid="plan-result">
      <h2 id="result-title">${say('result', { name: s.name })}</h2>
      <p class="meta">${say('resultMeta', { objective: say(`objective_${s.objective}`), from: s.fromYear, until: s.untilYear, budget: budgetText(s), at: formatDate(s.createdAt) })}</p>
      <div class="plan-actions">
        <button type="button" class="primary" onClick=${() => go({ view: 'map', plan: s.name })}>${say('showOnMap')}</button>
        <span>${say('download')}:</span>
        <a href=${`${path}/download?format=csv`} download>${say('csv')}</a>
        <a href=${`${path}/download?format=geojson`} download>${say('geojson')}</a>
        <a href=${`${path}/report?format=html&lang=${language()}`} download data-testid="report-html">${say('reportHtml')}</a>
        <a href=${`${path}/report?format=pdf&lang=${language()}`} download data-testid="report-pdf">${say('reportPdf')}</a>
      </div>
      ${s.certificate ? html`
        <section class="certificate" aria-labelledby="certificate-title">
          <h3 id="certificate-title">${say('certificate')}</h3>
          ${certificateWords(s.certificate).map((line, i) => (i === 0 ? html`<p data-testid="certificate"><strong>${line}</strong></p>` : html`<p>${line}</p>`))}
        </section>` : null}
      ${totals ? html`
        <h3>${say('totals')}</h3>
        <dl class="plan-totals">
          <div><dt>${say('totalSites')}</dt><dd data-testid="total-sites">${count(totals.sites)}</dd></div>
          <div><dt>${say('totalPeople')}</dt><dd data-testid="total-people">${count(totals.people)}</dd></div>
          ${money.map(([k, v]) => html`<div><dt>${say(k)}</dt><dd>${usd(v)}</dd></div>`)}
        </dl>` : null}
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : null}
      ${totals && totals.sites === 0 ? html`<p>${say('nothingFunded')}</p>` : null}
      ${!charts || (!curve && !problem) ? html`<p role="status">${t('loading')}</p>` : null}
      ${charts && totals && totals.sites > 0 ? html`
        <div class="plan-charts">
          ${curve ? html`<${charts.SpendCurve} points=${points} truncated=${curve.truncated}
            title=${say(byPeople ? 'curvePeople' : 'curveSites')} valueLabel=${say(byPeople ? 'people' : 'sites')} />` : null}
          <${charts.TechnologyMix} rows=${totals.byTechnology} />
          <${charts.YearByYear} rows=${totals.byYear} fromYear=${s.fromYear} untilYear=${s.untilYear} annualBudgetUsd=${s.annualBudgetUsd} />
        </div>` : null}
    </article>
  `;
}

/** Site ids as buttons that open the site's panel; the first LISTED, the rest counted. */
function SiteIds({ ids, go }: { ids: number[]; go: ViewProps['go'] }) {
  if (ids.length === 0) return html`<p>${say('none')}</p>`;
  return html`
    <ul class="site-ids">
      ${ids.slice(0, LISTED).map((id) => html`<li><button type="button" class="link" onClick=${() => go({ site: id })}>${id}</button></li>`)}
      ${ids.length > LISTED ? html`<li>${say('andMore', { n: count(ids.length - LISTED) })}</li>` : null}
    </ul>
  `;
}

function Compare({ country, scenarios, go }: { country: string; scenarios: Scenario[]; go: ViewProps['go'] }) {
  const [chosen, setChosen] = useState<[string | null, string | null]>([null, null]);
  const [result, setResult] = useState<{ a: string; b: string; diff: Comparison } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (scenarios.length < 2) return html`<section class="plan-compare"><h2>${say('compare')}</h2><p>${say('compareNeedTwo')}</p></section>`;
  // The newest against the one before it, until the reader chooses.
  const a = chosen[0] ?? scenarios[1]!.name;
  const b = chosen[1] ?? scenarios[0]!.name;

  const submit = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    if (a === b) return setProblem(say('compareSame'));
    try {
      const diff = await api<Comparison>(`/api/scenarios/compare?country=${country}&a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
      setResult({ a, b, diff });
    } catch (err) {
      setProblem(problemText(err));
    }
  };
  const select = (i: 0 | 1, label: PlanMessageKey, value: string) => html`
    <div class="row">
      <label for=${`compare-${i}`}>${say(label)}</label>
      <select id=${`compare-${i}`} value=${value} onChange=${(e: Event) => { const next = [...chosen] as typeof chosen; next[i] = (e.target as HTMLSelectElement).value; setChosen(next); }}>
        ${scenarios.map((s) => html`<option value=${s.name}>${s.name}</option>`)}
      </select>
    </div>`;
  const d = result?.diff;
  const rows: [PlanMessageKey, [number, number], (v: number) => string][] = d
    ? [['sitesFunded', d.sites, count], ['totalPeople', d.people, count], ['cost', d.costUsd, (v) => usd(v)]]
    : [];
  const signed = (v: number, fmt: (v: number) => string) => (v > 0 ? `+${fmt(v)}` : v < 0 ? `−${fmt(-v)}` : fmt(0));

  return html`
    <section class="plan-compare" aria-labelledby="compare-title">
      <h2 id="compare-title">${say('compare')}</h2>
      <form class="compare-form" onSubmit=${submit}>
        ${select(0, 'compareA', a)}
        ${select(1, 'compareB', b)}
        <button type="submit">${say('compareRun')}</button>
      </form>
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : null}
      ${result && d ? html`
        <div data-testid="plan-compare">
          <table class="compare-table">
            <thead><tr><td></td><th scope="col">${result.a}</th><th scope="col">${result.b}</th><th scope="col">${say('difference')}</th></tr></thead>
            <tbody>
              ${rows.map(([k, [x, y], fmt]) => html`<tr><th scope="row">${say(k)}</th><td>${fmt(x)}</td><td>${fmt(y)}</td><td>${signed(y - x, fmt)}</td></tr>`)}
            </tbody>
          </table>
          <h3>${say('onlyIn', { name: result.a })} (${count(d.onlyIn[0].length)})</h3>
          <${SiteIds} ids=${d.onlyIn[0]} go=${go} />
          <h3>${say('onlyIn', { name: result.b })} (${count(d.onlyIn[1].length)})</h3>
          <${SiteIds} ids=${d.onlyIn[1]} go=${go} />
          <h3>${say('technologyChanged')} (${count(d.technologyChanged.length)})</h3>
          ${d.technologyChanged.length ? html`
            <table>
              <thead><tr><th scope="col">${say('siteId')}</th><th scope="col">${result.a}</th><th scope="col">${result.b}</th></tr></thead>
              <tbody>${d.technologyChanged.slice(0, LISTED).map((c) => html`
                <tr><th scope="row"><button type="button" class="link" onClick=${() => go({ site: c.siteId })}>${c.siteId}</button></th>
                  <td>${technologyName(c.a ?? 'co-connected')}</td><td>${technologyName(c.b ?? 'co-connected')}</td></tr>`)}</tbody>
            </table>` : html`<p>${say('none')}</p>`}
          <h3>${say('yearChanged')} (${count(d.yearChanged.length)})</h3>
          ${d.yearChanged.length ? html`
            <table>
              <thead><tr><th scope="col">${say('siteId')}</th><th scope="col">${result.a}</th><th scope="col">${result.b}</th></tr></thead>
              <tbody>${d.yearChanged.slice(0, LISTED).map((c) => html`
                <tr><th scope="row"><button type="button" class="link" onClick=${() => go({ site: c.siteId })}>${c.siteId}</button></th><td>${c.a}</td><td>${c.b}</td></tr>`)}</tbody>
            </table>` : html`<p>${say('none')}</p>`}
        </div>` : null}
    </section>
  `;
}
