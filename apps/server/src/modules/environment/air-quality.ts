import type { ContextResolver, ContextService, Entity, Instance, Measures, TermMap } from '../../context/index.js';
import type { ChangeConsumerSpec } from '../../platform/modules.js';
import { AppError, problems } from '../../platform/errors.js';
import { hanoiDate, hanoiInstant, hanoiTime } from '../../platform/hanoi-time.js';
import type { ExceedanceWatch } from './exceedances.js';
import { VALID_READINGS } from './readings.js';
import type { StationView } from './schemas.js';
import { usAqi, usAqiCategory, US_AQI_SCALE } from './us-aqi.js';
import {
  dailyVnAqi,
  hourlyVnAqi,
  vnAqiCategory,
  VN_POLLUTANTS,
  type HourlyValue,
  type Pollutant,
  type VnAqiResult,
} from './vn-aqi.js';

/**
 * Air quality as the city publishes it: each station's VN_AQI, worked out again whenever one of its
 * pollutants is measured (a durable consumer of the change log, so a restart misses nothing), and
 * written back on the station's own AirQualityObserved entity. The map, subscriptions, the temporal
 * API and open data see the index like any attribute.
 */

const HOUR_MS = 3600_000;
export const STATION_TYPE = 'AirQualityObserved';
const CONSUMER = 'aqi';

/** The attributes the indexer writes, by their short names in the core context. */
export const AQI_ATTRIBUTES = {
  index: 'airQualityIndex',
  level: 'airQualityLevel',
  subIndices: 'airQualitySubIndices',
  dominant: 'dominantPollutant',
  concentrations: 'airQualityIndexConcentrations',
  usIndex: 'usAirQualityIndex',
  daily: 'airQualityIndexDaily',
} as const;

/** What a station's rating came to; undefined index when it has no PM2.5 or PM10 in the last hours. */
export interface StationRating {
  readonly at: Date;
  readonly hourly: VnAqiResult;
  readonly daily: VnAqiResult & { readonly day: string };
  readonly usAqi: number | undefined;
}

export class AirQualityIndexer {
  readonly #measures: Measures;
  readonly #context: ContextService;
  readonly #resolver: ContextResolver;
  readonly #watch: ExceedanceWatch | undefined;

  constructor(deps: {
    measures: Measures;
    context: ContextService;
    resolver: ContextResolver;
    watch?: ExceedanceWatch;
  }) {
    this.#measures = deps.measures;
    this.#context = deps.context;
    this.#resolver = deps.resolver;
    this.#watch = deps.watch;
  }

