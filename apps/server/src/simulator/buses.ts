import {
  demoTripId,
  distanceMetres,
  pointAlong,
  SERVICE_FROM_S,
  SERVICE_UNTIL_S,
  type DemoDirection,
  type DemoSchedule,
} from '../demo/transit.js';
import { hanoiInstant, hanoiTime, isRushHourAt, type LonLat } from './city.js';
import { randomFor, type Random } from './random.js';

/**
 * Buses on the trips of the demo schedule (demo/transit.ts): the timetabled directions of the bus feed,
 * their service extended to 05:00–22:00 (illustrative), each driven along its shape on Hanoi's roads.
 * How late a bus runs is this file's own model, not anything a predictor knows: rush hours slow the
 * traffic, dwell grows with the people waiting (more at busy stops, in rush hours and behind a late bus),
 * incidents now and then hold a bus or a stretch of road for minutes, and the timetable's slack lets a
 * late bus win a little back while an early one waits at its stop.
 */

export { distanceMetres };

/** The timetable's running times include about this long standing at each stop. */
const SCHEDULED_DWELL_S = 25;
/** Off the rush, buses need this share of the timetable's running time: the slack a late bus wins back. */
const RUNNING_SLACK = 0.92;
/** No bus averages more than this between two stops in the city. */
const TOP_SPEED_KMH = 45;
/** A bus this early at a stop waits there until it is only this early. */
const EARLY_HOLD_S = 30;
/** A bus's own trouble (a breakdown, a passenger taken ill, a row at the door): the chance per trip. */
const BUS_INCIDENT_CHANCE = 0.03;
/** A stretch of road (a leg of a direction) blocked by a crash, works or a flood, per leg and day. */
const ROAD_INCIDENT_CHANCE = 0.2;

interface Direction extends DemoDirection {
  readonly duration: number;
}

/** A bus held on a leg: it stands at `fraction` of the leg for `seconds`. */
interface Hold {
  readonly fraction: number;
  readonly seconds: number;
  readonly cause: 'bus' | 'road';
}

/** One run of a bus along a direction on one day: when it is at each stop. */
interface TripTimeline {
  readonly deviceId: string;
  readonly tripId: string;
  readonly route: string;
  readonly direction: Direction;
  /** Scheduled start, seconds of the local day. */
  readonly start: number;
  readonly arrive: readonly number[];
  readonly depart: readonly number[];
  /** Per leg (stop j to j+1), the hold on it, if any. */
  readonly holds: readonly (Hold | null)[];
}

export interface BusPosition {
  readonly location: LonLat;
  /** km/h */
  readonly speed: number;
  /** Degrees from north, clockwise. */
  readonly heading: number;
  /** Seconds behind the timetable (negative: ahead). */
  readonly delay: number;
}

export interface ActiveBus {
  readonly deviceId: string;
  readonly route: string;
  readonly tripId: string;
  readonly position: BusPosition;
}

/** People waiting per minute at an average stop, by hour of the day (Hanoi's commutes). */
function demandAt(secondOfDay: number): number {
  const h = (secondOfDay / 3600) % 24;
  if (h < 6) return 0.12;
  if (h < 7) return 0.25;
  if (h < 9) return 0.55;
  if (h < 16.5) return h >= 11.5 && h < 13.5 ? 0.32 : 0.28;
  if (h < 19) return 0.5;
  if (h < 21) return 0.2;
  return 0.12;
}

/** How slow the traffic is: 1 off the rush; the day's rush factor in it, half of that in the half-hour around it. */
function congestion(secondOfDay: number, dayRush: number, r: Random): number {
  if (isRushHourAt(secondOfDay)) return dayRush * Math.exp(0.08 * r.normal());
  if (isRushHourAt(secondOfDay - 1800) || isRushHourAt(secondOfDay + 1800)) return 1 + (dayRush - 1) / 2;
  return 1;
}

/** A vehicle's state at an instant: on a trip of its route, or out of service where it last stood. */
export type VehicleState =
  | { readonly kind: 'trip'; readonly tripId: string; readonly position: BusPosition }
  | { readonly kind: 'outOfService'; readonly location: LonLat; readonly heading: number };

export interface Vehicle {
  readonly deviceId: string;
  readonly route: string;
  readonly state: VehicleState;
}

/** One day's work of one vehicle: its trips in order, none overlapping (with a layover between). */
interface Duty {
  readonly deviceId: string;
  readonly route: string;
  readonly trips: TripTimeline[];
}

/** A vehicle stands at its terminus this long at least (and up to twice as long) before its next trip. */
export const LAYOVER_MIN_S = 5 * 60;

