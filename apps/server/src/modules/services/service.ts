import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { Database, Sql } from '../../platform/db/index.js';
import { AppError, problems } from '../../platform/errors.js';
import { dateOfDay, hanoiDate, hanoiTime, hanoiInstant } from '../../platform/hanoi-time.js';
import {
  isSealed,
  isSealedBytes,
  mask,
  type PersonalData,
  type PersonalDataSource,
  type PersonalKind,
  type Reader,
  type Sealer,
} from '../../platform/personal-data/index.js';
import { wardOf } from '../city/index.js';
import {
  ACTION_RULES,
  decide,
  dossierErrors,
  STAFF_ACTIONS,
  decidingStep,
  resultAllowedHere,
  type ActionInput,
  type Actor,
  type DossierFacts,
  type OfficerAction,
  type StaffAction,
} from './dossiers.js';
import { bookCsv, type BookLanguage } from './book-csv.js';
import { dueDate, stepDueDate, timelinessOf, workingHoursLeft } from './due.js';
import { shortTimeVi } from './documents/index.js';
import {
  applicantErrorsOnForm,
  applicantFromForm,
  checkApplicant,
  formFields,
  hasControlCharacters,
  holds,
} from './forms.js';
import {
  CLOSED_STATES,
  type ApplicantKind,
  type DossierChannel,
  type DossierState,
  type FeeState,
  type FieldError,
  type FieldPersonal,
  type FormKind,
  type FormSchema,
  type FormValues,
  type Procedure,
  type RequiredDocument,
  type Text,
  type Timeliness,
} from './model.js';
import type {
  ApplicantsOf,
  CatalogueOf,
  DocumentsOf,
  DossierSheet,
  MessagesOf,
  PaymentIntentOf,
  PaymentsOf,
  RefundOf,
  UsersOf,
  ValidateForm,
} from './ports.js';
import { queuePortal } from './portal.js';
import { procedureVersion } from './procedures-store.js';
import { isWardStandIn, WARD_COMMITTEE, WARD_POLICE } from './procedures.js';
import { schoolYearOf, type SchoolYear } from './school-year.js';
import {
  addIndexCounts,
  calendarFingerprint,
  handlingMinutes,
  noIndexCounts,
  trendMonthStarts,
  type IndexCounts,
} from './service-index.js';
import { PaperCache } from './paper-cache.js';
import * as store from './store.js';
import type { StoredDossier } from './store.js';

/**
 * Dossiers' rules: filing (the form checked against the procedure's version, the documents it asks
 * for, the fees and their payment intent, a school's catchment and places), each officer's and
 * applicant's step through the state machine (dossiers.ts) with its clock (due.ts), the timeline, the
 * forms and the signed result, the messages to the applicant and the events for the national portal —
 * each queued in the step's transaction.
 */

/** A dossier fee's payment purpose in the payments module. */
export const FEE_PURPOSE = 'dossier-fee';
/** Why a fee paid as its dossier closed is due back (the payments' refund reason). */
const REFUND_REASON: Readonly<Record<string, string>> = {
  withdraw: 'dossier-withdrawn',
  reject: 'dossier-rejected',
  stop: 'dossier-stopped',
};
/** The province code of Hà Nội in the national list of agency codes, first part of a dossier code. */
export const PROVINCE_CODE = 'H26';
/** Who handles dossiers sees the applicant in clear (each read audited). */
export const HANDLERS = ['admin', 'officer'] as const;
const PERSONAL_SOURCE = 'services-dossiers';
export const DOSSIER_PERSONAL_FIELDS = {
  name: 'name',
  idNumber: 'national-id',
  phone: 'phone',
  email: 'email',
  address: 'address',
} as const satisfies Record<string, PersonalKind>;
/** An upload no dossier took within a day is dropped. */
export const UNUSED_UPLOAD_MS = 24 * 3600_000;

export interface ApplicantInput {
  readonly kind: ApplicantKind;
  readonly name: string;
  readonly idNumber?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly address?: string | undefined;
}

export interface FileInput {
  readonly procedure: string;
  readonly applicant: ApplicantInput;
  readonly values: unknown;
  readonly documents: readonly { readonly code: string; readonly uploadId: string }[];
  readonly language: 'vi' | 'en';
  readonly channel: DossierChannel;
  /** The identity provider's subject of a signed-in applicant (their "my dossiers"). */
  readonly subject?: string | undefined;
  /** The ID number the city's sign-on gave the signed-in filer: the applicant's must be it. */
  readonly signedInIdNumber?: string | undefined;
  /** The name the city's sign-on gave the signed-in filer: the applicant's (and the requester's) is it. */
  readonly signedInName?: string | undefined;
}

export interface Filed {
  readonly code: string;
  readonly state: 'submitted';
  /** The applicant's token to follow the dossier: only when the applicant files it themself. */
  readonly token?: string | undefined;
  readonly expiresAt?: string | undefined;
  readonly fee: {
    readonly totalVnd: number;
    readonly state: FeeState;
    readonly payment?: { readonly reference: string; readonly qr: string; readonly qrSvg: string } | undefined;
    /** Unpaid by then, the dossier is refused by the system (SERVICES_UNPAID_EXPIRY after filing). */
    readonly payBy?: string | undefined;
  };
}

/** Who acts through the staff API. */
export interface StaffWho {
  readonly id: string;
  /** The login name. */
  readonly name: string;
  /** The person's name, which the papers and the timeline show (the login name when there is none). */
  readonly displayName?: string | undefined;
  readonly roles: readonly string[];
}

export interface QueueItem {
  readonly code: string;
  readonly procedure: { readonly code: string; readonly version: number };
  readonly agency: string;
  /** The agency's name (a ward's committee from the city's wards), so no page shows its code. */
  readonly agencyName: Text;
  readonly state: DossierState;
  readonly applicantMasked: string;
  readonly submittedAt: string;
  readonly receivedAt?: string | undefined;
  readonly dueAt?: string | undefined;
  readonly workingHoursLeft?: number | undefined;
  readonly late: boolean;
  readonly channel: DossierChannel;
  readonly feeState: FeeState;
}

export interface TimelineEntry {
  readonly at: string;
  readonly kind: string;
  readonly text: Text;
  readonly by?: string | undefined;
  readonly fromState?: DossierState | undefined;
  readonly toState?: DossierState | undefined;
  readonly fromAgency?: string | undefined;
  readonly toAgency?: string | undefined;
  readonly note?: string | undefined;
}

/** How the applicant's identity was checked when filing: by the city's sign-on, or not at all. */
export type Verified = 'sign-on' | 'none';

export interface StaffDossier {
  readonly code: string;
  readonly verified: Verified;
  readonly procedure: { readonly code: string; readonly version: number; readonly name: Text };
  readonly agency: string;
  readonly state: DossierState;
  readonly channel: DossierChannel;
  readonly language: 'vi' | 'en';
  readonly applicant: {
    readonly kind: string;
    readonly name: string | null;
    readonly idNumber: string | null;
    readonly phone: string | null;
    readonly email: string | null;
    readonly address: string | null;
  };
  readonly values: Record<string, string | number | boolean>;
  readonly fee: {
    readonly totalVnd: number;
    readonly state: FeeState;
    readonly reference?: string | undefined;
    /** The number of the receipt given at the counter, when the fee was paid there. */
    readonly receipt?: string | undefined;
    /**
     * Money received for the fee that nothing is owed for (a transfer after the dossier closed or was
     * paid at the counter, or one that won the race with its closing): due back, or refunded.
     */
    readonly refunds?: RefundOf[] | undefined;
  };
  readonly submittedAt: string;
  readonly receivedAt?: string | undefined;
  readonly dueAt?: string | undefined;
  readonly returnedAt?: string | undefined;
  readonly timeliness?: Timeliness | undefined;
  readonly stepIndex: number;
  readonly stepDueAt?: string | undefined;
  readonly officer?: string | undefined;
  readonly extensionDays: number;
  readonly asked?: { items: string[]; note: string; at: string } | undefined;
  readonly rating?: number | undefined;
  readonly documents: {
    id: string;
    code: string | null;
    /** What the document is: the procedure's name for it, or the words of the supplement item it answers. */
    title: string;
    name: string;
    contentType: string;
    bytes: number;
    scan: string;
  }[];
  readonly result?: { id: string; sha256: string } | undefined;
  readonly timeline: TimelineEntry[];
  readonly forms: FormKind[];
  /** The procedure's steps, each with the agency that does it for this dossier (`stepIndex` is the current). */
  readonly steps: { code: string; name: Text; agency: string }[];
  /** The agency that decides and signs the result. */
  readonly decidingAgency: string;
  /** The officers' actions the dossier's state and steps allow now (the server judges each again, with who asks). */
  readonly actions: OfficerAction[];
  /** The names of every agency the dossier names (its own, its steps', its timeline's). */
  readonly agencies: { code: string; name: Text }[];
  /** The names of the wards its form's answers name (by official code). */
  readonly wards: { code: string; name: Text }[];
}

export interface MyDossier {
  readonly code: string;
  readonly procedure: { readonly code: string; readonly name: Text };
  readonly state: DossierState;
  readonly submittedAt: string;
  readonly receivedAt?: string | undefined;
  readonly dueAt?: string | undefined;
  readonly timeliness?: Timeliness | undefined;
  /** The office holding the dossier now. */
  readonly agency: { readonly code: string; readonly name: Text };
  /** The agency that decides it: its result is issued in that name. */
  readonly decidingAgency: { readonly code: string; readonly name: Text };
  readonly fee: {
    readonly totalVnd: number;
    readonly state: FeeState;
    readonly payment?: { readonly reference: string; readonly qr: string; readonly qrSvg: string } | undefined;
    /** How the paid fee was paid: by VietQR transfer, or at the counter (with the receipt's number). */
    readonly channel?: 'transfer' | 'counter' | undefined;
    readonly receipt?: string | undefined;
    /** Unpaid by then, the dossier is refused by the system (SERVICES_UNPAID_EXPIRY after filing). */
    readonly payBy?: string | undefined;
  };
  readonly asked?: { items: string[]; note: string; at: string } | undefined;
  /** Closed without a result (refused, stopped, withdrawn): the step, when, and the reason given. */
  readonly closed?: { action: 'reject' | 'stop' | 'withdraw'; at: string; reason?: string | undefined } | undefined;
  readonly timeline: { at: string; kind: string; text: Text }[];
  readonly documents: { code: string; title: string; name: string }[];
  readonly forms: FormKind[];
  readonly result?: { available: true } | undefined;
  readonly rating?: number | undefined;
  /** When the result was handed to the applicant. */
  readonly returnedAt?: string | undefined;
  /** What the applicant filed (as supplemented), by field id: their own answers, in clear to them. */
  readonly values: Record<string, string | number | boolean>;
}

export interface Tracked {
  readonly code: string;
  readonly procedure: { readonly code: string; readonly name: Text };
  readonly state: DossierState;
  readonly submittedAt: string;
  readonly receivedAt?: string | undefined;
  readonly dueAt?: string | undefined;
  /** When the result was handed out. */
  readonly returnedAt?: string | undefined;
  /** When it was closed without a result (refused, stopped, withdrawn). */
  readonly closedAt?: string | undefined;
  readonly timeliness?: Timeliness | undefined;
}

export interface DossierServiceDeps {
  readonly db: Database;
  readonly personal: PersonalData;
  readonly calendar: WorkCalendar;
  readonly catalogue: CatalogueOf;
  readonly validateForm: ValidateForm;
  readonly payments: PaymentsOf;
  readonly applicants: ApplicantsOf;
  readonly messages: MessagesOf;
  readonly documents: DocumentsOf;
  readonly users: UsersOf;
  readonly log: Logger;
  /** The public address of the citizens' pages (the tracking link on the forms and messages). */
  readonly baseUrl: string;
  /** How long an online dossier may wait for its fee, to be paid before receipt, before it is closed. */
  readonly unpaidExpiryMs?: number;
  readonly now?: () => Date;
}

/** An agency's name; one the catalogue no longer has keeps its code, in both languages. */
const agencyNamed = (names: ReadonlyMap<string, Text>, code: string): Text => names.get(code) ?? { vi: code, en: code };

/** Words of the timeline, as the applicant reads them. */
const EVENT_TEXT: Readonly<Record<string, Text>> = {
  filed: { vi: 'Đã nộp hồ sơ', en: 'Dossier filed' },
  'fee-paid': { vi: 'Đã thanh toán phí, lệ phí', en: 'Fee paid' },
  receive: { vi: 'Đã tiếp nhận hồ sơ', en: 'Dossier received' },
  reject: { vi: 'Từ chối tiếp nhận hồ sơ', en: 'Dossier refused' },
  'request-supplement': { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Supplement requested' },
  supplement: { vi: 'Đã bổ sung hồ sơ', en: 'Dossier supplemented' },
  start: { vi: 'Đang giải quyết', en: 'Being handled' },
  'hand-off': { vi: 'Chuyển bước xử lý', en: 'Handed to the next step' },
  extend: { vi: 'Gia hạn thời gian giải quyết', en: 'Time limit extended' },
  stop: { vi: 'Dừng giải quyết hồ sơ', en: 'Handling stopped' },
  result: { vi: 'Đã có kết quả', en: 'Result ready' },
  return: { vi: 'Đã trả kết quả', en: 'Result returned' },
  withdraw: { vi: 'Rút hồ sơ', en: 'Dossier withdrawn' },
  note: { vi: 'Ghi chú', en: 'Note' },
  rating: { vi: 'Đã đánh giá', en: 'Rated' },
};
/** Steps the applicant is told of (a message) and the portal is sent (a status change). */
const TOLD: ReadonlySet<string> = new Set([
  'receive',
  'reject',
  'request-supplement',
  'extend',
  'stop',
  'result',
  'return',
]);
/** Internal steps the applicant's timeline leaves out. */
const INTERNAL: ReadonlySet<string> = new Set(['note', 'hand-off']);

/**
 * The most dossiers a PDF book (form 07) is drawn of: each is a sheet read with its timeline and a
 * line of the PDF, drawn in the request (200 took 5–8.5 s on a busy two-core machine). A longer period is read as CSV.
 */
export const MAX_BOOK_PDF_DOSSIERS = 100;

export const serviceErrors = {
  bookTooLarge: (count: number) =>
    new AppError(
      'SERVICES_BOOK_TOO_LARGE',
      422,
      `The book of this period has ${count.toLocaleString('en')} dossiers; a PDF is drawn of at most ${MAX_BOOK_PDF_DOSSIERS}: narrow the period (or name the agency), or take it as CSV (format=csv).`,
      { extra: { dossiers: count, most: MAX_BOOK_PDF_DOSSIERS } },
    ),
  notFound: (code: string) =>
    new AppError('SERVICES_DOSSIER_NOT_FOUND', 404, `There is no dossier "${code}" (or it is not yours).`),
  formInvalid: (errors: readonly unknown[]) =>
    new AppError('SERVICES_FORM_INVALID', 400, 'The form has answers to correct: see errors.', { extra: { errors } }),
  documents: (detail: string) => problems.badRequest('SERVICES_DOCUMENTS_INVALID', detail),
  applicantKind: (kind: string, allowed: readonly string[]) =>
    problems.badRequest(
      'SERVICES_APPLICANT_KIND',
      `This procedure is for ${allowed.join(', ')}; a ${kind} cannot apply for it.`,
    ),
  notPublished: (code: string) =>
    problems.badRequest('SERVICES_PROCEDURE_UNPUBLISHED', `The procedure ${code} is not offered for new dossiers.`),
  catchment: (school: string, ward: string) =>
    problems.badRequest(
      'SERVICES_SCHOOL_CATCHMENT',
      `The ward ${ward} is not in the catchment of the school ${school}: choose a school of your ward.`,
    ),
  schoolFull: (school: string, places: number, year: string) =>
    new AppError(
      'SERVICES_SCHOOL_FULL',
      409,
      `The school ${school} has all its ${places} places of the school year ${year} taken: choose another school of your ward.`,
    ),
  pupilEnrolled: (year: string) =>
    new AppError(
      'SERVICES_PUPIL_ENROLLED',
      409,
      `This pupil already has an enrolment dossier for the school year ${year}: follow it, or withdraw it before filing another.`,
    ),
  rated: (code: string) =>
    new AppError('SERVICES_RATED', 409, `The dossier ${code} is rated already, or not returned yet.`),
  feeNotDue: (code: string, state: string) =>
    new AppError(
      'SERVICES_FEE_NOT_DUE',
      409,
      `The dossier ${code} has no fee due (its fee is ${state}): nothing to record as paid; nothing changed.`,
    ),
  noResult: (code: string) =>
    new AppError('SERVICES_RESULT_NOT_AVAILABLE', 404, `The dossier ${code} has no electronic result (yet).`),
  formNotMade: (code: string, kind: FormKind) =>
    new AppError('SERVICES_FORM_NOT_MADE', 404, `The dossier ${code} has no form ${kind}: its steps did not make one.`),
  extensionNotMade: (code: string, asked: number, made: number) =>
    new AppError(
      'SERVICES_EXTENSION_NOT_MADE',
      404,
      `The dossier ${code} has no extension ${asked}: it was extended ${made} time(s); form 04 is one letter per extension.`,
    ),
  officerInvalid: (detail: string) => problems.badRequest('SERVICES_OFFICER_INVALID', detail),
  supplementChanges: (detail: string) => problems.badRequest('SERVICES_SUPPLEMENT_CHANGES', detail),
  actionInput: (detail: string) => problems.badRequest('SERVICES_ACTION_INPUT', detail),
  /** Each field (`applicant.name`, a form field's id) that is not the signed-in person's own. */
  notSignedIn: (fields: readonly string[]) =>
    problems.badRequest(
      'SERVICES_APPLICANT_NOT_SIGNED_IN',
      `Signed in with the city account, you file as yourself: ${fields.join(', ')} must be your own name and ID number (to ask for someone else, say so on the form and give their authorisation).`,
      {
        fields: fields.join(', '),
        // As the form's errors are given, so a page marks each field beside it.
        errors: fields.map((field) => ({
          field,
          code: 'not-signed-in',
          message: {
            vi: 'Phải là của tài khoản định danh bạn đã đăng nhập.',
            en: 'Must be that of the city account you signed in with.',
          },
        })),
      },
    ),
  /** Each form field naming the requester otherwise than the applicant block does, then `applicant`. */
  notRequester: (fields: readonly string[]) =>
    problems.badRequest(
      'SERVICES_APPLICANT_NOT_REQUESTER',
      `The applicant must be the requester the form names: ${fields.join(', ')} differ (the name as written, the ID number exactly). To ask for someone else, say so on the form and give their authorisation; nothing was filed.`,
      {
        fields: fields.join(', '),
        errors: fields.map((field) => ({
          field,
          code: 'not-requester',
          message: {
            vi: 'Người nộp hồ sơ phải là người yêu cầu ghi trên tờ khai.',
            en: 'The applicant must be the requester named on the form.',
          },
        })),
      },
    ),
  notReceiving: (agency: string) =>
    new AppError(
      'SERVICES_NOT_YOURS',
      403,
      `Filing at the counter is for the officers of ${agency}, the agency that receives this dossier.`,
    ),
  agencyUnknown: (agency: string) =>
    problems.badRequest('SERVICES_AGENCY_UNKNOWN', `There is no agency "${agency}" in the catalogue.`),
};

const nameOf = (t: Text, lang: 'vi' | 'en') => t[lang];

/** The forms a dossier's timeline made (07, the book, is per period, not per dossier). */
function formsOf(events: readonly store.DossierEvent[]): FormKind[] {
  const kinds = new Set<FormKind>();
  for (const e of events) {
    const f = e.data['form'];
    if (typeof f === 'string') kinds.add(f as FormKind);
  }
  return [...kinds].sort();
}

/** A document's code on the dossier when it answers an item of a supplement request: before the item's words. */
export const ASKED_DOCUMENT = 'asked:';

/** What a document on the dossier is: the procedure's name for it, or the supplement item it answers. */
function documentTitle(p: Procedure, code: string | null): string {
  if (code?.startsWith(ASKED_DOCUMENT)) return code.slice(ASKED_DOCUMENT.length);
  return p.documents.find((r) => r.code === code)?.name.vi ?? code ?? 'Tài liệu';
}

/** The uploads by the procedure's name for them, counted: the documents of a paper. */
function documentCounts(uploads: readonly store.StoredDocument[], p: Procedure): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const x of uploads) {
    // Never the applicant's file name (sealed personal data; the receipt's counts go into the timeline).
    const name = documentTitle(p, x.docCode);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, count }));
}

