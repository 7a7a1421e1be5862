import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../../test/support/ngsi.js';

const DEFAULT_VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';
const linkTo = (url: string) => `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
const AIR = {
  '@context': {
    AirQualityObserved: 'https://smartdatamodels.org/AirQualityObserved',
    pm25: 'https://smartdatamodels.org/pm25',
  },
};

const subscription = (extra: Record<string, unknown> = {}) => ({
  type: 'Subscription',
  subscriptionName: 'Bụi mịn Hoàn Kiếm',
  entities: [{ type: 'AirQualityObserved', idPattern: '^urn:ngsi-ld:AirQualityObserved:HN-' }],
  watchedAttributes: ['pm25'],
  q: 'pm25>50',
  notification: { endpoint: { uri: 'http://alerts.hanoi.example/notify' } },
  ...extra,
});

describeEachDriver('NGSI-LD subscriptions', (ctx) => {
  let app: App;
  let operator: Account;
  let viewer: Account;
  const events: { tenant: string; id: string; kind: string }[] = [];

  before(async () => {
    app = await buildTestApp(ctx.db);
    app.bus.subscribe('context.subscription', (e) => events.push(e));
    operator = await accountWith(app, ['admin'], '*');
    viewer = await accountWith(app, ['viewer']);
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  const enc = encodeURIComponent;
  const create = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await call('POST', '/subscriptions', { body, headers });
    assert.equal(res.statusCode, 201, res.body);
    return decodeURIComponent(String(res.headers['location']).replace('/ngsi-ld/v1/subscriptions/', ''));
  };
  const get = async (id: string, headers: Record<string, string> = {}) => {
    const res = await call('GET', `/subscriptions/${enc(id)}`, { headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, unknown>>();
  };

  it('creates a subscription: 201, a generated id in Location, defaults filled in, an event published', async () => {
    const res = await call('POST', '/subscriptions', { body: subscription() });
    assert.equal(res.statusCode, 201, res.body);
    const location = String(res.headers['location']);
    assert.match(location, /^\/ngsi-ld\/v1\/subscriptions\/urn:ngsi-ld:Subscription:[0-9a-f-]{36}$/);
    const id = decodeURIComponent(location.replace('/ngsi-ld/v1/subscriptions/', ''));
    assert.deepEqual(events.at(-1), { tenant: '', id, kind: 'created' });
    const got = await get(id, { accept: 'application/json' });
    // System members only when asked for (options=sysAttrs); isActive only when the client gave it.
    const withSysAttrs = (await call('GET', `/subscriptions/${enc(id)}?options=sysAttrs`)).json<typeof got>();
    const { createdAt, modifiedAt, ...rest } = withSysAttrs;
    assert.match(String(createdAt), /Z$/);
    assert.equal(createdAt, modifiedAt);
    assert.deepEqual(rest, got);
    assert.deepEqual(got, {
      id,
      type: 'Subscription',
      subscriptionName: 'Bụi mịn Hoàn Kiếm',
      entities: [{ type: 'AirQualityObserved', idPattern: '^urn:ngsi-ld:AirQualityObserved:HN-' }],
      watchedAttributes: ['pm25'],
      notificationTrigger: ['attributeCreated', 'attributeUpdated'],
      q: 'pm25>50',
      notification: {
        format: 'normalized',
        endpoint: { uri: 'http://alerts.hanoi.example/notify', accept: 'application/json' },
      },
      status: 'active',
    });
  });

  it('keeps the given id; the same id again is 409 AlreadyExists', async () => {
    const id = 'urn:ngsi-ld:Subscription:hk-pm25';
    assert.equal(await create(subscription({ id })), id);
    const again = await call('POST', '/subscriptions', { body: subscription({ id }) });
    assert.equal(again.statusCode, 409);
    assert.equal(ngsiErrorType(again), 'AlreadyExists');
  });

  it('expands names with the request @context and compacts them with the reader’s', async () => {
    const id = await create(
      { ...subscription({ notification: { attributes: ['pm25'], endpoint: { uri: 'http://a.example/n' } } }), ...AIR },
      { 'content-type': 'application/ld+json' },
    );
    const stored = await app.broker.subscriptions.retrieve('', id);
    assert.equal(stored.subscription.entities?.[0]?.type, 'https://smartdatamodels.org/AirQualityObserved');
    assert.deepEqual(stored.subscription.watchedAttributes, ['https://smartdatamodels.org/pm25']);
    assert.deepEqual(stored.subscription.context, AIR['@context']);
    // Read with the core context only, names come back as full IRIs.
    const core = await get(id);
    assert.deepEqual(core['watchedAttributes'], ['https://smartdatamodels.org/pm25']);
    assert.deepEqual((core['notification'] as { attributes: string[] }).attributes, [
      'https://smartdatamodels.org/pm25',
    ]);
    // Read as JSON-LD with the same context: compact names and the @context in the body.
    const ld = await call('GET', `/subscriptions/${enc(id)}`, {
      headers: { accept: 'application/ld+json' },
    });
    assert.equal(ld.statusCode, 200);
    const body = ld.json<Record<string, unknown>>();
    assert.equal(body['@context'], 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld');
    // A default-vocabulary name reads back short with the core context.
    const plain = await get(await create(subscription({ watchedAttributes: ['noise'] })));
    assert.deepEqual(plain['watchedAttributes'], ['noise']);
    const listed = await app.broker.subscriptions.retrieve('', String(plain['id']));
    assert.deepEqual(listed.subscription.watchedAttributes, [`${DEFAULT_VOCAB}noise`]);
  });

  it('accepts every member of the data type and reads them back', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const body = {
      type: 'Subscription',
      description: 'Trạm đo gần Hồ Gươm',
      entities: [{ id: 'urn:ngsi-ld:AirQualityObserved:HN-001', type: 'AirQualityObserved' }],
      notificationTrigger: ['entityCreated', 'attributeDeleted'],
      geoQ: {
        geometry: 'Point',
        coordinates: [105.85, 21.03],
        georel: 'near;maxDistance==2000',
        geoproperty: 'location',
      },
      scopeQ: '/Hanoi/#',
      lang: 'vi',
      datasetId: ['urn:ngsi-ld:Dataset:sensor-a'],
      isActive: false,
      expiresAt: future,
      throttling: 5,
      notification: {
        attributes: ['pm25'],
        format: 'concise',
        sysAttrs: true,
        showChanges: true,
        endpoint: {
          uri: 'mqtt://broker.hanoi.example:1883/alerts',
          accept: 'application/ld+json',
          receiverInfo: [{ key: 'X-City', value: 'Hanoi' }],
          notifierInfo: [
            { key: 'MQTT-Version', value: 'mqtt5.0' },
            { key: 'MQTT-QoS', value: '1' },
          ],
        },
      },
    };
    const got = await get(await create(body));
    const { id: _id, createdAt: _c, modifiedAt: _m, status, notification, ...rest } = got;
    const { type: _t, notification: sentNotification, ...sent } = body;
    assert.deepEqual(rest, { type: 'Subscription', ...sent, expiresAt: future });
    assert.equal(status, 'paused');
    assert.deepEqual(notification, sentNotification);
  });

  it('rejects invalid subscriptions with 400 BadRequestData and a clear detail, storing nothing', async () => {
    const endpoint = { uri: 'http://a.example/n' };
    const cases: [unknown, RegExp][] = [
      [{}, /"type": "Subscription"/],
      [{ ...subscription(), type: 'Subscriptions' }, /"type": "Subscription"/],
      [{ ...subscription(), id: 'not a uri' }, /id must be a URI/],
      [subscription({ notification: undefined }), /notification/],
      [subscription({ notification: {} }), /endpoint/],
      [subscription({ notification: { endpoint: {} } }), /uri/],
      [subscription({ notification: { endpoint: { uri: 'ftp://files.example/x' } } }), /http, https, mqtt or mqtts/],
      [subscription({ notification: { endpoint: { uri: 'not a uri' } } }), /absolute URI/],
      [subscription({ notification: { endpoint: { ...endpoint, accept: 'text/plain' } } }), /accept/],
      [subscription({ notification: { endpoint, format: 'flat' } }), /format/],
      [subscription({ notification: { endpoint, sysAttrs: 'yes' } }), /sysAttrs/],
      [
        subscription({
          notification: { endpoint: { ...endpoint, receiverInfo: [{ key: 'Bad Header', value: 'x' }] } },
        }),
        /header name/,
      ],
      [
        subscription({ notification: { endpoint: { ...endpoint, notifierInfo: [{ key: 'MQTT-QoS', value: '3' }] } } }),
        /MQTT-QoS/,
      ],
      [subscription({ entities: [{ id: 'urn:ngsi-ld:X:1' }] }), /needs a type/],
      [subscription({ entities: [] }), /entities must be a non-empty array/],
      [subscription({ entities: [{ type: 'A', idPattern: '(' }] }), /idPattern/],
      [subscription({ entities: [{ type: 'A', colour: 'red' }] }), /no member "colour"/],
      [subscription({ entities: undefined, watchedAttributes: undefined }), /entities or watchedAttributes/],
      [subscription({ watchedAttributes: [] }), /watchedAttributes must be a non-empty array/],
      [subscription({ notificationTrigger: ['entityChanged'] }), /notificationTrigger/],
      [subscription({ timeInterval: 10 }), /timeInterval .* watchedAttributes/],
      [subscription({ watchedAttributes: undefined, timeInterval: 10, throttling: 5 }), /throttling/],
      [
        subscription({ timeInterval: -1, watchedAttributes: undefined }),
        /timeInterval must be a number greater than 0/,
      ],
      [subscription({ throttling: 'fast' }), /throttling/],
      [subscription({ q: 'pm25>>50' }), /q|query/i],
      [subscription({ geoQ: { geometry: 'Point', coordinates: [105.85, 21.03] } }), /geoQ needs/],
      [subscription({ geoQ: { geometry: 'Point', coordinates: [500, 21], georel: 'near;maxDistance==10' } }), /.+/],
      [subscription({ scopeQ: 'Hanoi' }), /scopeQ/],
      [subscription({ expiresAt: '2020-01-01T00:00:00Z' }), /future/],
      [subscription({ expiresAt: 'tomorrow' }), /expiresAt/],
      [subscription({ isActive: 'no' }), /isActive/],
      [subscription({ jsonldContext: 'context.jsonld' }), /jsonldContext/],
      [subscription({ csf: 'a==b' }), /csf/],
      [subscription({ colour: 'red' }), /no member "colour"/],
    ];
    const before = (await call('GET', '/subscriptions?count=true&limit=0')).headers['ngsild-results-count'];
    for (const [body, detail] of cases) {
      const res = await call('POST', '/subscriptions', { body });
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData', res.body);
      assert.match(res.json<{ detail: string }>().detail, detail, JSON.stringify(body));
    }
    const invalidJson = await call('POST', '/subscriptions', { body: '{"type": "Subscription",' });
    assert.equal(ngsiErrorType(invalidJson), 'InvalidRequest');
    const afterwards = (await call('GET', '/subscriptions?count=true&limit=0')).headers['ngsild-results-count'];
    assert.equal(afterwards, before);
  });

  it('takes pick, omit, join and joinLevel in the notification parameters and reads them back', async () => {
    const endpoint = { uri: 'http://alerts.hanoi.example/notify', accept: 'application/json' };
    const picked = {
      format: 'normalized',
      pick: ['id', 'pm25', 'locatedIn{id,name}'],
      join: 'inline',
      joinLevel: 2,
      endpoint,
    };
    assert.deepEqual((await get(await create(subscription({ notification: picked }))))['notification'], picked);
    const omitted = { format: 'keyValues', omit: ['type', 'location'], join: 'flat', endpoint };
    assert.deepEqual((await get(await create(subscription({ notification: omitted }))))['notification'], omitted);
    // "simplified" is the other name of keyValues (§5.2.14).
    const simplified = await get(await create(subscription({ notification: { format: 'simplified', endpoint } })));
    assert.equal((simplified['notification'] as { format: string }).format, 'keyValues');
  });

  it('refuses pick with omit or attributes, and a join it cannot do, with 400 BadRequestData', async () => {
    const endpoint = { uri: 'http://alerts.hanoi.example/notify' };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ pick: ['id'], omit: ['id'] }, /pick and omit cannot be used together/],
      [{ pick: ['id'], attributes: ['pm25'] }, /pick and notification.attributes/],
      [{ omit: ['type'], attributes: ['pm25'] }, /omit and notification.attributes/],
      [{ pick: [] }, /pick must be a non-empty array/],
      [{ pick: ['id,pm25'] }, /entity member names/],
      [{ omit: ['locatedIn{id'] }, /closing brace|entity member names/],
      [{ join: 'deep' }, /join must be inline, flat or @none/],
      [{ join: 'inline', joinLevel: 0 }, /joinLevel/],
      [{ join: 'inline', joinLevel: 11 }, /joinLevel/],
      [{ join: 'inline', joinLevel: 1.5 }, /joinLevel/],
    ];
    for (const [members, detail] of cases) {
      const body = subscription({ notification: { endpoint, ...members } });
      const res = await call('POST', '/subscriptions', { body });
      assert.equal(res.statusCode, 400, `${JSON.stringify(members)} → ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData', res.body);
      assert.match(res.json<{ detail: string }>().detail, detail, JSON.stringify(members));
    }
  });

  it('bounds every list a subscription holds as a query does, and refuses more with 400 BadRequestData', async () => {
    const endpoint = { uri: 'http://alerts.hanoi.example/notify' };
    const names = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ notification: { endpoint, pick: names(1001) } }, /notification.pick holds 1001 items; at most 1000/],
      [{ watchedAttributes: names(1001) }, /watchedAttributes holds 1001 items/],
      [{ entities: Array.from({ length: 101 }, () => ({ type: 'Station' })) }, /entities holds 101 selectors/],
      [
        { entities: Array.from({ length: 5 }, (_, i) => ({ type: 'Station', idPattern: `^HN-${i}` })) },
        /5 selectors with an idPattern; at most 4/,
      ],
    ];
    for (const [members, detail] of cases) {
      const res = await call('POST', '/subscriptions', { body: subscription(members) });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(ngsiErrorType(res), 'BadRequestData', res.body);
      assert.match(res.json<{ detail: string }>().detail, detail);
    }
    // At the bounds, accepted.
    const atBound = await call('POST', '/subscriptions', {
      body: subscription({ notification: { endpoint, pick: names(1000) } }),
    });
    assert.equal(atBound.statusCode, 201, atBound.body);
  });

  it('PATCH replaces the members given (notification whole), removes with null, and publishes', async () => {
    const id = await create(subscription({ throttling: 10 }));
    const res = await call('PATCH', `/subscriptions/${enc(id)}`, {
      body: {
        description: 'Ngưỡng mới',
        q: 'pm25>75',
        throttling: null,
        notification: {
          format: 'keyValues',
          endpoint: { uri: 'http://alerts.hanoi.example/notify', accept: 'application/ld+json' },
        },
      },
    });
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual(events.at(-1), { tenant: '', id, kind: 'updated' });
    const got = await get(id);
    assert.equal(got['description'], 'Ngưỡng mới');
    assert.equal(got['q'], 'pm25>75');
    assert.equal(got['throttling'], undefined);
    assert.deepEqual(got['watchedAttributes'], ['pm25']);
    assert.deepEqual(got['entities'], subscription().entities);
    const notification = got['notification'] as Record<string, unknown>;
    assert.equal(notification['format'], 'keyValues');
    assert.deepEqual(notification['endpoint'], {
      uri: 'http://alerts.hanoi.example/notify',
      accept: 'application/ld+json',
    });
    assert.ok(
      String(got['modifiedAt']) > String(got['createdAt']) || got['modifiedAt'] === got['createdAt'],
      "String(got['modifiedAt']) > String(got['createdAt']) || got['modifiedAt'] === got['createdAt']",
    );
  });

  it('PATCH that breaks a rule or removes a mandatory member is 400 and changes nothing', async () => {
    const id = await create(subscription());
    const before = await get(id);
    const bad: [unknown, RegExp][] = [
      [{ notification: { format: 'keyValues', endpoint: null } }, /needs its endpoint/],
      // A notification fragment replaces the stored one (§5.8.2): without an endpoint it is incomplete.
      [{ notification: { format: 'keyValues' } }, /needs its endpoint/],
      [{ notification: null }, /notification is mandatory/],
      [{ notification: { endpoint: { uri: null } } }, /needs a uri/],
      [{ expiresAt: '2020-08-01T22:07:00Z' }, /future/],
      [{ timeInterval: 60 }, /watchedAttributes/],
      [{ q: '((' }, /.+/],
      [{ type: 'Entity' }, /Subscription/],
      [{ id: 'urn:ngsi-ld:Subscription:other' }, /cannot be changed/],
      [{}, /changes nothing/],
      [{ entities: null, watchedAttributes: null }, /entities or watchedAttributes/],
    ];
    for (const [body, detail] of bad) {
      const res = await call('PATCH', `/subscriptions/${enc(id)}`, { body });
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData');
      assert.match(res.json<{ detail: string }>().detail, detail);
    }
    assert.deepEqual(await get(id), before);
    // Replacing watchedAttributes with a periodic interval is one valid change.
    const periodic = await call('PATCH', `/subscriptions/${enc(id)}`, {
      body: { watchedAttributes: null, timeInterval: 60 },
    });
    assert.equal(periodic.statusCode, 204, periodic.body);
    const got = await get(id);
    assert.equal(got['timeInterval'], 60);
    assert.equal(got['watchedAttributes'], undefined);
  });

  it('PATCH and GET of an unknown or invalid id: 404 ResourceNotFound, 400 BadRequestData', async () => {
    const missing = enc('urn:ngsi-ld:Subscription:missing');
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await call(
        method,
        `/subscriptions/${missing}`,
        method === 'PATCH' ? { body: { isActive: false } } : {},
      );
      assert.equal(res.statusCode, 404, `${method} ${res.body}`);
      assert.equal(ngsiErrorType(res), 'ResourceNotFound');
      const invalid = await call(
        method,
        '/subscriptions/InvalidUri',
        method === 'PATCH' ? { body: { isActive: false } } : {},
      );
      assert.equal(invalid.statusCode, 400, `${method} ${invalid.body}`);
      assert.equal(ngsiErrorType(invalid), 'BadRequestData');
    }
  });

  it('status: paused while isActive is false, active again when set true, expired after expiresAt', async () => {
    const id = await create(subscription());
    await call('PATCH', `/subscriptions/${enc(id)}`, { body: { isActive: false } });
    assert.equal((await get(id))['status'], 'paused');
    assert.equal(
      (await app.broker.subscriptions.listActive(new Date())).some((a) => a.id === id),
      false,
    );
    await call('PATCH', `/subscriptions/${enc(id)}`, { body: { isActive: true } });
    assert.equal((await get(id))['status'], 'active');
    assert.equal(
      (await app.broker.subscriptions.listActive(new Date())).some((a) => a.id === id),
      true,
    );
    const soon = new Date(Date.now() + 1500).toISOString();
    assert.equal((await call('PATCH', `/subscriptions/${enc(id)}`, { body: { expiresAt: soon } })).statusCode, 204);
    assert.equal((await get(id))['status'], 'active');
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal((await get(id))['status'], 'expired');
    assert.equal(
      (await app.broker.subscriptions.listActive(new Date())).some((a) => a.id === id),
      false,
    );
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await call('PATCH', `/subscriptions/${enc(id)}`, { body: { expiresAt: later } });
    assert.equal((await get(id))['status'], 'active');
  });

  it('DELETE removes the subscription and its notifications waiting in the outbox', async () => {
    const id = await create(subscription());
    await ctx.db.query(
      `INSERT INTO ngsi_notification (tenant, subscription_id, endpoint, message) VALUES ('', $1, 'http://a', '{}'),
       ('', 'urn:ngsi-ld:Subscription:someone-else', 'http://a', '{}')`,
      [id],
    );
    const res = await call('DELETE', `/subscriptions/${enc(id)}`);
    assert.equal(res.statusCode, 204);
    assert.deepEqual(events.at(-1), { tenant: '', id, kind: 'deleted' });
    assert.equal((await call('GET', `/subscriptions/${enc(id)}`)).statusCode, 404);
    const { rows } = await ctx.db.query<{ subscription_id: string }>('SELECT subscription_id FROM ngsi_notification');
    assert.deepEqual(
      rows.map((r) => r.subscription_id),
      ['urn:ngsi-ld:Subscription:someone-else'],
    );
  });

  it('lists with limit, offset and count; limit beyond the maximum is TooManyResults', async () => {
    const tenant = { 'ngsild-tenant': 'subs_paging' };
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await create(subscription({ id: `urn:ngsi-ld:Subscription:p${n}` }), tenant));
    const page = await call('GET', '/subscriptions?limit=2&offset=1&count=true', { headers: tenant });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['ngsild-results-count'], '5');
    assert.deepEqual(
      page.json<{ id: string }[]>().map((s) => s.id),
      ids.slice(1, 3),
    );
    const all = await call('GET', '/subscriptions', { headers: tenant });
    assert.equal(all.json<unknown[]>().length, 5);
    assert.equal(all.headers['ngsild-results-count'], undefined);
    const tooMany = await call('GET', '/subscriptions?limit=100000', { headers: tenant });
    assert.equal(tooMany.statusCode, 403);
    assert.equal(ngsiErrorType(tooMany), 'TooManyResults');
    assert.equal((await call('GET', '/subscriptions?limit=x', { headers: tenant })).statusCode, 400);
  });

  it('links the previous and next pages of a listing (Link rel="prev" and rel="next")', async () => {
    const tenant = { 'ngsild-tenant': 'subs_links' };
    for (let n = 0; n < 3; n++) await create(subscription({ id: `urn:ngsi-ld:Subscription:l${n}` }), tenant);
    const links = async (query: string, accept = 'application/ld+json', path = '/subscriptions') => {
      const res = await call('GET', `${path}?${query}`, { headers: { ...tenant, accept } });
      assert.equal(res.statusCode, 200, res.body);
      return String(res.headers['link'] ?? '')
        .split(',')
        .filter((l) => /rel="(prev|next)"/.test(l));
    };
    const page = (offset: number, rel: string) =>
      `</ngsi-ld/v1/subscriptions?limit=1&offset=${offset}>;rel="${rel}";type="application/ld+json"`;
    assert.deepEqual(await links('limit=1&offset=0'), [page(1, 'next')]);
    assert.deepEqual(await links('limit=1&offset=1'), [page(0, 'prev'), page(2, 'next')]);
    assert.deepEqual(await links('limit=1&offset=2'), [page(1, 'prev')]);
    assert.deepEqual(await links('limit=15'), []);
    // Asked with a trailing slash, the links name the collection as it is named without one.
    assert.deepEqual(await links('limit=1&offset=1', 'application/ld+json', '/subscriptions/'), [
      page(0, 'prev'),
      page(2, 'next'),
    ]);
    // As JSON, the @context link stays beside them.
    const json = await call('GET', '/subscriptions?limit=1', { headers: tenant });
    assert.match(
      String(json.headers['link']),
      /json-ld#context".*,<\/ngsi-ld\/v1\/subscriptions\?limit=1&offset=1>;rel="next"/,
    );
  });

  it('answers 405 with Allow to PATCH or DELETE without a subscription id, and changes nothing', async () => {
    const id = await create(subscription());
    for (const path of ['/subscriptions', '/subscriptions/']) {
      for (const method of ['DELETE', 'PATCH'] as const) {
        const res = await call(method, path, method === 'PATCH' ? { body: { isActive: false } } : {});
        assert.equal(res.statusCode, 405, `${method} ${path} → ${res.body}`);
        assert.equal(res.headers['allow'], 'GET, HEAD, POST');
        assert.match(String(res.headers['content-type']), /problem\+json/);
      }
    }
    assert.equal((await get(id))['status'], 'active');
  });

  it('keeps tenants apart: another tenant neither lists nor reads a subscription; an unknown one is 404', async () => {
    const id = await create(subscription(), { 'ngsild-tenant': 'hanoi_water' });
    const other = await call('GET', `/subscriptions/${enc(id)}`);
    assert.equal(other.statusCode, 404);
    const listed = await call('GET', '/subscriptions?limit=1000');
    assert.equal(
      listed.json<{ id: string }[]>().some((s) => s.id === id),
      false,
    );
    assert.equal((await get(id, { 'ngsild-tenant': 'hanoi_water' }))['id'], id);
    const nowhere = await call('GET', '/subscriptions', { headers: { 'ngsild-tenant': 'nowhere' } });
    assert.equal(nowhere.statusCode, 404);
    assert.equal(ngsiErrorType(nowhere), 'NonexistentTenant');
    const active = await app.broker.subscriptions.listActive(new Date());
    assert.equal(active.find((a) => a.id === id)?.tenant, 'hanoi_water');
  });

  it('lets a viewer read but not create, change or delete; anonymous callers get 401', async () => {
    const id = await create(subscription());
    assert.equal((await call('GET', `/subscriptions/${enc(id)}`, { who: viewer })).statusCode, 200);
    assert.equal((await call('GET', '/subscriptions', { who: viewer })).statusCode, 200);
    assert.equal((await call('POST', '/subscriptions', { body: subscription(), who: viewer })).statusCode, 403);
    assert.equal(
      (await call('PATCH', `/subscriptions/${enc(id)}`, { body: { isActive: false }, who: viewer })).statusCode,
      403,
    );
    assert.equal((await call('DELETE', `/subscriptions/${enc(id)}`, { who: viewer })).statusCode, 403);
    assert.equal((await call('GET', '/subscriptions', { who: null })).statusCode, 401);
  });

  it('gives the matcher what it needs: terms of the subscription’s @context and a query', async () => {
    const id = await create(
      {
        ...subscription({
          entities: [
            { type: 'AirQualityObserved', id: 'urn:ngsi-ld:AirQualityObserved:HN-001', idPattern: '.*' },
            { type: 'AirQualityObserved|Sensor' },
          ],
          geoQ: { geometry: 'Point', coordinates: [105.85, 21.03], georel: 'near;maxDistance==500' },
          scopeQ: '/Hanoi',
        }),
        ...AIR,
      },
      { 'content-type': 'application/ld+json' },
    );
    const active = (await app.broker.subscriptions.listActive(new Date())).find((a) => a.id === id);
    assert.ok(active, 'active');
    assert.equal(active.terms.expand('pm25'), 'https://smartdatamodels.org/pm25');
    assert.deepEqual(active.query, {
      selectors: [
        { type: 'https://smartdatamodels.org/AirQualityObserved', id: 'urn:ngsi-ld:AirQualityObserved:HN-001' },
        { type: `https://smartdatamodels.org/AirQualityObserved|${DEFAULT_VOCAB}Sensor` },
      ],
      q: 'pm25>50',
      geo: { geometry: 'Point', coordinates: [105.85, 21.03], georel: 'near;maxDistance==500' },
      scopeQ: '/Hanoi',
    });
    // The query runs as is against the entity service.
    await call('POST', '/entities', {
      body: {
        id: 'urn:ngsi-ld:AirQualityObserved:HN-001',
        type: 'AirQualityObserved',
        pm25: { type: 'Property', value: 80 },
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.851, 21.031] } },
        scope: '/Hanoi',
        ...AIR,
      },
      headers: { 'content-type': 'application/ld+json' },
    });
    const found = await app.broker.service.queryEntities(
      '',
      { ...active.query, limit: 10, offset: 0, count: false },
      active.terms,
    );
    assert.deepEqual(
      found.entities.map((e) => e.id),
      ['urn:ngsi-ld:AirQualityObserved:HN-001'],
    );
  });

  it('builds a notification with the subscription’s @context and tenant', async () => {
    const tenant = {
      'ngsild-tenant': 'hanoi_air',
      link: linkTo('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld'),
    };
    const id = await create(subscription({ notification: { endpoint: { uri: 'https://a.example/n' } } }), tenant);
    const active = (await app.broker.subscriptions.listActive(new Date())).find((a) => a.id === id);
    assert.ok(active, 'active');
    const now = new Date('2026-11-22T03:00:00Z');
    const message = await app.broker.subscriptions.notificationMessage(
      active,
      [{ id: 'urn:ngsi-ld:AirQualityObserved:HN-002', types: [`${DEFAULT_VOCAB}AirQualityObserved`], attrs: {} }],
      { now, trigger: 'attributeUpdated' },
    );
    assert.equal(message.contentType, 'application/json');
    assert.equal(message.headers['NGSILD-Tenant'], 'hanoi_air');
    const body = JSON.parse(message.body) as Record<string, unknown>;
    assert.equal(body['subscriptionId'], id);
    assert.deepEqual(body['data'], [{ id: 'urn:ngsi-ld:AirQualityObserved:HN-002', type: 'AirQualityObserved' }]);
  });
});
