import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../platform/auth/index.js';
import { problems } from '../../platform/errors.js';
import { paging } from '../../platform/http/paging.js';
import { ALARM_STATES, OPEN_STATES, SEVERITIES, SHELVE_MINUTES, type AlarmState, type Severity } from './model.js';
import {
  AlarmListSchema,
  AlarmSchema,
  AlarmSummarySchema,
  AlarmWithJournalSchema,
  AssigneesSchema,
  BulkResultSchema,
} from './schemas.js';
import { isSeverity, type AlarmService } from './service.js';
import { randomUUID } from 'node:crypto';

/** The operations centre's alarms: list, summary, one with its journal, and what operators do with them. */

const read = { access: { permission: 'alarms:read' as const } };
const write = { access: { permission: 'alarms:write' as const } };
const tags = ['Alarms'];
const Id = Type.Object({ id: Type.String({ minLength: 1 }) });
const pages = paging({ defaultLimit: 100, maxLimit: 1000 });

/** "open", "active", or a comma list of states / severities. */
function statesOf(raw: string | undefined): readonly AlarmState[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'open') return OPEN_STATES;
  if (raw === 'active') return ['active-unacknowledged', 'active-acknowledged'];
  if (raw === 'closed') return ['cleared'];
  const states = raw.split(',').map((s) => s.trim());
  const bad = states.find((s) => !(ALARM_STATES as readonly string[]).includes(s));
  if (bad !== undefined) {
    throw problems.badRequest(
      'BAD_ALARM_STATE',
      `"${bad}" is not a state: use open, active, closed or ${ALARM_STATES.join(', ')}.`,
    );
  }
  return states as AlarmState[];
}

function severitiesOf(raw: string | undefined): readonly Severity[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const list = raw.split(',').map((s) => s.trim());
  const bad = list.find((s) => !isSeverity(s));
  if (bad !== undefined) {
    throw problems.badRequest('BAD_ALARM_SEVERITY', `"${bad}" is not a severity: use ${SEVERITIES.join(', ')}.`);
  }
  return list as Severity[];
}

