import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EARTH_RADIUS_M } from '../geo/distance.js';
import { near } from '../test-support.js';
import { planningInstance, type PlanningSites } from './instance.js';
import { PLANNING_PARAMETERS } from './parameters.js';
import { RoadNetwork } from './roads.js';

const M_PER_DEGREE = (2 * Math.PI * EARTH_RADIUS_M) / 360;

// A U-shaped road on the equator: east 0.1°, north 0.05°, back west 0.1°. Its two ends are 0.05°
// (5.6 km) apart as the crow flies but 0.25° (27.8 km) apart along the road.
const U = [[[0, 0], [0.1, 0]], [[0.1, 0], [0.1, 0.05]], [[0.1, 0.05], [0, 0.05]]];

test('distances along the roads from the nearest source, with the connectors; lines join where they share a vertex', () => {
  const roads = RoadNetwork.fromLines(U);
  assert.equal(roads.size, 4);
  const dist = roads.distancesFrom([{ lon: 0, lat: -0.001 }], Infinity);
  // 0.001° of connector, then 0.1 + 0.05 + 0.1 degrees of road (near the equator, 1° of longitude ≈ 1° of arc).
  near(roads.routeM(dist, 0, 0.051), (0.001 + 0.25 + 0.001) * M_PER_DEGREE, 20);
  const bounded = roads.distancesFrom([{ lon: 0, lat: 0 }], 0.12 * M_PER_DEGREE);
  assert.equal(roads.routeM(bounded, 0, 0.05), Infinity, 'beyond the limit');
});

test('with roads, fibre follows them: the far end of the U is out of reach, directly or relayed', () => {
  const sites: PlanningSites = {
    lon: Float64Array.of(0, 0), lat: Float64Array.of(0, 0.05), siteType: new Uint8Array(2), connected: Int8Array.of(0, 0), onFiber: new Uint8Array(2),
    demandPeople: Float64Array.of(100_000, 100_000), servedPeople: Float64Array.of(1, 1),
    fiberNodeM: Float64Array.of(100, 0.05 * M_PER_DEGREE), bestGeneration: new Uint8Array(2), nearestCellM: Float64Array.of(NaN, NaN),
  };
  // Trenching nearly free, so that fibre is each site's cheapest technology wherever it reaches.
  const p = { ...PLANNING_PARAMETERS, fiber: { ...PLANNING_PARAMETERS.fiber, maxLinkM: 20_000, perKmUsd: 1 } };
  const straight = planningInstance(sites, p, 'population');
  assert.ok(straight.option.some((o, k) => straight.columnCandidate[k] === 1 && o.technology === 'fiber'), 'straight: 6.1 km of route is within reach');
  const roads = RoadNetwork.fromLines(U);
  const routed = planningInstance(sites, p, 'population', { roads, fiberNodes: { lon: Float64Array.of(0), lat: Float64Array.of(-0.0009) } });
  assert.ok(!routed.option.some((o, k) => routed.columnCandidate[k] === 1 && o.technology === 'fiber'), 'along the road it is 27.8 km from the node and from the first site, beyond 20 km');
  near(routed.option[0]!.linkM!, 0.0009 * M_PER_DEGREE, 1, 'the first site: its connector to the node');
});
