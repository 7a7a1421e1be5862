import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../platform/auth/index.js';
import { problems } from '../../platform/errors.js';
import { paging } from '../../platform/http/paging.js';
import { Empty } from '../../platform/http/schemas.js';
import {
  DepartureBoardSchema,
  FeedVersionListSchema,
  FeedVersionSchema,
  RouteDetailSchema,
  RouteListSchema,
  StopDetailSchema,
  StopGridSchema,
  StopListSchema,
  TripDetailSchema,
} from './schemas.js';
import { isServiceDay } from './service-day.js';
import { readInstant } from './instant.js';
import type { TransitService } from './service.js';
import { filesOfZip, MAX_FEED_ZIP_BYTES } from './source.js';
import type { StopArea } from './store.js';
import { OPEN_READ, openReadsToEveryOrigin } from './open-reads.js';

/** Transit: GTFS feed imports (administrators) and the current schedule's routes and stops (riders). */

/**
 * The published timetable is public information, as its GTFS-Realtime feeds are: the rider's page reads
 * it without logging in, in whatever tenant it addresses. Importing a feed is an administrator's act.
 */
const rider = OPEN_READ;
const manage = { access: { permission: 'transit:manage' as const } };
const tags = ['Transit'];
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
/** The largest search radius around a point, in metres. */
const MAX_RADIUS = 5000;
/** A stop grid has at most this many cells per side: 9,216 cells at most, whatever the feed. */
const MAX_GRID_CELLS = 96;

/** The longest look ahead of a departures board, minutes. */
const MAX_BOARD_MINUTES = 24 * 60;

function instantOf(text: string): Date {
  const at = readInstant(text);
  if (!at) {
    throw problems.badRequest(
      'TRANSIT_BAD_TIME',
      'from is an ISO 8601 instant with its offset, e.g. 2026-12-04T08:00:00+07:00.',
    );
  }
  return at;
}

function numbersOf(raw: string, n: number, what: string): number[] {
  const texts = raw.split(',').map((s) => s.trim());
  const parts = texts.map(Number);
  // Decimal numbers only: Number() also reads 0x10, 1e3 and Infinity.
  if (parts.length !== n || texts.some((t) => !/^-?\d+(\.\d+)?$/.test(t))) {
    throw problems.badRequest('TRANSIT_BAD_AREA', `${what} takes ${n} numbers separated by commas.`);
  }
  return parts;
}

function areaOf(q: { near?: string | undefined; radius?: number | undefined; bbox?: string | undefined }): StopArea {
  if (q.near !== undefined && q.bbox !== undefined) {
    throw problems.badRequest('TRANSIT_BAD_AREA', 'Give near or bbox, not both.');
  }
  if (q.near !== undefined) {
    const [lon = 0, lat = 0] = numbersOf(q.near, 2, 'near (lon,lat)');
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      throw problems.badRequest('TRANSIT_BAD_AREA', 'near is lon,lat: longitude within ±180, latitude within ±90.');
    }
    const radius = q.radius ?? 500;
    // The schema bounds it; a coerced "Infinity" must not slip past.
    if (!Number.isFinite(radius) || radius <= 0 || radius > MAX_RADIUS) {
      throw problems.badRequest('TRANSIT_BAD_AREA', `radius is in metres, above 0 and at most ${MAX_RADIUS}.`);
    }
    return { kind: 'near', lon, lat, radius };
  }
  if (q.radius !== undefined) throw problems.badRequest('TRANSIT_BAD_AREA', 'radius goes with near.');
  if (q.bbox !== undefined) {
    const [west = 0, south = 0, east = 0, north = 0] = numbersOf(q.bbox, 4, 'bbox (west,south,east,north)');
    if (
      west > east ||
      south > north ||
      Math.abs(west) > 180 ||
      Math.abs(east) > 180 ||
      Math.abs(south) > 90 ||
      Math.abs(north) > 90
    ) {
      throw problems.badRequest(
        'TRANSIT_BAD_AREA',
        'bbox is west,south,east,north in degrees, west ≤ east and south ≤ north.',
      );
    }
    return { kind: 'bbox', west, south, east, north };
  }
  return { kind: 'all' };
}

