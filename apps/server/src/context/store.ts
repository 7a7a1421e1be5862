import type { Sql } from '../platform/db/index.js';
import { ngsiErrors } from './errors.js';
import { GEOMETRY_COLUMNS } from './jsonld/vocabulary.js';
import type { TermMap } from './jsonld/contexts.js';
import type { Attributes, Entity, Instance } from './model.js';
import { filterOf } from './query/filter.js';
import { INSTANCE_SORT_MEMBERS, type SortKey } from './query/order.js';
import { SqlParams } from './query/sql.js';
import type { EntityQuery } from './service.js';

/** All SQL of the context broker's current state. */

interface EntityRow {
  id: string;
  types: string[];
  scopes: string[] | null;
  attrs: Attributes;
  created_at: Date;
  modified_at: Date;
}

const COLUMNS = 'e.id, e.types, e.scopes, e.attrs, e.created_at, e.modified_at';

const toEntity = (row: EntityRow): Entity => ({
  id: row.id,
  types: row.types,
  scopes: row.scopes ?? undefined,
  attrs: row.attrs,
  createdAt: row.created_at.toISOString(),
  modifiedAt: row.modified_at.toISOString(),
});

/** The GeoJSON of the default instance of a geometry attribute, for its indexed column. */
function geometryOf(attrs: Attributes, iri: string): string | null {
  const instance = attrs[iri]?.find((i: Instance) => i.datasetId === undefined && i.type === 'GeoProperty');
  return instance ? JSON.stringify(instance.value) : null;
}

const geometryColumns = Object.entries(GEOMETRY_COLUMNS);

/** An entity without scopes stores NULL, never an empty array. */
const scopesOrNull = (scopes: readonly string[] | undefined): readonly string[] | null =>
  scopes && scopes.length > 0 ? scopes : null;

export async function tenantExists(sql: Sql, tenant: string): Promise<boolean> {
  const { rowCount } = await sql.query('SELECT 1 FROM ngsi_tenant WHERE name = $1', [tenant]);
  return rowCount > 0;
}

