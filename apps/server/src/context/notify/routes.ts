import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, problems } from '../../platform/errors.js';
import { linkedContext } from '../http.js';
import type { ContextResolver } from '../jsonld/contexts.js';
import { renderEntity, type Entity } from '../model.js';
import { isPosition, REPLAY_MAX_CHANGES, REPLAY_WINDOW_MS, type Change } from './feed.js';
import type { LiveFeed, LiveFeeds } from './feeds.js';
import type { ChangeTail } from './tail.js';

/**
 * GET /api/v1/events: the live change stream as server-sent events, for the operations centre.
 * Filtered by the caller's tenant, entity types (`type=A,B`) and a bounding box
 * (`bbox=minLon,minLat,maxLon,maxLat`). Each event's id is its place in the change log: a client
 * that reconnects with Last-Event-ID gets what it missed (within the replay window), then live ones;
 * further behind, a `missed` event tells it to load its view again. One caller holds at most
 * `streamsPerCaller` streams open at once (EVENT_STREAMS_PER_CALLER).
 * `feeds=kpis,alarms,…` adds modules' own events (see feeds.ts), each only when the caller's role
 * grants it; a stream that asks for feeds and no `type` carries the feeds alone.
 * An `open` event says the stream is in place: what changes after it comes on the stream.
 */

export interface EventRoutesOptions {
  readonly tail: ChangeTail;
  readonly resolver: ContextResolver;
  readonly feeds: LiveFeeds;
  readonly streamsPerCaller: number;
}

const HEARTBEAT_MS = 15_000;
/** A refused stream is worth trying again after a page or connection of the same caller had time to close. */
const STREAMS_RETRY_AFTER_S = 15;

/** Whose streams are counted together: the API key or account, else (anonymous) the address. */
function callerOf(request: FastifyRequest): string {
  const who = request.principal;
  return who ? `${who.kind}:${who.id}` : `address:${request.ip}`;
}

function tooManyStreams(limit: number): AppError {
  return new AppError(
    'TOO_MANY_STREAMS',
    429,
    `At most ${limit} event streams may be open at once for one caller: close one (a page, a connection) and try again.`,
    { headers: { 'retry-after': String(STREAMS_RETRY_AFTER_S) }, extra: { limit } },
  );
}

function badRequest(detail: string): AppError {
  return new AppError('BAD_REQUEST', 400, detail);
}

function parseBbox(raw: string | undefined): [number, number, number, number] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => Number(p.trim()));
  const [minX, minY, maxX, maxY] = parts as [number, number, number, number];
  if (
    parts.length !== 4 ||
    parts.some((n) => !Number.isFinite(n)) ||
    minX > maxX ||
    minY > maxY ||
    minX < -180 ||
    maxX > 180 ||
    minY < -90 ||
    maxY > 90
  ) {
    throw badRequest('bbox must be minLon,minLat,maxLon,maxLat in degrees (WGS 84), minimum first.');
  }
  return [minX, minY, maxX, maxY];
}

