import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ngsiErrors } from '../errors.js';
import {
  booleanParam,
  checkListSize,
  checkSelectors,
  integerParam,
  listParam,
  negotiate,
  queryOf,
  requestTerms,
  requireBody,
  sendNgsi,
  useNgsiBodyParsers,
  type Query,
  pathSegment,
} from '../http.js';
import type { ContextResolver, TermMap } from '../jsonld/contexts.js';
import { attributeIri, checkDatasetId } from '../model.js';
import type { GeoQueryInput } from '../query/geo.js';
import type { ContextService } from '../service.js';
import type { Database } from '../../platform/db/index.js';
import {
  parseAggregation,
  parseInstanceReplacement,
  parseTemporalEntity,
  parseTemporalQuery,
  parseTemporalRepresentation,
} from './model.js';
import { TemporalService, type TemporalRead, type TemporalResult } from './service.js';

/** The NGSI-LD temporal API (GS CIM 009 §6.18–6.24), mounted at /ngsi-ld/v1. Routes stay thin. */

export interface TemporalRoutesOptions {
  readonly db: Database;
  readonly service: ContextService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
  /** The temporal service; one is made from `db` when not given. */
  readonly temporal?: TemporalService;
}

const DEFAULT_LIMIT = 20;
const DEFAULT_MAX_INSTANCES = 1000;
const read = { access: { permission: 'context:read' as const } };
const write = { access: { permission: 'context:write' as const } };
const tags = ['NGSI-LD temporal'];

const idOf = (request: FastifyRequest) => (request.params as { entityId: string }).entityId;
const attrOf = (request: FastifyRequest) => (request.params as { attrId: string }).attrId;
const instanceOf = (request: FastifyRequest) => (request.params as { instanceId: string }).instanceId;

