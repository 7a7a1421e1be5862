import type { Sql } from '../platform/db/index.js';
import type { AttributeMapping, Command, Device, ServiceGroup, StaticAttribute } from './model.js';

/** All SQL of ingest/ for service groups and devices: the iot_service_group and iot_device tables. */

interface GroupRow {
  resource: string;
  apikey: string;
  tenant: string;
  service_path: string;
  entity_type: string;
  attributes: AttributeMapping[];
  static_attributes: StaticAttribute[];
  commands: Command[];
  explicit_attrs: boolean;
  add_timestamp: boolean | null;
  autoprovision: boolean;
  device_auth: string;
}

interface DeviceRow {
  tenant: string;
  device_id: string;
  service_path: string;
  apikey: string | null;
  entity_name: string;
  entity_type: string;
  attributes: AttributeMapping[];
  static_attributes: StaticAttribute[];
  commands: Command[];
  explicit_attrs: boolean | null;
  add_timestamp: boolean | null;
  protocol: string | null;
  transport: string | null;
  endpoint: string | null;
  autoprovisioned: boolean;
  last_seen_at: Date | null;
  message_count: number;
  error_count: number;
  in_service: boolean | null;
  secret_hash: string | null;
}

/**
 * Which service paths a read covers: one path, a path and those below it, or (null) every path of the
 * tenant.
 */
export type ServicePathFilter = { readonly path: string; readonly descendants: boolean } | null;

export type DeviceStatus = 'online' | 'offline' | 'never' | 'outOfService';

const GROUP_COLUMNS = `resource, apikey, tenant, service_path, entity_type, attributes, static_attributes, commands,
  explicit_attrs, add_timestamp, autoprovision, device_auth`;
const DEVICE_COLUMNS = `tenant, device_id, service_path, apikey, entity_name, entity_type, attributes,
  static_attributes, commands, explicit_attrs, add_timestamp, protocol, transport, endpoint, autoprovisioned,
  last_seen_at, message_count, error_count, in_service, secret_hash`;
/** Column types of the rows an insert reads from a JSON array (jsonb_to_recordset). */
const GROUP_RECORD = `resource text, apikey text, tenant text, service_path text, entity_type text, attributes jsonb,
  static_attributes jsonb, commands jsonb, explicit_attrs boolean, add_timestamp boolean, autoprovision boolean,
  device_auth text`;
const DEVICE_RECORD = `tenant text, device_id text, service_path text, apikey text, entity_name text, entity_type text,
  attributes jsonb, static_attributes jsonb, commands jsonb, explicit_attrs boolean, add_timestamp boolean,
  protocol text, transport text, endpoint text, autoprovisioned boolean`;
const DEVICE_INSERTED = `tenant, device_id, service_path, apikey, entity_name, entity_type, attributes,
  static_attributes, commands, explicit_attrs, add_timestamp, protocol, transport, endpoint, autoprovisioned`;

const toGroup = (row: GroupRow): ServiceGroup => ({
  tenant: row.tenant,
  servicePath: row.service_path,
  resource: row.resource,
  apikey: row.apikey,
  entityType: row.entity_type,
  attributes: row.attributes,
  staticAttributes: row.static_attributes,
  commands: row.commands,
  explicitAttrs: row.explicit_attrs,
  timestamp: row.add_timestamp ?? undefined,
  autoprovision: row.autoprovision,
  deviceAuth: row.device_auth === 'secret' ? 'secret' : 'apikey',
});

const toDevice = (row: DeviceRow): Device => ({
  tenant: row.tenant,
  servicePath: row.service_path,
  deviceId: row.device_id,
  apikey: row.apikey ?? undefined,
  entityName: row.entity_name,
  entityType: row.entity_type,
  attributes: row.attributes,
  staticAttributes: row.static_attributes,
  commands: row.commands,
  explicitAttrs: row.explicit_attrs ?? undefined,
  timestamp: row.add_timestamp ?? undefined,
  protocol: row.protocol ?? undefined,
  transport: row.transport ?? undefined,
  endpoint: row.endpoint ?? undefined,
  autoprovisioned: row.autoprovisioned,
  health: {
    lastSeenAt: row.last_seen_at ?? undefined,
    messageCount: Number(row.message_count),
    errorCount: Number(row.error_count),
    inService: row.in_service ?? undefined,
  },
  secretHash: row.secret_hash ?? undefined,
});

