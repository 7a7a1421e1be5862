import { DEVICE_AUTH_MODES, type DeviceAuthMode, type ServiceGroup } from './model.js';
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
  stringAt,
  type Json,
} from './provisioning-input.js';
import type { Scope } from './service-paths.js';
import type { ServiceGroupView } from './schemas.js';

/**
 * A service group in the IoT Agent's field names: read from a POST or PUT body, and rendered back.
 *
 * Accepted but not used: cbroker, cbHost, trust (the context broker is this platform, and needs no
 * token from a device), ngsiVersion, payloadType (entities are always written as NGSI-LD),
 * internal_attributes, useCBflowControl, storeLastMeasure, description, transport and endpoint.
 */

const RESOURCE = /^\/[A-Za-z0-9_./-]{0,127}$/;
export const APIKEY_HINT = 'an API key (letters, digits, _ - . :, at most 128)';

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
  'deviceAuth',
  'lazy',
  'service',
  'subservice',
  'defaultEntityNameConjunction',
  ...IGNORED_GROUP_FIELDS,
]);

/** A group of a POST body; without an apikey, the server chooses one (`newKey`). */
export function parseGroup(raw: Json, where: string, scope: Scope, newKey: () => string): ServiceGroup {
  checkFields(raw, where, GROUP_FIELDS, 'a service group', CONFIG_UNSUPPORTED);
  checkAgentOnlyFields(raw, where, scope, 'subservice');
  return {
    tenant: scope.tenant,
    servicePath: scope.servicePath,
    apikey: stringAt(raw, 'apikey', where, KEY, APIKEY_HINT) ?? newKey(),
    resource: requiredString(raw, 'resource', where, RESOURCE, 'a path such as /iot/json'),
    entityType: requiredString(raw, 'entity_type', where, ENTITY_TYPE, 'an entity type name'),
    attributes: parseMappings(raw, where) ?? [],
    staticAttributes: parseStatics(raw, where) ?? [],
    commands: parseCommands(raw, where) ?? [],
    explicitAttrs: explicitAttrsAt(raw, where) ?? false,
    timestamp: booleanAt(raw, 'timestamp', where),
    autoprovision: booleanAt(raw, 'autoprovision', where) ?? true,
    deviceAuth: deviceAuthAt(raw, where) ?? 'apikey',
  };
}

/** A PUT of a group: the fields given replace the stored ones; its keys cannot change. */
export function patchGroup(group: ServiceGroup, body: unknown): ServiceGroup {
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
    deviceAuth: deviceAuthAt(raw, '') ?? group.deviceAuth,
  };
}

export function renderGroup(g: ServiceGroup): ServiceGroupView {
  return {
    service: g.tenant,
    subservice: g.servicePath,
    resource: g.resource,
    apikey: g.apikey,
    entity_type: g.entityType,
    attributes: g.attributes.map(renderMapping),
    static_attributes: g.staticAttributes.map(renderStatic),
    commands: g.commands.map(renderCommand),
    explicitAttrs: g.explicitAttrs,
    ...(g.timestamp !== undefined ? { timestamp: g.timestamp } : {}),
    autoprovision: g.autoprovision,
    deviceAuth: g.deviceAuth,
  };
}

/** `deviceAuth`: `apikey` (the default) or `secret` (each device its own secret). */
function deviceAuthAt(raw: Json, where: string): DeviceAuthMode | undefined {
  const value = raw['deviceAuth'];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (DEVICE_AUTH_MODES as readonly string[]).includes(value)) {
    return value as DeviceAuthMode;
  }
  throw invalid(`${at(where, 'deviceAuth')} must be "apikey" or "secret".`);
}
