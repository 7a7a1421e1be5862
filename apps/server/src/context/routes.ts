import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ngsiErrors } from './errors.js';
import {
  booleanParam,
  checkListSize,
  checkSelectors,
  GEO_JSON,
  geoJsonFeature,
  integerParam,
  JSON_LD,
  linkedContext,
  listParam,
  negotiate,
  queryOf,
  representation,
  requestTerms,
  requireBody,
  sendNgsi,
  useNgsiBodyParsers,
  type Query,
  type ResponseType,
  pathSegment,
} from './http.js';
import type { ContextOwner, ContextResolver, TermMap } from './jsonld/contexts.js';
import type { GeoQueryInput } from './query/geo.js';
import {
  attributeIri,
  checkDatasetId,
  parseAttribute,
  parseEntity,
  parseInstancePatch,
  projection,
  renderEntity,
  type RenderOptions,
} from './model.js';
import type { BatchItem, BatchResult, ContextService, UpdateResult } from './service.js';
import type { AttributeSummary } from './store.js';
import type { StoredContext } from './jsonld/store.js';
import { AppError } from '../platform/errors.js';
import { ALL_TENANTS, canActInTenant } from '../platform/auth/index.js';
import { ownBaseUrl } from '../platform/http/own-url.js';

/** The NGSI-LD API (GS CIM 009 V1.8.1 §6), mounted at /ngsi-ld/v1. Routes stay thin. */

export interface ContextRoutesOptions {
  readonly service: ContextService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
  /** PUBLIC_URL: the base of hosted @context URLs (else where this instance listens). */
  readonly publicUrl: string | undefined;
  /** NGSI_LD_ANONYMOUS is read or write: anonymous callers read the tenant's @context details too. */
  readonly anonymousOpen?: boolean | undefined;
}

const DEFAULT_LIMIT = 20;

/**
 * The caller as an owner of stored @context documents; undefined for anyone not acting in the tenant.
 * With the NGSI-LD API open to anonymous callers (NGSI_LD_ANONYMOUS), they act in the tenant they name.
 */
function contextOwner(request: FastifyRequest, anonymousOpen = false): ContextOwner | undefined {
  const principal = request.principal;
  if (!principal) return anonymousOpen ? { tenant: request.tenant, admin: false } : undefined;
  if (!canActInTenant(principal, request.tenant)) return undefined;
  return { tenant: request.tenant, admin: principal.tenant === ALL_TENANTS && principal.roles.includes('admin') };
}

const read = { access: { permission: 'context:read' as const } };
const write = { access: { permission: 'context:write' as const } };
const tags = ['NGSI-LD'];

function renderOptions(query: Query, terms: TermMap): RenderOptions {
  const { format, sysAttrs } = representation(query['options'], query['format']);
  const datasetIds = listParam(query['datasetId'])?.map((d) => checkDatasetId(d, true));
  return {
    format,
    sysAttrs,
    ...projection(
      { pick: listParam(query['pick']), omit: listParam(query['omit']), attrs: listParam(query['attrs']) },
      terms,
    ),
    lang: query['lang'],
    datasetIds: datasetIds ? new Set(datasetIds) : undefined,
  };
}

// The router has already percent-decoded path parameters once; decoding again would mangle ids holding "%".
const idOf = (request: FastifyRequest) => (request.params as { entityId: string }).entityId;
const attrOf = (request: FastifyRequest) => (request.params as { attrId: string }).attrId;

/** The geo-query members of query parameters or of a geoQ body; undefined when none is given. */
function geoInput(source: Record<string, unknown>, where: string): GeoQueryInput | undefined {
  const { georel, geometry, coordinates, geoproperty } = source;
  if (georel === undefined && geometry === undefined && coordinates === undefined) return undefined;
  const text = (name: string, value: unknown): string | undefined => {
    if (value !== undefined && typeof value !== 'string')
      throw ngsiErrors.badRequestData(`The ${where} ${name} must be a string.`);
    return value;
  };
  const input: GeoQueryInput = { coordinates };
  const given = {
    georel: text('georel', georel),
    geometry: text('geometry', geometry),
    geoproperty: text('geoproperty', geoproperty),
  };
  for (const [k, v] of Object.entries(given))
    if (v !== undefined) input[k as 'georel' | 'geometry' | 'geoproperty'] = v;
  return input;
}

