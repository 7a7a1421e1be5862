import type { Sql } from '../../../platform/db/index.js';
import type { AlertCause, AlertEffect, AlertSeverity, Bilingual } from '../realtime/model.js';
import {
  endOf,
  stateOf,
  type AlertDraft,
  type AlertEntity,
  type AlertPeriod,
  type AlertState,
  type AlertStatus,
  type ServiceAlert,
} from './model.js';

/** The SQL of service alerts, and the look-ups that check an alert against the current schedule. */

interface AlertRow {
  id: string;
  status: AlertStatus;
  cause: string | null;
  effect: string | null;
  severity: string | null;
  informed_entities: AlertEntity[];
  active_periods: { start?: string; end?: string }[];
  header: Bilingual;
  description: Bilingual | null;
  url: Bilingual | null;
  version: number;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  updated_by: string | null;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
}

const COLUMNS = `id, status, cause, effect, severity, informed_entities, active_periods, header, description, url,
  version, created_at, created_by, updated_at, updated_by, withdrawn_at, withdrawn_by`;

function alertOf(r: AlertRow, now: number): ServiceAlert {
  const activePeriods: AlertPeriod[] = r.active_periods.map((p) => ({
    ...(p.start === undefined ? {} : { start: new Date(p.start) }),
    ...(p.end === undefined ? {} : { end: new Date(p.end) }),
  }));
  return {
    id: r.id,
    status: r.status,
    state: stateOf({ status: r.status, activePeriods }, now),
    ...(r.cause === null ? {} : { cause: r.cause as AlertCause }),
    ...(r.effect === null ? {} : { effect: r.effect as AlertEffect }),
    ...(r.severity === null ? {} : { severity: r.severity as AlertSeverity }),
    informedEntities: r.informed_entities,
    activePeriods,
    header: r.header,
    ...(r.description === null ? {} : { description: r.description }),
    ...(r.url === null ? {} : { url: r.url }),
    version: r.version,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    withdrawnAt: r.withdrawn_at,
    withdrawnBy: r.withdrawn_by,
  };
}

const periodsJson = (periods: readonly AlertPeriod[]) =>
  JSON.stringify(periods.map((p) => ({ start: p.start?.toISOString(), end: p.end?.toISOString() })));

const draftValues = (d: AlertDraft) => [
  d.status,
  d.cause ?? null,
  d.effect ?? null,
  d.severity ?? null,
  JSON.stringify(d.informedEntities),
  periodsJson(d.activePeriods),
  endOf(d.activePeriods),
  JSON.stringify(d.header),
  d.description === undefined ? null : JSON.stringify(d.description),
  d.url === undefined ? null : JSON.stringify(d.url),
];

export async function insertAlert(
  sql: Sql,
  tenant: string,
  id: string,
  draft: AlertDraft,
  by: string | null,
  now: Date,
): Promise<ServiceAlert> {
  const { rows } = await sql.query<AlertRow>(
    `INSERT INTO transit_service_alert
       (id, tenant, status, cause, effect, severity, informed_entities, active_periods, ends_at, header, description, url,
        created_at, created_by, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $13, $14)
     RETURNING ${COLUMNS}`,
    [id, tenant, ...draftValues(draft), now, by],
  );
  return alertOf(rows[0] as AlertRow, now.getTime());
}

/**
 * Replaces an alert that is not withdrawn, if its version is still `expected` (any when undefined); a
 * published one stays published. Returns the alert, or why not: missing, withdrawn, published, changed.
 */
export async function replaceAlert(
  sql: Sql,
  tenant: string,
  id: string,
  draft: AlertDraft,
  expected: number | undefined,
  by: string | null,
  now: Date,
): Promise<ServiceAlert | 'missing' | 'withdrawn' | 'published' | 'changed'> {
  const { rows } = await sql.query<AlertRow>(
    `UPDATE transit_service_alert
        SET status = $3, cause = $4, effect = $5, severity = $6, informed_entities = $7, active_periods = $8,
            ends_at = $9, header = $10, description = $11, url = $12, updated_at = $13, updated_by = $14,
            version = version + 1
      WHERE tenant = $1 AND id = $2 AND status <> 'withdrawn' AND ($15::integer IS NULL OR version = $15)
        AND NOT (status = 'published' AND $3 = 'draft')
      RETURNING ${COLUMNS}`,
    [tenant, id, ...draftValues(draft), now, by, expected ?? null],
  );
  if (rows[0]) return alertOf(rows[0], now.getTime());
  const found = await findAlert(sql, tenant, id, now);
  if (!found) return 'missing';
  if (found.status === 'withdrawn') return 'withdrawn';
  return found.status === 'published' && draft.status === 'draft' ? 'published' : 'changed';
}

/** Withdraws an alert (idempotent: a withdrawn one stays as it was). Null when there is none. */
export async function withdrawAlert(
  sql: Sql,
  tenant: string,
  id: string,
  by: string | null,
  now: Date,
): Promise<ServiceAlert | null> {
  await sql.query(
    `UPDATE transit_service_alert
        SET status = 'withdrawn', withdrawn_at = $3, withdrawn_by = $4, updated_at = $3, updated_by = $4,
            version = version + 1
      WHERE tenant = $1 AND id = $2 AND status <> 'withdrawn'`,
    [tenant, id, now, by],
  );
  return findAlert(sql, tenant, id, now);
}

