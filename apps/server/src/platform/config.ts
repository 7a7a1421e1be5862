import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { checkPasswordStrength } from './auth/passwords.js';
import { ROLES, type Role } from './auth/permissions.js';
import { simulatedStart } from './hanoi-time.js';
import { parseAllowList, type AllowRule } from './outbound.js';

/**
 * Every setting Thang Long reads comes from this one schema. The environment (and an optional `.env`
 * file) is validated once at start; every problem is reported at once; the result is frozen and passed
 * in. Nothing else in the server reads `process.env`.
 */

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string | undefined;
    readonly bodyLimitBytes: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly corsOrigins: readonly string[];
  };
  readonly dataDir: string;
  readonly database: {
    /** Unset: the embedded PGlite database under `dataDir`. */
    readonly url: string | undefined;
    readonly poolMax: number;
    /** PostgreSQL cancels a statement running longer than this (milliseconds). */
    readonly statementTimeoutMs: number;
  };
  readonly log: { readonly level: LogLevel };
  readonly mqtt: {
    readonly port: number;
    /** Where the embedded broker listens; the HTTP host unless MQTT_HOST says otherwise. */
    readonly host: string;
    readonly url: string | undefined;
    /** Client id prefix (and shared-subscription group) at an external broker. */
    readonly clientId: string;
    /** apikey: the API key in the topic is enough (FIWARE's way); credentials: devices must log in. */
    readonly deviceAuth: 'apikey' | 'credentials';
    /** Embedded broker: a connection that has not been answered its CONNECT by then is hung up on (milliseconds). */
    readonly connectTimeoutMs: number;
    /** Embedded broker: a connection whose messages keep being dropped over their rate this long is closed (milliseconds). */
    readonly floodDisconnectMs: number;
  };
  readonly ingest: {
    readonly offlineAfterMs: number;
    /** Most measures one database write carries. */
    readonly batchMeasures: number;
    /** How long a batch waits for company while no write is running (milliseconds). */
    readonly batchWaitMs: number;
    /** Measures accepted but not yet stored, beyond which devices are slowed down (back-pressure). */
    readonly maxPendingMeasures: number;
    readonly maxPayloadBytes: number;
    readonly maxFutureMs: number;
    /** Messages a second one device may send, sustained (per MQTT connection and device, per HTTP device). */
    readonly deviceRate: number;
    /** Messages a device may send at once after a quiet spell (its backlog after a reconnection). */
    readonly deviceBurst: number;
    /** New devices a group may autoprovision in an hour. */
    readonly autoprovisionPerHour: number;
  };
  readonly demo: boolean;
  /** The demo simulator's clock: how fast it runs and where it starts (unset: now). */
  readonly demoClock: { readonly speed: number; readonly start: string | undefined; readonly lagMs: number };
  /** Mean real time between the demo's simulated emergency calls (ms); 0: none. */
  readonly demoCallsMs: number;
  readonly demoReportsMs: number;
  /** The operations centre: an external map style instead of the offline city basemap, when set. */
  readonly web: {
    readonly mapStyleUrl: string | undefined;
    /** Where the built page is served from; unset: apps/web/dist. */
    readonly dist: string | undefined;
  };
  readonly auth: {
    readonly tokenSecret: string | undefined;
    readonly tokenTtlSeconds: number;
    readonly anonymousRead: readonly string[];
    readonly adminPassword: string | undefined;
    /** Failed logins in a row that lock an account, and for how long (seconds). */
    readonly lockAfter: number;
    readonly lockSeconds: number;
    /** Failed authentications one source address may make per lock duration; null = no limit. */
    readonly addressFailures: number | null;
    /** Login attempts per minute from one source address; null = no limit. */
    readonly loginRateLimit: number | null;
    /** Requests per minute one API key may make; null = no limit. */
    readonly apiKeyRateLimit: number | null;
  };
  /** Single sign-on through the city's identity provider (OpenID Connect); undefined = local accounts only. */
  readonly oidc: OidcConfig | undefined;
  readonly shutdownTimeoutMs: number;
  /** Each city module's own settings, by module name (read from the variables the module declares). */
  readonly modules: Readonly<Record<string, unknown>>;
  readonly ngsiLd: {
    readonly anonymous: 'off' | 'read' | 'write';
    /** Path of a JSON file mapping @context URLs to local files, or undefined. */
    readonly contextAliases: string | undefined;
    readonly contextFetchTimeoutMs: number;
    readonly contextMaxBytes: number;
    readonly maxLimit: number;
    /** Largest request body the NGSI-LD API (/ngsi-ld/v1) accepts; at most the HTTP body limit. */
    readonly bodyLimitBytes: number;
    /** Most attributes one entity may hold (NGSI_LD_MAX_ATTRIBUTES). */
    readonly maxAttributes: number;
    readonly notificationTimeoutMs: number;
    readonly notificationMaxAgeMs: number;
    /** How long history is kept by default (ISO 8601 duration); undefined = forever. */
    readonly historyRetention: string | undefined;
    readonly temporalMaxInstances: number;
    /** Event streams (GET /api/v1/events) one caller may hold open at once on this instance. */
    readonly eventStreamsPerCaller: number;
  };
  /** Requests the server makes on users' behalf (@context downloads, notifications): internal destinations allowed. */
  readonly outbound: { readonly allow: readonly AllowRule[] };
  /** The audit trail: how long records are kept (ISO 8601 duration); undefined = forever. */
  readonly audit: { readonly retention: string | undefined };
  /** Personal data: the master key wrapping the data keys (32 bytes, base64), and the one it replaces. */
  readonly personalData: { readonly key: string | undefined; readonly previousKey: string | undefined };
  /** Messages to people (one-time codes, updates): kept in the local outbox, or POSTed to a gateway. */
  readonly messages: { readonly sender: 'local' | 'webhook'; readonly webhookUrl: string | undefined };
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where the identity provider sends the browser back; undefined = PUBLIC_URL + the callback path. */
  readonly redirectUrl: string | undefined;
  readonly scopes: readonly string[];
  /** Claim (a dotted path, e.g. realm_access.roles) holding the identity provider's role names. */
  readonly rolesClaim: string;
  /** Claim holding the tenant; undefined = every account from the identity provider is in the default tenant. */
  readonly tenantClaim: string | undefined;
  /** Claim holding a citizen's national ID number (applicants' sign-on). */
  readonly idClaim: string;
  /** Identity provider role name → Thang Long roles. */
  readonly roleMap: ReadonlyMap<string, readonly Role[]>;
}

