import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { WorkerReply, WorkerRequest } from './pglite-protocol.js';
import type { Database, LockAttempt, QueryResult, Sql } from './types.js';

/**
 * The embedded database: PostgreSQL compiled to WASM, with PostGIS, persisted under DATA_DIR.
 * One process owns a data directory at a time; a lock file says which.
 */

// Built, the worker is a .js file beside this one. Run from source (tests, tools), it is the .ts file,
// and the worker thread does not inherit the TypeScript loader: it registers it before loading the file.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./pglite-worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);

function startWorker(dir: string | undefined): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData: { dir } });
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${loader}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true, workerData: { dir } });
}

type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;
type Failure = Extract<WorkerReply, { ok: false }>['error'];

/** A database error as the caller would have had it in this thread: message, SQLSTATE code, constraint… */
function rebuilt(error: Failure): Error {
  const err = new Error(error.message);
  err.name = error.name;
  return Object.assign(err, error.fields);
}

/** Why every call fails once the worker is gone: a connection failure (08006), so the health check says down. */
function workerGone(why: string): Error {
  return Object.assign(new Error(`The embedded database is unavailable: its worker thread ${why}`), {
    code: '08006',
  });
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

/**
 * Opens the embedded database; `dir` undefined keeps it in memory (tests and tools). PGlite runs in a
 * worker thread that owns it; each statement is a message there and back. `onWorker` is for tests.
 */
export async function openPglite(
  dir: string | undefined,
  options: { readonly onWorker?: (worker: Worker) => void } = {},
): Promise<Database> {
  let release = () => {};
  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true });
    release = claimDataDir(`${dir}.lock`);
  }
  const worker = startWorker(dir);
  options.onWorker?.(worker); // tests: to see what a dying worker does
  const calls = new Map<number, { resolve: (r: QueryResult<unknown>) => void; reject: (e: Error) => void }>();
  let lastId = 0;
  let gone: Error | undefined;
  let closing = false;
  // Referenced only while a call waits, so that a process whose work is done exits by itself.
  worker.unref();
  const settle = (id: number) => {
    const call = calls.get(id);
    calls.delete(id);
    if (calls.size === 0) worker.unref();
    return call;
  };
  const stop = (err: Error) => {
    gone ??= err;
    for (const id of [...calls.keys()]) settle(id)?.reject(gone);
  };
  worker.on('message', (reply: WorkerReply) => {
    const call = settle(reply.id);
    if (reply.ok) call?.resolve({ rows: reply.rows, rowCount: reply.rowCount });
    else call?.reject(rebuilt(reply.error));
  });
  worker.on('error', (err) => stop(workerGone(`failed (${err.message})`)));
  worker.on('exit', (code) => stop(closing ? new Error('PGlite is closed') : workerGone(`ended (exit code ${code})`)));

  /** Sends a request and waits for its answer; no request: waits for the worker's word that PGlite is open. */
  const call = <R>(request: Request | undefined): Promise<QueryResult<R>> => {
    if (gone) return Promise.reject(gone);
    return new Promise<QueryResult<R>>((resolve, reject) => {
      const id = request ? ++lastId : 0;
      if (calls.size === 0) worker.ref();
      calls.set(id, { resolve: resolve as (r: QueryResult<unknown>) => void, reject });
      try {
        if (request) worker.postMessage({ ...request, id });
      } catch (err) {
        settle(id); // a parameter that cannot be sent (a function): refused here, nothing reached the database
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  };

  try {
    await call(undefined);
  } catch (err) {
    await worker.terminate();
    release();
    throw err;
  }

  const sqlIn = (tx: number | undefined): Sql => ({
    query<R>(text: string, params?: readonly unknown[]) {
      return call<R>({
        op: 'query',
        text,
        ...(params ? { params: [...params] } : {}),
        ...(tx === undefined ? {} : { tx }),
      });
    },
    async exec(script: string) {
      await call({ op: 'exec', text: script, ...(tx === undefined ? {} : { tx }) });
    },
  });
  const outside = sqlIn(undefined);

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
  let lastTx = 0;

  return {
    driver: 'pglite',
    query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      return track(() => outside.query<R>(text, params));
    },
    exec(script: string) {
      return track(() => outside.exec(script));
    },
    transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
      return track(async () => {
        const tx = ++lastTx;
        await call({ op: 'begin', tx });
        let value: T;
        try {
          value = await work(sqlIn(tx));
        } catch (err) {
          await call({ op: 'rollback', tx }).catch(() => undefined); // the work's error is the one to tell
          throw err;
        }
        await call({ op: 'commit', tx });
        return value;
      });
    },
    withAdvisoryLock,
    async tryWithAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<LockAttempt<T>> {
      // Held or waited for: the key has a tail until its last holder is done.
      if (lockTails.has(key)) return { acquired: false };
      return { acquired: true, value: await withAdvisoryLock(key, work) };
    },
    async ping() {
      const started = performance.now();
      await call({ op: 'query', text: 'SELECT 1' });
      return performance.now() - started;
    },
    poolStats() {
      return { total: 1, idle: pending === 0 ? 1 : 0, waiting: Math.max(0, pending - 1), max: 1 };
    },
    async close() {
      try {
        if (!gone) {
          await call({ op: 'close' });
          closing = true;
          await worker.terminate();
        }
      } finally {
        release();
      }
    },
  };
}
