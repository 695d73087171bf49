import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANALYSIS_PARAMETERS, analysisParameters } from './parameters.js';

test('the defaults are valid: version 1, rings of 1 to 10 km, 20 Mbps benchmark', () => {
  const p = analysisParameters();
  assert.deepEqual(p, ANALYSIS_PARAMETERS);
  assert.equal(p.version, 1);
  assert.deepEqual(p.populationRadiiM, [1_000, 2_000, 3_000, 5_000, 10_000]);
  assert.equal(p.speedBenchmarkMbps, 20);
});

test('overrides replace the defaults they name and leave the rest', () => {
  const p = analysisParameters({ populationMethod: 'centroid', speedBenchmarkMbpsByCountry: { KEN: 10 } });
  assert.equal(p.populationMethod, 'centroid');
  assert.deepEqual(p.speedBenchmarkMbpsByCountry, { KEN: 10 });
  assert.equal(p.catchmentMaxRadiusM, ANALYSIS_PARAMETERS.catchmentMaxRadiusM);
  // The shared defaults are not touched.
  assert.equal(ANALYSIS_PARAMETERS.populationMethod, 'area');
  assert.deepEqual(ANALYSIS_PARAMETERS.speedBenchmarkMbpsByCountry, {});
});

test('every radius must be a positive, finite number of metres', () => {
  assert.throws(() => analysisParameters({ populationRadiiM: [0, 1_000] }), /positive/);
  assert.throws(() => analysisParameters({ neighbourRadiiM: [-1_000] }), /positive/);
  assert.throws(() => analysisParameters({ catchmentMaxRadiusM: NaN }), /positive/);
  assert.throws(() => analysisParameters({ maxCellRangeM: Infinity }), /positive/);
  assert.throws(() => analysisParameters({ defaultCellRangeM: { 2: 10_000, 3: 5_000, 4: 0, 5: 1_000 } }), /positive/);
});

test('radii must ascend strictly', () => {
  assert.throws(() => analysisParameters({ populationRadiiM: [2_000, 1_000] }), /ascending/);
  assert.throws(() => analysisParameters({ populationRadiiM: [1_000, 1_000] }), /ascending/);
  assert.throws(() => analysisParameters({ neighbourRadiiM: [3_000, 2_000] }), /ascending/);
  assert.deepEqual(analysisParameters({ neighbourRadiiM: [500] }).neighbourRadiiM, [500]);
});

test('at least one population radius: the density is taken in the first ring', () => {
  assert.throws(() => analysisParameters({ populationRadiiM: [] }), /population radius/);
  // Neighbour rings are optional.
  assert.deepEqual(analysisParameters({ neighbourRadiiM: [] }).neighbourRadiiM, []);
});

test('populationMethod must be "area" or "centroid"', () => {
  assert.throws(() => analysisParameters({ populationMethod: 'centre' as 'area' }), /populationMethod must be "area" or "centroid", got "centre"/);
});

test('the speed benchmark must exceed the minimum speed, per country too', () => {
  assert.throws(() => analysisParameters({ speedBenchmarkMbps: 1 }), /benchmark/);
  assert.throws(() => analysisParameters({ minimumSpeedMbps: -1 }), /benchmark/);
  assert.throws(() => analysisParameters({ speedBenchmarkMbpsByCountry: { KEN: 0.5 } }), /benchmark/);
  assert.throws(() => analysisParameters({ speedBenchmarkMbpsByCountry: { KEN: NaN } }), /benchmark/);
  assert.equal(analysisParameters({ speedBenchmarkMbps: 1.5 }).speedBenchmarkMbps, 1.5);
  assert.equal(analysisParameters({ minimumSpeedMbps: 0 }).minimumSpeedMbps, 0);
});