const groupRecord = (g: ServiceGroup) => ({
  resource: g.resource,
  apikey: g.apikey,
  tenant: g.tenant,
  service_path: g.servicePath,
  entity_type: g.entityType,
  attributes: g.attributes,
  static_attributes: g.staticAttributes,
  commands: g.commands,
  explicit_attrs: g.explicitAttrs,
  add_timestamp: g.timestamp ?? null,
  autoprovision: g.autoprovision,
  device_auth: g.deviceAuth,
});

const deviceRecord = (d: Device) => ({
  tenant: d.tenant,
  device_id: d.deviceId,
  service_path: d.servicePath,
  apikey: d.apikey ?? null,
  entity_name: d.entityName,
  entity_type: d.entityType,
  attributes: d.attributes,
  static_attributes: d.staticAttributes,
  commands: d.commands,
  explicit_attrs: d.explicitAttrs ?? null,
  add_timestamp: d.timestamp ?? null,
  protocol: d.protocol ?? null,
  transport: d.transport ?? null,
  endpoint: d.endpoint ?? null,
  autoprovisioned: d.autoprovisioned,
});

/**
 * The SQL condition of a service path filter on parameters $n (path) and $n+1 (descendants).
 * Descendants are matched by prefix with left(), not LIKE, as paths may hold _.
 */
const pathCondition = (n: number): string =>
  `($${n}::text IS NULL OR service_path = $${n}::text
     OR ($${n + 1}::boolean AND left(service_path, length($${n}::text) + 1) = $${n}::text || '/'))`;
const pathParams = (filter: ServicePathFilter): [string | null, boolean] => [
  filter?.path ?? null,
  filter?.descendants ?? false,
];

const countOf = (rows: { n: number | string }[]): number => Number(rows[0]?.n ?? 0);

// ---- Service groups ----

/** Inserts groups in one statement; returns the apikeys inserted (a taken apikey is left out). */
export async function insertGroups(sql: Sql, groups: readonly ServiceGroup[]): Promise<Set<string>> {
  if (groups.length === 0) return new Set();
  const { rows } = await sql.query<{ apikey: string }>(
    `INSERT INTO iot_service_group (${GROUP_COLUMNS})
     SELECT ${GROUP_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS r(${GROUP_RECORD})
     ON CONFLICT DO NOTHING
     RETURNING apikey`,
    [JSON.stringify(groups.map(groupRecord))],
  );
  return new Set(rows.map((r) => r.apikey));
}

/**
 * The apikeys among `apikeys` that route to a tenant other than `tenant`: another tenant's group's key,
 * or a key of another tenant's device of its own.
 */
export async function apikeysOfOtherTenants(
  sql: Sql,
  tenant: string,
  apikeys: readonly string[],
): Promise<Set<string>> {
  if (apikeys.length === 0) return new Set();
  const { rows } = await sql.query<{ apikey: string }>(
    `SELECT apikey FROM iot_service_group WHERE apikey = ANY($2::text[]) AND tenant <> $1
     UNION SELECT apikey FROM iot_device WHERE apikey = ANY($2::text[]) AND tenant <> $1`,
    [tenant, apikeys],
  );
  return new Set(rows.map((r) => r.apikey));
}

/** The group of an API key, in whichever tenant it is; one under /iot/json first should there be several. */
export async function findGroupByApiKey(sql: Sql, apikey: string): Promise<ServiceGroup | null> {
  const { rows } = await sql.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM iot_service_group WHERE apikey = $1
     ORDER BY resource = '/iot/json' DESC, created_at, resource LIMIT 1`,
    [apikey],
  );
  return rows[0] ? toGroup(rows[0]) : null;
}

export interface GroupFilter {
  readonly servicePath: ServicePathFilter;
  readonly resource?: string | undefined;
  readonly apikey?: string | undefined;
}

const groupWhere = `tenant = $1 AND ${pathCondition(2)}
  AND ($4::text IS NULL OR resource = $4::text) AND ($5::text IS NULL OR apikey = $5::text)`;
const groupParams = (tenant: string, filter: GroupFilter) => [
  tenant,
  ...pathParams(filter.servicePath),
  filter.resource ?? null,
  filter.apikey ?? null,
];

/** A tenant's groups matching the filter, oldest first; `lock` holds them for an update in this transaction. */
export async function findGroups(sql: Sql, tenant: string, filter: GroupFilter, lock = false): Promise<ServiceGroup[]> {
  const { rows } = await sql.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM iot_service_group WHERE ${groupWhere}
     ORDER BY created_at, resource, apikey${lock ? ' FOR UPDATE' : ''}`,
    groupParams(tenant, filter),
  );
  return rows.map(toGroup);
}

