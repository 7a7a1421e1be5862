/**
 * The typed client of the Thang Long API. Its types are the server's response schemas, read from the
 * OpenAPI document into api-types.ts at build time (`npm run web:api-types`): nothing of the server is
 * imported, and a change of shape there breaks this build.
 */
import type { paths } from './api-types';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON body a route of the document answers with, for a status (200 unless said). */
export type ResponseOf<P extends keyof paths, M extends Method, S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Kpis = ResponseOf<'/api/v1/kpis', 'get'>;
export type AlarmSummary = ResponseOf<'/api/v1/alarms/summary', 'get'>;
export type Severity = keyof AlarmSummary['bySeverity'];
/** An alarm; with its journal when it was read alone. */
export type AlarmJson = ResponseOf<'/api/v1/alarms/{id}', 'get'>;
export type AlarmList = ResponseOf<'/api/v1/alarms', 'get'>;
export type Warning = ResponseOf<'/api/v1/warnings', 'get'>['warnings'][number];
export type Station = ResponseOf<'/api/v1/environment/air-quality/stations/{id}', 'get'>;
export type Device = ResponseOf<'/iot/devices/{deviceId}', 'get'>;
export type DeviceList = ResponseOf<'/iot/devices', 'get'>;
export type UiConfig = ResponseOf<'/api/v1/ui/config', 'get'>;
type LoginResponse = ResponseOf<'/api/v1/auth/login', 'post'>;

/** Who the caller is (`/auth/me`); a session keeps the same for its user. */
export type User = Omit<ResponseOf<'/api/v1/auth/me', 'get'>, 'passwordChangeRequired'>;

export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: User;
}

/** An error the API answered with (RFC 9457 problem details), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const SESSION_KEY = 'thanglong.session';

export function storedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return Date.parse(s.expiresAt) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

let token: string | null = storedSession()?.token ?? null;
let onUnauthenticated: () => void = () => undefined;

export function setSession(session: Session | null, whenUnauthenticated?: () => void): void {
  token = session?.token ?? null;
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
  if (whenUnauthenticated) onUnauthenticated = whenUnauthenticated;
}

export function authHeaders(): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  headers: Record<string, string> = authHeaders(),
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : null,
      signal: signal ?? null,
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: string; title?: string; detail?: string; type?: string };
    if (response.status === 401 && token) onUnauthenticated();
    throw new ApiError(
      response.status,
      problem.code ?? problem.type ?? 'ERROR',
      problem.detail ?? problem.title ?? text,
    );
  }
  return data as T;
}

const get = <T>(path: string) => request<T>('GET', path);
const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
  ).toString();

// ---- Entities (NGSI-LD, keyValues) ----

export interface Entity {
  readonly id: string;
  readonly type: string;
  readonly [attribute: string]: unknown;
}

/** Every entity of the types, in the box, a page at a time; `onPage` sees each page as it arrives. */
export async function entitiesIn(
  types: readonly string[],
  bbox?: readonly number[],
  options: { signal?: AbortSignal; onPage?: (page: Entity[]) => void } = {},
): Promise<Entity[]> {
  const out: Entity[] = [];
  const geo = bbox
    ? {
        georel: 'within',
        geometry: 'Polygon',
        coordinates: JSON.stringify([
          [
            [bbox[0], bbox[1]],
            [bbox[2], bbox[1]],
            [bbox[2], bbox[3]],
            [bbox[0], bbox[3]],
            [bbox[0], bbox[1]],
          ],
        ]),
      }
    : {};
  for (let offset = 0; ; offset += 1000) {
    const page = await request<Entity[]>(
      'GET',
      `/ngsi-ld/v1/entities?${qs({ type: types.join(','), options: 'keyValues', limit: 1000, offset, ...geo })}`,
      undefined,
      options.signal,
    );
    out.push(...page);
    options.onPage?.(page);
    if (page.length < 1000) return out;
  }
}

/** One entity with its attributes' metadata (observedAt, unitCode), normalised. */
export const entity = (id: string) => get<Record<string, unknown>>(`/ngsi-ld/v1/entities/${encodeURIComponent(id)}`);

export interface Series {
  readonly attribute: string;
  readonly points: readonly { readonly at: string; readonly value: number }[];
  readonly method: 'raw' | 'avg';
}

/**
 * An attribute's history over `hours` up to `until`: raw values for short ranges, averages per
 * period for longer ones (the temporal API aggregates in the database).
 */
