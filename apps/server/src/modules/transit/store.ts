import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Sql } from '../../platform/db/index.js';
import { forEachPage } from './pages.js';
import { boardTimesOf, type Feed } from './feed.js';
import type {
  FeedCounts,
  FeedIssue,
  FeedStatus,
  FeedVersion,
  RoadShapes,
  StopDetail,
  TransitRoute,
  TransitStop,
} from './model.js';

/** The transit module's SQL: feed versions, loading a feed's rows in bulk, and reading the current version. */

/** Rows per INSERT: each column goes as one array parameter (unnest), so a batch is one statement. */
const BATCH = 5000;

type Column<T> = readonly [name: string, pgType: string, value: (row: T, index: number) => unknown];

async function insertRows<T>(
  sql: Sql,
  table: string,
  versionId: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
): Promise<void> {
  const names = columns.map((c) => c[0]).join(', ');
  const arrays = columns.map((c, k) => `$${k + 2}::${c[1]}[]`).join(', ');
  const text = `INSERT INTO ${table} (version_id, ${names}) SELECT $1, * FROM unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    await sql.query(text, [versionId, ...columns.map(([, , value]) => batch.map((row, k) => value(row, start + k)))]);
    // The embedded database answers without a turn of the event loop: other requests get one here.
    await yieldTurn();
  }
}

/** Loads every row of a checked feed into its version. */
export async function loadFeed(sql: Sql, versionId: string, feed: Feed): Promise<void> {
  const board = boardTimesOf(feed.stopTimes);
  await insertRows(
    sql,
    'transit_agency',
    versionId,
    [
      ['agency_id', 'text', (a) => a.id],
      ['name', 'text', (a) => a.name],
      ['url', 'text', (a) => a.url],
      ['timezone', 'text', (a) => a.timezone],
      ['lang', 'text', (a) => a.lang],
      ['phone', 'text', (a) => a.phone],
    ],
    feed.agencies,
  );
  await insertRows(
    sql,
    'transit_route',
    versionId,
    [
      ['route_id', 'text', (r) => r.id],
      ['agency_id', 'text', (r) => r.agencyId],
      ['short_name', 'text', (r) => r.shortName],
      ['long_name', 'text', (r) => r.longName],
      ['description', 'text', (r) => r.description],
      ['route_type', 'int4', (r) => r.type],
      ['url', 'text', (r) => r.url],
      ['color', 'text', (r) => r.color],
      ['text_color', 'text', (r) => r.textColor],
      ['sort_order', 'int4', (r) => r.sortOrder],
    ],
    feed.routes,
  );
  await insertRows(
    sql,
    'transit_stop',
    versionId,
    [
      ['stop_id', 'text', (s) => s.id],
      ['code', 'text', (s) => s.code],
      ['name', 'text', (s) => s.name],
      ['description', 'text', (s) => s.description],
      ['lat', 'float8', (s) => s.lat],
      ['lon', 'float8', (s) => s.lon],
      ['zone_id', 'text', (s) => s.zoneId],
      ['location_type', 'int2', (s) => s.locationType],
      ['parent_station', 'text', (s) => s.parentStation],
      ['timezone', 'text', (s) => s.timezone],
      ['wheelchair_boarding', 'int2', (s) => s.wheelchairBoarding],
      ['platform_code', 'text', (s) => s.platformCode],
    ],
    feed.stops,
  );
  await sql.query(
    `UPDATE transit_stop SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326)
      WHERE version_id = $1 AND lon IS NOT NULL AND lat IS NOT NULL`,
    [versionId],
  );
  await insertRows(
    sql,
    'transit_calendar',
    versionId,
    [
      ['service_id', 'text', (c) => c.serviceId],
      ...(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const).map(
        (day, k) => [day, 'bool', (c: Feed['calendars'][number]) => c.days[k] ?? false] as const,
      ),
      ['start_date', 'date', (c) => c.startDate],
      ['end_date', 'date', (c) => c.endDate],
    ],
    feed.calendars,
  );
  await insertRows(
    sql,
    'transit_calendar_date',
    versionId,
    [
      ['service_id', 'text', (c) => c.serviceId],
      ['date', 'date', (c) => c.date],
      ['exception_type', 'int2', (c) => c.exceptionType],
    ],
    feed.calendarDates,
  );
  await insertRows(
    sql,
    'transit_shape_point',
    versionId,
    [
      ['shape_id', 'text', (p) => p.shapeId],
      ['sequence', 'int4', (p) => p.sequence],
      ['lat', 'float8', (p) => p.lat],
      ['lon', 'float8', (p) => p.lon],
      ['dist_traveled', 'float8', (p) => p.distTraveled],
    ],
    feed.shapePoints,
  );
  await insertRows(
    sql,
    'transit_trip',
    versionId,
    [
      ['trip_id', 'text', (t) => t.id],
      ['route_id', 'text', (t) => t.routeId],
      ['service_id', 'text', (t) => t.serviceId],
      ['headsign', 'text', (t) => t.headsign],
      ['short_name', 'text', (t) => t.shortName],
      ['direction_id', 'int2', (t) => t.directionId],
      ['block_id', 'text', (t) => t.blockId],
      ['shape_id', 'text', (t) => t.shapeId],
      ['wheelchair_accessible', 'int2', (t) => t.wheelchairAccessible],
      ['bikes_allowed', 'int2', (t) => t.bikesAllowed],
      ['first_secs', 'int4', (t) => board.trips.get(t.id)?.firstSecs ?? null],
      ['last_sequence', 'int4', (t) => board.trips.get(t.id)?.lastSequence ?? null],
    ],
    feed.trips,
  );
  await insertRows(
    sql,
    'transit_stop_time',
    versionId,
    [
      ['trip_id', 'text', (s) => s.tripId],
      ['stop_sequence', 'int4', (s) => s.sequence],
      ['stop_id', 'text', (s) => s.stopId],
      ['arrival_secs', 'int4', (s) => s.arrival],
      ['departure_secs', 'int4', (s) => s.departure],
      ['headsign', 'text', (s) => s.headsign],
      ['pickup_type', 'int2', (s) => s.pickupType],
      ['drop_off_type', 'int2', (s) => s.dropOffType],
      ['dist_traveled', 'float8', (s) => s.distTraveled],
      ['timepoint', 'int2', (s) => s.timepoint],
      ['interpolated_secs', 'int4', (_, k) => board.untimed[k]],
    ],
    feed.stopTimes,
  );
  await insertRows(
    sql,
    'transit_frequency',
    versionId,
    [
      ['trip_id', 'text', (f) => f.tripId],
      ['start_secs', 'int4', (f) => f.start],
      ['end_secs', 'int4', (f) => f.end],
      ['headway_secs', 'int4', (f) => f.headwaySecs],
      ['exact_times', 'int2', (f) => f.exactTimes],
    ],
    feed.frequencies,
  );
  await insertRows(
    sql,
    'transit_transfer',
    versionId,
    [
      ['from_stop_id', 'text', (t) => t.fromStopId],
      ['to_stop_id', 'text', (t) => t.toStopId],
      ['from_route_id', 'text', (t) => t.fromRouteId],
      ['to_route_id', 'text', (t) => t.toRouteId],
      ['from_trip_id', 'text', (t) => t.fromTripId],
      ['to_trip_id', 'text', (t) => t.toTripId],
      ['transfer_type', 'int2', (t) => t.transferType],
      ['min_transfer_time', 'int4', (t) => t.minTransferTime],
    ],
    feed.transfers,
  );
  await insertRows(
    sql,
    'transit_fare_attribute',
    versionId,
    [
      ['fare_id', 'text', (f) => f.id],
      ['price', 'numeric', (f) => f.price],
      ['currency', 'text', (f) => f.currency],
      ['payment_method', 'int2', (f) => f.paymentMethod],
      ['transfers', 'int2', (f) => f.transfers],
      ['agency_id', 'text', (f) => f.agencyId],
      ['transfer_duration', 'int4', (f) => f.transferDuration],
    ],
    feed.fareAttributes,
  );
  await insertRows(
    sql,
    'transit_fare_rule',
    versionId,
    [
      ['fare_id', 'text', (f) => f.fareId],
      ['route_id', 'text', (f) => f.routeId],
      ['origin_id', 'text', (f) => f.originId],
      ['destination_id', 'text', (f) => f.destinationId],
      ['contains_id', 'text', (f) => f.containsId],
    ],
    feed.fareRules,
  );
}

const VERSION_COLUMNS = `id, tenant, status, source, imported_at AS "importedAt", imported_by AS "importedBy",
  current_since AS "currentSince", timezone, counts, errors, warnings, road_shapes AS "roadShapes"`;

type VersionRow = Omit<FeedVersion, 'importedAt' | 'currentSince'> & {
  importedAt: Date | string;
  currentSince: Date | string | null;
};
const versionOf = (r: VersionRow): FeedVersion => ({
  ...r,
  importedAt: new Date(r.importedAt),
  currentSince: r.currentSince === null ? null : new Date(r.currentSince),
});

export interface NewVersion {
  readonly id: string;
  readonly tenant: string;
  readonly status: FeedStatus;
  readonly source: string;
  readonly importedAt: Date;
  readonly importedBy: string | null;
  readonly timezone: string | null;
  readonly counts: FeedCounts | null;
  readonly errors: readonly FeedIssue[];
  readonly warnings: readonly FeedIssue[];
  readonly roadShapes?: RoadShapes | null;
}

export async function insertVersion(sql: Sql, v: NewVersion): Promise<void> {
  await sql.query(
    `INSERT INTO transit_feed_version (id, tenant, status, source, imported_at, imported_by, timezone, counts, errors, warnings, road_shapes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      v.id,
      v.tenant,
      v.status,
      v.source,
      v.importedAt,
      v.importedBy,
      v.timezone,
      v.counts === null ? null : JSON.stringify(v.counts),
      JSON.stringify(v.errors),
      JSON.stringify(v.warnings),
      v.roadShapes ? JSON.stringify(v.roadShapes) : null,
    ],
  );
}

