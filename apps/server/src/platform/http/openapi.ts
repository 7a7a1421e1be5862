import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { VERSION } from '../version.js';

/**
 * The OpenAPI 3.1 document is generated from the route schemas, the same ones that validate and
 * serialise, so it cannot drift from what the server does. Served at /openapi.json, browsable at /docs.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(PROBLEM_SCHEMA);
  await app.register(swagger, {
    transform: ({ schema, url, route }) => ({ schema: withProblemAnswers(schema, url, route), url }),
    // Shared schemas under their own names (`#/components/schemas/Problem`), not `def-0`.
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json['$id'] === 'string' ? json['$id'] : `def-${i}`),
    },
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

/** The problem+json document every error answer carries (http/problems.ts), shared by all operations. */
const PROBLEM_SCHEMA = {
  $id: 'Problem',
  type: 'object',
  description: 'An RFC 9457 problem document; `code` is stable (docs/errors.md), `detail` is for people.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      description: "Each refused field, for VALIDATION_FAILED and the modules' form errors.",
      items: { type: 'object', additionalProperties: true },
    },
  },
  additionalProperties: true,
} as const;

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
});

/**
 * The error answers an operation can give, added to what its schema declares: the ones every route of
 * its kind gives (the input refused, no credentials, a permission lacking, the database out of reach).
 * Codes of a module's own are in docs/errors.md.
 */
function withProblemAnswers(schema: FastifySchema | undefined, url: string, route: RouteOptions): FastifySchema {
  const declared = (schema?.response ?? {}) as Record<string, unknown>;
  const answers: Record<string, unknown> = {};
  if (!Object.keys(declared).some((status) => /^2/.test(status))) answers['200'] = { description: 'Default Response' };
  const takesInput = Boolean(schema?.body ?? schema?.querystring ?? schema?.params) || url.includes(':');
  if (takesInput)
    answers['400'] = problem(
      "The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module.",
    );
  const access = route.config?.access ?? 'authenticated';
  if (access !== 'public') {
    answers['401'] = problem('UNAUTHENTICATED: no valid session token or API key.');
    answers['403'] = problem(
      typeof access === 'object'
        ? `FORBIDDEN: the caller's roles lack \`${access.permission}\` in the tenant, or the tenant is not theirs.`
        : "FORBIDDEN: the tenant is not the caller's.",
    );
  }
  if (url.includes(':'))
    answers['404'] = problem("NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see.");
  answers['500'] = problem(
    'INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id.',
  );
  answers['503'] = problem('DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less.');
  return { ...schema, response: { ...answers, ...declared } };
}
