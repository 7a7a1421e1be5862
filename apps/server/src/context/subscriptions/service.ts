import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../../platform/bus.js';
import type { Database } from '../../platform/db/index.js';
import { OutboundRefused, type OutboundGuard } from '../../platform/outbound.js';
import { problems } from '../../platform/errors.js';
import { ngsiErrors } from '../errors.js';
import { TermMap, type ContextResolver } from '../jsonld/contexts.js';
import { CORE_CONTEXT_URLS } from '../jsonld/core-context.js';
import type { EntityReader } from '../linked.js';
import { isUri, type Attributes, type Entity } from '../model.js';
import type { EntityQuery } from '../service.js';
import { readsSecrets } from '../secrets.js';
import { ensureTenant, tenantExists } from '../store.js';
import {
  applyFragment,
  endpointHasSecrets,
  isActive,
  queryText,
  parseSubscription,
  selectorTypes,
  type Subscription,
} from './model.js';
import { buildNotificationMessage, type NotificationMessage } from './notification.js';
import * as store from './store.js';

export type { NotificationMessage } from './notification.js';
export type { StoredSubscription } from './store.js';
export type { Subscription } from './model.js';

/** What the matcher passes to ContextService.queryEntities to test a candidate entity. */
export type SubscriptionQuery = Omit<EntityQuery, 'limit' | 'offset' | 'count'>;

/** A subscription that can fire now, with what it takes to evaluate it. */
export interface ActiveSubscription {
  readonly tenant: string;
  readonly id: string;
  readonly subscription: Subscription;
  /** The subscription's own @context: q, geoQ.geoproperty and scopeQ are written in it. */
  readonly terms: TermMap;
  readonly query: SubscriptionQuery;
  /** When it was created: changes from before then are none of its business. */
  readonly since: Date;
}

export interface SubscriptionPage {
  readonly subscriptions: store.StoredSubscription[];
  readonly count: number | undefined;
  /** Whether subscriptions follow this page. */
  readonly more: boolean;
}

/** A request's @context as worth keeping: undefined when it is the core context alone. */
function contextOf(terms: TermMap): unknown {
  const value = terms.source.value;
  if (value === undefined || (typeof value === 'string' && CORE_CONTEXT_URLS.has(value))) return undefined;
  return value;
}

/** Whether a @context needs a URL of its own to be named in one link: an array or inline object, not one URL. */
function needsOwnUrl(context: unknown): boolean {
  const named = (Array.isArray(context) ? context : [context]).filter(
    (c) => c !== undefined && !(typeof c === 'string' && CORE_CONTEXT_URLS.has(c)),
  );
  return named.length > 1 || (named.length === 1 && typeof named[0] !== 'string');
}

/** Where the broker publishes the @context documents it makes: the URL for a local id. */
export type ContextUrlFor = (id: string) => string;

function columnsOf(s: Subscription): store.SubscriptionColumns {
  return {
    types: selectorTypes(s),
    watched: s.watchedAttributes ? [...s.watchedAttributes] : null,
    isActive: isActive(s),
    expiresAt: s.expiresAt ?? null,
    throttling: s.throttling ?? null,
    timeInterval: s.timeInterval ?? null,
  };
}

function queryOf(s: Subscription): SubscriptionQuery {
  return {
    ...(s.entities
      ? {
          // §5.2.33: when an id is given, idPattern is ignored.
          selectors: s.entities.map((e) => ({
            type: e.type,
            ...(e.id !== undefined ? { id: e.id } : e.idPattern !== undefined ? { idPattern: e.idPattern } : {}),
          })),
        }
      : {}),
    ...(s.q !== undefined ? { q: queryText(s.q) } : {}),
    ...(s.geoQ !== undefined ? { geo: { ...s.geoQ } } : {}),
    ...(s.scopeQ !== undefined ? { scopeQ: s.scopeQ } : {}),
  };
}

export { ownerOf, readsSecrets } from '../secrets.js';

const checkId = (id: string): void => {
  if (!isUri(id)) throw ngsiErrors.badRequestData(`The subscription id must be a URI (got ${JSON.stringify(id)}).`);
};
const notFound = (id: string) => ngsiErrors.resourceNotFound(`The subscription ${id} does not exist.`);

interface SubscriptionDeps {
  readonly db: Database;
  readonly bus: EventBus;
  readonly resolver: ContextResolver;
  readonly log: Logger;
  /** Where notifications may go. */
  readonly outbound: OutboundGuard;
}

/** What delivers notifications in this process, as far as reading a subscription's status needs it. */
export interface Deliveries {
  /** Resolves once what was sent for it is recorded; true when there was something to wait for. */
  settle(tenant: string, id: string): Promise<boolean>;
}

const alreadyExists = (id: string) => ngsiErrors.alreadyExists(`The subscription ${id} already exists.`);

/** NGSI-LD subscriptions: their lifecycle and what a notification for one looks like. */
export class SubscriptionService {
  readonly #deps: SubscriptionDeps;
  #deliveries: Deliveries | undefined;

