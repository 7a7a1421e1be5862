import type { Sql } from '../../platform/db/index.js';
import type { Alarm, AlarmCondition, AlarmEvent, AlarmState, Severity } from './model.js';

/** The alarms' SQL. */

const COLUMNS = `id, tenant, source, condition, severity, state, title, description, params, value, threshold, unit,
  location, area, raised_at AS "raisedAt", cleared_at AS "clearedAt", acknowledged_at AS "acknowledgedAt",
  acknowledged_by AS "acknowledgedBy", assignee, raised_by AS "raisedBy", updated_at AS "updatedAt",
  received_at AS "receivedAt", shelved_until AS "shelvedUntil", shelved_by AS "shelvedBy",
  shelve_reason AS "shelveReason", escalated_at AS "escalatedAt"`;

type Row = Omit<
  Alarm,
  'raisedAt' | 'clearedAt' | 'acknowledgedAt' | 'updatedAt' | 'receivedAt' | 'shelvedUntil' | 'escalatedAt'
> & {
  raisedAt: Date | string;
  clearedAt: Date | string | null;
  acknowledgedAt: Date | string | null;
  updatedAt: Date | string;
  receivedAt: Date | string;
  shelvedUntil: Date | string | null;
  escalatedAt: Date | string | null;
};

const date = (v: Date | string) => new Date(v);
const alarmOf = (r: Row): Alarm => ({
  ...r,
  raisedAt: date(r.raisedAt),
  clearedAt: r.clearedAt === null ? null : date(r.clearedAt),
  acknowledgedAt: r.acknowledgedAt === null ? null : date(r.acknowledgedAt),
  updatedAt: date(r.updatedAt),
  receivedAt: date(r.receivedAt),
  shelvedUntil: r.shelvedUntil === null ? null : date(r.shelvedUntil),
  escalatedAt: r.escalatedAt === null ? null : date(r.escalatedAt),
});

