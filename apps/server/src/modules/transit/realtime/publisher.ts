import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress as zlibBrotli, constants as zlib, gzip as zlibGzip } from 'node:zlib';
import {
  encodeEntities,
  encodeFeed,
  feedJson,
  posixSeconds,
  serviceAlertEntities,
  tripUpdateEntities,
  vehiclePositionEntities,
  type Entities,
} from './build.js';
import type { GtfsRealtime } from './bindings.js';
import type { FeedKind, ServiceAlertInput, TripUpdateInput, VehiclePositionInput } from './model.js';
import { encodeTripUpdateEntities } from './trip-update-encoding.js';

/**
 * One feed of one tenant as last built: its bytes, its JSON, its header timestamp and a strong ETag
 * from its content. The header timestamp never goes back, even when the clock given does, and moves
 * whenever the content changes; unchanged content keeps its timestamp (and ETag, so caches keep
 * working) until it is `restampSeconds` old, then is restamped so that readers see it is still current
 * (the validator warns of feeds more than 35 s apart, W007, or more than 65 s old, W008).
 */

export type FeedFormat = 'protobuf' | 'json';
/** The content codings a feed is kept in besides its own bytes. */
export type FeedCoding = 'gzip' | 'br';

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json; charset=utf-8',
};

export interface PublishedFeed {
  readonly kind: FeedKind;
  /** The FeedMessage, protobuf. */
  readonly bytes: Buffer;
  /** The header timestamp, POSIX seconds. */
  readonly timestamp: number;
  readonly entityCount: number;
  /** Strong validator of the protobuf bytes; the JSON's is this with `-json`. */
  readonly etag: string;
  /** The JSON form, made on first use. */
  json(): string;
  /**
   * The same FeedMessage (same header) with only the entities `keep` keeps: what a page shows of a
   * feed it needs only a part of. Made at each call, never cached.
   */
  subset(keep: (entity: GtfsRealtime.IFeedEntity) => boolean, format: FeedFormat): Buffer | string;
  /**
   * The form compressed, once (off the event loop): the protobuf as soon as the feed is built, the JSON
   * on first use.
   */
  compressed(format: FeedFormat, coding: FeedCoding): Promise<Buffer>;
}

export interface FeedResponse {
  readonly status: 200 | 304;
  readonly headers: Readonly<Record<string, string>>;
  /** Only with 200. */
  readonly body?: Buffer | string;
}

export interface PublisherOptions {
  /** How often the feed is rebuilt, at most: its max-age for caches (default 5 s). */
  readonly refreshSeconds?: number;
  /** How long an unchanged feed keeps its header timestamp (default 30 s, and at most that). */
  readonly restampSeconds?: number;
}

type EntitiesOf<Input> = (inputs: readonly Input[], now: number) => Entities;

interface Built extends PublishedFeed {
  readonly contentHash: string;
  /** The compressed form if it is made already. */
  readyCompressed(format: FeedFormat, coding: FeedCoding): Buffer | undefined;
}

const gzip = promisify(zlibGzip);
const brotli = promisify(zlibBrotli);
/**
 * Brotli at quality 5: TripUpdates of 2,000 trips (1.7 MB) to about 155 KB in under 100 ms, where gzip
 * makes 400 KB in more; the higher qualities cost twice as much for a few per cent.
 */
const compress = (coding: FeedCoding, body: Buffer | string): Promise<Buffer> =>
  coding === 'gzip'
    ? gzip(body)
    : brotli(body, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: 5,
          [zlib.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body),
        },
      });

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('base64url');

export class FeedPublisher<Input> {
  readonly refreshSeconds: number;
  readonly restampSeconds: number;
  #last: Built | null = null;

  constructor(
    readonly kind: FeedKind,
    private readonly entitiesOf: EntitiesOf<Input>,
    options: PublisherOptions = {},
    private readonly encode: (entities: GtfsRealtime.IFeedEntity[]) => Uint8Array = encodeEntities,
  ) {
    this.refreshSeconds = options.refreshSeconds ?? 5;
    this.restampSeconds = Math.min(options.restampSeconds ?? 30, 30);
  }

  /** The feed last built; null before the first `publish`. */
  get current(): PublishedFeed | null {
    return this.#last;
  }

  /** Builds the feed from the inputs as they are at `now`, and keeps it unless nothing changed. */
  publish(inputs: readonly Input[], now: Date): PublishedFeed {
    const clock = posixSeconds(now);
    const { entities, newest } = this.entitiesOf(inputs, clock);
    const entityBytes = this.encode(entities);
    const contentHash = digest(entityBytes);
    const last = this.#last;
    let timestamp = Math.max(clock, newest);
    if (last) {
      const same = last.contentHash === contentHash;
      if (same && timestamp - last.timestamp < this.restampSeconds) return last;
      // Never back (E018), and a new content never under an old timestamp (E017).
      if (timestamp < last.timestamp) timestamp = last.timestamp;
      if (!same && timestamp === last.timestamp) timestamp += 1;
      if (same && timestamp === last.timestamp) return last;
    }
    const bytes = encodeFeed(timestamp, entityBytes);
    let json: string | undefined;
    const compressing = new Map<string, Promise<Buffer>>();
    const ready = new Map<string, Buffer>();
    const built: Built = {
      kind: this.kind,
      bytes,
      timestamp,
      entityCount: entities.length,
      etag: `"${digest(bytes)}"`,
      contentHash,
      json: () => (json ??= feedJson(bytes)),
      subset: (keep, format) => {
        const part = encodeFeed(timestamp, this.encode(entities.filter(keep)));
        return format === 'json' ? feedJson(part) : part;
      },
      compressed: (format, coding) => {
        const key = `${format} ${coding}`;
        let made = compressing.get(key);
        if (!made) {
          made = compress(coding, format === 'json' ? built.json() : bytes).then((z) => {
            ready.set(key, z);
            return z;
          });
          compressing.set(key, made);
        }
        return made;
      },
      readyCompressed: (format, coding) => ready.get(`${format} ${coding}`),
    };
    // Readers of GTFS-Realtime ask for gzip: the compressed copies are made once per build, now.
    for (const coding of CODINGS) void built.compressed('protobuf', coding).catch(() => undefined);
    this.#last = built;
    return built;
  }

