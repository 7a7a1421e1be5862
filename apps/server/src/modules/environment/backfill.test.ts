import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { alarmsModule } from '../alarms/index.js';
import { warningsModule } from '../warnings/index.js';

/**
 * What a backfill may raise: a station's logged readings of yesterday, uploaded today, are kept and
 * rated, but warn no one publicly (the past is not a warning now); readings of now do.
 */

const OLD = 'urn:ngsi-ld:AirQualityObserved:backfill-logger';
const NOW = 'urn:ngsi-ld:AirQualityObserved:backfill-live';
const OLD_GAUGE = 'urn:ngsi-ld:WaterLevelObserved:backfill-gauge';

describeEachDriver('a backfill of logged readings', (ctx) => {
  let app: App;
  let admin: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    await app.broker.startWorker();
    await app.modules.startWorker();
  });
  after(async () => {
    await app.broker.stopWorker();
    await app.http.close();
  });

  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  const post = async (url: string, payload: unknown, status: number) => {
    const res = await app.http.inject({
      method: 'POST',
      url,
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: payload as Record<string, unknown>,
    });
    assert.equal(res.statusCode, status, res.body);
  };
  /** A station with two hours of very bad air, the newer `ago` hours before now. */
  const smog = async (id: string, ago: number) => {
    await post(
      '/ngsi-ld/v1/entities',
      {
        id,
        type: 'AirQualityObserved',
        name: { type: 'Property', value: id },
        pm25: { type: 'Property', value: 320, unitCode: 'GQ', observedAt: hoursAgo(ago + 1) },
      },
      201,
    );
    await post(
      `/ngsi-ld/v1/entities/${encodeURIComponent(id)}/attrs`,
      { pm25: { type: 'Property', value: 340, unitCode: 'GQ', observedAt: hoursAgo(ago) } },
      204,
    );
  };
  const rated = async (id: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/api/v1/environment/air-quality/stations/${encodeURIComponent(id)}`,
      headers: admin.auth,
    });
    return res.statusCode === 200 ? (res.json<{ vnAqi: { value: number } | null }>().vnAqi?.value ?? null) : null;
  };
  const until = async (what: string, done: () => Promise<boolean>) => {
    for (let i = 0; i < 1200 && !(await done()); i++) await sleep(100);
    assert.ok(await done(), what);
  };

  it('rates yesterday’s smog and keeps it as an alarm of its time, but issues no public warning for it', async () => {
    await smog(OLD, 20);
    await post(
      '/ngsi-ld/v1/entities',
      {
        id: OLD_GAUGE,
        type: 'WaterLevelObserved',
        waterLevel: { type: 'Property', value: 5.1, unitCode: 'MTR', observedAt: hoursAgo(20) },
        warningLevel: { type: 'Property', value: 3 },
        dangerLevel: { type: 'Property', value: 4 },
      },
      201,
    );
    const alarms = app.modules.get(alarmsModule);
    await until('the logged readings are rated', async () => ((await rated(OLD)) ?? 0) > 200).catch(async (err) => {
      throw new Error(`${String(err)}: VN_AQI ${await rated(OLD)}`);
    });
    await until('the gauge is judged', async () => (await alarms.openConditions('', OLD_GAUGE)).has('water:level'));
    // The live station: its smog is now, and the public is warned of it.
    await smog(NOW, 0.1);
    const warnings = app.modules.get(warningsModule).service;
    await until('a warning for the smog of now', async () => (await warnings.active('')).some((w) => w.source === NOW));
    const sources = (await warnings.active('')).map((w) => w.source);
    assert.ok(!sources.includes(OLD), `no warning for yesterday's smog: ${sources.join(', ')}`);
    assert.ok(!sources.includes(OLD_GAUGE), `no flood warning for yesterday's river: ${sources.join(', ')}`);
  });
});
