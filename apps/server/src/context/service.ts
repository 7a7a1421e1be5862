import type { Logger } from 'pino';
import type { EventBus } from '../platform/bus.js';
import { AppError } from '../platform/errors.js';
import type { Database, Sql } from '../platform/db/index.js';
import { ngsiErrors } from './errors.js';
import type { TermMap } from './jsonld/contexts.js';
import {
  checkAttributeCount,
  checkAttributeName,
  checkEntityId,
  isUri,
  NGSI_LD_NULL,
  stampInstances,
  tooManyAttributes,
  type Attributes,
  type Entity,
  type Instance,
} from './model.js';
import * as store from './store.js';

// The temporal API builds its scopeQ condition with the same SQL.
export { scopeQToSql } from './query/filter.js';

/** One entity of a batch that could not be processed, with the reason as a problem document. */
export interface BatchError {
  readonly entityId: string;
  readonly error: { type: string; title: string; status: number; detail: string };
}

export interface BatchResult {
  /** Ids processed successfully, in request order. */
  readonly success: string[];
  /** Of those, the ids that were created. */
  readonly created: string[];
  readonly errors: BatchError[];
}

/** An item of a batch after parsing: the entity, or why it cannot be processed. */
export type BatchItem = { entity: Entity } | { entityId: string; error: AppError };

export function batchErrorOf(entityId: string, err: unknown): BatchError {
  if (!(err instanceof AppError)) throw err;
  return { entityId, error: { type: err.type, title: err.title ?? err.code, status: err.status, detail: err.message } };
}

/** What a 207 lists for the attributes it could not write. */
export interface NotUpdated {
  readonly attributeName: string;
  readonly reason: string;
}

export interface UpdateResult {
  readonly updated: string[];
  readonly notUpdated: NotUpdated[];
}

export interface EntityQuery {
  readonly ids?: string[] | undefined;
  readonly idPattern?: string | undefined;
  readonly type?: string | undefined;
  /** Expanded attribute names: an entity matches if it has at least one of them. */
  readonly attrs?: readonly string[] | undefined;
  readonly q?: string | undefined;
  readonly geo?: { georel?: string; geometry?: string; coordinates?: unknown; geoproperty?: string } | undefined;
  readonly scopeQ?: string | undefined;
  /** POST /entityOperations/query: entity selectors, any of which may match. */
  readonly selectors?: readonly { id?: string; idPattern?: string; type?: string }[] | undefined;
  /** `orderBy` as given: sort keys, each with `;asc` or `;desc`. */
  readonly orderBy?: string | undefined;
  readonly limit: number;
  readonly offset: number;
  readonly count: boolean;
}

/** What DELETE /entities purges: the entities a query selects, whole or some of their attributes. */
export interface PurgeQuery extends Omit<EntityQuery, 'limit' | 'offset' | 'count' | 'selectors' | 'geo'> {
  /** local=true: every entity of the tenant when nothing else selects. */
  readonly local?: boolean | undefined;
  /** Expanded names of the only attributes to keep. */
  readonly keep?: readonly string[] | undefined;
  /** Expanded names of the attributes to remove. */
  readonly drop?: readonly string[] | undefined;
  /** Expanded types whose entities a purge leaves alone (those a module keeps). */
  readonly exceptTypes?: readonly string[] | undefined;
}

const OPTIMISTIC_ATTEMPTS = 3;
const ANALYZE_AFTER_WRITES = 1000;
const ANALYZE_INTERVAL_MS = 10_000;

const isNull = (v: unknown): boolean =>
  v === NGSI_LD_NULL || (Array.isArray(v) && v.length === 1 && v[0] === NGSI_LD_NULL);

/** Is this instance (or its value) the NGSI-LD Null, which means "delete" in an update? */
function isNullInstance(i: Instance): boolean {
  return isNull(i.value) || isNull(i.object) || isNull(i.vocab) || isNull(i.json) || isNull(i.valueList);
}

/**
 * The NGSI-LD broker's operations on current state. Every write is one transaction; each change is
 * published on the bus once committed.
 */
export class ContextService {
  readonly #db: Database;
  readonly #bus: EventBus;
  /** Tenants known to exist; a tenant is never removed, so this only grows. */
  readonly #knownTenants = new Set<string>();
  readonly #log: Logger | undefined;
  /** NGSI_LD_MAX_ATTRIBUTES: the most attributes a write may leave an entity with. */
  readonly #maxAttributes: number;
  #writesSinceAnalyze = 0;
  #lastAnalyze = 0;

