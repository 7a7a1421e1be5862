import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ALL_TENANTS, canActInTenant } from '../../platform/auth/index.js';
import { ownBaseUrl } from '../../platform/http/own-url.js';
import { ngsiErrors } from '../errors.js';
import { booleanParam, negotiate, queryOf, requireBody } from '../http.js';
import type { ContextOwner } from '../jsonld/contexts.js';
import type { ContextKind, StoredContext } from '../jsonld/store.js';
import { read, tags, write, type ContextRouteDeps } from './shared.js';
import { BODY, PARAMS, QUERIES, RESPONSES } from './schemas.js';

/** @context documents the broker hosts or has cached (§5.13, §6.30). */
export function jsonldContextRoutes(
  app: FastifyInstance,
  { resolver, publicUrl, anonymousOpen }: ContextRouteDeps,
): void {
  type ContextParams = { Params: { contextId: string } };

  app.post(
    '/jsonldContexts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Host a @context document',
        querystring: QUERIES.none,
        body: BODY.context,
        response: RESPONSES.created,
      },
    },
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
    {
      config: read,
      schema: {
        tags,
        summary: 'The @context documents held: hosted, cached and implicitly created',
        querystring: QUERIES.listContexts,
        response: RESPONSES.contexts,
      },
    },
    async (request) => {
      const query = queryOf(request);
      const kind = query['kind'];
      if (kind !== undefined && KINDS[kind.toLowerCase()] === undefined) {
        throw ngsiErrors.badRequestData('kind must be Hosted, Cached or ImplicitlyCreated.');
      }
      const contexts = await resolver.list(request.tenant, kind === undefined ? undefined : KINDS[kind.toLowerCase()]);
      return booleanParam(query['details']?.toLowerCase(), 'details')
        ? contexts.map(contextView)
        : contexts.map((c) => c.url);
    },
  );

  app.get<ContextParams>(
    '/jsonldContexts/:contextId',
    // A @context is vocabulary, not city data: JSON-LD processors must be able to fetch it.
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A hosted or cached @context document',
        params: PARAMS.context,
        querystring: QUERIES.serveContext,
        response: RESPONSES.context,
      },
    },
    async (request, reply) => {
      const details = booleanParam(queryOf(request)['details']?.toLowerCase(), 'details');
      const found = await resolver.get(request.params.contextId, contextOwner(request, anonymousOpen), details);
      if (details) return contextView(found);
      return reply.type(negotiate(request, false)).send(found.body);
    },
  );

  app.delete<ContextParams>(
    '/jsonldContexts/:contextId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Forget a @context (reload=true: download a cached one again)',
        params: PARAMS.context,
        querystring: QUERIES.deleteContext,
        response: RESPONSES.done,
      },
    },
    async (request, reply) => {
      const reload = booleanParam(queryOf(request)['reload'], 'reload');
      const owner = contextOwner(request) ?? { tenant: request.tenant, admin: false };
      await resolver.remove(owner, request.params.contextId, reload);
      return reply.code(204).send();
    },
  );
}

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

/** The kinds of §5.13 by their lower-cased API names. */
const KINDS: Readonly<Record<string, ContextKind>> = {
  hosted: 'hosted',
  cached: 'cached',
  implicitlycreated: 'implicit',
};
const KIND_NAMES: Readonly<Record<ContextKind, string>> = {
  hosted: 'Hosted',
  cached: 'Cached',
  implicit: 'ImplicitlyCreated',
};

const contextView = (c: StoredContext) => ({
  URL: c.url,
  localId: c.id,
  kind: KIND_NAMES[c.kind],
  createdAt: c.createdAt.toISOString(),
  ...(c.lastUsedAt ? { lastUsage: c.lastUsedAt.toISOString() } : {}),
  numberOfHits: c.hits,
});
