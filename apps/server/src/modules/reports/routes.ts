import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../platform/auth/index.js';
import { problems } from '../../platform/errors.js';
import { List } from '../../platform/http/schemas.js';
import { readerOf } from '../../platform/personal-data/index.js';
import { MAX_PHOTO_BYTES } from './media.js';
import {
  CreatedSchema,
  DepartmentSchema,
  EventSchema,
  ImportRowSchema,
  InsightSchema,
  MediaSchema,
  MessageSchema,
  NewReportBodySchema,
  PublicEventSchema,
  PublicReportSchema,
  ReportLevelSchema,
  ReportStateSchema,
  ServiceSchema,
  StaffReportSchema,
} from './schemas.js';
import { ExportUnreadable, parseExport, type ImportedRequest } from './open311/index.js';
import type { ImportRow, ReportsService } from './service.js';

/**
 * The reports' staff API (and the citizens' page's few public routes): thin routes over the service,
 * each stating its permission. Open311 (GeoReport v2) has its own routes under /open311/v2.
 */

const read = { access: { permission: 'reports:read' as const } };
const handle = { access: { permission: 'reports:handle' as const } };
const insight = { access: { permission: 'reports:insight' as const } };
const manage = { access: { permission: 'reports:manage' as const } };
const open = { access: 'public' as const };
const tags = ['Citizen reports'];
const BASE = '/api/v1/reports';
const EXPORT_TYPES = ['text/xml', 'application/xml'];
const MAX_EXPORT_BYTES = 20 * 1024 * 1024;
/** Requests taken in one import: a larger export is sent in parts. */
const MAX_IMPORT = 10_000;
const ReportId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 60 }) });
const Token = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const Text = (max = 4000) => Type.String({ minLength: 1, maxLength: max });
const MediaIds = Type.Optional(List(Type.String({ maxLength: 100 }), { maxItems: 10 }));
const Staff = Type.Object({ report: StaffReportSchema });

const actor = (request: FastifyRequest) => principalOf(request).name ?? principalOf(request).id ?? 'unknown';