/** Deletes a draft; false when there is no draft of that id (none, or one published or withdrawn). */
export async function deleteDraftAlert(sql: Sql, tenant: string, id: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `DELETE FROM transit_service_alert WHERE tenant = $1 AND id = $2 AND status = 'draft'`,
    [tenant, id],
  );
  return rowCount > 0;
}

export async function findAlert(sql: Sql, tenant: string, id: string, now: Date): Promise<ServiceAlert | null> {
  const { rows } = await sql.query<AlertRow>(
    `SELECT ${COLUMNS} FROM transit_service_alert WHERE tenant = $1 AND id = $2`,
    [tenant, id],
  );
  return rows[0] ? alertOf(rows[0], now.getTime()) : null;
}

export interface AlertFilter {
  /** Only alerts in these states; all when undefined. */
  readonly states?: readonly AlertState[] | undefined;
  readonly routeId?: string | undefined;
  readonly stopId?: string | undefined;
}

/** The SQL condition of each state at the time in parameter `at` (e.g. `$2`). */
function stateSql(state: AlertState, at: string): string {
  const active = `status = 'published' AND (jsonb_array_length(active_periods) = 0 OR EXISTS (
    SELECT 1 FROM jsonb_array_elements(active_periods) p
     WHERE COALESCE((p ->> 'start')::timestamptz, '-infinity') <= ${at}
       AND ${at} < COALESCE((p ->> 'end')::timestamptz, 'infinity')))`;
  switch (state) {
    case 'draft':
      return `status = 'draft'`;
    case 'withdrawn':
      return `status = 'withdrawn'`;
    case 'ended':
      return `status = 'published' AND ends_at IS NOT NULL AND ends_at <= ${at}`;
    case 'active':
      return active;
    case 'upcoming':
      return `status = 'published' AND (ends_at IS NULL OR ends_at > ${at}) AND NOT (${active})`;
  }
}

/** Alerts of a tenant, newest edit first. */
export async function listAlerts(
  sql: Sql,
  tenant: string,
  filter: AlertFilter,
  page: { limit: number; offset: number },
  now: Date,
): Promise<{ items: ServiceAlert[]; total: number }> {
  const where = ['tenant = $1'];
  const params: unknown[] = [tenant];
  if (filter.states?.length === 0) where.push('false');
  else if (filter.states) {
    const states = filter.states.map((s) => `(${stateSql(s, '$now')})`).join(' OR ');
    // The time is a parameter only when a state uses it: one never used has no type.
    if (states.includes('$now')) params.push(now);
    where.push(`(${states.replaceAll('$now', `$${params.length}::timestamptz`)})`);
  }
  if (filter.routeId !== undefined) {
    params.push(JSON.stringify([{ routeId: filter.routeId }]));
    where.push(`informed_entities @> $${params.length}::jsonb`);
  }
  if (filter.stopId !== undefined) {
    params.push(JSON.stringify([{ stopId: filter.stopId }]));
    where.push(`informed_entities @> $${params.length}::jsonb`);
  }
  const condition = where.join(' AND ');
  const { rows } = await sql.query<AlertRow & { total: number }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM transit_service_alert WHERE ${condition}
      ORDER BY updated_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    const counted = await sql.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM transit_service_alert WHERE ${condition}`,
      params,
    );
    total = counted.rows[0]?.n ?? 0;
  }
  return { items: rows.map((r) => alertOf(r, now.getTime())), total: Number(total) };
}

/** Published alerts whose last period has not ended (or that have no end), for the ServiceAlerts feed. */
export async function publishedAlerts(sql: Sql, tenant: string, now: Date): Promise<ServiceAlert[]> {
  const { rows } = await sql.query<AlertRow>(
    `SELECT ${COLUMNS} FROM transit_service_alert
      WHERE tenant = $1 AND status = 'published' AND (ends_at IS NULL OR ends_at >= $2)
      ORDER BY created_at, id`,
    [tenant, now],
  );
  return rows.map((r) => alertOf(r, now.getTime()));
}

export interface ScheduleIds {
  readonly agencies: readonly string[];
  readonly routes: readonly string[];
  readonly trips: readonly string[];
  readonly stops: readonly string[];
}

/**
 * Which of the ids are not in the tenant's current schedule; null when the tenant has no current
 * schedule at all.
 */
export async function missingFromSchedule(sql: Sql, tenant: string, ids: ScheduleIds): Promise<ScheduleIds | null> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM transit_feed_version WHERE tenant = $1 AND status = 'current'`,
    [tenant],
  );
  const version = rows[0]?.id;
  if (version === undefined) return null;
  const missing = async (table: string, column: string, wanted: readonly string[]) => {
    if (wanted.length === 0) return [];
    const found = await sql.query<{ id: string }>(
      `SELECT ${column} AS id FROM ${table} WHERE version_id = $1 AND ${column} = ANY($2::text[])`,
      [version, wanted],
    );
    const known = new Set(found.rows.map((r) => r.id));
    return wanted.filter((id) => !known.has(id));
  };
  return {
    agencies: await missing('transit_agency', 'agency_id', ids.agencies),
    routes: await missing('transit_route', 'route_id', ids.routes),
    trips: await missing('transit_trip', 'trip_id', ids.trips),
    stops: await missing('transit_stop', 'stop_id', ids.stops),
  };
}
