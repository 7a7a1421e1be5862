import { csvTable, MAX_CSV_RECORD_CHARS, type CsvTable } from './csv.js';
import { formatGtfsTime, interpolate, isTimeZone, parseGtfsTime, type FeedCounts, type FeedIssue } from './model.js';

/**
 * Reads and checks a GTFS Schedule feed (its files as text) into rows ready to store. Errors name the
 * file, line and field and stop the import; warnings (columns the standard does not know, trips that
 * cannot be used) are reported and the import goes on.
 */

/** Past this many errors the check stops listing them (the feed is refused all the same). */
export const MAX_LISTED_ERRORS = 1000;
const MAX_LISTED_WARNINGS = 200;

/**
 * The latest time of a service day a feed may give: 72:00:00. Night buses end by 30:00:00 and a
 * long-distance train of two nights by 72:00:00; more is a mistake, and each hour past 24 is a day a
 * departures board must look back.
 */
export const MAX_GTFS_TIME_SECS = 72 * 3600;
/** The shortest headway taken: a run a minute (a metro's busiest hour is a train every 90 s or so). */
export const MIN_HEADWAY_SECS = 60;
/**
 * The most calls at one stop (every trip of every service day pattern that calls there): a busy city
 * stop has a few thousand, and a stop's departures board reads them all.
 */
export const MAX_CALLS_AT_STOP = 50_000;
/**
 * The most stop times of one trip: the longest real lines call a few hundred times, and following a bus
 * places each stop on the trip's line.
 */
export const MAX_CALLS_OF_TRIP = 1000;
/** The most runs the rows of frequencies.txt may add up to, all together (so what they expand to is bounded). */
export const MAX_FREQUENCY_RUNS = 200_000;
/**
 * The most points of one shape: a long-distance line drawn point by point has tens of thousands; more
 * makes every public read of a trip or route that draws it tens of megabytes.
 */
export const MAX_SHAPE_POINTS = 50_000;

/** The most characters of a text field: ids and codes 255, names 200, descriptions and URLs 500. */
const MAX_TEXT_CHARS = 255;
const MAX_NAME_CHARS = 200;
const MAX_LONG_TEXT_CHARS = 500;
const TEXT_BOUNDS: Readonly<Record<string, number>> = {
  agency_name: MAX_NAME_CHARS,
  route_short_name: MAX_NAME_CHARS,
  route_long_name: MAX_NAME_CHARS,
  stop_name: MAX_NAME_CHARS,
  trip_headsign: MAX_NAME_CHARS,
  trip_short_name: MAX_NAME_CHARS,
  stop_headsign: MAX_NAME_CHARS,
  route_desc: MAX_LONG_TEXT_CHARS,
  stop_desc: MAX_LONG_TEXT_CHARS,
  agency_url: MAX_LONG_TEXT_CHARS,
  route_url: MAX_LONG_TEXT_CHARS,
  agency_fare_url: MAX_LONG_TEXT_CHARS,
  stop_url: MAX_LONG_TEXT_CHARS,
};

const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'agency.txt': [
    'agency_id',
    'agency_name',
    'agency_url',
    'agency_timezone',
    'agency_lang',
    'agency_phone',
    'agency_fare_url',
    'agency_email',
    'cemv_support',
  ],
  'routes.txt': [
    'route_id',
    'agency_id',
    'route_short_name',
    'route_long_name',
    'route_desc',
    'route_type',
    'route_url',
    'route_color',
    'route_text_color',
    'route_sort_order',
    'continuous_pickup',
    'continuous_drop_off',
    'network_id',
    'cemv_support',
  ],
  'stops.txt': [
    'stop_id',
    'stop_code',
    'stop_name',
    'tts_stop_name',
    'stop_desc',
    'stop_lat',
    'stop_lon',
    'zone_id',
    'stop_url',
    'location_type',
    'parent_station',
    'stop_timezone',
    'wheelchair_boarding',
    'level_id',
    'platform_code',
    'stop_access',
  ],
  'trips.txt': [
    'route_id',
    'service_id',
    'trip_id',
    'trip_headsign',
    'trip_short_name',
    'direction_id',
    'block_id',
    'shape_id',
    'wheelchair_accessible',
    'bikes_allowed',
    'cars_allowed',
  ],
  'stop_times.txt': [
    'trip_id',
    'arrival_time',
    'departure_time',
    'stop_id',
    'location_group_id',
    'location_id',
    'stop_sequence',
    'stop_headsign',
    'start_pickup_drop_off_window',
    'end_pickup_drop_off_window',
    'pickup_type',
    'drop_off_type',
    'continuous_pickup',
    'continuous_drop_off',
    'shape_dist_traveled',
    'timepoint',
    'pickup_booking_rule_id',
    'drop_off_booking_rule_id',
  ],
  'calendar.txt': [
    'service_id',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'start_date',
    'end_date',
  ],
  'calendar_dates.txt': ['service_id', 'date', 'exception_type'],
  'shapes.txt': ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence', 'shape_dist_traveled'],
  'frequencies.txt': ['trip_id', 'start_time', 'end_time', 'headway_secs', 'exact_times'],
  'transfers.txt': [
    'from_stop_id',
    'to_stop_id',
    'from_route_id',
    'to_route_id',
    'from_trip_id',
    'to_trip_id',
    'transfer_type',
    'min_transfer_time',
  ],
  'fare_attributes.txt': [
    'fare_id',
    'price',
    'currency_type',
    'payment_method',
    'transfers',
    'agency_id',
    'transfer_duration',
  ],
  'fare_rules.txt': ['fare_id', 'route_id', 'origin_id', 'destination_id', 'contains_id'],
};

