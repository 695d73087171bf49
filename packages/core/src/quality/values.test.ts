import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldError } from './issues.js';
import { buildSite, buildTransmissionLink } from './records.js';
import * as v from './values.js';

test('the words of real files map to registry values', () => {
  assert.equal(v.connectivityType('Fibra Ótica'), 'fiber');
  assert.equal(v.connectivityType('ADSL'), 'xdsl');
  assert.equal(v.connectivityType('4G'), 'cellular');
  assert.equal(v.connectivityType('VSAT'), 'satellite');
  assert.equal(v.connectivityType(''), null);
  assert.deepEqual(['GSM', 'UMTS', 'LTE', 'NR', '4g', '5G'].map(v.generation), [2, 3, 4, 5, 4, 5]);
  assert.deepEqual(['True', 'yes', 'Sí', '0', 'non', ''].map((x) => v.boolean('b', x)), [true, true, true, false, false, null]);
  assert.deepEqual(v.infrastructure('type_infr', 'Fibre Under Construction'), { medium: 'fiber', status: 'under_construction' });
  assert.deepEqual(v.infrastructure('type_infr', 'Microwave Operational'), { medium: 'microwave', status: 'operational' });
  assert.deepEqual(v.infrastructure('status', 'Unknown'), { medium: null, status: 'unknown' });
  assert.deepEqual(v.infrastructure('status', '<NA>'), { medium: null, status: null });
  assert.equal(v.siteType('Post Office'), 'post_office');
});

test('bad values throw a FieldError naming the field and the reason', () => {
  const err = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof FieldError);
      return [e.field, e.value, e.message];
    }
    assert.fail('no error');
  };
  assert.deepEqual(err(() => v.latitude('91')), ['lat', '91', 'out of range [-90, 90]']);
  assert.deepEqual(err(() => v.longitude('')), ['lon', '', 'missing coordinate']);
  assert.deepEqual(err(() => v.number('download_mbps', '12 Mbps')), ['download_mbps', '12 Mbps', 'not a number']);
  assert.deepEqual(err(() => v.generation('WiMAX')), ['radio', 'WiMAX', 'unknown radio technology; expected 2G, 3G, 4G, 5G (or GSM, UMTS, LTE, NR)']);
  assert.deepEqual(err(() => v.checkNullIsland(0, 0)), ['lat', '0', 'coordinates are (0, 0), a geocoding failure']);
});

test('site records: connection state is made consistent, contradictions are refused', () => {
  const ctx = { country: 'STP', siteType: 'post_office' as const, attributes: {} };
  const site = buildSite({ source_id: 'A', lat: '0.33', lon: '6.73', connectivity_type: 'none' }, ctx);
  assert.deepEqual([site.isConnected, site.connectivityType, site.siteType], [false, 'none', 'post_office']);
  const unknown = buildSite({ source_id: 'B', lat: '0.33', lon: '6.73' }, ctx);
  assert.deepEqual([unknown.isConnected, unknown.connectivityType], [null, 'unknown']);
  assert.throws(() => buildSite({ source_id: 'C', lat: '0.33', lon: '6.73', is_connected: 'False', connectivity_type: 'fiber' }, ctx), /not connected cannot have a connection type/);
  assert.throws(() => buildSite({ lat: '0.33', lon: '6.73' }, ctx), /source_id|every row needs an id/);
});

test('link geometries are checked: depth, length and range', () => {
  const ctx = (geometry: object) => ({ country: 'SEN', attributes: {}, geometry: geometry as { type: string } });
  const ok = buildTransmissionLink({ source_id: 'L', status: 'Operational' }, ctx({ type: 'MultiLineString', coordinates: [[[-17, 14, 5], [-16, 14]]] }));
  assert.deepEqual(ok.geometry, { type: 'MultiLineString', coordinates: [[[-17, 14], [-16, 14]]] });
  assert.deepEqual([ok.medium, ok.status], ['fiber', 'operational']);
  assert.throws(() => buildTransmissionLink({ source_id: 'L' }, ctx({ type: 'LineString', coordinates: [[-17, 14]] })), /at least 2 points/);
  assert.throws(() => buildTransmissionLink({ source_id: 'L' }, ctx({ type: 'LineString', coordinates: [[-17, 14], [-200, 14]] })), /out of range/);
  assert.throws(() => buildTransmissionLink({ source_id: 'L' }, ctx({ type: 'Point', coordinates: [-17, 14] })), /LineString or MultiLineString/);
});
