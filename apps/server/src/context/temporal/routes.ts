import type { FastifyInstance } from 'fastify';
import type { ContextResolver } from '../jsonld/contexts.js';
import type { ContextService } from '../service.js';
import type { Database } from '../../platform/db/index.js';

/** The NGSI-LD temporal API (GS CIM 009 §6.18–6.24), mounted at /ngsi-ld/v1. */

export interface TemporalRoutesOptions {
  readonly db: Database;
  readonly service: ContextService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
}

export async function temporalRoutes(_app: FastifyInstance, _options: TemporalRoutesOptions): Promise<void> {}
