import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { after, before, it } from 'node:test';
import { MqttClient } from 'mqtt';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, uniqueName, type Account } from '../../test/support/app.js';

/**
 * Device apikeys are secrets: guessing them from one address is refused after AUTH_ADDRESS_FAILURES
 * wrong ones (HTTP device routes, MQTT connect), and provisioning does not tell one tenant another
 * tenant's keys.
 */

const FAILURES = 3;

describeEachDriver('device apikeys cannot be guessed', (ctx) => {
  let app: App;
  let admin: Account;
  let mqttPort: number;
  const key = uniqueName('k-guess');
  const service = (tenant: string) => ({ ...admin.auth, 'fiware-service': tenant, 'fiware-servicepath': '/' });

  before(async () => {
    app = await buildTestApp(ctx.db, {
      AUTH_ADDRESS_FAILURES: String(FAILURES),
      MQTT_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      IOT_BATCH_WAIT: '2ms',
    });
    admin = await accountWith(app, ['admin'], '*');
    mqttPort = Number(new URL(await app.ingest.startDevices()).port);
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: service('guess_a'),
      payload: { services: [{ apikey: key, resource: '/iot/json', entity_type: 'NoiseLevelObserved' }] },
    });
    assert.equal(group.statusCode, 201, group.body);
    const device = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: service('guess_a'),
      payload: { devices: [{ device_id: 'ga-1', apikey: key }] },
    });
    assert.equal(device.statusCode, 201, device.body);
  });
  after(async () => {
    await app.ingest.stop();
    await app.http.close();
  });

  const measure = (apikey: string, remoteAddress: string) =>
    app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${encodeURIComponent(apikey)}&i=ga-1`,
      headers: { 'content-type': 'application/json' },
      payload: { n: 41 },
      remoteAddress,
    });

  /** An MQTT connection from a loopback address of the test's choosing. */
  const connectFrom = (localAddress: string, username?: string, password?: string) =>
    new Promise<MqttClient>((resolve, reject) => {
      const client = new MqttClient(() => createConnection({ host: '127.0.0.1', port: mqttPort, localAddress }), {
        ...(username !== undefined ? { username, password } : {}),
        reconnectPeriod: 0,
        protocolVersion: 4,
      });
      client.once('connect', () => resolve(client));
      client.once('error', (err) => {
        client.end(true);
        reject(err);
      });
    });

  it('HTTP: wrong apikeys from one address are counted; then even the right one is refused there, not elsewhere', async () => {
    const guesser = '127.0.0.31';
    for (let i = 0; i < FAILURES; i++) {
      const wrong = await measure(`${key}-guess-${i}`, guesser);
      assert.equal(wrong.statusCode, 401, wrong.body);
      assert.equal(problemOf(wrong).code, 'IOT_UNKNOWN_APIKEY');
    }
    const refused = await measure(key, guesser);
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(problemOf(refused).code, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(refused.headers['retry-after']) > 0, "Number(refused.headers['retry-after']) > 0");
    // The device itself, from its own address, is not locked out.
    const own = await measure(key, '127.0.0.32');
    assert.equal(own.statusCode, 200, own.body);
  });

  it('MQTT: wrong apikeys at connect are counted; then the address is refused, other addresses are not', async () => {
    const guesser = '127.0.0.33';
    for (let i = 0; i < FAILURES; i++) {
      await assert.rejects(
        connectFrom(guesser, 'ga-1', `${key}-guess-${i}`),
        (err: { code?: number }) => err.code === 4,
      );
    }
    await assert.rejects(connectFrom(guesser, 'ga-1', key), (err: { code?: number }) => err.code === 5);
    const device = await connectFrom('127.0.0.34', 'ga-1', key);
    await device.endAsync();
    // HTTP and MQTT guesses add up: the address is refused on the device routes too.
    assert.equal((await measure(key, guesser)).statusCode, 429);
  });

  it('MQTT without credentials: wrong apikeys in topics are counted; then that address is hung up on', async () => {
    const guesser = '127.0.0.39';
    /** Publishes one reading as a device without credentials; resolves whether the broker hung up. */
    const publishFrom = async (localAddress: string, apikey: string) => {
      const client = await connectFrom(localAddress);
      const closed = new Promise<boolean>((resolve) => client.once('close', () => resolve(true)));
      const acked = client.publishAsync(`/${apikey}/ga-1/attrs`, JSON.stringify({ n: 42 }), { qos: 1 }).then(
        () => false,
        () => true,
      );
      const hungUp = await Promise.race([closed, acked]);
      client.end(true);
      return hungUp;
    };
    for (let i = 0; i < FAILURES; i++) {
      assert.equal(await publishFrom(guesser, `${key}-topic-guess-${i}`), false, 'a wrong key is acknowledged');
    }
    assert.equal(await publishFrom(guesser, key), true, 'the address is refused, even with the right key');
    assert.equal(await publishFrom('127.0.0.40', key), false, 'another address is not');
  });

  it("provisioning: another tenant's apikey is refused without confirming it, and counts as a guess", async () => {
    const prober = '127.0.0.35';
    const probe = (apikeys: string[]) =>
      app.http.inject({
        method: 'POST',
        url: '/iot/services',
        headers: service('guess_b'),
        payload: { services: apikeys.map((apikey) => ({ apikey, resource: '/iot/json', entity_type: 'Thing' })) },
        remoteAddress: prober,
      });
    for (let i = 0; i < FAILURES; i++) {
      const res = await probe([`${key}-free-${i}`, key]);
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(problemOf(res).code, 'IOT_APIKEY_UNAVAILABLE');
      assert.doesNotMatch(problemOf(res).detail, new RegExp(key));
    }
    const blocked = await probe([`${key}-free-x`]);
    assert.equal(blocked.statusCode, 429, blocked.body);
    // Devices of another tenant's key are refused the same way, from another address.
    const device = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: service('guess_b'),
      payload: { devices: [{ device_id: 'gb-1', apikey: key }] },
      remoteAddress: '127.0.0.36',
    });
    assert.equal(device.statusCode, 409, device.body);
    assert.equal(problemOf(device).code, 'IOT_APIKEY_UNAVAILABLE');
    const none = await app.http.inject({ method: 'GET', url: '/iot/services', headers: service('guess_b') });
    assert.equal(none.json<{ count: number }>().count, 0, 'nothing was provisioned');
  });

  it('a service group without an apikey gets one chosen by the server, returned in the answer', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: service('guess_c'),
      payload: { services: [{ resource: '/iot/json', entity_type: 'NoiseLevelObserved', autoprovision: true }] },
      remoteAddress: '127.0.0.37',
    });
    assert.equal(res.statusCode, 201, res.body);
    const [created] = res.json<{ services: { apikey: string; resource: string }[] }>().services;
    assert.ok(created && /^[A-Za-z0-9_-]{22}$/.test(created.apikey), res.body);
    const listed = await app.http.inject({ method: 'GET', url: '/iot/services', headers: service('guess_c') });
    assert.equal(listed.json<{ services: { apikey: string }[] }>().services[0]?.apikey, created.apikey);
    const sent = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${created.apikey}&i=gc-1`,
      headers: { 'content-type': 'application/json' },
      payload: { n: 40 },
      remoteAddress: '127.0.0.38',
    });
    assert.equal(sent.statusCode, 200, sent.body);
  });
});