/**
 * The documents received with the dossier: as the receipt recorded them, or (a receipt recorded before
 * it kept them) the uploads made by then; a supplement's later uploads are not on the receipt.
 */
function receivedDocuments(
  receipt: store.DossierEvent,
  docs: readonly store.StoredDocument[],
  p: Procedure,
): { name: string; count: number }[] {
  const kept = receipt.data['documents'];
  if (Array.isArray(kept)) return kept as { name: string; count: number }[];
  return documentCounts(
    docs.filter((x) => x.kind === 'upload' && x.createdAt <= receipt.at),
    p,
  );
}

const WARD_STAND_INS = [WARD_COMMITTEE, WARD_POLICE];

/**
 * The applicant's free text outside the form (a supplement's note, a withdrawal's reason, a rating's
 * comment), checked as a filing's text is: it shows in the officers' timeline and pages.
 */
const APPLICANT_TEXT: FormSchema = {
  sections: [
    {
      id: 'applicant-text',
      title: { vi: 'Ý kiến của người nộp', en: "The applicant's words" },
      fields: [
        { id: 'note', label: { vi: 'Ghi chú', en: 'Note' }, type: 'textarea', maxLength: 2000 },
        { id: 'reason', label: { vi: 'Lý do', en: 'Reason' }, type: 'textarea', maxLength: 2000 },
        { id: 'comment', label: { vi: 'Góp ý', en: 'Comment' }, type: 'textarea', maxLength: 2000 },
      ],
    },
  ],
};

/** The most lines a staff text on a paper (a reason, a note) may have; a result's body, all paragraphs. */
const TEXT_LINES = 40;
const RESULT_BODY_LINES = 200;
const lineCount = (text: string) => text.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/).length;

/**
 * An officer's words go to the applicant (messages, the papers 02–05, the result), whoever calls the step:
 * bounded in lines as a paper holds a page or a few; no controls or direction overrides in any, no line
 * breaks in a one-line text (a title, an item asked for). Controls are refused whole, naming each text, as
 * the applicant's answers are.
 */
function checkStaffTexts(input: ActionInput): void {
  const reason = 'reason' in input ? input.reason : undefined;
  const note = 'note' in input ? input.note : undefined;
  const text = 'text' in input ? input.text : undefined;
  const title = 'title' in input ? input.title : undefined;
  const items = 'items' in input ? input.items : [];
  const body = 'body' in input ? input.body : [];
  const lines = (value: string | undefined, field: string, most: number) => {
    if (value !== undefined && lineCount(value) > most) {
      throw serviceErrors.actionInput(
        most === 1 ? `"${field}" is one line: no line breaks.` : `"${field}" has more than ${most} lines.`,
      );
    }
  };
  lines(reason, 'reason', TEXT_LINES);
  lines(note, 'note', TEXT_LINES);
  lines(text, 'text', TEXT_LINES);
  lines(title, 'title', 1);
  items.forEach((item, i) => lines(item, `items[${i}]`, 1));
  if (body.reduce((sum, paragraph) => sum + lineCount(paragraph), 0) > RESULT_BODY_LINES) {
    throw serviceErrors.actionInput(`"body" has more than ${RESULT_BODY_LINES} lines in all.`);
  }
  const texts: [string, string | undefined, boolean][] = [
    ['reason', reason, true],
    ['note', note, true],
    ['text', text, true],
    ['title', title, false],
    ...items.map((x, i): [string, string, boolean] => [`items/${i}`, x, false]),
    ...body.map((x, i): [string, string, boolean] => [`body/${i}`, x, true]),
  ];
  const errors: FieldError[] = texts
    .filter(([, text, multiline]) => text !== undefined && hasControlCharacters(text, multiline))
    .map(([field, , multiline]) => ({
      field,
      code: 'type',
      message: multiline
        ? { vi: 'chứa ký tự điều khiển không được phép.', en: 'contains control characters.' }
        : {
            vi: 'chứa ký tự điều khiển hoặc xuống dòng không được phép.',
            en: 'contains control characters or line breaks.',
          },
    }));
  if (errors.length > 0) throw serviceErrors.formInvalid(errors);
}

/** A name as the sign-on and a form may write it differently: letter case, spaces, composed or not. */
const sameName = (a: string, b: string) => {
  const plain = (x: string) => x.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi');
  return plain(a) === plain(b);
};

/**
 * A filing signed in with the city's sign-on carries the citizen's own identity, as a VNeID-signed one
 * does: the applicant's name and ID number, and the form's fields that are the requester's own, are
 * those of the signed-in person. Asking for someone else is said on the form (with its authorisation),
 * never by naming another person as the requester.
 */
function checkSignedIn(p: Procedure, a: ApplicantInput, values: FormValues, idNumber: string, name?: string): void {
  const named = name?.trim() ? name : undefined;
  const wrong: string[] = [];
  // A business's or organisation's applicant block names it, not the person who signs in for it.
  if (named && a.kind === 'citizen' && !sameName(a.name, named)) wrong.push('applicant.name');
  for (const f of formFields(p.form)) {
    if (f.requester === undefined || !holds(f.requester === true ? undefined : f.requester, values, p.form)) continue;
    const v = values[f.id];
    if (typeof v !== 'string') continue;
    if (f.personal === 'national-id' && v !== idNumber) wrong.push(f.id);
    if (f.personal === 'name' && named && !sameName(v, named)) wrong.push(f.id);
  }
  if (wrong.length > 0) throw serviceErrors.notSignedIn(wrong);
}

/** A name as two writers may type it: letter case, spaces, diacritics (a keyboard without Telex). */
const foldedName = (x: string) =>
  x.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/gu, 'd').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi');

/**
 * A citizen applicant is the requester the form names: the form's fields giving the applicant's name
 * or ID number (`applicant`), and the requester fields that apply (`requester`: a record asked for
 * oneself), must be the applicant block's (a name folded, an ID number exact). Asking for someone else
 * is said on the form (with its authorisation), never by naming another person in the applicant block,
 * which goes on the signed result. Each field that differs is named.
 */
function checkRequester(p: Procedure, a: ApplicantInput, values: FormValues): void {
  // A business's or organisation's applicant block names it; the form's requester is who acts for it.
  if (a.kind !== 'citizen') return;
  const wrong: string[] = [];
  for (const f of formFields(p.form)) {
    const v = values[f.id];
    if (typeof v !== 'string' || v.trim() === '') continue;
    const requester =
      f.requester !== undefined && holds(f.requester === true ? undefined : f.requester, values, p.form);
    const own =
      f.applicant === 'name' || (requester && f.personal === 'name')
        ? 'name'
        : f.applicant === 'idNumber' || (requester && f.personal === 'national-id')
          ? 'idNumber'
          : undefined;
    if (own === 'name' && foldedName(v) !== foldedName(a.name)) wrong.push(f.id);
    if (own === 'idNumber' && v.replace(/\s/g, '') !== (a.idNumber ?? '').replace(/\s/g, '')) wrong.push(f.id);
  }
  if (wrong.length > 0) throw serviceErrors.notRequester([...wrong, 'applicant']);
}

/**
 * What a signed-in filer leaves out of their own identity is taken from the sign-on: the applicant's
 * ID number (and a citizen's name) and the form's requester fields that apply, as the citizens' page
 * leaves them (it shows the ID number masked, so it cannot send it). Only what the identity provider
 * asserts, the name and the ID number, is filled or locked: the phone, e-mail and address are the filer's.
 */
function fromSignOn(
  p: Procedure,
  a: ApplicantInput,
  values: unknown,
  idNumber: string,
  name?: string,
): { applicant: ApplicantInput; values: unknown } {
  const missing = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  const named = name?.trim() ? name.trim() : undefined;
  const applicant: ApplicantInput = {
    ...a,
    ...(missing(a.idNumber) ? { idNumber } : {}),
    ...(a.kind === 'citizen' && named && missing(a.name) ? { name: named } : {}),
  };
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return { applicant, values };
  const filled: Record<string, unknown> = { ...(values as Record<string, unknown>) };
  for (const f of formFields(p.form)) {
    if (f.requester === undefined || !missing(filled[f.id])) continue;
    // A condition on another answer (the record is the filer's own) is read on the answers as given.
    if (f.requester !== true && !holds(f.requester, filled as FormValues, p.form)) continue;
    const own = f.personal === 'national-id' ? idNumber : f.personal === 'name' ? named : undefined;
    if (own !== undefined) filled[f.id] = own;
  }
  return { applicant, values: filled };
}

/** How long a filing's follow-up is left to the filing itself before the worker takes it up. */
const FOLLOW_UP_GRACE_MS = 60_000;
/** How long the worker holds a follow-up it took (another worker leaves it meanwhile). */
const FOLLOW_UP_LEASE_MS = 5 * 60_000;

/** Dirty days counted per transaction: a day of 11,000 dossiers takes about 0.6 s on the embedded database. */
const DIRTY_DAYS_PER_COUNT = 3;

/** A filing's statement attached fewer uploads than given: rolled back, then explained (#explainUploads). */
class UploadsNotFree extends Error {}

export class DossierService {
  readonly #db: Database;
  readonly #personal: PersonalData;
  readonly #calendar: WorkCalendar;
  readonly #catalogue: CatalogueOf;
  readonly #validate: ValidateForm;
  readonly #payments: PaymentsOf;
  readonly #applicants: ApplicantsOf;
  readonly #messages: MessagesOf;
  readonly #documents: DocumentsOf;
  readonly #papers = new PaperCache();
  readonly #users: UsersOf;
  readonly #log: Logger;
  readonly #baseUrl: string;
  readonly #now: () => Date;
  readonly #unpaidExpiryMs: number;
  /** The unpaid dossiers that failed to close: when each is tried again, and the failure last logged. */
  readonly #unpaidRetries = new Map<string, { failures: number; retryAt: number; kind: string }>();
  /** The last document kept in clear the sealing job reached: its next run resumes after it. */
  #sealedUpTo: { tenant: string; id: string } | undefined;

  constructor(deps: DossierServiceDeps) {
    this.#db = deps.db;
    this.#personal = deps.personal;
    this.#calendar = deps.calendar;
    this.#catalogue = deps.catalogue;
    this.#validate = deps.validateForm;
    this.#payments = deps.payments;
    this.#applicants = deps.applicants;
    this.#messages = deps.messages;
    this.#documents = deps.documents;
    this.#users = deps.users;
    this.#log = deps.log;
    this.#baseUrl = deps.baseUrl.replace(/\/$/, '');
    this.#now = deps.now ?? (() => new Date());
    this.#unpaidExpiryMs = deps.unpaidExpiryMs ?? 72 * 3600_000;
  }

  get calendar(): WorkCalendar {
    return this.#calendar;
  }

  get now(): Date {
    return this.#now();
  }

  trackingUrl(code: string): string {
    return `${this.#baseUrl}/dich-vu-cong/#/tra-cuu/${encodeURIComponent(code)}`;
  }

  // --- filing ---------------------------------------------------------------------------------------

