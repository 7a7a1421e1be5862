import { setImmediate as yieldTurn } from 'node:timers/promises';
import { problems } from '../../platform/errors.js';
import type { Sql } from '../../platform/db/index.js';
import type { Departure, TransitRoute } from './model.js';
import { MAX_CALLS_AT_STOP } from './feed.js';
import { forEachPage } from './pages.js';
import { isoDate, weekdayOf, type ServiceDay } from './service-day.js';

/** The transit module's SQL for reading the current timetable: calls at a stop, trips, routes, service days. */

export interface Schedule {
  readonly versionId: string;
  readonly timezone: string;
  /** The first and last days of its calendars (calendar.txt and calendar_dates.txt), as instants at UTC midnight. */
  readonly firstDay: number | null;
  readonly lastDay: number | null;
}

export async function currentSchedule(sql: Sql, tenant: string): Promise<Schedule | null> {
  const { rows } = await sql.query<{ id: string; timezone: string | null; first: string | null; last: string | null }>(
    `SELECT v.id, v.timezone,
            to_char(LEAST((SELECT min(start_date) FROM transit_calendar c WHERE c.version_id = v.id),
                          (SELECT min(date) FROM transit_calendar_date d WHERE d.version_id = v.id)), 'YYYY-MM-DD') AS first,
            to_char(GREATEST((SELECT max(end_date) FROM transit_calendar c WHERE c.version_id = v.id),
                             (SELECT max(date) FROM transit_calendar_date d WHERE d.version_id = v.id)), 'YYYY-MM-DD') AS last
       FROM transit_feed_version v WHERE v.tenant = $1 AND v.status = 'current'`,
    [tenant],
  );
  const row = rows[0];
  const day = (iso: string | null) => (iso === null ? null : Date.parse(`${iso}T00:00:00Z`));
  return row
    ? { versionId: row.id, timezone: row.timezone ?? 'UTC', firstDay: day(row.first), lastDay: day(row.last) }
    : null;
}

/** The stop and, for a station, its platforms; null for a stop the version does not have. */
export async function stopAndChildren(sql: Sql, versionId: string, stopId: string): Promise<string[] | null> {
  const { rows } = await sql.query<{ id: string; own: boolean }>(
    `SELECT stop_id AS id, stop_id = $2 AS own FROM transit_stop
      WHERE version_id = $1 AND (stop_id = $2 OR parent_station = $2) ORDER BY stop_id`,
    [versionId, stopId],
  );
  if (!rows.some((r) => r.own)) return null;
  return rows.map((r) => r.id);
}

/** The services running on a day: calendar.txt's days and dates, with calendar_dates.txt's additions and removals. */
export async function servicesOn(sql: Sql, versionId: string, day: ServiceDay): Promise<string[]> {
  // The weekday's column name comes from a fixed list, never from input.
  const weekday = weekdayOf(day);
  const { rows } = await sql.query<{ id: string }>(
    `SELECT service_id AS id FROM transit_calendar
      WHERE version_id = $1 AND ${weekday} AND $2::date BETWEEN start_date AND end_date
     UNION
     SELECT service_id FROM transit_calendar_date WHERE version_id = $1 AND date = $2::date AND exception_type = 1
     EXCEPT
     SELECT service_id FROM transit_calendar_date WHERE version_id = $1 AND date = $2::date AND exception_type = 2`,
    [versionId, isoDate(day)],
  );
  return rows.map((r) => r.id);
}

/** A trip's call at a stop, its time in seconds of the service day (the timetable's, or interpolated). */
export interface Call {
  readonly tripId: string;
  readonly serviceId: string;
  readonly stopId: string;
  readonly stopSequence: number;
  readonly secs: number;
  /** The trip's first departure, from which a trip run by frequencies counts its calls. */
  readonly firstSecs: number;
  readonly terminates: boolean;
  readonly headsign: string | null;
  readonly directionId: number | null;
  readonly route: Departure['route'];
}

interface CallRow {
  tripId: string;
  stopId: string;
  stopSequence: number;
  secs: number | null;
  arrivalSecs: number | null;
  interpolatedSecs: number | null;
  headsign: string | null;
}

interface TripFacts {
  tripId: string;
  serviceId: string;
  headsign: string | null;
  directionId: number | null;
  firstSecs: number | null;
  lastSequence: number | null;
  routeId: string;
}

interface RouteRow {
  routeId: string;
  shortName: string | null;
  longName: string | null;
  color: string | null;
  textColor: string | null;
  routeType: number;
}

/** Trips whose facts one statement reads, with a turn of the event loop between statements. */
const TRIPS_PER_READ = 2000;
/** Rows of frequencies one statement reads. */
const FREQUENCIES_PER_READ = 20_000;

/** A route as the rows of calls and trips carry it. */
function routeOf(r: {
  routeId: string;
  shortName: string | null;
  longName: string | null;
  color: string | null;
  textColor: string | null;
  routeType: number;
}) {
  return {
    id: r.routeId,
    shortName: r.shortName,
    longName: r.longName,
    color: r.color,
    textColor: r.textColor,
    type: r.routeType,
  };
}