/**
 * The buses of the city: each route has a fleet of vehicles with stable ids (`bus-<route>-<nn>`) that
 * work the route's trips one after another, as a depot assigns them: each trip goes to the vehicle of
 * the route that has been waiting longest at a terminus after its layover, or to a vehicle taken out
 * of the depot when none is free. So a vehicle never runs two trips at once, and a route has only as
 * many vehicles as its busiest hour needs. Everything follows from the seed and the day.
 */
export class BusFleet {
  readonly #seed: number;
  readonly #copies: number;
  readonly #directions: Direction[] = [];
  readonly #routes = new Map<string, Direction[]>();
  readonly #duties = new Map<number, Duty[]>();
  /** Every vehicle of the fleets seen so far, with where it stands when it is not on a trip. */
  readonly #known = new Map<string, { route: string; location: LonLat; heading: number }>();

  /** `copies` fleets run each route (for load), their trips a minute apart. */
  constructor(schedule: DemoSchedule, seed: number, copies = 1) {
    this.#seed = seed;
    this.#copies = Math.max(1, Math.floor(copies));
    for (const direction of schedule.directions) {
      const d: Direction = { ...direction, duration: direction.offsets[direction.offsets.length - 1] ?? 0 };
      this.#directions.push(d);
      const list = this.#routes.get(d.routeId) ?? [];
      list.push(d);
      this.#routes.set(d.routeId, list);
    }
  }

  get directions(): number {
    return this.#directions.length;
  }

  /** A stretch of road blocked on a day: from when, for how long, and how long it holds a bus. */
  #roadIncident(day: number, direction: Direction, leg: number) {
    const r = randomFor(this.#seed, 'road-incident', day, direction.id, leg);
    if (!r.chance(ROAD_INCIDENT_CHANCE)) return null;
    const from = r.uniform(SERVICE_FROM_S, SERVICE_UNTIL_S);
    return { from, until: from + r.uniform(15, 45) * 60, seconds: r.uniform(120, 480), fraction: r.uniform(0.2, 0.8) };
  }

