import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ContextResolver, ContextService, Entity, Instance } from '../../context/index.js';
import { REPORTED_BY } from '../../ingest/index.js';
import type { AuditTrail } from '../../platform/audit/index.js';
import type { ChangeConsumerSpec } from '../../platform/modules.js';
import type { Database, Sql } from '../../platform/db/index.js';
import { AppError, problems } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import {
  isSealed,
  type PersonalData,
  type PersonalDataSource,
  type Reader,
} from '../../platform/personal-data/index.js';
import type { AlarmService } from '../alarms/index.js';
import type { RoadSearches } from '../city/index.js';
import { INCIDENT_TYPES, incidentType } from './catalogue.js';
import type { IntervalTargets } from './intervals.js';
import {
  carriesPatients,
  DISPATCHABLE,
  TERMINAL_CLOCK_SLACK_MS,
  UNIT_STATUSES,
  UNIT_TRANSITIONS,
  type Agency,
  type Call,
  type Disposition,
  type Hospital,
  type HospitalCapability,
  type Incident,
  type IncidentRecord,
  type IncidentType,
  type LonLat,
  type Priority,
  type SopStep,
  type Station,
  type TimelineEvent,
  type TimelineKind,
  type Unit,
  type UnitResponse,
  type UnitStatus,
} from './model.js';
import { inCity, outsideCity, reversePlace, suggestPlaces, wardAt } from './places.js';
import { HOSPITALS_TASK, RECOMMEND_TASK, type Recommendation } from './recommend.js';
import { linesLeft, missingWords, shortOf, type MissingLine } from './run-card.js';
import { MAX_UNIT_SPEED_KMH, refusalText, type TerminalRefusal, type TerminalRefusalCode } from './refusals.js';
import { RECOMMENDATION_TTL_MS, RecentAnswers, recommendationKey, SearchLimits, type Searcher } from './searches.js';
import * as store from './store.js';
import type { UnitInput } from './store.js';

/**
 * The emergency centre's rules. A call is logged and located, and makes an incident or joins an open
 * one; the dispatcher sends units (all or none, each only if still free: the condition is in the
 * database's UPDATE, so two dispatchers cannot send one unit twice); units move through the legal
 * statuses (UNIT_TRANSITIONS), from the console or from their own device over MQTT; every step is on
 * the incident's timeline; closing releases the units still committed. Incidents, units, stations and
 * hospitals are mirrored as NGSI-LD entities in the transaction that writes them; callers' phone and
 * name are personal data, sealed at rest and masked for readers without pii:read.
 */

export type { UnitInput };

export interface EmergencySettings {
  /** A call this close to an open incident of a compatible type is proposed as the same. */
  readonly duplicateRadiusM: number;
  readonly duplicateMinutes: number;
  readonly targets: IntervalTargets;
  /** A unit dispatched this many seconds ago that is neither en route nor on scene is late. */
  readonly turnoutAlarmSeconds: number;
  /** Road searches (recommendations not shared from the last few seconds) an account may ask a minute. */
  readonly searchesPerMinute?: number | undefined;
}

export interface CallInput {
  readonly phone?: string | undefined;
  readonly callerName?: string | undefined;
  readonly answeredAt?: string | undefined;
  readonly language?: string | undefined;
  readonly text?: string | undefined;
  readonly typeCode: string;
  readonly priority?: Priority | undefined;
  readonly location?: LonLat | undefined;
  readonly address?: string | undefined;
  readonly linkTo?: string | undefined;
}

/** A transfer to another agency: to whom, why, and who took it there (a name, their reference or both). */
export interface TransferInput {
  readonly agency: Agency;
  readonly reason: string;
  readonly acceptedBy?: string | undefined;
  readonly reference?: string | undefined;
}

export interface DuplicateCandidate {
  readonly incident: Incident;
  readonly distanceM: number;
  readonly minutesAgo: number;
}

export interface IncidentSummary extends Incident {
  readonly callCount: number;
  readonly unitIds: readonly string[];
  readonly ageSeconds: number;
}

export type SopProgress = SopStep & { readonly doneAt?: string; readonly doneBy?: string };

export interface IncidentDetail {
  readonly incident: Incident;
  readonly calls: readonly Call[];
  readonly units: readonly Unit[];
  readonly responses: readonly UnitResponse[];
  readonly timeline: readonly TimelineEvent[];
  readonly sop: readonly SopProgress[];
  readonly type: IncidentType;
  /** The road each unit on its way drives, from where it is now to the scene: drawn on every console. */
  readonly routes: readonly { unitId: string; coordinates: readonly LonLat[] }[];
}

/** What the module provides to others (the demo) and to tests. */
export interface EmergencyCentre {
  types(): readonly IncidentType[];
  upsertStation(tenant: string, station: Station): Promise<void>;
  upsertUnit(tenant: string, unit: UnitInput): Promise<Unit>;
  upsertHospital(tenant: string, hospital: Hospital): Promise<void>;
  logCall(
    tenant: string,
    actor: string,
    input: CallInput,
  ): Promise<{ call: Call; incident: Incident; duplicates: DuplicateCandidate[] }>;
  incident(tenant: string, id: string, reader?: Reader): Promise<IncidentDetail>;
  listIncidents(
    tenant: string,
    filter: { status: 'open' | 'closed' | 'all'; limit?: number },
  ): Promise<IncidentSummary[]>;
  recommend(
    tenant: string,
    incidentId: string,
    opts?: { escalateAs?: string; caller?: Searcher },
  ): Promise<Recommendation>;
  dispatch(
    tenant: string,
    actor: string,
    incidentId: string,
    unitIds: readonly string[],
  ): Promise<{ incident: Incident; units: Unit[] }>;
  setUnitStatus(
    tenant: string,
    actor: string,
    unitId: string,
    status: UnitStatus,
    opts?: { hospitalId?: string; at?: string },
  ): Promise<Unit>;
  assignHospital(tenant: string, actor: string, incidentId: string, unitId: string, hospitalId: string): Promise<void>;
  close(tenant: string, actor: string, incidentId: string, disposition: Disposition, note?: string): Promise<Incident>;
  listUnits(tenant: string, filter?: { status?: UnitStatus; agency?: Agency }): Promise<Unit[]>;
  listStations(tenant: string): Promise<Station[]>;
  hospitals(tenant: string): Promise<Hospital[]>;
  incidentRecords(tenant: string, range: { from: string; to: string }): Promise<IncidentRecord[]>;
}

/** A call logged with an answer time older than this is refused: it would only falsify the intervals. */
const OLDEST_CALL_MS = 24 * 3600_000;

/** Who takes calls and dispatches (emergency:write): they call callers back. */
export const CALL_TAKERS = ['admin', 'dispatcher'] as const;

export const INCIDENT_TYPE = 'EmergencyIncident';
export const UNIT_TYPE = 'EmergencyUnit';
export const STATION_TYPE = 'EmergencyStation';
export const HOSPITAL_TYPE = 'Hospital';
export const incidentEntityId = (id: string) => `urn:ngsi-ld:${INCIDENT_TYPE}:${id}`;
export const unitEntityId = (callSign: string) => `urn:ngsi-ld:${UNIT_TYPE}:${callSign}`;
export const stationEntityId = (id: string) => `urn:ngsi-ld:${STATION_TYPE}:${id}`;
export const hospitalEntityId = (id: string) => `urn:ngsi-ld:${HOSPITAL_TYPE}:${id}`;

/** The personal fields of a call and how they are masked. */
/** What the caller says may name people and places of their life: sealed too, shown as [hidden]. */
export const CALL_PERSONAL_FIELDS = { phone: 'phone', callerName: 'name', text: 'free-text' } as const;
const PERSONAL_SOURCE = 'emergency-calls';
/**
 * What dispatchers type on the timeline names people, addresses, health: a note, the reason of a
 * transfer or an escalation, the closing note, and who took a transfer at the other agency. Sealed,
 * masked as the caller's words are; the centre's own words (`automatic`) are not a person's.
 */
export const TIMELINE_PERSONAL_FIELDS = {
  text: 'free-text',
  reason: 'free-text',
  note: 'free-text',
  acceptedBy: 'name',
} as const;
type TimelineWord = keyof typeof TIMELINE_PERSONAL_FIELDS;
export const TIMELINE_WORDS: Readonly<Partial<Record<TimelineKind, readonly TimelineWord[]>>> = {
  note: ['text'],
  transfer: ['reason', 'acceptedBy'],
  escalation: ['reason'],
  closed: ['note'],
};
const NOTES_SOURCE = 'emergency-notes';
/** The personal words an entry of the timeline holds. */
const wordsOf = (kind: TimelineKind, detail: Readonly<Record<string, unknown>>): TimelineWord[] =>
  detail['automatic'] === true ? [] : (TIMELINE_WORDS[kind] ?? []).filter((k) => typeof detail[k] === 'string');
/** The alarm condition of an incident no unit could be found for. */
const ESCALATION_CONDITION = 'emergency:escalated';
/** The alarm condition of a unit dispatched that has not turned out in time (its source is the unit). */
const TURNOUT_CONDITION = 'emergency:turnout-late';
/** The alarm condition of an open incident its last unit left by its own report. */
const UNIT_NEEDED_CONDITION = 'emergency:unit-needed';
/** A unit's own report that leaves an incident before its work there is done ("returning" is the way to finish). */
const LEAVES_EARLY: Readonly<Partial<Record<UnitStatus, readonly UnitStatus[]>>> = {
  dispatched: ['available', 'out_of_service'],
  en_route: ['available', 'out_of_service'],
  on_scene: ['available'],
};
/** One turnout watch at a time across the instances, so an alarm is raised and marked once. */
export const TURNOUT_LOCK = 0x454d_544f; // 'EMTO'
/** Responses a watch round handles at most; the rest wait for the next round. */
const TURNOUT_BATCH = 200;
/** The audit action of a status refused because its device did not prove itself with its own secret. */
export const UNIT_STATUS_REFUSED = 'emergency.unit-status-refused';
/** The audit action of a position refused for the same reason. */
export const UNIT_POSITION_REFUSED = 'emergency.unit-position-refused';
/** How far in the future a call's answer time may be (clocks differ a little). */
const CLOCK_SKEW_MS = 60_000;
/** Units committed to an incident (not free to be sent elsewhere). */
/** Road paths worked out per read (recommendations, an incident's units on their way): a search each. */
const MAX_ROUTES = 8;
const COMMITTED: readonly UnitStatus[] = ['dispatched', 'en_route', 'on_scene', 'transporting', 'at_hospital'];
/** Statuses in which a unit is no longer committed to its incident. */
const RELEASED: readonly UnitStatus[] = ['available', 'returning', 'out_of_service'];

/** The street and ward a hospital stands in (none outside the city's wards). */
function hospitalPlace(hospital: { readonly location: LonLat }): { street?: string; ward?: string } {
  if (!inCity(hospital.location)) return {};
  const { street, ward } = reversePlace(hospital.location);
  return { ...(street === undefined ? {} : { street }), ...(ward === undefined ? {} : { ward }) };
}
const placeWords = (place: { street?: string; ward?: string }) => {
  const where = [place.street, place.ward].filter(Boolean).join(', ');
  return where ? { hospitalPlace: where } : {};
};

