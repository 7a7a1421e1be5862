import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { AppError, problems } from '../../platform/errors.js';
import { MAX_GTFS_TIME_SECS } from './feed.js';
import { formatGtfsTime, interpolate, parseGtfsTime } from './model.js';
import type { Departure, LivePredictions, RouteDetail, StopPrediction, TripDetail, TripStopTime } from './model.js';
import * as store from './schedule-store.js';
import { addDays, instantOf, isServiceDay, localDay, serviceDayOrigin, type ServiceDay } from './service-day.js';
import { Soonest } from './soonest.js';

/**
 * The current timetable read the way riders ask: what leaves this stop next, where a trip calls and when,
 * which stops a route serves. Service-day times become instants in the agency's time zone. The calls at a
 * stop and the services of a day are kept per feed version (a new import is a new version, so nothing goes
 * stale), which keeps a departures board to one small query.
 */

/** How late a bus may be and still be looked for on the board, when live predictions are at hand. */
const LATE_LOOKBACK_MS = 30 * 60_000;
/** The calls the cached boards may hold together (a few hundred bytes each), whatever the stops. */
const CACHED_CALLS = 1_000_000;
/**
 * How long a process trusts the version it knows as a tenant's current one: an import in this process
 * is seen at once, one made by another instance within this time.
 */
const CURRENT_VERSION_MS = 5_000;
const CACHED_DAYS = 64;
/** Stops whose calls may be waiting to be read (one is read at a time); more are answered 503. */
const MAX_WAITING_READS = 16;

/** A call of a trip run by frequencies, with its trip's rows (soonest first). */
interface RepeatedCall {
  readonly call: store.Call;
  readonly runs: readonly store.FrequencyRow[];
}

interface StopCalls {
  readonly stopIds: readonly string[];
  /** The calls of trips on a timetable of their own, soonest in the service day first. */
  readonly timed: readonly store.Call[];
  /** The calls of trips run by frequencies. */
  readonly repeated: readonly RepeatedCall[];
  /** Every call by trip and stop_sequence: where a prediction of it belongs. */
  readonly byCall: ReadonlyMap<string, RepeatedCall | store.Call>;
  /** The latest time of any call (frequencies included): how many service days back can still reach now. */
  readonly maxSecs: number;
}

/** A map that forgets the least recently used entries once their weights add up past its bound. */
class Recent<V> {
  readonly #items = new Map<string, { value: V; weight: number }>();
  #weight = 0;
  constructor(
    readonly bound: number,
    readonly weigh: (v: V) => number = () => 1,
  ) {}
  get(key: string): V | undefined {
    const item = this.#items.get(key);
    if (item !== undefined) {
      this.#items.delete(key);
      this.#items.set(key, item);
    }
    return item?.value;
  }
  set(key: string, value: V): void {
    this.#drop(key);
    const weight = this.weigh(value);
    this.#items.set(key, { value, weight });
    this.#weight += weight;
    for (const oldest of this.#items.keys()) {
      if (this.#weight <= this.bound || this.#items.size <= 1) break;
      this.#drop(oldest);
    }
  }
  #drop(key: string): void {
    const item = this.#items.get(key);
    if (!item) return;
    this.#items.delete(key);
    this.#weight -= item.weight;
  }
}

export interface DepartureQuery {
  readonly from: Date;
  /** How far ahead to look, minutes. */
  readonly minutes: number;
  readonly limit: number;
}

export interface DepartureBoard {
  /** The timetable's time zone (the agency's). */
  readonly timezone: string;
  readonly departures: Departure[];
}

interface Candidate {
  departure: Departure;
  /** The instant the rider cares about: predicted if live, else scheduled. */
  at: number;
}

