import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { ngsiCaller } from '../../../test/support/ngsi.js';
import { startReceiver, type Received } from '../../../test/support/receiver.js';
import { type Notifier } from './index.js';
import * as store from './store.js';
import { testNotifier } from '../../../test/support/notifier.js';

/**
 * What a subscriber sees (GS CIM 009 §5.8.6, §5.3.1): deletions as NGSI-LD Null, system attributes,
 * JSON-LD documents, the delivery status right after a notification, and deleting a subscription
 * while its notifications are on their way.
 */

let seq = 0;
const stationId = () => `urn:ngsi-ld:AirQualityObserved:hn-behaviour-${process.pid}-${++seq}`;
const NULL = 'urn:ngsi-ld:null';

const station = (id: string, pm25: number) => ({
  id,
  type: 'AirQualityObserved',
  pm25: { type: 'Property', value: pm25 },
  name: [
    { type: 'Property', value: 'Hoàn Kiếm' },
    { type: 'Property', value: 'Hoan Kiem Lake', datasetId: 'urn:ngsi-ld:Dataset:en' },
  ],
});

const entityOf = (r: Received | undefined) =>
  (r?.body['data'] as Record<string, unknown>[])[0] as Record<string, unknown>;

describeEachDriver('notification behaviour', (ctx) => {
  let app: App;
  let account: Account;
  let notifier: Notifier;
  const call = ngsiCaller(
    () => app,
    () => account,
  );

  before(async () => {
    app = await buildTestApp(ctx.db);
    account = await accountWith(app, ['operator']);
    notifier = testNotifier(app, ctx.db);
    await notifier.start();
  });
  after(async () => {
    await notifier.stop();
    await app.http.close();
  });

  async function subscribe(uri: string, id: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { notification = {}, ...rest } = extra as { notification?: Record<string, unknown> };
    const body = {
      type: 'Subscription',
      entities: [{ id, type: 'AirQualityObserved' }],
      ...rest,
      notification: { endpoint: { uri, accept: 'application/json' }, ...notification },
    };
    const res = await call('POST', '/subscriptions', { body });
    assert.equal(res.statusCode, 201, res.body);
    return decodeURIComponent(String(res.headers['location']).split('/').pop() as string);
  }

  const createStation = async (id: string, pm25 = 40) =>
    assert.equal((await call('POST', '/entities', { body: station(id, pm25) })).statusCode, 201);

  it('shows a deleted attribute as NGSI-LD Null, in normalized and keyValues, with its previous value', async () => {
    const receiver = await startReceiver();
    try {
      const normalized = stationId();
      const simplified = stationId();
      for (const [id, format] of [
        [normalized, 'normalized'],
        [simplified, 'keyValues'],
      ] as const) {
        await createStation(id);
        await subscribe(`${receiver.url}/${format}`, id, {
          notificationTrigger: ['attributeDeleted'],
          notification: { format, showChanges: true },
        });
        assert.equal((await call('DELETE', `/entities/${id}/attrs/pm25`)).statusCode, 204);
      }
      const received = await receiver.until(2);
      const byPath = (p: string) => entityOf(received.find((r) => r.path === p));
      assert.deepEqual(byPath('/normalized')['pm25'], { type: 'Property', value: NULL, previousValue: 40 });
      assert.equal(byPath('/keyValues')['pm25'], NULL);
    } finally {
      await receiver.close();
    }
  });

  it('fires attributeDeleted for one deleted instance (datasetId) and shows only that one as Null', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await createStation(id);
      await subscribe(`${receiver.url}/instance`, id, {
        watchedAttributes: ['name'],
        notificationTrigger: ['attributeDeleted'],
      });
      const res = await call('DELETE', `/entities/${id}/attrs/name?datasetId=urn:ngsi-ld:Dataset:en`);
      assert.equal(res.statusCode, 204, res.body);
      const [only] = await receiver.until(1);
      const name = entityOf(only)['name'] as { datasetId?: string }[];
      assert.deepEqual(
        [...name].sort((a, b) => (a.datasetId ?? '').localeCompare(b.datasetId ?? '')),
        [
          { type: 'Property', value: 'Hoàn Kiếm' },
          { type: 'Property', value: NULL, datasetId: 'urn:ngsi-ld:Dataset:en' },
        ],
      );
    } finally {
      await receiver.close();
    }
  });

  it('notifies an entity deletion to entityDeleted with watchedAttributes, and to attributeDeleted of a watched one', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await createStation(id);
      await subscribe(`${receiver.url}/entity`, id, {
        watchedAttributes: ['pm25'],
        notificationTrigger: ['entityDeleted'],
        notification: { sysAttrs: true },
      });
      await subscribe(`${receiver.url}/attribute`, id, {
        watchedAttributes: ['pm25'],
        notificationTrigger: ['attributeDeleted'],
      });
      assert.equal((await call('DELETE', `/entities/${id}`)).statusCode, 204);
      const received = await receiver.until(2);
      const entity = entityOf(received.find((r) => r.path === '/entity'));
      assert.equal(entity['id'], id);
      assert.ok(entity['deletedAt'], "entity['deletedAt']");
      assert.ok(entity['createdAt'], 'sysAttrs: when the entity was created');
      assert.equal(received.find((r) => r.path === '/entity')?.body['triggerReason'], 'entityDeleted');
      const attribute = entityOf(received.find((r) => r.path === '/attribute'));
      assert.deepEqual(attribute['pm25'], { type: 'Property', value: NULL });
      assert.equal(attribute['name'], undefined, 'only the watched attribute');
    } finally {
      await receiver.close();
    }
  });

  it('includes system attributes in keyValues notifications when sysAttrs is set', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await createStation(id);
      await subscribe(`${receiver.url}/kv`, id, { notification: { format: 'keyValues', sysAttrs: true } });
      assert.equal(
        (await call('PATCH', `/entities/${id}/attrs`, { body: { pm25: { type: 'Property', value: 41 } } })).statusCode,
        204,
      );
      const [only] = await receiver.until(1);
      const entity = entityOf(only);
      assert.equal(entity['pm25'], 41);
      assert.match(String(entity['createdAt']), /Z$/);
      assert.match(String(entity['modifiedAt']), /Z$/);
    } finally {
      await receiver.close();
    }
  });

  it('sends each entity of a JSON-LD notification with its @context', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await createStation(id);
      const sub = await call('POST', '/subscriptions', {
        body: {
          type: 'Subscription',
          entities: [{ id, type: 'AirQualityObserved' }],
          notification: { endpoint: { uri: `${receiver.url}/ld`, accept: 'application/ld+json' } },
        },
      });
      assert.equal(sub.statusCode, 201, sub.body);
      await call('PATCH', `/entities/${id}/attrs`, { body: { pm25: { type: 'Property', value: 42 } } });
      const [only] = await receiver.until(1);
      assert.match(String(only?.headers['content-type']), /^application\/ld\+json/);
      assert.ok(only?.body['@context'], "only?.body['@context']");
      assert.deepEqual(entityOf(only)['@context'], only?.body['@context']);
    } finally {
      await receiver.close();
    }
  });

  it('evaluates a q written with percent-escapes as the HTTP binding would decode it', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await createStation(id);
      await subscribe(`${receiver.url}/q`, id, { q: 'pm25>39;kind=="hồ%20gươm"' });
      const added = await call('POST', `/entities/${id}/attrs`, {
        body: { kind: { type: 'Property', value: 'hồ gươm' } },
      });
      assert.equal(added.statusCode, 204, added.body);
      const [only] = await receiver.until(1);
      assert.equal((entityOf(only)['kind'] as { value: string }).value, 'hồ gươm');
    } finally {
      await receiver.close();
    }
  });

  it('shows timesSent and lastSuccess as soon as the receiver has answered', async () => {
    const receiver = await startReceiver('hold');
    try {
      const id = stationId();
      await createStation(id);
      const subId = await subscribe(`${receiver.url}/status`, id);
      const fresh = (await call('GET', `/subscriptions/${subId}`)).json<{ notification: Record<string, unknown> }>();
      assert.equal(fresh.notification['lastNotification'], undefined);
      assert.equal(fresh.notification['status'], undefined);
      await call('PATCH', `/entities/${id}/attrs`, { body: { pm25: { type: 'Property', value: 43 } } });
      while (receiver.waiting < 1) await new Promise((r) => setTimeout(r, 10));
      receiver.release();
      // Read at once, as a receiver that checks the subscription on getting a notification does.
      const sub = (await call('GET', `/subscriptions/${subId}`)).json<{ notification: Record<string, unknown> }>();
      assert.equal(sub.notification['timesSent'], 1);
      assert.equal(sub.notification['status'], 'ok');
      assert.match(String(sub.notification['lastSuccess']), /Z$/);
      assert.match(String(sub.notification['lastNotification']), /Z$/);
    } finally {
      await receiver.close();
    }
  });

  it('counts a period with nothing to notify as no notification (lastNotification stays unset)', async () => {
    const tenant = '';
    const res = await call('POST', '/subscriptions', {
      body: {
        type: 'Subscription',
        entities: [{ type: 'NoSuchType' }],
        timeInterval: 60,
        notification: { endpoint: { uri: 'http://127.0.0.1:9/periodic' } },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const subId = decodeURIComponent(String(res.headers['location']).split('/').pop() as string);
    // The running notifier may move the same period first (it finds nothing either): read and try again.
    let moved = false;
    for (let attempt = 0; attempt < 5 && !moved; attempt++) {
      const { rows } = await ctx.db.query<{ next_due_at: Date | null }>(
        'SELECT next_due_at FROM ngsi_subscription WHERE tenant = $1 AND id = $2',
        [tenant, subId],
      );
      const due = { tenant, id: subId, dueAt: rows[0]?.next_due_at ?? null };
      moved = await ctx.db.transaction((tx) => store.advancePeriodic(tx, due, new Date(), false));
    }
    assert.equal(moved, true);
    const got = await call('GET', `/subscriptions/${subId}`);
    const notification = got.json<{ notification: Record<string, unknown> }>().notification;
    assert.equal(notification['lastNotification'], undefined);
    assert.equal(notification['status'], undefined);
  });

  it('deletes a subscription while its notifications are delivered: 204 every time, and nothing more arrives', async () => {
    const receiver = await startReceiver();
    try {
      for (let round = 0; round < 4; round++) {
        const id = stationId();
        await createStation(id, 0);
        const subId = await subscribe(`${receiver.url}/load-${round}`, id);
        const before = receiver.received.length;
        for (let v = 1; v <= 15; v++) {
          await call('PATCH', `/entities/${id}/attrs`, { body: { pm25: { type: 'Property', value: v } } });
        }
        // Deliveries are on their way and being recorded when the subscription goes.
        await receiver.until(before + 2);
        const deleted = await call('DELETE', `/subscriptions/${subId}`);
        assert.equal(deleted.statusCode, 204, deleted.body);
        assert.equal((await call('GET', `/subscriptions/${subId}`)).statusCode, 404);
        const { rows } = await ctx.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM ngsi_notification WHERE subscription_id = $1',
          [subId],
        );
        assert.equal(rows[0]?.n, 0);
        // Whatever was in flight lands now; after that, the deleted subscription is silent.
        await notifier.drain();
        await notifier.deliverer.flush();
        const settled = receiver.received.filter((r) => r.path === `/load-${round}`).length;
        await call('PATCH', `/entities/${id}/attrs`, { body: { pm25: { type: 'Property', value: 99 } } });
        await notifier.drain();
        await notifier.deliverer.flush();
        assert.equal(receiver.received.filter((r) => r.path === `/load-${round}`).length, settled);
      }
    } finally {
      await receiver.close();
    }
  });
});

