import type { Database } from '../../../platform/db/index.js';
import { problems } from '../../../platform/errors.js';
import * as feeds from '../store.js';
import * as store from './store.js';

/**
 * Punctuality for the operations centre, from what the buses did at their stops: per route and
 * hour, how many left on time (by default from 1 min early to 5 min late, Hanoi's rule), bunching
 * and gaps, and a route direction's timeline (the string-line diagram: distance along the route
 * against time, one line per trip, as run and as scheduled).
 */

export const ON_TIME: store.OnTimeWindow = { early: 60, late: 300 };
/** The longest window looked back over. */
export const MAX_HOURS = 24;
/** Points a timeline holds at most (stops × trips). */
const TIMELINE_POINTS = 20_000;

export interface HourPunctuality {
  readonly hour: Date;
  readonly stops: number;
  readonly onTime: number;
  readonly early: number;
  readonly late: number;
  readonly meanDeviationSeconds: number | null;
}

export interface RoutePunctuality {
  readonly routeId: string;
  readonly shortName: string | null;
  readonly longName: string | null;
  readonly colour: string | null;
  readonly stops: number;
  readonly onTime: number;
  readonly early: number;
  readonly late: number;
  /** Share of stops served on time, 0–1; null when none were served. */
  readonly onTimeShare: number | null;
  readonly meanDeviationSeconds: number | null;
  readonly headways: { readonly pairs: number; readonly bunched: number; readonly gaps: number };
  readonly hours: readonly HourPunctuality[];
}

export interface Punctuality {
  readonly from: Date;
  readonly until: Date;
  readonly timezone: string | null;
  readonly onTimeWindow: { readonly earlySeconds: number; readonly lateSeconds: number };
  readonly routes: readonly RoutePunctuality[];
}

export interface TimelinePoint {
  readonly stopSequence: number;
  readonly stopId: string;
  /** Metres along the direction's longest trip; null for a stop it does not serve. */
  readonly distance: number | null;
  readonly arrived: Date | null;
  readonly departed: Date | null;
  readonly scheduledArrival: Date;
  readonly scheduledDeparture: Date;
}

export interface RouteTimeline {
  readonly routeId: string;
  readonly direction: number;
  readonly from: Date;
  readonly until: Date;
  readonly timezone: string | null;
  readonly stops: readonly { readonly stopId: string; readonly name: string | null; readonly distance: number }[];
  readonly trips: readonly {
    readonly tripId: string;
    readonly serviceDate: string;
    /** The run (`HH:MM:SS`) of a trip by frequencies, whose runs share its id; absent for a scheduled trip. */
    readonly startTime?: string;
    readonly vehicleId: string;
    readonly points: readonly TimelinePoint[];
  }[];
  /** More was run in the window than a timeline holds: the oldest trips are shown. */
  readonly truncated: boolean;
}

const EARTH_RADIUS_M = 6_371_000;
function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function checkHours(hours: number): void {
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS) {
    throw problems.badRequest('TRANSIT_BAD_WINDOW', `hours is above 0 and at most ${MAX_HOURS}.`);
  }
}

export class TransitPerformance {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * The window ends at the last arrival a bus made, or now if that is later: a city whose buses have
   * stopped reporting (or a demo replaying an earlier day) is shown as it last ran, with the window's
   * times said.
   */
  async #window(tenant: string, hours: number, now = new Date()): Promise<{ from: Date; until: Date }> {
    checkHours(hours);
    const newest = await store.newestArrival(this.#db, tenant);
    // A second past it, so the window holds that arrival too.
    const last = newest ? new Date(newest.getTime() + 1000) : now;
    const until = last < now ? last : now;
    return { from: new Date(until.getTime() - hours * 3600_000), until };
  }

