import type { AlarmCondition, Severity } from '../alarms/index.js';
import type { ContextService, Entity, TermMap, ContextResolver } from '../../context/index.js';
import type { ChangeConsumerSpec } from '../../platform/modules.js';
import { airLimit, noiseLimit, type AirLimitPollutant, type Averaging, type NoiseArea } from './limits.js';
import type { HourlyValue, Pollutant } from './vn-aqi.js';

/**
 * Exceedances become alarms, and clear them when values return: air pollutants over their QCVN 05:2023
 * limits and a station's VN_AQI at "Xấu" (151) or worse; river gauges at their warning or danger level;
 * noise over the QCVN 26 limit of its area. Each (station, condition) has one open alarm at most;
 * the alarm module keeps the ISA-18.2 states.
 */

export interface AlarmSink {
  raise(condition: AlarmCondition): Promise<unknown>;
  openConditions(tenant: string, source: string): Promise<Set<string>>;
  clear(tenant: string, source: string, condition: string, at: Date): Promise<unknown>;
}

/** Public warnings (CAP), issued by the warnings module. */
export interface WarningSink {
  airQuality(w: {
    tenant: string;
    source: string;
    place: WarningPlace;
    aqi: number;
    dominant?: string;
    at: Date;
  }): Promise<unknown>;
  flood(w: {
    tenant: string;
    source: string;
    place: WarningPlace & { river?: string | undefined };
    level: number;
    danger: number;
    at: Date;
  }): Promise<unknown>;
  liftAirQuality(tenant: string, source: string): Promise<unknown>;
  liftFlood(tenant: string, source: string): Promise<unknown>;
}

export interface WarningPlace {
  readonly name: string;
  readonly area?: string | undefined;
  readonly location?: readonly [number, number] | undefined;
}

/**
 * A public warning speaks of now: a reading taken more than this long before it arrived (a data
 * logger's upload after a gap, a replayed or simulated past) is kept, rated and may raise alarms on its
 * own timeline, but issues no CAP warning and lifts none. Two hours: the hourly index of the hour that
 * just ended, arriving with a logger's usual delay, still warns; yesterday's smog does not.
 */
export const WARN_WITHIN_MS = 2 * 3600_000;

/** VN_AQI from which a station is in alarm: "Xấu". */
export const AQI_ALARM_FROM = 151;

const CONSUMER = 'levels';

/** Over the limit by up to half: medium; up to double: high; beyond: critical. */
export function exceedanceSeverity(value: number, limit: number): Severity {
  const ratio = value / limit;
  return ratio <= 1.5 ? 'medium' : ratio <= 2 ? 'high' : 'critical';
}

interface Site {
  readonly name: string;
  readonly area: string | undefined;
  readonly location: { type: 'Point'; coordinates: [number, number] } | undefined;
}

function siteOf(terms: TermMap, entity: Entity): Site {
  const value = (short: string) => entity.attrs[terms.expand(short)]?.[0]?.value;
  const location = value('location');
  const point =
    location && typeof location === 'object' && (location as { type?: unknown }).type === 'Point'
      ? (location as Site['location'])
      : undefined;
  return {
    name: typeof value('name') === 'string' ? (value('name') as string) : entity.id,
    area: typeof value('areaServed') === 'string' ? (value('areaServed') as string) : undefined,
    location: point,
  };
}

const LABEL: Record<AirLimitPollutant, string> = {
  pm25: 'PM2.5',
  pm10: 'PM10',
  o3: 'O3',
  no2: 'NO2',
  so2: 'SO2',
  co: 'CO',
  tsp: 'TSP',
};

export class ExceedanceWatch {
  readonly #alarms: AlarmSink;
  readonly #warnings: WarningSink;
  readonly #warnFrom: number;
  readonly #context: ContextService;
  readonly #resolver: ContextResolver;
  readonly #now: () => number;

