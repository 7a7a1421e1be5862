import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { roadFollowingShape, roadFollowingShapeSteps, type BusShape } from './bus-shape.js';
import { RoadNetwork, type LonLat, type RoadGraphData, type RoadLinkTally } from './network.js';

/**
 * Routing on Hanoi's roads, for every unit that needs it: public transport (bus shapes along the streets)
 * and the emergency centre (the nearest unit by road, its travel time). The graph is the city fact
 * apps/server/data/city/roads.json.gz (OSM, Aug 2021, © OpenStreetMap contributors, ODbL), loaded once, on
 * first use, and shared. What it holds and what it does not: docs/roads.md.
 */
export {
  RoadNetwork,
  type LonLat,
  type NearestByRoad,
  type NearestByRoadOptions,
  type ReachedCandidate,
  type RoadCandidate,
  type RoadGraphData,
  type RoadRoute,
  type RoadSnap,
  type RouteOptions,
  type RouteThroughOptions,
  type RoadLinkTally,
  type RouteThrough,
  type SnapOptions,
} from './network.js';
export { ROAD_PROFILES, ROAD_SPEEDS_KMH, type RoadClass, type RoadProfile } from './speeds.js';
export { MAX_BUS_LEG_M, type BusShape } from './bus-shape.js';
export {
  RoadSearches,
  roadTask,
  ROAD_SEARCH_TIMEOUT_MS,
  ROAD_SEARCH_WORKERS,
  type RoadSearchesOptions,
  type RoadTask,
} from './searches.js';

export const ROADS_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';

const FILE = new URL('../../../../data/city/roads.json.gz', import.meta.url);
let shared: RoadNetwork | undefined;

/** Hanoi's road network, read and indexed on the first call (about a second), then shared. */
export function roadNetwork(): RoadNetwork {
  shared ??= new RoadNetwork(JSON.parse(gunzipSync(readFileSync(FILE)).toString('utf8')) as RoadGraphData);
  return shared;
}

/** A bus's shape along Hanoi's roads through its stops in order (see bus-shape.ts). */
export function busShapeAlongRoads(stops: readonly LonLat[], network: RoadNetwork = roadNetwork()): BusShape {
  return roadFollowingShape(network, stops);
}

/**
 * busShapeAlongRoads one leg search at a time: the generator stops after each search and returns the shape,
 * for a caller that lets other work run while a long trip is routed.
 */
export function busShapeAlongRoadsSteps(
  stops: readonly LonLat[],
  network: RoadNetwork = roadNetwork(),
  linkTally?: RoadLinkTally,
): Generator<void, BusShape, void> {
  return roadFollowingShapeSteps(network, stops, linkTally);
}
