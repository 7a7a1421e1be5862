import { ngsiErrors } from '../errors.js';
import type { TermMap } from '../jsonld/contexts.js';
import {
  checkAttributeName,
  checkDateTime,
  instantText,
  NGSI_LD_NULL,
  parseAttribute,
  parseEntity,
  renderInstance,
  type Entity,
  type Instance,
} from '../model.js';

/**
 * The temporal API's own shapes (GS CIM 009 §4.5.7–4.5.9, §4.5.19, §4.11, §5.2.21): the temporal query,
 * aggregation requests, temporal entities as clients send them, and their three representations.
 */

export type Timerel = 'before' | 'after' | 'between';
export type TimeProperty = 'observedAt' | 'createdAt' | 'modifiedAt' | 'deletedAt';
export const TIME_PROPERTIES: readonly TimeProperty[] = ['observedAt', 'createdAt', 'modifiedAt', 'deletedAt'];

export interface TemporalQuery {
  readonly timerel?: Timerel | undefined;
  /** ISO date-times, normalised to UTC. */
  readonly timeAt?: string | undefined;
  readonly endTimeAt?: string | undefined;
  readonly timeproperty: TimeProperty;
  /** Only the last n instances of each attribute. */
  readonly lastN?: number | undefined;
}

export const AGGREGATION_METHODS = [
  'totalCount',
  'distinctCount',
  'sum',
  'avg',
  'min',
  'max',
  'stddev',
  'sumsq',
] as const;
export type AggregationMethod = (typeof AGGREGATION_METHODS)[number];

/** An ISO 8601 duration as the database reads it, and whether it counts calendar months. */
export interface Duration {
  readonly iso: string;
  readonly zero: boolean;
  /** P1M, P1Y: not a fixed number of seconds, so periods are computed on the calendar. */
  readonly calendar: boolean;
}

export interface Aggregation {
  readonly methods: readonly AggregationMethod[];
  /** undefined: one period spanning the whole time range (PT0S). */
  readonly period?: Duration | undefined;
}

export type TemporalFormat = 'normalized' | 'concise' | 'temporalValues' | 'aggregatedValues';

export interface TemporalRepresentation {
  readonly format: TemporalFormat;
  readonly sysAttrs: boolean;
}

type Source = Readonly<Record<string, unknown>>;

const text = (source: Source, name: string, where: string): string | undefined => {
  const v = source[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw ngsiErrors.badRequestData(`${where}${name} must be a string.`);
  return v;
};

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** P[n]Y[n]M[n]DT[n]H[n]M[n]S or P[n]W; combined date-time forms are not allowed (§4.5.19). */
export function parseDuration(raw: string, name: string): Duration {
  const m = DURATION.exec(raw);
  if (!m) {
    throw ngsiErrors.badRequestData(
      `${name} must be an ISO 8601 duration such as PT1H or P1D (got ${JSON.stringify(raw)}).`,
    );
  }
  const parts = m.slice(1).map((p) => Number(p ?? 0));
  if (parts.some((p) => !Number.isFinite(p) || p > 1_000_000)) throw ngsiErrors.badRequestData(`${name} is too long.`);
  const [years = 0, months = 0] = parts;
  return { iso: raw, zero: parts.every((p) => p === 0), calendar: years + months > 0 };
}

/**
 * The temporal query of query parameters or of a `temporalQ` member. Without timerel the whole
 * history is meant; timeAt and endTimeAt then make no sense and are refused rather than ignored.
 */
export function parseTemporalQuery(source: Source, where = ''): TemporalQuery {
  const timerel = text(source, 'timerel', where);
  const timeAtRaw = text(source, 'timeAt', where) ?? text(source, 'time', where);
  const endRaw = text(source, 'endTimeAt', where) ?? text(source, 'endTime', where);
  const property = text(source, 'timeproperty', where) ?? 'observedAt';
  if (!(TIME_PROPERTIES as readonly string[]).includes(property)) {
    throw ngsiErrors.badRequestData(`${where}timeproperty must be one of ${TIME_PROPERTIES.join(', ')}.`);
  }
  const lastN = parseLastN(source['lastN'], where);
  const base = { timeproperty: property as TimeProperty, ...(lastN !== undefined ? { lastN } : {}) };
  if (timerel === undefined) {
    if (timeAtRaw !== undefined || endRaw !== undefined) {
      throw ngsiErrors.badRequestData(`${where}timeAt and endTimeAt need timerel (before, after or between).`);
    }
    return base;
  }
  if (timerel !== 'before' && timerel !== 'after' && timerel !== 'between') {
    throw ngsiErrors.badRequestData(
      `${where}timerel must be before, after or between (got ${JSON.stringify(timerel)}).`,
    );
  }
  if (timeAtRaw === undefined) throw ngsiErrors.badRequestData(`${where}timerel=${timerel} needs timeAt.`);
  const timeAt = checkDateTime(timeAtRaw, `${where}timeAt`);
  if (timerel !== 'between') {
    if (endRaw !== undefined) throw ngsiErrors.badRequestData(`${where}endTimeAt is only for timerel=between.`);
    return { ...base, timerel, timeAt };
  }
  if (endRaw === undefined) throw ngsiErrors.badRequestData(`${where}timerel=between needs endTimeAt.`);
  const endTimeAt = checkDateTime(endRaw, `${where}endTimeAt`);
  if (endTimeAt <= timeAt) throw ngsiErrors.badRequestData(`${where}endTimeAt must come after timeAt.`);
  return { ...base, timerel, timeAt, endTimeAt };
}

function parseLastN(raw: unknown, where: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = typeof raw === 'number' ? String(raw) : raw;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000_000) {
    throw ngsiErrors.badRequestData(`${where}lastN must be a whole number of at least 1.`);
  }
  return Number(value);
}

