import { defineErrors } from '../../platform/errors.js';
import { defineModule } from '../../platform/modules.js';
import { alertRoutes } from './alerts/routes.js';
import { ServiceAlerts } from './alerts/service.js';
import { transitRoutes } from './routes.js';
import { TransitService } from './service.js';
import { VehiclePositionIntake } from './vehicle-feeds/intake.js';
import { vehicleFeedRoutes } from './vehicle-feeds/routes.js';
import { VehicleFeeds } from './vehicle-feeds/service.js';

/**
 * Public transport schedules: GTFS Schedule feeds imported as versions per tenant (a zip, a folder or
 * a URL), checked whole before anything changes, and the current version's routes and stops; service
 * alerts operators write for riders (alerts/); operators' GTFS-Realtime VehiclePositions, pushed or
 * polled, taken in as Vehicle entities (vehicle-feeds/).
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
export { filesOf as feedFilesOf, filesOfZip as feedFilesOfZip } from './source.js';
export { ServiceAlerts } from './alerts/service.js';
export type { AlertDraft, AlertEntity, AlertState, ServiceAlert } from './alerts/model.js';
export { VehicleFeeds, type VehicleFeed, type VehicleFeedRequest } from './vehicle-feeds/service.js';
export { vehicleEntityId, VehiclePositionIntake, type IntakeOutcome } from './vehicle-feeds/intake.js';
export { decodeFeedMessage, readingsOf, type DecodedFeed, type VehicleReading } from './vehicle-feeds/decode.js';

/** What the transit module provides: the schedule, operators' service alerts, and operators' vehicle feeds. */
export type Transit = TransitService & { readonly alerts: ServiceAlerts; readonly vehicleFeeds: VehicleFeeds };

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
      when: 'transit: a service alert has an active period ending before it starts, or an informed entity naming nothing (or a direction without a route, a malformed trip start)',
    },
    TRANSIT_ALERT_UNKNOWN_ENTITY: {
      status: 422,
      when: 'transit: a service alert names routes, stops, trips or agencies not in the current schedule (each listed in `unknown`); nothing saved',
    },
    TRANSIT_ALERT_WITHDRAWN: { status: 409, when: 'transit: editing a service alert that was withdrawn' },
    TRANSIT_ALERT_CHANGED: {
      status: 412,
      when: 'transit: editing a service alert with an If-Match that is not its current version',
    },
    TRANSIT_VEHICLE_FEED_UNDECODABLE: {
      status: 400,
      when: 'transit: a pushed VehiclePositions body is not a GTFS-Realtime FeedMessage (protobuf); nothing taken in',
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
      when: 'transit: `from` of a departures board is not an ISO 8601 instant, or `date` of a trip is not a YYYYMMDD day',
    },
  }),
  create({ db, log, broker }) {
    const transit = new TransitService(db, log, { live: undefined }); // MERGE: live predictions from modules/transit/live
    const alerts = new ServiceAlerts(db);
    const vehicleFeeds = new VehicleFeeds({
      db,
      log,
      outbound: broker.outbound,
      intake: new VehiclePositionIntake(db, broker),
    });
    // One object for those who used the schedule service before alerts and feeds came.
    const provides: Transit = Object.assign(transit, { alerts, vehicleFeeds });
    return {
      provides,
      async routes(app) {
        await app.register(transitRoutes, { transit });
        await app.register(alertRoutes, { alerts });
        await app.register(vehicleFeedRoutes, { feeds: vehicleFeeds });
      },
      jobs: [{ name: 'poll-vehicle-feeds', everyMs: 5_000, run: async () => void (await vehicleFeeds.pollDue()) }],
    };
  },
});
