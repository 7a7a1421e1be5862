import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Sql } from '../../../platform/db/index.js';
import { forEachPage } from '../pages.js';

/**
 * A tenant's current timetable held in memory for matching buses to it: each trip's stops with their
 * times (seconds of the service day) and their distance in metres along the trip's shape, the shapes
 * as polylines with cumulative metres, and which services run on which day. Loaded once per feed
 * version; distances are always computed in metres (a feed's shape_dist_traveled has no fixed unit).
 */

export interface TimedStop {
  readonly sequence: number;
  readonly stopId: string;
  /** Seconds from the service day's start (noon minus 12 h); may pass 24 h. */
  readonly arrival: number;
  readonly departure: number;
  /** Metres along the trip's shape. */
  readonly dist: number;
  /** The time is a timepoint the bus keeps (not interpolated, not marked approximate). */
  readonly timepoint: boolean;
}

export interface Polyline {
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Metres from the first point. */
  readonly cum: Float64Array;
}

/** A frequencies.txt window of a trip: runs from `start` until `end` every `headway` seconds. */
export interface Headway {
  readonly start: number;
  readonly end: number;
  readonly headway: number;
  /** exact_times 1: the runs leave exactly on the headway; 0: any start within the window. */
  readonly exact: boolean;
}

export interface TripPlan {
  readonly id: string;
  readonly routeId: string;
  readonly serviceId: string;
  readonly directionId: 0 | 1 | undefined;
  readonly stops: readonly TimedStop[];
  readonly line: Polyline;
  /** First departure and last arrival, seconds of the service day. */
  readonly start: number;
  readonly end: number;
  /**
   * A trip run by frequencies: its windows. Its stop times are those of a run leaving at `start`; a
   * run leaving at another time is the same plan shifted (runOf).
   */
  readonly frequencies?: readonly Headway[];
}

/** Seconds of the service day of `HH:MM:SS` (past 24:00 allowed), or undefined for anything else. */
export function secondsOfClock(text: string): number | undefined {
  const m = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

/** Is `start` a run of a trip run by frequencies (exact times: one of its runs; else within a window)? */
export function isRunStart(plan: TripPlan, start: number): boolean {
  return (plan.frequencies ?? []).some(
    (w) => start >= w.start && (w.exact ? start < w.end && (start - w.start) % w.headway === 0 : start <= w.end),
  );
}

/**
 * The run of a trip its arrivals and predictions are kept under: its start (`HH:MM:SS`) for a run of a
 * trip by frequencies, whose runs share one trip id; '' for a scheduled trip, which runs once a day.
 */
export function runStartOf(plan: TripPlan): string {
  return plan.frequencies?.length ? clockTime(plan.start) : '';
}

/**
 * The starts of a trip's runs that may be on the road at `secs` of the service day (from `ahead` seconds
 * before a run leaves until `behind` after it is due at its end): its one start, or its frequencies' runs.
 */
export function runStarts(plan: TripPlan, secs: number, ahead: number, behind: number): number[] {
  if (!plan.frequencies?.length) return [plan.start];
  const lo = secs - (plan.end - plan.start) - behind;
  const hi = secs + ahead;
  const out: number[] = [];
  for (const w of plan.frequencies) {
    if (w.headway <= 0) continue;
    // exact_times 0 trips have no fixed runs: the headway's grid stands for them.
    for (let k = Math.max(0, Math.ceil((lo - w.start) / w.headway)); ; k++) {
      const start = w.start + k * w.headway;
      if (start >= w.end || start > hi) break;
      out.push(start);
    }
  }
  return out;
}

const EARTH_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Metres between two points (equirectangular: exact enough within a city). */
export function metresBetween(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const x = (lon2 - lon1) * RAD * Math.cos(((lat1 + lat2) / 2) * RAD);
  const y = (lat2 - lat1) * RAD;
  return Math.sqrt(x * x + y * y) * EARTH_M;
}

export function polylineOf(points: readonly (readonly [number, number])[]): Polyline {
  const n = points.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const cum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i] as readonly [number, number];
    lon[i] = p[0];
    lat[i] = p[1];
    if (i > 0) cum[i] = (cum[i - 1] as number) + metresBetween(lon[i - 1] as number, lat[i - 1] as number, p[0], p[1]);
  }
  return { lon, lat, cum };
}

