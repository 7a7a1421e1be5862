import type { Sql } from '../../platform/db/index.js';
import { geometryMatchesSql, type GeoQuery } from '../query/geo.js';
import { qToSql, type QExpression } from '../query/q.js';
import { SqlParams } from '../query/sql.js';
import type { Registration, RegistrationState } from './model.js';

/** All SQL of context source registrations: the ngsi_csource_registration table. */

interface RegistrationRow {
  tenant: string;
  id: string;
  body: Registration;
  created_at: Date;
  modified_at: Date;
  owner: string | null;
}

export interface StoredRegistration {
  readonly tenant: string;
  readonly registration: Registration;
  readonly state: RegistrationState;
  /** Who created it (ownerOf), null for anonymous ones: with administrators, who reads its secrets. */
  readonly owner: string | null;
}

/** What discovery selects by (§5.10.2): names expanded; undefined: not asked. */
export interface RegistrationSelection {
  readonly types?: readonly string[];
  readonly ids?: readonly string[];
  readonly idPattern?: string;
  readonly attrs?: readonly string[];
  /** On the registration's location, observationSpace or operationSpace (geoQuery.geoproperty). */
  readonly geo?: GeoQuery;
  /** A time range the registration's observation or management interval must overlap. */
  readonly time?: RegistrationTimeQuery;
  /** Queries (q, csf) on the registration's own properties, names expanded with `expand`. */
  readonly filters?: { readonly queries: readonly QExpression[]; readonly expand: (term: string) => string };
}

export interface RegistrationTimeQuery {
  readonly interval: 'observationInterval' | 'managementInterval';
  readonly timerel: 'before' | 'after' | 'between';
  readonly timeAt: string;
  readonly endTimeAt?: string;
}

/** The geometries a geo-query on registrations may name. */
export const REGISTRATION_GEOMETRIES = ['location', 'observationSpace', 'operationSpace'] as const;

const COLUMNS = 'tenant, id, body, created_at, modified_at, owner';

const toStored = (row: RegistrationRow): StoredRegistration => ({
  tenant: row.tenant,
  registration: row.body,
  state: { createdAt: row.created_at, modifiedAt: row.modified_at },
  owner: row.owner,
});

/**
 * Creates a registration unless one with its id exists already in the tenant ('exists') or the tenant
 * holds `limit` registrations ('full').
 */
export async function insertRegistration(
  sql: Sql,
  tenant: string,
  registration: Registration,
  now: Date,
  owner: string | null,
  limit: number,
): Promise<'created' | 'exists' | 'full'> {
  const { rowCount } = await sql.query(
    `INSERT INTO ngsi_csource_registration (tenant, id, body, expires_at, created_at, modified_at, owner)
     SELECT $1, $2, $3::jsonb, $4, $5, $5, $6
     WHERE (SELECT count(*) FROM ngsi_csource_registration WHERE tenant = $1) < $7
     ON CONFLICT (tenant, id) DO NOTHING`,
    [tenant, registration.id, JSON.stringify(registration), registration.expiresAt ?? null, now, owner, limit],
  );
  if (rowCount > 0) return 'created';
  return (await findRegistration(sql, tenant, registration.id)) ? 'exists' : 'full';
}

export async function findRegistration(
  sql: Sql,
  tenant: string,
  id: string,
  lock = false,
): Promise<StoredRegistration | null> {
  const { rows } = await sql.query<RegistrationRow>(
    `SELECT ${COLUMNS} FROM ngsi_csource_registration WHERE tenant = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return rows[0] ? toStored(rows[0]) : null;
}

export async function updateRegistration(
  sql: Sql,
  tenant: string,
  registration: Registration,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE ngsi_csource_registration SET body = $3::jsonb, expires_at = $4, modified_at = $5
     WHERE tenant = $1 AND id = $2`,
    [tenant, registration.id, JSON.stringify(registration), registration.expiresAt ?? null, now],
  );
  return rowCount > 0;
}

export async function deleteRegistration(sql: Sql, tenant: string, id: string): Promise<boolean> {
  const { rowCount } = await sql.query('DELETE FROM ngsi_csource_registration WHERE tenant = $1 AND id = $2', [
    tenant,
    id,
  ]);
  return rowCount > 0;
}

/**
 * The registrations of a tenant, not expired at $2, that some member of their information matches
 * (§5.10.2): an entity of one of the types ($3) whose id is one of the ids ($4) or matches the pattern
 * ($5), and one of the attributes ($6). What a registration leaves out matches anything: information
 * without entities holds every entity, without names every attribute, an entity without id (or with an
 * idPattern, which cannot be compared with a pattern asked for) every id of its type. The registrations'
 * own idPatterns were bounded when they were stored.
 */
