import { PayloadRejected } from './errors.js';

/**
 * The IoT Agent JSON payload: an object of measures keyed by object_id, or an array of such objects
 * for readings a device buffered. A `TimeInstant` measure says when the reading was taken.
 * Decoding checks everything that does not depend on the device, so nothing is written from a
 * payload that is only partly good.
 */

export interface Reading {
  /** When the reading was taken (ISO 8601 UTC): its TimeInstant, else the time it was received. */
  readonly observedAt: string;
  /** The device said when (TimeInstant): the same reading sent again can be recognised. */
  readonly timed: boolean;
  /** Measures in payload order, by object_id. */
  readonly measures: ReadonlyArray<readonly [objectId: string, value: unknown]>;
}

export interface DecodeLimits {
  readonly maxBytes: number;
  readonly maxMeasuresPerReading: number;
  readonly maxReadings: number;
  /** How far ahead of the clock a TimeInstant may be (device clocks drift; beyond this it is a bug). */
  readonly maxFutureMs: number;
}

export const DEFAULT_LIMITS: DecodeLimits = {
  maxBytes: 64 * 1024,
  maxMeasuresPerReading: 200,
  maxReadings: 500,
  maxFutureMs: 5 * 60_000,
};

export const TIME_INSTANT = 'TimeInstant';

const OBJECT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** How deeply a payload may nest objects and arrays, counting its own outer object or array. */
export const MAX_DEPTH = 32;
/** The years a device timestamp may name: before 1970 is a clock that was never set, after 9999 not ISO 8601. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

// Half of a surrogate pair: like a NUL, text PostgreSQL refuses to store (and nobody can read back).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Decimal numbers only: no hex, no Infinity, no blank (which Number() would read as 16, Infinity, 0). */
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/;
const LATEST = Date.UTC(MAX_YEAR + 1, 0, 1);
const EARLIEST = Date.UTC(MIN_YEAR, 0, 1);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Can this text be stored as sent: no NUL character, no lone UTF-16 surrogate? */
export const isStorableText = (text: string): boolean => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

export const unstorableText = (where: string): PayloadRejected =>
  new PayloadRejected(
    'invalid_text',
    `${where} contains a NUL character or a lone UTF-16 surrogate (e.g. \\u0000, \\ud800), which cannot be stored.`,
  );

/** The number a decimal numeral says (possibly ±Infinity when out of range), or undefined if it is not one. */
export const decimalNumber = (text: string): number | undefined => (DECIMAL.test(text) ? Number(text) : undefined);

/**
 * The instant a strict ISO 8601 date-time names: a real calendar date, a year in MIN_YEAR..MAX_YEAR,
 * seconds 0..59, and a time zone (Z or ±hh:mm, at most ±14:00). Undefined otherwise.
 */
export function parseDateTime(text: string): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, sign, zh, zm] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate() || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offset = 0;
  if (sign !== undefined) {
    const hours = Number(zh);
    const minutes = Number(zm);
    if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
    offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const ms = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  return at >= EARLIEST && at < LATEST ? new Date(at) : undefined;
}

/** Does this JSON text nest objects and arrays deeper than `max`? (Read before parsing, without recursion.) */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export const tooDeep = (where: string): PayloadRejected =>
  new PayloadRejected('too_deep', `${where} nests objects and arrays more than ${MAX_DEPTH} levels deep.`);

/** The payload as text, once it is known not to be too large and to be UTF-8. */
export function payloadText(raw: Buffer | string, limits: DecodeLimits): string {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > limits.maxBytes) {
    throw new PayloadRejected(
      'too_large',
      `The payload has ${size} bytes; at most ${limits.maxBytes} are accepted.`,
      413,
    );
  }
  if (typeof raw === 'string') return raw;
  try {
    return UTF8.decode(raw);
  } catch {
    throw new PayloadRejected('invalid_text', 'The payload is not UTF-8 text.');
  }
}

/** Parses device JSON whose nesting is first checked (parsed values are walked recursively afterwards). */
export function parseDeviceJson(text: string, where = 'The payload'): unknown {
  if (nestsDeeperThan(text, MAX_DEPTH)) throw tooDeep(where);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PayloadRejected('invalid_json', `${where} is not JSON: ${(err as Error).message}`);
  }
}

