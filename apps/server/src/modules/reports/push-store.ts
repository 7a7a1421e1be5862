import type { Sql } from '../../platform/db/index.js';

/** The SQL of reporters' push subscriptions (W3C Push API); the sealed fields stay sealed here. */

export interface StoredPushSubscription {
  readonly id: string;
  readonly tenant: string;
  readonly reportId: string;
  /** Sealed. */
  readonly endpoint: string;
  /** Sealed. */
  readonly p256dh: string;
  /** Sealed. */
  readonly auth: string;
  readonly language: 'vi' | 'en';
  readonly lastEventId: string;
  readonly attempts: number;
}

/** A public event to push, with what its message needs. */
export interface PendingPushEvent {
  readonly id: string;
  readonly kind: string;
  readonly text: string | null;
  /** Kept in clear from before officers' words were sealed: `text` is as written. */
  readonly inClear: boolean;
  readonly at: string;
}

interface SubscriptionRow {
  id: string;
  tenant: string;
  report_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  language: 'vi' | 'en';
  last_event_id: string;
  attempts: number;
}

const COLUMNS = `id::text AS id, tenant, report_id, endpoint, p256dh, auth, language, last_event_id::text AS last_event_id, attempts`;

const subscriptionOf = (r: SubscriptionRow): StoredPushSubscription => ({
  id: r.id,
  tenant: r.tenant,
  reportId: r.report_id,
  endpoint: r.endpoint,
  p256dh: r.p256dh,
  auth: r.auth,
  language: r.language,
  lastEventId: r.last_event_id,
  attempts: Number(r.attempts),
});

/**
 * Keeps a browser's subscription to a report; the same browser subscribing again replaces its keys
 * (and counts as subscribed now). Events up to now are not pushed: the browser has just read them.
 * Only the `keep` browsers subscribed last stay.
 */
export async function saveSubscription(
  sql: Sql,
  s: {
    tenant: string;
    reportId: string;
    endpointIndex: string;
    endpoint: string;
    p256dh: string;
    auth: string;
    language: 'vi' | 'en';
    at: Date;
    keep: number;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO reports_push_subscription
       (tenant, report_id, endpoint_index, endpoint, p256dh, auth, language, last_event_id, next_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7,
             (SELECT coalesce(max(id), 0) FROM reports_event WHERE tenant = $1 AND report_id = $2), $8, $8)
     ON CONFLICT (tenant, report_id, endpoint_index)
       DO UPDATE SET endpoint = excluded.endpoint, p256dh = excluded.p256dh, auth = excluded.auth,
                     language = excluded.language, attempts = 0, next_at = excluded.next_at, last_error = NULL,
                     created_at = excluded.created_at`,
    [s.tenant, s.reportId, s.endpointIndex, s.endpoint, s.p256dh, s.auth, s.language, s.at],
  );
  await sql.query(
    `DELETE FROM reports_push_subscription WHERE tenant = $1 AND report_id = $2 AND id NOT IN (
       SELECT id FROM reports_push_subscription WHERE tenant = $1 AND report_id = $2
        ORDER BY created_at DESC, id DESC LIMIT $3)`,
    [s.tenant, s.reportId, s.keep],
  );
}

/** Forgets a browser's subscription to a report; whether there was one. */
export async function deleteSubscription(
  sql: Sql,
  tenant: string,
  reportId: string,
  endpointIndex: string,
): Promise<boolean> {
  const { rows } = await sql.query<{ id: string }>(
    `DELETE FROM reports_push_subscription WHERE tenant = $1 AND report_id = $2 AND endpoint_index = $3
     RETURNING id::text AS id`,
    [tenant, reportId, endpointIndex],
  );
  return rows.length > 0;
}

/** The browsers subscribed to the reports with this blind index of a phone (data-subject requests). */
export async function subscriptionsByPhoneIndex(
  sql: Sql,
  tenant: string,
  index: string,
): Promise<StoredPushSubscription[]> {
  const { rows } = await sql.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM reports_push_subscription
      WHERE (tenant, report_id) IN (SELECT tenant, id FROM reports_report WHERE phone_index = $1 AND ($2 = '*' OR tenant = $2))
      ORDER BY id`,
    [index, tenant],
  );
  return rows.map(subscriptionOf);
}

