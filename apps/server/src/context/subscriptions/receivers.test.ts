import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import type { AppError } from '../../platform/errors.js';
import { OutboundGuard, parseAllowList } from '../../platform/outbound.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { ngsiCaller } from '../../../test/support/ngsi.js';
import { startReceiver, type Receiver } from '../../../test/support/receiver.js';
import { Notifier } from '../notify/index.js';
import { SubscriptionService } from './service.js';

let seq = 0;
const stationId = () => `urn:ngsi-ld:AirQualityObserved:receivers-${process.pid}-${++seq}`;
const station = (id: string, pm25: number) => ({
  id,
  type: 'AirQualityObserved',
  pm25: { type: 'Property', value: pm25 },
});
const subscription = (id: string, endpoint: Record<string, unknown>) => ({
  type: 'Subscription',
  entities: [{ id, type: 'AirQualityObserved' }],
  watchedAttributes: ['pm25'],
  notification: { endpoint: { accept: 'application/json', ...endpoint } },
});

describeEachDriver('subscription receivers: where notifications may go, and who reads their secrets', (ctx) => {
  let strict: App;
  let app: App;
  let owner: Account;
  let colleague: Account;
  let viewer: Account;
  let admin: Account;
  let strictOperator: Account;
  const call = ngsiCaller(
    () => app,
    () => owner,
  );
  const callStrict = ngsiCaller(
    () => strict,
    () => strictOperator,
  );

  before(async () => {
    // Production's default: nothing internal may be reached.
    strict = await buildTestApp(ctx.db, { OUTBOUND_ALLOW: '' });
    app = await buildTestApp(ctx.db);
    strictOperator = await accountWith(strict, ['operator']);
    owner = await accountWith(app, ['operator']);
    colleague = await accountWith(app, ['operator']);
    viewer = await accountWith(app, ['viewer']);
    admin = await accountWith(app, ['admin']);
  });
  after(async () => {
    await strict.http.close();
    await app.http.close();
  });

  it('refuses at creation a receiver on loopback, a private network or the platform itself', async () => {
    const id = stationId();
    const details = new Set<string>();
    for (const uri of [
      'http://127.0.0.1:8080/api/v1/users',
      'http://localhost:8080/iot/json?k=air-key&i=aq-hk-01',
      'http://2130706433:8080/api/v1/users',
      'http://0177.0.0.1/',
      'http://0x7f.1/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0:8080/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/notify',
      'http://192.168.1.20/notify',
      'mqtt://0x7f.1:1883/hanoi-air/aq-hk-01/attrs',
      'mqtt://[::1]/topic',
    ]) {
      const res = await callStrict('POST', '/subscriptions', { body: subscription(id, { uri }) });
      assert.equal(res.statusCode, 400, `${uri}: ${res.body}`);
      const problem = problemOf(res);
      assert.equal(problem.type, 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
      details.add(problem.detail);
    }
    assert.equal(details.size, 1, 'one answer, whatever the address was');
    const list = await callStrict('GET', '/subscriptions');
    assert.deepEqual(list.json(), [], 'nothing was created');
  });

  it('refuses a PATCH that moves the receiver to an internal address', async () => {
    const id = stationId();
    // An operator who allows a name by name may use it without it resolving now.
    const named = await buildTestApp(ctx.db, { OUTBOUND_ALLOW: 'receiver.example' });
    try {
      const operator = await accountWith(named, ['operator']);
      const callNamed = ngsiCaller(
        () => named,
        () => operator,
      );
      const ok = await callNamed('POST', '/subscriptions', {
        body: subscription(id, { uri: 'http://receiver.example/notify' }),
      });
      assert.equal(ok.statusCode, 201, ok.body);
      const location = String(ok.headers['location']).replace('/ngsi-ld/v1', '');
      const moved = await callNamed('PATCH', location, {
        body: { notification: { endpoint: { uri: 'http://127.0.0.1:8080/api/v1/users' } } },
      });
      assert.equal(moved.statusCode, 400, moved.body);
      const read = (await callNamed('GET', location)).json<{ notification: { endpoint: { uri: string } } }>();
      assert.equal(read.notification.endpoint.uri, 'http://receiver.example/notify', 'nothing changed');
    } finally {
      await named.http.close();
    }
  });

  it('accepts a receiver whose name does not resolve yet: deliveries fail, and say so, until it resolves', async () => {
    // Names resolve through a stub: nothing but loopback is ever reached.
    const names = new Map<string, string>();
    const guard = new OutboundGuard({
      allow: parseAllowList('127.0.0.1'),
      resolve: (host) => {
        const address = names.get(host);
        return address ? Promise.resolve([{ address, family: 4 }]) : Promise.reject(new Error(`ENOTFOUND ${host}`));
      },
    });
    names.set('internal.example', '10.20.0.8');
    const subscriptions = new SubscriptionService({
      db: ctx.db,
      bus: app.bus,
      resolver: app.broker.resolver,
      log: silentLog,
      outbound: guard,
    });
    const terms = await app.broker.resolver.core();
    const receiver: Receiver = await startReceiver();
    const port = new URL(receiver.url).port;
    const notifier = new Notifier({
      db: ctx.db,
      bus: app.bus,
      log: silentLog,
      service: app.broker.service,
      subscriptions: app.broker.subscriptions,
      resolver: app.broker.resolver,
      outbound: guard,
      options: { timeoutMs: 2000, maxAgeMs: 3600_000, pollMs: 50, leaseMs: 4000 },
    });
    await notifier.start();
    try {
      const id = stationId();
      // A name that resolves to an internal address, or an internal address, is refused as before.
      for (const uri of ['http://internal.example/n', 'http://10.20.0.8/n']) {
        await assert.rejects(subscriptions.create('', subscription(id, { uri }), terms), (err: AppError) => {
          assert.equal(err.status, 400);
          return true;
        });
      }
      const subId = await subscriptions.create('', subscription(id, { uri: 'http://first.example/n' }), terms);
      // Moving it to another name that does not resolve yet is accepted too; to an internal one, not.
      const moveTo = (uri: string) => subscriptions.update('', subId, { notification: { endpoint: { uri } } }, terms);
      await assert.rejects(moveTo('http://internal.example/n'));
      await moveTo(`http://late.example:${port}/n`);
      const location = `/subscriptions/${encodeURIComponent(subId)}`;
      const statusOf = async () =>
        (await call('GET', location)).json<{ notification: Record<string, unknown> }>().notification;

      assert.equal((await call('POST', '/entities', { body: station(id, 40) })).statusCode, 201);
      let status = await statusOf();
      while (status['status'] !== 'failed') {
        await new Promise((r) => setTimeout(r, 20));
        status = await statusOf();
      }
      assert.ok(status['lastFailure'], "status['lastFailure']");
      assert.equal(receiver.received.length, 0);

      // Once the name resolves (here to the loopback receiver, which the operator allows), it is delivered.
      names.set('late.example', '127.0.0.1');
      const [delivered] = await receiver.until(1);
      assert.equal(delivered?.headers['host'], `late.example:${port}`);
      while (status['status'] !== 'ok') {
        await new Promise((r) => setTimeout(r, 20));
        status = await statusOf();
      }
      assert.ok(status['lastSuccess'], "status['lastSuccess']");
    } finally {
      await notifier.stop();
      await receiver.close();
    }
  });

  it('refuses again at delivery a receiver that is no longer allowed', async () => {
    const receiver: Receiver = await startReceiver();
    // The worker's gate allows nothing internal: as if the receiver's name now resolved to loopback.
    const notifier = new Notifier({
      db: ctx.db,
      bus: app.bus,
      log: silentLog,
      service: app.broker.service,
      subscriptions: app.broker.subscriptions,
      resolver: app.broker.resolver,
      outbound: new OutboundGuard({ allow: [] }),
      options: { timeoutMs: 2000, maxAgeMs: 3600_000, pollMs: 50, leaseMs: 4000 },
    });
    await notifier.start();
    try {
      const id = stationId();
      const created = await call('POST', '/subscriptions', { body: subscription(id, { uri: `${receiver.url}/n` }) });
      assert.equal(created.statusCode, 201, created.body);
      const location = String(created.headers['location']).replace('/ngsi-ld/v1', '');
      assert.equal((await call('POST', '/entities', { body: station(id, 40) })).statusCode, 201);
      let status: { timesFailed?: number; status?: string } = {};
      // Other test files write to the same database cluster at the same time: be patient.
      for (let i = 0; i < 1200 && !status.timesFailed; i++) {
        await notifier.drain();
        await notifier.deliverer.flush();
        status = (await call('GET', location)).json<{ notification: typeof status }>().notification;
        if (!status.timesFailed) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(status.status, 'failed');
      assert.equal(receiver.received.length, 0, 'nothing reached the loopback receiver');
    } finally {
      await notifier.stop();
      await receiver.close();
    }
  });

  it("hides receiverInfo values and endpoint credentials from everyone but the subscription's owner and admins", async () => {
    const id = stationId();
    const created = await call('POST', '/subscriptions', {
      body: {
        ...subscription(id, {
          uri: 'mqtt://hanoi-air:s3cret-pass@broker.example:1883/alerts',
          receiverInfo: [
            { key: 'Authorization', value: 'Bearer eyJ-very-secret' },
            { key: 'X-Channel', value: 'air' },
          ],
        }),
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const location = String(created.headers['location']).replace('/ngsi-ld/v1', '');
    type Read = { notification: { endpoint: { uri: string; receiverInfo: { key: string; value: string }[] } } };
    const endpointAs = async (who: Account) => {
      const one = (await call('GET', location, { who })).json<Read>().notification.endpoint;
      const listed = (await call('GET', '/subscriptions?limit=1000', { who })).json<(Read & { id: string })[]>();
      const inList = listed.find((s) => location.endsWith(s.id))?.notification.endpoint;
      assert.deepEqual(inList, one, 'the list shows what the single read shows');
      return one;
    };
    for (const who of [viewer, colleague]) {
      const endpoint = await endpointAs(who);
      const text = JSON.stringify(endpoint);
      assert.ok(!text.includes('s3cret-pass') && !text.includes('eyJ-very-secret'), text);
      assert.equal(endpoint.uri, 'mqtt://hanoi-air:***@broker.example:1883/alerts');
      assert.deepEqual(
        endpoint.receiverInfo.map((p) => p.key),
        ['Authorization', 'X-Channel'],
      );
    }
    for (const who of [owner, admin]) {
      const endpoint = await endpointAs(who);
      assert.equal(endpoint.uri, 'mqtt://hanoi-air:s3cret-pass@broker.example:1883/alerts');
      assert.equal(endpoint.receiverInfo[0]?.value, 'Bearer eyJ-very-secret');
    }

    // A colleague sends the endpoint back as read (masked), changing something else: the secrets stay.
    const seen = await endpointAs(colleague);
    const patched = await call('PATCH', location, {
      who: colleague,
      body: { notification: { endpoint: { ...seen, accept: 'application/ld+json' } } },
    });
    assert.equal(patched.statusCode, 204, patched.body);
    const kept = await endpointAs(owner);
    assert.equal(kept.uri, 'mqtt://hanoi-air:s3cret-pass@broker.example:1883/alerts');
    assert.equal(kept.receiverInfo[0]?.value, 'Bearer eyJ-very-secret');

    // Nor may a colleague move the endpoint elsewhere: the secrets would go with it.
    const moved = await call('PATCH', location, {
      who: colleague,
      body: { notification: { endpoint: { uri: 'http://collector.example/steal' } } },
    });
    assert.equal(moved.statusCode, 403, moved.body);
    assert.equal((await endpointAs(owner)).uri, 'mqtt://hanoi-air:s3cret-pass@broker.example:1883/alerts');
    const byOwner = await call('PATCH', location, {
      who: owner,
      body: { notification: { endpoint: { uri: 'mqtt://hanoi-air:s3cret-pass@broker.example:1883/alerts-2' } } },
    });
    assert.equal(byOwner.statusCode, 204, byOwner.body);
  });
});
