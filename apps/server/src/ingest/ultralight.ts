import {
  checkTimeInstant,
  decimalNumber,
  decodeMeasures,
  payloadText,
  type DecodeLimits,
  type Reading,
} from './decode.js';
import { PayloadRejected } from './errors.js';

/**
 * UltraLight 2.0, the IoT Agent's text format for small devices: `key|value|key|value`, several
 * readings separated by `#`, and `t|<ISO 8601>` giving the reading's time, e.g.
 * `t|2026-11-22T08:00:00+07:00|pm25|41.2|pm10|63`. Values are text; those written as decimal
 * numbers become numbers, and a declared attribute type converts the rest.
 */

export function decodeUltralight(raw: Buffer | string, receivedAt: Date, limits: DecodeLimits): Reading[] {
  const text = payloadText(raw, limits).trim();
  if (text === '') throw new PayloadRejected('invalid_payload', 'The payload is empty.');
  const groups = text.split('#');
  if (groups.length > limits.maxReadings) {
    throw new PayloadRejected(
      'too_many_readings',
      `The payload has ${groups.length} readings; at most ${limits.maxReadings} are accepted.`,
    );
  }
  return groups.map((group, index) => {
    const where = groups.length > 1 ? `Reading ${index}` : 'The payload';
    const parts = group.split('|');
    if (parts.length % 2 !== 0) {
      throw new PayloadRejected('invalid_payload', `${where} is not key|value pairs: "${group.slice(0, 80)}".`);
    }
    const object: Record<string, unknown> = {};
    for (let i = 0; i < parts.length; i += 2) {
      const key = (parts[i] as string).trim();
      const value = (parts[i + 1] as string).trim();
      if (key === 't') {
        object['TimeInstant'] = checkTimeInstant(value, where, receivedAt, limits);
        continue;
      }
      object[key] = decimalNumber(value) ?? value;
    }
    const [reading] = decodeMeasures(object, receivedAt, limits);
    return reading as Reading;
  });
}
