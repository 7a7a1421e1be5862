import type { EventBus } from '../platform/bus.js';
import type { Database, Sql } from '../platform/db/index.js';
import { LOCATION } from './jsonld/vocabulary.js';
import * as store from './measure-store.js';
import type { CurrentInstances, EntityMeasures, HourlyMean, MeanSelection, MeasureInstance } from './measure-store.js';

export type { CurrentInstances, EntityMeasures, HourlyMean, MeanSelection, MeasureInstance };

/** One tenant's share of a batch of measures. */
export interface TenantMeasures {
  readonly tenant: string;
  /** Per entity, the newest measured instance of each attribute (the entity exists already). */
  readonly entities: readonly EntityMeasures[];
  /** Every measured instance, for history. */
  readonly history: readonly MeasureInstance[];
}

/**
 * Measures as the broker takes them in and gives them out, set-wise: device ingestion writes whole
 * batches, city modules count current values and average history. The SQL is the broker's own.
 */
export class Measures {
  readonly #db: Database;
  readonly #bus: EventBus;

  constructor(db: Database, bus: EventBus) {
    this.#db = db;
    this.#bus = bus;
  }

  /**
   * Writes a batch in the caller's transaction: per tenant one statement for the entities' state
   * (never backwards in observedAt), one for the change log, one for history (a timed reading
   * already recorded is a redelivery and is skipped). The entities must exist: create them first.
   * Call the result once the transaction has committed: it tells the process (the bus) what changed.
   */
  async write(tx: Sql, batch: readonly TenantMeasures[], now: Date): Promise<() => void> {
    await store.recordSetWise(tx);
    const changes: { tenant: string; change: store.StoredChange }[] = [];
    for (const { tenant, entities, history } of batch) {
      for (const change of await store.updateEntities(tx, tenant, entities, LOCATION, now))
        changes.push({ tenant, change });
      await store.appendHistory(tx, tenant, history, now);
    }
    const at = now.toISOString();
    return () => {
      for (const { tenant, change } of changes) {
        this.#bus.publish('context.entity', {
          tenant,
          kind: 'updated',
          entityId: change.entityId,
          types: change.types,
          attributes: change.attributes,
          at,
        });
      }
    };
  }

  /** Which of these entities (ids) are of one of these types (expanded): for refusing writes to kept ones. */
  entitiesOfTypes(tenant: string, ids: readonly string[], types: readonly string[]): Promise<string[]> {
    return store.entitiesOfTypes(this.#db, tenant, ids, types);
  }

  /** Every entity having one of `types` (expanded), by id, with the default instance of each of `attrs`. */
  current(tenant: string, types: readonly string[], attrs: readonly string[]): Promise<CurrentInstances[]> {
    return store.currentInstances(this.#db, tenant, types, attrs);
  }

  /** Means per entity, attribute and clock hour of numeric history, without the readings `selection` leaves out. */
  hourlyMeans(tenant: string, selection: MeanSelection): Promise<HourlyMean[]> {
    return store.hourlyMeans(this.#db, tenant, selection);
  }
}
