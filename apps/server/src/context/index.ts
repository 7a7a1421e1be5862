import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { EventBus } from '../platform/bus.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/index.js';
import { ContextResolver } from './jsonld/contexts.js';
import { contextRoutes } from './routes.js';
import { ContextService } from './service.js';
import { subscriptionRoutes } from './subscriptions/routes.js';
import { SubscriptionService } from './subscriptions/service.js';
import { temporalRoutes } from './temporal/routes.js';

/** The NGSI-LD context broker: the public surface of context/. */
export { ContextService, type EntityQuery, type UpdateResult } from './service.js';
export { ContextResolver, TermMap } from './jsonld/contexts.js';
export { CORE_CONTEXT, CORE_CONTEXT_URL } from './jsonld/core-context.js';
export type { Entity, Instance, Attributes } from './model.js';

export interface ContextBroker {
  readonly service: ContextService;
  readonly resolver: ContextResolver;
  readonly subscriptions: SubscriptionService;
  /** Mounts the NGSI-LD API under /ngsi-ld/v1. */
  register(app: FastifyInstance): Promise<void>;
}

export function createContextBroker(config: Config, deps: { db: Database; bus: EventBus; log: Logger }): ContextBroker {
  const resolver = new ContextResolver({
    db: deps.db,
    aliasesFile: config.ngsiLd.contextAliases,
    fetchTimeoutMs: config.ngsiLd.contextFetchTimeoutMs,
    maxBytes: config.ngsiLd.contextMaxBytes,
    log: deps.log,
  });
  const service = new ContextService(deps.db, deps.bus, deps.log);
  const subscriptions = new SubscriptionService({ db: deps.db, bus: deps.bus, resolver, log: deps.log });
  const maxLimit = config.ngsiLd.maxLimit;
  return {
    service,
    resolver,
    subscriptions,
    async register(app) {
      await app.register(contextRoutes, { prefix: '/ngsi-ld/v1', service, resolver, maxLimit });
      await app.register(temporalRoutes, { prefix: '/ngsi-ld/v1', db: deps.db, service, resolver, maxLimit });
      await app.register(subscriptionRoutes, { prefix: '/ngsi-ld/v1', subscriptions, resolver, maxLimit });
    },
  };
}
