import type { FastifyInstance, FastifyReply } from 'fastify';
import { batchItems } from '../batch.js';
import { ngsiErrors } from '../errors.js';
import { listParam } from '../http.js';
import type { BatchItem, BatchResult } from '../service.js';
import { tags, write, type ContextRouteDeps } from './shared.js';
import { BODY, QUERIES, RESPONSES } from './schemas.js';

/** Batch entity operations (§6.14–6.17, §6.31): each entity succeeds or fails on its own. */
export function batchRoutes(app: FastifyInstance, { service, resolver, handle }: ContextRouteDeps): void {
  // Each entity of a JSON-LD batch brings its own @context (read in batchItems, one entity's error at most).
  const batch = { body: true, terms: 'core' as const };

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
    handle(batch, async ({ tenant, body, request }, reply) => {
      const result = await service.createBatch(tenant, await batchItems(request, resolver, body, true, false));
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
    handle(batch, async ({ tenant, query, body, request }, reply) => {
      const mode = (listParam(query['options']) ?? []).includes('update') ? 'update' : 'replace';
      const result = await service.upsertBatch(tenant, await batchItems(request, resolver, body, true, false), mode);
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
    handle(batch, async ({ tenant, query, body, request }, reply) => {
      const noOverwrite = (listParam(query['options']) ?? []).includes('noOverwrite');
      const result = await service.eachInBatch(await batchItems(request, resolver, body, false, false), (e) =>
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
    handle(batch, async ({ tenant, body, request }, reply) => {
      const result = await service.eachInBatch(await batchItems(request, resolver, body, false, true), (e) =>
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

function sendBatch(reply: FastifyReply, result: BatchResult, allCreated: boolean): FastifyReply {
  if (result.errors.length > 0) return reply.code(207).send({ success: result.success, errors: result.errors });
  if (allCreated) return reply.code(201).send(result.created);
  return reply.code(204).send();
}
