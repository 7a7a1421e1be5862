import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { stationView } from './air-quality.js';

const APIKEY = 'aq-index-test';
const STATION_HOURLY = 'aq-hourly';
const STATION_DAILY = 'aq-daily';
const STATION_ALARM = 'aq-alarm';
const WATER_KEY = 'water-level-test';
const GAUGE = 'to-lich-test';
const NOISE_KEY = 'noise-limit-test';
const entityId = (device: string) => `urn:ngsi-ld:AirQualityObserved:${device}`;

interface StationView {
  id: string;
  name: string;
  readings: Record<string, { value: number }>;
  vnAqi: {
    value: number;
    dominantPollutant: string;
    subIndices: Record<string, number>;
    category: { level: number; name: { vi: string; en: string }; colour: string; advice: { general: { vi: string } } };
  } | null;
  usAqi: { scale: string; value: number } | null;
  dailyVnAqi: { value: number; day: string; dominantPollutant: string } | null;
}

/** Hanoi local time of a day in March 2026, as an ISO instant. */
const at = (day: number, hour: number, minute = 30) => new Date(Date.UTC(2026, 2, day, hour - 7, minute)).toISOString();

describeEachDriver('air-quality index from station readings', (ctx) => {
  let app: App;
  let admin: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, { IOT_BATCH_WAIT: '2ms' });
    admin = await accountWith(app, ['admin'], '*');
    await app.broker.startWorker();
    await app.modules.startWorker();
    const number = (name: string) => ({ object_id: name, name, type: 'Number', unitCode: 'GQ' });
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: admin.auth,
      payload: {
        services: [
          {
            apikey: APIKEY,
            resource: '/iot/json',
            entity_type: 'AirQualityObserved',
            attributes: ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'].map(number),
          },
        ],
      },
    });
    assert.equal(group.statusCode, 201, group.body);
    const devices = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: admin.auth,
      payload: {
        devices: [STATION_HOURLY, STATION_DAILY, STATION_ALARM].map((id) => ({
          device_id: id,
          apikey: APIKEY,
          static_attributes: [
            { name: 'name', type: 'Text', value: `Trạm ${id}` },
            { name: 'areaServed', type: 'Text', value: 'Phường Hoàn Kiếm' },
            { name: 'location', type: 'geo:json', value: { type: 'Point', coordinates: [105.85, 21.03] } },
          ],
        })),
      },
    });
    assert.equal(devices.statusCode, 201, devices.body);
    const water = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: admin.auth,
      payload: {
        services: [
          {
            apikey: WATER_KEY,
            resource: '/iot/json',
            entity_type: 'WaterLevelObserved',
            attributes: [{ object_id: 'h', name: 'waterLevel', type: 'Number', unitCode: 'MTR' }],
          },
        ],
      },
    });
    assert.equal(water.statusCode, 201, water.body);
    const gauge = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: admin.auth,
      payload: {
        devices: [
          {
            device_id: GAUGE,
            apikey: WATER_KEY,
            static_attributes: [
              { name: 'name', type: 'Text', value: 'Tô Lịch – Cầu Giấy' },
              { name: 'warningLevel', type: 'Number', value: 3 },
              { name: 'dangerLevel', type: 'Number', value: 4 },
            ],
          },
        ],
      },
    });
    assert.equal(gauge.statusCode, 201, gauge.body);
    const noise = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: admin.auth,
      payload: {
        services: [
          {
            apikey: NOISE_KEY,
            resource: '/iot/json',
            entity_type: 'NoiseLevelObserved',
            attributes: [{ object_id: 'laeq', name: 'LAeq', type: 'Number', unitCode: '2N' }],
          },
        ],
      },
    });
    assert.equal(noise.statusCode, 201, noise.body);
    const sensors = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: admin.auth,
      payload: {
        devices: [
          { device_id: 'noise-street', apikey: NOISE_KEY },
          {
            device_id: 'noise-hospital',
            apikey: NOISE_KEY,
            static_attributes: [{ name: 'noiseLimitNight', type: 'Number', value: 50 }],
          },
        ],
      },
    });
    assert.equal(sensors.statusCode, 201, sensors.body);
  });
  after(async () => {
    await app.broker.stopWorker();
    await app.http.close();
  });

  const send = async (device: string, readings: Record<string, unknown>[], apikey = APIKEY) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${apikey}&i=${device}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(readings),
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const station = async (device: string): Promise<StationView> => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/api/v1/environment/air-quality/stations/${encodeURIComponent(entityId(device))}`,
      headers: admin.auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<StationView>();
  };
  const rated = async (device: string, ready: (s: StationView) => boolean): Promise<StationView> => {
    for (let i = 0; i < 200; i++) {
      const s = await station(device);
      if (ready(s)) return s;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return station(device);
  };

  it('rates the decision’s hourly example as it arrives over the southbound API, leaving out -999', async () => {
    // PM2.5 hourly means 09:00 → 20:00 of the decision's example; O3 and NO2 in the last hour.
    const pm25 = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6];
    const readings: Record<string, unknown>[] = pm25.map((value, i) => ({ TimeInstant: at(10, 9 + i), pm25: value }));
    readings.push({ TimeInstant: at(10, 20, 40), o3: 136.1, no2: 118.7 });
    readings.push({ TimeInstant: at(10, 20, 45), pm25: -999 }); // a logger's "no data": not a reading
    await send(STATION_HOURLY, readings);

    const s = await rated(STATION_HOURLY, (v) => v.vnAqi !== null);
    // Computed here from the decision's formulas: NowCast with w = 16.5 / 26.9, newest hour first.
    const w = 16.5 / 26.9;
    const c = [...pm25].reverse();
    const nowcast = c.reduce((sum, ci, i) => sum + w ** i * ci, 0) / c.reduce((sum, _, i) => sum + w ** i, 0);
    assert.ok(nowcast < 25, 'nowcast < 25'); // Table 2's first PM2.5 band: 0–25 µg/m³ → 0–50
    const expectedPm = Math.round((50 / 25) * nowcast);
    assert.deepEqual(s.vnAqi?.subIndices, { pm25: expectedPm, o3: Math.round((50 / 160) * 136.1), no2: 59 });
    assert.equal(expectedPm, 41);
    // 59, where the decision prints 60: see the known misprint in aqi.test.ts.
    assert.equal(s.vnAqi?.value, 59);
    assert.equal(s.vnAqi?.dominantPollutant, 'no2');
    assert.equal(s.vnAqi?.category.name.vi, 'Trung bình');
    assert.equal(s.vnAqi?.category.colour, '#FFFF00');
    assert.ok(s.vnAqi.category.advice.general.vi.length > 0, 's.vnAqi.category.advice.general.vi.length > 0');
    assert.equal(s.readings['pm25']?.value, -999, 'the latest raw value is shown as sent');
    // US EPA 2024: the NowCast truncated to 0.1, band 9.1–35.4 → 51–100.
    const truncated = Math.floor(nowcast * 10) / 10;
    assert.equal(s.usAqi?.value, Math.round(((100 - 51) / (35.4 - 9.1)) * (truncated - 9.1) + 51));
    assert.match(s.usAqi.scale, /US EPA/);
    // Twelve hours are not a day: no daily index yet.
    assert.equal(s.dailyVnAqi, null);

    // The index is an attribute of the station's entity, with history like any other.
    const history = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(entityId(STATION_HOURLY))}?attrs=airQualityIndex&options=temporalValues&timerel=after&timeAt=2026-01-01T00:00:00Z`,
      headers: admin.auth,
    });
    assert.equal(history.statusCode, 200, history.body);
    const values = history.json<{ airQualityIndex?: { values: [number, string][] } }>().airQualityIndex?.values ?? [];
    assert.ok(
      values.some(([v, t]) => v === 59 && t === at(10, 20, 45)),
      JSON.stringify(values),
    );
  });

  it('rates a whole day as the decision’s daily example: AQI^d 110, PM2.5 dominant', async () => {
    const readings = Array.from({ length: 24 }, (_, h) => ({
      TimeInstant: at(11, h),
      pm25: 55.7,
      no2: h === 10 ? 130.8 : 50,
      o3: h < 8 ? 89.3 : h === 20 ? 114.6 : 0,
    }));
    await send(STATION_DAILY, readings);
    const s = await rated(STATION_DAILY, (v) => v.dailyVnAqi !== null);
    assert.equal(s.dailyVnAqi?.value, 110);
    assert.equal(s.dailyVnAqi?.day, '2026-03-11');
    assert.equal(s.dailyVnAqi?.dominantPollutant, 'pm25');
    assert.equal(s.vnAqi?.value, 110); // the last hour: a steady 55.7 NowCast → 109.5 → 110

    const list = await app.http.inject({
      method: 'GET',
      url: '/api/v1/environment/air-quality/stations',
      headers: admin.auth,
    });
    assert.equal(list.statusCode, 200, list.body);
    const body = list.json<{ count: number; stations: StationView[] }>();
    assert.ok(
      body.stations.some((x) => x.id === entityId(STATION_DAILY) && x.vnAqi?.category.name.vi === 'Kém'),
      "body.stations.some((x) => x.id === entityId(STATION_DAILY) && x.vnAqi?.category.name.vi === 'Kém')",
    );

    // Every field of the view reaches the caller: the response schema, which serialises, forgets none.
    const entity = await app.broker.service.retrieveEntity('', entityId(STATION_DAILY));
    const view = JSON.parse(JSON.stringify(stationView(await app.broker.resolver.core(), entity))) as StationView;
    assert.ok('concentrations' in (view.vnAqi ?? {}) && 'location' in view, JSON.stringify(view));
    assert.deepEqual(await station(STATION_DAILY), view);
    assert.deepEqual(
      body.stations.find((x) => x.id === entityId(STATION_DAILY)),
      view,
    );
  });

  it('answers 404 for an entity that is not a station, and 401 without a login', async () => {
    const missing = await app.http.inject({
      method: 'GET',
      url: '/api/v1/environment/air-quality/stations/urn:ngsi-ld:AirQualityObserved:nowhere',
      headers: admin.auth,
    });
    assert.equal(missing.statusCode, 404, missing.body);
    const anonymous = await app.http.inject({ method: 'GET', url: '/api/v1/environment/air-quality/stations' });
    assert.equal(anonymous.statusCode, 401, anonymous.body);
  });
  interface AlarmRow {
    condition: string;
    severity: string;
    state: string;
    value: number;
    threshold: number;
  }
  const alarmsOf = async (source: string, ready: (a: AlarmRow[]) => boolean): Promise<AlarmRow[]> => {
    let alarms: AlarmRow[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await app.http.inject({
        method: 'GET',
        url: `/api/v1/alarms?state=all&source=${encodeURIComponent(source)}`,
        headers: admin.auth,
      });
      assert.equal(res.statusCode, 200, res.body);
      alarms = res.json<{ alarms: AlarmRow[] }>().alarms;
      if (ready(alarms)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return alarms;
  };
  const byCondition = (alarms: AlarmRow[]) => Object.fromEntries(alarms.map((a) => [a.condition, a]));

  it('raises alarms for a PM2.5 day over the 2026 QCVN limit and a VN_AQI at "Xấu", and clears them after', async () => {
    const id = entityId(STATION_ALARM);
    // 100 µg/m³ all day: over the 45 µg/m³ 24 h limit of 2026 by more than double; NowCast 100 → VN_AQI 164.
    await send(
      STATION_ALARM,
      Array.from({ length: 24 }, (_, h) => ({ TimeInstant: at(12, h), pm25: 100 })),
    );
    const raised = byCondition(await alarmsOf(id, (a) => a.length >= 2));
    assert.deepEqual(
      [raised['air:pm25:24h']?.state, raised['air:pm25:24h']?.severity, raised['air:pm25:24h']?.threshold],
      ['active-unacknowledged', 'critical', 45],
    );
    assert.equal(raised['air:pm25:24h']?.value, 100);
    assert.deepEqual([raised['air:aqi']?.severity, raised['air:aqi']?.value], ['high', 164]);

    // A clean day after: both return to normal, and wait for an operator to acknowledge.
    await send(
      STATION_ALARM,
      Array.from({ length: 24 }, (_, h) => ({ TimeInstant: at(13, h), pm25: 10 })),
    );
    const cleared = await alarmsOf(id, (a) => a.every((x) => x.state === 'cleared-unacknowledged'));
    assert.deepEqual(
      cleared.map((a) => a.state),
      ['cleared-unacknowledged', 'cleared-unacknowledged'],
    );
  });

  it('raises a river gauge’s alarm at its warning level, makes it critical at danger, clears it below', async () => {
    const id = 'urn:ngsi-ld:WaterLevelObserved:' + GAUGE;
    await send(GAUGE, [{ TimeInstant: at(14, 8), h: 3.4 }], WATER_KEY);
    const warning = await alarmsOf(id, (a) => a.length === 1);
    assert.deepEqual([warning[0]?.condition, warning[0]?.severity, warning[0]?.threshold], ['water:level', 'high', 3]);
    await send(GAUGE, [{ TimeInstant: at(14, 9), h: 4.2 }], WATER_KEY);
    const danger = await alarmsOf(id, (a) => a[0]?.severity === 'critical');
    assert.equal(danger.length, 1, 'the same alarm, now critical');
    assert.deepEqual([danger[0]?.severity, danger[0]?.threshold, danger[0]?.value], ['critical', 4, 4.2]);
    await send(GAUGE, [{ TimeInstant: at(14, 12), h: 2.1 }], WATER_KEY);
    const cleared = await alarmsOf(id, (a) => a[0]?.state === 'cleared-unacknowledged');
    assert.equal(cleared[0]?.state, 'cleared-unacknowledged');
  });
  it('raises noise alarms over the QCVN 26 limit by day and over a site’s own night limit, and clears them', async () => {
    const street = 'urn:ngsi-ld:NoiseLevelObserved:noise-street';
    const hospital = 'urn:ngsi-ld:NoiseLevelObserved:noise-hospital';
    await send('noise-street', [{ TimeInstant: at(15, 14), laeq: 74 }], NOISE_KEY);
    const day = await alarmsOf(street, (a) => a.length === 1);
    assert.deepEqual([day[0]?.condition, day[0]?.threshold, day[0]?.value], ['noise:limit', 70, 74]);
    // At night a normal area's limit is 55 dBA; this site has its own: 50. 62 is 12 over: medium.
    await send('noise-hospital', [{ TimeInstant: at(15, 23), laeq: 62 }], NOISE_KEY);
    const night = await alarmsOf(hospital, (a) => a.length === 1);
    assert.deepEqual([night[0]?.threshold, night[0]?.severity], [50, 'medium']);
    await send('noise-hospital', [{ TimeInstant: at(16, 0), laeq: 45 }], NOISE_KEY);
    assert.equal(
      (await alarmsOf(hospital, (a) => a[0]?.state === 'cleared-unacknowledged'))[0]?.state,
      'cleared-unacknowledged',
    );
  });

  // Runs after the days above were sent: the 11th (55.7 µg/m³), the 12th (100) and the 13th (10).
  it('summarises days per station and ward, and a month with its days per category', async () => {
    const get = async (url: string) => {
      const res = await app.http.inject({ method: 'GET', url, headers: admin.auth });
      return { status: res.statusCode, body: res.body, json: <T>() => res.json<T>() };
    };
    const daily = await get('/api/v1/environment/air-quality/daily?from=2026-03-11&to=2026-03-13');
    assert.equal(daily.status, 200, daily.body);
    const body = daily.json<{
      stations: { station: string; day: string; vnAqi: number; dominantPollutant: string }[];
      wards: { area: string; day: string; vnAqi: number; worstStation: string }[];
    }>();
    const of = (device: string, day: string) =>
      body.stations.find((d) => d.station === entityId(device) && d.day === day)?.vnAqi;
    assert.equal(of(STATION_DAILY, '2026-03-11'), 110);
    // 24 h mean 100 → 150 + 50 × (100 − 80) / 70 = 164.3; then 10 → 20.
    assert.equal(of(STATION_ALARM, '2026-03-12'), 164);
    assert.equal(of(STATION_ALARM, '2026-03-13'), 20);
    const ward12 = body.wards.find((w) => w.area === 'Phường Hoàn Kiếm' && w.day === '2026-03-12');
    assert.deepEqual([ward12?.vnAqi, ward12?.worstStation], [164, entityId(STATION_ALARM)]);

    const monthly = await get(
      `/api/v1/environment/air-quality/monthly?month=2026-03&station=${encodeURIComponent(entityId(STATION_ALARM))}`,
    );
    assert.equal(monthly.status, 200, monthly.body);
    const month = monthly.json<{
      stations: { daysRated: number; meanVnAqi: number; worstVnAqi: number; daysByLevel: Record<string, number> }[];
    }>();
    assert.equal(month.stations.length, 1);
    assert.deepEqual(
      [month.stations[0]?.daysRated, month.stations[0]?.meanVnAqi, month.stations[0]?.worstVnAqi],
      [2, 92, 164],
    );
    assert.equal(month.stations[0]?.daysByLevel['4'], 1);
    assert.equal(month.stations[0]?.daysByLevel['1'], 1);

    assert.equal((await get('/api/v1/environment/air-quality/daily?from=2026-3-1&to=2026-03-02')).status, 400);
    assert.equal((await get('/api/v1/environment/air-quality/daily?from=2026-01-01&to=2026-06-01')).status, 400);
    assert.equal((await get('/api/v1/environment/air-quality/monthly?month=March')).status, 400);
    const nowhere = encodeURIComponent('urn:ngsi-ld:AirQualityObserved:nowhere');
    assert.equal((await get(`/api/v1/environment/air-quality/monthly?month=2026-03&station=${nowhere}`)).status, 404);
  });
});
