import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';

/**
 * A service group's API key lets whoever holds it feed readings: a viewer (iot:read) sees groups and
 * devices with their keys masked, an operator (iot:write) sees them to provision with.
 */

const APIKEY = `k-masked-${process.pid}-0123456789`;

describeEachDriver('API keys in the provisioning reads', (ctx) => {
  let app: App;
  let viewer: Account;
  let operator: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    viewer = await accountWith(app, ['viewer'], '');
    operator = await accountWith(app, ['operator'], '');
    const headers = { ...operator.auth, 'fiware-servicepath': '/' };
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers,
      payload: { services: [{ apikey: APIKEY, resource: '/iot/json', entity_type: 'Thing', autoprovision: true }] },
    });
    assert.equal(group.statusCode, 201, group.body);
    const device = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers,
      payload: { devices: [{ device_id: 'masked-1', apikey: APIKEY }] },
    });
    assert.equal(device.statusCode, 201, device.body);
  });
  after(async () => {
    await app.http.close();
  });

  const read = async (url: string, who: Account) => {
    const res = await app.http.inject({ method: 'GET', url, headers: { ...who.auth, 'fiware-servicepath': '/' } });
    assert.equal(res.statusCode, 200, res.body);
    return res.body;
  };

  it('shows a viewer no API key, in groups, device lists or a device', async () => {
    for (const url of ['/iot/services', '/iot/devices', '/iot/devices/masked-1']) {
      const seen = await read(url, viewer);
      assert.ok(!seen.includes(APIKEY), `${url} shows a viewer the key`);
      assert.ok(seen.includes('********'), `${url} says there is a key`);
    }
    assert.ok((await read('/iot/services', operator)).includes(APIKEY), 'an operator provisions with it');
    assert.ok((await read('/iot/devices/masked-1', operator)).includes(APIKEY), 'and in the device');
  });

  it('does not let a viewer test a guessed key by filtering on it', async () => {
    const url = `/iot/services?apikey=${encodeURIComponent(APIKEY)}`;
    const probe = await app.http.inject({ method: 'GET', url, headers: { ...viewer.auth, 'fiware-servicepath': '/' } });
    assert.equal(probe.statusCode, 403, probe.body);
    assert.equal(probe.json<{ code: string }>().code, 'FORBIDDEN');
    assert.ok(!probe.body.includes('masked-'), 'nothing of the group is said');
    assert.ok((await read(url, operator)).includes(APIKEY), 'an operator still finds a group by its key');
  });
});