  /**
   * Files a dossier: the procedure's current version, the form validated, the documents it asks for
   * (each upload once, each of a code it asks for), a school's catchment and places; then in one
   * transaction the dossier, its uploads, its timeline, the portal's event, the applicant's token (so
   * the filer follows it at once) and its follow-up; once committed, the follow-up: its fee's payment
   * intent and the message to the applicant (#followUp, taken up by the worker if it is not done).
   */
  async file(tenant: string, input: FileInput, by?: StaffWho): Promise<Filed> {
    const now = this.#now();
    const p = await this.#catalogue.get(tenant, input.procedure);
    // The applicant is checked as the form's own fields are: it goes on the forms, messages and pages.
    // A particular the filer did not repeat is taken from the form's field that gives it.
    // A filer signed in with the city's sign-on files as themself: what they leave out of their
    // identity is the sign-on's, and what they give must be it.
    const signedId = input.signedInIdNumber?.trim();
    const given = signedId
      ? fromSignOn(p, input.applicant, input.values, signedId, input.signedInName)
      : { applicant: input.applicant, values: input.values };
    const particulars = checkApplicant(applicantFromForm(p.form, given.applicant, given.values));
    const a = particulars.ok ? particulars.applicant : given.applicant;
    if (signedId && particulars.ok && a.idNumber !== signedId) throw serviceErrors.notSignedIn(['applicant.idNumber']);
    const verified: Verified = signedId ? 'sign-on' : 'none';
    if (!p.published) throw serviceErrors.notPublished(p.code);
    if (!p.applicants.includes(a.kind)) throw serviceErrors.applicantKind(a.kind, p.applicants);
    const checked = this.#validate(p.form, given.values, hanoiDate(now.getTime()));
    if (!particulars.ok || !checked.ok) {
      throw serviceErrors.formInvalid(
        applicantErrorsOnForm(p.form, particulars.ok ? [] : particulars.errors, checked.ok ? [] : checked.errors),
      );
    }
    const values = checked.values;
    if (signedId) checkSignedIn(p, a, values, signedId, input.signedInName);
    checkRequester(p, a, values);
    const asked = this.#checkDocumentCodes(p, values, input.documents);
    const school = this.#checkCatchment(p, values);
    // The dossier starts with its first step's agency (the one-stop centre, or the ward's committee).
    const first = p.steps[0];
    const agency = first ? this.#catalogue.stepAgency(p, first, values) : this.#catalogue.agencyFor(p, values);
    // At the counter, only the receiving agency's officers (or an admin) file for an applicant.
    if (by) {
      const admin = by.roles.includes('admin');
      if (!admin && !(await store.staffAgencies(this.#db, tenant, by.id)).includes(agency))
        throw serviceErrors.notReceiving(agency);
    }
    const fees = this.#catalogue.feesFor(p, values);
    const { plain, sealed } = await this.#sealValues(tenant, p, values);
    const seal = (v: string | undefined) => this.#personal.seal(tenant, v?.trim() ? v.trim() : null);
    const idIndex = a.idNumber?.trim() ? await this.#personal.index('national-id', a.idNumber) : null;
    const phoneIndex = a.phone?.trim() ? await this.#personal.index('phone', a.phone) : null;
    // The pupil's ID number, compared only by its blind index: it is sealed with the form's values.
    const pupilId = p.allocation?.pupilField ? values[p.allocation.pupilField] : undefined;
    const pupilIndex = typeof pupilId === 'string' ? await this.#personal.index('national-id', pupilId) : null;
    const applicant = {
      name: await this.#personal.seal(tenant, a.name.trim()),
      idNumber: await seal(a.idNumber),
      phone: await seal(a.phone),
      email: await seal(a.email),
      address: await seal(a.address),
    };
    const row: Omit<store.NewDossierRow, 'code'> = {
      tenant,
      procedureCode: p.code,
      procedureVersion: p.version,
      limitDays: p.limitDays,
      electronicResult: p.result.electronic,
      onlineLevel: p.onlineLevel,
      agency,
      // The index credits the agency that decides the dossier (the result is issued in its name).
      decidedBy: this.#catalogue.agencyFor(p, values),
      pupilIndex,
      state: 'submitted',
      channel: input.channel,
      language: input.language,
      applicantKind: a.kind,
      applicant,
      idIndex,
      phoneIndex,
      applicantSubject: input.subject === undefined ? null : await this.#subjectIndex(input.subject),
      valuesPlain: plain,
      valuesSealed: sealed,
      school: school?.code ?? null,
      feeState: fees.totalVnd > 0 ? 'due' : 'none',
      feeTotalVnd: fees.totalVnd,
      // The fee's intent is made with this reference, so the dossier is written naming it.
      paymentReference: fees.totalVnd > 0 ? this.#payments.newReference() : null,
      submittedAt: now.toISOString(),
    };
    // The code, H26.<yymmdd>.<5 digits>: the province (Hà Nội's code in the national agency code list, so
    // it is unique when synced with the national portal's other provinces), the day it was filed as the
    // one-stop officers read it, and the day's sequence (5 digits: the city-wide centre takes tens of
    // thousands a day at peaks, such as school enrolment).
    const day = hanoiDate(now.getTime());
    const token = by ? undefined : this.#applicants.dossierToken();
    const filing: store.Filing = {
      day,
      codePrefix: `${PROVINCE_CODE}.${day.slice(2).replaceAll('-', '')}.`,
      documents: input.documents.map((d) => ({ id: d.uploadId, code: d.code })),
      event: {
        at: now.toISOString(),
        kind: 'filed',
        byKind: by ? 'staff' : 'applicant',
        byId: by?.id,
        byName: by ? (by.displayName ?? by.name) : undefined,
        toState: 'submitted',
        toAgency: agency,
        data: { channel: input.channel, procedureVersion: p.version, fee: fees.totalVnd, verified },
      },
      portal: { kind: 'status', payload: { state: 'submitted', agency }, at: now },
      // The applicant's token goes to the applicant only: an officer filing at the counter gets none (the
      // applicant follows by the code and a one-time code sent to their contact, or the city's sign-on).
      token,
      // The day's counter stays locked from the filing's statement to its commit: the fee's intent and
      // the message, which name the code, are made after the commit, not while other filings wait.
      followUpBy: fees.totalVnd > 0 || a.phone || a.email ? new Date(now.getTime() + FOLLOW_UP_GRACE_MS) : undefined,
    };
    const filed = this.#db.transaction(async (tx) => {
      const year = schoolYearOf(day);
      if (pupilIndex) await this.#onePerPupil(tx, tenant, p, pupilIndex, year);
      if (school) await this.#takePlace(tx, tenant, p, school, year);
      // The code, the dossier, its uploads, timeline and portal event in one statement: the day's
      // counter is locked from there to the commit, so what follows it is kept to a few statements.
      const { code, attached } = await store.fileDossier(tx, row, filing);
      // An upload unknown or another dossier's: nothing is filed (which one is said after the rollback).
      if (attached.length !== input.documents.length) throw new UploadsNotFree();
      this.#checkDocumentTypes(asked, input.documents, attached);
      return code;
    });
    const code = await filed.catch(async (err: unknown) => {
      if (err instanceof UploadsNotFree) await this.#explainUploads(tenant, input.documents);
      throw err;
    });
    const intent = filing.followUpBy
      ? await this.#followUp(tenant, {
          dossier: { ...row, code },
          procedure: p.name,
          phone: a.phone,
          email: a.email,
        }).catch((err: unknown) => {
          // Filed all the same: the worker makes the intent and tells the applicant (the filer sees the
          // fee's payment on the dossier's page once it is made).
          this.#log.warn({ err, code }, "a filing's follow-up failed: the worker takes it up");
          return undefined;
        })
      : undefined;
    return {
      code,
      state: 'submitted',
      ...(token ? { token: token.token, expiresAt: token.expiresAt } : {}),
      fee: {
        totalVnd: fees.totalVnd,
        state: fees.totalVnd > 0 ? 'due' : 'none',
        ...(intent
          ? { payment: { reference: intent.reference, qr: intent.qr, qrSvg: await this.#payments.qrSvg(intent.qr) } }
          : {}),
        ...(input.channel === 'online' && p.onlineLevel === 'full' && fees.totalVnd > 0
          ? { payBy: new Date(now.getTime() + this.#unpaidExpiryMs).toISOString() }
          : {}),
      },
    };
  }

  /**
   * The documents given against those the procedure asks for, of a filing or of a supplement (`kept`:
   * the codes of those already on the dossier): each upload once, each of a code the answers ask for,
   * every document the answers require given now or before. A filing's uploads are read by its own
   * statement, which attaches only free uploads; their types are checked before the commit
   * (#checkDocumentTypes).
   */
  #checkDocumentCodes(
    p: Procedure,
    values: FormValues,
    given: readonly { code: string; uploadId: string }[],
    kept: readonly string[] = [],
    supplementItems: readonly RequiredDocument[] = [],
  ): readonly RequiredDocument[] {
    const asked = [...this.#catalogue.documentsFor(p, values), ...supplementItems];
    const ids = given.map((d) => d.uploadId);
    if (new Set(ids).size !== ids.length) throw serviceErrors.documents('Each upload may be given once.');
    for (const d of given) {
      if (!asked.some((a) => a.code === d.code)) {
        throw serviceErrors.documents(`The procedure does not ask for a document "${d.code}".`);
      }
    }
    const missing = asked.filter((a) => a.required && !given.some((d) => d.code === a.code) && !kept.includes(a.code));
    if (missing.length > 0) {
      throw serviceErrors.documents(
        `Missing required documents: ${missing.map((m) => `${m.code} (${m.name.vi})`).join(', ')}.`,
      );
    }
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const malformed = ids.find((id) => !uuid.test(id));
    if (malformed !== undefined) throw serviceErrors.documents(`There is no upload "${malformed}": upload it first.`);
    return asked;
  }

  /**
   * A supplement's documents, judged as a filing's: the codes (with those kept on the dossier), then each
   * upload existing, in no other dossier and of a type its document takes.
   */
  async #checkSupplementDocuments(
    sql: Sql,
    tenant: string,
    p: Procedure,
    values: FormValues,
    given: readonly { code: string; uploadId: string }[],
    kept: readonly string[],
    supplementItems: readonly RequiredDocument[],
  ): Promise<void> {
    const asked = this.#checkDocumentCodes(p, values, given, kept, supplementItems);
    const found =
      given.length > 0
        ? await store.documentsByIds(
            sql,
            tenant,
            given.map((d) => d.uploadId),
          )
        : [];
    for (const d of given) {
      const up = found.find((f) => f.id.toLowerCase() === d.uploadId.toLowerCase());
      if (!up || up.kind !== 'upload')
        throw serviceErrors.documents(`There is no upload "${d.uploadId}": upload it first.`);
      if (up.dossier !== null) throw serviceErrors.documents(`The upload "${d.uploadId}" is part of another dossier.`);
    }
    this.#checkDocumentTypes(asked, given, found);
  }

  /** Each upload the filing attached is of a type its document is taken as (else nothing is filed). */
  #checkDocumentTypes(
    asked: readonly RequiredDocument[],
    given: readonly { code: string; uploadId: string }[],
    attached: readonly { id: string; contentType: string }[],
  ): void {
    for (const d of given) {
      const up = attached.find((f) => f.id.toLowerCase() === d.uploadId.toLowerCase());
      const kind = up?.contentType === 'application/pdf' ? 'pdf' : up?.contentType === 'image/png' ? 'png' : 'jpeg';
      const accept = asked.find((a) => a.code === d.code)?.accept ?? [];
      if (!accept.includes(kind)) {
        throw serviceErrors.documents(`The document ${d.code} is taken as ${accept.join(' or ')}, not ${kind}.`);
      }
    }
  }

  /** After a filing that found an upload not free: which one, read once it is rolled back. */
  async #explainUploads(tenant: string, given: readonly { code: string; uploadId: string }[]): Promise<never> {
    const found = await store.documentsByIds(
      this.#db,
      tenant,
      given.map((d) => d.uploadId),
    );
    for (const d of given) {
      const up = found.find((f) => f.id.toLowerCase() === d.uploadId.toLowerCase());
      if (!up || up.kind !== 'upload')
        throw serviceErrors.documents(`There is no upload "${d.uploadId}": upload it first.`);
      if (up.dossier !== null) throw serviceErrors.documents(`The upload "${d.uploadId}" is part of another dossier.`);
    }
    // Taken by another dossier and given back since: the applicant files again.
    throw serviceErrors.documents('An upload is already part of a dossier.');
  }

