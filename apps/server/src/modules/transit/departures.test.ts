import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../app.js';
import { buildTestApp, problemOf, uniqueName } from '../../../test/support/app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { craftedFeed } from '../../../test/support/gtfs.js';
import {
  TransitService,
  transitModule,
  type Departure,
  type LivePredictions,
  type StopPrediction,
  type TripDetail,
  type RouteDetail,
} from './index.js';
import { instantOf, localDay } from './service-day.js';

/** Departures boards, trips and routes as a rider reads them, from the crafted feed (Asia/Ho_Chi_Minh, +07:00). */

interface Board {
  stopId: string;
  timezone: string;
  departures: (Omit<Departure, 'scheduled' | 'predicted'> & { scheduled: string; predicted: string | null })[];
}

const files = () => Promise.resolve(new Map(Object.entries(craftedFeed())));

describeEachDriver('transit: departures, trips and routes', (ctx) => {
  let app: App;
  let tenant: string;

  before(async () => {
    app = await buildTestApp(ctx.db);
    tenant = uniqueName('rider');
    // The crafted feed's shapes as given (shapes along the roads: road-shapes.test.ts).
    await app.modules
      .get(transitModule)
      .importFeed({ tenant, source: 'crafted', importedBy: 'test', files, roadShapes: false });
  });
  after(() => app.http.close());

  // A rider has no login: no credentials in any of these requests.
  const get = (url: string, inTenant: string | null = tenant) =>
    app.http.inject({ method: 'GET', url, headers: inTenant === null ? {} : { 'ngsild-tenant': inTenant } });
  const board = async (stop: string, from: string, more = ''): Promise<Board> => {
    const res = await get(`/api/v1/transit/stops/${stop}/departures?from=${encodeURIComponent(from)}${more}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Board>();
  };
  const brief = (b: Board) => b.departures.map((d) => `${d.tripId} ${d.startDate} ${d.scheduled}`);

  it('lists a weekday departure at its instant in the agency’s time zone, marked scheduled', async () => {
    const b = await board('S1', '2026-12-03T07:00:00+07:00');
    assert.equal(b.timezone, 'Asia/Ho_Chi_Minh');
    assert.deepEqual(brief(b), ['T1 20261203 2026-12-03T01:00:00.000Z']);
    const d = b.departures[0];
    assert.equal(d?.live, false);
    assert.equal(d?.predicted, null);
    assert.equal(d?.delaySeconds, null);
    assert.deepEqual(d?.route, {
      id: 'R1',
      shortName: '01',
      longName: 'Gia Lâm - Yên Nghĩa',
      color: 'FF0000',
      textColor: 'FFFFFF',
      type: 3,
    });
    assert.equal(d?.headsign, 'Yên Nghĩa, via Long Biên');
    assert.equal(d?.terminates, false);
    // Nothing on a Saturday: the service runs Monday to Friday.
    assert.deepEqual(brief(await board('S1', '2026-12-05T07:00:00+07:00')), []);
    // Past the trip's time, nothing is left within the hour.
    assert.deepEqual(brief(await board('S1', '2026-12-03T08:00:01+07:00')), []);
  });

  it('gives an untimed stop a time between the timed ones', async () => {
    assert.deepEqual(brief(await board('S2', '2026-12-03T08:00:00+07:00')), ['T1 20261203 2026-12-03T01:10:00.000Z']);
  });

  it('follows calendar_dates: a day removed has no trips, a day added has its service', async () => {
    assert.deepEqual(brief(await board('S1', '2026-04-30T07:00:00+07:00')), []);
    assert.deepEqual(brief(await board('S1', '2026-04-29T07:00:00+07:00')), ['T1 20260429 2026-04-29T01:00:00.000Z']);
    // HOL runs on 2 September only, a Wednesday: its night run leaves Long Biên at 23:50.
    const holiday = await board('S2', '2026-09-02T23:00:00+07:00');
    assert.deepEqual(brief(holiday), ['T2 20260902 2026-09-02T16:50:00.000Z']);
    assert.deepEqual(brief(await board('S2', '2026-09-09T23:00:00+07:00')), []);
  });

  it('puts times past 24:00 on the next morning, counted on the service day before', async () => {
    // T2 reaches Hà Đông at 25:35:00 of 2 September: 01:35 on the 3rd; it ends there.
    const b = await board('S3', '2026-09-03T01:00:00+07:00');
    const night = b.departures.find((d) => d.tripId === 'T2');
    assert.equal(night?.startDate, '20260902');
    assert.equal(night?.scheduled, '2026-09-02T18:35:00.000Z');
    assert.equal(night?.terminates, true);
  });

  it('expands frequencies: exact times every 5 minutes, then a headway of 10 minutes past midnight', async () => {
    // The station's board shows its platform's departures.
    const exact = await board('ST1', '2026-12-03T06:00:00+07:00', '&minutes=20');
    assert.deepEqual(
      exact.departures.map((d) => [d.stopId, d.startTime, d.scheduled, d.headwaySeconds]),
      [
        ['P1', '06:00:00', '2026-12-02T23:00:00.000Z', null],
        ['P1', '06:05:00', '2026-12-02T23:05:00.000Z', null],
        ['P1', '06:10:00', '2026-12-02T23:10:00.000Z', null],
        ['P1', '06:15:00', '2026-12-02T23:15:00.000Z', null],
        ['P1', '06:20:00', '2026-12-02T23:20:00.000Z', null],
      ],
    );
    assert.ok(
      exact.departures.every((d) => d.route.id === 'M2A' && d.tripId === 'T3'),
      "exact.departures.every((d) => d.route.id === 'M2A' && d.tripId === 'T3')",
    );
    // Thursday's runs go on to 24:30: Friday 00:00, 00:10 and 00:20 belong to Thursday's service day.
    const night = await board('P1', '2026-12-04T00:00:00+07:00', '&minutes=45');
    assert.deepEqual(
      night.departures.map((d) => [d.startDate, d.startTime, d.scheduled, d.headwaySeconds]),
      [
        ['20261203', '24:00:00', '2026-12-03T17:00:00.000Z', 600],
        ['20261203', '24:10:00', '2026-12-03T17:10:00.000Z', 600],
        ['20261203', '24:20:00', '2026-12-03T17:20:00.000Z', 600],
      ],
    );
    // limit bounds the board.
    assert.equal((await board('ST1', '2026-12-03T06:00:00+07:00', '&minutes=120&limit=3')).departures.length, 3);
  });

  it('answers 404 for a stop it does not have, and 400 for a time it cannot read', async () => {
    const unknown = await get('/api/v1/transit/stops/NOPE/departures');
    assert.equal(problemOf(unknown).status, 404);
    for (const from of [
      'yesterday',
      '2026-12-03T07:00:00',
      '2026-13-03T07:00:00Z',
      // Days and times that do not exist, not rolled over into the next ones.
      '2026-02-30T08:00:00+07:00',
      '2026-02-29T08:00:00+07:00',
      '2026-04-31T08:00:00Z',
      '2026-12-03T24:00:00+07:00',
      '2026-12-03T07:60:00+07:00',
      '2026-12-03T07:00:60+07:00',
      '2026-12-03T07:00:00+07:60',
    ]) {
      const bad = await get(`/api/v1/transit/stops/S1/departures?from=${encodeURIComponent(from)}`);
      assert.equal(problemOf(bad).code, 'TRANSIT_BAD_TIME', from);
    }
    const tooFar = await get('/api/v1/transit/stops/S1/departures?minutes=100000');
    assert.equal(tooFar.statusCode, 400);
  });

  it('answers 400 for a from far from now and from the timetable’s days', async () => {
    for (const from of ['0001-01-01T00:00:00Z', '1000-06-01T00:00:00Z', '9999-12-31T00:00:00Z']) {
      const far = await get(`/api/v1/transit/stops/S1/departures?from=${encodeURIComponent(from)}`);
      assert.equal(problemOf(far).code, 'TRANSIT_BAD_TIME', from);
    }
  });

  it('makes no more runs of a frequency than the board shows: a run a minute all day gives `limit` rows', async () => {
    const everyMinute = uniqueName('minute');
    const feed = craftedFeed();
    feed['frequencies.txt'] = 'trip_id,start_time,end_time,headway_secs,exact_times\r\nT3,00:00:00,24:00:00,60,1\r\n';
    await app.modules.get(transitModule).importFeed({
      tenant: everyMinute,
      source: 'crafted',
      importedBy: 'test',
      files: () => Promise.resolve(new Map(Object.entries(feed))),
      roadShapes: false,
    });
    const res = await get(
      `/api/v1/transit/stops/P1/departures?from=${encodeURIComponent('2026-12-03T00:00:00+07:00')}&minutes=1440&limit=100`,
      everyMinute,
    );
    assert.equal(res.statusCode, 200, res.body);
    const rows = res.json<Board>().departures;
    assert.equal(rows.length, 100);
    const start = Date.parse('2026-12-03T00:00:00+07:00');
    // T3 leaves P1, its first stop, at each start: 00:00, 00:01, … of Thursday's service day.
    assert.deepEqual(
      rows.map((d) => [d.startDate, d.scheduled]),
      rows.map((_, k) => ['20261203', new Date(start + k * 60_000).toISOString()]),
    );
  });

  it('keeps tenants apart: another tenant’s stop, trip and route are not found', async () => {
    for (const url of [
      '/api/v1/transit/stops/S1/departures',
      '/api/v1/transit/trips/T1',
      '/api/v1/transit/routes/R1',
    ]) {
      assert.equal(problemOf(await get(url, uniqueName('other'))).status, 404, url);
      assert.equal((await get(url)).statusCode, 200, url);
    }
  });

  it('is open to riders without logging in; importing feeds is not', async () => {
    const anonymous = await get(`/api/v1/transit/stops/S1/departures?from=2026-12-03T07:00:00%2B07:00`);
    assert.equal(anonymous.statusCode, 200, anonymous.body);
    const feeds = await app.http.inject({ method: 'GET', url: '/api/v1/transit/feeds' });
    assert.equal(problemOf(feeds).status, 401);
  });

  it('finds stops by a part of their name, code or id, in any case, with or without the marks', async () => {
    const ids = async (query: string) =>
      (await get(`/api/v1/transit/stops?${query}`)).json<{ stops: { id: string }[] }>().stops.map((s) => s.id);
    assert.deepEqual(await ids(`q=${encodeURIComponent('cát LINH')}`), ['E1', 'P1', 'ST1']);
    assert.deepEqual(await ids(`q=${encodeURIComponent('long biên')}`), ['S2']);
    // Typed on a phone without the marks, or in capitals with them.
    assert.deepEqual(await ids(`q=${encodeURIComponent('cat linh')}`), ['E1', 'P1', 'ST1']);
    assert.deepEqual(await ids(`q=${encodeURIComponent('LONG BIÊN')}`), ['S2']);
    assert.deepEqual(await ids(`q=${encodeURIComponent('long bien')}`), ['S2']);
    assert.deepEqual(await ids(`q=s3`), ['S3']);
    // % and _ are letters like any other.
    assert.deepEqual(await ids(`q=${encodeURIComponent('%')}`), []);
    assert.deepEqual(await ids(`q=${encodeURIComponent('ĐỐNG')}`), ['S3', 'ST1']);
    assert.deepEqual(await ids(`q=${encodeURIComponent('cát')}&near=105.8270,21.0286&radius=50`), ['ST1', 'P1', 'E1']);
  });

  it('searches the text of every stop with the count and the pages, and a new version replaces the old', async () => {
    const searcher = uniqueName('search');
    const importWith = async (stops: string[]) => {
      const feed = craftedFeed();
      feed['stops.txt'] = [
        'stop_id,stop_code,stop_name,stop_lat,stop_lon',
        ...stops,
        'S1,,Bờ Hồ,21.0287,105.8522',
        'S2,,Long Biên,21.0410,105.8490',
        'ST1,,Ga Cát Linh,21.0286,105.8270',
        'P1,,Cát Linh 1,21.0287,105.8271',
        'E1,,Cát Linh 2,21.0285,105.8269',
        'S3,,Hà Đông,20.9700,105.7780',
      ].join('\r\n');
      await app.modules.get(transitModule).importFeed({
        tenant: searcher,
        source: 'crafted',
        importedBy: 'test',
        files: () => Promise.resolve(new Map(Object.entries(feed))),
        roadShapes: false,
      });
    };
    const search = async (query: string) => {
      const res = await get(`/api/v1/transit/stops?${query}`, searcher);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ stops: { id: string; name: string }[]; count: number }>();
      return [body.count, body.stops.map((s) => s.id)];
    };
    await importWith(['X1,ĐĐ-07,Phố Huế,21.01,105.85', 'X2,KM-9,Đường Láng,21.02,105.81', 'x3,,Nguyễn Trãi,21,105.8']);
    // By the folded name, code or id; in stop_id order; counted whatever the page.
    assert.deepEqual(await search(`q=${encodeURIComponent('đường')}`), [1, ['X2']]);
    assert.deepEqual(await search(`q=${encodeURIComponent('dd-0')}`), [1, ['X1']]);
    assert.deepEqual(await search(`q=km-9`), [1, ['X2']]);
    assert.deepEqual(await search(`q=X3`), [1, ['x3']]);
    assert.deepEqual(await search(`q=NGUYEN`), [1, ['x3']]);
    assert.deepEqual(await search(`q=${encodeURIComponent('ĐÔNG')}`), [1, ['S3']]);
    assert.deepEqual(await search(`q=linh`), [3, ['E1', 'P1', 'ST1']]);
    assert.deepEqual(await search(`q=linh&limit=2`), [3, ['E1', 'P1']]);
    assert.deepEqual(await search(`q=linh&limit=2&offset=2`), [3, ['ST1']]);
    assert.deepEqual(await search(`q=linh&offset=5`), [3, []]);
    assert.deepEqual(await search(`q=${encodeURIComponent('_')}`), [0, []]);
    // The next version's stops, not those of the one kept in memory before it.
    await importWith(['X4,,Phố Huế mới,21.01,105.85']);
    assert.deepEqual(await search(`q=${encodeURIComponent('phố huế')}`), [1, ['X4']]);
    assert.deepEqual(await search(`q=km-9`), [0, []]);
  });

  it('gives a trip’s stop times as instants of a service day, with its shape', async () => {
    const res = await get('/api/v1/transit/trips/T1?date=20261203');
    assert.equal(res.statusCode, 200, res.body);
    const trip = res.json<TripDetail>();
    assert.equal(trip.runs, true);
    assert.deepEqual(
      trip.stopTimes.map((s) => [s.stopId, s.arrivalTime, s.departureTime, s.interpolated, s.arrival, s.departure]),
      [
        ['S1', '08:00:00', '08:00:00', false, '2026-12-03T01:00:00.000Z', '2026-12-03T01:00:00.000Z'],
        ['S2', '08:10:00', '08:10:00', true, '2026-12-03T01:10:00.000Z', '2026-12-03T01:10:00.000Z'],
        ['S3', '08:20:00', '08:21:00', false, '2026-12-03T01:20:00.000Z', '2026-12-03T01:21:00.000Z'],
      ],
    );
    assert.deepEqual(trip.shape, [
      [105.8522, 21.0287],
      [105.849, 21.041],
    ]);
    // On a Saturday the trip does not run: times, no instants.
    const saturday = (await get('/api/v1/transit/trips/T1?date=20261205')).json<TripDetail>();
    assert.equal(saturday.runs, false);
    assert.equal(saturday.stopTimes[0]?.arrival, null);
    // The night run: 25:35:00 is the next morning.
    const night = (await get('/api/v1/transit/trips/T2?date=20260902')).json<TripDetail>();
    assert.equal(night.stopTimes[1]?.arrival, '2026-09-02T18:35:00.000Z');
    assert.equal(night.shape, null);
    const frequent = (await get('/api/v1/transit/trips/T3?date=20261203')).json<TripDetail>();
    assert.deepEqual(frequent.frequencies, [
      { startTime: '06:00:00', endTime: '09:00:00', headwaySeconds: 300, exactTimes: true },
      { startTime: '09:00:00', endTime: '24:30:00', headwaySeconds: 600, exactTimes: false },
    ]);
    assert.equal(problemOf(await get('/api/v1/transit/trips/T1?date=20261332')).code, 'TRANSIT_BAD_TIME');
    assert.equal(problemOf(await get('/api/v1/transit/trips/NOPE')).status, 404);
  });

  it('gives a route’s directions with their stops in order and shapes', async () => {
    const res = await get('/api/v1/transit/routes/R1');
    assert.equal(res.statusCode, 200, res.body);
    const route = res.json<RouteDetail>();
    assert.equal(route.shortName, '01');
    assert.equal(route.trips, 2);
    assert.deepEqual(
      route.directions.map((d) => [d.directionId, d.headsign, d.trips, d.stops.map((s) => s.id), d.shape?.length ?? 0]),
      [
        [0, 'Yên Nghĩa, via Long Biên', 1, ['S1', 'S2', 'S3'], 2],
        [1, 'Night run', 1, ['S2', 'S3'], 0],
      ],
    );
    assert.equal(problemOf(await get('/api/v1/transit/routes/NOPE')).status, 404);
  });

  it('makes a departure live where a prediction of its trip, day and stop exists', async () => {
    const asked: string[] = [];
    const prediction = (over: Partial<StopPrediction>): StopPrediction => ({
      tripId: 'T1',
      startDate: '20261203',
      stopSequence: 1,
      stopId: 'S1',
      arrival: new Date('2026-12-03T01:03:00Z'),
      departure: new Date('2026-12-03T01:03:30Z'),
      delaySeconds: 210,
      vehicleId: 'bus-29B-123',
      ...over,
    });
    const fake: LivePredictions = {
      atStop(t, stops) {
        const stopId = typeof stops === 'string' ? stops : stops.join(',');
        asked.push(`${t}/${stopId}`);
        if (t !== tenant) return Promise.resolve([]);
        if (stopId === 'S1') {
          // One for the trip on another day, which matches nothing on this board.
          return Promise.resolve([prediction({}), prediction({ startDate: '20261202' })]);
        }
        return Promise.resolve([]);
      },
    };
    const transit = new TransitService(ctx.db, silentLog, { live: fake });
    // Three minutes after its time, the bus is still coming: the board shows it, live.
    const board = (
      await transit.departures(tenant, 'S1', {
        from: new Date('2026-12-03T01:02:00Z'),
        minutes: 60,
        limit: 20,
      })
    ).departures;
    // The prediction of another service day's run is a day off this board's: it is not shown.
    assert.deepEqual(
      board.map((d) => [d.tripId, d.startDate]),
      [['T1', '20261203']],
    );
    const [late] = board;
    assert.ok(late, 'late');
    assert.equal(late.live, true);
    assert.equal(late.predicted?.toISOString(), '2026-12-03T01:03:30.000Z');
    assert.equal(late.scheduled.toISOString(), '2026-12-03T01:00:00.000Z');
    assert.equal(late.delaySeconds, 210);
    assert.equal(late.vehicleId, 'bus-29B-123');
    // Other stops have no prediction: their departures stay the timetable's.
    const s2 = await transit.departures(tenant, 'S2', {
      from: new Date('2026-12-03T01:00:00Z'),
      minutes: 60,
      limit: 20,
    });
    assert.deepEqual(
      s2.departures.map((d) => [d.tripId, d.live]),
      [['T1', false]],
    );
    assert.ok(
      asked.includes(`${tenant}/S1`) && asked.includes(`${tenant}/S2`),
      'asked.includes(`${tenant}/S1`) && asked.includes(`${tenant}/S2`)',
    );
    // Predictions that cannot be read leave the board to the timetable, never a failure.
    transit.useLivePredictions({ atStop: () => Promise.reject(new Error('the live part is down')) });
    assert.deepEqual(
      (
        await transit.departures(tenant, 'S1', { from: new Date('2026-12-03T00:30:00Z'), minutes: 60, limit: 20 })
      ).departures.map((d) => [d.tripId, d.live]),
      [['T1', false]],
    );
    // Without predictions the late bus is gone from the board: the timetable says it left.
    transit.useLivePredictions(undefined);
    assert.deepEqual(
      (await transit.departures(tenant, 'S1', { from: new Date('2026-12-03T01:02:00Z'), minutes: 60, limit: 20 }))
        .departures,
      [],
    );
  });

  it('puts a prediction on the run its start time names, or on the nearest run, and shows each run once', async () => {
    // Thursday 3 December 2026 in Hanoi; T3 leaves P1 every 5 minutes from 06:00 (exact times).
    const local = (hhmm: string) => new Date(`2026-12-03T${hhmm}:00+07:00`);
    const predictions: StopPrediction[] = [
      // The 07:05 run, two minutes late.
      {
        tripId: 'T3',
        startDate: '20261203',
        stopSequence: 1,
        stopId: 'P1',
        startTime: '07:05:00',
        arrival: local('07:07'),
        departure: local('07:07'),
        delaySeconds: 120,
        vehicleId: 'metro-1',
      },
      // No start time: the run nearest to its time, 07:20, a minute early.
      {
        tripId: 'T3',
        startDate: '20261203',
        stopSequence: 1,
        stopId: 'P1',
        arrival: local('07:19'),
        departure: local('07:19'),
        delaySeconds: -60,
        vehicleId: 'metro-2',
      },
    ];
    const transit = new TransitService(ctx.db, silentLog, {
      live: { atStop: (t, stops) => Promise.resolve(t === tenant && stops.includes('P1') ? predictions : []) },
    });
    const board = await transit.departures(tenant, 'ST1', { from: local('06:58'), minutes: 30, limit: 20 });
    assert.deepEqual(
      board.departures.map((d) => [d.startTime, d.live, d.vehicleId, d.delaySeconds]),
      [
        ['07:00:00', false, null, null],
        ['07:05:00', true, 'metro-1', 120],
        ['07:10:00', false, null, null],
        ['07:15:00', false, null, null],
        ['07:20:00', true, 'metro-2', -60],
        ['07:25:00', false, null, null],
      ],
    );
  });
});

describe('transit: service days in a time zone', () => {
  it('counts a day’s times from noon minus 12 hours, also on the day the clocks change', () => {
    // New York moved to summer time at 02:00 on 8 March 2026: noon minus 12 h is 23:00 the evening before.
    assert.equal(instantOf('20260308', 0, 'America/New_York').toISOString(), '2026-03-08T04:00:00.000Z');
    assert.equal(instantOf('20260308', 8 * 3600, 'America/New_York').toISOString(), '2026-03-08T12:00:00.000Z');
    assert.equal(instantOf('20261204', 25 * 3600, 'Asia/Ho_Chi_Minh').toISOString(), '2026-12-04T18:00:00.000Z');
    assert.equal(localDay(new Date('2026-12-04T17:30:00Z'), 'Asia/Ho_Chi_Minh'), '20261205');
  });
});
