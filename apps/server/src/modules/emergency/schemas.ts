import { Type, type TSchema } from 'typebox';
import { List } from '../../platform/http/schemas.js';
import { INTERVAL_NAMES } from './intervals.js';
import {
  AGENCIES,
  CAPABILITIES,
  CARE_NEEDS,
  HOSPITAL_CAPABILITIES,
  DISPOSITIONS,
  INCIDENT_GROUPS,
  INCIDENT_STATUSES,
  TIMELINE_KINDS,
  UNIT_KINDS,
  UNIT_STATUSES,
} from './model.js';

/** The emergency centre as the API sends and takes it (the shapes of model.ts; times are ISO 8601 strings). */

const Opt = <T extends TSchema>(s: T) => Type.Optional(s);
const Time = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });

export const LonLatSchema = Type.Immutable(
  Type.Tuple(
    [
      Type.Number({ minimum: -180, maximum: 180, description: 'longitude' }),
      Type.Number({ minimum: -90, maximum: 90, description: 'latitude' }),
    ],
    { description: '[lon, lat], WGS 84' },
  ),
);
export const AgencySchema = Type.Enum(AGENCIES);
export const UnitStatusSchema = Type.Enum(UNIT_STATUSES);
export const DispositionSchema = Type.Enum(DISPOSITIONS);
export const PrioritySchema = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)], {
  description: '1 is the most urgent',
});
const CapabilitySchema = Type.Enum(CAPABILITIES);

const RunCardLineSchema = Type.Object({ anyOf: List(CapabilitySchema), count: Type.Integer({ minimum: 0 }) });
const SopStepFields = {
  id: Type.String(),
  kind: Type.Enum(['question', 'action', 'inform']),
  vi: Type.String(),
  en: Type.String(),
};

export const IncidentTypeSchema = Type.Object({
  code: Type.String({ description: 'APCO ANS 2.103-style code' }),
  commonCode: Type.String({ description: 'The APCO ANS 2.103 common code it is exchanged under (EIDO)' }),
  group: Type.Enum(INCIDENT_GROUPS),
  vi: Type.String(),
  en: Type.String(),
  priority: PrioritySchema,
  agencies: List(AgencySchema),
  runCard: List(RunCardLineSchema),
  sop: List(Type.Object(SopStepFields)),
  compatible: List(Type.String(), { description: 'Calls of these types nearby are proposed as the same incident' }),
  keywords: List(Type.String(), { description: 'Other words callers use for it, searched with its names' }),
  care: Opt(Type.Enum(CARE_NEEDS, { description: 'The care its patient needs at hospital' })),
});

const incidentFields = {
  id: Type.String(),
  number: Type.String({ description: 'Human number, e.g. 2026-000123' }),
  typeCode: Type.String(),
  group: Type.Enum(INCIDENT_GROUPS),
  priority: PrioritySchema,
  agencies: List(AgencySchema),
  status: Type.Enum(INCIDENT_STATUSES),
  location: LonLatSchema,
  address: Opt(Type.String()),
  ward: Opt(Type.String()),
  street: Opt(Type.String()),
  createdAt: Time(),
  closedAt: Opt(Time()),
  disposition: Opt(DispositionSchema),
  escalatedAt: Opt(
    Time(
      'While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)',
    ),
  ),
  unitNeededAt: Opt(
    Time(
      'While open with no unit on it because its last unit left by its own report, since when (cleared when a unit is sent or it closes)',
    ),
  ),
  transferredTo: Opt(AgencySchema),
};
export const IncidentSchema = Type.Object(incidentFields);
export const IncidentSummarySchema = Type.Object({
  ...incidentFields,
  callCount: Type.Integer({ minimum: 0 }),
  unitIds: List(Type.String(), { description: 'Units committed to it now' }),
  ageSeconds: Type.Integer(),
});

export const UnitSchema = Type.Object({
  id: Type.String(),
  callSign: Type.String(),
  kind: Type.Enum(UNIT_KINDS),
  agency: AgencySchema,
  capabilities: List(CapabilitySchema),
  stationId: Type.String(),
  crew: Type.Integer({ minimum: 0 }),
  status: UnitStatusSchema,
  statusAt: Time(),
  location: Opt(LonLatSchema),
  locationAt: Opt(Time()),
  incidentId: Opt(Type.String()),
  hospitalId: Opt(Type.String()),
  turnoutDueAt: Opt(
    Time(
      'While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late',
    ),
  ),
});

