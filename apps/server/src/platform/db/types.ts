/**
 * One database interface for both drivers: embedded PGlite (Postgres in WASM, with PostGIS) and
 * PostgreSQL with PostGIS. Stores write plain SQL against it and never know which one runs.
 *
 * Values come back the same way from both drivers: int8 and numeric as numbers, timestamptz as Date,
 * date as 'YYYY-MM-DD', json/jsonb parsed.
 */

export type DatabaseDriver = 'pglite' | 'postgres';

export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** Anything SQL can be run on: the database itself or an open transaction. */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

export type LockAttempt<T> = { readonly acquired: true; readonly value: T } | { readonly acquired: false };

export interface Database extends Sql {
  readonly driver: DatabaseDriver;
  /** Runs work in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Mutual exclusion across every instance sharing this database, for as long as work runs. Waits for
   * the lock while holding a connection: for work that must be serialised, never for periodic jobs.
   */
  withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  /**
   * The same exclusion without waiting: when another holds the lock, work is not run (`acquired:
   * false`) and the connection taken to try goes back at once. For jobs that simply run next round.
   */
  tryWithAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<LockAttempt<T>>;
  /** Round-trips to the database; resolves with the latency in milliseconds. */
  ping(): Promise<number>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/** Parsers shared by both drivers, keyed by PostgreSQL type OID. */
export const TYPE_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  20: Number, // int8: counts and sums; ids that need 64 bits are text or uuid here
  1700: Number, // numeric: measurements, not money
  1082: (text: string) => text, // date stays a calendar date, never shifted by a time zone
};