/**
 * Every call of every trip at the stops, whatever the day. The calls are read by the stop index, bounded;
 * their trips (with the times the import worked out) and routes are then read by key, a few thousand at a
 * time with a turn of the event loop between, so a stop of tens of thousands of calls holds no one up.
 */
export async function callsAt(sql: Sql, versionId: string, stopIds: readonly string[]): Promise<Call[]> {
  const { rows } = await sql.query<CallRow>(
    `SELECT trip_id AS "tripId", stop_id AS "stopId", stop_sequence AS "stopSequence", departure_secs AS secs,
            arrival_secs AS "arrivalSecs", interpolated_secs AS "interpolatedSecs", headsign
       FROM transit_stop_time WHERE version_id = $1 AND stop_id = ANY($2::text[])
      LIMIT ${MAX_CALLS_AT_STOP + 1}`,
    [versionId, [...stopIds]],
  );
  // The import refuses a stop with more calls; a station adds up its platforms'.
  if (rows.length > MAX_CALLS_AT_STOP) {
    throw problems.unavailable(
      'TRANSIT_STOP_TOO_BUSY',
      `The schedule calls more than ${MAX_CALLS_AT_STOP} times at this stop: its board is not made.`,
    );
  }
  const tripIds = [...new Set(rows.map((r) => r.tripId))];
  const trips = new Map<string, TripFacts>();
  for (let from = 0; from < tripIds.length; from += TRIPS_PER_READ) {
    if (from > 0) await yieldTurn();
    const { rows: facts } = await sql.query<TripFacts>(
      `SELECT t.trip_id AS "tripId", t.service_id AS "serviceId", t.headsign, t.direction_id AS "directionId",
              t.first_secs AS "firstSecs", t.last_sequence AS "lastSequence", t.route_id AS "routeId"
         FROM unnest($2::text[]) AS x(id)
         JOIN LATERAL (SELECT * FROM transit_trip t WHERE t.version_id = $1 AND t.trip_id = x.id LIMIT 1) t ON true`,
      [versionId, tripIds.slice(from, from + TRIPS_PER_READ)],
    );
    for (const f of facts) trips.set(f.tripId, f);
  }
  const routeIds = [...new Set([...trips.values()].map((t) => t.routeId))];
  const { rows: routeRows } = await sql.query<RouteRow>(
    `SELECT route_id AS "routeId", short_name AS "shortName", long_name AS "longName", color,
            text_color AS "textColor", route_type AS "routeType"
       FROM transit_route WHERE version_id = $1 AND route_id = ANY($2::text[])`,
    [versionId, routeIds],
  );
  const routes = new Map(routeRows.map((r) => [r.routeId, routeOf(r)]));
  const calls: Call[] = [];
  for (const r of rows) {
    const trip = trips.get(r.tripId);
    const route = trip ? routes.get(trip.routeId) : undefined;
    if (!trip || !route) continue;
    const terminates = trip.lastSequence === r.stopSequence;
    // Where the trip ends, riders meet it on arrival.
    const secs = (terminates ? (r.arrivalSecs ?? r.secs) : (r.secs ?? r.arrivalSecs)) ?? r.interpolatedSecs;
    if (secs === null) continue; // the feed checker refuses such a trip; nothing to show if one slipped in
    calls.push({
      tripId: r.tripId,
      serviceId: trip.serviceId,
      stopId: r.stopId,
      stopSequence: r.stopSequence,
      secs,
      firstSecs: trip.firstSecs ?? secs,
      terminates,
      headsign: r.headsign ?? trip.headsign,
      directionId: trip.directionId,
      route,
    });
  }
  return calls;
}

export interface FrequencyRow {
  readonly tripId: string;
  readonly startSecs: number;
  readonly endSecs: number;
  readonly headwaySecs: number;
  readonly exactTimes: boolean;
}

/** The frequencies of the trips, by trip and start: a few thousand rows a statement, the event loop let go between. */
export async function frequenciesOf(sql: Sql, versionId: string, tripIds: readonly string[]): Promise<FrequencyRow[]> {
  if (tripIds.length === 0) return [];
  const out: FrequencyRow[] = [];
  await forEachPage<FrequencyRow>(
    sql,
    `SELECT trip_id AS "tripId", start_secs AS "startSecs", end_secs AS "endSecs", headway_secs AS "headwaySecs",
            exact_times = 1 AS "exactTimes"
       FROM transit_frequency
      WHERE version_id = $1 AND trip_id = ANY($2::text[]) AND (trip_id, start_secs) > ($3, $4)
      ORDER BY trip_id, start_secs LIMIT ${FREQUENCIES_PER_READ}`,
    [versionId, [...tripIds]],
    { start: ['', -1], of: (f) => [f.tripId, f.startSecs] },
    FREQUENCIES_PER_READ,
    (rows) => {
      for (const f of rows) out.push(f);
    },
  );
  return out;
}

