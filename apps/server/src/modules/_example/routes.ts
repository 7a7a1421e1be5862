import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../platform/auth/index.js';
import type { GreetingService } from './service.js';

/** The example module's one route: thin, the service holds the rule. */

const read = { access: { permission: 'example:read' as const } };

const GreetingSchema = Type.Object({
  text: Type.String(),
  language: Type.Union([Type.Literal('vi'), Type.Literal('en')]),
});

export async function exampleRoutes(fastify: FastifyInstance, opts: { greetings: GreetingService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/example/greeting',
    {
      config: read,
      schema: {
        tags: ['Example'],
        summary: 'A greeting for the caller',
        response: { 200: GreetingSchema },
      },
    },
    async (request) => opts.greetings.greet(principalOf(request).name),
  );
}
