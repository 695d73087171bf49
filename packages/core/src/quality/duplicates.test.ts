import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuplicateDetector, nameSimilarity } from './duplicates.js';

test('name similarity ignores case, accents and punctuation', () => {
  assert.equal(nameSimilarity('Correos - Ibiza', 'CORREOS IBIZA'), 1);
  assert.equal(nameSimilarity('São Tomé', 'Sao Tome'), 1);
  assert.ok(nameSimilarity('Correos Sant Antoni', 'Correos Sant Josep') < 0.8);
  assert.ok(nameSimilarity('Escola Primária de Neves', 'Escola Primaria Neves') >= 0.8);
});

test('a similar name of the same type within the radius is a duplicate; else not', () => {
  const d = new DuplicateDetector(110, 0.8);
  d.add(38.9089, 1.4328, 'post_office', 'Correos Eivissa');
  // 0.0009° of latitude is 100 m.
  assert.equal(d.find(38.9098, 1.4328, 'post_office', 'Correos - Eivissa')?.id, 0);
  assert.equal(d.find(38.9100, 1.4328, 'post_office', 'Correos - Eivissa'), null, '122 m away');
  assert.equal(d.find(38.9098, 1.4328, 'school', 'Correos - Eivissa'), null, 'other type');
  assert.equal(d.find(38.9098, 1.4328, 'post_office', 'Estanco Vara de Rey'), null, 'other name');
  assert.equal(d.find(38.9089, 1.4328, 'post_office', null), null, 'no name');
});

test('neighbours are found across grid cells, the antimeridian and near the poles', () => {
  const d = new DuplicateDetector(110, 0.8);
  d.add(-16.5, 179.9995, 'post_office', 'Levuka');
  // 0.001° of longitude at 16.5°S is 106.6 m, across ±180.
  const across = d.find(-16.5, -179.9995 + 0.0000, 'post_office', 'Levuka');
  assert.ok(across && across.distanceM < 110, JSON.stringify(across));
  d.add(89.9995, 0, 'post_office', 'North');
  assert.equal(d.find(89.9995, 120, 'post_office', 'North')?.id, 1, 'near the pole longitudes converge');
  for (let i = 0; i < 100; i++) d.add(10 + i * 0.0005, 10, 'school', `School ${i}`);
  // Every point checked against brute force: the nearest similar-named within 110 m.
  for (let i = 0; i < 100; i++) {
    const hit = d.find(10 + i * 0.0005 + 0.0001, 10, 'school', `School ${i}`);
    assert.equal(hit?.id, i + 2, `school ${i}`);
  }
});
