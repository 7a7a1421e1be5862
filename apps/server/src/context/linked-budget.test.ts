import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { ngsiCaller, ngsiErrorType } from '../../test/support/ngsi.js';
import { startReceiver, type Receiver } from '../../test/support/receiver.js';
import { MAX_INLINED, MAX_LINKED_BYTES, renderWithLinks } from './linked.js';
import type { RenderOptions } from './model.js';
import { type Notifier } from './notify/index.js';
import { testNotifier } from '../../test/support/notifier.js';

/**
 * What one answer or notification may carry of linked entities: an entity naming one large entity many
 * times in a ListRelationship must not multiply it into an answer of hundreds of megabytes.
 */

const enc = encodeURIComponent;
const PLAN = 'urn:ngsi-ld:FloodPlan:amplified';
const MAP = 'urn:ngsi-ld:FloodMap:large';
/** Linked 1,000 times, this map (about 20 KB) makes some 20 MB inline: over MAX_LINKED_BYTES. */
const COPIES = 1_000;
const MAP_BYTES = Math.ceil((MAX_LINKED_BYTES * 1.2) / COPIES);

describeEachDriver('NGSI-LD linked entities: the bound on copies and bytes', (ctx) => {
  let app: App;
  let operator: Account;
  let viewer: Account;
  let notifier: Notifier;
  let receiver: Receiver;
  const call = ngsiCaller(
    () => app,
    () => viewer,
  );

  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
    viewer = await accountWith(app, ['viewer']);
    notifier = testNotifier(app, ctx.db);
    await notifier.start();
    receiver = await startReceiver();
    for (const body of [
      {
        id: MAP,
        type: 'FloodMap',
        name: { type: 'Property', value: 'Hoàn Kiếm' },
        depths: { type: 'Property', value: 'x'.repeat(MAP_BYTES) },
      },
      {
        id: PLAN,
        type: 'FloodPlan',
        name: { type: 'Property', value: 'Mùa mưa 2026' },
        maps: { type: 'ListRelationship', objectList: Array.from({ length: COPIES }, () => MAP) },
      },
    ]) {
      const res = await call('POST', '/entities', { body, who: operator });
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(async () => {
    await receiver.close();
    await notifier.stop();
    await app.http.close();
  });

  const refused = (res: { statusCode: number; body: string }, detail: RegExp) => {
    assert.equal(res.statusCode, 403, res.body.slice(0, 500));
    assert.equal(ngsiErrorType(res as Parameters<typeof ngsiErrorType>[0]), 'TooManyResults');
    assert.match((JSON.parse(res.body) as { detail: string }).detail, detail);
  };

  it('refuses an inline retrieval that would copy one large entity past the byte budget, and serves it flat', async () => {
    refused(await call('GET', `/entities/${enc(PLAN)}?join=inline`), /16 MiB.*join=flat.*joinLevel.*pick\/omit/);
    const flat = await call('GET', `/entities/${enc(PLAN)}?join=flat`);
    assert.equal(flat.statusCode, 200);
    assert.deepEqual(
      flat.json<{ id: string }[]>().map((e) => e.id),
      [PLAN, MAP],
    );
    // What the plan needs of each map fits: every copy is counted at its own (picked) size.
    const picked = await call('GET', `/entities/${enc(PLAN)}?join=inline&pick=id,maps{id,name}`);
    assert.equal(picked.statusCode, 200, picked.body.slice(0, 500));
    const { maps } = picked.json<{ maps: { entityList: unknown[] } }>();
    assert.equal(maps.entityList.length, COPIES);
    assert.deepEqual(maps.entityList[0], { id: MAP, name: { type: 'Property', value: 'Hoàn Kiếm' } });
  });

  it('refuses the same inline join in a query, by GET and by POST', async () => {
    refused(await call('GET', '/entities?type=FloodPlan&join=inline'), /16 MiB.*join=flat/);
    const query = { type: 'Query', entities: [{ type: 'FloodPlan' }], join: 'inline' };
    refused(await call('POST', '/entityOperations/query', { body: query }), /16 MiB.*join=flat/);
    const flat = await call('GET', '/entities?type=FloodPlan&join=flat');
    assert.equal(flat.statusCode, 200);
    assert.equal(flat.json<unknown[]>().length, 2);
  });

  it('counts every inlined copy, not only distinct entities', async () => {
    const small = 'urn:ngsi-ld:FloodMap:small';
    const many = 'urn:ngsi-ld:FloodPlan:many-copies';
    for (const body of [
      { id: small, type: 'FloodMap', name: { type: 'Property', value: 'Hồ Gươm' } },
      {
        id: many,
        type: 'FloodPlan',
        maps: { type: 'ListRelationship', objectList: Array.from({ length: MAX_INLINED + 1 }, () => small) },
      },
    ]) {
      assert.equal((await call('POST', '/entities', { body, who: operator })).statusCode, 201);
    }
    refused(await call('GET', `/entities/${enc(many)}?join=inline`), /more than 2000 linked entities.*join=flat/);
    assert.equal((await call('GET', `/entities/${enc(many)}?join=flat`)).statusCode, 200);
  });

  it('join=flat lists each linked entity once: bounded by the count of entities read and by bytes', async () => {
    const hub = 'urn:ngsi-ld:FloodPlan:many-maps';
    const maps = Array.from({ length: MAX_INLINED + 1 }, (_, n) => `urn:ngsi-ld:FloodMap:ward-${n}`);
    const body = { id: hub, type: 'FloodPlan', maps: { type: 'ListRelationship', objectList: maps } };
    assert.equal((await call('POST', '/entities', { body, who: operator })).statusCode, 201);
    refused(await call('GET', `/entities/${enc(hub)}?join=flat`), /more than 2000 linked entities/);
    refused(await call('GET', '/entities?id=' + enc(hub) + '&type=FloodPlan&join=flat'), /more than 2000/);
    // Bytes: with a budget below the large map, flat is refused too (each entity charged once).
    const terms = await app.broker.resolver.core();
    const plan = await app.broker.service.retrieveEntity('', PLAN);
    const read = (ids: string[]) => app.broker.service.entitiesByIds('', ids);
    const options: RenderOptions = { format: 'normalized', sysAttrs: false };
    const flat = await renderWithLinks([plan], terms, options, { mode: 'flat', level: 1 }, read, {
      maxBytes: MAP_BYTES + 1_000,
    });
    assert.equal(flat.length, 2);
    await assert.rejects(
      renderWithLinks([plan], terms, options, { mode: 'flat', level: 1 }, read, { maxBytes: MAP_BYTES }),
      (err: Error) => /join=flat would carry more than .* bytes of linked entities/.test(err.message),
    );
  });

  it('a notification whose inline join is over the byte budget is not sent, and the subscription says it failed', async () => {
    const subscription = {
      type: 'Subscription',
      entities: [{ id: PLAN, type: 'FloodPlan' }],
      notification: { join: 'inline', endpoint: { uri: `${receiver.url}/plan`, accept: 'application/json' } },
    };
    const created = await call('POST', '/subscriptions', { body: subscription, who: operator });
    assert.equal(created.statusCode, 201, created.body);
    const location = String(created.headers['location']).replace('/ngsi-ld/v1', '');
    const update = { name: { type: 'Property', value: 'Mùa mưa 2027' } };
    assert.equal((await call('PATCH', `/entities/${PLAN}/attrs`, { body: update, who: operator })).statusCode, 204);
    const sent = () => receiver.received.some((r) => r.path === '/plan');
    let status: Record<string, unknown> = {};
    while (status['status'] !== 'failed' && !sent()) {
      await new Promise((r) => setTimeout(r, 20));
      const got = (await call('GET', location, { who: operator })).json<Record<string, unknown>>();
      status = got['notification'] as Record<string, unknown>;
    }
    assert.equal(sent(), false, 'no notification of the amplified plan');
    assert.ok(status['lastFailure'], "status['lastFailure']");
    assert.equal(status['timesFailed'], 1);
  });
});
