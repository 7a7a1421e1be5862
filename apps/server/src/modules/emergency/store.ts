import type { Sql } from '../../platform/db/index.js';
import type {
  Agency,
  Call,
  Capability,
  Disposition,
  Hospital,
  Incident,
  IncidentGroup,
  IncidentStatus,
  LonLat,
  Priority,
  Station,
  TimelineEvent,
  TimelineKind,
  Unit,
  UnitKind,
  UnitResponse,
  UnitStatus,
} from './model.js';

/** The emergency centre's SQL. Times go in as Dates or ISO strings and come out as ISO strings. */

type Time = Date | string;
const iso = (v: Time): string => new Date(v).toISOString();
const isoOrUndefined = (v: Time | null): string | undefined => (v === null ? undefined : iso(v));
/** Leaves a key out rather than setting it to undefined (exactOptionalPropertyTypes). */
const some = <K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } =>
  (v === null || v === undefined ? {} : { [key]: v }) as { [P in K]?: V };

// --- stations and hospitals ----------------------------------------------------------------------

export async function upsertStation(sql: Sql, tenant: string, s: Station): Promise<void> {
  await sql.query(
    `INSERT INTO emergency_station (tenant, id, name, agency, lon, lat, ward) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant, id) DO UPDATE SET name = EXCLUDED.name, agency = EXCLUDED.agency, lon = EXCLUDED.lon,
       lat = EXCLUDED.lat, ward = EXCLUDED.ward`,
    [tenant, s.id, s.name, s.agency, s.location[0], s.location[1], s.ward ?? null],
  );
}

interface StationRow {
  id: string;
  name: string;
  agency: Agency;
  lon: number;
  lat: number;
  ward: string | null;
}
const stationOf = (r: StationRow): Station => ({
  id: r.id,
  name: r.name,
  agency: r.agency,
  location: [r.lon, r.lat],
  ...some('ward', r.ward),
});

export async function stations(sql: Sql, tenant: string): Promise<Station[]> {
  const { rows } = await sql.query<StationRow>(
    `SELECT id, name, agency, lon, lat, ward FROM emergency_station WHERE tenant = $1 ORDER BY id`,
    [tenant],
  );
  return rows.map(stationOf);
}

export async function findStation(sql: Sql, tenant: string, id: string): Promise<Station | null> {
  const { rows } = await sql.query<StationRow>(
    `SELECT id, name, agency, lon, lat, ward FROM emergency_station WHERE tenant = $1 AND id = $2`,
    [tenant, id],
  );
  return rows[0] ? stationOf(rows[0]) : null;
}

export async function upsertHospital(sql: Sql, tenant: string, h: Hospital): Promise<void> {
  await sql.query(
    `INSERT INTO emergency_hospital (tenant, id, name, lon, lat, beds_free, capabilities)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant, id) DO UPDATE SET name = EXCLUDED.name, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
       beds_free = EXCLUDED.beds_free,
       capabilities = CASE WHEN emergency_hospital.capabilities_set_at IS NULL
         THEN EXCLUDED.capabilities ELSE emergency_hospital.capabilities END`,
    [tenant, h.id, h.name, h.location[0], h.location[1], h.bedsFree ?? null, h.capabilities ?? null],
  );
}

/** An administrator's capabilities, kept over the roster's (upsertHospital); null when there is no such hospital. */
export async function setHospitalCapabilities(
  tx: Sql,
  tenant: string,
  id: string,
  capabilities: readonly string[],
): Promise<Hospital | null> {
  const { rows } = await tx.query<HospitalRow>(
    `UPDATE emergency_hospital SET capabilities = $3, capabilities_set_at = now() WHERE tenant = $1 AND id = $2
     RETURNING id, name, lon, lat, beds_free, capabilities`,
    [tenant, id, capabilities],
  );
  return rows[0] ? hospitalOf(rows[0]) : null;
}

interface HospitalRow {
  id: string;
  name: string;
  lon: number;
  lat: number;
  beds_free: number | null;
  capabilities: string[] | null;
}
const hospitalOf = (r: HospitalRow): Hospital => ({
  id: r.id,
  name: r.name,
  location: [r.lon, r.lat],
  ...some('bedsFree', r.beds_free),
  ...some('capabilities', r.capabilities),
});