/** The files this module reads; others in a feed (feed_info.txt, translations.txt…) are left aside. */
export const FEED_FILES: readonly string[] = Object.keys(COLUMNS);

const REQUIRED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'agency.txt': ['agency_name', 'agency_url', 'agency_timezone'],
  'routes.txt': ['route_id', 'route_type'],
  'stops.txt': ['stop_id'],
  'trips.txt': ['route_id', 'service_id', 'trip_id'],
  'stop_times.txt': ['trip_id', 'stop_id', 'stop_sequence'],
  'calendar.txt': COLUMNS['calendar.txt'] ?? [],
  'calendar_dates.txt': ['service_id', 'date', 'exception_type'],
  'shapes.txt': ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'],
  'frequencies.txt': ['trip_id', 'start_time', 'end_time', 'headway_secs'],
  'transfers.txt': ['transfer_type'],
  'fare_attributes.txt': ['fare_id', 'price', 'currency_type', 'payment_method', 'transfers'],
  'fare_rules.txt': ['fare_id'],
};

export interface AgencyRow {
  id: string;
  name: string;
  url: string;
  timezone: string;
  lang: string | null;
  phone: string | null;
}
export interface RouteRow {
  id: string;
  agencyId: string | null;
  shortName: string | null;
  longName: string | null;
  description: string | null;
  type: number;
  url: string | null;
  color: string | null;
  textColor: string | null;
  sortOrder: number | null;
}
export interface StopRow {
  id: string;
  code: string | null;
  name: string | null;
  description: string | null;
  lat: number | null;
  lon: number | null;
  zoneId: string | null;
  locationType: number;
  parentStation: string | null;
  timezone: string | null;
  wheelchairBoarding: number | null;
  platformCode: string | null;
}
export interface TripRow {
  id: string;
  routeId: string;
  serviceId: string;
  headsign: string | null;
  shortName: string | null;
  directionId: number | null;
  blockId: string | null;
  shapeId: string | null;
  wheelchairAccessible: number | null;
  bikesAllowed: number | null;
}
export interface StopTimeRow {
  tripId: string;
  sequence: number;
  stopId: string;
  arrival: number | null;
  departure: number | null;
  headsign: string | null;
  pickupType: number | null;
  dropOffType: number | null;
  distTraveled: number | null;
  timepoint: number | null;
}
export interface CalendarRow {
  serviceId: string;
  /** Monday first. */
  days: boolean[];
  startDate: string;
  endDate: string;
}
export interface CalendarDateRow {
  serviceId: string;
  date: string;
  exceptionType: number;
}
export interface ShapePointRow {
  shapeId: string;
  sequence: number;
  lat: number;
  lon: number;
  distTraveled: number | null;
}
export interface FrequencyRow {
  tripId: string;
  start: number;
  end: number;
  headwaySecs: number;
  exactTimes: number;
}
export interface TransferRow {
  fromStopId: string | null;
  toStopId: string | null;
  fromRouteId: string | null;
  toRouteId: string | null;
  fromTripId: string | null;
  toTripId: string | null;
  transferType: number;
  minTransferTime: number | null;
}
export interface FareAttributeRow {
  id: string;
  price: number;
  currency: string;
  paymentMethod: number;
  transfers: number | null;
  agencyId: string | null;
  transferDuration: number | null;
}
export interface FareRuleRow {
  fareId: string;
  routeId: string | null;
  originId: string | null;
  destinationId: string | null;
  containsId: string | null;
}

export interface Feed {
  readonly timezone: string;
  readonly agencies: AgencyRow[];
  readonly routes: RouteRow[];
  readonly stops: StopRow[];
  readonly trips: TripRow[];
  readonly stopTimes: StopTimeRow[];
  readonly calendars: CalendarRow[];
  readonly calendarDates: CalendarDateRow[];
  readonly shapePoints: ShapePointRow[];
  readonly frequencies: FrequencyRow[];
  readonly transfers: TransferRow[];
  readonly fareAttributes: FareAttributeRow[];
  readonly fareRules: FareRuleRow[];
}

export interface FeedCheck {
  /** The feed, when it has no error. */
  readonly feed: Feed | null;
  readonly timezone: string | null;
  readonly errors: FeedIssue[];
  readonly warnings: FeedIssue[];
  /** Whether more errors were found than are listed. */
  readonly truncated: boolean;
}

export function countsOf(feed: Feed): FeedCounts {
  return {
    agencies: feed.agencies.length,
    routes: feed.routes.length,
    stops: feed.stops.length,
    trips: feed.trips.length,
    stopTimes: feed.stopTimes.length,
    calendars: feed.calendars.length,
    calendarDates: feed.calendarDates.length,
    shapes: new Set(feed.shapePoints.map((p) => p.shapeId)).size,
    shapePoints: feed.shapePoints.length,
    frequencies: feed.frequencies.length,
    transfers: feed.transfers.length,
    fareAttributes: feed.fareAttributes.length,
    fareRules: feed.fareRules.length,
  };
}

class Issues {
  readonly errors: FeedIssue[] = [];
  readonly warnings: FeedIssue[] = [];
  errorCount = 0;
  error(file: string, line: number | undefined, field: string | undefined, message: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(issue('error', file, line, field, message));
  }
  warn(file: string, line: number | undefined, field: string | undefined, message: string): void {
    if (this.warnings.length < MAX_LISTED_WARNINGS) this.warnings.push(issue('warning', file, line, field, message));
  }
}

function issue(
  severity: FeedIssue['severity'],
  file: string,
  line: number | undefined,
  field: string | undefined,
  message: string,
): FeedIssue {
  return {
    severity,
    file,
    ...(line === undefined ? {} : { line }),
    ...(field === undefined ? {} : { field }),
    message,
  };
}

