import { Counter } from 'prom-client';
import { defineErrors } from '../../platform/errors.js';
import { defineModule } from '../../platform/modules.js';
import { alertRoutes } from './alerts/routes.js';
import { ServiceAlerts } from './alerts/service.js';
import { alarmsModule } from '../alarms/index.js';
import { liveRoutes } from './live/routes.js';
import { liveFeedSource, LiveVehicles } from './live/service.js';
import { realtimeRoutes } from './realtime/index.js';
import { performanceRoutes } from './performance/routes.js';
import { TransitPerformance } from './performance/service.js';
import { transitRoutes } from './routes.js';
import { TransitService } from './service.js';
import { VehiclePositionIntake } from './vehicle-feeds/intake.js';
import { vehicleFeedRoutes } from './vehicle-feeds/routes.js';
import { VehicleFeeds } from './vehicle-feeds/service.js';

/**
 * Public transport: GTFS Schedule feeds imported as versions per tenant (a zip, a folder or a URL),
 * checked whole before anything changes, and the current version's routes, stops, trips and departures;
 * the live buses matched to their trips with predictions of the stops ahead (live/); service alerts
 * operators write for riders (alerts/); operators' GTFS-Realtime VehiclePositions, pushed or polled,
 * taken in as Vehicle entities (vehicle-feeds/); the GTFS-Realtime feeds made from them (realtime/);
 * punctuality for the operations centre (performance/).
 */
export type { DepartureBoard, DepartureQuery } from './timetable.js';
export type {
  Departure,
  FeedIssue,
  FeedVersion,
  LivePredictions,
  RouteDetail,
  StopPrediction,
  TransitRoute,
  TransitStop,
  StopDetail,
  TripDetail,
} from './model.js';
export { TransitService, KEPT_VERSIONS } from './service.js';
export { LiveVehicles, LIVE_WITHIN_MS, SILENT_AFTER_MS } from './live/service.js';
export type { VehicleFlag, VehicleReading, VehicleState } from './live/matcher.js';
export { withinCaltransBand, HORIZONS } from './live/predict.js';
export { tripUpdatesPublisher, vehiclePositionsPublisher } from './realtime/index.js';
export { describeRoadShapes } from './road-shapes.js';
export { filesOf as feedFilesOf, filesOfZip as feedFilesOfZip } from './source.js';
export { ServiceAlerts } from './alerts/service.js';
export type { AlertDraft, AlertEntity, AlertState, ServiceAlert } from './alerts/model.js';
export { VehicleFeeds, type VehicleFeed, type VehicleFeedRequest } from './vehicle-feeds/service.js';
export { vehicleEntityId, VehiclePositionIntake, type IntakeOutcome } from './vehicle-feeds/intake.js';
export {
  decodeFeedMessage,
  readingsOf,
  type DecodedFeed,
  type VehicleReading as FeedVehicleReading,
} from './vehicle-feeds/decode.js';

/** What the transit module provides: the schedule, service alerts, vehicle feeds and the live buses. */
export type Transit = TransitService & {
  readonly alerts: ServiceAlerts;
  readonly vehicleFeeds: VehicleFeeds;
  readonly live: LiveVehicles;
};

