import { readFileSync } from 'node:fs';
import { parseInteger, variable } from '../../platform/config.js';
import { defineErrors } from '../../platform/errors.js';
import { defineConfig, defineModule } from '../../platform/modules.js';
import { RoadSearches, ROAD_SEARCH_TIMEOUT_MS, ROAD_SEARCH_WORKERS } from './roads/index.js';
import { cityRoutes } from './routes.js';

/** Inside the city or not, and the ward a point lies in (areas.ts). */
export { inHanoi, wardAt } from './areas.js';

/** The offline basemap of the operations-centre map, and the routes that serve it. */
export {
  cityBasemap,
  basemapFeatures,
  BASEMAP_ATTRIBUTION,
  BASEMAP_LAYERS,
  type BasemapFeature,
  type BasemapLayer,
  type CityBasemap,
} from './basemap.js';

/** The bus network: a trip code in words, and the next stop of a bus along it. */
export {
  parseTrip,
  placeOnDirection,
  transitDirection,
  type PlaceOnDirection,
  type TransitDirection,
} from './transit.js';

/** Routing on the city's roads: snap, route, a path through stops, the nearest by road (roads/index.ts). */
export {
  busShapeAlongRoads,
  busShapeAlongRoadsSteps,
  MAX_BUS_LEG_M,
  roadNetwork,
  RoadNetwork,
  RoadSearches,
  roadTask,
  ROAD_PROFILES,
  ROAD_SPEEDS_KMH,
  ROADS_ATTRIBUTION,
  type BusShape,
  type LonLat,
  type NearestByRoad,
  type NearestByRoadOptions,
  type ReachedCandidate,
  type RoadCandidate,
  type RoadClass,
  type RoadGraphData,
  type RoadLinkTally,
  type RoadProfile,
  type RoadRoute,
  type RoadSnap,
  type RoadTask,
  type RouteThrough,
} from './roads/index.js';

/** Facts of Hanoi the product carries; its routes serve the basemap to everyone. */
export const cityModule = defineModule({
  name: 'city',
  permissions: {},
  config: defineConfig(
    {
      ROAD_SEARCH_WORKERS: variable({
        doc: "Worker threads that run road searches (recommendations, hospitals, units' routes) off the server's thread (1–16); each holds its own copy of the road graph (about 100 MB)",
        parse: parseInteger(1, 16),
        fallback: String(ROAD_SEARCH_WORKERS),
      }),
      ROAD_SEARCH_TIMEOUT_SECONDS: variable({
        doc: 'A road search running longer than this fails with 503 ROAD_SEARCH_TIMEOUT and its worker is replaced (1–300)',
        parse: parseInteger(1, 300),
        fallback: String(ROAD_SEARCH_TIMEOUT_MS / 1000),
      }),
    },
    (v) => ({
      workers: v.ROAD_SEARCH_WORKERS ?? ROAD_SEARCH_WORKERS,
      timeoutMs: (v.ROAD_SEARCH_TIMEOUT_SECONDS ?? ROAD_SEARCH_TIMEOUT_MS / 1000) * 1000,
    }),
  ),
  errors: defineErrors({
    TRANSIT_POSITION_INCOMPLETE: {
      status: 400,
      when: 'city: a bus trip asked with `lon` but no `lat`, or the reverse',
    },
    CITY_AREA_INVALID: {
      status: 400,
      when: 'city roads: a bbox that is not west,south,east,north in decimal degrees, or too wide',
    },
    CITY_ROADS_RATE_LIMITED: {
      status: 429,
      when: 'city roads: more than 60 boxes a minute not drawn already from one address; Retry-After says when',
    },
    ROAD_POSITION_INVALID: {
      status: 400,
      when: 'city roads: a position that is not [lon, lat] in finite numbers within range, or a bad routing option',
    },
    ROAD_POSITION_OFF_NETWORK: {
      status: 400,
      when: "city roads: a position outside the road network's area, or farther than allowed from every road",
    },
    ROAD_SEARCH_TIMEOUT: {
      status: 503,
      when: 'city roads: a road search (a recommendation, hospitals by travel time) ran longer than ROAD_SEARCH_TIMEOUT_SECONDS and was stopped; asking again may pass',
    },
    ROAD_SEARCH_FAILED: {
      status: 503,
      when: 'city roads: the worker running a road search stopped (it is started again for the next), or the server is shutting down',
    },
  }),
  create({ settings }) {
    // Road searches run in worker threads, started on the first search and ended with the instance.
    const roads = new RoadSearches(settings);
    return {
      provides: { roads },
      async routes(app) {
        await app.register(cityRoutes);
      },
      stop: () => roads.close(),
    };
  },
});

/**
 * Hanoi's wards and communes since the July 2025 reform (126 units), from the city facts the product
 * carries (apps/server/data/city/areas.json, © OpenStreetMap contributors, ODbL; codes: dvhcvn, MIT).
 * They are facts of the city, not of the demo: warnings draw a ward's outline, summaries name it.
 */

export interface Ward {
  /** Official 5-digit code. */
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  /** Simplified outline, [lon, lat] rings. */
  readonly outline: { readonly type: 'Polygon'; readonly coordinates: readonly (readonly [number, number])[][] };
}

let wards: { byCode: Map<string, Ward>; byName: Map<string, Ward> } | undefined;

function load() {
  if (!wards) {
    const file = new URL('../../../data/city/areas.json', import.meta.url);
    const units = (JSON.parse(readFileSync(file, 'utf8')) as { units: Ward[] }).units;
    wards = {
      byCode: new Map(units.map((u) => [u.code, u])),
      byName: new Map(units.map((u) => [u.name.normalize('NFC').toLowerCase(), u])),
    };
  }
  return wards;
}

/** Every ward and commune of the city. */
export function cityWards(): readonly Ward[] {
  return [...load().byCode.values()];
}

/** The ward a text names: its official code or its Vietnamese name (any case). */
export function wardOf(text: string | undefined | null): Ward | undefined {
  if (!text) return undefined;
  const { byCode, byName } = load();
  return byCode.get(text.trim()) ?? byName.get(text.trim().normalize('NFC').toLowerCase());
}
