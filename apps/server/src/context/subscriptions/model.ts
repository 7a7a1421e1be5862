import { ngsiErrors } from '../errors.js';
import { checkListSize, checkSelectors } from '../http.js';
import type { TermMap } from '../jsonld/contexts.js';
import { joinLevelOf, joinOf } from '../linked.js';
import { checkAttributeName, checkDateTime, isUri, projection, type RepresentationFormat } from '../model.js';
import { parseScopeQ as checkScopeQ } from '../query/filter.js';
import { parseGeoQuery } from '../query/geo.js';
import { checkRegularExpression, parseQ } from '../query/q.js';
import { parseTypeExpression, typeNames, type SelectionExpression } from '../query/types.js';
import { maskPairs, maskUri, unmaskPairs } from '../secrets.js';

/**
 * NGSI-LD subscriptions (GS CIM 009 V1.8.1 §5.2.12 Subscription, §5.2.14 NotificationParams, §5.2.15
 * Endpoint) as the broker keeps them: entity types, watched attributes and notified attributes expanded
 * to IRIs; q, geoQ.geoproperty, scopeQ and the notification's pick and omit as written, evaluated with
 * the subscription's own @context.
 */

export const NOTIFICATION_TRIGGERS = [
  'entityCreated',
  'entityUpdated',
  'entityDeleted',
  'attributeCreated',
  'attributeUpdated',
  'attributeDeleted',
] as const;
export type NotificationTrigger = (typeof NOTIFICATION_TRIGGERS)[number];
/** §5.2.12: without notificationTrigger, a subscription fires on attributes created and updated. */
export const DEFAULT_TRIGGERS: readonly NotificationTrigger[] = ['attributeCreated', 'attributeUpdated'];

export const ENDPOINT_MEDIA_TYPES = ['application/json', 'application/ld+json', 'application/geo+json'] as const;
export type EndpointMediaType = (typeof ENDPOINT_MEDIA_TYPES)[number];
const ENDPOINT_SCHEMES = ['http:', 'https:', 'mqtt:', 'mqtts:'];
const FORMATS: readonly RepresentationFormat[] = ['normalized', 'keyValues', 'concise'];
const MQTT_VERSIONS = ['mqtt3.1.1', 'mqtt5.0'];

export interface EntitySelector {
  readonly id?: string;
  readonly idPattern?: string;
  /** The type selection (§4.17) with every type name expanded, e.g. `https://…/Bus|https://…/Tram`. */
  readonly type: string;
}

export interface KeyValuePair {
  readonly key: string;
  readonly value: string;
}

export interface Endpoint {
  readonly uri: string;
  readonly accept: EndpointMediaType;
  /** Milliseconds to wait for the receiver's answer. */
  readonly timeout?: number;
  /** Milliseconds to wait after a failure before trying again. */
  readonly cooldown?: number;
  /** Sent with each notification: HTTP headers, or MQTT user properties. */
  readonly receiverInfo?: readonly KeyValuePair[];
  /** For the notifier itself: MQTT-Version, MQTT-QoS. */
  readonly notifierInfo?: readonly KeyValuePair[];
}

export interface NotificationParams {
  /** Expanded names of the attributes to notify; undefined: all. */
  readonly attributes?: readonly string[];
  readonly format: RepresentationFormat;
  readonly sysAttrs: boolean;
  readonly showChanges: boolean;
  /** Entity members (attributes, id, type, …) to show, as written (§4.21); never with attributes or omit. */
  readonly pick?: readonly string[];
  /** Entity members to leave out, as written (§4.21); never with attributes or pick. */
  readonly omit?: readonly string[];
  /** Linked entity retrieval (§4.5.23): `inline`, `flat` or `@none`, with its depth. */
  readonly join?: 'inline' | 'flat' | '@none';
  readonly joinLevel?: number;
  readonly endpoint: Endpoint;
}

export interface GeoQ {
  readonly geometry: string;
  readonly coordinates: unknown;
  readonly georel: string;
  /** As written; undefined: location. */
  readonly geoproperty?: string;
}

