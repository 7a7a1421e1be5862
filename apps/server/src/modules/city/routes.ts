import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, problems } from '../../platform/errors.js';
import { Document, Empty, Nullable } from '../../platform/http/schemas.js';
import { SourceLimiter } from '../../platform/source-limiter.js';
import { BASEMAP_ATTRIBUTION, BASEMAP_MAX_ZOOM, basemapTile, cityBasemap, type Compressed } from './basemap.js';
import { roadSketch, SKETCH_MAX_DEGREES, SKETCH_MAX_POINTS, sketchBox } from './road-sketch.js';
import { parseTrip, placeOnDirection, transitDirection, TRIP_PATTERN } from './transit.js';

/** Facts of the city for everyone: no login, cacheable for a day (they change only with a release). */

const open = { access: 'public' as const };
const tags = ['City'];
/** New road sketches (not kept yet) per address a minute: a map asks for a few; each costs ms of CPU. */
export const NEW_SKETCHES_PER_MINUTE = 60;

/** Whether Accept-Encoding allows gzip (an explicit q=0 refuses it, `*` stands for it). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (coding === 'gzip' || coding === 'x-gzip') gzip = weight;
    else if (coding === '*') any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/** If-None-Match against the representation's ETag, with the weak comparison GET asks for (RFC 9110 §13.1.2). */
export function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: BASEMAP_MAX_ZOOM, description: 'Zoom (the map overzooms past 14)' }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
});