const INFORMATION_MATCHES = `r.tenant = $1 AND (r.expires_at IS NULL OR r.expires_at > $2)
  AND EXISTS (
    SELECT 1 FROM jsonb_array_elements(r.body->'information') AS i(info)
    WHERE ($6::text[] IS NULL
           OR (i.info->'propertyNames' IS NULL AND i.info->'relationshipNames' IS NULL)
           OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(
                        COALESCE(i.info->'propertyNames', '[]'::jsonb) || COALESCE(i.info->'relationshipNames', '[]'::jsonb)
                      ) AS n(name) WHERE n.name = ANY($6::text[])))
      AND (($3::text[] IS NULL AND $4::text[] IS NULL AND $5::text IS NULL)
           OR i.info->'entities' IS NULL
           OR EXISTS (
             SELECT 1 FROM jsonb_array_elements(i.info->'entities') AS e(ent)
             WHERE ($3::text[] IS NULL OR e.ent->>'type' = ANY($3::text[]))
               AND ($4::text[] IS NULL
                    OR (e.ent->>'id' IS NULL AND e.ent->>'idPattern' IS NULL)
                    OR e.ent->>'id' = ANY($4::text[])
                    OR (e.ent->>'id' IS NULL
                        AND EXISTS (SELECT 1 FROM unnest($4::text[]) AS q(id) WHERE q.id ~ (e.ent->>'idPattern'))))
               AND ($5::text IS NULL OR e.ent->>'id' IS NULL OR (e.ent->>'id') ~ $5::text))))`;

/**
 * A registration's own properties in the shape of an entity's attributes, so the query language reads
 * them as it reads entities: a property given as {"type", "value", …} is an instance, a bare value the
 * value of a Property.
 */
const PROPERTIES_AS_ATTRIBUTES = `(SELECT COALESCE(jsonb_object_agg(p.k, jsonb_build_array(
    CASE WHEN jsonb_typeof(p.v) = 'object' AND p.v->'type' IS NOT NULL THEN p.v
         ELSE jsonb_build_object('type', 'Property', 'value', p.v) END)), '{}'::jsonb)
  FROM jsonb_each(COALESCE(r.body->'properties', '{}'::jsonb)) AS p(k, v))`;

/** The whole condition of a discovery, with its parameters. */
function matching(tenant: string, selection: RegistrationSelection, now: Date): { where: string; params: SqlParams } {
  const params = new SqlParams();
  for (const value of [
    tenant,
    now,
    selection.types ?? null,
    selection.ids ?? null,
    selection.idPattern ?? null,
    selection.attrs ?? null,
  ]) {
    params.add(value);
  }
  const conditions = [INFORMATION_MATCHES];
  if (selection.geo) {
    const member = selection.geo.geoproperty as (typeof REGISTRATION_GEOMETRIES)[number];
    if (!REGISTRATION_GEOMETRIES.includes(member)) throw new Error(`no registration geometry ${member}`);
    // The geometry was validated (RFC 7946) when it was stored.
    const geometry = `ST_SetSRID(ST_GeomFromGeoJSON(r.body->>'${member}'), 4326)`;
    conditions.push(`r.body->'${member}' IS NOT NULL AND ${geometryMatchesSql(geometry, selection.geo, params)}`);
  }
  if (selection.time) {
    const { interval, timerel, timeAt, endTimeAt } = selection.time;
    const start = `(r.body->'${interval}'->>'startAt')::timestamptz`;
    const end = `(r.body->'${interval}'->>'endAt')::timestamptz`;
    // The interval [startAt, endAt) overlaps the time asked for; no endAt: it has not ended.
    const after = (at: string) => `(${end} IS NULL OR ${end} > ${at})`;
    const before = (at: string) => `${start} < ${at}`;
    const at = `${params.add(timeAt)}::timestamptz`;
    const overlap =
      timerel === 'before'
        ? before(at)
        : timerel === 'after'
          ? after(at)
          : `${after(at)} AND ${before(`${params.add(endTimeAt)}::timestamptz`)}`;
    conditions.push(`r.body->'${interval}' IS NOT NULL AND ${overlap}`);
  }
  if (selection.filters) {
    const { queries, expand } = selection.filters;
    for (const query of queries) conditions.push(qToSql(query, { params, attrs: PROPERTIES_AS_ATTRIBUTES, expand }));
  }
  return { where: conditions.map((c) => `(${c})`).join(' AND '), params };
}

/** A page of the registrations a selection matches, oldest first, and how many match when asked. */
export async function queryRegistrations(
  sql: Sql,
  tenant: string,
  selection: RegistrationSelection,
  page: { limit: number; offset: number; count: boolean },
  now: Date,
): Promise<{ registrations: StoredRegistration[]; count: number | undefined; more: boolean }> {
  const { where, params } = matching(tenant, selection, now);
  const n = params.values.length;
  const [rows, count] = await Promise.all([
    page.limit > 0
      ? // One row past the page tells whether a next page exists.
        sql.query<RegistrationRow>(
          `SELECT ${COLUMNS} FROM ngsi_csource_registration r WHERE ${where}
           ORDER BY r.created_at, r.id LIMIT $${n + 1} OFFSET $${n + 2}`,
          [...params.values, page.limit + 1, page.offset],
        )
      : Promise.resolve({ rows: [] as RegistrationRow[] }),
    page.count
      ? sql.query<{ n: string | number }>(
          `SELECT count(*) AS n FROM ngsi_csource_registration r WHERE ${where}`,
          params.values,
        )
      : Promise.resolve(undefined),
  ]);
  const total = count?.rows[0]?.n;
  return {
    registrations: rows.rows.slice(0, page.limit).map(toStored),
    count: total === undefined ? undefined : Number(total),
    more: rows.rows.length > page.limit,
  };
}