/** A subscription in expanded form, without its status members: what `ngsi_subscription.body` holds. */
export interface Subscription {
  readonly id: string;
  readonly subscriptionName?: string;
  readonly description?: string;
  readonly entities?: readonly EntitySelector[];
  readonly watchedAttributes?: readonly string[];
  readonly notificationTrigger: readonly NotificationTrigger[];
  /** Seconds between periodic notifications. */
  readonly timeInterval?: number;
  readonly q?: string;
  readonly geoQ?: GeoQ;
  readonly scopeQ?: string;
  readonly lang?: string;
  /** Only these instances are notified (`@none`: the default instance). */
  readonly datasetId?: readonly string[];
  /** As the client gave it; absent: active (§5.2.12 default true), and not shown back. */
  readonly isActive?: boolean;
  readonly expiresAt?: string;
  /** Seconds that must pass between two notifications. */
  readonly throttling?: number;
  /** The @context a client asked notifications to be compacted with (§5.2.12). */
  readonly jsonldContext?: string;
  /** The URL the broker gave `context` when it is not one URL (ImplicitlyCreated, §5.13); shown as jsonldContext. */
  readonly contextUrl?: string;
  /** The @context of the request that created (or last re-contextualised) the subscription; undefined: core. */
  readonly context?: unknown;
  readonly notification: NotificationParams;
}

/** What the table keeps beside the body: when, and how notifying has gone. */
export interface SubscriptionState {
  readonly createdAt: Date;
  readonly modifiedAt: Date;
  readonly lastNotification: Date | null;
  readonly lastSuccess: Date | null;
  readonly lastFailure: Date | null;
  readonly timesSent: number;
  readonly timesFailed: number;
  /** Why the broker paused it (it was feeding its own changes); null: it did not. */
  readonly pausedReason?: string | null;
}

export type SubscriptionStatus = 'active' | 'paused' | 'expired';

// --- parsing ---------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (detail: string) => ngsiErrors.badRequestData(detail);

/** Members a client may send that the broker sets itself: accepted and ignored, so a GET can be sent back. */
const READ_ONLY = new Set(['status', 'createdAt', 'modifiedAt', '@context']);
const NOTIFICATION_READ_ONLY = new Set([
  'status',
  'timesSent',
  'timesFailed',
  'lastNotification',
  'lastSuccess',
  'lastFailure',
]);
const SUBSCRIPTION_MEMBERS = new Set([
  'id',
  'type',
  'subscriptionName',
  'description',
  'entities',
  'watchedAttributes',
  'notificationTrigger',
  'timeInterval',
  'q',
  'geoQ',
  'scopeQ',
  'lang',
  'datasetId',
  'isActive',
  'expiresAt',
  'throttling',
  'jsonldContext',
  'notification',
]);
const NOTIFICATION_MEMBERS = new Set([
  'attributes',
  'format',
  'sysAttrs',
  'showChanges',
  'pick',
  'omit',
  'join',
  'joinLevel',
  'endpoint',
]);
const ENDPOINT_MEMBERS = new Set(['uri', 'accept', 'timeout', 'cooldown', 'receiverInfo', 'notifierInfo']);
/** Members that are not supported: refused rather than silently ignored. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  csf: 'Context source filters (csf) are not supported.',
  temporalQ: 'temporalQ applies to context-source subscriptions, which are not supported.',
};

function checkMembers(raw: Json, allowed: ReadonlySet<string>, ignored: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(raw)) {
    if (allowed.has(key) || ignored.has(key)) continue;
    const reason = UNSUPPORTED[key];
    if (reason !== undefined) throw ngsiErrors.badRequestData(reason);
    throw bad(`${where} has no member "${key}".`);
  }
}

const text = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v.trim() === '') throw bad(`${name} must be a non-empty string.`);
  return v;
};
const bool = (v: unknown, name: string): boolean => {
  if (typeof v !== 'boolean') throw bad(`${name} must be true or false.`);
  return v;
};
const positive = (v: unknown, name: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw bad(`${name} must be a number greater than 0.`);
  return v;
};
const nonNegative = (v: unknown, name: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(`${name} must be a number of 0 or more.`);
  return v;
};
// Every list a subscription holds is bounded as a query's lists are (MAX_LIST_ITEMS).
const nonEmptyArray = (v: unknown, name: string): unknown[] => {
  if (!Array.isArray(v) || v.length === 0) throw bad(`${name} must be a non-empty array.`);
  checkListSize(v, name);
  return v;
};

/** A type selection with each type name expanded; the names must be valid type names. */
function expandTypeSelection(raw: unknown, terms: TermMap): string {
  const expression = parseTypeExpression(text(raw, 'entities[].type'));
  const render = (e: SelectionExpression, top: boolean): string => {
    if (e.kind === 'type') return terms.expand(e.name);
    const joined = e.parts.map((p) => render(p, false)).join(e.kind === 'and' ? ';' : '|');
    return top ? joined : `(${joined})`;
  };
  return render(expression, true);
}

