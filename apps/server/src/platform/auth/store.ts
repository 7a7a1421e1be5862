import type { Sql } from '../db/index.js';
import type { Role } from './permissions.js';

/** All SQL of accounts, sessions and API keys. `scope` is the caller's tenant; '*' sees every tenant. */

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  /** Personal data: sealed (platform/personal-data), as are phone and email. */
  readonly displayName: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly passwordHash: string;
  readonly roles: Role[];
  readonly tenant: string;
  readonly disabled: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastLoginAt: Date | null;
  readonly mustChangePassword: boolean;
}

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly secretHash: string;
  readonly roles: Role[];
  readonly tenant: string;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export interface SessionRecord {
  readonly sessionId: string;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly user: UserRecord;
}

const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.phone, u.email, u.password_hash AS "passwordHash",
  u.roles, u.tenant, u.disabled, u.failed_logins AS "failedLogins", u.locked_until AS "lockedUntil",
  u.created_at AS "createdAt", u.updated_at AS "updatedAt", u.last_login_at AS "lastLoginAt",
  u.must_change_password AS "mustChangePassword"`;

const API_KEY_COLUMNS = `id, name, prefix, secret_hash AS "secretHash", roles, tenant, created_by AS "createdBy",
  created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

/** Postgres' unique_violation, the same from both drivers. */
export const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly roles: readonly Role[];
  readonly tenant: string;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly phoneIndex?: string | null;
  readonly mustChangePassword?: boolean;
}

export async function insertUser(sql: Sql, user: NewUser): Promise<UserRecord> {
  const { rows } = await sql.query<UserRecord>(
    `INSERT INTO auth_user AS u
       (username, display_name, password_hash, roles, tenant, phone, email, phone_index, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${USER_COLUMNS}`,
    [
      user.username,
      user.displayName,
      user.passwordHash,
      user.roles,
      user.tenant,
      user.phone ?? null,
      user.email ?? null,
      user.phoneIndex ?? null,
      user.mustChangePassword ?? false,
    ],
  );
  return rows[0] as UserRecord;
}

/** Creates the user only while no account exists at all; null when one already does. */
export async function insertFirstUser(sql: Sql, user: NewUser): Promise<UserRecord | null> {
  const { rows } = await sql.query<UserRecord>(
    `INSERT INTO auth_user AS u (username, display_name, password_hash, roles, tenant, must_change_password)
     SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM auth_user)
     ON CONFLICT DO NOTHING RETURNING ${USER_COLUMNS}`,
    [user.username, user.displayName, user.passwordHash, user.roles, user.tenant, user.mustChangePassword ?? false],
  );
  return rows[0] ?? null;
}

export async function anyUserExists(sql: Sql): Promise<boolean> {
  const { rows } = await sql.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM auth_user) AS found`);
  return rows[0]?.found === true;
}

export async function findUserByUsername(sql: Sql, username: string): Promise<UserRecord | null> {
  const { rows } = await sql.query<UserRecord>(
    `SELECT ${USER_COLUMNS} FROM auth_user u WHERE lower(u.username) = lower($1)`,
    [username],
  );
  return rows[0] ?? null;
}

export async function findUser(sql: Sql, id: string, scope: string): Promise<UserRecord | null> {
  const { rows } = await sql.query<UserRecord>(
    `SELECT ${USER_COLUMNS} FROM auth_user u WHERE u.id = $1 AND ($2 = '*' OR u.tenant = $2)`,
    [id, scope],
  );
  return rows[0] ?? null;
}

export async function listUsers(
  sql: Sql,
  scope: string,
  page: { limit: number; offset: number },
): Promise<{ items: UserRecord[]; total: number }> {
  const [items, total] = await Promise.all([
    sql.query<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM auth_user u WHERE ($1 = '*' OR u.tenant = $1)
       ORDER BY lower(u.username) LIMIT $2 OFFSET $3`,
      [scope, page.limit, page.offset],
    ),
    sql.query<{ n: number }>(`SELECT count(*) AS n FROM auth_user WHERE ($1 = '*' OR tenant = $1)`, [scope]),
  ]);
  return { items: items.rows, total: total.rows[0]?.n ?? 0 };
}

export interface UserChanges {
  readonly displayName?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly phoneIndex?: string | undefined;
  readonly passwordHash?: string | undefined;
  readonly roles?: readonly Role[] | undefined;
  readonly tenant?: string | undefined;
  readonly disabled?: boolean | undefined;
  readonly mustChangePassword?: boolean | undefined;
}