export const CallSchema = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  phone: Type.String({ description: 'Personal: in clear with pii:read (the read is audited), masked otherwise' }),
  callerName: Opt(Type.String({ description: 'Personal, as phone' })),
  answeredAt: Time(),
  loggedAt: Time(),
  language: Type.String(),
  text: Type.String(),
  location: LonLatSchema,
  address: Opt(Type.String()),
});

export const StationSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  agency: AgencySchema,
  location: LonLatSchema,
  ward: Opt(Type.String({ maxLength: 200 })),
});

export const HospitalSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  location: LonLatSchema,
  bedsFree: Opt(Type.Integer({ minimum: 0, maximum: 100_000 })),
  capabilities: Opt(
    List(Type.String(), {
      description: `Of ${HOSPITAL_CAPABILITIES.join(', ')}: emergency = takes emergencies, general = general hospital`,
    }),
  ),
});

export const HospitalCapabilitiesSchema = Type.Object({
  capabilities: List(Type.Enum(HOSPITAL_CAPABILITIES), { maxItems: HOSPITAL_CAPABILITIES.length }),
});

const TimelineEventSchema = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  at: Time(),
  kind: Type.Enum(TIMELINE_KINDS),
  unitId: Opt(Type.String()),
  actor: Type.String({ description: 'Account, "system", or "device:<unit>" for a unit\u2019s own report' }),
  detail: Type.Record(Type.String(), Type.Unknown(), {
    description:
      "Personal: a note's text, a transfer's or escalation's reason and acceptedBy, the closing note are sealed at rest, in clear for call-takers and pii:read (the read is audited), masked otherwise",
  }),
});

const UnitResponseSchema = Type.Object({
  unitId: Type.String(),
  kind: Type.Enum(UNIT_KINDS),
  agency: AgencySchema,
  dispatchedAt: Time(),
  enRouteAt: Opt(Time()),
  onSceneAt: Opt(Time()),
  clearedAt: Opt(Time()),
});

export const DuplicateSchema = Type.Object({
  incident: IncidentSchema,
  distanceM: Type.Number(),
  minutesAgo: Type.Number(),
});

export const IncidentDetailSchema = Type.Object({
  incident: IncidentSchema,
  calls: List(CallSchema),
  units: List(UnitSchema, { description: 'Units committed to it now' }),
  responses: List(UnitResponseSchema, { description: 'Each unit sent, with its NFPA times' }),
  timeline: List(TimelineEventSchema),
  sop: List(Type.Object({ ...SopStepFields, doneAt: Opt(Time()), doneBy: Opt(Type.String()) })),
  type: IncidentTypeSchema,
  routes: List(Type.Object({ unitId: Type.String(), coordinates: List(LonLatSchema) }), {
    description: 'The road each unit dispatched or en route drives, from where it is now to the scene',
  }),
});

const SuggestionSchema = Type.Object({
  unit: UnitSchema,
  seconds: Type.Number(),
  lengthM: Type.Number(),
  line: Type.Integer({ description: 'The run-card line it fills' }),
  why: Type.Object({ vi: Type.String(), en: Type.String() }),
  route: Opt(List(LonLatSchema)),
});

export const RecommendationSchema = Type.Object({
  runCard: List(RunCardLineSchema),
  suggested: List(SuggestionSchema),
  alternatives: List(SuggestionSchema),
  busyCloser: List(SuggestionSchema, {
    description: 'Committed units closer than the suggested one: shown, not suggested',
  }),
  shortfall: List(Type.Object({ line: Type.Integer(), anyOf: List(CapabilitySchema), missing: Type.Integer() })),
  unplaced: List(Type.Object({ unitId: Type.String(), reason: Type.String() })),
});

export const PlaceSchema = Type.Object({
  label: Type.String(),
  street: Opt(Type.String()),
  ward: Opt(Type.String()),
  landmark: Opt(
    Type.Enum(['hospital', 'fire', 'police', 'clinic', 'medical-centre', 'health-station'], {
      description: 'A named place rather than a street or a ward, and what it is',
    }),
  ),
  location: LonLatSchema,
});