function compactTypeSelection(expanded: string, terms: TermMap): string {
  return expanded.replace(/[^|;()]+/g, (name) => terms.compact(name));
}

function parseSelector(raw: unknown, terms: TermMap): EntitySelector {
  if (!isObject(raw)) throw bad('Each member of entities must be an entity selector object.');
  checkMembers(raw, new Set(['id', 'idPattern', 'type']), new Set(), 'An entity selector');
  if (raw['type'] === undefined) throw bad('Each entity selector needs a type.');
  const type = expandTypeSelection(raw['type'], terms);
  const selector: { id?: string; idPattern?: string; type: string } = { type };
  if (raw['id'] !== undefined) {
    if (!isUri(raw['id'])) throw bad(`entities[].id must be a URI (got ${JSON.stringify(raw['id'])}).`);
    selector.id = raw['id'];
  }
  if (raw['idPattern'] !== undefined) {
    const pattern = text(raw['idPattern'], 'entities[].idPattern');
    checkRegularExpression(pattern, 'entities[].idPattern');
    selector.idPattern = pattern;
  }
  return selector;
}

function parseAttributeNames(raw: unknown, name: string, terms: TermMap): string[] {
  const list = nonEmptyArray(raw, name);
  return [
    ...new Set(
      list.map((a) => {
        if (typeof a !== 'string') throw bad(`${name} must list attribute names.`);
        checkAttributeName(a);
        return terms.expand(a);
      }),
    ),
  ];
}

function parseTriggers(raw: unknown): NotificationTrigger[] {
  const list = nonEmptyArray(raw, 'notificationTrigger');
  for (const t of list) {
    if (!(NOTIFICATION_TRIGGERS as readonly unknown[]).includes(t)) {
      throw bad(`notificationTrigger: ${JSON.stringify(t)} is not one of ${NOTIFICATION_TRIGGERS.join(', ')}.`);
    }
  }
  return [...new Set(list as NotificationTrigger[])];
}

function parseGeoQ(raw: unknown): GeoQ {
  if (!isObject(raw)) throw bad('geoQ must be an object with geometry, coordinates and georel.');
  checkMembers(raw, new Set(['geometry', 'coordinates', 'georel', 'geoproperty']), new Set(), 'geoQ');
  const { geometry, coordinates, georel, geoproperty } = raw;
  if (geometry === undefined || coordinates === undefined || georel === undefined) {
    throw bad('geoQ needs geometry, coordinates and georel.');
  }
  const geoQ: GeoQ = {
    geometry: text(geometry, 'geoQ.geometry'),
    coordinates,
    georel: text(georel, 'geoQ.georel'),
    ...(geoproperty !== undefined ? { geoproperty: text(geoproperty, 'geoQ.geoproperty') } : {}),
  };
  parseGeoQuery(geoQ);
  return geoQ;
}

function parseScopeQ(raw: unknown): string {
  const value = text(raw, 'scopeQ');
  checkScopeQ(value);
  return value;
}

function parseDatasetIds(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw bad('datasetId must be a URI or a non-empty array of URIs.');
  for (const d of list) {
    if (!isUri(d) && d !== '@none') throw bad(`datasetId must hold URIs (got ${JSON.stringify(d)}).`);
  }
  return [...new Set(list as string[])];
}

// An HTTP header name (RFC 9110 token) and a value without line breaks: receiverInfo becomes headers.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

function parseKeyValues(raw: unknown, name: string): KeyValuePair[] {
  const list = nonEmptyArray(raw, name);
  return list.map((pair) => {
    if (!isObject(pair) || typeof pair['key'] !== 'string' || typeof pair['value'] !== 'string') {
      throw bad(`${name} must be an array of {"key": string, "value": string}.`);
    }
    checkMembers(pair, new Set(['key', 'value']), new Set(), `A member of ${name}`);
    if (!HEADER_NAME.test(pair['key'])) throw bad(`${name}: "${pair['key']}" is not a valid header name.`);
    if (!HEADER_VALUE.test(pair['value'])) throw bad(`${name}: the value of "${pair['key']}" holds a line break.`);
    return { key: pair['key'], value: pair['value'] };
  });
}

