import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';

// The Trends page's 24-hour replay: each station's VN_AQI hour by hour, read from history.

const APIKEY = 'aq-replay-test';
const STATION = 'aq-replay';
const entityId = (device: string) => `urn:ngsi-ld:AirQualityObserved:${device}`;
/** Hanoi local time on 10 March 2026, as an ISO instant. */
const at = (hour: number, minute = 30) => new Date(Date.UTC(2026, 2, 10, hour - 7, minute)).toISOString();

interface Replay {
  from: string | null;
  to: string | null;
  hours: string[];
  stations: {
    station: string;
    name: string;
    area: string | null;
    location: number[] | null;
    values: { hour: string; vnAqi: number; level: number }[];
  }[];
}

describeEachDriver('air-quality hourly replay', (ctx) => {
  let app: App;
  let admin: Account;
  let viewer: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, { IOT_BATCH_WAIT: '2ms' });
    admin = await accountWith(app, ['admin'], '*');
    viewer = await accountWith(app, ['viewer'], 'elsewhere');
    await app.broker.startWorker();
    await app.modules.startWorker();
    const number = (name: string) => ({ object_id: name, name, type: 'Number', unitCode: 'GQ' });
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: admin.auth,
      payload: {
        services: [
          { apikey: APIKEY, resource: '/iot/json', entity_type: 'AirQualityObserved', attributes: [number('pm25')] },
        ],
      },
    });
    assert.equal(group.statusCode, 201, group.body);
    const devices = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: admin.auth,
      payload: {
        devices: [
          {
            device_id: STATION,
            apikey: APIKEY,
            static_attributes: [
              { name: 'name', type: 'Text', value: 'Trạm phát lại' },
              { name: 'areaServed', type: 'Text', value: 'Phường Hoàn Kiếm' },
              { name: 'location', type: 'geo:json', value: { type: 'Point', coordinates: [105.85, 21.03] } },
            ],
          },
        ],
      },
    });
    assert.equal(devices.statusCode, 201, devices.body);
    // Clean air from 01:00 to 05:00, then a polluted hour at 06:00 (NowCast jumps with it); each
    // reading rated before the next is sent, as a station reports hour by hour.
    for (const [hour, pm25] of [
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 10],
      [5, 10],
      [6, 150],
    ] as const) {
      const sent = await app.http.inject({
        method: 'POST',
        url: `/iot/json?k=${APIKEY}&i=${STATION}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify([{ TimeInstant: at(hour), pm25 }]),
      });
      assert.equal(sent.statusCode, 200, sent.body);
      for (let i = 0; i < 200; i++) {
        const res = await app.http.inject({
          method: 'GET',
          url: `/api/v1/environment/air-quality/stations/${encodeURIComponent(entityId(STATION))}`,
          headers: admin.auth,
        });
        if (res.json<{ vnAqi: { observedAt?: string } | null }>().vnAqi?.observedAt === at(hour)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    // Another tenant, with an entity of its own.
    const other = await app.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      headers: { ...admin.auth, 'content-type': 'application/json', 'NGSILD-Tenant': 'elsewhere' },
      payload: { id: 'urn:ngsi-ld:Building:elsewhere', type: 'Building', name: { type: 'Property', value: 'x' } },
    });
    assert.equal(other.statusCode, 201, other.body);
  });

  after(async () => {
    await app.broker.stopWorker();
    await app.http.close();
  });

  const replay = async (query: string, account = admin) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/api/v1/environment/air-quality/hourly${query}`,
      headers: account.auth,
    });
    return res;
  };

  it('replays each station hour by hour up to its newest rating, one value per rated hour', async () => {
    const res = await replay('?hours=6');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Replay>();
    assert.ok(body, 'body');
    // The newest rating is at 06:30 Hanoi time: six hours, 01:00 → 07:00.
    assert.equal(body.to, new Date(Date.UTC(2026, 2, 10, 0)).toISOString());
    assert.equal(body.from, new Date(Date.UTC(2026, 2, 9, 18)).toISOString());
    assert.equal(body.hours.length, 6);
    const station = body.stations.find((s) => s.station === entityId(STATION));
    assert.deepEqual(
      [station?.name, station?.area, station?.location],
      ['Trạm phát lại', 'Phường Hoàn Kiếm', [105.85, 21.03]],
    );
    const values = station?.values ?? [];
    // A station is rated from its second hour on (NowCast needs two of the last three): the hour
    // without a rating is left out, not filled in.
    assert.deepEqual(
      values.map((v) => v.hour),
      body.hours.slice(1),
    );
    // 10 µg/m³ of PM2.5 is "Tốt" (20); the 150 hour lifts the NowCast above 100 ("Kém" or worse).
    assert.deepEqual(
      values.slice(0, 4).map((v) => [v.vnAqi, v.level]),
      Array.from({ length: 4 }, () => [20, 1]),
    );
    assert.ok((values[4]?.vnAqi ?? 0) > 100, JSON.stringify(values[4]));
    assert.ok((values[4]?.level ?? 0) >= 3, '(values[4]?.level ?? 0) >= 3');

    // An earlier end: the replay ends with the hour `until` falls in.
    const earlier = (await replay(`?hours=2&until=${encodeURIComponent(at(3, 10))}`)).json<Replay>();
    assert.deepEqual(
      earlier.stations.find((s) => s.station === entityId(STATION))?.values.map((v) => v.vnAqi),
      [20, 20],
    );
    assert.equal(earlier.to, new Date(Date.UTC(2026, 2, 9, 21)).toISOString());
  });

  it('shows a tenant only its own stations', async () => {
    const res = await replay('', viewer);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Replay>();
    // The viewer's tenant has no station here: no hours, nothing of the other tenant.
    assert.equal(body.stations.length, 0);
    assert.equal(body.from, null);
  });

  it('refuses a bad instant, too many hours, and a caller without a login', async () => {
    const bad = await replay('?until=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.equal(problemOf(bad).code, 'BAD_INSTANT');
    // An instant the database cannot date is the caller's mistake, not the server's.
    const yearOne = await replay('?until=0001-01-01T00:00:00Z');
    assert.equal(yearOne.statusCode, 400, yearOne.body);
    assert.equal(problemOf(yearOne).code, 'BAD_INSTANT');
    for (const url of [
      'daily?from=0001-01-01&to=0001-01-10',
      'monthly?month=0001-01',
      'daily?from=2026-02-30&to=2026-03-01',
    ]) {
      const res = await app.http.inject({
        method: 'GET',
        url: `/api/v1/environment/air-quality/${url}`,
        headers: viewer.auth,
      });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    }
    assert.equal((await replay('?hours=49')).statusCode, 400);
    assert.equal((await replay('?hours=0')).statusCode, 400);
    const anonymous = await app.http.inject({ method: 'GET', url: '/api/v1/environment/air-quality/hourly' });
    assert.equal(anonymous.statusCode, 401);
  });
});
