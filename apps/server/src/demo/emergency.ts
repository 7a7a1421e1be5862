import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { ProvisioningService } from '../ingest/index.js';
import { randomFor } from '../simulator/random.js';
import { startDemoCalls, type DemoCallsOptions } from './emergency-calls.js';
import type {
  Capability,
  EmergencyCentre,
  Hospital,
  Incident,
  LonLat,
  Station,
  UnitInput,
  UnitKind,
  UnitStatus,
} from './emergency-centre.js';
import { DEMO_API_KEYS, demoUnitSecret } from './index.js';
import { provisionUnitDevices, unitDeviceGroup } from './emergency-centre.js';

/**
 * The demo city's emergency services: the real fire stations, police stations and hospitals of the city
 * facts (apps/server/data/city/emergency.json, from OpenStreetMap), and a roster of about forty units
 * based at them. What OSM does not say is the demo's own, and said so: how many units a station has
 * (OSM maps only five fire stations, so each has several), which hospitals hold a 115 ambulance post,
 * crews, and every hospital's free emergency beds (simulated). One deterministic function of the city
 * facts: the server creates the roster through the emergency centre, and the simulator, in its own
 * process, drives the same units (simulator/emergency.ts).
 */

const CITY = new URL('../../data/city/', import.meta.url);
const TENANT = '';
const SERVICE_PATH = '/';
/** The urban core, where the road graph has every street: ambulance posts and patrols are placed in it. */
const CORE = { west: 105.76, east: 105.93, south: 20.95, north: 21.09 };
/** West Lake (Hồ Tây): the fire station nearest to it keeps the water-rescue team. */
const WEST_LAKE: LonLat = [105.8193, 21.0545];
const AMBULANCE_POSTS = 8;
const POLICE_PATROLS = 8;
/** The simulated beds are drawn from this seed: the same every start, so the demo tells one story. */
const BEDS_SEED = 19;

interface FactPlace {
  readonly id: string;
  readonly name: string;
  readonly ward: string;
  readonly wardName: string;
  readonly location: LonLat;
  readonly roadM: number;
}
export interface EmergencyFacts {
  readonly fireStations: readonly (FactPlace & { nameFrom: string })[];
  readonly policeStations: readonly FactPlace[];
  readonly hospitals: readonly (FactPlace & {
    emergency?: boolean;
    general?: boolean;
    specialities?: readonly string[];
    osmId?: string;
  })[];
}

/** A unit of the roster: what the centre is told, and where its device lives. */
export interface RosterUnit extends UnitInput {
  /** The MQTT device id: the call sign in lower case. */
  readonly deviceId: string;
  readonly home: LonLat;
}

export interface EmergencyRoster {
  readonly stations: readonly Station[];
  readonly units: readonly RosterUnit[];
  /** Every hospital of the facts, with its simulated free emergency beds. */
  readonly hospitals: readonly Hospital[];
}

let facts: EmergencyFacts | undefined;
export function readEmergencyFacts(): EmergencyFacts {
  facts ??= JSON.parse(readFileSync(new URL('emergency.json', CITY), 'utf8')) as EmergencyFacts;
  return facts;
}

const inCore = ([lon, lat]: LonLat) => lon > CORE.west && lon < CORE.east && lat > CORE.south && lat < CORE.north;
const metres = (a: LonLat, b: LonLat) =>
  Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((21 * Math.PI) / 180), (a[1] - b[1]) * 111_320);

