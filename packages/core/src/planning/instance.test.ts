import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SITE_TYPES } from '../domain.js';
import { EARTH_RADIUS_M } from '../geo/distance.js';
import { near } from '../test-support.js';
import { planningInstance, type PlanningSites } from './instance.js';
import { PLANNING_PARAMETERS, planningParameters } from './parameters.js';
import { ROLE, fiberRelays } from './relays.js';

const KM_PER_DEGREE = (2 * Math.PI * EARTH_RADIUS_M) / 360 / 1000;

/** Sites on the equator at the given longitudes. */
function sites(lons: number[], o: Partial<Record<keyof PlanningSites, number[]>> = {}): PlanningSites {
  const n = lons.length;
  const col = (k: keyof PlanningSites, fill: number) => o[k] ?? new Array<number>(n).fill(fill);
  return {
    lon: Float64Array.from(lons),
    lat: new Float64Array(n),
    siteType: Uint8Array.from(col('siteType', 0)),
    connected: Int8Array.from(col('connected', 0)),
    onFiber: Uint8Array.from(col('onFiber', 0)),
    demandPeople: Float64Array.from(col('demandPeople', 0)),
    servedPeople: Float64Array.from(col('servedPeople', 1000)),
    fiberNodeM: Float64Array.from(col('fiberNodeM', NaN)),
    bestGeneration: Uint8Array.from(col('bestGeneration', 0)),
    nearestCellM: Float64Array.from(col('nearestCellM', NaN)),
  };
}

test('fibre relays grow from the node site by site: each joins by its shortest link to the network', () => {
  // Three sites 0.1° (11.1 km) apart; only the first is near the node (11.1 km).
  const s = sites([0.1, 0.2, 0.3]);
  const direct = Float64Array.from([1, 2, 3], (k) => k * 0.1 * KM_PER_DEGREE * 1000 * 1.1);
  const r = fiberRelays(s, new Uint8Array(3).fill(ROLE.candidate), direct, { maxLinkM: 50_000, routeFactor: 1.1, neighbours: 8 });
  assert.deepEqual([...r.parent], [-1, 0, 1]);
  assert.deepEqual([...r.order], [0, 1, 2]);
  r.linkM.forEach((d) => near(d, 0.1 * KM_PER_DEGREE * 1000 * 1.1, 1e-3));
  const short = fiberRelays(s, new Uint8Array(3).fill(ROLE.candidate), direct, { maxLinkM: 10_000, routeFactor: 1.1, neighbours: 8 });
  assert.deepEqual([...short.parent], [-2, -2, -2], 'no link fits in 10 km of route');
});

test('a connected site on fibre is a node for its neighbours; a connected site off fibre is not', () => {
  const s = sites([0, 0.05, 0.3]);
  const role = Uint8Array.from([ROLE.onFiber, ROLE.candidate, ROLE.absent]);
  const r = fiberRelays(s, role, new Float64Array(3).fill(NaN), { maxLinkM: 50_000, routeFactor: 1.1, neighbours: 8 });
  assert.deepEqual([...r.parent], [-1, 0, -2]);
  assert.equal(r.linkM[0], 0);
});

test('instance: a busy site beside the node takes fibre, and its neighbour a relay that needs it on fibre', () => {
  // 100,000 people within 1 km → 5,000 Mbps: over a short route fibre's cheaper service beats satellite.
  const s = sites([0, 0.005], { demandPeople: [100_000, 100_000], fiberNodeM: [300, 12_000] });
  const inst = planningInstance(s, PLANNING_PARAMETERS, 'population');
  assert.deepEqual([...inst.site], [0, 1]);
  assert.equal(inst.option[0]!.technology, 'fiber');
  const relay = [...inst.requires].indexOf(0);
  assert.ok(relay > 0, 'candidate 1 has a relay column');
  assert.equal(inst.columnCandidate[relay], 1);
  near(inst.option[relay]!.linkM!, 0.005 * KM_PER_DEGREE * 1000 * 1.1, 1e-3);
  assert.ok(inst.columnCost[relay]! < inst.columnCost[inst.columnStart[1]!]!, 'the relay is cheaper than the base');
  assert.deepEqual([...inst.value], [1000, 1000]);
});

test('instance: connected sites are not planned; weights per site type; schools co-connected with the nearest post office', () => {
  const school = SITE_TYPES.indexOf('school');
  const s = sites([0, 0.005, 0.006, 1], { siteType: [0, school, school, 0], connected: [0, -1, 0, 1], servedPeople: [100, 40, 30, 999] });
  const p = planningParameters({ prioritisation: { coConnectionRadiusM: 1_000, siteTypeWeights: { school: 2 } } });
  const inst = planningInstance(s, p, 'population');
  assert.deepEqual([...inst.site], [0, 1, 2], 'the connected site is left out');
  assert.deepEqual([...inst.value], [100, 80, 60]);
  assert.deepEqual([...inst.host], [-1, 0, 0], 'both schools are within 1 km of the office');
  assert.deepEqual([...planningInstance(s, p, 'sites').value], [1, 2, 2]);
});

test('planning parameters: overrides are merged deeply; unknown keys and wrong kinds are errors that name them', () => {
  const p = planningParameters({ fiber: { perKmUsd: 15_000 } }, 'ken.json');
  assert.equal(p.fiber.perKmUsd, 15_000);
  assert.equal(p.fiber.maxLinkM, 50_000);
  assert.throws(() => planningParameters({ fiber: { perKm: 1 } }, 'ken.json'), /ken\.json: unknown parameter fiber\.perKm/);
  assert.throws(() => planningParameters({ satellite: { terminalUsd: '800' } }), /satellite\.terminalUsd must be a number/);
  assert.throws(() => planningParameters({ discountRate: -0.1 }), /discountRate must be a number ≥ 0/);
  assert.throws(() => planningParameters({ prioritisation: { budgetBasis: 'cash' } }), /budgetBasis/);
});

test('instance with an elevation model: microwave to the nearest cell in sight, none when every one is blocked', () => {
  // Flat ground at 0 m with a 300 m ridge at lon 0.03; cells at lon 0.05 (behind it) and -0.08 (clear).
  const width = 300;
  const values = new Float32Array(width * 10);
  for (let row = 0; row < 10; row++) values[row * width + 130] = 300;
  const dem = { width, height: 10, west: -0.1, north: 0.005, dx: 0.001, dy: 0.001, values };
  const cells = { lon: Float64Array.of(0.05, -0.08), lat: Float64Array.of(0, 0), antennaM: Float64Array.of(NaN, 40) };
  // 100,000 people: microwave beats satellite on service cost, so it is the base column when feasible.
  const s = sites([0], { demandPeople: [100_000], nearestCellM: [0.05 * KM_PER_DEGREE * 1000] });
  const inst = planningInstance(s, PLANNING_PARAMETERS, 'population', { dem, cells });
  const mw = inst.option.find((o) => o.technology === 'microwave');
  assert.ok(mw, 'microwave to the clear cell');
  near(mw.linkM!, 0.08 * KM_PER_DEGREE * 1000, 1);
  assert.equal(mw.lineOfSightUnchecked, undefined);

  const blocked = { ...cells, lon: Float64Array.of(0.05, 0.06) };
  const none = planningInstance(s, PLANNING_PARAMETERS, 'population', { dem, cells: blocked });
  assert.equal(none.option[0]!.technology, 'satellite', 'both cells are behind the ridge');

  const unchecked = planningInstance(s, PLANNING_PARAMETERS, 'population');
  assert.equal(unchecked.option[0]!.lineOfSightUnchecked, true);
});
