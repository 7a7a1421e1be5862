import type { Logger } from 'pino';
import type { Attributes, ContextResolver, ContextService, Entity, TermMap } from '../context/index.js';
import type { EventBus } from '../platform/bus.js';
import type { Database, Sql } from '../platform/db/index.js';
import { AppError, problems } from '../platform/errors.js';
import { MAX_ID_LENGTH } from '../platform/http/input-guard.js';
import { ingestErrors, PayloadRejected } from './errors.js';
import { isGeoType, isKnownAttributeType, toInstance } from './mapping.js';
import {
  defaultEntityName,
  profileOf,
  ROOT_SERVICE_PATH,
  type AttributeMapping,
  type Command,
  type Device,
  type DeviceProfile,
  type ServiceGroup,
  type StaticAttribute,
} from './model.js';
import type { DeviceView, ServiceGroupView } from './schemas.js';
import * as store from './store.js';

export { profileOf } from './model.js';
export type { DeviceProfile } from './model.js';

/**
 * The IoT Agent's provisioning API (/iot/services, /iot/devices): bodies are read with the agent's field
 * names, checked completely before anything is written, and kept in the shapes of model.ts.
 *
 * Accepted but not used (the agent's settings that have no meaning here, or not yet):
 *   cbroker, cbHost, trust   the context broker is this platform, and needs no token from a device
 *   ngsiVersion, payloadType entities are always written as NGSI-LD, measures always read as the agent's JSON
 *   internal_attributes      free-form data of other agents' plugins
 *   useCBflowControl, storeLastMeasure, polling, timezone, description, and a group's transport and endpoint
 * Refused because ignoring them would store data other than asked: lazy attributes (when not empty),
 * expressions (expression, entityNameExp, expressionLanguage), multi-entity mappings, reverse and
 * skipValue, explicitAttrs other than true or false, metadata other than unitCode.
 */

/** A service path as Orion and the IoT Agent write it: absolute, up to 10 levels of letters, digits and _. */
const PATH_SEGMENT = /^[A-Za-z0-9_]{1,50}$/;
const MAX_PATH_LEVELS = 10;
const KEY = /^[A-Za-z0-9_.:-]{1,128}$/; // apikeys and device ids travel in MQTT topics and in entity ids
const RESOURCE = /^\/[A-Za-z0-9_./-]{0,127}$/;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.:-]{1,256}$/;
const ENTITY_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,255}$/;
const UNIT_CODE = /^[A-Za-z0-9_.-]{1,32}$/;
const PROTOCOL = /^[A-Za-z0-9_.:-]{1,64}$/;
// An entity id the NGSI-LD API can address: at most MAX_ID_LENGTH characters.
const URI = new RegExp(`(?=^.{1,${MAX_ID_LENGTH}}$)^[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>"{}|\\\\^\`]+$`);
/** Entity members in NGSI-LD, never attribute names. */
const RESERVED_NAMES = new Set(['id', 'type', 'scope']);
/** Attribute types stored as sent (NGSI-v2's structured values). */
const FREE_TYPES = new Set(['StructuredValue', 'Array', 'Object']);
const TRANSPORTS = new Set(['HTTP', 'MQTT']);
const MAX_ITEMS = 1000;
const MAX_ATTRIBUTES = 200;

const IGNORED_GROUP_FIELDS = [
  'cbroker',
  'cbHost',
  'trust',
  'transport',
  'endpoint',
  'description',
  'internal_attributes',
  'ngsiVersion',
  'payloadType',
  'useCBflowControl',
  'storeLastMeasure',
] as const;
const IGNORED_DEVICE_FIELDS = [
  'timezone',
  'internal_attributes',
  'ngsiVersion',
  'payloadType',
  'useCBflowControl',
  'storeLastMeasure',
  'polling',
] as const;
const GROUP_FIELDS = new Set<string>([
  'apikey',
  'resource',
  'entity_type',
  'attributes',
  'static_attributes',
  'commands',
  'explicitAttrs',
  'timestamp',
  'autoprovision',
  'lazy',
  'service',
  'subservice',
  'defaultEntityNameConjunction',
  ...IGNORED_GROUP_FIELDS,
]);
const DEVICE_FIELDS = new Set<string>([
  'device_id',
  'entity_name',
  'entity_type',
  'apikey',
  'protocol',
  'transport',
  'endpoint',
  'attributes',
  'static_attributes',
  'commands',
  'explicitAttrs',
  'timestamp',
  'lazy',
  'service',
  'service_path',
  ...IGNORED_DEVICE_FIELDS,
]);
const MAPPING_FIELDS = new Set(['object_id', 'name', 'type', 'metadata', 'unitCode']);
const STATIC_FIELDS = new Set(['name', 'type', 'value', 'metadata', 'unitCode']);
const COMMAND_FIELDS = new Set(['name', 'type']);
const NO_EXPRESSIONS = 'expressions are not evaluated by this platform';
/** Fields of the agent's that ask for what this platform does not do: refused, with the reason. */
const CONFIG_UNSUPPORTED: Readonly<Record<string, string>> = {
  entityNameExp: `${NO_EXPRESSIONS}; give each device its entity_name`,
  expressionLanguage: NO_EXPRESSIONS,
};
const MULTI_ENTITY = 'a measure updates the entity of its own device (multi-entity mappings are not supported)';
const ATTRIBUTE_UNSUPPORTED: Readonly<Record<string, string>> = {
  expression: NO_EXPRESSIONS,
  reverse: NO_EXPRESSIONS,
  skipValue: NO_EXPRESSIONS,
  entity_name: MULTI_ENTITY,
  entity_type: MULTI_ENTITY,
};

