import type { Database, Sql } from '../../platform/db/index.js';
import type { Attributes } from '../model.js';

/**
 * The change log (ngsi_change), read in commit-safe order. Rows are ordered by (transaction id, seq)
 * and only rows of transactions older than every transaction still running in this database are
 * read, so a row whose transaction commits late is never skipped by a reader that has moved past it.
 */

export interface Change {
  /** Where this change sits in the log: `xid:seq`, comparable with comparePositions. */
  readonly position: string;
  readonly tenant: string;
  readonly entityId: string;
  readonly kind: 'created' | 'updated' | 'deleted';
  /** Expanded type IRIs. */
  readonly types: readonly string[];
  /** The changed attributes as they are now (for a deleted entity: as they were). */
  readonly attrs: Attributes;
  /** The same attributes as they were before; absent ones are missing. */
  readonly previous: Attributes;
  readonly at: string;
  /** A deleted entity: when it was created and last modified (its history may be gone by now). */
  readonly entityTimes?: { readonly createdAt: string; readonly modifiedAt: string } | undefined;
  /** The entity's location bounding box [minLon, minLat, maxLon, maxLat], when asked for and known. */
  readonly bbox?: readonly [number, number, number, number] | undefined;
  /** Read for the live stream and larger than it carries: `attrs` holds only the change's small attributes. */
  readonly abridged?: boolean | undefined;
}

export const START = '0:0';

const XID_SPAN = 1n << 32n;

/**
 * The horizon below which every transaction that could write the change log has ended: the oldest
 * transaction id still running in this database (or prepared in it), else the next id to be given.
 * PostgreSQL's own snapshot horizon counts every database of the cluster, so one long transaction
 * elsewhere (a report, a migration of another application) would hold every notification back.
 * Transactions without an id (readers) cannot write, so they do not count.
 *
 * The snapshot is taken before the activity is read, so a transaction given an id before the
 * snapshot is either still listed or has ended; the rows are then read by a later statement,
 * whose own snapshot sees everything that ended. Ids in the activity view are 32-bit: each is
 * placed in the epoch just below the next full id.
 */
