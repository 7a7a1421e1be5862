import { MAX_ID_LENGTH } from '../platform/http/input-guard.js';
import { APIKEY_HINT } from './group-fields.js';
import type { AttributeMapping, Command, Device, StaticAttribute } from './model.js';
import {
  at,
  booleanAt,
  checkAgentOnlyFields,
  checkFields,
  CONFIG_UNSUPPORTED,
  ENTITY_TYPE,
  explicitAttrsAt,
  invalid,
  KEY,
  objectAt,
  parseCommands,
  parseMappings,
  parseStatics,
  renderCommand,
  renderMapping,
  renderStatic,
  requiredString,
  show,
  stringAt,
  type Json,
} from './provisioning-input.js';
import type { Scope } from './service-paths.js';
import type { DeviceStatus } from './store.js';
import type { DeviceView } from './schemas.js';

/**
 * A device in the IoT Agent's field names: read from a POST or PUT body, and rendered back with its
 * health. Accepted but not used: timezone, internal_attributes, ngsiVersion, payloadType,
 * useCBflowControl, storeLastMeasure, polling.
 */

const PROTOCOL = /^[A-Za-z0-9_.:-]{1,64}$/;
// An entity id the NGSI-LD API can address: at most MAX_ID_LENGTH characters.
const URI = new RegExp(`(?=^.{1,${MAX_ID_LENGTH}}$)^[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>"{}|\\\\^\`]+$`);
const ENTITY_NAME_HINT = `a URI of at most ${MAX_ID_LENGTH} characters such as urn:ngsi-ld:AirQualityObserved:hk-001`;
const TRANSPORTS = new Set(['HTTP', 'MQTT']);

const IGNORED_DEVICE_FIELDS = [
  'timezone',
  'internal_attributes',
  'ngsiVersion',
  'payloadType',
  'useCBflowControl',
  'storeLastMeasure',
  'polling',
] as const;
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

/** A device as the request gives it, before its group fills in what it leaves out. */
export interface DeviceRequest {
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

export function parseDevice(raw: Json, where: string, scope: Scope): DeviceRequest {
  checkFields(raw, where, DEVICE_FIELDS, 'a device', CONFIG_UNSUPPORTED);
  checkAgentOnlyFields(raw, where, scope, 'service_path');
  return {
    where,
    deviceId: requiredString(raw, 'device_id', where, KEY, 'a device id (letters, digits, _ - . :, at most 128)'),
    entityName: stringAt(raw, 'entity_name', where, URI, ENTITY_NAME_HINT),
    entityType: stringAt(raw, 'entity_type', where, ENTITY_TYPE, 'an entity type name'),
    apikey: stringAt(raw, 'apikey', where, KEY, APIKEY_HINT),
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
export function patchDevice(device: Device, body: unknown): { device: Device; apikeyChanged: boolean } {
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
  const apikey = stringAt(raw, 'apikey', '', KEY, APIKEY_HINT);
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

export type HealthStatus = DeviceStatus;

const statusOf = (lastSeenAt: Date | undefined, inService: boolean | undefined, offlineBefore: Date): HealthStatus =>
  inService === false
    ? 'outOfService'
    : lastSeenAt === undefined
      ? 'never'
      : lastSeenAt >= offlineBefore
        ? 'online'
        : 'offline';

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
    commands: d.commands.map(renderCommand),
    ...(d.explicitAttrs !== undefined ? { explicitAttrs: d.explicitAttrs } : {}),
    ...(d.timestamp !== undefined ? { timestamp: d.timestamp } : {}),
    autoprovisioned: d.autoprovisioned,
    secret: d.secretHash !== undefined,
    health: {
      status: statusOf(d.health.lastSeenAt, d.health.inService, offlineBefore),
      lastSeenAt: d.health.lastSeenAt?.toISOString() ?? null,
      messages: d.health.messageCount,
      errors: d.health.errorCount,
    },
  };
}