export async function eventRoutes(app: FastifyInstance, options: EventRoutesOptions): Promise<void> {
  const { tail, resolver, feeds, streamsPerCaller } = options;
  // Open streams per caller in this instance; a stream gives its place back when it closes.
  const streams = new Map<string, number>();
  const takeStream = (caller: string): (() => void) => {
    const held = streams.get(caller) ?? 0;
    if (held >= streamsPerCaller) throw tooManyStreams(streamsPerCaller);
    streams.set(caller, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (streams.get(caller) ?? 1) - 1;
      if (left > 0) streams.set(caller, left);
      else streams.delete(caller);
    };
  };
  const feedsOf = (request: FastifyRequest, raw: string | undefined): LiveFeed[] => {
    const names = [...new Set((raw ?? '').split(',').map((n) => n.trim()))].filter((n) => n !== '');
    return names.map((name) => {
      const feed = feeds.get(name);
      if (!feed) throw badRequest(`"${name}" is not a feed: use ${feeds.names.join(', ') || 'none'}.`);
      if (feed.permission && !request.allows(feed.permission)) {
        throw problems.forbidden(`Your role does not allow the ${name} feed (it needs ${feed.permission}).`);
      }
      return feed;
    });
  };
  // Open streams never end on their own: a shutdown ends them, or closing the server would wait for them.
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of open) end();
    done();
  });
  app.get(
    '/events',
    {
      config: { access: { permission: 'context:read' } },
      schema: {
        tags: ['Events'],
        summary: 'Live changes of context entities (server-sent events)',
        querystring: {
          type: 'object',
          properties: {
            type: { type: 'string', description: 'Entity types, comma-separated (terms of the Link @context)' },
            bbox: { type: 'string', description: 'minLon,minLat,maxLon,maxLat' },
            feeds: { type: 'string', description: "Modules' events too, comma-separated (e.g. kpis,alarms,warnings)" },
          },
          additionalProperties: false,
        },
      },
    },
    async (request: FastifyRequest<{ Querystring: { type?: string; bbox?: string; feeds?: string } }>, reply) => {
      const terms = await resolver.resolve(linkedContext(request), request.tenant);
      const types = request.query.type
        ?.split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '')
        .map((t) => terms.expand(t));
      const bbox = parseBbox(request.query.bbox);
      const lastEventId = request.headers['last-event-id'];
      const from = typeof lastEventId === 'string' && isPosition(lastEventId) ? lastEventId : undefined;
      const wanted = feedsOf(request, request.query.feeds);
      const changesToo = request.query.type !== undefined || wanted.length === 0;
      const release = takeStream(callerOf(request));

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      });
      res.write('retry: 2000\n\n');
      const render = (change: Change): string => {
        const entity: Entity = {
          id: change.entityId,
          types: [...change.types],
          attrs: change.kind === 'deleted' ? {} : change.attrs,
        };
        // When the change was observed (its newest observedAt), beside `at`, when it arrived: the map
        // tells a live reading from a late one by it.
        let observedAt: string | undefined;
        for (const instances of Object.values(entity.attrs)) {
          for (const i of instances) {
            const o = typeof i.observedAt === 'string' ? i.observedAt : undefined;
            if (o !== undefined && (observedAt === undefined || o > observedAt)) observedAt = o;
          }
        }
        const body = {
          kind: change.kind,
          at: change.at,
          ...(observedAt ? { observedAt } : {}),
          // A change too large for the stream carries its small attributes: the rest is read from the entity.
          ...(change.abridged ? { abridged: true } : {}),
          ...renderEntity(entity, terms, { format: 'keyValues', sysAttrs: false }),
        };
        return `id: ${change.position}\nevent: change\ndata: ${JSON.stringify(body)}\n\n`;
      };
      const stops: (() => void)[] = [];
      let closed = false;
      // Where the change stream has got to, sent with each heartbeat: a quiet filter's Last-Event-ID stays recent.
      let position: (() => string) | undefined;
      const heartbeat = setInterval(
        () => res.write(`${position ? `id: ${position()}\n` : ''}: keep-alive\n\n`),
        HEARTBEAT_MS,
      );
      heartbeat.unref();
      const close = () => {
        closed = true;
        release();
        clearInterval(heartbeat);
        for (const stop of stops.splice(0)) stop();
        open.delete(end);
      };
      const end = () => {
        close();
        res.end();
      };
      open.add(end);
      res.on('close', close);
      // A client gone before the listener was there would hold its place for good.
      if (res.socket?.destroyed === true) close();
      const started = (stop: () => void) => (closed ? stop() : stops.push(stop));
      const send = (event: string, data: unknown) => {
        if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      try {
        if (changesToo) {
          const watching = await tail.resume(
            { tenant: request.tenant, types, bbox },
            (c) => res.write(render(c)),
            from,
          );
          started(watching.stop);
          position = watching.position;
          if (watching.missed && !closed) {
            // Too far behind to replay: the client reloads its view; the id keeps it from asking again.
            const missed = {
              lastEventId: from,
              replayWindowSeconds: REPLAY_WINDOW_MS / 1000,
              replayMaxChanges: REPLAY_MAX_CHANGES,
            };
            res.write(`id: ${watching.position()}\nevent: missed\ndata: ${JSON.stringify(missed)}\n\n`);
          }
        }
        for (const feed of wanted) started(await feed.open(request.tenant, send));
        // Everything is in place: a change committed from here on comes on this stream, so a client
        // loads its view only now (a load begun before could miss what committed in between).
        if (!closed) res.write(`${position ? `id: ${position()}\n` : ''}event: open\ndata: {}\n\n`);
      } catch (err) {
        // The answer has begun: end it, and the client comes back (with Last-Event-ID) when it can.
        request.log.error({ err }, 'could not start the event stream');
        end();
      }
    },
  );
}
