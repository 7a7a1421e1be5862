import { ngsiErrors } from '../errors.js';
import { checkListSize, checkSelectors } from '../http.js';
import { IMPLICIT_CONTEXT_LIMIT, IMPLICIT_CONTEXT_MAX_BYTES, type TermMap } from '../jsonld/contexts.js';
import { checkAttributeName, checkDateTime, checkEntityId, isUri } from '../model.js';
import { validateGeometry, type GeoJsonGeometry } from '../query/geo.js';
import { checkRegularExpression } from '../query/q.js';
import { maskPairs, maskUri, unmaskPairs } from '../secrets.js';

/**
 * Context source registrations (GS CIM 009 V1.8.1 §5.2.9 CSourceRegistration, §5.2.10 RegistrationInfo,
 * §5.2.8 EntityInfo) as the broker keeps them: entity types, property and relationship names, and the
 * names of additional members expanded to IRIs, everything else as written. The broker keeps them for
 * discovery only: it does not yet forward queries or updates to the sources they name.
 */

/** §5.2.8: an entity, an id pattern or a whole type a source holds (type expanded). */
export interface EntityInfo {
  readonly id?: string;
  readonly idPattern?: string;
  readonly type: string;
}

/** §5.2.10: which entities and which attributes of them (names expanded); none listed: any. */
export interface RegistrationInfo {
  readonly entities?: readonly EntityInfo[];
  readonly propertyNames?: readonly string[];
  readonly relationshipNames?: readonly string[];
}

export interface TimeInterval {
  readonly startAt: string;
  readonly endAt?: string;
}

export interface KeyValuePair {
  readonly key: string;
  readonly value: string;
}

/** §4.3.6: how the source's information relates to the broker's own. */
export const REGISTRATION_MODES = ['inclusive', 'exclusive', 'redirect', 'auxiliary'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** §4.20 (tables 4.20-1 and 4.20-2): the operations a source may take, and their groups. */
export const REGISTRATION_OPERATIONS = [
  'federationOps',
  'updateOps',
  'retrieveOps',
  'redirectionOps',
  'createEntity',
  'updateEntity',
  'appendAttrs',
  'updateAttrs',
  'deleteAttrs',
  'deleteEntity',
  'createBatch',
  'upsertBatch',
  'updateBatch',
  'deleteBatch',
  'upsertTemporal',
  'appendAttrsTemporal',
  'deleteAttrsTemporal',
  'updateAttrsTemporal',
  'deleteAttrInstanceTemporal',
  'deleteTemporal',
  'mergeEntity',
  'replaceEntity',
  'replaceAttrs',
  'mergeBatch',
  'purgeEntity',
  'retrieveEntity',
  'queryEntity',
  'queryBatch',
  'retrieveTemporal',
  'queryTemporal',
  'retrieveEntityTypes',
  'retrieveEntityTypeDetails',
  'retrieveEntityTypeInfo',
  'retrieveAttrTypes',
  'retrieveAttrTypeDetails',
  'retrieveAttrTypeInfo',
  'createSubscription',
  'updateSubscription',
  'retrieveSubscription',
  'querySubscription',
  'deleteSubscription',
] as const;

/** §5.2.34 RegistrationManagementInfo. */
export interface RegistrationManagement {
  readonly localOnly?: boolean;
  readonly cacheDuration?: string;
  readonly timeout?: number;
  readonly cooldown?: number;
}

/** A registration in expanded form, without its read-only members: what `ngsi_csource_registration.body` holds. */
export interface Registration {
  readonly id: string;
  readonly registrationName?: string;
  readonly description?: string;
  readonly information: readonly RegistrationInfo[];
  /** The tenant at the context source (not the broker's tenant the registration lives in). */
  readonly tenant?: string;
  readonly observationInterval?: TimeInterval;
  readonly managementInterval?: TimeInterval;
  readonly location?: GeoJsonGeometry;
  readonly observationSpace?: GeoJsonGeometry;
  readonly operationSpace?: GeoJsonGeometry;
  readonly expiresAt?: string;
  readonly endpoint: string;
  readonly contextSourceInfo?: readonly KeyValuePair[];
  readonly scope?: string | readonly string[];
  readonly mode: RegistrationMode;
  readonly operations: readonly string[];
  readonly refreshRate?: string;
  readonly management?: RegistrationManagement;
  /** Additional members (CSource properties, §5.2.9), names expanded, values as given. */
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface RegistrationState {
  readonly createdAt: Date;
  readonly modifiedAt: Date;
}

/**
 * What one tenant can make the broker keep, as for the @contexts it keeps for a tenant: at most so many
 * registrations, each of at most so many bytes (in expanded form).
 */
export const REGISTRATION_LIMIT = IMPLICIT_CONTEXT_LIMIT;
export const REGISTRATION_MAX_BYTES = IMPLICIT_CONTEXT_MAX_BYTES;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (detail: string) => ngsiErrors.badRequestData(detail);

/** Members the broker sets itself (§5.2.9 read-only): accepted and ignored, so a GET can be sent back. */
const READ_ONLY = new Set([
  '@context',
  'status',
  'timesSent',
  'timesFailed',
  'lastSuccess',
  'lastFailure',
  'createdAt',
  'modifiedAt',
]);
const MEMBERS = new Set([
  'id',
  'type',
  'registrationName',
  'description',
  'information',
  'tenant',
  'observationInterval',
  'managementInterval',
  'location',
  'observationSpace',
  'operationSpace',
  'expiresAt',
  'endpoint',
  'contextSourceInfo',
  'scope',
  'mode',
  'operations',
  'refreshRate',
  'management',
]);
const MANDATORY = new Set(['information', 'endpoint']);

const text = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v.trim() === '') throw bad(`${name} must be a non-empty string.`);
  return v;
};
const nonEmptyArray = (v: unknown, name: string): unknown[] => {
  if (!Array.isArray(v) || v.length === 0) throw bad(`${name} must be a non-empty array.`);
  return v;
};
const nonNegative = (v: unknown, name: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(`${name} must be a number of 0 or more.`);
  return v;
};
// An ISO 8601 duration (refreshRate, cacheDuration), e.g. PT10S or P1DT2H.
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const duration = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !DURATION.test(v)) throw bad(`${name} must be an ISO 8601 duration such as PT10S.`);
  return v;
};
const SCOPE = /^\/[^\s/#+]+(\/[^\s/#+]+)*$/;

function checkMembers(raw: Json, allowed: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) throw bad(`${where} has no member "${key}".`);
  }
}

