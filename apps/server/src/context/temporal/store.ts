import type { Database, Sql } from '../../platform/db/index.js';
import type { Instance } from '../model.js';
import { geoToSql, type GeoQuery } from '../query/geo.js';
import { INSTANCE_SORT_MEMBERS, type SortKey } from '../query/order.js';
import { qToSql, type QExpression } from '../query/q.js';
import { SqlParams } from '../query/sql.js';
import { typeExpressionToSql, type SelectionExpression } from '../query/types.js';
import { scopeQToSql } from '../service.js';
import type {
  AggregatedPeriod,
  Aggregation,
  AggregationMethod,
  StoredInstance,
  TemporalEntityHead,
  TemporalQuery,
  TimeProperty,
} from './model.js';

/** All SQL of the temporal API: ngsi_temporal_entity, ngsi_attr_instance and the retention rules. */

const TIME_COLUMN: Readonly<Record<TimeProperty, string>> = {
  // ts is observedAt, else modifiedAt: the instant the value is about, and the one indexed.
  observedAt: 'ts',
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
  deletedAt: 'deleted_at',
};

/** Conditions of a temporal query over the instances aliased `alias`. */
function timeConditions(query: TemporalQuery, params: SqlParams, alias: string): string[] {
  const column = `${alias}.${TIME_COLUMN[query.timeproperty]}`;
  const out = query.timeproperty === 'deletedAt' ? [`${column} IS NOT NULL`] : [];
  if (query.timerel === 'before') out.push(`${column} < ${params.add(query.timeAt)}::timestamptz`);
  if (query.timerel === 'after') out.push(`${column} > ${params.add(query.timeAt)}::timestamptz`);
  if (query.timerel === 'between') {
    out.push(`${column} >= ${params.add(query.timeAt)}::timestamptz`);
    out.push(`${column} < ${params.add(query.endTimeAt)}::timestamptz`);
  }
  return out;
}

interface HeadRow {
  id: string;
  types: string[];
  scopes: string[] | null;
  created_at: Date;
  modified_at: Date;
  deleted_at: Date | null;
}

const HEAD_COLUMNS = 'e.id, e.types, e.scopes, e.created_at, e.modified_at, e.deleted_at';
const toHead = (r: HeadRow): TemporalEntityHead => ({
  id: r.id,
  types: r.types,
  scopes: r.scopes,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
  deletedAt: r.deleted_at,
});

export async function findEntityHead(sql: Sql, tenant: string, id: string): Promise<TemporalEntityHead | null> {
  const { rows } = await sql.query<HeadRow>(
    `SELECT ${HEAD_COLUMNS} FROM ngsi_temporal_entity e WHERE e.tenant = $1 AND e.id = $2`,
    [tenant, id],
  );
  return rows[0] ? toHead(rows[0]) : null;
}

/** An entity selector of a Query document, checked and parsed by the service. */
export interface HistorySelector {
  readonly id?: string | undefined;
  readonly idPattern?: string | undefined;
  readonly type?: SelectionExpression | undefined;
}

/** Which temporal entities a query is about, checked and parsed by the service. */
export interface HistoryFilter {
  readonly ids?: readonly string[] | undefined;
  readonly idPattern?: string | undefined;
  /** Matches the types the entity has now when it exists, else the types it had. */
  readonly type?: SelectionExpression | undefined;
  /** Any of them may match. */
  readonly selectors?: readonly HistorySelector[] | undefined;
  /** Judged on the instances within the time range: an entity matches when some of them do. */
  readonly q?: QExpression | undefined;
  readonly geo?: GeoQuery | undefined;
  readonly scopeQ?: string | undefined;
  /** Expanded attribute names the entity must have history for; undefined = any. */
  readonly attrs?: readonly string[] | undefined;
  /** Datasets the instances must belong to; null stands for the default instance. */
  readonly datasetIds?: readonly (string | null)[] | undefined;
  /** With a time range, attrs or datasetIds, only entities with at least one matching instance are listed. */
  readonly query: TemporalQuery;
  /** `orderBy`: sort keys before the id order. */
  readonly sort?: readonly SortKey[] | undefined;
  /** A term of the request's @context → its IRI. */
  readonly expand: (term: string) => string;
}