/**
 * Refreshes the planner's statistics of the schedule's tables after a load: the embedded database has no
 * autovacuum, and a plan made for the few rows it last counted can cost minutes on a feed of millions.
 */
export async function analyzeSchedule(sql: Sql): Promise<void> {
  await sql.exec(`ANALYZE ${LOADED_TABLES.join(', ')}`);
}

/** Makes a loaded version the tenant's current one; the one it replaces becomes previous. */
export async function makeCurrent(tx: Sql, tenant: string, id: string, now: Date): Promise<void> {
  await tx.query(`UPDATE transit_feed_version SET status = 'previous' WHERE tenant = $1 AND status = 'current'`, [
    tenant,
  ]);
  await tx.query(
    `UPDATE transit_feed_version SET status = 'current', current_since = $3 WHERE tenant = $1 AND id = $2`,
    [tenant, id, now],
  );
}

/** A version that could not be loaded: marked failed with why, its rows gone. */
export async function failVersion(sql: Sql, id: string, errors: readonly FeedIssue[]): Promise<void> {
  for (const table of LOADED_TABLES) await sql.query(`DELETE FROM ${table} WHERE version_id = $1`, [id]);
  await sql.query(`UPDATE transit_feed_version SET status = 'failed', errors = $2 WHERE id = $1`, [
    id,
    JSON.stringify(errors),
  ]);
}

