import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { canReplay, comparePositions, currentPosition, nextPosition, readChanges, type Change } from './feed.js';

/**
 * The live end of the change log for watchers in this process (the web app's event stream). One
 * reader follows the log and hands each change to the watchers whose filter it passes. A watcher
 * that comes back with the last position it saw first replays what it missed from the log, its
 * tenant's changes only, then joins the live stream: nothing in between is lost. Only within the
 * replay window (feed.ts): further behind, it starts from now and is told it missed changes.
 *
 * "Now" is read from the log when a watcher comes, never taken from the reader: a reader that is
 * slow or failing (a write of megabytes, a read that runs out of memory) must not make every new
 * watcher start from where it stuck and be sent all that followed. The reader reads changes for
 * the stream (abridged when large, feed.ts) and, when a read fails, reads smaller batches, down to
 * one change, and past a change that cannot be read at all: it keeps moving.
 */

export interface WatchFilter {
  readonly tenant: string;
  /** Expanded types; any when absent. */
  readonly types?: readonly string[] | undefined;
  /** [minLon, minLat, maxLon, maxLat]: only entities whose location meets it. */
  readonly bbox?: readonly [number, number, number, number] | undefined;
}

/** A watcher that resumed: how to stop it, whether it missed changes, and where it has got to. */
export interface Watching {
  readonly stop: () => void;
  /** It came back too far behind the replay window (or from a position not in the log) and starts from now. */
  readonly missed: boolean;
  /** Every change up to here that passes its filter was sent: a Last-Event-ID to come back with. */
  readonly position: () => string;
}

interface Watcher {
  readonly filter: WatchFilter;
  readonly send: (change: Change) => void;
  position: string;
  catchingUp: boolean;
}

const BATCH = 500;
/** A failed read is tried again at most this often, with half the batch each time. */
const RETRY_MS = 500;

function later(a: string | undefined, b: string): string {
  return a !== undefined && comparePositions(a, b) > 0 ? a : b;
}

export function passes(filter: WatchFilter, change: Change): boolean {
  if (change.tenant !== filter.tenant) return false;
  if (filter.types && filter.types.length > 0 && !change.types.some((t) => filter.types?.includes(t))) return false;
  if (filter.bbox) {
    const [minX, minY, maxX, maxY] = filter.bbox;
    const box = change.bbox;
    if (!box || box[0] > maxX || box[2] < minX || box[1] > maxY || box[3] < minY) return false;
  }
  return true;
}

