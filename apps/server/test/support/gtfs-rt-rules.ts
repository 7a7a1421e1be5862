import bindings from 'gtfs-realtime-bindings';

/**
 * A test oracle for GTFS-Realtime feeds: the rules of the GTFS-Realtime validator's catalogue that
 * can be checked on the feed alone (and, when a test gives them, against the static feed's ids and
 * coverage), in TypeScript. The feed is decoded here with the binding itself, apart from the code
 * that builds it. Test support, not product: it reports, it never fixes.
 */

const rt = bindings.transit_realtime;

export type RuleId =
  | 'E001'
  | 'E002'
  | 'E003'
  | 'E004'
  | 'E011'
  | 'E012'
  | 'E017'
  | 'E018'
  | 'E022'
  | 'E025'
  | 'E026'
  | 'E027'
  | 'E028'
  | 'E032'
  | 'E038'
  | 'E041'
  | 'E048'
  | 'E049'
  | 'E050'
  | 'E052'
  | 'W007'
  | 'W008';

export interface RuleViolation {
  readonly rule: RuleId;
  /** The entity at fault; absent for the header and the feed as a whole. */
  readonly entity?: string;
  readonly message: string;
}

export interface RuleOptions {
  /** When the feed was fetched: timestamps are compared with it (E050, W008). */
  readonly fetchedAt?: Date;
  /** The feed fetched before this one from the same URL (E017, E018, W007). */
  readonly previous?: Uint8Array;
  /** The static feed, when the test has one: its ids (E003, E004, E011) and its extent (E028). */
  readonly known?: {
    readonly tripIds?: ReadonlySet<string>;
    readonly routeIds?: ReadonlySet<string>;
    readonly stopIds?: ReadonlySet<string>;
    readonly bbox?: { readonly west: number; readonly south: number; readonly east: number; readonly north: number };
  };
}

/** The decoded feed as plain values: only the fields present, enums by name, 64-bit integers as numbers. */
interface Trip {
  tripId?: string;
  routeId?: string;
  startDate?: string;
  startTime?: string;
  scheduleRelationship?: string;
}
interface StopTimeEvent {
  delay?: number;
  time?: number;
}
interface Feed {
  header: { gtfsRealtimeVersion?: string; incrementality?: string; timestamp?: number };
  entity?: {
    id: string;
    isDeleted?: boolean;
    tripUpdate?: {
      trip: Trip;
      vehicle?: { id?: string; label?: string; licensePlate?: string };
      stopTimeUpdate?: { stopSequence?: number; stopId?: string; arrival?: StopTimeEvent; departure?: StopTimeEvent }[];
      timestamp?: number;
    };
    vehicle?: {
      trip?: Trip;
      vehicle?: { id?: string; label?: string; licensePlate?: string };
      position?: { latitude: number; longitude: number; bearing?: number };
      stopId?: string;
      timestamp?: number;
    };
    alert?: {
      activePeriod?: { start?: number; end?: number }[];
      informedEntity?: { routeId?: string; stopId?: string; trip?: Trip }[];
    };
  }[];
}

export function decodeFeed(bytes: Uint8Array): Feed {
  const message = rt.FeedMessage.decode(bytes);
  return rt.FeedMessage.toObject(message, { enums: String, longs: Number }) as Feed;
}

/** 2001-09-09 to 2100: a whole number of seconds; milliseconds, or a zero, are not. */
const isPosix = (t: number): boolean => Number.isInteger(t) && t >= 1_000_000_000 && t < 4_102_444_800;

const ACCEPTED_VERSIONS = new Set(['1.0', '2.0']);
const FUTURE_TOLERANCE_S = 60;
const STALE_AFTER_S = 65;
const REFRESH_WITHIN_S = 35;

