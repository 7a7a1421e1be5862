import type { Logger } from 'pino';
import type { Database, Sql } from '../../platform/db/index.js';
import { advanceCursor, currentPosition, cursorOf, readChanges, type Change } from './feed.js';

/**
 * A durable reader of the change log: it handles each batch of changes, then moves its cursor in the
 * database. Handled but not recorded (a crash in between) means handled again: at least once.
 */
export interface ConsumerHandler<T> {
  /** Works out what to do about the changes; may read the database, must not write it. */
  prepare(changes: readonly Change[]): Promise<T>;
  /** Writes the outcome, in the transaction that moves the cursor. */
  commit?(tx: Sql, prepared: T): Promise<void>;
  /** Runs after the transaction committed. */
  committed?(prepared: T): void | Promise<void>;
}

export interface ConsumerOptions {
  readonly batchSize?: number;
  /** How often to look for changes written by other instances; local writes wake the loop at once. */
  readonly pollMs?: number;
  /** How long a woken loop gathers further writes before it reads (0: reads at once). */
  readonly gatherMs?: number;
}

const RETRY_MS = [250, 1000, 5000, 15000];
/**
 * The embedded database belongs to one process (its data directory is locked), whose every write
 * wakes the loop: polling for other instances' writes would only cost statements on the one
 * connection that files dossiers and takes readings, so it is a slow safety net there.
 */
const EMBEDDED_POLL_MS = 2000;
/**
 * How long a woken loop waits for more writes before it reads: a burst of writes (a city of devices, a
 * flood of reports) is read as one batch, not a read and a cursor transaction per write for each of the
 * process's readers. Short beside what a reader promises (a notification within a second).
 */
const GATHER_MS = { pglite: 25, postgres: 10 } as const;

export class ChangeConsumer<T> {
  readonly #db: Database;
  readonly #name: string;
  readonly #handler: ConsumerHandler<T>;
  readonly #log: Logger;
  readonly #batchSize: number;
  readonly #pollMs: number;
  readonly #gatherMs: number;
  #timer: NodeJS.Timeout | undefined;
  #gathering = false;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  #failures = 0;
  /** The cursor as this instance last wrote or read it; re-read when another instance moved it. */
  #cursor: string | undefined;

  constructor(db: Database, name: string, handler: ConsumerHandler<T>, log: Logger, options: ConsumerOptions = {}) {
    this.#db = db;
    this.#name = name;
    this.#handler = handler;
    this.#log = log;
    this.#batchSize = options.batchSize ?? 200;
    this.#pollMs = options.pollMs ?? (db.driver === 'pglite' ? EMBEDDED_POLL_MS : 250);
    this.#gatherMs = options.gatherMs ?? GATHER_MS[db.driver === 'pglite' ? 'pglite' : 'postgres'];
  }

  /** Starts reading; a new consumer first records that it starts from the changes after now. */
  async start(): Promise<void> {
    if ((await cursorOf(this.#db, this.#name)) === undefined) {
      await advanceCursor(this.#db, this.#name, undefined, await currentPosition(this.#db));
    }
    this.#stopped = false;
    this.wake();
  }

  /** Something was written: read the log soon (coalesced with a read under way or about to start). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#gathering) return;
    clearTimeout(this.#timer);
    if (this.#gatherMs <= 0) {
      this.#read();
      return;
    }
    this.#gathering = true;
    this.#timer = setTimeout(() => {
      this.#gathering = false;
      if (!this.#stopped && !this.#running) this.#read();
    }, this.#gatherMs);
    // Kept referenced, as the read it stands for would be: whoever awaits what the read delivers is not
    // left with an event loop that has nothing to do (it lasts milliseconds; stop clears it).
  }

  /** Reads the log to its end now, then waits for the next wake or poll. */
  #read(): void {
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#stopped) return;
      if (this.#again) {
        this.#again = false;
        this.wake();
        return;
      }
      const delay = this.#failures > 0 ? RETRY_MS[Math.min(this.#failures, RETRY_MS.length) - 1] : this.#pollMs;
      this.#timer = setTimeout(() => this.wake(), delay);
      this.#timer.unref();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#gathering = false;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Handles batches until the log is read to its end; for tests and shutdown, the same as the loop does. */
  async #drain(): Promise<void> {
    try {
      while (!this.#stopped && (await this.runOnce()) === this.#batchSize);
      this.#failures = 0;
    } catch (err) {
      this.#cursor = undefined;
      this.#failures++;
      this.#log.error({ err, consumer: this.#name, failures: this.#failures }, 'change consumer failed; retrying');
    }
  }

  /** Handles one batch; resolves with how many changes it handled. */
  async runOnce(): Promise<number> {
    const from = this.#cursor ?? (await cursorOf(this.#db, this.#name));
    // Not started yet: start() records where it begins.
    if (from === undefined) return 0;
    this.#cursor = from;
    const changes = await readChanges(this.#db, from, this.#batchSize);
    const last = changes.at(-1);
    if (!last) return 0;
    const prepared = await this.#handler.prepare(changes);
    const moved = await this.#db.transaction(async (tx) => {
      if (!(await advanceCursor(tx, this.#name, from, last.position))) return false;
      await this.#handler.commit?.(tx, prepared);
      return true;
    });
    // Another instance handled these changes first: nothing of ours was written.
    if (!moved) {
      this.#cursor = undefined;
      return changes.length;
    }
    this.#cursor = last.position;
    await this.#handler.committed?.(prepared);
    return changes.length;
  }
}
