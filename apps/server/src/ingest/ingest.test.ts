import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, it } from 'node:test';
import mqtt from 'mqtt';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../test/support/app.js';

/**
 * Devices through what they touch: provisioned over the IoT Agent API, measures over HTTP and over
 * the embedded MQTT broker, read back through NGSI-LD (current state and history).
 */

const SERVICE = 'hanoi_air';
const headers = { 'fiware-service': SERVICE, 'fiware-servicepath': '/hoankiem' };
const APIKEY = 'k-air-hk-2026';

let seq = 0;
const nextDevice = () => `aq-${process.pid}-${++seq}`;

describeEachDriver('IoT ingestion', (ctx) => {
  let app: App;
  let admin: Account;
  let mqttUrl: string;

  before(async () => {
    app = await buildTestApp(ctx.db, {
      MQTT_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      IOT_BATCH_WAIT: '2ms',
      IOT_MAX_PAYLOAD: '256kb',
    });
    admin = await accountWith(app, ['admin'], '*');
    mqttUrl = await app.ingest.startDevices();
    await app.broker.startWorker();
    await app.ingest.startWorker();
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: { ...admin.auth, ...headers },
      payload: {
        services: [
          {
            apikey: APIKEY,
            resource: '/iot/json',
            entity_type: 'AirQualityObserved',
            autoprovision: false,
            attributes: [
              { object_id: 'p25', name: 'pm25', type: 'Number', metadata: { unitCode: { type: 'Text', value: 'GQ' } } },
              { object_id: 'p10', name: 'pm10', type: 'Number', unitCode: 'GQ' },
              { object_id: 'gps', name: 'location', type: 'geo:point' },
            ],
          },
        ],
      },
    });
    assert.equal(group.statusCode, 201, group.body);
  });
  after(async () => {
    await app.ingest.stop();
    await app.broker.stopWorker();
    await app.http.close();
  });

  const provision = async (deviceId: string, extra: Record<string, unknown> = {}) => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: { ...admin.auth, ...headers },
      payload: { devices: [{ device_id: deviceId, apikey: APIKEY, entity_type: 'AirQualityObserved', ...extra }] },
    });
    assert.equal(res.statusCode, 201, res.body);
    return `urn:ngsi-ld:AirQualityObserved:${deviceId}`;
  };
  const entity = async (id: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(id)}`,
      headers: { ...admin.auth, 'ngsild-tenant': SERVICE },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, { value?: unknown; observedAt?: string; unitCode?: string; type: string }>>();
  };
  const history = async (id: string, attrs = 'pm25') => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(id)}?attrs=${attrs}&options=temporalValues&timerel=after&timeAt=2000-01-01T00:00:00Z`,
      headers: { ...admin.auth, 'ngsild-tenant': SERVICE },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Record<string, { values?: [unknown, string][] }>>();
    return (body[attrs]?.values ?? []).map(([v, t]) => [v, t] as const);
  };
  const southbound = (deviceId: string, payload: string, apikey = APIKEY, path = '/iot/json') =>
    app.http.inject({
      method: 'POST',
      url: `${path}?k=${encodeURIComponent(apikey)}&i=${encodeURIComponent(deviceId)}`,
      headers: { 'content-type': path === '/iot/d' ? 'text/plain' : 'application/json' },
      payload,
    });
  const rejected = async (reason: string) => {
    const text = (await app.http.inject({ method: 'GET', url: '/metrics', headers: admin.auth })).body;
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('thanglong_iot_rejected_total{') &&
          l.includes(`reason="${reason}"`) &&
          l.includes('transport="http"'),
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('stores measures sent over HTTP on the device entity, with unit, observedAt and location, and in history', async () => {
    const device = nextDevice();
    const id = await provision(device);
    const res = await southbound(
      device,
      JSON.stringify({ p25: 41.2, p10: 63, gps: '21.0285, 105.8542', TimeInstant: '2026-11-22T08:00:00+07:00' }),
    );
    assert.equal(res.statusCode, 200, res.body);
    const e = await entity(id);
    assert.equal(e['pm25']?.value, 41.2);
    assert.equal(e['pm25']?.unitCode, 'GQ');
    assert.equal(e['pm25']?.observedAt, '2026-11-22T01:00:00.000Z');
    assert.equal(e['pm10']?.value, 63);
    assert.deepEqual(e['location']?.value, { type: 'Point', coordinates: [105.8542, 21.0285] });
    assert.deepEqual(await history(id), [[41.2, '2026-11-22T01:00:00.000Z']]);
    // The location is queryable: the device is found within 1 km of Hoàn Kiếm lake.
    const near = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities?type=AirQualityObserved&georel=near;maxDistance==1000&geometry=Point&coordinates=[105.852,21.028]`,
      headers: { ...admin.auth, 'ngsild-tenant': SERVICE },
    });
    assert.ok(
      near.json<{ id: string }[]>().some((x) => x.id === id),
      near.body,
    );
  });

  it('keeps every buffered reading in history and the newest as the current value, even sent out of order', async () => {
    const device = nextDevice();
    const id = await provision(device);
    const readings = [
      { p25: 30, TimeInstant: '2026-11-22T07:00:00+07:00' },
      { p25: 50, TimeInstant: '2026-11-22T09:00:00+07:00' },
      { p25: 40, TimeInstant: '2026-11-22T08:00:00+07:00' },
    ];
    assert.equal((await southbound(device, JSON.stringify(readings))).statusCode, 200);
    assert.equal((await entity(id))['pm25']?.value, 50);
    // A late reading afterwards goes to history only.
    assert.equal(
      (await southbound(device, JSON.stringify({ p25: 10, TimeInstant: '2026-11-22T06:00:00+07:00' }))).statusCode,
      200,
    );
    assert.equal((await entity(id))['pm25']?.value, 50);
    const values = (await history(id)).map(([v]) => v);
    assert.deepEqual(values, [10, 30, 40, 50]);
  });

  it('lets a reading replace a current value stamped in the future: a wrong clock or a forged time pins nothing', async () => {
    const device = nextDevice();
    const id = await provision(device);
    assert.equal((await southbound(device, JSON.stringify({ p25: 20 }))).statusCode, 200);
    const pinned = await app.http.inject({
      method: 'PATCH',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(id)}/attrs`,
      headers: { ...admin.auth, 'ngsild-tenant': SERVICE, 'content-type': 'application/json' },
      payload: { pm25: { type: 'Property', value: -999, observedAt: '9999-12-31T23:59:59Z' } },
    });
    assert.equal(pinned.statusCode, 204, pinned.body);
    assert.equal((await entity(id))['pm25']?.value, -999);
    // The device's next reading, stamped now, becomes the current value.
    assert.equal((await southbound(device, JSON.stringify({ p25: 21 }))).statusCode, 200);
    assert.equal((await entity(id))['pm25']?.value, 21);
    // An older reading still goes to history only.
    const late = JSON.stringify({ p25: 5, TimeInstant: '2026-11-22T06:00:00+07:00' });
    assert.equal((await southbound(device, late)).statusCode, 200);
    assert.equal((await entity(id))['pm25']?.value, 21);
  });

  it('recognises a reading sent twice (same device, attribute and TimeInstant) and stores it once', async () => {
    const device = nextDevice();
    const id = await provision(device);
    const body = JSON.stringify({ p25: 77, TimeInstant: '2026-11-22T10:00:00Z' });
    assert.equal((await southbound(device, body)).statusCode, 200);
    assert.equal((await southbound(device, body)).statusCode, 200);
    await Promise.all([southbound(device, body), southbound(device, body)]);
    assert.deepEqual(await history(id), [[77, '2026-11-22T10:00:00.000Z']]);
  });

  it('reads UltraLight 2.0 at /iot/d, with t| as the time of the reading', async () => {
    const device = nextDevice();
    const id = await provision(device);
    const res = await southbound(
      device,
      't|2026-11-22T08:00:00+07:00|p25|41.2|p10|63#t|2026-11-22T08:05:00+07:00|p25|44',
      APIKEY,
      '/iot/d',
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await entity(id))['pm25']?.value, 44);
    assert.deepEqual(
      (await history(id)).map(([v]) => v),
      [41.2, 44],
    );
  });

  it('stores undeclared measures under their own name unless the device says explicitAttrs', async () => {
    const open = nextDevice();
    const strict = nextDevice();
    const openId = await provision(open);
    const strictId = await provision(strict, { explicitAttrs: true });
    for (const d of [open, strict])
      assert.equal((await southbound(d, JSON.stringify({ p25: 12, humidity: 81 }))).statusCode, 200);
    assert.equal((await entity(openId))['humidity']?.value, 81);
    assert.equal((await entity(strictId))['humidity'], undefined);
    assert.equal((await entity(strictId))['pm25']?.value, 12);
  });

  it('refuses bad payloads with a clear reason, a metric and a count on the device, and writes nothing', async () => {
    const device = nextDevice();
    const id = await provision(device);
    assert.equal(
      (await southbound(device, JSON.stringify({ p25: 20, TimeInstant: '2026-11-22T00:00:00Z' }))).statusCode,
      200,
    );
    const future = new Date(Date.now() + 3600_000).toISOString();
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`m${i}`, i]));
    const cases: [string, string, number, string][] = [
      ['{"p25": 41.2,', 'invalid_json', 400, 'not JSON'],
      ['{"p25": 1e999}', 'not_finite', 400, 'finite'],
      ['{"p25": "forty", "p10": 3}', 'wrong_type', 400, 'Number'],
      [JSON.stringify({ p25: 1, TimeInstant: future }), 'future_timestamp', 400, 'ahead'],
      [JSON.stringify({ p25: 1, TimeInstant: 'yesterday' }), 'invalid_timestamp', 400, 'TimeInstant'],
      [JSON.stringify(many), 'too_many_attributes', 400, 'at most'],
      [JSON.stringify({ p25: 'x'.repeat(300_000) }), 'too_large', 413, 'bytes'],
      ['[]', 'invalid_payload', 400, 'empty'],
      ['"just text"', 'invalid_payload', 400, 'object'],
    ];
    for (const [payload, reason, status, words] of cases) {
      const before = await rejected(reason);
      const res = await southbound(device, payload);
      assert.equal(res.statusCode, status, `${reason}: ${res.body}`);
      const problem = problemOf(res);
      assert.equal(problem['reason'], reason);
      assert.match(problem.detail, new RegExp(words), problem.detail);
      assert.equal(await rejected(reason), before + 1, `metric for ${reason}`);
    }
    // Nothing of it was written: one value, the good one.
    assert.deepEqual(
      (await history(id)).map(([v]) => v),
      [20],
    );
    assert.equal((await entity(id))['pm25']?.value, 20);
    const unknownKey = await southbound(device, '{"p25": 1}', 'no-such-key');
    assert.equal(unknownKey.statusCode, 401);
    assert.equal(problemOf(unknownKey)['reason'], 'unknown_apikey');
    const unknownDevice = await southbound('never-provisioned', '{"p25": 1}');
    assert.equal(unknownDevice.statusCode, 404);
    assert.equal(problemOf(unknownDevice)['reason'], 'unknown_device');
    // The device's health counts its errors (stored with its next good message).
    assert.equal((await southbound(device, JSON.stringify({ p25: 21 }))).statusCode, 200);
    const health = await app.http.inject({
      method: 'GET',
      url: `/iot/devices/${device}`,
      headers: { ...admin.auth, ...headers },
    });
    assert.equal(health.json<{ health: { errors: number } }>().health.errors, cases.length);
  });

  it('shows device health: last seen, messages and errors', async () => {
    const device = nextDevice();
    await provision(device);
    const fresh = await app.http.inject({
      method: 'GET',
      url: `/iot/devices/${device}`,
      headers: { ...admin.auth, ...headers },
    });
    assert.equal(fresh.json<{ health: { status: string } }>().health.status, 'never');
    assert.equal((await southbound(device, '{"p25": 5}')).statusCode, 200);
    assert.equal((await southbound(device, '{"p25": 6}')).statusCode, 200);
    const res = await app.http.inject({
      method: 'GET',
      url: `/iot/devices/${device}`,
      headers: { ...admin.auth, ...headers },
    });
    const health = res.json<{ health: { status: string; messages: number; lastSeenAt: string } }>().health;
    assert.equal(health.status, 'online');
    assert.equal(health.messages, 2);
    assert.ok(
      Date.now() - Date.parse(health.lastSeenAt) < 60_000,
      'Date.now() - Date.parse(health.lastSeenAt) < 60_000',
    );
  });

  it('acknowledges a QoS 1 message over MQTT only once it is stored, and explains a bad one on /errors', async () => {
    const device = nextDevice();
    const id = await provision(device);
    const client = await mqtt.connectAsync(mqttUrl, { username: device, password: APIKEY, reconnectPeriod: 0 });
    try {
      const errors: string[] = [];
      await client.subscribeAsync(`/${APIKEY}/${device}/errors`, { qos: 0 });
      client.on('message', (_t, payload) => errors.push(payload.toString()));
      await client.publishAsync(`/${APIKEY}/${device}/attrs`, JSON.stringify({ p25: 55.5 }), { qos: 1 });
      // The PUBACK came after the commit: the value is there at once.
      assert.equal((await entity(id))['pm25']?.value, 55.5);
      await client.publishAsync(`/${APIKEY}/${device}/attrs/p10`, '71', { qos: 1 });
      assert.equal((await entity(id))['pm10']?.value, 71);
      await client.publishAsync(`/${APIKEY}/${device}/attrs`, '{"p25": oops}', { qos: 1 });
      for (let i = 0; i < 500 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      const error = JSON.parse(errors[0] as string) as { reason: string; detail: string };
      assert.equal(error.reason, 'invalid_json');
      assert.match(error.detail, /not JSON/);
      assert.equal((await entity(id))['pm25']?.value, 55.5);
    } finally {
      await client.endAsync();
    }
  });

  it(
    'takes a reading published with mosquitto_pub, with credentials or with the API key alone',
    {
      skip: existsSync('/usr/bin/mosquitto_pub')
        ? undefined
        : (process.env['THANGLONG_TEST_SKIP_MQTT'] ?? 'mosquitto_pub is not installed'),
    },
    async () => {
      const device = nextDevice();
      const id = await provision(device);
      const { port } = new URL(mqttUrl);
      // Asynchronously: the broker answering it runs in this very process.
      const pub = (args: string[]) =>
        new Promise<{ status: number; stderr: string }>((resolve) => {
          execFile(
            '/usr/bin/mosquitto_pub',
            ['-h', '127.0.0.1', '-p', port, '-q', '1', ...args],
            { timeout: 10_000 },
            (err, _out, stderr) =>
              resolve({ status: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, stderr }),
          );
        });
      const withCredentials = await pub([
        '-u',
        device,
        '-P',
        APIKEY,
        '-t',
        `/${APIKEY}/${device}/attrs`,
        '-m',
        '{"p25": 33.3}',
      ]);
      assert.equal(withCredentials.status, 0, withCredentials.stderr);
      assert.equal((await entity(id))['pm25']?.value, 33.3);
      const keyOnly = await pub(['-t', `/${APIKEY}/${device}/attrs/p10`, '-m', '48']);
      assert.equal(keyOnly.status, 0, keyOnly.stderr);
      assert.equal((await entity(id))['pm10']?.value, 48);
      const wrong = await pub([
        '-u',
        device,
        '-P',
        'not-the-key',
        '-t',
        `/${APIKEY}/${device}/attrs`,
        '-m',
        '{"p25": 1}',
      ]);
      assert.notEqual(wrong.status, 0, 'a wrong API key is refused');
      assert.deepEqual(
        (await history(id)).map(([v]) => v),
        [33.3],
      );
    },
  );

  it('lets a device publish and subscribe only on its own topics', async () => {
    const mine = nextDevice();
    const other = nextDevice();
    const otherId = await provision(other);
    await provision(mine);
    const refused = await mqtt
      .connectAsync(mqttUrl, { username: mine, password: 'wrong-key', reconnectPeriod: 0 })
      .then(
        (c) => c.endAsync().then(() => false),
        () => true,
      );
    assert.ok(refused, 'a wrong API key is refused at CONNECT');
    const client = await mqtt.connectAsync(mqttUrl, { username: mine, password: APIKEY, reconnectPeriod: 0 });
    await assert.rejects(client.subscribeAsync(`/${APIKEY}/${other}/cmd`, { qos: 1 }), /Subscribe error/);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(`/${APIKEY}/${other}/attrs`, JSON.stringify({ p25: 999 }), { qos: 1 });
    await closed;
    client.end(true);
    const e = await entity(otherId);
    assert.equal(e['pm25'], undefined, 'nothing was written for the other device');
  });

  it('sends a command written on the entity to the device and records its result', async () => {
    const device = nextDevice();
    const id = await provision(device, { commands: [{ name: 'reboot', type: 'command' }] });
    assert.equal((await entity(id))['reboot_status']?.value, 'UNKNOWN');
    const client = await mqtt.connectAsync(mqttUrl, { username: device, password: APIKEY, reconnectPeriod: 0 });
    try {
      const commands: string[] = [];
      client.on('message', (topic, payload) => {
        if (topic.endsWith('/cmd')) commands.push(payload.toString());
      });
      await client.subscribeAsync(`/${APIKEY}/${device}/cmd`, { qos: 1 });
      const write = await app.http.inject({
        method: 'POST',
        url: `/ngsi-ld/v1/entities/${encodeURIComponent(id)}/attrs`,
        headers: { ...admin.auth, 'ngsild-tenant': SERVICE, 'content-type': 'application/json' },
        payload: { reboot: { type: 'Property', value: { delay: 5 } } },
      });
      assert.equal(write.statusCode, 204, write.body);
      for (let i = 0; i < 500 && commands.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(JSON.parse(commands[0] as string), { reboot: { delay: 5 } });
      for (let i = 0; i < 500 && (await entity(id))['reboot_status']?.value !== 'DELIVERED'; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal((await entity(id))['reboot_status']?.value, 'DELIVERED');
      await client.publishAsync(`/${APIKEY}/${device}/cmdexe`, JSON.stringify({ reboot: 'rebooted in 5 s' }), {
        qos: 1,
      });
      const e = await entity(id);
      assert.equal(e['reboot_status']?.value, 'OK');
      assert.equal(e['reboot_info']?.value, 'rebooted in 5 s');
    } finally {
      await client.endAsync();
    }
  });

  it('autoprovisions an unknown device when its group allows it', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: { ...admin.auth, ...headers },
      payload: {
        services: [
          { apikey: `${APIKEY}-open`, resource: '/iot/json', entity_type: 'NoiseLevelObserved', autoprovision: true },
        ],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const device = nextDevice();
    assert.equal((await southbound(device, '{"LAeq": 68.5}', `${APIKEY}-open`)).statusCode, 200);
    const e = await entity(`urn:ngsi-ld:NoiseLevelObserved:${device}`);
    assert.equal(e['LAeq']?.value, 68.5);
    assert.equal(e['type'], 'NoiseLevelObserved');
    const listed = await app.http.inject({
      method: 'GET',
      url: `/iot/devices/${device}`,
      headers: { ...admin.auth, ...headers },
    });
    assert.equal(listed.statusCode, 200, listed.body);
  });
  // Runs last: it stops the ingest role.
  it('shuts down while devices are still connected, keeping what they sent', async () => {
    const entityId = await provision('connected-at-shutdown');
    const client = await mqtt.connectAsync(mqttUrl, {
      username: 'connected-at-shutdown',
      password: APIKEY,
      reconnectPeriod: 0,
    });
    try {
      await client.publishAsync(`/${APIKEY}/connected-at-shutdown/attrs`, '{"p25": 12}', { qos: 1 });
      const stopped = await Promise.race([
        app.ingest.stop().then(() => 'stopped'),
        new Promise((resolve) => setTimeout(() => resolve('still waiting for the device to hang up'), 30_000)),
      ]);
      assert.equal(stopped, 'stopped');
      assert.equal((await entity(entityId))['pm25']?.value, 12);
    } finally {
      client.end(true);
    }
  });
});