export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface Variable<T> {
  /** One line for the README and `thanglong config`. */
  readonly doc: string;
  readonly parse: (raw: string) => T;
  /** Shown as the default in docs; applied when the variable is unset or empty. */
  readonly fallback?: string;
  readonly secret?: boolean;
}

/** Thrown by a parser: the value is not valid; the message says why. */
export class Invalid extends Error {
  constructor(
    message: string,
    /** For a module's `read`: the variable whose value does not go with the others. */
    readonly variable?: string,
  ) {
    super(message);
  }
}

export const variable = <T>(v: Variable<T>): Variable<T> => v;

export const parseInteger =
  (min: number, max: number) =>
  (raw: string): number => {
    if (!/^-?\d+$/.test(raw)) throw new Invalid(`must be a whole number (got "${raw}")`);
    const n = Number(raw);
    if (n < min || n > max) throw new Invalid(`must be between ${min} and ${max} (got ${n})`);
    return n;
  };

const parsePort = parseInteger(0, 65535);

export const parseEnum =
  <E extends string>(values: readonly E[]) =>
  (raw: string): E => {
    const lower = raw.toLowerCase();
    if (!(values as readonly string[]).includes(lower)) {
      throw new Invalid(`must be one of ${values.join(', ')} (got "${raw}")`);
    }
    return lower as E;
  };

export const parseUrl =
  (protocols: readonly string[]) =>
  (raw: string): string => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Invalid('must be a URL');
    }
    if (!protocols.includes(url.protocol)) {
      throw new Invalid(
        `must use ${protocols.map((p) => p.replace(/:$/, '://')).join(' or ')} (got ${url.protocol.replace(/:$/, '://')})`,
      );
    }
    return raw;
  };

export const parseList = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `12h`, `1500ms`; a bare number is seconds. Returns milliseconds. */
export const parseDuration =
  (minMs: number, maxMs: number) =>
  (raw: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw.trim());
    if (!m) throw new Invalid(`must be a duration such as 30s, 5m or 12h (got "${raw}")`);
    const ms = Number(m[1]) * (DURATION_UNITS[m[2] ?? 's'] ?? 1000);
    if (ms < minMs || ms > maxMs) {
      throw new Invalid(`must be between ${minMs / 1000}s and ${maxMs / 1000}s (got "${raw}")`);
    }
    return Math.round(ms);
  };

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `512kb`, `8mb`; a bare number is bytes. */
export const parseSize =
  (minBytes: number, maxBytes: number) =>
  (raw: string): number => {
    const m = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
    if (!m) throw new Invalid(`must be a size such as 512kb or 8mb (got "${raw}")`);
    const bytes = Number(m[1]) * (SIZE_UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1);
    if (bytes < minBytes || bytes > maxBytes) {
      throw new Invalid(`must be between ${minBytes} and ${maxBytes} bytes (got "${raw}")`);
    }
    return bytes;
  };

const parseFamilyList = (raw: string): string[] => {
  const families = parseList(raw);
  for (const f of families) {
    if (!/^[a-z][a-z0-9-]*$/.test(f)) throw new Invalid(`"${f}" is not an API family name`);
  }
  return families;
};

const parseHost = (raw: string): string => {
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(raw)) throw new Invalid(`must be a host name or address (got "${raw}")`);
  return raw;
};

const parseSecret =
  (minLength: number) =>
  (raw: string): string => {
    if (raw.length < minLength) throw new Invalid(`must be at least ${minLength} characters long`);
    return raw;
  };

const parseCorsOrigins = (raw: string): string[] => {
  const origins = parseList(raw);
  for (const o of origins) {
    if (o === '*') continue;
    try {
      const u = new URL(o);
      if (u.origin !== o) throw new Invalid(`"${o}" is not an origin (scheme://host[:port], no path)`);
    } catch (e) {
      if (e instanceof Invalid) throw e;
      throw new Invalid(`"${o}" is not an origin`);
    }
  }
  return origins;
};

const parsePath = (raw: string): string => raw;

/** A count per period, or `off` for none (null). */
const parseLimit =
  (max: number) =>
  (raw: string): number | null =>
    raw.toLowerCase() === 'off' ? null : parseInteger(1, max)(raw);

/** Kept as written: "HH:MM" means the latest such Hanoi time when the simulator starts, not now. */
const parseClockStart = (raw: string): string => {
  try {
    simulatedStart(raw);
  } catch (err) {
    throw new Invalid((err as Error).message);
  }
  return raw;
};

/** A demo clock that would have to start ahead of where DEMO_LAG lets it settle. */
function demoClockProblems(p: Parsed): ConfigProblem[] {
  const lag = p.DEMO_LAG ?? 0;
  if (p.DEMO_START === undefined || lag === 0) return [];
  const settle = Date.now() - lag;
  if (simulatedStart(p.DEMO_START, settle).getTime() <= settle) return [];
  return [{ variable: 'DEMO_START', message: `must lie at least DEMO_LAG (${lag / 1000}s) before now` }];
}

