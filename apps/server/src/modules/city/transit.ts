import { readFileSync } from 'node:fs';

/**
 * Hanoi's bus network as the city facts carry it (apps/server/data/city/transit.json): routes, their
 * directions and each direction's stops in order. It names what a bus's tracker only codes: a trip
 * `<directionId>-<hhmm>` becomes "route 01 to Yên Nghĩa, departed 08:15", and a position on it the
 * next stop by name.
 */

export type LonLat = readonly [lon: number, lat: number];

export interface TransitStop {
  readonly id: string;
  readonly name: string;
  readonly location: LonLat;
}

interface TransitFile {
  readonly stops: readonly { id: string; name: string; location: [number, number] }[];
  readonly routes: readonly {
    id: string;
    shortName: string;
    longName: string;
    directions: readonly { id: string; directionId: number; headsign: string; stops: readonly string[] }[];
  }[];
}

export interface TransitDirection {
  readonly id: string;
  readonly headsign: string;
  readonly route: { readonly id: string; readonly shortName: string; readonly longName: string };
  readonly stops: readonly TransitStop[];
}

let directions: Map<string, TransitDirection> | undefined;

function load(): Map<string, TransitDirection> {
  if (!directions) {
    const file = new URL('../../../data/city/transit.json', import.meta.url);
    const transit = JSON.parse(readFileSync(file, 'utf8')) as TransitFile;
    const stops = new Map<string, TransitStop>(
      transit.stops.map((s) => [s.id, { id: s.id, name: s.name, location: s.location }]),
    );
    directions = new Map();
    for (const route of transit.routes) {
      for (const d of route.directions) {
        directions.set(d.id, {
          id: d.id,
          headsign: d.headsign,
          route: { id: route.id, shortName: route.shortName, longName: route.longName },
          stops: d.stops.map((id) => stops.get(id)).filter((s): s is TransitStop => s !== undefined),
        });
      }
    }
  }
  return directions;
}

/** A direction of a route by its id ("01_1"), or undefined. */
export function transitDirection(id: string): TransitDirection | undefined {
  return load().get(id);
}

/** A trip id as buses report it: the direction it runs and its scheduled departure (Hanoi time). */
export const TRIP_PATTERN = '^[A-Za-z0-9_]{1,40}-(?:[01][0-9]|2[0-3])[0-5][0-9]$';

export function parseTrip(trip: string): { directionId: string; departure: string } | undefined {
  if (!new RegExp(TRIP_PATTERN).test(trip)) return undefined;
  const cut = trip.lastIndexOf('-');
  const hhmm = trip.slice(cut + 1);
  return { directionId: trip.slice(0, cut), departure: `${hhmm.slice(0, 2)}:${hhmm.slice(2)}` };
}

const EARTH_RADIUS_M = 6_371_000;
const radians = (deg: number) => (deg * Math.PI) / 180;

/** Metres on a local flat projection around a point: exact enough within a city. */
function planar(origin: LonLat, p: LonLat): [number, number] {
  const x = radians(p[0] - origin[0]) * Math.cos(radians(origin[1])) * EARTH_RADIUS_M;
  const y = radians(p[1] - origin[1]) * EARTH_RADIUS_M;
  return [x, y];
}

function bearing(a: LonLat, b: LonLat): number {
  const [x, y] = planar(a, b);
  return ((Math.atan2(x, y) * 180) / Math.PI + 360) % 360;
}

const angleBetween = (a: number, b: number) => {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

/** Closer than this to a stop, a bus is at it (a stop's kerb and the GPS fix differ by some metres). */
export const AT_STOP_METRES = 20;

export interface PlaceOnDirection {
  /** Index of the stop the bus stands at, or null between stops. */
  readonly atStop: number | null;
  /** Index of the next stop it will reach, or null when it stands at the last one. */
  readonly nextStop: number | null;
  /** Metres to the next stop, straight. */
  readonly metresToNext: number | null;
  /** Metres from the bus to the line of stops: large means it is off its route. */
  readonly offRouteMetres: number;
}

/**
 * Where a bus is along a direction's stops: the nearest leg between two stops (legs running against
 * the bus's heading count as farther, so a route that comes back along the same street is told apart),
 * then the next stop is the end of that leg.
 */
export function placeOnDirection(stops: readonly LonLat[], at: LonLat, heading?: number): PlaceOnDirection | null {
  if (stops.length === 0) return null;
  const toStop = stops.map((s) => Math.hypot(...planar(at, s)));
  if (stops.length === 1) {
    const d = toStop[0] as number;
    return {
      atStop: d <= AT_STOP_METRES ? 0 : null,
      nextStop: d <= AT_STOP_METRES ? null : 0,
      metresToNext: d,
      offRouteMetres: d,
    };
  }
  let best = { leg: 0, score: Infinity, distance: Infinity };
  for (let j = 0; j + 1 < stops.length; j++) {
    const a = stops[j] as LonLat;
    const b = stops[j + 1] as LonLat;
    const [bx, by] = planar(a, b);
    const [px, py] = planar(a, at);
    const length2 = bx * bx + by * by;
    const f = length2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / length2));
    const distance = Math.hypot(px - f * bx, py - f * by);
    const against = heading !== undefined && length2 > 0 && angleBetween(heading, bearing(a, b)) > 100;
    const score = distance + (against ? 200 : 0);
    if (score < best.score) best = { leg: j, score, distance };
  }
  const atStop = toStop.findIndex((d, i) => d <= AT_STOP_METRES && (i === best.leg || i === best.leg + 1));
  if (atStop >= 0) {
    const next = atStop + 1 < stops.length ? atStop + 1 : null;
    return {
      atStop,
      nextStop: next,
      metresToNext: next === null ? null : Math.round(toStop[next] as number),
      offRouteMetres: Math.round(best.distance),
    };
  }
  const next = best.leg + 1;
  return {
    atStop: null,
    nextStop: next,
    metresToNext: Math.round(toStop[next] as number),
    offRouteMetres: Math.round(best.distance),
  };
}