function parseEntityInfo(raw: unknown, terms: TermMap): EntityInfo {
  if (!isObject(raw)) throw bad('Each member of information[].entities must be an object with a type.');
  checkMembers(raw, new Set(['id', 'idPattern', 'type']), 'An entity of information[].entities');
  const type = text(raw['type'], 'information[].entities[].type');
  if (/[\s<>"'=;|,()]/.test(type)) throw bad(`information[].entities[].type: "${type}" is not an entity type name.`);
  const info: { id?: string; idPattern?: string; type: string } = { type: terms.expand(type) };
  if (raw['id'] !== undefined) info.id = checkEntityId(raw['id'], 'information[].entities[].id');
  if (raw['idPattern'] !== undefined) {
    const pattern = text(raw['idPattern'], 'information[].entities[].idPattern');
    // Discovery runs these patterns in the database: the same bounds as any idPattern.
    checkRegularExpression(pattern, 'information[].entities[].idPattern');
    info.idPattern = pattern;
  }
  return info;
}

function parseNames(raw: unknown, name: string, terms: TermMap): string[] {
  const list = nonEmptyArray(raw, name);
  checkListSize(list, name);
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

function parseInformation(raw: unknown, terms: TermMap): RegistrationInfo[] {
  const list = nonEmptyArray(raw, 'information');
  checkListSize(list, 'information');
  // Discovery runs every idPattern of a registration: its selectors, all members together, are bounded
  // as those of a Query document.
  checkSelectors(
    list
      .flatMap((item) => (isObject(item) && Array.isArray(item['entities']) ? (item['entities'] as unknown[]) : []))
      .filter(isObject),
  );
  return list.map((item) => {
    if (!isObject(item)) throw bad('Each member of information must be an object (RegistrationInfo).');
    checkMembers(item, new Set(['entities', 'propertyNames', 'relationshipNames']), 'A member of information');
    const info: { entities?: EntityInfo[]; propertyNames?: string[]; relationshipNames?: string[] } = {};
    if (item['entities'] !== undefined) {
      info.entities = nonEmptyArray(item['entities'], 'information[].entities').map((e) => parseEntityInfo(e, terms));
    }
    if (item['propertyNames'] !== undefined) {
      info.propertyNames = parseNames(item['propertyNames'], 'information[].propertyNames', terms);
    }
    if (item['relationshipNames'] !== undefined) {
      info.relationshipNames = parseNames(item['relationshipNames'], 'information[].relationshipNames', terms);
    }
    if (Object.keys(info).length === 0) {
      throw bad('Each member of information needs entities, propertyNames or relationshipNames.');
    }
    return info;
  });
}

function parseInterval(raw: unknown, name: string): TimeInterval {
  if (!isObject(raw)) throw bad(`${name} must be an object with startAt (and endAt).`);
  checkMembers(raw, new Set(['startAt', 'endAt']), name);
  const startAt = checkDateTime(raw['startAt'], `${name}.startAt`);
  if (raw['endAt'] === undefined) return { startAt };
  const endAt = checkDateTime(raw['endAt'], `${name}.endAt`);
  if (Date.parse(endAt) < Date.parse(startAt)) throw bad(`${name}.endAt must not lie before its startAt.`);
  return { startAt, endAt };
}

function parseEndpoint(raw: unknown): string {
  const uri = text(raw, 'endpoint');
  let scheme: string;
  try {
    scheme = new URL(uri).protocol;
  } catch {
    throw bad(`endpoint must be an absolute URI (got ${JSON.stringify(uri)}).`);
  }
  if ((scheme !== 'http:' && scheme !== 'https:') || !isUri(uri)) {
    throw bad('endpoint must be the http or https URL of the context source.');
  }
  return uri;
}

function parseKeyValues(raw: unknown, name: string): KeyValuePair[] {
  const list = nonEmptyArray(raw, name);
  checkListSize(list, name);
  return list.map((pair) => {
    if (!isObject(pair) || typeof pair['key'] !== 'string' || typeof pair['value'] !== 'string') {
      throw bad(`${name} must be an array of {"key": string, "value": string}.`);
    }
    checkMembers(pair, new Set(['key', 'value']), `A member of ${name}`);
    return { key: pair['key'], value: pair['value'] };
  });
}

function parseScope(raw: unknown): string | string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw bad('scope must be a scope or a non-empty array of scopes.');
  checkListSize(list, 'scope');
  for (const s of list) {
    if (typeof s !== 'string' || !SCOPE.test(s))
      throw bad(`scope: ${JSON.stringify(s)} is not a scope such as /Hanoi.`);
  }
  return Array.isArray(raw) ? (list as string[]) : (raw as string);
}

function parseOperations(raw: unknown): string[] {
  const list = nonEmptyArray(raw, 'operations');
  checkListSize(list, 'operations');
  for (const op of list) {
    if (!(REGISTRATION_OPERATIONS as readonly unknown[]).includes(op)) {
      throw bad(`operations: ${JSON.stringify(op)} is not an NGSI-LD operation or group of operations.`);
    }
  }
  return [...new Set(list as string[])];
}

function parseManagement(raw: unknown): RegistrationManagement {
  if (!isObject(raw)) throw bad('management must be an object.');
  checkMembers(raw, new Set(['localOnly', 'cacheDuration', 'timeout', 'cooldown']), 'management');
  const out: { localOnly?: boolean; cacheDuration?: string; timeout?: number; cooldown?: number } = {};
  if (raw['localOnly'] !== undefined) {
    if (typeof raw['localOnly'] !== 'boolean') throw bad('management.localOnly must be true or false.');
    out.localOnly = raw['localOnly'];
  }
  if (raw['cacheDuration'] !== undefined)
    out.cacheDuration = duration(raw['cacheDuration'], 'management.cacheDuration');
  if (raw['timeout'] !== undefined) out.timeout = nonNegative(raw['timeout'], 'management.timeout');
  if (raw['cooldown'] !== undefined) out.cooldown = nonNegative(raw['cooldown'], 'management.cooldown');
  return out;
}

/**
 * Additional members: CSource properties, each a valid attribute name (expanded) with a value. Values
 * are kept as given.
 */
function parseProperties(raw: Json, terms: TermMap): Record<string, unknown> | undefined {
  const extra = Object.entries(raw).filter(([k]) => !MEMBERS.has(k) && !READ_ONLY.has(k));
  if (extra.length === 0) return undefined;
  checkListSize(extra, 'The additional members of a registration');
  const out: Record<string, unknown> = {};
  for (const [name, value] of extra) {
    checkAttributeName(name);
    if (value === null) throw bad(`"${name}" has no value.`);
    out[terms.expand(name)] = value;
  }
  return out;
}

/** Checks every member of a registration written with `terms`; `expanded` holds members already stored. */
function parseMembers(raw: Json, terms: TermMap, expanded: Partial<Registration> = {}): Registration {
  const present = (k: string) => raw[k] !== undefined;
  for (const name of MANDATORY) {
    if (!present(name) && expanded[name as keyof Registration] === undefined) {
      throw bad(`A context source registration needs ${name}.`);
    }
  }
  const r: Record<string, unknown> = { id: raw['id'] };
  if (present('registrationName')) r['registrationName'] = text(raw['registrationName'], 'registrationName');
  if (present('description')) r['description'] = text(raw['description'], 'description');
  r['information'] = expanded.information ?? parseInformation(raw['information'], terms);
  if (present('tenant')) r['tenant'] = text(raw['tenant'], 'tenant');
  for (const name of ['observationInterval', 'managementInterval'] as const) {
    if (present(name)) r[name] = parseInterval(raw[name], name);
  }
  for (const name of ['location', 'observationSpace', 'operationSpace'] as const) {
    if (present(name)) r[name] = validateGeometry(raw[name]);
  }
  if (present('expiresAt')) r['expiresAt'] = checkDateTime(raw['expiresAt'], 'expiresAt');
  r['endpoint'] = parseEndpoint(raw['endpoint']);
  if (present('contextSourceInfo'))
    r['contextSourceInfo'] = parseKeyValues(raw['contextSourceInfo'], 'contextSourceInfo');
  if (present('scope')) r['scope'] = parseScope(raw['scope']);
  const mode = raw['mode'] ?? 'inclusive';
  if (!(REGISTRATION_MODES as readonly unknown[]).includes(mode)) {
    throw bad(`mode must be one of ${REGISTRATION_MODES.join(', ')}.`);
  }
  r['mode'] = mode;
  // §5.2.9: without operations, a registration is for federationOps.
  r['operations'] = present('operations') ? parseOperations(raw['operations']) : ['federationOps'];
  if (present('refreshRate')) r['refreshRate'] = duration(raw['refreshRate'], 'refreshRate');
  if (present('management')) r['management'] = parseManagement(raw['management']);
  const properties = expanded.properties !== undefined ? expanded.properties : parseProperties(raw, terms);
  if (properties !== undefined && Object.keys(properties).length > 0) r['properties'] = properties;
  const bytes = Buffer.byteLength(JSON.stringify(r));
  if (bytes > REGISTRATION_MAX_BYTES) {
    throw bad(
      `A context source registration is kept for at most ${REGISTRATION_MAX_BYTES} bytes (this one: ${bytes}).`,
    );
  }
  return r as unknown as Registration;
}

const checkFuture = (r: Registration, now: Date): void => {
  if (r.expiresAt !== undefined && Date.parse(r.expiresAt) <= now.getTime())
    throw bad('expiresAt must lie in the future.');
};

/**
 * A registration from a create request (§5.9.2), checked whole. `fallbackId` is the id to give it when
 * the body has none; `now` decides whether expiresAt lies in the future.
 */
export function parseRegistration(
  body: unknown,
  terms: TermMap,
  options: { fallbackId: string; now: Date },
): Registration {
  if (!isObject(body)) throw bad('A context source registration must be a JSON object.');
  if (body['type'] !== 'ContextSourceRegistration') {
    throw bad('A context source registration needs "type": "ContextSourceRegistration".');
  }
  if (body['id'] !== undefined) checkEntityId(body['id'], 'The registration id');
  const registration = parseMembers({ ...body, id: body['id'] ?? options.fallbackId }, terms);
  checkFuture(registration, options.now);
  return registration;
}

const removes = (v: unknown) => v === null || v === 'urn:ngsi-ld:null';

/**
 * Applies an update fragment (§5.9.3) to a stored registration: each member given replaces the stored
 * one whole, `null` (or NGSI-LD Null) removes it; mandatory members cannot be removed. Names in the
 * fragment are expanded with `terms`, the update request's @context. The result is checked whole, so an
 * update that would leave an invalid registration changes nothing.
 */
export function applyFragment(stored: Registration, fragment: unknown, terms: TermMap, now: Date): Registration {
  if (!isObject(fragment)) throw bad('A registration fragment must be a JSON object.');
  if (fragment['type'] !== undefined && fragment['type'] !== 'ContextSourceRegistration') {
    throw bad('The type of a context source registration is "ContextSourceRegistration".');
  }
  if (fragment['id'] !== undefined && fragment['id'] !== stored.id) {
    throw bad('The id of a context source registration cannot be changed.');
  }
  const changes = Object.entries(fragment).filter(([k]) => !READ_ONLY.has(k) && k !== 'type' && k !== 'id');
  if (changes.length === 0) throw bad('The registration fragment changes nothing.');
  const { information, properties, ...rest } = stored;
  const merged: Json = { ...rest };
  const kept: { information?: readonly RegistrationInfo[]; properties?: Record<string, unknown> } = {};
  if (fragment['information'] === undefined) kept.information = information;
  const props: Record<string, unknown> = { ...properties };
  for (const [key, value] of changes) {
    if (removes(value)) {
      if (MANDATORY.has(key)) throw bad(`${key} is mandatory and cannot be removed.`);
      if (MEMBERS.has(key)) delete merged[key];
      else delete props[terms.expand(key)];
    } else if (key === 'endpoint') {
      // What a reader was shown masked keeps the stored secrets rather than storing the mask.
      merged[key] = value === maskUri(stored.endpoint) ? stored.endpoint : value;
    } else if (key === 'contextSourceInfo') {
      merged[key] = unmaskPairs(value, stored.contextSourceInfo);
    } else if (MEMBERS.has(key)) {
      merged[key] = value;
    } else {
      checkAttributeName(key);
      props[terms.expand(key)] = value;
    }
  }
  kept.properties = props;
  const registration = parseMembers(merged, terms, kept);
  if (fragment['expiresAt'] !== undefined) checkFuture(registration, now);
  return registration;
}

/** A registration as a reader without the right to its secrets sees it: endpoint credentials and contextSourceInfo values hidden. */
function masked(r: Registration): Registration {
  return {
    ...r,
    endpoint: maskUri(r.endpoint),
    ...(r.contextSourceInfo ? { contextSourceInfo: maskPairs(r.contextSourceInfo) } : {}),
  };
}

/** Whether a registration holds secrets (endpoint credentials or query values, contextSourceInfo) that masking hides. */
export const hasSecrets = (r: Registration): boolean => JSON.stringify(masked(r)) !== JSON.stringify(r);

/**
 * A registration as a client reads it (§5.2.9), names compacted with `terms`. Only readers with
 * `secrets` (its owner, administrators) see its endpoint's credentials and contextSourceInfo values. No
 * distributed operation runs yet, so the status members of one (status, timesSent, lastSuccess, …) are
 * not shown.
 */
export function renderRegistration(
  r: Registration,
  state: RegistrationState,
  terms: TermMap,
  options: { sysAttrs: boolean; secrets: boolean },
): Record<string, unknown> {
  const { id, information, properties, ...members } = options.secrets ? r : masked(r);
  const out: Record<string, unknown> = {
    id,
    type: 'ContextSourceRegistration',
    ...members,
    information: information.map((info) => ({
      ...(info.entities ? { entities: info.entities.map((e) => ({ ...e, type: terms.compact(e.type) })) } : {}),
      ...(info.propertyNames ? { propertyNames: info.propertyNames.map((n) => terms.compact(n)) } : {}),
      ...(info.relationshipNames ? { relationshipNames: info.relationshipNames.map((n) => terms.compact(n)) } : {}),
    })),
  };
  for (const [name, value] of Object.entries(properties ?? {})) out[terms.compact(name)] = value;
  if (options.sysAttrs) {
    out['createdAt'] = state.createdAt.toISOString();
    out['modifiedAt'] = state.modifiedAt.toISOString();
  }
  return out;
}