const LOADED_TABLES = [
  'transit_stop_time',
  'transit_frequency',
  'transit_transfer',
  'transit_fare_rule',
  'transit_fare_attribute',
  'transit_trip',
  'transit_shape_point',
  'transit_calendar_date',
  'transit_calendar',
  'transit_stop',
  'transit_route',
  'transit_agency',
];

/**
 * Deletes the tenant's versions beyond the newest `keep` (the current one always stays), and imports
 * left half-done by a stopped process.
 */
export async function pruneVersions(sql: Sql, tenant: string, keep: number, staleBefore: Date): Promise<number> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM transit_feed_version
      WHERE tenant = $1 AND status <> 'current'
        AND CASE WHEN status = 'importing' THEN imported_at < $3
                 ELSE id NOT IN (SELECT id FROM transit_feed_version WHERE tenant = $1
                                  ORDER BY imported_at DESC, id DESC LIMIT $2) END`,
    [tenant, keep, staleBefore],
  );
  for (const { id } of rows) {
    for (const table of LOADED_TABLES) await sql.query(`DELETE FROM ${table} WHERE version_id = $1`, [id]);
    await sql.query(`DELETE FROM transit_feed_version WHERE id = $1`, [id]);
  }
  return rows.length;
}

export async function listVersions(
  sql: Sql,
  tenant: string,
  page: { limit: number; offset: number },
): Promise<{ items: FeedVersion[]; total: number }> {
  const { rows } = await sql.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM transit_feed_version WHERE tenant = $1
      ORDER BY imported_at DESC, id DESC LIMIT $2 OFFSET $3`,
    [tenant, page.limit, page.offset],
  );
  const total = await sql.query<{ n: number }>(`SELECT count(*) AS n FROM transit_feed_version WHERE tenant = $1`, [
    tenant,
  ]);
  return { items: rows.map(versionOf), total: total.rows[0]?.n ?? 0 };
}

export async function findVersion(sql: Sql, tenant: string, id: string): Promise<FeedVersion | null> {
  const { rows } = await sql.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM transit_feed_version WHERE tenant = $1 AND id = $2`,
    [tenant, id],
  );
  return rows[0] ? versionOf(rows[0]) : null;
}

export async function currentVersion(sql: Sql, tenant: string): Promise<FeedVersion | null> {
  const { rows } = await sql.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM transit_feed_version WHERE tenant = $1 AND status = 'current'`,
    [tenant],
  );
  return rows[0] ? versionOf(rows[0]) : null;
}

const CURRENT = `(SELECT id FROM transit_feed_version WHERE tenant = $1 AND status = 'current')`;

const ROUTE_COLUMNS = `r.route_id AS id, r.agency_id AS "agencyId", r.short_name AS "shortName",
  r.long_name AS "longName", r.description, r.route_type AS type, r.color, r.text_color AS "textColor"`;

