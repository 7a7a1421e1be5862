import type { Sql } from '../db/index.js';

/** All SQL of the messages to people. Sealed columns hold sealed text; this file never opens them. */

type Time = Date | string;

export interface StoredMessage {
  readonly id: string;
  readonly tenant: string;
  readonly topic: string;
  readonly language: 'vi' | 'en';
  /** Sealed JSON { email?, phone? }. */
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly link: string | null;
  /** Sealed JSON array of the text's secret parts, or null. */
  readonly secrets: string | null;
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
  readonly attempts: number;
  readonly deliveredAt: Date | null;
  readonly sender: string | null;
  readonly lastError: string | null;
}

const COLUMNS = `id::text AS id, tenant, topic, language, recipient, subject, text, link, secrets,
  expires_at AS "expiresAt", created_at AS "createdAt", attempts, delivered_at AS "deliveredAt", sender,
  last_error AS "lastError"`;

export async function insertMessage(
  tx: Sql,
  m: Omit<StoredMessage, 'id' | 'attempts' | 'deliveredAt' | 'sender' | 'lastError'> & { phoneIndex: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO messages_outbox
       (tenant, topic, language, recipient, phone_index, subject, text, link, secrets, expires_at, created_at, next_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
    [
      m.tenant,
      m.topic,
      m.language,
      m.recipient,
      m.phoneIndex,
      m.subject,
      m.text,
      m.link,
      m.secrets,
      m.expiresAt,
      m.createdAt,
    ],
  );
}

/**
 * Takes the messages due: each is pushed back by `leaseMs` first, so another worker does not take it
 * meanwhile; a crash while sending leaves it to be taken again after the lease (at least once).
 */
export async function takeDue(tx: Sql, now: Time, leaseMs: number, limit: number): Promise<StoredMessage[]> {
  const { rows } = await tx.query<StoredMessage>(
    `UPDATE messages_outbox SET next_at = $1::timestamptz + ($2 || ' milliseconds')::interval, attempts = attempts + 1
      WHERE id IN (SELECT id FROM messages_outbox WHERE delivered_at IS NULL AND next_at <= $1
                    ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [now, String(leaseMs), limit],
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Marks a batch sent, in one statement. */
export async function markDelivered(sql: Sql, ids: readonly string[], sender: string, at: Time): Promise<void> {
  if (ids.length === 0) return;
  await sql.query(
    `UPDATE messages_outbox SET delivered_at = $2, sender = $3, last_error = NULL WHERE id = ANY($1::bigint[])`,
    [ids, at, sender],
  );
}

export async function markFailed(sql: Sql, id: string, error: string, nextAt: Time): Promise<void> {
  await sql.query(`UPDATE messages_outbox SET last_error = $2, next_at = $3 WHERE id = $1`, [
    id,
    error.slice(0, 500),
    nextAt,
  ]);
}

/**
 * Puts back messages taken but not tried (they wait behind an earlier one to the same person): due
 * again with it, the attempt they were counted for taken back.
 */
export async function putBack(sql: Sql, ids: readonly string[], nextAt: Time): Promise<void> {
  if (ids.length === 0) return;
  await sql.query(
    `UPDATE messages_outbox SET next_at = $2, attempts = GREATEST(attempts - 1, 0) WHERE id = ANY($1::bigint[])`,
    [ids, nextAt],
  );
}

/** A message no longer worth sending (its one-time code has expired): never tried again. */
export async function markExpired(sql: Sql, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql.query(
    `UPDATE messages_outbox SET last_error = 'expired before it could be sent', next_at = 'infinity'
      WHERE id = ANY($1::bigint[])`,
    [ids],
  );
}

/** Messages sent, or given up, before `before`: the gateway keeps its own record. */
export async function deleteOld(sql: Sql, before: Time): Promise<void> {
  await sql.query(
    `DELETE FROM messages_outbox WHERE (delivered_at IS NOT NULL AND delivered_at < $1)
        OR (next_at = 'infinity' AND created_at < $1)`,
    [before],
  );
}

export async function list(
  sql: Sql,
  tenant: string,
  q: { topic?: string | undefined; limit: number },
): Promise<StoredMessage[]> {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (q.topic !== undefined) where.push(`topic = $${params.push(q.topic)}`);
  const { rows } = await sql.query<StoredMessage>(
    `SELECT ${COLUMNS} FROM messages_outbox WHERE ${where.join(' AND ')} ORDER BY messages_outbox.id DESC LIMIT $${params.push(q.limit)}`,
    params,
  );
  return rows;
}

export async function byPhoneIndex(sql: Sql, tenant: string, index: string): Promise<StoredMessage[]> {
  const { rows } = await sql.query<StoredMessage>(
    `SELECT ${COLUMNS} FROM messages_outbox WHERE tenant = $1 AND phone_index = $2 ORDER BY messages_outbox.id`,
    [tenant, index],
  );
  return rows;
}

export async function deleteMessage(sql: Sql, tenant: string, id: string): Promise<void> {
  await sql.query(`DELETE FROM messages_outbox WHERE tenant = $1 AND id = $2::bigint`, [tenant, id]);
}
