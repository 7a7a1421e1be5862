import type { Sql } from '../../platform/db/index.js';
import type { LonLat, NewReport, ReportEvent, ReportLevel, ReportState } from './model.js';

/** Citizen reports' SQL. Times go in as Dates or ISO strings and come out as ISO strings. */

type Time = Date | string;
const iso = (v: Time): string => new Date(v).toISOString();
const isoOrUndefined = (v: Time | null): string | undefined => (v === null ? undefined : iso(v));
/** Leaves a key out rather than setting it to undefined (exactOptionalPropertyTypes). */
const some = <K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } =>
  (v === null || v === undefined ? {} : { [key]: v }) as { [P in K]?: V };

/** A waiting period: from the question to the reporter's answer (open while waiting). */
export interface Pause {
  readonly from: string;
  readonly to?: string;
}

/** The sealed contact fields, as stored (each a sealed value or null). */
export interface SealedContact {
  readonly email: string | null;
  readonly phone: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly deviceId: string | null;
  readonly accountId: string | null;
}

/** A report as stored: personal fields sealed. */
export interface StoredReport {
  readonly id: string;
  readonly serviceCode: string;
  readonly state: ReportState;
  readonly level: ReportLevel;
  readonly resolveWorkingDays: number;
  readonly departmentId: string;
  readonly channel: NewReport['channel'];
  readonly language: 'vi' | 'en';
  readonly location?: LonLat;
  readonly address?: string;
  readonly addressId?: string;
  readonly wardCode?: string;
  readonly wardName?: string;
  readonly description: string;
  readonly hidden: boolean;
  readonly originalDescription: string | null;
  readonly contact: SealedContact;
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
  readonly mediaUrls: readonly string[];
  readonly mediaIds: readonly string[];
  readonly tokenSealed: string | null;
  readonly statusNotes?: string;
  readonly serviceNotice?: string;
  readonly requestedAt: string;
  readonly updatedAt: string;
  readonly receivedAt?: string;
  readonly closedAt?: string;
  readonly expectedAt?: string;
  readonly pauses: readonly Pause[];
  readonly overdueAt?: string;
  readonly mergedInto?: string;
  readonly externalId?: string;
  /** An imported request's service name and agency, as the other city gave them. */
  readonly externalService?: string;
  readonly externalAgency?: string;
}

const REPORT_COLUMNS = `id, service_code, state, level, resolve_working_days, department_id, channel, language, lon, lat,
  address, address_id, ward_code, ward_name, description, hidden, original_description, contact_email, contact_phone,
  contact_first_name, contact_last_name, contact_device_id, contact_account_id, attributes, media_urls, media_ids,
  token_sealed, status_notes, service_notice, requested_at, updated_at, received_at, closed_at, expected_at, pauses,
  overdue_at, merged_into, external_id, external_service, external_agency`;

