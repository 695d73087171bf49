import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIGITAL_SERVICES_TAXONOMY, TAXONOMY_LANGUAGES, foldText, matchTerms, taxonomyName, termTree, type CatalogueTerm } from './taxonomy.js';

test('every term has a name in the four languages and a parent in the taxonomy', () => {
  const codes = new Set(DIGITAL_SERVICES_TAXONOMY.map((t) => t.code));
  assert.equal(codes.size, DIGITAL_SERVICES_TAXONOMY.length);
  for (const t of DIGITAL_SERVICES_TAXONOMY) {
    for (const l of TAXONOMY_LANGUAGES) assert.ok(t.names[l].length > 0, `${t.code} ${l}`);
    if (t.parent) assert.ok(codes.has(t.parent), t.code);
  }
  assert.equal(taxonomyName('egov.passport', 'fr'), 'Demande de passeport');
  assert.equal(taxonomyName('egov.passport', 'de'), 'Passport application');
  assert.equal(taxonomyName('nope'), undefined);
  assert.equal(foldText('  Wi-Fi PÚBLICO '), 'wifi publico');
});

const terms: CatalogueTerm[] = DIGITAL_SERVICES_TAXONOMY.map((t) => ({ id: `term-${t.code}`, code: t.code, name: t.names.en, parent_id: t.parent ? `term-${t.parent}` : null }));

test('a query is a code, an id, or words of a name in any of the four languages; narrower terms come along', () => {
  assert.deepEqual(matchTerms('egov.passport', terms), ['term-egov.passport']);
  // A code's branch, though the catalogue does not list the branch's own term.
  assert.deepEqual(matchTerms('EGOV', terms.filter((t) => t.code !== 'egov')), terms.filter((t) => t.code?.startsWith('egov.')).map((t) => t.id));
  assert.deepEqual(matchTerms('egov.pass', terms), []);
  assert.deepEqual(matchTerms('term-egov.passport', terms), ['term-egov.passport']);
  assert.deepEqual(matchTerms('passport', terms), ['term-egov.passport']);
  assert.deepEqual(matchTerms('Pasaporte', terms), ['term-egov.passport']);
  assert.deepEqual(matchTerms('جواز السفر', terms), ['term-egov.passport']);
  assert.deepEqual(matchTerms('wifi', terms), ['term-connectivity.wifi']);
  assert.deepEqual(matchTerms('identity', terms), ['term-egov.identity', 'term-egov.passport']);
  assert.deepEqual(matchTerms('egov', terms), terms.filter((t) => t.id.startsWith('term-egov')).map((t) => t.id));
  assert.deepEqual(matchTerms('submarine', terms), []);
  assert.deepEqual(matchTerms('  ', terms), []);
});

test('the catalogues\' terms as one tree: shared once, named in the language, broader default terms added', () => {
  const tree = termTree([
    // Spain lists only the leaf; Senegal the branch and its own term under it.
    { country: 'ESP', id: 'p', code: 'egov.passport', name: 'Pasaporte', parent_id: null },
    { country: 'SEN', id: 'e', code: 'egov', name: 'E-administration', parent_id: null },
    { country: 'SEN', id: 'x', code: 'egov.passport', name: 'Passeport', parent_id: 'i' },
    { country: 'SEN', id: 'i', code: 'egov.identity', name: 'Identité', parent_id: 'e' },
    { country: 'SEN', id: 'own', code: null, name: 'Carte d\'électeur', parent_id: 'e' },
  ], 'fr');
  assert.deepEqual(tree.map((t) => [t.code, t.name, t.parent, t.countries.join()]), [
    ['egov', 'Administration en ligne', null, 'SEN'],
    ['egov.identity', "Documents d'identité", 'egov', 'SEN'],
    ['egov.passport', 'Demande de passeport', 'egov.identity', 'ESP,SEN'],
    ['own', "Carte d'électeur", 'egov', 'SEN'],
  ]);
});
