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
type Agencies = ResponseOf<'/api/v1/services/agencies', 'get'>;
export type Agency = Agencies['agencies'][number];
type Procedures = ResponseOf<'/api/v1/services/procedures', 'get'>;
export type Procedure = ResponseOf<'/api/v1/services/procedures/{code}', 'get'>;
export type ProcedureSummary = Procedures['procedures'][number];
export type MyAgencies = ResponseOf<'/api/v1/services/agencies/mine', 'get'>;
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

/** The state machine's actions an officer takes on a dossier (POST …/dossiers/{code}/{action}). */
export const ACTIONS = [
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
export type Action = (typeof ACTIONS)[number];

/**
 * The actions the state allows (Decree 118/2025's flow as the server's state machine has it). The server
 * judges every one again; when it names the actions open to the caller, the page shows those instead.
 */
export const ACTIONS_BY_STATE: Readonly<Record<DossierState, readonly Action[]>> = {
  submitted: ['receive', 'reject', 'request-supplement', 'note'],
  received: ['start', 'reject', 'request-supplement', 'note'],
  processing: ['hand-off', 'extend', 'result', 'request-supplement', 'stop', 'note'],
  supplement: ['stop', 'note'],
  'result-ready': ['return', 'note'],
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
  /** The tracking book (form 07) of a period: `from` and `to` are days in Hanoi, both included. */
  bookUrl: (from: string, to: string, format: 'pdf' | 'csv', agency?: string) =>
    `${base}/book?${qs({ from, to, agency, format })}`,
  act: (code: string, action: Action, body: object = {}) =>
    request<unknown>('POST', `${base}/dossiers/${encodeURIComponent(code)}/${action}`, body),
  formUrl: (code: string, kind: FormKind) => `${base}/dossiers/${encodeURIComponent(code)}/forms/${kind}`,
  documentUrl: (id: string) => `${base}/documents/${encodeURIComponent(id)}`,
  index: (from: string, to: string, agency?: string) =>
    request<ServiceIndex>('GET', `${base}/index?${qs({ from, to, agency })}`),
};

/** Hours and minutes of working time left (negative: late by), as the queue gives it in hours. */
export function hoursLeft(hours: number | null | undefined): { late: boolean; h: number; m: number } | null {
  if (hours === null || hours === undefined) return null;
  const minutes = Math.round(Math.abs(hours) * 60);
  return { late: hours < 0, h: Math.floor(minutes / 60), m: minutes % 60 };
}