type Json = Record<string, unknown>;

const invalid = (detail: string) => ingestErrors.invalidProvisioning(detail);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (where: string, key: string) => (where === '' ? key : `${where}.${key}`);
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? String(v);

function objectAt(value: unknown, where: string): Json {
  if (!isObject(value)) throw invalid(`${where} must be a JSON object (got ${show(value)}).`);
  return value;
}

/** Unknown fields are refused, so that a typo never passes for a setting that was applied. */
function checkFields(
  obj: Json,
  where: string,
  known: ReadonlySet<string>,
  what: string,
  unsupported: Readonly<Record<string, string>> = {},
): void {
  for (const key of Object.keys(obj)) {
    if (known.has(key)) continue;
    const reason = unsupported[key];
    if (reason !== undefined) throw invalid(`${at(where, key)} is not supported: ${reason}.`);
    throw invalid(`${at(where, key)} is not a field of ${what}.`);
  }
}

function stringAt(obj: Json, key: string, where: string, rule: RegExp, hint: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !rule.test(value)) {
    throw invalid(`${at(where, key)} must be ${hint} (got ${show(value)}).`);
  }
  return value;
}

function requiredString(obj: Json, key: string, where: string, rule: RegExp, hint: string): string {
  const value = stringAt(obj, key, where, rule, hint);
  if (value === undefined) throw invalid(`${at(where, key)} is required.`);
  return value;
}

