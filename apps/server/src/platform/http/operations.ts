import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { sendProblem } from './problems.js';
import { Document } from './schemas.js';

const READY_TIMEOUT_MS = 2000;

const Check = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  driver: Type.Optional(Type.String()),
  latencyMs: Type.Optional(Type.Number()),
});

const Health = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  checks: Type.Optional(Type.Record(Type.String(), Check)),
});

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Liveness, readiness and Prometheus metrics: what orchestrators and monitoring poll. */
export const operationsRoutes: FastifyPluginAsyncTypebox<{
  db: Database;
  metrics: Metrics;
}> = async (app, { db, metrics }) => {
  const tags = ['Operations'];

  // Answered from the process alone, whatever the database is doing (a heavy query, a full pool).
  app.get(
    '/health/live',
    {
      config: { access: 'public', probe: true },
      schema: { tags, summary: 'The process is running', response: { 200: Health } },
    },
    async () => ({ status: 'up' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The instance can serve requests: the database answers', response: { 200: Health } },
    },
    async (_request, reply) => {
      try {
        const latencyMs = await withTimeout(db.ping(), READY_TIMEOUT_MS);
        return {
          status: 'up' as const,
          checks: {
            database: { status: 'up' as const, driver: db.driver, latencyMs: Math.round(latencyMs * 100) / 100 },
          },
        };
      } catch (err) {
        reply.log.warn({ err }, 'readiness check failed: database');
        return sendProblem(
          reply,
          new AppError('DATABASE_UNAVAILABLE', 503, 'The database does not answer.', {
            extra: { checks: { database: { status: 'down', driver: db.driver } } },
            headers: { 'retry-after': '5' },
          }),
        );
      }
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: { permission: 'metrics:read' } },
      schema: {
        tags,
        summary: 'Prometheus metrics of this instance (text exposition format)',
        response: { 200: Document('text/plain', 'Prometheus text exposition format') },
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
};