export async function listRoutes(
  sql: Sql,
  tenant: string,
  filter: { type?: number | undefined },
  page: { limit: number; offset: number },
): Promise<{ items: TransitRoute[]; total: number }> {
  const where = `r.version_id = ${CURRENT} AND ($2::int IS NULL OR r.route_type = $2)`;
  const { rows } = await sql.query<TransitRoute>(
    `SELECT ${ROUTE_COLUMNS},
            (SELECT count(*) FROM transit_trip t WHERE t.version_id = r.version_id AND t.route_id = r.route_id)::int AS trips
       FROM transit_route r WHERE ${where}
      ORDER BY r.sort_order NULLS LAST, r.short_name, r.route_id LIMIT $3 OFFSET $4`,
    [tenant, filter.type ?? null, page.limit, page.offset],
  );
  const total = await sql.query<{ n: number }>(`SELECT count(*) AS n FROM transit_route r WHERE ${where}`, [
    tenant,
    filter.type ?? null,
  ]);
  return { items: rows, total: total.rows[0]?.n ?? 0 };
}

const STOP_COLUMNS = `s.stop_id AS id, s.code, s.name, s.description, s.lon, s.lat, s.location_type AS "locationType",
  s.parent_station AS "parentStation", s.zone_id AS "zoneId", s.wheelchair_boarding AS "wheelchairBoarding",
  s.platform_code AS "platformCode"`;

export type StopArea =
  | { readonly kind: 'near'; readonly lon: number; readonly lat: number; readonly radius: number }
  | {
      readonly kind: 'bbox';
      readonly west: number;
      readonly south: number;
      readonly east: number;
      readonly north: number;
    }
  | { readonly kind: 'all' };

/** Vietnamese letters with their marks, and the plain letters a rider may type for them. */
const MARKED = {
  a: 'àáảãạăằắẳẵặâầấẩẫậ',
  d: 'đ',
  e: 'èéẻẽẹêềếểễệ',
  i: 'ìíỉĩị',
  o: 'òóỏõọôồốổỗộơờớởỡợ',
  u: 'ùúủũụưừứửữự',
  y: 'ỳýỷỹỵ',
};
const FOLD_PAIRS = Object.entries(MARKED).flatMap(([plain, marked]) =>
  [...marked, ...marked.toUpperCase()].map((c) => [c, plain] as const),
);
/** translate()'s two lists: every marked letter (either case) and its plain letter. */
const FOLD_FROM = FOLD_PAIRS.map(([c]) => c).join('');
const FOLD_TO = FOLD_PAIRS.map(([, p]) => p).join('');
const FOLD = new Map(FOLD_PAIRS);

/** Lower case without Vietnamese marks, as the search compares names. */
export function foldVietnamese(text: string): string {
  return [...text.normalize('NFC').toLowerCase()].map((c) => FOLD.get(c) ?? c).join('');
}

