import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../../platform/auth/index.js';
import { AppError } from '../../../platform/errors.js';
import { DateTime, List, NoContent, Nullable } from '../../../platform/http/schemas.js';
import { MAX_FEED_BYTES, MIN_INTERVAL_SECONDS, type VehicleFeeds } from './service.js';

/** GTFS-Realtime VehiclePositions from operators' AVL systems: pushed (transit:feed) or polled (transit:manage). */

const feed = { access: { permission: 'transit:feed' as const } };
const manage = { access: { permission: 'transit:manage' as const } };
const tags = ['Transit'];
const PROTOBUF_TYPES = ['application/x-protobuf', 'application/protobuf', 'application/octet-stream'];
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Scope = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,40}$',
  description: 'Whose vehicles: entity ids are urn:ngsi-ld:Vehicle:<scope>:<vehicle id> (default gtfsrt)',
});

const IntakeSchema = Type.Object({
  entities: Type.Integer({ minimum: 0, description: 'Entities in the feed' }),
  accepted: Type.Integer({ minimum: 0, description: 'Vehicles taken in' }),
  rejected: List(
    Type.Object({
      index: Type.Integer({ minimum: 0, description: 'The entity in the feed, from 0' }),
      id: Type.Optional(Type.String({ description: "The entity's id" })),
      reason: Type.String(),
    }),
  ),
});

const VehicleFeedSchema = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'Its password and credential-like query values masked' }),
  scope: Type.String(),
  intervalSeconds: Type.Integer(),
  headers: Type.Record(Type.String(), Type.String(), { description: 'Header names; values masked' }),
  createdAt: DateTime(),
  createdBy: Nullable(Type.String()),
  status: Type.Object({
    nextFetchAt: DateTime(),
    lastAttemptAt: Nullable(DateTime()),
    lastSuccessAt: Nullable(DateTime()),
    lastError: Nullable(Type.String()),
    lastErrorAt: Nullable(DateTime()),
    failures: Type.Integer({ minimum: 0, description: 'Since the last success; the wait doubles with each' }),
    entities: Nullable(Type.Integer(), 'Of the last successful fetch: entities in the feed'),
    accepted: Nullable(Type.Integer(), 'Of the last successful fetch: vehicles taken in'),
    rejected: Nullable(Type.Integer(), 'Of the last successful fetch: entities set aside'),
  }),
});

export async function vehicleFeedRoutes(fastify: FastifyInstance, { feeds }: { feeds: VehicleFeeds }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The FeedMessage's bytes, for this route family only.
  app.addContentTypeParser(PROTOBUF_TYPES, { parseAs: 'buffer', bodyLimit: MAX_FEED_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/api/v1/transit/vehicle-positions',
    {
      config: feed,
      bodyLimit: MAX_FEED_BYTES,
      schema: {
        tags,
        summary: "Push an operator's GTFS-Realtime VehiclePositions (a FeedMessage, application/x-protobuf)",
        description:
          'Each vehicle becomes (or updates) the Vehicle entity urn:ngsi-ld:Vehicle:<scope>:<vehicle id>. A body that ' +
          'does not decode is refused whole (400). An entity without a vehicle id or a position, or stamped more ' +
          'than 60 s ahead, is set aside and listed in `rejected`; the others are taken in. A report older than the ' +
          `vehicle's current one goes to history only. At most ${MAX_FEED_BYTES / 1024 / 1024} MB.`,
        querystring: Type.Object({ scope: Type.Optional(Scope) }),
        body: {
          content: Object.fromEntries(
            PROTOBUF_TYPES.map((type) => [type, { schema: { description: 'A GTFS-Realtime FeedMessage' } }]),
          ),
        },
        response: { 200: IntakeSchema },
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) {
        throw new AppError(
          'TRANSIT_VEHICLE_FEED_UNDECODABLE',
          400,
          'Send the FeedMessage as protobuf: content-type application/x-protobuf.',
        );
      }
      return feeds.push(
        request.tenant,
        request.query.scope,
        new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      );
    },
  );

  app.post(
    '/api/v1/transit/vehicle-feeds',
    {
      config: manage,
      schema: {
        tags,
        summary: "Poll an operator's GTFS-Realtime VehiclePositions feed by its URL",
        description:
          'The URL is fetched through the outbound guard (internal addresses only when OUTBOUND_ALLOW names them: ' +
          '422 otherwise) every intervalSeconds by the worker, waiting longer after each failure.',
        body: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2000 }),
            intervalSeconds: Type.Integer({ minimum: MIN_INTERVAL_SECONDS, maximum: 86_400 }),
            headers: Type.Optional(
              Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 4000 }), {
                description: 'Sent with each fetch (e.g. an API key); never shown again',
              }),
            ),
            scope: Type.Optional(Scope),
          },
          { additionalProperties: false },
        ),
        response: { 201: VehicleFeedSchema },
      },
    },
    async (request, reply) => {
      const created = await feeds.register(request.tenant, request.body, principalOf(request).name);
      return reply.code(201).header('location', `/api/v1/transit/vehicle-feeds/${created.id}`).send(created);
    },
  );

  app.get(
    '/api/v1/transit/vehicle-feeds',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The VehiclePositions feeds polled, with how their last fetches went',
        response: { 200: Type.Object({ feeds: List(VehicleFeedSchema) }) },
      },
    },
    async (request) => ({ feeds: await feeds.list(request.tenant) }),
  );

  app.get(
    '/api/v1/transit/vehicle-feeds/:id',
    {
      config: manage,
      schema: { tags, summary: 'One polled feed and its status', params: Id, response: { 200: VehicleFeedSchema } },
    },
    async (request) => feeds.get(request.tenant, request.params.id),
  );

  app.delete(
    '/api/v1/transit/vehicle-feeds/:id',
    {
      config: manage,
      schema: { tags, summary: 'Stop polling a feed', params: Id, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await feeds.remove(request.tenant, request.params.id);
      return reply.code(204).send();
    },
  );
}
