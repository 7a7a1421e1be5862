import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problems } from '../../../platform/errors.js';
import { HORIZONS } from './predict.js';
import type { LiveVehicles } from './service.js';
import { readInstant } from '../instant.js';

/** Live buses for the operations centre: where each is on its trip, and how good the predictions are. */

const read = { access: { permission: 'transit:read' as const } };
const monitor = { access: { permission: 'transit:monitor' as const } };
const tags = ['Transit'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const VehicleSchema = Type.Object({
  id: Type.String({ description: 'The Vehicle entity id' }),
  observedAt: Type.String({ format: 'date-time', description: 'Its last accepted reading' }),
  location: Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat]' }),
  speed: Nullable(Type.Number({ description: 'km/h' })),
  heading: Nullable(Type.Number({ description: 'Degrees clockwise from north' })),
  tripId: Nullable(Type.String({ description: 'The trip it is matched to (GTFS trip_id), null: none' })),
  routeId: Nullable(Type.String()),
  startDate: Nullable(Type.String({ description: 'The service day of its trip, YYYYMMDD' })),
  distanceAlong: Nullable(Type.Number({ description: "Metres along its trip's shape" })),
  deviation: Nullable(Type.Integer({ description: 'Seconds behind the timetable (negative: ahead)' })),
  status: Nullable(
    Type.Union([Type.Literal('INCOMING_AT'), Type.Literal('STOPPED_AT'), Type.Literal('IN_TRANSIT_TO')], {
      description: 'GTFS-Realtime VehicleStopStatus, relative to `stopId`',
    }),
  ),
  stopId: Nullable(Type.String()),
  stopSequence: Nullable(Type.Integer()),
  flags: Type.Array(Type.Union([Type.Literal('off-route'), Type.Literal('stopped-too-long'), Type.Literal('silent')])),
  lastRefused: Nullable(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      reason: Type.String({ description: 'future-timestamp, gps-jump, unknown-trip or no-position' }),
    }),
  ),
});

const AccuracySchema = Type.Object({
  since: Type.String({ format: 'date-time' }),
  band: Type.String(),
  routes: Type.Array(
    Type.Object({
      routeId: Type.String(),
      horizons: Type.Array(
        Type.Object({
          horizon: Type.String({ description: 'Minutes ahead the prediction was made: 0-3, 3-6, … 20-30' }),
          scored: Type.Integer({ description: 'Predictions compared with an actual arrival' }),
          withinBand: Nullable(Type.Number({ description: 'Share within the Caltrans band, 0–1' })),
          scheduleWithinBand: Nullable(
            Type.Number({ description: 'Share the timetable alone would have had within the band, 0–1' }),
          ),
          meanAbsoluteError: Nullable(Type.Number({ description: 'Seconds' })),
        }),
      ),
    }),
  ),
});

export async function liveRoutes(fastify: FastifyInstance, { live }: { live: LiveVehicles }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/transit/vehicles',
    {
      config: read,
      schema: {
        tags,
        summary: 'Buses as matched to their trips: deviation, status at or towards a stop, flags',
        querystring: Type.Object({ route: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }),
        response: { 200: Type.Object({ vehicles: Type.Array(VehicleSchema) }) },
      },
    },
    async (request) => {
      const states = await live.vehicles(request.tenant, request.query.route);
      return {
        vehicles: states.map((v) => ({
          id: v.vehicleId,
          observedAt: v.observedAt.toISOString(),
          location: [v.lon, v.lat] as [number, number],
          speed: v.speedKmh,
          heading: v.heading,
          tripId: v.tripId,
          routeId: v.routeId,
          startDate: v.serviceDate,
          distanceAlong: v.shapeDist === null ? null : Math.round(v.shapeDist),
          deviation: v.deviationSecs,
          status: v.status,
          stopId: v.stopId,
          stopSequence: v.stopSequence,
          flags: [...v.flags],
          lastRefused:
            v.rejectedAt && v.rejectedReason ? { at: v.rejectedAt.toISOString(), reason: v.rejectedReason } : null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/transit/prediction-accuracy',
    {
      config: monitor,
      schema: {
        tags,
        summary: 'How good arrival predictions were, per route and horizon, against the timetable alone',
        description:
          'A prediction made T minutes ahead counts as accurate when −60·ln(T+1.3) < actual − predicted < 60·ln(T+1.5) ' +
          'seconds (the Caltrans band). The first prediction of each stop of each trip in each horizon is scored.',
        querystring: Type.Object({
          route: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
          since: Type.Optional(Type.String({ description: 'ISO 8601 instant; default: 24 hours ago' })),
        }),
        response: { 200: AccuracySchema },
      },
    },
    async (request) => {
      const since =
        request.query.since === undefined ? new Date(Date.now() - 86_400_000) : readInstant(request.query.since);
      if (!since) {
        throw problems.badRequest('TRANSIT_BAD_SINCE', '`since` is an ISO 8601 instant, e.g. 2026-12-04T08:00:00Z.');
      }
      const rows = await live.accuracy(request.tenant, { routeId: request.query.route, since });
      const routes = new Map<string, (typeof rows)[number][]>();
      for (const r of rows) routes.set(r.routeId, [...(routes.get(r.routeId) ?? []), r]);
      const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 1000);
      return {
        since: since.toISOString(),
        band: '−60·ln(T+1.3) < actual − predicted < 60·ln(T+1.5) seconds, T minutes ahead',
        routes: [...routes.entries()].map(([routeId, list]) => ({
          routeId,
          horizons: HORIZONS.flatMap((h) => {
            const r = list.find((x) => x.horizon === h.name);
            if (!r) return [];
            return [
              {
                horizon: h.name,
                scored: r.scored,
                withinBand: share(r.withinBand, r.scored),
                scheduleWithinBand: share(r.baselineWithinBand, r.scored),
                meanAbsoluteError: r.scored === 0 ? null : Math.round(r.meanAbsErrorSecs),
              },
            ];
          }),
        })),
      };
    },
  );
}
