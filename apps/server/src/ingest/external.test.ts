import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { startMosquitto, type Mosquitto } from '../../test/support/receiver.js';

/**
 * Thang Long as a client of an external broker (MQTT_URL): devices talk to Mosquitto only; their
 * measures are stored, their mistakes explained, and commands reach them, all through Mosquitto.
 */

const SERVICE = 'hanoi_parking';
const APIKEY = 'k-parking-2026';
const headers = { 'fiware-service': SERVICE, 'fiware-servicepath': '/' };
const skip = process.env['THANGLONG_TEST_SKIP_MQTT'];

describe('IoT ingestion through an external broker', skip ? { skip } : {}, () => {
  describeEachDriver('Mosquitto', (ctx) => {
    let app: App;
    let admin: Account;
    let mosquitto: Mosquitto;
    let device: mqtt.MqttClient;
    const DEVICE = `lot-${process.pid}`;
    const ID = `urn:ngsi-ld:ParkingSpot:${DEVICE}`;
    const received: { topic: string; payload: string }[] = [];

    before(async () => {
      mosquitto = await startMosquitto();
      app = await buildTestApp(ctx.db, {
        MQTT_URL: mosquitto.url,
        MQTT_CLIENT_ID: `ext${process.pid}`,
        IOT_BATCH_WAIT: '2ms',
      });
      admin = await accountWith(app, ['admin'], '*');
      await app.ingest.startDevices();
      await app.broker.startWorker();
      await app.ingest.startWorker();
      const res = await app.http.inject({
        method: 'POST',
        url: '/iot/devices',
        headers: { ...admin.auth, ...headers },
        payload: {
          devices: [
            {
              device_id: DEVICE,
              apikey: APIKEY,
              entity_type: 'ParkingSpot',
              attributes: [{ object_id: 'o', name: 'occupied', type: 'Number' }],
              commands: [{ name: 'display', type: 'command' }],
            },
          ],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      device = await mqtt.connectAsync(mosquitto.url, { reconnectPeriod: 0 });
      device.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));
      await device.subscribeAsync([`/${APIKEY}/${DEVICE}/cmd`, `/${APIKEY}/${DEVICE}/errors`], { qos: 1 });
    });
    after(async () => {
      await device.endAsync();
      await app.ingest.stop();
      await app.broker.stopWorker();
      await app.http.close();
      await mosquitto.stop();
    });

    const entity = async () => {
      const res = await app.http.inject({
        method: 'GET',
        url: `/ngsi-ld/v1/entities/${encodeURIComponent(ID)}`,
        headers: { ...admin.auth, 'ngsild-tenant': SERVICE },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Record<string, { value?: unknown }>>();
    };
    const eventually = async (check: () => Promise<boolean> | boolean, what: string) => {
      for (let i = 0; i < 500; i++) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.fail(`never happened: ${what}`);
    };

    it('stores what devices publish to the external broker', async () => {
      await device.publishAsync(`/${APIKEY}/${DEVICE}/attrs`, JSON.stringify({ o: 1 }), { qos: 1 });
      await eventually(async () => (await entity())['occupied']?.value === 1, 'occupied = 1');
      await device.publishAsync(`/ul/${APIKEY}/${DEVICE}/attrs`, 'o|0', { qos: 1 });
      await eventually(async () => (await entity())['occupied']?.value === 0, 'occupied = 0 (UltraLight)');
    });

    it('explains a bad message on the errors topic and stores nothing of it', async () => {
      await device.publishAsync(`/${APIKEY}/${DEVICE}/attrs`, JSON.stringify({ o: 'full' }), { qos: 1 });
      await eventually(() => received.some((m) => m.topic.endsWith('/errors')), 'an error message');
      const error = JSON.parse(received.find((m) => m.topic.endsWith('/errors'))?.payload ?? '{}') as {
        reason: string;
      };
      assert.equal(error.reason, 'wrong_type');
      assert.equal((await entity())['occupied']?.value, 0);
    });

    it('sends commands through the external broker and records the result', async () => {
      const write = await app.http.inject({
        method: 'POST',
        url: `/ngsi-ld/v1/entities/${encodeURIComponent(ID)}/attrs`,
        headers: { ...admin.auth, 'ngsild-tenant': SERVICE, 'content-type': 'application/json' },
        payload: { display: { type: 'Property', value: 'HẾT CHỖ' } },
      });
      assert.equal(write.statusCode, 204, write.body);
      await eventually(() => received.some((m) => m.topic.endsWith('/cmd')), 'the command at the device');
      assert.deepEqual(JSON.parse(received.find((m) => m.topic.endsWith('/cmd'))?.payload ?? '{}'), {
        display: 'HẾT CHỖ',
      });
      await device.publishAsync(`/${APIKEY}/${DEVICE}/cmdexe`, JSON.stringify({ display: 'shown' }), { qos: 1 });
      await eventually(async () => (await entity())['display_status']?.value === 'OK', 'display_status OK');
      assert.equal((await entity())['display_info']?.value, 'shown');
    });
  });
});
