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

export class BusFleet {
  readonly #seed: number;
  readonly #copies: number;
  readonly #directions: Direction[] = [];
  readonly #timelines = new Map<string, TripTimeline>();

  /** `copies` buses run each trip (for load), a minute apart. */
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
        this.#directions.push({
          id: direction.id,
          route: route.shortName,
          stops: located as LonLat[],
          offsets: timetable.offsets,
          starts: serviceStarts(timetable.starts),
          duration: timetable.offsets[timetable.offsets.length - 1] ?? 0,
        });
      }
    }
  }

  get directions(): number {
    return this.#directions.length;
  }

  #timeline(direction: Direction, day: number, start: number, copy: number): TripTimeline {
    const tripId = `${direction.id}-${hhmm(start)}`;
    const deviceId = `bus-${tripId}${copy === 0 ? '' : `-x${copy + 1}`}`;
    const key = `${day}|${deviceId}`;
    const known = this.#timelines.get(key);
    if (known) return known;
    const r = randomFor(this.#seed, 'trip', day, deviceId);
    const pace = Math.exp(0.08 * r.normal()); // this driver, this bus: a little faster or slower all along
    const departure = start + copy * 60 + r.uniform(0, 90);
    const arrive = [departure];
    const depart = [departure];
    for (let j = 0; j + 1 < direction.stops.length; j++) {
      const leaving = depart[j] ?? departure;
      const scheduled = (direction.offsets[j + 1] ?? 0) - (direction.offsets[j] ?? 0);
      const rush = isRushHourAt(leaving) ? r.uniform(1.3, 1.6) : 1;
      // The timetable's running times include about 25 s standing at each stop.
      const running = Math.max(15, scheduled - 25) * rush * pace * Math.exp(0.12 * r.normal());
      const arrival = leaving + running;
      const last = j + 2 === direction.stops.length;
      arrive.push(arrival);
      depart.push(last ? arrival : arrival + r.uniform(20, 40));
    }
    const timeline = { deviceId, tripId, route: direction.route, direction, start, arrive, depart };
    this.#timelines.set(key, timeline);
    return timeline;
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

  /** Every bus on the road at an instant: one per active trip (times the copies). */
  activeAt(ms: number): ActiveBus[] {
    const local = hanoiTime(ms);
    const t = local.secondOfDay;
    const buses: ActiveBus[] = [];
    for (const direction of this.#directions) {
      for (const start of direction.starts) {
        // A trip can run up to twice its scheduled time plus its late departures.
        if (start > t || start + 2 * direction.duration + 60 * this.#copies + 600 < t) continue;
        for (let copy = 0; copy < this.#copies; copy++) {
          const trip = this.#timeline(direction, local.day, start, copy);
          const position = BusFleet.position(trip, t);
          if (position) buses.push({ deviceId: trip.deviceId, route: trip.route, tripId: trip.tripId, position });
        }
      }
    }
    this.#forgetBefore(local.day, t);
    return buses;
  }

  /** The trips of one direction on one day, for tests and tools: [deviceId, start, end] in ms. */
  tripsOf(
    directionIndex: number,
    day: number,
  ): { deviceId: string; startMs: number; endMs: number; at(ms: number): BusPosition | null }[] {
    const direction = this.#directions[directionIndex];
    if (!direction) return [];
    return direction.starts.map((start) => {
      const trip = this.#timeline(direction, day, start, 0);
      return {
        deviceId: trip.deviceId,
        startMs: hanoiInstant(day, trip.arrive[0] ?? start),
        endMs: hanoiInstant(day, trip.arrive[trip.arrive.length - 1] ?? start),
        at: (ms: number) => BusFleet.position(trip, hanoiTime(ms).secondOfDay),
      };
    });
  }

  #forgetBefore(day: number, secondOfDay: number): void {
    if (this.#timelines.size < 2000) return;
    for (const [key, trip] of this.#timelines) {
      const tripDay = Number(key.slice(0, key.indexOf('|')));
      if (tripDay < day || (trip.arrive[trip.arrive.length - 1] ?? 0) < secondOfDay) this.#timelines.delete(key);
    }
  }
}
