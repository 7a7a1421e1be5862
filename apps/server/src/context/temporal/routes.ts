import type { FastifyInstance, FastifyReply } from 'fastify';
import { ngsiErrors } from '../errors.js';
import {
  booleanParam,
  checkListSize,
  listParam,
  ngsiHandlers,
  pageLinks,
  pathSegment,
  sendNgsi,
  useNgsiBodyParsers,
  type NgsiCall,
  type Query,
} from '../http.js';
import type { ContextResolver, TermMap } from '../jsonld/contexts.js';
import { attributeIri } from '../model.js';
import {
  attributeDeletion,
  entitySelectors,
  geoInput,
  pageOf,
  queryDocument,
  type AttributeParams,
  type EntityParams,
} from '../routes/shared.js';
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
import { BODY, PARAMS, QUERIES, RESPONSES } from '../routes/schemas.js';

/** The NGSI-LD temporal API (GS CIM 009 §6.18–6.24), mounted at /ngsi-ld/v1. Routes stay thin. */

export interface TemporalRoutesOptions {
  /** NGSI_LD_BODY_LIMIT: the largest request body, in bytes. */
  readonly bodyLimit: number;
  readonly db: Database;
  readonly service: ContextService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
  /** The temporal service; one is made from `db` when not given. */
  readonly temporal?: TemporalService;
}

const DEFAULT_MAX_INSTANCES = 1000;
const read = { access: { permission: 'context:read' as const } };
const write = { access: { permission: 'context:write' as const } };
const tags = ['NGSI-LD temporal'];

type InstanceParams = AttributeParams & { instanceId: string };

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
  { respondAs, terms, request }: NgsiCall<unknown>,
  result: TemporalResult<T> & { count?: number | undefined; more?: boolean },
  page?: { limit: number; offset: number },
): FastifyReply {
  if (page) {
    const links = pageLinks(request, respondAs, page, result.more ?? false);
    if (links.length > 0) void reply.header('link', links.join(','));
  }
  if (result.count !== undefined) void reply.header('ngsild-results-count', String(result.count));
  if (result.contentRange) void reply.header('content-range', result.contentRange);
  return sendNgsi(reply, respondAs, terms, result.body, result.contentRange ? 206 : 200);
}

