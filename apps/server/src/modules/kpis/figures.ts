import type { CurrentInstances, Instance } from '../../context/index.js';
import type { DeviceCounts } from '../../ingest/index.js';

/**
 * The KPI figures, counted from the broker's current state: every entity of a kind with the default
 * instance of the attributes a figure needs (by expanded name), listed by id.
 */

/** An instance's value as text (what SQL's ->> gives), or null when it has none. */
function textOf(instance: Instance | undefined): string | null {
  const value = instance?.value;
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** An instance's numeric value, or null when it holds something else. */
const numberOf = (instance: Instance | undefined): number | null =>
  typeof instance?.value === 'number' ? instance.value : null;

/** A timestamp member of an instance (observedAt, modifiedAt) in epoch milliseconds, or null. */
function timeOf(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Rounds half away from zero, as the database's round() of a numeric does. */
const round = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

export interface AirQualityNames {
  readonly types: readonly string[];
  readonly index: string;
  readonly wardCode: string;
  readonly area: string;
}

export interface AirQualityCounts {
  readonly stations: number;
  readonly rated: number;
  /** Mean of the current indices, rounded half up; null without a current rating. */
  readonly cityAqi: number | null;
  readonly observedAt: Date | null;
  readonly worst: {
    readonly station: string;
    readonly aqi: number;
    readonly wardCode: string | null;
    readonly area: string | null;
  } | null;
}

/**
 * The stations, those with a current index (observed at most `windowSeconds` before the tenant's newest
 * rating), the mean of those indices and the station with the highest (the newest, then the first by id,
 * on a tie).
 */
export function airQuality(
  stations: readonly CurrentInstances[],
  names: AirQualityNames,
  windowSeconds: number,
): AirQualityCounts {
  const ratings: { station: string; aqi: number; at: number; wardCode: string | null; area: string | null }[] = [];
  for (const s of stations) {
    const index = s.attrs[names.index];
    const aqi = numberOf(index);
    const at = timeOf(index?.observedAt ?? index?.modifiedAt);
    if (aqi === null || aqi < 0 || at === null) continue;
    ratings.push({
      station: s.id,
      aqi,
      at,
      wardCode: textOf(s.attrs[names.wardCode]),
      area: textOf(s.attrs[names.area]),
    });
  }
  const newest = ratings.reduce((m, r) => Math.max(m, r.at), -Infinity);
  const current = ratings.filter((r) => r.at >= newest - windowSeconds * 1000);
  let worst: (typeof current)[number] | undefined;
  for (const r of current) if (!worst || r.aqi > worst.aqi || (r.aqi === worst.aqi && r.at > worst.at)) worst = r;
  return {
    stations: stations.length,
    rated: current.length,
    cityAqi: current.length > 0 ? round(mean(current.map((r) => r.aqi))) : null,
    observedAt: current.length > 0 ? new Date(newest) : null,
    worst: worst ? { station: worst.station, aqi: worst.aqi, wardCode: worst.wardCode, area: worst.area } : null,
  };
}

export interface BusNames {
  readonly types: readonly string[];
  readonly location: string;
  readonly delay: string;
  /** serviceStatus: a vehicle that says outOfService carries nobody and is not in service. */
  readonly status: string;
}

export interface BusCounts {
  readonly inService: number;
  readonly reporting: number;
  /** Of those reporting, the ones whose delay is the trip matcher's deviation from the schedule. */
  readonly matched: number;
  readonly onTime: number;
  readonly punctuality: number | null;
  readonly meanDelaySeconds: number | null;
}

/** A bus's deviation from its trip's schedule as the transit matcher measured it, by vehicle entity id. */
export type MatchedDeviations = ReadonlyMap<string, { readonly deviationSecs: number; readonly observedAt: Date }>;

/**
 * Buses in service (reported at most `windowSeconds` before the tenant's newest bus report), those of
 * them with a current delay, and how many of those are within [earliest, latest] seconds of schedule.
 * A bus's delay is the matcher's deviation when the matcher has it current (the figure the Buses page's
 * punctuality counts), else the delay the bus reports itself (no timetable, or a trip it cannot match).
 * A report's time is the newest observedAt of location and delay (the device's clock, so a simulated
 * timeline works), or the entity's last write when neither has one.
 */
export function buses(
  vehicles: readonly CurrentInstances[],
  names: BusNames,
  windowSeconds: number,
  onTime: { readonly earliest: number; readonly latest: number },
  matched: MatchedDeviations = new Map(),
): BusCounts {
  const reports = vehicles.map((v) => {
    const outOfService = textOf(v.attrs[names.status]) === 'outOfService';
    const located = timeOf(v.attrs[names.location]?.observedAt);
    const delayed = timeOf(v.attrs[names.delay]?.observedAt);
    const written = v.modifiedAt.getTime();
    const stamps = [located, delayed].filter((t): t is number => t !== null);
    return {
      id: v.id,
      at: stamps.length > 0 ? Math.max(...stamps) : written,
      delayAt: delayed ?? written,
      delay: numberOf(v.attrs[names.delay]),
      outOfService,
    };
  });
  // The newest report of any vehicle is the timeline's now (a vehicle out of service reports too).
  const since = reports.reduce((m, r) => Math.max(m, r.at), -Infinity) - windowSeconds * 1000;
  const inService = reports.filter((r) => r.at >= since && !r.outOfService);
  let fromMatcher = 0;
  // A delay counts only when it is current too: a bus off its trip may report a position alone.
  const delays = inService.flatMap((r) => {
    const m = matched.get(r.id);
    if (m && m.observedAt.getTime() >= since) {
      fromMatcher++;
      return [m.deviationSecs];
    }
    return r.delayAt >= since && r.delay !== null ? [r.delay] : [];
  });
  const punctual = delays.filter((d) => d >= onTime.earliest && d <= onTime.latest).length;
  return {
    inService: inService.length,
    reporting: delays.length,
    matched: fromMatcher,
    onTime: punctual,
    punctuality: delays.length > 0 ? punctual / delays.length : null,
    meanDelaySeconds: delays.length > 0 ? round(mean(delays)) : null,
  };
}

/**
 * The device counts with the vehicles no device stands behind (an operator's feed, pushed or polled,
 * writes their entities) counted the same way: out of service when they say so, else online when their
 * position was observed since `offlineBefore` (epoch ms), offline when not.
 */
export function withFedVehicles(
  devices: DeviceCounts,
  fed: readonly CurrentInstances[],
  names: BusNames,
  offlineBefore: number,
): DeviceCounts {
  let online = 0;
  let offline = 0;
  let outOfService = 0;
  for (const v of fed) {
    if (textOf(v.attrs[names.status]) === 'outOfService') outOfService++;
    else if ((timeOf(v.attrs[names.location]?.observedAt) ?? v.modifiedAt.getTime()) >= offlineBefore) online++;
    else offline++;
  }
  return {
    ...devices,
    total: devices.total + fed.length,
    online: devices.online + online,
    offline: devices.offline + offline,
    outOfService: devices.outOfService + outOfService,
    vehicles: {
      total: devices.vehicles.total + fed.length,
      inService: devices.vehicles.inService + online + offline,
      online: devices.vehicles.online + online,
      offline: devices.vehicles.offline + offline,
      outOfService: devices.vehicles.outOfService + outOfService,
    },
  };
}

export interface ParkingNames {
  readonly types: readonly string[];
  readonly total: string;
  readonly available: string;
}

export interface ParkingCounts {
  readonly lots: number;
  readonly capacity: number;
  readonly occupied: number;
  readonly occupancy: number | null;
}

/**
 * Parking lots, and over those that report both their spots and their free spots: the spots and the
 * spots taken (free spots outside [0, total], a miscounting sensor, are clamped).
 */
export function parking(lots: readonly CurrentInstances[], names: ParkingNames): ParkingCounts {
  let capacity = 0;
  let occupied = 0;
  for (const lot of lots) {
    const total = numberOf(lot.attrs[names.total]);
    const available = numberOf(lot.attrs[names.available]);
    if (total === null || total <= 0 || available === null) continue;
    capacity += total;
    occupied += total - Math.max(0, Math.min(total, available));
  }
  return {
    lots: lots.length,
    capacity: round(capacity),
    occupied: round(occupied),
    occupancy: capacity > 0 ? occupied / capacity : null,
  };
}

export interface EmergencyNames {
  readonly incidentTypes: readonly string[];
  readonly unitTypes: readonly string[];
  readonly status: string;
  readonly priority: string;
}

export interface EmergencyCounts {
  readonly openIncidents: number;
  /** Open incidents of priority 1 (life at risk now). */
  readonly priorityOne: number;
  /** Open incidents no unit has been sent to yet. */
  readonly awaitingUnits: number;
  readonly units: { readonly available: number; readonly committed: number; readonly outOfService: number };
}

/** The emergency centre's load: open incidents, and units free, busy and out of service. */
export function emergency(
  incidents: readonly CurrentInstances[],
  units: readonly CurrentInstances[],
  names: EmergencyNames,
): EmergencyCounts {
  const open = incidents.filter((i) => textOf(i.attrs[names.status]) !== 'closed');
  const unitStatus = units.map((u) => textOf(u.attrs[names.status]));
  const available = unitStatus.filter((s) => s === 'available').length;
  const outOfService = unitStatus.filter((s) => s === 'out_of_service').length;
  return {
    openIncidents: open.length,
    priorityOne: open.filter((i) => numberOf(i.attrs[names.priority]) === 1).length,
    awaitingUnits: open.filter((i) => textOf(i.attrs[names.status]) === 'pending').length,
    units: { available, committed: units.length - available - outOfService, outOfService },
  };
}
