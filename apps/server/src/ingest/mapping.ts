import type { Instance } from '../context/index.js';
import { decimalNumber, MAX_DEPTH, nestsDeeperThan, parseDateTime, tooDeep } from './decode.js';
import { PayloadRejected } from './errors.js';
import type { AttributeMapping } from './model.js';

/**
 * From the IoT Agent's attribute types (NGSI-v2 style) to NGSI-LD instances. Devices speaking
 * UltraLight send every value as text, so a declared type also says how to read a string.
 */

const NUMBER_TYPES = new Set(['Number', 'Float', 'Integer', 'Percentage', 'Double', 'Int', 'float', 'number']);
const TEXT_TYPES = new Set(['Text', 'String', 'string', 'text']);
const BOOLEAN_TYPES = new Set(['Boolean', 'boolean', 'Bool']);
const POINT = 'geo:point';
const GEOJSON = 'geo:json';
const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const wrongType = (where: string, type: string, value: unknown): PayloadRejected =>
  new PayloadRejected(
    'wrong_type',
    `${where}: ${JSON.stringify(value)?.slice(0, 80)} is not a ${type} value (as the attribute is declared).`,
  );

/** Is this attribute type one the mapping knows how to read, or free (stored as sent)? */
export const isKnownAttributeType = (type: string): boolean =>
  NUMBER_TYPES.has(type) ||
  TEXT_TYPES.has(type) ||
  BOOLEAN_TYPES.has(type) ||
  type === POINT ||
  type === GEOJSON ||
  type === 'DateTime' ||
  type === 'Relationship';

/** Is this attribute type a location (GeoProperty)? */
export const isGeoType = (type: string): boolean => type === POINT || type === GEOJSON;

function toNumber(value: unknown, where: string, type: string): number {
  if (typeof value === 'number') return value;
  const n = typeof value === 'string' ? decimalNumber(value) : undefined;
  if (n !== undefined) {
    if (Number.isFinite(n)) return n;
    throw new PayloadRejected('not_finite', `${where} is not a finite number.`);
  }
  throw wrongType(where, type, value);
}

function toBoolean(value: unknown, where: string, type: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw wrongType(where, type, value);
}

/** geo:point is "lat, lon" in the agent's convention (not GeoJSON's lon, lat); GeoJSON is accepted too. */
function toPoint(value: unknown, where: string): { type: 'Point'; coordinates: [number, number] } {
  if (isObject(value)) return toGeometry(value, where) as { type: 'Point'; coordinates: [number, number] };
  const parts = typeof value === 'string' ? value.split(',').map((p) => decimalNumber(p.trim())) : [];
  const [lat, lon] = parts;
  if (parts.length !== 2 || lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    throw wrongType(where, `${POINT} ("lat, lon")`, value);
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new PayloadRejected(
      'wrong_type',
      `${where}: "${String(value)}" is outside the range of latitude, longitude.`,
    );
  }
  return { type: 'Point', coordinates: [lon, lat] };
}

function toGeometry(value: unknown, where: string): Record<string, unknown> {
  let geometry = value;
  if (typeof value === 'string') {
    if (nestsDeeperThan(value, MAX_DEPTH)) throw tooDeep(where);
    try {
      geometry = JSON.parse(value);
    } catch {
      throw wrongType(where, GEOJSON, value);
    }
  }
  if (!isObject(geometry) || typeof geometry['type'] !== 'string' || !GEOMETRY_TYPES.has(geometry['type'])) {
    throw wrongType(where, `${GEOJSON} geometry`, value);
  }
  if (!Array.isArray(geometry['coordinates'])) throw wrongType(where, `${GEOJSON} geometry`, value);
  const flat = (geometry['coordinates'] as unknown[]).flat(4);
  if (flat.length === 0 || !flat.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw wrongType(where, `${GEOJSON} geometry`, value);
  }
  for (let i = 0; i + 1 < flat.length; i += 2) {
    if (Math.abs(flat[i] as number) > 180 || Math.abs(flat[i + 1] as number) > 90) {
      throw new PayloadRejected('wrong_type', `${where}: a coordinate is outside longitude, latitude range.`);
    }
  }
  return { type: geometry['type'], coordinates: geometry['coordinates'] };
}

/**
 * The NGSI-LD instance of one measured (or static) value of an attribute declared with `type`.
 * Values of undeclared or free types are stored as sent.
 */
export function toInstance(
  type: string,
  value: unknown,
  where: string,
  extras: { readonly observedAt?: string | undefined; readonly unitCode?: string | undefined } = {},
): Instance {
  let instance: Instance;
  if (NUMBER_TYPES.has(type)) instance = { type: 'Property', value: toNumber(value, where, type) };
  else if (BOOLEAN_TYPES.has(type)) instance = { type: 'Property', value: toBoolean(value, where, type) };
  else if (TEXT_TYPES.has(type)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw wrongType(where, type, value);
    }
    instance = { type: 'Property', value: String(value) };
  } else if (type === POINT) instance = { type: 'GeoProperty', value: toPoint(value, where) };
  else if (type === GEOJSON) instance = { type: 'GeoProperty', value: toGeometry(value, where) };
  else if (type === 'DateTime') {
    const at = typeof value === 'string' ? parseDateTime(value) : undefined;
    if (!at) throw wrongType(where, `${type} (ISO 8601 with a time zone, a real date)`, value);
    instance = { type: 'Property', value: { '@type': 'DateTime', '@value': at.toISOString() } };
  } else if (type === 'Relationship') {
    if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) {
      throw wrongType(where, 'Relationship (a URI)', value);
    }
    instance = { type: 'Relationship', object: value };
  } else instance = { type: 'Property', value };
  if (extras.observedAt !== undefined) instance.observedAt = extras.observedAt;
  if (extras.unitCode !== undefined) instance.unitCode = extras.unitCode;
  return instance;
}

/** The type the agent infers for a measure nobody declared. */
export function inferredType(value: unknown): string {
  if (typeof value === 'number') return 'Number';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'Text';
  return 'StructuredValue';
}

/** The declared attribute a measure maps to: by object_id first, then by name. */
export function findMapping(attributes: readonly AttributeMapping[], objectId: string): AttributeMapping | undefined {
  return (
    attributes.find((a) => (a.object_id ?? a.name) === objectId) ??
    attributes.find((a) => a.object_id === undefined && a.name === objectId)
  );
}
