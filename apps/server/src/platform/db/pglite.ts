import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { AppError } from '../errors.js';
import { TYPE_PARSERS, type Database, type LockAttempt, type QueryResult, type Sql } from './types.js';

/**
 * The embedded database: PostgreSQL compiled to WASM, with PostGIS, persisted under DATA_DIR.
 * One process owns a data directory at a time; a lock file says which.
 */

const parsers = Object.fromEntries(Object.entries(TYPE_PARSERS)) as Record<number, (text: string) => unknown>;

/** Rows returned or affected, as PostgreSQL's command tag says (PGlite reports 0 affected for a SELECT). */
const rowCountOf = (r: { rows: unknown[]; affectedRows?: number }): number =>
  r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0);

function txSql(tx: Transaction): Sql {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const r = await tx.query<R>(text, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: rowCountOf(r) };
    },
    async exec(script: string) {
      await tx.exec(script);
    },
  };
}

const openHere = new Set<string>();

/** Claims the data directory for this process, or explains who holds it. */
function claimDataDir(lockPath: string): () => void {
  if (openHere.has(lockPath)) {
    throw new AppError(
      'DATABASE_IN_USE',
      500,
      `The embedded database ${lockPath.replace(/\.lock$/, '')} is in use by process ${process.pid} (this one).`,
    );
  }
  for (;;) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      openHere.add(lockPath);
      return () => {
        openHere.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new AppError(
        'DATABASE_IN_USE',
        500,
        `The embedded database in ${lockPath.replace(/\.lock$/, '')} is in use by process ${holder}. ` +
          'Stop it first, or use PostgreSQL (DATABASE_URL) to run several instances.',
      );
    }
    // Left by a process that died, or by an earlier run with our pid (pid 1 in a container).
    rmSync(lockPath, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Opens the embedded database; `dir` undefined keeps it in memory (tests and tools). */
export async function openPglite(dir: string | undefined): Promise<Database> {
  let release = () => {};
  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true });
    release = claimDataDir(`${dir}.lock`);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dir === undefined ? undefined : `file://${join(dir)}`, {
      extensions: { postgis },
      parsers,
    });
  } catch (err) {
    release();
    throw err;
  }

  let pending = 0;
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    pending++;
    try {
      return await work();
    } finally {
      pending--;
    }
  };
  // One process holds the data directory, so an in-process queue per key is a cluster-wide lock.
  const lockTails = new Map<number, Promise<unknown>>();
  const withAdvisoryLock = async <T>(key: number, work: () => Promise<T>): Promise<T> => {
    const previous = lockTails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    lockTails.set(key, tail);
    try {
      return await run;
    } finally {
      if (lockTails.get(key) === tail) lockTails.delete(key);
    }
  };

  return {
    driver: 'pglite',
    query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      return track(async () => {
        const r = await db.query<R>(text, params as unknown[] | undefined);
        return { rows: r.rows, rowCount: rowCountOf(r) };
      });
    },
    exec(script: string) {
      return track(async () => {
        await db.exec(script);
      });
    },
    transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
      return track(() => db.transaction((tx) => work(txSql(tx))));
    },
    withAdvisoryLock,
    async tryWithAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<LockAttempt<T>> {
      // Held or waited for: the key has a tail until its last holder is done.
      if (lockTails.has(key)) return { acquired: false };
      return { acquired: true, value: await withAdvisoryLock(key, work) };
    },
    async ping() {
      const started = performance.now();
      await db.query('SELECT 1');
      return performance.now() - started;
    },
    poolStats() {
      return { total: 1, idle: pending === 0 ? 1 : 0, waiting: Math.max(0, pending - 1), max: 1 };
    },
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
