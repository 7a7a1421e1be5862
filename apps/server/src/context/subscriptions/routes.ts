import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ngsiErrors } from '../errors.js';
import {
  booleanParam,
  integerParam,
  negotiate,
  queryOf,
  requestTerms,
  requireBody,
  sendNgsi,
  useNgsiBodyParsers,
  pageLinks,
  pathSegment,
  representation,
} from '../http.js';
import { ownBaseUrl } from '../../platform/http/own-url.js';
import type { ContextResolver } from '../jsonld/contexts.js';
import { QUERIES } from '../routes/schemas.js';
import { renderSubscription } from './model.js';
import { ownerOf, readsSecrets, type SubscriptionService } from './service.js';

/** NGSI-LD subscriptions (GS CIM 009 V1.8.1 §5.8, §6.10–6.11), mounted at /ngsi-ld/v1. Routes stay thin. */

export interface SubscriptionRoutesOptions {
  /** NGSI_LD_BODY_LIMIT: the largest request body, in bytes. */
  readonly bodyLimit: number;
  readonly subscriptions: SubscriptionService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
  /** PUBLIC_URL: the base of the URLs of @contexts the broker makes for subscriptions (else where it listens). */
  readonly publicUrl?: string | undefined;
}

const DEFAULT_LIMIT = 20;
const read = { access: { permission: 'context:read' as const } };
const write = { access: { permission: 'context:write' as const } };
const tags = ['NGSI-LD'];

/** `options=sysAttrs` shows createdAt and modifiedAt (no other option applies to a subscription). */
function showsSysAttrs(request: FastifyRequest): boolean {
  const options = queryOf(request)['options'];
  return options !== undefined && representation(options, undefined).sysAttrs;
}

// The router has already percent-decoded path parameters once.
const idOf = (request: FastifyRequest) => (request.params as { subscriptionId: string }).subscriptionId;

export async function subscriptionRoutes(app: FastifyInstance, options: SubscriptionRoutesOptions): Promise<void> {
  const { subscriptions, resolver, maxLimit, publicUrl } = options;
  const contextUrlFor = (id: string) => `${ownBaseUrl(app, publicUrl)}/ngsi-ld/v1/jsonldContexts/${id}`;
  useNgsiBodyParsers(app, options.bodyLimit);

  app.post(
    '/subscriptions',
    { config: write, schema: { tags, summary: 'Create a subscription', querystring: QUERIES.none } },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      const owner = ownerOf(request.principal);
      const id = await subscriptions.create(request.tenant, body, terms, new Date(), owner, contextUrlFor);
      return reply
        .code(201)
        .header('location', `/ngsi-ld/v1/subscriptions/${pathSegment(id)}`)
        .send();
    },
  );

  app.get(
    '/subscriptions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Query subscriptions (limit, offset, count; options=sysAttrs)',
        querystring: QUERIES.subscriptions,
      },
    },
    async (request, reply) => {
      const query = queryOf(request);
      const type = negotiate(request, false);
      const terms = await requestTerms(request, resolver);
      const sysAttrs = showsSysAttrs(request);
      const limit = integerParam(query['limit'], 'limit', DEFAULT_LIMIT);
      if (limit > maxLimit) throw ngsiErrors.tooManyResults(`limit may be at most ${maxLimit}.`);
      const count = booleanParam(query['count'], 'count');
      if (limit === 0 && !count) throw ngsiErrors.badRequestData('limit=0 is only meaningful with count=true.');
      const offset = integerParam(query['offset'], 'offset', 0);
      const page = await subscriptions.list(request.tenant, { limit, offset, count });
      if (page.count !== undefined) void reply.header('ngsild-results-count', String(page.count));
      const now = new Date();
      return sendNgsi(
        reply,
        type,
        terms,
        page.subscriptions.map((s) =>
          renderSubscription(s.subscription, s.state, terms, now, {
            secrets: readsSecrets(request.principal, s),
            sysAttrs,
          }),
        ),
        200,
        pageLinks(request, type, { limit, offset }, page.more),
      );
    },
  );

  app.get(
    '/subscriptions/:subscriptionId',
    {
      config: read,
      schema: { tags, summary: 'Retrieve a subscription (options=sysAttrs)', querystring: QUERIES.subscription },
    },
    async (request, reply) => {
      const type = negotiate(request, false);
      const sysAttrs = showsSysAttrs(request);
      const terms = await requestTerms(request, resolver);
      const found = await subscriptions.retrieve(request.tenant, idOf(request));
      const secrets = readsSecrets(request.principal, found);
      return sendNgsi(
        reply,
        type,
        terms,
        renderSubscription(found.subscription, found.state, terms, new Date(), { secrets, sysAttrs }),
      );
    },
  );

  app.patch(
    '/subscriptions/:subscriptionId',
    {
      config: write,
      schema: { tags, summary: 'Update a subscription (merge; null removes a member)', querystring: QUERIES.none },
    },
    async (request, reply) => {
      const body = requireBody(request);
      const terms = await requestTerms(request, resolver, body);
      const { tenant, principal } = request;
      await subscriptions.update(tenant, idOf(request), body, terms, new Date(), principal, contextUrlFor);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/subscriptions/:subscriptionId',
    { config: write, schema: { tags, summary: 'Delete a subscription', querystring: QUERIES.none } },
    async (request, reply) => {
      await subscriptions.delete(request.tenant, idOf(request));
      return reply.code(204).send();
    },
  );
}
