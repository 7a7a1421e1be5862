import {
  hanoiInstant,
  hanoiTime,
  type AirQualityProfile,
  type AirStation,
  type LocalTime,
  type ParkingLot,
  type RiverGauge,
} from './city.js';
import { Ar1Process, hashSeed, randomFor, type Random } from './random.js';

/**
 * The city's environment as a function of simulated time: air quality from the U.S. Embassy
 * statistics, weather, traffic, noise, parking and rivers. Seeded: the same seed and the same
 * sequence of reads give the same values. Read each site forwards in time (AR processes remember).
 */

const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
const Z90 = 1.2816; // the standard normal's 90th percentile

/** How busy the streets are, 0 (night) … 1 (rush hour), by fractional local hour. */
const TRAFFIC_BY_HOUR = [
  0.12, 0.08, 0.06, 0.06, 0.1, 0.3, 0.62, 0.95, 1, 0.78, 0.66, 0.66, 0.62, 0.6, 0.64, 0.7, 0.84, 1, 1, 0.82, 0.6, 0.45,
  0.32, 0.2,
];
export function trafficIndex(hour: number): number {
  const h = Math.floor(hour) % 24;
  const f = hour - Math.floor(hour);
  const a = TRAFFIC_BY_HOUR[h] ?? 0;
  const b = TRAFFIC_BY_HOUR[(h + 1) % 24] ?? 0;
  return a + (b - a) * f;
}

// Hanoi climate normals by month: mean temperature (°C), daily half-range, relative humidity (%).
const MEAN_TEMPERATURE = [16.4, 17.2, 19.8, 23.7, 27.3, 29.2, 29.6, 29, 27.8, 25.2, 21.8, 18.2];
const HALF_RANGE = [3, 2.6, 2.6, 3, 3.6, 3.4, 3.3, 3.1, 3.2, 3.4, 3.5, 3.3];
const MEAN_HUMIDITY = [73, 80, 85, 86, 80, 79, 80, 83, 80, 76, 73, 72];
/** The wet season: most rain falls May–October. */
const RAIN_EVENTS_PER_DAY = [0.03, 0.05, 0.08, 0.12, 0.25, 0.35, 0.4, 0.4, 0.3, 0.18, 0.08, 0.03];

/** 1 at 14:00, -1 at 02:00: the daily swing of temperature. */
const diurnal = (hour: number): number => Math.cos(((hour - 14) / 24) * 2 * Math.PI);
/** Sunshine 0…1: the sun is up 6–18, strongest early afternoon. */
const sunshine = (hour: number): number => Math.max(0, Math.sin(((hour - 6) / 12) * Math.PI));

export interface AirQualityReading {
  pm25: number;
  pm10: number;
  no2: number;
  o3: number;
  so2: number;
  co: number;
  t: number;
  h: number;
}

interface StationState {
  readonly factor: number;
  readonly coarseRatio: number;
  readonly trafficWeight: number;
  readonly hourly: Ar1Process;
  readonly random: Random;
}

export class CityEnvironment {
  readonly #seed: number;
  readonly #profile: AirQualityProfile;
  readonly #daily: Ar1Process;
  readonly #cityHourly: Ar1Process;
  readonly #weather: Ar1Process;
  readonly #stations = new Map<string, StationState>();
  readonly #sites = new Map<string, { level: number; noise: Ar1Process; random: Random }>();

  constructor(seed: number, profile: AirQualityProfile) {
    this.#seed = seed;
    this.#profile = profile;
    this.#daily = new Ar1Process(profile.daily.lag1Autocorrelation, 1, randomFor(seed, 'air', 'daily'));
    this.#cityHourly = new Ar1Process(profile.hourly.lag1Autocorrelation, 1, randomFor(seed, 'air', 'hourly'));
    this.#weather = new Ar1Process(0.9, 1, randomFor(seed, 'weather'));
  }

