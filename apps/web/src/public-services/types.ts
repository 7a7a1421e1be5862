/**
 * The online public services' API as the web pages read it (/api/v1/services/…), written from the
 * contract the server serves: the web app imports nothing of the server. The words are the server's
 * model's (modules/services/model.ts); once the routes are in the OpenAPI document, api-types.ts
 * checks the staff pages' shapes at build time.
 */

export interface Text {
  readonly vi: string;
  readonly en: string;
}
export type OnlineLevel = 'full' | 'partial';
export type ProcedureLevel = 'city' | 'commune';
export type DossierState =
  | 'submitted'
  | 'received'
  | 'processing'
  | 'supplement'
  | 'result-ready'
  | 'returned'
  | 'rejected'
  | 'stopped'
  | 'withdrawn';
export type FormKind = '01' | '02' | '03' | '04' | '05' | '06' | '07';
export const FORM_KINDS: readonly FormKind[] = ['01', '02', '03', '04', '05', '06', '07'];
export type Timeliness = 'early' | 'on-time' | 'late';
export type FeeState = 'none' | 'due' | 'paid' | 'cancelled';

export interface Condition {
  readonly field: string;
  readonly equals?: string | number | boolean;
  readonly in?: readonly string[];
  readonly filled?: true;
}
export type FieldType =
  'text' | 'textarea' | 'number' | 'date' | 'select' | 'radio' | 'checkbox' | 'email' | 'phone' | 'id-number' | 'ward';
export interface FormField {
  readonly id: string;
  readonly label: Text;
  readonly type: FieldType;
  readonly required?: boolean;
  readonly when?: Condition;
  readonly options?: readonly { readonly value: string; readonly label: Text }[];
  readonly min?: number | string;
  readonly max?: number | string;
  readonly integer?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly patternHint?: Text;
  readonly help?: Text;
  readonly personal?: string;
  /** The applicant's own particular this field gives (a parent's name on a pupil's enrolment). */
  readonly applicant?: ApplicantKey;
  /** A name or ID number that is the requester's own (always, or when this holds): the sign-on's when signed in. */
  readonly requester?: true | Condition;
}
export type ApplicantKey = 'name' | 'idNumber' | 'phone' | 'email' | 'address';
export interface FormSection {
  readonly id: string;
  readonly title: Text;
  readonly when?: Condition;
  readonly fields: readonly FormField[];
}
export interface FormSchema {
  readonly sections: readonly FormSection[];
}
export type FormValues = Readonly<Record<string, string | number | boolean>>;
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: Text;
}
export interface Agency {
  readonly code: string;
  readonly name: Text;
  readonly level: ProcedureLevel;
}
export interface RequiredDocument {
  readonly code: string;
  readonly name: Text;
  readonly required: boolean;
  readonly when?: Condition;
  readonly template?: string;
  readonly accept: readonly ('pdf' | 'jpeg' | 'png')[];
}
export interface Procedure {
  readonly code: string;
  readonly version: number;
  readonly name: Text;
  readonly field: Text;
  readonly level: ProcedureLevel;
  readonly agency: string;
  readonly agencyByWard?: string;
  readonly steps: readonly {
    readonly code: string;
    readonly name: Text;
    readonly agency: string;
    readonly days: number;
  }[];
  readonly limitDays: number;
  readonly fees: readonly {
    readonly code: string;
    readonly name: Text;
    readonly amountVnd: number;
    readonly when?: Condition;
    readonly perField?: string;
    readonly byCount?: { readonly field: string; readonly rates: readonly { from: number; amountVnd: number }[] };
    readonly unitCapVnd?: number;
  }[];
  readonly documents: readonly RequiredDocument[];
  readonly result: {
    readonly kind: string;
    readonly name: Text;
    readonly electronic: boolean;
    /** Whom the result is about when not the applicant (a pupil, a child born): the form's fields naming them. */
    readonly subject?: { readonly nameField: string; readonly birthDateField?: string };
  };
  /** School enrolment: each school's catchment wards, chosen by the form's school and ward fields. */
  readonly allocation?: {
    readonly schoolField: string;
    readonly wardField: string;
    readonly pupilField?: string;
    readonly schools: readonly { readonly code: string; readonly name: Text; readonly wards: readonly string[] }[];
  };
  readonly onlineLevel: OnlineLevel;
  readonly applicants: readonly string[];
  readonly legalBasis: readonly string[];
  readonly form: FormSchema;
  readonly published: boolean;
  readonly updatedAt: string;
}

export interface ProcedureSummary {
  readonly code: string;
  readonly name: Text;
  readonly field: Text;
  readonly level: ProcedureLevel;
  readonly agency: string;
  readonly limitDays: number;
  readonly feeFromVnd: number;
  readonly onlineLevel: OnlineLevel;
}

export interface Upload {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly bytes: number;
}

export interface Payment {
  readonly reference: string;
  readonly qr: string;
  /** Given when filing; a dossier read later gives the reference and payload only. */
  readonly qrSvg?: string;
}

export interface DossierFee {
  readonly totalVnd: number;
  readonly state: FeeState;
  readonly payment?: Payment;
  /** Unpaid by then, the dossier filed online is refused automatically. */
  readonly payBy?: string;
}

export interface Filed {
  readonly code: string;
  readonly state: DossierState;
  readonly token: string;
  readonly expiresAt: string;
  readonly fee: DossierFee;
}

export interface Tracked {
  readonly code: string;
  readonly procedure: { readonly code: string; readonly name: Text };
  readonly state: DossierState;
  readonly submittedAt?: string;
  readonly receivedAt?: string;
  readonly dueAt?: string;
  readonly returnedAt?: string;
  /** Closed without a result (refused, stopped, withdrawn). */
  readonly closedAt?: string;
  readonly timeliness?: Timeliness;
}

export type MyDossierSummary = Tracked;

export interface MyDossier extends MyDossierSummary {
  /** The office holding the dossier now. */
  readonly agency: string | { readonly code: string; readonly name: Text };
  /** The agency that decides it (its result is issued in that name). */
  readonly decidingAgency?: { readonly code: string; readonly name: Text };
  readonly fee: DossierFee;
  readonly asked?: { readonly items: readonly string[]; readonly note: string; readonly at: string };
  /** Closed without a result: by which step, when, and the reason the officer gave (none for a withdrawal). */
  readonly closed?: { readonly action: 'reject' | 'stop' | 'withdraw'; readonly at: string; readonly reason?: string };
  readonly timeline: readonly {
    readonly at: string;
    readonly kind: string;
    readonly text: Text;
    readonly note?: string;
  }[];
  /** Each upload: its code, what it is (the procedure's name, or the supplement item it answers), its file. */
  readonly documents: readonly { readonly code: string; readonly title?: string; readonly name: string | Text }[];
  readonly forms: readonly FormKind[];
  readonly result?: { readonly available: true };
  readonly rating?: { readonly score: number; readonly comment?: string } | number;
  /** When the result was handed to the applicant. */
  readonly returnedAt?: string;
  /** What the applicant filed (as supplemented), by field id. */
  readonly values?: Readonly<Record<string, string | number | boolean>>;
}

export interface Problem {
  readonly status?: number;
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
}