/** Stops of the current version: near a point (nearest first, with their distance), in a box, or all. */
export async function listStops(
  sql: Sql,
  tenant: string,
  area: StopArea,
  page: { limit: number; offset: number },
  text?: string,
): Promise<{ items: TransitStop[]; total: number }> {
  if (text !== undefined && text !== '' && area.kind === 'all') return searchStops(sql, tenant, page, text);
  let where = `s.version_id = ${CURRENT}`;
  let distance = '';
  let order = 's.stop_id';
  const params: unknown[] = [tenant];
  if (text !== undefined && text !== '') {
    // Contains, whatever the case and the marks (riders type "nguyen" for Nguyễn): the text's own % and
    // _ are matched as themselves.
    params.push(`%${foldVietnamese(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`, FOLD_FROM, FOLD_TO);
    const [n, from, to] = [params.length - 2, params.length - 1, params.length].map((i) => `$${i}`);
    const folded = (column: string) => `translate(lower(${column}), ${from}, ${to})`;
    where += ` AND (${folded('s.name')} LIKE ${n} OR ${folded('s.code')} LIKE ${n} OR ${folded('s.stop_id')} LIKE ${n})`;
  }
  if (area.kind === 'near') {
    // A box around the circle first, which the spatial index answers; then the distance on the sphere.
    const dLat = area.radius / 111_000 + 1e-6;
    const dLon = Math.min(180, dLat / Math.max(0.01, Math.cos((area.lat * Math.PI) / 180)));
    const k = params.length;
    params.push(area.lon, area.lat, area.radius, dLon, dLat);
    const [lon, lat, radius, dx, dy] = [1, 2, 3, 4, 5].map((i) => `$${k + i}`);
    const point = `ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography`;
    where += ` AND s.geom && ST_MakeEnvelope(${lon}::float8 - ${dx}::float8, ${lat}::float8 - ${dy}::float8, ${lon}::float8 + ${dx}::float8, ${lat}::float8 + ${dy}::float8, 4326)
               AND ST_DWithin(s.geom::geography, ${point}, ${radius})`;
    distance = `, ST_Distance(s.geom::geography, ${point}) AS distance`;
    order = 'distance, s.stop_id';
  } else if (area.kind === 'bbox') {
    const k = params.length;
    params.push(area.west, area.south, area.east, area.north);
    where += ` AND s.geom && ST_MakeEnvelope($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, 4326)`;
  }
  const count = await sql.query<{ n: number }>(`SELECT count(*) AS n FROM transit_stop s WHERE ${where}`, params);
  const { rows } = await sql.query<TransitStop>(
    `SELECT ${STOP_COLUMNS}${distance} FROM transit_stop s WHERE ${where}
      ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return {
    items: rows.map((r) => (r.distance === undefined ? r : { ...r, distance: Math.round(r.distance * 10) / 10 })),
    total: count.rows[0]?.n ?? 0,
  };
}

/**
 * A version's stops as the text search reads them, in stop_id order: each one's folded name, code and
 * id. A scan of these in memory takes milliseconds where the database's folded LIKE over every row took
 * about 100 µs a stop (30 s for a national feed's 300,000), holding the embedded database all along.
 */
interface StopTexts {
  readonly version: string;
  readonly ids: string[];
  readonly texts: string[];
}

/** Rows a page of the loading reads, with a turn for other requests between pages. */
const SEARCH_PAGE_ROWS = 5_000;
/** Stops scanned between two turns given to other requests. */
const SEARCH_SCAN_SLICE = 50_000;
/** Between a stop's folded fields, a character no query holds (the database's text cannot hold it). */
const FIELD_GAP = '\u0000';

/** Per database and tenant, the current version's stop texts (or their loading): one version kept. */
const stopTexts = new WeakMap<Sql, Map<string, { version: string; texts: Promise<StopTexts> }>>();

async function loadStopTexts(sql: Sql, version: string): Promise<StopTexts> {
  const ids: string[] = [];
  const texts: string[] = [];
  await forEachPage<{ id: string; name: string | null; code: string | null }>(
    sql,
    `SELECT stop_id AS id, name, code FROM transit_stop
      WHERE version_id = $1 AND stop_id > $2 ORDER BY stop_id LIMIT ${SEARCH_PAGE_ROWS}`,
    [version],
    { start: [''], of: (r) => [r.id] },
    SEARCH_PAGE_ROWS,
    (rows) => {
      for (const r of rows) {
        ids.push(r.id);
        texts.push(foldVietnamese([r.name ?? '', r.code ?? '', r.id].join(FIELD_GAP)));
      }
    },
  );
  return { version, ids, texts };
}

async function currentStopTexts(sql: Sql, tenant: string): Promise<StopTexts | null> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM transit_feed_version WHERE tenant = $1 AND status = 'current'`,
    [tenant],
  );
  const version = rows[0]?.id;
  let byTenant = stopTexts.get(sql);
  if (version === undefined) {
    byTenant?.delete(tenant);
    return null;
  }
  if (byTenant === undefined)
    stopTexts.set(sql, (byTenant = new Map<string, { version: string; texts: Promise<StopTexts> }>()));
  const cached = byTenant.get(tenant);
  if (cached?.version === version) return cached.texts;
  // Loaded once per version; the one no longer current is dropped, not kept beside it.
  const texts = loadStopTexts(sql, version);
  const entry = { version, texts };
  byTenant.set(tenant, entry);
  texts.catch(() => {
    if (byTenant.get(tenant) === entry) byTenant.delete(tenant);
  });
  return texts;
}

/** Text search over all the current version's stops: contains, folded, in stop_id order, counted. */
async function searchStops(
  sql: Sql,
  tenant: string,
  page: { limit: number; offset: number },
  text: string,
): Promise<{ items: TransitStop[]; total: number }> {
  const all = await currentStopTexts(sql, tenant);
  const needle = foldVietnamese(text);
  if (all === null || needle.includes(FIELD_GAP)) return { items: [], total: 0 };
  const pageIds: string[] = [];
  let total = 0;
  for (let i = 0; i < all.texts.length; i++) {
    if (i > 0 && i % SEARCH_SCAN_SLICE === 0) await yieldTurn();
    if (!(all.texts[i] as string).includes(needle)) continue;
    if (total >= page.offset && pageIds.length < page.limit) pageIds.push(all.ids[i] as string);
    total++;
  }
  if (pageIds.length === 0) return { items: [], total };
  const { rows } = await sql.query<TransitStop>(
    `SELECT ${STOP_COLUMNS} FROM transit_stop s WHERE s.version_id = $1 AND s.stop_id = ANY($2::text[])`,
    [all.version, pageIds],
  );
  // The page in the order of the scan (the database's stop_id order, as the loading read it).
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: pageIds.flatMap((id) => byId.get(id) ?? []), total };
}

