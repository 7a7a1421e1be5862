import type { Sql } from '../../platform/db/index.js';

/** All SQL of the applicants: one-time codes, attempts, tokens, sign-ons under way. Sealed values stay sealed here. */

type Time = Date;

// --- one-time codes ------------------------------------------------------------------------------

export interface StoredCode {
  readonly id: string;
  readonly salt: string;
  readonly codeHash: string;
  /** Wrong tries from the address that asked for the code. */
  readonly tries: number;
  /** Wrong tries from every other address, together. */
  readonly othersTries: number;
  /** The address that asked for the code, hashed (null: asked before tries were counted per requester). */
  readonly requester: string | null;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

export async function insertCode(
  sql: Sql,
  c: {
    tenant: string;
    dossier: string;
    salt: string;
    codeHash: string;
    requester: string;
    createdAt: Time;
    expiresAt: Time;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO services_applicant_code (tenant, dossier, salt, code_hash, requester, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [c.tenant, c.dossier, c.salt, c.codeHash, c.requester, c.createdAt, c.expiresAt],
  );
}

/**
 * The dossier's codes still live (unused, unexpired), newest first, locked for the try: each counts, so a
 * code asked for later (by anyone) does not end the one the applicant holds. Ordered by the column, not
 * by the text `id` selected: as text, code 9 would sort after code 10.
 */
export async function liveCodes(tx: Sql, tenant: string, dossier: string, now: Time): Promise<StoredCode[]> {
  const { rows } = await tx.query<StoredCode>(
    `SELECT id::text AS id, salt, code_hash AS "codeHash", tries, others_tries AS "othersTries", requester,
            expires_at AS "expiresAt", used_at AS "usedAt"
       FROM services_applicant_code
      WHERE tenant = $1 AND dossier = $2 AND used_at IS NULL AND expires_at > $3
      ORDER BY services_applicant_code.id DESC LIMIT 50 FOR UPDATE`,
    [tenant, dossier, now],
  );
  return rows;
}

/** Counts a wrong try, in the requester's count or in the others'; gives the count it is now. */
export async function countTry(tx: Sql, id: string, byRequester: boolean): Promise<number> {
  const column = byRequester ? 'tries' : 'others_tries';
  const { rows } = await tx.query<{ n: number }>(
    `UPDATE services_applicant_code SET ${column} = ${column} + 1 WHERE id = $1::bigint RETURNING ${column} AS n`,
    [id],
  );
  return rows[0]?.n ?? 0;
}

export async function markUsed(tx: Sql, id: string, at: Time): Promise<void> {
  await tx.query(`UPDATE services_applicant_code SET used_at = $2, tries = tries + 1 WHERE id = $1::bigint`, [id, at]);
}

/** Ends the dossier's other live codes once one is used: the applicant proved who they are. */
export async function retireCodes(tx: Sql, tenant: string, dossier: string, at: Time): Promise<void> {
  await tx.query(
    `UPDATE services_applicant_code SET used_at = $3 WHERE tenant = $1 AND dossier = $2 AND used_at IS NULL`,
    [tenant, dossier, at],
  );
}

/** Holds the dossier's codes for the rest of the transaction: one request at a time counts and writes. */
export async function lockCodes(tx: Sql, tenant: string, dossier: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`services.applicant-code:${tenant}:${dossier}`]);
}

/** Codes sent for the dossier since `since`: all of them, and those one address asked for. */
export async function codesSince(
  sql: Sql,
  tenant: string,
  dossier: string,
  since: Time,
  requester: string,
): Promise<{ all: number; byRequester: number }> {
  const { rows } = await sql.query<{ all: number; mine: number }>(
    `SELECT count(*)::int AS "all", (count(*) FILTER (WHERE requester = $4))::int AS mine
       FROM services_applicant_code WHERE tenant = $1 AND dossier = $2 AND created_at > $3`,
    [tenant, dossier, since, requester],
  );
  return { all: rows[0]?.all ?? 0, byRequester: rows[0]?.mine ?? 0 };
}

// --- attempts (rate limits) ----------------------------------------------------------------------

/** One source's attempts of a kind counted and written one request at a time (until the transaction ends). */
export async function lockSource(tx: Sql, kind: AttemptKind, source: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`services.applicant-source:${kind}:${source}`]);
}

export type AttemptKind = 'request' | 'verify';

export async function insertAttempt(
  sql: Sql,
  a: { tenant: string; kind: AttemptKind; source: string; dossier: string; at: Time },
): Promise<void> {
  await sql.query(
    `INSERT INTO services_applicant_attempt (tenant, kind, source, dossier, at) VALUES ($1, $2, $3, $4, $5)`,
    [a.tenant, a.kind, a.source, a.dossier, a.at],
  );
}

