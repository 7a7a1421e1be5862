import { setFlagsFromString } from 'node:v8';
import type { Logger } from 'pino';
import type { Database, Sql } from '../../platform/db/index.js';
import type { ContextResolver } from '../jsonld/contexts.js';
import { NGSI_LD_NULL, type Attributes, type Entity, type Instance } from '../model.js';
import type { ContextService } from '../service.js';
import { typeSelectionMatches } from '../subscriptions/model.js';
import type { ActiveSubscription, SubscriptionService } from '../subscriptions/service.js';
import type { ConsumerHandler } from './consumer.js';
import type { Deliverer } from './deliverer.js';
import type { Change } from './feed.js';
import * as subscriptionStore from '../subscriptions/store.js';
import * as store from './store.js';
import type { NewNotification, NotificationMessage, OutboxMessage, OutboxRow } from './store.js';

// Subscriptions' idPatterns run here in V8, whose backtracking engine holds for minutes on
// .*.*.*.*x against a long id: past a bound on backtracks, V8 goes on in linear time.
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/**
 * Matches changes against subscriptions and turns each match into a notification in the outbox.
 * Subscriptions are indexed by entity id, type and watched attribute, so a change is compared with
 * the few that could want it, never with all of them.
 */

interface Index {
  readonly byId: Map<string, ActiveSubscription[]>;
  readonly byType: Map<string, ActiveSubscription[]>;
  readonly byAttribute: Map<string, ActiveSubscription[]>;
  readonly any: ActiveSubscription[];
}

interface Match {
  readonly active: ActiveSubscription;
  readonly change: Change;
  readonly trigger: string;
}

export interface Prepared {
  readonly notifications: NewNotification[];
  /** Subscriptions found feeding their own changes, to be paused (their notifications are not sent). */
  readonly loops: { tenant: string; id: string; reason: string }[];
  /** Subscriptions with their throttling, to be marked as notified. */
  readonly throttles: store.Throttle[];
  rows: OutboxRow[];
  /** Receivers whose new notifications this instance leased to deliver from memory. */
  claimed: Set<string>;
}

const VERSION_CHECK_MS = 1000;
/**
 * A subscription notified about the same entity more than LOOP_LIMIT times within LOOP_WINDOW_MS is
 * taken to feed itself (its receiver writes back into what it watches: each notification causes the
 * next change) and is paused. 15 a second, sustained for 10 s, is beyond any sensor of the city.
 */
const LOOP_WINDOW_MS = 10_000;
const LOOP_LIMIT = 150;
const DEFAULT_TRIGGERS = ['attributeCreated', 'attributeUpdated'];
const ATTRIBUTE_TRIGGERS = new Set(['attributeCreated', 'attributeUpdated', 'attributeDeleted']);

function add(map: Map<string, ActiveSubscription[]>, key: string, sub: ActiveSubscription): void {
  const list = map.get(key);
  if (list) list.push(sub);
  else map.set(key, [sub]);
}

/** A tenant's subscriptions that react to changes (not periodic ones), indexed. */
function buildIndex(subs: readonly ActiveSubscription[]): Map<string, Index> {
  const tenants = new Map<string, Index>();
  for (const sub of subs) {
    if (sub.subscription.timeInterval !== undefined) continue;
    let index = tenants.get(sub.tenant);
    if (!index) {
      index = { byId: new Map(), byType: new Map(), byAttribute: new Map(), any: [] };
      tenants.set(sub.tenant, index);
    }
    const selectors = sub.subscription.entities ?? [];
    if (selectors.length > 0) {
      // Each selector names a type (the spec requires it); an id narrows further.
      for (const s of selectors) {
        if (s.id !== undefined) add(index.byId, s.id, sub);
        else for (const name of typeNames(s.type)) add(index.byType, name, sub);
      }
    } else if (sub.subscription.watchedAttributes && sub.subscription.watchedAttributes.length > 0) {
      for (const a of sub.subscription.watchedAttributes) add(index.byAttribute, a, sub);
    } else {
      index.any.push(sub);
    }
  }
  return tenants;
}

