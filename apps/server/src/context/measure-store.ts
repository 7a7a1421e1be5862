import type { Sql } from '../platform/db/index.js';
import type { Instance } from './model.js';

/**
 * The broker's SQL for measures. Writes: a batch of device measures stored set-wise — the entities'
 * current state, their history and the change log, each in one statement for the whole batch; the row
 * trigger that records history for every other write path is told to stay out (thanglong.recorded).
 * Reads: the current values and the history that city modules count and average.
 */

/** The newest measured instance of each attribute of one entity in the batch. */
export interface EntityMeasures {
  readonly entityId: string;
  /** Expanded attribute name → its one default instance. */
  readonly attrs: Record<string, Instance>;
  /** The GeoJSON of a measured location (for the indexed geometry column), if one was measured. */
  readonly location: unknown;
}

/** One measured instance for history. */
export interface MeasureInstance {
  readonly entityId: string;
  readonly attr: string;
  readonly observedAt: string;
  readonly instance: Instance;
  /** The reading carried its own timestamp: the same (entity, attribute, time) again is a redelivery. */
  readonly timed: boolean;
}

export interface StoredChange {
  readonly entityId: string;
  readonly types: string[];
  readonly attributes: string[];
}

/** Tells the row trigger on ngsi_entity that this transaction records history and changes itself. */
export async function recordSetWise(tx: Sql): Promise<void> {
  await tx.query(`SELECT set_config('thanglong.recorded', 'on', true)`);
}

/**
 * Merges the measures into the entities (never backwards in observedAt, a present stamped in the
 * future counting as stamped now) and logs what changed.
 * Entities that do not exist are left alone: the caller creates them first.
 */
export async function updateEntities(
  tx: Sql,
  tenant: string,
  entities: readonly EntityMeasures[],
  locationIri: string,
  now: Date,
): Promise<StoredChange[]> {
  if (entities.length === 0) return [];
  const doc = JSON.stringify(
    entities.map((e) => ({
      id: e.entityId,
      attrs: Object.fromEntries(Object.entries(e.attrs).map(([k, v]) => [k, [v]])),
      location: e.location === undefined ? null : JSON.stringify(e.location),
    })),
  );
  const { rows } = await tx.query<{ id: string; types: string[]; attributes: string[] }>(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(id text, attrs jsonb, location text)
     ), updated AS (
       UPDATE ngsi_entity e
          SET attrs = iot_merge_measures(e.attrs, x.attrs, $3),
              location = CASE WHEN x.location IS NULL THEN e.location
                ELSE COALESCE(ST_SetSRID(ST_GeomFromGeoJSON(
                       iot_merge_measures(e.attrs, x.attrs, $3) -> $4 -> 0 ->> 'value'), 4326), e.location) END,
              modified_at = $3
         FROM x JOIN ngsi_entity before ON before.tenant = $1 AND before.id = x.id
        WHERE e.tenant = $1 AND e.id = x.id
        RETURNING e.id, e.types, e.attrs, before.attrs AS previous
     ), changes AS (
       INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at)
       SELECT $1, u.id, 'updated', u.types, c.attrs, c.previous, $3
         FROM updated u CROSS JOIN LATERAL (
           SELECT jsonb_object_agg(k, u.attrs -> k) AS attrs,
                  COALESCE(jsonb_object_agg(k, u.previous -> k) FILTER (WHERE u.previous ? k), '{}') AS previous
             FROM jsonb_object_keys(u.attrs) AS k
            WHERE (u.attrs -> k) IS DISTINCT FROM (u.previous -> k)
         ) c
        WHERE c.attrs IS NOT NULL
       RETURNING entity_id, types, attrs
     )
     SELECT entity_id AS id, types, ARRAY(SELECT jsonb_object_keys(attrs)) AS attributes FROM changes`,
    [tenant, doc, now, locationIri],
  );
  return rows.map((r) => ({ entityId: r.id, types: r.types, attributes: r.attributes }));
}

/** Which of these entities have one of these types (expanded). */
export async function entitiesOfTypes(
  sql: Sql,
  tenant: string,
  ids: readonly string[],
  types: readonly string[],
): Promise<string[]> {
  if (ids.length === 0 || types.length === 0) return [];
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM ngsi_entity WHERE tenant = $1 AND id = ANY($2::text[]) AND types && $3::text[]`,
    [tenant, ids, types],
  );
  return rows.map((r) => r.id);
}

/**
 * Appends every measured instance to history in one statement. A timed instance already recorded
 * (same entity, attribute and observation time) is a redelivery and is skipped; returns how many
 * were new.
 */
