import { Invalid, parseInteger, variable } from '../../platform/config.js';
import { defineErrors } from '../../platform/errors.js';
import { defineConfig, defineModule } from '../../platform/modules.js';
import { alarmsModule } from '../alarms/index.js';
import { cityModule } from '../city/index.js';
import { NFPA_TARGETS, type IntervalTargets } from './intervals.js';
import { emergencyRoutes } from './routes.js';
import { SEARCHES_PER_ACCOUNT } from './searches.js';
import {
  CALL_TAKERS,
  EmergencyService,
  INCIDENT_TYPE,
  HOSPITAL_TYPE,
  STATION_TYPE,
  UNIT_TYPE,
  type EmergencySettings,
} from './service.js';

/** The emergency centre behind the one hotline (112 with 113, 114, 115): the public surface of emergency/. */
export * from './model.js';
export { INCIDENT_TYPES, incidentType } from './catalogue.js';
export { provisionUnitDevices, unitDeviceGroup, unitDeviceId } from './devices.js';
export { NFPA_TARGETS, type IntervalTargets } from './intervals.js';
export type { Recommendation, Suggestion } from './recommend.js';
export {
  EmergencyService,
  hospitalEntityId,
  incidentEntityId,
  stationEntityId,
  unitEntityId,
  type CallInput,
  type DuplicateCandidate,
  type EmergencyCentre,
  type EmergencySettings,
  type IncidentDetail,
  type IncidentSummary,
  type TransferInput,
  type UnitInput,
} from './service.js';

/** What the EIDO export names as the agency. */
const AGENCY_NAME = 'Trung tâm tiếp nhận và xử lý thông tin khẩn cấp Hà Nội (112)';

