/** GTFS Schedule as the transit module keeps it: a feed version, its counts, the problems found in it. */

/** A problem in a feed: where it is (file, line, field) and what is wrong. */
export interface FeedIssue {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** The line in the file (1 is the header); absent for a problem of the whole file or feed. */
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
}

export const FEED_STATUSES = ['importing', 'current', 'previous', 'failed'] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

export interface FeedCounts {
  readonly agencies: number;
  readonly routes: number;
  readonly stops: number;
  readonly trips: number;
  readonly stopTimes: number;
  readonly calendars: number;
  readonly calendarDates: number;
  readonly shapes: number;
  readonly shapePoints: number;
  readonly frequencies: number;
  readonly transfers: number;
  readonly fareAttributes: number;
  readonly fareRules: number;
}

/** What an import did to the feed's shapes (docs/transit.md#shapes-along-the-roads). */
export interface RoadShapes {
  /**
   * built: some trips were given shapes along the roads; unneeded: every trip had a detailed shape of its
   * own; outside: those that needed one have stops outside the road graph's area, shapes as given;
   * off: the import asked for none.
   */
  readonly status: 'built' | 'unneeded' | 'outside' | 'off';
  /** Shapes built along the roads, one per distinct stop sequence. */
  readonly built: number;
  /** Trips given one of them. */
  readonly trips: number;
  /** The feed's own shapes kept as detailed (not straight stop-to-stop lines). */
  readonly kept: number;
  /** The feed's straight shapes no trip uses any more, left out. */
  readonly replaced: number;
  /** Stop sequences that needed a shape but have a stop outside the road graph's area (or no position). */
  readonly outside: number;
  /** Legs (stop to next stop) of the built shapes, and those the roads could not join: straight lines. */
  readonly legs: number;
  readonly straightLegs: number;
  /**
   * Of the straight legs, those whose stops are farther apart than a bus leg can be (20 km): not routed.
   * Absent on versions imported before it was counted.
   */
  readonly farLegs?: number;
  /**
   * Stop sequences that needed a shape but keep theirs as given: the import's routing budget (sequences,
   * legs, shape points) was spent. Absent on versions imported before the budget.
   */
  readonly overBudget?: number;
}

export interface FeedVersion {
  readonly id: string;
  readonly tenant: string;
  readonly status: FeedStatus;
  /** Where the feed came from: a file name, a folder, a URL or "upload". */
  readonly source: string;
  readonly importedAt: Date;
  readonly importedBy: string | null;
  /** When it became the current version; null if it never was. */
  readonly currentSince: Date | null;
  /** The agencies' time zone (IANA); null for a feed that failed before it was known. */
  readonly timezone: string | null;
  readonly counts: FeedCounts | null;
  readonly errors: readonly FeedIssue[];
  readonly warnings: readonly FeedIssue[];
  /** Null for a failed import and for versions imported before shapes were built. */
  readonly roadShapes: RoadShapes | null;
}

export interface TransitRoute {
  readonly id: string;
  readonly agencyId: string | null;
  readonly shortName: string | null;
  readonly longName: string | null;
  readonly description: string | null;
  /** GTFS route_type: 3 bus, 0 tram, 1 metro, 2 rail, 11 trolleybus… */
  readonly type: number;
  readonly color: string | null;
  readonly textColor: string | null;
  readonly trips: number;
}

export interface TransitStop {
  readonly id: string;
  readonly code: string | null;
  readonly name: string | null;
  readonly description: string | null;
  readonly lon: number | null;
  readonly lat: number | null;
  /** 0 stop or platform, 1 station, 2 entrance/exit, 3 generic node, 4 boarding area. */
  readonly locationType: number;
  readonly parentStation: string | null;
  readonly zoneId: string | null;
  readonly wheelchairBoarding: number | null;
  readonly platformCode: string | null;
  /** Metres from the point asked about, for a search near a point. */
  readonly distance?: number;
}

export interface StopDetail extends TransitStop {
  /** The stops whose parent station this is. */
  readonly children: readonly string[];
  /** The routes whose trips call here. */
  readonly routes: readonly {
    readonly id: string;
    readonly shortName: string | null;
    readonly longName: string | null;
  }[];
}

/** Linear between the timed stops around it, by stop_sequence (GTFS leaves untimed stops to the consumer). */
export function interpolate(seq: number, prevSeq: number, prevSecs: number, nextSeq: number, nextSecs: number): number {
  if (nextSeq === prevSeq) return prevSecs;
  return Math.round(prevSecs + ((nextSecs - prevSecs) * (seq - prevSeq)) / (nextSeq - prevSeq));
}

