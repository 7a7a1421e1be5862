import type { Sql } from '../../../platform/db/index.js';
import type { StopPassage, VehicleFlag, VehicleState } from './matcher.js';
import type { HorizonName } from './predict.js';

/** The SQL of live buses: vehicle states, stop arrivals, current predictions and scored predictions. */

const STATE_COLUMNS = `vehicle_id AS "vehicleId", label, license_plate AS "licensePlate", observed_at AS "observedAt", lon, lat, speed_kmh AS "speedKmh",
  heading, trip_id AS "tripId", route_id AS "routeId", direction_id AS "directionId", service_date AS "serviceDate",
  start_time AS "startTime", shape_dist AS "shapeDist", offset_m AS "offsetM", deviation_secs AS "deviationSecs",
  stop_sequence AS "stopSequence", stop_id AS "stopId", status, finished, flags,
  off_route_readings AS "offRouteReadings", stopped_since AS "stoppedSince", stopped_lon AS "stoppedLon",
  stopped_lat AS "stoppedLat", rejected_at AS "rejectedAt",
  rejected_reason AS "rejectedReason"`;

type Row = Omit<VehicleState, 'observedAt' | 'stoppedSince' | 'rejectedAt' | 'flags'> & {
  observedAt: Date | string;
  stoppedSince: Date | string | null;
  rejectedAt: Date | string | null;
  flags: VehicleFlag[] | string;
};

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
const stateOf = (r: Row): VehicleState => ({
  ...r,
  lon: Number(r.lon),
  lat: Number(r.lat),
  speedKmh: r.speedKmh === null ? null : Number(r.speedKmh),
  heading: r.heading === null ? null : Number(r.heading),
  shapeDist: r.shapeDist === null ? null : Number(r.shapeDist),
  offsetM: r.offsetM === null ? null : Number(r.offsetM),
  stoppedLon: r.stoppedLon === null ? null : Number(r.stoppedLon),
  stoppedLat: r.stoppedLat === null ? null : Number(r.stoppedLat),
  observedAt: new Date(r.observedAt),
  stoppedSince: date(r.stoppedSince),
  rejectedAt: date(r.rejectedAt),
  flags: typeof r.flags === 'string' ? (JSON.parse(r.flags) as VehicleFlag[]) : r.flags,
});

export async function findVehicle(sql: Sql, tenant: string, vehicleId: string): Promise<VehicleState | null> {
  const { rows } = await sql.query<Row>(
    `SELECT ${STATE_COLUMNS} FROM transit_vehicle WHERE tenant = $1 AND vehicle_id = $2`,
    [tenant, vehicleId],
  );
  return rows[0] ? stateOf(rows[0]) : null;
}

export async function listVehicles(
  sql: Sql,
  tenant: string,
  filter: { routeId?: string | undefined; observedSince?: Date | undefined },
): Promise<VehicleState[]> {
  const { rows } = await sql.query<Row>(
    `SELECT ${STATE_COLUMNS} FROM transit_vehicle
      WHERE tenant = $1 AND ($2::text IS NULL OR route_id = $2) AND ($3::timestamptz IS NULL OR observed_at >= $3)
      ORDER BY vehicle_id`,
    [tenant, filter.routeId ?? null, filter.observedSince ?? null],
  );
  return rows.map(stateOf);
}

/** The buses matched to a trip they have not finished: how late each was at its last matched reading. */
export async function scheduleDeviations(
  sql: Sql,
  tenant: string,
): Promise<{ vehicleId: string; observedAt: Date; deviationSecs: number }[]> {
  const { rows } = await sql.query<{ vehicleId: string; observedAt: Date | string; deviationSecs: number | string }>(
    `SELECT vehicle_id AS "vehicleId", observed_at AS "observedAt", deviation_secs AS "deviationSecs"
       FROM transit_vehicle
      WHERE tenant = $1 AND trip_id IS NOT NULL AND deviation_secs IS NOT NULL AND NOT finished`,
    [tenant],
  );
  return rows.map((r) => ({
    vehicleId: r.vehicleId,
    observedAt: new Date(r.observedAt),
    deviationSecs: Number(r.deviationSecs),
  }));
}

