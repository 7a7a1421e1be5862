import type { Sql } from '../../platform/db/index.js';
import type { DossierChannel, DossierState, FeeState, OnlineLevel, Timeliness } from './model.js';

/** Dossiers' SQL. Times go in as Dates or ISO strings and come out as ISO strings. */

type Time = Date | string;
const iso = (v: Time): string => new Date(v).toISOString();
const isoOr = (v: Time | null | undefined): string | undefined => (v === null || v === undefined ? undefined : iso(v));

export const OPEN_STATES: readonly DossierState[] = [
  'submitted',
  'received',
  'processing',
  'supplement',
  'result-ready',
];
const OPEN_SQL = `('submitted', 'received', 'processing', 'supplement', 'result-ready')`;
/** A whole dossier code (`H26.261207.00001`): the queue finds it in any state. */
export const DOSSIER_CODE = /^H\d{2}\.\d{6}\.\d{5,}$/;

export interface Pause {
  readonly from: string;
  readonly to?: string;
}

/** A dossier as stored: personal fields sealed. */
export interface StoredDossier {
  readonly tenant: string;
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly limitDays: number;
  readonly electronicResult: boolean;
  readonly onlineLevel: OnlineLevel;
  /** The office holding the dossier now. */
  readonly agency: string;
  /** The agency that decides it (its result is issued in that name), fixed when filed; null before it was kept. */
  readonly decidedBy: string | null;
  readonly state: DossierState;
  readonly channel: DossierChannel;
  readonly language: 'vi' | 'en';
  readonly applicantKind: string;
  readonly applicant: {
    readonly name: string;
    readonly idNumber: string | null;
    readonly phone: string | null;
    readonly email: string | null;
    readonly address: string | null;
  };
  readonly idIndex: string | null;
  readonly phoneIndex: string | null;
  readonly applicantSubject: string | null;
  readonly valuesPlain: Readonly<Record<string, string | number | boolean>>;
  readonly valuesSealed: Readonly<Record<string, string>>;
  readonly school: string | null;
  readonly feeState: FeeState;
  readonly feeTotalVnd: number;
  readonly paymentReference: string | null;
  readonly submittedAt: string;
  readonly receivedAt?: string | undefined;
  readonly dueAt?: string | undefined;
  readonly returnedAt?: string | undefined;
  readonly closedAt?: string | undefined;
  readonly timeliness: Timeliness | null;
  readonly stepIndex: number;
  readonly stepDueAt?: string | undefined;
  readonly officer: string | null;
  readonly supplementFrom: DossierState | null;
  readonly asked: { items: string[]; note: string; at: string } | null;
  readonly pauses: readonly Pause[];
  readonly extensionDays: number;
  readonly rating: number | null;
  readonly ratingComment: string | null;
  readonly updatedAt: string;
}

const COLUMNS = `tenant, code, procedure_code, procedure_version, limit_days, electronic_result, online_level, agency, decided_by,
  state, channel, language, applicant_kind, applicant_name, applicant_id, applicant_phone, applicant_email,
  applicant_address, id_index, phone_index, applicant_subject, values_plain, values_sealed, school, fee_state,
  fee_total_vnd, payment_reference, submitted_at, received_at, due_at, returned_at, closed_at, timeliness,
  step_index, step_due_at, officer, supplement_from, asked, pauses, extension_days, rating, rating_comment,
  updated_at`;

type Row = Record<string, unknown>;

function dossierOf(r: Row): StoredDossier {
  return {
    tenant: r['tenant'] as string,
    code: r['code'] as string,
    procedureCode: r['procedure_code'] as string,
    procedureVersion: r['procedure_version'] as number,
    limitDays: r['limit_days'] as number,
    electronicResult: r['electronic_result'] as boolean,
    decidedBy: (r['decided_by'] as string | null) ?? null,
    onlineLevel: r['online_level'] as OnlineLevel,
    agency: r['agency'] as string,
    state: r['state'] as DossierState,
    channel: r['channel'] as DossierChannel,
    language: r['language'] as 'vi' | 'en',
    applicantKind: r['applicant_kind'] as string,
    applicant: {
      name: r['applicant_name'] as string,
      idNumber: r['applicant_id'] as string | null,
      phone: r['applicant_phone'] as string | null,
      email: r['applicant_email'] as string | null,
      address: r['applicant_address'] as string | null,
    },
    idIndex: r['id_index'] as string | null,
    phoneIndex: r['phone_index'] as string | null,
    applicantSubject: r['applicant_subject'] as string | null,
    valuesPlain: r['values_plain'] as Record<string, string | number | boolean>,
    valuesSealed: r['values_sealed'] as Record<string, string>,
    school: r['school'] as string | null,
    feeState: r['fee_state'] as FeeState,
    feeTotalVnd: r['fee_total_vnd'] as number,
    paymentReference: r['payment_reference'] as string | null,
    submittedAt: iso(r['submitted_at'] as Date),
    receivedAt: isoOr(r['received_at'] as Date | null),
    dueAt: isoOr(r['due_at'] as Date | null),
    returnedAt: isoOr(r['returned_at'] as Date | null),
    closedAt: isoOr(r['closed_at'] as Date | null),
    timeliness: r['timeliness'] as Timeliness | null,
    stepIndex: r['step_index'] as number,
    stepDueAt: isoOr(r['step_due_at'] as Date | null),
    officer: r['officer'] as string | null,
    supplementFrom: r['supplement_from'] as DossierState | null,
    asked: r['asked'] as StoredDossier['asked'],
    pauses: r['pauses'] as Pause[],
    extensionDays: r['extension_days'] as number,
    rating: r['rating'] as number | null,
    ratingComment: r['rating_comment'] as string | null,
    updatedAt: iso(r['updated_at'] as Date),
  };
}

/** The queue's order key: the due date, or for a dossier not yet received its submission a century before. */
export function queueAt(d: { dueAt?: string | undefined; submittedAt: string }): string {
  if (d.dueAt) return d.dueAt;
  const s = new Date(d.submittedAt);
  s.setUTCFullYear(s.getUTCFullYear() - 100);
  return s.toISOString();
}

export type NewDossierRow = Omit<
  StoredDossier,
  | 'receivedAt'
  | 'dueAt'
  | 'returnedAt'
  | 'closedAt'
  | 'timeliness'
  | 'stepIndex'
  | 'stepDueAt'
  | 'officer'
  | 'supplementFrom'
  | 'asked'
  | 'pauses'
  | 'extensionDays'
  | 'rating'
  | 'ratingComment'
  | 'updatedAt'
  | 'decidedBy'
> & {
  /** The agency that decides the procedure for this dossier (`agencyFor`): the one the index credits. */
  readonly decidedBy: string;
  /** School enrolment: the blind index of the pupil's ID number (one enrolment per pupil and year). */
  readonly pupilIndex: string | null;
};

/** A timeline event's columns after (tenant, code), in the order both inserts list them. */
const eventParams = (e: Omit<DossierEvent, 'id'>): unknown[] => [
  e.at,
  e.kind,
  e.byKind,
  e.byId ?? null,
  e.byName ?? null,
  e.fromState ?? null,
  e.toState ?? null,
  e.fromAgency ?? null,
  e.toAgency ?? null,
  e.note ?? null,
  JSON.stringify(e.data),
];

/** What a filing writes besides the dossier: its uploads, its first event, its first portal event. */
export interface Filing {
  /** The day of the code's sequence (Hà Nội), and what goes before the sequence number ("H26.261207."). */
  readonly day: string;
  readonly codePrefix: string;
  readonly documents: readonly { id: string; code: string }[];
  readonly event: Omit<DossierEvent, 'id'>;
  readonly portal: { kind: string; payload: Record<string, unknown>; at: Date };
  /** The applicant's token to follow the dossier (its hash), when the applicant files it themself. */
  readonly token?: { tokenHash: string; createdAt: string; expiresAt: string } | undefined;
  /** When the worker takes up the filing's follow-up if it is not done by then; none: nothing to follow up. */
  readonly followUpBy?: Date | undefined;
}