export interface Projection {
  /** Metres along the line. */
  readonly dist: number;
  /** Metres from the line. */
  readonly offset: number;
}

/** Segments per block of a line, each block with its bounding box. */
const BLOCK = 32;

/** A line's segments in blocks with their bounding boxes (lon/lat): far blocks are passed over whole. */
interface Blocks {
  readonly minLon: Float64Array;
  readonly maxLon: Float64Array;
  readonly minLat: Float64Array;
  readonly maxLat: Float64Array;
}

const blocksOfLine = new WeakMap<Polyline, Blocks>();

function blocksOf(line: Polyline): Blocks {
  let blocks = blocksOfLine.get(line);
  if (blocks) return blocks;
  const segments = line.lon.length - 1;
  const count = Math.ceil(segments / BLOCK);
  blocks = {
    minLon: new Float64Array(count).fill(Infinity),
    maxLon: new Float64Array(count).fill(-Infinity),
    minLat: new Float64Array(count).fill(Infinity),
    maxLat: new Float64Array(count).fill(-Infinity),
  };
  for (let b = 0; b < count; b++) {
    // A block's segments end at the first point of the next block: it is in both.
    for (let i = b * BLOCK; i <= Math.min((b + 1) * BLOCK, segments); i++) {
      const lon = line.lon[i] as number;
      const lat = line.lat[i] as number;
      if (lon < (blocks.minLon[b] as number)) blocks.minLon[b] = lon;
      if (lon > (blocks.maxLon[b] as number)) blocks.maxLon[b] = lon;
      if (lat < (blocks.minLat[b] as number)) blocks.minLat[b] = lat;
      if (lat > (blocks.maxLat[b] as number)) blocks.maxLat[b] = lat;
    }
  }
  blocksOfLine.set(line, blocks);
  return blocks;
}

/**
 * The point's nearest place on the line. `prefer` (metres along) favours places at or beyond it, so
 * that a bus on a line that comes back on itself keeps going forward. The segments are looked at a
 * block at a time, the block nearest the point first; a block whose box is farther than the best place
 * found cannot hold a better one (a place's score is at least its distance) and is passed over, so a
 * long shape costs its blocks plus the few segments near the point.
 */
