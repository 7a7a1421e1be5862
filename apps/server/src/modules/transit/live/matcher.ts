import type { VehicleStopStatus } from '../realtime/model.js';
import {
  clockTime,
  dayAfter,
  dayBefore,
  isRunStart,
  localDay,
  metresBetween,
  project,
  runStartOf,
  runStarts,
  secondsOfClock,
  serviceDayStart,
  type Polyline,
  type Projection,
  type TimedStop,
  type Timetable,
  type TripPlan,
} from './timetable.js';

/**
 * Matching one bus reading to the timetable: which trip it serves on which service day, how far along
 * the trip's shape it is, how late, at or towards which stop, and what it did since its last reading
 * (stops reached and left). Pure: the state in, the next state out; the store keeps them.
 */

/** A bus within this of a stop's place on the shape is at the stop. */
export const STOP_RADIUS_M = 30;
/** A bus this close to its next stop is arriving there (INCOMING_AT). */
export const INCOMING_M = 150;
/**
 * A bus on its trip's last leg this close to the terminus (along the shape, and on the route) when it
 * stops reporting, reports another trip or goes out of service has arrived there: real trackers often
 * go quiet or change trip before the last 30 m.
 */
export const TERMINUS_APPROACH_M = 150;
/** Below this a bus is standing still. */
export const STANDING_KMH = 5;
/** Further than this from its trip's shape, a reading is off the route. */
export const OFF_ROUTE_M = 100;
/** Off the route for this many readings in a row: flagged (one stray fix is not a detour). */
export const OFF_ROUTE_READINGS = 3;
/** Standing still this long away from a terminus: flagged. */
export const STOPPED_TOO_LONG_MS = 5 * 60_000;
/** Faster than this between two fixes is a GPS jump, not a bus. */
export const MAX_PLAUSIBLE_KMH = 150;
/** A jump this long is never a bus, whatever the time between (within an hour). */
export const MAX_JUMP_M = 50_000;
/** A reading may be this far ahead of the clock (device clocks drift). */
export const FUTURE_SKEW_MS = 60_000;
/** A bus without a reported trip is matched to a trip of its route only within this of the shape. */
const MATCH_WITHIN_M = 200;
/** A run is looked for from this long before it leaves (a bus waiting at its first stop)… */
const RUN_AHEAD_S = 3600;
/** …until this long after it is due at its end (a late bus). */
const RUN_BEHIND_S = 3600;

/** A run of a trip on a service day, as the buses serving it are told apart (see matchReading's `busy`). */
export const runKey = (tripId: string, serviceDate: string, startTime: string | null): string =>
  `${tripId}\n${serviceDate}\n${startTime ?? ''}`;

export type VehicleFlag = 'off-route' | 'stopped-too-long' | 'silent';
export type RejectReason = 'future-timestamp' | 'gps-jump' | 'unknown-trip' | 'no-position';

export interface VehicleReading {
  readonly vehicleId: string;
  readonly observedAt: Date;
  readonly lon: number;
  readonly lat: number;
  readonly speedKmh?: number | undefined;
  readonly heading?: number | undefined;
  readonly tripId?: string | undefined;
  readonly routeCode?: string | undefined;
  /** The trip's service day (`YYYYMMDD`) and start (`HH:MM:SS`) as the bus gave them (GTFS-Realtime TripDescriptor). */
  readonly startDate?: string | undefined;
  readonly startTime?: string | undefined;
  /** The operator's name for the bus (GTFS-Realtime vehicle.label) and its licence plate, when given. */
  readonly label?: string | undefined;
  readonly licensePlate?: string | undefined;
  /** False when the bus says it is out of service. */
  readonly inService: boolean;
}

