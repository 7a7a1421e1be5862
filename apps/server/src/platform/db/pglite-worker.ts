import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { TYPE_PARSERS } from './types.js';
import type { WorkerReply, WorkerRequest } from './pglite-protocol.js';

/**
 * The thread that owns the embedded database: PGlite's WASM, its protocol and its result parser run
 * here, so the main thread only does HTTP and the city's logic. It answers the messages of pglite.ts.
 */

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread of pglite.ts');
const { dir } = workerData as { dir: string | undefined };

/** Rows returned or affected, as PostgreSQL's command tag says (PGlite reports 0 affected for a SELECT). */
const rowCountOf = (r: { rows: unknown[]; affectedRows?: number }): number =>
  r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0);

/** What callers read of a database error (code, constraint, detail…): an Error's own fields are lost in a clone. */
function errorOf(err: unknown): Extract<WorkerReply, { ok: false }>['error'] {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(err)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  return { name: err.name, message: err.message, fields };
}

interface OpenTransaction {
  readonly tx: Transaction;
  readonly finish: (commit: boolean) => void;
}

const transactions = new Map<number, OpenTransaction>();

async function answer(db: PGlite, request: WorkerRequest): Promise<WorkerReply> {
  const { id } = request;
  switch (request.op) {
    case 'query': {
      const on = request.tx === undefined ? db : transactions.get(request.tx)?.tx;
      if (!on) throw new Error(`The transaction ${request.tx} is not open`);
      const r = await on.query(request.text, request.params);
      return { id, ok: true, rows: r.rows, rowCount: rowCountOf(r) };
    }
    case 'exec': {
      const on = request.tx === undefined ? db : transactions.get(request.tx)?.tx;
      if (!on) throw new Error(`The transaction ${request.tx} is not open`);
      await on.exec(request.text);
      return { id, ok: true, rows: [], rowCount: 0 };
    }
    case 'begin': {
      // Answered once PGlite's transaction mutex is ours and BEGIN has run: outside statements wait meanwhile.
      const txId = request.tx;
      return new Promise<WorkerReply>((begun, failed) => {
        let started = false;
        const settled = db.transaction(
          (tx) =>
            new Promise<void>((commit, rollBack) => {
              started = true;
              transactions.set(txId, { tx, finish: (keep) => (keep ? commit() : rollBack(new RolledBack())) });
              begun({ id, ok: true, rows: [], rowCount: 0 });
            }),
        );
        endings.set(
          txId,
          settled
            .then(
              () => undefined,
              (err: unknown) => (err instanceof RolledBack ? undefined : asError(err)),
            )
            .finally(() => transactions.delete(txId)),
        );
        settled.catch((err: unknown) => {
          if (!started) failed(asError(err));
        });
      });
    }
    case 'commit':
    case 'rollback': {
      const open = transactions.get(request.tx);
      const ending = endings.get(request.tx);
      if (!open || !ending) throw new Error(`The transaction ${request.tx} is not open`);
      open.finish(request.op === 'commit');
      endings.delete(request.tx);
      const err = await ending;
      if (err !== undefined) throw err;
      return { id, ok: true, rows: [], rowCount: 0 };
    }
    case 'close':
      await db.close();
      return { id, ok: true, rows: [], rowCount: 0 };
  }
}

/** Thrown into PGlite's transaction so that it rolls back; not an error of the caller's. */
class RolledBack extends Error {}

/** How each open transaction ends: undefined once committed or rolled back, else the error of its end. */
const endings = new Map<number, Promise<Error | undefined>>();

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

try {
  const db = await PGlite.create(dir === undefined ? undefined : `file://${join(dir)}`, {
    extensions: { postgis },
    parsers: { ...TYPE_PARSERS },
  });
  port.on('message', (request: WorkerRequest) => {
    answer(db, request).then(
      (reply) => port.postMessage(reply),
      (err: unknown) => port.postMessage({ id: request.id, ok: false, error: errorOf(err) } satisfies WorkerReply),
    );
  });
  port.postMessage({ id: 0, ok: true, rows: [], rowCount: 0 } satisfies WorkerReply);
} catch (err) {
  port.postMessage({ id: 0, ok: false, error: errorOf(err) } satisfies WorkerReply);
}