interface Row {
  readonly line: number;
  get(column: string): string | undefined;
}

/** Typed reading of one file's fields, each problem recorded with its line and field. */
class FileReader {
  constructor(
    readonly file: string,
    readonly issues: Issues,
  ) {}

  text(row: Row, field: string, required: true): string;
  text(row: Row, field: string, required?: false): string | null;
  text(row: Row, field: string, required = false): string | null {
    const v = row.get(field);
    if (v === undefined) {
      if (required) this.issues.error(this.file, row.line, field, `${field} is required`);
      return required ? '' : null;
    }
    const most = TEXT_BOUNDS[field] ?? MAX_TEXT_CHARS;
    // Characters are code points, as a rider counts them: an emoji is one, not two UTF-16 units.
    const chars = v.length > most ? [...v].length : v.length;
    if (chars > most) {
      this.issues.error(
        this.file,
        row.line,
        field,
        `${field} is ${chars} characters (code points) long; at most ${most} are taken`,
      );
      return required ? '' : null;
    }
    // GTFS URL fields are fully qualified http or https URLs; any other scheme (javascript:, data:)
    // would be a link the apps show to riders.
    if (field.endsWith('_url') && !/^https?:\/\/[^\s]/i.test(v)) {
      this.issues.error(this.file, row.line, field, `${field} must be a full http:// or https:// URL`);
      return required ? '' : null;
    }
    return v;
  }

  int(row: Row, field: string, opts: { min?: number; max?: number; required?: boolean } = {}): number | null {
    const v = row.get(field);
    if (v === undefined) {
      if (opts.required) this.issues.error(this.file, row.line, field, `${field} is required`);
      return null;
    }
    const n = /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (
      !Number.isSafeInteger(n) ||
      (opts.min !== undefined && n < opts.min) ||
      (opts.max !== undefined && n > opts.max)
    ) {
      const range =
        opts.min !== undefined && opts.max !== undefined
          ? ` from ${opts.min} to ${opts.max}`
          : opts.min !== undefined
            ? ` of at least ${opts.min}`
            : '';
      this.issues.error(this.file, row.line, field, `"${v}" is not a whole number${range}`);
      return null;
    }
    return n;
  }

  float(row: Row, field: string, opts: { min?: number; max?: number; required?: boolean } = {}): number | null {
    const v = row.get(field);
    if (v === undefined) {
      if (opts.required) this.issues.error(this.file, row.line, field, `${field} is required`);
      return null;
    }
    const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      const range = opts.min !== undefined && opts.max !== undefined ? ` from ${opts.min} to ${opts.max}` : '';
      this.issues.error(this.file, row.line, field, `"${v}" is not a number${range}`);
      return null;
    }
    return n;
  }

  time(row: Row, field: string, required = false): number | null {
    const v = row.get(field);
    if (v === undefined) {
      if (required) this.issues.error(this.file, row.line, field, `${field} is required`);
      return null;
    }
    const t = parseGtfsTime(v);
    if (t === undefined) {
      this.issues.error(this.file, row.line, field, `"${v}" is not a time HH:MM:SS (hours may pass 24)`);
      return null;
    }
    if (t > MAX_GTFS_TIME_SECS) {
      this.issues.error(this.file, row.line, field, `${v} is past 72:00:00, the latest time of a service day taken`);
      return null;
    }
    return t;
  }

  date(row: Row, field: string): string | null {
    const v = row.get(field);
    if (v === undefined) {
      this.issues.error(this.file, row.line, field, `${field} is required`);
      return null;
    }
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
    const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
    const d = m ? new Date(`${iso}T00:00:00Z`) : undefined;
    if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
      this.issues.error(this.file, row.line, field, `"${v}" is not a date YYYYMMDD`);
      return null;
    }
    return iso;
  }

  color(row: Row, field: string): string | null {
    const v = row.get(field);
    if (v === undefined) return null;
    if (!/^[0-9A-Fa-f]{6}$/.test(v)) {
      this.issues.error(this.file, row.line, field, `"${v}" is not a colour of 6 hexadecimal digits`);
      return null;
    }
    return v.toUpperCase();
  }

  timezone(row: Row, field: string, required = false): string | null {
    const v = row.get(field);
    if (v === undefined) {
      if (required) this.issues.error(this.file, row.line, field, `${field} is required`);
      return null;
    }
    if (!isTimeZone(v)) {
      this.issues.error(
        this.file,
        row.line,
        field,
        `"${v}" is not a time zone (an IANA name such as Asia/Ho_Chi_Minh)`,
      );
      return null;
    }
    const spelled = ianaSpelling(v);
    if (spelled === undefined) {
      this.issues.error(
        this.file,
        row.line,
        field,
        `"${v}" is not written as the IANA time zone database writes it (e.g. Asia/Ho_Chi_Minh)`,
      );
      return null;
    }
    return spelled;
  }
}

/**
 * A time zone name as the IANA database writes it, which is what is published: the runtime's own
 * spelling when the name differs from it only by case (utc is UTC), else the name as given when each
 * of its parts is capitalised the IANA way; undefined otherwise (asia/ho_chi_minh, which the runtime
 * knows as Asia/Saigon, is refused rather than guessed).
 */
function ianaSpelling(name: string): string | undefined {
  const resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === name.toLowerCase()) return resolved;
  const listed = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === name.toLowerCase());
  if (listed !== undefined) return listed;
  // Each part starts with a capital and, past a short code (GMT+7, EST5EDT), is not all capitals.
  const capitalised = name.split('/').every((part) => /^[A-Z]/.test(part) && (part.length <= 7 || /[a-z]/.test(part)));
  return capitalised ? name : undefined;
}