/** The type names a selector's type expression mentions (`A|B`, `(A;B),C`): any may let an entity in. */
const typeNames = (selection: string): string[] => selection.split(/[|;,()]/).filter((n) => n !== '');
const isExpression = (selection: string): boolean => /[|;,()]/.test(selection);

function selectorMatches(sub: ActiveSubscription, change: Change, patterns: Map<string, RegExp>): boolean {
  const selectors = sub.subscription.entities ?? [];
  if (selectors.length === 0) return true;
  return selectors.some((s) => {
    const typed = isExpression(s.type) ? typeSelectionMatches(s.type, change.types) : change.types.includes(s.type);
    if (!typed) return false;
    // An id makes idPattern irrelevant (§5.2.33).
    if (s.id !== undefined) return s.id === change.entityId;
    if (s.idPattern !== undefined) {
      let re = patterns.get(s.idPattern);
      if (!re) {
        re = new RegExp(s.idPattern);
        patterns.set(s.idPattern, re);
      }
      if (!re.test(change.entityId)) return false;
    }
    return true;
  });
}

/** The trigger this change fires for the subscription, or undefined. */
export function triggerFor(
  change: Pick<Change, 'kind' | 'attrs' | 'previous'>,
  triggers: readonly string[] | undefined,
  watched: readonly string[] | undefined,
): string | undefined {
  const wanted = triggers && triggers.length > 0 ? triggers : DEFAULT_TRIGGERS;
  if (change.kind === 'deleted') {
    if (wanted.includes('entityDeleted')) return 'entityDeleted';
    // Deleting an entity deletes its attributes: a watcher of attribute deletions hears of those it watches.
    const gone = Object.keys(change.previous).filter((k) => !watched || watched.length === 0 || watched.includes(k));
    return gone.length > 0 && wanted.includes('attributeDeleted') ? 'attributeDeleted' : undefined;
  }
  const keys = new Set([...Object.keys(change.attrs), ...Object.keys(change.previous)]);
  const relevant = [...keys].filter((k) => !watched || watched.length === 0 || watched.includes(k));
  if (relevant.length === 0) return undefined;
  if (change.kind === 'created' && wanted.includes('entityCreated')) return 'entityCreated';
  if (change.kind === 'updated' && wanted.includes('entityUpdated')) return 'entityUpdated';
  for (const key of relevant) {
    const now = key in change.attrs;
    const before = key in change.previous;
    const triggers = !before
      ? ['attributeCreated']
      : !now
        ? ['attributeDeleted']
        : // Deleting one instance (datasetId) of an attribute that keeps others deletes that instance.
          instancesDeleted(change.attrs[key], change.previous[key])
          ? ['attributeDeleted', 'attributeUpdated']
          : ['attributeUpdated'];
    const trigger = triggers.find((t) => ATTRIBUTE_TRIGGERS.has(t) && wanted.includes(t));
    if (trigger) return trigger;
  }
  return undefined;
}

/** Whether some instance (by datasetId) that was there before is gone now. */
function instancesDeleted(now: Instance[] | Instance | undefined, before: Instance[] | Instance | undefined): boolean {
  const kept = new Set(instancesOf(now).map((i) => i.datasetId ?? '@none'));
  return instancesOf(before).some((i) => !kept.has(i.datasetId ?? '@none'));
}

/** The message with the endpoint's own timeout and cooldown, which delivery honours. */
export function outboxMessage(active: ActiveSubscription, message: NotificationMessage): OutboxMessage {
  const { timeout, cooldown } = active.subscription.notification.endpoint;
  return {
    ...message,
    ...(timeout !== undefined && timeout > 0 ? { timeoutMs: timeout } : {}),
    ...(cooldown !== undefined && cooldown > 0 ? { cooldownMs: cooldown } : {}),
  };
}

