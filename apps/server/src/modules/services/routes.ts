import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { canActInTenant, principalOf } from '../../platform/auth/index.js';
import { AppError, problems } from '../../platform/errors.js';
import type { Database } from '../../platform/db/index.js';
import { dayOfDate, hanoiInstant } from '../../platform/hanoi-time.js';
import { multipartProblem } from '../../platform/http/multipart.js';
import { problemLanguageOf } from '../../platform/http/problem-language.js';
import { DateTime, Document, List } from '../../platform/http/schemas.js';
import { readerOf } from '../../platform/personal-data/index.js';
import { SourceLimiter } from '../reports/index.js';
import { OFFICER_ACTIONS, STAFF_ACTIONS, type ActionInput, type StaffAction } from './dossiers.js';
import { APPLICANT_KINDS, DOSSIER_CHANNELS, DOSSIER_STATES, FORM_KINDS, type DossierState } from './model.js';
import type { PortalDelivery } from './portal.js';
import type { DossierService, StaffWho } from './service.js';
import { addIndexCounts, indexFigures, indexTrend, noIndexCounts } from './service-index.js';
import { decides } from './procedures.js';
import type { CatalogueOf } from './ports.js';
import * as store from './store.js';
import { contentDisposition, keepUpload, MAX_DOCUMENT_BYTES, UploadBudget, type VirusScanner } from './uploads.js';

/**
 * Online public services' dossiers API (the procedures' and the applicants' access routes are their
 * own plugins, the payments' their module's): thin routes over the dossier service, each stating its
 * permission. The applicant's routes (`my/…`) are public and take the applicants' token in the
 * X-Applicant-Token header.
 */

const BASE = '/api/v1/services';
const tags = ['Online public services'];
const open = { access: 'public' as const };
const read = { access: { permission: 'services:read' as const } };
const handle = { access: { permission: 'services:handle' as const } };
const indexRead = { access: { permission: 'services:index' as const } };
const catalogue = { access: { permission: 'services:catalogue' as const } };
/** Uploads per source per 10 minutes: an applicant's dossier rarely needs more than a dozen. */
export const UPLOADS_PER_WINDOW = 60;
/** Tracking look-ups per source per 10 minutes: a family follows a few dossiers, not hundreds. */
export const TRACKS_PER_WINDOW = 60;

const TextSchema = Type.Object({ vi: Type.String(), en: Type.String() });
const Code = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
const StateSchema = Type.Enum(DOSSIER_STATES);
const FormKindSchema = Type.Enum(FORM_KINDS);
const Timeliness = Type.Union([Type.Literal('early'), Type.Literal('on-time'), Type.Literal('late')]);
const FeeStateSchema = Type.Union([
  Type.Literal('none'),
  Type.Literal('due'),
  Type.Literal('paid'),
  Type.Literal('cancelled'),
]);
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const Value = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const Problem = Type.Object(
  { type: Type.String(), title: Opt(Type.String()), status: Type.Number(), detail: Opt(Type.String()) },
  { additionalProperties: true },
);
/** What a document on a dossier is, as its readers are shown it. */
const DOCUMENT_TITLE =
  "What the document is: the procedure's name for it, or the words of the supplement item it was uploaded for (code `asked:<the item>`)";

const DocRefs = List(
  Type.Object(
    { code: Type.String({ minLength: 1, maxLength: 60 }), uploadId: Type.String({ maxLength: 60 }) },
    { additionalProperties: false },
  ),
  { maxItems: 40 },
);

