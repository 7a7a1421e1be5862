import type { Database, Sql } from '../../platform/db/index.js';
import type { NotificationMessage } from '../subscriptions/notification.js';

/** All SQL of the notification outbox (ngsi_notification) and of the delivery status of subscriptions. */

export type { NotificationMessage };

/** A notification as the outbox keeps it: what to send, and how its endpoint wants to be treated. */
export interface OutboxMessage extends NotificationMessage {
  /** The endpoint's own time limit per attempt (ms), over the configured one. */
  readonly timeoutMs?: number;
  /** The endpoint's least wait after a failure (ms). */
  readonly cooldownMs?: number;
}

export interface OutboxRow {
  readonly id: number;
  readonly tenant: string;
  readonly subscriptionId: string;
  readonly endpoint: string;
  readonly message: OutboxMessage;
  readonly attempts: number;
  readonly createdAt: Date;
}

export interface NewNotification {
  readonly tenant: string;
  readonly subscriptionId: string;
  readonly endpoint: string;
  readonly message: OutboxMessage;
  /** Leased to this instance at once (it will deliver it from memory) rather than left for a poll. */
  readonly claimed: boolean;
  /** Its receiver is backing off: not before then (so it stays behind those waiting already). */
  readonly notBefore?: Date | undefined;
}

interface Row {
  id: number;
  tenant: string;
  subscription_id: string;
  endpoint: string;
  message: OutboxMessage;
  attempts: number;
  created_at: Date;
}

const RETURNING = 'RETURNING id, tenant, subscription_id, endpoint, message, attempts, created_at';
const toRow = (r: Row): OutboxRow => ({
  id: r.id,
  tenant: r.tenant,
  subscriptionId: r.subscription_id,
  endpoint: r.endpoint,
  message: r.message,
  attempts: r.attempts,
  createdAt: r.created_at,
});
const ms = (n: number) => `${n}::double precision * interval '1 millisecond'`;

export async function insertNotifications(
  tx: Sql,
  notifications: readonly NewNotification[],
  leaseMs: number,
): Promise<OutboxRow[]> {
  if (notifications.length === 0) return [];
  const { rows } = await tx.query<Row>(
    `INSERT INTO ngsi_notification (tenant, subscription_id, endpoint, message, claimed_until, next_attempt_at)
     SELECT x.tenant, x.subscription_id, x.endpoint, x.message,
            CASE WHEN x.claimed THEN now() + ${ms(leaseMs)} END, COALESCE(x.not_before, now())
     FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, subscription_id text, endpoint text, message jsonb,
                                             claimed boolean, not_before timestamptz)
     ${RETURNING}`,
    [
      JSON.stringify(
        notifications.map((n) => ({
          tenant: n.tenant,
          subscription_id: n.subscriptionId,
          endpoint: n.endpoint,
          message: n.message,
          claimed: n.claimed,
          not_before: n.notBefore ?? null,
        })),
      ),
    ],
  );
  return rows.map(toRow).sort((a, b) => a.id - b.id);
}

/**
 * Leases due notifications nobody holds, in the order they were produced (so a receiver back from an
 * outage gets them in order), skipping receivers that are backing off.
 */
export async function claimDue(
  db: Database,
  limit: number,
  skipEndpoints: readonly string[],
  leaseMs: number,
): Promise<OutboxRow[]> {
  const { rows } = await db.query<Row>(
    `UPDATE ngsi_notification SET claimed_until = now() + ${ms(leaseMs)}
     WHERE id IN (
       SELECT id FROM ngsi_notification
       WHERE next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
         AND NOT (endpoint = ANY($2::text[]))
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
     ${RETURNING}`,
    [limit, skipEndpoints],
  );
  return rows.map(toRow).sort((a, b) => a.id - b.id);
}

export async function renewLeases(db: Database, ids: readonly number[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE ngsi_notification SET claimed_until = now() + ${ms(leaseMs)} WHERE id IN (${lockNotifications('$1')})`,
    [ids],
  );
}

/**
 * Gives notifications back to the outbox: at shutdown, or when their receiver backs off (then not
 * before `notBefore`, the time of its next attempt, so they stay behind the one that failed).
 */
export async function releaseNotifications(db: Database, ids: readonly number[], notBefore?: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE ngsi_notification SET claimed_until = NULL, next_attempt_at = GREATEST(next_attempt_at, COALESCE($2, now()))
     WHERE id IN (${lockNotifications('$1')})`,
    [ids, notBefore ?? null],
  );
}

/** Every instance's leases, at the start of the only process that can use an embedded database. */
export async function releaseAll(db: Database): Promise<void> {
  await db.query('UPDATE ngsi_notification SET claimed_until = NULL WHERE claimed_until IS NOT NULL');
}

export interface Outcome {
  readonly tenant: string;
  readonly subscriptionId: string;
  readonly sent: number;
  readonly failed: number;
  readonly lastSuccess?: string | undefined;
  readonly lastFailure?: string | undefined;
}

/**
 * Records what delivery did: delivered (and given-up) rows leave the outbox, failed ones wait for
 * their next attempt, and each subscription's counters move. One round trip per kind, not per row.
 */