/** Inserts the condition's alarm unless one is open; returns it, or null when one is open already. */
export async function insertAlarm(tx: Sql, id: string, c: AlarmCondition, now: Date): Promise<Alarm | null> {
  const { rows } = await tx.query<Row>(
    `INSERT INTO alarm (id, tenant, source, condition, severity, state, title, description, value, threshold,
                        unit, location, area, raised_at, raised_by, updated_at, received_at, params)
     VALUES ($1, $2, $3, $4, $5, 'active-unacknowledged', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)
     ON CONFLICT (tenant, source, condition) WHERE state <> 'cleared' DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      id,
      c.tenant,
      c.source,
      c.condition,
      c.severity,
      c.title,
      c.description ?? null,
      c.value ?? null,
      c.threshold ?? null,
      c.unit ?? null,
      c.location ? JSON.stringify(c.location) : null,
      c.area ?? null,
      c.at,
      c.raisedBy ?? null,
      now,
      c.params ? JSON.stringify(c.params) : null,
    ],
  );
  return rows[0] ? alarmOf(rows[0]) : null;
}

export async function findOpenAlarm(tx: Sql, tenant: string, source: string, condition: string): Promise<Alarm | null> {
  const { rows } = await tx.query<Row>(
    `SELECT ${COLUMNS} FROM alarm
      WHERE tenant = $1 AND source = $2 AND condition = $3 AND state <> 'cleared' FOR UPDATE`,
    [tenant, source, condition],
  );
  return rows[0] ? alarmOf(rows[0]) : null;
}

/** Is there an open alarm for this condition? A read without locks, to spare a transaction when not. */
export async function hasOpenAlarm(sql: Sql, tenant: string, source: string, condition: string): Promise<boolean> {
  const { rows } = await sql.query(
    `SELECT 1 FROM alarm WHERE tenant = $1 AND source = $2 AND condition = $3 AND state <> 'cleared' LIMIT 1`,
    [tenant, source, condition],
  );
  return rows.length > 0;
}

/** The conditions of a source that have an open alarm. */
export async function openConditions(sql: Sql, tenant: string, source: string): Promise<Set<string>> {
  const { rows } = await sql.query<{ condition: string }>(
    `SELECT condition FROM alarm WHERE tenant = $1 AND source = $2 AND state <> 'cleared'`,
    [tenant, source],
  );
  return new Set(rows.map((r) => r.condition));
}

export async function findAlarm(sql: Sql, tenant: string, id: string, forUpdate = false): Promise<Alarm | null> {
  const { rows } = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM alarm WHERE tenant = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return rows[0] ? alarmOf(rows[0]) : null;
}

/** Writes an alarm's changeable fields. */
export async function saveAlarm(tx: Sql, a: Alarm): Promise<Alarm> {
  const { rows } = await tx.query<Row>(
    `UPDATE alarm SET severity = $3, state = $4, title = $5, description = $6, value = $7, threshold = $8,
            unit = $9, location = $10, area = $11, cleared_at = $12, acknowledged_at = $13,
            acknowledged_by = $14, assignee = $15, updated_at = $16, shelved_until = $17, shelved_by = $18,
            shelve_reason = $19, params = $20
      WHERE tenant = $1 AND id = $2
      RETURNING ${COLUMNS}`,
    [
      a.tenant,
      a.id,
      a.severity,
      a.state,
      a.title,
      a.description,
      a.value,
      a.threshold,
      a.unit,
      a.location ? JSON.stringify(a.location) : null,
      a.area,
      a.clearedAt,
      a.acknowledgedAt,
      a.acknowledgedBy,
      a.assignee,
      a.updatedAt,
      a.shelvedUntil,
      a.shelvedBy,
      a.shelveReason,
      a.params ? JSON.stringify(a.params) : null,
    ],
  );
  return alarmOf(rows[0] as Row);
}

export async function addEvent(tx: Sql, alarmId: string, e: AlarmEvent): Promise<void> {
  await tx.query(`INSERT INTO alarm_event (alarm_id, at, kind, actor, text, data) VALUES ($1, $2, $3, $4, $5, $6)`, [
    alarmId,
    e.at,
    e.kind,
    e.actor,
    e.text,
    e.data ? JSON.stringify(e.data) : null,
  ]);
}

export async function eventsOf(sql: Sql, alarmId: string): Promise<AlarmEvent[]> {
  const { rows } = await sql.query<AlarmEvent & { at: Date | string }>(
    `SELECT at, kind, actor, text, data FROM alarm_event WHERE alarm_id = $1 ORDER BY id`,
    [alarmId],
  );
  return rows.map((r) => ({ ...r, at: date(r.at) }));
}

export type AlarmSort = 'priority' | 'newest' | 'oldest';

export interface AlarmFilter {
  readonly states?: readonly AlarmState[] | undefined;
  readonly severities?: readonly Severity[] | undefined;
  readonly source?: string | undefined;
  /** Condition families: the part of the condition before its first colon ("air", "water", "manual"…). */
  readonly types?: readonly string[] | undefined;
  readonly area?: string | undefined;
  /** true: shelved ones only; false: none of them; undefined: both. */
  readonly shelved?: boolean | undefined;
  /** Raised at or after / before (the condition's time). */
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  readonly sort?: AlarmSort | undefined;
  readonly limit: number;
  readonly offset: number;
}

const ORDER: Record<AlarmSort, string> = {
  // What is in alarm now first; then what cleared unseen; then closed. Within each, most severe and newest.
  priority: `CASE WHEN state LIKE 'active-%' THEN 0 WHEN state = 'cleared-unacknowledged' THEN 1 ELSE 2 END,
             array_position(ARRAY['critical','high','medium','low'], severity), raised_at DESC, id`,
  newest: 'raised_at DESC, id',
  oldest: 'raised_at, id',
};

export async function listAlarms(
  sql: Sql,
  tenant: string,
  f: AlarmFilter,
  now: Date,
): Promise<{ alarms: Alarm[]; count: number }> {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (f.states) where.push(`state = ANY($${params.push(f.states)}::text[])`);
  if (f.severities) where.push(`severity = ANY($${params.push(f.severities)}::text[])`);
  if (f.source) where.push(`source = $${params.push(f.source)}`);
  if (f.types) where.push(`split_part(condition, ':', 1) = ANY($${params.push(f.types)}::text[])`);
  if (f.area) where.push(`area = $${params.push(f.area)}`);
  if (f.since) where.push(`raised_at >= $${params.push(f.since)}`);
  if (f.until) where.push(`raised_at < $${params.push(f.until)}`);
  if (f.shelved !== undefined) {
    const shelved = `(shelved_until IS NOT NULL AND shelved_until > $${params.push(now)})`;
    where.push(f.shelved ? shelved : `NOT ${shelved}`);
  }
  const { rows } = await sql.query<Row & { total: number }>(
    `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM alarm
      WHERE ${where.join(' AND ')}
      ORDER BY ${ORDER[f.sort ?? 'priority']}
      LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return { alarms: rows.map(alarmOf), count: rows[0]?.total ?? 0 };
}

/** Open alarms by severity and state. */
export async function openCounts(
  sql: Sql,
  tenant: string,
  now: Date,
): Promise<{ severity: Severity; state: AlarmState; shelved: boolean; count: number }[]> {
  const { rows } = await sql.query<{ severity: Severity; state: AlarmState; shelved: boolean; count: number }>(
    `SELECT severity, state, coalesce(shelved_until > $2, false) AS shelved, count(*)::int AS count FROM alarm
      WHERE tenant = $1 AND state <> 'cleared' GROUP BY 1, 2, 3`,
    [tenant, now],
  );
  return rows;
}

/** Open alarms whose shelf has run out, every tenant: the job lifts them. */
export async function expiredShelves(sql: Sql, now: Date): Promise<{ tenant: string; id: string }[]> {
  const { rows } = await sql.query<{ tenant: string; id: string }>(
    `SELECT tenant, id FROM alarm WHERE shelved_until IS NOT NULL AND shelved_until <= $1 LIMIT 500`,
    [now],
  );
  return rows;
}

/**
 * Claims the critical alarms left unacknowledged since before `arrivedBefore` for escalation, every
 * tenant. The claim is the update: of two instances, the second finds escalated_at set and skips the row.
 */
export async function claimEscalations(tx: Sql, arrivedBefore: Date, now: Date, limit: number): Promise<Alarm[]> {
  const { rows } = await tx.query<Row>(
    `UPDATE alarm SET escalated_at = $2
      WHERE id IN (SELECT id FROM alarm
                    WHERE severity = 'critical' AND state = 'active-unacknowledged' AND escalated_at IS NULL
                      AND received_at <= $1 AND (shelved_until IS NULL OR shelved_until <= $2)
                    ORDER BY received_at LIMIT $3)
        AND escalated_at IS NULL AND state = 'active-unacknowledged'
      RETURNING ${COLUMNS}`,
    [arrivedBefore, now, limit],
  );
  return rows.map(alarmOf);
}

export interface OutboxMessage {
  readonly tenant: string;
  readonly alarmId: string;
  readonly sentAt: Date;
  readonly subject: string;
  readonly body: string;
}

export async function addToOutbox(tx: Sql, m: OutboxMessage): Promise<void> {
  await tx.query(`INSERT INTO alarm_outbox (tenant, alarm_id, sent_at, subject, body) VALUES ($1, $2, $3, $4, $5)`, [
    m.tenant,
    m.alarmId,
    m.sentAt,
    m.subject,
    m.body,
  ]);
}

export async function outbox(sql: Sql, tenant: string): Promise<OutboxMessage[]> {
  const { rows } = await sql.query<OutboxMessage & { sentAt: Date | string }>(
    `SELECT tenant, alarm_id AS "alarmId", sent_at AS "sentAt", subject, body FROM alarm_outbox
      WHERE tenant = $1 ORDER BY id`,
    [tenant],
  );
  return rows.map((r) => ({ ...r, sentAt: date(r.sentAt) }));
}

/** Open alarms by severity, every tenant (for metrics). */
export async function openBySeverity(sql: Sql): Promise<Record<Severity, number>> {
  const { rows } = await sql.query<{ severity: Severity; count: number }>(
    `SELECT severity, count(*)::int AS count FROM alarm WHERE state <> 'cleared' GROUP BY severity`,
  );
  const out: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const r of rows) out[r.severity] = r.count;
  return out;
}