function sendUpdateResult(reply: FastifyReply, result: UpdateResult, terms: TermMap): FastifyReply {
  if (result.notUpdated.length === 0) return reply.code(204).send();
  return reply.code(207).send({
    updated: result.updated.map((a) => terms.compact(a)),
    notUpdated: result.notUpdated.map((n) => ({ attributeName: terms.compact(n.attributeName), reason: n.reason })),
  });
}

const MAX_BATCH = 10_000;

/** Parses each entity of a batch on its own, so one bad entity does not sink the others. */
function batchItems(body: unknown, terms: TermMap, requireIdAndType: boolean, allowNull: boolean): BatchItem[] {
  if (!Array.isArray(body)) throw ngsiErrors.badRequestData('A batch is a JSON array of entities.');
  if (body.length === 0) throw ngsiErrors.badRequestData('The batch is empty.');
  if (body.length > MAX_BATCH) throw ngsiErrors.badRequestData(`A batch holds at most ${MAX_BATCH} entities.`);
  return body.map((raw): BatchItem => {
    const id =
      typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : '';
    try {
      const entity = parseEntity(raw, terms, { requireIdAndType, allowNull });
      if (entity.id === '') throw ngsiErrors.badRequestData('Each entity of a batch needs an id.');
      return { entity };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { entityId: id, error: err };
    }
  });
}

/** The body of a batch request: entities in JSON, or JSON-LD entities each carrying its @context. */
async function batchTerms(request: FastifyRequest, resolver: ContextResolver, body: unknown): Promise<TermMap> {
  if (Array.isArray(body) && String(request.headers['content-type'] ?? '').startsWith(JSON_LD)) {
    if (linkedContext(request) !== undefined) {
      throw ngsiErrors.badRequestData('A JSON-LD body must not come with a @context Link header.');
    }
    const contexts = new Set(body.map((e) => JSON.stringify((e as Record<string, unknown> | null)?.['@context'])));
    if (contexts.size !== 1 || contexts.has(undefined as unknown as string)) {
      throw ngsiErrors.badRequestData('Every entity of a JSON-LD batch must carry the same @context.');
    }
    return resolver.resolve((body[0] as Record<string, unknown>)['@context'], request.tenant);
  }
  return requestTerms(request, resolver, Array.isArray(body) ? {} : body);
}

function sendBatch(reply: FastifyReply, result: BatchResult, allCreated: boolean): FastifyReply {
  if (result.errors.length > 0) return reply.code(207).send({ success: result.success, errors: result.errors });
  if (allCreated) return reply.code(201).send(result.created);
  return reply.code(204).send();
}