/** The instance belongs to one of the datasets (null: the default instance). */
function datasetCondition(datasetIds: readonly (string | null)[], params: SqlParams, alias: string): string {
  const named = datasetIds.filter((d): d is string => d !== null);
  const parts = named.length > 0 ? [`${alias}.dataset_id = ANY(${params.add(named)}::text[])`] : [];
  if (datasetIds.includes(null)) parts.push(`${alias}.dataset_id IS NULL`);
  return `(${parts.join(' OR ')})`;
}

/**
 * FROM and WHERE of a history query over `e` (ngsi_temporal_entity) and `c` (ngsi_entity, the entity
 * as it is now, NULL columns when it no longer exists). q and geo-queries read `h.attrs`: the entity's
 * instances within the time range, gathered per attribute as current state keeps them.
 */
function historySql(filter: HistoryFilter, params: SqlParams, tenantParam: string): { from: string; where: string } {
  const { expand, query } = filter;
  const conditions = [`e.tenant = ${tenantParam}`];
  const types = 'COALESCE(c.types, e.types)';
  if (filter.ids && filter.ids.length > 0) conditions.push(`e.id = ANY(${params.add(filter.ids)}::text[])`);
  if (filter.idPattern !== undefined) conditions.push(`e.id ~ ${params.add(filter.idPattern)}`);
  if (filter.type) conditions.push(typeExpressionToSql(filter.type, types, params, expand));
  if (filter.selectors && filter.selectors.length > 0) {
    const alternatives = filter.selectors.map((sel) => {
      const parts: string[] = [];
      if (sel.id !== undefined) parts.push(`e.id = ${params.add(sel.id)}`);
      if (sel.idPattern !== undefined) parts.push(`e.id ~ ${params.add(sel.idPattern)}`);
      if (sel.type) parts.push(typeExpressionToSql(sel.type, types, params, expand));
      return parts.length > 0 ? `(${parts.join(' AND ')})` : 'TRUE';
    });
    conditions.push(`(${alternatives.join(' OR ')})`);
  }
  if (filter.scopeQ !== undefined) conditions.push(scopeQToSql(filter.scopeQ, params));
  if (filter.attrs || filter.datasetIds || query.timerel || query.timeproperty === 'deletedAt') {
    const inner = ['i.tenant = e.tenant', 'i.entity_id = e.id', ...timeConditions(query, params, 'i')];
    if (filter.attrs) inner.push(`i.attr = ANY(${params.add(filter.attrs)}::text[])`);
    if (filter.datasetIds) inner.push(datasetCondition(filter.datasetIds, params, 'i'));
    conditions.push(`EXISTS (SELECT 1 FROM ngsi_attr_instance i WHERE ${inner.join(' AND ')})`);
  }
  let from = 'ngsi_temporal_entity e LEFT JOIN ngsi_entity c ON c.tenant = e.tenant AND c.id = e.id';
  if (filter.q || filter.geo) {
    const live = ['i.tenant = e.tenant', 'i.entity_id = e.id', 'i.deleted_at IS NULL'];
    live.push(...timeConditions(query, params, 'i'));
    from += ` CROSS JOIN LATERAL (
      SELECT jsonb_object_agg(x.attr, x.instances) AS attrs
      FROM (SELECT i.attr, jsonb_agg(i.instance ORDER BY i.ts) AS instances FROM ngsi_attr_instance i
            WHERE ${live.join(' AND ')} GROUP BY i.attr) x
    ) h`;
    if (filter.q)
      conditions.push(`(h.attrs IS NOT NULL AND ${qToSql(filter.q, { params, attrs: 'h.attrs', expand })})`);
    if (filter.geo) {
      const geo = geoToSql(filter.geo, { params, alias: 'h', expand, geometryColumns: false });
      conditions.push(`(h.attrs IS NOT NULL AND ${geo})`);
    }
  }
  return { from, where: conditions.join(' AND ') };
}

/** Columns of an instance row that hold what an `orderBy` key may name after the dot. */
const INSTANCE_TIME_COLUMNS: Readonly<Record<string, string>> = {
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
  observedAt: 'observed_at',
};
/** What an instance is worth for sorting: the first member holding its value. */
const SORT_VALUE = ['value', 'object', 'languageMap', 'vocab', 'json', 'valueList', 'objectList'];