const listOf = (raw: unknown, name: string): string[] | undefined => {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return raw.split(',').map((s) => s.trim());
  if (Array.isArray(raw) && raw.every((s) => typeof s === 'string')) return raw;
  throw ngsiErrors.badRequestData(`${name} must be a comma-separated list or an array of strings.`);
};

/** aggrMethods and aggrPeriodDuration; undefined when the representation is not aggregatedValues. */
export function parseAggregation(source: Source, format: TemporalFormat, where = ''): Aggregation | undefined {
  const methods = listOf(source['aggrMethods'], `${where}aggrMethods`);
  const durationRaw = text(source, 'aggrPeriodDuration', where);
  for (const m of methods ?? []) {
    if (!(AGGREGATION_METHODS as readonly string[]).includes(m)) {
      throw ngsiErrors.badRequestData(
        `${where}aggrMethods: unknown method ${JSON.stringify(m)} (use ${AGGREGATION_METHODS.join(', ')}).`,
      );
    }
  }
  const period = durationRaw === undefined ? undefined : parseDuration(durationRaw, `${where}aggrPeriodDuration`);
  if (format !== 'aggregatedValues') return undefined;
  if (!methods || methods.length === 0) {
    throw ngsiErrors.badRequestData('The aggregated representation needs aggrMethods (e.g. aggrMethods=avg,max).');
  }
  return {
    methods: [...new Set(methods)] as AggregationMethod[],
    period: period && !period.zero ? period : undefined,
  };
}

const OPTIONS = new Set([
  'temporalValues',
  'aggregatedValues',
  'sysAttrs',
  'normalized',
  'concise',
  'simplified',
  'keyValues',
]);

const formatOf = (name: string): TemporalFormat | undefined =>
  name === 'temporalValues' || name === 'simplified' || name === 'keyValues'
    ? 'temporalValues'
    : name === 'aggregatedValues' || name === 'normalized' || name === 'concise'
      ? name
      : undefined;

