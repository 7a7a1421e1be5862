import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../test/support/app.js';
import * as store from './store.js';

/**
 * The IoT Agent provisioning API as an integrator meets it: groups and devices over HTTP with the
 * agent's bodies and headers, the device's entity read back through NGSI-LD.
 */

const SERVICE = 'hanoi_iot';
const PATH = '/hoankiem';
const fiware = { 'fiware-service': SERVICE, 'fiware-servicepath': PATH };
const enc = encodeURIComponent;

interface Call {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly who?: Account;
}

const group = (apikey: string, extra: Record<string, unknown> = {}) => ({
  apikey,
  resource: '/iot/json',
  entity_type: 'AirQualityObserved',
  cbroker: 'http://orion:1026',
  attributes: [
    { object_id: 'p25', name: 'pm25', type: 'Number', metadata: { unitCode: { type: 'Text', value: 'GQ' } } },
    { object_id: 't', name: 'temperature', type: 'Number', unitCode: 'CEL' },
  ],
  static_attributes: [{ name: 'district', type: 'Text', value: 'Hoàn Kiếm' }],
  commands: [{ name: 'reset', type: 'command' }],
  explicitAttrs: true,
  timestamp: true,
  ...extra,
});

const device = (deviceId: string, extra: Record<string, unknown> = {}) => ({
  device_id: deviceId,
  protocol: 'IoTA-JSON',
  transport: 'MQTT',
  attributes: [{ object_id: 'n', name: 'noise', type: 'Number', unitCode: '2N' }],
  static_attributes: [
    { name: 'location', type: 'geo:point', value: '21.0285, 105.8542' },
    { name: 'address', type: 'Text', value: '1 Đinh Tiên Hoàng' },
  ],
  commands: [{ name: 'ring', type: 'command' }],
  ...extra,
});

