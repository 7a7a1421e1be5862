import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { ngsiCaller } from '../../../test/support/ngsi.js';
import { startReceiver, type Receiver } from '../../../test/support/receiver.js';
import { MAX_NOTIFIED_LINKED } from '../subscriptions/notification.js';
import { type Notifier } from './index.js';
import { testNotifier } from '../../../test/support/notifier.js';

/**
 * Notifications shaped as the entity API shapes answers (GS CIM 009 §5.8.6, §4.5.23, §4.21): the
 * entities a bus stop links to, inline or flat, and pick or omit of its members.
 */

let seq = 0;
const WARD = 'urn:ngsi-ld:Ward:HoanKiem-HangTrong';
const DISTRICT = 'urn:ngsi-ld:District:HoanKiem';

describeEachDriver('notifications with linked entities, pick and omit', (ctx) => {
  let app: App;
  let account: Account;
  let notifier: Notifier;
  let receiver: Receiver;
  const call = ngsiCaller(
    () => app,
    () => account,
  );

  before(async () => {
    app = await buildTestApp(ctx.db);
    account = await accountWith(app, ['operator']);
    notifier = testNotifier(app, ctx.db);
    await notifier.start();
    receiver = await startReceiver();
    for (const body of [
      {
        id: WARD,
        type: 'Ward',
        name: { type: 'Property', value: 'Hàng Trống' },
        partOf: { type: 'Relationship', object: DISTRICT },
      },
      { id: DISTRICT, type: 'District', name: { type: 'Property', value: 'Hoàn Kiếm' } },
    ]) {
      assert.equal((await call('POST', '/entities', { body })).statusCode, 201);
    }
  });
  after(async () => {
    await receiver.close();
    await notifier.stop();
    await app.http.close();
  });

  /** A new bus stop in the ward, a subscription to it with these notification members, then an update. */
  async function notifiedAbout(notification: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const stop = `urn:ngsi-ld:BusStop:linked-${process.pid}-${++seq}`;
    const path = `/stop-${seq}`;
    const stopBody = {
      id: stop,
      type: 'BusStop',
      name: { type: 'Property', value: 'Bờ Hồ' },
      locatedIn: { type: 'Relationship', object: WARD },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.852, 21.028] } },
    };
    assert.equal((await call('POST', '/entities', { body: stopBody })).statusCode, 201);
    const subscription = {
      type: 'Subscription',
      entities: [{ id: stop, type: 'BusStop' }],
      notification: { endpoint: { uri: `${receiver.url}${path}`, accept: 'application/json' }, ...notification },
    };
    assert.equal((await call('POST', '/subscriptions', { body: subscription })).statusCode, 201);
    const update = { name: { type: 'Property', value: 'Bờ Hồ (Đinh Tiên Hoàng)' } };
    assert.equal((await call('PATCH', `/entities/${stop}/attrs`, { body: update })).statusCode, 204);
    for (;;) {
      const got = receiver.received.find((r) => r.path === path);
      if (got) return got.body['data'] as Record<string, unknown>[];
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('join=flat lists the linked entities after the notified one, up to joinLevel', async () => {
    const data = await notifiedAbout({ join: 'flat', joinLevel: 2, attributes: ['locatedIn'] });
    assert.equal(data.length, 3);
    assert.deepEqual(data[0]?.['locatedIn'], { type: 'Relationship', object: WARD });
    assert.equal(data[0]?.['name'], undefined, 'attributes apply to the notified entity');
    assert.deepEqual(
      data.slice(1).map((e) => e['id']),
      [WARD, DISTRICT],
    );
    assert.deepEqual(data[1]?.['name'], { type: 'Property', value: 'Hàng Trống' }, 'linked entities whole');
  });

  it('join=inline puts the linked entity in its relationship; simplified, in place of the object', async () => {
    const [normalized] = await notifiedAbout({ join: 'inline' });
    assert.deepEqual(normalized?.['locatedIn'], {
      type: 'Relationship',
      object: WARD,
      entity: {
        id: WARD,
        type: 'Ward',
        name: { type: 'Property', value: 'Hàng Trống' },
        partOf: { type: 'Relationship', object: DISTRICT },
      },
    });
    const [simplified] = await notifiedAbout({ join: 'inline', format: 'simplified', sysAttrs: true });
    const ward = simplified?.['locatedIn'] as Record<string, unknown>;
    assert.equal(simplified?.['name'], 'Bờ Hồ (Đinh Tiên Hoàng)');
    assert.deepEqual(
      { ...ward, createdAt: undefined, modifiedAt: undefined },
      {
        id: WARD,
        type: 'Ward',
        name: 'Hàng Trống',
        partOf: DISTRICT,
        createdAt: undefined,
        modifiedAt: undefined,
      },
    );
    assert.match(String(simplified?.['createdAt']), /Z$/, 'sysAttrs of the notified entity');
  });

  it('pick keeps only the members listed; omit leaves out those listed', async () => {
    const stop = (await notifiedAbout({ pick: ['id', 'name'] }))[0];
    assert.deepEqual(Object.keys(stop ?? {}), ['id', 'name']);
    assert.deepEqual(stop?.['name'], { type: 'Property', value: 'Bờ Hồ (Đinh Tiên Hoàng)' });
    const without = (await notifiedAbout({ omit: ['type', 'name'] }))[0];
    assert.deepEqual(Object.keys(without ?? {}).sort(), ['id', 'locatedIn', 'location']);
    // pick reaches into what a relationship links to.
    const [picked] = await notifiedAbout({ join: 'inline', pick: ['id', 'locatedIn{name}'] });
    assert.deepEqual(picked, {
      id: picked?.['id'],
      locatedIn: { type: 'Relationship', object: WARD, entity: { name: { type: 'Property', value: 'Hàng Trống' } } },
    });
  });

  it('a join too large for one notification is not sent, and the subscription says it failed', async () => {
    const hub = `urn:ngsi-ld:BusStop:hub-${process.pid}`;
    const many = Array.from({ length: MAX_NOTIFIED_LINKED + 1 }, (_, i) => `urn:ngsi-ld:BusRoute:${i}`);
    const body = {
      id: hub,
      type: 'BusStop',
      name: { type: 'Property', value: 'Giáp Bát' },
      serves: { type: 'ListRelationship', objectList: many },
    };
    assert.equal((await call('POST', '/entities', { body })).statusCode, 201);
    const subscription = {
      type: 'Subscription',
      entities: [{ id: hub, type: 'BusStop' }],
      notification: { join: 'flat', endpoint: { uri: `${receiver.url}/hub`, accept: 'application/json' } },
    };
    const created = await call('POST', '/subscriptions', { body: subscription });
    assert.equal(created.statusCode, 201);
    const location = String(created.headers['location']);
    const update = { name: { type: 'Property', value: 'Bến xe Giáp Bát' } };
    assert.equal((await call('PATCH', `/entities/${hub}/attrs`, { body: update })).statusCode, 204);
    let status: Record<string, unknown> = {};
    while (status['status'] !== 'failed') {
      await new Promise((r) => setTimeout(r, 20));
      const got = (await call('GET', location.replace('/ngsi-ld/v1', ''))).json<Record<string, unknown>>();
      status = got['notification'] as Record<string, unknown>;
    }
    assert.ok(status['lastFailure'], "status['lastFailure']");
    assert.equal(status['timesFailed'], 1);
    assert.equal(
      receiver.received.some((r) => r.path === '/hub'),
      false,
    );
  });
});