/** `options` and `format` → the representation; format wins when both name one (§6.3.7). */
export function parseTemporalRepresentation(
  options: string | undefined,
  format: string | undefined,
): TemporalRepresentation {
  const list = listOf(options, 'options')?.filter((o) => o !== '') ?? [];
  // An option or format the API does not define makes the request itself malformed (§6.3.5: InvalidRequest).
  for (const o of list) if (!OPTIONS.has(o)) throw ngsiErrors.invalidRequest(`Unknown option "${o}".`);
  let chosen: TemporalFormat = 'normalized';
  for (const o of list) chosen = formatOf(o) ?? chosen;
  if (format !== undefined) {
    const f = formatOf(format);
    if (!f) {
      throw ngsiErrors.invalidRequest(
        `Unknown format "${format}" (use normalized, concise, temporalValues or aggregatedValues).`,
      );
    }
    chosen = f;
  }
  return { format: chosen, sysAttrs: list.includes('sysAttrs') };
}

// --- input ---------------------------------------------------------------------------------------

/** A temporal entity as sent: its id and types, and any number of instances per attribute. */
export interface TemporalEntityInput {
  readonly id: string;
  readonly types: string[];
  readonly scopes?: string[] | undefined;
  /** Attribute IRI → instances, in the order sent. */
  readonly attrs: Record<string, Instance[]>;
}

/** Members of the simplified temporal representation (§4.5.9) → the attribute type and member they carry. */
const SIMPLIFIED: Readonly<Record<string, { type: Instance['type']; member: string }>> = {
  values: { type: 'Property', member: 'value' },
  objects: { type: 'Relationship', member: 'object' },
  languageMaps: { type: 'LanguageProperty', member: 'languageMap' },
  vocabs: { type: 'VocabProperty', member: 'vocab' },
  jsons: { type: 'JsonProperty', member: 'json' },
  valueLists: { type: 'ListProperty', member: 'valueList' },
  objectLists: { type: 'ListRelationship', member: 'objectList' },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a temporal entity (or a fragment of one): every instance is checked as the core checks an
 * attribute; several instances may share a datasetId, since they are the same attribute over time.
 * The simplified form `{"type": "Property", "values": [[value, observedAt], …]}` is accepted too.
 */
export function parseTemporalEntity(body: unknown, terms: TermMap, requireIdAndType: boolean): TemporalEntityInput {
  if (!isObject(body)) throw ngsiErrors.badRequestData('The temporal entity must be a JSON object.');
  const head: Record<string, unknown> = {};
  const attributes: [string, unknown][] = [];
  for (const [name, raw] of Object.entries(body)) {
    if (['id', 'type', 'scope', '@context', 'createdAt', 'modifiedAt', 'deletedAt'].includes(name)) head[name] = raw;
    else attributes.push([name, raw]);
  }
  const entity: Entity = parseEntity(head, terms, { requireIdAndType });
  const attrs: Record<string, Instance[]> = {};
  for (const [name, raw] of attributes) {
    checkAttributeName(name);
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length === 0) throw ngsiErrors.badRequestData(`Attribute "${name}" has no instances.`);
    const instances = list.flatMap((item) => parseTemporalInstances(name, item, terms));
    const iri = terms.expand(name);
    attrs[iri] = [...(attrs[iri] ?? []), ...instances];
  }
  return { id: entity.id, types: entity.types, scopes: entity.scopes, attrs };
}

function parseTemporalInstances(name: string, raw: unknown, terms: TermMap): Instance[] {
  if (!isObject(raw)) throw ngsiErrors.badRequestData(`Each instance of "${name}" must be a JSON object.`);
  const simplified = Object.keys(SIMPLIFIED).find((k) => k in raw);
  if (simplified === undefined) return parseAttribute(name, raw, terms, false);
  const { type, member } = SIMPLIFIED[simplified] as { type: Instance['type']; member: string };
  const pairs = raw[simplified];
  if (!Array.isArray(pairs) || pairs.some((p) => !Array.isArray(p) || p.length !== 2 || typeof p[1] !== 'string')) {
    throw ngsiErrors.badRequestData(`"${name}.${simplified}" must be a list of [value, observedAt] pairs.`);
  }
  const { [simplified]: _pairs, ...rest } = raw;
  return (pairs as [unknown, string][]).flatMap(([value, at]) =>
    parseAttribute(name, { ...rest, type: rest['type'] ?? type, [member]: value, observedAt: at }, terms, false),
  );
}

