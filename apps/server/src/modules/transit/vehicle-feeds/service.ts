import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../../platform/db/index.js';
import { AppError, isAppError, problems } from '../../../platform/errors.js';
import { OutboundRefused, type OutboundGuard } from '../../../platform/outbound.js';
import { decodeFeedMessage, readingsOf } from './decode.js';
import { DEFAULT_SCOPE, SCOPE, type IntakeOutcome, type VehiclePositionIntake } from './intake.js';
import * as store from './store.js';

/**
 * Operators' GTFS-Realtime VehiclePositions feeds, pushed to Thang Long or polled by it. Both are
 * decoded the same way and end up as the same Vehicle entities (see intake.ts).
 */

/** The largest feed taken in: 2,000 vehicles take about 200 kB. */
export const MAX_FEED_BYTES = 4 * 1024 * 1024;
export const MIN_INTERVAL_SECONDS = 10;
const MAX_FEEDS_PER_TENANT = 20;
const MAX_HEADERS = 10;
const FETCH_TIMEOUT_MS = 15_000;
/** A claimed feed is not claimed again for this long, should its poller stop half-way. */
const LEASE_SECONDS = 120;
const FEEDS_PER_ROUND = 20;
/** Backoff after failures doubles up to this. */
const MAX_BACKOFF_SECONDS = 900;
/** Headers the request itself sets. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Query parameters that carry credentials, masked when a feed is shown. */
const SECRET_PARAM = /key|token|secret|pass|auth|sig|code|credential/i;
export const MASK = '••••';

export interface VehicleFeedRequest {
  readonly url: string;
  readonly intervalSeconds: number;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly scope?: string | undefined;
}

/** A polled feed as administrators read it: credentials masked, and how its last fetches went. */
export interface VehicleFeed {
  readonly id: string;
  readonly url: string;
  readonly scope: string;
  readonly intervalSeconds: number;
  /** Header names; their values are never shown. */
  readonly headers: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  readonly status: {
    readonly nextFetchAt: Date;
    readonly lastAttemptAt: Date | null;
    readonly lastSuccessAt: Date | null;
    readonly lastError: string | null;
    readonly lastErrorAt: Date | null;
    /** Failures since the last success (the wait before the next fetch doubles with each). */
    readonly failures: number;
    /** Of the last successful fetch: entities in the feed, vehicles taken in, entities set aside. */
    readonly entities: number | null;
    readonly accepted: number | null;
    readonly rejected: number | null;
  };
}

/** The URL with its password and credential-like query values masked. */
export function maskedUrl(raw: string): string {
  const url = new URL(raw);
  if (url.password !== '') url.password = MASK;
  for (const [name] of [...url.searchParams]) if (SECRET_PARAM.test(name)) url.searchParams.set(name, MASK);
  return url.toString();
}

function viewOf(r: store.VehicleFeedRow): VehicleFeed {
  return {
    id: r.id,
    url: maskedUrl(r.url),
    scope: r.scope,
    intervalSeconds: r.intervalSeconds,
    headers: Object.fromEntries(Object.keys(r.headers).map((k) => [k, MASK])),
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    status: {
      nextFetchAt: r.nextFetchAt,
      lastAttemptAt: r.lastAttemptAt,
      lastSuccessAt: r.lastSuccessAt,
      lastError: r.lastError,
      lastErrorAt: r.lastErrorAt,
      failures: r.failures,
      entities: r.lastEntities,
      accepted: r.lastAccepted,
      rejected: r.lastRejected,
    },
  };
}

const badFeed = (detail: string) => new AppError('TRANSIT_VEHICLE_FEED_INVALID', 422, detail);

export function scopeOf(scope: string | undefined): string {
  if (scope === undefined) return DEFAULT_SCOPE;
  if (!SCOPE.test(scope)) throw badFeed('scope is 1–40 letters, digits, _ or -.');
  return scope;
}

export class VehicleFeeds {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #outbound: OutboundGuard;
  readonly #intake: VehiclePositionIntake;

  constructor(deps: { db: Database; log: Logger; outbound: OutboundGuard; intake: VehiclePositionIntake }) {
    this.#db = deps.db;
    this.#log = deps.log;
    this.#outbound = deps.outbound;
    this.#intake = deps.intake;
  }

  /** Takes in a FeedMessage pushed to Thang Long (400 when it does not decode; nothing is written then). */
  push(tenant: string, scope: string | undefined, bytes: Uint8Array): Promise<IntakeOutcome> {
    const receivedAt = new Date();
    const message = decodeFeedMessage(bytes);
    return this.#intake.take(tenant, scopeOf(scope), readingsOf(message, receivedAt), receivedAt);
  }