describeEachDriver('IoT provisioning API', (ctx) => {
  let app: App;
  let admin: Account;
  let viewer: Account;
  const events: { tenant: string; kind: string; id: string }[] = [];

  before(async () => {
    app = await buildTestApp(ctx.db);
    app.bus.subscribe('ingest.registry', (e) => events.push(e));
    admin = await accountWith(app, ['admin'], '*');
    viewer = await accountWith(app, ['viewer'], SERVICE);
  });
  after(() => app.http.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options: Call = {}) =>
    app.http.inject({
      method,
      url,
      headers: {
        ...(options.who ?? admin).auth,
        ...fiware,
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
  const created = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await call('POST', url, { body, headers });
    assert.equal(res.statusCode, 201, res.body);
    if (url === '/iot/services') {
      // The groups' apikeys, as given (or as the server chose them).
      const { services } = body as { services: { apikey: string; resource: string }[] };
      assert.deepEqual(res.json(), { services: services.map(({ apikey, resource }) => ({ apikey, resource })) });
    } else assert.equal(res.body, '');
  };
  const json = <T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T => {
    assert.equal(res.statusCode, status, res.body);
    return res.json<T>();
  };
  const refused = (res: LightMyRequestResponse, field: string, status = 400) => {
    assert.equal(res.statusCode, status, res.body);
    const problem = problemOf(res);
    assert.ok(problem.detail.includes(field), `"${problem.detail}" should name ${field}`);
    return problem;
  };
  const entity = (id: string) =>
    app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${enc(id)}`,
      headers: { ...admin.auth, 'ngsild-tenant': SERVICE, accept: 'application/json' },
    });

  it('provisions a service group and lists it in the agent’s field names; cbroker is accepted and ignored', async () => {
    const before = events.length;
    await created('/iot/services', { services: [group('k-hk-air')] });
    assert.deepEqual(events.slice(before), [{ tenant: SERVICE, kind: 'group', id: 'k-hk-air' }]);
    const listed = json<{ count: number; services: unknown[] }>(await call('GET', '/iot/services?apikey=k-hk-air'));
    assert.deepEqual(listed, {
      count: 1,
      services: [
        {
          service: SERVICE,
          subservice: PATH,
          resource: '/iot/json',
          apikey: 'k-hk-air',
          entity_type: 'AirQualityObserved',
          attributes: [
            { object_id: 'p25', name: 'pm25', type: 'Number', metadata: { unitCode: { type: 'Text', value: 'GQ' } } },
            // A flat unitCode reads back as the agent's metadata.
            {
              object_id: 't',
              name: 'temperature',
              type: 'Number',
              metadata: { unitCode: { type: 'Text', value: 'CEL' } },
            },
          ],
          static_attributes: [{ name: 'district', type: 'Text', value: 'Hoàn Kiếm' }],
          commands: [{ name: 'reset', type: 'command' }],
          explicitAttrs: true,
          timestamp: true,
          autoprovision: true,
          deviceAuth: 'apikey',
        },
      ],
    });
  });

  it('one apikey names one group: a duplicate is 409, in this service or another', async () => {
    const same = await call('POST', '/iot/services', { body: { services: [group('k-hk-air')] } });
    assert.equal(problemOf(same).code, 'IOT_GROUP_EXISTS');
    assert.equal(same.statusCode, 409);
    const elsewhere = await call('POST', '/iot/services', {
      body: { services: [group('k-hk-air', { resource: '/iot/d' })] },
      headers: { 'fiware-service': 'other_city', 'fiware-servicepath': '/' },
    });
    assert.equal(elsewhere.statusCode, 409);
    // Another service is not told whose key it is, nor even which key of its request.
    assert.equal(problemOf(elsewhere).code, 'IOT_APIKEY_UNAVAILABLE');
    assert.doesNotMatch(problemOf(elsewhere).detail, /k-hk-air/);
    // Neither left anything behind.
    const other = json<{ count: number }>(
      await call('GET', '/iot/services', { headers: { 'fiware-service': 'other_city' } }),
    );
    assert.equal(other.count, 0);
  });

  it('provisions devices: the group gives entity type and apikey, the entity id defaults to urn:ngsi-ld:<type>:<id>', async () => {
    const before = events.length;
    await created('/iot/devices', {
      devices: [
        device('hk-001', { apikey: 'k-hk-air' }),
        device('hk-002', { entity_name: 'urn:ngsi-ld:AirQualityObserved:ho-guom', static_attributes: [] }),
      ],
    });
    assert.deepEqual(
      events.slice(before).map((e) => e.id),
      ['hk-001', 'hk-002'],
    );
    const got = json(await call('GET', '/iot/devices/hk-001'));
    assert.deepEqual(got, {
      device_id: 'hk-001',
      service: SERVICE,
      service_path: PATH,
      entity_name: 'urn:ngsi-ld:AirQualityObserved:hk-001',
      entity_type: 'AirQualityObserved',
      apikey: 'k-hk-air',
      protocol: 'IoTA-JSON',
      transport: 'MQTT',
      attributes: [
        { object_id: 'n', name: 'noise', type: 'Number', metadata: { unitCode: { type: 'Text', value: '2N' } } },
      ],
      static_attributes: [
        { name: 'location', type: 'geo:point', value: '21.0285, 105.8542' },
        { name: 'address', type: 'Text', value: '1 Đinh Tiên Hoàng' },
      ],
      commands: [{ name: 'ring', type: 'command' }],
      autoprovisioned: false,
      secret: false,
      health: { status: 'never', lastSeenAt: null, messages: 0, errors: 0 },
    });
    // Without an apikey, the device takes the one of its service path's group.
    const second = json(await call('GET', '/iot/devices/hk-002'));
    assert.equal(second['apikey'], 'k-hk-air');
    assert.equal(second['entity_name'], 'urn:ngsi-ld:AirQualityObserved:ho-guom');
  });

  it('creates the device’s entity: static attributes (location as a GeoProperty, [lon, lat]) and command statuses', async () => {
    const got = json(await entity('urn:ngsi-ld:AirQualityObserved:hk-001'));
    assert.equal(got['type'], 'AirQualityObserved');
    assert.deepEqual(got['location'], {
      type: 'GeoProperty',
      value: { type: 'Point', coordinates: [105.8542, 21.0285] },
    });
    assert.deepEqual(got['address'], { type: 'Property', value: '1 Đinh Tiên Hoàng' });
    // The group's static attributes and commands are the device's too.
    assert.deepEqual(got['district'], { type: 'Property', value: 'Hoàn Kiếm' });
    assert.deepEqual(got['ring_status'], { type: 'Property', value: 'UNKNOWN' });
    assert.deepEqual(got['reset_status'], { type: 'Property', value: 'UNKNOWN' });
    // Measured attributes appear when measured, not before.
    assert.equal(got['noise'], undefined);
    // The entity is found where devices are: by location, in the service's tenant.
    const near = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities?type=AirQualityObserved&geometry=Point&coordinates=${enc('[105.854,21.028]')}&georel=${enc('near;maxDistance==500')}`,
      headers: { ...admin.auth, 'ngsild-tenant': SERVICE, accept: 'application/json' },
    });
    assert.deepEqual(
      json<{ id: string }[]>(near).map((e) => e.id),
      ['urn:ngsi-ld:AirQualityObserved:hk-001'],
    );
  });

  it('when the broker cannot write the entity, the devices are not kept either', async () => {
    const service = app.broker.service;
    const original = service.upsertBatch.bind(service);
    service.upsertBatch = async (_tenant, items) => ({
      success: [],
      created: [],
      errors: items.map((item) => ({
        entityId: 'entity' in item ? item.entity.id : item.entityId,
        error: { type: 'urn:test', title: 'Test', status: 400, detail: 'refused by the test' },
      })),
    });
    try {
      const res = await call('POST', '/iot/devices', { body: { devices: [device('undo-1'), device('undo-2')] } });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(problemOf(res).code, 'IOT_ENTITY_NOT_WRITTEN');
    } finally {
      service.upsertBatch = original;
    }
    assert.equal((await call('GET', '/iot/devices/undo-1')).statusCode, 404);
    assert.equal((await call('GET', '/iot/devices/undo-2')).statusCode, 404);
  });

  it('a device already provisioned is 409, and so is the same id twice in one request; nothing is written', async () => {
    const again = await call('POST', '/iot/devices', { body: { devices: [device('hk-003'), device('hk-001')] } });
    assert.equal(again.statusCode, 409);
    assert.equal(problemOf(again).code, 'IOT_DEVICE_EXISTS');
    assert.ok(problemOf(again).detail.includes('hk-001'), "problemOf(again).detail.includes('hk-001')");
    assert.equal((await call('GET', '/iot/devices/hk-003')).statusCode, 404);
    const twice = await call('POST', '/iot/devices', { body: { devices: [device('hk-004'), device('hk-004')] } });
    assert.equal(twice.statusCode, 409);
    assert.equal((await call('GET', '/iot/devices/hk-004')).statusCode, 404);
  });

  it('one bad device among good ones: 400 naming it, and neither devices nor entities are written', async () => {
    const res = await call('POST', '/iot/devices', {
      body: {
        devices: [
          device('batch-1'),
          device('batch-2', { attributes: [{ object_id: 'x', name: 'humidity', type: 'Numbr' }] }),
          device('batch-3'),
        ],
      },
    });
    const problem = refused(res, 'devices[1].attributes[0].type');
    assert.equal(problem.code, 'IOT_INVALID_PROVISIONING');
    for (const id of ['batch-1', 'batch-2', 'batch-3']) {
      assert.equal((await call('GET', `/iot/devices/${id}`)).statusCode, 404);
      assert.equal((await entity(`urn:ngsi-ld:AirQualityObserved:${id}`)).statusCode, 404);
    }
  });

  it('refuses bad bodies with a 400 that names the field', async () => {
    const cases: [string, unknown, string][] = [
      ['unknown field', { devices: [device('x1', { colour: 'red' })] }, 'devices[0].colour'],
      ['unknown body member', { devices: [device('x1')], extra: 1 }, 'extra'],
      ['attribute type', { devices: [device('x1', { attributes: [{ name: 'a', type: 42 }] })] }, 'attributes[0].type'],
      [
        'attribute name',
        { devices: [device('x1', { attributes: [{ name: 'pm 2.5', type: 'Number' }] })] },
        'attributes[0].name',
      ],
      [
        'reserved name',
        { devices: [device('x1', { attributes: [{ name: 'id', type: 'Text' }] })] },
        'attributes[0].name',
      ],
      [
        'measure mapped twice',
        {
          devices: [
            device('x1', {
              attributes: [
                { name: 'a', type: 'Number' },
                { object_id: 'a', name: 'b', type: 'Number' },
              ],
            }),
          ],
        },
        'attributes[1]',
      ],
      ['entity_name not a URI', { devices: [device('x1', { entity_name: 'not a uri' })] }, 'devices[0].entity_name'],
      [
        'entity_name longer than an id may be',
        { devices: [device('x1', { entity_name: `urn:ngsi-ld:AirQualityObserved:${'a'.repeat(226)}` })] },
        'devices[0].entity_name',
      ],
      ['device_id', { devices: [device('x/1')] }, 'devices[0].device_id'],
      ['missing device_id', { devices: [{ entity_type: 'T' }] }, 'devices[0].device_id'],
      [
        'static value of its type',
        { devices: [device('x1', { static_attributes: [{ name: 'location', type: 'geo:point', value: '91, 200' }] })] },
        'static_attributes[0].value',
      ],
      [
        'static without value',
        { devices: [device('x1', { static_attributes: [{ name: 'a', type: 'Text' }] })] },
        'static_attributes[0].value',
      ],
      [
        'location that is not geo',
        { devices: [device('x1', { static_attributes: [{ name: 'location', type: 'Text', value: 'here' }] })] },
        'static_attributes[0].type',
      ],
      ['explicitAttrs expression', { devices: [device('x1', { explicitAttrs: "['a']" })] }, 'devices[0].explicitAttrs'],
      [
        'expression',
        { devices: [device('x1', { attributes: [{ name: 'a', type: 'Number', expression: 'a*2' }] })] },
        'attributes[0].expression',
      ],
      [
        'metadata other than unitCode',
        {
          devices: [
            device('x1', {
              attributes: [{ name: 'a', type: 'Number', metadata: { accuracy: { type: 'Number', value: 1 } } }],
            }),
          ],
        },
        'metadata.accuracy',
      ],
      ['lazy attributes', { devices: [device('x1', { lazy: [{ name: 'a', type: 'Number' }] })] }, 'devices[0].lazy'],
      ['transport', { devices: [device('x1', { transport: 'AMQP' })] }, 'devices[0].transport'],
      ['timestamp', { devices: [device('x1', { timestamp: 'yes' })] }, 'devices[0].timestamp'],
      ['service differing from the header', { devices: [device('x1', { service: 'other' })] }, 'devices[0].service'],
      ['no devices', { devices: [] }, 'devices'],
    ];
    for (const [what, body, field] of cases) {
      const res = await call('POST', '/iot/devices', { body });
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.ok(problemOf(res).detail.includes(field), `${what}: "${problemOf(res).detail}" should name ${field}`);
    }
    refused(
      await call('POST', '/iot/services', { body: { services: [group('k-bad', { entity_type: undefined })] } }),
      'services[0].entity_type',
    );
    refused(
      await call('POST', '/iot/services', { body: { services: [group('k-bad', { resource: 'iot/json' })] } }),
      'services[0].resource',
    );
    refused(
      await call('POST', '/iot/services', { body: { services: [group('k-bad', { entityNameExp: 'id' })] } }),
      'services[0].entityNameExp',
    );
    refused(
      await call('POST', '/iot/devices', {
        body: { devices: [device('x1')] },
        headers: { 'fiware-servicepath': 'hoankiem' },
      }),
      'Fiware-ServicePath',
    );
    assert.equal((await call('GET', '/iot/devices/x1')).statusCode, 404);
    assert.equal((await call('GET', '/iot/services?apikey=k-bad')).json<{ count: number }>().count, 0);
  });

  it('a device needs a group for its apikey or an explicit entity_type; another service’s apikey is refused', async () => {
    const path = { 'fiware-servicepath': '/badinh' };
    refused(
      await call('POST', '/iot/devices', { body: { devices: [device('bd-1')] }, headers: path }),
      'devices[0].apikey',
    );
    refused(
      await call('POST', '/iot/devices', { body: { devices: [device('bd-1', { apikey: 'k-none' })] }, headers: path }),
      'devices[0].entity_type',
    );
    await created(
      '/iot/devices',
      { devices: [device('bd-1', { apikey: 'k-none', entity_type: 'NoiseLevelObserved' })] },
      path,
    );
    assert.equal(
      json(await call('GET', '/iot/devices/bd-1', { headers: path }))['entity_name'],
      'urn:ngsi-ld:NoiseLevelObserved:bd-1',
    );
    await created('/iot/services', { services: [group('k-other-city')] }, { 'fiware-service': 'other_city' });
    const foreign = await call('POST', '/iot/devices', {
      body: { devices: [device('bd-2', { apikey: 'k-other-city' })] },
    });
    assert.equal(foreign.statusCode, 409);
    assert.equal(problemOf(foreign).code, 'IOT_APIKEY_UNAVAILABLE');
  });

  it('lists devices with a count and pages; filters by health and service path', async () => {
    const path = { 'fiware-servicepath': '/tayho' };
    const ids = ['th-1', 'th-2', 'th-3', 'th-4', 'th-5'];
    await created(
      '/iot/devices',
      { devices: ids.map((id) => device(id, { apikey: 'k-hk-air', static_attributes: [] })) },
      path,
    );
    type Page = { count: number; devices: { device_id: string; health: { status: string; messages: number } }[] };
    const page = json<Page>(await call('GET', '/iot/devices?limit=2&offset=2', { headers: path }));
    assert.equal(page.count, 5);
    assert.deepEqual(
      page.devices.map((d) => d.device_id),
      ['th-3', 'th-4'],
    );
    // th-1 was heard just now, th-2 an hour ago: online and offline (IOT_OFFLINE_AFTER is 10 minutes).
    const now = Date.now();
    await store.recordHealth(ctx.db, [
      { tenant: SERVICE, deviceId: 'th-1', lastSeenAt: new Date(now - 1000).toISOString(), messages: 3, errors: 1 },
      { tenant: SERVICE, deviceId: 'th-1', lastSeenAt: new Date(now - 5000).toISOString(), messages: 2, errors: 0 },
      { tenant: SERVICE, deviceId: 'th-2', lastSeenAt: new Date(now - 3600_000).toISOString(), messages: 1, errors: 0 },
    ]);
    const statuses = async (status: string) =>
      json<Page>(await call('GET', `/iot/devices?status=${status}`, { headers: path })).devices.map((d) => d.device_id);
    assert.deepEqual(await statuses('online'), ['th-1']);
    assert.deepEqual(await statuses('offline'), ['th-2']);
    assert.deepEqual(await statuses('never'), ['th-3', 'th-4', 'th-5']);
    const heard = json<{ health: unknown }>(await call('GET', '/iot/devices/th-1', { headers: path }));
    assert.deepEqual(heard.health, {
      status: 'online',
      lastSeenAt: new Date(now - 1000).toISOString(),
      messages: 5,
      errors: 1,
    });
    // A later batch with an older reading adds to the counts but never moves last seen backwards.
    await store.recordHealth(ctx.db, [
      { tenant: SERVICE, deviceId: 'th-1', lastSeenAt: new Date(now - 60_000).toISOString(), messages: 1, errors: 0 },
    ]);
    const later = json<{ health: { lastSeenAt: string; messages: number } }>(
      await call('GET', '/iot/devices/th-1', { headers: path }),
    );
    assert.equal(later.health.lastSeenAt, new Date(now - 1000).toISOString());
    assert.equal(later.health.messages, 6);
    // Service paths: exact by default, /# for every path, and none given for the whole service.
    const countAt = async (headers: Record<string, string>) =>
      json<Page>(await call('GET', '/iot/devices?limit=0', { headers })).count;
    assert.equal(await countAt({ 'fiware-servicepath': PATH }), 2);
    assert.equal(await countAt({ 'fiware-servicepath': '/#' }), 8);
    assert.equal(await countAt({ 'fiware-servicepath': '/tayho/#' }), 5);
    const everywhere = await app.http.inject({
      method: 'GET',
      url: '/iot/devices',
      headers: { ...admin.auth, 'fiware-service': SERVICE },
    });
    assert.equal(json<Page>(everywhere).count, 8);
    // A device outside the request's service path is not found there.
    assert.equal((await call('GET', '/iot/devices/th-1', { headers: { 'fiware-servicepath': PATH } })).statusCode, 404);
    const counts = await store.countDevicesByStatus(ctx.db, new Date(now - 600_000));
    assert.equal(counts.online, 1);
    assert.equal(counts.offline, 1);
    assert.ok(counts.never >= 6, 'counts.never >= 6');
  });

  it('updates a device: new static attributes and commands reach the entity; sent command statuses stay', async () => {
    const id = 'urn:ngsi-ld:AirQualityObserved:hk-001';
    // A command answered since provisioning.
    const patched = await app.http.inject({
      method: 'PATCH',
      url: `/ngsi-ld/v1/entities/${enc(id)}/attrs`,
      headers: { ...admin.auth, 'ngsild-tenant': SERVICE, 'content-type': 'application/json' },
      payload: JSON.stringify({ ring_status: { type: 'Property', value: 'OK' } }),
    });
    assert.equal(patched.statusCode, 204, patched.body);
    const before = events.length;
    const res = await call('PUT', '/iot/devices/hk-001', {
      body: {
        static_attributes: [
          { name: 'location', type: 'geo:point', value: '21.0285, 105.8542' },
          { name: 'address', type: 'Text', value: '2 Đinh Tiên Hoàng' },
        ],
        commands: [
          { name: 'ring', type: 'command' },
          { name: 'calibrate', type: 'command' },
        ],
        explicitAttrs: false,
        entity_name: id, // unchanged: accepted, as when a client sends back what it read
      },
    });
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual(events.slice(before), [{ tenant: SERVICE, kind: 'device', id: 'hk-001' }]);
    const got = json(await call('GET', '/iot/devices/hk-001'));
    assert.equal(got['explicitAttrs'], false);
    assert.equal((got['commands'] as unknown[]).length, 2);
    assert.deepEqual((got['attributes'] as unknown[]).length, 1, 'attributes not given stay');
    const e = json(await entity(id));
    assert.deepEqual(e['address'], { type: 'Property', value: '2 Đinh Tiên Hoàng' });
    assert.deepEqual(e['ring_status'], { type: 'Property', value: 'OK' });
    assert.deepEqual(e['calibrate_status'], { type: 'Property', value: 'UNKNOWN' });
    // What links a device to its entity cannot change.
    refused(await call('PUT', '/iot/devices/hk-001', { body: { entity_type: 'Other' } }), 'entity_type');
    refused(await call('PUT', '/iot/devices/hk-001', { body: { device_id: 'hk-999' } }), 'device_id');
    refused(
      await call('PUT', '/iot/devices/hk-001', { body: { attributes: [{ name: 'a', type: 'Nope' }] } }),
      'attributes[0].type',
    );
    assert.equal((await call('PUT', '/iot/devices/nope', { body: { protocol: 'x' } })).statusCode, 404);
  });

  it('updates a service group: the fields given replace the stored ones; its apikey cannot change', async () => {
    const res = await call('PUT', '/iot/services?resource=/iot/json&apikey=k-hk-air', {
      body: {
        autoprovision: false,
        attributes: [{ object_id: 'p10', name: 'pm10', type: 'Number' }],
        trust: 'ignored',
      },
    });
    assert.equal(res.statusCode, 204, res.body);
    const [got] = json<{ services: Record<string, unknown>[] }>(
      await call('GET', '/iot/services?apikey=k-hk-air'),
    ).services;
    assert.equal(got?.['autoprovision'], false);
    assert.deepEqual(got?.['attributes'], [{ object_id: 'p10', name: 'pm10', type: 'Number' }]);
    assert.equal(got?.['entity_type'], 'AirQualityObserved');
    refused(await call('PUT', '/iot/services?apikey=k-hk-air', { body: { apikey: 'k-new' } }), 'apikey');
    assert.equal((await call('PUT', '/iot/services?apikey=k-nope', { body: { autoprovision: true } })).statusCode, 404);
    const noKey = await call('PUT', '/iot/services', { body: { autoprovision: true } });
    assert.equal(noKey.statusCode, 400);
  });

  it('deletes a device, not its entity; deleting a group with device=true removes its devices', async () => {
    const del = await call('DELETE', '/iot/devices/hk-002');
    assert.equal(del.statusCode, 204);
    assert.equal((await call('GET', '/iot/devices/hk-002')).statusCode, 404);
    assert.equal((await call('DELETE', '/iot/devices/hk-002')).statusCode, 404);
    assert.equal(
      json(await entity('urn:ngsi-ld:AirQualityObserved:ho-guom'))['id'],
      'urn:ngsi-ld:AirQualityObserved:ho-guom',
    );

    await created('/iot/services', { services: [group('k-doomed')] }, { 'fiware-servicepath': '/longbien' });
    await created('/iot/devices', { devices: [device('lb-1'), device('lb-2')] }, { 'fiware-servicepath': '/longbien' });
    const before = events.length;
    const gone = await call('DELETE', '/iot/services?resource=/iot/json&apikey=k-doomed&device=true', {
      headers: { 'fiware-servicepath': '/longbien' },
    });
    assert.equal(gone.statusCode, 204, gone.body);
    assert.deepEqual(
      events.slice(before).map((e) => `${e.kind}:${e.id}`),
      ['group:k-doomed', 'device:lb-1', 'device:lb-2'],
    );
    assert.equal((await call('GET', '/iot/devices/lb-1')).statusCode, 404);
    assert.equal(json(await entity('urn:ngsi-ld:AirQualityObserved:lb-1'))['type'], 'AirQualityObserved');
    // Without device=true the devices stay; the apikey is free again.
    await created('/iot/services', { services: [group('k-doomed')] });
    assert.equal((await call('DELETE', '/iot/services?apikey=k-doomed')).statusCode, 204);
    assert.equal((await call('DELETE', '/iot/services?apikey=k-doomed')).statusCode, 404);
  });

  it('a viewer reads devices and groups but cannot provision (403)', async () => {
    assert.equal((await call('GET', '/iot/devices/hk-001', { who: viewer })).statusCode, 200);
    assert.equal((await call('GET', '/iot/services', { who: viewer })).statusCode, 200);
    const post = await call('POST', '/iot/devices', { who: viewer, body: { devices: [device('v-1')] } });
    assert.equal(post.statusCode, 403);
    assert.equal(problemOf(post).code, 'FORBIDDEN');
    assert.equal((await call('DELETE', '/iot/devices/hk-001', { who: viewer })).statusCode, 403);
    assert.equal((await call('PUT', '/iot/services?apikey=k-hk-air', { who: viewer, body: {} })).statusCode, 403);
    const anonymous = await app.http.inject({ method: 'GET', url: '/iot/devices', headers: fiware });
    assert.equal(anonymous.statusCode, 401);
  });

  it('another service does not see the device (404), nor does a caller of another tenant', async () => {
    const other = { 'fiware-service': 'other_city', 'fiware-servicepath': PATH };
    const res = await call('GET', '/iot/devices/hk-001', { headers: other });
    assert.equal(res.statusCode, 404);
    assert.equal(problemOf(res).code, 'NOT_FOUND');
    assert.equal(json<{ count: number }>(await call('GET', '/iot/devices', { headers: other })).count, 0);
    assert.equal((await call('DELETE', '/iot/devices/hk-001', { headers: other })).statusCode, 404);
    const outsider = await accountWith(app, ['admin'], 'other_city');
    assert.equal((await call('GET', '/iot/devices/hk-001', { who: outsider })).statusCode, 404);
    // Still there for its own service.
    assert.equal((await call('GET', '/iot/devices/hk-001')).statusCode, 200);
  });
});
