import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { simulatedStart } from './hanoi-time.js';

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
  };
  readonly nats: { readonly url: string | undefined };
  readonly demo: boolean;
  /** The demo simulator's clock: how fast it runs and where it starts (unset: now). */
  readonly demoClock: { readonly speed: number; readonly start: string | undefined };
  readonly warnings: { readonly aqiFrom: number; readonly capSender: string };
  /** The operations centre: an external map style instead of the offline city basemap, when set. */
  readonly web: { readonly mapStyleUrl: string | undefined };
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
  readonly shutdownTimeoutMs: number;
  readonly ngsiLd: {
    readonly anonymous: 'off' | 'read' | 'write';
    /** Path of a JSON file mapping @context URLs to local files, or undefined. */
    readonly contextAliases: string | undefined;
    readonly contextFetchTimeoutMs: number;
    readonly contextMaxBytes: number;
    readonly maxLimit: number;
    readonly notificationTimeoutMs: number;
    readonly notificationMaxAgeMs: number;
    /** How long history is kept by default (ISO 8601 duration); undefined = forever. */
    readonly historyRetention: string | undefined;
    readonly temporalMaxInstances: number;
  };
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

interface Variable<T> {
  /** One line for the README and `thanglong config`. */
  readonly doc: string;
  readonly parse: (raw: string) => T;
  /** Shown as the default in docs; applied when the variable is unset or empty. */
  readonly fallback?: string;
  readonly secret?: boolean;
}

class Invalid extends Error {}

const variable = <T>(v: Variable<T>): Variable<T> => v;

const parseInteger =
  (min: number, max: number) =>
  (raw: string): number => {
    if (!/^-?\d+$/.test(raw)) throw new Invalid(`must be a whole number (got "${raw}")`);
    const n = Number(raw);
    if (n < min || n > max) throw new Invalid(`must be between ${min} and ${max} (got ${n})`);
    return n;
  };

const parsePort = parseInteger(0, 65535);

const parseEnum =
  <E extends string>(values: readonly E[]) =>
  (raw: string): E => {
    const lower = raw.toLowerCase();
    if (!(values as readonly string[]).includes(lower)) {
      throw new Invalid(`must be one of ${values.join(', ')} (got "${raw}")`);
    }
    return lower as E;
  };

const parseUrl =
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

const parseList = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `12h`, `1500ms`; a bare number is seconds. Returns milliseconds. */
const parseDuration =
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
const parseSize =
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