  constructor(db: Database, bus: EventBus, options: { log?: Logger | undefined; maxAttributes: number }) {
    this.#db = db;
    this.#bus = bus;
    this.#log = options.log;
    this.#maxAttributes = options.maxAttributes;
  }

  async createEntity(tenant: string, entity: Entity): Promise<void> {
    checkAttributeCount(entity.id, Object.keys(entity.attrs).length, this.#maxAttributes);
    const now = new Date();
    const iso = now.toISOString();
    const stamped: Entity = { ...entity, attrs: mapAttrs(entity.attrs, (list) => stampInstances(list, iso)) };
    await this.#db.transaction(async (tx) => {
      await store.ensureTenant(tx, tenant);
      await store.insertEntity(tx, tenant, stamped, now);
    });
    this.#publish(tenant, 'created', stamped, Object.keys(stamped.attrs), iso);
    this.#noteWrites(1);
  }

  /** POST /entityOperations/create: creates each entity that does not exist yet, in one statement. */
  async createBatch(tenant: string, items: BatchItem[]): Promise<BatchResult> {
    const now = new Date();
    const iso = now.toISOString();
    const errors: BatchError[] = [];
    const fresh: Entity[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      if ('error' in item) errors.push(batchErrorOf(item.entityId, item.error));
      else if (Object.keys(item.entity.attrs).length > this.#maxAttributes) {
        errors.push(batchErrorOf(item.entity.id, this.#tooMany(item.entity)));
      } else if (seen.has(item.entity.id)) {
        errors.push(
          batchErrorOf(item.entity.id, ngsiErrors.alreadyExists(`${item.entity.id} appears twice in the batch.`)),
        );
      } else {
        seen.add(item.entity.id);
        fresh.push({ ...item.entity, attrs: mapAttrs(item.entity.attrs, (l) => stampInstances(l, iso)) });
      }
    }
    const created = await this.#db.transaction(async (tx) => {
      await store.ensureTenant(tx, tenant);
      return store.insertEntities(tx, tenant, fresh, now);
    });
    const success: string[] = [];
    for (const e of fresh) {
      if (created.has(e.id)) {
        success.push(e.id);
        this.#publish(tenant, 'created', e, Object.keys(e.attrs), iso);
      } else errors.push(batchErrorOf(e.id, ngsiErrors.alreadyExists(`The entity ${e.id} already exists.`)));
    }
    this.#noteWrites(fresh.length);
    return { success, created: success, errors };
  }

  /** POST /entityOperations/upsert: creates or overwrites (replace) or extends (update) each entity. */
  async upsertBatch(tenant: string, items: BatchItem[], mode: 'replace' | 'update'): Promise<BatchResult> {
    const now = new Date();
    const iso = now.toISOString();
    const errors: BatchError[] = [];
    const byId = new Map<string, Entity>();
    for (const item of items) {
      if ('error' in item) {
        errors.push(batchErrorOf(item.entityId, item.error));
        continue;
      }
      const stamped = { ...item.entity, attrs: mapAttrs(item.entity.attrs, (l) => stampInstances(l, iso)) };
      const earlier = byId.get(stamped.id);
      // The same id twice in one batch: the later one applies on top of the earlier, as in sequence.
      byId.set(
        stamped.id,
        earlier && mode === 'update'
          ? {
              ...stamped,
              types: [...new Set([...earlier.types, ...stamped.types])],
              attrs: { ...earlier.attrs, ...stamped.attrs },
            }
          : stamped,
      );
    }
    // Too many attributes given is refused here; too many with those stored, by the upsert itself.
    const entities: Entity[] = [];
    for (const e of byId.values()) {
      if (Object.keys(e.attrs).length > this.#maxAttributes) errors.push(batchErrorOf(e.id, this.#tooMany(e)));
      else entities.push(e);
    }
    const { outcome, refused } = await this.#db.transaction(async (tx) => {
      await store.ensureTenant(tx, tenant);
      const written = await store.upsertEntities(tx, tenant, entities, now, mode, this.#maxAttributes);
      const left = entities.filter((e) => !written.has(e.id));
      // Only a refusal reads again: how many attributes the entity would have held, for its detail.
      const stored = left.length === 0 ? new Map<string, string[]>() : await store.attributeNames(tx, tenant, left);
      return { outcome: written, refused: left.map((e) => ({ e, names: stored.get(e.id) ?? [] })) };
    });
    for (const { e, names } of refused) {
      const count = new Set([...names, ...Object.keys(e.attrs)]).size;
      errors.push(batchErrorOf(e.id, tooManyAttributes(e.id, count, this.#maxAttributes)));
    }
    const success: string[] = [];
    const created: string[] = [];
    for (const e of entities) {
      const wasCreated = outcome.get(e.id);
      if (wasCreated === undefined) continue;
      success.push(e.id);
      if (wasCreated) created.push(e.id);
      this.#publish(tenant, wasCreated ? 'created' : 'updated', e, Object.keys(e.attrs), iso);
    }
    this.#noteWrites(entities.length);
    return { success, created, errors };
  }

  /**
   * Creates or overwrites (replace) entities in a transaction the caller holds, so a module's own
   * row and the entity that shows it are written as one. Call the result once the transaction has
   * committed: it tells the rest of the process (the bus) about the change. With 'update', the
   * attributes given replace theirs and the entity keeps the others (what a device writes on it).
   */
  async upsertInTransaction(
    tx: Sql,
    tenant: string,
    entities: readonly Entity[],
    mode: 'replace' | 'update' = 'replace',
  ): Promise<() => void> {
    const now = new Date();
    const iso = now.toISOString();
    const stamped = entities.map((e) => ({ ...e, attrs: mapAttrs(e.attrs, (l) => stampInstances(l, iso)) }));
    // A tenant is never removed: once one of its writes has committed, it need not be made again.
    if (!this.#knownTenants.has(tenant)) await store.ensureTenant(tx, tenant);
    const outcome = await store.upsertEntities(tx, tenant, stamped, now, mode);
    return () => {
      this.#knownTenants.add(tenant);
      for (const e of stamped) {
        const created = outcome.get(e.id);
        if (created !== undefined) this.#publish(tenant, created ? 'created' : 'updated', e, Object.keys(e.attrs), iso);
      }
      this.#noteWrites(stamped.length);
    };
  }

  /** Runs `operation` for each item on its own, collecting successes and failures (update, merge, delete). */
  async eachInBatch(
    items: BatchItem[],
    operation: (entity: Entity) => Promise<UpdateResult | void>,
  ): Promise<BatchResult> {
    const success: string[] = [];
    const errors: BatchError[] = [];
    for (const item of items) {
      if ('error' in item) {
        errors.push(batchErrorOf(item.entityId, item.error));
        continue;
      }
      try {
        const result = await operation(item.entity);
        if (result && result.notUpdated.length > 0) {
          const reasons = result.notUpdated.map((n) => `${n.attributeName}: ${n.reason}`).join('; ');
          errors.push(batchErrorOf(item.entity.id, ngsiErrors.badRequestData(`Not updated: ${reasons}`)));
        } else success.push(item.entity.id);
      } catch (err) {
        errors.push(batchErrorOf(item.entity.id, err));
      }
    }
    return { success, created: [], errors };
  }

  async retrieveEntity(tenant: string, id: string): Promise<Entity> {
    checkEntityId(id, 'The entity id');
    await this.#requireTenant(tenant);
    const entity = await store.findEntity(this.#db, tenant, id);
    if (!entity) throw ngsiErrors.resourceNotFound(`The entity ${id} does not exist.`);
    return entity;
  }

  /** The entities of these ids that exist: what relationships link to, for linked entity retrieval. */
  async entitiesByIds(tenant: string, ids: string[]): Promise<Entity[]> {
    await this.#requireTenant(tenant);
    return store.findEntities(
      this.#db,
      tenant,
      ids.filter((id) => isUri(id)),
    );
  }

  async deleteEntity(tenant: string, id: string): Promise<void> {
    checkEntityId(id, 'The entity id');
    await this.#requireTenant(tenant);
    const deleted = await store.deleteEntity(this.#db, tenant, id);
    if (!deleted) throw ngsiErrors.resourceNotFound(`The entity ${id} does not exist.`);
    this.#publish(tenant, 'deleted', deleted, Object.keys(deleted.attrs), new Date().toISOString());
  }

  /**
   * DELETE /entities (purge): deletes every entity the query matches, or, with `keep` or `drop`,
   * removes from each the attributes not kept or those dropped. Some selection, or local=true for
   * all the tenant's entities, is needed.
   */
  async purgeEntities(tenant: string, purge: PurgeQuery, terms: TermMap): Promise<void> {
    const selective =
      (purge.ids?.length ?? 0) > 0 ||
      [purge.idPattern, purge.type, purge.q, purge.scopeQ].some((v) => v !== undefined) ||
      (purge.attrs?.length ?? 0) > 0;
    if (!selective && !purge.local) {
      throw ngsiErrors.badRequestData(
        'Say which entities to purge: give id, idPattern, type, q, scopeQ or local=true.',
      );
    }
    if (purge.keep && purge.drop) throw ngsiErrors.badRequestData('keep and drop cannot be used together.');
    await this.#requireTenant(tenant);
    const iso = new Date().toISOString();
    if (!purge.keep && !purge.drop) {
      const deleted = await store.deleteMatching(this.#db, tenant, purge, terms);
      for (const e of deleted) this.#publish(tenant, 'deleted', e, Object.keys(e.attrs), iso);
      this.#noteWrites(deleted.length);
      return;
    }
    const attributes = purge.keep ? { keep: purge.keep } : { drop: purge.drop ?? [] };
    const changed = await store.removeAttributesMatching(this.#db, tenant, purge, terms, attributes, new Date(iso));
    for (const e of changed) {
      this.#bus.publish('context.entity', {
        tenant,
        kind: 'updated',
        entityId: e.id,
        types: e.types,
        attributes: e.removed,
        at: iso,
      });
    }
    this.#noteWrites(changed.length);
  }

  /** POST /entities/{id}/attrs: adds attributes, replacing same-dataset instances unless noOverwrite. */
  appendAttributes(tenant: string, id: string, fragment: Entity, noOverwrite: boolean): Promise<UpdateResult> {
    requireContent(fragment);
    return this.#modify(tenant, id, (entity, iso) => {
      const result: UpdateResult = { updated: [], notUpdated: [] };
      for (const t of fragment.types) if (!entity.types.includes(t)) entity.types.push(t);
      // The fragment's scopes replace the entity's; with noOverwrite they are added to them.
      if (fragment.scopes !== undefined) {
        entity.scopes = noOverwrite ? [...new Set([...(entity.scopes ?? []), ...fragment.scopes])] : fragment.scopes;
      }
      for (const [iri, incoming] of Object.entries(fragment.attrs)) {
        const current = entity.attrs[iri] ?? [];
        const clash = incoming.some((i) => current.some((c) => c.datasetId === i.datasetId));
        if (noOverwrite && clash) {
          result.notUpdated.push({ attributeName: iri, reason: 'The attribute exists and noOverwrite was asked.' });
          continue;
        }
        entity.attrs[iri] = mergeInstances(current, stampInstances(incoming, iso, current));
        result.updated.push(iri);
      }
      return result;
    });
  }

  /**
   * PATCH /entities/{id}/attrs (§5.6.2 Update Attributes): replaces the instances that exist, appends
   * those that do not, and deletes those an NGSI-LD Null names; a Null naming nothing is reported.
   */
  updateAttributes(tenant: string, id: string, fragment: Entity): Promise<UpdateResult> {
    requireContent(fragment);
    return this.#modify(tenant, id, (entity, iso) => {
      const result: UpdateResult = { updated: [], notUpdated: [] };
      for (const t of fragment.types) if (!entity.types.includes(t)) entity.types.push(t);
      // Like an attribute, a scope is updated only where the entity has one.
      if (fragment.scopes !== undefined) {
        if (entity.scopes && entity.scopes.length > 0) entity.scopes = fragment.scopes;
        else result.notUpdated.push({ attributeName: 'scope', reason: 'The entity has no scope.' });
      }
      for (const [iri, incoming] of Object.entries(fragment.attrs)) {
        const current = entity.attrs[iri] ?? [];
        const exists = (i: Instance) => current.some((c) => c.datasetId === i.datasetId);
        // Only a Null has nothing to append: deleting what is not there changes nothing.
        if (incoming.every((i) => isNullInstance(i) && !exists(i))) {
          result.notUpdated.push({
            attributeName: iri,
            reason: 'The entity has no such attribute (or datasetId) to delete.',
          });
          continue;
        }
        const remaining = applyNulls(current, incoming);
        const written = stampInstances(
          incoming.filter((i) => !isNullInstance(i)),
          iso,
          current,
        );
        setOrDelete(entity.attrs, iri, mergeInstances(remaining, written));
        result.updated.push(iri);
      }
      return result;
    });
  }

  /** PATCH /entities/{id}/attrs/{attrId}: merges members into one existing instance. */
  async patchAttribute(tenant: string, id: string, attr: string, patch: Partial<Instance>): Promise<void> {
    checkAttributeName(attr);
    await this.#modify(tenant, id, (entity, iso) => {
      const current = entity.attrs[attr] ?? [];
      const index = current.findIndex((c) => c.datasetId === patch.datasetId);
      const existing = current[index];
      if (!existing)
        throw ngsiErrors.resourceNotFound(`The entity ${id} has no attribute ${attr}${datasetNote(patch)}.`);
      if (patch.type !== undefined && patch.type !== existing.type && !isNullInstance(patch as Instance)) {
        throw ngsiErrors.badRequestData(
          `The attribute ${attr} is a ${existing.type}; a partial update cannot make it a ${patch.type}.`,
        );
      }
      if (patch.type !== undefined && isNullInstance(patch as Instance)) {
        setOrDelete(
          entity.attrs,
          attr,
          current.filter((_, i) => i !== index),
        );
      } else {
        const merged: Instance = { ...existing };
        for (const [k, v] of Object.entries(patch)) {
          if (k === 'createdAt' || k === 'modifiedAt') continue;
          if (isNull(v) || (typeof v === 'object' && v !== null && isNullInstance(v as Instance))) delete merged[k];
          else merged[k] = v;
        }
        current[index] = stampInstances([merged], iso, [existing])[0] as Instance;
      }
      return { updated: [attr], notUpdated: [] };
    });
  }

  /** PUT /entities/{id}/attrs/{attrId}: replaces one existing instance whole. */
  async replaceAttribute(tenant: string, id: string, attr: string, instance: Instance): Promise<void> {
    checkAttributeName(attr);
    await this.#modify(tenant, id, (entity, iso) => {
      const current = entity.attrs[attr] ?? [];
      const index = current.findIndex((c) => c.datasetId === instance.datasetId);
      if (index < 0)
        throw ngsiErrors.resourceNotFound(`The entity ${id} has no attribute ${attr}${datasetNote(instance)}.`);
      current[index] = stampInstances([instance], iso, current)[0] as Instance;
      return { updated: [attr], notUpdated: [] };
    });
  }

  /** DELETE /entities/{id}/attrs/{attrId}: one instance (datasetId), the default one, or all. */
  async deleteAttribute(
    tenant: string,
    id: string,
    attr: string,
    datasetId: string | undefined,
    all: boolean,
  ): Promise<void> {
    checkAttributeName(attr);
    await this.#modify(tenant, id, (entity) => {
      const current = entity.attrs[attr];
      if (!current) throw ngsiErrors.resourceNotFound(`The entity ${id} has no attribute ${attr}.`);
      if (all) {
        delete entity.attrs[attr];
      } else {
        const remaining = current.filter((c) => c.datasetId !== datasetId);
        if (remaining.length === current.length) {
          throw ngsiErrors.resourceNotFound(`The entity ${id} has no attribute ${attr}${datasetNote({ datasetId })}.`);
        }
        setOrDelete(entity.attrs, attr, remaining);
      }
      return { updated: [attr], notUpdated: [] };
    });
  }

  /** DELETE /entities/{id}/attrs/scope (§5.6.5.4): the entity leaves every scope it was in. */
  async deleteScope(tenant: string, id: string, datasetId: string | undefined): Promise<void> {
    await this.#modify(tenant, id, (entity) => {
      // The scope is one instance at most (§4.18), never in a dataset.
      if (!entity.scopes || entity.scopes.length === 0 || datasetId !== undefined) {
        throw ngsiErrors.resourceNotFound(`The entity ${id} has no scope${datasetNote({ datasetId })}.`);
      }
      entity.scopes = [];
      return { updated: [], notUpdated: [] };
    });
  }

  /** PATCH /entities/{id}: merge-patch semantics; NGSI-LD Null removes. */
  async mergeEntity(tenant: string, id: string, fragment: Entity): Promise<void> {
    await this.#modify(tenant, id, (entity, iso) => {
      for (const t of fragment.types) if (!entity.types.includes(t)) entity.types.push(t);
      if (fragment.scopes !== undefined) entity.scopes = fragment.scopes;
      const touched: string[] = [];
      for (const [iri, incoming] of Object.entries(fragment.attrs)) {
        const current = entity.attrs[iri] ?? [];
        const remaining = applyNulls(current, incoming);
        const merged = incoming
          .filter((i) => !isNullInstance(i))
          .map((i) => {
            const before = current.find((c) => c.datasetId === i.datasetId);
            if (!before) return i;
            const combined: Instance = { ...before, ...i };
            for (const [k, v] of Object.entries(i)) {
              if (isNull(v)) delete combined[k];
              // JSON values, language maps and object values merge key by key (RFC 7396, NGSI-LD Null deletes).
              else if (MERGED_MEMBERS.has(k) && isPlainObject(before[k]) && isPlainObject(v)) {
                combined[k] = mergePatch(before[k], v);
              }
            }
            return combined;
          });
        setOrDelete(entity.attrs, iri, mergeInstances(remaining, stampInstances(merged, iso, current)));
        touched.push(iri);
      }
      return { updated: touched, notUpdated: [] };
    });
  }

  /** PUT /entities/{id}: the entity's types and attributes become exactly those given. */
  async replaceEntity(tenant: string, id: string, replacement: Entity): Promise<void> {
    if (replacement.id !== '' && replacement.id !== id) {
      throw ngsiErrors.badRequestData(`The id in the body (${replacement.id}) is not the entity's id (${id}).`);
    }
    await this.#modify(tenant, id, (entity, iso) => {
      const before = entity.attrs;
      const removed = Object.keys(before).filter((k) => !(k in replacement.attrs));
      if (replacement.types.length > 0) entity.types = replacement.types;
      entity.scopes = replacement.scopes;
      entity.attrs = mapAttrs(replacement.attrs, (list) => stampInstances(list, iso));
      return { updated: [...Object.keys(replacement.attrs), ...removed], notUpdated: [] };
    });
  }

  async queryEntities(
    tenant: string,
    query: EntityQuery,
    terms: TermMap,
  ): Promise<{ entities: Entity[]; count: number | undefined; more: boolean }> {
    await this.#requireTenant(tenant);
    return store.queryEntities(this.#db, tenant, query, terms, query);
  }

  /** The ids of `entities` (states to judge, e.g. as a change left them) that satisfy the query's filters. */
  async matchingSnapshots(
    query: Omit<EntityQuery, 'limit' | 'offset' | 'count'>,
    terms: TermMap,
    entities: readonly Entity[],
  ): Promise<Set<string>> {
    return store.matchSnapshots(this.#db, query, terms, entities);
  }

  async types(tenant: string, only?: string): Promise<store.TypeSummary[]> {
    await this.#requireTenant(tenant);
    return store.summarizeTypes(this.#db, tenant, only);
  }

  async attributes(tenant: string, only?: string): Promise<store.AttributeSummary[]> {
    await this.#requireTenant(tenant);
    return store.summarizeAttributes(this.#db, tenant, only);
  }

  async #requireTenant(tenant: string): Promise<void> {
    if (this.#knownTenants.has(tenant)) return;
    if (!(await store.tenantExists(this.#db, tenant))) {
      throw ngsiErrors.nonexistentTenant(`The tenant "${tenant}" does not exist.`);
    }
    this.#knownTenants.add(tenant);
  }

  /** Loads the entity under a row lock, lets `change` edit it, saves it and publishes the change. */
  async #modify(
    tenant: string,
    id: string,
    change: (entity: Entity, iso: string) => UpdateResult,
  ): Promise<UpdateResult> {
    checkEntityId(id, 'The entity id');
    await this.#requireTenant(tenant);
    const now = new Date();
    const iso = now.toISOString();
    const missing = () => ngsiErrors.resourceNotFound(`The entity ${id} does not exist.`);
    const needsWrite = (r: UpdateResult) => r.updated.length > 0 || r.notUpdated.length === 0;
    // Optimistic first: read, change, write only if the row is still the one read (two round trips,
    // no transaction). Under contention, fall back to a row lock.
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      const found = await store.findEntityVersion(this.#db, tenant, id);
      if (!found) throw missing();
      const before = Object.keys(found.entity.attrs).length;
      const result = change(found.entity, iso);
      checkAttributeCount(id, Object.keys(found.entity.attrs).length, this.#maxAttributes, before);
      if (!needsWrite(result) || (await store.saveEntity(this.#db, tenant, found.entity, now, found.version))) {
        this.#afterWrite(tenant, found.entity, result, iso);
        return result;
      }
    }
    const { entity, result } = await this.#db.transaction(async (tx: Sql) => {
      const found = await store.findEntity(tx, tenant, id, true);
      if (!found) throw missing();
      const before = Object.keys(found.attrs).length;
      const outcome = change(found, iso);
      checkAttributeCount(id, Object.keys(found.attrs).length, this.#maxAttributes, before);
      if (needsWrite(outcome)) await store.saveEntity(tx, tenant, found, now);
      return { entity: found, result: outcome };
    });
    this.#afterWrite(tenant, entity, result, iso);
    return result;
  }

  /** The refusal of an entity given more attributes than NGSI_LD_MAX_ATTRIBUTES. */
  #tooMany(entity: Entity): AppError {
    return tooManyAttributes(entity.id, Object.keys(entity.attrs).length, this.#maxAttributes);
  }

  #afterWrite(tenant: string, entity: Entity, result: UpdateResult, iso: string): void {
    if (result.updated.length > 0) this.#publish(tenant, 'updated', entity, result.updated, iso);
    this.#noteWrites(1);
  }

  /**
   * Keeps the planner's statistics fresh: the embedded database has no autovacuum, and a bulk load
   * on PostgreSQL should not wait for it. After enough writes, at most every 10 seconds.
   */
  #noteWrites(count: number): void {
    this.#writesSinceAnalyze += count;
    const now = Date.now();
    if (this.#writesSinceAnalyze < ANALYZE_AFTER_WRITES || now - this.#lastAnalyze < ANALYZE_INTERVAL_MS) return;
    this.#writesSinceAnalyze = 0;
    this.#lastAnalyze = now;
    store.analyzeEntities(this.#db).catch((err: unknown) => this.#log?.warn({ err }, 'ANALYZE ngsi_entity failed'));
  }

  #publish(tenant: string, kind: 'created' | 'updated' | 'deleted', entity: Entity, attributes: string[], at: string) {
    this.#bus.publish('context.entity', { tenant, kind, entityId: entity.id, types: entity.types, attributes, at });
  }
}

/** An append or update needs something to write: an empty fragment is a mistake, not a no-op. */
function requireContent(fragment: Entity): void {
  if (Object.keys(fragment.attrs).length === 0 && fragment.types.length === 0 && fragment.scopes === undefined) {
    throw ngsiErrors.badRequestData('The fragment holds no attribute, type or scope.');
  }
}

const MERGED_MEMBERS = new Set(['json', 'languageMap', 'value']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !('coordinates' in v && 'type' in v);

/** RFC 7396 merge patch, with NGSI-LD Null in place of JSON null. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === NGSI_LD_NULL) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

function mapAttrs(attrs: Attributes, f: (list: Instance[]) => Instance[]): Attributes {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, f(v)]));
}

/** Instances of `current` replaced by same-datasetId ones of `incoming`, the rest kept. */
function mergeInstances(current: Instance[], incoming: Instance[]): Instance[] {
  const kept = current.filter((c) => !incoming.some((i) => i.datasetId === c.datasetId));
  return [...kept, ...incoming];
}

/** Drops the instances an NGSI-LD Null in `incoming` deletes. */
function applyNulls(current: Instance[], incoming: Instance[]): Instance[] {
  const deleted = incoming.filter(isNullInstance).map((i) => i.datasetId);
  return current.filter((c) => !deleted.includes(c.datasetId));
}

function setOrDelete(attrs: Attributes, iri: string, instances: Instance[]): void {
  if (instances.length === 0) delete attrs[iri];
  else attrs[iri] = instances;
}

const datasetNote = (i: { datasetId?: string | undefined }) => (i.datasetId ? ` with datasetId ${i.datasetId}` : '');
