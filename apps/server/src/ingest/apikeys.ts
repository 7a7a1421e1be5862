import { randomBytes } from 'node:crypto';
import type { AuthService, Permission } from '../platform/auth/index.js';
import type { Sql } from '../platform/db/index.js';
import type { AppError } from '../platform/errors.js';
import { ingestErrors } from './errors.js';
import type { ServiceGroup } from './model.js';
import { at, invalid } from './provisioning-input.js';
import type { Scope } from './service-paths.js';
import * as store from './store.js';

/**
 * The apikey rules. A device on the wire (MQTT topic, HTTP query) names itself by apikey and device
 * id alone, with no tenant: so an apikey routes measures to one tenant, in the whole instance. An
 * apikey another tenant holds is refused in words that do not confirm it (IOT_APIKEY_UNAVAILABLE), and
 * the refusal counts as a failed attempt of the caller's address, as a wrong apikey on the device
 * routes does: provisioning is no faster a way to find other tenants' keys than guessing them there.
 */

/** The per-address failure count (AUTH_ADDRESS_FAILURES) that guesses of apikeys add to. */
export type AddressLimit = Pick<AuthService, 'checkAddress' | 'addressFailed'>;

/** Who provisions, as far as apikey guessing is concerned: the source address of the request. */
export interface Caller {
  readonly address?: string | undefined;
  /**
   * Whether the caller holds a permission (a request's); binding a device to a type a module keeps
   * asks for the module's. The platform's own calls pass no caller.
   */
  readonly allows?: ((permission: Permission) => boolean) | undefined;
}

/** A key the server chooses: 128 random bits, in the characters a topic level and the agent's API allow. */
export const generateApiKey = (): string => randomBytes(16).toString('base64url');

/** Refusals of apikeys that other tenants hold, counted against the caller's address. */
export class ApiKeyGuard {
  readonly #limit: AddressLimit | undefined;
  readonly #address: string | undefined;

  constructor(limit: AddressLimit | undefined, caller: Caller | undefined) {
    this.#limit = limit;
    this.#address = caller?.address;
  }

  /** Before any key chosen by the caller is looked up: an address that guessed too often is refused (429). */
  checkAddress(): void {
    this.#limit?.checkAddress(this.#address);
  }

  /** The refusal of a key held elsewhere; the caller's address is charged one failed attempt. */
  taken(): AppError {
    this.#limit?.addressFailed(this.#address);
    return ingestErrors.apikeyUnavailable();
  }

  /** Refuses new groups' keys that route to another tenant (a group's, or a device's own key). */
  async checkNewGroupKeys(sql: Sql, tenant: string, apikeys: readonly string[]): Promise<void> {
    const elsewhere = await store.apikeysOfOtherTenants(sql, tenant, apikeys);
    if (elsewhere.size > 0) throw this.taken();
  }

  /** Why a group's key could not be inserted (another insert got there first): this tenant's, or not. */
  async conflict(sql: Sql, tenant: string, apikey: string): Promise<AppError> {
    const holder = await store.findGroupByApiKey(sql, apikey);
    return holder && holder.tenant === tenant ? ingestErrors.groupExists(apikey) : this.taken();
  }
}

/** The groups devices of one request belong to, each looked up once. */
export class GroupLookup {
  readonly #byKey = new Map<string, ServiceGroup | null>();
  readonly #sql: Sql;
  readonly #scope: Scope;
  readonly #guard: ApiKeyGuard;

  constructor(sql: Sql, scope: Scope, guard: ApiKeyGuard) {
    this.#sql = sql;
    this.#scope = scope;
    this.#guard = guard;
  }

  /** The group of an apikey when it is this tenant's; undefined when there is none (or no apikey). */
  async ofApiKey(apikey: string | undefined, tenant: string): Promise<ServiceGroup | undefined> {
    if (apikey === undefined) return undefined;
    const group = await this.#find(apikey);
    return group && group.tenant === tenant ? group : undefined;
  }

  /**
   * The group a device provisioned with `apikey` belongs to. Without an apikey, the device takes the
   * key of the one group of its service path, as the agent does; with one, the key must not route to
   * another tenant (measures with it would never reach this device): neither another tenant's group's
   * key, nor the key another tenant's device of the same id has of its own.
   */
  async forDevice(apikey: string | undefined, deviceId: string, where: string): Promise<ServiceGroup | undefined> {
    if (apikey !== undefined) {
      const group = await this.#find(apikey);
      if (group && group.tenant !== this.#scope.tenant) throw this.#guard.taken();
      if (!group) {
        const holder = await store.findDeviceByApiKey(this.#sql, apikey, deviceId);
        if (holder && holder.tenant !== this.#scope.tenant) throw this.#guard.taken();
      }
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