/**
 * Files a dossier in one statement: the day's next number (at least 5 digits), the dossier, its
 * uploads attached (those not yet attached), its timeline's first event and its first portal event
 * (counted on the dossier), the applicant's token and the filing's follow-up (its fee's intent and the
 * message, made after the commit). The counter's row stays locked until the transaction ends: the
 * filing commits right after this statement. Returns the code and the uploads it attached with their
 * content types (checked against the procedure before the commit).
 */
export async function fileDossier(
  tx: Sql,
  d: Omit<NewDossierRow, 'code'>,
  f: Filing,
): Promise<{ code: string; attached: { id: string; contentType: string }[] }> {
  const e = f.event;
  const { rows } = await tx.query<{ code: string; attached: { id: string; contentType: string }[] }>(
    `WITH n AS (
       INSERT INTO services_dossier_counter (tenant, day, last) VALUES ($1, $28, 1)
       ON CONFLICT (tenant, day) DO UPDATE SET last = services_dossier_counter.last + 1
       RETURNING last
     ), d AS (
       INSERT INTO services_dossiers (tenant, code, procedure_code, procedure_version, limit_days, electronic_result,
         online_level, agency, state, channel, language, applicant_kind, applicant_name, applicant_id, applicant_phone,
         applicant_email, applicant_address, id_index, phone_index, applicant_subject, values_plain, values_sealed,
         school, fee_state, fee_total_vnd, payment_reference, submitted_at, queue_at, updated_at, portal_events, decided_by,
         pupil_index)
       VALUES ($1, (SELECT $29::text || lpad(last::text, greatest(5, length(last::text)), '0') FROM n),
         $2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$26,1,$46,$47)
       RETURNING code
     ), a AS (
       UPDATE services_dossier_documents u SET dossier = d.code, doc_code = x.code
         FROM d, unnest($30::uuid[], $31::text[]) AS x (id, code)
        WHERE u.tenant = $1 AND u.id = x.id AND u.dossier IS NULL AND u.kind = 'upload'
       RETURNING u.id, u.content_type
     ), e AS (
       INSERT INTO services_dossier_events (tenant, code, at, kind, by_kind, by_id, by_name, from_state, to_state,
         from_agency, to_agency, note, data)
       VALUES ($1, (SELECT code FROM d), $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42)
     ), o AS (
       INSERT INTO services_portal_outbox (tenant, dossier, kind, payload, created_at, next_at)
       VALUES ($1, (SELECT code FROM d), $43, $44, $45, $45)
     ), t AS (
       INSERT INTO services_applicant_token (token_hash, tenant, kind, dossier, created_at, expires_at)
       SELECT $48, $1, 'dossier', code, $49, $50 FROM d WHERE $48::text IS NOT NULL
     ), f AS (
       INSERT INTO services_filing_followup (tenant, dossier, next_at)
       SELECT $1, code, $51 FROM d WHERE $51::timestamptz IS NOT NULL
     )
     SELECT (SELECT code FROM d) AS code,
            (SELECT coalesce(json_agg(json_build_object('id', id, 'contentType', content_type)), '[]') FROM a) AS attached`,
    [
      d.tenant,
      d.procedureCode,
      d.procedureVersion,
      d.limitDays,
      d.electronicResult,
      d.onlineLevel,
      d.agency,
      d.state,
      d.channel,
      d.language,
      d.applicantKind,
      d.applicant.name,
      d.applicant.idNumber,
      d.applicant.phone,
      d.applicant.email,
      d.applicant.address,
      d.idIndex,
      d.phoneIndex,
      d.applicantSubject,
      JSON.stringify(d.valuesPlain),
      JSON.stringify(d.valuesSealed),
      d.school,
      d.feeState,
      d.feeTotalVnd,
      d.paymentReference,
      d.submittedAt,
      queueAt(d),
      f.day,
      f.codePrefix,
      f.documents.map((x) => x.id),
      f.documents.map((x) => x.code),
      ...eventParams(e),
      f.portal.kind,
      JSON.stringify(f.portal.payload),
      f.portal.at,
      d.decidedBy,
      d.pupilIndex,
      f.token?.tokenHash ?? null,
      f.token?.createdAt ?? null,
      f.token?.expiresAt ?? null,
      f.followUpBy ?? null,
    ],
  );
  return rows[0] as { code: string; attached: { id: string; contentType: string }[] };
}

/** A filing's follow-up done: its row deleted. */
export async function followedUp(sql: Sql, tenant: string, code: string): Promise<void> {
  await sql.query(`DELETE FROM services_filing_followup WHERE tenant = $1 AND dossier = $2`, [tenant, code]);
}

/**
 * The follow-ups left behind whose time has come, each put off to `leaseUntil` as it is taken (so two
 * workers do not take the same one while it is being done), oldest first.
 */
