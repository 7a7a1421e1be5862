import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { actorOf, type AuditTrail } from './service.js';

/**
 * Every write that reaches a route is recorded once, here, when its response is sent — whatever the
 * outcome, refusals included. Reads are not (modules record reads of personal data themselves).
 */

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a route acts on when no route parameter says it (the login: the username tried). */
    auditTarget?: (request: FastifyRequest) => string | undefined;
  }
  interface FastifyRequest {
    /** What a route adds to its request's audit record (a one-time code locked by this try). */
    auditDetail?: Readonly<Record<string, unknown>>;
  }
}

export interface AuditHttpOptions {
  readonly audit: AuditTrail;
  /** Route patterns not recorded (devices' telemetry: its record is the entity's history). */
  readonly skipRoutes?: readonly string[];
}

/** What the request acted on: its first route parameter, else what a 201 says it created. */
function targetOf(request: FastifyRequest, reply: FastifyReply): string | null {
  const named = request.routeOptions.config.auditTarget?.(request);
  if (named !== undefined) return named;
  const params = (request.params ?? {}) as Record<string, unknown>;
  const first = Object.values(params).find((v): v is string => typeof v === 'string' && v !== '');
  if (first !== undefined) return first;
  const location = reply.getHeader('location');
  if (typeof location !== 'string') return null;
  const last = location.split('?')[0]?.split('/').filter(Boolean).pop();
  if (last === undefined) return null;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export const auditHttp = fp<AuditHttpOptions>(
  (app: FastifyInstance, { audit, skipRoutes = [] }, done) => {
    const skip = new Set(skipRoutes);
    app.decorateRequest('auditDetail', undefined);
    app.addHook('onResponse', (request, reply, next) => {
      const route = request.routeOptions.url;
      if (READS.has(request.method) || request.is404 || route === undefined || skip.has(route)) return next();
      const params = (request.params ?? {}) as Record<string, unknown>;
      audit.note({
        actor: actorOf(request),
        tenant: request.tenant,
        action: `${request.method} ${route}`,
        target: targetOf(request, reply),
        requestId: String(request.id),
        outcome: reply.statusCode,
        detail:
          Object.keys(params).length > 0 || request.auditDetail
            ? { ...(Object.keys(params).length > 0 ? { params } : {}), ...request.auditDetail }
            : null,
      });
      next();
    });
    // Closing the app (a graceful stop) writes what is still queued.
    app.addHook('onClose', async () => {
      await audit.stop();
    });
    done();
  },
  { name: 'thanglong-audit-http', dependencies: ['thanglong-access-control'] },
);
