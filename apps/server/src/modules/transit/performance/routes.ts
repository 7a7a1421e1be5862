import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DateTime, List } from '../../../platform/http/schemas.js';
import { MAX_HOURS, type TransitPerformance } from './service.js';

/** Punctuality for the operations centre: per route and hour, and a route's timeline. */

const read = { access: { permission: 'transit:read' as const } };
const tags = ['Transit'];
const Hours = (fallback: number) =>
  Type.Number({
    exclusiveMinimum: 0,
    maximum: MAX_HOURS,
    default: fallback,
    description: `How many hours back from now (at most ${MAX_HOURS})`,
  });
const Instant = DateTime();
const Counts = {
  stops: Type.Integer({ description: 'Stops served (each bus at each stop)' }),
  onTime: Type.Integer({ description: 'Served within the on-time window' }),
  early: Type.Integer(),
  late: Type.Integer(),
  meanDeviationSeconds: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Mean seconds from the timetable at departure (negative: early)',
  }),
};

const PunctualitySchema = Type.Object({
  from: Instant,
  until: Instant,
  timezone: Type.Union([Type.String(), Type.Null()], { description: "The agency's time zone; hours are its hours" }),
  onTimeWindow: Type.Object({ earlySeconds: Type.Integer(), lateSeconds: Type.Integer() }),
  routes: List(
    Type.Object({
      routeId: Type.String(),
      shortName: Type.Union([Type.String(), Type.Null()]),
      longName: Type.Union([Type.String(), Type.Null()]),
      colour: Type.Union([Type.String(), Type.Null()]),
      ...Counts,
      onTimeShare: Type.Union([Type.Number(), Type.Null()]),
      headways: Type.Object(
        {
          pairs: Type.Integer({ description: 'Buses one after another at a stop, scheduled 2 min or more apart' }),
          bunched: Type.Integer({ description: 'Came less than half the scheduled headway after the one before' }),
          gaps: Type.Integer({ description: 'Came more than 1.5 times the scheduled headway after the one before' }),
        },
        { description: 'Bunching and gaps' },
      ),
      hours: List(Type.Object({ hour: Instant, ...Counts })),
    }),
    { description: 'The least punctual routes first' },
  ),
});

const TimelineSchema = Type.Object({
  routeId: Type.String(),
  direction: Type.Integer(),
  from: Instant,
  until: Instant,
  timezone: Type.Union([Type.String(), Type.Null()]),
  stops: List(
    Type.Object({
      stopId: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      distance: Type.Number({ description: "Metres along the direction's longest trip" }),
    }),
  ),
  trips: List(
    Type.Object({
      tripId: Type.String(),
      serviceDate: Type.String({ description: 'YYYYMMDD' }),
      startTime: Type.Optional(
        Type.String({ description: 'HH:MM:SS: which run of a trip by frequencies (its runs share the trip id)' }),
      ),
      vehicleId: Type.String(),
      points: List(
        Type.Object({
          stopSequence: Type.Integer(),
          stopId: Type.String(),
          distance: Type.Union([Type.Number(), Type.Null()]),
          arrived: Type.Union([Instant, Type.Null()]),
          departed: Type.Union([Instant, Type.Null()]),
          scheduledArrival: Instant,
          scheduledDeparture: Instant,
        }),
      ),
    }),
  ),
  truncated: Type.Boolean(),
});

export async function performanceRoutes(
  fastify: FastifyInstance,
  { performance }: { performance: TransitPerformance },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/transit/punctuality',
    {
      config: read,
      schema: {
        summary: 'Punctuality per route and hour, with bunching and gaps (on time: 1 min early to 5 min late)',
        tags,
        querystring: Type.Object({ hours: Hours(3) }),
        response: { 200: PunctualitySchema },
      },
    },
    async (request) => performance.punctuality(request.tenant, { hours: request.query.hours }),
  );
  app.get(
    '/api/v1/transit/routes/:id/timeline',
    {
      config: read,
      schema: {
        summary: "A route direction's timeline (string-line diagram): its buses at its stops, as run and scheduled",
        tags,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) }),
        querystring: Type.Object({
          direction: Type.Union([Type.Literal(0), Type.Literal(1)], { default: 0 }),
          hours: Hours(3),
        }),
        response: { 200: TimelineSchema },
      },
    },
    async (request) =>
      performance.timeline(request.tenant, request.params.id, {
        direction: request.query.direction,
        hours: request.query.hours,
      }),
  );
}