/**
 * ORDER BY terms of `orderBy` keys over a temporal entity: members from the temporal entity, an
 * attribute by its latest live instance within the time range (the last one the answer shows);
 * missing values sort last either way.
 */
function temporalSortSql(keys: readonly SortKey[], query: TemporalQuery, params: SqlParams): string {
  return keys
    .map((key) => {
      let expression: string;
      if ('member' in key) {
        expression = {
          id: 'e.id',
          type: '(COALESCE(c.types, e.types))[1]',
          createdAt: 'e.created_at',
          modifiedAt: 'e.modified_at',
        }[key.member];
      } else {
        const column = key.sub === undefined ? undefined : INSTANCE_TIME_COLUMNS[key.sub];
        let picked: string;
        if (column !== undefined) picked = `s.${column}`;
        else if (key.sub !== undefined && INSTANCE_SORT_MEMBERS.has(key.sub)) {
          picked = `s.instance -> ${params.add(key.sub)}::text`;
        } else {
          const holder = key.sub === undefined ? 's.instance' : `(s.instance -> ${params.add(key.sub)}::text)`;
          picked = `COALESCE(${SORT_VALUE.map((m) => `${holder} -> '${m}'`).join(', ')})`;
        }
        const conditions = [
          's.tenant = e.tenant',
          's.entity_id = e.id',
          `s.attr = ${params.add(key.attribute)}`,
          's.deleted_at IS NULL',
          ...timeConditions(query, params, 's'),
        ];
        expression = `(SELECT ${picked} FROM ngsi_attr_instance s WHERE ${conditions.join(' AND ')}
          ORDER BY s.ts DESC LIMIT 1)`;
      }
      return `${expression} ${key.descending ? 'DESC' : 'ASC'} NULLS LAST`;
    })
    .join(', ');
}

/** A page of temporal entities (by orderBy, then id), and how many match when asked. */
export async function queryEntityHeads(
  sql: Sql,
  tenant: string,
  filter: HistoryFilter,
  page: { limit: number; offset: number; count: boolean },
): Promise<{ heads: TemporalEntityHead[]; count: number | undefined; more: boolean }> {
  const params = new SqlParams();
  const { from, where } = historySql(filter, params, params.add(tenant));
  const countValues = [...params.values];
  // Sort parameters come after the count's copy: a statement may not carry parameters it never uses.
  const order = filter.sort ? `${temporalSortSql(filter.sort, filter.query, params)}, e.id` : 'e.id';
  // One more than the page tells whether a next page exists.
  const pageSql = `SELECT ${HEAD_COLUMNS} FROM ${from} WHERE ${where} ORDER BY ${order}
    LIMIT ${params.add(page.limit + 1)} OFFSET ${params.add(page.offset)}`;
  const [rows, count] = await Promise.all([
    page.limit > 0 ? sql.query<HeadRow>(pageSql, params.values) : Promise.resolve({ rows: [] as HeadRow[] }),
    page.count
      ? sql.query<{ n: number }>(`SELECT count(*) AS n FROM ${from} WHERE ${where}`, countValues)
      : Promise.resolve(undefined),
  ]);
  return {
    heads: rows.rows.slice(0, page.limit).map(toHead),
    count: count?.rows[0]?.n,
    more: rows.rows.length > page.limit,
  };
}

/**
 * The (entity, attribute) pairs to read: the attributes asked for, or every attribute an entity has
 * history for, found by walking the index one attribute at a time (a loose index scan) rather than
 * reading every instance.
 */
function pairsCte(params: SqlParams, tenantParam: string, ids: readonly string[], attrs?: readonly string[]): string {
  const idsParam = `${params.add(ids)}::text[]`;
  if (attrs) {
    return `pairs AS (SELECT p.id AS entity_id, a.attr FROM unnest(${idsParam}) AS p(id)
      CROSS JOIN unnest(${params.add(attrs)}::text[]) AS a(attr))`;
  }
  return `walk(entity_id, attr) AS (
      SELECT p.id, (SELECT min(i.attr) FROM ngsi_attr_instance i WHERE i.tenant = ${tenantParam} AND i.entity_id = p.id)
      FROM unnest(${idsParam}) AS p(id)
      UNION ALL
      SELECT w.entity_id, (SELECT min(i.attr) FROM ngsi_attr_instance i
                           WHERE i.tenant = ${tenantParam} AND i.entity_id = w.entity_id AND i.attr > w.attr)
      FROM walk w WHERE w.attr IS NOT NULL
    ), pairs AS (SELECT entity_id, attr FROM walk WHERE attr IS NOT NULL)`;
}

