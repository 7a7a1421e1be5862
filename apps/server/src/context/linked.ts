import { ngsiErrors } from './errors.js';
import type { TermMap } from './jsonld/contexts.js';
import { renderEntity, type Entity, type Instance, type Projected, type RenderOptions } from './model.js';

/**
 * Linked entity retrieval (GS CIM 009 §4.5.23): the entities that an entity's relationships point to,
 * inline (inside each relationship, as `entity`, or in place of the object when simplified) or flat
 * (listed after the entities asked for), up to `joinLevel` hops.
 */

export interface JoinRequest {
  readonly mode: 'inline' | 'flat';
  /** How many relationships deep to follow. */
  readonly level: number;
}

/** The deepest join a request may ask for: each level is one more read of the linked entities. */
export const MAX_JOIN_LEVEL = 10;

/** `join` and `joinLevel` as given; undefined when no join is asked (`@none` or absent). */
export function joinOf(join: string | undefined, joinLevel: string | undefined): JoinRequest | undefined {
  if (join !== undefined && !['inline', 'flat', '@none'].includes(join)) {
    throw ngsiErrors.badRequestData(`join must be inline, flat or @none (got ${JSON.stringify(join)}).`);
  }
  let level = 1;
  if (joinLevel !== undefined) {
    if (!/^\d{1,2}$/.test(joinLevel) || Number(joinLevel) < 1 || Number(joinLevel) > MAX_JOIN_LEVEL) {
      throw ngsiErrors.badRequestData(`joinLevel must be a whole number from 1 to ${MAX_JOIN_LEVEL}.`);
    }
    level = Number(joinLevel);
  }
  if (join === undefined || join === '@none') return undefined;
  return { mode: join === 'flat' ? 'flat' : 'inline', level };
}

/** Reads the entities of these ids that exist (in the caller's tenant). */
export type EntityReader = (ids: string[]) => Promise<Entity[]>;

interface Reached {
  readonly entity: Entity;
  readonly projection: Projected;
}

const PROJECTION_KEYS = ['attrs', 'omit', 'members', 'linked'] as const;

/** One object for "no projection", so that each linked entity's size is measured once. */
const NO_PROJECTION: Projected = {};

/** The render options of an entity reached through a relationship: its own projection, the rest as asked. */
function optionsFor(base: RenderOptions, projection: Projected): RenderOptions {
  const options: Record<string, unknown> = { ...base };
  for (const key of PROJECTION_KEYS) delete options[key];
  return { ...(options as unknown as RenderOptions), ...projection };
}

const shownAttribute = (projection: Projected, iri: string): boolean =>
  (projection.attrs?.has(iri) ?? true) && !(projection.omit?.has(iri) ?? false);

/** The ids a relationship instance points to. */
function targetsOf(instance: Instance): string[] {
  if (instance.type === 'Relationship') {
    const object = instance.object;
    return Array.isArray(object) ? object : typeof object === 'string' ? [object] : [];
  }
  if (instance.type === 'ListRelationship') return instance.objectList ?? [];
  return [];
}

/** The relationships of an entity that its projection shows, with the projection of what they link to. */
function relationshipsOf(entity: Entity, projection: Projected): [string, Instance[], Projected][] {
  return Object.entries(entity.attrs)
    .filter(([iri, instances]) => shownAttribute(projection, iri) && instances.some((i) => targetsOf(i).length > 0))
    .map(([iri, instances]) => [iri, instances, projection.linked?.get(iri) ?? NO_PROJECTION]);
}

/** Reads every entity reachable within `level` hops that is not known yet; more than `maxLinked` is refused. */
async function readLinked(
  roots: readonly Reached[],
  level: number,
  read: EntityReader,
  maxLinked: number,
): Promise<{ known: Map<string, Entity>; flat: Reached[] }> {
  const known = new Map(roots.map((r) => [r.entity.id, r.entity]));
  const flat: Reached[] = [...roots];
  let frontier = roots;
  for (let hop = 0; hop < level && frontier.length > 0; hop++) {
    const wanted = new Map<string, Projected>();
    for (const { entity, projection } of frontier) {
      for (const [, instances, linked] of relationshipsOf(entity, projection)) {
        for (const id of instances.flatMap(targetsOf)) if (!known.has(id) && !wanted.has(id)) wanted.set(id, linked);
      }
    }
    if (wanted.size === 0) break;
    if (flat.length - roots.length + wanted.size > maxLinked) {
      throw ngsiErrors.tooManyResults(
        `The join would read more than ${maxLinked} linked entities: ask for a lower joinLevel, or pick/omit to leave out relationships not needed.`,
      );
    }
    const found = await read([...wanted.keys()]);
    const next: Reached[] = [];
    for (const id of wanted.keys()) {
      const entity = found.find((e) => e.id === id);
      if (!entity) continue;
      known.set(id, entity);
      next.push({ entity, projection: wanted.get(id) ?? {} });
    }
    flat.push(...next);
    frontier = next;
  }
  return { known, flat };
}

