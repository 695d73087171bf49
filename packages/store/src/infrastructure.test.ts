import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CellSite, CoverageArea, TransmissionLink, TransmissionNode } from '@postatlas/core';
import type { Database } from './database.js';
import { upsertDataset } from './datasets.js';
import { listCellSites, listCoverageAreas, listTransmissionLinks, listTransmissionNodes } from './infrastructure.js';
import { CELL_SITES, COVERAGE_AREAS, TRANSMISSION_LINKS, TRANSMISSION_NODES, type LayerTable } from './layers.js';
import { allPages } from './queries.js';
import { testBackends } from './testing.js';
import { upsertBatch } from './upsert.js';

const cell = (sourceId: string, country: string, generation: 2 | 3 | 4 | 5, operator: string | null): CellSite => ({
  sourceId, country, generation, operator, lat: -1.29, lon: 36.82, antennaHeightM: 30, backhaulType: null, rangeM: null, attributes: {},
});
const node = (sourceId: string, country: string, medium: 'fiber' | 'microwave', status: 'operational' | 'planned'): TransmissionNode => ({
  sourceId, country, medium, status, name: `Node ${sourceId}`, operator: 'KPLC', lat: -1.3, lon: 36.8, attributes: {},
});
// One degree along the meridian 36.8°E, centred on 1°S.
const link = (sourceId: string, country: string, status: 'operational' | 'planned'): TransmissionLink => ({
  sourceId, country, status, medium: 'fiber', name: null, operator: null, attributes: {},
  geometry: { type: 'LineString', coordinates: [[36.8, -1.5], [36.8, -0.5]] },
});
// A box of 0.1° by 0.1° at the equator.
const area = (sourceId: string, country: string, generation: 3 | 4): CoverageArea => ({
  sourceId, country, generation, operator: 'Safaricom', attributes: {},
  geometry: { type: 'Polygon', coordinates: [[[36.8, -0.1], [36.9, -0.1], [36.9, 0], [36.8, 0], [36.8, -0.1]]] },
});

async function load<R>(db: Database, table: LayerTable<R>, layer: 'cells' | 'nodes' | 'links' | 'coverage', name: string, isPublic: boolean, records: R[]): Promise<void> {
  await db.transaction(async (tx) => {
    const id = await upsertDataset(tx, { name, layer, source: `${name}.csv`, format: 'csv', isPublic });
    await upsertBatch(tx, table, id, records);
  });
}

const ids = (rows: { sourceId: string }[]) => rows.map((r) => r.sourceId);

