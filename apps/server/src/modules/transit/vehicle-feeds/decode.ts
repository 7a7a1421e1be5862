import { AppError } from '../../../platform/errors.js';
import { gtfsRealtime, type GtfsRealtime } from '../realtime/bindings.js';

/**
 * An operator's GTFS-Realtime VehiclePositions FeedMessage read into the readings Thang Long keeps of
 * its buses. A feed that does not decode is refused whole; within one that does, each entity stands
 * on its own: a bad one is set aside with its reason and never costs the others.
 */

/** A report more than this ahead of the server's clock is a wrong clock, not news. */
export const MAX_FUTURE_MS = 60_000;
/** The most vehicles one feed may hold (Hanoi runs about 2,000 buses). */
export const MAX_VEHICLES_PER_FEED = 10_000;
/** Longer vehicle ids would make entity ids nobody can use. */
const MAX_VEHICLE_ID = 200;
const MAX_TEXT = 255;

/** One vehicle's report, in the units Thang Long keeps (speed km/h, as the buses' trackers send). */
export interface VehicleReading {
  readonly vehicleId: string;
  readonly label?: string;
  readonly licensePlate?: string;
  readonly lat: number;
  readonly lon: number;
  /** Degrees clockwise from true north, 0–360. */
  readonly heading?: number;
  readonly speedKmh?: number;
  readonly tripId?: string;
  readonly routeId?: string;
  readonly directionId?: number;
  readonly startDate?: string;
  readonly startTime?: string;
  readonly stopId?: string;
  readonly currentStopSequence?: number;
  readonly currentStatus?: string;
  readonly occupancyStatus?: string;
  readonly congestionLevel?: string;
  /** When the vehicle was there: its own timestamp, else the feed's, else when it was received. */
  readonly observedAt: Date;
}

export interface RejectedEntity {
  /** The entity's place in the feed, from 0. */
  readonly index: number;
  readonly id?: string;
  readonly reason: string;
}

export interface DecodedFeed {
  readonly readings: readonly VehicleReading[];
  readonly rejected: readonly RejectedEntity[];
  /** Entities in the feed. */
  readonly entities: number;
}

type Long = number | { toNumber(): number } | null | undefined;
const numberOf = (v: Long): number | undefined => {
  if (v === null || v === undefined) return undefined;
  const n = typeof v === 'number' ? v : v.toNumber();
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** C0 and C1 control characters and DEL. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Half of a UTF-16 pair alone: what invalid UTF-8 on the wire decodes to; no URI or database text holds it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The texts a vehicle position brings, by the names an operator knows them. */
const TEXT_FIELDS: readonly [string, (v: GtfsRealtime.IVehiclePosition) => string | null | undefined][] = [
  ['vehicle.id', (v) => v.vehicle?.id],
  ['vehicle.label', (v) => v.vehicle?.label],
  ['vehicle.license_plate', (v) => v.vehicle?.licensePlate],
  ['trip.trip_id', (v) => v.trip?.tripId],
  ['trip.route_id', (v) => v.trip?.routeId],
  ['trip.start_date', (v) => v.trip?.startDate],
  ['trip.start_time', (v) => v.trip?.startTime],
  ['stop_id', (v) => v.stopId],
];

/** Whether a field was in the message: the binding puts proto2 defaults (0, EMPTY, …) on the prototype. */
const has = (o: object | null | undefined, key: string): boolean => !!o && Object.hasOwn(o, key);

const text = (v: string | null | undefined): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.slice(0, MAX_TEXT) : undefined;

const enumName = <E extends Record<string, string | number>>(e: E, v: number | null | undefined) =>
  v === null || v === undefined ? undefined : (e as Record<number, string | undefined>)[v];

/** Decodes a FeedMessage; throws TRANSIT_VEHICLE_FEED_UNDECODABLE (400) when the bytes are not one. */
export function decodeFeedMessage(bytes: Uint8Array): GtfsRealtime.FeedMessage {
  if (bytes.byteLength === 0) {
    throw new AppError('TRANSIT_VEHICLE_FEED_UNDECODABLE', 400, 'The body is empty: send a GTFS-Realtime FeedMessage.');
  }
  // Counted before decoding, from the message's own framing: a feed over the limit is refused in
  // milliseconds, before any of its entities is read.
  const counted = entitiesIn(bytes);
  if (counted !== undefined && counted > MAX_VEHICLES_PER_FEED) throw tooLarge(counted);
  let message: GtfsRealtime.FeedMessage;
  try {
    message = gtfsRealtime.FeedMessage.decode(bytes);
  } catch (err) {
    throw new AppError(
      'TRANSIT_VEHICLE_FEED_UNDECODABLE',
      400,
      `The body is not a GTFS-Realtime FeedMessage (protobuf): ${(err as Error).message}. Nothing was taken in.`,
    );
  }
  // A city's fleet, not more: each vehicle is written, and a feed is taken in whole or not at all.
  if (message.entity.length > MAX_VEHICLES_PER_FEED) throw tooLarge(message.entity.length);
  return message;
}

const tooLarge = (entities: number) =>
  new AppError(
    'TRANSIT_VEHICLE_FEED_TOO_LARGE',
    413,
    `The feed holds ${entities} entities; at most ${MAX_VEHICLES_PER_FEED} are taken in one feed. Nothing was taken in.`,
  );

/**
 * How many `entity` fields (number 2) a FeedMessage holds, read from its top-level framing only (each
 * field's key and length, nothing inside); undefined when the bytes are not well framed (decoding then
 * says why).
 */
export function entitiesIn(bytes: Uint8Array): number | undefined {
  let at = 0;
  let count = 0;
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (at >= bytes.length) return undefined;
      const b = bytes[at++] as number;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    return undefined;
  };
  while (at < bytes.length) {
    const key = varint();
    if (key === undefined) return undefined;
    const field = Math.floor(key / 8);
    switch (key & 7) {
      case 0:
        if (varint() === undefined) return undefined;
        break;
      case 1:
        at += 8;
        break;
      case 2: {
        const length = varint();
        if (length === undefined) return undefined;
        at += length;
        if (field === 2) count++;
        break;
      }
      case 5:
        at += 4;
        break;
      default:
        return undefined;
    }
    if (at > bytes.length) return undefined;
  }
  return count;
}