export async function hospitals(sql: Sql, tenant: string): Promise<Hospital[]> {
  const { rows } = await sql.query<HospitalRow>(
    `SELECT id, name, lon, lat, beds_free, capabilities FROM emergency_hospital WHERE tenant = $1 ORDER BY id`,
    [tenant],
  );
  return rows.map(hospitalOf);
}

export async function findHospital(sql: Sql, tenant: string, id: string): Promise<Hospital | null> {
  const { rows } = await sql.query<HospitalRow>(
    `SELECT id, name, lon, lat, beds_free, capabilities FROM emergency_hospital WHERE tenant = $1 AND id = $2`,
    [tenant, id],
  );
  return rows[0] ? hospitalOf(rows[0]) : null;
}

// --- units ---------------------------------------------------------------------------------------

const UNIT_COLUMNS = `id, call_sign, kind, agency, capabilities, station_id, crew, status, status_at, lon, lat,
  location_at, incident_id, hospital_id`;

interface UnitRow {
  id: string;
  call_sign: string;
  kind: UnitKind;
  agency: Agency;
  capabilities: Capability[];
  station_id: string;
  crew: number;
  status: UnitStatus;
  status_at: Time;
  lon: number | null;
  lat: number | null;
  location_at: Time | null;
  incident_id: string | null;
  hospital_id: string | null;
}
const unitOf = (r: UnitRow): Unit => ({
  id: r.id,
  callSign: r.call_sign,
  kind: r.kind,
  agency: r.agency,
  capabilities: r.capabilities,
  stationId: r.station_id,
  crew: r.crew,
  status: r.status,
  statusAt: iso(r.status_at),
  ...(r.lon !== null && r.lat !== null ? { location: [r.lon, r.lat] as const } : {}),
  ...some('locationAt', isoOrUndefined(r.location_at)),
  ...some('incidentId', r.incident_id),
  ...some('hospitalId', r.hospital_id),
});

export interface UnitInput {
  readonly id: string;
  readonly callSign: string;
  readonly kind: UnitKind;
  readonly agency: Agency;
  readonly capabilities: readonly Capability[];
  readonly stationId: string;
  readonly crew: number;
}

/** New units start available; an update leaves status, position and assignment as they are. */
export async function upsertUnit(sql: Sql, tenant: string, u: UnitInput, now: Date): Promise<Unit> {
  const { rows } = await sql.query<UnitRow>(
    `INSERT INTO emergency_unit (tenant, id, call_sign, kind, agency, capabilities, station_id, crew, status, status_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'available', $9)
     ON CONFLICT (tenant, id) DO UPDATE SET call_sign = EXCLUDED.call_sign, kind = EXCLUDED.kind,
       agency = EXCLUDED.agency, capabilities = EXCLUDED.capabilities, station_id = EXCLUDED.station_id,
       crew = EXCLUDED.crew
     RETURNING ${UNIT_COLUMNS}`,
    [tenant, u.id, u.callSign, u.kind, u.agency, u.capabilities, u.stationId, u.crew, now],
  );
  return unitOf(rows[0] as UnitRow);
}

export async function findUnit(sql: Sql, tenant: string, id: string, forUpdate = false): Promise<Unit | null> {
  const { rows } = await sql.query<UnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM emergency_unit WHERE tenant = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return rows[0] ? unitOf(rows[0]) : null;
}

export async function findUnitByCallSign(sql: Sql, tenant: string, callSign: string): Promise<Unit | null> {
  const { rows } = await sql.query<UnitRow>(
    // Device ids are call signs in lower case: two call signs that differ only in case are one.
    `SELECT ${UNIT_COLUMNS} FROM emergency_unit WHERE tenant = $1 AND lower(call_sign) = lower($2)`,
    [tenant, callSign],
  );
  return rows[0] ? unitOf(rows[0]) : null;
}