  async punctuality(tenant: string, options: { hours: number; now?: Date }): Promise<Punctuality> {
    const { from, until } = await this.#window(tenant, options.hours, options.now);
    const version = await feeds.currentVersion(this.#db, tenant);
    const timezone = version?.timezone ?? null;
    const onTimeWindow = { earlySeconds: ON_TIME.early, lateSeconds: ON_TIME.late };
    if (!version) return { from, until, timezone, onTimeWindow, routes: [] };
    const [hours, headways, names] = await Promise.all([
      store.punctualityByRouteHour(this.#db, tenant, timezone ?? 'UTC', from, until, ON_TIME),
      store.headwaysByRoute(this.#db, tenant, from, until),
      store.routeNames(this.#db, version.id),
    ]);
    const byRoute = new Map<string, store.RouteHourRow[]>();
    for (const row of hours) byRoute.set(row.route_id, [...(byRoute.get(row.route_id) ?? []), row]);
    const headwayOf = new Map(headways.map((h) => [h.route_id, h]));
    const nameOf = new Map(names.map((n) => [n.route_id, n]));
    const routes = [...byRoute].map(([routeId, rows]): RoutePunctuality => {
      const sum = (f: (r: store.RouteHourRow) => number) => rows.reduce((s, r) => s + f(r), 0);
      const stops = sum((r) => r.stops);
      const deviations = rows.filter((r) => r.mean_deviation !== null);
      const weighted = deviations.reduce((s, r) => s + (r.mean_deviation ?? 0) * r.stops, 0);
      const weight = deviations.reduce((s, r) => s + r.stops, 0);
      const h = headwayOf.get(routeId);
      const name = nameOf.get(routeId);
      return {
        routeId,
        shortName: name?.short_name ?? null,
        longName: name?.long_name ?? null,
        colour: name?.color ? `#${name.color}` : null,
        stops,
        onTime: sum((r) => r.on_time),
        early: sum((r) => r.early),
        late: sum((r) => r.late),
        onTimeShare: stops > 0 ? sum((r) => r.on_time) / stops : null,
        meanDeviationSeconds: weight > 0 ? Math.round(weighted / weight) : null,
        headways: { pairs: h?.pairs ?? 0, bunched: h?.bunched ?? 0, gaps: h?.gaps ?? 0 },
        hours: rows.map((r) => ({
          hour: r.hour,
          stops: r.stops,
          onTime: r.on_time,
          early: r.early,
          late: r.late,
          meanDeviationSeconds: r.mean_deviation === null ? null : Math.round(r.mean_deviation),
        })),
      };
    });
    routes.sort((a, b) => (a.onTimeShare ?? 2) - (b.onTimeShare ?? 2) || a.routeId.localeCompare(b.routeId));
    return { from, until, timezone, onTimeWindow, routes };
  }

  async timeline(
    tenant: string,
    routeId: string,
    options: { direction: number; hours: number; now?: Date },
  ): Promise<RouteTimeline> {
    const { from, until } = await this.#window(tenant, options.hours, options.now);
    const version = await feeds.currentVersion(this.#db, tenant);
    const names = version ? await store.routeNames(this.#db, version.id) : [];
    if (!version || !names.some((n) => n.route_id === routeId)) {
      throw problems.notFound('Route', routeId);
    }
    const pattern = await store.longestPattern(this.#db, version.id, routeId, options.direction);
    const stops: { stopId: string; name: string | null; distance: number }[] = [];
    let along = 0;
    let previous: { lat: number; lon: number } | undefined;
    for (const s of pattern) {
      const here = s.lat !== null && s.lon !== null ? { lat: s.lat, lon: s.lon } : undefined;
      if (here && previous) along += metresBetween(previous, here);
      if (here) previous = here;
      if (!stops.some((x) => x.stopId === s.stop_id)) {
        stops.push({ stopId: s.stop_id, name: s.name, distance: Math.round(along) });
      }
    }
    const distanceOf = new Map(stops.map((s) => [s.stopId, s.distance]));
    const rows = await store.arrivalsOfRouteDirection(
      this.#db,
      tenant,
      version.id,
      routeId,
      options.direction,
      from,
      until,
      TIMELINE_POINTS + 1,
    );
    const truncated = rows.length > TIMELINE_POINTS;
    const trips = new Map<string, RouteTimeline['trips'][number] & { points: TimelinePoint[] }>();
    for (const r of rows.slice(0, TIMELINE_POINTS)) {
      const key = `${r.service_date}\n${r.trip_id}\n${r.start_time}`;
      let trip = trips.get(key);
      if (!trip) {
        trip = {
          tripId: r.trip_id,
          serviceDate: r.service_date,
          ...(r.start_time ? { startTime: r.start_time } : {}),
          vehicleId: r.vehicle_id,
          points: [],
        };
        trips.set(key, trip);
      }
      trip.points.push({
        stopSequence: r.stop_sequence,
        stopId: r.stop_id,
        distance: distanceOf.get(r.stop_id) ?? null,
        arrived: r.arrived_at,
        departed: r.departed_at,
        scheduledArrival: r.scheduled_arrival,
        scheduledDeparture: r.scheduled_departure,
      });
    }
    return {
      routeId,
      direction: options.direction,
      from,
      until,
      timezone: version.timezone ?? null,
      stops,
      trips: [...trips.values()],
      truncated,
    };
  }
}
