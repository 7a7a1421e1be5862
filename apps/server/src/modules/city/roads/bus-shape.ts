import type { LonLat, RoadLinkTally, RoadNetwork } from './network.js';

/** A bus shape along the roads through a direction's stops, as GTFS shapes.txt wants it. */
export interface BusShape {
  readonly coordinates: LonLat[];
  readonly lengthM: number;
  /** Metres along the shape at each stop (GTFS `shape_dist_traveled`), one per stop given. */
  readonly stopDistancesM: readonly number[];
  /** Indexes of the legs (stop i to stop i+1) with no road between them: drawn straight. */
  readonly straightLegs: readonly number[];
  /** Of those, the legs whose stops are farther apart than MAX_BUS_LEG_M: not routed at all. */
  readonly farLegs: readonly number[];
  /** Indexes of the stops farther than 3 km from every road of the graph: kept where they are. */
  readonly unplacedStops: readonly number[];
}

/**
 * Metres: a stop may go on any road this much farther than its nearest, the one that suits the whole path
 * (the kerb side of a dual carriageway). Over Hanoi's 224 bus directions, the shape's length over the
 * stop-to-stop line fell at p95 from 2.14 (nearest road only) to 1.39 with 30 m, 1.52 with 15 m.
 */
export const STOP_SLACK_M = 25;

/**
 * Metres: stops farther apart than this (straight line) are not routed between but joined straight. Of
 * Hanoi's 7,275 bus legs, the longest are the airport lines' (86: 14.7 km, 90: 10 km); a leg across the
 * whole city is no bus leg, and its search is what costs.
 */
export const MAX_BUS_LEG_M = 20_000;
/**
 * Links a leg's search may follow before it gives up (the leg then straight): at least MAX_LINKS_PER_LEG,
 * MAX_LINKS_PER_LEG_KM per kilometre between its stops when more. The 86's leg of 14.7 km (17.8 km by
 * road, mostly expressway) is found within 5,000; 11.7 km from Long Biên to Hà Đông through the centre's
 * streets needs 16,200 (about 80 ms). One with no way round would otherwise cover the whole graph.
 */
export const MAX_LINKS_PER_LEG = 10_000;
export const MAX_LINKS_PER_LEG_KM = 2_500;

/**
 * The road-following shape of a bus through its stops in order (the bus profile: main roads preferred over
 * lanes), each stop on the road that makes the whole path fastest among those within STOP_SLACK_M of
 * its nearest. The feed's own shapes are straight lines from stop to stop; this puts them on the streets. A leg
 * the roads cannot make (a one-way street the wrong way with no way round, a stop beyond the graph's
 * reach) stays a straight line and is named in `straightLegs`; so does one longer than MAX_BUS_LEG_M, also
 * named in `farLegs`.
 */
export function roadFollowingShape(network: RoadNetwork, stops: readonly LonLat[]): BusShape {
  const steps = roadFollowingShapeSteps(network, stops);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * roadFollowingShape one leg search at a time (see RoadNetwork.routeThroughSteps); `linkTally`, when given,
 * is shared with other shapes so that all their searches together follow at most its `max` links.
 */
export function* roadFollowingShapeSteps(
  network: RoadNetwork,
  stops: readonly LonLat[],
  linkTally?: RoadLinkTally,
): Generator<void, BusShape, void> {
  const through = yield* network.routeThroughSteps(stops, {
    profile: 'bus',
    stopSlackM: STOP_SLACK_M,
    maxLegM: MAX_BUS_LEG_M,
    maxLinksPerLeg: MAX_LINKS_PER_LEG,
    maxLinksPerLegKm: MAX_LINKS_PER_LEG_KM,
    ...(linkTally ? { linkTally } : {}),
  });
  return {
    coordinates: through.coordinates,
    lengthM: through.lengthM,
    stopDistancesM: through.stopOffsetsM,
    straightLegs: through.legs.flatMap((leg, i) => (leg ? [] : [i])),
    farLegs: through.farLegs,
    unplacedStops: through.unplacedStops,
  };
}
