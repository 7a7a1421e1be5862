import type { LoadedModules, ThangLongModule } from '../platform/modules.js';
// The module's index.ts is not there yet: its shared words are read from model.ts until it lands.
// eslint-disable-next-line thanglong/module-boundaries
import {
  AGENCIES,
  CAPABILITIES,
  DISPATCHABLE,
  UNIT_KINDS,
  UNIT_TRANSITIONS,
  type Agency,
  type Call,
  type Capability,
  type Disposition,
  type Hospital,
  type Incident,
  type IncidentGroup,
  type IncidentRecord,
  type IncidentType,
  type LonLat,
  type Priority,
  type RunCardLine,
  type Station,
  type TimelineEvent,
  type Unit,
  type UnitKind,
  type UnitResponse,
  type UnitStatus,
} from '../modules/emergency/model.js';

export { AGENCIES, CAPABILITIES, DISPATCHABLE, UNIT_KINDS, UNIT_TRANSITIONS };
export type {
  Agency,
  Capability,
  Disposition,
  Hospital,
  IncidentGroup,
  IncidentType,
  LonLat,
  Station,
  UnitKind,
  UnitStatus,
};

/**
 * What the demo uses of the emergency module: a copy of the `EmergencyCentre` interface of the shared
 * contract (issue 19), and of the few shapes it names that model.ts does not hold. The module is built
 * beside the demo; when it lands, these types are replaced by its own (`../modules/emergency/index.js`)
 * and `emergencyCentreOf` by `app.modules.get(emergencyModule)`.
 */

export interface UnitInput {
  readonly id: string;
  readonly callSign: string;
  readonly kind: UnitKind;
  readonly agency: Agency;
  readonly capabilities: readonly Capability[];
  readonly stationId: string;
  readonly crew: number;
}

export interface CallInput {
  readonly phone: string;
  readonly callerName?: string;
  readonly answeredAt?: string;
  readonly language?: string;
  readonly text?: string;
  readonly typeCode: string;
  readonly priority?: Priority;
  readonly location?: LonLat;
  readonly address?: string;
  readonly linkTo?: string;
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

export interface IncidentDetail {
  readonly incident: Incident;
  readonly calls: readonly Call[];
  /** The units assigned to it. */
  readonly units: readonly Unit[];
  readonly responses: readonly UnitResponse[];
  readonly timeline: readonly TimelineEvent[];
  readonly type: IncidentType;
}

export interface Suggestion {
  readonly unit: Unit;
  readonly seconds: number;
  readonly lengthM: number;
  readonly line: number;
  readonly why: { readonly vi: string; readonly en: string };
  readonly route?: LonLat[];
}

export interface Recommendation {
  readonly runCard: readonly RunCardLine[];
  readonly suggested: readonly Suggestion[];
  readonly alternatives: readonly Suggestion[];
  readonly busyCloser: readonly Suggestion[];
  readonly shortfall: readonly { line: number; anyOf: readonly Capability[]; missing: number }[];
  readonly unplaced: readonly { unitId: string; reason: string }[];
}

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
  incident(tenant: string, id: string): Promise<IncidentDetail>;
  listIncidents(
    tenant: string,
    filter: { status: 'open' | 'closed' | 'all'; limit?: number },
  ): Promise<IncidentSummary[]>;
  recommend(tenant: string, incidentId: string): Promise<Recommendation>;
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

/** The module's name in the module list (`modules/emergency/index.ts`). */
export const EMERGENCY_MODULE = 'emergency';

/** The emergency centre of a running app, or undefined when the module is not in the city. */
export function emergencyCentreOf(modules: LoadedModules): EmergencyCentre | undefined {
  if (!modules.names.includes(EMERGENCY_MODULE)) return undefined;
  // Only the name is read to find it: the module's own definition replaces this at merge.
  return modules.get({ name: EMERGENCY_MODULE } as ThangLongModule<EmergencyCentre>);
}
