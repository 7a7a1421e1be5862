import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { busShapeAlongRoads, roadNetwork, type LonLat, type RoadNetwork } from '../modules/city/index.js';
import type { FeedVersion, TransitService } from '../modules/transit/index.js';

/**
 * The demo city's bus schedule, as GTFS: the timetabled directions of the city facts' bus feed
 * (apps/server/data/city/transit.json, from the World Bank / Arup Hanoi GTFS), their trips over the
 * service day, and shapes along Hanoi's roads (modules/city/roads) instead of the source's straight
 * stop-to-stop lines. One deterministic function of the city facts: the demo imports it as the
 * tenant's schedule and the simulator, in its own process and without a database, drives its buses
 * along the same trips and shapes, so a Vehicle's `tripId` and `routeCode` are a trip_id and a route_id.
 */

/** The source a demo import records (with the content's hash after `#`). */
export const DEMO_FEED_SOURCE = 'demo:hanoi';
/** The feed times only the midday; service is extended to 05:00–22:00 at each direction's median headway. */
export const SERVICE_FROM_S = 5 * 3600;
export const SERVICE_UNTIL_S = 22 * 3600;
/** Every day, in one service: the demo runs on any day (DEMO_START may be in the past). */
export const DEMO_SERVICE_ID = 'daily';
// A fixed span, not one derived from the clock: the feed's content (and its hash) must not change from
// one start to the next, or every restart would import it again. It ends long after this code will have.
const CALENDAR_START = '20200101';
const CALENDAR_END = '20991231';
const AGENCY_ID = 'hanoi-bus';
const EARTH_RADIUS_M = 6_371_000;

/** The bus facts of transit.json that the schedule reads. */
export interface TransitFacts {
  readonly feed: { readonly timezone: string };
  readonly stops: readonly { id: string; name: string; location: LonLat }[];
  readonly routes: readonly {
    id: string;
    shortName: string;
    longName: string;
    gtfsRouteType: number;
    directions: readonly {
      id: string;
      directionId: number;
      headsign: string;
      timetables?: readonly {
        stops: readonly string[];
        /** Seconds from the trip's start at each stop. */
        offsets: readonly number[];
        /** Seconds after local midnight at the first stop, one per trip. */
        starts: readonly number[];
      }[];
    }[];
  }[];
}

/** One timetabled direction: its stops in order, when trips start, and its shape along the roads. */
export interface DemoDirection {
  /** The source's direction id (`01_1`): also the shape_id. */
  readonly id: string;
  readonly routeId: string;
  readonly directionId: number;
  readonly headsign: string;
  readonly stopIds: readonly string[];
  readonly stops: readonly LonLat[];
  /** Scheduled seconds from the first stop (arrival = departure), one per stop. */
  readonly offsets: readonly number[];
  /** Scheduled starts over the service day, seconds after local midnight. */
  readonly starts: readonly number[];
  /** Seconds between trips (the median of the source's). */
  readonly headwayS: number;
  /** The road-following shape and the metres along it at each of its points. */
  readonly shape: readonly LonLat[];
  readonly shapeDistancesM: readonly number[];
  /** Metres along the shape at each stop (GTFS shape_dist_traveled). */
  readonly stopDistancesM: readonly number[];
  /** Legs (stop i to i+1) the road graph has no path for: straight on the shape. */
  readonly straightLegs: readonly number[];
}

export interface DemoSchedule {
  readonly timezone: string;
  readonly routes: readonly { id: string; shortName: string; longName: string; type: number }[];
  readonly stops: readonly { id: string; name: string; location: LonLat }[];
  readonly directions: readonly DemoDirection[];
  readonly trips: number;
  /** Legs drawn straight over all shapes, and all legs. */
  readonly straightLegs: number;
  readonly legs: number;
}

