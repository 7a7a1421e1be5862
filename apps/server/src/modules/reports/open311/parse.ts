/**
 * POST requests: an app's form (urlencoded or multipart text fields, or a JSON body with the same
 * names) read into a new report, checked against the service's definition.
 *
 * Every problem is reported at once, each naming its field, as Open311 errors with the HTTP status in
 * `code`. An unknown service_code is a 404 "service_code not found", as the specification's POST
 * Service Request lists it ("404 - service_code or jurisdiction_id was not found"), and first, so the
 * response carries that status; every other problem is a 400. Whether the place lies
 * in the city, and whether a media_url is acceptable, are the service's checks, not the codec's.
 * Attributes the service does not ask are dropped; informational ones (variable false) are not asked.
 */
import type { NewReport, ReportService, ServiceAttribute } from '../model.js';
import type { Open311Error } from './format.js';

export type ParsedReport = Omit<NewReport, 'mediaIds' | 'channel' | 'language'>;
export type ParseResult = { ok: true; report: ParsedReport } | { ok: false; errors: Open311Error[] };

/** The specification's limit on a description. */
export const MAX_DESCRIPTION_CHARS = 4000;
const MAX_ADDRESS_CHARS = 1000;
const MAX_SHORT_CHARS = 200;
const MAX_MEDIA_URLS = 10;

type Raw = Readonly<Record<string, unknown>>;

/** A field's values as texts: a form repeats a name, a JSON body may send a number or a list. */
function texts(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(texts);
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  return [];
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;

/** attribute[code]=v, attribute[code][]=v, or (JSON, or a form parser that nests) attribute: {code: v}. */
function attributeValues(fields: Raw): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (code: string, v: unknown) => {
    const values = texts(v)
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (values.length > 0) out.set(code, [...(out.get(code) ?? []), ...values]);
  };
  for (const [key, v] of Object.entries(fields)) {
    const m = ATTRIBUTE_KEY.exec(key);
    if (m?.[1]) add(m[1], v);
    else if (key === 'attribute' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [code, x] of Object.entries(v as Raw)) add(code, x);
    }
  }
  return out;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkAttribute(a: ServiceAttribute, values: string[] | undefined, errors: Open311Error[]): void {
  const field = `attribute[${a.code}]`;
  if (!values || values.length === 0) {
    if (a.required) errors.push({ code: 400, description: `${field}: required by this service` });
    return;
  }
  const keys = new Set((a.values ?? []).map((v) => v.key));
  switch (a.datatype) {
    case 'singlevaluelist':
    case 'multivaluelist': {
      if (a.datatype === 'singlevaluelist' && values.length > 1) {
        errors.push({ code: 400, description: `${field}: only one value may be chosen` });
      }
      for (const v of values) {
        if (!keys.has(v)) {
          errors.push({ code: 400, description: `${field}: "${v}" is not one of ${[...keys].join(', ')}` });
        }
      }
      return;
    }
    case 'number':
      for (const v of values) {
        if (!NUMBER.test(v)) errors.push({ code: 400, description: `${field}: "${v}" is not a number` });
      }
      break;
    case 'datetime':
      for (const v of values) {
        if (!ISO_DATETIME.test(v) || Number.isNaN(Date.parse(v))) {
          errors.push({ code: 400, description: `${field}: "${v}" is not an ISO 8601 date-time` });
        }
      }
      break;
    case 'string':
    case 'text':
      for (const v of values) {
        if (v.length > MAX_DESCRIPTION_CHARS) {
          errors.push({ code: 400, description: `${field}: longer than ${MAX_DESCRIPTION_CHARS} characters` });
        }
      }
      break;
  }
  if (values.length > 1) errors.push({ code: 400, description: `${field}: only one value may be given` });
}

/** A coordinate field: absent, or a number within its range. */
function coordinate(name: 'lat' | 'long', text: string | undefined, limit: number, errors: Open311Error[]) {
  if (text === undefined) return undefined;
  if (!NUMBER.test(text)) {
    errors.push({ code: 400, description: `${name}: "${text}" is not a number` });
    return undefined;
  }
  const n = Number(text);
  if (!Number.isFinite(n) || Math.abs(n) > limit) {
    errors.push({ code: 400, description: `${name}: ${text} is out of range (−${limit} to ${limit})` });
    return undefined;
  }
  return n;
}

/**
 * A POST requests body → the report's parts, or every problem found. `service` is the one named by
 * service_code (undefined when there is none of that code).
 */
export function parseCreate(fields: Raw, service: ReportService | undefined): ParseResult {
  const errors: Open311Error[] = [];
  const one = (name: string, max = MAX_SHORT_CHARS): string | undefined => {
    const all = texts(fields[name]).map((x) => x.trim());
    const v = all.find((x) => x !== '');
    if (v !== undefined && [...v].length > max) {
      errors.push({ code: 400, description: `${name}: longer than ${max} characters` });
    }
    return v;
  };

  const serviceCode = one('service_code');
  if (serviceCode === undefined) {
    errors.push({ code: 400, description: 'service_code: not provided' });
  } else if (!service || service.code !== serviceCode) {
    errors.push({ code: 404, description: `service_code: "${serviceCode}" not found` });
  }

  const latText = one('lat');
  const longText = one('long');
  const lat = coordinate('lat', latText, 90, errors);
  const long = coordinate('long', longText, 180, errors);
  if ((latText === undefined) !== (longText === undefined)) {
    errors.push({
      code: 400,
      description: latText === undefined ? 'lat: required with long' : 'long: required with lat',
    });
  }
  const addressString = one('address_string', MAX_ADDRESS_CHARS);
  const addressId = one('address_id');
  const hasPlace =
    (latText !== undefined && longText !== undefined) || addressString !== undefined || addressId !== undefined;
  if (!hasPlace && !(service?.question ?? false) && latText === undefined && longText === undefined) {
    errors.push({ code: 400, description: 'lat & long, address_string or address_id: a location is required' });
  }

  // The specification counts characters, as does a person: code points, not UTF-16 units.
  const description = one('description', MAX_DESCRIPTION_CHARS);

  const email = one('email');
  if (email !== undefined && !EMAIL.test(email)) {
    errors.push({ code: 400, description: 'email: not an e-mail address' });
  }

  const mediaUrls = texts(fields.media_url)
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (mediaUrls.length > MAX_MEDIA_URLS) {
    errors.push({ code: 400, description: `media_url: at most ${MAX_MEDIA_URLS}` });
  }

  const given = attributeValues(fields);
  const attributes: Record<string, string | string[]> = {};
  if (service && service.code === serviceCode) {
    for (const a of service.attributes) {
      if (!a.variable) continue;
      const values = given.get(a.code);
      checkAttribute(a, values, errors);
      if (values && values.length > 0) {
        attributes[a.code] = a.datatype === 'multivaluelist' ? values : (values[0] as string);
      }
    }
  }

  const contact = Object.fromEntries(
    (
      [
        ['email', email],
        ['phone', one('phone')],
        ['firstName', one('first_name')],
        ['lastName', one('last_name')],
        ['deviceId', one('device_id')],
        ['accountId', one('account_id')],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  const apiKey = one('api_key');

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    report: {
      serviceCode: serviceCode as string,
      ...(lat !== undefined && long !== undefined ? { location: [long, lat] as const } : {}),
      ...(addressString !== undefined ? { addressString } : {}),
      ...(addressId !== undefined ? { addressId } : {}),
      ...(description !== undefined ? { description } : {}),
      attributes,
      contact,
      mediaUrls,
      ...(apiKey !== undefined ? { apiKey } : {}),
    },
  };
}
