import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { demoEmergencyRoster, type DemoUnitDoing, type EmergencyRoster, type RosterUnit } from '../demo/emergency.js';
import { DISPATCHABLE, type LonLat, type UnitKind, type UnitStatus } from '../demo/emergency-centre.js';
import { DEMO_API_KEYS, demoUnitSecret } from '../demo/index.js';
import { roadNetwork, type RoadNetwork } from '../modules/city/index.js';
import { randomFor, type Random } from './random.js';
import { backOffWhileUnanswered, RECONNECT_MS } from './reconnect.js';

/**
 * The demo's emergency units, answering like crews do. Each unit is its own MQTT device: it takes its
 * assignment on /cmd and acknowledges on /cmdexe. Sent out, it turns out (40–90 s from the station, a
 * few seconds when already on the road), reports en route, drives the road route (modules/city/roads,
 * the emergency profile, slowed by traffic) reporting its position every 5 s, is on scene, stays as long
 * as such a job takes; an ambulance then usually takes the patient to the hospital it was given, or the
 * nearest by road with free beds (transporting, at hospital), and every unit returns to its station by
 * road and is available again. A release sends it home. The centre's own changes (dispatched, and
 * returning on a release) are not echoed back: a unit reports only what it does itself, and, coming on
 * line or released when already home, that it is available. After a restart a unit the centre has busy
 * resumes what it was doing (`resume`, from what the server hands over at start) rather than say it is
 * available, which would release it from its incident.
 *
 * Units live in the present, whatever the demo clock: calls are taken now, so their reports carry the
 * wall-clock time. The unit's logic (`RespondingUnit`) takes the time as an argument, so tests drive it
 * with their own clock and without MQTT.
 */

/** What the centre sends on /cmd under `assignment` (the shared contract). */
export interface UnitAssignment {
  readonly action: 'dispatch' | 'hospital' | 'release';
  readonly incidentId: string;
  readonly incidentNumber?: string;
  readonly typeCode?: string;
  readonly priority?: number;
  readonly location?: LonLat;
  readonly address?: string;
  readonly hospital?: { readonly id: string; readonly name: string; readonly location: LonLat };
}

/** One report of the unit: where it is, how fast, and its new status when it changed. */
export interface UnitReport {
  readonly at: number;
  readonly location: LonLat;
  /** km/h */
  readonly speed: number;
  /** Degrees from north, clockwise. */
  readonly heading: number;
  readonly status?: UnitStatus;
}

export interface UnitWorld {
  /** The road route a unit drives, or null when no road leads there. */
  route(from: LonLat, to: LonLat): { coordinates: readonly LonLat[]; lengthM: number; seconds: number } | null;
  /** The nearest hospital by road with free beds, from a place. */
  nearestHospital(from: LonLat): { id: string; name: string; location: LonLat } | undefined;
}

/** Seconds between position reports on the move, and between heartbeats standing still. */
export const MOVING_REPORT_S = 5;
const STANDING_REPORT_S = 60;
const AT_STATION_REPORT_S = 300;
/**
 * Turnout from the station (the crew dresses and boards), and when already rolling. Crews make the
 * centre's targets (60 s EMS, 80 s fire); one in twenty is held up and turns out late, so a turnout
 * alarm is an event to look at, not the demo's every dispatch.
 */
const TURNOUT_S: Readonly<Record<UnitKind, readonly [number, number]>> = {
  fire_engine: [40, 75],
  ladder_truck: [40, 75],
  rescue_team: [40, 75],
  ambulance: [30, 58],
  police_patrol: [20, 50],
};
const LATE_TURNOUT_S: readonly [number, number] = [85, 120];
const LATE_TURNOUT_CHANCE = 0.05;
const ROLLING_TURNOUT_S: readonly [number, number] = [5, 15];
/** Time on scene by kind of unit, minutes. */
const ON_SCENE_MIN: Readonly<Record<UnitKind, readonly [number, number]>> = {
  fire_engine: [15, 40],
  ladder_truck: [15, 35],
  rescue_team: [20, 45],
  ambulance: [8, 20],
  police_patrol: [10, 30],
};
const HANDOVER_MIN: readonly [number, number] = [8, 20];
/** An ambulance on scene takes its patient to hospital this often when no hospital was named. */
const TRANSPORT_CHANCE = 0.75;
/** Hanoi's traffic gives way, but not fully: a drive takes this much longer than the free-flow route. */
const TRAFFIC_FACTOR: readonly [number, number] = [1.15, 1.5];
/** Where no road leads: straight at this speed. */
const STRAIGHT_KMH = 25;

