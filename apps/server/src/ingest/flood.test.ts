import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { buildApp, type App } from '../app.js';
import { describeEachDriver, silentLog } from '../../test/support/databases.js';
import { accountWith, testConfig, type Account } from '../../test/support/app.js';

/**
 * A flooding device, through real MQTT clients and HTTP: what it sends over its rate is dropped and
 * counted, it is disconnected once it keeps over it, and a well-behaved device on another connection
 * has every reading stored; a group that autoprovisions registers at most its cap of new devices an
 * hour, and those it has go on. The rate reads a clock the test moves: nothing here is timed.
 */

const run = process.pid;
const SERVICE = `flood${run}`;
const APIKEY = `flood-${run}-key`;
const OPEN_APIKEY = `flood-${run}-open`;
const RATE = 1; // a second
const BURST = 5;

/** Waits for a condition that follows from traffic in flight (no fixed delay). */
async function until(what: string, condition: () => boolean | Promise<boolean>, tries = 1500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describeEachDriver('Flooding devices', (ctx) => {
  let app: App;
  let admin: Account;
  let mqttUrl: string;
  let clock = Date.parse('2026-12-07T08:00:00Z');
  const clients: MqttClient[] = [];
  let seq = 0;

  before(async () => {
    app = await buildApp(
      testConfig({
        MQTT_PORT: '0',
        MQTT_HOST: '127.0.0.1',
        MQTT_DEVICE_AUTH: 'credentials',
        IOT_BATCH_WAIT: '2ms',
        IOT_DEVICE_RATE: String(RATE),
        IOT_DEVICE_BURST: String(BURST),
        MQTT_FLOOD_DISCONNECT: '10s',
        IOT_AUTOPROVISION_PER_HOUR: '3',
      }),
      { db: ctx.db, log: silentLog, deviceClock: () => clock },
    );
    admin = await accountWith(app, ['admin'], '*');
    mqttUrl = await app.ingest.startDevices();
    const headers = { ...admin.auth, 'fiware-service': SERVICE, 'fiware-servicepath': '/' };
    const groups = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers,
      payload: {
        services: [
          { apikey: APIKEY, resource: '/iot/json', entity_type: 'Thing', autoprovision: false },
          { apikey: OPEN_APIKEY, resource: '/iot/d', entity_type: 'Thing', autoprovision: true },
        ],
      },
    });
    assert.equal(groups.statusCode, 201, groups.body);
    const devices = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers,
      payload: {
        devices: ['flooder', 'steady', 'http-flooder', 'http-steady'].map((d) => ({ device_id: d, apikey: APIKEY })),
      },
    });
    assert.equal(devices.statusCode, 201, devices.body);
  });
  after(async () => {
    for (const c of clients) c.end(true);
    await app.ingest.stop();
    await app.http.close();
  });

  const connect = async (deviceId: string): Promise<MqttClient> => {
    const client = await mqtt.connectAsync(mqttUrl, {
      username: deviceId,
      password: APIKEY,
      reconnectPeriod: 0,
      connectTimeout: 15_000,
    });
    client.on('error', () => undefined);
    clients.push(client);
    return client;
  };
  /** A reading with a value of its own and a time of its own (so none is taken for a duplicate). */
  const reading = (value: number) =>
    JSON.stringify({ v: value, TimeInstant: new Date(Date.UTC(2026, 11, 7, 0, 0, 0, ++seq)).toISOString() });
  const history = async (deviceId: string, apikeyService = SERVICE) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(`urn:ngsi-ld:Thing:${deviceId}`)}?attrs=v&options=temporalValues&timerel=after&timeAt=2000-01-01T00:00:00Z&lastN=1000`,
      headers: { ...admin.auth, 'ngsild-tenant': apikeyService },
    });
    if (res.statusCode === 404) return [];
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Record<string, { values?: [unknown, string][] }>>();
    return (body['v']?.values ?? []).map(([v]) => v as number).sort((a, b) => a - b);
  };
  const metric = async (name: string, labels: string[] = []) => {
    const text = (await app.http.inject({ method: 'GET', url: '/metrics', headers: admin.auth })).body;
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it("drops a flooding connection's excess, then disconnects it, while another device has every reading stored", async () => {
    const droppedBefore = await metric('thanglong_iot_rejected_total', ['transport="mqtt"', 'reason="too_fast"']);
    const flooder = await connect('flooder');
    const steady = await connect('steady');
    // A gateway's account watching the device's topic is relayed only what was let through.
    const root = { kind: 'user' as const, id: 'test', name: 'test', roles: ['admin' as const], tenant: '*' };
    const { key } = await app.auth.createApiKey(root, { name: `watch-${run}`, roles: ['admin'], tenant: '*' });
    const watcher = await mqtt.connectAsync(mqttUrl, { username: 'ops', password: key, reconnectPeriod: 0 });
    clients.push(watcher);
    const relayed: number[] = [];
    watcher.on('message', (_topic, payload) => relayed.push((JSON.parse(payload.toString()) as { v: number }).v));
    await watcher.subscribeAsync(`/${APIKEY}/flooder/attrs`, { qos: 0 });
    const closed = new Promise<void>((resolve) => flooder.once('close', () => resolve()));
    const topic = `/${APIKEY}/flooder/attrs`;

    // QoS 0, as sensors flood: nothing is acknowledged, so a subscription's SUBACK marks the point
    // where every message sent before it on this connection has been handled (one at a time, in order).
    const handled = () => flooder.subscribeAsync(`/${APIKEY}/flooder/cmd`, { qos: 0 });
    // At once: its burst is taken, the rest dropped.
    for (let i = 0; i < 20; i++) await flooder.publishAsync(topic, reading(i), { qos: 0 });
    await handled();
    // The steady device on its own connection, interleaved with the flood: all of it goes in.
    const steadyValues: number[] = [];
    for (let step = 1; step <= 9; step++) {
      clock += 1000;
      // A token a second for each: the flooder spends its own, the steady device's bucket is untouched by it.
      for (let i = 0; i < 3; i++) await flooder.publishAsync(topic, reading(100 * step + i), { qos: 0 });
      await handled();
      steadyValues.push(step);
      await steady.publishAsync(`/${APIKEY}/steady/attrs`, reading(step), { qos: 1 });
      assert.ok(flooder.connected, `still connected after ${step} s over its rate`);
    }
    // Ten seconds over its rate: its next dropped message ends the connection.
    clock += 1000;
    await flooder.publishAsync(topic, reading(1000), { qos: 0 });
    flooder.publish(topic, reading(1001), { qos: 0 });
    await closed;
    assert.equal(await metric('thanglong_iot_flood_disconnects_total'), 1);

    // Its burst, then one a second: 0..4, and the first of each step's three.
    const kept = [0, 1, 2, 3, 4, ...Array.from({ length: 10 }, (_, k) => (k === 9 ? 1000 : 100 * (k + 1)))];
    await until('the steady device stored', async () => (await history('steady')).length === steadyValues.length);
    assert.deepEqual(await history('steady'), steadyValues, 'every steady reading is stored');
    // QoS 0 is stored after it is handled, not before: waited for, then compared.
    await until('the flooder stored', async () => (await history('flooder')).length >= kept.length);
    assert.deepEqual(await history('flooder'), kept, 'only what the bucket let through is stored');
    await until('the relayed readings', () => relayed.length >= kept.length);
    assert.deepEqual(
      relayed.sort((a, b) => a - b),
      kept,
      'nothing dropped is relayed',
    );
    const dropped =
      (await metric('thanglong_iot_rejected_total', ['transport="mqtt"', 'reason="too_fast"'])) - droppedBefore;
    assert.equal(dropped, 15 + 9 * 2 + 1, 'each dropped message is counted');

    // The steady device goes on after the flooder is gone.
    clock += 1000;
    await steady.publishAsync(`/${APIKEY}/steady/attrs`, reading(50), { qos: 1 });
    await until('the later reading stored', async () => (await history('steady')).includes(50));
  });

  it('closes a connection unacknowledged on a QoS 1 message over its rate, and stores it when sent again', async () => {
    const deviceId = 'backlog';
    const added = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: { ...admin.auth, 'fiware-service': SERVICE, 'fiware-servicepath': '/' },
      payload: { devices: [{ device_id: deviceId, apikey: APIKEY }] },
    });
    assert.equal(added.statusCode, 201, added.body);
    const topic = `/${APIKEY}/${deviceId}/attrs`;
    const device = await connect(deviceId);
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    // A backlog sent at once: its burst is acknowledged and stored.
    for (let i = 0; i < BURST; i++) await device.publishAsync(topic, reading(i), { qos: 1 });
    // The next is over the rate: never acknowledged, the connection closed instead.
    let acknowledged = false;
    device.publish(topic, reading(BURST), { qos: 1 }, (err) => {
      if (!err) acknowledged = true;
    });
    await closed;
    assert.equal(acknowledged, false, 'not acknowledged');
    await until('the burst stored', async () => (await history(deviceId)).length === BURST);
    assert.deepEqual(await history(deviceId), [0, 1, 2, 3, 4], 'what was over the rate is not stored');
    // Reconnected a second later, the device sends it again: taken and stored.
    clock += 1000;
    const again = await connect(deviceId);
    await again.publishAsync(topic, reading(BURST), { qos: 1 });
    await until('the message sent again stored', async () => (await history(deviceId)).includes(BURST));
  });

  it('answers a device flooding over HTTP 429 with Retry-After, and not its neighbour', async () => {
    const send = (deviceId: string, value: number) =>
      app.http.inject({
        method: 'POST',
        url: `/iot/json?k=${APIKEY}&i=${deviceId}`,
        headers: { 'content-type': 'application/json' },
        payload: reading(value),
      });
    const answers: number[] = [];
    for (let i = 0; i < BURST + 3; i++) answers.push((await send('http-flooder', i)).statusCode);
    assert.deepEqual(answers, [...Array<number>(BURST).fill(200), 429, 429, 429]);
    const refused = await send('http-flooder', 99);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json<{ code: string }>().code, 'IOT_TOO_FAST');
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal((await send('http-steady', 1)).statusCode, 200, 'another device of the same key is answered');
    clock += 1000;
    assert.equal((await send('http-flooder', 7)).statusCode, 200, 'a second later it may send one again');
  });

  it('refuses autoprovisioning past the cap of the hour, audited once, while devices it has go on', async () => {
    const send = (deviceId: string) =>
      app.http.inject({
        method: 'POST',
        url: `/iot/d?k=${OPEN_APIKEY}&i=${deviceId}`,
        headers: { 'content-type': 'text/plain' },
        payload: `v|${++seq}`,
      });
    const refusedBefore = await metric('thanglong_iot_rejected_total', [
      'transport="http"',
      'reason="autoprovision_limit"',
    ]);
    for (const d of ['auto-1', 'auto-2', 'auto-3']) assert.equal((await send(d)).statusCode, 200, d);
    for (const d of ['auto-4', 'auto-5', 'auto-6']) {
      const res = await send(d);
      assert.equal(res.statusCode, 429, res.body);
      assert.equal(res.json<{ code: string }>().code, 'IOT_AUTOPROVISION_LIMIT');
    }
    // In Vietnamese too, as every refusal.
    const vi = await app.http.inject({
      method: 'POST',
      url: `/iot/d?k=${OPEN_APIKEY}&i=auto-7`,
      headers: { 'content-type': 'text/plain', 'accept-language': 'vi' },
      payload: 'v|1',
    });
    assert.match(vi.json<{ detail: string }>().detail, /tự khai báo/);
    const refused =
      (await metric('thanglong_iot_rejected_total', ['transport="http"', 'reason="autoprovision_limit"'])) -
      refusedBefore;
    assert.equal(refused, 4, 'each refusal is counted');

    // The devices it has go on; the refused were never registered.
    for (const d of ['auto-1', 'auto-2', 'auto-3']) assert.equal((await send(d)).statusCode, 200, d);
    const listed = await app.http.inject({
      method: 'GET',
      url: '/iot/devices?limit=100',
      headers: { ...admin.auth, 'fiware-service': SERVICE, 'fiware-servicepath': '/' },
    });
    const ids = listed.json<{ devices: { device_id: string }[] }>().devices.map((d) => d.device_id);
    assert.deepEqual(ids.filter((d) => d.startsWith('auto-')).sort(), ['auto-1', 'auto-2', 'auto-3']);

    await app.audit.flush();
    const { rows } = await ctx.db.query<{ target: string; tenant: string }>(
      `SELECT target, tenant FROM audit_record WHERE action = 'iot.autoprovision-limited' AND tenant = $1`,
      [SERVICE],
    );
    assert.deepEqual(rows, [{ target: 'auto-4', tenant: SERVICE }], 'audited once in the hour');
  });
});