/** A period: both ends, from before to, at most a year (default: the last 30 days). */
function periodOf(q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const to = q.to === undefined ? new Date() : new Date(q.to);
  const from = q.from === undefined ? new Date(to.getTime() - 30 * 86_400_000) : new Date(q.from);
  if (
    Number.isNaN(from.getTime()) ||
    Number.isNaN(to.getTime()) ||
    !(from < to) ||
    to.getTime() - from.getTime() > 366 * 86_400_000
  ) {
    throw problems.badRequest('REPORTS_PERIOD_INVALID', 'from is before to, at most a year apart.');
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

export async function reportsRoutes(fastify: FastifyInstance, { reports }: { reports: ReportsService }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The public routes serve the tenants the city serves to citizens (the default one and those of
  // REPORTS_JURISDICTIONS), never one an anonymous caller names into being with a header.
  const served = new Set(['', ...reports.settings.jurisdictions.others.values()]);
  const publicTenant = (request: FastifyRequest): string => {
    if (!served.has(request.tenant)) throw problems.notFound('Tenant', request.tenant);
    return request.tenant;
  };
  // Photos come as their bytes; the service checks them by content, not by this header.
  app.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES * 2 }, (_req, body, done) => {
    done(null, body);
  });

  // --- public: the citizens' page -----------------------------------------------------------------

  app.post(
    BASE,
    {
      config: open,
      schema: {
        tags,
        summary:
          "A citizen's report from the citizens' page (Open311 apps POST requests); 429 when one source sends too many",
        body: NewReportBodySchema,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await reports.create(
        publicTenant(request),
        {
          serviceCode: b.serviceCode,
          ...(b.location ? { location: b.location } : {}),
          ...(b.addressString ? { addressString: b.addressString } : {}),
          ...(b.addressId ? { addressId: b.addressId } : {}),
          ...(b.description ? { description: b.description } : {}),
          attributes: b.attributes ?? {},
          contact: b.contact ?? {},
          mediaUrls: b.mediaUrls ?? [],
          mediaIds: b.mediaIds ?? [],
          channel: 'web',
          language: b.language ?? 'vi',
        },
        { clientIp: request.ip },
      );
      return reply.code(201).send(created);
    },
  );

  app.post(
    `${BASE}/media`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Uploads a photo (the body is the image; JPEG, PNG or WebP by content, at most 5 MB)',
        response: { 201: MediaSchema },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw problems.badRequest(
          'REPORTS_BAD_MEDIA',
          'Send the photo itself as the body, with an image/* content type.',
        );
      }
      return reply
        .code(201)
        .send(await reports.storeMedia(publicTenant(request), new Uint8Array(request.body), { clientIp: request.ip }));
    },
  );

  app.get(
    `${BASE}/nearby`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Open reports near a point (of a service): proposed as the same while a report is typed',
        querystring: Type.Object({
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          service: Type.Optional(Type.String({ maxLength: 80 })),
          radius: Type.Optional(Type.Integer({ minimum: 10, maximum: 2000 })),
        }),
        response: { 200: Type.Object({ reports: List(PublicReportSchema) }) },
      },
    },
    async (request) => {
      const q = request.query;
      return { reports: await reports.nearby(publicTenant(request), [q.lon, q.lat], q.service, q.radius) };
    },
  );

  app.get(
    `${BASE}/follow/:token`,
    {
      config: open,
      schema: {
        tags,
        summary: "The reporter's view by the follow token: the report, its public events and what is asked of them",
        params: Token,
        response: {
          200: Type.Object({
            report: PublicReportSchema,
            events: List(PublicEventSchema),
            asked: Type.Optional(Type.String()),
            outcome: Type.Optional(
              Type.Object(
                { report: PublicReportSchema, events: List(PublicEventSchema) },
                { description: 'A merged report: the report it joined, whose outcome is its own' },
              ),
            ),
          }),
        },
      },
    },
    async (request) => reports.byToken(publicTenant(request), request.params.token),
  );

  app.post(
    `${BASE}/follow/:token/supplement`,
    {
      config: open,
      schema: {
        tags,
        summary: "The reporter's answer to a question, by the follow token (409 unless the report waits on them)",
        params: Token,
        body: Type.Object({ text: Text(), mediaIds: MediaIds }, { additionalProperties: false }),
        response: { 200: Type.Object({ report: PublicReportSchema }) },
      },
    },
    async (request) => ({
      report: await reports.supplementByToken(publicTenant(request), request.params.token, request.body),
    }),
  );

  // --- staff ----------------------------------------------------------------------------------------

  app.post(
    `${BASE}/answer-media`,
    {
      config: handle,
      schema: {
        tags,
        summary:
          "An officer's photo of the work done, for a public answer (the body is the image; JPEG, PNG or WebP by content, at most 5 MB)",
        response: { 201: MediaSchema },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw problems.badRequest(
          'REPORTS_BAD_MEDIA',
          'Send the photo itself as the body, with an image/* content type.',
        );
      }
      return reply
        .code(201)
        .send(await reports.storeMedia(request.tenant, new Uint8Array(request.body), { officer: true }));
    },
  );

  app.get(
    `${BASE}/services`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The services (categories) with their routing',
        response: { 200: Type.Object({ services: List(ServiceSchema) }) },
      },
    },
    async () => ({ services: reports.services() }),
  );

  app.get(
    `${BASE}/departments`,
    {
      config: read,
      schema: {
        tags,
        summary: "The city's departments (ward committees are ward-<code>)",
        response: { 200: Type.Object({ departments: List(DepartmentSchema) }) },
      },
    },
    async () => ({ departments: reports.departments() }),
  );

  app.get(
    `${BASE}/queue`,
    {
      config: read,
      schema: {
        tags,
        summary: "A department's queue, least time left first (contacts masked: open a report to see them)",
        querystring: Type.Object({
          department: Type.Optional(Type.String({ maxLength: 80 })),
          state: Type.Optional(ReportStateSchema),
          overdue: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          cursor: Type.Optional(Type.String({ maxLength: 20 })),
        }),
        response: { 200: Type.Object({ reports: List(StaffReportSchema) }) },
      },
    },
    async (request) => {
      const q = request.query;
      return {
        reports: await reports.queue(request.tenant, {
          departmentId: q.department,
          state: q.state,
          overdue: q.overdue,
          limit: q.limit ?? 100,
          cursor: q.cursor,
        }),
      };
    },
  );

  app.get(
    `${BASE}/insight`,
    {
      config: insight,
      schema: {
        tags,
        summary: 'On-time rates by department and ward for reports submitted in a period; backlog and hot spots now',
        querystring: Type.Object({
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 200: InsightSchema },
      },
    },
    async (request) => reports.insight(request.tenant, periodOf(request.query)),
  );

  app.get(
    `${BASE}/messages`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'The outbox of messages to reporters, newest first (the local sender delivers by keeping them here)',
        querystring: Type.Object({
          reportId: Type.Optional(Type.String({ maxLength: 60 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Object({ messages: List(MessageSchema) }) },
      },
    },
    async (request) => ({
      messages: await reports.messages(
        request.tenant,
        { reportId: request.query.reportId, limit: request.query.limit ?? 100 },
        readerOf(request),
      ),
    }),
  );

  app.post(
    `${BASE}/import`,
    {
      config: manage,
      schema: {
        tags,
        summary: "Another city's requests, kept as records (those already imported are skipped)",
        body: Type.Object(
          { requests: List(ImportRowSchema, { maxItems: MAX_IMPORT }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ imported: Type.Integer(), skipped: Type.Integer() }) },
      },
    },
    async (request) => reports.importExternal(request.tenant, request.body.requests),
  );

  // Another city's export as it comes (a GET requests response, JSON or XML): read by the Open311 codec.
  app.addContentTypeParser(EXPORT_TYPES, { parseAs: 'string', bodyLimit: MAX_EXPORT_BYTES }, (_r, body, done) =>
    done(null, body),
  );
  app.post(
    `${BASE}/import/open311`,
    {
      config: manage,
      bodyLimit: MAX_EXPORT_BYTES,
      schema: {
        tags,
        summary: "Another city's Open311 export (GET requests, JSON or XML), kept as records",
        description:
          'Chicago-, Toronto- and FixMyStreet-style exports are read (empty elements, extensions, notes). Requests ' +
          'without an id or a date are skipped and counted; those already imported are skipped. At most 20 MB.',
        response: { 200: Type.Object({ imported: Type.Integer(), skipped: Type.Integer() }) },
      },
    },
    async (request) => {
      const body = request.body;
      const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
      let unusable = 0;
      let requests: ImportedRequest[];
      try {
        requests = parseExport(text, { onSkip: () => unusable++ });
      } catch (err) {
        if (!(err instanceof ExportUnreadable)) throw err;
        throw problems.badRequest('REPORTS_IMPORT_UNREADABLE', `Not an Open311 export: ${err.message}`);
      }
      if (requests.length > MAX_IMPORT) {
        throw problems.badRequest(
          'REPORTS_IMPORT_UNREADABLE',
          `The export holds ${requests.length} requests: at most ${MAX_IMPORT} are taken at once. Send it in parts (by date).`,
        );
      }
      const rows: ImportRow[] = [];
      for (const r of requests) {
        const requestedAt = r.requestedAt ?? r.updatedAt;
        if (requestedAt === undefined) {
          unusable++;
          continue;
        }
        rows.push({
          externalId: r.externalId,
          serviceCode: r.serviceCode ?? r.serviceName ?? 'unknown',
          status: r.status,
          description: r.description ?? '',
          requestedAt,
          updatedAt: r.updatedAt,
          lon: r.location?.[0],
          lat: r.location?.[1],
          address: r.address,
          mediaUrl: r.mediaUrl,
          statusNotes: r.statusNotes,
          serviceName: r.serviceName,
          agencyResponsible: r.agencyResponsible,
        });
      }
      const done = await reports.importExternal(request.tenant, rows);
      return { imported: done.imported, skipped: done.skipped + unusable };
    },
  );

  app.get(
    `${BASE}/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: 'One report with its timeline and the open reports near it of the same service',
        params: ReportId,
        response: {
          200: Type.Object({
            report: StaffReportSchema,
            events: List(EventSchema),
            duplicates: List(PublicReportSchema),
          }),
        },
      },
    },
    async (request) => reports.detail(request.tenant, request.params.id, readerOf(request)),
  );

  const step = (summary: string) => ({ tags, summary, params: ReportId, response: { 200: Staff } });

  app.post(
    `${BASE}/:id/receive`,
    { config: handle, schema: step('Receives a submitted report (409 from any other state)') },
    async (request) => ({ report: await reports.receive(request.tenant, actor(request), request.params.id) }),
  );

  app.post(
    `${BASE}/:id/ask`,
    {
      config: handle,
      schema: {
        ...step('Asks the reporter for more (public; the clocks stop while waiting)'),
        body: Type.Object({ text: Text() }, { additionalProperties: false }),
      },
    },
    async (request) => ({
      report: await reports.ask(request.tenant, actor(request), request.params.id, request.body.text),
    }),
  );

  app.post(
    `${BASE}/:id/supplement`,
    {
      config: handle,
      schema: {
        ...step("The reporter's answer, taken by an officer (back to received)"),
        body: Type.Object({ text: Text(), mediaIds: MediaIds }, { additionalProperties: false }),
      },
    },
    async (request) => ({
      report: await reports.supplement(request.tenant, actor(request), request.params.id, request.body),
    }),
  );

  app.post(
    `${BASE}/:id/transfer`,
    {
      config: handle,
      schema: {
        ...step('Hands the report to another department, which receives it again'),
        body: Type.Object(
          { departmentId: Type.String({ minLength: 1, maxLength: 80 }), reason: Text() },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({
      report: await reports.transfer(
        request.tenant,
        actor(request),
        request.params.id,
        request.body.departmentId,
        request.body.reason,
      ),
    }),
  );

  app.post(
    `${BASE}/:id/merge`,
    {
      config: handle,
      schema: {
        ...step('Closes the report as a duplicate of another open one'),
        body: Type.Object({ into: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
      },
    },
    async (request) => ({
      report: await reports.merge(request.tenant, actor(request), request.params.id, request.body.into),
    }),
  );

  app.post(
    `${BASE}/:id/resolve`,
    {
      config: handle,
      schema: {
        ...step('Resolves the report with a public answer (and photos)'),
        body: Type.Object({ answer: Text(), mediaIds: MediaIds }, { additionalProperties: false }),
      },
    },
    async (request) => ({
      report: await reports.resolve(request.tenant, actor(request), request.params.id, request.body),
    }),
  );

  app.post(
    `${BASE}/:id/reject`,
    {
      config: handle,
      schema: {
        ...step('Rejects the report with a public reason'),
        body: Type.Object({ reason: Text() }, { additionalProperties: false }),
      },
    },
    async (request) => ({
      report: await reports.reject(request.tenant, actor(request), request.params.id, request.body.reason),
    }),
  );

  app.post(
    `${BASE}/:id/note`,
    {
      config: handle,
      schema: {
        ...step('An internal note on the timeline'),
        body: Type.Object({ text: Text() }, { additionalProperties: false }),
      },
    },
    async (request) => ({
      report: await reports.note(request.tenant, actor(request), request.params.id, request.body.text),
    }),
  );

  app.post(
    `${BASE}/:id/level`,
    {
      config: handle,
      schema: {
        ...step("Changes the report's level (urgent: 4 working hours)"),
        body: Type.Object({ level: ReportLevelSchema, reason: Text() }, { additionalProperties: false }),
      },
    },
    async (request) => ({
      report: await reports.setLevel(
        request.tenant,
        actor(request),
        request.params.id,
        request.body.level,
        request.body.reason,
      ),
    }),
  );
}
