import type { FastifyInstance } from 'fastify';

/**
 * The published timetable and its GTFS-Realtime feeds are open data: a journey planner on another site
 * reads them from its riders' browsers. Their public GETs answer any origin (`*`, never with
 * credentials: they answer nobody by their cookies). An answer to a caller who logged in may be shaped
 * by their tenant: it keeps the platform's own CORS (CORS_ORIGINS), as every authenticated route does.
 */

export const OPEN_READ = { access: 'public' as const };

/** How long a shared cache may keep a timetable answer: a schedule changes only when a feed is imported. */
const TIMETABLE_SECONDS = 300;
/** Departures carry live predictions, and the rider's page asks again every 30 s. */
const DEPARTURES_SECONDS = 15;

/**
 * Adds the open-data headers to the public GETs of the routes of `app` (a plugin's own scope); with
 * `cacheControl`, a Cache-Control for those that set none themselves.
 */
export function openReadsToEveryOrigin(app: FastifyInstance, options: { cacheControl?: boolean } = {}): void {
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
