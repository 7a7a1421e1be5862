import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../../app.js';
import { accountWith, buildTestApp, type Account } from '../../../../test/support/app.js';
import { describeEachDriver, silentLog } from '../../../../test/support/databases.js';
import { zipFeed } from '../../../../test/support/gtfs.js';
import { checkFeed, decodeFeed } from '../../../../test/support/gtfs-rt-rules.js';
import { LiveVehicles, transitModule } from '../index.js';
import { clockTime, dayAfter, dayBefore, localDay, serviceDayStart } from './timetable.js';

/**
 * Live buses end to end: a small feed imported for real, buses reporting as Vehicle entities through
 * the broker's HTTP API, the worker matching them, and what riders and the operations centre read.
 */

const TZ = 'Asia/Ho_Chi_Minh';
/**
 * The trips start 6 minutes before each database's feed is imported (after its app is built, which on
 * a loaded machine takes long), so that every reading below lies in the past (or just now) and is still
 * recent (within the feeds' 90 s) when it is read.
 */
let t0 = 0;
let day = '';
let base = 0;
function startTheClock(): void {
  t0 = Math.floor((Date.now() - 360_000) / 1000) * 1000;
  day = localDay(TZ, t0);
  base = Math.round((t0 - serviceDayStart(TZ, day)) / 1000);
}
const at = (secs: number) => new Date(t0 + secs * 1000).toISOString();
/** Stops along the parallel 21° N, ~1,038 m apart; a shape with points between them. */
const lonOf = (metres: number) => 105.8 + metres / 103_800;
const STOPS = ['S1', 'S2', 'S3', 'S4'];

function feed(): Record<string, string> {
  const stopTimes = (trip: string, start: number) => [
    `${trip},${clockTime(start)},${clockTime(start)},S1,1,1`,
    `${trip},${clockTime(start + 180)},${clockTime(start + 210)},S2,2,1`,
    `${trip},${clockTime(start + 420)},${clockTime(start + 420)},S3,3,1`,
    `${trip},${clockTime(start + 600)},${clockTime(start + 600)},S4,4,1`,
  ];
  const yesterday = dayBefore(day);
  return {
    'agency.txt': `agency_id,agency_name,agency_url,agency_timezone\nHNB,Hanoi Bus,https://example.vn,${TZ}\n`,
    'routes.txt': 'route_id,agency_id,route_short_name,route_type\nR1,HNB,01,3\nR2,HNB,02,3\n',
    'stops.txt': [
      'stop_id,stop_name,stop_lat,stop_lon',
      ...STOPS.map((s, i) => `${s},Stop ${s},21,${105.8 + i * 0.01}`),
    ].join('\n'),
    'calendar.txt':
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,1,1,20260101,20271231\n',
    'calendar_dates.txt': `service_id,date,exception_type\nNIGHT,${yesterday},1\n`,
    'shapes.txt': [
      'shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence',
      ...Array.from({ length: 13 }, (_, i) => `SH1,21,${(105.8 + i * 0.0025).toFixed(4)},${i + 1}`),
    ].join('\n'),
    'trips.txt': [
      'route_id,service_id,trip_id,shape_id,direction_id',
      'R1,WK,T1,SH1,0',
      'R1,WK,T2,SH1,0',
      'R1,NIGHT,T3,,0',
      'R1,WK,T4,SH1,0',
      'R1,WK,T5,SH1,0',
      'R1,WK,T10,SH1,0',
      // Buses that leave their trip on the approach to S4, the terminus.
      ...['T11', 'T12', 'T13', 'T14', 'T15'].map((t) => `R1,WK,${t},SH1,0`),
      // Route 2 runs the same stops: its buses teach the running time between S2 and S3.
      'R2,WK,T6,SH1,0',
      'R2,WK,T7,SH1,0',
      'R2,WK,T8,SH1,0',
      'R2,WK,T9,SH1,0',
    ].join('\n'),
    'stop_times.txt': [
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence,timepoint',
      ...stopTimes('T1', base),
      ...stopTimes('T2', base + 120),
      // Yesterday's service day, past 24:00: the same clock time as T1, a day further on.
      ...stopTimes('T3', base + 86_400),
      ...stopTimes('T4', base),
      ...stopTimes('T5', base),
      ...stopTimes('T10', base),
      ...['T11', 'T12', 'T13', 'T14', 'T15'].flatMap((t) => stopTimes(t, base)),
      ...stopTimes('T6', base - 900),
      ...stopTimes('T7', base - 900),
      ...stopTimes('T8', base - 900),
      ...stopTimes('T9', base + 90),
    ].join('\n'),
  };
}