/** An ISO 8601 duration longer than zero, as PostgreSQL reads it: `P90D`, `P1Y`, `PT12H`. */
const parseIsoDuration = (raw: string): string => {
  const m = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.exec(raw);
  if (!m || !/[1-9]/.test(raw)) throw new Invalid(`must be an ISO 8601 duration such as P90D or P1Y (got "${raw}")`);
  return raw;
};

/** 32 bytes in base64, kept as written (Buffers cannot be frozen into the configuration). */
const parseKey32 = (raw: string): string => {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64').replace(/=+$/, '') !== raw.replace(/=+$/, '')) {
    throw new Invalid('must be 32 bytes in base64 (e.g. from "openssl rand -base64 32")');
  }
  return raw;
};

// --- single sign-on (OpenID Connect) ---

const LOOPBACK_HOST = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/;

const parseOidcIssuer = (raw: string): string => {
  const url = new URL(parseUrl(['http:', 'https:'])(raw));
  if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname)) {
    throw new Invalid('must use https:// (http:// only on loopback, for trials)');
  }
  if (url.search || url.hash) throw new Invalid('must be the bare issuer URL, without query or fragment');
  return raw; // kept exactly: the ID tokens' "iss" must equal it
};

const parseOidcScopes = (raw: string): string[] => {
  const scopes = raw.split(/\s+/).filter((s) => s !== '');
  if (!scopes.includes('openid')) throw new Invalid('must include openid');
  return [...new Set(scopes)];
};

const parseClaimName = (raw: string): string => {
  if (!/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/.test(raw))
    throw new Invalid(`"${raw}" is not a claim name or dotted path`);
  return raw;
};

/** `idp-role=role[+role],…`: what each of the identity provider's roles grants here. */
const parseRoleMap = (raw: string): Map<string, Role[]> => {
  const map = new Map<string, Role[]>();
  for (const entry of parseList(raw)) {
    const m = /^([^=]+)=([a-z]+(?:\+[a-z]+)*)$/.exec(entry);
    if (!m) throw new Invalid(`"${entry}" is not idp-role=role (or idp-role=role+role)`);
    const name = (m[1] as string).trim();
    const unknown = (m[2] as string).split('+').filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) throw new Invalid(`${unknown.join(', ')}: not a role (${ROLES.join(', ')})`);
    map.set(name, [...new Set([...(map.get(name) ?? []), ...((m[2] as string).split('+') as Role[])])]);
  }
  if (map.size === 0) throw new Invalid('maps no role');
  return map;
};

/** Single sign-on is configured whole or not at all: a partial setting is refused, never half-used. */
function oidcProblems(env: Environment): ConfigProblem[] {
  const given = (name: ConfigVariable) => (env[name]?.trim() ?? '') !== '';
  const group: ConfigVariable[] = [
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'OIDC_REDIRECT_URL',
    'OIDC_SCOPES',
    'OIDC_ROLES_CLAIM',
    'OIDC_TENANT_CLAIM',
    'OIDC_ID_CLAIM',
    'OIDC_ROLE_MAP',
  ];
  const set = group.filter(given);
  if (set.length === 0) return [];
  const required: ConfigVariable[] = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'];
  const missing = required.filter((name) => !given(name));
  return missing.map((variable) => ({
    variable,
    message: `single sign-on is partly configured (${set.join(', ')} set): ${required.join(', ')} are all needed`,
  }));
}

/** The embedded broker's connect timeout does nothing with an external broker (MQTT_URL): refused there. */
function mqttProblems(env: Environment): ConfigProblem[] {
  const given = (name: ConfigVariable) => (env[name]?.trim() ?? '') !== '';
  if (!given('MQTT_URL')) return [];
  return (['MQTT_CONNECT_TIMEOUT', 'MQTT_FLOOD_DISCONNECT'] as const)
    .filter((name) => given(name))
    .map((variable) => ({ variable, message: 'is used only by the embedded broker: unset it, or unset MQTT_URL' }));
}

/** The NGSI-LD API's body limit narrows the server's: above it, it would let larger bodies in, not fewer. */
function bodyLimitProblems(p: Parsed): ConfigProblem[] {
  const ngsiLd = p.NGSI_LD_BODY_LIMIT;
  const http = p.HTTP_BODY_LIMIT;
  if (ngsiLd === undefined || http === undefined || ngsiLd <= http) return [];
  return [
    { variable: 'NGSI_LD_BODY_LIMIT', message: `must be at most HTTP_BODY_LIMIT (${http} bytes; got ${ngsiLd})` },
  ];
}

/** A webhook sender needs its URL; a URL without the webhook sender would do nothing. */
function messagesProblems(p: Parsed): ConfigProblem[] {
  if (p.MESSAGES_SENDER === 'webhook' && p.MESSAGES_WEBHOOK_URL === undefined) {
    return [
      {
        variable: 'MESSAGES_WEBHOOK_URL',
        message: 'is needed with MESSAGES_SENDER=webhook: where to POST the messages',
      },
    ];
  }
  if (p.MESSAGES_SENDER !== 'webhook' && p.MESSAGES_WEBHOOK_URL !== undefined) {
    return [
      { variable: 'MESSAGES_WEBHOOK_URL', message: 'is used only with MESSAGES_SENDER=webhook: set both, or neither' },
    ];
  }
  return [];
}

