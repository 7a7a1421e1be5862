import { createHash, randomUUID } from 'node:crypto';
import { zip, type Zippable } from 'fflate';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { AppError, problems } from '../../platform/errors.js';
import { roadNetwork, type RoadNetwork } from '../city/index.js';
import { checkFeed, countsOf } from './feed.js';
import type {
  FeedIssue,
  FeedVersion,
  LivePredictions,
  RouteDetail,
  StopDetail,
  TransitRoute,
  TransitStop,
  TripDetail,
} from './model.js';
import { ROAD_SHAPES_BUDGET, ROAD_SHAPES_OFF, withRoadShapes, type RoadShapesBudget } from './road-shapes.js';
import type { ServiceDay } from './service-day.js';
import * as store from './store.js';
import { Timetable, type DepartureBoard, type DepartureQuery } from './timetable.js';

/** The rules of the transit module: importing GTFS Schedule feeds as versions, and reading the current one. */

/** Versions kept per tenant, the current one among them; older ones are deleted after an import. */
export const KEPT_VERSIONS = 5;
/** An import still loading after this long was left by a stopped process. */
const STALE_IMPORT_MS = 6 * 3_600_000;
const IMPORT_LOCK = 0x4754_4653; // "GTFS": one import at a time
/** GTFS zips kept built, one per version (a tenant's current one, mostly). */
const KEPT_ZIPS = 8;

/** The current version's GTFS Schedule feed as a zip, built once per version. */
export interface StaticFeedZip {
  readonly versionId: string;
  readonly bytes: Uint8Array;
  /** Strong: the version's id (a version never changes). */
  readonly etag: string;
  /** When the version became current. */
  readonly lastModified: Date;
}

export interface ImportRequest {
  readonly tenant: string;
  /** Where the feed came from, as the version records it. */
  readonly source: string;
  readonly importedBy: string | null;
  /** Reads the feed's files (by name); throws TRANSIT_FEED_UNREADABLE when it cannot. */
  readonly files: () => Promise<ReadonlyMap<string, string>>;
  /**
   * Shapes along the city's roads for trips whose shape is missing or a straight stop-to-stop line
   * (default true); false keeps the feed's shapes exactly as given.
   */
  readonly roadShapes?: boolean;
}

export class TransitService {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #timetable: Timetable;
  readonly #roads: () => RoadNetwork;
  readonly #budget: RoadShapesBudget;
  /** Zips built or being built, by version id, newest last. */
  readonly #zips = new Map<string, Promise<StaticFeedZip>>();

  /**
   * `live` gives departures their predictions; without it they are the timetable's. `roads` is the road
   * network imports draw shapes on (Hanoi's by default, read on the first import that needs it), within
   * `roadShapesBudget` per import (default ROAD_SHAPES_BUDGET).
   */
  constructor(
    db: Database,
    log: Logger,
    options: {
      live?: LivePredictions | undefined;
      roads?: () => RoadNetwork;
      roadShapesBudget?: RoadShapesBudget;
    } = {},
  ) {
    this.#db = db;
    this.#log = log;
    this.#roads = options.roads ?? roadNetwork;
    this.#budget = options.roadShapesBudget ?? ROAD_SHAPES_BUDGET;
    this.#timetable = new Timetable(db, log, options.live);
  }

  /** Where departures find live predictions from now on (undefined: the timetable alone). */
  useLivePredictions(live: LivePredictions | undefined): void {
    this.#timetable.live = live;
  }