/** A page of a tenant's groups, oldest first, and how many match in all. */
export async function listGroups(
  sql: Sql,
  tenant: string,
  filter: GroupFilter & { readonly limit: number; readonly offset: number },
): Promise<{ groups: ServiceGroup[]; count: number }> {
  const params = groupParams(tenant, filter);
  const [page, count] = await Promise.all([
    sql.query<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM iot_service_group WHERE ${groupWhere}
       ORDER BY created_at, resource, apikey LIMIT $6 OFFSET $7`,
      [...params, filter.limit, filter.offset],
    ),
    sql.query<{ n: number }>(`SELECT count(*) AS n FROM iot_service_group WHERE ${groupWhere}`, params),
  ]);
  return { groups: page.rows.map(toGroup), count: countOf(count.rows) };
}

/** Writes a group's configuration; its keys (resource, apikey) and its tenant stay. */
export async function updateGroup(sql: Sql, group: ServiceGroup): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE iot_service_group SET entity_type = $3, attributes = $4::jsonb, static_attributes = $5::jsonb,
       commands = $6::jsonb, explicit_attrs = $7, add_timestamp = $8, autoprovision = $9, device_auth = $10
     WHERE resource = $1 AND apikey = $2`,
    [
      group.resource,
      group.apikey,
      group.entityType,
      JSON.stringify(group.attributes),
      JSON.stringify(group.staticAttributes),
      JSON.stringify(group.commands),
      group.explicitAttrs,
      group.timestamp ?? null,
      group.autoprovision,
      group.deviceAuth,
    ],
  );
  return rowCount > 0;
}

export async function deleteGroup(sql: Sql, resource: string, apikey: string): Promise<boolean> {
  const { rowCount } = await sql.query('DELETE FROM iot_service_group WHERE resource = $1 AND apikey = $2', [
    resource,
    apikey,
  ]);
  return rowCount > 0;
}

// ---- Devices ----

/** Inserts devices in one statement; returns the ids inserted (one already provisioned is left out). */
export async function insertDevices(sql: Sql, devices: readonly Device[]): Promise<Set<string>> {
  if (devices.length === 0) return new Set();
  const { rows } = await sql.query<{ device_id: string }>(
    `INSERT INTO iot_device (${DEVICE_INSERTED})
     SELECT ${DEVICE_INSERTED} FROM jsonb_to_recordset($1::jsonb) AS r(${DEVICE_RECORD})
     ON CONFLICT (tenant, device_id) DO NOTHING
     RETURNING device_id`,
    [JSON.stringify(devices.map(deviceRecord))],
  );
  return new Set(rows.map((r) => r.device_id));
}

/** Autoprovisioning: inserts the device unless it exists (another instance may have just done so). */
export async function insertDeviceIfMissing(sql: Sql, device: Device): Promise<boolean> {
  return (await insertDevices(sql, [device])).size > 0;
}

/**
 * Devices a group autoprovisioned in the last hour, by the database's clock (the same for every
 * instance), and how many seconds until the oldest of them leaves that hour.
 */
export async function autoprovisionedInLastHour(
  sql: Sql,
  tenant: string,
  apikey: string,
): Promise<{ count: number; freesInSeconds: number }> {
  const { rows } = await sql.query<{ count: string; frees_in: number | null }>(
    `SELECT count(*) AS count,
            EXTRACT(EPOCH FROM min(created_at) + interval '1 hour' - now())::float8 AS frees_in
       FROM iot_device
      WHERE tenant = $1 AND apikey = $2 AND autoprovisioned AND created_at > now() - interval '1 hour'`,
    [tenant, apikey],
  );
  return { count: Number(rows[0]?.count ?? 0), freesInSeconds: Math.max(0, rows[0]?.frees_in ?? 0) };
}

/** A device of a tenant; `lock` holds it for an update in this transaction. */
export async function findDevice(sql: Sql, tenant: string, deviceId: string, lock = false): Promise<Device | null> {
  const { rows } = await sql.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM iot_device WHERE tenant = $1 AND device_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenant, deviceId],
  );
  return rows[0] ? toDevice(rows[0]) : null;
}

