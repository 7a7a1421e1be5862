import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { WarningService } from './service.js';
import { ownBaseUrl } from '../../platform/http/own-url.js';
import { AtomFeed, CapDocument, WarningListSchema } from './schemas.js';

/** Public warnings are for everyone: no login, cacheable for a minute. */

const open = { access: 'public' as const };
const tags = ['Public warnings'];

export async function warningRoutes(fastify: FastifyInstance, { warnings }: { warnings: WarningService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/warnings',
    {
      config: open,
      schema: {
        tags,
        summary: 'Public warnings in force (CAP 1.2 messages, summarised in Vietnamese and English)',
        response: { 200: WarningListSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      const header = request.headers['ngsild-tenant'];
      return { warnings: await warnings.active(typeof header === 'string' ? header : undefined) };
    },
  );

  app.get(
    '/api/v1/warnings/cap.atom',
    {
      config: open,
      schema: {
        tags,
        summary: 'Atom feed of the CAP messages in force, with cap: summary elements',
        response: { 200: AtomFeed },
      },
    },
    async (_request, reply) =>
      reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=60')
        .send(await warnings.feed(ownBaseUrl(fastify, undefined))),
  );

  app.get(
    '/api/v1/warnings/cap/:identifier',
    {
      config: open,
      schema: {
        tags,
        summary: 'One CAP 1.2 message, as sent (its URL never changes)',
        params: Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: CapDocument },
      },
    },
    async (request, reply) =>
      reply
        .type('application/cap+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=86400, immutable')
        .send(await warnings.xml(request.params.identifier)),
  );
}
