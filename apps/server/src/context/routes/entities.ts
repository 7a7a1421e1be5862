import type { FastifyInstance } from 'fastify';
import { ngsiErrors } from '../errors.js';
import { GEO_JSON, pathSegment, sendNgsi } from '../http.js';
import { joinOf, renderRetrieved, renderWithLinks } from '../linked.js';
import { parseEntity } from '../model.js';
import { read, renderOptions, sendEntities, tags, write, type ContextRouteDeps, type EntityParams } from './shared.js';
import { BODY, PARAMS, QUERIES, RESPONSES } from './schemas.js';

/** Entities as wholes (§6.4, §6.5): create, retrieve, merge, replace, delete. */
export function entityRoutes(app: FastifyInstance, { service, handle }: ContextRouteDeps): void {
  app.post(
    '/entities',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create an entity',
        querystring: QUERIES.none,
        body: BODY.entity,
        response: RESPONSES.created,
      },
    },
    handle({ body: true }, async ({ tenant, body, terms }, reply) => {
      const entity = parseEntity(body, terms, { requireIdAndType: true });
      await service.createEntity(tenant, entity);
      return reply
        .code(201)
        .header('location', `/ngsi-ld/v1/entities/${pathSegment(entity.id)}`)
        .send();
    }),
  );

  app.get(
    '/entities/:entityId',
    {
      config: read,
      schema: {
        tags,
        summary: 'Retrieve an entity',
        params: PARAMS.entity,
        querystring: QUERIES.retrieveEntity,
        response: RESPONSES.entity,
      },
    },
    handle<EntityParams>({ answers: 'entities' }, async (call, reply) => {
      const { query, terms, tenant } = call;
      const render = renderOptions(query, terms);
      const join = joinOf(query['join'], query['joinLevel']);
      const entity = await service.retrieveEntity(tenant, call.params.entityId);
      // 404 when pick, omit or attrs leave nothing of it.
      const rendered = renderRetrieved(entity, terms, render);
      if (call.respondAs === GEO_JSON) return sendEntities(reply, call, entity, render);
      if (!join) return sendNgsi(reply, call.respondAs, terms, rendered);
      const linked = await renderWithLinks([entity], terms, render, join, (ids) => service.entitiesByIds(tenant, ids));
      // Flat with nothing linked is the entity alone.
      return sendNgsi(reply, call.respondAs, terms, linked.length > 1 ? linked : (linked[0] ?? rendered));
    }),
  );

  app.delete(
    '/entities/:entityId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete an entity',
        params: PARAMS.entity,
        querystring: QUERIES.none,
        response: RESPONSES.done,
      },
    },
    handle<EntityParams>({ terms: 'core' }, async ({ tenant, params }, reply) => {
      await service.deleteEntity(tenant, params.entityId);
      return reply.code(204).send();
    }),
  );

  app.patch(
    '/entities/:entityId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Merge a fragment into an entity (NGSI-LD Null deletes)',
        params: PARAMS.entity,
        querystring: QUERIES.none,
        body: BODY.fragment,
        response: RESPONSES.done,
      },
    },
    handle<EntityParams>({ body: true }, async ({ tenant, params, body, terms }, reply) => {
      const fragment = parseEntity(body, terms, { requireIdAndType: false, allowNull: true });
      if (fragment.id !== '' && fragment.id !== params.entityId) {
        throw ngsiErrors.badRequestData('The id in the body is not the id of the entity being patched.');
      }
      await service.mergeEntity(tenant, params.entityId, fragment);
      return reply.code(204).send();
    }),
  );

  app.put(
    '/entities/:entityId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Replace an entity',
        params: PARAMS.entity,
        querystring: QUERIES.none,
        body: BODY.entity,
        response: RESPONSES.done,
      },
    },
    handle<EntityParams>({ body: true }, async ({ tenant, params, body, terms }, reply) => {
      const replacement = parseEntity(body, terms, { requireIdAndType: false });
      await service.replaceEntity(tenant, params.entityId, replacement);
      return reply.code(204).send();
    }),
  );
}
