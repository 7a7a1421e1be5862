import { createHash } from 'node:crypto';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { busShapeAlongRoadsSteps, type LonLat, type RoadLinkTally, type RoadNetwork } from '../city/index.js';
import type { Feed, ShapePointRow, StopTimeRow, TripRow } from './feed.js';
import { metresBetween } from './live/timetable.js';
import type { RoadShapes } from './model.js';

/**
 * Shapes along the city's roads for a feed's trips that have none, or only a straight one (a point at each
 * stop, as the Hanoi feed's): one per distinct stop sequence, routed through its stops on the road graph
 * (modules/city/roads), named `tl-road-<hash of the stop ids>`. A feed's own detailed shapes are kept, and a
 * sequence with a stop outside the graph's area (or without a position) keeps what it had.
 */

/** A shape point this close to one of its trip's stops is "at the stop" (metres). */
export const AT_STOP_M = 20;
/** Routing holds the thread this long (ms), then lets other work run; one leg's search is the unit. */
const SLICE_MS = 20;
/**
 * One import's routing budget: at most this many stop sequences, legs and shape points built, and road
 * links followed by all the leg searches together. Hanoi's feed has 63 sequences of 309 legs. Counts alone
 * do not bound the work (20,000 legs of 4.5 km could search for most of an hour); the links do: 30 million
 * at a few microseconds each is a few minutes. A feed beyond any of them keeps the rest of its shapes as
 * given (counted in `overBudget`): however large an upload, its routing has an end.
 */
export const ROAD_SHAPES_BUDGET: RoadShapesBudget = {
  sequences: 2000,
  legs: 20_000,
  points: 500_000,
  links: 30_000_000,
};

export interface RoadShapesBudget {
  readonly sequences: number;
  readonly legs: number;
  readonly points: number;
  /** Road links the searches of all the import's legs may follow in all. */
  readonly links: number;
}

interface Sequence {
  readonly stopIds: readonly string[];
  readonly stops: readonly LonLat[];
  readonly trips: TripRow[];
}

/** The summary of an import that was asked for no road shapes. */
export const ROAD_SHAPES_OFF: RoadShapes = {
  status: 'off',
  built: 0,
  trips: 0,
  kept: 0,
  replaced: 0,
  outside: 0,
  legs: 0,
  straightLegs: 0,
  farLegs: 0,
  overBudget: 0,
};

/**
 * The feed with road shapes for its trips that need them, and what was done. Routing runs leg by leg in
 * slices of about SLICE_MS, yielding between them (within a sequence too), so a feed of hundreds of
 * sequences or a trip of hundreds of stops does not hold the server's thread; `network` is called only
 * when some sequence needs a shape. `budget` (default ROAD_SHAPES_BUDGET) bounds the work.
 */
