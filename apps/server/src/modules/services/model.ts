/**
 * Online public services' words (Decree 42/2022, Decree 118/2025, Circular 03/2025): a citizen or a
 * business applies for an administrative procedure online (or at the counter of the Public
 * Administration Service Centre); the application is a dossier (hồ sơ), received by the one-stop
 * officer, handled step by step by the agencies of the procedure, and closed with a result returned to
 * the applicant. Time limits run in working days of the city's calendar. These types are shared by the
 * catalogue, the forms, the dossiers, the documents, the routes and the web pages.
 */

/** Vietnamese and English text. */
export interface Text {
  readonly vi: string;
  readonly en: string;
}

/** Decree 42/2022: full-process (filed, paid and returned online) or partial. */
export const ONLINE_LEVELS = ['full', 'partial'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];

/** The tier that decides the procedure (after 1/7/2025 Hanoi has the city and communes/wards). */
export const PROCEDURE_LEVELS = ['city', 'commune'] as const;
export type ProcedureLevel = (typeof PROCEDURE_LEVELS)[number];

export const APPLICANT_KINDS = ['citizen', 'business', 'organisation'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

export const RESULT_KINDS = ['certificate', 'permit', 'confirmation', 'decision', 'copy', 'admission'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

// ---------------------------------------------------------------------------------------------------
// E-forms: a procedure's form declared as data, validated on the server, drawn by the web app.

/** A condition on the form's own values: shows a section or field, requires a document, adds a fee. */
export interface Condition {
  readonly field: string;
  /** Equal to this value (a checkbox: true/false). */
  readonly equals?: string | number | boolean;
  /** One of these values. */
  readonly in?: readonly string[];
  /** Answered (not empty). */
  readonly filled?: true;
}

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'email',
  'phone',
  'id-number',
  'ward',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Kinds of personal data a field holds (platform/personal-data's kinds it is sealed as). */
export type FieldPersonal = 'name' | 'phone' | 'email' | 'national-id' | 'address' | 'birth-date' | 'other';

/** The applicant's particulars a form field may give (the filing's `applicant` block, by key). */
export const APPLICANT_PARTICULARS = ['name', 'idNumber', 'phone', 'email', 'address'] as const;
export type ApplicantParticular = (typeof APPLICANT_PARTICULARS)[number];

export interface FormField {
  /** Unique in the form, [a-z][a-zA-Z0-9]* (e.g. "childName"). */
  readonly id: string;
  readonly label: Text;
  readonly type: FieldType;
  readonly required?: boolean;
  /** Shown (and validated, and required) only when this holds. */
  readonly when?: Condition;
  /** select / radio: the values allowed. */
  readonly options?: readonly { readonly value: string; readonly label: Text }[];
  /** number: bounds; text: length bounds (minLength/maxLength); date: 'today' or YYYY-MM-DD bounds. */
  readonly min?: number | string;
  readonly max?: number | string;
  /** number: whole numbers only (a count: copies, pages, floors). */
  readonly integer?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** text: a regular expression (whole value), with what it means in words. */
  readonly pattern?: string;
  readonly patternHint?: Text;
  readonly help?: Text;
  /** The field holds a person's data: sealed at rest, masked in lists, read in clear only audited. */
  readonly personal?: FieldPersonal;
  /**
   * A name or national-id field that is the requester's own (always, or when this holds: a record
   * asked for oneself): a filer signed in with the city's sign-on gives their own there.
   */
  readonly requester?: true | Condition;
  /**
   * The field is the applicant's own particular (a parent's name on a pupil's enrolment, not the
   * pupil's): the citizens' page files the applicant from it, and a problem with that particular names it.
   */
  readonly applicant?: ApplicantParticular;
}

export interface FormSection {
  readonly id: string;
  readonly title: Text;
  readonly when?: Condition;
  readonly fields: readonly FormField[];
}

export interface FormSchema {
  readonly sections: readonly FormSection[];
}

/** What an applicant entered: by field id. Checkboxes are booleans, numbers numbers, dates YYYY-MM-DD. */
export type FormValues = Readonly<Record<string, string | number | boolean>>;

export const FIELD_ERROR_CODES = ['required', 'type', 'min', 'max', 'pattern', 'option', 'unknown'] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  readonly field: string;
  readonly code: FieldErrorCode;
  readonly message: Text;
}

// ---------------------------------------------------------------------------------------------------
// Procedures (thủ tục hành chính), as the National Database on Administrative Procedures lists them.

/** An agency that receives or handles dossiers (a department, the centre, a ward's People's Committee). */
export interface Agency {
  /** Stable code, e.g. "so-xay-dung", "ubnd-phuong-hoan-kiem", "trung-tam-phvhcc". */
  readonly code: string;
  readonly name: Text;
  readonly level: ProcedureLevel;
}

export interface HandlingStep {
  readonly code: string;
  readonly name: Text;
  /** The agency that does this step. */
  readonly agency: string;
  /** Its share of the legal time limit, in working days (the steps' days add up to the limit). */
  readonly days: number;
}

/** A rate of a fee charged by a count: đồng for each counted one from `from` until the next rate's. */
export interface FeeRate {
  /** The first one (e.g. page) charged at this rate; the first rate is from 1. */
  readonly from: number;
  /** Đồng, a whole number. */
  readonly amountVnd: number;
}

/**
 * A fee: `amountVnd` for each unit, plus what the unit's count comes to at `byCount`'s rates (a copy's
 * pages: 2,000 đồng the first two, 1,000 from the third), at most `unitCapVnd` a unit, times the units
 * (`perField`, e.g. copies; one without it).
 */
export interface Fee {
  readonly code: string;
  readonly name: Text;
  /** Đồng a unit, a whole number (0 for a fee charged by its count only). */
  readonly amountVnd: number;
  /** Charged only when this holds (e.g. a copy per extra page). */
  readonly when?: Condition;
  /** Multiplied by this number field's value (e.g. copies). */
  readonly perField?: string;
  /** Each unit charged by this number field's count (e.g. the original's pages) at these rates, in order. */
  readonly byCount?: { readonly field: string; readonly rates: readonly FeeRate[] };
  /** The most one unit costs, in đồng (Circular 226/2016: 200,000 a certified copy). */
  readonly unitCapVnd?: number;
}

export interface RequiredDocument {
  readonly code: string;
  readonly name: Text;
  readonly required: boolean;
  readonly when?: Condition;
  /** The blank template the applicant downloads, if any (a path under /api/v1/services/templates/). */
  readonly template?: string;
  /** What may be uploaded, checked by content. */
  readonly accept: readonly ('pdf' | 'jpeg' | 'png')[];
}

/** School enrolment: each school's catchment wards and places (quotas), chosen by a form field. */
export interface Allocation {
  /** The form field naming the school (a select). */
  readonly schoolField: string;
  /** The form field naming the applicant's ward (a ward field). */
  readonly wardField: string;
  /** The form field with the pupil's personal ID number (an id-number field): one enrolment per pupil a year. */
  readonly pupilField?: string;
  readonly schools: readonly {
    readonly code: string;
    readonly name: Text;
    readonly wards: readonly string[];
    readonly places: number;
  }[];
}

/**
 * Whom a result is about when it is not the applicant (a birth certificate is the child's, not the
 * parent's who files): the form's fields that name them, and how the result names them and the applicant.
 */
export interface ResultSubject {
  /** "Người được khai sinh". */
  readonly label: Text;
  /** A text field of the form with the subject's full name. */
  readonly nameField: string;
  /** A date field of the form with their date of birth. */
  readonly birthDateField?: string;
  /** How the result names the applicant then: "Người đi đăng ký khai sinh". */
  readonly applicantLabel: Text;
}

export interface Procedure {
  /** The code in the National Database on Administrative Procedures (e.g. "1.001193"). */
  readonly code: string;
  /** 1, 2, …: a change by an admin makes a new version; a dossier keeps the version it was filed under. */
  readonly version: number;
  readonly name: Text;
  /** Lĩnh vực, e.g. "Hộ tịch" (civil status), "Xây dựng", "Giáo dục". */
  readonly field: Text;
  readonly level: ProcedureLevel;
  /** The agency that decides and signs the result. */
  readonly agency: string;
  /** 'ward': the applicant's ward's People's Committee (by the form's ward field), instead of `agency`. */
  readonly agencyByWard?: string;
  readonly steps: readonly HandlingStep[];
  /** The legal time limit, in working days from receipt. */
  readonly limitDays: number;
  readonly fees: readonly Fee[];
  readonly documents: readonly RequiredDocument[];
  readonly result: {
    readonly kind: ResultKind;
    readonly name: Text;
    readonly electronic: boolean;
    readonly subject?: ResultSubject;
  };
  readonly onlineLevel: OnlineLevel;
  readonly applicants: readonly ApplicantKind[];
  readonly legalBasis: readonly string[];
  readonly form: FormSchema;
  readonly allocation?: Allocation;
  /** Offered to applicants; an unpublished procedure is kept for its dossiers only. */
  readonly published: boolean;
  readonly updatedAt: string;
}

// ---------------------------------------------------------------------------------------------------
// Dossiers (hồ sơ) under Decree 118/2025 and Circular 03/2025's forms 01–07.

/**
 * A dossier's state. submitted: filed online, not yet checked by the one-stop officer (no due date yet).
 * received: accepted, receipt note (form 01) with the due date. processing: with the handling agencies
 * (hand-offs on the control sheet, form 06). supplement: the applicant was asked to complete it (form
 * 02); the clock stops. result-ready: the result is made (and signed if electronic). Closed: returned
 * (the applicant has the result), rejected (form 03, not accepted), stopped (form 05), withdrawn (by
 * the applicant before a result).
 */
export const DOSSIER_STATES = [
  'submitted',
  'received',
  'processing',
  'supplement',
  'result-ready',
  'returned',
  'rejected',
  'stopped',
  'withdrawn',
] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];
export const CLOSED_STATES: readonly DossierState[] = ['returned', 'rejected', 'stopped', 'withdrawn'];

export const DOSSIER_CHANNELS = ['online', 'counter', 'post'] as const;
export type DossierChannel = (typeof DOSSIER_CHANNELS)[number];

/** Circular 03/2025 Appendix I: the forms a dossier's handling produces. */
export const FORM_KINDS = ['01', '02', '03', '04', '05', '06', '07'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** Early / on time / late: the return compared with the (possibly extended) due date. */
export type Timeliness = 'early' | 'on-time' | 'late';

/** A fee's state; 'cancelled': the dossier closed (withdrawn, refused, stopped) before it was paid, nothing is owed. */
export type FeeState = 'none' | 'due' | 'paid' | 'cancelled';