export function project(line: Polyline, lon: number, lat: number, prefer?: number): Projection {
  const kx = Math.cos(lat * RAD) * RAD * EARTH_M;
  const ky = RAD * EARTH_M;
  const n = line.lon.length;
  if (n === 0) return { dist: 0, offset: Number.POSITIVE_INFINITY };
  if (n === 1) return { dist: 0, offset: metresBetween(lon, lat, line.lon[0] as number, line.lat[0] as number) };
  const blocks = blocksOf(line);
  const count = blocks.minLon.length;
  const far = new Float64Array(count);
  let nearest = 0;
  for (let b = 0; b < count; b++) {
    const dx = Math.max((blocks.minLon[b] as number) - lon, 0, lon - (blocks.maxLon[b] as number)) * kx;
    const dy = Math.max((blocks.minLat[b] as number) - lat, 0, lat - (blocks.maxLat[b] as number)) * ky;
    far[b] = Math.sqrt(dx * dx + dy * dy);
    if ((far[b] as number) < (far[nearest] as number)) nearest = b;
  }
  let best: Projection = { dist: 0, offset: Number.POSITIVE_INFINITY };
  let bestScore = Number.POSITIVE_INFINITY;
  let bestSegment = -1;
  const scan = (b: number) => {
    for (let i = b * BLOCK; i < Math.min((b + 1) * BLOCK, n - 1); i++) {
      const ax = ((line.lon[i] as number) - lon) * kx;
      const ay = ((line.lat[i] as number) - lat) * ky;
      const bx = ((line.lon[i + 1] as number) - lon) * kx;
      const by = ((line.lat[i + 1] as number) - lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      const px = ax + t * dx;
      const py = ay + t * dy;
      const offset = Math.sqrt(px * px + py * py);
      const c0 = line.cum[i] as number;
      const dist = c0 + t * ((line.cum[i + 1] as number) - c0);
      // Going back along the line costs: a place behind the bus is believed only when far nearer.
      const score = offset + (prefer === undefined ? 0 : Math.max(0, prefer - 50 - dist) * 0.5);
      // Of places as good, the first along the line, whatever order the blocks are looked at in.
      if (score < bestScore || (score === bestScore && i < bestSegment)) {
        bestScore = score;
        bestSegment = i;
        best = { dist, offset };
      }
    }
  };
  scan(nearest);
  for (let b = 0; b < count; b++) {
    // A hair of slack for rounding: the box and the segments are measured by different sums.
    if (b !== nearest && (far[b] as number) <= bestScore + 1e-6) scan(b);
  }
  return best;
}

/** Rows of a whole version's table read in one statement when a timetable is loaded. */
const ROWS_PER_READ = 20_000;

/** Every row of a keyset query on a version's table (its text takes the version as $1, then the key). */
async function readPaged<R>(
  sql: Sql,
  text: string,
  versionId: string,
  keyOf: (row: R) => unknown[],
  start: unknown[],
): Promise<R[]> {
  const out: R[] = [];
  await forEachPage<R>(sql, text, [versionId], { start, of: keyOf }, ROWS_PER_READ, (rows) => {
    for (const r of rows) out.push(r);
  });
  return out;
}

/** A service's days: its weekly pattern with its date range, and its added (1) or removed (2) dates. */
interface Service {
  days?: readonly boolean[];
  from?: string;
  to?: string;
  readonly exceptions: Map<string, number>;
}

export class Timetable {
  readonly trips = new Map<string, TripPlan>();
  readonly tripsByRoute = new Map<string, TripPlan[]>();
  /** The trips calling at each stop. */
  readonly tripsByStop = new Map<string, string[]>();
  readonly routes = new Set<string>();
  readonly #services = new Map<string, Service>();
  /** Runs of trips by frequencies made so far, by trip and start. */
  readonly #runs = new Map<string, TripPlan>();

  constructor(
    readonly versionId: string,
    /** The agency's timezone: service days and their times are its. */
    readonly timezone: string,
  ) {}

  /** Does the service run on the day (`YYYYMMDD`)? */
  runs(serviceId: string, day: string): boolean {
    const s = this.#services.get(serviceId);
    if (!s) return false;
    const exception = s.exceptions.get(day);
    if (exception !== undefined) return exception === 1;
    if (!s.days || !s.from || !s.to || day < s.from || day > s.to) return false;
    const weekday = new Date(Date.UTC(+day.slice(0, 4), +day.slice(4, 6) - 1, +day.slice(6, 8))).getUTCDay();
    // GTFS lists monday first.
    return s.days[(weekday + 6) % 7] === true;
  }

  /** The trip's plan for a run leaving at `start` (seconds of the service day): its stop times shifted. */
  runOf(plan: TripPlan, start: number): TripPlan {
    if (start === plan.start) return plan;
    const key = `${plan.id}\n${start}`;
    let run = this.#runs.get(key);
    if (!run) {
      const by = start - plan.start;
      const stops = plan.stops.map((s) => ({ ...s, arrival: s.arrival + by, departure: s.departure + by }));
      run = { ...plan, stops, start, end: plan.end + by };
      if (this.#runs.size > 50_000) this.#runs.clear();
      this.#runs.set(key, run);
    }
    return run;
  }

  /** A trip's plan as a bus serves it: the run its start time names, for a trip run by frequencies. */
  planOf(tripId: string, startTime: string | null): TripPlan | undefined {
    const plan = this.trips.get(tripId);
    const start = startTime === null ? undefined : secondsOfClock(startTime);
    return plan && start !== undefined && isRunStart(plan, start) ? this.runOf(plan, start) : plan;
  }

  static async load(sql: Sql, versionId: string, timezone: string): Promise<Timetable> {
    const table = new Timetable(versionId, timezone);
    const calendars = await sql.query<{
      service_id: string;
      days: boolean[] | string;
      start: string;
      end: string;
    }>(
      `SELECT service_id, monday, tuesday, wednesday, thursday, friday, saturday, sunday,
              to_char(start_date, 'YYYYMMDD') AS start, to_char(end_date, 'YYYYMMDD') AS "end"
         FROM transit_calendar WHERE version_id = $1`,
      [versionId],
    );
    for (const c of calendars.rows as unknown as Record<string, unknown>[]) {
      const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map(
        (d) => c[d] === true,
      );
      table.addService(String(c['service_id']), { days, from: String(c['start']), to: String(c['end']) });
    }
    const dates = await readPaged<{ service_id: string; date: string; day: string; exception_type: number }>(
      sql,
      `SELECT service_id, date::text AS date, to_char(date, 'YYYYMMDD') AS day, exception_type FROM transit_calendar_date
        WHERE version_id = $1 AND (service_id, date) > ($2, $3::date) ORDER BY service_id, date LIMIT ${ROWS_PER_READ}`,
      versionId,
      (r) => [r.service_id, r.date],
      ['', '0001-01-01'],
    );
    for (const d of dates) {
      table.addService(d.service_id, { exceptions: [[d.day, Number(d.exception_type)]] });
    }

    const shapes = new Map<string, [number, number][]>();
    const points = await readPaged<{ shape_id: string; sequence: number; lon: number; lat: number }>(
      sql,
      `SELECT shape_id, sequence, lon, lat FROM transit_shape_point
        WHERE version_id = $1 AND (shape_id, sequence) > ($2, $3) ORDER BY shape_id, sequence LIMIT ${ROWS_PER_READ}`,
      versionId,
      (r) => [r.shape_id, r.sequence],
      ['', -1],
    );
    for (const p of points) {
      let list = shapes.get(p.shape_id);
      if (!list) shapes.set(p.shape_id, (list = []));
      list.push([Number(p.lon), Number(p.lat)]);
    }
    const lines = new Map<string, Polyline>();

    const trips = await readPaged<{
      trip_id: string;
      route_id: string;
      service_id: string;
      direction_id: number | null;
      shape_id: string | null;
    }>(
      sql,
      `SELECT trip_id, route_id, service_id, direction_id, shape_id FROM transit_trip
        WHERE version_id = $1 AND trip_id > $2 ORDER BY trip_id LIMIT ${ROWS_PER_READ}`,
      versionId,
      (r) => [r.trip_id],
      [''],
    );
    const headways = new Map<string, Headway[]>();
    const frequencies = await readPaged<{ trip_id: string; s: number; e: number; h: number; exact: boolean }>(
      sql,
      `SELECT trip_id, start_secs AS s, end_secs AS e, headway_secs AS h, exact_times = 1 AS exact
         FROM transit_frequency WHERE version_id = $1 AND (trip_id, start_secs) > ($2, $3)
        ORDER BY trip_id, start_secs LIMIT ${ROWS_PER_READ}`,
      versionId,
      (r) => [r.trip_id, r.s],
      ['', -1],
    );
    for (const f of frequencies) {
      let list = headways.get(f.trip_id);
      if (!list) headways.set(f.trip_id, (list = []));
      list.push({ start: Number(f.s), end: Number(f.e), headway: Number(f.h), exact: f.exact === true });
    }
    const placed = new Map<string, number[]>();
    let turned = performance.now();
    // The stop times in pages of rows by trip and sequence, a turn of the event loop between pages and
    // every 10 ms of placing stops: a feed of millions of stop times is read without holding others.
    const tripsById = new Map(trips.map((t) => [t.trip_id, t]));
    type TimeRow = {
      trip_id: string;
      stop_sequence: number;
      stop_id: string;
      arrival_secs: number | null;
      departure_secs: number | null;
      timepoint: number | null;
      lon: number | null;
      lat: number | null;
    };
    const planTrip = (t: (typeof trips)[number], rows: TimeRow[]) => {
      if (rows.length < 2) return;
      const stopPoints = rows.map((r) => [Number(r.lon ?? 0), Number(r.lat ?? 0)] as [number, number]);
      let line: Polyline | undefined;
      const shape = t.shape_id ? shapes.get(t.shape_id) : undefined;
      const shaped = t.shape_id !== null && shape !== undefined && shape.length >= 2;
      if (t.shape_id && shape && shaped) {
        line = lines.get(t.shape_id);
        if (!line) lines.set(t.shape_id, (line = polylineOf(shape)));
      } else {
        // No shape: the bus is followed along the stop-to-stop line.
        line = polylineOf(stopPoints);
      }
      // Each stop at its place on the line, never behind the one before; the trips of a shape mostly
      // share their stops, and are placed once. On its own stop-to-stop line, each stop is where the line
      // passes it in order.
      const placing = shaped ? `${t.shape_id}\n${rows.map((r) => r.stop_id).join('\n')}` : '';
      let dists = placing ? placed.get(placing) : shaped ? undefined : Array.from(line.cum);
      if (!dists) {
        dists = [];
        let last = 0;
        for (const [lon, lat] of stopPoints) {
          const d = Math.max(last, project(line, lon, lat, last).dist);
          dists.push(d);
          last = d;
        }
        if (placing) placed.set(placing, dists);
      }
      const stops = interpolateTimes(rows, dists);
      if (!stops) return;
      const plan: TripPlan = {
        id: t.trip_id,
        routeId: t.route_id,
        serviceId: t.service_id,
        directionId: t.direction_id === 0 || t.direction_id === 1 ? t.direction_id : undefined,
        stops,
        line,
        start: (stops[0] as TimedStop).departure,
        end: (stops[stops.length - 1] as TimedStop).arrival,
        ...(headways.has(t.trip_id) ? { frequencies: headways.get(t.trip_id) } : {}),
      };
      table.addTrip(plan);
    };
    let after: [string, number] = ['', -1];
    let carried: TimeRow[] = [];
    for (;;) {
      const { rows } = await sql.query<TimeRow>(
        `SELECT st.trip_id, st.stop_sequence, st.stop_id, st.arrival_secs, st.departure_secs, st.timepoint, s.lon, s.lat
           FROM transit_stop_time st
           LEFT JOIN transit_stop s ON s.version_id = st.version_id AND s.stop_id = st.stop_id
          WHERE st.version_id = $1 AND (st.trip_id, st.stop_sequence) > ($2, $3)
          ORDER BY st.trip_id, st.stop_sequence LIMIT ${ROWS_PER_READ}`,
        [versionId, ...after],
      );
      const last = rows[rows.length - 1];
      const more = last !== undefined && rows.length === ROWS_PER_READ;
      const all = carried.length > 0 ? carried.concat(rows) : rows;
      // The page's last trip may go on in the next page: it waits for it.
      let end = all.length;
      if (more) while (end > 0 && (all[end - 1] as TimeRow).trip_id === last.trip_id) end--;
      carried = more ? all.slice(end) : [];
      for (let i = 0; i < end;) {
        let j = i;
        const tripId = (all[i] as TimeRow).trip_id;
        while (j < end && (all[j] as TimeRow).trip_id === tripId) j++;
        const t = tripsById.get(tripId);
        if (t) planTrip(t, all.slice(i, j));
        i = j;
        if (performance.now() - turned > 10) {
          await yieldTurn();
          turned = performance.now();
        }
      }
      if (!more) break;
      after = [last.trip_id, last.stop_sequence];
      await yieldTurn();
      turned = performance.now();
    }
    return table;
  }

  /** A service's weekly pattern (monday first) with its date range, and its added (1) or removed (2) days. */
  addService(
    serviceId: string,
    s: {
      days?: readonly boolean[];
      from?: string;
      to?: string;
      exceptions?: readonly (readonly [string, number])[];
    },
  ): void {
    let known = this.#services.get(serviceId);
    if (!known) this.#services.set(serviceId, (known = { exceptions: new Map() }));
    if (s.days && s.from && s.to) Object.assign(known, { days: s.days, from: s.from, to: s.to });
    for (const [day, type] of s.exceptions ?? []) known.exceptions.set(day, type);
  }

  addTrip(plan: TripPlan): void {
    this.trips.set(plan.id, plan);
    for (const s of new Set(plan.stops.map((x) => x.stopId))) {
      const calling = this.tripsByStop.get(s);
      if (calling) calling.push(plan.id);
      else this.tripsByStop.set(s, [plan.id]);
    }
    this.routes.add(plan.routeId);
    let list = this.tripsByRoute.get(plan.routeId);
    if (!list) this.tripsByRoute.set(plan.routeId, (list = []));
    list.push(plan);
  }
}

/** Stop times with the untimed ones given times in proportion to distance between their timed neighbours. */
function interpolateTimes(
  rows: readonly {
    stop_sequence: number;
    stop_id: string;
    arrival_secs: number | null;
    departure_secs: number | null;
    timepoint: number | null;
  }[],
  dists: readonly number[],
): TimedStop[] | null {
  const out: TimedStop[] = [];
  let prev = -1;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as (typeof rows)[number];
    if (r.arrival_secs === null && r.departure_secs === null) continue;
    const arrival = Number(r.arrival_secs ?? r.departure_secs);
    const departure = Number(r.departure_secs ?? r.arrival_secs);
    if (prev >= 0 && i - prev > 1) {
      const from = out[out.length - 1] as TimedStop;
      const span = (dists[i] as number) - from.dist;
      for (let k = prev + 1; k < i; k++) {
        const mid = rows[k] as (typeof rows)[number];
        const share = span > 0 ? ((dists[k] as number) - from.dist) / span : (k - prev) / (i - prev);
        const at = Math.round(from.departure + share * (arrival - from.departure));
        out.push({
          sequence: mid.stop_sequence,
          stopId: mid.stop_id,
          arrival: at,
          departure: at,
          dist: dists[k] as number,
          timepoint: false,
        });
      }
    }
    out.push({
      sequence: r.stop_sequence,
      stopId: r.stop_id,
      arrival,
      departure,
      dist: dists[i] as number,
      timepoint: r.timepoint !== 0,
    });
    prev = i;
  }
  return out.length >= 2 && out.length === rows.length ? out : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timezone: string, at: number): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return {
    y: p['year'] ?? 0,
    m: p['month'] ?? 1,
    d: p['day'] ?? 1,
    h: p['hour'] ?? 0,
    mi: p['minute'] ?? 0,
    s: p['second'] ?? 0,
  };
}