  /**
   * Waits until the compressed form a request would be answered with is made (moments after a build;
   * the event loop is not held meanwhile), so that `respond` answers compressed from the first request.
   */
  async ready(headers: IncomingHttpHeaders, format: FeedFormat): Promise<void> {
    const coding = preferredCoding(headers['accept-encoding']);
    if (coding && this.#last) await this.#last.compressed(format, coding).catch(() => undefined);
  }

  /**
   * The answer to a GET of the feed: 304 when the request's If-None-Match names the current ETag,
   * or (without If-None-Match, as RFC 9110 §13.2.2 orders) its If-Modified-Since is not older than
   * the header timestamp (HTTP dates have whole seconds, as the timestamp does); else 200 and the feed.
   * Brotli or gzip, as the request prefers, when it accepts one and that compressed form is made
   * (`ready` waits for it; without that, the form not yet made is started and the feed answered as it is).
   */
  respond(headers: IncomingHttpHeaders, format: FeedFormat): FeedResponse {
    const feed = this.#last;
    if (!feed) throw new Error(`the ${this.kind} feed is answered before it was ever built`);
    const plainTag = format === 'json' ? `${feed.etag.slice(0, -1)}-json"` : feed.etag;
    // Each coding is a representation of its own: its own strong ETag (RFC 9110 §8.8.3).
    const codedTag = (coding: FeedCoding) => `${plainTag.slice(0, -1)}-${coding}"`;
    const coding = preferredCoding(headers['accept-encoding']);
    let compressed: Buffer | undefined;
    if (coding) {
      compressed = feed.readyCompressed(format, coding);
      if (!compressed) void feed.compressed(format, coding).catch(() => undefined);
    }
    const etag = compressed && coding ? codedTag(coding) : plainTag;
    const common = {
      etag,
      'last-modified': new Date(feed.timestamp * 1000).toUTCString(),
      'cache-control': `public, max-age=${this.refreshSeconds}`,
      vary: 'Accept-Encoding',
    };
    const ifNoneMatch = headers['if-none-match'];
    const ifModifiedSince = headers['if-modified-since'];
    if (ifNoneMatch !== undefined) {
      // Any coding's tag names this very content.
      if ([plainTag, ...CODINGS.map(codedTag)].some((tag) => matches(ifNoneMatch, tag))) {
        return { status: 304, headers: common };
      }
    } else if (ifModifiedSince !== undefined) {
      const since = Date.parse(ifModifiedSince);
      if (Number.isFinite(since) && feed.timestamp <= Math.floor(since / 1000)) {
        return { status: 304, headers: common };
      }
    }
    if (compressed && coding) {
      return {
        status: 200,
        headers: { ...common, 'content-type': CONTENT_TYPES[format], 'content-encoding': coding },
        body: compressed,
      };
    }
    return {
      status: 200,
      headers: { ...common, 'content-type': CONTENT_TYPES[format] },
      body: format === 'json' ? feed.json() : feed.bytes,
    };
  }
}

const CODINGS: readonly FeedCoding[] = ['br', 'gzip'];

/**
 * The coding Accept-Encoding prefers of brotli and gzip: the higher weight, brotli (smaller) on a tie;
 * none when neither is accepted (an explicit q=0 refuses one, `*` stands for those not named).
 */
export function preferredCoding(header: string | string[] | undefined): FeedCoding | null {
  if (typeof header !== 'string') return null;
  const weights: Partial<Record<FeedCoding | '*', number>> = {};
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const coding = name === 'x-gzip' ? 'gzip' : name;
    if (coding === 'gzip' || coding === 'br' || coding === '*') weights[coding] = Number.isFinite(weight) ? weight : 0;
  }
  const br = weights.br ?? weights['*'] ?? 0;
  const gz = weights.gzip ?? weights['*'] ?? 0;
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

/** If-None-Match with the weak comparison a GET asks for (RFC 9110 §13.1.2). */
function matches(header: string, etag: string): boolean {
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

export const vehiclePositionsPublisher = (options?: PublisherOptions) =>
  new FeedPublisher<VehiclePositionInput>('vehicle-positions', vehiclePositionEntities, options);
export const tripUpdatesPublisher = (options?: PublisherOptions) =>
  new FeedPublisher<TripUpdateInput>('trip-updates', tripUpdateEntities, options, encodeTripUpdateEntities);
export const serviceAlertsPublisher = (options?: PublisherOptions) =>
  new FeedPublisher<ServiceAlertInput>('service-alerts', serviceAlertEntities, options);
