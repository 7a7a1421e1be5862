import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import type { Sender } from './senders.js';
import * as store from './store.js';
import type { OutboxRow, Outcome } from './store.js';

/**
 * Delivers the outbox. Each receiver (endpoint) has its own queue: a few notifications in flight at
 * once, one at a time per subscription so a subscriber sees its notifications in order. A receiver
 * that fails backs off alone, exponentially; its queued notifications go back to the outbox until
 * then, so a dead receiver holds neither memory nor anyone else's delivery.
 */

export interface DelivererOptions {
  readonly concurrencyPerEndpoint?: number;
  /** Most notifications held in memory per receiver; more wait in the outbox. */
  readonly queueLimit?: number;
  /** A notification undelivered this long after it was produced is dropped (and counted as failed). */
  readonly maxAgeMs: number;
  readonly leaseMs?: number;
  readonly pollMs?: number;
}

interface Queue {
  readonly items: OutboxRow[];
  inFlight: number;
  /** Subscriptions with a notification in flight here. */
  readonly busy: Set<string>;
  blockedUntil: number;
  failures: number;
}

const BACKOFF_MS = [1000, 2000, 5000, 15_000, 30_000, 60_000, 300_000, 900_000];
const FLUSH_MS = 20;

export class Deliverer {
  readonly #db: Database;
  readonly #sender: Sender;
  readonly #log: Logger;
  readonly #concurrency: number;
  readonly #queueLimit: number;
  readonly #maxAgeMs: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #queues = new Map<string, Queue>();
  /** Deliveries on their way, per subscription (`tenant\nid`): what a read of its status waits for. */
  readonly #sending = new Map<string, Set<Promise<void>>>();
  #held = 0;
  #done: number[] = [];
  #retries: { id: number; nextAttemptAt: Date; error: string }[] = [];
  #released: { ids: number[]; notBefore: Date }[] = [];
  #outcomes = new Map<
    string,
    { tenant: string; subscriptionId: string; sent: number; failed: number; lastSuccess?: string; lastFailure?: string }
  >();
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #pollTimer: NodeJS.Timeout | undefined;
  #renewTimer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #stopped = true;
  /** Delivered notifications, for metrics and the benchmark. */
  delivered = 0;
  failed = 0;

  constructor(db: Database, sender: Sender, log: Logger, options: DelivererOptions) {
    this.#db = db;
    this.#sender = sender;
    this.#log = log;
    this.#concurrency = options.concurrencyPerEndpoint ?? 8;
    this.#queueLimit = options.queueLimit ?? 1000;
    this.#maxAgeMs = options.maxAgeMs;
    this.#leaseMs = options.leaseMs ?? 20_000;
    this.#pollMs = options.pollMs ?? 1000;
  }

