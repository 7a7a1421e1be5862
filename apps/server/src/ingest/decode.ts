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

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const OBJECT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The payload as text, once it is known not to be too large. */
export function payloadText(raw: Buffer | string, limits: DecodeLimits): string {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > limits.maxBytes) {
    throw new PayloadRejected(
      'too_large',
      `The payload has ${size} bytes; at most ${limits.maxBytes} are accepted.`,
      413,
    );
  }
  return typeof raw === 'string' ? raw : raw.toString('utf8');
}

/** Decodes a payload received at `receivedAt`; throws PayloadRejected with the first problem found. */
export function decodeJsonPayload(raw: Buffer | string, receivedAt: Date, limits = DEFAULT_LIMITS): Reading[] {
  const text = payloadText(raw, limits);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new PayloadRejected('invalid_json', `The payload is not JSON: ${(err as Error).message}`);
  }
  return decodeMeasures(body, receivedAt, limits);
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
    checkValue(value, `${where}: measure ${objectId}`);
    measures.push([objectId, value]);
  }
  if (measures.length === 0) throw new PayloadRejected('invalid_payload', `${where} has no measures.`);
  return { observedAt, timed, measures };
}

export function checkTimeInstant(value: unknown, where: string, receivedAt: Date, limits: DecodeLimits): string {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new PayloadRejected(
      'invalid_timestamp',
      `${where}: TimeInstant must be an ISO 8601 date-time with a time zone (got ${JSON.stringify(value)}).`,
    );
  }
  const at = new Date(value);
  if (at.getTime() - receivedAt.getTime() > limits.maxFutureMs) {
    throw new PayloadRejected(
      'future_timestamp',
      `${where}: TimeInstant ${value} is more than ${limits.maxFutureMs / 1000} s ahead of the server's clock.`,
    );
  }
  return at.toISOString();
}

/** Numbers must be finite (JSON like 1e999 parses to Infinity); null means nothing and is refused. */
function checkValue(value: unknown, where: string): void {
  if (value === null) throw new PayloadRejected('wrong_type', `${where} is null.`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PayloadRejected('not_finite', `${where} is not a finite number.`);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) checkValue(item, where);
    return;
  }
  if (isObject(value)) for (const item of Object.values(value)) checkValue(item, where);
}
