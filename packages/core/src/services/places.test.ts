import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Gazetteer, type Place } from './places.js';

const place = (name: string, country: string, population: number, altNames: string[] = []): Place => ({ name, country, lat: 0, lon: 0, population, altNames });
const g = new Gazetteer([
  place('Valencia', 'VEN', 1_385_000),
  place('Valencia', 'ESP', 792_000),
  place('València d\'Àneu', 'ESP', 1_100),
  place('Sevilla', 'ESP', 684_000, ['Seville', 'Séville']),
  place('Sevilla la Nueva', 'ESP', 9_000),
  place('Saint-Louis', 'SEN', 210_000, ['Ndar']),
]);
const names = (found: Place[]) => found.map((p) => `${p.name} ${p.country}`);

test('exact names before prefixes, the bigger place first', () => {
  assert.deepEqual(names(g.find('valencia')), ['Valencia VEN', 'Valencia ESP', 'València d\'Àneu ESP']);
  assert.deepEqual(names(g.find('Sevilla')), ['Sevilla ESP', 'Sevilla la Nueva ESP']);
});

test('folded: accents, case and punctuation do not matter; other names count', () => {
  assert.deepEqual(names(g.find('SÉVILLE')), ['Sevilla ESP']);
  assert.deepEqual(names(g.find('saint louis')), ['Saint-Louis SEN']);
  assert.deepEqual(names(g.find('ndar')), ['Saint-Louis SEN']);
});

test('kept to the countries asked, to the limit; too short a query finds nothing', () => {
  assert.deepEqual(names(g.find('valencia', { countries: new Set(['ESP']) })), ['Valencia ESP', 'València d\'Àneu ESP']);
  assert.deepEqual(names(g.find('se', { limit: 1 })), ['Sevilla ESP']);
  assert.deepEqual(g.find('s'), []);
  assert.deepEqual(g.find('  '), []);
  assert.deepEqual(g.find('Zanzibar'), []);
});