  /** How busy a stop is (a market, a school, a transfer): a factor on the people waiting, stable per seed. */
  #stopWeight(stopId: string): number {
    return Math.exp(0.5 * randomFor(this.#seed, 'stop', stopId).normal());
  }

  #timeline(direction: Direction, day: number, start: number, copy: number): TripTimeline {
    const tripId = demoTripId(direction.id, start);
    // The trip's own randomness (its pace, its late departure) is the trip's, whichever vehicle runs it.
    const key = `trip-${tripId}${copy === 0 ? '' : `-x${copy + 1}`}`;
    const r = randomFor(this.#seed, 'trip', day, key);
    const dayRush = randomFor(this.#seed, 'rush', day).uniform(1.3, 1.6); // some days' rush hours are worse
    const pace = Math.exp(0.08 * r.normal()); // this driver, this bus: a little faster or slower all along
    const legs = direction.stops.length - 1;
    const trouble = r.chance(BUS_INCIDENT_CHANCE)
      ? { leg: Math.floor(r.next() * legs), seconds: r.uniform(180, 720), fraction: r.uniform(0.1, 0.9) }
      : null;
    const departure = Math.round(start + copy * 60 + r.uniform(0, 90)); // whole seconds: exact in ms
    const arrive = [departure];
    const depart = [departure];
    const holds: (Hold | null)[] = [];
    for (let j = 0; j < legs; j++) {
      const leaving = depart[j] ?? departure;
      const scheduled = (direction.offsets[j + 1] ?? 0) - (direction.offsets[j] ?? 0);
      const metres = (direction.stopDistancesM[j + 1] ?? 0) - (direction.stopDistancesM[j] ?? 0);
      const running = Math.max(
        (metres / TOP_SPEED_KMH) * 3.6, // a timetable too tight for the road is simply not kept
        Math.max(15, scheduled - SCHEDULED_DWELL_S) *
          RUNNING_SLACK *
          congestion(leaving, dayRush, r) *
          pace *
          Math.exp(0.12 * r.normal()),
      );
      let hold: Hold | null = null;
      const road = this.#roadIncident(day, direction, j);
      if (road && leaving >= road.from && leaving < road.until) {
        // The queue clears as the incident ends: the later a bus comes, the shorter its wait.
        const left = 1 - (0.5 * (leaving - road.from)) / (road.until - road.from);
        hold = { fraction: road.fraction, seconds: Math.round(road.seconds * left), cause: 'road' };
      } else if (trouble?.leg === j) {
        hold = { fraction: trouble.fraction, seconds: Math.round(trouble.seconds), cause: 'bus' };
      }
      holds.push(hold);
      const arrival = Math.round(leaving + running + (hold?.seconds ?? 0));
      arrive.push(arrival);
      if (j + 1 === legs) {
        depart.push(arrival);
        break;
      }
      // People board for as long as they have waited: a headway, more behind a late bus (so late gets later).
      const scheduledHere = start + (direction.offsets[j + 1] ?? 0);
      const waitedMin = Math.max(
        0.5,
        (direction.headwayS + Math.min(arrival - scheduledHere, direction.headwayS)) / 60,
      );
      const stopId = direction.stopIds[j + 1] ?? '';
      const boarding = demandAt(arrival) * this.#stopWeight(stopId) * waitedMin * Math.exp(0.3 * r.normal());
      const alighting = boarding * r.uniform(0.5, 1.5);
      const dwell = Math.min(120, 6 + 2.5 * boarding + 1.2 * alighting);
      // An early bus waits at the stop, as drivers are told to.
      depart.push(Math.max(Math.round(arrival + dwell), scheduledHere - EARLY_HOLD_S));
    }
    return { deviceId: '', tripId, route: direction.routeId, direction, start, arrive, depart, holds };
  }

  /** The day's duties of every route (and copy): trips assigned to vehicles, decided once per day. */
  #dutiesOf(day: number): Duty[] {
    const known = this.#duties.get(day);
    if (known) return known;
    const duties: Duty[] = [];
    for (const [route, directions] of this.#routes) {
      for (let copy = 0; copy < this.#copies; copy++) {
        const trips = directions
          .flatMap((d) => d.starts.map((start) => this.#timeline(d, day, start, copy)))
          .sort((a, b) => (a.arrive[0] ?? 0) - (b.arrive[0] ?? 0) || a.tripId.localeCompare(b.tripId));
        const vehicles: { duty: Duty; freeAt: number }[] = [];
        for (const trip of trips) {
          const leaves = trip.arrive[0] ?? trip.start;
          let chosen: { duty: Duty; freeAt: number } | undefined;
          for (const v of vehicles) if (v.freeAt <= leaves && (!chosen || v.freeAt < chosen.freeAt)) chosen = v;
          if (!chosen) {
            const n = String(vehicles.length + 1).padStart(2, '0');
            const deviceId = `bus-${safeId(route)}-${n}${copy === 0 ? '' : `-x${copy + 1}`}`;
            chosen = { duty: { deviceId, route, trips: [] }, freeAt: 0 };
            vehicles.push(chosen);
            duties.push(chosen.duty);
          }
          const own = { ...trip, deviceId: chosen.duty.deviceId };
          chosen.duty.trips.push(own);
          const layover = LAYOVER_MIN_S * (1 + randomFor(this.#seed, 'layover', day, own.deviceId, trip.tripId).next());
          chosen.freeAt = (trip.arrive[trip.arrive.length - 1] ?? leaves) + layover;
        }
      }
    }
    this.#duties.set(day, duties);
    // Yesterday's and today's duties are enough: a clock moves forward.
    for (const d of this.#duties.keys()) if (d < day - 1) this.#duties.delete(d);
    return duties;
  }

  /** Where a trip's bus is at a second of the day, or null when it is not on the road. */
  static position(trip: TripTimeline, secondOfDay: number): BusPosition | null {
    const { arrive, depart, direction } = trip;
    const n = direction.stops.length;
    if (secondOfDay < (arrive[0] ?? 0) || secondOfDay > (arrive[n - 1] ?? 0)) return null;
    for (let j = 0; j < n; j++) {
      const here = direction.stopDistancesM[j] ?? 0;
      const arrived = arrive[j] ?? 0;
      const leaves = depart[j] ?? arrived;
      const scheduledHere = trip.start + (direction.offsets[j] ?? 0);
      if (secondOfDay <= leaves) {
        const at = pointAlong(direction, here);
        return {
          location: at.location,
          speed: 0,
          heading: Math.round(at.heading),
          delay: Math.round(arrived - scheduledHere),
        };
      }
      const arrivesNext = arrive[j + 1];
      if (arrivesNext !== undefined && secondOfDay < arrivesNext) {
        const next = direction.stopDistancesM[j + 1] ?? here;
        const hold = trip.holds[j];
        const holdS = hold?.seconds ?? 0;
        const moving = Math.max(1, arrivesNext - leaves - holdS);
        const stopsAt = leaves + moving * (hold?.fraction ?? 1);
        let f: number;
        let standing = false;
        if (!hold || secondOfDay < stopsAt) f = (secondOfDay - leaves) / moving;
        else if (secondOfDay < stopsAt + holdS) {
          f = hold.fraction;
          standing = true;
        } else f = (secondOfDay - leaves - holdS) / moving;
        f = Math.min(1, Math.max(0, f));
        const at = pointAlong(direction, here + (next - here) * f);
        const scheduledNext = trip.start + (direction.offsets[j + 1] ?? 0);
        return {
          location: at.location,
          speed: standing ? 0 : Math.round(((next - here) / moving) * 3.6 * 10) / 10,
          heading: Math.round(at.heading),
          // Behind the time the timetable has for this point of the leg (by distance).
          delay: Math.round(secondOfDay - (scheduledHere + (scheduledNext - scheduledHere) * f)),
        };
      }
    }
    return null;
  }

  /**
   * Every vehicle of the fleets at an instant: on a trip (with its position), or out of service where
   * its last trip ended (between trips and after its day; before its first trip, at that trip's first
   * stop). A vehicle that worked yesterday and has no trip yet today is out of service too.
   */
  vehiclesAt(ms: number): Vehicle[] {
    const local = hanoiTime(ms);
    const t = local.secondOfDay;
    const out: Vehicle[] = [];
    const onTrip = new Set<string>();
    // Yesterday's late trips may still run past midnight.
    for (const [day, second] of [
      [local.day - 1, t + 86_400],
      [local.day, t],
    ] as const) {
      for (const duty of this.#dutiesOf(day)) {
        let where = this.#known.get(duty.deviceId);
        for (const trip of duty.trips) {
          const first = trip.arrive[0] ?? trip.start;
          const last = trip.arrive[trip.arrive.length - 1] ?? first;
          if (second < first) {
            if (!where) {
              const at = pointAlong(trip.direction, trip.direction.stopDistancesM[0] ?? 0);
              where = { route: duty.route, location: at.location, heading: Math.round(at.heading) };
            }
            break;
          }
          if (second <= last) {
            const position = BusFleet.position(trip, second);
            if (position) {
              out.push({
                deviceId: duty.deviceId,
                route: duty.route,
                state: { kind: 'trip', tripId: trip.tripId, position },
              });
              onTrip.add(duty.deviceId);
              where = { route: duty.route, location: position.location, heading: position.heading };
            }
            break;
          }
          const end = BusFleet.position(trip, last);
          if (end) where = { route: duty.route, location: end.location, heading: end.heading };
        }
        if (where && !onTrip.has(duty.deviceId)) this.#known.set(duty.deviceId, where);
      }
    }
    for (const [deviceId, where] of this.#known) {
      if (onTrip.has(deviceId)) continue;
      out.push({
        deviceId,
        route: where.route,
        state: { kind: 'outOfService', location: where.location, heading: where.heading },
      });
    }
    return out;
  }

  /** Every bus on a trip at an instant: one per vehicle on the road. */
  activeAt(ms: number): ActiveBus[] {
    return this.vehiclesAt(ms).flatMap((v) =>
      v.state.kind === 'trip'
        ? [{ deviceId: v.deviceId, route: v.route, tripId: v.state.tripId, position: v.state.position }]
        : [],
    );
  }

  /** One day's duties, for tests and tools: per vehicle its trips, [tripId, start, end] in ms. */
  dutiesOf(
    day: number,
  ): { deviceId: string; route: string; trips: { tripId: string; startMs: number; endMs: number }[] }[] {
    return this.#dutiesOf(day).map((duty) => ({
      deviceId: duty.deviceId,
      route: duty.route,
      trips: duty.trips.map((trip) => ({
        tripId: trip.tripId,
        startMs: hanoiInstant(day, trip.arrive[0] ?? trip.start),
        endMs: hanoiInstant(day, trip.arrive[trip.arrive.length - 1] ?? trip.start),
      })),
    }));
  }

  /** The trips of one direction on one day, for tests and tools: [deviceId, start, end] in ms. */
  tripsOf(
    directionIndex: number,
    day: number,
  ): {
    tripId: string;
    deviceId: string;
    startMs: number;
    endMs: number;
    /** When the bus reaches each stop, and when the timetable has it there: the truth to score predictions by. */
    arrivalsMs: number[];
    scheduledMs: number[];
    at(ms: number): BusPosition | null;
  }[] {
    const direction = this.#directions[directionIndex];
    if (!direction) return [];
    const byTrip = new Map<string, TripTimeline>();
    for (const duty of this.#dutiesOf(day)) for (const trip of duty.trips) byTrip.set(trip.tripId, trip);
    return direction.starts.map((start) => {
      const tripId = demoTripId(direction.id, start);
      const trip = byTrip.get(tripId) ?? this.#timeline(direction, day, start, 0);
      return {
        tripId,
        deviceId: trip.deviceId,
        startMs: hanoiInstant(day, trip.arrive[0] ?? start),
        endMs: hanoiInstant(day, trip.arrive[trip.arrive.length - 1] ?? start),
        arrivalsMs: trip.arrive.map((s) => hanoiInstant(day, s)),
        scheduledMs: direction.offsets.map((o) => hanoiInstant(day, start + o)),
        at: (ms: number) => BusFleet.position(trip, hanoiTime(ms).secondOfDay),
      };
    });
  }
}

/** A route's short name as it may stand in a device id. */
const safeId = (route: string) => route.replace(/[^A-Za-z0-9]/g, '') || 'route';
