import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/index.js';
import { Document } from '../http/schemas.js';
import type { AuditRecord } from './chain.js';
import type { AuditTrail } from './service.js';

const tags = ['Audit'];
const access = { access: { permission: 'audit:read' as const } };

const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const RecordView = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor: Type.Object({
    kind: Type.String({
      description: 'user, api-key, anonymous, system, or device (a device whose credentials were refused)',
    }),
    id: Nullable(Type.String()),
    name: Nullable(Type.String()),
    roles: Type.Array(Type.String()),
  }),
  tenant: Type.String(),
  action: Type.String({ description: "'METHOD /route' for HTTP writes; '<area>.<verb>' for recorded events" }),
  target: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  outcome: Nullable(Type.Integer({ description: 'HTTP status code' })),
  detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
  prevHash: Type.String(),
  hash: Type.String({ description: 'SHA-256 of prevHash and this record’s canonical content' }),
});

const Filters = {
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Username, key name or id' })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'From this time (inclusive)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Before this time' })),
};

const view = (r: AuditRecord) => ({ ...r, at: r.at.toISOString(), actor: { ...r.actor, roles: [...r.actor.roles] } });

const Break = Type.Object({ recordId: Type.Integer(), reason: Type.String() });

/** The audit trail for administrators: search it, export it, check its chain. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditTrail }> = async (app, { audit }) => {
  app.get(
    '/api/v1/audit',
    {
      config: access,
      schema: {
        tags,
        summary: 'Audit records, newest first (page on with `before`, the link in `next`)',
        querystring: Type.Object(
          {
            ...Filters,
            before: Type.Optional(Type.Integer({ minimum: 1, description: 'Records older than this id' })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(RecordView), next: Nullable(Type.String()) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await audit.find({
        scope: principalOf(request).tenant,
        actor: q.actor,
        target: q.target,
        action: q.action,
        from: q.from === undefined ? undefined : new Date(q.from),
        to: q.to === undefined ? undefined : new Date(q.to),
        before: q.before,
        limit: q.limit,
        order: 'newest',
      });
      const last = items[items.length - 1];
      let next: string | null = null;
      if (last && items.length === q.limit) {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'before') params.set(k, String(v));
        params.set('before', String(last.id));
        next = `/api/v1/audit?${params.toString()}`;
      }
      return { items: items.map(view), next };
    },
  );

  app.get(
    '/api/v1/audit/export',
    {
      config: access,
      schema: {
        tags,
        summary: 'Audit records as JSON lines, oldest first, with their hashes (to keep or check elsewhere)',
        querystring: Type.Object(Filters, { additionalProperties: false }),
        produces: ['application/x-ndjson'],
        response: { 200: Document('application/x-ndjson', 'One audit record (JSON) a line, oldest first') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = principalOf(request).tenant;
      async function* lines(): AsyncGenerator<string> {
        let after = 0;
        for (;;) {
          const page = await audit.find({
            scope,
            actor: q.actor,
            target: q.target,
            action: q.action,
            from: q.from === undefined ? undefined : new Date(q.from),
            to: q.to === undefined ? undefined : new Date(q.to),
            after,
            limit: 1000,
            order: 'oldest',
          });
          for (const r of page) yield `${JSON.stringify(view(r))}\n`;
          const last = page[page.length - 1];
          if (!last || page.length < 1000) return;
          after = last.id;
        }
      }
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit.jsonl"')
        .send(Readable.from(lines()));
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      config: access,
      schema: {
        tags,
        summary: 'Check the hash chain from its anchor to its head; name the first broken record',
        response: {
          200: Type.Object({
            intact: Type.Boolean(),
            records: Type.Integer(),
            firstId: Nullable(Type.Integer()),
            lastId: Type.Integer(),
            headHash: Type.String(),
            anchor: Type.Object({ id: Type.Integer(), hash: Type.String() }),
            broken: Nullable(Break),
          }),
        },
      },
    },
    async () => audit.verify(),
  );
};