  get leaseMs(): number {
    return this.#leaseMs;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    // An embedded database has one process: any lease in it was held by a process that is gone.
    if (this.#db.driver === 'pglite') await store.releaseAll(this.#db);
    this.#renewTimer = setInterval(() => this.#renew(), this.#leaseMs / 4);
    this.#renewTimer.unref();
    this.poll();
  }

  /** Whether a new notification for this receiver may be handed over in memory (else it waits in the outbox). */
  hasRoom(endpoint: string): boolean {
    const queue = this.#queues.get(endpoint);
    return !this.#stopped && (!queue || (queue.items.length < this.#queueLimit && queue.blockedUntil <= Date.now()));
  }

  /** Until when this receiver is backing off here, if it is. */
  backingOffUntil(endpoint: string): Date | undefined {
    const until = this.#queues.get(endpoint)?.blockedUntil ?? 0;
    return until > Date.now() ? new Date(until) : undefined;
  }

  /** Takes notifications this instance has leased. */
  accept(rows: readonly OutboxRow[]): void {
    for (const row of rows) {
      const queue = this.#queue(row.endpoint);
      queue.items.push(row);
      this.#held++;
    }
    for (const endpoint of new Set(rows.map((r) => r.endpoint))) this.#pump(endpoint);
  }

  /** Looks in the outbox for due notifications (retries, other instances' leftovers). */
  poll(): void {
    if (this.#stopped || this.#polling) return;
    clearTimeout(this.#pollTimer);
    this.#polling = this.#claim()
      .catch((err: unknown) => this.#log.error({ err }, 'could not read the notification outbox'))
      .finally(() => {
        this.#polling = undefined;
        if (this.#stopped) return;
        this.#pollTimer = setTimeout(() => this.poll(), this.#pollMs);
        this.#pollTimer.unref();
      });
  }

  async #claim(): Promise<void> {
    const now = Date.now();
    const skip = [...this.#queues.entries()]
      .filter(([, q]) => q.blockedUntil > now || q.items.length >= this.#queueLimit)
      .map(([endpoint]) => endpoint);
    const room = this.#queueLimit * 10 - this.#held;
    if (room <= 0) return;
    const rows = await store.claimDue(this.#db, Math.min(room, 500), skip, this.#leaseMs);
    if (rows.length > 0) this.accept(rows);
  }

  #queue(endpoint: string): Queue {
    let queue = this.#queues.get(endpoint);
    if (!queue) {
      queue = { items: [], inFlight: 0, busy: new Set(), blockedUntil: 0, failures: 0 };
      this.#queues.set(endpoint, queue);
    }
    return queue;
  }

  #pump(endpoint: string): void {
    const queue = this.#queues.get(endpoint);
    if (!queue || this.#stopped) return;
    while (queue.inFlight < this.#concurrency && queue.blockedUntil <= Date.now()) {
      const index = queue.items.findIndex((row) => !queue.busy.has(row.subscriptionId));
      if (index < 0) break;
      const [row] = queue.items.splice(index, 1) as [OutboxRow];
      queue.inFlight++;
      queue.busy.add(row.subscriptionId);
      const key = `${row.tenant}\n${row.subscriptionId}`;
      const sending = this.#sending.get(key) ?? new Set();
      this.#sending.set(key, sending);
      const delivery = this.#deliver(queue, row).finally(() => {
        sending.delete(delivery);
        if (sending.size === 0 && this.#sending.get(key) === sending) this.#sending.delete(key);
      });
      sending.add(delivery);
    }
  }

  async #deliver(queue: Queue, row: OutboxRow): Promise<void> {
    let error: string | undefined;
    try {
      await this.#sender.send(row.endpoint, row.message);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    queue.inFlight--;
    queue.busy.delete(row.subscriptionId);
    this.#held--;
    const at = new Date().toISOString();
    const outcome = this.#outcome(row);
    if (error === undefined) {
      this.delivered++;
      queue.failures = 0;
      outcome.sent++;
      outcome.lastSuccess = at;
      this.#done.push(row.id);
    } else {
      this.failed++;
      outcome.failed++;
      outcome.lastFailure = at;
      // Failures of notifications that were in flight together count as one: the receiver is down once.
      const alreadyBackingOff = queue.blockedUntil > Date.now();
      const backoff = BACKOFF_MS[Math.min(queue.failures, BACKOFF_MS.length - 1)] as number;
      const retryAt = alreadyBackingOff
        ? new Date(queue.blockedUntil)
        : new Date(Date.now() + Math.max(backoff, row.message.cooldownMs ?? 0));
      if (!alreadyBackingOff) queue.failures++;
      if (retryAt.getTime() - row.createdAt.getTime() > this.#maxAgeMs) {
        this.#log.warn(
          { endpoint: row.endpoint, subscription: row.subscriptionId, error },
          'notification dropped: too old',
        );
        this.#done.push(row.id);
      } else {
        this.#retries.push({ id: row.id, nextAttemptAt: retryAt, error });
      }
      if (!alreadyBackingOff) {
        this.#log.warn(
          { endpoint: row.endpoint, error, retryAt: retryAt.toISOString() },
          'notification not delivered; receiver backs off',
        );
      }
      queue.blockedUntil = retryAt.getTime();
      // What waits for this receiver goes back to the outbox; the poll brings it back when it is due.
      const waiting = queue.items.splice(0);
      this.#held -= waiting.length;
      this.#released.push({ ids: waiting.map((w) => w.id), notBefore: retryAt });
    }
    this.#scheduleFlush();
    this.#pump(row.endpoint);
  }

  /**
   * Waits until what this instance has already sent for a subscription is recorded (at most `maxWaitMs`
   * for answers still awaited), so that a reader of its status sees every notification its receiver got.
   */
  async settle(tenant: string, id: string, maxWaitMs = 2000): Promise<boolean> {
    const key = `${tenant}\n${id}`;
    const sending = this.#sending.get(key);
    const pending = (sending?.size ?? 0) > 0 || this.#outcomes.has(key);
    if (sending && sending.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxWaitMs);
      });
      await Promise.race([Promise.all(sending), late]);
      clearTimeout(timer);
    }
    if (this.#outcomes.has(key)) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
      await this.flush();
    } else await this.#flushing;
    return pending;
  }

