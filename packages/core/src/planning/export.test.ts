import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenarioCsv, scenarioFeature, scenarioGeoJson, type ScenarioExportSite } from './export.js';

const site = (rank: number, over: Partial<ScenarioExportSite> = {}): ScenarioExportSite => ({
  rank, siteId: 100 + rank, sourceId: `S${rank}`, name: `School ${rank}`, siteType: 'school', lat: 0.3365, lon: 6.7273,
  technology: 'cellular', year: 2027, demandMbps: 20, peopleServed: 1_500, capexUsd: 1_200, opexPerYearUsd: 300, tcoUsd: 2_700,
  npvUsd: 2_500.5, costUsd: 2_500.5, costPerPersonUsd: 1.667, linkM: null, viaSiteId: null, lineOfSightUnchecked: false,
  ...over,
});

const text = async (chunks: AsyncIterable<string>) => {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
};

async function* arriving<T>(pages: T[][]) {
  for (const p of pages) yield p;
}

test('CSV: a header and a line per site, quoted where needed, unfunded years empty', async () => {
  const csv = await text(scenarioCsv([[site(1, { name: 'Escola "Central", Neves' })], [site(2, { technology: null, year: null, costPerPersonUsd: null, viaSiteId: 101 })]]));
  assert.equal(csv, [
    'rank,siteId,sourceId,name,siteType,lat,lon,technology,year,demandMbps,peopleServed,capexUsd,opexPerYearUsd,tcoUsd,npvUsd,costUsd,costPerPersonUsd,linkM,viaSiteId,lineOfSightUnchecked',
    '1,101,S1,"Escola ""Central"", Neves",school,0.3365,6.7273,cellular,2027,20,1500,1200,300,2700,2500.5,2500.5,1.667,,,false',
    '2,102,S2,School 2,school,0.3365,6.7273,,,20,1500,1200,300,2700,2500.5,2500.5,,,101,false',
    '',
  ].join('\r\n'));
  assert.equal((await text(scenarioCsv([[site(1)]], { lineEnd: '\n' }))).split('\n').length, 3);
});

test('GeoJSON: the pieces join into what JSON.stringify writes of the whole collection, however the sites are paged', async () => {
  const sites = [site(1), site(2, { name: null }), site(3)];
  const whole = JSON.stringify({ type: 'FeatureCollection', name: 'STP half', features: sites.map(scenarioFeature) });
  assert.equal(await text(scenarioGeoJson('STP half', [sites])), whole);
  assert.equal(await text(scenarioGeoJson('STP half', arriving([[], [sites[0]!], [], sites.slice(1)]))), whole);
  assert.equal(await text(scenarioGeoJson('STP "none"', [])), '{"type":"FeatureCollection","name":"STP \\"none\\"","features":[]}');
  const feature = scenarioFeature(site(1));
  assert.deepEqual([feature.id, feature.geometry.coordinates, 'lat' in feature.properties], [101, [6.7273, 0.3365], false]);
});
