import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { comparePositions, currentPosition, readChanges, type Change } from './feed.js';

/**
 * The live end of the change log for watchers in this process (the web app's event stream). One
 * reader follows the log and hands each change to the watchers whose filter it passes. A watcher
 * that comes back with the last position it saw first replays what it missed from the log (kept for
 * the replay window), then joins the live stream: nothing in between is lost.
 */

export interface WatchFilter {
  readonly tenant: string;
  /** Expanded types; any when absent. */
  readonly types?: readonly string[] | undefined;
  /** [minLon, minLat, maxLon, maxLat]: only entities whose location meets it. */
  readonly bbox?: readonly [number, number, number, number] | undefined;
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
    const head = await this.#head();
    // A position from the future (another database, a forged header) would hide changes: start from now.
    const start = from !== undefined && comparePositions(from, head) < 0 ? from : head;
    const watcher: Watcher = { filter, send, position: start, catchingUp: start !== head };
    this.#watchers.add(watcher);
    if (watcher.catchingUp) await this.#replay(watcher);
    this.#schedule();
    return () => this.#watchers.delete(watcher);
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
    this.#position ??= await currentPosition(this.#db);
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
    for (;;) {
      const changes = await readChanges(this.#db, watcher.position, BATCH, { withBbox: true });
      for (const change of changes) if (passes(watcher.filter, change)) this.#send(watcher, change);
      const last = changes.at(-1);
      if (last) watcher.position = last.position;
      // Caught up with the live reader: from here on it sends (no await between check and switch).
      const head = this.#position ?? watcher.position;
      // Nothing left to read although behind the head: what lay between was purged.
      if (changes.length === 0) watcher.position = head;
      if (changes.length < BATCH && comparePositions(watcher.position, head) >= 0) {
        watcher.catchingUp = false;
        return;
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