  /**
   * A notification that could not be built (its join too large, its @context gone) fails like one its
   * receiver refused: the subscription's status says so (failed, lastFailure, timesFailed).
   */
  recordUnbuilt(tenant: string, subscriptionId: string): void {
    const outcome = this.#outcome({ tenant, subscriptionId });
    this.failed++;
    outcome.failed++;
    outcome.lastFailure = new Date().toISOString();
    this.#scheduleFlush();
  }

  /** A deleted subscription: what waits here for it is dropped (its outbox rows are gone with it). */
  forget(tenant: string, id: string): void {
    for (const queue of this.#queues.values()) {
      const kept = queue.items.filter((row) => row.tenant !== tenant || row.subscriptionId !== id);
      this.#held -= queue.items.length - kept.length;
      queue.items.splice(0, queue.items.length, ...kept);
    }
  }

  #outcome(row: Pick<OutboxRow, 'tenant' | 'subscriptionId'>) {
    const key = `${row.tenant}\n${row.subscriptionId}`;
    let outcome = this.#outcomes.get(key);
    if (!outcome) {
      outcome = { tenant: row.tenant, subscriptionId: row.subscriptionId, sent: 0, failed: 0 };
      this.#outcomes.set(key, outcome);
    }
    return outcome;
  }

  #scheduleFlush(): void {
    if (this.#flushTimer || this.#stopped) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      void this.flush();
    }, FLUSH_MS);
  }

  /** Writes delivery outcomes to the database. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      const done = this.#done;
      const retries = this.#retries;
      const released = this.#released;
      const outcomes: Outcome[] = [...this.#outcomes.values()];
      this.#done = [];
      this.#retries = [];
      this.#released = [];
      this.#outcomes = new Map();
      try {
        await store.recordOutcomes(this.#db, done, retries, outcomes);
        for (const r of released) await store.releaseNotifications(this.#db, r.ids, r.notBefore);
      } catch (err) {
        // Not recorded: the rows stay leased and are delivered again after the lease (at least once).
        this.#log.error({ err }, 'could not record notification outcomes');
      }
    });
    return this.#flushing;
  }

  #renew(): void {
    const ids = [...this.#queues.values()].flatMap((q) => q.items.map((r) => r.id));
    store
      .renewLeases(this.#db, ids, this.#leaseMs)
      .catch((err: unknown) => this.#log.warn({ err }, 'could not renew notification leases'));
  }

  /** Numbers for /metrics. */
  stats(): { held: number; endpoints: number; backingOff: number } {
    const now = Date.now();
    return {
      held: this.#held,
      endpoints: this.#queues.size,
      backingOff: [...this.#queues.values()].filter((q) => q.blockedUntil > now).length,
    };
  }

  /** Stops taking work, lets what is in flight finish (up to `graceMs`), and gives the rest back. */
  async stop(graceMs = 2000): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#pollTimer);
    clearInterval(this.#renewTimer);
    await this.#polling;
    const queued = [...this.#queues.values()].flatMap((q) => q.items.splice(0));
    this.#held -= queued.length;
    await store
      .releaseNotifications(
        this.#db,
        queued.map((r) => r.id),
      )
      .catch(() => undefined);
    const deadline = Date.now() + graceMs;
    while (this.#held > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    await this.flush();
    await this.#sender.close();
  }
}
