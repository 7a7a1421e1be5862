import type { Logger } from 'pino';
import type { Config } from '../../platform/config.js';
import type { EventBus } from '../../platform/bus.js';
import type { Database, Sql } from '../../platform/db/index.js';
import { ngsiErrors } from '../errors.js';
import type { TermMap } from '../jsonld/contexts.js';
import {
  attributeIri,
  checkAttributeCount,
  checkDatasetId,
  checkEntityId,
  instantText,
  isUri,
  NGSI_LD_NULL,
  stampInstances,
  type Entity,
  type Instance,
} from '../model.js';
import { parseGeoQuery, type GeoQueryInput } from '../query/geo.js';
import { parseOrderBy } from '../query/order.js';
import { checkRegularExpression, parseQ } from '../query/q.js';
import { parseTypeExpression } from '../query/types.js';
import {
  deleteEntity as deleteCurrentEntity,
  ensureTenant,
  findEntity,
  insertEntity,
  saveEntity,
  tenantExists,
} from '../store.js';
import {
  instanceTime,
  parseDuration,
  renderAggregatedEntity,
  renderTemporalEntity,
  type Aggregation,
  type StoredInstance,
  type TemporalEntityHead,
  type TemporalEntityInput,
  type TemporalQuery,
  type TemporalRepresentation,
} from './model.js';
import * as store from './store.js';

/** Which entities a temporal query is about; filters as in the core's query (§5.7.2). */
export interface TemporalSelection {
  readonly ids?: readonly string[] | undefined;
  readonly idPattern?: string | undefined;
  readonly type?: string | undefined;
  /** POST /temporal/entityOperations/query: entity selectors, any of which may match. */
  readonly selectors?: readonly { id?: string; idPattern?: string; type?: string }[] | undefined;
  readonly q?: string | undefined;
  readonly geo?: GeoQueryInput | undefined;
  readonly scopeQ?: string | undefined;
  /** local=true: every temporal entity may be meant, so no filter is required. */
  readonly local?: boolean | undefined;
  /** `orderBy` as given: sort keys, each with `;asc` or `;desc` (§4.23). */
  readonly orderBy?: string | undefined;
}

/** What to read of each entity, and how to show it. */
export interface TemporalRead {
  /** Expanded attribute names; undefined = all. */
  readonly attrs?: readonly string[] | undefined;
  /** Only instances of these datasets (`@none`: the default instance). */
  readonly datasetIds?: readonly string[] | undefined;
  /** Members (id, type, scope, createdAt, modifiedAt) and attribute names to show, or to leave out. */
  readonly pick?: readonly string[] | undefined;
  readonly omit?: readonly string[] | undefined;
  readonly query: TemporalQuery;
  readonly representation: TemporalRepresentation;
  readonly aggregation?: Aggregation | undefined;
}

export interface TemporalResult<T> {
  readonly body: T;
  /** Set when instances were left out (§6.3.10): the response is then 206 with this Content-Range. */
  readonly contentRange?: string | undefined;
}

export interface TemporalServiceOptions {
  readonly db: Database;
  /** The most instances of one attribute one response carries. */
  readonly maxInstances: number;
  /** NGSI_LD_MAX_ATTRIBUTES: the most attributes a write may leave an entity with (default 1000, as the setting's). */
  readonly maxAttributes?: number | undefined;
  /** Default retention (ISO 8601 duration); undefined = forever. */
  readonly defaultRetention?: string | undefined;
  /** Told of every change of current state a temporal write makes, once committed. */
  readonly bus?: EventBus | undefined;
}

/** What a temporal write changed in the entity as it is now. */
interface PresentChange {
  readonly kind: 'created' | 'updated';
  readonly types: string[];
  readonly attributes: string[];
}

const VALUE_MEMBERS = ['value', 'object', 'objectType', 'languageMap', 'vocab', 'json', 'valueList', 'objectList'];

/**
 * The NGSI-LD temporal API: the history the broker records of every entity (written by a trigger on
 * current state) and the history clients write through the temporal API itself. Reads never touch
 * more instances than a response carries; aggregations run in the database.
 */
export class TemporalService {
  readonly #db: Database;
  readonly #maxInstances: number;
  readonly #maxAttributes: number;
  readonly #defaultRetention: string | undefined;
  readonly #bus: EventBus | undefined;
  readonly #knownTenants = new Set<string>();

