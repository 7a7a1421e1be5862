import { AppError } from '../platform/errors.js';
import type { Entity } from './model.js';
import type { BatchItem, ContextService } from './service.js';

/**
 * Entity types a module keeps. Their entities show the module's own records (an emergency unit, an
 * incident): the module writes them inside its rules (a unit's status changes only by a legal step, a
 * dispatch is the module's to send), and devices write theirs through ingestion. Through the NGSI-LD
 * API anyone allowed may read them, but a write is refused with 403 CONTEXT_TYPE_OWNED, except to the
 * attributes the owner opens to other systems. Ingestion and modules write through the service itself,
 * which this guard does not wrap: only the API's routes are given the guarded service.
 */
export class TypeOwnership {
  readonly #owned = new Map<string, { readonly owner: string; readonly writable: ReadonlySet<string> }>();

  /** `types` and `writable` are expanded IRIs. */
  claim(owner: string, types: readonly string[], writable: readonly string[] = []): void {
    for (const type of types) {
      const held = this.#owned.get(type);
      if (held && held.owner !== owner) throw new Error(`${type} is kept by the module ${held.owner}`);
      this.#owned.set(type, { owner, writable: new Set(writable) });
    }
  }

  get size(): number {
    return this.#owned.size;
  }

  /** The claim on any of these types, or undefined. */
  ownerOf(types: readonly string[]): { type: string; owner: string; writable: ReadonlySet<string> } | undefined {
    for (const type of types) {
      const held = this.#owned.get(type);
      if (held) return { type, ...held };
    }
    return undefined;
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
>;

/** The service as the NGSI-LD API's routes use it: writes to kept types refused (see TypeOwnership). */
export function guardOwnedWrites(service: ContextService, ownership: TypeOwnership): ContextService {
  const typesOf = async (tenant: string, ids: readonly string[]): Promise<Map<string, string[]>> =>
    new Map((await service.entitiesByIds(tenant, [...new Set(ids)])).map((e) => [e.id, e.types]));
  /** Refuses a write of these attributes to the entity unless every one is open to others. */
  const check = async (tenant: string, id: string, what: string, attrs?: readonly string[], types: string[] = []) => {
    // Nothing kept (no module claimed a type): no read before the write.
    if (ownership.size === 0) return;
    const stored = (await typesOf(tenant, [id])).get(id) ?? [];
    const claim = ownership.ownerOf([...stored, ...types]);
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
      const claim = ownership.ownerOf([...item.entity.types, ...(stored.get(item.entity.id) ?? [])]);
      return claim
        ? { entityId: item.entity.id, error: owned(item.entity.id, claim.type, claim.owner, 'writing it') }
        : item;
    });
  };
  const attrsOf = (fragment: Entity) => Object.keys(fragment.attrs);
  const guarded: Guarded = {
    createEntity: async (tenant, entity) => {
      const claim = ownership.ownerOf(entity.types);
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
      await check(tenant, id, 'deleting it');
      return service.deleteEntity(tenant, id);
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