/** A device provisioned with its own API key and no group for it: found by the key and its id alone. */
export async function findDeviceByApiKey(sql: Sql, apikey: string, deviceId: string): Promise<Device | null> {
  const { rows } = await sql.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM iot_device WHERE apikey = $1 AND device_id = $2 ORDER BY created_at LIMIT 1`,
    [apikey, deviceId],
  );
  return rows[0] ? toDevice(rows[0]) : null;
}

/**
 * The device that writes an entity, should several share it (a unit's terminal replaced): the one
 * heard last for it, else the newest provisioned. Its health is written with its measures, so the
 * device whose reading the entity's owner just answered is this one.
 */
export async function findDeviceByEntity(sql: Sql, tenant: string, entityId: string): Promise<Device | null> {
  const { rows } = await sql.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM iot_device WHERE tenant = $1 AND entity_name = $2
     ORDER BY last_seen_at DESC NULLS LAST, created_at DESC, device_id LIMIT 1`,
    [tenant, entityId],
  );
  return rows[0] ? toDevice(rows[0]) : null;
}

/** Of these entities of a tenant, those some device writes (one query for a batch of changes). */
export async function entitiesWithDevices(
  sql: Sql,
  tenant: string,
  entityIds: readonly string[],
): Promise<Set<string>> {
  const { rows } = await sql.query<{ entity_name: string }>(
    `SELECT DISTINCT entity_name FROM iot_device WHERE tenant = $1 AND entity_name = ANY($2::text[])`,
    [tenant, entityIds],
  );
  return new Set(rows.map((r) => r.entity_name));
}

export interface DeviceFilter {
  readonly servicePath: ServicePathFilter;
  readonly status?: DeviceStatus | undefined;
  readonly protocol?: string | undefined;
  /** Words found in its id, entity name or entity type (any case). */
  readonly search?: string | undefined;
  /** Its entity type, exactly. */
  readonly type?: string | undefined;
  /** A device last heard before this is offline. */
  readonly offlineBefore: Date;
}

const deviceWhere = `tenant = $1 AND ${pathCondition(2)}
  AND ($4::text IS NULL
       OR ($4::text = 'outOfService' AND in_service = false)
       OR ($4::text = 'never' AND last_seen_at IS NULL AND in_service IS DISTINCT FROM false)
       OR ($4::text = 'online' AND last_seen_at >= $5::timestamptz AND in_service IS DISTINCT FROM false)
       OR ($4::text = 'offline' AND last_seen_at < $5::timestamptz AND in_service IS DISTINCT FROM false))
  AND ($6::text IS NULL OR protocol = $6::text)
  AND ($7::text IS NULL OR lower(device_id) LIKE $7::text ESCAPE '\\' OR lower(entity_name) LIKE $7::text ESCAPE '\\'
       OR lower(entity_type) LIKE $7::text ESCAPE '\\')
  AND ($8::text IS NULL OR entity_type = $8::text)`;

/** A LIKE pattern finding the text anywhere, its own % and _ taken as themselves. */
const containing = (text: string | undefined): string | null =>
  text ? `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;

/** A page of a tenant's devices, oldest first, and how many match in all. */
export async function listDevices(
  sql: Sql,
  tenant: string,
  filter: DeviceFilter & { readonly limit: number; readonly offset: number },
): Promise<{ devices: Device[]; count: number }> {
  const params = [
    tenant,
    ...pathParams(filter.servicePath),
    filter.status ?? null,
    filter.offlineBefore,
    filter.protocol ?? null,
    containing(filter.search),
    filter.type ?? null,
  ];
  const [page, count] = await Promise.all([
    sql.query<DeviceRow>(
      `SELECT ${DEVICE_COLUMNS} FROM iot_device WHERE ${deviceWhere}
       ORDER BY created_at, device_id LIMIT $9 OFFSET $10`,
      [...params, filter.limit, filter.offset],
    ),
    sql.query<{ n: number }>(`SELECT count(*) AS n FROM iot_device WHERE ${deviceWhere}`, params),
  ]);
  return { devices: page.rows.map(toDevice), count: countOf(count.rows) };
}

/** The ids of a tenant's devices provisioned with an API key. */
export async function deviceIdsOfApiKey(sql: Sql, tenant: string, apikey: string): Promise<string[]> {
  const { rows } = await sql.query<{ device_id: string }>(
    'SELECT device_id FROM iot_device WHERE tenant = $1 AND apikey = $2 ORDER BY device_id',
    [tenant, apikey],
  );
  return rows.map((r) => r.device_id);
}

/** Writes a device's configuration; its health is the ingestion's to keep and stays as it is. */
export async function updateDevice(sql: Sql, device: Device): Promise<boolean> {
  const r = deviceRecord(device);
  const { rowCount } = await sql.query(
    `UPDATE iot_device SET service_path = $3, apikey = $4, entity_name = $5, entity_type = $6, attributes = $7::jsonb,
       static_attributes = $8::jsonb, commands = $9::jsonb, explicit_attrs = $10, add_timestamp = $11, protocol = $12,
       transport = $13, endpoint = $14, autoprovisioned = $15
     WHERE tenant = $1 AND device_id = $2`,
    [
      r.tenant,
      r.device_id,
      r.service_path,
      r.apikey,
      r.entity_name,
      r.entity_type,
      JSON.stringify(r.attributes),
      JSON.stringify(r.static_attributes),
      JSON.stringify(r.commands),
      r.explicit_attrs,
      r.add_timestamp,
      r.protocol,
      r.transport,
      r.endpoint,
      r.autoprovisioned,
    ],
  );
  return rowCount > 0;
}

/** Sets (a SHA-256 hex) or clears (null) a device's own secret; false when the device is not there. */
export async function setDeviceSecret(
  sql: Sql,
  tenant: string,
  deviceId: string,
  secretHash: string | null,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE iot_device SET secret_hash = $3, secret_issued_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END
     WHERE tenant = $1 AND device_id = $2`,
    [tenant, deviceId, secretHash],
  );
  return rowCount > 0;
}

