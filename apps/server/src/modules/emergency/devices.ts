import type { ProvisioningService } from '../../ingest/index.js';
import { unitEntityId, UNIT_TYPE } from './service.js';

/**
 * Units' devices (AVL and status terminals), the IoT Agent JSON way: one service group per API key,
 * resource /iot/json, entity type EmergencyUnit; `gps` ("lat,lon") is the location, `status`, `speed`
 * (km/h) and `heading` (degrees) as sent; the `assignment` command carries what the centre tells the
 * unit, the `statusRefused` and `positionRefused` commands a status or position the centre refused,
 * with a code and the reason in Vietnamese and English (refusals.ts; the module writes the unit's
 * attribute of that name, which ingestion sends on as the command). A unit's
 * device id is its call sign in lower case; its entity is the unit's, `urn:ngsi-ld:EmergencyUnit:<callSign>`,
 * which the module writes too.
 */

const RESOURCE = '/iot/json';

export const unitDeviceId = (callSign: string): string => callSign.toLowerCase();

/** How units' terminals prove who they are: the group's API key, or (`secret`) each terminal its own secret. */
export type UnitDeviceAuth = 'apikey' | 'secret';

const UNIT_COMMANDS = [
  { name: 'assignment', type: 'command' },
  { name: 'statusRefused', type: 'command' },
  { name: 'positionRefused', type: 'command' },
] as const;

/** The service group of units' devices for an API key. */
export function unitDeviceGroup(apikey: string, deviceAuth: UnitDeviceAuth = 'apikey') {
  return {
    apikey,
    deviceAuth,
    resource: RESOURCE,
    entity_type: UNIT_TYPE,
    autoprovision: false,
    // A terminal writes its position, status, speed and heading, nothing of what the centre keeps.
    explicitAttrs: true,
    attributes: [
      { object_id: 'gps', name: 'location', type: 'geo:point' },
      { object_id: 'status', name: 'status', type: 'Text' },
      { object_id: 'speed', name: 'speed', type: 'Number', unitCode: 'KMH' },
      { object_id: 'heading', name: 'heading', type: 'Number', unitCode: 'DD' },
    ],
    commands: UNIT_COMMANDS.map((c) => ({ ...c })),
  };
}

/**
 * Provisions the units' service group (when the API key has none) and a device for each unit that
 * lacks one; idempotent. A group made earlier gets the commands it lacks, and the `deviceAuth` asked
 * for when one is. With `deviceAuth: 'secret'` each terminal then needs its own secret
 * (`provisioning.issueDeviceSecret`). Resolves with the number of devices provisioned now.
 */
export async function provisionUnitDevices(
  provisioning: ProvisioningService,
  apikey: string,
  units: readonly { readonly callSign: string }[],
  where: { readonly tenant?: string; readonly servicePath?: string; readonly deviceAuth?: UnitDeviceAuth } = {},
): Promise<number> {
  const tenant = where.tenant ?? '';
  const servicePath = where.servicePath ?? '/';
  const groups = await provisioning.listGroups(tenant, servicePath, { limit: 1000, offset: 0, apikey });
  const group = groups.services.find((g) => g['apikey'] === apikey);
  if (!group) {
    await provisioning.createGroups(tenant, servicePath, { services: [unitDeviceGroup(apikey, where.deviceAuth)] });
  } else {
    const missing = UNIT_COMMANDS.filter((c) => !group.commands.some((h) => h.name === c.name));
    const deviceAuth =
      where.deviceAuth !== undefined && where.deviceAuth !== group.deviceAuth ? where.deviceAuth : undefined;
    if (missing.length > 0 || deviceAuth !== undefined) {
      await provisioning.updateGroup(
        tenant,
        servicePath,
        { apikey, resource: group.resource },
        {
          ...(missing.length > 0 ? { commands: [...group.commands, ...missing.map((c) => ({ ...c }))] } : {}),
          ...(deviceAuth !== undefined ? { deviceAuth } : {}),
        },
      );
    }
  }
  const present = new Set<string>();
  for (let offset = 0; ; offset += 500) {
    const page = await provisioning.listDevices(tenant, servicePath, { limit: 500, offset, type: UNIT_TYPE });
    for (const d of page.devices) present.add(d['device_id']);
    if (page.devices.length < 500) break;
  }
  const devices = units
    .filter((u) => !present.has(unitDeviceId(u.callSign)))
    .map((u) => ({
      device_id: unitDeviceId(u.callSign),
      apikey,
      entity_type: UNIT_TYPE,
      entity_name: unitEntityId(u.callSign),
      protocol: 'IoTA-JSON',
      transport: 'MQTT',
    }));
  for (let from = 0; from < devices.length; from += 500) {
    await provisioning.createDevices(tenant, servicePath, { devices: devices.slice(from, from + 500) });
  }
  return devices.length;
}