/** The source's attempts of a kind since `since`: how many, and the oldest (when the window frees one). */
export async function attemptsSince(
  sql: Sql,
  kind: AttemptKind,
  source: string,
  since: Time,
): Promise<{ count: number; oldest: Date | null }> {
  const { rows } = await sql.query<{ count: number; oldest: Date | null }>(
    `SELECT count(*)::int AS count, min(at) AS oldest FROM services_applicant_attempt
      WHERE kind = $1 AND source = $2 AND at > $3`,
    [kind, source, since],
  );
  return rows[0] ?? { count: 0, oldest: null };
}

/** Attempts, codes, tokens and sign-ons nobody needs any more. */
export async function deleteStale(sql: Sql, now: Time, attemptsBefore: Time): Promise<void> {
  await sql.query(`DELETE FROM services_applicant_attempt WHERE at < $1`, [attemptsBefore]);
  await sql.query(`DELETE FROM services_applicant_code WHERE expires_at < $1`, [attemptsBefore]);
  await sql.query(`DELETE FROM services_applicant_token WHERE expires_at <= $1`, [now]);
  await sql.query(`DELETE FROM services_applicant_login WHERE expires_at <= $1`, [now]);
}

// --- tokens ---------------------------------------------------------------------------------------

export interface StoredToken {
  readonly tenant: string;
  readonly kind: 'dossier' | 'identity';
  readonly dossier: string | null;
  /** Sealed. */
  readonly subject: string | null;
  readonly name: string | null;
  readonly idNumber: string | null;
  readonly expiresAt: Date;
}

const TOKEN_COLUMNS = `tenant, kind, dossier, subject, name, id_number AS "idNumber", expires_at AS "expiresAt"`;

export async function insertToken(
  sql: Sql,
  t: StoredToken & { tokenHash: string; idIndex: string | null; createdAt: Time },
): Promise<void> {
  await sql.query(
    `INSERT INTO services_applicant_token
       (token_hash, tenant, kind, dossier, subject, name, id_number, id_index, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [t.tokenHash, t.tenant, t.kind, t.dossier, t.subject, t.name, t.idNumber, t.idIndex, t.createdAt, t.expiresAt],
  );
}

export async function findToken(sql: Sql, tenant: string, tokenHash: string, now: Time): Promise<StoredToken | null> {
  const { rows } = await sql.query<StoredToken>(
    `SELECT ${TOKEN_COLUMNS} FROM services_applicant_token WHERE token_hash = $1 AND tenant = $2 AND expires_at > $3`,
    [tokenHash, tenant, now],
  );
  return rows[0] ?? null;
}

export async function deleteToken(sql: Sql, tenant: string, tokenHash: string): Promise<boolean> {
  const { rowCount } = await sql.query(`DELETE FROM services_applicant_token WHERE token_hash = $1 AND tenant = $2`, [
    tokenHash,
    tenant,
  ]);
  return rowCount > 0;
}

/** Signed-in applicants' tokens of a person, by the blind index of their ID number (data-subject requests). */
export async function tokensByIdIndex(
  sql: Sql,
  tenant: string,
  idIndex: string,
): Promise<(StoredToken & { tokenHash: string })[]> {
  const { rows } = await sql.query<StoredToken & { tokenHash: string }>(
    `SELECT token_hash AS "tokenHash", ${TOKEN_COLUMNS} FROM services_applicant_token WHERE tenant = $1 AND id_index = $2`,
    [tenant, idIndex],
  );
  return rows;
}

// --- sign-ons under way ---------------------------------------------------------------------------

export async function insertLogin(
  sql: Sql,
  l: { stateHash: string; tenant: string; nonce: string; codeVerifier: string; expiresAt: Time },
): Promise<void> {
  await sql.query(
    `INSERT INTO services_applicant_login (state_hash, tenant, nonce, code_verifier, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [l.stateHash, l.tenant, l.nonce, l.codeVerifier, l.expiresAt],
  );
}

/** Takes the sign-on away (a second callback with the same state finds nothing); null if unknown or expired. */
export async function takeLogin(
  sql: Sql,
  tenant: string,
  stateHash: string,
  now: Time,
): Promise<{ nonce: string; codeVerifier: string } | null> {
  const { rows } = await sql.query<{ nonce: string; codeVerifier: string; expiresAt: Date }>(
    `DELETE FROM services_applicant_login WHERE state_hash = $1 AND tenant = $2
     RETURNING nonce, code_verifier AS "codeVerifier", expires_at AS "expiresAt"`,
    [stateHash, tenant],
  );
  const row = rows[0];
  return row && row.expiresAt.getTime() > new Date(now).getTime()
    ? { nonce: row.nonce, codeVerifier: row.codeVerifier }
    : null;
}
