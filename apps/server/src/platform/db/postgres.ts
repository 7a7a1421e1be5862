import pg from 'pg';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { TYPE_PARSERS, type Database, type LockAttempt, type QueryResult, type Sql } from './types.js';

const MIN_SERVER_VERSION = 150000;

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown => {
    const custom = TYPE_PARSERS[oid];
    if (custom && format !== 'binary') return custom;
    return pg.types.getTypeParser(oid, format) as unknown;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const asResult = <R>(r: pg.QueryResult): QueryResult<R> => ({
  rows: r.rows as R[],
  rowCount: r.rowCount ?? r.rows.length,
});

function clientSql(client: pg.PoolClient): Sql {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      return asResult<R>(await client.query(text, params as unknown[] | undefined));
    },
    async exec(script: string) {
      await client.query(script);
    },
  };
}

export async function openPostgres(
  url: string,
  poolMax: number,
  log: Logger,
  statementTimeoutMs = 30_000,
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    types,
    application_name: 'thanglong',
    statement_timeout: statementTimeoutMs,
    // Our queries are short and many: JIT compiling them costs more than it saves (a map's entity
    // query with a type list and a box took 5 s with JIT and 2 s without).
    options: '-c jit=off',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL connection failed'));

  try {
    const { rows } = await pool.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    const version = Number(rows[0]?.v);
    if (version < MIN_SERVER_VERSION) {
      throw new AppError(
        'DATABASE_TOO_OLD',
        500,
        `PostgreSQL ${Math.floor(version / 10000)} is too old: Thang Long needs PostgreSQL 15 or newer.`,
      );
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }

  return {
    driver: 'postgres',
    async query<R>(text: string, params?: readonly unknown[]) {
      return asResult<R>(await pool.query(text, params as unknown[] | undefined));
    },
    async exec(script: string) {
      await pool.query(script);
    },
    async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(clientSql(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async tryWithAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<LockAttempt<T>> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [key]);
        if (rows[0]?.held !== true) return { acquired: false };
        try {
          return { acquired: true, value: await work() };
        } finally {
          // A session lock that could not be released must not go back to the pool with its connection.
          await client.query('SELECT pg_advisory_unlock($1)', [key]).catch((err: Error) => {
            broken = err;
          });
        }
      } finally {
        client.release(broken);
      }
    },
    async ping() {
      const started = performance.now();
      await pool.query('SELECT 1');
      return performance.now() - started;
    },
    poolStats() {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolMax };
    },
    async close() {
      await pool.end();
    },
  };
}
