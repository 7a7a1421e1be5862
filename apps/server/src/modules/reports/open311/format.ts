/**
 * Open311 GeoReport v2 responses, in XML (required by the specification) and JSON (its Spark-convention
 * mapping: a list is a top-level array, as the specification's examples, Chicago, Toronto and
 * FixMyStreet send it).
 *
 * Followed: the GeoReport v2 text (wiki.open311.org/GeoReport_v2, as kept in open311/open311.github.io):
 * element names and their order as in its examples; datetimes in the W3C subset of ISO 8601, here
 * always in Hanoi's offset (+07:00). Empty optional values are empty elements in XML and `null` in
 * JSON (the specification's JSON examples send `"account_id":null`, `"datatype_description":null`), so
 * every field is present and a client reads one shape. lat/long are JSON numbers.
 *
 * Beyond the specification, as clients accept:
 * - `servicerequestupdates` as mySociety's extension documents it ("Open311 FMS - Complete Spec"):
 *   root `service_request_updates`, one `request_update` each (update_id, service_request_id, status,
 *   updated_datetime, description, media_url); `status` is the extended status in capitals (FIXED,
 *   IN_PROGRESS, …; the extension's OPEN/CLOSED when extended statuses are off), and
 *   `external_status_code` repeats our code so a FixMyStreet body can match response templates on it.
 *   The extension has one `media_url` per update: the first public photo; `media_urls` (ours, after the
 *   extension's fields, as `extended_attributes.media_urls` of a request) lists every public one.
 *   Hidden photos are in neither.
 *   (FixMyStreet's own test fixtures name the root `service_requests_updates`; its client reads the
 *   `request_update` elements whatever the root is called.)
 * - with `extensions`, Chicago's `extended_attributes` (an object) and `notes` (the public timeline,
 *   each with datetime, summary, description, type) after the specification's fields;
 * - POST requests returns the reporter's follow `token` next to `service_request_id` (the specification
 *   has one or the other; the token is the only way a reporter follows a report without an account).
 */
import type { Open311Status, PublicReport, ReportEvent, ReportService, ServiceAttribute } from '../model.js';
import { EXTENDED_STATUS } from '../model.js';
import { el, list, xmlDocument, type XmlElement } from './xml.js';

export type Format = 'json' | 'xml';
export type Language = 'vi' | 'en';

export const CONTENT_TYPE: Readonly<Record<Format, string>> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** An Open311 error: `code` is the HTTP status (400, 403, 404, 429, 500), the description in plain words. */
export interface Open311Error {
  readonly code: number;
  readonly description: string;
}

/** One public change of a report, for `servicerequestupdates`. */
export interface Open311Update {
  readonly updateId: string;
  readonly serviceRequestId: string;
  readonly status: Open311Status;
  /** One of EXTENDED_STATUS's values (FIXED, IN_PROGRESS, …). */
  readonly extendedStatus: string;
  readonly description: string;
  readonly updatedAt: string;
  /** The first public photo: the extension's one `media_url`. */
  readonly mediaUrl?: string;
  /** Every public photo of the update, the first included (`media_urls`, ours). */
  readonly mediaUrls: readonly string[];
}

export interface Discovery {
  readonly changeset: string;
  readonly contact: string;
  readonly keyService: string;
  readonly endpoints: readonly {
    readonly specification: string;
    readonly url: string;
    readonly changeset: string;
    readonly type: 'production' | 'test';
    /** MIME types, e.g. text/xml and application/json. */
    readonly formats: readonly string[];
  }[];
}

const HANOI_OFFSET_MS = 7 * 3600_000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A datetime as Open311 sends it: the same instant in Hanoi's time with its offset, to the second,
 * e.g. `2026-12-05T08:30:00+07:00`. Throws a RangeError for a text that is not a date-time.
 */
export function open311Time(iso: string | Date): string {
  const ms = iso instanceof Date ? iso.getTime() : Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`not a date-time: ${String(iso)}`);
  const t = new Date(ms + HANOI_OFFSET_MS);
  return (
    `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}` +
    `T${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}+07:00`
  );
}

const timeOrNull = (iso: string | undefined) => (iso ? open311Time(iso) : null);
const orNull = <T>(v: T | undefined | null): T | null => (v === undefined || v === null || v === '' ? null : v);

/**
 * A record of fields, written in either format from one description so both always agree: a value is
 * a scalar, a nested record, or a list of records with the element name of one item.
 */
type Field = string | number | boolean | null | Fields | ListOf;
interface Fields {
  readonly [name: string]: Field;
}
class ListOf {
  constructor(
    readonly itemName: string,
    readonly items: readonly (Fields | string)[],
  ) {}
}

function toJson(v: Field): unknown {
  if (v instanceof ListOf) return v.items.map((x) => (typeof x === 'string' ? x : toJson(x)));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  }
  return v;
}

