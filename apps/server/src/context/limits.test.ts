import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../test/support/ngsi.js';

/** What an attacker sends the NGSI-LD API: every one a 400 that changes nothing, never a 500 or a stall. */

const enc = encodeURIComponent;
const deepText = (depth: number) => `${'{"level":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
/** A JSON body text with DEEP standing for `depth` nested objects (too deep for JSON.stringify to write). */
const withDeep = (body: unknown, depth: number) => JSON.stringify(body).replace('"DEEP"', deepText(depth));

describeEachDriver('limits of the NGSI-LD API', (ctx) => {
  let app: App;
  let admin: Account;
  const call = ngsiCaller(
    () => app,
    () => admin,
  );
  const station = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'AirQualityObserved',
    pm25: { type: 'Property', value: 18 },
    ...extra,
  });
  const countStations = async () =>
    (await call('GET', '/entities?type=AirQualityObserved&limit=0&count=true')).headers['ngsild-results-count'];

  /** A 400 BadRequestData whose detail says what was wrong. */
  const badRequestData = (res: { statusCode: number; body: string }, detail: RegExp, what: string) => {
    assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
    assert.equal(ngsiErrorType(res as Parameters<typeof ngsiErrorType>[0]), 'BadRequestData', what);
    assert.match(problemOf(res as Parameters<typeof problemOf>[0]).detail, detail, what);
  };

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    const created = await call('POST', '/entities', { body: station('urn:ngsi-ld:AirQualityObserved:HN-001') });
    assert.equal(created.statusCode, 201, created.body);
  });
  after(() => app.http.close());

  it('refuses costly regular expressions wherever one reaches the database', async () => {
    for (const pattern of ['(a{100}){40}', '(.{100}){40}']) {
      badRequestData(
        await call('GET', `/entities?idPattern=${enc(pattern)}`),
        /idPattern at character \d+: repeats more than 64 times/,
        pattern,
      );
    }
    const cases: [string, string, unknown, RegExp][] = [
      ['GET', `/entities?idPattern=${enc('(a{10}){10}')}`, undefined, /multiply to more than 64/],
      ['GET', `/entities?idPattern=${enc('x'.repeat(257))}`, undefined, /1 to 256 characters \(got 257\)/],
      ['GET', `/entities?idPattern=${enc('(a)\\1')}`, undefined, /back-reference/],
      ['GET', `/entities?idPattern=${enc('(?=a).{64}')}`, undefined, /lookahead or lookbehind/],
      ['GET', `/entities?q=${enc('name~=.{64}.{64}.{64}.{64}x')}`, undefined, /too complex/],
      [
        'POST',
        '/entityOperations/query',
        { type: 'Query', entities: [{ type: 'AirQualityObserved', idPattern: '(.{100}){40}' }] },
        /entities\[\]\.idPattern at character \d+: repeats more than 64 times/,
      ],
      ['GET', `/temporal/entities?idPattern=${enc('(.{100}){40}')}`, undefined, /repeats more than 64 times/],
      [
        'POST',
        '/subscriptions',
        {
          type: 'Subscription',
          entities: [{ type: 'AirQualityObserved', idPattern: '(.{100}){40}' }],
          notification: { endpoint: { uri: 'http://alerts.hanoi.example/notify' } },
        },
        /repeats more than 64 times/,
      ],
    ];
    for (const [method, url, body, detail] of cases) {
      badRequestData(
        await call(method as 'GET' | 'POST', url, body === undefined ? {} : { body }),
        detail,
        `${method} ${url}`,
      );
    }
    const fine = await call('GET', `/entities?idPattern=${enc('^urn:ngsi-ld:AirQualityObserved:HN-[0-9]{3}$')}`);
    assert.equal(fine.statusCode, 200, fine.body);
    assert.equal(fine.json<unknown[]>().length, 1);
  });

  it('refuses JSON nested 10,000 deep on every write, and stores nothing', async () => {
    const before = await countStations();
    const id = 'urn:ngsi-ld:AirQualityObserved:HN-deep';
    const existing = enc('urn:ngsi-ld:AirQualityObserved:HN-001');
    const writes: [string, string, unknown][] = [
      ['POST', '/entities', station(id, { notes: { type: 'Property', value: 'DEEP' } })],
      ['POST', '/entityOperations/create', [station(id, { notes: { type: 'Property', value: 'DEEP' } })]],
      ['POST', '/entityOperations/upsert', [station(id, { notes: 'DEEP' })]],
      ['PATCH', `/entities/${existing}`, { notes: 'DEEP' }],
      ['PATCH', `/entities/${existing}/attrs`, { pm25: 'DEEP' }],
      ['PATCH', `/entities/${existing}/attrs/pm25`, { value: 'DEEP' }],
    ];
    for (const [method, url, body] of writes) {
      badRequestData(
        await call(method as 'POST' | 'PATCH', url, { body: withDeep(body, 10_000) }),
        /nested deeper than 64 levels/,
        `${method} ${url}`,
      );
    }
    badRequestData(
      await call('POST', '/entities', { body: `${'['.repeat(10_000)}${']'.repeat(10_000)}` }),
      /nested deeper than 64 levels/,
      'a deep array',
    );
    // 60 levels is deep, but allowed.
    const nested = await call('POST', '/entities', {
      body: withDeep(
        station('urn:ngsi-ld:AirQualityObserved:HN-nested', { notes: { type: 'Property', value: 'DEEP' } }),
        60,
      ),
    });
    assert.equal(nested.statusCode, 201, nested.body);
    assert.equal(await countStations(), String(Number(before) + 1));
    const kept = await call('GET', `/entities/${enc('urn:ngsi-ld:AirQualityObserved:HN-001')}?options=keyValues`);
    assert.equal(kept.json<{ pm25: number }>().pm25, 18, 'the patches changed nothing');
  });

  it('refuses a body over NGSI_LD_BODY_LIMIT (1 MB) on every write with 413, unread; a body under it is taken', async () => {
    const before = await countStations();
    const id = 'urn:ngsi-ld:AirQualityObserved:HN-huge';
    const existing = enc('urn:ngsi-ld:AirQualityObserved:HN-001');
    const huge = { type: 'Property', value: 'x'.repeat(1024 * 1024) };
    const writes: [string, string, unknown][] = [
      ['POST', '/entities', station(id, { notes: huge })],
      ['POST', '/entityOperations/create', [station(id, { notes: huge })]],
      ['POST', '/entityOperations/upsert', [station(id, { notes: huge })]],
      ['POST', '/entityOperations/update', [station('urn:ngsi-ld:AirQualityObserved:HN-001', { notes: huge })]],
      ['PUT', `/entities/${existing}`, station('urn:ngsi-ld:AirQualityObserved:HN-001', { notes: huge })],
      ['PATCH', `/entities/${existing}`, { notes: huge }],
      ['POST', `/entities/${existing}/attrs`, { notes: huge }],
      ['PATCH', `/entities/${existing}/attrs`, { pm25: { ...huge, value: 19 }, notes: huge }],
      ['PATCH', `/entities/${existing}/attrs/pm25`, { value: Array.from({ length: 200_000 }, (_, i) => i) }],
      ['POST', '/temporal/entities', station(id, { notes: [{ ...huge, observedAt: '2026-12-01T00:00:00Z' }] })],
      ['POST', '/entityOperations/query', { type: 'Query', entities: [{ type: 'AirQualityObserved' }], q: huge.value }],
      [
        'POST',
        '/subscriptions',
        {
          type: 'Subscription',
          entities: [{ type: 'AirQualityObserved' }],
          description: huge.value,
          notification: { endpoint: { uri: 'http://alerts.hanoi.example/notify' } },
        },
      ],
    ];
    for (const [method, url, body] of writes) {
      const res = await call(method as 'POST' | 'PATCH' | 'PUT', url, { body });
      const what = `${method} ${url}`;
      assert.equal(res.statusCode, 413, `${what}: ${res.body.slice(0, 300)}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData', what);
      assert.equal(problemOf(res).code, 'NGSI_LD_BODY_TOO_LARGE', what);
      assert.match(problemOf(res).detail, /over 1048576 bytes.*NGSI_LD_BODY_LIMIT/, what);
    }
    assert.equal(await countStations(), before, 'no entity was created');
    const kept = await call('GET', `/entities/${existing}?options=keyValues`);
    assert.equal(kept.json<{ pm25: number }>().pm25, 18, 'the writes changed nothing');
    assert.equal(kept.json<{ notes?: unknown }>().notes, undefined, 'the writes changed nothing');
    assert.equal((await call('GET', `/temporal/entities/${enc(id)}`)).statusCode, 404, 'no history was written');
    assert.equal(
      (await call('GET', '/subscriptions?limit=0&count=true')).headers['ngsild-results-count'],
      '0',
      'no subscription was made',
    );

    // Just under the limit, a large value is an ordinary write.
    const large = { type: 'Property', value: 'y'.repeat(1024 * 1024 - 100) };
    const taken = await call('PATCH', `/entities/${existing}/attrs`, { body: { notes: large } });
    assert.equal(taken.statusCode, 204, taken.body.slice(0, 300));
    const removed = await call('DELETE', `/entities/${existing}/attrs/notes`);
    assert.equal(removed.statusCode, 204, removed.body);
  });

  it('refuses a write leaving an entity with more than NGSI_LD_MAX_ATTRIBUTES (1000) attributes, and changes nothing', async () => {
    const many = (from: number, count: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [`reading${from + i}`, { type: 'Property', value: i }]),
      );
    const near = 'urn:ngsi-ld:AirQualityObserved:HN-near';
    const other = 'urn:ngsi-ld:AirQualityObserved:HN-other';
    const nearPath = `/entities/${enc(near)}`;
    const tooMany = (res: { statusCode: number; body: string }, count: number, what: string) => {
      badRequestData(
        res,
        new RegExp(`would hold ${count} attributes; at most 1000 \\(NGSI_LD_MAX_ATTRIBUTES\\)`),
        what,
      );
      assert.equal(problemOf(res as Parameters<typeof problemOf>[0]).code, 'NGSI_LD_TOO_MANY_ATTRIBUTES', what);
    };
    /** A 207 in which only `id` failed, for having `count` attributes. */
    const onlyFailed = (res: { statusCode: number; body: string }, id: string, count: number, what: string) => {
      assert.equal(res.statusCode, 207, `${what}: ${res.body.slice(0, 300)}`);
      const { errors } = JSON.parse(res.body) as { errors: { entityId: string; error: { detail: string } }[] };
      assert.deepEqual(
        errors.map((e) => e.entityId),
        [id],
        what,
      );
      assert.match(errors[0]?.error.detail ?? '', new RegExp(`would hold ${count} attributes; at most 1000`), what);
    };
    const attributeCount = async (id: string) => {
      const res = await call('GET', `/entities/${enc(id)}?options=keyValues`);
      assert.equal(res.statusCode, 200, res.body);
      return Object.keys(res.json<Record<string, unknown>>()).filter((k) => k !== 'id' && k !== 'type').length;
    };
    const before = await countStations();

    tooMany(await call('POST', '/entities', { body: station(near, many(0, 1000)) }), 1001, 'a create');
    tooMany(
      await call('POST', '/temporal/entities', { body: station(near, many(0, 1000)) }),
      1001,
      'a temporal create',
    );
    assert.equal(await countStations(), before, 'nothing was created');
    assert.equal((await call('GET', `/temporal/entities/${enc(near)}`)).statusCode, 404, 'no history was written');

    // 1000 attributes (pm25 and 999 readings) is the most.
    const created = await call('POST', '/entities', { body: station(near, many(0, 999)) });
    assert.equal(created.statusCode, 201, created.body.slice(0, 300));
    assert.equal(await attributeCount(near), 1000);

    // One attribute more, with what is stored, is one too many: by every route that adds one.
    const one = { extra: { type: 'Property', value: 1 } };
    tooMany(await call('POST', `${nearPath}/attrs`, { body: one }), 1001, 'an append');
    tooMany(await call('PATCH', `${nearPath}/attrs`, { body: one }), 1001, 'an update of attributes');
    tooMany(await call('PATCH', nearPath, { body: one }), 1001, 'a merge');
    tooMany(await call('PUT', nearPath, { body: station(near, { ...many(0, 999), ...one }) }), 1001, 'a replace');
    tooMany(
      await call('POST', '/temporal/entities', { body: { id: near, type: 'AirQualityObserved', ...one } }),
      1001,
      'a temporal write reaching the present',
    );
    tooMany(await call('POST', `/temporal/entities/${enc(near)}/attrs`, { body: one }), 1001, 'a temporal append');

    const fine = station(other);
    for (const [operation, body, count] of [
      ['create', [fine, station('urn:ngsi-ld:AirQualityObserved:HN-big', many(0, 1000))], 1001],
      ['upsert?options=update', [fine, { id: near, type: 'AirQualityObserved', ...one, ...many(5000, 2) }], 1003],
      ['upsert', [fine, station('urn:ngsi-ld:AirQualityObserved:HN-big', many(0, 1000))], 1001],
      ['update', [fine, { id: near, type: 'AirQualityObserved', ...one }], 1001],
      ['merge', [fine, { id: near, type: 'AirQualityObserved', ...one }], 1001],
    ] as const) {
      const failed = body[1].id;
      onlyFailed(await call('POST', `/entityOperations/${operation}`, { body }), failed, count, operation);
    }
    assert.equal(await attributeCount(other), 1, 'the rest of each batch was written');
    assert.equal(await attributeCount(near), 1000, 'the entity near the limit was not changed');
    assert.equal((await call('GET', `/entities/${enc('urn:ngsi-ld:AirQualityObserved:HN-big')}`)).statusCode, 404);
    const history = await call('GET', `/temporal/entities/${enc(near)}?attrs=extra`);
    assert.equal(history.statusCode, 404, 'no history of the refused attribute was written');
    assert.match(problemOf(history).detail, /no history of the attributes asked for/);

    // At the limit, an entity's attributes can still change, and once one is gone another may come.
    const upsert = await call('POST', '/entityOperations/upsert?options=update', {
      body: [{ id: near, type: 'AirQualityObserved', pm25: 20, reading0: 7 }],
    });
    assert.equal(upsert.statusCode, 204, upsert.body);
    assert.equal((await call('PATCH', `${nearPath}/attrs`, { body: { pm25: 21 } })).statusCode, 204);
    assert.equal((await call('DELETE', `${nearPath}/attrs/reading1`)).statusCode, 204);
    assert.equal((await call('POST', `${nearPath}/attrs`, { body: one })).statusCode, 204);
    assert.equal(await attributeCount(near), 1000);
    for (const id of [near, other]) assert.equal((await call('DELETE', `/entities/${enc(id)}`)).statusCode, 204);
  });

  it('refuses text the database cannot store, in values, ids, types, names and parameters', async () => {
    const before = await countStations();
    const bodies: [string, unknown][] = [
      ['a NUL in a value', station('urn:ngsi-ld:AirQualityObserved:HN-nul', { name: 'Hoàn\u0000Kiếm' })],
      ['half a surrogate pair in a value', station('urn:ngsi-ld:AirQualityObserved:HN-sur', { name: 'x\ud800y' })],
      ['a NUL in an id', station('urn:ngsi-ld:AirQualityObserved:HN\u0000-1')],
      ['a NUL in a type', { ...station('urn:ngsi-ld:AirQualityObserved:HN-t'), type: 'Air\u0000Quality' }],
      ['half a pair in an attribute name', station('urn:ngsi-ld:AirQualityObserved:HN-n', { ['pm\udc0010']: 1 })],
    ];
    for (const [what, body] of bodies) {
      badRequestData(await call('POST', '/entities', { body }), /NUL character or half a surrogate pair/, what);
    }
    // Written as JSON escapes, as a hostile client would send them.
    badRequestData(
      await call('POST', '/entities', {
        body: '{"id":"urn:ngsi-ld:AirQualityObserved:HN-esc","type":"AirQualityObserved","name":"\\ud800"}',
      }),
      /half a surrogate pair at \/name/,
      'an escaped lone surrogate',
    );
    badRequestData(
      await call('GET', '/entities?id=urn:ngsi-ld:AirQualityObserved:HN%00-1'),
      /query string holds a NUL/,
      'a NUL in the query string',
    );
    badRequestData(
      await call('GET', '/entities/urn:ngsi-ld:AirQualityObserved:HN%00-1'),
      /path holds a NUL/,
      'a NUL in the path',
    );
    assert.equal(await countStations(), before);
  });

  it('refuses paging numbers that are not whole numbers PostgreSQL takes', async () => {
    for (const bad of [
      'offset=1e22',
      'offset=10000000000000000000000',
      'offset=2147483648',
      'offset=-1',
      'offset=1.5',
      'limit=99999999999999999999',
    ]) {
      badRequestData(await call('GET', `/entities?type=AirQualityObserved&${bad}`), /whole number/, bad);
    }
    for (const bad of [
      'offset=1e22',
      'offset=10000000000000000000000',
      'lastN=1e22',
      'lastN=10000000000000000000000',
    ]) {
      badRequestData(await call('GET', `/temporal/entities?type=AirQualityObserved&${bad}`), /whole number/, bad);
    }
    const far = await call('GET', '/entities?type=AirQualityObserved&offset=2147483647');
    assert.equal(far.statusCode, 200, far.body);
    assert.deepEqual(far.json(), []);
  });

  it('caps lists of names, ids and selectors', async () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `a${i}`);
    badRequestData(
      await call('GET', `/entities?type=AirQualityObserved&attrs=${names.join(',')}`),
      /attrs holds 100000 items; at most 1000/,
      'attrs',
    );
    for (const parameter of ['pick', 'omit']) {
      badRequestData(
        await call('GET', `/entities?type=AirQualityObserved&${parameter}=${names.slice(0, 1001).join(',')}`),
        new RegExp(`${parameter}: more than 1000 names`),
        parameter,
      );
    }
    const ids = Array.from({ length: 1001 }, (_, i) => `urn:ngsi-ld:AirQualityObserved:HN-${i}`);
    badRequestData(await call('GET', `/entities?id=${ids.join(',')}`), /id holds 1001 items; at most 1000/, 'id');
    badRequestData(
      await call('GET', `/entities?type=${names.slice(0, 5000).join('|')}`),
      /nor longer than 2048 characters/,
      'type',
    );
    badRequestData(
      await call('POST', '/entityOperations/query', { body: { type: 'Query', attrs: names } }),
      /attrs holds 100000 items/,
      'Query attrs',
    );
    const selectors = ids.slice(0, 101).map((id) => ({ id, type: 'AirQualityObserved' }));
    badRequestData(
      await call('POST', '/entityOperations/query', { body: { type: 'Query', entities: selectors } }),
      /entities holds 101 selectors; at most 100/,
      'selectors',
    );
    const patterns = Array.from({ length: 5 }, (_, i) => ({ type: 'AirQualityObserved', idPattern: `HN-${i}` }));
    badRequestData(
      await call('POST', '/temporal/entityOperations/query', { body: { type: 'Query', entities: patterns } }),
      /5 selectors with an idPattern; at most 4/,
      'idPattern selectors',
    );
  });

  it('keeps every entity it creates reachable: ids of up to 256 characters, longer ones refused', async () => {
    const prefix = 'urn:ngsi-ld:AirQualityObserved:';
    const longest = `${prefix}${'đ'.repeat(256 - prefix.length)}`;
    const created = await call('POST', '/entities', { body: station(longest) });
    assert.equal(created.statusCode, 201, created.body);
    const read = await call('GET', `/entities/${enc(longest)}`);
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json<{ id: string }>().id, longest);
    assert.equal((await call('DELETE', `/entities/${enc(longest)}`)).statusCode, 204);

    const tooLong = `${longest}x`;
    badRequestData(
      await call('POST', '/entities', { body: station(tooLong) }),
      /257 characters long; at most 256/,
      'id',
    );
    const batch = await call('POST', '/entityOperations/create', { body: [station(tooLong)] });
    assert.equal(batch.statusCode, 207, batch.body);
    // Addressing it answers problem+json, not a bare framework error.
    const path = await call('GET', `/entities/${enc(tooLong)}`);
    assert.equal(path.statusCode, 414);
    assert.equal(problemOf(path).code, 'PATH_TOO_LONG');
  });

  it('answers bad input outside the NGSI-LD API with problem+json too', async () => {
    for (const username of ['admin\u0000', '\ud800']) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'whatever-long-enough' },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(problemOf(res).code, 'UNSTORABLE_TEXT');
    }
    const deepLogin = await app.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"a","password":"b","x":${deepText(10_000)}}`,
    });
    assert.equal(deepLogin.statusCode, 400, deepLogin.body);
    assert.equal(problemOf(deepLogin).code, 'INPUT_TOO_DEEP');
    for (const url of ['/api/v1/alarms?offset=1e22', '/api/v1/users?offset=10000000000000000000000']) {
      const res = await app.http.inject({ method: 'GET', url, headers: admin.auth });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(problemOf(res).code, 'NUMBER_OUT_OF_RANGE', url);
    }
    const fine = await app.http.inject({ method: 'GET', url: '/api/v1/alarms?offset=5', headers: admin.auth });
    assert.equal(fine.statusCode, 200, fine.body);
    const badUrl = await app.http.inject({ method: 'GET', url: '/ngsi-ld/v1/entities/%E0%A4%A' });
    assert.equal(badUrl.statusCode, 400, badUrl.body);
    assert.equal(problemOf(badUrl).code, 'BAD_URL');
  });
});
