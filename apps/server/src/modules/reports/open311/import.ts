/**
 * Another city's Open311 export (a GET requests response, JSON or XML) read into requests to import.
 *
 * Real servers differ from the specification's examples, and all of these are read:
 * - JSON as a top-level array (the specification, Chicago) or wrapped in an object
 *   (`{"service_requests": [...]}`, Toronto; `{"requests": [{"request": [...]}]}`-like nestings);
 * - XML `<service_requests><request>…`, empty elements (`<address/>`) as absent values;
 * - lat/long as strings, 0/0 or out of range as no place; ids as numbers or texts;
 * - extra fields ignored; Chicago's `extended_attributes` (ward, media urls) and `notes` timelines;
 *   FixMyStreet's `agency_responsible` as `{recipient: [...]}` and its `detail`/`title`;
 * - datetimes with any offset (also `-0500` without a colon), or none: then `assumeOffset` (default
 *   Hanoi's +07:00) is taken; a missing requested_datetime falls back on the "opened" note's time;
 * - extended statuses (fixed, in_progress, duplicate, …) collapsed to open/closed, the original kept.
 * Requests without a service_request_id are skipped and told to `onSkip`. A body that is neither an
 * Open311 JSON nor an XML requests document (or is an Open311 error list) throws ExportUnreadable.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LonLat, Open311Status } from '../model.js';

export interface ImportedNote {
  readonly at?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly type?: string;
}

/** One request of another city's export, in our words; datetimes as UTC ISO 8601. */
export interface ImportedRequest {
  readonly externalId: string;
  readonly serviceCode?: string;
  readonly serviceName?: string;
  readonly status: Open311Status;
  /** The status as the other city wrote it, when it said more than open/closed. */
  readonly externalStatus?: string;
  readonly statusNotes?: string;
  readonly description?: string;
  readonly agencyResponsible?: string;
  readonly requestedAt?: string;
  readonly updatedAt?: string;
  readonly expectedAt?: string;
  readonly location?: LonLat;
  readonly address?: string;
  readonly addressId?: string;
  readonly zipcode?: string;
  readonly ward?: string;
  /** The first photo (media_url). */
  readonly mediaUrl?: string;
  /** Every photo: media_url and any the extensions list. */
  readonly mediaUrls: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly notes: readonly ImportedNote[];
}

export interface ExportOptions {
  /** The offset of datetimes written without one; default +07:00. */
  readonly assumeOffset?: string;
  /** Told of each request left out, by its position in the export. */
  readonly onSkip?: (index: number, reason: string) => void;
}

/** The body is not an Open311 requests export (the reason says why, safe to show the uploader). */
export class ExportUnreadable extends Error {
  override readonly name = 'ExportUnreadable';
}

