import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  matchReading,
  runKey,
  scheduledAt,
  type MatchOutcome,
  type VehicleReading,
  type VehicleState,
} from './matcher.js';
import { polylineOf, project, secondsOfClock, Timetable, type Polyline, type TripPlan } from './timetable.js';

/** The checks every reading passes before any timetable is asked (no timetable here). */

const NOW = new Date('2026-12-04T03:00:00Z');
const reading = (seconds: number, lon: number, extra: Partial<VehicleReading> = {}): VehicleReading => ({
  vehicleId: 'urn:ngsi-ld:Vehicle:29B-1',
  observedAt: new Date(NOW.getTime() + seconds * 1000),
  lon,
  lat: 21.03,
  inService: true,
  ...extra,
});

function stateAfter(r: VehicleReading): VehicleState {
  const outcome = matchReading(null, null, r, NOW);
  assert.equal(outcome.kind, 'matched');
  return outcome.state;
}

describe('bus readings refused before matching', () => {
  const last = stateAfter(reading(-600, 105.85));

  it('a reading more than a minute ahead of the clock', () => {
    assert.equal(matchReading(null, last, reading(30, 105.85), NOW).kind, 'matched');
    const ahead = matchReading(null, last, reading(120, 105.85), NOW);
    assert.deepEqual(ahead.kind === 'rejected' && ahead.reason, 'future-timestamp');
  });

  it('a jump faster than 150 km/h, or of 50 km, within the hour; after an hour the bus is where it says', () => {
    // ~10.4 km in 10 minutes: 62 km/h, a bus on an expressway.
    assert.equal(matchReading(null, last, reading(0, 105.95), NOW).kind, 'matched');
    // ~52 km in 10 minutes.
    const jump = matchReading(null, last, reading(0, 106.35), NOW);
    assert.deepEqual(jump.kind === 'rejected' && jump.reason, 'gps-jump');
    const longAgo = stateAfter(reading(-7200, 105.85));
    assert.equal(matchReading(null, longAgo, reading(0, 106.35), NOW).kind, 'matched');
  });

  it('a reading older than the last one handled is ignored, and one without a position refused', () => {
    assert.equal(matchReading(null, last, reading(-700, 105.85), NOW).kind, 'stale');
    const nowhere = matchReading(null, last, reading(0, Number.NaN), NOW);
    assert.deepEqual(nowhere.kind === 'rejected' && nowhere.reason, 'no-position');
  });
});

describe('the timetable at a point of a trip', () => {
  const stop = (sequence: number, arrival: number, departure: number, dist: number) => ({
    sequence,
    stopId: `S${sequence}`,
    arrival,
    departure,
    dist,
    timepoint: true,
  });
  const plan = {
    id: 'T',
    routeId: 'R',
    serviceId: 'WK',
    directionId: 0 as const,
    stops: [stop(1, 36_000, 36_000, 0), stop(2, 36_180, 36_210, 1000), stop(3, 36_420, 36_420, 2000)],
    line: { lon: new Float64Array(), lat: new Float64Array() } as unknown as TripPlan['line'],
    start: 36_000,
    end: 36_420,
  } satisfies TripPlan;

  it('a bus waiting at its first stop before its time is on time, not early', () => {
    assert.equal(scheduledAt(plan, 0, 36_000 - 285), 36_000 - 285);
    assert.equal(scheduledAt(plan, 0, 36_000 + 60), 36_000, 'still there after its time: late');
  });

  it('at a later stop, within its dwell is on time; before its arrival, early', () => {
    assert.equal(scheduledAt(plan, 1000, 36_200), 36_200);
    assert.equal(scheduledAt(plan, 1000, 36_100), 36_180);
    assert.equal(scheduledAt(plan, 500, 0), 36_000 + 90, 'half way, half the running time');
  });
});

