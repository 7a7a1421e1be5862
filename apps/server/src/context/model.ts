import { MAX_ID_LENGTH } from '../platform/http/input-guard.js';
import { ngsiErrors } from './errors.js';
import { MAX_LIST_ITEMS } from './http.js';
import type { TermMap } from './jsonld/contexts.js';
import { validateGeometry } from './query/geo.js';

/**
 * NGSI-LD entities as the broker keeps them: attribute names and types expanded to IRIs, every
 * attribute an array of instances (one per datasetId), values as the client sent them. Parsing accepts
 * the normalized and the concise forms; rendering produces normalized, concise or keyValues.
 */

export const ATTRIBUTE_TYPES = [
  'Property',
  'Relationship',
  'GeoProperty',
  'LanguageProperty',
  'VocabProperty',
  'JsonProperty',
  'ListProperty',
  'ListRelationship',
] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** One instance of an attribute. Other keys are sub-attributes, by expanded IRI. */
export interface Instance {
  type: AttributeType;
  value?: unknown;
  object?: string | string[];
  objectType?: string | string[];
  languageMap?: Record<string, string | string[]>;
  vocab?: string | string[];
  json?: unknown;
  valueList?: unknown[];
  objectList?: string[];
  datasetId?: string;
  observedAt?: string;
  unitCode?: string;
  createdAt?: string;
  modifiedAt?: string;
  [subAttribute: string]: unknown;
}

export type Attributes = Record<string, Instance[]>;

export interface Entity {
  id: string;
  types: string[];
  scopes?: string[] | undefined;
  attrs: Attributes;
  createdAt?: string;
  modifiedAt?: string;
}

/** The NGSI-LD Null: in an update, it deletes what it names. */
export const NGSI_LD_NULL = 'urn:ngsi-ld:null';