function parseNotifierInfo(raw: unknown): KeyValuePair[] {
  const pairs = parseKeyValues(raw, 'notifierInfo');
  for (const { key, value } of pairs) {
    if (key === 'MQTT-Version' && !MQTT_VERSIONS.includes(value)) {
      throw bad(`notifierInfo MQTT-Version must be one of ${MQTT_VERSIONS.join(', ')}.`);
    }
    if (key === 'MQTT-QoS' && !['0', '1', '2'].includes(value)) throw bad('notifierInfo MQTT-QoS must be 0, 1 or 2.');
  }
  return pairs;
}

function parseEndpoint(raw: unknown): Endpoint {
  if (!isObject(raw)) throw bad('notification.endpoint must be an object with a uri.');
  checkMembers(raw, ENDPOINT_MEMBERS, new Set(), 'notification.endpoint');
  const uri = raw['uri'];
  if (uri === undefined || uri === null) throw bad('notification.endpoint needs a uri.');
  let scheme: string;
  try {
    scheme = new URL(text(uri, 'notification.endpoint.uri')).protocol;
  } catch {
    throw bad(`notification.endpoint.uri must be an absolute URI (got ${JSON.stringify(uri)}).`);
  }
  if (!ENDPOINT_SCHEMES.includes(scheme) || !isUri(uri)) {
    throw bad('notification.endpoint.uri must be an http, https, mqtt or mqtts URI.');
  }
  const accept = raw['accept'] ?? 'application/json';
  if (!(ENDPOINT_MEDIA_TYPES as readonly unknown[]).includes(accept)) {
    throw bad(`notification.endpoint.accept must be one of ${ENDPOINT_MEDIA_TYPES.join(', ')}.`);
  }
  return {
    uri,
    accept: accept as EndpointMediaType,
    ...(raw['timeout'] !== undefined ? { timeout: nonNegative(raw['timeout'], 'endpoint.timeout') } : {}),
    ...(raw['cooldown'] !== undefined ? { cooldown: nonNegative(raw['cooldown'], 'endpoint.cooldown') } : {}),
    ...(raw['receiverInfo'] !== undefined ? { receiverInfo: parseKeyValues(raw['receiverInfo'], 'receiverInfo') } : {}),
    ...(raw['notifierInfo'] !== undefined ? { notifierInfo: parseNotifierInfo(raw['notifierInfo']) } : {}),
  };
}

function parseNotification(raw: unknown, terms: TermMap): NotificationParams {
  if (!isObject(raw)) throw bad('notification must be an object with an endpoint.');
  checkMembers(raw, NOTIFICATION_MEMBERS, NOTIFICATION_READ_ONLY, 'notification');
  if (raw['endpoint'] === undefined || raw['endpoint'] === null) throw bad('notification needs an endpoint.');
  const format = raw['format'] === 'simplified' ? 'keyValues' : (raw['format'] ?? 'normalized');
  if (!(FORMATS as readonly unknown[]).includes(format)) {
    throw bad(`notification.format must be one of ${FORMATS.join(', ')} (or simplified).`);
  }
  return {
    ...(raw['attributes'] !== undefined
      ? { attributes: parseAttributeNames(raw['attributes'], 'notification.attributes', terms) }
      : {}),
    format: format as RepresentationFormat,
    sysAttrs: raw['sysAttrs'] === undefined ? false : bool(raw['sysAttrs'], 'notification.sysAttrs'),
    showChanges: raw['showChanges'] === undefined ? false : bool(raw['showChanges'], 'notification.showChanges'),
    ...parseShape(raw, terms),
    endpoint: parseEndpoint(raw['endpoint']),
  };
}

/** A pick or omit list member: one name, optionally with a braced list for what it links to. */
const SHAPE_NAME = /^[^,{}]+(\{.*\})?$/;

