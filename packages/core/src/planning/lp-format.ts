/**
 * A linear model as CPLEX LP text, the format every MIP solver reads (HiGHS, CBC, SCIP, Gurobi,
 * CPLEX, GLPK), so that anyone can solve the planner's model without postatlas.
 *
 *     const names = lpNames(model);            // the LP-legal, unique names model.lp uses
 *     const text = lpText(model, { comment: ['scenario demo-people'] });
 *     highs.solve(text, {});                    // or: highs --model_file model.lp
 *
 * Numbers are written with the shortest text that reads back as the same float64 (JavaScript's
 * own number-to-string), so the file is the model exactly, not a rounding of it.
 */

import type { LinearModel } from './model.js';

export interface LpNames {
  /** Name of each model column, in column order. */
  columns: string[];
  /** Name of each model row, in row order. A ranged row is written as two rows: name_lower and name_upper. */
  rows: string[];
}

// Section keywords and their abbreviations: a name equal to one would be read as the keyword.
const KEYWORDS = new Set([
  'max', 'maximize', 'maximise', 'maximum', 'min', 'minimize', 'minimise', 'minimum', 'subject', 'such', 'st', 's.t.', 'st.',
  'bound', 'bounds', 'general', 'generals', 'gen', 'integer', 'integers', 'int', 'binary', 'binaries', 'bin', 'semi',
  'semis', 'semi-continuous', 'sos', 'end', 'free', 'inf', 'infinity', 'obj',
]);

/** Longest name CPLEX reads. */
const MAX_NAME = 255;

/**
 * A name the LP readers all take: letters, digits, '_' and '.', not starting with a digit, a period
 * or an e (which reads as an exponent), not a keyword; `fallback` when nothing is left.
 */
export function lpName(raw: string, fallback: string): string {
  let name = raw.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, MAX_NAME);
  if (name === '') name = fallback;
  if (/^[0-9.eE]/.test(name) || KEYWORDS.has(name.toLowerCase())) name = `n${name}`.slice(0, MAX_NAME);
  return name;
}

/** The model's names made LP-legal and unique (a repeat gets _2, _3, ...); the objective is "obj". */
export function lpNames(model: LinearModel): LpNames {
  return {
    columns: unique(Array.from({ length: model.numCols }, (_, j) => lpName(model.colNames[j] ?? '', `c${j}`)), new Set()),
    rows: unique(Array.from({ length: model.numRows }, (_, r) => lpName(model.rowNames[r] ?? '', `r${r}`)), new Set(['obj'])),
  };
}

function unique(names: string[], taken: Set<string>): string[] {
  return names.map((name) => {
    let out = name;
    for (let n = 2; taken.has(out); n++) out = `${name.slice(0, MAX_NAME - String(n).length - 1)}_${n}`;
    taken.add(out);
    return out;
  });
}

/** Shortest exact text of a finite number; infinities as the LP format spells them. */
export function lpNumber(v: number): string {
  if (v === Infinity) return '+inf';
  if (v === -Infinity) return '-inf';
  if (Number.isNaN(v)) throw new Error('LP file: a coefficient or bound is NaN');
  return String(v);
}

/** Long rows (the budget row has a term per column) are wrapped; CPLEX reads lines up to 510 characters. */
const LINE = 200;

/**
 * `label: terms` over as many lines as it takes, continuation lines indented. Coefficients of 1
 * and -1 are left out, zeros are dropped; an empty sum is written as 0 times `zeroColumn`.
 */
function expression(label: string, cols: ArrayLike<number>, values: ArrayLike<number>, names: string[], zeroColumn: string, tail = ''): string[] {
  const lines: string[] = [];
  let line = ` ${label}:`;
  let first = true;
  for (let e = 0; e < cols.length; e++) {
    const v = values[e]!;
    if (v === 0) continue;
    const sign = v < 0 ? '-' : first ? '' : '+';
    const magnitude = Math.abs(v) === 1 ? '' : `${lpNumber(Math.abs(v))} `;
    const term = ` ${sign}${sign ? ' ' : ''}${magnitude}${names[cols[e]!]}`;
    if (line.length + term.length > LINE) {
      lines.push(line);
      line = '   ';
    }
    line += term;
    first = false;
  }
  if (first) line += ` 0 ${zeroColumn}`;
  lines.push(line + tail);
  return lines;
}

export function lpText(model: LinearModel, o: { comment?: string[] } = {}): string {
  const names = lpNames(model);
  const cols = names.columns;
  const out: string[] = (o.comment ?? []).map((c) => `\\ ${c}`);
  const zeroColumn = cols[0] ?? 'c0';
  const used = new Uint8Array(model.numCols);

  out.push(model.sense === 'maximize' ? 'Maximize' : 'Minimize');
  const objCols = [...model.colCost.keys()].filter((j) => model.colCost[j] !== 0);
  objCols.forEach((j) => (used[j] = 1));
  out.push(...expression('obj', objCols, objCols.map((j) => model.colCost[j]!), cols, zeroColumn));

  out.push('Subject To');
  for (let r = 0; r < model.numRows; r++) {
    const start = model.rowStart[r]!;
    const end = model.rowStart[r + 1]!;
    const index = model.rowIndex.subarray(start, end);
    const value = model.rowValue.subarray(start, end);
    index.forEach((j) => (used[j] = 1));
    const lower = model.rowLower[r]!;
    const upper = model.rowUpper[r]!;
    const name = names.rows[r]!;
    if (lower === upper) out.push(...expression(name, index, value, cols, zeroColumn, ` = ${lpNumber(upper)}`));
    else if (lower === -Infinity && upper === Infinity) continue; // a free row constrains nothing
    else if (lower === -Infinity) out.push(...expression(name, index, value, cols, zeroColumn, ` <= ${lpNumber(upper)}`));
    else if (upper === Infinity) out.push(...expression(name, index, value, cols, zeroColumn, ` >= ${lpNumber(lower)}`));
    else {
      out.push(...expression(`${name}_lower`, index, value, cols, zeroColumn, ` >= ${lpNumber(lower)}`));
      out.push(...expression(`${name}_upper`, index, value, cols, zeroColumn, ` <= ${lpNumber(upper)}`));
    }
  }

  const binary: string[] = [];
  const general: string[] = [];
  const bounds: string[] = [];
  for (let j = 0; j < model.numCols; j++) {
    const lower = model.colLower[j]!;
    const upper = model.colUpper[j]!;
    if (model.integrality[j] === 1) {
      if (lower === 0 && upper === 1) {
        binary.push(cols[j]!);
        continue;
      }
      general.push(cols[j]!);
    }
    // The default is 0 ≤ x < +inf; a column in no row and not in the objective is declared here so that it exists.
    if (lower === 0 && upper === Infinity && used[j]) continue;
    if (lower === upper) bounds.push(` ${cols[j]} = ${lpNumber(lower)}`);
    else if (lower === -Infinity && upper === Infinity) bounds.push(` ${cols[j]} free`);
    else bounds.push(` ${lpNumber(lower)} <= ${cols[j]} <= ${lpNumber(upper)}`);
  }
  if (bounds.length) out.push('Bounds', ...bounds);
  if (general.length) out.push('General', ...wrap(general));
  if (binary.length) out.push('Binary', ...wrap(binary));
  out.push('End', '');
  return out.join('\n');
}

/** Names a line at a time until it is long. */
function wrap(names: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    if (line.length + name.length + 1 > LINE) {
      lines.push(line);
      line = '';
    }
    line += ` ${name}`;
  }
  if (line) lines.push(line);
  return lines;
}