/**
 * Most entity views one inline join may render. An entity linked from many places is rendered at each,
 * so a densely linked graph grows as (links per entity)^joinLevel: the answer is refused before it can
 * hold up the process, and join=flat (each entity once) still serves.
 */
export const MAX_INLINED = 2_000;

/**
 * Most bytes of linked entities one answer or notification may carry, every inlined copy counted. 16 MiB:
 * 2,000 views of city entities (1 to 4 KB each) stay well below it, as does one entity as large as the
 * default request body (8 MB); one 100 KB entity named 1,000 times by a ListRelationship (100 MB) does not.
 */
export const MAX_LINKED_BYTES = 16 * 1024 * 1024;

/** Bounds of one answer's join; each defaults to the broker's own. */
export interface LinkLimits {
  /** Distinct linked entities read (a notification, built for every matching change, sets it). */
  readonly maxLinked?: number;
  /** Linked entity views rendered, every inlined copy counted. */
  readonly maxViews?: number;
  /** Bytes of linked entities rendered, every inlined copy counted. */
  readonly maxBytes?: number;
}

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB` : `${bytes} bytes`;

/**
 * What one answer may still carry of linked entities: views and bytes. Each entity is measured once (as
 * it renders alone, under its projection) and charged at every copy, so a target named many times is
 * refused before its copies are rendered.
 */
class LinkedAllowance {
  #views: number;
  #bytes: number;
  readonly #sizes = new Map<Projected, Map<string, number>>();

  constructor(
    private readonly mode: JoinRequest['mode'],
    private readonly maxViews: number,
    private readonly maxBytes: number,
  ) {
    this.#views = maxViews;
    this.#bytes = maxBytes;
  }

  /**
   * Charges one view of a linked entity; `render` renders it, called only when its size is not known yet
   * (its rendering is returned then, to be used). Past either bound: 403 TooManyResults.
   */
  take(
    entity: Entity,
    projection: Projected,
    render: () => Record<string, unknown>,
  ): Record<string, unknown> | undefined {
    const advice =
      this.mode === 'inline'
        ? 'ask for join=flat (each linked entity once), a lower joinLevel, or pick/omit to leave out what is not needed.'
        : 'ask for a lower joinLevel, or pick/omit to leave out what is not needed.';
    if (--this.#views < 0) {
      throw ngsiErrors.tooManyResults(
        `join=${this.mode} would render more than ${this.maxViews} linked entities (each copy counted): ${advice}`,
      );
    }
    let sizes = this.#sizes.get(projection);
    if (!sizes) this.#sizes.set(projection, (sizes = new Map<string, number>()));
    let size = sizes.get(entity.id);
    let rendered: Record<string, unknown> | undefined;
    if (size === undefined) {
      rendered = render();
      size = Buffer.byteLength(JSON.stringify(rendered));
      sizes.set(entity.id, size);
    }
    this.#bytes -= size;
    if (this.#bytes < 0) {
      throw ngsiErrors.tooManyResults(
        `join=${this.mode} would carry more than ${sizeText(this.maxBytes)} of linked entities (${entity.id}, ${sizeText(size)}, among them; each copy counted): ${advice}`,
      );
    }
    return rendered;
  }
}

function renderInline(
  entity: Entity,
  projection: Projected,
  level: number,
  known: ReadonlyMap<string, Entity>,
  terms: TermMap,
  base: RenderOptions,
  allowance: LinkedAllowance,
  isLinked: boolean,
): Record<string, unknown> {
  const options = optionsFor(base, projection);
  const render = () => renderEntity(entity, terms, options);
  // The entities asked for are the answer itself; only what they link to is charged.
  const out = isLinked ? (allowance.take(entity, projection, render) ?? render()) : render();
  if (level === 0) return out;
  for (const [iri, instances, linked] of relationshipsOf(entity, projection)) {
    const name = terms.compact(iri);
    if (!(name in out)) continue;
    const linkedView = (instance: Instance): unknown => {
      const views = targetsOf(instance)
        .map((id) => known.get(id))
        .filter((e): e is Entity => e !== undefined)
        .map((e) => renderInline(e, linked, level - 1, known, terms, base, allowance, true));
      if (views.length === 0) return undefined;
      return instance.type === 'Relationship' && !Array.isArray(instance.object) ? views[0] : views;
    };
    const shown = instances.filter((i) => base.datasetIds?.has(i.datasetId ?? '@none') ?? true);
    if (base.format === 'keyValues') {
      // Simplified: the linked entity stands in place of the object it is.
      if (shown.length === 1 && shown[0]) {
        const view = linkedView(shown[0]);
        if (view !== undefined) out[name] = view;
      }
      continue;
    }
    const rendered = out[name];
    const withEntity = (value: unknown, instance: Instance | undefined): unknown => {
      if (!instance || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const view = linkedView(instance);
      if (view === undefined) return value;
      return { ...value, [instance.type === 'ListRelationship' ? 'entityList' : 'entity']: view };
    };
    out[name] = Array.isArray(rendered)
      ? rendered.map((value: unknown, n) => withEntity(value, shown[n]))
      : withEntity(rendered, shown[0]);
  }
  return out;
}

/**
 * Renders the entities asked for with what they link to: inline, one rendering per entity; flat, the
 * entities then every linked entity once. Without a join, each entity as it is. The linked entities
 * read, rendered (every inlined copy) and their bytes are bounded (`limits`, else the broker's own):
 * past any bound the answer is 403 TooManyResults, never rendered.
 */
export async function renderWithLinks(
  entities: readonly Entity[],
  terms: TermMap,
  options: RenderOptions,
  join: JoinRequest | undefined,
  read: EntityReader,
  limits: LinkLimits = {},
): Promise<Record<string, unknown>[]> {
  if (!join) return entities.map((e) => renderEntity(e, terms, options));
  const maxViews = limits.maxViews ?? MAX_INLINED;
  const roots: Reached[] = entities.map((entity) => ({ entity, projection: options }));
  const { known, flat } = await readLinked(roots, join.level, read, limits.maxLinked ?? maxViews);
  const allowance = new LinkedAllowance(join.mode, maxViews, limits.maxBytes ?? MAX_LINKED_BYTES);
  if (join.mode === 'flat') {
    return flat.map((r, n) => {
      const render = () => renderEntity(r.entity, terms, optionsFor(options, r.projection));
      return n < roots.length ? render() : (allowance.take(r.entity, r.projection, render) ?? render());
    });
  }
  return roots.map((r) => renderInline(r.entity, r.projection, join.level, known, terms, options, allowance, false));
}

/** An entity retrieved by id: 404 when the projection leaves nothing of it, or `attrs` names none it has (§5.7.1). */
export function renderRetrieved(entity: Entity, terms: TermMap, options: RenderOptions): Record<string, unknown> {
  const { attrs } = options;
  const asked = attrs !== undefined && options.members === undefined;
  if (asked && !Object.keys(entity.attrs).some((iri) => attrs.has(iri))) {
    throw ngsiErrors.resourceNotFound(`The entity ${entity.id} has none of the attributes asked for.`);
  }
  const rendered = renderEntity(entity, terms, options);
  if (Object.keys(rendered).length === 0) {
    throw ngsiErrors.resourceNotFound(`Nothing of the entity ${entity.id} is left after pick and omit.`);
  }
  return rendered;
}

/** Query results: an entity the projection leaves nothing of is not listed. */
export const withoutEmpty = (rendered: Record<string, unknown>[]): Record<string, unknown>[] =>
  rendered.filter((r) => Object.keys(r).length > 0);

/** `joinLevel` of a Query document: a number, or its text. */
export function joinLevelOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  throw ngsiErrors.badRequestData('joinLevel must be a whole number.');
}