export async function takeFollowUps(
  sql: Sql,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<{ tenant: string; code: string; attempts: number }[]> {
  const { rows } = await sql.query<{ tenant: string; code: string; attempts: number }>(
    `UPDATE services_filing_followup f SET next_at = $2, attempts = f.attempts + 1
       FROM (SELECT tenant, dossier FROM services_filing_followup WHERE next_at <= $1
              ORDER BY next_at LIMIT $3 FOR UPDATE SKIP LOCKED) AS due
      WHERE f.tenant = due.tenant AND f.dossier = due.dossier
      RETURNING f.tenant, f.dossier AS code, f.attempts`,
    [now, leaseUntil, limit],
  );
  return rows;
}

/** A follow-up that failed: tried again at `nextAt`. */
export async function followUpLater(sql: Sql, tenant: string, code: string, nextAt: Date): Promise<void> {
  await sql.query(`UPDATE services_filing_followup SET next_at = $3 WHERE tenant = $1 AND dossier = $2`, [
    tenant,
    code,
    nextAt,
  ]);
}

export async function getDossier(
  sql: Sql,
  tenant: string,
  code: string,
  forUpdate = false,
): Promise<StoredDossier | undefined> {
  const { rows } = await sql.query(
    `SELECT ${COLUMNS} FROM services_dossiers WHERE tenant = $1 AND code = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenant, code],
  );
  return rows[0] ? dossierOf(rows[0]) : undefined;
}

/** What a transition may change of a dossier. */
export interface DossierPatch {
  readonly state?: DossierState;
  readonly agency?: string;
  readonly receivedAt?: string;
  readonly dueAt?: string | null;
  readonly returnedAt?: string;
  readonly closedAt?: string;
  readonly timeliness?: Timeliness;
  readonly stepIndex?: number;
  readonly stepDueAt?: string | null;
  readonly officer?: string | null;
  readonly supplementFrom?: DossierState | null;
  readonly asked?: StoredDossier['asked'];
  readonly pauses?: readonly Pause[];
  readonly extensionDays?: number;
  readonly feeState?: FeeState;
  readonly paymentReference?: string | null;
  readonly valuesPlain?: Readonly<Record<string, string | number | boolean>>;
  readonly valuesSealed?: Readonly<Record<string, string>>;
  readonly rating?: number;
  readonly ratingComment?: string | null;
  readonly ratedAt?: string;
}

const PATCH_COLUMNS: Readonly<Record<keyof DossierPatch, [string, (v: never) => unknown]>> = {
  state: ['state', (v) => v],
  agency: ['agency', (v) => v],
  receivedAt: ['received_at', (v) => v],
  dueAt: ['due_at', (v) => v],
  returnedAt: ['returned_at', (v) => v],
  closedAt: ['closed_at', (v) => v],
  timeliness: ['timeliness', (v) => v],
  stepIndex: ['step_index', (v) => v],
  stepDueAt: ['step_due_at', (v) => v],
  officer: ['officer', (v) => v],
  supplementFrom: ['supplement_from', (v) => v],
  asked: ['asked', (v) => (v === null ? null : JSON.stringify(v))],
  pauses: ['pauses', (v) => JSON.stringify(v)],
  extensionDays: ['extension_days', (v) => v],
  feeState: ['fee_state', (v) => v],
  paymentReference: ['payment_reference', (v) => v],
  valuesPlain: ['values_plain', (v) => JSON.stringify(v)],
  valuesSealed: ['values_sealed', (v) => JSON.stringify(v)],
  rating: ['rating', (v) => v],
  ratingComment: ['rating_comment', (v) => v],
  ratedAt: ['rated_at', (v) => v],
};

/** Writes a patch (and the queue key when the due date moves). */
export async function updateDossier(
  tx: Sql,
  d: Pick<StoredDossier, 'tenant' | 'code' | 'submittedAt'>,
  patch: DossierPatch,
  now: Date,
): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [d.tenant, d.code, now.toISOString()];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const [column, encode] = PATCH_COLUMNS[key as keyof DossierPatch];
    params.push(encode(value as never));
    sets.push(`${column} = $${params.length}`);
  }
  if (patch.dueAt !== undefined) {
    params.push(queueAt({ dueAt: patch.dueAt ?? undefined, submittedAt: d.submittedAt }));
    sets.push(`queue_at = $${params.length}`);
  }
  await tx.query(
    `UPDATE services_dossiers SET updated_at = $3${sets.map((s) => `, ${s}`).join('')} WHERE tenant = $1 AND code = $2`,
    params,
  );
}

export interface DossierEvent {
  readonly id: number;
  readonly at: string;
  readonly kind: string;
  readonly byKind: 'applicant' | 'staff' | 'system';
  readonly byId?: string | undefined;
  readonly byName?: string | undefined;
  readonly fromState?: DossierState | undefined;
  readonly toState?: DossierState | undefined;
  readonly fromAgency?: string | undefined;
  readonly toAgency?: string | undefined;
  readonly note?: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
}

export async function insertEvent(tx: Sql, tenant: string, code: string, e: Omit<DossierEvent, 'id'>): Promise<void> {
  await tx.query(
    `INSERT INTO services_dossier_events (tenant, code, at, kind, by_kind, by_id, by_name, from_state, to_state,
       from_agency, to_agency, note, data)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [tenant, code, ...eventParams(e)],
  );
}

export async function eventsOf(sql: Sql, tenant: string, code: string): Promise<DossierEvent[]> {
  const { rows } = await sql.query(
    `SELECT id, at, kind, by_kind, by_id, by_name, from_state, to_state, from_agency, to_agency, note, data
     FROM services_dossier_events WHERE tenant = $1 AND code = $2 ORDER BY id`,
    [tenant, code],
  );
  return rows.map((r) => ({
    id: r['id'] as number,
    at: iso(r['at'] as Date),
    kind: r['kind'] as string,
    byKind: r['by_kind'] as DossierEvent['byKind'],
    byId: (r['by_id'] as string | null) ?? undefined,
    byName: (r['by_name'] as string | null) ?? undefined,
    fromState: (r['from_state'] as DossierState | null) ?? undefined,
    toState: (r['to_state'] as DossierState | null) ?? undefined,
    fromAgency: (r['from_agency'] as string | null) ?? undefined,
    toAgency: (r['to_agency'] as string | null) ?? undefined,
    note: (r['note'] as string | null) ?? undefined,
    data: r['data'] as Record<string, unknown>,
  }));
}

export interface QueueQuery {
  readonly agencies?: readonly string[] | undefined;
  readonly state?: DossierState | undefined;
  readonly lateBefore?: string | undefined;
  readonly code?: string | undefined;
  /** The applicant's blind indexes (ID number, phone): their dossiers whatever their state. */
  readonly applicant?: { readonly idIndex: string; readonly phoneIndex: string } | undefined;
  /** Dossiers these agencies held at some step (as the book keeps them), instead of those they hold now. */
  readonly heldBy?: readonly string[] | undefined;
  readonly limit: number;
  readonly after?: { queueAt: string; code: string } | undefined;
}

/**
 * Dossiers in the order of their due dates (those waiting to be received first), keyset-paged: the open
 * ones (the partial indexes of open dossiers), or of the state asked (closed ones too), or the one with
 * an exact code whatever its state (by primary key), or an applicant's by the blind index of their ID
 * number or phone.
 */
export async function queue(sql: Sql, tenant: string, q: QueueQuery): Promise<(StoredDossier & { queueAt: string })[]> {
  const where = [`tenant = $1`];
  const params: unknown[] = [tenant];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  const exact = (q.code !== undefined && DOSSIER_CODE.test(q.code)) || q.applicant !== undefined;
  if (q.state) add((n) => `state = $${n}`, q.state);
  else if (!exact) where.push(`state IN ${OPEN_SQL}`);
  if (q.agencies) add((n) => `agency = ANY($${n}::text[])`, q.agencies);
  if (q.heldBy) {
    add(
      (n) => `(agency = ANY($${n}::text[]) OR EXISTS (SELECT 1 FROM services_dossier_events e
                WHERE e.tenant = services_dossiers.tenant AND e.code = services_dossiers.code
                  AND (e.to_agency = ANY($${n}::text[]) OR e.from_agency = ANY($${n}::text[]))))`,
      q.heldBy,
    );
  }
  if (q.applicant) {
    params.push(q.applicant.idIndex, q.applicant.phoneIndex);
    where.push(`(id_index = $${params.length - 1} OR phone_index = $${params.length})`);
  }
  if (q.lateBefore) add((n) => `due_at < $${n}`, q.lateBefore);
  if (q.code && exact) add((n) => `code = $${n}`, q.code);
  else if (q.code) add((n) => `code LIKE $${n}`, `%${q.code.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  if (q.after) {
    params.push(q.after.queueAt, q.after.code);
    where.push(`(queue_at, code) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(q.limit);
  const { rows } = await sql.query(
    `SELECT ${COLUMNS}, queue_at FROM services_dossiers WHERE ${where.join(' AND ')}
     ORDER BY queue_at, code LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({ ...dossierOf(r), queueAt: iso(r['queue_at'] as Date) }));
}

/** A signed-in applicant's dossiers, by the subject's blind index (or, filed before it was kept, in clear). */
export async function dossiersBySubject(
  sql: Sql,
  tenant: string,
  subjects: readonly string[],
): Promise<StoredDossier[]> {
  const { rows } = await sql.query(
    `SELECT ${COLUMNS} FROM services_dossiers WHERE tenant = $1 AND applicant_subject = ANY($2::text[])
     ORDER BY submitted_at DESC LIMIT 200`,
    [tenant, subjects],
  );
  return rows.map(dossierOf);
}

/**
 * Dossiers whose sign-on subject is still in clear: `<issuer>|<sub>` has a "|", which a blind index
 * (base64url) never has.
 */
export async function clearSubjects(
  sql: Sql,
  limit: number,
): Promise<{ tenant: string; code: string; subject: string }[]> {
  const { rows } = await sql.query<{ tenant: string; code: string; subject: string }>(
    `SELECT tenant, code, applicant_subject AS subject FROM services_dossiers
     WHERE applicant_subject LIKE '%|%' ORDER BY tenant, code LIMIT $1`,
    [limit],
  );
  return rows;
}

/**
 * Open dossiers still held by, or decided by, a ward stand-in (filed before stand-ins were resolved when
 * filed), by tenant and code after `after`: each run goes through them once.
 */
export async function onStandIns(
  sql: Sql,
  standIns: readonly string[],
  closed: readonly string[],
  after: { tenant: string; code: string },
  limit: number,
): Promise<StoredDossier[]> {
  const { rows } = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM services_dossiers
      WHERE (agency = ANY($1::text[]) OR decided_by = ANY($1::text[])) AND state <> ALL($2::text[])
        AND (tenant, code) > ($3, $4)
      ORDER BY tenant, code LIMIT $5`,
    [standIns, closed, after.tenant, after.code, limit],
  );
  return rows.map(dossierOf);
}

/** Gives a dossier the ward's agency where it still has the stand-in (held by it, decided by it). */
export async function replaceStandIn(
  sql: Sql,
  d: { tenant: string; code: string },
  standIn: string,
  agency: string,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE services_dossiers
        SET agency = CASE WHEN agency = $3 THEN $4 ELSE agency END,
            decided_by = CASE WHEN decided_by = $3 OR decided_by IS NULL THEN $4 ELSE decided_by END
      WHERE tenant = $1 AND code = $2 AND (agency = $3 OR decided_by = $3)`,
    [d.tenant, d.code, standIn, agency],
  );
  return (rowCount ?? 0) > 0;
}

/** Replaces a dossier's subject in clear by its blind index (only if still the one read). */
export async function setSubject(
  sql: Sql,
  d: { tenant: string; code: string; subject: string },
  index: string,
): Promise<void> {
  await sql.query(
    `UPDATE services_dossiers SET applicant_subject = $4 WHERE tenant = $1 AND code = $2 AND applicant_subject = $3`,
    [d.tenant, d.code, d.subject, index],
  );
}

export async function dossiersByIndex(
  sql: Sql,
  tenant: string,
  column: 'id_index' | 'phone_index',
  index: string,
): Promise<StoredDossier[]> {
  const { rows } = await sql.query(
    `SELECT ${COLUMNS} FROM services_dossiers WHERE tenant = $1 AND ${column} = $2 ORDER BY submitted_at`,
    [tenant, index],
  );
  return rows.map(dossierOf);
}

/**
 * Erasure of a person: the dossier is an administrative record kept by law; the person's data goes,
 * their own words too (the rating's comment, the notes of their steps: a supplement's, a withdrawal's
 * reason), which may name them or give a phone number in clear. The officers' steps stay: they are
 * the record. The uploads of a dossier closed without being received (withdrawn or refused before
 * receipt, closed unpaid) were never taken into that record: they go; one still waiting keeps them (an
 * officer may still receive it, and cannot without its documents); the names of those kept go (shown as
 * tai-lieu.<ext>). A result stays (the agency's act, sealed).
 */
export async function anonymiseDossier(sql: Sql, tenant: string, code: string): Promise<void> {
  await sql.query(
    `UPDATE services_dossiers SET applicant_name = '—', applicant_id = NULL, applicant_phone = NULL,
       applicant_email = NULL, applicant_address = NULL, id_index = NULL, phone_index = NULL,
       pupil_index = NULL, applicant_subject = NULL, values_sealed = '{}', rating_comment = NULL
     WHERE tenant = $1 AND code = $2`,
    [tenant, code],
  );
  await sql.query(
    `UPDATE services_dossier_events SET note = NULL, in_clear = false
     WHERE tenant = $1 AND code = $2 AND by_kind = 'applicant' AND note IS NOT NULL`,
    [tenant, code],
  );
  await sql.query(
    `DELETE FROM services_dossier_documents x USING services_dossiers d
     WHERE x.tenant = $1 AND x.dossier = $2 AND x.kind = 'upload'
       AND d.tenant = x.tenant AND d.code = x.dossier AND d.received_at IS NULL
       AND d.state IN ('rejected', 'withdrawn', 'stopped')`,
    [tenant, code],
  );
  await sql.query(
    `UPDATE services_dossier_documents
        SET name = 'tai-lieu.' || CASE content_type WHEN 'application/pdf' THEN 'pdf' WHEN 'image/jpeg' THEN 'jpg' ELSE 'png' END
      WHERE tenant = $1 AND dossier = $2 AND kind = 'upload'`,
    [tenant, code],
  );
}

/**
 * Whether the pupil (by the blind index of their ID number) has an open or returned enrolment dossier
 * of the procedure filed in [from, to) (a school year's admissions).
 */
export async function pupilEnrolled(
  sql: Sql,
  tenant: string,
  procedure: string,
  pupilIndex: string,
  from: string,
  to: string,
): Promise<boolean> {
  const { rows } = await sql.query(
    `SELECT 1 FROM services_dossiers
     WHERE tenant = $1 AND procedure_code = $2 AND pupil_index = $3 AND submitted_at >= $4 AND submitted_at < $5
       AND state IN ${OPEN_SQL.replace(')', ", 'returned')")} LIMIT 1`,
    [tenant, procedure, pupilIndex, from, to],
  );
  return rows.length > 0;
}

/**
 * Dossiers holding a place at a school in a school year (filed in [from, to)): open or returned
 * (rejected, stopped and withdrawn free theirs).
 */
export async function schoolPlacesTaken(
  sql: Sql,
  tenant: string,
  procedure: string,
  school: string,
  from: string,
  to: string,
): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM services_dossiers
     WHERE tenant = $1 AND procedure_code = $2 AND school = $3 AND submitted_at >= $4 AND submitted_at < $5
       AND state IN ${OPEN_SQL.replace(')', ", 'returned')")}`,
    [tenant, procedure, school, from, to],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Dossiers filed online whose fee is to be paid before receipt, still unpaid and not received (waiting
 * for it, or asked for a supplement before it), filed before `before`: those the worker closes. Oldest
 * first, a page at a time after the last one read (`from`), so a dossier that cannot be closed does
 * not hide those behind it.
 */
export async function unpaidBefore(
  sql: Sql,
  before: string,
  limit: number,
  from?: UnpaidCursor,
): Promise<UnpaidCursor[]> {
  // The filing time as the database's text: exact to the microsecond, where a Date keeps milliseconds.
  const { rows } = await sql.query<UnpaidCursor>(
    `SELECT tenant, code, submitted_at::text AS "submittedAt" FROM services_dossiers
     WHERE fee_state = 'due' AND channel = 'online' AND online_level = 'full' AND fee_total_vnd > 0
       AND (state = 'submitted' OR (state = 'supplement' AND supplement_from = 'submitted'))
       AND submitted_at < $1
       AND ($3::timestamptz IS NULL OR (submitted_at, tenant, code) > ($3::timestamptz, $4, $5))
     ORDER BY submitted_at, tenant, code LIMIT $2`,
    [before, limit, from?.submittedAt ?? null, from?.tenant ?? null, from?.code ?? null],
  );
  return rows;
}

/** A dossier the unpaid expiry reads, and where its next page starts. */
export interface UnpaidCursor {
  readonly tenant: string;
  readonly code: string;
  readonly submittedAt: string;
}

// --- documents --------------------------------------------------------------------------------------

export interface StoredDocument {
  readonly id: string;
  readonly dossier: string | null;
  readonly kind: 'upload' | 'result';
  readonly docCode: string | null;
  readonly name: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly scan: string;
  readonly createdAt: string;
}

const DOC_COLUMNS = `id, dossier, kind, doc_code, name, content_type, bytes, sha256, scan, created_at`;
const documentOf = (r: Row): StoredDocument => ({
  id: r['id'] as string,
  dossier: r['dossier'] as string | null,
  kind: r['kind'] as 'upload' | 'result',
  docCode: r['doc_code'] as string | null,
  name: r['name'] as string,
  contentType: r['content_type'] as string,
  bytes: r['bytes'] as number,
  sha256: r['sha256'] as string,
  scan: r['scan'] as string,
  createdAt: iso(r['created_at'] as Date),
});

export async function insertDocument(
  sql: Sql,
  tenant: string,
  /** `data` and an upload's `name` sealed (platform/personal-data). */
  d: Omit<StoredDocument, 'createdAt'> & { data: Uint8Array; createdAt: Date },
): Promise<void> {
  await sql.query(
    `INSERT INTO services_dossier_documents (tenant, id, dossier, kind, doc_code, name, content_type, bytes, sha256, data, scan, created_at, sealed)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12, true)`,
    [
      tenant,
      d.id,
      d.dossier,
      d.kind,
      d.docCode,
      d.name,
      d.contentType,
      d.bytes,
      d.sha256,
      Buffer.from(d.data),
      d.scan,
      d.createdAt,
    ],
  );
}

export async function documentsByIds(sql: Sql, tenant: string, ids: readonly string[]): Promise<StoredDocument[]> {
  const { rows } = await sql.query(
    `SELECT ${DOC_COLUMNS} FROM services_dossier_documents WHERE tenant = $1 AND id = ANY($2::uuid[])`,
    [tenant, ids],
  );
  return rows.map(documentOf);
}

export async function documentsOf(sql: Sql, tenant: string, dossier: string): Promise<StoredDocument[]> {
  const { rows } = await sql.query(
    `SELECT ${DOC_COLUMNS} FROM services_dossier_documents WHERE tenant = $1 AND dossier = $2 ORDER BY created_at, id`,
    [tenant, dossier],
  );
  return rows.map(documentOf);
}

export async function documentData(
  sql: Sql,
  tenant: string,
  id: string,
): Promise<(StoredDocument & { data: Uint8Array }) | undefined> {
  const { rows } = await sql.query(
    `SELECT ${DOC_COLUMNS}, data FROM services_dossier_documents WHERE tenant = $1 AND id = $2`,
    [tenant, id],
  );
  const r = rows[0];
  return r ? { ...documentOf(r), data: new Uint8Array(r['data'] as Uint8Array) } : undefined;
}

/** Attaches uploads to a dossier with their document codes; only uploads not yet attached. One statement. */
export async function attachDocuments(
  tx: Sql,
  tenant: string,
  dossier: string,
  docs: readonly { id: string; code: string }[],
): Promise<number> {
  if (docs.length === 0) return 0;
  const r = await tx.query(
    `UPDATE services_dossier_documents u SET dossier = $2, doc_code = x.code
       FROM unnest($3::uuid[], $4::text[]) AS x (id, code)
      WHERE u.tenant = $1 AND u.id = x.id AND u.dossier IS NULL AND u.kind = 'upload'`,
    [tenant, dossier, docs.map((d) => d.id), docs.map((d) => d.code)],
  );
  return r.rowCount;
}

/** The dossier a result (by its SHA-256) was issued for, and the agency it was issued in the name of. */
export async function resultByHash(
  sql: Sql,
  sha256: string,
): Promise<{ tenant: string; dossier: string; decidedBy: string | undefined; createdAt: string } | undefined> {
  const { rows } = await sql.query(
    `SELECT r.tenant, r.dossier, d.decided_by, r.created_at FROM services_dossier_documents r
       LEFT JOIN services_dossiers d ON d.tenant = r.tenant AND d.code = r.dossier
      WHERE r.kind = 'result' AND r.sha256 = $1 LIMIT 1`,
    [sha256],
  );
  const r = rows[0];
  return r
    ? {
        tenant: r['tenant'] as string,
        dossier: r['dossier'] as string,
        decidedBy: (r['decided_by'] as string | null) ?? undefined,
        createdAt: iso(r['created_at'] as Date),
      }
    : undefined;
}

/** Documents kept before they were sealed (bytes and an upload's name in clear): a page in key order, after `after`. */
export async function documentsInClear(
  sql: Sql,
  after: { tenant: string; id: string } | undefined,
  limit: number,
): Promise<{ tenant: string; id: string; kind: 'upload' | 'result'; name: string; data: Uint8Array }[]> {
  const { rows } = await sql.query(
    `SELECT tenant, id, kind, name, data FROM services_dossier_documents
      WHERE NOT sealed AND ($1::text IS NULL OR (tenant, id) > ($1::text, $2::uuid))
      ORDER BY tenant, id LIMIT $3`,
    [after?.tenant ?? null, after?.id ?? null, limit],
  );
  return rows.map((r) => ({
    tenant: r['tenant'] as string,
    id: r['id'] as string,
    kind: r['kind'] as 'upload' | 'result',
    name: r['name'] as string,
    data: new Uint8Array(r['data'] as Uint8Array),
  }));
}

/** Replaces a document's clear bytes and name by their sealed forms, unless its name changed meanwhile (erased). */
export async function sealDocument(
  sql: Sql,
  d: { tenant: string; id: string; nameWas: string; name: string; data: Uint8Array },
): Promise<boolean> {
  const r = await sql.query(
    `UPDATE services_dossier_documents SET name = $4, data = $5, sealed = true
      WHERE tenant = $1 AND id = $2 AND name = $3 AND NOT sealed`,
    [d.tenant, d.id, d.nameWas, d.name, Buffer.from(d.data)],
  );
  return r.rowCount > 0;
}

/** The applicant's words kept in clear before they were sealed: a page in key order, after `after`. */
export async function applicantWordsInClear(
  sql: Sql,
  after: string | undefined,
  limit: number,
): Promise<{ id: string; tenant: string; note: string }[]> {
  const { rows } = await sql.query<{ id: string; tenant: string; note: string }>(
    `SELECT id::text AS id, tenant, note FROM services_dossier_events
      WHERE in_clear AND ($1::bigint IS NULL OR id > $1::bigint) ORDER BY id LIMIT $2`,
    [after ?? null, limit],
  );
  return rows;
}

/** Replaces an applicant's words in clear by their sealed form, unless they changed meanwhile (erased). */
export async function sealApplicantWords(sql: Sql, id: string, was: string, sealed: string): Promise<boolean> {
  const r = await sql.query(
    `UPDATE services_dossier_events SET note = $3, in_clear = false WHERE id = $1::bigint AND note = $2 AND in_clear`,
    [id, was, sealed],
  );
  return r.rowCount > 0;
}

export async function dropUnusedDocuments(sql: Sql, before: Date): Promise<number> {
  const r = await sql.query(
    `DELETE FROM services_dossier_documents WHERE dossier IS NULL AND kind = 'upload' AND created_at < $1`,
    [before],
  );
  return r.rowCount;
}

// --- staff --------------------------------------------------------------------------------------------

export async function staffAgencies(sql: Sql, tenant: string, userId: string): Promise<string[]> {
  const { rows } = await sql.query<{ agencies: string[] }>(
    `SELECT agencies FROM services_staff WHERE tenant = $1 AND user_id = $2`,
    [tenant, userId],
  );
  return rows[0]?.agencies ?? [];
}

/** The users who work for an agency (its officers, as set on the staff list). */
export async function staffOfAgency(sql: Sql, tenant: string, agency: string): Promise<string[]> {
  const { rows } = await sql.query<{ user_id: string }>(
    `SELECT user_id FROM services_staff WHERE tenant = $1 AND $2 = ANY(agencies) ORDER BY user_id`,
    [tenant, agency],
  );
  return rows.map((r) => r.user_id);
}

export async function setStaffAgencies(
  sql: Sql,
  tenant: string,
  userId: string,
  agencies: readonly string[],
  now: Date,
): Promise<void> {
  await sql.query(
    `INSERT INTO services_staff (tenant, user_id, agencies, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant, user_id) DO UPDATE SET agencies = EXCLUDED.agencies, updated_at = EXCLUDED.updated_at`,
    [tenant, userId, agencies, now],
  );
}

// --- the national portal's outbox ------------------------------------------------------------------------

export interface PortalEventRow {
  readonly id: number;
  readonly tenant: string;
  readonly dossier: string;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly attempts: number;
  readonly nextAt: string;
  readonly deliveredAt?: string | undefined;
  readonly lastError?: string | undefined;
}

const portalOf = (r: Row): PortalEventRow => ({
  id: r['id'] as number,
  tenant: r['tenant'] as string,
  dossier: r['dossier'] as string,
  kind: r['kind'] as string,
  payload: r['payload'] as Record<string, unknown>,
  createdAt: iso(r['created_at'] as Date),
  attempts: r['attempts'] as number,
  nextAt: iso(r['next_at'] as Date),
  deliveredAt: isoOr(r['delivered_at'] as Date | null),
  lastError: (r['last_error'] as string | null) ?? undefined,
});

export async function queuePortalEvent(
  tx: Sql,
  e: { tenant: string; dossier: string; kind: string; payload: Record<string, unknown>; at: Date },
): Promise<void> {
  // The dossier's own count too, for the index (no join with the outbox): one statement.
  await tx.query(
    `WITH o AS (INSERT INTO services_portal_outbox (tenant, dossier, kind, payload, created_at, next_at)
                VALUES ($1, $2, $3, $4, $5, $5))
     UPDATE services_dossiers SET portal_events = portal_events + 1 WHERE tenant = $1 AND code = $2`,
    [e.tenant, e.dossier, e.kind, JSON.stringify(e.payload), e.at],
  );
}

/**
 * The first undelivered event of each dossier whose turn has come: a dossier's later events wait
 * behind its first undelivered one (in order per dossier), other dossiers' events do not.
 */
export async function portalHeads(sql: Sql, now: Date, limit: number): Promise<PortalEventRow[]> {
  const { rows } = await sql.query(
    `SELECT o.* FROM services_portal_outbox o
     WHERE o.delivered_at IS NULL AND o.next_at <= $1
       AND NOT EXISTS (SELECT 1 FROM services_portal_outbox e
                       WHERE e.tenant = o.tenant AND e.dossier = o.dossier AND e.delivered_at IS NULL AND e.id < o.id)
     ORDER BY o.id LIMIT $2`,
    [now, limit],
  );
  return rows.map(portalOf);
}

/** Marks a round's events delivered, in one statement; a dossier's count goes up once per event, the first time. */
export async function markPortalDelivered(sql: Sql, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql.query(
    `WITH sent AS (
       UPDATE services_portal_outbox o SET delivered_at = $2, attempts = o.attempts + 1
        WHERE o.id = ANY($1::bigint[]) AND o.delivered_at IS NULL RETURNING o.tenant, o.dossier
     ), per AS (SELECT tenant, dossier, count(*)::int AS n FROM sent GROUP BY tenant, dossier)
     UPDATE services_dossiers d SET portal_delivered = d.portal_delivered + per.n
       FROM per WHERE d.tenant = per.tenant AND d.code = per.dossier`,
    [ids, at],
  );
}

export async function markPortalFailed(sql: Sql, id: number, nextAt: Date, error: string): Promise<void> {
  await sql.query(
    `UPDATE services_portal_outbox SET attempts = attempts + 1, next_at = $2, last_error = $3 WHERE id = $1`,
    [id, nextAt, error.slice(0, 500)],
  );
}

export async function portalOutbox(
  sql: Sql,
  tenant: string,
  limit: number,
  dossier?: string,
): Promise<PortalEventRow[]> {
  const { rows } = dossier
    ? // A dossier's latest events, given oldest first (the order they were sent in).
      await sql.query(
        `SELECT * FROM (SELECT * FROM services_portal_outbox WHERE tenant = $1 AND dossier = $2
           ORDER BY id DESC LIMIT $3) AS latest ORDER BY id`,
        [tenant, dossier, limit],
      )
    : await sql.query(`SELECT * FROM services_portal_outbox WHERE tenant = $1 ORDER BY id DESC LIMIT $2`, [
        tenant,
        limit,
      ]);
  return rows.map(portalOf);
}

/** The local receiver keeps a round's events in one statement; one received again is kept once. */
export async function recordReceived(
  sql: Sql,
  events: readonly { id: number; tenant: string; dossier: string; kind: string; payload: unknown }[],
  at: Date,
): Promise<void> {
  if (events.length === 0) return;
  await sql.query(
    `INSERT INTO services_portal_received (event_id, tenant, dossier, kind, payload, received_at)
     SELECT e.id, e.tenant, e.dossier, e.kind, e.payload, $2
       FROM jsonb_to_recordset($1::jsonb) AS e (id bigint, tenant text, dossier text, kind text, payload jsonb)
     ON CONFLICT (event_id) DO NOTHING`,
    [
      JSON.stringify(
        events.map((e) => ({ id: e.id, tenant: e.tenant, dossier: e.dossier, kind: e.kind, payload: e.payload })),
      ),
      at,
    ],
  );
}

export interface ReceivedRow {
  readonly eventId: number;
  readonly dossier: string;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly receivedAt: string;
}

export async function portalReceived(
  sql: Sql,
  tenant: string,
  limit: number,
  dossier?: string,
): Promise<ReceivedRow[]> {
  const columns = 'event_id, dossier, kind, payload, received_at';
  const { rows } = dossier
    ? await sql.query(
        `SELECT ${columns} FROM (SELECT id, ${columns} FROM services_portal_received
           WHERE tenant = $1 AND dossier = $2 ORDER BY id DESC LIMIT $3) AS latest ORDER BY id`,
        [tenant, dossier, limit],
      )
    : await sql.query(`SELECT ${columns} FROM services_portal_received WHERE tenant = $1 ORDER BY id DESC LIMIT $2`, [
        tenant,
        limit,
      ]);
  return rows.map((r) => ({
    eventId: r['event_id'] as number,
    dossier: r['dossier'] as string,
    kind: r['kind'] as string,
    payload: r['payload'] as Record<string, unknown>,
    receivedAt: iso(r['received_at'] as Date),
  }));
}

// --- figures (Decision 766 index, KPI strip, book) ----------------------------------------------------------

/** One dossier's facts for the index: no personal data. */
export interface IndexRow {
  readonly code: string;
  readonly procedureCode: string;
  /** The agency that decides it, the one the index credits (not the office holding it). */
  readonly agency: string;
  readonly state: DossierState;
  readonly channel: DossierChannel;
  readonly feeState: FeeState;
  readonly feeTotalVnd: number;
  readonly electronicResult: boolean;
  readonly submittedAt: string;
  readonly receivedAt?: string | undefined;
  readonly returnedAt?: string | undefined;
  readonly dueAt?: string | undefined;
  readonly timeliness: Timeliness | null;
  readonly rating: number | null;
  readonly portalEvents: number;
  readonly portalDelivered: number;
  /** Paid through the payments module (a reference) rather than at the counter. */
  readonly paidOnline: boolean;
}

/** Dossiers submitted in the period (the index's population), optionally of one agency. */
export async function indexRows(
  sql: Sql,
  tenant: string,
  from: string,
  to: string,
  agency?: string,
): Promise<IndexRow[]> {
  const params: unknown[] = [tenant, from, to];
  if (agency) params.push(agency);
  const { rows } = await sql.query(
    `SELECT d.code, d.procedure_code, d.decided_by AS agency, d.state, d.channel, d.fee_state, d.fee_total_vnd, d.electronic_result,
       d.submitted_at, d.received_at, d.returned_at, d.due_at, d.timeliness, d.rating, d.payment_reference,
       o.events, o.delivered
     FROM services_dossiers d
     CROSS JOIN LATERAL (SELECT count(*)::int AS events, count(delivered_at)::int AS delivered
                           FROM services_portal_outbox WHERE tenant = d.tenant AND dossier = d.code) AS o
     WHERE d.tenant = $1 AND d.submitted_at >= $2 AND d.submitted_at < $3${agency ? ' AND d.decided_by = $4' : ''}
     ORDER BY d.submitted_at, d.code`,
    params,
  );
  return rows.map((r) => ({
    code: r['code'] as string,
    procedureCode: r['procedure_code'] as string,
    agency: r['agency'] as string,
    state: r['state'] as DossierState,
    channel: r['channel'] as DossierChannel,
    feeState: r['fee_state'] as FeeState,
    feeTotalVnd: r['fee_total_vnd'] as number,
    electronicResult: r['electronic_result'] as boolean,
    submittedAt: iso(r['submitted_at'] as Date),
    receivedAt: isoOr(r['received_at'] as Date | null),
    returnedAt: isoOr(r['returned_at'] as Date | null),
    dueAt: isoOr(r['due_at'] as Date | null),
    timeliness: r['timeliness'] as Timeliness | null,
    rating: r['rating'] as number | null,
    portalEvents: r['events'] as number,
    portalDelivered: r['delivered'] as number,
    paidOnline: r['fee_state'] === 'paid' && r['payment_reference'] !== null,
  }));
}

/**
 * A period's dossiers counted per agency for the index (the working time is counted by `handlingBuckets`).
 * The agency is the one that decides the dossier (`decided_by`), not the office holding it.
 */
export interface AgencyIndexCounts {
  readonly agency: string;
  readonly dossiers: number;
  readonly returned: number;
  readonly onTime: number;
  readonly electronicResults: number;
  readonly filedOnline: number;
  readonly withFees: number;
  readonly paidOnline: number;
  readonly rated: number;
  readonly ratingSum: number;
  readonly portalEvents: number;
  readonly portalDelivered: number;
  readonly timed: number;
}

export interface HandlingBucket {
  readonly agency: string;
  readonly sign: 1 | -1;
  readonly hour: Date;
  readonly count: number;
  readonly seconds: number;
}

const periodWhere = (agency: string | undefined) =>
  `d.tenant = $1 AND d.submitted_at >= $2 AND d.submitted_at < $3${agency ? ' AND d.decided_by = $4' : ''}`;

// The dossiers submitted on a list of Hanoi days ($2, dates): a day runs from 17:00 UTC the day before.
const DAYS_FROM = `unnest($2::date[]) AS s(day) JOIN services_dossiers d ON d.tenant = $1
  AND d.submitted_at >= (s.day - interval '7 hours') AT TIME ZONE 'UTC'
  AND d.submitted_at < (s.day + interval '17 hours') AT TIME ZONE 'UTC'`;

const COUNTS = `count(*)::int AS dossiers,
       count(*) FILTER (WHERE d.state = 'returned')::int AS returned,
       count(*) FILTER (WHERE d.state = 'returned' AND d.timeliness IN ('early', 'on-time'))::int AS on_time,
       count(*) FILTER (WHERE d.state = 'returned' AND d.electronic_result)::int AS electronic,
       count(*) FILTER (WHERE d.channel = 'online')::int AS online,
       count(*) FILTER (WHERE d.fee_total_vnd > 0)::int AS with_fees,
       count(*) FILTER (WHERE d.fee_total_vnd > 0 AND d.fee_state = 'paid' AND d.payment_reference IS NOT NULL)::int AS paid_online,
       count(d.rating)::int AS rated, coalesce(sum((d.rating - 1) / 4.0), 0)::float8 AS rating_sum,
       count(*) FILTER (WHERE d.state = 'returned' AND d.received_at IS NOT NULL AND d.returned_at IS NOT NULL)::int AS timed,
       coalesce(sum(d.portal_events), 0)::int AS events, coalesce(sum(d.portal_delivered), 0)::int AS delivered`;

const countsOf = (r: Record<string, unknown>): AgencyIndexCounts => ({
  agency: r['agency'] as string,
  dossiers: Number(r['dossiers']),
  returned: Number(r['returned']),
  onTime: Number(r['on_time']),
  electronicResults: Number(r['electronic']),
  filedOnline: Number(r['online']),
  withFees: Number(r['with_fees']),
  paidOnline: Number(r['paid_online']),
  rated: Number(r['rated']),
  ratingSum: Number(r['rating_sum']),
  portalEvents: Number(r['events']),
  portalDelivered: Number(r['delivered']),
  timed: Number(r['timed']),
});

/** The index's counts of the dossiers submitted in the period, per deciding agency (one agency's only when given). */
export async function indexCounts(
  sql: Sql,
  tenant: string,
  from: string,
  to: string,
  agency?: string,
): Promise<AgencyIndexCounts[]> {
  const params: unknown[] = [tenant, from, to];
  if (agency) params.push(agency);
  const { rows } = await sql.query(
    `SELECT d.decided_by AS agency, ${COUNTS} FROM services_dossiers d WHERE ${periodWhere(agency)} GROUP BY 1`,
    params,
  );
  return rows.map(countsOf);
}

// The receipts (sign -1) and returns (sign 1) of returned dossiers per UTC hour: how many, their seconds past it.
const bucketsSql = (from: string, where: string, perDay: boolean) => {
  const day = perDay ? `to_char(s.day, 'YYYY-MM-DD') AS day, ` : '';
  const side = (column: string, sign: number) =>
    `SELECT ${day}d.decided_by AS agency, ${sign} AS sign,
       date_trunc('hour', d.${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, count(*)::int AS n,
       sum(extract(epoch FROM d.${column} - date_trunc('hour', d.${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'))::float8 AS seconds
     FROM ${from}
     WHERE ${where} AND d.state = 'returned' AND d.received_at IS NOT NULL AND d.returned_at IS NOT NULL
     GROUP BY ${perDay ? '1, 2, 4' : '1, 3'}`;
  return `${side('received_at', -1)} UNION ALL ${side('returned_at', 1)}`;
};

const bucketOf = (r: Record<string, unknown>): HandlingBucket => ({
  agency: r['agency'] as string,
  sign: r['sign'] as 1 | -1,
  hour: r['hour'] as Date,
  count: r['n'] as number,
  seconds: r['seconds'] as number,
});

/**
 * The receipts (sign -1) and returns (sign 1) of the period's returned dossiers, per deciding agency and
 * UTC hour: how many, and their seconds past the hour, summed. The working time between receipt and
 * return is then counted per hour rather than per dossier (`handlingMinutes`).
 */
export async function handlingBuckets(
  sql: Sql,
  tenant: string,
  from: string,
  to: string,
  agency?: string,
): Promise<HandlingBucket[]> {
  const params: unknown[] = [tenant, from, to];
  if (agency) params.push(agency);
  const { rows } = await sql.query(bucketsSql('services_dossiers d', periodWhere(agency), false), params);
  return rows.map(bucketOf);
}

// --- the index's days (services_index_days): whole Hanoi days counted once, recounted when marked dirty ---

/** The index's days are counted by one caller at a time (two would write the same days). */
export async function lockIndexDays(tx: Sql, tenant: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`services.index:${tenant}`]);
}

/**
 * Takes the days marked dirty (YYYY-MM-DD). The marks are deleted in the caller's transaction: a change
 * committed after this statement keeps its mark for the next count, even if this one already sees it.
 */
export async function takeDirtyDays(tx: Sql, tenant: string, limit?: number): Promise<string[]> {
  const { rows } = await tx.query<{ day: string }>(
    `WITH taken AS (
       DELETE FROM services_index_dirty WHERE tenant = $1${
         limit === undefined
           ? ''
           : ` AND day IN (SELECT DISTINCT day FROM services_index_dirty WHERE tenant = $1 ORDER BY day LIMIT $2)`
       }
       RETURNING day)
     SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM taken ORDER BY 1`,
    limit === undefined ? [tenant] : [tenant, limit],
  );
  return rows.map((r) => r.day);
}

/** The tenants with days marked dirty. */
export async function dirtyIndexTenants(sql: Sql): Promise<string[]> {
  const { rows } = await sql.query<{ tenant: string }>('SELECT DISTINCT tenant FROM services_index_dirty');
  return rows.map((r) => r.tenant);
}

/** The calendar the days' working minutes were counted with (a fingerprint), or undefined. */
export async function indexDaysCalendar(tx: Sql, tenant: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ calendar: string }>(
    'SELECT calendar FROM services_index_calendar WHERE tenant = $1',
    [tenant],
  );
  return rows[0]?.calendar;
}

