import type { FeedKind, RealtimeSource } from './model.js';
import {
  serviceAlertsPublisher,
  tripUpdatesPublisher,
  vehiclePositionsPublisher,
  type FeedPublisher,
} from './publisher.js';

/**
 * Every tenant's three feeds, each rebuilt from the source at most once per `refreshSeconds`
 * whatever the number of readers (those arriving during a rebuild wait for it), and answered from
 * memory in between. Kept per instance; a restart begins the header timestamps again from the clock.
 */

export interface RealtimeFeedsOptions {
  /** How often a feed read is rebuilt from the source, at most (default 5 s; best practice ≤ 30 s). */
  readonly refreshSeconds?: number;
  /** The clock feeds are built at (tests move it). */
  readonly clock?: () => Date;
  /** Tenants' feeds kept at most; the least recently read go first (default 1,000). */
  readonly maxTenants?: number;
  /** Told of a rebuild that failed while the last feed was served instead (a failure without one is thrown). */
  readonly onError?: (err: unknown, kind: FeedKind, tenant: string) => void;
}

/** How old a feed may be served when its source fails: under the 65 s after which readers warn (W008). */
export const STALE_FEED_SECONDS = 60;

interface Slot {
  readonly publisher: FeedPublisher<unknown>;
  /** When the source was last asked, by the clock given (ms). */
  askedAt: number;
  rebuilding: Promise<void> | null;
}

export class RealtimeFeeds {
  readonly refreshSeconds: number;
  readonly #clock: () => Date;
  readonly #maxSlots: number;
  readonly #slots = new Map<string, Slot>();
  readonly #onError: (err: unknown, kind: FeedKind, tenant: string) => void;

  constructor(
    private readonly source: RealtimeSource,
    options: RealtimeFeedsOptions = {},
  ) {
    this.refreshSeconds = options.refreshSeconds ?? 5;
    this.#clock = options.clock ?? (() => new Date());
    this.#maxSlots = 3 * (options.maxTenants ?? 1_000);
    this.#onError = options.onError ?? (() => undefined);
  }

  /** The tenant's feed of this kind, rebuilt first when it is due. */
  async feed(kind: FeedKind, tenant: string): Promise<FeedPublisher<unknown>> {
    const key = `${kind}\n${tenant}`;
    let slot = this.#slots.get(key);
    if (slot) {
      // Most recently read last, so that the first in the map is the one to drop.
      this.#slots.delete(key);
      this.#slots.set(key, slot);
    } else {
      slot = { publisher: this.#publisher(kind), askedAt: Number.NEGATIVE_INFINITY, rebuilding: null };
      this.#slots.set(key, slot);
      if (this.#slots.size > this.#maxSlots) this.#slots.delete(this.#slots.keys().next().value as string);
    }
    const now = this.#clock();
    const due = now.getTime() - slot.askedAt >= this.refreshSeconds * 1000 || slot.askedAt > now.getTime();
    if (due && !slot.rebuilding) {
      const s = slot;
      s.askedAt = now.getTime();
      s.rebuilding = this.#rebuild(kind, tenant, s.publisher, now).finally(() => (s.rebuilding = null));
    }
    if (slot.rebuilding) {
      try {
        await slot.rebuilding;
      } catch (err) {
        // A failed rebuild is asked again by the next reader, not after a whole refresh.
        slot.askedAt = Number.NEGATIVE_INFINITY;
        // Meanwhile the last feed still serves while it is recent: a reader sees its age in its header.
        const last = slot.publisher.current;
        if (!last || now.getTime() / 1000 - last.timestamp > STALE_FEED_SECONDS) throw err;
        this.#onError(err, kind, tenant);
      }
    }
    return slot.publisher;
  }

  async #rebuild(kind: FeedKind, tenant: string, publisher: FeedPublisher<unknown>, now: Date): Promise<void> {
    const inputs =
      kind === 'vehicle-positions'
        ? await this.source.vehicles(tenant)
        : kind === 'trip-updates'
          ? await this.source.tripUpdates(tenant)
          : await this.source.alerts(tenant);
    publisher.publish(inputs, now);
  }

  #publisher(kind: FeedKind): FeedPublisher<unknown> {
    const options = { refreshSeconds: this.refreshSeconds };
    switch (kind) {
      case 'vehicle-positions':
        return vehiclePositionsPublisher(options) as FeedPublisher<unknown>;
      case 'trip-updates':
        return tripUpdatesPublisher(options) as FeedPublisher<unknown>;
      case 'service-alerts':
        return serviceAlertsPublisher(options) as FeedPublisher<unknown>;
    }
  }
}