  constructor(deps: {
    alarms: AlarmSink;
    warnings: WarningSink;
    /** VN_AQI from which the public is warned. */
    warnFrom: number;
    context: ContextService;
    resolver: ContextResolver;
    /** The arrival clock (tests set it). */
    now?: () => number;
  }) {
    this.#alarms = deps.alarms;
    this.#warnings = deps.warnings;
    this.#warnFrom = deps.warnFrom;
    this.#context = deps.context;
    this.#resolver = deps.resolver;
    this.#now = deps.now ?? Date.now;
  }

  /** Is a reading of `at` the past (history) rather than now, by when it arrived? */
  #isPast(at: Date): boolean {
    return at.getTime() < this.#now() - WARN_WITHIN_MS;
  }

  /**
   * A station just rated: its pollutants against their limits (1 h: the hour's mean; 8 h: the last
   * 8 hours; 24 h: the day's mean once it has 18 hours) and its VN_AQI against "Xấu".
   */
  async air(
    terms: TermMap,
    tenant: string,
    entity: Entity,
    at: Date,
    aqi: number | undefined,
    dominant: string | undefined,
    lastHours: Partial<Record<Pollutant, readonly HourlyValue[]>>,
    dayMeans: Partial<Record<Pollutant, number>>,
  ): Promise<void> {
    const site = siteOf(terms, entity);
    const open = await this.#alarms.openConditions(tenant, entity.id);
    const clear = async (condition: string) => {
      if (open.has(condition)) await this.#alarms.clear(tenant, entity.id, condition, at);
    };
    const checks: [AirLimitPollutant, Averaging, number | undefined][] = [];
    for (const p of ['o3', 'no2', 'so2', 'co'] as const) {
      const hour = lastHours[p]?.[0];
      checks.push([p, '1h', typeof hour === 'number' ? hour : undefined]);
    }
    for (const p of ['o3', 'co'] as const) checks.push([p, '8h', meanOf(lastHours[p]?.slice(0, 8), 6)]);
    for (const p of ['pm25', 'pm10'] as const) checks.push([p, '24h', dayMeans[p]]);
    for (const [pollutant, averaging, value] of checks) {
      const limit = airLimit(pollutant, averaging, at);
      if (!limit || value === undefined) continue;
      const condition = `air:${pollutant}:${averaging}`;
      if (value > limit.value) {
        await this.#alarms.raise({
          tenant,
          source: entity.id,
          condition,
          severity: exceedanceSeverity(value, limit.value),
          title: `${LABEL[pollutant]} ${averaging} over the ${limit.regulation} limit at ${site.name}`,
          description: `${LABEL[pollutant]} ${averaging} mean ${round(value)} µg/m³; limit ${limit.value} µg/m³ (${limit.regulation}).`,
          value: round(value),
          threshold: limit.value,
          unit: 'GQ',
          location: site.location,
          area: site.area,
          at,
        });
      } else {
        await clear(condition);
      }
    }
    if (aqi === undefined) return;
    if (aqi >= AQI_ALARM_FROM) {
      await this.#alarms.raise({
        tenant,
        source: entity.id,
        condition: 'air:aqi',
        severity: aqi > 200 ? 'critical' : 'high',
        title: `VN_AQI ${aqi} at ${site.name}`,
        description: `The air-quality index is ${aqi}: ${aqi > 300 ? 'Nguy hại' : aqi > 200 ? 'Rất xấu' : 'Xấu'}.`,
        value: aqi,
        threshold: AQI_ALARM_FROM,
        location: site.location,
        area: site.area,
        at,
      });
    } else {
      await clear('air:aqi');
    }
    if (this.#isPast(at)) return;
    if (aqi >= this.#warnFrom) {
      await this.#warnings.airQuality({
        tenant,
        source: entity.id,
        place: placeOf(site),
        aqi,
        ...(dominant ? { dominant } : {}),
        at,
      });
    } else {
      await this.#warnings.liftAirQuality(tenant, entity.id);
    }
  }

  /** Worker role: river gauges and noise sensors, as their readings arrive. */
  readonly consumer: ChangeConsumerSpec = {
    name: CONSUMER,
    filter: async () => {
      const terms = await this.#resolver.core();
      return {
        types: [terms.expand('WaterLevelObserved'), terms.expand('NoiseLevelObserved')],
        attributes: [terms.expand('waterLevel'), terms.expand('LAeq')],
      };
    },
    handle: async ({ tenant, entityId }) => {
      const terms = await this.#resolver.core();
      await this.#level(terms, tenant, await this.#context.retrieveEntity(tenant, entityId));
    },
  };

  async #level(terms: TermMap, tenant: string, entity: Entity): Promise<void> {
    const first = (short: string) => entity.attrs[terms.expand(short)]?.find((i) => i.datasetId === undefined);
    const number = (short: string) => {
      const v = first(short)?.value;
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    };
    const site = siteOf(terms, entity);
    const base = { tenant, source: entity.id, location: site.location, area: site.area };
    const open = await this.#alarms.openConditions(tenant, entity.id);

    const level = number('waterLevel');
    if (level !== undefined && entity.types.includes(terms.expand('WaterLevelObserved'))) {
      const at = new Date(String(first('waterLevel')?.observedAt ?? new Date().toISOString()));
      const warning = number('warningLevel');
      const danger = number('dangerLevel');
      const over =
        danger !== undefined && level >= danger
          ? danger
          : warning !== undefined && level >= warning
            ? warning
            : undefined;
      if (over !== undefined) {
        const isDanger = over === danger;
        await this.#alarms.raise({
          ...base,
          condition: 'water:level',
          severity: isDanger ? 'critical' : 'high',
          title: `${site.name}: water ${isDanger ? 'at the danger level' : 'at the warning level'}`,
          description: `Water level ${level} m; warning ${warning ?? '–'} m, danger ${danger ?? '–'} m.`,
          value: level,
          threshold: over,
          unit: 'MTR',
          at,
        });
      } else if (open.has('water:level')) {
        await this.#alarms.clear(tenant, entity.id, 'water:level', at);
      }
      if (this.#isPast(at)) {
        // History: the public is warned of now only.
      } else if (danger !== undefined && level >= danger) {
        const river = first('river')?.value;
        await this.#warnings.flood({
          tenant,
          source: entity.id,
          place: { ...placeOf(site), river: typeof river === 'string' ? river : undefined },
          level,
          danger,
          at,
        });
      } else if (danger !== undefined) {
        await this.#warnings.liftFlood(tenant, entity.id);
      }
    }

    const laeq = number('LAeq');
    if (laeq !== undefined && entity.types.includes(terms.expand('NoiseLevelObserved'))) {
      const at = new Date(String(first('LAeq')?.observedAt ?? new Date().toISOString()));
      const area: NoiseArea = first('noiseArea')?.value === 'special' ? 'special' : 'normal';
      const table = noiseLimit(area, at);
      if (!table) return;
      // A site's own limits (static attributes noiseLimitDay / noiseLimitNight) stand in for the table,
      // e.g. the values of QCVN 26:2025 for its kind of area until that table is entered here.
      const own = number(table.period === 'day' ? 'noiseLimitDay' : 'noiseLimitNight');
      const limit = own === undefined ? table : { ...table, value: own, regulation: 'the site’s own limit' };
      if (laeq > limit.value) {
        await this.#alarms.raise({
          ...base,
          condition: 'noise:limit',
          severity: laeq > limit.value + 10 ? 'medium' : 'low',
          title: `Noise ${round(laeq)} dBA over the ${limit.period} limit at ${site.name}`,
          description: `LAeq ${round(laeq)} dBA; ${area} area ${limit.period} limit ${limit.value} dBA (${limit.regulation}).`,
          value: round(laeq),
          threshold: limit.value,
          unit: '2N',
          at,
        });
      } else if (open.has('noise:limit')) {
        await this.#alarms.clear(tenant, entity.id, 'noise:limit', at);
      }
    }
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

const placeOf = (site: Site): WarningPlace => ({
  name: site.name,
  area: site.area,
  location: site.location?.coordinates,
});

function meanOf(values: readonly HourlyValue[] | undefined, minimum: number): number | undefined {
  const present = (values ?? []).filter((v): v is number => typeof v === 'number' && v >= 0);
  return present.length >= minimum ? present.reduce((a, b) => a + b, 0) / present.length : undefined;
}
