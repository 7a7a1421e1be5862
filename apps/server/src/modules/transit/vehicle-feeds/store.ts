import type { Sql } from '../../../platform/db/index.js';

/** The SQL of the VehiclePositions feeds Thang Long polls. */

export interface VehicleFeedRow {
  readonly id: string;
  readonly tenant: string;
  readonly url: string;
  readonly scope: string;
  readonly intervalSeconds: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  readonly nextFetchAt: Date;
  readonly failures: number;
  readonly lastAttemptAt: Date | null;
  readonly lastSuccessAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly lastEntities: number | null;
  readonly lastAccepted: number | null;
  readonly lastRejected: number | null;
}

const COLUMNS = `id, tenant, url, scope, interval_seconds AS "intervalSeconds", headers, created_at AS "createdAt",
  created_by AS "createdBy", next_fetch_at AS "nextFetchAt", failures, last_attempt_at AS "lastAttemptAt",
  last_success_at AS "lastSuccessAt", last_error AS "lastError", last_error_at AS "lastErrorAt",
  last_entities AS "lastEntities", last_accepted AS "lastAccepted", last_rejected AS "lastRejected"`;

export async function insertFeed(
  sql: Sql,
  feed: {
    id: string;
    tenant: string;
    url: string;
    scope: string;
    intervalSeconds: number;
    headers: Readonly<Record<string, string>>;
    createdBy: string | null;
    now: Date;
  },
): Promise<VehicleFeedRow> {
  const { rows } = await sql.query<VehicleFeedRow>(
    `INSERT INTO transit_vehicle_feed (id, tenant, url, scope, interval_seconds, headers, created_at, created_by, next_fetch_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)
     RETURNING ${COLUMNS}`,
    [
      feed.id,
      feed.tenant,
      feed.url,
      feed.scope,
      feed.intervalSeconds,
      JSON.stringify(feed.headers),
      feed.now,
      feed.createdBy,
    ],
  );
  return rows[0] as VehicleFeedRow;
}

export async function listFeeds(sql: Sql, tenant: string): Promise<VehicleFeedRow[]> {
  const { rows } = await sql.query<VehicleFeedRow>(
    `SELECT ${COLUMNS} FROM transit_vehicle_feed WHERE tenant = $1 ORDER BY created_at, id`,
    [tenant],
  );
  return rows;
}

export async function findFeed(sql: Sql, tenant: string, id: string): Promise<VehicleFeedRow | null> {
  const { rows } = await sql.query<VehicleFeedRow>(
    `SELECT ${COLUMNS} FROM transit_vehicle_feed WHERE tenant = $1 AND id = $2`,
    [tenant, id],
  );
  return rows[0] ?? null;
}

export async function deleteFeed(sql: Sql, tenant: string, id: string): Promise<boolean> {
  const { rowCount } = await sql.query(`DELETE FROM transit_vehicle_feed WHERE tenant = $1 AND id = $2`, [tenant, id]);
  return rowCount > 0;
}

/**
 * Claims feeds due at `now`, of every tenant, by moving their next fetch `leaseSeconds` on: another
 * instance polling at the same moment skips them (the update re-checks the row it waited for).
 */
export async function claimDue(sql: Sql, now: Date, limit: number, leaseSeconds: number): Promise<VehicleFeedRow[]> {
  const { rows } = await sql.query<VehicleFeedRow>(
    `UPDATE transit_vehicle_feed
        SET next_fetch_at = $1::timestamptz + make_interval(secs => $3), last_attempt_at = $1
      WHERE id IN (SELECT id FROM transit_vehicle_feed WHERE next_fetch_at <= $1 ORDER BY next_fetch_at LIMIT $2)
        AND next_fetch_at <= $1
      RETURNING ${COLUMNS}`,
    [now, limit, leaseSeconds],
  );
  return rows;
}

export async function recordSuccess(
  sql: Sql,
  id: string,
  at: Date,
  next: Date,
  counts: { entities: number; accepted: number; rejected: number },
): Promise<void> {
  await sql.query(
    `UPDATE transit_vehicle_feed
        SET failures = 0, last_success_at = $2, next_fetch_at = $3,
            last_entities = $4, last_accepted = $5, last_rejected = $6
      WHERE id = $1`,
    [id, at, next, counts.entities, counts.accepted, counts.rejected],
  );
}

export async function recordFailure(sql: Sql, id: string, at: Date, next: Date, error: string): Promise<void> {
  await sql.query(
    `UPDATE transit_vehicle_feed
        SET failures = failures + 1, last_error = $3, last_error_at = $2, next_fetch_at = $4
      WHERE id = $1`,
    [id, at, error.slice(0, 500), next],
  );
}
