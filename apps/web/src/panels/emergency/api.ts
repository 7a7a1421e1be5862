/**
 * The emergency centre's API as the dispatcher console reads it (/api/v1/emergency). The shapes are the
 * server's response schemas (api-types.ts, made by `npm run web:api-types`).
 */
import { authHeaders, request, requestLanguage, type ResponseOf } from '../../api';
import type { paths } from '../../api-types';

export type IncidentType = ResponseOf<'/api/v1/emergency/incident-types', 'get'>['types'][number];
export type IncidentSummary = ResponseOf<'/api/v1/emergency/incidents', 'get'>['incidents'][number];
export type IncidentDetail = ResponseOf<'/api/v1/emergency/incidents/{id}', 'get'>;
export type Incident = IncidentDetail['incident'];
export type Call = IncidentDetail['calls'][number];
export type TimelineEvent = IncidentDetail['timeline'][number];
export type Unit = ResponseOf<'/api/v1/emergency/units/{id}', 'get'>;
export type Recommendation = ResponseOf<'/api/v1/emergency/incidents/{id}/recommendations', 'get'>;
export type Suggestion = Recommendation['suggested'][number];
export type Place = ResponseOf<'/api/v1/emergency/places', 'get'>['places'][number];
export type ReversePlace = ResponseOf<'/api/v1/emergency/places/reverse', 'get'>;
export type DuplicateCandidate = ResponseOf<'/api/v1/emergency/duplicates', 'get'>['incidents'][number];
export type HospitalChoice = ResponseOf<'/api/v1/emergency/hospitals', 'get'>['hospitals'][number];
export type Hospital = HospitalChoice['hospital'];
export type Station = ResponseOf<'/api/v1/emergency/stations', 'get'>['stations'][number];
export type CallInput = NonNullable<
  paths['/api/v1/emergency/calls']['post']['requestBody']
>['content']['application/json'];
export type LoggedCall = ResponseOf<'/api/v1/emergency/calls', 'post', 201>;
export type Dispatched = ResponseOf<'/api/v1/emergency/incidents/{id}/dispatch', 'post'>;

export type LonLat = readonly [lon: number, lat: number];
export type Agency = Unit['agency'];
export type Priority = Incident['priority'];
export type UnitStatus = Unit['status'];
export type Disposition = NonNullable<Incident['disposition']>;

/** Units that take a patient to hospital (the server refuses a hospital for any other). */
export const carriesPatients = (unit: Pick<Unit, 'capabilities'>): boolean =>
  unit.capabilities.includes('als') || unit.capabilities.includes('bls');

export const AGENCIES = ['police', 'fire', 'medical', 'civil_defence'] as const satisfies readonly Agency[];
export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  'returning',
  'out_of_service',
] as const satisfies readonly UnitStatus[];
/** The legal changes of a unit's status (the server refuses any other with the reason). */
export const UNIT_TRANSITIONS: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = {
  available: ['dispatched', 'out_of_service'],
  dispatched: ['en_route', 'available', 'out_of_service'],
  en_route: ['on_scene', 'available', 'out_of_service'],
  on_scene: ['transporting', 'returning', 'available'],
  transporting: ['at_hospital'],
  at_hospital: ['returning', 'available'],
  returning: ['available', 'dispatched', 'out_of_service'],
  out_of_service: ['available'],
};
export const DISPOSITIONS = [
  'resolved',
  'transported',
  'treated_no_transport',
  'report_taken',
  'arrest',
  'false_alarm',
  'unfounded',
  'gone_on_arrival',
  'cancelled',
  'transferred',
  'duplicate',
] as const satisfies readonly Disposition[];

const BASE = '/api/v1/emergency';
const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', `${BASE}${path}`, undefined, signal);
const post = <T>(path: string, body: unknown) => request<T>('POST', `${BASE}${path}`, body);
const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
  ).toString();
const id = encodeURIComponent;

