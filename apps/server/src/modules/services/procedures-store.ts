import type { AuditActor } from '../../platform/audit/index.js';
import type { Sql } from '../../platform/db/index.js';
import type { Agency, ProcedureLevel } from './model.js';

/** The procedures catalogue's SQL: agencies, and procedures kept in versions (the body as JSON). */

type Time = Date | string;
const iso = (v: Time): string => new Date(v).toISOString();

export interface StoredVersion {
  readonly code: string;
  readonly version: number;
  readonly body: Record<string, unknown>;
  readonly published: boolean;
  readonly updatedAt: string;
}

interface VersionRow {
  code: string;
  version: number;
  body: Record<string, unknown>;
  published: boolean;
  updated_at: Time;
}

const version = (r: VersionRow): StoredVersion => ({
  code: r.code,
  version: Number(r.version),
  body: r.body,
  published: r.published,
  updatedAt: iso(r.updated_at),
});

const COLUMNS = 'code, version, body, published, updated_at';

/** Saves of one procedure take turns (the next version number is read, then written). */
export async function lockProcedure(sql: Sql, tenant: string, code: string): Promise<void> {
  await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`services.procedure:${tenant}:${code}`]);
}

/** The latest version of every procedure of the tenant. */
export async function currentVersions(sql: Sql, tenant: string): Promise<StoredVersion[]> {
  const { rows } = await sql.query<VersionRow>(
    `SELECT DISTINCT ON (code) ${COLUMNS} FROM services_procedures
      WHERE tenant = $1 ORDER BY code, version DESC`,
    [tenant],
  );
  return rows.map(version);
}

/** One version of a procedure, or its latest one. */
export async function procedureVersion(
  sql: Sql,
  tenant: string,
  code: string,
  n?: number,
): Promise<StoredVersion | undefined> {
  const { rows } =
    n === undefined
      ? await sql.query<VersionRow>(
          `SELECT ${COLUMNS} FROM services_procedures WHERE tenant = $1 AND code = $2 ORDER BY version DESC LIMIT 1`,
          [tenant, code],
        )
      : await sql.query<VersionRow>(
          `SELECT ${COLUMNS} FROM services_procedures WHERE tenant = $1 AND code = $2 AND version = $3`,
          [tenant, code, n],
        );
  return rows[0] ? version(rows[0]) : undefined;
}

/** Who saved the latest version of a procedure (none: no such procedure). */
export async function latestSavedBy(sql: Sql, tenant: string, code: string): Promise<AuditActor | undefined> {
  const { rows } = await sql.query<{ saved_by: AuditActor }>(
    'SELECT saved_by FROM services_procedures WHERE tenant = $1 AND code = $2 ORDER BY version DESC LIMIT 1',
    [tenant, code],
  );
  return rows[0]?.saved_by;
}

export async function insertVersion(sql: Sql, tenant: string, v: StoredVersion, savedBy: AuditActor): Promise<void> {
  await sql.query(
    `INSERT INTO services_procedures (tenant, code, version, body, published, updated_at, saved_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [tenant, v.code, v.version, JSON.stringify(v.body), v.published, v.updatedAt, JSON.stringify(savedBy)],
  );
}

/** Offers or withdraws the latest version (its content unchanged, so no new version). */
export async function setPublished(
  sql: Sql,
  tenant: string,
  code: string,
  n: number,
  published: boolean,
  at: string,
): Promise<void> {
  await sql.query(
    `UPDATE services_procedures SET published = $4, updated_at = $5, body = jsonb_set(body, '{published}', to_jsonb($4::boolean))
      WHERE tenant = $1 AND code = $2 AND version = $3`,
    [tenant, code, n, published, at],
  );
}

export async function procedureVersions(
  sql: Sql,
  tenant: string,
  code: string,
): Promise<{ version: number; updatedAt: string }[]> {
  const { rows } = await sql.query<{ version: number; updated_at: Time }>(
    'SELECT version, updated_at FROM services_procedures WHERE tenant = $1 AND code = $2 ORDER BY version',
    [tenant, code],
  );
  return rows.map((r) => ({ version: Number(r.version), updatedAt: iso(r.updated_at) }));
}

/** Whether a dossier of the tenant was filed under that version of the procedure. */
export async function versionFiledUnder(sql: Sql, tenant: string, code: string, n: number): Promise<boolean> {
  const { rows } = await sql.query(
    `SELECT 1 FROM services_dossiers WHERE tenant = $1 AND procedure_code = $2 AND procedure_version = $3 LIMIT 1`,
    [tenant, code, n],
  );
  return rows.length > 0;
}

interface AgencyRow {
  code: string;
  name_vi: string;
  name_en: string;
  level: ProcedureLevel;
}

const agency = (r: AgencyRow): Agency => ({ code: r.code, name: { vi: r.name_vi, en: r.name_en }, level: r.level });

export async function upsertAgency(sql: Sql, tenant: string, a: Agency, at: string): Promise<void> {
  await sql.query(
    `INSERT INTO services_agencies (tenant, code, name_vi, name_en, level, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant, code) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en,
       level = EXCLUDED.level, updated_at = EXCLUDED.updated_at
     WHERE (services_agencies.name_vi, services_agencies.name_en, services_agencies.level)
       IS DISTINCT FROM (EXCLUDED.name_vi, EXCLUDED.name_en, EXCLUDED.level)`,
    [tenant, a.code, a.name.vi, a.name.en, a.level, at],
  );
}

export async function listAgencies(sql: Sql, tenant: string): Promise<Agency[]> {
  const { rows } = await sql.query<AgencyRow>(
    'SELECT code, name_vi, name_en, level FROM services_agencies WHERE tenant = $1 ORDER BY level, code',
    [tenant],
  );
  return rows.map(agency);
}

export async function findAgency(sql: Sql, tenant: string, code: string): Promise<Agency | undefined> {
  const { rows } = await sql.query<AgencyRow>(
    'SELECT code, name_vi, name_en, level FROM services_agencies WHERE tenant = $1 AND code = $2',
    [tenant, code],
  );
  return rows[0] ? agency(rows[0]) : undefined;
}
