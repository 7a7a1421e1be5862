import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { ngsiCaller } from '../../../test/support/ngsi.js';
import { startMosquitto, startReceiver, type Mosquitto } from '../../../test/support/receiver.js';
import { Notifier } from './index.js';
import type { Change } from './feed.js';
import { testNotifier } from '../../../test/support/notifier.js';

// A delivery unanswered in its timeout is sent again (at least once): on a loaded machine a short
// timeout would make a test of "each change once" see those honest retries as duplicates.
const PATIENT = { timeoutMs: 20_000 };

const VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';
const mqttSkip = process.env['THANGLONG_TEST_SKIP_MQTT'];

let seq = 0;
const stationId = () => `urn:ngsi-ld:AirQualityObserved:hanoi-${process.pid}-${++seq}`;

function station(id: string, pm25: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    type: 'AirQualityObserved',
    pm25: { type: 'Property', value: pm25, unitCode: 'GQ' },
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.8342, 21.0278] } },
    ...extra,
  };
}

function subscription(uri: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'Subscription',
    entities: [{ type: 'AirQualityObserved' }],
    watchedAttributes: ['pm25'],
    notification: { endpoint: { uri, accept: 'application/json' } },
    ...extra,
  };
}

const valuesOf = (received: { body: Record<string, unknown> }[]) =>
  received.flatMap((r) => (r.body['data'] as { pm25: { value: number } }[]).map((e) => e.pm25.value));