interface InstanceRow {
  entity_id: string;
  attr: string;
  instance_id: string;
  dataset_id: string | null;
  at: Date;
  created_at: Date;
  modified_at: Date;
  deleted_at: Date | null;
  instance: Instance;
}

/**
 * The instances of each attribute of the given entities within the temporal query: the earliest
 * `take` of each (or, newest first, the latest `take`), read from the index in time order.
 */
export async function readInstances(
  sql: Sql,
  tenant: string,
  ids: readonly string[],
  attrs: readonly string[] | undefined,
  query: TemporalQuery,
  take: number,
  newestFirst: boolean,
  datasetIds?: readonly (string | null)[],
): Promise<StoredInstance[]> {
  if (ids.length === 0) return [];
  const params = new SqlParams();
  const tenantParam = params.add(tenant);
  const column = `i.${TIME_COLUMN[query.timeproperty]}`;
  const conditions = [
    `i.tenant = ${tenantParam}`,
    'i.entity_id = p.entity_id',
    'i.attr = p.attr',
    ...timeConditions(query, params, 'i'),
  ];
  if (datasetIds) conditions.push(datasetCondition(datasetIds, params, 'i'));
  const { rows } = await sql.query<InstanceRow>(
    `WITH RECURSIVE ${pairsCte(params, tenantParam, ids, attrs)}
     SELECT p.entity_id, p.attr, x.instance_id, x.dataset_id, x.at, x.created_at, x.modified_at, x.deleted_at, x.instance
     FROM pairs p CROSS JOIN LATERAL (
       SELECT i.instance_id, i.dataset_id, ${column} AS at, i.created_at, i.modified_at, i.deleted_at, i.instance
       FROM ngsi_attr_instance i WHERE ${conditions.join(' AND ')}
       ORDER BY ${column} ${newestFirst ? 'DESC' : 'ASC'} LIMIT ${params.add(take)}
     ) x
     ORDER BY p.entity_id, p.attr, x.at`,
    params.values,
  );
  return rows.map((r) => ({
    entityId: r.entity_id,
    attr: r.attr,
    instanceId: r.instance_id,
    datasetId: r.dataset_id,
    at: r.at,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    deletedAt: r.deleted_at,
    instance: r.instance,
  }));
}

/** Each method as a SQL aggregate over the period's rows `b` (num: the numeric value; v: any value). */
const AGGREGATES: Readonly<Record<AggregationMethod, string>> = {
  totalCount: 'count(*)',
  distinctCount: 'count(DISTINCT b.v)',
  sum: 'sum(b.num)',
  avg: 'avg(b.num)',
  min: 'min(b.num)',
  max: 'max(b.num)',
  // The standard deviation of the values themselves (population), defined for a single value too.
  stddev: 'stddev_pop(b.num)',
  sumsq: 'sum(b.num * b.num)',
};

const VALUE_OF_INSTANCE = `COALESCE(i.instance -> 'value', i.instance -> 'object', i.instance -> 'languageMap',
  i.instance -> 'vocab', i.instance -> 'json', i.instance -> 'valueList', i.instance -> 'objectList')`;

/**
 * The aggregated temporal representation, computed by the database: instances are grouped into
 * periods of the requested duration starting at timeAt (after, between) or at the attribute's first
 * instance, or into one period spanning the whole range. Deleted instances take no part.
 */