export interface StopGrid {
  readonly bbox: [number, number, number, number] | null;
  readonly cells: { lon: number; lat: number; count: number }[];
  readonly stops: number;
}

/**
 * Every located stop of the current version in the box (all of them without one), counted on a grid of
 * `cells` × `cells` over their extent: at most that many rows, however many stops.
 */
export async function stopGrid(
  sql: Sql,
  tenant: string,
  box: { west: number; south: number; east: number; north: number } | null,
  cells: number,
): Promise<StopGrid> {
  const params: unknown[] = [tenant];
  let where = `s.version_id = ${CURRENT} AND s.geom IS NOT NULL`;
  if (box) {
    params.push(box.west, box.south, box.east, box.north);
    where += ' AND s.geom && ST_MakeEnvelope($2, $3, $4, $5, 4326)';
  }
  const extent = await sql.query<{ w: number | null; s: number; e: number; n: number; count: number }>(
    `SELECT min(ST_X(s.geom)) AS w, min(ST_Y(s.geom)) AS s, max(ST_X(s.geom)) AS e, max(ST_Y(s.geom)) AS n,
            count(*)::int AS count
       FROM transit_stop s WHERE ${where}`,
    params,
  );
  const e = extent.rows[0];
  if (!e || e.w === null || Number(e.count) === 0) return { bbox: null, cells: [], stops: 0 };
  const [w, so, ea, n] = [Number(e.w), Number(e.s), Number(e.e), Number(e.n)];
  // A cell a hair wider than the extent's share, so the east and north edges fall in the last cell.
  const dx = Math.max(1e-9, (ea - w) / cells) * (1 + 1e-9);
  const dy = Math.max(1e-9, (n - so) / cells) * (1 + 1e-9);
  const k = params.length;
  const { rows } = await sql.query<{ lon: number; lat: number; count: number }>(
    `SELECT avg(ST_X(s.geom)) AS lon, avg(ST_Y(s.geom)) AS lat, count(*)::int AS count
       FROM transit_stop s WHERE ${where}
      GROUP BY floor((ST_X(s.geom) - $${k + 1}::float8) / $${k + 3}::float8),
               floor((ST_Y(s.geom) - $${k + 2}::float8) / $${k + 4}::float8)
      ORDER BY 3 DESC, 1, 2`,
    [...params, w, so, dx, dy],
  );
  return {
    bbox: [w, so, ea, n],
    cells: rows.map((r) => ({ lon: Number(r.lon), lat: Number(r.lat), count: Number(r.count) })),
    stops: Number(e.count),
  };
}

export async function findStop(sql: Sql, tenant: string, id: string): Promise<StopDetail | null> {
  const { rows } = await sql.query<TransitStop>(
    `SELECT ${STOP_COLUMNS} FROM transit_stop s WHERE s.version_id = ${CURRENT} AND s.stop_id = $2`,
    [tenant, id],
  );
  const stop = rows[0];
  if (!stop) return null;
  const children = await sql.query<{ id: string }>(
    `SELECT stop_id AS id FROM transit_stop WHERE version_id = ${CURRENT} AND parent_station = $2 ORDER BY stop_id`,
    [tenant, id],
  );
  // The routes calling here or at the platforms of this station.
  const routes = await sql.query<{ id: string; shortName: string | null; longName: string | null }>(
    `SELECT r.route_id AS id, r.short_name AS "shortName", r.long_name AS "longName" FROM transit_route r
      WHERE r.version_id = ${CURRENT} AND r.route_id IN (
        SELECT t.route_id FROM transit_trip t
          JOIN transit_stop_time st ON st.version_id = t.version_id AND st.trip_id = t.trip_id
         WHERE t.version_id = ${CURRENT}
           AND (st.stop_id = $2 OR st.stop_id IN (
                 SELECT stop_id FROM transit_stop WHERE version_id = ${CURRENT} AND parent_station = $2)))
      ORDER BY r.sort_order NULLS LAST, r.short_name, r.route_id`,
    [tenant, id],
  );
  return { ...stop, children: children.rows.map((c) => c.id), routes: routes.rows };
}

/** `HH:MM:SS` of a column of seconds of the service day (past 24:00 stays past), in SQL. */
const gtfsTime = (column: string) =>
  `CASE WHEN ${column} IS NULL THEN NULL ELSE lpad((${column} / 3600)::text, 2, '0') || ':' ||
     lpad(((${column} % 3600) / 60)::text, 2, '0') || ':' || lpad((${column} % 60)::text, 2, '0') END`;

