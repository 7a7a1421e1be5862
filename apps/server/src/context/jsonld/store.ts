import type { Sql } from '../../platform/db/index.js';

/**
 * All SQL of stored @context documents (hosted, cached and implicitly created). Each belongs to a
 * tenant; `*` marks a platform-wide one, which every tenant reads.
 */

export const PLATFORM_WIDE = '*';

/** Hosted (POSTed by a client), cached (a copy of a remote one), implicit (made by the broker, §5.13). */
export type ContextKind = 'hosted' | 'cached' | 'implicit';

export interface StoredContext {
  readonly id: string;
  readonly tenant: string;
  readonly url: string;
  readonly kind: ContextKind;
  readonly body: unknown;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly hits: number;
}

const COLUMNS = 'id, tenant, url, kind, body, created_at AS "createdAt", last_used_at AS "lastUsedAt", hits';

/** Counts `hits` uses of the tenant's copy of a URL, else of the platform-wide one (numberOfHits, lastUsage). */
export async function countUseOfUrl(sql: Sql, tenant: string, url: string, hits: number): Promise<void> {
  await sql.query(
    `UPDATE ngsi_jsonld_context SET hits = hits + $3, last_used_at = now()
     WHERE id = (SELECT id FROM ngsi_jsonld_context WHERE url = $2 AND tenant IN ($1, '${PLATFORM_WIDE}')
                 ORDER BY tenant = $1 DESC LIMIT 1)`,
    [tenant, url, hits],
  );
}

/** The tenant's copy of a URL, else a platform-wide one, without counting a use. */
export async function findContextAt(sql: Sql, tenant: string, url: string): Promise<StoredContext | null> {
  const { rows } = await sql.query<StoredContext>(
    `SELECT ${COLUMNS} FROM ngsi_jsonld_context WHERE url = $2 AND tenant IN ($1, '${PLATFORM_WIDE}')
     ORDER BY tenant = $1 DESC LIMIT 1`,
    [tenant, url],
  );
  return rows[0] ?? null;
}

/** Counts `hits` uses of a document (numberOfHits, lastUsage). */
export async function countUse(sql: Sql, id: string, hits = 1): Promise<void> {
  await sql.query('UPDATE ngsi_jsonld_context SET hits = hits + $2, last_used_at = now() WHERE id = $1', [id, hits]);
}

/** A document by its id, whoever owns it (a hosted context's URL is public). */
export async function findContext(sql: Sql, id: string): Promise<StoredContext | null> {
  const { rows } = await sql.query<StoredContext>(`SELECT ${COLUMNS} FROM ngsi_jsonld_context WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** A document by its id, if the tenant owns it or it is platform-wide. */
export async function findTenantContext(sql: Sql, tenant: string, id: string): Promise<StoredContext | null> {
  const { rows } = await sql.query<StoredContext>(
    `SELECT ${COLUMNS} FROM ngsi_jsonld_context WHERE id = $1 AND tenant IN ($2, '${PLATFORM_WIDE}')`,
    [id, tenant],
  );
  return rows[0] ?? null;
}

export async function listContexts(sql: Sql, tenant: string, kind: ContextKind | undefined): Promise<StoredContext[]> {
  const { rows } = await sql.query<StoredContext>(
    `SELECT ${COLUMNS} FROM ngsi_jsonld_context
     WHERE tenant IN ($1, '${PLATFORM_WIDE}') AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id`,
    [tenant, kind ?? null],
  );
  return rows;
}

/** Keeps a document; a second instance saving the same URL for the tenant at the same time changes nothing. */
export async function saveContext(
  sql: Sql,
  context: { id: string; tenant: string; url: string; kind: ContextKind; body: unknown },
): Promise<void> {
  await sql.query(
    `INSERT INTO ngsi_jsonld_context (id, tenant, url, kind, body) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (tenant, url) DO NOTHING`,
    [context.id, context.tenant, context.url, context.kind, JSON.stringify(context.body)],
  );
}

/**
 * Keeps a document the broker made, unless the tenant already holds `limit` of them (one statement, so
 * concurrent requests cannot pass the bound together by much). Whether it is held afterwards.
 */
export async function saveImplicitContext(
  sql: Sql,
  context: { id: string; tenant: string; url: string; body: unknown },
  limit: number,
): Promise<boolean> {
  const { rows } = await sql.query<{ id: string }>(
    `WITH saved AS (
       INSERT INTO ngsi_jsonld_context (id, tenant, url, kind, body)
       SELECT $1, $2, $3, 'implicit', $4::jsonb
       WHERE (SELECT count(*) FROM ngsi_jsonld_context WHERE tenant = $2 AND kind = 'implicit') < $5
       ON CONFLICT DO NOTHING RETURNING id)
     SELECT id FROM saved UNION ALL SELECT id FROM ngsi_jsonld_context WHERE id = $1`,
    [context.id, context.tenant, context.url, JSON.stringify(context.body), limit],
  );
  return rows.length > 0;
}

export async function deleteContext(sql: Sql, id: string): Promise<StoredContext | null> {
  const { rows } = await sql.query<StoredContext>(
    `DELETE FROM ngsi_jsonld_context WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}
