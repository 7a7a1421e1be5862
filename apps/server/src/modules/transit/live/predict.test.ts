import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwellKey, horizonOf, predictFromTravelTimes, predictStops, travelKey, withinCaltransBand } from './predict.js';
import type { TimedStop } from './timetable.js';

const stop = (sequence: number, arrival: number, departure: number, timepoint = true): TimedStop => ({
  sequence,
  stopId: `S${sequence}`,
  arrival,
  departure,
  dist: sequence * 500,
  timepoint,
});

describe('arrival predictions from the schedule deviation', () => {
  // Stop 2 has a 2-minute dwell: slack that a late bus can make up.
  const stops = [stop(2, 600, 720), stop(3, 900, 900), stop(4, 1200, 1200)];

  it('a late bus keeps its delay, less the slack the timetable gives it', () => {
    const p = predictStops(0, 300, stops, 0);
    assert.deepEqual(
      p.map((x) => [x.stop.sequence, x.arrival / 1000, x.departure / 1000, x.delay]),
      [
        [2, 900, 900, 300],
        // 300 s late at stop 2, 120 s of dwell absorbed: 180 s late from there on.
        [3, 1080, 1080, 180],
        [4, 1380, 1380, 180],
      ],
    );
  });

  it('an early bus waits at a timepoint for its time, not at a stop that is not one', () => {
    const early = predictStops(0, -120, stops, 0);
    assert.deepEqual(
      early.map((x) => x.delay),
      [-120, 0, 0],
    );
    const untimed = predictStops(0, -120, [stop(2, 600, 600, false), stop(3, 900, 900)], 0);
    assert.deepEqual(
      untimed.map((x) => x.delay),
      [-120, -120],
    );
  });

  it('never predicts a time before the reading', () => {
    const [first] = predictStops(0, -500, stops, 700_000);
    assert.equal(first?.arrival, 700_000);
  });
});

describe('arrival predictions from learned running times', () => {
  // A timetable without dwell (arrival = departure, as many feeds are): 300 s between stops.
  const stops = [stop(1, 0, 0), stop(2, 300, 300), stop(3, 600, 600), stop(4, 900, 900)];
  const hourOf = () => 8;
  const leg = (a: number, b: number) => travelKey(`S${a}`, `S${b}`);

  it('adds the time learned standing at each stop to the running times learned between them', () => {
    // Leaving stop 1 at 0 s; 400 s learned on each leg, and 40 s standing at stops 2 and 3.
    const travel = new Map([
      [leg(1, 2), 400],
      [leg(2, 3), 400],
      [leg(3, 4), 400],
      [dwellKey('S2'), 40],
      [dwellKey('S3', 8), 40],
    ]);
    const p = predictFromTravelTimes(stops, 0, 1, 500, 0, travel, hourOf);
    assert.deepEqual(
      p?.map((x) => [x.stop.sequence, x.arrival / 1000, x.departure / 1000]),
      [
        [2, 400, 440],
        [3, 840, 880],
        [4, 1280, 1280],
      ],
    );
    // Without the dwell learned, a late bus leaves as it arrives (the timetable has no dwell).
    const bare = predictFromTravelTimes(stops, 0, 1, 500, 0, new Map([[leg(1, 2), 400]]), hourOf);
    assert.deepEqual(
      bare?.map((x) => x.arrival / 1000),
      [400, 700, 1000],
    );
  });

  it('an early bus at a timepoint still leaves at its time, however short its learned dwell', () => {
    const travel = new Map([
      [leg(1, 2), 100],
      [dwellKey('S2'), 20],
    ]);
    const p = predictFromTravelTimes(stops, 0, 1, 500, 0, travel, hourOf);
    assert.deepEqual(
      p?.map((x) => [x.arrival / 1000, x.departure / 1000]),
      [
        [100, 300],
        [600, 600],
        [900, 900],
      ],
    );
  });
});

describe('the Caltrans band', () => {
  it('is −0.26 to +0.41 min at 0 min, ±2.4 min at 10 min, about ±3.45 min at 30 min', () => {
    assert.equal(withinCaltransBand(0, 24), true);
    assert.equal(withinCaltransBand(0, 25), false);
    assert.equal(withinCaltransBand(0, -15), true);
    assert.equal(withinCaltransBand(0, -16), false);
    assert.equal(withinCaltransBand(10, 145), true);
    assert.equal(withinCaltransBand(10, -145), true);
    assert.equal(withinCaltransBand(10, 148), false);
    assert.equal(withinCaltransBand(30, 206), true);
    assert.equal(withinCaltransBand(30, -206), true);
    assert.equal(withinCaltransBand(30, 208), false);
  });

  it('puts predictions in the horizons they are scored in', () => {
    assert.deepEqual([0, 2.9, 3, 9.99, 14, 19, 29.9, 30].map(horizonOf), [
      '0-3',
      '0-3',
      '3-6',
      '6-10',
      '10-15',
      '15-20',
      '20-30',
      undefined,
    ]);
  });
});
