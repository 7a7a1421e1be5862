import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { IMPLICIT_CONTEXT_LIMIT } from './contexts.js';

const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld';
const AIR = { pm25: 'https://smartdatamodels.org/pm25', Station: 'https://smartdatamodels.org/Station' };
const LD = { 'content-type': 'application/ld+json' };

interface Details {
  URL: string;
  localId: string;
  kind: string;
  createdAt: string;
  lastUsage?: string;
  numberOfHits: number;
}

describeEachDriver('@contexts the broker creates implicitly (ImplicitlyCreated)', (ctx) => {
  let app: App;
  let operator: Account;
  let other: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
    other = await accountWith(app, ['operator'], 'other_city');
  });
  after(() => app.http.close());

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options: { body?: unknown; headers?: Record<string, string>; who?: Account | null } = {},
  ) =>
    app.http.inject({
      method,
      url,
      headers: {
        ...(options.who === null ? {} : (options.who ?? operator).auth),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });

  const subscription = (id: string, context: unknown, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'Subscription',
    entities: [{ type: 'Station' }],
    notification: { endpoint: { uri: 'https://a.example/n' } },
    '@context': context,
    ...extra,
  });
  const subscribe = async (body: unknown, who?: Account) => {
    const res = await inject('POST', '/ngsi-ld/v1/subscriptions', { body, headers: LD, who });
    assert.equal(res.statusCode, 201, res.body);
  };
  const jsonldContextOf = async (id: string, who?: Account) => {
    const res = await inject('GET', `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id)}`, { who });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ jsonldContext?: string }>().jsonldContext;
  };
  const implicitList = async (who?: Account) =>
    (await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=ImplicitlyCreated&details=true', { who })).json<Details[]>();

  it('keeps a subscription’s array or inline @context under one URL, listed, served and shown as its jsonldContext', async () => {
    const context = [AIR, CORE];
    await subscribe(subscription('urn:ngsi-ld:Subscription:implicit-1', context));
    const url = await jsonldContextOf('urn:ngsi-ld:Subscription:implicit-1');
    assert.ok(url, 'the subscription names its @context by one URL');
    assert.match(url, /^http:\/\/localhost(:\d+)?\/ngsi-ld\/v1\/jsonldContexts\/[0-9a-f]{32}$/);

    const [entry, ...more] = await implicitList();
    assert.equal(more.length, 0);
    assert.ok(entry, 'entry');
    assert.equal(entry.URL, url);
    assert.equal(entry.kind, 'ImplicitlyCreated');
    assert.equal(entry.numberOfHits, 0);
    assert.ok(!Number.isNaN(Date.parse(entry.createdAt)), '!Number.isNaN(Date.parse(entry.createdAt))');
    assert.deepEqual((await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=ImplicitlyCreated')).json<string[]>(), [
      url,
    ]);
    // Listed with everything, but neither hosted nor cached.
    assert.ok(
      (await inject('GET', '/ngsi-ld/v1/jsonldContexts')).json<string[]>().includes(url),
      "(await inject('GET', '/ngsi-ld/v1/jsonldContexts')).json<string[]>().includes(url)",
    );
    assert.ok(
      !(await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Hosted')).json<string[]>().includes(url),
      "!(await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Hosted')).json<string[]>().includes(url)",
    );
    assert.ok(
      !(await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Cached')).json<string[]>().includes(url),
      "!(await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Cached')).json<string[]>().includes(url)",
    );

    // Its document is what the client sent; a notification receiver (not logged in) may fetch it.
    const served = await inject('GET', `/ngsi-ld/v1/jsonldContexts/${entry.localId}`, { who: null });
    assert.equal(served.statusCode, 200, served.body);
    assert.deepEqual(served.json(), { '@context': context });
    // Its details are the tenant's business.
    const details = await inject('GET', `/ngsi-ld/v1/jsonldContexts/${entry.localId}?details=true`);
    assert.equal(details.json<Details>().kind, 'ImplicitlyCreated');
    assert.equal(
      (await inject('GET', `/ngsi-ld/v1/jsonldContexts/${entry.localId}?details=true`, { who: other })).statusCode,
      404,
    );
  });

  it('names no implicit @context for one URL, and keeps the same @context once however many subscriptions use it', async () => {
    await subscribe(subscription('urn:ngsi-ld:Subscription:one-url', CORE));
    assert.equal(await jsonldContextOf('urn:ngsi-ld:Subscription:one-url'), undefined);
    const context = [{ NoiseLevelObserved: 'https://smartdatamodels.org/NoiseLevelObserved' }];
    await subscribe(
      subscription('urn:ngsi-ld:Subscription:noise-1', context, { entities: [{ type: 'NoiseLevelObserved' }] }),
    );
    await subscribe(
      subscription('urn:ngsi-ld:Subscription:noise-2', context, { entities: [{ type: 'NoiseLevelObserved' }] }),
    );
    const first = await jsonldContextOf('urn:ngsi-ld:Subscription:noise-1');
    assert.ok(first, 'first');
    assert.equal(await jsonldContextOf('urn:ngsi-ld:Subscription:noise-2'), first);
    assert.equal((await implicitList()).filter((c) => c.URL === first).length, 1);
    // A jsonldContext the client gives is its own choice and stays shown.
    await subscribe(subscription('urn:ngsi-ld:Subscription:given', [AIR], { jsonldContext: CORE }));
    assert.equal(await jsonldContextOf('urn:ngsi-ld:Subscription:given'), CORE);
  });

  it('leaves nothing behind for a refused subscription, and keeps tenants apart', async () => {
    const before = (await implicitList()).length;
    const refused = await inject('POST', '/ngsi-ld/v1/subscriptions', {
      body: subscription('urn:ngsi-ld:Subscription:refused', [{ Refused: 'https://example.org/Refused' }], {
        notification: { endpoint: { uri: 'http://10.0.0.5/notify' } },
      }),
      headers: LD,
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal((await implicitList()).length, before);
    // An id already taken (409) keeps nothing either.
    await subscribe(subscription('urn:ngsi-ld:Subscription:taken', [{ Kept: 'https://example.org/Kept' }]));
    const afterFirst = (await implicitList()).length;
    const taken = await inject('POST', '/ngsi-ld/v1/subscriptions', {
      body: subscription('urn:ngsi-ld:Subscription:taken', [{ Other: 'https://example.org/Other' }]),
      headers: LD,
    });
    assert.equal(taken.statusCode, 409, taken.body);
    assert.equal((await implicitList()).length, afterFirst);

    await subscribe(subscription('urn:ngsi-ld:Subscription:other', [{ Bus: 'https://example.org/Bus' }]), other);
    const [theirs] = await implicitList(other);
    assert.ok(theirs, 'theirs');
    assert.ok(
      !(await implicitList()).some((c) => c.localId === theirs.localId),
      '!(await implicitList()).some((c) => c.localId === theirs.localId)',
    );
    // Theirs to delete, not ours: it does not exist for us.
    assert.equal((await inject('DELETE', `/ngsi-ld/v1/jsonldContexts/${theirs.localId}`)).statusCode, 404);
  });

  it('deletes an implicit @context (204) but does not reload one (400 BadRequestData)', async () => {
    await subscribe(subscription('urn:ngsi-ld:Subscription:deleted', [{ Tram: 'https://example.org/Tram' }]));
    const url = await jsonldContextOf('urn:ngsi-ld:Subscription:deleted');
    const localId = url?.split('/').pop() ?? '';
    const reload = await inject('DELETE', `/ngsi-ld/v1/jsonldContexts/${localId}?reload=true`);
    assert.equal(reload.statusCode, 400, reload.body);
    assert.equal(problemOf(reload).type, 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    assert.equal((await inject('DELETE', `/ngsi-ld/v1/jsonldContexts/${localId}`)).statusCode, 204);
    assert.equal((await inject('GET', `/ngsi-ld/v1/jsonldContexts/${localId}`)).statusCode, 404);
  });

  it('follows the @context a PATCH brings: a new array gets its own URL, one URL none, and a refused PATCH keeps nothing', async () => {
    const id = 'urn:ngsi-ld:Subscription:patched';
    const path = `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id)}`;
    await subscribe(subscription(id, [AIR]));
    const first = await jsonldContextOf(id);
    assert.ok(first, 'first');
    const patch = (body: unknown) => inject('PATCH', path, { body, headers: LD });
    // Without a @context of its own the PATCH keeps the subscription's.
    assert.equal((await inject('PATCH', path, { body: { description: 'PM2.5 alerts' } })).statusCode, 204);
    assert.equal(await jsonldContextOf(id), first);

    const count = (await implicitList()).length;
    const refused = await patch({ timeInterval: -1, '@context': [AIR, { Other: 'https://example.org/Other' }] });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal((await implicitList()).length, count);
    assert.equal(await jsonldContextOf(id), first);

    const changed = await patch({ description: 'with buses', '@context': [AIR, { Bus: 'https://example.org/Bus2' }] });
    assert.equal(changed.statusCode, 204, changed.body);
    const second = await jsonldContextOf(id);
    assert.ok(second && second !== first, 'second && second !== first');
    assert.ok(
      (await implicitList()).some((c) => c.URL === second),
      '(await implicitList()).some((c) => c.URL === second)',
    );

    // One URL (here a hosted context) is named as it is: no implicit one.
    const hosted = await inject('POST', '/ngsi-ld/v1/jsonldContexts', { body: { '@context': AIR } });
    const hostedUrl = (await inject('GET', `${String(hosted.headers['location'])}?details=true`)).json<Details>().URL;
    assert.equal((await patch({ description: 'one URL', '@context': hostedUrl })).statusCode, 204);
    assert.equal(await jsonldContextOf(id), undefined);
  });

  it('counts the uses of an implicit @context: requests naming its URL and its serving', async () => {
    await subscribe(subscription('urn:ngsi-ld:Subscription:counted', [{ Kiosk: 'https://example.org/Kiosk' }]));
    const url = await jsonldContextOf('urn:ngsi-ld:Subscription:counted');
    assert.ok(url, 'url');
    const localId = url.split('/').pop() ?? '';
    const hits = async () =>
      (await inject('GET', `/ngsi-ld/v1/jsonldContexts/${localId}?details=true`)).json<Details>();
    const created = await inject('POST', '/ngsi-ld/v1/entities', {
      body: { id: 'urn:ngsi-ld:Kiosk:K1', type: 'Kiosk', '@context': url },
      headers: LD,
    });
    assert.equal(created.statusCode, 201, created.body);
    const afterUse = await hits();
    assert.equal(afterUse.numberOfHits, 1);
    assert.ok(afterUse.lastUsage, 'afterUse.lastUsage');
    // Serving it (here: its details) is a use too, shown from the next read on.
    assert.equal((await hits()).numberOfHits, 2);
  });

  it('notifies with the subscription’s @context named by its implicit URL', async () => {
    await subscribe(subscription('urn:ngsi-ld:Subscription:notified', [AIR]));
    const url = await jsonldContextOf('urn:ngsi-ld:Subscription:notified');
    assert.ok(url, 'url');
    const active = (await app.broker.subscriptions.listActive(new Date())).find(
      (a) => a.id === 'urn:ngsi-ld:Subscription:notified',
    );
    assert.ok(active, 'active');
    const message = await app.broker.subscriptions.notificationMessage(
      active,
      [
        {
          id: 'urn:ngsi-ld:Station:HN-1',
          types: [AIR.Station],
          attrs: { [AIR.pm25]: [{ type: 'Property', value: 81 }] },
        },
      ],
      { now: new Date('2026-12-03T10:00:00Z'), trigger: 'attributeUpdated' },
    );
    assert.equal(
      message.headers['Link'],
      `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
    );
    const body = JSON.parse(message.body) as { data: unknown };
    assert.deepEqual(body.data, [
      { id: 'urn:ngsi-ld:Station:HN-1', type: 'Station', pm25: { type: 'Property', value: 81 } },
    ]);
  });

  it('compacts notifications with the jsonldContext a client gives, names it, and shows it back', async () => {
    const hosted = await inject('POST', '/ngsi-ld/v1/jsonldContexts', {
      body: { '@context': { Tram: 'https://example.org/Tram', speed: 'https://example.org/speed' } },
    });
    const given = (await inject('GET', `${String(hosted.headers['location'])}?details=true`)).json<Details>().URL;
    const id = 'urn:ngsi-ld:Subscription:with-jsonld-context';
    // Written with full IRIs, notified in the terms of the given context.
    const created = await inject('POST', '/ngsi-ld/v1/subscriptions', {
      body: {
        id,
        type: 'Subscription',
        entities: [{ type: 'https://example.org/Tram' }],
        notification: { endpoint: { uri: 'https://a.example/n' } },
        jsonldContext: given,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(await jsonldContextOf(id), given);
    const active = (await app.broker.subscriptions.listActive(new Date())).find((a) => a.id === id);
    assert.ok(active, 'active');
    const message = await app.broker.subscriptions.notificationMessage(
      active,
      [
        {
          id: 'urn:ngsi-ld:Tram:T1',
          types: ['https://example.org/Tram'],
          attrs: { 'https://example.org/speed': [{ type: 'Property', value: 32 }] },
        },
      ],
      { now: new Date('2026-12-03T10:00:00Z'), trigger: 'attributeUpdated' },
    );
    assert.equal(
      message.headers['Link'],
      `<${given}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
    );
    assert.deepEqual((JSON.parse(message.body) as { data: unknown }).data, [
      { id: 'urn:ngsi-ld:Tram:T1', type: 'Tram', speed: { type: 'Property', value: 32 } },
    ]);
  });

  it('names a core @context given as jsonldContext by the URL the subscriber gave, whichever version it names', async () => {
    const given = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';
    const id = 'urn:ngsi-ld:Subscription:with-core-v18';
    const created = await inject('POST', '/ngsi-ld/v1/subscriptions', {
      body: {
        id,
        type: 'Subscription',
        entities: [{ type: 'https://example.org/Tram' }],
        notification: { endpoint: { uri: 'https://a.example/n' } },
        jsonldContext: given,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const active = (await app.broker.subscriptions.listActive(new Date())).find((a) => a.id === id);
    assert.ok(active, 'active');
    const message = await app.broker.subscriptions.notificationMessage(
      active,
      [{ id: 'urn:ngsi-ld:Tram:T2', types: ['https://example.org/Tram'], attrs: {} }],
      { now: new Date('2026-12-03T10:00:00Z'), trigger: 'attributeUpdated' },
    );
    assert.equal(
      message.headers['Link'],
      `<${given}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
    );
  });

  it('bounds what a tenant can make the broker keep: past the limit a new @context is refused, a known one still works', async () => {
    const tenant = 'bounded_city';
    const bounded = await accountWith(app, ['operator'], tenant);
    await subscribe(subscription('urn:ngsi-ld:Subscription:known', [{ Known: 'https://example.org/Known' }]), bounded);
    // Fill the tenant up to the bound directly: creating a thousand subscriptions proves nothing more.
    await ctx.db.query(
      `INSERT INTO ngsi_jsonld_context (id, tenant, url, kind, body)
       SELECT 'filler-' || n, $1, 'http://localhost/filler/' || n, 'implicit', '{"@context": {}}'::jsonb
       FROM generate_series(2, $2::int) AS n`,
      [tenant, IMPLICIT_CONTEXT_LIMIT],
    );
    const refused = await inject('POST', '/ngsi-ld/v1/subscriptions', {
      body: subscription('urn:ngsi-ld:Subscription:one-too-many', [{ New: 'https://example.org/New' }]),
      headers: LD,
      who: bounded,
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(problemOf(refused).type, 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    assert.match(problemOf(refused).detail ?? '', /already holds 1000 @contexts/);
    assert.equal(
      (await inject('GET', '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one-too-many', { who: bounded }))
        .statusCode,
      404,
    );
    await subscribe(
      subscription('urn:ngsi-ld:Subscription:known-again', [{ Known: 'https://example.org/Known' }]),
      bounded,
    );
    // Nor is one @context allowed to be large: a big inline one belongs in a hosted @context.
    const big = Object.fromEntries(
      Array.from({ length: 2000 }, (_, n) => [`term${n}`, `https://example.org/a-rather-long-vocabulary/term${n}`]),
    );
    const tooBig = await inject('POST', '/ngsi-ld/v1/subscriptions', {
      body: subscription('urn:ngsi-ld:Subscription:too-big', [big]),
      headers: LD,
    });
    assert.equal(tooBig.statusCode, 400, tooBig.body);
    assert.match(problemOf(tooBig).detail, /at most 65536 bytes/);
    // Other tenants are not held back by this one.
    await subscribe(subscription('urn:ngsi-ld:Subscription:elsewhere', [{ New: 'https://example.org/New' }]));
  });
});