function toXml(fields: Fields): XmlElement[] {
  return Object.entries(fields).map(([name, v]): XmlElement => {
    if (v instanceof ListOf) {
      return el(
        name,
        v.items.map((x) => el(v.itemName, typeof x === 'string' ? x : toXml(x))),
      );
    }
    if (v !== null && typeof v === 'object') return el(name, toXml(v));
    return el(name, v);
  });
}

/** A list response: `<root><item>…</item></root>` or a JSON array. */
function writeList(root: string, item: string, records: readonly Fields[], f: Format): string {
  if (f === 'json') return JSON.stringify(records.map(toJson));
  return xmlDocument(list(root, item, records, toXml));
}

/** A one-object response: `<root>…</root>` or a JSON object. */
function writeObject(root: string, fields: Fields, f: Format): string {
  if (f === 'json') return JSON.stringify(toJson(fields));
  return xmlDocument(el(root, toXml(fields)));
}

export function formatErrors(errors: readonly Open311Error[], f: Format): { body: string; contentType: string } {
  const records = errors.map((e): Fields => ({ code: e.code, description: e.description }));
  return { body: writeList('errors', 'error', records, f), contentType: CONTENT_TYPE[f] };
}

const keywords = (words: readonly string[]) =>
  words
    .map((w) => w.replaceAll(',', ' ').trim())
    .filter((w) => w !== '')
    .join(', ');

/** GET services: every service; `metadata` is true when it asks questions (attributes). */
export function formatServices(services: readonly ReportService[], lang: Language, f: Format): string {
  const records = services.map((s): Fields => ({
    service_code: s.code,
    service_name: s.name[lang],
    description: orNull(s.description[lang]),
    metadata: s.attributes.length > 0,
    type: 'realtime',
    keywords: orNull(keywords(s.keywords)),
    group: orNull(s.group),
  }));
  return writeList('services', 'service', records, f);
}

const DATATYPE_HELP: Readonly<Record<ServiceAttribute['datatype'], { vi: string; en: string } | null>> = {
  string: null,
  text: null,
  number: { vi: 'Một số, dấu chấm thập phân (ví dụ 2.5)', en: 'A number, with a decimal point (e.g. 2.5)' },
  datetime: {
    vi: 'Ngày giờ ISO 8601, ví dụ 2026-12-05T08:30:00+07:00',
    en: 'An ISO 8601 date and time, e.g. 2026-12-05T08:30:00+07:00',
  },
  singlevaluelist: { vi: 'Chọn một giá trị', en: 'Choose one value' },
  multivaluelist: { vi: 'Chọn một hoặc nhiều giá trị', en: 'Choose one or more values' },
};

/** GET services/{code}: the service's questions in their order. */
export function formatServiceDefinition(s: ReportService, lang: Language, f: Format): string {
  const attributes = [...s.attributes]
    .sort((a, b) => a.order - b.order)
    .map((a): Fields => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: DATATYPE_HELP[a.datatype]?.[lang] ?? null,
      order: a.order,
      description: a.description[lang],
      values: new ListOf(
        'value',
        (a.values ?? []).map((v): Fields => ({ key: v.key, name: v.name[lang] })),
      ),
    }));
  return writeObject(
    'service_definition',
    { service_code: s.code, attributes: new ListOf('attribute', attributes) },
    f,
  );
}

export interface RequestsOptions {
  /** Add Chicago's `extended_attributes` and, when `events` are given, `notes` (Open311 `extensions=true`). */
  readonly extensions?: boolean;
  /** The reports' events (public ones are shown; the others are left out) for `notes`. */
  readonly events?: ReadonlyMap<string, readonly ReportEvent[]>;
  /** The language of the notes' summaries. */
  readonly lang?: Language;
}

