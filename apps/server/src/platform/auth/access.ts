import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, problems } from '../errors.js';
import { tooManyRequests } from './limits.js';
import { familyOf, isReadPermission, type Permission, type PermissionTable } from './permissions.js';
import {
  ALL_TENANTS,
  canActInTenant,
  DEFAULT_TENANT,
  isTenantName,
  type AuthService,
  type Principal,
} from './service.js';

/**
 * Every route declares the access it needs in `config.access`; a route that says nothing needs an
 * authenticated caller. The caller and the tenant are resolved before the body is read.
 *
 *   access: 'public'                      anyone (health, login, the API docs)
 *   access: 'authenticated' (default)     any logged-in user or API key
 *   access: { permission: 'x:read' }      a role granting the permission; anonymous too when
 *                                         AUTH_ANONYMOUS_READ lists family x (default tenant only)
 *
 * The tenant comes from NGSILD-Tenant (or Fiware-Service); without one, a caller bound to a tenant
 * works in it, everyone else in the default tenant. Another tenant's data is a 404 to the caller.
 */
export type RouteAccess = 'public' | 'authenticated' | { readonly permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** A probe answered from the process alone: no credential is looked at, so no database is waited for. */
    probe?: boolean;
    /** Open to a person who must change their password before anything else. */
    passwordChange?: boolean;
  }
  interface FastifyRequest {
    /** The caller; null for anonymous access to public or anonymously readable routes. */
    principal: Principal | null;
    /** The tenant the request addresses (NGSILD-Tenant or Fiware-Service header); '' is the default. */
    tenant: string;
    /**
     * Whether the caller may also do what a further permission guards, by the rules the route's own
     * access is checked with (e.g. a stream that carries more than its route's permission covers).
     */
    allows(permission: Permission): boolean;
  }
}

/** The caller of a route that requires authentication. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw problems.unauthenticated();
  return request.principal;
}

/** The tenant named by the request; without a header, the caller's own tenant (or the default one). */
function tenantOf(request: FastifyRequest, principal: Principal | null): string {
  const header = request.headers['ngsild-tenant'] ?? request.headers['fiware-service'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
  if (value === '') return principal && principal.tenant !== ALL_TENANTS ? principal.tenant : DEFAULT_TENANT;
  if (!isTenantName(value)) {
    throw problems.badRequest(
      'INVALID_TENANT',
      `"${value}" is not a tenant name (letters, digits, _ and -, at most 64).`,
    );
  }
  return value;
}

export interface AccessOptions {
  readonly auth: AuthService;
  /** The platform's permissions and the modules'. */
  readonly permissions: PermissionTable;
  /** Families anonymous callers may read, in the default tenant (AUTH_ANONYMOUS_READ). */
  readonly anonymousRead: readonly string[];
  /** Families deliberately opened to anonymous callers in every tenant (e.g. NGSI_LD_ANONYMOUS). */
  readonly anonymousOpen?: ReadonlyMap<string, 'read' | 'write'>;
}

export const accessControl = fp<AccessOptions>(
  async (
    app: FastifyInstance,
    { auth, permissions, anonymousRead, anonymousOpen = new Map<string, 'read' | 'write'>() },
  ) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('tenant', DEFAULT_TENANT);
    app.decorateRequest('allows', function (this: FastifyRequest, permission: Permission): boolean {
      const principal = this.principal;
      if (principal) return permissions.grants(principal.roles, permission);
      const family = familyOf(permission);
      const read = isReadPermission(permission);
      const open = anonymousOpen.get(family);
      if (open === 'write' || (open === 'read' && read)) return true;
      return read && anonymousRead.includes(family) && this.tenant === DEFAULT_TENANT;
    });

    app.addHook('onRoute', (route) => {
      const access = route.config?.access ?? 'authenticated';
      // A route needing a permission nobody declared could never be used: refuse to start.
      if (typeof access === 'object' && !permissions.has(access.permission)) {
        throw new Error(`${String(route.method)} ${route.url} needs ${access.permission}, which no module declares`);
      }
      if (access === 'public' || route.schema?.hide) return;
      route.schema = { ...route.schema, security: [{ bearerAuth: [] }, { apiKey: [] }] };
    });

    app.addHook('onRequest', async (request) => {
      if (request.is404) return; // an unknown path is a 404 for everyone
      if (request.routeOptions.config.probe === true) return;
      const access = request.routeOptions.config.access ?? 'authenticated';
      const apiKey = request.headers['x-api-key'];
      request.principal = await auth.authenticate(
        request.headers.authorization,
        Array.isArray(apiKey) ? apiKey[0] : apiKey,
        request.ip,
      );
      request.tenant = tenantOf(request, request.principal);
      if (access === 'public') return;
      const principal = request.principal;
      if (!principal) {
        if (typeof access === 'object') {
          const family = familyOf(access.permission);
          const read = isReadPermission(access.permission);
          const open = anonymousOpen.get(family);
          if (open === 'write' || (open === 'read' && read)) return;
          if (read && anonymousRead.includes(family) && request.tenant === DEFAULT_TENANT) return;
        }
        throw problems.unauthenticated();
      }
      // Another tenant's data does not exist for this caller.
      if (!canActInTenant(principal, request.tenant)) {
        throw problems.notFound('Tenant', request.tenant);
      }
      if (principal.mustChangePassword && request.routeOptions.config.passwordChange !== true) {
        throw new AppError(
          'PASSWORD_CHANGE_REQUIRED',
          403,
          'Choose a new password first (PUT /api/v1/auth/password): this one was generated and shown once.',
        );
      }
      if (typeof access === 'object' && !permissions.grants(principal.roles, access.permission)) {
        throw problems.forbidden(
          `Your role does not allow this action (it needs the permission ${access.permission}).`,
        );
      }
    });

    // Requests per API key (API_KEY_RATE_LIMIT), once the caller is known; routes such as the login
    // set a limit of their own (config.rateLimit). In this instance's memory.
    const perKey = auth.apiKeyRateLimit;
    await app.register(rateLimit, {
      global: perKey !== null,
      max: perKey ?? 1,
      timeWindow: 60_000,
      hook: 'preHandler',
      enableDraftSpec: true,
      allowList: (request) => request.principal?.kind !== 'api-key',
      keyGenerator: (request) => `api-key:${request.principal?.id ?? ''}`,
      errorResponseBuilder: (_request, context) => tooManyRequests(context.ttl, context.max),
    });
  },
  { name: 'thanglong-access-control' },
);