export async function temporalRoutes(app: FastifyInstance, options: TemporalRoutesOptions): Promise<void> {
  const { resolver, maxLimit } = options;
  const temporal = options.temporal ?? new TemporalService({ db: options.db, maxInstances: DEFAULT_MAX_INSTANCES });
  const handle = ngsiHandlers(resolver);
  const documents = { answers: 'documents' } as const;

  useNgsiBodyParsers(app, options.bodyLimit);

  app.get(
    '/temporal/entities',
    {
      config: read,
      schema: {
        tags,
        summary: 'Query the temporal evolution of entities',
        querystring: QUERIES.queryTemporal,
        response: RESPONSES.temporal,
      },
    },
    handle(documents, async (call, reply) => {
      const { tenant, query, terms } = call;
      const page = pageOf(query, maxLimit);
      const selection = {
        ids: listParam(query['id'], 'id'),
        idPattern: query['idPattern'],
        type: query['type'],
        q: query['q'],
        geo: geoInput(query, 'query parameter'),
        scopeQ: query['scopeQ'],
        local: booleanParam(query['local'], 'local'),
        orderBy: query['orderBy'],
      };
      const readWhat = temporalRead(query, terms);
      return sendTemporal(reply, call, await temporal.query(tenant, selection, readWhat, page, terms), page);
    }),
  );

  app.post(
    '/temporal/entityOperations/query',
    {
      config: read,
      schema: {
        tags,
        summary: 'Query the temporal evolution of entities with a Query document',
        querystring: QUERIES.temporalQueryDocument,
        body: BODY.query,
        response: RESPONSES.temporal,
      },
    },
    handle({ ...documents, body: true }, async (call, reply) => {
      const { tenant, query, body, terms } = call;
      const doc = queryDocument(body);
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
      const selectors = entitySelectors(doc['entities']);
      const attrs = doc['attrs'];
      if (attrs !== undefined && (!Array.isArray(attrs) || attrs.some((a) => typeof a !== 'string'))) {
        throw ngsiErrors.badRequestData('attrs must be an array of attribute names.');
      }
      if (attrs !== undefined) checkListSize(attrs, 'attrs');
      const geoQ = object('geoQ');
      const page = pageOf(query, maxLimit);
      const readWhat = temporalRead(query, terms, object('temporalQ'), attrs as string[] | undefined);
      const result = await temporal.query(
        tenant,
        {
          selectors,
          q: text('q'),
          geo: geoQ ? geoInput(geoQ, 'geoQ member') : undefined,
          scopeQ: text('scopeQ'),
          orderBy: query['orderBy'],
        },
        readWhat,
        page,
        terms,
      );
      return sendTemporal(reply, call, result, page);
    }),
  );

  app.get(
    '/temporal/entities/:entityId',
    {
      config: read,
      schema: {
        tags,
        summary: 'Retrieve the temporal evolution of an entity',
        params: PARAMS.entity,
        querystring: QUERIES.retrieveTemporal,
        response: RESPONSES.temporal,
      },
    },
    handle<EntityParams>(documents, async (call, reply) => {
      const { tenant, params, query, terms } = call;
      return sendTemporal(
        reply,
        call,
        await temporal.retrieve(tenant, params.entityId, temporalRead(query, terms), terms),
      );
    }),
  );

  app.post(
    '/temporal/entities',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a temporal entity, or add instances to it',
        querystring: QUERIES.none,
        body: BODY.temporalEntity,
        response: RESPONSES.created,
      },
    },
    handle({ body: true }, async ({ tenant, body, terms }, reply) => {
      const input = parseTemporalEntity(body, terms, true);
      const created = await temporal.createOrAppend(tenant, input);
      if (!created) return reply.code(204).send();
      return reply
        .code(201)
        .header('location', `/ngsi-ld/v1/temporal/entities/${pathSegment(input.id)}`)
        .send();
    }),
  );

  app.delete(
    '/temporal/entities/:entityId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a temporal entity and its whole history',
        params: PARAMS.entity,
        querystring: QUERIES.none,
        response: RESPONSES.done,
      },
    },
    handle<EntityParams>({ terms: 'core' }, async ({ tenant, params }, reply) => {
      await temporal.deleteEntity(tenant, params.entityId);
      return reply.code(204).send();
    }),
  );

  app.post(
    '/temporal/entities/:entityId/attrs',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add attribute instances to a temporal entity',
        params: PARAMS.entity,
        querystring: QUERIES.none,
        body: BODY.temporalEntity,
        response: RESPONSES.done,
      },
    },
    handle<EntityParams>({ body: true }, async ({ tenant, params, body, terms }, reply) => {
      await temporal.appendAttributes(tenant, params.entityId, parseTemporalEntity(body, terms, false));
      return reply.code(204).send();
    }),
  );

  app.delete(
    '/temporal/entities/:entityId/attrs/:attrId',
    {
      config: write,
      schema: {
        tags,
        summary: "Delete an attribute's history (datasetId, deleteAll)",
        params: PARAMS.attribute,
        querystring: QUERIES.deleteAttribute,
        response: RESPONSES.done,
      },
    },
    handle<AttributeParams>({}, async (call, reply) => {
      await temporal.deleteAttribute(call.tenant, ...attributeDeletion(call));
      return reply.code(204).send();
    }),
  );

  app.patch(
    '/temporal/entities/:entityId/attrs/:attrId/:instanceId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Correct one attribute instance',
        params: PARAMS.instance,
        querystring: QUERIES.none,
        body: BODY.attribute,
        response: RESPONSES.done,
      },
    },
    handle<InstanceParams>({ body: true }, async ({ tenant, params, body, terms }, reply) => {
      const iri = attributeIri(params.attrId, terms);
      const patch = parseInstanceReplacement(params.attrId, body, terms);
      await temporal.patchInstance(tenant, params.entityId, iri, params.instanceId, patch);
      return reply.code(204).send();
    }),
  );

  app.delete(
    '/temporal/entities/:entityId/attrs/:attrId/:instanceId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete one attribute instance',
        params: PARAMS.instance,
        querystring: QUERIES.none,
        response: RESPONSES.done,
      },
    },
    handle<InstanceParams>({}, async ({ tenant, params, terms }, reply) => {
      const iri = attributeIri(params.attrId, terms);
      await temporal.deleteInstance(tenant, params.entityId, iri, params.instanceId);
      return reply.code(204).send();
    }),
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