  /** Registers a feed to poll; its URL must be one the outbound guard allows (422 otherwise). */
  async register(tenant: string, request: VehicleFeedRequest, by: string | null): Promise<VehicleFeed> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw badFeed(`"${request.url}" is not a URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badFeed('The feed URL is http or https.');
    if (!Number.isInteger(request.intervalSeconds) || request.intervalSeconds < MIN_INTERVAL_SECONDS) {
      throw badFeed(`intervalSeconds is a whole number of at least ${MIN_INTERVAL_SECONDS}.`);
    }
    const headers = request.headers ?? {};
    if (Object.keys(headers).length > MAX_HEADERS) throw badFeed(`At most ${MAX_HEADERS} headers.`);
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
        throw badFeed(`"${name}" is not a header the feed request may set.`);
      }
      if (/[\r\n\0]/.test(value) || value.length > 4000)
        throw badFeed(`The header ${name} has a value that cannot be sent.`);
    }
    try {
      await this.#outbound.admit(url.toString());
    } catch (err) {
      if (!(err instanceof OutboundRefused)) throw err;
      throw new AppError(
        'TRANSIT_VEHICLE_FEED_REFUSED',
        422,
        `The feed URL is not one Thang Long may fetch: ${err.message}. An operator allows internal hosts with OUTBOUND_ALLOW.`,
      );
    }
    if ((await store.listFeeds(this.#db, tenant)).length >= MAX_FEEDS_PER_TENANT) {
      throw badFeed(`A tenant polls at most ${MAX_FEEDS_PER_TENANT} feeds: remove one first.`);
    }
    const row = await store.insertFeed(this.#db, {
      id: randomUUID(),
      tenant,
      url: url.toString(),
      scope: scopeOf(request.scope),
      intervalSeconds: request.intervalSeconds,
      headers,
      createdBy: by,
      now: new Date(),
    });
    return viewOf(row);
  }

  async list(tenant: string): Promise<VehicleFeed[]> {
    return (await store.listFeeds(this.#db, tenant)).map(viewOf);
  }

  async get(tenant: string, id: string): Promise<VehicleFeed> {
    const row = await store.findFeed(this.#db, tenant, id);
    if (!row) throw problems.notFound('Vehicle feed', id);
    return viewOf(row);
  }

  async remove(tenant: string, id: string): Promise<void> {
    if (!(await store.deleteFeed(this.#db, tenant, id))) throw problems.notFound('Vehicle feed', id);
  }

  /** Fetches every feed that is due, of every tenant (the worker's job); returns how many were fetched. */
  async pollDue(now = new Date()): Promise<number> {
    const due = await store.claimDue(this.#db, now, FEEDS_PER_ROUND, LEASE_SECONDS);
    await Promise.all(due.map((feed) => this.#poll(feed)));
    return due.length;
  }

  async #poll(feed: store.VehicleFeedRow): Promise<void> {
    const started = new Date();
    try {
      const response = await this.#outbound.request(feed.url, {
        headers: { accept: 'application/x-protobuf, application/octet-stream', ...feed.headers },
        timeoutMs: FETCH_TIMEOUT_MS,
        maxBytes: MAX_FEED_BYTES,
        maxRedirects: 3,
      });
      if (response.status !== 200) throw new Error(`the feed answered HTTP ${response.status}`);
      const receivedAt = new Date();
      const message = decodeFeedMessage(response.body);
      const outcome = await this.#intake.take(feed.tenant, feed.scope, readingsOf(message, receivedAt), receivedAt);
      await store.recordSuccess(
        this.#db,
        feed.id,
        receivedAt,
        new Date(started.getTime() + feed.intervalSeconds * 1000),
        {
          entities: outcome.entities,
          accepted: outcome.accepted,
          rejected: outcome.rejected.length,
        },
      );
    } catch (err) {
      const failures = feed.failures + 1;
      const wait = Math.min(
        Math.max(MAX_BACKOFF_SECONDS, feed.intervalSeconds),
        feed.intervalSeconds * 2 ** Math.min(failures, 10),
      );
      const message = isAppError(err) || err instanceof Error ? err.message : String(err);
      this.#log.warn({ err, tenant: feed.tenant, feedId: feed.id, failures }, 'a vehicle feed could not be taken in');
      await store
        .recordFailure(this.#db, feed.id, new Date(), new Date(Date.now() + wait * 1000), message)
        .catch((e: unknown) => this.#log.error({ err: e, feedId: feed.id }, 'a vehicle feed failure was not recorded'));
    }
  }
}