  /**
   * Imports a feed as a new version and makes it current. A feed with errors is recorded as a failed
   * version and refused (422, its errors listed); the version that was current stays so.
   */
  async importFeed(request: ImportRequest): Promise<FeedVersion> {
    const { tenant } = request;
    const id = randomUUID();
    const importedAt = new Date();
    const base = { id, tenant, source: request.source, importedAt, importedBy: request.importedBy };
    let files: ReadonlyMap<string, string>;
    try {
      files = await request.files();
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'TRANSIT_FEED_UNREADABLE') throw err;
      const issue: FeedIssue = { severity: 'error', file: request.source, message: err.message };
      await store.insertVersion(this.#db, {
        ...base,
        status: 'failed',
        timezone: null,
        counts: null,
        errors: [issue],
        warnings: [],
      });
      await this.#prune(tenant);
      throw new AppError(err.code, err.status, err.message, { extra: { versionId: id, errors: [issue] } });
    }
    const check = checkFeed(files);
    if (!check.feed) {
      await store.insertVersion(this.#db, {
        ...base,
        status: 'failed',
        timezone: check.timezone,
        counts: null,
        errors: check.errors,
        warnings: check.warnings,
      });
      await this.#prune(tenant);
      const n = check.errors.length;
      throw new AppError(
        'TRANSIT_FEED_INVALID',
        422,
        `The feed has ${check.truncated ? `more than ${n}` : n} error(s); the first: ${describe(check.errors[0])}. The current schedule is unchanged.`,
        { extra: { versionId: id, errors: check.errors, warnings: check.warnings, truncated: check.truncated } },
      );
    }
    // The road shapes are part of the version: built before it is stored, outside the import lock.
    const started = performance.now();
    const { feed, summary: roadShapes } =
      request.roadShapes === false
        ? { feed: check.feed, summary: ROAD_SHAPES_OFF }
        : await withRoadShapes(check.feed, this.#roads, this.#budget);
    if (roadShapes.status === 'built') {
      const ms = Math.round(performance.now() - started);
      this.#log.info({ tenant, versionId: id, roadShapes, ms }, 'GTFS shapes built along the roads');
    }
    return this.#db.withAdvisoryLock(IMPORT_LOCK, async () => {
      await store.insertVersion(this.#db, {
        ...base,
        status: 'importing',
        timezone: feed.timezone,
        counts: countsOf(feed),
        errors: [],
        warnings: check.warnings,
        roadShapes,
      });
      try {
        await store.loadFeed(this.#db, id, feed);
        await store.analyzeSchedule(this.#db);
        await this.#db.transaction((tx) => store.makeCurrent(tx, tenant, id, new Date()));
        this.#timetable.forget(tenant);
      } catch (err) {
        this.#log.error({ err, tenant, versionId: id }, 'a GTFS feed could not be stored');
        await store
          .failVersion(this.#db, id, [
            { severity: 'error', file: request.source, message: 'the feed could not be stored' },
          ])
          .catch((e: unknown) => this.#log.error({ err: e, versionId: id }, 'a failed GTFS import was not marked'));
        throw err;
      }
      const pruned = await this.#prune(tenant);
      this.#log.info({ tenant, versionId: id, counts: countsOf(feed), pruned }, 'GTFS feed imported');
      const version = await store.findVersion(this.#db, tenant, id);
      if (!version) throw new Error(`the GTFS version ${id} vanished after its import`);
      return version;
    });
  }

  /** Deletes the tenant's versions beyond the newest few (never the current one). */
  #prune(tenant: string): Promise<number> {
    return store.pruneVersions(this.#db, tenant, KEPT_VERSIONS, new Date(Date.now() - STALE_IMPORT_MS));
  }

  listVersions(tenant: string, page: { limit: number; offset: number }) {
    return store.listVersions(this.#db, tenant, page);
  }

  async version(tenant: string, id: string): Promise<FeedVersion> {
    const v = await store.findVersion(this.#db, tenant, id);
    if (!v) throw problems.notFound('Feed version', id);
    return v;
  }

  currentVersion(tenant: string): Promise<FeedVersion | null> {
    return store.currentVersion(this.#db, tenant);
  }

  /** The tenant's current timetable as a GTFS zip (404 without one): built from the store once per version. */
  async staticFeed(tenant: string): Promise<StaticFeedZip> {
    const version = await store.currentVersion(this.#db, tenant);
    if (!version) throw problems.notFound('Current GTFS feed of the tenant');
    let built = this.#zips.get(version.id);
    if (!built) {
      built = this.#zipOf(version).catch((err: unknown) => {
        this.#zips.delete(version.id);
        throw err;
      });
      this.#zips.set(version.id, built);
      for (const id of this.#zips.keys()) if (this.#zips.size > KEPT_ZIPS) this.#zips.delete(id);
    }
    return built;
  }

  async #zipOf(version: FeedVersion): Promise<StaticFeedZip> {
    const files: Zippable = {};
    await store.feedFiles(this.#db, version.id, (name, bytes) => {
      files[name] = bytes;
    });
    // Compressed off the event loop (fflate's workers).
    const bytes = await new Promise<Uint8Array>((resolve, reject) =>
      zip(files, { level: 6, mtime: version.currentSince ?? version.importedAt }, (err, data) =>
        err ? reject(err) : resolve(data),
      ),
    );
    const tag = createHash('sha256').update(version.id).digest('base64url').slice(0, 27);
    return {
      versionId: version.id,
      bytes,
      etag: `"${tag}"`,
      lastModified: new Date(Math.floor((version.currentSince ?? version.importedAt).getTime() / 1000) * 1000),
    };
  }

  routes(
    tenant: string,
    filter: { type?: number | undefined },
    page: { limit: number; offset: number },
  ): Promise<{ items: TransitRoute[]; total: number }> {
    return store.listRoutes(this.#db, tenant, filter, page);
  }

  stops(
    tenant: string,
    area: store.StopArea,
    page: { limit: number; offset: number },
    text?: string,
  ): Promise<{ items: TransitStop[]; total: number }> {
    return store.listStops(this.#db, tenant, area, page, text);
  }

  /** Every stop in the box (or all) on a grid of at most cells × cells: a map of stops of any size. */
  stopGrid(
    tenant: string,
    box: { west: number; south: number; east: number; north: number } | null,
    cells: number,
  ): Promise<store.StopGrid> {
    return store.stopGrid(this.#db, tenant, box, cells);
  }

  async stop(tenant: string, id: string): Promise<StopDetail> {
    const stop = await store.findStop(this.#db, tenant, id);
    if (!stop) throw problems.notFound('Stop', id);
    return stop;
  }

  /** The next departures at a stop (and its platforms), soonest first; live where predicted. */
  departures(tenant: string, stopId: string, query: DepartureQuery): Promise<DepartureBoard> {
    return this.#timetable.departures(tenant, stopId, query);
  }

  /** A trip's calls as instants of a service day (YYYYMMDD; today in the agency's zone by default). */
  trip(tenant: string, tripId: string, day?: ServiceDay): Promise<TripDetail> {
    return this.#timetable.trip(tenant, tripId, day);
  }

  /** A route's directions: stops in order and shapes. */
  routeDetail(tenant: string, routeId: string): Promise<RouteDetail> {
    return this.#timetable.route(tenant, routeId);
  }
}

export function describe(issue: FeedIssue | undefined): string {
  if (!issue) return 'unknown';
  const where = [issue.file, issue.line === undefined ? undefined : `line ${issue.line}`, issue.field]
    .filter((x) => x !== undefined)
    .join(', ');
  return `${where}: ${issue.message}`;
}