  constructor(deps: SubscriptionDeps) {
    this.#deps = deps;
  }

  /** The deliverer of this process: reads then show what it already sent (timesSent, lastSuccess). */
  useDeliveries(deliveries: Deliveries): void {
    this.#deliveries = deliveries;
  }

  /** §5.8.1: creates a subscription from a request body; returns its id. `owner` is who creates it (ownerOf). */
  async create(
    tenant: string,
    body: unknown,
    terms: TermMap,
    now = new Date(),
    owner: string | null = null,
    contextUrlFor?: ContextUrlFor,
  ): Promise<string> {
    const parsed = parseSubscription(body, terms, {
      fallbackId: `urn:ngsi-ld:Subscription:${randomUUID()}`,
      now,
      context: contextOf(terms),
    });
    await this.#checkJsonldContext(parsed, tenant);
    await this.#checkEndpoint(parsed);
    // Kept only for a subscription that is otherwise valid: a refused one (also one whose id is taken)
    // leaves nothing behind.
    if (await store.findSubscription(this.#deps.db, tenant, parsed.id)) throw alreadyExists(parsed.id);
    const contextUrl = await this.#contextUrl(parsed.context, tenant, contextUrlFor);
    const subscription: Subscription = contextUrl === undefined ? parsed : { ...parsed, contextUrl };
    const created = await this.#deps.db.transaction(async (tx) => {
      await ensureTenant(tx, tenant);
      return store.insertSubscription(tx, tenant, subscription, columnsOf(subscription), now, owner);
    });
    if (!created) throw alreadyExists(subscription.id);
    this.#publish(tenant, subscription.id, 'created');
    return subscription.id;
  }

