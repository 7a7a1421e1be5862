import type { ContextResolver, ContextService, Measures } from '../../context/index.js';
import { problems } from '../../platform/errors.js';
import { dateOfDay, dayOfDate, hanoiInstant, hanoiTime } from '../../platform/hanoi-time.js';
import { VALID_READINGS } from './readings.js';
import { dailyVnAqi, vnAqiCategory, VN_POLLUTANTS, type HourlyValue, type Pollutant } from './vn-aqi.js';

/**
 * Daily and monthly air-quality summaries per station and per ward (the stations' areaServed), from
 * history: each Hanoi day's VN_AQI^d as the decision defines it, and per month the days rated, the
 * mean and worst daily index and the number of days in each category.
 */

/** The years a summary may ask about: the index is of this era, and the database's dates end somewhere. */
const inEra = (ms: number) => !Number.isNaN(ms) && ms >= Date.UTC(1970, 0, 1) && ms < Date.UTC(10000, 0, 1);

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const MAX_DAYS = 62;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface DailySummary {
  readonly station: string;
  readonly name: string;
  readonly area: string | null;
  readonly day: string;
  readonly vnAqi: number | null;
  readonly level: number | null;
  readonly dominantPollutant: string | null;
  readonly subIndices: Partial<Record<Pollutant, number>>;
  /** Hours with valid PM2.5 (or PM10 when there is no PM2.5). */
  readonly pmHours: number;
}

interface Station {
  readonly id: string;
  readonly name: string;
  readonly area: string | null;
  /** [lon, lat] of a point location. */
  readonly location: [number, number] | null;
}

export class AirQualitySummaries {
  readonly #measures: Measures;
  readonly #context: ContextService;
  readonly #resolver: ContextResolver;

  constructor(deps: { measures: Measures; context: ContextService; resolver: ContextResolver }) {
    this.#measures = deps.measures;
    this.#context = deps.context;
    this.#resolver = deps.resolver;
  }

  /** Every station's daily index for the Hanoi days from..to (inclusive), and each ward's worst. */
  async daily(tenant: string, from: string, to: string, station?: string) {
    const real = (date: string) => DATE.test(date) && !Number.isNaN(dayOfDate(date)) && inEra(Date.parse(date));
    if (!real(from) || !real(to)) {
      throw problems.badRequest('BAD_DATE', 'from and to are dates from 1970 on: YYYY-MM-DD.');
    }
    const first = dayOfDate(from);
    const last = dayOfDate(to);
    if (last < first || last - first + 1 > MAX_DAYS) {
      throw problems.badRequest(
        'BAD_DATE_RANGE',
        `to must not be before from, and a summary spans at most ${MAX_DAYS} days.`,
      );
    }
    const days = await this.#days(tenant, first, last, station);
    return { from, to, stations: days, wards: wardsOf(days) };
  }