  #station(station: AirStation): StationState {
    let state = this.#stations.get(station.id);
    if (!state) {
      const r = randomFor(this.#seed, 'station', station.id);
      const base = station.real ? 1 : station.siting === 'urban' ? 1 : 0.8;
      state = {
        factor: station.real ? 1 : base * r.uniform(0.85, 1.15),
        coarseRatio: r.uniform(1.3, 1.7),
        trafficWeight: station.siting === 'urban' ? r.uniform(0.9, 1.2) : r.uniform(0.55, 0.8),
        hourly: new Ar1Process(this.#profile.hourly.lag1Autocorrelation, 1, r),
        random: r,
      };
      this.#stations.set(station.id, state);
    }
    return state;
  }

  /** Standardised log-anomaly of PM2.5: a city-wide daily AR(1) plus an hourly AR(1), part shared, part local. */
  #pm25Anomaly(local: LocalTime, state: StationState): number {
    const sdDay = this.#profile.daily.logRatioSdByMonth[local.month] ?? this.#profile.daily.logRatioSd;
    const sdHour = this.#profile.hourly.logResidualSd;
    const hourly =
      Math.sqrt(0.6) * this.#cityHourly.at(local.hourIndex) + Math.sqrt(0.4) * state.hourly.at(local.hourIndex);
    return (sdDay * this.#daily.at(local.day) + sdHour * hourly) / Math.hypot(sdDay, sdHour);
  }

  /** PM2.5 by the month × hour lognormal (median, and p10/p90 for its spread), hour values interpolated. */
  #pm25(local: LocalTime, state: StationState): number {
    const grid = this.#profile.monthHour;
    const at = (hour: number) => {
      const h = hour % 24;
      const median = grid.median[local.month]?.[h] ?? 30;
      const p10 = Math.max(1, grid.p10[local.month]?.[h] ?? median / 2);
      const p90 = Math.max(p10 + 1, grid.p90[local.month]?.[h] ?? median * 2);
      return { logMedian: Math.log(median), sigma: Math.log(p90 / p10) / (2 * Z90) };
    };
    const h = Math.floor(local.hour);
    const f = local.hour - h;
    const a = at(h);
    const b = at(h + 1);
    const logMedian = a.logMedian + (b.logMedian - a.logMedian) * f;
    const sigma = a.sigma + (b.sigma - a.sigma) * f;
    return state.factor * Math.exp(logMedian + sigma * this.#pm25Anomaly(local, state));
  }

  weather(ms: number): { t: number; h: number } {
    const local = hanoiTime(ms);
    const anomaly = this.#weather.at(local.hourIndex);
    const t =
      (MEAN_TEMPERATURE[local.month] ?? 24) + (HALF_RANGE[local.month] ?? 3) * diurnal(local.hour) + 1.2 * anomaly;
    const h = (MEAN_HUMIDITY[local.month] ?? 78) - 9 * diurnal(local.hour) - 4 * anomaly;
    return { t, h: clamp(h, 35, 100) };
  }

  airQuality(station: AirStation, ms: number): AirQualityReading {
    const local = hanoiTime(ms);
    const state = this.#station(station);
    const r = state.random;
    const pm25 = this.#pm25(local, state);
    const traffic = trafficIndex(local.hour) * state.trafficWeight;
    // Winter inversions hold traffic gases near the ground as they hold particles.
    const stagnation = clamp(pm25 / 45, 0.5, 2.2);
    const no2 = (10 + 38 * traffic) * (0.6 + 0.4 * stagnation) * Math.exp(0.15 * r.normal());
    const co = (350 + 900 * traffic) * (0.6 + 0.4 * stagnation) * Math.exp(0.12 * r.normal()); // µg/m³
    const summer = 0.6 + 0.4 * Math.sin(((local.month - 1) / 12) * 2 * Math.PI); // brighter April–September
    const haze = clamp(1.2 - pm25 / 150, 0.4, 1.1);
    const o3 = Math.max(3, (18 + 95 * sunshine(local.hour) * summer * haze - 0.25 * no2) * Math.exp(0.1 * r.normal()));
    const so2 = (5 + 6 * traffic + 0.05 * pm25) * Math.exp(0.2 * r.normal());
    const weather = this.weather(ms);
    return {
      pm25: round(pm25),
      pm10: round(pm25 * state.coarseRatio * Math.exp(0.05 * r.normal()) + 0.5),
      no2: round(no2),
      o3: round(o3),
      so2: round(so2),
      co: Math.round(co),
      t: round(weather.t + 0.3 * r.normal()),
      h: Math.round(clamp(weather.h + 1.5 * r.normal(), 35, 100)),
    };
  }

  /** A site's own level (a fixed draw) and its own AR noise. */
  #site(id: string) {
    let site = this.#sites.get(id);
    if (!site) {
      const r = randomFor(this.#seed, 'site', id);
      site = { level: r.uniform(-1, 1), noise: new Ar1Process(0.8, 1, r), random: r };
      this.#sites.set(id, site);
    }
    return site;
  }

  /** LAeq follows the traffic: ≈ 55 dB at night, 70–78 dB at busy crossings in rush hours. */
  noise(sensorId: string, ms: number): { laeq: number; lamax: number } {
    const local = hanoiTime(ms);
    const site = this.#site(sensorId);
    const laeq = 52 + 22 * trafficIndex(local.hour) + 3 * site.level + 1.2 * site.noise.at(Math.floor(ms / 300_000));
    return { laeq: round(laeq), lamax: round(laeq + 8 + 10 * site.random.next()) };
  }

  /** Vehicles per hour, mean speed (km/h), and whether the camera sees a jam. */
  traffic(cameraId: string, ms: number): { flow: number; speed: number; jam: boolean } {
    const local = hanoiTime(ms);
    const site = this.#site(cameraId);
    const busy = clamp(trafficIndex(local.hour) * (1 + 0.08 * site.noise.at(Math.floor(ms / 300_000))), 0, 1.15);
    const capacity = 2600 + 900 * site.level;
    const flow = capacity * (0.15 + 0.85 * Math.min(1, busy)) * Math.exp(0.05 * site.random.normal());
    const freeFlow = 40 + 5 * site.level;
    const speed = Math.max(4, freeFlow * (1 - 0.72 * busy * busy) + 1.5 * site.random.normal());
    return { flow: Math.round(flow), speed: round(speed), jam: speed < 13 };
  }

  /** Occupancy rises through the morning, holds over the working day, empties at night. */
  parking(lot: ParkingLot, ms: number): { free: number; occ: number } {
    const local = hanoiTime(ms);
    const site = this.#site(lot.id);
    const h = local.hour;
    const daytime = clamp((h - 6) / 3, 0, 1) * clamp((22 - h) / 4, 0, 1);
    const evening = h >= 18 && h < 22 ? 0.1 : 0; // dinner and shopping streets
    const share = clamp(
      0.12 + (0.72 + 0.1 * site.level) * daytime + evening + 0.06 * site.noise.at(Math.floor(ms / 600_000)),
      0,
      1,
    );
    const occupied = Math.round(lot.capacity * share);
    return { free: lot.capacity - occupied, occ: Math.round((100 * occupied) / lot.capacity) };
  }

  /** Rain events of a local day, drawn from the day alone (no state): when each starts, how much falls. */
  rainEvents(day: number): { startMs: number; millimetres: number }[] {
    const r = randomFor(this.#seed, 'rain', day);
    const month = hanoiTime(hanoiInstant(day, 43_200)).month;
    const events: { startMs: number; millimetres: number }[] = [];
    let p = RAIN_EVENTS_PER_DAY[month] ?? 0.1;
    while (r.chance(p)) {
      events.push({ startMs: hanoiInstant(day, r.uniform(0, 86_400)), millimetres: 30 * Math.exp(0.8 * r.normal()) });
      p /= 3;
    }
    return events;
  }

  /**
   * A gauge's level: a slow seasonal base inside its normal range, plus each recent rain event's
   * response: the city's drainage rivers (Tô Lịch, Nhuệ) within hours, the Red River over days.
   */
  waterLevel(gauge: RiverGauge, ms: number): number {
    const [low, high] = gauge.normalRange;
    const local = hanoiTime(ms);
    const wet = 0.5 - 0.5 * Math.cos(((local.month + local.hour / 720 - 1.5) / 12) * 2 * Math.PI); // peaks in August
    const slow = 0.08 * Math.sin((ms / 86_400_000 / 9 + (hashSeed(this.#seed, gauge.id) % 100) / 16) * 2 * Math.PI);
    const base = low + (high - low) * clamp(0.25 + 0.45 * wet + slow, 0.05, 0.95);
    const red = gauge.river === 'hong';
    const peakHours = red ? 40 : 3;
    const reference = red ? 180 : 90; // millimetres that bring the level to its warning
    let rise = 0;
    const lookBackDays = red ? 12 : 2;
    for (let day = local.day - lookBackDays; day <= local.day; day++) {
      for (const event of this.rainEvents(day)) {
        const hours = (ms - event.startMs) / 3600_000;
        if (hours <= 0) continue;
        const x = hours / peakHours;
        rise += (gauge.warning - base) * (event.millimetres / reference) * x * Math.exp(1 - x);
      }
    }
    return round(Math.min(base + rise, gauge.danger + 0.5), 2);
  }
}