const radians = (deg: number) => (deg * Math.PI) / 180;
/** Great-circle metres between two points. */
export function distanceMetres(a: LonLat, b: LonLat): number {
  const dLat = radians(b[1] - a[1]);
  const dLon = radians(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a[1])) * Math.cos(radians(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A trip's id: its direction and its scheduled start as HHMM (`32_1-0715`), as the simulator reports it. */
export function demoTripId(directionId: string, start: number): string {
  const minutes = Math.floor(start / 60);
  return `${directionId}-${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
}

/** The source's starts, extended over the service day at their median headway. */
function serviceStarts(starts: readonly number[]): { starts: number[]; headwayS: number } {
  const sorted = [...starts].sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((s, i) => s - (sorted[i] ?? s))
    .sort((a, b) => a - b);
  const headwayS = Math.max(300, gaps[Math.floor(gaps.length / 2)] ?? 900);
  const first = sorted[0] ?? 12 * 3600;
  const last = sorted[sorted.length - 1] ?? first;
  const before: number[] = [];
  for (let s = first - headwayS; s >= SERVICE_FROM_S; s -= headwayS) before.unshift(s);
  const after: number[] = [];
  for (let s = last + headwayS; s <= SERVICE_UNTIL_S; s += headwayS) after.push(s);
  return { starts: [...before, ...sorted, ...after], headwayS };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The schedule of the bus facts, with shapes along the given road network. */
export function buildDemoSchedule(facts: TransitFacts, network: RoadNetwork): DemoSchedule {
  const stopsById = new Map(facts.stops.map((s) => [s.id, s]));
  const directions: DemoDirection[] = [];
  const routes: DemoSchedule['routes'][number][] = [];
  const usedStops = new Set<string>();
  let trips = 0;
  let straightLegs = 0;
  let legs = 0;
  for (const route of facts.routes) {
    let served = false;
    for (const direction of route.directions) {
      const timetable = direction.timetables?.[0];
      if (!timetable || timetable.stops.length < 2) continue;
      const located = timetable.stops.map((id) => stopsById.get(id)?.location);
      if (located.some((l) => l === undefined)) continue;
      const stops = located as LonLat[];
      const road = busShapeAlongRoads(stops, network);
      const shape = road.coordinates.length >= 2 ? road.coordinates : stops;
      const shapeDistancesM = [0];
      for (let i = 1; i < shape.length; i++) {
        shapeDistancesM.push((shapeDistancesM[i - 1] ?? 0) + distanceMetres(shape[i - 1]!, shape[i]!));
      }
      const lengthM = shapeDistancesM[shapeDistancesM.length - 1] ?? 0;
      // The router measures legs on its local plane; the shape is measured here on the sphere.
      const scale = road.lengthM > 0 ? lengthM / road.lengthM : 1;
      const stopDistancesM = road.stopDistancesM.map((m) => Math.min(lengthM, m * scale));
      const { starts, headwayS } = serviceStarts(timetable.starts);
      directions.push({
        id: direction.id,
        routeId: route.id,
        directionId: direction.directionId,
        headsign: direction.headsign,
        stopIds: timetable.stops,
        stops,
        offsets: timetable.offsets,
        starts,
        headwayS,
        shape,
        shapeDistancesM,
        stopDistancesM,
        straightLegs: road.straightLegs,
      });
      for (const id of timetable.stops) usedStops.add(id);
      trips += starts.length;
      straightLegs += road.straightLegs.length;
      legs += stops.length - 1;
      served = true;
    }
    if (served) {
      routes.push({ id: route.id, shortName: route.shortName, longName: route.longName, type: route.gtfsRouteType });
    }
  }
  const stops = facts.stops.filter((s) => usedStops.has(s.id));
  return { timezone: facts.feed.timezone, routes, stops, directions, trips, straightLegs, legs };
}

let cached: DemoSchedule | undefined;
const CITY_DATA = new URL('../../data/city/', import.meta.url);

function readTransitFacts(): TransitFacts {
  return JSON.parse(readFileSync(new URL('transit.json', CITY_DATA), 'utf8')) as TransitFacts;
}

/** Hanoi's demo schedule from the city facts and the city's roads: built once per process (a fraction of a second). */
export function hanoiDemoSchedule(): DemoSchedule {
  if (!cached) {
    cached = buildDemoSchedule(readTransitFacts(), roadNetwork());
  }
  return cached;
}

/** Where along a direction's shape a distance lies: the point and the heading of its segment. */
export function pointAlong(direction: DemoDirection, metres: number): { location: LonLat; heading: number } {
  const { shape, shapeDistancesM: d } = direction;
  let lo = 0;
  let hi = d.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((d[mid] ?? 0) <= metres) lo = mid;
    else hi = mid;
  }
  const a = shape[lo]!;
  const b = shape[hi] ?? a;
  const span = (d[hi] ?? 0) - (d[lo] ?? 0);
  const f = span > 0 ? Math.min(1, Math.max(0, (metres - (d[lo] ?? 0)) / span)) : 0;
  return { location: [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f], heading: bearing(a, b) };
}

function bearing(a: LonLat, b: LonLat): number {
  const y = Math.sin(radians(b[0] - a[0])) * Math.cos(radians(b[1]));
  const x =
    Math.cos(radians(a[1])) * Math.sin(radians(b[1])) -
    Math.sin(radians(a[1])) * Math.cos(radians(b[1])) * Math.cos(radians(b[0] - a[0]));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** A CSV field, quoted when it must be (RFC 4180). */
const field = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: readonly string[], rows: readonly (readonly (string | number)[])[]): string =>
  [header.join(','), ...rows.map((r) => r.map(field).join(','))].join('\n') + '\n';

const gtfsTime = (seconds: number): string => {
  const s = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
};

/** The schedule as the files of a GTFS feed, by name. */
export function demoFeedFiles(schedule: DemoSchedule): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'agency.txt',
    csv(
      ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
      [
        [
          AGENCY_ID,
          'Xe buýt Hà Nội (demo: World Bank / Arup model, CC BY 4.0; © OpenStreetMap contributors)',
          'https://datacatalog.worldbank.org/search/dataset/0038236',
          schedule.timezone,
          'vi',
        ],
      ],
    ),
  );
  files.set(
    'attributions.txt',
    csv(
      ['attribution_id', 'organization_name', 'is_producer', 'attribution_url'],
      [
        ['world-bank-arup', 'World Bank / Arup, Hanoi GTFS (CC BY 4.0)', 1, 'https://datacatalog.worldbank.org/'],
        [
          'osm',
          '© OpenStreetMap contributors (ODbL): stop names and the roads the shapes follow',
          1,
          'https://www.openstreetmap.org/copyright',
        ],
      ],
    ),
  );
  files.set(
    'routes.txt',
    csv(
      ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'],
      schedule.routes.map((r) => [r.id, AGENCY_ID, r.shortName, r.longName, r.type]),
    ),
  );
  files.set(
    'stops.txt',
    csv(
      ['stop_id', 'stop_name', 'stop_lat', 'stop_lon'],
      schedule.stops.map((s) => [s.id, s.name, s.location[1], s.location[0]]),
    ),
  );
  files.set(
    'calendar.txt',
    csv(
      [
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
      [[DEMO_SERVICE_ID, 1, 1, 1, 1, 1, 1, 1, CALENDAR_START, CALENDAR_END]],
    ),
  );
  const shapeRows: (string | number)[][] = [];
  const tripRows: (string | number)[][] = [];
  const stopTimeRows: (string | number)[][] = [];
  for (const d of schedule.directions) {
    d.shape.forEach((p, i) => shapeRows.push([d.id, p[1], p[0], i, round1(d.shapeDistancesM[i] ?? 0)]));
    for (const start of d.starts) {
      const tripId = demoTripId(d.id, start);
      tripRows.push([d.routeId, DEMO_SERVICE_ID, tripId, d.headsign, d.directionId, d.id]);
      d.stopIds.forEach((stopId, i) => {
        const at = gtfsTime(start + (d.offsets[i] ?? 0));
        stopTimeRows.push([tripId, at, at, stopId, i + 1, round1(d.stopDistancesM[i] ?? 0)]);
      });
    }
  }
  files.set(
    'shapes.txt',
    csv(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence', 'shape_dist_traveled'], shapeRows),
  );
  files.set(
    'trips.txt',
    csv(['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'shape_id'], tripRows),
  );
  files.set(
    'stop_times.txt',
    csv(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence', 'shape_dist_traveled'], stopTimeRows),
  );
  return files;
}

/** This builder's revision: bumped when a change to it changes the feed it makes from the same data. */
const BUILDER_REVISION = 1;

/**
 * What the demo's feed is made from — the city's bus facts, its road graph and this builder's
 * revision — as a short hash: a restart that finds them unchanged builds nothing (the roads and their
 * shapes take about a second and stay in memory once built).
 */
export function demoFeedInputs(): string {
  const hash = createHash('sha256').update(`revision ${BUILDER_REVISION}\u0000`);
  for (const file of ['transit.json', 'roads.json.gz']) hash.update(readFileSync(new URL(file, CITY_DATA)));
  return hash.digest('hex').slice(0, 16);
}

export interface DemoFeedImport {
  /** False when the tenant's current schedule was this feed already, or a feed not of the demo. */
  readonly imported: boolean;
  readonly version: FeedVersion | null;
  /** Milliseconds to build the feed (roads, shapes, files) and to import it. */
  readonly buildMs: number;
  readonly importMs: number;
}

/**
 * Imports the demo schedule as the tenant's current GTFS version, through the importer any feed goes
 * through, unless the current version is already this content. A schedule the operator imported
 * (another source) is left alone: the demo never replaces a real feed.
 */
export async function importDemoFeed(
  transit: Pick<TransitService, 'currentVersion' | 'importFeed'>,
  log: Logger,
  tenant = '',
): Promise<DemoFeedImport> {
  const source = `${DEMO_FEED_SOURCE}#${demoFeedInputs()}`;
  const current = await transit.currentVersion(tenant);
  if (current && (current.source === source || !current.source.startsWith(`${DEMO_FEED_SOURCE}#`))) {
    return { imported: false, version: current, buildMs: 0, importMs: 0 };
  }
  const t0 = performance.now();
  // Built here, not kept: the instance needs the schedule once, the simulator holds its own copy.
  const schedule = buildDemoSchedule(readTransitFacts(), roadNetwork());
  const files = demoFeedFiles(schedule);
  const buildMs = Math.round(performance.now() - t0);
  const t1 = performance.now();
  // Its shapes are already along the roads: the import need not look for straight ones.
  const version = await transit.importFeed({
    tenant,
    source,
    importedBy: null,
    files: async () => files,
    roadShapes: false,
  });
  const importMs = Math.round(performance.now() - t1);
  log.info(
    {
      versionId: version.id,
      trips: schedule.trips,
      shapes: schedule.directions.length,
      straightLegs: schedule.straightLegs,
      legs: schedule.legs,
      buildMs,
      importMs,
    },
    'demo bus schedule imported (shapes along the roads)',
  );
  return { imported: true, version, buildMs, importMs };
}