/** EMERGENCY_TARGETS: a JSON object of the targets to change, in seconds; the others stay NFPA's. */
function parseTargets(raw: string): IntervalTargets {
  let given: unknown;
  try {
    given = JSON.parse(raw);
  } catch {
    throw new Invalid('must be a JSON object such as {"travel": 300}');
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new Invalid('must be a JSON object such as {"travel": 300}');
  }
  const targets: Record<string, number> = { ...NFPA_TARGETS };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in NFPA_TARGETS))
      throw new Invalid(`has no target "${key}": use ${Object.keys(NFPA_TARGETS).join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 86_400) {
      throw new Invalid(`${key} is a number of seconds above 0 and at most a day (got ${JSON.stringify(value)})`);
    }
    targets[key] = value;
  }
  return targets as unknown as IntervalTargets;
}

export const emergencyModule = defineModule({
  name: 'emergency',
  permissions: {
    // The centre's staff and the operations centre follow incidents; dispatchers act; leaders read reports.
    'emergency:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
    'emergency:write': CALL_TAKERS,
    'emergency:report': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
  },
  needs: { alarms: alarmsModule, city: cityModule },
  config: defineConfig(
    {
      EMERGENCY_DUPLICATE_RADIUS_M: variable({
        doc: 'A call this many metres or less from an open incident of a compatible type is proposed as the same incident (10–5000)',
        parse: parseInteger(10, 5000),
        fallback: '300',
      }),
      EMERGENCY_DUPLICATE_MINUTES: variable({
        doc: 'How recently that incident was created or last called about, in minutes (1–720)',
        parse: parseInteger(1, 720),
        fallback: '30',
      }),
      EMERGENCY_TURNOUT_ALARM_SECONDS: variable({
        doc: 'A unit dispatched this many seconds ago that is neither en route nor on scene is late: it is flagged and an alarm is raised (20–600; NFPA 1710 allows 60 s turnout for medical calls and 80 s for fire)',
        parse: parseInteger(20, 600),
        fallback: '80',
      }),
      EMERGENCY_SEARCHES_PER_MINUTE: variable({
        doc: 'Road searches behind recommendations one account may ask a minute (5–6000); a recommendation shared from the last 5 s costs none, past the allowance 429 EMERGENCY_SEARCHES_LIMITED',
        parse: parseInteger(5, 6000),
        fallback: '60',
      }),
      EMERGENCY_TARGETS: variable({
        doc: 'Interval targets in seconds (90th percentile) that differ from NFPA 1221/1710, as JSON: answerToCreate, createToDispatch, turnoutEms, turnoutFire, travel (e.g. {"travel":300})',
        parse: parseTargets,
        fallback: '{}',
      }),
    },
    (v): EmergencySettings => ({
      duplicateRadiusM: v.EMERGENCY_DUPLICATE_RADIUS_M ?? 300,
      duplicateMinutes: v.EMERGENCY_DUPLICATE_MINUTES ?? 30,
      targets: v.EMERGENCY_TARGETS ?? NFPA_TARGETS,
      turnoutAlarmSeconds: v.EMERGENCY_TURNOUT_ALARM_SECONDS ?? 80,
      searchesPerMinute: v.EMERGENCY_SEARCHES_PER_MINUTE ?? SEARCHES_PER_ACCOUNT,
    }),
  ),
  errors: defineErrors({
    EMERGENCY_INCIDENT_NOT_FOUND: { status: 404, when: 'emergency: no incident of that id in the tenant' },
    EMERGENCY_UNIT_NOT_FOUND: { status: 404, when: 'emergency: no unit of that id in the tenant' },
    EMERGENCY_HOSPITAL_NOT_FOUND: { status: 404, when: 'emergency: no hospital of that id in the tenant' },
    EMERGENCY_UNIT_NOT_AVAILABLE: {
      status: 409,
      when: 'emergency: a dispatch names a unit not available or returning (also when another dispatcher sent it first); nothing was dispatched',
    },
    EMERGENCY_STATUS_CHANGE_REFUSED: {
      status: 409,
      when: "emergency: a unit's status change that its lifecycle does not allow (the detail says from, to and what is allowed); nothing changed",
    },
    EMERGENCY_INCIDENT_CLOSED: { status: 409, when: 'emergency: acting on an incident that is closed' },
    EMERGENCY_MOVE_REFUSED: {
      status: 409,
      when: 'emergency: moving calls from an incident with units sent, or onto itself',
    },
    EMERGENCY_LOCATION_OUTSIDE_CITY: {
      status: 400,
      when: "emergency: a location outside Hà Nội's outline (a call, a station, a hospital, a reverse lookup)",
    },
    EMERGENCY_CALL_EMPTY: {
      status: 400,
      when: 'emergency: a call with no number, text or place, or with no location or address to send anyone to',
    },
    EMERGENCY_ADDRESS_NOT_FOUND: {
      status: 400,
      when: 'emergency: a call located by an address no street or ward matches',
    },
    EMERGENCY_TYPE_UNKNOWN: { status: 400, when: 'emergency: an incident type not in the common list' },
    EMERGENCY_CALL_TIME_INVALID: { status: 400, when: "emergency: a call's answeredAt in the future" },
    EMERGENCY_NO_UNITS: { status: 400, when: 'emergency: a dispatch naming no unit' },
    EMERGENCY_NOTE_EMPTY: {
      status: 400,
      when: 'emergency: a note, or the reason of a transfer or an escalation, without text',
    },
    EMERGENCY_TRANSFER_UNACCEPTED: {
      status: 400,
      when: "emergency: a transfer naming neither who accepted it at the receiving agency nor the receiving centre's reference; nothing changed",
    },
    EMERGENCY_STATUS_UNKNOWN: { status: 400, when: 'emergency: a unit status not in the lifecycle' },
    EMERGENCY_STATION_UNKNOWN: { status: 400, when: 'emergency: a unit whose station is not in the roster' },
    EMERGENCY_CALL_SIGN_TAKEN: { status: 409, when: "emergency: a unit given another unit's call sign" },
    EMERGENCY_SEARCHES_LIMITED: {
      status: 429,
      when: 'emergency: an account or address asked for more road searches (recommendations) a minute than allowed; Retry-After says when to ask again',
    },
    EMERGENCY_PERIOD_INVALID: {
      status: 400,
      when: 'emergency: a report period whose from is not before to, or longer than a year',
    },
  }),
  async create({ db, broker, personalData, settings, needs, log, audit }) {
    // Its entities show its records: through the NGSI-LD API they are read, never written (a unit's
    // status moves only by a legal step, a dispatch is the centre's, a hospital's free beds send or
    // spare ambulances). Units' terminals and hospitals' systems report as devices through ingestion.
    const terms = await broker.resolver.core();
    // A unit's terminal moves it as a dispatcher would: binding a device to one needs emergency:write.
    broker.ownership.claim(
      'emergency',
      [INCIDENT_TYPE, UNIT_TYPE, STATION_TYPE, HOSPITAL_TYPE].map((t) => terms.expand(t)),
      [],
      'emergency:write',
    );
    const centre = new EmergencyService({
      db,
      context: broker.service,
      resolver: broker.resolver,
      personal: personalData,
      alarms: needs.alarms,
      settings,
      log,
      audit,
      roads: needs.city.roads,
    });
    personalData.declare(centre.personalDataSource());
    personalData.declare(centre.notesDataSource());
    return {
      provides: centre,
      async routes(app) {
        await app.register(emergencyRoutes, { centre, agencyName: AGENCY_NAME });
      },
      consumers: [centre.consumer],
      // Every 5 s: a late unit is alarmed within 5 s of its limit; a round waits for none (advisory lock).
      jobs: [
        { name: 'turnout', everyMs: 5_000, run: async () => void (await centre.watchTurnout()) },
        // Notes and reasons written in clear before they were sealed: a batch a minute until none is left.
        { name: 'sealed-notes', everyMs: 60_000, run: async () => void (await centre.sealTimelineInClear()) },
      ],
    };
  },
});
