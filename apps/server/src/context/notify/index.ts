import type { Logger } from 'pino';
import type { EventBus } from '../../platform/bus.js';
import type { Database } from '../../platform/db/index.js';
import type { NotificationStats } from '../../platform/metrics.js';
import type { OutboundGuard } from '../../platform/outbound.js';
import type { ContextResolver } from '../jsonld/contexts.js';
import type { ContextService } from '../service.js';
import type { SubscriptionService } from '../subscriptions/service.js';
import { ChangeConsumer } from './consumer.js';
import { Deliverer } from './deliverer.js';
import { purgeChanges, type Change } from './feed.js';
import { Matcher, outboxMessage } from './matcher.js';
import { Senders, type Sender } from './senders.js';
import * as store from './store.js';
import type { NotificationMessage } from './store.js';
import { ChangeTail } from './tail.js';

/**
 * Everything that reacts to changes of context: subscriptions and their notifications, periodic
 * notifications, modules' durable change consumers and the live event stream. Runs in the worker
 * role; every piece keeps its state in the database, so several workers can run side by side.
 */

export type { Change } from './feed.js';
export type { WatchFilter } from './tail.js';
export type { NotificationMessage } from './store.js';

export interface NotifierOptions {
  /** Per-attempt time limit for a receiver. */
  readonly timeoutMs: number;
  /** A notification still undelivered this long after it was produced is dropped. */
  readonly maxAgeMs: number;
  /** Replace the HTTP/MQTT senders (tests of delivery failures only). */
  readonly sender?: Sender;
  readonly leaseMs?: number;
  readonly pollMs?: number;
  /** Notifications about one entity in one window beyond which a subscription counts as feeding itself. */
  readonly loopLimit?: number;
}

export interface ChangeFilter {
  readonly tenant?: string;
  /** Expanded types: only changes of entities with one of them. */
  readonly types?: readonly string[];
  /** Expanded attribute names: only changes that touched one of them. */
  readonly attributes?: readonly string[];
}

const SUBSCRIPTIONS_CONSUMER = 'ngsi-ld.subscriptions';
const PERIODIC_BATCH = 50;
const MAINTENANCE_MS = 60_000;

