/**
 * Legal limits, versioned by the date they take effect (in Hanoi): QCVN 05:2023/BTNMT for ambient air
 * (Table 1, µg/Nm³ at 25 °C and 760 mmHg) and QCVN 26:2010/BTNMT for noise (dBA, equivalent level).
 * A reading is judged by the limits in force when it was observed, so a 2025 day and a 2026 day of the
 * same PM2.5 can differ: the 24 h limit drops from 50 to 45 on 1 January 2026.
 */
import { hanoiDate, hanoiTime } from '../../platform/hanoi-time.js';

export type AirLimitPollutant = 'so2' | 'co' | 'no2' | 'o3' | 'tsp' | 'pm10' | 'pm25';
export type Averaging = '1h' | '8h' | '24h' | 'year';

export interface LimitVersion<L> {
  readonly regulation: string;
  /** First day in force, Hanoi date (YYYY-MM-DD). */
  readonly from: string;
  readonly limits: L;
}

type AirLimits = Readonly<Record<AirLimitPollutant, Readonly<Partial<Record<Averaging, number>>>>>;

const QCVN_05_2023: AirLimits = {
  so2: { '1h': 350, '24h': 125, year: 50 },
  co: { '1h': 30_000, '8h': 10_000 },
  no2: { '1h': 200, '24h': 100, year: 40 },
  o3: { '1h': 200, '8h': 120 },
  tsp: { '1h': 300, '24h': 200, year: 100 },
  pm10: { '24h': 100, year: 50 },
  pm25: { '24h': 50, year: 25 },
};

/** Oldest first. */
export const AIR_LIMITS: readonly LimitVersion<AirLimits>[] = [
  { regulation: 'QCVN 05:2023/BTNMT', from: '2023-09-12', limits: QCVN_05_2023 },
  {
    regulation: 'QCVN 05:2023/BTNMT (PM2.5 24 h from 1/1/2026)',
    from: '2026-01-01',
    limits: { ...QCVN_05_2023, pm25: { '24h': 45, year: 25 } },
  },
];

export interface Limit {
  readonly value: number;
  readonly regulation: string;
}

function inForce<L>(versions: readonly LimitVersion<L>[], at: Date): LimitVersion<L> | undefined {
  const date = hanoiDate(at.getTime());
  let found: LimitVersion<L> | undefined;
  for (const v of versions) if (v.from <= date) found = v;
  return found;
}

/** The air limit in force at an instant, or undefined (no such limit, or before the first version). */
export function airLimit(pollutant: AirLimitPollutant, averaging: Averaging, at: Date): Limit | undefined {
  const version = inForce(AIR_LIMITS, at);
  const value = version?.limits[pollutant][averaging];
  return version && value !== undefined ? { value, regulation: version.regulation } : undefined;
}

export type NoiseArea = 'special' | 'normal';
type NoiseLimits = Readonly<Record<NoiseArea, { readonly day: number; readonly night: number }>>;

/**
 * QCVN 26:2010/BTNMT, day 06:00–21:00 and night 21:00–06:00. QCVN 26:2025/BNNMT took effect on
 * 14/11/2025, but its table is not entered yet: until it is, a city passes its own versions.
 */
export const NOISE_LIMITS: readonly LimitVersion<NoiseLimits>[] = [
  {
    regulation: 'QCVN 26:2010/BTNMT',
    from: '2010-12-16', // Circular 39/2010/TT-BTNMT's date of issue; our sources do not give its effective date
    limits: { special: { day: 55, night: 45 }, normal: { day: 70, night: 55 } },
  },
];

/** The noise limit for an area at an instant: by date for the version, by Hanoi hour for day or night. */
export function noiseLimit(
  area: NoiseArea,
  at: Date,
  versions: readonly LimitVersion<NoiseLimits>[] = NOISE_LIMITS,
): (Limit & { readonly period: 'day' | 'night' }) | undefined {
  const version = inForce(versions, at);
  if (!version) return undefined;
  const { hour } = hanoiTime(at.getTime());
  const period = hour >= 6 && hour < 21 ? 'day' : 'night';
  return { value: version.limits[area][period], regulation: version.regulation, period };
}

/** Every air limit in force on an instant's Hanoi date, with its regulation (for charts and reports). */
export function airLimitsAt(at: Date): LimitVersion<AirLimits> | undefined {
  return inForce(AIR_LIMITS, at);
}
