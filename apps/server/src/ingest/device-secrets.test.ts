import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { buildApp, type App } from '../app.js';
import { describeEachDriver, silentLog } from '../../test/support/databases.js';
import { accountWith, testConfig, type Account } from '../../test/support/app.js';

/**
 * Per-device secrets (a group with deviceAuth `secret`): over HTTP and MQTT a terminal speaks only
 * for its own device, a rotated or revoked secret is refused, and refusals are audited.
 */

const run = process.pid;
const KEY = `units-${run}`;
const TENANT = 'units';

/** Waits for a condition that follows from messages in flight (no fixed delay). */
async function until(what: string, condition: () => boolean | Promise<boolean>, tries = 1000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describeEachDriver('device secrets', (ctx) => {
  let app: App;
  let admin: Account;
  let mqttUrl: string;
  const secrets = new Map<string, string>();
  const clients: MqttClient[] = [];

  const headers = () => ({ ...admin.auth, 'fiware-service': TENANT, 'fiware-servicepath': '/' });
  const issue = async (deviceId: string) => {
    const res = await app.http.inject({ method: 'POST', url: `/iot/devices/${deviceId}/secret`, headers: headers() });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const { secret } = res.json<{ secret: string }>();
    secrets.set(deviceId, secret);
    return secret;
  };
  const postReading = (deviceId: string, speed: number, secret?: string) =>
    app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${KEY}&i=${deviceId}`,
      headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-device-secret': secret } : {}) },
      payload: JSON.stringify({ speed }),
    });
  const speedOf = async (deviceId: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(`urn:ngsi-ld:EmergencyUnit:${deviceId}`)}`,
      headers: { ...admin.auth, 'ngsild-tenant': TENANT },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ speed?: { value: unknown } }>().speed?.value;
  };
  const connect = async (username?: string, password?: string) => {
    const client = await mqtt.connectAsync(mqttUrl, {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      reconnectPeriod: 0,
    });
    clients.push(client);
    return client;
  };
  const refusals = async (deviceId: string) => {
    await app.audit.flush();
    const { rows } = await ctx.db.query<{ why: string; tenant: string }>(
      `SELECT detail->>'why' AS why, tenant FROM audit_record
       WHERE action = 'iot.device-credential-refused' AND target = $1 ORDER BY id`,
      [deviceId],
    );
    return rows;
  };

  before(async () => {
    app = await buildApp(testConfig({ MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', IOT_BATCH_WAIT: '2ms' }), {
      db: ctx.db,
      log: silentLog,
    });
    admin = await accountWith(app, ['admin'], '*');
    mqttUrl = await app.ingest.startDevices();
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: headers(),
      payload: {
        services: [
          {
            apikey: KEY,
            resource: '/iot/json',
            entity_type: 'EmergencyUnit',
            autoprovision: false,
            explicitAttrs: true,
            deviceAuth: 'secret',
            attributes: [{ object_id: 'speed', name: 'speed', type: 'Number' }],
          },
        ],
      },
    });
    assert.equal(group.statusCode, 201, group.body);
    const devices = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: headers(),
      payload: {
        devices: [
          { device_id: 'unit-a', apikey: KEY },
          { device_id: 'unit-b', apikey: KEY },
        ],
      },
    });
    assert.equal(devices.statusCode, 201, devices.body);
    await issue('unit-a');
    await issue('unit-b');
  });
  after(async () => {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    await app.ingest.stop();
    await app.http.close();
  });

  it('shows the group asks for secrets and the device has one, never the secret itself', async () => {
    const groups = await app.http.inject({ method: 'GET', url: `/iot/services?apikey=${KEY}`, headers: headers() });
    assert.equal(groups.json<{ services: { deviceAuth: string }[] }>().services[0]?.deviceAuth, 'secret');
    const device = await app.http.inject({ method: 'GET', url: '/iot/devices/unit-a', headers: headers() });
    assert.equal(device.json<{ secret: unknown }>().secret, true);
    assert.ok(!device.body.includes(secrets.get('unit-a') ?? '?'), 'the secret is not shown again');
  });

  it('refuses an unknown deviceAuth, changing nothing', async () => {
    const res = await app.http.inject({
      method: 'PUT',
      url: `/iot/services?apikey=${KEY}`,
      headers: headers(),
      payload: { deviceAuth: 'maybe' },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json<{ code: string }>().code, 'IOT_INVALID_PROVISIONING');
    const groups = await app.http.inject({ method: 'GET', url: `/iot/services?apikey=${KEY}`, headers: headers() });
    assert.equal(groups.json<{ services: { deviceAuth: string }[] }>().services[0]?.deviceAuth, 'secret');
  });

  it("over HTTP: unit A's secret cannot move unit B; no secret is refused; B's own is taken", async () => {
    const withA = await postReading('unit-b', 11, secrets.get('unit-a'));
    assert.equal(withA.statusCode, 401, withA.body);
    assert.equal(withA.json<{ code: string }>().code, 'IOT_DEVICE_SECRET');
    const without = await postReading('unit-b', 12);
    assert.equal(without.statusCode, 401, without.body);
    assert.equal(await speedOf('unit-b'), undefined);
    const own = await postReading('unit-b', 13, secrets.get('unit-b'));
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(await speedOf('unit-b'), 13);
    const audited = await refusals('unit-b');
    assert.deepEqual(
      audited.map((r) => [r.why, r.tenant]),
      [
        ['secret_wrong', TENANT],
        ['secret_missing', TENANT],
      ],
    );
  });

  it("over MQTT: a terminal connected with unit A's secret cannot publish for unit B", async () => {
    const b = await speedOf('unit-b');
    const a = await connect('unit-a', secrets.get('unit-a'));
    await a.publishAsync(`/${KEY}/unit-a/attrs`, JSON.stringify({ speed: 21 }), { qos: 1 });
    assert.equal(await speedOf('unit-a'), 21);
    let closed = false;
    a.once('close', () => (closed = true));
    void a.publishAsync(`/${KEY}/unit-b/attrs`, JSON.stringify({ speed: 22 }), { qos: 1 }).catch(() => undefined);
    await until('the broker to hang up on the terminal', () => closed);
    assert.equal(await speedOf('unit-b'), b);
    // Audited as the other refusals are, naming the device whose topic it was and the one that tried.
    await app.audit.flush();
    const { rows } = await ctx.db.query<{ tenant: string; actor_id: string; detail: Record<string, unknown> }>(
      `SELECT tenant, actor_id, detail FROM audit_record
       WHERE action = 'iot.device-credential-refused' AND target = 'unit-b' AND detail->>'why' = 'other_device'`,
    );
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0]?.tenant, TENANT);
    assert.equal(rows[0]?.actor_id, 'unit-a', 'the actor is the device whose secret the connection gave');
    assert.equal(rows[0]?.detail['transport'], 'mqtt');
  });

  it("over MQTT: the group's API key alone is refused at connect, and without credentials nothing is taken", async () => {
    const b = await speedOf('unit-b');
    const earlier = (await refusals('unit-b')).length;
    await assert.rejects(connect('unit-b', KEY), 'the API key is not the secret of unit-b');
    const anonymous = await connect();
    await assert.rejects(
      anonymous.subscribeAsync(`/${KEY}/unit-b/cmd`, { qos: 1 }),
      "unit B's commands are not read without its secret",
    );
    await anonymous.publishAsync(`/${KEY}/unit-b/attrs`, JSON.stringify({ speed: 23 }), { qos: 1 });
    assert.equal(await speedOf('unit-b'), b);
    const audited = (await refusals('unit-b')).slice(earlier).map((r) => r.why);
    assert.deepEqual(audited, ['apikey_only', 'secret_missing']);
  });

  it('a rotated secret is refused (HTTP, MQTT connect, and an open connection); a revoked one too', async () => {
    const old = secrets.get('unit-b') as string;
    const open = await connect('unit-b', old);
    await open.publishAsync(`/${KEY}/unit-b/attrs`, JSON.stringify({ speed: 31 }), { qos: 1 });
    assert.equal(await speedOf('unit-b'), 31);

    let closed = false;
    open.once('close', () => (closed = true));
    const fresh = await issue('unit-b');
    assert.notEqual(fresh, old);
    // The open connection ends without sending anything: a terminal that only listens stops hearing commands.
    await until('the broker to hang up on the old secret', () => closed);
    assert.equal((await postReading('unit-b', 32, old)).statusCode, 401);
    await assert.rejects(connect('unit-b', old), 'the old secret no longer connects');
    assert.equal(await speedOf('unit-b'), 31);

    const renewed = await connect('unit-b', fresh);
    await renewed.publishAsync(`/${KEY}/unit-b/attrs`, JSON.stringify({ speed: 34 }), { qos: 1 });
    assert.equal(await speedOf('unit-b'), 34);

    const revoked = await app.http.inject({ method: 'DELETE', url: '/iot/devices/unit-b/secret', headers: headers() });
    assert.equal(revoked.statusCode, 204, revoked.body);
    assert.equal((await postReading('unit-b', 35, fresh)).statusCode, 401);
    const device = await app.http.inject({ method: 'GET', url: '/iot/devices/unit-b', headers: headers() });
    assert.equal(device.json<{ secret: unknown }>().secret, false);
  });

  it("a secret is issued only for a device of the caller's tenant", async () => {
    const other = await app.http.inject({
      method: 'POST',
      url: '/iot/devices/unit-a/secret',
      headers: { ...admin.auth, 'fiware-service': 'elsewhere', 'fiware-servicepath': '/' },
    });
    assert.equal(other.statusCode, 404, other.body);
    assert.equal((await postReading('unit-a', 41, secrets.get('unit-a'))).statusCode, 200);
  });

  it('issues a secret to a POST that announces JSON and sends no body, or {}, and refuses one that asks anything', async () => {
    const post = (payload: string) =>
      app.http.inject({
        method: 'POST',
        url: '/iot/devices/unit-a/secret',
        headers: { ...headers(), 'content-type': 'application/json' },
        payload,
      });
    for (const payload of ['', '{}']) {
      const res = await post(payload);
      assert.equal(res.statusCode, 201, res.body);
      secrets.set('unit-a', res.json<{ secret: string }>().secret);
    }
    const asking = await post('{"secret":"chosen-by-me"}');
    assert.equal(asking.statusCode, 400, asking.body);
    assert.equal(asking.json<{ code: string }>().code, 'VALIDATION_FAILED');
    assert.equal(
      (await postReading('unit-a', 42, secrets.get('unit-a'))).statusCode,
      200,
      'the last secret issued holds',
    );
  });
});
