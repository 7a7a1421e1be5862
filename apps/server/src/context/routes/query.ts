import type { FastifyInstance } from 'fastify';
import { ngsiErrors } from '../errors.js';
import { booleanParam, checkListSize, listParam } from '../http.js';
import { joinLevelOf, joinOf } from '../linked.js';
import { attributeIri } from '../model.js';
import {
  entitySelectors,
  geoInput,
  pageOf,
  queryDocument,
  read,
  renderOptions,
  sendLinked,
  sendPage,
  tags,
  write,
  type ContextRouteDeps,
} from './shared.js';
import { BODY, QUERIES, RESPONSES } from './schemas.js';

/** Querying entities (§6.4.3.2, §6.23): by query parameters, or by a Query document in a body. */
export function queryRoutes(app: FastifyInstance, { service, maxLimit, handle }: ContextRouteDeps): void {
  app.get(
    '/entities',
    {
      config: read,
      schema: { tags, summary: 'Query entities', querystring: QUERIES.queryEntities, response: RESPONSES.entities },
    },
    handle({ answers: 'entities' }, async (call, reply) => {
      const { query, terms, tenant } = call;
      const page = pageOf(query, maxLimit);
      const render = renderOptions(query, terms);
      const ids = listParam(query['id'], 'id');
      const attrs = listParam(query['attrs'], 'attrs');
      const geo = geoInput(query, 'query parameter');
      const selection = { ids, idPattern: query['idPattern'], type: query['type'], q: query['q'] };
      const join = joinOf(query['join'], query['joinLevel']);
      // Ids alone do not make a query (§6.4.3.2): that is retrieval; local=true asks for everything held here.
      const { ids: _ids, ...selecting } = selection;
      if (
        [...Object.values(selecting), attrs, geo, query['scopeQ']].every((v) => v === undefined) &&
        !booleanParam(query['local'], 'local')
      ) {
        throw ngsiErrors.badRequestData(
          'Say which entities: give type, idPattern, attrs, q, a geo-query, scopeQ or local=true.',
        );
      }
      const result = await service.queryEntities(
        tenant,
        {
          ...selection,
          attrs: attrs?.map((a) => terms.expand(a)),
          geo,
          scopeQ: query['scopeQ'],
          orderBy: query['orderBy'],
          ...page,
        },
        terms,
      );
      sendPage(reply, call, page, result);
      return sendLinked(reply, call, result.entities, render, join, (linked) => service.entitiesByIds(tenant, linked));
    }),
  );

  app.post(
    '/entityOperations/query',
    {
      config: read,
      schema: {
        tags,
        summary: 'Query entities with a Query document in the body',
        querystring: QUERIES.queryDocument,
        body: BODY.query,
        response: RESPONSES.entities,
      },
    },
    handle({ body: true, answers: 'entities' }, async (call, reply) => {
      const { tenant, query, body, terms } = call;
      const doc = queryDocument(body);
      const text = (name: string): string | undefined => {
        const v = doc[name];
        if (v !== undefined && typeof v !== 'string') throw ngsiErrors.badRequestData(`${name} must be a string.`);
        return v;
      };
      const attrs = doc['attrs'];
      if (attrs !== undefined && (!Array.isArray(attrs) || attrs.some((a) => typeof a !== 'string'))) {
        throw ngsiErrors.badRequestData('attrs must be an array of attribute names.');
      }
      if (attrs !== undefined) checkListSize(attrs, 'attrs');
      const selectors = entitySelectors(doc['entities']);
      const geoQ = doc['geoQ'] as Record<string, unknown> | undefined;
      if (geoQ !== undefined && (typeof geoQ !== 'object' || geoQ === null))
        throw ngsiErrors.badRequestData('geoQ must be an object.');
      const page = pageOf(query, maxLimit, { zeroNeedsCount: false });
      const result = await service.queryEntities(
        tenant,
        {
          selectors,
          attrs: (attrs as string[] | undefined)?.map((a) => terms.expand(a)),
          q: text('q'),
          geo: geoQ ? geoInput(geoQ, 'geoQ member') : undefined,
          scopeQ: text('scopeQ'),
          ...page,
        },
        terms,
      );
      sendPage(reply, call, page, result);
      const render = { ...renderOptions(query, terms), lang: text('lang') ?? query['lang'] };
      // Accept: application/geo+json gets a FeatureCollection, as from GET /entities (§6.23.3.1).
      const join = joinOf(text('join'), joinLevelOf(doc['joinLevel']));
      return sendLinked(reply, call, result.entities, render, join, (linked) => service.entitiesByIds(tenant, linked));
    }),
  );

  app.delete(
    '/entities',
    {
      config: write,
      schema: {
        tags,
        summary: 'Purge the entities a query selects (keep, drop: only some of their attributes)',
        querystring: QUERIES.purgeEntities,
        response: RESPONSES.done,
      },
    },
    handle({}, async ({ tenant, query, terms }, reply) => {
      const names = (name: string) => listParam(query[name], name)?.map((a) => attributeIri(a, terms));
      await service.purgeEntities(
        tenant,
        {
          ids: listParam(query['id'], 'id'),
          idPattern: query['idPattern'],
          type: query['type'],
          q: query['q'],
          scopeQ: query['scopeQ'],
          local: booleanParam(query['local'], 'local'),
          keep: names('keep'),
          drop: names('drop'),
        },
        terms,
      );
      return reply.code(204).send();
    }),
  );
}
