import { ingestErrors, PayloadRejected } from './errors.js';
import { isGeoType, isKnownAttributeType, toInstance } from './mapping.js';
import type { AttributeMapping, Command, StaticAttribute } from './model.js';
import type { Scope } from './service-paths.js';

/**
 * Reading the IoT Agent's provisioning bodies: the checks groups and devices share, and their
 * attribute lists. A body is checked completely before anything is written, and every refusal names
 * the field at fault (IOT_INVALID_PROVISIONING).
 */

/** Apikeys, device ids and measure names travel in MQTT topics (and device ids in entity ids). */
export const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.:-]{1,256}$/;
export const ENTITY_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,255}$/;
const UNIT_CODE = /^[A-Za-z0-9_.-]{1,32}$/;
/** Entity members in NGSI-LD, never attribute names. */
const RESERVED_NAMES = new Set(['id', 'type', 'scope']);
/** Attribute types stored as sent (NGSI-v2's structured values). */
const FREE_TYPES = new Set(['StructuredValue', 'Array', 'Object']);
const MAX_ITEMS = 1000;
export const MAX_ATTRIBUTES = 200;

const MAPPING_FIELDS = new Set(['object_id', 'name', 'type', 'metadata', 'unitCode']);
const STATIC_FIELDS = new Set(['name', 'type', 'value', 'metadata', 'unitCode']);
const COMMAND_FIELDS = new Set(['name', 'type']);
const NO_EXPRESSIONS = 'expressions are not evaluated by this platform';
/** Fields of the agent's that ask for what this platform does not do: refused, with the reason. */
export const CONFIG_UNSUPPORTED: Readonly<Record<string, string>> = {
  entityNameExp: `${NO_EXPRESSIONS}; give each device its entity_name`,
  expressionLanguage: NO_EXPRESSIONS,
};
const MULTI_ENTITY = 'a measure updates the entity of its own device (multi-entity mappings are not supported)';
const ATTRIBUTE_UNSUPPORTED: Readonly<Record<string, string>> = {
  expression: NO_EXPRESSIONS,
  reverse: NO_EXPRESSIONS,
  skipValue: NO_EXPRESSIONS,
  entity_name: MULTI_ENTITY,
  entity_type: MULTI_ENTITY,
};

export type Json = Record<string, unknown>;

export const invalid = (detail: string) => ingestErrors.invalidProvisioning(detail);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const at = (where: string, key: string) => (where === '' ? key : `${where}.${key}`);
export const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? String(v);

export function objectAt(value: unknown, where: string): Json {
  if (!isObject(value)) throw invalid(`${where} must be a JSON object (got ${show(value)}).`);
  return value;
}

/** Unknown fields are refused, so that a typo never passes for a setting that was applied. */
export function checkFields(
  obj: Json,
  where: string,
  known: ReadonlySet<string>,
  what: string,
  unsupported: Readonly<Record<string, string>> = {},
): void {
  for (const key of Object.keys(obj)) {
    if (known.has(key)) continue;
    const reason = unsupported[key];
    if (reason !== undefined) throw invalid(`${at(where, key)} is not supported: ${reason}.`);
    throw invalid(`${at(where, key)} is not a field of ${what}.`);
  }
}

export function stringAt(obj: Json, key: string, where: string, rule: RegExp, hint: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !rule.test(value)) {
    throw invalid(`${at(where, key)} must be ${hint} (got ${show(value)}).`);
  }
  return value;
}

export function requiredString(obj: Json, key: string, where: string, rule: RegExp, hint: string): string {
  const value = stringAt(obj, key, where, rule, hint);
  if (value === undefined) throw invalid(`${at(where, key)} is required.`);
  return value;
}

