import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../../app.js';
import { accountWith, buildTestApp, type Account } from '../../../../test/support/app.js';
import { describeEachDriver, silentLog } from '../../../../test/support/databases.js';
import { zipFeed } from '../../../../test/support/gtfs.js';
import { LiveVehicles } from '../index.js';
import { clockTime, localDay, serviceDayStart } from './timetable.js';

/**
 * Runs of one trip by frequencies kept apart: each run's arrivals recorded, and its predictions scored,
 * on their own (the runs share a trip id and reach the same stops minutes apart). Readings go straight
 * to a LiveVehicles on a clock set by the test.
 */

const TZ = 'Asia/Ho_Chi_Minh';
/** Yesterday's service day: every reading lies in the past, and the punctuality window holds them. */
const day = localDay(TZ, Date.now() - 86_400_000);
const dayStart = serviceDayStart(TZ, day);
const instant = (secs: number) => new Date(dayStart + secs * 1000);
/** Stops along the parallel 21° N, ~1,038 m apart; S2's circle begins 30 m before it. */
const lonOf = (metres: number) => 105.8 + metres / 103_800;
const S2_EDGE_M = 1038 - 30;
const SEVEN = 7 * 3600;

function feed(): Record<string, string> {
  const stopTimes = (trip: string, start: number) => [
    `${trip},${clockTime(start)},${clockTime(start)},S1,1`,
    `${trip},${clockTime(start + 180)},${clockTime(start + 210)},S2,2`,
    `${trip},${clockTime(start + 420)},${clockTime(start + 420)},S3,3`,
    `${trip},${clockTime(start + 600)},${clockTime(start + 600)},S4,4`,
  ];
  return {
    'agency.txt': `agency_id,agency_name,agency_url,agency_timezone\nHNB,Hanoi Bus,https://example.vn,${TZ}\n`,
    'routes.txt': 'route_id,agency_id,route_short_name,route_type\nR9,HNB,09,3\nR8,HNB,08,3\nR7,HNB,07,3\n',
    'stops.txt': [
      'stop_id,stop_name,stop_lat,stop_lon',
      ...['S1', 'S2', 'S3', 'S4'].map((s, i) => `${s},Stop ${s},21,${105.8 + i * 0.01}`),
    ].join('\n'),
    'calendar.txt':
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,1,1,20260101,20271231\n',
    'shapes.txt': [
      'shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence',
      ...Array.from({ length: 13 }, (_, i) => `SH1,21,${(105.8 + i * 0.0025).toFixed(4)},${i + 1}`),
    ].join('\n'),
    // F1 runs every 10 minutes from 07:00; P8 and P7 once, at 07:00.
    'trips.txt': ['route_id,service_id,trip_id,shape_id', 'R9,WK,F1,SH1', 'R8,WK,P8,SH1', 'R7,WK,P7,SH1'].join('\n'),
    'stop_times.txt': [
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence',
      ...stopTimes('F1', SEVEN),
      ...stopTimes('P8', SEVEN),
      ...stopTimes('P7', SEVEN),
    ].join('\n'),
    'frequencies.txt': 'trip_id,start_time,end_time,headway_secs,exact_times\nF1,07:00:00,09:00:00,600,1\n',
  };
}

