/**
 * The emergency centre's API as the dispatcher console reads it (/api/v1/emergency). The shapes are
 * the module's words (calls, incidents, units, their timeline); they are written here by hand until the
 * module's routes are in api-types.ts (`npm run web:api-types` makes them from the server's schemas).
 */
import { authHeaders, request } from '../../api';

export type LonLat = readonly [lon: number, lat: number];
export type Agency = 'police' | 'fire' | 'medical' | 'civil_defence';
export type Priority = 1 | 2 | 3 | 4;
export type Capability = 'engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol';
export type UnitKind = 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';

export const AGENCIES: readonly Agency[] = ['police', 'fire', 'medical', 'civil_defence'];
export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  'returning',
  'out_of_service',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
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
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export type IncidentStatus = 'pending' | 'dispatched' | 'on_scene' | 'closed';

export interface Words {
  readonly vi: string;
  readonly en: string;
}
export interface RunCardLine {
  readonly anyOf: readonly Capability[];
  readonly count: number;
}
export interface SopStep extends Words {
  readonly id: string;
  readonly kind: 'question' | 'action' | 'inform';
}
export interface IncidentType extends Words {
  readonly code: string;
  readonly group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
  readonly priority: Priority;
  readonly agencies: readonly Agency[];
  readonly runCard: readonly RunCardLine[];
  readonly sop: readonly SopStep[];
  readonly compatible: readonly string[];
}
export interface Unit {
  readonly id: string;
  readonly callSign: string;
  readonly kind: UnitKind;
  readonly agency: Agency;
  readonly capabilities: readonly Capability[];
  readonly stationId: string;
  readonly crew: number;
  readonly status: UnitStatus;
  readonly statusAt: string;
  readonly location?: LonLat;
  readonly locationAt?: string;
  readonly incidentId?: string;
  readonly hospitalId?: string;
}
export interface Station {
  readonly id: string;
  readonly name: string;
  readonly agency: Agency;
  readonly location: LonLat;
  readonly ward?: string;
}
export interface Hospital {
  readonly id: string;
  readonly name: string;
  readonly location: LonLat;
  readonly bedsFree?: number;
}
export interface Call {
  readonly id: string;
  readonly incidentId: string;
  readonly phone: string;
  readonly callerName?: string;
  readonly answeredAt: string;
  readonly loggedAt: string;
  readonly language: string;
  readonly text: string;
  readonly location: LonLat;
  readonly address?: string;
}
export interface Incident {
  readonly id: string;
  readonly number: string;
  readonly typeCode: string;
  readonly group: IncidentType['group'];
  readonly priority: Priority;
  readonly agencies: readonly Agency[];
  readonly status: IncidentStatus;
  readonly location: LonLat;
  readonly address?: string;
  readonly ward?: string;
  readonly street?: string;
  readonly createdAt: string;
  readonly closedAt?: string;
  readonly disposition?: Disposition;
  readonly escalatedAt?: string;
  readonly transferredTo?: Agency;
}
export interface IncidentSummary extends Incident {
  readonly callCount: number;
  readonly unitIds: readonly string[];
  readonly ageSeconds: number;
}
export interface TimelineEvent {
  readonly id: string;
  readonly incidentId: string;
  readonly at: string;
  readonly kind: string;
  readonly unitId?: string;
  readonly actor: string;
  readonly detail: Readonly<Record<string, unknown>>;
}
export interface UnitResponse {
  readonly unitId: string;
  readonly dispatchedAt: string;
  readonly enRouteAt?: string;
  readonly onSceneAt?: string;
  readonly clearedAt?: string;
}
export interface IncidentDetail {
  readonly incident: Incident;
  readonly calls: readonly Call[];
  readonly units: readonly Unit[];
  readonly responses: readonly UnitResponse[];
  readonly timeline: readonly TimelineEvent[];
  readonly sop: readonly (SopStep & { readonly doneAt?: string; readonly doneBy?: string })[];
  readonly type: IncidentType;
}
export interface Suggestion {
  readonly unit: Unit;
  readonly seconds: number;
  readonly lengthM: number;
  readonly line: number;
  readonly why: Words;
  readonly route?: readonly LonLat[];
}
export interface Recommendation {
  readonly runCard: readonly RunCardLine[];
  readonly suggested: readonly Suggestion[];
  readonly alternatives: readonly Suggestion[];
  readonly busyCloser: readonly Suggestion[];
  readonly shortfall: readonly {
    readonly line: number;
    readonly anyOf: readonly Capability[];
    readonly missing: number;
  }[];
  readonly unplaced: readonly { readonly unitId: string; readonly reason: string }[];
}
export interface Place {
  readonly label: string;
  readonly street?: string;
  readonly ward?: string;
  readonly location: LonLat;
}
export interface ReversePlace {
  readonly ward?: string;
  readonly street?: string;
  readonly location: LonLat;
  readonly distanceM: number;
}
export interface DuplicateCandidate {
  readonly incident: Incident;
  readonly distanceM: number;
  readonly minutesAgo: number;
}
export interface CallInput {
  readonly phone: string;
  readonly callerName?: string;
  readonly answeredAt?: string;
  readonly language?: string;
  readonly text?: string;
  readonly typeCode: string;
  readonly priority?: Priority;
  readonly location?: LonLat;
  readonly address?: string;
  readonly linkTo?: string;
}
export interface HospitalChoice {
  readonly hospital: Hospital;
  readonly seconds: number;
  readonly lengthM: number;
}