interface ReportRow {
  id: string;
  service_code: string;
  state: ReportState;
  level: ReportLevel;
  resolve_working_days: number;
  department_id: string;
  channel: NewReport['channel'];
  language: 'vi' | 'en';
  lon: number | null;
  lat: number | null;
  address: string | null;
  address_id: string | null;
  ward_code: string | null;
  ward_name: string | null;
  description: string;
  hidden: boolean;
  original_description: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  contact_first_name: string | null;
  contact_last_name: string | null;
  contact_device_id: string | null;
  contact_account_id: string | null;
  attributes: Record<string, string | string[]> | string;
  media_urls: string[];
  media_ids: string[];
  token_sealed: string | null;
  status_notes: string | null;
  service_notice: string | null;
  requested_at: Time;
  updated_at: Time;
  received_at: Time | null;
  closed_at: Time | null;
  expected_at: Time | null;
  pauses: Pause[] | string;
  overdue_at: Time | null;
  merged_into: string | null;
  external_id: string | null;
  external_service: string | null;
  external_agency: string | null;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const reportOf = (r: ReportRow): StoredReport => ({
  id: r.id,
  serviceCode: r.service_code,
  state: r.state,
  level: r.level,
  resolveWorkingDays: r.resolve_working_days,
  departmentId: r.department_id,
  channel: r.channel,
  language: r.language,
  ...(r.lon !== null && r.lat !== null ? { location: [r.lon, r.lat] as const } : {}),
  ...some('address', r.address),
  ...some('addressId', r.address_id),
  ...some('wardCode', r.ward_code),
  ...some('wardName', r.ward_name),
  description: r.description,
  hidden: r.hidden,
  originalDescription: r.original_description,
  contact: {
    email: r.contact_email,
    phone: r.contact_phone,
    firstName: r.contact_first_name,
    lastName: r.contact_last_name,
    deviceId: r.contact_device_id,
    accountId: r.contact_account_id,
  },
  attributes: json(r.attributes),
  mediaUrls: r.media_urls,
  mediaIds: r.media_ids,
  tokenSealed: r.token_sealed,
  ...some('statusNotes', r.status_notes),
  ...some('serviceNotice', r.service_notice),
  requestedAt: iso(r.requested_at),
  updatedAt: iso(r.updated_at),
  ...some('receivedAt', isoOrUndefined(r.received_at)),
  ...some('closedAt', isoOrUndefined(r.closed_at)),
  ...some('expectedAt', isoOrUndefined(r.expected_at)),
  pauses: json(r.pauses),
  ...some('overdueAt', isoOrUndefined(r.overdue_at)),
  ...some('mergedInto', r.merged_into),
  ...some('externalId', r.external_id),
  ...some('externalService', r.external_service),
  ...some('externalAgency', r.external_agency),
});

// --- reports -------------------------------------------------------------------------------------

/** The next human number of the tenant's year, e.g. 2026-000123. */
export async function nextReportId(tx: Sql, tenant: string, year: number): Promise<string> {
  const { rows } = await tx.query<{ last: number }>(
    `INSERT INTO reports_counter (tenant, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (tenant, year) DO UPDATE SET last = reports_counter.last + 1
     RETURNING last`,
    [tenant, year],
  );
  return `${year}-${String(rows[0]?.last ?? 1).padStart(6, '0')}`;
}

export interface ReportIndexes {
  readonly phoneIndex: string | null;
  readonly emailIndex: string | null;
  readonly tokenHash: string | null;
}

const INSERT_REPORT = `INSERT INTO reports_report (tenant, id, service_code, state, level, resolve_working_days,
       department_id, channel, language, lon, lat, address, address_id, ward_code, ward_name, description, hidden,
       original_description, contact_email, contact_phone, contact_first_name, contact_last_name, contact_device_id,
       contact_account_id, phone_index, email_index, attributes, media_urls, media_ids, token_hash, token_sealed,
       status_notes, service_notice, requested_at, updated_at, received_at, closed_at, expected_at, pauses, external_id,
       external_service, external_agency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
       $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42)
     RETURNING ${REPORT_COLUMNS}`;

/** The parameters $1…$42 of INSERT_REPORT. */
const reportParams = (tenant: string, r: StoredReport, indexes: ReportIndexes): unknown[] => [
  tenant,
  r.id,
  r.serviceCode,
  r.state,
  r.level,
  r.resolveWorkingDays,
  r.departmentId,
  r.channel,
  r.language,
  r.location?.[0] ?? null,
  r.location?.[1] ?? null,
  r.address ?? null,
  r.addressId ?? null,
  r.wardCode ?? null,
  r.wardName ?? null,
  r.description,
  r.hidden,
  r.originalDescription,
  r.contact.email,
  r.contact.phone,
  r.contact.firstName,
  r.contact.lastName,
  r.contact.deviceId,
  r.contact.accountId,
  indexes.phoneIndex,
  indexes.emailIndex,
  JSON.stringify(r.attributes),
  r.mediaUrls,
  r.mediaIds,
  indexes.tokenHash,
  r.tokenSealed,
  r.statusNotes ?? null,
  r.serviceNotice ?? null,
  r.requestedAt,
  r.updatedAt,
  r.receivedAt ?? null,
  r.closedAt ?? null,
  r.expectedAt ?? null,
  JSON.stringify(r.pauses),
  r.externalId ?? null,
  r.externalService ?? null,
  r.externalAgency ?? null,
];

export async function insertReport(
  tx: Sql,
  tenant: string,
  r: StoredReport,
  indexes: ReportIndexes,
): Promise<StoredReport> {
  const { rows } = await tx.query<ReportRow>(INSERT_REPORT, reportParams(tenant, r, indexes));
  return reportOf(rows[0] as ReportRow);
}

/** A sealed message to the reporter, for the outbox. */
export interface SealedMessage {
  readonly subject: string;
  readonly text: string;
  readonly link: string;
}

/**
 * A citizen's new report with its first event and, when the reporter can be reached, its message in
 * the outbox: one statement, so one round trip, where three inserts were.
 */
export async function insertSubmittedReport(
  tx: Sql,
  tenant: string,
  r: StoredReport,
  indexes: ReportIndexes,
  event: Pick<ReportEvent, 'at' | 'kind' | 'public' | 'actor'>,
  message: SealedMessage | undefined,
): Promise<StoredReport> {
  const { rows } = await tx.query<ReportRow>(
    `WITH report AS (${INSERT_REPORT}),
     event AS (
       INSERT INTO reports_event (tenant, report_id, at, kind, state, public, actor)
       SELECT $1, id, $43::timestamptz, $44::text, state, $45::boolean, $46::text FROM report),
     message AS (
       INSERT INTO reports_outbox (tenant, report_id, event_kind, language, subject, text, link, created_at, next_at)
       SELECT $1, id, $44::text, language, $47::text, $48::text, $49::text, $43::timestamptz, $43::timestamptz
         FROM report WHERE $47::text IS NOT NULL)
     SELECT * FROM report`,
    [
      ...reportParams(tenant, r, indexes),
      event.at,
      event.kind,
      event.public,
      event.actor ?? null,
      message?.subject ?? null,
      message?.text ?? null,
      message?.link ?? null,
    ],
  );
  return reportOf(rows[0] as ReportRow);
}

export async function findReport(
  sql: Sql,
  tenant: string,
  id: string,
  forUpdate = false,
): Promise<StoredReport | null> {
  const { rows } = await sql.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports_report WHERE tenant = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return rows[0] ? reportOf(rows[0]) : null;
}

export async function findReportByToken(
  sql: Sql,
  tokenHash: string,
): Promise<(StoredReport & { tenant: string }) | null> {
  const { rows } = await sql.query<ReportRow & { tenant: string }>(
    `SELECT tenant, ${REPORT_COLUMNS} FROM reports_report WHERE token_hash = $1`,
    [tokenHash],
  );
  return rows[0] ? { ...reportOf(rows[0]), tenant: rows[0].tenant } : null;
}

export async function findReportByExternalId(sql: Sql, tenant: string, externalId: string): Promise<boolean> {
  const { rows } = await sql.query(`SELECT 1 FROM reports_report WHERE tenant = $1 AND external_id = $2`, [
    tenant,
    externalId,
  ]);
  return rows.length > 0;
}

/** Writes a report's changeable fields. */
export async function saveReport(tx: Sql, tenant: string, r: StoredReport): Promise<StoredReport> {
  const { rows } = await tx.query<ReportRow>(
    `UPDATE reports_report SET state = $3, level = $4, department_id = $5, status_notes = $6, updated_at = $7,
       received_at = $8, closed_at = $9, expected_at = $10, pauses = $11, overdue_at = $12, merged_into = $13,
       media_ids = $14, resolve_working_days = $15
      WHERE tenant = $1 AND id = $2
      RETURNING ${REPORT_COLUMNS}`,
    [
      tenant,
      r.id,
      r.state,
      r.level,
      r.departmentId,
      r.statusNotes ?? null,
      r.updatedAt,
      r.receivedAt ?? null,
      r.closedAt ?? null,
      r.expectedAt ?? null,
      JSON.stringify(r.pauses),
      r.overdueAt ?? null,
      r.mergedInto ?? null,
      r.mediaIds,
      r.resolveWorkingDays,
    ],
  );
  return reportOf(rows[0] as ReportRow);
}

export interface ReportFilter {
  readonly ids?: readonly string[] | undefined;
  readonly serviceCodes?: readonly string[] | undefined;
  readonly states?: readonly ReportState[] | undefined;
  readonly departmentId?: string | undefined;
  readonly from?: Time | undefined;
  readonly to?: Time | undefined;
  /** Within a radius of a point (great-circle metres), nearest first: overrides `order`. */
  readonly near?: { readonly lon: number; readonly lat: number; readonly radiusM: number };
  readonly overdue?: boolean | undefined;
  readonly limit: number;
  readonly offset?: number | undefined;
  /** newest: by request time, newest first; oldest: oldest first. */
  readonly order?: 'newest' | 'oldest';
}

export async function listReports(sql: Sql, tenant: string, f: ReportFilter): Promise<StoredReport[]> {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (f.ids) where.push(`id = ANY($${params.push(f.ids)}::text[])`);
  if (f.serviceCodes) where.push(`service_code = ANY($${params.push(f.serviceCodes)}::text[])`);
  if (f.states) where.push(`state = ANY($${params.push(f.states)}::text[])`);
  if (f.departmentId) where.push(`department_id = $${params.push(f.departmentId)}`);
  if (f.from !== undefined) where.push(`requested_at >= $${params.push(f.from)}`);
  if (f.to !== undefined) where.push(`requested_at < $${params.push(f.to)}`);
  if (f.overdue !== undefined) where.push(f.overdue ? 'overdue_at IS NOT NULL' : 'overdue_at IS NULL');
  let order = f.order === 'oldest' ? 'requested_at, id' : 'requested_at DESC, id DESC';
  if (f.near) {
    // The index finds the box and walks the points nearest first; the sphere gives the exact distance.
    const point = `ST_SetSRID(ST_MakePoint($${params.push(f.near.lon)}::float8, $${params.push(f.near.lat)}::float8), 4326)`;
    const degrees = f.near.radiusM / (111_320 * Math.cos((f.near.lat * Math.PI) / 180));
    where.push(
      `geom && ST_Expand(${point}, $${params.push(degrees)}::float8)`,
      `ST_DistanceSphere(geom, ${point}) <= $${params.push(f.near.radiusM)}::float8`,
    );
    order = `geom <-> ${point}, id`;
  }
  const { rows } = await sql.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports_report WHERE ${where.join(' AND ')} ORDER BY ${order}
      LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset ?? 0)}`,
    params,
  );
  return rows.map(reportOf);
}

/** The operations centre's counts of a tenant's open reports (imported records have no clock: left out). */
export interface OpenCounts {
  readonly open: number;
  /** Marked overdue by the overdue job (the mark goes when the report is received, waits or closes). */
  readonly overdue: number;
  readonly urgent: number;
  readonly waiting: number;
}

export async function openCounts(sql: Sql, tenant: string): Promise<OpenCounts> {
  const { rows } = await sql.query<{ open: number; overdue: number; urgent: number; waiting: number }>(
    `SELECT count(*)::int AS open,
            (count(*) FILTER (WHERE overdue_at IS NOT NULL))::int AS overdue,
            (count(*) FILTER (WHERE level = 'urgent'))::int AS urgent,
            (count(*) FILTER (WHERE state = 'waiting'))::int AS waiting
       FROM reports_report
      WHERE tenant = $1 AND state IN ('submitted', 'received', 'waiting') AND channel <> 'import'`,
    [tenant],
  );
  const r = rows[0];
  return { open: r?.open ?? 0, overdue: r?.overdue ?? 0, urgent: r?.urgent ?? 0, waiting: r?.waiting ?? 0 };
}

/** What a closed report's clocks are worked out from. */
export type ClosedClockRow = Pick<
  StoredReport,
  'id' | 'level' | 'resolveWorkingDays' | 'requestedAt' | 'receivedAt' | 'closedAt' | 'pauses'
>;

/**
 * The reports resolved or rejected since `since` (a duplicate counts in the report it joined; imported
 * records have no clock), with only what their clocks need: the index on closed_at keeps it to the window.
 */
export async function closedSince(sql: Sql, tenant: string, since: Time): Promise<ClosedClockRow[]> {
  const { rows } = await sql.query<
    Pick<ReportRow, 'id' | 'level' | 'resolve_working_days' | 'requested_at' | 'received_at' | 'closed_at' | 'pauses'>
  >(
    `SELECT id, level, resolve_working_days, requested_at, received_at, closed_at, pauses FROM reports_report
      WHERE tenant = $1 AND closed_at >= $2 AND state IN ('resolved', 'rejected') AND channel <> 'import'`,
    [tenant, since],
  );
  return rows.map((r) => ({
    id: r.id,
    level: r.level,
    resolveWorkingDays: r.resolve_working_days,
    requestedAt: iso(r.requested_at),
    ...some('receivedAt', isoOrUndefined(r.received_at)),
    ...some('closedAt', isoOrUndefined(r.closed_at)),
    pauses: json(r.pauses),
  }));
}

/** Reports merged into `from` are merged into `to` instead (when `from` itself is merged into `to`). */
/** The reports merged into one (their reporters are told its outcome). */
export async function mergedReports(sql: Sql, tenant: string, into: string): Promise<StoredReport[]> {
  const { rows } = await sql.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports_report WHERE tenant = $1 AND merged_into = $2 ORDER BY id`,
    [tenant, into],
  );
  return rows.map(reportOf);
}