export async function ensureTenant(sql: Sql, tenant: string): Promise<void> {
  await sql.query('INSERT INTO ngsi_tenant (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [tenant]);
}

export async function insertEntity(sql: Sql, tenant: string, entity: Entity, now: Date): Promise<void> {
  const params = new SqlParams();
  const values = [
    params.add(tenant),
    params.add(entity.id),
    params.add(entity.types),
    params.add(scopesOrNull(entity.scopes)),
    `${params.add(JSON.stringify(entity.attrs))}::jsonb`,
    ...geometryColumns.map(
      ([iri]) => `ST_SetSRID(ST_GeomFromGeoJSON(${params.add(geometryOf(entity.attrs, iri))}), 4326)`,
    ),
    params.add(now),
  ];
  const columns = ['tenant', 'id', 'types', 'scopes', 'attrs', ...geometryColumns.map(([, c]) => c), 'created_at'];
  const { rowCount } = await sql.query(
    `INSERT INTO ngsi_entity (${columns.join(', ')}, modified_at) VALUES (${values.join(', ')}, ${values.at(-1)})
     ON CONFLICT (tenant, id) DO NOTHING`,
    params.values,
  );
  if (rowCount === 0) throw ngsiErrors.alreadyExists(`The entity ${entity.id} already exists.`);
}

export async function findEntity(sql: Sql, tenant: string, id: string, lock = false): Promise<Entity | null> {
  const { rows } = await sql.query<EntityRow>(
    `SELECT ${COLUMNS} FROM ngsi_entity e WHERE e.tenant = $1 AND e.id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return rows[0] ? toEntity(rows[0]) : null;
}

/** The entity with its row version (the row's xmin), for an update that checks nobody wrote in between. */
export async function findEntityVersion(
  sql: Sql,
  tenant: string,
  id: string,
): Promise<{ entity: Entity; version: string } | null> {
  const { rows } = await sql.query<EntityRow & { version: string }>(
    `SELECT ${COLUMNS}, e.xmin::text AS version FROM ngsi_entity e WHERE e.tenant = $1 AND e.id = $2`,
    [tenant, id],
  );
  const row = rows[0];
  return row ? { entity: toEntity(row), version: row.version } : null;
}

/** Writes the whole current state of an existing entity. */
export async function saveEntity(
  sql: Sql,
  tenant: string,
  entity: Entity,
  now: Date,
  expectedVersion?: string,
): Promise<boolean> {
  const params = new SqlParams();
  const sets = [
    `types = ${params.add(entity.types)}`,
    `scopes = ${params.add(scopesOrNull(entity.scopes))}`,
    `attrs = ${params.add(JSON.stringify(entity.attrs))}::jsonb`,
    ...geometryColumns.map(
      ([iri, column]) =>
        `${column} = ST_SetSRID(ST_GeomFromGeoJSON(${params.add(geometryOf(entity.attrs, iri))}), 4326)`,
    ),
    `modified_at = ${params.add(now)}`,
  ];
  const versionCheck = expectedVersion === undefined ? '' : ` AND xmin::text = ${params.add(expectedVersion)}`;
  const { rowCount } = await sql.query(
    `UPDATE ngsi_entity SET ${sets.join(', ')} WHERE tenant = ${params.add(tenant)} AND id = ${params.add(entity.id)}${versionCheck}`,
    params.values,
  );
  return rowCount > 0;
}

export async function deleteEntity(sql: Sql, tenant: string, id: string): Promise<Entity | null> {
  const { rows } = await sql.query<EntityRow>(
    `DELETE FROM ngsi_entity e WHERE e.tenant = $1 AND e.id = $2 RETURNING ${COLUMNS}`,
    [tenant, id],
  );
  return rows[0] ? toEntity(rows[0]) : null;
}

/** What an entity query's filters select, as SQL (query/filter.ts builds it). */
interface EntityFilter {
  /** SQL conditions over alias `e`, with their parameters already in `params`. */
  readonly conditions: string[];
  readonly params: SqlParams;
  /** ORDER BY expression; default: by id, so pages are stable. */
  readonly orderBy?: string | undefined;
  /** One entity type every result has (expanded): the page is then read from the per-type index. */
  readonly drivingType?: string | undefined;
  /** `orderBy`: sort keys before any other order. */
  readonly sort?: readonly SortKey[] | undefined;
}

/** What an attribute is worth for sorting: the first member holding its value, of its first instance. */
const SORT_VALUE = ['value', 'object', 'languageMap', 'vocab', 'json', 'valueList', 'objectList'];

/** ORDER BY terms of `orderBy` keys; missing values sort last either way. */
function sortSql(keys: readonly SortKey[], params: SqlParams): string {
  return keys
    .map((key) => {
      let expression: string;
      if ('member' in key) {
        expression = { id: 'e.id', type: 'e.types[1]', createdAt: 'e.created_at', modifiedAt: 'e.modified_at' }[
          key.member
        ];
      } else {
        const instance = `(e.attrs -> ${params.add(key.attribute)}::text -> 0)`;
        const holder =
          key.sub === undefined || INSTANCE_SORT_MEMBERS.has(key.sub)
            ? instance
            : `(${instance} -> ${params.add(key.sub)}::text)`;
        expression =
          key.sub !== undefined && INSTANCE_SORT_MEMBERS.has(key.sub)
            ? `(${holder} -> ${params.add(key.sub)}::text)`
            : `COALESCE(${SORT_VALUE.map((m) => `${holder} -> '${m}'`).join(', ')})`;
      }
      return `${expression} ${key.descending ? 'DESC' : 'ASC'} NULLS LAST`;
    })
    .join(', ');
}

/** A page of the entities the query selects (its terms expand the names it gives). */
export async function queryEntities(
  sql: Sql,
  tenant: string,
  query: Omit<EntityQuery, 'limit' | 'offset' | 'count'>,
  terms: TermMap,
  page: { limit: number; offset: number; count: boolean },
): Promise<{ entities: Entity[]; count: number | undefined; more: boolean }> {
  const filter: EntityFilter = filterOf(query, terms);
  const { params } = filter;
  const tenantParam = params.add(tenant);
  const where = [`e.tenant = ${tenantParam}`, ...filter.conditions].join(' AND ');
  const countValues = [...params.values];
  // Sort parameters come after the count's copy: a statement may not carry parameters it never uses.
  const order = [filter.sort ? sortSql(filter.sort, params) : undefined, filter.orderBy, 'e.id']
    .filter((o) => o !== undefined)
    .join(', ');
  // One row past the page says whether another page follows (its Link rel="next").
  // The page is chosen on ids alone, then only its rows are read: a sort never drags every row's JSONB.
  // With one type and id order, ids come from the per-type index in order, and the scan stops early.
  const byType = filter.drivingType !== undefined && !filter.orderBy && !filter.sort;
  const pageIds = byType
    ? `SELECT t.id FROM ngsi_entity_type t JOIN ngsi_entity e ON e.tenant = t.tenant AND e.id = t.id
       WHERE t.tenant = ${tenantParam} AND t.type = ${params.add(filter.drivingType)} AND ${where}
       ORDER BY t.id`
    : `SELECT e.id FROM ngsi_entity e WHERE ${where} ORDER BY ${order}`;
  const pageSql = `SELECT ${COLUMNS} FROM (
      ${pageIds} LIMIT ${params.add(page.limit + 1)} OFFSET ${params.add(page.offset)}
    ) AS page JOIN ngsi_entity e ON e.tenant = ${tenantParam} AND e.id = page.id
    ORDER BY ${order}`;
  const [rows, count] = await Promise.all([
    page.limit > 0 ? sql.query<EntityRow>(pageSql, params.values) : Promise.resolve({ rows: [] as EntityRow[] }),
    page.count
      ? sql.query<{ n: number }>(`SELECT count(*) AS n FROM ngsi_entity e WHERE ${where}`, countValues)
      : Promise.resolve(undefined),
  ]);
  const more = rows.rows.length > page.limit;
  return { entities: rows.rows.slice(0, page.limit).map(toEntity), count: count?.rows[0]?.n, more };
}

/** Fresh planner statistics for the entities (the embedded database has no autovacuum). */
export async function analyzeEntities(sql: Sql): Promise<void> {
  await sql.exec('ANALYZE ngsi_entity');
}

/** Rows for a multi-row write: one JSON document, unpacked by jsonb_to_recordset. */
function batchDocument(entities: readonly Entity[]): string {
  return JSON.stringify(
    entities.map((e) => ({
      id: e.id,
      types: e.types,
      scopes: scopesOrNull(e.scopes),
      attrs: e.attrs,
      ...Object.fromEntries(geometryColumns.map(([iri, column]) => [column, geometryOf(e.attrs, iri)])),
    })),
  );
}

const BATCH_SELECT = `SELECT $1, x.id, ARRAY(SELECT jsonb_array_elements_text(x.types)),
    CASE WHEN x.scopes IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(x.scopes)) END,
    x.attrs, ${geometryColumns.map(([, c]) => `ST_SetSRID(ST_GeomFromGeoJSON(x.${c}), 4326)`).join(', ')}, $3, $3
  FROM jsonb_to_recordset($2::jsonb) AS x(id text, types jsonb, scopes jsonb, attrs jsonb,
    ${geometryColumns.map(([, c]) => `${c} text`).join(', ')})`;
const BATCH_COLUMNS = `tenant, id, types, scopes, attrs, ${geometryColumns.map(([, c]) => c).join(', ')}, created_at, modified_at`;

/**
 * Which of these entities, as given (not as stored), satisfy the filter: a subscription's q, geoQ
 * and scopeQ judged on an entity as one change left it, by the same SQL as queries.
 */
export async function matchSnapshots(
  sql: Sql,
  query: Omit<EntityQuery, 'limit' | 'offset' | 'count'>,
  terms: TermMap,
  entities: readonly Entity[],
): Promise<Set<string>> {
  const filter: EntityFilter = filterOf(query, terms);
  if (entities.length === 0) return new Set();
  const { params } = filter;
  const doc = params.add(batchDocument(entities));
  const { rows } = await sql.query<{ id: string }>(
    `SELECT e.id FROM (
       SELECT x.id, ARRAY(SELECT jsonb_array_elements_text(x.types)) AS types,
              CASE WHEN x.scopes IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(x.scopes)) END AS scopes,
              x.attrs, ${geometryColumns.map(([, c]) => `ST_SetSRID(ST_GeomFromGeoJSON(x.${c}), 4326) AS ${c}`).join(', ')}
       FROM jsonb_to_recordset(${doc}::jsonb) AS x(id text, types jsonb, scopes jsonb, attrs jsonb,
         ${geometryColumns.map(([, c]) => `${c} text`).join(', ')})
     ) e WHERE ${filter.conditions.length > 0 ? filter.conditions.join(' AND ') : 'TRUE'}`,
    params.values,
  );
  return new Set(rows.map((r) => r.id));
}

/** Creates the entities that do not exist yet, in one statement; returns the ids it created. */
export async function insertEntities(
  sql: Sql,
  tenant: string,
  entities: readonly Entity[],
  now: Date,
): Promise<Set<string>> {
  if (entities.length === 0) return new Set();
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO ngsi_entity (${BATCH_COLUMNS}) ${BATCH_SELECT} ON CONFLICT (tenant, id) DO NOTHING RETURNING id`,
    [tenant, batchDocument(entities), now],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Creates or overwrites entities in one statement. `replace`: the stored entity becomes the one given;
 * `update`: its attributes are added to (and replace same-named ones of) the stored entity.
 * Returns, per id, whether it was created.
 */
export async function upsertEntities(
  sql: Sql,
  tenant: string,
  entities: readonly Entity[],
  now: Date,
  mode: 'replace' | 'update',
  maxAttributes?: number,
): Promise<Map<string, boolean>> {
  if (entities.length === 0) return new Map();
  const sets =
    mode === 'replace'
      ? [
          'types = EXCLUDED.types',
          'scopes = EXCLUDED.scopes',
          'attrs = EXCLUDED.attrs',
          ...geometryColumns.map(([, c]) => `${c} = EXCLUDED.${c}`),
        ]
      : [
          'types = ARRAY(SELECT DISTINCT t FROM unnest(ngsi_entity.types || EXCLUDED.types) AS t)',
          'scopes = COALESCE(EXCLUDED.scopes, ngsi_entity.scopes)',
          'attrs = ngsi_entity.attrs || EXCLUDED.attrs',
          ...geometryColumns.map(([, c]) => `${c} = COALESCE(EXCLUDED.${c}, ngsi_entity.${c})`),
        ];
  // An update that would leave an entity with more than maxAttributes, and more than it had, is
  // skipped: its id is then missing from the result.
  const params: unknown[] = [tenant, batchDocument(entities), now];
  const bounded =
    mode === 'update' && maxAttributes !== undefined
      ? `WHERE (SELECT count(*) FROM jsonb_object_keys(ngsi_entity.attrs || EXCLUDED.attrs)) <= $${params.push(maxAttributes)}
           OR NOT EXISTS (SELECT 1 FROM jsonb_object_keys(EXCLUDED.attrs) AS k WHERE NOT ngsi_entity.attrs ? k)`
      : '';
  const { rows } = await sql.query<{ id: string; created: boolean }>(
    `INSERT INTO ngsi_entity (${BATCH_COLUMNS}) ${BATCH_SELECT}
     ON CONFLICT (tenant, id) DO UPDATE SET ${sets.join(', ')}, modified_at = EXCLUDED.modified_at ${bounded}
     RETURNING id, (xmax = 0) AS created`,
    params,
  );
  return new Map(rows.map((r) => [r.id, r.created]));
}

/** The names of the attributes these entities hold, by id (those that exist). */
export async function attributeNames(
  sql: Sql,
  tenant: string,
  entities: readonly Pick<Entity, 'id'>[],
): Promise<Map<string, string[]>> {
  const { rows } = await sql.query<{ id: string; names: string[] }>(
    `SELECT e.id, ARRAY(SELECT jsonb_object_keys(e.attrs)) AS names FROM ngsi_entity e
     WHERE e.tenant = $1 AND e.id = ANY($2::text[])`,
    [tenant, entities.map((e) => e.id)],
  );
  return new Map(rows.map((r) => [r.id, r.names]));
}

export interface TypeSummary {
  readonly type: string;
  readonly entityCount: number;
  /** Attribute IRI → the attribute types (Property, Relationship, …) seen for it. */
  readonly attributes: Map<string, string[]>;
}

/** Every entity type of a tenant, with its attributes; one type when `only` is given. */
export async function summarizeTypes(sql: Sql, tenant: string, only?: string): Promise<TypeSummary[]> {
  const params: unknown[] = [tenant];
  const filter = only === undefined ? '' : `AND e.types @> ARRAY[$${params.push(only)}]::text[]`;
  const { rows } = await sql.query<{
    type: string;
    entity_count: number;
    attrs: { name: string; types: string[] }[] | null;
  }>(
    `WITH typed AS (
       SELECT t.type, e.attrs FROM ngsi_entity e CROSS JOIN LATERAL unnest(e.types) AS t(type)
       WHERE e.tenant = $1 ${filter}
     ), attributes AS (
       SELECT typed.type, a.key AS name, array_agg(DISTINCT i->>'type' ORDER BY i->>'type') AS types
       FROM typed CROSS JOIN LATERAL jsonb_each(typed.attrs) AS a(key, value)
       CROSS JOIN LATERAL jsonb_array_elements(a.value) AS i
       GROUP BY typed.type, a.key
     )
     SELECT c.type, c.entity_count,
            (SELECT jsonb_agg(jsonb_build_object('name', x.name, 'types', x.types) ORDER BY x.name)
             FROM attributes x WHERE x.type = c.type) AS attrs
     FROM (SELECT type, count(*) AS entity_count FROM typed GROUP BY type) c
     ${only === undefined ? '' : `WHERE c.type = $2`}
     ORDER BY c.type`,
    params,
  );
  return rows.map((r) => ({
    type: r.type,
    entityCount: r.entity_count,
    attributes: new Map((r.attrs ?? []).map((a) => [a.name, a.types])),
  }));
}

export interface AttributeSummary {
  readonly attribute: string;
  readonly entityCount: number;
  readonly attributeTypes: string[];
  readonly entityTypes: string[];
}

/** Every attribute of a tenant, with the entity types having it; one attribute when `only` is given. */
export async function summarizeAttributes(sql: Sql, tenant: string, only?: string): Promise<AttributeSummary[]> {
  const params: unknown[] = [tenant];
  const filter = only === undefined ? '' : `AND e.attrs ? $${params.push(only)}`;
  const { rows } = await sql.query<{
    name: string;
    entity_count: number;
    attribute_types: string[];
    entity_types: string[];
  }>(
    `SELECT a.key AS name, count(DISTINCT e.id) AS entity_count,
            array_agg(DISTINCT i->>'type' ORDER BY i->>'type') AS attribute_types,
            (SELECT array_agg(DISTINCT t ORDER BY t) FROM ngsi_entity e2 CROSS JOIN LATERAL unnest(e2.types) t
              WHERE e2.tenant = $1 AND e2.attrs ? a.key) AS entity_types
     FROM ngsi_entity e CROSS JOIN LATERAL jsonb_each(e.attrs) AS a(key, value)
     CROSS JOIN LATERAL jsonb_array_elements(a.value) AS i
     WHERE e.tenant = $1 ${filter} ${only === undefined ? '' : 'AND a.key = $2'}
     GROUP BY a.key ORDER BY a.key`,
    params,
  );
  return rows.map((r) => ({
    attribute: r.name,
    entityCount: r.entity_count,
    attributeTypes: r.attribute_types,
    entityTypes: r.entity_types ?? [],
  }));
}

/** The entities of these ids that exist, in no particular order (linked entity retrieval). */
export async function findEntities(sql: Sql, tenant: string, ids: readonly string[]): Promise<Entity[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql.query<EntityRow>(
    `SELECT ${COLUMNS} FROM ngsi_entity e WHERE e.tenant = $1 AND e.id = ANY($2::text[])`,
    [tenant, ids],
  );
  return rows.map(toEntity);
}

/** A purge's condition leaving alone the entities of some types (those a module keeps). */
function exceptTypes(query: { exceptTypes?: readonly string[] | undefined }, params: EntityFilter['params']): string[] {
  const types = query.exceptTypes ?? [];
  return types.length === 0 ? [] : [`NOT (e.types && ${params.add([...types])}::text[])`];
}

/** Deletes every entity the filter matches (purge); returns them as they were. */
export async function deleteMatching(
  sql: Sql,
  tenant: string,
  query: Omit<EntityQuery, 'limit' | 'offset' | 'count'> & { exceptTypes?: readonly string[] | undefined },
  terms: TermMap,
): Promise<Entity[]> {
  const filter: EntityFilter = filterOf(query, terms);
  const { params } = filter;
  const where = [`e.tenant = ${params.add(tenant)}`, ...filter.conditions, ...exceptTypes(query, params)].join(' AND ');
  const { rows } = await sql.query<EntityRow>(
    `DELETE FROM ngsi_entity e WHERE ${where} RETURNING ${COLUMNS}`,
    params.values,
  );
  return rows.map(toEntity);
}

/**
 * Removes attributes from every entity the filter matches (purge with `drop`, or with `keep`: all
 * but those); returns each entity changed with the attributes it lost.
 */
export async function removeAttributesMatching(
  sql: Sql,
  tenant: string,
  query: Omit<EntityQuery, 'limit' | 'offset' | 'count'> & { exceptTypes?: readonly string[] | undefined },
  terms: TermMap,
  attributes: { drop: readonly string[] } | { keep: readonly string[] },
  now: Date,
): Promise<{ id: string; types: string[]; removed: string[] }[]> {
  const filter: EntityFilter = filterOf(query, terms);
  const { params } = filter;
  const tenantParam = params.add(tenant);
  const where = [`e.tenant = ${tenantParam}`, ...filter.conditions, ...exceptTypes(query, params)].join(' AND ');
  const names = `${params.add('drop' in attributes ? attributes.drop : attributes.keep)}::text[]`;
  const kept =
    'drop' in attributes
      ? `t.attrs - ${names}`
      : `COALESCE((SELECT jsonb_object_agg(a.key, a.value) FROM jsonb_each(t.attrs) a WHERE a.key = ANY(${names})), '{}'::jsonb)`;
  const geometry = geometryColumns.map(([iri, column]) => {
    const gone =
      'drop' in attributes ? `${params.add(iri)} = ANY(${names})` : `NOT (${params.add(iri)} = ANY(${names}))`;
    return `${column} = CASE WHEN ${gone} THEN NULL ELSE n.${column} END`;
  });
  const { rows } = await sql.query<{ id: string; types: string[]; removed: string[] | null }>(
    `WITH t AS (SELECT e.id, e.attrs FROM ngsi_entity e WHERE ${where} FOR UPDATE)
     UPDATE ngsi_entity n SET attrs = ${kept}, ${geometry.join(', ')}, modified_at = ${params.add(now)}
     FROM t WHERE n.tenant = ${tenantParam} AND n.id = t.id AND ${kept} <> t.attrs
     RETURNING n.id, n.types, ARRAY(SELECT jsonb_object_keys(t.attrs) EXCEPT SELECT jsonb_object_keys(${kept})) AS removed`,
    params.values,
  );
  return rows.map((r) => ({ id: r.id, types: r.types, removed: r.removed ?? [] }));
}