/** Members of an instance that are not sub-attributes. */
const INSTANCE_MEMBERS = new Set([
  'type',
  'value',
  'object',
  'objectType',
  'languageMap',
  'vocab',
  'json',
  'valueList',
  'objectList',
  'datasetId',
  'observedAt',
  'unitCode',
  'createdAt',
  'modifiedAt',
  'deletedAt',
  'instanceId',
  'lang',
]);
const ENTITY_MEMBERS = new Set(['id', 'type', 'scope', '@context', 'createdAt', 'modifiedAt', 'deletedAt']);
const SYSTEM_MEMBERS = new Set(['createdAt', 'modifiedAt', 'deletedAt', 'instanceId']);

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const FORBIDDEN_NAME = /[<>"'=;()\s\p{Cc}]/u;
// A scope is a path from the root (§4.18); without the leading slash no scopeQ could ever match it.
const SCOPE = /^\/[^\s/#+]+(\/[^\s/#+]+)*$/;
/** Names that are entity members, never attributes, whatever the @context says. */
const RESERVED_NAMES = new Set(['id', 'type', 'scope', '@context']);

export const isUri = (value: unknown): value is string => typeof value === 'string' && URI.test(value);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNgsiNull = (v: unknown): boolean =>
  v === NGSI_LD_NULL || (Array.isArray(v) && v.length === 1 && v[0] === NGSI_LD_NULL);

/** Does this instance of an update say "delete"? (Its main member is the NGSI-LD Null.) */
const deletes = (i: Instance): boolean =>
  isNgsiNull(i.value) || isNgsiNull(i.object) || isNgsiNull(i.vocab) || isNgsiNull(i.json) || isNgsiNull(i.valueList);

/** An entity id: a URI of at most MAX_ID_LENGTH characters, so that its path /entities/{id} is reachable. */
export function checkEntityId(id: unknown, where = 'id'): string {
  if (typeof id === 'string' && id.length > MAX_ID_LENGTH) {
    throw ngsiErrors.badRequestData(`${where} is ${id.length} characters long; at most ${MAX_ID_LENGTH}.`);
  }
  if (!isUri(id)) throw ngsiErrors.badRequestData(`${where} must be a URI (got ${JSON.stringify(id)}).`);
  return id;
}

/**
 * NGSI_LD_MAX_ATTRIBUTES: a write may not leave an entity with more than `max` attributes, unless it
 * has no more than before (an entity stored under a higher limit can still be updated and trimmed).
 */
export function checkAttributeCount(id: string, count: number, max: number, before = 0): void {
  if (count > max && count > before) throw tooManyAttributes(id, count, max);
}

export const tooManyAttributes = (id: string, count: number, max: number) =>
  ngsiErrors.tooManyAttributes(
    `The entity ${id} would hold ${count} attributes; at most ${max} (NGSI_LD_MAX_ATTRIBUTES).`,
  );

export function checkAttributeName(name: string): void {
  if (name === '' || FORBIDDEN_NAME.test(name) || RESERVED_NAMES.has(name) || name.startsWith('@')) {
    throw ngsiErrors.badRequestData(`"${name}" is not a valid attribute name.`);
  }
}

/** The IRI of an attribute named in a request path or parameter. */
export function attributeIri(name: string, terms: TermMap): string {
  checkAttributeName(name);
  return expandedName(name, terms, 'attribute name');
}

/** A name expanded with the @context; one that does not become an IRI (`P?|{{`, a keyword) names nothing. */
function expandedName(name: string, terms: TermMap, what: string): string {
  const iri = terms.expand(name);
  if (!isUri(iri)) throw ngsiErrors.badRequestData(`${JSON.stringify(name)} is not a valid ${what}.`);
  return iri;
}

/** A datasetId given as a parameter: a URI, or `@none` for the default instance where allowed. */
export function checkDatasetId(raw: string, allowNone = false): string {
  if (!isUri(raw) && !(allowNone && raw === '@none')) {
    throw ngsiErrors.badRequestData(`datasetId must be a URI (got ${JSON.stringify(raw)}).`);
  }
  return raw;
}

export interface ParseOptions {
  /** Create needs id and type; a fragment for an update needs neither. */
  readonly requireIdAndType: boolean;
  /** Keep NGSI-LD Null values (updates: they mean delete); otherwise they are an error. */
  readonly allowNull?: boolean;
}

/** Parses an entity (or an entity fragment) from a request body. */
export function parseEntity(body: unknown, terms: TermMap, options: ParseOptions): Entity {
  if (!isObject(body)) throw ngsiErrors.badRequestData('The entity must be a JSON object.');
  let id = '';
  if (body['id'] !== undefined || options.requireIdAndType) id = checkEntityId(body['id']);
  const types = parseTypes(body['type'], terms, options.requireIdAndType);
  const entity: Entity = { id, types, attrs: {} };
  if (body['scope'] !== undefined) {
    // In a merge, scope: NGSI-LD Null takes every scope away.
    entity.scopes = options.allowNull && isNgsiNull(body['scope']) ? [] : parseScopes(body['scope']);
  }
  for (const [name, raw] of Object.entries(body)) {
    if (ENTITY_MEMBERS.has(name)) continue;
    checkAttributeName(name);
    entity.attrs[expandedName(name, terms, 'attribute name')] = parseAttribute(
      name,
      raw,
      terms,
      options.allowNull ?? false,
    );
  }
  return entity;
}

function parseTypes(raw: unknown, terms: TermMap, required: boolean): string[] {
  if (raw === undefined) {
    if (required) throw ngsiErrors.badRequestData('The entity needs a type.');
    return [];
  }
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw ngsiErrors.badRequestData('The entity needs at least one type.');
  return [
    ...new Set(
      list.map((t) => {
        if (typeof t !== 'string' || t === '' || FORBIDDEN_NAME.test(t) || RESERVED_NAMES.has(t)) {
          throw ngsiErrors.badRequestData(`${JSON.stringify(t)} is not a valid entity type.`);
        }
        return expandedName(t, terms, 'entity type');
      }),
    ),
  ];
}

function parseScopes(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  for (const s of list) {
    if (typeof s !== 'string' || !SCOPE.test(s))
      throw ngsiErrors.badRequestData(`${JSON.stringify(s)} is not a scope.`);
  }
  return [...new Set(list as string[])];
}

/** An attribute: one instance or an array of instances with distinct datasetIds. */
export function parseAttribute(name: string, raw: unknown, terms: TermMap, allowNull: boolean): Instance[] {
  const list =
    Array.isArray(raw) && raw.length > 0 && raw.every((r) => isObject(r) && ('type' in r || 'datasetId' in r))
      ? raw
      : [raw];
  const instances = list.map((r) => parseInstance(name, r, terms, allowNull));
  const seen = new Set<string | undefined>();
  for (const i of instances) {
    if (seen.has(i.datasetId)) {
      throw ngsiErrors.badRequestData(
        `Attribute "${name}" has two instances with ${i.datasetId ? `datasetId ${i.datasetId}` : 'no datasetId'}.`,
      );
    }
    seen.add(i.datasetId);
  }
  return instances;
}

function inferType(raw: Record<string, unknown>): AttributeType | undefined {
  // Concise form: a GeoProperty with sub-attributes keeps its geometry under "value".
  if ('value' in raw) return isGeoJson(raw['value']) ? 'GeoProperty' : 'Property';
  if ('object' in raw) return 'Relationship';
  if ('languageMap' in raw) return 'LanguageProperty';
  if ('vocab' in raw) return 'VocabProperty';
  if ('json' in raw) return 'JsonProperty';
  if ('valueList' in raw) return 'ListProperty';
  if ('objectList' in raw) return 'ListRelationship';
  return undefined;
}

const GEOJSON_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);
const isGeoJson = (v: unknown): boolean =>
  isObject(v) && typeof v['type'] === 'string' && GEOJSON_TYPES.has(v['type']) && 'coordinates' in v;

function parseInstance(name: string, raw: unknown, terms: TermMap, allowNull: boolean): Instance {
  // Concise forms: a bare value is a Property, a bare GeoJSON geometry a GeoProperty.
  if (!isObject(raw) || (isGeoJson(raw) && !('value' in raw))) {
    if (raw === null) throw ngsiErrors.badRequestData(`Attribute "${name}" has no value (null).`);
    if (isGeoJson(raw)) return { type: 'GeoProperty', value: validateGeometry(raw) };
    if (raw === NGSI_LD_NULL && !allowNull) throw ngsiErrors.badRequestData(`Attribute "${name}" is NGSI-LD Null.`);
    return { type: 'Property', value: raw };
  }
  const declared = raw['type'];
  let type: AttributeType;
  if (declared === undefined) {
    const inferred = inferType(raw);
    if (!inferred) throw ngsiErrors.badRequestData(`Attribute "${name}" has neither a type nor a value.`);
    type = inferred;
  } else if (typeof declared === 'string' && (ATTRIBUTE_TYPES as readonly string[]).includes(declared)) {
    type = declared as AttributeType;
  } else {
    throw ngsiErrors.badRequestData(`Attribute "${name}" has the unknown type ${JSON.stringify(declared)}.`);
  }
  const instance: Instance = { type };
  const need = (member: string) => {
    if (!(member in raw) || raw[member] === null || raw[member] === undefined) {
      throw ngsiErrors.badRequestData(`Attribute "${name}" is a ${type} and needs "${member}".`);
    }
    return raw[member];
  };
  // The service deletes an instance whose value is the NGSI-LD Null, whatever its type.
  const deleted = (): void => {
    instance.value = NGSI_LD_NULL;
  };
  switch (type) {
    case 'Property':
      instance.value = need('value');
      if (isObject(instance.value) && Object.keys(instance.value).length === 0) {
        throw ngsiErrors.badRequestData(`Attribute "${name}" has an empty value.`);
      }
      break;
    case 'GeoProperty': {
      const value = need('value');
      instance.value = allowNull && isNgsiNull(value) ? value : validateGeometry(value);
      break;
    }
    case 'Relationship': {
      const object = need('object');
      const list = Array.isArray(object) ? object : [object];
      if (list.length === 0 || !list.every((o) => isUri(o))) {
        throw ngsiErrors.badRequestData(`The object of relationship "${name}" must be a URI or a list of URIs.`);
      }
      instance.object = object as string | string[];
      break;
    }
    case 'LanguageProperty': {
      const map = need('languageMap');
      if (
        allowNull &&
        (isNgsiNull(map) || (isObject(map) && isNgsiNull(map['@none']) && Object.keys(map).length === 1))
      ) {
        deleted();
        break;
      }
      if (!isObject(map) || Object.values(map).some((v) => typeof v !== 'string' && !Array.isArray(v))) {
        throw ngsiErrors.badRequestData(`The languageMap of "${name}" must map language tags to strings.`);
      }
      instance.languageMap = map as Record<string, string | string[]>;
      break;
    }
    case 'VocabProperty':
      instance.vocab = expandNames(need('vocab'), terms, name, 'vocab');
      break;
    case 'JsonProperty':
      instance.json = need('json');
      break;
    case 'ListProperty': {
      const list = need('valueList');
      if (allowNull && isNgsiNull(list)) {
        deleted();
        break;
      }
      if (!Array.isArray(list)) throw ngsiErrors.badRequestData(`The valueList of "${name}" must be an array.`);
      instance.valueList = list;
      break;
    }
    case 'ListRelationship': {
      const list = need('objectList');
      // Normalized entries are {"object": URI}; the bare URIs of the concise form are accepted as well.
      const objects = Array.isArray(list)
        ? (list as unknown[]).map((o): unknown => (isObject(o) ? o['object'] : o))
        : [list];
      if (allowNull && isNgsiNull(objects)) {
        deleted();
        break;
      }
      if (!Array.isArray(list) || !objects.every((o) => isUri(o))) {
        throw ngsiErrors.badRequestData(`The objectList of "${name}" must be a list of URIs.`);
      }
      instance.objectList = objects;
      break;
    }
  }
  if (!allowNull && deletes(instance)) {
    throw ngsiErrors.badRequestData(`Attribute "${name}" is NGSI-LD Null, which only an update can hold.`);
  }
  if ((type === 'Relationship' || type === 'ListRelationship') && raw['objectType'] !== undefined) {
    instance.objectType = expandNames(raw['objectType'], terms, name, 'objectType');
  }
  const datasetId = parseDatasetId(name, raw['datasetId'], allowNull);
  if (datasetId !== undefined) instance.datasetId = datasetId;
  if (raw['observedAt'] !== undefined) instance.observedAt = parseObservedAt(name, raw['observedAt'], allowNull);
  if (raw['unitCode'] !== undefined) instance.unitCode = parseUnitCode(name, raw['unitCode']);
  for (const [member, sub] of Object.entries(raw)) {
    if (INSTANCE_MEMBERS.has(member) || SYSTEM_MEMBERS.has(member)) continue;
    checkAttributeName(member);
    if (Array.isArray(sub) && sub.length > 0 && sub.every(isObject)) {
      throw ngsiErrors.badRequestData(`Sub-attribute "${name}.${member}" must be a single instance.`);
    }
    instance[expandedName(member, terms, 'sub-attribute name')] = parseSubAttribute(
      `${name}.${member}`,
      sub,
      terms,
      allowNull,
    );
  }
  return instance;
}

/** A sub-attribute; in an update, one that says "delete" becomes the bare NGSI-LD Null the service removes. */
function parseSubAttribute(name: string, raw: unknown, terms: TermMap, allowNull: boolean): Instance | string {
  const [sub] = parseAttribute(name, raw, terms, allowNull);
  if (!sub) throw ngsiErrors.badRequestData(`Sub-attribute "${name}" is empty.`);
  return allowNull && deletes(sub) ? NGSI_LD_NULL : sub;
}

/** A datasetId of NGSI-LD Null names the default instance. */
function parseDatasetId(name: string, raw: unknown, allowNull: boolean): string | undefined {
  if (raw === undefined || (allowNull && raw === NGSI_LD_NULL)) return undefined;
  if (!isUri(raw)) throw ngsiErrors.badRequestData(`The datasetId of "${name}" must be a URI.`);
  return raw;
}

function parseObservedAt(name: string, raw: unknown, allowNull: boolean): string {
  return allowNull && raw === NGSI_LD_NULL ? NGSI_LD_NULL : checkDateTime(raw, `${name}.observedAt`);
}

function parseUnitCode(name: string, raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') {
    throw ngsiErrors.badRequestData(`The unitCode of "${name}" must be a UN/CEFACT code.`);
  }
  return raw;
}

