import { ngsiErrors } from './errors.js';
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
const SCOPE = /^\/?[^\s/#+]+(\/[^\s/#+]+)*$/;

export const isUri = (value: unknown): value is string => typeof value === 'string' && URI.test(value);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkEntityId(id: unknown, where = 'id'): string {
  if (!isUri(id)) throw ngsiErrors.badRequestData(`${where} must be a URI (got ${JSON.stringify(id)}).`);
  return id;
}

export function checkAttributeName(name: string): void {
  if (name === '' || FORBIDDEN_NAME.test(name)) {
    throw ngsiErrors.badRequestData(`"${name}" is not a valid attribute name.`);
  }
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
  if (body['scope'] !== undefined) entity.scopes = parseScopes(body['scope']);
  for (const [name, raw] of Object.entries(body)) {
    if (ENTITY_MEMBERS.has(name)) continue;
    checkAttributeName(name);
    entity.attrs[terms.expand(name)] = parseAttribute(name, raw, terms, options.allowNull ?? false);
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
        if (typeof t !== 'string' || t === '' || FORBIDDEN_NAME.test(t)) {
          throw ngsiErrors.badRequestData(`${JSON.stringify(t)} is not a valid entity type.`);
        }
        return terms.expand(t);
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
  if ('value' in raw) return 'Property';
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
  const isNull = (v: unknown) => v === NGSI_LD_NULL || (Array.isArray(v) && v.length === 1 && v[0] === NGSI_LD_NULL);
  switch (type) {
    case 'Property':
      instance.value = need('value');
      if (isObject(instance.value) && Object.keys(instance.value).length === 0) {
        throw ngsiErrors.badRequestData(`Attribute "${name}" has an empty value.`);
      }
      break;
    case 'GeoProperty': {
      const value = need('value');
      instance.value = allowNull && isNull(value) ? value : validateGeometry(value);
      break;
    }
    case 'Relationship': {
      const object = need('object');
      const list = Array.isArray(object) ? object : [object];
      if (list.length === 0 || !list.every((o) => isUri(o))) {
        throw ngsiErrors.badRequestData(`The object of relationship "${name}" must be a URI or a list of URIs.`);
      }
      instance.object = object as string | string[];
      if (raw['objectType'] !== undefined)
        instance.objectType = expandNames(raw['objectType'], terms, name, 'objectType');
      break;
    }
    case 'LanguageProperty': {
      const map = need('languageMap');
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
      if (!Array.isArray(list)) throw ngsiErrors.badRequestData(`The valueList of "${name}" must be an array.`);
      instance.valueList = list;
      break;
    }
    case 'ListRelationship': {
      const list = need('objectList');
      const objects = Array.isArray(list)
        ? (list as unknown[]).map((o): unknown => (isObject(o) ? o['object'] : o))
        : undefined;
      if (!objects || !objects.every((o) => isUri(o))) {
        throw ngsiErrors.badRequestData(`The objectList of "${name}" must be a list of URIs.`);
      }
      instance.objectList = objects;
      break;
    }
  }
  if (raw['datasetId'] !== undefined) {
    if (!isUri(raw['datasetId'])) throw ngsiErrors.badRequestData(`The datasetId of "${name}" must be a URI.`);
    instance.datasetId = raw['datasetId'];
  }
  if (raw['observedAt'] !== undefined) instance.observedAt = checkDateTime(raw['observedAt'], `${name}.observedAt`);
  if (raw['unitCode'] !== undefined) {
    if (typeof raw['unitCode'] !== 'string' || raw['unitCode'] === '') {
      throw ngsiErrors.badRequestData(`The unitCode of "${name}" must be a UN/CEFACT code.`);
    }
    instance.unitCode = raw['unitCode'];
  }
  for (const [member, sub] of Object.entries(raw)) {
    if (INSTANCE_MEMBERS.has(member) || SYSTEM_MEMBERS.has(member)) continue;
    checkAttributeName(member);
    if (Array.isArray(sub) && sub.length > 0 && sub.every(isObject)) {
      throw ngsiErrors.badRequestData(`Sub-attribute "${name}.${member}" must be a single instance.`);
    }
    const [subInstance] = parseAttribute(`${name}.${member}`, sub, terms, allowNull);
    instance[terms.expand(member)] = subInstance;
  }
  return instance;
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
    if (member === 'observedAt') patch.observedAt = checkDateTime(v, `${name}.observedAt`);
    else if (member === 'unitCode') {
      if (typeof v !== 'string' || v === '')
        throw ngsiErrors.badRequestData(`The unitCode of "${name}" must be a code.`);
      patch.unitCode = v;
    } else if (member === 'datasetId') {
      if (!isUri(v)) throw ngsiErrors.badRequestData(`The datasetId of "${name}" must be a URI.`);
      patch.datasetId = v;
    } else if (INSTANCE_MEMBERS.has(member)) {
      throw ngsiErrors.badRequestData(`"${member}" cannot be patched without the attribute's type.`);
    } else {
      checkAttributeName(member);
      const [sub] = parseAttribute(`${name}.${member}`, v, terms, true);
      patch[terms.expand(member)] = sub;
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
  return new Date(raw).toISOString();
}

/** Stamps createdAt/modifiedAt on new instances; keeps createdAt of the instances they replace. */
export function stampInstances(instances: Instance[], now: string, previous: Instance[] = []): Instance[] {
  return instances.map((i) => {
    const before = previous.find((p) => p.datasetId === i.datasetId);
    const stamped: Instance = { ...i, createdAt: before?.createdAt ?? now, modifiedAt: now };
    for (const [k, v] of Object.entries(i)) {
      if (!INSTANCE_MEMBERS.has(k) && isObject(v)) {
        const sub = v as unknown as Instance;
        const beforeSub = before?.[k] as Instance | undefined;
        stamped[k] = { ...sub, createdAt: beforeSub?.createdAt ?? now, modifiedAt: now };
      }
    }
    return stamped;
  });
}

// --- rendering ------------------------------------------------------------------------------------

export type RepresentationFormat = 'normalized' | 'concise' | 'keyValues';

export interface RenderOptions {
  readonly format: RepresentationFormat;
  readonly sysAttrs: boolean;
  /** Expanded names of the attributes to include; undefined = all. */
  readonly attrs?: ReadonlySet<string> | undefined;
  /** Expanded names of attributes to leave out. */
  readonly omit?: ReadonlySet<string> | undefined;
  /** Preferred language for LanguageProperties (`lang` parameter). */
  readonly lang?: string | undefined;
}

const single = <T>(list: T[]): T | T[] => (list.length === 1 ? (list[0] as T) : list);

export function renderEntity(entity: Entity, terms: TermMap, options: RenderOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { id: entity.id, type: single(entity.types.map((t) => terms.compact(t))) };
  if (entity.scopes && entity.scopes.length > 0) out['scope'] = single(entity.scopes);
  for (const [iri, instances] of Object.entries(entity.attrs)) {
    if (options.attrs && !options.attrs.has(iri)) continue;
    if (options.omit?.has(iri)) continue;
    const rendered = instances.map((i) => renderInstance(i, terms, options));
    out[terms.compact(iri)] = single(rendered);
  }
  if (options.sysAttrs && options.format !== 'keyValues') {
    if (entity.createdAt) out['createdAt'] = entity.createdAt;
    if (entity.modifiedAt) out['modifiedAt'] = entity.modifiedAt;
  }
  return out;
}

function pickLanguage(map: Record<string, string | string[]>, lang: string): { value: unknown; lang: string } {
  const tags = Object.keys(map);
  const wanted = lang === '*' ? undefined : lang.split(',').map((l) => l.trim().split(';')[0]);
  const chosen: string =
    wanted?.find((w) => w !== undefined && w in map) ?? ('@none' in map ? '@none' : (tags[0] ?? '@none'));
  return { value: map[chosen], lang: chosen };
}

export function renderInstance(instance: Instance, terms: TermMap, options: RenderOptions): unknown {
  const { format } = options;
  if (format === 'keyValues') {
    switch (instance.type) {
      case 'Property':
      case 'GeoProperty':
        return instance.value;
      case 'Relationship':
        return instance.object;
      case 'LanguageProperty':
        return options.lang && instance.languageMap
          ? pickLanguage(instance.languageMap, options.lang).value
          : { languageMap: instance.languageMap };
      case 'VocabProperty':
        return compactNames(instance.vocab, terms);
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
      else if (key === 'languageMap' && options.lang && instance.languageMap) {
        const picked = pickLanguage(instance.languageMap, options.lang);
        type = 'Property';
        out['value'] = picked.value;
        out['lang'] = picked.lang;
      } else out[key] = v;
      continue;
    }
    hasSubAttributes = true;
    out[terms.compact(key)] = renderInstance(v as Instance, terms, options);
  }
  if (format === 'concise') {
    const onlyValue = Object.keys(out).length === 1 && 'value' in out;
    if (onlyValue && !hasSubAttributes && (type === 'Property' || type === 'GeoProperty')) return out['value'];
    return out;
  }
  return { type, ...out };
}

function compactNames(names: string | string[] | undefined, terms: TermMap): string | string[] | undefined {
  if (names === undefined) return undefined;
  return Array.isArray(names) ? names.map((n) => terms.compact(n)) : terms.compact(names);
}