/** `n` places spread over the city: each next one the farthest from those already taken (deterministic). */
function spread<P extends { location: LonLat; id: string }>(places: readonly P[], n: number, first: LonLat): P[] {
  const left = [...places].sort((a, b) => (a.id < b.id ? -1 : 1));
  const taken: P[] = [];
  while (taken.length < n && left.length > 0) {
    let best = 0;
    let bestScore = -1;
    left.forEach((p, i) => {
      const score =
        taken.length === 0 ? -metres(p.location, first) : Math.min(...taken.map((t) => metres(t.location, p.location)));
      if (taken.length === 0 ? bestScore === -1 || score > bestScore : score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    taken.push(...left.splice(best, 1));
  }
  return taken;
}

/** Where the call sign is read out: two digits. */
const nn = (i: number) => String(i + 1).padStart(2, '0');

function unit(
  callSign: string,
  kind: UnitKind,
  capabilities: readonly Capability[],
  crew: number,
  station: Station,
): RosterUnit {
  const deviceId = callSign.toLowerCase();
  const agency = kind === 'ambulance' ? 'medical' : kind === 'police_patrol' ? 'police' : 'fire';
  return {
    id: deviceId,
    deviceId,
    callSign,
    kind,
    agency,
    capabilities,
    crew,
    stationId: station.id,
    home: station.location,
  };
}

/** The simulated free emergency beds of a hospital: general hospitals have more; one in ten is full. */
export function simulatedBedsFree(hospital: { id: string; name: string; emergency?: boolean }): number {
  const r = randomFor(BEDS_SEED, 'beds', hospital.id);
  if (r.chance(0.1)) return 0;
  const general = hospital.emergency === true || /đa khoa|quân đội|trung ương|hữu nghị|bạch mai/i.test(hospital.name);
  return Math.round(general ? r.uniform(3, 16) : r.uniform(1, 5));
}

/** The demo's roster, from the city facts. */
export function demoEmergencyRoster(from: EmergencyFacts = readEmergencyFacts()): EmergencyRoster {
  const stations: Station[] = [];
  const units: RosterUnit[] = [];

  // Fire and rescue: every fire station OSM has, each with two engines; ladders and rescue teams shared out.
  const fire = [...from.fireStations].sort((a, b) => (a.id < b.id ? -1 : 1));
  const lakeside = fire.reduce<(typeof fire)[number] | undefined>(
    (best, s) => (!best || metres(s.location, WEST_LAKE) < metres(best.location, WEST_LAKE) ? s : best),
    undefined,
  );
  fire.forEach((s, i) => {
    const station: Station = { id: s.id, name: s.name, agency: 'fire', location: s.location, ward: s.ward };
    stations.push(station);
    const sign = `CH-${nn(i)}`;
    units.push(unit(`${sign}-E1`, 'fire_engine', ['engine'], 6, station));
    units.push(unit(`${sign}-E2`, 'fire_engine', ['engine'], 6, station));
    if (i % 2 === 0) units.push(unit(`${sign}-L1`, 'ladder_truck', ['ladder'], 4, station));
    if (s === lakeside) units.push(unit(`${sign}-R1`, 'rescue_team', ['rescue', 'water_rescue'], 5, station));
    else if (i % 2 === 1 || i === 0) {
      units.push(unit(`${sign}-R1`, 'rescue_team', i === 0 ? ['rescue', 'hazmat'] : ['rescue'], 5, station));
    }
  });

  // 115 ambulance posts at hospitals that take emergencies, spread over the core: one ALS, one BLS each.
  const emergencyHospitals = from.hospitals.filter((h) => h.emergency === true && inCore(h.location) && h.roadM < 300);
  spread(emergencyHospitals, AMBULANCE_POSTS, [105.8563, 21.0245]).forEach((h, i) => {
    const station: Station = {
      id: `post115-${h.id}`,
      name: `Trạm cấp cứu 115 – ${h.name}`,
      agency: 'medical',
      location: h.location,
      ward: h.ward,
    };
    stations.push(station);
    units.push(unit(`115-${nn(i)}-A1`, 'ambulance', ['als', 'bls'], 3, station));
    units.push(unit(`115-${nn(i)}-A2`, 'ambulance', ['bls'], 2, station));
  });

  // Police patrols from ward and district police stations spread over the core.
  const police = from.policeStations.filter((s) => /^công an (phường|quận)/i.test(s.name) && inCore(s.location));
  spread(police, POLICE_PATROLS, [105.8522, 21.0285]).forEach((s, i) => {
    const station: Station = { id: s.id, name: s.name, agency: 'police', location: s.location, ward: s.ward };
    stations.push(station);
    units.push(unit(`CS-${nn(i)}-P1`, 'police_patrol', ['patrol'], 2, station));
  });

  const hospitals: Hospital[] = from.hospitals.map((h) => ({
    id: h.id,
    name: h.name,
    location: h.location,
    bedsFree: simulatedBedsFree(h),
    // What OSM says it can do (scripts/city/emergency-places.mjs): the care suggestions rank by.
    capabilities: [
      ...(h.emergency === true ? ['emergency'] : []),
      ...(h.general === true ? ['general'] : []),
      ...(h.specialities ?? []),
    ],
  }));
  return { stations, units, hospitals };
}

/**
 * The units' terminals: the emergency centre's group (position, status, speed, heading; nothing else),
 * each terminal with its own secret: a terminal speaks for its own unit only.
 */
export const EMERGENCY_GROUP = unitDeviceGroup(DEMO_API_KEYS.emergency, 'secret');

/**
 * Provisions the units' group and the devices the demo lacks (a group of an earlier start gets the
 * commands and the per-device secrets it lacks), and with `unitsKey` gives every unit its secret of
 * this start (demoUnitSecret). Resolves with the number of devices made now.
 */
export async function provisionEmergencyUnits(
  provisioning: ProvisioningService,
  roster: EmergencyRoster,
  unitsKey?: string,
): Promise<number> {
  const made = await provisionUnitDevices(provisioning, EMERGENCY_GROUP.apikey, roster.units, {
    tenant: TENANT,
    servicePath: SERVICE_PATH,
    deviceAuth: EMERGENCY_GROUP.deviceAuth,
  });
  if (unitsKey !== undefined) {
    for (const u of roster.units) {
      await provisioning.issueDeviceSecret(TENANT, SERVICE_PATH, u.deviceId, demoUnitSecret(unitsKey, u.deviceId));
    }
  }
  return made;
}

/** Tells the centre of the roster: stations, hospitals, then units (an update leaves a unit's status alone). */
export async function createEmergencyRoster(centre: EmergencyCentre, roster: EmergencyRoster): Promise<void> {
  for (const station of roster.stations) await centre.upsertStation(TENANT, station);
  for (const hospital of roster.hospitals) await centre.upsertHospital(TENANT, hospital);
  for (const u of roster.units) {
    const { deviceId: _device, home: _home, ...input } = u;
    await centre.upsertUnit(TENANT, input);
  }
}

/**
 * What the centre has a demo unit doing, for its terminal coming back on line after a restart: the
 * simulator resumes it (simulator/emergency.ts) rather than report a blank `available` that would
 * release it from its incident. A unit at its station, available, is left out.
 */
export interface DemoUnitDoing {
  readonly deviceId: string;
  readonly status: UnitStatus;
  /** Its last position the centre has; none: it is at its station. */
  readonly location?: LonLat;
  /** The incident it is on, as the centre's dispatch told it. */
  readonly incident?: {
    readonly incidentId: string;
    readonly incidentNumber: string;
    readonly typeCode: string;
    readonly priority: number;
    readonly location: LonLat;
    readonly address?: string;
  };
  readonly hospitalId?: string;
}

/** Every demo unit not available at its station, as the centre has it now. */
export async function demoUnitsDoing(centre: EmergencyCentre, roster: EmergencyRoster): Promise<DemoUnitDoing[]> {
  const devices = new Map(roster.units.map((u) => [u.id, u.deviceId]));
  const out: DemoUnitDoing[] = [];
  // Several units share an incident: each is read once.
  const incidents = new Map<string, Promise<Incident>>();
  const incidentOf = (id: string) => {
    let found = incidents.get(id);
    if (!found) incidents.set(id, (found = centre.incident(TENANT, id).then((r) => r.incident)));
    return found;
  };
  for (const u of await centre.listUnits(TENANT)) {
    const deviceId = devices.get(u.id);
    if (!deviceId || (u.status === 'available' && !u.incidentId)) continue;
    const incident = u.incidentId ? await incidentOf(u.incidentId) : undefined;
    out.push({
      deviceId,
      status: u.status,
      ...(u.location ? { location: u.location } : {}),
      ...(incident
        ? {
            incident: {
              incidentId: incident.id,
              incidentNumber: incident.number,
              typeCode: incident.typeCode,
              priority: incident.priority,
              location: incident.location,
              ...(incident.address ? { address: incident.address } : {}),
            },
          }
        : {}),
      ...(u.hospitalId ? { hospitalId: u.hospitalId } : {}),
    });
  }
  return out;
}

export interface DemoEmergency {
  readonly units: number;
  readonly provisioned: number;
  /** What the centre has each unit doing now, for the simulator's units to resume. */
  doing(): Promise<DemoUnitDoing[]>;
  stop(): Promise<void>;
}

/**
 * The demo's emergency centre comes alive: the roster is created (idempotently), the units' devices
 * provisioned, and the simulated calls and duty dispatcher start (demo/emergency-calls.ts).
 */
export async function startDemoEmergency(
  centre: EmergencyCentre,
  provisioning: ProvisioningService,
  log: Logger,
  options: Omit<DemoCallsOptions, 'log'> & { readonly unitsKey?: string },
): Promise<DemoEmergency> {
  const roster = demoEmergencyRoster();
  await createEmergencyRoster(centre, roster);
  const provisioned = await provisionEmergencyUnits(provisioning, roster, options.unitsKey);
  if (provisioned > 0) log.info({ units: provisioned }, 'demo emergency units provisioned');
  const calls = options.everyMs > 0 ? startDemoCalls(centre, { ...options, log }) : undefined;
  return {
    units: roster.units.length,
    provisioned,
    doing: () => demoUnitsDoing(centre, roster),
    stop: async () => calls?.stop(),
  };
}
