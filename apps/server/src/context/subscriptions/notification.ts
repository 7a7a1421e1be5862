import { randomUUID } from 'node:crypto';
import { CONTEXT_REL, GEO_JSON, geoJsonFeature, JSON_LD } from '../http.js';
import type { TermMap } from '../jsonld/contexts.js';
import { CORE_CONTEXT_URL, CORE_CONTEXT_URLS } from '../jsonld/core-context.js';
import { LOCATION } from '../jsonld/vocabulary.js';
import { joinOf, MAX_INLINED, renderWithLinks, type EntityReader } from '../linked.js';
import {
  projection,
  renderInstance,
  type Attributes,
  type Entity,
  type Instance,
  type Projected,
  type RenderOptions,
} from '../model.js';
import type { Subscription } from './model.js';

/**
 * What a notification looks like (GS CIM 009 V1.8.1 §5.3.1, sent as §6.3.x/§7 say): the Notification
 * document, its media type and the headers or MQTT metadata that go with it.
 */

export interface NotificationMessage {
  readonly body: string;
  readonly contentType: string;
  /**
   * Sent with the body: `Link` (the @context, for JSON and GeoJSON), `NGSILD-Tenant` (outside the default
   * tenant), the endpoint's receiverInfo. For mqtt(s) endpoints also `MQTT-Version` when notifierInfo
   * names one: that one is for the notifier (which protocol version to speak), never forwarded.
   */
  readonly headers: Record<string, string>;
  /** MQTT quality of service, from notifierInfo MQTT-QoS (default 0). */
  readonly qos: 0 | 1 | 2;
}

export interface NotificationInput {
  readonly tenant: string;
  readonly subscription: Subscription;
  /** The @context the notification is compacted with (jsonldContext, else the subscription's own). */
  readonly terms: TermMap;
  /** The subscription's own @context, in which pick and omit are written; `terms` when absent. */
  readonly ownTerms?: TermMap;
  readonly entities: readonly Entity[];
  /** Reads the entities relationships link to (join); without it, nothing is joined. */
  readonly read?: EntityReader;
  /** Per entity id, the attributes as they were before the change (showChanges). */
  readonly previous?: ReadonlyMap<string, Attributes> | undefined;
  /** The notificationTrigger that fired: sent as triggerReason. */
  readonly trigger?: string | undefined;
  readonly now: Date;
  /** The notification id; a fresh urn:ngsi-ld:Notification:<uuid> when absent. */
  readonly id?: string;
}

/** The member holding a previous value, per attribute type (§5.2.14 showChanges). */
const PREVIOUS_MEMBER: Readonly<Record<Instance['type'], [member: keyof Instance, previous: string]>> = {
  Property: ['value', 'previousValue'],
  GeoProperty: ['value', 'previousValue'],
  Relationship: ['object', 'previousObject'],
  LanguageProperty: ['languageMap', 'previousLanguageMap'],
  VocabProperty: ['vocab', 'previousVocab'],
  JsonProperty: ['json', 'previousJson'],
  ListProperty: ['valueList', 'previousValueList'],
  ListRelationship: ['objectList', 'previousObjectList'],
};

function previousOf(before: Instance, terms: TermMap, format: RenderOptions['format']): [string, unknown] | undefined {
  const [member, name] = PREVIOUS_MEMBER[before.type];
  const value = before[member];
  if (value === undefined) return undefined;
  if (member === 'vocab') {
    const names = value as string | string[];
    return [name, Array.isArray(names) ? names.map((n) => terms.compact(n)) : terms.compact(names)];
  }
  if (member === 'objectList' && format === 'normalized') {
    return [name, (value as string[]).map((object) => ({ object }))];
  }
  return [name, value];
}

/**
 * An entity as notified, from its rendering (projected, in the subscription's format, linked entities
 * inlined): with deletedAt, and previous values when asked.
 */
function renderNotified(
  entity: Entity,
  rendered: Record<string, unknown>,
  terms: TermMap,
  options: RenderOptions,
  before: Attributes | undefined,
): Record<string, unknown> {
  const shows = (member: 'createdAt' | 'modifiedAt') => options.members?.has(member) ?? true;
  // System attributes belong to every format, the simplified one included (§4.5.3).
  if (options.sysAttrs && options.format === 'keyValues') {
    if (entity.createdAt && shows('createdAt')) rendered['createdAt'] = entity.createdAt;
    if (entity.modifiedAt && shows('modifiedAt')) rendered['modifiedAt'] = entity.modifiedAt;
  }
  const deletedAt = (entity as { deletedAt?: unknown }).deletedAt;
  if (typeof deletedAt === 'string') rendered['deletedAt'] = deletedAt;
  // keyValues has nowhere to put a previous value.
  if (!before || options.format === 'keyValues') return rendered;
  for (const [iri, previousInstances] of Object.entries(before)) {
    const name = terms.compact(iri);
    if (!(name in rendered)) continue;
    const { datasetIds } = options;
    const current = (entity.attrs[iri] ?? []).filter((i) => !datasetIds || datasetIds.has(i.datasetId ?? '@none'));
    // As rendered: one instance alone, several as a list in the same order.
    const shownNow = current.length === 1 ? [rendered[name]] : (rendered[name] as unknown[]);
    const instances = current.map((instance, n) => {
      const shown = shownNow[n] ?? renderInstance(instance, terms, options);
      const was = previousInstances.find((p) => p.datasetId === instance.datasetId);
      const previous = was ? previousOf(was, terms, options.format) : undefined;
      if (!previous) return shown;
      // A concise attribute shown as a bare value takes the object form to carry its previous value.
      const object =
        typeof shown === 'object' && shown !== null && !Array.isArray(shown) && !('coordinates' in shown)
          ? (shown as Record<string, unknown>)
          : { value: shown };
      return { ...object, [previous[0]]: previous[1] };
    });
    if (instances.length > 0) rendered[name] = instances.length === 1 ? instances[0] : instances;
  }
  return rendered;
}