/** Another calendar: every day with handling time is marked dirty, to be counted again with it. */
export async function changeIndexDaysCalendar(tx: Sql, tenant: string, calendar: string): Promise<void> {
  await tx.query(
    `INSERT INTO services_index_dirty (tenant, day) SELECT tenant, day FROM services_index_days WHERE tenant = $1 AND timed > 0`,
    [tenant],
  );
  await tx.query(
    `INSERT INTO services_index_calendar (tenant, calendar) VALUES ($1, $2)
     ON CONFLICT (tenant) DO UPDATE SET calendar = excluded.calendar`,
    [tenant, calendar],
  );
}

export type DayIndexCounts = AgencyIndexCounts & { readonly day: string };

/** The index's counts of the dossiers submitted on these Hanoi days, per day and deciding agency. */
export async function dayIndexCounts(tx: Sql, tenant: string, days: readonly string[]): Promise<DayIndexCounts[]> {
  const { rows } = await tx.query(
    `SELECT to_char(s.day, 'YYYY-MM-DD') AS day, d.decided_by AS agency, ${COUNTS} FROM ${DAYS_FROM} GROUP BY 1, 2`,
    [tenant, days],
  );
  return rows.map((r) => ({ ...countsOf(r), day: r['day'] as string }));
}

/** `handlingBuckets` of the dossiers submitted on these Hanoi days, per day too. */
export async function dayHandlingBuckets(
  tx: Sql,
  tenant: string,
  days: readonly string[],
): Promise<(HandlingBucket & { readonly day: string })[]> {
  const { rows } = await tx.query(bucketsSql(DAYS_FROM, 'true', true), [tenant, days]);
  return rows.map((r) => ({ ...bucketOf(r), day: r['day'] as string }));
}