  /**
   * What follows a filing's commit: its fee's payment intent (with the reference the dossier was written
   * naming), the message telling the applicant, then its follow-up row deleted. Each is a statement of
   * its own, outside the filing's transaction; the intent is made once however often this runs (the
   * pending one of the code is answered), the message at least once.
   */
  async #followUp(
    tenant: string,
    f: {
      dossier: Pick<StoredDossier, 'tenant' | 'code' | 'submittedAt' | 'feeTotalVnd' | 'paymentReference' | 'language'>;
      procedure: Text;
      phone?: string | undefined;
      email?: string | undefined;
      /** False when the fee is no longer due (paid at the counter, the dossier closed) by the time it runs. */
      feeDue?: boolean;
    },
  ): Promise<PaymentIntentOf | undefined> {
    const { dossier: d } = f;
    let intent: PaymentIntentOf | undefined;
    if (d.feeTotalVnd > 0 && d.paymentReference !== null && f.feeDue !== false) {
      intent = await this.#payments.createIntent(
        tenant,
        {
          purpose: FEE_PURPOSE,
          subject: d.code,
          amountVnd: d.feeTotalVnd,
          description: `${d.code} ${f.procedure.vi}`.slice(0, 200),
          reference: d.paymentReference,
        },
        this.#db,
      );
      // Taken meanwhile, or an intent already pending for the code: the dossier names the one made.
      if (intent.reference !== d.paymentReference) {
        await store.updateDossier(this.#db, d, { paymentReference: intent.reference }, this.#now());
      }
    }
    await this.#tell(this.#db, tenant, d.code, 'filed', {
      phone: f.phone,
      email: f.email,
      language: d.language,
      procedure: f.procedure,
    });
    await store.followedUp(this.#db, tenant, d.code);
    return intent;
  }

  /**
   * The filings' follow-ups left behind (the process stopped, or the intent or the message failed, just
   * after a filing committed): made now, from the dossier as stored. Returns how many were done.
   */
  async followUpFilings(): Promise<number> {
    const now = this.#now();
    const due = await store.takeFollowUps(this.#db, now, new Date(now.getTime() + FOLLOW_UP_LEASE_MS), 50);
    let done = 0;
    for (const { tenant, code, attempts } of due) {
      try {
        const d = await store.getDossier(this.#db, tenant, code);
        if (d) {
          const p = await this.#catalogue.get(tenant, d.procedureCode, d.procedureVersion);
          await this.#followUp(tenant, {
            dossier: d,
            procedure: p.name,
            phone: (await this.#personal.open(d.applicant.phone)) ?? undefined,
            email: (await this.#personal.open(d.applicant.email)) ?? undefined,
            feeDue: d.feeState === 'due' && !CLOSED_STATES.includes(d.state),
          });
        } else await store.followedUp(this.#db, tenant, code);
        done += 1;
      } catch (err) {
        // Tried again later, further apart each time (a minute doubling to an hour).
        const wait = Math.min(3600_000, FOLLOW_UP_GRACE_MS * 2 ** Math.max(0, attempts - 1));
        this.#log.error({ err, code, attempts }, "a filing's follow-up failed again: tried later");
        await store.followUpLater(this.#db, tenant, code, new Date(now.getTime() + wait));
      }
    }
    return done;
  }

  /** School enrolment: the school must exist and take the applicant's ward. Places are counted in the transaction. */
  #checkCatchment(p: Procedure, values: FormValues) {
    const a = p.allocation;
    if (!a) return undefined;
    const code = String(values[a.schoolField] ?? '');
    const ward = String(values[a.wardField] ?? '');
    const school = a.schools.find((s) => s.code === code);
    if (!school) throw serviceErrors.catchment(code, ward);
    if (!school.wards.includes(ward)) throw serviceErrors.catchment(school.code, ward);
    return school;
  }

  /** A school's places are those of one school year: last year's admissions do not fill this year's. */
  async #takePlace(
    tx: Sql,
    tenant: string,
    p: Procedure,
    school: { code: string; places: number },
    year: SchoolYear,
  ): Promise<void> {
    // One filing at a time per school: two applicants never take its last place together.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `services-school:${tenant}:${p.code}:${school.code}`,
    ]);
    const taken = await store.schoolPlacesTaken(tx, tenant, p.code, school.code, year.from, year.to);
    if (taken >= school.places) throw serviceErrors.schoolFull(school.code, school.places, year.label);
  }

  /** School enrolment: a pupil holds one open or returned dossier of the procedure a school year. */
  async #onePerPupil(tx: Sql, tenant: string, p: Procedure, pupilIndex: string, year: SchoolYear): Promise<void> {
    // One filing at a time per pupil: two filings at once (for two schools) never both pass.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`services-pupil:${tenant}:${p.code}:${pupilIndex}`]);
    if (await store.pupilEnrolled(tx, tenant, p.code, pupilIndex, year.from, year.to))
      throw serviceErrors.pupilEnrolled(year.label);
  }

  async #sealValues(tenant: string, p: Procedure, values: FormValues) {
    const personal = new Map<string, FieldPersonal>();
    for (const s of p.form.sections) for (const f of s.fields) if (f.personal) personal.set(f.id, f.personal);
    const plain: Record<string, string | number | boolean> = {};
    const sealed: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) {
      if (personal.has(k)) sealed[k] = await this.#personal.seal(tenant, JSON.stringify(v));
      else plain[k] = v;
    }
    return { plain, sealed };
  }

  async #openValues(d: StoredDossier): Promise<Record<string, string | number | boolean>> {
    const out: Record<string, string | number | boolean> = { ...d.valuesPlain };
    for (const [k, v] of Object.entries(d.valuesSealed)) {
      const opened = await this.#personal.open(v);
      if (opened !== null) out[k] = JSON.parse(opened) as string | number | boolean;
    }
    return out;
  }

  // --- steps ------------------------------------------------------------------------------------------

  /** The agencies an officer works for (an admin: every one). */
  /**
   * The agency whose book (form 07) this reader may have: an officer only their own agencies' (the one
   * they work for when they name none); admins, operators and viewers any, or the whole city's.
   */
  async bookAgency(tenant: string, who: StaffWho, asked: string | undefined): Promise<string | undefined> {
    const actor = await this.staffActor(tenant, who);
    if (actor.kind !== 'staff' || actor.admin || !who.roles.includes('officer')) return asked;
    const mine = actor.agencies;
    if (asked !== undefined ? mine.includes(asked) : mine.length === 1) return asked ?? mine[0];
    throw new AppError(
      'SERVICES_NOT_YOURS',
      403,
      asked !== undefined
        ? `The book of ${asked}: you do not work for that agency.`
        : `Name the agency of the book: one you work for (${mine.join(', ') || 'none'}).`,
    );
  }

  async staffActor(tenant: string, who: StaffWho): Promise<Actor> {
    const admin = who.roles.includes('admin');
    return {
      kind: 'staff',
      id: who.id,
      admin,
      agencies: admin ? [] : await store.staffAgencies(this.#db, tenant, who.id),
    };
  }

  /**
   * A hand-off's officer, named by id or username: an existing user of the tenant, an officer (or
   * admin), working for the step's agency. Answers the user's id, which the dossier keeps.
   */
  async #checkOfficer(tenant: string, named: string, agency: string): Promise<string> {
    const user = await this.#users.find(tenant, named);
    if (!user) throw serviceErrors.officerInvalid(`There is no user "${named}".`);
    const admin = user.roles.includes('admin');
    if (!admin && !user.roles.includes('officer')) {
      throw serviceErrors.officerInvalid(`The user "${named}" is not an officer: dossiers go to officers.`);
    }
    if (!admin && !(await store.staffAgencies(this.#db, tenant, user.id)).includes(agency)) {
      throw serviceErrors.officerInvalid(`The officer "${named}" does not work for ${agency}, the step's agency.`);
    }
    return user.id;
  }

  /**
   * The officers working for an agency, for the hand-off's picker (admins are not listed), by username:
   * their display names are account data, sealed and read with pii:read only.
   */
  async officersOf(tenant: string, agency: string): Promise<{ id: string; username: string }[]> {
    if (!(await this.#catalogue.agency(tenant, agency))) throw serviceErrors.agencyUnknown(agency);
    const ids = await store.staffOfAgency(this.#db, tenant, agency);
    const users = await Promise.all(ids.map((id) => this.#users.find(tenant, id)));
    return users
      .filter((u): u is NonNullable<typeof u> => u !== undefined && u.roles.includes('officer'))
      .map((u) => ({ id: u.id, username: u.username }))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /** An officer's step. */
  async act(
    tenant: string,
    code: string,
    input: ActionInput & { action: StaffAction },
    who: StaffWho,
  ): Promise<StaffDossier> {
    checkStaffTexts(input);
    const actor = await this.staffActor(tenant, who);
    await this.#step(tenant, code, input, actor, {
      byKind: 'staff',
      byId: who.id,
      byName: who.displayName ?? who.name,
    });
    return this.#staffView(tenant, code, undefined, actor);
  }

  /**
   * The applicant's supplement: new or corrected values (validated again with the others) and
   * documents, then the dossier goes back to where it was and its clock runs again.
   */
  async supplement(
    tenant: string,
    code: string,
    owns: boolean,
    input: {
      values?: Record<string, unknown> | undefined;
      documents?: readonly { code: string; uploadId: string }[] | undefined;
      note?: string | undefined;
    },
  ): Promise<void> {
    // Another's dossier answers as one that does not exist (like the other my/ routes).
    if (!owns) throw serviceErrors.notFound(code);
    const note = this.#applicantText('note', input.note);
    const extra = async (tx: Sql, d: StoredDossier, p: Procedure, now: Date) => {
      let patch: store.DossierPatch = {};
      const current = await this.#openValues(d);
      let values: FormValues = current;
      if (input.values) {
        const checked = this.#supplementValues(p, current, input.values, hanoiDate(now.getTime()));
        this.#checkSupplement(p, current, checked, d.feeTotalVnd);
        const { plain, sealed } = await this.#sealValues(tenant, p, checked);
        patch = { valuesPlain: plain, valuesSealed: sealed };
        values = checked;
      }
      const docs = input.documents ?? [];
      // Each item the officer asked for may take an upload of its own (asked-1, asked-2 …, in the
      // request's order): a document the procedure does not list is not filed under one it does.
      const items: RequiredDocument[] = (d.asked?.items ?? []).map((item, i) => ({
        code: `asked-${i + 1}`,
        name: { vi: item, en: item },
        required: false,
        accept: ['pdf', 'jpeg', 'png'],
      }));
      // Judged as a filing is: what the answers now require (a priority's proof, an authorisation), given
      // now or before, and each new upload of a type its document takes.
      if (input.values || docs.length > 0) {
        const kept = (await store.documentsOf(tx, tenant, code)).flatMap((x) =>
          x.kind === 'upload' && x.docCode !== null ? [x.docCode] : [],
        );
        await this.#checkSupplementDocuments(tx, tenant, p, values, docs, kept, items);
      }
      if (docs.length > 0) {
        // An item of the request kept under its own words, so the officers see it by the name they asked.
        const stored = (c: string) => {
          const item = items.find((i) => i.code === c);
          return item ? `${ASKED_DOCUMENT}${item.name.vi}` : c;
        };
        const attached = await store.attachDocuments(
          tx,
          tenant,
          code,
          docs.map((x) => ({ id: x.uploadId, code: stored(x.code) })),
        );
        if (attached !== docs.length)
          throw serviceErrors.documents('An upload is unknown or part of a dossier already.');
      }
      return patch;
    };
    await this.#step(
      tenant,
      code,
      { action: 'supplement', note },
      { kind: 'applicant', owns },
      { byKind: 'applicant' },
      extra,
    );
  }

  /**
   * The answers after a supplement, judged by today's rules where the supplement changes them: a value
   * kept from a filing made before today's rules (a name or a date they now refuse) stays as it was,
   * and one the supplement gives (even the same field's) must meet them. Refused whole otherwise.
   */
  #supplementValues(p: Procedure, current: FormValues, given: Record<string, unknown>, today: string): FormValues {
    const checked = this.#validate(p.form, { ...current, ...given }, today);
    if (checked.ok) return checked.values;
    const changed = new Set(
      Object.keys(given).filter((id) => JSON.stringify(current[id] ?? null) !== JSON.stringify(given[id] ?? null)),
    );
    // Kept from before: a value the supplement leaves alone that today's rules would refuse.
    const kept = new Set(checked.errors.filter((e) => e.field in current && !changed.has(e.field)).map((e) => e.field));
    const refused = checked.errors.filter((e) => !kept.has(e.field));
    if (refused.length > 0) throw serviceErrors.formInvalid(refused);
    const relaxed: FormSchema = {
      sections: p.form.sections.map((x) => ({
        ...x,
        fields: x.fields.map((f) => (kept.has(f.id) ? { ...f, required: false } : f)),
      })),
    };
    const rest = Object.fromEntries(Object.entries({ ...current, ...given }).filter(([id]) => !kept.has(id)));
    const again = this.#validate(relaxed, rest, today);
    if (!again.ok) throw serviceErrors.formInvalid(again.errors);
    const old = Object.fromEntries(Object.entries(current).filter(([id]) => kept.has(id)));
    return { ...again.values, ...old };
  }

  /**
   * A supplement corrects the dossier; it does not make another one: the applicant's identity (the
   * form's name and national-id fields), the fee, the handling agencies and a school's choice stay.
   * Anything else is refused whole (nothing changed).
   */
  #checkSupplement(p: Procedure, before: FormValues, after: FormValues, feeTotalVnd: number): void {
    const changed = (id: string) => JSON.stringify(before[id] ?? null) !== JSON.stringify(after[id] ?? null);
    const identity = p.form.sections
      .flatMap((x) => x.fields)
      .filter((f) => f.personal === 'name' || f.personal === 'national-id')
      .map((f) => f.id)
      .filter(changed);
    if (identity.length > 0) {
      throw serviceErrors.supplementChanges(
        `A supplement does not change who applies (${identity.join(', ')}): withdraw and file a new dossier.`,
      );
    }
    const fee = this.#catalogue.feesFor(p, after).totalVnd;
    if (fee !== feeTotalVnd) {
      throw serviceErrors.supplementChanges(
        `These answers would make the fee ${fee} VND instead of ${feeTotalVnd} VND: withdraw and file a new dossier.`,
      );
    }
    const agencies = (v: FormValues) =>
      JSON.stringify([this.#catalogue.agencyFor(p, v), ...p.steps.map((x) => this.#catalogue.stepAgency(p, x, v))]);
    if (agencies(before) !== agencies(after)) {
      throw serviceErrors.supplementChanges(
        'These answers would change the agency handling the dossier: withdraw and file a new dossier there.',
      );
    }
    const a = p.allocation;
    if (a && (changed(a.schoolField) || changed(a.wardField))) {
      throw serviceErrors.supplementChanges(
        'A supplement does not change the school or the ward of an enrolment: withdraw and file a new dossier.',
      );
    }
  }

  async withdraw(tenant: string, code: string, owns: boolean, reason?: string): Promise<void> {
    if (!owns) throw serviceErrors.notFound(code);
    await this.#step(
      tenant,
      code,
      { action: 'withdraw', reason: this.#applicantText('reason', reason) },
      { kind: 'applicant', owns },
      { byKind: 'applicant' },
    );
  }

  /** The applicant's free text checked (400 SERVICES_FORM_INVALID naming the field); absent stays absent. */
  #applicantText(field: 'note' | 'reason' | 'comment', text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const checked = this.#validate(APPLICANT_TEXT, { [field]: text }, hanoiDate(this.#now().getTime()));
    if (!checked.ok) throw serviceErrors.formInvalid(checked.errors);
    const value = checked.values[field];
    return typeof value === 'string' ? value : undefined;
  }

  /** The applicant's rating, once, after the return (Decision 766: satisfaction). */
  async rate(tenant: string, code: string, owns: boolean, score: number, comment?: string): Promise<void> {
    if (!owns) throw serviceErrors.notFound(code);
    const text = this.#applicantText('comment', comment);
    const now = this.#now();
    await this.#db.transaction(async (tx) => {
      const d = await store.getDossier(tx, tenant, code, true);
      if (!d || !owns) throw serviceErrors.notFound(code);
      if (d.state !== 'returned' || d.rating !== null) throw serviceErrors.rated(code);
      await store.updateDossier(
        tx,
        d,
        {
          rating: score,
          ratingComment: text?.trim() ? text.trim() : null,
          ratedAt: now.toISOString(),
        },
        now,
      );
      await store.insertEvent(tx, tenant, code, {
        at: now.toISOString(),
        kind: 'rating',
        byKind: 'applicant',
        data: { score },
      });
    });
  }

  /** A payment of a dossier's fee settled: in the payment's transaction, the fee is marked paid. */
  async feePaid(tx: Sql, tenant: string, intent: PaymentIntentOf): Promise<void> {
    const d = await store.getDossier(tx, tenant, intent.subject, true);
    if (!d) {
      this.#log.warn({ tenant, subject: intent.subject }, 'a dossier fee was paid for a dossier that does not exist');
      return;
    }
    if (d.feeState === 'paid') return;
    const now = this.#now();
    await store.updateDossier(tx, d, { feeState: 'paid', paymentReference: intent.reference }, now);
    await store.insertEvent(tx, tenant, d.code, {
      at: now.toISOString(),
      kind: 'fee-paid',
      byKind: 'system',
      data: {
        reference: intent.reference,
        amountVnd: intent.amountVnd,
        bankTransaction: intent.bankTransaction ?? null,
      },
    });
    await queuePortal(tx, {
      tenant,
      dossier: d.code,
      kind: 'payment',
      at: now,
      payload: { state: 'paid', reference: intent.reference, amountVnd: intent.amountVnd },
    });
    // The applicant is told the fee arrived, as of every step they wait on; the procedure's name is read
    // in the payment's transaction (the embedded database has one connection).
    const version = await procedureVersion(tx, tenant, d.procedureCode, d.procedureVersion);
    const name = (version?.body['name'] as Text | undefined) ?? { vi: d.procedureCode, en: d.procedureCode };
    const amount = intent.amountVnd.toLocaleString('vi-VN');
    await this.#tell(tx, tenant, d.code, 'fee-paid', {
      phone: (await this.#personal.open(d.applicant.phone)) ?? undefined,
      email: (await this.#personal.open(d.applicant.email)) ?? undefined,
      language: d.language,
      procedure: name,
      note: d.language === 'vi' ? `Số tiền: ${amount} đồng.` : `Amount: ${amount} VND.`,
    });
  }

  /**
   * Closes the dossiers filed online whose fee, to be paid before receipt, is still unpaid past the
   * expiry (waiting for it, or asked for a supplement before receipt): a refusal to receive by the
   * system, with its reason; the payment intent cancelled (a transfer after it is unmatched, money to
   * refund in the reconciliation); the applicant told; the portal sent the state; an enrolment's place
   * freed. Run by the worker every minute. A dossier that cannot be closed is left, the others closed
   * all the same; it is tried again after a wait doubling from a minute to an hour (runs before then pass
   * it by), its failure logged once per kind. Returns how many were closed, and how many failed.
   */
  async closeUnpaid(): Promise<{ closed: number; failed: number }> {
    const now = this.#now();
    const before = new Date(now.getTime() - this.#unpaidExpiryMs).toISOString();
    const prepared = new Set<string>();
    const seen = new Set<string>();
    let closed = 0;
    let failed = 0;
    let from: store.UnpaidCursor | undefined;
    for (;;) {
      const page = await store.unpaidBefore(this.#db, before, 100, from);
      for (const { tenant, code } of page) {
        const key = `${tenant}\u0000${code}`;
        seen.add(key);
        const backingOff = this.#unpaidRetries.get(key);
        // Failed lately: left alone until its back-off is over, not tried (and logged) every minute.
        if (backingOff && backingOff.retryAt > now.getTime()) continue;
        try {
          // The tenant's message key is made ready before the transaction (the embedded database has
          // one connection: reading it inside would wait for the transaction to end).
          if (!prepared.has(tenant)) {
            await this.#messages.prepare(tenant);
            prepared.add(tenant);
          }
          if (await this.#closeUnpaidOne(tenant, code, now, before)) closed += 1;
          this.#unpaidRetries.delete(key);
        } catch (err) {
          failed += 1;
          const kind = failureKind(err);
          const failures = (backingOff?.failures ?? 0) + 1;
          const waitMs = Math.min(UNPAID_RETRY_FIRST_MS * 2 ** (failures - 1), UNPAID_RETRY_MAX_MS);
          const retryAt = new Date(now.getTime() + waitMs).toISOString();
          const context = { err, tenant, dossier: code, code: err instanceof AppError ? err.code : undefined };
          // Once per kind of failure: the same one again says nothing new.
          if (backingOff?.kind !== kind) {
            this.#log.error(
              { ...context, failures, retryAt },
              'a dossier left unpaid could not be closed; tried again later',
            );
          } else {
            this.#log.debug(
              { tenant, dossier: code, failures, retryAt },
              'a dossier left unpaid still cannot be closed',
            );
          }
          this.#unpaidRetries.set(key, { failures, retryAt: now.getTime() + waitMs, kind });
        }
      }
      if (page.length < 100) break;
      from = page[page.length - 1];
    }
    // Paid, received or closed by hand meanwhile: no longer waited for.
    for (const key of this.#unpaidRetries.keys()) if (!seen.has(key)) this.#unpaidRetries.delete(key);
    if (closed > 0) this.#log.info({ closed }, 'online dossiers closed unpaid past the expiry');
    if (failed > 0) this.#log.warn({ failed, closed }, 'some dossiers left unpaid were not closed');
    return { closed, failed };
  }

  /**
   * When a dossier left unpaid is refused by the system (closeUnpaid): filed online for full handling,
   * its fee due before receipt. Undefined for any other dossier, which the expiry leaves alone.
   */
  #unpaidDeadline(d: StoredDossier): string | undefined {
    const waiting = d.state === 'submitted' || (d.state === 'supplement' && d.supplementFrom === 'submitted');
    if (d.feeState !== 'due' || d.channel !== 'online' || d.onlineLevel !== 'full' || d.feeTotalVnd <= 0) return;
    if (!waiting) return;
    return new Date(new Date(d.submittedAt).getTime() + this.#unpaidExpiryMs).toISOString();
  }

  async #closeUnpaidOne(tenant: string, code: string, now: Date, before: string): Promise<boolean> {
    const hours = Math.round((this.#unpaidExpiryMs / 3600_000) * 10) / 10;
    const seen = await store.getDossier(this.#db, tenant, code);
    if (!seen) return false;
    const p = await this.#catalogue.get(tenant, seen.procedureCode, seen.procedureVersion);
    // The contact is opened before the transaction (its key read then, not inside: one connection).
    const to = {
      phone: (await this.#personal.open(seen.applicant.phone)) ?? undefined,
      email: (await this.#personal.open(seen.applicant.email)) ?? undefined,
    };
    return this.#db.transaction(async (tx) => {
      // The payment before the dossier, in the bank confirmation's order (see #step).
      if (seen.feeState === 'due' && seen.paymentReference) {
        await this.#payments.hold(tenant, seen.paymentReference, tx);
      }
      const d = await store.getDossier(tx, tenant, code, true);
      // Paid, received or withdrawn meanwhile: nothing to close.
      const waiting = d?.state === 'submitted' || (d?.state === 'supplement' && d.supplementFrom === 'submitted');
      if (!d || !waiting || d.feeState !== 'due' || d.submittedAt >= before) return false;
      let cancelled: string | undefined;
      if (d.paymentReference) {
        // Cancelled already (by the payments' staff). A paid one would have marked the dossier paid in
        // the payment's transaction, before this one read it.
        const intent = await this.#payments.cancel(tenant, d.paymentReference, tx).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'PAYMENTS_STATE') return undefined;
          throw err;
        });
        cancelled = intent?.reference;
      }
      const reason =
        d.language === 'en'
          ? `Not received: the fee was not paid within ${hours} hours of filing. File again to apply.`
          : `Không tiếp nhận: phí, lệ phí chưa được thanh toán trong ${hours} giờ kể từ khi nộp. Vui lòng nộp lại hồ sơ.`;
      await store.updateDossier(tx, d, { state: 'rejected', closedAt: now.toISOString(), feeState: 'cancelled' }, now);
      await store.insertEvent(tx, tenant, code, {
        at: now.toISOString(),
        kind: 'reject',
        byKind: 'system',
        fromState: d.state,
        toState: 'rejected',
        note: reason,
        data: { unpaid: true, expiryHours: hours, ...(cancelled ? { paymentCancelled: cancelled } : {}) },
      });
      await queuePortal(tx, {
        tenant,
        dossier: code,
        kind: 'status',
        at: now,
        payload: { state: 'rejected', agency: d.agency },
      });
      await this.#tell(tx, tenant, code, 'reject', {
        phone: d.applicant.phone ? to.phone : undefined,
        email: d.applicant.email ? to.email : undefined,
        language: d.language,
        procedure: p.name,
        note: reason,
      });
      return true;
    });
  }

  /**
   * The fee paid at the counter (cash or card at the one-stop), recorded by an officer of the agency
   * that has the dossier with the number of the receipt they gave: the fee is paid, its VietQR code
   * pays nothing any more (a transfer after it is unmatched, a refund), and the result may be handed out.
   */
  async feePaidAtCounter(tenant: string, code: string, receipt: string, who: StaffWho): Promise<StaffDossier> {
    const actor = await this.staffActor(tenant, who);
    const seen = await store.getDossier(this.#db, tenant, code);
    if (!seen) throw serviceErrors.notFound(code);
    const now = this.#now();
    await this.#db.transaction(async (tx) => {
      // The payment before the dossier, in the bank confirmation's order (see #step).
      if (seen.feeState === 'due' && seen.paymentReference) {
        await this.#payments.hold(tenant, seen.paymentReference, tx);
      }
      const d = await store.getDossier(tx, tenant, code, true);
      if (!d) throw serviceErrors.notFound(code);
      if (actor.kind !== 'staff' || !(actor.admin || actor.agencies.includes(d.agency))) {
        throw dossierErrors.notYours(code, `it is with the agency ${d.agency}, which you do not work for.`);
      }
      if (d.feeState !== 'due') throw serviceErrors.feeNotDue(code, d.feeState);
      let cancelled: string | undefined;
      if (d.paymentReference) {
        const intent = await this.#payments.cancel(tenant, d.paymentReference, tx).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'PAYMENTS_STATE') return undefined;
          throw err;
        });
        cancelled = intent?.reference;
      }
      // Kept in payments too, so the treasury reconciles the counter's takings beside the transfers.
      await this.#payments.recordCounter(
        tenant,
        {
          purpose: FEE_PURPOSE,
          subject: code,
          // The holding agency's counter took the money: the receipt is of its book.
          office: d.agency,
          receiptNumber: receipt,
          amountVnd: d.feeTotalVnd,
          by: { id: who.id, name: who.displayName ?? who.name },
          intent: cancelled,
        },
        tx,
      );
      // No payment reference: paid at the counter, not online (the Decision 766 index tells them apart).
      await store.updateDossier(tx, d, { feeState: 'paid', paymentReference: null }, now);
      await store.insertEvent(tx, tenant, code, {
        at: now.toISOString(),
        kind: 'fee-paid',
        byKind: 'staff',
        byId: who.id,
        byName: who.displayName ?? who.name,
        data: { channel: 'counter', receipt, amountVnd: d.feeTotalVnd, paymentCancelled: cancelled ?? null },
      });
      await queuePortal(tx, {
        tenant,
        dossier: code,
        kind: 'payment',
        at: now,
        payload: { state: 'paid', channel: 'counter', receipt, amountVnd: d.feeTotalVnd },
      });
    });
    return this.#staffView(tenant, code, undefined, actor);
  }

  async #step(
    tenant: string,
    code: string,
    input: ActionInput,
    actor: Actor,
    by: { byKind: 'applicant' | 'staff'; byId?: string; byName?: string },
    extra?: (tx: Sql, d: StoredDossier, p: Procedure, now: Date) => Promise<store.DossierPatch>,
  ): Promise<void> {
    const now = this.#now();
    // What the step reads besides the dossier is read before its transaction (the embedded database
    // has one connection: a read outside the transaction would wait for it to end).
    const seen = await store.getDossier(this.#db, tenant, code);
    if (!seen) throw serviceErrors.notFound(code);
    const p = await this.#catalogue.get(tenant, seen.procedureCode, seen.procedureVersion);
    if (input.action === 'hand-off' && input.toAgency) {
      if (!(await this.#catalogue.agency(tenant, input.toAgency))) throw serviceErrors.agencyUnknown(input.toAgency);
    }
    const values = await this.#openValues(seen);
    const steps = p.steps.map((s) => ({ ...s, agency: this.#catalogue.stepAgency(p, s, values) }));
    if (input.action === 'hand-off' && input.toOfficer !== undefined) {
      const agency = input.toAgency ?? steps[seen.stepIndex + 1]?.agency ?? seen.agency;
      input = { ...input, toOfficer: await this.#checkOfficer(tenant, input.toOfficer, agency) };
    }
    // A result is issued in the name of the agency that decides the procedure (a ward's committee for a
    // birth), not of whichever office holds the dossier when it is made.
    const decidingAgency = this.#catalogue.agencyFor(p, values);
    const agencyName = (await this.#catalogue.agency(tenant, decidingAgency))?.name;
    const closesUnpaid = input.action === 'withdraw' || input.action === 'reject' || input.action === 'stop';
    // A told step's message is sealed with the tenant's key and sent to the contact: both keys are read
    // now, not in the transaction (the first told step of a fresh process would wait on itself).
    const told = TOLD.has(input.action);
    if (told) await this.#messages.prepare(tenant);
    const contact: { phone?: string | undefined; email?: string | undefined } = told
      ? {
          phone: (await this.#personal.open(seen.applicant.phone)) ?? undefined,
          email: (await this.#personal.open(seen.applicant.email)) ?? undefined,
        }
      : {};
    // The result is sealed as it is kept, in the transaction: the tenant's key is read now.
    const seal = input.action === 'result' ? await this.#personal.sealer(tenant) : undefined;
    // The applicant's own words (a supplement's note, a withdrawal's reason) are personal data, sealed
    // at rest as the rest of what they give (they write their name, ID number and phone there).
    const sealWords = by.byKind === 'applicant' ? await this.#personal.sealer(tenant) : undefined;
    await this.#db.transaction(async (tx) => {
      // A step that may change the fee's payment holds it before the dossier, as the bank's confirmation
      // does (the payment, then feePaid's dossier): taken the other way round the two deadlock.
      if (closesUnpaid && seen.feeState === 'due' && seen.paymentReference) {
        await this.#payments.hold(tenant, seen.paymentReference, tx);
      }
      const d = await store.getDossier(tx, tenant, code, true);
      if (!d) throw serviceErrors.notFound(code);
      const facts: DossierFacts = {
        code: d.code,
        state: d.state,
        agency: d.agency,
        supplementFrom: d.supplementFrom ?? undefined,
        stepIndex: d.stepIndex,
        steps,
        decidingAgency,
        feeState: d.feeState,
        feeBeforeReceipt: d.onlineLevel === 'full' && d.feeTotalVnd > 0,
        electronicResult: d.electronicResult,
      };
      const t = decide(facts, input, actor);
      const patch: Record<string, unknown> = { ...(extra ? await extra(tx, d, p, now) : {}) };
      if (t.to !== d.state) patch['state'] = t.to;
      if (t.agency !== d.agency) patch['agency'] = t.agency;
      if (t.stepIndex !== d.stepIndex) patch['stepIndex'] = t.stepIndex;
      if (t.officer !== undefined) patch['officer'] = t.officer;
      if (t.step) patch['stepDueAt'] = stepDueDate(this.#calendar, now, t.step.days).toISOString();
      let pauses = d.pauses;
      let extensionDays = d.extensionDays;
      const data: Record<string, unknown> = {};
      if (t.form) data['form'] = t.form;
      switch (input.action) {
        case 'request-supplement':
          patch['supplementFrom'] = t.supplementFrom;
          patch['asked'] = { items: [...input.items], note: input.note, at: now.toISOString() };
          data['items'] = input.items;
          if (t.clock === 'pause') pauses = [...pauses, { from: now.toISOString() }];
          break;
        case 'supplement':
          patch['supplementFrom'] = null;
          if (t.clock === 'resume')
            pauses = pauses.map((x) => (x.to === undefined ? { ...x, to: now.toISOString() } : x));
          break;
        case 'extend':
          extensionDays += input.days;
          data['days'] = input.days;
          break;
        case 'hand-off':
          if (input.toOfficer) data['toOfficer'] = input.toOfficer;
          break;
        case 'stop':
        case 'withdraw':
          // Stopped while waiting for a supplement: the pause ends with the dossier.
          pauses = pauses.map((x) => (x.to === undefined ? { ...x, to: now.toISOString() } : x));
          break;
        case 'receive':
          // The receipt (form 01) lists what was received now, whatever a supplement adds later.
          data['documents'] = documentCounts(
            (await store.documentsOf(tx, tenant, code)).filter((x) => x.kind === 'upload'),
            p,
          );
          break;
        case 'reject':
        case 'start':
        case 'result':
        case 'return':
        case 'note':
          break;
      }
      if (pauses !== d.pauses) patch['pauses'] = pauses;
      if (extensionDays !== d.extensionDays) patch['extensionDays'] = extensionDays;
      const receivedAt = t.clock === 'start' ? now.toISOString() : d.receivedAt;
      if (t.clock === 'start') patch['receivedAt'] = receivedAt;
      if (receivedAt && (t.clock === 'start' || t.clock === 'resume' || t.clock === 'extend')) {
        const due = dueDate(this.#calendar, { receivedAt, limitDays: d.limitDays, extensionDays, pauses }, now);
        patch['dueAt'] = due.toISOString();
        data['dueAt'] = due.toISOString();
      }
      if (CLOSED_STATES.includes(t.to)) patch['closedAt'] = now.toISOString();
      // Withdrawn, refused or stopped with its fee still due: the payment intent is cancelled with it,
      // so a later transfer is unmatched (money to refund, in the reconciliation), never a paid fee.
      if (closesUnpaid && d.feeState === 'due' && d.paymentReference) {
        const cancelled = await this.#payments.cancel(tenant, d.paymentReference, tx).catch((err: unknown) => {
          // Already cancelled (by the payments' staff): nothing more to do.
          if (err instanceof AppError && err.code === 'PAYMENTS_STATE') return undefined;
          throw err;
        });
        if (cancelled) data['paymentCancelled'] = cancelled.reference;
      }
      // Closed before it was paid: nothing is owed any more (the page no longer asks for the payment).
      if (closesUnpaid && d.feeState === 'due') patch['feeState'] = 'cancelled';
      // Due when this step began, paid by the bank's confirmation just before it took the dossier: had the
      // step come first the transfer would be unmatched, so its money is owed back all the same.
      if (closesUnpaid && seen.feeState === 'due' && d.feeState === 'paid' && d.paymentReference) {
        const refund = await this.#payments.refundDue(
          tenant,
          d.paymentReference,
          REFUND_REASON[input.action] ?? 'dossier-closed',
          tx,
        );
        if (refund) data['refundDue'] = refund.transactionId;
      }
      if (input.action === 'return') {
        patch['returnedAt'] = now.toISOString();
        // Every dossier past 'received' has a due date; one returned without (never received) is not judged.
        if (d.dueAt) patch['timeliness'] = timelinessOf(now, new Date(d.dueAt));
        data['timeliness'] = patch['timeliness'] ?? null;
      }
      if (input.action === 'result') {
        data['title'] = input.title;
        if (d.electronicResult) {
          const sheet = await this.#sheet(tx, tenant, d, p, await store.eventsOf(tx, tenant, code), {
            paper: 'result',
            agencyName,
          });
          const signingStep = steps[decidingStep({ steps, decidingAgency }) ?? -1];
          const pdf = await this.#documents.sign(
            await this.#documents.renderResult(sheet, {
              title: input.title,
              body: [...input.body],
              signerTitle: signingStep ? signerTitleOf(signingStep.name.vi) : undefined,
            }),
            `${p.result.name.vi} — ${d.code}`,
            { code: decidingAgency, name: agencyName?.vi ?? decidingAgency },
          );
          const sha256 = createHash('sha256').update(pdf).digest('hex');
          await store.insertDocument(tx, tenant, {
            id: crypto.randomUUID(),
            dossier: code,
            kind: 'result',
            docCode: 'result',
            name: `${d.code}-ket-qua.pdf`,
            contentType: 'application/pdf',
            bytes: pdf.byteLength,
            sha256,
            scan: 'signed',
            data: (seal as Sealer).bytes(pdf),
            createdAt: now,
          });
          data['sha256'] = sha256;
          await queuePortal(tx, {
            tenant,
            dossier: code,
            kind: 'result',
            at: now,
            payload: { sha256, electronic: true },
          });
        }
      }
      await store.updateDossier(tx, d, patch, now);
      await store.insertEvent(tx, tenant, code, {
        at: now.toISOString(),
        kind: input.action,
        byKind: by.byKind,
        byId: by.byId,
        byName: by.byName,
        fromState: d.state,
        toState: t.to,
        fromAgency: t.fromAgency,
        toAgency: t.agency !== d.agency || t.fromAgency ? t.agency : undefined,
        note: sealWords && t.note ? sealWords.value(t.note) : t.note,
        data,
      });
      // The portal follows the state and the agency holding the dossier (a hand-off keeps the state).
      if (t.to !== d.state || t.agency !== d.agency || input.action === 'extend') {
        await queuePortal(tx, {
          tenant,
          dossier: code,
          kind: 'status',
          at: now,
          // The step and its time travel with it: the portal learns what happened and when, not only the
          // state after (an extension's days and apology, which a new due date alone does not say).
          payload: {
            state: t.to,
            agency: t.agency,
            action: input.action,
            at: now.toISOString(),
            ...(patch['dueAt'] ? { dueAt: patch['dueAt'] } : {}),
            ...(input.action === 'extend' ? { extension: { days: input.days, reason: input.reason } } : {}),
          },
        });
      }
      if (told) {
        await this.#tell(tx, tenant, code, input.action, {
          // Erased meanwhile: nobody to tell.
          phone: d.applicant.phone ? contact.phone : undefined,
          email: d.applicant.email ? contact.email : undefined,
          language: d.language,
          procedure: p.name,
          note: t.note,
          dueAt: patch['dueAt'] as string | undefined,
        });
      }
    });
  }

  /** A message to the applicant about their dossier (in the step's transaction). */
  async #tell(
    tx: Sql,
    tenant: string,
    code: string,
    kind: string,
    to: {
      phone?: string | undefined;
      email?: string | undefined;
      language: 'vi' | 'en';
      procedure: Text;
      note?: string | undefined;
      dueAt?: string | undefined;
    },
  ): Promise<void> {
    if (!to.phone && !to.email) return;
    const text = EVENT_TEXT[kind] ?? { vi: kind, en: kind };
    const lang = to.language;
    // The appointment as the receipt writes it, in Hanoi time: "17:00 ngày 07/12/2026".
    const due = to.dueAt ? shortTimeVi(to.dueAt) : undefined;
    const lines = [
      `${nameOf(text, lang)}: ${code} — ${nameOf(to.procedure, lang)}.`,
      ...(due ? [lang === 'vi' ? `Hẹn trả kết quả: ${due}.` : `Result due: ${due.replace(' ngày ', ' on ')}.`] : []),
      ...(to.note ? [to.note] : []),
    ];
    await this.#messages.queue(tx, {
      tenant,
      to: { phone: to.phone, email: to.email },
      language: lang,
      subject: `${code}: ${nameOf(text, lang)}`,
      text: lines.join('\n'),
      link: this.trackingUrl(code),
      topic: `services.${kind}`,
    });
  }

  // --- reading ----------------------------------------------------------------------------------------

  /** Public tracking by code: no personal data. */
  async track(tenant: string, code: string): Promise<Tracked> {
    const d = await store.getDossier(this.#db, tenant, code);
    if (!d) throw serviceErrors.notFound(code);
    const p = await this.#catalogue.get(tenant, d.procedureCode, d.procedureVersion);
    return {
      code: d.code,
      procedure: { code: p.code, name: p.name },
      state: d.state,
      submittedAt: d.submittedAt,
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      returnedAt: d.returnedAt,
      closedAt: d.state === 'returned' ? undefined : d.closedAt,
      timeliness: d.timeliness ?? undefined,
    };
  }

  /**
   * The queue: open dossiers of the officer's agencies (or those asked), by due date, applicants masked.
   * A search by a whole code, or by the applicant's ID number or phone, finds the dossiers the officer's
   * agencies held at any step, whatever their state (as their book keeps them).
   */
  async queue(
    tenant: string,
    who: StaffWho,
    q: {
      agency?: string | undefined;
      state?: DossierState | undefined;
      late?: boolean | undefined;
      q?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
    reader?: Reader,
  ): Promise<{ dossiers: QueueItem[]; next?: string }> {
    const now = this.#now();
    const actor = await this.staffActor(tenant, who);
    // Officers see their agencies' queue; the centre's operators, viewers and admins any agency's.
    const mine = actor.kind === 'staff' && !actor.admin && who.roles.includes('officer') ? actor.agencies : undefined;
    let agencies = mine;
    if (q.agency) agencies = mine ? mine.filter((a) => a === q.agency) : [q.agency];
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    const text = q.q?.trim() || undefined;
    const person = text ? applicantSearched(text) : undefined;
    // Only those who handle dossiers look an applicant up (names are sealed: no search by name).
    const handler = who.roles.some((r) => (HANDLERS as readonly string[]).includes(r));
    if (person && !handler) return { dossiers: [] };
    // A whole code or an applicant: what the officer's agencies held at any step, not only what they hold now.
    const held = (person || (text && store.DOSSIER_CODE.test(text))) && agencies ? agencies : undefined;
    const rows = await store.queue(this.#db, tenant, {
      agencies: held ? undefined : agencies,
      heldBy: held,
      state: q.state,
      lateBefore: q.late ? now.toISOString() : undefined,
      code: person ? undefined : text,
      applicant: person
        ? {
            idIndex: await this.#personal.index('national-id', person),
            phoneIndex: await this.#personal.index('phone', phoneSearched(person)),
          }
        : undefined,
      limit: q.limit + 1,
      after,
    });
    const page = rows.slice(0, q.limit);
    // A look-up by a person's ID number or phone is a read of their personal data: audited, as a clear read.
    if (person && reader && page.length === 0) {
      await this.#personal.searchedInVain(reader, PERSONAL_SOURCE, ['idNumber', 'phone']);
    }
    if (person && reader && page.length > 0) {
      const records = page.map((d) => ({
        id: d.code,
        tenant,
        values: { idNumber: d.applicant.idNumber, phone: d.applicant.phone },
      }));
      await this.#personal.reveal(reader, PERSONAL_SOURCE, { idNumber: 'national-id', phone: 'phone' }, records);
    }
    const names = await this.#agencyNames(tenant);
    const dossiers: QueueItem[] = [];
    for (const d of page) {
      const name = (await this.#personal.open(d.applicant.name)) ?? '';
      dossiers.push({
        code: d.code,
        procedure: { code: d.procedureCode, version: d.procedureVersion },
        agency: d.agency,
        agencyName: agencyNamed(names, d.agency),
        state: d.state,
        applicantMasked: mask('name', name),
        submittedAt: d.submittedAt,
        receivedAt: d.receivedAt,
        dueAt: d.dueAt,
        workingHoursLeft: d.dueAt ? workingHoursLeft(this.#calendar, now, new Date(d.dueAt)) : undefined,
        late: d.dueAt !== undefined && d.state !== 'supplement' && new Date(d.dueAt) < now,
        channel: d.channel,
        feeState: d.feeState,
      });
    }
    const last = page[page.length - 1];
    return rows.length > q.limit && last
      ? { dossiers, next: encodeCursor({ queueAt: last.queueAt, code: last.code }) }
      : { dossiers };
  }

  /** A dossier in full for staff: the applicant in clear to handlers (the read audited), masked to others. */
  async detail(reader: Reader, tenant: string, code: string): Promise<StaffDossier> {
    return this.#staffView(tenant, code, reader, await this.#handlerOf(tenant, reader));
  }

  /** The reader as one who may act (an admin, an officer with their agencies), or undefined: no action is theirs. */
  async #handlerOf(tenant: string, reader: Reader): Promise<Actor | undefined> {
    const roles: readonly string[] = reader.roles;
    if (!reader.actor.id || !HANDLERS.some((r) => roles.includes(r))) return undefined;
    return this.staffActor(tenant, { id: reader.actor.id, name: reader.actor.name ?? reader.actor.id, roles });
  }

  /** A dossier for staff; its `actions` are those `actor` may take now (none without one). */
  async #staffView(
    tenant: string,
    code: string,
    reader: Reader | undefined,
    actor: Actor | undefined,
  ): Promise<StaffDossier> {
    const d = await store.getDossier(this.#db, tenant, code);
    if (!d) throw serviceErrors.notFound(code);
    const p = await this.#catalogue.get(tenant, d.procedureCode, d.procedureVersion);
    const events = await store.eventsOf(this.#db, tenant, code);
    const docs = await store.documentsOf(this.#db, tenant, code);
    // After a step the officer has just taken, the answer shows the dossier without the person.
    const clear = reader !== undefined && (await this.#clearTo(reader, tenant, d, events));
    const shown = reader ? await this.#applicantFor(reader, clear, tenant, d) : {};
    // The form's personal fields: in clear to those who see the applicant in clear (that read is
    // audited above), left out for the others.
    const values = clear ? await this.#openValues(d) : { ...d.valuesPlain };
    const result = docs.find((x) => x.kind === 'result');
    // The uploads' file names (sealed: "CCCD Nguyễn Văn An.jpg") to those who see the applicant in clear.
    const fileNames = await Promise.all(
      docs
        .filter((x) => x.kind === 'upload')
        .map(async (x) => (clear ? ((await this.#personal.open(x.name)) ?? '') : mask('free-text', x.name))),
    );
    // The steps' agencies as the step itself resolves them (from the answers, not shown from here).
    const answers = clear ? values : await this.#openValues(d);
    const steps = p.steps.map((s) => ({
      code: s.code,
      name: s.name,
      agency: this.#catalogue.stepAgency(p, s, answers),
    }));
    const decidingAgency = this.#catalogue.agencyFor(p, answers);
    // Judged with who asks too: a viewer, an operator or another agency's officer may take none.
    const mayAct = actor?.kind === 'staff' && (actor.admin || actor.agencies.includes(d.agency));
    const stepsNow = STAFF_ACTIONS.filter(
      (a) =>
        mayAct &&
        ACTION_RULES[a].from.includes(d.state) &&
        (a !== 'result' || resultAllowedHere({ stepIndex: d.stepIndex, steps, decidingAgency })) &&
        (a !== 'return' || d.feeState !== 'due') &&
        // A full-process dossier with a fee is received once paid (decide refuses it before).
        (a !== 'receive' || d.feeState !== 'due' || d.onlineLevel !== 'full' || d.feeTotalVnd <= 0) &&
        (a !== 'hand-off' || decidingStep({ steps, decidingAgency }) !== d.stepIndex || !steps[d.stepIndex + 1]),
    );
    // A fee still due may be paid at the counter, whatever the state: the result waits on it.
    const actions: OfficerAction[] = mayAct && d.feeState === 'due' ? [...stepsNow, 'fee-paid-at-counter'] : stepsNow;
    const atCounter = events.findLast((e) => e.kind === 'fee-paid' && e.data['channel'] === 'counter');
    const receipt = d.feeState === 'paid' ? atCounter?.data['receipt'] : undefined;
    const refunds = await this.#payments.refundsOf(tenant, FEE_PURPOSE, d.code);
    const names = await this.#agencyNames(tenant);
    const named = new Set([d.agency, decidingAgency, ...steps.map((s) => s.agency)]);
    for (const e of events) for (const a of [e.fromAgency, e.toAgency]) if (a) named.add(a);
    const wardFields = p.form.sections.flatMap((sec) => sec.fields.filter((f) => f.type === 'ward').map((f) => f.id));
    const wards = new Map<string, Text>();
    for (const id of wardFields) {
      const w = wardOf(typeof values[id] === 'string' ? values[id] : undefined);
      if (w) wards.set(w.code, { vi: w.name, en: w.nameEn });
    }
    return {
      code: d.code,
      verified: events.find((e) => e.kind === 'filed')?.data['verified'] === 'sign-on' ? 'sign-on' : 'none',
      procedure: { code: p.code, version: p.version, name: p.name },
      agency: d.agency,
      state: d.state,
      channel: d.channel,
      language: d.language,
      applicant: {
        kind: d.applicantKind,
        name: shown['name'] ?? null,
        idNumber: shown['idNumber'] ?? null,
        phone: shown['phone'] ?? null,
        email: shown['email'] ?? null,
        address: shown['address'] ?? null,
      },
      values,
      fee: {
        totalVnd: d.feeTotalVnd,
        state: d.feeState,
        reference: d.paymentReference ?? undefined,
        receipt: typeof receipt === 'string' ? receipt : undefined,
        refunds: refunds.length > 0 ? refunds : undefined,
      },
      submittedAt: d.submittedAt,
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      returnedAt: d.returnedAt,
      timeliness: d.timeliness ?? undefined,
      stepIndex: d.stepIndex,
      stepDueAt: d.stepDueAt,
      officer: d.officer ?? undefined,
      extensionDays: d.extensionDays,
      asked: d.state === 'supplement' ? (d.asked ?? undefined) : undefined,
      rating: d.rating ?? undefined,
      documents: docs
        .filter((x) => x.kind === 'upload')
        .map((x, i) => ({
          id: x.id,
          code: x.docCode,
          title: documentTitle(p, x.docCode),
          name: fileNames[i] ?? '',
          contentType: x.contentType,
          bytes: x.bytes,
          scan: x.scan,
        })),
      result: result ? { id: result.id, sha256: result.sha256 } : undefined,
      timeline: (await this.#applicantWords(events, clear)).map((e) => ({
        at: e.at,
        kind: e.kind,
        text: EVENT_TEXT[e.kind] ?? { vi: e.kind, en: e.kind },
        by: e.byName ?? e.byKind,
        fromState: e.fromState,
        toState: e.toState,
        fromAgency: e.fromAgency,
        toAgency: e.toAgency,
        note: e.note,
      })),
      forms: formsOf(events),
      steps,
      decidingAgency,
      actions,
      agencies: [...named].map((code) => ({ code, name: agencyNamed(names, code) })),
      wards: [...wards].map(([code, name]) => ({ code, name })),
    };
  }

  /**
   * The timeline with the applicant's own words (sealed at rest) opened for one who sees the applicant
   * in clear (the applicant, a handler: that read is audited with the applicant's), hidden for others,
   * as the applicant is; the officers' and the system's notes as they are.
   */
  async #applicantWords(events: readonly store.DossierEvent[], clear: boolean): Promise<store.DossierEvent[]> {
    return Promise.all(
      events.map(async (e) =>
        e.byKind !== 'applicant' || !e.note
          ? e
          : { ...e, note: clear ? ((await this.#personal.open(e.note)) ?? undefined) : mask('free-text', e.note) },
      ),
    );
  }

  /** The names of the catalogue's agencies and of every ward's committee, by code. */
  async #agencyNames(tenant: string): Promise<ReadonlyMap<string, Text>> {
    return new Map((await this.#catalogue.agencies(tenant)).map((a) => [a.code, a.name]));
  }

  /**
   * Whether a staff reader sees this dossier's applicant in clear: those with pii:read (admins), and
   * officers working for an agency the dossier is with now or was handled by (its timeline); other
   * officers, operators and viewers see it masked.
   */
  async #clearTo(reader: Reader, tenant: string, d: StoredDossier, events: readonly store.DossierEvent[]) {
    if (this.#personal.canRead(reader.roles) || reader.roles.includes('admin')) return true;
    if (!reader.roles.includes('officer') || !reader.actor.id) return false;
    const mine = await store.staffAgencies(this.#db, tenant, reader.actor.id);
    if (mine.length === 0) return false;
    const handled = new Set<string>([d.agency]);
    for (const e of events) {
      if (e.fromAgency) handled.add(e.fromAgency);
      if (e.toAgency) handled.add(e.toAgency);
    }
    return mine.some((a) => handled.has(a));
  }

  /** The applicant as this reader sees it: in clear (the read audited) when `clear`, masked otherwise. */
  async #applicantFor(
    reader: Reader,
    clear: boolean,
    tenant: string,
    d: StoredDossier,
  ): Promise<Record<string, string | null>> {
    // A reader who may not see this dossier in clear reads it as one without the handlers' roles.
    const as = clear
      ? reader
      : { ...reader, roles: reader.roles.filter((r) => !(HANDLERS as readonly string[]).includes(r)) };
    const record = { id: d.code, tenant, values: { ...d.applicant } };
    return (await this.#personal.reveal(as, PERSONAL_SOURCE, DOSSIER_PERSONAL_FIELDS, [record]))[0] ?? {};
  }

  /** Whether an applicant proved by the applicants' token owns this dossier. */
  async owns(
    tenant: string,
    code: string,
    applicant: { kind: 'identity'; subject: string } | { kind: 'dossier'; code: string } | undefined,
  ): Promise<boolean> {
    if (!applicant) return false;
    if (applicant.kind === 'dossier') return applicant.code === code;
    const d = await store.getDossier(this.#db, tenant, code);
    if (!d?.applicantSubject) return false;
    // Its blind index; a dossier filed before subjects were indexed keeps it in clear until the job's turn.
    return (
      d.applicantSubject === (await this.#subjectIndex(applicant.subject)) || d.applicantSubject === applicant.subject
    );
  }

  /**
   * The blind index a dossier keeps of its sign-on subject (`<issuer>|<sub>`; VNeID's sub is the ID
   * number): equal for the same subject, useless without the key. Hex first, so the index's folding
   * (case, spaces) never makes two subjects one: a provider's sub is case-sensitive.
   */
  #subjectIndex(subject: string): Promise<string> {
    return this.#personal.index('free-text', `sign-on:${Buffer.from(subject, 'utf8').toString('hex')}`);
  }

  /** Dossiers that still keep their sign-on subject in clear (filed before it was indexed) get its index. */
  async indexSignOnSubjects(): Promise<number> {
    let done = 0;
    for (;;) {
      const rows = await store.clearSubjects(this.#db, 200);
      for (const r of rows) await store.setSubject(this.#db, r, await this.#subjectIndex(r.subject));
      done += rows.length;
      if (rows.length < 200) return done;
    }
  }

  /**
   * Open dossiers filed before the ward stand-ins were resolved when filed, still held or decided by one:
   * given the agency of the ward their form names (a plain value, read without keys), as filing now
   * does. Those whose ward cannot be read so stay where they are, for an admin (who acts for any agency).
   */
  async resolveWardStandIns(): Promise<number> {
    let resolved = 0;
    let after = { tenant: '', code: '' };
    for (;;) {
      const rows = await store.onStandIns(this.#db, WARD_STAND_INS, CLOSED_STATES, after, 200);
      for (const d of rows) {
        try {
          const p = await this.#catalogue.get(d.tenant, d.procedureCode, d.procedureVersion);
          const agency = this.#catalogue.agencyFor(p, d.valuesPlain);
          if (isWardStandIn(p.agency) && !isWardStandIn(agency)) {
            if (await this.#replaceStandIn(d, p.agency, agency)) resolved++;
          }
        } catch (err) {
          this.#log.warn({ err, tenant: d.tenant, code: d.code }, "a dossier's ward stand-in could not be resolved");
        }
      }
      const last = rows.at(-1);
      if (rows.length < 200 || !last) break;
      after = { tenant: last.tenant, code: last.code };
    }
    if (resolved > 0) this.#log.info({ resolved }, 'dossiers on a ward stand-in given their ward agency');
    return resolved;
  }

  /**
   * Gives one dossier its ward's agency in place of the stand-in, with a timeline entry by the system
   * saying so: moved from the stand-in to the ward's agency (a move form 06 lists), or, when another
   * office holds it, only now decided by the ward's agency.
   */
  async #replaceStandIn(seen: StoredDossier, standIn: string, agency: string): Promise<boolean> {
    const names = async (code: string) => (await this.#catalogue.agency(seen.tenant, code))?.name.vi ?? code;
    const [from, to] = [await names(standIn), await names(agency)];
    return this.#db.transaction(async (tx) => {
      const d = await store.getDossier(tx, seen.tenant, seen.code, true);
      if (!d || !(await store.replaceStandIn(tx, d, standIn, agency))) return false;
      const moved = d.agency === standIn;
      await store.insertEvent(tx, d.tenant, d.code, {
        at: this.#now().toISOString(),
        kind: 'note',
        byKind: 'system',
        ...(moved ? { fromAgency: standIn, toAgency: agency } : {}),
        note: moved
          ? `Hệ thống chuyển hồ sơ từ ${from} sang ${to}, cơ quan của phường, xã nơi hồ sơ thuộc về.`
          : `Hệ thống ghi cơ quan giải quyết hồ sơ là ${to} thay cho ${from}.`,
        data: { wardStandIn: standIn, agency },
      });
      return true;
    });
  }

  /** The applicant's dossiers: by their sign-in, or the one their code proves. */
  async myDossiers(
    tenant: string,
    applicant: { kind: 'identity'; subject: string } | { kind: 'dossier'; code: string },
  ): Promise<
    {
      code: string;
      procedure: { code: string; name: Text };
      state: DossierState;
      submittedAt: string;
      dueAt?: string | undefined;
    }[]
  > {
    const rows =
      applicant.kind === 'identity'
        ? await store.dossiersBySubject(this.#db, tenant, [
            await this.#subjectIndex(applicant.subject),
            applicant.subject,
          ])
        : [await store.getDossier(this.#db, tenant, applicant.code)].filter((d): d is StoredDossier => d !== undefined);
    const out = [];
    for (const d of rows) {
      const p = await this.#catalogue.get(tenant, d.procedureCode, d.procedureVersion);
      out.push({
        code: d.code,
        procedure: { code: p.code, name: p.name },
        state: d.state,
        submittedAt: d.submittedAt,
        dueAt: d.dueAt,
      });
    }
    return out;
  }

  async myDossier(tenant: string, code: string, owns: boolean): Promise<MyDossier> {
    const d = owns ? await store.getDossier(this.#db, tenant, code) : undefined;
    if (!d) throw serviceErrors.notFound(code);
    const p = await this.#catalogue.get(tenant, d.procedureCode, d.procedureVersion);
    const agency = await this.#catalogue.agency(tenant, d.agency);
    const deciding = d.decidedBy ?? d.agency;
    const decidingName = (await this.#catalogue.agency(tenant, deciding))?.name ?? { vi: deciding, en: deciding };
    // Their own words, in clear to them.
    const events = await this.#applicantWords(await store.eventsOf(this.#db, tenant, code), true);
    const docs = await store.documentsOf(this.#db, tenant, code);
    const intent = d.feeState === 'due' ? await this.#payments.intentOf(tenant, FEE_PURPOSE, d.code) : undefined;
    // Paid at the counter: no payment reference, the receipt the officer gave (as on the officers' page).
    const atCounter =
      d.feeState === 'paid' && !d.paymentReference
        ? events.findLast((e) => e.kind === 'fee-paid' && e.data['channel'] === 'counter')
        : undefined;
    const counterReceipt = atCounter?.data['receipt'];
    // Why it closed without a result: the refusal (03), the stop (05) or the withdrawal, with its reason.
    const closing =
      d.state === 'rejected' || d.state === 'stopped' || d.state === 'withdrawn'
        ? events.findLast((e) => e.toState === d.state && ['reject', 'stop', 'withdraw'].includes(e.kind))
        : undefined;
    return {
      code: d.code,
      procedure: { code: p.code, name: p.name },
      state: d.state,
      submittedAt: d.submittedAt,
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      timeliness: d.timeliness ?? undefined,
      agency: { code: d.agency, name: agency?.name ?? { vi: d.agency, en: d.agency } },
      decidingAgency: { code: deciding, name: decidingName },
      fee: {
        totalVnd: d.feeTotalVnd,
        state: d.feeState,
        // While the fee is due, the QR again (the page shows it after a reload).
        payment:
          intent && intent.state === 'pending'
            ? { reference: intent.reference, qr: intent.qr, qrSvg: await this.#payments.qrSvg(intent.qr) }
            : undefined,
        channel: d.feeState === 'paid' ? (d.paymentReference ? 'transfer' : 'counter') : undefined,
        receipt: typeof counterReceipt === 'string' ? counterReceipt : undefined,
        payBy: this.#unpaidDeadline(d),
      },
      asked: d.state === 'supplement' ? (d.asked ?? undefined) : undefined,
      closed: closing
        ? { action: closing.kind as 'reject' | 'stop' | 'withdraw', at: closing.at, reason: closing.note }
        : undefined,
      timeline: events
        .filter((e) => !INTERNAL.has(e.kind))
        .map((e) => ({ at: e.at, kind: e.kind, text: EVENT_TEXT[e.kind] ?? { vi: e.kind, en: e.kind } })),
      documents: await Promise.all(
        docs
          .filter((x) => x.kind === 'upload')
          .map(async (x) => ({
            code: x.docCode ?? '',
            title: documentTitle(p, x.docCode),
            name: (await this.#personal.open(x.name)) ?? '',
          })),
      ),
      forms: formsOf(events),
      // Handed out once the fee is paid: until then the page asks for the payment.
      result: d.feeState !== 'due' && docs.some((x) => x.kind === 'result') ? { available: true } : undefined,
      rating: d.rating ?? undefined,
      returnedAt: d.returnedAt,
      values: await this.#openValues(d),
    };
  }

  /** How the applicants reach a dossier's applicant (the applicants' OTP), in clear for sending only. */
  async contactOf(
    tenant: string,
    code: string,
  ): Promise<{ phone?: string; email?: string; language: 'vi' | 'en' } | undefined> {
    const d = await store.getDossier(this.#db, tenant, code);
    if (!d) return undefined;
    const phone = (await this.#personal.open(d.applicant.phone)) ?? undefined;
    const email = (await this.#personal.open(d.applicant.email)) ?? undefined;
    return { ...(phone ? { phone } : {}), ...(email ? { email } : {}), language: d.language };
  }

  /**
   * A dossier's papers as they were kept (the signed result, the uploaded documents) name the applicant
   * and cannot be masked: staff open them only if they see the applicant in clear (the read audited).
   */
  async #openPapers(reader: Reader, tenant: string, code: string): Promise<void> {
    const d = await store.getDossier(this.#db, tenant, code);
    if (!d) throw serviceErrors.notFound(code);
    const events = await store.eventsOf(this.#db, tenant, code);
    if (!(await this.#clearTo(reader, tenant, d, events))) {
      throw dossierErrors.notYours(code, 'its papers name the applicant, and only those who handle it may open them.');
    }
    await this.#applicantFor(reader, true, tenant, d);
  }

  /** The signed electronic result: the applicant's own (no reader), or a staff reader's by `#openPapers`. */
  async resultPdf(tenant: string, code: string, reader?: Reader): Promise<Uint8Array> {
    if (reader) await this.#openPapers(reader, tenant, code);
    else {
      // The applicant's copy: the result is handed out once the fee is paid (the officers read it before).
      const d = await store.getDossier(this.#db, tenant, code);
      if (!d) throw serviceErrors.notFound(code);
      if (d.feeState === 'due') throw dossierErrors.feeDue(code, 'its electronic result is given');
    }
    const docs = await store.documentsOf(this.#db, tenant, code);
    const result = docs.find((x) => x.kind === 'result');
    const data = result ? await store.documentData(this.#db, tenant, result.id) : undefined;
    if (!data) throw serviceErrors.noResult(code);
    return this.#personal.openBytes(data.data);
  }

  /**
   * One of the forms 01–06 of a dossier, drawn from its timeline (only the ones its steps made); form 04
   * of the extension asked for (1 the first; unset, the latest), each extension having its letter.
   */
  async formPdf(
    tenant: string,
    code: string,
    kind: FormKind,
    reader?: Reader,
    choice: { extension?: number | undefined } = {},
  ): Promise<Uint8Array> {
    const d = await store.getDossier(this.#db, tenant, code);
    if (!d) throw serviceErrors.notFound(code);
    const events = await store.eventsOf(this.#db, tenant, code);
    if (!formsOf(events).includes(kind)) throw serviceErrors.formNotMade(code, kind);
    // Only form 04 is one per extension.
    if (choice.extension !== undefined && kind !== '04')
      throw serviceErrors.extensionNotMade(code, choice.extension, 0);
    const p = await this.#catalogue.get(tenant, d.procedureCode, d.procedureVersion);
    // The form names the applicant: to staff by the detail's rule (in clear audited, masked otherwise);
    // the applicant's own form in clear.
    const clear = reader ? await this.#clearTo(reader, tenant, d, events) : true;
    const shown = reader ? await this.#applicantFor(reader, clear, tenant, d) : undefined;
    const sheet = await this.#sheet(this.#db, tenant, d, p, await this.#applicantWords(events, clear), {
      paper: kind,
      shown,
      forApplicant: reader === undefined,
      extension: choice.extension,
    });
    // Drawn once per sheet: the same timeline and reader's view is the same paper (a letter 04 is of the
    // extension the sheet names, so each extension's letter is a paper of its own).
    return this.#papers.paper(kind, { tenant, sheet }, () => this.#documents.renderForm(kind, sheet));
  }

  /** Form 07: the book of dossiers filed in a period. */
  async book(
    tenant: string,
    from: string,
    to: string,
    agency?: string,
    reader?: Reader,
  ): Promise<{ rows: BookRow[]; sheets: () => Promise<DossierSheet[]> }> {
    const dossiers = await store.bookRows(this.#db, tenant, from, to, agency);
    const rows: BookRow[] = dossiers.map((d) => ({
      code: d.code,
      procedure: d.procedureCode,
      agency: d.agency,
      decidingAgency: d.decidedBy ?? d.agency,
      state: d.state,
      channel: d.channel,
      submittedAt: d.submittedAt,
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      returnedAt: d.returnedAt,
      timeliness: d.timeliness ?? undefined,
    }));
    return {
      rows,
      sheets: async () => {
        const out: DossierSheet[] = [];
        const names = new Map<string, Text>();
        for (const d of dossiers) {
          const p = await this.#catalogue.get(tenant, d.procedureCode, d.procedureVersion);
          const events = await store.eventsOf(this.#db, tenant, d.code);
          // Each dossier's applicant by the detail's rule: in clear (audited) or masked.
          const clear = reader ? await this.#clearTo(reader, tenant, d, events) : false;
          const shown = reader ? await this.#applicantFor(reader, clear, tenant, d) : undefined;
          const words = await this.#applicantWords(events, clear);
          out.push(await this.#sheet(this.#db, tenant, d, p, words, { paper: '07', shown, names }));
          // Other requests are answered between the dossiers (the embedded database reads on this thread).
          await new Promise((resolve) => setImmediate(resolve));
        }
        return out;
      },
    };
  }

  /** Form 07 as CSV, in the reader's language, its agencies by name (see book-csv.ts). */
  async bookCsv(tenant: string, from: string, to: string, agency: string | undefined, language: BookLanguage) {
    const { rows } = await this.book(tenant, from, to, agency);
    const names = new Map<string, Text | undefined>();
    for (const code of new Set(rows.flatMap((r) => [r.agency, r.decidingAgency]))) {
      names.set(code, (await this.#catalogue.agency(tenant, code))?.name);
    }
    return bookCsv(rows, (code) => names.get(code), language);
  }

  async bookPdf(reader: Reader, tenant: string, from: string, to: string, agency?: string): Promise<Uint8Array> {
    const { rows, sheets } = await this.book(tenant, from, to, agency, reader);
    if (rows.length > MAX_BOOK_PDF_DOSSIERS) throw serviceErrors.bookTooLarge(rows.length);
    const all = await sheets();
    // The book is the asked agency's; asked for none (an admin's), it is every agency's, and says so:
    // not the name of whichever agency received the period's first dossier.
    const named = agency ? (await this.#catalogue.agency(tenant, agency))?.name : undefined;
    const keeper: Text = named ?? { vi: 'Tất cả cơ quan (toàn thành phố)', en: 'All agencies (city-wide)' };
    const cover: DossierSheet = {
      code: '',
      procedure: { code: '', name: { vi: '', en: '' }, version: 0 },
      agency: { code: agency ?? '', name: keeper },
      applicant: { name: '' },
      documents: [],
      events: [],
      period: { from, to },
      // The tracking page itself (any dossier by its code), not one dossier's.
      trackingUrl: this.trackingUrl(''),
    };
    return this.#documents.renderForm('07', cover, all);
  }

  /**
   * The sheet a paper is drawn from, built from the dossier's timeline so each paper says what was true
   * when its step was taken: the receipt's documents and appointment (01), the agency that asked for a
   * supplement, refused, extended or stopped (02–05), each hand-off between agencies and officers by name
   * with its step's due time (06). `paper` is the form (or the result) it is for.
   */
  async #sheet(
    sql: Sql,
    tenant: string,
    d: StoredDossier,
    p: Procedure,
    events: readonly store.DossierEvent[],
    o: {
      paper?: FormKind | 'result';
      agencyName?: Text | undefined;
      shown?: Readonly<Record<string, string | null>> | undefined;
      /** Agencies' names already looked up (a book's dossiers share them). */
      names?: Map<string, Text>;
      /** The applicant's copy: the officers' words to each other (hand-off notes) left out, as in their timeline. */
      forApplicant?: boolean;
      /** Which extension form 04 is about (1 the first); unset, the latest. 404 for one not made. */
      extension?: number | undefined;
    } = {},
  ): Promise<DossierSheet> {
    const { shown } = o;
    // The applicant as the reader may see it (given), or in clear (the applicant's own, the result).
    const open = async (field: keyof StoredDossier['applicant']) =>
      (shown ? shown[field] : await this.#personal.open(d.applicant[field])) ?? undefined;
    const applicantName = (await open('name')) ?? '';
    const docs = await store.documentsOf(sql, tenant, d.code);
    // The result is made in its step's transaction and names no agency but its own: nothing more is read
    // then (the embedded database's one connection is the transaction's).
    const names = o.names ?? new Map<string, Text>();
    const codes =
      o.paper === 'result' ? [] : [d.agency, d.decidedBy, ...events.flatMap((e) => [e.fromAgency, e.toAgency])];
    for (const code of new Set(codes)) {
      if (code && !names.has(code))
        names.set(code, (await this.#catalogue.agency(tenant, code))?.name ?? { vi: code, en: code });
    }
    const nameOfAgency = (code: string | undefined) => (code ? (names.get(code)?.vi ?? code) : undefined);
    // Who had the dossier when each event happened (a hand-off records where it went).
    const holding: string[] = [];
    let holder = events.find((e) => e.toAgency)?.toAgency ?? d.agency;
    for (const e of events) {
      holding.push(holder);
      if (e.toAgency) holder = e.toAgency;
    }
    const byOf = (e: store.DossierEvent) =>
      e.byName ?? (e.byKind === 'applicant' ? applicantName : e.byKind === 'system' ? 'Hệ thống' : '');
    const lastIndex = (kind: string) => events.findLastIndex((e) => e.kind === kind);

    const r = events.findIndex((e) => e.kind === 'receive');
    const received = events[r];
    const receipt = received
      ? {
          at: received.at,
          dueAt: typeof received.data['dueAt'] === 'string' ? received.data['dueAt'] : undefined,
          documents: receivedDocuments(received, docs, p),
          fee:
            d.feeTotalVnd > 0
              ? {
                  totalVnd: d.feeTotalVnd,
                  state: events.some((e, i) => e.kind === 'fee-paid' && i < r) ? ('paid' as const) : ('due' as const),
                }
              : undefined,
          agency: nameOfAgency(holding[r]),
          by: byOf(received),
        }
      : undefined;

    // Each extension in the order made (1, 2, …): each has its letter (04), the latest by default.
    const extended = events.flatMap((e, i) => (e.kind === 'extend' && typeof e.data['dueAt'] === 'string' ? [i] : []));
    const extensions = extended.map((x, n) => {
      const e = events[x] as store.DossierEvent;
      return {
        number: n + 1,
        newDueAt: e.data['dueAt'] as string,
        reason: e.note ?? '',
        days: typeof e.data['days'] === 'number' ? e.data['days'] : undefined,
        // The appointment it replaces: the due date the step before it set (receipt, supplement, extension).
        previousDueAt: events
          .slice(0, x)
          .map((y) => y.data['dueAt'])
          .filter((v): v is string => typeof v === 'string')
          .at(-1),
        agency: nameOfAgency(holding[x]),
        by: byOf(e),
        at: e.at,
      };
    });
    const chosen = o.extension ?? extensions.length;
    if (o.extension !== undefined && !extensions[chosen - 1]) {
      throw serviceErrors.extensionNotMade(d.code, o.extension, extensions.length);
    }
    const extension = extensions[chosen - 1];

    // Each step's due time, replayed along the timeline as the steps set it (the step's days from its hand-off).
    const sheetEvents: DossierSheet['events'][number][] = [];
    let step = -1;
    let stepFrom: Date | undefined;
    const stepDue = () => {
      const s = p.steps[step];
      return s && stepFrom ? stepDueDate(this.#calendar, stepFrom, s.days).toISOString() : undefined;
    };
    events.forEach((e, i) => {
      let dueAt: string | undefined;
      let timeliness: Timeliness | undefined;
      if (e.kind === 'start') {
        dueAt = received ? this.#receiptDayEnd(new Date(received.at)).toISOString() : undefined;
        step = 0;
        stepFrom = new Date(e.at);
      } else if (e.kind === 'hand-off') {
        dueAt = stepDue();
        if (p.steps[step + 1]) {
          step += 1;
          stepFrom = new Date(e.at);
        }
      } else if (e.kind === 'result') {
        dueAt = stepDue();
      } else if (e.kind === 'return') {
        dueAt = d.dueAt;
        timeliness = d.timeliness ?? undefined;
      }
      // Only a move the timeline records: a result made where the dossier stays is handed to no one.
      const to = e.toAgency;
      // Who took it over: the officer who took the next step at the agency it went to.
      const next = events.find((n, j) => j > i && n.byKind === 'staff' && n.kind !== 'note' && holding[j] === to);
      sheetEvents.push({
        at: e.at,
        kind: e.kind,
        by: byOf(e),
        fromAgency: nameOfAgency(e.fromAgency ?? holding[i]),
        toAgency: nameOfAgency(to),
        toOfficer: next && to ? next.byName : undefined,
        note: o.forApplicant && INTERNAL.has(e.kind) ? undefined : e.note,
        dueAt,
        timeliness,
      });
    });

    // A paper of a step is the paper of the agency that had the dossier then.
    const made =
      o.paper === '04' && extension
        ? (extended[chosen - 1] as number)
        : o.paper && o.paper !== 'result'
          ? events.findLastIndex((e) => e.data['form'] === o.paper)
          : -1;
    const paperAgency = o.paper === '06' && received ? holding[r] : made >= 0 ? holding[made] : d.agency;
    const agency = o.agencyName
      ? { name: o.agencyName }
      : paperAgency
        ? { name: names.get(paperAgency) ?? (await this.#catalogue.agency(tenant, paperAgency))?.name }
        : undefined;

    const lastOf = (kind: string) => events[lastIndex(kind)];
    const closing = lastOf('reject') ?? lastOf('stop');
    const asked = lastOf('request-supplement');
    return {
      code: d.code,
      procedure: { code: p.code, name: p.name, version: p.version },
      agency: { code: paperAgency ?? d.agency, name: agency?.name ?? { vi: d.agency, en: d.agency } },
      // Who decides it (the book's "cơ quan chủ trì giải quyết"), not the office holding it.
      decidingAgency: {
        code: d.decidedBy ?? d.agency,
        name: (o.paper === 'result' ? o.agencyName : undefined) ??
          names.get(d.decidedBy ?? d.agency) ?? { vi: d.decidedBy ?? d.agency, en: d.decidedBy ?? d.agency },
      },
      applicant: {
        name: applicantName,
        idNumber: await open('idNumber'),
        address: await open('address'),
        phone: await open('phone'),
        email: await open('email'),
      },
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      documents: documentCounts(
        docs.filter((y) => y.kind === 'upload'),
        p,
      ),
      fee: d.feeTotalVnd > 0 ? { totalVnd: d.feeTotalVnd, state: d.feeState } : undefined,
      events: sheetEvents,
      reason: closing?.note,
      supplement: Array.isArray(asked?.data['items']) ? (asked.data['items'] as string[]) : undefined,
      extension,
      extensions,
      receipt,
      subject: o.paper === 'result' ? await this.#subjectOf(d, p) : undefined,
      state: d.state,
      submittedAt: d.submittedAt,
      returnedAt: d.returnedAt,
      timeliness: d.timeliness ?? undefined,
      limitDays: d.limitDays,
      trackingUrl: this.trackingUrl(d.code),
    };
  }

  /** The end of the working day of a receipt (the next working day's when received after hours): the start's due time. */
  #receiptDayEnd(receivedAt: Date): Date {
    const end = stepDueDate(this.#calendar, receivedAt, 0);
    return end < receivedAt ? stepDueDate(this.#calendar, receivedAt, 1) : end;
  }

  /** The result's subject, from the form's fields the procedure names (a birth certificate's child). */
  async #subjectOf(d: StoredDossier, p: Procedure): Promise<DossierSheet['subject']> {
    const s = p.result.subject;
    if (!s) return undefined;
    const values = await this.#openValues(d);
    const name = values[s.nameField];
    if (typeof name !== 'string' || name.trim() === '') return undefined;
    const birth = s.birthDateField ? values[s.birthDateField] : undefined;
    return {
      label: s.label.vi,
      name,
      birthDate: typeof birth === 'string' ? birth : undefined,
      applicantLabel: s.applicantLabel.vi,
    };
  }

  /** Checks a signed result: the signature, and whether this city issued it (by its hash). */
  async verifyResult(pdf: Uint8Array): Promise<{
    valid: boolean;
    dossier?: string;
    agency?: string;
    signer?: string;
    signedAt?: string;
    problem?: string;
  }> {
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const issued = await store.resultByHash(this.#db, sha256);
    // Against the certificate of the agency it was issued in the name of; any agency's when unknown.
    const checked = await this.#documents.verify(pdf, issued?.decidedBy ?? undefined);
    if (!checked.valid) return { valid: false, problem: checked.problem ?? 'The signature does not verify.' };
    if (!issued)
      return { valid: false, problem: 'The signature verifies, but no dossier of this city has this result.' };
    // The agency the result is issued in the name of (the one deciding the dossier), not the office holding it.
    return {
      valid: true,
      dossier: issued.dossier,
      ...(issued.decidedBy ? { agency: issued.decidedBy } : {}),
      ...(checked.signer ? { signer: checked.signer } : {}),
      ...(checked.signedAt ? { signedAt: checked.signedAt } : {}),
    };
  }

  /** A dossier's document, to a staff reader who may open its papers (an upload not yet filed: admins only). */
  async document(reader: Reader, tenant: string, id: string) {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const d = uuid.test(id) ? await store.documentData(this.#db, tenant, id) : undefined;
    if (!d) throw new AppError('SERVICES_DOCUMENT_NOT_FOUND', 404, `There is no document "${id}".`);
    // Opened only once the reader may: the papers' read is audited with the applicant's (#openPapers),
    // an upload not yet filed as a read of its own name.
    let name: string;
    if (d.dossier) {
      await this.#openPapers(reader, tenant, d.dossier);
      name = (await this.#personal.open(d.name)) ?? '';
    } else if (!this.#personal.canRead(reader.roles) && !reader.roles.includes('admin')) {
      throw new AppError('SERVICES_DOCUMENT_NOT_FOUND', 404, `There is no document "${id}".`);
    } else {
      const [shown] = await this.#personal.reveal(reader, PERSONAL_SOURCE, { name: 'free-text' }, [
        { id: d.id, tenant, values: { name: d.name } },
      ]);
      name = shown?.['name'] ?? '';
    }
    return { ...d, name, data: await this.#personal.openBytes(d.data) };
  }

  /** The tenant's sealing at hand, for an upload kept in one statement. */
  sealer(tenant: string): Promise<Sealer> {
    return this.#personal.sealer(tenant);
  }

  /**
   * The agencies whose queue and book the caller keeps: an officer's own (as the queue limits them);
   * `all` for admins and the centre's operators and viewers, who read any agency's.
   */
  async agenciesOf(tenant: string, who: StaffWho): Promise<{ all: boolean; agencies: readonly string[] }> {
    const actor = await this.staffActor(tenant, who);
    const officer = actor.kind === 'staff' && !actor.admin && who.roles.includes('officer');
    return officer ? { all: false, agencies: actor.agencies } : { all: true, agencies: [] };
  }

  async staff(tenant: string, userId: string): Promise<{ userId: string; agencies: string[] }> {
    return { userId, agencies: await store.staffAgencies(this.#db, tenant, userId) };
  }

  async setStaff(
    tenant: string,
    userId: string,
    agencies: readonly string[],
  ): Promise<{ userId: string; agencies: string[] }> {
    const known = new Set((await this.#catalogue.agencies(tenant)).map((a) => a.code));
    // A list read back with a ward stand-in from before they were resolved is saved without it.
    const real = agencies.filter((a) => !isWardStandIn(a));
    const unknown = real.find((a) => !known.has(a));
    if (unknown !== undefined) throw serviceErrors.agencyUnknown(unknown);
    const unique = [...new Set(real)];
    await store.setStaffAgencies(this.#db, tenant, userId, unique, this.#now());
    return { userId, agencies: unique };
  }

  /**
   * Seals the applicant's words (a supplement's note, a withdrawal's reason) kept in clear before they
   * were sealed, a batch at a time, at most `pages` batches a run, as sealDocumentsInClear does; a row
   * that fails is logged, skipped and reported. They are read meanwhile as they are (open).
   */
  async sealApplicantWordsInClear({ pages = 20, batch = 100 } = {}): Promise<{ sealed: number; failed: string[] }> {
    let sealed = 0;
    const failed: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < pages; page++) {
      const found = await store.applicantWordsInClear(this.#db, after, batch);
      for (const e of found) {
        after = e.id;
        try {
          const seal = await this.#personal.sealer(e.tenant);
          const value = isSealed(e.note) ? e.note : seal.value(e.note);
          if (await store.sealApplicantWords(this.#db, e.id, e.note, value)) sealed++;
        } catch (err) {
          failed.push(e.id);
          this.#log.warn(
            { err, tenant: e.tenant, event: e.id },
            "an applicant's words kept in clear could not be sealed",
          );
        }
      }
      if (found.length < batch) break;
    }
    if (sealed > 0 || failed.length > 0) this.#log.info({ sealed, failed: failed.length }, "applicant's words sealed");
    return { sealed, failed };
  }

  /**
   * Seals the documents kept in clear before uploads and results were sealed, in key order a batch at a
   * time, at most `pages` batches a run; the next run resumes after the last row this one reached (from
   * the start again once it reached the end). A row that fails (its tenant's key unreadable, …) is
   * logged with its id, skipped and reported; it is tried again on a later pass, never in a loop. They
   * are read meanwhile as they are (openBytes, open).
   */
  async sealDocumentsInClear({ pages = 20, batch = 10 } = {}): Promise<{ sealed: number; failed: string[] }> {
    let sealed = 0;
    const failed: string[] = [];
    for (let page = 0; page < pages; page++) {
      const found = await store.documentsInClear(this.#db, this.#sealedUpTo, batch);
      if (found.length === 0) {
        this.#sealedUpTo = undefined;
        break;
      }
      for (const d of found) {
        this.#sealedUpTo = { tenant: d.tenant, id: d.id };
        try {
          const seal = await this.#personal.sealer(d.tenant);
          const name = d.kind === 'upload' && !isSealed(d.name) ? seal.value(d.name) : d.name;
          const data = isSealedBytes(d.data) ? d.data : seal.bytes(d.data);
          // False when the row was erased or deleted meanwhile: nothing left to seal.
          if (await store.sealDocument(this.#db, { tenant: d.tenant, id: d.id, nameWas: d.name, name, data })) sealed++;
        } catch (err) {
          failed.push(d.id);
          this.#log.warn({ err, tenant: d.tenant, document: d.id }, 'a document kept in clear could not be sealed');
        }
      }
      if (found.length < batch) {
        this.#sealedUpTo = undefined;
        break;
      }
    }
    if (sealed > 0 || failed.length > 0)
      this.#log.info({ sealed, failed: failed.length }, 'documents kept in clear sealed');
    return { sealed, failed };
  }

  async dropUnusedUploads(): Promise<number> {
    return store.dropUnusedDocuments(this.#db, new Date(this.#now().getTime() - UNUSED_UPLOAD_MS));
  }

  /** The KPI strip's figures: open, late, due today, on-time rate of the returns of the last 30 days. */
  async summary(
    tenant: string,
  ): Promise<{ open: number; late: number; dueToday: number; returned30d: number; onTimeRate: number | null }> {
    const now = this.#now();
    const local = hanoiTime(now.getTime());
    const dayEnd = new Date(hanoiInstant(local.day + 1, 0));
    const counts = await store.openCounts(this.#db, tenant, now, dayEnd);
    const r = await store.returnedSince(this.#db, tenant, new Date(now.getTime() - 30 * 86_400_000));
    return { ...counts, returned30d: r.returned, onTimeRate: r.returned === 0 ? null : r.onTime / r.returned };
  }

  /**
   * The index's counts of the dossiers submitted in [from, to), per deciding agency. Whole Hanoi days are
   * summed from the days' counts (those marked dirty by a change counted again first, in this
   * transaction); the partial days at either end are counted from the dossiers.
   */
  async indexCounts(tenant: string, from: string, to: string): Promise<Map<string, IndexCounts>> {
    const start = Date.parse(from);
    const end = Date.parse(to);
    const startDay = hanoiTime(start).day;
    const firstDay = hanoiInstant(startDay, 0) === start ? startDay : startDay + 1;
    const lastDay = hanoiTime(end).day;
    await this.#drainDirtyDays(tenant);
    return this.#db.transaction(async (tx) => {
      await store.lockIndexDays(tx, tenant);
      // What changed since the drain: a few days at most.
      await this.#countDirtyDays(tx, tenant);
      const of = new Map<string, IndexCounts>();
      const add = (agency: string, c: IndexCounts) =>
        of.set(agency, addIndexCounts(of.get(agency) ?? noIndexCounts(), c));
      const edges: [number, number][] = [];
      if (firstDay < lastDay) {
        for (const { agency, ...c } of await store.sumIndexDays(tx, tenant, dateOfDay(firstDay), dateOfDay(lastDay))) {
          add(agency, c);
        }
        edges.push([start, hanoiInstant(firstDay, 0)], [hanoiInstant(lastDay, 0), end]);
      } else {
        edges.push([start, end]);
      }
      for (const [a, b] of edges) {
        if (a >= b) continue;
        const [f, t] = [new Date(a).toISOString(), new Date(b).toISOString()];
        const minutes = handlingMinutes(await store.handlingBuckets(tx, tenant, f, t), this.#calendar);
        for (const { agency, ...c } of await store.indexCounts(tx, tenant, f, t)) {
          add(agency, { ...c, handlingMinutes: minutes.get(agency) ?? 0 });
        }
      }
      return of;
    });
  }

  /**
   * The index's counts month by month (YYYY-MM) over the last `months` Hanoi months, this one included: of
   * the city, or of the agency that decides (400 for an agency not in the catalogue). Whole months are
   * whole days, summed from the days' counts in one statement.
   */
  async indexMonthCounts(
    tenant: string,
    months: number,
    agency?: string,
  ): Promise<{ starts: string[]; counts: Map<string, IndexCounts> }> {
    if (agency && !(await this.#catalogue.agency(tenant, agency))) throw serviceErrors.agencyUnknown(agency);
    const starts = trendMonthStarts(hanoiDate(this.#now().getTime()), months);
    await this.#drainDirtyDays(tenant);
    const rows = await this.#db.transaction(async (tx) => {
      await store.lockIndexDays(tx, tenant);
      await this.#countDirtyDays(tx, tenant);
      return store.sumIndexMonths(tx, tenant, starts[0] as string, starts.at(-1) as string, agency);
    });
    const counts = new Map<string, IndexCounts>();
    for (const { agency: _, month, ...c } of rows) counts.set(month, c);
    return { starts, counts };
  }

  /** Counts again every tenant's dirty days (a job, so that an index request finds few left to count). */
  async countDirtyIndexDays(): Promise<void> {
    for (const tenant of await store.dirtyIndexTenants(this.#db)) await this.#drainDirtyDays(tenant);
  }

  /**
   * Counts the dirty days a few at a time, each few in a transaction of its own: after a load or a
   * calendar change every day is dirty, and one transaction counting them all would hold the embedded
   * database's only connection (and everyone's requests) for as long as that takes.
   */
  async #drainDirtyDays(tenant: string): Promise<void> {
    for (;;) {
      const counted = await this.#db.transaction(async (tx) => {
        await store.lockIndexDays(tx, tenant);
        return this.#countDirtyDays(tx, tenant, DIRTY_DAYS_PER_COUNT);
      });
      if (counted < DIRTY_DAYS_PER_COUNT) return;
    }
  }

  /**
   * Counts again the days whose dossiers changed (all those with handling time, if the calendar did),
   * at most `limit` of them; returns how many it counted.
   */
  async #countDirtyDays(tx: Sql, tenant: string, limit?: number): Promise<number> {
    const calendar = calendarFingerprint(this.#calendar);
    if ((await store.indexDaysCalendar(tx, tenant)) !== calendar) {
      await store.changeIndexDaysCalendar(tx, tenant, calendar);
    }
    const dirty = await store.takeDirtyDays(tx, tenant, limit);
    // A month at a time: after a load or a calendar change every day is dirty, and each statement must
    // stay well within the database's statement timeout.
    for (let i = 0; i < dirty.length; i += 31) {
      const days = dirty.slice(i, i + 31);
      const buckets = await store.dayHandlingBuckets(tx, tenant, days);
      const minutes = handlingMinutes(
        buckets.map((b) => ({ ...b, agency: `${b.day} ${b.agency}` })),
        this.#calendar,
      );
      const counts = await store.dayIndexCounts(tx, tenant, days);
      await store.replaceIndexDays(
        tx,
        tenant,
        days,
        counts.map((c) => ({ ...c, handlingMinutes: minutes.get(`${c.day} ${c.agency}`) ?? 0 })),
      );
    }
    return dirty.length;
  }

  personalDataSource(): PersonalDataSource {
    return {
      name: PERSONAL_SOURCE,
      clearFor: HANDLERS,
      // The applicant's own words in the timeline (notes, a withdrawal's reason) are theirs too.
      fields: { ...DOSSIER_PERSONAL_FIELDS, words: 'free-text' },
      find: async (tenant, subject) => {
        const column = subject.kind === 'phone' ? 'phone_index' : 'id_index';
        const rows = await store.dossiersByIndex(this.#db, tenant, column, subject.index);
        return Promise.all(
          rows.map(async (d) => {
            const events = await this.#applicantWords(await store.eventsOf(this.#db, d.tenant, d.code), true);
            const words = events.flatMap((e) => (e.byKind === 'applicant' && e.note ? [e.note] : []));
            return {
              id: d.code,
              tenant: d.tenant,
              values: {
                ...d.applicant,
                words: words.length > 0 ? await this.#personal.seal(d.tenant, words.join('\n')) : null,
              },
            };
          }),
        );
      },
      // A dossier is an administrative record kept by law: the person's data goes, the record stays.
      erase: async (tenant, id) => {
        await this.#db.transaction((tx) => store.anonymiseDossier(tx, tenant, id));
        return 'anonymised';
      },
    };
  }
}

/** The first wait before an unpaid dossier that failed to close is tried again; it doubles each time. */
export const UNPAID_RETRY_FIRST_MS = 60_000;
/** The longest wait between tries: a dossier fixed by hand is closed within the hour. */
export const UNPAID_RETRY_MAX_MS = 3600_000;

/** What kind of failure an error is, to log each kind once: its code (ours or the database's), else its class. */
function failureKind(err: unknown): string {
  if (err instanceof AppError) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : typeof err;
}

export interface BookRow {
  readonly code: string;
  readonly procedure: string;
  /** The office holding the dossier now. */
  readonly agency: string;
  /** The agency that decides it (the PDF's "cơ quan chủ trì giải quyết"), whoever holds it. */
  readonly decidingAgency: string;
  readonly state: DossierState;
  readonly channel: DossierChannel;
  readonly submittedAt: string;
  readonly receivedAt?: string | undefined;
  readonly dueAt?: string | undefined;
  readonly returnedAt?: string | undefined;
  readonly timeliness?: Timeliness | undefined;
}

/**
 * The ID number or phone a queue search names (9 to 12 digits, spaces, dashes and a leading + allowed),
 * or undefined: a part of a code has dots, a name letters.
 */
function applicantSearched(text: string): string | undefined {
  if (!/^\+?[\d\s-]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 9 && digits <= 12 ? text : undefined;
}

/** A mobile number written without its leading 0 (`912 345 678`), as people often give it, is that phone. */
function phoneSearched(text: string): string {
  const digits = text.replace(/\D/g, '');
  return !text.trim().startsWith('+') && /^[35789]\d{8}$/.test(digits) ? `0${digits}` : text;
}

function encodeCursor(c: { queueAt: string; code: string }): string {
  return Buffer.from(JSON.stringify([c.queueAt, c.code])).toString('base64url');
}

function decodeCursor(raw: string): { queueAt: string; code: string } {
  try {
    const [queueAt, code] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof queueAt === 'string' && typeof code === 'string' && !Number.isNaN(Date.parse(queueAt))) {
      return { queueAt, code };
    }
  } catch {
    // falls through to the refusal
  }
  throw problems.badRequest('SERVICES_CURSOR_INVALID', 'The cursor is not one this queue gave.');
}

/**
 * Who signs, as the procedure's step says it ("Chủ tịch UBND phường, xã ký giấy phép" → "Chủ tịch"):
 * the words before "ký", without the body they belong to (the signature block names the agency).
 */
export function signerTitleOf(stepName: string): string | undefined {
  const who = /^(.+?)\s+ký(\s|$)/u.exec(stepName.trim())?.[1];
  if (!who) return undefined;
  const role = who.split(/\s+(?:UBND|Ủy ban|Uỷ ban)\b/u)[0]?.trim();
  return role || undefined;
}
