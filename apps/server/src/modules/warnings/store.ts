import type { Sql } from '../../platform/db/index.js';
import type { CapMessage } from './cap.js';

/** The warnings' SQL. */

export interface StoredMessage {
  readonly identifier: string;
  readonly tenant: string;
  readonly source: string;
  readonly condition: string;
  readonly run: string;
  readonly level: string;
  readonly msgType: CapMessage['msgType'];
  readonly sent: Date;
  readonly expires: Date;
  readonly active: boolean;
  readonly message: CapMessage;
  readonly xml: string;
}

type Row = Omit<StoredMessage, 'sent' | 'expires' | 'message'> & {
  sent: Date | string;
  expires: Date | string;
  message: CapMessage & { sent: string; info: (CapMessage['info'][number] & { effective: string; expires: string })[] };
};

const COLUMNS = `identifier, tenant, source, condition, run, level, msg_type AS "msgType", sent, expires, active, message, xml`;

/** Dates come back from JSON as strings. */
function revive(r: Row): StoredMessage {
  const m = r.message;
  return {
    ...r,
    sent: new Date(r.sent),
    expires: new Date(r.expires),
    message: {
      ...m,
      sent: new Date(m.sent),
      references: m.references.map((x) => ({ ...x, sent: new Date(x.sent as unknown as string) })),
      info: m.info.map((i) => ({ ...i, effective: new Date(i.effective), expires: new Date(i.expires) })),
    },
  };
}

/** The newest message of a source's condition, locked. */
export async function latestOfThread(tx: Sql, tenant: string, source: string, condition: string) {
  const { rows } = await tx.query<Row>(
    `SELECT ${COLUMNS} FROM cap_message WHERE tenant = $1 AND source = $2 AND condition = $3
      ORDER BY sent DESC, identifier DESC LIMIT 1 FOR UPDATE`,
    [tenant, source, condition],
  );
  return rows[0] ? revive(rows[0]) : null;
}

/** Is a warning of this source's condition in force? A read without locks. */
export async function hasActive(sql: Sql, tenant: string, source: string, condition: string): Promise<boolean> {
  const { rows } = await sql.query(
    `SELECT 1 FROM cap_message WHERE tenant = $1 AND source = $2 AND condition = $3 AND active LIMIT 1`,
    [tenant, source, condition],
  );
  return rows.length > 0;
}

export async function messagesOfRun(sql: Sql, run: string): Promise<StoredMessage[]> {
  const { rows } = await sql.query<Row>(`SELECT ${COLUMNS} FROM cap_message WHERE run = $1 ORDER BY sent, identifier`, [
    run,
  ]);
  return rows.map(revive);
}

export async function insertMessage(tx: Sql, m: StoredMessage): Promise<void> {
  await tx.query(`UPDATE cap_message SET active = false WHERE run = $1 AND active`, [m.run]);
  await tx.query(
    `INSERT INTO cap_message (identifier, tenant, source, condition, run, level, msg_type, sent, expires, active, message, xml)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      m.identifier,
      m.tenant,
      m.source,
      m.condition,
      m.run,
      m.level,
      m.msgType,
      m.sent,
      m.expires,
      m.active,
      JSON.stringify(m.message),
      m.xml,
    ],
  );
}

/** A message of the tenant's: another tenant's is not found. */
export async function findMessage(sql: Sql, tenant: string, identifier: string): Promise<StoredMessage | null> {
  const { rows } = await sql.query<Row>(`SELECT ${COLUMNS} FROM cap_message WHERE identifier = $1 AND tenant = $2`, [
    identifier,
    tenant,
  ]);
  return rows[0] ? revive(rows[0]) : null;
}

/** The current message of every warning of the tenant in force (not cancelled, not expired), newest first. */
export async function activeMessages(sql: Sql, tenant: string, now: Date): Promise<StoredMessage[]> {
  const { rows } = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM cap_message WHERE active AND expires > $2 AND tenant = $1
      ORDER BY sent DESC LIMIT 1000`,
    [tenant, now],
  );
  return rows.map(revive);
}

/**
 * When the tenant's feed last changed: the newest message sent (an alert, update or cancel) or the
 * newest expiry that has passed (a warning leaving the feed); null when it never held one.
 */
export async function feedChangedAt(sql: Sql, tenant: string, now: Date): Promise<Date | null> {
  const { rows } = await sql.query<{ at: Date | null }>(
    `SELECT max(greatest(sent, CASE WHEN expires <= $2 THEN expires END)) AS at FROM cap_message WHERE tenant = $1`,
    [tenant, now],
  );
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

/** How many warnings are in force, every tenant. */
export async function countActive(sql: Sql, now: Date): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cap_message WHERE active AND expires > $1`,
    [now],
  );
  return rows[0]?.n ?? 0;
}
