import type { Sql } from '../../../platform/db/index.js';

/**
 * All SQL of punctuality: read from the arrivals the live buses recorded at stops
 * (transit_stop_arrival) and the tenant's current schedule. Nothing here writes.
 */

export interface OnTimeWindow {
  /** Seconds early still counted on time. */
  readonly early: number;
  /** Seconds late still counted on time. */
  readonly late: number;
}

export interface RouteHourRow {
  readonly route_id: string;
  readonly hour: Date;
  readonly stops: number;
  readonly on_time: number;
  readonly early: number;
  readonly late: number;
  readonly mean_deviation: number | null;
}

/**
 * Punctuality per route and hour of the agency's day: at each stop a bus served, how far it left
 * from the timetable (its departure when recorded, else its arrival).
 */
export async function punctualityByRouteHour(
  sql: Sql,
  tenant: string,
  timezone: string,
  from: Date,
  until: Date,
  window: OnTimeWindow,
  routeId?: string,
): Promise<RouteHourRow[]> {
  const { rows } = await sql.query<RouteHourRow>(
    `SELECT route_id, date_trunc('hour', arrived_at AT TIME ZONE $4) AT TIME ZONE $4 AS hour,
            count(*)::int AS stops,
            count(*) FILTER (WHERE dev BETWEEN -$5::float8 AND $6::float8)::int AS on_time,
            count(*) FILTER (WHERE dev < -$5::float8)::int AS early,
            count(*) FILTER (WHERE dev > $6::float8)::int AS late,
            avg(dev)::float8 AS mean_deviation
     FROM (SELECT route_id, arrived_at,
                  EXTRACT(EPOCH FROM CASE WHEN departed_at IS NOT NULL THEN departed_at - scheduled_departure
                                          ELSE arrived_at - scheduled_arrival END)::float8 AS dev
           FROM transit_stop_arrival
           WHERE tenant = $1 AND arrived_at >= $2 AND arrived_at < $3 AND ($7::text IS NULL OR route_id = $7)) a
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [tenant, from, until, timezone, window.early, window.late, routeId ?? null],
  );
  return rows;
}

export interface HeadwayRow {
  readonly route_id: string;
  /** Pairs of buses one after the other at a stop, where the timetable spaced them 2 min or more. */
  readonly pairs: number;
  readonly bunched: number;
  readonly gaps: number;
}

/**
 * Bunching and gaps per route: at each stop, each bus against the one before it. Bunched when they
 * came less than half the scheduled headway apart, a gap when more than half as much again.
 */
export async function headwaysByRoute(sql: Sql, tenant: string, from: Date, until: Date): Promise<HeadwayRow[]> {
  const { rows } = await sql.query<HeadwayRow>(
    `SELECT route_id,
            count(*) FILTER (WHERE scheduled >= 120)::int AS pairs,
            count(*) FILTER (WHERE scheduled >= 120 AND actual < 0.5 * scheduled)::int AS bunched,
            count(*) FILTER (WHERE scheduled >= 120 AND actual > 1.5 * scheduled)::int AS gaps
     FROM (SELECT route_id,
                  EXTRACT(EPOCH FROM arrived_at - lag(arrived_at) OVER w)::float8 AS actual,
                  EXTRACT(EPOCH FROM scheduled_arrival - lag(scheduled_arrival) OVER w)::float8 AS scheduled
           FROM transit_stop_arrival
           WHERE tenant = $1 AND arrived_at >= $2 AND arrived_at < $3
           WINDOW w AS (PARTITION BY route_id, stop_id ORDER BY arrived_at)) h
     WHERE actual IS NOT NULL
     GROUP BY route_id ORDER BY route_id`,
    [tenant, from, until],
  );
  return rows;
}

export interface PatternStopRow {
  readonly stop_sequence: number;
  readonly stop_id: string;
  readonly name: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
}

/** The stops, in order, of a route direction's longest trip: the axis of its timeline. */
export async function longestPattern(
  sql: Sql,
  versionId: string,
  routeId: string,
  direction: number,
): Promise<PatternStopRow[]> {
  const { rows } = await sql.query<PatternStopRow>(
    `SELECT st.stop_sequence, st.stop_id, s.name, s.lat, s.lon
     FROM transit_stop_time st
     LEFT JOIN transit_stop s ON s.version_id = st.version_id AND s.stop_id = st.stop_id
     WHERE st.version_id = $1 AND st.trip_id = (
       SELECT t.trip_id FROM transit_trip t
       JOIN transit_stop_time x ON x.version_id = t.version_id AND x.trip_id = t.trip_id
       WHERE t.version_id = $1 AND t.route_id = $2 AND COALESCE(t.direction_id, 0) = $3
       GROUP BY t.trip_id ORDER BY count(*) DESC, t.trip_id LIMIT 1)
     ORDER BY st.stop_sequence`,
    [versionId, routeId, direction],
  );
  return rows;
}

export interface ArrivalRow {
  readonly trip_id: string;
  readonly service_date: string;
  /** The run of a trip by frequencies ('' for a scheduled trip). */
  readonly start_time: string;
  readonly vehicle_id: string;
  readonly stop_sequence: number;
  readonly stop_id: string;
  readonly arrived_at: Date | null;
  readonly departed_at: Date | null;
  readonly scheduled_arrival: Date;
  readonly scheduled_departure: Date;
}

/** What the buses of a route direction did at its stops in a window, trip by trip in stop order. */
export async function arrivalsOfRouteDirection(
  sql: Sql,
  tenant: string,
  versionId: string,
  routeId: string,
  direction: number,
  from: Date,
  until: Date,
  limit: number,
): Promise<ArrivalRow[]> {
  const { rows } = await sql.query<ArrivalRow>(
    `SELECT a.trip_id, a.service_date, a.start_time, a.vehicle_id, a.stop_sequence, a.stop_id, a.arrived_at, a.departed_at,
            a.scheduled_arrival, a.scheduled_departure
     FROM transit_stop_arrival a
     JOIN transit_trip t ON t.version_id = $2 AND t.trip_id = a.trip_id
     WHERE a.tenant = $1 AND a.route_id = $3 AND COALESCE(t.direction_id, 0) = $4
       AND a.arrived_at >= $5 AND a.arrived_at < $6
     ORDER BY a.service_date, a.trip_id, a.start_time, a.stop_sequence
     LIMIT $7`,
    [tenant, versionId, routeId, direction, from, until, limit],
  );
  return rows;
}

export interface RouteNameRow {
  readonly route_id: string;
  readonly short_name: string | null;
  readonly long_name: string | null;
  readonly color: string | null;
}

export async function routeNames(sql: Sql, versionId: string): Promise<RouteNameRow[]> {
  const { rows } = await sql.query<RouteNameRow>(
    'SELECT route_id, short_name, long_name, color FROM transit_route WHERE version_id = $1',
    [versionId],
  );
  return rows;
}

/** When a bus last reached a stop of the tenant, if one ever did. */
export async function newestArrival(sql: Sql, tenant: string): Promise<Date | null> {
  const { rows } = await sql.query<{ at: Date | null }>(
    'SELECT max(arrived_at) AS at FROM transit_stop_arrival WHERE tenant = $1',
    [tenant],
  );
  return rows[0]?.at ?? null;
}