export async function aggregateInstances(
  db: Database,
  tenant: string,
  ids: readonly string[],
  attrs: readonly string[] | undefined,
  query: TemporalQuery,
  aggregation: Aggregation,
): Promise<AggregatedPeriod[]> {
  if (ids.length === 0) return [];
  const params = new SqlParams();
  const tenantParam = params.add(tenant);
  const column = `i.${TIME_COLUMN[query.timeproperty]}`;
  const base = `i.tenant = ${tenantParam} AND i.entity_id = p.entity_id AND i.attr = p.attr`;
  const live = [base, ...timeConditions(query, params, 'i'), 'i.deleted_at IS NULL'].join(' AND ');
  const startsAtTimeAt = query.timerel === 'after' || query.timerel === 'between';
  const origin = startsAtTimeAt
    ? `${params.add(query.timeAt)}::timestamptz`
    : `(SELECT min(${column}) FROM ngsi_attr_instance i WHERE ${live})`;
  const { period } = aggregation;
  let bucket: string;
  let periodEnd: string;
  let rangeEnd = 'NULL::timestamptz';
  if (!period) {
    bucket = 'r.origin';
    periodEnd = 'r.range_end';
    rangeEnd =
      query.timerel === 'between'
        ? `${params.add(query.endTimeAt)}::timestamptz`
        : query.timerel === 'before'
          ? `${params.add(query.timeAt)}::timestamptz`
          : `(SELECT max(${column}) FROM ngsi_attr_instance i WHERE ${live})`;
  } else {
    const step = `${params.add(period.iso)}::interval`;
    // Calendar periods (months, years) on the UTC calendar; fixed ones binned by date_bin.
    bucket = period.calendar
      ? `ngsi_period_start(${column}, r.origin, ${step})`
      : `date_bin(${step}, ${column}, r.origin)`;
    periodEnd = `((b.bucket AT TIME ZONE 'UTC') + ${step}) AT TIME ZONE 'UTC'`;
  }
  const needsValue = aggregation.methods.includes('distinctCount');
  const selected = aggregation.methods.map((m, n) => `${AGGREGATES[m]} AS m${n}`).join(', ');
  // One pass over the instances, grouped by period. The planner sees neither the entity nor the attribute
  // (they come from the pairs), so it guesses large row counts: it would JIT-compile the plan (costing
  // far more than running it) and scan whole monthly partitions that hold other entities. Every read here
  // is bounded by the index prefix (tenant, entity, attribute), so the index is always the right path.
  const { rows } = await db.transaction(async (sql) => {
    await sql.exec('SET LOCAL jit = off; SET LOCAL enable_seqscan = off');
    return sql.query<Record<string, unknown>>(
      `WITH RECURSIVE ${pairsCte(params, tenantParam, ids, attrs)}
     SELECT p.entity_id, p.attr, r.attr_type, g.*
     FROM pairs p
     CROSS JOIN LATERAL (
       SELECT ${origin} AS origin, ${rangeEnd} AS range_end,
              (SELECT i.instance ->> 'type' FROM ngsi_attr_instance i WHERE ${base} ORDER BY i.ts DESC LIMIT 1) AS attr_type
       OFFSET 0 -- once per attribute, not once per period
     ) r
     CROSS JOIN LATERAL (
       SELECT b.dataset_id, b.bucket AS period_start, ${periodEnd} AS period_end, ${selected}
       FROM (
         SELECT i.dataset_id, i.num, ${needsValue ? VALUE_OF_INSTANCE : 'NULL::jsonb'} AS v, ${bucket} AS bucket
         FROM ngsi_attr_instance i WHERE ${live}
       ) b
       GROUP BY b.dataset_id, b.bucket
     ) g
     ORDER BY p.entity_id, p.attr, g.dataset_id NULLS FIRST, g.period_start`,
      params.values,
    );
  });
  return rows.map((r) => ({
    entityId: r['entity_id'] as string,
    attr: r['attr'] as string,
    datasetId: (r['dataset_id'] as string | null) ?? null,
    attributeType: (r['attr_type'] as string | null) ?? 'Property',
    start: r['period_start'] as Date,
    end: r['period_end'] as Date,
    values: Object.fromEntries(
      aggregation.methods.map((m, n) => {
        const v = r[`m${n}`];
        return [m, v === null || v === undefined ? null : Number(v)];
      }),
    ),
  }));
}

// --- writes ---------------------------------------------------------------------------------------

