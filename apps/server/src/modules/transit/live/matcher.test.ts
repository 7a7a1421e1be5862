import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchReading, scheduledAt, type VehicleReading, type VehicleState } from './matcher.js';
import type { TripPlan } from './timetable.js';

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