export async function saveVehicle(sql: Sql, tenant: string, s: VehicleState, now: Date): Promise<void> {
  await sql.query(
    `INSERT INTO transit_vehicle (tenant, vehicle_id, observed_at, lon, lat, speed_kmh, heading, trip_id, route_id,
       direction_id, service_date, start_time, shape_dist, offset_m, deviation_secs, stop_sequence, stop_id, status,
       finished, flags, off_route_readings, stopped_since, rejected_at, rejected_reason, updated_at, label, license_plate,
       stopped_lon, stopped_lat)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,
       $26, $27, $28, $29)
     ON CONFLICT (tenant, vehicle_id) DO UPDATE SET observed_at = $3, lon = $4, lat = $5, speed_kmh = $6, heading = $7,
       trip_id = $8, route_id = $9, direction_id = $10, service_date = $11, start_time = $12, shape_dist = $13,
       offset_m = $14, deviation_secs = $15, stop_sequence = $16, stop_id = $17, status = $18, finished = $19,
       flags = $20, off_route_readings = $21, stopped_since = $22, rejected_at = $23, rejected_reason = $24,
       updated_at = $25, label = $26, license_plate = $27, stopped_lon = $28, stopped_lat = $29
     WHERE transit_vehicle.observed_at <= EXCLUDED.observed_at`,
    [
      tenant,
      s.vehicleId,
      s.observedAt,
      s.lon,
      s.lat,
      s.speedKmh,
      s.heading,
      s.tripId,
      s.routeId,
      s.directionId,
      s.serviceDate,
      s.startTime,
      s.shapeDist,
      s.offsetM,
      s.deviationSecs,
      s.stopSequence,
      s.stopId,
      s.status,
      s.finished,
      JSON.stringify(s.flags),
      s.offRouteReadings,
      s.stoppedSince,
      s.rejectedAt,
      s.rejectedReason,
      now,
      s.label,
      s.licensePlate,
      s.stoppedLon,
      s.stoppedLat,
    ],
  );
}

/** The runs (trip, service day, start) of a route the tenant's other buses heard since `since` are on, unfinished. */
export async function runsServed(
  sql: Sql,
  tenant: string,
  routeId: string,
  since: Date,
  exceptVehicle: string,
): Promise<{ tripId: string; serviceDate: string; startTime: string | null }[]> {
  const { rows } = await sql.query<{ tripId: string; serviceDate: string; startTime: string | null }>(
    `SELECT DISTINCT trip_id AS "tripId", service_date AS "serviceDate", start_time AS "startTime"
       FROM transit_vehicle
      WHERE tenant = $1 AND trip_id IS NOT NULL AND service_date IS NOT NULL AND NOT finished
        AND route_id = $2 AND observed_at >= $3 AND vehicle_id <> $4`,
    [tenant, routeId, since, exceptVehicle],
  );
  return rows;
}

/** A bad reading: noted on the vehicle (when it is known), nothing else of its state touched. */
export async function noteRejected(sql: Sql, tenant: string, vehicleId: string, at: Date, reason: string) {
  await sql.query(
    `UPDATE transit_vehicle SET rejected_at = $3, rejected_reason = $4 WHERE tenant = $1 AND vehicle_id = $2`,
    [tenant, vehicleId, at, reason],
  );
}

/** Sets the flags of a vehicle whose last reading is still the one of `observedAt`; false: a newer one came. */
export async function setFlags(
  sql: Sql,
  tenant: string,
  vehicleId: string,
  flags: readonly VehicleFlag[],
  observedAt: Date,
): Promise<boolean> {
  const { rows } = await sql.query(
    `UPDATE transit_vehicle SET flags = $3 WHERE tenant = $1 AND vehicle_id = $2 AND observed_at = $4 RETURNING 1`,
    [tenant, vehicleId, JSON.stringify(flags), observedAt],
  );
  return rows.length > 0;
}

/** Marks the trip of a vehicle whose last reading is still the one of `observedAt` finished; false: a newer one came. */
export async function finishTrip(sql: Sql, tenant: string, vehicleId: string, observedAt: Date): Promise<boolean> {
  const { rows } = await sql.query(
    `UPDATE transit_vehicle SET finished = true WHERE tenant = $1 AND vehicle_id = $2 AND observed_at = $3 RETURNING 1`,
    [tenant, vehicleId, observedAt],
  );
  return rows.length > 0;
}

/** Vehicles on a trip not yet finished whose last reading is older than `before`, not yet flagged silent. */
export async function quietVehicles(sql: Sql, before: Date): Promise<(VehicleState & { tenant: string })[]> {
  const { rows } = await sql.query<Row & { tenant: string }>(
    `SELECT tenant, ${STATE_COLUMNS} FROM transit_vehicle
      WHERE trip_id IS NOT NULL AND NOT finished AND observed_at < $1 AND NOT flags @> '["silent"]'::jsonb
      LIMIT 1000`,
    [before],
  );
  return rows.map((r) => ({ ...stateOf(r), tenant: r.tenant }));
}

