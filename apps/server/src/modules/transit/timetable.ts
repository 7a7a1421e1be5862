import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { problems } from '../../platform/errors.js';
import { MAX_GTFS_TIME_SECS } from './feed.js';
import { formatGtfsTime } from './model.js';
import type { Departure, LivePredictions, RouteDetail, StopPrediction, TripDetail, TripStopTime } from './model.js';
import * as store from './schedule-store.js';
import { addDays, instantOf, localDay, serviceDayOrigin, type ServiceDay } from './service-day.js';

/**
 * The current timetable read the way riders ask: what leaves this stop next, where a trip calls and when,
 * which stops a route serves. Service-day times become instants in the agency's time zone. The calls at a
 * stop and the services of a day are kept per feed version (a new import is a new version, so nothing goes
 * stale), which keeps a departures board to one small query.
 */

/** How late a bus may be and still be looked for on the board, when live predictions are at hand. */
const LATE_LOOKBACK_MS = 30 * 60_000;
const CACHED_STOPS = 4000;
/**
 * How long a process trusts the version it knows as a tenant's current one: an import in this process
 * is seen at once, one made by another instance within this time.
 */
const CURRENT_VERSION_MS = 5_000;
const CACHED_DAYS = 64;

interface StopCalls {
  readonly stopIds: readonly string[];
  readonly calls: readonly store.Call[];
  readonly frequencies: ReadonlyMap<string, readonly store.FrequencyRow[]>;
  /** The latest time of any call (frequencies included): how many service days back can still reach now. */
  readonly maxSecs: number;
}

