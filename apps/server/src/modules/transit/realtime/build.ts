import { gtfsRealtime as rt, type GtfsRealtime } from './bindings.js';
import type {
  Bilingual,
  ServiceAlertInput,
  StopTimeEventInput,
  StopTimeUpdateInput,
  TripRef,
  TripUpdateInput,
  VehiclePositionInput,
  VehicleRef,
} from './model.js';

/**
 * The plain inputs made into GTFS-Realtime 2.0 feed entities, encoded with the official binding.
 * Which entities are fresh enough to publish is decided here too, so every feed follows one rule.
 */

export const GTFS_REALTIME_VERSION = '2.0';
/** Vehicle positions and trip updates older than this are not published (best practice: ≤ 90 s). */
export const MAX_AGE_SECONDS = 90;
/** A timestamp further ahead of our clock than this is a wrong clock, not news (the validator's E050). */
export const MAX_AHEAD_SECONDS = 60;

export const posixSeconds = (time: Date): number => Math.floor(time.getTime() / 1000);

/** Feed entities, and the newest timestamp among them (the header must not be older: E012). */
export interface Entities {
  readonly entities: GtfsRealtime.IFeedEntity[];
  readonly newest: number;
}

/** Undefined fields are left out of the encoding, so descriptors are built as they come. */
function tripDescriptor(trip: TripRef): GtfsRealtime.ITripDescriptor {
  return {
    tripId: trip.tripId,
    routeId: trip.routeId,
    directionId: trip.directionId,
    startTime: trip.startTime,
    startDate: trip.startDate,
    scheduleRelationship:
      trip.scheduleRelationship === undefined
        ? undefined
        : rt.TripDescriptor.ScheduleRelationship[trip.scheduleRelationship],
  };
}

const vehicleDescriptor = (vehicle: VehicleRef): GtfsRealtime.IVehicleDescriptor => ({
  id: vehicle.id,
  label: vehicle.label,
  licensePlate: vehicle.licensePlate,
});

/** Whether a report of this time may be published at `now` (POSIX seconds). */
const fresh = (timestamp: number, now: number): boolean =>
  now - timestamp <= MAX_AGE_SECONDS && timestamp - now <= MAX_AHEAD_SECONDS;

/** One entity per id: the latest report wins. */
function latestById<T extends { readonly timestamp: Date }>(
  inputs: readonly T[],
  idOf: (input: T) => string | undefined,
  now: number,
): Map<string, { input: T; timestamp: number }> {
  const byId = new Map<string, { input: T; timestamp: number }>();
  for (const input of inputs) {
    const id = idOf(input);
    const timestamp = posixSeconds(input.timestamp);
    if (id === undefined || id === '' || !Number.isFinite(timestamp) || !fresh(timestamp, now)) continue;
    const seen = byId.get(id);
    if (!seen || seen.timestamp < timestamp) byId.set(id, { input, timestamp });
  }
  return byId;
}

const validPosition = ({ position: p }: VehiclePositionInput): boolean =>
  Number.isFinite(p.lat) &&
  Number.isFinite(p.lon) &&
  Math.abs(p.lat) <= 90 &&
  Math.abs(p.lon) <= 180 &&
  !(p.lat === 0 && p.lon === 0) &&
  (p.bearing === undefined || (Number.isFinite(p.bearing) && p.bearing >= 0 && p.bearing <= 360));

export function vehiclePositionEntities(inputs: readonly VehiclePositionInput[], now: number): Entities {
  const entities: GtfsRealtime.IFeedEntity[] = [];
  let newest = 0;
  const latest = latestById(inputs.filter(validPosition), (v) => v.vehicle.id, now);
  for (const [id, { input: v, timestamp }] of latest) {
    newest = Math.max(newest, timestamp);
    entities.push({
      id,
      vehicle: {
        trip: v.trip && tripDescriptor(v.trip),
        vehicle: vehicleDescriptor(v.vehicle),
        position: {
          latitude: v.position.lat,
          longitude: v.position.lon,
          bearing: v.position.bearing,
          speed: v.position.speed,
        },
        currentStopSequence: v.currentStopSequence,
        stopId: v.stopId,
        currentStatus:
          v.currentStatus === undefined ? undefined : rt.VehiclePosition.VehicleStopStatus[v.currentStatus],
        timestamp,
        congestionLevel:
          v.congestionLevel === undefined ? undefined : rt.VehiclePosition.CongestionLevel[v.congestionLevel],
        occupancyStatus:
          v.occupancyStatus === undefined ? undefined : rt.VehiclePosition.OccupancyStatus[v.occupancyStatus],
      },
    });
  }
  return { entities, newest };
}

