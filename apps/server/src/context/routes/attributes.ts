import type { FastifyInstance, FastifyReply } from 'fastify';
import { ngsiErrors } from '../errors.js';
import { listParam } from '../http.js';
import type { TermMap } from '../jsonld/contexts.js';
import { attributeIri, parseAttribute, parseEntity, parseInstancePatch } from '../model.js';
import type { UpdateResult } from '../service.js';
import {
  attributeDeletion,
  scopeDeletion,
  tags,
  write,
  type AttributeParams,
  type ContextRouteDeps,
  type EntityParams,
} from './shared.js';
import { BODY, PARAMS, QUERIES, RESPONSES } from './schemas.js';

/** The attributes of one entity (§6.6, §6.7): append, update, partial update, replace, delete. */
export function attributeRoutes(app: FastifyInstance, { service, handle }: ContextRouteDeps): void {
  app.post(
    '/entities/:entityId/attrs',
    {
      config: write,
      schema: {
        tags,
        summary: 'Append attributes (options=noOverwrite keeps existing ones)',
        params: PARAMS.entity,
        querystring: QUERIES.appendAttributes,
        body: BODY.fragment,
        response: RESPONSES.updated,
      },
    },
    handle<EntityParams>({ body: true }, async ({ tenant, params, query, body, terms }, reply) => {
      const fragment = parseEntity(body, terms, { requireIdAndType: false });
      const noOverwrite = (listParam(query['options']) ?? []).includes('noOverwrite');
      const result = await service.appendAttributes(tenant, params.entityId, fragment, noOverwrite);
      return sendUpdateResult(reply, result, terms);
    }),
  );

  app.patch(
    '/entities/:entityId/attrs',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update existing attributes',
        params: PARAMS.entity,
        querystring: QUERIES.none,
        body: BODY.fragment,
        response: RESPONSES.updated,
      },
    },
    handle<EntityParams>({ body: true }, async ({ tenant, params, body, terms }, reply) => {
      const fragment = parseEntity(body, terms, { requireIdAndType: false, allowNull: true });
      const result = await service.updateAttributes(tenant, params.entityId, fragment);
      return sendUpdateResult(reply, result, terms);
    }),
  );

  app.patch(
    '/entities/:entityId/attrs/:attrId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Partially update one attribute',
        params: PARAMS.attribute,
        querystring: QUERIES.none,
        body: BODY.attribute,
        response: RESPONSES.done,
      },
    },
    handle<AttributeParams>({ body: true }, async ({ tenant, params, body, terms }, reply) => {
      const patch = parseInstancePatch(params.attrId, attributeBody(body), terms);
      await service.patchAttribute(tenant, params.entityId, attributeIri(params.attrId, terms), patch);
      return reply.code(204).send();
    }),
  );

  app.put(
    '/entities/:entityId/attrs/:attrId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Replace one attribute',
        params: PARAMS.attribute,
        querystring: QUERIES.none,
        body: BODY.attribute,
        response: RESPONSES.done,
      },
    },
    handle<AttributeParams>({ body: true }, async ({ tenant, params, body, terms }, reply) => {
      const [instance] = parseAttribute(params.attrId, attributeBody(body), terms, false);
      if (!instance) throw ngsiErrors.badRequestData('The attribute is empty.');
      await service.replaceAttribute(tenant, params.entityId, attributeIri(params.attrId, terms), instance);
      return reply.code(204).send();
    }),
  );

  app.delete(
    '/entities/:entityId/attrs/:attrId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete an attribute (datasetId, deleteAll), or the scope',
        params: PARAMS.attribute,
        querystring: QUERIES.deleteAttribute,
        response: RESPONSES.done,
      },
    },
    handle<AttributeParams>({}, async (call, reply) => {
      if (call.params.attrId === 'scope') {
        const { entityId, datasetId } = scopeDeletion(call);
        await service.deleteScope(call.tenant, entityId, datasetId);
        return reply.code(204).send();
      }
      await service.deleteAttribute(call.tenant, ...attributeDeletion(call));
      return reply.code(204).send();
    }),
  );
}

/** One attribute in a body: a JSON object, without the @context it may carry. */
function attributeBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ngsiErrors.badRequestData('The attribute must be a JSON object.');
  }
  const { '@context': _context, ...fragment } = body as Record<string, unknown>;
  return fragment;
}

function sendUpdateResult(reply: FastifyReply, result: UpdateResult, terms: TermMap): FastifyReply {
  if (result.notUpdated.length === 0) return reply.code(204).send();
  return reply.code(207).send({
    updated: result.updated.map((a) => terms.compact(a)),
    notUpdated: result.notUpdated.map((n) => ({ attributeName: terms.compact(n.attributeName), reason: n.reason })),
  });
}