/** Erasure of a browser's subscription: its endpoint and keys go. */
export async function eraseSubscription(sql: Sql, tenant: string, id: string): Promise<boolean> {
  const { rows } = await sql.query(
    `DELETE FROM reports_push_subscription WHERE tenant = $1 AND id = $2::bigint RETURNING id`,
    [tenant, id],
  );
  return rows.length > 0;
}

/** Drops a subscription the push service says is gone. */
export async function dropSubscription(sql: Sql, id: string): Promise<void> {
  await sql.query(`DELETE FROM reports_push_subscription WHERE id = $1`, [id]);
}

/**
 * The events a subscription follows (`e` an event, `s` the subscription, `$outcome` the kinds): its
 * report's, and once it is merged into another, that one's outcome, after the merge.
 */
const followedBy = (outcome: string) => `(e.report_id = s.report_id OR (e.kind = ANY(${outcome}) AND EXISTS (
    SELECT 1 FROM reports_report d WHERE d.tenant = s.tenant AND d.id = s.report_id
       AND d.merged_into = e.report_id AND e.at >= d.closed_at)))`;

/**
 * Takes the subscriptions with public events not yet pushed, each leased for `leaseMs` so another
 * worker leaves it alone; a crash leaves it to be taken again after the lease (at least once).
 */
export async function takeDueSubscriptions(
  tx: Sql,
  now: Date,
  leaseMs: number,
  kinds: readonly string[],
  limit: number,
  outcomeKinds: readonly string[] = [],
): Promise<StoredPushSubscription[]> {
  const { rows } = await tx.query<SubscriptionRow>(
    `UPDATE reports_push_subscription SET next_at = $1::timestamptz + ($2 || ' milliseconds')::interval
      WHERE id IN (
        SELECT s.id FROM reports_push_subscription s
         WHERE s.next_at <= $1
           AND EXISTS (SELECT 1 FROM reports_event e
                        WHERE e.tenant = s.tenant AND ${followedBy('$5')} AND e.id > s.last_event_id
                          AND e.public AND e.kind = ANY($3))
         ORDER BY s.next_at, s.id LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [now, String(leaseMs), kinds, limit, outcomeKinds],
  );
  return rows.map(subscriptionOf).sort((a, b) => Number(a.id) - Number(b.id));
}

/** The public events of the subscription's report not yet pushed, oldest first. */
export async function pendingEvents(
  sql: Sql,
  s: StoredPushSubscription,
  kinds: readonly string[],
  outcomeKinds: readonly string[] = [],
): Promise<PendingPushEvent[]> {
  const { rows } = await sql.query<{
    id: string;
    kind: string;
    text: string | null;
    in_clear: boolean;
    at: Date | string;
  }>(
    `SELECT e.id::text AS id, e.kind, e.text, e.in_clear, e.at
       FROM reports_event e, (SELECT $1::text AS tenant, $2::text AS report_id) s
      WHERE e.tenant = $1 AND ${followedBy('$5')} AND e.id > $3 AND e.public AND e.kind = ANY($4)
      ORDER BY e.id LIMIT 20`,
    [s.tenant, s.reportId, s.lastEventId, kinds, outcomeKinds],
  );
  return rows.map(({ in_clear, ...r }) => ({ ...r, inClear: in_clear, at: new Date(r.at).toISOString() }));
}

/** Records an event as pushed: the next one is due at once. */
export async function markPushed(sql: Sql, id: string, eventId: string, now: Date): Promise<void> {
  await sql.query(
    `UPDATE reports_push_subscription SET last_event_id = $2, attempts = 0, last_error = NULL, next_at = $3 WHERE id = $1`,
    [id, eventId, now],
  );
}

/** Records a failed push, to be tried again at `retryAt`. */
export async function markPushFailed(sql: Sql, id: string, error: string, retryAt: Date): Promise<void> {
  await sql.query(
    `UPDATE reports_push_subscription SET attempts = attempts + 1, last_error = $2, next_at = $3 WHERE id = $1`,
    [id, error.slice(0, 500), retryAt],
  );
}
