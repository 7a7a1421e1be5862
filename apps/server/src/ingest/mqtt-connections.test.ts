import assert from 'node:assert/strict';
import { connect as openSocket, type Socket } from 'node:net';
import { after, before, it } from 'node:test';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { buildApp, type App } from '../app.js';
import { describeEachDriver, silentLog } from '../../test/support/databases.js';
import { accountWith, testConfig } from '../../test/support/app.js';

/**
 * The embedded broker's sockets, through real TCP connections: a device that hangs up while its
 * credentials wait for a stalled database, or never sends CONNECT, leaves no socket behind (the
 * broker closes its side too), credentials are checked a few at a time, and after such a storm the
 * broker still answers a fresh CONNECT.
 */

const run = process.pid;
const APIKEY = `conn-${run}-key`;
const DEVICE = `conn-${run}-dev`;
const STORM = 60;

/** Waits for a condition that follows from traffic in flight (no fixed delay). */
async function until(what: string, condition: () => boolean, tries = 1500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describeEachDriver('MQTT connections', (ctx) => {
  let app: App;
  let port: number;
  /** While set, every database call waits for it to be released: a database too busy to answer. */
  let stall: { release: () => void; calls: number; done: Promise<void> } | undefined;

  before(async () => {
    const real = ctx.db;
    const db = new Proxy(real, {
      get(target, name) {
        const value: unknown = Reflect.get(target, name, target);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (stall && ['query', 'transaction', 'exec'].includes(String(name))) {
            stall.calls++;
            await stall.done;
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    app = await buildApp(
      testConfig({
        MQTT_PORT: '0',
        MQTT_HOST: '127.0.0.1',
        MQTT_DEVICE_AUTH: 'credentials',
        MQTT_CONNECT_TIMEOUT: '1s',
      }),
      { db, log: silentLog },
    );
    const admin = await accountWith(app, ['admin'], '*');
    port = Number(new URL(await app.ingest.startDevices()).port);
    const headers = { ...admin.auth, 'fiware-service': 'conn', 'fiware-servicepath': '/' };
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers,
      payload: { services: [{ apikey: APIKEY, resource: '/iot/json', entity_type: 'Thing' }] },
    });
    assert.equal(group.statusCode, 201, group.body);
    const device = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers,
      payload: { devices: [{ device_id: DEVICE, apikey: APIKEY }] },
    });
    assert.equal(device.statusCode, 201, device.body);
  });
  after(async () => {
    stall?.release();
    await app.ingest.stop();
    await app.http.close();
  });

  /** A raw connection that sends `bytes` once open; hangUp() ends its side, and closedByBroker tells when the broker ended its own. */
  const rawConnection = (bytes: Buffer) => {
    const state = { sent: false, closedByBroker: false, hangUp: () => socket.end() };
    const socket: Socket = openSocket({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => undefined);
    socket.on('end', () => {
      state.closedByBroker = true;
      socket.destroy();
    });
    socket.on('close', () => (state.closedByBroker = true));
    socket.once('connect', () => socket.write(bytes, () => (state.sent = true)));
    return state;
  };
  const connectPacket = (password: string) =>
    mqttPacket.generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      clientId: `storm-${Math.random().toString(36).slice(2)}`,
      keepalive: 60,
      username: DEVICE,
      password: Buffer.from(password),
    });
  const freshConnect = async () => {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      username: DEVICE,
      password: APIKEY,
      reconnectPeriod: 0,
      connectTimeout: 15_000,
    });
    assert.ok(client.connected, 'the broker answered CONNECT');
    await client.endAsync();
  };

  it('closes every connection whose device hung up while its credentials waited, and checks few at once', async () => {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    stall = { release, calls: 0, done };
    try {
      const storm = Array.from({ length: STORM }, (_, i) =>
        rawConnection(connectPacket(i % 2 ? APIKEY : 'wrong-password')),
      );
      // Every CONNECT is in, and credentials are being checked: then every device hangs up.
      await until(
        'every CONNECT to be sent',
        () => storm.every((s) => s.sent) && stall !== undefined && stall.calls > 0,
      );
      for (const s of storm) s.hangUp();
      await until('the broker to close every abandoned connection', () => storm.every((s) => s.closedByBroker));
      // Each credentials check is database work: a storm does not start one per connection.
      assert.ok(stall.calls < STORM, `${stall.calls} database calls for ${STORM} connections`);
    } finally {
      stall = undefined;
      release();
    }
    await freshConnect();
  });

  it('closes connections that never send CONNECT, or send half of one', async () => {
    const silent = Array.from({ length: 20 }, () => {
      const state = { closedByBroker: false };
      const socket = openSocket({ port, host: '127.0.0.1' });
      socket.on('error', () => undefined);
      socket.on('close', () => (state.closedByBroker = true));
      return state;
    });
    const partial = Array.from({ length: 20 }, () => {
      const state = { closedByBroker: false };
      const socket = openSocket({ port, host: '127.0.0.1' });
      socket.on('error', () => undefined);
      socket.on('close', () => (state.closedByBroker = true));
      socket.once('connect', () => socket.write(connectPacket(APIKEY).subarray(0, 10)));
      return state;
    });
    await until('the broker to close every silent connection', () =>
      [...silent, ...partial].every((s) => s.closedByBroker),
    );
    await freshConnect();
  });

  it('answers a fresh CONNECT after a storm of connections that vanish at once', async () => {
    const storm = Array.from({ length: STORM }, () => {
      const socket = openSocket({ port, host: '127.0.0.1' });
      socket.on('error', () => undefined);
      socket.once('connect', () => socket.destroy());
      return socket;
    });
    await until('every vanishing connection to be gone', () => storm.every((s) => s.destroyed));
    await freshConnect();
  });
});