/** A file's rows up to one longer than a record may be (an error; the rest of the file is not read). */
function* withinBounds(file: string, rows: CsvTable['rows'], issues: Issues): Generator<Row> {
  for (const row of rows) {
    if (row.tooLong !== undefined) {
      issues.error(file, row.line, row.tooLong, `the line is longer than ${MAX_CSV_RECORD_CHARS} characters`);
      return;
    }
    yield row;
  }
}

/** Remembers ids as they come and reports the second one. */
function uniqueIds(reader: FileReader, field: string) {
  const seen = new Map<string, number>();
  return (row: Row, id: string): boolean => {
    if (id === '') return false;
    const first = seen.get(id);
    if (first !== undefined) {
      reader.issues.error(reader.file, row.line, field, `${field} "${id}" is repeated (first on line ${first})`);
      return false;
    }
    seen.set(id, row.line);
    return true;
  };
}

/** Checks a feed given as its files' texts (by file name, e.g. `stops.txt`). */
export function checkFeed(files: ReadonlyMap<string, string>): FeedCheck {
  const issues = new Issues();
  const tables = new Map<string, Iterable<Row>>();
  for (const [name, text] of files) {
    const columns = COLUMNS[name];
    if (!columns) continue;
    const table = csvTable(text);
    if (table.headerTooLong) {
      issues.error(name, 1, undefined, `the header line is longer than ${MAX_CSV_RECORD_CHARS} characters`);
      continue;
    }
    if (table.columns.length === 0 || (table.columns.length === 1 && table.columns[0] === '')) {
      // An empty optional file is as good as none.
      continue;
    }
    const seen = new Set<string>();
    for (const c of table.columns) {
      if (seen.has(c)) issues.error(name, 1, c, `the column ${c} is repeated`);
      seen.add(c);
      if (!columns.includes(c)) issues.warn(name, 1, c, `${c} is not a GTFS column; it is ignored`);
    }
    for (const c of REQUIRED_COLUMNS[name] ?? []) {
      if (!seen.has(c)) issues.error(name, 1, c, `the required column ${c} is missing`);
    }
    tables.set(name, withinBounds(name, table.rows, issues));
  }
  for (const name of ['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt']) {
    if (!tables.has(name)) issues.error(name, undefined, undefined, `${name} is required and is missing or empty`);
  }
  if (!tables.has('calendar.txt') && !tables.has('calendar_dates.txt')) {
    issues.error(
      'calendar.txt',
      undefined,
      undefined,
      'calendar.txt or calendar_dates.txt is required; both are missing',
    );
  }
  if (issues.errorCount > 0) return done(issues, null, null);

  const rows = (name: string): Iterable<Row> => tables.get(name) ?? [];

  // agency.txt
  const agencies: AgencyRow[] = [];
  {
    const r = new FileReader('agency.txt', issues);
    const unique = uniqueIds(r, 'agency_id');
    for (const row of rows('agency.txt')) {
      const id = r.text(row, 'agency_id') ?? '';
      unique(row, id);
      agencies.push({
        id,
        name: r.text(row, 'agency_name', true),
        url: r.text(row, 'agency_url', true),
        timezone: r.timezone(row, 'agency_timezone', true) ?? '',
        lang: r.text(row, 'agency_lang'),
        phone: r.text(row, 'agency_phone'),
      });
      // Not kept, but a URL all the same: checked like the kept ones.
      r.text(row, 'agency_fare_url');
      if (agencies.length > 1 && (id === '' || agencies[0]?.id === '')) {
        r.issues.error('agency.txt', row.line, 'agency_id', 'agency_id is required when a feed has several agencies');
      }
      const first = agencies[0]?.timezone;
      const tz = agencies.at(-1)?.timezone;
      if (first && tz && tz !== first) {
        r.issues.error(
          'agency.txt',
          row.line,
          'agency_timezone',
          `every agency must have the same time zone: "${tz}" is not "${first}"`,
        );
      }
    }
    if (agencies.length === 0) issues.error('agency.txt', undefined, undefined, 'agency.txt has no agency');
  }
  const timezone = agencies[0]?.timezone || null;
  const agencyIds = new Set(agencies.map((a) => a.id));

  // routes.txt
  const routes: RouteRow[] = [];
  {
    const r = new FileReader('routes.txt', issues);
    const unique = uniqueIds(r, 'route_id');
    for (const row of rows('routes.txt')) {
      const route: RouteRow = {
        id: r.text(row, 'route_id', true),
        agencyId: r.text(row, 'agency_id'),
        shortName: r.text(row, 'route_short_name'),
        longName: r.text(row, 'route_long_name'),
        description: r.text(row, 'route_desc'),
        type: r.int(row, 'route_type', { min: 0, max: 1702, required: true }) ?? 0,
        url: r.text(row, 'route_url'),
        color: r.color(row, 'route_color'),
        textColor: r.color(row, 'route_text_color'),
        sortOrder: r.int(row, 'route_sort_order', { min: 0 }),
      };
      if (!unique(row, route.id)) continue;
      if (route.shortName === null && route.longName === null) {
        issues.error('routes.txt', row.line, 'route_short_name', 'a route needs route_short_name or route_long_name');
      }
      if (route.agencyId === null && agencies.length > 1) {
        issues.error('routes.txt', row.line, 'agency_id', 'agency_id is required when a feed has several agencies');
      } else if (route.agencyId !== null && !agencyIds.has(route.agencyId)) {
        issues.error('routes.txt', row.line, 'agency_id', `agency_id "${route.agencyId}" is not in agency.txt`);
      }
      routes.push(route);
    }
  }
  const routeIds = new Set(routes.map((x) => x.id));

  // stops.txt
  const stops: StopRow[] = [];
  {
    const r = new FileReader('stops.txt', issues);
    const unique = uniqueIds(r, 'stop_id');
    const lines = new Map<string, number>();
    for (const row of rows('stops.txt')) {
      r.text(row, 'stop_url'); // not kept; checked as a URL like the kept ones
      const locationType = r.int(row, 'location_type', { min: 0, max: 4 }) ?? 0;
      const located = locationType <= 2;
      const stop: StopRow = {
        id: r.text(row, 'stop_id', true),
        code: r.text(row, 'stop_code'),
        name: located ? r.text(row, 'stop_name', true) : r.text(row, 'stop_name'),
        description: r.text(row, 'stop_desc'),
        lat: r.float(row, 'stop_lat', { min: -90, max: 90, required: located }),
        lon: r.float(row, 'stop_lon', { min: -180, max: 180, required: located }),
        zoneId: r.text(row, 'zone_id'),
        locationType,
        parentStation: r.text(row, 'parent_station'),
        timezone: r.timezone(row, 'stop_timezone'),
        wheelchairBoarding: r.int(row, 'wheelchair_boarding', { min: 0, max: 2 }),
        platformCode: r.text(row, 'platform_code'),
      };
      if (!unique(row, stop.id)) continue;
      lines.set(stop.id, row.line);
      stops.push(stop);
    }
    const byId = new Map(stops.map((s) => [s.id, s]));
    for (const s of stops) {
      const line = lines.get(s.id);
      if (s.locationType === 1 && s.parentStation !== null) {
        issues.error('stops.txt', line, 'parent_station', 'a station (location_type 1) cannot have a parent station');
      } else if (s.locationType >= 2 && s.parentStation === null) {
        issues.error('stops.txt', line, 'parent_station', `location_type ${s.locationType} needs a parent_station`);
      } else if (s.parentStation !== null) {
        const parent = byId.get(s.parentStation);
        const wanted = s.locationType === 4 ? 0 : 1;
        if (!parent) {
          issues.error('stops.txt', line, 'parent_station', `parent_station "${s.parentStation}" is not in stops.txt`);
        } else if (parent.locationType !== wanted) {
          issues.error(
            'stops.txt',
            line,
            'parent_station',
            `parent_station "${s.parentStation}" must be a ${wanted === 1 ? 'station (location_type 1)' : 'platform (location_type 0)'}`,
          );
        }
      }
    }
  }
  const stopTypes = new Map(stops.map((s) => [s.id, s.locationType]));

  // calendar.txt and calendar_dates.txt
  const calendars: CalendarRow[] = [];
  const calendarDates: CalendarDateRow[] = [];
  {
    const r = new FileReader('calendar.txt', issues);
    const unique = uniqueIds(r, 'service_id');
    const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    for (const row of rows('calendar.txt')) {
      const serviceId = r.text(row, 'service_id', true);
      const flags = days.map((d) => r.int(row, d, { min: 0, max: 1, required: true }) === 1);
      const startDate = r.date(row, 'start_date');
      const endDate = r.date(row, 'end_date');
      if (!unique(row, serviceId)) continue;
      if (startDate && endDate && endDate < startDate) {
        issues.error('calendar.txt', row.line, 'end_date', `end_date ${endDate} is before start_date ${startDate}`);
      }
      calendars.push({ serviceId, days: flags, startDate: startDate ?? '', endDate: endDate ?? '' });
    }
    const d = new FileReader('calendar_dates.txt', issues);
    const seen = new Map<string, number>();
    for (const row of rows('calendar_dates.txt')) {
      const serviceId = d.text(row, 'service_id', true);
      const date = d.date(row, 'date');
      const exceptionType = d.int(row, 'exception_type', { min: 1, max: 2, required: true });
      const key = `${serviceId}\u0000${date}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issues.error(
          'calendar_dates.txt',
          row.line,
          'date',
          `service "${serviceId}" has ${date} twice (first on line ${first})`,
        );
        continue;
      }
      seen.set(key, row.line);
      calendarDates.push({ serviceId, date: date ?? '', exceptionType: exceptionType ?? 1 });
    }
  }
  const serviceIds = new Set([...calendars.map((c) => c.serviceId), ...calendarDates.map((c) => c.serviceId)]);

  // shapes.txt
  const shapePoints: ShapePointRow[] = [];
  {
    const r = new FileReader('shapes.txt', issues);
    const seen = new Set<string>();
    const pointsOf = new Map<string, number>();
    for (const row of rows('shapes.txt')) {
      const shapeId = r.text(row, 'shape_id', true);
      const points = (pointsOf.get(shapeId) ?? 0) + 1;
      pointsOf.set(shapeId, points);
      if (points > MAX_SHAPE_POINTS) {
        // Said once, at the point past the bound; the shape's further points are not read.
        if (points === MAX_SHAPE_POINTS + 1) {
          issues.error(
            'shapes.txt',
            row.line,
            'shape_id',
            `shape "${shapeId}" has more than ${MAX_SHAPE_POINTS} points`,
          );
        }
        continue;
      }
      const sequence = r.int(row, 'shape_pt_sequence', { min: 0, required: true });
      const lat = r.float(row, 'shape_pt_lat', { min: -90, max: 90, required: true });
      const lon = r.float(row, 'shape_pt_lon', { min: -180, max: 180, required: true });
      const dist = r.float(row, 'shape_dist_traveled', { min: 0 });
      if (sequence === null || lat === null || lon === null) continue;
      const key = `${shapeId}\u0000${sequence}`;
      if (seen.has(key)) {
        issues.error('shapes.txt', row.line, 'shape_pt_sequence', `shape "${shapeId}" has point ${sequence} twice`);
        continue;
      }
      seen.add(key);
      shapePoints.push({ shapeId, sequence, lat, lon, distTraveled: dist });
    }
  }
  const shapeIds = new Set(shapePoints.map((p) => p.shapeId));

  // trips.txt
  const trips: TripRow[] = [];
  const tripLines = new Map<string, number>();
  {
    const r = new FileReader('trips.txt', issues);
    const unique = uniqueIds(r, 'trip_id');
    for (const row of rows('trips.txt')) {
      const trip: TripRow = {
        id: r.text(row, 'trip_id', true),
        routeId: r.text(row, 'route_id', true),
        serviceId: r.text(row, 'service_id', true),
        headsign: r.text(row, 'trip_headsign'),
        shortName: r.text(row, 'trip_short_name'),
        directionId: r.int(row, 'direction_id', { min: 0, max: 1 }),
        blockId: r.text(row, 'block_id'),
        shapeId: r.text(row, 'shape_id'),
        wheelchairAccessible: r.int(row, 'wheelchair_accessible', { min: 0, max: 2 }),
        bikesAllowed: r.int(row, 'bikes_allowed', { min: 0, max: 2 }),
      };
      if (!unique(row, trip.id)) continue;
      if (trip.routeId !== '' && !routeIds.has(trip.routeId)) {
        issues.error('trips.txt', row.line, 'route_id', `route_id "${trip.routeId}" is not in routes.txt`);
      }
      if (trip.serviceId !== '' && !serviceIds.has(trip.serviceId)) {
        issues.error(
          'trips.txt',
          row.line,
          'service_id',
          `service_id "${trip.serviceId}" is not in calendar.txt or calendar_dates.txt`,
        );
      }
      if (trip.shapeId !== null && !shapeIds.has(trip.shapeId)) {
        issues.error('trips.txt', row.line, 'shape_id', `shape_id "${trip.shapeId}" is not in shapes.txt`);
      }
      tripLines.set(trip.id, row.line);
      trips.push(trip);
    }
  }

  // stop_times.txt
  const stopTimes: StopTimeRow[] = [];
  const stopTimeLines: number[] = [];
  {
    const r = new FileReader('stop_times.txt', issues);
    const callsAtStop = new Map<string, number>();
    for (const row of rows('stop_times.txt')) {
      const st: StopTimeRow = {
        tripId: r.text(row, 'trip_id', true),
        sequence: r.int(row, 'stop_sequence', { min: 0, required: true }) ?? -1,
        stopId: r.text(row, 'stop_id', true),
        arrival: r.time(row, 'arrival_time'),
        departure: r.time(row, 'departure_time'),
        headsign: r.text(row, 'stop_headsign'),
        pickupType: r.int(row, 'pickup_type', { min: 0, max: 3 }),
        dropOffType: r.int(row, 'drop_off_type', { min: 0, max: 3 }),
        distTraveled: r.float(row, 'shape_dist_traveled', { min: 0 }),
        timepoint: r.int(row, 'timepoint', { min: 0, max: 1 }),
      };
      if (st.tripId !== '' && !tripLines.has(st.tripId)) {
        issues.error('stop_times.txt', row.line, 'trip_id', `trip_id "${st.tripId}" is not in trips.txt`);
      }
      if (st.stopId !== '') {
        const type = stopTypes.get(st.stopId);
        const calls = (callsAtStop.get(st.stopId) ?? 0) + 1;
        callsAtStop.set(st.stopId, calls);
        if (calls === MAX_CALLS_AT_STOP + 1) {
          issues.error(
            'stop_times.txt',
            row.line,
            'stop_id',
            `stop_id "${st.stopId}" has more than ${MAX_CALLS_AT_STOP} stop times; a stop's departures board reads them all`,
          );
        }
        if (type === undefined) {
          issues.error('stop_times.txt', row.line, 'stop_id', `stop_id "${st.stopId}" is not in stops.txt`);
        } else if (type !== 0 && type !== 4) {
          issues.error(
            'stop_times.txt',
            row.line,
            'stop_id',
            `stop_id "${st.stopId}" is a location_type ${type}; a trip calls at stops and platforms (0) or boarding areas (4)`,
          );
        }
      }
      // A time given on one side only stands for both.
      if (st.arrival === null && st.departure !== null && row.get('arrival_time') === undefined)
        st.arrival = st.departure;
      if (st.departure === null && st.arrival !== null && row.get('departure_time') === undefined)
        st.departure = st.arrival;
      if (st.arrival !== null && st.departure !== null && st.departure < st.arrival) {
        issues.error(
          'stop_times.txt',
          row.line,
          'departure_time',
          `departure_time ${row.get('departure_time')} is before arrival_time ${row.get('arrival_time')}`,
        );
      }
      stopTimes.push(st);
      stopTimeLines.push(row.line);
    }
    checkTripTimes(stopTimes, stopTimeLines, issues);
    const called = new Set(stopTimes.map((s) => s.tripId));
    let unused = 0;
    for (const t of trips) if (!called.has(t.id)) unused++;
    if (unused > 0) {
      issues.warn('trips.txt', undefined, undefined, `${unused} trip(s) have no stop times and cannot be used`);
    }
  }

  // frequencies.txt
  const frequencies: FrequencyRow[] = [];
  {
    const r = new FileReader('frequencies.txt', issues);
    const lines: number[] = [];
    let runs = 0;
    let tooMany = false;
    for (const row of rows('frequencies.txt')) {
      const f = {
        tripId: r.text(row, 'trip_id', true),
        start: r.time(row, 'start_time', true),
        end: r.time(row, 'end_time', true),
        headwaySecs: r.int(row, 'headway_secs', { min: MIN_HEADWAY_SECS, required: true }),
        exactTimes: r.int(row, 'exact_times', { min: 0, max: 1 }) ?? 0,
      };
      if (f.tripId !== '' && !tripLines.has(f.tripId)) {
        issues.error('frequencies.txt', row.line, 'trip_id', `trip_id "${f.tripId}" is not in trips.txt`);
      }
      if (f.start !== null && f.end !== null && f.end <= f.start) {
        issues.error(
          'frequencies.txt',
          row.line,
          'end_time',
          `end_time ${row.get('end_time')} is not after start_time`,
        );
      }
      if (f.start === null || f.end === null || f.headwaySecs === null) continue;
      runs += Math.ceil(Math.max(0, f.end - f.start) / f.headwaySecs);
      if (runs > MAX_FREQUENCY_RUNS && !tooMany) {
        tooMany = true;
        issues.error(
          'frequencies.txt',
          row.line,
          'headway_secs',
          `with this row the frequencies add up to more than ${MAX_FREQUENCY_RUNS} runs`,
        );
      }
      frequencies.push({
        tripId: f.tripId,
        start: f.start,
        end: f.end,
        headwaySecs: f.headwaySecs,
        exactTimes: f.exactTimes,
      });
      lines.push(row.line);
    }
    // A trip's rows may not overlap (the MobilityData validator's overlapping_frequency): one run of a
    // trip at a time, and boards walk a trip's runs in order.
    const order = frequencies
      .map((_, i) => i)
      .sort((a, b) => {
        const x = frequencies[a] as FrequencyRow;
        const y = frequencies[b] as FrequencyRow;
        return x.tripId.localeCompare(y.tripId) || x.start - y.start;
      });
    for (let k = 1; k < order.length; k++) {
      const before = frequencies[order[k - 1] as number] as FrequencyRow;
      const f = frequencies[order[k] as number] as FrequencyRow;
      if (f.tripId === before.tripId && f.start < before.end) {
        issues.error(
          'frequencies.txt',
          lines[order[k] as number],
          'start_time',
          `the row overlaps the one at line ${lines[order[k - 1] as number]} of the same trip "${f.tripId}" (until ${formatGtfsTime(before.end)}): a trip's frequencies may not overlap`,
        );
      }
    }
  }

  // transfers.txt
  const transfers: TransferRow[] = [];
  {
    const r = new FileReader('transfers.txt', issues);
    const stopIds = new Set(stopTypes.keys());
    for (const row of rows('transfers.txt')) {
      const t: TransferRow = {
        fromStopId: r.text(row, 'from_stop_id'),
        toStopId: r.text(row, 'to_stop_id'),
        fromRouteId: r.text(row, 'from_route_id'),
        toRouteId: r.text(row, 'to_route_id'),
        fromTripId: r.text(row, 'from_trip_id'),
        toTripId: r.text(row, 'to_trip_id'),
        transferType: r.int(row, 'transfer_type', { min: 0, max: 5, required: true }) ?? 0,
        minTransferTime: r.int(row, 'min_transfer_time', { min: 0 }),
      };
      const refs: [string, string | null, Set<string>, string][] = [
        ['from_stop_id', t.fromStopId, stopIds, 'stops.txt'],
        ['to_stop_id', t.toStopId, stopIds, 'stops.txt'],
        ['from_route_id', t.fromRouteId, routeIds, 'routes.txt'],
        ['to_route_id', t.toRouteId, routeIds, 'routes.txt'],
        ['from_trip_id', t.fromTripId, new Set(tripLines.keys()), 'trips.txt'],
        ['to_trip_id', t.toTripId, new Set(tripLines.keys()), 'trips.txt'],
      ];
      for (const [field, value, known, file] of refs) {
        if (value !== null && !known.has(value)) {
          issues.error('transfers.txt', row.line, field, `${field} "${value}" is not in ${file}`);
        }
      }
      if (t.transferType <= 3 && (t.fromStopId === null || t.toStopId === null)) {
        issues.error(
          'transfers.txt',
          row.line,
          t.fromStopId === null ? 'from_stop_id' : 'to_stop_id',
          'a stop is required for this transfer_type',
        );
      }
      transfers.push(t);
    }
  }

  // fare_attributes.txt and fare_rules.txt
  const fareAttributes: FareAttributeRow[] = [];
  const fareRules: FareRuleRow[] = [];
  {
    const r = new FileReader('fare_attributes.txt', issues);
    const unique = uniqueIds(r, 'fare_id');
    for (const row of rows('fare_attributes.txt')) {
      const currency = r.text(row, 'currency_type', true);
      const fare: FareAttributeRow = {
        id: r.text(row, 'fare_id', true),
        price: r.float(row, 'price', { min: 0, required: true }) ?? 0,
        currency,
        paymentMethod: r.int(row, 'payment_method', { min: 0, max: 1, required: true }) ?? 0,
        transfers: r.int(row, 'transfers', { min: 0, max: 2 }),
        agencyId: r.text(row, 'agency_id'),
        transferDuration: r.int(row, 'transfer_duration', { min: 0 }),
      };
      if (currency !== '' && !/^[A-Z]{3}$/.test(currency)) {
        issues.error(
          'fare_attributes.txt',
          row.line,
          'currency_type',
          `"${currency}" is not an ISO 4217 currency code`,
        );
      }
      if (fare.agencyId !== null && !agencyIds.has(fare.agencyId)) {
        issues.error('fare_attributes.txt', row.line, 'agency_id', `agency_id "${fare.agencyId}" is not in agency.txt`);
      }
      if (unique(row, fare.id)) fareAttributes.push(fare);
    }
    const fareIds = new Set(fareAttributes.map((f) => f.id));
    const fr = new FileReader('fare_rules.txt', issues);
    for (const row of rows('fare_rules.txt')) {
      const rule: FareRuleRow = {
        fareId: fr.text(row, 'fare_id', true),
        routeId: fr.text(row, 'route_id'),
        originId: fr.text(row, 'origin_id'),
        destinationId: fr.text(row, 'destination_id'),
        containsId: fr.text(row, 'contains_id'),
      };
      if (rule.fareId !== '' && !fareIds.has(rule.fareId)) {
        issues.error('fare_rules.txt', row.line, 'fare_id', `fare_id "${rule.fareId}" is not in fare_attributes.txt`);
      }
      if (rule.routeId !== null && !routeIds.has(rule.routeId)) {
        issues.error('fare_rules.txt', row.line, 'route_id', `route_id "${rule.routeId}" is not in routes.txt`);
      }
      fareRules.push(rule);
    }
  }

  if (issues.errorCount > 0) return done(issues, null, timezone);
  return done(
    issues,
    {
      timezone: timezone ?? 'UTC',
      agencies,
      routes,
      stops,
      trips,
      stopTimes,
      calendars,
      calendarDates,
      shapePoints,
      frequencies,
      transfers,
      fareAttributes,
      fareRules,
    },
    timezone,
  );
}

