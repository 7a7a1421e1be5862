import type { AuditActor } from '../../platform/audit/index.js';
import type { Sql } from '../../platform/db/index.js';
import type {
  Agency,
  DossierState,
  FeeState,
  FieldError,
  FormKind,
  FormSchema,
  FormValues,
  HandlingStep,
  Procedure,
  ProcedureLevel,
  RequiredDocument,
  Text,
  Timeliness,
} from './model.js';

/**
 * What the dossiers use of the other parts of online public services, by the contract's names: the
 * catalogue and its forms (procedures helper), applicants and messages, payments, the documents and
 * their signing. The module's index.ts hands the real ones in; the dossiers never reach into their
 * tables.
 */

export interface CatalogueOf {
  list(
    tenant: string,
    q?: { text?: string; field?: string; level?: ProcedureLevel; agency?: string; all?: boolean },
  ): Promise<Procedure[]>;
  get(tenant: string, code: string, version?: number): Promise<Procedure>;
  agencies(tenant: string): Promise<Agency[]>;
  agency(tenant: string, code: string): Promise<Agency | undefined>;
  feesFor(
    p: Procedure,
    values: FormValues,
  ): { items: { code: string; name: Text; amountVnd: number }[]; totalVnd: number };
  documentsFor(p: Procedure, values: FormValues): RequiredDocument[];
  agencyFor(p: Procedure, values: FormValues): string;
  /** The agency of a step for a dossier's values (a ward's committee for the placeholder). */
  stepAgency(p: Procedure, step: HandlingStep, values: FormValues): string;
  save?(tenant: string, p: Omit<Procedure, 'version' | 'updatedAt'>, actor: AuditActor): Promise<Procedure>;
}

export type ValidateForm = (
  schema: FormSchema,
  values: unknown,
  today: string,
) => { ok: true; values: FormValues } | { ok: false; errors: FieldError[] };

export interface PaymentIntentOf {
  readonly reference: string;
  readonly purpose: string;
  readonly subject: string;
  readonly amountVnd: number;
  readonly description: string;
  readonly state: 'pending' | 'paid' | 'cancelled';
  readonly qr: string;
  readonly createdAt: string;
  readonly paidAt?: string | undefined;
  readonly bankTransaction?: string | undefined;
}

export interface PaymentsOf {
  createIntent(
    tenant: string,
    i: { purpose: string; subject: string; amountVnd: number; description: string; reference?: string },
    tx?: Sql,
  ): Promise<PaymentIntentOf>;
  /** A reference for an intent about to be made, so the dossier names it as it is written. */
  newReference(): string;
  intentOf(tenant: string, purpose: string, subject: string): Promise<PaymentIntentOf | undefined>;
  /** Cancels a pending intent, in the caller's transaction when given (a later transfer is unmatched). */
  cancel(tenant: string, reference: string, tx?: Sql): Promise<PaymentIntentOf>;
  /** Holds an intent's row until `tx` ends: taken before the dossier's, in the bank confirmation's order. */
  hold(tenant: string, reference: string, tx: Sql): Promise<void>;
  qrSvg(payload: string): Promise<string>;
  receipt(tenant: string, reference: string): Promise<unknown>;
  /** Records a fee taken at the counter, in the caller's transaction (the reconciliation lists it). */
  recordCounter(
    tenant: string,
    p: {
      purpose: string;
      subject: string;
      office: string;
      receiptNumber: string;
      amountVnd: number;
      by: { id: string; name: string };
      intent?: string | undefined;
    },
    tx?: Sql,
  ): Promise<unknown>;
  /**
   * A paid intent whose subject closed as it was paid: its money is due back (held before the
   * dossier's row, in `tx`). Undefined when it is not paid.
   */
  refundDue(tenant: string, reference: string, reason: string, tx: Sql): Promise<RefundOf | undefined>;
  /** The refunds of a subject's payments, due or made. */
  refundsOf(tenant: string, purpose: string, subject: string): Promise<RefundOf[]>;
}

export interface RefundOf {
  readonly transactionId: string;
  readonly reference: string;
  readonly amountVnd: number;
  readonly reason: string;
  readonly state: 'due' | 'refunded';
  readonly dueAt: string;
  readonly refundedAt?: string | undefined;
  readonly refundReference?: string | undefined;
}

export interface ApplicantsOf {
  /** A token for the applicant about to file, stored by the filing's statement (store.fileDossier). */
  dossierToken(): { token: string; tokenHash: string; createdAt: string; expiresAt: string };
}

