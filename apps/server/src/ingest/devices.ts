import type { Entity, TermMap } from '../context/index.js';
import { AppError, problems } from '../platform/errors.js';
import { ApiKeyGuard, GroupLookup, type Caller } from './apikeys.js';
import { deviceEntity, entityChanges } from './device-entity.js';
import { parseDevice, patchDevice, renderDevice, type DeviceRequest, type HealthStatus } from './device-fields.js';
import { DEVICE_SECRET, generateDeviceSecret, hashDeviceSecret } from './device-secrets.js';
import { ingestErrors } from './errors.js';
import { defaultEntityName, profileOf, type Device, type ServiceGroup } from './model.js';
import type { Page, ProvisioningDeps } from './provisioning.js';
import { at, invalid, itemsOf } from './provisioning-input.js';
import { inScope, servicePathFilter, servicePathOf, type Scope } from './service-paths.js';
import * as store from './store.js';
import type { DeviceView } from './schemas.js';

const deviceNotFound = (deviceId: string) => problems.notFound('Device', deviceId);

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

/**
 * Devices (/iot/devices) and the entities they write. A device's entity is written by the broker in a
 * transaction of its own: should that fail, the registry write is undone and the entity's error reported.
 */
export class DeviceProvisioning {
  readonly #deps: ProvisioningDeps;

  constructor(deps: ProvisioningDeps) {
    this.#deps = deps;
  }

  /** All the devices of the body, or none; then each device's entity is created, or merged into. */
  async create(tenant: string, servicePathHeader: string | undefined, body: unknown, caller?: Caller): Promise<void> {
    const scope = { tenant, servicePath: servicePathOf(servicePathHeader) };
    const requests = itemsOf(body, 'devices').map((raw, i) => parseDevice(raw, `devices[${i}]`, scope));
    const seen = new Set<string>();
    for (const r of requests) {
      if (seen.has(r.deviceId)) throw ingestErrors.deviceExists(r.deviceId);
      seen.add(r.deviceId);
    }
    const guard = new ApiKeyGuard(this.#deps.addressLimit, caller);
    if (requests.some((r) => r.apikey !== undefined)) guard.checkAddress();
    const terms = await this.#deps.resolver.core();
    const stored = await this.#storedTypes(
      tenant,
      requests.map((r) => r.entityName),
      caller,
    );
    const entities = await this.#deps.db.transaction(async (tx) => {
      const groups = new GroupLookup(tx, scope, guard);
      const devices: Device[] = [];
      const built: Entity[] = [];
      for (const r of requests) {
        const group = await groups.forDevice(r.apikey, r.deviceId, r.where);
        const device = deviceOf(r, scope, group);
        devices.push(device);
        built.push(deviceEntity(profileOf(device, group), terms));
      }
      this.#checkBindings(devices, terms, caller, stored);
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
    for (const id of ids) this.#published(tenant, id);
  }