/**
 * The body of PATCH …/attrs/{attrId}: any members of an instance. With a type (given or inferable) it
 * is checked as a whole instance; otherwise only what it carries (observedAt, unitCode, sub-attributes).
 */
export function parseInstancePatch(name: string, raw: unknown, terms: TermMap): Partial<Instance> {
  if (!isObject(raw)) throw ngsiErrors.badRequestData(`The patch of "${name}" must be a JSON object.`);
  if (raw['type'] !== undefined || inferType(raw) !== undefined) return parseInstance(name, raw, terms, true);
  const patch: Partial<Instance> = {};
  for (const [member, v] of Object.entries(raw)) {
    if (SYSTEM_MEMBERS.has(member)) continue;
    if (member === 'observedAt') patch.observedAt = parseObservedAt(name, v, true);
    else if (member === 'unitCode') patch.unitCode = parseUnitCode(name, v);
    else if (member === 'datasetId') {
      const datasetId = parseDatasetId(name, v, true);
      if (datasetId !== undefined) patch.datasetId = datasetId;
    } else if (INSTANCE_MEMBERS.has(member)) {
      throw ngsiErrors.badRequestData(`"${member}" cannot be patched without the attribute's type.`);
    } else {
      checkAttributeName(member);
      patch[terms.expand(member)] = parseSubAttribute(`${name}.${member}`, v, terms, true);
    }
  }
  if (Object.keys(patch).length === 0) throw ngsiErrors.badRequestData(`The patch of "${name}" is empty.`);
  return patch;
}