const parseCapSender = (raw: string): string => {
  if (!/^[^\s,<&"]+$/.test(raw)) throw new Invalid('must have no spaces, commas, "<", "&" or quotes (CAP 1.2)');
  return raw;
};

/** Kept as written: "HH:MM" means the latest such Hanoi time when the simulator starts, not now. */
const parseClockStart = (raw: string): string => {
  try {
    simulatedStart(raw);
  } catch (err) {
    throw new Invalid((err as Error).message);
  }
  return raw;
};

/** An ISO 8601 duration longer than zero, as PostgreSQL reads it: `P90D`, `P1Y`, `PT12H`. */
const parseIsoDuration = (raw: string): string => {
  const m = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.exec(raw);
  if (!m || !/[1-9]/.test(raw)) throw new Invalid(`must be an ISO 8601 duration such as P90D or P1Y (got "${raw}")`);
  return raw;
};

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
  NATS_URL: variable({
    doc: 'NATS JetStream server for events between instances; unset = in-process events (one instance)',
    parse: parseUrl(['nats:', 'tls:']),
    secret: true,
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
  WARNING_AQI_FROM: variable({
    doc: 'VN_AQI from which the area around a station gets a public CAP warning (151 = "Xấu")',
    parse: parseInteger(51, 500),
    fallback: '151',
  }),
  MAP_STYLE_URL: variable({
    doc: 'A MapLibre style (vector or raster tiles) for the operations-centre map; unset = the offline basemap built from the city facts',
    parse: parseUrl(['http:', 'https:']),
  }),
  CAP_SENDER: variable({
    doc: 'The sender of public CAP warnings: globally unique, no spaces or commas (e.g. canhbao@hanoi.gov.vn)',
    parse: parseCapSender,
    fallback: 'thanglong@localhost',
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
    parse: parseSecret(12),
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
    doc: 'Failed authentications (passwords, tokens, API keys) one source address may make per AUTH_LOCK_DURATION before it gets 429; off = no limit (per instance)',
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
  NGSI_LD_HISTORY_RETENTION: variable({
    doc: 'How long the broker keeps history (ISO 8601 duration, e.g. P1Y); unset = forever; rules per tenant/type override it',
    parse: parseIsoDuration,
  }),
  NGSI_LD_TEMPORAL_MAX_INSTANCES: variable({
    doc: 'Most instances of one attribute a temporal response carries; beyond, 206 Partial Content with a Content-Range',
    parse: parseInteger(1, 1_000_000),
    fallback: '1000',
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
  SHUTDOWN_TIMEOUT: variable({
    doc: 'Time allowed on SIGTERM/SIGINT to finish in-flight work before exiting anyway',
    parse: parseDuration(1000, 600_000),
    fallback: '30s',
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

/** Validates the environment against the schema; throws a ConfigError naming every problem. */
export function loadConfig(env: Environment, cwd: string = process.cwd()): Config {
  const problems: ConfigProblem[] = [];
  const parsed = {} as Record<ConfigVariable, unknown>;
  for (const name of Object.keys(configSchema) as ConfigVariable[]) {
    const spec: Variable<unknown> = configSchema[name];
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
    },
    ingest: {
      offlineAfterMs: must(p.IOT_OFFLINE_AFTER),
      batchMeasures: must(p.IOT_BATCH_SIZE),
      batchWaitMs: must(p.IOT_BATCH_WAIT),
      maxPendingMeasures: must(p.IOT_MAX_PENDING),
      maxPayloadBytes: must(p.IOT_MAX_PAYLOAD),
      maxFutureMs: must(p.IOT_MAX_FUTURE),
    },
    nats: { url: p.NATS_URL },
    demo: p.DEMO === 'on',
    demoClock: { speed: must(p.DEMO_SPEED), start: p.DEMO_START },
    warnings: { aqiFrom: must(p.WARNING_AQI_FROM), capSender: must(p.CAP_SENDER) },
    web: { mapStyleUrl: p.MAP_STYLE_URL },
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
    shutdownTimeoutMs: must(p.SHUTDOWN_TIMEOUT),
    ngsiLd: {
      anonymous: must(p.NGSI_LD_ANONYMOUS),
      contextAliases: p.CONTEXT_ALIASES === undefined ? undefined : resolve(cwd, p.CONTEXT_ALIASES),
      contextFetchTimeoutMs: must(p.CONTEXT_FETCH_TIMEOUT),
      contextMaxBytes: must(p.CONTEXT_MAX_SIZE),
      maxLimit: must(p.NGSI_LD_MAX_LIMIT),
      notificationTimeoutMs: must(p.NGSI_LD_NOTIFICATION_TIMEOUT),
      notificationMaxAgeMs: must(p.NGSI_LD_NOTIFICATION_MAX_AGE),
      historyRetention: p.NGSI_LD_HISTORY_RETENTION,
      temporalMaxInstances: must(p.NGSI_LD_TEMPORAL_MAX_INSTANCES),
    },
  });
}

export interface EffectiveVariable {
  readonly name: ConfigVariable;
  readonly value: string | undefined;
  readonly source: 'environment' | 'default' | 'unset';
  readonly doc: string;
}

/** The effective value of every variable, secrets redacted, for `thanglong config`. */
export function describeConfig(env: Environment): EffectiveVariable[] {
  return (Object.keys(configSchema) as ConfigVariable[]).map((name) => {
    const spec: Variable<unknown> = configSchema[name];
    const given = env[name]?.trim();
    const source = given ? 'environment' : spec.fallback !== undefined ? 'default' : 'unset';
    const raw = given || spec.fallback;
    return { name, value: raw === undefined ? undefined : redact(name, raw), source, doc: spec.doc };
  });
}

function redact(name: ConfigVariable, raw: string): string {
  if (!configSchema[name].secret) return raw;
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
