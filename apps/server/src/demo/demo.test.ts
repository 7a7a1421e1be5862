import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver, silentLog } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { DEMO_API_KEYS, provisionDemoCity } from './index.js';

const sensors = JSON.parse(readFileSync(new URL('../../data/city/sensors.json', import.meta.url), 'utf8')) as Record<
  string,
  { id: string; name: string; location: [number, number]; capacity?: number }[]
>;
const expected = ['airQuality', 'noise', 'waterLevel', 'parking', 'cameras'].reduce(
  (n, kind) => n + (sensors[kind]?.length ?? 0),
  0,
);

describeEachDriver('the demo city', (ctx) => {
  let app: App;
  let admin: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
  });
  after(() => app.http.close());

  const get = async (url: string) => {
    const res = await app.http.inject({ method: 'GET', url, headers: admin.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, unknown>>();
  };

  it('provisions every site of the city facts as a device with its entity, once', async () => {
    assert.equal(await provisionDemoCity(app.ingest.provisioning, silentLog), expected);
    assert.ok(expected >= 150, `${expected} devices`);
    // A restart provisions nothing again.
    assert.equal(await provisionDemoCity(app.ingest.provisioning, silentLog), 0);
    const listed = await get('/iot/devices?limit=1');
    assert.equal(listed['count'], expected);

    const station = sensors['airQuality']![0]!;
    const entity = await get(`/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:${station.id}?options=keyValues`);
    assert.equal(entity['name'], station.name);
    assert.deepEqual(entity['location'], { type: 'Point', coordinates: station.location });
    const lot = sensors['parking']![0]!;
    const parking = await get(`/ngsi-ld/v1/entities?q=totalSpotNumber==${lot.capacity}&options=keyValues&limit=100`);
    assert.ok(
      (parking as unknown as { name: string }[]).some((p) => p.name === lot.name),
      '(parking as unknown as { name: string }[]).some((p) => p.name === lot.name)',
    );
  });

  it('takes measures from a demo device over HTTP, like any device', async () => {
    const station = sensors['airQuality']![1]!;
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${DEMO_API_KEYS.air}&i=${station.id}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ pm25: 48.5, pm10: 71 }),
    });
    assert.equal(res.statusCode, 200, res.body);
    const entity = await get(`/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:${station.id}`);
    assert.deepEqual(entity['pm25'], {
      type: 'Property',
      value: 48.5,
      unitCode: 'GQ',
      observedAt: (entity['pm25'] as { observedAt: string }).observedAt,
    });
  });
  it('completes a city that an interrupted start left part-provisioned', async () => {
    const missing = [sensors['noise']![0]!.id, sensors['cameras']![2]!.id];
    for (const id of missing) {
      const res = await app.http.inject({ method: 'DELETE', url: `/iot/devices/${id}`, headers: admin.auth });
      assert.equal(res.statusCode, 204, res.body);
    }
    assert.equal(await provisionDemoCity(app.ingest.provisioning, silentLog), missing.length);
    assert.equal((await get('/iot/devices?limit=1'))['count'], expected);
    for (const id of missing) await get(`/iot/devices/${id}`);
  });
});
