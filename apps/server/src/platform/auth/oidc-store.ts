import type { Sql } from '../db/index.js';
import type { Role } from './permissions.js';

/** All SQL of single sign-on: logins under way, one-time codes for the web app, external accounts. */

/** What the callback needs to finish a login: kept until the browser returns, at most until it expires. */
export interface PendingLogin {
  readonly nonce: string;
  readonly codeVerifier: string;
}

export async function insertPendingLogin(
  sql: Sql,
  login: PendingLogin & { stateHash: string; ttlSeconds: number },
): Promise<void> {
  await sql.query(
    `INSERT INTO auth_oidc_login (state_hash, nonce, code_verifier, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [login.stateHash, login.nonce, login.codeVerifier, login.ttlSeconds],
  );
}

/** Takes the login away (so a second callback with the same state finds nothing); null if unknown or expired. */
export async function takePendingLogin(sql: Sql, stateHash: string): Promise<PendingLogin | null> {
  const { rows } = await sql.query<PendingLogin & { expired: boolean }>(
    `DELETE FROM auth_oidc_login WHERE state_hash = $1
     RETURNING nonce, code_verifier AS "codeVerifier", expires_at <= now() AS expired`,
    [stateHash],
  );
  const row = rows[0];
  return row && !row.expired ? { nonce: row.nonce, codeVerifier: row.codeVerifier } : null;
}

export async function insertHandoff(
  sql: Sql,
  handoff: { codeHash: string; userId: string; ttlSeconds: number },
): Promise<void> {
  await sql.query(
    `INSERT INTO auth_oidc_handoff (code_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
    [handoff.codeHash, handoff.userId, handoff.ttlSeconds],
  );
}

/** Redeems a one-time code: the user it was made for, or null when unknown, used or expired. */
export async function takeHandoff(sql: Sql, codeHash: string): Promise<string | null> {
  const { rows } = await sql.query<{ userId: string; expired: boolean }>(
    `DELETE FROM auth_oidc_handoff WHERE code_hash = $1 RETURNING user_id AS "userId", expires_at <= now() AS expired`,
    [codeHash],
  );
  const row = rows[0];
  return row && !row.expired ? row.userId : null;
}

/** Logins and codes nobody came back for. */
export async function deleteExpired(sql: Sql): Promise<void> {
  await sql.query(`DELETE FROM auth_oidc_login WHERE expires_at <= now()`);
  await sql.query(`DELETE FROM auth_oidc_handoff WHERE expires_at <= now()`);
}

export interface ExternalAccount {
  readonly userId: string;
  readonly disabled: boolean;
}

export async function findExternalAccount(sql: Sql, issuer: string, subject: string): Promise<ExternalAccount | null> {
  const { rows } = await sql.query<ExternalAccount>(
    `SELECT u.id AS "userId", u.disabled FROM auth_external_identity x JOIN auth_user u ON u.id = x.user_id
     WHERE x.issuer = $1 AND x.subject = $2 FOR UPDATE OF x`,
    [issuer, subject],
  );
  return rows[0] ?? null;
}

/** Marks an account that has no local password (its hash can never verify a password). */
export const EXTERNAL_PASSWORD_HASH = 'external';

export interface ExternalProfile {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly tenant: string;
}

export async function insertExternalAccount(
  sql: Sql,
  identity: { issuer: string; subject: string },
  profile: ExternalProfile,
): Promise<string> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO auth_user (username, display_name, password_hash, roles, tenant, last_login_at)
     VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
    [profile.username, profile.displayName, EXTERNAL_PASSWORD_HASH, profile.roles, profile.tenant],
  );
  const id = (rows[0] as { id: string }).id;
  await sql.query(`INSERT INTO auth_external_identity (user_id, issuer, subject) VALUES ($1, $2, $3)`, [
    id,
    identity.issuer,
    identity.subject,
  ]);
  return id;
}

/**
 * Brings an external account in line with what the identity provider says now. Returns whether its
 * roles or tenant changed (its earlier sessions then end, as when an administrator changes them).
 */
export async function updateExternalAccount(
  sql: Sql,
  userId: string,
  profile: Omit<ExternalProfile, 'username'>,
): Promise<boolean> {
  const { rows } = await sql.query<{ changed: boolean }>(
    `UPDATE auth_user u SET display_name = $2, roles = $3, tenant = $4, last_login_at = now(),
       updated_at = CASE WHEN u.roles IS DISTINCT FROM $3::text[] OR u.tenant <> $4 OR u.display_name <> $2
                         THEN now() ELSE u.updated_at END
     FROM auth_user old WHERE u.id = $1 AND old.id = u.id
     RETURNING old.roles IS DISTINCT FROM $3::text[] OR old.tenant <> $4 AS changed`,
    [userId, profile.displayName, profile.roles, profile.tenant],
  );
  await sql.query(`UPDATE auth_external_identity SET last_login_at = now() WHERE user_id = $1`, [userId]);
  return rows[0]?.changed ?? false;
}
