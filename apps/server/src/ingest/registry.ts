import type { Logger } from 'pino';
import type { TermMap } from '../context/index.js';
import type { EventBus } from '../platform/bus.js';
import type { Database } from '../platform/db/index.js';
import { isStorableText } from './decode.js';
import { hashDeviceSecret } from './device-secrets.js';
import type { AuditSink } from './device-audit.js';
import { ingestErrors, PayloadRejected } from './errors.js';
import { findMapping, isGeoType } from './mapping.js';
import {
  defaultEntityName,
  profileOf,
  ROOT_SERVICE_PATH,
  type Device,
  type DeviceProfile,
  type ServiceGroup,
} from './model.js';
import * as store from './store.js';

/**
 * Groups and devices as the southbound side needs them on every message: cached, forgotten when
 * provisioning changes them (on this instance at once, on others within CACHE_MS).
 */

const CACHE_MS = 60_000;
/** An unknown device is asked about again after this long, so a flood of them costs little. */
const UNKNOWN_MS = 5_000;
const HOUR_MS = 3600_000;
/** A group at its autoprovision cap is counted again after at most this long (a slot may free sooner elsewhere). */
const CAPPED_RECHECK_MS = 60_000;

export const AUTOPROVISION_LIMITED = 'iot.autoprovision-limited';

/** How one measure of a device is stored. */
export interface MeasureTarget {
  /** Expanded attribute name. */
  readonly iri: string;
  readonly name: string;
  readonly type: string | undefined;
  readonly unitCode: string | undefined;
  readonly geo: boolean;
}

export interface KnownDevice {
  readonly profile: DeviceProfile;
  readonly group: ServiceGroup | undefined;
  /** Expanded entity types. */
  readonly types: string[];
  /** The target of a measure by object_id (declared ones); undeclared ones are worked out per message. */
  target(objectId: string): MeasureTarget | undefined;
  /** Command names (short) → their expanded attribute names. */
  readonly commands: ReadonlyMap<string, string>;
  /** Set once this instance has made sure the entity exists. */
  entityReady: boolean;
}

interface Cached<T> {
  readonly value: T;
  readonly until: number;
}

export class DeviceRegistry {
  readonly #db: Database;
  readonly #terms: () => TermMap;
  readonly #log: Logger;
  readonly #bus: EventBus;
  readonly #groups = new Map<string, Cached<ServiceGroup | null>>();
  readonly #devices = new Map<string, Cached<KnownDevice | null>>();
  readonly #autoprovisionPerHour: number;
  readonly #audit: AuditSink | undefined;
  readonly #now: () => number;
  /** Groups (tenant and apikey) at their autoprovision cap: until when, without counting again. */
  readonly #capped = new Map<string, number>();
  /** When a group's reaching its cap was last audited: once an hour per group. */
  readonly #cappedAudited = new Map<string, number>();

  constructor(deps: {
    db: Database;
    bus: EventBus;
    log: Logger;
    terms: () => TermMap;
    /** New devices a group may autoprovision in an hour. */
    autoprovisionPerHour?: number | undefined;
    audit?: AuditSink | undefined;
    now?: (() => number) | undefined;
  }) {
    this.#db = deps.db;
    this.#bus = deps.bus;
    this.#log = deps.log;
    this.#terms = deps.terms;
    this.#autoprovisionPerHour = deps.autoprovisionPerHour ?? 1000;
    this.#audit = deps.audit;
    this.#now = deps.now ?? Date.now;
    deps.bus.subscribe('ingest.registry', () => {
      // Provisioning is rare: forgetting everything is simpler than tracking what a group change touches.
      this.#groups.clear();
      this.#devices.clear();
    });
    deps.bus.subscribe('context.entity', (e) => {
      if (e.kind !== 'deleted') return;
      for (const cached of this.#devices.values()) {
        if (cached.value?.profile.entityId === e.entityId && cached.value.profile.tenant === e.tenant) {
          cached.value.entityReady = false;
        }
      }
    });
  }

