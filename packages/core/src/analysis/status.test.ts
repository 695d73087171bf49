import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisParameters } from './parameters.js';
import { areaClass, coverageClass, speedBenchmarkMbps, speedClass } from './status.js';

test('speed: good from the benchmark, moderate from the minimum, bad below it', () => {
  assert.equal(speedClass(100, 20, 1), 'good');
  assert.equal(speedClass(20, 20, 1), 'good'); // exactly the benchmark
  assert.equal(speedClass(19.99, 20, 1), 'moderate');
  assert.equal(speedClass(1, 20, 1), 'moderate'); // exactly the minimum
  assert.equal(speedClass(0.99, 20, 1), 'bad');
  assert.equal(speedClass(0, 20, 1), 'bad');
});

test('speed: unknown without a speed', () => {
  assert.equal(speedClass(NaN, 20, 1), 'unknown');
  assert.equal(speedClass(-1, 20, 1), 'unknown');
});

test('coverage: 4G and 5G good, 2G and 3G moderate, nothing bad, unknown where there is no mobile data', () => {
  assert.equal(coverageClass(5, true), 'good');
  assert.equal(coverageClass(4, true), 'good');
  assert.equal(coverageClass(3, true), 'moderate');
  assert.equal(coverageClass(2, true), 'moderate');
  assert.equal(coverageClass(0, true), 'bad');
  assert.equal(coverageClass(0, false), 'unknown');
  assert.equal(coverageClass(4, false), 'unknown');
});

test('a per-country benchmark replaces the default for that country only', () => {
  const p = analysisParameters({ speedBenchmarkMbpsByCountry: { KEN: 10 } });
  assert.equal(speedBenchmarkMbps('KEN', p), 10);
  assert.equal(speedBenchmarkMbps('UGA', p), 20);
});

test('area: urban at or above the density threshold, unknown without population data', () => {
  assert.equal(areaClass(300, 300), 'urban');
  assert.equal(areaClass(299.99, 300), 'rural');
  assert.equal(areaClass(0, 300), 'rural');
  assert.equal(areaClass(NaN, 300), 'unknown');
});
