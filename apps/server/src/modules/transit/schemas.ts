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

export const RoadShapesSchema = Type.Object(
  {
    status: Type.Enum(['built', 'unneeded', 'outside', 'off'], {
      description:
        "built: trips were given shapes along the roads; unneeded: every trip had a detailed shape; outside: those needing one have stops outside the road graph's area (shapes as given); off: the import asked for none",
    }),
    built: Count('Shapes built along the roads, one per distinct stop sequence'),
    trips: Count('Trips given one'),
    kept: Count("The feed's own detailed shapes kept"),
    replaced: Count("The feed's straight stop-to-stop shapes no trip uses any more, left out"),
    outside: Count("Stop sequences left as they were: a stop outside the road graph's area or without a position"),
    legs: Count('Legs (stop to next stop) of the built shapes'),
    straightLegs: Count('Legs the roads could not join, drawn straight'),
    farLegs: Type.Optional(
      Count('Of the straight legs, those whose stops are more than 20 km apart: not routed (absent on older versions)'),
    ),
    overBudget: Type.Optional(
      Count("Stop sequences left as given: the import's routing budget was spent (absent on older versions)"),
    ),
  },
  { description: "What the import did to the feed's shapes" },
);

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
  roadShapes: Nullable(RoadShapesSchema),
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

export const StopGridSchema = Type.Object(
  {
    bbox: Nullable(
      Type.Array(Type.Number(), {
        minItems: 4,
        maxItems: 4,
        description: 'west,south,east,north of the stops counted (null: none)',
      }),
    ),
    cells: List(
      Type.Object({
        lon: Type.Number({ description: 'Mean longitude of the cell’s stops' }),
        lat: Type.Number({ description: 'Mean latitude of the cell’s stops' }),
        count: Type.Integer({ minimum: 1, description: 'Stops in the cell' }),
      }),
    ),
    stops: Type.Integer({ minimum: 0, description: 'Stops counted, over every cell' }),
  },
  { description: 'Every stop of the current schedule in a box, as a grid of cells: at most cells × cells of them' },
);

export const StopDetailSchema = Type.Object({
  ...stopFields,
  children: List(Type.String(), { description: 'Stops whose parent station this is' }),
  routes: List(
    Type.Object({ id: Type.String(), shortName: Nullable(Type.String()), longName: Nullable(Type.String()) }),
    { description: 'Routes calling here (or at its platforms)' },
  ),
});

const RouteBriefSchema = Type.Object({
  id: Type.String(),
  shortName: Nullable(Type.String()),
  longName: Nullable(Type.String()),
  color: Nullable(Type.String({ description: '6 hexadecimal digits' })),
  textColor: Nullable(Type.String()),
  type: Type.Integer({ description: 'GTFS route_type' }),
});

const ServiceDaySchema = (description: string) => Type.String({ pattern: '^\\d{8}$', description });

export const DepartureSchema = Type.Object({
  tripId: Type.String(),
  startDate: ServiceDaySchema('The service day, YYYYMMDD (a trip after midnight belongs to the day before)'),
  startTime: Nullable(Type.String({ description: "A trip run by frequencies: this run's start, HH:MM:SS" })),
  stopId: Type.String({ description: 'The stop, or the platform of the station asked about' }),
  stopSequence: Type.Integer({ minimum: 0 }),
  route: RouteBriefSchema,
  headsign: Nullable(Type.String()),
  directionId: Nullable(Type.Integer()),
  scheduled: DateTime("The timetable's departure (arrival where the trip ends)"),
  live: Type.Boolean({ description: 'Whether a live prediction gives predicted and delaySeconds' }),
  predicted: Nullable(DateTime('The predicted departure, when live')),
  delaySeconds: Nullable(Type.Integer({ description: 'Seconds late (negative: early), when live' })),
  vehicleId: Nullable(Type.String()),
  terminates: Type.Boolean({ description: 'The trip ends here' }),
  headwaySeconds: Nullable(
    Type.Integer({ description: 'A headway-based trip (frequencies, exact_times 0): the time is an estimate' }),
  ),
});

export const DepartureBoardSchema = Type.Object({
  stopId: Type.String(),
  from: DateTime(),
  until: DateTime(),
  timezone: Type.String({ description: "The agency's IANA time zone (the timetable's clock)" }),
  departures: List(DepartureSchema, { description: 'Soonest first (predicted time where live)' }),
});

const Coordinates = List(Type.Tuple([Type.Number(), Type.Number()]), { description: '[lon, lat] in order' });

export const TripDetailSchema = Type.Object({
  id: Type.String(),
  route: RouteBriefSchema,
  serviceId: Type.String(),
  headsign: Nullable(Type.String()),
  directionId: Nullable(Type.Integer()),
  blockId: Nullable(Type.String()),
  shapeId: Nullable(Type.String()),
  startDate: ServiceDaySchema('The service day the instants are of, YYYYMMDD'),
  runs: Type.Boolean({ description: 'Whether the trip runs on that day (instants are null when it does not)' }),
  timezone: Type.String(),
  frequencies: List(
    Type.Object({
      startTime: Type.String(),
      endTime: Type.String(),
      headwaySeconds: Type.Integer(),
      exactTimes: Type.Boolean(),
    }),
    { description: 'Runs of a trip by frequencies; the stop times are then those of a run starting at the first one' },
  ),
  stopTimes: List(
    Type.Object({
      stopSequence: Type.Integer(),
      stopId: Type.String(),
      stopName: Nullable(Type.String()),
      lon: Nullable(Type.Number()),
      lat: Nullable(Type.Number()),
      arrivalTime: Type.String({ description: 'HH:MM:SS of the service day (may pass 24:00:00)' }),
      departureTime: Type.String(),
      interpolated: Type.Boolean({ description: 'The feed gave no time here; it is interpolated' }),
      arrival: Nullable(DateTime()),
      departure: Nullable(DateTime()),
    }),
  ),
  shape: Nullable(Coordinates),
});

export const RouteDetailSchema = Type.Object({
  ...RouteSchema.properties,
  timezone: Type.String(),
  directions: List(
    Type.Object({
      directionId: Nullable(Type.Integer()),
      headsign: Nullable(Type.String({ description: 'The most common headsign' })),
      trips: Count(),
      stops: List(
        Type.Object({
          id: Type.String(),
          name: Nullable(Type.String()),
          lon: Nullable(Type.Number()),
          lat: Nullable(Type.Number()),
        }),
        { description: "In order, of the direction's longest trip" },
      ),
      shape: Nullable(Coordinates),
    }),
  ),
});
