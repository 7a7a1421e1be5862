import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { EventBus } from '../platform/bus.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/index.js';
import { OutboundGuard } from '../platform/outbound.js';
import { ContextResolver } from './jsonld/contexts.js';
import { Measures } from './measures.js';
import { RegistrationService } from './registrations/service.js';
import { registrationRoutes } from './registrations/routes.js';
import { contextRoutes } from './routes.js';
import { Notifier } from './notify/index.js';
import { LiveFeeds } from './notify/feeds.js';
import { eventRoutes } from './notify/routes.js';
import { ContextService } from './service.js';
import { subscriptionRoutes } from './subscriptions/routes.js';
import { SubscriptionService } from './subscriptions/service.js';
import { historyRetentionRoutes, temporalRoutes } from './temporal/routes.js';
import { maintainHistory, TemporalService } from './temporal/service.js';
import { guardOwnedHistory, guardOwnedWrites, TypeOwnership } from './ownership.js';

/** The NGSI-LD context broker: the public surface of context/. */
export { CONTEXT_ERRORS } from './errors.js';
export { TypeOwnership } from './ownership.js';
export { ContextService, type EntityQuery, type UpdateResult } from './service.js';
export { ContextResolver, TermMap } from './jsonld/contexts.js';
export { CORE_CONTEXT, CORE_CONTEXT_URL } from './jsonld/core-context.js';
export type { Entity, Instance, Attributes } from './model.js';
export { maintainHistory, type HistoryMaintenance } from './temporal/index.js';
export { Notifier, type Change, type ChangeFilter, type WatchFilter } from './notify/index.js';
export {
  Measures,
  type CurrentInstances,
  type EntityMeasures,
  type HourlyMean,
  type MeanSelection,
  type MeasureInstance,
  type TenantMeasures,
} from './measures.js';
export { LiveFeeds, SnapshotFeed, type FeedSend, type LiveFeed } from './notify/feeds.js';

export interface ContextBroker {
  readonly service: ContextService;
  /** Measures set-wise: ingestion's batch writes, the current values and history modules count. */
  readonly measures: Measures;
  readonly resolver: ContextResolver;
  /** The gate of requests made on users' behalf (OUTBOUND_ALLOW). */
  readonly outbound: OutboundGuard;
  readonly subscriptions: SubscriptionService;
  /** Context source registrations: kept for discovery (nothing is forwarded to the sources yet). */
  readonly registrations: RegistrationService;
  /** Matching and delivery of notifications, module change consumers, the live event stream; started by the worker role. */
  readonly notifier: Notifier;
  /** Modules' own events on the live event stream (`feeds=`): add them before the routes are mounted. */
  readonly feeds: LiveFeeds;
  /** Entity types a module keeps: the NGSI-LD API refuses writes to them (ownership.ts). */
  readonly ownership: TypeOwnership;
  /** Mounts the NGSI-LD API under /ngsi-ld/v1. */
  register(app: FastifyInstance): Promise<void>;
  /** The worker role's share: notifications, change consumers, and history upkeep (partitions ahead, retention). */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
}

const HISTORY_UPKEEP_MS = 3600_000;

export function createContextBroker(config: Config, deps: { db: Database; bus: EventBus; log: Logger }): ContextBroker {
  // One gate for every request the broker makes on a user's behalf: @context downloads and notifications.
  const outbound = new OutboundGuard({ allow: config.outbound.allow, self: config.http.publicUrl });
  const resolver = new ContextResolver({
    outbound,
    db: deps.db,
    aliasesFile: config.ngsiLd.contextAliases,
    fetchTimeoutMs: config.ngsiLd.contextFetchTimeoutMs,
    maxBytes: config.ngsiLd.contextMaxBytes,
    log: deps.log,
  });
  const service = new ContextService(deps.db, deps.bus, { log: deps.log, maxAttributes: config.ngsiLd.maxAttributes });
  const measures = new Measures(deps.db, deps.bus);
  const subscriptions = new SubscriptionService({ db: deps.db, bus: deps.bus, resolver, log: deps.log, outbound });
  const registrations = new RegistrationService({ db: deps.db, log: deps.log, outbound });
  const maxLimit = config.ngsiLd.maxLimit;
  const temporal = new TemporalService({
    db: deps.db,
    maxInstances: config.ngsiLd.temporalMaxInstances,
    maxAttributes: config.ngsiLd.maxAttributes,
    defaultRetention: config.ngsiLd.historyRetention,
    bus: deps.bus,
  });
  const notifier = new Notifier({
    ...deps,
    log: deps.log.child({ part: 'notify' }),
    service,
    subscriptions,
    resolver,
    outbound,
    options: { timeoutMs: config.ngsiLd.notificationTimeoutMs, maxAgeMs: config.ngsiLd.notificationMaxAgeMs },
  });
  const feeds = new LiveFeeds();
  const ownership = new TypeOwnership();
  let upkeep: NodeJS.Timeout | undefined;
  const keepHistory = () =>
    maintainHistory(deps.db, config, deps.log).catch((err: unknown) =>
      deps.log.error({ err }, 'history upkeep failed; it is tried again in an hour'),
    );
  return {
    service,
    ownership,
    measures,
    resolver,
    outbound,
    subscriptions,
    registrations,
    notifier,
    feeds,
    async startWorker() {
      await notifier.start();
      void keepHistory();
      upkeep = setInterval(() => void keepHistory(), HISTORY_UPKEEP_MS);
      upkeep.unref();
    },
    async stopWorker() {
      clearInterval(upkeep);
      await notifier.stop();
    },
    async register(app) {
      await app.register(contextRoutes, {
        prefix: '/ngsi-ld/v1',
        bodyLimit: config.ngsiLd.bodyLimitBytes,
        service: guardOwnedWrites(service, ownership),
        resolver,
        maxLimit,
        publicUrl: config.http.publicUrl,
        anonymousOpen: config.ngsiLd.anonymous !== 'off',
      });
      await app.register(temporalRoutes, {
        prefix: '/ngsi-ld/v1',
        bodyLimit: config.ngsiLd.bodyLimitBytes,
        db: deps.db,
        service,
        resolver,
        maxLimit,
        temporal: guardOwnedHistory(temporal, service, ownership),
      });
      await app.register(historyRetentionRoutes, { prefix: '/api/v1', temporal, resolver });
      await app.register(subscriptionRoutes, {
        prefix: '/ngsi-ld/v1',
        bodyLimit: config.ngsiLd.bodyLimitBytes,
        subscriptions,
        resolver,
        maxLimit,
        publicUrl: config.http.publicUrl,
      });
      await app.register(registrationRoutes, {
        prefix: '/ngsi-ld/v1',
        bodyLimit: config.ngsiLd.bodyLimitBytes,
        registrations,
        resolver,
        maxLimit,
      });
      await app.register(eventRoutes, {
        prefix: '/api/v1',
        tail: notifier.tail,
        resolver,
        feeds,
        streamsPerCaller: config.ngsiLd.eventStreamsPerCaller,
      });
    },
  };
}