function booleanAt(obj: Json, key: string, where: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${at(where, key)} must be true or false (got ${show(value)}).`);
  return value;
}

function arrayAt(obj: Json, key: string, where: string, max: number): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(`${at(where, key)} must be an array (got ${show(value)}).`);
  if (value.length > max) throw invalid(`${at(where, key)} may hold at most ${max} items.`);
  return value as unknown[];
}

const NAME_HINT = 'an attribute name (letters, digits, _ - . :)';
const TYPE_HINT = 'an attribute type (Number, Text, Boolean, DateTime, geo:point, geo:json, Relationship, …)';

function attributeName(obj: Json, where: string): string {
  const name = requiredString(obj, 'name', where, ATTRIBUTE_NAME, NAME_HINT);
  if (RESERVED_NAMES.has(name)) throw invalid(`${at(where, 'name')}: "${name}" is an entity member, not an attribute.`);
  return name;
}

function attributeType(obj: Json, where: string): string {
  const type = obj['type'];
  if (typeof type !== 'string' || !(isKnownAttributeType(type) || FREE_TYPES.has(type))) {
    throw invalid(
      `${at(where, 'type')} must be ${TYPE_HINT}, or StructuredValue, Array or Object for a value kept as sent ` +
        `(got ${show(type)}).`,
    );
  }
  return type;
}

/** The location of an entity is its GeoProperty: anything else under that name breaks geo-queries. */
function checkLocation(name: string, type: string, where: string): void {
  if (name === 'location' && !isGeoType(type)) {
    throw invalid(`${at(where, 'type')}: the attribute location must be of type geo:point or geo:json (got ${type}).`);
  }
}

/** A unit code, given flat (`unitCode`) or as the agent's metadata (`metadata.unitCode.value`). */
function unitCodeOf(obj: Json, where: string): string | undefined {
  const flat = stringAt(obj, 'unitCode', where, UNIT_CODE, 'a UN/CEFACT unit code');
  const metadata = obj['metadata'];
  if (metadata === undefined) return flat;
  const meta = objectAt(metadata, at(where, 'metadata'));
  for (const key of Object.keys(meta)) {
    if (key !== 'unitCode') {
      throw invalid(`${at(where, `metadata.${key}`)} is not supported: unitCode is the only metadata kept.`);
    }
  }
  const raw = meta['unitCode'];
  if (raw === undefined) return flat;
  if (isObject(raw)) checkFields(raw, at(where, 'metadata.unitCode'), new Set(['type', 'value']), 'a metadata item');
  const value = isObject(raw) ? raw['value'] : raw;
  if (typeof value !== 'string' || !UNIT_CODE.test(value)) {
    throw invalid(`${at(where, 'metadata.unitCode.value')} must be a UN/CEFACT unit code (got ${show(value)}).`);
  }
  if (flat !== undefined && flat !== value) {
    throw invalid(`${at(where, 'unitCode')} and ${at(where, 'metadata.unitCode')} differ: give one.`);
  }
  return value;
}

function parseMappings(obj: Json, where: string): AttributeMapping[] | undefined {
  const list = arrayAt(obj, 'attributes', where, MAX_ATTRIBUTES);
  if (list === undefined) return undefined;
  const keys = new Set<string>();
  return list.map((raw, i) => {
    const w = `${at(where, 'attributes')}[${i}]`;
    const o = objectAt(raw, w);
    checkFields(o, w, MAPPING_FIELDS, 'an attribute', ATTRIBUTE_UNSUPPORTED);
    const name = attributeName(o, w);
    const objectId = stringAt(o, 'object_id', w, KEY, 'a measure name (letters, digits, _ - . :)');
    const type = attributeType(o, w);
    checkLocation(name, type, w);
    const unitCode = unitCodeOf(o, w);
    const key = objectId ?? name;
    if (keys.has(key)) throw invalid(`${w}: the measure "${key}" is mapped twice.`);
    keys.add(key);
    return {
      ...(objectId !== undefined ? { object_id: objectId } : {}),
      name,
      type,
      ...(unitCode !== undefined ? { unitCode } : {}),
    };
  });
}

function parseStatics(obj: Json, where: string): StaticAttribute[] | undefined {
  const list = arrayAt(obj, 'static_attributes', where, MAX_ATTRIBUTES);
  if (list === undefined) return undefined;
  const names = new Set<string>();
  return list.map((raw, i) => {
    const w = `${at(where, 'static_attributes')}[${i}]`;
    const o = objectAt(raw, w);
    checkFields(o, w, STATIC_FIELDS, 'a static attribute', ATTRIBUTE_UNSUPPORTED);
    const name = attributeName(o, w);
    const type = attributeType(o, w);
    checkLocation(name, type, w);
    const unitCode = unitCodeOf(o, w);
    if (!('value' in o) || o['value'] === undefined) throw invalid(`${at(w, 'value')} is required.`);
    if (names.has(name)) throw invalid(`${w}: the static attribute "${name}" is given twice.`);
    names.add(name);
    // The value must make an NGSI-LD attribute now, not fail on every entity written later.
    try {
      toInstance(type, o['value'], at(w, 'value'));
    } catch (err) {
      if (err instanceof PayloadRejected) throw invalid(err.message);
      throw err;
    }
    return { name, type, value: o['value'], ...(unitCode !== undefined ? { unitCode } : {}) };
  });
}

function parseCommands(obj: Json, where: string): Command[] | undefined {
  const list = arrayAt(obj, 'commands', where, MAX_ATTRIBUTES);
  if (list === undefined) return undefined;
  const names = new Set<string>();
  return list.map((raw, i) => {
    const w = `${at(where, 'commands')}[${i}]`;
    const o = objectAt(raw, w);
    checkFields(o, w, COMMAND_FIELDS, 'a command', ATTRIBUTE_UNSUPPORTED);
    const name = attributeName(o, w);
    const type = stringAt(o, 'type', w, ENTITY_TYPE, 'a command type such as "command"') ?? 'command';
    if (names.has(name)) throw invalid(`${w}: the command "${name}" is given twice.`);
    names.add(name);
    return { name, type };
  });
}

/** Fields of the agent's that are not stored here, yet must not ask for something other than what happens. */
function checkAgentOnlyFields(obj: Json, where: string, scope: Scope, pathField: 'subservice' | 'service_path') {
  const lazy = arrayAt(obj, 'lazy', where, MAX_ATTRIBUTES);
  if (lazy !== undefined && lazy.length > 0) {
    throw invalid(
      `${at(where, 'lazy')} is not supported: attributes are written by measures, never fetched on demand.`,
    );
  }
  const service = obj['service'];
  if (service !== undefined && service !== scope.tenant) {
    throw invalid(`${at(where, 'service')} (${show(service)}) differs from the Fiware-Service header, which decides.`);
  }
  const path = obj[pathField];
  if (path !== undefined && path !== scope.servicePath) {
    throw invalid(`${at(where, pathField)} (${show(path)}) differs from the Fiware-ServicePath header, which decides.`);
  }
  const conjunction = obj['defaultEntityNameConjunction'];
  if (conjunction !== undefined && conjunction !== ':') {
    throw invalid(
      `${at(where, 'defaultEntityNameConjunction')} is not supported: entity ids are urn:ngsi-ld:<type>:<id>.`,
    );
  }
}

function explicitAttrsAt(obj: Json, where: string): boolean | undefined {
  const value = obj['explicitAttrs'];
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(
      `${at(where, 'explicitAttrs')} must be true or false (expressions are not supported; got ${show(value)}).`,
    );
  }
  return value;
}

function transportAt(obj: Json, where: string): string | undefined {
  const value = obj['transport'];
  if (value === undefined) return undefined;
  const upper = typeof value === 'string' ? value.toUpperCase() : undefined;
  if (upper === undefined || !TRANSPORTS.has(upper)) {
    throw invalid(`${at(where, 'transport')} must be HTTP or MQTT (got ${show(value)}).`);
  }
  return upper;
}

function endpointAt(obj: Json, where: string): string | undefined {
  const value = obj['endpoint'];
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalid(`${at(where, 'endpoint')} must be an http(s) URL (got ${show(value)}).`);
  }
  return value as string;
}

/** Where a request provisions: its tenant (Fiware-Service) and service path (Fiware-ServicePath). */
export interface Scope {
  readonly tenant: string;
  readonly servicePath: string;
}

function checkPath(raw: string, header: string): string {
  const segments = raw === ROOT_SERVICE_PATH ? [] : raw.split('/').slice(1);
  if (!raw.startsWith('/') || segments.length > MAX_PATH_LEVELS || !segments.every((s) => PATH_SEGMENT.test(s))) {
    throw invalid(
      `${header} "${raw}" is not a service path: "/" or up to ${MAX_PATH_LEVELS} levels like /hanoi/air ` +
        '(letters, digits and _).',
    );
  }
  return raw;
}

/** The service path things are provisioned in: the header's, else the root. */
export function servicePathOf(header: string | undefined): string {
  return header === undefined || header === '' ? ROOT_SERVICE_PATH : checkPath(header, 'Fiware-ServicePath');
}

/**
 * The service paths a read covers. As in Orion, a read without the header covers every path, and
 * /a/# covers /a and the paths below it; /* (the agent's) is every path.
 */
export function servicePathFilter(header: string | undefined): store.ServicePathFilter {
  if (header === undefined || header === '' || header === '/#' || header === '/*') return null;
  if (header.endsWith('/#')) return { path: checkPath(header.slice(0, -2), 'Fiware-ServicePath'), descendants: true };
  return { path: checkPath(header, 'Fiware-ServicePath'), descendants: false };
}

const inScope = (filter: store.ServicePathFilter, path: string): boolean =>
  filter === null ||
  path === filter.path ||
  (filter.descendants && path.startsWith(`${filter.path === '/' ? '' : filter.path}/`));

function itemsOf(body: unknown, key: 'services' | 'devices'): Json[] {
  const obj = objectAt(body, 'The body');
  checkFields(obj, '', new Set([key]), `the body (it holds "${key}")`);
  const list = arrayAt(obj, key, '', MAX_ITEMS);
  if (list === undefined || list.length === 0) throw invalid(`${key} must be an array of at least one item.`);
  return list.map((item, i) => objectAt(item, `${key}[${i}]`));
}

function parseGroup(raw: Json, where: string, scope: Scope): ServiceGroup {
  checkFields(raw, where, GROUP_FIELDS, 'a service group', CONFIG_UNSUPPORTED);
  checkAgentOnlyFields(raw, where, scope, 'subservice');
  return {
    tenant: scope.tenant,
    servicePath: scope.servicePath,
    apikey: requiredString(raw, 'apikey', where, KEY, 'an API key (letters, digits, _ - . :, at most 128)'),
    resource: requiredString(raw, 'resource', where, RESOURCE, 'a path such as /iot/json'),
    entityType: requiredString(raw, 'entity_type', where, ENTITY_TYPE, 'an entity type name'),
    attributes: parseMappings(raw, where) ?? [],
    staticAttributes: parseStatics(raw, where) ?? [],
    commands: parseCommands(raw, where) ?? [],
    explicitAttrs: explicitAttrsAt(raw, where) ?? false,
    timestamp: booleanAt(raw, 'timestamp', where),
    autoprovision: booleanAt(raw, 'autoprovision', where) ?? true,
  };
}

/** A PUT of a group: the fields given replace the stored ones; its keys cannot change. */
function patchGroup(group: ServiceGroup, body: unknown): ServiceGroup {
  const raw = objectAt(body, 'The body');
  const scope = { tenant: group.tenant, servicePath: group.servicePath };
  checkFields(raw, '', GROUP_FIELDS, 'a service group', CONFIG_UNSUPPORTED);
  checkAgentOnlyFields(raw, '', scope, 'subservice');
  for (const key of ['apikey', 'resource'] as const) {
    if (raw[key] !== undefined && raw[key] !== group[key]) {
      throw invalid(`${key} cannot be changed: it identifies the group (delete it and create another).`);
    }
  }
  return {
    ...group,
    entityType: stringAt(raw, 'entity_type', '', ENTITY_TYPE, 'an entity type name') ?? group.entityType,
    attributes: parseMappings(raw, '') ?? group.attributes,
    staticAttributes: parseStatics(raw, '') ?? group.staticAttributes,
    commands: parseCommands(raw, '') ?? group.commands,
    explicitAttrs: explicitAttrsAt(raw, '') ?? group.explicitAttrs,
    timestamp: booleanAt(raw, 'timestamp', '') ?? group.timestamp,
    autoprovision: booleanAt(raw, 'autoprovision', '') ?? group.autoprovision,
  };
}

/** A device as the request gives it, before its group fills in what it leaves out. */
interface DeviceRequest {
  readonly where: string;
  readonly deviceId: string;
  readonly entityName: string | undefined;
  readonly entityType: string | undefined;
  readonly apikey: string | undefined;
  readonly protocol: string | undefined;
  readonly transport: string | undefined;
  readonly endpoint: string | undefined;
  readonly attributes: AttributeMapping[];
  readonly staticAttributes: StaticAttribute[];
  readonly commands: Command[];
  readonly explicitAttrs: boolean | undefined;
  readonly timestamp: boolean | undefined;
}

const ENTITY_NAME_HINT = `a URI of at most ${MAX_ID_LENGTH} characters such as urn:ngsi-ld:AirQualityObserved:hk-001`;

function parseDevice(raw: Json, where: string, scope: Scope): DeviceRequest {
  checkFields(raw, where, DEVICE_FIELDS, 'a device', CONFIG_UNSUPPORTED);
  checkAgentOnlyFields(raw, where, scope, 'service_path');
  return {
    where,
    deviceId: requiredString(raw, 'device_id', where, KEY, 'a device id (letters, digits, _ - . :, at most 128)'),
    entityName: stringAt(raw, 'entity_name', where, URI, ENTITY_NAME_HINT),
    entityType: stringAt(raw, 'entity_type', where, ENTITY_TYPE, 'an entity type name'),
    apikey: stringAt(raw, 'apikey', where, KEY, 'an API key (letters, digits, _ - . :, at most 128)'),
    protocol: stringAt(raw, 'protocol', where, PROTOCOL, 'a protocol name such as IoTA-JSON'),
    transport: transportAt(raw, where),
    endpoint: endpointAt(raw, where),
    attributes: parseMappings(raw, where) ?? [],
    staticAttributes: parseStatics(raw, where) ?? [],
    commands: parseCommands(raw, where) ?? [],
    explicitAttrs: explicitAttrsAt(raw, where),
    timestamp: booleanAt(raw, 'timestamp', where),
  };
}

/** A PUT of a device: the fields given replace the stored ones; its id, entity and service stay. */
function patchDevice(device: Device, body: unknown): { device: Device; apikeyChanged: boolean } {
  const raw = objectAt(body, 'The body');
  const scope = { tenant: device.tenant, servicePath: device.servicePath };
  checkFields(raw, '', DEVICE_FIELDS, 'a device', CONFIG_UNSUPPORTED);
  checkAgentOnlyFields(raw, '', scope, 'service_path');
  const kept = { device_id: device.deviceId, entity_name: device.entityName, entity_type: device.entityType };
  for (const [key, value] of Object.entries(kept)) {
    if (raw[key] !== undefined && raw[key] !== value) {
      throw invalid(
        `${key} cannot be changed: it links the device to its entity (delete the device and provision it again).`,
      );
    }
  }
  const apikey = stringAt(raw, 'apikey', '', KEY, 'an API key (letters, digits, _ - . :, at most 128)');
  return {
    apikeyChanged: apikey !== undefined && apikey !== device.apikey,
    device: {
      ...device,
      apikey: apikey ?? device.apikey,
      protocol: stringAt(raw, 'protocol', '', PROTOCOL, 'a protocol name such as IoTA-JSON') ?? device.protocol,
      transport: transportAt(raw, '') ?? device.transport,
      endpoint: endpointAt(raw, '') ?? device.endpoint,
      attributes: parseMappings(raw, '') ?? device.attributes,
      staticAttributes: parseStatics(raw, '') ?? device.staticAttributes,
      commands: parseCommands(raw, '') ?? device.commands,
      explicitAttrs: explicitAttrsAt(raw, '') ?? device.explicitAttrs,
      timestamp: booleanAt(raw, 'timestamp', '') ?? device.timestamp,
    },
  };
}

// ---- The initial entity of a device ----

/** What a command's status is before the command was ever sent. */
const COMMAND_STATUS_UNKNOWN = 'UNKNOWN';

/**
 * The entity a provisioned device starts with: its type, its static attributes (a geo:point or geo:json
 * one called location is the entity's location), and `<command>_status` UNKNOWN for each command.
 * Names and the type are expanded with `terms` (the core context). Throws PayloadRejected on a static
 * value its type refuses.
 */
export function deviceEntity(profile: DeviceProfile, terms: TermMap): Entity {
  const attrs: Attributes = {};
  for (const s of profile.staticAttributes) {
    attrs[terms.expand(s.name)] = [toInstance(s.type, s.value, `static attribute ${s.name}`, { unitCode: s.unitCode })];
  }
  for (const c of profile.commands) {
    attrs[terms.expand(`${c.name}_status`)] = [{ type: 'Property', value: COMMAND_STATUS_UNKNOWN }];
  }
  return { id: profile.entityId, types: [terms.expand(profile.entityType)], attrs };
}

// ---- Rendering, in the agent's field names ----

const renderMapping = (a: AttributeMapping) => ({
  ...(a.object_id !== undefined ? { object_id: a.object_id } : {}),
  name: a.name,
  type: a.type,
  ...(a.unitCode !== undefined ? { metadata: { unitCode: { type: 'Text' as const, value: a.unitCode } } } : {}),
});

const renderStatic = (s: StaticAttribute) => ({
  name: s.name,
  type: s.type,
  value: s.value,
  ...(s.unitCode !== undefined ? { metadata: { unitCode: { type: 'Text' as const, value: s.unitCode } } } : {}),
});

export function renderGroup(g: ServiceGroup): ServiceGroupView {
  return {
    service: g.tenant,
    subservice: g.servicePath,
    resource: g.resource,
    apikey: g.apikey,
    entity_type: g.entityType,
    attributes: g.attributes.map(renderMapping),
    static_attributes: g.staticAttributes.map(renderStatic),
    commands: g.commands.map((c) => ({ name: c.name, type: c.type })),
    explicitAttrs: g.explicitAttrs,
    ...(g.timestamp !== undefined ? { timestamp: g.timestamp } : {}),
    autoprovision: g.autoprovision,
  };
}

export type HealthStatus = store.DeviceStatus;

const statusOf = (lastSeenAt: Date | undefined, offlineBefore: Date): HealthStatus =>
  lastSeenAt === undefined ? 'never' : lastSeenAt >= offlineBefore ? 'online' : 'offline';

/** A device in the agent's field names, and `health`, which is this platform's own. */
export function renderDevice(d: Device, offlineBefore: Date): DeviceView {
  return {
    device_id: d.deviceId,
    service: d.tenant,
    service_path: d.servicePath,
    entity_name: d.entityName,
    entity_type: d.entityType,
    ...(d.apikey !== undefined ? { apikey: d.apikey } : {}),
    ...(d.protocol !== undefined ? { protocol: d.protocol } : {}),
    ...(d.transport !== undefined ? { transport: d.transport } : {}),
    ...(d.endpoint !== undefined ? { endpoint: d.endpoint } : {}),
    attributes: d.attributes.map(renderMapping),
    static_attributes: d.staticAttributes.map(renderStatic),
    commands: d.commands.map((c) => ({ name: c.name, type: c.type })),
    ...(d.explicitAttrs !== undefined ? { explicitAttrs: d.explicitAttrs } : {}),
    ...(d.timestamp !== undefined ? { timestamp: d.timestamp } : {}),
    autoprovisioned: d.autoprovisioned,
    health: {
      status: statusOf(d.health.lastSeenAt, offlineBefore),
      lastSeenAt: d.health.lastSeenAt?.toISOString() ?? null,
      messages: d.health.messageCount,
      errors: d.health.errorCount,
    },
  };
}

// ---- The service ----

export interface ProvisioningDeps {
  readonly db: Database;
  readonly bus: EventBus;
  readonly context: ContextService;
  readonly resolver: ContextResolver;
  readonly log: Logger;
  /** A device not heard from for this long is offline. */
  readonly offlineAfterMs: number;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

const groupNotFound = (apikey: string) => problems.notFound('Service group with apikey', apikey);
const deviceNotFound = (deviceId: string) => problems.notFound('Device', deviceId);

/** Provisioning of service groups and devices, and the entities of the devices. */
export class ProvisioningService {
  readonly #deps: ProvisioningDeps;

  constructor(deps: ProvisioningDeps) {
    this.#deps = deps;
  }

  /** POST /iot/services: all the groups of the body, or none. */
  async createGroups(tenant: string, servicePathHeader: string | undefined, body: unknown): Promise<void> {
    const scope = { tenant, servicePath: servicePathOf(servicePathHeader) };
    const groups = itemsOf(body, 'services').map((raw, i) => parseGroup(raw, `services[${i}]`, scope));
    const seen = new Set<string>();
    for (const g of groups) {
      if (seen.has(g.apikey)) throw ingestErrors.groupExists(g.apikey);
      seen.add(g.apikey);
    }
    await this.#deps.db.transaction(async (tx) => {
      const inserted = await store.insertGroups(tx, groups);
      const taken = groups.find((g) => !inserted.has(g.apikey));
      if (taken) throw ingestErrors.groupExists(taken.apikey);
    });
    for (const g of groups) this.#published(tenant, 'group', g.apikey);
  }

  /** GET /iot/services */
  async listGroups(
    tenant: string,
    servicePathHeader: string | undefined,
    query: Page & { resource?: string | undefined; apikey?: string | undefined },
  ): Promise<{ count: number; services: ServiceGroupView[] }> {
    const { groups, count } = await store.listGroups(this.#deps.db, tenant, {
      servicePath: servicePathFilter(servicePathHeader),
      ...query,
    });
    return { count, services: groups.map(renderGroup) };
  }

  /** PUT /iot/services?apikey=…[&resource=…] */
  async updateGroup(
    tenant: string,
    servicePathHeader: string | undefined,
    key: { apikey: string; resource?: string | undefined },
    body: unknown,
  ): Promise<void> {
    const servicePath = servicePathFilter(servicePathHeader);
    await this.#deps.db.transaction(async (tx) => {
      const [group] = await store.findGroups(tx, tenant, { servicePath, ...key }, true);
      if (!group) throw groupNotFound(key.apikey);
      await store.updateGroup(tx, patchGroup(group, body));
    });
    this.#published(tenant, 'group', key.apikey);
  }

  /**
   * DELETE /iot/services?apikey=…[&resource=…][&device=true]: with device=true its devices go too
   * (their entities stay, as when a device is deleted).
   */
  async deleteGroup(
    tenant: string,
    servicePathHeader: string | undefined,
    key: { apikey: string; resource?: string | undefined },
    withDevices: boolean,
  ): Promise<void> {
    const servicePath = servicePathFilter(servicePathHeader);
    const removedDevices = await this.#deps.db.transaction(async (tx) => {
      const [group] = await store.findGroups(tx, tenant, { servicePath, ...key }, true);
      if (!group) throw groupNotFound(key.apikey);
      await store.deleteGroup(tx, group.resource, group.apikey);
      if (!withDevices) return [];
      return store.deleteDevices(tx, tenant, await store.deviceIdsOfApiKey(tx, tenant, group.apikey));
    });
    this.#published(tenant, 'group', key.apikey);
    for (const id of removedDevices) this.#published(tenant, 'device', id);
  }

  /**
   * POST /iot/devices: all the devices of the body, or none; then each device's entity is created, or
   * merged into when it exists. The entity is written by the broker in a transaction of its own, so
   * should that fail, the devices just provisioned are removed again.
   */
  async createDevices(tenant: string, servicePathHeader: string | undefined, body: unknown): Promise<void> {
    const scope = { tenant, servicePath: servicePathOf(servicePathHeader) };
    const requests = itemsOf(body, 'devices').map((raw, i) => parseDevice(raw, `devices[${i}]`, scope));
    const seen = new Set<string>();
    for (const r of requests) {
      if (seen.has(r.deviceId)) throw ingestErrors.deviceExists(r.deviceId);
      seen.add(r.deviceId);
    }
    const terms = await this.#deps.resolver.core();
    const entities = await this.#deps.db.transaction(async (tx) => {
      const groups = new GroupLookup(tx, scope);
      const devices: Device[] = [];
      const built: Entity[] = [];
      for (const r of requests) {
        const group = await groups.forDevice(r.apikey, r.where);
        const device = deviceOf(r, scope, group);
        devices.push(device);
        built.push(deviceEntity(profileOf(device, group), terms));
      }
      const inserted = await store.insertDevices(tx, devices);
      const existing = devices.find((d) => !inserted.has(d.deviceId));
      if (existing) throw ingestErrors.deviceExists(existing.deviceId);
      return built;
    });
    const ids = requests.map((r) => r.deviceId);
    try {
      await this.#writeEntities(tenant, entities);
    } catch (err) {
      await this.#undo('removing the devices', tenant, () =>
        this.#deps.db.transaction((tx) => store.deleteDevices(tx, tenant, ids)),
      );
      throw err;
    }
    this.#deps.log.info({ tenant, devices: ids.length }, 'devices provisioned');
    for (const id of ids) this.#published(tenant, 'device', id);
  }

  /** GET /iot/devices */
  async listDevices(
    tenant: string,
    servicePathHeader: string | undefined,
    query: Page & { status?: HealthStatus | undefined; protocol?: string | undefined },
    now = new Date(),
  ): Promise<{ count: number; devices: DeviceView[] }> {
    const offlineBefore = this.#offlineBefore(now);
    const { devices, count } = await store.listDevices(this.#deps.db, tenant, {
      servicePath: servicePathFilter(servicePathHeader),
      offlineBefore,
      ...query,
    });
    return { count, devices: devices.map((d) => renderDevice(d, offlineBefore)) };
  }

  /** GET /iot/devices/:deviceId */
  async getDevice(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    now = new Date(),
  ): Promise<DeviceView> {
    const filter = servicePathFilter(servicePathHeader);
    const device = await store.findDevice(this.#deps.db, tenant, deviceId);
    if (!device || !inScope(filter, device.servicePath)) throw deviceNotFound(deviceId);
    return renderDevice(device, this.#offlineBefore(now));
  }

  /**
   * PUT /iot/devices/:deviceId. New static attributes and commands reach the entity (a command's status
   * only when the command is new); a static attribute no longer provisioned stays on the entity until
   * it is deleted there.
   */
  async updateDevice(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    body: unknown,
  ): Promise<void> {
    const filter = servicePathFilter(servicePathHeader);
    const terms = await this.#deps.resolver.core();
    const { before, entity } = await this.#deps.db.transaction(async (tx) => {
      const found = await store.findDevice(tx, tenant, deviceId, true);
      if (!found || !inScope(filter, found.servicePath)) throw deviceNotFound(deviceId);
      const { device, apikeyChanged } = patchDevice(found, body);
      const groups = new GroupLookup(tx, { tenant, servicePath: found.servicePath });
      const previousGroup = await groups.ofApiKey(found.apikey, tenant);
      const group = apikeyChanged ? await groups.forDevice(device.apikey, '') : previousGroup;
      await store.updateDevice(tx, device);
      return {
        before: found,
        entity: deviceEntity(changes(profileOf(found, previousGroup), profileOf(device, group)), terms),
      };
    });
    try {
      if (Object.keys(entity.attrs).length > 0) await this.#writeEntities(tenant, [entity]);
    } catch (err) {
      await this.#undo('restoring the device', tenant, () =>
        this.#deps.db.transaction((tx) => store.updateDevice(tx, before)),
      );
      throw err;
    }
    this.#published(tenant, 'device', deviceId);
  }

  /**
   * DELETE /iot/devices/:deviceId removes the device, not its entity nor the entity's history: those are
   * the city's data, deleted through NGSI-LD if wanted.
   */
  async deleteDevice(tenant: string, servicePathHeader: string | undefined, deviceId: string): Promise<void> {
    const filter = servicePathFilter(servicePathHeader);
    await this.#deps.db.transaction(async (tx) => {
      const found = await store.findDevice(tx, tenant, deviceId, true);
      if (!found || !inScope(filter, found.servicePath)) throw deviceNotFound(deviceId);
      await store.deleteDevices(tx, tenant, [deviceId]);
    });
    this.#published(tenant, 'device', deviceId);
  }

  async #writeEntities(tenant: string, entities: Entity[]): Promise<void> {
    const result = await this.#deps.context.upsertBatch(
      tenant,
      entities.map((entity) => ({ entity })),
      'update',
    );
    const [failed] = result.errors;
    if (failed) {
      throw new AppError(
        'IOT_ENTITY_NOT_WRITTEN',
        failed.error.status,
        `The entity ${failed.entityId} of the device could not be written: ${failed.error.detail}`,
      );
    }
  }

  /** Undoes a registry write whose entity could not be written; the entity's error is the one reported. */
  async #undo(what: string, tenant: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.#deps.log.error({ err, tenant }, `${what} after their entity failed did not succeed either`);
    }
  }

  #offlineBefore(now: Date): Date {
    return new Date(now.getTime() - this.#deps.offlineAfterMs);
  }

  #published(tenant: string, kind: 'group' | 'device', id: string): void {
    this.#deps.bus.publish('ingest.registry', { tenant, kind, id });
  }
}

/**
 * What an update adds to a device's entity: static attributes new or changed, and the status of new
 * commands (a command already known keeps its status: it may have been sent since).
 */
function changes(before: DeviceProfile, after: DeviceProfile): DeviceProfile {
  const statics = new Map(before.staticAttributes.map((s) => [s.name, JSON.stringify(s)]));
  const commands = new Set(before.commands.map((c) => c.name));
  return {
    ...after,
    staticAttributes: after.staticAttributes.filter((s) => statics.get(s.name) !== JSON.stringify(s)),
    commands: after.commands.filter((c) => !commands.has(c.name)),
  };
}

/** A device as stored, from its request and the group of its apikey. */
function deviceOf(r: DeviceRequest, scope: Scope, group: ServiceGroup | undefined): Device {
  const apikey = r.apikey ?? group?.apikey;
  const entityType = r.entityType ?? group?.entityType;
  if (entityType === undefined) {
    throw invalid(`${at(r.where, 'entity_type')} is required: no service group has the apikey "${apikey}".`);
  }
  return {
    tenant: scope.tenant,
    servicePath: scope.servicePath,
    deviceId: r.deviceId,
    apikey,
    entityName: r.entityName ?? defaultEntityName(entityType, r.deviceId),
    entityType,
    attributes: r.attributes,
    staticAttributes: r.staticAttributes,
    commands: r.commands,
    explicitAttrs: r.explicitAttrs,
    timestamp: r.timestamp,
    protocol: r.protocol,
    transport: r.transport,
    endpoint: r.endpoint,
    autoprovisioned: false,
    health: { lastSeenAt: undefined, messageCount: 0, errorCount: 0 },
  };
}

/** The groups devices of one request belong to, each looked up once. */
class GroupLookup {
  readonly #byKey = new Map<string, ServiceGroup | null>();
  readonly #sql: Sql;
  readonly #scope: Scope;

  constructor(sql: Sql, scope: Scope) {
    this.#sql = sql;
    this.#scope = scope;
  }

  /** The group of an apikey when it is this tenant's; undefined when there is none (or no apikey). */
  async ofApiKey(apikey: string | undefined, tenant: string): Promise<ServiceGroup | undefined> {
    if (apikey === undefined) return undefined;
    const group = await this.#find(apikey);
    return group && group.tenant === tenant ? group : undefined;
  }

  /**
   * The group a device provisioned with `apikey` belongs to. Without an apikey, the device takes the
   * key of the one group of its service path, as the agent does; with one, the key must not be another
   * service's (measures with it would never reach this device).
   */
  async forDevice(apikey: string | undefined, where: string): Promise<ServiceGroup | undefined> {
    if (apikey !== undefined) {
      const group = await this.#find(apikey);
      if (group && group.tenant !== this.#scope.tenant) throw ingestErrors.apikeyOfOtherService(apikey);
      return group ?? undefined;
    }
    const groups = await store.findGroups(this.#sql, this.#scope.tenant, {
      servicePath: { path: this.#scope.servicePath, descendants: false },
    });
    const [only, ...others] = groups;
    if (!only) {
      throw invalid(`${at(where, 'apikey')} is required: no service group of this service path gives one.`);
    }
    if (others.length > 0) {
      throw invalid(`${at(where, 'apikey')} is required: this service path has several service groups.`);
    }
    return only;
  }

  async #find(apikey: string): Promise<ServiceGroup | null> {
    let group = this.#byKey.get(apikey);
    if (group === undefined) {
      group = await store.findGroupByApiKey(this.#sql, apikey);
      this.#byKey.set(apikey, group);
    }
    return group;
  }
}
