import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
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

describeEachDriver('the city basemap', (ctx) => {
  let app: App;
  let map: Collection;
  const layer = (name: BasemapLayer) => map.features.filter((f) => f.properties.layer === name);

  before(async () => {
    app = await buildTestApp(ctx.db);
  });
  after(() => app.http.close());

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

  it('has every layer but the bus routes (street band), with the 126 wards outlined and labelled', () => {
    assert.deepEqual(
      [...new Set(map.features.map((f) => f.properties.layer))].sort(),
      BASEMAP_LAYERS.filter((l) => l !== 'bus-route').sort(),
    );
    assert.equal(layer('boundary').length, 1);
    assert.equal(layer('ward').length, 126);
    assert.equal(layer('ward-label').length, 126);
    assert.ok(layer('road').length > 100, `${layer('road').length} roads`);
    assert.ok(layer('water').length >= 1, "layer('water').length >= 1");
    assert.ok(layer('place').length > 10, "layer('place').length > 10");
    for (const f of layer('ward')) assert.equal(f.geometry.type, 'Polygon');
    for (const f of layer('ward-label')) assert.equal(f.geometry.type, 'Point');
    for (const f of layer('road')) {
      assert.equal(f.geometry.type, 'LineString');
      assert.ok(
        ['motorway', 'trunk', 'primary', 'secondary', 'tertiary'].includes(String(f.properties['class'])),
        "['motorway', 'trunk', 'primary', 'secondary', 'tertiary'].includes(String(f.properties['class']))",
      );
    }
    const categories = new Set(layer('place').map((f) => f.properties['category']));
    assert.deepEqual([...categories].sort(), ['ambulance', 'fire', 'hospital', 'police']);
  });

  it('has the Red River, West Lake and Hoàn Kiếm Lake, with labels for the lakes and the rivers', () => {
    const water = layer('water').map((f) => f.properties['name']);
    for (const name of ['Sông Hồng', 'Hồ Tây', 'Hồ Hoàn Kiếm']) assert.ok(water.includes(name), name);
    const labels = layer('water-label').map((f) => f.properties['name']);
    for (const name of ['Hồ Tây', 'Hồ Hoàn Kiếm']) assert.ok(labels.includes(name), `label ${name}`);
    const rivers = layer('waterway').map((f) => f.properties['name']);
    for (const name of ['Sông Hồng', 'Sông Tô Lịch', 'Sông Đuống']) assert.ok(rivers.includes(name), name);
  });

  it('names wards in Vietnamese, with their diacritics', () => {
    const hoanKiem = layer('ward').find((f) => f.properties['shortName'] === 'Hoàn Kiếm');
    assert.ok(hoanKiem, 'a ward named Hoàn Kiếm');
    assert.equal(hoanKiem.properties['name'], 'Phường Hoàn Kiếm');
    assert.equal(hoanKiem.properties['kind'], 'phường');
    assert.match(String(hoanKiem.properties['code']), /^\d{5}$/);
    const label = layer('ward-label').find((f) => f.properties['code'] === hoanKiem.properties['code']);
    assert.equal(label?.properties['name'], 'Phường Hoàn Kiếm');
    assert.ok(
      layer('road').some((f) => f.properties['name'] === 'Phố Hàng Bài'),
      "layer('road').some((f) => f.properties['name'] === 'Phố Hàng Bài')",
    );
    assert.ok(
      layer('road').some((f) => f.properties['name'] === 'Đường Nguyễn Văn Cừ'),
      'a main road of Long Biên',
    );
  });

  it('keeps every coordinate inside its bbox, which is Hanoi', () => {
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
    assert.ok(
      gunzipSync(res.rawPayload).equals(plain.rawPayload),
      'gunzipSync(res.rawPayload).equals(plain.rawPayload)',
    );
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

/** The layers of a Mapbox vector tile, each feature's properties decoded (geometry is not needed here). */
function decodeTile(bytes: Buffer): Map<string, Record<string, string | number | boolean>[]> {
  let pos = 0;
  const varint = (buf: Buffer) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++] as number;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
      shift += 7;
    }
  };
  /** The fields of a message: tag number → raw bytes (length-delimited) or varint. */
  const fields = (buf: Buffer) => {
    const out: [number, Buffer | number][] = [];
    const saved = pos;
    pos = 0;
    while (pos < buf.length) {
      const key = varint(buf);
      const [tag, wire] = [key >> 3, key & 7];
      if (wire === 2) {
        const len = varint(buf);
        out.push([tag, buf.subarray(pos, pos + len)]);
        pos += len;
      } else if (wire === 0) out.push([tag, varint(buf)]);
      else if (wire === 1) out.push([tag, buf.readDoubleLE((pos += 8) - 8)]);
      else if (wire === 5) out.push([tag, buf.readFloatLE((pos += 4) - 4)]);
      else throw new Error(`wire type ${wire}`);
    }
    pos = saved;
    return out;
  };
  const layers = new Map<string, Record<string, string | number | boolean>[]>();
  for (const [tag, layerBytes] of fields(bytes)) {
    if (tag !== 3 || !Buffer.isBuffer(layerBytes)) continue;
    const f = fields(layerBytes);
    const name = String((f.find(([t]) => t === 1)?.[1] as Buffer).toString('utf8'));
    const keys = f.filter(([t]) => t === 3).map(([, v]) => (v as Buffer).toString('utf8'));
    const values = f
      .filter(([t]) => t === 4)
      .map(([, v]) => {
        const [[vt, vv]] = fields(v as Buffer) as [[number, Buffer | number]];
        return vt === 1 ? (vv as Buffer).toString('utf8') : vt === 7 ? vv === 1 : (vv as number);
      });
    const features = f
      .filter(([t]) => t === 2)
      .map(([, v]) => {
        const tagsBytes = fields(v as Buffer).find(([t]) => t === 2)?.[1] as Buffer | undefined;
        const props: Record<string, string | number | boolean> = {};
        if (tagsBytes) {
          const saved = pos;
          pos = 0;
          const ids: number[] = [];
          while (pos < tagsBytes.length) ids.push(varint(tagsBytes));
          pos = saved;
          for (let i = 0; i + 1 < ids.length; i += 2)
            props[keys[ids[i] as number] as string] = values[ids[i + 1] as number] as string | number | boolean;
        }
        return props;
      });
    layers.set(name, features);
  }
  return layers;
}

/** The tile x/y of a point at zoom z (Web Mercator). */
function tileAt([lon, lat]: LonLat, z: number): [number, number] {
  const r = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * 2 ** z),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z),
  ];
}