function parseShapeList(raw: unknown, name: string): string[] {
  const list = nonEmptyArray(raw, `notification.${name}`);
  for (const n of list) {
    if (typeof n !== 'string' || !SHAPE_NAME.test(n)) {
      throw bad(`notification.${name} must list entity member names such as "id", "name" or "locatedAt{id,name}".`);
    }
  }
  return [...new Set(list as string[])];
}

/**
 * pick, omit, join and joinLevel (§5.2.14), checked as the entity API checks its query parameters of
 * the same names (one parser for both): pick and omit exclude each other and attributes.
 */
function parseShape(raw: Json, terms: TermMap): Pick<NotificationParams, 'pick' | 'omit' | 'join' | 'joinLevel'> {
  const pick = raw['pick'] === undefined ? undefined : parseShapeList(raw['pick'], 'pick');
  const omit = raw['omit'] === undefined ? undefined : parseShapeList(raw['omit'], 'omit');
  if ((pick ?? omit) !== undefined && raw['attributes'] !== undefined) {
    throw bad(`notification.${pick ? 'pick' : 'omit'} and notification.attributes cannot be used together.`);
  }
  projection({ pick: pick?.join(','), omit: omit?.join(',') }, terms);
  const join = raw['join'] === undefined ? undefined : text(raw['join'], 'notification.join');
  const joinLevel = joinLevelOf(raw['joinLevel']);
  joinOf(join, joinLevel);
  return {
    ...(pick ? { pick } : {}),
    ...(omit ? { omit } : {}),
    ...(join !== undefined ? { join: join as NonNullable<NotificationParams['join']> } : {}),
    ...(joinLevel !== undefined ? { joinLevel: Number(joinLevel) } : {}),
  };
}

/**
 * A subscription from a create request (§5.8.1), checked whole. `fallbackId` is the id to give it when
 * the body has none; `now` decides whether expiresAt lies in the future; `context` is the request's @context.
 */
export function parseSubscription(
  body: unknown,
  terms: TermMap,
  options: { fallbackId: string; now: Date; context: unknown },
): Subscription {
  if (!isObject(body)) throw bad('A subscription must be a JSON object.');
  if (body['type'] !== 'Subscription') throw bad('A subscription needs "type": "Subscription".');
  if (body['id'] !== undefined && !isUri(body['id'])) {
    throw bad(`The subscription id must be a URI (got ${JSON.stringify(body['id'])}).`);
  }
  checkMembers(body, SUBSCRIPTION_MEMBERS, READ_ONLY, 'A subscription');
  if (body['notification'] === undefined) throw bad('A subscription needs notification parameters (notification).');
  const subscription = withContext(
    parseMembers(
      { ...body, id: body['id'] ?? options.fallbackId },
      terms,
      parseNotification(body['notification'], terms),
    ),
    options.context,
  );
  checkCombination(subscription);
  if (subscription.expiresAt !== undefined && Date.parse(subscription.expiresAt) <= options.now.getTime()) {
    throw bad('expiresAt must lie in the future.');
  }
  return subscription;
}

const withContext = (s: Subscription, context: unknown): Subscription =>
  context === undefined ? s : { ...s, context };

/**
 * The q of a subscription as evaluated: written as in a request's query string, percent-escapes and
 * all (`name=="Eiffel%20Tower"`), it reads as the HTTP binding would decode it.
 */
export function queryText(q: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(q)) return q;
  try {
    return decodeURIComponent(q);
  } catch {
    return q;
  }
}

