import type { FastifyReply } from 'fastify';
import { ngsiErrors } from '../errors.js';
import {
  booleanParam,
  checkSelectors,
  GEO_JSON,
  geoJsonFeature,
  integerParam,
  listParam,
  pageLinks,
  representation,
  sendNgsi,
  type NgsiCall,
  type ngsiHandlers,
  type Query,
} from '../http.js';
import type { ContextResolver, TermMap } from '../jsonld/contexts.js';
import { attributeIri, checkDatasetId, projection, renderEntity, type Entity, type RenderOptions } from '../model.js';
import { renderWithLinks, withoutEmpty, type EntityReader, type JoinRequest } from '../linked.js';
import type { GeoQueryInput } from '../query/geo.js';
import type { ContextService } from '../service.js';

/** What every family of NGSI-LD routes is given. */
export interface ContextRouteDeps {
  readonly service: ContextService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
  /** PUBLIC_URL: the base of hosted @context URLs (else where this instance listens). */
  readonly publicUrl: string | undefined;
  /** NGSI_LD_ANONYMOUS is read or write: anonymous callers act in the tenant they name. */
  readonly anonymousOpen?: boolean | undefined;
  readonly handle: ReturnType<typeof ngsiHandlers>;
}

export const read = { access: { permission: 'context:read' as const } };
export const write = { access: { permission: 'context:write' as const } };
export const tags = ['NGSI-LD'];

export const DEFAULT_LIMIT = 20;

export type EntityParams = { entityId: string };
export type AttributeParams = { entityId: string; attrId: string };

/** How to render entities, from `options`, `format`, `pick`/`omit`/`attrs`, `lang` and `datasetId`. */
export function renderOptions(query: Query, terms: TermMap): RenderOptions {
  const { format, sysAttrs } = representation(query['options'], query['format']);
  const datasetIds = listParam(query['datasetId'])?.map((d) => checkDatasetId(d, true));
  return {
    format,
    sysAttrs,
    ...projection({ pick: query['pick'], omit: query['omit'], attrs: listParam(query['attrs'], 'attrs') }, terms),
    lang: query['lang'],
    datasetIds: datasetIds ? new Set(datasetIds) : undefined,
  };
}

/** The page asked for: `limit` (at most the instance's), `offset`, `count`. */
export function pageOf(
  query: Query,
  maxLimit: number,
  { zeroNeedsCount = true } = {},
): { limit: number; offset: number; count: boolean } {
  const limit = integerParam(query['limit'], 'limit', DEFAULT_LIMIT);
  if (limit > maxLimit) throw ngsiErrors.tooManyResults(`limit may be at most ${maxLimit}.`);
  const count = booleanParam(query['count'], 'count');
  if (zeroNeedsCount && limit === 0 && !count) {
    throw ngsiErrors.badRequestData('limit=0 is only meaningful with count=true.');
  }
  return { limit, offset: integerParam(query['offset'], 'offset', 0), count };
}

/** The geo-query members of query parameters or of a geoQ body; undefined when none is given. */
export function geoInput(source: Record<string, unknown>, where: string): GeoQueryInput | undefined {
  const { georel, geometry, coordinates, geoproperty } = source;
  if (georel === undefined && geometry === undefined && coordinates === undefined) return undefined;
  const input: GeoQueryInput = { coordinates };
  for (const [name, value] of Object.entries({ georel, geometry, geoproperty })) {
    if (value === undefined) continue;
    if (typeof value !== 'string') throw ngsiErrors.badRequestData(`The ${where} ${name} must be a string.`);
    input[name as 'georel' | 'geometry' | 'geoproperty'] = value;
  }
  return input;
}

/** A Query document (§5.2.23): a JSON object of type Query. */
export function queryDocument(body: unknown): Record<string, unknown> {
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    (body as { type?: unknown }).type !== 'Query'
  ) {
    throw ngsiErrors.badRequestData('The body must be a Query document ({"type": "Query", ...}).');
  }
  return body as Record<string, unknown>;
}

export interface EntitySelector {
  id?: string;
  idPattern?: string;
  type?: string;
}