/** Replaces these days' counts with the ones given (a day or an agency with no dossier left has no row). */
export async function replaceIndexDays(
  tx: Sql,
  tenant: string,
  days: readonly string[],
  counts: readonly (DayIndexCounts & { readonly handlingMinutes: number })[],
): Promise<void> {
  await tx.query('DELETE FROM services_index_days WHERE tenant = $1 AND day = ANY($2::date[])', [tenant, days]);
  if (counts.length === 0) return;
  const column = <K extends keyof (typeof counts)[number]>(k: K) => counts.map((c) => c[k]);
  await tx.query(
    `INSERT INTO services_index_days (tenant, day, agency, dossiers, returned, on_time, electronic, online, with_fees,
       paid_online, rated, rating_sum, timed, events, delivered, handling_minutes)
     SELECT $1, * FROM unnest($2::date[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
       $10::int[], $11::int[], $12::float8[], $13::int[], $14::int[], $15::int[], $16::float8[])`,
    [
      tenant,
      column('day'),
      column('agency'),
      column('dossiers'),
      column('returned'),
      column('onTime'),
      column('electronicResults'),
      column('filedOnline'),
      column('withFees'),
      column('paidOnline'),
      column('rated'),
      column('ratingSum'),
      column('timed'),
      column('portalEvents'),
      column('portalDelivered'),
      column('handlingMinutes'),
    ],
  );
}

