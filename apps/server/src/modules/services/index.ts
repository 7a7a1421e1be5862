import { Invalid, parseDuration, parseEnum, parseInteger, publicUrl, variable } from '../../platform/config.js';
import { defineErrors } from '../../platform/errors.js';
import { defineConfig, defineModule } from '../../platform/modules.js';
import { paymentsModule } from '../payments/index.js';
import { reportsModule } from '../reports/index.js';
import { APPLICANT_ERRORS, applicantSignOn, Applicants } from './applicants.js';
import { applicantRoutes } from './applicants-routes.js';
import { AgencySigners, renderForm, renderResult, verifySignedPdf } from './documents/index.js';
import { validateForm } from './forms.js';
import { PortalDelivery, localPortal } from './portal.js';
import type { DocumentsOf, DossierSheet } from './ports.js';
import { PROCEDURE_ERRORS, ProcedureCatalogue } from './procedures.js';
import { procedureRoutes } from './procedures-routes.js';
import { dossierRoutes } from './routes.js';
import { DossierService, FEE_PURPOSE, HANDLERS } from './service.js';
import { clamdScanner, MAX_DOCUMENT_BYTES } from './uploads.js';
import { UPLOADS_PER_WINDOW } from './routes.js';

/** Online public services (Decree 118/2025, Circular 03/2025): the public surface of services/. */
export * from './model.js';
export {
  ACTION_RULES,
  DOSSIER_ACTIONS,
  OFFICER_ACTIONS,
  STAFF_ACTIONS,
  decide,
  type DossierAction,
  type OfficerAction,
  type StaffAction,
} from './dossiers.js';
export { dueDate, timelinessOf } from './due.js';
export {
  DossierService,
  FEE_PURPOSE,
  PROVINCE_CODE,
  type Filed,
  type QueueItem,
  type StaffDossier,
} from './service.js';
export { PortalDelivery, localPortal, type NationalPortal, type PortalEvent } from './portal.js';
export { computeIndex, INDEX_GROUPS, type IndexFigures } from './service-index.js';
export { ProcedureCatalogue } from './procedures.js';
// The demo's catalogue (demo/public-services.ts seeds it).
export { HANOI_AGENCIES, HANOI_PROCEDURES } from './hanoi-procedures.js';
export { Applicants } from './applicants.js';

export interface ServicesSettings {
  readonly signingKey?: string | undefined;
  readonly signingCert?: string | undefined;
  readonly virusScan: 'none' | 'clamd';
  readonly clamd?: { readonly host: string; readonly port: number } | undefined;
  /** Public filings per source address per 10 minutes; null: no limit. */
  readonly filingsPerWindow: number | null;
  /** Bytes of uploads one anonymous source address may send an hour; null: no budget (the count still bounds them). */
  readonly uploadBytesPerHour: number | null;
  /** How long an online dossier waits for its fee (paid before receipt) before the system closes it. */
  readonly unpaidExpiryMs: number;
}

/** SERVICES_CLAMD: host:port of clamd's TCP socket. */
function parseHostPort(raw: string): { host: string; port: number } {
  const m = /^([A-Za-z0-9.-]{1,253}|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(raw.trim());
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535) throw new Invalid('must be host:port (e.g. clamav:3310)');
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port };
}

const MB = 1024 * 1024;

/**
 * SERVICES_UPLOAD_MB_PER_HOUR: at least one upload of the largest size; below what the count of uploads
 * per address already bounds an hour to (UPLOADS_PER_WINDOW of MAX_DOCUMENT_BYTES each 10 minutes),
 * where it would do nothing.
 */
function parseUploadBudget(raw: string): number | null {
  if (raw.toLowerCase() === 'off') return null;
  const mb = parseInteger(1, 1_000_000)(raw);
  const least = MAX_DOCUMENT_BYTES / MB;
  const most = (UPLOADS_PER_WINDOW * 6 * MAX_DOCUMENT_BYTES) / MB;
  if (mb < least) throw new Invalid(`must be at least ${least}: one upload may be ${least} MB (got ${mb})`);
  if (mb >= most) {
    throw new Invalid(
      `must be below ${most}: the count of uploads per address already bounds an hour to ${most} MB, so it would do nothing; use off (got ${mb})`,
    );
  }
  return mb;
}

