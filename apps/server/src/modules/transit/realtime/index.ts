/**
 * GTFS-Realtime 2.0 publishing for the transit module: the plain inputs, the feeds built from them,
 * and the routes serving them from a source the module provides.
 */
export type {
  Bilingual,
  FeedKind,
  InformedEntityInput,
  RealtimeSource,
  ServiceAlertInput,
  StopTimeEventInput,
  StopTimeUpdateInput,
  TripRef,
  TripUpdateInput,
  VehiclePositionInput,
  VehicleRef,
} from './model.js';
export { GTFS_REALTIME_VERSION, MAX_AGE_SECONDS } from './build.js';
export {
  FeedPublisher,
  serviceAlertsPublisher,
  tripUpdatesPublisher,
  vehiclePositionsPublisher,
  type FeedFormat,
  type FeedResponse,
  type PublishedFeed,
} from './publisher.js';
export { RealtimeFeeds, type RealtimeFeedsOptions } from './feeds.js';
export { realtimeRoutes, type RealtimeRoutesOptions } from './routes.js';