/** The body of PATCH …/attrs/{attrId}/{instanceId}: a fragment holding that attribute once, or a bare instance. */
export function parseInstanceReplacement(attrName: string, body: unknown, terms: TermMap): Instance {
  if (!isObject(body)) throw ngsiErrors.badRequestData('The body must be a JSON object.');
  const { '@context': _context, ...rest } = body;
  const iri = terms.expand(attrName);
  const named = Object.keys(rest).find((k) => k !== 'type' && k !== 'id' && terms.expand(k) === iri);
  let raw: unknown = rest;
  if (named !== undefined) {
    const others = Object.keys(rest).filter((k) => k !== named && k !== 'id' && k !== 'type');
    if (others.length > 0) throw ngsiErrors.badRequestData(`Only the attribute "${attrName}" can be changed here.`);
    raw = rest[named];
    if (Array.isArray(raw)) {
      if (raw.length !== 1) throw ngsiErrors.badRequestData('Exactly one instance replaces one instance.');
      raw = raw[0];
    }
  }
  const [instance, ...more] = parseTemporalInstances(attrName, raw, terms);
  if (!instance || more.length > 0) throw ngsiErrors.badRequestData('Exactly one instance replaces one instance.');
  return instance;
}

// --- output ---------------------------------------------------------------------------------------

/** One stored attribute instance, as the store reads it. */
export interface StoredInstance {
  readonly entityId: string;
  readonly attr: string;
  readonly instanceId: string;
  readonly datasetId: string | null;
  /** The instant the query's timeproperty names (observedAt falls back to modifiedAt). */
  readonly at: Date;
  readonly createdAt: Date;
  readonly modifiedAt: Date;
  readonly deletedAt: Date | null;
  readonly instance: Instance;
}

export interface TemporalEntityHead {
  readonly id: string;
  readonly types: string[];
  readonly scopes: string[] | null;
  readonly createdAt: Date;
  readonly modifiedAt: Date;
  readonly deletedAt: Date | null;
}

/** One period of one attribute (and dataset): the value of each requested method. */
export interface AggregatedPeriod {
  readonly entityId: string;
  readonly attr: string;
  readonly datasetId: string | null;
  readonly attributeType: string;
  readonly start: Date;
  readonly end: Date;
  readonly values: Readonly<Record<string, number | null>>;
}

const single = <T>(list: T[]): T | T[] => (list.length === 1 ? (list[0] as T) : list);

function entityShell(head: TemporalEntityHead, terms: TermMap, sysAttrs: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { id: head.id, type: single(head.types.map((t) => terms.compact(t))) };
  if (head.scopes && head.scopes.length > 0) out['scope'] = single(head.scopes);
  if (sysAttrs) {
    out['createdAt'] = head.createdAt.toISOString();
    out['modifiedAt'] = head.modifiedAt.toISOString();
    if (head.deletedAt) out['deletedAt'] = head.deletedAt.toISOString();
  }
  return out;
}

const groupBy = <T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> => {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
};

const MEMBER_OF_TYPE: Readonly<Record<string, [string, string]>> = {
  Property: ['value', 'values'],
  GeoProperty: ['value', 'values'],
  Relationship: ['object', 'objects'],
  LanguageProperty: ['languageMap', 'languageMaps'],
  VocabProperty: ['vocab', 'vocabs'],
  JsonProperty: ['json', 'jsons'],
  ListProperty: ['valueList', 'valueLists'],
  ListRelationship: ['objectList', 'objectLists'],
};

const WRAPPED_MEMBERS = new Set(['languageMap', 'json', 'vocab']);

/**
 * A deleted instance as GS CIM 009 §5.2.1 shows it in the temporal evolution: the NGSI-LD Null as a
 * Relationship's object and as a LanguageProperty's language map ({"@none": …}), else as the value.
 */
function deletionShown(instance: Instance): Instance {
  if (instance.value !== NGSI_LD_NULL) return instance;
  const { value: _null, ...rest } = instance;
  if (instance.type === 'Relationship') return { ...rest, object: NGSI_LD_NULL };
  if (instance.type === 'LanguageProperty') return { ...rest, languageMap: { '@none': NGSI_LD_NULL } };
  return instance;
}