interface LiveVehicle {
  id: string;
  observedAt: string;
  tripId: string | null;
  routeId: string | null;
  startDate: string | null;
  distanceAlong: number | null;
  deviation: number | null;
  status: string | null;
  stopId: string | null;
  flags: string[];
  lastRefused: { at: string; reason: string } | null;
}

describeEachDriver('transit: live buses on their trips', (ctx) => {
  let app: App;
  let admin: Account;
  let operator: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, { IOT_BATCH_WAIT: '2ms' });
    admin = await accountWith(app, ['admin'], '*');
    operator = await accountWith(app, ['operator']);
    startTheClock();
    const res = await app.http.inject({
      method: 'POST',
      // Its stops and shape are drawn on the 21° N parallel, not on the roads: kept as they are.
      url: '/api/v1/transit/feeds?roadShapes=false',
      headers: { ...admin.auth, 'content-type': 'application/zip' },
      payload: zipFeed(feed()),
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json<{ roadShapes: { status: string } }>().roadShapes.status, 'off');
    await app.broker.startWorker();
    await app.modules.startWorker();
  });
  after(async () => {
    await app.broker.stopWorker();
    await app.http.close();
  });

  const vehicles = async (): Promise<LiveVehicle[]> => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/transit/vehicles', headers: operator.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ vehicles: LiveVehicle[] }>().vehicles;
  };
  const vehicle = async (id: string) => (await vehicles()).find((v) => v.id === `urn:ngsi-ld:Vehicle:${id}`);

  /** A bus reports through the broker, and the worker has handled it (matched, or refused). */
  const report = async (
    id: string,
    r: {
      at: string;
      metres?: number;
      lon?: number;
      lat?: number;
      speed?: number;
      trip?: string;
      route?: string;
      outOfService?: boolean;
      /** The operator's name for the bus and its plate (FIWARE Vehicle fleetVehicleId, vehiclePlateIdentifier). */
      label?: string;
      plate?: string;
      /** The trip's service day as the bus gives it (GTFS-Realtime start_date), stamped with the position's time. */
      startDate?: string;
    },
  ): Promise<LiveVehicle> => {
    const entity: Record<string, unknown> = {
      id: `urn:ngsi-ld:Vehicle:${id}`,
      type: 'Vehicle',
      location: {
        type: 'GeoProperty',
        value: { type: 'Point', coordinates: [r.lon ?? lonOf(r.metres ?? 0), r.lat ?? 21] },
        observedAt: r.at,
      },
      speed: { type: 'Property', value: r.speed ?? 0, observedAt: r.at },
      serviceStatus: { type: 'Property', value: r.outOfService ? 'outOfService' : 'onRoute' },
      ...(r.trip ? { tripId: { type: 'Property', value: r.trip } } : {}),
      ...(r.route ? { routeCode: { type: 'Property', value: r.route } } : {}),
      ...(r.label ? { fleetVehicleId: { type: 'Property', value: r.label } } : {}),
      ...(r.plate ? { vehiclePlateIdentifier: { type: 'Property', value: r.plate } } : {}),
      ...(r.startDate ? { tripStartDate: { type: 'Property', value: r.startDate, observedAt: r.at } } : {}),
    };
    const res = await app.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entityOperations/upsert',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: [entity],
    });
    assert.ok(res.statusCode === 201 || res.statusCode === 204, res.body);
    // Waited for by time, not by a count of tries: a loaded machine makes each try slower.
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const v = await vehicle(id);
      if (v && (v.observedAt === r.at || v.lastRefused?.at === r.at)) return v;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the reading of ${id} at ${r.at} was not handled within 60 s`);
  };

  /** The bus's alarms once they are as expected (alarms follow the state's commit), or as they are. */
  const alarmsOf = async (
    id: string,
    expected?: unknown,
    pick?: (a: { condition: string; state: string }) => unknown,
  ) => {
    const until = Date.now() + 30_000;
    for (;;) {
      const alarms = await alarmsNow(id);
      if (expected === undefined || !pick) return alarms;
      if (JSON.stringify(alarms.map(pick)) === JSON.stringify(expected) || Date.now() > until) return alarms;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const alarmsNow = async (id: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/api/v1/alarms?state=all&source=${encodeURIComponent(`urn:ngsi-ld:Vehicle:${id}`)}`,
      headers: operator.auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ alarms: { condition: string; state: string }[] }>().alarms;
  };

  it('matches a bus to the trip it reports, stop by stop: status, stop and deviation', async () => {
    let v = await report('B1', { at: at(0), metres: 0, trip: 'T1', route: 'R1' });
    assert.deepEqual(
      [v.tripId, v.routeId, v.startDate, v.status, v.stopId, v.deviation],
      ['T1', 'R1', day, 'STOPPED_AT', 'S1', 0],
    );
    v = await report('B1', { at: at(60), metres: 363, speed: 25, trip: 'T1', route: 'R1' });
    assert.deepEqual([v.status, v.stopId], ['IN_TRANSIT_TO', 'S2']);
    assert.ok(Math.abs((v.distanceAlong ?? 0) - 363) < 10, String(v.distanceAlong));
    assert.ok(Math.abs(v.deviation ?? 99) <= 5, `on time, not ${v.deviation}`);
    v = await report('B1', { at: at(150), metres: 934, speed: 20, trip: 'T1', route: 'R1' });
    assert.deepEqual([v.status, v.stopId], ['INCOMING_AT', 'S2']);
    v = await report('B1', { at: at(200), metres: 1038, speed: 0, trip: 'T1', route: 'R1' });
    // Within its dwell (180–210 s): on time.
    assert.deepEqual([v.status, v.stopId, v.deviation], ['STOPPED_AT', 'S2', 0]);
    v = await report('B1', {
      at: at(330),
      metres: 1245,
      speed: 20,
      trip: 'T1',
      route: 'R1',
      label: '421',
      plate: '29B-042.10',
    });
    assert.deepEqual([v.status, v.stopId], ['IN_TRANSIT_TO', 'S3']);
    // Late: positive deviation (it should have been here at about 252 s).
    assert.ok((v.deviation ?? 0) > 60 && (v.deviation ?? 0) < 100, `late by ${v.deviation}`);
  });

  it('predicts every stop ahead from the deviation, for boards and the TripUpdates feed', async () => {
    const predictions = await app.modules
      .get(transitModule)
      .live.atStop('', 'S3', new Date(t0), new Date(t0 + 3600_000));
    const p = predictions.find((x) => x.tripId === 'T1');
    assert.ok(p, JSON.stringify(predictions));
    assert.equal(p.startDate, day);
    assert.equal(p.vehicleId, 'B1', 'the bus by its own id, not the entity URN');
    assert.ok(p.delaySeconds > 60, String(p.delaySeconds));
    assert.equal(p.arrival.getTime(), t0 + (420 + p.delaySeconds) * 1000);

    const res = await app.http.inject({ method: 'GET', url: '/api/v1/transit/gtfs-rt/trip-updates' });
    assert.equal(res.statusCode, 200);
    const known = {
      tripIds: new Set(['T1', 'T2', 'T3', 'T4', 'T5']),
      routeIds: new Set(['R1']),
      stopIds: new Set(STOPS),
    };
    assert.deepEqual(checkFeed(res.rawPayload, { fetchedAt: new Date(), known }), []);
    const update = decodeFeed(res.rawPayload).entity?.find((e) => e.tripUpdate?.trip.tripId === 'T1')?.tripUpdate;
    assert.ok(update, 'update');
    // The bus as its operator names it: the label its last reading gave, its plate, and its own id.
    assert.deepEqual(
      [update.vehicle?.id, update.vehicle?.label, update.vehicle?.licensePlate],
      ['B1', '421', '29B-042.10'],
    );
    assert.deepEqual(
      update.stopTimeUpdate?.map((u) => [u.stopSequence, u.stopId]),
      [
        [3, 'S3'],
        [4, 'S4'],
      ],
    );
    // Late at S3 (due 420 s in): the time carries it, a reader works the delay out against the timetable.
    const s3 = update.stopTimeUpdate?.[0]?.arrival;
    assert.ok(Number(s3?.time) - (t0 / 1000 + 420) > 60, JSON.stringify(s3));
    assert.equal(s3?.delay, undefined, 'the time alone: a reader takes it over a delay');

    const vp = await app.http.inject({ method: 'GET', url: '/api/v1/transit/gtfs-rt/vehicle-positions?format=json' });
    assert.equal(vp.statusCode, 200);
    const pb = await app.http.inject({ method: 'GET', url: '/api/v1/transit/gtfs-rt/vehicle-positions' });
    assert.deepEqual(checkFeed(pb.rawPayload, { fetchedAt: new Date(), known }), []);
    const b1 = decodeFeed(pb.rawPayload).entity?.find((e) => e.vehicle?.vehicle?.id === 'B1');
    assert.ok(b1?.vehicle, 'b1?.vehicle');
    assert.deepEqual([b1.vehicle.trip?.tripId, b1.vehicle.stopId], ['T1', 'S3']);
    assert.deepEqual([b1.vehicle.vehicle?.label, b1.vehicle.vehicle?.licensePlate], ['421', '29B-042.10']);
    const json = vp.json<{
      entity: { vehicle?: { vehicle?: { id?: string; label?: string; licensePlate?: string } } }[];
    }>();
    assert.deepEqual(
      json.entity.find((e) => e.vehicle?.vehicle?.id === 'B1')?.vehicle?.vehicle,
      { id: 'B1', label: '421', licensePlate: '29B-042.10' },
      'the JSON feed names it the same',
    );
    assert.equal((b1.vehicle as { currentStatus?: string }).currentStatus, 'IN_TRANSIT_TO');
  });

  it('matches a bus without a trip by its route, time and place; an early bus has a negative deviation', async () => {
    const v = await report('B2', { at: at(100), metres: 104, speed: 20, route: 'R1' });
    assert.equal(v.tripId, 'T2');
    assert.ok((v.deviation ?? 0) < -20, `early by ${v.deviation}`);
  });

  it("matches a trip past midnight to yesterday's service day", async () => {
    const v = await report('B3', { at: at(60), metres: 363, speed: 25, trip: 'T3', route: 'R1' });
    assert.equal(v.tripId, 'T3');
    assert.equal(v.startDate, dayBefore(day));
    assert.ok(Math.abs(v.deviation ?? 99) <= 5, String(v.deviation));
  });

  it('refuses a reading from the future, a 50 km jump and an unknown trip, leaving the state as it was', async () => {
    const before = await vehicle('B1');
    assert.ok(before, 'before');
    const same = (v: LiveVehicle) => [v.observedAt, v.tripId, v.distanceAlong, v.deviation, v.status, v.stopId];
    let v = await report('B1', {
      at: new Date(Date.now() + 600_000).toISOString(),
      metres: 1300,
      trip: 'T1',
      route: 'R1',
    });
    assert.equal(v.lastRefused?.reason, 'future-timestamp');
    assert.deepEqual(same(v), same(before));
    v = await report('B1', { at: at(340), lon: 106.3, trip: 'T1', route: 'R1' });
    assert.equal(v.lastRefused?.reason, 'gps-jump');
    assert.deepEqual(same(v), same(before));
    v = await report('B1', { at: at(345), metres: 1260, trip: 'NOPE', route: 'NOPE' });
    assert.equal(v.lastRefused?.reason, 'unknown-trip');
    assert.deepEqual(same(v), same(before));
    // Counted for the operators' dashboards.
    const metrics = await app.http.inject({ method: 'GET', url: '/metrics', headers: admin.auth });
    for (const reason of ['future-timestamp', 'gps-jump', 'unknown-trip']) {
      assert.match(
        metrics.body
          .split('\n')
          .filter((l) => l.includes('refused'))
          .join('\n'),
        new RegExp(`thanglong_transit_readings_refused_total\\{reason="${reason}"[^}]*\\} 1$`, 'm'),
      );
    }
  });

  it('flags a bus off its route for several readings, raises an alarm, and clears both when it is back', async () => {
    await report('B5', { at: at(10), metres: 100, speed: 20, trip: 'T4', route: 'R1' });
    let v = await report('B5', { at: at(70), metres: 300, lat: 21.005, speed: 20, trip: 'T4', route: 'R1' });
    v = await report('B5', { at: at(130), metres: 500, lat: 21.005, speed: 20, trip: 'T4', route: 'R1' });
    assert.deepEqual(v.flags, [], 'two stray readings are not yet a detour');
    v = await report('B5', { at: at(190), metres: 700, lat: 21.005, speed: 20, trip: 'T4', route: 'R1' });
    assert.deepEqual(v.flags, ['off-route']);
    const both = (a: { condition: string; state: string }) => [a.condition, a.state];
    const raised = [['transit:off-route', 'active-unacknowledged']];
    const [offRoute] = await alarmsOf('B5', raised, both);
    assert.deepEqual(
      [offRoute].map((a) => a && both(a)),
      raised,
    );
    // The bus the operations centre names in its reader's language.
    assert.match(String((offRoute as { params?: Record<string, unknown> } | undefined)?.params?.['vehicle']), /B5/);
    v = await report('B5', { at: at(250), metres: 900, speed: 20, trip: 'T4', route: 'R1' });
    assert.deepEqual(v.flags, []);
    const cleared = [['transit:off-route', 'cleared-unacknowledged']];
    assert.deepEqual((await alarmsOf('B5', cleared, both)).map(both), cleared);
  });

  it('flags a bus standing still for 5 minutes between stops, and clears it when it moves on', async () => {
    const condition = (a: { condition: string; state: string }) => [a.condition, a.state];
    const stopped = (alarms: { condition: string; state: string }[]) =>
      alarms.filter((a) => a.condition === 'transit:stopped').map(condition);
    await report('B11', { at: at(60), metres: 500, trip: 'T10', route: 'R1' });
    let v = await report('B11', { at: at(200), metres: 505, trip: 'T10', route: 'R1' });
    assert.ok(!v.flags.includes('stopped-too-long'), "!v.flags.includes('stopped-too-long')");
    v = await report('B11', { at: at(365), metres: 502, trip: 'T10', route: 'R1' });
    assert.ok(v.flags.includes('stopped-too-long'), JSON.stringify(v.flags));
    const raised = [['transit:stopped', 'active-unacknowledged']];
    assert.deepEqual(stopped(await alarmsOf('B11', raised, condition)), raised);
    v = await report('B11', { at: at(380), metres: 650, speed: 30, trip: 'T10', route: 'R1' });
    assert.ok(!v.flags.includes('stopped-too-long'), "!v.flags.includes('stopped-too-long')");
    const cleared = [['transit:stopped', 'cleared-unacknowledged']];
    assert.deepEqual(stopped(await alarmsOf('B11', cleared, condition)), cleared);
  });

  it('flags a bus on its trip that went silent, and clears it when it reports again', async () => {
    await report('B6', { at: at(-10), metres: 0, trip: 'T5', route: 'R1' });
    const flagged = await app.modules.get(transitModule).live.flagSilent();
    assert.ok(flagged >= 1, 'flagged >= 1');
    let v = await vehicle('B6');
    assert.deepEqual(v?.flags, ['silent']);
    assert.deepEqual(
      (await alarmsOf('B6')).map((a) => a.condition),
      ['transit:silent'],
    );
    const state = (a: { state: string }) => a.state;
    v = await report('B6', { at: at(300), metres: 900, speed: 20, trip: 'T5', route: 'R1' });
    assert.deepEqual(v.flags, []);
    assert.deepEqual((await alarmsOf('B6', ['cleared-unacknowledged'], state)).map(state), ['cleared-unacknowledged']);
  });

  it('learns the running time between two stops from the buses that ran it, and predicts with it', async () => {
    // Three buses took 400 s from S2 to S3, where the timetable gives 210 s.
    for (const [bus, trip] of [
      ['B7', 'T6'],
      ['B8', 'T7'],
      ['B9', 'T8'],
    ] as const) {
      await report(bus, { at: at(-700), metres: 1038, trip, route: 'R2' });
      await report(bus, { at: at(-670), metres: 1100, speed: 20, trip, route: 'R2' });
      await report(bus, { at: at(-270), metres: 2076, trip, route: 'R2' });
    }
    const live = app.modules.get(transitModule).live;
    assert.ok((await live.learnTravelTimes('')) >= 1, "(await live.learnTravelTimes('')) >= 1");
    // A bus at S2 late, heard now (predictions are made only for buses heard in the last 90 s, however
    // long this lane took to get here): the deviation alone would say as late at S3; what was learned,
    // over 3 minutes more (400 s run where the timetable gives 210 s).
    const secs = Math.floor((Date.now() - t0) / 1000);
    const v = await report('B10', { at: at(secs), metres: 1038, trip: 'T9', route: 'R2' });
    const late = secs - 300;
    assert.deepEqual([v.status, v.stopId, v.deviation], ['STOPPED_AT', 'S2', late]);
    const s3 = (await live.atStop('', 'S3', new Date(t0), new Date(t0 + 7200_000))).find((p) => p.tripId === 'T9');
    assert.ok(s3 && s3.delaySeconds - late > 150 && s3.delaySeconds - late < 230, JSON.stringify(s3));
  });

  it('scores predictions against actual arrivals, per route and horizon, beside the timetable alone', async () => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/api/v1/transit/prediction-accuracy?route=R1&since=${encodeURIComponent(at(-3600))}`,
      headers: operator.auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{
      routes: {
        routeId: string;
        horizons: { horizon: string; scored: number; withinBand: number; scheduleWithinBand: number }[];
      }[];
    }>();
    const r1 = body.routes.find((r) => r.routeId === 'R1');
    assert.ok(r1, res.body);
    const near = r1.horizons.find((h) => h.horizon === '0-3');
    assert.ok(near && near.scored >= 1, res.body);
    // B1 reached S2 on time: predictions made on the way were within the band, and so was the timetable.
    assert.equal(near.withinBand, 1);
    assert.equal(near.scheduleWithinBand, 1);

    const viewer = await accountWith(app, ['viewer']);
    const refused = await app.http.inject({
      method: 'GET',
      url: '/api/v1/transit/prediction-accuracy',
      headers: viewer.auth,
    });
    assert.equal(refused.statusCode, 403);
    for (const since of ['yesterday', '2026-02-30T08:00:00+07:00', '2026-12-03T24:00:00Z', '2026-12-03T08:00:00']) {
      const bad = await app.http.inject({
        method: 'GET',
        url: `/api/v1/transit/prediction-accuracy?since=${encodeURIComponent(since)}`,
        headers: operator.auth,
      });
      assert.equal(bad.statusCode, 400, since);
      assert.equal(bad.json<{ code: string }>().code, 'TRANSIT_BAD_SINCE');
    }
  });

  it("tells the operations centre each route's punctuality and draws a route direction's timeline", async () => {
    const get = (url: string, who: Account | null = operator) =>
      app.http.inject({ method: 'GET', url, headers: who ? who.auth : {} });
    const res = await get('/api/v1/transit/punctuality?hours=1');
    assert.equal(res.statusCode, 200, res.body);
    type Counts = { stops: number; onTime: number; early: number; late: number };
    const body = res.json<{
      timezone: string;
      onTimeWindow: { earlySeconds: number; lateSeconds: number };
      routes: (Counts & { routeId: string; shortName: string; onTimeShare: number; hours: Counts[] })[];
    }>();
    assert.equal(body.timezone, TZ);
    assert.deepEqual(body.onTimeWindow, { earlySeconds: 60, lateSeconds: 300 });
    const r1 = body.routes.find((r) => r.routeId === 'R1');
    assert.ok(r1 && r1.stops > 0, res.body);
    assert.equal(r1.shortName, '01');
    assert.equal(r1.onTime + r1.early + r1.late, r1.stops);
    assert.equal(r1.onTimeShare, r1.onTime / r1.stops);
    assert.equal(
      r1.hours.reduce((n, h) => n + h.stops, 0),
      r1.stops,
      'the hours add up to the route',
    );

    const line = await get('/api/v1/transit/routes/R1/timeline?hours=1&direction=0');
    assert.equal(line.statusCode, 200, line.body);
    const timeline = line.json<{
      stops: { stopId: string; distance: number }[];
      trips: { tripId: string; points: { stopId: string; distance: number; arrived: string | null }[] }[];
    }>();
    assert.deepEqual(
      timeline.stops.map((s) => s.stopId),
      STOPS,
    );
    // The stops lie 0.01° of longitude apart on 21° N: about 1,038 m.
    assert.ok(Math.abs((timeline.stops[1]?.distance ?? 0) - 1038) < 15, JSON.stringify(timeline.stops));
    const t1 = timeline.trips.find((t) => t.tripId === 'T1');
    assert.ok(t1, line.body);
    const atS2 = t1.points.find((p) => p.stopId === 'S2');
    assert.ok(atS2?.arrived, 'B1 reached S2 on trip T1');
    assert.equal(atS2.distance, timeline.stops[1]?.distance);

    assert.equal((await get('/api/v1/transit/routes/NOPE/timeline')).statusCode, 404);
    assert.equal((await get('/api/v1/transit/punctuality?hours=0')).statusCode, 400);
    assert.equal((await get('/api/v1/transit/punctuality?hours=25')).statusCode, 400);
    assert.equal((await get('/api/v1/transit/punctuality', null)).statusCode, 401);
  });

  it('believes the service day a bus gives, and puts a bus naming only its route on no run another bus is on', async () => {
    // T1 runs every day: a bus at its first stop saying tomorrow's run is on tomorrow's, not today's.
    const tomorrow = await report('B23', { at: at(300), metres: 0, trip: 'T1', route: 'R1', startDate: dayAfter(day) });
    assert.deepEqual([tomorrow.tripId, tomorrow.startDate], ['T1', dayAfter(day)]);
    // At S2 at T2's time: B21 says it is on T2; B22, naming only route 1, is not put on T2 beside it.
    const named = await report('B21', { at: at(300), metres: 1038, trip: 'T2', route: 'R1' });
    assert.equal(named.tripId, 'T2');
    const routeOnly = await report('B22', { at: at(301), metres: 1038, route: 'R1' });
    assert.notEqual(routeOnly.tripId, 'T2');
    assert.equal(routeOnly.routeId, 'R1');
  });

  it("trusts the state it wrote moments ago on its own clock: a replayed day's bus is not read again", async () => {
    // A LiveVehicles on a clock a day behind (a replay or a simulation); the database's reads counted.
    let reads = 0;
    const db = new Proxy(ctx.db, {
      get(target, key) {
        if (key === 'query') {
          return (text: string, params?: unknown[]) => {
            if (/FROM transit_vehicle WHERE tenant = \$1 AND vehicle_id = \$2/.test(text)) reads++;
            return target.query(text, params);
          };
        }
        const v: unknown = Reflect.get(target, key);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const yesterday = t0 - 86_400_000;
    let now = yesterday;
    const live = new LiveVehicles({
      db,
      log: silentLog,
      context: app.broker.service,
      resolver: app.broker.resolver,
      alarms: { raise: () => Promise.resolve(), clear: () => Promise.resolve() },
      now: () => new Date(now),
    });
    // Between S1 and S2 (no stop reached, nothing scored): the first reading reads the state, the next do not.
    for (const [secs, metres] of [
      [60, 300],
      [70, 340],
      [80, 380],
    ] as const) {
      now = yesterday + secs * 1000;
      const outcome = await live.ingest('', {
        vehicleId: 'urn:ngsi-ld:Vehicle:REPLAY1',
        observedAt: new Date(now),
        lon: lonOf(metres),
        lat: 21,
        speedKmh: 20,
        tripId: 'T1',
        inService: true,
      });
      assert.equal(outcome.kind, 'matched');
    }
    assert.equal(reads, 1);
  });

  describe('the last stop reached by a bus that leaves its trip on the approach', () => {
    /** S4, the terminus, lies 3 × 1,038 m along the shape. */
    const TERMINUS_M = 3 * 1038;
    const lastStop = async (trip: string) => {
      const { rows } = await ctx.db.query<{ arrived_at: Date | null; vehicle_id: string }>(
        `SELECT arrived_at, vehicle_id FROM transit_stop_arrival
          WHERE tenant = '' AND trip_id = $1 AND service_date = $2 AND stop_sequence = 4`,
        [trip, day],
      );
      return rows[0] ?? null;
    };
    /** The kept predictions of the trip's last stop, as scored. */
    const scored = async (trip: string) => {
      const { rows } = await ctx.db.query<{ predicted_at: Date; actual_at: Date | null; error_secs: number | null }>(
        `SELECT predicted_at, actual_at, error_secs FROM transit_prediction
          WHERE tenant = '' AND trip_id = $1 AND service_date = $2 AND stop_sequence = 4`,
        [trip, day],
      );
      return rows;
    };
    const scoredAt = async (trip: string, actual: string) => {
      const rows = await scored(trip);
      assert.ok(rows.length >= 1, `a prediction of ${trip}'s last stop was kept`);
      for (const r of rows) {
        assert.equal(r.actual_at && new Date(r.actual_at).toISOString(), actual);
        const error = (Date.parse(actual) - new Date(r.predicted_at).getTime()) / 1000;
        assert.ok(Math.abs(Number(r.error_secs) - error) < 0.01, `error ${r.error_secs}, not ${error}`);
      }
    };

    it('(a) goes silent 100 m before it: arrived at its last reading, trip finished, not flagged silent', async () => {
      // Heard more than 5 minutes ago, 100 m from the terminus on its last leg.
      const v = await report('B12', { at: at(40), metres: TERMINUS_M - 100, speed: 20, trip: 'T11', route: 'R1' });
      assert.deepEqual([v.tripId, v.stopId], ['T11', 'S4']);
      assert.equal(await lastStop('T11'), null);
      await app.modules.get(transitModule).live.flagSilent();
      assert.deepEqual((await vehicle('B12'))?.flags, []);
      assert.deepEqual(
        (await alarmsNow('B12')).map((a) => a.condition),
        [],
      );
      const arrival = await lastStop('T11');
      assert.equal(arrival?.arrived_at && new Date(arrival.arrived_at).toISOString(), at(40));
      assert.equal(arrival?.vehicle_id, 'urn:ngsi-ld:Vehicle:B12');
      await scoredAt('T11', at(40));
      // Finished: the silent job does not come back to it.
      await app.modules.get(transitModule).live.flagSilent();
      assert.deepEqual((await vehicle('B12'))?.flags, []);
    });

    it('(b) reports its next trip 120 m before it: arrived at its last reading on the trip', async () => {
      await report('B13', { at: at(280), metres: TERMINUS_M - 300, speed: 25, trip: 'T12', route: 'R1' });
      await report('B13', { at: at(300), metres: TERMINUS_M - 120, speed: 20, trip: 'T12', route: 'R1' });
      assert.equal(await lastStop('T12'), null);
      const v = await report('B13', { at: at(330), metres: TERMINUS_M - 60, trip: 'T13', route: 'R1' });
      assert.equal(v.tripId, 'T13');
      const arrival = await lastStop('T12');
      assert.equal(arrival?.arrived_at && new Date(arrival.arrived_at).toISOString(), at(300));
      await scoredAt('T12', at(300));
    });

    it('(c) says it is out of service 90 m before it: arrived; 400 m before it: not', async () => {
      await report('B14', { at: at(300), metres: TERMINUS_M - 90, speed: 15, trip: 'T14', route: 'R1' });
      let v = await report('B14', { at: at(330), metres: TERMINUS_M - 40, outOfService: true });
      assert.equal(v.tripId, null);
      const arrival = await lastStop('T14');
      assert.equal(arrival?.arrived_at && new Date(arrival.arrived_at).toISOString(), at(300));
      await scoredAt('T14', at(300));

      await report('B15', { at: at(300), metres: TERMINUS_M - 400, speed: 30, trip: 'T15', route: 'R1' });
      v = await report('B15', { at: at(330), metres: TERMINUS_M - 200, outOfService: true });
      assert.equal(v.tripId, null);
      assert.equal(await lastStop('T15'), null, 'too far from the terminus to say it arrived');
      assert.ok(
        (await scored('T15')).every((r) => r.actual_at === null),
        'nothing scored against an arrival that was not seen',
      );
    });
  });
});
