import type { Logger } from 'pino';
import type { Permission } from '../../platform/auth/index.js';

/**
 * Modules' own events on the live stream (GET /api/v1/events?feeds=…), beside the entity changes: the
 * operations centre gets its KPIs, alarms and warnings on the one stream its page keeps open instead
 * of polling for them. A module adds its feed when it is made; a stream opens the feeds it asks for,
 * each for the stream's tenant, and only when the caller's role grants the feed's permission.
 */

/** Sends one named event (its data as JSON) on a stream. */
export type FeedSend = (event: string, data: unknown) => void;

export interface LiveFeed {
  /** The name a stream asks for it by (`feeds=<name>`). */
  readonly name: string;
  /** What the caller must be granted to get it; none: anyone who may open the stream. */
  readonly permission?: Permission;
  /** Starts sending the tenant's events: what holds now first, then what changes. Returns the stop. */
  open(tenant: string, send: FeedSend): Promise<() => void>;
}

export class LiveFeeds {
  readonly #feeds = new Map<string, LiveFeed>();

  add(feed: LiveFeed): void {
    if (this.#feeds.has(feed.name)) throw new Error(`the live feed ${feed.name} is added twice`);
    this.#feeds.set(feed.name, feed);
  }

  get(name: string): LiveFeed | undefined {
    return this.#feeds.get(name);
  }

  get names(): string[] {
    return [...this.#feeds.keys()];
  }
}

interface Hub {
  readonly watchers: Set<FeedSend>;
  last: { readonly data: unknown; readonly print: string } | undefined;
  reading: boolean;
  again: boolean;
  timer: NodeJS.Timeout;
  nudged: NodeJS.Timeout | undefined;
  stopWaking: (() => void) | undefined;
}

export interface SnapshotFeedOptions<T> {
  readonly name: string;
  readonly permission?: Permission;
  /** The event name its figures go under. */
  readonly event: string;
  /** How often the figures are read again while someone watches the tenant. */
  readonly everyMs: number;
  readonly read: (tenant: string) => Promise<T>;
  /** What must differ for the figures to count as changed (by default all of them). */
  readonly fingerprint?: (data: T) => string;
  /** Starts calling `nudge` when something the figures depend on changed in the tenant; returns the stop. */
  readonly wakeOn?: (tenant: string, nudge: () => void) => Promise<() => void>;
  readonly log: Logger;
}

/** How long a nudge waits, so a burst of changes (the demo city's alarms) costs one read a second. */
const NUDGE_MS = 1000;

/**
 * A feed of a tenant's figures that are read, not streamed: read every `everyMs` (and soon after a
 * nudge) once per tenant however many streams watch it, and sent only when they changed. A stream
 * that opens gets the last figures at once.
 */
export class SnapshotFeed<T> implements LiveFeed {
  readonly name: string;
  readonly permission?: Permission;
  readonly #options: SnapshotFeedOptions<T>;
  readonly #hubs = new Map<string, Hub>();

  constructor(options: SnapshotFeedOptions<T>) {
    this.name = options.name;
    if (options.permission) this.permission = options.permission;
    this.#options = options;
  }

  async open(tenant: string, send: FeedSend): Promise<() => void> {
    const known = this.#hubs.get(tenant);
    const hub: Hub = known ?? {
      watchers: new Set(),
      last: undefined,
      reading: false,
      again: false,
      timer: setInterval(() => this.#read(tenant, hub), this.#options.everyMs),
      nudged: undefined,
      stopWaking: undefined,
    };
    hub.watchers.add(send);
    const close = () => {
      hub.watchers.delete(send);
      if (hub.watchers.size > 0 || this.#hubs.get(tenant) !== hub) return;
      this.#hubs.delete(tenant);
      clearInterval(hub.timer);
      clearTimeout(hub.nudged);
      hub.stopWaking?.();
    };
    if (known) {
      if (known.last) send(this.#options.event, known.last.data);
      return close;
    }
    hub.timer.unref();
    this.#hubs.set(tenant, hub);
    this.#read(tenant, hub);
    let stop: (() => void) | undefined;
    try {
      stop = await this.#options.wakeOn?.(tenant, () => this.#nudge(tenant, hub));
    } catch (err) {
      close();
      throw err;
    }
    // The last stream may have gone while this one waited.
    if (this.#hubs.get(tenant) === hub) hub.stopWaking = stop;
    else stop?.();
    return close;
  }

  #nudge(tenant: string, hub: Hub): void {
    if (hub.nudged || this.#hubs.get(tenant) !== hub) return;
    hub.nudged = setTimeout(() => {
      hub.nudged = undefined;
      if (this.#hubs.get(tenant) === hub) this.#read(tenant, hub);
    }, NUDGE_MS);
    hub.nudged.unref();
  }

  #read(tenant: string, hub: Hub): void {
    if (hub.reading) {
      hub.again = true;
      return;
    }
    hub.reading = true;
    const { read, fingerprint = (data: T) => JSON.stringify(data), event, log } = this.#options;
    read(tenant)
      .then((data) => {
        const print = fingerprint(data);
        if (hub.last?.print === print) return;
        hub.last = { data, print };
        for (const send of hub.watchers) send(event, data);
      })
      .catch((err: unknown) => log.warn({ err, feed: this.name }, 'could not read a live feed; it is read again later'))
      .finally(() => {
        hub.reading = false;
        if (hub.again && this.#hubs.get(tenant) === hub) {
          hub.again = false;
          this.#read(tenant, hub);
        }
      });
  }
}
