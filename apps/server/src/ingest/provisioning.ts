import type { Logger } from 'pino';
import type { ContextResolver, ContextService, TypeOwnership } from '../context/index.js';
import type { EventBus } from '../platform/bus.js';
import type { Database } from '../platform/db/index.js';
import type { AddressLimit, Caller } from './apikeys.js';
import type { HealthStatus } from './device-fields.js';
import { DeviceProvisioning } from './devices.js';
import { ServiceGroups } from './groups.js';
import type { DeviceView, ServiceGroupView } from './schemas.js';

/**
 * The IoT Agent's provisioning API (/iot/services, /iot/devices): bodies are read with the agent's field
 * names (group-fields.ts, device-fields.ts, provisioning-input.ts), checked completely before anything
 * is written, and kept in the shapes of model.ts. The apikey rules are in apikeys.ts.
 *
 * Refused because ignoring them would store data other than asked: lazy attributes (when not empty),
 * expressions (expression, entityNameExp, expressionLanguage), multi-entity mappings, reverse and
 * skipValue, explicitAttrs other than true or false, metadata other than unitCode.
 */

export interface ProvisioningDeps {
  readonly db: Database;
  readonly bus: EventBus;
  readonly context: ContextService;
  readonly resolver: ContextResolver;
  readonly log: Logger;
  /** A device not heard from for this long is offline. */
  readonly offlineAfterMs: number;
  /** Where refusals of other tenants' apikeys are counted (the per-address failure limit). */
  readonly addressLimit?: AddressLimit;
  /** Entity types modules keep: binding a device to one needs the owner's permission. */
  readonly ownership?: Pick<TypeOwnership, 'ownerOf' | 'ownerOfId'>;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

type Key = { apikey: string; resource?: string | undefined };

/** Provisioning of service groups and devices, and the entities of the devices. */
export class ProvisioningService {
  readonly #groups: ServiceGroups;
  readonly #devices: DeviceProvisioning;

  constructor(deps: ProvisioningDeps) {
    this.#groups = new ServiceGroups(deps);
    this.#devices = new DeviceProvisioning(deps);
  }

  /** POST /iot/services: all the groups of the body, or none; their apikeys (chosen by the server when left out). */
  async createGroups(
    tenant: string,
    servicePathHeader: string | undefined,
    body: unknown,
    caller?: Caller,
  ): Promise<{ services: { apikey: string; resource: string }[] }> {
    return { services: await this.#groups.create(tenant, servicePathHeader, body, caller) };
  }

  /** GET /iot/services */
  listGroups(
    tenant: string,
    servicePathHeader: string | undefined,
    query: Page & { resource?: string | undefined; apikey?: string | undefined },
  ): Promise<{ count: number; services: ServiceGroupView[] }> {
    return this.#groups.list(tenant, servicePathHeader, query);
  }

  /** PUT /iot/services?apikey=…[&resource=…] */
  updateGroup(
    tenant: string,
    servicePathHeader: string | undefined,
    key: Key,
    body: unknown,
    caller?: Caller,
  ): Promise<void> {
    return this.#groups.update(tenant, servicePathHeader, key, body, caller);
  }

  /** DELETE /iot/services?apikey=…[&resource=…][&device=true]: with device=true its devices go too. */
  deleteGroup(
    tenant: string,
    servicePathHeader: string | undefined,
    key: Key,
    withDevices: boolean,
    caller?: Caller,
  ): Promise<void> {
    return this.#groups.delete(tenant, servicePathHeader, key, withDevices, caller);
  }

  /** POST /iot/devices: all the devices of the body, or none, and their entities. */
  createDevices(tenant: string, servicePathHeader: string | undefined, body: unknown, caller?: Caller): Promise<void> {
    return this.#devices.create(tenant, servicePathHeader, body, caller);
  }

  /** GET /iot/devices */
  listDevices(
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
    return this.#devices.list(tenant, servicePathHeader, query, now);
  }

  /** GET /iot/devices/:deviceId */
  getDevice(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    now = new Date(),
  ): Promise<DeviceView> {
    return this.#devices.get(tenant, servicePathHeader, deviceId, now);
  }

  /** PUT /iot/devices/:deviceId */
  updateDevice(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    body: unknown,
    caller?: Caller,
  ): Promise<void> {
    return this.#devices.update(tenant, servicePathHeader, deviceId, body, caller);
  }

  /**
   * POST /iot/devices/:deviceId/secret: the device's own secret, generated (or, for the platform's own
   * callers, the one given), replacing any it had; resolves with it, as it is shown only now.
   */
  issueDeviceSecret(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    given?: string,
    caller?: Caller,
  ): Promise<string> {
    return this.#devices.issueSecret(tenant, servicePathHeader, deviceId, given, caller);
  }

  /** DELETE /iot/devices/:deviceId/secret */
  revokeDeviceSecret(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    caller?: Caller,
  ): Promise<void> {
    return this.#devices.revokeSecret(tenant, servicePathHeader, deviceId, caller);
  }

  /** DELETE /iot/devices/:deviceId: the device goes, its entity and history stay. */
  deleteDevice(
    tenant: string,
    servicePathHeader: string | undefined,
    deviceId: string,
    caller?: Caller,
  ): Promise<void> {
    return this.#devices.delete(tenant, servicePathHeader, deviceId, caller);
  }
}