export const emergencyErrors = {
  incidentNotFound: (id: string) => new AppError('EMERGENCY_INCIDENT_NOT_FOUND', 404, `There is no incident "${id}".`),
  unitNotFound: (id: string) => new AppError('EMERGENCY_UNIT_NOT_FOUND', 404, `There is no unit "${id}".`),
  hospitalNotFound: (id: string) => new AppError('EMERGENCY_HOSPITAL_NOT_FOUND', 404, `There is no hospital "${id}".`),
  unitNotAvailable: (unit: Unit, detail?: string) =>
    new AppError(
      'EMERGENCY_UNIT_NOT_AVAILABLE',
      409,
      detail ??
        `Unit ${unit.callSign} is ${unit.status}${unit.incidentId ? ` on incident ${unit.incidentId}` : ''}: ` +
          `only a unit ${DISPATCHABLE.join(' or ')} can be sent. Nothing was dispatched.`,
      { extra: { unitId: unit.id, callSign: unit.callSign, status: unit.status } },
    ),
  statusRefused: (unit: Unit, to: string, why?: string, reason: TerminalRefusalCode = 'step_not_allowed') =>
    new AppError('EMERGENCY_STATUS_CHANGE_REFUSED', 409, why ?? refusedWords(unit, to), {
      extra: {
        // What a terminal is told (refusals.ts): the same for the console's refusals.
        reason,
        unitId: unit.id,
        callSign: unit.callSign,
        from: unit.status,
        to,
        // The steps a unit or a dispatcher may take: "dispatched" is the centre's, through an incident.
        allowed: UNIT_TRANSITIONS[unit.status].filter((s) => s !== 'dispatched'),
      },
    }),
  incidentClosed: (i: Incident) =>
    new AppError('EMERGENCY_INCIDENT_CLOSED', 409, `Incident ${i.number} is closed (${i.disposition ?? 'closed'}).`, {
      extra: { number: i.number, disposition: i.disposition ?? 'closed' },
    }),
  moveRefused: (i: Incident, why: string, whyVi: string) =>
    new AppError('EMERGENCY_MOVE_REFUSED', 409, `The calls of incident ${i.number} cannot move: ${why}.`, {
      extra: { number: i.number, reasonVi: whyVi },
    }),
  typeUnknown: (code: string) =>
    problems.badRequest(
      'EMERGENCY_TYPE_UNKNOWN',
      `"${code}" is not an incident type: use one of ${INCIDENT_TYPES.map((t) => t.code).join(', ')}.`,
    ),
  callEmpty: (detail: string) => problems.badRequest('EMERGENCY_CALL_EMPTY', detail),
  addressNotFound: (address: string) =>
    problems.badRequest(
      'EMERGENCY_ADDRESS_NOT_FOUND',
      `No street or ward of Hà Nội matches "${address}": give the location as coordinates or a pin.`,
    ),
  sopStepNotFound: (stepId: string) => problems.notFound('Procedure step', stepId),
};

/** How much of a value a terminal sent is kept when it is refused. */
const SHOWN_CHARS = 40;
const shortened = (value: string): string =>
  value.length <= SHOWN_CHARS ? value : `${value.slice(0, SHOWN_CHARS)}… (${value.length} characters)`;
/** Identical refusals of one terminal within this time are one timeline entry with a count. */
const REPEAT_WINDOW_MS = 60_000;
/** Free beds a hospital may say it has: more is a typing slip (or a poisoned entity), never a count. */
export const MAX_BEDS_FREE = 100_000;
/** Hospitals whose free beds were last refused, with the refused value: each is logged once. */
const REFUSED_BEDS_REMEMBERED = 1000;

/** Why a change of status is refused: the steps open from where the unit is, dispatching left to the centre. */
function refusedWords(unit: Unit, to: string): string {
  const steps = UNIT_TRANSITIONS[unit.status].filter((s) => s !== 'dispatched');
  const centre = UNIT_TRANSITIONS[unit.status].includes('dispatched') ? '; only the centre dispatches it' : '';
  const open = steps.length > 0 ? `it may go to ${steps.join(', ')}` : 'it may go nowhere else';
  return `Unit ${unit.callSign} cannot go from ${unit.status} to ${to}: from ${unit.status} ${open}${centre}.`;
}

const isBedCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_BEDS_FREE;
const isStatus = (s: string): s is UnitStatus => (UNIT_STATUSES as readonly string[]).includes(s);

/** What the centre writes on a hospital's entity and takes from no device: only `bedsFree` is the hospital's to say. */
const HOSPITAL_KEPT = ['name', 'location', 'capabilities'] as const;

/** A position within this of the last good one is never a jump, however soon after (GPS jitter, a clock's error). */
const JUMP_SLACK_M = 2_000;

/**
 * Why a unit's position reported by a terminal is not taken, or null: a terminal without its own
 * secret, a point outside the city (where no call is taken), or farther from the last good position
 * than a unit drives at MAX_UNIT_SPEED_KMH in the time between them.
 */
function positionRefusal(unit: Unit, where: LonLat, at: string, deviceAuth: unknown): TerminalRefusalCode | null {
  // As for a status: anyone holding the group's API key could put the unit elsewhere on the map.
  if (deviceAuth !== 'secret') return 'own_secret_required';
  if (!inCity(where)) return 'outside_city';
  if (unit.location && unit.locationAt) {
    const hours = (Date.parse(at) - Date.parse(unit.locationAt)) / 3_600_000;
    if (hours > 0 && metresBetween(unit.location, where) > JUMP_SLACK_M + MAX_UNIT_SPEED_KMH * 1000 * hours) {
      return 'implausible_jump';
    }
  }
  return null;
}