/**
 * Most entities a notification's join may read: a notification is built for each matching change,
 * so it stays as bounded as a query's inline join (MAX_INLINED renderings).
 */
export const MAX_NOTIFIED_LINKED = MAX_INLINED;

/** What to show of each entity: the notified attributes, or pick or omit read in the subscription's own @context. */
function shapeOf(subscription: Subscription, ownTerms: TermMap): Projected {
  const { attributes, pick, omit } = subscription.notification;
  if (pick || omit) return projection({ pick: pick?.join(','), omit: omit?.join(',') }, ownTerms);
  return { attrs: attributes ? new Set(attributes) : undefined };
}

/** The @context of a notification: the one it is compacted with, the core context when none other. */
const contextValue = (terms: TermMap): unknown => terms.source.value ?? CORE_CONTEXT_URL;

/**
 * The URL of the notification's @context for a Link header: the context itself when it is one URL
 * (also written as a list of one, beside the core context); the core context's otherwise.
 */
function linkOf(terms: TermMap): string {
  const { value, linkUrl } = terms.source;
  const list = (Array.isArray(value) ? value : [value]).filter(
    (c) => !(typeof c === 'string' && CORE_CONTEXT_URLS.has(c)),
  );
  return list.length === 1 && typeof list[0] === 'string' ? list[0] : linkUrl;
}

const QOS = { '0': 0, '1': 1, '2': 2 } as const;

const joinLevelText = (n: Subscription['notification']): string | undefined =>
  n.joinLevel === undefined ? undefined : String(n.joinLevel);

/**
 * The notification for `entities`, exactly as it is to be sent. With a join (and a reader), the entities
 * their relationships link to come inline or after them (never in GeoJSON, as for queries); a join
 * reaching more than MAX_NOTIFIED_LINKED entities, or carrying more than a query's answer may (MAX_INLINED
 * views, its byte budget MAX_LINKED_BYTES), fails with TooManyResults.
 */
export async function buildNotificationMessage(input: NotificationInput): Promise<NotificationMessage> {
  const { subscription, terms, now } = input;
  const { notification } = subscription;
  const { endpoint } = notification;
  const options: RenderOptions = {
    format: notification.format,
    sysAttrs: notification.sysAttrs,
    ...shapeOf(subscription, input.ownTerms ?? terms),
    lang: subscription.lang,
    datasetIds: subscription.datasetId ? new Set(subscription.datasetId) : undefined,
  };
  const previous = notification.showChanges ? input.previous : undefined;
  const jsonLd = endpoint.accept === JSON_LD;
  const join =
    endpoint.accept === GEO_JSON || !input.read ? undefined : joinOf(notification.join, joinLevelText(notification));
  const linked = await renderWithLinks(input.entities, terms, options, join, input.read ?? (async () => []), {
    maxLinked: MAX_NOTIFIED_LINKED,
  });
  // The entities notified come first (flat: followed by what they link to), each rendered once.
  const rendered = linked.map((view, i) => {
    const e = input.entities[i];
    const entity = e ? renderNotified(e, view, terms, options, previous?.get(e.id)) : view;
    // In JSON-LD each entity is a document of its own: it carries the @context it is compacted with.
    return jsonLd ? { ...entity, '@context': contextValue(terms) } : entity;
  });
  const geoJson = endpoint.accept === GEO_JSON;
  const data = geoJson
    ? {
        type: 'FeatureCollection',
        features: input.entities.map((e, i) => geoJsonFeature(e, rendered[i] as Record<string, unknown>, LOCATION)),
      }
    : rendered;
  const document = {
    ...(jsonLd ? { '@context': contextValue(terms) } : {}),
    id: input.id ?? `urn:ngsi-ld:Notification:${randomUUID()}`,
    type: 'Notification',
    subscriptionId: subscription.id,
    notifiedAt: now.toISOString(),
    data,
    ...(input.trigger !== undefined ? { triggerReason: input.trigger } : {}),
  };
  const headers: Record<string, string> = {};
  for (const { key, value } of endpoint.receiverInfo ?? []) headers[key] = value;
  if (!jsonLd) headers['Link'] = `<${linkOf(terms)}>; rel="${CONTEXT_REL}"; type="${JSON_LD}"`;
  if (input.tenant !== '') headers['NGSILD-Tenant'] = input.tenant;
  const notifier = new Map((endpoint.notifierInfo ?? []).map((p) => [p.key, p.value]));
  const mqtt = /^mqtts?:/.test(endpoint.uri);
  const version = notifier.get('MQTT-Version');
  if (mqtt && version !== undefined) headers['MQTT-Version'] = version;
  const qos = QOS[(notifier.get('MQTT-QoS') ?? '0') as keyof typeof QOS] ?? 0;
  return { body: JSON.stringify(document), contentType: endpoint.accept, headers, qos };
}