  /** The group an API key names; throws unknown_apikey. */
  async group(apikey: string): Promise<ServiceGroup> {
    const group = await this.#groupOrNull(apikey);
    if (!group) throw ingestErrors.unknownApiKey();
    return group;
  }

  async #groupOrNull(apikey: string): Promise<ServiceGroup | null> {
    const now = Date.now();
    let cached = this.#groups.get(apikey);
    if (!cached || cached.until < now) {
      const value = await store.findGroupByApiKey(this.#db, apikey);
      cached = { value, until: now + (value ? CACHE_MS : UNKNOWN_MS) };
      if (this.#groups.size > 10_000) this.#groups.clear();
      this.#groups.set(apikey, cached);
    }
    return cached.value;
  }

  /**
   * The device speaking with this API key, autoprovisioned when its group allows; throws
   * unknown_apikey or unknown_device.
   */
  async device(apikey: string, deviceId: string, transport: string): Promise<KnownDevice> {
    const group = await this.#groupOrNull(apikey);
    const key = `${apikey}\u0000${deviceId}`;
    const now = Date.now();
    let cached = this.#devices.get(key);
    if (!cached || cached.until < now) {
      let device: Device | null;
      if (group) {
        device = await store.findDevice(this.#db, group.tenant, deviceId);
        if (!device && group.autoprovision) device = await this.#autoprovision(group, deviceId, transport);
      } else {
        // A device may carry an API key of its own, with no group behind it.
        device = await store.findDeviceByApiKey(this.#db, apikey, deviceId);
      }
      const value = device && (device.apikey ?? apikey) === apikey ? this.#know(device, group ?? undefined) : null;
      cached = { value, until: now + (value ? CACHE_MS : UNKNOWN_MS) };
      if (this.#devices.size > 200_000) this.#devices.clear();
      this.#devices.set(key, cached);
    }
    if (!cached.value) throw group ? ingestErrors.unknownDevice(deviceId) : ingestErrors.unknownApiKey();
    return cached.value;
  }

  /**
   * The device holding this secret of its own, found by its id and the secret (an MQTT connection's
   * username and password); null when none does. Not cached: connections are few beside messages.
   */
  async deviceBySecret(deviceId: string, secret: string): Promise<KnownDevice | null> {
    if (!isStorableText(deviceId)) return null;
    const device = await store.findDeviceBySecret(this.#db, deviceId, hashDeviceSecret(secret));
    if (!device?.apikey) return null;
    return this.device(device.apikey, deviceId, 'mqtt').catch((err: unknown) => {
      if (err instanceof PayloadRejected) return null;
      throw err;
    });
  }

  /** Does the group of this API key take its devices' messages only with their own secrets? */
  async requiresSecret(apikey: string): Promise<boolean> {
    return (await this.#groupOrNull(apikey))?.deviceAuth === 'secret';
  }

  /**
   * The tenant whose device speaks with this API key (and device id, for a key of the device's own):
   * where its measures go and its commands come from. Never autoprovisions; undefined when unknown.
   */
  async tenantOf(apikey: string, deviceId: string | undefined): Promise<string | undefined> {
    const group = await this.#groupOrNull(apikey);
    if (group) return group.tenant;
    if (deviceId === undefined) return undefined;
    const cached = this.#devices.get(`${apikey}\u0000${deviceId}`);
    if (cached && cached.until >= Date.now()) return cached.value?.profile.tenant;
    return (await store.findDeviceByApiKey(this.#db, apikey, deviceId))?.tenant;
  }

  /** Of these entities of a tenant, those some device writes. */
  async entitiesWithDevices(tenant: string, entityIds: readonly string[]): Promise<Set<string>> {
    return entityIds.length === 0 ? new Set() : store.entitiesWithDevices(this.#db, tenant, entityIds);
  }

  /** The device of an entity that commands written on the entity go to: the one heard last for it. */
  async deviceOfEntity(tenant: string, entityId: string): Promise<KnownDevice | null> {
    const device = await store.findDeviceByEntity(this.#db, tenant, entityId);
    if (!device) return null;
    const group = device.apikey ? await this.group(device.apikey).catch(() => undefined) : undefined;
    return this.#know(device, group);
  }

  /**
   * Refuses a new device of a group that registered its hour's allowance already, by the database's
   * count (instances and restarts share it); a flood of invented ids then costs no count until the
   * group is counted again.
   */
  async #checkAutoprovisionCap(group: ServiceGroup, deviceId: string): Promise<void> {
    const key = `${group.tenant}\u0000${group.apikey}`;
    const now = this.#now();
    const cappedUntil = this.#capped.get(key);
    if (cappedUntil === undefined || cappedUntil <= now) {
      this.#capped.delete(key);
      const { count, freesInSeconds } = await store.autoprovisionedInLastHour(this.#db, group.tenant, group.apikey);
      if (count < this.#autoprovisionPerHour) return;
      if (this.#capped.size > 10_000) this.#capped.clear();
      this.#capped.set(key, now + Math.min(CAPPED_RECHECK_MS, Math.max(1000, freesInSeconds * 1000)));
    }
    const audited = this.#cappedAudited.get(key);
    if (audited === undefined || now - audited >= HOUR_MS) {
      if (this.#cappedAudited.size > 10_000) this.#cappedAudited.clear();
      this.#cappedAudited.set(key, now);
      this.#log.warn(
        { tenant: group.tenant, deviceId, perHour: this.#autoprovisionPerHour },
        'autoprovisioning refused: the group registered its new devices of the hour',
      );
      this.#audit?.note({
        actor: { kind: 'device', id: deviceId, name: deviceId, roles: [] },
        tenant: group.tenant,
        action: AUTOPROVISION_LIMITED,
        // The first device refused this hour; the group by what it writes (its apikey is its devices' secret).
        target: deviceId,
        outcome: 429,
        detail: {
          perHour: this.#autoprovisionPerHour,
          entityType: group.entityType,
          servicePath: group.servicePath || ROOT_SERVICE_PATH,
        },
      });
    }
    throw ingestErrors.autoprovisionLimit(deviceId, this.#autoprovisionPerHour, group.tenant);
  }

  async #autoprovision(group: ServiceGroup, deviceId: string, transport: string): Promise<Device> {
    await this.#checkAutoprovisionCap(group, deviceId);
    const device: Device = {
      tenant: group.tenant,
      servicePath: group.servicePath || ROOT_SERVICE_PATH,
      deviceId,
      apikey: group.apikey,
      entityName: defaultEntityName(group.entityType, deviceId),
      entityType: group.entityType,
      attributes: [],
      staticAttributes: [],
      commands: [],
      explicitAttrs: undefined,
      timestamp: undefined,
      protocol: 'IoTA-JSON',
      transport: transport.toUpperCase(),
      autoprovisioned: true,
      health: { lastSeenAt: undefined, messageCount: 0, errorCount: 0 },
    };
    if (await store.insertDeviceIfMissing(this.#db, device)) {
      this.#log.info({ tenant: group.tenant, deviceId }, 'device autoprovisioned');
      this.#bus.publish('ingest.registry', { tenant: group.tenant, kind: 'device', id: deviceId });
    }
    return (await store.findDevice(this.#db, group.tenant, deviceId)) ?? device;
  }

  #know(device: Device, group: ServiceGroup | undefined): KnownDevice {
    const profile = profileOf(device, group);
    const terms = this.#terms();
    const targets = new Map<string, MeasureTarget>();
    const target = (objectId: string): MeasureTarget | undefined => {
      let found = targets.get(objectId);
      if (found === undefined) {
        const mapping = findMapping(profile.attributes, objectId);
        if (!mapping) return undefined;
        found = {
          iri: terms.expand(mapping.name),
          name: mapping.name,
          type: mapping.type,
          unitCode: mapping.unitCode,
          geo: isGeoType(mapping.type),
        };
        targets.set(objectId, found);
      }
      return found;
    };
    return {
      profile,
      group,
      types: [terms.expand(profile.entityType)],
      target,
      commands: new Map(profile.commands.map((c: { name: string }) => [c.name, terms.expand(c.name)])),
      entityReady: false,
    };
  }
}
