import type { TimedStop } from './timetable.js';

/**
 * Arrival predictions from the observed schedule deviation, as OneBusAway's schedule-based predictor
 * does (STANDARDS §2.3): predicted = scheduled + deviation, carried forward stop by stop; a late bus
 * keeps its delay less the slack the timetable gives it at each stop (max(0, deviation − slack)); an
 * early bus waits at a timepoint for its time (deviation → 0); and no prediction lies in the past.
 */

export interface PredictedStop {
  readonly stop: TimedStop;
  readonly arrival: number;
  readonly departure: number;
  /** Seconds late at arrival (negative: early). */
  readonly delay: number;
}

/** Epoch ms for each upcoming stop, given the trip's service day start and the bus's deviation. */
export function predictStops(
  dayStart: number,
  deviationSecs: number,
  upcoming: readonly TimedStop[],
  observedAt: number,
): PredictedStop[] {
  let deviation = deviationSecs * 1000;
  const out: PredictedStop[] = [];
  for (const stop of upcoming) {
    const scheduledArrival = dayStart + stop.arrival * 1000;
    const scheduledDeparture = dayStart + stop.departure * 1000;
    const arrival = Math.max(observedAt, scheduledArrival + deviation);
    const late = arrival - scheduledArrival;
    let departure: number;
    if (late >= 0) departure = Math.max(scheduledDeparture, arrival);
    else if (stop.timepoint) departure = scheduledDeparture;
    else departure = arrival + (scheduledDeparture - scheduledArrival);
    deviation = departure - scheduledDeparture;
    out.push({ stop, arrival, departure, delay: Math.round(late / 1000) });
  }
  return out;
}

/**
 * Learned running times between consecutive stops, seconds: by `from\nto\nhour` (the local hour the
 * bus left `from`), and by `from\nto` over all hours for an hour without enough history.
 */
export type TravelTimes = ReadonlyMap<string, number>;

export const travelKey = (from: string, to: string, hour?: number): string =>
  hour === undefined ? `${from}\n${to}` : `${from}\n${to}\n${hour}`;

/** Learned time standing at a stop (arrived to left), seconds, in the same map: a segment to no stop. */
export const dwellKey = (stop: string, hour?: number): string => travelKey(stop, '', hour);

/**
 * Arrival predictions from where the bus is and the running times learned for the segments ahead
 * (each at the hour the bus will be on it), the timetable's where none is learned, and the same rules
 * at stops as above: dwell slack absorbs lateness, an early bus waits at a timepoint. Null when no
 * segment ahead has a learned time (the deviation then predicts better), or before the first stop.
 */
export function predictFromTravelTimes(
  stops: readonly TimedStop[],
  dayStart: number,
  /** Index in `stops` of the first stop ahead. */
  next: number,
  /** Metres along the shape now. */
  dist: number,
  observedAt: number,
  travel: TravelTimes,
  /** Local hour of an instant. */
  hourOf: (at: number) => number,
): PredictedStop[] | null {
  if (next < 1 || next >= stops.length || travel.size === 0) return null;
  let t = observedAt;
  let learned = false;
  const out: PredictedStop[] = [];
  for (let k = next; k < stops.length; k++) {
    const a = stops[k - 1] as TimedStop;
    const b = stops[k] as TimedStop;
    const hour = hourOf(t);
    const known = travel.get(travelKey(a.stopId, b.stopId, hour)) ?? travel.get(travelKey(a.stopId, b.stopId));
    if (known !== undefined) learned = true;
    let run = known ?? b.arrival - a.departure;
    if (k === next) {
      // Part of the way is behind it already.
      const span = b.dist - a.dist;
      run *= span > 0 ? Math.min(1, Math.max(0, (b.dist - dist) / span)) : 0;
    }
    const scheduledArrival = dayStart + b.arrival * 1000;
    const scheduledDeparture = dayStart + b.departure * 1000;
    const arrival = t + run * 1000;
    const late = arrival - scheduledArrival;
    // Running times are learned from leaving a stop to reaching the next, so the time standing at each
    // stop must be added: learned where it is (else the timetable's dwell, as the deviation does).
    const stand =
      k < stops.length - 1
        ? (travel.get(dwellKey(b.stopId, hourOf(arrival))) ?? travel.get(dwellKey(b.stopId)))
        : undefined;
    let departure: number;
    if (stand !== undefined) {
      const leaves = arrival + stand * 1000;
      departure = late >= 0 || b.timepoint ? Math.max(scheduledDeparture, leaves) : leaves;
    } else if (late >= 0) departure = Math.max(scheduledDeparture, arrival);
    else if (b.timepoint) departure = scheduledDeparture;
    else departure = arrival + (scheduledDeparture - scheduledArrival);
    out.push({ stop: b, arrival, departure, delay: Math.round(late / 1000) });
    t = departure;
  }
  return learned ? out : null;
}

/** Horizons predictions are scored in, minutes ahead (lower bound inclusive). */
export const HORIZONS = [
  { name: '0-3', from: 0, to: 3 },
  { name: '3-6', from: 3, to: 6 },
  { name: '6-10', from: 6, to: 10 },
  { name: '10-15', from: 10, to: 15 },
  { name: '15-20', from: 15, to: 20 },
  { name: '20-30', from: 20, to: 30 },
] as const;
export type HorizonName = (typeof HORIZONS)[number]['name'];

export function horizonOf(minutesAhead: number): HorizonName | undefined {
  return HORIZONS.find((h) => minutesAhead >= h.from && minutesAhead < h.to)?.name;
}

/**
 * The Caltrans band: a prediction T minutes ahead is accurate when −60·ln(T+1.3) < error <
 * 60·ln(T+1.5), error = actual − predicted in seconds.
 */
export function withinCaltransBand(minutesAhead: number, errorSecs: number): boolean {
  const t = Math.max(0, minutesAhead);
  return -60 * Math.log(t + 1.3) < errorSecs && errorSecs < 60 * Math.log(t + 1.5);
}
