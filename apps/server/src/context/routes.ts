import type { FastifyInstance } from 'fastify';
import { ngsiHandlers, useNgsiBodyParsers } from './http.js';
import type { ContextResolver } from './jsonld/contexts.js';
import { attributeRoutes } from './routes/attributes.js';
import { batchRoutes } from './routes/batch.js';
import { discoveryRoutes } from './routes/discovery.js';
import { entityRoutes } from './routes/entities.js';
import { jsonldContextRoutes } from './routes/jsonld-contexts.js';
import { queryRoutes } from './routes/query.js';
import type { ContextService } from './service.js';

/**
 * The NGSI-LD API (GS CIM 009 V1.8.1 §6), mounted at /ngsi-ld/v1: one file per family of routes that
 * change together, each route thin; the request is read one way for all (`ngsiHandlers`).
 */

export interface ContextRoutesOptions {
  /** NGSI_LD_BODY_LIMIT: the largest request body, in bytes. */
  readonly bodyLimit: number;
  readonly service: ContextService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
  /** PUBLIC_URL: the base of hosted @context URLs (else where this instance listens). */
  readonly publicUrl: string | undefined;
  /** NGSI_LD_ANONYMOUS is read or write: anonymous callers read the tenant's @context details too. */
  readonly anonymousOpen?: boolean | undefined;
}

export async function contextRoutes(app: FastifyInstance, options: ContextRoutesOptions): Promise<void> {
  useNgsiBodyParsers(app, options.bodyLimit);
  const deps = { ...options, handle: ngsiHandlers(options.resolver) };
  entityRoutes(app, deps);
  queryRoutes(app, deps);
  attributeRoutes(app, deps);
  batchRoutes(app, deps);
  discoveryRoutes(app, deps);
  jsonldContextRoutes(app, deps);
}
