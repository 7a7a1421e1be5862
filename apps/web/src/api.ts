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
  /** `name` is the login; `displayName` the person's name shown in the header (kept from the login's answer). */
  readonly user: User & { readonly displayName?: string };
}

/** An error the API answered with (RFC 9457 problem details), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** When a refusal says to wait (Retry-After, in seconds): 429 and 503. */
    readonly retryAfterSeconds?: number,
    /** The problem's own members beside its words (e.g. the unit a dispatch was refused for). */
    readonly problem: Readonly<Record<string, unknown>> = {},
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
/** The language the person picked: the server words its errors in it (Accept-Language). */
let language = 'vi';
export function setRequestLanguage(picked: string): void {
  language = picked;
}
/** The language the person picked, for a request made outside `request` (a download). */
export const requestLanguage = (): string => language;
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
        'accept-language': language,
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
  let text = '';
  try {
    text = await response.text();
  } catch (err) {
    // Cut off (aborted) after the status came: a refusal is still a refusal — a 429's wait must hold even
    // when the page stopped reading its body.
    if (response.ok) throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
  let data: unknown;
  try {
    data = text ? (JSON.parse(text) as unknown) : undefined;
  } catch (err) {
    // A proxy's HTML error page is not JSON: the status says what happened.
    if (response.ok) throw err;
  }
  if (!response.ok) {
    const problem = (data !== null && typeof data === 'object' ? data : {}) as {
      code?: string;
      title?: string;
      detail?: string;
      type?: string;
    } & Record<string, unknown>;
    if (response.status === 401 && token) onUnauthenticated();
    const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
    throw new ApiError(
      response.status,
      problem.code ?? problem.type ?? 'ERROR',
      problem.detail ?? problem.title ?? text,
      Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
      problem,
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
  options: {
    signal?: AbortSignal;
    onPage?: (page: Entity[]) => void;
    attrs?: readonly string[];
    /** An NGSI-LD query on the entities' values (e.g. open reports only). */
    q?: string;
  } = {},
): Promise<Entity[]> {
  // Only what the caller reads: a bus carries dozens of attributes the map never draws.
  const pick = options.attrs ? { pick: ['id', 'type', ...new Set(options.attrs)].join(',') } : {};
  const query = options.q ? { q: options.q } : {};
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
      `/ngsi-ld/v1/entities?${qs({ type: types.join(','), format: 'concise', limit: 1000, offset, ...pick, ...query, ...geo })}`,
      undefined,
      options.signal,
    );
    const flat = page.map(withObservedAt);
    out.push(...flat);
    options.onPage?.(flat);
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
  user: {
    kind: 'user',
    id: r.user.id,
    name: r.user.username,
    ...(r.user.displayName ? { displayName: r.user.displayName } : {}),
    roles: r.user.roles,
    tenant: r.user.tenant,
  },
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
  // The alarm console.
  acknowledgeMany: (ids: readonly string[]) =>
    request<ResponseOf<'/api/v1/alarms/acknowledge', 'post'>>('POST', '/api/v1/alarms/acknowledge', { ids }),
  shelve: (id: string, minutes: number, reason: string) =>
    request<ResponseOf<'/api/v1/alarms/{id}/shelve', 'post'>>('POST', `/api/v1/alarms/${id}/shelve`, {
      minutes,
      reason,
    }),
  unshelve: (id: string) =>
    request<ResponseOf<'/api/v1/alarms/{id}/unshelve', 'post'>>('POST', `/api/v1/alarms/${id}/unshelve`, {}),
  assignees: () => get<ResponseOf<'/api/v1/alarms/assignees', 'get'>>('/api/v1/alarms/assignees'),
  closedAlarms: (params: { severity?: string; type?: string; area?: string; limit: number; offset: number }) =>
    get<AlarmList>(`/api/v1/alarms?${qs({ state: 'closed', sort: 'newest', ...params })}`),
  devices: (params: { status?: string | undefined; q?: string | undefined; limit: number; offset: number }) =>
    get<DeviceList>(`/iot/devices?${qs(params)}`),
  device: (id: string) => get<Device>(`/iot/devices/${encodeURIComponent(id)}`),
  uiConfig: () => get<UiConfig>('/api/v1/ui/config'),
};

// ---- Trends (air quality over days, months and the last 24 hours) ----

export type AirStations = ResponseOf<'/api/v1/environment/air-quality/stations', 'get'>;
export type DailyAir = ResponseOf<'/api/v1/environment/air-quality/daily', 'get'>;
export type MonthlyAir = ResponseOf<'/api/v1/environment/air-quality/monthly', 'get'>;
export type HourlyAir = ResponseOf<'/api/v1/environment/air-quality/hourly', 'get'>;

/** A ward's outline from the city basemap (the wards' official names, in Vietnamese and English). */
export interface WardShape {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export type Punctuality = ResponseOf<'/api/v1/transit/punctuality', 'get'>;
export type RoutePunctuality = Punctuality['routes'][number];
export type RouteTimeline = ResponseOf<'/api/v1/transit/routes/{id}/timeline', 'get'>;
export type LiveVehicles = ResponseOf<'/api/v1/transit/vehicles', 'get'>;
export type ServiceAlertList = ResponseOf<'/api/v1/transit/alerts', 'get'>;
export type ServiceAlert = ServiceAlertList['alerts'][number];
export type ServiceAlertBody = NonNullable<
  paths['/api/v1/transit/alerts']['post']['requestBody']
>['content']['application/json'];
export type TransitRoutes = ResponseOf<'/api/v1/transit/routes', 'get'>;
export type TransitStops = ResponseOf<'/api/v1/transit/stops', 'get'>;
export type TransitStop = ResponseOf<'/api/v1/transit/stops/{id}', 'get'>;

export const transitApi = {
  routes: () => get<TransitRoutes>('/api/v1/transit/routes?limit=1000'),
  alerts: () => get<ServiceAlertList>('/api/v1/transit/alerts?state=draft,upcoming,active&limit=100'),
  /** Stops whose name (with or without its diacritics), code or id holds the words typed. */
  findStops: (q: string, signal?: AbortSignal) =>
    request<TransitStops>('GET', `/api/v1/transit/stops?${qs({ q, limit: 8 })}`, undefined, signal),
  stop: (id: string) => get<TransitStop>(`/api/v1/transit/stops/${encodeURIComponent(id)}`),
  writeAlert: (body: ServiceAlertBody) => request<ServiceAlert>('POST', '/api/v1/transit/alerts', body),
  /** The whole alert again, only if it is still the version read (412 otherwise). */
  editAlert: (id: string, version: number, body: ServiceAlertBody) =>
    request<ServiceAlert>('PUT', `/api/v1/transit/alerts/${encodeURIComponent(id)}`, body, undefined, {
      ...authHeaders(),
      'if-match': `"${version}"`,
    }),
  withdrawAlert: (id: string) =>
    request<ServiceAlert>('POST', `/api/v1/transit/alerts/${encodeURIComponent(id)}/withdraw`),
  deleteDraftAlert: (id: string) => request<void>('DELETE', `/api/v1/transit/alerts/${encodeURIComponent(id)}`),
  vehicles: () => get<LiveVehicles>('/api/v1/transit/vehicles'),
  punctuality: (hours: number) => get<Punctuality>(`/api/v1/transit/punctuality?${qs({ hours })}`),
  timeline: (route: string, direction: 0 | 1, hours: number) =>
    get<RouteTimeline>(`/api/v1/transit/routes/${encodeURIComponent(route)}/timeline?${qs({ direction, hours })}`),
};

export const trendsApi = {
  stations: () => get<AirStations>('/api/v1/environment/air-quality/stations'),
  daily: (from: string, to: string) => get<DailyAir>(`/api/v1/environment/air-quality/daily?${qs({ from, to })}`),
  monthly: (month: string) => get<MonthlyAir>(`/api/v1/environment/air-quality/monthly?${qs({ month })}`),
  hourly: (hours: number) => get<HourlyAir>(`/api/v1/environment/air-quality/hourly?${qs({ hours })}`),
  wards: async (): Promise<WardShape[]> => {
    const basemap = await get<GeoJSON.FeatureCollection>('/api/v1/city/basemap');
    return basemap.features.flatMap((f) => {
      const p = f.properties ?? {};
      const g = f.geometry;
      if (p['layer'] !== 'ward' || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return [];
      return [
        { code: String(p['code']), name: String(p['name']), nameEn: String(p['nameEn'] ?? p['name']), geometry: g },
      ];
    });
  },
};
// ---- The inspector: a bus trip in words, the limits its charts draw ----

export type BusTrip = ResponseOf<'/api/v1/city/transit/trips/{trip}', 'get'>;
export type ChartLimits = ResponseOf<'/api/v1/environment/limits', 'get'>;

/** A trip code ("01_1-0815") in words, with where a bus at a position stands along it. */
export const busTrip = (trip: string, at?: { lon: number; lat: number; heading?: number }) =>
  get<BusTrip>(`/api/v1/city/transit/trips/${encodeURIComponent(trip)}${at ? `?${qs(at)}` : ''}`);

/** The air limits in force on a day (QCVN 05:2023) and the VN_AQI categories. */
export const chartLimits = (at: Date) => get<ChartLimits>(`/api/v1/environment/limits?${qs({ at: at.toISOString() })}`);
// ---- Administration (the server judges every permission; the page only hides what a role cannot use) ----

export type UserAccount = ResponseOf<'/api/v1/users/{id}', 'get'>;
export type ApiKeyJson = ResponseOf<'/api/v1/api-keys/{id}', 'get'>;
export type CreatedApiKey = ResponseOf<'/api/v1/api-keys', 'post', 201>;
export type CreatedUser = ResponseOf<'/api/v1/users', 'post', 201>;
export type WrittenWarning = paths['/api/v1/warnings']['post']['requestBody']['content']['application/json'];
type UserChanges = paths['/api/v1/users/{id}']['patch']['requestBody']['content']['application/json'];

/**
 * Changes the signed-in person's own password and logs in again with it: the change ends every session
 * of the account, this one too. Meanwhile the old token is put away, so the refusals it meets on the
 * way (the live stream reconnecting) do not log the person out.
 */
export async function renewPassword(session: Session, currentPassword: string, newPassword: string): Promise<Session> {
  const before = token;
  token = null;
  try {
    await api.changePassword(session, currentPassword, newPassword);
  } catch (err) {
    token = before;
    throw err;
  }
  try {
    const { session: renewed } = await api.login(session.user.name, newPassword);
    setSession(renewed);
    return renewed;
  } catch (err) {
    onUnauthenticated(); // the password changed, but no new session: log in again by hand
    throw err;
  }
}

export const admin = {
  users: () => get<ResponseOf<'/api/v1/users', 'get'>>('/api/v1/users?limit=1000'),
  /** A new account with a generated password, shown once; its owner changes it at first login. */
  createUser: (body: { username: string; displayName?: string; roles: string[]; tenant: string }) =>
    request<CreatedUser>('POST', '/api/v1/users', body),
  updateUser: (id: string, changes: UserChanges) => request<UserAccount>('PATCH', `/api/v1/users/${id}`, changes),
  resetPassword: (id: string) =>
    request<ResponseOf<'/api/v1/users/{id}/password-reset', 'post'>>('POST', `/api/v1/users/${id}/password-reset`),
  apiKeys: () => get<ResponseOf<'/api/v1/api-keys', 'get'>>('/api/v1/api-keys'),
  createApiKey: (body: { name: string; roles: string[]; tenant: string; expiresAt?: string }) =>
    request<CreatedApiKey>('POST', '/api/v1/api-keys', body),
  revokeApiKey: (id: string) => request<void>('DELETE', `/api/v1/api-keys/${id}`),
  /** Sends a declared command: written on the device's entity, the server sends it to the device. */
  sendCommand: (entityId: string, command: string, value: unknown) =>
    request<void>('POST', `/ngsi-ld/v1/entities/${encodeURIComponent(entityId)}/attrs`, {
      [command]: { type: 'Property', value },
    }),
  writeWarning: (body: WrittenWarning) => request<Warning>('POST', '/api/v1/warnings', body),
  cancelWarning: (identifier: string) =>
    request<Warning>('POST', `/api/v1/warnings/${encodeURIComponent(identifier)}/cancel`),
};
/**
 * A concise entity as the map keeps it: each attribute's value (as keyValues gives it), and
 * `observedAt`, the newest time any of its attributes was observed (what the map judges freshness by).
 */
function withObservedAt(e: Entity): Entity {
  const out: Record<string, unknown> = { id: e.id, type: e.type };
  let observedAt: string | undefined;
  for (const [name, v] of Object.entries(e)) {
    if (name === 'id' || name === 'type' || name === '@context') continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const a = v as Record<string, unknown>;
      if ('value' in a || 'object' in a || 'languageMap' in a || 'json' in a || 'vocab' in a) {
        out[name] = a['value'] ?? a['object'] ?? a['languageMap'] ?? a['json'] ?? a['vocab'];
        const o = a['observedAt'];
        if (typeof o === 'string' && (observedAt === undefined || o > observedAt)) observedAt = o;
        continue;
      }
    }
    out[name] = v;
  }
  if (observedAt !== undefined) out['observedAt'] = observedAt;
  return out as Entity;
}

/** When an entity's newest write arrived (the newest modifiedAt of its attributes), or null. */
export async function arrivedAt(id: string): Promise<string | null> {
  const e = await get<Record<string, unknown>>(`/ngsi-ld/v1/entities/${encodeURIComponent(id)}?options=sysAttrs`);
  let newest: string | null = null;
  for (const v of Object.values(e)) {
    for (const i of Array.isArray(v) ? v : [v]) {
      const m = i && typeof i === 'object' ? (i as { modifiedAt?: unknown }).modifiedAt : undefined;
      if (typeof m === 'string' && (newest === null || m > newest)) newest = m;
    }
  }
  return newest;
}