function expandNames(raw: unknown, terms: TermMap, name: string, member: string): string | string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || !list.every((v) => typeof v === 'string' && v !== '')) {
    throw ngsiErrors.badRequestData(`The ${member} of "${name}" must be a name or a list of names.`);
  }
  const expanded = (list as string[]).map((v) => terms.expand(v));
  return Array.isArray(raw) ? expanded : (expanded[0] as string);
}

export function checkDateTime(raw: unknown, where: string): string {
  if (typeof raw !== 'string' || !DATE_TIME.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw ngsiErrors.badRequestData(`${where} must be an ISO 8601 date-time (got ${JSON.stringify(raw)}).`);
  }
  // In UTC, to the precision given: clients compare what they sent with what they read back.
  const fraction = /:\d{2}(\.\d+)/.exec(raw)?.[1] ?? '';
  return `${new Date(raw).toISOString().slice(0, 19)}${fraction}Z`;
}

/** A computed instant as text: whole seconds unless it has milliseconds. */
export function instantText(at: Date): string {
  const iso = at.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** Members holding what an attribute is worth, as opposed to what qualifies it. */
const VALUE_MEMBERS = new Set(['value', 'object', 'languageMap', 'vocab', 'json', 'valueList', 'objectList']);

/**
 * Stamps createdAt/modifiedAt on new instances and their sub-attributes, keeping the createdAt of
 * what they replace. NGSI-LD Nulls still in them (members or keys an update deleted) mean "absent"
 * and are dropped here, so no stored entity ever holds one.
 */
export function stampInstances(instances: Instance[], now: string, previous: Instance[] = []): Instance[] {
  return instances.map((i) =>
    stampInstance(
      i,
      now,
      previous.find((p) => p.datasetId === i.datasetId),
    ),
  );
}

function stampInstance(instance: Instance, now: string, before: Instance | undefined): Instance {
  const stamped: Instance = { type: instance.type };
  for (const [key, member] of Object.entries(instance)) {
    if (key === 'type' || SYSTEM_MEMBERS.has(key)) continue;
    if (VALUE_MEMBERS.has(key)) stamped[key] = withoutNullKeys(member);
    else if (INSTANCE_MEMBERS.has(key)) {
      if (member !== NGSI_LD_NULL) stamped[key] = member;
    } else if (isObject(member)) {
      const previousSub = before?.[key];
      stamped[key] = stampInstance(
        member as Instance,
        now,
        isObject(previousSub) ? (previousSub as Instance) : undefined,
      );
    }
  }
  stamped.createdAt = before?.createdAt ?? now;
  stamped.modifiedAt = now;
  return stamped;
}

/** A JSON object without the keys an update set to NGSI-LD Null (a languageMap, a JSON value). */
function withoutNullKeys(member: unknown): unknown {
  if (!isObject(member) || isGeoJson(member)) return member;
  return Object.fromEntries(Object.entries(member).filter(([, v]) => v !== NGSI_LD_NULL));
}

// --- rendering ------------------------------------------------------------------------------------

export type RepresentationFormat = 'normalized' | 'concise' | 'keyValues';

/** Members of an entity that `pick` and `omit` can name besides attributes. */
export type EntityMember = 'id' | 'type' | 'scope' | 'createdAt' | 'modifiedAt';
const ENTITY_MEMBER_NAMES: readonly string[] = ['id', 'type', 'scope', 'createdAt', 'modifiedAt'];
const isEntityMember = (name: string): name is EntityMember => ENTITY_MEMBER_NAMES.includes(name);

/** What to show of an entity: `pick`, `omit` and `attrs` once read. */
export interface Projected {
  /** Expanded names of the attributes to include; undefined = all. */
  readonly attrs?: ReadonlySet<string> | undefined;
  /** Expanded names of attributes to leave out. */
  readonly omit?: ReadonlySet<string> | undefined;
  /** Entity members to include; undefined = all. */
  readonly members?: ReadonlySet<EntityMember> | undefined;
  /** What to show of the entities a relationship links to (`locatedAt{id,name}`), by expanded name. */
  readonly linked?: ReadonlyMap<string, Projected> | undefined;
}

export interface RenderOptions extends Projected {
  readonly format: RepresentationFormat;
  readonly sysAttrs: boolean;
  /** Preferred language for LanguageProperties (`lang` parameter). */
  readonly lang?: string | undefined;
  /** Only the instances with these datasetIds (`@none`: the default instance); undefined = all. */
  readonly datasetIds?: ReadonlySet<string> | undefined;
}

/** `pick` and `omit` as given (their nested lists hold commas), `attrs` as a list. */
export interface ProjectionRequest {
  readonly pick?: string | undefined;
  readonly omit?: string | undefined;
  readonly attrs?: string[] | undefined;
}

/** A pick or omit list: each name, with the list for the entities it links to when one is given. */
type ProjectionTree = Map<string, ProjectionTree | undefined>;

const MAX_PROJECTION_DEPTH = 8;

/**
 * Parses a pick or omit list (§4.21): names separated by commas, a relationship's name optionally
 * followed by a braced list applying to the entities it links to, e.g. `id,locatedAt{id,name}`.
 */
function parseProjectionList(text: string, parameter: string): ProjectionTree {
  let pos = 0;
  const fail = (what: string): never => {
    throw ngsiErrors.badRequestData(`${parameter}: ${what} at character ${pos + 1} of ${JSON.stringify(text)}.`);
  };
  let names = 0;
  const list = (depth: number): ProjectionTree => {
    if (depth > MAX_PROJECTION_DEPTH) fail('too deeply nested');
    const tree: ProjectionTree = new Map();
    for (;;) {
      const start = pos;
      while (pos < text.length && !',{}'.includes(text[pos] as string)) pos++;
      const name = text.slice(start, pos);
      if (name === '') fail('a name is expected');
      if (++names > MAX_LIST_ITEMS) fail(`more than ${MAX_LIST_ITEMS} names`);
      if (!isEntityMember(name)) {
        if (FORBIDDEN_NAME.test(name) || name.startsWith('@') || /[;|[\]]/.test(name)) {
          pos = start;
          fail(`${JSON.stringify(name)} is not an attribute name`);
        }
      }
      let nested: ProjectionTree | undefined;
      if (text[pos] === '{') {
        pos++;
        nested = list(depth + 1);
        if (text[pos] !== '}') fail('a closing brace is missing');
        pos++;
      }
      tree.set(name, nested);
      if (text[pos] !== ',') return tree;
      pos++;
    }
  };
  const tree = list(0);
  if (pos !== text.length) fail('unexpected character');
  return tree;
}

function picked(tree: ProjectionTree, terms: TermMap): Projected {
  const names = [...tree.keys()];
  return {
    attrs: new Set(names.filter((n) => !isEntityMember(n)).map((n) => terms.expand(n))),
    members: new Set(names.filter(isEntityMember)),
    linked: linkedOf(tree, terms, picked),
  };
}

function omitted(tree: ProjectionTree, terms: TermMap): Projected {
  // A name with a braced list is kept: the list says what to leave out of the entities it links to.
  const names = [...tree].filter(([, nested]) => nested === undefined).map(([n]) => n);
  return {
    omit: new Set(names.filter((n) => !isEntityMember(n)).map((n) => terms.expand(n))),
    members: new Set((ENTITY_MEMBER_NAMES as EntityMember[]).filter((m) => !names.includes(m))),
    linked: linkedOf(tree, terms, omitted),
  };
}

function linkedOf(
  tree: ProjectionTree,
  terms: TermMap,
  read: (t: ProjectionTree, terms: TermMap) => Projected,
): ReadonlyMap<string, Projected> | undefined {
  const linked = [...tree].filter((e): e is [string, ProjectionTree] => e[1] !== undefined);
  if (linked.length === 0) return undefined;
  return new Map(linked.map(([name, nested]) => [terms.expand(name), read(nested, terms)]));
}

/**
 * `pick`, `omit` and `attrs` → what to render. pick and omit name entity members (id, type, scope)
 * as well as attributes; attrs names attributes only and goes with neither (§4.21).
 */
export function projection(request: ProjectionRequest, terms: TermMap): Projected {
  const { pick, omit, attrs } = request;
  if (pick !== undefined && omit !== undefined)
    throw ngsiErrors.badRequestData('pick and omit cannot be used together.');
  if ((pick !== undefined || omit !== undefined) && attrs !== undefined) {
    throw ngsiErrors.badRequestData(`${pick !== undefined ? 'pick' : 'omit'} and attrs cannot be used together.`);
  }
  if (pick !== undefined) return picked(parseProjectionList(pick, 'pick'), terms);
  if (omit !== undefined) return omitted(parseProjectionList(omit, 'omit'), terms);
  return { attrs: attrs ? new Set(attrs.map((n) => attributeIri(n, terms))) : undefined };
}

const single = <T>(list: T[]): T | T[] => (list.length === 1 ? (list[0] as T) : list);

export function renderEntity(entity: Entity, terms: TermMap, options: RenderOptions): Record<string, unknown> {
  const shows = (member: EntityMember) => options.members?.has(member) ?? true;
  const out: Record<string, unknown> = {};
  if (shows('id')) out['id'] = entity.id;
  if (shows('type')) out['type'] = single(entity.types.map((t) => terms.compact(t)));
  if (shows('scope') && entity.scopes && entity.scopes.length > 0) out['scope'] = single(entity.scopes);
  for (const [iri, all] of Object.entries(entity.attrs)) {
    if (options.attrs && !options.attrs.has(iri)) continue;
    if (options.omit?.has(iri)) continue;
    const { datasetIds } = options;
    const instances = datasetIds ? all.filter((i) => datasetIds.has(i.datasetId ?? '@none')) : all;
    if (instances.length === 0) continue;
    const rendered = instances.map((i) => renderInstance(i, terms, options));
    out[terms.compact(iri)] =
      options.format === 'keyValues' && instances.length > 1
        ? // Simplified multi-attributes: one value per datasetId, "@none" for the default instance (§4.5.4).
          { dataset: Object.fromEntries(instances.map((i, n) => [i.datasetId ?? '@none', rendered[n]])) }
        : single(rendered);
  }
  if (options.sysAttrs && options.format !== 'keyValues') {
    if (entity.createdAt && shows('createdAt')) out['createdAt'] = entity.createdAt;
    if (entity.modifiedAt && shows('modifiedAt')) out['modifiedAt'] = entity.modifiedAt;
  }
  return out;
}

/** The `lang` ranges (RFC 9110 weights) best first. */
function languageRanges(lang: string): string[] {
  return lang
    .split(',')
    .map((part, index) => {
      const [range = '', ...parameters] = part.split(';').map((s) => s.trim());
      const q = Number(parameters.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
      return { range: range.toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.range !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.range);
}

/**
 * The language of a languageMap to show for `lang` (§4.15): the best-ranked one present (by RFC 4647
 * lookup, so fr-CH falls back to fr), else `@none`, else any.
 */
function chooseLanguage(map: Record<string, string | string[]>, lang: string): string {
  const tags = Object.keys(map);
  const fallback = '@none' in map ? '@none' : (tags[0] ?? '@none');
  for (const range of languageRanges(lang)) {
    if (range === '*') return fallback;
    for (
      let candidate = range;
      candidate !== '';
      candidate = candidate.slice(0, Math.max(0, candidate.lastIndexOf('-')))
    ) {
      const found = tags.find((t) => t.toLowerCase() === candidate);
      if (found !== undefined) return found;
    }
  }
  return fallback;
}

export function renderInstance(instance: Instance, terms: TermMap, options: RenderOptions): unknown {
  const { format, lang } = options;
  if (format === 'keyValues') {
    switch (instance.type) {
      case 'Property':
      case 'GeoProperty':
        return instance.value;
      case 'Relationship':
        return instance.object;
      case 'LanguageProperty':
        // lang=* takes any language, as the normalized form does; without lang the whole map is kept.
        return lang && instance.languageMap
          ? instance.languageMap[chooseLanguage(instance.languageMap, lang)]
          : { languageMap: instance.languageMap };
      case 'VocabProperty':
        return { vocab: compactNames(instance.vocab, terms) };
      case 'JsonProperty':
        return { json: instance.json };
      case 'ListProperty':
        return instance.valueList;
      case 'ListRelationship':
        return instance.objectList;
    }
  }
  const out: Record<string, unknown> = {};
  let type: string = instance.type;
  let hasSubAttributes = false;
  for (const [key, v] of Object.entries(instance)) {
    if (key === 'type') continue;
    if (key === 'createdAt' || key === 'modifiedAt') {
      if (options.sysAttrs) out[key] = v;
      continue;
    }
    if (INSTANCE_MEMBERS.has(key)) {
      if (key === 'objectType' || key === 'vocab') out[key] = compactNames(v as string | string[], terms);
      else if (key === 'languageMap' && lang && instance.languageMap) {
        const chosen = chooseLanguage(instance.languageMap, lang);
        type = 'Property';
        out['value'] = instance.languageMap[chosen];
        out['lang'] = chosen;
      } else if (key === 'objectList' && format === 'normalized') {
        out[key] = (v as string[]).map((object) => ({ object }));
      } else out[key] = v;
      continue;
    }
    if (!isObject(v)) continue;
    hasSubAttributes = true;
    out[terms.compact(key)] = renderInstance(v as Instance, terms, options);
  }
  if (format === 'concise') {
    const onlyValue = Object.keys(out).length === 1 && 'value' in out;
    // A JSON object alone would read back as an attribute, so an object-valued Property keeps "value".
    const bare = type === 'GeoProperty' || (type === 'Property' && !isObject(out['value']));
    if (onlyValue && !hasSubAttributes && bare) return out['value'];
    return out;
  }
  return { type, ...out };
}

function compactNames(names: string | string[] | undefined, terms: TermMap): string | string[] | undefined {
  if (names === undefined) return undefined;
  return Array.isArray(names) ? names.map((n) => terms.compact(n)) : terms.compact(names);
}
