import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { validateXML } from 'xmllint-wasm';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { sharedInput } from '../../../test/support/shared-input.js';
import { capTime, capXml, type CapMessage } from './index.js';
import { airQualityInfo } from './content.js';

// The official CAP 1.2 schema, read where the shared specifications live (never copied here):
// ../shared/specs beside the repository, or SHARED_SPECS. Missing, it skips; under CI it fails.
const XSD_PATH = join(
  process.env['SHARED_SPECS'] ?? fileURLToPath(new URL('../../../../../../shared/specs', import.meta.url)),
  'CAP-v1.2.xsd',
);
const schema = sharedInput(XSD_PATH, 'the CAP 1.2 schema');
const xsd = schema.present ? readFileSync(XSD_PATH, 'utf8') : undefined;
const needsXsd = schema.options;

async function schemaErrors(xml: string): Promise<string[]> {
  schema.require();
  const result = await validateXML({
    xml: [{ fileName: 'message.xml', contents: xml }],
    schema: [{ fileName: 'CAP-v1.2.xsd', contents: xsd as string }],
  });
  return result.errors.map((e) => e.rawMessage);
}

const place = { name: 'Trạm Hoàn Kiếm', area: 'Phường Hoàn Kiếm', location: [105.8542, 21.0287] as const };

describe('CAP 1.2 messages', needsXsd, () => {
  const sent = new Date('2026-01-10T01:00:00Z');
  const alert: CapMessage = {
    identifier: 'thanglong-0001',
    sender: 'canhbao@hanoi.example',
    sent,
    status: 'Actual',
    msgType: 'Alert',
    references: [],
    info: airQualityInfo(place, 187, 'pm25', {
      effective: sent,
      expires: new Date(sent.getTime() + 6 * 3600_000),
      web: 'https://ioc.hanoi.example/api/v1/warnings/cap/thanglong-0001',
    }),
  };

  it('writes times with the +07:00 offset the schema requires', () => {
    assert.equal(capTime(sent), '2026-01-10T08:00:00+07:00');
    assert.equal(capTime(new Date('2026-01-10T01:00:00.900Z')), '2026-01-10T08:00:00+07:00');
  });

  it('validates an Alert in Vietnamese and English, an Update and a Cancel against the official XSD', async () => {
    assert.deepEqual(await schemaErrors(capXml(alert)), []);
    const xml = capXml(alert);
    assert.match(xml, /<language>vi-VN<\/language>/);
    assert.match(xml, /<language>en<\/language>/);
    assert.match(xml, /<parameter><valueName>VN_AQI<\/valueName><value>187<\/value><\/parameter>/);
    assert.match(xml, /<circle>21.0287,105.8542 2<\/circle>/);
    // The ward the station serves: its outline as a polygon and its official code.
    assert.match(xml, /<polygon>21\.\d+,105\.\d+ [^<]+<\/polygon>/);
    assert.match(xml, /<geocode><valueName>VN-ward-code<\/valueName><value>\d{5}<\/value><\/geocode>/);
    assert.match(xml, /<areaDesc>Phường Hoàn Kiếm – Trạm Hoàn Kiếm<\/areaDesc>/);
    const update: CapMessage = {
      ...alert,
      identifier: 'thanglong-0002',
      msgType: 'Update',
      references: [{ sender: alert.sender, identifier: alert.identifier, sent }],
    };
    assert.deepEqual(await schemaErrors(capXml(update)), []);
    assert.match(
      capXml(update),
      /<references>canhbao@hanoi.example,thanglong-0001,2026-01-10T08:00:00\+07:00<\/references>/,
    );
  });

  it('drops the characters XML 1.0 does not allow, whatever text reached it, so the message stays valid', async () => {
    const dirty: CapMessage = {
      ...alert,
      info: alert.info.map((i) => ({
        ...i,
        headline: `${i.headline}\u0001\u0008`,
        area: { ...i.area, areaDesc: `\ufffe${i.area.areaDesc}\u001b` },
      })),
    };
    assert.equal(capXml(dirty), capXml(alert));
    assert.deepEqual(await schemaErrors(capXml(dirty)), []);
  });

  it('is caught by the validator when a message breaks the schema', async () => {
    const broken = capXml(alert).replace('<msgType>Alert</msgType>', '<msgType>Warning</msgType>');
    assert.ok((await schemaErrors(broken)).length > 0, '(await schemaErrors(broken)).length > 0');
  });
});