export async function appendHistory(
  tx: Sql,
  tenant: string,
  instances: readonly MeasureInstance[],
  now: Date,
): Promise<number> {
  if (instances.length === 0) return 0;
  const doc = JSON.stringify(
    instances.map((m) => ({ e: m.entityId, a: m.attr, t: m.observedAt, i: m.instance, d: m.timed })),
  );
  const { rowCount } = await tx.query(
    `INSERT INTO ngsi_attr_instance
        (tenant, entity_id, attr, dataset_id, instance_id, ts, observed_at, created_at, modified_at, num, instance)
     SELECT $1, h.e, h.a, NULL, 'urn:ngsi-ld:attribute:instance:' || gen_random_uuid(), h.t, h.t, $3, $3,
            CASE WHEN jsonb_typeof(h.i -> 'value') = 'number' THEN (h.i ->> 'value')::double precision END, h.i
       FROM jsonb_to_recordset($2::jsonb) AS h(e text, a text, t timestamptz, i jsonb, d boolean)
      WHERE NOT (h.d AND EXISTS (
        SELECT 1 FROM ngsi_attr_instance o
         WHERE o.tenant = $1 AND o.entity_id = h.e AND o.attr = h.a AND o.ts = h.t
           AND o.dataset_id IS NULL AND o.deleted_at IS NULL))`,
    [tenant, doc, now],
  );
  return rowCount;
}

/** An entity with the default instance of each attribute asked for (absent when it has none). */
export interface CurrentInstances {
  readonly id: string;
  /** When the entity was last written. */
  readonly modifiedAt: Date;
  /** Expanded attribute name → its default instance (the one without a datasetId). */
  readonly attrs: Readonly<Record<string, Instance>>;
}

/** Every entity having one of `types`, by id, with the default instance of each of `attrs`. */
export async function currentInstances(
  sql: Sql,
  tenant: string,
  types: readonly string[],
  attrs: readonly string[],
): Promise<CurrentInstances[]> {
  const { rows } = await sql.query<{ id: string; modified_at: Date; attrs: Record<string, Instance> | null }>(
    `SELECT e.id, e.modified_at,
            (SELECT jsonb_object_agg(a.name, d.instance)
               FROM unnest($3::text[]) AS a(name)
               CROSS JOIN LATERAL (
                 SELECT i FROM jsonb_array_elements(e.attrs -> a.name) AS i WHERE NOT (i ? 'datasetId') LIMIT 1
               ) AS d(instance)) AS attrs
       FROM ngsi_entity e
      WHERE e.tenant = $1 AND e.types && $2::text[]
      ORDER BY e.id`,
    [tenant, types, attrs],
  );
  return rows.map((r) => ({ id: r.id, modifiedAt: r.modified_at, attrs: r.attrs ?? {} }));
}

export interface HourlyMean {
  readonly entityId: string;
  readonly attr: string;
  /** Start of the hour, epoch milliseconds. */
  readonly hour: number;
  readonly mean: number;
  readonly readings: number;
}

/** Which numeric readings of history an hourly mean takes. */
export interface MeanSelection {
  readonly entityIds: readonly string[];
  readonly attrs: readonly string[];
  readonly from: Date;
  readonly to: Date;
  /** Readings below this are left out (e.g. a logger's -999 "no data"). */
  readonly atLeast: number;
  /** Readings whose sub-property `property` has a value other than `valid` are left out; none is valid. */
  readonly flag: { readonly property: string; readonly valid: string };
}

/** Means per entity, attribute and clock hour of the default instances' numeric history in [from, to). */
export async function hourlyMeans(sql: Sql, tenant: string, selection: MeanSelection): Promise<HourlyMean[]> {
  const { rows } = await sql.query<{ entity_id: string; attr: string; hour: Date; mean: number; readings: number }>(
    `SELECT entity_id, attr, date_trunc('hour', ts) AS hour, avg(num)::double precision AS mean, count(*)::int AS readings
       FROM ngsi_attr_instance
      WHERE tenant = $1 AND entity_id = ANY($2::text[]) AND attr = ANY($3::text[])
        AND ts >= $4 AND ts < $5
        AND dataset_id IS NULL AND deleted_at IS NULL
        AND num IS NOT NULL AND num >= $6
        AND coalesce(instance -> $7 ->> 'value', $8) = $8
      GROUP BY entity_id, attr, date_trunc('hour', ts)`,
    [
      tenant,
      selection.entityIds,
      selection.attrs,
      selection.from,
      selection.to,
      selection.atLeast,
      selection.flag.property,
      selection.flag.valid,
    ],
  );
  return rows.map((r) => ({
    entityId: r.entity_id,
    attr: r.attr,
    hour: new Date(r.hour).getTime(),
    mean: r.mean,
    readings: r.readings,
  }));
}
