import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RequestRow } from './store.js';
import { readerOf, type PersonalData, type Reader } from './service.js';

const tags = ['Personal data'];
const manage = { access: { permission: 'personal-data:manage' as const } };
const Timestamp = Type.String({ format: 'date-time' });

const Subject = Type.Object(
  {
    phone: Type.Optional(Type.String({ minLength: 6, maxLength: 30 })),
    nationalId: Type.Optional(Type.String({ minLength: 6, maxLength: 30, description: 'CCCD number' })),
  },
  { additionalProperties: false, description: 'The person: exactly one of phone or nationalId' },
);

const RequestView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  subjectKind: Type.String(),
  subject: Type.String({ description: 'Phone or national id (masked without pii:read)' }),
  status: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  receivedAt: Timestamp,
  dueAt: Timestamp,
  overdue: Type.Boolean(),
  completedAt: Type.Union([Timestamp, Type.Null()]),
  recordedBy: Type.String(),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

const IdParams = Type.Object({ id: Type.String() });

const ConsentState = Type.Object({
  current: Type.Array(Type.Object({ purpose: Type.String(), given: Type.Boolean(), at: Timestamp })),
  history: Type.Array(
    Type.Object({
      purpose: Type.String(),
      given: Type.Boolean(),
      at: Timestamp,
      evidence: Type.String(),
      recordedBy: Type.String(),
    }),
  ),
});

const SubjectExport = Type.Object({
  request: Type.String({ description: 'The data-subject request' }),
  subject: Type.Object({ kind: Type.String(), value: Type.Union([Type.String(), Type.Null()]) }),
  exportedAt: Timestamp,
  sources: Type.Record(
    Type.String(),
    Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]))),
    { description: 'Per module that keeps personal data: its records of the person, fields in clear (id included)' },
  ),
  consents: ConsentState,
});

/** Data-subject requests (access, erasure, correction, objection) and consent, for officers. */
export const personalDataRoutes: FastifyPluginAsyncTypebox<{ personal: PersonalData }> = async (app, { personal }) => {
  const view = async (reader: Reader, r: RequestRow) => ({
    id: r.id,
    kind: r.kind,
    subjectKind: r.subjectKind,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    recordedBy: r.recordedBy,
    result: r.result,
    ...(await personal.requestView(reader, r)),
  });

  app.post(
    '/api/v1/personal-data/requests',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Record a data subject’s request; its deadline starts now',
        body: Type.Object(
          {
            kind: Type.Union([
              Type.Literal('access'),
              Type.Literal('erasure'),
              Type.Literal('correction'),
              Type.Literal('objection'),
            ]),
            subject: Subject,
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: RequestView },
      },
    },
    async (request, reply) => {
      const reader = readerOf(request);
      const row = await personal.createRequest(reader, request.body);
      void reply.code(201).header('location', `/api/v1/personal-data/requests/${row.id}`);
      return view(reader, row);
    },
  );

  app.get(
    '/api/v1/personal-data/requests',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Data-subject requests, nearest deadline first',
        querystring: Type.Object(
          {
            open: Type.Optional(Type.Boolean({ description: 'true: received or in progress; false: closed' })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(RequestView) }) },
      },
    },
    async (request) => {
      const reader = readerOf(request);
      const rows = await personal.listRequests(request.tenant, request.query);
      return { items: await Promise.all(rows.map((r) => view(reader, r))) };
    },
  );

  app.get(
    '/api/v1/personal-data/requests/:id',
    {
      config: manage,
      schema: { tags, summary: 'One data-subject request', params: IdParams, response: { 200: RequestView } },
    },
    async (request) => view(readerOf(request), await personal.getRequest(request.tenant, request.params.id)),
  );

  app.patch(
    '/api/v1/personal-data/requests/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Move a request on (in progress, completed, rejected) or add a note',
        params: IdParams,
        body: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal('in-progress'), Type.Literal('completed'), Type.Literal('rejected')]),
            ),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: RequestView },
      },
    },
    async (request) =>
      view(readerOf(request), await personal.updateRequest(request.tenant, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/personal-data/requests/:id/export',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Everything the modules keep about the request’s person, in clear, as JSON (recorded in the audit trail)',
        params: IdParams,
        response: { 200: SubjectExport },
      },
    },
    async (request, reply) => {
      const data = await personal.exportSubject(readerOf(request), request.params.id);
      return reply
        .header('content-disposition', `attachment; filename="personal-data-${request.params.id}.json"`)
        .send(data);
    },
  );

  app.post(
    '/api/v1/personal-data/requests/:id/erase',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Carry out an erasure request: every module erases or anonymises the person; the request completes',
        params: IdParams,
        response: { 200: RequestView },
      },
    },
    async (request) => {
      const reader = readerOf(request);
      return view(reader, await personal.eraseSubject(reader, request.params.id));
    },
  );

  app.post(
    '/api/v1/personal-data/consents',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Record a person giving or withdrawing consent for a purpose, with its evidence',
        body: Type.Object(
          {
            subject: Subject,
            purpose: Type.String({
              pattern: '^[a-z0-9][a-z0-9._-]{0,99}$',
              description: 'e.g. sms-air-quality-alerts',
            }),
            given: Type.Boolean(),
            evidence: Type.String({ minLength: 1, maxLength: 2000, description: 'e.g. form number, recording id' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ purpose: Type.String(), given: Type.Boolean(), at: Timestamp }) },
      },
    },
    async (request, reply) => {
      const row = await personal.recordConsent(readerOf(request), request.body);
      void reply.code(201);
      return { purpose: row.purpose, given: row.given, at: row.at.toISOString() };
    },
  );

  // A POST, so the phone or national id never appears in a URL (or a log line).
  app.post(
    '/api/v1/personal-data/consents/lookup',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A person’s consent per purpose, and its history',
        body: Type.Object({ subject: Subject }, { additionalProperties: false }),
        response: { 200: ConsentState },
      },
    },
    async (request) => personal.consentsOf(request.tenant, request.body.subject),
  );
};