/** The days' counts summed per agency, from the Hanoi day `fromDay` up to (not including) `toDay`. */
export async function sumIndexDays(
  sql: Sql,
  tenant: string,
  fromDay: string,
  toDay: string,
): Promise<(AgencyIndexCounts & { readonly handlingMinutes: number })[]> {
  const { rows } = await sql.query(
    `SELECT agency, sum(dossiers) AS dossiers, sum(returned) AS returned, sum(on_time) AS on_time,
       sum(electronic) AS electronic, sum(online) AS online, sum(with_fees) AS with_fees,
       sum(paid_online) AS paid_online, sum(rated) AS rated, sum(rating_sum) AS rating_sum, sum(timed) AS timed,
       sum(events) AS events, sum(delivered) AS delivered, sum(handling_minutes) AS handling_minutes
     FROM services_index_days WHERE tenant = $1 AND day >= $2::date AND day < $3::date GROUP BY agency`,
    [tenant, fromDay, toDay],
  );
  return rows.map((r) => ({ ...countsOf(r), handlingMinutes: Number(r['handling_minutes']) }));
}

/**
 * The days' counts summed per Hanoi month (YYYY-MM), from the Hanoi day `fromDay` up to (not including)
 * `toDay`: the city's (every agency's), or one agency's. The days' key (tenant, day, agency) bounds the scan.
 */
