/**
 * The citizen reports' staff API as the officers' and leaders' pages read it (/api/v1/reports). The
 * shapes are the server's response schemas (api-types.ts, made by `npm run web:api-types`).
 */
import { ApiError, authHeaders, request, type ResponseOf } from '../../api';

export type Queue = ResponseOf<'/api/v1/reports/queue', 'get'>;
export type StaffReport = Queue['reports'][number];
export type ReportDetail = ResponseOf<'/api/v1/reports/{id}', 'get'>;
export type ReportEvent = ReportDetail['events'][number];
export type PublicReport = ReportDetail['duplicates'][number];
type Departments = ResponseOf<'/api/v1/reports/departments', 'get'>;
export type Department = Departments['departments'][number];
type Services = ResponseOf<'/api/v1/reports/services', 'get'>;
/** A service (category) with its questions and their values, in both languages. */
export type ReportService = Services['services'][number];
export type Insight = ResponseOf<'/api/v1/reports/insight', 'get'>;
export type ReportState = StaffReport['state'];
export type LonLat = readonly [lon: number, lat: number];

export const OPEN_STATES = ['submitted', 'received', 'waiting'] as const satisfies readonly ReportState[];
export const CLOSED_STATES = ['resolved', 'rejected', 'duplicate'] as const satisfies readonly ReportState[];
/** Working minutes under which an open report is "due soon" (half a working day). */
export const SOON_MINUTES = 240;

const qs = (params: Record<string, string | number | boolean | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' || v === false ? [] : [[k, String(v)]])),
  ).toString();

const base = '/api/v1/reports';
const post = <T>(id: string, action: string, body: object = {}) =>
  request<T>('POST', `${base}/${encodeURIComponent(id)}/${action}`, body);

export const reportsApi = {
  queue: (filter: { state?: string | undefined; department?: string; overdue?: boolean }) =>
    request<Queue>('GET', `${base}/queue?${qs({ ...filter, limit: 500 })}`),
  report: (id: string) => request<ReportDetail>('GET', `${base}/${encodeURIComponent(id)}`),
  departments: () => request<Departments>('GET', `${base}/departments`),
  services: () => request<Services>('GET', `${base}/services`),
  insight: (from: string, to: string) => request<Insight>('GET', `${base}/insight?${qs({ from, to })}`),
  receive: (id: string) => post<unknown>(id, 'receive'),
  ask: (id: string, text: string) => post<unknown>(id, 'ask', { text }),
  transfer: (id: string, departmentId: string, reason: string) =>
    post<unknown>(id, 'transfer', { departmentId, reason }),
  merge: (id: string, into: string) => post<unknown>(id, 'merge', { into }),
  resolve: (id: string, answer: string, mediaIds: readonly string[] = []) =>
    post<unknown>(id, 'resolve', { answer, ...(mediaIds.length > 0 ? { mediaIds } : {}) }),
  /** An officer's photo of the work done, sent as its bytes: the server checks it by content and strips its metadata. */
  uploadPhoto: async (file: File): Promise<{ id: string }> => {
    const response = await fetch(`${base}/answer-media`, {
      method: 'POST',
      headers: { ...authHeaders(), accept: 'application/json', 'content-type': file.type || 'image/jpeg' },
      body: file,
    });
    const data = (await response.json().catch(() => ({}))) as { id?: string; code?: string; detail?: string };
    if (!response.ok || !data.id) {
      throw new ApiError(response.status, data.code ?? 'ERROR', data.detail ?? response.statusText);
    }
    return { id: data.id };
  },
  reject: (id: string, reason: string) => post<unknown>(id, 'reject', { reason }),
  note: (id: string, text: string) => post<unknown>(id, 'note', { text }),
};