export interface VehicleState {
  readonly vehicleId: string;
  /** As the last reading gave them (null: not given). */
  readonly label: string | null;
  readonly licensePlate: string | null;
  readonly observedAt: Date;
  readonly lon: number;
  readonly lat: number;
  readonly speedKmh: number | null;
  readonly heading: number | null;
  readonly tripId: string | null;
  readonly routeId: string | null;
  readonly directionId: number | null;
  /** Service day, `YYYYMMDD`. */
  readonly serviceDate: string | null;
  /** The trip's scheduled start, `HH:MM:SS` of its service day. */
  readonly startTime: string | null;
  /** Metres along the trip's shape. */
  readonly shapeDist: number | null;
  /** Metres from the trip's shape. */
  readonly offsetM: number | null;
  /** Seconds late (negative: early). */
  readonly deviationSecs: number | null;
  readonly stopSequence: number | null;
  readonly stopId: string | null;
  readonly status: VehicleStopStatus | null;
  /** The bus has reached its trip's last stop. */
  readonly finished: boolean;
  readonly flags: readonly VehicleFlag[];
  readonly offRouteReadings: number;
  readonly stoppedSince: Date | null;
  /** Where it has stood since then: standing ends once it is STOP_RADIUS_M from there. */
  readonly stoppedLon: number | null;
  readonly stoppedLat: number | null;
  readonly rejectedAt: Date | null;
  readonly rejectedReason: string | null;
}

/** A stop the bus reached (arrival) or left (departure) between two readings. */
export interface StopPassage {
  readonly tripId: string;
  readonly serviceDate: string;
  /** The run, for a trip by frequencies (runStartOf): two runs of one trip reach the same stops. */
  readonly runStart: string;
  readonly routeId: string;
  readonly stop: TimedStop;
  readonly kind: 'arrival' | 'departure';
  readonly at: Date;
  readonly scheduledArrival: Date;
  readonly scheduledDeparture: Date;
}

export type MatchOutcome =
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly detail: string }
  | { readonly kind: 'stale' }
  | {
      readonly kind: 'matched';
      readonly state: VehicleState;
      readonly plan: TripPlan | null;
      /** Epoch ms the trip's service day starts (with plan). */
      readonly dayStart: number;
      readonly passages: readonly StopPassage[];
    };

/**
 * The arrival at its trip's last stop of a bus last seen on its approach, at that last reading; null for
 * a bus not on a trip, already finished, or not on the last leg within TERMINUS_APPROACH_M of the terminus.
 */
export function terminusArrival(table: Timetable | null, s: VehicleState): StopPassage | null {
  const plan = s.tripId ? table?.planOf(s.tripId, s.startTime) : undefined;
  const last = plan?.stops[plan.stops.length - 1];
  if (!table || !plan || !last || !s.serviceDate || s.finished || s.shapeDist === null) return null;
  if (s.stopSequence !== last.sequence || last.dist - s.shapeDist > TERMINUS_APPROACH_M) return null;
  if ((s.offsetM ?? 0) > OFF_ROUTE_M) return null;
  const dayStart = serviceDayStart(table.timezone, s.serviceDate);
  return {
    tripId: plan.id,
    serviceDate: s.serviceDate,
    runStart: runStartOf(plan),
    routeId: plan.routeId,
    stop: last,
    kind: 'arrival',
    at: s.observedAt,
    scheduledArrival: new Date(dayStart + last.arrival * 1000),
    scheduledDeparture: new Date(dayStart + last.departure * 1000),
  };
}

/** The schedule's time (seconds of the service day) at a distance along the trip, and whether at a stop. */
export function scheduledAt(plan: TripPlan, dist: number, observedSecs: number): number {
  const stops = plan.stops;
  const first = stops[0] as TimedStop;
  const last = stops[stops.length - 1] as TimedStop;
  // Waiting at the first stop before its time is on time, not early.
  if (dist <= first.dist + STOP_RADIUS_M) return Math.min(observedSecs, first.departure);
  if (dist >= last.dist - STOP_RADIUS_M) return last.arrival;
  for (let i = 1; i < stops.length; i++) {
    const b = stops[i] as TimedStop;
    const a = stops[i - 1] as TimedStop;
    if (Math.abs(dist - b.dist) <= STOP_RADIUS_M) return Math.max(b.arrival, Math.min(observedSecs, b.departure));
    if (dist < b.dist) {
      const span = b.dist - a.dist;
      const share = span > 0 ? (dist - a.dist) / span : 1;
      return a.departure + share * (b.arrival - a.departure);
    }
  }
  return last.arrival;
}

