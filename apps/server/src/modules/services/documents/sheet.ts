/**
 * What the documents need to know of a dossier, gathered by the dossiers service (personal data already
 * opened, agencies and officers already named): the documents helper never reads the dossiers' tables.
 */
import { HANOI_OFFSET_MS } from '../../../platform/hanoi-time.js';
import type { DossierState, FeeState, Text, Timeliness } from '../model.js';

export interface SheetEvent {
  /** ISO 8601 instant. */
  readonly at: string;
  /** The action (receive, hand-off, request-supplement, extend, stop, result, return, note, …). */
  readonly kind: string;
  /** The officer who did it, as shown on paper. */
  readonly by: string;
  /** The agency that had the dossier before it and the one it went to, by name as shown on paper. */
  readonly fromAgency?: string;
  readonly toAgency?: string;
  /** The officer who took the dossier over (the one it was handed to, or who took the next step). */
  readonly toOfficer?: string;
  readonly note?: string;
  /** When this step was due (its share of the time limit): the hand-off is early, on time or late against it. */
  readonly dueAt?: string;
  /** Judged already (the return, by the dossier's own rule): shown as it is. */
  readonly timeliness?: Timeliness;
}

/** What was true when the dossier was received: form 01 says this, whatever happened after. */
export interface SheetReceipt {
  readonly at: string;
  /** The appointment for the result, as computed at receipt. */
  readonly dueAt?: string;
  readonly documents: readonly { readonly name: string | Text; readonly count: number }[];
  readonly fee?: { readonly totalVnd: number; readonly state: FeeState };
  /** The agency that received it and the officer who did. */
  readonly agency?: string;
  readonly by?: string;
}

/** Whom a result is about when it is not the applicant (a birth certificate's child). */
export interface SheetSubject {
  /** How the result names the subject ("Người được khai sinh"). */
  readonly label: string;
  readonly name: string;
  /** YYYY-MM-DD. */
  readonly birthDate?: string;
  /** How the result names the applicant then ("Người đi đăng ký khai sinh"). */
  readonly applicantLabel: string;
}

export interface SheetExtension {
  /** 1 for the first extension of the dossier, 2 for the second, … */
  readonly number: number;
  readonly newDueAt: string;
  readonly reason: string;
  /** The working days added. */
  readonly days?: number;
  readonly previousDueAt?: string;
  readonly agency?: string;
  readonly by?: string;
  readonly at?: string;
}

export interface DossierSheet {
  readonly code: string;
  readonly procedure: { readonly code: string; readonly name: Text; readonly version: number };
  readonly agency: { readonly code: string; readonly name: Text };
  /** The agency that decides the dossier (the book's "cơ quan chủ trì giải quyết"); unset: `agency`. */
  readonly decidingAgency?: { readonly code: string; readonly name: Text } | undefined;
  readonly applicant: {
    readonly name: string;
    readonly idNumber?: string;
    readonly address?: string;
    readonly phone?: string;
    readonly email?: string;
  };
  /** ISO 8601 instants. */
  readonly receivedAt?: string;
  readonly dueAt?: string;
  readonly documents: readonly { readonly name: string | Text; readonly count: number }[];
  readonly fee?: { readonly totalVnd: number; readonly state: FeeState };
  readonly events: readonly SheetEvent[];
  /** Why it was refused (03), stopped (05), or why documents are missing (02). */
  readonly reason?: string;
  /** What the applicant must add (02). */
  readonly supplement?: readonly string[];
  /**
   * The extension a form 04 is about (the latest, unless another was asked for): the appointment it
   * replaces, the new one, why, by how many working days, and the agency that asks (it signs the letter)
   * with its officer.
   */
  readonly extension?: SheetExtension;
  /** Every extension, oldest first: each has its own letter (04). */
  readonly extensions?: readonly SheetExtension[];
  /** What was true at receipt (form 01); without it form 01 shows the dossier as it is now. */
  readonly receipt?: SheetReceipt;
  /** The result's subject, where the procedure declares one (the result names it, not the applicant). */
  readonly subject?: SheetSubject;
  /** The tracking book's period (form 07): ISO instants, `to` not included. */
  readonly period?: { readonly from: string; readonly to: string };
  /** The page where anyone follows the dossier by its code (the QR code on every paper). */
  readonly trackingUrl: string;
  // Added by the documents helper (optional, shown when given):
  /** The dossier's state (the tracking book's last column). */
  readonly state?: DossierState;
  readonly submittedAt?: string;
  /** When the result was returned, and how that compares with the due date. */
  readonly returnedAt?: string;
  readonly timeliness?: Timeliness;
  /** The legal time limit in working days (form 01). */
  readonly limitDays?: number;
  /** The governing body printed above the agency ("UBND THÀNH PHỐ HÀ NỘI"); default that one. */
  readonly parentBody?: string;
}