function done(issues: Issues, feed: Feed | null, timezone: string | null): FeedCheck {
  return {
    feed,
    timezone,
    errors: issues.errors,
    warnings: issues.warnings,
    truncated: issues.errorCount > issues.errors.length,
  };
}

/**
 * Along each trip, in stop_sequence order: no stop_sequence twice, times that never go back, and a
 * time at the first and the last stop.
 */
function checkTripTimes(stopTimes: readonly StopTimeRow[], lines: readonly number[], issues: Issues): void {
  const byTrip = new Map<string, number[]>();
  stopTimes.forEach((st, k) => {
    const list = byTrip.get(st.tripId);
    if (list) list.push(k);
    else byTrip.set(st.tripId, [k]);
  });
  const file = 'stop_times.txt';
  for (const [tripId, indexes] of byTrip) {
    if (indexes.length > MAX_CALLS_OF_TRIP) {
      issues.error(
        file,
        lines[indexes[MAX_CALLS_OF_TRIP] as number],
        'trip_id',
        `trip "${tripId}" has more than ${MAX_CALLS_OF_TRIP} stop times`,
      );
    }
    indexes.sort((a, b) => (stopTimes[a]?.sequence ?? 0) - (stopTimes[b]?.sequence ?? 0));
    let last: { time: number; line: number } | undefined;
    let previousSequence: number | undefined;
    indexes.forEach((k, position) => {
      const st = stopTimes[k];
      const line = lines[k];
      if (!st || line === undefined) return;
      if (st.sequence === previousSequence) {
        issues.error(file, line, 'stop_sequence', `trip "${tripId}" has stop_sequence ${st.sequence} twice`);
      }
      previousSequence = st.sequence;
      if ((position === 0 || position === indexes.length - 1) && (st.arrival === null || st.departure === null)) {
        issues.error(
          file,
          line,
          st.arrival === null ? 'arrival_time' : 'departure_time',
          `the ${position === 0 ? 'first' : 'last'} stop of trip "${tripId}" needs an arrival_time and a departure_time`,
        );
      }
      if (st.arrival !== null && last && st.arrival < last.time) {
        issues.error(
          file,
          line,
          'arrival_time',
          `trip "${tripId}" goes back in time: arrives here before it left the stop on line ${last.line}`,
        );
      }
      const leaves = st.departure ?? st.arrival;
      if (leaves !== null) last = { time: leaves, line };
    });
  }
}