  constructor(options: TemporalServiceOptions) {
    this.#db = options.db;
    this.#maxInstances = options.maxInstances;
    this.#maxAttributes = options.maxAttributes ?? 1000;
    this.#defaultRetention = options.defaultRetention;
    this.#bus = options.bus;
  }

  // --- reads --------------------------------------------------------------------------------------

  async retrieve(
    tenant: string,
    id: string,
    read: TemporalRead,
    terms: TermMap,
  ): Promise<TemporalResult<Record<string, unknown>>> {
    checkEntityId(id, 'The entity id');
    await this.#requireTenant(tenant);
    const head = await store.findEntityHead(this.#db, tenant, id);
    if (!head) throw ngsiErrors.resourceNotFound(`The entity ${id} has no temporal representation.`);
    const { bodies, contentRange } = await this.#read(tenant, [head], read, terms);
    const body = bodies[0] as Record<string, unknown>;
    if (Object.keys(body).length === 0) {
      throw ngsiErrors.resourceNotFound(`Nothing of the entity ${id} is left after pick and omit.`);
    }
    const attributes = Object.keys(body).filter((k) => !ENTITY_MEMBERS.includes(k));
    if (read.attrs && read.attrs.length > 0 && attributes.length === 0) {
      throw ngsiErrors.resourceNotFound(`The entity ${id} has no history of the attributes asked for.`);
    }
    return { body, contentRange };
  }

  /**
   * GET /temporal/entities and POST /temporal/entityOperations/query. id, idPattern, type and scopeQ
   * match the temporal entity (its types over its whole life; its scopes as they are now); q and geo
   * can only be evaluated on an entity that exists now, and match it as it is now.
   */
  async query(
    tenant: string,
    selection: TemporalSelection,
    read: TemporalRead,
    page: { limit: number; offset: number; count: boolean },
    terms: TermMap,
  ): Promise<TemporalResult<Record<string, unknown>[]> & { count: number | undefined; more: boolean }> {
    const filter = historyFilter(selection, read, terms);
    await this.#requireTenant(tenant);
    const { heads, count, more } = await store.queryEntityHeads(this.#db, tenant, filter, page);
    const { bodies, contentRange } = await this.#read(tenant, heads, read, terms);
    return { body: bodies, contentRange, count, more };
  }

  async #read(
    tenant: string,
    heads: readonly TemporalEntityHead[],
    read: TemporalRead,
    terms: TermMap,
  ): Promise<{ bodies: Record<string, unknown>[]; contentRange: string | undefined }> {
    const view = viewOf(read, terms);
    // pick naming no attribute: only entity members are shown, so no instance is read.
    const ids = view.attrs?.length === 0 ? [] : heads.map((h) => h.id);
    const { query, representation, aggregation } = read;
    if (aggregation) {
      const periods = await store.aggregateInstances(this.#db, tenant, ids, view.attrs, query, aggregation);
      const byEntity = groupBy(periods, (p) => p.entityId);
      return {
        bodies: heads.map((h) =>
          view.project(
            renderAggregatedEntity(h, byEntity.get(h.id) ?? [], aggregation.methods, terms, representation.sysAttrs),
          ),
        ),
        contentRange: undefined,
      };
    }
    const newestFirst = query.lastN !== undefined;
    const cap = this.#maxInstances;
    const want = Math.min(query.lastN ?? cap, cap);
    // One more than fits tells whether anything was left out.
    const take = query.lastN !== undefined && query.lastN <= cap ? query.lastN : cap + 1;
    const rows = await store.readInstances(this.#db, tenant, ids, view.attrs, query, take, newestFirst, view.datasets);
    const { kept, contentRange } = this.#paginate(rows, want, query);
    const byEntity = groupBy(kept, (i) => i.entityId);
    // An attribute whose instances all fall past the range's end is listed empty: the next page has them.
    const attrsOf = groupBy(rows, (i) => i.entityId);
    return {
      bodies: heads.map((h) => {
        const listed = new Map((attrsOf.get(h.id) ?? []).map((i) => [i.attr, i.instance.type]));
        return view.project(
          renderTemporalEntity(h, byEntity.get(h.id) ?? [], terms, representation, query.timeproperty, listed),
        );
      }),
      contentRange,
    };
  }

  /**
   * Keeps at most `want` instances per attribute (§6.3.10). When some attribute had more, every
   * attribute is cut at the same instant, so the next page (timerel from the range's end) misses
   * nothing; forwards in time, or backwards from the latest with lastN.
   */
  #paginate(
    rows: readonly StoredInstance[],
    want: number,
    query: TemporalQuery,
  ): { kept: StoredInstance[]; contentRange: string | undefined } {
    const backwards = query.lastN !== undefined;
    const lists = [...groupBy(rows, (i) => `${i.entityId}\u0000${i.attr}`).values()];
    let boundary: number | undefined;
    const trimmed = lists.map((list) => {
      if (list.length <= want) return list;
      const part = backwards ? list.slice(list.length - want) : list.slice(0, want);
      const edge = (backwards ? part[0] : part.at(-1))?.at.getTime() ?? 0;
      boundary = boundary === undefined ? edge : backwards ? Math.max(boundary, edge) : Math.min(boundary, edge);
      return part;
    });
    if (boundary === undefined) return { kept: trimmed.flat(), contentRange: undefined };
    const limit = boundary;
    const kept = trimmed.flat().filter((i) => (backwards ? i.at.getTime() >= limit : i.at.getTime() <= limit));
    const times = kept.map((i) => i.at.getTime());
    // Bounds read as the instances they fall on show them (observedAt as given).
    const given = new Map(kept.map((i) => [i.at.getTime(), instanceTime(i, query.timeproperty)]));
    const iso = (t: number) => given.get(t) ?? instantText(new Date(t));
    let start: string;
    if (backwards) {
      start =
        query.timerel === 'before'
          ? (query.timeAt as string)
          : query.timerel === 'between'
            ? (query.endTimeAt as string)
            : iso(Math.max(...times));
    } else {
      start =
        query.timerel === 'after' || query.timerel === 'between' ? (query.timeAt as string) : iso(Math.min(...times));
    }
    const size = backwards ? String(query.lastN) : '*';
    return { kept, contentRange: `date-time ${start}-${iso(limit)}/${size}` };
  }

  // --- writes -------------------------------------------------------------------------------------

  /**
   * POST /temporal/entities: creates the temporal entity, or adds instances to it; true when created.
   * The entity as it is now follows its newest readings (see #bringPresentUpToDate).
   */
  async createOrAppend(tenant: string, input: TemporalEntityInput): Promise<boolean> {
    checkAttributeCount(input.id, Object.keys(input.attrs).length, this.#maxAttributes);
    const now = new Date();
    const { created, change } = await this.#db.transaction(async (tx) => {
      await ensureTenant(tx, tenant);
      await store.recordHistoryHere(tx);
      const before = await store.findEntityHead(tx, tenant, input.id);
      const fresh = await store.upsertEntityHead(tx, tenant, input, now);
      const attrs = stamp(input.attrs, now);
      await store.insertInstances(tx, tenant, input.id, attrs, now);
      return { created: fresh, change: await this.#bringPresentUpToDate(tx, tenant, input, attrs, before, now) };
    });
    this.#knownTenants.add(tenant);
    this.#announce(tenant, input.id, change, now);
    return created;
  }

  /** POST /temporal/entities/{id}/attrs: adds instances (and any types given) to an existing temporal entity. */
  async appendAttributes(tenant: string, id: string, fragment: TemporalEntityInput): Promise<void> {
    checkEntityId(id, 'The entity id');
    if (fragment.id !== '' && fragment.id !== id) {
      throw ngsiErrors.badRequestData('The id in the body is not the id of the entity in the path.');
    }
    if (Object.keys(fragment.attrs).length === 0) throw ngsiErrors.badRequestData('The body holds no attribute.');
    checkAttributeCount(id, Object.keys(fragment.attrs).length, this.#maxAttributes);
    await this.#requireTenant(tenant);
    const now = new Date();
    const input = { ...fragment, id };
    const change = await this.#db.transaction(async (tx) => {
      await store.recordHistoryHere(tx);
      const head = await store.findEntityHead(tx, tenant, id);
      if (!head) throw ngsiErrors.resourceNotFound(`The entity ${id} has no temporal representation.`);
      if (fragment.types.length > 0 || fragment.scopes !== undefined) {
        await store.upsertEntityHead(tx, tenant, input, now);
      } else await store.touchEntityHead(tx, tenant, id, now);
      const attrs = stamp(fragment.attrs, now);
      await store.insertInstances(tx, tenant, id, attrs, now);
      return this.#bringPresentUpToDate(tx, tenant, input, attrs, head, now);
    });
    this.#announce(tenant, id, change, now);
  }

  /**
   * History and the present are one entity (GS CIM 009 §4.16, §4.5.6): readings written through the
   * temporal API reach the entity as it is now. Per attribute and datasetId, the newest reading sent
   * (by observedAt, else the time of writing) becomes current unless the current instance was observed
   * later: an old reading replayed into history never overwrites the present. A current instance
   * stamped in the future counts as observed when it was written, so a wrong clock or a forged time
   * cannot pin it. An entity that does not
   * exist is created, except from readings no newer than its deletion.
   */
  async #bringPresentUpToDate(
    tx: Sql,
    tenant: string,
    input: TemporalEntityInput,
    attrs: Readonly<Record<string, Instance[]>>,
    head: TemporalEntityHead | null,
    now: Date,
  ): Promise<PresentChange | undefined> {
    const iso = now.toISOString();
    const newest = newestReadings(attrs, now);
    const current = await findEntity(tx, tenant, input.id, true);
    if (!current) {
      const deletedAt = head?.deletedAt?.getTime();
      const times = Object.values(newest).flatMap((list) => list.map((i) => readingTime(i, now)));
      if (deletedAt !== undefined && times.every((t) => t <= deletedAt)) return undefined;
      const entity: Entity = {
        id: input.id,
        types: [...new Set([...(head?.types ?? []), ...input.types])],
        scopes: input.scopes ?? head?.scopes ?? undefined,
        attrs: Object.fromEntries(Object.entries(newest).map(([attr, list]) => [attr, stampInstances(list, iso)])),
      };
      checkAttributeCount(entity.id, Object.keys(entity.attrs).length, this.#maxAttributes);
      await insertEntity(tx, tenant, entity, now);
      await store.markEntityCurrent(tx, tenant, input.id);
      await store.logCurrentChange(
        tx,
        tenant,
        { id: entity.id, kind: 'created', types: entity.types, attrs: entity.attrs, previous: {} },
        now,
      );
      return { kind: 'created', types: entity.types, attributes: Object.keys(entity.attrs) };
    }
    const changed: Record<string, Instance[]> = {};
    const previous: Record<string, Instance[]> = {};
    for (const [attr, readings] of Object.entries(newest)) {
      const list = current.attrs[attr] ?? [];
      const adopted = readings.filter((r) => {
        const held = list.find((c) => c.datasetId === r.datasetId);
        return held === undefined || Math.min(readingTime(held, now), writtenAt(held, now)) <= readingTime(r, now);
      });
      if (adopted.length === 0) continue;
      if (current.attrs[attr]) previous[attr] = list;
      const kept = list.filter((c) => !adopted.some((r) => r.datasetId === c.datasetId));
      changed[attr] = [...kept, ...stampInstances(adopted, iso, list)];
    }
    const types = [...new Set([...current.types, ...input.types])];
    const scopesChanged = input.scopes !== undefined && JSON.stringify(input.scopes) !== JSON.stringify(current.scopes);
    if (Object.keys(changed).length === 0 && types.length === current.types.length && !scopesChanged) {
      return undefined;
    }
    const entity: Entity = {
      ...current,
      types,
      scopes: input.scopes ?? current.scopes,
      attrs: { ...current.attrs, ...changed },
    };
    // Throwing here undoes the history written in this transaction too.
    const held = Object.keys(current.attrs).length;
    checkAttributeCount(entity.id, Object.keys(entity.attrs).length, this.#maxAttributes, held);
    await saveEntity(tx, tenant, entity, now);
    await store.logCurrentChange(tx, tenant, { id: entity.id, kind: 'updated', types, attrs: changed, previous }, now);
    return { kind: 'updated', types, attributes: Object.keys(changed) };
  }

  #announce(tenant: string, entityId: string, change: PresentChange | undefined, now: Date): void {
    if (!change || !this.#bus) return;
    this.#bus.publish('context.entity', { tenant, entityId, ...change, at: now.toISOString() });
  }

  /**
   * DELETE /temporal/entities/{id}: the entity is forgotten, its whole evolution up to and including
   * the present (§5.6.16). Subscribers are told of the deletion. Trimming history while the entity
   * lives on is what retention rules are for.
   */
  async deleteEntity(tenant: string, id: string): Promise<void> {
    checkEntityId(id, 'The entity id');
    await this.#requireTenant(tenant);
    const now = new Date();
    const { present, deleted } = await this.#db.transaction(async (tx) => {
      // The row trigger logs the deletion for subscriptions; the history it marks goes next.
      const gone = await deleteCurrentEntity(tx, tenant, id);
      return { present: gone, deleted: (await store.deleteEntityHistory(tx, tenant, id)) || gone !== null };
    });
    if (!deleted) throw ngsiErrors.resourceNotFound(`The entity ${id} has no temporal representation.`);
    if (present && this.#bus) {
      const attributes = Object.keys(present.attrs);
      this.#bus.publish('context.entity', {
        tenant,
        kind: 'deleted',
        entityId: id,
        types: present.types,
        attributes,
        at: now.toISOString(),
      });
    }
  }

  /** DELETE /temporal/entities/{id}/attrs/{attrId}: one dataset's instances (default: the default one), or all. */
  async deleteAttribute(
    tenant: string,
    id: string,
    attr: string,
    datasetId: string | undefined,
    all: boolean,
  ): Promise<void> {
    await this.#requireHead(tenant, id);
    const count = await store.deleteAttributeHistory(this.#db, tenant, id, attr, datasetId, all);
    if (count === 0) {
      const dataset = all ? '' : datasetId ? ` with datasetId ${datasetId}` : ' (default instance)';
      throw ngsiErrors.resourceNotFound(`The entity ${id} has no history of the attribute ${attr}${dataset}.`);
    }
  }

  /** PATCH …/attrs/{attrId}/{instanceId}: corrects one instance; members not given are kept. */
  async patchInstance(tenant: string, id: string, attr: string, instanceId: string, patch: Instance): Promise<void> {
    checkInstanceId(instanceId);
    await this.#requireHead(tenant, id);
    const now = new Date();
    await this.#db.transaction(async (tx) => {
      const found = await store.findInstance(tx, tenant, id, attr, instanceId);
      if (!found) throw ngsiErrors.resourceNotFound(`The attribute ${attr} of ${id} has no instance ${instanceId}.`);
      const before = found.instance;
      if (patch.datasetId !== undefined && patch.datasetId !== before.datasetId) {
        throw ngsiErrors.badRequestData('An instance cannot move to another datasetId.');
      }
      const merged: Instance = { ...before };
      for (const member of [...VALUE_MEMBERS, 'deletedAt']) delete merged[member];
      Object.assign(merged, patch, {
        createdAt: before.createdAt ?? found.createdAt.toISOString(),
        modifiedAt: now.toISOString(),
      });
      await store.replaceInstance(tx, tenant, id, attr, instanceId, merged, now);
    });
  }

  async deleteInstance(tenant: string, id: string, attr: string, instanceId: string): Promise<void> {
    checkInstanceId(instanceId);
    await this.#requireHead(tenant, id);
    if (!(await store.deleteInstance(this.#db, tenant, id, attr, instanceId))) {
      throw ngsiErrors.resourceNotFound(`The attribute ${attr} of ${id} has no instance ${instanceId}.`);
    }
  }

  // --- retention ----------------------------------------------------------------------------------

  async retention(tenant: string): Promise<{ default: string | null; rules: store.RetentionRule[] }> {
    return { default: this.#defaultRetention ?? null, rules: await store.listRetentionRules(this.#db, tenant) };
  }

  /** Sets how long a tenant (or one entity type of it) keeps history; null keeps it forever. */
  async setRetention(tenant: string, type: string | null, keep: string | null): Promise<store.RetentionRule> {
    if (keep !== null && parseDuration(keep, 'keep').zero) {
      throw ngsiErrors.badRequestData('keep must be longer than zero (null keeps history forever).');
    }
    const rule = { type, keep };
    await store.setRetentionRule(this.#db, tenant, rule);
    return rule;
  }

  async deleteRetention(tenant: string, type: string | null): Promise<void> {
    if (!(await store.deleteRetentionRule(this.#db, tenant, type))) {
      throw ngsiErrors.resourceNotFound(
        type === null ? 'The tenant has no retention rule of its own.' : `No retention rule for the type ${type}.`,
      );
    }
  }

  async #requireHead(tenant: string, id: string): Promise<void> {
    checkEntityId(id, 'The entity id');
    await this.#requireTenant(tenant);
    if (!(await store.findEntityHead(this.#db, tenant, id))) {
      throw ngsiErrors.resourceNotFound(`The entity ${id} has no temporal representation.`);
    }
  }

  async #requireTenant(tenant: string): Promise<void> {
    if (this.#knownTenants.has(tenant)) return;
    if (!(await tenantExists(this.#db, tenant))) {
      throw ngsiErrors.nonexistentTenant(`The tenant "${tenant}" does not exist.`);
    }
    this.#knownTenants.add(tenant);
  }
}

function checkInstanceId(instanceId: string): void {
  if (!isUri(instanceId)) {
    throw ngsiErrors.badRequestData(`The instanceId must be a URI (got ${JSON.stringify(instanceId)}).`);
  }
}

/** Instances as stored: system members set by the broker, whatever the client sent. */
function stamp(attrs: Readonly<Record<string, Instance[]>>, now: Date): Record<string, Instance[]> {
  const iso = now.toISOString();
  return Object.fromEntries(
    Object.entries(attrs).map(([attr, list]) => [
      attr,
      list.map((i) => {
        const { instanceId: _id, deletedAt: _deleted, ...rest } = i;
        return { ...rest, createdAt: iso, modifiedAt: iso };
      }),
    ]),
  );
}

/** The instant a reading is about: observedAt, else when it was written. */
function readingTime(instance: Instance, now: Date): number {
  const at = instance.observedAt ?? instance.modifiedAt;
  return at === undefined ? now.getTime() : Date.parse(at);
}

/** When an instance was written (its modifiedAt), else now. */
function writtenAt(instance: Instance, now: Date): number {
  return instance.modifiedAt === undefined ? now.getTime() : Date.parse(instance.modifiedAt);
}

const isNullValue = (i: Instance): boolean =>
  [i.value, i.object, i.vocab, i.json].some((v) => v === NGSI_LD_NULL || (Array.isArray(v) && v[0] === NGSI_LD_NULL));

/** Per attribute, the newest reading of each datasetId (the later one sent wins a tie); deletions left out. */
function newestReadings(attrs: Readonly<Record<string, Instance[]>>, now: Date): Record<string, Instance[]> {
  const out: Record<string, Instance[]> = {};
  for (const [attr, list] of Object.entries(attrs)) {
    const byDataset = new Map<string | undefined, Instance>();
    for (const reading of list) {
      if (isNullValue(reading)) continue;
      const held = byDataset.get(reading.datasetId);
      if (!held || readingTime(held, now) <= readingTime(reading, now)) byDataset.set(reading.datasetId, reading);
    }
    if (byDataset.size > 0) out[attr] = [...byDataset.values()];
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** What a temporal query needs at least (GS CIM 009 §5.7.4), unless it is local. */
function requireFilter(selection: TemporalSelection, read: TemporalRead): void {
  if (selection.local) return;
  const typed = selection.type !== undefined || selection.selectors?.some((s) => s.type !== undefined);
  if (typed || read.attrs !== undefined || selection.q !== undefined || selection.geo !== undefined) return;
  throw ngsiErrors.badRequestData('A temporal query needs type, attrs, q or a geo-query (or local=true).');
}

/** The selection checked and parsed: which temporal entities a query is about. */
function historyFilter(selection: TemporalSelection, read: TemporalRead, terms: TermMap): store.HistoryFilter {
  // What is given is checked first: its error says more than a missing filter.
  for (const id of selection.ids ?? []) checkEntityId(id, 'Each id');
  if (selection.idPattern !== undefined) checkRegularExpression(selection.idPattern, 'idPattern');
  const selectors = selection.selectors?.map((sel) => {
    if (sel.id !== undefined) checkEntityId(sel.id, 'entities[].id');
    if (sel.idPattern !== undefined) checkRegularExpression(sel.idPattern, 'entities[].idPattern');
    return { ...sel, type: sel.type === undefined ? undefined : parseTypeExpression(sel.type) };
  });
  requireFilter(selection, read);
  return {
    ids: selection.ids,
    idPattern: selection.idPattern,
    type: selection.type === undefined ? undefined : parseTypeExpression(selection.type),
    selectors,
    q: selection.q === undefined ? undefined : parseQ(selection.q),
    geo: selection.geo ? parseGeoQuery(selection.geo) : undefined,
    scopeQ: selection.scopeQ,
    attrs: read.attrs,
    datasetIds: datasetsOf(read),
    query: read.query,
    sort: selection.orderBy === undefined ? undefined : parseOrderBy(selection.orderBy, (n) => terms.expand(n)),
    expand: (term) => terms.expand(term),
  };
}

const ENTITY_MEMBERS: readonly string[] = ['id', 'type', 'scope', 'createdAt', 'modifiedAt', 'deletedAt'];

/** datasetId values → stored dataset ids; `@none` (the default instance) is null. */
function datasetsOf(read: TemporalRead): (string | null)[] | undefined {
  return read.datasetIds?.map((d) => (d === '@none' ? null : checkDatasetId(d)));
}

/** Which attributes to read and which members to show, from attrs, pick and omit (§4.21). */
function viewOf(
  read: TemporalRead,
  terms: TermMap,
): {
  attrs: string[] | undefined;
  datasets: (string | null)[] | undefined;
  project: (body: Record<string, unknown>) => Record<string, unknown>;
} {
  const { pick, omit } = read;
  if (pick && omit) throw ngsiErrors.badRequestData('pick and omit cannot be used together.');
  if ((pick || omit) && read.attrs) throw ngsiErrors.badRequestData('attrs cannot be used with pick or omit.');
  const datasets = datasetsOf(read);
  if (!pick && !omit) return { attrs: read.attrs ? [...read.attrs] : undefined, datasets, project: (b) => b };
  const isMember = (name: string) => ENTITY_MEMBERS.includes(name);
  const attrs = pick?.filter((n) => !isMember(n)).map((n) => attributeIri(n, terms));
  const shown = new Set(pick ?? []);
  const hidden = new Set(omit ?? []);
  const compacted = (names: Set<string>) =>
    new Set([...names].map((n) => (isMember(n) ? n : terms.compact(attributeIri(n, terms)))));
  const keep = pick ? compacted(shown) : undefined;
  const drop = compacted(hidden);
  return {
    attrs,
    datasets,
    project: (body) => Object.fromEntries(Object.entries(body).filter(([k]) => (keep ? keep.has(k) : !drop.has(k)))),
  };
}

const MAINTENANCE_LOCK = 0x4e47_4c48; // "NGLH": one instance maintains history at a time
const PARTITIONS_AHEAD = 2;

export interface HistoryMaintenance {
  readonly partitions: string[];
  readonly droppedPartitions: string[];
  readonly deletedInstances: number;
  readonly deletedEntities: number;
}

/**
 * The worker's periodic care of history: creates the monthly partitions of this month and the next
 * ones before rows arrive for them, then deletes history older than its retention (per tenant and
 * entity type rule, else NGSI_LD_HISTORY_RETENTION). While another instance does it (all start
 * together), this one does nothing rather than wait holding a connection.
 */
export async function maintainHistory(
  db: Database,
  config: Config,
  log: Logger,
  now: Date = new Date(),
): Promise<HistoryMaintenance> {
  const attempt = await db.tryWithAdvisoryLock(MAINTENANCE_LOCK, async () => {
    const partitions = await store.ensurePartitions(db, now, PARTITIONS_AHEAD);
    const purged = await store.purgeHistory(db, now, config.ngsiLd.historyRetention);
    const result = { partitions, ...purged };
    log.info(result, 'NGSI-LD history maintained');
    return result;
  });
  if (attempt.acquired) return attempt.value;
  log.debug('NGSI-LD history upkeep skipped: another instance is doing it');
  return { partitions: [], droppedPartitions: [], deletedInstances: 0, deletedEntities: 0 };
}
