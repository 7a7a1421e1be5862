import type { Sql } from '../platform/db/index.js';
import { ingestErrors } from './errors.js';
import type { ServiceGroup } from './model.js';
import { at, invalid } from './provisioning-input.js';
import type { Scope } from './service-paths.js';
import * as store from './store.js';

/**
 * The apikey rules. A device on the wire (MQTT topic, HTTP query) names itself by apikey and device
 * id alone, with no tenant: so an apikey routes measures to one tenant, in the whole instance.
 */

/** The groups devices of one request belong to, each looked up once. */
export class GroupLookup {
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