for (const backend of await testBackends()) {
  describe(`infrastructure listings on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      await load(db, CELL_SITES, 'cells', 'operator-cells', false, [
        cell('k1', 'KEN', 4, 'Safaricom'), cell('k2', 'KEN', 3, 'Airtel'), cell('k3', 'KEN', 4, 'Safaricom'), cell('u1', 'UGA', 4, 'MTN'),
      ]);
      await load(db, CELL_SITES, 'cells', 'open-cells', true, [cell('o1', 'UGA', 5, null)]);
      await load(db, TRANSMISSION_NODES, 'nodes', 'watra-nodes', false, [node('n1', 'KEN', 'fiber', 'operational'), node('n2', 'UGA', 'microwave', 'planned')]);
      await load(db, TRANSMISSION_NODES, 'nodes', 'open-nodes', true, [node('n3', 'KEN', 'fiber', 'planned')]);
      await load(db, TRANSMISSION_LINKS, 'links', 'watra-links', false, [link('l1', 'KEN', 'operational'), link('l2', 'UGA', 'planned')]);
      await load(db, TRANSMISSION_LINKS, 'links', 'open-links', true, [link('l3', 'UGA', 'operational')]);
      await load(db, COVERAGE_AREAS, 'coverage', 'operator-coverage', false, [area('c1', 'KEN', 4), area('c2', 'UGA', 3)]);
    });
    after(async () => {
      await db?.close();
    });

    test('a private dataset is seen only within scope; a public one by everybody', async () => {
      assert.deepEqual(ids(await listCellSites(db, { scope: [] })), ['o1']);
      assert.deepEqual(ids(await listCellSites(db, { scope: ['KEN'] })), ['k1', 'k2', 'k3', 'o1']);
      assert.deepEqual(ids(await listCellSites(db, { scope: ['UGA'] })), ['u1', 'o1']);
      assert.deepEqual(ids(await listCellSites(db, { scope: null })), ['k1', 'k2', 'k3', 'u1', 'o1']);
      assert.deepEqual(ids(await listCellSites(db)), ['k1', 'k2', 'k3', 'u1', 'o1'], 'the command line sees everything');
      assert.deepEqual(ids(await listTransmissionNodes(db, { scope: [] })), ['n3']);
      assert.deepEqual(ids(await listTransmissionNodes(db, { scope: ['KEN'] })), ['n1', 'n3']);
      assert.deepEqual(ids(await listTransmissionLinks(db, { scope: [] })), ['l3']);
      assert.deepEqual(ids(await listTransmissionLinks(db, { scope: ['UGA'] })), ['l2', 'l3']);
      assert.deepEqual(ids(await listCoverageAreas(db, { scope: [] })), []);
      assert.deepEqual(ids(await listCoverageAreas(db, { scope: ['KEN'] })), ['c1']);
      assert.deepEqual(ids(await listCoverageAreas(db, { scope: null })), ['c1', 'c2']);
    });

    test('filters narrow within what is visible', async () => {
      assert.deepEqual(ids(await listCellSites(db, { scope: null, generation: 4 })), ['k1', 'k3', 'u1']);
      assert.deepEqual(ids(await listCellSites(db, { scope: null, country: 'KEN', operator: 'Safaricom' })), ['k1', 'k3']);
      assert.deepEqual(ids(await listCellSites(db, { scope: [], country: 'KEN' })), []);
      assert.deepEqual(ids(await listCellSites(db, { scope: ['KEN'], country: 'UGA' })), ['o1']);
      assert.deepEqual(ids(await listTransmissionNodes(db, { scope: null, medium: 'fiber' })), ['n1', 'n3']);
      assert.deepEqual(ids(await listTransmissionNodes(db, { scope: null, medium: 'fiber', status: 'planned' })), ['n3']);
      assert.deepEqual(ids(await listTransmissionLinks(db, { scope: null, status: 'operational' })), ['l1', 'l3']);
      assert.deepEqual(ids(await listTransmissionLinks(db, { scope: null, medium: 'microwave' })), []);
      assert.deepEqual(ids(await listCoverageAreas(db, { scope: null, generation: 3 })), ['c2']);
      assert.deepEqual(ids(await listCoverageAreas(db, { scope: null, operator: 'Airtel' })), []);
    });

    test('keyset pages walk every visible row once, in id order', async () => {
      const all = await listCellSites(db, { scope: null });
      const first = await listCellSites(db, { scope: null, limit: 2 });
      assert.deepEqual(ids(first), ['k1', 'k2']);
      assert.deepEqual(ids(await listCellSites(db, { scope: null, limit: 2, afterId: first[1]!.id })), ['k3', 'u1']);
      const walked = [];
      for await (const c of allPages((afterId) => listCellSites(db, { scope: ['KEN'], afterId, limit: 1 }))) walked.push(c.sourceId);
      assert.deepEqual(walked, ['k1', 'k2', 'k3', 'o1']);
      assert.deepEqual(ids(await listCellSites(db, { scope: [], afterId: all[4]!.id })), [], 'nothing after the last row');
    });

    test('rows carry their fields, lengths, areas and GeoJSON geometry', async () => {
      const [k1] = await listCellSites(db, { scope: null, limit: 1 });
      assert.deepEqual({ ...k1!, id: 0 }, {
        id: 0, sourceId: 'k1', dataset: 'operator-cells', country: 'KEN', lat: -1.29, lon: 36.82,
        generation: 4, operator: 'Safaricom', antennaHeightM: 30, backhaulType: null, rangeM: null,
      });
      const [n1] = await listTransmissionNodes(db, { scope: null, limit: 1 });
      assert.deepEqual({ ...n1!, id: 0 }, {
        id: 0, sourceId: 'n1', dataset: 'watra-nodes', name: 'Node n1', country: 'KEN', lat: -1.3, lon: 36.8,
        medium: 'fiber', status: 'operational', operator: 'KPLC',
      });
      const [l1] = await listTransmissionLinks(db, { scope: null, limit: 1 });
      const { lengthM, ...rest } = l1!;
      assert.deepEqual({ ...rest, id: 0 }, {
        id: 0, sourceId: 'l1', dataset: 'watra-links', name: null, country: 'KEN', medium: 'fiber', status: 'operational', operator: null,
        geometry: { type: 'MultiLineString', coordinates: [[[36.8, -1.5], [36.8, -0.5]]] },
      });
      // A degree of meridian at 1°S on the WGS84 ellipsoid: 111,132.954 − 559.822 cos 2φ + 1.175 cos 4φ = 110,574.6 m.
      assert.ok(Math.abs(lengthM - 110_574.6) < 5, String(lengthM));
      const [c1] = await listCoverageAreas(db, { scope: null, limit: 1 });
      assert.deepEqual(c1!.geometry, { type: 'MultiPolygon', coordinates: [[[[36.8, -0.1], [36.9, -0.1], [36.9, 0], [36.8, 0], [36.8, -0.1]]]] });
      assert.deepEqual([c1!.sourceId, c1!.dataset, c1!.country, c1!.generation, c1!.operator], ['c1', 'operator-coverage', 'KEN', 4, 'Safaricom']);
      // 0.1° of longitude at the equator (11.132 km) by 0.1° of latitude near it (11.057 km).
      assert.ok(Math.abs(c1!.areaKm2 - 11.132 * 11.057) < 0.05, String(c1!.areaKm2));
    });
  });
}
