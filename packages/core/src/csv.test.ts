import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, csvLine, unguardedText } from './csv.js';

test('cells are quoted only when they hold a comma, a quote or a line break (RFC 4180)', () => {
  assert.equal(csvCell('Nairobi GPO'), 'Nairobi GPO');
  assert.equal(csvCell('Correio, Central'), '"Correio, Central"');
  assert.equal(csvCell('the "old" office'), '"the ""old"" office"');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('a\r\nb'), '"a\r\nb"');
});

test('null is empty; numbers, booleans, times and objects are written as values', () => {
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
  assert.equal(csvCell(0), '0');
  assert.equal(csvCell(-1.2864), '-1.2864', 'a negative number is not a formula');
  assert.equal(csvCell(false), 'false');
  assert.equal(csvCell(new Date('2025-03-01T12:00:00Z')), '2025-03-01T12:00:00.000Z');
  assert.equal(csvCell({ wifi: true, hours: [8, 17] }), '"{""wifi"":true,""hours"":[8,17]}"');
});

test('text a spreadsheet would run as a formula gets a leading single quote', () => {
  assert.equal(csvCell('=1+1'), "'=1+1");
  assert.equal(csvCell('+254 20 000'), "'+254 20 000");
  assert.equal(csvCell('-5'), "'-5");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\t=1'), "'\t=1");
  assert.equal(csvCell('\r=1'), `"'\r=1"`);
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvCell('a=b'), 'a=b', 'only the first character matters');
});

test('a line is its cells joined by commas, ending with CRLF', () => {
  assert.equal(csvLine([7, 'Correio, Central', null, true, '=cmd']), `7,"Correio, Central",,true,'=cmd\r\n`);
  assert.equal(csvLine([]), '\r\n');
});

test('a guarded cell reads back as the text it was; other text is left as it is', () => {
  for (const text of ['=1+1', '+254 20 000', '-5', '@SUM(A1)', '\t=1']) assert.equal(unguardedText(csvCell(text)), text);
  assert.equal(unguardedText("'quoted"), "'quoted");
  assert.equal(unguardedText("O'Brien"), "O'Brien");
  assert.equal(unguardedText('-1.2864'), '-1.2864');
});
