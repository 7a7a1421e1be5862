import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { databaseWithOutage, type DatabaseWithOutage } from '../../../test/support/outage.js';
import { alarmsModule } from '../alarms/index.js';

/**
 * The change consumers of the environment module during a database outage: the readings that arrive
 * meanwhile are rated and judged once the database is back, none is dropped.
 */

const STATIONS = ['outage-a', 'outage-b', 'outage-c'].map((s) => `urn:ngsi-ld:AirQualityObserved:${s}`);
const GAUGE = 'urn:ngsi-ld:WaterLevelObserved:outage-gauge';

describeEachDriver('environment consumers across a database outage', (ctx) => {
  let worker: App;
  let api: App;
  let admin: Account;
  let outage: DatabaseWithOutage;

  before(async () => {
    outage = databaseWithOutage(ctx.db);
    // The worker meets the outage; the readings arrive through another instance (as devices would).
    worker = await buildTestApp(outage.db);
    api = await buildTestApp(ctx.db);
    admin = await accountWith(api, ['admin'], '*');
    await worker.broker.startWorker();
    await worker.modules.startWorker();
  });
  after(async () => {
    await worker.broker.stopWorker();
    await worker.http.close();
    await api.http.close();
  });

  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

  it('rates every station and raises every alarm once the database is back', async () => {
    outage.down = true;
    for (const id of STATIONS) {
      const res = await api.http.inject({
        method: 'POST',
        url: '/ngsi-ld/v1/entities',
        headers: { ...admin.auth, 'content-type': 'application/json' },
        payload: {
          id,
          type: 'AirQualityObserved',
          name: { type: 'Property', value: id },
          pm25: { type: 'Property', value: 180, unitCode: 'GQ', observedAt: hoursAgo(1.1) },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      // NowCast needs two of the last three hours.
      const next = await api.http.inject({
        method: 'POST',
        url: `/ngsi-ld/v1/entities/${encodeURIComponent(id)}/attrs`,
        headers: { ...admin.auth, 'content-type': 'application/json' },
        payload: { pm25: { type: 'Property', value: 190, unitCode: 'GQ', observedAt: hoursAgo(0.1) } },
      });
      assert.equal(next.statusCode, 204, next.body);
    }
    const gauge = await api.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: {
        id: GAUGE,
        type: 'WaterLevelObserved',
        waterLevel: { type: 'Property', value: 4.2, unitCode: 'MTR', observedAt: hoursAgo(0.1) },
        warningLevel: { type: 'Property', value: 3 },
        dangerLevel: { type: 'Property', value: 4 },
      },
    });
    assert.equal(gauge.statusCode, 201, gauge.body);

    // The consumers took the changes and met the outage; it lasts a little longer, then ends.
    while (outage.refused < 2) await sleep(50);
    await sleep(1500);
    outage.down = false;

    const alarms = api.modules.get(alarmsModule);
    const rated = async (id: string) => {
      const res = await api.http.inject({
        method: 'GET',
        url: `/api/v1/environment/air-quality/stations/${encodeURIComponent(id)}`,
        headers: admin.auth,
      });
      return res.statusCode === 200 && res.json<{ vnAqi: unknown }>().vnAqi !== null;
    };
    const done = async () =>
      (await Promise.all(STATIONS.map(rated))).every(Boolean) &&
      (await Promise.all(STATIONS.map((s) => alarms.openConditions('', s)))).every((c) => c.has('air:aqi')) &&
      (await alarms.openConditions('', GAUGE)).has('water:level');
    // Waits for the consumers' retries (with backoff); without them this never comes true.
    for (let i = 0; i < 600 && !(await done()); i++) await sleep(100);
    const state = {
      rated: await Promise.all(STATIONS.map(rated)),
      alarms: await Promise.all([...STATIONS, GAUGE].map(async (s) => [...(await alarms.openConditions('', s))])),
    };
    assert.ok(await done(), `every station rated and every alarm raised after the outage: ${JSON.stringify(state)}`);
  });

  it('answers a station read during an outage with 503 and Retry-After, and an unknown station with 404', async () => {
    const station = (id: string) =>
      worker.http.inject({
        method: 'GET',
        url: `/api/v1/environment/air-quality/stations/${encodeURIComponent(id)}`,
        headers: admin.auth,
      });
    outage.affected = (sql) => /\bngsi_entity\b/.test(sql);
    outage.down = true;
    try {
      const res = await station(STATIONS[0] ?? '');
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.headers['retry-after'], '5');
      assert.equal(problemOf(res).code, 'DATABASE_UNAVAILABLE');
    } finally {
      outage.down = false;
    }
    const unknown = await station('urn:ngsi-ld:AirQualityObserved:nowhere');
    assert.equal(unknown.statusCode, 404, unknown.body);
    assert.equal((await station(STATIONS[0] ?? '')).statusCode, 200);
  });
});