/** Creates the temporal entity, or adds types and scopes to it; says whether it was created. */
export async function upsertEntityHead(
  sql: Sql,
  tenant: string,
  head: { id: string; types: readonly string[]; scopes?: readonly string[] | undefined },
  now: Date,
): Promise<boolean> {
  const scopes = head.scopes && head.scopes.length > 0 ? head.scopes : null;
  const { rows } = await sql.query<{ created: boolean }>(
    `INSERT INTO ngsi_temporal_entity AS t (tenant, id, types, scopes, created_at, modified_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (tenant, id) DO UPDATE
       SET types = ARRAY(SELECT DISTINCT x FROM unnest(t.types || EXCLUDED.types) AS x),
           scopes = COALESCE(EXCLUDED.scopes, t.scopes), modified_at = EXCLUDED.modified_at
     RETURNING (xmax = 0) AS created`,
    [tenant, head.id, head.types, scopes, now],
  );
  return rows[0]?.created ?? false;
}

export async function touchEntityHead(sql: Sql, tenant: string, id: string, now: Date): Promise<void> {
  await sql.query('UPDATE ngsi_temporal_entity SET modified_at = $3 WHERE tenant = $1 AND id = $2', [tenant, id, now]);
}

/**
 * Records instances sent to the temporal API; ts is observedAt, else the time of writing. An instance
 * observed at the same instant as one already recorded for the attribute and dataset replaces it: a
 * reading sent again (a retry, a correction) is one reading, not two.
 */
export async function insertInstances(
  sql: Sql,
  tenant: string,
  entityId: string,
  attrs: Readonly<Record<string, readonly Instance[]>>,
  now: Date,
): Promise<number> {
  const rows = Object.entries(attrs).flatMap(([attr, list]) => list.map((instance) => ({ attr, instance })));
  if (rows.length === 0) return 0;
  await sql.query(
    `DELETE FROM ngsi_attr_instance o USING jsonb_to_recordset($3::jsonb) AS x(attr text, instance jsonb)
     WHERE o.tenant = $1 AND o.entity_id = $2 AND o.attr = x.attr
       AND o.dataset_id IS NOT DISTINCT FROM (x.instance ->> 'datasetId')
       AND o.ts = (x.instance ->> 'observedAt')::timestamptz AND o.observed_at = o.ts AND o.deleted_at IS NULL`,
    [tenant, entityId, JSON.stringify(rows.filter((r) => r.instance.observedAt !== undefined))],
  );
  const { rowCount } = await sql.query(
    `INSERT INTO ngsi_attr_instance
       (tenant, entity_id, attr, dataset_id, instance_id, ts, observed_at, created_at, modified_at, num, instance)
     SELECT $1, $2, x.attr, x.instance ->> 'datasetId', 'urn:ngsi-ld:attribute:instance:' || gen_random_uuid(),
            COALESCE((x.instance ->> 'observedAt')::timestamptz, $3), (x.instance ->> 'observedAt')::timestamptz, $3, $3,
            CASE WHEN jsonb_typeof(x.instance -> 'value') = 'number' THEN (x.instance ->> 'value')::double precision END,
            x.instance
     FROM jsonb_to_recordset($4::jsonb) AS x(attr text, instance jsonb)`,
    [tenant, entityId, now, JSON.stringify(rows)],
  );
  return rowCount;
}

/** Tells the row trigger on ngsi_entity that this transaction records history and changes itself. */
export async function recordHistoryHere(sql: Sql): Promise<void> {
  await sql.query(`SELECT set_config('thanglong.recorded', 'on', true)`);
}

/** The entity exists again in current state: its temporal entity is no longer a deleted one. */
export async function markEntityCurrent(sql: Sql, tenant: string, id: string): Promise<void> {
  await sql.query('UPDATE ngsi_temporal_entity SET deleted_at = NULL WHERE tenant = $1 AND id = $2', [tenant, id]);
}

