/**
 * The emergency centre's words: what a call, an incident, a unit and their timeline are. The one
 * hotline (112, linking 113 police, 114 fire and rescue, 115 medical) takes a call, the call-taker makes
 * or links an incident, the dispatcher sends units, the units report their status until the incident
 * closes. These types are shared by the store, the service, the recommendation, the interval report, the
 * EIDO export and the web console (through the API's JSON, which uses the same shapes).
 */

/** [lon, lat], WGS 84. */
export type LonLat = readonly [lon: number, lat: number];

/** The agencies behind the one number. */
export const AGENCIES = ['police', 'fire', 'medical', 'civil_defence'] as const;
export type Agency = (typeof AGENCIES)[number];

/** Incident groups of the common list (APCO ANS 2.103-style codes are mapped to them). */
export const INCIDENT_GROUPS = ['police', 'fire_rescue', 'medical', 'disaster'] as const;
export type IncidentGroup = (typeof INCIDENT_GROUPS)[number];

/** 1 is the most urgent. */
export type Priority = 1 | 2 | 3 | 4;

/** What a unit can do; a run card asks for capabilities, not unit kinds. */
export const CAPABILITIES = ['engine', 'ladder', 'rescue', 'water_rescue', 'hazmat', 'als', 'bls', 'patrol'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Units that take a patient to hospital: those with a paramedic or a medical crew. */
export const carriesPatients = (unit: { readonly capabilities: readonly Capability[] }): boolean =>
  unit.capabilities.includes('als') || unit.capabilities.includes('bls');

export const UNIT_KINDS = ['fire_engine', 'ladder_truck', 'rescue_team', 'ambulance', 'police_patrol'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** One line of a run card: `count` units, each with at least one of `anyOf`. */
export interface RunCardLine {
  readonly anyOf: readonly Capability[];
  readonly count: number;
}

/** One step of a standard operating procedure. */
export interface SopStep {
  readonly id: string;
  readonly kind: 'question' | 'action' | 'inform';
  readonly vi: string;
  readonly en: string;
}

export interface IncidentType {
  /** APCO-style code, e.g. STRFIRE, MEDICAL, TRAFFIC. */
  readonly code: string;
  /** The APCO ANS 2.103 common code it is exchanged under (EIDO); TROUBLE where the list has no match. */
  readonly commonCode: string;
  readonly group: IncidentGroup;
  readonly vi: string;
  readonly en: string;
  readonly priority: Priority;
  readonly agencies: readonly Agency[];
  readonly runCard: readonly RunCardLine[];
  readonly sop: readonly SopStep[];
  /** Calls of these types near an open incident of this type are proposed as the same incident. */
  readonly compatible: readonly string[];
  /** Other words callers use for it (Vietnamese and English), searched with its names as the call is typed. */
  readonly keywords: readonly string[];
  /** The care its patient needs at hospital, for the types that send an ambulance. */
  readonly care?: CareNeed;
}

/** Unit status (APCO 1.116-style), each change timestamped. */
export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  'returning',
  'out_of_service',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/**
 * The legal changes of a unit's status. Anything else is refused with the reason. A unit stood down
 * before it arrives goes back to available; a unit returning may be sent again.
 */
export const UNIT_TRANSITIONS: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = {
  available: ['dispatched', 'out_of_service'],
  // A crew that forgets "en route" and presses "on scene" is on scene: its travel time is then unknown.
  dispatched: ['en_route', 'on_scene', 'available', 'out_of_service'],
  en_route: ['on_scene', 'available', 'out_of_service'],
  on_scene: ['transporting', 'returning', 'available'],
  transporting: ['at_hospital'],
  at_hospital: ['returning', 'available'],
  returning: ['available', 'dispatched', 'out_of_service'],
  out_of_service: ['available'],
};

/**
 * How far a terminal's clock may be off and its report still count: one stamped longer than this
 * before the unit's last change was made before it, whatever the clock, and is out of date. As far
 * as ingestion lets a reading be ahead of the server's clock (IOT_MAX_FUTURE's default).
 */
export const TERMINAL_CLOCK_SLACK_MS = 5 * 60_000;

/** A unit may be sent from these. */
export const DISPATCHABLE: readonly UnitStatus[] = ['available', 'returning'];

export const INCIDENT_STATUSES = ['pending', 'dispatched', 'on_scene', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Why an incident closed (APCO ANS 1.111-style common disposition codes). */
export const DISPOSITIONS = [
  'resolved',
  'transported',
  'treated_no_transport',
  'report_taken',
  'arrest',
  'false_alarm',
  'unfounded',
  'gone_on_arrival',
  'cancelled',
  'transferred',
  'duplicate',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export interface Station {
  readonly id: string;
  readonly name: string;
  readonly agency: Agency;
  readonly location: LonLat;
  readonly ward?: string;
}

/** The care a call's patient needs at hospital, by incident type (catalogue.ts). */
export const CARE_NEEDS = ['emergency', 'cardiac', 'trauma', 'burns', 'paediatric', 'obstetric', 'stroke'] as const;
export type CareNeed = (typeof CARE_NEEDS)[number];

/**
 * What a hospital can do: `emergency` (takes emergencies: an emergency department), `general` (a general
 * hospital), the acute care of CARE_NEEDS, and the specialities that take no emergency call.
 */
export const HOSPITAL_CAPABILITIES = [
  'emergency',
  'general',
  'cardiac',
  'trauma',
  'burns',
  'paediatric',
  'obstetric',
  'stroke',
  'eye',
  'dental',
  'dermatology',
  'traditional',
  'psychiatric',
  'oncology',
  'respiratory',
  'ent',
  'endocrine',
  'renal',
  'infectious',
  'haematology',
  'geriatric',
  'rehabilitation',
] as const;
export type HospitalCapability = (typeof HOSPITAL_CAPABILITIES)[number];

export interface Hospital {
  readonly id: string;
  readonly name: string;
  readonly location: LonLat;
  /** Free emergency beds, from the hospital's entity; undefined when it does not say. */
  readonly bedsFree?: number;
  /** Of HOSPITAL_CAPABILITIES; undefined when nobody has said. */
  readonly capabilities?: readonly string[];
}

export interface Unit {
  readonly id: string;
  /** Call sign, e.g. "CH-03-E1". */
  readonly callSign: string;
  readonly kind: UnitKind;
  readonly agency: Agency;
  readonly capabilities: readonly Capability[];
  readonly stationId: string;
  readonly crew: number;
  readonly status: UnitStatus;
  readonly statusAt: string;
  /** Last AVL position; undefined before the first. */
  readonly location?: LonLat;
  readonly locationAt?: string;
  /** The incident it is committed to, if any. */
  readonly incidentId?: string;
  /** The hospital it is taking a patient to. */
  readonly hospitalId?: string;
  /**
   * While dispatched: when it should have turned out (en route or on scene) by; past it, the unit is
   * late and an alarm is raised. Worked out on every read from its status time, so it survives restarts.
   */
  readonly turnoutDueAt?: string;
}

export interface Call {
  readonly id: string;
  readonly incidentId: string;
  /** Personal: sealed at rest, masked in lists, every read audited. */
  readonly phone: string;
  readonly callerName?: string;
  readonly answeredAt: string;
  readonly loggedAt: string;
  /** 'vi', 'en' or another language tag. */
  readonly language: string;
  readonly text: string;
  readonly location: LonLat;
  readonly address?: string;
}

export interface Incident {
  readonly id: string;
  /** Human number, e.g. "2026-000123". */
  readonly number: string;
  readonly typeCode: string;
  readonly group: IncidentGroup;
  readonly priority: Priority;
  readonly agencies: readonly Agency[];
  readonly status: IncidentStatus;
  readonly location: LonLat;
  readonly address?: string;
  readonly ward?: string;
  readonly street?: string;
  readonly createdAt: string;
  readonly closedAt?: string;
  readonly disposition?: Disposition;
  /** Set while escalated: by a dispatcher, or by the centre while no unit is free for a line of the run card. */
  readonly escalatedAt?: string;
  /** Set while open with no unit on it because its last unit left by its own report (not a dispatcher's). */
  readonly unitNeededAt?: string;
  readonly transferredTo?: Agency;
}

export const TIMELINE_KINDS = [
  'call_answered',
  'incident_created',
  'call_linked',
  'calls_moved_in',
  'calls_moved_out',
  'sop_step',
  'unit_dispatched',
  'unit_status',
  'unit_status_refused',
  'unit_left',
  'turnout_late',
  'hospital_assigned',
  'note',
  'transfer',
  'escalation',
  'escalation_resolved',
  'priority_changed',
  'closed',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  readonly id: string;
  readonly incidentId: string;
  readonly at: string;
  readonly kind: TimelineKind;
  readonly unitId?: string;
  /** Account that did it, or "device:<device id>" for a report of the unit's terminal. */
  readonly actor: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** One unit's times on one incident: what the NFPA intervals are measured from. */
export interface UnitResponse {
  readonly unitId: string;
  /** The unit's call sign, as the crews and other centres know it (absent once the unit is removed). */
  readonly callSign?: string;
  readonly kind: UnitKind;
  readonly agency: Agency;
  readonly dispatchedAt: string;
  readonly enRouteAt?: string;
  readonly onSceneAt?: string;
  readonly clearedAt?: string;
}

/** An incident as the interval report and the EIDO export read it. */
export interface IncidentRecord {
  readonly incident: Incident;
  /** Calls, first answered first; personal fields as the reader may see them. */
  readonly calls: readonly Call[];
  readonly responses: readonly UnitResponse[];
  readonly timeline: readonly TimelineEvent[];
}
