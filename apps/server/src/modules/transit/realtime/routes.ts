import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problems } from '../../../platform/errors.js';
import { Empty } from '../../../platform/http/schemas.js';
import { RealtimeFeeds, type RealtimeFeedsOptions } from './feeds.js';
import type { FeedKind, RealtimeSource } from './model.js';
import { CONTENT_TYPES } from './publisher.js';
import { OPEN_READ, openReadsToEveryOrigin } from '../open-reads.js';

/**
 * The GTFS-Realtime feeds over HTTP, for everyone (no login): protobuf by default, whatever the
 * Accept header says, JSON with `?format=json`. They are the tenant's the request addresses, as
 * everywhere in the API (the tenant header, else a caller's own tenant, else the default one).
 */

const open = OPEN_READ;
const tags = ['Public transport'];

export interface RealtimeRoutesOptions extends RealtimeFeedsOptions {
  readonly source: RealtimeSource;
}

const FEEDS: readonly { kind: FeedKind; summary: string }[] = [
  { kind: 'vehicle-positions', summary: "GTFS-Realtime VehiclePositions: where the tenant's vehicles are" },
  {
    kind: 'trip-updates',
    summary: 'GTFS-Realtime TripUpdates: predicted arrivals and departures of the trips running',
  },
  { kind: 'service-alerts', summary: 'GTFS-Realtime Alerts: disruptions of the service, in Vietnamese and English' },
];

const Query = Type.Object({
  format: Type.Optional(
    Type.Union([Type.Literal('protobuf'), Type.Literal('json')], {
      description: 'protobuf (default): application/x-protobuf; json: the same FeedMessage as JSON',
    }),
  ),
});

/** Ids given to `stop` and `route`, at most (a stop is served by a few dozen routes at the most). */
const MAX_FILTER_IDS = 100;
const Ids = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 4000,
    description: `${description}, comma-separated (at most ${MAX_FILTER_IDS})`,
  });

const AlertsQuery = Type.Object({
  ...Query.properties,
  stop: Type.Optional(Ids('Only alerts naming one of these stop_ids')),
  route: Type.Optional(Ids('Only alerts naming one of these route_ids')),
});

const idsOf = (list: string | undefined): Set<string> | undefined => {
  if (list === undefined) return undefined;
  const ids = list.split(',').filter((id) => id !== '');
  if (ids.length > MAX_FILTER_IDS) {
    throw problems.badRequest('BAD_REQUEST', `At most ${MAX_FILTER_IDS} ids in stop or route.`);
  }
  return new Set(ids);
};

const FeedBody = {
  description:
    'A GTFS-Realtime 2.0 FeedMessage (FULL_DATASET). JSON: field names in lowerCamelCase, enums by name, POSIX times as numbers.',
  content: {
    [CONTENT_TYPES.protobuf]: { schema: Type.Unsafe<Buffer | string>({ type: 'string', format: 'binary' }) },
    'application/json': {
      schema: Type.Unsafe<Buffer | string>({ type: 'object', additionalProperties: true }),
    },
  },
};

export async function realtimeRoutes(fastify: FastifyInstance, { source, ...options }: RealtimeRoutesOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  openReadsToEveryOrigin(fastify);
  const feeds = new RealtimeFeeds(source, {
    onError: (err, kind, tenant) =>
      fastify.log.warn(
        { err, kind, tenant },
        'GTFS-Realtime feed not rebuilt: its source failed; the last one is served',
      ),
    ...options,
  });

  for (const { kind, summary } of FEEDS) {
    app.get(
      `/api/v1/transit/gtfs-rt/${kind}`,
      {
        config: open,
        schema: {
          tags,
          summary,
          description:
            `Rebuilt at most every ${feeds.refreshSeconds} s. Revalidate with If-None-Match (strong ETag) or ` +
            'If-Modified-Since (the header timestamp, whole seconds); vehicles and predictions older than 90 s ' +
            'are left out, alerts once their last active period has ended.' +
            (kind === 'service-alerts'
              ? ' With `stop` and/or `route`, only the alerts naming one of those stops or routes (no ETag).'
              : ''),
          querystring: kind === 'service-alerts' ? AlertsQuery : Query,
          response: {
            200: FeedBody,
            304: Empty('Not modified: the feed is the one named by If-None-Match, or not newer than If-Modified-Since'),
          },
        },
      },
      async (request, reply) => {
        const publisher = await feeds.feed(kind, request.tenant);
        const format = request.query.format ?? 'protobuf';
        const query = request.query as { stop?: string; route?: string };
        const stops = idsOf(query.stop);
        const routes = idsOf(query.route);
        if (kind === 'service-alerts' && (stops || routes) && publisher.current) {
          // A rider's page asks only for what it shows: the alerts naming its stop or its routes.
          const body = publisher.current.subset(
            (e) =>
              (e.alert?.informedEntity ?? []).some(
                (i) => (!!i.stopId && !!stops?.has(i.stopId)) || (!!i.routeId && !!routes?.has(i.routeId)),
              ),
            format,
          );
          return reply
            .header('content-type', CONTENT_TYPES[format])
            .header('cache-control', `${request.principal ? 'private' : 'public'}, max-age=${feeds.refreshSeconds}`)
            .header('vary', 'NGSILD-Tenant, Fiware-Service')
            .send(body);
        }
        await publisher.ready(request.headers, format);
        const answer = publisher.respond(request.headers, format);
        void reply
          .code(answer.status)
          .headers(answer.headers)
          .header('vary', 'Accept-Encoding, NGSILD-Tenant, Fiware-Service');
        // Caches keep each tenant's answer apart; one shaped by the caller's own tenant is theirs alone.
        if (request.principal) void reply.header('cache-control', `private, max-age=${feeds.refreshSeconds}`);
        return answer.body === undefined ? reply.send() : reply.send(answer.body);
      },
    );
  }
}