export async function repointMerged(tx: Sql, tenant: string, from: string, to: string): Promise<void> {
  await tx.query(
    `UPDATE reports_report SET merged_into = $3, status_notes = '→ ' || $3 WHERE tenant = $1 AND merged_into = $2`,
    [tenant, from, to],
  );
}

/** Open reports of every tenant not yet marked overdue: the overdue job's round (imported records have no clock). */
export async function openNotOverdue(sql: Sql, limit: number): Promise<(StoredReport & { tenant: string })[]> {
  const { rows } = await sql.query<ReportRow & { tenant: string }>(
    `SELECT tenant, ${REPORT_COLUMNS} FROM reports_report
      WHERE state IN ('submitted', 'received') AND overdue_at IS NULL AND channel <> 'import'
      ORDER BY requested_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ ...reportOf(r), tenant: r.tenant }));
}

/** Marks a report overdue, only if it is still open and not yet marked (two workers mark it once). */
export async function markOverdue(tx: Sql, tenant: string, id: string, at: Time): Promise<StoredReport | null> {
  const { rows } = await tx.query<ReportRow>(
    `UPDATE reports_report SET overdue_at = $3
      WHERE tenant = $1 AND id = $2 AND overdue_at IS NULL AND state IN ('submitted', 'received')
      RETURNING ${REPORT_COLUMNS}`,
    [tenant, id, at],
  );
  return rows[0] ? reportOf(rows[0]) : null;
}

export async function reportsByIndex(
  sql: Sql,
  tenant: string,
  column: 'phone_index' | 'email_index',
  index: string,
): Promise<(StoredReport & { tenant: string })[]> {
  const { rows } = await sql.query<ReportRow & { tenant: string }>(
    `SELECT tenant, ${REPORT_COLUMNS} FROM reports_report WHERE ${column} = $1 AND ($2 = '*' OR tenant = $2)`,
    [index, tenant],
  );
  return rows.map((r) => ({ ...reportOf(r), tenant: r.tenant }));
}

/**
 * Erasure: the contact and the words as written go, and the follow token with them (nobody may add to
 * the report under it any more); the report (place, category, answer) stays for the record.
 */
export async function anonymiseReport(sql: Sql, tenant: string, id: string): Promise<void> {
  await sql.query(
    `UPDATE reports_report SET contact_email = NULL, contact_phone = NULL, contact_first_name = NULL,
       contact_last_name = NULL, contact_device_id = NULL, contact_account_id = NULL, phone_index = NULL,
       email_index = NULL, original_description = NULL, token_hash = NULL, token_sealed = NULL
      WHERE tenant = $1 AND id = $2`,
    [tenant, id],
  );
}

/** The messages queued to the reporters of the reports with this blind index of a phone (their sealed words and link). */
export async function messagesByPhoneIndex(
  sql: Sql,
  tenant: string,
  index: string,
): Promise<{ id: string; tenant: string; subject: string; text: string; link: string }[]> {
  const { rows } = await sql.query<{ id: string; tenant: string; subject: string; text: string; link: string }>(
    `SELECT o.id::text AS id, o.tenant, o.subject, o.text, o.link
       FROM reports_outbox o JOIN reports_report r ON r.tenant = o.tenant AND r.id = o.report_id
      WHERE r.phone_index = $1 AND ($2 = '*' OR r.tenant = $2) ORDER BY o.id`,
    [index, tenant],
  );
  return rows;
}

/** Erasure of a message to a reporter, sent or not: its words and the link (the token) go. */
export async function deleteMessage(sql: Sql, tenant: string, id: string): Promise<boolean> {
  const { rows } = await sql.query(`DELETE FROM reports_outbox WHERE tenant = $1 AND id = $2::bigint RETURNING id`, [
    tenant,
    id,
  ]);
  return rows.length > 0;
}

/**
 * Erasure of a report's reporter: the contact, the words as written and the follow token go, with the
 * messages to them and the browsers told of it; the report (place, category, answer) stays for the record.
 */
export async function eraseReporter(tx: Sql, tenant: string, id: string): Promise<void> {
  await anonymiseReport(tx, tenant, id);
  await tx.query(`DELETE FROM reports_outbox WHERE tenant = $1 AND report_id = $2`, [tenant, id]);
  await tx.query(`DELETE FROM reports_push_subscription WHERE tenant = $1 AND report_id = $2`, [tenant, id]);
}

// --- events --------------------------------------------------------------------------------------

interface EventRow {
  id: string;
  report_id: string;
  at: Time;
  kind: ReportEvent['kind'];
  state: ReportState;
  public: boolean;
  text: string | null;
  text_sealed: string | null;
  in_clear: boolean;
  actor: string | null;
  department_id: string | null;
  media_ids: string[] | null;
}

/**
 * An event as kept: `text` is what the public may read (masked; none for an internal note), the
 * officer's words as written are sealed apart. An event kept in clear from before has its words in
 * `text` as written, until the job seals them.
 */
export interface StoredEvent extends ReportEvent {
  readonly sealedText?: string;
  readonly inClear: boolean;
}

// `id` is the bigserial cast to text for the API: ORDER BY names the table's column, or rows sort as text (10 < 9).
const EVENT_COLUMNS = `id::text AS id, report_id, at, kind, state, public, text, text_sealed, in_clear, actor, department_id, media_ids`;
const eventOf = (r: EventRow): StoredEvent => ({
  id: r.id,
  reportId: r.report_id,
  at: iso(r.at),
  kind: r.kind,
  state: r.state,
  public: r.public,
  ...some('text', r.text),
  ...some('sealedText', r.text_sealed),
  inClear: r.in_clear,
  ...some('actor', r.actor),
  ...some('departmentId', r.department_id),
  ...(r.media_ids && r.media_ids.length > 0 ? { mediaIds: r.media_ids } : {}),
});

export async function addEvent(
  tx: Sql,
  tenant: string,
  e: Omit<ReportEvent, 'id'> & { sealedText?: string | undefined },
): Promise<StoredEvent> {
  const { rows } = await tx.query<EventRow>(
    `INSERT INTO reports_event (tenant, report_id, at, kind, state, public, text, text_sealed, actor, department_id, media_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING ${EVENT_COLUMNS}`,
    [
      tenant,
      e.reportId,
      e.at,
      e.kind,
      e.state,
      e.public,
      e.text ?? null,
      e.sealedText ?? null,
      e.actor ?? null,
      e.departmentId ?? null,
      e.mediaIds ?? null,
    ],
  );
  return eventOf(rows[0] as EventRow);
}

export async function eventsOf(
  sql: Sql,
  tenant: string,
  reportIds: readonly string[],
  onlyPublic = false,
): Promise<StoredEvent[]> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM reports_event
      WHERE tenant = $1 AND report_id = ANY($2::text[])${onlyPublic ? ' AND public' : ''} ORDER BY reports_event.id`,
    [tenant, reportIds],
  );
  return rows.map(eventOf);
}

/** Public events in a period (Open311 servicerequestupdates), oldest first. */
export async function publicEvents(
  sql: Sql,
  tenant: string,
  f: {
    from?: Time | undefined;
    to?: Time | undefined;
    reportIds?: readonly string[] | undefined;
    limit: number;
    offset: number;
  },
): Promise<StoredEvent[]> {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1', 'public'];
  if (f.from !== undefined) where.push(`at >= $${params.push(f.from)}`);
  if (f.to !== undefined) where.push(`at < $${params.push(f.to)}`);
  if (f.reportIds) where.push(`report_id = ANY($${params.push(f.reportIds)}::text[])`);
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM reports_event WHERE ${where.join(' AND ')} ORDER BY at, reports_event.id
      LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return rows.map(eventOf);
}

/** Events whose officer's words are kept in clear from before they were sealed, after `afterId`, oldest first. */
export async function eventsInClear(
  sql: Sql,
  afterId: string,
  limit: number,
): Promise<(StoredEvent & { tenant: string; text: string })[]> {
  const { rows } = await sql.query<EventRow & { tenant: string; text: string }>(
    `SELECT tenant, ${EVENT_COLUMNS} FROM reports_event WHERE in_clear AND id > $1::bigint ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  return rows.map((r) => ({ ...eventOf(r), tenant: r.tenant, text: r.text }));
}

/**
 * Seals an event's words kept in clear: `text` becomes what the public reads (null for an internal
 * one); a report's status notes that said the same words say the masked ones. False when it changed since.
 */
export async function sealEventWords(
  tx: Sql,
  e: { tenant: string; id: string; reportId: string; written: string; shown: string | null; sealed: string },
): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE reports_event SET text = $3, text_sealed = $4, in_clear = false
      WHERE tenant = $1 AND id = $2::bigint AND in_clear AND text = $5 RETURNING id`,
    [e.tenant, e.id, e.shown, e.sealed, e.written],
  );
  if (rows.length === 0) return false;
  if (e.shown !== null && e.shown !== e.written) {
    await tx.query(`UPDATE reports_report SET status_notes = $3 WHERE tenant = $1 AND id = $2 AND status_notes = $4`, [
      e.tenant,
      e.reportId,
      e.shown,
      e.written,
    ]);
  }
  return true;
}

/** The events with officers' words on the reports with this blind index of a phone (data-subject requests). */
export async function wordsByPhoneIndex(
  sql: Sql,
  tenant: string,
  index: string,
): Promise<(StoredEvent & { tenant: string })[]> {
  const { rows } = await sql.query<EventRow & { tenant: string }>(
    `SELECT tenant, ${EVENT_COLUMNS} FROM reports_event
      WHERE (tenant, report_id) IN (SELECT tenant, id FROM reports_report WHERE phone_index = $1 AND ($2 = '*' OR tenant = $2))
        AND (text_sealed IS NOT NULL OR in_clear)
      ORDER BY reports_event.id`,
    [index, tenant],
  );
  return rows.map((r) => ({ ...eventOf(r), tenant: r.tenant }));
}

/** One event of the tenant, as kept. */
export async function findEvent(sql: Sql, tenant: string, id: string): Promise<StoredEvent | null> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM reports_event WHERE tenant = $1 AND id = $2::bigint`,
    [tenant, id],
  );
  return rows[0] ? eventOf(rows[0]) : null;
}

/**
 * Erasure of an officer's words about a person: the words as written go; what the public reads (masked)
 * stays on the record, and an internal note keeps no text.
 */
export async function eraseEventWords(sql: Sql, tenant: string, id: string, shown: string | null): Promise<void> {
  await sql.query(
    `UPDATE reports_event SET text_sealed = NULL, text = $3, in_clear = false WHERE tenant = $1 AND id = $2::bigint`,
    [tenant, id, shown],
  );
}

// --- media ---------------------------------------------------------------------------------------

/** A citizen's photo goes to a report or a supplement, an officer's to an answer. */
export type MediaKind = 'citizen' | 'answer';

export interface StoredMedia {
  readonly id: string;
  readonly contentType: string;
  readonly size: number;
  readonly hidden: boolean;
}

export async function insertMedia(
  sql: Sql,
  tenant: string,
  m: StoredMedia & { bytes: Uint8Array; kind: MediaKind; taken: boolean },
  at: Time,
): Promise<void> {
  await sql.query(
    `INSERT INTO reports_media (tenant, id, content_type, bytes, size, hidden, created_at, kind, taken_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tenant, m.id, m.contentType, m.bytes, m.size, m.hidden, at, m.kind, m.taken ? at : null],
  );
}

