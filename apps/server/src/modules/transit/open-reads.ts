import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * The published timetable and its GTFS-Realtime feeds are open data: a journey planner on another site
 * reads them from its riders' browsers. Their public GETs answer any origin (`*`, never with
 * credentials: they answer nobody by their cookies). An answer to a caller who logged in may be shaped
 * by their tenant: it keeps the platform's own CORS (CORS_ORIGINS), as every authenticated route does.
 * A page naming its tenant (a header no simple request carries) is first asked about by its browser
 * (a preflight, OPTIONS): each public GET answers it, for GET and HEAD and those headers only.
 */

export const OPEN_READ = { access: 'public' as const };

/** How long a shared cache may keep a timetable answer: a schedule changes only when a feed is imported. */
const TIMETABLE_SECONDS = 300;
/** Departures carry live predictions, and the rider's page asks again every 30 s. */
const DEPARTURES_SECONDS = 15;
/**
 * What a page on another site may send with a public read: the tenant and the validators of what it
 * already has. Not Authorization: a caller who logs in is not answered across sites here.
 */
const PREFLIGHT_HEADERS = 'ngsild-tenant, fiware-service, if-none-match, if-modified-since';
/** Browsers keep a preflight's answer this long (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_S = 7200;

/**
 * Adds the open-data headers to the public GETs of the routes of `app` (a plugin's own scope), and an
 * answer to their preflights; with `cacheControl`, a Cache-Control for those that set none themselves.
 * Call it before declaring the routes.
 */
export function openReadsToEveryOrigin(app: FastifyInstance, options: { cacheControl?: boolean } = {}): void {
  const answered = new Set<string>();
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('GET') || (route.config as { access?: unknown } | undefined)?.access !== 'public') return;
    if (answered.has(route.url)) return;
    answered.add(route.url);
    app.route({
      method: 'OPTIONS',
      url: route.url,
      // Answered here, not by the platform's CORS, which knows only its own origins.
      config: { access: 'public', cors: false },
      // The preflight comes with the read's query; the answer is the same whatever it holds.
      schema: { hide: true, querystring: { type: 'object', additionalProperties: true } },
      handler: async (request, reply) => {
        void reply.header('allow', 'GET, HEAD, OPTIONS');
        if (request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined) {
          void reply.header('access-control-allow-origin', '*');
          void reply.header('access-control-allow-methods', 'GET, HEAD');
          void reply.header('access-control-allow-headers', PREFLIGHT_HEADERS);
          void reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
        }
        return reply.code(204).header('content-length', '0').send();
      },
    });
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if ((request.routeOptions.config as { access?: unknown }).access !== 'public') return;
    if (request.principal) {
      // A logged-in caller's answer may be shaped by their tenant: theirs alone.
      if (options.cacheControl && !reply.hasHeader('cache-control'))
        void reply.header('cache-control', 'private, no-cache');
      return;
    }
    // In place of what the platform's CORS may have set (an origin it knows, with credentials).
    void reply.header('access-control-allow-origin', '*');
    reply.removeHeader('access-control-allow-credentials');
    if (options.cacheControl && !reply.hasHeader('cache-control') && reply.statusCode < 400) {
      const seconds = request.routeOptions.url?.endsWith('/departures') ? DEPARTURES_SECONDS : TIMETABLE_SECONDS;
      void reply.header('cache-control', `public, max-age=${seconds}`);
      // Each tenant's timetable is its own.
      if (!reply.hasHeader('vary')) void reply.header('vary', 'NGSILD-Tenant, Fiware-Service');
    }
  });
}
