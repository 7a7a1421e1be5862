import type { Logger } from 'pino';
import type { EventBus } from '../../platform/bus.js';
import type { Database } from '../../platform/db/index.js';
import type { ContextResolver } from '../jsonld/contexts.js';

/** NGSI-LD subscriptions: their lifecycle and what a notification for one looks like. */
export class SubscriptionService {
  readonly #deps: { db: Database; bus: EventBus; resolver: ContextResolver; log: Logger };

  constructor(deps: { db: Database; bus: EventBus; resolver: ContextResolver; log: Logger }) {
    this.#deps = deps;
  }
}
