import { Counter } from 'prom-client';
import { defineErrors } from '../../platform/errors.js';
import { defineModule } from '../../platform/modules.js';
import { alarmsModule } from '../alarms/index.js';
import { liveRoutes } from './live/routes.js';
import { liveFeedSource, LiveVehicles } from './live/service.js';
import { realtimeRoutes } from './realtime/index.js';
import { transitRoutes } from './routes.js';
import { TransitService } from './service.js';

/**
 * Public transport: GTFS Schedule feeds imported as versions per tenant (a zip, a folder or a URL),
 * checked whole before anything changes, and the current version's routes and stops; the live buses
 * matched to their trips with predictions of the stops ahead (`live`, a LivePredictions); and the
 * GTFS-Realtime feeds made from them.
 */
export type { FeedIssue, FeedVersion, TransitRoute, TransitStop, StopDetail } from './model.js';
export { TransitService, KEPT_VERSIONS } from './service.js';
export { LiveVehicles, LIVE_WITHIN_MS, SILENT_AFTER_MS } from './live/service.js';
export type { LivePredictions, StopPrediction } from './live/service.js';
export type { VehicleFlag, VehicleReading, VehicleState } from './live/matcher.js';
export { withinCaltransBand, HORIZONS } from './live/predict.js';
export { tripUpdatesPublisher, vehiclePositionsPublisher } from './realtime/index.js';
export { filesOf as feedFilesOf, filesOfZip as feedFilesOfZip } from './source.js';

export const transitModule = defineModule({
  name: 'transit',
  permissions: {
    // Riders read the schedule: AUTH_ANONYMOUS_READ=transit opens it to them without logging in.
    'transit:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
    // Replacing the city's schedule is an administrator's act.
    'transit:manage': ['admin'],
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
    TRANSIT_BAD_SINCE: { status: 400, when: 'transit: `since` of prediction accuracy is not an ISO 8601 instant' },
  }),
  // Buses off their route, standing too long or silent raise alarms.
  needs: { alarms: alarmsModule },
  create({ db, log, broker, needs }) {
    const transit = new TransitService(db, log);
    let refused: Counter<'reason'> | undefined;
    const live = new LiveVehicles({
      db,
      log,
      context: broker.service,
      resolver: broker.resolver,
      alarms: needs.alarms,
      onRefused: (reason) => refused?.inc({ reason }),
    });
    // prettier-ignore
    const source = liveFeedSource(live, {
      alerts: async () => [] // MERGE: service alerts from modules/transit/alerts
    });
    return {
      provides: Object.assign(transit, { live }),
      async routes(app) {
        await app.register(transitRoutes, { transit });
        await app.register(liveRoutes, { live });
        await app.register(realtimeRoutes, { source });
      },
      // Matching buses to their trips as their readings arrive.
      consumers: [live.consumer],
      jobs: live.jobs,
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