describe('night buses, trips run by frequencies, standing and shared trips', () => {
  const TZ = 'Asia/Ho_Chi_Minh';
  /** Stops 1,000 m apart along the parallel 21° N. */
  const lonOf = (metres: number) => 105.8 + metres / 103_800;
  const clock = (text: string) => secondsOfClock(text) as number;
  const planOf = (id: string, routeId: string, start: number): TripPlan => {
    const stops = [0, 180, 360, 600].map((offset, i) => ({
      sequence: i + 1,
      stopId: `S${i + 1}`,
      arrival: start + offset,
      departure: start + offset,
      dist: i * 1000,
      timepoint: true,
    }));
    return {
      id,
      routeId,
      serviceId: 'EVERYDAY',
      directionId: 0,
      stops,
      line: polylineOf(stops.map((s) => [lonOf(s.dist), 21] as [number, number])),
      start,
      end: start + 600,
    };
  };
  const table = new Timetable('v1', TZ);
  table.addService('EVERYDAY', { days: Array(7).fill(true), from: '20260101', to: '20271231' });
  table.addTrip(planOf('N1_2500', 'N1', clock('25:00:00')));
  table.addTrip({
    ...planOf('N1_FREQ_R', 'N1F', clock('24:00:00')),
    frequencies: [{ start: clock('24:00:00'), end: clock('28:30:00'), headway: 1200, exact: false }],
  });
  table.addTrip({
    ...planOf('N1_FREQ_X', 'N1X', clock('24:00:00')),
    frequencies: [{ start: clock('24:00:00'), end: clock('28:30:00'), headway: 1200, exact: true }],
  });
  /** The clock: 01:30 on Dec 8 in Hanoi (25:30 of the service day of Dec 7); the readings are before it. */
  const NIGHT = new Date('2026-12-07T18:30:00Z');
  const bus = (at: string, metres: number, extra: Partial<VehicleReading> = {}): VehicleReading => ({
    vehicleId: 'urn:ngsi-ld:Vehicle:N-1',
    observedAt: new Date(at),
    lon: lonOf(metres),
    lat: 21,
    speedKmh: 0,
    inService: true,
    ...extra,
  });
  const matched = (
    previous: VehicleState | null,
    r: VehicleReading,
    busy?: ReadonlySet<string>,
  ): Extract<MatchOutcome, { kind: 'matched' }> => {
    const outcome = matchReading(table, previous, r, NIGHT, busy);
    assert.equal(outcome.kind, 'matched');
    return outcome;
  };

  it('a bus at the first stop of a trip after midnight is on tonight’s service day, given or not, and its departure is kept', () => {
    const given = matched(null, bus('2026-12-07T18:04:00Z', 0, { tripId: 'N1_2500', startDate: '20261207' }));
    assert.equal(given.state.serviceDate, '20261207');
    const waiting = matched(null, bus('2026-12-07T17:55:00Z', 0, { tripId: 'N1_2500' }));
    assert.equal(waiting.state.serviceDate, '20261207', 'waiting 5 minutes before 25:00, not 24 h before tomorrow’s');
    assert.equal(waiting.state.status, 'STOPPED_AT');
    const atStop = matched(null, bus('2026-12-07T18:04:00Z', 0, { tripId: 'N1_2500' }));
    assert.equal(atStop.state.serviceDate, '20261207');
    assert.equal(atStop.state.deviationSecs, 240);
    const moving = matched(atStop.state, bus('2026-12-07T18:04:40Z', 400, { tripId: 'N1_2500', speedKmh: 36 }));
    assert.equal(moving.state.serviceDate, '20261207');
    assert.deepEqual(
      moving.passages.map((p) => [p.kind, p.stop.stopId, p.serviceDate]),
      [['departure', 'S1', '20261207']],
    );
  });

  it('a trip run by frequencies is on the run its start time names, or on the run nearest in time', () => {
    const given = matched(
      null,
      bus('2026-12-07T18:04:00Z', 600, {
        tripId: 'N1_FREQ_R',
        startDate: '20261207',
        startTime: '25:00:00',
        speedKmh: 30,
      }),
    );
    assert.deepEqual([given.state.serviceDate, given.state.startTime], ['20261207', '25:00:00']);
    assert.ok(Math.abs(given.state.deviationSecs ?? Infinity) < 180, `${given.state.deviationSecs}`);
    assert.equal(given.plan?.start, clock('25:00:00'));
    const guessed = matched(null, bus('2026-12-07T18:04:00Z', 1000, { tripId: 'N1_FREQ_R', speedKmh: 0 }));
    assert.deepEqual([guessed.state.serviceDate, guessed.state.startTime], ['20261207', '25:00:00']);
    assert.equal(guessed.state.deviationSecs, 60);
    // exact_times 1: 25:10 is no run of it (every 20 minutes from 24:00): the nearest run is taken.
    const notARun = matched(null, bus('2026-12-07T18:04:00Z', 600, { tripId: 'N1_FREQ_X', startTime: '25:10:00' }));
    assert.equal(notARun.state.startTime, '25:00:00');
    const run = matched(null, bus('2026-12-07T18:24:00Z', 600, { tripId: 'N1_FREQ_X', startTime: '25:20:00' }));
    assert.equal(run.state.startTime, '25:20:00');
  });

  it('a bus creeping along is not standing; one standing 5 minutes is; the wait before its first departure is not', () => {
    let state: VehicleState | null = null;
    // 0.8 m/s: 16 m between readings 20 s apart, for 6 minutes.
    for (let i = 0; i <= 18; i++) {
      const at = new Date(Date.parse('2026-12-07T18:03:00Z') + i * 20_000).toISOString();
      state = matched(state, bus(at, 1157 + i * 16, { tripId: 'N1_2500', speedKmh: 2.9 })).state;
    }
    assert.deepEqual(state?.flags, []);
    state = null;
    for (let i = 0; i <= 18; i++) {
      const at = new Date(Date.parse('2026-12-07T18:03:00Z') + i * 20_000).toISOString();
      state = matched(state, bus(at, 1157 + (i % 2) * 3, { tripId: 'N1_2500' })).state;
    }
    assert.deepEqual(state?.flags, ['stopped-too-long']);
    // Waiting at the first stop from 24:50, then standing just past it from 25:00.
    state = null;
    for (const at of ['17:50:00', '17:55:00', '17:59:40']) {
      state = matched(state, bus(`2026-12-07T${at}Z`, 25, { tripId: 'N1_2500' })).state;
    }
    state = matched(state, bus('2026-12-07T18:00:20Z', 45, { tripId: 'N1_2500' })).state;
    assert.equal(state.stopSequence, 2);
    assert.deepEqual(state.flags, []);
  });

  it('a bus naming only its route is not put on a run another bus is on', () => {
    const alone = matched(null, bus('2026-12-07T18:04:00Z', 500, { routeCode: 'N1', speedKmh: 30 }));
    assert.equal(alone.state.tripId, 'N1_2500');
    const taken = new Set([runKey('N1_2500', '20261207', '25:00:00')]);
    const shared = matched(null, bus('2026-12-07T18:04:00Z', 500, { routeCode: 'N1', speedKmh: 30 }), taken);
    assert.deepEqual([shared.state.tripId, shared.state.routeId], [null, 'N1']);
    // Of a route run by frequencies, the next run nobody is on.
    const freq = matched(
      null,
      bus('2026-12-07T18:08:00Z', 0, { routeCode: 'N1F' }),
      new Set([runKey('N1_FREQ_R', '20261207', '25:00:00')]),
    );
    assert.deepEqual([freq.state.tripId, freq.state.startTime], ['N1_FREQ_R', '25:20:00']);
  });
});