export interface TripRow {
  readonly id: string;
  readonly serviceId: string;
  readonly headsign: string | null;
  readonly directionId: number | null;
  readonly blockId: string | null;
  readonly shapeId: string | null;
  readonly route: Departure['route'];
}

export async function findTrip(sql: Sql, versionId: string, tripId: string): Promise<TripRow | null> {
  const { rows } = await sql.query<
    Omit<TripRow, 'route'> & {
      routeId: string;
      shortName: string | null;
      longName: string | null;
      color: string | null;
      textColor: string | null;
      routeType: number;
    }
  >(
    `SELECT t.trip_id AS id, t.service_id AS "serviceId", t.headsign, t.direction_id AS "directionId",
            t.block_id AS "blockId", t.shape_id AS "shapeId", r.route_id AS "routeId", r.short_name AS "shortName",
            r.long_name AS "longName", r.color, r.text_color AS "textColor", r.route_type AS "routeType"
       FROM transit_trip t JOIN transit_route r ON r.version_id = t.version_id AND r.route_id = t.route_id
      WHERE t.version_id = $1 AND t.trip_id = $2`,
    [versionId, tripId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    serviceId: r.serviceId,
    headsign: r.headsign,
    directionId: r.directionId,
    blockId: r.blockId,
    shapeId: r.shapeId,
    route: routeOf(r),
  };
}

export interface StopTimeRow {
  readonly stopSequence: number;
  readonly stopId: string;
  readonly stopName: string | null;
  readonly lon: number | null;
  readonly lat: number | null;
  readonly arrivalSecs: number | null;
  readonly departureSecs: number | null;
}

export async function stopTimesOf(sql: Sql, versionId: string, tripId: string): Promise<StopTimeRow[]> {
  const { rows } = await sql.query<StopTimeRow>(
    `SELECT st.stop_sequence AS "stopSequence", st.stop_id AS "stopId", s.name AS "stopName", s.lon, s.lat,
            st.arrival_secs AS "arrivalSecs", st.departure_secs AS "departureSecs"
       FROM transit_stop_time st
       LEFT JOIN transit_stop s ON s.version_id = st.version_id AND s.stop_id = st.stop_id
      WHERE st.version_id = $1 AND st.trip_id = $2 ORDER BY st.stop_sequence`,
    [versionId, tripId],
  );
  return rows;
}

export async function shapeOf(sql: Sql, versionId: string, shapeId: string): Promise<[number, number][]> {
  const { rows } = await sql.query<{ lon: number; lat: number }>(
    `SELECT lon, lat FROM transit_shape_point WHERE version_id = $1 AND shape_id = $2 ORDER BY sequence`,
    [versionId, shapeId],
  );
  return rows.map((r) => [r.lon, r.lat]);
}

/** Per direction of a route: its trips, its most common headsign and its longest trip (the stops in order). */
export async function directionsOf(
  sql: Sql,
  versionId: string,
  routeId: string,
): Promise<
  { directionId: number | null; trips: number; headsign: string | null; tripId: string; shapeId: string | null }[]
> {
  const { rows } = await sql.query<{
    directionId: number | null;
    trips: number;
    headsign: string | null;
    tripId: string;
    shapeId: string | null;
  }>(
    `WITH trips AS (
       SELECT t.trip_id, t.direction_id, t.headsign, t.shape_id,
              (SELECT count(*) FROM transit_stop_time st WHERE st.version_id = t.version_id AND st.trip_id = t.trip_id) AS calls
         FROM transit_trip t WHERE t.version_id = $1 AND t.route_id = $2)
     SELECT d.direction_id AS "directionId", d.trips::int AS trips,
            (SELECT h.headsign FROM trips h WHERE h.direction_id IS NOT DISTINCT FROM d.direction_id AND h.headsign IS NOT NULL
              GROUP BY h.headsign ORDER BY count(*) DESC, h.headsign LIMIT 1) AS headsign,
            l.trip_id AS "tripId", l.shape_id AS "shapeId"
       FROM (SELECT direction_id, count(*) AS trips FROM trips GROUP BY direction_id) d
       CROSS JOIN LATERAL (SELECT x.trip_id, x.shape_id FROM trips x WHERE x.direction_id IS NOT DISTINCT FROM d.direction_id
                            ORDER BY x.calls DESC, x.trip_id LIMIT 1) l
      ORDER BY d.direction_id NULLS LAST`,
    [versionId, routeId],
  );
  return rows;
}

export async function findRoute(sql: Sql, versionId: string, routeId: string): Promise<TransitRoute | null> {
  const { rows } = await sql.query<TransitRoute>(
    `SELECT r.route_id AS id, r.agency_id AS "agencyId", r.short_name AS "shortName", r.long_name AS "longName",
            r.description, r.route_type AS type, r.color, r.text_color AS "textColor",
            (SELECT count(*) FROM transit_trip t WHERE t.version_id = r.version_id AND t.route_id = r.route_id)::int AS trips
       FROM transit_route r WHERE r.version_id = $1 AND r.route_id = $2`,
    [versionId, routeId],
  );
  return rows[0] ?? null;
}
