import type { FastifyInstance } from 'fastify';
import type { ContextResolver } from '../jsonld/contexts.js';
import type { SubscriptionService } from './service.js';

/** NGSI-LD subscriptions (GS CIM 009 §6.10–6.11), mounted at /ngsi-ld/v1. */

export interface SubscriptionRoutesOptions {
  readonly subscriptions: SubscriptionService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
}

export async function subscriptionRoutes(_app: FastifyInstance, _options: SubscriptionRoutesOptions): Promise<void> {}