type Obj = Readonly<Record<string, unknown>>;
/** The fields that have a value: an absent one is left out, not written as undefined. */
const withoutAbsent = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A scalar as a trimmed text; empty, null, objects and lists as undefined. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const W3C = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A datetime as UTC ISO 8601, its offset (or the assumed one) applied; undefined when unreadable. */
export function importTime(v: unknown, assumeOffset = '+07:00'): string | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  const m = W3C.exec(t);
  if (!m) return undefined;
  const [, date, time = '00:00:00', offset] = m;
  let zone = offset ?? assumeOffset;
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  if (!OFFSET.test(zone)) return undefined;
  const ms = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${zone.toUpperCase()}`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

const CLOSED = new Set([
  'closed',
  'fixed',
  'resolved',
  'completed',
  'complete',
  'duplicate',
  'cancelled',
  'canceled',
  'rejected',
  'no_further_action',
  'not_councils_responsibility',
  'not_responsible',
  'unable_to_fix',
  'internal_referral',
]);

function status(raw: string | undefined): { status: Open311Status; externalStatus?: string } {
  if (raw === undefined) return { status: 'open' };
  const key = raw.toLowerCase().replace(/[\s-]+/g, '_');
  if (key === 'open') return { status: 'open' };
  if (key === 'closed') return { status: 'closed' };
  const closed = CLOSED.has(key) || key.startsWith('fixed') || key.startsWith('closed');
  return { status: closed ? 'closed' : 'open', externalStatus: raw };
}

function coordinate(v: unknown, limit: number): number | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  const n = Number(t);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

/** FixMyStreet's agency_responsible is `{recipient: [...]}`; others send a text. */
function agency(v: unknown): string | undefined {
  if (isObj(v)) {
    const names = asList(v.recipient)
      .map(text)
      .filter((x): x is string => x !== undefined);
    return names.length > 0 ? names.join('; ') : undefined;
  }
  return text(v);
}

function flatTexts(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      const t = text(x);
      if (t !== undefined) out[k] = t;
    }
  }
  return out;
}

/** `media_urls` as a JSON list or `<media_urls><media_url>…`. */
function mediaList(v: unknown): string[] {
  const items = isObj(v) ? asList(v.media_url) : asList(v);
  return items.map(text).filter((x): x is string => x !== undefined);
}

function readRequest(r: Obj, o: ExportOptions): ImportedRequest | string {
  const externalId = text(r.service_request_id);
  if (externalId === undefined) return 'no service_request_id';
  const offset = o.assumeOffset ?? '+07:00';
  const ext = isObj(r.extended_attributes) ? r.extended_attributes : {};
  const notesRaw = isObj(r.notes) ? asList(r.notes.note) : asList(r.notes);
  const notes = notesRaw.filter(isObj).map((n): ImportedNote => {
    return withoutAbsent({
      at: importTime(n.datetime, offset),
      summary: text(n.summary),
      description: text(n.description),
      type: text(n.type),
    });
  });
  const lat = coordinate(r.lat, 90);
  const long = coordinate(r.long, 180);
  const location: LonLat | undefined =
    lat !== undefined && long !== undefined && !(lat === 0 && long === 0) ? [long, lat] : undefined;
  // XML reads media_url as a list (it is one inside media_urls); JSON sends one text.
  const mediaUrl = asList(r.media_url)
    .map(text)
    .find((x) => x !== undefined);
  const mediaUrls = [...new Set([...(mediaUrl ? [mediaUrl] : []), ...mediaList(ext.media_urls)])];
  const requestedAt =
    importTime(r.requested_datetime, offset) ?? notes.find((n) => n.type === 'opened' && n.at !== undefined)?.at;
  const st = status(text(r.status));
  return withoutAbsent({
    externalId,
    serviceCode: text(r.service_code),
    serviceName: text(r.service_name),
    status: st.status,
    externalStatus: st.externalStatus,
    statusNotes: text(r.status_notes),
    description: text(r.description) ?? text(r.detail) ?? text(r.title),
    agencyResponsible: agency(r.agency_responsible),
    requestedAt,
    updatedAt: importTime(r.updated_datetime, offset),
    expectedAt: importTime(r.expected_datetime, offset),
    location,
    address: text(r.address),
    addressId: text(r.address_id),
    zipcode: text(r.zipcode) ?? text(ext.zip),
    ward: text(ext.ward),
    mediaUrl: mediaUrls[0],
    mediaUrls,
    attributes: flatTexts(r.attributes),
    notes,
  });
}

const WRAPPERS = ['service_requests', 'requests', 'request'] as const;

/** The requests of a parsed document, however wrapped. */
function requestsOf(v: unknown, depth = 0): unknown[] {
  if (depth > 4) return [];
  if (Array.isArray(v)) {
    const wrapper = (x: unknown) => isObj(x) && !('service_request_id' in x) && WRAPPERS.some((k) => k in x);
    return (v as unknown[]).flatMap((x) => (wrapper(x) ? requestsOf(x, depth + 1) : [x]));
  }
  if (isObj(v)) {
    if ('service_request_id' in v) return [v];
    for (const key of WRAPPERS) if (key in v) return requestsOf(v[key], depth + 1);
  }
  return [];
}

/** An Open311 error list instead of requests: the other city refused. */
function refusal(v: unknown): string | undefined {
  const errors = isObj(v) && isObj(v.errors) ? asList(v.errors.error) : Array.isArray(v) ? (v as unknown[]) : [];
  const first = errors[0];
  if (
    errors.length > 0 &&
    isObj(first) &&
    'code' in first &&
    'description' in first &&
    !('service_request_id' in first)
  ) {
    return `the export is an Open311 error: ${text(first.code) ?? '?'} ${text(first.description) ?? ''}`.trim();
  }
  return undefined;
}

const xml = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  // Character references (&#233;) as well as the five entities; HTML names too, as some servers send them.
  htmlEntities: true,
  isArray: (name) => ['request', 'note', 'error', 'media_url', 'recipient'].includes(name),
});

function parseDocument(body: string): unknown {
  const t = body.replace(/^\uFEFF/, '').trim();
  if (t.startsWith('<')) {
    // A DTD can define entities that expand without end; an Open311 document has none.
    if (/<!DOCTYPE/i.test(t))
      throw new ExportUnreadable('the XML export has a DOCTYPE, which Open311 documents do not');
    const valid = XMLValidator.validate(t);
    if (valid !== true)
      throw new ExportUnreadable(`the XML export is not well-formed (line ${valid.err.line}: ${valid.err.msg})`);
    try {
      return xml.parse(t) as unknown;
    } catch (err) {
      // The parser's own limits (nesting, sizes) refuse a document no city exports.
      throw new ExportUnreadable(`the XML export cannot be read (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  try {
    return JSON.parse(t) as unknown;
  } catch {
    throw new ExportUnreadable('the export is neither JSON nor XML');
  }
}

/** Another city's exported requests → the requests to import, in the export's order. */
export function parseExport(body: string, options: ExportOptions = {}): ImportedRequest[] {
  const doc = parseDocument(body);
  const refused = refusal(doc);
  if (refused) throw new ExportUnreadable(refused);
  const found = requestsOf(doc);
  if (
    found.length === 0 &&
    !(
      Array.isArray(doc) ||
      (isObj(doc) &&
        (isObj(doc.service_requests) || doc.service_requests === '' || Array.isArray(doc.service_requests)))
    )
  ) {
    throw new ExportUnreadable('the export holds no Open311 service requests');
  }
  const out: ImportedRequest[] = [];
  found.forEach((r, i) => {
    const read = isObj(r) ? readRequest(r, options) : 'not an object';
    if (typeof read === 'string') options.onSkip?.(i, read);
    else out.push(read);
  });
  return out;
}