/** Checks every member; names are expanded with `terms`, except in members listed in `expanded`. */
function parseMembers(
  raw: Json,
  terms: TermMap,
  notification: NotificationParams,
  expanded: Partial<Pick<Subscription, 'entities' | 'watchedAttributes'>> = {},
): Subscription {
  const present = (k: string) => raw[k] !== undefined;
  const s: Record<string, unknown> = { id: raw['id'] };
  if (present('subscriptionName')) s['subscriptionName'] = text(raw['subscriptionName'], 'subscriptionName');
  if (present('description')) s['description'] = text(raw['description'], 'description');
  if (expanded.entities) s['entities'] = expanded.entities;
  else if (present('entities')) {
    const selectors = nonEmptyArray(raw['entities'], 'entities');
    // Matched against every change: as many selectors and patterns as a Query document may carry.
    checkSelectors(selectors.map((e) => (typeof e === 'object' && e !== null ? e : {})));
    s['entities'] = selectors.map((e) => parseSelector(e, terms));
  }
  if (expanded.watchedAttributes) s['watchedAttributes'] = expanded.watchedAttributes;
  else if (present('watchedAttributes')) {
    s['watchedAttributes'] = parseAttributeNames(raw['watchedAttributes'], 'watchedAttributes', terms);
  }
  s['notificationTrigger'] = present('notificationTrigger')
    ? parseTriggers(raw['notificationTrigger'])
    : [...DEFAULT_TRIGGERS];
  if (present('timeInterval')) s['timeInterval'] = positive(raw['timeInterval'], 'timeInterval');
  if (present('q')) {
    const q = text(raw['q'], 'q');
    parseQ(queryText(q));
    s['q'] = q;
  }
  if (present('geoQ')) s['geoQ'] = parseGeoQ(raw['geoQ']);
  if (present('scopeQ')) s['scopeQ'] = parseScopeQ(raw['scopeQ']);
  if (present('lang')) s['lang'] = text(raw['lang'], 'lang');
  if (present('datasetId')) s['datasetId'] = parseDatasetIds(raw['datasetId']);
  if (present('isActive')) s['isActive'] = bool(raw['isActive'], 'isActive');
  if (present('expiresAt')) s['expiresAt'] = checkDateTime(raw['expiresAt'], 'expiresAt');
  if (present('throttling')) s['throttling'] = positive(raw['throttling'], 'throttling');
  if (present('jsonldContext')) {
    if (!isUri(raw['jsonldContext']) || !/^https?:\/\//.test(raw['jsonldContext'])) {
      throw bad('jsonldContext must be the http(s) URL of a JSON-LD @context.');
    }
    s['jsonldContext'] = raw['jsonldContext'];
  }
  s['notification'] = notification;
  return s as unknown as Subscription;
}

/** Rules between members (§5.2.12). */
function checkCombination(s: Subscription): void {
  if (s.entities === undefined && s.watchedAttributes === undefined) {
    throw bad('A subscription needs entities or watchedAttributes (or both).');
  }
  if (s.timeInterval !== undefined && s.watchedAttributes !== undefined) {
    throw bad('timeInterval (periodic notification) and watchedAttributes cannot be used together.');
  }
  if (s.timeInterval !== undefined && s.throttling !== undefined) {
    throw bad('timeInterval (periodic notification) and throttling cannot be used together.');
  }
}

/** Members a fragment may not take away (§5.8.2: removing a mandatory member is BadRequestData). */
const MANDATORY = new Set(['notification', 'notification.endpoint', 'notification.endpoint.uri']);
const removes = (v: unknown) => v === null || v === 'urn:ngsi-ld:null';

/**
 * Applies an update fragment (§5.8.2) to a stored subscription: each member given replaces the stored
 * one whole (a `notification` with its endpoint), `null` (or NGSI-LD Null) removes it.
 * The fragment's names are expanded with `terms`, the @context of the update request; `context`, when
 * given, becomes the subscription's @context. The result is checked whole, so an update that would
 * leave an invalid subscription changes nothing.
 */
export function applyFragment(
  stored: Subscription,
  fragment: unknown,
  terms: TermMap,
  context: unknown,
  now: Date,
): Subscription {
  if (!isObject(fragment)) throw bad('A subscription fragment must be a JSON object.');
  if (fragment['type'] !== undefined && fragment['type'] !== 'Subscription') {
    throw bad('The type of a subscription is "Subscription".');
  }
  if (fragment['id'] !== undefined && fragment['id'] !== stored.id) {
    throw bad('The id of a subscription cannot be changed.');
  }
  checkMembers(fragment, SUBSCRIPTION_MEMBERS, READ_ONLY, 'A subscription');
  const changes = Object.entries(fragment).filter(([k]) => !READ_ONLY.has(k) && k !== 'type' && k !== 'id');
  if (changes.length === 0) throw bad('The subscription fragment changes nothing.');
  const { notification: storedNotification, context: storedContext, ...rest } = stored;
  const merged: Json = { ...rest };
  let notification = storedNotification;
  const expanded: { entities?: readonly EntitySelector[]; watchedAttributes?: readonly string[] } = {};
  if (fragment['entities'] === undefined && stored.entities) expanded.entities = stored.entities;
  if (fragment['watchedAttributes'] === undefined && stored.watchedAttributes) {
    expanded.watchedAttributes = stored.watchedAttributes;
  }
  for (const [key, value] of changes) {
    if (removes(value)) {
      if (MANDATORY.has(key)) throw bad(`${key} is mandatory and cannot be removed.`);
      delete merged[key];
    } else if (key === 'notification') {
      notification = replaceNotification(storedNotification, value, terms);
    } else {
      merged[key] = value;
    }
  }
  const subscription = withContext(parseMembers(merged, terms, notification, expanded), context ?? storedContext);
  checkCombination(subscription);
  if (fragment['expiresAt'] !== undefined && subscription.expiresAt !== undefined) {
    if (Date.parse(subscription.expiresAt) <= now.getTime()) throw bad('expiresAt must lie in the future.');
  }
  return subscription;
}