export interface MessagesOf {
  /** Makes the tenant's keys ready; called before a transaction that queues (one connection, embedded). */
  prepare(tenant: string): Promise<void>;
  queue(
    tx: Sql,
    m: {
      tenant: string;
      to: { email?: string | undefined; phone?: string | undefined };
      language: 'vi' | 'en';
      subject: string;
      text: string;
      link?: string | undefined;
      topic: string;
    },
  ): Promise<void>;
}

/** An extension of the dossier's time limit, as its letter (form 04) says it. */
export interface SheetExtension {
  /** 1 for the first extension, 2 for the second, … */
  readonly number: number;
  readonly newDueAt: string;
  readonly reason: string;
  /** The working days added. */
  readonly days?: number | undefined;
  readonly previousDueAt?: string | undefined;
  readonly agency?: string | undefined;
  readonly by?: string | undefined;
  readonly at?: string | undefined;
}

/** The sheet the documents helper draws the forms and the result from (contract: DossierSheet). */
export interface DossierSheet {
  readonly code: string;
  readonly procedure: { readonly code: string; readonly name: Text; readonly version: number };
  readonly agency: { readonly code: string; readonly name: Text };
  /** The agency that decides the dossier (the book's "cơ quan chủ trì giải quyết"), whoever holds it. */
  readonly decidingAgency?: { readonly code: string; readonly name: Text } | undefined;
  readonly applicant: {
    readonly name: string;
    readonly idNumber?: string | undefined;
    readonly address?: string | undefined;
    readonly phone?: string | undefined;
    readonly email?: string | undefined;
  };
  readonly receivedAt?: string | undefined;
  readonly dueAt?: string | undefined;
  readonly documents: readonly { readonly name: string; readonly count: number }[];
  readonly fee?: { readonly totalVnd: number; readonly state: FeeState } | undefined;
  readonly events: readonly {
    readonly at: string;
    readonly kind: string;
    readonly by: string;
    readonly fromAgency?: string | undefined;
    readonly toAgency?: string | undefined;
    readonly toOfficer?: string | undefined;
    readonly note?: string | undefined;
    readonly dueAt?: string | undefined;
    readonly timeliness?: Timeliness | undefined;
  }[];
  readonly reason?: string | undefined;
  readonly supplement?: readonly string[] | undefined;
  /** The extension a form 04 is about (the latest unless another is asked for), and every one, oldest first. */
  readonly extension?: SheetExtension | undefined;
  readonly extensions?: readonly SheetExtension[] | undefined;
  readonly receipt?:
    | {
        readonly at: string;
        readonly dueAt?: string | undefined;
        readonly documents: readonly { readonly name: string; readonly count: number }[];
        readonly fee?: { readonly totalVnd: number; readonly state: FeeState } | undefined;
        readonly agency?: string | undefined;
        readonly by?: string | undefined;
      }
    | undefined;
  readonly subject?:
    | {
        readonly label: string;
        readonly name: string;
        readonly birthDate?: string | undefined;
        readonly applicantLabel: string;
      }
    | undefined;
  readonly period?: { readonly from: string; readonly to: string } | undefined;
  readonly state?: DossierState | undefined;
  readonly submittedAt?: string | undefined;
  readonly returnedAt?: string | undefined;
  readonly timeliness?: Timeliness | undefined;
  readonly limitDays?: number | undefined;
  readonly trackingUrl: string;
}

export interface DocumentsOf {
  renderForm(kind: FormKind, sheet: DossierSheet, book?: DossierSheet[]): Promise<Uint8Array>;
  renderResult(
    sheet: DossierSheet,
    result: { title: string; body: string[]; signerTitle?: string | undefined },
  ): Promise<Uint8Array>;
  /** Signed in the name of the agency that issues it (its own certificate, or the configured one). */
  sign(pdf: Uint8Array, reason: string, agency: { code: string; name: string }): Promise<Uint8Array>;
  /** Checked against the issuing agency's certificate; any agency's when it is not known. */
  verify(
    pdf: Uint8Array,
    agency?: string,
  ): Promise<{
    valid: boolean;
    signer?: string | undefined;
    signedAt?: string | undefined;
    problem?: string | undefined;
  }>;
}

/** The platform's accounts, as the hand-off sees them: an enabled user of the tenant (or a platform one). */
export interface UsersOf {
  /** The user by id or username: enabled, of the tenant or a platform one. */
  find(tenant: string, idOrUsername: string): Promise<OfficerAccount | undefined>;
}

/** An account as the dossiers name it: the hand-off's picker and its check. */
export interface OfficerAccount {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
}
