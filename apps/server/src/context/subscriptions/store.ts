import type { Sql } from '../../platform/db/index.js';
import type { Subscription, SubscriptionState } from './model.js';

/** All SQL of NGSI-LD subscriptions: the ngsi_subscription table, and the outbox rows of a deleted one. */

interface SubscriptionRow {
  tenant: string;
  id: string;
  body: Subscription;
  last_notification: Date | null;
  last_success: Date | null;
  last_failure: Date | null;
  times_sent: string | number;
  times_failed: string | number;
  created_at: Date;
  modified_at: Date;
  owner: string | null;
  paused_reason: string | null;
}

export interface StoredSubscription {
  readonly tenant: string;
  readonly subscription: Subscription;
  readonly state: SubscriptionState;
  /** `user:<id>` or `api-key:<id>` of its creator; null: unknown (anonymous, or made before owners were kept). */
  readonly owner: string | null;
}

/** The columns the matcher indexes by, derived from the body. */
export interface SubscriptionColumns {
  readonly types: readonly string[] | null;
  readonly watched: readonly string[] | null;
  readonly isActive: boolean;
  readonly expiresAt: string | null;
  readonly throttling: number | null;
  readonly timeInterval: number | null;
}

const COLUMNS = `tenant, id, body, last_notification, last_success, last_failure, times_sent, times_failed,
  created_at, modified_at, owner, paused_reason`;

const toStored = (row: SubscriptionRow): StoredSubscription => ({
  tenant: row.tenant,
  subscription: row.body,
  state: {
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    lastNotification: row.last_notification,
    lastSuccess: row.last_success,
    lastFailure: row.last_failure,
    timesSent: Number(row.times_sent),
    timesFailed: Number(row.times_failed),
    pausedReason: row.paused_reason,
  },
  owner: row.owner,
});

/** The parameters $1–$10 of an insert or update, in the order both statements use them. */
const rowValues = (tenant: string, subscription: Subscription, columns: SubscriptionColumns, now: Date) => [
  tenant,
  subscription.id,
  JSON.stringify(subscription),
  columns.types,
  columns.watched,
  columns.isActive,
  columns.expiresAt,
  columns.throttling,
  columns.timeInterval,
  now,
];

/** Creates a subscription; false when one with its id exists already in the tenant. */
export async function insertSubscription(
  sql: Sql,
  tenant: string,
  subscription: Subscription,
  columns: SubscriptionColumns,
  now: Date,
  owner: string | null = null,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `INSERT INTO ngsi_subscription (tenant, id, body, types, watched, is_active, expires_at, throttling,
       time_interval, next_due_at, created_at, modified_at, owner)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, CASE WHEN $9::float8 IS NULL THEN NULL ELSE $10::timestamptz END,
       $10, $10, $11)
     ON CONFLICT (tenant, id) DO NOTHING`,
    [...rowValues(tenant, subscription, columns, now), owner],
  );
  return rowCount > 0;
}

export async function findSubscription(
  sql: Sql,
  tenant: string,
  id: string,
  lock = false,
): Promise<StoredSubscription | null> {
  const { rows } = await sql.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM ngsi_subscription WHERE tenant = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return rows[0] ? toStored(rows[0]) : null;
}

/** A page of a tenant's subscriptions, oldest first. */
export async function listSubscriptions(
  sql: Sql,
  tenant: string,
  page: { limit: number; offset: number; count: boolean },
): Promise<{ subscriptions: StoredSubscription[]; count: number | undefined; more: boolean }> {
  const [rows, count] = await Promise.all([
    page.limit > 0
      ? // One row past the page tells whether a next page exists.
        sql.query<SubscriptionRow>(
          `SELECT ${COLUMNS} FROM ngsi_subscription WHERE tenant = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
          [tenant, page.limit + 1, page.offset],
        )
      : Promise.resolve({ rows: [] as SubscriptionRow[] }),
    page.count
      ? sql.query<{ n: string | number }>('SELECT count(*) AS n FROM ngsi_subscription WHERE tenant = $1', [tenant])
      : Promise.resolve(undefined),
  ]);
  const n = count?.rows[0]?.n;
  return {
    subscriptions: rows.rows.slice(0, page.limit).map(toStored),
    count: n === undefined ? undefined : Number(n),
    more: rows.rows.length > page.limit,
  };
}

/**
 * Writes an updated subscription. A periodic one keeps its schedule when its interval stays; one that
 * becomes periodic (or changes interval) is due now; one that stops being periodic has none.
 */
export async function updateSubscription(
  sql: Sql,
  tenant: string,
  subscription: Subscription,
  columns: SubscriptionColumns,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE ngsi_subscription SET body = $3::jsonb, types = $4, watched = $5, is_active = $6, expires_at = $7,
       throttling = $8,
       next_due_at = CASE WHEN $9::float8 IS NULL THEN NULL
                          WHEN time_interval IS NOT DISTINCT FROM $9::float8 THEN next_due_at
                          ELSE $10::timestamptz END,
       time_interval = $9, modified_at = $10,
       paused_reason = CASE WHEN $6 THEN NULL ELSE paused_reason END
     WHERE tenant = $1 AND id = $2`,
    rowValues(tenant, subscription, columns, now),
  );
  return rowCount > 0;
}

/**
 * Deletes a subscription and every notification of it still waiting in the outbox. Locks are taken in
 * the order every writer of both tables uses (the subscription, then its notifications by id), so a
 * delivery being recorded at the same moment waits instead of deadlocking.
 */
export async function deleteSubscription(sql: Sql, tenant: string, id: string): Promise<boolean> {
  const { rows } = await sql.query('SELECT 1 FROM ngsi_subscription WHERE tenant = $1 AND id = $2 FOR UPDATE', [
    tenant,
    id,
  ]);
  if (rows.length === 0) return false;
  await sql.query(
    `DELETE FROM ngsi_notification WHERE id IN (
       SELECT id FROM ngsi_notification WHERE tenant = $1 AND subscription_id = $2 ORDER BY id FOR UPDATE)`,
    [tenant, id],
  );
  await sql.query('DELETE FROM ngsi_subscription WHERE tenant = $1 AND id = $2', [tenant, id]);
  return true;
}

/** Every subscription of every tenant that is active at `now`: not paused, not expired. */
export async function listActiveSubscriptions(sql: Sql, now: Date): Promise<StoredSubscription[]> {
  const { rows } = await sql.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM ngsi_subscription
     WHERE is_active AND (expires_at IS NULL OR expires_at > $1)
     ORDER BY tenant, created_at, id`,
    [now],
  );
  return rows.map(toStored);
}

/**
 * Pauses a subscription the broker found feeding its own changes: inactive (as a client's PATCH
 * isActive=false would make it), its notification status failed, and why.
 */
export async function pauseSubscription(
  sql: Sql,
  tenant: string,
  id: string,
  reason: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE ngsi_subscription
     SET is_active = false, body = jsonb_set(body, '{isActive}', 'false'), paused_reason = $3,
         last_failure = GREATEST(last_failure, $4::timestamptz), modified_at = $4
     WHERE tenant = $1 AND id = $2 AND is_active`,
    [tenant, id, reason, now],
  );
  return rowCount > 0;
}