/** The device of this id holding this secret (by its hash), in whichever tenant. */
export async function findDeviceBySecret(sql: Sql, deviceId: string, secretHash: string): Promise<Device | null> {
  const { rows } = await sql.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM iot_device WHERE secret_hash = $1 AND device_id = $2 LIMIT 1`,
    [secretHash, deviceId],
  );
  return rows[0] ? toDevice(rows[0]) : null;
}

export async function deleteDevices(sql: Sql, tenant: string, deviceIds: readonly string[]): Promise<string[]> {
  if (deviceIds.length === 0) return [];
  const { rows } = await sql.query<{ device_id: string }>(
    'DELETE FROM iot_device WHERE tenant = $1 AND device_id = ANY($2::text[]) RETURNING device_id',
    [tenant, deviceIds],
  );
  return rows.map((r) => r.device_id).sort();
}

/**
 * Adds what a batch of measures did to each device's health, in one statement: counts add up,
 * last_seen_at only moves forward. Rows are locked in key order so that two batches cannot deadlock.
 */
export async function recordHealth(
  sql: Sql,
  rows: readonly {
    tenant: string;
    deviceId: string;
    lastSeenAt: string | undefined;
    messages: number;
    errors: number;
    /** What the newest message said of the device's service; undefined: it said nothing of it. */
    inService?: boolean | undefined;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `WITH r AS (
       SELECT tenant, device_id, max(last_seen_at) AS last_seen_at, sum(messages) AS messages, sum(errors) AS errors,
              bool_and(in_service) AS in_service
       FROM jsonb_to_recordset($1::jsonb)
         AS x(tenant text, device_id text, last_seen_at timestamptz, messages bigint, errors bigint, in_service boolean)
       GROUP BY tenant, device_id
     ), locked AS (
       SELECT d.tenant, d.device_id FROM iot_device d JOIN r USING (tenant, device_id)
       ORDER BY d.tenant, d.device_id FOR UPDATE OF d
     )
     UPDATE iot_device d
     SET message_count = d.message_count + r.messages, error_count = d.error_count + r.errors,
         last_seen_at = greatest(d.last_seen_at, r.last_seen_at),
         in_service = coalesce(r.in_service, d.in_service)
     FROM locked JOIN r USING (tenant, device_id)
     WHERE d.tenant = locked.tenant AND d.device_id = locked.device_id`,
    [
      JSON.stringify(
        rows.map((h) => ({
          tenant: h.tenant,
          device_id: h.deviceId,
          last_seen_at: h.lastSeenAt ?? null,
          messages: h.messages,
          errors: h.errors,
          in_service: h.inService ?? null,
        })),
      ),
    ],
  );
}

/** How many devices (of every tenant) were heard since `offlineBefore`, not since, or never; out of service aside. */
export async function countDevicesByStatus(
  sql: Sql,
  offlineBefore: Date,
): Promise<{ online: number; offline: number; never: number }> {
  const { rows } = await sql.query<{ online: number; offline: number; never: number }>(
    `SELECT count(*) FILTER (WHERE last_seen_at >= $1) AS online,
            count(*) FILTER (WHERE last_seen_at < $1) AS offline,
            count(*) FILTER (WHERE last_seen_at IS NULL) AS never
     FROM iot_device WHERE in_service IS DISTINCT FROM false`,
    [offlineBefore],
  );
  const row = rows[0];
  return { online: Number(row?.online ?? 0), offline: Number(row?.offline ?? 0), never: Number(row?.never ?? 0) };
}

/** Of these entities of the tenant, those a device of its registry stands behind. */
export async function entitiesWithDevice(sql: Sql, tenant: string, entityIds: readonly string[]): Promise<Set<string>> {
  if (entityIds.length === 0) return new Set();
  const { rows } = await sql.query<{ entity_name: string }>(
    `SELECT DISTINCT entity_name FROM iot_device WHERE tenant = $1 AND entity_name = ANY($2::text[])`,
    [tenant, entityIds],
  );
  return new Set(rows.map((r) => r.entity_name));
}

export interface DeviceCounts {
  readonly total: number;
  /** Heard since `offlineBefore`, in service or not saying. */
  readonly online: number;
  /** Not heard since `offlineBefore`, and not out of service: sensors and vehicles on duty gone quiet. */
  readonly offline: number;
  readonly never: number;
  /** Said they are out of service (a vehicle between trips or after its day): not offline. */
  readonly outOfService: number;
  /** Devices that never say whether they are in service and are no Vehicle: the city's sensors. */
  readonly sensors: {
    readonly total: number;
    readonly online: number;
    readonly offline: number;
    readonly never: number;
  };
  /** Devices that say whether they are in service, or of Vehicle entities: vehicles (on duty: not out of service). */
  readonly vehicles: {
    readonly total: number;
    readonly inService: number;
    readonly online: number;
    readonly offline: number;
    readonly outOfService: number;
  };
}

/**
 * A tenant's devices by health: heard since `offlineBefore` (online), before it (offline), or never;
 * a device that said it is out of service is neither online nor offline. Sensors and vehicles (devices
 * that say whether they are in service) are counted apart too, so a sensor outage stands out.
 */
export async function deviceCounts(sql: Sql, tenant: string, offlineBefore: Date): Promise<DeviceCounts> {
  // A vehicle: a device that says whether it is in service, or one of a Vehicle entity (registered, not yet heard).
  const vehicle = `(in_service IS NOT NULL OR entity_type = 'Vehicle')`;
  const { rows } = await sql.query<Record<string, number>>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE in_service IS DISTINCT FROM false AND last_seen_at >= $2)::int AS online,
            count(*) FILTER (WHERE in_service IS DISTINCT FROM false AND last_seen_at < $2)::int AS offline,
            count(*) FILTER (WHERE in_service IS DISTINCT FROM false AND last_seen_at IS NULL)::int AS never,
            count(*) FILTER (WHERE in_service = false)::int AS out_of_service,
            count(*) FILTER (WHERE NOT ${vehicle})::int AS sensors,
            count(*) FILTER (WHERE NOT ${vehicle} AND last_seen_at >= $2)::int AS sensors_online,
            count(*) FILTER (WHERE NOT ${vehicle} AND last_seen_at < $2)::int AS sensors_offline,
            count(*) FILTER (WHERE NOT ${vehicle} AND last_seen_at IS NULL)::int AS sensors_never,
            count(*) FILTER (WHERE ${vehicle})::int AS vehicles,
            count(*) FILTER (WHERE ${vehicle} AND in_service IS DISTINCT FROM false)::int AS vehicles_in_service,
            count(*) FILTER (WHERE ${vehicle} AND in_service IS DISTINCT FROM false AND last_seen_at >= $2)::int
              AS vehicles_online,
            count(*) FILTER (WHERE ${vehicle} AND in_service IS DISTINCT FROM false AND last_seen_at < $2)::int
              AS vehicles_offline
       FROM iot_device WHERE tenant = $1`,
    [tenant, offlineBefore],
  );
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    total: n('total'),
    online: n('online'),
    offline: n('offline'),
    never: n('never'),
    outOfService: n('out_of_service'),
    sensors: {
      total: n('sensors'),
      online: n('sensors_online'),
      offline: n('sensors_offline'),
      never: n('sensors_never'),
    },
    vehicles: {
      total: n('vehicles'),
      inService: n('vehicles_in_service'),
      online: n('vehicles_online'),
      offline: n('vehicles_offline'),
      outOfService: n('out_of_service'),
    },
  };
}