/**
 * Takes uploaded photos of `kind` that nothing took yet, all or none: the ids taken now (fewer than
 * asked: the caller refuses and its transaction leaves them as they were).
 */
export async function takeMedia(
  sql: Sql,
  tenant: string,
  ids: readonly string[],
  kind: MediaKind,
  at: Time,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql.query<{ id: string }>(
    `UPDATE reports_media SET taken_at = $4
      WHERE tenant = $1 AND id = ANY($2::uuid[]) AND kind = $3 AND taken_at IS NULL
      RETURNING id::text AS id`,
    [tenant, ids, kind, at],
  );
  return rows.map((r) => r.id);
}

/** Photos uploaded before `before` that nothing took. */
export async function deleteUnusedMedia(sql: Sql, before: Time): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `WITH gone AS (DELETE FROM reports_media WHERE taken_at IS NULL AND created_at < $1 RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [before],
  );
  return rows[0]?.n ?? 0;
}

export async function mediaInfo(
  sql: Sql,
  tenant: string,
  ids: readonly string[],
): Promise<(StoredMedia & { kind: MediaKind; taken: boolean })[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql.query<{
    id: string;
    content_type: string;
    size: number;
    hidden: boolean;
    kind: MediaKind;
    taken: boolean;
  }>(
    `SELECT id::text AS id, content_type, size, hidden, kind, taken_at IS NOT NULL AS taken
       FROM reports_media WHERE tenant = $1 AND id = ANY($2::uuid[])`,
    [tenant, ids],
  );
  return rows.map((r) => ({
    id: r.id,
    contentType: r.content_type,
    size: r.size,
    hidden: r.hidden,
    kind: r.kind,
    taken: r.taken,
  }));
}

/** A photo's bytes, once something took it (an upload nothing took is no one's to see). */
export async function takenMediaBytes(
  sql: Sql,
  tenant: string,
  id: string,
): Promise<(StoredMedia & { bytes: Uint8Array }) | null> {
  const { rows } = await sql.query<{
    id: string;
    content_type: string;
    size: number;
    hidden: boolean;
    bytes: Uint8Array;
  }>(
    `SELECT id::text AS id, content_type, size, hidden, bytes FROM reports_media
      WHERE tenant = $1 AND id = $2 AND taken_at IS NOT NULL`,
    [tenant, id],
  );
  const r = rows[0];
  return r ? { id: r.id, contentType: r.content_type, size: r.size, hidden: r.hidden, bytes: r.bytes } : null;
}

// --- outbox --------------------------------------------------------------------------------------

export interface OutboxMessage {
  readonly id: string;
  readonly tenant: string;
  readonly reportId: string;
  readonly eventKind: string;
  readonly language: 'vi' | 'en';
  /** Sealed. */
  readonly subject: string;
  readonly text: string;
  readonly link: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly deliveredAt?: string;
  readonly sender?: string;
  readonly lastError?: string;
}

interface OutboxRow {
  id: string;
  tenant: string;
  report_id: string;
  event_kind: string;
  language: 'vi' | 'en';
  subject: string;
  text: string;
  link: string;
  created_at: Time;
  attempts: number;
  delivered_at: Time | null;
  sender: string | null;
  last_error: string | null;
}
const OUTBOX_COLUMNS = `id::text AS id, tenant, report_id, event_kind, language, subject, text, link, created_at, attempts,
  delivered_at, sender, last_error`;
const outboxOf = (r: OutboxRow): OutboxMessage => ({
  id: r.id,
  tenant: r.tenant,
  reportId: r.report_id,
  eventKind: r.event_kind,
  language: r.language,
  subject: r.subject,
  text: r.text,
  link: r.link,
  createdAt: iso(r.created_at),
  attempts: r.attempts,
  ...some('deliveredAt', isoOrUndefined(r.delivered_at)),
  ...some('sender', r.sender),
  ...some('lastError', r.last_error),
});

export async function queueMessage(
  tx: Sql,
  m: Omit<OutboxMessage, 'id' | 'attempts' | 'deliveredAt' | 'sender' | 'lastError'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO reports_outbox (tenant, report_id, event_kind, language, subject, text, link, created_at, next_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [m.tenant, m.reportId, m.eventKind, m.language, m.subject, m.text, m.link, m.createdAt],
  );
}

/**
 * Takes the messages due for sending: each is pushed back by `leaseMs` first, so another worker does
 * not take it meanwhile; a crash leaves it to be taken again after the lease (at least once).
 */
export async function takeDueMessages(tx: Sql, now: Time, leaseMs: number, limit: number): Promise<OutboxMessage[]> {
  const { rows } = await tx.query<OutboxRow>(
    `UPDATE reports_outbox SET next_at = $1::timestamptz + ($2 || ' milliseconds')::interval, attempts = attempts + 1
      WHERE id IN (SELECT id FROM reports_outbox WHERE delivered_at IS NULL AND next_at <= $1
                    ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING ${OUTBOX_COLUMNS}`,
    [now, String(leaseMs), limit],
  );
  return rows.map(outboxOf).sort((a, b) => Number(a.id) - Number(b.id));
}

export async function markDelivered(sql: Sql, id: string, sender: string, at: Time): Promise<void> {
  await sql.query(`UPDATE reports_outbox SET delivered_at = $2, sender = $3, last_error = NULL WHERE id = $1`, [
    id,
    at,
    sender,
  ]);
}

export async function markFailed(sql: Sql, id: string, error: string, nextAt: Time): Promise<void> {
  await sql.query(`UPDATE reports_outbox SET last_error = $2, next_at = $3 WHERE id = $1`, [
    id,
    error.slice(0, 500),
    nextAt,
  ]);
}

export async function listMessages(
  sql: Sql,
  tenant: string,
  f: { reportId?: string | undefined; limit: number },
): Promise<OutboxMessage[]> {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (f.reportId) where.push(`report_id = $${params.push(f.reportId)}`);
  const { rows } = await sql.query<OutboxRow>(
    `SELECT ${OUTBOX_COLUMNS} FROM reports_outbox WHERE ${where.join(' AND ')} ORDER BY reports_outbox.id DESC
      LIMIT $${params.push(f.limit)}`,
    params,
  );
  return rows.map(outboxOf);
}