/** Every violation of the rules above in the feed `bytes`; an empty list for a good feed. */
export function checkFeed(bytes: Uint8Array, options: RuleOptions = {}): RuleViolation[] {
  const out: RuleViolation[] = [];
  const add = (rule: RuleId, message: string, entity?: string) =>
    out.push(entity === undefined ? { rule, message } : { rule, entity, message });
  const feed = decodeFeed(bytes);
  const { header } = feed;
  const entities = feed.entity ?? [];
  const { known } = options;
  const fetched = options.fetchedAt ? Math.floor(options.fetchedAt.getTime() / 1000) : undefined;

  // ---- The header ----
  const version = header.gtfsRealtimeVersion;
  if (version === undefined || !ACCEPTED_VERSIONS.has(version)) {
    add('E038', `gtfs_realtime_version "${String(version)}" is not 1.0 or 2.0`);
  }
  const headerTime = header.timestamp;
  if (headerTime === undefined) add('E048', 'the header has no timestamp');
  if (version === '2.0' && header.incrementality === undefined) add('E049', 'the header has no incrementality');

  const posix = (value: number | undefined, what: string, entity?: string): void => {
    if (value !== undefined && !isPosix(value)) add('E001', `${what} ${value} is not in POSIX seconds`, entity);
  };
  /** A time the data was produced at (predicted times and alert periods may lie ahead; these may not). */
  const timestamp = (value: number | undefined, what: string, entity?: string): void => {
    if (value === undefined) return;
    posix(value, what, entity);
    if (fetched !== undefined && value - fetched > FUTURE_TOLERANCE_S) {
      add('E050', `${what} ${value} is ${value - fetched} s after the fetch`, entity);
    }
  };
  timestamp(headerTime, 'header timestamp');
  if (headerTime !== undefined && fetched !== undefined && fetched - headerTime > STALE_AFTER_S) {
    add('W008', `the header timestamp is ${fetched - headerTime} s old at the fetch`);
  }
  /** Timestamps of the data, which the header's must not be older than (E012). */
  const notNewerThanHeader = (value: number | undefined, what: string, entity: string): void => {
    if (value !== undefined && headerTime !== undefined && value > headerTime) {
      add('E012', `${what} ${value} is after the header timestamp ${headerTime}`, entity);
    }
  };
  const knownTrip = (trip: Trip | undefined, entity: string): void => {
    if (!trip) return;
    if (
      trip.tripId !== undefined &&
      known?.tripIds &&
      trip.scheduleRelationship !== 'ADDED' &&
      !known.tripIds.has(trip.tripId)
    ) {
      add('E003', `trip_id "${trip.tripId}" is not in the static feed`, entity);
    }
    if (trip.routeId !== undefined && known?.routeIds && !known.routeIds.has(trip.routeId)) {
      add('E004', `route_id "${trip.routeId}" is not in the static feed`, entity);
    }
  };
  const knownStop = (stopId: string | undefined, entity: string): void => {
    if (stopId !== undefined && known?.stopIds && !known.stopIds.has(stopId)) {
      add('E011', `stop_id "${stopId}" is not in the static feed`, entity);
    }
  };

  // ---- The entities ----
  const vehicleIds = new Map<string, string>();
  for (const e of entities) {
    if (e.isDeleted) continue;
    const tu = e.tripUpdate;
    if (tu) {
      timestamp(tu.timestamp, 'trip_update timestamp', e.id);
      notNewerThanHeader(tu.timestamp, 'trip_update timestamp', e.id);
      knownTrip(tu.trip, e.id);
      const updates = tu.stopTimeUpdate ?? [];
      if (updates.length === 0 && tu.trip.scheduleRelationship !== 'CANCELED') {
        add('E041', 'a trip_update that is not CANCELED has no stop_time_update', e.id);
      }
      let lastSequence: number | undefined;
      let lastTime: number | undefined;
      for (const u of updates) {
        knownStop(u.stopId, e.id);
        if (u.stopSequence !== undefined) {
          if (lastSequence !== undefined && u.stopSequence <= lastSequence) {
            add('E002', `stop_sequence ${u.stopSequence} follows ${lastSequence}`, e.id);
          }
          lastSequence = u.stopSequence;
        }
        const arrival = u.arrival?.time;
        const departure = u.departure?.time;
        posix(arrival, 'arrival time', e.id);
        posix(departure, 'departure time', e.id);
        if (arrival !== undefined && departure !== undefined && departure < arrival) {
          add('E025', `departure ${departure} is before arrival ${arrival} at stop ${stopName(u)}`, e.id);
        }
        const first = arrival ?? departure;
        if (first !== undefined && lastTime !== undefined && first <= lastTime) {
          add(
            'E022',
            `the time at stop ${stopName(u)} (${first}) is not after the previous stop's (${lastTime})`,
            e.id,
          );
        }
        lastTime = departure ?? arrival ?? lastTime;
      }
    }
    const vp = e.vehicle;
    if (vp) {
      timestamp(vp.timestamp, 'vehicle timestamp', e.id);
      notNewerThanHeader(vp.timestamp, 'vehicle timestamp', e.id);
      knownTrip(vp.trip, e.id);
      knownStop(vp.stopId, e.id);
      const p = vp.position;
      if (p) {
        const { latitude: lat, longitude: lon, bearing } = p;
        if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180) || (lat === 0 && lon === 0)) {
          add('E026', `position (${lat}, ${lon}) is not a place on Earth`, e.id);
        } else if (
          known?.bbox &&
          !(lon >= known.bbox.west && lon <= known.bbox.east && lat >= known.bbox.south && lat <= known.bbox.north)
        ) {
          add('E028', `position (${lat}, ${lon}) is outside the static feed's area`, e.id);
        }
        if (bearing !== undefined && !(bearing >= 0 && bearing <= 360)) {
          add('E027', `bearing ${bearing} is not 0 to 360`, e.id);
        }
      }
      const id = vp.vehicle?.id;
      if (id !== undefined) {
        const other = vehicleIds.get(id);
        if (other !== undefined) add('E052', `vehicle.id "${id}" is also entity ${other}'s`, e.id);
        else vehicleIds.set(id, e.id);
      }
    }
    const alert = e.alert;
    if (alert) {
      for (const p of alert.activePeriod ?? []) {
        posix(p.start, 'active_period start', e.id);
        posix(p.end, 'active_period end', e.id);
      }
      const informed = alert.informedEntity ?? [];
      if (informed.length === 0) add('E032', 'the alert has no informed_entity', e.id);
      for (const i of informed) {
        knownTrip(i.trip, e.id);
        if (i.routeId !== undefined && known?.routeIds && !known.routeIds.has(i.routeId)) {
          add('E004', `route_id "${i.routeId}" is not in the static feed`, e.id);
        }
        knownStop(i.stopId, e.id);
      }
    }
  }

  // ---- Against the previous fetch ----
  if (options.previous) {
    const before = decodeFeed(options.previous);
    const then = before.header.timestamp;
    if (then !== undefined && headerTime !== undefined) {
      if (headerTime < then) add('E018', `the header timestamp went back from ${then} to ${headerTime}`);
      if (headerTime === then && JSON.stringify(before.entity ?? []) !== JSON.stringify(entities)) {
        add('E017', `the content changed under the same header timestamp ${headerTime}`);
      }
      if (headerTime - then > REFRESH_WITHIN_S) {
        add('W007', `${headerTime - then} s between two successive feeds (more than ${REFRESH_WITHIN_S})`);
      }
    }
  }
  return out;
}

const stopName = (u: { stopSequence?: number; stopId?: string }): string =>
  u.stopSequence !== undefined ? `#${u.stopSequence}` : (u.stopId ?? '?');
