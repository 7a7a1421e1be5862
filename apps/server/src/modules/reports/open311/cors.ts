import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Cross-origin reading of the public Open311 API, so a third party's web app in a browser can list the
 * services and reports and post a report with the api_key the city issued it. Any origin, never
 * credentials: the API is public and answers nobody by their cookies. The staff API stays closed (the
 * platform's own CORS_ORIGINS decides there); these routes opt out of it (`cors: false`).
 */

/** What a cross-origin page may send: a form, JSON or multipart body, and its language. */
const ALLOWED_HEADERS = 'accept, accept-language, content-type';
/** What it may read besides the simple headers: how long to wait when limited, the id to quote. */
const EXPOSED_HEADERS = 'retry-after, x-request-id';
/** Browsers keep a preflight's answer this long (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_S = 7200;

/** The route options that let the Open311 routes answer for themselves, not the platform's CORS. */
export const OWN_CORS = { cors: false } as const;

/** The path's methods: reports are posted at `requests`, everything else is read. */
const methodsOf = (url: string): string => (/\/requests(?:\.(?:json|xml))?(?:\?|$)/i.test(url) ? 'GET, POST' : 'GET');

/** Whether the request comes from a page of another site than this platform's (its Origin header). */
export function fromAnotherSite(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === '') return false;
  const own = [new URL(publicUrl).origin, `${request.protocol}://${request.host}`];
  return !own.includes(origin);
}

/** Adds the headers to every Open311 answer and answers preflights (OPTIONS) under `base`. */
export function openToEveryOrigin(app: FastifyInstance, base: string, config: object): void {
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith(`${base}/`) || request.headers.origin === undefined) return;
    void reply.header('access-control-allow-origin', '*');
    void reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    reply.removeHeader('access-control-allow-credentials');
  });
  app.options(`${base}/*`, { config, schema: { hide: true } }, async (request, reply) => {
    const methods = methodsOf(request.url);
    void reply.header('allow', `${methods}, OPTIONS`);
    if (request.headers['access-control-request-method'] !== undefined) {
      void reply.header('access-control-allow-methods', methods);
      void reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      void reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
    }
    return reply.code(204).header('content-length', '0').send();
  });
}
