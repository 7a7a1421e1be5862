import type { Sql } from '../../platform/db/index.js';

/** All SQL of stored @context documents (hosted and cached). */

export interface StoredContext {
  readonly id: string;
  readonly url: string;
  readonly kind: 'hosted' | 'cached';
  readonly body: unknown;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly hits: number;
}

const COLUMNS = 'id, url, kind, body, created_at AS "createdAt", last_used_at AS "lastUsedAt", hits';

export async function findContextByUrl(sql: Sql, url: string): Promise<StoredContext | null> {
  const { rows } = await sql.query<StoredContext>(
    `UPDATE ngsi_jsonld_context SET hits = hits + 1, last_used_at = now() WHERE url = $1 RETURNING ${COLUMNS}`,
    [url],
  );
  return rows[0] ?? null;
}

export async function findContext(sql: Sql, id: string): Promise<StoredContext | null> {
  const { rows } = await sql.query<StoredContext>(`SELECT ${COLUMNS} FROM ngsi_jsonld_context WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listContexts(sql: Sql, kind: 'hosted' | 'cached' | undefined): Promise<StoredContext[]> {
  const { rows } = await sql.query<StoredContext>(
    `SELECT ${COLUMNS} FROM ngsi_jsonld_context WHERE $1::text IS NULL OR kind = $1 ORDER BY created_at, id`,
    [kind ?? null],
  );
  return rows;
}

/** Keeps a document; a second instance saving the same URL at the same time changes nothing. */
export async function saveContext(
  sql: Sql,
  context: { id: string; url: string; kind: 'hosted' | 'cached'; body: unknown },
): Promise<void> {
  await sql.query(
    `INSERT INTO ngsi_jsonld_context (id, url, kind, body) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (url) DO NOTHING`,
    [context.id, context.url, context.kind, JSON.stringify(context.body)],
  );
}

export async function deleteContext(sql: Sql, id: string): Promise<StoredContext | null> {
  const { rows } = await sql.query<StoredContext>(
    `DELETE FROM ngsi_jsonld_context WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}