interface Fit {
  readonly plan: TripPlan;
  readonly day: string;
  readonly dayStart: number;
  readonly dist: number;
  readonly offset: number;
  readonly deviation: number;
  /** How far in time the reading is from the run: its lateness, or the wait before it leaves its first stop. */
  readonly gap: number;
}

function fit(
  table: Timetable,
  plan: TripPlan,
  day: string,
  r: VehicleReading,
  prefer?: number,
  projected?: Projection,
): Fit {
  const dayStart = serviceDayStart(table.timezone, day);
  const secs = (r.observedAt.getTime() - dayStart) / 1000;
  const { dist, offset } = projected ?? project(plan.line, r.lon, r.lat, prefer);
  const deviation = Math.round(secs - scheduledAt(plan, dist, secs));
  const first = plan.stops[0] as TimedStop;
  // Waiting at the first stop is on time, but a run 24 h away is not the one it waits for.
  const waiting = dist <= first.dist + STOP_RADIUS_M && secs < first.departure;
  return { plan, day, dayStart, dist, offset, deviation, gap: waiting ? first.departure - secs : Math.abs(deviation) };
}

/** The service days a reading may belong to: today's, yesterday's for trips past midnight, tomorrow's just before it. */
function candidateDays(table: Timetable, at: number): string[] {
  const today = localDay(table.timezone, at);
  return [today, dayBefore(today), dayAfter(today)];
}

/** The runs of a trip a reading may be on, on a day: the one its start time names (when it is one), else those near in time. */
function startsOf(plan: TripPlan, r: VehicleReading, secs: number): number[] {
  const given = r.startTime === undefined ? undefined : secondsOfClock(r.startTime);
  if (given !== undefined && plan.frequencies?.length && isRunStart(plan, given)) return [given];
  return runStarts(plan, secs, RUN_AHEAD_S, RUN_BEHIND_S);
}

/**
 * `busy`: the runs (runKey) other buses heard lately are on; a bus that names no trip is not matched
 * to one of them (two buses on one trip would each be the other's prediction).
 */