export async function sumIndexMonths(
  sql: Sql,
  tenant: string,
  fromDay: string,
  toDay: string,
  agency?: string,
): Promise<(AgencyIndexCounts & { readonly month: string; readonly handlingMinutes: number })[]> {
  const params: unknown[] = [tenant, fromDay, toDay];
  if (agency) params.push(agency);
  const { rows } = await sql.query(
    `SELECT to_char(day, 'YYYY-MM') AS month, ${agency ? '$4' : "''"}::text AS agency, sum(dossiers) AS dossiers,
       sum(returned) AS returned, sum(on_time) AS on_time, sum(electronic) AS electronic, sum(online) AS online,
       sum(with_fees) AS with_fees, sum(paid_online) AS paid_online, sum(rated) AS rated,
       sum(rating_sum) AS rating_sum, sum(timed) AS timed, sum(events) AS events, sum(delivered) AS delivered,
       sum(handling_minutes) AS handling_minutes
     FROM services_index_days WHERE tenant = $1 AND day >= $2::date AND day < $3::date${agency ? ' AND agency = $4' : ''}
     GROUP BY 1 ORDER BY 1`,
    params,
  );
  return rows.map((r) => ({
    ...countsOf(r),
    month: r['month'] as string,
    handlingMinutes: Number(r['handling_minutes']),
  }));
}

