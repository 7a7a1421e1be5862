import { Type } from 'typebox';
import { DateTime, List, Nullable } from '../../platform/http/schemas.js';
import { FEED_STATUSES } from './model.js';

/** Transit as the API sends it (the shapes of model.ts, dates as ISO 8601 strings). */

const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });

export const FeedIssueSchema = Type.Object({
  severity: Type.Enum(['error', 'warning']),
  file: Type.String({ description: 'The feed file, e.g. stop_times.txt' }),
  line: Type.Optional(Type.Integer({ minimum: 1, description: 'Line in the file; 1 is the header' })),
  field: Type.Optional(Type.String({ description: 'The column' })),
  message: Type.String(),
});

export const FeedCountsSchema = Type.Object({
  agencies: Count(),
  routes: Count(),
  stops: Count(),
  trips: Count(),
  stopTimes: Count(),
  calendars: Count(),
  calendarDates: Count(),
  shapes: Count('Distinct shape_id'),
  shapePoints: Count(),
  frequencies: Count(),
  transfers: Count(),
  fareAttributes: Count(),
  fareRules: Count(),
});

export const FeedVersionSchema = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  status: Type.Enum(FEED_STATUSES, {
    description: 'importing, current (the one served), previous (kept, replaced) or failed (refused; see errors)',
  }),
  source: Type.String({ description: 'A file name, folder, URL or "upload"' }),
  importedAt: DateTime(),
  importedBy: Nullable(Type.String()),
  currentSince: Nullable(DateTime('When it became current')),
  timezone: Nullable(Type.String({ description: "The agencies' IANA time zone" })),
  counts: Nullable(FeedCountsSchema),
  errors: List(FeedIssueSchema),
  warnings: List(FeedIssueSchema),
});

export const FeedVersionListSchema = Type.Object({
  versions: List(FeedVersionSchema, { description: 'Newest first' }),
  count: Count('Versions kept, over every page'),
});

export const RouteSchema = Type.Object({
  id: Type.String(),
  agencyId: Nullable(Type.String()),
  shortName: Nullable(Type.String()),
  longName: Nullable(Type.String()),
  description: Nullable(Type.String()),
  type: Type.Integer({ description: 'GTFS route_type: 3 bus, 0 tram/light rail, 1 metro, 2 rail, 11 trolleybus…' }),
  color: Nullable(Type.String({ description: '6 hexadecimal digits' })),
  textColor: Nullable(Type.String()),
  trips: Count('Trips of the route in the current version'),
});

export const RouteListSchema = Type.Object({
  routes: List(RouteSchema),
  count: Count('Routes matching, over every page'),
});

const stopFields = {
  id: Type.String(),
  code: Nullable(Type.String()),
  name: Nullable(Type.String()),
  description: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  locationType: Type.Integer({
    minimum: 0,
    maximum: 4,
    description: '0 stop or platform, 1 station, 2 entrance/exit, 3 generic node, 4 boarding area',
  }),
  parentStation: Nullable(Type.String()),
  zoneId: Nullable(Type.String()),
  wheelchairBoarding: Nullable(Type.Integer()),
  platformCode: Nullable(Type.String()),
};

export const StopSchema = Type.Object({
  ...stopFields,
  distance: Type.Optional(Type.Number({ description: 'Metres from the point asked about (near=)' })),
});

export const StopListSchema = Type.Object({
  stops: List(StopSchema),
  count: Count('Stops matching, over every page'),
});

export const StopDetailSchema = Type.Object({
  ...stopFields,
  children: List(Type.String(), { description: 'Stops whose parent station this is' }),
  routes: List(
    Type.Object({ id: Type.String(), shortName: Nullable(Type.String()), longName: Nullable(Type.String()) }),
    { description: 'Routes calling here (or at its platforms)' },
  ),
});