describeEachDriver('notifications', (ctx) => {
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
    notifier = testNotifier(app, ctx.db, PATIENT);
    await notifier.start();
  });
  after(async () => {
    await notifier.stop();
    await app.http.close();
  });

  async function subscribe(body: unknown, headers: Record<string, string> = {}): Promise<string> {
    const res = await call('POST', '/subscriptions', { body, headers });
    assert.equal(res.statusCode, 201, res.body);
    return decodeURIComponent(String(res.headers['location']).split('/').pop() as string);
  }

  async function setPm25(id: string, value: number, headers: Record<string, string> = {}) {
    const res = await call('PATCH', `/entities/${id}/attrs`, {
      body: { pm25: { type: 'Property', value, unitCode: 'GQ' } },
      headers,
    });
    assert.equal(res.statusCode, 204, res.body);
  }

  it('POSTs the spec Notification to an HTTP receiver when a watched attribute changes', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      const subId = await subscribe(
        subscription(`${receiver.url}/air`, { entities: [{ id, type: 'AirQualityObserved' }] }),
      );
      assert.equal((await call('POST', '/entities', { body: station(id, 41) })).statusCode, 201);
      await setPm25(id, 57);
      const [created, updated] = await receiver.until(2);
      assert.ok(created && updated, 'created && updated');
      assert.equal(updated.path, '/air');
      assert.match(String(updated.headers['content-type']), /^application\/json/);
      assert.match(String(updated.headers['link']), /rel="http:\/\/www\.w3\.org\/ns\/json-ld#context"/);
      assert.equal(updated.body['type'], 'Notification');
      assert.equal(updated.body['subscriptionId'], subId);
      assert.match(String(updated.body['id']), /^urn:ngsi-ld:Notification:/);
      assert.ok(
        !Number.isNaN(Date.parse(String(updated.body['notifiedAt']))),
        "!Number.isNaN(Date.parse(String(updated.body['notifiedAt'])))",
      );
      const [entity] = updated.body['data'] as Record<string, { value: unknown }>[];
      assert.equal(entity?.['id'], id);
      assert.equal(entity?.['pm25']?.value, 57);
      assert.deepEqual(valuesOf([created, updated]), [41, 57]);

      // Delivery is counted on the subscription (once the receiver's answers are back and recorded).
      let status: Record<string, unknown> = {};
      while (status['timesSent'] !== 2) {
        await new Promise((r) => setTimeout(r, 20));
        const sub = (await call('GET', `/subscriptions/${subId}`)).json<Record<string, unknown>>();
        status = (sub['notification'] ?? {}) as Record<string, unknown>;
      }
      assert.ok(status['lastSuccess'], "status['lastSuccess']");
      assert.equal(status['timesFailed'] ?? 0, 0);
    } finally {
      await receiver.close();
    }
  });

  it('does not notify for unwatched attributes, other types, or entities failing q', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await subscribe(
        subscription(`${receiver.url}/q`, { entities: [{ id, type: 'AirQualityObserved' }], q: 'pm25>100' }),
      );
      assert.equal((await call('POST', '/entities', { body: station(id, 20) })).statusCode, 201);
      await setPm25(id, 50);
      const res = await call('POST', `/entities/${id}/attrs`, { body: { note: { type: 'Property', value: 'x' } } });
      assert.equal(res.statusCode, 204);
      await setPm25(id, 180);
      const [only] = await receiver.until(1);
      await notifier.drain();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(receiver.received.length, 1);
      assert.deepEqual(valuesOf([only!]), [180]);
    } finally {
      await receiver.close();
    }
  });

  it('delivers every notification to a receiver that was down, once it comes back, in order', async () => {
    const receiver = await startReceiver('fail');
    try {
      const id = stationId();
      await subscribe(subscription(`${receiver.url}/down`, { entities: [{ id, type: 'AirQualityObserved' }] }));
      assert.equal((await call('POST', '/entities', { body: station(id, 1) })).statusCode, 201);
      for (let v = 2; v <= 6; v++) await setPm25(id, v);
      // Down: nothing accepted yet, everything waits in the outbox. The change log is read up to the
      // oldest transaction still open in the whole cluster, so on a busy server (other tests' databases)
      // the last changes may take a moment to be read: look again for a while.
      let queued = 0;
      // Bounded by time, not by tries: under load each try takes longer (CI runs two lanes at once).
      for (const end = Date.now() + 120_000; Date.now() < end && queued < 6;) {
        await notifier.drain();
        const { rows } = await ctx.db.query<{ n: number }>(
          `SELECT count(*) AS n FROM ngsi_notification WHERE message->>'body' LIKE $1`,
          [`%${id}%`],
        );
        queued = rows[0]?.n ?? 0;
        if (queued < 6) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(queued, 6);
      assert.equal(receiver.received.length, 0);
      receiver.mode = 'accept';
      const received = await receiver.until(6);
      assert.deepEqual(valuesOf(received), [1, 2, 3, 4, 5, 6]);
      // The receiver has the last one a moment before the deliverer has its answer: then the outbox empties.
      let left = -1;
      for (const end = Date.now() + 120_000; Date.now() < end && left !== 0;) {
        await notifier.deliverer.flush();
        const { rows: counted } = await ctx.db.query<{ n: number }>(
          `SELECT count(*) AS n FROM ngsi_notification WHERE message->>'body' LIKE $1`,
          [`%${id}%`],
        );
        left = counted[0]?.n ?? -1;
        if (left !== 0) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(left, 0);
    } finally {
      await receiver.close();
    }
  });

  it('keeps delivering to a fast receiver while a slow one has not answered', async () => {
    const slow = await startReceiver('hold');
    const fast = await startReceiver();
    try {
      const id = stationId();
      const selector = { entities: [{ id, type: 'AirQualityObserved' }] };
      await subscribe(subscription(`${slow.url}/slow`, selector));
      await subscribe(subscription(`${fast.url}/fast`, selector));
      assert.equal((await call('POST', '/entities', { body: station(id, 10) })).statusCode, 201);
      for (let v = 11; v <= 15; v++) await setPm25(id, v);
      const got = await fast.until(6);
      assert.deepEqual(valuesOf(got), [10, 11, 12, 13, 14, 15]);
      // The slow receiver is still sitting on its first notification.
      assert.equal(slow.received.length, 0);
      assert.equal(slow.waiting, 1);
      slow.mode = 'accept';
      slow.release();
      assert.deepEqual(valuesOf(await slow.until(6)), [10, 11, 12, 13, 14, 15]);
    } finally {
      slow.release();
      await slow.close();
      await fast.close();
    }
  });

  it("counts a receiver slower than the endpoint's timeout as failed, and delivers again", async () => {
    const receiver = await startReceiver('hold');
    try {
      const id = stationId();
      const subId = await subscribe(
        subscription(`${receiver.url}/slow`, {
          entities: [{ id, type: 'AirQualityObserved' }],
          notification: { endpoint: { uri: `${receiver.url}/slow`, accept: 'application/json', timeout: 200 } },
        }),
      );
      assert.equal((await call('POST', '/entities', { body: station(id, 88) })).statusCode, 201);
      let status: Record<string, unknown> = {};
      while (!((status['timesFailed'] as number | undefined) ?? 0)) {
        await new Promise((r) => setTimeout(r, 50));
        const sub = (await call('GET', `/subscriptions/${subId}`)).json<Record<string, unknown>>();
        status = (sub['notification'] ?? {}) as Record<string, unknown>;
      }
      assert.equal(status['status'], 'failed');
      receiver.mode = 'accept';
      const got = await receiver.until(1);
      assert.deepEqual(valuesOf(got.slice(0, 1)), [88]);
    } finally {
      receiver.release();
      await receiver.close();
    }
  });

  it('sends one notification per throttling period', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await subscribe(
        subscription(`${receiver.url}/t`, { entities: [{ id, type: 'AirQualityObserved' }], throttling: 3600 }),
      );
      assert.equal((await call('POST', '/entities', { body: station(id, 5) })).statusCode, 201);
      await setPm25(id, 6);
      await setPm25(id, 7);
      await receiver.until(1);
      await notifier.drain();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(receiver.received.length, 1);
    } finally {
      await receiver.close();
    }
  });

  it('sends periodic notifications with the matching entities', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      assert.equal((await call('POST', '/entities', { body: station(id, 33) })).statusCode, 201);
      const body = subscription(`${receiver.url}/every`, {
        entities: [{ id, type: 'AirQualityObserved' }],
        timeInterval: 1,
      });
      delete (body as Record<string, unknown>)['watchedAttributes'];
      await subscribe(body);
      const got = await receiver.until(2);
      assert.deepEqual(valuesOf(got.slice(0, 2)), [33, 33]);
    } finally {
      await receiver.close();
    }
  });

  it('notifies about a deleted entity when entityDeleted is a trigger, and shows previous values', async () => {
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await subscribe(
        subscription(`${receiver.url}/gone`, {
          entities: [{ id, type: 'AirQualityObserved' }],
          notificationTrigger: ['attributeUpdated', 'entityDeleted'],
          notification: { endpoint: { uri: `${receiver.url}/gone`, accept: 'application/json' }, showChanges: true },
        }),
      );
      assert.equal((await call('POST', '/entities', { body: station(id, 70) })).statusCode, 201);
      await setPm25(id, 71);
      assert.equal((await call('DELETE', `/entities/${id}`)).statusCode, 204);
      const [updated, deleted] = await receiver.until(2);
      const changed = (updated!.body['data'] as Record<string, Record<string, unknown>>[])[0]!;
      assert.equal(changed['pm25']?.['value'], 71);
      assert.equal(changed['pm25']?.['previousValue'], 70);
      // With showChanges, each attribute deleted with the entity is NGSI-LD Null beside what it was.
      const gone = (deleted!.body['data'] as Record<string, unknown>[])[0]!;
      assert.equal(gone['id'], id);
      assert.ok(gone['deletedAt'], "gone['deletedAt']");
      assert.deepEqual(gone['pm25'], { type: 'Property', value: 'urn:ngsi-ld:null', previousValue: 71 });
    } finally {
      await receiver.close();
    }
  });

  it('shares the work between two workers: each change notified once, a periodic one once per period', async () => {
    const second = testNotifier(app, ctx.db, PATIENT);
    await second.start();
    const receiver = await startReceiver();
    try {
      const id = stationId();
      await subscribe(subscription(`${receiver.url}/both`, { entities: [{ id, type: 'AirQualityObserved' }] }));
      const periodic = subscription(`${receiver.url}/every`, {
        entities: [{ id, type: 'AirQualityObserved' }],
        timeInterval: 1,
      });
      delete (periodic as Record<string, unknown>)['watchedAttributes'];
      assert.equal((await call('POST', '/entities', { body: station(id, 1) })).statusCode, 201);
      const started = Date.now();
      await subscribe(periodic);
      for (let v = 2; v <= 10; v++) await setPm25(id, v);
      while (receiver.received.filter((r) => r.path === '/both').length < 10)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 2500));
      const onChange = receiver.received.filter((r) => r.path === '/both');
      // Each exactly once (two workers may deliver neighbouring batches in either order).
      assert.deepEqual(
        valuesOf(onChange).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      // One per elapsed second at most (plus the first, sent at once), though two workers look.
      const periods = receiver.received.filter((r) => r.path === '/every').length;
      assert.ok(periods >= 2 && periods <= Math.floor((Date.now() - started) / 1000) + 1, `${periods} periodic`);
    } finally {
      await second.stop();
      await receiver.close();
    }
  });

  it('gives modules every change at least once, again after a failed attempt', async () => {
    const id = stationId();
    const seen: Change[] = [];
    let failOnce = true;
    await notifier.consume(
      `test-${process.pid}-${ctx.driver}`,
      async (changes) => {
        const mine = changes.filter((c) => c.entityId === id);
        if (mine.length > 0 && failOnce) {
          failOnce = false;
          throw new Error('module busy');
        }
        seen.push(...mine);
      },
      { types: [`${VOCAB}AirQualityObserved`] },
    );
    assert.equal((await call('POST', '/entities', { body: station(id, 90) })).statusCode, 201);
    await setPm25(id, 91);
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      seen.map((c) => [c.kind, c.attrs[`${VOCAB}pm25`]?.[0]?.value]),
      [
        ['created', 90],
        ['updated', 91],
      ],
    );
  });

  it('streams changes as server-sent events filtered by type and bbox, and replays from Last-Event-ID', async () => {
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const address = app.http.server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}/api/v1/events`;
    const inside = stationId();
    const outside = stationId();
    const open = async (query: string, lastEventId?: string) => {
      const controller = new AbortController();
      const res = await fetch(`${base}?${query}`, {
        headers: { ...account.auth, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal: controller.signal,
      });
      assert.equal(res.status, 200);
      assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const events: { id: string; data: Record<string, unknown> }[] = [];
      let opened = false;
      const pump = (async () => {
        for (;;) {
          const chunk: { value?: Uint8Array | undefined; done: boolean } = await reader
            .read()
            .catch(() => ({ value: undefined, done: true }));
          const { value, done } = chunk;
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const idLine = /^id: (.+)$/m.exec(block);
            const dataLine = /^data: (.+)$/m.exec(block);
            if (/^event: open$/m.test(block)) opened = true;
            if (idLine && dataLine)
              events.push({ id: idLine[1]!, data: JSON.parse(dataLine[1]!) as Record<string, unknown> });
          }
        }
      })();
      // Only this test's stations: the stream starts at the last change every transaction has
      // committed, so a change of an earlier test may still come first.
      const ours = () => events.filter((e) => e.data['id'] === inside || e.data['id'] === outside);
      // Only once the stream says it is in place does a change written next come on it.
      while (!opened) await new Promise((r) => setTimeout(r, 20));
      return {
        events,
        until: async (n: number) => {
          while (ours().length < n) await new Promise((r) => setTimeout(r, 20));
          return ours();
        },
        close: async () => {
          controller.abort();
          await pump;
        },
      };
    };
    const stream = await open('type=AirQualityObserved&bbox=105.7,20.9,105.95,21.1');
    try {
      assert.equal((await call('POST', '/entities', { body: station(inside, 12) })).statusCode, 201);
      const far = station(outside, 13, {
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [106.68, 20.86] } }, // Hai Phong
      });
      assert.equal((await call('POST', '/entities', { body: far })).statusCode, 201);
      await setPm25(inside, 14);
      const [first, second] = await stream.until(2);
      assert.equal(first!.data['id'], inside);
      assert.equal(first!.data['kind'], 'created');
      assert.equal(first!.data['pm25'], 12);
      assert.equal(second!.data['pm25'], 14);
      assert.equal(stream.events.filter((e) => e.data['id'] === outside).length, 0);

      // A client that lost the connection after the first event gets the rest on reconnecting.
      const again = await open('type=AirQualityObserved&bbox=105.7,20.9,105.95,21.1', first!.id);
      try {
        const replayed = await again.until(1);
        assert.equal(replayed[0]!.data['pm25'], 14);
        await setPm25(inside, 15);
        const live = await again.until(2);
        assert.equal(live[1]!.data['pm25'], 15);
      } finally {
        await again.close();
      }
    } finally {
      await stream.close();
    }
  });

  it('rejects a malformed bbox with a clear error', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/events?bbox=1,2,3', headers: account.auth });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /bbox/);
  });
});

describe('MQTT notifications', { skip: mqttSkip }, () => {
  // One database is enough here: delivery does not depend on it.
  describeEachDriver('to a real Mosquitto broker', (ctx) => {
    let broker: Mosquitto;
    let app: App;
    let account: Account;
    let notifier: Notifier;
    const call = ngsiCaller(
      () => app,
      () => account,
    );
    before(async () => {
      broker = await startMosquitto();
      app = await buildTestApp(ctx.db);
      account = await accountWith(app, ['operator']);
      notifier = new Notifier({
        db: ctx.db,
        bus: app.bus,
        log: silentLog,
        service: app.broker.service,
        subscriptions: app.broker.subscriptions,
        resolver: app.broker.resolver,
        outbound: app.broker.outbound,
        options: { timeoutMs: 2000, maxAgeMs: 3600_000, pollMs: 50 },
      });
      await notifier.start();
    });
    after(async () => {
      await notifier.stop();
      await app.http.close();
      await broker.stop();
    });

    it('publishes {metadata, body} on the topic of the endpoint URI, with the QoS asked for', async () => {
      const listener = await mqtt.connectAsync(broker.url);
      const messages: { topic: string; qos: number; payload: Record<string, unknown> }[] = [];
      listener.on('message', (topic, payload, packet) =>
        messages.push({ topic, qos: packet.qos, payload: JSON.parse(payload.toString()) as Record<string, unknown> }),
      );
      await listener.subscribeAsync('hanoi/air/#', { qos: 1 });
      try {
        const id = stationId();
        const res = await call('POST', '/subscriptions', {
          body: subscription(`${broker.url}/hanoi/air/${ctx.driver}`, {
            entities: [{ id, type: 'AirQualityObserved' }],
            notification: {
              endpoint: {
                uri: `${broker.url}/hanoi/air/${ctx.driver}`,
                accept: 'application/json',
                notifierInfo: [{ key: 'MQTT-QoS', value: '1' }],
              },
            },
          }),
        });
        assert.equal(res.statusCode, 201, res.body);
        assert.equal((await call('POST', '/entities', { body: station(id, 64) })).statusCode, 201);
        while (messages.length < 1) await new Promise((r) => setTimeout(r, 20));
        const [message] = messages;
        assert.equal(message!.topic, `hanoi/air/${ctx.driver}`);
        assert.equal(message!.qos, 1);
        const metadata = message!.payload['metadata'] as Record<string, string>;
        assert.match(metadata['Content-Type'] ?? '', /^application\/json/);
        const body = message!.payload['body'] as Record<string, unknown>;
        assert.equal(body['type'], 'Notification');
        assert.deepEqual(valuesOf([{ body }]), [64]);
      } finally {
        await listener.endAsync();
      }
    });
  });
});
