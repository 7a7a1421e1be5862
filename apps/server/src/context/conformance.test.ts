import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../test/support/app.js';
import { ngsiCaller, ngsiErrorType, type Method } from '../../test/support/ngsi.js';

/**
 * Conformance of entity representation and attribute handling with ETSI GS CIM 009 V1.8.1: every
 * attribute type in the normalized, concise and simplified forms, sub-attributes, projection, scopes,
 * NGSI-LD Null, and the status and error type of each refusal — all through HTTP, as the ETSI suite does.
 */

const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld';
const TRANSIT_CONTEXT_URL = 'https://contexts.hanoi.example/transit.jsonld';
const BUS_STOP_TAG = 'https://wiki.openstreetmap.org/wiki/Tag:highway%3Dbus_stop';
const linkTo = (url: string) => `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
const transit = { link: linkTo(TRANSIT_CONTEXT_URL) };

/** Hanoi's transit vocabulary, served from a local file through the alias map. */
function aliasFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thanglong-conformance-'));
  writeFileSync(
    join(dir, 'transit.jsonld'),
    JSON.stringify({
      '@context': {
        BusStop: 'https://smartdatamodels.org/dataModel.UrbanMobility/GtfsStop',
        category: 'https://smartdatamodels.org/category',
        busStop: BUS_STOP_TAG,
        busStation: 'https://wiki.openstreetmap.org/wiki/Tag:amenity%3Dbus_station',
      },
    }),
  );
  const map = join(dir, 'aliases.json');
  writeFileSync(map, JSON.stringify({ [TRANSIT_CONTEXT_URL]: 'transit.jsonld' }));
  return map;
}

const NEXT_STOPS = ['urn:ngsi-ld:BusStop:HN-HK-002', 'urn:ngsi-ld:BusStop:HN-HK-003'];

/** The Bờ Hồ bus stop by Hoàn Kiếm lake, with one attribute of every type, in the normalized form. */
const boHoStop = (id: string) => ({
  id,
  type: 'BusStop',
  name: { type: 'LanguageProperty', languageMap: { vi: 'Bờ Hồ', en: 'Hoan Kiem Lake' } },
  stopCode: { type: 'Property', value: 'HK01' },
  boardingsToday: { type: 'Property', value: 1843, observedAt: '2026-11-22T09:00:00.000Z' },
  averageWait: { type: 'Property', value: 7.5, unitCode: 'MIN' },
  hasShelter: { type: 'Property', value: true },
  stepFree: { type: 'Property', value: false },
  address: {
    type: 'Property',
    value: { streetAddress: '8 Đinh Tiên Hoàng', addressLocality: 'Hoàn Kiếm', addressRegion: 'Hà Nội' },
  },
  servedRoutes: { type: 'Property', value: ['09', '14', '36'] },
  operator: { type: 'Relationship', object: 'urn:ngsi-ld:Organization:Transerco', objectType: 'Organization' },
  nearbyStops: { type: 'Relationship', object: NEXT_STOPS },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.8522, 21.0285] } },
  category: { type: 'VocabProperty', vocab: 'busStop' },
  timetable: { type: 'JsonProperty', json: { weekday: ['05:00', '21:00'], headwayMinutes: 10, holiday: null } },
  headways: { type: 'ListProperty', valueList: [10, 15, 20], unitCode: 'MIN' },
  nextStops: {
    type: 'ListRelationship',
    objectList: NEXT_STOPS.map((object) => ({ object })),
    objectType: 'BusStop',
  },
});

/** The same stop in the concise form (§4.5 concise rules). */
const boHoStopConcise = (id: string) => ({
  id,
  type: 'BusStop',
  name: { languageMap: { vi: 'Bờ Hồ', en: 'Hoan Kiem Lake' } },
  stopCode: 'HK01',
  boardingsToday: { value: 1843, observedAt: '2026-11-22T09:00:00.000Z' },
  averageWait: { value: 7.5, unitCode: 'MIN' },
  hasShelter: true,
  stepFree: false,
  address: { value: { streetAddress: '8 Đinh Tiên Hoàng', addressLocality: 'Hoàn Kiếm', addressRegion: 'Hà Nội' } },
  servedRoutes: ['09', '14', '36'],
  operator: { object: 'urn:ngsi-ld:Organization:Transerco', objectType: 'Organization' },
  nearbyStops: { object: NEXT_STOPS },
  location: { type: 'Point', coordinates: [105.8522, 21.0285] },
  category: { vocab: 'busStop' },
  timetable: { json: { weekday: ['05:00', '21:00'], headwayMinutes: 10, holiday: null } },
  headways: { valueList: [10, 15, 20], unitCode: 'MIN' },
  nextStops: { objectList: NEXT_STOPS, objectType: 'BusStop' },
});

/** The same stop in the simplified form (§4.5.4). */
const boHoStopSimplified = (id: string) => ({
  id,
  type: 'BusStop',
  name: { languageMap: { vi: 'Bờ Hồ', en: 'Hoan Kiem Lake' } },
  stopCode: 'HK01',
  boardingsToday: 1843,
  averageWait: 7.5,
  hasShelter: true,
  stepFree: false,
  address: { streetAddress: '8 Đinh Tiên Hoàng', addressLocality: 'Hoàn Kiếm', addressRegion: 'Hà Nội' },
  servedRoutes: ['09', '14', '36'],
  operator: 'urn:ngsi-ld:Organization:Transerco',
  nearbyStops: NEXT_STOPS,
  location: { type: 'Point', coordinates: [105.8522, 21.0285] },
  category: { vocab: 'busStop' },
  timetable: { json: { weekday: ['05:00', '21:00'], headwayMinutes: 10, holiday: null } },
  headways: [10, 15, 20],
  nextStops: NEXT_STOPS,
});

/** One Hanoi geometry of each GeoJSON type an NGSI-LD GeoProperty may hold. */
const HANOI_GEOMETRIES = {
  Point: { type: 'Point', coordinates: [105.8522, 21.0285] },
  MultiPoint: {
    type: 'MultiPoint',
    coordinates: [
      [105.8575, 21.0437],
      [105.872, 21.043],
    ],
  },
  LineString: {
    type: 'LineString',
    coordinates: [
      [105.8535, 21.0245],
      [105.857, 21.024],
      [105.859, 21.0238],
    ],
  },
  MultiLineString: {
    type: 'MultiLineString',
    coordinates: [
      [
        [105.8412, 21.0041],
        [105.8453, 21.0039],
      ],
      [
        [105.8453, 21.0039],
        [105.8491, 21.0062],
      ],
    ],
  },
  Polygon: {
    type: 'Polygon',
    coordinates: [
      [
        [105.851, 21.03],
        [105.854, 21.03],
        [105.854, 21.026],
        [105.851, 21.026],
        [105.851, 21.03],
      ],
    ],
  },
  MultiPolygon: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [105.834, 21.036],
          [105.837, 21.036],
          [105.837, 21.033],
          [105.834, 21.036],
        ],
      ],
      [
        [
          [105.8445, 21.017],
          [105.8475, 21.017],
          [105.8475, 21.0145],
          [105.8445, 21.017],
        ],
      ],
    ],
  },
} as const;

describeEachDriver('NGSI-LD conformance: entity representation and attributes', (ctx) => {
  let app: App;
  let operator: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, { CONTEXT_ALIASES: aliasFile(), CONTEXT_FETCH_TIMEOUT: '1s' });
    operator = await accountWith(app, ['operator']);
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  const enc = encodeURIComponent;
  const create = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await call('POST', '/entities', { body, headers });
    assert.equal(res.statusCode, 201, res.body);
  };
  const retrieve = async (id: string, query = '', headers: Record<string, string> = {}) => {
    const res = await call('GET', `/entities/${enc(id)}${query}`, { headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, unknown>>();
  };
  /** Status, NGSI-LD error type (without its namespace) and the fact that the body is problem+json. */
  const refusal = (res: LightMyRequestResponse) => ({ status: res.statusCode, type: ngsiErrorType(res) });

  // --- attribute types in the three representations ------------------------------------------------

  it('keeps every attribute type as sent and returns it in the normalized form', async () => {
    await create(boHoStop('urn:ngsi-ld:BusStop:HN-HK-001'), transit);
    assert.deepEqual(
      await retrieve('urn:ngsi-ld:BusStop:HN-HK-001', '', transit),
      boHoStop('urn:ngsi-ld:BusStop:HN-HK-001'),
    );
    assert.deepEqual(
      await retrieve('urn:ngsi-ld:BusStop:HN-HK-001', '?format=normalized', transit),
      boHoStop('urn:ngsi-ld:BusStop:HN-HK-001'),
      'format=normalized is the default made explicit',
    );
  });

  it('answers a ListRelationship in its normalized form, {"object": URI} entries, however the URIs were sent', async () => {
    const id = 'urn:ngsi-ld:BusRoute:HN-09';
    await create({
      id,
      type: 'BusRoute',
      stops: { type: 'ListRelationship', objectList: NEXT_STOPS, objectType: 'BusStop' },
    });
    const route = await retrieve(id);
    assert.deepEqual(route['stops'], {
      type: 'ListRelationship',
      objectList: NEXT_STOPS.map((object) => ({ object })),
      objectType: 'BusStop',
    });
  });

  it('renders every attribute type in the concise form, and reads that form back losslessly', async () => {
    const concise = await retrieve('urn:ngsi-ld:BusStop:HN-HK-001', '?format=concise', transit);
    assert.deepEqual(concise, boHoStopConcise('urn:ngsi-ld:BusStop:HN-HK-001'));
    await create(boHoStopConcise('urn:ngsi-ld:BusStop:HN-HK-004'), transit);
    assert.deepEqual(
      await retrieve('urn:ngsi-ld:BusStop:HN-HK-004', '', transit),
      boHoStop('urn:ngsi-ld:BusStop:HN-HK-004'),
    );
  });

  it('renders every attribute type in the simplified form, under both of its names', async () => {
    for (const query of ['?options=keyValues', '?format=simplified', '?format=keyValues', '?options=simplified']) {
      assert.deepEqual(
        await retrieve('urn:ngsi-ld:BusStop:HN-HK-001', query, transit),
        boHoStopSimplified('urn:ngsi-ld:BusStop:HN-HK-001'),
        query,
      );
    }
    const both = await retrieve('urn:ngsi-ld:BusStop:HN-HK-001', '?format=keyValues&options=normalized', transit);
    assert.equal(both['stopCode'], 'HK01', 'format wins over options');
  });

  it('takes a simplified payload as input: values become Properties, a geometry a GeoProperty', async () => {
    const id = 'urn:ngsi-ld:AirQualityObserved:HN-HangDau';
    const simplified = {
      id,
      type: 'AirQualityObserved',
      pm25: 48.3,
      stationName: 'Hàng Đậu',
      pollutants: ['pm25', 'pm10', 'no2'],
      operational: true,
      location: { type: 'Point', coordinates: [105.8459, 21.0402] },
    };
    await create(simplified);
    assert.deepEqual(await retrieve(id, '?options=keyValues'), simplified);
    const normalized = await retrieve(id);
    assert.deepEqual(normalized['pm25'], { type: 'Property', value: 48.3 });
    assert.deepEqual(normalized['pollutants'], { type: 'Property', value: ['pm25', 'pm10', 'no2'] });
    assert.deepEqual(normalized['location'], { type: 'GeoProperty', value: simplified.location });
  });

  it('holds a GeoProperty of each geometry type in all three forms, and keeps it a GeoProperty in concise form', async () => {
    for (const [kind, geometry] of Object.entries(HANOI_GEOMETRIES)) {
      const id = `urn:ngsi-ld:Landmark:HN-${kind}`;
      await create({
        id,
        type: 'Landmark',
        location: { type: 'GeoProperty', value: geometry },
        area: { type: 'GeoProperty', value: geometry, observedAt: '2026-11-22T01:00:00.000Z' },
      });
      const normalized = await retrieve(id);
      assert.deepEqual(normalized['location'], { type: 'GeoProperty', value: geometry }, kind);
      const concise = await retrieve(id, '?format=concise');
      assert.deepEqual(concise['location'], geometry, kind);
      assert.deepEqual(concise['area'], { value: geometry, observedAt: '2026-11-22T01:00:00.000Z' }, kind);
      assert.deepEqual((await retrieve(id, '?options=keyValues'))['area'], geometry, kind);

      const copy = `urn:ngsi-ld:Landmark:HN-${kind}-copy`;
      await create({ ...concise, id: copy });
      assert.deepEqual(
        await retrieve(copy),
        { ...normalized, id: copy },
        `${kind}: a concise GeoProperty with a sub-attribute reads back as a GeoProperty`,
      );
    }
  });

  it('answers POST /entityOperations/query as a GeoJSON FeatureCollection when Accept asks for it', async () => {
    const lake = (n: string, point: number[]) => ({
      id: `urn:ngsi-ld:Lake:HN-${n}`,
      type: 'Lake',
      depth: { type: 'Property', value: 2 },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: point } },
      outline: { type: 'GeoProperty', value: HANOI_GEOMETRIES.Polygon },
    });
    await create(lake('HoanKiem', [105.8522, 21.0287]));
    await create(lake('TayHo', [105.8194, 21.0545]));
    const query = (url: string, accept: string) =>
      call('POST', url, { body: { type: 'Query', entities: [{ type: 'Lake' }] }, headers: { accept } });

    const geo = await query('/entityOperations/query?options=keyValues', 'application/geo+json');
    assert.equal(geo.statusCode, 200, geo.body);
    assert.match(String(geo.headers['content-type']), /^application\/geo\+json/);
    assert.deepEqual(geo.json(), {
      type: 'FeatureCollection',
      features: [
        {
          id: 'urn:ngsi-ld:Lake:HN-HoanKiem',
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [105.8522, 21.0287] },
          properties: {
            type: 'Lake',
            depth: 2,
            location: { type: 'Point', coordinates: [105.8522, 21.0287] },
            outline: HANOI_GEOMETRIES.Polygon,
          },
        },
        {
          id: 'urn:ngsi-ld:Lake:HN-TayHo',
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [105.8194, 21.0545] },
          properties: {
            type: 'Lake',
            depth: 2,
            location: { type: 'Point', coordinates: [105.8194, 21.0545] },
            outline: HANOI_GEOMETRIES.Polygon,
          },
        },
      ],
      '@context': 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld',
    });
    const byOutline = await query('/entityOperations/query?geometryProperty=outline', 'application/geo+json');
    const features = byOutline.json<{ features: { geometry: unknown }[] }>().features;
    assert.deepEqual(
      features.map((f) => f.geometry),
      [HANOI_GEOMETRIES.Polygon, HANOI_GEOMETRIES.Polygon],
    );
    const plain = await query('/entityOperations/query', 'application/json');
    assert.deepEqual(
      plain.json<{ id: string }[]>().map((e) => e.id),
      ['urn:ngsi-ld:Lake:HN-HoanKiem', 'urn:ngsi-ld:Lake:HN-TayHo'],
    );
  });

  it('answers a LanguageProperty in the language asked for, falling back to @none', async () => {
    const id = 'urn:ngsi-ld:Museum:HN-VanMieu';
    await create({
      id,
      type: 'Museum',
      name: {
        type: 'LanguageProperty',
        languageMap: { '@none': 'Văn Miếu', vi: 'Văn Miếu – Quốc Tử Giám', en: 'Temple of Literature' },
      },
      openingHours: { type: 'Property', value: '08:00-17:00' },
    });
    assert.deepEqual((await retrieve(id, '?lang=vi'))['name'], {
      type: 'Property',
      value: 'Văn Miếu – Quốc Tử Giám',
      lang: 'vi',
    });
    assert.deepEqual((await retrieve(id, '?lang=en&format=concise'))['name'], {
      value: 'Temple of Literature',
      lang: 'en',
    });
    assert.equal((await retrieve(id, '?lang=en&options=keyValues'))['name'], 'Temple of Literature');
    assert.deepEqual(
      (await retrieve(id, '?lang=fr'))['name'],
      { type: 'Property', value: 'Văn Miếu', lang: '@none' },
      'a language the map lacks falls back to @none',
    );
    assert.deepEqual(
      (await retrieve(id, `?lang=${enc('fr-CH,en;q=0.8,vi;q=0.9')}`))['name'],
      { type: 'Property', value: 'Văn Miếu – Quốc Tử Giám', lang: 'vi' },
      'the best-weighted language present wins',
    );
    assert.deepEqual((await retrieve(id, '?lang=vi-VN'))['name'], {
      type: 'Property',
      value: 'Văn Miếu – Quốc Tử Giám',
      lang: 'vi',
    });
    assert.deepEqual((await retrieve(id, '?lang=*'))['name'], { type: 'Property', value: 'Văn Miếu', lang: '@none' });
    assert.equal(
      (await retrieve(id, `?lang=${enc('*')}&options=keyValues`))['name'],
      'Văn Miếu',
      'lang=* takes any language in the simplified form as in the normalized one',
    );
    assert.deepEqual((await retrieve(id, '?options=keyValues'))['name'], {
      languageMap: { '@none': 'Văn Miếu', vi: 'Văn Miếu – Quốc Tử Giám', en: 'Temple of Literature' },
    });
    assert.deepEqual(
      (await retrieve(id, '?lang=vi'))['openingHours'],
      { type: 'Property', value: '08:00-17:00' },
      'lang leaves other attributes alone',
    );

    const withoutNone = 'urn:ngsi-ld:Museum:HN-HoaLo';
    await create({
      id: withoutNone,
      type: 'Museum',
      name: { type: 'LanguageProperty', languageMap: { vi: 'Nhà tù Hỏa Lò', en: 'Hoa Lo Prison' } },
    });
    const fallback = (await retrieve(withoutNone, '?lang=ja'))['name'] as { type: string; value: string; lang: string };
    assert.equal(fallback.type, 'Property', 'without @none, some language is still answered');
    assert.equal(fallback.value, { vi: 'Nhà tù Hỏa Lò', en: 'Hoa Lo Prison' }[fallback.lang]);
    const queried = await call('GET', `/entities?type=Museum&lang=en&options=keyValues`);
    assert.deepEqual(
      queried.json<{ name: string }[]>().map((m) => m.name),
      ['Hoa Lo Prison', 'Temple of Literature'],
    );
  });

  it('expands a VocabProperty with the @context it was written with, and compacts it with the one read with', async () => {
    const expanded = await retrieve('urn:ngsi-ld:BusStop:HN-HK-001', '?attrs=https://smartdatamodels.org/category');
    assert.deepEqual(expanded['https://smartdatamodels.org/category'], {
      type: 'VocabProperty',
      vocab: BUS_STOP_TAG,
    });
    assert.equal(expanded['type'], 'https://smartdatamodels.org/dataModel.UrbanMobility/GtfsStop');
    const compacted = await retrieve('urn:ngsi-ld:BusStop:HN-HK-001', '?attrs=category', transit);
    assert.deepEqual(compacted['category'], { type: 'VocabProperty', vocab: 'busStop' });

    const station = 'urn:ngsi-ld:BusStation:HN-GiapBat';
    await create(
      { id: station, type: 'BusStop', category: { type: 'VocabProperty', vocab: ['busStation', 'busStop'] } },
      transit,
    );
    assert.deepEqual((await retrieve(station, '?options=keyValues', transit))['category'], {
      vocab: ['busStation', 'busStop'],
    });
    const byVocab = await call('GET', `/entities?type=BusStop&q=${enc('category=="busStation"')}`, {
      headers: transit,
    });
    assert.deepEqual(
      byVocab.json<{ id: string }[]>().map((e) => e.id),
      [station],
      'q compares a vocab through the @context',
    );
  });

  it('renders several instances of an attribute (datasetId) in each form, and selects them by datasetId', async () => {
    const id = 'urn:ngsi-ld:WaterLevelObserved:HN-ToLich-01';
    const gauges = [
      { type: 'Property', value: 2.4, unitCode: 'MTR' },
      { type: 'Property', value: 2.5, unitCode: 'MTR', datasetId: 'urn:ngsi-ld:Dataset:radar' },
    ];
    await create({ id, type: 'WaterLevelObserved', level: gauges });
    assert.deepEqual((await retrieve(id))['level'], gauges);
    assert.deepEqual((await retrieve(id, '?format=concise'))['level'], [
      { value: 2.4, unitCode: 'MTR' },
      { value: 2.5, unitCode: 'MTR', datasetId: 'urn:ngsi-ld:Dataset:radar' },
    ]);
    assert.deepEqual(
      (await retrieve(id, '?options=keyValues'))['level'],
      { dataset: { '@none': 2.4, 'urn:ngsi-ld:Dataset:radar': 2.5 } },
      'simplified multi-attributes are keyed by datasetId, @none for the default instance',
    );
    assert.deepEqual((await retrieve(id, `?datasetId=${enc('urn:ngsi-ld:Dataset:radar')}`))['level'], gauges[1]);
    assert.deepEqual((await retrieve(id, '?datasetId=@none'))['level'], gauges[0]);
    assert.deepEqual(await retrieve(id, `?datasetId=${enc('urn:ngsi-ld:Dataset:lidar')}`), {
      id,
      type: 'WaterLevelObserved',
    });
  });

  // --- sub-attributes --------------------------------------------------------------------------------

  it('keeps properties and relationships of properties, nested, and stamps each level with sysAttrs', async () => {
    const id = 'urn:ngsi-ld:AirQualityObserved:HN-NguyenVanCu';
    const pm25 = {
      type: 'Property',
      value: 61,
      unitCode: 'GQ',
      observedAt: '2026-11-22T01:00:00.000Z',
      measuredBy: { type: 'Relationship', object: 'urn:ngsi-ld:Device:HN-NVC-PM' },
      reliability: {
        type: 'Property',
        value: 0.92,
        assessedBy: { type: 'Relationship', object: 'urn:ngsi-ld:Organization:CEM' },
      },
    };
    await create({ id, type: 'AirQualityObserved', pm25 });
    assert.deepEqual((await retrieve(id))['pm25'], pm25);
    assert.deepEqual((await retrieve(id, '?format=concise'))['pm25'], {
      value: 61,
      unitCode: 'GQ',
      observedAt: '2026-11-22T01:00:00.000Z',
      measuredBy: { object: 'urn:ngsi-ld:Device:HN-NVC-PM' },
      reliability: { value: 0.92, assessedBy: { object: 'urn:ngsi-ld:Organization:CEM' } },
    });
    assert.equal((await retrieve(id, '?options=keyValues'))['pm25'], 61, 'simplified keeps the first level only');

    const withSys = await retrieve(id, '?options=sysAttrs');
    const stamped = withSys['pm25'] as Record<string, Record<string, unknown>>;
    const reliability = stamped['reliability'] as Record<string, Record<string, unknown>>;
    for (const [where, node] of [
      ['entity', withSys],
      ['attribute', stamped],
      ['sub-attribute', stamped['measuredBy']],
      ['sub-sub-attribute', reliability['assessedBy']],
    ] as const) {
      assert.match(String(node?.['createdAt']), /^\d{4}-\d\d-\d\dT/, `${where} has createdAt`);
      assert.match(String(node?.['modifiedAt']), /^\d{4}-\d\d-\d\dT/, `${where} has modifiedAt`);
    }
    assert.equal((await retrieve(id))['createdAt'], undefined, 'system attributes only when asked for');
  });

  // --- projection --------------------------------------------------------------------------------------

  it('projects with pick and omit, which name id and type as well as attributes', async () => {
    const id = 'urn:ngsi-ld:BusStop:HN-HK-001';
    assert.deepEqual(await retrieve(id, '?pick=id,stopCode&options=keyValues'), { id, stopCode: 'HK01' });
    assert.deepEqual(await retrieve(id, '?pick=type,hasShelter&options=keyValues', transit), {
      type: 'BusStop',
      hasShelter: true,
    });
    assert.deepEqual(await retrieve(id, '?pick=id,type', transit), { id, type: 'BusStop' });
    const omitted = await retrieve(id, '?omit=id,location,name&options=keyValues', transit);
    assert.equal(omitted['id'], undefined);
    assert.equal(omitted['location'], undefined);
    assert.equal(omitted['name'], undefined);
    assert.equal(omitted['type'], 'BusStop');
    assert.equal(omitted['stopCode'], 'HK01');
    assert.deepEqual(await retrieve(id, '?attrs=stopCode,averageWait&options=keyValues', transit), {
      id,
      type: 'BusStop',
      stopCode: 'HK01',
      averageWait: 7.5,
    });
    const feature = await call('GET', `/entities/${enc(id)}?pick=stopCode&options=keyValues`, {
      headers: { accept: 'application/geo+json' },
    });
    assert.deepEqual(
      feature.json(),
      {
        id,
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [105.8522, 21.0285] },
        properties: { stopCode: 'HK01' },
        '@context': 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld',
      },
      'a GeoJSON Feature keeps its id and geometry whatever is picked, and names its @context',
    );
    const both = await call('GET', `/entities/${enc(id)}?pick=id&omit=type`);
    assert.deepEqual(refusal(both), { status: 400, type: 'BadRequestData' });
  });

  it('selects entities by attrs in a query and returns only those attributes', async () => {
    const res = await call('GET', '/entities?type=Museum&attrs=openingHours&options=keyValues');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), [
      { id: 'urn:ngsi-ld:Museum:HN-VanMieu', type: 'Museum', openingHours: '08:00-17:00' },
    ]);
    const picked = await call('GET', '/entities?type=Museum&pick=id&options=keyValues');
    assert.deepEqual(picked.json(), [{ id: 'urn:ngsi-ld:Museum:HN-HoaLo' }, { id: 'urn:ngsi-ld:Museum:HN-VanMieu' }]);
  });

  // --- scopes ------------------------------------------------------------------------------------------

  it('keeps scopes and selects by scopeQ: exact, a whole subtree (#), one level down (+), and, or', async () => {
    const place = (n: string, scope: string | string[]) => ({
      id: `urn:ngsi-ld:ParkingSpot:HN-${n}`,
      type: 'ParkingSpot',
      scope,
      status: { type: 'Property', value: 'free' },
    });
    for (const spot of [
      place('HoanKiem', '/Hanoi/HoanKiem'),
      place('HangBac', '/Hanoi/HoanKiem/HangBac'),
      place('BaDinh', ['/Hanoi/BaDinh', '/Hanoi/Tourism']),
      place('LongBien', '/Hanoi/LongBien'),
      place('HaiPhong', '/HaiPhong/LeChan'),
    ]) {
      await create(spot);
    }
    const ids = async (scopeQ: string) => {
      const res = await call('GET', `/entities?type=ParkingSpot&scopeQ=${enc(scopeQ)}`);
      assert.equal(res.statusCode, 200, `${scopeQ}: ${res.body}`);
      return res.json<{ id: string }[]>().map((e) => e.id.replace('urn:ngsi-ld:ParkingSpot:HN-', ''));
    };
    assert.deepEqual(await ids('/Hanoi/HoanKiem'), ['HoanKiem']);
    assert.deepEqual(await ids('/Hanoi/#'), ['BaDinh', 'HangBac', 'HoanKiem', 'LongBien']);
    assert.deepEqual(await ids('/Hanoi/HoanKiem/#'), ['HangBac', 'HoanKiem']);
    assert.deepEqual(await ids('/Hanoi/+'), ['BaDinh', 'HoanKiem', 'LongBien']);
    assert.deepEqual(await ids('/Hanoi/BaDinh;/Hanoi/Tourism'), ['BaDinh']);
    assert.deepEqual(await ids('/Hanoi/LongBien,/HaiPhong/#'), ['HaiPhong', 'LongBien']);
    assert.deepEqual(await ids('/Hanoi/LongBien|/Hanoi/HoanKiem/HangBac'), ['HangBac', 'LongBien']);
    assert.deepEqual(await ids('/HaiPhong/#;/Hanoi/#'), []);

    const spot = 'urn:ngsi-ld:ParkingSpot:HN-BaDinh';
    assert.deepEqual((await retrieve(spot))['scope'], ['/Hanoi/BaDinh', '/Hanoi/Tourism']);
    assert.deepEqual((await retrieve(spot, '?options=keyValues'))['scope'], ['/Hanoi/BaDinh', '/Hanoi/Tourism']);
    assert.deepEqual((await retrieve(spot, '?format=concise'))['scope'], ['/Hanoi/BaDinh', '/Hanoi/Tourism']);

    const merged = await call('PATCH', `/entities/${enc(spot)}`, { body: { scope: 'urn:ngsi-ld:null' } });
    assert.equal(merged.statusCode, 204, merged.body);
    assert.equal((await retrieve(spot))['scope'], undefined, 'scope: NGSI-LD Null takes the scopes away');
    assert.deepEqual(await ids('/#'), ['HaiPhong', 'HangBac', 'HoanKiem', 'LongBien'], 'no scope left is no scope');
    // ';' binds tighter than '|', and parentheses group.
    await call('PATCH', `/entities/${enc(spot)}`, { body: { scope: ['/Hanoi/BaDinh', '/Hanoi/Tourism'] } });
    assert.deepEqual(await ids('/Hanoi/BaDinh;(/Hanoi/Tourism|/Hanoi/LongBien)'), ['BaDinh']);
    assert.deepEqual(await ids('(/Hanoi/BaDinh;/Hanoi/Tourism)|/Hanoi/LongBien'), ['BaDinh', 'LongBien']);
    assert.deepEqual(await ids('/Hanoi/LongBien;/Hanoi/Tourism|/HaiPhong/#'), ['HaiPhong']);
    assert.equal((await call('GET', `/entities?type=ParkingSpot&scopeQ=${enc('(/Hanoi/#')}`)).statusCode, 400);

    for (const bad of ['Hanoi/HoanKiem', '/Hanoi/#', '/Hanoi//BaDinh', '']) {
      const res = await call('POST', '/entities', { body: place('Bad', bad) });
      assert.deepEqual(refusal(res), { status: 400, type: 'BadRequestData' }, JSON.stringify(bad));
    }
  });

  // --- NGSI-LD Null ------------------------------------------------------------------------------------

  it('selects by scopeQ with + standing for one level anywhere in the scope, alone or before /#', async () => {
    const park = (n: string, scope: string) => ({ id: `urn:ngsi-ld:Park:HN-${n}`, type: 'Park', scope });
    for (const p of [
      park('ThongNhat', '/Hanoi/HaiBaTrung/Parks'),
      park('Lenin', '/Hanoi/BaDinh/Parks'),
      park('LeninPlayground', '/Hanoi/BaDinh/Parks/Playgrounds'),
      park('CityParks', '/Hanoi/Parks'),
      park('TamBac', '/HaiPhong/LeChan/Parks'),
      park('Dotted', '/Ha.noi/BaDinh/Parks'),
    ]) {
      await create(p);
    }
    const ids = async (scopeQ: string) => {
      const res = await call('GET', `/entities?type=Park&scopeQ=${enc(scopeQ)}`);
      assert.equal(res.statusCode, 200, `${scopeQ}: ${res.body}`);
      return res.json<{ id: string }[]>().map((e) => e.id.replace('urn:ngsi-ld:Park:HN-', ''));
    };
    assert.deepEqual(await ids('/Hanoi/+/Parks'), ['Lenin', 'ThongNhat'], 'exactly one level between');
    assert.deepEqual(await ids('/+/+/Parks'), ['Dotted', 'Lenin', 'TamBac', 'ThongNhat']);
    assert.deepEqual(await ids('/Hanoi/+/Parks/#'), ['Lenin', 'LeninPlayground', 'ThongNhat']);
    assert.deepEqual(await ids('/Hanoi/+/Parks/+'), ['LeninPlayground']);
    assert.deepEqual(await ids('/+/BaDinh/Parks;/Hanoi/#'), ['Lenin'], 'a level is a name, not a pattern');
    assert.deepEqual(await ids('(/Hanoi/+/Parks|/HaiPhong/+/Parks)'), ['Lenin', 'TamBac', 'ThongNhat']);

    const posted = await call('POST', '/entityOperations/query', {
      body: { type: 'Query', entities: [{ type: 'Park' }], scopeQ: '/HaiPhong/+/Parks' },
    });
    assert.equal(posted.statusCode, 200, posted.body);
    assert.deepEqual(
      posted.json<{ id: string }[]>().map((e) => e.id),
      ['urn:ngsi-ld:Park:HN-TamBac'],
    );
    const subscription = await call('POST', '/subscriptions', {
      body: {
        type: 'Subscription',
        entities: [{ type: 'Park' }],
        scopeQ: '/Hanoi/+/Parks',
        notification: { endpoint: { uri: 'http://127.0.0.1:9/parks' } },
      },
    });
    assert.equal(subscription.statusCode, 201, subscription.body);
    const subscriptionPath = String(subscription.headers['location']).replace('/ngsi-ld/v1', '');
    assert.equal((await call('DELETE', subscriptionPath)).statusCode, 204);
    for (const bad of ['/Hanoi/++/Parks', '/Hanoi/+Parks', '/Hanoi/#/Parks', '/Hanoi//+']) {
      const res = await call('GET', `/entities?type=Park&scopeQ=${enc(bad)}`);
      assert.deepEqual(refusal(res), { status: 400, type: 'BadRequestData' }, bad);
    }
  });

  it('deletes the scope through DELETE /entities/{id}/attrs/scope, and says 404 when there is none', async () => {
    const id = 'urn:ngsi-ld:Park:HN-HoaBinh';
    await create({
      id,
      type: 'Park',
      scope: ['/Hanoi/BacTuLiem', '/Hanoi/Parks'],
      area: { type: 'Property', value: 12 },
    });
    const path = `/entities/${enc(id)}/attrs/scope`;
    const deleted = await call('DELETE', path);
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.deepEqual(await retrieve(id, '?options=keyValues'), { id, type: 'Park', area: 12 });
    const matches = await call('GET', `/entities?type=Park&scopeQ=${enc('/Hanoi/#')}&q=area==12`);
    assert.deepEqual(matches.json(), [], 'the entity is in no scope any more');
    assert.deepEqual(refusal(await call('DELETE', path)), { status: 404, type: 'ResourceNotFound' });

    await call('PATCH', `/entities/${enc(id)}`, { body: { scope: '/Hanoi/Parks' } });
    const byDataset = await call('DELETE', `${path}?datasetId=${enc('urn:ngsi-ld:Dataset:survey')}`);
    assert.deepEqual(refusal(byDataset), { status: 404, type: 'ResourceNotFound' }, 'a scope has no datasets');
    assert.equal((await retrieve(id))['scope'], '/Hanoi/Parks');
    const missing = await call('DELETE', `/entities/${enc('urn:ngsi-ld:Park:HN-None')}/attrs/scope`);
    assert.deepEqual(refusal(missing), { status: 404, type: 'ResourceNotFound' });
  });

  it('deletes with NGSI-LD Null in a merge: whole attributes, sub-attributes, metadata and keys', async () => {
    const id = 'urn:ngsi-ld:TrafficFlowObserved:HN-KimMa';
    await create({
      id,
      type: 'TrafficFlowObserved',
      intensity: {
        type: 'Property',
        value: 1420,
        unitCode: 'E50',
        observedAt: '2026-11-22T07:30:00.000Z',
        measuredBy: { type: 'Relationship', object: 'urn:ngsi-ld:Device:HN-KimMa-Loop-1' },
        accuracy: { type: 'Property', value: 0.95 },
      },
      laneDirection: { type: 'Property', value: 'forward' },
      congested: { type: 'Property', value: true },
      roadName: { type: 'LanguageProperty', languageMap: { vi: 'Kim Mã', en: 'Kim Ma Street', fr: 'Rue Kim Ma' } },
      sensorConfig: { type: 'Property', value: { loops: 2, spacingMetres: 4, firmware: '1.2.0' } },
      lanes: { type: 'ListProperty', valueList: [1, 2, 3] },
      downstream: { type: 'ListRelationship', objectList: ['urn:ngsi-ld:RoadSegment:HN-KimMa-2'] },
      roadClass: { type: 'VocabProperty', vocab: 'primary' },
    });
    const merge = await call('PATCH', `/entities/${enc(id)}`, {
      body: {
        intensity: {
          type: 'Property',
          value: 1510,
          unitCode: 'urn:ngsi-ld:null',
          observedAt: 'urn:ngsi-ld:null',
          measuredBy: { type: 'Relationship', object: 'urn:ngsi-ld:null' },
          accuracy: 'urn:ngsi-ld:null',
        },
        laneDirection: 'urn:ngsi-ld:null',
        congested: { type: 'Property', value: 'urn:ngsi-ld:null' },
        roadName: {
          type: 'LanguageProperty',
          languageMap: { vi: 'Phố Kim Mã', en: 'Kim Ma Street', fr: 'urn:ngsi-ld:null' },
        },
        sensorConfig: { type: 'Property', value: { loops: 2, spacingMetres: 4, firmware: 'urn:ngsi-ld:null' } },
        lanes: { type: 'ListProperty', valueList: ['urn:ngsi-ld:null'] },
        downstream: { type: 'ListRelationship', objectList: [{ object: 'urn:ngsi-ld:null' }] },
        roadClass: { type: 'VocabProperty', vocab: 'urn:ngsi-ld:null' },
      },
    });
    assert.equal(merge.statusCode, 204, merge.body);
    assert.deepEqual(await retrieve(id), {
      id,
      type: 'TrafficFlowObserved',
      intensity: { type: 'Property', value: 1510 },
      roadName: { type: 'LanguageProperty', languageMap: { vi: 'Phố Kim Mã', en: 'Kim Ma Street' } },
      sensorConfig: { type: 'Property', value: { loops: 2, spacingMetres: 4 } },
    });
  });

  it('merges JSON values, object values and language maps key by key', async () => {
    const id = 'urn:ngsi-ld:Building:HN-OperaHouse';
    await create({
      id,
      type: 'Building',
      config: { type: 'JsonProperty', json: { floors: 3, architect: 'François Lagisquet', anythingElse: 'x' } },
      address: { type: 'Property', value: { streetAddress: '1 Tràng Tiền', addressLocality: 'Hoàn Kiếm' } },
      name: { type: 'LanguageProperty', languageMap: { vi: 'Nhà hát Lớn', en: 'Opera House' } },
    });
    const merge = await call('PATCH', `/entities/${enc(id)}`, {
      body: {
        config: { type: 'JsonProperty', json: { anythingElse: 'urn:ngsi-ld:null', seats: 598 } },
        address: { type: 'Property', value: { postalCode: '100000' } },
        name: { type: 'LanguageProperty', languageMap: { fr: 'Opéra de Hanoï' } },
      },
    });
    assert.equal(merge.statusCode, 204, merge.body);
    const kv = await retrieve(id);
    assert.deepEqual(kv['config'], {
      type: 'JsonProperty',
      json: { floors: 3, architect: 'François Lagisquet', seats: 598 },
    });
    assert.deepEqual(kv['address'], {
      type: 'Property',
      value: { streetAddress: '1 Tràng Tiền', addressLocality: 'Hoàn Kiếm', postalCode: '100000' },
    });
    assert.deepEqual(kv['name'], {
      type: 'LanguageProperty',
      languageMap: { vi: 'Nhà hát Lớn', en: 'Opera House', fr: 'Opéra de Hanoï' },
    });
  });

  it('deletes with NGSI-LD Null in a partial attribute update and in an attribute update', async () => {
    const id = 'urn:ngsi-ld:Streetlight:HN-TrangTien-17';
    await create({
      id,
      type: 'Streetlight',
      powerState: {
        type: 'Property',
        value: 'on',
        observedAt: '2026-11-22T18:00:00.000Z',
        controlledBy: { type: 'Relationship', object: 'urn:ngsi-ld:Device:HN-Cabinet-3' },
        dimLevel: { type: 'Property', value: 80, unitCode: 'P1' },
      },
      lampModel: { type: 'Property', value: 'LED-120W' },
    });
    const patched = await call('PATCH', `/entities/${enc(id)}/attrs/powerState`, {
      body: { observedAt: 'urn:ngsi-ld:null', controlledBy: 'urn:ngsi-ld:null' },
    });
    assert.equal(patched.statusCode, 204, patched.body);
    assert.deepEqual((await retrieve(id))['powerState'], {
      type: 'Property',
      value: 'on',
      dimLevel: { type: 'Property', value: 80, unitCode: 'P1' },
    });
    const subNull = await call('PATCH', `/entities/${enc(id)}/attrs/powerState`, {
      body: { type: 'Property', value: 'off', dimLevel: { type: 'Property', value: 'urn:ngsi-ld:null' } },
    });
    assert.equal(subNull.statusCode, 204, subNull.body);
    assert.deepEqual((await retrieve(id))['powerState'], { type: 'Property', value: 'off' });

    const updated = await call('PATCH', `/entities/${enc(id)}/attrs`, {
      body: {
        lampModel: 'urn:ngsi-ld:null',
        powerState: {
          type: 'Property',
          value: 'on',
          observedAt: 'urn:ngsi-ld:null',
          dimLevel: 'urn:ngsi-ld:null',
        },
      },
    });
    assert.equal(updated.statusCode, 204, updated.body);
    assert.deepEqual(await retrieve(id), { id, type: 'Streetlight', powerState: { type: 'Property', value: 'on' } });
  });

  it('appends in an attribute update what the entity lacks: attributes and dataset instances (§5.6.2)', async () => {
    const id = 'urn:ngsi-ld:Streetlight:HN-TrangTien-20';
    await create({
      id,
      type: 'Streetlight',
      powerState: { type: 'Property', value: 'off' },
      luminosity: { type: 'Property', value: 0, datasetId: 'urn:ngsi-ld:Dataset:meter' },
    });
    const updated = await call('PATCH', `/entities/${enc(id)}/attrs`, {
      body: {
        powerState: { type: 'Property', value: 'on' },
        luminosity: { type: 'Property', value: 3200, datasetId: 'urn:ngsi-ld:Dataset:camera' },
        lampModel: { type: 'Property', value: 'LED-120W' },
        circuit: { type: 'Relationship', object: 'urn:ngsi-ld:Circuit:HN-TrangTien' },
      },
    });
    assert.equal(updated.statusCode, 204, updated.body);
    const entity = await retrieve(id);
    assert.deepEqual(entity['powerState'], { type: 'Property', value: 'on' });
    assert.deepEqual(entity['lampModel'], { type: 'Property', value: 'LED-120W' });
    assert.deepEqual(entity['circuit'], { type: 'Relationship', object: 'urn:ngsi-ld:Circuit:HN-TrangTien' });
    assert.deepEqual(entity['luminosity'], [
      { type: 'Property', value: 0, datasetId: 'urn:ngsi-ld:Dataset:meter' },
      { type: 'Property', value: 3200, datasetId: 'urn:ngsi-ld:Dataset:camera' },
    ]);

    // An NGSI-LD Null deletes what exists; naming what does not exist changes nothing and is reported.
    const nulls = await call('PATCH', `/entities/${enc(id)}/attrs`, {
      body: { lampModel: 'urn:ngsi-ld:null', colourTemperature: 'urn:ngsi-ld:null' },
    });
    assert.equal(nulls.statusCode, 207, nulls.body);
    assert.deepEqual(nulls.json(), {
      updated: ['lampModel'],
      notUpdated: [
        { attributeName: 'colourTemperature', reason: 'The entity has no such attribute (or datasetId) to delete.' },
      ],
    });
    const after = await retrieve(id);
    assert.equal(after['lampModel'], undefined);
    assert.equal(after['colourTemperature'], undefined);
  });

  it('refuses NGSI-LD Null where nothing can be deleted: in a create or a replacement', async () => {
    const created = await call('POST', '/entities', {
      body: { id: 'urn:ngsi-ld:Streetlight:HN-TrangTien-18', type: 'Streetlight', lampModel: 'urn:ngsi-ld:null' },
    });
    assert.deepEqual(refusal(created), { status: 400, type: 'BadRequestData' });
    const replaced = await call('PUT', `/entities/${enc('urn:ngsi-ld:Streetlight:HN-TrangTien-17')}/attrs/powerState`, {
      body: { type: 'Property', value: 'urn:ngsi-ld:null' },
    });
    assert.deepEqual(refusal(replaced), { status: 400, type: 'BadRequestData' });
  });

  // --- refusals: status and error type ----------------------------------------------------------------

  it('refuses a Link header on an application/ld+json request, and two @context Links', async () => {
    const jsonLd = await call('POST', '/entities', {
      body: { ...boHoStop('urn:ngsi-ld:BusStop:HN-HK-010'), '@context': [TRANSIT_CONTEXT_URL, CORE] },
      headers: { 'content-type': 'application/ld+json', ...transit },
    });
    assert.deepEqual(refusal(jsonLd), { status: 400, type: 'BadRequestData' });
    const batch = await call('POST', '/entityOperations/create', {
      body: [{ ...boHoStop('urn:ngsi-ld:BusStop:HN-HK-011'), '@context': [TRANSIT_CONTEXT_URL, CORE] }],
      headers: { 'content-type': 'application/ld+json', ...transit },
    });
    assert.deepEqual(refusal(batch), { status: 400, type: 'BadRequestData' });
    const twoLinks = await call('GET', `/entities/${enc('urn:ngsi-ld:BusStop:HN-HK-001')}`, {
      headers: { link: `${linkTo(TRANSIT_CONTEXT_URL)}, ${linkTo(CORE)}` },
    });
    assert.deepEqual(refusal(twoLinks), { status: 400, type: 'BadRequestData' });
    assert.equal((await call('GET', `/entities/${enc('urn:ngsi-ld:BusStop:HN-HK-010')}`)).statusCode, 404);
  });

  it('refuses attributes named id, type, scope or @context, in a body or a path', async () => {
    const stop = 'urn:ngsi-ld:BusStop:HN-HK-001';
    const cases: [Method, string, unknown][] = [
      ['POST', `/entities/${enc(stop)}/attrs`, { id: { type: 'Property', value: 'HK-01' } }],
      ['PATCH', `/entities/${enc(stop)}/attrs/id`, { type: 'Property', value: 'HK-01' }],
      ['PUT', `/entities/${enc(stop)}/attrs/type`, { type: 'Property', value: 'Kiosk' }],
      ['PATCH', `/entities/${enc(stop)}/attrs/${enc('@context')}`, { type: 'Property', value: CORE }],
      ['PATCH', `/entities/${enc(stop)}/attrs/scope`, { type: 'Property', value: '/Hanoi' }],
      ['DELETE', `/entities/${enc(stop)}/attrs/id`, undefined],
      ['DELETE', `/entities/${enc(stop)}/attrs/type`, undefined],
      [
        'POST',
        '/entities',
        { id: 'urn:ngsi-ld:BusStop:HN-HK-012', type: 'BusStop', stopCode: { type: 'Property', value: 'HK12', id: 1 } },
      ],
      ['POST', '/entities', { id: 'urn:ngsi-ld:BusStop:HN-HK-012', type: 'BusStop', '@id': 'urn:x:1' }],
    ];
    for (const [method, url, body] of cases) {
      const res = await call(method, url, body === undefined ? {} : { body });
      assert.deepEqual(refusal(res), { status: 400, type: 'BadRequestData' }, `${method} ${url}`);
    }
    const inJson = await call('POST', `/entities/${enc(stop)}/attrs`, { body: { '@context': CORE } });
    assert.deepEqual(refusal(inJson), { status: 400, type: 'BadRequestData' });
    assert.deepEqual((await retrieve(stop, '?options=keyValues&pick=stopCode', transit))['stopCode'], 'HK01');
  });

  it('refuses malformed entities with BadRequestData', async () => {
    const base = { id: 'urn:ngsi-ld:BusStop:HN-HK-013', type: 'BusStop' };
    const cases: [string, unknown][] = [
      ['an empty type array', { ...base, type: [] }],
      ['a Relationship without object', { ...base, operator: { type: 'Relationship' } }],
      ['a Relationship with a value instead', { ...base, operator: { type: 'Relationship', value: 'urn:x:1' } }],
      ['a datasetId that is not a URI', { ...base, stopCode: { type: 'Property', value: 'HK13', datasetId: 'gtfs' } }],
      ['a ListProperty without a list', { ...base, headways: { type: 'ListProperty', valueList: 10 } }],
      ['a ListRelationship of non-URIs', { ...base, nextStops: { type: 'ListRelationship', objectList: ['HK14'] } }],
      ['a LanguageProperty of numbers', { ...base, name: { type: 'LanguageProperty', languageMap: { vi: 1 } } }],
      ['a VocabProperty without vocab', { ...base, category: { type: 'VocabProperty', value: 'busStop' } }],
      ['a JsonProperty without json', { ...base, timetable: { type: 'JsonProperty', value: {} } }],
    ];
    for (const [what, body] of cases) {
      assert.deepEqual(
        refusal(await call('POST', '/entities', { body })),
        { status: 400, type: 'BadRequestData' },
        what,
      );
    }
    const merged = await call('PATCH', `/entities/${enc('urn:ngsi-ld:BusStop:HN-HK-001')}`, { body: { type: [] } });
    assert.deepEqual(refusal(merged), { status: 400, type: 'BadRequestData' });
    assert.equal((await call('GET', `/entities/${enc(base.id)}`)).statusCode, 404);
  });

  it('refuses an unknown format or option with InvalidRequest, a datasetId that is no URI with BadRequestData', async () => {
    const stop = enc('urn:ngsi-ld:BusStop:HN-HK-001');
    for (const query of ['format=compact', 'format=', 'options=keyvalues']) {
      const res = await call('GET', `/entities/${stop}?${query}`);
      assert.deepEqual(refusal(res), { status: 400, type: 'InvalidRequest' }, query);
    }
    const res = await call('GET', `/entities/${stop}?datasetId=gtfs`);
    assert.deepEqual(refusal(res), { status: 400, type: 'BadRequestData' });
  });

  it('answers 406 NotAcceptable for an Accept it cannot serve, and 415 for a body it cannot read', async () => {
    const stop = enc('urn:ngsi-ld:BusStop:HN-HK-001');
    assert.deepEqual(refusal(await call('GET', `/entities/${stop}`, { headers: { accept: 'application/xml' } })), {
      status: 406,
      type: 'NotAcceptable',
    });
    const query = await call('GET', '/entities?type=BusStop', { headers: { accept: 'text/csv' } });
    assert.deepEqual(refusal(query), { status: 406, type: 'NotAcceptable' });
    const served = await call('GET', `/entities/${stop}`, {
      headers: { accept: 'application/xml, application/json;q=0.5' },
    });
    assert.equal(served.statusCode, 200, 'an acceptable alternative is served');

    const xml = '<entity id="urn:ngsi-ld:BusStop:HN-HK-014"/>';
    for (const [method, url] of [
      ['POST', '/entities'],
      ['PATCH', `/entities/${stop}/attrs/stopCode`],
      ['POST', `/entities/${stop}/attrs`],
      ['POST', '/entityOperations/upsert'],
    ] as const) {
      const res = await call(method, url, { body: xml, headers: { 'content-type': 'application/xml' } });
      assert.equal(res.statusCode, 415, `${method} ${url}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    }
  });

  it('tells a missing entity from a missing attribute on a partial update, both 404 ResourceNotFound', async () => {
    const missingEntity = await call('PATCH', `/entities/${enc('urn:ngsi-ld:BusStop:HN-HK-999')}/attrs/stopCode`, {
      body: { value: 'HK99' },
    });
    assert.deepEqual(refusal(missingEntity), { status: 404, type: 'ResourceNotFound' });
    assert.match(problemOf(missingEntity).detail, /HN-HK-999 does not exist/);
    const missingAttribute = await call('PATCH', `/entities/${enc('urn:ngsi-ld:BusStop:HN-HK-001')}/attrs/platform`, {
      body: { value: 'B' },
    });
    assert.deepEqual(refusal(missingAttribute), { status: 404, type: 'ResourceNotFound' });
    assert.match(problemOf(missingAttribute).detail, /no attribute/);
  });

  it('refuses a datasetId that is not a URI in a body, a patch or a delete', async () => {
    const stop = enc('urn:ngsi-ld:BusStop:HN-HK-001');
    const patch = await call('PATCH', `/entities/${stop}/attrs/stopCode`, {
      body: { value: 'HK1', datasetId: 'gtfs' },
    });
    assert.deepEqual(refusal(patch), { status: 400, type: 'BadRequestData' });
    const append = await call('POST', `/entities/${stop}/attrs`, {
      body: { stopCode: { type: 'Property', value: 'HK1', datasetId: 'gtfs feed' } },
    });
    assert.deepEqual(refusal(append), { status: 400, type: 'BadRequestData' });
    const deleted = await call('DELETE', `/entities/${stop}/attrs/stopCode?datasetId=gtfs`);
    assert.deepEqual(refusal(deleted), { status: 400, type: 'BadRequestData' });
    assert.equal((await retrieve('urn:ngsi-ld:BusStop:HN-HK-001', '?options=keyValues', transit))['stopCode'], 'HK01');
  });

  it('finds an entity whose id holds percent-escapes by that very id', async () => {
    const id = 'urn:ngsi-ld:Street:H%C3%A0ng-B%E1%BA%A1c';
    await create({ id, type: 'Street', name: { type: 'Property', value: 'Hàng Bạc' } });
    assert.equal((await retrieve(id))['id'], id);
    assert.equal((await call('DELETE', `/entities/${enc(id)}`)).statusCode, 204);
  });

  it('is reached as clients write it: a trailing slash, the id as given in Location, DELETE with a JSON type and no body', async () => {
    const id = 'urn:ngsi-ld:BusStop:HN-HK-trailing';
    const created = await call('POST', '/entities/', { body: { id, type: 'BusStop' } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['location'], `/ngsi-ld/v1/entities/${id}`, 'colons need no escaping in a path');
    const appended = await call('POST', `/entities/${id}/attrs/`, {
      body: { stopCode: { type: 'Property', value: 'HK09' } },
    });
    assert.equal(appended.statusCode, 204, appended.body);
    const listed = await call('GET', '/entities/?type=BusStop&id=' + enc(id));
    assert.equal(listed.statusCode, 200, listed.body);
    assert.equal(listed.json<unknown[]>().length, 1);
    const subscribed = await call('POST', '/subscriptions/', {
      body: {
        type: 'Subscription',
        entities: [{ type: 'BusStop' }],
        notification: { endpoint: { uri: 'http://receiver.example/n' } },
      },
    });
    assert.equal(subscribed.statusCode, 201, subscribed.body);
    assert.match(String(subscribed.headers['location']), /^\/ngsi-ld\/v1\/subscriptions\/urn:ngsi-ld:Subscription:/);
    for (const url of [String(subscribed.headers['location']).replace('/ngsi-ld/v1', ''), `/entities/${id}`]) {
      const deleted = await call('DELETE', url, { headers: { 'content-type': 'application/json' } });
      assert.equal(deleted.statusCode, 204, deleted.body);
    }
    assert.equal((await call('GET', `/entities/${id}`)).statusCode, 404);
  });

  it('gives a Location that escapes only what a path segment may not hold', async () => {
    const id = 'urn:ngsi-ld:Street:Hàng-Bạc/1%20';
    const created = await call('POST', '/entities', { body: { id, type: 'Street' } });
    assert.equal(created.statusCode, 201, created.body);
    const location = String(created.headers['location']);
    assert.equal(location, '/ngsi-ld/v1/entities/urn:ngsi-ld:Street:H%C3%A0ng-B%E1%BA%A1c%2F1%2520');
    assert.equal((await call('GET', location.replace('/ngsi-ld/v1', ''))).json<{ id: string }>().id, id);
  });
});