export async function recordPassages(sql: Sql, tenant: string, vehicleId: string, passages: readonly StopPassage[]) {
  for (const p of passages) {
    const arrived = p.kind === 'arrival' ? p.at : null;
    const departed = p.kind === 'departure' ? p.at : null;
    await sql.query(
      `INSERT INTO transit_stop_arrival (tenant, trip_id, service_date, stop_sequence, stop_id, route_id, vehicle_id,
         arrived_at, departed_at, scheduled_arrival, scheduled_departure, start_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (tenant, trip_id, service_date, start_time, stop_sequence) DO UPDATE
         SET arrived_at = coalesce(transit_stop_arrival.arrived_at, EXCLUDED.arrived_at),
             departed_at = coalesce(transit_stop_arrival.departed_at, EXCLUDED.departed_at)`,
      [
        tenant,
        p.tripId,
        p.serviceDate,
        p.stop.sequence,
        p.stop.stopId,
        p.routeId,
        vehicleId,
        arrived,
        departed,
        p.scheduledArrival,
        p.scheduledDeparture,
        p.runStart,
      ],
    );
  }
}

export interface LivePredictionRow {
  readonly tripId: string;
  readonly serviceDate: string;
  readonly stopSequence: number;
  readonly stopId: string;
  readonly routeId: string;
  readonly directionId: number | null;
  readonly startTime: string | null;
  readonly vehicleId: string;
  readonly arrival: Date;
  readonly departure: Date;
  readonly delaySecs: number;
  readonly madeAt: Date;
}

/** Past this many trips, the vehicles on them are found among all the tenant's rather than by each trip. */
const TRIPS_ASKED_BY_ID = 1000;

/** Vehicles heard from since `since` on one of the trips, not silent. */
export async function vehiclesOnTrips(
  sql: Sql,
  tenant: string,
  tripIds: readonly string[],
  since: Date,
): Promise<VehicleState[]> {
  if (tripIds.length > TRIPS_ASKED_BY_ID) {
    // A stop that thousands of trips call at: the fleet on the road is the smaller list.
    const { rows } = await sql.query<Row>(
      `SELECT ${STATE_COLUMNS} FROM transit_vehicle
        WHERE tenant = $1 AND trip_id IS NOT NULL AND observed_at >= $2 AND NOT finished`,
      [tenant, since],
    );
    const trips = new Set(tripIds);
    return rows.map(stateOf).filter((v) => v.tripId !== null && trips.has(v.tripId));
  }
  const { rows } = await sql.query<Row>(
    `SELECT ${STATE_COLUMNS} FROM transit_vehicle
      WHERE tenant = $1 AND trip_id = ANY($2::text[]) AND observed_at >= $3 AND NOT finished`,
    [tenant, tripIds, since],
  );
  return rows.map(stateOf);
}

export interface ScoredPrediction {
  readonly tripId: string;
  readonly serviceDate: string;
  /** The run of a trip by frequencies ('' for a scheduled trip): scored against that run's arrival only. */
  readonly runStart: string;
  readonly stopSequence: number;
  readonly horizon: HorizonName;
  readonly routeId: string;
  readonly stopId: string;
  readonly madeAt: Date;
  readonly predictedAt: Date;
  readonly scheduledAt: Date;
}

/** The first prediction of each stop in each horizon is kept; later ones of the same horizon are not. */
export async function keepPredictions(sql: Sql, tenant: string, rows: readonly ScoredPrediction[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: ScoredPrediction) => T) => rows.map(f);
  await sql.query(
    `INSERT INTO transit_prediction (tenant, trip_id, service_date, stop_sequence, horizon, route_id, stop_id, made_at,
       predicted_at, scheduled_at, start_time)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int4[], $5::text[], $6::text[], $7::text[],
       $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::text[])
     ON CONFLICT DO NOTHING`,
    [
      tenant,
      col((r) => r.tripId),
      col((r) => r.serviceDate),
      col((r) => r.stopSequence),
      col((r) => r.horizon),
      col((r) => r.routeId),
      col((r) => r.stopId),
      col((r) => r.madeAt.toISOString()),
      col((r) => r.predictedAt.toISOString()),
      col((r) => r.scheduledAt.toISOString()),
      col((r) => r.runStart),
    ],
  );
}

/**
 * The stop's kept predictions (of the same run) scored against its actual arrival with the Caltrans band (T: minutes
 * from when the prediction was made to the time it predicted; for the schedule-only baseline, to the
 * scheduled time).
 */
export async function scoreArrival(
  sql: Sql,
  tenant: string,
  p: { tripId: string; serviceDate: string; runStart: string; stopSequence: number; actual: Date },
): Promise<void> {
  const ahead = (column: string) => `greatest(0, extract(epoch FROM (${column} - made_at)) / 60)`;
  const error = (column: string) => `extract(epoch FROM ($6::timestamptz - ${column}))`;
  const band = (column: string) =>
    `(${error(column)} > -60 * ln(${ahead(column)} + 1.3) AND ${error(column)} < 60 * ln(${ahead(column)} + 1.5))`;
  await sql.query(
    `UPDATE transit_prediction SET actual_at = $6, error_secs = ${error('predicted_at')},
            within_band = ${band('predicted_at')}, baseline_within = ${band('scheduled_at')}
      WHERE tenant = $1 AND trip_id = $2 AND service_date = $3 AND start_time = $4 AND stop_sequence = $5
        AND actual_at IS NULL`,
    [tenant, p.tripId, p.serviceDate, p.runStart, p.stopSequence, p.actual],
  );
}

