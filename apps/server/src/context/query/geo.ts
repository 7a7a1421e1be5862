import { ngsiErrors } from '../errors.js';
import { GEOMETRY_COLUMNS } from '../jsonld/vocabulary.js';
import type { SqlParams } from './sql.js';

/**
 * NGSI-LD geo-queries (ETSI GS CIM 009 V1.8.1 §4.10, query parameters of §6.4.3.2) over GeoJSON
 * geometries (RFC 7946): a strict parser and validator, and a translator to PostGIS SQL.
 *
 * The entity's geometry is the first operand of every relation and the query geometry the second.
 * Distances are metres on the WGS 84 ellipsoid.
 */

/** A distance in metres. */
export type Meters = number & { readonly __unit: 'metres' };

export type Position = [longitude: number, latitude: number] | [longitude: number, latitude: number, altitude: number];

interface GeometryBase {
  /** RFC 7946 §5: [west, south, east, north] (or with altitudes, 6 numbers). */
  bbox?: number[];
}
export interface GeoJsonPoint extends GeometryBase {
  type: 'Point';
  coordinates: Position;
}
export interface GeoJsonMultiPoint extends GeometryBase {
  type: 'MultiPoint';
  coordinates: Position[];
}
export interface GeoJsonLineString extends GeometryBase {
  type: 'LineString';
  coordinates: Position[];
}
export interface GeoJsonMultiLineString extends GeometryBase {
  type: 'MultiLineString';
  coordinates: Position[][];
}
export interface GeoJsonPolygon extends GeometryBase {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface GeoJsonMultiPolygon extends GeometryBase {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type GeoJsonGeometry =
  GeoJsonPoint | GeoJsonMultiPoint | GeoJsonLineString | GeoJsonMultiLineString | GeoJsonPolygon | GeoJsonMultiPolygon;
export type GeometryType = GeoJsonGeometry['type'];

/** The relations of §4.10 other than `near`, with their Simple Features meaning. */
export type TopologicalRelation = 'within' | 'contains' | 'intersects' | 'equals' | 'disjoint' | 'overlaps';

export interface NearRelation {
  readonly kind: 'near';
  readonly maxDistance?: Meters;
  readonly minDistance?: Meters;
}
export type Georel = NearRelation | { readonly kind: TopologicalRelation };

export interface NearGeoQuery {
  readonly georel: NearRelation;
  readonly geometry: GeoJsonPoint;
  /** The GeoProperty's name (a term of the request's @context). */
  readonly geoproperty: string;
}
export interface TopologicalGeoQuery {
  readonly georel: { readonly kind: TopologicalRelation };
  readonly geometry: GeoJsonGeometry;
  readonly geoproperty: string;
}
export type GeoQuery = NearGeoQuery | TopologicalGeoQuery;

export const isNearQuery = (query: GeoQuery): query is NearGeoQuery => query.georel.kind === 'near';

/** The query parameters as received: strings from a query string, or JSON values from a `geoQ` body. */
export interface GeoQueryInput {
  georel?: string;
  geometry?: string;
  /** JSON text from a query string, or the already-parsed array of a geoQ body. */
  coordinates?: unknown;
  geoproperty?: string;
}

export interface GeoSqlContext {
  readonly params: SqlParams;
  /** The alias of `ngsi_entity` in the statement, e.g. `e`. */
  readonly alias: string;
  /** A term of the request's @context → its expanded IRI. */
  expand(term: string): string;
  /** false: the alias has only `attrs` (e.g. instances gathered from history), no geometry columns. */
  readonly geometryColumns?: boolean;
}

const GEOMETRY_TYPES: readonly GeometryType[] = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
];
const TOPOLOGICAL_RELATIONS: readonly TopologicalRelation[] = [
  'within',
  'contains',
  'intersects',
  'equals',
  'disjoint',
  'overlaps',
];
const DEFAULT_GEOPROPERTY = 'location';
const FORBIDDEN_NAME = /[<>"'=;()\s\p{Cc}]/u;
const DISTANCE = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const SQL_ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SHAPES: Readonly<Record<GeometryType, string>> = {
  Point: 'a Point is one [longitude, latitude] position',
  MultiPoint: 'a MultiPoint is an array of [longitude, latitude] positions',
  LineString: 'a LineString is an array of at least 2 [longitude, latitude] positions',
  MultiLineString: 'a MultiLineString is an array of LineStrings, each an array of [longitude, latitude] positions',
  Polygon: 'a Polygon is an array of linear rings, each an array of [longitude, latitude] positions',
  MultiPolygon:
    'a MultiPolygon is an array of Polygons, each an array of linear rings of [longitude, latitude] positions',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isGeometryType = (v: unknown): v is GeometryType => GEOMETRY_TYPES.includes(v as GeometryType);
const isTopologicalRelation = (v: string): v is TopologicalRelation =>
  TOPOLOGICAL_RELATIONS.includes(v as TopologicalRelation);

/** A short rendering of a rejected value for an error message. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// GeoJSON geometry validation (RFC 7946 §3.1)

/** Checks one geometry type's coordinates; `fail` reports a problem at a path like `coordinates[0][3]`. */
class CoordinatesChecker {
  constructor(
    private readonly type: GeometryType,
    private readonly fail: (path: string, problem: string) => never,
  ) {}

  check(coordinates: unknown): GeoJsonGeometry['coordinates'] {
    const path = 'coordinates';
    switch (this.type) {
      case 'Point':
        return this.position(coordinates, path);
      case 'MultiPoint':
        return this.nonEmpty(coordinates, path, 'point').map((p, i) => this.position(p, `${path}[${i}]`));
      case 'LineString':
        return this.lineString(coordinates, path);
      case 'MultiLineString':
        return this.nonEmpty(coordinates, path, 'LineString').map((l, i) => this.lineString(l, `${path}[${i}]`));
      case 'Polygon':
        return this.polygon(coordinates, path);
      case 'MultiPolygon':
        return this.nonEmpty(coordinates, path, 'Polygon').map((p, i) => this.polygon(p, `${path}[${i}]`));
    }
  }

  private nesting(path: string, value: unknown, expected: string): never {
    return this.fail(path, `must be ${expected}, got ${shown(value)} (${SHAPES[this.type]})`);
  }

  private nonEmpty(value: unknown, path: string, member: string): unknown[] {
    if (!Array.isArray(value)) return this.nesting(path, value, `an array of ${member}s`);
    if (value.length === 0) return this.fail(path, `is empty; a ${this.type} needs at least one ${member}`);
    return value;
  }

  private position(value: unknown, path: string): Position {
    if (!Array.isArray(value) || Array.isArray(value[0])) {
      return this.nesting(path, value, 'a position: an array of 2 or 3 numbers');
    }
    if (value.length < 2 || value.length > 3) {
      return this.fail(
        path,
        `must be a position of 2 or 3 numbers [longitude, latitude(, altitude)], got ${shown(value)}`,
      );
    }
    value.forEach((n, i) => {
      if (typeof n !== 'number' || !Number.isFinite(n)) {
        this.fail(`${path}[${i}]`, `must be a finite number, got ${shown(n)}`);
      }
    });
    const [longitude, latitude] = value as [number, number];
    if (longitude < -180 || longitude > 180) {
      this.fail(path, `has longitude ${longitude}, outside [-180, 180] (positions are [longitude, latitude])`);
    }
    if (latitude < -90 || latitude > 90) {
      this.fail(path, `has latitude ${latitude}, outside [-90, 90] (positions are [longitude, latitude])`);
    }
    return value as Position;
  }

  private positions(value: unknown, path: string, what: string): Position[] {
    if (!Array.isArray(value)) return this.nesting(path, value, what);
    return value.map((p, i) => this.position(p, `${path}[${i}]`));
  }

  private lineString(value: unknown, path: string): Position[] {
    const line = this.positions(value, path, 'a LineString: an array of positions');
    if (line.length < 2) this.fail(path, `has ${line.length} position(s); a LineString needs at least 2`);
    return line;
  }

  private polygon(value: unknown, path: string): Position[][] {
    if (!Array.isArray(value)) return this.nesting(path, value, 'an array of linear rings');
    if (value.length === 0) return this.fail(path, 'is empty; a Polygon needs at least its exterior ring');
    return value.map((r, i) => this.linearRing(r, `${path}[${i}]`));
  }

  private linearRing(value: unknown, path: string): Position[] {
    const ring = this.positions(value, path, 'a linear ring: an array of positions');
    if (ring.length < 4) {
      this.fail(path, `has ${ring.length} position(s); a linear ring needs at least 4, the last repeating the first`);
    }
    const first = ring[0] as Position;
    const last = ring[ring.length - 1] as Position;
    if (first.length !== last.length || first.some((n, i) => n !== last[i])) {
      this.fail(path, `is not closed: its last position ${shown(last)} must repeat its first ${shown(first)}`);
    }
    return ring;
  }
}

function checkBbox(bbox: unknown, fail: (path: string, problem: string) => never): number[] {
  if (!Array.isArray(bbox) || (bbox.length !== 4 && bbox.length !== 6)) {
    return fail('bbox', `must be an array of 4 or 6 numbers, got ${shown(bbox)}`);
  }
  bbox.forEach((n, i) => {
    if (typeof n !== 'number' || !Number.isFinite(n)) fail(`bbox[${i}]`, `must be a finite number, got ${shown(n)}`);
  });
  return bbox as number[];
}

function checkedGeometry(type: GeometryType, coordinates: unknown, subject: string): GeoJsonGeometry {
  const fail = (path: string, problem: string): never => {
    throw ngsiErrors.badRequestData(`${subject} ${type}: ${path} ${problem}.`);
  };
  return { type, coordinates: new CoordinatesChecker(type, fail).check(coordinates) } as GeoJsonGeometry;
}

/**
 * Validates a GeoJSON geometry object `{type, coordinates}` as strictly as RFC 7946 and returns a
 * clean copy (foreign members such as a legacy `crs` dropped; a valid `bbox` kept).
 */
export function validateGeometry(value: unknown): GeoJsonGeometry {
  if (!isObject(value)) {
    throw ngsiErrors.badRequestData(`A GeoJSON geometry must be an object {type, coordinates}, got ${shown(value)}.`);
  }
  const type = value['type'];
  if (type === 'GeometryCollection') {
    throw ngsiErrors.badRequestData(
      'GeoJSON GeometryCollection is not supported: use a MultiPoint, MultiLineString or MultiPolygon instead.',
    );
  }
  if (!isGeometryType(type)) {
    throw ngsiErrors.badRequestData(
      `A GeoJSON geometry's type must be one of ${GEOMETRY_TYPES.join(', ')}, got ${shown(type)}.`,
    );
  }
  if (!('coordinates' in value)) throw ngsiErrors.badRequestData(`GeoJSON ${type}: coordinates are missing.`);
  const geometry = checkedGeometry(type, value['coordinates'], 'GeoJSON');
  if (value['bbox'] !== undefined) {
    geometry.bbox = checkBbox(value['bbox'], (path, problem) => {
      throw ngsiErrors.badRequestData(`GeoJSON ${type}: ${path} ${problem}.`);
    });
  }
  return geometry;
}

// ---------------------------------------------------------------------------------------------
// Query parameters (§4.10, §6.4.3.2)

/** A query parameter that must be text, once (a repeated query parameter arrives as an array). */
function textParam(value: unknown, name: string): string {
  if (typeof value !== 'string') {
    throw ngsiErrors.badRequestData(`${name} must be given once, as text; got ${shown(value)}.`);
  }
  return value;
}

function parseDistance(name: string, text: string): Meters {
  if (!DISTANCE.test(text)) {
    throw ngsiErrors.badRequestData(`georel: ${name} must be a number of metres, got ${shown(text)}.`);
  }
  const metres = Number(text);
  if (!Number.isFinite(metres)) throw ngsiErrors.badRequestData(`georel: ${name} must be a finite number of metres.`);
  if (metres < 0) throw ngsiErrors.badRequestData(`georel: ${name} must not be negative, got ${text}.`);
  return metres as Meters;
}

function parseGeorel(text: string): Georel {
  const [relation = '', ...modifiers] = text.split(';');
  if (relation === 'near') {
    const distances: { maxDistance?: Meters; minDistance?: Meters } = {};
    for (const modifier of modifiers) {
      const [name, value, ...rest] = modifier.split('==');
      if ((name !== 'maxDistance' && name !== 'minDistance') || value === undefined || rest.length > 0) {
        throw ngsiErrors.badRequestData(
          `georel: ${shown(modifier)} is not a distance; near takes maxDistance==<metres> and/or minDistance==<metres>.`,
        );
      }
      if (distances[name] !== undefined) throw ngsiErrors.badRequestData(`georel: ${name} is given twice.`);
      distances[name] = parseDistance(name, value);
    }
    const { maxDistance, minDistance } = distances;
    if (maxDistance === undefined && minDistance === undefined) {
      throw ngsiErrors.badRequestData(
        'georel: near needs maxDistance==<metres> or minDistance==<metres>, e.g. near;maxDistance==1000.',
      );
    }
    if (maxDistance !== undefined && minDistance !== undefined && minDistance > maxDistance) {
      throw ngsiErrors.badRequestData(
        `georel: minDistance (${minDistance}) is greater than maxDistance (${maxDistance}); nothing could match.`,
      );
    }
    return { kind: 'near', ...distances };
  }
  if (isTopologicalRelation(relation)) {
    if (modifiers.length > 0) {
      throw ngsiErrors.badRequestData(`georel: ${relation} takes no modifiers, got ${shown(text)}.`);
    }
    return { kind: relation };
  }
  throw ngsiErrors.badRequestData(
    `georel: unknown relation ${shown(relation)}; use near, within, contains, intersects, equals, disjoint or overlaps.`,
  );
}

function parseCoordinates(value: unknown): unknown {
  if (typeof value !== 'string') {
    if (!Array.isArray(value)) {
      throw ngsiErrors.badRequestData(`coordinates must be a JSON array, e.g. [105.85,21.03]; got ${shown(value)}.`);
    }
    return value;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw ngsiErrors.badRequestData(
      `coordinates must be the JSON text of an array, e.g. [105.85,21.03]; ${shown(value)} is not valid JSON.`,
    );
  }
  if (!Array.isArray(parsed)) {
    throw ngsiErrors.badRequestData(`coordinates must be a JSON array, e.g. [105.85,21.03]; got ${shown(value)}.`);
  }
  return parsed;
}

/**
 * The geo-query of a request, or undefined when it has none. georel, geometry and coordinates come
 * together; geoproperty defaults to `location`.
 */
export function parseGeoQuery(input: GeoQueryInput): GeoQuery | undefined {
  const given = { georel: input.georel, geometry: input.geometry, coordinates: input.coordinates };
  const missing = Object.entries(given)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) {
    throw ngsiErrors.badRequestData(
      `A geo-query needs georel, geometry and coordinates together; ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing.`,
    );
  }
  const georel = parseGeorel(textParam(input.georel, 'georel'));
  const geometryType = textParam(input.geometry, 'geometry');
  if (!isGeometryType(geometryType)) {
    throw ngsiErrors.badRequestData(
      `geometry must be one of ${GEOMETRY_TYPES.join(', ')}; got ${shown(geometryType)}.`,
    );
  }
  if (georel.kind === 'near' && geometryType !== 'Point') {
    throw ngsiErrors.badRequestData(
      `georel near measures distance from a point: geometry must be Point, got ${geometryType}.`,
    );
  }
  const geoproperty =
    input.geoproperty === undefined ? DEFAULT_GEOPROPERTY : textParam(input.geoproperty, 'geoproperty');
  if (geoproperty === '' || FORBIDDEN_NAME.test(geoproperty)) {
    throw ngsiErrors.badRequestData(`geoproperty must name a GeoProperty, got ${shown(geoproperty)}.`);
  }
  const geometry = checkedGeometry(geometryType, parseCoordinates(input.coordinates), 'geo-query');
  if (georel.kind === 'near') return { georel, geometry: geometry as GeoJsonPoint, geoproperty };
  return { georel, geometry, geoproperty };
}

// ---------------------------------------------------------------------------------------------
// SQL

/** The shortest WGS 84 degree of latitude (at the equator), in metres. */
const MIN_METRES_PER_DEGREE_LATITUDE = 110_574;
/** A degree of longitude at the equator on the WGS 84 semi-major axis (6 378 137 m × π / 180). */
const METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111_319.49;
/** Geodesic edges bulge poleward of their vertices' box: 0.01° covers edges up to 3° of longitude long. */
const EDGE_BULGE_DEGREES = 0.01;
/** Headroom for rounding in the degree bounds. */
const ROUNDING = 1.001;

/** A lon/lat box holding every point within `metres` of a position, for an index-friendly prefilter. */
export function searchEnvelope(
  [longitude, latitude]: Position,
  metres: Meters,
): [west: number, south: number, east: number, north: number] {
  const dLat = (metres / MIN_METRES_PER_DEGREE_LATITUDE) * ROUNDING + EDGE_BULGE_DEGREES;
  const south = Math.max(-90, latitude - dLat);
  const north = Math.min(90, latitude + dLat);
  // A degree of longitude is shortest at the latitude farthest from the equator that can be reached.
  const cosine = Math.cos((Math.max(Math.abs(south), Math.abs(north)) * Math.PI) / 180);
  const dLon =
    cosine < 1e-9
      ? Infinity
      : (metres / (METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR * cosine)) * ROUNDING + EDGE_BULGE_DEGREES;
  // Across the antimeridian or over a pole every longitude is reachable.
  if (longitude - dLon < -180 || longitude + dLon > 180) return [-180, south, 180, north];
  return [longitude - dLon, south, longitude + dLon, north];
}

/**
 * Values added once per statement, so the WHERE and the ORDER BY share their parameters (the broker
 * runs count(*) with the WHERE alone and the same values: no parameter may appear only in ORDER BY).
 */
const sharedParams = new WeakMap<SqlParams, Map<unknown, string>>();

function sharedParam(params: SqlParams, key: unknown, value: () => unknown): string {
  let placeholders = sharedParams.get(params);
  if (!placeholders) {
    placeholders = new Map();
    sharedParams.set(params, placeholders);
  }
  let placeholder = placeholders.get(key);
  if (placeholder === undefined) {
    placeholder = params.add(value());
    placeholders.set(key, placeholder);
  }
  return placeholder;
}

function queryGeometrySql(query: GeoQuery, params: SqlParams): string {
  const { type, coordinates } = query.geometry;
  const placeholder = sharedParam(params, query, () => JSON.stringify({ type, coordinates }));
  const geometry = `ST_SetSRID(ST_GeomFromGeoJSON(${placeholder}::text), 4326)`;
  // RFC 7946 allows self-intersecting rings, which GEOS would reject with an error mid-query.
  const polygonal = type === 'Polygon' || type === 'MultiPolygon';
  return polygonal ? `ST_MakeValid(${geometry}, 'method=structure')` : geometry;
}

/** A stored geometry that GEOS can relate without raising: invalid polygons are repaired first. */
const relatable = (g: string) =>
  `(CASE WHEN ST_Dimension(${g}) < 2 OR ST_IsValid(${g}) THEN ${g} ELSE ST_MakeValid(${g}, 'method=structure') END)`;

const TOPOLOGICAL_SQL: Readonly<Record<TopologicalRelation, (g: string, q: string) => string>> = {
  // The bounding-box operator on the bare column is what the GiST index serves.
  within: (g, q) => `${g} && ${q} AND ST_Within(${relatable(g)}, ${q})`,
  contains: (g, q) => `${g} ~ ${q} AND ST_Contains(${relatable(g)}, ${q})`,
  intersects: (g, q) => `${g} && ${q} AND ST_Intersects(${relatable(g)}, ${q})`,
  equals: (g, q) => `${g} && ${q} AND ST_Equals(${relatable(g)}, ${q})`,
  disjoint: (g, q) => `ST_Disjoint(${relatable(g)}, ${q})`,
  overlaps: (g, q) => `${g} && ${q} AND ST_Overlaps(${relatable(g)}, ${q})`,
};

/** The georel applied to one stored geometry expression `g`. */
function relationSql(g: string, query: GeoQuery, params: SqlParams): string {
  const q = queryGeometrySql(query, params);
  if (!isNearQuery(query)) return `(${TOPOLOGICAL_SQL[query.georel.kind](g, q)})`;
  const { maxDistance, minDistance } = query.georel;
  const conditions: string[] = [];
  if (maxDistance !== undefined) {
    const box = searchEnvelope(query.geometry.coordinates, maxDistance).map((d) => `${params.add(d)}::float8`);
    // ST_DWithin over geography casts cannot use the geometry index; the box test can.
    conditions.push(`${g} && ST_MakeEnvelope(${box.join(', ')}, 4326)`);
    conditions.push(`ST_DWithin(${g}::geography, ${q}::geography, ${params.add(maxDistance)}::float8)`);
  }
  if (minDistance !== undefined) {
    conditions.push(`ST_Distance(${g}::geography, ${q}::geography) >= ${params.add(minDistance)}::float8`);
  }
  return `(${conditions.join(' AND ')})`;
}

/** jsonpath predicates that are true when a GeoJSON value would make ST_GeomFromGeoJSON or GEOS raise. */
const BAD_POSITION =
  '@.type() != "array" || @.size() < 2 || exists (@[*] ? (@.type() != "number")) || @[0] < -180 || @[0] > 180 || @[1] < -90 || @[1] > 90';
const BAD_RING = '@.type() != "array" || @.size() < 4 || @[0][0] != @[last][0] || @[0][1] != @[last][1]';
const MALFORMED: Readonly<Record<GeometryType, string>> = {
  Point: `strict exists ($.coordinates ? (${BAD_POSITION}))`,
  MultiPoint: `strict exists ($.coordinates[*] ? (${BAD_POSITION}))`,
  LineString: `strict exists ($.coordinates[*] ? (${BAD_POSITION})) || $.coordinates.size() < 2`,
  MultiLineString: `strict exists ($.coordinates[*][*] ? (${BAD_POSITION})) || exists ($.coordinates[*] ? (@.type() != "array" || @.size() < 2))`,
  Polygon: `strict exists ($.coordinates[*][*] ? (${BAD_POSITION})) || exists ($.coordinates[*] ? (${BAD_RING}))`,
  MultiPolygon: `strict exists ($.coordinates[*][*][*] ? (${BAD_POSITION})) || exists ($.coordinates[*][*] ? (${BAD_RING}))`,
};

/** True only for a GeoJSON value that is safe to convert (errors and unknown types give NULL, not true). */
function wellFormedSql(value: string): string {
  const cases = GEOMETRY_TYPES.map(
    (type) => `WHEN '${type}' THEN jsonb_path_match(${value}, '${MALFORMED[type]}', '{}', true)`,
  );
  return `(CASE ${value} ->> 'type' ${cases.join(' ')} END) IS FALSE`;
}

/** Rows of (instance.doc, stored.geom): each instance of attribute `iri`, with its geometry when it is a GeoProperty. */
function instanceGeometriesSql(alias: string, iriParam: string): string {
  const attribute = `${alias}.attrs -> ${iriParam}::text`;
  const value = `instance.doc -> 'value'`;
  const geometry = `ST_SetSRID(ST_GeomFromGeoJSON(jsonb_build_object('type', ${value} -> 'type', 'coordinates', ${value} -> 'coordinates')::text), 4326)`;
  // OFFSET 0 keeps the guarded conversion in one place instead of being inlined at every use.
  return `jsonb_array_elements(CASE WHEN jsonb_typeof(${attribute}) = 'array' THEN ${attribute} ELSE '[]'::jsonb END) AS instance(doc)
    CROSS JOIN LATERAL (SELECT CASE WHEN instance.doc ->> 'type' = 'GeoProperty' AND ${wellFormedSql(value)} THEN ${geometry} END AS geom OFFSET 0) AS stored`;
}

function checkAlias(alias: string): string {
  if (!SQL_ALIAS.test(alias)) throw new Error(`geo-query SQL: ${JSON.stringify(alias)} is not a table alias`);
  return alias;
}

/** The geometry column of a GeoProperty that has one (location, observationSpace, operationSpace). */
function geometryColumn(iri: string): string | undefined {
  return Object.hasOwn(GEOMETRY_COLUMNS, iri) ? GEOMETRY_COLUMNS[iri] : undefined;
}

/**
 * A WHERE condition that holds when `geometry` (an SQL expression of an SRID 4326 geometry, NULL for
 * none) matches the geo-query: for geometries kept outside `ngsi_entity` (context source registrations).
 */
export function geometryMatchesSql(geometry: string, query: GeoQuery, params: SqlParams): string {
  return relationSql(geometry, query, params);
}

/** A WHERE condition over `ngsi_entity` (as ctx.alias) that holds when the entity matches the geo-query. */
export function geoToSql(query: GeoQuery, ctx: GeoSqlContext): string {
  const alias = checkAlias(ctx.alias);
  const iri = ctx.expand(query.geoproperty);
  const column = ctx.geometryColumns === false ? undefined : geometryColumn(iri);
  if (column !== undefined) return relationSql(`${alias}.${column}`, query, ctx.params);
  // Other GeoProperties live only in attrs: any instance may match.
  const iriParam = sharedParam(ctx.params, `attribute ${iri}`, () => iri);
  const instances = instanceGeometriesSql(alias, iriParam);
  // Attribute existence is served by the GIN index on attrs, so only entities that have it are unpacked.
  return `(${alias}.attrs ? ${iriParam}::text AND EXISTS (SELECT 1 FROM ${instances} WHERE ${relationSql('stored.geom', query, ctx.params)}))`;
}

/**
 * An ORDER BY expression: the entity's distance in metres from the query geometry (for `near`, the
 * point), nearest first; over several instances, the nearest one counts. Call it after geoToSql with
 * the same params: it reuses their placeholders and adds none.
 */
export function geoDistanceOrderSql(query: GeoQuery, ctx: GeoSqlContext): string {
  const alias = checkAlias(ctx.alias);
  const q = queryGeometrySql(query, ctx.params);
  const iri = ctx.expand(query.geoproperty);
  const column = geometryColumn(iri);
  if (column !== undefined) return `ST_Distance(${alias}.${column}::geography, ${q}::geography)`;
  const iriParam = sharedParam(ctx.params, `attribute ${iri}`, () => iri);
  const instances = instanceGeometriesSql(alias, iriParam);
  return `(SELECT min(ST_Distance(stored.geom::geography, ${q}::geography)) FROM ${instances})`;
}