interface Leg {
  readonly path: readonly LonLat[];
  /** Metres along the path at each of its points. */
  readonly along: readonly number[];
  readonly lengthM: number;
  readonly start: number;
  readonly durationMs: number;
  readonly purpose: 'scene' | 'hospital' | 'home';
}

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'turnout'; readonly until: number }
  | { readonly kind: 'drive'; readonly leg: Leg }
  | { readonly kind: 'scene'; readonly until: number }
  | { readonly kind: 'handover'; readonly until: number };

const M_PER_DEG = 111_320;
const COS_LAT = Math.cos((21 * Math.PI) / 180);
const metres = (a: LonLat, b: LonLat) => Math.hypot((b[0] - a[0]) * M_PER_DEG * COS_LAT, (b[1] - a[1]) * M_PER_DEG);
const bearing = (a: LonLat, b: LonLat) => {
  const deg = (Math.atan2((b[0] - a[0]) * COS_LAT, b[1] - a[1]) * 180) / Math.PI;
  return Math.round((deg + 360) % 360);
};

/** One unit's life: a state machine driven by commands and the passing of time. */
export class RespondingUnit {
  readonly unit: RosterUnit;
  readonly #world: UnitWorld;
  readonly #random: Random;
  #status: UnitStatus = 'available';
  #phase: Phase = { kind: 'idle' };
  #location: LonLat;
  #heading = 0;
  #incident: UnitAssignment | undefined;
  #hospital: UnitAssignment['hospital'];
  #transport = false;
  #reportDue: number;
  /** The next report carries the status even though it did not change. */
  #announce = false;

  constructor(unit: RosterUnit, world: UnitWorld, random: Random, now: number) {
    this.unit = unit;
    this.#world = world;
    this.#random = random;
    this.#location = unit.home;
    this.#reportDue = now;
    // On line (a start, a restart), it stands at its station: it says so, status and all, at once.
    this.#announce = true;
  }

  get status(): UnitStatus {
    return this.#status;
  }
  get incidentId(): string | undefined {
    return this.#incident?.incidentId;
  }

