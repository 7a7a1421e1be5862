import type { Permission } from '../platform/auth/index.js';
import { AppError } from '../platform/errors.js';
import type { Entity } from './model.js';
import type { BatchItem, ContextService } from './service.js';
import type { TemporalService } from './temporal/service.js';

interface Claim {
  readonly owner: string;
  readonly writable: ReadonlySet<string>;
  /** The permission binding a device to an entity of the type needs. */
  readonly devices?: Permission;
}

/**
 * Entity types a module keeps. Their entities show the module's own records (an emergency unit, an
 * incident): the module writes them inside its rules (a unit's status changes only by a legal step, a
 * dispatch is the module's to send), and devices write theirs through ingestion. Through the NGSI-LD
 * API anyone allowed may read them, but a write is refused with 403 CONTEXT_TYPE_OWNED, except to the
 * attributes the owner opens to other systems. Ingestion and modules write through the service itself,
 * which this guard does not wrap: only the API's routes are given the guarded service.
 */
export class TypeOwnership {
  readonly #owned = new Map<string, Claim>();
  /** Kept types by their short name (the IRI's last segment), as an NGSI-LD URN names them. */
  readonly #byName = new Map<string, string>();

  /**
   * `types` and `writable` are expanded IRIs. `devices`: the permission binding a device to an entity
   * of these types needs (ingestion's provisioning asks it); without it, none may be bound.
   */
  claim(owner: string, types: readonly string[], writable: readonly string[] = [], devices?: Permission): void {
    for (const type of types) {
      const held = this.#owned.get(type);
      if (held && held.owner !== owner) throw new Error(`${type} is kept by the module ${held.owner}`);
      this.#owned.set(type, { owner, writable: new Set(writable), ...(devices ? { devices } : {}) });
      this.#byName.set(shortName(type).toLowerCase(), type);
    }
  }

  /**
   * The claim on the type an entity id names (`urn:ngsi-ld:<Type>:…`), whatever types the entity is
   * given: an entity made under a kept type's name before the module makes its own would be taken for
   * the module's record (a planted position of a unit not yet on the roster).
   */
  ownerOfId(id: string): ({ type: string } & Claim) | undefined {
    const named = /^urn:ngsi-ld:([^:]+):/i.exec(id)?.[1];
    const type = named === undefined ? undefined : this.#byName.get(named.toLowerCase());
    return type === undefined ? undefined : this.ownerOf([type]);
  }

  get size(): number {
    return this.#owned.size;
  }