/** Logs a change of current state made from the temporal API (subscriptions and modules read the log). */
export async function logCurrentChange(
  sql: Sql,
  tenant: string,
  change: {
    id: string;
    kind: 'created' | 'updated';
    types: readonly string[];
    attrs: Readonly<Record<string, readonly Instance[]>>;
    previous: Readonly<Record<string, readonly Instance[]>>;
  },
  now: Date,
): Promise<void> {
  await sql.query(
    `INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
    [tenant, change.id, change.kind, change.types, JSON.stringify(change.attrs), JSON.stringify(change.previous), now],
  );
}

/** Forgets a temporal entity and its whole history; false when there was none. */
export async function deleteEntityHistory(sql: Sql, tenant: string, id: string): Promise<boolean> {
  await sql.query('DELETE FROM ngsi_attr_instance WHERE tenant = $1 AND entity_id = $2', [tenant, id]);
  const { rowCount } = await sql.query('DELETE FROM ngsi_temporal_entity WHERE tenant = $1 AND id = $2', [tenant, id]);
  return rowCount > 0;
}

/** Deletes an attribute's instances: all datasets, or one (undefined: the default one). */
export async function deleteAttributeHistory(
  sql: Sql,
  tenant: string,
  id: string,
  attr: string,
  datasetId: string | undefined,
  all: boolean,
): Promise<number> {
  const dataset = all ? '' : ' AND dataset_id IS NOT DISTINCT FROM $4';
  const { rowCount } = await sql.query(
    `DELETE FROM ngsi_attr_instance WHERE tenant = $1 AND entity_id = $2 AND attr = $3${dataset}`,
    all ? [tenant, id, attr] : [tenant, id, attr, datasetId ?? null],
  );
  return rowCount;
}

export async function findInstance(
  sql: Sql,
  tenant: string,
  id: string,
  attr: string,
  instanceId: string,
): Promise<{ instance: Instance; createdAt: Date } | null> {
  const { rows } = await sql.query<{ instance: Instance; created_at: Date }>(
    `SELECT instance, created_at FROM ngsi_attr_instance
     WHERE tenant = $1 AND entity_id = $2 AND attr = $3 AND instance_id = $4`,
    [tenant, id, attr, instanceId],
  );
  return rows[0] ? { instance: rows[0].instance, createdAt: rows[0].created_at } : null;
}

/** Rewrites one instance (a correction): its time and numeric value follow the new content. */
export async function replaceInstance(
  sql: Sql,
  tenant: string,
  id: string,
  attr: string,
  instanceId: string,
  instance: Instance,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE ngsi_attr_instance
     SET instance = $5::jsonb, observed_at = ($5::jsonb ->> 'observedAt')::timestamptz,
         ts = COALESCE(($5::jsonb ->> 'observedAt')::timestamptz, ts), modified_at = $6, deleted_at = NULL,
         num = CASE WHEN jsonb_typeof($5::jsonb -> 'value') = 'number' THEN ($5::jsonb ->> 'value')::double precision END
     WHERE tenant = $1 AND entity_id = $2 AND attr = $3 AND instance_id = $4`,
    [tenant, id, attr, instanceId, JSON.stringify(instance), now],
  );
  return rowCount > 0;
}

export async function deleteInstance(
  sql: Sql,
  tenant: string,
  id: string,
  attr: string,
  instanceId: string,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    'DELETE FROM ngsi_attr_instance WHERE tenant = $1 AND entity_id = $2 AND attr = $3 AND instance_id = $4',
    [tenant, id, attr, instanceId],
  );
  return rowCount > 0;
}

// --- retention ------------------------------------------------------------------------------------

export interface RetentionRule {
  /** Expanded entity type; null: every type of the tenant. */
  readonly type: string | null;
  /** ISO 8601 duration; null: keep forever. */
  readonly keep: string | null;
}

export async function listRetentionRules(sql: Sql, tenant: string): Promise<RetentionRule[]> {
  const { rows } = await sql.query<{ entity_type: string | null; keep: string | null }>(
    `SELECT entity_type, keep FROM ngsi_temporal_retention WHERE tenant = $1
     ORDER BY entity_type NULLS FIRST`,
    [tenant],
  );
  return rows.map((r) => ({ type: r.entity_type, keep: r.keep }));
}

export async function setRetentionRule(sql: Sql, tenant: string, rule: RetentionRule): Promise<void> {
  await sql.query(
    `INSERT INTO ngsi_temporal_retention (tenant, entity_type, keep) VALUES ($1, $2, $3)
     ON CONFLICT (tenant, (COALESCE(entity_type, ''))) DO UPDATE SET keep = EXCLUDED.keep, updated_at = now()`,
    [tenant, rule.type, rule.keep],
  );
}

export async function deleteRetentionRule(sql: Sql, tenant: string, type: string | null): Promise<boolean> {
  const { rowCount } = await sql.query(
    'DELETE FROM ngsi_temporal_retention WHERE tenant = $1 AND entity_type IS NOT DISTINCT FROM $2',
    [tenant, type],
  );
  return rowCount > 0;
}