const path = (raw: string): string => {
  if (raw.trim() === '') throw new Invalid('must be a file path');
  return raw.trim();
};

export const servicesModule = defineModule({
  name: 'services',
  permissions: {
    'services:read': ['admin', 'officer', 'operator', 'viewer'],
    'services:handle': HANDLERS,
    'services:catalogue': ['admin'],
    'services:index': ['admin', 'officer', 'operator', 'viewer'],
  },
  // The fees are paid through the payments module; the city offices' calendar (extra days off and
  // make-up days) is the one the reports module reads (REPORTS_EXTRA_HOLIDAYS, REPORTS_MAKEUP_DAYS):
  // one city, one calendar, set once.
  needs: { payments: paymentsModule, reports: reportsModule },
  config: defineConfig(
    {
      SERVICES_SIGNING_KEY: variable({
        doc: 'The private key (PEM file path) the electronic results are signed with; with SERVICES_SIGNING_CERT. Unset: a demo key and self-signed certificate made once in DATA_DIR',
        parse: path,
      }),
      SERVICES_SIGNING_CERT: variable({
        doc: 'The certificate (PEM file path) of SERVICES_SIGNING_KEY: what a verifier of the results trusts',
        parse: path,
      }),
      SERVICES_VIRUS_SCAN: variable({
        doc: "How uploads are scanned for viruses: none, or clamd (clamd's INSTREAM at SERVICES_CLAMD; an infected file is refused)",
        parse: parseEnum(['none', 'clamd'] as const),
        fallback: 'none',
      }),
      SERVICES_CLAMD: variable({
        doc: "clamd's TCP address as host:port, with SERVICES_VIRUS_SCAN=clamd",
        parse: parseHostPort,
      }),
      SERVICES_FILING_RATE_LIMIT: variable({
        doc: 'Dossiers filed online per 10 minutes from one source address (officers at the counter are not counted); off = no limit (per instance)',
        parse: (raw: string): number | null => (raw.toLowerCase() === 'off' ? null : parseInteger(1, 1_000_000)(raw)),
        fallback: '10',
      }),
      SERVICES_UPLOAD_MB_PER_HOUR: variable({
        doc: "Megabytes of uploads one source address may send an hour, unless sent by the tenant's staff with services:handle (kept or refused, all are checked); off = no budget (per address, in each instance's memory)",
        parse: parseUploadBudget,
        fallback: '200',
      }),
      SERVICES_UNPAID_EXPIRY: variable({
        doc: 'How long a full-process online dossier whose fee is paid before receipt may stay unpaid: then the system refuses it with the reason, cancels the payment and tells the applicant (1h to 30d)',
        parse: parseDuration(3600_000, 30 * 86_400_000),
        fallback: '72h',
      }),
    },
    (v): ServicesSettings => {
      if ((v.SERVICES_SIGNING_KEY === undefined) !== (v.SERVICES_SIGNING_CERT === undefined)) {
        throw new Invalid(
          'and SERVICES_SIGNING_CERT are set together (the key and its certificate) or not at all',
          'SERVICES_SIGNING_KEY',
        );
      }
      if (v.SERVICES_VIRUS_SCAN === 'clamd' && v.SERVICES_CLAMD === undefined) {
        throw new Invalid('is needed with SERVICES_VIRUS_SCAN=clamd: where clamd listens', 'SERVICES_CLAMD');
      }
      if (v.SERVICES_VIRUS_SCAN !== 'clamd' && v.SERVICES_CLAMD !== undefined) {
        throw new Invalid('is read only with SERVICES_VIRUS_SCAN=clamd', 'SERVICES_CLAMD');
      }
      return {
        signingKey: v.SERVICES_SIGNING_KEY,
        signingCert: v.SERVICES_SIGNING_CERT,
        virusScan: v.SERVICES_VIRUS_SCAN ?? 'none',
        clamd: v.SERVICES_CLAMD,
        filingsPerWindow: v.SERVICES_FILING_RATE_LIMIT ?? null,
        unpaidExpiryMs: v.SERVICES_UNPAID_EXPIRY ?? 72 * 3600_000,
        uploadBytesPerHour: v.SERVICES_UPLOAD_MB_PER_HOUR === null ? null : (v.SERVICES_UPLOAD_MB_PER_HOUR ?? 200) * MB,
      };
    },
  ),
  errors: defineErrors({
    ...PROCEDURE_ERRORS,
    ...APPLICANT_ERRORS,
    SERVICES_DOSSIER_NOT_FOUND: {
      status: 404,
      when: 'services: no dossier of that code in the tenant, or the applicant does not own it',
    },
    SERVICES_STATE: {
      status: 409,
      when: "services: a step the dossier's state does not allow (the detail names the state and the states it is allowed from); nothing changed",
    },
    SERVICES_NOT_YOURS: {
      status: 403,
      when: "services: a step by someone it is not for (an officer of another agency, an applicant on another's dossier, staff on an applicant's step), or filing at the counter by an officer not working for the agency that receives the procedure; audited, nothing changed",
    },
    SERVICES_FEE_UNPAID: {
      status: 409,
      when: 'services: while its fee is due (not paid online nor recorded paid at the counter): receiving a full-process dossier, returning any dossier, or the applicant downloading its electronic result; nothing changed',
    },
    SERVICES_FEE_NOT_DUE: {
      status: 409,
      when: 'services: recording a payment at the counter for a dossier whose fee is not due (none, paid already, or cancelled); nothing changed',
    },
    SERVICES_STEP_SKIPPED: {
      status: 409,
      when: "services: a result made before the deciding agency's steps (a ward committee's signing for a birth), or such a step handed to another agency; the detail names the step; nothing changed",
    },
    SERVICES_LAST_STEP: {
      status: 409,
      when: "services: a hand-off at the procedure's last step without naming an agency",
    },
    SERVICES_FORM_INVALID: { status: 400, when: 'services: a form with answers to correct (errors: FieldError[])' },
    SERVICES_DOCUMENTS_INVALID: {
      status: 400,
      when: 'services: a required document missing, one the procedure does not ask for, an upload given twice, unknown or already in a dossier, or of a type the document does not take',
    },
    SERVICES_APPLICANT_KIND: { status: 400, when: 'services: an applicant of a kind the procedure is not for' },
    SERVICES_PROCEDURE_UNPUBLISHED: { status: 400, when: 'services: filing under a procedure no longer offered' },
    SERVICES_SCHOOL_CATCHMENT: {
      status: 400,
      when: "services: school enrolment for a school whose catchment does not hold the applicant's ward",
    },
    SERVICES_SCHOOL_FULL: {
      status: 409,
      when: 'services: school enrolment at a school whose places of the school year are all taken; nothing filed',
    },
    SERVICES_PUPIL_ENROLLED: {
      status: 409,
      when: 'services: school enrolment for a pupil (by their ID number) who has an open or returned enrolment dossier of the procedure this school year; nothing filed',
    },
    SERVICES_RATED: { status: 409, when: 'services: rating a dossier not returned yet, or rated already' },
    SERVICES_BOOK_TOO_LARGE: {
      status: 422,
      when: 'services: a PDF book (form 07) of a period holding more than 100 dossiers (`dossiers`, `most`): narrow the period or the agency, or take it as CSV',
    },
    SERVICES_RESULT_NOT_AVAILABLE: {
      status: 404,
      when: 'services: the electronic result of a dossier that has none (yet)',
    },
    SERVICES_FORM_NOT_MADE: { status: 404, when: "services: a form (01–06) the dossier's steps did not make" },
    SERVICES_EXTENSION_NOT_MADE: {
      status: 404,
      when: 'services: form 04 of an extension the dossier did not have (one letter per extension), or an extension asked of another form',
    },
    SERVICES_AGENCY_UNKNOWN: {
      status: 400,
      when: 'services: a hand-off or staff assignment to an agency not in the catalogue',
    },
    SERVICES_CHANNEL_INVALID: {
      status: 400,
      when: "services: a member of staff filing with channel 'online' (staff file at the counter or by post)",
    },
    SERVICES_CURSOR_INVALID: { status: 400, when: 'services: a queue cursor the queue did not give' },
    SERVICES_PERIOD_INVALID: {
      status: 400,
      when: 'services: a period whose from is not before to, longer than a year, or outside 2000–2100',
    },
    SERVICES_ACTION_INPUT: {
      status: 400,
      when: 'services: a step without what it needs (a reason, the items, the days, a title, the text)',
    },
    SERVICES_APPLICANT_REQUIRED: {
      status: 401,
      when: "services: an applicant's route without a valid X-Applicant-Token",
    },
    SERVICES_RECEIPT_NOT_AVAILABLE: {
      status: 404,
      when: 'services: the receipt of a dossier whose fee is not paid online (not paid, or paid at the counter: its receipt is the one given there)',
    },
    SERVICES_DOCUMENT_NOT_FOUND: { status: 404, when: 'services: no document of that id' },
    SERVICES_DOCUMENT_INVALID: {
      status: 400,
      when: 'services: an upload that is not a PDF (read through, not encrypted), a JPEG or a PNG by its content, or empty',
    },
    SERVICES_DOCUMENT_MISMATCH: { status: 400, when: 'services: an upload named .pdf that is not a PDF' },
    SERVICES_DOCUMENT_TOO_LARGE: { status: 413, when: 'services: an upload over 10 MB (a photo over 5 MB)' },
    SERVICES_DOCUMENT_TOO_COMPLEX: {
      status: 422,
      when: 'services: an uploaded PDF of more than 20,000 objects, or one whose check runs past 5 s; nothing kept',
    },
    SERVICES_DOCUMENT_CHECK_BUSY: {
      status: 503,
      when: 'services: too many uploaded PDFs are being checked at once, or a checking thread did not start; Retry-After says when to send it again',
    },
    SERVICES_DOCUMENT_INFECTED: { status: 400, when: 'services: an upload the virus scanner flags; not kept' },
    SERVICES_SCAN_UNAVAILABLE: { status: 503, when: 'services: the virus scanner did not answer; nothing kept' },
    SERVICES_RATE_LIMITED: {
      status: 429,
      when: 'services: too many uploads, filings or tracking look-ups from one source; Retry-After says when',
    },
    SERVICES_UPLOAD_BUDGET: {
      status: 429,
      when: 'services: an upload from an address that sent more than SERVICES_UPLOAD_MB_PER_HOUR of uploads in the last hour; Retry-After says when; nothing kept',
    },
    SERVICES_OFFICER_INVALID: {
      status: 400,
      when: "services: a hand-off to an officer who does not exist, is not an officer (or admin), or does not work for the step's agency",
    },
    SERVICES_SUPPLEMENT_CHANGES: {
      status: 400,
      when: "services: a supplement whose values would change the fee, the handling agency or the applicant's identity; nothing changed",
    },
    SERVICES_APPLICANT_NOT_REQUESTER: {
      status: 400,
      when: "services: a citizen's applicant block naming another person than the form's requester (its name, folded, or ID number differs from the form's fields that give them: named in `fields` and in `errors`); nothing filed",
    },
    SERVICES_APPLICANT_NOT_SIGNED_IN: {
      status: 400,
      when: "services: a signed-in applicant filing with a name or ID number (theirs or the form's requester's) other than their city sign-on's (the fields named in `fields` and in `errors`); nothing filed",
    },
  }),
  async create({ db, log, config, settings, needs, personalData, messages, broker, auth }) {
    const catalogue = new ProcedureCatalogue({ db });
    // The reports' own calendar, not a copy made from the same settings: one city, one calendar.
    const calendar = needs.reports.calendar;
    const signers = await AgencySigners.fromConfig({
      keyPath: settings.signingKey,
      certPath: settings.signingCert,
      dataDir: config.dataDir,
    });
    const documents: DocumentsOf = {
      renderForm: (kind, sheet, book) => renderForm(kind, paper(sheet), book?.map(paper)),
      renderResult: (sheet, result) => renderResult(paper(sheet), result),
      sign: async (pdf, reason, agency) => (await signers.signerFor(agency)).sign(pdf, reason),
      verify: async (pdf, agency) => verifySignedPdf(pdf, await signers.trusted(agency)),
    };
    // The applicants ask the dossiers for a contact; the dossiers issue the applicants' tokens.
    const made: { dossiers?: DossierService } = {};
    const applicants = new Applicants({
      db,
      personal: personalData,
      messages,
      log: log.child({ part: 'applicants' }),
      contactOf: async (tenant, code) => made.dossiers?.contactOf(tenant, code),
      signOn: applicantSignOn(config, broker.outbound),
    });
    const service = new DossierService({
      db,
      personal: personalData,
      calendar,
      catalogue,
      validateForm,
      payments: needs.payments,
      applicants,
      messages,
      documents,
      users: {
        find: async (tenant, idOrUsername) => {
          const user = await auth.findUser('*', idOrUsername);
          if (!user || user.disabled || (user.tenant !== tenant && user.tenant !== '*')) return undefined;
          return { id: user.id, username: user.username, roles: user.roles };
        },
      },
      log,
      baseUrl: publicUrl(config),
      unpaidExpiryMs: settings.unpaidExpiryMs,
    });
    made.dossiers = service;
    // The fee paid: marked in the payment's own transaction (a failure there and the bank sends it again).
    // Only the dossier cancels its fee's intent (withdrawn, refused, stopped, paid at the counter). The
    // applicant is told of the payment in its transaction: the messages' keys are made ready first.
    needs.payments.onSettled(FEE_PURPOSE, (tx, tenant, intent) => service.feePaid(tx, tenant, intent), {
      ownerCancels: true,
      prepare: (tenant) => messages.prepare(tenant),
    });
    personalData.declare(service.personalDataSource());
    personalData.declare(applicants.personalDataSource());
    const portal = new PortalDelivery({ db, portal: localPortal(db), log: log.child({ part: 'portal' }) });
    const scanner =
      settings.virusScan === 'clamd' && settings.clamd
        ? clamdScanner(settings.clamd.host, settings.clamd.port)
        : undefined;
    return {
      provides: { dossiers: service, catalogue, applicants, portal, signers, calendar },
      async routes(app) {
        await app.register(procedureRoutes, { catalogue });
        await app.register(applicantRoutes, { applicants });
        await app.register(dossierRoutes, {
          dossiers: service,
          catalogue,
          applicants,
          portal,
          scanner,
          filingsPerWindow: settings.filingsPerWindow,
          uploadBytesPerHour: settings.uploadBytesPerHour,
          db,
          receipt: (tenant, reference) => needs.payments.receipt(tenant, reference),
        });
      },
      jobs: [
        { name: 'portal', everyMs: 5_000, run: async () => void (await portal.deliver()) },
        // A filing's fee intent and message left undone as it committed (the process stopped): made.
        { name: 'filing-followups', everyMs: 15_000, run: async () => void (await service.followUpFilings()) },
        // The index's days that changes marked dirty, counted again ahead of the next index request.
        { name: 'index-days', everyMs: 60_000, run: () => service.countDirtyIndexDays() },
        { name: 'unused-uploads', everyMs: 3600_000, run: async () => void (await service.dropUnusedUploads()) },
        // Uploads and results kept in clear before they were sealed: sealed (read as they are meanwhile).
        { name: 'sealed-documents', everyMs: 600_000, run: async () => void (await service.sealDocumentsInClear()) },
        // The applicant's words kept in clear before: sealed (read as they are meanwhile).
        {
          name: 'sealed-applicant-words',
          everyMs: 600_000,
          run: async () => void (await service.sealApplicantWordsInClear()),
        },
        { name: 'applicant-codes', everyMs: 3600_000, run: () => applicants.dropStale() },
        // Online dossiers left unpaid past SERVICES_UNPAID_EXPIRY: refused, their payment cancelled.
        { name: 'unpaid-dossiers', everyMs: 60_000, run: async () => void (await service.closeUnpaid()) },
        // Dossiers filed before the sign-on subject was kept as a blind index lose it in clear.
        { name: 'sign-on-subjects', everyMs: 600_000, run: async () => void (await service.indexSignOnSubjects()) },
        // Dossiers filed before the ward stand-ins were resolved when filed: given their ward's agency.
        { name: 'ward-stand-ins', everyMs: 600_000, run: async () => void (await service.resolveWardStandIns()) },
      ],
    };
  },
});

/** The sheet as the documents' writer takes it: keys without a value left out. */
function paper<T extends DossierSheet>(sheet: T): Parameters<typeof renderForm>[1] {
  return JSON.parse(JSON.stringify(sheet)) as Parameters<typeof renderForm>[1];
}