describeEachDriver('the city basemap as vector tiles', (ctx) => {
  let app: App;
  before(async () => {
    app = await buildTestApp(ctx.db);
  });
  after(() => app.http.close());

  const LONG_BIEN: LonLat = [105.895, 21.045];
  const HA_DONG: LonLat = [105.775, 20.97];
  const tile = async (at: LonLat, z: number, headers: Record<string, string> = {}) => {
    const [x, y] = tileAt(at, z);
    return app.http.inject({ method: 'GET', url: `${BASEMAP}/tiles/${z}/${x}/${y}`, headers });
  };

  it('draws Long Biên at city zoom: main roads with names, the Red River, the wards', async () => {
    const res = await tile(LONG_BIEN, 11);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.mapbox-vector-tile');
    assert.equal(res.headers['cache-control'], 'public, max-age=86400');
    const layers = decodeTile(res.rawPayload);
    const roads = layers.get('road') ?? [];
    assert.ok(
      roads.some((r) => r['name'] === 'Đường Nguyễn Văn Cừ'),
      'Nguyễn Văn Cừ',
    );
    // City zoom: main roads only, no street of the core.
    assert.deepEqual(
      [...new Set(roads.map((r) => r['class']))].filter(
        (c) => !['motorway', 'trunk', 'primary', 'secondary'].includes(String(c)),
      ),
      [],
    );
    assert.ok(
      (layers.get('water') ?? []).some((w) => w['name'] === 'Sông Hồng'),
      'the Red River',
    );
    assert.ok(
      (layers.get('waterway') ?? []).some((w) => w['name'] === 'Sông Hồng'),
      'its centreline, for its label',
    );
    assert.ok(
      (layers.get('ward-label') ?? []).some((w) => w['shortName'] === 'Long Biên'),
      "(layers.get('ward-label') ?? []).some((w) => w['shortName'] === 'Long Biên')",
    );
    assert.equal(layers.get('bus-route'), undefined, 'bus routes only close up');
  });

  it('adds the streets, the bus routes and the places closer in', async () => {
    const close = decodeTile((await tile(LONG_BIEN, 14)).rawPayload);
    assert.ok(
      (close.get('road') ?? []).some((r) => r['class'] === 'minor'),
      'minor streets at zoom 14',
    );
    assert.ok((close.get('bus-route') ?? []).length > 0, 'bus routes at zoom 14');
    const district = decodeTile((await tile([105.8412, 21.0288], 12)).rawPayload);
    const places = district.get('place') ?? [];
    for (const category of ['hospital', 'police', 'fire'])
      assert.ok(
        places.some((p) => p['category'] === category && p['name']),
        `a named ${category}`,
      );
  });

  it('draws Hà Đông: its roads, its water, its wards', async () => {
    const layers = decodeTile((await tile(HA_DONG, 12)).rawPayload);
    assert.ok((layers.get('road') ?? []).length > 20, "(layers.get('road') ?? []).length > 20");
    assert.ok(
      (layers.get('road') ?? []).some((r) => r['name'] === 'Đường Quang Trung'),
      'Quang Trung',
    );
    assert.ok(
      (layers.get('water') ?? []).length + (layers.get('waterway') ?? []).length > 0,
      "(layers.get('water') ?? []).length + (layers.get('waterway') ?? []).length > 0",
    );
    assert.ok(
      (layers.get('ward-label') ?? []).some((w) => w['shortName'] === 'Hà Đông'),
      "(layers.get('ward-label') ?? []).some((w) => w['shortName'] === 'Hà Đông')",
    );
  });

  it('gzips and revalidates tiles, answers 204 where the city is not, 404 past the grid, 400 past zoom 14', async () => {
    const gz = await tile(LONG_BIEN, 12, { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    const plain = await tile(LONG_BIEN, 12);
    assert.ok(gunzipSync(gz.rawPayload).equals(plain.rawPayload), 'gunzipSync(gz.rawPayload).equals(plain.rawPayload)');
    const again = await tile(LONG_BIEN, 12, { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers['etag']) });
    assert.equal(again.statusCode, 304);
    assert.equal((await tile([0, 0], 12)).statusCode, 204);
    const outside = await app.http.inject({ method: 'GET', url: `${BASEMAP}/tiles/2/4/0` });
    assert.equal(outside.statusCode, 404);
    assert.match(String(outside.headers['content-type']), /problem\+json/);
    const deep = await app.http.inject({ method: 'GET', url: `${BASEMAP}/tiles/15/0/0` });
    assert.equal(deep.statusCode, 400);
    assert.match(String(deep.headers['content-type']), /problem\+json/);
  });
});
