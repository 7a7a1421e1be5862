import type { Sql } from '../../platform/db/index.js';

/**
 * The environment module's SQL. It reads the broker's history (ngsi_attr_instance, written by the
 * broker's trigger) directly: hourly means need a filter on values (invalid readings left out) that
 * the temporal API's aggregations do not offer.
 */

export interface HourlyMean {
  readonly attr: string;
  /** Start of the hour, epoch milliseconds. */
  readonly hour: number;
  readonly mean: number;
  readonly readings: number;
}

/**
 * Means per attribute and clock hour of an entity's numeric history in [from, to). Negative values
 * (-999 is the usual "no data" of station loggers) and readings flagged invalid (a `qualityFlag`
 * sub-property other than "valid") are left out, not averaged in.
 */
export async function hourlyMeans(
  sql: Sql,
  tenant: string,
  entityId: string,
  attrs: readonly string[],
  from: Date,
  to: Date,
): Promise<HourlyMean[]> {
  const { rows } = await sql.query<{ attr: string; hour: Date; mean: number; readings: number }>(
    `SELECT attr, date_trunc('hour', ts) AS hour, avg(num)::double precision AS mean, count(*)::int AS readings
       FROM ngsi_attr_instance
      WHERE tenant = $1 AND entity_id = $2 AND attr = ANY($3::text[])
        AND ts >= $4 AND ts < $5
        AND dataset_id IS NULL AND deleted_at IS NULL
        AND num IS NOT NULL AND num >= 0
        AND coalesce(instance #>> '{qualityFlag,value}', 'valid') = 'valid'
      GROUP BY attr, date_trunc('hour', ts)`,
    [tenant, entityId, attrs, from, to],
  );
  return rows.map((r) => ({ attr: r.attr, hour: new Date(r.hour).getTime(), mean: r.mean, readings: r.readings }));
}

/** Hourly means of many stations at once, for daily and monthly summaries. */
export async function hourlyMeansOfStations(
  sql: Sql,
  tenant: string,
  entityIds: readonly string[],
  attrs: readonly string[],
  from: Date,
  to: Date,
): Promise<(HourlyMean & { readonly entityId: string })[]> {
  const { rows } = await sql.query<{ entity_id: string; attr: string; hour: Date; mean: number; readings: number }>(
    `SELECT entity_id, attr, date_trunc('hour', ts) AS hour, avg(num)::double precision AS mean, count(*)::int AS readings
       FROM ngsi_attr_instance
      WHERE tenant = $1 AND entity_id = ANY($2::text[]) AND attr = ANY($3::text[])
        AND ts >= $4 AND ts < $5
        AND dataset_id IS NULL AND deleted_at IS NULL
        AND num IS NOT NULL AND num >= 0
        AND coalesce(instance #>> '{qualityFlag,value}', 'valid') = 'valid'
      GROUP BY entity_id, attr, date_trunc('hour', ts)`,
    [tenant, entityIds, attrs, from, to],
  );
  return rows.map((r) => ({
    entityId: r.entity_id,
    attr: r.attr,
    hour: new Date(r.hour).getTime(),
    mean: r.mean,
    readings: r.readings,
  }));
}
