import { readFileSync } from 'node:fs';

/** The city facts the simulator reads (apps/server/data/city), and Hanoi's local time. */

const CITY = new URL('../../data/city/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, CITY), 'utf8')) as T;

/** [lon, lat], WGS 84, as in the city facts. */
export type LonLat = readonly [number, number];

interface Site {
  readonly id: string;
  readonly name: string;
  readonly location: LonLat;
}
export interface AirStation extends Site {
  readonly siting: string;
  readonly real?: boolean;
}
export interface RiverGauge extends Site {
  readonly river: string;
  readonly normalRange: readonly [number, number];
  readonly warning: number;
  readonly danger: number;
}
export interface ParkingLot extends Site {
  readonly kind: string;
  readonly capacity: number;
}
export interface Sensors {
  readonly airQuality: readonly AirStation[];
  readonly noise: readonly (Site & { signalised?: boolean })[];
  readonly waterLevel: readonly RiverGauge[];
  readonly parking: readonly ParkingLot[];
  readonly cameras: readonly (Site & { signalised?: boolean })[];
}

export interface Timetable {
  readonly period: string;
  readonly stops: readonly string[];
  /** Seconds from the trip's start at each stop. */
  readonly offsets: readonly number[];
  /** Seconds after local midnight at the first stop, one per trip. */
  readonly starts: readonly number[];
}
export interface Transit {
  readonly stops: readonly { id: string; location: LonLat }[];
  readonly routes: readonly {
    id: string;
    shortName: string;
    directions: readonly { id: string; directionId: number; stops: readonly string[]; timetables?: Timetable[] }[];
  }[];
}

type Grid = readonly (readonly number[])[];
export interface AirQualityProfile {
  readonly monthHour: { mean: Grid; median: Grid; p10: Grid; p90: Grid };
  readonly daily: { logRatioSd: number; logRatioSdByMonth: readonly number[]; lag1Autocorrelation: number };
  readonly hourly: { logResidualSd: number; lag1Autocorrelation: number };
}

export interface CityFacts {
  readonly sensors: Sensors;
  readonly transit: Transit;
  readonly airQuality: AirQualityProfile;
}

let cached: CityFacts | undefined;
export function loadCityFacts(): CityFacts {
  cached ??= {
    sensors: read<Sensors>('sensors.json'),
    transit: read<Transit>('transit.json'),
    airQuality: read<AirQualityProfile>('air-quality-profile.json'),
  };
  return cached;
}

/** Hanoi keeps UTC+7 all year. */
const HANOI_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

export interface LocalTime {
  /** Days since 1970-01-01, local. */
  readonly day: number;
  /** 0 = January. */
  readonly month: number;
  /** Fractional hour of the local day, 0 ≤ hour < 24. */
  readonly hour: number;
  /** Seconds since local midnight. */
  readonly secondOfDay: number;
  /** Hours since the epoch: the step of hourly processes. */
  readonly hourIndex: number;
}

export function hanoiTime(ms: number): LocalTime {
  const local = ms + HANOI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const secondOfDay = (local - day * DAY_MS) / 1000;
  return {
    day,
    month: new Date(local).getUTCMonth(),
    hour: secondOfDay / 3600,
    secondOfDay,
    hourIndex: Math.floor(local / 3600_000),
  };
}

/** The instant of a local second of a local day. */
export const hanoiInstant = (day: number, secondOfDay: number): number =>
  day * DAY_MS + secondOfDay * 1000 - HANOI_OFFSET_MS;

/** Hanoi's rush hours: 7–9 and 16:30–19:00, by fractional local hour. */
export const isRushHour = (hour: number): boolean => (hour >= 7 && hour < 9) || (hour >= 16.5 && hour < 19);
export const isRushHourAt = (secondOfDay: number): boolean => isRushHour(secondOfDay / 3600);