export async function listUnits(
  sql: Sql,
  tenant: string,
  f: { status?: UnitStatus | undefined; agency?: Agency | undefined; incidentId?: string | undefined } = {},
): Promise<Unit[]> {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (f.status) where.push(`status = $${params.push(f.status)}`);
  if (f.agency) where.push(`agency = $${params.push(f.agency)}`);
  if (f.incidentId) where.push(`incident_id = $${params.push(f.incidentId)}`);
  const { rows } = await sql.query<UnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM emergency_unit WHERE ${where.join(' AND ')} ORDER BY call_sign`,
    params,
  );
  return rows.map(unitOf);
}

/**
 * Commits units to an incident, each only if it is still in a dispatchable status: the condition is
 * in the UPDATE itself, so of two dispatchers sending one unit at once, one changes the row and the
 * other finds nothing to change. Returns the units it committed.
 */
export async function commitUnits(
  tx: Sql,
  tenant: string,
  unitIds: readonly string[],
  incidentId: string,
  dispatchable: readonly string[],
  now: Date,
): Promise<Unit[]> {
  const { rows } = await tx.query<UnitRow>(
    `UPDATE emergency_unit SET status = 'dispatched', status_at = $4, incident_id = $3, hospital_id = NULL
      WHERE tenant = $1 AND id = ANY($2::text[]) AND status = ANY($5::text[])
      RETURNING ${UNIT_COLUMNS}`,
    [tenant, unitIds, incidentId, now, dispatchable],
  );
  return rows.map(unitOf);
}

/** A status change, only if the unit is still in the status it was read in (else null: someone moved first). */
export async function setUnitStatus(
  tx: Sql,
  tenant: string,
  id: string,
  from: UnitStatus,
  to: { status: UnitStatus; at: Time; incidentId: string | null; hospitalId: string | null },
): Promise<Unit | null> {
  const { rows } = await tx.query<UnitRow>(
    `UPDATE emergency_unit SET status = $4, status_at = $5, incident_id = $6, hospital_id = $7
      WHERE tenant = $1 AND id = $2 AND status = $3
      RETURNING ${UNIT_COLUMNS}`,
    [tenant, id, from, to.status, to.at, to.incidentId, to.hospitalId],
  );
  return rows[0] ? unitOf(rows[0]) : null;
}

export async function setUnitHospital(tx: Sql, tenant: string, id: string, hospitalId: string): Promise<Unit> {
  const { rows } = await tx.query<UnitRow>(
    `UPDATE emergency_unit SET hospital_id = $3 WHERE tenant = $1 AND id = $2 RETURNING ${UNIT_COLUMNS}`,
    [tenant, id, hospitalId],
  );
  return unitOf(rows[0] as UnitRow);
}

/** An AVL position, kept only if newer than the one held. */
export async function setUnitLocation(sql: Sql, tenant: string, id: string, lon: number, lat: number, at: Time) {
  await sql.query(
    `UPDATE emergency_unit SET lon = $3, lat = $4, location_at = $5
      WHERE tenant = $1 AND id = $2 AND (location_at IS NULL OR location_at <= $5)`,
    [tenant, id, lon, lat, at],
  );
}

export async function deleteUnit(tx: Sql, tenant: string, id: string): Promise<void> {
  await tx.query(`DELETE FROM emergency_unit WHERE tenant = $1 AND id = $2`, [tenant, id]);
}

// --- incidents -----------------------------------------------------------------------------------

const INCIDENT_COLUMNS = `id, number, type_code, incident_group, priority, agencies, status, lon, lat, address, ward,
  street, created_at, closed_at, disposition, escalated_at, transferred_to,
  unit_needed_at`;

interface IncidentRow {
  id: string;
  number: string;
  type_code: string;
  incident_group: IncidentGroup;
  priority: number;
  agencies: Agency[];
  status: IncidentStatus;
  lon: number;
  lat: number;
  address: string | null;
  ward: string | null;
  street: string | null;
  created_at: Time;
  closed_at: Time | null;
  disposition: Disposition | null;
  escalated_at: Time | null;
  transferred_to: Agency | null;
  unit_needed_at: Time | null;
}
const incidentOf = (r: IncidentRow): Incident => ({
  id: r.id,
  number: r.number,
  typeCode: r.type_code,
  group: r.incident_group,
  priority: r.priority as Priority,
  agencies: r.agencies,
  status: r.status,
  location: [r.lon, r.lat],
  ...some('address', r.address),
  ...some('ward', r.ward),
  ...some('street', r.street),
  createdAt: iso(r.created_at),
  ...some('closedAt', isoOrUndefined(r.closed_at)),
  ...some('disposition', r.disposition),
  ...some('escalatedAt', isoOrUndefined(r.escalated_at)),
  ...some('transferredTo', r.transferred_to),
  ...some('unitNeededAt', isoOrUndefined(r.unit_needed_at)),
});

/** The next human number of the tenant's year, e.g. 2026-000123. */
export async function nextIncidentNumber(tx: Sql, tenant: string, year: number): Promise<string> {
  const { rows } = await tx.query<{ last: number }>(
    `INSERT INTO emergency_incident_counter (tenant, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (tenant, year) DO UPDATE SET last = emergency_incident_counter.last + 1
     RETURNING last`,
    [tenant, year],
  );
  return `${year}-${String(rows[0]?.last ?? 1).padStart(6, '0')}`;
}

export async function insertIncident(tx: Sql, tenant: string, i: Incident): Promise<Incident> {
  const { rows } = await tx.query<IncidentRow>(
    `INSERT INTO emergency_incident (tenant, id, number, type_code, incident_group, priority, agencies, status, lon,
       lat, address, ward, street, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     RETURNING ${INCIDENT_COLUMNS}`,
    [
      tenant,
      i.id,
      i.number,
      i.typeCode,
      i.group,
      i.priority,
      i.agencies,
      i.status,
      i.location[0],
      i.location[1],
      i.address ?? null,
      i.ward ?? null,
      i.street ?? null,
      i.createdAt,
    ],
  );
  return incidentOf(rows[0] as IncidentRow);
}

export async function findIncident(sql: Sql, tenant: string, id: string, forUpdate = false): Promise<Incident | null> {
  const { rows } = await sql.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS} FROM emergency_incident WHERE tenant = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return rows[0] ? incidentOf(rows[0]) : null;
}

/** Writes an incident's changeable fields. */
export async function saveIncident(tx: Sql, tenant: string, i: Incident): Promise<Incident> {
  const { rows } = await tx.query<IncidentRow>(
    `UPDATE emergency_incident SET priority = $3, agencies = $4, status = $5, closed_at = $6, disposition = $7,
       escalated_at = $8, transferred_to = $9, unit_needed_at = $10
      WHERE tenant = $1 AND id = $2
      RETURNING ${INCIDENT_COLUMNS}`,
    [
      tenant,
      i.id,
      i.priority,
      i.agencies,
      i.status,
      i.closedAt ?? null,
      i.disposition ?? null,
      i.escalatedAt ?? null,
      i.transferredTo ?? null,
      i.unitNeededAt ?? null,
    ],
  );
  return incidentOf(rows[0] as IncidentRow);
}

export interface IncidentListRow {
  readonly incident: Incident;
  readonly callCount: number;
  readonly unitIds: string[];
}

/**
 * Open ones waiting for units first (a P2 still pending needs the dispatcher more than a P1 already
 * covered), each group most urgent first, then oldest; closed ones newest first.
 */
export async function listIncidents(
  sql: Sql,
  tenant: string,
  f: { status: 'open' | 'closed' | 'all'; limit: number },
): Promise<IncidentListRow[]> {
  const where =
    f.status === 'open' ? `AND i.status <> 'closed'` : f.status === 'closed' ? `AND i.status = 'closed'` : '';
  const { rows } = await sql.query<IncidentRow & { call_count: number; unit_ids: string[] | null }>(
    `SELECT ${INCIDENT_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1i.$2')},
            (SELECT count(*)::int FROM emergency_call c WHERE c.incident_id = i.id) AS call_count,
            (SELECT array_agg(u.id ORDER BY u.id) FROM emergency_unit u
              WHERE u.tenant = i.tenant AND u.incident_id = i.id) AS unit_ids
       FROM emergency_incident i
      WHERE i.tenant = $1 ${where}
      ORDER BY CASE WHEN i.status = 'closed' THEN 2 WHEN i.status = 'pending' THEN 0 ELSE 1 END,
               CASE WHEN i.status = 'closed' THEN 0 ELSE i.priority END,
               CASE WHEN i.status = 'closed' THEN NULL ELSE i.created_at END,
               i.closed_at DESC, i.id
      LIMIT $2`,
    [tenant, f.limit],
  );
  return rows.map((r) => ({ incident: incidentOf(r), callCount: r.call_count, unitIds: r.unit_ids ?? [] }));
}

/** Open incidents created since `since` within `radiusM` of a point, of one of the types. */
export async function openIncidentsNear(
  sql: Sql,
  tenant: string,
  at: readonly [number, number],
  radiusM: number,
  since: Date,
  typeCodes: readonly string[],
): Promise<Incident[]> {
  // A box first (cheap, index-free but small), the exact distance is measured by the caller.
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.cos((at[1] * Math.PI) / 180));
  const { rows } = await sql.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS} FROM emergency_incident
      WHERE tenant = $1 AND status <> 'closed' AND type_code = ANY($3::text[])
        AND lon BETWEEN $4 AND $5 AND lat BETWEEN $6 AND $7
        AND (created_at >= $2 OR EXISTS (
          SELECT 1 FROM emergency_call c WHERE c.incident_id = emergency_incident.id AND c.answered_at >= $2))
      ORDER BY created_at DESC`,
    [tenant, since, typeCodes, at[0] - dLon, at[0] + dLon, at[1] - dLat, at[1] + dLat],
  );
  return rows.map(incidentOf);
}

/** Incidents created in [from, to). */
export async function incidentsCreatedBetween(sql: Sql, tenant: string, from: Time, to: Time): Promise<Incident[]> {
  const { rows } = await sql.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS} FROM emergency_incident WHERE tenant = $1 AND created_at >= $2 AND created_at < $3
      ORDER BY created_at, id`,
    [tenant, from, to],
  );
  return rows.map(incidentOf);
}

// --- calls ---------------------------------------------------------------------------------------

/** A call as stored: phone and caller name sealed. */
export interface StoredCall extends Omit<Call, 'callerName'> {
  readonly callerName: string | null;
}

interface CallRow {
  id: string;
  incident_id: string;
  phone: string;
  caller_name: string | null;
  answered_at: Time;
  logged_at: Time;
  language: string;
  text: string;
  lon: number;
  lat: number;
  address: string | null;
}
const CALL_COLUMNS = `id, incident_id, phone, caller_name, answered_at, logged_at, language, text, lon, lat, address`;
const callOf = (r: CallRow): StoredCall => ({
  id: r.id,
  incidentId: r.incident_id,
  phone: r.phone,
  callerName: r.caller_name,
  answeredAt: iso(r.answered_at),
  loggedAt: iso(r.logged_at),
  language: r.language,
  text: r.text,
  location: [r.lon, r.lat],
  ...some('address', r.address),
});

export async function insertCall(tx: Sql, tenant: string, c: StoredCall, phoneIndex: string): Promise<StoredCall> {
  const { rows } = await tx.query<CallRow>(
    `INSERT INTO emergency_call (tenant, id, incident_id, phone, phone_index, caller_name, answered_at, logged_at,
       language, text, lon, lat, address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     RETURNING ${CALL_COLUMNS}`,
    [
      tenant,
      c.id,
      c.incidentId,
      c.phone,
      phoneIndex,
      c.callerName,
      c.answeredAt,
      c.loggedAt,
      c.language,
      c.text,
      c.location[0],
      c.location[1],
      c.address ?? null,
    ],
  );
  return callOf(rows[0] as CallRow);
}

/** Every call of one incident now belongs to another (a duplicate found after logging); their ids. */
export async function moveCalls(tx: Sql, tenant: string, fromId: string, toId: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE emergency_call SET incident_id = $3 WHERE tenant = $1 AND incident_id = $2 RETURNING id`,
    [tenant, fromId, toId],
  );
  return rows.map((r) => r.id);
}

export async function callsOf(sql: Sql, tenant: string, incidentIds: readonly string[]): Promise<StoredCall[]> {
  const { rows } = await sql.query<CallRow>(
    `SELECT ${CALL_COLUMNS} FROM emergency_call WHERE tenant = $1 AND incident_id = ANY($2::uuid[])
      ORDER BY answered_at, id`,
    [tenant, incidentIds],
  );
  return rows.map(callOf);
}

export async function callsByPhoneIndex(
  sql: Sql,
  tenant: string,
  index: string,
): Promise<(StoredCall & { tenant: string })[]> {
  const { rows } = await sql.query<CallRow & { tenant: string }>(
    `SELECT tenant, ${CALL_COLUMNS} FROM emergency_call WHERE phone_index = $1 AND ($2 = '*' OR tenant = $2)`,
    [index, tenant],
  );
  return rows.map((r) => ({ ...callOf(r), tenant: r.tenant }));
}

/** Erasure: the caller's number, name and words go; the call (time, place, type) stays for the record. */
export async function anonymiseCall(sql: Sql, tenant: string, id: string): Promise<void> {
  await sql.query(
    `UPDATE emergency_call SET phone = '', phone_index = '', caller_name = NULL, text = ''
      WHERE tenant = $1 AND id = $2`,
    [tenant, id],
  );
}

// --- responses -----------------------------------------------------------------------------------

interface ResponseRow {
  incident_id: string;
  unit_id: string;
  call_sign: string | null;
  kind: UnitKind;
  agency: Agency;
  dispatched_at: Time;
  en_route_at: Time | null;
  on_scene_at: Time | null;
  cleared_at: Time | null;
}
const responseOf = (r: ResponseRow): UnitResponse & { incidentId: string } => ({
  incidentId: r.incident_id,
  unitId: r.unit_id,
  ...some('callSign', r.call_sign ?? undefined),
  kind: r.kind,
  agency: r.agency,
  dispatchedAt: iso(r.dispatched_at),
  ...some('enRouteAt', isoOrUndefined(r.en_route_at)),
  ...some('onSceneAt', isoOrUndefined(r.on_scene_at)),
  ...some('clearedAt', isoOrUndefined(r.cleared_at)),
});

export async function insertResponse(tx: Sql, tenant: string, incidentId: string, unit: Unit, at: Time) {
  await tx.query(
    `INSERT INTO emergency_response (tenant, incident_id, unit_id, kind, agency, dispatched_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [tenant, incidentId, unit.id, unit.kind, unit.agency, at],
  );
}

/** Marks a time on the unit's open response to the incident (the first time only). */
export async function markResponse(
  tx: Sql,
  tenant: string,
  incidentId: string,
  unitId: string,
  column: 'en_route_at' | 'on_scene_at' | 'cleared_at',
  at: Time,
): Promise<void> {
  await tx.query(
    `UPDATE emergency_response SET ${column} = COALESCE(${column}, $4)
      WHERE id = (SELECT id FROM emergency_response
                   WHERE tenant = $1 AND incident_id = $2 AND unit_id = $3 AND cleared_at IS NULL
                   ORDER BY id DESC LIMIT 1)`,
    [tenant, incidentId, unitId, at],
  );
}

export async function responsesOf(
  sql: Sql,
  tenant: string,
  incidentIds: readonly string[],
): Promise<(UnitResponse & { incidentId: string })[]> {
  const { rows } = await sql.query<ResponseRow>(
    `SELECT r.incident_id, r.unit_id, u.call_sign, r.kind, r.agency, r.dispatched_at, r.en_route_at,
            r.on_scene_at, r.cleared_at
       FROM emergency_response r
       LEFT JOIN emergency_unit u ON u.tenant = r.tenant AND u.id = r.unit_id
      WHERE r.tenant = $1 AND r.incident_id = ANY($2::uuid[]) ORDER BY r.id`,
    [tenant, incidentIds],
  );
  return rows.map(responseOf);
}

/** A response whose unit has not turned out in time, or whose late turnout alarm waits to clear. */
export interface TurnoutWatch {
  readonly id: number;
  readonly tenant: string;
  readonly incidentId: string;
  readonly incidentNumber: string;
  readonly priority: number;
  readonly location: LonLat;
  readonly ward?: string;
  readonly unitId: string;
  readonly callSign: string;
  readonly dispatchedAt: string;
  /** When it turned out or was released: set only on those waiting to clear. */
  readonly movedAt?: string;
}

interface TurnoutRow {
  id: string;
  tenant: string;
  incident_id: string;
  number: string;
  priority: number;
  lon: number;
  lat: number;
  ward: string | null;
  unit_id: string;
  call_sign: string | null;
  dispatched_at: Time;
  moved_at: Time | null;
}
const turnoutOf = (r: TurnoutRow): TurnoutWatch => ({
  id: Number(r.id),
  tenant: r.tenant,
  incidentId: r.incident_id,
  incidentNumber: r.number,
  priority: r.priority,
  location: [r.lon, r.lat],
  ...some('ward', r.ward),
  unitId: r.unit_id,
  // A unit removed from the roster since keeps its id as its name.
  callSign: r.call_sign ?? r.unit_id,
  dispatchedAt: iso(r.dispatched_at),
  ...some('movedAt', isoOrUndefined(r.moved_at)),
});

const TURNOUT_SELECT = `SELECT r.id, r.tenant, r.incident_id, i.number, i.priority, i.lon, i.lat, i.ward, r.unit_id,
         u.call_sign, r.dispatched_at, COALESCE(r.en_route_at, r.on_scene_at, r.cleared_at) AS moved_at
    FROM emergency_response r
    JOIN emergency_incident i ON i.id = r.incident_id
    LEFT JOIN emergency_unit u ON u.tenant = r.tenant AND u.id = r.unit_id`;

/** Responses of every tenant dispatched at or before `before` that have neither turned out nor been alarmed. */
export async function lateTurnouts(sql: Sql, before: Time, limit: number): Promise<TurnoutWatch[]> {
  const { rows } = await sql.query<TurnoutRow>(
    `${TURNOUT_SELECT}
      WHERE r.en_route_at IS NULL AND r.on_scene_at IS NULL AND r.cleared_at IS NULL
        AND r.turnout_alarm_at IS NULL AND r.dispatched_at <= $1
      ORDER BY r.dispatched_at LIMIT $2`,
    [before, limit],
  );
  return rows.map(turnoutOf);
}

/** Responses alarmed as late whose unit has since turned out or been released: their alarm clears. */
export async function movedTurnouts(sql: Sql, limit: number): Promise<TurnoutWatch[]> {
  const { rows } = await sql.query<TurnoutRow>(
    `${TURNOUT_SELECT}
      WHERE r.turnout_alarm_at IS NOT NULL AND r.turnout_cleared_at IS NULL
        AND (r.en_route_at IS NOT NULL OR r.on_scene_at IS NOT NULL OR r.cleared_at IS NOT NULL)
      ORDER BY r.id LIMIT $1`,
    [limit],
  );
  return rows.map(turnoutOf);
}

/** Marks the late turnout alarmed (once: false when it already was). */
export async function markTurnoutAlarm(tx: Sql, id: number, at: Time): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE emergency_response SET turnout_alarm_at = $2 WHERE id = $1 AND turnout_alarm_at IS NULL RETURNING id`,
    [id, at],
  );
  return rows.length > 0;
}

export async function markTurnoutCleared(sql: Sql, id: number, at: Time): Promise<void> {
  await sql.query(`UPDATE emergency_response SET turnout_cleared_at = $2 WHERE id = $1`, [id, at]);
}

// --- procedure and timeline ----------------------------------------------------------------------

export async function setSopStep(
  tx: Sql,
  incidentId: string,
  stepId: string,
  done: { at: Date; by: string } | null,
): Promise<void> {
  if (done) {
    await tx.query(
      `INSERT INTO emergency_sop_step (incident_id, step_id, done_at, done_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (incident_id, step_id) DO NOTHING`,
      [incidentId, stepId, done.at, done.by],
    );
  } else {
    await tx.query(`DELETE FROM emergency_sop_step WHERE incident_id = $1 AND step_id = $2`, [incidentId, stepId]);
  }
}

export async function sopStepsOf(
  sql: Sql,
  incidentId: string,
): Promise<Map<string, { doneAt: string; doneBy: string }>> {
  const { rows } = await sql.query<{ step_id: string; done_at: Time; done_by: string }>(
    `SELECT step_id, done_at, done_by FROM emergency_sop_step WHERE incident_id = $1`,
    [incidentId],
  );
  return new Map(rows.map((r) => [r.step_id, { doneAt: iso(r.done_at), doneBy: r.done_by }]));
}

export async function addTimeline(
  tx: Sql,
  tenant: string,
  e: Omit<TimelineEvent, 'id' | 'at'> & { at: Time },
): Promise<void> {
  await tx.query(
    `INSERT INTO emergency_timeline (tenant, incident_id, at, kind, unit_id, actor, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [tenant, e.incidentId, e.at, e.kind, e.unitId ?? null, e.actor, JSON.stringify(e.detail)],
  );
}

/**
 * Counts an event again on the same one recorded since `since` (same incident, unit, kind, actor and
 * detail): true when there was one. Repeated refusals of one terminal stay one line with a count.
 */
export async function repeatTimeline(
  tx: Sql,
  tenant: string,
  e: Omit<TimelineEvent, 'id' | 'at'> & { since: Time },
): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE emergency_timeline
        SET detail = jsonb_set(detail, '{count}', to_jsonb(COALESCE((detail->>'count')::int, 1) + 1))
      WHERE id = (SELECT id FROM emergency_timeline
                   WHERE tenant = $1 AND incident_id = $2 AND unit_id IS NOT DISTINCT FROM $3 AND kind = $4
                     AND actor = $5 AND at >= $6 AND (detail - 'count') = $7::jsonb
                   ORDER BY at DESC, id DESC LIMIT 1)
      RETURNING id::text AS id`,
    [tenant, e.incidentId, e.unitId ?? null, e.kind, e.actor, e.since, JSON.stringify(e.detail)],
  );
  return rows.length > 0;
}

export async function timelineOf(sql: Sql, tenant: string, incidentIds: readonly string[]): Promise<TimelineEvent[]> {
  const { rows } = await sql.query<{
    id: string;
    incident_id: string;
    at: Time;
    kind: TimelineKind;
    unit_id: string | null;
    actor: string;
    detail: Record<string, unknown>;
  }>(
    `SELECT id::text AS id, incident_id, at, kind, unit_id, actor, detail FROM emergency_timeline
      WHERE tenant = $1 AND incident_id = ANY($2::uuid[]) ORDER BY at, emergency_timeline.id`,
    [tenant, incidentIds],
  );
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incident_id,
    at: iso(r.at),
    kind: r.kind,
    ...some('unitId', r.unit_id),
    actor: r.actor,
    detail: r.detail,
  }));
}

/** Entries written in clear before their words were sealed (marked by a migration), after `afterId`. */
export async function timelineInClear(
  sql: Sql,
  afterId: string,
  limit: number,
): Promise<{ id: string; tenant: string; kind: TimelineKind; detail: Record<string, unknown> }[]> {
  const { rows } = await sql.query<{ id: string; tenant: string; kind: TimelineKind; detail: Record<string, unknown> }>(
    `SELECT id::text AS id, tenant, kind, detail FROM emergency_timeline
      WHERE in_clear AND id > $1::bigint ORDER BY emergency_timeline.id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

/** Writes an entry's sealed detail, if it is still as it was read: true when it was. */
export async function sealTimelineEntry(
  sql: Sql,
  id: string,
  was: Record<string, unknown>,
  detail: Record<string, unknown>,
): Promise<boolean> {
  const { rows } = await sql.query(
    `UPDATE emergency_timeline SET detail = $3::jsonb, in_clear = false
      WHERE id = $1::bigint AND in_clear AND detail = $2::jsonb RETURNING id`,
    [id, JSON.stringify(was), JSON.stringify(detail)],
  );
  return rows.length > 0;
}
