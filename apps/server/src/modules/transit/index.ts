import { defineErrors } from '../../platform/errors.js';
import { defineModule } from '../../platform/modules.js';
import { performanceRoutes } from './performance/routes.js';
import { TransitPerformance } from './performance/service.js';
import { transitRoutes } from './routes.js';
import { TransitService } from './service.js';

/**
 * Public transport schedules: GTFS Schedule feeds imported as versions per tenant (a zip, a folder or
 * a URL), checked whole before anything changes, and the current version's routes and stops.
 */
export type { FeedIssue, FeedVersion, TransitRoute, TransitStop, StopDetail } from './model.js';
export { TransitService, KEPT_VERSIONS } from './service.js';
export { filesOf as feedFilesOf, filesOfZip as feedFilesOfZip } from './source.js';

export const transitModule = defineModule({
  name: 'transit',
  permissions: {
    // Riders read the schedule: AUTH_ANONYMOUS_READ=transit opens it to them without logging in.
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
    TRANSIT_BAD_WINDOW: { status: 400, when: 'transit: `hours` of a punctuality window is not above 0 and at most 24' },
  }),
  create({ db, log }) {
    const transit = new TransitService(db, log);
    const performance = new TransitPerformance(db);
    return {
      provides: transit,
      async routes(app) {
        await app.register(transitRoutes, { transit });
        await app.register(performanceRoutes, { performance });
      },
    };
  },
});
