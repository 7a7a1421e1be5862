/**
 * The online public services' staff API as the officers' and leaders' pages read it
 * (/api/v1/services/…), with the shapes of the contract the server serves (public-services/types.ts).
 */
import { request, type ResponseOf } from '../../api';

export type Queue = ResponseOf<'/api/v1/services/queue', 'get'>;
export type QueueItem = Queue['dossiers'][number];
export type StaffDossier = ResponseOf<'/api/v1/services/dossiers/{code}', 'get'>;
export type ServiceIndex = ResponseOf<'/api/v1/services/index', 'get'>;
export type IndexFigures = ServiceIndex['city'];
export type IndexTrend = ResponseOf<'/api/v1/services/index/trend', 'get'>;
type Agencies = ResponseOf<'/api/v1/services/agencies', 'get'>;
export type Agency = Agencies['agencies'][number];
type Procedures = ResponseOf<'/api/v1/services/procedures', 'get'>;
export type Procedure = ResponseOf<'/api/v1/services/procedures/{code}', 'get'>;
export type ProcedureSummary = Procedures['procedures'][number];
export type MyAgencies = ResponseOf<'/api/v1/services/agencies/mine', 'get'>;
export type AgencyOfficers = ResponseOf<'/api/v1/services/agencies/{agency}/officers', 'get'>;
export type DossierState = StaffDossier['state'];
export type FormKind = StaffDossier['forms'][number];

export const OPEN_STATES = [
  'submitted',
  'received',
  'processing',
  'supplement',
  'result-ready',
] as const satisfies readonly DossierState[];
export const CLOSED_STATES = [
  'returned',
  'rejected',
  'stopped',
  'withdrawn',
] as const satisfies readonly DossierState[];

/** The state machine's steps an officer takes on a dossier (POST …/dossiers/{code}/{action}). */
export const STEPS = [
  'receive',
  'reject',
  'request-supplement',
  'start',
  'hand-off',
  'extend',
  'stop',
  'result',
  'return',
  'note',
] as const;
export type Step = (typeof STEPS)[number];
/** What an officer does on a dossier: a step, or recording its fee paid at the counter (…/fee/paid-at-counter). */
export type Action = Step | 'fee-paid-at-counter';
/** A receipt's number as the server takes it: letters, digits, `.`, `/`, `-`, at most 40. */
export const RECEIPT_PATTERN = /^[0-9A-Za-z][0-9A-Za-z./-]{0,39}$/;

/**
 * The actions the state allows (Decree 118/2025's flow as the server's state machine has it). The server
 * judges every one again; when it names the actions open to the caller, the page shows those instead.
 */
export const ACTIONS_BY_STATE: Readonly<Record<DossierState, readonly Action[]>> = {
  submitted: ['receive', 'fee-paid-at-counter', 'reject', 'request-supplement', 'note'],
  received: ['start', 'fee-paid-at-counter', 'reject', 'request-supplement', 'note'],
  processing: ['hand-off', 'extend', 'result', 'fee-paid-at-counter', 'request-supplement', 'stop', 'note'],
  supplement: ['fee-paid-at-counter', 'stop', 'note'],
  'result-ready': ['fee-paid-at-counter', 'return', 'note'],
  returned: [],
  rejected: [],
  stopped: [],
  withdrawn: [],
};

const qs = (params: Record<string, string | number | boolean | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' || v === false ? [] : [[k, String(v)]])),
  ).toString();

const base = '/api/v1/services';

export const dossiersApi = {
  queue: (filter: { agency?: string; state?: string; late?: boolean; q?: string }) =>
    request<Queue>('GET', `${base}/queue?${qs({ ...filter, limit: 200 })}`),
  dossier: (code: string) => request<StaffDossier>('GET', `${base}/dossiers/${encodeURIComponent(code)}`),
  agencies: () => request<Agencies>('GET', `${base}/agencies`),
  procedures: () => request<Procedures>('GET', `${base}/procedures`),
  procedure: (code: string) => request<Procedure>('GET', `${base}/procedures/${encodeURIComponent(code)}`),
  /** The procedure as a dossier was filed under it (its form's questions then), for staff. */
  procedureVersion: (code: string, version: number) =>
    request<Procedure>('GET', `${base}/procedures/${encodeURIComponent(code)}/versions/${version}`),
  /** The agencies whose book the caller keeps (an officer's own; `all` for the others). */
  myAgencies: () => request<MyAgencies>('GET', `${base}/agencies/mine`),
  /** The officers a hand-off to this agency may name. */
  officersOf: (agency: string) =>
    request<AgencyOfficers>('GET', `${base}/agencies/${encodeURIComponent(agency)}/officers`),
  /** The tracking book (form 07) of a period: `from` and `to` are days in Hanoi, both included. */
  bookUrl: (from: string, to: string, format: 'pdf' | 'csv', agency?: string) =>
    `${base}/book?${qs({ from, to, agency, format })}`,
  act: (code: string, step: Step, body: object = {}) =>
    request<unknown>('POST', `${base}/dossiers/${encodeURIComponent(code)}/${step}`, body),
  /** The fee paid in cash or by card at the one-stop, with the number of the receipt given there. */
  feePaidAtCounter: (code: string, receipt: string) =>
    request<unknown>('POST', `${base}/dossiers/${encodeURIComponent(code)}/fee/paid-at-counter`, { receipt }),
  /** A form of the dossier; form 04 of its `extension` (1 the first), the latest when not given. */
  formUrl: (code: string, kind: FormKind, extension?: number) =>
    `${base}/dossiers/${encodeURIComponent(code)}/forms/${kind}${extension ? `?extension=${extension}` : ''}`,
  documentUrl: (id: string) => `${base}/documents/${encodeURIComponent(id)}`,
  index: (from: string, to: string, agency?: string) =>
    request<ServiceIndex>('GET', `${base}/index?${qs({ from, to, agency })}`),
  /** The index month by month (the server's months, this one last), of the city or of one agency. */
  indexTrend: (agency?: string) => request<IndexTrend>('GET', `${base}/index/trend?${qs({ agency })}`),
};

/** Hours and minutes of working time left (negative: late by), as the queue gives it in hours. */
export function hoursLeft(hours: number | null | undefined): { late: boolean; h: number; m: number } | null {
  if (hours === null || hours === undefined) return null;
  const minutes = Math.round(Math.abs(hours) * 60);
  return { late: hours < 0, h: Math.floor(minutes / 60), m: minutes % 60 };
}