export const emergencyApi = {
  types: () => get<ResponseOf<'/api/v1/emergency/incident-types', 'get'>>('/incident-types'),
  places: (q: string, signal?: AbortSignal) =>
    get<ResponseOf<'/api/v1/emergency/places', 'get'>>(`/places?${qs({ q })}`, signal),
  reverse: ([lon, lat]: LonLat, signal?: AbortSignal) =>
    get<ReversePlace>(`/places/reverse?${qs({ lon, lat })}`, signal),
  duplicates: ([lon, lat]: LonLat, type: string, signal?: AbortSignal) =>
    get<ResponseOf<'/api/v1/emergency/duplicates', 'get'>>(`/duplicates?${qs({ lon, lat, type })}`, signal),
  logCall: (body: CallInput) => post<LoggedCall>('/calls', body),
  incidents: (status: 'open' | 'closed' | 'all', limit = 200) =>
    get<ResponseOf<'/api/v1/emergency/incidents', 'get'>>(`/incidents?${qs({ status, limit })}`),
  incident: (incidentId: string) => get<IncidentDetail>(`/incidents/${id(incidentId)}`),
  recommendations: (incidentId: string, signal?: AbortSignal) =>
    get<Recommendation>(`/incidents/${id(incidentId)}/recommendations`, signal),
  dispatch: (incidentId: string, unitIds: readonly string[]) =>
    post<Dispatched>(`/incidents/${id(incidentId)}/dispatch`, { unitIds: [...unitIds] }),
  /** The calls of a just-made incident go to the open one it duplicates; it closes as a duplicate. */
  moveCalls: (incidentId: string, to: string) =>
    post<ResponseOf<'/api/v1/emergency/incidents/{id}/move-calls', 'post'>>(`/incidents/${id(incidentId)}/move-calls`, {
      to,
    }),
  note: (incidentId: string, text: string) => post<unknown>(`/incidents/${id(incidentId)}/notes`, { text }),
  sopStep: (incidentId: string, stepId: string, done: boolean) =>
    post<unknown>(`/incidents/${id(incidentId)}/sop/${id(stepId)}`, { done }),
  transfer: (
    incidentId: string,
    transfer: { agency: Agency; reason: string; acceptedBy?: string; reference?: string },
  ) => post<unknown>(`/incidents/${id(incidentId)}/transfer`, transfer),
  escalate: (incidentId: string, reason: string) => post<unknown>(`/incidents/${id(incidentId)}/escalate`, { reason }),
  priority: (incidentId: string, priority: Priority) =>
    post<unknown>(`/incidents/${id(incidentId)}/priority`, { priority }),
  close: (incidentId: string, disposition: Disposition, note?: string) =>
    post<unknown>(`/incidents/${id(incidentId)}/close`, note ? { disposition, note } : { disposition }),
  units: () => get<ResponseOf<'/api/v1/emergency/units', 'get'>>('/units'),
  unitStatus: (unitId: string, status: UnitStatus) => post<Unit>(`/units/${id(unitId)}/status`, { status }),
  stations: () => get<ResponseOf<'/api/v1/emergency/stations', 'get'>>('/stations'),
  hospitals: ([lon, lat]: LonLat, type?: string) =>
    get<ResponseOf<'/api/v1/emergency/hospitals', 'get'>>(`/hospitals?${qs({ lon, lat, type })}`),
  assignHospital: (incidentId: string, unitId: string, hospitalId: string) =>
    post<unknown>(`/incidents/${id(incidentId)}/units/${id(unitId)}/hospital`, { hospitalId }),
  intervals: (from: string, to: string, by: IntervalGrouping) =>
    get<IntervalReport>(`/intervals?${qs({ from, to, by })}`),
  intervalsCsvUrl: (from: string, to: string, by: IntervalGrouping) => `${BASE}/intervals.csv?${qs({ from, to, by })}`,
};

export type IntervalReport = ResponseOf<'/api/v1/emergency/intervals', 'get'>;
export type IntervalGrouping = IntervalReport['by'];
export type IntervalGroup = IntervalReport['city'];
export type IntervalStats = IntervalGroup['intervals'][number];
export type IntervalName = IntervalStats['interval'];
/** The report's intervals, in its order (turnout has a target for medical and one for fire units). */
export const INTERVALS = [
  'answerToCreate',
  'createToDispatch',
  'processing',
  'turnoutEms',
  'turnoutFire',
  'travel',
  'onSceneToClear',
] as const satisfies readonly IntervalName[];

/**
 * Downloads a file the API serves behind the session (a plain link would go without the bearer token):
 * fetched in the language the page is in, then offered to the browser under `filename`.
 */
export async function downloadWithSession(url: string, filename: string): Promise<void> {
  // In the language the person picked (the book's CSV is written in it), not the browser's.
  const response = await fetch(url, { headers: { ...authHeaders(), 'accept-language': requestLanguage() } });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}
