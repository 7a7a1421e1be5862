import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import type { EntityChange } from '../platform/bus.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../test/support/ngsi.js';

const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld';
const HANOI_CONTEXT_URL = 'https://contexts.hanoi.example/air-quality.jsonld';
const UNREACHABLE_CONTEXT = 'http://127.0.0.1:9/never.jsonld';
const linkTo = (url: string) => `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;

/** A user @context served from a local file through the alias map, as on an air-gapped site. */
function aliasFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thanglong-contexts-'));
  writeFileSync(
    join(dir, 'air-quality.jsonld'),
    JSON.stringify({
      '@context': {
        sosa: 'http://www.w3.org/ns/sosa/',
        AirQualityObserved: 'https://smartdatamodels.org/dataModel.Environment/AirQualityObserved',
        pm25: 'https://smartdatamodels.org/dataModel.Environment/pm25',
        refDevice: 'https://smartdatamodels.org/refDevice',
      },
    }),
  );
  const map = join(dir, 'aliases.json');
  writeFileSync(map, JSON.stringify({ [HANOI_CONTEXT_URL]: 'air-quality.jsonld' }));
  return map;
}

const station = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `urn:ngsi-ld:AirQualityObserved:HN-${String(n).padStart(3, '0')}`,
  type: 'AirQualityObserved',
  pm25: { type: 'Property', value: 40 + n, unitCode: 'GQ', observedAt: '2026-11-22T01:00:00Z' },
  name: { type: 'Property', value: `Trạm ${n}` },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.85 + n / 1000, 21.03] } },
  ...extra,
});

describeEachDriver('NGSI-LD entities', (ctx) => {
  let app: App;
  let operator: Account;
  let viewer: Account;
  let cityAdmin: Account;
  const changes: EntityChange[] = [];

  before(async () => {
    app = await buildTestApp(ctx.db, { CONTEXT_ALIASES: aliasFile(), CONTEXT_FETCH_TIMEOUT: '1s' });
    app.bus.subscribe('context.entity', (e) => changes.push(e));
    operator = await accountWith(app, ['operator']);
    viewer = await accountWith(app, ['viewer']);
    cityAdmin = await accountWith(app, ['admin'], '*');
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  const ngsiError = ngsiErrorType;
  const enc = encodeURIComponent;

  it('creates an entity: 201 with its Location, then returns it as sent, with the core @context link', async () => {
    const res = await call('POST', '/entities', { body: station(1) });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['location'], '/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:HN-001');
    const got = await call('GET', `/entities/${enc('urn:ngsi-ld:AirQualityObserved:HN-001')}`, { who: viewer });
    assert.equal(got.statusCode, 200);
    assert.match(
      String(got.headers['link']),
      /ngsi-ld-core-context-v1\.9\.jsonld>; rel="http:\/\/www\.w3\.org\/ns\/json-ld#context"/,
    );
    const sent = station(1);
    // Date-times come back in UTC, to the precision sent.
    assert.deepEqual(got.json(), sent);
    const change = changes.find((c) => c.entityId === 'urn:ngsi-ld:AirQualityObserved:HN-001');
    assert.equal(change?.kind, 'created');
    assert.deepEqual(change?.types, ['https://uri.etsi.org/ngsi-ld/default-context/AirQualityObserved']);
  });

  it('renders keyValues, concise, sysAttrs and attribute selection', async () => {
    const id = enc('urn:ngsi-ld:AirQualityObserved:HN-001');
    const kv = (await call('GET', `/entities/${id}?options=keyValues`)).json<Record<string, unknown>>();
    assert.deepEqual(kv, {
      id: 'urn:ngsi-ld:AirQualityObserved:HN-001',
      type: 'AirQualityObserved',
      pm25: 41,
      name: 'Trạm 1',
      location: { type: 'Point', coordinates: [105.851, 21.03] },
    });
    const concise = (await call('GET', `/entities/${id}?format=concise`)).json<Record<string, unknown>>();
    assert.deepEqual(concise['name'], 'Trạm 1');
    assert.deepEqual(concise['pm25'], { value: 41, unitCode: 'GQ', observedAt: '2026-11-22T01:00:00Z' });
    const sys = (await call('GET', `/entities/${id}?options=sysAttrs&attrs=pm25`)).json<
      Record<string, Record<string, unknown>>
    >();
    assert.ok(
      sys['pm25']?.['createdAt'] && sys['pm25']['modifiedAt'],
      "sys['pm25']?.['createdAt'] && sys['pm25']['modifiedAt']",
    );
    assert.ok(sys['createdAt'], "sys['createdAt']");
    assert.equal(sys['name'], undefined, 'attrs selects what is returned');
  });

  it('answers in JSON-LD with the @context in the body, and GeoJSON on request', async () => {
    const id = enc('urn:ngsi-ld:AirQualityObserved:HN-001');
    const ld = await call('GET', `/entities/${id}`, { headers: { accept: 'application/ld+json' } });
    assert.equal(ld.headers['content-type'], 'application/ld+json');
    assert.equal(
      ld.json<Record<string, unknown>>()['@context'],
      'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld',
    );
    const geo = await call('GET', `/entities/${id}?options=keyValues`, { headers: { accept: 'application/geo+json' } });
    const feature = geo.json<{ type: string; geometry: unknown; properties: Record<string, unknown> }>();
    assert.equal(feature.type, 'Feature');
    assert.deepEqual(feature.geometry, { type: 'Point', coordinates: [105.851, 21.03] });
    assert.equal(feature.properties['pm25'], 41);
    // GeoJSON carries its @context in the body, as JSON-LD does.
    assert.equal(
      geo.json<Record<string, unknown>>()['@context'],
      'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld',
    );
    assert.equal(geo.headers['link'], undefined);
    const refused = await call('GET', `/entities/${id}`, { headers: { accept: 'text/html' } });
    assert.equal(refused.statusCode, 406);
    assert.equal(ngsiError(refused), 'NotAcceptable');
  });

  it('expands names with a user @context from the alias map, and compacts them back only with it', async () => {
    const body = {
      id: 'urn:ngsi-ld:AirQualityObserved:HN-100',
      type: 'AirQualityObserved',
      pm25: { type: 'Property', value: 88 },
      refDevice: { type: 'Relationship', object: 'urn:ngsi-ld:Device:HN-100' },
    };
    const created = await call('POST', '/entities', { body, headers: { link: linkTo(HANOI_CONTEXT_URL) } });
    assert.equal(created.statusCode, 201, created.body);
    const withContext = await call('GET', `/entities/${enc(body.id)}`, {
      headers: { link: linkTo(HANOI_CONTEXT_URL) },
    });
    assert.deepEqual(withContext.json(), body);
    assert.match(String(withContext.headers['link']), /air-quality\.jsonld/);
    const coreOnly = (await call('GET', `/entities/${enc(body.id)}`)).json<Record<string, unknown>>();
    assert.equal(coreOnly['type'], 'https://smartdatamodels.org/dataModel.Environment/AirQualityObserved');
    assert.ok(
      'https://smartdatamodels.org/dataModel.Environment/pm25' in coreOnly,
      "'https://smartdatamodels.org/dataModel.Environment/pm25' in coreOnly",
    );

    const inline = await call('POST', '/entities', {
      body: { ...body, id: 'urn:ngsi-ld:AirQualityObserved:HN-101', '@context': [HANOI_CONTEXT_URL, CORE] },
      headers: { 'content-type': 'application/ld+json' },
    });
    assert.equal(inline.statusCode, 201, inline.body);
    const byType = await call(
      'GET',
      `/entities?type=${enc('https://smartdatamodels.org/dataModel.Environment/AirQualityObserved')}`,
    );
    assert.deepEqual(
      byType.json<{ id: string }[]>().map((e) => e.id),
      ['urn:ngsi-ld:AirQualityObserved:HN-100', 'urn:ngsi-ld:AirQualityObserved:HN-101'],
    );
  });

  it('fails fast with LdContextNotAvailable for a context it cannot get, and writes nothing', async () => {
    const started = Date.now();
    const res = await call('POST', '/entities', {
      body: station(7),
      headers: { link: linkTo(UNREACHABLE_CONTEXT) },
    });
    assert.equal(res.statusCode, 503);
    assert.equal(ngsiError(res), 'LdContextNotAvailable');
    assert.ok(Date.now() - started < 3000, 'within the fetch timeout');
    assert.equal((await call('GET', `/entities/${enc(station(7).id)}`)).statusCode, 404);
  });

  it('rejects bad input with the NGSI-LD error types and changes nothing', async () => {
    const cases: { body: unknown; headers?: Record<string, string>; status: number; type: string }[] = [
      { body: '{"id": "urn:x", ', status: 400, type: 'InvalidRequest' },
      { body: station(1), status: 409, type: 'AlreadyExists' },
      { body: { ...station(2), id: 'not a uri' }, status: 400, type: 'BadRequestData' },
      { body: { id: 'urn:ngsi-ld:X:1' }, status: 400, type: 'BadRequestData' },
      { body: { ...station(2), pm25: { type: 'Property' } }, status: 400, type: 'BadRequestData' },
      { body: { ...station(2), pm25: { type: 'Magic', value: 1 } }, status: 400, type: 'BadRequestData' },
      {
        body: { ...station(2), refDevice: { type: 'Relationship', object: 'not a uri' } },
        status: 400,
        type: 'BadRequestData',
      },
      {
        body: { ...station(2), location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [500, 21] } } },
        status: 400,
        type: 'BadRequestData',
      },
      {
        body: { ...station(2), pm25: { type: 'Property', value: 1, observedAt: 'yesterday' } },
        status: 400,
        type: 'BadRequestData',
      },
      { body: { ...station(2), 'bad name': 1 }, status: 400, type: 'BadRequestData' },
      { body: { ...station(2), '@context': CORE }, status: 400, type: 'BadRequestData' },
      { body: station(2), headers: { 'content-type': 'application/ld+json' }, status: 400, type: 'BadRequestData' },
    ];
    for (const c of cases) {
      const res = await call('POST', '/entities', { body: c.body, ...(c.headers ? { headers: c.headers } : {}) });
      assert.equal(res.statusCode, c.status, `${JSON.stringify(c.body).slice(0, 80)}: ${res.body}`);
      assert.equal(ngsiError(res), c.type, res.body);
    }
    assert.equal((await call('GET', `/entities/${enc(station(2).id)}`)).statusCode, 404);
    assert.equal((await call('GET', '/entities/not%20a%20uri')).statusCode, 400);
  });

  it('appends attributes, keeping existing ones with noOverwrite (207)', async () => {
    await call('POST', '/entities', { body: station(3) });
    const id = enc(station(3).id);
    const appended = await call('POST', `/entities/${id}/attrs`, {
      body: { pm10: { type: 'Property', value: 63 }, name: { type: 'Property', value: 'Đổi tên' } },
    });
    assert.equal(appended.statusCode, 204, appended.body);
    const kept = await call('POST', `/entities/${id}/attrs?options=noOverwrite`, {
      body: { name: { type: 'Property', value: 'Không đổi' }, no2: { type: 'Property', value: 30 } },
    });
    assert.equal(kept.statusCode, 207);
    assert.deepEqual(kept.json<{ updated: string[]; notUpdated: { attributeName: string }[] }>().updated, ['no2']);
    assert.equal(kept.json<{ notUpdated: { attributeName: string }[] }>().notUpdated[0]?.attributeName, 'name');
    const kv = (await call('GET', `/entities/${id}?options=keyValues`)).json<Record<string, unknown>>();
    assert.equal(kv['name'], 'Đổi tên');
    assert.equal(kv['pm10'], 63);
    assert.equal(kv['no2'], 30);
  });

  it('updates existing attributes, appends the others, and patches one attribute in place', async () => {
    const id = enc(station(3).id);
    const updated = await call('PATCH', `/entities/${id}/attrs`, {
      body: {
        pm25: { type: 'Property', value: 150, observedAt: '2026-11-22T02:00:00Z' },
        o3: { type: 'Property', value: 5 },
      },
    });
    assert.equal(updated.statusCode, 204, updated.body);
    assert.equal((await call('GET', `/entities/${id}?options=keyValues&attrs=o3`)).json<{ o3: number }>().o3, 5);
    const patched = await call('PATCH', `/entities/${id}/attrs/pm25`, { body: { value: 151 } });
    assert.equal(patched.statusCode, 204, patched.body);
    const pm25 = (await call('GET', `/entities/${id}?attrs=pm25`)).json<{ pm25: Record<string, unknown> }>().pm25;
    assert.deepEqual(pm25, { type: 'Property', value: 151, observedAt: '2026-11-22T02:00:00Z' });
    const missing = await call('PATCH', `/entities/${id}/attrs/so2`, { body: { value: 1 } });
    assert.equal(missing.statusCode, 404);
    assert.equal(ngsiError(missing), 'ResourceNotFound');
    const replaced = await call('PUT', `/entities/${id}/attrs/pm10`, {
      body: { type: 'Property', value: 70, unitCode: 'GQ' },
    });
    assert.equal(replaced.statusCode, 204);
  });

  it('keeps several instances of an attribute by datasetId and deletes them one by one or all', async () => {
    const id = enc(station(3).id);
    await call('POST', `/entities/${id}/attrs`, {
      body: {
        temperature: [
          { type: 'Property', value: 24, datasetId: 'urn:ngsi-ld:Dataset:sensor-a' },
          { type: 'Property', value: 25, datasetId: 'urn:ngsi-ld:Dataset:sensor-b' },
        ],
      },
    });
    const both = (await call('GET', `/entities/${id}?attrs=temperature`)).json<{ temperature: unknown[] }>();
    assert.equal(both.temperature.length, 2);
    const one = await call(
      'DELETE',
      `/entities/${id}/attrs/temperature?datasetId=${enc('urn:ngsi-ld:Dataset:sensor-a')}`,
    );
    assert.equal(one.statusCode, 204);
    const left = (await call('GET', `/entities/${id}?attrs=temperature`)).json<{ temperature: { value: number } }>();
    assert.equal(left.temperature.value, 25);
    assert.equal((await call('DELETE', `/entities/${id}/attrs/temperature?deleteAll=true`)).statusCode, 204);
    assert.equal((await call('DELETE', `/entities/${id}/attrs/temperature`)).statusCode, 404);
  });

  it('merges with PATCH (NGSI-LD Null deletes) and replaces with PUT', async () => {
    const id = enc(station(3).id);
    const merged = await call('PATCH', `/entities/${id}`, {
      body: { pm10: 'urn:ngsi-ld:null', status: { type: 'Property', value: 'ok' } },
    });
    assert.equal(merged.statusCode, 204, merged.body);
    const kv = (await call('GET', `/entities/${id}?options=keyValues`)).json<Record<string, unknown>>();
    assert.equal(kv['pm10'], undefined);
    assert.equal(kv['status'], 'ok');
    const put = await call('PUT', `/entities/${id}`, {
      body: { type: 'AirQualityObserved', pm25: { type: 'Property', value: 9 } },
    });
    assert.equal(put.statusCode, 204, put.body);
    const after = (await call('GET', `/entities/${id}?options=keyValues`)).json<Record<string, unknown>>();
    assert.deepEqual(after, { id: station(3).id, type: 'AirQualityObserved', pm25: 9 });
    assert.ok(
      changes.some((c) => c.entityId === station(3).id && c.kind === 'updated' && c.attributes.length > 0),
      "changes.some((c) => c.entityId === station(3).id && c.kind === 'updated' && c.attributes.length > 0)",
    );
  });

  it('queries by type, id, idPattern and attrs, pages with limit/offset and counts', async () => {
    for (const n of [10, 11, 12, 13]) await call('POST', '/entities', { body: station(n) });
    const page = await call('GET', '/entities?type=AirQualityObserved&idPattern=HN-01.&limit=2&offset=1&count=true');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['ngsild-results-count'], '4');
    assert.deepEqual(
      page.json<{ id: string }[]>().map((e) => e.id),
      [station(11).id, station(12).id],
    );
    // Links to the pages around it, the query kept (§5.5.9); the last page has no next one.
    const links = String(page.headers['link']);
    assert.match(
      links,
      /<\/ngsi-ld\/v1\/entities\?type=AirQualityObserved&idPattern=HN-01.&limit=2&offset=0&count=true>;rel="prev"/,
    );
    assert.match(
      links,
      /<\/ngsi-ld\/v1\/entities\?type=AirQualityObserved&idPattern=HN-01.&limit=2&offset=3&count=true>;rel="next"/,
    );
    const last = await call('GET', '/entities?type=AirQualityObserved&idPattern=HN-01.&limit=2&offset=2');
    assert.equal(last.json<unknown[]>().length, 2);
    assert.doesNotMatch(String(last.headers['link']), /rel="next"/);
    const byId = await call(
      'GET',
      `/entities?type=AirQualityObserved&id=${enc(station(10).id)},${enc(station(13).id)}&options=keyValues`,
    );
    assert.deepEqual(
      byId.json<{ pm25: number }[]>().map((e) => e.pm25),
      [50, 53],
    );
    const withAttr = await call('GET', '/entities?attrs=status,no2');
    assert.deepEqual(
      withAttr.json<{ id: string }[]>().map((e) => e.id),
      [],
    );
    const countOnly = await call('GET', '/entities?type=AirQualityObserved&limit=0&count=true');
    assert.deepEqual(countOnly.json(), []);
    assert.ok(
      Number(countOnly.headers['ngsild-results-count']) >= 5,
      "Number(countOnly.headers['ngsild-results-count']) >= 5",
    );
  });

  it('filters with the query language and geo-queries, nearest first, and answers GeoJSON', async () => {
    const q = await call(
      'GET',
      `/entities?type=AirQualityObserved&q=${enc('pm25>=51;pm25<53|name=="Trạm 10"')}&options=keyValues`,
    );
    assert.equal(q.statusCode, 200, q.body);
    assert.deepEqual(
      q.json<{ id: string }[]>().map((e) => e.id),
      [station(10).id, station(11).id, station(12).id],
    );
    // Stations 10-13 stand 10-13 m apart along a parallel at 105.86°E; ask from the east.
    const near = await call(
      'GET',
      `/entities?type=AirQualityObserved&georel=${enc('near;maxDistance==1500')}&geometry=Point&coordinates=${enc('[105.864,21.03]')}&options=keyValues&idPattern=HN-01`,
    );
    assert.equal(near.statusCode, 200, near.body);
    assert.deepEqual(
      near.json<{ id: string }[]>().map((e) => e.id),
      [station(13).id, station(12).id, station(11).id, station(10).id],
    );
    const geo = await call('GET', `/entities?type=AirQualityObserved&idPattern=HN-01&options=keyValues`, {
      headers: { accept: 'application/geo+json' },
    });
    const collection = geo.json<{ type: string; features: { geometry: { type: string } }[] }>();
    assert.equal(collection.type, 'FeatureCollection');
    assert.ok(geo.json<Record<string, unknown>>()['@context'], 'the collection carries the @context');
    assert.equal(collection.features.length, 4);
    assert.equal(collection.features[0]?.geometry.type, 'Point');
    const badGeo = await call(
      'GET',
      `/entities?type=AirQualityObserved&georel=near&geometry=Polygon&coordinates=${enc('[1,2]')}`,
    );
    assert.equal(badGeo.statusCode, 400);
    const badQ = await call('GET', `/entities?type=AirQualityObserved&q=${enc('pm25>>3')}`);
    assert.equal(badQ.statusCode, 400);
    assert.equal(ngsiError(badQ), 'BadRequestData');
  });

  it('finds an entity by each of its types, following every change of its types', async () => {
    const id = 'urn:ngsi-ld:Camera:HN-KimMa-01';
    const ids = async (type: string) =>
      (await call('GET', `/entities?type=${type}&idPattern=Camera`)).json<{ id: string }[]>().map((e) => e.id);
    await call('POST', '/entities', { body: { id, type: 'TrafficCamera', status: 'online' } });
    assert.deepEqual(await ids('TrafficCamera'), [id]);
    await call('PATCH', `/entities/${enc(id)}`, { body: { type: 'Device', status: 'online' } });
    assert.deepEqual(await ids('Device'), [id]);
    assert.deepEqual(await ids('TrafficCamera'), [id], 'a merge adds a type');
    await call('PUT', `/entities/${enc(id)}`, { body: { type: 'SpeedCamera', status: 'online' } });
    assert.deepEqual(await ids('SpeedCamera'), [id]);
    assert.deepEqual(await ids('TrafficCamera'), [], 'a replace drops the old types');
    await call('DELETE', `/entities/${enc(id)}`);
    assert.deepEqual(await ids('SpeedCamera'), []);
  });

  it('refuses queries that are unbounded, too large or malformed', async () => {
    const none = await call('GET', '/entities');
    assert.equal(ngsiError(none), 'BadRequestData');
    const tooMany = await call('GET', '/entities?type=AirQualityObserved&limit=5000');
    assert.equal(tooMany.statusCode, 403);
    assert.equal(ngsiError(tooMany), 'TooManyResults');
    for (const bad of ['type=(A|', 'idPattern=([', `idPattern=${enc('(a{200}){100}')}`, 'limit=-1', 'count=maybe']) {
      const res = await call('GET', `/entities?${bad}`);
      assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
      assert.equal(ngsiError(res), 'BadRequestData');
    }
    // Not well formed: an option that does not exist, a parameter given twice.
    for (const malformed of ['options=fancy', 'type=A&type=B']) {
      const res = await call('GET', `/entities?${malformed}`);
      assert.equal(res.statusCode, 400, `${malformed}: ${res.body}`);
      assert.equal(ngsiError(res), 'InvalidRequest');
    }
  });

  it('keeps tenants apart: created on first write, unknown ones are NonexistentTenant', async () => {
    const tenant = { 'ngsild-tenant': 'hanoi_water' };
    const gauge = {
      id: 'urn:ngsi-ld:WaterLevel:ToLich-01',
      type: 'WaterLevelObserved',
      level: { type: 'Property', value: 2.4, unitCode: 'MTR' },
    };
    const who = cityAdmin;
    assert.equal((await call('POST', '/entities', { body: gauge, headers: tenant, who })).statusCode, 201);
    assert.equal((await call('GET', `/entities/${enc(gauge.id)}`, { headers: tenant, who })).statusCode, 200);
    assert.equal(
      (await call('GET', `/entities/${enc(gauge.id)}`, { who })).statusCode,
      404,
      'not in the default tenant',
    );
    const unknown = await call('GET', '/entities?type=WaterLevelObserved', {
      headers: { 'ngsild-tenant': 'nowhere' },
      who,
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(ngsiError(unknown), 'NonexistentTenant');
    const outsider = await call('GET', `/entities/${enc(gauge.id)}`, { headers: tenant });
    assert.equal(outsider.statusCode, 404, "an operator of the default tenant cannot see hanoi_water's gauges");
  });

  it('controls access: 401 without credentials, 403 for a viewer writing', async () => {
    const anonymous = await call('GET', '/entities?type=AirQualityObserved', { who: null });
    assert.equal(anonymous.statusCode, 401);
    const viewerWrite = await call('POST', '/entities', { body: station(50), who: viewer });
    assert.equal(viewerWrite.statusCode, 403);
    assert.equal((await call('GET', '/entities?type=AirQualityObserved', { who: viewer })).statusCode, 200);
  });

  it('lists entity types and attributes, with details on request', async () => {
    const types = (await call('GET', '/types')).json<{ type: string; typeList: string[] }>();
    assert.equal(types.type, 'EntityTypeList');
    assert.ok(types.typeList.includes('AirQualityObserved'), "types.typeList.includes('AirQualityObserved')");
    const info = (await call('GET', '/types/AirQualityObserved')).json<{
      type: string;
      entityCount: number;
      attributeDetails: { attributeName: string; attributeTypes: string[] }[];
    }>();
    assert.equal(info.type, 'EntityTypeInfo');
    assert.ok(info.entityCount >= 5, 'info.entityCount >= 5');
    assert.deepEqual(info.attributeDetails.find((a) => a.attributeName === 'location')?.attributeTypes, [
      'GeoProperty',
    ]);
    const details = (await call('GET', '/types?details=true')).json<{ typeName: string; attributeNames: string[] }[]>();
    assert.ok(
      details.find((d) => d.typeName === 'AirQualityObserved')?.attributeNames.includes('pm25'),
      "details.find((d) => d.typeName === 'AirQualityObserved')?.attributeNames.includes('pm25')",
    );
    const attrs = (await call('GET', '/attributes')).json<{ attributeList: string[] }>();
    assert.ok(attrs.attributeList.includes('pm25'), "attrs.attributeList.includes('pm25')");
    const pm25 = (await call('GET', '/attributes/pm25')).json<{
      attributeCount: number;
      typeNames: string[];
      attributeTypes: string[];
    }>();
    assert.ok(pm25.attributeCount >= 5, 'pm25.attributeCount >= 5');
    assert.deepEqual(pm25.attributeTypes, ['Property']);
    assert.ok(pm25.typeNames.includes('AirQualityObserved'), "pm25.typeNames.includes('AirQualityObserved')");
    assert.equal((await call('GET', '/types/NoSuchType')).statusCode, 404);
    assert.equal((await call('GET', '/attributes/noSuchAttribute')).statusCode, 404);
  });

  it('lists attributes in detail with their names and the entity types having them, nothing more', async () => {
    const attributeDetails = (await call('GET', '/attributes?details=true')).json<Record<string, unknown>[]>();
    assert.deepEqual(
      attributeDetails.find((a) => a['attributeName'] === 'pm25'),
      {
        id: 'https://uri.etsi.org/ngsi-ld/default-context/pm25',
        type: 'Attribute',
        attributeName: 'pm25',
        typeNames: ['AirQualityObserved'],
      },
      'the detailed list holds names and entity types only (§4.5.14); counts are for one attribute (§4.5.15)',
    );
  });

  it('deletes an entity: 204, then 404', async () => {
    const id = enc(station(13).id);
    assert.equal((await call('DELETE', `/entities/${id}`)).statusCode, 204);
    const again = await call('DELETE', `/entities/${id}`);
    assert.equal(again.statusCode, 404);
    assert.equal(ngsiError(again), 'ResourceNotFound');
    assert.ok(
      changes.some((c) => c.entityId === station(13).id && c.kind === 'deleted'),
      "changes.some((c) => c.entityId === station(13).id && c.kind === 'deleted')",
    );
  });
});

describeEachDriver('NGSI-LD opened to anonymous callers by NGSI_LD_ANONYMOUS', (ctx) => {
  let app: App;
  before(async () => {
    app = await buildTestApp(ctx.db, { NGSI_LD_ANONYMOUS: 'write' });
  });
  after(() => app.http.close());

  it('lets a conformance run write and read without credentials, in any tenant', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      headers: { 'content-type': 'application/json', 'ngsild-tenant': 'conformance' },
      payload: JSON.stringify({ id: 'urn:ngsi-ld:Test:1', type: 'Test', p: 1 }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const users = await app.http.inject({ method: 'GET', url: '/api/v1/users' });
    assert.equal(users.statusCode, 401, 'only the NGSI-LD API is opened');
  });
});