/**
 * Each GTFS file of a stored version: its columns by their GTFS names (in the order of the SELECT), in
 * a stable order of rows. What the store keeps: the shapes are those of the version (built along the
 * roads where the import did), the files this module does not read are not kept.
 */
const FEED_EXPORT: readonly {
  file: string;
  columns: readonly string[];
  sql: string;
  /** The table's key (NOT NULL columns, the ORDER BY): a big table is read by keyset pages on it. */
  key?: readonly string[];
}[] = [
  {
    file: 'agency.txt',
    columns: ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang', 'agency_phone'],
    sql: `SELECT agency_id, name AS agency_name, url AS agency_url, timezone AS agency_timezone, lang AS agency_lang,
            phone AS agency_phone FROM transit_agency WHERE version_id = $1 ORDER BY agency_id`,
    key: ['agency_id'],
  },
  {
    file: 'stops.txt',
    columns: [
      'stop_id',
      'stop_code',
      'stop_name',
      'stop_desc',
      'stop_lat',
      'stop_lon',
      'zone_id',
      'location_type',
      'parent_station',
      'stop_timezone',
      'wheelchair_boarding',
      'platform_code',
    ],
    sql: `SELECT stop_id, code AS stop_code, name AS stop_name, description AS stop_desc, lat AS stop_lat, lon AS stop_lon,
            zone_id, location_type, parent_station, timezone AS stop_timezone, wheelchair_boarding, platform_code
            FROM transit_stop WHERE version_id = $1 ORDER BY stop_id`,
    key: ['stop_id'],
  },
  {
    file: 'routes.txt',
    columns: [
      'route_id',
      'agency_id',
      'route_short_name',
      'route_long_name',
      'route_desc',
      'route_type',
      'route_url',
      'route_color',
      'route_text_color',
      'route_sort_order',
    ],
    sql: `SELECT route_id, agency_id, short_name AS route_short_name, long_name AS route_long_name, description AS route_desc,
            route_type, url AS route_url, color AS route_color, text_color AS route_text_color, sort_order AS route_sort_order
            FROM transit_route WHERE version_id = $1 ORDER BY route_id`,
    key: ['route_id'],
  },
  {
    file: 'trips.txt',
    columns: [
      'route_id',
      'service_id',
      'trip_id',
      'trip_headsign',
      'trip_short_name',
      'direction_id',
      'block_id',
      'shape_id',
      'wheelchair_accessible',
      'bikes_allowed',
    ],
    sql: `SELECT route_id, service_id, trip_id, headsign AS trip_headsign, short_name AS trip_short_name, direction_id,
            block_id, shape_id, wheelchair_accessible, bikes_allowed
            FROM transit_trip WHERE version_id = $1 ORDER BY trip_id`,
    key: ['trip_id'],
  },
  {
    file: 'stop_times.txt',
    columns: [
      'trip_id',
      'arrival_time',
      'departure_time',
      'stop_id',
      'stop_sequence',
      'stop_headsign',
      'pickup_type',
      'drop_off_type',
      'shape_dist_traveled',
      'timepoint',
    ],
    sql: `SELECT trip_id, ${gtfsTime('arrival_secs')} AS arrival_time, ${gtfsTime('departure_secs')} AS departure_time,
            stop_id, stop_sequence, headsign AS stop_headsign, pickup_type, drop_off_type,
            dist_traveled AS shape_dist_traveled, timepoint
            FROM transit_stop_time WHERE version_id = $1 ORDER BY trip_id, stop_sequence`,
    key: ['trip_id', 'stop_sequence'],
  },
  {
    file: 'calendar.txt',
    columns: [
      'service_id',
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
      'sunday',
      'start_date',
      'end_date',
    ],
    sql: `SELECT service_id, monday::int AS monday, tuesday::int AS tuesday, wednesday::int AS wednesday,
            thursday::int AS thursday, friday::int AS friday, saturday::int AS saturday, sunday::int AS sunday,
            to_char(start_date, 'YYYYMMDD') AS start_date, to_char(end_date, 'YYYYMMDD') AS end_date
            FROM transit_calendar WHERE version_id = $1 ORDER BY service_id`,
    key: ['service_id'],
  },
  {
    file: 'calendar_dates.txt',
    columns: ['service_id', 'date', 'exception_type'],
    sql: `SELECT service_id, to_char(date, 'YYYYMMDD') AS date, exception_type
            FROM transit_calendar_date WHERE version_id = $1 ORDER BY service_id, date`,
    key: ['service_id', 'date'],
  },
  {
    file: 'shapes.txt',
    columns: ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence', 'shape_dist_traveled'],
    sql: `SELECT shape_id, lat AS shape_pt_lat, lon AS shape_pt_lon, sequence AS shape_pt_sequence,
            dist_traveled AS shape_dist_traveled
            FROM transit_shape_point WHERE version_id = $1 ORDER BY shape_id, sequence`,
    key: ['shape_id', 'sequence'],
  },
  {
    file: 'frequencies.txt',
    columns: ['trip_id', 'start_time', 'end_time', 'headway_secs', 'exact_times'],
    sql: `SELECT trip_id, ${gtfsTime('start_secs')} AS start_time, ${gtfsTime('end_secs')} AS end_time, headway_secs,
            exact_times FROM transit_frequency WHERE version_id = $1 ORDER BY trip_id, start_secs, end_secs, headway_secs, exact_times`,
    key: ['trip_id', 'start_secs', 'end_secs', 'headway_secs', 'exact_times'],
  },
  {
    file: 'transfers.txt',
    columns: [
      'from_stop_id',
      'to_stop_id',
      'from_route_id',
      'to_route_id',
      'from_trip_id',
      'to_trip_id',
      'transfer_type',
      'min_transfer_time',
    ],
    sql: `SELECT from_stop_id, to_stop_id, from_route_id, to_route_id, from_trip_id, to_trip_id, transfer_type,
            min_transfer_time FROM transit_transfer WHERE version_id = $1
            ORDER BY from_stop_id, to_stop_id, from_route_id, to_route_id, from_trip_id, to_trip_id`,
  },
  {
    file: 'fare_attributes.txt',
    columns: ['fare_id', 'price', 'currency_type', 'payment_method', 'transfers', 'agency_id', 'transfer_duration'],
    sql: `SELECT fare_id, price::text AS price, currency AS currency_type, payment_method, transfers, agency_id,
            transfer_duration FROM transit_fare_attribute WHERE version_id = $1 ORDER BY fare_id`,
    key: ['fare_id'],
  },
  {
    file: 'fare_rules.txt',
    columns: ['fare_id', 'route_id', 'origin_id', 'destination_id', 'contains_id'],
    sql: `SELECT fare_id, route_id, origin_id, destination_id, contains_id FROM transit_fare_rule WHERE version_id = $1
            ORDER BY fare_id, route_id, origin_id, destination_id, contains_id`,
  },
];

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const csvField = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const text =
    typeof v === 'boolean'
      ? v
        ? '1'
        : '0'
      : typeof v === 'string' || typeof v === 'number'
        ? String(v)
        : JSON.stringify(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Rows of a big table read at a time (then other requests get a turn): about 100 ms of work on the embedded DB (20,000 held it for up to a second). */
const FEED_PAGE = 5_000;

/**
 * A stored version's GTFS files as CSV bytes (a file without rows is left out, except the required
 * ones), each handed to `each` as it is read so that a city's stop_times are not held twice. A keyed
 * table is read by keyset pages of FEED_PAGE rows and its CSV made a page at a time, with an event-loop
 * turn between pages, so that building a big feed never holds other requests for long.
 */
export async function feedFiles(
  sql: Sql,
  versionId: string,
  each: (file: string, bytes: Uint8Array) => void,
): Promise<void> {
  const required = new Set(['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt']);
  const encoder = new TextEncoder();
  for (const { file, columns: names, sql: query, key } of FEED_EXPORT) {
    const chunks = [encoder.encode(`${names.join(',')}\r\n`)];
    let rows = 0;
    const add = (page: readonly Record<string, unknown>[]) => {
      if (page.length === 0) return;
      let text = '';
      for (const r of page) text += `${names.map((n) => csvField(r[n])).join(',')}\r\n`;
      chunks.push(encoder.encode(text));
      rows += page.length;
    };
    if (!key) {
      add((await sql.query<Record<string, unknown>>(query, [versionId])).rows);
    } else {
      // The key read as text and compared as a row with version_id first, so the primary key's index serves it.
      const select = query.replace(/\sFROM\s/, `, ${key.map((k, i) => `${k}::text AS key_${i}`).join(', ')} FROM `);
      const paged = (after: boolean) =>
        `${select.replace(/ORDER BY[\s\S]*$/, '')}${
          after ? ` AND (version_id, ${key.join(', ')}) > ($1, ${key.map((_, i) => `$${i + 2}`).join(', ')})` : ''
        } ORDER BY ${key.join(', ')} LIMIT ${FEED_PAGE}`;
      let last: unknown[] | undefined;
      for (;;) {
        const page = (await sql.query<Record<string, unknown>>(paged(last !== undefined), [versionId, ...(last ?? [])]))
          .rows;
        add(page);
        if (page.length < FEED_PAGE) break;
        const end = page[page.length - 1]!;
        last = key.map((_, i) => end[`key_${i}`]);
        await yieldTurn();
      }
    }
    if (rows === 0 && !required.has(file)) continue;
    let size = 0;
    for (const c of chunks) size += c.length;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    each(file, bytes);
    await yieldTurn();
  }
}
