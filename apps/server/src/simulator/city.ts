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

export { hanoiInstant, hanoiTime, simulatedStart, type LocalTime } from '../platform/hanoi-time.js';

/** Hanoi's rush hours: 7–9 and 16:30–19:00, by fractional local hour. */
export const isRushHour = (hour: number): boolean => (hour >= 7 && hour < 9) || (hour >= 16.5 && hour < 19);
export const isRushHourAt = (secondOfDay: number): boolean => isRushHour(secondOfDay / 3600);