const FiledSchema = Type.Object({
  code: Type.String(),
  state: Type.Literal('submitted'),
  token: Opt(
    Type.String({ description: "The applicant's X-Applicant-Token; not given to an officer filing at the counter" }),
  ),
  expiresAt: Opt(DateTime()),
  fee: Type.Object({
    totalVnd: Type.Number(),
    state: FeeStateSchema,
    payment: Opt(Type.Object({ reference: Type.String(), qr: Type.String(), qrSvg: Type.String() })),
    payBy: Opt(
      DateTime(
        'Unpaid by then, the dossier filed online is refused automatically (SERVICES_UNPAID_EXPIRY after filing)',
      ),
    ),
  }),
});
const TrackSchema = Type.Object({
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: TextSchema }),
  state: StateSchema,
  submittedAt: DateTime(),
  receivedAt: Opt(DateTime()),
  dueAt: Opt(DateTime()),
  returnedAt: Opt(DateTime('When the result was handed out')),
  closedAt: Opt(DateTime('When it was closed without a result (refused, stopped, withdrawn)')),
  timeliness: Opt(Timeliness),
});
const AskedSchema = Type.Object({ items: List(Type.String()), note: Type.String(), at: DateTime() });
const QueueItemSchema = Type.Object({
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), version: Type.Number() }),
  agency: Type.String(),
  agencyName: TextSchema,
  state: StateSchema,
  applicantMasked: Type.String(),
  submittedAt: DateTime(),
  receivedAt: Opt(DateTime()),
  dueAt: Opt(DateTime()),
  workingHoursLeft: Opt(Type.Number()),
  late: Type.Boolean(),
  channel: Type.String(),
  feeState: FeeStateSchema,
});
const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);
const StaffDossierSchema = Type.Object({
  code: Type.String(),
  verified: Type.Union([Type.Literal('sign-on'), Type.Literal('none')], {
    description: "How the applicant's identity was checked when filing: the city's sign-on, or none",
  }),
  procedure: Type.Object({ code: Type.String(), version: Type.Number(), name: TextSchema }),
  agency: Type.String(),
  state: StateSchema,
  channel: Type.String(),
  language: Type.String(),
  applicant: Type.Object({
    kind: Type.String(),
    name: Nullable(Type.String()),
    idNumber: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    address: Nullable(Type.String()),
  }),
  values: Type.Record(Type.String(), Value),
  fee: Type.Object({
    totalVnd: Type.Number(),
    state: FeeStateSchema,
    reference: Opt(Type.String()),
    receipt: Opt(Type.String({ description: 'The number of the receipt given at the counter, when paid there' })),
    refunds: Opt(
      List(
        Type.Object({
          transactionId: Type.String({ description: "The bank's transaction whose money is due back" }),
          reference: Type.String({ description: 'The payment intent the transfer named' }),
          amountVnd: Type.Number(),
          reason: Type.String({
            description:
              "'intent-cancelled' (a transfer after the fee's payment was cancelled), 'dossier-withdrawn', 'dossier-rejected' or 'dossier-stopped' (paid as it closed)",
          }),
          state: Type.Union([Type.Literal('due'), Type.Literal('refunded')]),
          dueAt: DateTime(),
          refundedAt: Opt(DateTime()),
          refundReference: Opt(Type.String()),
        }),
        { description: 'Money received for the fee that nothing is owed for: due back, or refunded' },
      ),
    ),
  }),
  submittedAt: DateTime(),
  receivedAt: Opt(DateTime()),
  dueAt: Opt(DateTime()),
  returnedAt: Opt(DateTime()),
  timeliness: Opt(Timeliness),
  stepIndex: Type.Number(),
  stepDueAt: Opt(DateTime()),
  officer: Opt(Type.String()),
  extensionDays: Type.Number(),
  asked: Opt(AskedSchema),
  rating: Opt(Type.Number()),
  documents: List(
    Type.Object({
      id: Type.String(),
      code: Nullable(Type.String()),
      title: Type.String({ description: DOCUMENT_TITLE }),
      name: Type.String(),
      contentType: Type.String(),
      bytes: Type.Number(),
      scan: Type.String(),
    }),
  ),
  result: Opt(Type.Object({ id: Type.String(), sha256: Type.String() })),
  timeline: List(
    Type.Object({
      at: DateTime(),
      kind: Type.String(),
      text: TextSchema,
      by: Opt(Type.String()),
      fromState: Opt(StateSchema),
      toState: Opt(StateSchema),
      fromAgency: Opt(Type.String()),
      toAgency: Opt(Type.String()),
      note: Opt(Type.String()),
    }),
  ),
  forms: List(FormKindSchema),
  steps: List(Type.Object({ code: Type.String(), name: TextSchema, agency: Type.String() }), {
    description:
      "The procedure's steps, each with the agency that does it for this dossier; `stepIndex` is the current one",
  }),
  decidingAgency: Type.String({ description: 'The agency that decides and signs the result' }),
  actions: List(Type.Enum(OFFICER_ACTIONS), {
    description:
      "The officers' actions the state and the steps allow now to who asks (each judged again when taken): the steps " +
      '(POST /dossiers/{code}/{action}) and, while the fee is due, `fee-paid-at-counter` (POST /dossiers/{code}/fee/paid-at-counter)',
  }),
  agencies: List(Type.Object({ code: Type.String(), name: TextSchema }), {
    description: 'The name of every agency the dossier names (its own, its steps’, its timeline’s)',
  }),
  wards: List(Type.Object({ code: Type.String(), name: TextSchema }), {
    description: "The names of the wards the form's answers name, by official code",
  }),
});
const MyDossierSchema = Type.Object({
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: TextSchema }),
  state: StateSchema,
  submittedAt: DateTime(),
  receivedAt: Opt(DateTime()),
  dueAt: Opt(DateTime()),
  timeliness: Opt(Timeliness),
  agency: Type.Object({ code: Type.String(), name: TextSchema }, { description: 'The office holding the dossier now' }),
  decidingAgency: Type.Object(
    { code: Type.String(), name: TextSchema },
    { description: 'The agency that decides the dossier: its result is issued in that name' },
  ),
  fee: Type.Object({
    totalVnd: Type.Number(),
    state: FeeStateSchema,
    payment: Opt(Type.Object({ reference: Type.String(), qr: Type.String(), qrSvg: Type.String() })),
    channel: Opt(
      Type.Union([Type.Literal('transfer'), Type.Literal('counter')], {
        description: 'How the paid fee was paid: by VietQR bank transfer, or at the counter',
      }),
    ),
    receipt: Opt(Type.String({ description: 'The number of the receipt given at the counter, when paid there' })),
    payBy: Opt(
      DateTime(
        'While the fee of a dossier filed online is due: unpaid by then, the dossier is refused automatically (SERVICES_UNPAID_EXPIRY after filing)',
      ),
    ),
  }),
  asked: Opt(AskedSchema),
  closed: Opt(
    Type.Object({
      action: Type.Union([Type.Literal('reject'), Type.Literal('stop'), Type.Literal('withdraw')]),
      at: DateTime(),
      reason: Opt(Type.String()),
    }),
  ),
  timeline: List(Type.Object({ at: DateTime(), kind: Type.String(), text: TextSchema })),
  documents: List(
    Type.Object({
      code: Type.String(),
      title: Type.String({ description: DOCUMENT_TITLE }),
      name: Type.String({ description: "The uploaded file's name" }),
    }),
  ),
  forms: List(FormKindSchema),
  result: Opt(Type.Object({ available: Type.Literal(true) })),
  rating: Opt(Type.Number()),
  returnedAt: Opt(DateTime('When the result was handed to the applicant')),
  values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
    description: "What the applicant filed (as supplemented), by the form's field ids: their own answers, in clear",
  }),
});
const MySummarySchema = Type.Object({
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: TextSchema }),
  state: StateSchema,
  submittedAt: DateTime(),
  dueAt: Opt(DateTime()),
});
const PortalEventSchema = Type.Object({
  id: Type.Number(),
  dossier: Type.String(),
  kind: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: DateTime(),
  attempts: Type.Number(),
  nextAt: DateTime(),
  deliveredAt: Opt(DateTime()),
  lastError: Opt(Type.String()),
});
const PortalQuery = Type.Object(
  { dossier: Opt(Type.String({ minLength: 1, maxLength: 40 })) },
  { additionalProperties: false },
);
const ReceivedSchema = Type.Object({
  eventId: Type.Number(),
  dossier: Type.String(),
  kind: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  receivedAt: DateTime(),
});
/** Which extension a form 04 is about: each extension has its apology letter. */
const FormChoice = Type.Object({ extension: Opt(Type.Integer({ minimum: 1, maximum: 99 })) });