  async list(
    tenant: string,
    servicePathHeader: string | undefined,
    query: Page & {
      status?: HealthStatus | undefined;
      protocol?: string | undefined;
      search?: string | undefined;
      type?: string | undefined;
    },
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

  async get(
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
   * New static attributes and commands reach the entity (a command's status only when the command is
   * new); a static attribute no longer provisioned stays on the entity until it is deleted there.
   */
  async update(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    body: unknown,
    caller?: Caller,
  ): Promise<void> {
    const filter = servicePathFilter(servicePathHeader);
    const guard = new ApiKeyGuard(this.#deps.addressLimit, caller);
    const terms = await this.#deps.resolver.core();
    const current = await store.findDevice(this.#deps.db, tenant, deviceId);
    const stored = await this.#storedTypes(
      tenant,
      [current?.entityName, (body as { entity_name?: unknown } | null)?.entity_name],
      caller,
    );
    const { before, entity } = await this.#deps.db.transaction(async (tx) => {
      const found = await store.findDevice(tx, tenant, deviceId, true);
      if (!found || !inScope(filter, found.servicePath)) throw deviceNotFound(deviceId);
      const { device, apikeyChanged } = patchDevice(found, body);
      const groups = new GroupLookup(tx, { tenant, servicePath: found.servicePath }, guard);
      const previousGroup = await groups.ofApiKey(found.apikey, tenant);
      if (apikeyChanged) guard.checkAddress();
      const group = apikeyChanged ? await groups.forDevice(device.apikey, deviceId, '') : previousGroup;
      this.#checkBindings([device], terms, caller, stored);
      await store.updateDevice(tx, device);
      return {
        before: found,
        entity: deviceEntity(entityChanges(profileOf(found, previousGroup), profileOf(device, group)), terms),
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
    this.#published(tenant, deviceId);
  }

  /**
   * Issues the device its own secret (generated unless given), replacing any it had: the old one is
   * refused from now on (on other instances within a minute, as any provisioning change). Resolves
   * with the secret, which is not kept (only its hash).
   */
  async issueSecret(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    given?: string,
    caller?: Caller,
  ): Promise<string> {
    if (given !== undefined && !DEVICE_SECRET.test(given)) {
      throw invalid('A device secret is 16 to 128 letters, digits, _ . ~ or -.');
    }
    const secret = given ?? generateDeviceSecret();
    await this.#setSecret(tenant, servicePathHeader, deviceId, hashDeviceSecret(secret), caller);
    this.#deps.log.info({ tenant, deviceId }, 'device secret issued');
    return secret;
  }

  /** Takes the device's secret away: in a group with deviceAuth `secret`, it cannot send until issued another. */
  async revokeSecret(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    caller?: Caller,
  ): Promise<void> {
    await this.#setSecret(tenant, servicePathHeader, deviceId, null, caller);
    this.#deps.log.info({ tenant, deviceId }, 'device secret revoked');
  }

  async #setSecret(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    hash: string | null,
    caller: Caller | undefined,
  ): Promise<void> {
    const filter = servicePathFilter(servicePathHeader);
    // A secret lets whoever holds it speak as the device: for a kept type's device, the owner's to give.
    const terms = await this.#deps.resolver.core();
    const current = await store.findDevice(this.#deps.db, tenant, deviceId);
    const stored = await this.#storedTypes(tenant, [current?.entityName], caller);
    await this.#deps.db.transaction(async (tx) => {
      const found = await store.findDevice(tx, tenant, deviceId, true);
      if (!found || !inScope(filter, found.servicePath)) throw deviceNotFound(deviceId);
      this.#checkBindings([found], terms, caller, stored);
      await store.setDeviceSecret(tx, tenant, deviceId, hash);
    });
    this.#published(tenant, deviceId);
  }

  /** Removes the device, not its entity nor the entity's history: those are the city's data. */
  async delete(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    caller?: Caller,
  ): Promise<void> {
    const filter = servicePathFilter(servicePathHeader);
    // Removing a kept type's device silences it (a unit's terminal): the owner's to do, as binding it is.
    const terms = await this.#deps.resolver.core();
    const current = await store.findDevice(this.#deps.db, tenant, deviceId);
    const stored = await this.#storedTypes(tenant, [current?.entityName], caller);
    await this.#deps.db.transaction(async (tx) => {
      const found = await store.findDevice(tx, tenant, deviceId, true);
      if (!found || !inScope(filter, found.servicePath)) throw deviceNotFound(deviceId);
      this.#checkBindings([found], terms, caller, stored);
      await store.deleteDevices(tx, tenant, [deviceId]);
    });
    this.#published(tenant, deviceId);
  }

  /**
   * A device bound to an entity of a type a module keeps (by its type, or the entity's stored types)
   * writes the module's records: the caller needs the permission the module names (the platform's own
   * calls, with no caller, are its own).
   */
  #checkBindings(
    devices: readonly Device[],
    terms: TermMap,
    caller: Caller | undefined,
    stored: ReadonlyMap<string, string[]>,
  ): void {
    const ownership = this.#deps.ownership;
    const allows = caller?.allows;
    if (!ownership || !allows) return;
    for (const device of devices) {
      // An entity that does not exist yet is kept too when its id names a kept type, in any letter case
      // (as the NGSI-LD API judges it): the module will own it, or a lookalike would stand beside its record.
      const claim =
        ownership.ownerOf([terms.expand(device.entityType), ...(stored.get(device.entityName) ?? [])]) ??
        ownership.ownerOfId(device.entityName);
      if (claim && !(claim.devices && allows(claim.devices))) {
        throw ingestErrors.typeKept(device.entityName, claim.owner, claim.devices);
      }
    }
  }

  /** The stored types of the entities named (read before the registry's transaction). */
  async #storedTypes(tenant: string, names: readonly unknown[], caller: Caller | undefined) {
    const ids = [...new Set(names.filter((n): n is string => typeof n === 'string'))];
    if (!this.#deps.ownership || !caller?.allows || ids.length === 0) return new Map<string, string[]>();
    try {
      const found = await this.#deps.context.entitiesByIds(tenant, ids);
      return new Map(found.map((e) => [e.id, e.types]));
    } catch (err) {
      if (err instanceof AppError && err.code === 'NONEXISTENT_TENANT') return new Map();
      throw err;
    }
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

  #published(tenant: string, deviceId: string): void {
    this.#deps.bus.publish('ingest.registry', { tenant, kind: 'device', id: deviceId });
  }
}
