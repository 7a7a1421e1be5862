import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { canReplay, comparePositions, currentPosition, readChanges, type Change } from './feed.js';

/**
 * The live end of the change log for watchers in this process (the web app's event stream). One
 * reader follows the log and hands each change to the watchers whose filter it passes. A watcher
 * that comes back with the last position it saw first replays what it missed from the log, its
 * tenant's changes only, then joins the live stream: nothing in between is lost. Only within the
 * replay window (feed.ts): further behind, it starts from now and is told it missed changes.
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
    const now = await this.#head();
    // A position from the future (another database, a forged header) would hide changes: start from now.
    const behind = from !== undefined && comparePositions(from, now) < 0 ? from : undefined;
    const replay = behind !== undefined && (await canReplay(this.#db, filter.tenant, behind));
    // Read after the last await: the live reader may have moved on meanwhile.
    const head = this.#position ?? now;
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
    this.#reading = this.#read()
      .catch((err: unknown) => this.#log.error({ err }, 'could not read the change log for watchers'))
      .finally(() => {
        this.#reading = undefined;
        if (this.#again) {
          this.#again = false;
          this.wake();
        } else this.#schedule();
      });
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#watchers.clear();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#watchers.size === 0 || this.#stopped) return;
    // Changes written by other instances arrive through this poll.
    this.#timer = setTimeout(() => this.wake(), 500);
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
      const changes = await readChanges(this.#db, from, BATCH, { withBbox: true });
      const last = changes.at(-1);
      if (!last) return;
      this.#position = last.position;
      for (const watcher of this.#watchers) {
        if (watcher.catchingUp) continue;
        for (const change of changes) {
          if (comparePositions(change.position, watcher.position) <= 0) continue;
          if (passes(watcher.filter, change)) this.#send(watcher, change);
        }
        watcher.position = last.position;
      }
      if (changes.length < BATCH) return;
    }
  }

  async #replay(watcher: Watcher): Promise<void> {
    const tenant = watcher.filter.tenant;
    // A watcher dropped meanwhile (its send failed, the tail stopped) stops reading.
    while (this.#watchers.has(watcher)) {
      // Read before the batch: the live reader had read everything up to here when it was taken.
      const head = this.#position ?? watcher.position;
      const changes = await readChanges(this.#db, watcher.position, BATCH, { withBbox: true, tenant });
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