/** The schema: every variable Thang Long reads, in the order the README documents them. */
export const configSchema = {
  HOST: variable({
    doc: 'Address the HTTP server listens on; set 0.0.0.0 to serve the network',
    parse: parseHost,
    fallback: '127.0.0.1',
  }),
  PORT: variable({
    doc: 'HTTP port for the APIs, the web app and device HTTP',
    parse: parsePort,
    fallback: '8080',
  }),
  PUBLIC_URL: variable({
    doc: 'URL at which users reach this instance (printed at start, used in links); default http://HOST:PORT',
    parse: parseUrl(['http:', 'https:']),
  }),
  DATA_DIR: variable({
    doc: 'Directory for the embedded database and other local state',
    parse: parsePath,
    fallback: './data',
  }),
  DATABASE_URL: variable({
    doc: 'PostgreSQL (>= 15, with PostGIS) connection URL; unset = embedded PGlite under DATA_DIR',
    parse: parseUrl(['postgres:', 'postgresql:']),
    secret: true,
  }),
  DATABASE_POOL_MAX: variable({
    doc: 'Maximum PostgreSQL connections per instance',
    parse: parseInteger(1, 500),
    fallback: '10',
  }),
  DATABASE_STATEMENT_TIMEOUT: variable({
    doc: 'PostgreSQL cancels any statement running longer than this, so one runaway query cannot hold the pool',
    parse: parseDuration(100, 3_600_000),
    fallback: '30s',
  }),
  LOG_LEVEL: variable({
    doc: 'Log level: fatal, error, warn, info, debug, trace or silent (logs are JSON lines on stdout)',
    parse: parseEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    fallback: 'info',
  }),
  MQTT_PORT: variable({
    doc: 'Port of the embedded MQTT broker for devices (used when MQTT_URL is unset)',
    parse: parsePort,
    fallback: '1883',
  }),
  MQTT_HOST: variable({
    doc: 'Address the embedded MQTT broker listens on; unset = the same as HOST',
    parse: parseHost,
  }),
  MQTT_CLIENT_ID: variable({
    doc: 'Client id prefix at an external broker (MQTT_URL); instances share its subscriptions as one group',
    parse: (raw: string) => {
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(raw)) throw new Invalid('must be letters, digits, _ and -, at most 40');
      return raw;
    },
    fallback: 'thanglong',
  }),
  MQTT_DEVICE_AUTH: variable({
    doc: 'Embedded broker: apikey = a device may connect without credentials, the API key in its topics is its secret (as with FIWARE); credentials = username device id, password API key required',
    parse: parseEnum(['apikey', 'credentials'] as const),
    fallback: 'apikey',
  }),
  MQTT_CONNECT_TIMEOUT: variable({
    doc: 'Embedded broker: time a device has from opening its connection to being answered its CONNECT (credentials checked included); past it the connection is closed',
    parse: parseDuration(1000, 300_000),
    fallback: '30s',
  }),
  MQTT_FLOOD_DISCONNECT: variable({
    doc: 'Embedded broker: a connection whose messages keep being dropped over IOT_DEVICE_RATE for this long (no quiet spell long enough to refill IOT_DEVICE_BURST) is closed',
    parse: parseDuration(1000, 3600_000),
    fallback: '30s',
  }),
  MQTT_URL: variable({
    doc: 'External MQTT broker devices publish to (mqtt:// or mqtts://, MQTT 5); unset = embedded broker on MQTT_PORT',
    parse: parseUrl(['mqtt:', 'mqtts:', 'tcp:', 'tls:']),
    secret: true,
  }),
  IOT_OFFLINE_AFTER: variable({
    doc: 'A device not heard from for this long is shown offline',
    parse: parseDuration(10_000, 30 * 24 * 3600_000),
    fallback: '10m',
  }),
  IOT_BATCH_SIZE: variable({
    doc: 'Most measures stored in one database write',
    parse: parseInteger(1, 100_000),
    fallback: '5000',
  }),
  IOT_BATCH_WAIT: variable({
    doc: 'How long measures wait for company before a write, when no write is running',
    parse: parseDuration(0, 1000),
    fallback: '5ms',
  }),
  IOT_MAX_PENDING: variable({
    doc: 'Measures received but not yet stored beyond which devices are held back (MQTT) or told to retry (HTTP 503)',
    parse: parseInteger(100, 10_000_000),
    fallback: '100000',
  }),
  IOT_MAX_PAYLOAD: variable({
    doc: 'Largest device message accepted',
    parse: parseSize(256, 16 * 1024 ** 2),
    fallback: '64kb',
  }),
  IOT_MAX_FUTURE: variable({
    doc: 'How far ahead of the server clock a device timestamp may be before the reading is refused',
    parse: parseDuration(0, 24 * 3600_000),
    fallback: '5m',
  }),
  IOT_DEVICE_RATE: variable({
    doc: 'Messages a second one device may send, sustained: per MQTT connection and device (more are dropped and counted), per device on HTTP (more are answered 429); the default is the most the demo simulator sends a device at any DEMO_SPEED',
    parse: parseInteger(1, 10_000),
    fallback: '20',
  }),
  IOT_DEVICE_BURST: variable({
    doc: 'Messages one device may send at once above IOT_DEVICE_RATE after a quiet spell (a backlog sent after a reconnection)',
    parse: parseInteger(1, 100_000),
    fallback: '200',
  }),
  IOT_AUTOPROVISION_PER_HOUR: variable({
    doc: 'New devices a service group with autoprovision may register in any hour; past it a new device is refused (IOT_AUTOPROVISION_LIMIT) and its devices already known go on. The default lets a city fleet join in an hour (the demo brings 184 buses at its first start)',
    parse: parseInteger(1, 1_000_000),
    fallback: '1000',
  }),
  NATS_URL: variable({
    doc: 'Not supported yet: setting it stops the start (events between instances are still to come)',
    parse: (): never => {
      throw new Invalid('NATS_URL is not supported yet: multi-instance events are still to come');
    },
  }),
  DEMO: variable({
    doc: 'on: load the living Hanoi demo on first start; off: an empty city for production',
    parse: parseEnum(['on', 'off'] as const),
    fallback: 'on',
  }),
  DEMO_SPEED: variable({
    doc: "The demo simulator's clock: simulated seconds per real second (1 = real time)",
    parse: parseInteger(1, 3600),
    fallback: '1',
  }),
  DEMO_START: variable({
    doc: "Where the demo simulator's clock starts: HH:MM (the latest such time in Hanoi) or an ISO 8601 date-time; unset = now",
    parse: parseClockStart,
  }),
  DEMO_LAG: variable({
    doc: "How far behind the present the demo simulator's clock settles (e.g. 9h): it runs at DEMO_SPEED until it reaches the present less this, then at real time, so Hanoi's day can be shown at any hour. Its readings then lie in the past: alarms are raised on their own timeline, public warnings are not (a warning speaks of now)",
    parse: parseDuration(0, 7 * 24 * 3600_000),
    fallback: '0',
  }),
  DEMO_CALLS: variable({
    doc: "How often, on average, the demo's simulated emergency calls come (a duration, e.g. 4m); 0 = none. Only with DEMO=on and the emergency module",
    parse: parseDuration(0, 24 * 3600_000),
    fallback: '4m',
  }),
  DEMO_REPORTS: variable({
    doc: "How often, on average, the demo's citizens report a problem (a duration, e.g. 3m); 0 = none. Only with DEMO=on and the reports module",
    parse: parseDuration(0, 24 * 3600_000),
    fallback: '3m',
  }),
  MAP_STYLE_URL: variable({
    doc: 'A MapLibre style (vector or raster tiles) for the operations-centre map; unset = the offline basemap built from the city facts',
    parse: parseUrl(['http:', 'https:']),
  }),
  WEB_DIST: variable({
    doc: "Directory of the operations centre's built page; unset = apps/web/dist (`npm run build`)",
    parse: parsePath,
  }),
  AUTH_TOKEN_SECRET: variable({
    doc: 'Key (>= 32 characters) signing session tokens; unset = a random key kept in the database',
    parse: parseSecret(32),
    secret: true,
  }),
  AUTH_TOKEN_TTL: variable({
    doc: 'How long a login session lasts (e.g. 12h)',
    parse: parseDuration(60_000, 30 * 86_400_000),
    fallback: '12h',
  }),
  AUTH_ANONYMOUS_READ: variable({
    doc: 'API families readable without logging in, comma-separated (e.g. context,environment,metrics)',
    parse: parseFamilyList,
    fallback: '',
  }),
  AUTH_ADMIN_PASSWORD: variable({
    doc: 'Password of the first admin created on an empty database; unset = a random one printed once on standard error, to be changed at the first login',
    // Judged at start like a login's new password (it is the admin's), not after the migrations.
    parse: (raw: string): string => {
      const password = parseSecret(12)(raw);
      try {
        return checkPasswordStrength(password, 'admin');
      } catch (err) {
        throw new Invalid((err as Error).message);
      }
    },
    secret: true,
  }),
  AUTH_LOCK_AFTER: variable({
    doc: 'Failed logins in a row after which an account is locked (429) until AUTH_LOCK_DURATION passes or an admin unlocks it',
    parse: parseInteger(1, 1000),
    fallback: '10',
  }),
  AUTH_LOCK_DURATION: variable({
    doc: 'How long a locked account, or a source address over AUTH_ADDRESS_FAILURES, waits',
    parse: parseDuration(1000, 7 * 86_400_000),
    fallback: '15m',
  }),
  AUTH_ADDRESS_FAILURES: variable({
    doc: 'Failed authentications (passwords, session tokens, platform API keys, device apikeys) one source address may make per AUTH_LOCK_DURATION before it gets 429 (valid session tokens still pass); off = no limit (per instance)',
    parse: parseLimit(1_000_000),
    fallback: '50',
  }),
  AUTH_LOGIN_RATE_LIMIT: variable({
    doc: 'Login attempts per minute from one source address; off = no limit (per instance)',
    parse: parseLimit(1_000_000),
    fallback: '30',
  }),
  API_KEY_RATE_LIMIT: variable({
    doc: 'Requests per minute one API key may make, answered 429 beyond; off = no limit (per instance)',
    parse: parseLimit(10_000_000),
    fallback: '600',
  }),
  OIDC_ISSUER: variable({
    doc: "Single sign-on: the city's OpenID Connect identity provider (its /.well-known/openid-configuration is read); https, or http on loopback; unset = local accounts only",
    parse: parseOidcIssuer,
  }),
  OIDC_CLIENT_ID: variable({
    doc: 'Single sign-on: the client id Thang Long is registered with at the identity provider',
    parse: (raw: string) => raw,
  }),
  OIDC_CLIENT_SECRET: variable({
    doc: 'Single sign-on: the client secret for that client id',
    parse: parseSecret(8),
    secret: true,
  }),
  OIDC_REDIRECT_URL: variable({
    doc: 'Single sign-on: the callback URL registered at the identity provider; unset = PUBLIC_URL + /api/v1/auth/oidc/callback',
    parse: parseUrl(['http:', 'https:']),
  }),
  OIDC_SCOPES: variable({
    doc: 'Single sign-on: scopes asked for, space-separated (must include openid)',
    parse: parseOidcScopes,
    fallback: 'openid profile',
  }),
  OIDC_ROLES_CLAIM: variable({
    doc: "Single sign-on: the ID token claim (dotted path, e.g. realm_access.roles) with the identity provider's role names",
    parse: parseClaimName,
    fallback: 'roles',
  }),
  OIDC_TENANT_CLAIM: variable({
    doc: 'Single sign-on: the ID token claim with the tenant of the account; unset = the default tenant',
    parse: parseClaimName,
  }),
  OIDC_ID_CLAIM: variable({
    doc: "Single sign-on of applicants (online public services): the claim (or dotted path) holding a citizen's national ID number",
    parse: parseClaimName,
    fallback: 'national_id',
  }),
  OIDC_ROLE_MAP: variable({
    doc: 'Single sign-on: identity provider roles to Thang Long roles, e.g. ioc-operators=operator,city-it=admin+monitor; a role not listed grants nothing',
    parse: parseRoleMap,
  }),
  CORS_ORIGINS: variable({
    doc: 'Browser origins allowed to call the API, comma-separated, or * (default: none)',
    parse: parseCorsOrigins,
    fallback: '',
  }),
  HTTP_BODY_LIMIT: variable({
    doc: 'Largest request body accepted (e.g. 1mb)',
    parse: parseSize(1024, 1024 ** 3),
    fallback: '8mb',
  }),
  HTTP_REQUEST_TIMEOUT: variable({
    doc: 'Time allowed to receive a whole request before it is cut off',
    parse: parseDuration(1000, 3_600_000),
    fallback: '30s',
  }),
  HTTP_KEEPALIVE_TIMEOUT: variable({
    doc: 'How long an idle keep-alive connection stays open',
    parse: parseDuration(1000, 600_000),
    fallback: '72s',
  }),
  NGSI_LD_ANONYMOUS: variable({
    doc: 'NGSI-LD API without logging in: off, read (queries) or write (everything; for conformance runs)',
    parse: parseEnum(['off', 'read', 'write'] as const),
    fallback: 'off',
  }),
  CONTEXT_ALIASES: variable({
    doc: 'JSON file mapping @context URLs to local files, consulted before any download (air-gapped sites)',
    parse: parsePath,
  }),
  CONTEXT_FETCH_TIMEOUT: variable({
    doc: 'Time allowed to download a remote @context before LdContextNotAvailable',
    parse: parseDuration(100, 60_000),
    fallback: '5s',
  }),
  CONTEXT_MAX_SIZE: variable({
    doc: 'Largest remote @context accepted',
    parse: parseSize(1024, 64 * 1024 ** 2),
    fallback: '2mb',
  }),
  NGSI_LD_MAX_LIMIT: variable({
    doc: 'Largest page of entities one query may return (limit); more gives TooManyResults',
    parse: parseInteger(1, 100_000),
    fallback: '1000',
  }),
  NGSI_LD_BODY_LIMIT: variable({
    doc: 'Largest request body the NGSI-LD API accepts (an entity, a batch, a subscription); more gives 413. At most HTTP_BODY_LIMIT',
    parse: parseSize(1024, 1024 ** 3),
    fallback: '1mb',
  }),
  NGSI_LD_MAX_ATTRIBUTES: variable({
    doc: 'Most attributes one entity may hold; a write that would leave it with more (and more than it had) gives 400 BadRequestData',
    parse: parseInteger(1, 100_000),
    fallback: '1000',
  }),
  NGSI_LD_HISTORY_RETENTION: variable({
    doc: 'How long the broker keeps history (ISO 8601 duration, e.g. P1Y); unset = forever; rules per tenant/type override it',
    parse: parseIsoDuration,
  }),
  NGSI_LD_TEMPORAL_MAX_INSTANCES: variable({
    doc: 'Most instances of one attribute a temporal response carries; beyond, 206 Partial Content with a Content-Range',
    parse: parseInteger(1, 1_000_000),
    fallback: '1000',
  }),
  EVENT_STREAMS_PER_CALLER: variable({
    doc: 'Event streams (GET /api/v1/events) one API key or account (anonymous: one address) may hold open at once on this instance; beyond, 429 TOO_MANY_STREAMS',
    parse: parseInteger(1, 1000),
    fallback: '8',
  }),
  NGSI_LD_NOTIFICATION_TIMEOUT: variable({
    doc: 'Time a notification receiver (HTTP or MQTT) has to accept one notification before it counts as failed',
    parse: parseDuration(100, 300_000),
    fallback: '10s',
  }),
  NGSI_LD_NOTIFICATION_MAX_AGE: variable({
    doc: 'How long an undeliverable notification is retried (with backoff) before it is dropped',
    parse: parseDuration(10_000, 30 * 24 * 3600_000),
    fallback: '24h',
  }),
  OUTBOUND_ALLOW: variable({
    doc: 'Internal destinations the server may send requests to (@context downloads, notifications), comma-separated host names, host:port, addresses or CIDR networks; every other loopback, private or link-local address is refused',
    parse: (raw: string) => {
      try {
        return parseAllowList(raw);
      } catch (err) {
        throw new Invalid((err as Error).message);
      }
    },
    fallback: '',
  }),
  SHUTDOWN_TIMEOUT: variable({
    doc: 'Time allowed on SIGTERM/SIGINT to finish in-flight work before exiting anyway',
    parse: parseDuration(1000, 600_000),
    fallback: '30s',
  }),
  AUDIT_RETENTION: variable({
    doc: 'How long audit records are kept (ISO 8601 duration, e.g. P5Y); unset = forever. The oldest go, the chain stays verifiable',
    parse: parseIsoDuration,
  }),
  PERSONAL_DATA_KEY: variable({
    doc: 'Master key of personal data (32 bytes, base64: openssl rand -base64 32); unset = a key generated in DATA_DIR/personal-data.key, with a warning',
    parse: parseKey32,
    secret: true,
  }),
  PERSONAL_DATA_KEY_PREVIOUS: variable({
    doc: 'During a key rotation: the master key being replaced, still accepted for reading until "thanglong keys rotate" has run',
    parse: parseKey32,
    secret: true,
  }),
  MESSAGES_SENDER: variable({
    doc: 'How messages to people (one-time codes, updates on their dossiers) leave: local (kept in the outbox, GET /api/v1/messages) or webhook (POSTed to MESSAGES_WEBHOOK_URL, an e-mail or SMS gateway)',
    parse: parseEnum(['local', 'webhook'] as const),
    fallback: 'local',
  }),
  MESSAGES_WEBHOOK_URL: variable({
    doc: 'Where the webhook sender POSTs each message to a person (JSON), through the outbound guard; only with MESSAGES_SENDER=webhook',
    parse: parseUrl(['http:', 'https:']),
  }),
} as const;

