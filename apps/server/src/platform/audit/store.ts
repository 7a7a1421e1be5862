import type { Sql } from '../db/index.js';
import type { AuditRecord } from './chain.js';

/** All SQL of the audit trail: audit_record (append-only) and audit_chain (its head and anchor). */

export interface ChainHead {
  readonly lastId: number;
  readonly lastHash: string;
  readonly anchorId: number;
  readonly anchorHash: string;
}

const HEAD_COLUMNS = `last_id AS "lastId", last_hash AS "lastHash", anchor_id AS "anchorId", anchor_hash AS "anchorHash"`;

interface Row {
  id: number;
  at: Date;
  actor_kind: AuditRecord['actor']['kind'];
  actor_id: string | null;
  actor_name: string | null;
  actor_roles: string[];
  tenant: string;
  action: string;
  target: string | null;
  request_id: string | null;
  outcome: number | null;
  detail: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

const recordOf = (r: Row): AuditRecord => ({
  id: r.id,
  at: r.at,
  actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name, roles: r.actor_roles },
  tenant: r.tenant,
  action: r.action,
  target: r.target,
  requestId: r.request_id,
  outcome: r.outcome,
  detail: r.detail,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The chain head, locked until the transaction ends: appenders take turns here. */
export async function lockHead(tx: Sql): Promise<ChainHead> {
  const { rows } = await tx.query<ChainHead>(`SELECT ${HEAD_COLUMNS} FROM audit_chain WHERE id = 1 FOR UPDATE`);
  const head = rows[0];
  if (!head) throw new Error('the audit chain head is missing (audit_chain has no row)');
  return head;
}

export async function readHead(sql: Sql): Promise<ChainHead> {
  const { rows } = await sql.query<ChainHead>(`SELECT ${HEAD_COLUMNS} FROM audit_chain WHERE id = 1`);
  const head = rows[0];
  if (!head) throw new Error('the audit chain head is missing (audit_chain has no row)');
  return head;
}

export async function appendRecords(tx: Sql, records: readonly AuditRecord[]): Promise<void> {
  const last = records[records.length - 1];
  if (!last) return;
  const rows = records.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor_kind: r.actor.kind,
    actor_id: r.actor.id,
    actor_name: r.actor.name,
    actor_roles: r.actor.roles,
    tenant: r.tenant,
    action: r.action,
    target: r.target,
    request_id: r.requestId,
    outcome: r.outcome,
    detail: r.detail,
    prev_hash: r.prevHash,
    hash: r.hash,
  }));
  await tx.query(
    `INSERT INTO audit_record (id, at, actor_kind, actor_id, actor_name, actor_roles, tenant, action, target,
       request_id, outcome, detail, prev_hash, hash)
     SELECT id, at, actor_kind, actor_id, actor_name, actor_roles, tenant, action, target, request_id, outcome,
       detail, prev_hash, hash
     FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, at timestamptz, actor_kind text, actor_id text,
       actor_name text, actor_roles text[], tenant text, action text, target text, request_id text,
       outcome integer, detail jsonb, prev_hash text, hash text)`,
    [JSON.stringify(rows)],
  );
  await tx.query(`UPDATE audit_chain SET last_id = $1, last_hash = $2, updated_at = now() WHERE id = 1`, [
    last.id,
    last.hash,
  ]);
}

/** Records in id order after `afterId`, up to `throughId`, one page. */
export async function recordsAfter(sql: Sql, afterId: number, throughId: number, limit: number) {
  const { rows } = await sql.query<Row>(`SELECT * FROM audit_record WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`, [
    afterId,
    throughId,
    limit,
  ]);
  return rows.map(recordOf);
}

/** The first record of the chain as stored (to tell records before the anchor apart). */
export async function firstRecordId(sql: Sql): Promise<number | null> {
  const { rows } = await sql.query<{ id: number | null }>(`SELECT min(id) AS id FROM audit_record`);
  return rows[0]?.id ?? null;
}

export interface AuditQuery {
  /** '*' = every tenant. */
  readonly scope: string;
  readonly actor?: string | undefined;
  readonly target?: string | undefined;
  readonly action?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** Records with a smaller id than this (paging newest first). */
  readonly before?: number | undefined;
  /** Records with a larger id than this (export, oldest first). */
  readonly after?: number | undefined;
  readonly limit: number;
  readonly order: 'newest' | 'oldest';
}

export async function findRecords(sql: Sql, q: AuditQuery): Promise<AuditRecord[]> {
  const { rows } = await sql.query<Row>(
    `SELECT * FROM audit_record
     WHERE ($1 = '*' OR tenant = $1)
       AND ($2::text IS NULL OR actor_name = $2 OR actor_id = $2)
       AND ($3::text IS NULL OR target = $3)
       AND ($4::text IS NULL OR action = $4)
       AND ($5::timestamptz IS NULL OR at >= $5)
       AND ($6::timestamptz IS NULL OR at < $6)
       AND ($7::bigint IS NULL OR id < $7)
       AND ($8::bigint IS NULL OR id > $8)
     ORDER BY id ${q.order === 'newest' ? 'DESC' : 'ASC'} LIMIT $9`,
    [
      q.scope,
      q.actor ?? null,
      q.target ?? null,
      q.action ?? null,
      q.from ?? null,
      q.to ?? null,
      q.before ?? null,
      q.after ?? null,
      q.limit,
    ],
  );
  return rows.map(recordOf);
}

/** The newest record older than `keep` (an ISO 8601 duration): everything up to it may go. */
export async function lastExpiredRecord(tx: Sql, keep: string): Promise<{ id: number; hash: string } | null> {
  const { rows } = await tx.query<{ id: number; hash: string }>(
    `SELECT id, hash FROM audit_record WHERE at < now() - $1::interval ORDER BY id DESC LIMIT 1`,
    [keep],
  );
  return rows[0] ?? null;
}

/** Removes records up to `throughId` and makes the last one removed the chain's anchor. */
export async function removeThrough(tx: Sql, through: { id: number; hash: string }): Promise<number> {
  await tx.query(`SELECT set_config('thanglong.audit_retention', 'on', true)`);
  const { rowCount } = await tx.query(`DELETE FROM audit_record WHERE id <= $1`, [through.id]);
  await tx.query(`SELECT set_config('thanglong.audit_retention', 'off', true)`);
  await tx.query(`UPDATE audit_chain SET anchor_id = $1, anchor_hash = $2, updated_at = now() WHERE id = 1`, [
    through.id,
    through.hash,
  ]);
  return rowCount;
}