/**
 * A predicted arrival or departure: its time when known, else its delay. With a time the delay is left
 * out: readers take the time over it (the specification: "time will take precedence") and work the
 * delay out against the timetable, which they need for the trip anyway; it is a fifth of TripUpdates'
 * bytes (a negative delay is 11 bytes on the wire, an int32 below zero being a 10-byte varint).
 */
const stopTimeEvent = (event: StopTimeEventInput | undefined): GtfsRealtime.TripUpdate.IStopTimeEvent | undefined =>
  event && {
    delay: event.time === undefined ? event.delay : undefined,
    time: event.time === undefined ? undefined : posixSeconds(event.time),
    uncertainty: event.uncertainty,
  };

/** A trip's entity id: the trip (on its service day) or, for a trip without an id, its vehicle. */
function tripUpdateId(update: TripUpdateInput): string | undefined {
  const base = update.trip.tripId ?? (update.vehicle ? `vehicle:${update.vehicle.id}` : undefined);
  return base !== undefined && update.trip.startDate ? `${base}@${update.trip.startDate}` : base;
}

/**
 * Entity ids of a feed's trip updates: a trip run by frequencies with several runs on one service day
 * has one entity per run, its start time added to the id (`trip@date@HH:MM:SS`).
 */
function tripUpdateIds(inputs: readonly TripUpdateInput[]): (update: TripUpdateInput) => string | undefined {
  const starts = new Map<string, Set<string | undefined>>();
  for (const u of inputs) {
    const id = tripUpdateId(u);
    if (id === undefined) continue;
    let set = starts.get(id);
    if (!set) starts.set(id, (set = new Set()));
    set.add(u.trip.startTime);
  }
  return (u) => {
    const id = tripUpdateId(u);
    return id !== undefined && (starts.get(id)?.size ?? 0) > 1 && u.trip.startTime ? `${id}@${u.trip.startTime}` : id;
  };
}

/** Stop time updates by stop sequence, as the feed must have them (E002), when every one has its sequence. */
function inTripOrder(updates: readonly StopTimeUpdateInput[]): readonly StopTimeUpdateInput[] {
  let sorted = true;
  for (let i = 1; i < updates.length && sorted; i++) {
    const a = updates[i - 1]?.stopSequence;
    const b = updates[i]?.stopSequence;
    if (a === undefined || b === undefined) return updates;
    sorted = a < b;
  }
  if (sorted || updates.some((u) => u.stopSequence === undefined)) return updates;
  return [...updates].sort((a, b) => (a.stopSequence ?? 0) - (b.stopSequence ?? 0));
}

export function tripUpdateEntities(inputs: readonly TripUpdateInput[], now: number): Entities {
  const entities: GtfsRealtime.IFeedEntity[] = [];
  let newest = 0;
  for (const [id, { input: u, timestamp }] of latestById(inputs, tripUpdateIds(inputs), now)) {
    // A trip still running with nothing to predict says nothing (E041): only a cancellation may be empty.
    if (u.stopTimeUpdates.length === 0 && u.trip.scheduleRelationship !== 'CANCELED') continue;
    newest = Math.max(newest, timestamp);
    entities.push({
      id,
      tripUpdate: {
        trip: tripDescriptor(u.trip),
        vehicle: u.vehicle && vehicleDescriptor(u.vehicle),
        stopTimeUpdate: inTripOrder(u.stopTimeUpdates).map((s) => ({
          stopSequence: s.stopSequence,
          stopId: s.stopId,
          arrival: stopTimeEvent(s.arrival),
          departure: stopTimeEvent(s.departure),
          scheduleRelationship:
            s.scheduleRelationship === undefined
              ? undefined
              : rt.TripUpdate.StopTimeUpdate.ScheduleRelationship[s.scheduleRelationship],
        })),
        timestamp,
        delay: u.delay,
      },
    });
  }
  return { entities, newest };
}

