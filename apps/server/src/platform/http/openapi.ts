import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version.js';

/**
 * The OpenAPI 3.1 document is generated from the route schemas, the same ones that validate and
 * serialise, so it cannot drift from what the server does. Served at /openapi.json, browsable at /docs.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Thang Long API',
        version: VERSION,
        description:
          'The smart-city platform of Hanoi. Errors are RFC 9457 problem+json documents with a stable `code`. ' +
          'Authenticate with `Authorization: Bearer <session token or API key>` (or `X-API-Key`). ' +
          'The tenant is chosen with the `NGSILD-Tenant` header (absent: the default tenant).',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'Session token from /api/v1/auth/login, or an API key',
          },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
  });

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
      // The documentation page reads its own parameters in the browser.
      route.schema = { ...route.schema, querystring: { type: 'object', additionalProperties: true } };
    });
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: true },
      staticCSP: true,
    });
  });
}