interface WarningBody {
  identifier: string;
  msgType: string;
  source: string;
  severity: string;
  headline: { vi: string; en: string };
  parameters: { valueName: string; value: string }[];
  url: string;
}

describeEachDriver('public warnings from a station’s readings over MQTT', (ctx) => {
  let app: App;
  let admin: Account;
  let mqttUrl: string;
  let station: MqttClient | undefined;
  const APIKEY = 'cap-test-air';
  const DEVICE = 'cap-station';
  const SOURCE = `urn:ngsi-ld:AirQualityObserved:${DEVICE}`;

  before(async () => {
    app = await buildTestApp(ctx.db, {
      IOT_BATCH_WAIT: '2ms',
      // The mornings after the station's bad day lie ahead of the clock (see `at`).
      IOT_MAX_FUTURE: '24h',
      CAP_SENDER: 'canhbao@hanoi.example',
      MQTT_PORT: '0',
      MQTT_HOST: '127.0.0.1',
    });
    admin = await accountWith(app, ['admin'], '*');
    mqttUrl = await app.ingest.startDevices();
    await app.broker.startWorker();
    await app.modules.startWorker();
    const post = async (url: string, payload: Record<string, unknown>) => {
      const res = await app.http.inject({ method: 'POST', url, headers: admin.auth, payload });
      assert.equal(res.statusCode, 201, res.body);
    };
    await post('/iot/services', {
      services: [
        {
          apikey: APIKEY,
          resource: '/iot/json',
          entity_type: 'AirQualityObserved',
          attributes: [{ object_id: 'pm25', name: 'pm25', type: 'Number', unitCode: 'GQ' }],
        },
      ],
    });
    await post('/iot/devices', {
      devices: [
        {
          device_id: DEVICE,
          apikey: APIKEY,
          static_attributes: [
            { name: 'name', type: 'Text', value: place.name },
            { name: 'areaServed', type: 'Text', value: place.area },
            { name: 'location', type: 'geo:json', value: { type: 'Point', coordinates: place.location } },
          ],
        },
      ],
    });
  });
  after(async () => {
    await station?.endAsync();
    await app.ingest.stop();
    await app.broker.stopWorker();
    await app.http.close();
  });

  /**
   * "Day 8, hour h" of the station's timeline. A public warning speaks of now: readings older than two
   * hours on arrival are history and warn no one. So the timeline is laid on the clock: the bad day's
   * last hours are now, and the mornings after it lie ahead (the test app accepts readings up to a day
   * ahead of its clock).
   */
  const HOUR_MS = 3_600_000;
  const origin = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  const at = (day: number, hour: number) =>
    new Date(origin + ((day - 8) * 24 + hour) * HOUR_MS + 30 * 60_000).toISOString();
  /** The station publishes over MQTT, as a real one: QoS 1, acknowledged once stored. */
  const send = async (readings: Record<string, unknown>[]) => {
    station ??= await mqtt.connectAsync(mqttUrl, { username: DEVICE, password: APIKEY, reconnectPeriod: 0 });
    await station.publishAsync(`/${APIKEY}/${DEVICE}/attrs`, JSON.stringify(readings), { qos: 1 });
  };
  /** Anonymous, as a citizen's browser or a news site would ask. */
  const inForce = async (): Promise<WarningBody[]> => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/warnings' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ warnings: WarningBody[] }>().warnings.filter((w) => w.source === SOURCE);
  };
  const until = async (what: string, ready: (w: WarningBody[]) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const w = await inForce();
      if (ready(w)) return w;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`${what}: ${JSON.stringify(await inForce())}`);
  };
  const capOf = async (identifier: string) => {
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/warnings/cap/${identifier}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /application\/cap\+xml/);
    return res.body;
  };
  const checked = async (xml: string) => {
    if (!needsXsd.skip) assert.deepEqual(await schemaErrors(xml), [], xml);
    return xml;
  };

  it('warns the public with a CAP Alert, updates it as the air worsens, and cancels it when clean', async () => {
    // A bad day: PM2.5 100 µg/m³ → VN_AQI 164 "Xấu".
    await send(Array.from({ length: 24 }, (_, h) => ({ TimeInstant: at(8, h), pm25: 100 })));
    const [alert] = await until('an Alert', (w) => w.length === 1);
    assert.equal(alert?.msgType, 'Alert');
    assert.equal(alert?.severity, 'Moderate');
    assert.deepEqual(alert?.parameters.find((p) => p.valueName === 'VN_AQI')?.value, '164');
    assert.match(alert.headline.vi, /Xấu/);
    const alertXml = await checked(await capOf(alert.identifier));
    assert.match(alertXml, /<msgType>Alert<\/msgType>/);
    assert.match(alertXml, /<sender>canhbao@hanoi.example<\/sender>/);
    const metrics = await app.http.inject({ method: 'GET', url: '/metrics', headers: admin.auth });
    const inForceLine = metrics.body.split('\n').find((l) => l.startsWith('thanglong_warnings_in_force'));
    assert.ok(Number(inForceLine?.split(' ').at(-1)) >= 1, inForceLine);

    // Worse: PM2.5 200 for hours → VN_AQI above 200 "Rất xấu": an Update referencing the Alert.
    await send(Array.from({ length: 6 }, (_, h) => ({ TimeInstant: at(9, h), pm25: 200 })));
    const [update] = await until('an Update', (w) => w[0]?.msgType === 'Update');
    assert.equal(update?.severity, 'Severe');
    const updateXml = await checked(await capOf(update.identifier));
    assert.match(updateXml, new RegExp(`<references>canhbao@hanoi.example,${alert.identifier},`));

    const feed = await app.http.inject({ method: 'GET', url: '/api/v1/warnings/cap.atom' });
    assert.equal(feed.statusCode, 200);
    assert.match(feed.body, new RegExp(`/api/v1/warnings/cap/${update.identifier}`));
    assert.match(feed.body, /<cap:msgType>Update<\/cap:msgType>/);
    // Without PUBLIC_URL the feed's links take the address it serves (never the Host header): Atom wants absolute ids.
    assert.match(feed.body, /<id>http:\/\/localhost[^<]*\/api\/v1\/warnings\/cap\.atom<\/id>/);
    assert.match(feed.body, /<cap:severity>Severe<\/cap:severity>/);
    // Parsing (normalisation) is enough for the feed: Atom has no schema here, but it must be well-formed XML.
    const wellFormed = await validateXML({
      xml: [{ fileName: 'feed.xml', contents: feed.body }],
      normalization: 'format',
    });
    assert.deepEqual(wellFormed.errors, []);

    // Clean air for half a day: the warning is cancelled, referencing both earlier messages.
    await send(Array.from({ length: 12 }, (_, h) => ({ TimeInstant: at(9, 6 + h), pm25: 8 })));
    await until('the warning lifted', (w) => w.length === 0);
    const { rows } = await ctx.db.query<{ identifier: string; xml: string }>(
      `SELECT identifier, xml FROM cap_message WHERE source = $1 AND msg_type = 'Cancel'`,
      [SOURCE],
    );
    assert.equal(rows.length, 1);
    const cancelXml = await checked(await capOf(rows[0]!.identifier));
    assert.match(cancelXml, /<msgType>Cancel<\/msgType>/);
    assert.ok(
      cancelXml.includes(alert.identifier) && cancelXml.includes(update.identifier),
      'cancelXml.includes(alert.identifier) && cancelXml.includes(update.identifier)',
    );
    assert.match(cancelXml, /<responseType>AllClear<\/responseType>/);
  });

  it('answers 404 for a message that was never sent', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/warnings/cap/thanglong-none' });
    assert.equal(res.statusCode, 404);
  });
});

