import type { Sql } from '../db/index.js';

/** All SQL of personal data: data keys, data-subject requests, consent. */

export interface DataKeyRow {
  readonly id: string;
  readonly tenant: string;
  readonly purpose: 'data' | 'index';
  readonly wrapped: string;
  readonly masterKeyId: string;
}

const KEY_COLUMNS = `id, tenant, purpose, wrapped, master_key_id AS "masterKeyId"`;

/** Inserts the tenant's key unless another instance did first; returns the one that counts. */
export async function ensureDataKey(sql: Sql, key: Omit<DataKeyRow, 'id'> & { id: string }): Promise<DataKeyRow> {
  await sql.query(
    `INSERT INTO personal_data_key (id, tenant, purpose, wrapped, master_key_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant, purpose) DO NOTHING`,
    [key.id, key.tenant, key.purpose, key.wrapped, key.masterKeyId],
  );
  const { rows } = await sql.query<DataKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM personal_data_key WHERE tenant = $1 AND purpose = $2`,
    [key.tenant, key.purpose],
  );
  return rows[0] as DataKeyRow;
}

export async function findDataKey(sql: Sql, tenant: string, purpose: 'data' | 'index'): Promise<DataKeyRow | null> {
  const { rows } = await sql.query<DataKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM personal_data_key WHERE tenant = $1 AND purpose = $2`,
    [tenant, purpose],
  );
  return rows[0] ?? null;
}

export async function findDataKeyById(sql: Sql, id: string): Promise<DataKeyRow | null> {
  const { rows } = await sql.query<DataKeyRow>(`SELECT ${KEY_COLUMNS} FROM personal_data_key WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Every data key, locked for the rotation's transaction. */
export async function lockAllDataKeys(sql: Sql): Promise<DataKeyRow[]> {
  const { rows } = await sql.query<DataKeyRow>(`SELECT ${KEY_COLUMNS} FROM personal_data_key ORDER BY id FOR UPDATE`);
  return rows;
}

export async function rewrapDataKey(sql: Sql, id: string, wrapped: string, masterKeyId: string): Promise<void> {
  await sql.query(`UPDATE personal_data_key SET wrapped = $2, master_key_id = $3, rewrapped_at = now() WHERE id = $1`, [
    id,
    wrapped,
    masterKeyId,
  ]);
}

// --- data-subject requests ------------------------------------------------------------------------

export type RequestKind = 'access' | 'erasure' | 'correction' | 'objection';
export type RequestStatus = 'received' | 'in-progress' | 'completed' | 'rejected';
export type SubjectKind = 'phone' | 'national-id';

export interface RequestRow {
  readonly id: string;
  readonly tenant: string;
  readonly kind: RequestKind;
  readonly subjectKind: SubjectKind;
  readonly subjectIndex: string;
  readonly subjectSealed: string;
  readonly status: RequestStatus;
  readonly noteSealed: string | null;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly completedAt: Date | null;
  readonly recordedBy: string;
  readonly result: Record<string, unknown> | null;
}

const REQUEST_COLUMNS = `id, tenant, kind, subject_kind AS "subjectKind", subject_index AS "subjectIndex",
  subject_sealed AS "subjectSealed", status, note_sealed AS "noteSealed", received_at AS "receivedAt",
  due_at AS "dueAt", completed_at AS "completedAt", recorded_by AS "recordedBy", result`;

export async function insertRequest(
  sql: Sql,
  r: Omit<RequestRow, 'id' | 'receivedAt' | 'completedAt' | 'result' | 'status' | 'dueAt'> & { dueInHours: number },
): Promise<RequestRow> {
  const { rows } = await sql.query<RequestRow>(
    `INSERT INTO personal_data_request (tenant, kind, subject_kind, subject_index, subject_sealed, status, note_sealed,
       due_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, 'received', $6, now() + make_interval(hours => $7), $8) RETURNING ${REQUEST_COLUMNS}`,
    [r.tenant, r.kind, r.subjectKind, r.subjectIndex, r.subjectSealed, r.noteSealed, r.dueInHours, r.recordedBy],
  );
  return rows[0] as RequestRow;
}

export async function findRequest(sql: Sql, tenant: string, id: string): Promise<RequestRow | null> {
  const { rows } = await sql.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM personal_data_request WHERE id = $1 AND tenant = $2`,
    [id, tenant],
  );
  return rows[0] ?? null;
}

export async function listRequests(
  sql: Sql,
  tenant: string,
  filter: { open?: boolean | undefined; limit: number; offset: number },
): Promise<RequestRow[]> {
  const { rows } = await sql.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM personal_data_request
     WHERE tenant = $1 AND ($2::boolean IS NULL OR (status IN ('received', 'in-progress')) = $2)
     ORDER BY due_at, id LIMIT $3 OFFSET $4`,
    [tenant, filter.open ?? null, filter.limit, filter.offset],
  );
  return rows;
}

export async function updateRequest(
  sql: Sql,
  tenant: string,
  id: string,
  changes: {
    status?: RequestStatus | undefined;
    noteSealed?: string | undefined;
    result?: Record<string, unknown> | undefined;
  },
): Promise<RequestRow | null> {
  const { rows } = await sql.query<RequestRow>(
    `UPDATE personal_data_request SET
       status = COALESCE($3, status),
       note_sealed = COALESCE($4, note_sealed),
       result = COALESCE($5::jsonb, result),
       completed_at = CASE WHEN $3 IN ('completed', 'rejected') THEN now() ELSE completed_at END
     WHERE id = $1 AND tenant = $2 RETURNING ${REQUEST_COLUMNS}`,
    [
      id,
      tenant,
      changes.status ?? null,
      changes.noteSealed ?? null,
      changes.result === undefined ? null : JSON.stringify(changes.result),
    ],
  );
  return rows[0] ?? null;
}

// --- consent -----------------------------------------------------------------------------------------

export interface ConsentRow {
  readonly id: string;
  readonly purpose: string;
  readonly given: boolean;
  readonly at: Date;
  readonly evidenceSealed: string;
  readonly recordedBy: string;
}

const CONSENT_COLUMNS = `id, purpose, given, at, evidence_sealed AS "evidenceSealed", recorded_by AS "recordedBy"`;

export async function insertConsent(
  sql: Sql,
  c: {
    tenant: string;
    subjectKind: SubjectKind;
    subjectIndex: string;
    subjectSealed: string;
    purpose: string;
    given: boolean;
    evidenceSealed: string;
    recordedBy: string;
  },
): Promise<ConsentRow> {
  const { rows } = await sql.query<ConsentRow>(
    `INSERT INTO personal_data_consent (tenant, subject_kind, subject_index, subject_sealed, purpose, given,
       evidence_sealed, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${CONSENT_COLUMNS}`,
    [c.tenant, c.subjectKind, c.subjectIndex, c.subjectSealed, c.purpose, c.given, c.evidenceSealed, c.recordedBy],
  );
  return rows[0] as ConsentRow;
}

/** A person's consent ledger, oldest first. */
export async function consentsOf(sql: Sql, tenant: string, subjectIndex: string): Promise<ConsentRow[]> {
  const { rows } = await sql.query<ConsentRow>(
    `SELECT ${CONSENT_COLUMNS} FROM personal_data_consent WHERE tenant = $1 AND subject_index = $2 ORDER BY at, id`,
    [tenant, subjectIndex],
  );
  return rows;
}