export async function alarmRoutes(fastify: FastifyInstance, { alarms }: { alarms: AlarmService }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (request: Parameters<typeof principalOf>[0]) => principalOf(request).name;

  app.get(
    '/api/v1/alarms',
    {
      config: read,
      schema: {
        tags,
        summary: 'Alarms, most severe and newest first',
        querystring: Type.Object({
          state: Type.Optional(
            Type.String({ description: 'open (default), active, closed, all, or a comma list of states' }),
          ),
          severity: Type.Optional(Type.String({ description: 'comma list: critical, high, medium, low' })),
          source: Type.Optional(Type.String({ description: 'the entity in alarm' })),
          type: Type.Optional(
            Type.String({
              pattern: '^[a-z0-9-]+(,[a-z0-9-]+)*$',
              description: 'comma list of condition families: air, water, noise, manual…',
            }),
          ),
          area: Type.Optional(Type.String({ maxLength: 200, description: 'the ward or area, as the alarm names it' })),
          shelved: Type.Optional(Type.Boolean({ description: 'true: shelved ones only; false: none of them' })),
          since: Type.Optional(Type.String({ format: 'date-time', description: 'raised at or after' })),
          until: Type.Optional(Type.String({ format: 'date-time', description: 'raised before' })),
          sort: Type.Optional(
            Type.Enum(['priority', 'newest', 'oldest'], {
              description:
                'priority (default): active first, then cleared-unacknowledged, then closed; each by severity and newest',
            }),
          ),
          ...pages.query,
        }),
        response: { 200: AlarmListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      return alarms.list(request.tenant, {
        states: q.state === 'all' ? undefined : (statesOf(q.state) ?? OPEN_STATES),
        severities: severitiesOf(q.severity),
        source: q.source,
        types: q.type?.split(','),
        area: q.area,
        shelved: q.shelved,
        since: q.since === undefined ? undefined : new Date(q.since),
        until: q.until === undefined ? undefined : new Date(q.until),
        sort: q.sort,
        ...pages.pageOf(q),
      });
    },
  );

  app.get(
    '/api/v1/alarms/summary',
    {
      config: read,
      schema: {
        tags,
        summary: 'Open alarms by severity, and how many await acknowledgement',
        response: { 200: AlarmSummarySchema },
      },
    },
    async (request) => alarms.summary(request.tenant),
  );

  app.get(
    '/api/v1/alarms/assignees',
    {
      config: write,
      schema: {
        tags,
        summary: "Who the tenant's alarms can be assigned to: active accounts that may act on alarms",
        response: { 200: AssigneesSchema },
      },
    },
    async (request) => ({ users: await alarms.assignees(request.tenant) }),
  );

  app.post(
    '/api/v1/alarms/acknowledge',
    {
      config: write,
      schema: {
        tags,
        summary: 'Acknowledge several alarms; each is done or refused on its own, and reported',
        body: Type.Object(
          { ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: BulkResultSchema },
      },
    },
    async (request) => {
      const results = await alarms.acknowledgeMany(request.tenant, request.body.ids, actor(request));
      const acknowledged = results.filter((r) => r.ok).length;
      return { results, acknowledged, failed: results.length - acknowledged };
    },
  );

  app.post(
    '/api/v1/alarms/:id/shelve',
    {
      config: write,
      schema: {
        tags,
        summary: 'Shelve (ISA-18.2): off the active list for a while, with a reason',
        params: Id,
        body: Type.Object(
          {
            minutes: Type.Integer({
              description: `${SHELVE_MINUTES.min} to ${SHELVE_MINUTES.max}: it comes back by itself then, or when its severity changes`,
            }),
            reason: Type.String({ description: '1 to 500 characters' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: AlarmSchema },
      },
    },
    async (request) =>
      alarms.shelve(request.tenant, request.params.id, request.body.minutes, request.body.reason, actor(request)),
  );

  app.post(
    '/api/v1/alarms/:id/unshelve',
    {
      config: write,
      schema: { tags, summary: 'Back on the active list now (idempotent)', params: Id, response: { 200: AlarmSchema } },
    },
    async (request) => alarms.unshelve(request.tenant, request.params.id, actor(request)),
  );

  app.get(
    '/api/v1/alarms/:id',
    {
      config: read,
      schema: { tags, summary: 'One alarm with its journal', params: Id, response: { 200: AlarmWithJournalSchema } },
    },
    async (request) => alarms.get(request.tenant, request.params.id),
  );

  app.post(
    '/api/v1/alarms',
    {
      config: write,
      schema: {
        tags,
        summary: "Raise an operator's alarm (conditions raise theirs by themselves)",
        body: Type.Object(
          {
            source: Type.String({ minLength: 1, maxLength: 300, description: 'what the alarm is about' }),
            severity: Type.Union(SEVERITIES.map((s) => Type.Literal(s))),
            title: Type.String({ minLength: 1, maxLength: 200 }),
            description: Type.Optional(Type.String({ maxLength: 2000 })),
            area: Type.Optional(Type.String({ maxLength: 200 })),
            location: Type.Optional(
              Type.Object({
                type: Type.Literal('Point'),
                coordinates: Type.Tuple([
                  Type.Number({ minimum: -180, maximum: 180 }),
                  Type.Number({ minimum: -90, maximum: 90 }),
                ]),
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: AlarmSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const alarm = await alarms.raise({
        tenant: request.tenant,
        source: b.source,
        condition: `manual:${randomUUID()}`,
        severity: b.severity,
        title: b.title,
        description: b.description,
        area: b.area,
        location: b.location,
        at: new Date(),
        raisedBy: actor(request),
      });
      return reply.code(201).header('location', `/api/v1/alarms/${alarm.id}`).send(alarm);
    },
  );

  app.post(
    '/api/v1/alarms/:id/acknowledge',
    {
      config: write,
      schema: { tags, summary: 'Acknowledge (idempotent)', params: Id, response: { 200: AlarmSchema } },
    },
    async (request) => alarms.acknowledge(request.tenant, request.params.id, actor(request)),
  );

  app.post(
    '/api/v1/alarms/:id/assign',
    {
      config: write,
      schema: {
        tags,
        summary: 'Assign to a user (null: nobody)',
        params: Id,
        body: Type.Object({
          assignee: Type.Union([Type.String({ minLength: 1, maxLength: 64, description: 'a username' }), Type.Null()]),
        }),
        response: { 200: AlarmSchema },
      },
    },
    async (request) => alarms.assign(request.tenant, request.params.id, request.body.assignee, actor(request)),
  );

  app.post(
    '/api/v1/alarms/:id/comments',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a comment to the journal',
        params: Id,
        body: Type.Object({ text: Type.String() }),
        response: { 201: AlarmSchema },
      },
    },
    async (request, reply) => {
      const alarm = await alarms.comment(request.tenant, request.params.id, request.body.text, actor(request));
      return reply.code(201).send(alarm);
    },
  );

  app.post(
    '/api/v1/alarms/:id/clear',
    {
      config: write,
      schema: { tags, summary: "Clear an operator's alarm", params: Id, response: { 200: AlarmSchema } },
    },
    async (request) => alarms.clearManual(request.tenant, request.params.id, actor(request)),
  );
}