/** The timezone's offset from UTC at an instant, ms. */
export function offsetAt(timezone: string, at: number): number {
  const p = partsIn(timezone, at);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(at / 1000) * 1000;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local date (`YYYYMMDD`) of an instant in the timezone. */
export function localDay(timezone: string, at: number): string {
  const p = partsIn(timezone, at);
  return `${pad(p.y, 4)}${pad(p.m)}${pad(p.d)}`;
}

/** The day before (`YYYYMMDD`). */
export function dayBefore(day: string): string {
  return dayAfter(day, -1);
}

/** The day `n` days after (`YYYYMMDD`). */
export function dayAfter(day: string, n = 1): string {
  const d = new Date(Date.UTC(+day.slice(0, 4), +day.slice(4, 6) - 1, +day.slice(6, 8) + n));
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** When the service day starts (epoch ms): noon local time minus 12 hours, as GTFS defines it. */
export function serviceDayStart(timezone: string, day: string): number {
  const key = `${timezone}\n${day}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    if (dayStarts.size > 10_000) dayStarts.clear();
    dayStarts.set(key, (start = computeDayStart(timezone, day)));
  }
  return start;
}
const dayStarts = new Map<string, number>();

function computeDayStart(timezone: string, day: string): number {
  const noonUtc = Date.UTC(+day.slice(0, 4), +day.slice(4, 6) - 1, +day.slice(6, 8), 12);
  return noonUtc - offsetAt(timezone, noonUtc - offsetAt(timezone, noonUtc)) - 12 * 3600_000;
}

/** `HH:MM:SS` of seconds of the service day (past 24:00 stays past). */
export function clockTime(secs: number): string {
  return `${pad(Math.floor(secs / 3600))}:${pad(Math.floor((secs % 3600) / 60))}:${pad(secs % 60)}`;
}