  /**
   * Coming back on line (a restart), it takes up what the centre has it doing, from where the centre
   * last had it: turning out, driving on, on scene, at the hospital, going home or out of service. It
   * says nothing of its status (the centre has it) until it next changes.
   */
  resume(doing: DemoUnitDoing, hospital: UnitAssignment['hospital'], now: number): void {
    const at: LonLat = doing.location ?? this.unit.home;
    this.#location = at;
    this.#status = doing.status;
    this.#announce = doing.status === 'available';
    this.#reportDue = now;
    this.#incident = doing.incident ? { action: 'dispatch', ...doing.incident } : undefined;
    this.#hospital = hospital;
    this.#transport = hospital !== undefined;
    const scene = this.#incident?.location;
    const [lo, hi] = ON_SCENE_MIN[this.unit.kind];
    switch (doing.status) {
      case 'dispatched':
        this.#phase = { kind: 'turnout', until: now + Math.round(this.#random.uniform(...ROLLING_TURNOUT_S) * 1000) };
        return;
      case 'en_route':
        this.#phase = { kind: 'drive', leg: this.#leg(at, scene ?? this.unit.home, now, scene ? 'scene' : 'home') };
        return;
      case 'on_scene':
        this.#location = scene ?? at;
        this.#phase = { kind: 'scene', until: now + Math.round(this.#random.uniform(lo, hi) * 60_000) };
        return;
      case 'transporting':
        this.#phase = hospital
          ? { kind: 'drive', leg: this.#leg(at, hospital.location, now, 'hospital') }
          : { kind: 'drive', leg: this.#leg(at, this.unit.home, now, 'home') };
        return;
      case 'at_hospital': {
        const [hlo, hhi] = HANDOVER_MIN;
        this.#location = hospital?.location ?? at;
        this.#phase = { kind: 'handover', until: now + Math.round(this.#random.uniform(hlo, hhi) * 60_000) };
        return;
      }
      case 'returning':
        this.#incident = undefined;
        this.#phase = { kind: 'drive', leg: this.#leg(at, this.unit.home, now, 'home') };
        return;
      case 'available':
      case 'out_of_service':
        // Out of service stays so until the centre says otherwise; available stands where it was.
        this.#phase = { kind: 'idle' };
        return;
    }
  }

  /** An assignment arrives; the answer is what the unit acknowledges on /cmdexe. */
  command(assignment: UnitAssignment, now: number): string {
    this.#location = this.#locationAt(now);
    switch (assignment.action) {
      case 'dispatch': {
        if (!assignment.location) return 'refused: no location';
        if (!DISPATCHABLE.includes(this.#status)) return `refused: ${this.#status}`;
        const rolling = this.#status === 'returning';
        this.#incident = assignment;
        this.#hospital = assignment.hospital;
        this.#transport = false;
        this.#status = 'dispatched'; // the centre has set it; not reported back
        const [lo, hi] = rolling
          ? ROLLING_TURNOUT_S
          : this.#random.chance(LATE_TURNOUT_CHANCE)
            ? LATE_TURNOUT_S
            : TURNOUT_S[this.unit.kind];
        this.#phase = { kind: 'turnout', until: now + Math.round(this.#random.uniform(lo, hi) * 1000) };
        this.#reportDue = this.#phase.until;
        return `accepted: ${assignment.incidentNumber ?? assignment.incidentId}`;
      }
      case 'hospital': {
        if (!assignment.hospital) return 'refused: no hospital';
        if (this.#incident && assignment.incidentId !== this.#incident.incidentId) return 'refused: another incident';
        this.#hospital = assignment.hospital;
        this.#transport = true;
        if (this.#phase.kind === 'drive' && this.#phase.leg.purpose === 'hospital') {
          this.#phase = {
            kind: 'drive',
            leg: this.#leg(this.#location, assignment.hospital.location, now, 'hospital'),
          };
          this.#reportDue = now;
        }
        return `accepted: ${assignment.hospital.name}`;
      }
      case 'release': {
        if (this.#incident && assignment.incidentId !== this.#incident.incidentId) return 'ignored: another incident';
        if (this.#status === 'transporting' || this.#status === 'at_hospital') {
          return 'patient aboard: going on to the hospital';
        }
        if (this.#phase.kind === 'idle') {
          // The centre thinks it busy; it is home: it says so.
          this.#announce = true;
          this.#reportDue = now;
          return 'already available';
        }
        if (this.#status === 'returning') return 'already returning';
        this.#status = 'returning'; // as the centre has it on a release
        this.#incident = undefined;
        this.#phase = { kind: 'drive', leg: this.#leg(this.#location, this.unit.home, now, 'home') };
        this.#reportDue = now;
        return 'accepted: returning';
      }
    }
  }

  /** The reports due up to `now`, in time order: status changes and positions. */
  step(now: number): UnitReport[] {
    const out: UnitReport[] = [];
    for (let guard = 0; guard < 100_000; guard++) {
      const event = this.#eventAt();
      const report = this.#reportDue;
      if (event !== undefined && event <= now && event <= report) {
        out.push(this.#fire(event));
      } else if (report <= now) {
        out.push(this.#report(report));
      } else break;
    }
    return out;
  }

  #eventAt(): number | undefined {
    const p = this.#phase;
    switch (p.kind) {
      case 'idle':
        return undefined;
      case 'drive':
        return p.leg.start + p.leg.durationMs;
      case 'turnout':
      case 'scene':
      case 'handover':
        return p.until;
    }
  }

  /** A report of position (and status when given) at `at`; the next one falls due. */
  #report(at: number, status?: UnitStatus): UnitReport {
    const location = this.#locationAt(at);
    let speed = 0;
    if (this.#phase.kind === 'drive') {
      const { leg } = this.#phase;
      const jitter = this.#random.uniform(0.85, 1.15);
      speed = Math.round((leg.lengthM / leg.durationMs) * 3600 * jitter);
      const ahead = this.#locationAt(Math.min(at + 2000, leg.start + leg.durationMs));
      if (metres(location, ahead) > 1) this.#heading = bearing(location, ahead);
    }
    this.#location = location;
    const interval =
      this.#phase.kind === 'drive'
        ? MOVING_REPORT_S
        : this.#phase.kind === 'idle'
          ? AT_STATION_REPORT_S
          : STANDING_REPORT_S;
    this.#reportDue = at + interval * 1000;
    const said = status ?? (this.#announce ? this.#status : undefined);
    this.#announce = false;
    return { at, location, speed, heading: this.#heading, ...(said ? { status: said } : {}) };
  }

  /** The phase ending at `at` ends: the unit does the next thing and says so. */
  #fire(at: number): UnitReport {
    const p = this.#phase;
    this.#location = this.#locationAt(at);
    const [lo, hi] = ON_SCENE_MIN[this.unit.kind];
    switch (p.kind) {
      case 'turnout': {
        const to = this.#incident?.location ?? this.unit.home;
        this.#phase = { kind: 'drive', leg: this.#leg(this.#location, to, at, 'scene') };
        return this.#change(at, 'en_route');
      }
      case 'drive': {
        this.#location = p.leg.path[p.leg.path.length - 1] ?? this.#location;
        if (p.leg.purpose === 'scene') {
          this.#phase = { kind: 'scene', until: at + Math.round(this.#random.uniform(lo, hi) * 60_000) };
          return this.#change(at, 'on_scene');
        }
        if (p.leg.purpose === 'hospital') {
          const [hlo, hhi] = HANDOVER_MIN;
          this.#phase = { kind: 'handover', until: at + Math.round(this.#random.uniform(hlo, hhi) * 60_000) };
          return this.#change(at, 'at_hospital');
        }
        this.#phase = { kind: 'idle' };
        this.#incident = undefined;
        this.#hospital = undefined;
        return this.#change(at, 'available');
      }
      case 'scene': {
        const hospital = this.#transportTo();
        if (hospital) {
          this.#hospital = hospital;
          this.#phase = { kind: 'drive', leg: this.#leg(this.#location, hospital.location, at, 'hospital') };
          return this.#change(at, 'transporting');
        }
        this.#phase = { kind: 'drive', leg: this.#leg(this.#location, this.unit.home, at, 'home') };
        return this.#change(at, 'returning');
      }
      case 'handover': {
        this.#phase = { kind: 'drive', leg: this.#leg(this.#location, this.unit.home, at, 'home') };
        return this.#change(at, 'returning');
      }
      case 'idle':
        return this.#report(at);
    }
  }

  #change(at: number, status: UnitStatus): UnitReport {
    this.#status = status;
    return this.#report(at, status);
  }

  /** An ambulance takes its patient: to the hospital it was given, or the nearest with beds; others go home. */
  #transportTo(): UnitAssignment['hospital'] {
    if (this.unit.kind !== 'ambulance') return undefined;
    if (this.#hospital) return this.#hospital;
    if (!this.#transport && !this.#random.chance(TRANSPORT_CHANCE)) return undefined;
    return this.#world.nearestHospital(this.#location);
  }

  #leg(from: LonLat, to: LonLat, start: number, purpose: Leg['purpose']): Leg {
    const route = this.#world.route(from, to);
    const path = route && route.coordinates.length >= 2 ? [...route.coordinates] : [from, to];
    const along = [0];
    for (let i = 1; i < path.length; i++) along.push((along[i - 1] ?? 0) + metres(path[i - 1]!, path[i]!));
    const lengthM = along[along.length - 1] ?? 0;
    const freeFlowS = route ? route.seconds : (lengthM / STRAIGHT_KMH) * 3.6;
    const durationMs = Math.max(20_000, Math.round(freeFlowS * this.#random.uniform(...TRAFFIC_FACTOR) * 1000));
    return { path, along, lengthM, start, durationMs, purpose };
  }

  #locationAt(at: number): LonLat {
    if (this.#phase.kind !== 'drive') return this.#location;
    const { leg } = this.#phase;
    const d = Math.min(1, Math.max(0, (at - leg.start) / leg.durationMs)) * leg.lengthM;
    let i = 1;
    while (i < leg.path.length - 1 && (leg.along[i] ?? 0) < d) i++;
    const a = leg.path[i - 1]!;
    const b = leg.path[i] ?? a;
    const a0 = leg.along[i - 1] ?? 0;
    const span = (leg.along[i] ?? a0) - a0;
    const f = span > 0 ? Math.min(1, Math.max(0, (d - a0) / span)) : 0;
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  }
}

/** The world of the demo units: Hanoi's road graph and the roster's hospitals with free beds. */
export function cityWorld(network: RoadNetwork, roster: EmergencyRoster): UnitWorld {
  const withBeds = roster.hospitals.filter((h) => (h.bedsFree ?? 0) > 0);
  return {
    route: (from, to) => {
      try {
        return network.route(from, to, { profile: 'emergency', snapSlackM: 25 });
      } catch {
        return null; // off the network: the unit goes straight
      }
    },
    nearestHospital: (from) => {
      const { nearest } = network.nearestByRoad(
        from,
        withBeds.map((h) => ({ id: h.id, location: h.location })),
        { k: 1, direction: 'from-origin', profile: 'emergency' },
      );
      const found = nearest[0] && withBeds.find((h) => h.id === nearest[0]?.id);
      return found ? { id: found.id, name: found.name, location: found.location } : undefined;
    },
  };
}

export interface EmergencyUnitsOptions {
  readonly mqttUrl: string;
  readonly seed: number;
  readonly log: Logger;
  /** The key of this start's unit secrets (DEMO_UNITS_KEY_ENV); without it units connect with the API key. */
  readonly unitsKey?: string | undefined;
  /** What the centre has the units doing at this start (DEMO_UNITS_DOING_ENV): they resume it. */
  readonly doing?: readonly DemoUnitDoing[];
}

/** The units' doings the server handed over (DEMO_UNITS_DOING_ENV); none when absent or unreadable. */
export function parseUnitsDoing(text: string | undefined): DemoUnitDoing[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as DemoUnitDoing[]) : [];
  } catch {
    return [];
  }
}

/** Runs the roster's units as MQTT devices against the server until stopped. */
export function startEmergencyUnits(options: EmergencyUnitsOptions): { stop(): Promise<void>; units: number } {
  const { log, seed } = options;
  const apikey = DEMO_API_KEYS.emergency;
  const roster = demoEmergencyRoster();
  const world = cityWorld(roadNetwork(), roster);
  const start = Date.now();
  let refused = false;
  const doings = new Map((options.doing ?? []).map((d) => [d.deviceId, d]));
  const hospitals = new Map(roster.hospitals.map((h) => [h.id, { id: h.id, name: h.name, location: h.location }]));
  const devices = roster.units.map((u) => {
    const unit = new RespondingUnit(u, world, randomFor(seed, 'emergency-unit', u.id), start);
    const doing = doings.get(u.deviceId);
    if (doing) unit.resume(doing, doing.hospitalId ? hospitals.get(doing.hospitalId) : undefined, start);
    const client: MqttClient = mqtt.connect(options.mqttUrl, {
      username: u.deviceId,
      // Each terminal its own secret: it speaks for its own unit only.
      password: options.unitsKey !== undefined ? demoUnitSecret(options.unitsKey, u.deviceId) : apikey,
      clientId: `sim-${seed}-${u.deviceId}`,
      clean: true,
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: 30_000,
    });
    backOffWhileUnanswered(client);
    const cmd = `/${apikey}/${u.deviceId}/cmd`;
    client.on('connect', () => void client.subscribeAsync(cmd, { qos: 1 }).catch(() => undefined));
    client.on('message', (topic, payload) => {
      if (topic !== cmd) return;
      let body: { assignment?: UnitAssignment; statusRefused?: { reported?: string; reason?: string } };
      try {
        body = JSON.parse(payload.toString('utf8')) as typeof body;
      } catch {
        body = {};
      }
      // The centre refused a status this terminal reported: the crew's screen shows why.
      if (body.statusRefused) {
        log.info({ unit: u.callSign, ...body.statusRefused }, 'emergency unit: status refused by the centre');
        client.publish(`/${apikey}/${u.deviceId}/cmdexe`, JSON.stringify({ statusRefused: 'shown' }), { qos: 1 });
        return;
      }
      const answer = body.assignment ? unit.command(body.assignment, Date.now()) : 'refused: not an assignment';
      log.info({ unit: u.callSign, answer }, 'emergency unit: assignment');
      client.publish(`/${apikey}/${u.deviceId}/cmdexe`, JSON.stringify({ assignment: answer }), { qos: 1 });
    });
    client.on('error', (err) => {
      const code = (err as { code?: unknown }).code;
      if (code === 4 || code === 5 || code === 134 || code === 135) {
        client.end(true);
        if (!refused)
          log.warn({ apikey }, 'the server refused the emergency units: is the emergency module in the demo?');
        refused = true;
      }
    });
    return { unit, client };
  });

  const timer = setInterval(() => {
    const now = Date.now();
    for (const { unit, client } of devices) {
      if (!client.connected) continue;
      for (const r of unit.step(now)) {
        const body = {
          TimeInstant: new Date(r.at).toISOString(),
          gps: `${r.location[1].toFixed(5)}, ${r.location[0].toFixed(5)}`,
          speed: r.speed,
          heading: r.heading,
          ...(r.status ? { status: r.status } : {}),
        };
        client.publish(`/${apikey}/${unit.unit.deviceId}/attrs`, JSON.stringify(body), { qos: 1 });
      }
    }
  }, 1000);
  log.info({ units: devices.length, resumed: doings.size }, 'emergency units on line');

  return {
    units: devices.length,
    async stop() {
      clearInterval(timer);
      await Promise.all(devices.map(({ client }) => client.endAsync().catch(() => undefined)));
    },
  };
}
