import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { ngsiCaller } from '../../../test/support/ngsi.js';
import { startReceiver, type Receiver } from '../../../test/support/receiver.js';
import { type Notifier } from './index.js';
import { testNotifier } from '../../../test/support/notifier.js';

let seq = 0;
const stationId = () => `urn:ngsi-ld:AirQualityObserved:loop-${process.pid}-${++seq}`;
const LOOP_LIMIT = 5;

describeEachDriver('a subscription that feeds its own changes', (ctx) => {
  let app: App;
  let account: Account;
  let notifier: Notifier;
  let receiver: Server;
  let receiverUrl: string;
  let notified = 0;
  let quiet: Receiver;
  const call = ngsiCaller(
    () => app,
    () => account,
  );

  before(async () => {
    app = await buildTestApp(ctx.db);
    account = await accountWith(app, ['operator']);
    // A receiver that writes every notification back into the entity it is about: a loop.
    receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => {
        notified++;
        const entity = (JSON.parse(text) as { data: { id: string; pm25: { value: number } }[] }).data[0];
        res.writeHead(204).end();
        if (!entity) return;
        void call('PATCH', `/entities/${encodeURIComponent(entity.id)}/attrs`, {
          body: { pm25: { type: 'Property', value: entity.pm25.value + 1 } },
        });
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/echo`;
    notifier = testNotifier(app, ctx.db, { loopLimit: LOOP_LIMIT });
    await notifier.start();
    quiet = await startReceiver();
  });
  after(async () => {
    await notifier.stop();
    await quiet.close();
    receiver.closeAllConnections();
    receiver.close();
    await app.http.close();
  });

  it('is paused, with the reason in its status, and notifies no more', async () => {
    const id = stationId();
    const created = await call('POST', '/subscriptions', {
      body: {
        type: 'Subscription',
        entities: [{ id, type: 'AirQualityObserved' }],
        watchedAttributes: ['pm25'],
        notification: { endpoint: { uri: receiverUrl, accept: 'application/json' } },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const location = String(created.headers['location']).replace('/ngsi-ld/v1', '');
    const start = await call('POST', '/entities', {
      body: { id, type: 'AirQualityObserved', pm25: { type: 'Property', value: 1 } },
    });
    assert.equal(start.statusCode, 201, start.body);

    type Read = {
      isActive: boolean;
      status: string;
      notification: { status?: string; lastFailureReason?: string; timesSent: number };
    };
    let read: Read | undefined;
    for (let i = 0; i < 600 && read?.status !== 'paused'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      read = (await call('GET', location)).json<Read>();
    }
    assert.equal(read?.status, 'paused');
    assert.equal(read?.isActive, false);
    assert.equal(read?.notification.status, 'failed');
    assert.match(read?.notification.lastFailureReason ?? '', /Paused by the broker: more than 5 notifications about/);

    // Paused: the entity's next changes reach the receiver no more.
    await notifier.drain();
    await notifier.deliverer.flush();
    const after = notified;
    for (let v = 100; v < 103; v++) {
      await call('PATCH', `/entities/${encodeURIComponent(id)}/attrs`, {
        body: { pm25: { type: 'Property', value: v } },
      });
    }
    await notifier.drain();
    await notifier.deliverer.flush();
    assert.ok(notified <= after + 1, `no loop any more (${notified - after} more)`);
    assert.ok(notified <= LOOP_LIMIT + 2, `the loop was cut short (${notified} notifications)`);

    // The owner reactivates it (after fixing the receiver): the reason goes.
    const again = await call('PATCH', location, {
      body: { isActive: true, notification: { endpoint: { uri: `${quiet.url}/fixed` } } },
    });
    assert.equal(again.statusCode, 204, again.body);
    const active = (await call('GET', location)).json<Read>();
    assert.equal(active.status, 'active');
    assert.equal(active.notification.lastFailureReason, undefined);
  });

  it('leaves a subscription notified a few times alone', async () => {
    const id = stationId();
    const created = await call('POST', '/subscriptions', {
      body: {
        type: 'Subscription',
        entities: [{ id, type: 'AirQualityObserved' }],
        watchedAttributes: ['pm25'],
        notification: { endpoint: { uri: `${quiet.url}/quiet`, accept: 'application/json' } },
      },
    });
    const location = String(created.headers['location']).replace('/ngsi-ld/v1', '');
    await call('POST', '/entities', { body: { id, type: 'AirQualityObserved', pm25: { type: 'Property', value: 1 } } });
    for (let v = 2; v < 2 + LOOP_LIMIT - 1; v++) {
      await call('PATCH', `/entities/${encodeURIComponent(id)}/attrs`, {
        body: { pm25: { type: 'Property', value: v } },
      });
    }
    while (quiet.received.filter((r) => r.path === '/quiet').length < LOOP_LIMIT) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await notifier.drain();
    assert.equal((await call('GET', location)).json<{ status: string }>().status, 'active');
  });
});