/** GTFS time (from noon minus 12 h of the service day, may pass 24:00:00) in seconds. */
export function parseGtfsTime(text: string): number | undefined {
  const m = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

export function formatGtfsTime(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** Whether the name is an IANA time zone the runtime's Intl knows. */
export function isTimeZone(name: string): boolean {
  // A name, not an offset such as +07:00 (which newer runtimes accept as a zone).
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A live prediction of a trip's call at a stop (made by the live-vehicle side of the module). */
export interface StopPrediction {
  readonly tripId: string;
  readonly startDate: string /* YYYYMMDD service day */;
  readonly stopSequence: number;
  readonly stopId: string;
  /** For a trip run by frequencies: the run's start, HH:MM:SS of the service day. */
  readonly startTime?: string | null;
  readonly arrival: Date;
  readonly departure: Date;
  readonly delaySeconds: number;
  readonly vehicleId?: string;
}

/** Where departures boards find live predictions; absent, every departure is the timetable's. */
export interface LivePredictions {
  /** At a stop, or at any of several (a station's platforms). */
  atStop(tenant: string, stop: string | readonly string[], from: Date, until: Date): Promise<readonly StopPrediction[]>;
}

/** A trip's call at a stop on one service day, as a rider reads it on a departures board. */
export interface Departure {
  readonly tripId: string;
  /** The service day, YYYYMMDD (a trip after midnight belongs to the day before). */
  readonly startDate: string;
  /** For a trip run by frequencies: its start, HH:MM:SS of the service day (GTFS-Realtime's start_time). */
  readonly startTime: string | null;
  readonly stopId: string;
  readonly stopSequence: number;
  readonly route: {
    readonly id: string;
    readonly shortName: string | null;
    readonly longName: string | null;
    readonly color: string | null;
    readonly textColor: string | null;
    readonly type: number;
  };
  readonly headsign: string | null;
  readonly directionId: number | null;
  /** The timetable's time of departure (arrival at the trip's last stop). */
  readonly scheduled: Date;
  /** Whether a live prediction gives `predicted` and `delaySeconds`. */
  readonly live: boolean;
  readonly predicted: Date | null;
  readonly delaySeconds: number | null;
  readonly vehicleId: string | null;
  /** The trip ends here: riders cannot board it. */
  readonly terminates: boolean;
  /** A headway-based trip (frequencies.txt, exact_times 0): the time is an estimate, every `headwaySeconds`. */
  readonly headwaySeconds: number | null;
}

export interface TripStopTime {
  readonly stopSequence: number;
  readonly stopId: string;
  readonly stopName: string | null;
  readonly lon: number | null;
  readonly lat: number | null;
  /** Seconds from the service day's start as the feed gives them (interpolated where it left them out). */
  readonly arrivalTime: string;
  readonly departureTime: string;
  /** Whether the feed left the times out and they are interpolated between its timed stops. */
  readonly interpolated: boolean;
  /** The times as instants on the service day asked about (null when the trip does not run then). */
  readonly arrival: Date | null;
  readonly departure: Date | null;
}

export interface TripDetail {
  readonly id: string;
  readonly route: Departure['route'];
  readonly serviceId: string;
  readonly headsign: string | null;
  readonly directionId: number | null;
  readonly blockId: string | null;
  readonly shapeId: string | null;
  /** The service day asked about (YYYYMMDD), and whether the trip runs on it. */
  readonly startDate: string;
  readonly runs: boolean;
  readonly timezone: string;
  readonly frequencies: readonly {
    readonly startTime: string;
    readonly endTime: string;
    readonly headwaySeconds: number;
    readonly exactTimes: boolean;
  }[];
  readonly stopTimes: readonly TripStopTime[];
  /** [lon, lat] along the way; null without a shape. */
  readonly shape: readonly [number, number][] | null;
}

export interface RouteDirection {
  readonly directionId: number | null;
  readonly headsign: string | null;
  readonly trips: number;
  /** The stops in order of the direction's longest trip. */
  readonly stops: readonly {
    readonly id: string;
    readonly name: string | null;
    readonly lon: number | null;
    readonly lat: number | null;
  }[];
  /** The shape of that trip, [lon, lat]; null without one. */
  readonly shape: readonly [number, number][] | null;
}

export interface RouteDetail extends TransitRoute {
  readonly timezone: string;
  readonly directions: readonly RouteDirection[];
}
