import type { LonLat, RoadNetwork } from './network.js';

/** A bus shape along the roads through a direction's stops, as GTFS shapes.txt wants it. */
export interface BusShape {
  readonly coordinates: LonLat[];
  readonly lengthM: number;
  /** Metres along the shape at each stop (GTFS `shape_dist_traveled`), one per stop given. */
  readonly stopDistancesM: readonly number[];
  /** Indexes of the legs (stop i to stop i+1) with no road between them: drawn straight. */
  readonly straightLegs: readonly number[];
  /** Indexes of the stops farther than 3 km from every road of the graph: kept where they are. */
  readonly unplacedStops: readonly number[];
}

/**
 * The road-following shape of a bus through its stops in order (the bus profile: main roads preferred over
 * lanes). The feed's own shapes are straight lines from stop to stop; this puts them on the streets. A leg
 * the roads cannot make (a one-way street the wrong way with no way round, a stop beyond the graph's
 * reach) stays a straight line and is named in `straightLegs`.
 */
export function roadFollowingShape(network: RoadNetwork, stops: readonly LonLat[]): BusShape {
  const through = network.routeThrough(stops, { profile: 'bus' });
  return {
    coordinates: through.coordinates,
    lengthM: through.lengthM,
    stopDistancesM: through.stopOffsetsM,
    straightLegs: through.legs.flatMap((leg, i) => (leg ? [] : [i])),
    unplacedStops: through.unplacedStops,
  };
}