/**
 * §5.8.2: a member of the fragment replaces the stored one whole, so a `notification` given must be a
 * complete one (with its endpoint). Secrets masked in what a reader was shown stay as stored.
 */
function replaceNotification(stored: NotificationParams, raw: unknown, terms: TermMap): NotificationParams {
  if (!isObject(raw)) throw bad('notification must be an object.');
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => !removes(v)));
  if (!isObject(given['endpoint'])) {
    throw bad('notification replaces the stored notification parameters whole: it needs its endpoint.');
  }
  return parseNotification({ ...given, endpoint: unmasked(given['endpoint'], stored.endpoint) }, terms);
}

/**
 * A reader without the right to the secrets sees them as `***`; sending such an endpoint back keeps
 * the stored secrets rather than storing the mask.
 */
function unmasked(endpoint: Json, stored: Endpoint): Json {
  const out = { ...endpoint };
  if (out['uri'] === maskUri(stored.uri)) out['uri'] = stored.uri;
  if (out['receiverInfo'] !== undefined) out['receiverInfo'] = unmaskPairs(out['receiverInfo'], stored.receiverInfo);
  return out;
}

// --- reading back ----------------------------------------------------------------------------------

/** Whether a subscription is switched on (§5.2.12: isActive defaults to true). */
export const isActive = (s: Pick<Subscription, 'isActive'>): boolean => s.isActive !== false;

export function statusOf(s: Pick<Subscription, 'isActive' | 'expiresAt'>, now: Date): SubscriptionStatus {
  if (s.expiresAt !== undefined && Date.parse(s.expiresAt) <= now.getTime()) return 'expired';
  return isActive(s) ? 'active' : 'paused';
}

/** Every type name the selectors mention, expanded: what the matcher indexes a subscription by. */
export function selectorTypes(s: Subscription): string[] | null {
  if (!s.entities) return null;
  return [...new Set(s.entities.flatMap((e) => typeNames(parseTypeExpression(e.type))))];
}

/** Whether an endpoint holds secrets (receiverInfo, URI credentials or query values) that masking hides. */
export const endpointHasSecrets = (endpoint: Endpoint): boolean =>
  JSON.stringify(maskEndpoint(endpoint)) !== JSON.stringify(endpoint);

/** The endpoint as a reader without the right to its secrets sees it: receiverInfo values and URI credentials hidden. */
function maskEndpoint(endpoint: Endpoint): Endpoint {
  return {
    ...endpoint,
    uri: maskUri(endpoint.uri),
    ...(endpoint.receiverInfo ? { receiverInfo: maskPairs(endpoint.receiverInfo) } : {}),
  };
}

/**
 * A subscription as a client reads it (§5.2.12), names compacted with the reader's @context. Only
 * readers with `secrets` (its owner, administrators) see receiverInfo values and endpoint credentials.
 */