export function matchReading(
  table: Timetable | null,
  previous: VehicleState | null,
  r: VehicleReading,
  now: Date,
  busy: ReadonlySet<string> = new Set(),
): MatchOutcome {
  const t = r.observedAt.getTime();
  if (!Number.isFinite(r.lon) || !Number.isFinite(r.lat) || Math.abs(r.lon) > 180 || Math.abs(r.lat) > 90) {
    return { kind: 'rejected', reason: 'no-position', detail: 'the reading has no usable position' };
  }
  if (t > now.getTime() + FUTURE_SKEW_MS) {
    return {
      kind: 'rejected',
      reason: 'future-timestamp',
      detail: `observed at ${r.observedAt.toISOString()}, ahead of the clock (${now.toISOString()})`,
    };
  }
  if (previous && t <= previous.observedAt.getTime()) return { kind: 'stale' };
  if (previous) {
    const metres = metresBetween(previous.lon, previous.lat, r.lon, r.lat);
    const hours = (t - previous.observedAt.getTime()) / 3600_000;
    // After an hour's silence a bus may be anywhere (towed, sent to another depot): taken as it comes,
    // so that one wrong fix accepted first cannot make every true one after it a jump.
    if (hours < 1 && (metres > MAX_JUMP_M || metres / 1000 / hours > MAX_PLAUSIBLE_KMH)) {
      return {
        kind: 'rejected',
        reason: 'gps-jump',
        detail: `moved ${Math.round(metres)} m in ${Math.round(hours * 3600)} s since its last reading`,
      };
    }
  }

  let best: Fit | null = null;
  if (r.inService && table) {
    const reported = r.tripId ? table.trips.get(r.tripId) : undefined;
    if (reported) {
      // The trip it reports: on the service day it gives when the trip runs then, else on whichever
      // service day (running that day first) and run its time fits best.
      const prefer = previous?.tripId === reported.id ? (previous.shapeDist ?? undefined) : undefined;
      const given = r.startDate !== undefined && table.runs(reported.serviceId, r.startDate) ? r.startDate : undefined;
      let bestScore = Number.POSITIVE_INFINITY;
      for (const day of given ? [given] : candidateDays(table, t)) {
        const secs = (t - serviceDayStart(table.timezone, day)) / 1000;
        const runs = table.runs(reported.serviceId, day);
        for (const start of startsOf(reported, r, secs)) {
          const f = fit(table, table.runOf(reported, start), day, r, prefer);
          const score = f.gap + (runs ? 0 : 86_400);
          if (score < bestScore) {
            bestScore = score;
            best = f;
          }
        }
      }
    } else if (r.routeCode && table.routes.has(r.routeCode)) {
      // No (known) trip: the route's trips running now, nearest in time and place; the last one kept.
      let bestScore = Number.POSITIVE_INFINITY;
      // Trips of a route mostly share their shape: each shape is projected on once.
      const projections = new Map<Polyline, Projection>();
      for (const day of candidateDays(table, t)) {
        const dayStart = serviceDayStart(table.timezone, day);
        const secs = (t - dayStart) / 1000;
        for (const trip of table.tripsByRoute.get(r.routeCode) ?? []) {
          if (!table.runs(trip.serviceId, day)) continue;
          for (const start of runStarts(trip, secs, 900, 1800)) {
            const plan = table.runOf(trip, start);
            if (secs < plan.start - 900 || secs > plan.end + 1800) continue;
            const startTime = clockTime(plan.start);
            const same =
              previous?.tripId === plan.id && previous.serviceDate === day && previous.startTime === startTime;
            // A run another bus is on is left to it.
            if (!same && busy.has(runKey(plan.id, day, startTime))) continue;
            let projected = same ? undefined : projections.get(plan.line);
            if (!same && !projected) projections.set(plan.line, (projected = project(plan.line, r.lon, r.lat)));
            const f = fit(table, plan, day, r, same ? (previous.shapeDist ?? undefined) : undefined, projected);
            if (f.offset > MATCH_WITHIN_M) continue;
            const score = f.gap + f.offset * 2 - (same && !previous.finished ? 600 : 0);
            if (score < bestScore) {
              bestScore = score;
              best = f;
            }
          }
        }
      }
    } else if (r.tripId || r.routeCode) {
      return {
        kind: 'rejected',
        reason: 'unknown-trip',
        detail: `neither the trip "${r.tripId ?? ''}" nor the route "${r.routeCode ?? ''}" is in the current timetable`,
      };
    }
  }

  // Standing: slow, and within STOP_RADIUS_M of where it stood since (a bus creeping along in traffic
  // moves less than that between two readings, but not over minutes).
  const stoodAt =
    previous?.stoppedSince && previous.stoppedLon !== null && previous.stoppedLat !== null
      ? { lon: previous.stoppedLon, lat: previous.stoppedLat }
      : previous;
  const moved = stoodAt ? metresBetween(stoodAt.lon, stoodAt.lat, r.lon, r.lat) : Number.POSITIVE_INFINITY;
  const standing = (r.speedKmh ?? 0) < STANDING_KMH && moved < STOP_RADIUS_M;
  let stoppedSince = standing ? (previous?.stoppedSince ?? previous?.observedAt ?? r.observedAt) : null;
  let stoppedPlace = standing && stoodAt ? { lon: stoodAt.lon, lat: stoodAt.lat } : null;

  const startTime = best ? clockTime(best.plan.start) : null;
  // Left its trip (another trip, out of service, off the timetable) on the approach to the terminus:
  // it arrived there at its last reading on the trip.
  const leftNearTerminus =
    previous &&
    (previous.tripId !== (best?.plan.id ?? null) ||
      previous.serviceDate !== (best?.day ?? null) ||
      (best !== null && previous.startTime !== startTime))
      ? terminusArrival(table, previous)
      : null;

  if (!best) {
    return {
      kind: 'matched',
      plan: null,
      dayStart: 0,
      passages: leftNearTerminus ? [leftNearTerminus] : [],
      state: {
        ...base(r),
        tripId: null,
        routeId: r.inService ? (r.routeCode ?? null) : null,
        directionId: null,
        serviceDate: null,
        startTime: null,
        shapeDist: null,
        offsetM: null,
        deviationSecs: null,
        stopSequence: null,
        stopId: null,
        status: null,
        finished: false,
        flags: [],
        offRouteReadings: 0,
        stoppedSince,
        stoppedLon: stoppedPlace?.lon ?? null,
        stoppedLat: stoppedPlace?.lat ?? null,
      },
    };
  }

  const { plan, day, dayStart, dist, offset, deviation } = best;
  const stops = plan.stops;
  const last = stops[stops.length - 1] as TimedStop;
  const first = stops[0] as TimedStop;
  const finished = dist >= last.dist - STOP_RADIUS_M;
  const atStop = stops.find((s) => Math.abs(dist - s.dist) <= STOP_RADIUS_M);
  let status: VehicleStopStatus;
  let stop: TimedStop;
  if (atStop && ((r.speedKmh ?? 0) < STANDING_KMH || atStop === last)) {
    status = 'STOPPED_AT';
    stop = atStop;
  } else {
    stop = stops.find((s) => s.dist > dist) ?? last;
    status = stop.dist - dist <= INCOMING_M ? 'INCOMING_AT' : 'IN_TRANSIT_TO';
  }

  const offRouteReadings = offset > OFF_ROUTE_M ? (previous?.offRouteReadings ?? 0) + 1 : 0;
  const atTerminus = dist <= first.dist + STOP_RADIUS_M || finished;
  // The wait at the first stop before the trip leaves is no stop too long: standing counts from its time.
  if (stoppedSince && dist <= first.dist + STOP_RADIUS_M && t < dayStart + first.departure * 1000) {
    stoppedSince = r.observedAt;
    stoppedPlace = { lon: r.lon, lat: r.lat };
  }
  const flags: VehicleFlag[] = [];
  if (offRouteReadings >= OFF_ROUTE_READINGS) flags.push('off-route');
  if (stoppedSince && !atTerminus && t - stoppedSince.getTime() >= STOPPED_TOO_LONG_MS) flags.push('stopped-too-long');

  // Stops reached and left since the last reading on the same trip: when the bus crossed the edge of
  // each stop's circle, in proportion to distance between the two readings.
  const passages: StopPassage[] = leftNearTerminus ? [leftNearTerminus] : [];
  if (
    previous &&
    previous.tripId === plan.id &&
    previous.serviceDate === day &&
    previous.startTime === startTime &&
    previous.shapeDist !== null
  ) {
    const d0 = previous.shapeDist;
    const t0 = previous.observedAt.getTime();
    const runStart = runStartOf(plan);
    if (dist > d0) {
      const when = (edge: number) => new Date(Math.round(t0 + ((edge - d0) / (dist - d0)) * (t - t0)));
      for (const s of stops) {
        const scheduled = {
          scheduledArrival: new Date(dayStart + s.arrival * 1000),
          scheduledDeparture: new Date(dayStart + s.departure * 1000),
        };
        const ref = { tripId: plan.id, serviceDate: day, runStart, routeId: plan.routeId, stop: s, ...scheduled };
        const inner = s.dist - STOP_RADIUS_M;
        const outer = s.dist + STOP_RADIUS_M;
        if (s !== first && d0 < inner && inner <= dist) passages.push({ ...ref, kind: 'arrival', at: when(inner) });
        if (s !== last && d0 < outer && outer <= dist) passages.push({ ...ref, kind: 'departure', at: when(outer) });
      }
    }
  }

  return {
    kind: 'matched',
    plan,
    dayStart,
    passages,
    state: {
      ...base(r),
      tripId: plan.id,
      routeId: plan.routeId,
      directionId: plan.directionId ?? null,
      serviceDate: day,
      startTime,
      shapeDist: dist,
      offsetM: offset,
      deviationSecs: deviation,
      stopSequence: stop.sequence,
      stopId: stop.stopId,
      status,
      finished,
      flags,
      offRouteReadings,
      stoppedSince,
      stoppedLon: stoppedPlace?.lon ?? null,
      stoppedLat: stoppedPlace?.lat ?? null,
    },
  };
}

function base(r: VehicleReading) {
  return {
    vehicleId: r.vehicleId,
    label: r.label ?? null,
    licensePlate: r.licensePlate ?? null,
    observedAt: r.observedAt,
    lon: r.lon,
    lat: r.lat,
    speedKmh: r.speedKmh ?? null,
    heading: r.heading ?? null,
    rejectedAt: null,
    rejectedReason: null,
  };
}
