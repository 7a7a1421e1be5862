import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../../platform/auth/index.js';
import { AppError } from '../../../platform/errors.js';
import { NoContent } from '../../../platform/http/schemas.js';
import { paging } from '../../../platform/http/paging.js';
import { ALERT_STATES, type AlertDraft, type AlertState } from './model.js';
import { AlertBodySchema, ServiceAlertListSchema, ServiceAlertSchema, type AlertBody } from './schemas.js';
import type { ServiceAlerts } from './service.js';

/** Service alerts: operators write them (transit:alerts); riders and the operations centre read them. */

const read = { access: { permission: 'transit:read' as const } };
const write = { access: { permission: 'transit:alerts' as const } };
const tags = ['Transit'];
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function draftOf(body: AlertBody): AlertDraft {
  return {
    status: body.status ?? 'published',
    ...(body.cause === undefined ? {} : { cause: body.cause }),
    ...(body.effect === undefined ? {} : { effect: body.effect }),
    ...(body.severity === undefined ? {} : { severity: body.severity }),
    informedEntities: body.informedEntities,
    activePeriods: (body.activePeriods ?? []).map((p) => ({
      ...(p.start === undefined ? {} : { start: new Date(p.start) }),
      ...(p.end === undefined ? {} : { end: new Date(p.end) }),
    })),
    header: body.header,
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.url === undefined ? {} : { url: body.url }),
  };
}

/** The version an `If-Match` names: `"3"` (or W/"3"); `*` or none: any. */
function versionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!m) {
    throw new AppError('TRANSIT_ALERT_CHANGED', 412, 'If-Match names a version of the alert: "<version>" as its ETag.');
  }
  return Number(m[1]);
}

const etagOf = (version: number) => `"${version}"`;

export async function alertRoutes(fastify: FastifyInstance, { alerts }: { alerts: ServiceAlerts }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const author = (request: Parameters<typeof principalOf>[0]) => principalOf(request).name;

  app.post(
    '/api/v1/transit/alerts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Write a service alert (published to riders unless a draft)',
        description:
          'Routes, stops, trips and agencies it names must be in the current schedule (422 naming those that are ' +
          'not); each active period ends after it starts. Its id is the entity id in the ServiceAlerts feed.',
        body: AlertBodySchema,
        response: { 201: ServiceAlertSchema },
      },
    },
    async (request, reply) => {
      const alert = await alerts.create(request.tenant, draftOf(request.body), author(request));
      return reply
        .code(201)
        .header('location', `/api/v1/transit/alerts/${alert.id}`)
        .header('etag', etagOf(alert.version))
        .send(alert);
    },
  );

  const pages = paging({ defaultLimit: 50, maxLimit: 500 });
  app.get(
    '/api/v1/transit/alerts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Service alerts, last edited first; drafts only to those who write alerts',
        querystring: Type.Object({
          state: Type.Optional(
            Type.String({
              maxLength: 60,
              description: `Comma-separated: ${ALERT_STATES.join(', ')}`,
              pattern: `^(${ALERT_STATES.join('|')})(,(${ALERT_STATES.join('|')}))*$`,
            }),
          ),
          route: Type.Optional(
            Type.String({ minLength: 1, maxLength: 255, description: 'Only those naming this route_id' }),
          ),
          stop: Type.Optional(
            Type.String({ minLength: 1, maxLength: 255, description: 'Only those naming this stop_id' }),
          ),
          ...pages.query,
        }),
        response: { 200: ServiceAlertListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const asked = q.state === undefined ? [...ALERT_STATES] : (q.state.split(',') as AlertState[]);
      const states = request.allows('transit:alerts') ? asked : asked.filter((s) => s !== 'draft');
      const { items, total } = await alerts.list(
        request.tenant,
        {
          states: q.state === undefined && states.length === ALERT_STATES.length ? undefined : states,
          routeId: q.route,
          stopId: q.stop,
        },
        pages.pageOf(q),
      );
      return { alerts: items, count: total };
    },
  );

  app.get(
    '/api/v1/transit/alerts/:id',
    {
      config: read,
      schema: { tags, summary: 'One service alert', params: Id, response: { 200: ServiceAlertSchema } },
    },
    async (request, reply) => {
      const alert = await alerts.get(request.tenant, request.params.id, request.allows('transit:alerts'));
      return reply.header('etag', etagOf(alert.version)).send(alert);
    },
  );

  app.put(
    '/api/v1/transit/alerts/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a service alert (the whole of it); its id stays',
        description:
          'Checked as a new one is. A draft is published by sending it with status published; a published ' +
          'alert is edited (its end moved, its words) but does not go back to a draft (409). ' +
          'With `If-Match: "<version>"` (its ETag) the edit applies only if nobody edited it meanwhile (412). ' +
          'A withdrawn alert is not edited (409).',
        params: Id,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 100 })) }),
        body: AlertBodySchema,
        response: { 200: ServiceAlertSchema },
      },
    },
    async (request, reply) => {
      const alert = await alerts.update(
        request.tenant,
        request.params.id,
        draftOf(request.body),
        versionOf(request.headers['if-match']),
        author(request),
      );
      return reply.header('etag', etagOf(alert.version)).send(alert);
    },
  );

  app.post(
    '/api/v1/transit/alerts/:id/withdraw',
    {
      config: write,
      schema: {
        tags,
        summary: 'Withdraw a service alert: it leaves the feed now and stays readable',
        params: Id,
        response: { 200: ServiceAlertSchema },
      },
    },
    async (request, reply) => {
      const alert = await alerts.withdraw(request.tenant, request.params.id, author(request));
      return reply.header('etag', etagOf(alert.version)).send(alert);
    },
  );

  app.delete(
    '/api/v1/transit/alerts/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a draft service alert (a mistake); a published one is withdrawn instead (409)',
        params: Id,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await alerts.delete(request.tenant, request.params.id);
      return reply.code(204).send();
    },
  );
}
