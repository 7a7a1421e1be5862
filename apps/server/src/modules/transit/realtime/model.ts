import type { GtfsRealtime } from './bindings.js';

/**
 * What the GTFS-Realtime feeds are built from: plain values, in the city's words, that whoever knows
 * the buses (the live vehicles, the predictions, the operators' notices) hands over. Points in time
 * are Dates (the feeds carry POSIX seconds); delays and uncertainties are seconds; speeds m/s.
 * Enumerations are the names of GTFS-Realtime 2.0 as the binding in use (1.1.1) knows them.
 */

export type VehicleStopStatus = keyof typeof GtfsRealtime.VehiclePosition.VehicleStopStatus;
export type CongestionLevel = keyof typeof GtfsRealtime.VehiclePosition.CongestionLevel;
export type OccupancyStatus = keyof typeof GtfsRealtime.VehiclePosition.OccupancyStatus;
/** ADDED is deprecated by the specification; NEW and DELETED are not in this binding. */
export type TripScheduleRelationship = Exclude<keyof typeof GtfsRealtime.TripDescriptor.ScheduleRelationship, 'ADDED'>;
export type StopScheduleRelationship = keyof typeof GtfsRealtime.TripUpdate.StopTimeUpdate.ScheduleRelationship;
export type AlertCause = keyof typeof GtfsRealtime.Alert.Cause;
export type AlertEffect = keyof typeof GtfsRealtime.Alert.Effect;
export type AlertSeverity = keyof typeof GtfsRealtime.Alert.SeverityLevel;

/** Which trip of the static timetable a vehicle serves or a prediction is for. */
export interface TripRef {
  readonly tripId?: string;
  readonly routeId?: string;
  readonly directionId?: 0 | 1;
  /** Scheduled start, `HH:MM:SS` of the service day (may pass 24:00:00). */
  readonly startTime?: string;
  /** Service day, `YYYYMMDD`. */
  readonly startDate?: string;
  readonly scheduleRelationship?: TripScheduleRelationship;
}

export interface VehicleRef {
  /** The vehicle's own id, stable across trips; unique in a feed. */
  readonly id: string;
  /** What riders see on it (e.g. the fleet number). */
  readonly label?: string;
  readonly licensePlate?: string;
}

export interface VehiclePositionInput {
  readonly vehicle: VehicleRef;
  readonly trip?: TripRef;
  readonly position: {
    readonly lat: number;
    readonly lon: number;
    /** Degrees clockwise from true north, 0–360. */
    readonly bearing?: number;
    /** Metres per second. */
    readonly speed?: number;
  };
  readonly currentStopSequence?: number;
  readonly stopId?: string;
  readonly currentStatus?: VehicleStopStatus;
  /** When the vehicle was at this position. */
  readonly timestamp: Date;
  readonly congestionLevel?: CongestionLevel;
  readonly occupancyStatus?: OccupancyStatus;
}

/**
 * A predicted arrival or departure: a delay against the timetable, an absolute time, or both (then the
 * time is the timetable's plus the delay; the feed carries the time only).
 */
export interface StopTimeEventInput {
  /** Seconds late (negative: early). */
  readonly delay?: number;
  readonly time?: Date;
  /** Expected error of the prediction, seconds (0 = certain). */
  readonly uncertainty?: number;
}

export interface StopTimeUpdateInput {
  readonly stopSequence?: number;
  readonly stopId?: string;
  readonly arrival?: StopTimeEventInput;
  readonly departure?: StopTimeEventInput;
  readonly scheduleRelationship?: StopScheduleRelationship;
}

export interface TripUpdateInput {
  readonly trip: TripRef;
  readonly vehicle?: VehicleRef;
  /** In the order of the trip's stops (strictly increasing stop sequence). */
  readonly stopTimeUpdates: readonly StopTimeUpdateInput[];
  /** When the prediction was made. */
  readonly timestamp: Date;
  /** The trip's current delay, seconds. */
  readonly delay?: number;
}

/** A text in Vietnamese and English, the two languages the city publishes in. */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

/** What an alert is about; at least one field is set. */
export interface InformedEntityInput {
  readonly agencyId?: string;
  readonly routeId?: string;
  readonly routeType?: number;
  readonly directionId?: 0 | 1;
  readonly trip?: TripRef;
  readonly stopId?: string;
}

export interface ServiceAlertInput {
  /** Stable across rebuilds: riders' apps follow an alert by its id. */
  readonly id: string;
  /** When it is in force; none = until withdrawn. An open end is open. */
  readonly activePeriods: readonly { readonly start?: Date; readonly end?: Date }[];
  readonly informedEntities: readonly InformedEntityInput[];
  readonly cause?: AlertCause;
  readonly effect?: AlertEffect;
  readonly severity?: AlertSeverity;
  readonly header: Bilingual;
  readonly description?: Bilingual;
  readonly url?: Bilingual;
}

/** The three feeds GTFS-Realtime publishes. */
export type FeedKind = 'vehicle-positions' | 'trip-updates' | 'service-alerts';

/** Where a tenant's feeds come from; the routes ask it whenever a feed is to be rebuilt. */
export interface RealtimeSource {
  vehicles(tenant: string): Promise<readonly VehiclePositionInput[]> | readonly VehiclePositionInput[];
  tripUpdates(tenant: string): Promise<readonly TripUpdateInput[]> | readonly TripUpdateInput[];
  alerts(tenant: string): Promise<readonly ServiceAlertInput[]> | readonly ServiceAlertInput[];
}