export function booleanAt(obj: Json, key: string, where: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${at(where, key)} must be true or false (got ${show(value)}).`);
  return value;
}

function arrayAt(obj: Json, key: string, where: string, max: number): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(`${at(where, key)} must be an array (got ${show(value)}).`);
  if (value.length > max) throw invalid(`${at(where, key)} may hold at most ${max} items.`);
  return value as unknown[];
}

/** The items of a POST body: `{ "services": [...] }` or `{ "devices": [...] }`, each an object. */
export function itemsOf(body: unknown, key: 'services' | 'devices'): Json[] {
  const obj = objectAt(body, 'The body');
  checkFields(obj, '', new Set([key]), `the body (it holds "${key}")`);
  const list = arrayAt(obj, key, '', MAX_ITEMS);
  if (list === undefined || list.length === 0) throw invalid(`${key} must be an array of at least one item.`);
  return list.map((item, i) => objectAt(item, `${key}[${i}]`));
}

const NAME_HINT = 'an attribute name (letters, digits, _ - . :)';
const TYPE_HINT = 'an attribute type (Number, Text, Boolean, DateTime, geo:point, geo:json, Relationship, …)';

function attributeName(obj: Json, where: string): string {
  const name = requiredString(obj, 'name', where, ATTRIBUTE_NAME, NAME_HINT);
  if (RESERVED_NAMES.has(name)) throw invalid(`${at(where, 'name')}: "${name}" is an entity member, not an attribute.`);
  return name;
}

function attributeType(obj: Json, where: string): string {
  const type = obj['type'];
  if (typeof type !== 'string' || !(isKnownAttributeType(type) || FREE_TYPES.has(type))) {
    throw invalid(
      `${at(where, 'type')} must be ${TYPE_HINT}, or StructuredValue, Array or Object for a value kept as sent ` +
        `(got ${show(type)}).`,
    );
  }
  return type;
}

/** The location of an entity is its GeoProperty: anything else under that name breaks geo-queries. */
function checkLocation(name: string, type: string, where: string): void {
  if (name === 'location' && !isGeoType(type)) {
    throw invalid(`${at(where, 'type')}: the attribute location must be of type geo:point or geo:json (got ${type}).`);
  }
}

/** A unit code, given flat (`unitCode`) or as the agent's metadata (`metadata.unitCode.value`). */
function unitCodeOf(obj: Json, where: string): string | undefined {
  const flat = stringAt(obj, 'unitCode', where, UNIT_CODE, 'a UN/CEFACT unit code');
  const metadata = obj['metadata'];
  if (metadata === undefined) return flat;
  const meta = objectAt(metadata, at(where, 'metadata'));
  for (const key of Object.keys(meta)) {
    if (key !== 'unitCode') {
      throw invalid(`${at(where, `metadata.${key}`)} is not supported: unitCode is the only metadata kept.`);
    }
  }
  const raw = meta['unitCode'];
  if (raw === undefined) return flat;
  if (isObject(raw)) checkFields(raw, at(where, 'metadata.unitCode'), new Set(['type', 'value']), 'a metadata item');
  const value = isObject(raw) ? raw['value'] : raw;
  if (typeof value !== 'string' || !UNIT_CODE.test(value)) {
    throw invalid(`${at(where, 'metadata.unitCode.value')} must be a UN/CEFACT unit code (got ${show(value)}).`);
  }
  if (flat !== undefined && flat !== value) {
    throw invalid(`${at(where, 'unitCode')} and ${at(where, 'metadata.unitCode')} differ: give one.`);
  }
  return value;
}

/** `attributes`: measures (by object_id, else name) mapped to attributes. */
export function parseMappings(obj: Json, where: string): AttributeMapping[] | undefined {
  const list = arrayAt(obj, 'attributes', where, MAX_ATTRIBUTES);
  if (list === undefined) return undefined;
  const keys = new Set<string>();
  return list.map((raw, i) => {
    const w = `${at(where, 'attributes')}[${i}]`;
    const o = objectAt(raw, w);
    checkFields(o, w, MAPPING_FIELDS, 'an attribute', ATTRIBUTE_UNSUPPORTED);
    const name = attributeName(o, w);
    const objectId = stringAt(o, 'object_id', w, KEY, 'a measure name (letters, digits, _ - . :)');
    const type = attributeType(o, w);
    checkLocation(name, type, w);
    const unitCode = unitCodeOf(o, w);
    const key = objectId ?? name;
    if (keys.has(key)) throw invalid(`${w}: the measure "${key}" is mapped twice.`);
    keys.add(key);
    return {
      ...(objectId !== undefined ? { object_id: objectId } : {}),
      name,
      type,
      ...(unitCode !== undefined ? { unitCode } : {}),
    };
  });
}

/** `static_attributes`: the same value on every entity, checked now to make an NGSI-LD attribute. */
export function parseStatics(obj: Json, where: string): StaticAttribute[] | undefined {
  const list = arrayAt(obj, 'static_attributes', where, MAX_ATTRIBUTES);
  if (list === undefined) return undefined;
  const names = new Set<string>();
  return list.map((raw, i) => {
    const w = `${at(where, 'static_attributes')}[${i}]`;
    const o = objectAt(raw, w);
    checkFields(o, w, STATIC_FIELDS, 'a static attribute', ATTRIBUTE_UNSUPPORTED);
    const name = attributeName(o, w);
    const type = attributeType(o, w);
    checkLocation(name, type, w);
    const unitCode = unitCodeOf(o, w);
    if (!('value' in o) || o['value'] === undefined) throw invalid(`${at(w, 'value')} is required.`);
    if (names.has(name)) throw invalid(`${w}: the static attribute "${name}" is given twice.`);
    names.add(name);
    // The value must make an NGSI-LD attribute now, not fail on every entity written later.
    try {
      toInstance(type, o['value'], at(w, 'value'));
    } catch (err) {
      if (err instanceof PayloadRejected) throw invalid(err.message);
      throw err;
    }
    return { name, type, value: o['value'], ...(unitCode !== undefined ? { unitCode } : {}) };
  });
}

export function parseCommands(obj: Json, where: string): Command[] | undefined {
  const list = arrayAt(obj, 'commands', where, MAX_ATTRIBUTES);
  if (list === undefined) return undefined;
  const names = new Set<string>();
  return list.map((raw, i) => {
    const w = `${at(where, 'commands')}[${i}]`;
    const o = objectAt(raw, w);
    checkFields(o, w, COMMAND_FIELDS, 'a command', ATTRIBUTE_UNSUPPORTED);
    const name = attributeName(o, w);
    const type = stringAt(o, 'type', w, ENTITY_TYPE, 'a command type such as "command"') ?? 'command';
    if (names.has(name)) throw invalid(`${w}: the command "${name}" is given twice.`);
    names.add(name);
    return { name, type };
  });
}

/** Fields of the agent's that are not stored here, yet must not ask for something other than what happens. */
export function checkAgentOnlyFields(
  obj: Json,
  where: string,
  scope: Scope,
  pathField: 'subservice' | 'service_path',
): void {
  const lazy = arrayAt(obj, 'lazy', where, MAX_ATTRIBUTES);
  if (lazy !== undefined && lazy.length > 0) {
    throw invalid(
      `${at(where, 'lazy')} is not supported: attributes are written by measures, never fetched on demand.`,
    );
  }
  const service = obj['service'];
  if (service !== undefined && service !== scope.tenant) {
    throw invalid(`${at(where, 'service')} (${show(service)}) differs from the Fiware-Service header, which decides.`);
  }
  const path = obj[pathField];
  if (path !== undefined && path !== scope.servicePath) {
    throw invalid(`${at(where, pathField)} (${show(path)}) differs from the Fiware-ServicePath header, which decides.`);
  }
  const conjunction = obj['defaultEntityNameConjunction'];
  if (conjunction !== undefined && conjunction !== ':') {
    throw invalid(
      `${at(where, 'defaultEntityNameConjunction')} is not supported: entity ids are urn:ngsi-ld:<type>:<id>.`,
    );
  }
}

export function explicitAttrsAt(obj: Json, where: string): boolean | undefined {
  const value = obj['explicitAttrs'];
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(
      `${at(where, 'explicitAttrs')} must be true or false (expressions are not supported; got ${show(value)}).`,
    );
  }
  return value;
}

// ---- Rendering attribute lists, in the agent's field names ----

export const renderMapping = (a: AttributeMapping) => ({
  ...(a.object_id !== undefined ? { object_id: a.object_id } : {}),
  name: a.name,
  type: a.type,
  ...(a.unitCode !== undefined ? { metadata: { unitCode: { type: 'Text' as const, value: a.unitCode } } } : {}),
});

export const renderStatic = (s: StaticAttribute) => ({
  name: s.name,
  type: s.type,
  value: s.value,
  ...(s.unitCode !== undefined ? { metadata: { unitCode: { type: 'Text' as const, value: s.unitCode } } } : {}),
});

export const renderCommand = (c: Command) => ({ name: c.name, type: c.type });