/** What a departures board reads of each trip and untimed stop, worked out once for a checked feed. */
export interface BoardTimes {
  /** A trip's first departure (its runs by frequencies count from it) and last stop_sequence (it ends there). */
  readonly trips: ReadonlyMap<string, { firstSecs: number; lastSequence: number }>;
  /** By index in `stopTimes`: an untimed stop's time, linear by stop_sequence between the timed ones. */
  readonly untimed: readonly (number | null)[];
}

export function boardTimesOf(stopTimes: readonly StopTimeRow[]): BoardTimes {
  const byTrip = new Map<string, number[]>();
  stopTimes.forEach((st, k) => {
    const list = byTrip.get(st.tripId);
    if (list) list.push(k);
    else byTrip.set(st.tripId, [k]);
  });
  const trips = new Map<string, { firstSecs: number; lastSequence: number }>();
  const untimed: (number | null)[] = new Array<number | null>(stopTimes.length).fill(null);
  for (const [tripId, indexes] of byTrip) {
    indexes.sort((a, b) => (stopTimes[a] as StopTimeRow).sequence - (stopTimes[b] as StopTimeRow).sequence);
    const first = stopTimes[indexes[0] as number] as StopTimeRow;
    const last = stopTimes[indexes[indexes.length - 1] as number] as StopTimeRow;
    trips.set(tripId, { firstSecs: first.departure ?? first.arrival ?? 0, lastSequence: last.sequence });
    let before: StopTimeRow | undefined;
    let gap: number[] = [];
    for (const k of indexes) {
      const st = stopTimes[k] as StopTimeRow;
      const arrives = st.arrival ?? st.departure;
      if (arrives === null) {
        gap.push(k);
        continue;
      }
      const leftAt = before ? (before.departure ?? before.arrival) : null;
      for (const g of gap) {
        const seq = (stopTimes[g] as StopTimeRow).sequence;
        untimed[g] =
          before && leftAt !== null ? interpolate(seq, before.sequence, leftAt, st.sequence, arrives) : arrives;
      }
      gap = [];
      before = st;
    }
  }
  return { trips, untimed };
}
