import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellularCost, demandMbps, fiberCost, microwaveCost, satelliteCost } from './costs.js';
import { PLANNING_PARAMETERS as p } from './parameters.js';

const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 0.01, `${what}: ${actual} vs ${expected}`);
/** Σ 1/1.02^t for t = 1..10: the present value of 1 USD a year for ten years at 2 %. */
const ANNUITY = 8.982585;

test('demand: 25 % adoption, 10 % at once, 2 Mbps each, never below 20 Mbps', () => {
  assert.equal(demandMbps(0, p), 20);
  assert.equal(demandMbps(NaN, p), 20);
  assert.equal(demandMbps(400, p), 20); // 400 × 0.25 × 0.1 × 2 = 20
  assert.equal(demandMbps(10_000, p), 500);
});

test('satellite: a terminal now and again in year 5, 10 % upkeep and 6.4 USD per Mbps a year', () => {
  const c = satelliteCost(20, p);
  assert.equal(c.capexUsd, 800);
  assert.equal(c.opexPerYearUsd, 80 + 6.4 * 20);
  near(c.tcoUsd, 800 + 800 + 10 * 208, 'tco');
  near(c.npvUsd, 800 + 800 / 1.02 ** 5 + 208 * ANNUITY, 'npv');
});

test('fibre: 20,000 USD a km plus 500 of equipment, never replaced within ten years', () => {
  const c = fiberCost(13_200, 20, p);
  assert.equal(c.capexUsd, 264_000 + 500);
  assert.equal(c.opexPerYearUsd, 0.05 * 264_500 + 5.5 * 20);
  near(c.tcoUsd, 264_500 + 10 * c.opexPerYearUsd, 'tco');
  near(c.npvUsd, 264_500 + c.opexPerYearUsd * ANNUITY, 'npv');
});

test('microwave: 40 MHz of equipment and spectrum, replaced in year 7', () => {
  const c = microwaveCost(20, p);
  assert.equal(c.capexUsd, 3_000 + 50 * 40);
  assert.equal(c.opexPerYearUsd, 500 + 15 * 40 + 5.5 * 20);
  near(c.npvUsd, 5_000 + 5_000 / 1.02 ** 7 + 1_210 * ANNUITY, 'npv');
});

test('cellular: the cheapest where there is 4G, replaced in year 5', () => {
  const c = cellularCost(20, p);
  assert.equal(c.capexUsd, 120);
  near(c.tcoUsd, 240 + 10 * (14.4 + 90), 'tco');
  assert.ok(c.npvUsd < satelliteCost(20, p).npvUsd);
});