export async function cityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const sketchLimiter = new SourceLimiter(NEW_SKETCHES_PER_MINUTE, 60_000);

  app.get(
    '/api/v1/city/basemap',
    {
      config: open,
      schema: {
        tags,
        summary: 'Offline basemap of Hanoi for the operations-centre map (GeoJSON, one layer per feature)',
        description:
          'One GeoJSON FeatureCollection (application/geo+json) with `properties.layer` on every feature: ' +
          '`boundary` (the city), `ward` (the 126 ward and commune outlines) and `ward-label` (their label ' +
          'points), `water` (lakes and the Red River, ≥ 1 ha) with `water-label` points, `waterway` (river, ' +
          'canal and stream centrelines), `road` (motorway to tertiary, the whole city), `place` (hospitals, police and fire stations, the 115 centre; ' +
          '`category` says which). The map itself loads the vector tiles below, which add the streets. ' +
          'Foreign members: `attribution` and the city `bbox`. Gzipped when the client accepts it; ' +
          'revalidate with If-None-Match.',
        response: {
          200: Document('application/geo+json', 'The basemap, one GeoJSON FeatureCollection'),
          304: Empty('Not modified: the ETag given in If-None-Match is current'),
        },
      },
    },
    async (request, reply) => send(request, reply, cityBasemap(), 'application/geo+json'),
  );

  app.get(
    '/api/v1/city/basemap/tiles/:z/:x/:y',
    {
      config: open,
      schema: {
        tags,
        summary: 'Offline basemap of Hanoi as vector tiles, by zoom',
        description:
          'One Mapbox Vector Tile (2.1) of the basemap, cut on the server from the city facts, with one ' +
          'tile layer per basemap layer (`boundary`, `ward`, `ward-label`, `water`, `waterway`, ' +
          '`water-label`, `road`, `bus-route`, `place`), simplified for its zoom. Zoom bands: to 11 the ' +
          'wards, motorway to secondary roads, rivers and lakes; from 12 the tertiary roads, smaller water ' +
          'and places (hospitals, police, fire, the 115 centre); from 13 the minor streets, every pond and ' +
          'the bus routes. 204 for a tile with nothing in it. Gzipped when the client accepts it.',
        params: TileParams,
        response: {
          200: Document('application/vnd.mapbox-vector-tile', 'The tile'),
          204: Empty('Nothing of the basemap in this tile'),
          304: Empty('Not modified: the ETag given in If-None-Match is current'),
        },
      },
    },
    async (request, reply) => {
      const { z, x, y } = request.params;
      if (x >= 2 ** z || y >= 2 ** z) throw problems.notFound('Tile', `${z}/${x}/${y}`);
      const tile = basemapTile(z, x, y);
      if (!tile) return reply.header('cache-control', 'public, max-age=86400').code(204).send();
      return send(request, reply, tile, 'application/vnd.mapbox-vector-tile');
    },
  );

  app.get(
    '/api/v1/city/roads',
    {
      config: open,
      schema: {
        tags,
        summary: 'The roads of a box as simplified lines, for a small map drawn without tiles',
        description:
          "The parts of the basemap's roads within `bbox`, each line simplified to about half a pixel of a " +
          '360 px wide map and rounded to 5 decimals (about a metre). The main roads (motorway to secondary) always; ' +
          'tertiary roads in a box at most 15 km across; streets (`minor`, `service`) in one at most 3 km across; ' +
          `and at most ${SKETCH_MAX_POINTS} points in all: a class that would pass it is left out with those below ` +
          '(`classes` says which are drawn). The box is widened outward to a grid (a power-of-two fraction of a ' +
          'degree, about a sixteenth of its size) so that nearby boxes share one answer; `bbox` is the box drawn. ' +
          `An address may ask for ${NEW_SKETCHES_PER_MINUTE} boxes a minute that are not kept already (429 ` +
          '`CITY_ROADS_RATE_LIMITED` with Retry-After past that). Gzipped when the client accepts it.',
        querystring: Type.Object({
          bbox: Type.String({
            maxLength: 120,
            description: `west,south,east,north (WGS 84), at most ${SKETCH_MAX_DEGREES}° each way`,
          }),
        }),
        response: {
          200: Type.Object({
            bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
            attribution: Type.String(),
            classes: Type.Array(Type.String(), { description: 'the road classes drawn, most important first' }),
            roads: Type.Array(
              Type.Object({
                class: Type.String(),
                line: Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }), {
                  description: '[lon, lat] in order',
                }),
              }),
              { maxItems: SKETCH_MAX_POINTS },
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const sketch = roadSketch(sketchBox(request.query.bbox), () => {
        const wait = sketchLimiter.take(`ip:${request.ip}`);
        if (wait > 0) {
          const seconds = Math.ceil(wait / 1000);
          throw new AppError(
            'CITY_ROADS_RATE_LIMITED',
            429,
            `Too many new map areas from this address: try again in ${seconds} s.`,
            {
              headers: { 'retry-after': String(seconds) },
              extra: { retryAfterSeconds: seconds },
            },
          );
        }
      });
      // Gzipped by the compression plugin when it is large enough: a shared cache must key on the encoding.
      void reply.header('cache-control', 'public, max-age=86400').header('vary', 'accept-encoding');
      return { ...sketch, attribution: BASEMAP_ATTRIBUTION };
    },
  );

  // ---- The bus network: what a bus's trip code means, and where along it the bus is ----

  const Stop = Type.Object({
    id: Type.String(),
    name: Type.String({ description: 'the nearest named bus stop (OpenStreetMap), else a placeholder' }),
    location: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat]' }),
  });
  app.get(
    '/api/v1/city/transit/trips/:trip',
    {
      config: open,
      schema: {
        tags,
        summary: "A bus trip in words: its route, direction, departure and stops; with a bus's position, its next stop",
        description:
          'A trip is `<directionId>-<hhmm>` as buses report it in `tripId` (e.g. `01_1-0815`: route 01, direction ' +
          "01_1, leaving its first stop at 08:15 Hanoi time). The stops are the direction's, in order (at most a " +
          "hundred or so: the network's longest direction has 79). With `lon` and `lat` (and the bus's `heading`, " +
          'degrees from north, to tell apart a route coming back along the same street), `position` says which ' +
          'stop the bus stands at or comes to next. City facts, the same for every tenant: no login needed.',
        params: Type.Object({ trip: Type.String({ pattern: TRIP_PATTERN, maxLength: 45 }) }),
        querystring: Type.Object({
          lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
        }),
        response: {
          200: Type.Object({
            trip: Type.String(),
            departure: Type.String({ description: 'scheduled departure from the first stop, HH:MM Hanoi time' }),
            route: Type.Object({ id: Type.String(), shortName: Type.String(), longName: Type.String() }),
            direction: Type.Object({
              id: Type.String(),
              headsign: Type.String({ description: 'where the trip goes: its last stop' }),
            }),
            stops: Type.Array(Stop, { maxItems: 500 }),
            position: Nullable(
              Type.Object({
                atStop: Nullable(Type.Integer({ description: 'index in `stops` of the stop the bus stands at' })),
                nextStop: Nullable(
                  Type.Integer({ description: 'index in `stops` of the next stop; null at the last' }),
                ),
                metresToNext: Nullable(Type.Integer()),
                offRouteMetres: Type.Integer({ description: 'metres from the line of stops' }),
              }),
              'null without lon and lat',
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const { trip } = request.params;
      const { lon, lat, heading } = request.query;
      if ((lon === undefined) !== (lat === undefined)) {
        throw problems.badRequest('TRANSIT_POSITION_INCOMPLETE', 'Give both `lon` and `lat`, or neither.');
      }
      const parsed = parseTrip(trip);
      const direction = parsed && transitDirection(parsed.directionId);
      if (!parsed || !direction) throw problems.notFound('Trip', trip);
      if (lon === undefined) void reply.header('cache-control', 'public, max-age=86400');
      const place =
        lon !== undefined && lat !== undefined
          ? placeOnDirection(
              direction.stops.map((s) => s.location),
              [lon, lat],
              heading,
            )
          : null;
      return {
        trip,
        departure: parsed.departure,
        route: direction.route,
        direction: { id: direction.id, headsign: direction.headsign },
        stops: direction.stops.map((s) => ({ id: s.id, name: s.name, location: [...s.location] })),
        position: place,
      };
    },
  );
}

/** The representation, gzipped when accepted, cacheable for a day, or 304 to a client that has it. */
function send(request: FastifyRequest, reply: FastifyReply, content: Compressed, type: string) {
  const gzip = acceptsGzip(request.headers['accept-encoding']);
  const etag = gzip ? content.gzipEtag : content.etag;
  void reply.header('cache-control', 'public, max-age=86400').header('etag', etag).header('vary', 'accept-encoding');
  if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send();
  void reply.type(type);
  if (gzip) void reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? content.gzip : content.body);
}