export async function recordOutcomes(
  db: Database,
  done: readonly number[],
  retries: readonly { id: number; nextAttemptAt: Date; error: string }[],
  outcomes: readonly Outcome[],
): Promise<void> {
  if (done.length === 0 && retries.length === 0 && outcomes.length === 0) return;
  await db.transaction(async (tx) => {
    // Subscriptions first, then notifications, each in key order: the order a deletion takes them in.
    if (outcomes.length > 0) {
      await tx.query(
        `UPDATE ngsi_subscription s
         SET times_sent = s.times_sent + x.sent, times_failed = s.times_failed + x.failed,
             last_success = GREATEST(s.last_success, x.last_success),
             last_failure = GREATEST(s.last_failure, x.last_failure)
         FROM jsonb_to_recordset($1::jsonb)
           AS x(tenant text, id text, sent bigint, failed bigint, last_success timestamptz, last_failure timestamptz)
         WHERE s.tenant = x.tenant AND s.id = x.id
           AND (s.tenant, s.id) IN (${lockSubscriptions('$1')})`,
        [
          JSON.stringify(
            outcomes.map((o) => ({
              tenant: o.tenant,
              id: o.subscriptionId,
              sent: o.sent,
              failed: o.failed,
              last_success: o.lastSuccess ?? null,
              last_failure: o.lastFailure ?? null,
            })),
          ),
        ],
      );
    }
    if (done.length > 0) {
      await tx.query(`DELETE FROM ngsi_notification WHERE id IN (${lockNotifications('$1')})`, [done]);
    }
    if (retries.length > 0) {
      await tx.query(
        `UPDATE ngsi_notification n
         SET attempts = n.attempts + 1, next_attempt_at = x.next_attempt_at, last_error = x.error, claimed_until = NULL
         FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, next_attempt_at timestamptz, error text)
         WHERE n.id = x.id AND n.id IN (${lockNotifications("ARRAY(SELECT (r->>'id')::bigint FROM jsonb_array_elements($1::jsonb) r)")})`,
        [JSON.stringify(retries.map((r) => ({ id: r.id, next_attempt_at: r.nextAttemptAt, error: r.error })))],
      );
    }
  });
}

/** Locks the subscriptions named in a JSON array of {tenant, id} in key order (a sub-select). */
const lockSubscriptions = (param: string) =>
  `SELECT l.tenant, l.id FROM ngsi_subscription l
   WHERE (l.tenant, l.id) IN (SELECT y.tenant, y.id FROM jsonb_to_recordset(${param}::jsonb) AS y(tenant text, id text))
   ORDER BY l.tenant, l.id FOR UPDATE`;

/** Locks the notifications with these ids in id order (a sub-select). */
const lockNotifications = (ids: string) =>
  `SELECT l.id FROM ngsi_notification l WHERE l.id = ANY(${ids}::bigint[]) ORDER BY l.id FOR UPDATE`;

export interface Throttle {
  readonly tenant: string;
  readonly id: string;
  /** Seconds between two notifications; 0 for none. */
  readonly throttling: number;
}

/**
 * Marks the subscriptions as notified at `now`, except those notified less than their throttling ago
 * (state in the database, so it holds across instances). Returns the keys (`tenant\nid`) marked.
 */
export async function markNotified(tx: Sql, subscriptions: readonly Throttle[], now: Date): Promise<Set<string>> {
  if (subscriptions.length === 0) return new Set();
  const { rows } = await tx.query<{ tenant: string; id: string }>(
    `UPDATE ngsi_subscription s SET last_notification = $2
     FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, id text, throttling double precision)
     WHERE s.tenant = x.tenant AND s.id = x.id
       AND (s.tenant, s.id) IN (${lockSubscriptions('$1')})
       AND (x.throttling = 0 OR s.last_notification IS NULL
            OR s.last_notification <= $2::timestamptz - x.throttling * interval '1 second')
     RETURNING s.tenant, s.id`,
    [JSON.stringify(subscriptions), now],
  );
  return new Set(rows.map((r) => `${r.tenant}\n${r.id}`));
}

/** Periodic subscriptions whose next notification is due. */
export async function duePeriodic(
  db: Database,
  now: Date,
  limit: number,
): Promise<{ tenant: string; id: string; dueAt: Date | null }[]> {
  const { rows } = await db.query<{ tenant: string; id: string; next_due_at: Date | null }>(
    `SELECT tenant, id, next_due_at FROM ngsi_subscription
     WHERE time_interval IS NOT NULL AND is_active AND (expires_at IS NULL OR expires_at > $1)
       AND COALESCE(next_due_at, '-infinity') <= $1
     ORDER BY next_due_at NULLS FIRST LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => ({ tenant: r.tenant, id: r.id, dueAt: r.next_due_at }));
}

/**
 * Moves a periodic subscription to its next period, only if no other instance did since it was read
 * as due: the one that moves it sends the notification.
 */
export async function advancePeriodic(
  tx: Sql,
  subscription: { tenant: string; id: string; dueAt: Date | null },
  now: Date,
  notifying: boolean,
): Promise<boolean> {
  // A period with nothing to notify moves on without counting as a notification.
  const { rowCount } = await tx.query(
    `UPDATE ngsi_subscription
     SET next_due_at = $3::timestamptz + time_interval * interval '1 second',
         last_notification = CASE WHEN $5 THEN $3 ELSE last_notification END
     WHERE tenant = $1 AND id = $2 AND next_due_at IS NOT DISTINCT FROM $4`,
    [subscription.tenant, subscription.id, now, subscription.dueAt, notifying],
  );
  return rowCount === 1;
}

/** A number that changes whenever a subscription is created, changed or deleted, by any instance. */
export async function subscriptionsVersion(db: Database): Promise<string> {
  const { rows } = await db.query<{ v: string }>(
    `SELECT count(*)::text || '/' || COALESCE(max(modified_at)::text, '') AS v FROM ngsi_subscription`,
  );
  return rows[0]?.v ?? '';
}

/** Anything in the outbox at all: lets the delivery loop sleep when there is nothing to do. */
export async function outboxSize(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM ngsi_notification');
  return rows[0]?.n ?? 0;
}