const translated = (text: Bilingual | undefined): GtfsRealtime.ITranslatedString | undefined =>
  text && {
    translation: [
      { text: text.vi, language: 'vi' },
      { text: text.en, language: 'en' },
    ],
  };

/** An alert is published until its last active period ends; one without periods, until withdrawn. */
function inForceOrAhead(alert: ServiceAlertInput, now: number): boolean {
  if (alert.activePeriods.length === 0) return true;
  return alert.activePeriods.some((p) => p.end === undefined || posixSeconds(p.end) >= now);
}

export function serviceAlertEntities(inputs: readonly ServiceAlertInput[], now: number): Entities {
  const entities: GtfsRealtime.IFeedEntity[] = [];
  const seen = new Set<string>();
  for (const a of inputs) {
    // An alert about nothing cannot be shown to anyone (E032).
    if (seen.has(a.id) || a.informedEntities.length === 0 || !inForceOrAhead(a, now)) continue;
    seen.add(a.id);
    entities.push({
      id: a.id,
      alert: {
        activePeriod: a.activePeriods.map((p) => ({
          start: p.start && posixSeconds(p.start),
          end: p.end && posixSeconds(p.end),
        })),
        informedEntity: a.informedEntities.map((e) => ({
          agencyId: e.agencyId,
          routeId: e.routeId,
          routeType: e.routeType,
          trip: e.trip && tripDescriptor(e.trip),
          stopId: e.stopId,
          directionId: e.directionId,
        })),
        cause: a.cause === undefined ? undefined : rt.Alert.Cause[a.cause],
        effect: a.effect === undefined ? undefined : rt.Alert.Effect[a.effect],
        severityLevel: a.severity === undefined ? undefined : rt.Alert.SeverityLevel[a.severity],
        headerText: translated(a.header),
        descriptionText: translated(a.description),
        url: translated(a.url),
      },
    });
  }
  // Alerts carry no timestamp of their own: the header's is the only one.
  return { entities, newest: 0 };
}

const HEADERLESS = { header: { gtfsRealtimeVersion: '' } };
const HEADERLESS_LENGTH = rt.FeedMessage.encode(HEADERLESS).finish().length;

/**
 * The entities' part of a FeedMessage (field 2, repeated). A message is its fields one after the
 * other, so the feed is its header's bytes then these: the content is encoded once, before its
 * header timestamp is known.
 */
export function encodeEntities(entities: GtfsRealtime.IFeedEntity[]): Uint8Array {
  return rt.FeedMessage.encode({ ...HEADERLESS, entity: entities })
    .finish()
    .subarray(HEADERLESS_LENGTH);
}

/** A whole FULL_DATASET FeedMessage of version 2.0 stamped `timestamp` (POSIX seconds). */
export function encodeFeed(timestamp: number, entityBytes: Uint8Array): Buffer {
  const header = rt.FeedMessage.encode({
    header: {
      gtfsRealtimeVersion: GTFS_REALTIME_VERSION,
      incrementality: rt.FeedHeader.Incrementality.FULL_DATASET,
      timestamp,
    },
  }).finish();
  return Buffer.concat([header, entityBytes]);
}

/**
 * The JSON form of a feed: the binding's `toObject` with enums as their names and 64-bit integers
 * (the POSIX times) as numbers; fields in lowerCamelCase as the binding names them, unset ones absent.
 */
export function feedJson(bytes: Uint8Array): string {
  const message = rt.FeedMessage.decode(bytes);
  return JSON.stringify(rt.FeedMessage.toObject(message, { enums: String, longs: Number }));
}