export async function updateUser(
  sql: Sql,
  id: string,
  scope: string,
  changes: UserChanges,
): Promise<UserRecord | null> {
  const { rows } = await sql.query<UserRecord>(
    `UPDATE auth_user u SET
       display_name = COALESCE($3, u.display_name),
       password_hash = COALESCE($4, u.password_hash),
       roles = COALESCE($5, u.roles),
       tenant = COALESCE($6, u.tenant),
       disabled = COALESCE($7, u.disabled),
       phone = COALESCE($8, u.phone),
       email = COALESCE($9, u.email),
       phone_index = COALESCE($10, u.phone_index),
       must_change_password = COALESCE($11, u.must_change_password),
       failed_logins = CASE WHEN $4::text IS NULL THEN u.failed_logins ELSE 0 END,
       locked_until = CASE WHEN $4::text IS NULL THEN u.locked_until ELSE NULL END,
       updated_at = now()
     WHERE u.id = $1 AND ($2 = '*' OR u.tenant = $2)
     RETURNING ${USER_COLUMNS}`,
    [
      id,
      scope,
      changes.displayName ?? null,
      changes.passwordHash ?? null,
      changes.roles ?? null,
      changes.tenant ?? null,
      changes.disabled ?? null,
      changes.phone ?? null,
      changes.email ?? null,
      changes.phoneIndex ?? null,
      changes.mustChangePassword ?? null,
    ],
  );
  return rows[0] ?? null;
}

/** Accounts whose phone has this blind index (a data-subject request). */
export async function findUsersByPhoneIndex(sql: Sql, phoneIndex: string): Promise<UserRecord[]> {
  const { rows } = await sql.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM auth_user u WHERE u.phone_index = $1`, [
    phoneIndex,
  ]);
  return rows;
}

/** Erasure of an account's person: the account stays (the audit trail names it), its personal data goes. */
export async function anonymiseUser(sql: Sql, id: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE auth_user SET display_name = '', phone = NULL, email = NULL, phone_index = NULL, updated_at = now()
     WHERE id = $1`,
    [id],
  );
  return rowCount > 0;
}

/** Display names stored before they were personal data, to seal them. */
export async function usersWithPlainNames(sql: Sql): Promise<{ id: string; tenant: string; displayName: string }[]> {
  const { rows } = await sql.query<{ id: string; tenant: string; displayName: string }>(
    `SELECT id, tenant, display_name AS "displayName" FROM auth_user WHERE display_name <> '' AND display_name NOT LIKE 'pd1:%'`,
  );
  return rows;
}

export async function setDisplayName(sql: Sql, id: string, displayName: string): Promise<void> {
  await sql.query(`UPDATE auth_user SET display_name = $2 WHERE id = $1`, [id, displayName]);
}

export async function deleteUser(sql: Sql, id: string, scope: string): Promise<boolean> {
  const { rowCount } = await sql.query(`DELETE FROM auth_user WHERE id = $1 AND ($2 = '*' OR tenant = $2)`, [
    id,
    scope,
  ]);
  return rowCount > 0;
}

/** Enabled admins other than `exceptId`, so the last one is never removed. Locks their rows. */
export async function countOtherActiveAdmins(sql: Sql, exceptId: string): Promise<number> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM auth_user WHERE 'admin' = ANY (roles) AND NOT disabled AND id <> $1 FOR UPDATE`,
    [exceptId],
  );
  return rows.length;
}

/** Counts a failed login; returns until when the account is now locked (null: it is not). */
export async function recordLoginFailure(
  sql: Sql,
  id: string,
  lockAfter: number,
  lockSeconds: number,
): Promise<Date | null> {
  const { rows } = await sql.query<{ lockedUntil: Date | null }>(
    `UPDATE auth_user SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
     WHERE id = $1 RETURNING locked_until AS "lockedUntil"`,
    [id, lockAfter, lockSeconds],
  );
  return rows[0]?.lockedUntil ?? null;
}

/** Lifts a lock after failed logins, by id or by username. */
export async function unlockUser(
  sql: Sql,
  which: { id: string } | { username: string },
  scope: string,
): Promise<UserRecord | null> {
  const byId = 'id' in which;
  const { rows } = await sql.query<UserRecord>(
    `UPDATE auth_user u SET failed_logins = 0, locked_until = NULL, updated_at = now()
     WHERE ${byId ? 'u.id = $1' : 'lower(u.username) = lower($1)'} AND ($2 = '*' OR u.tenant = $2)
     RETURNING ${USER_COLUMNS}`,
    [byId ? which.id : which.username, scope],
  );
  return rows[0] ?? null;
}

export async function recordLoginSuccess(sql: Sql, id: string): Promise<void> {
  await sql.query(`UPDATE auth_user SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [
    id,
  ]);
}