describe('placing a point on a line', () => {
  /** Every segment looked at, in order: what a place on the line means. */
  const everySegment = (line: Polyline, lon: number, lat: number, prefer?: number) => {
    let best = { dist: 0, offset: Number.POSITIVE_INFINITY, score: Number.POSITIVE_INFINITY };
    for (let i = 0; i + 1 < line.lon.length; i++) {
      const one = polylineOf([
        [line.lon[i] as number, line.lat[i] as number],
        [line.lon[i + 1] as number, line.lat[i + 1] as number],
      ]);
      const p = project(one, lon, lat);
      const dist = (line.cum[i] as number) + p.dist;
      const score = p.offset + (prefer === undefined ? 0 : Math.max(0, prefer - 50 - dist) * 0.5);
      if (score < best.score) best = { dist, offset: p.offset, score };
    }
    return best;
  };

  it('finds the nearest place of a long winding line that comes back on itself, as looking at every segment does', () => {
    // A seeded walk of 3,000 points around Hoàn Kiếm that doubles back: many blocks, some overlapping.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const points: [number, number][] = [[105.85, 21.03]];
    for (let i = 1; i < 3000; i++) {
      const [lon, lat] = points[i - 1] as [number, number];
      const back = i > 1500 ? -1 : 1;
      points.push([lon + back * 0.0002 * random(), lat + (random() - 0.5) * 0.0004]);
    }
    const line = polylineOf(points);
    for (let k = 0; k < 200; k++) {
      const lon = 105.84 + random() * 0.1;
      const lat = 21.02 + random() * 0.02;
      const prefer = k % 2 === 0 ? undefined : random() * (line.cum[line.cum.length - 1] as number);
      const got = project(line, lon, lat, prefer);
      const want = everySegment(line, lon, lat, prefer);
      assert.ok(Math.abs(got.offset - want.offset) < 1e-6, `offset at ${k}: ${got.offset} vs ${want.offset}`);
      assert.ok(Math.abs(got.dist - want.dist) < 1e-6, `dist at ${k}: ${got.dist} vs ${want.dist}`);
    }
  });
});