/** Creates the partitions of this month and the next `monthsAhead`; returns their names. */
export async function ensurePartitions(sql: Sql, now: Date, monthsAhead: number): Promise<string[]> {
  const { rows } = await sql.query<{ name: string }>(
    `SELECT ngsi_attr_instance_partition(((date_trunc('month', $1::timestamptz AT TIME ZONE 'UTC')
              + make_interval(months => m))::date)) AS name
     FROM generate_series(0, $2::int) AS m ORDER BY m`,
    [now, monthsAhead],
  );
  return rows.map((r) => r.name);
}

/** The retention that applies to each temporal entity: its most specific rule, else the default. */
const EFFECTIVE_KEEP = `
  SELECT t.tenant, t.id, t.deleted_at, CASE WHEN r.found THEN r.keep ELSE $2::text END AS keep
  FROM ngsi_temporal_entity t
  LEFT JOIN LATERAL (
    SELECT true AS found, x.keep FROM ngsi_temporal_retention x
    WHERE x.tenant = t.tenant AND (x.entity_type IS NULL OR x.entity_type = ANY(t.types))
    -- a rule for one of its types wins over the tenant's rule; among equals, the longest (forever first)
    ORDER BY x.entity_type IS NULL, x.keep IS NOT NULL, x.keep::interval DESC
    LIMIT 1
  ) r ON true`;

/**
 * Deletes history past retention. Whole monthly partitions go when every rule and the default are
 * finite and the partition ends before the longest of them; then single rows, entity by entity.
 */
export async function purgeHistory(
  sql: Sql,
  now: Date,
  defaultKeep: string | undefined,
): Promise<{ droppedPartitions: string[]; deletedInstances: number; deletedEntities: number }> {
  const { rows: bounds } = await sql.query<{ forever: boolean; oldest: Date | null; newest: Date | null }>(
    `SELECT bool_or(keep IS NULL) AS forever,
            min($1::timestamptz - keep::interval) AS oldest, max($1::timestamptz - keep::interval) AS newest
     FROM (SELECT keep FROM ngsi_temporal_retention UNION ALL SELECT $2::text) AS k`,
    [now, defaultKeep ?? null],
  );
  const bound = bounds[0];
  const droppedPartitions: string[] = [];
  if (bound && !bound.forever && bound.oldest) {
    const { rows: parts } = await sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
       WHERE h.inhparent = 'ngsi_attr_instance'::regclass AND c.relname ~ '^ngsi_attr_instance_[0-9]{6}$'
       ORDER BY c.relname`,
    );
    for (const { name } of parts) {
      const year = Number(name.slice(-6, -2));
      const month = Number(name.slice(-2));
      const end = new Date(Date.UTC(year, month, 1));
      if (end > bound.oldest) break;
      await sql.query(`DROP TABLE ${name}`);
      droppedPartitions.push(name);
    }
  }
  let deletedInstances = 0;
  let deletedEntities = 0;
  if (bound?.newest) {
    const instances = await sql.query(
      `WITH keep AS (${EFFECTIVE_KEEP})
       DELETE FROM ngsi_attr_instance i USING keep k
       WHERE k.keep IS NOT NULL AND i.tenant = k.tenant AND i.entity_id = k.id
         AND i.ts < $3::timestamptz AND i.ts < $1::timestamptz - k.keep::interval`,
      [now, defaultKeep ?? null, bound.newest],
    );
    deletedInstances = instances.rowCount;
    const entities = await sql.query(
      `WITH keep AS (${EFFECTIVE_KEEP})
       DELETE FROM ngsi_temporal_entity t USING keep k
       WHERE k.keep IS NOT NULL AND t.tenant = k.tenant AND t.id = k.id
         AND t.deleted_at < $1::timestamptz - k.keep::interval
         AND NOT EXISTS (SELECT 1 FROM ngsi_attr_instance i WHERE i.tenant = t.tenant AND i.entity_id = t.id)`,
      [now, defaultKeep ?? null],
    );
    deletedEntities = entities.rowCount;
  }
  return { droppedPartitions, deletedInstances, deletedEntities };
}
