import { defineErrors } from '../../platform/errors.js';
import { defineModule } from '../../platform/modules.js';
import { transitRoutes } from './routes.js';
import { TransitService } from './service.js';

/**
 * Public transport schedules: GTFS Schedule feeds imported as versions per tenant (a zip, a folder or
 * a URL), checked whole before anything changes, and the current version's routes and stops.
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

export const transitModule = defineModule({
  name: 'transit',
  permissions: {
    // The timetable's reads are public (routes.ts says why); this is for the operator's views of the network.
    'transit:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
    // Replacing the city's schedule is an administrator's act.
    'transit:manage': ['admin'],
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
    TRANSIT_BAD_TIME: {
      status: 400,
      when: 'transit: `from` of a departures board is not an ISO 8601 instant, or `date` of a trip is not a YYYYMMDD day',
    },
  }),
  create({ db, log }) {
    const transit = new TransitService(db, log, { live: undefined }); // MERGE: live predictions from modules/transit/live
    return {
      provides: transit,
      async routes(app) {
        await app.register(transitRoutes, { transit });
      },
    };
  },
});
