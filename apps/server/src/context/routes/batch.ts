import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { ngsiErrors } from '../errors.js';
import { JSON_LD, linkedContext, listParam, requestTerms } from '../http.js';
import type { ContextResolver, TermMap } from '../jsonld/contexts.js';
import { parseEntity } from '../model.js';
import type { BatchItem, BatchResult } from '../service.js';
import { tags, write, type ContextRouteDeps } from './shared.js';
import { BODY, QUERIES, RESPONSES } from './schemas.js';

/** Batch entity operations (§6.14–6.17, §6.31): each entity succeeds or fails on its own. */
export function batchRoutes(app: FastifyInstance, { service, resolver, handle }: ContextRouteDeps): void {
  const batch = { body: true, terms: (request: FastifyRequest, body: unknown) => batchTerms(request, resolver, body) };

  app.post(
    '/entityOperations/create',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create many entities',
        querystring: QUERIES.none,
        body: BODY.entities,
        response: RESPONSES.batchCreate,
      },
    },
    handle(batch, async ({ tenant, body, terms }, reply) => {
      const result = await service.createBatch(tenant, batchItems(body, terms, true, false));
      return sendBatch(reply, result, true);
    }),
  );

  app.post(
    '/entityOperations/upsert',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create or replace (options=update: extend) many entities',
        querystring: QUERIES.batchWithOptions,
        body: BODY.entities,
        response: RESPONSES.batchUpsert,
      },
    },
    handle(batch, async ({ tenant, query, body, terms }, reply) => {
      const mode = (listParam(query['options']) ?? []).includes('update') ? 'update' : 'replace';
      const result = await service.upsertBatch(tenant, batchItems(body, terms, true, false), mode);
      if (result.errors.length === 0 && result.created.length > 0) return reply.code(201).send(result.created);
      return sendBatch(reply, result, false);
    }),
  );

  app.post(
    '/entityOperations/update',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update attributes of many entities (options=noOverwrite)',
        querystring: QUERIES.batchWithOptions,
        body: BODY.entities,
        response: RESPONSES.batch,
      },
    },
    handle(batch, async ({ tenant, query, body, terms }, reply) => {
      const noOverwrite = (listParam(query['options']) ?? []).includes('noOverwrite');
      const result = await service.eachInBatch(batchItems(body, terms, false, false), (e) =>
        service.appendAttributes(tenant, e.id, e, noOverwrite),
      );
      return sendBatch(reply, result, false);
    }),
  );

  app.post(
    '/entityOperations/merge',
    {
      config: write,
      schema: {
        tags,
        summary: 'Merge fragments into many entities',
        querystring: QUERIES.none,
        body: BODY.entities,
        response: RESPONSES.batch,
      },
    },
    handle(batch, async ({ tenant, body, terms }, reply) => {
      const result = await service.eachInBatch(batchItems(body, terms, false, true), (e) =>
        service.mergeEntity(tenant, e.id, e),
      );
      return sendBatch(reply, result, false);
    }),
  );

  app.post(
    '/entityOperations/delete',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete many entities by id',
        querystring: QUERIES.none,
        body: BODY.entityIds,
        response: RESPONSES.batch,
      },
    },
    handle({ body: true, terms: 'core' }, async ({ tenant, body }, reply) => {
      if (!Array.isArray(body) || body.length === 0)
        throw ngsiErrors.badRequestData('A batch delete is a non-empty array of entity ids.');
      const items = body.map((id): BatchItem =>
        typeof id === 'string'
          ? { entity: { id, types: [], attrs: {} } }
          : { entityId: String(id), error: ngsiErrors.badRequestData('An entity id must be a string.') },
      );
      const result = await service.eachInBatch(items, (e) => service.deleteEntity(tenant, e.id));
      return sendBatch(reply, result, false);
    }),
  );
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
