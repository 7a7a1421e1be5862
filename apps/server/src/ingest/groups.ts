import type { TermMap } from '../context/index.js';
import { problems } from '../platform/errors.js';
import { ApiKeyGuard, generateApiKey, type Caller } from './apikeys.js';
import { ingestErrors } from './errors.js';
import { parseGroup, patchGroup, renderGroup } from './group-fields.js';
import type { Page, ProvisioningDeps } from './provisioning.js';
import { itemsOf } from './provisioning-input.js';
import { servicePathFilter, servicePathOf } from './service-paths.js';
import * as store from './store.js';
import type { ServiceGroupView } from './schemas.js';

const groupNotFound = (apikey: string) => problems.notFound('Service group with apikey', apikey);

/** Service groups (/iot/services): an apikey and the defaults of the devices that speak with it. */
export class ServiceGroups {
  readonly #deps: ProvisioningDeps;

  constructor(deps: ProvisioningDeps) {
    this.#deps = deps;
  }

  /**
   * All the groups of the body, or none. Returns each group's apikey: a group given none gets one the
   * server chose, which can collide with no other.
   */
  async create(
    tenant: string,
    servicePathHeader: string | undefined,
    body: unknown,
    caller?: Caller,
  ): Promise<{ apikey: string; resource: string }[]> {
    const scope = { tenant, servicePath: servicePathOf(servicePathHeader) };
    const items = itemsOf(body, 'services');
    const groups = items.map((raw, i) => parseGroup(raw, `services[${i}]`, scope, generateApiKey));
    const seen = new Set<string>();
    for (const g of groups) {
      if (seen.has(g.apikey)) throw ingestErrors.groupExists(g.apikey);
      seen.add(g.apikey);
    }
    const chosen = groups.filter((_, i) => items[i]?.['apikey'] !== undefined).map((g) => g.apikey);
    const guard = new ApiKeyGuard(this.#deps.addressLimit, caller);
    if (chosen.length > 0) guard.checkAddress();
    for (const g of groups) await this.#checkKept(g.entityType, caller);
    await this.#deps.db.transaction(async (tx) => {
      await guard.checkNewGroupKeys(tx, tenant, chosen);
      const inserted = await store.insertGroups(tx, groups);
      const taken = groups.find((g) => !inserted.has(g.apikey));
      if (taken) throw await guard.conflict(tx, tenant, taken.apikey);
    });
    for (const g of groups) this.#published(tenant, g.apikey);
    return groups.map((g) => ({ apikey: g.apikey, resource: g.resource }));
  }

  async list(
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

  async update(
    tenant: string,
    servicePathHeader: string | undefined,
    key: { apikey: string; resource?: string | undefined },
    body: unknown,
    caller?: Caller,
  ): Promise<void> {
    const servicePath = servicePathFilter(servicePathHeader);
    const terms = await this.#deps.resolver.core();
    await this.#deps.db.transaction(async (tx) => {
      const [group] = await store.findGroups(tx, tenant, { servicePath, ...key }, true);
      if (!group) throw groupNotFound(key.apikey);
      const patched = patchGroup(group, body);
      // A kept type's group (its mappings, its deviceAuth) is the owner's to change, as is binding one.
      for (const type of new Set([group.entityType, patched.entityType])) this.#checkKeptIn(terms, type, caller);
      await store.updateGroup(tx, patched);
    });
    this.#published(tenant, key.apikey);
  }

  /** A group whose devices write entities of a type a module keeps needs the owner's permission. */
  async #checkKept(entityType: string | undefined, caller: Caller | undefined): Promise<void> {
    if (entityType === undefined || !caller?.allows || !this.#deps.ownership) return;
    this.#checkKeptIn(await this.#deps.resolver.core(), entityType, caller);
  }

  #checkKeptIn(terms: TermMap, entityType: string | undefined, caller: Caller | undefined): void {
    const allows = caller?.allows;
    if (entityType === undefined || !allows || !this.#deps.ownership) return;
    const claim = this.#deps.ownership.ownerOf([terms.expand(entityType)]);
    if (claim && !(claim.devices && allows(claim.devices))) {
      throw ingestErrors.typeKept(`Entity type ${entityType}`, claim.owner, claim.devices);
    }
  }

  /** With `withDevices` its devices go too (their entities stay, as when a device is deleted). */
  async delete(
    tenant: string,
    servicePathHeader: string | undefined,
    key: { apikey: string; resource?: string | undefined },
    withDevices: boolean,
    caller?: Caller,
  ): Promise<void> {
    const servicePath = servicePathFilter(servicePathHeader);
    const terms = await this.#deps.resolver.core();
    const removedDevices = await this.#deps.db.transaction(async (tx) => {
      const [group] = await store.findGroups(tx, tenant, { servicePath, ...key }, true);
      if (!group) throw groupNotFound(key.apikey);
      // Removing a kept type's group silences its devices (the units' terminals): the owner's to do.
      this.#checkKeptIn(terms, group.entityType, caller);
      await store.deleteGroup(tx, group.resource, group.apikey);
      if (!withDevices) return [];
      return store.deleteDevices(tx, tenant, await store.deviceIdsOfApiKey(tx, tenant, group.apikey));
    });
    this.#published(tenant, key.apikey);
    for (const id of removedDevices) this.#deps.bus.publish('ingest.registry', { tenant, kind: 'device', id });
  }

  #published(tenant: string, apikey: string): void {
    this.#deps.bus.publish('ingest.registry', { tenant, kind: 'group', id: apikey });
  }
}