export class Notifier {
  readonly deliverer: Deliverer;
  readonly matcher: Matcher;
  readonly tail: ChangeTail;
  readonly #db: Database;
  readonly #bus: EventBus;
  readonly #log: Logger;
  readonly #subscriptions: SubscriptionService;
  readonly #service: ContextService;
  readonly #consumers: ChangeConsumer<unknown>[] = [];
  readonly #matching: ChangeConsumer<unknown>;
  readonly #unsubscribe: (() => void)[] = [];
  #periodicTimer: NodeJS.Timeout | undefined;
  #periodic: Promise<void> | undefined;
  #maintenanceTimer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(deps: {
    db: Database;
    bus: EventBus;
    log: Logger;
    service: ContextService;
    subscriptions: SubscriptionService;
    resolver: ContextResolver;
    outbound: OutboundGuard;
    options: NotifierOptions;
  }) {
    this.#db = deps.db;
    this.#bus = deps.bus;
    this.#log = deps.log;
    this.#service = deps.service;
    this.#subscriptions = deps.subscriptions;
    const sender = deps.options.sender ?? new Senders(deps.options.timeoutMs, deps.log, deps.outbound);
    this.deliverer = new Deliverer(deps.db, sender, deps.log, {
      maxAgeMs: deps.options.maxAgeMs,
      ...(deps.options.leaseMs !== undefined ? { leaseMs: deps.options.leaseMs } : {}),
      ...(deps.options.pollMs !== undefined ? { pollMs: deps.options.pollMs } : {}),
    });
    this.matcher = new Matcher({
      ...deps,
      deliverer: this.deliverer,
      ...(deps.options.loopLimit !== undefined ? { loopLimit: deps.options.loopLimit } : {}),
    });
    // Reads of a subscription's status here wait for what this instance has sent to be recorded.
    deps.subscriptions.useDeliveries(this.deliverer);
    this.#matching = new ChangeConsumer(deps.db, SUBSCRIPTIONS_CONSUMER, this.matcher, deps.log);
    this.#consumers.push(this.#matching);
    this.tail = new ChangeTail(deps.db, deps.log);
    // Watchers of the event stream are served by every instance with an API, worker or not.
    deps.bus.subscribe('context.entity', () => this.tail.wake());
  }

  /**
   * A module's durable consumer of changes: `handle` sees every change passing `filter` at least
   * once, in log order, across restarts; until it resolves, the same changes come again.
   */
  async consume(
    name: string,
    handle: (changes: readonly Change[]) => Promise<void>,
    filter: ChangeFilter = {},
  ): Promise<void> {
    const consumer = new ChangeConsumer<null>(
      this.#db,
      `module.${name}`,
      {
        prepare: async (changes) => {
          const wanted = changes.filter((c) => passesFilter(filter, c));
          if (wanted.length > 0) await handle(wanted);
          return null;
        },
      },
      this.#log,
    );
    this.#consumers.push(consumer);
    if (this.#started) await consumer.start();
  }

  async start(): Promise<void> {
    this.#started = true;
    await this.deliverer.start();
    this.#unsubscribe.push(
      this.#bus.subscribe('context.entity', () => {
        for (const c of this.#consumers) c.wake();
      }),
      this.#bus.subscribe('context.subscription', (event) => {
        if (event.kind === 'deleted') this.deliverer.forget(event.tenant, event.id);
        this.matcher.invalidate();
        this.#runPeriodic();
      }),
    );
    for (const c of this.#consumers) await c.start();
    this.#runPeriodic();
    this.#maintenanceTimer = setInterval(() => {
      purgeChanges(this.#db).catch((err: unknown) => this.#log.warn({ err }, 'could not purge the change log'));
    }, MAINTENANCE_MS);
    this.#maintenanceTimer.unref();
  }

  /** Sends the notifications of periodic subscriptions that are due (at most one per period, across instances). */
  #runPeriodic(): void {
    if (!this.#started || this.#periodic) return;
    clearTimeout(this.#periodicTimer);
    this.#periodic = this.#periodicOnce()
      .catch((err: unknown) => this.#log.error({ err }, 'periodic notifications failed'))
      .finally(() => {
        this.#periodic = undefined;
        if (!this.#started) return;
        this.#periodicTimer = setTimeout(() => this.#runPeriodic(), 1000);
        this.#periodicTimer.unref();
      });
  }

  async #periodicOnce(): Promise<void> {
    const now = new Date();
    const due = await store.duePeriodic(this.#db, now, PERIODIC_BATCH);
    if (due.length === 0) return;
    const active = new Map((await this.matcher.active(now)).map((a) => [`${a.tenant}\n${a.id}`, a]));
    for (const sub of due) {
      const subscription = active.get(`${sub.tenant}\n${sub.id}`);
      if (!subscription) continue;
      const { entities } = await this.#service.queryEntities(
        sub.tenant,
        { ...subscription.query, limit: 1000, offset: 0, count: false },
        subscription.terms,
      );
      let message: NotificationMessage | undefined;
      try {
        message =
          entities.length > 0
            ? await this.#subscriptions.notificationMessage(subscription, entities, {
                now,
                read: (ids) => this.#service.entitiesByIds(sub.tenant, ids),
              })
            : undefined;
      } catch (err) {
        // This period passes without a notification, reported as a failure; the others go on.
        this.#log.error({ err, subscription: sub.id }, 'periodic notification could not be built');
        this.deliverer.recordUnbuilt(sub.tenant, sub.id);
      }
      const endpoint = subscription.subscription.notification.endpoint.uri;
      const claimed = this.deliverer.hasRoom(endpoint);
      const rows = await this.#db.transaction(async (tx) => {
        if (!(await store.advancePeriodic(tx, sub, now, message !== undefined)) || !message) return [];
        return store.insertNotifications(
          tx,
          [
            {
              tenant: sub.tenant,
              subscriptionId: sub.id,
              endpoint,
              message: outboxMessage(subscription, message),
              claimed,
            },
          ],
          this.deliverer.leaseMs,
        );
      });
      if (claimed) this.deliverer.accept(rows);
    }
  }

  /** Figures for /metrics. */
  stats(): NotificationStats {
    const d = this.deliverer.stats();
    return {
      matched: this.matcher.matched,
      delivered: this.deliverer.delivered,
      failed: this.deliverer.failed,
      held: d.held,
      receivers: d.endpoints,
      receiversBackingOff: d.backingOff,
    };
  }

  /** Matches and hands over everything in the log now (tests; the loop does the same on its own). */
  async drain(): Promise<void> {
    for (const c of this.#consumers) while ((await c.runOnce()) > 0);
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    for (const off of this.#unsubscribe.splice(0)) off();
    clearTimeout(this.#periodicTimer);
    clearInterval(this.#maintenanceTimer);
    await this.#periodic;
    await Promise.all(this.#consumers.map((c) => c.stop()));
    await this.deliverer.stop();
  }
}

function passesFilter(filter: ChangeFilter, change: Change): boolean {
  if (filter.tenant !== undefined && change.tenant !== filter.tenant) return false;
  if (filter.types && !change.types.some((t) => filter.types?.includes(t))) return false;
  if (filter.attributes) {
    const touched = [...Object.keys(change.attrs), ...Object.keys(change.previous)];
    if (!touched.some((a) => filter.attributes?.includes(a))) return false;
  }
  return true;
}