/** The instant an instance is listed at: observedAt as the client gave it, else the stored time. */
export function instanceTime(instance: StoredInstance, timeproperty: TimeProperty): string {
  const given = instance.instance.observedAt;
  return timeproperty === 'observedAt' && typeof given === 'string' ? given : instantText(instance.at);
}

/** The temporal representation of one entity: normalized/concise (§4.5.7) or simplified (§4.5.9). */
export function renderTemporalEntity(
  head: TemporalEntityHead,
  instances: readonly StoredInstance[],
  terms: TermMap,
  representation: TemporalRepresentation,
  timeproperty: TimeProperty = 'observedAt',
  listed: ReadonlyMap<string, string> = new Map(),
): Record<string, unknown> {
  const { format, sysAttrs } = representation;
  const out = entityShell(head, terms, sysAttrs);
  for (const [attr, type] of listed) {
    const plural = (MEMBER_OF_TYPE[type] ?? ['value', 'values'])[1];
    out[terms.compact(attr)] = format === 'temporalValues' ? { type, [plural]: [] } : [];
  }
  for (const [attr, list] of groupBy(instances, (i) => i.attr)) {
    const name = terms.compact(attr);
    if (format === 'temporalValues') {
      const groups = [...groupBy(list, (i) => i.datasetId)].map(([datasetId, members]) => {
        const type = members.at(-1)?.instance.type ?? 'Property';
        const [member, plural] = MEMBER_OF_TYPE[type] ?? ['value', 'values'];
        const pairs = members.map((i) => {
          const instance = i.deletedAt ? deletionShown(i.instance) : i.instance;
          const value = i.deletedAt ? (instance[member] ?? instance.value) : instance[member];
          const shown = member === 'vocab' ? compactVocab(value, terms) : value;
          // A language map, JSON or vocabulary value keeps its member name, so it reads unambiguously;
          // so does the deletion of a language map ({"@none": NGSI-LD Null}).
          const keepsName = WRAPPED_MEMBERS.has(member) && (!i.deletedAt || member === 'languageMap');
          const wrapped = keepsName ? { [member]: shown } : shown;
          return [wrapped, instanceTime(i, timeproperty)];
        });
        return { type, [plural]: pairs, ...(datasetId !== null ? { datasetId } : {}) };
      });
      out[name] = single(groups);
      continue;
    }
    out[name] = list.map((i) => {
      const stored: Instance = {
        ...(i.deletedAt ? deletionShown(i.instance) : i.instance),
        instanceId: i.instanceId,
        createdAt: i.createdAt.toISOString(),
        modifiedAt: i.modifiedAt.toISOString(),
      };
      if (i.deletedAt) stored['deletedAt'] = i.deletedAt.toISOString();
      return renderInstance(stored, terms, { format: format === 'concise' ? 'concise' : 'normalized', sysAttrs });
    });
  }
  return out;
}

const compactVocab = (value: unknown, terms: TermMap): unknown =>
  typeof value === 'string'
    ? terms.compact(value)
    : Array.isArray(value)
      ? value.map((v) => compactVocab(v, terms))
      : value;

/** The aggregated temporal representation (§4.5.19): per method, [value, start, end] for each period. */
export function renderAggregatedEntity(
  head: TemporalEntityHead,
  periods: readonly AggregatedPeriod[],
  methods: readonly AggregationMethod[],
  terms: TermMap,
  sysAttrs: boolean,
): Record<string, unknown> {
  const out = entityShell(head, terms, sysAttrs);
  for (const [attr, list] of groupBy(periods, (p) => p.attr)) {
    const groups = [...groupBy(list, (p) => p.datasetId)].map(([datasetId, members]) => {
      const group: Record<string, unknown> = { type: members[0]?.attributeType ?? 'Property' };
      for (const m of methods) {
        group[m] = members.map((p) => [p.values[m] ?? null, instantText(p.start), instantText(p.end)]);
      }
      if (datasetId !== null) group['datasetId'] = datasetId;
      return group;
    });
    out[terms.compact(attr)] = single(groups);
  }
  return out;
}
