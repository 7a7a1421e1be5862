import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Applicants } from './applicants.js';

/** The applicants' access routes under /api/v1/services (registered by the services module's index). */
export const applicantRoutes: FastifyPluginAsyncTypebox<{ applicants: Applicants }> = async (_app, _opts) => {};