const NOTE_SUMMARY: Readonly<Record<ReportEvent['kind'], { vi: string; en: string }>> = {
  // Sent, not yet taken in: "tiếp nhận" is the department's step (received).
  submitted: { vi: 'Đã gửi phản ánh', en: 'Request opened' },
  received: { vi: 'Cơ quan đã nhận xử lý', en: 'Accepted by the department' },
  asked: { vi: 'Đề nghị người phản ánh bổ sung', en: 'More information asked of the reporter' },
  supplemented: { vi: 'Người phản ánh đã bổ sung', en: 'The reporter added information' },
  transferred: { vi: 'Chuyển cơ quan xử lý', en: 'Transferred to another department' },
  merged: { vi: 'Trùng với phản ánh khác', en: 'Duplicate of another request' },
  resolved: { vi: 'Đã xử lý', en: 'Resolved' },
  rejected: { vi: 'Từ chối', en: 'Rejected' },
  reopened: { vi: 'Mở lại', en: 'Reopened' },
  note: { vi: 'Ghi chú', en: 'Note' },
  level: { vi: 'Thay đổi mức độ', en: 'Level changed' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
};

/** Chicago's note types: opened, closed, activity. */
const noteType = (kind: ReportEvent['kind']): string =>
  kind === 'submitted'
    ? 'opened'
    : kind === 'resolved' || kind === 'rejected' || kind === 'merged'
      ? 'closed'
      : kind === 'reopened'
        ? 'reopened'
        : 'activity';

const shownMedia = (r: PublicReport) => r.media.filter((m) => !m.hidden).map((m) => m.url);

function requestFields(r: PublicReport, o: RequestsOptions): Fields {
  const media = shownMedia(r);
  const fields: Record<string, Field> = {
    service_request_id: r.id,
    status: r.status,
    status_notes: orNull(r.statusNotes),
    service_name: r.serviceName,
    service_code: r.serviceCode,
    description: orNull(r.description),
    agency_responsible: orNull(o.lang === 'en' && r.agencyNames ? r.agencyNames.en : r.agencyResponsible),
    service_notice: orNull(r.serviceNotice),
    requested_datetime: open311Time(r.requestedAt),
    updated_datetime: open311Time(r.updatedAt),
    expected_datetime: timeOrNull(r.expectedAt),
    address: orNull(r.address),
    address_id: orNull(r.addressId),
    zipcode: null,
    lat: r.location ? r.location[1] : null,
    long: r.location ? r.location[0] : null,
    media_url: media[0] ?? null,
  };
  if (o.extensions) {
    fields.extended_attributes = {
      state: r.state,
      extended_status: EXTENDED_STATUS[r.state],
      ward_code: orNull(r.wardCode),
      ward: orNull(r.wardName),
      merged_into: orNull(r.mergedInto),
      media_urls: new ListOf('media_url', media),
    };
    const events = o.events?.get(r.id);
    if (events) {
      const lang = o.lang ?? 'vi';
      fields.notes = new ListOf(
        'note',
        events
          .filter((e) => e.public)
          .map((e): Fields => ({
            datetime: open311Time(e.at),
            summary: NOTE_SUMMARY[e.kind][lang],
            description: orNull(e.text),
            type: noteType(e.kind),
          })),
      );
    }
  }
  return fields;
}

/** GET requests and GET requests/{id} (a list of one). */
export function formatRequests(reports: readonly PublicReport[], f: Format, options: RequestsOptions = {}): string {
  return writeList(
    'service_requests',
    'request',
    reports.map((r) => requestFields(r, options)),
    f,
  );
}

/** POST requests: the new report's id, the reporter's follow token, the notice and the account. */
export function formatCreated(
  created: readonly { id: string; token: string; serviceNotice?: string; accountId?: string }[],
  f: Format,
): string {
  const records = created.map((c): Fields => ({
    service_request_id: c.id,
    token: c.token,
    service_notice: orNull(c.serviceNotice),
    account_id: orNull(c.accountId),
  }));
  return writeList('service_requests', 'request', records, f);
}

/** GET tokens/{token}: the report's id (empty while it has none) and the token. */
export function formatTokens(tokens: readonly { id?: string; token: string }[], f: Format): string {
  const records = tokens.map((t): Fields => ({ service_request_id: orNull(t.id), token: t.token }));
  return writeList('service_requests', 'request', records, f);
}

export interface UpdatesOptions {
  /** false: `status` is only OPEN or CLOSED; by default the extended status (FIXED, IN_PROGRESS, …). */
  readonly extendedStatuses?: boolean;
}

/** GET servicerequestupdates (mySociety's extension, read by FixMyStreet). */
export function formatUpdates(updates: readonly Open311Update[], f: Format, options: UpdatesOptions = {}): string {
  const records = updates.map((u): Fields => ({
    update_id: u.updateId,
    service_request_id: u.serviceRequestId,
    status: options.extendedStatuses === false ? u.status.toUpperCase() : u.extendedStatus,
    updated_datetime: open311Time(u.updatedAt),
    description: orNull(u.description),
    media_url: orNull(u.mediaUrl),
    external_status_code: orNull(u.extendedStatus),
    media_urls: new ListOf('media_url', u.mediaUrls),
  }));
  return writeList('service_request_updates', 'request_update', records, f);
}

/** GET discovery: the Open311 Service Discovery document. */
export function formatDiscovery(d: Discovery, f: Format): string {
  return writeObject(
    'discovery',
    {
      changeset: open311Time(d.changeset),
      contact: d.contact,
      key_service: d.keyService,
      endpoints: new ListOf(
        'endpoint',
        d.endpoints.map((e): Fields => ({
          specification: e.specification,
          url: e.url,
          changeset: open311Time(e.changeset),
          type: e.type,
          formats: new ListOf('format', e.formats),
        })),
      ),
    },
    f,
  );
}