export const transitModule = defineModule({
  name: 'transit',
  permissions: {
    // The timetable's reads are public (routes.ts says why); this is for the operator's views of the network.
    'transit:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
    // Replacing the city's schedule, and choosing the feeds polled for vehicles, are an administrator's acts.
    'transit:manage': ['admin'],
    // Operators (and dispatchers, who hear of incidents first) tell riders of disruptions.
    'transit:alerts': ['admin', 'operator', 'dispatcher'],
    // Pushing vehicle positions: an operator's AVL system, with an API key of one of these roles.
    'transit:feed': ['admin', 'operator'],
    // The operations centre watches how well the service and its predictions keep time.
    'transit:monitor': ['admin', 'operator', 'dispatcher'],
  },
  errors: defineErrors({
    TRANSIT_FEED_INVALID: {
      status: 422,
      when: 'transit: a GTFS feed has errors (each listed in `errors` with its file, line and field); nothing changed',
    },
    TRANSIT_FEED_UNREADABLE: {
      status: 400,
      when: 'transit: a GTFS feed is not a zip (or folder) of UTF-8 files, is too large, or could not be fetched',
    },
    TRANSIT_BAD_AREA: { status: 400, when: 'transit: `near`, `radius` or `bbox` of a stop search is malformed' },
    TRANSIT_ALERT_INVALID: {
      status: 422,
      when: 'transit: a service alert has an active period ending before it starts, shorter than a minute or outside 2000–2100 (`field` names it), or an informed entity naming nothing (or a direction without a route, a malformed trip start)',
    },
    TRANSIT_ALERT_TOO_MANY: {
      status: 409,
      when: 'transit: a new service alert while the tenant holds 200 in force, ahead or in draft',
    },
    TRANSIT_ALERT_UNKNOWN_ENTITY: {
      status: 422,
      when: 'transit: a service alert names routes, stops, trips or agencies not in the current schedule (each listed in `unknown`); nothing saved',
    },
    TRANSIT_ALERT_WITHDRAWN: { status: 409, when: 'transit: editing or deleting a service alert that was withdrawn' },
    TRANSIT_ALERT_PUBLISHED: {
      status: 409,
      when: 'transit: making a published service alert a draft again, or deleting it (riders saw it: withdraw it instead)',
    },
    TRANSIT_ALERT_CHANGED: {
      status: 412,
      when: 'transit: editing a service alert with an If-Match that is not its current version',
    },
    TRANSIT_VEHICLE_FEED_UNDECODABLE: {
      status: 400,
      when: 'transit: a pushed VehiclePositions body is not a GTFS-Realtime FeedMessage (protobuf); nothing taken in',
    },
    TRANSIT_STOP_TOO_BUSY: {
      status: 503,
      when: 'transit: a station whose platforms the schedule calls at more than 50,000 times: its departures board is not made',
    },
    TRANSIT_BOARDS_BUSY: {
      status: 503,
      when: 'transit: more than 16 stops wait to have their calls read for a first departures board; try again in a few seconds (Retry-After)',
    },
    TRANSIT_VEHICLE_FEED_TOO_LARGE: {
      status: 413,
      when: 'transit: a VehiclePositions feed holds more than 10,000 entities; nothing taken in',
    },
    TRANSIT_VEHICLE_FEED_INVALID: {
      status: 422,
      when: 'transit: a vehicle feed to poll has a malformed URL, interval, scope or headers, or the tenant has too many',
    },
    TRANSIT_VEHICLE_FEED_REFUSED: {
      status: 422,
      when: 'transit: a vehicle feed URL the outbound guard refuses (an internal address not in OUTBOUND_ALLOW)',
    },
    TRANSIT_BAD_TIME: {
      status: 400,
      when: 'transit: `from` of a departures board is not an ISO 8601 instant (or names a day or time that does not exist), or `date` of a trip is not a YYYYMMDD day',
    },
    TRANSIT_BAD_SINCE: { status: 400, when: 'transit: `since` of prediction accuracy is not an ISO 8601 instant' },
    TRANSIT_BAD_WINDOW: { status: 400, when: 'transit: `hours` of a punctuality window is not above 0 and at most 24' },
  }),
  // Buses off their route, standing too long or silent raise alarms.
  needs: { alarms: alarmsModule },
  create({ db, log, broker, needs }) {
    let refused: Counter<'reason'> | undefined;
    const live = new LiveVehicles({
      db,
      log,
      context: broker.service,
      resolver: broker.resolver,
      alarms: needs.alarms,
      onRefused: (reason) => refused?.inc({ reason }),
    });
    const transit = new TransitService(db, log, { live });
    const performance = new TransitPerformance(db);
    const alerts = new ServiceAlerts(db);
    const vehicleFeeds = new VehicleFeeds({
      db,
      log,
      outbound: broker.outbound,
      intake: new VehiclePositionIntake(db, broker),
    });
    const source = liveFeedSource(live, { alerts: (tenant) => alerts.active(tenant, new Date()) });
    // One object for those who used the schedule service before alerts, feeds and live buses came.
    const provides: Transit = Object.assign(transit, { alerts, vehicleFeeds, live });
    return {
      provides,
      async routes(app) {
        await app.register(transitRoutes, { transit });
        await app.register(alertRoutes, { alerts });
        await app.register(vehicleFeedRoutes, { feeds: vehicleFeeds });
        await app.register(liveRoutes, { live });
        await app.register(realtimeRoutes, { source });
        await app.register(performanceRoutes, { performance });
      },
      // Matching buses to their trips as their readings arrive.
      consumers: [live.consumer],
      jobs: [
        ...live.jobs,
        { name: 'poll-vehicle-feeds', everyMs: 5_000, run: async () => void (await vehicleFeeds.pollDue()) },
      ],
      metrics(registry) {
        refused = new Counter({
          name: 'thanglong_transit_readings_refused_total',
          help: 'Bus readings the matcher refused, by reason (future-timestamp, gps-jump, unknown-trip, no-position)',
          labelNames: ['reason'] as const,
          registers: [registry],
        });
      },
      // Predictions waiting to be kept for scoring are written before the database closes.
      stop: () => live.flushKept(),
    };
  },
});