export interface AccuracyRow {
  readonly routeId: string;
  readonly horizon: HorizonName;
  readonly scored: number;
  readonly withinBand: number;
  readonly baselineWithinBand: number;
  readonly meanAbsErrorSecs: number;
}

export async function accuracy(
  sql: Sql,
  tenant: string,
  filter: { routeId?: string | undefined; since: Date },
): Promise<AccuracyRow[]> {
  const { rows } = await sql.query<{
    routeId: string;
    horizon: HorizonName;
    scored: number | string;
    withinBand: number | string;
    baselineWithinBand: number | string;
    meanAbsErrorSecs: number | string;
  }>(
    `SELECT route_id AS "routeId", horizon, count(*) AS scored,
            count(*) FILTER (WHERE within_band) AS "withinBand",
            count(*) FILTER (WHERE baseline_within) AS "baselineWithinBand",
            avg(abs(error_secs)) AS "meanAbsErrorSecs"
       FROM transit_prediction
      WHERE tenant = $1 AND actual_at IS NOT NULL AND actual_at >= $2 AND ($3::text IS NULL OR route_id = $3)
      GROUP BY route_id, horizon ORDER BY route_id, horizon`,
    [tenant, filter.since, filter.routeId ?? null],
  );
  return rows.map((r) => ({
    routeId: r.routeId,
    horizon: r.horizon,
    scored: Number(r.scored),
    withinBand: Number(r.withinBand),
    baselineWithinBand: Number(r.baselineWithinBand),
    meanAbsErrorSecs: Number(r.meanAbsErrorSecs),
  }));
}

/**
 * Running times between consecutive stops recorded since `since`, per pair of stops and local hour of
 * leaving (and over all hours), each the mean of at least `atLeast` runs; and the time standing at each
 * stop (`to` null), per local hour of arriving and over all hours, the same way.
 */
export async function travelTimes(
  sql: Sql,
  tenant: string,
  timezone: string,
  since: Date,
  atLeast: number,
): Promise<{ from: string; to: string | null; hour: number | null; secs: number }[]> {
  const { rows } = await sql.query<{ from: string; to: string | null; hour: number | null; secs: number | string }>(
    `WITH legs AS (
       SELECT stop_id AS from_stop, departed_at,
              lead(stop_id) OVER w AS to_stop, lead(arrived_at) OVER w AS next_arrival
         FROM transit_stop_arrival WHERE tenant = $1 AND scheduled_arrival >= $3
       WINDOW w AS (PARTITION BY trip_id, service_date, start_time ORDER BY stop_sequence)),
     runs AS (
       SELECT from_stop, to_stop, extract(hour FROM departed_at AT TIME ZONE $2)::int AS hour,
              extract(epoch FROM (next_arrival - departed_at)) AS secs
         FROM legs WHERE departed_at IS NOT NULL AND next_arrival > departed_at),
     dwells AS (
       SELECT stop_id, extract(hour FROM arrived_at AT TIME ZONE $2)::int AS hour,
              extract(epoch FROM (departed_at - arrived_at)) AS secs
         FROM transit_stop_arrival
        WHERE tenant = $1 AND scheduled_arrival >= $3 AND arrived_at IS NOT NULL AND departed_at >= arrived_at)
     SELECT from_stop AS "from", to_stop AS "to", hour, avg(secs) AS secs FROM runs
      GROUP BY from_stop, to_stop, hour HAVING count(*) >= $4
     UNION ALL
     SELECT from_stop, to_stop, NULL, avg(secs) FROM runs GROUP BY from_stop, to_stop HAVING count(*) >= $4
     UNION ALL
     SELECT stop_id, NULL, hour, avg(secs) FROM dwells GROUP BY stop_id, hour HAVING count(*) >= $4
     UNION ALL
     SELECT stop_id, NULL, NULL, avg(secs) FROM dwells GROUP BY stop_id HAVING count(*) >= $4`,
    [tenant, timezone, since, atLeast],
  );
  return rows.map((r) => ({ ...r, hour: r.hour === null ? null : Number(r.hour), secs: Number(r.secs) }));
}

/** Forgets scored predictions and arrivals older than `before`. */
export async function prune(sql: Sql, before: Date): Promise<void> {
  await sql.query(`DELETE FROM transit_prediction WHERE made_at < $1`, [before]);
  await sql.query(`DELETE FROM transit_stop_arrival WHERE scheduled_arrival < $1`, [before]);
}
