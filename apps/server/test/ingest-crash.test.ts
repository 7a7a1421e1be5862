import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import mqtt from 'mqtt';
import { createTestDatabase, DRIVERS, skipReason } from './support/databases.js';
import { callServer, loginAdmin, startServer } from './support/process.js';
import { freePort, startMosquitto, type Mosquitto } from './support/receiver.js';

/**
 * Nothing acknowledged is lost: a device publishes QoS 1 readings, Thang Long is killed with SIGKILL
 * in the middle of the stream and started again, and every reading is then stored exactly once —
 * those acknowledged before the kill, and those the device (or the external broker) sends again.
 */

const ADMIN_PASSWORD = 'ingest-crash-test-first-passphrase';
const READINGS = 400;
const KILL_AFTER = 120;
const APIKEY = 'crash-test-key';
const DEVICE = 'river-gauge-nhue-1';
const ENTITY = `urn:ngsi-ld:WaterLevelObserved:${DEVICE}`;

const skipMqtt = process.env['THANGLONG_TEST_SKIP_MQTT'];

for (const driver of DRIVERS) {
  for (const via of ['embedded', 'mosquitto'] as const) {
    const skip = skipReason(driver) ?? (via === 'mosquitto' ? skipMqtt : undefined);
    describe(`ingestion across a crash [${driver}, ${via} broker]`, skip ? { skip } : {}, () => {
      it('stores every QoS 1 reading exactly once after a SIGKILL mid-stream and a restart', async () => {
        const t = await createTestDatabase(driver, { open: false });
        let mosquitto: Mosquitto | undefined;
        const mqttPort = await freePort();
        const env: Record<string, string> = {
          AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
          MQTT_HOST: '127.0.0.1',
          MQTT_PORT: String(mqttPort),
          MQTT_CLIENT_ID: `crash${process.pid}`,
          // The gauge sends its whole backlog at once, and again after the restart: none of it over its burst.
          IOT_DEVICE_BURST: String(READINGS),
        };
        if (t.url) env['DATABASE_URL'] = t.url;
        else env['DATA_DIR'] = dirname(t.dataDir as string);
        if (via === 'mosquitto') {
          mosquitto = await startMosquitto();
          env['MQTT_URL'] = mosquitto.url;
        }
        const brokerUrl = mosquitto?.url ?? `mqtt://127.0.0.1:${mqttPort}`;
        let server = await startServer(env);
        let device: mqtt.MqttClient | undefined;
        try {
          const token = await loginAdmin(server, ADMIN_PASSWORD);
          const tenant = { 'fiware-service': 'hanoi_water', 'fiware-servicepath': '/' };
          const group = await callServer(
            server,
            'POST',
            '/iot/services',
            token,
            {
              services: [
                { apikey: APIKEY, resource: '/iot/json', entity_type: 'WaterLevelObserved', autoprovision: false },
              ],
            },
            tenant,
          );
          assert.equal(group.status, 201, group.text);
          const provisioned = await callServer(
            server,
            'POST',
            '/iot/devices',
            token,
            {
              devices: [
                {
                  device_id: DEVICE,
                  attributes: [{ object_id: 'h', name: 'waterLevel', type: 'Number', unitCode: 'MTR' }],
                },
              ],
            },
            tenant,
          );
          assert.equal(provisioned.status, 201, provisioned.text);

          // The device keeps what is not acknowledged and sends it again after reconnecting.
          device = await mqtt.connectAsync(brokerUrl, {
            clientId: `gauge-${process.pid}`,
            ...(via === 'embedded' ? { username: DEVICE, password: APIKEY } : {}),
            reconnectPeriod: 100,
            connectTimeout: 2000,
            clean: true,
          });
          const start = Date.UTC(2026, 10, 22, 0, 0, 0);
          const acked = new Set<number>();
          let killed = false;
          const all: Promise<void>[] = [];
          for (let i = 0; i < READINGS; i++) {
            const reading = { h: 2 + i / 1000, TimeInstant: new Date(start + i * 60_000).toISOString() };
            all.push(
              device.publishAsync(`/${APIKEY}/${DEVICE}/attrs`, JSON.stringify(reading), { qos: 1 }).then(() => {
                acked.add(i);
              }),
            );
            // A loaded server may acknowledge late and then all at once: never run far ahead of it, so the
            // kill still finds readings to come.
            while (!killed && i >= KILL_AFTER + 40 && acked.size < KILL_AFTER)
              await new Promise((r) => setTimeout(r, 5));
            if (!killed && acked.size >= KILL_AFTER) {
              killed = true;
              server.child.kill('SIGKILL');
              await server.exited.catch(() => undefined);
            }
            if (i % 20 === 19) await new Promise((r) => setTimeout(r, 10));
          }
          while (!killed && acked.size < KILL_AFTER) await new Promise((r) => setTimeout(r, 5));
          if (!killed) {
            killed = true;
            server.child.kill('SIGKILL');
            await server.exited.catch(() => undefined);
          }
          const ackedBeforeRestart = acked.size;
          assert.ok(
            ackedBeforeRestart >= KILL_AFTER && ackedBeforeRestart < READINGS,
            `killed mid-stream (${ackedBeforeRestart} acknowledged)`,
          );

          server = await startServer(env);
          await Promise.all(all);
          assert.equal(acked.size, READINGS);

          const token2 = await loginAdmin(server, ADMIN_PASSWORD);
          const readHistory = async () => {
            const res = await callServer(
              server,
              'GET',
              `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ENTITY)}?attrs=waterLevel&options=temporalValues&timerel=after&timeAt=2026-01-01T00:00:00Z&lastN=1000`,
              token2,
              undefined,
              { 'ngsild-tenant': 'hanoi_water' },
            );
            // Through Mosquitto nothing may be stored yet just after the restart: no history is none yet.
            if (via === 'mosquitto' && res.status === 404) return [];
            assert.ok(res.status === 200 || res.status === 206, res.text);
            return (JSON.parse(res.text) as { waterLevel?: { values: [number, string][] } }).waterLevel?.values ?? [];
          };
          // Through the embedded broker an acknowledgement means stored. Mosquitto acknowledges on
          // receipt and hands Thang Long what its session holds after the restart: wait for it.
          let values = await readHistory();
          for (let i = 0; via === 'mosquitto' && values.length < READINGS && i < 600; i++) {
            await new Promise((r) => setTimeout(r, 100));
            values = await readHistory();
          }
          const times = values.map(([, at]) => at);
          assert.equal(new Set(times).size, times.length, 'no reading stored twice');
          assert.equal(values.length, READINGS, 'every reading stored');
          const current = await callServer(
            server,
            'GET',
            `/ngsi-ld/v1/entities/${encodeURIComponent(ENTITY)}`,
            token2,
            undefined,
            {
              'ngsild-tenant': 'hanoi_water',
            },
          );
          const level = (JSON.parse(current.text) as { waterLevel: { value: number; unitCode: string } }).waterLevel;
          assert.equal(level.value, 2 + (READINGS - 1) / 1000, 'the current value is the newest reading');
          assert.equal(level.unitCode, 'MTR');
        } finally {
          device?.end(true);
          server.child.kill('SIGKILL');
          await server.exited.catch(() => undefined);
          await mosquitto?.stop();
          await t.dispose();
        }
      });
    });
  }
}
