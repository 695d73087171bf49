import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lpName, lpNames, lpNumber, lpText } from './lp-format.js';
import type { LinearModel } from './model.js';

/** A model from rows written out by hand: [name, lower, upper, [column, coefficient][]]. */
function model(o: {
  sense?: LinearModel['sense']; cols: [name: string, cost: number, lower: number, upper: number, integer: 0 | 1][];
  rows: [name: string, lower: number, upper: number, terms: [number, number][]][];
}): LinearModel {
  const rowStart = new Int32Array(o.rows.length + 1);
  o.rows.forEach((r, i) => (rowStart[i + 1] = rowStart[i]! + r[3].length));
  return {
    sense: o.sense ?? 'maximize', years: 1, fromYear: 2027, numCols: o.cols.length, numRows: o.rows.length,
    colCost: Float64Array.from(o.cols, (c) => c[1]), colLower: Float64Array.from(o.cols, (c) => c[2]),
    colUpper: Float64Array.from(o.cols, (c) => c[3]), integrality: Uint8Array.from(o.cols, (c) => c[4]),
    rowLower: Float64Array.from(o.rows, (r) => r[1]), rowUpper: Float64Array.from(o.rows, (r) => r[2]),
    rowStart, rowIndex: Int32Array.from(o.rows.flatMap((r) => r[3].map((t) => t[0]))),
    rowValue: Float64Array.from(o.rows.flatMap((r) => r[3].map((t) => t[1]))),
    colNames: o.cols.map((c) => c[0]), rowNames: o.rows.map((r) => r[0]),
  };
}

test('a small plan model as LP text: objective, rows by kind, binaries, a fixed column, a bounded continuous one', () => {
  const m = model({
    cols: [['x_1_fiber', 1200, 0, 1, 1], ['x_1_satellite', 1200, 0, 1, 1], ['x_2_cellular', 0.1, 0, 0, 1], ['z_3', 35.5, 0, 1, 0]],
    rows: [
      ['one_1', -Infinity, 1, [[0, 1], [1, 1]]],
      ['relay_2', -Infinity, 0, [[2, 1], [0, -1]]],
      ['cover_3', -Infinity, 0, [[3, 1], [2, -1]]],
      ['budget', -Infinity, 1e6, [[0, 264_500.25], [1, 3_400], [2, 1.5e-7]]],
      ['one_2', 1, 1, [[2, 1]]],
    ],
  });
  assert.equal(lpText(m, { comment: ['scenario test'] }), [
    '\\ scenario test',
    'Maximize',
    ' obj: 1200 x_1_fiber + 1200 x_1_satellite + 0.1 x_2_cellular + 35.5 z_3',
    'Subject To',
    ' one_1: x_1_fiber + x_1_satellite <= 1',
    ' relay_2: x_2_cellular - x_1_fiber <= 0',
    ' cover_3: z_3 - x_2_cellular <= 0',
    ' budget: 264500.25 x_1_fiber + 3400 x_1_satellite + 1.5e-7 x_2_cellular <= 1000000',
    ' one_2: x_2_cellular = 1',
    'Bounds',
    ' x_2_cellular = 0',
    ' 0 <= z_3 <= 1',
    'General',
    ' x_2_cellular',
    'Binary',
    ' x_1_fiber x_1_satellite',
    'End',
    '',
  ].join('\n'));
});

test('minimise, ranged and ≥ rows, free and unused columns, a negative first coefficient, an empty row', () => {
  const m = model({
    sense: 'minimize',
    cols: [['a', -2, -Infinity, Infinity, 0], ['b', 0, 0, Infinity, 0], ['c', 0, 0, Infinity, 0], ['d', 3, 2, 7, 1]],
    rows: [['r', 1, 4, [[0, -1], [1, 2]]], ['s', 5, Infinity, [[1, 1]]], ['t', -Infinity, 3, []]],
  });
  assert.equal(lpText(m), [
    'Minimize',
    ' obj: - 2 a + 3 d',
    'Subject To',
    ' r_lower: - a + 2 b >= 1',
    ' r_upper: - a + 2 b <= 4',
    ' s: b >= 5',
    ' t: 0 a <= 3',
    'Bounds',
    ' a free',
    ' 0 <= c <= +inf',
    ' 2 <= d <= 7',
    'General',
    ' d',
    'End',
    '',
  ].join('\n'));
});

test('numbers are written so that they read back as the same float64', () => {
  for (const v of [0.1 + 0.2, 1 / 3, 123_456_789.123_456_78, 5e-324, 1.7976931348623157e308, -2.5e-12, 1e21, 264_500]) {
    assert.equal(Number(lpNumber(v)), v, `${v}`);
  }
  assert.equal(lpNumber(0.1 + 0.2), '0.30000000000000004');
  assert.equal(lpNumber(-Infinity), '-inf');
  assert.throws(() => lpNumber(NaN), /NaN/);
});

test('names: LP-legal characters, no leading digit, period or e, no keywords, unique', () => {
  assert.equal(lpName('x_12_fiber', 'c0'), 'x_12_fiber');
  assert.equal(lpName('site A-3 (école)', 'c0'), 'site_A_3___cole_');
  assert.equal(lpName('12x', 'c0'), 'n12x');
  assert.equal(lpName('e5', 'c0'), 'ne5');
  assert.equal(lpName('End', 'c0'), 'nEnd');
  assert.equal(lpName('', 'c7'), 'c7');
  assert.equal(lpName('x'.repeat(300), 'c0').length, 255);
  const m = model({ cols: [['x', 1, 0, 1, 1], ['x', 1, 0, 1, 1], ['x_2', 1, 0, 1, 1]], rows: [['obj', -Infinity, 1, [[0, 1]]], ['r', -Infinity, 1, [[1, 1]]], ['r', -Infinity, 1, [[2, 1]]]] });
  assert.deepEqual(lpNames(m), { columns: ['x', 'x_2', 'x_2_2'], rows: ['nobj', 'r', 'r_2'] });
});

test('a row with thousands of terms is wrapped into lines CPLEX can read, and keeps every term', () => {
  const n = 2_000;
  const m = model({ cols: Array.from({ length: n }, (_, j) => [`x_${j}`, 1, 0, 1, 1] as [string, number, number, number, 0 | 1]), rows: [['budget', -Infinity, 1e6, Array.from({ length: n }, (_, j) => [j, 1000 + j / 7] as [number, number])]] });
  const text = lpText(m);
  assert.ok(text.split('\n').every((l) => l.length <= 510));
  const budget = text.slice(text.indexOf(' budget:'), text.indexOf('<= 1000000'));
  const terms = budget.replace(' budget:', '').trim().split(/\s*\+\s*/);
  assert.equal(terms.length, n);
  assert.equal(terms[7], `${1000 + 7 / 7} x_7`);
  assert.equal(terms[1999], `${1000 + 1999 / 7} x_1999`);
});