const BASE = '/api/v1/emergency';
const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', `${BASE}${path}`, undefined, signal);
const post = <T>(path: string, body: unknown) => request<T>('POST', `${BASE}${path}`, body);
const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
  ).toString();
const id = encodeURIComponent;

export const emergencyApi = {
  types: () => get<{ types: IncidentType[] }>('/incident-types'),
  places: (q: string, signal?: AbortSignal) => get<{ places: Place[] }>(`/places?${qs({ q })}`, signal),
  reverse: ([lon, lat]: LonLat, signal?: AbortSignal) =>
    get<ReversePlace>(`/places/reverse?${qs({ lon, lat })}`, signal),
  duplicates: ([lon, lat]: LonLat, type: string, signal?: AbortSignal) =>
    get<{ incidents: DuplicateCandidate[] }>(`/duplicates?${qs({ lon, lat, type })}`, signal),
  logCall: (body: CallInput) =>
    post<{ call: Call; incident: Incident; duplicates: DuplicateCandidate[] }>('/calls', body),
  incidents: (status: 'open' | 'closed' | 'all', limit = 200) =>
    get<{ incidents: IncidentSummary[] }>(`/incidents?${qs({ status, limit })}`),
  incident: (incidentId: string) => get<IncidentDetail>(`/incidents/${id(incidentId)}`),
  recommendations: (incidentId: string) => get<Recommendation>(`/incidents/${id(incidentId)}/recommendations`),
  dispatch: (incidentId: string, unitIds: readonly string[]) =>
    post<{ incident: Incident; units: Unit[] }>(`/incidents/${id(incidentId)}/dispatch`, { unitIds }),
  note: (incidentId: string, text: string) => post<unknown>(`/incidents/${id(incidentId)}/notes`, { text }),
  sopStep: (incidentId: string, stepId: string, done: boolean) =>
    post<unknown>(`/incidents/${id(incidentId)}/sop/${id(stepId)}`, { done }),
  transfer: (incidentId: string, agency: Agency, reason: string) =>
    post<unknown>(`/incidents/${id(incidentId)}/transfer`, { agency, reason }),
  escalate: (incidentId: string, reason: string) => post<unknown>(`/incidents/${id(incidentId)}/escalate`, { reason }),
  priority: (incidentId: string, priority: Priority) =>
    post<unknown>(`/incidents/${id(incidentId)}/priority`, { priority }),
  close: (incidentId: string, disposition: Disposition, note?: string) =>
    post<unknown>(`/incidents/${id(incidentId)}/close`, note ? { disposition, note } : { disposition }),
  units: () => get<{ units: Unit[] }>('/units'),
  unitStatus: (unitId: string, status: UnitStatus) => post<Unit>(`/units/${id(unitId)}/status`, { status }),
  stations: () => get<{ stations: Station[] }>('/stations'),
  hospitals: ([lon, lat]: LonLat) =>
    get<{ hospitals: HospitalChoice[]; full?: Hospital[] }>(`/hospitals?${qs({ lon, lat })}`),
  assignHospital: (incidentId: string, unitId: string, hospitalId: string) =>
    post<unknown>(`/incidents/${id(incidentId)}/units/${id(unitId)}/hospital`, { hospitalId }),
  intervals: (from: string, to: string, by: IntervalGrouping) =>
    get<IntervalReport>(`/intervals?${qs({ from, to, by })}`),
  intervalsCsvUrl: (from: string, to: string, by: IntervalGrouping) => `${BASE}/intervals.csv?${qs({ from, to, by })}`,
};

export type IntervalGrouping = 'type' | 'agency' | 'ward';
/** The report's intervals, in its order (turnout has a target for medical and one for fire units). */
export const INTERVALS = [
  'answerToCreate',
  'createToDispatch',
  'processing',
  'turnoutEms',
  'turnoutFire',
  'travel',
  'onSceneToClear',
] as const;
export type IntervalName = (typeof INTERVALS)[number];

/** One interval in one group: percentiles in seconds, the target (90th percentile) and whether it is met. */
export interface IntervalStats {
  readonly interval: IntervalName;
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly target: number | null;
  readonly withinTarget: number | null;
  readonly meetsTarget: boolean | null;
}
export interface IntervalGroup {
  readonly by: IntervalGrouping | 'city';
  readonly key: string;
  readonly incidents: number;
  readonly intervals: readonly IntervalStats[];
}
export interface IntervalReport {
  readonly by: IntervalGrouping;
  readonly targetPercentile: number;
  readonly targets: Readonly<Record<string, number>>;
  readonly city: IntervalGroup;
  readonly groups: readonly IntervalGroup[];
}

/**
 * Downloads a file the API serves behind the session (a plain link would go without the bearer token):
 * fetched, then offered to the browser under `filename`.
 */
export async function downloadWithSession(url: string, filename: string): Promise<void> {
  const response = await fetch(url, { headers: authHeaders() });
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