export async function withRoadShapes(
  feed: Feed,
  network: () => RoadNetwork,
  budget: RoadShapesBudget = ROAD_SHAPES_BUDGET,
): Promise<{ feed: Feed; summary: RoadShapes }> {
  const stopAt = new Map<string, LonLat | null>();
  for (const s of feed.stops) stopAt.set(s.id, s.lat === null || s.lon === null ? null : [s.lon, s.lat]);
  const callsOf = new Map<string, StopTimeRow[]>();
  for (const st of feed.stopTimes) {
    const list = callsOf.get(st.tripId);
    if (list) list.push(st);
    else callsOf.set(st.tripId, [st]);
  }
  for (const list of callsOf.values()) list.sort((a, b) => a.sequence - b.sequence);
  const pointsOf = new Map<string, ShapePointRow[]>();
  for (const p of feed.shapePoints) {
    const list = pointsOf.get(p.shapeId);
    if (list) list.push(p);
    else pointsOf.set(p.shapeId, [p]);
  }

  // Whether a feed shape is straight, per shape and stop sequence (trips of one shape share their stops).
  const straightness = new Map<string, boolean>();
  const kept = new Set<string>();
  const sequences = new Map<string, Sequence>();
  let outside = 0;
  const outsideKeys = new Set<string>();
  let roads: RoadNetwork | undefined;
  for (const trip of feed.trips) {
    const calls = callsOf.get(trip.id);
    if (!calls || calls.length < 2) continue;
    const stopIds = calls.map((c) => c.stopId);
    const stops = stopIds.map((id) => stopAt.get(id) ?? null);
    const key = stopIds.join('\u0000');
    if (trip.shapeId !== null) {
      const memo = `${trip.shapeId}\u0001${key}`;
      let straight = straightness.get(memo);
      if (straight === undefined) {
        straight = isStraight(pointsOf.get(trip.shapeId) ?? [], stops);
        straightness.set(memo, straight);
      }
      if (!straight) {
        kept.add(trip.shapeId);
        continue;
      }
    }
    if (outsideKeys.has(key)) continue;
    let sequence = sequences.get(key);
    if (!sequence) {
      if (stops.some((p) => p === null)) {
        outsideKeys.add(key);
        outside++;
        continue;
      }
      roads ??= network();
      if (!(stops as LonLat[]).every((p) => roads!.covers(p))) {
        outsideKeys.add(key);
        outside++;
        continue;
      }
      sequence = { stopIds, stops: stops as LonLat[], trips: [] };
      sequences.set(key, sequence);
    }
    sequence.trips.push(trip);
  }
  if (sequences.size === 0) {
    const summary: RoadShapes = {
      ...ROAD_SHAPES_OFF,
      status: outside > 0 ? 'outside' : 'unneeded',
      kept: kept.size,
      outside,
    };
    return { feed, summary };
  }

  const taken = new Set(pointsOf.keys());
  const newPoints: ShapePointRow[] = [];
  const shapeOfTrip = new Map<string, { shapeId: string; stopDistancesM: readonly number[] }>();
  let built = 0;
  let legs = 0;
  let straightLegs = 0;
  let farLegs = 0;
  let overBudget = 0;
  const tally: RoadLinkTally = { followed: 0, max: budget.links };
  let sliceStart = performance.now();
  for (const sequence of sequences.values()) {
    const n = sequence.stops.length - 1;
    const spent = tally.followed >= tally.max;
    if (spent || built >= budget.sequences || legs + n > budget.legs || newPoints.length >= budget.points) {
      overBudget++;
      continue;
    }
    const steps = busShapeAlongRoadsSteps(sequence.stops, roads, tally);
    let step = steps.next();
    while (!step.done) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldTurn();
        sliceStart = performance.now();
      }
      step = steps.next();
    }
    // The links ran out during this sequence: its last legs were not searched, so it keeps its feed shape.
    if (tally.followed >= tally.max) {
      overBudget++;
      continue;
    }
    const road = step.value;
    const line = road.coordinates.length >= 2 ? road.coordinates : sequence.stops;
    const shapeId = nameOf(sequence.stopIds, taken);
    taken.add(shapeId);
    // The router measures on its local plane; the stored distances are metres on the sphere.
    let along = 0;
    line.forEach((p, i) => {
      if (i > 0) along += metresBetween(line[i - 1]![0], line[i - 1]![1], p[0], p[1]);
      newPoints.push({ shapeId, sequence: i, lat: p[1], lon: p[0], distTraveled: round1(along) });
    });
    const scale = road.lengthM > 0 ? along / road.lengthM : 1;
    const stopDistancesM = road.stopDistancesM.map((m) => round1(Math.min(along, m * scale)));
    for (const trip of sequence.trips) shapeOfTrip.set(trip.id, { shapeId, stopDistancesM });
    built++;
    legs += n;
    straightLegs += road.straightLegs.length;
    farLegs += road.farLegs.length;
  }

  const trips = feed.trips.map((t) => {
    const given = shapeOfTrip.get(t.id);
    return given ? { ...t, shapeId: given.shapeId } : t;
  });
  const order = new Map<StopTimeRow, number>();
  for (const [tripId, calls] of callsOf) if (shapeOfTrip.has(tripId)) calls.forEach((c, i) => order.set(c, i));
  const stopTimes = feed.stopTimes.map((st) => {
    const given = shapeOfTrip.get(st.tripId);
    const i = order.get(st);
    return given && i !== undefined ? { ...st, distTraveled: given.stopDistancesM[i] ?? null } : st;
  });
  // A straight shape no trip uses any more goes; one still used (or never used) stays.
  const used = new Set(trips.map((t) => t.shapeId));
  const replaced = new Set(
    feed.trips.flatMap((t) => (t.shapeId !== null && shapeOfTrip.has(t.id) && !used.has(t.shapeId) ? [t.shapeId] : [])),
  );
  const shapePoints = [...feed.shapePoints.filter((p) => !replaced.has(p.shapeId)), ...newPoints];
  return {
    feed: { ...feed, trips, stopTimes, shapePoints },
    summary: {
      status: 'built',
      built,
      trips: shapeOfTrip.size,
      kept: kept.size,
      replaced: replaced.size,
      outside,
      legs,
      straightLegs,
      farLegs,
      overBudget,
    },
  };
}

/**
 * A shape is straight when it is no drawing of the way: fewer than two points, or every point within
 * AT_STOP_M of one of the trip's stops (a line from stop to stop). A stop without a position counts as
 * not straight: the shape is the only line there is.
 */
export function isStraight(points: readonly ShapePointRow[], stops: readonly (LonLat | null)[]): boolean {
  if (points.length < 2) return true;
  if (stops.some((s) => s === null)) return false;
  return points.every((p) => (stops as LonLat[]).some((s) => metresBetween(p.lon, p.lat, s[0], s[1]) <= AT_STOP_M));
}

/** One line for an operator: what an import did to the feed's shapes. */
export function describeRoadShapes(r: RoadShapes | null): string {
  if (!r) return 'Shapes: as given.';
  const kept = r.kept > 0 ? `; ${r.kept} of the feed's own detailed shapes kept` : '';
  const outside =
    r.outside > 0 ? `; ${r.outside} stop sequence(s) outside the road graph's area keep their shapes as given` : '';
  const far = r.farLegs ? ` (${r.farLegs} with stops more than 20 km apart, not routed)` : '';
  const over = r.overBudget
    ? `; ${r.overBudget} stop sequence(s) keep their shapes as given: the import's routing budget was spent`
    : '';
  switch (r.status) {
    case 'off':
      return 'Shapes: as given (shapes along the roads not asked for).';
    case 'unneeded':
      return `Shapes: as given, every trip has a detailed shape${kept}.`;
    case 'outside':
      return `Shapes: as given, the feed's stops are outside the road graph's area${kept}.`;
    case 'built':
      return (
        `Shapes along the roads: ${r.built} built for ${r.trips} trip(s), ${r.straightLegs} of ${r.legs} legs left straight${far}` +
        `${r.replaced > 0 ? `; ${r.replaced} straight shape(s) replaced` : ''}${kept}${outside}${over}.`
      );
  }
}

/** `tl-road-` and a hash of the stop ids: the same sequence gets the same name in every import. */
function nameOf(stopIds: readonly string[], taken: ReadonlySet<string>): string {
  const hash = createHash('sha256').update(stopIds.join('\u0000')).digest('hex');
  let name = `tl-road-${hash.slice(0, 16)}`;
  for (let n = 2; taken.has(name); n++) name = `tl-road-${hash.slice(0, 16)}-${n}`;
  return name;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