describeEachDriver('the public CAP feed’s own links', (ctx) => {
  const feedFor = async (app: App) =>
    app.http.inject({ method: 'GET', url: '/api/v1/warnings/cap.atom', headers: { host: 'attacker.example:666' } });

  it('never takes its links from the Host header: the listening address without PUBLIC_URL', async () => {
    const app = await buildTestApp(ctx.db, { HOST: '127.0.0.1', PORT: '0' });
    try {
      await app.http.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.http.server.address() as AddressInfo;
      const feed = await feedFor(app);
      assert.equal(feed.statusCode, 200);
      assert.ok(!feed.body.includes('attacker.example'), feed.body);
      assert.match(feed.body, new RegExp(`<id>http://127\\.0\\.0\\.1:${port}/api/v1/warnings/cap\\.atom</id>`));
    } finally {
      await app.http.close();
    }
  });

  it('uses PUBLIC_URL when it is set', async () => {
    const app = await buildTestApp(ctx.db, { PUBLIC_URL: 'https://canhbao.hanoi.example' });
    try {
      const feed = await feedFor(app);
      assert.ok(!feed.body.includes('attacker.example'), feed.body);
      assert.match(feed.body, /<id>https:\/\/canhbao\.hanoi\.example\/api\/v1\/warnings\/cap\.atom<\/id>/);
    } finally {
      await app.http.close();
    }
  });
});