export const textVi = (t: string | Text): string => (typeof t === 'string' ? t : t.vi);

const local = (iso: string) => new Date(Date.parse(iso) + HANOI_OFFSET_MS);
const two = (n: number) => String(n).padStart(2, '0');

/** "06/12/2026", the Hanoi date of an instant. */
export function dayVi(iso: string): string {
  const d = local(iso);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** "08 giờ 30 phút, ngày 06/12/2026", as the receipt note writes a time. */
export function timeVi(iso: string): string {
  const d = local(iso);
  return `${two(d.getUTCHours())} giờ ${two(d.getUTCMinutes())} phút, ngày ${dayVi(iso)}`;
}

/** "08:30 ngày 06/12/2026", for table cells. */
export function shortTimeVi(iso: string): string {
  const d = local(iso);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ngày ${dayVi(iso)}`;
}

/** "06/12/2026", a YYYY-MM-DD date as papers write it. */
export function dateVi(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** "1.250.000 đồng". */
export const vnd = (amount: number): string => `${amount.toLocaleString('de-DE')} đồng`;

/**
 * Early (a day or more before the due day), on time (by the due time) or late, as form 06 and the
 * tracking book say it.
 */
export function timelinessOf(at: string, dueAt: string): Timeliness {
  if (Date.parse(at) > Date.parse(dueAt)) return 'late';
  return dayVi(at) === dayVi(dueAt) ? 'on-time' : 'early';
}

export const TIMELINESS_VI: Record<Timeliness, string> = {
  early: 'Trước hạn',
  'on-time': 'Đúng hạn',
  late: 'Quá hạn',
};

export const STATE_VI: Record<DossierState, string> = {
  submitted: 'Đã nộp, chờ tiếp nhận',
  received: 'Đã tiếp nhận',
  processing: 'Đang giải quyết',
  supplement: 'Chờ bổ sung',
  'result-ready': 'Có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  rejected: 'Từ chối tiếp nhận',
  stopped: 'Dừng giải quyết',
  withdrawn: 'Rút hồ sơ',
};

export const EVENT_VI: Readonly<Record<string, string>> = {
  submit: 'Nộp hồ sơ',
  receive: 'Tiếp nhận hồ sơ',
  reject: 'Từ chối tiếp nhận',
  'request-supplement': 'Yêu cầu bổ sung hồ sơ',
  supplement: 'Bổ sung hồ sơ',
  start: 'Chuyển xử lý',
  'hand-off': 'Chuyển bước xử lý',
  extend: 'Gia hạn, xin lỗi',
  stop: 'Dừng giải quyết',
  result: 'Có kết quả giải quyết',
  return: 'Trả kết quả',
  withdraw: 'Rút hồ sơ',
  note: 'Ghi chú',
};

export const FEE_STATE_VI: Record<FeeState, string> = {
  none: 'không thu phí, lệ phí',
  due: 'chưa nộp',
  paid: 'đã nộp',
  cancelled: 'không phải nộp (hồ sơ đã đóng)',
};