export type ConfigVariable = keyof typeof configSchema;
type Parsed = { [K in ConfigVariable]: ReturnType<(typeof configSchema)[K]['parse']> | undefined };

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads `.env` in `cwd` if present; variables already in the environment win. */
export function environmentWithDotEnv(env: Environment, cwd: string): Environment {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, '.env'), 'utf8');
  } catch {
    return env;
  }
  return { ...parseEnv(text), ...env };
}

/** A module's share of the configuration: the variables it reads and the settings it makes of them. */
export interface ModuleConfig<Settings> {
  readonly variables: Readonly<Record<string, Variable<unknown>>>;
  read(values: Readonly<Record<string, unknown>>): Settings;
}

/** What the configuration needs to know of a module (its definition, see platform/modules.ts). */
export interface ConfiguredModule {
  readonly name: string;
  readonly config?: ModuleConfig<unknown>;
}

function parseVariables(
  schema: Readonly<Record<string, Variable<unknown>>>,
  env: Environment,
  problems: ConfigProblem[],
): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const given = env[name];
    const raw = given === undefined || given.trim() === '' ? spec.fallback : given.trim();
    if (raw === undefined) {
      parsed[name] = undefined;
      continue;
    }
    try {
      parsed[name] = spec.parse(raw);
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      problems.push({ variable: name, message: e.message });
    }
  }
  return parsed;
}