  /** Worker role: rates stations as their readings arrive. */
  readonly consumer: ChangeConsumerSpec = {
    name: CONSUMER,
    filter: async () => {
      const terms = await this.#resolver.core();
      return { types: [terms.expand(STATION_TYPE)], attributes: VN_POLLUTANTS.map((p) => terms.expand(p)) };
    },
    handle: async ({ tenant, entityId }) => {
      await this.rate(await this.#resolver.core(), tenant, entityId);
    },
  };

  /**
   * Rates a station as of its newest pollutant reading (so late or buffered readings never move the
   * index back in time) and writes the result on its entity.
   */
  async rate(terms: TermMap, tenant: string, entityId: string): Promise<StationRating | undefined> {
    const iris = new Map(VN_POLLUTANTS.map((p) => [p, terms.expand(p)] as const));
    const entity = await this.#context.retrieveEntity(tenant, entityId);
    const newest = Math.max(
      ...[...iris.values()].flatMap((iri) =>
        (entity.attrs[iri] ?? []).map((i) => Date.parse(String(i.observedAt ?? i.modifiedAt ?? ''))),
      ),
    );
    if (!Number.isFinite(newest)) return undefined;

    const hour = Math.floor(newest / HOUR_MS) * HOUR_MS;
    const dayStart = hanoiInstant(hanoiTime(hour).day, 0);
    const means = await this.#measures.hourlyMeans(tenant, {
      ...VALID_READINGS,
      entityIds: [entityId],
      attrs: [...iris.values()],
      from: new Date(Math.min(hour - 11 * HOUR_MS, dayStart)),
      to: new Date(hour + HOUR_MS),
    });
    const byAttr = new Map<string, Map<number, number>>();
    for (const m of means) {
      let hours = byAttr.get(m.attr);
      if (!hours) byAttr.set(m.attr, (hours = new Map<number, number>()));
      hours.set(m.hour, m.mean);
    }
    const lastHours: Partial<Record<Pollutant, HourlyValue[]>> = {};
    const day: Partial<Record<Pollutant, HourlyValue[]>> = {};
    for (const [p, iri] of iris) {
      const hours = byAttr.get(iri);
      if (!hours) continue;
      lastHours[p] = Array.from({ length: 12 }, (_, i) => hours.get(hour - i * HOUR_MS) ?? null);
      day[p] = Array.from({ length: 24 }, (_, i) => hours.get(dayStart + i * HOUR_MS) ?? null);
    }
    const hourly = hourlyVnAqi(lastHours);
    const daily = { ...dailyVnAqi(day), day: hanoiDate(dayStart) };
    const us = [
      hourly.concentrations.pm25 !== undefined ? usAqi('pm25', hourly.concentrations.pm25) : undefined,
      hourly.concentrations.pm10 !== undefined ? usAqi('pm10', hourly.concentrations.pm10) : undefined,
    ].filter((x): x is number => x !== undefined);
    const rating: StationRating = {
      at: new Date(newest),
      hourly,
      daily,
      usAqi: us.length > 0 ? Math.max(...us) : undefined,
    };
    if (hourly.aqi !== undefined || daily.aqi !== undefined) {
      await this.#context.mergeEntity(tenant, entityId, {
        id: entityId,
        types: [],
        attrs: ratingAttributes(terms, rating),
      });
    }
    await this.#watch?.air(terms, tenant, entity, rating.at, hourly.aqi, hourly.dominant, lastHours, {
      pm25: daily.concentrations.pm25,
      pm10: daily.concentrations.pm10,
    });
    return rating;
  }
}

/** The rating as attributes of the station (expanded names), each observed at the newest reading. */
function ratingAttributes(terms: TermMap, rating: StationRating): Record<string, Instance[]> {
  const observedAt = rating.at.toISOString();
  const name = (short: string) => terms.expand(short);
  const property = (value: unknown, sub: Record<string, unknown> = {}): Instance[] => [
    {
      type: 'Property',
      value,
      observedAt,
      ...Object.fromEntries(Object.entries(sub).map(([k, v]) => [name(k), { type: 'Property', value: v }])),
    },
  ];
  const attrs: Record<string, Instance[]> = {};
  const { hourly, daily } = rating;
  if (hourly.aqi !== undefined) {
    const category = vnAqiCategory(hourly.aqi);
    attrs[name(AQI_ATTRIBUTES.index)] = property(hourly.aqi, { scale: 'VN_AQI', period: 'PT1H' });
    attrs[name(AQI_ATTRIBUTES.level)] = [
      {
        type: 'LanguageProperty',
        languageMap: { vi: category.name.vi, en: category.name.en },
        observedAt,
        [name('levelCode')]: { type: 'Property', value: category.level },
        [name('colour')]: { type: 'Property', value: category.colour.hex },
      },
    ];
    attrs[name(AQI_ATTRIBUTES.subIndices)] = property(hourly.subIndices);
    attrs[name(AQI_ATTRIBUTES.concentrations)] = property(roundAll(hourly.concentrations), { unitCode: 'GQ' });
    attrs[name(AQI_ATTRIBUTES.dominant)] = property(hourly.dominant);
  }
  if (rating.usAqi !== undefined) {
    attrs[name(AQI_ATTRIBUTES.usIndex)] = property(rating.usAqi, {
      scale: US_AQI_SCALE,
      category: usAqiCategory(rating.usAqi).name.en,
    });
  }
  if (daily.aqi !== undefined) {
    attrs[name(AQI_ATTRIBUTES.daily)] = property(daily.aqi, {
      day: daily.day,
      dominantPollutant: daily.dominant,
      subIndices: daily.subIndices,
    });
  }
  return attrs;
}

