/**
 * Service groups and devices as the FIWARE IoT Agent's provisioning API describes them. Attribute
 * types are the agent's (NGSI-v2 style: Number, Text, geo:point, geo:json, Relationship…); the
 * mapping onto NGSI-LD attribute types happens in mapping.ts.
 */

/** An active attribute: a measure `object_id` sent by the device, stored as attribute `name`. */
export interface AttributeMapping {
  readonly object_id?: string | undefined;
  readonly name: string;
  readonly type: string;
  /** UN/CEFACT unit code, given directly or as the agent's `metadata.unitCode.value`. */
  readonly unitCode?: string | undefined;
}

/** A static attribute: the same value on every entity of the group or device. */
export interface StaticAttribute {
  readonly name: string;
  readonly type: string;
  readonly value: unknown;
  readonly unitCode?: string | undefined;
}

export interface Command {
  readonly name: string;
  readonly type: string;
}

export interface ServiceGroup {
  readonly tenant: string;
  readonly servicePath: string;
  readonly resource: string;
  readonly apikey: string;
  readonly entityType: string;
  readonly attributes: AttributeMapping[];
  readonly staticAttributes: StaticAttribute[];
  readonly commands: Command[];
  readonly explicitAttrs: boolean;
  readonly timestamp: boolean | undefined;
  readonly autoprovision: boolean;
  /**
   * How its devices prove who they are: `apikey` (the FIWARE way: the group's key names the device),
   * or `secret` (each device its own secret besides the key, so one device cannot speak for another).
   */
  readonly deviceAuth: DeviceAuthMode;
}

export type DeviceAuthMode = 'apikey' | 'secret';
export const DEVICE_AUTH_MODES: readonly DeviceAuthMode[] = ['apikey', 'secret'];

export interface DeviceHealth {
  readonly lastSeenAt: Date | undefined;
  readonly messageCount: number;
  readonly errorCount: number;
  /** What the device last said of its service (a vehicle's serviceStatus); undefined: it never says. */
  readonly inService?: boolean | undefined;
}

export interface Device {
  readonly tenant: string;
  readonly servicePath: string;
  readonly deviceId: string;
  readonly apikey: string | undefined;
  readonly entityName: string;
  readonly entityType: string;
  readonly attributes: AttributeMapping[];
  readonly staticAttributes: StaticAttribute[];
  readonly commands: Command[];
  readonly explicitAttrs: boolean | undefined;
  readonly timestamp: boolean | undefined;
  readonly protocol: string | undefined;
  readonly transport: string | undefined;
  readonly autoprovisioned: boolean;
  /** Where the device takes commands (HTTP push); kept for commands, unused by ingestion. */
  readonly endpoint?: string | undefined;
  readonly health: DeviceHealth;
  /** SHA-256 (hex) of the device's own secret, when one was issued; the secret itself is never kept. */
  readonly secretHash?: string | undefined;
}

/** The entity id the IoT Agent gives a device without an entity_name. */
export const defaultEntityName = (entityType: string, deviceId: string): string =>
  `urn:ngsi-ld:${entityType}:${deviceId}`;

/** The agent's convention: fiware-servicepath defaults to the root. */
export const ROOT_SERVICE_PATH = '/';

/**
 * What a device is configured to do once its group's defaults are applied: what ingestion and the
 * device's initial entity are built from.
 */
export interface DeviceProfile {
  readonly tenant: string;
  readonly servicePath: string;
  readonly deviceId: string;
  readonly apikey: string | undefined;
  readonly entityId: string;
  /** The short type name, as provisioned (expanded with the core context when written). */
  readonly entityType: string;
  readonly attributes: readonly AttributeMapping[];
  readonly staticAttributes: readonly StaticAttribute[];
  readonly commands: readonly Command[];
  readonly explicitAttrs: boolean;
  readonly timestamp: boolean;
  readonly autoprovisioned: boolean;
  /** Its readings are taken only with its own secret (its group's deviceAuth is `secret`). */
  readonly secretRequired: boolean;
  readonly secretHash: string | undefined;
}

/** The key a measure arrives under. */
const measureKey = (a: AttributeMapping): string => a.object_id ?? a.name;

/**
 * A device's effective configuration: the group's mappings, static attributes and commands with the
 * device's own on top (the device wins for the same object_id or attribute name).
 */
export function profileOf(device: Device, group: ServiceGroup | undefined): DeviceProfile {
  const keys = new Set(device.attributes.map(measureKey));
  const names = new Set(device.attributes.map((a) => a.name));
  const statics = new Set(device.staticAttributes.map((s) => s.name));
  const commands = new Set(device.commands.map((c) => c.name));
  return {
    tenant: device.tenant,
    servicePath: device.servicePath,
    deviceId: device.deviceId,
    apikey: device.apikey,
    entityId: device.entityName,
    entityType: device.entityType,
    attributes: [
      ...device.attributes,
      ...(group?.attributes ?? []).filter((a) => !keys.has(measureKey(a)) && !names.has(a.name)),
    ],
    staticAttributes: [
      ...(group?.staticAttributes ?? []).filter((s) => !statics.has(s.name)),
      ...device.staticAttributes,
    ],
    commands: [...(group?.commands ?? []).filter((c) => !commands.has(c.name)), ...device.commands],
    explicitAttrs: device.explicitAttrs ?? group?.explicitAttrs ?? false,
    timestamp: device.timestamp ?? group?.timestamp ?? false,
    autoprovisioned: device.autoprovisioned,
    secretRequired: group?.deviceAuth === 'secret',
    secretHash: device.secretHash,
  };
}