export class Timetable {
  readonly #db: Database;
  readonly #log: Logger;
  #live: LivePredictions | undefined;
  readonly #stops = new Recent<StopCalls | AppError | null>(CACHED_CALLS, (v) =>
    v && 'timed' in v ? 1 + v.timed.length + v.repeated.length : 1,
  );
  readonly #days = new Recent<ReadonlySet<string>>(CACHED_DAYS);
  readonly #current = new Map<string, { schedule: store.Schedule | null; until: number }>();
  /** The stops whose calls are being read or wait their turn, and the end of that queue. */
  readonly #reading = new Map<string, Promise<StopCalls | null>>();
  #readTail: Promise<void> = Promise.resolve();

  constructor(db: Database, log: Logger, live?: LivePredictions) {
    this.#db = db;
    this.#log = log;
    this.#live = live;
  }

  set live(live: LivePredictions | undefined) {
    this.#live = live;
  }

  /** Forgets the tenant's current version (a new one was made current). */
  forget(tenant: string): void {
    this.#current.delete(tenant);
  }

  async #schedule(tenant: string, what: string, id: string): Promise<store.Schedule> {
    const now = Date.now();
    let known = this.#current.get(tenant);
    if (!known || known.until < now) {
      known = { schedule: await store.currentSchedule(this.#db, tenant), until: now + CURRENT_VERSION_MS };
      // Bounded: tenants asked about without a schedule are not kept.
      if (known.schedule) this.#current.set(tenant, known);
    }
    if (!known.schedule) throw problems.notFound(what, id);
    return known.schedule;
  }

  async #callsAt(versionId: string, stopId: string): Promise<StopCalls | null> {
    const key = `${versionId}\u0000${stopId}`;
    const cached = this.#stops.get(key);
    // A station whose platforms have too many calls for a board stays so: its refusal is kept too.
    if (cached instanceof AppError) throw cached;
    if (cached !== undefined) return cached;
    // Riders asking for the same stop at once wait for one reading of its calls. Stops not read yet are
    // read one at a time, a few waiting at most: a busy stop's calls take seconds of the database, and
    // riders asking for many such stops at once must not take all of it.
    const reading = this.#reading.get(key);
    if (reading) return reading;
    if (this.#reading.size >= MAX_WAITING_READS) {
      throw problems.unavailable(
        'TRANSIT_BOARDS_BUSY',
        'Many departures boards are being made for the first time: try again in a few seconds.',
        5,
      );
    }
    const read = this.#readTail.then(() => this.#readCalls(key, versionId, stopId));
    this.#readTail = read.then(
      () => undefined,
      () => undefined,
    );
    this.#reading.set(key, read);
    try {
      return await read;
    } finally {
      this.#reading.delete(key);
    }
  }

  async #readCalls(key: string, versionId: string, stopId: string): Promise<StopCalls | null> {
    const stopIds = await store.stopAndChildren(this.#db, versionId, stopId);
    let entry: StopCalls | null = null;
    if (stopIds) {
      let calls: store.Call[];
      try {
        calls = await store.callsAt(this.#db, versionId, stopIds);
      } catch (err) {
        if (err instanceof AppError && err.code === 'TRANSIT_STOP_TOO_BUSY') this.#stops.set(key, err);
        throw err;
      }
      const rows = await store.frequenciesOf(this.#db, versionId, [...new Set(calls.map((c) => c.tripId))]);
      const frequencies = new Map<string, store.FrequencyRow[]>();
      const lastEnd = new Map<string, number>();
      for (const f of rows) {
        const same = frequencies.get(f.tripId);
        if (same) same.push(f);
        else frequencies.set(f.tripId, [f]);
        lastEnd.set(f.tripId, Math.max(lastEnd.get(f.tripId) ?? 0, f.endSecs));
      }
      const timed: store.Call[] = [];
      const repeated: RepeatedCall[] = [];
      const byCall = new Map<string, RepeatedCall | store.Call>();
      let maxSecs = 0;
      for (const call of calls) {
        const runs = frequencies.get(call.tripId);
        if (runs) {
          const r = { call, runs };
          repeated.push(r);
          byCall.set(callKey(call.tripId, call.stopSequence), r);
          maxSecs = Math.max(maxSecs, (lastEnd.get(call.tripId) ?? 0) + call.secs - call.firstSecs);
        } else {
          timed.push(call);
          byCall.set(callKey(call.tripId, call.stopSequence), call);
          maxSecs = Math.max(maxSecs, call.secs);
        }
      }
      timed.sort((a, b) => a.secs - b.secs);
      entry = { stopIds, timed, repeated, byCall, maxSecs };
    }
    this.#stops.set(key, entry);
    return entry;
  }

  async #servicesOn(versionId: string, day: ServiceDay): Promise<ReadonlySet<string>> {
    const key = `${versionId}\u0000${day}`;
    let services = this.#days.get(key);
    if (!services) {
      services = new Set(await store.servicesOn(this.#db, versionId, day));
      this.#days.set(key, services);
    }
    return services;
  }

  /**
   * The next departures at a stop (and at its platforms, for a station) from `from`, soonest first: the
   * timetable's, each made live when a prediction of the same trip, service day and stop_sequence exists.
   */
  async departures(tenant: string, stopId: string, query: DepartureQuery): Promise<DepartureBoard> {
    const schedule = await this.#schedule(tenant, 'Stop', stopId);
    const { versionId, timezone } = schedule;
    const from = query.from.getTime();
    if (!boardable(from, schedule)) {
      throw problems.badRequest(
        'TRANSIT_BAD_TIME',
        "from is at most a year from now, or within the days of the timetable's calendars.",
      );
    }
    const at = await this.#callsAt(versionId, stopId);
    if (!at) throw problems.notFound('Stop', stopId);
    const until = from + query.minutes * 60_000;
    const live = this.#live;
    // With predictions, a bus already due may still be coming, and one due later may come sooner.
    const predicted = live
      ? await this.#predicted(live, tenant, at, timezone, from - LATE_LOOKBACK_MS, until + LATE_LOOKBACK_MS)
      : [];
    const covered = new Set(predicted.map((c) => runKey(c.departure)));
    const scheduled = await this.#scheduled(versionId, timezone, at, from, until, query.limit, covered);
    const departures = [...predicted.filter((c) => c.at >= from && c.at <= until), ...scheduled]
      .sort(soonest)
      .slice(0, query.limit)
      .map((c) => c.departure);
    return { timezone, departures };
  }

  /**
   * The timetable's next calls from `from` to `until`, at most `limit`, soonest first, but for those a
   * prediction covers. Each service day's timed calls are one stream and each call of a trip run by
   * frequencies another (its runs found by arithmetic); the streams are walked together in time order, so
   * the work is the streams plus the calls shown, not every run of every trip.
   */
  async #scheduled(
    versionId: string,
    timezone: string,
    at: StopCalls,
    from: number,
    until: number,
    limit: number,
    covered: ReadonlySet<string>,
  ): Promise<Candidate[]> {
    // Soonest first; at the same instant, by route (as the board is sorted).
    const streams = new Soonest<CallStream>((a, b) => a.at < b.at || (a.at === b.at && a.routeId < b.routeId));
    // Bounded by the latest time an import takes, should an older version hold later ones.
    const daysBack = Math.ceil(Math.min(at.maxSecs, MAX_GTFS_TIME_SECS) / 86_400) + 1;
    for (
      let day = addDays(localDay(from, timezone), -daysBack);
      day <= localDay(until, timezone);
      day = addDays(day, 1)
    ) {
      const services = await this.#servicesOn(versionId, day);
      if (services.size === 0) continue;
      const origin = serviceDayOrigin(day, timezone);
      const fromSecs = Math.ceil((from - origin) / 1000);
      const untilSecs = Math.floor((until - origin) / 1000);
      const timed = new TimedCalls(at.timed, services, day, origin, fromSecs, untilSecs);
      if (timed.moved()) streams.push(timed);
      for (const r of at.repeated) {
        if (!services.has(r.call.serviceId)) continue;
        const runs = new FrequencyRuns(r, day, origin, fromSecs, untilSecs);
        if (runs.moved()) streams.push(runs);
      }
    }
    const out: Candidate[] = [];
    while (out.length < limit) {
      const stream = streams.peek();
      if (!stream) break;
      const c = stream.take();
      if (!covered.has(runKey(c.departure))) out.push(c);
      if (stream.moved()) streams.settleTop();
      else streams.pop();
    }
    return out;
  }

  /**
   * The stop's departures that live predictions time, each put on its own call (and run, for a trip by
   * frequencies): the first prediction of a call wins, should two buses claim the same trip.
   */
  async #predicted(
    live: LivePredictions,
    tenant: string,
    at: StopCalls,
    timezone: string,
    from: number,
    until: number,
  ): Promise<Candidate[]> {
    let predictions: readonly StopPrediction[] = [];
    try {
      predictions = await live.atStop(tenant, at.stopIds, new Date(from), new Date(until));
    } catch (err) {
      // The timetable still answers: without predictions, the stop's departures are the scheduled ones.
      this.#log.warn({ err, tenant, stopIds: at.stopIds }, 'live predictions could not be read for a departures board');
    }
    const out: Candidate[] = [];
    const seen = new Set<string>();
    for (const p of predictions) {
      const found = at.byCall.get(callKey(p.tripId, p.stopSequence));
      if (!found || !isServiceDay(p.startDate)) continue;
      const origin = serviceDayOrigin(p.startDate, timezone);
      let c: Candidate;
      if ('runs' in found) {
        const { call, runs } = found;
        const offset = call.secs - call.firstSecs;
        const run = runNear(runs, p.startTime, (p.departure.getTime() - origin) / 1000 - offset);
        if (!run) continue;
        const headway = run.row.exactTimes ? null : run.row.headwaySecs;
        c = candidateOf(call, p.startDate, origin, run.start + offset, formatGtfsTime(run.start), headway);
      } else {
        c = candidateOf(found, p.startDate, origin, found.secs, null, null);
      }
      // A prediction of a run far from this board's time (another service day's, say) is not of this board.
      if (c.at < from || c.at > until) continue;
      const key = runKey(c.departure);
      if (seen.has(key)) continue;
      seen.add(key);
      const predicted = c.departure.terminates ? p.arrival : p.departure;
      c.at = predicted.getTime();
      c.departure = {
        ...c.departure,
        live: true,
        predicted,
        // The delay of the time shown (its departure, or arrival where the trip ends), not the arrival's.
        delaySeconds: Math.round((predicted.getTime() - c.departure.scheduled.getTime()) / 1000),
        vehicleId: p.vehicleId ?? null,
      };
      out.push(c);
    }
    return out;
  }

  /** A trip's calls with their instants on a service day (today's in the agency's zone by default), and its shape. */
  async trip(tenant: string, tripId: string, day: ServiceDay | undefined, now = new Date()): Promise<TripDetail> {
    const { versionId, timezone } = await this.#schedule(tenant, 'Trip', tripId);
    const trip = await store.findTrip(this.#db, versionId, tripId);
    if (!trip) throw problems.notFound('Trip', tripId);
    const startDate = day ?? localDay(now, timezone);
    const runs = (await this.#servicesOn(versionId, startDate)).has(trip.serviceId);
    const rows = await store.stopTimesOf(this.#db, versionId, tripId);
    const frequencies = await store.frequenciesOf(this.#db, versionId, [tripId]);
    const shape = trip.shapeId ? await store.shapeOf(this.#db, versionId, trip.shapeId) : [];
    const stopTimes: TripStopTime[] = timesOf(rows).map(({ row, arrival, departure, interpolated }) => ({
      stopSequence: row.stopSequence,
      stopId: row.stopId,
      stopName: row.stopName,
      lon: row.lon,
      lat: row.lat,
      arrivalTime: formatGtfsTime(arrival),
      departureTime: formatGtfsTime(departure),
      interpolated,
      arrival: runs ? instantOf(startDate, arrival, timezone) : null,
      departure: runs ? instantOf(startDate, departure, timezone) : null,
    }));
    return {
      id: trip.id,
      route: trip.route,
      serviceId: trip.serviceId,
      headsign: trip.headsign,
      directionId: trip.directionId,
      blockId: trip.blockId,
      shapeId: trip.shapeId,
      startDate,
      runs,
      timezone,
      frequencies: frequencies.map((f) => ({
        startTime: formatGtfsTime(f.startSecs),
        endTime: formatGtfsTime(f.endSecs),
        headwaySeconds: f.headwaySecs,
        exactTimes: f.exactTimes,
      })),
      stopTimes,
      shape: shape.length > 0 ? shape : null,
    };
  }

  /** A route with, per direction, its stops in order and its shape (those of the direction's longest trip). */
  async route(tenant: string, routeId: string): Promise<RouteDetail> {
    const { versionId, timezone } = await this.#schedule(tenant, 'Route', routeId);
    const route = await store.findRoute(this.#db, versionId, routeId);
    if (!route) throw problems.notFound('Route', routeId);
    const directions = [];
    for (const d of await store.directionsOf(this.#db, versionId, routeId)) {
      const stops = await store.stopTimesOf(this.#db, versionId, d.tripId);
      const shape = d.shapeId ? await store.shapeOf(this.#db, versionId, d.shapeId) : [];
      directions.push({
        directionId: d.directionId,
        headsign: d.headsign,
        trips: d.trips,
        stops: stops.map((s) => ({ id: s.stopId, name: s.stopName, lon: s.lon, lat: s.lat })),
        shape: shape.length > 0 ? shape : null,
      });
    }
    return { ...route, timezone, directions };
  }
}

const YEAR_MS = 366 * 86_400_000;

/**
 * Whether a board may be asked from this instant: within a year of now, or on the days of the
 * timetable's calendars (a feed's own span, such as a year ahead), which are taken no further than ten
 * years from now. Far dates are no timetable's and cost seconds of date arithmetic each.
 */
function boardable(from: number, schedule: store.Schedule, now = Date.now()): boolean {
  if (Math.abs(from - now) <= YEAR_MS) return true;
  if (Math.abs(from - now) > 10 * YEAR_MS || schedule.firstDay === null || schedule.lastDay === null) return false;
  // A day before (the agency's zone may be a day off UTC), four after (a day's times reach 72:00:00).
  return from >= schedule.firstDay - 86_400_000 && from <= schedule.lastDay + 4 * 86_400_000;
}

function callKey(tripId: string, stopSequence: number): string {
  return `${tripId}\u0000${stopSequence}`;
}

/** One departure of a trip: its call on a service day (and its run, for a trip by frequencies). */
function runKey(d: Departure): string {
  return `${d.tripId}\u0000${d.startDate}\u0000${d.stopSequence}\u0000${d.startTime ?? ''}`;
}

/** Soonest first; at the same minute, by route. */
function soonest(a: Candidate, b: Candidate): number {
  const x = a.departure.route.id;
  const y = b.departure.route.id;
  // By code units, as the streams of calls are ordered.
  return a.at - b.at || (x < y ? -1 : x > y ? 1 : 0);
}

function candidateOf(
  call: store.Call,
  day: ServiceDay,
  origin: number,
  secs: number,
  startTime: string | null,
  headwaySeconds: number | null,
): Candidate {
  const scheduled = new Date(origin + secs * 1000);
  return {
    at: scheduled.getTime(),
    departure: {
      tripId: call.tripId,
      startDate: day,
      startTime,
      stopId: call.stopId,
      stopSequence: call.stopSequence,
      route: call.route,
      headsign: call.headsign,
      directionId: call.directionId,
      scheduled,
      live: false,
      predicted: null,
      delaySeconds: null,
      vehicleId: null,
      terminates: call.terminates,
      headwaySeconds,
    },
  };
}

/**
 * Calls of one service day, one after another in time order; `moved` goes to the next (false: none
 * left). A stream says when its current call is and on which route; the departure itself is made only
 * for the calls the board takes (a stop may have hundreds of thousands of streams).
 */
interface CallStream {
  readonly at: number;
  readonly routeId: string;
  take(): Candidate;
  moved(): boolean;
}

/** A service day's timed calls from `fromSecs` to `untilSecs`, those of its running services only. */
class TimedCalls implements CallStream {
  at = 0;
  routeId = '';
  #i: number;
  constructor(
    readonly calls: readonly store.Call[],
    readonly services: ReadonlySet<string>,
    readonly day: ServiceDay,
    readonly origin: number,
    fromSecs: number,
    readonly untilSecs: number,
  ) {
    // The first call at or after `fromSecs`, by binary search; `moved` starts there.
    let lo = 0;
    let hi = calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((calls[mid] as store.Call).secs < fromSecs) lo = mid + 1;
      else hi = mid;
    }
    this.#i = lo - 1;
  }

  take(): Candidate {
    const call = this.calls[this.#i] as store.Call;
    return candidateOf(call, this.day, this.origin, call.secs, null, null);
  }

  moved(): boolean {
    for (;;) {
      const call = this.calls[++this.#i];
      if (!call || call.secs > this.untilSecs) return false;
      if (!this.services.has(call.serviceId)) continue;
      this.at = this.origin + call.secs * 1000;
      this.routeId = call.route.id;
      return true;
    }
  }
}

/**
 * The runs of a trip by frequencies calling at the stop from `fromSecs` to `untilSecs` on a service day:
 * trips start every headway from start_time while before end_time (GTFS frequencies.txt), found by
 * arithmetic, so the cost does not grow with the runs a feed gives.
 */
class FrequencyRuns implements CallStream {
  at = 0;
  readonly routeId: string;
  readonly #offset: number;
  #row: number;
  #start: number;
  constructor(
    readonly r: RepeatedCall,
    readonly day: ServiceDay,
    readonly origin: number,
    fromSecs: number,
    readonly untilSecs: number,
  ) {
    this.routeId = r.call.route.id;
    this.#offset = r.call.secs - r.call.firstSecs;
    // The rows of a trip do not overlap (the import refuses it), so their ends come in order too.
    const target = fromSecs - this.#offset;
    let lo = 0;
    let hi = r.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((r.runs[mid] as store.FrequencyRow).endSecs <= target) lo = mid + 1;
      else hi = mid;
    }
    this.#row = lo;
    const row = r.runs[lo];
    // The first run at or after the target, one headway back: `moved` steps to it.
    this.#start = row
      ? row.startSecs + (Math.max(0, Math.ceil((target - row.startSecs) / row.headwaySecs)) - 1) * row.headwaySecs
      : 0;
  }

  take(): Candidate {
    const row = this.r.runs[this.#row] as store.FrequencyRow;
    const headway = row.exactTimes ? null : row.headwaySecs;
    const secs = this.#start + this.#offset;
    return candidateOf(this.r.call, this.day, this.origin, secs, formatGtfsTime(this.#start), headway);
  }

  moved(): boolean {
    for (;;) {
      const row = this.r.runs[this.#row];
      if (!row) return false;
      const next = this.#start + row.headwaySecs;
      if (next >= row.endSecs) {
        // On to the next row's first run.
        const following = this.r.runs[++this.#row];
        if (!following) return false;
        this.#start = following.startSecs - following.headwaySecs;
        continue;
      }
      this.#start = next;
      const secs = this.#start + this.#offset;
      if (secs > this.untilSecs) return false;
      this.at = this.origin + secs * 1000;
      return true;
    }
  }
}

/**
 * The run of a trip by frequencies a prediction is of: the one its start_time names, else the run nearest
 * to `near` (seconds of the service day the trip would start at, given the predicted time).
 */
function runNear(
  runs: readonly store.FrequencyRow[],
  startTime: string | null | undefined,
  near: number,
): { row: store.FrequencyRow; start: number } | null {
  const named = startTime ? parseGtfsTime(startTime) : undefined;
  if (named !== undefined) {
    const row = runs.find((f) => named >= f.startSecs && named < f.endSecs);
    if (row) return { row, start: named };
  }
  let best: { row: store.FrequencyRow; start: number } | null = null;
  for (const row of runs) {
    const last = Math.max(0, Math.ceil((row.endSecs - row.startSecs) / row.headwaySecs) - 1);
    const k = Math.min(last, Math.max(0, Math.round((near - row.startSecs) / row.headwaySecs)));
    const start = row.startSecs + k * row.headwaySecs;
    if (!best || Math.abs(start - near) < Math.abs(best.start - near)) best = { row, start };
  }
  return best;
}

/** A trip's times with the untimed stops interpolated between the timed ones. */
function timesOf(
  rows: readonly store.StopTimeRow[],
): { row: store.StopTimeRow; arrival: number; departure: number; interpolated: boolean }[] {
  return rows.map((row, i) => {
    const arrival = row.arrivalSecs ?? row.departureSecs;
    const departure = row.departureSecs ?? row.arrivalSecs;
    if (arrival !== null && departure !== null) return { row, arrival, departure, interpolated: false };
    const before = rows
      .slice(0, i)
      .reverse()
      .find((r) => (r.departureSecs ?? r.arrivalSecs) !== null);
    const after = rows.slice(i + 1).find((r) => (r.arrivalSecs ?? r.departureSecs) !== null);
    const prev = before?.departureSecs ?? before?.arrivalSecs ?? null;
    const next = after?.arrivalSecs ?? after?.departureSecs ?? null;
    const secs =
      before && after && prev !== null && next !== null
        ? interpolate(row.stopSequence, before.stopSequence, prev, after.stopSequence, next)
        : (prev ?? next ?? 0);
    return { row, arrival: secs, departure: secs, interpolated: true };
  });
}