export class ChangeTail {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #watchers = new Set<Watcher>();
  #position: string | undefined;
  #batch = BATCH;
  #reading: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(db: Database, log: Logger) {
    this.#db = db;
    this.#log = log;
  }

  get watchers(): number {
    return this.#watchers.size;
  }

  /**
   * Starts sending the changes that pass `filter`, from after `from` (a position a watcher saw last)
   * or from now. Returns the function that stops it.
   */
  async watch(filter: WatchFilter, send: (change: Change) => void, from?: string): Promise<() => void> {
    return (await this.resume(filter, send, from)).stop;
  }

  /**
   * As watch, for a client that reconnects: what it missed is replayed only within the replay window
   * (canReplay); further behind, it starts from now and `missed` says so.
   */
  async resume(filter: WatchFilter, send: (change: Change) => void, from?: string): Promise<Watching> {
    const now = await currentPosition(this.#db);
    if (this.#position === undefined || this.#watchers.size === 0) this.#position = now;
    // A position from the future (another database, a forged header) would hide changes: start from now.
    const behind = from !== undefined && comparePositions(from, now) < 0 ? from : undefined;
    const replay = behind !== undefined && (await canReplay(this.#db, filter.tenant, behind));
    // Read after the last await: the live reader may have moved on meanwhile; it may also lag behind.
    const head = later(this.#position, now);
    const watcher: Watcher = { filter, send, position: replay ? behind : head, catchingUp: replay };
    this.#watchers.add(watcher);
    if (watcher.catchingUp) await this.#replay(watcher);
    this.#schedule();
    return {
      stop: () => this.#watchers.delete(watcher),
      missed: behind !== undefined && !replay,
      position: () => watcher.position,
    };
  }

  /** Something was written: read the log now. */
  wake(): void {
    if (this.#watchers.size === 0 || this.#stopped) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    let failed = false;
    this.#reading = this.#read()
      .catch((err: unknown) => {
        failed = true;
        this.#log.error({ err, batch: this.#batch }, 'could not read the change log for watchers');
        this.#batch = Math.max(1, Math.floor(this.#batch / 2));
      })
      .finally(() => {
        this.#reading = undefined;
        if (this.#again && !failed) {
          this.#again = false;
          this.wake();
        } else this.#schedule(failed ? RETRY_MS : undefined);
      });
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#watchers.clear();
  }

  #schedule(ms = 500): void {
    clearTimeout(this.#timer);
    if (this.#watchers.size === 0 || this.#stopped) return;
    // Changes written by other instances arrive through this poll.
    this.#timer = setTimeout(() => this.wake(), ms);
    this.#timer.unref();
  }

  async #head(): Promise<string> {
    // Nobody read the log while nobody watched: a first watcher starts from now, not from then.
    if (this.#position === undefined || this.#watchers.size === 0) this.#position = await currentPosition(this.#db);
    return this.#position;
  }

  async #read(): Promise<void> {
    for (;;) {
      const from = await this.#head();
      const batch = this.#batch;
      const changes = await this.#readAfter(from, batch);
      const last = changes.at(-1);
      if (!last) return;
      this.#position = later(this.#position, last.position);
      for (const watcher of this.#watchers) {
        if (watcher.catchingUp) continue;
        for (const change of changes) {
          if (comparePositions(change.position, watcher.position) <= 0) continue;
          if (passes(watcher.filter, change)) this.#send(watcher, change);
        }
        // A watcher that came after this read began starts further on: it never moves back.
        watcher.position = later(watcher.position, last.position);
      }
      // A read went through: the next ones take whole batches again.
      this.#batch = Math.min(BATCH, batch * 2);
      if (changes.length < batch) return;
    }
  }

  /**
   * The changes after `from`; a single change that cannot be read, even alone, is passed over (and
   * logged) rather than holding every watcher back for good.
   */
  async #readAfter(from: string, batch: number): Promise<Change[]> {
    try {
      return await readChanges(this.#db, from, batch, { withBbox: true, live: true });
    } catch (err) {
      if (batch > 1) throw err;
      const unreadable = await nextPosition(this.#db, from);
      if (unreadable === undefined) throw err;
      this.#log.error({ err, position: unreadable }, 'a change could not be read for watchers; it is passed over');
      this.#position = later(this.#position, unreadable);
      for (const watcher of this.#watchers) {
        if (!watcher.catchingUp) watcher.position = later(watcher.position, unreadable);
      }
      return [];
    }
  }

  async #replay(watcher: Watcher): Promise<void> {
    const tenant = watcher.filter.tenant;
    // A watcher dropped meanwhile (its send failed, the tail stopped) stops reading.
    while (this.#watchers.has(watcher)) {
      // Read before the batch: the live reader had read everything up to here when it was taken.
      const head = this.#position ?? watcher.position;
      const changes = await readChanges(this.#db, watcher.position, BATCH, { withBbox: true, tenant, live: true });
      for (const change of changes) if (passes(watcher.filter, change)) this.#send(watcher, change);
      const last = changes.at(-1);
      if (last) watcher.position = last.position;
      if (changes.length < BATCH) {
        // Every change of the tenant up to that head was in this read: what lay between was another's.
        if (comparePositions(watcher.position, head) < 0) watcher.position = head;
        // Caught up with the live reader: from here on it sends (no await between check and switch).
        if (comparePositions(watcher.position, this.#position ?? head) >= 0) {
          watcher.catchingUp = false;
          return;
        }
      }
    }
  }

  #send(watcher: Watcher, change: Change): void {
    try {
      watcher.send(change);
    } catch (err) {
      this.#log.warn({ err }, 'a watcher failed; it is dropped');
      this.#watchers.delete(watcher);
    }
  }
}