export function renderSubscription(
  s: Subscription,
  state: SubscriptionState,
  terms: TermMap,
  now: Date,
  options: { secrets: boolean; sysAttrs?: boolean } = { secrets: false },
): Record<string, unknown> {
  const { notification: n } = s;
  // Paused by the broker (a self-feeding loop) is a failure while it lasts, even if a notification
  // already on its way when it was paused was delivered after.
  const pausedByBroker = Boolean(state.pausedReason) && !isActive(s);
  const failed =
    pausedByBroker ||
    (state.lastFailure !== null && (state.lastSuccess === null || state.lastFailure > state.lastSuccess));
  const endpoint = options.secrets ? n.endpoint : maskEndpoint(n.endpoint);
  const out: Record<string, unknown> = {
    id: s.id,
    type: 'Subscription',
    ...(s.subscriptionName !== undefined ? { subscriptionName: s.subscriptionName } : {}),
    ...(s.description !== undefined ? { description: s.description } : {}),
    ...(s.entities
      ? {
          entities: s.entities.map((e) => ({
            ...(e.id !== undefined ? { id: e.id } : {}),
            ...(e.idPattern !== undefined ? { idPattern: e.idPattern } : {}),
            type: compactTypeSelection(e.type, terms),
          })),
        }
      : {}),
    ...(s.watchedAttributes ? { watchedAttributes: s.watchedAttributes.map((a) => terms.compact(a)) } : {}),
    notificationTrigger: [...s.notificationTrigger],
    ...(s.timeInterval !== undefined ? { timeInterval: s.timeInterval } : {}),
    ...(s.q !== undefined ? { q: s.q } : {}),
    ...(s.geoQ !== undefined ? { geoQ: s.geoQ } : {}),
    ...(s.scopeQ !== undefined ? { scopeQ: s.scopeQ } : {}),
    ...(s.lang !== undefined ? { lang: s.lang } : {}),
    ...(s.datasetId !== undefined ? { datasetId: [...s.datasetId] } : {}),
    ...(s.isActive !== undefined ? { isActive: s.isActive } : {}),
    ...(s.expiresAt !== undefined ? { expiresAt: s.expiresAt } : {}),
    ...(s.throttling !== undefined ? { throttling: s.throttling } : {}),
    ...(s.jsonldContext !== undefined || s.contextUrl !== undefined
      ? { jsonldContext: s.jsonldContext ?? s.contextUrl }
      : {}),
    notification: {
      ...(n.attributes ? { attributes: n.attributes.map((a) => terms.compact(a)) } : {}),
      format: n.format,
      ...(n.sysAttrs ? { sysAttrs: true } : {}),
      ...(n.showChanges ? { showChanges: true } : {}),
      ...(n.pick ? { pick: [...n.pick] } : {}),
      ...(n.omit ? { omit: [...n.omit] } : {}),
      ...(n.join !== undefined ? { join: n.join } : {}),
      ...(n.joinLevel !== undefined ? { joinLevel: n.joinLevel } : {}),
      endpoint: {
        uri: endpoint.uri,
        accept: endpoint.accept,
        ...(endpoint.timeout !== undefined ? { timeout: endpoint.timeout } : {}),
        ...(endpoint.cooldown !== undefined ? { cooldown: endpoint.cooldown } : {}),
        ...(endpoint.receiverInfo ? { receiverInfo: endpoint.receiverInfo } : {}),
        ...(endpoint.notifierInfo ? { notifierInfo: endpoint.notifierInfo } : {}),
      },
      ...(state.lastNotification || state.lastFailure || state.lastSuccess || pausedByBroker
        ? { status: failed ? 'failed' : 'ok' }
        : {}),
      ...(state.timesSent > 0 ? { timesSent: state.timesSent } : {}),
      ...(state.timesFailed > 0 ? { timesFailed: state.timesFailed } : {}),
      ...(state.lastNotification ? { lastNotification: state.lastNotification.toISOString() } : {}),
      ...(state.lastSuccess ? { lastSuccess: state.lastSuccess.toISOString() } : {}),
      ...(state.lastFailure ? { lastFailure: state.lastFailure.toISOString() } : {}),
      ...(pausedByBroker ? { lastFailureReason: state.pausedReason } : {}),
    },
    status: statusOf(s, now),
    // System-generated members are shown when asked for (options=sysAttrs), as for entities.
    ...(options.sysAttrs
      ? { createdAt: state.createdAt.toISOString(), modifiedAt: state.modifiedAt.toISOString() }
      : {}),
  };
  return out;
}

/** Does an entity with these (expanded) types match a selector's expanded type selection? */
export function typeSelectionMatches(selection: string, types: readonly string[]): boolean {
  const test = (e: SelectionExpression): boolean =>
    e.kind === 'type' ? types.includes(e.name) : e.kind === 'and' ? e.parts.every(test) : e.parts.some(test);
  return test(parseTypeExpression(selection));
}