export const ReversePlaceSchema = Type.Object({
  ward: Opt(Type.String()),
  wardCode: Opt(Type.String()),
  street: Opt(Type.String()),
  location: LonLatSchema,
  distanceM: Type.Number(),
});

export const HospitalsByTimeSchema = Type.Object({
  care: Opt(Type.Enum(CARE_NEEDS, { description: 'The care the hospitals are ranked for' })),
  hospitals: List(
    Type.Object({
      hospital: HospitalSchema,
      seconds: Type.Number(),
      lengthM: Type.Number(),
      suitable: Type.Boolean({
        description: 'False for a hospital that cannot treat it (a specialist one): listed last',
      }),
      place: Opt(
        Type.Object(
          { street: Opt(Type.String()), ward: Opt(Type.String()) },
          { description: 'Where it stands: tells apart campuses of one name' },
        ),
      ),
      why: Type.Object({ vi: Type.String(), en: Type.String() }),
    }),
    { description: 'Those that can treat the care first, each group by travel time' },
  ),
  full: List(HospitalSchema, { description: 'Hospitals whose entity says no bed is free' }),
});

export const CallBodySchema = Type.Object(
  {
    phone: Opt(Type.String({ maxLength: 40, description: 'Personal: sealed at rest' })),
    callerName: Opt(Type.String({ maxLength: 200, description: 'Personal: sealed at rest' })),
    answeredAt: Opt(Time('When the call was answered (default: now)')),
    language: Opt(Type.String({ maxLength: 20 })),
    text: Opt(Type.String({ maxLength: 4000 })),
    typeCode: Type.String({ minLength: 1, maxLength: 40 }),
    priority: Opt(PrioritySchema),
    location: Opt(LonLatSchema),
    address: Opt(Type.String({ maxLength: 400, description: 'Geocoded through the places when no location is given' })),
    linkTo: Opt(Type.String({ description: 'An open incident this call joins' })),
  },
  { additionalProperties: false },
);

export const UnitBodySchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
    callSign: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' }),
    kind: Type.Enum(UNIT_KINDS),
    agency: AgencySchema,
    capabilities: List(CapabilitySchema, { minItems: 1 }),
    stationId: Type.String({ minLength: 1, maxLength: 100 }),
    crew: Type.Integer({ minimum: 0, maximum: 50 }),
  },
  { additionalProperties: false },
);

const Seconds = (description: string) => Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description });
const IntervalStatsSchema = Type.Object({
  interval: Type.Enum(INTERVAL_NAMES),
  count: Type.Integer({ minimum: 0, description: 'Incidents of the group that had this interval' }),
  p50: Seconds('Median, seconds (nearest rank)'),
  p90: Seconds('90th percentile, seconds (nearest rank)'),
  target: Seconds('The target at the 90th percentile, seconds; null where no standard sets one'),
  withinTarget: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: 'Share of count within the target',
  }),
  meetsTarget: Type.Union([Type.Boolean(), Type.Null()], { description: 'p90 is within the target' }),
});
const IntervalGroupSchema = Type.Object({
  by: Type.Enum(['type', 'agency', 'ward', 'city']),
  key: Type.String({ description: 'The type code, agency, ward name, or "all" for the city' }),
  incidents: Type.Integer({ minimum: 0 }),
  intervals: List(IntervalStatsSchema),
});
export const IntervalReportSchema = Type.Object({
  from: Type.String({ format: 'date-time', description: 'Incidents created from (inclusive)' }),
  to: Type.String({ format: 'date-time', description: 'Incidents created before' }),
  by: Type.Enum(['type', 'agency', 'ward']),
  percentileMethod: Type.Literal('nearest-rank'),
  targetPercentile: Type.Integer(),
  targets: Type.Object({
    answerToCreate: Type.Number(),
    createToDispatch: Type.Number(),
    processing: Type.Number(),
    turnoutEms: Type.Number(),
    turnoutFire: Type.Number(),
    travel: Type.Number(),
  }),
  city: IntervalGroupSchema,
  groups: List(IntervalGroupSchema),
});