export async function history(id: string, attribute: string, hours: number, until: Date): Promise<Series> {
  const from = new Date(until.getTime() - hours * 3_600_000);
  const period = hours <= 6 ? undefined : hours <= 24 ? 'PT15M' : hours <= 24 * 7 ? 'PT1H' : 'PT6H';
  const params = {
    attrs: attribute,
    timerel: 'between',
    timeAt: from.toISOString(),
    endTimeAt: new Date(until.getTime() + 1000).toISOString(),
    ...(period ? { options: 'aggregatedValues', aggrMethods: 'avg', aggrPeriodDuration: period } : { lastN: 2000 }),
  };
  const data = await get<Record<string, unknown>>(
    `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(id)}?${qs(params)}`,
  );
  const raw = data[attribute];
  const points: { at: string; value: number }[] = [];
  if (period) {
    const avg = (raw as { avg?: [number, string, string][] } | undefined)?.avg ?? [];
    for (const [value, start] of avg) if (typeof value === 'number') points.push({ at: start, value });
  } else {
    const instances = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { value?: unknown; observedAt?: string }[];
    for (const i of instances) {
      if (typeof i.value === 'number' && i.observedAt) points.push({ at: i.observedAt, value: i.value });
    }
  }
  points.sort((a, b) => a.at.localeCompare(b.at));
  return { attribute, points, method: period ? 'avg' : 'raw' };
}

// ---- Modules ----

const sessionOf = (r: LoginResponse): Session => ({
  token: r.token,
  expiresAt: r.expiresAt,
  user: { kind: 'user', id: r.user.id, name: r.user.username, roles: r.user.roles, tenant: r.user.tenant },
});

export const api = {
  /** A session, and whether its password must be changed before it may do anything else. */
  login: async (username: string, password: string): Promise<{ session: Session; passwordChangeRequired: boolean }> => {
    const r = await request<LoginResponse>('POST', '/api/v1/auth/login', { username, password });
    return { session: sessionOf(r), passwordChangeRequired: r.passwordChangeRequired === true };
  },
  /** Redeems the one-time code a city-account login brought back (once, within a minute). */
  singleSignOn: async (code: string): Promise<Session> =>
    sessionOf(
      await request<ResponseOf<'/api/v1/auth/oidc/session', 'post'>>('POST', '/api/v1/auth/oidc/session', { code }),
    ),
  /** Changes the password of the session given (which ends it: log in again with the new one). */
  changePassword: (session: Session, currentPassword: string, newPassword: string) =>
    request<void>('PUT', '/api/v1/auth/password', { currentPassword, newPassword }, undefined, {
      authorization: `Bearer ${session.token}`,
    }),
  logout: () => request<void>('POST', '/api/v1/auth/logout'),
  me: () => get<ResponseOf<'/api/v1/auth/me', 'get'>>('/api/v1/auth/me'),
  kpis: () => get<Kpis>('/api/v1/kpis'),
  station: (id: string) => get<Station>(`/api/v1/environment/air-quality/stations/${encodeURIComponent(id)}`),
  alarms: (state = 'open') => get<AlarmList>(`/api/v1/alarms?${qs({ state, limit: 200 })}`),
  alarm: (id: string) => get<AlarmJson>(`/api/v1/alarms/${id}`),
  acknowledge: (id: string) =>
    request<ResponseOf<'/api/v1/alarms/{id}/acknowledge', 'post'>>('POST', `/api/v1/alarms/${id}/acknowledge`, {}),
  assign: (id: string, assignee: string | null) =>
    request<ResponseOf<'/api/v1/alarms/{id}/assign', 'post'>>('POST', `/api/v1/alarms/${id}/assign`, { assignee }),
  comment: (id: string, text: string) =>
    request<ResponseOf<'/api/v1/alarms/{id}/comments', 'post', 201>>('POST', `/api/v1/alarms/${id}/comments`, {
      text,
    }),
  clear: (id: string) =>
    request<ResponseOf<'/api/v1/alarms/{id}/clear', 'post'>>('POST', `/api/v1/alarms/${id}/clear`, {}),
  warnings: () => get<ResponseOf<'/api/v1/warnings', 'get'>>('/api/v1/warnings'),
  alarmSummary: () => get<AlarmSummary>('/api/v1/alarms/summary'),
  devices: (params: { status?: string; limit: number; offset: number }) =>
    get<DeviceList>(`/iot/devices?${qs(params)}`),
  device: (id: string) => get<Device>(`/iot/devices/${encodeURIComponent(id)}`),
  uiConfig: () => get<UiConfig>('/api/v1/ui/config'),
};