export async function contextRoutes(app: FastifyInstance, options: ContextRoutesOptions): Promise<void> {
  const { service, resolver, maxLimit, publicUrl, anonymousOpen } = options;

  useNgsiBodyParsers(app);

  app.post('/entities', { config: write, schema: { tags, summary: 'Create an entity' } }, async (request, reply) => {
    const body = requireBody(request);
    const terms = await requestTerms(request, resolver, body);
    const entity = parseEntity(body, terms, { requireIdAndType: true });
    await service.createEntity(request.tenant, entity);
    return reply
      .code(201)
      .header('location', `/ngsi-ld/v1/entities/${pathSegment(entity.id)}`)
      .send();
  });

  app.get('/entities', { config: read, schema: { tags, summary: 'Query entities' } }, async (request, reply) => {
    const query = queryOf(request);
    const type = negotiate(request, true);
    const terms = await requestTerms(request, resolver);
    const limit = integerParam(query['limit'], 'limit', DEFAULT_LIMIT);
    if (limit > maxLimit) {
      throw ngsiErrors.tooManyResults(`limit may be at most ${maxLimit}.`);
    }
    const count = booleanParam(query['count'], 'count');
    if (limit === 0 && !count) throw ngsiErrors.badRequestData('limit=0 is only meaningful with count=true.');
    const ids = listParam(query['id'], 'id');
    const attrs = listParam(query['attrs'], 'attrs');
    const geo = geoInput(query, 'query parameter');
    if (
      !ids &&
      query['idPattern'] === undefined &&
      query['type'] === undefined &&
      !attrs &&
      query['q'] === undefined &&
      !geo &&
      query['scopeQ'] === undefined
    ) {
      throw ngsiErrors.badRequestData('Say which entities: give type, id, idPattern, attrs, q, a geo-query or scopeQ.');
    }
    const result = await service.queryEntities(
      request.tenant,
      {
        ids,
        idPattern: query['idPattern'],
        type: query['type'],
        attrs: attrs?.map((a) => terms.expand(a)),
        q: query['q'],
        geo,
        scopeQ: query['scopeQ'],
        limit,
        offset: integerParam(query['offset'], 'offset', 0),
        count,
      },
      terms,
    );
    if (result.count !== undefined) void reply.header('ngsild-results-count', String(result.count));
    const render = renderOptions(query, terms);
    const rendered = result.entities.map((e) => renderEntity(e, terms, render));
    if (type === GEO_JSON) {
      const geometryIri = terms.expand(query['geometryProperty'] ?? 'location');
      return sendNgsi(reply, GEO_JSON, terms, {
        type: 'FeatureCollection',
        features: result.entities.map((e, i) => geoJsonFeature(e, rendered[i] as Record<string, unknown>, geometryIri)),
      });
    }
    return sendNgsi(reply, type, terms, rendered);
  });

  app.get(
    '/entities/:entityId',
    { config: read, schema: { tags, summary: 'Retrieve an entity' } },
    async (request, reply) => {
      const query = queryOf(request);
      const type: ResponseType = negotiate(request, true);
      const terms = await requestTerms(request, resolver);
      const entity = await service.retrieveEntity(request.tenant, idOf(request));
      const rendered = renderEntity(entity, terms, renderOptions(query, terms));
      if (type === GEO_JSON) {
        const geometryIri = terms.expand(query['geometryProperty'] ?? 'location');
        return sendNgsi(reply, GEO_JSON, terms, geoJsonFeature(entity, rendered, geometryIri));
      }
      return sendNgsi(reply, type, terms, rendered);
    },
  );

  app.delete(
    '/entities/:entityId',
    { config: write, schema: { tags, summary: 'Delete an entity' } },
    async (request, reply) => {
      await service.deleteEntity(request.tenant, idOf(request));
      return reply.code(204).send();
    },
  );

  app.patch(
    '/entities/:entityId',
    { config: write, schema: { tags, summary: 'Merge a fragment into an entity (NGSI-LD Null deletes)' } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      const fragment = parseEntity(body, terms, { requireIdAndType: false, allowNull: true });
      if (fragment.id !== '' && fragment.id !== idOf(request)) {
        throw ngsiErrors.badRequestData('The id in the body is not the id of the entity being patched.');
      }
      await service.mergeEntity(request.tenant, idOf(request), fragment);
      return reply.code(204).send();
    },
  );

  app.put(
    '/entities/:entityId',
    { config: write, schema: { tags, summary: 'Replace an entity' } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      const replacement = parseEntity(body, terms, { requireIdAndType: false });
      await service.replaceEntity(request.tenant, idOf(request), replacement);
      return reply.code(204).send();
    },
  );

  app.post(
    '/entities/:entityId/attrs',
    { config: write, schema: { tags, summary: 'Append attributes (options=noOverwrite keeps existing ones)' } },
    async (request, reply) => {
      const query = queryOf(request);
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      const fragment = parseEntity(body, terms, { requireIdAndType: false });
      const noOverwrite = (listParam(query['options']) ?? []).includes('noOverwrite');
      const result = await service.appendAttributes(request.tenant, idOf(request), fragment, noOverwrite);
      return sendUpdateResult(reply, result, terms);
    },
  );

  app.patch(
    '/entities/:entityId/attrs',
    { config: write, schema: { tags, summary: 'Update existing attributes' } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      const fragment = parseEntity(body, terms, { requireIdAndType: false, allowNull: true });
      const result = await service.updateAttributes(request.tenant, idOf(request), fragment);
      return sendUpdateResult(reply, result, terms);
    },
  );

  const attributeBody = async (request: FastifyRequest) => {
    const body = requireBody(request);
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw ngsiErrors.badRequestData('The attribute must be a JSON object.');
    }
    const terms = await requestTerms(request, resolver, body);
    const { '@context': _context, ...fragment } = body as Record<string, unknown>;
    return { terms, fragment };
  };

  app.patch(
    '/entities/:entityId/attrs/:attrId',
    { config: write, schema: { tags, summary: 'Partially update one attribute' } },
    async (request, reply) => {
      const { terms, fragment } = await attributeBody(request);
      const attr = attrOf(request);
      const iri = attributeIri(attr, terms);
      const patch = parseInstancePatch(attr, fragment, terms);
      await service.patchAttribute(request.tenant, idOf(request), iri, patch);
      return reply.code(204).send();
    },
  );

  app.put(
    '/entities/:entityId/attrs/:attrId',
    { config: write, schema: { tags, summary: 'Replace one attribute' } },
    async (request, reply) => {
      const { terms, fragment } = await attributeBody(request);
      const attr = attrOf(request);
      const iri = attributeIri(attr, terms);
      const [instance] = parseAttribute(attr, fragment, terms, false);
      if (!instance) throw ngsiErrors.badRequestData('The attribute is empty.');
      await service.replaceAttribute(request.tenant, idOf(request), iri, instance);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/entities/:entityId/attrs/:attrId',
    { config: write, schema: { tags, summary: 'Delete an attribute (datasetId, deleteAll)' } },
    async (request, reply) => {
      const query = queryOf(request);
      const terms = await requestTerms(request, resolver);
      const datasetId = query['datasetId'] === undefined ? undefined : checkDatasetId(query['datasetId']);
      await service.deleteAttribute(
        request.tenant,
        idOf(request),
        attributeIri(attrOf(request), terms),
        datasetId,
        booleanParam(query['deleteAll'], 'deleteAll'),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/entityOperations/create',
    { config: write, schema: { tags, summary: 'Create many entities' } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await batchTerms(request, resolver, body);
      const result = await service.createBatch(request.tenant, batchItems(body, terms, true, false));
      return sendBatch(reply, result, true);
    },
  );

  app.post(
    '/entityOperations/upsert',
    { config: write, schema: { tags, summary: 'Create or replace (options=update: extend) many entities' } },
    async (request, reply) => {
      const query = queryOf(request);
      const body = requireBody(request);
      const terms = await batchTerms(request, resolver, body);
      const mode = (listParam(query['options']) ?? []).includes('update') ? 'update' : 'replace';
      const result = await service.upsertBatch(request.tenant, batchItems(body, terms, true, false), mode);
      if (result.errors.length === 0 && result.created.length > 0) return reply.code(201).send(result.created);
      return sendBatch(reply, result, false);
    },
  );

  app.post(
    '/entityOperations/update',
    { config: write, schema: { tags, summary: 'Update attributes of many entities (options=noOverwrite)' } },
    async (request, reply) => {
      const query = queryOf(request);
      const body = requireBody(request);
      const terms = await batchTerms(request, resolver, body);
      const noOverwrite = (listParam(query['options']) ?? []).includes('noOverwrite');
      const result = await service.eachInBatch(batchItems(body, terms, false, false), (e) =>
        service.appendAttributes(request.tenant, e.id, e, noOverwrite),
      );
      return sendBatch(reply, result, false);
    },
  );

  app.post(
    '/entityOperations/merge',
    { config: write, schema: { tags, summary: 'Merge fragments into many entities' } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await batchTerms(request, resolver, body);
      const result = await service.eachInBatch(batchItems(body, terms, false, true), (e) =>
        service.mergeEntity(request.tenant, e.id, e),
      );
      return sendBatch(reply, result, false);
    },
  );

  app.post(
    '/entityOperations/delete',
    { config: write, schema: { tags, summary: 'Delete many entities by id' } },
    async (request, reply) => {
      const body = requireBody(request);
      if (!Array.isArray(body) || body.length === 0)
        throw ngsiErrors.badRequestData('A batch delete is a non-empty array of entity ids.');
      const items = body.map((id): BatchItem =>
        typeof id === 'string'
          ? { entity: { id, types: [], attrs: {} } }
          : { entityId: String(id), error: ngsiErrors.badRequestData('An entity id must be a string.') },
      );
      const result = await service.eachInBatch(items, (e) => service.deleteEntity(request.tenant, e.id));
      return sendBatch(reply, result, false);
    },
  );

  // --- discovery (§5.7.5 - 5.7.8) ---------------------------------------------------------------

  const listId = (kind: string) => `urn:ngsi-ld:${kind}:${randomUUID()}`;

  app.get(
    '/types',
    { config: read, schema: { tags, summary: 'Entity types (details=true: with attributes)' } },
    async (request, reply) => {
      const query = queryOf(request);
      const type = negotiate(request, false);
      const terms = await requestTerms(request, resolver);
      const summaries = await service.types(request.tenant);
      if (booleanParam(query['details'], 'details')) {
        return sendNgsi(
          reply,
          type,
          terms,
          summaries.map((s) => ({
            id: s.type,
            type: 'EntityType',
            typeName: terms.compact(s.type),
            attributeNames: [...s.attributes.keys()].map((a) => terms.compact(a)),
          })),
        );
      }
      return sendNgsi(reply, type, terms, {
        id: listId('EntityTypeList'),
        type: 'EntityTypeList',
        typeList: summaries.map((s) => terms.compact(s.type)),
      });
    },
  );

  app.get(
    '/types/:type',
    { config: read, schema: { tags, summary: 'One entity type, with its attributes' } },
    async (request, reply) => {
      const type = negotiate(request, false);
      const terms = await requestTerms(request, resolver);
      const name = (request.params as { type: string }).type;
      const [summary] = await service.types(request.tenant, terms.expand(name));
      if (!summary) throw ngsiErrors.resourceNotFound(`No entity has the type ${name}.`);
      return sendNgsi(reply, type, terms, {
        id: summary.type,
        type: 'EntityTypeInfo',
        typeName: terms.compact(summary.type),
        entityCount: summary.entityCount,
        attributeDetails: [...summary.attributes].map(([iri, attributeTypes]) => ({
          id: iri,
          type: 'Attribute',
          attributeName: terms.compact(iri),
          attributeTypes,
        })),
      });
    },
  );

  const attributeView = (s: AttributeSummary, terms: TermMap) => ({
    id: s.attribute,
    type: 'Attribute',
    attributeName: terms.compact(s.attribute),
    attributeCount: s.entityCount,
    attributeTypes: s.attributeTypes,
    typeNames: s.entityTypes.map((t) => terms.compact(t)),
  });

  app.get(
    '/attributes',
    { config: read, schema: { tags, summary: 'Attributes (details=true: with types and counts)' } },
    async (request, reply) => {
      const query = queryOf(request);
      const type = negotiate(request, false);
      const terms = await requestTerms(request, resolver);
      const summaries = await service.attributes(request.tenant);
      if (booleanParam(query['details'], 'details')) {
        return sendNgsi(
          reply,
          type,
          terms,
          summaries.map((s) => attributeView(s, terms)),
        );
      }
      return sendNgsi(reply, type, terms, {
        id: listId('AttributeList'),
        type: 'AttributeList',
        attributeList: summaries.map((s) => terms.compact(s.attribute)),
      });
    },
  );

  app.get(
    '/attributes/:attrId',
    { config: read, schema: { tags, summary: 'One attribute, with the types having it' } },
    async (request, reply) => {
      const type = negotiate(request, false);
      const terms = await requestTerms(request, resolver);
      const name = attrOf(request);
      const [summary] = await service.attributes(request.tenant, terms.expand(name));
      if (!summary) throw ngsiErrors.resourceNotFound(`No entity has the attribute ${name}.`);
      return sendNgsi(reply, type, terms, attributeView(summary, terms));
    },
  );

  app.post(
    '/entityOperations/query',
    { config: read, schema: { tags, summary: 'Query entities with a Query document in the body' } },
    async (request, reply) => {
      const query = queryOf(request);
      const type = negotiate(request, true);
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      if (typeof body !== 'object' || Array.isArray(body) || (body as { type?: unknown }).type !== 'Query') {
        throw ngsiErrors.badRequestData('The body must be a Query document ({"type": "Query", ...}).');
      }
      const doc = body as Record<string, unknown>;
      const text = (name: string): string | undefined => {
        const v = doc[name];
        if (v === undefined) return undefined;
        if (typeof v !== 'string') throw ngsiErrors.badRequestData(`${name} must be a string.`);
        return v;
      };
      const selectors = doc['entities'];
      if (
        selectors !== undefined &&
        (!Array.isArray(selectors) || selectors.some((s) => typeof s !== 'object' || s === null))
      ) {
        throw ngsiErrors.badRequestData('entities must be an array of entity selectors.');
      }
      const attrs = doc['attrs'];
      if (attrs !== undefined && (!Array.isArray(attrs) || attrs.some((a) => typeof a !== 'string'))) {
        throw ngsiErrors.badRequestData('attrs must be an array of attribute names.');
      }
      if (attrs !== undefined) checkListSize(attrs, 'attrs');
      if (selectors !== undefined) checkSelectors(selectors as Record<string, unknown>[]);
      const geoQ = doc['geoQ'] as Record<string, unknown> | undefined;
      if (geoQ !== undefined && (typeof geoQ !== 'object' || geoQ === null))
        throw ngsiErrors.badRequestData('geoQ must be an object.');
      const limit = integerParam(query['limit'], 'limit', DEFAULT_LIMIT);
      if (limit > maxLimit) throw ngsiErrors.tooManyResults(`limit may be at most ${maxLimit}.`);
      const selectorList = (selectors as Record<string, unknown>[] | undefined)?.map((s) => {
        const pick = (k: string) => {
          if (s[k] !== undefined && typeof s[k] !== 'string')
            throw ngsiErrors.badRequestData(`entities[].${k} must be a string.`);
          return s[k];
        };
        return {
          ...(pick('id') !== undefined ? { id: pick('id') } : {}),
          ...(pick('idPattern') !== undefined ? { idPattern: pick('idPattern') } : {}),
          ...(pick('type') !== undefined ? { type: pick('type') } : {}),
        };
      });
      const result = await service.queryEntities(
        request.tenant,
        {
          selectors: selectorList,
          attrs: (attrs as string[] | undefined)?.map((a) => terms.expand(a)),
          q: text('q'),
          geo: geoQ ? geoInput(geoQ, 'geoQ member') : undefined,
          scopeQ: text('scopeQ'),
          limit,
          offset: integerParam(query['offset'], 'offset', 0),
          count: booleanParam(query['count'], 'count'),
        },
        terms,
      );
      if (result.count !== undefined) void reply.header('ngsild-results-count', String(result.count));
      const render = { ...renderOptions(query, terms), lang: text('lang') ?? query['lang'] };
      return sendNgsi(
        reply,
        type === GEO_JSON ? 'application/json' : type,
        terms,
        result.entities.map((e) => renderEntity(e, terms, render)),
      );
    },
  );

  // --- @context documents (§5.13) ----------------------------------------------------------------

  const contextView = (c: StoredContext) => ({
    URL: c.url,
    localId: c.id,
    kind: c.kind === 'hosted' ? 'Hosted' : 'Cached',
    createdAt: c.createdAt.toISOString(),
    ...(c.lastUsedAt ? { lastUsage: c.lastUsedAt.toISOString() } : {}),
    numberOfHits: c.hits,
  });

  app.post(
    '/jsonldContexts',
    { config: write, schema: { tags, summary: 'Host a @context document' } },
    async (request, reply) => {
      const body = requireBody(request);
      const { id } = await resolver.host(
        request.tenant,
        body,
        (contextId) => `${ownBaseUrl(app, publicUrl)}/ngsi-ld/v1/jsonldContexts/${contextId}`,
      );
      return reply.code(201).header('location', `/ngsi-ld/v1/jsonldContexts/${id}`).send();
    },
  );

  app.get(
    '/jsonldContexts',
    { config: read, schema: { tags, summary: 'The @context documents held: hosted and cached' } },
    async (request) => {
      const query = queryOf(request);
      const kind = query['kind'];
      if (kind !== undefined && !['hosted', 'cached', 'implicitlycreated'].includes(kind.toLowerCase())) {
        throw ngsiErrors.badRequestData('kind must be Hosted, Cached or ImplicitlyCreated.');
      }
      const lower = kind?.toLowerCase();
      const contexts =
        lower === 'implicitlycreated'
          ? []
          : await resolver.list(request.tenant, lower as 'hosted' | 'cached' | undefined);
      return booleanParam(query['details']?.toLowerCase(), 'details')
        ? contexts.map(contextView)
        : contexts.map((c) => c.url);
    },
  );

  app.get(
    '/jsonldContexts/:contextId',
    // A @context is vocabulary, not city data: JSON-LD processors must be able to fetch it.
    { config: { access: 'public' }, schema: { tags, summary: 'A hosted or cached @context document' } },
    async (request, reply) => {
      const query = queryOf(request);
      const details = booleanParam(query['details']?.toLowerCase(), 'details');
      const found = await resolver.get(
        (request.params as { contextId: string }).contextId,
        contextOwner(request, anonymousOpen),
        details,
      );
      if (details) return contextView(found);
      return reply.type(negotiate(request, false)).send(found.body);
    },
  );

  app.delete(
    '/jsonldContexts/:contextId',
    { config: write, schema: { tags, summary: 'Forget a @context (reload=true: download a cached one again)' } },
    async (request, reply) => {
      const query = queryOf(request);
      await resolver.remove(
        contextOwner(request) ?? { tenant: request.tenant, admin: false },
        (request.params as { contextId: string }).contextId,
        booleanParam(query['reload'], 'reload'),
      );
      return reply.code(204).send();
    },
  );
}