/** A map that forgets the least recently used entries beyond its bound. */
class Recent<V> {
  readonly #items = new Map<string, V>();
  constructor(readonly bound: number) {}
  get(key: string): V | undefined {
    const v = this.#items.get(key);
    if (v !== undefined) {
      this.#items.delete(key);
      this.#items.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.#items.delete(key);
    this.#items.set(key, v);
    for (const oldest of this.#items.keys()) {
      if (this.#items.size <= this.bound) break;
      this.#items.delete(oldest);
    }
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
  readonly #stops = new Recent<StopCalls | null>(CACHED_STOPS);
  readonly #days = new Recent<ReadonlySet<string>>(CACHED_DAYS);
  readonly #current = new Map<string, { schedule: store.Schedule | null; until: number }>();

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
    if (cached !== undefined) return cached;
    const stopIds = await store.stopAndChildren(this.#db, versionId, stopId);
    let entry: StopCalls | null = null;
    if (stopIds) {
      const calls = await store.callsAt(this.#db, versionId, stopIds);
      const rows = await store.frequenciesOf(this.#db, versionId, [...new Set(calls.map((c) => c.tripId))]);
      const frequencies = new Map<string, store.FrequencyRow[]>();
      for (const f of rows) frequencies.set(f.tripId, [...(frequencies.get(f.tripId) ?? []), f]);
      let maxSecs = 0;
      for (const c of calls) {
        const runs = frequencies.get(c.tripId);
        const last = runs ? Math.max(...runs.map((f) => f.endSecs)) + c.secs - c.firstSecs : c.secs;
        maxSecs = Math.max(maxSecs, last);
      }
      entry = { stopIds, calls, frequencies, maxSecs };
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
    const live = this.#live;
    const until = from + query.minutes * 60_000;
    // With predictions, a bus already due may still be coming.
    const lo = live ? from - LATE_LOOKBACK_MS : from;
    // Bounded by the latest time an import takes, should an older version hold later ones.
    const daysBack = Math.ceil(Math.min(at.maxSecs, MAX_GTFS_TIME_SECS) / 86_400) + 1;
    const candidates: Candidate[] = [];
    for (
      let day = addDays(localDay(lo, timezone), -daysBack);
      day <= localDay(until, timezone);
      day = addDays(day, 1)
    ) {
      const services = await this.#servicesOn(versionId, day);
      if (services.size === 0) continue;
      const origin = serviceDayOrigin(day, timezone);
      const loSecs = Math.ceil((lo - origin) / 1000);
      const fromSecs = Math.ceil((from - origin) / 1000);
      const hiSecs = Math.floor((until - origin) / 1000);
      for (const call of at.calls) {
        if (!services.has(call.serviceId)) continue;
        const runs = at.frequencies.get(call.tripId);
        if (!runs) {
          if (call.secs >= loSecs && call.secs <= hiSecs)
            candidates.push(this.#candidate(call, day, origin, call.secs, null, null));
          continue;
        }
        const offset = call.secs - call.firstSecs;
        for (const f of runs) {
          // Trips start every headway from start_time while before end_time (GTFS frequencies.txt). Only
          // the runs that may be on the board are made, `limit` at most from `from` (and as many before it,
          // late ones live), found by arithmetic: the cost does not grow with the runs a feed gives.
          const runAt = (secs: number) => Math.max(0, Math.ceil((secs - offset - f.startSecs) / f.headwaySecs));
          const atFrom = runAt(fromSecs);
          const first = Math.max(runAt(loSecs), atFrom - query.limit);
          for (let k = first; k < atFrom + query.limit; k++) {
            const start = f.startSecs + k * f.headwaySecs;
            if (start >= f.endSecs || start + offset > hiSecs) break;
            candidates.push(
              this.#candidate(
                call,
                day,
                origin,
                start + offset,
                formatGtfsTime(start),
                f.exactTimes ? null : f.headwaySecs,
              ),
            );
          }
        }
      }
    }
    if (live) await this.#mergeLive(live, tenant, at.stopIds, candidates, lo, until + LATE_LOOKBACK_MS);
    const departures = candidates
      .filter((c) => c.at >= from && c.at <= until)
      .sort((a, b) => a.at - b.at || a.departure.route.id.localeCompare(b.departure.route.id))
      .slice(0, query.limit)
      .map((c) => c.departure);
    return { timezone, departures };
  }

  #candidate(
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

  async #mergeLive(
    live: LivePredictions,
    tenant: string,
    stopIds: readonly string[],
    candidates: Candidate[],
    from: number,
    until: number,
  ): Promise<void> {
    const byCall = new Map<string, Candidate[]>();
    for (const c of candidates) {
      const key = callKey(c.departure.tripId, c.departure.startDate, c.departure.stopSequence);
      const same = byCall.get(key);
      if (same) same.push(c);
      else byCall.set(key, [c]);
    }
    const predictions: StopPrediction[] = [];
    for (const stopId of stopIds) {
      try {
        predictions.push(...(await live.atStop(tenant, stopId, new Date(from), new Date(until))));
      } catch (err) {
        // The timetable still answers: without predictions, the stop's departures are the scheduled ones.
        this.#log.warn({ err, tenant, stopId }, 'live predictions could not be read for a departures board');
      }
    }
    for (const p of predictions) {
      const same = byCall.get(callKey(p.tripId, p.startDate, p.stopSequence));
      if (!same) continue;
      const time = p.departure.getTime();
      // A trip run by frequencies calls here once per run: the prediction is of the run nearest to it.
      let nearest: Candidate | undefined;
      for (const c of same) {
        if (c.departure.live) continue;
        if (
          !nearest ||
          Math.abs(c.departure.scheduled.getTime() - time) < Math.abs(nearest.departure.scheduled.getTime() - time)
        ) {
          nearest = c;
        }
      }
      if (!nearest) continue;
      const predicted = nearest.departure.terminates ? p.arrival : p.departure;
      nearest.at = predicted.getTime();
      nearest.departure = {
        ...nearest.departure,
        live: true,
        predicted,
        // The delay of the time shown (its departure, or arrival where the trip ends), not the arrival's.
        delaySeconds: Math.round((predicted.getTime() - nearest.departure.scheduled.getTime()) / 1000),
        vehicleId: p.vehicleId ?? null,
      };
    }
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

function callKey(tripId: string, startDate: string, stopSequence: number): string {
  return `${tripId}\u0000${startDate}\u0000${stopSequence}`;
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
        ? store.interpolate(row.stopSequence, before.stopSequence, prev, after.stopSequence, next)
        : (prev ?? next ?? 0);
    return { row, arrival: secs, departure: secs, interpolated: true };
  });
}