/** The readings of a decoded feed, each bad entity set aside with why. */
export function readingsOf(message: GtfsRealtime.FeedMessage, receivedAt: Date): DecodedFeed {
  const now = receivedAt.getTime();
  const headerSeconds = has(message.header, 'timestamp') ? numberOf(message.header.timestamp) : undefined;
  const readings: VehicleReading[] = [];
  const rejected: RejectedEntity[] = [];
  message.entity.forEach((entity, index) => {
    const reject = (reason: string) =>
      rejected.push({ index, ...(typeof entity.id === 'string' && entity.id !== '' ? { id: entity.id } : {}), reason });
    const v = entity.vehicle;
    if (entity.isDeleted === true) return reject('the entity is marked deleted');
    if (!v) return reject('not a vehicle position (no `vehicle`)');
    // A control character (NUL above all: PostgreSQL's text cannot hold it) in any text this vehicle
    // brings sets it aside, not the feed.
    const controlled = TEXT_FIELDS.find(([, of]) => {
      const value = of(v);
      return typeof value === 'string' && CONTROL.test(value);
    });
    if (controlled) return reject(`${controlled[0]} holds a control character`);
    const malformed = TEXT_FIELDS.find(([, of]) => {
      const value = of(v);
      return typeof value === 'string' && LONE_SURROGATE.test(value);
    });
    if (malformed) return reject(`${malformed[0]} is not valid UTF-8`);
    const vehicleId = text(v.vehicle?.id);
    if (vehicleId === undefined) return reject('the vehicle has no id (vehicle.vehicle.id)');
    if (vehicleId.length > MAX_VEHICLE_ID) return reject(`the vehicle id is longer than ${MAX_VEHICLE_ID} characters`);
    const p = v.position;
    if (!p) return reject('the vehicle has no position');
    const { latitude: lat, longitude: lon } = p;
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return reject(`the position ${lat},${lon} is no place on Earth`);
    }
    // 0,0 is a receiver without a fix, not a bus in the Gulf of Guinea.
    if (lat === 0 && lon === 0) return reject('the position is 0,0 (no fix)');
    const seconds = (has(v, 'timestamp') ? numberOf(v.timestamp) : undefined) ?? headerSeconds;
    const observedAt = seconds === undefined ? receivedAt : new Date(seconds * 1000);
    if (Number.isNaN(observedAt.getTime())) return reject('the timestamp is no time (beyond year 275760)');
    if (observedAt.getTime() > now + MAX_FUTURE_MS) {
      return reject(`the timestamp ${observedAt.toISOString()} is more than 60 s ahead of the server's clock`);
    }
    const bearing = has(p, 'bearing') ? p.bearing : undefined;
    const speed = has(p, 'speed') ? p.speed : undefined;
    const trip = v.trip;
    readings.push({
      vehicleId,
      ...optional('label', text(v.vehicle?.label)),
      ...optional('licensePlate', text(v.vehicle?.licensePlate)),
      lat,
      lon,
      // A bearing or speed out of range is left out; the position still counts.
      ...optional(
        'heading',
        typeof bearing === 'number' && bearing >= 0 && bearing <= 360 ? Math.round(bearing * 10) / 10 : undefined,
      ),
      ...optional(
        'speedKmh',
        typeof speed === 'number' && Number.isFinite(speed) && speed >= 0 && speed < 150
          ? Math.round(speed * 3.6 * 10) / 10
          : undefined,
      ),
      ...optional('tripId', text(trip?.tripId)),
      ...optional('routeId', text(trip?.routeId)),
      ...optional(
        'directionId',
        has(trip, 'directionId') && (trip?.directionId === 0 || trip?.directionId === 1) ? trip.directionId : undefined,
      ),
      ...optional('startDate', text(trip?.startDate)),
      ...optional('startTime', text(trip?.startTime)),
      ...optional('stopId', text(v.stopId)),
      ...optional(
        'currentStopSequence',
        has(v, 'currentStopSequence') && typeof v.currentStopSequence === 'number' ? v.currentStopSequence : undefined,
      ),
      ...optional(
        'currentStatus',
        // The status is relative to a stop: without one it says nothing.
        has(v, 'stopId') || has(v, 'currentStopSequence')
          ? // Unset, the binding reads the specification's default, in transit to.
            enumName(gtfsRealtime.VehiclePosition.VehicleStopStatus, v.currentStatus)
          : undefined,
      ),
      ...optional(
        'occupancyStatus',
        has(v, 'occupancyStatus')
          ? enumName(gtfsRealtime.VehiclePosition.OccupancyStatus, v.occupancyStatus)
          : undefined,
      ),
      ...optional(
        'congestionLevel',
        has(v, 'congestionLevel')
          ? enumName(gtfsRealtime.VehiclePosition.CongestionLevel, v.congestionLevel)
          : undefined,
      ),
      observedAt,
    });
  });
  return { readings, rejected, entities: message.entity.length };
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