describeEachDriver('transit: the runs of a trip by frequencies kept apart', (ctx) => {
  let app: App;
  let admin: Account;
  let operator: Account;
  let live: LiveVehicles;
  let now = 0;
  /** Reads of the runs other buses are on (a bus naming only its route asks for them). */
  let runsRead = 0;

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    operator = await accountWith(app, ['operator']);
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/transit/feeds?roadShapes=false',
      headers: { ...admin.auth, 'content-type': 'application/zip' },
      payload: zipFeed(feed()),
    });
    assert.equal(res.statusCode, 201, res.body);
    const db = new Proxy(ctx.db, {
      get(target, key) {
        if (key === 'query') {
          return (text: string, params?: unknown[]) => {
            if (/SELECT DISTINCT trip_id/.test(text)) runsRead++;
            return target.query(text, params);
          };
        }
        const v: unknown = Reflect.get(target, key);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    live = new LiveVehicles({
      db,
      log: silentLog,
      context: app.broker.service,
      resolver: app.broker.resolver,
      alarms: { raise: () => Promise.resolve(), clear: () => Promise.resolve() },
      now: () => new Date(now),
    });
  });
  after(async () => {
    await app.http.close();
  });

  /** A reading at `secs` of the service day, `metres` along the shape; the clock set to it. */
  const ingest = async (
    vehicle: string,
    secs: number,
    metres: number,
    trip: { tripId?: string; routeCode?: string; startTime?: string },
  ) => {
    now = instant(secs).getTime();
    const outcome = await live.ingest('', {
      vehicleId: `urn:ngsi-ld:Vehicle:${vehicle}`,
      observedAt: new Date(now),
      lon: lonOf(metres),
      lat: 21,
      speedKmh: 20,
      ...trip,
      ...(trip.startTime ? { startDate: day } : {}),
      inService: true,
    });
    assert.equal(outcome.kind, 'matched');
    return outcome.kind === 'matched' ? outcome.state : undefined;
  };
  /** About when a bus going from `from` (at `t0`) to `to` (at `t1`) reached S2's circle (the shape's metres differ a little). */
  const reachedS2 = (t0: number, from: number, t1: number, to: number) =>
    instant(t0).getTime() + ((S2_EDGE_M - from) / (to - from)) * (t1 - t0) * 1000;
  const near = (at: string, expected: number) =>
    assert.ok(Math.abs(Date.parse(at) - expected) < 1000, `${at}, not about ${new Date(expected).toISOString()}`);

  const arrivalsAtS2 = async (trip: string) => {
    const { rows } = await ctx.db.query<{ start_time: string; vehicle_id: string; arrived_at: Date | string }>(
      `SELECT start_time, vehicle_id, arrived_at FROM transit_stop_arrival
        WHERE tenant = '' AND trip_id = $1 AND service_date = $2 AND stop_sequence = 2 ORDER BY start_time`,
      [trip, day],
    );
    return rows.map((r) => ({ ...r, arrived_at: new Date(r.arrived_at).toISOString() }));
  };
  const predictionsOfS2 = async (trip: string) => {
    const { rows } = await ctx.db.query<{ start_time: string; actual_at: Date | string | null }>(
      `SELECT start_time, actual_at FROM transit_prediction
        WHERE tenant = '' AND trip_id = $1 AND service_date = $2 AND stop_sequence = 2 ORDER BY start_time, horizon`,
      [trip, day],
    );
    return rows.map((r) => ({ run: r.start_time, actual: r.actual_at && new Date(r.actual_at).toISOString() }));
  };

  it('records two runs of one trip 10 minutes apart at the same stop apart, each scored against its own arrival', async () => {
    const first = SEVEN + 50 * 60;
    const second = first + 600;
    // The 07:50 run: between S1 and S2, then past S2.
    const a = await ingest('FA', first + 30, 300, { tripId: 'F1', startTime: '07:50:00' });
    assert.equal(a?.startTime, '07:50:00');
    await ingest('FA', first + 180, 1100, { tripId: 'F1', startTime: '07:50:00' });
    // The 08:00 run the same way, 20 s later on its way.
    const b = await ingest('FB', second + 30, 300, { tripId: 'F1', startTime: '08:00:00' });
    assert.equal(b?.startTime, '08:00:00');
    await ingest('FB', second + 200, 1100, { tripId: 'F1', startTime: '08:00:00' });

    const arrivals = await arrivalsAtS2('F1');
    assert.deepEqual(
      arrivals.map((r) => [r.start_time, r.vehicle_id]),
      [
        ['07:50:00', 'urn:ngsi-ld:Vehicle:FA'],
        ['08:00:00', 'urn:ngsi-ld:Vehicle:FB'],
      ],
    );
    const atA = arrivals[0]?.arrived_at ?? '';
    const atB = arrivals[1]?.arrived_at ?? '';
    near(atA, reachedS2(first + 30, 300, first + 180, 1100));
    near(atB, reachedS2(second + 30, 300, second + 200, 1100));
    const predictions = await predictionsOfS2('F1');
    assert.ok(
      predictions.some((p) => p.run === '07:50:00') && predictions.some((p) => p.run === '08:00:00'),
      `each run's predictions of S2 kept: ${JSON.stringify(predictions)}`,
    );
    for (const p of predictions) assert.equal(p.actual, p.run === '07:50:00' ? atA : atB, JSON.stringify(p));

    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM transit_prediction WHERE tenant = '' AND trip_id = 'F1' AND actual_at IS NOT NULL`,
    );
    const accuracy = await live.accuracy('', { routeId: 'R9', since: instant(0) });
    assert.equal(
      accuracy.reduce((n, r) => n + r.scored, 0),
      rows[0]?.n,
    );

    // The operations centre's timeline draws each run as its own line.
    const res = await app.http.inject({
      method: 'GET',
      url: '/api/v1/transit/routes/R9/timeline?hours=24&direction=0',
      headers: operator.auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    const runs = res.json<{ trips: { tripId: string; startTime?: string; vehicleId: string }[] }>().trips;
    assert.deepEqual(
      runs.map((t) => [t.tripId, t.startTime, t.vehicleId]),
      [
        ['F1', '07:50:00', 'urn:ngsi-ld:Vehicle:FA'],
        ['F1', '08:00:00', 'urn:ngsi-ld:Vehicle:FB'],
      ],
    );
  });

  it('keeps a scheduled trip as before: one run, kept under no start', async () => {
    const start = SEVEN;
    const v = await ingest('PA', start + 30, 300, { tripId: 'P8' });
    assert.equal(v?.startTime, '07:00:00');
    await ingest('PA', start + 180, 1100, { tripId: 'P8' });
    const arrivals = await arrivalsAtS2('P8');
    assert.deepEqual(
      arrivals.map((r) => [r.start_time, r.vehicle_id]),
      [['', 'urn:ngsi-ld:Vehicle:PA']],
    );
    const atS2 = arrivals[0]?.arrived_at ?? '';
    near(atS2, reachedS2(start + 30, 300, start + 180, 1100));
    const predictions = await predictionsOfS2('P8');
    assert.ok(predictions.length > 0, 'predictions of S2 kept');
    for (const p of predictions) assert.deepEqual(p, { run: '', actual: atS2 });
  });

  it('reads the runs other buses are on only when a bus naming only its route is matched to another run than it was on', async () => {
    const start = SEVEN;
    runsRead = 0;
    const first = await ingest('RA', start + 30, 300, { routeCode: 'R7' });
    assert.equal(first?.tripId, 'P7');
    assert.equal(runsRead, 1, 'its first reading: which runs are taken is read');
    for (const [secs, metres] of [
      [60, 400],
      [90, 500],
      [180, 1100],
    ] as const) {
      const v = await ingest('RA', start + secs, metres, { routeCode: 'R7' });
      assert.equal(v?.tripId, 'P7');
    }
    assert.equal(runsRead, 1, 'staying on its run: not read again');
    assert.equal((await arrivalsAtS2('P7')).length, 1);

    // Another bus naming only route 7, beside it: P7 is taken, so it is on none.
    const other = await ingest('RB', start + 185, 1100, { routeCode: 'R7' });
    assert.equal(other?.tripId, null);
    assert.equal(runsRead, 2);
  });
});
