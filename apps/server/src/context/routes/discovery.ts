import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ngsiErrors } from '../errors.js';
import { booleanParam, sendNgsi } from '../http.js';
import type { TermMap } from '../jsonld/contexts.js';
import type { AttributeSummary } from '../store.js';
import { read, tags, type ContextRouteDeps } from './shared.js';
import { PARAMS, QUERIES, RESPONSES } from './schemas.js';

/** What types and attributes the entities of a tenant have (§5.7.5–5.7.8, §6.25–6.28). */
export function discoveryRoutes(app: FastifyInstance, { service, handle }: ContextRouteDeps): void {
  const documents = { answers: 'documents' } as const;

  app.get(
    '/types',
    {
      config: read,
      schema: {
        tags,
        summary: 'Entity types (details=true: with attributes)',
        querystring: QUERIES.discovery,
        response: RESPONSES.documents,
      },
    },
    handle(documents, async ({ tenant, query, terms, respondAs }, reply) => {
      const details = booleanParam(query['details'], 'details');
      const summaries = await service.types(tenant);
      if (details) {
        return sendNgsi(
          reply,
          respondAs,
          terms,
          summaries.map((s) => ({
            id: s.type,
            type: 'EntityType',
            typeName: terms.compact(s.type),
            attributeNames: [...s.attributes.keys()].map((a) => terms.compact(a)),
          })),
        );
      }
      return sendNgsi(reply, respondAs, terms, {
        id: listId('EntityTypeList'),
        type: 'EntityTypeList',
        typeList: summaries.map((s) => terms.compact(s.type)),
      });
    }),
  );

  app.get(
    '/types/:type',
    {
      config: read,
      schema: {
        tags,
        summary: 'One entity type, with its attributes',
        params: PARAMS.type,
        querystring: QUERIES.discoveryOne,
        response: RESPONSES.document,
      },
    },
    handle<{ type: string }>(documents, async ({ tenant, params, terms, respondAs }, reply) => {
      const [summary] = await service.types(tenant, terms.expand(params.type));
      if (!summary) throw ngsiErrors.resourceNotFound(`No entity has the type ${params.type}.`);
      return sendNgsi(reply, respondAs, terms, {
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
    }),
  );

  app.get(
    '/attributes',
    {
      config: read,
      schema: {
        tags,
        summary: 'Attributes (details=true: each with the entity types having it)',
        querystring: QUERIES.discovery,
        response: RESPONSES.documents,
      },
    },
    handle(documents, async ({ tenant, query, terms, respondAs }, reply) => {
      const details = booleanParam(query['details'], 'details');
      const summaries = await service.attributes(tenant);
      if (details) {
        return sendNgsi(
          reply,
          respondAs,
          terms,
          summaries.map((s) => detailedAttribute(s, terms)),
        );
      }
      return sendNgsi(reply, respondAs, terms, {
        id: listId('AttributeList'),
        type: 'AttributeList',
        attributeList: summaries.map((s) => terms.compact(s.attribute)),
      });
    }),
  );

  app.get(
    '/attributes/:attrId',
    {
      config: read,
      schema: {
        tags,
        summary: 'One attribute, with the types having it',
        params: PARAMS.attributeName,
        querystring: QUERIES.discoveryOne,
        response: RESPONSES.document,
      },
    },
    handle<{ attrId: string }>(documents, async ({ tenant, params, terms, respondAs }, reply) => {
      const [summary] = await service.attributes(tenant, terms.expand(params.attrId));
      if (!summary) throw ngsiErrors.resourceNotFound(`No entity has the attribute ${params.attrId}.`);
      return sendNgsi(reply, respondAs, terms, attributeView(summary, terms));
    }),
  );
}

const listId = (kind: string) => `urn:ngsi-ld:${kind}:${randomUUID()}`;

/** An attribute in the detailed attribute list (§4.5.14): its names and the entity types having it. */
const detailedAttribute = (s: AttributeSummary, terms: TermMap) => ({
  id: s.attribute,
  type: 'Attribute',
  attributeName: terms.compact(s.attribute),
  typeNames: s.entityTypes.map((t) => terms.compact(t)),
});

/** One attribute's information (§4.5.15): the detailed list's members, with its count and attribute types. */
const attributeView = (s: AttributeSummary, terms: TermMap) => ({
  ...detailedAttribute(s, terms),
  attributeCount: s.entityCount,
  attributeTypes: s.attributeTypes,
});
