import { hanoiInstant, hanoiTime, isRushHourAt, type LonLat, type Transit } from './city.js';
import { randomFor } from './random.js';

/**
 * Buses on the timetabled directions of transit.json. The feed times only the midday (≈ 09:30–18:00);
 * the service day is extended to 05:00–22:00 at the same headway (illustrative). A bus runs in
 * straight lines between stops (the data has no shapes), slower in rush hours, dwells at stops, and
 * leaves a little late: its delay drifts along the trip.
 */

const SERVICE_FROM = 5 * 3600;
const SERVICE_UNTIL = 22 * 3600;
const EARTH_RADIUS_M = 6_371_000;

interface Direction {
  readonly id: string;
  readonly route: string;
  readonly stops: readonly LonLat[];
  readonly offsets: readonly number[];
  readonly starts: readonly number[];
  /** Seconds from first to last stop, as scheduled. */
  readonly duration: number;
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

const radians = (deg: number) => (deg * Math.PI) / 180;
export function distanceMetres(a: LonLat, b: LonLat): number {
  const dLat = radians(b[1] - a[1]);
  const dLon = radians(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a[1])) * Math.cos(radians(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
function bearing(a: LonLat, b: LonLat): number {
  const y = Math.sin(radians(b[0] - a[0])) * Math.cos(radians(b[1]));
  const x =
    Math.cos(radians(a[1])) * Math.sin(radians(b[1])) -
    Math.sin(radians(a[1])) * Math.cos(radians(b[1])) * Math.cos(radians(b[0] - a[0]));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** The feed's starts, extended over the service day at their median headway. */
function serviceStarts(starts: readonly number[]): number[] {
  const sorted = [...starts].sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((s, i) => s - (sorted[i] ?? s))
    .sort((a, b) => a - b);
  const headway = Math.max(300, gaps[Math.floor(gaps.length / 2)] ?? 900);
  const first = sorted[0] ?? 12 * 3600;
  const last = sorted[sorted.length - 1] ?? first;
  const before: number[] = [];
  for (let s = first - headway; s >= SERVICE_FROM; s -= headway) before.unshift(s);
  const after: number[] = [];
  for (let s = last + headway; s <= SERVICE_UNTIL; s += headway) after.push(s);
  return [...before, ...sorted, ...after];
}

const hhmm = (secondOfDay: number) => {
  const minutes = Math.floor(secondOfDay / 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
};

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
  constructor(transit: Transit, seed: number, copies = 1) {
    this.#seed = seed;
    this.#copies = Math.max(1, Math.floor(copies));
    const stops = new Map(transit.stops.map((s) => [s.id, s.location]));
    for (const route of transit.routes) {
      for (const direction of route.directions) {
        const timetable = direction.timetables?.[0];
        if (!timetable || timetable.stops.length < 2) continue;
        const located = timetable.stops.map((id) => stops.get(id));
        if (located.some((l) => l === undefined)) continue;
        const d: Direction = {
          id: direction.id,
          route: route.shortName,
          stops: located as LonLat[],
          offsets: timetable.offsets,
          starts: serviceStarts(timetable.starts),
          duration: timetable.offsets[timetable.offsets.length - 1] ?? 0,
        };
        this.#directions.push(d);
        const list = this.#routes.get(d.route) ?? [];
        list.push(d);
        this.#routes.set(d.route, list);
      }
    }
  }

  get directions(): number {
    return this.#directions.length;
  }

  #timeline(direction: Direction, day: number, start: number, copy: number): TripTimeline {
    const tripId = `${direction.id}-${hhmm(start)}`;
    // The trip's own randomness (its pace, its late departure) is the trip's, whichever vehicle runs it.
    const key = `trip-${tripId}${copy === 0 ? '' : `-x${copy + 1}`}`;
    const r = randomFor(this.#seed, 'trip', day, key);
    const pace = Math.exp(0.08 * r.normal()); // this driver, this bus: a little faster or slower all along
    const departure = Math.round(start + copy * 60 + r.uniform(0, 90)); // whole seconds: exact in ms
    const arrive = [departure];
    const depart = [departure];
    for (let j = 0; j + 1 < direction.stops.length; j++) {
      const leaving = depart[j] ?? departure;
      const scheduled = (direction.offsets[j + 1] ?? 0) - (direction.offsets[j] ?? 0);
      const rush = isRushHourAt(leaving) ? r.uniform(1.3, 1.6) : 1;
      // The timetable's running times include about 25 s standing at each stop.
      const running = Math.max(15, scheduled - 25) * rush * pace * Math.exp(0.12 * r.normal());
      const arrival = Math.round(leaving + running);
      const last = j + 2 === direction.stops.length;
      arrive.push(arrival);
      depart.push(last ? arrival : arrival + Math.round(r.uniform(20, 40)));
    }
    return { deviceId: '', tripId, route: direction.route, direction, start, arrive, depart };
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
      const here = direction.stops[j] as LonLat;
      const next = direction.stops[Math.min(j + 1, n - 1)] as LonLat;
      const heading = j + 1 < n ? bearing(here, next) : bearing(direction.stops[j - 1] as LonLat, here);
      const arrived = arrive[j] ?? 0;
      const leaves = depart[j] ?? arrived;
      const scheduledHere = trip.start + (direction.offsets[j] ?? 0);
      if (secondOfDay <= leaves) {
        return { location: here, speed: 0, heading: Math.round(heading), delay: Math.round(arrived - scheduledHere) };
      }
      const arrivesNext = arrive[j + 1];
      if (arrivesNext !== undefined && secondOfDay < arrivesNext) {
        const f = (secondOfDay - leaves) / (arrivesNext - leaves);
        const scheduledNext = trip.start + (direction.offsets[j + 1] ?? 0);
        const metres = distanceMetres(here, next);
        return {
          location: [here[0] + (next[0] - here[0]) * f, here[1] + (next[1] - here[1]) * f],
          speed: Math.round((metres / (arrivesNext - leaves)) * 3.6 * 10) / 10,
          heading: Math.round(heading),
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
            if (!where) where = { route: duty.route, location: trip.direction.stops[0] as LonLat, heading: 0 };
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
          const stops = trip.direction.stops;
          const end = BusFleet.position(trip, last);
          where = { route: duty.route, location: stops[stops.length - 1] as LonLat, heading: end?.heading ?? 0 };
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
  ): { deviceId: string; startMs: number; endMs: number; at(ms: number): BusPosition | null }[] {
    const direction = this.#directions[directionIndex];
    if (!direction) return [];
    const byTrip = new Map<string, TripTimeline>();
    for (const duty of this.#dutiesOf(day)) for (const trip of duty.trips) byTrip.set(trip.tripId, trip);
    return direction.starts.map((start) => {
      const tripId = `${direction.id}-${hhmm(start)}`;
      const trip = byTrip.get(tripId) ?? this.#timeline(direction, day, start, 0);
      return {
        deviceId: trip.deviceId,
        startMs: hanoiInstant(day, trip.arrive[0] ?? start),
        endMs: hanoiInstant(day, trip.arrive[trip.arrive.length - 1] ?? start),
        at: (ms: number) => BusFleet.position(trip, hanoiTime(ms).secondOfDay),
      };
    });
  }
}

/** A route's short name as it may stand in a device id. */
const safeId = (route: string) => route.replace(/[^A-Za-z0-9]/g, '') || 'route';