/** The geo-query members of query parameters or of a geoQ body; undefined when none is given. */
function geoInput(source: Record<string, unknown>, where: string): GeoQueryInput | undefined {
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

/** What to read and how to show it, from query parameters (and a temporalQ member, which wins). */
function temporalRead(
  query: Query,
  terms: TermMap,
  temporalQ?: Record<string, unknown>,
  attrs?: string[],
): TemporalRead {
  const representation = parseTemporalRepresentation(query['options'], query['format']);
  const source = { ...query, ...(temporalQ ?? {}) };
  const where = temporalQ ? 'temporalQ or query parameter ' : '';
  const names = attrs ?? listParam(query['attrs'], 'attrs');
  return {
    attrs: names?.map((a) => attributeIri(a, terms)),
    datasetIds: listParam(query['datasetId'], 'datasetId'),
    pick: listParam(query['pick'], 'pick'),
    omit: listParam(query['omit'], 'omit'),
    query: parseTemporalQuery(source, where),
    representation,
    aggregation: parseAggregation(source, representation.format, where),
  };
}

function sendTemporal<T extends Record<string, unknown> | Record<string, unknown>[]>(
  reply: FastifyReply,
  request: FastifyRequest,
  terms: TermMap,
  result: TemporalResult<T>,
): FastifyReply {
  const type = negotiate(request, false);
  if (result.contentRange) void reply.header('content-range', result.contentRange);
  return sendNgsi(reply, type, terms, result.body, result.contentRange ? 206 : 200);
}

function pageOf(query: Query, maxLimit: number): { limit: number; offset: number; count: boolean } {
  const limit = integerParam(query['limit'], 'limit', DEFAULT_LIMIT);
  if (limit > maxLimit) throw ngsiErrors.tooManyResults(`limit may be at most ${maxLimit}.`);
  const count = booleanParam(query['count'], 'count');
  if (limit === 0 && !count) throw ngsiErrors.badRequestData('limit=0 is only meaningful with count=true.');
  return { limit, offset: integerParam(query['offset'], 'offset', 0), count };
}

export async function temporalRoutes(app: FastifyInstance, options: TemporalRoutesOptions): Promise<void> {
  const { resolver, maxLimit } = options;
  const temporal = options.temporal ?? new TemporalService({ db: options.db, maxInstances: DEFAULT_MAX_INSTANCES });

  useNgsiBodyParsers(app);

  app.get(
    '/temporal/entities',
    { config: read, schema: { tags, summary: 'Query the temporal evolution of entities' } },
    async (request, reply) => {
      const query = queryOf(request);
      negotiate(request, false);
      const terms = await requestTerms(request, resolver);
      const page = pageOf(query, maxLimit);
      const ids = listParam(query['id'], 'id');
      const geo = geoInput(query, 'query parameter');
      const selection = {
        ids,
        idPattern: query['idPattern'],
        type: query['type'],
        q: query['q'],
        geo,
        scopeQ: query['scopeQ'],
        local: booleanParam(query['local'], 'local'),
      };
      const readWhat = temporalRead(query, terms);
      const result = await temporal.query(request.tenant, selection, readWhat, page, terms);
      if (result.count !== undefined) void reply.header('ngsild-results-count', String(result.count));
      return sendTemporal(reply, request, terms, result);
    },
  );

  app.post(
    '/temporal/entityOperations/query',
    { config: read, schema: { tags, summary: 'Query the temporal evolution of entities with a Query document' } },
    async (request, reply) => {
      const query = queryOf(request);
      negotiate(request, false);
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      if (typeof body !== 'object' || Array.isArray(body) || (body as { type?: unknown }).type !== 'Query') {
        throw ngsiErrors.badRequestData('The body must be a Query document ({"type": "Query", ...}).');
      }
      const doc = body as Record<string, unknown>;
      const text = (name: string): string | undefined => {
        const v = doc[name];
        if (v !== undefined && typeof v !== 'string') throw ngsiErrors.badRequestData(`${name} must be a string.`);
        return v;
      };
      const object = (name: string): Record<string, unknown> | undefined => {
        const v = doc[name];
        if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) {
          throw ngsiErrors.badRequestData(`${name} must be an object.`);
        }
        return v as Record<string, unknown> | undefined;
      };
      const selectors = doc['entities'];
      if (
        selectors !== undefined &&
        (!Array.isArray(selectors) || selectors.some((s) => typeof s !== 'object' || s === null))
      ) {
        throw ngsiErrors.badRequestData('entities must be an array of entity selectors.');
      }
      if (selectors !== undefined) checkSelectors(selectors as Record<string, unknown>[]);
      const selectorList = (selectors as Record<string, unknown>[] | undefined)?.map((s) => {
        const out: { id?: string; idPattern?: string; type?: string } = {};
        for (const k of ['id', 'idPattern', 'type'] as const) {
          if (s[k] === undefined) continue;
          if (typeof s[k] !== 'string') throw ngsiErrors.badRequestData(`entities[].${k} must be a string.`);
          out[k] = s[k];
        }
        return out;
      });
      const attrs = doc['attrs'];
      if (attrs !== undefined && (!Array.isArray(attrs) || attrs.some((a) => typeof a !== 'string'))) {
        throw ngsiErrors.badRequestData('attrs must be an array of attribute names.');
      }
      if (attrs !== undefined) checkListSize(attrs, 'attrs');
      const geoQ = object('geoQ');
      const readWhat = temporalRead(query, terms, object('temporalQ'), attrs as string[] | undefined);
      const result = await temporal.query(
        request.tenant,
        {
          selectors: selectorList,
          q: text('q'),
          geo: geoQ ? geoInput(geoQ, 'geoQ member') : undefined,
          scopeQ: text('scopeQ'),
        },
        readWhat,
        pageOf(query, maxLimit),
        terms,
      );
      if (result.count !== undefined) void reply.header('ngsild-results-count', String(result.count));
      return sendTemporal(reply, request, terms, result);
    },
  );

  app.get(
    '/temporal/entities/:entityId',
    { config: read, schema: { tags, summary: 'Retrieve the temporal evolution of an entity' } },
    async (request, reply) => {
      const query = queryOf(request);
      negotiate(request, false);
      const terms = await requestTerms(request, resolver);
      const result = await temporal.retrieve(request.tenant, idOf(request), temporalRead(query, terms), terms);
      return sendTemporal(reply, request, terms, result);
    },
  );

  app.post(
    '/temporal/entities',
    { config: write, schema: { tags, summary: 'Create a temporal entity, or add instances to it' } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      const input = parseTemporalEntity(body, terms, true);
      const created = await temporal.createOrAppend(request.tenant, input);
      if (!created) return reply.code(204).send();
      return reply
        .code(201)
        .header('location', `/ngsi-ld/v1/temporal/entities/${pathSegment(input.id)}`)
        .send();
    },
  );

  app.delete(
    '/temporal/entities/:entityId',
    { config: write, schema: { tags, summary: 'Delete a temporal entity and its whole history' } },
    async (request, reply) => {
      await temporal.deleteEntity(request.tenant, idOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/temporal/entities/:entityId/attrs',
    { config: write, schema: { tags, summary: 'Add attribute instances to a temporal entity' } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      await temporal.appendAttributes(request.tenant, idOf(request), parseTemporalEntity(body, terms, false));
      return reply.code(204).send();
    },
  );

  app.delete(
    '/temporal/entities/:entityId/attrs/:attrId',
    { config: write, schema: { tags, summary: "Delete an attribute's history (datasetId, deleteAll)" } },
    async (request, reply) => {
      const query = queryOf(request);
      const terms = await requestTerms(request, resolver);
      const datasetId = query['datasetId'] === undefined ? undefined : checkDatasetId(query['datasetId']);
      await temporal.deleteAttribute(
        request.tenant,
        idOf(request),
        attributeIri(attrOf(request), terms),
        datasetId,
        booleanParam(query['deleteAll'], 'deleteAll'),
      );
      return reply.code(204).send();
    },
  );

  app.patch(
    '/temporal/entities/:entityId/attrs/:attrId/:instanceId',
    { config: write, schema: { tags, summary: 'Correct one attribute instance' } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      const attr = attrOf(request);
      const iri = attributeIri(attr, terms);
      const patch = parseInstanceReplacement(attr, body, terms);
      await temporal.patchInstance(request.tenant, idOf(request), iri, instanceOf(request), patch);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/temporal/entities/:entityId/attrs/:attrId/:instanceId',
    { config: write, schema: { tags, summary: 'Delete one attribute instance' } },
    async (request, reply) => {
      const terms = await requestTerms(request, resolver);
      const iri = attributeIri(attrOf(request), terms);
      await temporal.deleteInstance(request.tenant, idOf(request), iri, instanceOf(request));
      return reply.code(204).send();
    },
  );
}

export interface HistoryRetentionRoutesOptions {
  readonly temporal: TemporalService;
  readonly resolver: ContextResolver;
}

const manage = { access: { permission: 'access:manage' as const } };
const retentionTags = ['NGSI-LD temporal'];
const retentionRule = {
  type: 'object',
  additionalProperties: false,
  required: ['keep'],
  properties: {
    type: {
      type: ['string', 'null'],
      minLength: 1,
      description: 'Entity type (short name or IRI); absent: the whole tenant',
    },
    keep: { type: ['string', 'null'], description: 'ISO 8601 duration such as P90D; null keeps history forever' },
  },
} as const;

/**
 * How long each tenant keeps history: GET lists the default and the tenant's rules, PUT sets a rule
 * for the tenant (NGSILD-Tenant) or one entity type of it, DELETE removes one. Mounted at /api/v1.
 */
export async function historyRetentionRoutes(
  app: FastifyInstance,
  options: HistoryRetentionRoutesOptions,
): Promise<void> {
  const { temporal, resolver } = options;
  const typeIri = async (type: string | null | undefined): Promise<string | null> => {
    if (type === undefined || type === null) return null;
    return (await resolver.resolve(undefined)).expand(type);
  };

  app.get(
    '/context/history-retention',
    { config: manage, schema: { tags: retentionTags, summary: 'How long history is kept in this tenant' } },
    async (request) => temporal.retention(request.tenant),
  );

  app.put(
    '/context/history-retention',
    {
      config: manage,
      schema: {
        tags: retentionTags,
        summary: 'Set how long history is kept (tenant or entity type)',
        body: retentionRule,
      },
    },
    async (request) => {
      const body = request.body as { type?: string | null; keep: string | null };
      return temporal.setRetention(request.tenant, await typeIri(body.type), body.keep);
    },
  );

  app.delete(
    '/context/history-retention',
    {
      config: manage,
      schema: {
        tags: retentionTags,
        summary: 'Remove a retention rule (type: one entity type; absent: the tenant rule)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { type: { type: 'string', minLength: 1 } },
        },
      },
    },
    async (request, reply) => {
      const { type } = request.query as { type?: string };
      await temporal.deleteRetention(request.tenant, await typeIri(type));
      return reply.code(204).send();
    },
  );
}
