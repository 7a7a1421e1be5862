import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { after, before, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { buildApp, type App } from '../app.js';
import { AuthService } from '../platform/auth/index.js';
import { createLogger } from '../platform/logging.js';
import { describeEachDriver, silentLog } from '../../test/support/databases.js';
import { accountWith, testConfig, type Account } from '../../test/support/app.js';

/**
 * Who may do what on the embedded MQTT broker, through real MQTT clients: a platform API key of one
 * tenant acts for that tenant's devices only, a revoked key loses its open connection, a database
 * outage is not reported as bad credentials, and device API keys never reach the log.
 */

const run = process.pid;
const KEY_A = `ka-${run}-secret`;
const KEY_B = `kb-${run}-secret`;
const root = { kind: 'user' as const, id: 'test', name: 'test', roles: ['admin' as const], tenant: '*' };

/** Waits for a condition that follows from messages in flight (no fixed delay). */
async function until(what: string, condition: () => boolean | Promise<boolean>, tries = 1000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describeEachDriver('MQTT access', (ctx) => {
  let app: App;
  let admin: Account;
  let mqttUrl: string;
  const outage = { on: false };
  const logged: string[] = [];

  before(async () => {
    // The database as the app sees it, with an outage that can be switched on.
    const real = ctx.db;
    const db = new Proxy(real, {
      get(target, name) {
        const value: unknown = Reflect.get(target, name, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          outage.on && ['query', 'transaction', 'exec'].includes(String(name))
            ? Promise.reject(new Error('connect ECONNREFUSED (test outage)'))
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    app = await buildApp(testConfig({ MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', IOT_BATCH_WAIT: '2ms' }), {
      db,
      log: createLogger('debug', sink),
    });
    admin = await accountWith(app, ['admin'], '*');
    mqttUrl = await app.ingest.startDevices();
    await app.broker.startWorker();
    await app.ingest.startWorker();
    for (const [tenant, apikey] of [
      ['ta', KEY_A],
      ['tb', KEY_B],
    ] as const) {
      const headers = { ...admin.auth, 'fiware-service': tenant, 'fiware-servicepath': '/' };
      const group = await app.http.inject({
        method: 'POST',
        url: '/iot/services',
        headers,
        payload: {
          services: [
            {
              apikey,
              resource: '/iot/json',
              entity_type: 'AirQualityObserved',
              attributes: [{ object_id: 'p25', name: 'pm25', type: 'Number' }],
            },
          ],
        },
      });
      assert.equal(group.statusCode, 201, group.body);
      const device = await app.http.inject({
        method: 'POST',
        url: '/iot/devices',
        headers,
        payload: {
          devices: [
            { device_id: `${tenant}-dev`, apikey, commands: [{ name: 'reboot', type: 'command' }] },
            { device_id: `${tenant}-spare`, apikey },
          ],
        },
      });
      assert.equal(device.statusCode, 201, device.body);
    }
  });
  after(async () => {
    outage.on = false;
    await app.ingest.stop();
    await app.broker.stopWorker();
    await app.http.close();
  });

  const apiKey = async (tenant: string, roles: ('admin' | 'operator')[] = ['operator']) => {
    const created = await app.auth.createApiKey(root, { name: `gw-${tenant}-${run}`, roles, tenant });
    return { id: created.record.id, key: created.key };
  };
  const connect = (username: string, password: string) =>
    mqtt.connectAsync(mqttUrl, { username, password, reconnectPeriod: 0 });
  const listen = (client: MqttClient) => {
    const received: { topic: string; payload: string }[] = [];
    client.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));
    return received;
  };
  /** Resolves once the broker has closed the connection (fails after a while if it never does). */
  const closedBy = (client: MqttClient) => {
    let closed = false;
    client.once('close', () => (closed = true));
    return (tries?: number) => until('the broker to close the connection', () => closed, tries);
  };
  const pm25 = async (tenant: string, deviceId: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(`urn:ngsi-ld:AirQualityObserved:${deviceId}`)}`,
      headers: { ...admin.auth, 'ngsild-tenant': tenant },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ pm25?: { value: unknown } }>().pm25?.value;
  };
  const sendCommand = async (tenant: string, deviceId: string, value: unknown) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(`urn:ngsi-ld:AirQualityObserved:${deviceId}`)}/attrs`,
      headers: { ...admin.auth, 'ngsild-tenant': tenant, 'content-type': 'application/json' },
      payload: { reboot: { type: 'Property', value } },
    });
    assert.equal(res.statusCode, 204, res.body);
  };

  it("gives a tenant's key only its tenant's measures and commands, even subscribed to #", async () => {
    const { key } = await apiKey('ta');
    const everything = await connect('ops', (await apiKey('*', ['admin'])).key);
    const gateway = await connect('gw', key);
    const deviceA = await connect('ta-dev', KEY_A);
    const deviceB = await connect('tb-dev', KEY_B);
    try {
      const seenByAll = listen(everything);
      const seenByGateway = listen(gateway);
      await everything.subscribeAsync('#', { qos: 1 });
      await gateway.subscribeAsync('#', { qos: 1 });
      await gateway.subscribeAsync('+/+/+/#', { qos: 1 });
      await assert.rejects(gateway.subscribeAsync(`/${KEY_B}/+/cmd`, { qos: 1 }), /Subscribe error/);
      await assert.rejects(gateway.subscribeAsync(`/${KEY_B}/tb-dev/attrs`, { qos: 1 }), /Subscribe error/);
      await deviceB.subscribeAsync(`/${KEY_B}/tb-dev/cmd`, { qos: 1 });

      // Tenant tb's traffic: a measure and a command. The admin key of every tenant sees both.
      await deviceB.publishAsync(`/${KEY_B}/tb-dev/attrs`, JSON.stringify({ p25: 61 }), { qos: 1 });
      await sendCommand('tb', 'tb-dev', { delay: 61 });
      await until("tb's measure and command at the admin key", () =>
        ['attrs', 'cmd'].every((kind) => seenByAll.some((m) => m.topic === `/${KEY_B}/tb-dev/${kind}`)),
      );
      // Then tenant ta's: the gateway of ta sees them, and nothing of tb came before.
      await deviceA.publishAsync(`/${KEY_A}/ta-dev/attrs`, JSON.stringify({ p25: 12 }), { qos: 1 });
      await sendCommand('ta', 'ta-dev', { delay: 12 });
      await until("ta's measure and command at ta's gateway", () =>
        ['attrs', 'cmd'].every((kind) => seenByGateway.some((m) => m.topic === `/${KEY_A}/ta-dev/${kind}`)),
      );
      assert.deepEqual(
        seenByGateway.filter((m) => m.topic.includes(KEY_B) || m.topic.startsWith('$')),
        [],
        "no message of tenant tb (nor the broker's own) reached ta's key",
      );
      assert.ok(
        seenByGateway.every((m) => m.topic.includes(KEY_A)),
        'seenByGateway.every((m) => m.topic.includes(KEY_A))',
      );
    } finally {
      await Promise.all([everything, gateway, deviceA, deviceB].map((c) => c.endAsync()));
    }
  });

  it(
    "gives mosquitto_sub -t '#' with a tenant's key nothing of another tenant",
    {
      skip: existsSync('/usr/bin/mosquitto_sub')
        ? undefined
        : (process.env['THANGLONG_TEST_SKIP_MQTT'] ?? 'mosquitto_sub is not installed'),
    },
    async () => {
      const { key } = await apiKey('ta');
      const watcher = await connect('ops', (await apiKey('*', ['admin'])).key);
      const deviceA = await connect('ta-dev', KEY_A);
      const deviceB = await connect('tb-dev', KEY_B);
      try {
        const subscribes = listen(watcher);
        await watcher.subscribeAsync('$SYS/+/new/subscribes', { qos: 0 });
        const clientId = `sub-${run}`;
        // Asynchronously: the broker answering it runs in this very process. It prints the first message it gets.
        const printed = new Promise<string>((resolve, reject) => {
          execFile(
            '/usr/bin/mosquitto_sub',
            [
              '-h',
              '127.0.0.1',
              '-p',
              new URL(mqttUrl).port,
              '-i',
              clientId,
              '-u',
              'gw',
              '-P',
              key,
              '-t',
              '#',
              '-v',
              '-C',
              '1',
            ],
            { timeout: 60_000 },
            (err, out) => (err ? reject(new Error(`mosquitto_sub failed: ${err.message}`)) : resolve(out)),
          );
        });
        await until('mosquitto_sub to subscribe', () => subscribes.some((m) => m.payload.includes(clientId)));
        await deviceB.publishAsync(`/${KEY_B}/tb-dev/attrs`, JSON.stringify({ p25: 62 }), { qos: 1 });
        await deviceA.publishAsync(`/${KEY_A}/ta-dev/attrs`, JSON.stringify({ p25: 13 }), { qos: 1 });
        assert.equal((await printed).trim(), `/${KEY_A}/ta-dev/attrs {"p25":13}`);
      } finally {
        await Promise.all([watcher, deviceA, deviceB].map((c) => c.endAsync()));
      }
    },
  );

  it("refuses a tenant's key publishing measures or commands for another tenant's devices", async () => {
    const { key } = await apiKey('ta');
    const deviceB = await connect('tb-dev', KEY_B);
    const deviceA = await connect('ta-dev', KEY_A);
    try {
      const commandsOfB = listen(deviceB);
      const commandsOfA = listen(deviceA);
      await deviceB.subscribeAsync(`/${KEY_B}/tb-dev/cmd`, { qos: 1 });
      await deviceA.subscribeAsync(`/${KEY_A}/ta-dev/cmd`, { qos: 1 });
      const before = await pm25('tb', 'tb-dev');

      for (const [topic, payload] of [
        [`/${KEY_B}/tb-dev/attrs`, JSON.stringify({ p25: 999 })],
        [`/${KEY_B}/tb-spare/attrs/p25`, '998'],
        [`/${KEY_B}/tb-dev/cmd`, JSON.stringify({ reboot: { forged: true } })],
        ['city/anything', 'relayed across tenants'],
      ] as const) {
        const gateway = await connect('gw', key);
        const closed = closedBy(gateway);
        gateway.publish(topic, payload, { qos: 1 });
        await closed();
        gateway.end(true);
      }
      assert.equal(await pm25('tb', 'tb-dev'), before, 'nothing was written for the device of tb');
      const spare = await app.http.inject({
        method: 'GET',
        url: `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:AirQualityObserved:tb-spare')}`,
        headers: { ...admin.auth, 'ngsild-tenant': 'tb' },
      });
      assert.equal(spare.json<{ pm25?: unknown }>().pm25, undefined);

      // Inside its own tenant the key still acts: a measure is stored. Commands are the centre's alone.
      const gateway = await connect('gw', key);
      try {
        await gateway.publishAsync(`/${KEY_A}/ta-spare/attrs`, JSON.stringify({ p25: 23.5 }), { qos: 1 });
        assert.equal(await pm25('ta', 'ta-spare'), 23.5);
        const closed = closedBy(gateway);
        gateway.publish(`/${KEY_A}/ta-dev/cmd`, JSON.stringify({ reboot: { by: 'gateway' } }), { qos: 1 });
        await closed();
      } finally {
        gateway.end(true);
      }
      await sendCommand('ta', 'ta-dev', { delay: 8 });
      await until('the command of ta at its device', () => commandsOfA.length > 0);
      assert.deepEqual(JSON.parse(commandsOfA[0]?.payload as string), { reboot: { delay: 8 } });
      // The first command tb's device ever reads is a real one: the forged one never reached it.
      await sendCommand('tb', 'tb-dev', { delay: 7 });
      await until('the command of tb at its device', () => commandsOfB.length > 0);
      assert.deepEqual(JSON.parse(commandsOfB[0]?.payload as string), { reboot: { delay: 7 } });
    } finally {
      await Promise.all([deviceA, deviceB].map((c) => c.endAsync()));
    }
  });

  it("lets only a key with emergency:write speak for a unit's terminal, marked as an account's, never its cmd", async () => {
    const unitKey = `ku-${run}-secret`;
    const headers = { ...admin.auth, 'fiware-service': 'ta', 'fiware-servicepath': '/' };
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers,
      payload: {
        services: [{ apikey: unitKey, resource: '/iot/json', entity_type: 'EmergencyUnit', deviceAuth: 'secret' }],
      },
    });
    assert.equal(group.statusCode, 201, group.body);
    const device = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers,
      payload: { devices: [{ device_id: 'u2', apikey: unitKey, entity_name: 'urn:ngsi-ld:EmergencyUnit:U2' }] },
    });
    assert.equal(device.statusCode, 201, device.body);
    const unit = async () => {
      const res = await app.http.inject({
        method: 'GET',
        url: `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:EmergencyUnit:U2')}`,
        headers: { ...admin.auth, 'ngsild-tenant': 'ta' },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ status?: { value: unknown; reportedBy?: { value: Record<string, unknown> } } }>();
    };
    const report = JSON.stringify({ status: 'out_of_service', gps: '21.05,105.87' });

    // An operator's key (iot:write, not emergency:write): refused, audited, nothing written.
    const operator = await apiKey('ta');
    const gateway = await connect('gw', operator.key);
    const closed = closedBy(gateway);
    gateway.publish(`/${unitKey}/u2/attrs`, report, { qos: 1 });
    await closed();
    gateway.end(true);
    assert.equal((await unit()).status, undefined, "the operator's report was not written");
    await app.audit.flush();
    const { rows } = await ctx.db.query<{ actor_id: string; outcome: number }>(
      `SELECT actor_id, outcome FROM audit_record
       WHERE action = 'iot.device-credential-refused' AND target = 'u2' AND detail->>'why' = 'account_not_permitted'`,
    );
    assert.deepEqual(rows, [{ actor_id: operator.id, outcome: 403 }]);

    // No key sends the terminal an assignment: its cmd topic is the centre's, even for an administrator.
    const terminal = await connect('u2', await app.ingest.provisioning.issueDeviceSecret('ta', '/', 'u2'));
    const commands = listen(terminal);
    await terminal.subscribeAsync(`/${unitKey}/u2/cmd`, { qos: 1 });
    const chiefKey = await apiKey('ta', ['admin']);
    const chief = await connect('gw', chiefKey.key);
    const hungUp = closedBy(chief);
    chief.publish(`/${unitKey}/u2/cmd`, JSON.stringify({ assignment: { incident: 'forged' } }), { qos: 1 });
    await hungUp();
    chief.end(true);
    // And the try is in the audit trail, in the key's name.
    await app.audit.flush();
    const forged = await ctx.db.query<{ actor_id: string; outcome: number }>(
      `SELECT actor_id, outcome FROM audit_record
       WHERE action = 'iot.device-credential-refused' AND target = 'u2' AND detail->>'why' = 'centre_topic'`,
    );
    assert.deepEqual(forged.rows, [{ actor_id: chiefKey.id, outcome: 403 }]);

    // A key with emergency:write is taken, marked as the account's: never the terminal's own secret.
    const admin2 = await connect('gw', (await apiKey('ta', ['admin'])).key);
    await admin2.publishAsync(`/${unitKey}/u2/attrs`, report, { qos: 1 });
    await admin2.endAsync();
    const status = (await unit()).status;
    assert.equal(status?.value, 'out_of_service');
    assert.equal(status?.reportedBy?.value['deviceAuth'], 'account');
    await terminal.endAsync();
    assert.deepEqual(commands, [], 'the forged assignment never reached the terminal');
  });

  it('closes the connection of a key revoked while connected, and refuses it afterwards', async () => {
    const { id, key } = await apiKey('ta');
    const gateway = await connect('gw', key);
    const closed = closedBy(gateway);
    await gateway.subscribeAsync(`/${KEY_A}/+/attrs`, { qos: 1 });
    const revoke = await app.http.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: admin.auth });
    assert.ok(revoke.statusCode < 300, revoke.body);
    await closed();
    gateway.end(true);
    await assert.rejects(connect('gw', key), (err: { code?: number }) => err.code === 4);
  });

  it('closes the connection of a key revoked by another instance, which it hears nothing from', async () => {
    const { id, key } = await apiKey('ta');
    const gateway = await connect('gw', key);
    const closed = closedBy(gateway);
    await gateway.subscribeAsync('#', { qos: 1 });
    // Another instance (the api role) on the same database revokes the key.
    const otherInstance = new AuthService(ctx.db, testConfig().auth, silentLog, app.personalData);
    await otherInstance.start();
    await otherInstance.revokeApiKey(root, id);
    // The broker checks its connections' keys in rounds; a verified key is trusted a few seconds.
    await closed(4000);
    gateway.end(true);
    await assert.rejects(connect('gw', key), (err: { code?: number }) => err.code === 4);
  });

  it('answers "server unavailable", not "bad credentials", while the database is down', async () => {
    const { key } = await apiKey('ta');
    const provisioned = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: { ...admin.auth, 'fiware-service': 'ta', 'fiware-servicepath': '/' },
      payload: { devices: [{ device_id: 'ta-new', apikey: KEY_A }] },
    });
    assert.equal(provisioned.statusCode, 201, provisioned.body);
    outage.on = true;
    try {
      // Credentials this instance has not checked before: they need the database.
      await assert.rejects(connect('ta-new', KEY_A), (err: { code?: number }) => err.code === 3);
      await assert.rejects(connect('gw', key), (err: { code?: number }) => err.code === 3);
    } finally {
      outage.on = false;
    }
    assert.ok(
      logged.some((line) => line.includes('credentials cannot be checked now')),
      "logged.some((line) => line.includes('credentials cannot be checked now'))",
    );
    // Back up: the same credentials are good.
    await (await connect('ta-new', KEY_A)).endAsync();
    await (await connect('gw', key)).endAsync();
    // Wrong ones are still wrong.
    await assert.rejects(connect('ta-new', 'not-the-key'), (err: { code?: number }) => err.code === 4);
  });

  it('never writes a device API key or a platform key to the log', async () => {
    const { key } = await apiKey('ta');
    const http = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${KEY_A}&i=ta-dev`,
      headers: { 'content-type': 'application/json' },
      payload: { p25: 30 },
    });
    assert.equal(http.statusCode, 200, http.body);
    const unknown = await app.http.inject({
      method: 'POST',
      url: `/iot/json?i=nobody&k=${KEY_B}x`,
      headers: { 'content-type': 'application/json' },
      payload: { p25: 30 },
    });
    assert.equal(unknown.statusCode, 401, unknown.body);
    const listed = await app.http.inject({
      method: 'GET',
      url: `/iot/services?apikey=${KEY_A}`,
      headers: { ...admin.auth, 'x-api-key': key, 'fiware-service': 'ta' },
    });
    assert.equal(listed.statusCode, 200, listed.body);
    // A device subscribing to another device's topic, and publishing on one: both are logged.
    const device = await connect('ta-dev', KEY_A);
    await assert.rejects(device.subscribeAsync(`/${KEY_A}/ta-spare/cmd`), /Subscribe error/);
    const closed = closedBy(device);
    device.publish(`/${KEY_A}/ta-spare/attrs`, '{"p25": 1}', { qos: 1 });
    await closed();
    device.end(true);
    // As the simulator logs a device the server refused.
    app.http.log.warn({ deviceId: 'ta-dev', apikey: KEY_A }, 'refused');

    const log = logged.join('');
    assert.match(log, /"url":"\/iot\/json\?k=\[redacted\]&i=ta-dev"/);
    assert.match(log, /"url":"\/iot\/json\?i=nobody&k=\[redacted\]"/);
    assert.match(log, /"topic":"\/\[redacted\]\/ta-spare\/cmd"/);
    assert.match(log, /"apikey":"\[redacted\]"/);
    for (const secret of [KEY_A, KEY_B, key]) assert.ok(!log.includes(secret), `${secret} is in the log`);
  });
});