export async function transitRoutes(fastify: FastifyInstance, { transit }: { transit: TransitService }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  openReadsToEveryOrigin(fastify, { cacheControl: true });
  // A feed comes as the zip's bytes; this parser holds for these routes only.
  app.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer', bodyLimit: MAX_FEED_ZIP_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/api/v1/transit/feeds',
    {
      config: manage,
      bodyLimit: MAX_FEED_ZIP_BYTES,
      schema: {
        tags,
        summary: 'Import a GTFS Schedule feed (the zip as the body, application/zip) and make it current',
        description:
          'The feed is checked whole first: any error refuses it (422, each error with its file, line and field) and ' +
          'the current version stays. Accepted, it is loaded as a new version and made current in one transaction. ' +
          "Trips whose shape is missing or a straight stop-to-stop line get one along the city's roads (one per " +
          "distinct stop sequence, when its stops are in the road graph's area), part of the version; `roadShapes` " +
          `says what was done. roadShapes=false keeps the feed's shapes as given. At most ${MAX_FEED_ZIP_BYTES / 1024 / 1024} MB.`,
        querystring: Type.Object({
          roadShapes: Type.Optional(
            Type.Boolean({
              default: true,
              description: "false: keep the feed's shapes as given (no shapes built along the roads)",
            }),
          ),
        }),
        body: {
          content: Object.fromEntries(
            ZIP_TYPES.map((type) => [type, { schema: { description: 'The feed: a zip of GTFS .txt files' } }]),
          ),
        },
        response: { 201: FeedVersionSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) {
        throw problems.badRequest('TRANSIT_FEED_UNREADABLE', 'Send the feed as a zip: content-type application/zip.');
      }
      const version = await transit.importFeed({
        tenant: request.tenant,
        source: 'upload',
        importedBy: principalOf(request).name,
        files: () => filesOfZip(new Uint8Array(body.buffer, body.byteOffset, body.byteLength)),
        roadShapes: request.query.roadShapes !== false,
      });
      return reply.code(201).header('location', `/api/v1/transit/feeds/${version.id}`).send(version);
    },
  );

  const versionPages = paging({ defaultLimit: 20, maxLimit: 100 });
  app.get(
    '/api/v1/transit/feeds',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Feed versions kept (the current one, previous ones, failed imports), newest first',
        querystring: Type.Object({ ...versionPages.query }),
        response: { 200: FeedVersionListSchema },
      },
    },
    async (request) => {
      const { items, total } = await transit.listVersions(request.tenant, versionPages.pageOf(request.query));
      return { versions: items, count: total };
    },
  );

  app.get(
    '/api/v1/transit/feeds/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'One feed version, with its counts, errors and warnings',
        params: Id,
        response: { 200: FeedVersionSchema },
      },
    },
    async (request) => transit.version(request.tenant, request.params.id),
  );

  const routePages = paging({ defaultLimit: 100, maxLimit: 1000 });
  app.get(
    '/api/v1/transit/routes',
    {
      config: rider,
      schema: {
        tags,
        summary: 'Routes of the current schedule',
        querystring: Type.Object({
          type: Type.Optional(Type.Integer({ minimum: 0, description: 'Only this GTFS route_type (3: bus)' })),
          ...routePages.query,
        }),
        response: { 200: RouteListSchema },
      },
    },
    async (request) => {
      const { items, total } = await transit.routes(
        request.tenant,
        { type: request.query.type },
        routePages.pageOf(request.query),
      );
      return { routes: items, count: total };
    },
  );

  const stopPages = paging({ defaultLimit: 100, maxLimit: 1000 });
  app.get(
    '/api/v1/transit/stops',
    {
      config: rider,
      schema: {
        tags,
        summary: 'Stops of the current schedule: near a point (nearest first), in a box, or all; by name with q',
        querystring: Type.Object({
          near: Type.Optional(Type.String({ maxLength: 60, description: 'lon,lat (WGS 84)' })),
          radius: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: MAX_RADIUS, description: 'Metres around near (default 500)' }),
          ),
          bbox: Type.Optional(Type.String({ maxLength: 120, description: 'west,south,east,north (WGS 84)' })),
          q: Type.Optional(
            Type.String({ maxLength: 100, description: 'Only stops whose name, code or id contains this (any case)' }),
          ),
          ...stopPages.query,
        }),
        response: { 200: StopListSchema },
      },
    },
    async (request) => {
      const { items, total } = await transit.stops(
        request.tenant,
        areaOf(request.query),
        stopPages.pageOf(request.query),
        request.query.q?.trim(),
      );
      return { stops: items, count: total };
    },
  );

  app.get(
    '/api/v1/transit/stop-grid',
    {
      config: rider,
      schema: {
        tags,
        summary:
          'Every stop of the current schedule in a box (or all), counted on a grid: for a map of stops of any size',
        querystring: Type.Object({
          bbox: Type.Optional(Type.String({ maxLength: 120, description: 'west,south,east,north (WGS 84)' })),
          cells: Type.Optional(
            Type.Integer({ minimum: 1, maximum: MAX_GRID_CELLS, description: 'Cells per side (default 64)' }),
          ),
        }),
        response: { 200: StopGridSchema },
      },
    },
    async (request) => {
      const area = request.query.bbox === undefined ? null : areaOf({ bbox: request.query.bbox });
      const box = area?.kind === 'bbox' ? area : null;
      return transit.stopGrid(request.tenant, box, request.query.cells ?? 64);
    },
  );

  app.get(
    '/api/v1/transit/stops/:id',
    {
      config: rider,
      schema: {
        tags,
        summary: 'One stop of the current schedule, with its child stops and the routes calling there',
        params: Id,
        response: { 200: StopDetailSchema },
      },
    },
    async (request) => transit.stop(request.tenant, request.params.id),
  );

  app.get(
    '/api/v1/transit/gtfs.zip',
    {
      config: rider,
      schema: {
        tags,
        summary: "The current timetable as a GTFS Schedule zip, beside the tenant's GTFS-Realtime feeds",
        description:
          'The current feed version as the store keeps it (its shapes as imported, or built along the roads), ' +
          'regenerated once per version: agency, stops, routes, trips, stop_times, calendar and calendar_dates, ' +
          'shapes, frequencies, transfers and fares (those with rows). Revalidate with If-None-Match (strong ETag, ' +
          'one per version) or If-Modified-Since (when the version became current). 404 without a current feed.',
        response: {
          200: {
            description: 'A zip of GTFS .txt files (UTF-8, CRLF)',
            content: { 'application/zip': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
          },
          304: Empty(
            'Not modified: the version is the one named by If-None-Match, or not newer than If-Modified-Since',
          ),
        },
      },
    },
    async (request, reply) => {
      const feed = await transit.staticFeed(request.tenant);
      void reply
        .header('etag', feed.etag)
        .header('last-modified', feed.lastModified.toUTCString())
        .header('vary', 'NGSILD-Tenant, Fiware-Service')
        .header('cache-control', request.principal ? 'private, no-cache' : 'public, no-cache');
      const named = request.headers['if-none-match'];
      const since = request.headers['if-modified-since'];
      const unchanged =
        named !== undefined
          ? named.split(',').some((t) => ['*', feed.etag].includes(t.trim().replace(/^W\//, '')))
          : since !== undefined && Date.parse(since) >= feed.lastModified.getTime();
      if (unchanged) return reply.code(304).send();
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="gtfs-${feed.versionId}.zip"`)
        .send(Buffer.from(feed.bytes.buffer, feed.bytes.byteOffset, feed.bytes.byteLength));
    },
  );

  app.get(
    '/api/v1/transit/stops/:id/departures',
    {
      config: rider,
      schema: {
        tags,
        summary: 'The next departures at a stop (or at the platforms of a station), live where predicted',
        description:
          "The timetable's calls from `from` (default now) for `minutes` ahead: service-day times as instants in the " +
          "agency's time zone (times past 24:00 on the day before), calendar and calendar_dates, frequencies expanded. " +
          'A departure with a live prediction of the same trip, service day and stop_sequence is `live` with its ' +
          "`predicted` time and `delaySeconds`; the others are the timetable's.",
        params: Id,
        querystring: Type.Object({
          from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 instant; default now' })),
          minutes: Type.Optional(
            Type.Integer({ minimum: 1, maximum: MAX_BOARD_MINUTES, description: 'How far ahead (default 60)' }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'At most (default 20)' })),
        }),
        response: { 200: DepartureBoardSchema },
      },
    },
    async (request) => {
      const { from: fromText, minutes = 60, limit = 20 } = request.query;
      const from = fromText === undefined ? new Date() : instantOf(fromText);
      const { timezone, departures } = await transit.departures(request.tenant, request.params.id, {
        from,
        minutes,
        limit,
      });
      return {
        stopId: request.params.id,
        from,
        until: new Date(from.getTime() + minutes * 60_000),
        timezone,
        departures,
      };
    },
  );

  app.get(
    '/api/v1/transit/trips/:id',
    {
      config: rider,
      schema: {
        tags,
        summary: "A trip's stops with their times as instants of a service day, and its shape",
        params: Id,
        querystring: Type.Object({
          date: Type.Optional(
            Type.String({ maxLength: 8, description: "The service day, YYYYMMDD; default today in the agency's zone" }),
          ),
        }),
        response: { 200: TripDetailSchema },
      },
    },
    async (request) => {
      const { date } = request.query;
      if (date !== undefined && !isServiceDay(date)) {
        throw problems.badRequest('TRANSIT_BAD_TIME', 'date is a service day, YYYYMMDD (e.g. 20261204).');
      }
      return transit.trip(request.tenant, request.params.id, date);
    },
  );

  app.get(
    '/api/v1/transit/routes/:id',
    {
      config: rider,
      schema: {
        tags,
        summary: 'A route with its directions: the stops in order and the shape',
        params: Id,
        response: { 200: RouteDetailSchema },
      },
    },
    async (request) => transit.routeDetail(request.tenant, request.params.id),
  );
}