describeEachDriver('notification of a deletion built after its history is gone', (ctx) => {
  let app: App;
  let account: Account;
  const call = ngsiCaller(
    () => app,
    () => account,
  );
  const notifierOf = () => testNotifier(app, ctx.db);

  before(async () => {
    app = await buildTestApp(ctx.db);
    account = await accountWith(app, ['operator']);
  });
  after(() => app.http.close());

  it('still carries createdAt and modifiedAt (sysAttrs) when the temporal API deleted the history first', async () => {
    const receiver = await startReceiver();
    // The notifier is down while the entity and then its history are deleted, as a busy one may be late.
    const first = notifierOf();
    await first.start();
    try {
      const id = stationId();
      assert.equal((await call('POST', '/entities', { body: station(id, 40) })).statusCode, 201);
      const created = (await call('GET', `/entities/${id}?options=sysAttrs`)).json<Record<string, unknown>>();
      const subscription = {
        type: 'Subscription',
        entities: [{ id, type: 'AirQualityObserved' }],
        notificationTrigger: ['entityDeleted'],
        notification: { sysAttrs: true, endpoint: { uri: `${receiver.url}/gone`, accept: 'application/json' } },
      };
      assert.equal((await call('POST', '/subscriptions', { body: subscription })).statusCode, 201);
      await first.stop();
      assert.equal((await call('DELETE', `/entities/${id}`)).statusCode, 204);
      assert.equal((await call('DELETE', `/temporal/entities/${id}`)).statusCode, 204);
      const late = notifierOf();
      await late.start();
      try {
        const [only] = await receiver.until(1);
        const entity = entityOf(only);
        assert.deepEqual(Object.keys(entity).sort(), ['createdAt', 'deletedAt', 'id', 'modifiedAt', 'type']);
        assert.equal(entity['createdAt'], created['createdAt']);
        assert.equal(entity['modifiedAt'], created['modifiedAt']);
      } finally {
        await late.stop();
      }
    } finally {
      await receiver.close();
    }
  });
});