/** Metres between two points (haversine). */
export function metresBetween(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Types whose calls may be the same incident as a call of `code` (either says so of the other). */
function compatibleCodes(type: IncidentType): string[] {
  return INCIDENT_TYPES.filter((t) => type.compatible.includes(t.code) || t.compatible.includes(type.code)).map(
    (t) => t.code,
  );
}

/** An incident's type; one whose code left the list reads as OTHER. */
const typeOf = (code: string): IncidentType => incidentType(code) ?? (INCIDENT_TYPES.at(-1) as IncidentType);

/** A reader that may see nothing in clear: the module's own reads (reports, the demo). */
const systemReader = (tenant: string): Reader => ({
  actor: { kind: 'system', id: null, name: 'emergency', roles: [] },
  roles: [],
  tenant,
  requestId: null,
});

type Publish = () => void;

export class EmergencyService implements EmergencyCentre {
  readonly #db: Database;
  readonly #context: ContextService;
  readonly #resolver: ContextResolver;
  readonly #personal: PersonalData;
  readonly #alarms: AlarmService;
  readonly #settings: EmergencySettings;
  readonly #log: Logger;
  readonly #audit: Pick<AuditTrail, 'note'>;
  readonly #recommended = new RecentAnswers<Recommendation>(RECOMMENDATION_TTL_MS);
  /** A unit's road to a scene, from where it last was: every console reading the incident shares it. */
  readonly #roadsToScene = new RecentAnswers<LonLat[] | null>(RECOMMENDATION_TTL_MS);
  readonly #searches: SearchLimits;
  /** Searches under way, by key: readers who ask while one runs wait for it instead of starting another. */
  readonly #searching = new Map<string, Promise<Recommendation>>();
  readonly #routing = new Map<string, Promise<LonLat[] | null>>();
  readonly #roads: RoadSearches;
  /** Terminals told in the last minute that their positions are refused (told again a minute later). */
  readonly #positionsRefused = new RecentAnswers<true>(REPEAT_WINDOW_MS);
  /** tenant + hospital → the free beds last refused (logged once, not at every change that brings it again). */
  readonly #refusedBeds = new Map<string, unknown>();
  /** The last timeline entry the sealing of entries kept in clear reached. */
  #clearUpTo = '0';

  constructor(deps: {
    db: Database;
    context: ContextService;
    resolver: ContextResolver;
    personal: PersonalData;
    alarms: AlarmService;
    settings: EmergencySettings;
    log: Logger;
    audit: Pick<AuditTrail, 'note'>;
    /** The road searches: the city module's workers, configured and ended with the server. */
    roads: RoadSearches;
  }) {
    this.#db = deps.db;
    this.#context = deps.context;
    this.#resolver = deps.resolver;
    this.#personal = deps.personal;
    this.#alarms = deps.alarms;
    this.#settings = deps.settings;
    this.#searches = new SearchLimits(deps.settings.searchesPerMinute);
    this.#log = deps.log;
    this.#audit = deps.audit;
    this.#roads = deps.roads;
  }

  get settings(): EmergencySettings {
    return this.#settings;
  }

  types(): readonly IncidentType[] {
    return INCIDENT_TYPES;
  }

  // --- roster ------------------------------------------------------------------------------------

  async upsertStation(tenant: string, station: Station): Promise<void> {
    if (!inCity(station.location)) throw outsideCity(station.location);
    await this.#write(async (tx) => {
      await store.upsertStation(tx, tenant, station);
      return [undefined, [await this.#mirrorStation(tx, tenant, station)]];
    });
  }

  async upsertHospital(tenant: string, hospital: Hospital): Promise<void> {
    if (!inCity(hospital.location)) throw outsideCity(hospital.location);
    await this.#write(async (tx) => {
      await store.upsertHospital(tx, tenant, hospital);
      // Read back: an administrator's capabilities are kept over the ones told.
      const saved = (await store.findHospital(tx, tenant, hospital.id)) ?? hospital;
      return [undefined, [await this.#mirrorHospital(tx, tenant, saved)]];
    });
  }

  /** An administrator's word on what a hospital can do: kept when the roster is told again. */
  async setHospitalCapabilities(
    tenant: string,
    hospitalId: string,
    capabilities: readonly HospitalCapability[],
  ): Promise<Hospital> {
    return this.#write(async (tx) => {
      const saved = await store.setHospitalCapabilities(tx, tenant, hospitalId, [...new Set(capabilities)].sort());
      if (!saved) throw emergencyErrors.hospitalNotFound(hospitalId);
      return [saved, [await this.#mirrorHospital(tx, tenant, saved)]];
    });
  }

  /** Free beds as the centre heard them (the hospital phoned): the same value its own system may send. */
  async setHospitalBeds(tenant: string, hospitalId: string, bedsFree: number): Promise<Hospital> {
    return this.#write(async (tx) => {
      const hospital = await store.findHospital(tx, tenant, hospitalId);
      if (!hospital) throw emergencyErrors.hospitalNotFound(hospitalId);
      const saved = { ...hospital, bedsFree };
      await store.upsertHospital(tx, tenant, saved);
      return [saved, [await this.#mirrorHospital(tx, tenant, saved)]];
    });
  }

  async upsertUnit(tenant: string, input: UnitInput): Promise<Unit> {
    return this.#write(async (tx) => {
      if (!(await store.findStation(tx, tenant, input.stationId))) {
        throw problems.badRequest('EMERGENCY_STATION_UNKNOWN', `There is no station "${input.stationId}".`);
      }
      const before = await store.findUnit(tx, tenant, input.id, true);
      if (before && before.callSign !== input.callSign) {
        // Its device, topic and entity are named by it: a new call sign is a new unit.
        throw problems.conflict(
          'EMERGENCY_CALL_SIGN_TAKEN',
          `Unit ${input.id} is ${before.callSign}: a call sign does not change (add a new unit instead).`,
        );
      }
      // The same unit again (the demo's roster at every start) changes nothing, also while committed.
      const same =
        before !== null &&
        before.kind === input.kind &&
        before.agency === input.agency &&
        before.stationId === input.stationId &&
        before.crew === input.crew &&
        before.capabilities.join() === input.capabilities.join();
      if (before && same) return [before, []];
      if (before && COMMITTED.includes(before.status)) {
        throw emergencyErrors.statusRefused(
          before,
          'changed',
          `Unit ${before.callSign} is ${before.status} on an incident: change it once it is released.`,
        );
      }
      const other = await store.findUnitByCallSign(tx, tenant, input.callSign);
      if (other && other.id !== input.id) {
        throw problems.conflict('EMERGENCY_CALL_SIGN_TAKEN', `Call sign ${input.callSign} is unit ${other.id}'s.`);
      }
      const unit = await store.upsertUnit(tx, tenant, input, new Date());
      return [unit, [await this.#mirrorUnit(tx, tenant, unit)]];
    });
  }

  /** A unit leaves the roster; refused while it is committed to an incident. */
  async deleteUnit(tenant: string, unitId: string): Promise<void> {
    const removed = await this.#db.transaction(async (tx) => {
      const unit = await store.findUnit(tx, tenant, unitId, true);
      if (!unit) throw emergencyErrors.unitNotFound(unitId);
      if (COMMITTED.includes(unit.status)) {
        throw emergencyErrors.statusRefused(
          unit,
          'removed',
          `Unit ${unit.callSign} is ${unit.status} on an incident: release it before removing it.`,
        );
      }
      await store.deleteUnit(tx, tenant, unitId);
      return unit;
    });
    // Its entity goes too, or the map and the KPIs would still count it (its device stays provisioned).
    await this.#context.deleteEntity(tenant, unitEntityId(removed.callSign)).catch((err: unknown) => {
      if (!(err instanceof AppError && err.status === 404)) throw err;
    });
  }

  async listUnits(tenant: string, filter: { status?: UnitStatus; agency?: Agency } = {}): Promise<Unit[]> {
    return (await store.listUnits(this.#db, tenant, filter)).map((u) => this.#withTurnout(u));
  }

  async unit(tenant: string, id: string): Promise<Unit> {
    const unit = await store.findUnit(this.#db, tenant, id);
    if (!unit) throw emergencyErrors.unitNotFound(id);
    return this.#withTurnout(unit);
  }

  /** A dispatched unit carries when it must have turned out by. */
  #withTurnout(unit: Unit): Unit {
    if (unit.status !== 'dispatched') return unit;
    const due = Date.parse(unit.statusAt) + this.#settings.turnoutAlarmSeconds * 1000;
    return { ...unit, turnoutDueAt: new Date(due).toISOString() };
  }

  /**
   * The turnout watch (a background job): raises an alarm for each unit dispatched longer ago than the
   * limit that is neither en route nor on scene, with a line on the incident's timeline, and clears it
   * once the unit moves or is released. What it has done is marked on the response, so a restart or a
   * second instance neither raises an alarm twice nor forgets one; one instance watches at a time.
   */
  async watchTurnout(now: Date = new Date()): Promise<{ raised: number; cleared: number }> {
    const attempt = await this.#db.tryWithAdvisoryLock(TURNOUT_LOCK, async () => {
      const limitMs = this.#settings.turnoutAlarmSeconds * 1000;
      let raised = 0;
      let cleared = 0;
      for (const late of await store.lateTurnouts(this.#db, new Date(now.getTime() - limitMs), TURNOUT_BATCH)) {
        const seconds = Math.round((now.getTime() - Date.parse(late.dispatchedAt)) / 1000);
        // Raised before it is marked: a failure in between raises it again next round, which the open alarm absorbs.
        await this.#alarms.raise({
          tenant: late.tenant,
          source: unitEntityId(late.callSign),
          condition: TURNOUT_CONDITION,
          severity: late.priority === 1 ? 'critical' : 'high',
          title: `Unit ${late.callSign} has not turned out for incident ${late.incidentNumber}`,
          params: { unit: late.callSign, number: late.incidentNumber, seconds },
          description: `Dispatched ${seconds} s ago and neither en route nor on scene (limit ${this.#settings.turnoutAlarmSeconds} s): call the crew or send another unit.`,
          value: seconds,
          threshold: this.#settings.turnoutAlarmSeconds,
          unit: 's',
          location: { type: 'Point', coordinates: [late.location[0], late.location[1]] },
          ...(late.ward === undefined ? {} : { area: late.ward }),
          at: now,
          raisedBy: 'emergency',
        });
        await this.#write(async (tx) => {
          if (!(await store.markTurnoutAlarm(tx, late.id, now))) return [undefined, []];
          await this.#timeline(
            tx,
            late.tenant,
            late.incidentId,
            now,
            'turnout_late',
            'system',
            { seconds, limitSeconds: this.#settings.turnoutAlarmSeconds },
            late.unitId,
          );
          const incident = await store.findIncident(tx, late.tenant, late.incidentId);
          // The incident's entity changes, so every console reads the late unit at once.
          return [undefined, incident ? [await this.#mirrorIncident(tx, late.tenant, incident)] : []];
        });
        raised++;
      }
      for (const moved of await store.movedTurnouts(this.#db, TURNOUT_BATCH)) {
        const at = new Date(moved.movedAt ?? now.toISOString());
        await this.#alarms.clear(moved.tenant, unitEntityId(moved.callSign), TURNOUT_CONDITION, at);
        await store.markTurnoutCleared(this.#db, moved.id, now);
        cleared++;
      }
      return { raised, cleared };
    });
    return attempt.acquired ? attempt.value : { raised: 0, cleared: 0 };
  }

  listStations(tenant: string): Promise<Station[]> {
    return store.stations(this.#db, tenant);
  }

  hospitals(tenant: string): Promise<Hospital[]> {
    return store.hospitals(this.#db, tenant);
  }

  /**
   * Hospitals for a patient at a point, ranked for the care its incident type needs (a general
   * emergency when no type is given); those without a free bed listed apart.
   */
  async hospitalsFrom(tenant: string, from: LonLat, typeCode?: string) {
    const type = typeCode === undefined ? undefined : incidentType(typeCode);
    if (typeCode !== undefined && !type) throw emergencyErrors.typeUnknown(typeCode);
    if (!inCity(from)) throw outsideCity(from);
    const care = type?.care ?? 'emergency';
    const hospitals = await this.hospitals(tenant);
    const ranked = await this.#roads.run(HOSPITALS_TASK, { from, hospitals, k: 10, care });
    // Where each is (street, ward): two campuses of one name are told apart by it.
    return { care, ...ranked, hospitals: ranked.hospitals.map((h) => ({ ...h, place: hospitalPlace(h.hospital) })) };
  }

  // --- intake ------------------------------------------------------------------------------------

  /**
   * Open incidents of a compatible type near a point, created or called about recently: proposed for linking.
   * A big fire keeps getting calls for hours; each call keeps it a candidate.
   */
  async duplicates(tenant: string, at: LonLat, typeCode: string, except?: string): Promise<DuplicateCandidate[]> {
    const type = incidentType(typeCode);
    if (!type) throw emergencyErrors.typeUnknown(typeCode);
    if (!inCity(at)) throw outsideCity(at);
    const now = Date.now();
    const since = new Date(now - this.#settings.duplicateMinutes * 60_000);
    const near = await store.openIncidentsNear(
      this.#db,
      tenant,
      at,
      this.#settings.duplicateRadiusM,
      since,
      compatibleCodes(type),
    );
    return near
      .filter((i) => i.id !== except)
      .map((incident) => ({
        incident,
        distanceM: Math.round(metresBetween(at, incident.location)),
        minutesAgo: Math.round((now - Date.parse(incident.createdAt)) / 6_000) / 10,
      }))
      .filter((d) => d.distanceM <= this.#settings.duplicateRadiusM)
      .sort((a, b) => a.distanceM - b.distanceM);
  }

  async logCall(
    tenant: string,
    actor: string,
    input: CallInput,
    reader: Reader = systemReader(tenant),
  ): Promise<{ call: Call; incident: Incident; duplicates: DuplicateCandidate[] }> {
    const phone = input.phone?.trim() ?? '';
    const text = input.text?.trim() ?? '';
    const typed = input.address?.trim() || undefined;
    if (phone === '' && text === '' && input.location === undefined && typed === undefined) {
      throw emergencyErrors.callEmpty('A call needs at least a number, what was said or where: nothing was logged.');
    }
    const type = incidentType(input.typeCode);
    if (!type) throw emergencyErrors.typeUnknown(input.typeCode);
    let location = input.location;
    let address = typed;
    if (location === undefined) {
      if (address === undefined) {
        throw emergencyErrors.callEmpty('A call needs a location or an address, to send anyone: nothing was logged.');
      }
      const found = suggestPlaces(address, 1)[0];
      if (!found) throw emergencyErrors.addressNotFound(address);
      location = found.location;
      // The crew is sent to the place as the city names it, not as it was typed ("hang bac").
      address = found.label;
    }
    const place = reversePlace(location); // refuses a point outside the city
    const now = new Date();
    const answeredAt = input.answeredAt === undefined ? now : new Date(input.answeredAt);
    if (
      Number.isNaN(answeredAt.getTime()) ||
      answeredAt.getTime() > now.getTime() + CLOCK_SKEW_MS ||
      answeredAt.getTime() < now.getTime() - OLDEST_CALL_MS
    ) {
      throw problems.badRequest(
        'EMERGENCY_CALL_TIME_INVALID',
        'answeredAt is a time, not in the future and at most 24 hours ago (a call logged later is logged now, with a note).',
      );
    }
    const sealedPhone = phone === '' ? '' : await this.#personal.seal(tenant, phone);
    const phoneIndex = phone === '' ? '' : await this.#personal.index('phone', phone);
    const sealedName = await this.#personal.seal(tenant, input.callerName?.trim() || null);
    const { call, incident } = await this.#write(async (tx) => {
      let incident: Incident;
      const callId = randomUUID();
      if (input.linkTo !== undefined) {
        const found = isUuid(input.linkTo) ? await store.findIncident(tx, tenant, input.linkTo, true) : null;
        if (!found) throw emergencyErrors.incidentNotFound(input.linkTo);
        if (found.status === 'closed') throw emergencyErrors.incidentClosed(found);
        incident = found;
      } else {
        const number = await store.nextIncidentNumber(tx, tenant, now.getUTCFullYear());
        incident = await store.insertIncident(tx, tenant, {
          id: randomUUID(),
          number,
          typeCode: type.code,
          group: type.group,
          priority: input.priority ?? type.priority,
          agencies: type.agencies,
          status: 'pending',
          location,
          ...(address === undefined ? {} : { address }),
          ...(place.ward === undefined ? {} : { ward: place.ward }),
          ...(place.street === undefined ? {} : { street: place.street }),
          createdAt: now.toISOString(),
        });
      }
      const call = await store.insertCall(
        tx,
        tenant,
        {
          id: callId,
          incidentId: incident.id,
          phone: sealedPhone,
          callerName: sealedName,
          answeredAt: answeredAt.toISOString(),
          loggedAt: now.toISOString(),
          language: input.language?.trim() || 'vi',
          text: text === '' ? '' : ((await this.#personal.seal(tenant, text)) ?? ''),
          location,
          ...(address === undefined ? {} : { address }),
        },
        phoneIndex,
      );
      await this.#timeline(tx, tenant, incident.id, answeredAt, 'call_answered', actor, { callId });
      if (input.linkTo !== undefined) {
        await this.#timeline(tx, tenant, incident.id, now, 'call_linked', actor, {
          callId,
          typeCode: type.code,
          distanceM: Math.round(metresBetween(location, incident.location)),
        });
        return [{ call, incident }, []];
      }
      await this.#timeline(tx, tenant, incident.id, now, 'incident_created', actor, {
        typeCode: type.code,
        priority: incident.priority,
      });
      return [{ call, incident }, [await this.#mirrorIncident(tx, tenant, incident)]];
    });
    const duplicates =
      input.linkTo === undefined ? await this.duplicates(tenant, location, type.code, incident.id) : [];
    const [shown] = await this.#reveal(reader, [call]);
    return { call: shown!, incident, duplicates };
  }

  // --- incidents ---------------------------------------------------------------------------------

  async listIncidents(
    tenant: string,
    filter: { status: 'open' | 'closed' | 'all'; limit?: number },
  ): Promise<IncidentSummary[]> {
    const rows = await store.listIncidents(this.#db, tenant, { status: filter.status, limit: filter.limit ?? 200 });
    const now = Date.now();
    return rows.map((r) => ({
      ...r.incident,
      callCount: r.callCount,
      unitIds: r.unitIds,
      ageSeconds: Math.round((now - Date.parse(r.incident.createdAt)) / 1000),
    }));
  }

  async incident(tenant: string, id: string, reader: Reader = systemReader(tenant)): Promise<IncidentDetail> {
    const incident = await this.#incident(this.#db, tenant, id);
    const [calls, units, responses, timeline, done] = await Promise.all([
      store.callsOf(this.#db, tenant, [id]),
      store.listUnits(this.#db, tenant, { incidentId: id }),
      store.responsesOf(this.#db, tenant, [id]),
      store.timelineOf(this.#db, tenant, [id]),
      store.sopStepsOf(this.#db, id),
    ]);
    const type = typeOf(incident.typeCode);
    const routes = incident.status === 'closed' ? [] : await this.#routesToScene(tenant, incident, units);
    return {
      incident,
      routes,
      calls: await this.#reveal(reader, calls),
      units: units.map((u) => this.#withTurnout(u)),
      responses: responses.map(({ incidentId: _, ...r }) => r),
      timeline: await this.#revealTimeline(reader, timeline),
      sop: type.sop.map((step) => ({ ...step, ...done.get(step.id) })),
      type,
    };
  }

  /**
   * An incident as the EIDO export carries it: the callers masked always (the document leaves the
   * centre), the dispatchers' notes and reasons as the reader may see them (in clear: audited).
   */
  async eidoRecord(
    tenant: string,
    id: string,
    reader: Reader,
  ): Promise<{ record: IncidentRecord; type: IncidentType }> {
    const incident = await this.#incident(this.#db, tenant, id);
    const [calls, responses, timeline] = await Promise.all([
      store.callsOf(this.#db, tenant, [id]),
      store.responsesOf(this.#db, tenant, [id]),
      store.timelineOf(this.#db, tenant, [id]),
    ]);
    return {
      record: {
        incident,
        calls: await this.#reveal(systemReader(tenant), calls),
        responses: responses.map(({ incidentId: _, ...r }) => r),
        timeline: await this.#revealTimeline(reader, timeline),
      },
      type: typeOf(incident.typeCode),
    };
  }

  /**
   * The roads of the units on their way (dispatched or en route), from their last position (or their
   * station) to the scene: worked out on read, so a route shrinks as the unit drives and every console
   * draws the same. Bounded: a search each, a few milliseconds, shared for a few seconds by everyone
   * reading the incident while the unit has not moved (readers cost no search; positions do, at most one
   * each).
   */
  async #routesToScene(tenant: string, incident: Incident, units: readonly Unit[]) {
    const driving = units.filter((u) => u.status === 'dispatched' || u.status === 'en_route').slice(0, MAX_ROUTES);
    if (driving.length === 0) return [];
    const stations = driving.every((u) => u.location) ? [] : await this.listStations(tenant);
    const lines = driving.map(async (u) => {
      const from = u.location ?? stations.find((s) => s.id === u.stationId)?.location;
      if (!from) return null;
      const key = JSON.stringify([tenant, u.id, from, incident.location]);
      const known = this.#roadsToScene.get(key);
      if (known !== undefined) return known && { unitId: u.id, coordinates: known };
      let pending = this.#routing.get(key);
      if (!pending) {
        pending = this.#roads
          .route(from, incident.location, { profile: 'emergency' })
          .then((route) => {
            const line = route?.coordinates ?? null;
            this.#roadsToScene.set(key, line);
            return line;
          })
          .finally(() => this.#routing.delete(key));
        this.#routing.set(key, pending);
      }
      const line = await pending;
      return line && { unitId: u.id, coordinates: line };
    });
    return (await Promise.all(lines)).filter((r) => r !== null);
  }

  /**
   * The units to send. A priority-1 incident the centre cannot cover (no unit free for a line) is
   * escalated, unless it already is, only when a dispatcher asks (`escalateAs`, recorded as them): a
   * reader's look changes nothing.
   */
  async recommend(
    tenant: string,
    incidentId: string,
    opts: { escalateAs?: string; caller?: Searcher } = {},
  ): Promise<Recommendation> {
    if (opts.caller) this.#searches.refuseSpent(opts.caller);
    const incident = await this.#incident(this.#db, tenant, incidentId);
    const [units, stations] = await Promise.all([this.listUnits(tenant), this.listStations(tenant)]);
    // The same incident, units and stations give the same answer: readers within seconds share one search.
    const key = recommendationKey({ tenant, incident, units, stations });
    const now = Date.now();
    let recommendation = this.#recommended.get(key, now);
    if (!recommendation) {
      let pending = this.#searching.get(key);
      if (!pending) {
        // Only the reader who starts a search spends allowance; those who ask while it runs share it.
        if (opts.caller) this.#searches.take(opts.caller, now);
        pending = this.#search(incident, units, stations)
          .then((found) => {
            this.#recommended.set(key, found);
            return found;
          })
          .finally(() => this.#searching.delete(key));
        this.#searching.set(key, pending);
      }
      recommendation = await pending;
    }
    const by = opts.escalateAs;
    if (by && recommendation.shortfall.length > 0 && incident.priority === 1 && incident.status !== 'closed') {
      await this.#escalateShort(
        tenant,
        incident.id,
        recommendation.shortfall.map((l) => ({ missing: l.missing, anyOf: l.anyOf })),
        by,
      );
    }
    return recommendation;
  }

  /** The road search behind a recommendation: what is already committed fills the run card first. */
  #search(incident: Incident, units: readonly Unit[], stations: readonly Station[]): Promise<Recommendation> {
    const type = typeOf(incident.typeCode);
    // What is already on its way fills the run card first: only the rest is recommended.
    const committed = units.filter((u) => u.incidentId === incident.id && COMMITTED.includes(u.status));
    const runCard = linesLeft(type.runCard, committed);
    return this.#roads.run(RECOMMEND_TASK, {
      incident: { location: incident.location, typeCode: incident.typeCode, priority: incident.priority },
      runCard,
      units,
      stations,
      options: { routes: MAX_ROUTES },
    });
  }

  /** All the units or none; each only if still dispatchable (two dispatchers cannot send one unit twice). */
  async dispatch(
    tenant: string,
    actor: string,
    incidentId: string,
    unitIds: readonly string[],
  ): Promise<{ incident: Incident; units: Unit[] }> {
    const ids = [...new Set(unitIds)];
    if (ids.length === 0) throw problems.badRequest('EMERGENCY_NO_UNITS', 'Name at least one unit to dispatch.');
    const now = new Date();
    const result = await this.#write(async (tx) => {
      const incident = await this.#incident(tx, tenant, incidentId, true);
      if (incident.status === 'closed') throw emergencyErrors.incidentClosed(incident);
      const committed = await store.commitUnits(tx, tenant, ids, incident.id, DISPATCHABLE, now);
      if (committed.length < ids.length) {
        // Someone else took a unit (or it was never free): say which, and roll everything back.
        const missing = ids.find((id) => !committed.some((u) => u.id === id)) as string;
        const unit = await store.findUnit(tx, tenant, missing);
        if (!unit) throw emergencyErrors.unitNotFound(missing);
        // Named as dispatchers know incidents: by number, and "this one" when it is.
        const busyOn = unit.incidentId ? await store.findIncident(tx, tenant, unit.incidentId) : null;
        if (busyOn) {
          throw emergencyErrors.unitNotAvailable(
            unit,
            `Unit ${unit.callSign} is ${unit.status} on ${busyOn.id === incident.id ? 'this incident' : 'incident'} ` +
              `${busyOn.number}: only a unit ${DISPATCHABLE.join(' or ')} can be sent. Nothing was dispatched.`,
          );
        }
        throw emergencyErrors.unitNotAvailable(unit);
      }
      const publish: Publish[] = [];
      for (const unit of committed) {
        await store.insertResponse(tx, tenant, incident.id, unit, now);
        await this.#timeline(
          tx,
          tenant,
          incident.id,
          now,
          'unit_dispatched',
          actor,
          { callSign: unit.callSign },
          unit.id,
        );
        publish.push(await this.#mirrorUnit(tx, tenant, unit, this.#assignment('dispatch', incident)));
      }
      const sent = incident.status === 'pending' ? { ...incident, status: 'dispatched' as const } : incident;
      // A unit sent again: the incident its last unit left is covered.
      const { unitNeededAt: needed, ...covered } = sent;
      const dispatched = needed ? covered : sent;
      // In the same transaction, the incident locked: two dispatches at once each see the other's units.
      const followed = await this.#followRunCard(tx, tenant, dispatched, actor, now);
      const saved = followed.incident === incident ? incident : await store.saveIncident(tx, tenant, followed.incident);
      publish.push(await this.#mirrorIncident(tx, tenant, saved));
      return [{ incident: saved, units: committed, alarm: followed.alarm, covered: needed !== undefined }, publish];
    });
    if (result.covered) {
      await this.#alarms.clear(tenant, incidentEntityId(result.incident.id), UNIT_NEEDED_CONDITION, now);
    }
    if (result.alarm === 'clear') {
      await this.#alarms.clear(tenant, incidentEntityId(result.incident.id), ESCALATION_CONDITION, now);
    } else if (result.alarm) {
      await this.#raiseAlarm(tenant, result.incident, result.alarm.raise);
    }
    return { incident: result.incident, units: result.units };
  }

  /**
   * The centre's own escalation follows the run card: raised when a line cannot be filled because no unit
   * fit for it is free to be sent (the centre is short, not the dispatcher sparing: sending the nearest unit
   * first is no shortage), resolved once the units sent fill it. A dispatcher's own escalation is theirs:
   * it stays until the incident closes. Writes the timeline; the caller saves the incident it returns and
   * raises or clears the alarm once committed.
   */
  async #followRunCard(
    tx: Sql,
    tenant: string,
    incident: Incident,
    actor: string,
    now: Date,
  ): Promise<{ incident: Incident; alarm?: { raise: string } | 'clear' }> {
    const type = incidentType(incident.typeCode);
    if (!type) return { incident };
    const units = await store.listUnits(tx, tenant);
    const sent = units.filter((u) => u.incidentId === incident.id && COMMITTED.includes(u.status));
    const left = linesLeft(type.runCard, sent);
    if (left.length === 0) {
      if (!incident.escalatedAt || (await this.#escalatedByHand(tx, tenant, incident.id))) return { incident };
      await this.#timeline(tx, tenant, incident.id, now, 'escalation_resolved', actor, {
        automatic: true,
        code: 'run_card_covered',
      });
      const { escalatedAt: _, ...resolved } = incident;
      return { incident: resolved, alarm: 'clear' };
    }
    const short = shortOf(left, units);
    if (short.length === 0 || incident.escalatedAt) return { incident };
    const reason = await this.#recordShortage(tx, tenant, incident.id, short, actor, now);
    return { incident: { ...incident, escalatedAt: now.toISOString() }, alarm: { raise: reason } };
  }

  /** A status change from the console (or, with `device`, from the unit itself). */
  async setUnitStatus(
    tenant: string,
    actor: string,
    unitId: string,
    status: UnitStatus,
    opts: { hospitalId?: string; at?: string } = {},
  ): Promise<Unit> {
    if (!isStatus(status)) {
      throw problems.badRequest('EMERGENCY_STATUS_UNKNOWN', `"${String(status)}" is not a unit status.`);
    }
    return this.#write(async (tx) => {
      const unit = await store.findUnit(tx, tenant, unitId, true);
      if (!unit) throw emergencyErrors.unitNotFound(unitId);
      const publish: Publish[] = [];
      const changed = await this.#changeStatus(tx, tenant, actor, unit, status, {
        at: opts.at === undefined ? new Date() : new Date(opts.at),
        hospitalId: opts.hospitalId,
        publish,
      });
      return [changed, publish];
    });
  }

  /** The hospital a unit takes its patient to; the unit is told. */
  async assignHospital(
    tenant: string,
    actor: string,
    incidentId: string,
    unitId: string,
    hospitalId: string,
  ): Promise<void> {
    await this.#write(async (tx) => {
      const incident = await this.#incident(tx, tenant, incidentId);
      const unit = await store.findUnit(tx, tenant, unitId, true);
      if (!unit) throw emergencyErrors.unitNotFound(unitId);
      if (unit.incidentId !== incident.id) {
        throw emergencyErrors.unitNotAvailable(unit, `Unit ${unit.callSign} is not on incident ${incident.number}.`);
      }
      if (!carriesPatients(unit)) {
        throw emergencyErrors.unitNotAvailable(
          unit,
          `Unit ${unit.callSign} does not carry patients: only an ambulance (ALS or BLS) is sent to a hospital. Nothing changed.`,
        );
      }
      const hospital = await store.findHospital(tx, tenant, hospitalId);
      if (!hospital) throw emergencyErrors.hospitalNotFound(hospitalId);
      const saved = await store.setUnitHospital(tx, tenant, unit.id, hospital.id);
      await this.#timeline(
        tx,
        tenant,
        incident.id,
        new Date(),
        'hospital_assigned',
        actor,
        {
          hospitalId: hospital.id,
          hospital: hospital.name,
          ...placeWords(hospitalPlace(hospital)),
        },
        unit.id,
      );
      return [undefined, [await this.#mirrorUnit(tx, tenant, saved, this.#assignment('hospital', incident, hospital))]];
    });
  }

  async note(tenant: string, actor: string, incidentId: string, text: string): Promise<void> {
    const trimmed = text.trim();
    if (trimmed === '') throw problems.badRequest('EMERGENCY_NOTE_EMPTY', 'A note has some text.');
    const detail = await this.#sealWords(tenant, 'note', { text: trimmed });
    await this.#write(async (tx) => {
      const incident = await this.#incident(tx, tenant, incidentId);
      if (incident.status === 'closed') throw emergencyErrors.incidentClosed(incident);
      await this.#timeline(tx, tenant, incident.id, new Date(), 'note', actor, detail);
      // The incident's entity written again: the consoles that have it open hear of the note on the stream.
      return [undefined, [await this.#mirrorIncident(tx, tenant, incident)]];
    });
  }

  async tickSopStep(tenant: string, actor: string, incidentId: string, stepId: string, done: boolean): Promise<void> {
    await this.#write(async (tx) => {
      const incident = await this.#incident(tx, tenant, incidentId);
      if (incident.status === 'closed') throw emergencyErrors.incidentClosed(incident);
      const type = incidentType(incident.typeCode);
      const step = type?.sop.find((s) => s.id === stepId);
      if (!step) throw emergencyErrors.sopStepNotFound(stepId);
      const now = new Date();
      await store.setSopStep(tx, incident.id, step.id, done ? { at: now, by: actor } : null);
      await this.#timeline(tx, tenant, incident.id, now, 'sop_step', actor, { stepId: step.id, done, en: step.en });
      return [undefined, [await this.#mirrorIncident(tx, tenant, incident)]];
    });
  }

  /**
   * Hands the incident to another agency. A transfer is a handover someone took: it names who accepted
   * it at the receiving agency or the reference its centre gave, or it is refused.
   */
  async transfer(tenant: string, actor: string, incidentId: string, input: TransferInput): Promise<Incident> {
    const acceptedBy = input.acceptedBy?.trim() || undefined;
    const reference = input.reference?.trim() || undefined;
    const reason = input.reason.trim();
    if (!reason) throw problems.badRequest('EMERGENCY_NOTE_EMPTY', 'A transfer says why.');
    if (!acceptedBy && !reference) {
      throw problems.badRequest(
        'EMERGENCY_TRANSFER_UNACCEPTED',
        "A transfer names who accepted it at the receiving agency, or the receiving centre's reference.",
      );
    }
    const agency = input.agency;
    const detail = await this.#sealWords(tenant, 'transfer', {
      agency,
      reason,
      ...(acceptedBy ? { acceptedBy } : {}),
      ...(reference ? { reference } : {}),
    });
    return this.#changeIncident(tenant, incidentId, async (tx, incident, now) => {
      await this.#timeline(tx, tenant, incident.id, now, 'transfer', actor, detail);
      const agencies = incident.agencies.includes(agency) ? incident.agencies : [...incident.agencies, agency];
      return { ...incident, transferredTo: agency, agencies };
    });
  }

  async setPriority(tenant: string, actor: string, incidentId: string, priority: Priority): Promise<Incident> {
    return this.#changeIncident(tenant, incidentId, async (tx, incident, now) => {
      if (incident.priority === priority) return incident;
      await this.#timeline(tx, tenant, incident.id, now, 'priority_changed', actor, {
        from: incident.priority,
        to: priority,
      });
      return { ...incident, priority };
    });
  }

  /** A dispatcher asks for more than the centre has: an alarm for the operations centre. */
  async escalate(tenant: string, actor: string, incidentId: string, reason: string): Promise<Incident> {
    if (!reason.trim()) throw problems.badRequest('EMERGENCY_NOTE_EMPTY', 'An escalation says why.');
    const detail = await this.#sealWords(tenant, 'escalation', { reason: reason.trim() });
    const incident = await this.#changeIncident(tenant, incidentId, async (tx, i, now) => {
      await this.#timeline(tx, tenant, i.id, now, 'escalation', actor, detail);
      return { ...i, escalatedAt: now.toISOString() };
    });
    // The alarm is for every operator: the dispatcher's words stay on the incident, for those who may read them.
    await this.#raiseAlarm(tenant, incident, `Escalated by ${actor}: the reason is on the incident's timeline.`);
    return incident;
  }

  /** Closes the incident; committed units are released and told (a unit transporting finishes its transport). */
  async close(
    tenant: string,
    actor: string,
    incidentId: string,
    disposition: Disposition,
    note?: string,
  ): Promise<Incident> {
    const words = await this.#sealWords(tenant, 'closed', note?.trim() ? { note: note.trim() } : {});
    let needed = false;
    const incident = await this.#write(async (tx) => {
      const found = await this.#incident(tx, tenant, incidentId, true);
      if (found.status === 'closed') throw emergencyErrors.incidentClosed(found);
      needed = found.unitNeededAt !== undefined;
      const now = new Date();
      const publish: Publish[] = [];
      const { unitNeededAt: _needed, ...open } = found;
      const closing = { ...open, status: 'closed' as const, closedAt: now.toISOString(), disposition };
      for (const unit of await store.listUnits(tx, tenant, { incidentId: found.id })) {
        // Stood down before arriving: available; on scene or at hospital: returning.
        const to: UnitStatus | undefined =
          unit.status === 'dispatched' || unit.status === 'en_route'
            ? 'available'
            : unit.status === 'on_scene' || unit.status === 'at_hospital'
              ? 'returning'
              : undefined;
        if (!to) continue;
        await this.#changeStatus(tx, tenant, actor, unit, to, { at: now, publish, release: closing });
      }
      await this.#timeline(tx, tenant, found.id, now, 'closed', actor, { disposition, ...words });
      const saved = await store.saveIncident(tx, tenant, closing);
      publish.push(await this.#mirrorIncident(tx, tenant, saved));
      return [saved, publish];
    });
    if (incident.escalatedAt) {
      await this.#alarms.clear(tenant, incidentEntityId(incident.id), ESCALATION_CONDITION, new Date());
    }
    if (needed) await this.#alarms.clear(tenant, incidentEntityId(incident.id), UNIT_NEEDED_CONDITION, new Date());
    return incident;
  }

  /**
   * A call logged as a new incident is found to be about an open one: its calls move there, and the
   * emptied incident closes as a duplicate. Both timelines say so. Refused once units are sent to the
   * new incident (they would be left on a closed one), and onto a closed incident.
   */
  async moveCalls(
    tenant: string,
    actor: string,
    fromId: string,
    toId: string,
  ): Promise<{ incident: Incident; closed: Incident }> {
    const moved = await this.#write(async (tx) => {
      // Both locked, in one order, so two dispatchers moving calls crosswise wait rather than deadlock.
      const [first, second] = [fromId, toId].sort();
      const locked = new Map<string, Incident>();
      for (const id of [first!, second!]) locked.set(id, await this.#incident(tx, tenant, id, true));
      const from = locked.get(fromId)!;
      const to = locked.get(toId)!;
      if (from.id === to.id) {
        throw emergencyErrors.moveRefused(from, 'it is the same incident', 'đó là cùng một sự vụ');
      }
      if (from.status === 'closed') throw emergencyErrors.incidentClosed(from);
      if (to.status === 'closed') throw emergencyErrors.incidentClosed(to);
      const sent = await store.listUnits(tx, tenant, { incidentId: from.id });
      if (sent.some((u) => COMMITTED.includes(u.status))) {
        throw emergencyErrors.moveRefused(
          from,
          'units are sent to it: stand them down first',
          'đã có đơn vị được điều đến: hãy cho đơn vị quay về trước',
        );
      }
      const now = new Date();
      const callIds = await store.moveCalls(tx, tenant, from.id, to.id);
      await this.#timeline(tx, tenant, to.id, now, 'calls_moved_in', actor, {
        callIds,
        fromIncident: from.id,
        number: from.number,
      });
      await this.#timeline(tx, tenant, from.id, now, 'calls_moved_out', actor, {
        callIds,
        toIncident: to.id,
        number: to.number,
      });
      await this.#timeline(tx, tenant, from.id, now, 'closed', actor, {
        disposition: 'duplicate',
        note: `#${to.number}`,
        // The centre's words, not a person's: not sealed.
        automatic: true,
      });
      const { unitNeededAt: _needed, ...fromOpen } = from;
      const closed = await store.saveIncident(tx, tenant, {
        ...fromOpen,
        status: 'closed',
        closedAt: now.toISOString(),
        disposition: 'duplicate',
      });
      const publish = [await this.#mirrorIncident(tx, tenant, closed), await this.#mirrorIncident(tx, tenant, to)];
      return [{ incident: to, closed, needed: from.unitNeededAt !== undefined }, publish];
    });
    if (moved.needed) {
      await this.#alarms.clear(tenant, incidentEntityId(moved.closed.id), UNIT_NEEDED_CONDITION, new Date());
    }
    // Closed as a duplicate, as by close: its escalation's alarm ends with it (nothing else could clear it).
    if (moved.closed.escalatedAt) {
      await this.#alarms.clear(tenant, incidentEntityId(moved.closed.id), ESCALATION_CONDITION, new Date());
    }
    return { incident: moved.incident, closed: moved.closed };
  }

  /** Incidents created in a range, with their calls (masked), responses and timelines: for reports. */
  async incidentRecords(tenant: string, range: { from: string; to: string }): Promise<IncidentRecord[]> {
    const incidents = await store.incidentsCreatedBetween(this.#db, tenant, range.from, range.to);
    const ids = incidents.map((i) => i.id);
    if (ids.length === 0) return [];
    const [calls, responses, timeline] = await Promise.all([
      store.callsOf(this.#db, tenant, ids),
      store.responsesOf(this.#db, tenant, ids),
      store.timelineOf(this.#db, tenant, ids),
    ]);
    const shown = await this.#reveal(systemReader(tenant), calls);
    const said = await this.#revealTimeline(systemReader(tenant), timeline);
    return incidents.map((incident) => ({
      incident,
      calls: shown.filter((c) => c.incidentId === incident.id),
      responses: responses.filter((r) => r.incidentId === incident.id).map(({ incidentId: _, ...r }) => r),
      timeline: said.filter((e) => e.incidentId === incident.id),
    }));
  }

  // --- units' own reports (ingestion → entity → here) ----------------------------------------------

  /**
   * Units' devices report status and position on their entity (through ingestion); hospitals' entities
   * say their free beds. A legal status is applied with the device's time; an illegal one is refused,
   * recorded, and the entity's status is written back to the true one.
   */
  readonly consumer: ChangeConsumerSpec = {
    name: 'units',
    filter: async () => {
      const terms = await this.#resolver.core();
      return {
        types: [terms.expand(UNIT_TYPE), terms.expand(HOSPITAL_TYPE)],
        attributes: ['status', 'location', 'bedsFree', ...HOSPITAL_KEPT].map((a) => terms.expand(a)),
      };
    },
    handle: async ({ tenant, entityId }) => {
      const entity = await this.#context.retrieveEntity(tenant, entityId);
      const terms = await this.#resolver.core();
      const first = (name: string) => entity.attrs[terms.expand(name)]?.[0];
      if (entity.types.includes(terms.expand(HOSPITAL_TYPE))) {
        await this.#hospitalReported(tenant, entity);
        return;
      }
      const unit = await store.findUnitByCallSign(this.#db, tenant, entityId.slice(unitEntityId('').length));
      if (!unit) return;
      const location = first('location');
      const point = location?.value as { type?: string; coordinates?: unknown[] } | undefined;
      if (
        point?.type === 'Point' &&
        typeof point.coordinates?.[0] === 'number' &&
        typeof point.coordinates[1] === 'number'
      ) {
        const now = new Date().toISOString();
        const said = location?.observedAt ?? location?.modifiedAt ?? now;
        // A terminal's clock ahead of the centre's must not hold its position against the next ones.
        const at = Date.parse(said) > Date.parse(now) ? now : said;
        const from = (location?.[terms.expand(REPORTED_BY)] as { value?: { deviceId?: unknown; deviceAuth?: unknown } })
          ?.value;
        const where: LonLat = [point.coordinates[0], point.coordinates[1]];
        const newer = unit.locationAt === undefined || Date.parse(at) > Date.parse(unit.locationAt);
        const refused = typeof from?.deviceId === 'string' ? positionRefusal(unit, where, at, from.deviceAuth) : null;
        if (refused && typeof from?.deviceId === 'string') {
          await this.#refusePosition(tenant, unit, from.deviceId, now, refused, where);
        } else if (newer) {
          // The module's own writes (a status) come here too: a position already held is not written again.
          await store.setUnitLocation(this.#db, tenant, unit.id, where[0], where[1], at);
        }
      }
      const reported = first('status');
      // Only a device's report names its device (ingestion says so); the module's own writes of the
      // status, and a stale read of them, name none and are never taken for a report.
      const by = (reported?.[terms.expand(REPORTED_BY)] as { value?: { deviceId?: unknown; deviceAuth?: unknown } })
        ?.value;
      if (typeof reported?.value === 'string' && typeof by?.deviceId === 'string' && reported.value !== unit.status) {
        const at = reported.observedAt ?? reported.modifiedAt;
        await this.reportStatus(tenant, unit.id, reported.value, at === undefined ? new Date() : new Date(at), {
          deviceId: by.deviceId,
          ownSecret: by.deviceAuth === 'secret',
          ...(reported.modifiedAt === undefined ? {} : { storedAt: new Date(reported.modifiedAt) }),
        });
      }
    },
  };

  /**
   * A hospital's entity changed. Only its free beds are a device's to say, and only a device with its
   * own secret saying a count is believed; anything else a device wrote under the centre's names (a
   * refused count, the name, place or capabilities, which PUT /hospitals/{id}/capabilities sets) is put
   * back to what the centre holds, so the entity never shows what the centre does not go by.
   */
  async #hospitalReported(tenant: string, entity: Entity): Promise<void> {
    const terms = await this.#resolver.core();
    const n = (name: string) => terms.expand(name);
    const byDevice = (name: string) => {
      const first = entity.attrs[n(name)]?.[0];
      const by = (first?.[n(REPORTED_BY)] as { value?: { deviceId?: unknown; deviceAuth?: unknown } })?.value;
      // The module's own writes name no device and hold what is stored.
      return typeof by?.deviceId === 'string' ? { value: first?.value, deviceAuth: by.deviceAuth } : undefined;
    };
    const id = entity.id.slice(hospitalEntityId('').length);
    const beds = byDevice('bedsFree');
    let putBack = HOSPITAL_KEPT.filter((a) => byDevice(a) !== undefined) as string[];
    if (beds) {
      if (beds.deviceAuth !== 'secret' || !isBedCount(beds.value)) {
        // One known only by its group's API key is not believed: any holder of that key could close a
        // hospital to every ambulance.
        this.#refuseBeds(tenant, id, beds.value, beds.deviceAuth !== 'secret');
        putBack = [...putBack, 'bedsFree'];
      } else {
        this.#refusedBeds.delete(`${tenant}\n${id}`);
        const hospital = await store.findHospital(this.#db, tenant, id);
        if (hospital && hospital.bedsFree !== beds.value)
          await store.upsertHospital(this.#db, tenant, { ...hospital, bedsFree: beds.value });
      }
    }
    if (putBack.length === 0) return;
    const hospital = await store.findHospital(this.#db, tenant, id);
    // A Hospital entity of no hospital on the roster is nobody's record the centre could put back.
    if (!hospital) return;
    this.#log.info({ tenant, hospital: id, attributes: putBack }, "hospital's entity put back where a device wrote it");
    await this.#write(async (tx) => [undefined, [await this.#mirrorHospital(tx, tenant, hospital)]]);
    // What the centre holds nothing of (no count, no capabilities said yet) goes rather than stays the device's.
    const unheld = putBack.filter(
      (a) => (a === 'bedsFree' ? hospital.bedsFree : a === 'capabilities' ? hospital.capabilities : true) === undefined,
    );
    for (const a of unheld) await this.#context.deleteAttribute(tenant, entity.id, n(a), undefined, true);
  }

  #refuseBeds(tenant: string, hospitalId: string, beds: unknown, keyOnly: boolean): void {
    const key = `${tenant}\n${hospitalId}`;
    if (this.#refusedBeds.has(key) && Object.is(this.#refusedBeds.get(key), beds)) return;
    this.#refusedBeds.delete(key);
    this.#refusedBeds.set(key, beds);
    if (this.#refusedBeds.size > REFUSED_BEDS_REMEMBERED) {
      const oldest = this.#refusedBeds.keys().next();
      if (!oldest.done) this.#refusedBeds.delete(oldest.value);
    }
    this.#log.warn(
      { tenant, hospital: hospitalId, bedsFree: typeof beds === 'string' ? shortened(beds) : beds },
      keyOnly
        ? "hospital's bedsFree ignored: its device proved itself only with its group's API key, not its own secret"
        : `hospital's bedsFree ignored: not a whole number from 0 to ${MAX_BEDS_FREE}`,
    );
  }

  /**
   * A unit's own report of its status, from the device that sent it: applied when legal and the
   * device proved itself with its own secret, else refused and recorded. A report stored before the
   * unit's last change (read late, the console acted meanwhile) is stale and left alone.
   */
  async reportStatus(
    tenant: string,
    unitId: string,
    reported: string,
    at: Date,
    from: { deviceId: string; ownSecret: boolean; storedAt?: Date },
  ): Promise<Unit> {
    const actor = `device:${from.deviceId}`;
    const uncovered: Incident[] = [];
    const result = await this.#write(async (tx) => {
      const unit = await store.findUnit(tx, tenant, unitId, true);
      if (!unit) throw emergencyErrors.unitNotFound(unitId);
      if (reported === unit.status) return [unit, []];
      const last = Date.parse(unit.statusAt);
      if (from.storedAt && from.storedAt.getTime() < last) return [unit, []];
      // A terminal's clock is not the centre's: a report counts when it came, or earlier as it says, but
      // never after it came (a clock ahead, or a forged time) nor before the change it follows (a clock behind).
      const came = from.storedAt && from.storedAt.getTime() < Date.now() ? from.storedAt : new Date();
      const stamped = at.getTime() > came.getTime() ? came : at;
      const when = stamped.getTime() < last ? new Date(last) : stamped;
      const publish: Publish[] = [];
      // Whatever a terminal sends is recorded cut short: a status is a word, not 30 KB on the timeline.
      const said = shortened(reported);
      try {
        if (!from.ownSecret) {
          // The group's API key is shared (or none over MQTT), an account's speaks for many: either could move the unit.
          const why = refusalText('own_secret_required', {
            callSign: unit.callSign,
            from: unit.status,
            reported: said,
            deviceId: from.deviceId,
          });
          throw emergencyErrors.statusRefused(unit, said, why.en, 'own_secret_required');
        }
        if (!isStatus(reported)) {
          throw emergencyErrors.statusRefused(unit, said, `"${said}" is not a unit status.`, 'not_a_status');
        }
        if (reported === 'dispatched') {
          throw emergencyErrors.statusRefused(
            unit,
            reported,
            'Only the centre dispatches a unit.',
            'centre_dispatches',
          );
        }
        if (at.getTime() < last - TERMINAL_CLOCK_SLACK_MS) {
          // Made before the unit's last change, beyond any clock's error: queued in a radio gap, it
          // would undo what the centre did since (a stale "available" would stand down a new dispatch).
          const why = refusalText('out_of_date', {
            callSign: unit.callSign,
            from: unit.status,
            reported,
            deviceId: from.deviceId,
            madeAt: at.toISOString(),
            lastChangeAt: unit.statusAt,
          });
          throw emergencyErrors.statusRefused(unit, reported, why.en, 'out_of_date');
        }
        const changed = await this.#changeStatus(tx, tenant, actor, unit, reported, {
          at: when,
          publish,
          uncovered,
        });
        return [changed, publish];
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'EMERGENCY_STATUS_CHANGE_REFUSED') throw err;
        if (unit.incidentId) {
          const event = {
            incidentId: unit.incidentId,
            kind: 'unit_status_refused' as const,
            actor,
            detail: { from: unit.status, to: said, reason: err.message },
            unitId: unit.id,
          };
          // The same refusal again within a minute is counted on the one line, not written again.
          const since = new Date(when.getTime() - REPEAT_WINDOW_MS);
          if (!(await store.repeatTimeline(tx, tenant, { ...event, since }))) {
            await store.addTimeline(tx, tenant, { ...event, at: when });
          }
        }
        this.#log.info({ tenant, unit: unit.callSign, from: unit.status, to: said }, 'unit status refused');
        if (!from.ownSecret) {
          this.#audit.note({
            actor: { kind: 'device', id: from.deviceId, name: from.deviceId, roles: [] },
            tenant,
            action: UNIT_STATUS_REFUSED,
            target: unitEntityId(unit.callSign),
            outcome: 403,
            detail: { unitId: unit.id, reported: said, why: 'apikey_only' },
          });
        }
        const code = (err.extra['reason'] as TerminalRefusalCode | undefined) ?? 'step_not_allowed';
        const text = refusalText(code, {
          callSign: unit.callSign,
          from: unit.status,
          reported: said,
          deviceId: from.deviceId,
          madeAt: at.toISOString(),
          lastChangeAt: unit.statusAt,
        });
        const refusal: TerminalRefusal = { code, reported: said, at: when.toISOString(), reason: err.message, text };
        return [unit, [await this.#mirrorUnit(tx, tenant, unit, undefined, refusal)]];
      }
    });
    for (const incident of uncovered) await this.#raiseUnitNeeded(tenant, incident);
    return result;
  }

  /**
   * A position from a terminal not taken: one that proved no secret of its own (only an API key, its
   * group's or an account's), or a point outside the city or too far from the last good one (a bad GPS
   * fix would drop the unit from recommendations, or suggest it from where it is not). The unit's
   * entity is put back where the centre knows it (its last good position, else its station) and, once
   * a minute per terminal and reason, the refusal is audited and told to the terminal (`positionRefused`).
   */
  async #refusePosition(
    tenant: string,
    unit: Unit,
    deviceId: string,
    at: string,
    code: TerminalRefusalCode,
    reported: LonLat,
  ): Promise<void> {
    const key = `${tenant}\u0000${unit.id}\u0000${deviceId}\u0000${code}`;
    const told = this.#positionsRefused.get(key) !== undefined;
    const point = `${reported[1]},${reported[0]}`;
    this.#log.info({ tenant, unit: unit.callSign, device: deviceId, why: code, point }, 'unit position refused');
    if (!told) {
      this.#positionsRefused.set(key, true);
      this.#audit.note({
        actor: { kind: 'device', id: deviceId, name: deviceId, roles: [] },
        tenant,
        action: UNIT_POSITION_REFUSED,
        target: unitEntityId(unit.callSign),
        outcome: code === 'own_secret_required' ? 403 : 422,
        detail: {
          unitId: unit.id,
          reported: 'position',
          why: code === 'own_secret_required' ? 'apikey_only' : code,
          ...(code === 'own_secret_required' ? {} : { point }),
        },
      });
    }
    const terms = await this.#resolver.core();
    const n = (s: string) => terms.expand(s);
    await this.#write(async (tx) => {
      const where = unit.location ?? (await store.findStation(tx, tenant, unit.stationId))?.location;
      const attrs: Record<string, Instance[]> = {};
      if (where) {
        attrs[n('location')] = [
          {
            type: 'GeoProperty',
            value: { type: 'Point', coordinates: [...where] },
            ...(unit.locationAt ? { observedAt: unit.locationAt } : {}),
          },
        ];
      }
      if (!told) {
        const about = { callSign: unit.callSign, from: unit.status, reported: 'position', deviceId, point };
        const text = refusalText(code, about);
        const refusal: TerminalRefusal = { code, reported: 'position', at, reason: text.en, text };
        attrs[n('positionRefused')] = [{ type: 'Property', value: refusal }];
      }
      if (Object.keys(attrs).length === 0) return [undefined, []];
      const entity = { id: unitEntityId(unit.callSign), types: [n(UNIT_TYPE)], attrs };
      return [undefined, [await this.#entity(tx, tenant, entity, 'update')]];
    });
  }

  /**
   * The dispatchers' words on the timeline: read in clear by call-takers (audited), masked for others.
   * Nothing files them under a person (no number or ID is indexed with them), so a data-subject request
   * finds none of them: the caller's own number, name and words are the calls' source.
   */
  notesDataSource(): PersonalDataSource {
    return {
      name: NOTES_SOURCE,
      clearFor: CALL_TAKERS,
      fields: TIMELINE_PERSONAL_FIELDS,
      find: () => Promise.resolve([]),
      erase: () => Promise.resolve('anonymised'),
    };
  }

  /**
   * Seals the words of timeline entries written in clear before they were personal (marked by the
   * migration), a batch at a time; read meanwhile as they are, masked all the same. A row whose tenant's
   * key cannot be had is logged and left for a later run.
   */
  async sealTimelineInClear({ batch = 200 } = {}): Promise<{ sealed: number; failed: number }> {
    let sealed = 0;
    let failed = 0;
    const found = await store.timelineInClear(this.#db, this.#clearUpTo, batch);
    // From the start again once the end is reached: a row that failed is tried on a later pass, not in a loop.
    this.#clearUpTo = found.length < batch ? '0' : (found.at(-1)?.id ?? '0');
    for (const e of found) {
      try {
        const seal = await this.#personal.sealer(e.tenant);
        const detail: Record<string, unknown> = { ...e.detail };
        for (const k of wordsOf(e.kind, e.detail)) {
          const v = e.detail[k] as string;
          if (!isSealed(v)) detail[k] = seal.value(v);
        }
        if (await store.sealTimelineEntry(this.#db, e.id, e.detail, detail)) sealed++;
      } catch (err) {
        failed++;
        this.#log.warn({ err, tenant: e.tenant, entry: e.id }, 'a timeline entry kept in clear could not be sealed');
      }
    }
    if (sealed > 0 || failed > 0) this.#log.info({ sealed, failed }, 'timeline entries kept in clear sealed');
    return { sealed, failed };
  }

  /** The module's personal data, for data-subject requests. */
  personalDataSource(): PersonalDataSource {
    return {
      name: PERSONAL_SOURCE,
      // Dispatchers call callers back: they see the number and name in clear, each read audited.
      clearFor: CALL_TAKERS,
      fields: CALL_PERSONAL_FIELDS,
      find: async (tenant, subject) => {
        if (subject.kind !== 'phone') return [];
        const calls = await store.callsByPhoneIndex(this.#db, tenant, subject.index);
        return calls.map((c) => ({
          id: c.id,
          tenant: c.tenant,
          values: { phone: c.phone, callerName: c.callerName, text: c.text || null },
        }));
      },
      erase: async (tenant, id) => {
        await store.anonymiseCall(this.#db, tenant, id);
        return 'anonymised';
      },
    };
  }

  // --- inside ------------------------------------------------------------------------------------

  /** The unit's new status with what follows from it: response times, the incident's status, release. */
  async #changeStatus(
    tx: Sql,
    tenant: string,
    actor: string,
    unit: Unit,
    to: UnitStatus,
    opts: {
      at: Date;
      hospitalId?: string | undefined;
      publish: Publish[];
      release?: Incident;
      /** Where an incident its unit left with none on it by its own report goes, for its alarm. */
      uncovered?: Incident[];
    },
  ): Promise<Unit> {
    // Refused in every state, the one it is in too: a unit already dispatched is not dispatched again here.
    if (to === 'dispatched') {
      throw emergencyErrors.statusRefused(
        unit,
        to,
        `A unit is dispatched to an incident: use the incident's dispatch.`,
        'centre_dispatches',
      );
    }
    if (to === unit.status) return unit;
    if (!UNIT_TRANSITIONS[unit.status].includes(to)) throw emergencyErrors.statusRefused(unit, to);
    let hospitalId = unit.hospitalId ?? null;
    if (opts.hospitalId !== undefined) {
      const hospital = await store.findHospital(tx, tenant, opts.hospitalId);
      if (!hospital) throw emergencyErrors.hospitalNotFound(opts.hospitalId);
      hospitalId = hospital.id;
    }
    const released = RELEASED.includes(to);
    const incidentId = unit.incidentId ?? null;
    const changed = await store.setUnitStatus(tx, tenant, unit.id, unit.status, {
      status: to,
      at: opts.at,
      incidentId: released ? null : incidentId,
      hospitalId: released ? null : hospitalId,
    });
    if (!changed) {
      throw emergencyErrors.statusRefused(
        unit,
        to,
        `Unit ${unit.callSign} changed meanwhile: try again.`,
        'changed_meanwhile',
      );
    }
    let assignment: Record<string, unknown> | undefined;
    if (incidentId) {
      const column =
        to === 'en_route' ? 'en_route_at' : to === 'on_scene' ? 'on_scene_at' : released ? 'cleared_at' : undefined;
      if (column) await store.markResponse(tx, tenant, incidentId, unit.id, column, opts.at);
      await this.#timeline(
        tx,
        tenant,
        incidentId,
        opts.at,
        'unit_status',
        actor,
        {
          from: unit.status,
          to,
          ...(hospitalId && to === 'transporting' ? { hospitalId } : {}),
        },
        unit.id,
      );
      if (to === 'on_scene' && !opts.release) {
        const incident = await store.findIncident(tx, tenant, incidentId, true);
        if (incident && (incident.status === 'pending' || incident.status === 'dispatched')) {
          opts.publish.push(
            await this.#mirrorIncident(
              tx,
              tenant,
              await store.saveIncident(tx, tenant, { ...incident, status: 'on_scene' }),
            ),
          );
        }
      }
      if (opts.release) assignment = this.#assignment('release', opts.release);
      else if (released) {
        // A unit leaving before the close (stood down, broken down): the incident shows who is left, and
        // with no one left before anyone arrived it waits for units again, back in the queue's pending.
        const incident = await store.findIncident(tx, tenant, incidentId, true);
        if (incident && incident.status !== 'closed') {
          const left = await store.listUnits(tx, tenant, { incidentId });
          const waiting = incident.status === 'dispatched' && left.length === 0;
          let next: Incident = waiting ? { ...incident, status: 'pending' } : incident;
          // A crew leaving on its own (a terminal saying available while en route or on scene) is no
          // dispatcher's choice: the timeline says so, and an incident left with no one raises an alarm.
          const onItsOwn = opts.uncovered !== undefined && (LEAVES_EARLY[unit.status] ?? []).includes(to);
          if (onItsOwn) {
            const uncovered = left.length === 0;
            await this.#timeline(
              tx,
              tenant,
              incidentId,
              opts.at,
              'unit_left',
              actor,
              { callSign: unit.callSign, from: unit.status, to, unitsLeft: left.length },
              unit.id,
            );
            if (uncovered && !incident.unitNeededAt) {
              next = { ...next, unitNeededAt: opts.at.toISOString() };
              opts.uncovered?.push(next);
            }
          }
          const saved = next === incident ? incident : await store.saveIncident(tx, tenant, next);
          opts.publish.push(await this.#mirrorIncident(tx, tenant, saved));
        }
      }
    }
    opts.publish.push(await this.#mirrorUnit(tx, tenant, changed, assignment));
    return changed;
  }

  async #changeIncident(
    tenant: string,
    incidentId: string,
    apply: (tx: Sql, incident: Incident, now: Date) => Promise<Incident>,
  ): Promise<Incident> {
    return this.#write(async (tx) => {
      const incident = await this.#incident(tx, tenant, incidentId, true);
      if (incident.status === 'closed') throw emergencyErrors.incidentClosed(incident);
      const next = await apply(tx, incident, new Date());
      if (next === incident) return [incident, []];
      const saved = await store.saveIncident(tx, tenant, next);
      return [saved, [await this.#mirrorIncident(tx, tenant, saved)]];
    });
  }

  /** The centre's own escalation for a shortage a recommendation found, unless the incident is escalated already. */
  async #escalateShort(tenant: string, incidentId: string, short: readonly MissingLine[], actor: string) {
    let raised: { incident: Incident; reason: string } | undefined;
    await this.#write(async (tx) => {
      const incident = await this.#incident(tx, tenant, incidentId, true);
      if (incident.escalatedAt || incident.status === 'closed') return [undefined, []];
      const now = new Date();
      const reason = await this.#recordShortage(tx, tenant, incident.id, short, actor, now);
      const saved = await store.saveIncident(tx, tenant, { ...incident, escalatedAt: now.toISOString() });
      raised = { incident: saved, reason };
      return [undefined, [await this.#mirrorIncident(tx, tenant, saved)]];
    });
    if (raised) await this.#raiseAlarm(tenant, raised.incident, raised.reason);
  }

  /**
   * A shortage on the timeline, in the name of the dispatcher whose request found it. It keeps, beside
   * the English reason the alarm carries (returned), a code and the missing lines, so the console words
   * it in the reader's language.
   */
  async #recordShortage(
    tx: Sql,
    tenant: string,
    incidentId: string,
    short: readonly MissingLine[],
    actor: string,
    now: Date,
  ): Promise<string> {
    const reason = `No unit available for: ${missingWords(short)}.`;
    await this.#timeline(tx, tenant, incidentId, now, 'escalation', actor, {
      reason,
      automatic: true,
      code: 'no_unit',
      lines: short.map((l) => ({ missing: l.missing, anyOf: l.anyOf })),
    });
    return reason;
  }

  /** Whether a dispatcher escalated the incident since the centre last resolved an escalation of its own. */
  async #escalatedByHand(tx: Sql, tenant: string, incidentId: string): Promise<boolean> {
    const timeline = await store.timelineOf(tx, tenant, [incidentId]);
    const since = timeline.findLastIndex((e) => e.kind === 'escalation_resolved');
    return timeline.slice(since + 1).some((e) => e.kind === 'escalation' && e.detail['automatic'] !== true);
  }

  /** The alarm of an open incident its last unit left by its own report: cleared by a dispatch or the close. */
  async #raiseUnitNeeded(tenant: string, incident: Incident): Promise<void> {
    await this.#alarms.raise({
      tenant,
      source: incidentEntityId(incident.id),
      condition: UNIT_NEEDED_CONDITION,
      severity: incident.priority === 1 ? 'critical' : 'high',
      title: `Incident ${incident.number} (${incident.typeCode}) has no unit: its last unit left`,
      params: { number: incident.number, type: incident.typeCode },
      description:
        incident.status === 'pending'
          ? 'Its last unit left before arriving: it waits for a unit again.'
          : 'Its last unit left the scene: no unit is on it.',
      location: { type: 'Point', coordinates: [incident.location[0], incident.location[1]] },
      ...(incident.ward === undefined ? {} : { area: incident.ward }),
      at: new Date(incident.unitNeededAt ?? Date.now()),
      raisedBy: 'emergency',
    });
  }

  async #raiseAlarm(tenant: string, incident: Incident, reason: string): Promise<void> {
    await this.#alarms.raise({
      tenant,
      source: incidentEntityId(incident.id),
      condition: ESCALATION_CONDITION,
      severity: incident.priority === 1 ? 'critical' : 'high',
      title: `Incident ${incident.number} (${incident.typeCode}) escalated`,
      params: { number: incident.number, type: incident.typeCode },
      description: reason,
      location: { type: 'Point', coordinates: [incident.location[0], incident.location[1]] },
      ...(incident.ward === undefined ? {} : { area: incident.ward }),
      at: new Date(),
      raisedBy: 'emergency',
    });
  }

  async #incident(sql: Sql, tenant: string, id: string, forUpdate = false): Promise<Incident> {
    const incident = isUuid(id) ? await store.findIncident(sql, tenant, id, forUpdate) : null;
    if (!incident) throw emergencyErrors.incidentNotFound(id);
    return incident;
  }

  #timeline(
    tx: Sql,
    tenant: string,
    incidentId: string,
    at: Date,
    kind: TimelineKind,
    actor: string,
    detail: Record<string, unknown>,
    unitId?: string,
  ): Promise<void> {
    return store.addTimeline(tx, tenant, { incidentId, at, kind, actor, detail, ...(unitId ? { unitId } : {}) });
  }

  /** Runs a write in a transaction; what it returns to publish is published once it committed. */
  async #write<T>(work: (tx: Sql) => Promise<[T, Publish[]]>): Promise<T> {
    let publish: Publish[] = [];
    const value = await this.#db.transaction(async (tx) => {
      const [v, p] = await work(tx);
      publish = p;
      return v;
    });
    for (const p of publish) p();
    return value;
  }

  async #reveal(reader: Reader, calls: readonly store.StoredCall[]): Promise<Call[]> {
    const shown = await this.#personal.reveal(
      reader,
      PERSONAL_SOURCE,
      CALL_PERSONAL_FIELDS,
      calls.map((c) => ({
        id: c.id,
        tenant: reader.tenant,
        values: { phone: c.phone || null, callerName: c.callerName, text: c.text || null },
      })),
    );
    return calls.map((c, k) => {
      const v = shown[k] ?? {};
      const name = v['callerName'];
      const { callerName: _, ...rest } = c;
      return { ...rest, phone: v['phone'] ?? '', text: v['text'] ?? '', ...(name ? { callerName: name } : {}) };
    });
  }

  /** A timeline entry's detail with its personal words sealed (before the transaction: a key may be read). */
  async #sealWords(
    tenant: string,
    kind: TimelineKind,
    detail: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const sealed = { ...detail };
    for (const k of wordsOf(kind, detail)) sealed[k] = await this.#personal.seal(tenant, detail[k] as string);
    return sealed;
  }

  /** The timeline as the reader may see it: the personal words in clear for call-takers (audited), masked otherwise. */
  async #revealTimeline(reader: Reader, events: readonly TimelineEvent[]): Promise<TimelineEvent[]> {
    const personal = events.filter((e) => wordsOf(e.kind, e.detail).length > 0);
    if (personal.length === 0) return [...events];
    const shown = await this.#personal.reveal(
      reader,
      NOTES_SOURCE,
      TIMELINE_PERSONAL_FIELDS,
      personal.map((e) => ({
        id: e.id,
        tenant: reader.tenant,
        values: Object.fromEntries(wordsOf(e.kind, e.detail).map((k) => [k, e.detail[k] as string])),
      })),
    );
    const byId = new Map(personal.map((e, k) => [e.id, shown[k] ?? {}]));
    return events.map((e) => {
      const words = byId.get(e.id);
      if (!words) return e;
      const detail: Record<string, unknown> = { ...e.detail };
      for (const k of wordsOf(e.kind, e.detail)) detail[k] = words[k] ?? '';
      return { ...e, detail };
    });
  }

  #assignment(action: 'dispatch' | 'hospital' | 'release', incident: Incident, hospital?: Hospital) {
    return {
      action,
      incidentId: incident.id,
      incidentNumber: incident.number,
      typeCode: incident.typeCode,
      priority: incident.priority,
      location: incident.location,
      ...(incident.address ? { address: incident.address } : {}),
      ...(hospital ? { hospital: { id: hospital.id, name: hospital.name, location: hospital.location } } : {}),
    };
  }

  // --- the entities ------------------------------------------------------------------------------

  async #entity(tx: Sql, tenant: string, entity: Entity, mode: 'replace' | 'update'): Promise<Publish> {
    return this.#context.upsertInTransaction(tx, tenant, [entity], mode);
  }

  async #mirrorIncident(tx: Sql, tenant: string, incident: Incident): Promise<Publish> {
    const terms = await this.#resolver.core();
    const n = (s: string) => terms.expand(s);
    const p = (value: unknown): Instance[] => [{ type: 'Property', value }];
    const units = await store.listUnits(tx, tenant, { incidentId: incident.id });
    const attrs: Record<string, Instance[]> = {
      [n('location')]: [{ type: 'GeoProperty', value: { type: 'Point', coordinates: [...incident.location] } }],
      [n('category')]: p(incident.typeCode),
      [n('incidentNumber')]: p(incident.number),
      [n('incidentGroup')]: p(incident.group),
      [n('priority')]: p(incident.priority),
      [n('status')]: p(incident.status),
      [n('agencies')]: p([...incident.agencies]),
      [n('dateCreated')]: p(incident.createdAt),
    };
    const optional: [string, unknown][] = [
      ['address', incident.address],
      ['areaServed', incident.ward],
      ['street', incident.street],
      ['dateClosed', incident.closedAt],
      ['disposition', incident.disposition],
      ['escalatedAt', incident.escalatedAt],
      ['unitNeededAt', incident.unitNeededAt],
      ['transferredTo', incident.transferredTo],
    ];
    for (const [short, value] of optional) if (value !== undefined) attrs[n(short)] = p(value);
    const ward = wardAt(incident.location);
    if (ward) attrs[n('wardCode')] = p(ward.code);
    if (units.length > 0) {
      attrs[n('assignedUnits')] = [{ type: 'Relationship', object: units.map((u) => unitEntityId(u.callSign)) }];
    }
    return this.#entity(tx, tenant, { id: incidentEntityId(incident.id), types: [n(INCIDENT_TYPE)], attrs }, 'replace');
  }

  /**
   * The module's part of a unit's entity, merged into what its device writes (location, speed,
   * heading): the device's attributes are kept. An `assignment` is the command ingestion sends the unit.
   */
  async #mirrorUnit(
    tx: Sql,
    tenant: string,
    unit: Unit,
    assignment?: Record<string, unknown>,
    refused?: TerminalRefusal,
  ): Promise<Publish> {
    const terms = await this.#resolver.core();
    const n = (s: string) => terms.expand(s);
    const p = (value: unknown): Instance[] => [{ type: 'Property', value }];
    const attrs: Record<string, Instance[]> = {
      // No observedAt: ingestion never takes a reading older than the value it would replace, and a
      // terminal whose clock is behind the centre's must still get its report past the centre's own write.
      // The status's time is the module's (statusAt); what a stale report may undo, reportStatus judges.
      [n('status')]: [{ type: 'Property', value: unit.status }],
      [n('callSign')]: p(unit.callSign),
      [n('unitKind')]: p(unit.kind),
      [n('agency')]: p(unit.agency),
      [n('capabilities')]: p([...unit.capabilities]),
      [n('crew')]: p(unit.crew),
      [n('refStation')]: [{ type: 'Relationship', object: stationEntityId(unit.stationId) }],
      // No incident: the NGSI-LD Null, as a merge would leave the relationship otherwise.
      [n('refIncident')]: [
        { type: 'Relationship', object: unit.incidentId ? incidentEntityId(unit.incidentId) : 'urn:ngsi-ld:null' },
      ],
      [n('refHospital')]: [
        { type: 'Relationship', object: unit.hospitalId ? hospitalEntityId(unit.hospitalId) : 'urn:ngsi-ld:null' },
      ],
    };
    if (refused) attrs[n('statusRefused')] = p(refused);
    if (assignment) attrs[n('assignment')] = p(assignment);
    return this.#entity(tx, tenant, { id: unitEntityId(unit.callSign), types: [n(UNIT_TYPE)], attrs }, 'update');
  }

  async #mirrorStation(tx: Sql, tenant: string, s: Station): Promise<Publish> {
    const terms = await this.#resolver.core();
    const n = (x: string) => terms.expand(x);
    const attrs: Record<string, Instance[]> = {
      [n('location')]: [{ type: 'GeoProperty', value: { type: 'Point', coordinates: [...s.location] } }],
      [n('name')]: [{ type: 'Property', value: s.name }],
      [n('agency')]: [{ type: 'Property', value: s.agency }],
    };
    if (s.ward) attrs[n('areaServed')] = [{ type: 'Property', value: s.ward }];
    return this.#entity(tx, tenant, { id: stationEntityId(s.id), types: [n(STATION_TYPE)], attrs }, 'replace');
  }

  async #mirrorHospital(tx: Sql, tenant: string, h: Hospital): Promise<Publish> {
    const terms = await this.#resolver.core();
    const n = (x: string) => terms.expand(x);
    const attrs: Record<string, Instance[]> = {
      [n('location')]: [{ type: 'GeoProperty', value: { type: 'Point', coordinates: [...h.location] } }],
      [n('name')]: [{ type: 'Property', value: h.name }],
    };
    if (h.bedsFree !== undefined) attrs[n('bedsFree')] = [{ type: 'Property', value: h.bedsFree }];
    if (h.capabilities !== undefined) attrs[n('capabilities')] = [{ type: 'Property', value: [...h.capabilities] }];
    // Merged: a hospital's own system may write more on its entity (and its free beds, read back here).
    return this.#entity(tx, tenant, { id: hospitalEntityId(h.id), types: [n(HOSPITAL_TYPE)], attrs }, 'update');
  }
}