/** Decodes a payload received at `receivedAt`; throws PayloadRejected with the first problem found. */
export function decodeJsonPayload(raw: Buffer | string, receivedAt: Date, limits = DEFAULT_LIMITS): Reading[] {
  return decodeMeasures(parseDeviceJson(payloadText(raw, limits)), receivedAt, limits);
}

/** Decodes an already parsed payload (object or array of objects). */
export function decodeMeasures(body: unknown, receivedAt: Date, limits = DEFAULT_LIMITS): Reading[] {
  const objects = Array.isArray(body) ? body : [body];
  if (objects.length === 0) throw new PayloadRejected('invalid_payload', 'The payload is an empty array.');
  if (objects.length > limits.maxReadings) {
    throw new PayloadRejected(
      'too_many_readings',
      `The payload has ${objects.length} readings; at most ${limits.maxReadings} are accepted.`,
    );
  }
  return objects.map((object, index) => decodeReading(object, index, Array.isArray(body), receivedAt, limits));
}

function decodeReading(
  object: unknown,
  index: number,
  buffered: boolean,
  receivedAt: Date,
  limits: DecodeLimits,
): Reading {
  const where = buffered ? `Reading ${index}` : 'The payload';
  if (!isObject(object)) {
    throw new PayloadRejected('invalid_payload', `${where} must be a JSON object of measures.`);
  }
  const entries = Object.entries(object);
  if (entries.length > limits.maxMeasuresPerReading) {
    throw new PayloadRejected(
      'too_many_attributes',
      `${where} has ${entries.length} measures; at most ${limits.maxMeasuresPerReading} are accepted.`,
    );
  }
  let observedAt = receivedAt.toISOString();
  let timed = false;
  const measures: [string, unknown][] = [];
  for (const [objectId, value] of entries) {
    if (objectId === TIME_INSTANT) {
      observedAt = checkTimeInstant(value, where, receivedAt, limits);
      timed = true;
      continue;
    }
    if (!OBJECT_ID.test(objectId)) {
      throw new PayloadRejected(
        'invalid_payload',
        `${where}: "${objectId.slice(0, 64)}" is not a measure name (letters, digits, _ . : -, at most 128).`,
      );
    }
    checkValue(value, `${where}: measure ${objectId}`, buffered ? 3 : 2);
    measures.push([objectId, value]);
  }
  if (measures.length === 0) throw new PayloadRejected('invalid_payload', `${where} has no measures.`);
  return { observedAt, timed, measures };
}

export function checkTimeInstant(value: unknown, where: string, receivedAt: Date, limits: DecodeLimits): string {
  const at = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (!at) {
    throw new PayloadRejected(
      'invalid_timestamp',
      `${where}: TimeInstant must be an ISO 8601 date-time with a time zone, a real date in the years ` +
        `${MIN_YEAR}..${MAX_YEAR} (got ${JSON.stringify(value)?.slice(0, 80)}).`,
    );
  }
  if (at.getTime() - receivedAt.getTime() > limits.maxFutureMs) {
    throw new PayloadRejected(
      'future_timestamp',
      `${where}: TimeInstant ${String(value)} is more than ${limits.maxFutureMs / 1000} s ahead of the server's clock.`,
    );
  }
  return at.toISOString();
}

/**
 * Numbers must be finite (JSON like 1e999 parses to Infinity); null means nothing and is refused;
 * text must be storable; nesting is bounded (depth counts from the payload's outer object).
 */
function checkValue(value: unknown, where: string, depth: number): void {
  if (value === null) throw new PayloadRejected('wrong_type', `${where} is null.`);
  if (typeof value === 'string') {
    if (!isStorableText(value)) throw unstorableText(where);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PayloadRejected('not_finite', `${where} is not a finite number.`);
    return;
  }
  if (typeof value !== 'object') return;
  if (depth > MAX_DEPTH) throw tooDeep(where);
  if (Array.isArray(value)) {
    for (const item of value) checkValue(item, where, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) throw unstorableText(`${where}: a member name`);
    checkValue(item, where, depth + 1);
  }
}
