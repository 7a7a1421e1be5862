import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import mqtt from 'mqtt';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../test/support/app.js';

/**
 * Hostile device input: one device's unstorable text, deep JSON or impossible timestamp is refused to
 * that device alone, and a value the database itself refuses costs only the message carrying it.
 * Everybody else's measures, in the same batch and in other tenants, are stored and acknowledged.
 */

const AIR = { service: 'hanoi_air', apikey: 'k-input-air' };
const NOISE = { service: 'hanoi_noise', apikey: 'k-input-noise' };
type Tenant = typeof AIR;

let seq = 0;
const nextDevice = () => `in-${process.pid}-${++seq}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A guard so that a message never acknowledged fails the test instead of hanging it. */
const settled = <T>(promise: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    promise,
    sleep(10_000).then(() => {
      throw new Error(`${what}: no answer`);
    }),
  ]);

describeEachDriver('Hostile device input', (ctx) => {
  let app: App;
  let admin: Account;
  let mqttUrl: string;

  before(async () => {
    app = await buildTestApp(ctx.db, {
      MQTT_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      // Long enough that concurrent messages share batches.
      IOT_BATCH_WAIT: '20ms',
      IOT_MAX_PAYLOAD: '256kb',
    });
    admin = await accountWith(app, ['admin'], '*');
    mqttUrl = await app.ingest.startDevices();
    for (const t of [AIR, NOISE]) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/iot/services',
        headers: { ...admin.auth, 'fiware-service': t.service, 'fiware-servicepath': '/' },
        payload: {
          services: [
            {
              apikey: t.apikey,
              resource: '/iot/json',
              entity_type: 'AirQualityObserved',
              autoprovision: false,
              attributes: [
                { object_id: 'p25', name: 'pm25', type: 'Number' },
                { object_id: 'cal', name: 'calibratedAt', type: 'DateTime' },
              ],
            },
          ],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(async () => {
    await app.ingest.stop();
    await app.http.close();
  });

  const provision = async (t: Tenant, deviceId = nextDevice()) => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: { ...admin.auth, 'fiware-service': t.service, 'fiware-servicepath': '/' },
      payload: { devices: [{ device_id: deviceId, apikey: t.apikey, entity_type: 'AirQualityObserved' }] },
    });
    assert.equal(res.statusCode, 201, res.body);
    return deviceId;
  };
  const entityId = (deviceId: string) => `urn:ngsi-ld:AirQualityObserved:${deviceId}`;
  const entity = async (t: Tenant, deviceId: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(entityId(deviceId))}`,
      headers: { ...admin.auth, 'ngsild-tenant': t.service },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, { value?: unknown; observedAt?: string }>>();
  };
  const history = async (t: Tenant, deviceId: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(entityId(deviceId))}?attrs=pm25&options=temporalValues&timerel=after&timeAt=2000-01-01T00:00:00Z&lastN=1000`,
      headers: { ...admin.auth, 'ngsild-tenant': t.service },
    });
    // An entity with no pm25 history at all is a 404 (the attribute asked for matches nothing).
    if (res.statusCode === 404) return [];
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Record<string, { values?: [unknown, string][] }>>();
    return (body['pm25']?.values ?? []).map(([v]) => v as number).sort((a, b) => a - b);
  };
  const southbound = (t: Tenant, deviceId: string, payload: string | Buffer, path = '/iot/json') =>
    app.http.inject({
      method: 'POST',
      url: `${path}?k=${encodeURIComponent(t.apikey)}&i=${encodeURIComponent(deviceId)}`,
      headers: { 'content-type': path === '/iot/d' ? 'text/plain' : 'application/json' },
      payload,
    });
  const rejectedMetric = async (transport: string, reason: string) => {
    const text = (await app.http.inject({ method: 'GET', url: '/metrics', headers: admin.auth })).body;
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('thanglong_iot_rejected_total{') &&
          l.includes(`reason="${reason}"`) &&
          l.includes(`transport="${transport}"`),
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  /** An MQTT device connected with its credentials, collecting what it is told on its errors topic. */
  const mqttDevice = async (t: Tenant, deviceId: string) => {
    const client = await mqtt.connectAsync(mqttUrl, { username: deviceId, password: t.apikey, reconnectPeriod: 0 });
    const errors: { reason: string; detail: string }[] = [];
    let closed = false;
    client.on('close', () => (closed = true));
    client.on('message', (_topic, payload) => errors.push(JSON.parse(payload.toString()) as (typeof errors)[number]));
    await client.subscribeAsync(`/${t.apikey}/${deviceId}/errors`, { qos: 0 });
    return {
      client,
      errors,
      /** Hangs up, even on a connection the broker already closed. */
      hangUp: () => settled(client.endAsync(true), 'hang up').catch(() => undefined),
      closed: () => closed,
      /** Resolves on the PUBACK. */
      publish: (payload: string | Buffer, topic = `/${t.apikey}/${deviceId}/attrs`) =>
        settled(client.publishAsync(topic, payload, { qos: 1 }), 'PUBACK'),
      async errorsArrived(n: number) {
        for (let i = 0; i < 500 && errors.length < n; i++) await sleep(20);
        return errors;
      },
    };
  };

  it('stores and acknowledges every good reading while poisoned text in the same batches is refused to its sender only', async () => {
    const airDevices = [await provision(AIR), await provision(AIR), await provision(AIR), await provision(AIR)];
    const noiseDevices = [
      await provision(NOISE),
      await provision(NOISE),
      await provision(NOISE),
      await provision(NOISE),
    ];
    const poisoner = await provision(AIR);
    const mqttHealthy = await provision(NOISE);
    const mqttPoisoner = await provision(AIR);
    const healthy = await mqttDevice(NOISE, mqttHealthy);
    const hostile = await mqttDevice(AIR, mqttPoisoner);
    try {
      // 200 good readings from 8 devices in two tenants, and the poison, all at once.
      const good: { t: Tenant; deviceId: string; value: number }[] = [];
      for (let i = 0; i < 200; i++) {
        const all = [...airDevices.map((d) => [AIR, d] as const), ...noiseDevices.map((d) => [NOISE, d] as const)];
        const [t, deviceId] = all[i % all.length] as readonly [Tenant, string];
        good.push({ t, deviceId, value: i });
      }
      const poison: { payload: string | Buffer; path?: string }[] = [
        { payload: '{"p25": 1, "note": "a\\u0000b"}' },
        { payload: '{"p25": 2, "note": "\\ud800"}' },
        { payload: '{"p25": 3, "note": "\\udc00 trailing half"}' },
        { payload: '{"p25": 4, "data": {"\\u0000": 1}}' },
        { payload: '[{"p25": 5}, {"p25": 6, "tags": ["ok", "x\\u0000"]}]' },
        { payload: Buffer.from('p25|7|note|a\u0000b'), path: '/iot/d' },
        { payload: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
      ];
      const goodHttp = good.map(({ t, deviceId, value }) => southbound(t, deviceId, JSON.stringify({ p25: value })));
      const poisonedHttp = poison.map(({ payload, path }) => southbound(AIR, poisoner, payload, path));
      const goodMqtt = Array.from({ length: 20 }, (_, i) => healthy.publish(JSON.stringify({ p25: 1000 + i })));
      const poisonedMqtt = [
        hostile.publish('{"p25": 9, "note": "\\u0000"}'),
        hostile.publish('{"p25": 9, "note": "\\ud83d"}'),
        hostile.publish(Buffer.from('p25|9|note|\u0000'), `/ul/${AIR.apikey}/${mqttPoisoner}/attrs`),
      ];
      const [goodAnswers, poisonAnswers] = await Promise.all([Promise.all(goodHttp), Promise.all(poisonedHttp)]);
      // Every MQTT message is acknowledged: the good ones once stored, the poisoned ones once judged.
      await Promise.all([...goodMqtt, ...poisonedMqtt]);

      for (const res of goodAnswers) assert.equal(res.statusCode, 200, res.body);
      for (const res of poisonAnswers) {
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(problemOf(res)['reason'], 'invalid_text', res.body);
        assert.match(problemOf(res).detail, /NUL|surrogate|UTF-8/);
      }
      for (const d of [...airDevices, ...noiseDevices]) {
        const t = airDevices.includes(d) ? AIR : NOISE;
        const mine = good.filter((g) => g.deviceId === d).map((g) => g.value);
        assert.deepEqual(await history(t, d), mine, `every good reading of ${d} is stored`);
      }
      assert.deepEqual(
        await history(NOISE, mqttHealthy),
        Array.from({ length: 20 }, (_, i) => 1000 + i),
      );
      assert.equal(healthy.closed(), false, 'the healthy MQTT device stays connected');
      assert.deepEqual(healthy.errors, [], 'the healthy MQTT device is told nothing');
      const told = await hostile.errorsArrived(3);
      assert.deepEqual(
        told.map((e) => e.reason),
        ['invalid_text', 'invalid_text', 'invalid_text'],
      );
      assert.equal(hostile.closed(), false, 'a refused message is acknowledged, not a reason to hang up');
      // Nothing of the poisoned messages was written.
      assert.deepEqual(await history(AIR, poisoner), []);
      assert.deepEqual(await history(AIR, mqttPoisoner), []);
    } finally {
      await healthy.hangUp();
      await hostile.hangUp();
    }
  });

  it('refuses a device id or API key holding a NUL with a 4xx, never a 500', async () => {
    for (const query of ['k=k-input-air&i=bad%00id', 'k=k%00input&i=x', 'k=k-input-air&i=%ED%A0%80']) {
      const res = await app.http.inject({
        method: 'POST',
        url: `/iot/json?${query}`,
        headers: { 'content-type': 'application/json' },
        payload: '{"p25": 1}',
      });
      assert.ok(res.statusCode === 400 || res.statusCode === 404, `${query}: ${res.statusCode} ${res.body}`);
      assert.ok(
        ['invalid_payload', 'invalid_text', 'unknown_device'].includes(problemOf(res)['reason'] as string),
        "['invalid_payload', 'invalid_text', 'unknown_device'].includes(problemOf(res)['reason'] as string)",
      );
    }
  });

  it('isolates a reading the database refuses, which no check foresaw, and stores the rest of its batch', async () => {
    // A rule only the database knows: the device input checks cannot foresee it.
    await ctx.db.exec(
      `ALTER TABLE ngsi_attr_instance ADD CONSTRAINT input_test_refused CHECK (num IS DISTINCT FROM 666.25)`,
    );
    try {
      const devices = [await provision(AIR), await provision(NOISE), await provision(AIR)];
      const tenantOf = (i: number) => (i % devices.length === 1 ? NOISE : AIR);
      const sends = Array.from({ length: 60 }, (_, i) => ({
        t: tenantOf(i),
        deviceId: devices[i % devices.length] as string,
        value: i % 20 === 7 ? 666.25 : i,
      }));
      const answers = await Promise.all(
        sends.map((s) => southbound(s.t, s.deviceId, JSON.stringify({ p25: s.value }))),
      );
      sends.forEach((s, i) => {
        const res = answers[i] as (typeof answers)[number];
        if (s.value === 666.25) {
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(problemOf(res)['reason'], 'not_storable');
          assert.match(problemOf(res).detail, /SQLSTATE 23514/);
        } else assert.equal(res.statusCode, 200, res.body);
      });
      for (const [i, d] of devices.entries()) {
        const expected = sends.filter((s) => s.deviceId === d && s.value !== 666.25).map((s) => s.value);
        assert.deepEqual(await history(tenantOf(i), d), expected);
      }

      // Over MQTT the refused message is acknowledged and explained; the device stays connected.
      const deviceId = await provision(AIR);
      const device = await mqttDevice(AIR, deviceId);
      try {
        await device.publish(JSON.stringify({ p25: 666.25 }));
        await device.publish(JSON.stringify({ p25: 12 }));
        const told = await device.errorsArrived(1);
        assert.equal(told[0]?.reason, 'not_storable');
        assert.equal((await entity(AIR, deviceId))['pm25']?.value, 12);
        assert.equal(device.closed(), false);
      } finally {
        await device.hangUp();
      }
    } finally {
      await ctx.db.exec(`ALTER TABLE ngsi_attr_instance DROP CONSTRAINT input_test_refused`);
    }
  });

  it('does not blame a device for a lost database connection: its message is not acknowledged', async () => {
    await ctx.db.exec(`
      CREATE FUNCTION input_test_lost() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.num = 777.5 THEN RAISE EXCEPTION 'connection lost' USING ERRCODE = 'connection_failure'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER input_test_lost BEFORE INSERT ON ngsi_attr_instance
        FOR EACH ROW EXECUTE FUNCTION input_test_lost();`);
    try {
      const deviceId = await provision(AIR);
      const res = await southbound(AIR, deviceId, JSON.stringify({ p25: 777.5 }));
      assert.ok(res.statusCode >= 500, `${res.statusCode} ${res.body}`);
      assert.notEqual(problemOf(res)['reason'], 'not_storable');
    } finally {
      await ctx.db.exec(`DROP TRIGGER input_test_lost ON ngsi_attr_instance; DROP FUNCTION input_test_lost();`);
    }
  });

  it('refuses JSON nested deeper than 32 levels: 400 over HTTP; over MQTT explained, counted and acknowledged', async () => {
    const deviceId = await provision(AIR);
    const deep = `{"p25": 1, "deep": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const res = await southbound(AIR, deviceId, deep);
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(problemOf(res)['reason'], 'too_deep');
    // 32 levels, counting the payload's own object, are fine.
    const ok = `{"p25": 2, "nested": ${'['.repeat(31)}${']'.repeat(31)}}`;
    assert.equal((await southbound(AIR, deviceId, ok)).statusCode, 200);
    assert.equal(
      (await southbound(AIR, deviceId, `{"p25": 2, "n": ${'['.repeat(32)}${']'.repeat(32)}}`)).statusCode,
      400,
    );

    const before = await rejectedMetric('mqtt', 'too_deep');
    const device = await mqttDevice(AIR, deviceId);
    try {
      await device.publish(deep);
      await device.publish(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, `/${AIR.apikey}/${deviceId}/attrs/p25`);
      await device.publish(JSON.stringify({ p25: 3 }));
      const told = await device.errorsArrived(2);
      assert.deepEqual(
        told.map((e) => e.reason),
        ['too_deep', 'too_deep'],
      );
      assert.equal(device.closed(), false);
      assert.equal(await rejectedMetric('mqtt', 'too_deep'), before + 2);
      assert.equal((await entity(AIR, deviceId))['pm25']?.value, 3);
    } finally {
      await device.hangUp();
    }
  });

  it('reads device timestamps and numbers strictly: real dates in 1970..9999 with a zone, decimal numbers', async () => {
    const deviceId = await provision(AIR);
    const refused: [string, string, string][] = [
      [JSON.stringify({ p25: 1, TimeInstant: '2026-02-30T00:00:00Z' }), '/iot/json', 'invalid_timestamp'],
      [JSON.stringify({ p25: 1, TimeInstant: '2025-02-29T12:00:00Z' }), '/iot/json', 'invalid_timestamp'],
      [JSON.stringify({ p25: 1, TimeInstant: '0001-01-01T00:00:00Z' }), '/iot/json', 'invalid_timestamp'],
      [JSON.stringify({ p25: 1, TimeInstant: '1969-12-31T23:59:59Z' }), '/iot/json', 'invalid_timestamp'],
      [JSON.stringify({ p25: 1, TimeInstant: '2026-01-01T24:00:00Z' }), '/iot/json', 'invalid_timestamp'],
      [JSON.stringify({ p25: 1, TimeInstant: '2026-01-01T10:00:60Z' }), '/iot/json', 'invalid_timestamp'],
      [JSON.stringify({ p25: 1, TimeInstant: '2026-01-01T10:00:00' }), '/iot/json', 'invalid_timestamp'],
      [JSON.stringify({ p25: 1, TimeInstant: '2026-01-01T10:00:00+25:00' }), '/iot/json', 'invalid_timestamp'],
      ['t|2026-02-30T00:00:00Z|p25|1', '/iot/d', 'invalid_timestamp'],
      [JSON.stringify({ p25: '0x10' }), '/iot/json', 'wrong_type'],
      [JSON.stringify({ p25: 'Infinity' }), '/iot/json', 'wrong_type'],
      [JSON.stringify({ p25: '' }), '/iot/json', 'wrong_type'],
      [JSON.stringify({ p25: '1e999' }), '/iot/json', 'not_finite'],
      ['p25|0x10', '/iot/d', 'wrong_type'],
      ['p25|Infinity', '/iot/d', 'wrong_type'],
      [JSON.stringify({ p25: 1, cal: '2026-02-30T00:00:00Z' }), '/iot/json', 'wrong_type'],
      [JSON.stringify({ p25: 1, cal: '0001-01-01T00:00:00Z' }), '/iot/json', 'wrong_type'],
    ];
    for (const [payload, path, reason] of refused) {
      const res = await southbound(AIR, deviceId, payload, path);
      assert.equal(res.statusCode, 400, `${payload}: ${res.body}`);
      assert.equal(problemOf(res)['reason'], reason, payload);
    }
    assert.deepEqual(await history(AIR, deviceId), [], 'nothing of it was stored');

    const accepted = await southbound(
      AIR,
      deviceId,
      JSON.stringify({
        p25: '-1.5e1',
        cal: '2024-02-29T23:30:00.1234-05:30',
        TimeInstant: '2024-02-29T12:00:00+07:00',
      }),
    );
    assert.equal(accepted.statusCode, 200, accepted.body);
    const e = await entity(AIR, deviceId);
    assert.equal(e['pm25']?.value, -15);
    assert.equal(e['pm25']?.observedAt, '2024-02-29T05:00:00.000Z');
    assert.deepEqual(e['calibratedAt']?.value, { '@type': 'DateTime', '@value': '2024-03-01T05:00:00.123Z' });
    assert.equal((await southbound(AIR, deviceId, 'p25|12.5|t|2026-11-22T08:00:00+07:00', '/iot/d')).statusCode, 200);
    assert.deepEqual(await history(AIR, deviceId), [-15, 12.5]);
  });
});
