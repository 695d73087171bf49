import assert from 'node:assert/strict';
import { test } from 'node:test';
import { siteOptions } from './options.js';
import { PLANNING_PARAMETERS as p } from './parameters.js';

const technologies = (o: ReturnType<typeof siteOptions>) => o.options.map((x) => x.technology);

test('satellite is always an option; a site with nothing near has only it', () => {
  const o = siteOptions({ catchment1kmPeople: NaN, fiberNodeM: NaN, bestGeneration: 0, nearestCellM: NaN }, p);
  assert.deepEqual(technologies(o), ['satellite']);
  assert.equal(o.cheapest.technology, 'satellite');
  assert.equal(o.demandMbps, 20);
});

test('fibre within 50 km of route (straight line × 1.1), microwave within 30 km of a cell site, cellular with 4G', () => {
  const o = siteOptions({ catchment1kmPeople: 2_000, fiberNodeM: 45_000, bestGeneration: 4, nearestCellM: 30_000 }, p);
  // 45 km × 1.1 = 49.5 km of route, within the 50 km limit; the cell site is exactly 30 km away.
  assert.deepEqual(technologies(o), ['fiber', 'cellular', 'microwave', 'satellite']);
  assert.equal(o.options.find((x) => x.technology === 'microwave')!.lineOfSightUnchecked, true);
});

test('route length is the straight line × 1.1; 3G is not enough for cellular', () => {
  const o = siteOptions({ catchment1kmPeople: 2_000, fiberNodeM: 40_000, bestGeneration: 3, nearestCellM: 31_000 }, p);
  assert.deepEqual(technologies(o), ['fiber', 'satellite']);
  assert.equal(o.options[0]!.linkM, 44_000);
  assert.equal(o.options[0]!.capexUsd, 44 * 20_000 + 500);
});

test('the cheapest by NPV: cellular where there is 4G, fibre next to a node, else microwave or satellite', () => {
  assert.equal(siteOptions({ catchment1kmPeople: 500, fiberNodeM: 200, bestGeneration: 4, nearestCellM: 100 }, p).cheapest.technology, 'cellular');
  // At the 20 Mbps floor even 100 m of fibre (NPV 2,700 + 245 a year) loses to a terminal (800, 208 a year) ...
  assert.equal(siteOptions({ catchment1kmPeople: 500, fiberNodeM: 100, bestGeneration: 0, nearestCellM: NaN }, p).cheapest.technology, 'satellite');
  // ... but at 500 Mbps (10,000 people) fibre's cheaper service wins: NPV 28,616 against 30,987.
  assert.equal(siteOptions({ catchment1kmPeople: 10_000, fiberNodeM: 100, bestGeneration: 0, nearestCellM: NaN }, p).cheapest.technology, 'fiber');
  assert.equal(siteOptions({ catchment1kmPeople: 500, fiberNodeM: 20_000, bestGeneration: 0, nearestCellM: NaN }, p).cheapest.technology, 'satellite');
});
