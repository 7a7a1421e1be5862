import type { ContextBroker, EntityMeasures, Instance, MeasureInstance } from '../../../context/index.js';
import type { Database } from '../../../platform/db/index.js';
import type { DecodedFeed, RejectedEntity, VehicleReading } from './decode.js';

/**
 * Operators' vehicle reports become the same `Vehicle` entities the buses' own trackers make through
 * ingestion (attribute names as there; speed in km/h): written set-wise through the broker's
 * measures, each attribute stamped with the vehicle's time, so a late report never overwrites a newer
 * one and every report goes to history.
 */

/** A name for whose vehicles these are, in entity ids: `urn:ngsi-ld:Vehicle:<scope>:<vehicle id>`. */
export const SCOPE = /^[A-Za-z0-9_-]{1,40}$/;
export const DEFAULT_SCOPE = 'gtfsrt';
/**
 * Vehicles written per transaction. The embedded database works on the event loop's thread: a slice
 * of 500 held it about 750 ms, one of 100 about 150 ms, and other requests are served in between.
 */
const SLICE = 100;

export const vehicleEntityId = (scope: string, vehicleId: string): string =>
  `urn:ngsi-ld:Vehicle:${scope}:${encodeURIComponent(vehicleId)}`;

export interface IntakeOutcome {
  /** Readings written (a late one goes to history without changing the vehicle's current state). */
  readonly accepted: number;
  readonly rejected: readonly RejectedEntity[];
  readonly entities: number;
}

export class VehiclePositionIntake {
  readonly #db: Database;
  readonly #broker: ContextBroker;

  constructor(db: Database, broker: ContextBroker) {
    this.#db = db;
    this.#broker = broker;
  }

  /** Writes a decoded feed's readings into the tenant's Vehicle entities. */
  async take(tenant: string, scope: string, feed: DecodedFeed, receivedAt: Date): Promise<IntakeOutcome> {
    const rejected = [...feed.rejected];
    // One report per vehicle a feed: the newest (two in one statement would race each other).
    const newest = new Map<string, { reading: VehicleReading; index: number }>();
    feed.readings.forEach((reading, index) => {
      const id = vehicleEntityId(scope, reading.vehicleId);
      const before = newest.get(id);
      if (before && before.reading.observedAt >= reading.observedAt) {
        rejected.push({
          index,
          id: reading.vehicleId,
          reason: 'the vehicle appears again in the feed with a report as new',
        });
        return;
      }
      if (before) {
        rejected.push({
          index: before.index,
          id: reading.vehicleId,
          reason: 'the vehicle appears again in the feed with a newer report',
        });
      }
      newest.set(id, { reading, index });
    });
    if (newest.size === 0) return { accepted: 0, rejected, entities: feed.entities };

    const terms = await this.#broker.resolver.core();
    const name = (short: string) => terms.expand(short);
    const vehicleType = name('Vehicle');
    // A slice at a time, each in its own transaction, the event loop free in between: a big feed
    // must not hold the instance (the embedded database runs on its thread).
    const all = [...newest];
    for (let from = 0; from < all.length; from += SLICE) {
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      await this.#write(tenant, all.slice(from, from + SLICE), vehicleType, name, receivedAt);
    }
    return { accepted: newest.size, rejected: rejected.sort((a, b) => a.index - b.index), entities: feed.entities };
  }

  async #write(
    tenant: string,
    slice: readonly (readonly [string, { reading: VehicleReading }])[],
    vehicleType: string,
    name: (short: string) => string,
    receivedAt: Date,
  ): Promise<void> {
    const newest = new Map(slice);
    // Every time, not from a memory of what exists: an entity deleted meanwhile (here or on another
    // instance) is made again rather than its readings lost. Those that exist come back as errors:
    // exactly "create if missing", in one statement.
    await this.#broker.service.createBatch(
      tenant,
      [...newest.keys()].map((id) => ({ entity: { id, types: [vehicleType], attrs: {} } })),
    );

    const entities: EntityMeasures[] = [];
    const history: MeasureInstance[] = [];
    const now = receivedAt.toISOString();
    for (const [entityId, { reading }] of newest) {
      const observedAt = reading.observedAt.toISOString();
      const attrs: Record<string, Instance> = {};
      const put = (attr: string, instance: Instance) => {
        const iri = name(attr);
        const stamped: Instance = { ...instance, observedAt, createdAt: now, modifiedAt: now };
        attrs[iri] = stamped;
        history.push({ entityId, attr: iri, observedAt, instance: stamped, timed: true });
      };
      const point = { type: 'Point', coordinates: [reading.lon, reading.lat] };
      put('location', { type: 'GeoProperty', value: point });
      if (reading.speedKmh !== undefined) put('speed', { type: 'Property', value: reading.speedKmh, unitCode: 'KMH' });
      if (reading.heading !== undefined) put('heading', { type: 'Property', value: reading.heading, unitCode: 'DD' });
      // onRoute on a trip, outOfService otherwise, as the buses' trackers say it (Smart Data Models Vehicle).
      const onTrip = reading.tripId !== undefined || reading.routeId !== undefined;
      put('serviceStatus', { type: 'Property', value: onTrip ? 'onRoute' : 'outOfService' });
      const texts: [string, string | number | undefined][] = [
        ['tripId', reading.tripId],
        ['routeCode', reading.routeId],
        ['directionId', reading.directionId],
        ['tripStartDate', reading.startDate],
        ['tripStartTime', reading.startTime],
        ['stopId', reading.stopId],
        ['currentStopSequence', reading.currentStopSequence],
        ['currentStatus', reading.currentStatus],
        ['occupancyStatus', reading.occupancyStatus],
        ['congestionLevel', reading.congestionLevel],
        ['fleetVehicleId', reading.label],
        ['vehiclePlateIdentifier', reading.licensePlate],
      ];
      for (const [attr, value] of texts) if (value !== undefined) put(attr, { type: 'Property', value });
      entities.push({ entityId, attrs, location: point });
    }
    const announce = await this.#db.transaction((tx) =>
      this.#broker.measures.write(tx, [{ tenant, entities, history }], receivedAt),
    );
    announce();
  }
}