async function horizon(db: Database): Promise<string> {
  if (db.driver === 'pglite') {
    // One connection: nothing else runs while this reads.
    const { rows } = await db.query<{ h: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h');
    return (rows[0] as { h: string }).h;
  }
  const { rows } = await db.query<{ next: string; running: string[] | null }>(
    `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next,
            ARRAY(SELECT backend_xid::text FROM pg_stat_activity
                   WHERE datname = current_database() AND backend_xid IS NOT NULL
                  UNION ALL
                  SELECT transaction::text FROM pg_prepared_xacts WHERE database = current_database()) AS running`,
  );
  const row = rows[0] as { next: string; running: string[] | null };
  const next = BigInt(row.next);
  let oldest = next;
  for (const text of row.running ?? []) {
    const full = next - ((((next - BigInt(text)) % XID_SPAN) + XID_SPAN) % XID_SPAN);
    if (full < oldest) oldest = full;
  }
  return oldest.toString();
}

interface ChangeRow {
  xid: string;
  seq: number;
  tenant: string;
  entity_id: string;
  kind: Change['kind'];
  types: string[];
  attrs: Attributes;
  previous: Attributes;
  at: Date;
  entity_created_at: Date | null;
  entity_modified_at: Date | null;
  min_x?: number | null;
  min_y?: number | null;
  max_x?: number | null;
  max_y?: number | null;
  abridged?: boolean;
}

function parsePosition(position: string): [string, number] {
  const m = /^(\d+):(\d+)$/.exec(position);
  if (!m) throw new Error(`not a change-log position: ${position}`);
  return [m[1] as string, Number(m[2])];
}

export function isPosition(value: string): boolean {
  return /^\d{1,20}:\d{1,20}$/.test(value);
}

function toChange(row: ChangeRow): Change {
  const box =
    row.min_x != null && row.min_y != null && row.max_x != null && row.max_y != null
      ? ([row.min_x, row.min_y, row.max_x, row.max_y] as const)
      : undefined;
  return {
    position: `${row.xid}:${row.seq}`,
    tenant: row.tenant,
    entityId: row.entity_id,
    kind: row.kind,
    types: row.types,
    attrs: row.attrs,
    previous: row.previous,
    at: row.at.toISOString(),
    entityTimes:
      row.entity_created_at && row.entity_modified_at
        ? { createdAt: row.entity_created_at.toISOString(), modifiedAt: row.entity_modified_at.toISOString() }
        : undefined,
    bbox: box,
    ...(row.abridged ? { abridged: true } : {}),
  };
}

/**
 * What the live stream reads of a change at most (its attributes as JSON text): a larger change (a
 * 1 MB array, an entity of thousands of attributes) comes abridged to its small attributes, so one
 * write neither fills the reader's memory nor sends megabytes to every open page.
 */
export const LIVE_CHANGE_MAX_BYTES = 16 * 1024;
/** In an abridged change: the attributes kept, each at most this large, at most this many. */
const ABRIDGED_ATTRIBUTE_MAX_BYTES = 1024;
const ABRIDGED_ATTRIBUTES = 32;

/**
 * Changes after `after`, oldest first. `withBbox` adds each entity's location bounding box (the
 * current one; for a deleted entity none); `tenant` reads that tenant's changes only; `live` reads
 * them for the live stream: no previous values, and a change above LIVE_CHANGE_MAX_BYTES abridged.
 */
export async function readChanges(
  db: Database,
  after: string,
  limit: number,
  options: { withBbox?: boolean; tenant?: string; live?: boolean } = {},
): Promise<Change[]> {
  const [xid, seq] = parsePosition(after);
  const box = options.withBbox
    ? `, ST_XMin(e.location) AS min_x, ST_YMin(e.location) AS min_y, ST_XMax(e.location) AS max_x,
         ST_YMax(e.location) AS max_y`
    : '';
  const join = options.withBbox ? 'LEFT JOIN ngsi_entity e ON e.tenant = c.tenant AND e.id = c.entity_id' : '';
  // The tenant is filtered here (ngsi_change_tenant_idx), so a tenant never pays for another's changes.
  const params: unknown[] = [xid, seq, limit, await horizon(db)];
  const next = (value: unknown) => `$${params.push(value)}`;
  const ofTenant = options.tenant === undefined ? '' : `AND c.tenant = ${next(options.tenant)}`;
  let bodies = 'c.attrs, c.previous';
  if (options.live) {
    const whole = next(LIVE_CHANGE_MAX_BYTES);
    bodies = `CASE WHEN octet_length(c.attrs::text) <= ${whole} THEN c.attrs
                   ELSE (SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb)
                         FROM (SELECT k, v FROM jsonb_each(c.attrs) AS a(k, v)
                               WHERE octet_length(v::text) <= ${next(ABRIDGED_ATTRIBUTE_MAX_BYTES)}
                               ORDER BY k LIMIT ${next(ABRIDGED_ATTRIBUTES)}) AS small) END AS attrs,
              '{}'::jsonb AS previous, octet_length(c.attrs::text) > ${whole} AS abridged`;
  }
  const { rows } = await db.query<ChangeRow>(
    `SELECT c.xid::text AS xid, c.seq, c.tenant, c.entity_id, c.kind, c.types, ${bodies}, c.at,
            c.entity_created_at, c.entity_modified_at${box}
     FROM ngsi_change c ${join}
     WHERE (c.xid, c.seq) > ($1::xid8, $2::bigint) AND c.xid < $4::xid8 ${ofTenant}
     ORDER BY c.xid, c.seq LIMIT $3`,
    params,
  );
  return rows.map(toChange);
}

/**
 * The position of the newest change a reader may see now: where a reader that wants only new changes
 * starts. Ordered by the column (c.xid), never the text of the same name the query returns: as text,
 * "999" comes after "1778", and a new stream started minutes back and replayed all that followed.
 */
export async function currentPosition(db: Database): Promise<string> {
  const below = await horizon(db);
  const { rows } = await db.query<{ xid: string; seq: number }>(
    `SELECT c.xid::text AS xid, c.seq FROM ngsi_change c WHERE c.xid < $1::xid8 ORDER BY c.xid DESC, c.seq DESC LIMIT 1`,
    [below],
  );
  return rows[0] ? `${rows[0].xid}:${rows[0].seq}` : START;
}

/** The position of the first change after `after` a reader may see now, without reading the change. */
export async function nextPosition(db: Database, after: string): Promise<string | undefined> {
  const [xid, seq] = parsePosition(after);
  const { rows } = await db.query<{ xid: string; seq: number }>(
    `SELECT c.xid::text AS xid, c.seq FROM ngsi_change c
     WHERE (c.xid, c.seq) > ($1::xid8, $2::bigint) AND c.xid < $3::xid8 ORDER BY c.xid, c.seq LIMIT 1`,
    [xid, seq, await horizon(db)],
  );
  return rows[0] ? `${rows[0].xid}:${rows[0].seq}` : undefined;
}

/** The oldest position still in the log; a reader behind it has missed changes. */
export async function oldestPosition(sql: Sql): Promise<string | undefined> {
  const { rows } = await sql.query<{ xid: string; seq: number }>(
    'SELECT c.xid::text AS xid, c.seq FROM ngsi_change c ORDER BY c.xid, c.seq LIMIT 1',
  );
  return rows[0] ? `${rows[0].xid}:${rows[0].seq}` : undefined;
}

export function comparePositions(a: string, b: string): number {
  const [ax, as] = parsePosition(a);
  const [bx, bs] = parsePosition(b);
  const x = BigInt(ax) - BigInt(bx);
  if (x !== 0n) return x < 0n ? -1 : 1;
  return as - bs;
}

/** Where a durable consumer has got to; undefined for a new one. */
export async function cursorOf(sql: Sql, consumer: string): Promise<string | undefined> {
  const { rows } = await sql.query<{ xid: string; seq: number }>(
    'SELECT xid::text AS xid, seq FROM ngsi_change_cursor WHERE consumer = $1',
    [consumer],
  );
  return rows[0] ? `${rows[0].xid}:${rows[0].seq}` : undefined;
}

/**
 * Moves a consumer's cursor from `from` to `to`, only if it is still at `from`: of two instances
 * that handled the same changes, one commits and the other finds the cursor moved and rolls back.
 */
export async function advanceCursor(
  sql: Sql,
  consumer: string,
  from: string | undefined,
  to: string,
): Promise<boolean> {
  const [tx, ts] = parsePosition(to);
  if (from === undefined) {
    const { rowCount } = await sql.query(
      `INSERT INTO ngsi_change_cursor (consumer, xid, seq) VALUES ($1, $2::xid8, $3)
       ON CONFLICT (consumer) DO NOTHING`,
      [consumer, tx, ts],
    );
    return rowCount === 1;
  }
  const [fx, fs] = parsePosition(from);
  const { rowCount } = await sql.query(
    `UPDATE ngsi_change_cursor SET xid = $4::xid8, seq = $5, updated_at = now()
     WHERE consumer = $1 AND xid = $2::xid8 AND seq = $3`,
    [consumer, fx, fs, tx, ts],
  );
  return rowCount === 1;
}

/**
 * The replay window: how long changes stay in the log after every durable consumer has read them, and
 * how far back a reader that reconnects (Last-Event-ID) is given what it missed. A reader further
 * behind, or with more than REPLAY_MAX_CHANGES of its tenant to catch up on, starts from now instead
 * and is told it missed changes (see canReplay).
 */
export const REPLAY_WINDOW_MS = 15 * 60_000;
/** The most changes of one tenant a reconnecting reader is replayed: what a page applies in a moment. */
export const REPLAY_MAX_CHANGES = 1000;

/**
 * Whether a reader of `tenant` that last saw `after` can be given everything since: the change at
 * `after` is still in the log and within the replay window, and at most REPLAY_MAX_CHANGES of the
 * tenant's changes follow it. A position not in the log (`0:0`, purged, forged) cannot.
 */
export async function canReplay(db: Database, tenant: string, after: string): Promise<boolean> {
  const [xid, seq] = parsePosition(after);
  const { rows } = await db.query<{ recent: boolean | null; behind: number }>(
    `SELECT (SELECT at >= now() - $3::double precision * interval '1 millisecond'
               FROM ngsi_change WHERE xid = $1::xid8 AND seq = $2::bigint) AS recent,
            (SELECT count(*)::int FROM (SELECT 1 FROM ngsi_change
                                         WHERE tenant = $4 AND (xid, seq) > ($1::xid8, $2::bigint)
                                         LIMIT $5) AS missed) AS behind`,
    [xid, seq, REPLAY_WINDOW_MS, tenant, REPLAY_MAX_CHANGES + 1],
  );
  const row = rows[0];
  return row?.recent === true && row.behind <= REPLAY_MAX_CHANGES;
}
/** A consumer silent for this long no longer holds changes back (a module that was removed). */
const ABANDONED_CURSOR_MS = 7 * 24 * 3600_000;

/** Deletes changes every live consumer has read and that are older than the replay window. */
export async function purgeChanges(db: Database): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM ngsi_change c
     WHERE c.at < now() - $1::double precision * interval '1 millisecond'
       AND NOT EXISTS (SELECT 1 FROM ngsi_change_cursor k
                       WHERE k.updated_at > now() - $2::double precision * interval '1 millisecond'
                         AND (k.xid, k.seq) < (c.xid, c.seq))`,
    [REPLAY_WINDOW_MS, ABANDONED_CURSOR_MS],
  );
  return rowCount;
}