/** Every variable: the platform's, then each module's in the order of the module list. */
function allVariables(modules: readonly ConfiguredModule[]): [string, Variable<unknown>][] {
  const all: [string, Variable<unknown>][] = Object.entries(configSchema);
  for (const m of modules) {
    for (const entry of Object.entries(m.config?.variables ?? {})) {
      if (all.some(([name]) => name === entry[0])) {
        throw new Error(`module ${m.name} declares ${entry[0]}, a variable already declared`);
      }
      all.push(entry);
    }
  }
  return all;
}

/**
 * Validates the environment against the schema and the variables of the modules given; throws a
 * ConfigError naming every problem.
 */
export function loadConfig(
  env: Environment,
  cwd: string = process.cwd(),
  modules: readonly ConfiguredModule[] = [],
): Config {
  allVariables(modules); // two declarations of one variable are a programming error, caught at start
  const problems: ConfigProblem[] = [];
  const parsed = parseVariables(configSchema, env, problems);
  const moduleValues = modules.map((m) => [m, parseVariables(m.config?.variables ?? {}, env, problems)] as const);
  problems.push(...oidcProblems(env));
  problems.push(...demoClockProblems(parsed as Parsed));
  problems.push(...messagesProblems(parsed as Parsed));
  problems.push(...mqttProblems(env));
  problems.push(...bodyLimitProblems(parsed as Parsed));
  if (problems.length > 0) throw new ConfigError(problems);
  // A module's read may find values that do not go together (one needs another): a problem like the rest.
  const settings = Object.fromEntries(
    moduleValues.map(([m, values]) => {
      try {
        return [m.name, m.config?.read(values)];
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        problems.push({ variable: err.variable ?? m.name, message: err.message });
        return [m.name, undefined];
      }
    }),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  const p = parsed as Parsed;
  const must = <T>(v: T | undefined): T => v as T;

  const host = must(p.HOST);
  const port = must(p.PORT);
  return deepFreeze({
    http: {
      host,
      port,
      publicUrl: p.PUBLIC_URL?.replace(/\/+$/, ''),
      bodyLimitBytes: must(p.HTTP_BODY_LIMIT),
      requestTimeoutMs: must(p.HTTP_REQUEST_TIMEOUT),
      keepAliveTimeoutMs: must(p.HTTP_KEEPALIVE_TIMEOUT),
      corsOrigins: must(p.CORS_ORIGINS),
    },
    dataDir: resolve(cwd, must(p.DATA_DIR)),
    database: {
      url: p.DATABASE_URL,
      poolMax: must(p.DATABASE_POOL_MAX),
      statementTimeoutMs: must(p.DATABASE_STATEMENT_TIMEOUT),
    },
    log: { level: must(p.LOG_LEVEL) },
    mqtt: {
      port: must(p.MQTT_PORT),
      host: p.MQTT_HOST ?? must(p.HOST),
      url: p.MQTT_URL,
      clientId: must(p.MQTT_CLIENT_ID),
      deviceAuth: must(p.MQTT_DEVICE_AUTH),
      connectTimeoutMs: must(p.MQTT_CONNECT_TIMEOUT),
      floodDisconnectMs: must(p.MQTT_FLOOD_DISCONNECT),
    },
    ingest: {
      offlineAfterMs: must(p.IOT_OFFLINE_AFTER),
      batchMeasures: must(p.IOT_BATCH_SIZE),
      batchWaitMs: must(p.IOT_BATCH_WAIT),
      maxPendingMeasures: must(p.IOT_MAX_PENDING),
      maxPayloadBytes: must(p.IOT_MAX_PAYLOAD),
      maxFutureMs: must(p.IOT_MAX_FUTURE),
      deviceRate: must(p.IOT_DEVICE_RATE),
      deviceBurst: must(p.IOT_DEVICE_BURST),
      autoprovisionPerHour: must(p.IOT_AUTOPROVISION_PER_HOUR),
    },
    demo: p.DEMO === 'on',
    demoClock: { speed: must(p.DEMO_SPEED), start: p.DEMO_START, lagMs: must(p.DEMO_LAG) },
    demoCallsMs: must(p.DEMO_CALLS),
    demoReportsMs: must(p.DEMO_REPORTS),
    web: { mapStyleUrl: p.MAP_STYLE_URL, dist: p.WEB_DIST === undefined ? undefined : resolve(cwd, p.WEB_DIST) },
    auth: {
      tokenSecret: p.AUTH_TOKEN_SECRET,
      tokenTtlSeconds: Math.round(must(p.AUTH_TOKEN_TTL) / 1000),
      anonymousRead: must(p.AUTH_ANONYMOUS_READ),
      adminPassword: p.AUTH_ADMIN_PASSWORD,
      lockAfter: must(p.AUTH_LOCK_AFTER),
      lockSeconds: Math.round(must(p.AUTH_LOCK_DURATION) / 1000),
      addressFailures: p.AUTH_ADDRESS_FAILURES ?? null,
      loginRateLimit: p.AUTH_LOGIN_RATE_LIMIT ?? null,
      apiKeyRateLimit: p.API_KEY_RATE_LIMIT ?? null,
    },
    oidc:
      p.OIDC_ISSUER === undefined
        ? undefined
        : {
            issuer: p.OIDC_ISSUER,
            clientId: must(p.OIDC_CLIENT_ID),
            clientSecret: must(p.OIDC_CLIENT_SECRET),
            redirectUrl: p.OIDC_REDIRECT_URL,
            scopes: must(p.OIDC_SCOPES),
            rolesClaim: must(p.OIDC_ROLES_CLAIM),
            tenantClaim: p.OIDC_TENANT_CLAIM,
            idClaim: must(p.OIDC_ID_CLAIM),
            roleMap: must(p.OIDC_ROLE_MAP),
          },
    shutdownTimeoutMs: must(p.SHUTDOWN_TIMEOUT),
    modules: settings,
    ngsiLd: {
      anonymous: must(p.NGSI_LD_ANONYMOUS),
      contextAliases: p.CONTEXT_ALIASES === undefined ? undefined : resolve(cwd, p.CONTEXT_ALIASES),
      contextFetchTimeoutMs: must(p.CONTEXT_FETCH_TIMEOUT),
      contextMaxBytes: must(p.CONTEXT_MAX_SIZE),
      maxLimit: must(p.NGSI_LD_MAX_LIMIT),
      bodyLimitBytes: must(p.NGSI_LD_BODY_LIMIT),
      maxAttributes: must(p.NGSI_LD_MAX_ATTRIBUTES),
      notificationTimeoutMs: must(p.NGSI_LD_NOTIFICATION_TIMEOUT),
      notificationMaxAgeMs: must(p.NGSI_LD_NOTIFICATION_MAX_AGE),
      historyRetention: p.NGSI_LD_HISTORY_RETENTION,
      temporalMaxInstances: must(p.NGSI_LD_TEMPORAL_MAX_INSTANCES),
      eventStreamsPerCaller: must(p.EVENT_STREAMS_PER_CALLER),
    },
    outbound: { allow: must(p.OUTBOUND_ALLOW) },
    audit: { retention: p.AUDIT_RETENTION },
    personalData: { key: p.PERSONAL_DATA_KEY, previousKey: p.PERSONAL_DATA_KEY_PREVIOUS },
    messages: { sender: must(p.MESSAGES_SENDER), webhookUrl: p.MESSAGES_WEBHOOK_URL },
  });
}

export interface EffectiveVariable {
  readonly name: string;
  readonly value: string | undefined;
  readonly source: 'environment' | 'default' | 'unset';
  readonly doc: string;
}

/** The effective value of every variable, secrets redacted, for `thanglong config`. */
export function describeConfig(env: Environment, modules: readonly ConfiguredModule[] = []): EffectiveVariable[] {
  return allVariables(modules).map(([name, spec]) => {
    const given = env[name]?.trim();
    const source = given ? 'environment' : spec.fallback !== undefined ? 'default' : 'unset';
    const raw = given || spec.fallback;
    return { name, value: raw === undefined ? undefined : redact(spec, raw), source, doc: spec.doc };
  });
}

function redact(spec: Variable<unknown>, raw: string): string {
  if (!spec.secret) return raw;
  try {
    const url = new URL(raw);
    if (url.host) {
      if (url.password) url.password = 'redacted';
      if (url.username && !url.password) url.username = 'redacted';
      return url.toString();
    }
  } catch {
    // not a URL: a plain secret
  }
  return '[redacted]';
}

/** Where Thang Long says it can be reached. */
export function publicUrl(config: Config, boundPort = config.http.port): string {
  if (config.http.publicUrl) return config.http.publicUrl;
  const host = ['0.0.0.0', '::', '[::]'].includes(config.http.host) ? 'localhost' : config.http.host;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${shown}:${boundPort}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