const roundAll = (values: Partial<Record<Pollutant, number>>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Math.round(v * 10) / 10]));

/** A station entity's rating as the API shows it (the entity as the broker holds it, expanded names). */
export function stationView(terms: TermMap, entity: Entity): StationView {
  const first = (short: string) => entity.attrs[terms.expand(short)]?.find((i) => i.datasetId === undefined);
  const value = (short: string) => first(short)?.value;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const numbers = (v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, number>) : undefined;
  const sub = (i: Instance | undefined, short: string) =>
    (i?.[terms.expand(short)] as { value?: unknown } | undefined)?.value;
  const index = first(AQI_ATTRIBUTES.index);
  const aqi = typeof index?.value === 'number' ? index.value : undefined;
  const category = aqi !== undefined ? vnAqiCategory(aqi) : undefined;
  const readings = Object.fromEntries(
    VN_POLLUTANTS.flatMap((p) => {
      const i = first(p);
      return typeof i?.value === 'number'
        ? [[p, { value: i.value, unitCode: i.unitCode ?? 'GQ', observedAt: i.observedAt }]]
        : [];
    }),
  );
  const us = first(AQI_ATTRIBUTES.usIndex);
  const daily = first(AQI_ATTRIBUTES.daily);
  return {
    id: entity.id,
    name: text(value('name')) ?? entity.id,
    area: text(value('areaServed')),
    location: value('location'),
    source: text(value('dataProvider')) ?? text(value('source')) ?? 'Thang Long',
    readings,
    vnAqi:
      aqi !== undefined && category
        ? {
            scale: 'VN_AQI',
            value: aqi,
            observedAt: index?.observedAt,
            dominantPollutant: text(value(AQI_ATTRIBUTES.dominant)),
            subIndices: numbers(value(AQI_ATTRIBUTES.subIndices)),
            concentrations: numbers(value(AQI_ATTRIBUTES.concentrations)),
            category: {
              level: category.level,
              name: category.name,
              colour: category.colour.hex,
              healthEffect: category.healthEffect,
              advice: category.advice,
            },
          }
        : null,
    usAqi:
      typeof us?.value === 'number'
        ? {
            scale: US_AQI_SCALE,
            value: us.value,
            category: usAqiCategory(us.value).name,
            colour: usAqiCategory(us.value).hex,
          }
        : null,
    dailyVnAqi:
      typeof daily?.value === 'number'
        ? {
            value: daily.value,
            day: text(sub(daily, 'day')),
            dominantPollutant: text(sub(daily, 'dominantPollutant')),
            category: vnAqiCategory(daily.value).name,
          }
        : null,
  };
}

/** The stations and their ratings, for the map and citizens' pages. */
export class AirQualityStations {
  readonly #context: ContextService;
  readonly #resolver: ContextResolver;

  constructor(deps: { context: ContextService; resolver: ContextResolver }) {
    this.#context = deps.context;
    this.#resolver = deps.resolver;
  }

  async list(tenant: string, page: { limit: number; offset: number }) {
    const terms = await this.#resolver.core();
    const { entities, count } = await this.#context.queryEntities(
      tenant,
      { type: terms.expand(STATION_TYPE), limit: page.limit, offset: page.offset, count: true },
      terms,
    );
    return { count: count ?? entities.length, stations: entities.map((e) => stationView(terms, e)) };
  }

  async one(tenant: string, id: string) {
    const terms = await this.#resolver.core();
    // Only an unknown entity is an unknown station; any other failure is what it is.
    const entity = await this.#context.retrieveEntity(tenant, id).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) return undefined;
      throw err;
    });
    if (!entity || !entity.types.includes(terms.expand(STATION_TYPE))) {
      throw problems.notFound('Air-quality station', id);
    }
    return stationView(terms, entity);
  }
}