/** An attribute's instances, however the log holds them (one instance or a list). */
const instancesOf = (value: Instance[] | Instance | undefined): Instance[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The member that holds an instance's value, per attribute type. */
const VALUE_MEMBER: Readonly<Record<Instance['type'], keyof Instance>> = {
  Property: 'value',
  GeoProperty: 'value',
  Relationship: 'object',
  LanguageProperty: 'languageMap',
  VocabProperty: 'vocab',
  JsonProperty: 'json',
  ListProperty: 'valueList',
  ListRelationship: 'objectList',
};

/** A deleted instance as notified: its value NGSI-LD Null, its datasetId and system attributes kept. */
function nullInstance(instance: Instance, deletedAt: string | undefined): Instance {
  const member = VALUE_MEMBER[instance.type];
  return {
    type: instance.type,
    [member]: member === 'languageMap' ? { '@none': NGSI_LD_NULL } : NGSI_LD_NULL,
    ...(instance.datasetId !== undefined ? { datasetId: instance.datasetId } : {}),
    ...(deletedAt !== undefined
      ? {
          ...(instance.createdAt !== undefined ? { createdAt: instance.createdAt } : {}),
          ...(instance.modifiedAt !== undefined ? { modifiedAt: instance.modifiedAt } : {}),
          deletedAt,
        }
      : {}),
  };
}

/** An attribute deleted with all its instances: one Null, as the default instance (or the only one). */
function wholeNull(instances: Instance[], deletedAt: string | undefined): Instance[] {
  const first = instances.find((i) => i.datasetId === undefined) ?? instances[0];
  if (!first) return [];
  const { datasetId: _datasetId, ...rest } = nullInstance(first, deletedAt);
  return [instances.length === 1 ? nullInstance(first, deletedAt) : rest];
}

const needsQuery = (a: ActiveSubscription): boolean =>
  a.query.q !== undefined || a.query.geo !== undefined || a.query.scopeQ !== undefined;

export class Matcher implements ConsumerHandler<Prepared> {
  readonly #db: Database;
  readonly #subscriptions: SubscriptionService;
  readonly #service: ContextService;
  readonly #resolver: ContextResolver;
  readonly #deliverer: Deliverer;
  readonly #log: Logger;
  #version: string | undefined;
  /** Bumped by each local change of a subscription; the list is current when loaded at the latest. */
  #generation = 0;
  #loadedGeneration = -1;
  #loading: Promise<void> | undefined;
  #checkedAt = 0;
  #active: ActiveSubscription[] = [];
  #index = new Map<string, Index>();
  readonly #patterns = new Map<string, RegExp>();
  readonly #loopLimit: number;
  /** Per subscription and entity: when the current window started, and notifications in it. */
  #windows = new Map<string, { start: number; count: number }>();
  #windowsSweptAt = 0;
  matched = 0;

  constructor(deps: {
    db: Database;
    subscriptions: SubscriptionService;
    service: ContextService;
    resolver: ContextResolver;
    deliverer: Deliverer;
    log: Logger;
    loopLimit?: number;
  }) {
    this.#loopLimit = deps.loopLimit ?? LOOP_LIMIT;
    this.#db = deps.db;
    this.#subscriptions = deps.subscriptions;
    this.#service = deps.service;
    this.#resolver = deps.resolver;
    this.#deliverer = deps.deliverer;
    this.#log = deps.log;
  }

  /** A subscription changed here: reload before the next match. */
  invalidate(): void {
    this.#generation++;
  }

  /**
   * Active subscriptions, reloaded when any instance changed one. Matching (`exact`) asks the
   * database each time: a change may follow, by a moment, a subscription created on another
   * instance, and the batch it is in is matched once for all instances. Others may be a second old.
   * One load at a time: a caller arriving during a load waits for it rather than reading the list
   * it replaces (and, matching, then asks again: that load may have begun before its change).
   */
  async active(now: Date, exact = false): Promise<ActiveSubscription[]> {
    for (;;) {
      if (this.#loading) {
        await this.#loading;
        continue;
      }
      const current = this.#loadedGeneration === this.#generation;
      if (current && !exact && now.getTime() - this.#checkedAt < VERSION_CHECK_MS) return this.#active;
      this.#loading = this.#load(now).finally(() => {
        this.#loading = undefined;
      });
      await this.#loading;
      // Invalidated while loading: load again, since the list read may predate that change.
      if (this.#loadedGeneration === this.#generation) return this.#active;
    }
  }

  async #load(now: Date): Promise<void> {
    const generation = this.#generation;
    this.#checkedAt = now.getTime();
    const version = await store.subscriptionsVersion(this.#db);
    if (generation !== this.#loadedGeneration || version !== this.#version) {
      this.#active = await this.#subscriptions.listActive(now);
      this.#index = buildIndex(this.#active);
      this.#version = version;
    }
    this.#loadedGeneration = generation;
  }

  async prepare(changes: readonly Change[]): Promise<Prepared> {
    const now = new Date();
    await this.active(now, true);
    const matches: Match[] = [];
    for (const change of changes) {
      const index = this.#index.get(change.tenant);
      if (!index) continue;
      const candidates = new Set<ActiveSubscription>([
        ...(index.byId.get(change.entityId) ?? []),
        ...change.types.flatMap((t) => index.byType.get(t) ?? []),
        ...[...Object.keys(change.attrs), ...Object.keys(change.previous)].flatMap(
          (a) => index.byAttribute.get(a) ?? [],
        ),
        ...index.any,
      ]);
      for (const active of candidates) {
        const sub = active.subscription;
        if (sub.expiresAt !== undefined && Date.parse(sub.expiresAt) <= now.getTime()) continue;
        if (Date.parse(change.at) < active.since.getTime()) continue;
        if (!selectorMatches(active, change, this.#patterns)) continue;
        const trigger = triggerFor(change, sub.notificationTrigger, sub.watchedAttributes);
        if (trigger) matches.push({ active, change, trigger });
      }
    }
    const current = await this.#currentEntities(matches);
    const loops = new Map<string, { tenant: string; id: string; reason: string }>();
    const kept = (await this.#filterByQuery(matches, current)).filter((m) => {
      const key = `${m.active.tenant}\n${m.active.id}`;
      const reason = loops.get(key)?.reason ?? this.#feedsItself(m, now.getTime());
      if (reason !== undefined) loops.set(key, { tenant: m.active.tenant, id: m.active.id, reason });
      return reason === undefined;
    });
    const notifications: NewNotification[] = [];
    for (const m of kept) {
      try {
        const message = await this.#subscriptions.notificationMessage(m.active, [this.#notified(m, current)], {
          previous: new Map([[m.change.entityId, m.change.previous]]),
          trigger: m.trigger,
          now,
          read: (ids) => this.#service.entitiesByIds(m.active.tenant, ids),
        });
        notifications.push({
          tenant: m.active.tenant,
          subscriptionId: m.active.id,
          endpoint: m.active.subscription.notification.endpoint.uri,
          message: outboxMessage(m.active, message),
          claimed: false,
        });
      } catch (err) {
        // One subscription that cannot be rendered (its @context gone, its join too large) must not
        // stop the others; its status shows the failure.
        this.#log.error({ err, subscription: m.active.id }, 'notification could not be built');
        this.#deliverer.recordUnbuilt(m.active.tenant, m.active.id);
      }
    }
    this.matched += notifications.length;
    const throttles = new Map<string, store.Throttle>();
    for (const m of kept) {
      throttles.set(`${m.active.tenant}\n${m.active.id}`, {
        tenant: m.active.tenant,
        id: m.active.id,
        throttling: m.active.subscription.throttling ?? 0,
      });
    }
    return {
      notifications,
      loops: [...loops.values()],
      throttles: [...throttles.values()],
      rows: [],
      claimed: new Set(),
    };
  }

  /** Counts a notification about an entity; the reason to pause when the subscription feeds itself. */
  #feedsItself(m: Match, now: number): string | undefined {
    if (now - this.#windowsSweptAt > LOOP_WINDOW_MS) {
      for (const [key, w] of this.#windows) if (now - w.start > LOOP_WINDOW_MS) this.#windows.delete(key);
      this.#windowsSweptAt = now;
    }
    const key = `${m.active.tenant}\n${m.active.id}\n${m.change.entityId}`;
    let window = this.#windows.get(key);
    if (!window || now - window.start > LOOP_WINDOW_MS) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    if (window.count <= this.#loopLimit) return undefined;
    this.#windows.delete(key);
    return (
      `Paused by the broker: more than ${this.#loopLimit} notifications about ${m.change.entityId} within ` +
      `${LOOP_WINDOW_MS / 1000} s, as if each caused the next change (a receiver writing back into what the ` +
      'subscription watches). Change the receiver, then set isActive to true.'
    );
  }

  async commit(tx: Sql, prepared: Prepared): Promise<void> {
    const at = new Date();
    for (const loop of prepared.loops) {
      if (await subscriptionStore.pauseSubscription(tx, loop.tenant, loop.id, loop.reason, at)) {
        this.#log.warn({ tenant: loop.tenant, subscription: loop.id }, 'subscription paused: it feeds its own changes');
      }
    }
    if (prepared.notifications.length === 0) return;
    const marked = await store.markNotified(tx, prepared.throttles, new Date());
    const throttled = new Map(prepared.throttles.map((t) => [`${t.tenant}\n${t.id}`, t.throttling]));
    const sentOnce = new Set<string>();
    const kept = prepared.notifications
      .filter((n) => {
        const key = `${n.tenant}\n${n.subscriptionId}`;
        if (!marked.has(key)) return false;
        // A throttled subscription gets one notification per period, also within one batch.
        if ((throttled.get(key) ?? 0) > 0) {
          if (sentOnce.has(key)) return false;
          sentOnce.add(key);
        }
        return true;
      })
      .map((n) => ({
        ...n,
        claimed: this.#deliverer.hasRoom(n.endpoint),
        notBefore: this.#deliverer.backingOffUntil(n.endpoint),
      }));
    prepared.claimed = new Set(kept.filter((n) => n.claimed).map((n) => n.endpoint));
    prepared.rows = await store.insertNotifications(tx, kept, this.#deliverer.leaseMs);
  }

  committed(prepared: Prepared): void {
    if (prepared.loops.length > 0) this.invalidate();
    this.#deliverer.accept(prepared.rows.filter((r) => prepared.claimed.has(r.endpoint)));
  }

  /**
   * Keeps the matches whose entity satisfies the subscription's q, geoQ and scopeQ, judged in SQL on
   * the entity as the change left it (a later change must not decide about an earlier one).
   */
  async #filterByQuery(matches: Match[], current: Map<string, Entity>): Promise<Match[]> {
    const bySub = new Map<ActiveSubscription, Match[]>();
    for (const m of matches) {
      if (m.change.kind === 'deleted' || !needsQuery(m.active)) continue;
      const list = bySub.get(m.active);
      if (list) list.push(m);
      else bySub.set(m.active, [m]);
    }
    if (bySub.size === 0) return matches;
    const passing = new Set<Match>();
    for (const [active, list] of bySub) {
      // Snapshot ids are made unique per match, so two changes of one entity are judged apart.
      const snapshots = list.map((m, i) => ({ ...this.#entityOf(m.change, current), id: `${i}` }));
      try {
        const ok = await this.#service.matchingSnapshots(
          { ...active.query, selectors: undefined },
          active.terms,
          snapshots,
        );
        list.forEach((m, i) => ok.has(`${i}`) && passing.add(m));
      } catch (err) {
        this.#log.error({ err, subscription: active.id }, 'subscription query failed; no notification');
      }
    }
    return matches.filter((m) => m.change.kind === 'deleted' || !needsQuery(m.active) || passing.has(m));
  }

  /** The current state of the matched entities, one query per tenant. */
  async #currentEntities(matches: Match[]): Promise<Map<string, Entity>> {
    const byTenant = new Map<string, Set<string>>();
    for (const m of matches) {
      if (m.change.kind === 'deleted') continue;
      const ids = byTenant.get(m.change.tenant) ?? new Set<string>();
      ids.add(m.change.entityId);
      byTenant.set(m.change.tenant, ids);
    }
    const out = new Map<string, Entity>();
    const core = await this.#resolver.core();
    for (const [tenant, ids] of byTenant) {
      const { entities } = await this.#service.queryEntities(
        tenant,
        { ids: [...ids], limit: ids.size, offset: 0, count: false },
        core,
      );
      for (const e of entities) out.set(`${tenant}\n${e.id}`, e);
    }
    return out;
  }

  /**
   * The entity as notified: as the change left it, with what the change deleted shown as NGSI-LD Null
   * (§4.5.?). A deleted entity carries its deletedAt; its attributes (as Null) only when they are news
   * to the subscriber: the watched ones deleted with it, or all of them when it asked for changes.
   */
  #notified(m: Match, current: Map<string, Entity>): Entity {
    const { change } = m;
    const { watchedAttributes, notification } = m.active.subscription;
    const stamp = notification.sysAttrs ? change.at : undefined;
    if (change.kind === 'deleted') {
      const entity = this.#entityOf(change, current);
      const shown = Object.entries(change.previous).filter(([k]) =>
        m.trigger === 'entityDeleted' ? notification.showChanges : !watchedAttributes || watchedAttributes.includes(k),
      );
      const attrs: Attributes = {};
      for (const [k, instances] of shown) attrs[k] = wholeNull(instancesOf(instances), stamp);
      return { ...entity, attrs };
    }
    const entity = this.#entityOf(change, current);
    const attrs: Attributes = { ...entity.attrs };
    for (const [k, before] of Object.entries(change.previous)) {
      if (!(k in change.attrs)) {
        attrs[k] = wholeNull(instancesOf(before), stamp);
        continue;
      }
      const kept = new Set(instancesOf(change.attrs[k]).map((i) => i.datasetId ?? '@none'));
      const gone = instancesOf(before).filter((i) => !kept.has(i.datasetId ?? '@none'));
      if (gone.length > 0) attrs[k] = [...instancesOf(attrs[k]), ...gone.map((i) => nullInstance(i, stamp))];
    }
    return { ...entity, attrs };
  }

  /** The entity as the change left it: its changed attributes as written, the rest as they are now. */
  #entityOf(change: Change, current: Map<string, Entity>): Entity {
    if (change.kind === 'deleted') {
      // The entity is gone from the store: the log's deletion says when it was created and modified.
      const times = change.entityTimes;
      return {
        id: change.entityId,
        types: [...change.types],
        attrs: {},
        ...(times ? { createdAt: times.createdAt, modifiedAt: times.modifiedAt } : {}),
        deletedAt: change.at,
      } as Entity;
    }
    const now = current.get(`${change.tenant}\n${change.entityId}`);
    const attrs: Attributes = { ...(now?.attrs ?? {}) };
    for (const key of Object.keys(change.previous)) if (!(key in change.attrs)) delete attrs[key];
    Object.assign(attrs, change.attrs);
    return now ? { ...now, attrs } : { id: change.entityId, types: [...change.types], attrs };
  }
}
