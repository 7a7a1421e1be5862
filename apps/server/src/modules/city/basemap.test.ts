import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { App } from '../../app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { buildTestApp } from '../../../test/support/app.js';
import { BASEMAP_LAYERS, type BasemapFeature, type BasemapLayer } from './index.js';
import { acceptsGzip, notModified } from './routes.js';

type LonLat = [number, number];
interface Collection {
  type: string;
  attribution: string;
  bbox: [number, number, number, number];
  features: BasemapFeature[];
}

const BASEMAP = '/api/v1/city/basemap';

/** Every [lon, lat] in a geometry, whatever its nesting. */
function positions(coordinates: unknown): LonLat[] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return [coordinates as LonLat];
  return (coordinates as unknown[]).flatMap(positions);
}

// The route reads no database: one driver is enough.
describe('the city basemap', () => {
  let testDb: TestDatabase;
  let app: App;
  let map: Collection;
  const layer = (name: BasemapLayer) => map.features.filter((f) => f.properties.layer === name);

  before(async () => {
    testDb = await createTestDatabase('pglite');
    app = await buildTestApp(testDb.db);
  });
  after(async () => {
    await app.http.close();
    await testDb.dispose();
  });

  it('is served to anyone as GeoJSON, cacheable for a day', async () => {
    const res = await app.http.inject({ method: 'GET', url: BASEMAP });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
    assert.equal(res.headers['cache-control'], 'public, max-age=86400');
    assert.match(String(res.headers['etag']), /^"[0-9a-f]{40}"$/);
    assert.equal(res.headers['content-encoding'], undefined);
    map = res.json<Collection>();
    assert.equal(map.type, 'FeatureCollection');
    assert.match(map.attribution, /© OpenStreetMap contributors/);
  });

  it('has every layer, with the 126 wards outlined and labelled', () => {
    assert.deepEqual([...new Set(map.features.map((f) => f.properties.layer))].sort(), [...BASEMAP_LAYERS].sort());
    assert.equal(layer('boundary').length, 1);
    assert.equal(layer('ward').length, 126);
    assert.equal(layer('ward-label').length, 126);
    assert.ok(layer('road').length > 100, `${layer('road').length} roads`);
    assert.ok(layer('water').length >= 1);
    assert.ok(layer('place').length > 10);
    for (const f of layer('ward')) assert.equal(f.geometry.type, 'Polygon');
    for (const f of layer('ward-label')) assert.equal(f.geometry.type, 'Point');
    for (const f of layer('road')) {
      assert.equal(f.geometry.type, 'LineString');
      assert.ok(['primary', 'secondary', 'tertiary'].includes(String(f.properties['class'])));
    }
    const categories = new Set(layer('place').map((f) => f.properties['category']));
    assert.deepEqual([...categories].sort(), ['emergency', 'health']);
  });

  it('names wards in Vietnamese, with their diacritics', () => {
    const hoanKiem = layer('ward').find((f) => f.properties['shortName'] === 'Hoàn Kiếm');
    assert.ok(hoanKiem, 'a ward named Hoàn Kiếm');
    assert.equal(hoanKiem.properties['name'], 'Phường Hoàn Kiếm');
    assert.equal(hoanKiem.properties['kind'], 'phường');
    assert.match(String(hoanKiem.properties['code']), /^\d{5}$/);
    const label = layer('ward-label').find((f) => f.properties['code'] === hoanKiem.properties['code']);
    assert.equal(label?.properties['name'], 'Phường Hoàn Kiếm');
    assert.ok(layer('road').some((f) => f.properties['name'] === 'Phố Hàng Bài'));
  });

  it('keeps every coordinate inside the city bbox, which is Hanoi', () => {
    const [west, south, east, north] = map.bbox;
    assert.ok(west > 105.2 && east < 106.1 && south > 20.5 && north < 21.5, map.bbox.join(','));
    for (const f of map.features) {
      for (const [lon, lat] of positions(f.geometry.coordinates)) {
        assert.ok(lon >= west && lon <= east && lat >= south && lat <= north, `${f.properties.layer} at ${lon},${lat}`);
      }
    }
  });

  it('answers 304 to a client that has it, and the whole map to one whose copy is stale', async () => {
    const first = await app.http.inject({ method: 'GET', url: BASEMAP });
    const etag = String(first.headers['etag']);
    const same = await app.http.inject({ method: 'GET', url: BASEMAP, headers: { 'if-none-match': etag } });
    assert.equal(same.statusCode, 304);
    assert.equal(same.body, '');
    assert.equal(same.headers['etag'], etag);
    const listed = await app.http.inject({
      method: 'GET',
      url: BASEMAP,
      headers: { 'if-none-match': `"old", W/${etag}` },
    });
    assert.equal(listed.statusCode, 304);
    const stale = await app.http.inject({ method: 'GET', url: BASEMAP, headers: { 'if-none-match': '"old"' } });
    assert.equal(stale.statusCode, 200);
    assert.equal(stale.body, first.body);
  });

  it('sends gzip to a client that accepts it, with its own ETag', async () => {
    const plain = await app.http.inject({ method: 'GET', url: BASEMAP });
    const res = await app.http.inject({
      method: 'GET',
      url: BASEMAP,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers['vary'], 'accept-encoding');
    assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
    assert.ok(res.rawPayload.length < plain.rawPayload.length / 3, `${res.rawPayload.length} bytes gzipped`);
    assert.ok(gunzipSync(res.rawPayload).equals(plain.rawPayload));
    const etag = String(res.headers['etag']);
    assert.notEqual(etag, plain.headers['etag']);
    const again = await app.http.inject({
      method: 'GET',
      url: BASEMAP,
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
    });
    assert.equal(again.statusCode, 304);
    const refused = await app.http.inject({ method: 'GET', url: BASEMAP, headers: { 'accept-encoding': 'gzip;q=0' } });
    assert.equal(refused.headers['content-encoding'], undefined);
  });

  it('is in the OpenAPI document, without security', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>;
    }>();
    const get = doc.paths[BASEMAP]?.['get'];
    assert.ok(get, `${BASEMAP} is documented`);
    assert.equal(get.security, undefined, 'the basemap needs no login');
    assert.deepEqual(get.tags, ['City']);
  });
});

describe('content negotiation for the basemap', () => {
  it('reads Accept-Encoding and If-None-Match as RFC 9110 does', () => {
    assert.equal(acceptsGzip(undefined), false);
    assert.equal(acceptsGzip('identity'), false);
    assert.equal(acceptsGzip('GZIP;q=0.5'), true);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip('*;q=0.1, gzip;q=0'), false);
    assert.equal(notModified(undefined, '"a"'), false);
    assert.equal(notModified('*', '"a"'), true);
    assert.equal(notModified('"b", W/"a"', '"a"'), true);
    assert.equal(notModified('"ab"', '"a"'), false);
  });
});