  /** Per station and per ward: the days of the month rated, their mean and worst index, days per category. */
  async monthly(tenant: string, month: string, station?: string) {
    if (!MONTH.test(month) || !inEra(Date.parse(`${month}-01T00:00:00Z`))) {
      throw problems.badRequest('BAD_MONTH', 'month is YYYY-MM, from 1970 on.');
    }
    const first = dayOfDate(`${month}-01`);
    const next = new Date(`${month}-01T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const last = Math.floor(next.getTime() / DAY_MS) - 1;
    const days = await this.#days(tenant, first, last, station);
    const group = (key: (d: DailySummary) => string | null) => {
      const out = new Map<string, DailySummary[]>();
      for (const d of days) {
        const k = key(d);
        if (k === null || d.vnAqi === null) continue;
        out.set(k, [...(out.get(k) ?? []), d]);
      }
      return [...out].map(([k, list]) => {
        const values = list.map((d) => d.vnAqi as number);
        const byLevel: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0 };
        for (const d of list) byLevel[String(d.level)] = (byLevel[String(d.level)] ?? 0) + 1;
        return {
          key: k,
          daysRated: new Set(list.map((d) => d.day)).size,
          meanVnAqi: Math.round(values.reduce((a, b) => a + b, 0) / values.length),
          worstVnAqi: Math.max(...values),
          daysByLevel: byLevel,
        };
      });
    };
    const names = new Map(days.map((d) => [d.station, d]));
    return {
      month,
      stations: group((d) => d.station).map(({ key, ...rest }) => ({
        station: key,
        name: names.get(key)?.name ?? key,
        area: names.get(key)?.area ?? null,
        ...rest,
      })),
      wards: group((d) => d.area).map(({ key, ...rest }) => ({ area: key, ...rest })),
    };
  }

  /**
   * Each station's VN_AQI hour by hour over the `hours` (1–48) before `until`, for replaying the last
   * day: the mean of the index the station had in each clock hour, rounded. Without `until`, up to the
   * tenant's newest rating (a simulated or replayed timeline replays its own last day).
   */
  async hourly(tenant: string, until: string | undefined, hours: number) {
    if (until !== undefined && (!ISO_INSTANT.test(until) || !inEra(Date.parse(until)))) {
      throw problems.badRequest('BAD_INSTANT', 'until is an ISO 8601 instant from 1970 on, e.g. 2026-03-10T08:00:00Z.');
    }
    const { terms, stations, newest } = await this.#stations(tenant);
    const end = until === undefined ? newest : Date.parse(until);
    // The hour being lived is one of the hours: the replay ends at the start of the hour after `until`.
    const to = end === null ? null : Math.floor(end / HOUR_MS) * HOUR_MS + HOUR_MS;
    if (to === null || stations.length === 0) return { from: null, to: null, hours: [], stations: [] };
    const from = to - hours * HOUR_MS;
    const means = await this.#measures.hourlyMeans(tenant, {
      ...VALID_READINGS,
      entityIds: stations.map((s) => s.id),
      attrs: [terms.expand('airQualityIndex')],
      from: new Date(from),
      to: new Date(to),
    });
    const byStation = new Map<string, Map<number, number>>();
    for (const m of means) {
      let row = byStation.get(m.entityId);
      if (!row) byStation.set(m.entityId, (row = new Map<number, number>()));
      row.set(m.hour, m.mean);
    }
    const iso = (ms: number) => new Date(ms).toISOString();
    const starts = Array.from({ length: hours }, (_, i) => from + i * HOUR_MS);
    return {
      from: iso(from),
      to: iso(to),
      hours: starts.map(iso),
      stations: stations.map((s) => ({
        station: s.id,
        name: s.name,
        area: s.area,
        location: s.location,
        values: starts.flatMap((h) => {
          const mean = byStation.get(s.id)?.get(h);
          if (mean === undefined) return [];
          const vnAqi = Math.round(mean);
          return [{ hour: iso(h), vnAqi, level: vnAqiCategory(vnAqi).level }];
        }),
      })),
    };
  }

  /** The tenant's stations (by name), and the newest time any of them was rated. */
  async #stations(tenant: string) {
    const terms = await this.#resolver.core();
    const { entities } = await this.#context.queryEntities(
      tenant,
      { type: terms.expand('AirQualityObserved'), limit: 1000, offset: 0, count: false },
      terms,
    );
    const text = (e: (typeof entities)[number], short: string) => {
      const v = e.attrs[terms.expand(short)]?.[0]?.value;
      return typeof v === 'string' ? v : null;
    };
    const point = (e: (typeof entities)[number]): [number, number] | null => {
      const v = e.attrs[terms.expand('location')]?.[0]?.value as { type?: string; coordinates?: unknown } | undefined;
      const c = v?.type === 'Point' && Array.isArray(v.coordinates) ? v.coordinates : null;
      return c && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : null;
    };
    let newest: number | null = null;
    for (const e of entities) {
      const at = Date.parse(e.attrs[terms.expand('airQualityIndex')]?.[0]?.observedAt ?? '');
      if (!Number.isNaN(at) && (newest === null || at > newest)) newest = at;
    }
    const stations: Station[] = entities.map((e) => ({
      id: e.id,
      name: text(e, 'name') ?? e.id,
      area: text(e, 'areaServed'),
      location: point(e),
    }));
    return { terms, stations, newest };
  }

  async #days(tenant: string, first: number, last: number, only?: string): Promise<DailySummary[]> {
    const { terms, stations: all } = await this.#stations(tenant);
    const stations = all.filter((s) => only === undefined || s.id === only);
    if (only !== undefined && stations.length === 0) throw problems.notFound('Air-quality station', only);
    if (stations.length === 0) return [];
    const iris = new Map(VN_POLLUTANTS.map((p) => [terms.expand(p), p] as const));
    const from = hanoiInstant(first, 0);
    const to = hanoiInstant(last + 1, 0);
    const means = await this.#measures.hourlyMeans(tenant, {
      ...VALID_READINGS,
      entityIds: stations.map((s) => s.id),
      attrs: [...iris.keys()],
      from: new Date(from),
      to: new Date(to),
    });
    // station → day → pollutant → 24 hourly means
    const grid = new Map<string, Map<number, Partial<Record<Pollutant, HourlyValue[]>>>>();
    for (const m of means) {
      const p = iris.get(m.attr);
      if (!p) continue;
      const local = hanoiTime(m.hour);
      let byDay = grid.get(m.entityId);
      if (!byDay) grid.set(m.entityId, (byDay = new Map<number, Partial<Record<Pollutant, HourlyValue[]>>>()));
      let day = byDay.get(local.day);
      if (!day) byDay.set(local.day, (day = {}));
      const hours = (day[p] ??= Array.from({ length: 24 }, () => null));
      hours[Math.floor(local.hour)] = m.mean;
    }
    const out: DailySummary[] = [];
    for (const s of stations) {
      for (let day = first; day <= last; day++) {
        const series = grid.get(s.id)?.get(day);
        if (!series) continue;
        const result = dailyVnAqi(series);
        const pm = series.pm25 ?? series.pm10 ?? [];
        out.push({
          station: s.id,
          name: s.name,
          area: s.area,
          day: dateOfDay(day),
          vnAqi: result.aqi ?? null,
          level: result.aqi === undefined ? null : vnAqiCategory(result.aqi).level,
          dominantPollutant: result.dominant ?? null,
          subIndices: result.subIndices,
          pmHours: pm.filter((v) => v !== null).length,
        });
      }
    }
    return out;
  }
}

/** Each ward's day: its worst station decides, as the public would want to know. */
function wardsOf(days: readonly DailySummary[]) {
  const wards = new Map<string, DailySummary>();
  const counts = new Map<string, number>();
  for (const d of days) {
    if (d.area === null || d.vnAqi === null) continue;
    const key = `${d.area}\u0000${d.day}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const worst = wards.get(key);
    if (!worst || (worst.vnAqi ?? -1) < d.vnAqi) wards.set(key, d);
  }
  return [...wards].map(([key, d]) => ({
    area: d.area,
    day: d.day,
    vnAqi: d.vnAqi,
    level: d.level,
    worstStation: d.station,
    stations: counts.get(key) ?? 0,
  }));
}