  /** §5.8.4: a tenant's subscriptions, a page at a time. */
  async list(tenant: string, page: { limit: number; offset: number; count: boolean }): Promise<SubscriptionPage> {
    await this.#requireTenant(tenant);
    const first = await store.listSubscriptions(this.#deps.db, tenant, page);
    if (!this.#deliveries) return first;
    const deliveries = this.#deliveries;
    const settled = await Promise.all(first.subscriptions.map((s) => deliveries.settle(tenant, s.subscription.id)));
    return settled.some(Boolean) ? store.listSubscriptions(this.#deps.db, tenant, page) : first;
  }

  /** §5.8.3 */
  async retrieve(tenant: string, id: string): Promise<store.StoredSubscription> {
    checkId(id);
    await this.#requireTenant(tenant);
    await this.#deliveries?.settle(tenant, id);
    const found = await store.findSubscription(this.#deps.db, tenant, id);
    if (!found) throw notFound(id);
    return found;
  }

  /**
   * §5.8.2: merges a fragment into a subscription. A request that brings its own @context makes it the
   * subscription's @context; one without keeps the subscription's.
   */
  async update(
    tenant: string,
    id: string,
    fragment: unknown,
    terms: TermMap,
    now = new Date(),
    caller: Parameters<typeof readsSecrets>[0] = null,
    contextUrlFor?: ContextUrlFor,
  ): Promise<void> {
    checkId(id);
    await this.#requireTenant(tenant);
    const context = contextOf(terms);
    let contextUrl: string | undefined;
    if (context !== undefined && contextUrlFor !== undefined && needsOwnUrl(context)) {
      // Kept before the transaction (the context store is not part of it), once the update is known to
      // apply, so that a refused one keeps nothing.
      const current = await store.findSubscription(this.#deps.db, tenant, id);
      if (!current) throw notFound(id);
      applyFragment(current.subscription, fragment, terms, context, now);
      contextUrl = await this.#contextUrl(context, tenant, contextUrlFor);
    }
    await this.#deps.db.transaction(async (tx) => {
      const found = await store.findSubscription(tx, tenant, id, true);
      if (!found) throw notFound(id);
      const merged = applyFragment(found.subscription, fragment, terms, context, now);
      const kept = context === undefined ? found.subscription.contextUrl : contextUrl;
      const updated: Subscription = kept === undefined ? merged : { ...merged, contextUrl: kept };
      // Moving an endpoint moves its secrets with it: only those who may read them may send them elsewhere.
      const before = found.subscription.notification.endpoint;
      if (
        updated.notification.endpoint.uri !== before.uri &&
        endpointHasSecrets(before) &&
        !readsSecrets(caller, found) &&
        // With the API open to anyone (NGSI_LD_ANONYMOUS=write), the anonymous are one caller.
        !(caller === null && found.owner === null)
      ) {
        throw problems.forbidden(
          "Only the subscription's owner or an administrator may move an endpoint that carries receiver secrets.",
        );
      }
      await this.#checkJsonldContext(updated, tenant);
      if (updated.notification.endpoint.uri !== found.subscription.notification.endpoint.uri) {
        await this.#checkEndpoint(updated);
      }
      await store.updateSubscription(tx, tenant, updated, columnsOf(updated), now);
    });
    this.#publish(tenant, id, 'updated');
  }

  /** §5.8.5: deletes a subscription and its notifications not yet delivered. */
  async delete(tenant: string, id: string): Promise<void> {
    checkId(id);
    await this.#requireTenant(tenant);
    const deleted = await this.#deps.db.transaction((tx) => store.deleteSubscription(tx, tenant, id));
    if (!deleted) throw notFound(id);
    this.#publish(tenant, id, 'deleted');
  }

  /** The terms a stored subscription was written with. */
  termsOf(subscription: Subscription, tenant: string): Promise<TermMap> {
    return this.#deps.resolver.resolve(subscription.context, tenant);
  }

  /**
   * Every subscription of every tenant that is active at `now` (isActive, not expired). One whose
   * @context cannot be had now is left out (and logged), so it cannot hold up the others.
   */
  async listActive(now: Date): Promise<ActiveSubscription[]> {
    const rows = await store.listActiveSubscriptions(this.#deps.db, now);
    const active: ActiveSubscription[] = [];
    for (const { tenant, subscription, state } of rows) {
      try {
        const terms = await this.termsOf(subscription, tenant);
        active.push({
          tenant,
          id: subscription.id,
          subscription,
          terms,
          query: queryOf(subscription),
          since: state.createdAt,
        });
      } catch (err) {
        this.#deps.log.warn({ err, tenant, subscription: subscription.id }, 'subscription @context unavailable');
      }
    }
    return active;
  }

  /**
   * The notification of `entities` for a subscription, exactly as it is to be sent: compacted with the
   * subscription's jsonldContext when it names one, else with its own @context. `read` reads the
   * entities relationships link to, for a subscription that joins them.
   */
  async notificationMessage(
    active: ActiveSubscription,
    entities: Entity[],
    options: { previous?: Map<string, Attributes>; trigger?: string; now: Date; read?: EntityReader },
  ): Promise<NotificationMessage> {
    const { jsonldContext, contextUrl } = active.subscription;
    // Without a jsonldContext, its own @context, named by the URL the broker gave it when it is not one URL.
    const own =
      contextUrl === undefined ? active.terms : new TermMap(active.terms, { linkUrl: contextUrl, value: contextUrl });
    // A jsonldContext is named as the subscriber gave it, also when it is a core context the broker
    // holds under another version's URL.
    const terms =
      jsonldContext === undefined
        ? own
        : new TermMap(await this.#deps.resolver.resolve(jsonldContext, active.tenant), {
            linkUrl: jsonldContext,
            value: jsonldContext,
          });
    return buildNotificationMessage({
      tenant: active.tenant,
      subscription: active.subscription,
      terms,
      ownTerms: active.terms,
      entities,
      ...(options.read ? { read: options.read } : {}),
      previous: options.previous,
      trigger: options.trigger,
      now: options.now,
    });
  }

  /** The URL of a subscription's @context kept as an ImplicitlyCreated document, when it is not one URL. */
  async #contextUrl(context: unknown, tenant: string, urlFor: ContextUrlFor | undefined): Promise<string | undefined> {
    if (urlFor === undefined || !needsOwnUrl(context)) return undefined;
    return this.#deps.resolver.implicit(tenant, context, urlFor);
  }

  /** A jsonldContext must be usable when notifications are due: fail now, not then. */
  async #checkJsonldContext(subscription: Subscription, tenant: string): Promise<void> {
    if (subscription.jsonldContext !== undefined) {
      await this.#deps.resolver.resolve(subscription.jsonldContext, tenant);
    }
  }

  /**
   * The receiver must be one the server may send to (OUTBOUND_ALLOW): refused now rather than failing
   * at every delivery. A name that resolves to nothing yet is accepted: its deliveries fail (and the
   * subscription's status says so) until it resolves, each one checked again. The answer says nothing
   * about what the name resolves to; the log does.
   */
  async #checkEndpoint(subscription: Subscription): Promise<void> {
    const { uri } = subscription.notification.endpoint;
    try {
      // A name that resolves to nothing yet is checked again (resolved) before every delivery.
      await this.#deps.outbound.admit(uri, { unresolvedLater: true });
    } catch (err) {
      if (!(err instanceof OutboundRefused)) throw err;
      this.#deps.log.warn({ subscription: subscription.id, reason: err.message }, 'notification endpoint refused');
      throw ngsiErrors.badRequestData(
        'notification.endpoint.uri is not a receiver this broker may send to: internal addresses are refused unless the operator allows them (OUTBOUND_ALLOW).',
      );
    }
  }

  async #requireTenant(tenant: string): Promise<void> {
    if (!(await tenantExists(this.#deps.db, tenant))) {
      throw ngsiErrors.nonexistentTenant(`The tenant "${tenant}" does not exist.`);
    }
  }

  #publish(tenant: string, id: string, kind: 'created' | 'updated' | 'deleted'): void {
    this.#deps.bus.publish('context.subscription', { tenant, id, kind });
  }
}