const IndexFiguresSchema = Type.Object({
  dossiers: Type.Number(),
  returned: Type.Number(),
  averageHandlingDays: Nullable(Type.Number()),
  criteria: List(
    Type.Object({
      code: Type.String(),
      group: Type.String(),
      rate: Nullable(Type.Number()),
      numerator: Type.Number(),
      denominator: Type.Number(),
      scored: Type.Boolean(),
    }),
  ),
  groups: List(Type.Object({ group: Type.String(), max: Type.Number(), points: Nullable(Type.Number()) })),
  points: Type.Number(),
  outOf: Type.Number(),
});
const BookRowSchema = Type.Object({
  code: Type.String(),
  procedure: Type.String(),
  agency: Type.String({ description: 'The office holding the dossier now' }),
  decidingAgency: Type.String({
    description: 'The agency that decides it ("cơ quan chủ trì giải quyết", as the PDF names it), whoever holds it',
  }),
  state: StateSchema,
  channel: Type.String(),
  submittedAt: DateTime(),
  receivedAt: Opt(DateTime()),
  dueAt: Opt(DateTime()),
  returnedAt: Opt(DateTime()),
  timeliness: Opt(Timeliness),
});
const Accepted = Type.Object({ code: Type.String(), state: StateSchema });

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PeriodFrom = Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })], {
  description: 'The first day (YYYY-MM-DD, a Hanoi day, from its start) or an instant',
});
const PeriodTo = Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })], {
  description: 'The last day (YYYY-MM-DD, a Hanoi day, included whole) or an instant (not included)',
});

/** The years a period may fall in: the city's dossiers, not dates the database or a calendar cannot take. */
const PERIOD_YEARS = { first: 2000, last: 2100 } as const;

/**
 * A period: both ends, from before to, at most a year (default: the last 30 days), within the years
 * 2000–2100. A plain date is a day in Hanoi: `from` from its 00:00, `to` included to its end.
 */
