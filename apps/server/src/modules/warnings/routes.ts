import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { WarningService } from './service.js';
import { ownBaseUrl } from '../../platform/http/own-url.js';
import {
  AtomFeed,
  CapDocument,
  WarningIdentifierParams,
  WarningListSchema,
  WarningSchema,
  WriteWarningSchema,
} from './schemas.js';

/**
 * Public warnings are for everyone: no login, cacheable for a minute. They are the tenant's the
 * request addresses, as everywhere in the API: the tenant header, else a caller's own tenant, else
 * the default one.
 */

const open = { access: 'public' as const };
const tags = ['Public warnings'];
const write = { access: { permission: 'warnings:write' as const } };

/** Caches keep each tenant's answer apart; one shaped by the caller's own tenant is theirs alone. */
function cachedFor(request: FastifyRequest, reply: FastifyReply, directives: string): FastifyReply {
  return reply
    .header('cache-control', `${request.principal ? 'private' : 'public'}, ${directives}`)
    .header('vary', 'NGSILD-Tenant, Fiware-Service');
}

export async function warningRoutes(fastify: FastifyInstance, { warnings }: { warnings: WarningService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/warnings',
    {
      config: open,
      schema: {
        tags,
        summary: "The tenant's public warnings in force (CAP 1.2 messages, summarised in Vietnamese and English)",
        response: { 200: WarningListSchema },
      },
    },
    async (request, reply) => {
      const inForce = await warnings.active(request.tenant);
      void cachedFor(request, reply, 'max-age=60');
      return { warnings: inForce };
    },
  );

  app.get(
    '/api/v1/warnings/cap.atom',
    {
      config: open,
      schema: {
        tags,
        summary: "Atom feed of the tenant's CAP messages in force, with cap: summary elements",
        response: { 200: AtomFeed },
      },
    },
    async (request, reply) => {
      const feed = await warnings.feed(request.tenant, ownBaseUrl(fastify, undefined));
      return cachedFor(request, reply, 'max-age=60').type('application/atom+xml; charset=utf-8').send(feed);
    },
  );

  app.get(
    '/api/v1/warnings/cap/:identifier',
    {
      config: open,
      schema: {
        tags,
        summary: "One of the tenant's CAP 1.2 messages, as sent (its URL never changes)",
        params: Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: CapDocument },
      },
    },
    async (request, reply) => {
      const xml = await warnings.xml(request.tenant, request.params.identifier);
      return cachedFor(request, reply, 'max-age=86400, immutable').type('application/cap+xml; charset=utf-8').send(xml);
    },
  );

  app.post(
    '/api/v1/warnings',
    {
      config: write,
      schema: {
        tags,
        summary: "Write a warning to the public (a CAP Alert in Vietnamese and English, in the caller's tenant)",
        body: WriteWarningSchema,
        response: { 201: WarningSchema },
      },
    },
    async (request, reply) => {
      const { expires, ...rest } = request.body;
      const warning = await warnings.write(request.tenant, { ...rest, expires: new Date(expires) });
      return reply.code(201).header('location', `/api/v1/warnings/cap/${warning.identifier}`).send(warning);
    },
  );

  app.post(
    '/api/v1/warnings/:identifier/cancel',
    {
      config: write,
      schema: {
        tags,
        summary: 'Cancel a written warning in force (a CAP Cancel referencing its messages)',
        params: WarningIdentifierParams,
        response: { 200: WarningSchema },
      },
    },
    async (request) => warnings.cancel(request.tenant, request.params.identifier),
  );
}