export async function insertSession(
  sql: Sql,
  session: { userId: string; ttlSeconds: number; userAgent: string | undefined; remoteAddress: string | undefined },
): Promise<{ id: string; expiresAt: Date }> {
  const { rows } = await sql.query<{ id: string; expiresAt: Date }>(
    `INSERT INTO auth_session (user_id, expires_at, user_agent, remote_address)
     VALUES ($1, now() + make_interval(secs => $2), $3, $4) RETURNING id, expires_at AS "expiresAt"`,
    [session.userId, session.ttlSeconds, session.userAgent?.slice(0, 300) ?? null, session.remoteAddress ?? null],
  );
  return rows[0] as { id: string; expiresAt: Date };
}

export async function findSession(sql: Sql, sessionId: string): Promise<SessionRecord | null> {
  const { rows } = await sql.query<
    UserRecord & { sessionId: string; sessionExpiresAt: Date; sessionRevokedAt: Date | null }
  >(
    `SELECT s.id AS "sessionId", s.expires_at AS "sessionExpiresAt", s.revoked_at AS "sessionRevokedAt", ${USER_COLUMNS}
     FROM auth_session s JOIN auth_user u ON u.id = s.user_id WHERE s.id = $1`,
    [sessionId],
  );
  const row = rows[0];
  if (!row) return null;
  const { sessionId: id, sessionExpiresAt, sessionRevokedAt, ...user } = row;
  return { sessionId: id, expiresAt: sessionExpiresAt, revokedAt: sessionRevokedAt, user };
}

export async function revokeSession(sql: Sql, sessionId: string): Promise<void> {
  await sql.query(`UPDATE auth_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
}

export async function revokeSessionsOfUser(sql: Sql, userId: string): Promise<void> {
  await sql.query(`UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
}

/** Sessions that ended more than a day ago are of no further use. */
export async function deleteOldSessions(sql: Sql): Promise<void> {
  await sql.query(`DELETE FROM auth_session WHERE expires_at < now() - interval '1 day'`);
}

export interface NewApiKey {
  readonly name: string;
  readonly prefix: string;
  readonly secretHash: string;
  readonly roles: readonly Role[];
  readonly tenant: string;
  readonly createdBy: string | null;
  readonly expiresAt: Date | null;
}

export async function insertApiKey(sql: Sql, key: NewApiKey): Promise<ApiKeyRecord> {
  const { rows } = await sql.query<ApiKeyRecord>(
    `INSERT INTO auth_api_key (name, prefix, secret_hash, roles, tenant, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${API_KEY_COLUMNS}`,
    [key.name, key.prefix, key.secretHash, key.roles, key.tenant, key.createdBy, key.expiresAt],
  );
  return rows[0] as ApiKeyRecord;
}

export async function findApiKeyByPrefix(sql: Sql, prefix: string): Promise<ApiKeyRecord | null> {
  const { rows } = await sql.query<ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM auth_api_key WHERE prefix = $1`, [
    prefix,
  ]);
  return rows[0] ?? null;
}

export async function findApiKey(sql: Sql, id: string, scope: string): Promise<ApiKeyRecord | null> {
  const { rows } = await sql.query<ApiKeyRecord>(
    `SELECT ${API_KEY_COLUMNS} FROM auth_api_key WHERE id = $1 AND ($2 = '*' OR tenant = $2)`,
    [id, scope],
  );
  return rows[0] ?? null;
}

export async function listApiKeys(sql: Sql, scope: string): Promise<ApiKeyRecord[]> {
  const { rows } = await sql.query<ApiKeyRecord>(
    `SELECT ${API_KEY_COLUMNS} FROM auth_api_key WHERE ($1 = '*' OR tenant = $1) ORDER BY created_at DESC`,
    [scope],
  );
  return rows;
}

export async function revokeApiKey(sql: Sql, id: string, scope: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE auth_api_key SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND ($2 = '*' OR tenant = $2)`,
    [id, scope],
  );
  return rowCount > 0;
}

export async function touchApiKey(sql: Sql, id: string): Promise<void> {
  await sql.query(`UPDATE auth_api_key SET last_used_at = now() WHERE id = $1`, [id]);
}

/** Returns the named platform secret, creating it from `candidate` if it does not exist yet. */
export async function ensureSecret(sql: Sql, name: string, candidate: string): Promise<string> {
  await sql.query(`INSERT INTO platform_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    candidate,
  ]);
  const { rows } = await sql.query<{ value: string }>(`SELECT value FROM platform_secret WHERE name = $1`, [name]);
  return (rows[0] as { value: string }).value;
}
