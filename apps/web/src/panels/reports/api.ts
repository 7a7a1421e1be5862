/**
 * The citizen reports' staff API as the officers' and leaders' pages read it (/api/v1/reports). The
 * shapes are the server's response schemas (api-types.ts, made by `npm run web:api-types`).
 */
import { request } from '../../api';

// Until the staff API is in the OpenAPI document (api-types.ts), its shapes as the contract gives them.
type State = 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
export interface PublicReport {
  id: string;
  serviceCode: string;
  serviceName: string;
  state: State;
  status: 'open' | 'closed';
  statusNotes?: string;
  description: string;
  agencyResponsible: string;
  requestedAt: string;
  updatedAt: string;
  expectedAt?: string;
  address?: string;
  wardCode?: string;
  wardName?: string;
  location?: [number, number];
  media: { id: string; url: string; hidden: boolean }[];
  mergedInto?: string;
}
export interface StaffReport extends PublicReport {
  level: 'urgent' | 'normal' | 'complex';
  departmentId: string;
  clock: {
    receiveBy: string;
    receivedAt?: string;
    resolveBy: string;
    closedAt?: string;
    minutesLeft?: number;
    overdue: boolean;
    onTime?: boolean;
    paused: boolean;
  };
  channel: string;
  contact: { email?: string; phone?: string };
  originalDescription?: string;
  attributes: Record<string, string | string[]>;
  hidden: boolean;
}
export interface ReportEvent {
  id: string;
  reportId: string;
  at: string;
  kind: string;
  state: State;
  public: boolean;
  text?: string;
  actor?: string;
  departmentId?: string;
}
export interface Queue {
  reports: StaffReport[];
}
export interface ReportDetail {
  report: StaffReport;
  events: ReportEvent[];
  duplicates: PublicReport[];
}
export interface Department {
  id: string;
  name: { vi: string; en: string };
  kind: 'city' | 'ward';
  wardCode?: string;
}
export interface Insight {
  onTime: { department: string; ward: string; total: number; closed: number; onTime: number; rate: number | null }[];
  backlog: Record<string, string | number | null>[];
  hotSpots: { wardCode: string; wardName: string; open: number; overdue: number }[];
}
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
  departments: () => request<{ departments: Department[] }>('GET', `${base}/departments`),
  insight: (from: string, to: string) => request<Insight>('GET', `${base}/insight?${qs({ from, to })}`),
  receive: (id: string) => post<unknown>(id, 'receive'),
  ask: (id: string, text: string) => post<unknown>(id, 'ask', { text }),
  transfer: (id: string, departmentId: string, reason: string) =>
    post<unknown>(id, 'transfer', { departmentId, reason }),
  merge: (id: string, into: string) => post<unknown>(id, 'merge', { into }),
  resolve: (id: string, answer: string) => post<unknown>(id, 'resolve', { answer }),
  reject: (id: string, reason: string) => post<unknown>(id, 'reject', { reason }),
  note: (id: string, text: string) => post<unknown>(id, 'note', { text }),
};