/** The `entities` member of a Query document: at most so many selectors, each of strings. */
export function entitySelectors(selectors: unknown): EntitySelector[] | undefined {
  if (selectors === undefined) return undefined;
  if (!Array.isArray(selectors) || selectors.some((s) => typeof s !== 'object' || s === null)) {
    throw ngsiErrors.badRequestData('entities must be an array of entity selectors.');
  }
  checkSelectors(selectors as Record<string, unknown>[]);
  return (selectors as Record<string, unknown>[]).map((s) => {
    const out: EntitySelector = {};
    for (const k of ['id', 'idPattern', 'type'] as const) {
      if (s[k] === undefined) continue;
      if (typeof s[k] !== 'string') throw ngsiErrors.badRequestData(`entities[].${k} must be a string.`);
      out[k] = s[k];
    }
    return out;
  });
}

/** Entities as asked: rendered, or as GeoJSON (a Feature, or a FeatureCollection for a list). */
export function sendEntities(
  reply: FastifyReply,
  call: NgsiCall<unknown>,
  entities: Entity | Entity[],
  render: RenderOptions,
): FastifyReply {
  const { terms, query, respondAs } = call;
  const list = Array.isArray(entities) ? entities : [entities];
  const rendered = list.map((e) => renderEntity(e, terms, render));
  if (respondAs === GEO_JSON) {
    const geometryIri = terms.expand(query['geometryProperty'] ?? 'location');
    const features = list.map((e, i) => geoJsonFeature(e, rendered[i] as Record<string, unknown>, geometryIri));
    const body = Array.isArray(entities) ? { type: 'FeatureCollection', features } : (features[0] as Feature);
    return sendNgsi(reply, GEO_JSON, terms, body);
  }
  return sendNgsi(reply, respondAs, terms, Array.isArray(entities) ? rendered : (rendered[0] as Rendered));
}

/**
 * Entities as asked, with the entities their relationships link to when `join` asks (GeoJSON never
 * joins); entities that a projection left empty are left out.
 */
export async function sendLinked(
  reply: FastifyReply,
  call: NgsiCall<unknown>,
  entities: Entity[],
  render: RenderOptions,
  join: JoinRequest | undefined,
  read: EntityReader,
): Promise<FastifyReply> {
  if (call.respondAs === GEO_JSON) return sendEntities(reply, call, entities, render);
  const linked = await renderWithLinks(entities, call.terms, render, join, read);
  return sendNgsi(reply, call.respondAs, call.terms, withoutEmpty(linked));
}

type Feature = ReturnType<typeof geoJsonFeature>;
type Rendered = Record<string, unknown>;

/** A count asked for with `count=true`, in the NGSILD-Results-Count header. */
export function sendCount(reply: FastifyReply, count: number | undefined): void {
  if (count !== undefined) void reply.header('ngsild-results-count', String(count));
}

/** A page of a query's answer: its count when asked, and the links to the pages around it. */
export function sendPage(
  reply: FastifyReply,
  call: NgsiCall<unknown>,
  page: { readonly limit: number; readonly offset: number },
  result: { readonly count: number | undefined; readonly more: boolean },
): void {
  sendCount(reply, result.count);
  const links = pageLinks(call.request, call.respondAs, page, result.more);
  if (links.length > 0) void reply.header('link', links.join(','));
}

/**
 * What `DELETE …/attrs/{attrId}` names, for the current state and for history alike: the attribute
 * (expanded), the `datasetId` instance, or `deleteAll` of them.
 */
export function attributeDeletion(
  call: NgsiCall<AttributeParams>,
): [entityId: string, attribute: string, datasetId: string | undefined, deleteAll: boolean] {
  const { params, query, terms } = call;
  const datasetId = query['datasetId'] === undefined ? undefined : checkDatasetId(query['datasetId']);
  return [
    params.entityId,
    attributeIri(params.attrId, terms),
    datasetId,
    booleanParam(query['deleteAll'], 'deleteAll'),
  ];
}

/** What `DELETE …/attrs/scope` names: the entity's scope, which has no datasets (a datasetId finds nothing). */
export function scopeDeletion(call: NgsiCall<AttributeParams>): { entityId: string; datasetId: string | undefined } {
  const { params, query } = call;
  booleanParam(query['deleteAll'], 'deleteAll');
  const datasetId = query['datasetId'] === undefined ? undefined : checkDatasetId(query['datasetId']);
  return { entityId: params.entityId, datasetId };
}