/** The KPI strip's counts: open, late (past due), due today (before the end of `dayEnd`). */
export async function openCounts(
  sql: Sql,
  tenant: string,
  now: Date,
  dayEnd: Date,
): Promise<{ open: number; late: number; dueToday: number }> {
  const { rows } = await sql.query<{ open: number; late: number; due_today: number }>(
    `SELECT count(*)::int AS open,
       count(*) FILTER (WHERE due_at < $2 AND state <> 'supplement')::int AS late,
       count(*) FILTER (WHERE due_at >= $2 AND due_at < $3 AND state <> 'supplement')::int AS due_today
     FROM services_dossiers WHERE tenant = $1 AND state IN ${OPEN_SQL}`,
    [tenant, now, dayEnd],
  );
  const r = rows[0];
  return { open: r?.open ?? 0, late: r?.late ?? 0, dueToday: r?.due_today ?? 0 };
}

/** Returned dossiers' timeliness since a time (the strip's on-time rate). */
export async function returnedSince(
  sql: Sql,
  tenant: string,
  since: Date,
): Promise<{ returned: number; onTime: number }> {
  const { rows } = await sql.query<{ returned: number; on_time: number }>(
    `SELECT count(*)::int AS returned, count(*) FILTER (WHERE timeliness IN ('early', 'on-time'))::int AS on_time
     FROM services_dossiers WHERE tenant = $1 AND returned_at >= $2`,
    [tenant, since],
  );
  return { returned: rows[0]?.returned ?? 0, onTime: rows[0]?.on_time ?? 0 };
}

/**
 * The book (form 07): dossiers received in a period; of one agency, those it held at some step (it
 * received them, was handed them, or holds them now), as each agency keeps the book of what passed it.
 */
export async function bookRows(
  sql: Sql,
  tenant: string,
  from: string,
  to: string,
  agency?: string,
): Promise<StoredDossier[]> {
  const params: unknown[] = [tenant, from, to];
  if (agency) params.push(agency);
  const { rows } = await sql.query(
    `SELECT ${COLUMNS} FROM services_dossiers
     WHERE tenant = $1 AND submitted_at >= $2 AND submitted_at < $3${
       agency
         ? ` AND (agency = $4 OR EXISTS (SELECT 1 FROM services_dossier_events e
                WHERE e.tenant = services_dossiers.tenant AND e.code = services_dossiers.code
                  AND $4 IN (e.to_agency, e.from_agency)))`
         : ''
     }
     ORDER BY submitted_at, code LIMIT 5000`,
    params,
  );
  return rows.map(dossierOf);
}
