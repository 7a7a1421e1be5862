import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

/**
 * The internal event bus: modules publish what happened, others react, and nobody imports anybody's
 * tables. In one process it is an in-memory emitter; a handler that throws is logged, never breaks
 * the publisher.
 */
export interface BusEvents {
  'context.entity': EntityChange;
  /** A subscription was created, changed or deleted: whoever matches changes against them reloads it. */
  'context.subscription': { tenant: string; id: string; kind: 'created' | 'updated' | 'deleted' };
  /** A service group or device was provisioned, changed or removed: caches of them forget it. */
  'ingest.registry': { tenant: string; kind: 'group' | 'device'; id: string };
}

export interface EntityChange {
  readonly tenant: string;
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly entityId: string;
  /** Expanded type IRIs. */
  readonly types: readonly string[];
  /** Expanded names of the attributes written or removed. */
  readonly attributes: readonly string[];
  readonly at: string;
}

export class EventBus {
  readonly #emitter = new EventEmitter();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
    this.#emitter.setMaxListeners(100);
  }

  publish<K extends keyof BusEvents>(topic: K, event: BusEvents[K]): void {
    for (const listener of this.#emitter.listeners(topic)) {
      try {
        (listener as (e: BusEvents[K]) => void)(event);
      } catch (err) {
        this.#log.error({ err, topic }, 'event handler failed');
      }
    }
  }

  subscribe<K extends keyof BusEvents>(topic: K, handler: (event: BusEvents[K]) => void): () => void {
    this.#emitter.on(topic, handler);
    return () => this.#emitter.off(topic, handler);
  }
}
