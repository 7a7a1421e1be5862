import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { describeEachDriver } from '../../test/support/databases.js';

/**
 * A device that says it is out of service (a vehicle's serviceStatus) is not offline, however long it
 * stays quiet; saying it is on duty again puts it back among the devices that must report.
 */

describeEachDriver('devices out of service', (ctx) => {
  let app: App;
  let admin: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, { IOT_BATCH_WAIT: '2ms' });
    admin = await accountWith(app, ['admin'], '*');
    const res = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: {
        services: [
          {
            apikey: 'status-bus',
            resource: '/iot/json',
            entity_type: 'Vehicle',
            autoprovision: true,
            attributes: [
              { object_id: 'status', name: 'serviceStatus', type: 'Text' },
              { object_id: 'gps', name: 'location', type: 'geo:point' },
            ],
          },
        ],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
  });
  after(() => app.http.close());

  const report = async (device: string, status: string) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=status-bus&i=${device}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ gps: '21.0285, 105.8542', status }),
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const quiet = (device: string) =>
    ctx.db.query(`UPDATE iot_device SET last_seen_at = now() - interval '1 day' WHERE device_id = $1`, [device]);
  const statusOf = async (device: string) => {
    const res = await app.http.inject({ method: 'GET', url: `/iot/devices/${device}`, headers: admin.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ health: { status: string } }>().health.status;
  };
  const listed = async (status: string) => {
    const res = await app.http.inject({ method: 'GET', url: `/iot/devices?status=${status}`, headers: admin.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ devices: { device_id: string }[] }>().devices.map((d) => d.device_id);
  };

  it('lists a vehicle between trips as out of service, not offline, and back on duty when it says so', async () => {
    await report('status-bus-1', 'onRoute');
    await report('status-bus-2', 'onRoute');
    await report('status-bus-2', 'outOfService');
    await quiet('status-bus-1');
    await quiet('status-bus-2');
    assert.equal(await statusOf('status-bus-1'), 'offline'); // on duty and silent: a real outage
    assert.equal(await statusOf('status-bus-2'), 'outOfService');
    assert.deepEqual(await listed('offline'), ['status-bus-1']);
    assert.deepEqual(await listed('outOfService'), ['status-bus-2']);

    await report('status-bus-2', 'onRoute');
    assert.equal(await statusOf('status-bus-2'), 'online');
    assert.deepEqual(await listed('outOfService'), []);
  });
});
