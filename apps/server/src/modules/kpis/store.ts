import type { Sql } from '../../platform/db/index.js';

/**
 * The KPI module's SQL. Every figure is counted in the database from the current state: the device
 * registry (iot_device) and the broker's entities (ngsi_entity, attributes keyed by expanded IRI, each
 * an array of instances of which the default one has no datasetId).
 */

/** The default instance (no datasetId) of the attribute whose expanded name is parameter `param`. */
const defaultInstance = (param: string) =>
  `(SELECT i FROM jsonb_array_elements(e.attrs -> ${param}) AS i WHERE NOT (i ? 'datasetId') LIMIT 1)`;

/** The numeric value of an instance, or NULL when it holds something else. */
const numberOf = (instance: string, type = 'numeric') =>
  `CASE WHEN jsonb_typeof(${instance} -> 'value') = 'number' THEN (${instance} ->> 'value')::${type} END`;

export interface DeviceCounts {
  readonly total: number;
  readonly online: number;
  readonly offline: number;
  readonly never: number;
}

/** The tenant's devices by health: heard since `offlineBefore` (online), before it (offline), or never. */
export async function deviceCounts(sql: Sql, tenant: string, offlineBefore: Date): Promise<DeviceCounts> {
  const { rows } = await sql.query<DeviceCounts>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE last_seen_at >= $2)::int AS online,
            count(*) FILTER (WHERE last_seen_at < $2)::int AS offline,
            count(*) FILTER (WHERE last_seen_at IS NULL)::int AS never
       FROM iot_device WHERE tenant = $1`,
    [tenant, offlineBefore],
  );
  return rows[0] ?? { total: 0, online: 0, offline: 0, never: 0 };
}

export interface AirQualityNames {
  readonly types: readonly string[];
  readonly index: string;
  readonly wardCode: string;
  readonly area: string;
}

export interface AirQualityCounts {
  readonly stations: number;
  readonly rated: number;
  /** Mean of the current indices, rounded half up; null without a current rating. */
  readonly cityAqi: number | null;
  readonly observedAt: Date | null;
  readonly worst: {
    readonly station: string;
    readonly aqi: number;
    readonly wardCode: string | null;
    readonly area: string | null;
  } | null;
}

/**
 * The stations, those with a current index (observed at most `windowSeconds` before the tenant's newest
 * rating), the mean of those indices and the station with the highest.
 */
export async function airQuality(
  sql: Sql,
  tenant: string,
  names: AirQualityNames,
  windowSeconds: number,
): Promise<AirQualityCounts> {
  const { rows } = await sql.query<{
    stations: number;
    rated: number;
    city_aqi: number | null;
    observed_at: Date | null;
    worst_station: string | null;
    worst_aqi: number | null;
    worst_ward_code: string | null;
    worst_area: string | null;
  }>(
    `WITH station AS (
       SELECT e.id, ${defaultInstance('$2')} AS idx,
              ${defaultInstance('$3')} ->> 'value' AS ward_code,
              ${defaultInstance('$4')} ->> 'value' AS area
         FROM ngsi_entity e
        WHERE e.tenant = $1 AND e.types && $5::text[]
     ), rating AS (
       SELECT id, ${numberOf('idx')} AS aqi,
              coalesce(idx ->> 'observedAt', idx ->> 'modifiedAt')::timestamptz AS observed_at, ward_code, area
         FROM station
        WHERE jsonb_typeof(idx -> 'value') = 'number' AND (idx ->> 'value')::numeric >= 0
          AND coalesce(idx ->> 'observedAt', idx ->> 'modifiedAt') IS NOT NULL
     ), current AS (
       SELECT * FROM rating
        WHERE observed_at >= (SELECT max(observed_at) FROM rating) - $6::int * interval '1 second'
     )
     SELECT (SELECT count(*)::int FROM station) AS stations,
            (SELECT count(*)::int FROM current) AS rated,
            (SELECT round(avg(aqi))::int FROM current) AS city_aqi,
            (SELECT max(observed_at) FROM current) AS observed_at,
            w.id AS worst_station, w.aqi::double precision AS worst_aqi,
            w.ward_code AS worst_ward_code, w.area AS worst_area
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (SELECT * FROM current ORDER BY aqi DESC, observed_at DESC, id LIMIT 1) AS w ON true`,
    [tenant, names.index, names.wardCode, names.area, names.types, windowSeconds],
  );
  const row = rows[0];
  if (!row) return { stations: 0, rated: 0, cityAqi: null, observedAt: null, worst: null };
  return {
    stations: row.stations,
    rated: row.rated,
    cityAqi: row.city_aqi,
    observedAt: row.observed_at,
    worst:
      row.worst_station !== null && row.worst_aqi !== null
        ? { station: row.worst_station, aqi: row.worst_aqi, wardCode: row.worst_ward_code, area: row.worst_area }
        : null,
  };
}

export interface BusNames {
  readonly types: readonly string[];
  readonly location: string;
  readonly delay: string;
}

export interface BusCounts {
  readonly inService: number;
  readonly reporting: number;
  readonly onTime: number;
  readonly punctuality: number | null;
  readonly meanDelaySeconds: number | null;
}

/**
 * Buses in service (reported at most `windowSeconds` before the tenant's newest bus report), those of
 * them with a current delay, and how many of those are within [earliest, latest] seconds of schedule.
 * A report's time is the newest observedAt of location and delay (the device's clock, so a simulated
 * timeline works), or the entity's last write when neither has one.
 */
export async function buses(
  sql: Sql,
  tenant: string,
  names: BusNames,
  windowSeconds: number,
  onTime: { readonly earliest: number; readonly latest: number },
): Promise<BusCounts> {
  const { rows } = await sql.query<{
    in_service: number;
    reporting: number;
    on_time: number;
    punctuality: number | null;
    mean_delay: number | null;
  }>(
    `WITH bus AS (
       SELECT e.id, e.modified_at, ${defaultInstance('$2')} AS loc, ${defaultInstance('$3')} AS delay
         FROM ngsi_entity e
        WHERE e.tenant = $1 AND e.types && $4::text[]
     ), report AS (
       SELECT id,
              coalesce(greatest((loc ->> 'observedAt')::timestamptz, (delay ->> 'observedAt')::timestamptz),
                       modified_at) AS at,
              coalesce((delay ->> 'observedAt')::timestamptz, modified_at) AS delay_at,
              ${numberOf('delay', 'double precision')} AS delay
         FROM bus
     ), since AS (
       SELECT max(at) - $5::int * interval '1 second' AS t FROM report
     ), in_service AS (
       -- A delay counts only when it is current too: a bus off its trip may report a position alone.
       SELECT r.id, CASE WHEN r.delay_at >= s.t THEN r.delay END AS delay
         FROM report r CROSS JOIN since s
        WHERE r.at >= s.t
     )
     SELECT count(*)::int AS in_service,
            count(delay)::int AS reporting,
            count(*) FILTER (WHERE delay BETWEEN $6 AND $7)::int AS on_time,
            CASE WHEN count(delay) > 0
                 THEN (count(*) FILTER (WHERE delay BETWEEN $6 AND $7))::double precision / count(delay) END
              AS punctuality,
            round(avg(delay)::numeric)::int AS mean_delay
       FROM in_service`,
    [tenant, names.location, names.delay, names.types, windowSeconds, onTime.earliest, onTime.latest],
  );
  const row = rows[0];
  return {
    inService: row?.in_service ?? 0,
    reporting: row?.reporting ?? 0,
    onTime: row?.on_time ?? 0,
    punctuality: row?.punctuality ?? null,
    meanDelaySeconds: row?.mean_delay ?? null,
  };
}

export interface ParkingNames {
  readonly types: readonly string[];
  readonly total: string;
  readonly available: string;
}

export interface ParkingCounts {
  readonly lots: number;
  readonly capacity: number;
  readonly occupied: number;
  readonly occupancy: number | null;
}

/**
 * Parking lots, and over those that report both their spots and their free spots: the spots and the
 * spots taken (free spots outside [0, total], a miscounting sensor, are clamped).
 */
export async function parking(sql: Sql, tenant: string, names: ParkingNames): Promise<ParkingCounts> {
  const { rows } = await sql.query<ParkingCounts>(
    `WITH lot AS (
       SELECT ${defaultInstance('$2')} AS total, ${defaultInstance('$3')} AS available
         FROM ngsi_entity e
        WHERE e.tenant = $1 AND e.types && $4::text[]
     ), spots AS (
       SELECT ${numberOf('total')} AS total, ${numberOf('available')} AS available FROM lot
     ), sums AS (
       SELECT count(*)::int AS lots,
              coalesce(sum(total) FILTER (WHERE total > 0 AND available IS NOT NULL), 0) AS capacity,
              coalesce(sum(total - greatest(0, least(total, available)))
                         FILTER (WHERE total > 0 AND available IS NOT NULL), 0) AS occupied
         FROM spots
     )
     SELECT lots, round(capacity)::int AS capacity, round(occupied)::int AS occupied,
            CASE WHEN capacity > 0 THEN occupied::double precision / capacity::double precision END AS occupancy
       FROM sums`,
    [tenant, names.total, names.available, names.types],
  );
  return rows[0] ?? { lots: 0, capacity: 0, occupied: 0, occupancy: null };
}