function periodOf(q: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const day = (text: string, after: number) => new Date(hanoiInstant(dayOfDate(text) + after, 0));
  const at = (text: string, after: number) => (PLAIN_DATE.test(text) ? day(text, after) : new Date(text));
  const to = q.to === undefined ? now : at(q.to, 1);
  const from = q.from === undefined ? new Date(to.getTime() - 30 * 86_400_000) : at(q.from, 0);
  if (
    Number.isNaN(from.getTime()) ||
    Number.isNaN(to.getTime()) ||
    !(from < to) ||
    to.getTime() - from.getTime() > 366 * 86_400_000 ||
    from < day(`${PERIOD_YEARS.first}-01-01`, 0) ||
    to > day(`${PERIOD_YEARS.last}-12-31`, 1)
  ) {
    throw problems.badRequest(
      'SERVICES_PERIOD_INVALID',
      `from is before to, at most a year apart, within ${PERIOD_YEARS.first}–${PERIOD_YEARS.last}.`,
    );
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

const staffOf = (request: FastifyRequest): StaffWho => {
  const p = principalOf(request);
  return { id: p.id, name: p.name, displayName: p.displayName, roles: p.roles };
};

export interface ApplicantOf {
  of(
    tenant: string,
    token: string | undefined,
  ): Promise<
    | { kind: 'identity'; subject: string; name: string; idNumber?: string }
    | { kind: 'dossier'; code: string }
    | undefined
  >;
}

export interface DossierRoutesOptions {
  readonly dossiers: DossierService;
  readonly catalogue: CatalogueOf;
  readonly applicants: ApplicantOf;
  readonly portal: PortalDelivery;
  readonly scanner: VirusScanner | undefined;
  /** Public filings per source per 10 minutes (SERVICES_FILING_RATE_LIMIT); null: no limit. */
  readonly filingsPerWindow: number | null;
  /** Bytes uploaded per source an hour, the tenant's staff aside (SERVICES_UPLOAD_MB_PER_HOUR); null: no budget. */
  readonly uploadBytesPerHour: number | null;
  readonly db: Database;
  readonly receipt: (tenant: string, reference: string) => Promise<unknown>;
}

/** An upload's limits, said to the applicant (one document per upload: `file` and its `document` code). */
const UPLOAD_LIMITS = {
  MULTIPART_TOO_MANY_FILES: 'An upload takes at most 1 file (the field "file"): upload each document on its own.',
  MULTIPART_TOO_MANY_FIELDS: 'An upload takes the field "file" and at most a "document" code.',
  MULTIPART_TOO_MANY_PARTS: 'An upload takes the field "file" and at most a "document" code.',
};

export async function dossierRoutes(fastify: FastifyInstance, o: DossierRoutesOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { dossiers } = o;
  // The public routes serve the default tenant (the city's citizens); another one a header names only
  // to its own staff (public routes skip the platform's tenant check, so it is made here).
  const publicTenant = (request: FastifyRequest): string => {
    const staff = request.principal !== null && canActInTenant(request.principal, request.tenant);
    if (request.tenant !== '' && !staff) throw problems.notFound('Tenant', request.tenant);
    return request.tenant;
  };
  const applicantOf = async (request: FastifyRequest) => {
    const raw = request.headers['x-applicant-token'];
    const token = Array.isArray(raw) ? raw[0] : raw;
    const a = await o.applicants.of(publicTenant(request), token);
    if (!a) {
      throw new AppError('SERVICES_APPLICANT_REQUIRED', 401, 'Prove who you are first: the X-Applicant-Token header.');
    }
    return a;
  };
  const ownsOf = async (request: FastifyRequest, code: string) =>
    dossiers.owns(publicTenant(request), code, await applicantOf(request));
  const limiter = new SourceLimiter(UPLOADS_PER_WINDOW, 10 * 60_000);
  const trackLimiter = new SourceLimiter(TRACKS_PER_WINDOW, 10 * 60_000);
  const byteBudget = o.uploadBytesPerHour === null ? undefined : new UploadBudget(o.uploadBytesPerHour);
  // A family files a few dossiers, a business a dozen at most: thousands would flood the one-stop queue
  // and take a school's places.
  const filingLimiter = o.filingsPerWindow === null ? undefined : new SourceLimiter(o.filingsPerWindow, 10 * 60_000);
  app.addContentTypeParser(
    'application/pdf',
    { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES + 1024 },
    (_r, body, done) => done(null, body),
  );
  await app.register(multipart, { limits: { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1, fields: 4, parts: 5 } });

  // --- public ------------------------------------------------------------------------------------------

  app.post(
    `${BASE}/uploads`,
    {
      config: open,
      schema: {
        tags,
        summary:
          'Uploads a document for a dossier (multipart "file", optional "document" code): PDF, JPEG or PNG by content, at most 10 MB',
        consumes: ['multipart/form-data'],
        response: {
          201: Type.Object({
            id: Type.String(),
            name: Type.String(),
            contentType: Type.String(),
            bytes: Type.Number(),
          }),
        },
      },
    },
    async (request, reply) => {
      const tenant = publicTenant(request);
      const wait = limiter.take(`ip:${request.ip}`);
      if (wait > 0) {
        throw new AppError('SERVICES_RATE_LIMITED', 429, 'Too many uploads from this address: wait a moment.', {
          headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
        });
      }
      if (!request.isMultipart())
        throw problems.badRequest('SERVICES_DOCUMENT_INVALID', 'Send the file as multipart/form-data, field "file".');
      let file: { bytes: Uint8Array; name: string } | undefined;
      let document: string | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer().catch((err: unknown) => {
              if ((err as { statusCode?: number }).statusCode === 413) {
                throw new AppError(
                  'SERVICES_DOCUMENT_TOO_LARGE',
                  413,
                  'The file is larger than 10 MB: send a smaller scan.',
                );
              }
              throw err;
            });
            file = { bytes: new Uint8Array(bytes), name: part.filename ?? 'tai-lieu' };
          } else if (part.fieldname === 'document' && typeof part.value === 'string') {
            document = part.value.slice(0, 60);
          }
        }
      } catch (err) {
        throw multipartProblem(err as Error, UPLOAD_LIMITS) ?? err;
      }
      if (!file) throw problems.badRequest('SERVICES_DOCUMENT_INVALID', 'Send the file in the field "file".');
      // Only the tenant's own staff at the counter skip the budget: any other account (a viewer, an
      // officer of another tenant) uploads as the public does.
      const counterStaff =
        request.principal !== null && canActInTenant(request.principal, tenant) && request.allows('services:handle');
      if (!counterStaff) byteBudget?.charge(request.ip, file.bytes.length, dossiers.now);
      const kept = await keepUpload(
        o.db,
        await dossiers.sealer(tenant),
        o.scanner,
        tenant,
        { ...file, document },
        dossiers.now,
      );
      // Where staff read it: the audit trail names the upload from it.
      return reply.code(201).header('location', `${BASE}/documents/${kept.id}`).send(kept);
    },
  );

  app.post(
    `${BASE}/dossiers`,
    {
      config: open,
      schema: {
        tags,
        summary:
          "Files a dossier (an applicant online; an officer with services:handle at the counter: channel 'counter')",
        body: Type.Object(
          {
            procedure: Type.String({ minLength: 1, maxLength: 40 }),
            applicant: Type.Object(
              {
                kind: Type.Enum(APPLICANT_KINDS),
                // Checked with the form, so a missing name is a field's error (SERVICES_FORM_INVALID).
                name: Opt(Type.String({ maxLength: 200 })),
                idNumber: Opt(Type.String({ maxLength: 20 })),
                phone: Opt(Type.String({ maxLength: 20 })),
                email: Opt(Type.String({ maxLength: 200 })),
                address: Opt(Type.String({ maxLength: 400 })),
              },
              { additionalProperties: false },
            ),
            values: Type.Record(Type.String(), Type.Unknown()),
            documents: DocRefs,
            language: Opt(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
            channel: Opt(Type.Enum(DOSSIER_CHANNELS)),
          },
          { additionalProperties: false },
        ),
        response: { 201: FiledSchema, 400: Problem },
      },
    },
    async (request, reply) => {
      const b = request.body;
      // A member of staff files for an applicant, at the counter unless they say by post: never as the
      // applicant online, which would give them the applicant's token and count as an online filing.
      const channel = b.channel ?? (request.principal ? 'counter' : 'online');
      if (request.principal && channel === 'online') {
        throw problems.badRequest(
          'SERVICES_CHANNEL_INVALID',
          "Staff file for an applicant at the counter or by post (channel 'counter' or 'post'); the applicant files online themself.",
        );
      }
      let by: StaffWho | undefined;
      if (channel !== 'online') {
        // At the counter (or by post) an officer files for the applicant.
        if (!request.principal) throw problems.unauthenticated();
        if (!request.allows('services:handle')) {
          throw problems.forbidden('Filing at the counter needs the permission services:handle.');
        }
        by = staffOf(request);
      }
      const tenant = publicTenant(request);
      const source = `ip:${request.ip}`;
      const wait = by ? 0 : (filingLimiter?.take(source) ?? 0);
      if (wait > 0) {
        throw new AppError('SERVICES_RATE_LIMITED', 429, 'Too many dossiers filed from this address: wait a moment.', {
          headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
        });
      }
      const raw = request.headers['x-applicant-token'];
      const signedIn = by ? undefined : await o.applicants.of(tenant, Array.isArray(raw) ? raw[0] : raw);
      // Only a dossier filed counts against the address: a form refused (a mistake, a school full) is
      // given back, so a family correcting its form is never held up by its own errors.
      const counted = !by && filingLimiter !== undefined;
      const filed = await dossiers
        .file(
          tenant,
          {
            procedure: b.procedure,
            applicant: { ...b.applicant, name: b.applicant.name ?? '' },
            values: b.values,
            documents: b.documents,
            language: b.language ?? 'vi',
            channel,
            subject: signedIn?.kind === 'identity' ? signedIn.subject : undefined,
            signedInIdNumber: signedIn?.kind === 'identity' ? signedIn.idNumber : undefined,
            signedInName: signedIn?.kind === 'identity' ? signedIn.name : undefined,
          },
          by,
        )
        .catch((err: unknown) => {
          if (counted) filingLimiter.giveBack(source);
          throw err;
        });
      // Where the filer reads it (the applicant their own, the officer any): the audit trail names the dossier from it.
      const read = by ? `${BASE}/dossiers` : `${BASE}/my/dossiers`;
      return reply
        .code(201)
        .header('location', `${read}/${encodeURIComponent(filed.code)}`)
        .send(filed);
    },
  );

  app.get(
    `${BASE}/track/:code`,
    {
      config: open,
      schema: {
        tags,
        summary: "A dossier's state by its code (no personal data)",
        params: Code,
        response: { 200: TrackSchema },
      },
    },
    async (request) => {
      const tenant = publicTenant(request);
      // Codes are sequential: look-ups are counted per address, so the dossiers cannot be walked.
      const wait = trackLimiter.take(`ip:${request.ip}`);
      if (wait > 0) {
        throw new AppError('SERVICES_RATE_LIMITED', 429, 'Too many look-ups from this address: wait a moment.', {
          headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
        });
      }
      return dossiers.track(tenant, request.params.code);
    },
  );

  app.post(
    `${BASE}/results/verify`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Checks a signed electronic result (the PDF as the body): its signature, and that this city issued it',
        consumes: ['application/pdf'],
        response: {
          200: Type.Object({
            valid: Type.Boolean(),
            dossier: Opt(Type.String()),
            agency: Opt(Type.String()),
            signer: Opt(Type.String({ description: "The signing certificate's name: the agency that issued it" })),
            signedAt: Opt(Type.String()),
            problem: Opt(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body))
        throw problems.badRequest('SERVICES_DOCUMENT_INVALID', 'Send the PDF as the body (application/pdf).');
      return dossiers.verifyResult(new Uint8Array(body));
    },
  );

  // --- the applicant's own ------------------------------------------------------------------------------

  app.get(
    `${BASE}/my/dossiers`,
    {
      config: open,
      schema: {
        tags,
        summary: "The applicant's dossiers (X-Applicant-Token)",
        response: { 200: Type.Object({ dossiers: List(MySummarySchema) }) },
      },
    },
    async (request) => ({ dossiers: await dossiers.myDossiers(publicTenant(request), await applicantOf(request)) }),
  );

  app.get(
    `${BASE}/my/dossiers/:code`,
    {
      config: open,
      schema: { tags, summary: "One of the applicant's dossiers", params: Code, response: { 200: MyDossierSchema } },
    },
    async (request) =>
      dossiers.myDossier(publicTenant(request), request.params.code, await ownsOf(request, request.params.code)),
  );

  app.post(
    `${BASE}/my/dossiers/:code/supplement`,
    {
      config: open,
      schema: {
        tags,
        summary: 'The applicant completes the dossier as asked: values and documents; the clock runs again',
        description:
          "Each document is given under the procedure's code for it, or, for an item of the request (`asked.items`) that is not one of the procedure's documents, under `asked-<n>`: the n-th item, counted from 1. The officers then see the upload under that item's words.",
        params: Code,
        body: Type.Object(
          {
            values: Opt(Type.Record(Type.String(), Type.Unknown())),
            documents: Opt(DocRefs),
            note: Opt(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Accepted },
      },
    },
    async (request) => {
      const tenant = publicTenant(request);
      await dossiers.supplement(tenant, request.params.code, await ownsOf(request, request.params.code), request.body);
      const t = await dossiers.track(tenant, request.params.code);
      return { code: t.code, state: t.state };
    },
  );

  app.post(
    `${BASE}/my/dossiers/:code/withdraw`,
    {
      config: open,
      schema: {
        tags,
        summary: 'The applicant takes the dossier back (before a result)',
        params: Code,
        body: Opt(Type.Object({ reason: Opt(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })),
        response: { 200: Accepted },
      },
    },
    async (request) => {
      const tenant = publicTenant(request);
      await dossiers.withdraw(
        tenant,
        request.params.code,
        await ownsOf(request, request.params.code),
        request.body?.reason,
      );
      return { code: request.params.code, state: 'withdrawn' as DossierState };
    },
  );

  app.post(
    `${BASE}/my/dossiers/:code/rating`,
    {
      config: open,
      schema: {
        tags,
        summary: 'The applicant rates the service once the result is returned (once)',
        params: Code,
        body: Type.Object(
          { score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Opt(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ code: Type.String(), rating: Type.Number() }) },
      },
    },
    async (request) => {
      const tenant = publicTenant(request);
      await dossiers.rate(
        tenant,
        request.params.code,
        await ownsOf(request, request.params.code),
        request.body.score,
        request.body.comment,
      );
      return { code: request.params.code, rating: request.body.score };
    },
  );

  app.get(
    `${BASE}/my/dossiers/:code/result`,
    {
      config: open,
      schema: {
        tags,
        summary: 'The signed electronic result',
        params: Code,
        response: { 200: Document('application/pdf', 'The signed result') },
      },
    },
    async (request, reply) => {
      const tenant = publicTenant(request);
      if (!(await ownsOf(request, request.params.code))) throw dossiersNotFound(request.params.code);
      const pdf = await dossiers.resultPdf(tenant, request.params.code);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${request.params.code}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    `${BASE}/my/dossiers/:code/forms/:kind`,
    {
      config: open,
      schema: {
        tags,
        summary:
          "One of the dossier's forms (Circular 03/2025, 01–06); form 04 of the `extension` asked for (1 the first; unset, the latest), 404 SERVICES_EXTENSION_NOT_MADE for one not made",
        params: Type.Object({ code: Type.String({ maxLength: 40 }), kind: FormKindSchema }),
        querystring: FormChoice,
        response: { 200: Document('application/pdf', 'The form') },
      },
    },
    async (request, reply) => {
      const tenant = publicTenant(request);
      if (!(await ownsOf(request, request.params.code))) throw dossiersNotFound(request.params.code);
      const pdf = await dossiers.formPdf(tenant, request.params.code, request.params.kind, undefined, request.query);
      return reply.type('application/pdf').send(Buffer.from(pdf));
    },
  );

  app.get(
    `${BASE}/my/dossiers/:code/receipt`,
    {
      config: open,
      schema: {
        tags,
        summary: "The receipt of the dossier's fee (once paid)",
        params: Code,
        response: { 200: Type.Record(Type.String(), Type.Unknown()) },
      },
    },
    async (request) => {
      const tenant = publicTenant(request);
      const owns = await ownsOf(request, request.params.code);
      const d = owns ? await store.getDossier(o.db, tenant, request.params.code) : undefined;
      if (!d) throw dossiersNotFound(request.params.code);
      if (!d.paymentReference || d.feeState !== 'paid') {
        throw new AppError('SERVICES_RECEIPT_NOT_AVAILABLE', 404, `The dossier ${d.code} has no paid fee.`);
      }
      return (await o.receipt(tenant, d.paymentReference)) as Record<string, unknown>;
    },
  );

  // --- staff ----------------------------------------------------------------------------------------------

  app.get(
    `${BASE}/queue`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "The officers' queue: open dossiers by due date (those to receive first), or those of the state asked (closed ones too); `q` a whole code, or the applicant's ID number or phone (9–12 digits), finds those the officer's agencies held at any step whatever their state (a search by person audited as a read of personal data), a part of a code the open ones; applicants masked",
        querystring: Type.Object({
          agency: Opt(Type.String({ maxLength: 80 })),
          state: Opt(StateSchema),
          late: Opt(Type.Boolean()),
          q: Opt(Type.String({ maxLength: 40 })),
          limit: Opt(Type.Integer({ minimum: 1, maximum: 200 })),
          cursor: Opt(Type.String({ maxLength: 400 })),
        }),
        response: { 200: Type.Object({ dossiers: List(QueueItemSchema), next: Opt(Type.String()) }) },
      },
    },
    async (request) =>
      dossiers.queue(
        request.tenant,
        staffOf(request),
        { ...request.query, limit: request.query.limit ?? 50 },
        readerOf(request),
      ),
  );

  app.get(
    `${BASE}/dossiers/:code`,
    {
      config: read,
      schema: {
        tags,
        summary: 'A dossier in full (the applicant in clear to handlers, the read audited)',
        params: Code,
        response: { 200: StaffDossierSchema },
      },
    },
    async (request) => dossiers.detail(readerOf(request), request.tenant, request.params.code),
  );

  app.post(
    `${BASE}/dossiers/:code/fee/paid-at-counter`,
    {
      config: handle,
      schema: {
        tags,
        summary:
          "The dossier's fee paid at the counter, recorded by an officer of the agency that has it, with the number " +
          'of the receipt given (409 SERVICES_FEE_NOT_DUE unless due); its VietQR code then pays nothing',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        body: Type.Object(
          { receipt: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z][0-9A-Za-z./-]*$' }) },
          { additionalProperties: false },
        ),
        response: { 200: StaffDossierSchema },
      },
    },
    async (request) =>
      dossiers.feePaidAtCounter(request.tenant, request.params.code, request.body.receipt, staffOf(request)),
  );

  app.post(
    `${BASE}/dossiers/:code/:action`,
    {
      config: handle,
      schema: {
        tags,
        summary:
          'A step of the dossier: receive, reject {reason}, request-supplement {items, note}, start, hand-off {toAgency?, toOfficer?, note?}, extend {days, reason}, stop {reason}, result {title, body}, return, note {text}',
        params: Type.Object({ code: Type.String({ maxLength: 40 }), action: Type.Enum(STAFF_ACTIONS) }),
        body: Opt(
          Type.Object(
            {
              reason: Opt(Type.String({ minLength: 1, maxLength: 4000 })),
              items: Opt(List(Type.String({ minLength: 1, maxLength: 400 }), { minItems: 1, maxItems: 30 })),
              note: Opt(Type.String({ maxLength: 4000 })),
              toAgency: Opt(Type.String({ maxLength: 80 })),
              toOfficer: Opt(
                Type.String({
                  maxLength: 80,
                  description:
                    "The officer who takes the dossier: their user id or username (of this tenant), an officer of the step's agency (`GET /agencies/{agency}/officers` lists them)",
                }),
              ),
              days: Opt(Type.Integer({ minimum: 1, maximum: 60 })),
              title: Opt(Type.String({ minLength: 1, maxLength: 400 })),
              body: Opt(List(Type.String({ maxLength: 4000 }), { maxItems: 50 })),
              text: Opt(Type.String({ minLength: 1, maxLength: 4000 })),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: StaffDossierSchema },
      },
    },
    async (request) => {
      const input = actionInput(request.params.action, request.body ?? {});
      return dossiers.act(request.tenant, request.params.code, input, staffOf(request));
    },
  );

  app.get(
    `${BASE}/dossiers/:code/forms/:kind`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "One of the dossier's forms (Circular 03/2025, 01–06); form 04 of the `extension` asked for (1 the first; unset, the latest), 404 SERVICES_EXTENSION_NOT_MADE for one not made",
        params: Type.Object({ code: Type.String({ maxLength: 40 }), kind: FormKindSchema }),
        querystring: FormChoice,
        response: { 200: Document('application/pdf', 'The form') },
      },
    },
    async (request, reply) => {
      const { code, kind } = request.params;
      const pdf = await dossiers.formPdf(request.tenant, code, kind, readerOf(request), request.query);
      return reply.type('application/pdf').send(Buffer.from(pdf));
    },
  );

  app.get(
    `${BASE}/dossiers/:code/result`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The signed electronic result',
        params: Code,
        response: { 200: Document('application/pdf', 'The signed result') },
      },
    },
    async (request, reply) =>
      reply
        .type('application/pdf')
        .send(Buffer.from(await dossiers.resultPdf(request.tenant, request.params.code, readerOf(request)))),
  );

  app.get(
    `${BASE}/documents/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: 'An uploaded document or a result, as it was kept',
        params: Type.Object({ id: Type.String({ maxLength: 60 }) }),
        response: { 200: Document('application/octet-stream', 'The document (its own type: PDF, JPEG or PNG)') },
      },
    },
    async (request, reply) => {
      const d = await dossiers.document(readerOf(request), request.tenant, request.params.id);
      return reply
        .type(d.contentType)
        .header('content-disposition', contentDisposition(d.name))
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(d.data));
    },
  );

  app.get(
    `${BASE}/book`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The dossier tracking book (form 07) of a period: JSON, CSV or PDF',
        querystring: Type.Object({
          from: Opt(PeriodFrom),
          to: Opt(PeriodTo),
          agency: Opt(Type.String({ maxLength: 80 })),
          format: Opt(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('pdf')])),
        }),
        response: {
          200: {
            description: 'The book',
            content: {
              'application/json': {
                schema: Type.Object({ from: DateTime(), to: DateTime(), dossiers: List(BookRowSchema) }),
              },
              'text/csv': {
                schema: Type.String({
                  description:
                    'UTF-8 with a BOM, a line per dossier: columns, states and channels in Vietnamese (English when ' +
                    'Accept-Language prefers it), times in Hanoi time with +07:00, agencies by name',
                }),
              },
              'application/pdf': { schema: Type.String() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { from, to } = periodOf(request.query, dossiers.now);
      const format = request.query.format ?? 'json';
      // An officer reads the books of the agencies they work for only (as their queue).
      const agency = await dossiers.bookAgency(request.tenant, staffOf(request), request.query.agency);
      if (format === 'pdf') {
        return reply
          .type('application/pdf')
          .send(Buffer.from(await dossiers.bookPdf(readerOf(request), request.tenant, from, to, agency)) as never);
      }
      if (format === 'csv') {
        // A book an officer reads: Vietnamese unless the request prefers English.
        const language = problemLanguageOf(request.headers['accept-language'], 'vi');
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-language', language)
          .send(await dossiers.bookCsv(request.tenant, from, to, agency, language));
      }
      const { rows } = await dossiers.book(request.tenant, from, to, agency);
      return reply.send({ from, to, dossiers: rows });
    },
  );

  app.get(
    `${BASE}/index`,
    {
      config: indexRead,
      schema: {
        tags,
        summary:
          'Decision 766 service index of a period, city-wide and per agency (the criteria this system can compute)',
        querystring: Type.Object({
          from: Opt(PeriodFrom),
          to: Opt(PeriodTo),
          agency: Opt(Type.String({ maxLength: 80 })),
        }),
        response: {
          200: Type.Object({
            from: DateTime(),
            to: DateTime(),
            city: IndexFiguresSchema,
            agencies: List(Type.Object({ agency: Type.String(), name: TextSchema, figures: IndexFiguresSchema })),
          }),
        },
      },
    },
    async (request) => {
      const { from, to } = periodOf(request.query, dossiers.now);
      const tenant = request.tenant;
      // Counted in the database, whole days from the days' counts: the dossiers never come to the server.
      const of = await dossiers.indexCounts(tenant, from, to);
      const procedures = await o.catalogue.list(tenant, { all: true });
      const city = indexFigures(
        [...of.values()].reduce((sum, c) => addIndexCounts(sum, c), noIndexCounts()),
        procedures,
      );
      const names = request.query.agency ? [request.query.agency] : [...of.keys()].sort();
      const known = new Map((await o.catalogue.agencies(tenant)).map((a) => [a.code, a.name]));
      const agencies = names.map((agency) => ({
        agency,
        name: known.get(agency) ?? { vi: agency, en: agency },
        figures: indexFigures(
          of.get(agency) ?? noIndexCounts(),
          procedures.filter((p) => decides(p, agency)),
        ),
      }));
      return { from, to, city, agencies };
    },
  );

  app.get(
    `${BASE}/index/trend`,
    {
      config: indexRead,
      schema: {
        tags,
        summary:
          'Decision 766 service index month by month (Hanoi months, this one last), of the city or, with `agency`, of the agency that decides the dossiers (400 SERVICES_AGENCY_UNKNOWN for one not in the catalogue)',
        querystring: Type.Object({
          agency: Opt(Type.String({ minLength: 1, maxLength: 80 })),
          months: Opt(Type.Integer({ minimum: 1, maximum: 24 })),
        }),
        response: {
          200: Type.Object({
            agency: Opt(Type.String()),
            months: List(Type.Object({ month: Type.String(), figures: IndexFiguresSchema })),
          }),
        },
      },
    },
    async (request) => {
      const { agency } = request.query;
      const tenant = request.tenant;
      const { starts, counts } = await dossiers.indexMonthCounts(tenant, request.query.months ?? 6, agency);
      const procedures = await o.catalogue.list(tenant, { all: true });
      // An agency's procedure criteria count the procedures it decides, as in the index.
      const scored = agency ? procedures.filter((p) => decides(p, agency)) : procedures;
      return { ...(agency ? { agency } : {}), months: indexTrend(starts, counts, scored) };
    },
  );

  app.get(
    `${BASE}/summary`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The KPI strip: open dossiers, late, due today, on-time rate of the last 30 days',
        response: {
          200: Type.Object({
            open: Type.Number(),
            late: Type.Number(),
            dueToday: Type.Number(),
            returned30d: Type.Number(),
            onTimeRate: Nullable(Type.Number()),
          }),
        },
      },
    },
    async (request) => dossiers.summary(request.tenant),
  );

  app.get(
    `${BASE}/agencies/mine`,
    {
      config: read,
      schema: {
        tags,
        summary: "The agencies the caller works for: an officer's own; all for admins, operators and viewers",
        response: { 200: Type.Object({ all: Type.Boolean(), agencies: List(Type.String()) }) },
      },
    },
    async (request) => dossiers.agenciesOf(request.tenant, staffOf(request)),
  );

  app.get(
    `${BASE}/agencies/:agency/officers`,
    {
      config: handle,
      schema: {
        tags,
        summary: 'The officers working for an agency: whom a hand-off to it may name (`toOfficer`)',
        params: Type.Object({ agency: Type.String({ minLength: 1, maxLength: 80 }) }),
        response: {
          200: Type.Object({
            officers: List(Type.Object({ id: Type.String(), username: Type.String() })),
          }),
        },
      },
    },
    async (request) => ({ officers: await dossiers.officersOf(request.tenant, request.params.agency) }),
  );

  const StaffSchema = Type.Object({ userId: Type.String(), agencies: List(Type.String()) });
  const UserId = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 80 }) });
  app.get(
    `${BASE}/staff/:userId`,
    {
      config: catalogue,
      schema: { tags, summary: 'The agencies an officer works for', params: UserId, response: { 200: StaffSchema } },
    },
    async (request) => dossiers.staff(request.tenant, request.params.userId),
  );
  app.put(
    `${BASE}/staff/:userId`,
    {
      config: catalogue,
      schema: {
        tags,
        summary: 'Sets the agencies an officer works for (their queue and the dossiers they may act on)',
        params: UserId,
        body: Type.Object(
          { agencies: List(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: StaffSchema },
      },
    },
    async (request) => dossiers.setStaff(request.tenant, request.params.userId, request.body.agencies),
  );

  app.get(
    `${BASE}/portal/outbox`,
    {
      config: catalogue,
      schema: {
        tags,
        summary:
          "Events for the National Public Service Portal, newest first, with their delivery; with `dossier`, that dossier's latest 200, in the order sent",
        querystring: PortalQuery,
        response: { 200: Type.Object({ receiver: Type.String(), events: List(PortalEventSchema) }) },
      },
    },
    async (request) => ({
      receiver: o.portal.receiver,
      events: await o.portal.outbox(request.tenant, request.query.dossier),
    }),
  );
  app.get(
    `${BASE}/portal/received`,
    {
      config: catalogue,
      schema: {
        tags,
        summary:
          "What the local national-portal receiver got, newest first; with `dossier`, that dossier's latest 200, in the order received",
        querystring: PortalQuery,
        response: { 200: Type.Object({ events: List(ReceivedSchema) }) },
      },
    },
    async (request) => ({ events: await o.portal.received(request.tenant, request.query.dossier) }),
  );
}

const dossiersNotFound = (code: string) =>
  new AppError('SERVICES_DOSSIER_NOT_FOUND', 404, `There is no dossier "${code}" (or it is not yours).`);

/** The action's input from the body, each action with what it needs (its texts are checked by the service). */
function actionInput(
  action: StaffAction,
  b: {
    reason?: string;
    items?: readonly string[];
    note?: string;
    toAgency?: string;
    toOfficer?: string;
    days?: number;
    title?: string;
    body?: readonly string[];
    text?: string;
  },
): ActionInput & { action: StaffAction } {
  const need = (v: unknown, what: string) => {
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) {
      throw problems.badRequest('SERVICES_ACTION_INPUT', `"${action}" needs ${what}.`);
    }
  };
  // What a step does not take is refused, not dropped: items sent with a refusal would be lost unsaid.
  const takes = ACTION_TAKES[action];
  const extra = Object.keys(b).filter((k) => b[k as keyof typeof b] !== undefined && !takes.includes(k));
  if (extra.length > 0) {
    throw problems.badRequest(
      'SERVICES_ACTION_INPUT',
      `"${action}" takes ${takes.length ? takes.join(', ') : 'nothing'}, not ${extra.join(', ')}.`,
    );
  }
  switch (action) {
    case 'reject':
    case 'stop':
      need(b.reason, 'a reason');
      return { action, reason: b.reason as string };
    case 'request-supplement':
      need(b.items, 'the items asked for');
      return { action, items: b.items as string[], note: b.note ?? '' };
    case 'hand-off':
      return { action, toAgency: b.toAgency, toOfficer: b.toOfficer, note: b.note };
    case 'extend':
      need(b.days, 'the days');
      need(b.reason, 'a reason');
      return { action, days: b.days as number, reason: b.reason as string };
    case 'result':
      need(b.title, 'a title');
      return { action, title: b.title as string, body: [...(b.body ?? [])] };
    case 'note':
      need(b.text, 'the text');
      return { action, text: b.text as string };
    case 'receive':
    case 'start':
    case 'return':
      return { action };
  }
}

/** What each staff step takes in its body. */
const ACTION_TAKES: Readonly<Record<StaffAction, readonly string[]>> = {
  receive: [],
  reject: ['reason'],
  'request-supplement': ['items', 'note'],
  start: [],
  'hand-off': ['toAgency', 'toOfficer', 'note'],
  extend: ['days', 'reason'],
  stop: ['reason'],
  result: ['title', 'body'],
  return: [],
  note: ['text'],
};

export { type ActionInput };