  /** Every kept type (expanded). */
  get types(): readonly string[] {
    return [...this.#owned.keys()];
  }

  /** The claim on any of these types, or undefined. */
  ownerOf(types: readonly string[]): ({ type: string } & Claim) | undefined {
    for (const type of types) {
      const held = this.#owned.get(type);
      if (held) return { type, ...held };
    }
    return undefined;
  }
}

/** An expanded type's last segment: `…/EmergencyUnit` or `…#EmergencyUnit` is `EmergencyUnit`. */
const shortName = (iri: string): string => iri.slice(Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);

/** The entities of these ids that exist; none in a tenant that does not exist yet. */
async function storedEntities(service: ContextService, tenant: string, ids: readonly string[]): Promise<Entity[]> {
  try {
    return await service.entitiesByIds(tenant, [...new Set(ids)]);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NONEXISTENT_TENANT') return [];
    throw err;
  }
}

const owned = (id: string, type: string, owner: string, what: string) =>
  new AppError(
    'CONTEXT_TYPE_OWNED',
    403,
    `${id} is a ${type}, kept by the ${owner} module: ${what} through the NGSI-LD API is refused; use the module's API.`,
  );

type Guarded = Pick<
  ContextService,
  | 'createEntity'
  | 'createBatch'
  | 'upsertBatch'
  | 'appendAttributes'
  | 'updateAttributes'
  | 'mergeEntity'
  | 'replaceEntity'
  | 'patchAttribute'
  | 'replaceAttribute'
  | 'deleteAttribute'
  | 'deleteScope'
  | 'deleteEntity'
  | 'purgeEntities'
>;

const DELETING = 'deleting it';
const PURGING = 'purging it';

/** The service as the NGSI-LD API's routes use it: writes to kept types refused (see TypeOwnership). */
export function guardOwnedWrites(service: ContextService, ownership: TypeOwnership): ContextService {
  const typesOf = async (tenant: string, ids: readonly string[]): Promise<Map<string, string[]>> =>
    new Map((await storedEntities(service, tenant, ids)).map((e) => [e.id, e.types]));
  /** Refuses a write of these attributes to the entity unless every one is open to others. */
  const check = async (tenant: string, id: string, what: string, attrs?: readonly string[], types: string[] = []) => {
    // Nothing kept (no module claimed a type): no read before the write.
    if (ownership.size === 0) return;
    const stored = (await typesOf(tenant, [id])).get(id) ?? [];
    const kept = ownership.ownerOf([...stored, ...types]);
    // An entity of no kept type under a kept type's name (`urn:ngsi-ld:hospital:…`, a Thing a device
    // made before binding was checked) is nobody's record: it may be deleted, which is how it goes.
    if (!kept && stored.length > 0 && (what === DELETING || what === PURGING)) return;
    const claim = kept ?? ownership.ownerOfId(id);
    if (!claim) return;
    const opened = attrs !== undefined && attrs.length > 0 && attrs.every((a) => claim.writable.has(a));
    // A fragment naming a type the entity does not have would change its types: never open.
    if (!opened || types.some((t) => !stored.includes(t))) throw owned(id, claim.type, claim.owner, what);
  };
  const items = async (tenant: string, batch: BatchItem[]): Promise<BatchItem[]> => {
    if (ownership.size === 0) return batch;
    const ids = batch.flatMap((i) => ('entity' in i ? [i.entity.id] : []));
    const stored = ids.length > 0 ? await typesOf(tenant, ids) : new Map<string, string[]>();
    return batch.map((item) => {
      if (!('entity' in item)) return item;
      const claim =
        ownership.ownerOf([...item.entity.types, ...(stored.get(item.entity.id) ?? [])]) ??
        ownership.ownerOfId(item.entity.id);
      return claim
        ? { entityId: item.entity.id, error: owned(item.entity.id, claim.type, claim.owner, 'writing it') }
        : item;
    });
  };
  const attrsOf = (fragment: Entity) => Object.keys(fragment.attrs);
  const guarded: Guarded = {
    createEntity: async (tenant, entity) => {
      const claim = ownership.ownerOf(entity.types) ?? ownership.ownerOfId(entity.id);
      if (claim) throw owned(entity.id, claim.type, claim.owner, 'creating it');
      return service.createEntity(tenant, entity);
    },
    createBatch: async (tenant, batch) => service.createBatch(tenant, await items(tenant, batch)),
    upsertBatch: async (tenant, batch, mode) => service.upsertBatch(tenant, await items(tenant, batch), mode),
    appendAttributes: async (tenant, id, fragment, noOverwrite) => {
      await check(tenant, id, 'writing it', attrsOf(fragment), fragment.types);
      return service.appendAttributes(tenant, id, fragment, noOverwrite);
    },
    updateAttributes: async (tenant, id, fragment) => {
      await check(tenant, id, 'writing it', attrsOf(fragment), fragment.types);
      return service.updateAttributes(tenant, id, fragment);
    },
    mergeEntity: async (tenant, id, fragment) => {
      await check(tenant, id, 'writing it', attrsOf(fragment), fragment.types);
      return service.mergeEntity(tenant, id, fragment);
    },
    replaceEntity: async (tenant, id, replacement) => {
      await check(tenant, id, 'replacing it', undefined, replacement.types);
      return service.replaceEntity(tenant, id, replacement);
    },
    patchAttribute: async (tenant, id, attr, patch) => {
      await check(tenant, id, 'writing it', [attr]);
      return service.patchAttribute(tenant, id, attr, patch);
    },
    replaceAttribute: async (tenant, id, attr, instance) => {
      await check(tenant, id, 'writing it', [attr]);
      return service.replaceAttribute(tenant, id, attr, instance);
    },
    deleteAttribute: async (...args) => {
      await check(args[0], args[1], 'deleting its attributes');
      return service.deleteAttribute(...args);
    },
    deleteScope: async (tenant, id, datasetId) => {
      await check(tenant, id, 'deleting its attributes');
      return service.deleteScope(tenant, id, datasetId);
    },
    deleteEntity: async (tenant, id) => {
      await check(tenant, id, DELETING);
      return service.deleteEntity(tenant, id);
    },
    // Named by id, a kept entity is refused; matched by a query, it is left alone.
    purgeEntities: async (tenant, purge, terms) => {
      for (const id of purge.ids ?? []) await check(tenant, id, PURGING);
      return service.purgeEntities(tenant, { ...purge, exceptTypes: ownership.types }, terms);
    },
  };
  return new Proxy(service, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in guarded) return guarded[property as keyof Guarded];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

type GuardedHistory = Pick<
  TemporalService,
  'createOrAppend' | 'appendAttributes' | 'deleteEntity' | 'deleteAttribute' | 'patchInstance' | 'deleteInstance'
>;

/**
 * The temporal API's service as its routes use it: the history of a kept entity is written by the
 * broker as the entity changes, never through the API (a forged past status would be a forged record).
 */
export function guardOwnedHistory(
  temporal: TemporalService,
  service: ContextService,
  ownership: TypeOwnership,
): TemporalService {
  const check = async (tenant: string, id: string, types: readonly string[] = []) => {
    if (ownership.size === 0) return;
    const stored = (await storedEntities(service, tenant, [id]))[0]?.types ?? [];
    const claim = ownership.ownerOf([...stored, ...types]) ?? ownership.ownerOfId(id);
    if (claim) throw owned(id, claim.type, claim.owner, 'writing its history');
  };
  const guarded: GuardedHistory = {
    createOrAppend: async (tenant, input) => {
      await check(tenant, input.id, input.types);
      return temporal.createOrAppend(tenant, input);
    },
    appendAttributes: async (tenant, id, fragment) => {
      await check(tenant, id, fragment.types);
      return temporal.appendAttributes(tenant, id, fragment);
    },
    deleteEntity: async (tenant, id) => {
      await check(tenant, id);
      return temporal.deleteEntity(tenant, id);
    },
    deleteAttribute: async (...args) => {
      await check(args[0], args[1]);
      return temporal.deleteAttribute(...args);
    },
    patchInstance: async (tenant, id, attr, instanceId, patch) => {
      await check(tenant, id);
      return temporal.patchInstance(tenant, id, attr, instanceId, patch);
    },
    deleteInstance: async (tenant, id, attr, instanceId) => {
      await check(tenant, id);
      return temporal.deleteInstance(tenant, id, attr, instanceId);
    },
  };
  return new Proxy(temporal, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in guarded) return guarded[property as keyof GuardedHistory];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
